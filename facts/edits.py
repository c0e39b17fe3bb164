"""`field=value` edits, as moderators type them on Discord and operators on the command line.

`parse_assignments(["figure.value=80", 'statement="At least 80 killed"'])` gives a change dict
with dotted paths as keys and YAML scalars as values; `apply_changes` applies such a dict to a
record's plain data. Neither decides what a record may hold: the pydantic models do that, so an
unknown field is refused by the model rather than silently created here.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import yaml

from facts.yamlsafe import INPUT_CHARS, load_bounded

# A path step: a name, optionally followed by list indexes: `quotes[0]`, `aliases[1]`.
_STEP = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<indexes>(\[\d+\])*)$")
_INDEX = re.compile(r"\[(\d+)\]")


class EditSyntaxError(ValueError):
    """A `field=value` token that cannot be read; `field` names what it was about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_assignments(tokens: list[str]) -> dict[str, object]:
    """`["figure.value=80", "aliases=[{name: TTP, kind: acronym}]"]` -> a change dict.

    Values are read as YAML scalars and flow collections, so `80` is a number, `null` clears
    a field and `[a, b]` is a list; other text is kept exactly as typed.
    """
    changes: dict[str, object] = {}
    for token in tokens:
        name, sep, raw = token.partition("=")
        name = name.strip()
        if not sep:
            raise EditSyntaxError(token, "expected field=value")
        if not name:
            raise EditSyntaxError(token, "empty field name before '='")
        split_path(name)  # raises on a malformed path
        if name in changes:
            raise EditSyntaxError(name, "given twice")
        changes[name] = _scalar(name, raw)
    return changes


def _scalar(name: str, raw: str) -> object:
    """Quoted text and [flow]/{flow} collections are YAML; bare words are numbers, dates,
    true/false or null when YAML reads them so, and otherwise exactly the text typed (so
    `Officials said: 80 killed` or `No. 1 # top` stay text, not a mapping or a comment)."""
    text = raw.strip()
    if not text:
        return ""
    if text[0] in "\"'[{":
        try:
            return load_bounded(text)
        except yaml.YAMLError as exc:
            reason = getattr(exc, "problem", None) or "not valid YAML"
            raise EditSyntaxError(name, f"cannot read {text!r}: {reason}") from None
    try:
        value = load_bounded(text)
    except yaml.YAMLError:
        return text
    if isinstance(value, str | list | dict):
        return text
    if isinstance(value, bool) and text.lower() not in ("true", "false"):
        return text  # YAML 1.1 reads yes/no/on/off as booleans; people mean the words
    return value


def split_path(path: str) -> list[str | int]:
    """'quotes[0].text' or 'quotes.0.text' -> ['quotes', 0, 'text']."""
    steps: list[str | int] = []
    for part in path.split("."):
        if part.isdigit():
            if not steps:
                raise EditSyntaxError(path, "a path starts with a field name")
            steps.append(int(part))
            continue
        match = _STEP.match(part)
        if match is None:
            raise EditSyntaxError(path, f"{part!r} is not a field name")
        steps.append(match["name"])
        steps.extend(int(i) for i in _INDEX.findall(match["indexes"]))
    return steps


def apply_changes(data: dict[str, Any], changes: dict[str, object]) -> dict[str, Any]:
    """A copy of `data` with each dotted path set; missing mappings on the way are created
    (the model then says what they lack), list indexes must exist or be one past the end."""
    result = copy.deepcopy(data)
    for path, value in changes.items():
        steps = split_path(path)
        node: Any = result
        for i, step in enumerate(steps):
            last = i == len(steps) - 1
            nxt = None if last else steps[i + 1]
            if isinstance(step, int):
                if not isinstance(node, list):
                    raise EditSyntaxError(path, "indexes a field that is not a list")
                if step > len(node):
                    raise EditSyntaxError(path, f"index {step} is past the end ({len(node)})")
                if step == len(node):
                    node.append(None if last else ({} if isinstance(nxt, str) else []))
            elif not isinstance(node, dict):
                raise EditSyntaxError(path, f"{step!r} is inside a field that is not a mapping")
            if last:
                node[step] = copy.deepcopy(value)
                break
            child = node[step] if isinstance(step, int) else node.get(step)
            if child is None:
                child = {} if isinstance(nxt, str) else []
                node[step] = child
            node = child
    return result


def read_yaml(text: str, *, max_chars: int = INPUT_CHARS) -> dict[str, Any]:
    """One record as YAML (a form, a ```yaml block, a file); dates stay ISO text like
    dump_record's. Read within the limits of facts.yamlsafe; a refusal names the limit."""
    try:
        data = load_bounded(text, max_chars=max_chars)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise EditSyntaxError("yaml", f"{where}{reason}") from None
    if not isinstance(data, dict):
        raise EditSyntaxError("yaml", "expected one record: a mapping of field: value")
    return json.loads(json.dumps(data, default=str))  # type: ignore[no-any-return]
