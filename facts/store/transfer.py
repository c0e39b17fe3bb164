"""The store and files: curated YAML in (an import that never overwrites a moderator's
change), reviewable YAML out (all or nothing), and a consistent copy (backup)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from facts.dataset import ARTICLES, Problem, dump_record
from facts.factset import Facts, FactSet
from facts.models import KINDS
from facts.store.errors import InvalidChange
from facts.store.revisions import Change, Revision


@dataclass
class Conflict:
    """A record the import did not touch, and why."""

    record_id: str
    reason: str
    revisions: list[Revision] = field(default_factory=list)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)


@dataclass
class ImportPlan:
    report: ImportReport
    changes: list[Change]
    texts: dict[str, str]  # the articles of new sources
    in_sync: list[tuple[str, int]]  # records that agree with the YAML, at their revision


def plan_import(
    db: sqlite3.Connection,
    current: Facts,
    incoming: FactSet,
    since: Callable[[str, int], list[Revision]],
) -> ImportPlan:
    """What importing `incoming` would change. A record changed in the store since the
    YAML last agreed with it (the `synced` table) is a conflict, not an overwrite."""
    report = ImportReport()
    rows = {
        row[0]: (row[1], bool(row[2]), int(row[3]))
        for row in db.execute("SELECT id, kind, retracted, revision FROM records")
    }
    synced = dict(db.execute("SELECT record_id, revision FROM synced").fetchall())
    stored = dict(db.execute("SELECT source_id, text FROM articles").fetchall())
    changes: list[Change] = []
    in_sync: list[tuple[str, int]] = []
    for record in incoming.records():
        text = incoming.articles.get(record.id) if record.kind == "source" else None
        if record.id not in rows:
            changes.append(Change(record.id, record.kind, "import", None, record))
            continue
        kind, retracted, last = rows[record.id]
        mine = None if retracted else current.table(kind).get(record.id)
        if kind != record.kind:
            report.conflicts.append(Conflict(record.id, f"is a {kind} in the store"))
        elif text is not None and stored.get(record.id, text) != text:
            report.conflicts.append(
                Conflict(record.id, "article text differs; register it as a new source")
            )
        elif mine == record:
            report.unchanged += 1
            in_sync.append((record.id, last))
        elif synced.get(record.id) != last:
            changed = since(record.id, synced.get(record.id, 0))
            report.conflicts.append(
                Conflict(record.id, "changed in the store since the last import", changed)
            )
        else:
            changes.append(Change(record.id, kind, "import", mine, record))
    texts = {
        c.record_id: incoming.articles[c.record_id]
        for c in changes
        if c.kind == "source" and c.record_id not in stored
    }
    return ImportPlan(report, changes, texts, in_sync)


def mark_synced(db: sqlite3.Connection, in_sync: list[tuple[str, int]]) -> None:
    db.executemany(
        "INSERT INTO synced (record_id, revision) VALUES (?, ?)"
        " ON CONFLICT (record_id) DO UPDATE SET revision = excluded.revision",
        in_sync,
    )


def export(facts: FactSet, directory: Path) -> None:
    """Write the records as YAML files plus articles/, as `facts validate` reads. All or
    nothing: everything is written to a temporary directory beside `directory` first, then
    renamed into place (a failure half-way leaves `directory` as it was)."""
    import yaml  # noqa: PLC0415 (loaded by what writes YAML only: see facts.yamllimits)

    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        (staging / ARTICLES).mkdir()
        for kind, model in KINDS.items():
            records = [dump_record(r) for r in facts.table(kind).values()]
            text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)
            (staging / model.yaml_file).write_text(text, encoding="utf-8")
        for source in facts.sources.values():
            article = staging / ARTICLES / source.file
            article.write_text(facts.articles[source.id], encoding="utf-8")
        if not directory.exists():
            staging.rename(directory)
            return
        # An earlier export (and perhaps files not ours): each of ours replaced by rename.
        (directory / ARTICLES).mkdir(exist_ok=True)
        for written in [*staging.iterdir(), *(staging / ARTICLES).iterdir()]:
            if written.is_file():
                os.replace(written, directory / written.relative_to(staging))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def backup(db: sqlite3.Connection, live: Path, destination: Path, *, replace: bool = False) -> None:
    """A consistent copy of the store at `live` (SQLite online backup; writers may go on),
    made beside `destination` and moved there whole: a failed backup leaves no half file,
    and an earlier backup at that path stays until the new one is complete. An existing
    file is written over only with `replace` (a store named the wrong way round would be
    lost), the live store itself never."""
    destination = Path(destination)

    def refuse(why: str) -> InvalidChange:
        return InvalidChange([Problem("backup", "-", "destination", f"{destination} {why}")])

    if destination.is_dir():
        raise refuse("is a directory: name the backup's file in it")
    if destination.exists() and not destination.is_file():  # a device, a pipe: not replaced
        raise refuse("is not a regular file: name a file for the backup")
    companions = [live.with_name(live.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    if destination.absolute() in [c.absolute() for c in companions]:
        raise refuse("is one of the live store's own files (SQLite's): name another file")
    if destination.exists():
        if live.exists() and os.path.samefile(destination, live):
            raise refuse("is the live store itself: name another file")
        if not replace:
            raise refuse(
                "exists: name a new file (a dated one: briefing-$(date +%F).sqlite3), or "
                "give --replace to write over it"
            )
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)  # one a failure left
        target = sqlite3.connect(partial)
        try:
            db.backup(target)
        finally:
            target.close()
        os.replace(partial, destination)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):  # a folder that is a file has no partial either
            partial.unlink(missing_ok=True)
        raise refuse(
            f"cannot be written ({exc}): name a file in a folder this user may write, on a "
            "disk with room"
        ) from exc
