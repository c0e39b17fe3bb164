"""The facts store's records, as strict pydantic models.

Every record that states something carries at least one Quote: a verbatim span of one source
article. The models check each record on its own (types, required fields, shapes); the
cross-record checks (references resolve, quotes occur in their article, aliases do not collide)
live in `facts.validate`.

Each of the five kinds (`Fact` subclasses) also says what the rest of the code asks of any
record: its `label`, its quotes (`quoted()`), its `references()` and its `names()`; `KINDS`,
at the end, is the one table of kinds, their models and their YAML files. The module is
longer than most because a kind's fields and its behaviour are meant to be read together.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, ClassVar, Literal, NamedTuple, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

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
        return _unique(q.quote.source for q in self.quoted())

    @abstractmethod
    def references(self) -> list[Reference]:
        """Every reference the record makes, the quotes' sources included."""

    @abstractmethod
    def names(self) -> list[Name]:
        """Everything the record can be found by, with the kind of name each is: its id
        first (readers type 'bannu attack' for `bannu-attack`), then its own names."""


def _id_name(record_id: str) -> Name:
    return Name(record_id.replace("-", " "), NameKind.ID)


def _quote_sources(quoted: list[Quoted]) -> list[Reference]:
    return [Reference(f"{q.path}.source", q.quote.source, "source") for q in quoted]


def _listed(field: str, ids: Iterable[str], kind: str) -> list[Reference]:
    """References of a list field: 'places[0]', 'places[1]', ..."""
    return [Reference(f"{field}[{i}]", target, kind) for i, target in enumerate(ids)]


def _optional(field: str, target: str | None, kind: str) -> list[Reference]:
    return [Reference(field, target, kind)] if target else []


def _alias_names(name: str, aliases: list[Alias]) -> list[Name]:
    """An actor's or place's name and aliases; a weak alias may name several records."""
    return [Name(name, NameKind.NAME)] + [
        Name(a.name, NameKind.WEAK if a.kind is AliasKind.WEAK else NameKind.ALIAS) for a in aliases
    ]


# --- sources -------------------------------------------------------------------------------


FILE_NAME_CHARS = 100
FILE_NAME_BYTES = 200  # file systems allow 255 bytes; a name in another script takes 2-4 a letter


def _file_name(value: str) -> str:
    """A file name every file system can hold: bounded in characters and in UTF-8 bytes."""
    size = len(value.encode("utf-8"))
    if len(value) > FILE_NAME_CHARS or size > FILE_NAME_BYTES:
        raise ValueError(
            f"a file name of at most {FILE_NAME_CHARS} characters and {FILE_NAME_BYTES} bytes"
            f" (this one has {len(value)} characters, {size} bytes)"
        )
    return value


class Source(Fact):
    """One article. Metadata the text does not show stays null, and `notes` says why."""

    yaml_file: ClassVar[str] = "sources.yaml"
    kind: Literal["source"] = "source"
    id: Slug
    file: Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.txt$"), AfterValidator(_file_name)]
    publisher: Text | None = None
    title: Text | None = None
    author: Text | None = None
    published: dt.date | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = "en"
    notes: Text = Field(description="how the metadata was established, and what is unknown")
    evidence: list[Text] = Field(
        default_factory=list,
        description="verbatim spans of the article that show the metadata above",
    )

    described_as: Text | None = Field(
        default=None,
        description="how a newsroom would cite an article with neither publisher nor author "
        "('unsigned opinion article on the Paktika strikes'); never a guessed name",
    )

    @property
    def label(self) -> str:
        """How answers name the source, as a newsroom cites it: its publisher; else its
        author ('Umair Jamal'); else a readable description. Never a slug, never a guess."""
        return self.publisher or self.author or self.described_as or "unidentified article"

    @property
    def own_voice_label(self) -> str:
        """Who speaks when the article states something in its own voice: 'Daljoog News (own
        reporting)'; 'Umair Jamal' for a signed piece with no known publisher."""
        return f"{self.publisher} (own reporting)" if self.publisher else self.label

    def quoted(self) -> list[Quoted]:
        return []

    def references(self) -> list[Reference]:
        return []

    def names(self) -> list[Name]:
        found = [Name(v, NameKind.NAME) for v in (self.publisher, self.author, self.title) if v]
        return [_id_name(self.id), *found, Name(self.file.removesuffix(".txt"), NameKind.ID)]


# --- actors and places ---------------------------------------------------------------------


STANDALONE = (
    "why no event or claim needs to refer to this record; without it, a record nothing "
    "refers to is reported by `facts validate` as a warning"
)


class ActorKind(StrEnum):
    ARMED_GROUP = "armed group"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    MILITARY = "military"
    PERSON = "person"
    INTERNATIONAL_BODY = "international body"
    RESEARCH_BODY = "research body"
    MEDIA = "media"
    STATE = "state"
    OTHER = "other"


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


class Actor(Fact):
    yaml_file: ClassVar[str] = "actors.yaml"
    kind: Literal["actor"] = "actor"
    id: Slug
    name: Text
    actor_kind: ActorKind
    description: Text
    parent: Slug | None = None
    aliases: list[Alias] = Field(default_factory=list)
    quotes: list[Quote] = Field(min_length=1, description="where the articles name this actor")
    standalone: Text | None = Field(default=None, description=STANDALONE)

    @property
    def label(self) -> str:
        return self.name

    def quoted(self) -> list[Quoted]:
        return [Quoted(f"quotes[{i}]", q) for i, q in enumerate(self.quotes)]

    def references(self) -> list[Reference]:
        return [*_optional("parent", self.parent, "actor"), *_quote_sources(self.quoted())]

    def names(self) -> list[Name]:
        return [_id_name(self.id), *_alias_names(self.name, self.aliases)]


class PlaceKind(StrEnum):
    COUNTRY = "country"
    PROVINCE = "province"
    DISTRICT = "district"
    CITY = "city"
    SITE = "site"
    REGION = "region"


class Place(Fact):
    yaml_file: ClassVar[str] = "places.yaml"
    kind: Literal["place"] = "place"
    id: Slug
    name: Text
    place_kind: PlaceKind
    country: Slug | None = Field(default=None, description="id of the country place")
    parent: Slug | None = Field(default=None, description="id of the enclosing place")
    aliases: list[Alias] = Field(default_factory=list)
    standalone: Text | None = Field(default=None, description=STANDALONE)

    @property
    def label(self) -> str:
        return self.name

    def quoted(self) -> list[Quoted]:
        return []

    def references(self) -> list[Reference]:
        return [
            *_optional("country", self.country, "place"),
            *_optional("parent", self.parent, "place"),
        ]

    def names(self) -> list[Name]:
        return [_id_name(self.id), *_alias_names(self.name, self.aliases)]


# --- events --------------------------------------------------------------------------------


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

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.precision is DatePrecision.UNKNOWN:
            if self.start or self.end:
                raise ValueError("an unknown date carries no start or end")
        elif self.start is None:
            raise ValueError(f"precision {self.precision.value!r} needs a start date")
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValueError("end is before start")
        derived = self.derivation is not DateDerivation.STATED
        if derived and self.note is None and self.precision is not DatePrecision.UNKNOWN:
            raise ValueError("a derived date needs a note saying how it was derived")
        return self

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        far = dt.date.max
        return (self.start or far, self.end or self.start or far)

    def display(self) -> str:
        """'22 Feb 2026', '27–28 Feb 2026', 'Dec 2024', 'Oct–Nov 2025', '2025', 'date unknown'."""
        start, end = self.start, self.end
        if start is None:
            return "date unknown"
        if self.precision is DatePrecision.YEAR:
            return f"{start.year}–{end.year}" if end and end.year != start.year else f"{start.year}"
        if self.precision is DatePrecision.MONTH:
            if end is None or (end.year, end.month) == (start.year, start.month):
                return start.strftime("%b %Y")
            if end.year == start.year:
                return f"{start:%b}–{end:%b %Y}"
            return f"{start:%b %Y} – {end:%b %Y}"
        text = f"{start.day} {start:%b %Y}"
        if end and end != start:
            if (end.year, end.month) == (start.year, start.month):
                text = f"{start.day}–{end.day} {end:%b %Y}"
            elif end.year == start.year:
                text = f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
            else:  # a range across the new year keeps both years
                text = f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
        if self.precision is DatePrecision.WEEK:
            text = f"week of {text}"
        return text


class EventType(StrEnum):
    """ACLED's event types."""

    BATTLES = "battles"
    EXPLOSIONS = "explosions/remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "violence against civilians"
    PROTESTS = "protests"
    RIOTS = "riots"
    STRATEGIC_DEVELOPMENTS = "strategic developments"


class ActorRole(StrEnum):
    ATTACKER = "attacker"
    TARGET = "target"
    CLAIMED_RESPONSIBILITY = "claimed responsibility"
    ANNOUNCER = "announcer"
    PARTICIPANT = "participant"
    MEDIATOR = "mediator"
    REACTOR = "reactor"


class EventActor(Record):
    actor: Slug
    role: ActorRole


class Event(Fact):
    yaml_file: ClassVar[str] = "events.yaml"
    kind: Literal["event"] = "event"
    id: Slug
    headline: Text
    summary: Text
    date: EventDate
    event_type: EventType
    sub_event_type: Text | None = Field(
        default=None, description="ACLED sub-event type, e.g. 'air/drone strike'"
    )
    places: list[Slug] = Field(default_factory=list)
    actors: list[EventActor] = Field(default_factory=list)
    keywords: list[Text] = Field(default_factory=list)
    quotes: list[Quote] = Field(min_length=1)

    @property
    def label(self) -> str:
        return self.headline

    def quoted(self) -> list[Quoted]:
        return [Quoted(f"quotes[{i}]", q) for i, q in enumerate(self.quotes)]

    def references(self) -> list[Reference]:
        return [
            *_listed("places", self.places, "place"),
            *(Reference(f"actors[{i}].actor", a.actor, "actor") for i, a in enumerate(self.actors)),
            *_quote_sources(self.quoted()),
        ]

    def names(self) -> list[Name]:
        keywords = [Name(k, NameKind.KEYWORD) for k in self.keywords]
        return [_id_name(self.id), Name(self.headline, NameKind.NAME), *keywords]


# --- claims --------------------------------------------------------------------------------


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
        return self

    @property
    def label(self) -> str:
        return self.statement

    def quoted(self) -> list[Quoted]:
        return [Quoted("quote", self.quote)]

    def references(self) -> list[Reference]:
        return [
            *_optional("claimant", self.claimant, "actor"),
            *_optional("about_event", self.about_event, "event"),
            *_listed("about_actors", self.about_actors, "actor"),
            *_listed("about_places", self.about_places, "place"),
            *_listed("disputes", self.disputes, "claim"),
            *_listed("differs", self.differs, "claim"),
            *_quote_sources(self.quoted()),
        ]

    def names(self) -> list[Name]:
        return [_id_name(self.id), *(Name(k, NameKind.KEYWORD) for k in self.keywords)]


# --- the table of kinds --------------------------------------------------------------------

AnyRecord = Source | Actor | Place | Event | Claim
# Load order: sources first, since the others quote them.
MODELS: tuple[type[AnyRecord], ...] = (Source, Actor, Place, Event, Claim)
# kind -> model; each model's `kind` default is its name, `yaml_file` its dataset file.
KINDS: dict[str, type[AnyRecord]] = {m.model_fields["kind"].default: m for m in MODELS}


def _unique(items: Iterable[str]) -> list[str]:
    """The items in first-seen order, each once."""
    return list(dict.fromkeys(items))


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
