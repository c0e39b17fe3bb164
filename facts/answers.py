"""The Answer model: what every question returns, before anyone renders it.

An answer is sections of items plus the citations they point at (by number, as footnotes).
Renderers (Discord embeds, plain text, JSON) only lay it out; they decide nothing.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from facts.factset import Facts
from facts.models import Quote
from facts.text import escape_mentions


def _escaped(value: str | list[str] | None) -> str | list[str] | None:
    """Whatever an answer shows, the query echoed in it above all, never reads as a ping."""
    if isinstance(value, list):
        return [escape_mentions(v) for v in value]
    return escape_mentions(value) if value else value


class AnswerStatus(StrEnum):
    OK = "ok"
    AMBIGUOUS = "ambiguous"  # "did you mean ..."
    NO_MATCH = "no match"  # honest: nothing plausible, nothing cited
    USAGE = "usage"  # the question needs something it was not given


class Citation(BaseModel):
    """Where an item comes from: the article, who published it and when, and the words."""

    number: int
    source_id: str
    file: str
    publisher: str | None
    source_label: str = Field(description="the publisher, or who wrote it when that is unknown")
    date: dt.date | None
    quote: str

    _no_mentions = field_validator("quote")(_escaped)

    @property
    def label(self) -> str:
        return f"{self.source_label}, {self.date.isoformat() if self.date else 'undated'}"


class ClaimedDate(BaseModel):
    """A date another account gives for an event, where the articles disagree on it."""

    start: dt.date
    end: dt.date | None = None
    display: str
    by: str = Field(description="who gives it, as answers name a claimant")
    claim_id: str


class Item(BaseModel):
    """One record as an answer shows it."""

    id: str
    kind: str
    title: str
    text: str = ""
    date: dt.date | None = None
    end_date: dt.date | None = None
    date_display: str | None = None
    date_precision: str | None = None
    date_within: bool = Field(
        default=False, description="the event fell at some point in its range, not across it"
    )
    claimant: str | None = None
    figure: str | None = None
    disputed_with: list[str] = Field(default_factory=list)
    differs_from: list[str] = Field(
        default_factory=list, description="claims that differ in detail, not disputed"
    )
    citations: list[int] = Field(default_factory=list)
    claimed_dates: list[ClaimedDate] = Field(
        default_factory=list, description="the other dates disputing claims give (events)"
    )
    score: float | None = Field(default=None, description="retrieval score, when ranked")
    matched: list[str] = Field(default_factory=list, description="the query words it matched")

    _no_mentions = field_validator("title", "text", "figure", "claimant")(_escaped)


# The digest's every change of a window: a command of its own in each front end (the
# digest's; here so a front end words it without loading the digest).
CHANGES_COMMAND = "digest changes"


class Command(BaseModel):
    """A command to run for more, as data: each front end words it its own way (`/digest
    changes ...` on Discord, `briefing digest --changes ...` in a terminal)."""

    name: str = Field(description="the bot's command, words apart: `claims`, `digest changes`")
    args: list[str] = Field(default_factory=list)
    does: str = Field(description="what it does, said after it: `lists every one`")


class Section(BaseModel):
    heading: str
    items: list[Item] = Field(default_factory=list)
    disputed: bool = False
    note: str | None = None
    more: Command | None = Field(
        default=None, description="what lists what the section leaves out, after its note"
    )

    _no_mentions = field_validator("heading", "note")(_escaped)


class Answer(BaseModel):
    command: str
    query: str = ""
    status: AnswerStatus = AnswerStatus.OK
    title: str
    summary: str | None = None
    sections: list[Section] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)

    _no_mentions = field_validator("query", "title", "summary", "suggestions")(_escaped)

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


def in_reading_order(
    sections: list[Section], citations: list[Citation]
) -> tuple[list[Section], list[Citation]]:
    """Citations renumbered by where they are first read: sections built in one order and
    shown in another (ranked) would otherwise open on [7][8] and cite [1] further down."""
    order: dict[int, int] = {}
    for section in sections:
        for item in section.items:
            for number in item.citations:
                order.setdefault(number, len(order) + 1)
    for citation in citations:  # a citation no item points at keeps a place at the end
        order.setdefault(citation.number, len(order) + 1)
    renumbered = [
        Section.model_construct(
            **{
                **section.__dict__,
                "items": [
                    item.model_copy(update={"citations": [order[n] for n in item.citations]})
                    for item in section.items
                ],
            }
        )
        for section in sections
    ]
    cited = sorted(
        (c.model_copy(update={"number": order[c.number]}) for c in citations),
        key=lambda c: c.number,
    )
    return renumbered, cited


class Citations:
    """Collects citations for one answer, numbering each distinct (source, quote) once."""

    def __init__(self, facts: Facts) -> None:
        self._facts = facts
        self._numbers: dict[tuple[str, str], int] = {}
        self.citations: list[Citation] = []

    def cite(self, quote: Quote) -> int:
        key = (quote.source, quote.text)
        if key not in self._numbers:
            source = self._facts.sources.get(quote.source)
            number = len(self.citations) + 1
            self._numbers[key] = number
            self.citations.append(
                Citation(
                    number=number,
                    source_id=quote.source,
                    file=source.file if source else "",
                    publisher=source.publisher if source else None,
                    source_label=source.label if source else f"{quote.source} (unknown source)",
                    date=source.published if source else None,
                    quote=" ".join(quote.text.split()),
                )
            )
        return self._numbers[key]

    def cite_all(self, quotes: list[Quote]) -> list[int]:
        return list(dict.fromkeys(self.cite(q) for q in quotes))
