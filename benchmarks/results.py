"""A run's results as JSON, so runs can be compared (`benchmarks.compare`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmarks.live import ColdStart
    from benchmarks.run import SizeResult
    from benchmarks.targets import Verdict

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def default_path() -> Path:
    return RESULTS_DIR / f"bench-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.json"


def as_json(
    meta: dict[str, Any],
    options: dict[str, Any],
    sized: list[SizeResult],
    verdicts: list[Verdict],
    cold: ColdStart | None,
) -> dict[str, Any]:
    return {
        "meta": meta,
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in options.items()},
        "sizes": [dataclasses.asdict(r) for r in sized],
        "targets": [dataclasses.asdict(v) for v in verdicts],
        "cold_start": dataclasses.asdict(cold) if cold is not None else None,
    }


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
