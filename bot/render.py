"""Answer -> Discord embeds within Discord's limits, and the escaping Discord's markdown needs.

The blocks come from the shared layout in bot/render_text.py (which the terminal uses alone);
here they are marked up, escaped, and packed into pages, never cutting a block silently: a block
too long for one page is split at line boundaries and carries on in the next.
"""

from __future__ import annotations

import re

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.limits import EMBED_TITLE, EMBED_TOTAL, FIELD_VALUE
from bot.render_text import Style, blocks, citation_line, suggestion_lines
from facts.answers import Answer, AnswerStatus, Citation

# Room we leave ourselves on a page: a description this long plus its sources fits in 6,000.
PAGE_DESCRIPTION = 3000
PAGE_SOURCES = 2400

# The embed's colour by status (discord.Colour values: blurple, gold, light grey).
COLOUR = {
    AnswerStatus.OK: 0x5865F2,
    AnswerStatus.AMBIGUOUS: 0xF1C40F,
    AnswerStatus.NO_MATCH: 0x979C9F,
    AnswerStatus.USAGE: 0x979C9F,
}


# --- escaping (Discord only: the terminal shows text as it is) ----------------------------

_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
# Markdown that only counts at the start of a line: headings, block quotes, lists, subtext.
_LINE_START = re.compile(r"(?m)^(\s*)([#>-])")


def escape(text: str) -> str:
    """Article or record text as written: `*`, `_`, `~`, `|`, `` ` ``, a leading `#` or `>`
    shown as characters, never as formatting, and @everyone/@here never a mention."""
    text = escape_markdown(text)
    return escape_mentions(_LINE_START.sub(r"\1\\\2", text))


def escape_prose(text: str) -> str:
    """Text the bot writes around names and quotes: its code spans (`claims bannu`) stay code,
    everything else is escaped."""
    parts = _CODE_SPAN.split(text)
    return "".join(part if index % 2 else escape(part) for index, part in enumerate(parts))


MARKDOWN = Style(
    bold=lambda text: f"**{text}**",
    prose=escape_prose,
    verbatim=escape,
    heading=lambda text: f"__{text}__",
    note=lambda text: f"*{text}*",
)


# --- Discord embeds ------------------------------------------------------------------------


def _split_long(block: list[str], limit: int) -> list[list[str]]:
    """A block cut into pieces whose lines, joined by newlines, fit in `limit` characters: at
    line boundaries first, then at a space, and mid-word only when a word is longer."""
    pieces: list[list[str]] = [[]]
    size = 0

    def add(line: str) -> None:
        nonlocal size
        if pieces[-1] and size + len(line) + 1 > limit:
            pieces.append([])
            size = 0
        pieces[-1].append(line)
        size += len(line) + 1

    for original in block:
        line = original
        while len(line) > limit:
            # Break at a space in the second half of the line, else mid-word: always progress.
            cut = line.rfind(" ", limit // 2, limit)
            cut = cut if cut > 0 else limit
            if line[cut - 1] == "\\":  # never part an escape from what it escapes
                cut -= 1
            add(line[:cut])
            line = "  " + line[cut:].lstrip()
        add(line)
    return [piece for piece in pieces if piece]


def _cost(citation: Citation) -> int:
    """Characters a citation takes in a page's Sources fields (with room for field names)."""
    size = len(citation_line(citation, MARKDOWN))
    return size + 1 + 20 * (size // FIELD_VALUE + 1)


def _pack(answer: Answer, title: str) -> list[tuple[list[str], list[Citation]]]:
    """Blocks packed into pages; a page holds its lines and the citations they point at, and
    both together stay within one embed's limits."""
    by_number = {c.number: c for c in answer.citations}
    # A summary may echo what someone typed: only a bounded prefix of it goes on a page.
    summary = escape_prose(answer.summary) if answer.summary else ""
    head = _split_long([summary], PAGE_DESCRIPTION)[0] if summary else []
    head += suggestion_lines(answer, "/") if answer.status is not AnswerStatus.OK else []
    if len(escape_prose(answer.title)) > EMBED_TITLE:
        head.insert(0, escape_prose(answer.title))  # the title is shortened: say it in full here
    budget = EMBED_TOTAL - len(title) - 100  # footer and field names
    pages: list[tuple[list[str], list[Citation]]] = [(list(head), [])]
    for block in blocks(answer, MARKDOWN):
        for piece in _split_long(block, PAGE_DESCRIPTION):
            lines, cited = pages[-1]
            numbers = {int(n) for n in re.findall(r"\[(\d+)\]", "\n".join(piece))}
            new = [
                by_number[n]
                for n in sorted(numbers)
                if n in by_number and by_number[n] not in cited
            ]
            used = sum(len(line) + 1 for line in lines)
            sources = sum(_cost(c) for c in cited)
            needed = sum(len(line) + 1 for line in piece)
            extra = sum(_cost(c) for c in new)
            fits = used + needed <= PAGE_DESCRIPTION and used + needed + sources + extra <= budget
            if lines and not fits:
                pages.append(([], []))
                lines, cited = pages[-1]
                new = [by_number[n] for n in sorted(numbers) if n in by_number]
            lines.extend(piece)
            cited.extend(new)
    return [(lines, cited) for lines, cited in pages if lines] or [([], [])]


def _source_fields(citations: list[Citation]) -> list[str]:
    """Citation lines grouped into field values of at most FIELD_VALUE characters."""
    values: list[str] = []
    for citation in sorted(citations, key=lambda c: c.number):
        line = citation_line(citation, MARKDOWN)
        for piece in _split_long([line], FIELD_VALUE - 1):
            text = "\n".join(piece)
            if values and len(values[-1]) + len(text) + 1 <= FIELD_VALUE:
                values[-1] += "\n" + text
            else:
                values.append(text)
    return values


def render_embeds(answer: Answer) -> list[discord.Embed]:
    """One embed a page; the sources a page cites go with it, so each page stands alone.
    Record and article text is escaped (`escape`), so a quote's `*` or `_` shows as written."""
    full = escape_prose(answer.title)
    title = full if len(full) <= EMBED_TITLE else full[: EMBED_TITLE - 1] + "…"
    embeds: list[discord.Embed] = []
    for lines, cited in _pack(answer, title):
        embed = discord.Embed(
            title=title, description="\n".join(lines), colour=COLOUR[answer.status]
        )
        for index, value in enumerate(_source_fields(cited)):
            embed.add_field(
                name="Sources" if index == 0 else "Sources (cont.)", value=value, inline=False
            )
        embeds.append(embed)
    if len(embeds) > 1:
        for number, embed in enumerate(embeds, start=1):
            embed.set_footer(text=f"Page {number}/{len(embeds)}")
    return embeds
