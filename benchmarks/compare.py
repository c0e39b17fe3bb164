"""Runs side by side: every target's figure in each run and "met in N of M".

python -m benchmarks.compare benchmarks/results/bench-1.json bench-2.json bench-3.json
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from benchmarks import results
from benchmarks.report import figure, table


def compare(runs: list[dict[str, Any]]) -> str:
    rows: dict[tuple[int, str], list[dict[str, Any] | None]] = {}
    for n, run in enumerate(runs):
        for verdict in run["targets"]:
            key = (verdict["size"], verdict["measure"])
            rows.setdefault(key, [None] * len(runs))[n] = verdict
    lines = []
    for (size, measure), verdicts in rows.items():
        known = [v for v in verdicts if v is not None]
        met = sum(v["met"] for v in known)
        lines.append(
            [
                f"{size:,}",
                measure,
                known[0]["target"],
                *(figure(v["ours"]) if v else "-" for v in verdicts),
                f"met in {met} of {len(runs)}",
            ]
        )
    header = ["records", "measure", "target", *(f"run {n + 1}" for n in range(len(runs))), ""]
    started = ", ".join(run["meta"].get("started", "?") for run in runs)
    return f"Runs compared (started {started})\n" + table(header, lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    print(compare([results.read(path) for path in args.files]))


if __name__ == "__main__":
    main()
