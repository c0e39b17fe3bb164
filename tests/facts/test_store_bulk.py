"""A seed and an import write every record with one statement per table (facts.store
.revisions.append_all). They must write exactly the rows that writing the same changes one
at a time did: the reference below is the single-change writer the store used before, kept
here verbatim so the comparison does not depend on the code it checks."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from benchmarks.live import write_dataset
from benchmarks.synthetic import build_facts
from facts import dataset as loader
from facts import forked, fulltext
from facts.dataset import dump_record
from facts.models import AnyRecord
from facts.search import tables as names
from facts.store import Editor, InvalidChange, Revision, SeedInvalid, Store, keys, state
from facts.store import revisions as writer
from facts.store.revisions import Change
from tests.baseline import Dataset

AT = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _json(data: dict[str, Any] | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=False)


def one_at_a_time(
    db: sqlite3.Connection,
    changes: Sequence[Change],
    by: Editor,
    reason: str,
    at: str,
    *,
    key_rows: object = None,
    kept: bool = True,
) -> list[Revision]:
    """The store's writer before bulk writes: each change's revision (numbered by SQLite),
    record row and index entry, one statement at a time (`key_rows`, rows a bulk write was
    given, unused: each record's are made as it is written; `kept` unused: the revisions
    are always returned)."""
    written = []
    for c in changes:
        before = None if c.before is None else dump_record(c.before)
        after = None if c.after is None else dump_record(c.after)
        cursor = db.execute(
            "INSERT INTO revisions (record_id, kind, action, editor_name, editor_id, at,"
            " reason, before, after, base_revision, undoes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *(c.record_id, c.kind, c.action, by.name, by.discord_id, at, reason),
                *(_json(before), _json(after), c.base_revision, c.undoes),
            ),
        )
        number = int(cursor.lastrowid or 0)
        db.execute(
            "INSERT INTO records (id, kind, data, retracted, revision) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET data = coalesce(excluded.data, data),"
            " retracted = excluded.retracted, revision = excluded.revision",
            (c.record_id, c.kind, _json(after or before), after is None, number),
        )
        db.execute("INSERT OR IGNORE INTO fulltext_rows (id) VALUES (?)", (c.record_id,))
        (row,) = db.execute(
            "SELECT rowid FROM fulltext_rows WHERE id = ?", (c.record_id,)
        ).fetchone()
        db.execute("DELETE FROM fulltext WHERE rowid = ?", (row,))
        if c.after is not None:
            db.execute(fulltext._INSERT, (row, c.record_id, c.kind, *fulltext.document(c.after)))
        # The links and check tables came later: here they are written a record at a time
        # through the store's own writer, so the bulk path is compared with the single one.
        writer.index(db, [(c.record_id, c.after)], fulltext=False)
        written.append(
            Revision(
                number=number,
                record_id=c.record_id,
                kind=c.kind,
                action=c.action,
                editor_name=by.name,
                editor_id=by.discord_id,
                at=dt.datetime.fromisoformat(at),
                reason=reason,
                before=before,
                after=after,
                base_revision=c.base_revision,
                undoes=c.undoes,
            )
        )
    return written


# FTS5's own b-tree of index segments: written one record at a time, each record's terms are
# flushed as a segment of their own; in bulk, as one. What the index holds is compared
# instead, term by term and position by position.
_SEGMENTS = (
    'INSERT INTO "fulltext_data"',
    'INSERT INTO "fulltext_idx"',
    # The name index counts its writes (a bulk write is one, each single change one more).
    """INSERT INTO "name_stats" VALUES('generation',""",
)


def every_row(path: Path) -> list[str]:
    """Every table's rows as SQL, and every indexed word where it occurs."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
        db.execute("INSERT INTO fulltext (fulltext) VALUES ('integrity-check')")
        db.execute("CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, fulltext, instance)")
        words = [repr(row) for row in db.execute("SELECT * FROM temp.words")]
        assert words, "an empty index compares equal to anything"
        # Sorted: a bulk build makes some tables and their indexes in another order.
        return sorted(line for line in db.iterdump() if not line.startswith(_SEGMENTS)) + words
    finally:
        db.close()


def test_bulk_writes_the_rows_one_at_a_time_wrote(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bulk").mkdir()
    (tmp_path / "single").mkdir()

    def curate() -> None:
        dataset.change("actors.yaml", "ttp", description="A Pakistani armed group.")
        dataset.add("places.yaml", {"id": "bannu", "name": "Bannu", "place_kind": "city"})

    # Both stores see the same dataset at each step: seeded from the baseline, then the
    # curated version imported.
    with Store.open(
        tmp_path / "bulk" / "s.sqlite3", seed_dir=dataset.root, clock=lambda: AT
    ) as bulk:
        with monkeypatch.context() as patch:
            patch.setattr(writer, "append_all", one_at_a_time)
            single = Store.open(
                tmp_path / "single" / "s.sqlite3", seed_dir=dataset.root, clock=lambda: AT
            )
        try:
            assert every_row(bulk.path) == every_row(single.path)
            curate()
            by = Editor("curator", 7)
            report = bulk.import_dir(dataset.root, by=by, reason="curated")
            with monkeypatch.context() as patch:
                patch.setattr(writer, "append_all", one_at_a_time)
                expected = single.import_dir(dataset.root, by=by, reason="curated")
            assert report.updated == ["ttp"]
            assert report.created == ["bannu"]
            assert report.revisions == expected.revisions
            assert every_row(bulk.path) == every_row(single.path)
            assert bulk.history("ttp") == single.history("ttp")
        finally:
            single.close()


def test_a_bulk_import_with_one_problem_writes_nothing(tmp_path: Path, dataset: Dataset) -> None:
    with Store.open(tmp_path / "s.sqlite3", seed_dir=dataset.root, clock=lambda: AT) as store:
        dataset.change("actors.yaml", "ttp", description="A Pakistani armed group.")
        for n in range(50):
            dataset.add(
                "places.yaml", {"id": f"town-{n}", "name": f"Town {n}", "place_kind": "city"}
            )
        dataset.add(
            "places.yaml",
            {"id": "nowhere", "name": "Nowhere", "place_kind": "city", "country": "atlantis"},
        )
        before = every_row(store.path)
        with pytest.raises(InvalidChange) as caught:
            store.import_dir(dataset.root, by=Editor("curator"))
        assert [(p.record, p.field) for p in caught.value.problems] == [("nowhere", "country")]
        assert every_row(store.path) == before
        assert store.get("town-0") is None


@pytest.mark.parametrize(
    "child", ["in this process", "forked", "forked and failing", "forked, its file unreadable"]
)
def test_a_synthetic_seed_writes_the_rows_one_at_a_time_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    """The seed's bulk build (its tables made in bulk, the file made beside the store and
    moved into place, the YAML files parsed, the set checked and the name index's rows made
    on the other core, or here when the child fails) against the single-change writer, on
    2,000 synthetic records: every kind, every link and name table, disputes and dates that a
    small dataset lacks."""
    if child != "in this process":
        if not forked.available():
            pytest.skip("no fork or no second core here")
        monkeypatch.setattr(names, "PREPARE_MIN", 0)
        monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(state, "CHECK_FORKED_MIN", 0)
    if child == "forked and failing":
        parent, parts = os.getpid(), names._parts

        def fail_in_child(records: list[AnyRecord]) -> Iterator[Any]:
            if os.getpid() != parent:
                raise RuntimeError("the child fails")
            return parts(records)

        monkeypatch.setattr(names, "_parts", fail_in_child)
    if child == "forked, its file unreadable":

        def not_a_database(path: Path, records: list[AnyRecord]) -> list[str]:
            path.write_bytes(b"not a database " * 100)
            return [str(path)]

        monkeypatch.setattr(names, "_build_file", not_a_database)
    write_dataset(build_facts(2000, 7), tmp_path / "seed")
    (tmp_path / "bulk").mkdir()
    (tmp_path / "single").mkdir()
    bulk = tmp_path / "bulk" / "s.sqlite3"
    Store.open(bulk, seed_dir=tmp_path / "seed", clock=lambda: AT).close()
    with monkeypatch.context() as patch:
        patch.setattr(writer, "append_all", one_at_a_time)
        single = tmp_path / "single" / "s.sqlite3"
        Store.open(single, seed_dir=tmp_path / "seed", clock=lambda: AT).close()
    # The name index's file made by the child is gone with the seed.
    assert [p.name for p in (tmp_path / "bulk").iterdir()] == ["s.sqlite3"]
    rows = every_row(bulk)
    assert len(rows) > 50_000  # the set was written, not two empty stores compared
    assert rows == every_row(single)


def test_a_store_seeded_in_place_lets_go_of_the_name_index_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty file at the path is seeded on the connection the store then keeps: the file
    the child built the name index in is not left attached to it, nor on the disk."""
    if not forked.available():
        pytest.skip("no fork or no second core here")
    monkeypatch.setattr(names, "PREPARE_MIN", 0)
    copied, copy = [], names._copy

    def counted(db: sqlite3.Connection, prepared: names.Prepared) -> None:
        copy(db, prepared)
        copied.append(prepared.path)

    monkeypatch.setattr(names, "_copy", counted)
    write_dataset(build_facts(500, 3), tmp_path / "seed")
    (tmp_path / "store").mkdir()
    path = tmp_path / "store" / "s.sqlite3"
    path.touch()
    with Store.open(path, seed_dir=tmp_path / "seed", clock=lambda: AT) as store:
        assert [row[1] for row in store._db.execute("PRAGMA database_list")] == ["main"]
        assert not [p for p in path.parent.iterdir() if p.name.startswith(".names-")]
        assert store.counts()["event"] > 0
    assert len(copied) == 1  # the child's tables were the ones used


CHECKED = ["here", "in a child", "in a child that fails"]


def _check_where(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    if where == "here":
        return
    if not forked.available():
        pytest.skip("no fork or no second core here")
    monkeypatch.setattr(state, "CHECK_FORKED_MIN", 0)
    if where == "in a child that fails":
        parent, check = os.getpid(), state.check

        def fail_in_child(*args: Any, **kwargs: Any) -> Any:
            if os.getpid() != parent:
                raise RuntimeError("the child fails")
            return check(*args, **kwargs)

        monkeypatch.setattr(state, "check", fail_in_child)


@pytest.mark.parametrize("where", CHECKED)
def test_a_seed_the_checks_refuse_leaves_nothing_and_says_why_in_one_line(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The checks of a seed run while it is written (on the other core when there is one):
    a problem they find still refuses the whole seed, before anything is at the path."""
    _check_where(monkeypatch, where)
    dataset.add(
        "places.yaml",
        {"id": "nowhere", "name": "Nowhere", "place_kind": "city", "country": "atlantis"},
    )
    (tmp_path / "store").mkdir()
    with pytest.raises(SeedInvalid) as caught:
        Store.open(tmp_path / "store" / "s.sqlite3", seed_dir=dataset.root)
    assert [(p.record, p.field) for p in caught.value.problems] == [("nowhere", "country")]
    assert "\n" not in str(caught.value)
    assert list((tmp_path / "store").iterdir()) == []


@pytest.mark.parametrize("where", CHECKED)
def test_a_bulk_import_the_checks_refuse_writes_nothing(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    with Store.open(tmp_path / "s.sqlite3", seed_dir=dataset.root, clock=lambda: AT) as store:
        _check_where(monkeypatch, where)
        for n in range(50):
            dataset.add(
                "places.yaml", {"id": f"town-{n}", "name": f"Town {n}", "place_kind": "city"}
            )
        dataset.add("places.yaml", {"id": "town-x", "name": "Town 1", "place_kind": "city"})
        before = every_row(store.path)
        with pytest.raises(InvalidChange) as caught:
            store.import_dir(dataset.root, by=Editor("curator"))
        assert {p.record for p in caught.value.problems} >= {"town-x"}
        assert every_row(store.path) == before
        assert store.get("town-0") is None


def test_a_seeds_check_table_rows_are_the_ones_its_checks_child_made(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not forked.available():
        pytest.skip("no fork or no second core here")
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    Store.open(tmp_path / "here" / "s.sqlite3", seed_dir=dataset.root, clock=lambda: AT).close()
    monkeypatch.setattr(state, "CHECK_FORKED_MIN", 0)
    parent, rows = os.getpid(), keys.rows

    def only_in_child(records: Any) -> keys.Rows:
        assert os.getpid() != parent, "made here, not by the checks' child"
        return rows(records)

    monkeypatch.setattr(keys, "rows", only_in_child)
    Store.open(tmp_path / "there" / "s.sqlite3", seed_dir=dataset.root, clock=lambda: AT).close()
    assert every_row(tmp_path / "there" / "s.sqlite3") == every_row(tmp_path / "here" / "s.sqlite3")


def test_check_table_rows_made_for_other_records_are_not_used(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "k.sqlite3")
    keys.create(db)
    facts = build_facts(50, 3)
    records = list(facts.records())
    others = keys.rows(records[:-1])
    keys.rebuild(db, records, made=others)
    expected = keys.rows(records)
    assert db.execute("SELECT * FROM refs ORDER BY 1, 2").fetchall() == expected.refs
    assert db.execute("SELECT * FROM name_keys ORDER BY 1, 2").fetchall() == expected.names
    db.close()
