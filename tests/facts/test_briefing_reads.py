"""An answer reads the records its items are made of a few at a time, not one each: at
100,000 records a claims answer had made some thirty single-record reads (the claimant,
the body it speaks for, the article quoted, the claims beside it), each a statement."""

from __future__ import annotations

from facts.library import Library
from facts.store import Store

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
