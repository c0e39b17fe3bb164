"""Measurements that need a fresh process of their own (run by `benchmarks.live`): each
prints one JSON object on stdout with its times and the process's peak RSS.

    python -m benchmarks.probe open --store PATH --line '!actor NAME'
    python -m benchmarks.probe digest --store PATH
    python -m benchmarks.probe naive --data DIR --query TEXT

- `open`: what a restart costs, step by step: `Store.open`, the first `Library.briefing()`
  (everything built at open, the index included) and the first answer.
- `digest`: the daily digest the bot posts (`build_digest` over the last day, then
  `render_embeds`: one message per embed), its time and the process's peak RSS.
- `naive`: the naive peer's restart: the YAML read, every record's text made, one query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import yaml

# Lines the bot answers: `!command rest`.
COMMAND_PREFIX = "!"


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _open(args: argparse.Namespace) -> dict[str, Any]:
    from facts.library import Library  # noqa: PLC0415 (timed: imports count in a restart)
    from facts.store import Store  # noqa: PLC0415

    start = time.perf_counter()
    store = Store.open(Path(args.store))
    opened = time.perf_counter()
    library = Library(store)
    briefing = library.briefing()
    built = time.perf_counter()
    command, _, query = args.line.removeprefix(COMMAND_PREFIX).partition(" ")
    answer = briefing.ask(command, query)
    answered = time.perf_counter()
    store.close()
    return {
        "open_store_s": opened - start,
        "first_briefing_s": built - opened,
        "first_answer_ms": (answered - built) * 1e3,
        "items": len(answer.items()),
        "rss_mb": peak_rss_mb(),
    }


def _digest(args: argparse.Namespace) -> dict[str, Any]:
    from bot.render import render_embeds  # noqa: PLC0415
    from facts.digest import build_digest  # noqa: PLC0415
    from facts.library import Library  # noqa: PLC0415
    from facts.store import Store  # noqa: PLC0415

    store = Store.open(Path(args.store))
    library = Library(store)
    library.briefing()
    before = peak_rss_mb()
    now = dt.datetime.now(dt.UTC)
    start, cpu = time.perf_counter(), time.process_time()
    answer = build_digest(
        store, since=now - dt.timedelta(days=1), now=now, briefing=library.briefing()
    )
    built, cpu = time.perf_counter(), time.process_time() - cpu
    messages = len(render_embeds(answer))
    rendered = time.perf_counter()
    store.close()
    return {
        "digest_s": built - start,
        "digest_cpu_s": cpu,
        "render_s": rendered - built,
        "messages": messages,
        "rss_before_mb": before,
        "rss_mb": peak_rss_mb(),
    }


def _naive(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.peers import NaivePeer  # noqa: PLC0415

    start = time.perf_counter()
    records = []
    for path in sorted(Path(args.data).glob("*.yaml")):
        for data in yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader) or []:
            records.append((str(data["id"]), data))
    peer = NaivePeer(records)
    loaded = time.perf_counter()
    top = peer.top(args.query)
    answered = time.perf_counter()
    return {
        "load_s": loaded - start,
        "first_answer_ms": (answered - loaded) * 1e3,
        "items": len(top),
        "rss_mb": peak_rss_mb(),
    }


PROBES = {"open": _open, "digest": _digest, "naive": _naive}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("probe", choices=sorted(PROBES))
    parser.add_argument("--store", help="the store file (open, digest)")
    parser.add_argument("--line", default="!claims police", help="the first question (open)")
    parser.add_argument("--data", help="the YAML directory (naive)")
    parser.add_argument("--query", default="police", help="the first question (naive)")
    args = parser.parse_args(argv)
    json.dump(PROBES[args.probe](args), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
