"""The facts store's records, as strict pydantic models: what every record shares (common),
the five kinds, a module each (source, actor, place, event, claim), and the one table of
kinds, their models and their YAML files (kinds)."""

from facts.models.actor import Actor, ActorKind
from facts.models.claim import Attribution, Claim, Figure, Qualifier, Stance, whole
from facts.models.common import (
    STANDALONE,
    Alias,
    AliasKind,
    DateDerivation,
    DatePrecision,
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
)
from facts.models.event import ActorRole, Event, EventActor, EventType
from facts.models.kinds import KINDS, MODELS, AnyRecord
from facts.models.place import Place, PlaceKind
from facts.models.source import FILE_NAME_BYTES, FILE_NAME_CHARS, Source

__all__ = [
    "FILE_NAME_BYTES",
    "FILE_NAME_CHARS",
    "KINDS",
    "MODELS",
    "STANDALONE",
    "Actor",
    "ActorKind",
    "ActorRole",
    "Alias",
    "AliasKind",
    "AnyRecord",
    "Attribution",
    "Claim",
    "DateDerivation",
    "DatePrecision",
    "Event",
    "EventActor",
    "EventDate",
    "EventType",
    "Fact",
    "Figure",
    "Name",
    "NameKind",
    "Place",
    "PlaceKind",
    "Qualifier",
    "Quote",
    "Quoted",
    "Record",
    "Reference",
    "Slug",
    "Source",
    "Stance",
    "Text",
    "whole",
]
