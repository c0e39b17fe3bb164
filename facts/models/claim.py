"""A claim: who says what, with the figure they give, attributed and quoted."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal, Self

from pydantic import Field, field_serializer, model_validator

from facts.models.common import (
    EventDate,
    Fact,
    Name,
    NameKind,
    Quote,
    Quoted,
    Record,
    Reference,
    Slug,
    Text,
    id_name,
    listed,
    optional,
    quote_sources,
)


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at least"
    MORE_THAN = "more than"
    ABOUT = "about"
    ESTIMATED = "estimated"
    SEVERAL = "several"
    DOZENS = "dozens"
    HUNDREDS = "hundreds"
    BILLIONS = "billions"
    INDETERMINATE = "indeterminate"

    @property
    def is_vague(self) -> bool:
        return self in {
            Qualifier.SEVERAL,
            Qualifier.DOZENS,
            Qualifier.HUNDREDS,
            Qualifier.BILLIONS,
            Qualifier.INDETERMINATE,
        }


class Figure(Record):
    """A number as the claimant gave it: never merged with anybody else's."""

    measure: Text = Field(description="what happened to them: killed, injured, destroyed, ...")
    unit: Text = Field(description="what is counted: soldiers, militants, posts, km², ...")
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = Qualifier.EXACT
    wording: Text | None = Field(
        default=None,
        description="the article's own words for the figure, verbatim from the claim's quote "
        "('dozens of casualties', 'More than a dozen organizations'), when number, unit and "
        "measure would not read as the article wrote them; answers then print these words",
    )

    @field_serializer("value", "low", "high", when_used="json-unless-none")
    def _whole(self, number: float) -> float | int:
        """A whole figure as an integer in JSON: stored and exported `31` (see `whole`)."""
        return whole(number)

    def spelled_numbers(self) -> str:
        """Its numbers as the article writes them, in order: "36", "20 30"."""
        numbers = (self.value, self.low, self.high)
        return " ".join(str(whole(n)) for n in numbers if n is not None)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        has_range = self.low is not None or self.high is not None
        if self.value is not None and has_range:
            raise ValueError("give either value or low/high, not both")
        if self.value is None and not has_range and not self.qualifier.is_vague:
            raise ValueError(
                f"qualifier {self.qualifier.value!r} needs a value (or low/high); "
                "use dozens/hundreds/several/indeterminate for figures given without a number"
            )
        if self.low is not None and self.high is not None and self.high < self.low:
            raise ValueError("high is below low")
        return self

    @property
    def topic(self) -> str:
        """What is counted, for a heading: 'worshippers killed'; just the measure when the
        article's own wording carries the figure ('casualties', not 'people casualties')."""
        return self.measure if self.wording else f"{self.unit} {self.measure}"

    def display(self) -> str:
        """'at least 36 worshippers killed', 'dozens of soldiers killed', '20-30 posts
        destroyed', 'one child killed': the claimant's own precision, never more; the
        article's own `wording` when it has one."""
        if self.wording is not None:
            return self.wording
        if self.value is not None:
            # One reads as a word ("one Pakistani soldier missing in action"); the unit of a
            # figure of one is singular in the data.
            number = "one" if self.value == 1 else _number(self.value)
        elif self.low is not None and self.high is not None:
            number = f"{_number(self.low)}–{_number(self.high)}"
        elif self.low is not None:
            number = (
                _number(self.low)
                if self.qualifier is not Qualifier.EXACT
                else (f"{_number(self.low)} or more")
            )
        elif self.high is not None:
            number = f"up to {_number(self.high)}"
        else:
            vague = {
                Qualifier.INDETERMINATE: "an indeterminate number of",
                Qualifier.DOZENS: "dozens of",
                Qualifier.HUNDREDS: "hundreds of",
                Qualifier.BILLIONS: "billions of",
            }
            number = vague.get(self.qualifier, self.qualifier.value)
            return f"{number} {self.unit} {self.measure}"
        qualifier = "" if self.qualifier is Qualifier.EXACT else self.qualifier.value
        amount = " ".join(part for part in (qualifier, number) if part)
        return f"{amount} {self.unit} {self.measure}".strip()


class Stance(StrEnum):
    ASSERTS = "asserts"
    DENIES = "denies"
    DISPUTES = "disputes"


class Attribution(StrEnum):
    DIRECT_QUOTE = "direct quote"
    PARAPHRASE = "paraphrase"
    ANONYMOUS = "anonymous official"
    # The article states it in its own voice; the claimant is then the article itself.
    REPORTED = "reported by the article"
    # "Afghan sources told Al Jazeera": nobody named, nobody official; the article relays it.
    UNNAMED_SOURCES = "unnamed sources"


class Claim(Fact):
    yaml_file: ClassVar[str] = "claims.yaml"
    kind: Literal["claim"] = "claim"
    id: Slug
    claimant: Slug | None = Field(
        default=None, description="actor id; null when the article states it in its own voice"
    )
    about_event: Slug | None = None
    about_actors: list[Slug] = Field(default_factory=list)
    about_places: list[Slug] = Field(
        default_factory=list, description="places the claim names that no event of it holds"
    )
    statement: Text
    figure: Figure | None = None
    stance: Stance = Stance.ASSERTS
    attribution: Attribution
    quote: Quote
    date: EventDate | None = Field(
        default=None,
        description="the date this claim gives for its event, where the articles disagree "
        "on it: shown beside the event's own date",
    )
    disputes: list[Slug] = Field(default_factory=list)
    differs: list[Slug] = Field(
        default_factory=list,
        description="claims giving another account in different detail, which this one does "
        "not contradict (one article is silent where another is specific): shown beside each "
        "other, never as disputed",
    )
    keywords: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.about_event is None and not self.about_actors:
            raise ValueError("a claim is about an event or about actors (or both)")
        relayed = (Attribution.REPORTED, Attribution.UNNAMED_SOURCES)
        if self.claimant is None and self.attribution not in relayed:
            raise ValueError(
                "a claim without a claimant is 'reported by the article' or 'unnamed sources'"
            )
        if self.id in self.disputes:
            raise ValueError("a claim cannot dispute itself")
        if self.id in self.differs:
            raise ValueError("a claim cannot differ from itself")
        if both := sorted(set(self.disputes) & set(self.differs)):
            raise ValueError(f"{', '.join(both)}: a claim either disputes another or differs")
        for field_name, ids in (("disputes", self.disputes), ("differs", self.differs)):
            if twice := sorted({i for i in ids if ids.count(i) > 1}):
                raise ValueError(f"{', '.join(twice)}: named twice in {field_name}")
        return self

    @property
    def label(self) -> str:
        return self.statement

    def quoted(self) -> list[Quoted]:
        return [Quoted("quote", self.quote)]

    def references(self) -> list[Reference]:
        return [
            *optional("claimant", self.claimant, "actor"),
            *optional("about_event", self.about_event, "event"),
            *listed("about_actors", self.about_actors, "actor"),
            *listed("about_places", self.about_places, "place"),
            *listed("disputes", self.disputes, "claim"),
            *listed("differs", self.differs, "claim"),
            *quote_sources(self.quoted()),
        ]

    def names(self) -> list[Name]:
        return [id_name(self.id), *(Name(k, NameKind.KEYWORD) for k in self.keywords)]


def whole(number: float) -> float | int:
    """A figure as its article wrote it: a whole one as an integer, 31 and not 31.0 (the
    models keep every figure as a float; read back, 31 is the same float); 2.5 stays 2.5.
    The one place of that rule: stored JSON, exports, answers and the search words use it."""
    return int(number) if float(number).is_integer() else number


def _number(value: float) -> str:
    return f"{whole(value):,}"
