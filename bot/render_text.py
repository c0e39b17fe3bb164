"""Answer -> plain text or JSON, for the terminal; and the layout the embeds share.

The layout is shared: an answer is a list of blocks (a section heading, an item), each a few
lines. Text joins them; the embed renderer (bot/render.py) packs the same blocks into pages,
marked up in its own `Style`. Nothing here needs discord.py, so `briefing ask` and the console
never load it.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facts.answers import CHANGES_COMMAND, Answer, Citation, Command, Item, Section
from facts.text import quoted

DISPUTED = "⚖"


def _as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class Style:
    """How the layout marks text up: as it is for the terminal, markdown for Discord."""

    bold: Callable[[str], str]
    prose: Callable[[str], str]  # text the bot writes around names and quotes
    verbatim: Callable[[str], str]  # an article's or a record's words, shown as written
    heading: Callable[[str], str]
    note: Callable[[str], str]
    command: Callable[[Command], str]  # a command as this front end's reader types it


def terminal_command(command: Command) -> str:
    """A bot command as a shell line: `briefing digest --changes --since ISO` for the
    digest's changes (the terminal's own command), `briefing ask claims ...` for a question."""
    if command.name == CHANGES_COMMAND:
        since = ["--since", command.args[0]] if command.args else []
        return shlex.join(["briefing", "digest", "--changes", *since])
    return shlex.join(["briefing", "ask", *command.name.split(), *command.args])


PLAIN = Style(
    bold=_as_is,
    prose=_as_is,
    verbatim=_as_is,
    heading=str.upper,
    note=_as_is,
    command=terminal_command,
)


# --- shared layout -------------------------------------------------------------------------


def item_lines(item: Item, style: Style) -> list[str]:
    refs = "".join(f"[{n}]" for n in item.citations)
    marker = f" {DISPUTED}" if item.disputed_with else ""
    title, text = style.prose(item.title), style.prose(item.text)
    if item.kind == "claim":
        figure = f" — {style.prose(item.figure)}" if item.figure else ""
        head = f"• {style.bold(title)}{figure}{marker}"
        body = f"  {text} {refs}".rstrip()
        return [head, body]
    if item.kind == "event":
        when = style.prose(item.date_display or "date unknown")
        head = f"• {style.bold(when)} {title}{marker} {refs}".rstrip()
        return [head, f"  {text}"] if item.text else [head]
    head = f"• {style.bold(title)} {refs}".rstrip()
    return [head, *(f"  {line}" for line in text.splitlines() if line.strip())]


def section_lines(section: Section, style: Style) -> list[str]:
    heading = (
        f"{DISPUTED} Disputed: {style.prose(section.heading.removeprefix('Disputed: '))}"
        if section.disputed
        else style.prose(section.heading)
    )
    lines = [style.heading(heading)]
    more = f"`{style.command(section.more)}` {section.more.does}." if section.more else None
    if note := " ".join(part for part in (section.note, more) if part):
        lines.append(style.note(style.prose(note)))
    return lines


def citation_line(citation: Citation, style: Style = PLAIN) -> str:
    """`[n] Publisher, date: “quote”`; the quote reads as the article wrote it."""
    label, quote = style.verbatim(citation.label), style.verbatim(citation.quote)
    return f"[{citation.number}] {label}: {quoted(quote)}"


def suggestion_lines(answer: Answer, prefix: str) -> list[str]:
    if not answer.suggestions:
        return []
    return ["Try: " + " · ".join(f"`{prefix}{s}`" for s in answer.suggestions)]


def blocks(answer: Answer, style: Style) -> list[list[str]]:
    """The answer body as blocks of lines, in order."""
    out: list[list[str]] = []
    for section in answer.sections:
        out.append(section_lines(section, style))
        out.extend(item_lines(item, style) for item in section.items)
    return out


# --- plain text ----------------------------------------------------------------------------


def render_text(answer: Answer, *, prefix: str = "!") -> str:
    """What a channel would read, for the terminal: no markdown, sources at the end."""
    lines = [answer.title]
    if answer.summary:
        lines.append(answer.summary)
    for block in blocks(answer, PLAIN):
        if block and not block[0].startswith("•"):
            lines.append("")
        lines.extend(block)
    lines.extend(suggestion_lines(answer, prefix))
    if answer.citations:
        lines.append("")
        lines.append("SOURCES")
        lines.extend(citation_line(c) for c in answer.citations)
    return "\n".join(lines)


def render_json(answer: Answer, *, prefix: str = "!") -> dict[str, Any]:
    """Machine output: the text as a channel reads it, the citations, and every record shown."""
    return {
        "command": answer.command,
        "query": answer.query,
        "status": answer.status.value,
        "text": render_text(answer, prefix=prefix),
        "citations": [
            {
                "number": c.number,
                "source_id": c.source_id,
                "file": c.file,
                "publisher": c.publisher,
                "date": c.date.isoformat() if c.date else None,
                "quote": c.quote,
            }
            for c in answer.citations
        ],
        "items": [
            {"id": item.id, "kind": item.kind, "date": item.date.isoformat() if item.date else None}
            | item.model_dump(mode="json", exclude_defaults=True)
            for item in answer.items()
        ],
        "suggestions": answer.suggestions,
    }
