"""benchmarks.misses at a tiny size: every query judged as run.py judges it, every miss
given a cause and a stage."""

from __future__ import annotations

from benchmarks.misses import CLASSES, diagnose, misses, report
from benchmarks.peers import Relevance
from benchmarks.run import RANKED
from benchmarks.synthetic import Query, generate
from facts.briefing import Briefing

CAUSES = (
    "another record's exact name",
    "stage 1: term lost",
    "stage 1: not a candidate",
    "stage 2: outscored",
    "stage 2: ask-back",
    "stage 2: no match",
    "stage 2: below subject score",
    "answer",
)


def test_every_query_is_judged_and_every_miss_has_a_cause():
    synthetic = generate(300, 60, seed=7)
    briefing = Briefing(synthetic.facts)
    found, counts = misses(briefing, synthetic.queries, Relevance(synthetic.facts))
    assert set(counts) == set(CLASSES)
    asked = sum(asked for _, asked in counts.values())
    right = sum(right for right, _ in counts.values())
    assert asked > 0
    assert asked - right == len(found)
    assert all(m.cause in CAUSES and m.command in RANKED for m in found)
    assert report(found, counts, show=2).startswith("typo: ")


def test_a_query_naming_another_record_exactly_is_told_apart():
    synthetic = generate(300, 3, seed=7)
    briefing = Briefing(synthetic.facts)
    one, other = list(synthetic.facts.places.values())[2:4]
    query = Query(text=other.name, kind="typo", command="claims", expected=one.id)
    cause, detail = diagnose(briefing, "claims", query)
    assert cause == "another record's exact name"
    assert other.id in detail
