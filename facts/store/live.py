"""The live facts store: one SQLite file (WAL) with the current records and an append-only
revisions table. Every change is checked by the same rules as the bundled data
(facts.validate), written in one transaction, and confirmed (returned) only after it is
committed.

Nothing is deleted: a retraction marks the record retracted and is a revision; undo is a
revision too. Revisions carry the record before and after (as the plain mapping its YAML file
would hold), so history, undo and staleness checks all read the same table.

`Store` orchestrates the package's parts: where a store may be opened (connection), its
schema and migrations (schema), the cached state and its indexes (state), revisions
(revisions), files in and out (transfer) and the key-value table (meta).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from facts import gcpause
from facts.dataset import DATA_DIR, Problem, dump_record, load_dir
from facts.edits import EditSyntaxError, apply_changes, split_path
from facts.factset import FactSet
from facts.models import KINDS, AnyRecord, Source
from facts.search import tables as names
from facts.store import meta, revisions, schema, seeding, state, transfer
from facts.store.connection import check_place, connect
from facts.store.errors import EmptyStore, InvalidChange, NotFound, SeedInvalid
from facts.store.keys import Rows as KeyRows
from facts.store.meta import INDEX_VERSION, SEED_HEAD
from facts.store.reader import StoreReader
from facts.store.revisions import Action, Change, Clock, Editor, Revision, StaleEdit, parse_stored
from facts.store.state import read_row
from facts.store.transfer import ImportReport


class Store(StoreReader):
    """The live store. Open with `Store.open(path)`; one instance per thread or task loop
    (calls are serialised by a lock), any number of instances and processes per file."""

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        seed_dir: Path = DATA_DIR,
        clock: Clock | None = None,
        read_only: bool = False,
    ) -> Store:
        """Open the store; a missing file in an existing directory is created and filled
        from `seed_dir`, and a store of an older schema is migrated. A missing directory, a
        file that is not a briefing store, one a newer briefing wrote, or one this user
        cannot write (unless `read_only`) is refused with StoreUnavailable, which says what
        to do. Read-only, nothing is ever written (no WAL switch, migration or seed).
        An up-to-date store is opened without taking the write lock, so opening never
        waits for another process's write."""
        path = Path(path)
        check_place(path, read_only=read_only)
        clock = clock or (lambda: dt.datetime.now(dt.UTC))
        if not read_only and seeding.wanted(path):  # a new store: made whole, then placed
            seeding.sweep(path)
            seeding.seed_beside(
                path, lambda db, at: cls(db, at, clock)._prepare(seed_dir, private=True)
            )
        db = connect(path, read_only=read_only)
        store = cls(db, path, clock)
        try:
            if read_only:
                store._check_readable()
            else:
                store._prepare(seed_dir)
        except BaseException:
            db.close()
            raise
        return store

    def _check_readable(self) -> None:
        self._db.execute("PRAGMA query_only=ON")
        found = schema.version(self._db)
        schema.refuse_newer(self.path, found)
        if not self._seeded():
            raise EmptyStore(
                f"the store at {self.path} has no facts yet (it is created on the first "
                "start that can write it): run `briefing run` or `briefing console` "
                "once with write access"
            )
        schema.refuse_older(self.path, found)

    def _prepare(self, seed_dir: Path, *, private: bool = False) -> None:
        db = self._db
        schema.refuse_newer(self.path, schema.version(db))
        if not private:  # a new store not yet in place has neither (facts.store.seeding)
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before it is confirmed, even if the machine loses power.
            db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        if schema.version(db) < schema.SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")  # the write lock: two processes migrate only once
            try:
                schema.refuse_newer(self.path, schema.version(db))
                schema.migrate(db)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        if not self._seeded():
            self._seed(seed_dir)
        if self.get_meta(INDEX_VERSION) != revisions.INDEXED:
            # A store from before these tables (or an older layout of them): index it once.
            with gcpause.paused(), self._transaction():
                schema.create_indexes(db, anew=True)
                revisions.reindex(db)
                meta.put(db, INDEX_VERSION, revisions.INDEXED)

    def _seed(self, seed_dir: Path) -> None:
        # The write lock: two processes seed only once. A seed is a bulk load: no cyclic GC
        # while it runs (see facts.gcpause).
        with gcpause.paused(), self._bulk_transaction():
            if self._seeded():
                return
            facts, problems = load_dir(seed_dir)
            # Not a refused change but a store that cannot be made: one line, nothing written.
            if problems:
                raise SeedInvalid(seed_dir, problems)
            try:
                self._import(facts, Editor("import"), f"seed from {seed_dir}", kept=False)
            except InvalidChange as exc:  # a cross-record rule the data breaks
                raise SeedInvalid(seed_dir, exc.problems) from None
            # Same transaction: the digest reports changes after the seed only.
            meta.put(self._db, SEED_HEAD, str(self._db_head()))
            meta.put(self._db, INDEX_VERSION, revisions.INDEXED)

    @contextmanager
    def _bulk_transaction(self) -> Iterator[None]:
        """The transaction of a bulk write; then the file it copied the name index from let
        go (SQLite holds it while the transaction is open: see facts.search.tables.prepare)."""
        with self._lock:
            try:
                with self._transaction():
                    yield
            finally:
                names.release(self._db)

    def _seeded(self) -> bool:
        """The seed is in (a plain read, which never waits for a writer)."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        if not tables >= {"meta", "revisions"}:
            return False
        return meta.get(self._db, SEED_HEAD) is not None or self._db_head() > 0

    # --- changing ------------------------------------------------------------------------

    def add(self, record: AnyRecord, *, by: Editor, reason: str) -> Revision:
        """Add a new record (sources go through `add_source`, which stores the article)."""
        if record.kind == "source":
            raise InvalidChange(
                [_problem(record, "kind", "register sources with add_source (it needs the text)")]
            )
        with self._transaction():
            self._refuse_existing(record)
            new = parse_stored(record.kind, dump_record(record), record.id)
            change = Change(record.id, record.kind, "create", None, new)
            return self._apply([change], by, reason)[0]

    def add_source(self, source: Source, text: str, *, by: Editor, reason: str) -> Revision:
        """Register an article, so new facts can quote it."""
        if not text.strip():
            raise InvalidChange([_problem(source, "text", "the article text is empty")])
        with self._transaction():
            self._refuse_existing(source)
            new = parse_stored("source", dump_record(source), source.id)
            change = Change(source.id, "source", "source", None, new)
            return self._apply([change], by, reason, articles={source.id: text})[0]

    def edit(
        self,
        record_id: str,
        changes: Mapping[str, object],
        *,
        by: Editor,
        reason: str,
        base_revision: int | None = None,
    ) -> Revision:
        """Change fields (dotted paths for nested ones: `figure.value`, `quotes[0].text`).
        With `base_revision`, refuse if the record changed after that revision."""
        with self._transaction():
            kind, data, retracted, last = read_row(self._db, record_id)
            file = KINDS[kind].yaml_file
            if base_revision is not None and base_revision > (head := self._db_head()):
                # A base from nowhere (a typo, another store's) vouches for nothing seen.
                problem = f"no revision {base_revision} (the store is at revision {head})"
                raise InvalidChange([Problem(file, record_id, "base", problem)])
            if base_revision is not None and last > base_revision:
                raise StaleEdit(base_revision, self._since(record_id, base_revision))
            if retracted:
                raise InvalidChange(
                    [Problem(file, record_id, "id", f"retracted in revision {last}; undo it first")]
                )
            if not changes:
                raise InvalidChange([Problem(file, record_id, "(record)", "no changes given")])
            try:
                for path in changes:
                    if split_path(path)[0] in ("id", "kind"):
                        raise EditSyntaxError(path, "cannot be changed; add a new record")
                candidate = apply_changes(data, dict(changes))
            except EditSyntaxError as exc:
                raise InvalidChange([Problem(file, record_id, exc.field, exc.message)]) from None
            new = parse_stored(kind, candidate, record_id)
            old = parse_stored(kind, data, record_id)
            if new == old:
                raise InvalidChange([Problem(file, record_id, "(record)", "nothing would change")])
            change = Change(record_id, kind, "edit", old, new, base_revision=base_revision)
            return self._apply([change], by, reason)[0]

    def retract(self, record_id: str, *, by: Editor, reason: str) -> Revision:
        """Withdraw a record (kept, with its history); refused while others refer to it."""
        with self._transaction():
            kind, data, retracted, last = read_row(self._db, record_id)
            if retracted:
                raise InvalidChange(
                    [
                        Problem(
                            KINDS[kind].yaml_file,
                            record_id,
                            "id",
                            f"already retracted (revision {last})",
                        )
                    ]
                )
            old = parse_stored(kind, data, record_id)
            return self._apply([Change(record_id, kind, "retract", old, None)], by, reason)[0]

    def undo(self, revision_number: int, *, by: Editor, reason: str) -> Revision:
        """Put a record back as it was before a revision: undoing a retraction restores the
        record, undoing a creation retracts it. Refused if the record changed since."""
        with self._transaction():
            # Past SQLite's 64-bit integers no revision can be (nor be looked up).
            target = (
                revisions.select(
                    self._db, "SELECT * FROM revisions WHERE number = ?", [revision_number]
                )
                if 0 < revision_number < 1 << 63
                else []
            )
            if not target:
                raise NotFound([Problem("-", "-", "revision", f"no revision {revision_number}")])
            rev = target[0]
            kind, data, retracted, last = read_row(self._db, rev.record_id)
            if last != rev.number:
                raise StaleEdit(rev.number, self._since(rev.record_id, rev.number))
            old = None if retracted else parse_stored(kind, data, rev.record_id)
            new = None if rev.before is None else parse_stored(kind, rev.before, rev.record_id)
            action: Action = "restore" if old is None and new is not None else "undo"
            change = Change(rev.record_id, kind, action, old, new, rev.number, rev.number)
            return self._apply([change], by, reason)[0]

    def _refuse_existing(self, record: AnyRecord) -> None:
        row = self._db.execute(
            "SELECT kind, retracted, revision FROM records WHERE id = ?", (record.id,)
        ).fetchone()
        if row is None:
            return
        if row[1]:
            what = f"a {row[0]}, retracted in revision {row[2]}: undo that revision to restore it"
        else:
            what = f"a {row[0]}: edit it instead"
        raise InvalidChange([_problem(record, "id", f"{record.id!r} already exists ({what})")])

    def _apply(
        self,
        changes: list[Change],
        by: Editor,
        reason: str,
        *,
        articles: Mapping[str, str] | None = None,
        full_check: bool = False,
        kept: bool = True,
    ) -> list[Revision]:
        """Check the changes against the current state and write them (inside a
        transaction; the caller's commit confirms them); `kept`: see append_all."""
        articles = articles or {}
        if full_check:
            changed = [c.after for c in changes if c.after is not None]
            facts = state.loaded(self._db, changes, articles)
            # Checked on the other core while written: what fails is rolled back with the
            # transaction. Rows the checks would refuse may fail to write: the checks say why.
            with state.checked_meanwhile(facts, changed) as checked:
                try:
                    written = self._write(
                        changes, by, reason, articles, checked.key_rows, kept=kept
                    )
                except Exception:
                    _refuse(checked.problems())
                    raise
                _refuse(checked.problems())
                return written
        view = state.Pending(state.stored_view(self._db, self._lock), changes, articles)
        _refuse(state.problems(self._db, view, changes))
        return self._write(changes, by, reason, articles, kept=kept)

    def _write(
        self,
        changes: list[Change],
        by: Editor,
        reason: str,
        articles: Mapping[str, str],
        key_rows: Callable[[], KeyRows | None] | None = None,
        *,
        kept: bool = True,
    ) -> list[Revision]:
        at = revisions.timestamp(self._clock())
        self._db.executemany(
            "INSERT INTO articles (source_id, text) VALUES (?, ?)", articles.items()
        )
        return revisions.append_all(self._db, changes, by, reason, at, key_rows=key_rows, kept=kept)

    # --- import, export, backup ----------------------------------------------------------

    def import_dir(self, directory: Path, *, by: Editor, reason: str = "") -> ImportReport:
        """Bring curated YAML into the store as revisions. A record a moderator changed since
        the last import is not overwritten: it is listed as a conflict. Records missing from
        the directory are left alone (moderators may have added them)."""
        directory = Path(directory)
        if not directory.is_dir():
            raise _import_refused(f"{directory} is not a folder: give the one `facts export` wrote")
        with gcpause.paused():  # a bulk load, as a seed is (see facts.gcpause)
            facts, problems = load_dir(directory)
            if problems:
                raise _import_refused(
                    f"the data in {directory} does not validate ({len(problems)} problem(s), "
                    f"first: {problems[0]}): `briefing facts validate {directory}` lists them all"
                )
            with self._bulk_transaction():
                return self._import(facts, by, reason or f"import from {directory}")

    def _import(
        self, incoming: FactSet, by: Editor, reason: str, *, kept: bool = True
    ) -> ImportReport:
        """`kept`: the report holds the revisions (a seed's has none: see append_all)."""
        current = state.stored_view(self._db, self._lock)
        plan = transfer.plan_import(self._db, current, incoming, self._since)
        report = plan.report
        if plan.changes:
            report.revisions = self._apply(
                plan.changes, by, reason, articles=plan.texts, full_check=True, kept=kept
            )
        # The changes' revisions are the last ones, numbered in the changes' order.
        first = self._db_head() - len(plan.changes) + 1
        for number, change in enumerate(plan.changes, start=first):
            updated = change.before is not None
            (report.updated if updated else report.created).append(change.record_id)
            plan.in_sync.append((change.record_id, number))
        transfer.mark_synced(self._db, plan.in_sync)
        return report

    def export(self, directory: Path) -> None:
        """Write the current records as YAML files plus articles/, as `facts validate` reads
        (all or nothing: see facts.store.transfer.export)."""
        transfer.export(self.snapshot(), directory)

    def backup(self, destination: Path, *, replace: bool = False) -> None:
        """A consistent copy of the live store (SQLite online backup; writers may go on);
        an existing file at `destination` is written over only with `replace`."""
        with self._lock:
            transfer.backup(self._db, self.path, destination, replace=replace)

    # --- the key-value table (the digest's state) -----------------------------------------

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            meta.put(self._db, key, value)

    def update_meta(
        self, keys: Sequence[str], change: Callable[[dict[str, str | None]], dict[str, str]]
    ) -> dict[str, str | None]:
        """Read `keys`, write what `change` makes of them, in one write transaction (see
        facts.store.meta.update)."""
        with self._lock:
            return meta.update(self._db, keys, change)


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise InvalidChange(sorted(set(problems)))


def _problem(record: AnyRecord, field_name: str, message: str) -> Problem:
    return Problem(record.yaml_file, record.id, field_name, message)


def _import_refused(why: str) -> InvalidChange:
    """An import refused whole, in one line (each of a dataset's problems names its file:
    the refusal's `field: reason` lines would not)."""
    return InvalidChange([Problem("-", "-", "import", why)])
