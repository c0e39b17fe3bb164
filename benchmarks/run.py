"""Issue 15's benchmark: a real store per size (seed, restart, answers, edits, digest,
autocomplete, doctor, the whole timeline) beside the naive peer, every target met or missed.

    python -m benchmarks.run [--sizes 1000,10000,100000] [--queries 200] [--runs 3]
    python -m benchmarks.run --quick        # 1k only, few rounds: every measurement in seconds
    python -m benchmarks.run --relevance    # only the relevance figures on the bundled store
    python -m benchmarks.compare A.json B.json C.json   # runs side by side, "met in N of 3"

Speed is measured here and printed, never asserted in a unit test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import rapidfuzz

from benchmarks import compare, relevance, report, results
from benchmarks.live import (
    Edits,
    briefing_ask,
    cold_start,
    compile_sources,
    doctor,
    edited_actors,
    measure_edits,
    probe,
    renamed,
    seed_store,
    write_dataset,
)
from benchmarks.peers import FOUND_K, FtsPeer, NaivePeer, Relevance
from benchmarks.synthetic import QUERY_KINDS, Query, Synthetic, generate
from benchmarks.targets import judge
from bot.limits import MAX_CHOICES
from facts.answers import Answer
from facts.briefing import SUBJECT_KINDS
from facts.dataset import dump_record
from facts.library import Library
from facts.store import Store

COMMANDS = ("claims", "actor", "timeline", "search")
# Which synthetic queries each command is asked: actor names for `actor`, actor and place
# names (the `claims` set) for the others.
QUERIES_OF = {"claims": "claims", "actor": "actor", "timeline": "claims", "search": "claims"}
RANKED = ("claims", "actor", "search")  # a timeline is in date order: no rank 1 to judge
WARM_UP = 20
COMPLETE_LIMIT = MAX_CHOICES  # what the bot's autocomplete asks the index for (bot/cogs/query.py)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * p / 100) - 1))]


def share(flags: list[bool]) -> float:
    return 100 * sum(flags) / len(flags) if flags else float("nan")


def timed_ms(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter_ns()
    value = call()
    return (time.perf_counter_ns() - start) / 1e6, value


@dataclass
class SizeResult:
    """One size's figures, flat (`claims.typo.p99_ms`, `seed_s`) so runs compare by key."""

    size: int
    counts: str = ""
    ours: dict[str, float] = field(default_factory=dict)
    naive: dict[str, float] = field(default_factory=dict)
    fts: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Answers:
    """Per (command, query class): times, found@5 and rank 1, for one system."""

    ms: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    found: dict[tuple[str, str], list[bool]] = field(default_factory=lambda: defaultdict(list))
    rank1: dict[tuple[str, str], list[bool]] = field(default_factory=lambda: defaultdict(list))
    cpu_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def judge(self, command: str, query: Query, ids: list[str], wanted: frozenset[str]) -> None:
        if not wanted:
            return  # nothing on record to list: timed, not counted (see Relevance)
        key = (command, query.kind)
        shown = ids if command == "timeline" else ids[:FOUND_K]
        self.found[key].append(any(i in wanted for i in shown))
        if command in RANKED:
            self.rank1[key].append(bool(ids) and ids[0] in wanted)

    def into(self, metrics: dict[str, float], *, per_command_ms: bool = True) -> None:
        by_command: dict[str, list[float]] = defaultdict(list)
        for (command, kind), values in self.ms.items():
            by_command[command] += values
            metrics[f"{command}.{kind}.p50_ms"] = percentile(values, 50)
            metrics[f"{command}.{kind}.p99_ms"] = percentile(values, 99)
            metrics[f"{command}.{kind}.n"] = len(values)
        every = [v for values in by_command.values() for v in values]
        if per_command_ms:
            for command, values in by_command.items():
                metrics[f"{command}.p50_ms"] = percentile(values, 50)
                metrics[f"{command}.p99_ms"] = percentile(values, 99)
        if every:
            metrics["p50_ms"], metrics["p99_ms"] = percentile(every, 50), percentile(every, 99)
        for command, values in self.cpu_ms.items():  # our own cost, whatever else runs
            metrics[f"{command}.cpu_p99_ms"] = percentile(values, 99)
        for (command, kind), flags in self.found.items():
            metrics[f"{command}.{kind}.found"] = share(flags)
        for (command, kind), flags in self.rank1.items():
            metrics[f"{command}.{kind}.rank1"] = share(flags)
        for kind in QUERY_KINDS:
            pooled = [f for (_c, k), flags in self.rank1.items() if k == kind for f in flags]
            metrics[f"rank1.{kind}"] = share(pooled)
            metrics[f"rank1.{kind}.n"] = len(pooled)


def queries_for(synthetic: Synthetic) -> dict[str, list[Query]]:
    by_set = {s: [q for q in synthetic.queries if q.command == s] for s in ("actor", "claims")}
    return {command: by_set[QUERIES_OF[command]] for command in COMMANDS}


def per_class(queries: list[Query], count: int) -> list[Query]:
    """The first `count` queries of each class, in their order."""
    taken: dict[str, int] = defaultdict(int)
    chosen = []
    for query in queries:
        if taken[query.kind] < count:
            taken[query.kind] += 1
            chosen.append(query)
    return chosen


def ask_ours(library: Library, queries: dict[str, list[Query]], truth: Relevance) -> Answers:
    """Every query as the bot answers it: the library's current Briefing, then `ask`."""
    answers = Answers()
    for command in COMMANDS:
        for query in queries[command][:WARM_UP]:
            library.briefing().ask(command, query.text)
        for query in queries[command]:
            cpu = time.thread_time_ns()
            ms, answer = timed_ms(partial(_ask, library, command, query.text))
            answers.cpu_ms[command].append((time.thread_time_ns() - cpu) / 1e6)
            answers.ms[(command, query.kind)].append(ms)
            ids = [item.id for item in answer.items()]
            answers.judge(command, query, ids, truth.wanted(command, query.expected))
    return answers


def _ask(library: Library, command: str, text: str) -> Answer:
    """One question as the bot answers it, the library's current Briefing found first."""
    return library.briefing().ask(command, text)


def ask_peer(
    top: Callable[[str], list[str]], queries: dict[str, list[Query]], truth: Relevance
) -> Answers:
    """A peer ranks records the same way whatever the command: one ranking per query text,
    timed once, judged per command."""
    answers = Answers()
    ranked: dict[str, list[str]] = {}
    for command in COMMANDS:
        for query in queries[command]:
            if query.text not in ranked:
                ms, ranked[query.text] = timed_ms(partial(top, query.text))
                answers.ms[("any", query.kind)].append(ms)
            answers.judge(command, query, ranked[query.text], truth.wanted(command, query.expected))
    return answers


def keystrokes(names: list[str]) -> list[str]:
    """What autocomplete sees while each name is typed: every prefix, one per keystroke."""
    return [name[:n] for name in names for n in range(1, len(name) + 1)]


def time_each(call: Callable[[str], object], inputs: list[str]) -> list[float]:
    return [timed_ms(partial(call, x))[0] for x in inputs]


def whole_timeline(library: Library, rounds: int) -> float:
    """`!timeline` with no query as the bot sends it (answer, then its embeds): the median
    of `rounds` after one warm-up (which also imports discord.py for the embeds)."""
    from bot.render import render_embeds  # noqa: PLC0415 (discord.py only where needed)

    def once() -> None:
        answer: Answer = library.briefing().ask("timeline", "")
        render_embeds(answer)

    once()
    return statistics.median(timed_ms(once)[0] for _ in range(rounds))


@dataclass
class Case:
    """One size's set, its queries and ground truth, and the directory it is worked in."""

    synthetic: Synthetic
    queries: dict[str, list[Query]]
    truth: Relevance
    work: Path

    @property
    def seed_dir(self) -> Path:
        return self.work / "seed"

    @property
    def store_path(self) -> Path:
        return self.work / "facts.db"


def run_size(size: int, args: argparse.Namespace) -> SizeResult:
    result = SizeResult(size)
    start = time.perf_counter()
    synthetic = generate(size, args.queries * len(QUERY_KINDS), seed=args.seed)
    result.ours["generate_s"] = time.perf_counter() - start
    result.counts = synthetic.facts.summary()
    with tempfile.TemporaryDirectory() as tmp:
        case = Case(synthetic, queries_for(synthetic), Relevance(synthetic.facts), Path(tmp))
        write_dataset(synthetic.facts, case.seed_dir)
        progress(size, "seed")
        result.ours["seed_s"] = seed_store(case.store_path, case.seed_dir)
        progress(size, "restarts")
        measure_open(result, case, args)
        measure_in_store(result, case, args)
        progress(size, "digest, doctor")
        measure_processes(result, case)
        progress(size, "peers")
        fts = FtsPeer(synthetic.facts)
        ask_peer(fts.top, case.queries, case.truth).into(result.fts, per_command_ms=False)
        fts.close()
        measure_naive(result, case, args)
    return result


def first_line(case: Case) -> str:
    """The restart's first question: an actor asked by its exact name."""
    return "!actor " + next(q for q in case.queries["actor"] if q.kind == "exact").text


def measure_open(result: SizeResult, case: Case, args: argparse.Namespace) -> None:
    """A restart as a user meets it (`briefing ask` in a fresh process: wall time, peak RSS),
    then the same steps timed one by one inside a fresh process (the open probe)."""
    ours, line = result.ours, first_line(case)
    reopen = [briefing_ask(case.store_path, line, case.work) for _ in range(args.reopen_runs)]
    if any(r.returncode != 0 for r in reopen):
        result.notes.append(f"briefing ask failed: {reopen[-1].error()}")
    else:
        ours["reopen_s"] = statistics.median(r.seconds for r in reopen)
        ours["reopen_cpu_s"] = statistics.median(r.cpu_s for r in reopen)
        ours["open_rss_mb"] = max(r.rss_mb for r in reopen)
    opened = probe("open", "--store", str(case.store_path), "--line", line, cwd=case.work)
    if figures := opened.json():
        ours["open_store_s"] = figures["open_store_s"]
        ours["index_build_s"] = figures["first_briefing_s"]
        ours["first_answer_ms"] = figures["first_answer_ms"]
        ours["probe_rss_mb"] = figures["rss_mb"]
    else:
        result.notes.append(f"the open probe failed: {opened.error()}")


def measure_in_store(result: SizeResult, case: Case, args: argparse.Namespace) -> None:
    """What the running bot does with its store: answers, autocomplete, the whole timeline,
    edits (in that order: the edits come last, so the answers are on the seeded set)."""
    ours, size = result.ours, result.size
    with Store.open(case.store_path, seed_dir=case.seed_dir) as store:
        library = Library(store)
        library.briefing()
        progress(size, "answers")
        ask_ours(library, case.queries, case.truth).into(ours)
        progress(size, "autocomplete, timeline")
        complete = time_each(
            lambda text: library.briefing().index.complete(
                text, kinds=SUBJECT_KINDS, limit=COMPLETE_LIMIT
            ),
            typed_names(case, args),
        )
        ours["complete_p50_ms"] = percentile(complete, 50)
        ours["complete_p99_ms"] = percentile(complete, 99)
        ours["complete_n"] = len(complete)
        ours["timeline_all_ms"] = whole_timeline(library, args.timeline_rounds)
        progress(size, "edits")
        actor_ids = edited_actors(case.synthetic.facts, args.edits)
        edit_figures(ours, measure_edits(store, library, actor_ids))


def measure_processes(result: SizeResult, case: Case) -> None:
    """The digest (after the edits: they are its changes) and doctor, each in a fresh
    process."""
    ours = result.ours
    digest = probe("digest", "--store", str(case.store_path), cwd=case.work)
    if figures := digest.json():
        ours["digest_s"] = figures["digest_s"]
        ours["digest_cpu_s"] = figures["digest_cpu_s"]
        ours["digest_rss_mb"] = figures["rss_mb"]
        ours["digest_messages"] = figures["messages"]
    else:
        result.notes.append(f"the digest probe failed: {digest.error()}")
    checked = doctor(case.store_path, case.seed_dir, case.work)
    ours["doctor_s"], ours["doctor_rss_mb"] = checked.seconds, checked.rss_mb
    ours["doctor_cpu_s"] = checked.cpu_s
    # Without a token (none is given here) doctor exits 1; its store check must pass.
    ours["doctor_store_ok"] = float("✓ store" in checked.stdout)
    if not ours["doctor_store_ok"]:
        result.notes.append(f"doctor's store check did not pass: {checked.error()}")


def typed_names(case: Case, args: argparse.Namespace) -> list[str]:
    """Autocomplete's input: the first names of the subject queries, typed key by key."""
    return keystrokes([q.text for q in case.queries["claims"][: args.complete_names]])


def edit_figures(metrics: dict[str, float], edits: Edits) -> None:
    metrics["edit_ms_max"] = max(edits.edit_ms)
    metrics["edit_visible_p50_ms"] = statistics.median(edits.visible_ms)
    metrics["edit_visible_max_ms"] = max(edits.visible_ms)
    metrics["edit_shown"] = share(edits.shown)


def measure_naive(result: SizeResult, case: Case, args: argparse.Namespace) -> None:
    """The naive peer's figures where the measure applies to it: its restart (read the YAML,
    make the texts, one query) in a fresh process, the texts made, its queries (every one at
    1k, `--naive-sample` per class above, `--naive-sample-100k` from 100k), an edit,
    autocomplete."""
    naive, facts = result.naive, case.synthetic.facts
    first = first_line(case).removeprefix("!actor ")
    runs = [
        probe("naive", "--data", str(case.seed_dir), "--query", first, cwd=case.work)
        for _ in range(args.reopen_runs)
    ]
    if all(r.json() for r in runs):
        naive["reopen_s"] = statistics.median(r.seconds for r in runs)
        naive["reopen_cpu_s"] = statistics.median(r.cpu_s for r in runs)
        naive["open_rss_mb"] = max(r.rss_mb for r in runs)
    else:
        result.notes.append(f"the naive restart failed: {runs[-1].error()}")
    start = time.perf_counter()
    peer = NaivePeer.of(facts)
    naive["build_s"] = time.perf_counter() - start
    count = (
        args.queries
        if result.size <= 1000
        else args.naive_sample
        if result.size < 100_000
        else args.naive_sample_100k
    )
    sampled = {c: per_class(qs, count) for c, qs in case.queries.items()}
    naive["sampled_per_class"] = count
    ask_peer(peer.top, sampled, case.truth).into(naive, per_command_ms=False)

    edits = Edits()
    for n, actor_id in enumerate(edited_actors(facts, args.edits)):
        data = {**dump_record(facts.actors[actor_id]), "name": renamed(n)}
        start = time.perf_counter()
        peer.replace(actor_id, data)
        top = peer.top(renamed(n))
        edits.visible_ms.append((time.perf_counter() - start) * 1e3)
        edits.edit_ms.append(0.0)
        edits.shown.append(bool(top) and top[0] == actor_id)
    edit_figures(naive, edits)
    complete = time_each(peer.complete, typed_names(case, args))
    naive["complete_p50_ms"] = percentile(complete, 50)
    naive["complete_p99_ms"] = percentile(complete, 99)


def progress(size: int, step: str) -> None:
    print(f"... {size:,} records: {step}", flush=True)


def machine() -> dict[str, Any]:
    return {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "rapidfuzz": rapidfuzz.__version__,
    }


def run_once(args: argparse.Namespace) -> dict[str, Any]:
    meta = machine()
    sized = []
    for size in (int(s) for s in args.sizes.split(",")):
        sized.append(run_size(size, args))
    meta["load_average"] = list(os.getloadavg())
    meta["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    cold = None if args.no_cold else cold_start()
    verdicts = [v for r in sized for v in judge(r)]
    print(report.report(meta, sized, verdicts, cold))
    return results.as_json(meta, vars(args), sized, verdicts, cold)


QUICK = {
    "sizes": "1000",
    "queries": 20,
    "naive_sample": 10,
    "edits": 2,
    "reopen_runs": 1,
    "complete_names": 5,
    "timeline_rounds": 1,
    "no_cold": True,
    "no_relevance": True,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--queries", type=int, default=200, help="queries per query class and set")
    p.add_argument(
        "--naive-sample", type=int, default=40, help="naive-peer queries per class above 1k"
    )
    p.add_argument(
        "--naive-sample-100k",
        type=int,
        default=10,
        help="naive-peer queries per class at 100k and above (seconds each)",
    )
    p.add_argument("--edits", type=int, default=5, help="edits timed per size")
    p.add_argument("--reopen-runs", type=int, default=3, help="restarts timed (the median)")
    p.add_argument("--complete-names", type=int, default=30, help="names typed, per keystroke")
    p.add_argument("--timeline-rounds", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--runs", type=int, default=1, help="whole runs, then compared")
    p.add_argument(
        "--json",
        type=Path,
        default=None,
        help="results file (with --runs N: -1..-N before the suffix); default "
        "benchmarks/results/bench-<time>.json",
    )
    p.add_argument("--quick", action="store_true", help="1k only, few rounds (the smoke test)")
    p.add_argument("--no-cold", action="store_true", help="skip the bundled store's cold start")
    p.add_argument("--no-relevance", action="store_true", help="skip the relevance set")
    p.add_argument(
        "--relevance",
        action="store_true",
        help="only print the relevance figures on the bundled store (benchmarks.relevance)",
    )
    return p


def main(argv: list[str] | None = None) -> list[Path]:
    """Run, print, write the JSON; returns the files written."""
    p = parser()
    args = p.parse_args(argv)
    if args.quick:  # its values become the defaults: options given still win
        p.set_defaults(**QUICK)
        args = p.parse_args(argv)
    if args.relevance:
        relevance.main(["--no-failures"])
        return []
    base = args.json or results.default_path()
    compile_sources()  # restarts are timed as a deployed bot's: with its bytecode
    written = []
    for n in range(1, args.runs + 1):
        if args.runs > 1:
            print(f"=== run {n} of {args.runs}", flush=True)
        data = run_once(args)
        path = base if args.runs == 1 else base.with_stem(f"{base.stem}-{n}")
        results.write(path, data)
        written.append(path)
        print(f"results written to {path}")
    if len(written) > 1:
        print(compare.compare([results.read(p) for p in written]))
    if not args.no_relevance:
        print("\nRelevance on the bundled store (benchmarks.relevance; recall@5, MRR):")
        relevance.main(["--no-failures"])
    return written


if __name__ == "__main__":
    main()
