"""The digest at scale: a synthetic store (benchmarks/synthetic.py) with a day of edits, and the
time and peak memory of `build_digest` over it.

    .venv/bin/python -m tests.digest_scale 1000 10000 [100000] [--before FILE]

prints, for each size, the seeded store's records and open disputes, the time
`store.revisions(since)` takes when the window holds the whole seed (a store seeded that day),
then `build_digest`'s time, its peak traced memory (tracemalloc) and the messages it makes
(Discord embeds); with `--before`, the same for an older version of the build module.
The tests check the digest's bounds on thousands of disputes over a `MemoryStore` (no YAML to
seed, no disk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from benchmarks.live import write_dataset
from benchmarks.synthetic import build_facts
from bot.render import render_embeds
from facts.answers import Answer
from facts.briefing import Briefing
from facts.dataset import dump_record
from facts.digest import build_digest
from facts.factset import FactSet
from facts.library import Library
from facts.models import AnyRecord
from facts.store import Action, Editor, Revision, Store
from tests.helpers import Clock

SEEDED = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)
EDITOR = Editor("scale")


@contextmanager
def synthetic_store(n: int, edits: int, directory: Path) -> Iterator[Store]:
    """A store seeded at SEEDED with about `n` synthetic records, then `edits` edits of
    disputed claims, one a minute from an hour after the seed."""
    seed, clock = directory / "seed", Clock(SEEDED)
    write_dataset(build_facts(n), seed)
    with Store.open(directory / "facts.db", seed_dir=seed, clock=clock) as store:
        disputed = [c for c in store.snapshot().claims.values() if c.disputes]
        for k in range(edits):
            claim = disputed[(k * 7919) % len(disputed)]
            clock.now = SEEDED + dt.timedelta(hours=1, minutes=k)
            statement = f"{claim.statement} (corrected {k})"
            store.edit(claim.id, {"statement": statement}, by=EDITOR, reason="scale test")
        yield store


class MemoryStore:
    """The digest's view of a store (`DigestStore`) over a FactSet in memory: the whole set as
    its seed, then `change` adds revisions. It counts the revisions it hands out, so a test can
    check the digest reads what changed and not the seed."""

    def __init__(self, facts: FactSet) -> None:
        self.facts = facts
        self.meta: dict[str, str] = {}
        self.log = [
            _revision(n, record, "import", before=None, after=dump_record(record), at=SEEDED)
            for n, record in enumerate(facts.records(), start=1)
        ]
        self._seed = len(self.log)
        self.handed_out = 0

    def change(
        self, record: AnyRecord, action: Action, after: AnyRecord | None, at: dt.datetime
    ) -> None:
        """One more revision after the seed: `record` became `after` (None: withdrawn)."""
        before = dump_record(record)
        data = dump_record(after) if after is not None else None
        self.log.append(
            _revision(len(self.log) + 1, record, action, before=before, after=data, at=at)
        )

    def revisions(
        self,
        since: dt.datetime | None = None,
        limit: int | None = None,
        *,
        after: int = 0,
        until: dt.datetime | None = None,
    ) -> list[Revision]:
        found = [
            r
            for r in self.log
            if r.number > after
            and (since is None or r.at > since)
            and (until is None or r.at <= until)
        ]
        found = found[-limit:] if limit is not None else found
        self.handed_out += len(found)
        return found

    def snapshot(self) -> FactSet:
        return self.facts

    def get_meta(self, key: str) -> str | None:
        return self.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self.meta[key] = value

    def seed_head(self) -> int:
        return self._seed

    def update_meta(
        self, keys: Sequence[str], change: Callable[[dict[str, str | None]], dict[str, str]]
    ) -> dict[str, str | None]:
        self.meta.update(change({k: self.meta.get(k) for k in keys}))
        return {k: self.meta.get(k) for k in keys}


def _revision(
    number: int,
    record: AnyRecord,
    action: Action,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: dt.datetime,
) -> Revision:
    return Revision(
        number=number,
        record_id=record.id,
        kind=record.kind,
        action=action,
        editor_name=EDITOR.name,
        editor_id=None,
        at=at,
        reason="scale test",
        before=before,
        after=after,
        base_revision=None,
        undoes=None,
    )


@dataclass
class Measure:
    digest_s: float
    peak_mb: float
    pages: int


Build = Callable[..., Answer]


def measure(build: Build, store: Store, briefing: Briefing) -> Measure:
    """One digest of the day after the seed: timed on its own, then again under tracemalloc
    for its peak (tracing slows it down several times over)."""
    since, now = SEEDED - dt.timedelta(hours=1), SEEDED + dt.timedelta(days=1)
    start = time.perf_counter()
    answer = build(store, since=since, now=now, briefing=briefing)
    digest_s = time.perf_counter() - start
    tracemalloc.start()
    build(store, since=since, now=now, briefing=briefing)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Measure(digest_s, peak / 2**20, len(render_embeds(answer)))


def _load(path: str) -> Build:
    """`build_digest` of another version of facts/digest's build module (e.g. `git show
    main:facts/digest.py > /tmp/before.py`), to measure before and after on the same store."""
    spec = importlib.util.spec_from_file_location("digest_before", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return cast(Build, module.build_digest)


def main(sizes: list[int], before: str | None) -> None:
    builds = {"before": _load(before)} if before else {}
    builds["after"] = build_digest
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp, synthetic_store(n, 40, Path(tmp)) as store:
            briefing = Library(store).briefing()  # the bot holds it when the digest runs
            groups = len(briefing.dispute_groups())
            records = sum(briefing.facts.counts().values())
            since = SEEDED - dt.timedelta(hours=1)
            start = time.perf_counter()
            store.revisions(since)
            window_s = time.perf_counter() - start
            print(f"{records} records, {groups} open disputes, 40 edits after the seed;")
            print(f"  store.revisions(since) with the seed in the window: {window_s:.2f} s")
            for name, build in builds.items():
                m = measure(build, store, briefing)
                print(
                    f"  {name:>6}: build_digest {m.digest_s:.2f} s, peak {m.peak_mb:.1f} MB "
                    f"(tracemalloc), {m.pages} messages",
                    flush=True,
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000])
    parser.add_argument("--before", metavar="FILE", help="an older build module to compare")
    args = parser.parse_args()
    main(args.sizes, args.before)
