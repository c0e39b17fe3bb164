"""The schema version: a store written before versions (user_version 0) is migrated when it
is opened for writing, never when it is opened read-only; a store a newer briefing wrote is
refused in one line by every road that opens it.

tests/fixtures/store-schema-0.sqlite3.gz is a real store written by the code before schema
versions (commit f449f94's facts/store.py, seeded from tests/baseline.make_seed, then
checkpointed and vacuumed; still in WAL mode, as the bot leaves it)."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest

from bot.terminal.cli import main
from bot.terminal.doctor import run_checks
from facts.dataset import load_dir
from facts.fulltext import FullText
from facts.store import (
    SCHEMA_VERSION,
    Editor,
    NewerStore,
    OlderStore,
    Store,
    schema,
)
from tests.baseline import make_seed

OLD_STORE = Path(__file__).parents[1] / "fixtures" / "store-schema-0.sqlite3.gz"
CLAIM = "mosque-toll-aljazeera"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite3"
    path.write_bytes(gzip.decompress(OLD_STORE.read_bytes()))
    return path


def user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def one_line(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], err
    return lines[0]


def test_the_old_store_is_what_it_says(old: Path) -> None:
    assert user_version(old) == 0
    db = sqlite3.connect(old)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert {"records", "revisions", "meta", "fulltext"} <= tables


def test_an_old_store_is_migrated_when_opened_for_writing(old: Path, tmp_path: Path) -> None:
    expected, problems = load_dir(make_seed(tmp_path / "seed"))
    assert problems == []
    with Store.open(old, seed_dir=tmp_path / "nowhere") as store:  # not seeded again
        assert user_version(old) == SCHEMA_VERSION
        assert store.snapshot() == expected
        head = store.head()
        assert head == 13
        assert store.seed_head() == head
        assert store.reads() is not None  # indexed when migrated
        revision = store.edit(CLAIM, {"keywords": ["mosque"]}, by=Editor("alice"), reason="")
        assert revision.number == head + 1
    # History is still append-only: the migration kept the triggers.
    db = sqlite3.connect(old)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM revisions")
    db.close()
    with Store.open(old, read_only=True) as again:  # now read-only opens read it
        assert again.head() == head + 1


def test_an_old_store_without_its_search_index_is_indexed_once_when_migrated(
    old: Path,
) -> None:
    """Stores from before the index have no FTS tables (and perhaps a stale mark)."""
    db = sqlite3.connect(old, isolation_level=None)
    for table in ("fulltext", "fulltext_rows"):
        db.execute(f"DROP TABLE {table}")
    db.close()
    with Store.open(old) as store:
        reads = store.reads()
        assert reads is not None
        index = FullText(reads)
        assert CLAIM in {hit.record_id for hit in index.search([["worshippers"]], 10)}


def test_an_old_store_opened_read_only_is_not_migrated(
    old: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = old.read_bytes()
    with pytest.raises(OlderStore, match="open it once with write access"):
        Store.open(old, read_only=True)
    assert old.read_bytes() == before
    [check] = [c for c in run_checks({"store": old}, offline=True) if c.name == "store"]
    assert check.ok  # a warning: the bot upgrades it when it starts
    assert check.warning
    assert "schema 0" in check.message
    assert "write access" in check.message
    assert old.read_bytes() == before
    assert user_version(old) == 0


@pytest.fixture
def newer(tmp_path: Path) -> Path:
    path = tmp_path / "newer.sqlite3"
    Store.open(path, seed_dir=make_seed(tmp_path / "seed")).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("read_only", [False, True])
def test_a_store_of_a_newer_schema_is_refused(newer: Path, read_only: bool) -> None:
    before = newer.read_bytes()
    with pytest.raises(NewerStore) as caught:
        Store.open(newer, read_only=read_only)
    message = str(caught.value)
    assert f"newer briefing (schema {SCHEMA_VERSION + 1}" in message
    assert "upgrade the bot" in message
    assert "\n" not in message
    assert newer.read_bytes() == before
    assert user_version(newer) == SCHEMA_VERSION + 1


@pytest.mark.parametrize(
    "command", [["ask", "!claims bannu"], ["facts", "history", CLAIM], ["doctor", "--offline"]]
)
def test_a_newer_store_is_one_line_from_every_command(
    newer: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([*command, "--store", str(newer)])
    assert code == 1
    if command[0] == "doctor":
        out = capsys.readouterr().out
        assert "newer briefing" in out
        assert "Traceback" not in out
    else:
        one_line(capsys, "newer briefing", "upgrade the bot")


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    numbers = [int(path.name[:4]) for path in schema.MIGRATIONS]
    assert numbers == list(range(1, SCHEMA_VERSION + 1))
    for path in schema.MIGRATIONS:  # each file splits into whole statements
        statements = list(schema.statements(path.read_text(encoding="utf-8")))
        assert statements
        assert all(sqlite3.complete_statement(s) for s in statements)


def a_later_migration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, script: str) -> Path:
    """A store of this version, and this version plus one more migration file, as the next
    schema change will add; returns the store's path."""
    path = tmp_path / "current.sqlite3"
    Store.open(path, seed_dir=make_seed(tmp_path / "seed")).close()
    later = tmp_path / "migrations" / f"{SCHEMA_VERSION + 1:04d}_later.sql"
    later.parent.mkdir()
    later.write_text(script, encoding="utf-8")
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, later))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    return path


def tables(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()


def test_a_later_migration_is_applied_once_to_a_current_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = a_later_migration(monkeypatch, tmp_path, "CREATE TABLE notes (id TEXT, note TEXT);\n")
    with Store.open(path) as store:
        head = store.head()
    assert user_version(path) == SCHEMA_VERSION + 1
    assert "notes" in tables(path)
    with Store.open(path) as again:  # a second open finds nothing to do
        assert again.head() == head


def test_a_failing_migration_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = "CREATE TABLE notes (id TEXT);\nINSERT INTO no_such_table VALUES (1);\n"
    path = a_later_migration(monkeypatch, tmp_path, script)
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        Store.open(path)
    assert user_version(path) == SCHEMA_VERSION
    assert "notes" not in tables(path)


def test_doctor_warns_of_an_old_store_the_bot_will_upgrade(
    old: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = old.read_bytes()
    main(["doctor", "--offline", "--store", str(old)])
    out = capsys.readouterr().out
    assert f"! store: the store at {old} is at schema 0" in out
    assert "which upgrades it" in out
    assert old.read_bytes() == before
