"""The digest stays a digest at any size: bounded parts, the rest counted and a command away,
one citation numbering, and only the window's revisions read (never the whole seed)."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.synthetic import build_facts
from bot.render import render_embeds
from facts.answers import Answer
from facts.briefing import Briefing
from facts.digest import (
    CHANGES_COMMAND,
    DISPUTES_COMMAND,
    LATEST_EVENTS,
    MAX_CHANGES,
    MAX_DISPUTES,
    build_digest,
)
from tests.digest_scale import SEEDED, MemoryStore

EDITS, RETRACTS = 300, 5
Scaled = tuple[MemoryStore, Briefing, Answer]
# A minute's read: the bounded parts fit a few messages, however large the store.
MAX_PAGES = 6


@pytest.fixture(scope="module")
def scaled() -> Scaled:
    """About 12,000 synthetic records (over 2,000 open disputes), then a busy day: EDITS edits
    of disputed claims and RETRACTS retractions, the retractions first."""
    facts = build_facts(12_000)
    store = MemoryStore(facts)
    disputed = [c for c in facts.claims.values() if c.disputes]
    at = SEEDED + dt.timedelta(hours=1)
    for k in range(RETRACTS):
        store.change(disputed[-1 - k], "retract", None, at)
    for k in range(EDITS):
        claim = disputed[k]
        edited = claim.model_copy(update={"statement": f"{claim.statement} (corrected)"})
        store.change(claim, "edit", edited, at + dt.timedelta(minutes=k))
    briefing = Briefing(facts)
    store.handed_out = 0
    digest = build_digest(
        store,
        since=SEEDED - dt.timedelta(hours=1),
        now=SEEDED + dt.timedelta(days=1),
        briefing=briefing,
    )
    return store, briefing, digest


def test_thousands_of_disputes_make_a_digest_of_a_few_messages(scaled: Scaled) -> None:
    _, briefing, digest = scaled
    groups = briefing.dispute_groups()
    assert len(groups) > 2000
    assert digest.summary is not None
    assert f"{len(groups)} open disputes" in digest.summary
    assert f"{EDITS + RETRACTS} changes since" in digest.summary
    assert len(render_embeds(digest)) <= MAX_PAGES


def test_the_changes_are_bounded_the_withdrawn_first_and_the_rest_counted(scaled: Scaled) -> None:
    _, _, digest = scaled
    changes = digest.sections[0]
    assert len(changes.items) == MAX_CHANGES
    titles = [item.title for item in changes.items]
    assert all(t.startswith("Retracted claim") for t in titles[:RETRACTS])
    assert all(t.startswith("Edited claim") for t in titles[RETRACTS:])
    assert changes.note is not None
    more = EDITS + RETRACTS - MAX_CHANGES
    assert changes.note.endswith(f"And {more} more changes:")
    assert changes.more is not None
    assert changes.more.name == CHANGES_COMMAND


def test_the_disputes_are_bounded_the_changed_first_and_the_full_list_named(scaled: Scaled) -> None:
    _, briefing, digest = scaled
    shown = [s for s in digest.sections if s.disputed]
    assert len(shown) == MAX_DISPUTES
    # The latest edits touched these disputes: they lead, each shown whole, side by side.
    group_of = {c: frozenset(g) for g in briefing.dispute_groups() for c in g}
    latest = [i.id for i in digest.sections[0].items if i.title.startswith("Edited")]
    leading = [frozenset(i.id for i in s.items) for s in shown[:2]]
    assert leading == [group_of[latest[0]], group_of[latest[1]]]
    assert all(len(s.items) > 1 and s.note for s in shown)
    [overview] = [s for s in digest.sections if s.heading == "Open disputes"]
    assert overview.note is not None
    assert f"{MAX_DISPUTES} of {len(briefing.dispute_groups())} open disputes" in overview.note
    assert overview.more is not None
    assert overview.more.name == DISPUTES_COMMAND
    timeline = [s for s in digest.sections if s.heading == "Latest on the timeline"]
    assert len(timeline[0].items) == LATEST_EVENTS


def test_citations_are_numbered_once_and_every_item_is_cited(scaled: Scaled) -> None:
    _, _, digest = scaled
    numbers = [c.number for c in digest.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    keys = [(c.source_id, c.quote) for c in digest.citations]
    assert len(set(keys)) == len(keys)
    items = digest.items()
    assert items
    assert all(item.citations for item in items)
    assert {n for item in items for n in item.citations} == set(numbers)


def test_only_the_windows_revisions_are_read_not_the_seed(scaled: Scaled) -> None:
    store, _, _ = scaled
    changed = EDITS + RETRACTS
    assert store.seed_head() > 10 * changed
    # The store picks the window: what changed, never the seed's thousands.
    assert store.handed_out == changed
