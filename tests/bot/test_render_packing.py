"""The linear page packing lays out exactly the pages the quadratic one did.

`quadratic_pack` is the packing as it was before running totals (it re-summed every line and
citation on the page for every piece): kept here only as the reference the new one must match.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

import bot.render
from bot.limits import EMBED_TITLE, EMBED_TOTAL
from bot.render import (
    MARKDOWN,
    PAGE_DESCRIPTION,
    _cost,
    _escape_all,
    _split_long,
    escape,
    escape_prose,
    render_embeds,
)
from bot.render_text import blocks, citation_line, suggestion_lines
from facts.answers import Answer, AnswerStatus, Citation, Item, Section
from facts.briefing import Briefing


def quadratic_pack(
    answer: Answer, title: str, cite_lines: dict[int, str]
) -> list[tuple[list[str], list[Citation]]]:
    by_number = {c.number: c for c in answer.citations}
    summary = escape_prose(answer.summary) if answer.summary else ""
    head = _split_long([summary], PAGE_DESCRIPTION)[0] if summary else []
    head += suggestion_lines(answer, "/") if answer.status is not AnswerStatus.OK else []
    if len(escape_prose(answer.title)) > EMBED_TITLE:
        head.insert(0, escape_prose(answer.title))
    budget = EMBED_TOTAL - len(title) - 100
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
            sources = sum(_cost(citation_line(c, MARKDOWN)) for c in cited)
            needed = sum(len(line) + 1 for line in piece)
            extra = sum(_cost(citation_line(c, MARKDOWN)) for c in new)
            fits = used + needed <= PAGE_DESCRIPTION and used + needed + sources + extra <= budget
            if lines and not fits:
                pages.append(([], []))
                lines, cited = pages[-1]
                new = [by_number[n] for n in sorted(numbers) if n in by_number]
            lines.extend(piece)
            cited.extend(new)
    return [(lines, cited) for lines, cited in pages if lines] or [([], [])]


def big_answer(seed: int = 15) -> Answer:
    """Thousands of items citing a few hundred sources, reused across pages, with lines long
    enough to be split and pieces that only just fit."""
    rng = random.Random(seed)
    citations = [
        Citation(
            number=n,
            source_id=f"s{n}",
            file=f"s{n}.txt",
            publisher=f"Publisher {n % 17}",
            source_label=f"Publisher {n % 17}",
            date=None,
            quote=" ".join(
                rng.choice(["killed", "at least", "*31*", "said", "_toll_"])
                for _ in range(rng.randint(3, 200))
            ),
        )
        for n in range(1, 400)
    ]
    sections = []
    for s in range(12):
        items = [
            Item(
                id=f"i{s}-{i}",
                kind=rng.choice(["claim", "event", "actor"]),
                title=f"Item {s}-{i} " + "word " * rng.randint(0, 40),
                text="text " * rng.randint(0, 900),
                figure=rng.choice([None, "31 dead"]),
                citations=sorted(rng.sample(range(1, 400), rng.randint(0, 6))),
            )
            for i in range(rng.randint(20, 60))
        ]
        sections.append(
            Section(heading=f"Section {s}", items=items, note=rng.choice([None, "a note"]))
        )
    return Answer(
        command="timeline",
        title="A big answer " * rng.randint(1, 30),
        summary="Many things",
        sections=sections,
        citations=citations,
    )


def embeds_as_data(answer: Answer) -> list[dict[str, Any]]:
    return [embed.to_dict() for embed in render_embeds(answer)]


@pytest.fixture(scope="module")
def answers(briefing: Briefing) -> list[Answer]:
    actor = next(iter(briefing.facts.actors.values())).name
    return [
        briefing.timeline(),
        briefing.claims(""),
        briefing.actor(actor),
        briefing.ask("claims", "no such thing at all"),
        big_answer(),
    ]


def test_linear_packing_gives_the_same_pages(
    answers: list[Answer], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [embeds_as_data(answer) for answer in answers]
    monkeypatch.setattr(bot.render, "_pack", quadratic_pack)
    before = [embeds_as_data(answer) for answer in answers]
    assert now == before
    assert len(now[-1]) > 20  # the big one really is many pages


def test_text_with_nothing_to_escape_is_returned_as_it_is() -> None:
    """The fast path (no escapable character) gives what the full escaping gives."""
    rng = random.Random(15)
    alphabet = "ab 1-#>_*~|`\\[]()@\n:/.ehrvyon"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    texts += [
        "a - b",
        " -x",
        "x\n  # y",
        "[a](b)",
        "a] (b",
        "@here",
        "2026-03-01",
        "Dawn, 2026-03-01",
    ]
    for text in texts:
        assert escape(text) == _escape_all(text), text
