"""An actor: a group, government, body or person the articles name."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field

from facts.models.common import (
    STANDALONE,
    Alias,
    Fact,
    Name,
    Quote,
    Quoted,
    Reference,
    Slug,
    Text,
    alias_names,
    id_name,
    optional,
    quote_sources,
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
        return [*optional("parent", self.parent, "actor"), *quote_sources(self.quoted())]

    def names(self) -> list[Name]:
        return [id_name(self.id), *alias_names(self.name, self.aliases)]
