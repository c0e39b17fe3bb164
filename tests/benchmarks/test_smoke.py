"""The benchmark's generator, peers and measurements at a tiny size: correctness and the
shape of what they return only, never timing."""

from __future__ import annotations

import json
import random

import pytest

from benchmarks import compare, results
from benchmarks.live import (
    edited_actors,
    measure_edits,
    seed_store,
    summarise_importtime,
    write_dataset,
)
from benchmarks.peers import TOP_K, FtsPeer, NaivePeer, Relevance, record_text
from benchmarks.run import COMMANDS, SizeResult, main, percentile
from benchmarks.synthetic import (
    QUERY_KINDS,
    TRANSLITERATIONS,
    build_queries,
    generate,
    names_of,
    typo,
    typo_for,
    variant,
)
from benchmarks.targets import TARGETS, judge
from facts.briefing import SUBJECT_KINDS, Briefing
from facts.library import Library
from facts.search import Resolution, SearchIndex, phrase
from facts.search import index as search_index
from facts.store import Store
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


def test_typo_is_one_edit_in_the_middle_of_the_word():
    rng = random.Random(1)
    for _ in range(200):
        word = typo("Nangarhar", rng)
        assert len(word) in (8, 9, 10)
        assert word != "Nangarhar"
        assert word[0] == "N"  # never the first or last letter
        assert word[-1] == "r"


def test_a_typo_that_spells_a_name_is_redrawn_for_the_same_record(synthetic):
    record = next(iter(synthetic.facts.places.values()))
    first = typo_for(record, random.Random(3), random.Random(4), {})
    assert first is not None
    named = {phrase(first): {"some-other-record"}}  # as if another record bore that name
    again = typo_for(record, random.Random(3), random.Random(4), named)
    assert again is not None
    assert phrase(again) != phrase(first)  # the next draw ...
    assert again == typo_for(record, random.Random(3), random.Random(4), named)  # ... the same
    assert typo_for(record, random.Random(3), random.Random(4), _Everything()) is None


class _Everything(dict):
    """Names every text: no typo can be drawn."""

    def __contains__(self, key: object) -> bool:
        return True


def test_no_typo_query_spells_any_records_name(synthetic):
    named = names_of(synthetic.facts)
    queries = build_queries(synthetic.facts, 60)
    typos = [q for q in queries if q.kind == "typo"]
    assert len(typos) == 40  # a third of each command's queries: the count is kept
    assert all(phrase(q.text) not in named for q in typos)


def test_transliteration_follows_the_table():
    rng = random.Random(1)
    assert {variant("Qasim", rng) for _ in range(100)} >= {"Kasim", "Qaseem"}
    assert {variant("Khan", rng) for _ in range(100)} == {"Kan"}  # kh -> k is the one rule
    seen = {variant("Wazir", rng) for _ in range(200)}
    assert "Vazir" in seen
    assert "Wazeer" in seen
    assert "Kandahar" in {variant("Kandar", rng) for _ in range(200)}  # -ar -> -ahar
    assert ("ee", "i") in TRANSLITERATIONS
    assert ("i", "ee") in TRANSLITERATIONS
    assert variant("Bcd", rng) is None  # no rule applies


def test_peers_find_exact_names(synthetic):
    facts = synthetic.facts
    naive, fts = NaivePeer.of(facts), FtsPeer(facts)
    index = SearchIndex.build(facts)
    exact = [q for q in synthetic.queries if q.kind == "exact"]
    assert exact
    for query in exact:
        for peer in (naive, fts):
            top = peer.top(query.text)
            assert len(top) <= TOP_K
            assert all(facts.get(i) is not None for i in top)
        if query.text == facts.get(query.expected).name:  # an acronym defeats the naive peer
            assert query.expected in naive.top(query.text)
        kinds = ("actor",) if query.command == "actor" else None
        assert top_id(index.resolve(query.text, kinds)) == query.expected
    assert fts.top("") == []
    fts.close()


def test_naive_peer_sees_an_edit_and_completes_names(synthetic):
    facts = synthetic.facts
    naive = NaivePeer.of(facts)
    actor = next(iter(facts.actors.values()))
    naive.replace(actor.id, {"id": actor.id, "name": "Zorblatt Quxington"})
    assert naive.top("Zorblatt Quxington")[0] == actor.id
    prefix = actor.name[:3]
    completed = naive.complete(prefix)
    assert completed
    assert all(facts.get(i) is not None for i in completed)


def test_peers_search_every_value_of_the_record(synthetic):
    claim = next(iter(synthetic.facts.claims.values()))
    assert claim.quote.text in record_text(claim)
    assert claim.statement in record_text(claim)
    assert claim.id in record_text(claim)


def test_relevance_reads_the_set(synthetic):
    facts = synthetic.facts
    truth = Relevance(facts)
    claim = next(iter(facts.claims.values()))
    assert claim.id in truth.wanted("claims", claim.claimant)
    assert claim.id in truth.wanted("search", claim.claimant)
    event = next(iter(facts.events.values()))
    assert event.id in truth.wanted("timeline", event.places[0])
    assert truth.wanted("actor", claim.claimant) == {claim.claimant}
    for query in synthetic.queries:
        for command in COMMANDS:
            wanted = truth.wanted(command, query.expected)
            assert not wanted or query.expected in wanted


def test_edit_shows_in_the_next_answer(synthetic, tmp_path):
    write_dataset(synthetic.facts, tmp_path / "seed")
    assert seed_store(tmp_path / "facts.db", tmp_path / "seed") > 0
    with Store.open(tmp_path / "facts.db", seed_dir=tmp_path / "seed") as store:
        library = Library(store)
        edits = measure_edits(store, library, edited_actors(synthetic.facts, 2))
    assert edits.shown == [True, True]
    assert len(edits.visible_ms) == len(edits.edit_ms) == 2


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
    scanned = [top_id(full.resolve(q.text, COMMAND_KINDS[q.command])) for q in synthetic.queries]
    assert full._current().vocabulary is not None  # this set's vocabulary is scanned whole
    monkeypatch.setattr(search_index, "FULL_SCAN_TERMS", 0)
    near = SearchIndex.build(synthetic.facts)
    assert near._current().vocabulary is None
    assert [
        top_id(near.resolve(q.text, COMMAND_KINDS[q.command])) for q in synthetic.queries
    ] == scanned


def test_briefing_answers_generated_queries(synthetic):
    briefing = Briefing(synthetic.facts)
    query = next(q for q in synthetic.queries if q.command == "actor" and q.kind == "exact")
    answer = briefing.actor(query.text)
    assert answer.title == synthetic.facts.actors[query.expected].name


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([7.0], 99) == 7.0


def test_quick_run_measures_everything_and_judges_every_target(capsys, tmp_path):
    """Every measurement of the full run at a tiny size: the shape of what it prints and
    writes, and that each target is judged; no time is asserted."""
    path = tmp_path / "run.json"
    written = main(["--quick", "--sizes", "300", "--queries", "6", "--json", str(path)])
    assert written == [path]
    out = capsys.readouterr().out
    for heading in ("found ours/fts5/naive", "rank 1", "edit->answer", "digest", "Targets"):
        assert heading in out
    data = json.loads(path.read_text())
    (size,) = data["sizes"]
    ours, naive = size["ours"], size["naive"]
    for key in (
        "seed_s",
        "reopen_s",
        "open_rss_mb",
        "index_build_s",
        "edit_visible_p50_ms",
        "digest_s",
        "digest_rss_mb",
        "digest_messages",
        "complete_p99_ms",
        "doctor_s",
        "doctor_rss_mb",
        "timeline_all_ms",
        "rank1.typo",
        "rank1.transliteration",
        *(f"{c}.{k}.p99_ms" for c in COMMANDS for k in QUERY_KINDS),
    ):
        assert key in ours, key
    assert ours["edit_shown"] == 100.0
    assert ours["doctor_store_ok"] == 1.0
    for key in ("reopen_s", "open_rss_mb", "p99_ms", "edit_visible_p50_ms", "complete_p99_ms"):
        assert key in naive, key
    assert size["notes"] == []
    verdicts = data["targets"]
    assert [v["measure"] for v in verdicts] == [t.measure for t in TARGETS]
    assert all(v["note"] == "" for v in verdicts), verdicts  # every target was measured
    for target in TARGETS:
        assert target.measure in out
    side_by_side = compare.compare([results.read(path), results.read(path)])
    assert "met in" in side_by_side
    assert "run 2" in side_by_side


def test_targets_judge_limits_per_size_and_what_was_not_measured():
    small = SizeResult(10_000, ours={"claims.p99_ms": 3.0, "rank1.typo": 98.0})
    large = SizeResult(100_000, ours={"claims.p99_ms": 3.0, "edit_visible_p50_ms": 1.0})
    by_measure = {v.measure: v for v in judge(small)}
    assert not by_measure["claims p99 (whole answer)"].met  # 2 ms at 10k
    assert by_measure["claims p99 (whole answer)"].target == "<= 2 ms"
    assert by_measure["typo queries right at rank 1"].met
    assert by_measure["store created from YAML (seed)"].note == "not measured"
    by_measure = {v.measure: v for v in judge(large)}
    assert by_measure["claims p99 (whole answer)"].met  # 10 ms at 100k
    edit = by_measure["first answer after an edit (median)"]
    assert not edit.met  # fast, but no edit was shown
    assert "edit_shown" in edit.note
