"""The benchmark's typo and transliteration misses at rank 1, grouped by what lost them.

    PYTHONPATH=. .venv/bin/python -m benchmarks.misses [--size 10000] [--queries 200] [--show 5]
        [--store]

The set, the queries and the judgement are the benchmark's (`synthetic.generate` with its
seed, `peers.Relevance`, rank 1 = the first item of `claims`, `actor` and `search`); the
answers come from a `Briefing` built in memory (what `Library.from_facts` serves), or with
`--store` from a store seeded on disk as `run.py` does (slower: about a minute at 10k). Each
miss is then traced through the name index, stage by stage:

- `stage 1: term lost`: the misspelt word did not resolve to the name's word;
- `stage 1: not a candidate`: it did, but the record was not among the entries scored;
- `stage 2: outscored`: scored, but another record's name won;
- `stage 2: ask-back`: the decision was "did you mean" (a close race);
- `stage 2: no match`: nothing scored high enough;
- `stage 2: below subject score`: a match, but too weak for `claims`/`search` to lead with it;
- `answer`: the name resolved right and the command still put something else first;
- `another record's exact name`: the variant is exactly what another record is called
  (a one-edit query at 100k sometimes is): an exact name wins, as it must. A typo never is
  (the generator draws another: `synthetic.typo_for`).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.live import seed_store, write_dataset
from benchmarks.peers import Relevance
from benchmarks.run import RANKED
from benchmarks.synthetic import Query, generate, names_of
from facts.briefing import Briefing
from facts.briefing.choosing import ALL_KINDS, SUBJECT_KINDS, SUBJECT_SCORE
from facts.library import Library
from facts.search import Resolution, Status, phrase
from facts.store import Store

KINDS_OF = {"claims": SUBJECT_KINDS, "actor": ("actor",), "search": ALL_KINDS}
QUERIES_OF = {"claims": "claims", "actor": "actor", "search": "claims"}
CLASSES = ("typo", "transliteration")


@dataclass
class Miss:
    command: str
    query: Query
    name: str
    cause: str
    detail: str


def _rank_of(ids: list[str], wanted: frozenset[str]) -> int | None:
    return next((n for n, i in enumerate(ids, 1) if i in wanted), None)


def _edited_terms(query_terms: list[str], name_terms: set[str]) -> list[str]:
    return [t for t in query_terms if t not in name_terms]


def _records_at(index: Any, positions: list[int]) -> set[str]:
    """The records of candidate positions, whichever way the index reads its entries."""
    entries_at = getattr(index, "entries_at", None)
    found = entries_at(positions) if entries_at else [index.entries[p] for p in positions]
    return {entry.record_id for entry in found}


def diagnose(
    briefing: Briefing, command: str, query: Query, named: dict[str, set[str]] | None = None
) -> tuple[str, str]:
    """Which stage lost the query's record, and a line saying how."""
    index, record_id = briefing.index, query.expected
    kinds = set(KINDS_OF[command])
    record = briefing.facts.get(record_id)
    names = record.names() if record is not None else []
    name_terms = {t for text, _kind in names for t in phrase(text).split()}
    query_terms = list(dict.fromkeys(phrase(query.text).split()))
    bearers = (named if named is not None else names_of(briefing.facts)).get(
        phrase(query.text), set()
    )
    if bearers and record_id not in bearers:  # no index could tell: reported, still counted
        return "another record's exact name", ", ".join(sorted(bearers)[:3])
    for term in _edited_terms(query_terms, name_terms):
        meanings = index.resolve_term(term, for_names=True)
        if not meanings.keys() & name_terms:
            shown = ", ".join(f"{m} {s:.0f}" for m, s in sorted(meanings.items())[:4])
            return "stage 1: term lost", f"{term!r} -> {{{shown}}}"
    positions, _ = index.candidates(query_terms, kinds)
    if record_id not in _records_at(index, positions):
        return "stage 1: not a candidate", f"{len(positions)} entries scored"
    resolution: Resolution = index.resolve(query.text, kinds=kinds)
    found = [*resolution.matches, *resolution.candidates]
    ours = next((m for m in found if m.record_id == record_id), None)
    top = found[0] if found else None
    if resolution.status is Status.AMBIGUOUS:
        rival = next((m for m in found if m.record_id != record_id), None)
        mine = f"{ours.score:.1f}" if ours else "-"
        other = f"{rival.label!r} {rival.score:.1f}" if rival else "no rival"
        return "stage 2: ask-back", f"ours {mine}, and {other}"
    if top is not None and top.record_id != record_id:
        mine = f"{ours.score:.1f}" if ours else "-"
        return "stage 2: outscored", f"{top.label!r} {top.score:.1f} over ours {mine}"
    if resolution.status is Status.NONE or top is None:
        return "stage 2: no match", "nothing above the suggestion score"
    if command != "actor" and top.score < SUBJECT_SCORE:
        return "stage 2: below subject score", f"ours {top.score:.1f} < {SUBJECT_SCORE}"
    return "answer", f"resolved to ours ({top.score:.1f}, {resolution.status.value})"


def misses(briefing: Briefing, queries: list[Query], truth: Relevance) -> tuple[list[Miss], dict]:
    """Every ranked command's typo and transliteration misses, and the hit counts."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # class -> [right, asked]
    found: list[Miss] = []
    named = names_of(briefing.facts)
    for command in RANKED:
        for query in queries:
            if query.command != QUERIES_OF[command] or query.kind not in CLASSES:
                continue
            wanted = truth.wanted(command, query.expected)
            if not wanted:
                continue  # as the benchmark: nothing on record to list
            answer = briefing.ask(command, query.text)
            ids = [item.id for item in answer.items()]
            right = bool(ids) and ids[0] in wanted
            counts[query.kind][0] += right
            counts[query.kind][1] += 1
            if right:
                continue
            cause, detail = diagnose(briefing, command, query, named)
            rank = _rank_of(ids, wanted)
            where = f"{answer.status.value}, ours at {rank}" if rank else answer.status.value
            name = briefing.facts.get(query.expected)
            label = name.label if name is not None else query.expected
            found.append(Miss(command, query, label, cause, f"{detail}; answer {where}"))
    return found, counts


def report(found: list[Miss], counts: dict, show: int) -> str:
    lines = []
    for kind in CLASSES:
        right, asked = counts[kind]
        lines.append(
            f"{kind}: {right}/{asked} right at rank 1 ({100 * right / max(1, asked):.1f}%)"
        )
    by_cause: dict[str, list[Miss]] = defaultdict(list)
    for miss in found:
        by_cause[miss.cause].append(miss)
    for cause, group in sorted(by_cause.items(), key=lambda item: -len(item[1])):
        per = Counter(f"{m.command}/{m.query.kind}" for m in group)
        lines.append(f"\n{cause}: {len(group)} ({', '.join(f'{k} {n}' for k, n in per.items())})")
        for miss in group[:show]:
            asked = f"{miss.command:6} {miss.query.kind[:8]:8} {miss.query.text!r}"
            lines.append(f"  {asked} for {miss.name!r}: {miss.detail}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=10_000)
    p.add_argument("--queries", type=int, default=200, help="queries per class, as run.py")
    p.add_argument("--seed", type=int, default=7, help="as run.py")
    p.add_argument("--show", type=int, default=5, help="examples per cause")
    p.add_argument("--store", action="store_true", help="answer from a store seeded on disk")
    args = p.parse_args(argv)
    start = time.perf_counter()
    synthetic = generate(args.size, args.queries * 3, seed=args.seed)
    truth = Relevance(synthetic.facts)
    if not args.store:
        briefing = Briefing(synthetic.facts)
        print(f"{args.size:,} records built in {time.perf_counter() - start:.1f} s")
        print(report(*misses(briefing, synthetic.queries, truth), args.show))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_dataset(synthetic.facts, work / "seed")
        seed_store(work / "facts.db", work / "seed")
        with Store.open(work / "facts.db", seed_dir=work / "seed") as store:
            briefing = Library(store).briefing()
            print(f"{args.size:,} records seeded in {time.perf_counter() - start:.1f} s")
            print(report(*misses(briefing, synthetic.queries, truth), args.show))


if __name__ == "__main__":
    main()
