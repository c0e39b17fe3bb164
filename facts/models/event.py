"""An event: what happened, when, where and who took part, as ACLED types it."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field

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
    quote_sources,
)


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
            *listed("places", self.places, "place"),
            *(Reference(f"actors[{i}].actor", a.actor, "actor") for i, a in enumerate(self.actors)),
            *quote_sources(self.quoted()),
        ]

    def names(self) -> list[Name]:
        keywords = [Name(k, NameKind.KEYWORD) for k in self.keywords]
        return [id_name(self.id), Name(self.headline, NameKind.NAME), *keywords]
