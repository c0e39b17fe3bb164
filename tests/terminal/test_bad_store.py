"""A bad store gets one clear line and a non-zero exit from every command that opens it, and
nothing is written where it should not be: no directory made, no foreign file touched."""

from __future__ import annotations

import builtins
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.terminal.cli import main
from facts.store import Store, schema
from facts.store import connection as store_module
from tests.baseline import make_seed

COMMANDS = [
    ["ask", "!claims bannu"],
    ["console"],
    ["run"],
    ["digest", "--preview"],
    ["facts", "history", "mosque-toll-aljazeera"],
    ["facts", "export", "OUT"],
]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("good")
    path = root / "good.sqlite3"
    Store.open(path, seed_dir=make_seed(root / "seed")).close()
    return path


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in list(os.environ):
        if name.startswith("BRIEFING_") or name == "DISCORD_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(good.parent / "seed"))

    def no_input(_prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(builtins, "input", no_input)
    monkeypatch.setattr("bot.terminal.run.someone_is_typing", lambda: True)


def copy_of(good: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    shutil.copy(good, path)
    return path


def run(argv: list[str], path: Path, tmp_path: Path) -> int:
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    return main([*argv, "--store", str(path)])


def one_clear_line(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], err
    return lines[0]


def garbage(path: Path, good: Path) -> None:
    path.write_bytes(b"this is not sqlite at all\n" * 400)


def truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def corrupt_pages(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # every page after the header's: its b-tree
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def old_schema(path: Path, good: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE records (id TEXT PRIMARY KEY, body TEXT);"
        "CREATE TABLE revisions (number INTEGER PRIMARY KEY, record_id TEXT);"
        "INSERT INTO revisions VALUES (1, 'x');"
    )
    db.close()


def foreign(path: Path, good: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
    db.close()


def a_directory(path: Path, good: Path) -> None:
    path.mkdir()


BAD: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "not sqlite": (garbage, "not a SQLite database"),
    "truncated": (truncated, "restore it from a backup"),
    "corrupt pages": (corrupt_pages, "restore it from a backup"),
    "old schema": (old_schema, ""),
    "foreign": (foreign, "not a briefing store"),
    "a directory": (a_directory, "is a directory, not a file"),
}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("bad", list(BAD))
def test_a_bad_store_is_one_clear_line(
    bad: str, command: list[str], good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "store.sqlite3"
    make, words = BAD[bad]
    make(path, good)
    before = path.read_bytes() if path.is_file() else None
    assert run(command, path, tmp_path) == 1
    one_clear_line(capsys, str(path), words)
    if bad in ("not sqlite", "foreign", "truncated"):
        assert path.read_bytes() == before  # nothing written to a file that is not ours
        assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_missing_directory_is_refused_and_not_created(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "typo" / "store.sqlite3"
    assert run(command, path, tmp_path) == 1
    one_clear_line(capsys, str(path), "directory that does not exist")
    assert not path.parent.exists()


def test_a_missing_file_in_an_existing_directory_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "new.sqlite3"
    assert run(["ask", "!claims bannu"], path, tmp_path) == 0
    assert path.exists()


def test_an_invalid_setting_is_one_clear_line(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("BRIEFING_DIGEST_TIME", "25:00")
    for command in COMMANDS:
        assert run(command, copy_of(good, tmp_path), tmp_path) == 1
        one_clear_line(capsys, "BRIEFING_DIGEST_TIME")


def pretend_read_only(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """os.access, not chmod: the tests may run as root, for whom everything is writable."""
    real = os.access
    denied = {p.absolute() for p in paths}

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)).absolute() in denied:
            return False
        return real(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module.os, "access", access)


def test_a_read_only_store_still_answers_and_refuses_changes_in_one_line(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    path = copy_of(good, tmp_path)
    before = path.read_bytes()
    pretend_read_only(monkeypatch, path, tmp_path)
    assert run(["ask", "!claims islamabad"], path, tmp_path) == 0
    assert "SOURCES" in capsys.readouterr().out  # an answer, with citations
    assert run(["digest", "--preview"], path, tmp_path) == 0
    capsys.readouterr()
    edit = ["facts", "retract", "mosque-toll-aljazeera", "--reason", "x"]
    assert run(edit, path, tmp_path) == 1
    one_clear_line(capsys, str(path), "not writable by this user", "read-only")
    assert path.read_bytes() == before


class _NoSharedMemory:
    """A read-only connection as SQLite makes one to a WAL store in a folder this user cannot
    write: it opens, and its first read fails (there is no -shm file to share)."""

    def execute(self, *_args: object) -> sqlite3.Cursor:
        raise sqlite3.OperationalError("unable to open database file")

    def close(self) -> None:
        pass


def in_a_folder_nobody_writes(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    pretend_read_only(monkeypatch, path, path.parent)
    real = sqlite3.connect

    def connect(target: object, *args: object, **kwargs: object) -> object:
        text = str(target)
        if "mode=ro" in text and "immutable" not in text:
            return _NoSharedMemory()
        return real(target, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(store_module.sqlite3, "connect", connect)


def test_a_store_in_a_folder_nobody_may_write_is_read_as_it_stands(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    # A backup kept read-only, a volume mounted read-only: questions, the digest's preview
    # and doctor's full check read it (it had been called "not a SQLite database: restore it").
    path = copy_of(good, tmp_path)
    in_a_folder_nobody_writes(monkeypatch, path)
    assert run(["ask", "!claims islamabad"], path, tmp_path) == 0
    assert "SOURCES" in capsys.readouterr().out
    assert run(["digest", "--preview"], path, tmp_path) == 0
    assert "Daily digest" in capsys.readouterr().out
    assert run(["doctor", "--offline", "--full"], path, tmp_path) == 1  # the bot cannot write it
    out = capsys.readouterr().out
    assert "all valid; but" in out
    assert "not writable by this user" in out
    assert "restore" not in out


def test_a_store_locked_past_the_timeout_is_one_clear_line(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    path = copy_of(good, tmp_path)
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        edit = ["facts", "retract", "mosque-toll-aljazeera", "--reason", "x"]
        assert run(edit, path, tmp_path) == 1
        one_clear_line(capsys, str(path), "database is locked", "write lock")
        # Readers never wait for the writer, opening included.
        started = time.perf_counter()
        assert run(["ask", "!claims bannu"], path, tmp_path) == 0
        assert time.perf_counter() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_opening_a_store_never_waits_for_another_process_write(good: Path, tmp_path: Path):
    """Fresh processes waited up to 28 s for the lock under load: the open took the write
    lock every time (the schema's CREATE IF NOT EXISTS). A complete store opens without it."""
    path = copy_of(good, tmp_path)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(3.0, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        started = time.perf_counter()
        with Store.open(path) as store:
            assert store.head() > 0
        assert time.perf_counter() - started < 1.0
    finally:
        release.join()
        holder.close()


def test_a_full_disk_is_one_clear_line(good: Path, tmp_path: Path):
    """Seeding a new store with a file size limit of 64 kB: SQLite's write fails as on a full
    disk, and the command says so in one line."""

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))

    path = tmp_path / "new.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "!claims bannu", "--store", str(path)],
        cwd=Path(__file__).parents[2],
        env={**os.environ, "BRIEFING_DATA_DIR": str(good.parent / "seed")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=small_files,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"briefing: the store at {path} failed")


# --- doctor: checks integrity, writes nothing ---------------------------------------------------


def doctor_store_check(path: Path) -> tuple[bool, str]:
    from bot.terminal.doctor import run_checks

    [store] = [c for c in run_checks({"store": path}, offline=True) if c.name == "store"]
    return store.ok, store.message


def test_doctor_finds_corrupt_pages(good: Path, tmp_path: Path):
    path = copy_of(good, tmp_path)
    db = sqlite3.connect(path)
    revisions_root = db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'revisions_by_time'"
    ).fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    start = (revisions_root - 1) * 4096  # an index page: records still read, the index is bad
    data[start + 8 : start + 4096] = bytes(reversed(data[start + 8 : start + 4096]))
    path.write_bytes(bytes(data))
    ok, message = doctor_store_check(path)
    assert not ok
    assert f"the store at {path}" in message
    assert "restore it from a backup" in message


def test_doctor_changes_nothing_in_an_empty_schema_store_or_a_rollback_journal_one(
    good: Path, tmp_path: Path
):
    empty = tmp_path / "empty.sqlite3"
    # The schema of a first start that never got to the seed.
    db = sqlite3.connect(empty, isolation_level=None)
    schema.migrate(db)
    db.close()
    before = empty.read_bytes()
    ok, message = doctor_store_check(empty)
    assert ok, message
    assert "on first start" in message
    assert empty.read_bytes() == before  # not seeded

    journal = copy_of(good, tmp_path)
    db = sqlite3.connect(journal)
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    before = journal.read_bytes()
    ok, message = doctor_store_check(journal)
    assert ok, message
    assert journal.read_bytes() == before  # not turned to WAL
    assert not Path(f"{journal}-wal").exists()


def test_a_stored_record_this_version_refuses_is_one_clear_line(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """A source stored before file names were bounded: not taken for a bad setting."""
    path = copy_of(good, tmp_path)
    db = sqlite3.connect(path)
    db.execute(
        "UPDATE records SET data = json_set(data, '$.file', ?) WHERE kind = 'source'",
        ("a" * 300 + ".txt",),
    )
    db.commit()
    db.close()
    assert run(["ask", "!claims islamabad"], path, tmp_path) == 1
    one_clear_line(capsys, str(path), "Source record", "briefing doctor")


def test_a_lock_is_never_read_past_as_a_frozen_view(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Only a folder nobody may write is read as it stands on disk: a locked store read that
    # way would never show a later change to the bot's questions.
    path = copy_of(good, tmp_path)
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE written_meanwhile (x)")
    holder.execute("COMMIT")  # the exclusive lock stays with the holder
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store_module.connect(path, read_only=True)
    finally:
        holder.close()
    reader = store_module.connect(path, read_only=True)
    try:
        found = reader.execute("SELECT name FROM sqlite_master WHERE name = 'written_meanwhile'")
        assert found.fetchall() == [("written_meanwhile",)]
    finally:
        reader.close()
