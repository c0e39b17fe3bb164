"""How answers word what the data model distinguishes: small pieces kept out of the
briefing's finding and ranking code, so that both can change without colliding."""

from __future__ import annotations

from facts.answers import Item, Section
from facts.models import Alias

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


def _alias_kind(alias: Alias) -> str:
    if alias.in_articles:
        return alias.kind.value
    return f"{alias.kind.value}; readers' name, not the articles'"
