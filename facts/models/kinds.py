"""The one table of kinds: each kind's model, in load order, by its name."""

from __future__ import annotations

from facts.models.actor import Actor
from facts.models.claim import Claim
from facts.models.event import Event
from facts.models.place import Place
from facts.models.source import Source

AnyRecord = Source | Actor | Place | Event | Claim
# Load order: sources first, since the others quote them.
MODELS: tuple[type[AnyRecord], ...] = (Source, Actor, Place, Event, Claim)
# kind -> model; each model's `kind` default is its name, `yaml_file` its dataset file.
KINDS: dict[str, type[AnyRecord]] = {m.model_fields["kind"].default: m for m in MODELS}
