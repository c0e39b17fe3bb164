"""The targets of issue 15 and their verdicts: one row per target and size measured.

A target names the metric it judges (a key of `SizeResult.ours`), its limit (per size where
the issue gives one per size; the limit of the next size up applies below it) and, where the
naive peer has the same measure, the key of the naive figure shown beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    from benchmarks.run import SizeResult


@dataclass(frozen=True)
class Target:
    measure: str
    key: str
    limits: dict[int, float]  # records -> limit (the next size up applies below a size)
    unit: str
    at_least: bool = False  # a share to reach (rank 1), not a time or size to stay under
    naive_key: str | None = None
    requires: str | None = None  # a share (%) that must be 100 for the target to count as met

    def limit(self, size: int) -> float:
        sizes = sorted(self.limits)
        return self.limits[next((s for s in sizes if s >= size), sizes[-1])]


EVERY_SIZE = 100_000  # the table is at 100k; the same limit is shown at every size
TARGETS: tuple[Target, ...] = (
    Target("store created from YAML (seed)", "seed_s", {EVERY_SIZE: 15.0}, "s"),
    Target(
        "reopened until the first answer (briefing ask)",
        "reopen_s",
        {EVERY_SIZE: 0.5},
        "s",
        naive_key="reopen_s",
    ),
    Target(
        "peak RSS after opening (briefing ask)",
        "open_rss_mb",
        {EVERY_SIZE: 250.0},
        "MB",
        naive_key="open_rss_mb",
    ),
    # "None at open (the index is stored)": what the first Library.briefing() of a fresh
    # process builds, allowed 50 ms since opening anything costs something.
    Target(
        "index built at open (first Library.briefing())",
        "index_build_s",
        {EVERY_SIZE: 0.05},
        "s",
        naive_key="build_s",
    ),
    Target(
        "claims p99 (whole answer)",
        "claims.p99_ms",
        {10_000: 2.0, 100_000: 10.0},
        "ms",
        naive_key="p99_ms",
    ),
    Target("actor p99", "actor.p99_ms", {10_000: 2.0, 100_000: 10.0}, "ms", naive_key="p99_ms"),
    Target(
        "first answer after an edit (median)",
        "edit_visible_p50_ms",
        {EVERY_SIZE: 50.0},
        "ms",
        naive_key="edit_visible_p50_ms",
        requires="edit_shown",
    ),
    Target("digest built (build_digest)", "digest_s", {EVERY_SIZE: 2.0}, "s"),
    Target("digest peak RSS", "digest_rss_mb", {EVERY_SIZE: 300.0}, "MB"),
    # "A digest a person reads": at most 10 messages.
    Target("digest messages", "digest_messages", {EVERY_SIZE: 10.0}, ""),
    Target(
        "autocomplete p99, one keystroke",
        "complete_p99_ms",
        {EVERY_SIZE: 5.0},
        "ms",
        naive_key="complete_p99_ms",
    ),
    Target("briefing doctor --offline", "doctor_s", {EVERY_SIZE: 2.0}, "s"),
    Target("!timeline with no query, rendered", "timeline_all_ms", {EVERY_SIZE: 100.0}, "ms"),
    Target(
        "typo queries right at rank 1",
        "rank1.typo",
        {EVERY_SIZE: 97.0},
        "%",
        at_least=True,
        naive_key="rank1.typo",
    ),
    Target(
        "transliterations right at rank 1",
        "rank1.transliteration",
        {EVERY_SIZE: 95.0},
        "%",
        at_least=True,
        naive_key="rank1.transliteration",
    ),
)


@dataclass
class Verdict:
    size: int
    measure: str
    ours: float | None
    naive: float | None
    target: str
    met: bool
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and math.isfinite(value)


def judge(result: SizeResult) -> list[Verdict]:
    verdicts = []
    for target in TARGETS:
        limit = target.limit(result.size)
        value = result.ours.get(target.key)
        naive = result.naive.get(target.naive_key) if target.naive_key else None
        note = ""
        if not _is_number(value):
            met, note = False, "not measured"
            value = None
        elif target.at_least:
            met = value >= limit
        else:
            met = value <= limit
        if target.requires and result.ours.get(target.requires) != 100.0:
            met, note = False, f"{target.requires} below 100%"
        verdicts.append(
            Verdict(
                size=result.size,
                measure=target.measure,
                ours=value,
                naive=naive if _is_number(naive) else None,
                target=f"{'>=' if target.at_least else '<='} {limit:g} {target.unit}".strip(),
                met=met,
                note=note,
            )
        )
    return verdicts
