"""How answers word what the data model distinguishes: small pieces kept out of the
briefing's finding and ranking code, so that both can change without colliding."""

from __future__ import annotations

from facts.answers import Item, Section
from facts.models import Alias, AliasKind

DIFFERS_NOTE = (
    "These accounts differ in detail; neither contradicts the other (one article is silent "
    "where another is specific). Each is attributed to who says it."
)


def differs_section(topic: str, items: list[Item]) -> Section:
    """Claims linked by `differs`, side by side: marked as differing in detail, never as
    disputed."""
    return Section(heading=f"Accounts differ in detail: {topic}", items=items, note=DIFFERS_NOTE)


def alias_list(aliases: list[Alias]) -> str:
    """'TTP (acronym), MEA (acronym; readers' name, not the articles')': a name no article
    uses is never given as the articles' words."""
    return ", ".join(f"{a.name} ({_alias_kind(a)})" for a in aliases)


# How a reader sees each kind of alias; a weak one names others too ("Taliban").
_KIND_WORDS = {AliasKind.WEAK: "also used for others"}


def _alias_kind(alias: Alias) -> str:
    kind = _KIND_WORDS.get(alias.kind, alias.kind.value)
    return kind if alias.in_articles else f"{kind}; readers' name, not the articles'"
