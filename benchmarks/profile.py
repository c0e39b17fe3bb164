"""Where the time goes: cProfile of one measurement of the benchmark on a seeded store.

    PYTHONPATH=. .venv/bin/python -m benchmarks.profile --size 10000 claims actor timeline
        open complete digest edit [--top 10] [--sort cumulative,tottime]

Each name profiles what the benchmark times under that name: `claims` / `actor` (every query
of that command), `timeline` (`!timeline` with no query, answer and embeds), `open` (Store.open
and the first Library.briefing(), in this process), `complete` (autocomplete keystrokes),
`digest` (build_digest over the last day), `edit` (an edit, then the next answer).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.live import edited_actors, measure_edits, seed_store, write_dataset
from benchmarks.run import COMPLETE_LIMIT, keystrokes, queries_for
from benchmarks.synthetic import generate
from facts.briefing import SUBJECT_KINDS
from facts.digest import build_digest
from facts.library import Library
from facts.store import Store


def profiled(name: str, call: Callable[[], object], top: int, sort: str) -> str:
    """The call's profile, the `top` functions by each of the comma-separated sort keys."""
    profile = cProfile.Profile()
    profile.runcall(call)
    parts = []
    for key in sort.split(","):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(key).print_stats(top)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        parts.append(f"=== {name} by {key}\n" + "\n".join(lines[-(top + 1) :]))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="+")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--sort", default="cumulative,tottime", help="pstats keys, comma-separated")
    args = parser.parse_args(argv)
    synthetic = generate(args.size, args.queries * 3)
    queries = queries_for(synthetic)
    with tempfile.TemporaryDirectory() as tmp:
        seed, path = Path(tmp) / "seed", Path(tmp) / "facts.db"
        write_dataset(synthetic.facts, seed)
        seed_store(path, seed)
        if "open" in args.what:

            def reopen() -> None:
                with Store.open(path) as fresh:
                    Library(fresh).briefing()

            print(profiled("open", reopen, args.top, args.sort))
        with Store.open(path) as store:
            library = Library(store)
            library.briefing()
            calls: dict[str, Callable[[], object]] = {
                "claims": lambda: [
                    library.briefing().ask("claims", q.text) for q in queries["claims"]
                ],
                "actor": lambda: [
                    library.briefing().ask("actor", q.text) for q in queries["actor"]
                ],
                "timeline": lambda: _timeline(library),
                "complete": lambda: [
                    library.briefing().index.complete(t, kinds=SUBJECT_KINDS, limit=COMPLETE_LIMIT)
                    for t in keystrokes([q.text for q in queries["claims"][:30]])
                ],
                "edit": lambda: measure_edits(store, library, edited_actors(synthetic.facts, 3)),
                "digest": lambda: build_digest(
                    store,
                    since=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
                    now=dt.datetime.now(dt.UTC),
                    briefing=library.briefing(),
                ),
            }
            for name in args.what:
                if name in calls:
                    print(profiled(name, calls[name], args.top, args.sort))


def _timeline(library: Library) -> None:
    from bot.render import render_embeds  # noqa: PLC0415

    render_embeds(library.briefing().ask("timeline", ""))


if __name__ == "__main__":
    main()
