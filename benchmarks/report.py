"""The benchmark's printed tables and the issue's targets, met or missed."""

from __future__ import annotations

import math
import os
import platform
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import rapidfuzz

from benchmarks.live import COLD_LINE, ColdStart
from benchmarks.peers import PEER_KIND
from benchmarks.synthetic import QUERY_KINDS

if TYPE_CHECKING:
    from benchmarks.run import Result

COMMANDS = ("claims", "actor", "timeline", "search")

SYSTEMS = ("ours", "fts5", "naive")
# Targets from the issue.
P99_TARGET_MS = {10_000: 2.0, 100_000: 10.0}  # claims and actor, whole answer
TARGET_COMMANDS = ("claims", "actor")
EDIT_TARGET_MS = 50.0  # at 100k
COLD_TARGET_S = 0.5


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def pct(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.0f}% (n={len(flags)})" if flags else "-"


def share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def p50_p99(values: list[float]) -> str:
    return f"{percentile(values, 50):.2f} / {percentile(values, 99):.2f}" if values else "-"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    rule = "-+-".join("-" * w for w in widths)
    head = " | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))
    return "\n".join([head, rule, *lines])


def ratio(peer: list[float], ours: list[float]) -> str:
    return f"{percentile(peer, 50) / percentile(ours, 50):,.2f}x" if peer and ours else "-"


def report(results: list[Result], cold: ColdStart | None) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    out = [
        f"benchmarks.run {time.strftime('%Y-%m-%d %H:%M %Z')} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, rapidfuzz "
        f"{rapidfuzz.__version__}, load average {load} at the end",
        "",
        "Whole answer: Briefing.ask(command, query), ms p50 / p99 (wall; cpu p99). Peers rank "
        "records (top 5): fts5 = plain FTS5 MATCH of the words OR-ed; naive = rapidfuzz "
        "WRatio over every record's full text (sampled above 1k). Ratio = peer p50 / ours p50.",
    ]
    rows = []
    for r in results:
        for command in COMMANDS:
            group = "actor" if command in PEER_KIND else "all"
            ours, fts, naive = (
                r.ms[(s, c)] for s, c in (("ours", command), ("fts5", group), ("naive", group))
            )
            rows.append(
                [
                    f"{r.size:,}",
                    command,
                    p50_p99(ours),
                    f"{percentile(r.cpu_ms[command], 99):.2f}",
                    p50_p99(fts),
                    ratio(fts, ours),
                    p50_p99(naive),
                    ratio(naive, ours),
                ]
            )
    header = ["records", "command", "ours", "cpu p99", "fts5", "fts5/ours", "naive", "naive/ours"]
    out += [table(header, rows), ""]

    out.append(
        "Found (recall@5: a relevant record among the first 5; ours on `actor`: the first "
        "item; on `timeline`: any item). naive is sampled; ours@naive = ours on that sample."
    )
    rows = []
    for r in results:
        for command in COMMANDS:
            for kind in QUERY_KINDS:
                rows.append(
                    [
                        f"{r.size:,}",
                        command,
                        kind,
                        *(pct(r.hits[(s, command, kind)]) for s in (*SYSTEMS, "ours@naive")),
                    ]
                )
    out += [table(["records", "command", "queries", *SYSTEMS, "ours@naive"], rows), ""]

    out.append("Build (Briefing(facts): FTS5 in memory, SearchIndex, links) and the live store")
    rows = []
    for r in results:
        s = r.store
        rows.append(
            [
                f"{r.size:,}",
                f"{r.build_s:.2f} ({r.build_cpu_s:.2f})",
                f"{r.memory_mb:.0f} / {r.rss_mb:.0f}",
                f"{r.peer_build_s.get('fts5', 0):.2f} / {r.peer_build_s.get('naive', 0):.2f}",
                f"{s.seed_s:.1f}" if s else "-",
                f"{s.reopen_s:.2f}" if s else "-",
                f"{s.first_answer_s:.2f}" if s else "-",
                f"{max(s.edit_ms):.0f}" if s else "-",
                f"{percentile(s.visible_ms, 50):.0f} / {max(s.visible_ms):.0f}" if s else "-",
                f"{sum(s.shown)}/{len(s.shown)}" if s else "-",
                f"{max(s.cached_ms):.2f}" if s else "-",
            ]
        )
    header = [
        "records",
        "build s (cpu)",
        "MB traced / rss",
        "peers build s",
        "seed s",
        "reopen s",
        "1st answer s",
        "edit ms max",
        "edit->visible ms p50/max",
        "shown",
        "next ask ms",
    ]
    out += [table(header, rows), ""]
    out += [f"counts {r.size:,}: {r.counts}; generated in {r.generate_s:.1f} s" for r in results]
    if cold is not None:
        out += ["", *cold_lines(cold)]
    out += ["", *targets(results, cold)]
    for r in results:
        out.append(f"note {r.size:,}: naive peer over {r.naive_sample} sampled query texts")
        out += [f"note {r.size:,}: {note}" for note in r.notes]
    return "\n".join(out)


def cold_lines(cold: ColdStart) -> list[str]:
    if not cold.runs_s:
        return [f"cold start: briefing ask failed: {cold.error}"]
    runs = ", ".join(f"{s:.2f}" for s in cold.runs_s)
    importers = ", ".join(f"{name} {ms:.0f}" for name, ms in cold.importers)
    discord = dict(cold.importers).get("discord")
    return [
        f"cold start: briefing ask {COLD_LINE!r} (bundled store, already seeded): min "
        f"{min(cold.runs_s):.2f} s of [{runs}]; first run (seeds the store) {cold.first_s:.2f} s"
        + ("" if cold.ok else "; ANSWER NOT AS EXPECTED"),
        f"imports: {cold.total_import_ms:.0f} ms in all (-X importtime, cumulative ms of the "
        f"slowest packages, nested ones overlapping): {importers}",
        "discord is imported: "
        + (f"yes, {discord:.0f} ms of it" if discord is not None else "not among the top 8"),
    ]


def targets(results: list[Result], cold: ColdStart | None) -> list[str]:
    lines = []
    for r in results:
        if (limit := P99_TARGET_MS.get(r.size)) is not None:
            for command in TARGET_COMMANDS:
                p99 = percentile(r.ms[("ours", command)], 99)
                verdict = "met" if p99 <= limit else "MISSED"
                lines.append(
                    f"target {command} p99 <= {limit} ms at {r.size:,}: {p99:.2f} {verdict}"
                )
        for command in COMMANDS:
            for kind in QUERY_KINDS:
                ours, naive = (
                    r.hits[("ours@naive", command, kind)],
                    r.hits[("naive", command, kind)],
                )
                if naive and share(ours) < share(naive):
                    lines.append(
                        f"target quality >= naive at {r.size:,}, {command} {kind}: ours "
                        f"{pct(ours)} < naive {pct(naive)} MISSED"
                    )
        if r.size == max(x.size for x in results) and r.store is not None:
            worst = max(r.store.visible_ms)
            verdict = "met" if worst <= EDIT_TARGET_MS and all(r.store.shown) else "MISSED"
            lines.append(
                f"target edit visible <= {EDIT_TARGET_MS:.0f} ms at {r.size:,}: "
                f"{worst:.0f} ms {verdict}"
            )
    quality = [line for line in lines if "quality" in line]
    if not quality:
        lines.append("target quality >= naive on every size, command and query class: met")
    if cold is not None and cold.runs_s:
        best = min(cold.runs_s)
        verdict = "met" if best <= COLD_TARGET_S else "MISSED"
        lines.append(f"target cold briefing ask <= {COLD_TARGET_S} s: {best:.2f} s {verdict}")
    return lines
