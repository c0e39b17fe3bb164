"""The benchmark's generator and baseline at a tiny size: correctness only, never timing."""

from __future__ import annotations

import pytest

from benchmarks.run import COMMAND_KINDS, Baseline, main, percentile, top_id
from benchmarks.synthetic import QUERY_KINDS, generate, typo, variant
from facts import search
from facts.briefing import Briefing
from facts.search import SearchIndex
from facts.validate import check

SIZE = 300


@pytest.fixture(scope="module")
def synthetic():
    return generate(SIZE, queries=12)


def test_generator_is_deterministic(synthetic):
    again = generate(SIZE, queries=12)
    assert again.facts.summary() == synthetic.facts.summary()
    assert again.queries == synthetic.queries
    assert again.facts.articles == synthetic.facts.articles


def test_generated_set_is_valid_and_about_the_size_asked(synthetic):
    facts = synthetic.facts
    assert check(facts) == []
    assert abs(sum(facts.counts().values()) - SIZE) <= 2
    assert all(facts.counts().values())


def test_queries_cover_every_kind_and_name_real_records(synthetic):
    facts = synthetic.facts
    assert {q.kind for q in synthetic.queries} == set(QUERY_KINDS)
    assert {q.command for q in synthetic.queries} == {"actor", "claims"}
    for query in synthetic.queries:
        record = facts.get(query.expected)
        assert record is not None
        assert record.kind in (("actor",) if query.command == "actor" else ("actor", "place"))
        if query.kind == "exact":
            assert query.text in [record.name, *(a.name for a in record.aliases)]
        else:
            assert query.text != record.name


def test_edits_change_one_spot():
    import random

    rng = random.Random(1)
    for _ in range(50):
        assert len(typo("Nangarhar", rng)) in (8, 9)
        assert variant("Tehrik", rng) != "Tehrik"


def test_baseline_and_index_find_exact_names(synthetic):
    baseline = Baseline(synthetic.facts)
    index = SearchIndex.build(synthetic.facts)
    exact = [q for q in synthetic.queries if q.kind == "exact"]
    assert exact
    for query in exact:
        if query.text == synthetic.facts.get(query.expected).name:  # acronyms defeat WRatio
            assert baseline.top(query.command, query.text) == query.expected
        kinds = ("actor",) if query.command == "actor" else None
        assert top_id(index.resolve(query.text, kinds)) == query.expected


def test_large_vocabulary_path_answers_like_the_full_scan(synthetic, monkeypatch):
    """Past FULL_SCAN_TERMS, fuzz.ratio only sees terms within a typo's reach."""
    full = SearchIndex.build(synthetic.facts)
    monkeypatch.setattr(search, "FULL_SCAN_TERMS", 0)
    near = SearchIndex.build(synthetic.facts)
    assert near._deleted
    assert not full._deleted
    for query in synthetic.queries:
        kinds = COMMAND_KINDS[query.command]
        assert top_id(near.resolve(query.text, kinds)) == top_id(full.resolve(query.text, kinds))


def test_briefing_answers_generated_queries(synthetic):
    briefing = Briefing(synthetic.facts)
    query = next(q for q in synthetic.queries if q.command == "actor" and q.kind == "exact")
    answer = briefing.actor(query.text)
    assert answer.title == synthetic.facts.actors[query.expected].name


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([7.0], 99) == 7.0


def test_run_prints_the_table(capsys):
    main(["--sizes", "200", "--queries", "6", "--baseline-sample", "3"])
    out = capsys.readouterr().out
    assert "speed-up p50" in out
    assert "ours = truth" in out
    assert "store seed s" in out
