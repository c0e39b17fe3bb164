"""Where and how a store file is opened: the checks that refuse a bad place before SQLite
creates or changes anything, the connection itself, and SQLite's failures in one line."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from facts.store.errors import RESTORE, StoreUnavailable

BUSY_SECONDS = 30.0  # how long a write waits for another process's write lock
_PLACE = "fix BRIEFING_STORE or --store (with Docker: is the volume mounted at /data?)"
_READ_ONLY = " (questions still work: `briefing ask` and `console` open it read-only)"


def check_place(path: Path, *, read_only: bool = False) -> None:
    """Refuse, before SQLite creates or changes anything: a missing directory (a typo, an
    unmounted volume), a directory for a file, a file that is not ours, no write access."""
    folder = path.absolute().parent
    if path.is_dir():
        raise StoreUnavailable(f"the store path {path} is a directory, not a file: {_PLACE}")
    if not folder.is_dir():
        raise StoreUnavailable(
            f"the store path {path} is in a directory that does not exist ({folder}): "
            f"create it, or {_PLACE}"
        )
    exists = path.exists() and path.stat().st_size > 0
    if exists and not os.access(path, os.R_OK):
        raise StoreUnavailable(f"the store at {path} is not readable by this user")
    if exists and (problem := not_a_store(path)) is not None:
        raise StoreUnavailable(problem)
    if read_only:
        if not exists:
            raise StoreUnavailable(f"there is no store at {path}: {_PLACE}")
        return
    # SQLite writes -wal and -shm files beside the store, so the directory must be writable.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreUnavailable(
            f"the store path {path} is in a directory that is not writable by this user "
            f"({folder}): give the bot's user write access to it{_READ_ONLY}"
        )
    if exists and not os.access(path, os.W_OK):
        raise StoreUnavailable(
            f"the store at {path} is not readable and writable by this user{_READ_ONLY}"
        )


def not_a_store(path: Path) -> str | None:
    """A read-only look at an existing file: what makes it no briefing store, or None. A
    file that is not ours is reported, never written to."""
    if (short := _truncated(path)) is not None:
        return f"the store at {path} is cut short ({short}): {RESTORE}"
    try:
        db = connect(path, read_only=True)  # as a question reads it (a read-only folder too)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return f"the store at {path} is not a SQLite database ({exc}): {RESTORE}"
    missing = sorted({"records", "revisions"} - tables)
    if missing and tables:
        return (
            f"the store at {path} is a SQLite file but not a briefing store "
            f"(no {' or '.join(missing)} table): point BRIEFING_STORE elsewhere, or {RESTORE}"
        )
    return None


def _truncated(path: Path) -> str | None:
    """A file shorter than its header says (a copy cut off, a disk that filled up): found
    from the 100-byte header alone, so every open can afford it."""
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100:
        return f"{len(header)} bytes, less than a SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, counter, valid_for = (int.from_bytes(header[i : i + 4], "big") for i in (28, 24, 92))
    size, expected = path.stat().st_size, pages * page_size
    if counter == valid_for and pages and size < expected:
        return f"{size:,} bytes of the {expected:,} its header gives"
    return None


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    def connect(target: str | Path, uri: bool = False) -> sqlite3.Connection:
        return sqlite3.connect(
            target, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False, uri=uri
        )

    if not read_only:
        return connect(path)
    uri = f"{path.absolute().as_uri()}?mode=ro"
    db = connect(uri, uri=True)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:  # not a DatabaseError for a file that is no database
        # A WAL store in a directory we cannot write has no -shm to share: nobody can be
        # writing it either, so it is read as it stands on disk. Only there: elsewhere (a
        # lock held, a disk error) an immutable view would never see another change.
        if os.access(path.absolute().parent, os.W_OK):
            raise
        db.close()
        db = connect(f"{uri}&immutable=1", uri=True)
    return db


def describe_failure(path: Path, exc: sqlite3.Error) -> str:
    """One line for a SQLite error on the store: what is wrong and what to do."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        todo = (
            f"another process held its write lock for over {BUSY_SECONDS:g} s; try again, "
            "and if it persists find the process that keeps it (a stuck `briefing` command?)"
        )
    elif "full" in text:
        todo = "the disk is full; free space on its volume and try again"
    elif "readonly" in text or "read-only" in text:
        todo = "this user cannot write it; give the bot's user write access to it and its directory"
    elif "malformed" in text or "not a database" in text or "corrupt" in text:
        todo = f"the file is damaged; {RESTORE}"
    elif "no such table" in text or "no such column" in text or "has no column" in text:
        todo = f"its schema is not this version's; {RESTORE} or point BRIEFING_STORE elsewhere"
    else:
        todo = "run `briefing doctor` for what to do"
    return f"the store at {path} failed ({text}): {todo}"
