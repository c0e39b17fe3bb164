"""A place: a country, province, district, city, site or region."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field

from facts.models.common import (
    STANDALONE,
    Alias,
    Fact,
    Name,
    Quoted,
    Reference,
    Slug,
    Text,
    alias_names,
    id_name,
    optional,
)


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
            *optional("country", self.country, "place"),
            *optional("parent", self.parent, "place"),
        ]

    def names(self) -> list[Name]:
        return [id_name(self.id), *alias_names(self.name, self.aliases)]
