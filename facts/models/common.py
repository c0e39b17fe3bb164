"""What every kind of record shares: the base models, quotes, names, references, dates.

Every record that states something carries at least one Quote: a verbatim span of one source
article. The models check each record on its own (types, required fields, shapes); the
cross-record checks (references resolve, quotes occur in their article, aliases do not collide)
live in `facts.validate`.

Each of the five kinds (`Fact` subclasses, one module each) also says what the rest of the code
asks of any record: its `label`, its quotes (`quoted()`), its `references()` and its `names()`.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, ClassVar, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64),
    Field(description="short lower-case id: letters, digits and dashes"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Record(BaseModel):
    """Base of every record: unknown fields, wrong types and empty strings are errors."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=False, use_enum_values=False, validate_default=True
    )


class Quote(Record):
    """A verbatim span of one article. `prefix`/`suffix` (the text right before or after the
    span) pin it down when the same words occur more than once in the article."""

    source: Slug
    text: Text
    prefix: Text | None = None
    suffix: Text | None = None


class NameKind(StrEnum):
    """What kind of name a record is found by; it decides how much an exact hit counts."""

    NAME = "name"
    ALIAS = "alias"
    WEAK = "weak alias"
    KEYWORD = "keyword"
    ID = "id"


class Name(NamedTuple):
    text: str
    kind: NameKind


class Quoted(NamedTuple):
    """A quote a record carries, and the field path it sits at ('quotes[0]', 'quote')."""

    path: str
    quote: Quote


class Reference(NamedTuple):
    """One reference a record makes: the field path, the id it names, the kind it must be."""

    path: str
    target: str
    kind: str


class Fact(Record):
    """Base of the five kinds of record the store holds, one YAML file each. Each kind says
    what the rest of the code asks of every record, so no caller switches on the kind."""

    # The dataset file that holds this kind (`file` is a source's article field).
    yaml_file: ClassVar[str]

    @property
    @abstractmethod
    def label(self) -> str:
        """The short human name answers, digests and history give the record."""

    @abstractmethod
    def quoted(self) -> list[Quoted]:
        """Every quote the record carries, with its field path (a source's evidence are
        plain spans, checked on their own, not quotes)."""

    @property
    def sources(self) -> list[str]:
        """The ids of the articles the record quotes, each once, in first-quoted order."""
        return unique(q.quote.source for q in self.quoted())

    @abstractmethod
    def references(self) -> list[Reference]:
        """Every reference the record makes, the quotes' sources included."""

    @abstractmethod
    def names(self) -> list[Name]:
        """Everything the record can be found by, with the kind of name each is: its id
        first (readers type 'bannu attack' for `bannu-attack`), then its own names."""


def id_name(record_id: str) -> Name:
    return Name(record_id.replace("-", " "), NameKind.ID)


def quote_sources(quoted: list[Quoted]) -> list[Reference]:
    return [Reference(f"{q.path}.source", q.quote.source, "source") for q in quoted]


def listed(field: str, ids: Iterable[str], kind: str) -> list[Reference]:
    """References of a list field: 'places[0]', 'places[1]', ..."""
    return [Reference(f"{field}[{i}]", target, kind) for i, target in enumerate(ids)]


def optional(field: str, target: str | None, kind: str) -> list[Reference]:
    return [Reference(field, target, kind)] if target else []


def unique(items: Iterable[str]) -> list[str]:
    """The items in first-seen order, each once."""
    return list(dict.fromkeys(items))


# --- names of actors and places ------------------------------------------------------------


STANDALONE = (
    "why no event or claim needs to refer to this record; without it, a record nothing "
    "refers to is reported by `facts validate` as a warning"
)


class AliasKind(StrEnum):
    ACRONYM = "acronym"
    TRANSLITERATION = "transliteration"
    TRANSLATION = "translation"
    FORMER = "former"
    SHORT = "short"
    SPELLING = "spelling"
    # A title or description the articles use in place of the name ("Pakistan's defence
    # minister", "the Taliban spokesman", "Taliban forces").
    TITLE = "title"
    # A place standing for its government ("Tehran" for Iran).
    METONYM = "metonym"
    # A weak alias may name several actors ("Taliban"): alone it makes the bot ask which one.
    WEAK = "weak"


class Alias(Record):
    name: Text
    kind: AliasKind
    in_articles: bool = Field(
        default=True,
        description="false for a name readers type that no article uses ('MEA', 'UNAMA'): it "
        "finds the record, but an answer never gives it as the articles' words",
    )


def alias_names(name: str, aliases: list[Alias]) -> list[Name]:
    """An actor's or place's name and aliases; a weak alias may name several records."""
    return [Name(name, NameKind.NAME)] + [
        Name(a.name, NameKind.WEAK if a.kind is AliasKind.WEAK else NameKind.ALIAS) for a in aliases
    ]


# --- dates of events and claims ------------------------------------------------------------


class DatePrecision(StrEnum):
    DAY = "day"
    PART_OF_DAY = "part of day"
    DAYS = "days"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class DateDerivation(StrEnum):
    STATED = "stated"
    RELATIVE_TO_PUBLICATION = "relative to publication"
    RELATIVE_TO_EVENT = "relative to another event"
    # One article gives part of the date and another the rest (a month from one article, a
    # year from another's dateline): the note says which article gives what.
    INFERRED_ACROSS_ARTICLES = "inferred across articles"
    UNKNOWN = "unknown"


class EventDate(Record):
    """When an event happened, as precisely as the article allows and no more."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision
    phrase: Text = Field(description="the article's own words, e.g. 'early on Sunday'")
    derivation: DateDerivation
    note: Text | None = Field(default=None, description="how the date was worked out")
    within: bool = Field(
        default=False,
        description="true when the event fell at some point in the range, which the articles "
        "do not pin down (an attack 'days later' than one date and before another); false "
        "when it lasted the whole range (a two-day operation)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.precision is DatePrecision.UNKNOWN:
            if self.start or self.end:
                raise ValueError("an unknown date carries no start or end")
        elif self.start is None:
            raise ValueError(f"precision {self.precision.value!r} needs a start date")
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValueError("end is before start")
        if self.within and (self.end is None or self.end == self.start):
            raise ValueError("`within` needs a range: an end after the start")
        derived = self.derivation is not DateDerivation.STATED
        if derived and self.note is None and self.precision is not DatePrecision.UNKNOWN:
            raise ValueError("a derived date needs a note saying how it was derived")
        return self

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        far = dt.date.max
        return (self.start or far, self.end or self.start or far)

    def display(self) -> str:
        """'22 Feb 2026', '27–28 Feb 2026', 'Dec 2024', 'Oct–Nov 2025', '2025', 'date unknown';
        a date `within` its range: '27 or 28 Feb 2026', 'between 7 and 19 Feb 2026' (a
        dash would read as an event that lasted the range)."""
        start, end = self.start, self.end
        if start is None:
            return "date unknown"
        if end is None or _unit(start, self.precision) == _unit(end, self.precision):
            return _unit(start, self.precision)
        first, last = _range_parts(start, end, self.precision)
        if self.within and self.precision is not DatePrecision.WEEK:
            adjacent = _unit(following(start, self.precision), self.precision) == _unit(
                end, self.precision
            )
            return f"{first} or {last}" if adjacent else f"between {first} and {last}"
        dash = " – " if " " in first else "–"  # spaced between ends of more than one word
        text = f"{first}{dash}{last}"
        return f"week of {text}" if self.precision is DatePrecision.WEEK else text


def _unit(day: dt.date, precision: DatePrecision) -> str:
    """A day, month or year as a date of this precision shows it."""
    if precision is DatePrecision.YEAR:
        return f"{day.year}"
    if precision is DatePrecision.MONTH:
        return day.strftime("%b %Y")
    text = f"{day.day} {day:%b %Y}"
    return f"week of {text}" if precision is DatePrecision.WEEK else text


def following(day: dt.date, precision: DatePrecision) -> dt.date:
    """The first day of the day, month or year after this one's."""
    if precision is DatePrecision.YEAR:
        return dt.date(day.year + 1, 1, 1)
    if precision is DatePrecision.MONTH:
        return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return day + dt.timedelta(days=1)


def _range_parts(start: dt.date, end: dt.date, precision: DatePrecision) -> tuple[str, str]:
    """A range's two ends, what they share said once ('27–28 Feb 2026'); a range across the
    new year keeps both years."""
    if precision is DatePrecision.YEAR:
        return f"{start.year}", f"{end.year}"
    if precision is DatePrecision.MONTH:
        return (f"{start:%b}" if end.year == start.year else f"{start:%b %Y}"), f"{end:%b %Y}"
    last = f"{end.day} {end:%b %Y}"
    if (end.year, end.month) == (start.year, start.month):
        return f"{start.day}", last
    if end.year == start.year:
        return f"{start.day} {start:%b}", last
    return f"{start.day} {start:%b %Y}", last
