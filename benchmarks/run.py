"""The whole answer (retrieval + Answer built, no Discord I/O) on synthetic sets, beside two
peers (rapidfuzz WRatio over every record's full text; plain SQLite FTS5 MATCH), with the live
store's edit visibility, a cold `briefing ask` and the relevance set, in one run.

    python -m benchmarks.run [--sizes 1000,10000,100000] [--queries 300] [--store-max 100000]
    python -m benchmarks.run --relevance    # only the relevance figures on the bundled store

Speed is measured here and printed, never asserted in a unit test.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks import relevance, report
from benchmarks.live import StoreResult, cold_start, measure_store
from benchmarks.peers import PEER_KIND, TOP_K, FtsPeer, NaivePeer, relevant
from benchmarks.report import COMMANDS
from benchmarks.synthetic import Query, generate
from facts.answers import Answer
from facts.briefing import Briefing

# Which synthetic queries each command is asked: actor names for `actor`, actor and place
# names (the `claims` queries) for the others.
QUERIES_OF = {"claims": "claims", "actor": "actor", "timeline": "claims", "search": "claims"}
WARM_UP = 20


def timed_ms(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter_ns()
    result = call()
    return (time.perf_counter_ns() - start) / 1e6, result


def cpu_timed_ms(call: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU time of one call: CPU time shows our cost when other processes share
    the cores (wall time is what a user waits, and what the targets are about)."""
    cpu = time.thread_time_ns()
    wall, result = timed_ms(call)
    return wall, (time.thread_time_ns() - cpu) / 1e6, result


def rss_mb() -> float:
    """Resident memory of this process (Linux), 0 elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return 0.0


def found(answer: Answer, command: str, wanted: frozenset[str]) -> bool:
    """Ours: for `actor` the first item is the actor; for `claims` and `search` a relevant
    record among the first 5 items; a timeline is in date order, so any of its items."""
    ids = [item.id for item in answer.items()]
    if command == "actor":
        return bool(ids) and ids[0] in wanted
    return any(i in wanted for i in (ids if command == "timeline" else ids[:TOP_K]))


def sample(queries: list[Query], count: int) -> list[Query]:
    """Every k-th query: the same mix of kinds as the whole set."""
    step = max(1, len(queries) // max(1, count))
    return queries[::step][:count]


@dataclass
class Result:
    size: int
    counts: str = ""
    generate_s: float = 0.0
    build_s: float = 0.0
    build_cpu_s: float = 0.0
    memory_mb: float = 0.0  # tracemalloc peak of a second Briefing build (Python objects)
    rss_mb: float = 0.0  # resident memory growth over the first build (includes SQLite)
    peer_build_s: dict[str, float] = field(default_factory=dict)
    ms: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    cpu_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # (system, command, query kind) -> found per query; "ours@naive": ours on naive's sample
    hits: dict[tuple[str, str, str], list[bool]] = field(default_factory=lambda: defaultdict(list))
    naive_sample: int = 0
    store: StoreResult | None = None
    notes: list[str] = field(default_factory=list)


def build_briefing(facts, result: Result) -> Briefing:
    gc.collect()
    before = rss_mb()
    start, cpu = time.perf_counter(), time.thread_time()
    briefing = Briefing(facts)
    result.build_s = time.perf_counter() - start
    result.build_cpu_s = time.thread_time() - cpu
    result.rss_mb = rss_mb() - before
    gc.collect()
    tracemalloc.start()  # a second build: tracemalloc slows it, so it is not the timed one
    Briefing(facts)
    result.memory_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    gc.collect()
    return briefing


def measure_ours(briefing: Briefing, queries: dict[str, list[Query]], result: Result):
    """Every command's whole answer; returns whether each (command, query) found its subject."""
    ours: dict[tuple[str, Query], bool] = {}
    for command in COMMANDS:
        for query in queries[command][:WARM_UP]:
            briefing.ask(command, query.text)
        for query in queries[command]:
            ms, cpu, answer = cpu_timed_ms(lambda c=command, q=query: briefing.ask(c, q.text))
            result.ms[("ours", command)].append(ms)
            result.cpu_ms[command].append(cpu)
            wanted = relevant(briefing.links, command, query.expected)
            if wanted:
                ours[(command, query)] = hit = found(answer, command, wanted)  # type: ignore[arg-type]
                result.hits[("ours", command, query.kind)].append(hit)
    return ours


def measure_peer(
    name: str,
    peer: FtsPeer | NaivePeer,
    *,
    briefing: Briefing,
    queries: dict[str, list[Query]],
    result: Result,
    ours: dict[tuple[str, Query], bool] | None = None,
) -> None:
    """A peer's top 5 per query (one ranking shared by the commands that rank every record),
    its time per query and whether a relevant record is among them."""
    ranked: dict[tuple[str, str | None], list[str]] = {}
    for command in COMMANDS:
        kind = PEER_KIND.get(command)
        for query in queries[command]:
            key = (query.text, kind)
            if key not in ranked:
                ms, top = timed_ms(lambda q=query, k=kind: peer.top(q.text, k))
                ranked[key] = top  # type: ignore[assignment]
                result.ms[(name, "actor" if kind else "all")].append(ms)
            wanted = relevant(briefing.links, command, query.expected)
            if not wanted:
                continue
            result.hits[(name, command, query.kind)].append(any(i in wanted for i in ranked[key]))
            if ours is not None:  # ours on exactly the peer's sample, for a fair comparison
                result.hits[(f"ours@{name}", command, query.kind)].append(ours[(command, query)])


def run_size(size: int, args: argparse.Namespace) -> Result:
    result = Result(size)
    start = time.perf_counter()
    synthetic = generate(size, args.queries, seed=args.seed)
    result.generate_s = time.perf_counter() - start
    facts = synthetic.facts
    result.counts = facts.summary()
    by_set = {c: [q for q in synthetic.queries if q.command == c] for c in ("actor", "claims")}
    queries = {command: by_set[QUERIES_OF[command]] for command in COMMANDS}
    briefing = build_briefing(facts, result)
    ours = measure_ours(briefing, queries, result)

    start = time.perf_counter()
    fts = FtsPeer(facts)
    result.peer_build_s["fts5"] = time.perf_counter() - start
    measure_peer("fts5", fts, briefing=briefing, queries=queries, result=result)
    fts.close()

    start = time.perf_counter()
    naive = NaivePeer(facts)
    result.peer_build_s["naive"] = time.perf_counter() - start
    count = args.queries if size <= 1000 else args.naive_sample
    chosen = {c: sample(by_set[QUERIES_OF[c]], count) for c in COMMANDS}
    result.naive_sample = len({q for qs in chosen.values() for q in qs})
    measure_peer("naive", naive, briefing=briefing, queries=chosen, result=result, ours=ours)
    del naive, briefing

    if size <= args.store_max:
        result.store = measure_store(facts, edits=args.edits)
    else:
        result.notes.append(f"store and edit visibility skipped above {args.store_max:,}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300, help="queries per query set")
    parser.add_argument(
        "--naive-sample",
        "--baseline-sample",
        type=int,
        default=30,
        help="naive-peer queries per command above 1k records",
    )
    parser.add_argument("--store-max", type=int, default=100_000, help="largest store seeded")
    parser.add_argument("--edits", type=int, default=3, help="edits timed per store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold briefing ask")
    parser.add_argument("--no-relevance", action="store_true", help="skip the relevance set")
    parser.add_argument(
        "--relevance",
        action="store_true",
        help="only print the relevance figures on the bundled store (benchmarks.relevance)",
    )
    args = parser.parse_args(argv)
    if args.relevance:
        relevance.main(["--no-failures"])
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"... {size:,} records", flush=True)
        results.append(run_size(size, args))
    cold = None if args.no_cold else cold_start()
    print(report.report(results, cold))
    if not args.no_relevance:
        print("\nRelevance on the bundled store (benchmarks.relevance; recall@5, MRR):")
        relevance.main(["--no-failures"])


if __name__ == "__main__":
    main()
