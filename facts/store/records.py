"""The store's records as a question reads them: looked up by id in SQLite and validated
when an answer needs them, never all loaded at open (at 100,000 records that took seconds
and hundreds of MB). The records parsed last are kept, a bounded number of them, until the
store says they changed (`forget`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, ValuesView
from typing import Any, cast

from facts.models import KINDS, Actor, AnyRecord, Claim, Event, Place, Source
from facts.reads import Reads, marks

CACHED = 10_000  # parsed records kept: the records of many answers, some 30 MB


class StoredFacts:
    """Every current (non-retracted) record of one store file, read on demand. Safe to share
    between threads: reads go through `Reads`' lock, the cache through its own."""

    def __init__(self, reads: Reads, *, cached: int = CACHED) -> None:
        self._reads = reads
        self._cached = cached
        self._cache: OrderedDict[str, AnyRecord] = OrderedDict()
        # Moves on at every `forget`: a record read before it is not kept after it (a read
        # outside an answer's transaction could otherwise put back what a change replaced).
        self._epoch = 0
        self.sources: Mapping[str, Source] = _Table(self, "source")
        self.actors: Mapping[str, Actor] = _Table(self, "actor")
        self.places: Mapping[str, Place] = _Table(self, "place")
        self.events: Mapping[str, Event] = _Table(self, "event")
        self.claims: Mapping[str, Claim] = _Table(self, "claim")
        self.articles: Mapping[str, str] = _Articles(reads)

    def table(self, kind: str) -> Mapping[str, Any]:
        return cast(Mapping[str, Any], getattr(self, f"{kind}s"))

    def get(self, record_id: str) -> AnyRecord | None:
        return self._lookup(record_id, None)

    def many(self, record_ids: Iterable[str]) -> dict[str, AnyRecord]:
        """The current ones of these records, in one read for those not cached."""
        wanted = list(dict.fromkeys(record_ids))
        found = {i: r for i in wanted if (r := self._cached_record(i)) is not None}
        missing = [i for i in wanted if i not in found]
        epoch = self._epoch
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            rows = self._reads.rows(
                f"SELECT id, kind, data FROM records WHERE id IN ({marks(chunk)})"
                " AND NOT retracted",
                chunk,
            )
            for record_id, kind, data in rows:
                found[record_id] = self._keep(parse_stored(kind, data), epoch)
        return {i: found[i] for i in wanted if i in found}

    def records(self) -> Iterator[AnyRecord]:
        """Every record, sources first (a bulk read: export, a full check)."""
        for kind in KINDS:
            yield from self.table(kind).values()

    def counts(self) -> dict[str, int]:
        rows = self._reads.rows(
            "SELECT kind, count(*) FROM records WHERE NOT retracted GROUP BY kind"
        )
        found = {str(kind): int(n) for kind, n in rows}
        return {kind: found.get(kind, 0) for kind in KINDS}

    def forget(self, record_ids: Iterable[str] | None = None) -> None:
        """Drop these records (all, if None) from the cache: the store changed them."""
        with self._reads.lock:
            self._epoch += 1
            if record_ids is None:
                self._cache.clear()
            for record_id in record_ids or ():
                self._cache.pop(record_id, None)

    # --- the cache -------------------------------------------------------------------------

    def _lookup(self, record_id: str, kind: str | None) -> AnyRecord | None:
        record = self._cached_record(record_id)
        if record is None:
            epoch = self._epoch
            row = self._reads.row(
                "SELECT kind, data FROM records WHERE id = ? AND NOT retracted", (record_id,)
            )
            if row is None:
                return None
            record = self._keep(parse_stored(row[0], row[1]), epoch)
        return record if kind is None or record.kind == kind else None

    def _cached_record(self, record_id: str) -> AnyRecord | None:
        with self._reads.lock:
            record = self._cache.get(record_id)
            if record is not None:
                self._cache.move_to_end(record_id)
            return record

    def _keep(self, record: AnyRecord, epoch: int) -> AnyRecord:
        with self._reads.lock:
            if epoch != self._epoch:  # forgotten since it was read: not kept
                return record
            self._cache[record.id] = record
            self._cache.move_to_end(record.id)
            while len(self._cache) > self._cached:
                self._cache.popitem(last=False)
        return record

    def _ids(self, kind: str) -> list[str]:
        rows = self._reads.rows(
            "SELECT id FROM records WHERE kind = ? AND NOT retracted ORDER BY rowid", (kind,)
        )
        return [row[0] for row in rows]

    def _all(self, kind: str) -> Iterator[AnyRecord]:
        # Not cached: a bulk read would push out what answers use.
        rows = self._reads.rows(
            "SELECT data FROM records WHERE kind = ? AND NOT retracted ORDER BY rowid", (kind,)
        )
        for (data,) in rows:
            yield parse_stored(kind, data)


def parse_stored(kind: str, data: str) -> AnyRecord:
    """A stored record validated through its model. Straight from the JSON text: pydantic's
    own parser is a third faster than json.loads and validating the dict, and answers read
    dozens of records each. The stored JSON holds no `kind`: the model's own is the row's."""
    return KINDS[kind].model_validate_json(data)


class _Table(Mapping[str, Any]):
    """One kind's records by id, in the order they were first written."""

    def __init__(self, facts: StoredFacts, kind: str) -> None:
        self._facts, self._kind = facts, kind

    def __getitem__(self, record_id: str) -> AnyRecord:
        record = self._facts._lookup(record_id, self._kind)
        if record is None:
            raise KeyError(record_id)
        return record

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and self._facts._lookup(record_id, self._kind) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._facts._ids(self._kind))

    def __len__(self) -> int:
        row = self._facts._reads.row(
            "SELECT count(*) FROM records WHERE kind = ? AND NOT retracted", (self._kind,)
        )
        return int(row[0]) if row else 0

    def values(self) -> ValuesView[Any]:
        return _Values(self)


class _Values(ValuesView[Any]):
    """A whole table, read in one query and parsed record by record (not cached)."""

    def __init__(self, table: _Table) -> None:
        super().__init__(table)
        self._table = table

    def __iter__(self) -> Iterator[Any]:
        return self._table._facts._all(self._table._kind)


class _Articles(Mapping[str, str]):
    """The article texts by source id (read when a quote is checked or shown)."""

    def __init__(self, reads: Reads) -> None:
        self._reads = reads

    def __getitem__(self, source_id: str) -> str:
        row = self._reads.row("SELECT text FROM articles WHERE source_id = ?", (source_id,))
        if row is None:
            raise KeyError(source_id)
        return str(row[0])

    def __iter__(self) -> Iterator[str]:
        rows = self._reads.rows("SELECT source_id FROM articles ORDER BY rowid")
        return iter([row[0] for row in rows])

    def __len__(self) -> int:
        row = self._reads.row("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0
