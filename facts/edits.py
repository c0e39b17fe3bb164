"""The syntax of a change, the one place for it: what moderators type on Discord and operators
on the command line, in the same words.

`read_input('figure.value=80 statement="At least 80 killed" base=41 reason="typo"')` (one typed
line) or `read_input(["figure.value=80", "reason=typo"])` (shell words) gives the changes (dotted
paths to YAML scalars), the reason and the base revision; a ```yaml block is a whole record.
`apply_changes` applies changes to a record's plain data; `changes_between` turns a whole edited
record into changes; `record_yaml` and `template` are the YAML people read and fill in. None of
it decides what a record may hold: the pydantic models do, so an unknown field is refused by the
model rather than silently created here.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from facts.dataset import dump_record, whole_numbers
from facts.models import KINDS, AnyRecord
from facts.yamllimits import INPUT_CHARS

# A path step: a name, optionally followed by list indexes: `quotes[0]`, `aliases[1]`.
_STEP = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<indexes>(\[\d+\])*)$")
_INDEX = re.compile(r"\[(\d+)\]")
_BLOCK = re.compile(r"```(?:ya?ml)?[ \t]*\n?(?P<body>.*?)```", re.DOTALL | re.IGNORECASE)
# Straight and curly double quotes: phones type “…”. Apostrophes are text, never quotes.
_CLOSE = {'"': '"', "“": '”"', "”": '”"'}
# What a change is typed as: one line of text (Discord), or words the shell already split.
Words = str | Sequence[str]


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
    import yaml  # noqa: PLC0415 (loaded by what reads YAML only: see facts.yamllimits)

    from facts.yamlsafe import load_bounded  # noqa: PLC0415

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
    import yaml  # noqa: PLC0415 (see _scalar)

    from facts.yamlsafe import load_bounded  # noqa: PLC0415

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


@dataclass
class FactInput:
    """What was typed: changes, an optional whole record, and what is said about it."""

    changes: dict[str, object] = field(default_factory=dict)
    record: dict[str, Any] | None = None
    reason: str = ""
    base: int | None = None
    text: str = ""  # below the first line: a pasted article


def split_tokens(text: str) -> list[str]:
    """`a=1 statement="At least 80 killed" aliases=[{name: TTP, kind: acronym}]` -> tokens.

    A quoted value becomes a JSON string (valid YAML), so it stays text: `"80"` is not a
    number. Brackets keep a flow list or mapping together."""
    tokens: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != "=":
            i += 1
        if i >= n or text[i] != "=":
            tokens.append(text[start:i])  # no `=`: parse_assignments says what is wrong
            continue
        name = text[start:i]
        i += 1
        if i < n and text[i] in _CLOSE:
            value, i = _quoted(text, i, name)
        elif i < n and text[i] in "[{":
            value, i, _ = _bracketed(text, i)
        else:
            begin = i
            while i < n and not text[i].isspace():
                i += 1
            value = text[begin:i]
        tokens.append(f"{name}={value}")
    return tokens


def _quoted(text: str, i: int, name: str) -> tuple[str, int]:
    closers, out, j = _CLOSE[text[i]], [], i + 1
    while j < len(text):
        ch = text[j]
        if ch == "\\" and j + 1 < len(text) and text[j + 1] in '"\\':
            out.append(text[j + 1])
            j += 2
            continue
        if ch in closers:
            return json.dumps("".join(out), ensure_ascii=False), j + 1
        out.append(ch)
        j += 1
    raise EditSyntaxError(name, "the quoted value has no closing quote")


def _bracketed(text: str, i: int) -> tuple[str, int, bool]:
    """The flow collection starting at `i`, where it ends, and whether it is closed."""
    depth, j, quoted = 0, i, False
    while j < len(text):
        ch = text[j]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "[{":
            depth += 1
        elif not quoted and ch in "]}":
            depth -= 1
            if depth == 0:
                return text[i : j + 1], j + 1, True
        j += 1
    return text[i:], j, False  # unbalanced: the YAML reader says where


def read_input(words: Words, *, article: bool = False) -> FactInput:
    """Tokens, `reason=` and `base=`, and (in typed text) an optional ```yaml block; with
    `article`, typed lines below the first are the article's text (fields on the first line).
    Shell words are tokens already: `statement=At least 80` is one."""
    if not isinstance(words, str):
        return _reserved(FactInput(changes=parse_assignments(_shell_tokens(words))))
    text, body = words, ""
    if article:
        text, _, body = text.strip().partition("\n")
    record = None
    if block := _BLOCK.search(text):
        record = read_yaml(block["body"])
        text = text[: block.start()] + " " + text[block.end() :]
    changes = parse_assignments(split_tokens(text))
    return _reserved(FactInput(changes=changes, record=record, text=body.strip()))


def _shell_tokens(words: Sequence[str]) -> list[str]:
    """Shell words as tokens; a flow collection the shell split at its spaces is put back
    together, so `keywords=[toll, mosque]` needs no quotes, as on Discord."""
    tokens: list[str] = []
    for word in words:
        if tokens and _unclosed(tokens[-1]):
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    return tokens


def _unclosed(token: str) -> bool:
    _, sep, value = token.partition("=")
    return bool(sep) and value[:1] in ("[", "{") and not _bracketed(value, 0)[2]


def _reserved(given: FactInput) -> FactInput:
    """Take out the tokens the commands read themselves (no record has such a field)."""
    if "reason" in given.changes:
        reason = given.changes.pop("reason")
        given.reason = "" if reason is None else str(reason).strip()
    if "base" in given.changes:
        base = given.changes.pop("base")
        if isinstance(base, bool) or not isinstance(base, int | str) or not str(base).isdigit():
            raise EditSyntaxError("base", "a revision number, e.g. base=41")
        given.base = int(base)
    return given


def read_reason(words: Words) -> str:
    """A reason in plain words (`duplicate of x`) or as `reason="duplicate of x"`."""
    text = (words if isinstance(words, str) else " ".join(words)).strip()
    if not text.startswith("reason="):
        return text
    given = read_input(words)
    for name in given.changes:
        raise EditSyntaxError(name, "only a reason goes here")
    return given.reason


def record_yaml(record: AnyRecord | dict[str, Any]) -> str:
    """A record as people read and edit it: its YAML file's fields, in the model's order."""
    # A stored revision's record may be older than dump_record's whole numbers.
    data = whole_numbers(record) if isinstance(record, dict) else dump_record(record)
    import yaml  # noqa: PLC0415 (see _scalar)

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def changes_between(kind: str, current: dict[str, Any], new: dict[str, Any]) -> dict[str, object]:
    """Top-level fields to set so `current` becomes `new`; a field left out goes back to its
    default (a required one to None, which the model refuses by name)."""
    model = KINDS[kind]
    changes: dict[str, object] = {
        key: value for key, value in new.items() if key != "kind" and current.get(key) != value
    }
    for key in current:
        if key not in new and key in model.model_fields:
            info = model.model_fields[key]
            changes[key] = (
                None if info.is_required() else info.get_default(call_default_factory=True)
            )
    return changes


def template(kind: str) -> str:
    """A new record's required fields, to fill in, and the optional ones named."""
    model = KINDS[kind]
    lines: list[str] = []
    optional: list[str] = []
    for name, info in model.model_fields.items():
        if name == "kind":
            continue
        if not info.is_required():
            optional.append(name)
            continue
        annotation = info.annotation
        item = get_args(annotation)[0] if get_origin(annotation) is list else None
        if _is_model(annotation):
            lines.append(f"{name}:")
            lines.extend(f"  {sub}: " for sub in _required(annotation))
        elif _is_model(item):
            subs = _required(item)
            lines.extend([f"{name}:", f"  - {subs[0]}: ", *(f"    {s}: " for s in subs[1:])])
        else:
            lines.append(f"{name}: ")
    return "\n".join([*lines, f"# optional: {', '.join(optional)}"]) + "\n"


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _required(model: Any) -> list[str]:
    return [name for name, info in model.model_fields.items() if info.is_required()]
