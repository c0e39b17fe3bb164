"""The links and dispute graphs as tables: written a record at a time, they read as tables
built anew from the whole set."""

from __future__ import annotations

import pytest

from facts import links, tables
from facts.briefing import Briefing
from facts.dataset import load_dir
from facts.factset import FactSet
from facts.links import ClaimGraph, EventOrder, Links
from facts.models import AnyRecord
from facts.reads import Reads

A, B, C = "mosque-toll-aljazeera", "mosque-toll-daljoog", "mosque-wounded-aljazeera"


def _graph(reads: Reads) -> dict[str, set[str]]:
    return {k: v for k, v in ClaimGraph(reads, "disputes").edges().items() if v}


def _write(reads: Reads, record_id: str, record: AnyRecord | None, seq: int) -> None:
    with reads.lock:
        reads.db.execute("BEGIN")
        links.write_all(reads.db, [(record_id, record)], {record_id: seq})
        reads.db.execute("COMMIT")


def test_dispute_links_written_one_claim_at_a_time_match_links_built_anew():
    facts, _ = load_dir()
    claims = dict(facts.claims)
    position = {claim_id: n for n, claim_id in enumerate(facts.claims, start=1)}
    reads = tables.in_memory(FactSet(claims=claims))
    steps: list[tuple[str, AnyRecord | None]] = [
        (C, claims[C].model_copy(update={"disputes": [A]})),  # a new link, one way
        (A, None),  # a claim retracted: its links go
        (A, claims[A]),  # and come back with it
        (B, claims[B].model_copy(update={"disputes": []})),  # one side drops the link
    ]
    for claim_id, after in steps:
        if after is None:
            claims.pop(claim_id)
        else:
            claims[claim_id] = after  # type: ignore[assignment]
        _write(reads, claim_id, after, position[claim_id])
        fresh = tables.in_memory(FactSet(claims=dict(sorted(claims.items()))))
        assert _graph(reads) == _graph(fresh), claim_id
        graph = ClaimGraph(reads, "disputes")
        for claim in claims:  # one claim's links, read alone, agree with the whole graph
            assert graph[claim] == _graph(reads).get(claim, set()), claim
    assert ClaimGraph(reads, "disputes")["no-such-claim"] == set()


def test_reverse_links_keep_the_store_order_and_follow_an_edit():
    facts, _ = load_dir()
    reads = tables.in_memory(facts)
    place = max(facts.places, key=lambda p: sum(p in e.places for e in facts.events.values()))
    expected = [e.id for e in facts.events.values() if place in e.places]
    assert Links(reads).events_at.get(place) == expected
    assert len(expected) >= 2
    moved = facts.events[expected[0]].model_copy(update={"places": ["kabul"]})
    seq = list(facts.events).index(expected[0]) + 1000  # its place is kept, whatever it is
    _write(reads, moved.id, moved, seq)
    assert Links(reads).events_at.get(place) == expected[1:]
    assert moved.id in Links(reads).events_at.get("kabul")
    assert Links(reads).events_at.get("nowhere") == []


def test_the_latest_events_come_from_the_date_order_not_a_scan():
    facts, _ = load_dir()
    order = EventOrder(tables.in_memory(facts))
    dated = [
        (e.date.sort_key, n, e.id) for n, e in enumerate(facts.events.values()) if e.date.start
    ]
    assert order.latest(5) == [i for _, _, i in sorted(dated, reverse=True)[:5]]
    assert order.counts() == (len(dated), len(facts.events) - len(dated))
    assert order.latest_year() == max(k[0][0].year for k in dated)


def test_links_read_for_many_claims_at_once_agree_with_one_at_a_time():
    facts, _ = load_dir()
    reads = tables.in_memory(facts)
    claims = [*facts.claims, "no-such-claim"]
    for link in ("disputes", "differs"):
        single = ClaimGraph(reads, link)  # type: ignore[arg-type]
        batch = ClaimGraph(reads, link)  # type: ignore[arg-type]
        batch.read_many(claims)
        assert {c: batch[c] for c in claims} == {c: single[c] for c in claims}


def test_get_many_gives_each_key_its_first_ids_in_order():
    facts, _ = load_dir()
    table = Links(tables.in_memory(facts)).claims_by
    keys = list(facts.actors)
    many = table.get_many(keys, 3)
    assert many == {k: ids[:3] for k in keys if (ids := table.get(k))}


@pytest.mark.parametrize("query", ["21 feb", "22 feb 2026", "feb 2026", "since 25 feb", "2025"])
def test_a_date_window_reads_the_events_a_full_scan_finds(query: str):
    """`timeline <date>` reads its candidates by date; they hold every event the window
    finds by its own date or by a date a claim gives it."""
    from facts.briefing.timeline import _within
    from facts.dates import split_date

    facts, _ = load_dir()
    briefing = Briefing(facts)
    _, dates = split_date(query, briefing.year)
    assert dates is not None
    with briefing.consistent():
        scanned = {e.id for e in facts.events.values() if _within(briefing.snapshot, e, dates)}
        read = set(briefing.snapshot.events.within(dates.start, dates.end))
    assert scanned
    assert scanned <= read
