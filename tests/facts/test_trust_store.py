"""The store under hostile names and bad places: bounded file names, an export that is all or
nothing, and the digest's claims."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facts.dataset import ARTICLES
from facts.models import Source
from facts.store import Editor, InvalidChange, Store, build_record
from facts.validate import validate_dir
from tests.baseline import TickingClock as Clock
from tests.baseline import make_seed

ALICE = Editor("alice", 1001)
ARTICLE = "Officials said on Monday that 12 people were hurt in the blast near the market."


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    seed = make_seed(tmp_path / "seed")
    with Store.open(tmp_path / "live.sqlite3", seed_dir=seed, clock=Clock()) as opened:
        yield opened


LIMIT = "at most 100 characters and 200 bytes"


def test_a_source_file_name_is_bounded(store: Store):
    with pytest.raises(InvalidChange, match=LIMIT):
        build_record("source", {"id": "long-name", "file": "a" * 300 + ".txt", "notes": "x"})
    with pytest.raises(InvalidChange, match=LIMIT):  # 70 Devanagari letters: 210 bytes
        build_record("source", {"id": "long-name", "file": "क" * 70 + ".txt", "notes": "x"})
    head = store.head()
    with pytest.raises(InvalidChange):
        store.edit("aljazeera-2026-02-24", {"file": "b" * 300 + ".txt"}, by=ALICE, reason="")
    assert store.head() == head


def test_an_export_that_fails_half_way_leaves_nothing_behind(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "export"
    written: list[Path] = []
    original = Path.write_text

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        if self.parent.name == ARTICLES and written:
            raise OSError(36, "File name too long")
        written.append(self)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(OSError, match="too long"):
        store.export(out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []


def test_an_export_over_an_old_one_replaces_it_whole_or_not_at_all(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "export"
    store.export(out)
    (out / "README").write_text("kept", encoding="utf-8")  # not ours: left alone
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    store.add_source(
        Source(id="wire-blast", file="wire-blast.txt", notes="pasted"), ARTICLE, by=ALICE, reason=""
    )
    original = Path.write_text

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        if self.name == "wire-blast.txt":
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(OSError, match="No space"):
        store.export(out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    monkeypatch.undo()
    store.export(out)
    facts, problems = validate_dir(out)
    assert problems == []
    assert "wire-blast" in facts.sources
    assert (out / "README").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["export", "live.sqlite3", "live.sqlite3-shm", "live.sqlite3-wal", "seed"]
    )
    assert (out / Source.yaml_file).exists()
