"""The run's tables: answers per command and query class, the store and its processes,
the naive peer beside them, and every target of issue 15 as met or missed."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from benchmarks.live import COLD_LINE, ColdStart
from benchmarks.synthetic import QUERY_KINDS

if TYPE_CHECKING:
    from benchmarks.run import SizeResult
    from benchmarks.targets import Verdict

COMMANDS = ("claims", "actor", "timeline", "search")


def figure(value: float | None, digits: int | None = None) -> str:
    """A number as a short figure: 3 significant digits, thousands separated."""
    if value is None or not math.isfinite(value):
        return "-"
    if digits is None:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    rule = "-+-".join("-" * w for w in widths)
    head = " | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))
    return "\n".join([head, rule, *lines])


def _pair(metrics: Mapping[str, float], a: str, b: str) -> str:
    if a not in metrics:
        return "-"
    return f"{figure(metrics.get(a))} / {figure(metrics.get(b))}"


def _pct(metrics: Mapping[str, float], key: str) -> str:
    value = metrics.get(key)
    return f"{value:.0f}%" if value is not None and math.isfinite(value) else "-"


def answer_rows(r: SizeResult) -> list[list[str]]:
    rows = []
    for command in COMMANDS:
        for kind in QUERY_KINDS:
            mine, any_ = f"{command}.{kind}", f"any.{kind}"
            rows.append(
                [
                    f"{r.size:,}",
                    command,
                    kind,
                    _pair(r.ours, f"{mine}.p50_ms", f"{mine}.p99_ms"),
                    _pair(r.fts, f"{any_}.p50_ms", f"{any_}.p99_ms"),
                    _pair(r.naive, f"{any_}.p50_ms", f"{any_}.p99_ms"),
                    " / ".join(_pct(m, f"{mine}.found") for m in (r.ours, r.fts, r.naive)),
                    " / ".join(_pct(m, f"{mine}.rank1") for m in (r.ours, r.fts, r.naive)),
                    f"{figure(r.ours.get(f'{mine}.n'), 0)} / {figure(r.naive.get(f'{any_}.n'), 0)}",
                ]
            )
    return rows


def command_rows(r: SizeResult) -> list[list[str]]:
    return [
        [
            f"{r.size:,}",
            command,
            _pair(r.ours, f"{command}.p50_ms", f"{command}.p99_ms"),
            figure(r.ours.get(f"{command}.cpu_p99_ms")),
            _pair(r.naive, "p50_ms", "p99_ms"),
        ]
        for command in COMMANDS
    ]


def store_rows(r: SizeResult) -> list[list[str]]:
    o, n = r.ours, r.naive
    return [
        [
            f"{r.size:,}",
            "ours",
            figure(o.get("seed_s")),
            f"{figure(o.get('reopen_s'))} ({figure(o.get('reopen_cpu_s'))})",
            figure(o.get("open_rss_mb"), 0),
            f"{figure(o.get('open_store_s'))} / {figure(o.get('index_build_s'))}",
            _pair(o, "edit_visible_p50_ms", "edit_visible_max_ms"),
            _pct(o, "edit_shown"),
            f"{figure(o.get('digest_s'))} ({figure(o.get('digest_cpu_s'))}) / "
            f"{figure(o.get('digest_rss_mb'), 0)} / "
            f"{figure(o.get('digest_messages'), 0)}",
            _pair(o, "complete_p50_ms", "complete_p99_ms"),
            f"{figure(o.get('doctor_s'))} ({figure(o.get('doctor_cpu_s'))}) / "
            f"{figure(o.get('doctor_rss_mb'), 0)}",
            figure(o.get("timeline_all_ms")),
        ],
        [
            f"{r.size:,}",
            "naive",
            "-",
            f"{figure(n.get('reopen_s'))} ({figure(n.get('reopen_cpu_s'))})",
            figure(n.get("open_rss_mb"), 0),
            f"- / {figure(n.get('build_s'))}",
            _pair(n, "edit_visible_p50_ms", "edit_visible_max_ms"),
            _pct(n, "edit_shown"),
            "-",
            _pair(n, "complete_p50_ms", "complete_p99_ms"),
            "-",
            "-",
        ],
    ]


def verdict_rows(verdicts: list[Verdict]) -> list[list[str]]:
    return [
        [
            f"{v.size:,}",
            v.measure,
            figure(v.ours),
            figure(v.naive),
            v.target,
            ("met" if v.met else "MISSED") + (f" ({v.note})" if v.note else ""),
        ]
        for v in verdicts
    ]


def report(
    meta: dict[str, Any], sized: list[SizeResult], verdicts: list[Verdict], cold: ColdStart | None
) -> str:
    load = ", ".join(f"{x:.2f}" for x in meta.get("load_average", ()))
    out = [
        f"benchmarks.run {time.strftime('%Y-%m-%d %H:%M %Z')} on {meta['machine']}, "
        f"{meta['cores']} cores, Python {meta['python']}, rapidfuzz {meta['rapidfuzz']}, "
        f"load average {load} at the end",
        "",
        "Answers: Library(store).briefing().ask(command, query), the whole answer, ms p50 / "
        "p99 wall. Peers rank records, one ranking per query whatever the command: naive = "
        "process.extract(query, every record's full text, limit=10); fts5 = plain FTS5 MATCH. "
        "found = a relevant record in the first 5 (timeline: any item); rank 1 = the first "
        "item is relevant (none for a timeline, which is in date order).",
    ]
    header = ["records", "command", "queries", "ours ms", "fts5 ms", "naive ms"]
    header += ["found ours/fts5/naive", "rank 1 ours/fts5/naive", "n ours/naive"]
    out += [table(header, [row for r in sized for row in answer_rows(r)]), ""]
    out.append("Per command, every class together (cpu p99: this thread's CPU time, our own cost)")
    header = ["records", "command", "ours ms p50 / p99", "cpu p99", "naive ms p50 / p99"]
    out += [table(header, [row for r in sized for row in command_rows(r)]), ""]

    out.append(
        "The store and fresh processes (wall s, the process's own CPU s in brackets: the "
        "machine is shared): seed = Store.open from YAML; restart = `briefing ask` "
        "in a fresh process (median), its peak RSS; open / index = Store.open and the first "
        "Library.briefing() in a fresh process; edit = store.edit returned -> the next answer "
        "shows it; digest = build_digest over the last day in a fresh process (s / peak RSS "
        "MB / messages); autocomplete per keystroke; doctor --offline (s / RSS MB); timeline "
        "= `!timeline` with no query, answer and embeds. naive: restart = read the YAML, "
        "make the texts, one query; build = the texts made in process."
    )
    header = ["records", "system", "seed s", "restart s", "RSS MB", "open / index s"]
    header += ["edit->answer ms p50/max", "shown", "digest", "autocomplete ms"]
    header += ["doctor", "timeline ms"]
    out += [table(header, [row for r in sized for row in store_rows(r)]), ""]
    out += [f"counts {r.size:,}: {r.counts}" for r in sized]
    for r in sized:
        if (sample := r.naive.get("sampled_per_class")) is not None and r.size > 1000:
            out.append(
                f"note {r.size:,}: the naive peer is asked {sample:.0f} queries per class "
                "(its p99 is close to its maximum)"
            )
        out += [f"note {r.size:,}: {note}" for note in r.notes]
    if cold is not None:
        out += ["", *cold_lines(cold)]
    out += ["", "Targets (issue 15; the 100k limits also shown at smaller sizes)"]
    header = ["records", "measure", "ours", "naive", "target", "verdict"]
    out.append(table(header, verdict_rows(verdicts)))
    met = sum(v.met for v in verdicts)
    out.append(f"{met} of {len(verdicts)} targets met")
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
