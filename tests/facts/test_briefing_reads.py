"""An answer reads the records its items are made of a few at a time, not one each: at
100,000 records a claims answer had made some thirty single-record reads (the claimant,
the body it speaks for, the article quoted, the claims beside it), each a statement."""

from __future__ import annotations

from facts.library import Library
from facts.store import Editor, Store

EDITOR = Editor("desk")

_ONE_RECORD = "SELECT kind, data FROM records WHERE id = "  # then the id, as run


def test_a_claims_answer_reads_what_its_items_name_in_a_few_reads(seeded_store: Store):
    briefing = Library(seeded_store).briefing()
    reads = seeded_store.reads()  # the store's one reading connection, the answers' too
    assert reads is not None
    statements: list[str] = []
    reads.db.set_trace_callback(statements.append)
    try:
        answer = briefing.claims("death toll")  # disputes, each whole: many claimants
    finally:
        reads.db.set_trace_callback(None)
    shown = answer.items()
    assert len(shown) >= 10
    one_at_a_time = [s for s in statements if s.startswith(_ONE_RECORD)]
    # The events the topic names are read one by one as it is resolved; the thirty claims,
    # claimants, bodies and articles of the items are read in batches (there had been 30).
    assert len(one_at_a_time) <= 10, one_at_a_time


def test_every_open_dispute_is_worked_out_once_until_the_store_changes(seeded_store: Store):
    """`latest` and the digest read every dispute (thousands in a year's store): the groups
    and what is counted of them are kept, and an edit that ends a dispute is in the next
    answer all the same."""
    briefing = Library(seeded_store).briefing()
    groups = briefing.dispute_groups()
    assert briefing.most_voiced(groups, 3) == briefing.most_voiced(groups, 3)
    reads = seeded_store.reads()
    assert reads is not None
    statements: list[str] = []
    reads.db.set_trace_callback(statements.append)
    try:
        assert briefing.dispute_groups() == groups
        briefing.most_voiced(groups, 3)
    finally:
        reads.db.set_trace_callback(None)
    assert not [s for s in statements if "claim_links" in s or "FROM links" in s]
    mosque = next(g for g in groups if "mosque-toll-daljoog" in g)
    for claim_id in mosque:
        seeded_store.edit(claim_id, {"disputes": []}, by=EDITOR, reason="settled by the desk")
    after = briefing.dispute_groups()
    assert len(after) == len(groups) - 1
    assert all("mosque-toll-daljoog" not in g for g in after)
