"""Rendering stays inside Discord's limits and never drops anything silently."""

from __future__ import annotations

import re

import discord
import pytest

from bot.limits import EMBED_DESCRIPTION, EMBED_FIELDS, EMBED_TITLE, EMBED_TOTAL, FIELD_VALUE
from bot.render import _split_long, render_embeds
from bot.render_text import render_json, render_text
from facts.answers import Answer, Citation, Command, Item, Section
from facts.briefing import Briefing


def assert_within_limits(embeds: list[discord.Embed]) -> None:
    for embed in embeds:
        assert len(embed) <= EMBED_TOTAL
        assert len(embed.title or "") <= EMBED_TITLE
        assert len(embed.description or "") <= EMBED_DESCRIPTION
        assert len(embed.fields) <= EMBED_FIELDS
        for field in embed.fields:
            assert len(field.value or "") <= FIELD_VALUE


def page_text(embed: discord.Embed) -> str:
    return "\n".join([embed.description or "", *(f.value or "" for f in embed.fields)])


def assert_nothing_dropped(answer: Answer, embeds: list[discord.Embed]) -> None:
    """Every item and every citation appears on some page; every page's [n] is explained on
    that page (a page stands alone)."""
    text = " ".join(page_text(e) for e in embeds)
    flat = " ".join(text.split())
    for item in answer.items():
        assert " ".join(item.title.split())[:60] in flat, item.id
    for citation in answer.citations:
        assert " ".join(citation.quote.split())[:60] in flat
    for embed in embeds:
        body = embed.description or ""
        sources = " ".join(f.value or "" for f in embed.fields)
        for number in set(re.findall(r"\[(\d+)\]", body)):
            assert f"[{number}] " in sources


def test_longest_real_answers_fit(briefing: Briefing):
    answers = [briefing.timeline(), briefing.claims(""), briefing.source(""), briefing.help()]
    answers += [briefing.actor(a.name) for a in briefing.facts.actors.values()]
    for answer in answers:
        embeds = render_embeds(answer)
        assert_within_limits(embeds)
        assert_nothing_dropped(answer, embeds)


def huge_answer() -> Answer:
    citations = [
        Citation(
            number=n,
            source_id="s",
            file="s.txt",
            publisher="P",
            source_label="P",
            date=None,
            quote=f"quote {n} " + "word " * 180,
        )
        for n in range(1, 121)
    ]
    items = [
        Item(
            id=f"c{n}",
            kind="claim",
            title=f"Claimant {n}",
            text="said " * 300,
            figure=f"{n} posts destroyed",
            citations=[n],
        )
        for n in range(1, 121)
    ]
    return Answer(
        command="claims",
        title="T" * 400,
        summary="s",
        sections=[Section(heading="Many", items=items)],
        citations=citations,
    )


def test_huge_answer_pages_within_limits_and_loses_nothing():
    answer = huge_answer()
    embeds = render_embeds(answer)
    assert len(embeds) > 10
    assert_within_limits(embeds)
    assert_nothing_dropped(answer, embeds)
    assert embeds[0].footer.text == f"Page 1/{len(embeds)}"


def test_single_line_longer_than_a_page_is_split_not_cut():
    text = "x" * 9000
    answer = Answer(
        command="search",
        title="t",
        sections=[Section(heading="h", items=[Item(id="a", kind="actor", title="A", text=text)])],
    )
    embeds = render_embeds(answer)
    assert_within_limits(embeds)
    assert sum(page_text(e).count("x") for e in embeds) == 9000


def test_text_and_json_carry_citations(briefing: Briefing):
    answer = briefing.claims("")
    text = render_text(answer)
    for citation in answer.citations:
        assert f"[{citation.number}] {citation.label}" in text
    data = render_json(answer)
    assert data["text"] == text
    assert {c["source_id"] for c in data["citations"]} <= set(briefing.facts.sources)
    assert all(c["file"].endswith(".txt") for c in data["citations"])
    assert [i["id"] for i in data["items"]] == [i.id for i in answer.items()]
    assert all({"id", "kind", "date"} <= set(i) for i in data["items"])


def test_json_timeline_dates_are_iso(briefing: Briefing):
    data = render_json(briefing.timeline())
    dated = [i for i in data["items"] if i["date"] is not None]
    assert dated
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", i["date"]) for i in dated)


def test_no_match_renders_without_sources(briefing: Briefing):
    text = render_text(briefing.claims("pizza"))
    assert "SOURCES" not in text
    assert "No match" in text


@pytest.mark.parametrize("line", ["said " * 1000, "x" * 5000, "  " + "word " * 1200])
def test_long_lines_split_into_pieces_that_fit(line: str):
    pieces = _split_long([line, "short", line], 3000)
    assert all(len("\n".join(piece)) <= 3000 for piece in pieces)
    text = " ".join(" ".join(piece) for piece in pieces)
    assert text.split() == [*line.split(), "short", *line.split()] or "x" in line
    assert sum(p.count("x") for piece in pieces for p in piece) == 2 * line.count("x")


def test_a_long_statement_in_an_answer_stays_within_the_description_limit():
    item = Item(id="c", kind="claim", title="Someone", text="said " * 1500, citations=[1])
    citation = Citation(
        number=1, source_id="s", file="s.txt", publisher="P", source_label="P", date=None, quote="q"
    )
    answer = Answer(
        command="claims",
        title="t",
        sections=[Section(heading="h", items=[item])],
        citations=[citation],
    )
    embeds = render_embeds(answer)
    assert_within_limits(embeds)
    assert sum(page_text(e).count("said") for e in embeds) == 1500


# --- escaping: what an article wrote is what Discord shows ---------------------------------


def as_discord_shows(text: str) -> str:
    """Discord's reading of escapes: a backslash before punctuation shows the punctuation;
    escape_mentions' zero-width space shows nothing."""
    return re.sub(r"\\([^\sA-Za-z0-9])", r"\1", text).replace("\u200b", "")


def markdown_answer(quote: str, *, title: str = "A *bold* claim_maker", n: int = 1) -> Answer:
    citations = [
        Citation(
            number=i,
            source_id="s",
            file="s.txt",
            publisher="Pub_lisher",
            source_label="Pub_lisher",
            date=None,
            quote=quote,
        )
        for i in range(1, n + 1)
    ]
    items = [
        Item(id=f"c{i}", kind="claim", title=title, text=quote, figure="~~5~~", citations=[i])
        for i in range(1, n + 1)
    ]
    return Answer(
        command="claims",
        title="Claims: *Bannu*_",
        summary="Said by `claims bannu` *someone*",
        sections=[Section(heading="__Topic__", items=items)],
        citations=citations,
    )


QUOTE = "the *so-called* _martyrs_ of ~~2024~~ | spoiler || `code` > not a block\n# not a heading"


def test_a_quote_with_its_own_quotation_marks_is_not_doubled():
    """The article opens a speech with its own mark: ours are single, never ““."""
    speech = "“Afghanistan is being used as a base of operations against Pakistan,"
    [embed] = render_embeds(markdown_answer(speech))
    sources = as_discord_shows(embed.fields[0].value or "")
    assert sources == f"[1] Pub_lisher, undated: ‘{speech}’"
    assert "““" not in render_text(markdown_answer(speech))


def test_quotes_with_markdown_characters_render_as_written():
    [embed] = render_embeds(markdown_answer(QUOTE))
    sources = embed.fields[0].value or ""
    assert "\\*so-called\\*" in sources
    assert "\\_martyrs\\_" in sources
    assert as_discord_shows(sources) == f"[1] Pub_lisher, undated: “{QUOTE}”"
    body = embed.description or ""
    assert "**A \\*bold\\* claim\\_maker**" in body  # our bold stays bold, theirs is text
    assert "\\~\\~5\\~\\~" in body
    assert "\\# not a heading" in body
    assert as_discord_shows(embed.title or "") == "Claims: *Bannu*_"


def test_the_bots_own_code_spans_stay_code():
    [embed] = render_embeds(markdown_answer("q"))
    assert "`claims bannu`" in (embed.description or "")
    assert "\\*someone\\*" in (embed.description or "")


def test_quoted_mentions_never_read_as_mentions():
    [embed] = render_embeds(markdown_answer("thanks @everyone and @here"))
    assert "@everyone" not in str(embed.to_dict())
    assert "@here" not in str(embed.to_dict())


def test_terminal_text_is_not_escaped():
    text = render_text(markdown_answer(QUOTE))
    assert QUOTE.splitlines()[0] in text
    assert "\\" not in text


def test_escaping_keeps_every_page_within_limits():
    # A quote made of markdown characters doubles in length once escaped.
    answer = markdown_answer("*_" * 200, n=60)
    embeds = render_embeds(answer)
    assert len(embeds) > 1
    assert_within_limits(embeds)
    shown = as_discord_shows(" ".join(page_text(e) for e in embeds))
    assert shown.count("*_" * 200) >= 2 * 60  # each quote as item text and as its source


def test_a_split_never_parts_a_backslash_from_what_it_escapes():
    line = "\\*" * 2000
    pieces = _split_long([line], 1001)
    assert all(p.endswith("*") for ps in pieces for p in ps)  # no piece ends in a lone "\\"
    assert "".join("".join(ps).replace("  ", "") for ps in pieces) == line


def test_a_command_to_run_is_worded_for_each_front_end():
    more = Command(name="claims", args=["bannu mosque"], does="lists what it says")
    answer = Answer(
        command="digest",
        title="Digest",
        sections=[Section(heading="Open disputes", note="5 of 24 below.", more=more)],
    )
    assert "5 of 24 below. `briefing ask claims 'bannu mosque'` lists what it says." in (
        render_text(answer)
    )
    [embed] = render_embeds(answer)
    assert "*5 of 24 below. `/claims bannu mosque` lists what it says.*" in (
        embed.description or ""
    )
