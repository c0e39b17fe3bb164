"""A source: one article, and how answers name it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, StringConstraints

from facts.models.common import Fact, Name, NameKind, Quoted, Reference, Slug, Text, id_name

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
        return [id_name(self.id), *found, Name(self.file.removesuffix(".txt"), NameKind.ID)]
