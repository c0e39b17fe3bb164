"""How two named actors relate ("is the TTP the same as the Afghan Taliban", "are the TTP and
the Afghan Taliban linked"): what the articles say of each (their descriptions), then the
claims that involve both, each attributed; the bot gives no verdict of its own."""

from __future__ import annotations

from facts.briefing.snapshot import Snapshot
from facts.models import NameKind
from facts.retrieval import LINKED_PER_HIT, Reading

LONGEST_NAME = 4  # words: the longest run of the question's words read as one name


def related_actors(snap: Snapshot, reading: Reading) -> list[str]:
    """The actors a question that asks how actors relate names by a name of theirs, a weak
    one too when it is one actor's alone ("India": its government; "Taliban" alone is
    several), in its order; none unless it names two."""
    if not reading.question.asks_relation:
        return []
    words = reading.question.words
    found: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(LONGEST_NAME, len(words) - start), 0, -1):
            ids = {
                e.record_id
                for e in snap.index.named(" ".join(words[start : start + size]))
                if e.kind == "actor"
                and e.name_kind in (NameKind.NAME, NameKind.ALIAS, NameKind.WEAK)
            }
            if len(ids) == 1:
                found.extend(ids - set(found))
                start += size
                break
        else:
            start += 1
    return found if len(found) >= 2 else []


def claims_between(snap: Snapshot, actor_ids: list[str]) -> set[str]:
    """The claims by or about two or more of the actors (or those under them): Pakistan's
    accusation that the Taliban shelter the TTP, Kabul's denial of it."""
    involved: dict[str, int] = {}
    for actor_id in actor_ids:
        # The actor and, in a large store, the first of those under it: a bounded read.
        family = [actor_id, *sorted(snap.family(actor_id) - {actor_id})][:LINKED_PER_HIT]
        by = snap.links.claims_by.get_many(family, LINKED_PER_HIT)
        about = snap.links.claims_about_actor.get_many(family, LINKED_PER_HIT)
        for claim_id in {c for ids in (*by.values(), *about.values()) for c in ids}:
            involved[claim_id] = involved.get(claim_id, 0) + 1
    return {claim_id for claim_id, count in involved.items() if count >= 2}
