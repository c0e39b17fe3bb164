"""FTS5 retrieval's budget: the question's rarest words bring the records, as many as fit in
the rows bm25 may score (FullText's `scored`, small here); the others rank what they bring."""

from __future__ import annotations

import pytest

from facts import fulltext
from facts.fulltext import FullText
from facts.reads import Reads

BUDGET = 3  # rows bm25 may score in these tests


@pytest.fixture
def index() -> FullText:
    reads = Reads.in_memory()
    fulltext.create(reads.db)
    rows = [
        ("huzbai-police", "Huzbai Police", "", ""),
        ("huzbai-jirga", "Huzbai Peace Jirga", "", ""),
        *((f"police-{n}", f"Town {n} Police", "", "") for n in range(5)),
        ("policy-institute", "Institute of Policy Studies", "", ""),
        ("policies-forum", "Policies Forum", "", ""),
    ]
    for rowid, (record_id, names, title, body) in enumerate(rows, start=1):
        reads.db.execute(
            "INSERT INTO fulltext (rowid, id, kind, names, title, body, figures)"
            " VALUES (?, ?, 'actor', ?, ?, ?, '')",
            (rowid, record_id, names, title, body),
        )
    return FullText(reads, scored=BUDGET)


def found(index: FullText, *groups: tuple[str, ...]) -> list[str]:
    return [hit.record_id for hit in index.search(list(groups), limit=20)]


def test_a_rare_word_alone_brings_the_records(index: FullText) -> None:
    """'Huzbai Police': 'police' is in six records, so only the records with 'huzbai' come;
    the one holding both words still ranks first (bm25 over what was searched, and the
    retriever's coverage then counts every word)."""
    hits = found(index, ("huzbai", "huzbai*"), ("police", "polic*"))
    assert sorted(hits) == ["huzbai-jirga", "huzbai-police"]


def test_a_question_of_common_words_only_still_finds_them(index: FullText) -> None:
    hits = found(index, ("police", "polic*"))
    assert sorted(hits) == sorted([*(f"police-{n}" for n in range(5)), "huzbai-police"])


def test_a_common_word_is_searched_without_its_other_forms(index: FullText) -> None:
    """'polic*' would also bring 'policy' and 'policies': a common word has answers enough."""
    assert "policy-institute" not in found(index, ("police", "polic*"))


def test_a_rare_word_keeps_its_other_forms(index: FullText) -> None:
    """'policies' is in one record: 'polic*' still finds 'policy' for it."""
    assert "policy-institute" in found(index, ("policies", "polic*"))


def test_the_rarest_words_that_fit_the_budget_bring_the_records(index: FullText) -> None:
    """'jirga' (one row) and 'huzbai' (two) fit a budget of three; 'police' does not."""
    hits = found(index, ("police",), ("huzbai",), ("jirga",))
    assert sorted(hits) == ["huzbai-jirga", "huzbai-police"]
    assert hits[0] == "huzbai-jirga"  # it holds both searched words


def test_within_the_budget_every_group_is_searched(index: FullText) -> None:
    few = FullText(index._reads, scored=100)
    hits = found(few, ("huzbai",), ("police",))
    assert len(hits) == 7  # both huzbai records and every police one
    assert hits[0] == "huzbai-police"


def test_words_left_out_for_cost_still_find_the_records_holding_every_word() -> None:
    """'Gul Qureshi': each word is in four records, a budget of five fits one of them; the
    one record holding both still comes first, whichever word was left out."""
    reads = Reads.in_memory()
    fulltext.create(reads.db)
    names = [f"Gul {n}" for n in "abc"] + [f"Qureshi {n}" for n in "abc"] + ["Gul Qureshi"]
    for rowid, name in enumerate(names, start=1):
        reads.db.execute(
            "INSERT INTO fulltext (rowid, id, kind, names, title, body, figures)"
            " VALUES (?, ?, 'actor', ?, '', '', '')",
            (rowid, name.lower().replace(" ", "-"), name),
        )
    index = FullText(reads, scored=5)
    hits = index.search([("gul",), ("qureshi",)], limit=2)
    assert hits[0].record_id == "gul-qureshi"


def test_every_word_finds_only_the_records_holding_each_group(index: FullText) -> None:
    """A question that is a name: what holds only part of it is left out; a group's
    alternatives still stand for its word."""
    groups = [("huzbai", "huzbai*"), ("police", "polic*")]
    assert [h.record_id for h in index.search(groups, 20, every_word=True)] == ["huzbai-police"]
    assert index.search([("huzbai",), ("forum",)], 20, every_word=True) == []
    either = [("policy", "policies"), ("forum",)]
    assert [h.record_id for h in index.search(either, 20, every_word=True)] == ["policies-forum"]
