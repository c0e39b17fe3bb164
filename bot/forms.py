"""What moderators type, read into changes: `field=value` tokens, a ```yaml block, and the
modal form the slash commands open. Nothing here decides what a record may hold: the store
and its pydantic models do, so every refusal reads the same as on the command line."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_args, get_origin

import discord
import yaml
from pydantic import BaseModel

from bot.limits import MODAL_TITLE, TEXT_INPUT_CHARS
from facts.dataset import dump_record
from facts.edits import EditSyntaxError, parse_assignments, read_yaml
from facts.models import KINDS, AnyRecord

FORM_CHARS = TEXT_INPUT_CHARS  # a form is one text input
FORM_TIMEOUT = 900.0  # seconds; an edit based on an old revision is refused anyway
ARTICLE_BYTES = 512_000  # the seed articles are ~10 kB; this leaves room for long reads
READ_SECONDS = 5.0  # reading what a moderator typed, off the event loop, takes milliseconds
# Tokens the commands read themselves; no record has such a field.
RESERVED = ("reason", "base")
_BLOCK = re.compile(r"```(?:ya?ml)?[ \t]*\n?(?P<body>.*?)```", re.DOTALL | re.IGNORECASE)
# Straight and curly double quotes: phones type “…”. Apostrophes are text, never quotes.
_CLOSE = {'"': '"', "“": '”"', "”": '”"'}


@dataclass
class FactInput:
    """One command's input: changes, an optional whole record, and what is said about it."""

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
            value, i = _bracketed(text, i)
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


def _bracketed(text: str, i: int) -> tuple[str, int]:
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
                return text[i : j + 1], j + 1
        j += 1
    return text[i:], j  # unbalanced: the YAML reader says where


def read_input(text: str, *, article: bool = False) -> FactInput:
    """Tokens and an optional ```yaml block; with `article`, lines below the first are the
    article's text (fields on the first line)."""
    body = ""
    if article:
        text, _, body = text.strip().partition("\n")
    record = None
    if block := _BLOCK.search(text):
        record = read_yaml(block["body"])
        text = text[: block.start()] + " " + text[block.end() :]
    changes = parse_assignments(split_tokens(text))
    out = FactInput(changes=changes, record=record, text=body.strip())
    if "reason" in changes:
        reason = changes.pop("reason")
        out.reason = "" if reason is None else str(reason).strip()
    if "base" in changes:
        base = changes.pop("base")
        if isinstance(base, bool) or not isinstance(base, int | str) or not str(base).isdigit():
            raise EditSyntaxError("base", "a revision number, e.g. base=41")
        out.base = int(base)
    return out


T = TypeVar("T")


async def read_off_loop(read: Callable[[], T]) -> T:
    """Run a reader of moderator input in a worker thread, within READ_SECONDS: the event
    loop never waits on it, and input that takes too long is refused rather than waited for."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(read), READ_SECONDS)
    except TimeoutError:
        raise EditSyntaxError(
            "(input)", f"took longer than {READ_SECONDS:.0f} s to read; send less at once"
        ) from None


def record_yaml(record: AnyRecord | dict[str, Any]) -> str:
    data = record if isinstance(record, dict) else dump_record(record)
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


async def read_article(attachment: discord.Attachment) -> str:
    """An article attached as UTF-8 text, size-capped before and after download."""
    if not attachment.filename.lower().endswith(".txt"):
        raise EditSyntaxError("article", f"{attachment.filename}: attach the article as .txt")
    if attachment.size > ARTICLE_BYTES:
        raise EditSyntaxError("article", f"larger than {ARTICLE_BYTES // 1000} kB")
    data = await attachment.read()
    if len(data) > ARTICLE_BYTES:
        raise EditSyntaxError("article", f"larger than {ARTICLE_BYTES // 1000} kB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EditSyntaxError(
            "article", "not UTF-8 text; save it as UTF-8 and attach again"
        ) from None


Submit = Callable[[discord.Interaction, str], Awaitable[None]]


class RecordForm(discord.ui.Modal):
    """One paragraph of YAML: the record to edit, or a new record's template."""

    def __init__(self, *, title: str, text: str, on_submit: Submit) -> None:
        super().__init__(title=title[:MODAL_TITLE], timeout=FORM_TIMEOUT)
        self.record: discord.ui.TextInput[RecordForm] = discord.ui.TextInput(
            label="Record (YAML)",
            style=discord.TextStyle.paragraph,
            default=text,
            max_length=FORM_CHARS,
        )
        self.add_item(self.record)
        self._submit = on_submit

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self._submit(interaction, self.record.value)
