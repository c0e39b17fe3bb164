"""The benchmark's generator, peers and measurements at a tiny size: correctness and the
shape of what they return only, never timing."""

from __future__ import annotations

import pytest

from benchmarks.live import measure_store, summarise_importtime
from benchmarks.peers import TOP_K, FtsPeer, NaivePeer, record_text, relevant
from benchmarks.report import COMMANDS, percentile
from benchmarks.run import found, main
from benchmarks.synthetic import QUERY_KINDS, generate, typo, variant
from facts.briefing import SUBJECT_KINDS, Briefing
from facts.search import Resolution, SearchIndex
from facts.search import index as search_index
from facts.validate import check

SIZE = 300
COMMAND_KINDS = {"actor": ("actor",), "claims": SUBJECT_KINDS}


def top_id(resolution: Resolution) -> str | None:
    first = resolution.best or (resolution.candidates[0] if resolution.candidates else None)
    return first.record_id if first else None


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


def test_peers_and_index_find_exact_names(synthetic):
    facts = synthetic.facts
    naive, fts = NaivePeer(facts), FtsPeer(facts)
    index = SearchIndex.build(facts)
    exact = [q for q in synthetic.queries if q.kind == "exact"]
    assert exact
    for query in exact:
        kind = "actor" if query.command == "actor" else None
        for peer in (naive, fts):
            top = peer.top(query.text, kind)
            assert len(top) <= TOP_K
            assert all(facts.get(i) is not None for i in top)
            if kind:
                assert all(facts.get(i).kind == "actor" for i in top)
            if query.text == facts.get(query.expected).name:  # acronyms defeat both peers
                assert query.expected in top
        kinds = ("actor",) if query.command == "actor" else None
        assert top_id(index.resolve(query.text, kinds)) == query.expected
    assert fts.top("") == []
    fts.close()


def test_peers_search_the_full_text(synthetic):
    claim = next(iter(synthetic.facts.claims.values()))
    assert claim.quote.text in record_text(claim)
    assert claim.statement in record_text(claim)


def test_relevant_and_found(synthetic):
    briefing = Briefing(synthetic.facts)
    for query in synthetic.queries:
        for command in COMMANDS:
            wanted = relevant(briefing.links, command, query.expected)
            assert not wanted or query.expected in wanted
            if command in ("actor", "search"):
                assert wanted
            if command == "actor":
                assert wanted == {query.expected}
            answer = briefing.ask(command, query.text)
            assert found(answer, command, wanted) in (True, False)
    actor = next(q for q in synthetic.queries if q.command == "actor" and q.kind == "exact")
    answer = briefing.ask("actor", actor.text)
    assert found(answer, "actor", frozenset({actor.expected}))
    assert not found(answer, "actor", frozenset({"no-such-record"}))


def test_edit_shows_in_the_next_answer(synthetic):
    result = measure_store(synthetic.facts, edits=2)
    assert result.shown == [True, True]
    assert len(result.visible_ms) == len(result.edit_ms) == len(result.cached_ms) == 2
    assert result.seed_s > 0
    assert result.reopen_s > 0


def test_importtime_summary():
    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       100 |        100 |   aiohttp.web",
            "import time:       200 |        900 |   aiohttp",
            "import time:       300 |       1500 | discord",
            "import time:        50 |         50 | yaml",
            "some other line",
        ]
    )
    packages, total = summarise_importtime(stderr)
    assert packages == [("discord", 1.5), ("aiohttp", 0.9), ("yaml", 0.05)]
    assert total == pytest.approx(1.55)


def test_large_vocabulary_path_answers_like_the_full_scan(synthetic, monkeypatch):
    """Past FULL_SCAN_TERMS, fuzz.ratio only sees terms within a typo's reach."""
    full = SearchIndex.build(synthetic.facts)
    monkeypatch.setattr(search_index, "FULL_SCAN_TERMS", 0)
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


def test_run_prints_the_tables(capsys):
    main(
        [
            *("--sizes", "200", "--queries", "6", "--naive-sample", "3", "--edits", "1"),
            *("--no-cold", "--no-relevance"),
        ]
    )
    out = capsys.readouterr().out
    for heading in ("fts5/ours", "naive/ours", "ours@naive", "edit->visible", "build s (cpu)"):
        assert heading in out
    for command in COMMANDS:
        assert f"| {command}" in out
    assert "target quality >= naive" in out
