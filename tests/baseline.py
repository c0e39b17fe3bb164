"""The baseline: a small dataset the store, CLI, crash and validator tests build on, so the
growing bundled dataset cannot change them. It holds the bundled example records (five sources,
`ttp`, `pakistan-military`, `ispr`, two places, `islamabad-mosque-bombing` and its two toll
claims) and copies of the bundled articles. Fixtures that use it are in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import yaml

from facts.dataset import ARTICLES, DATA_DIR
from facts.validate import validate_dir

SOURCES: list[dict[str, Any]] = [
    {
        "id": "aljazeera-2026-02-24",
        "file": "000_a402618f2fd400a5.txt",
        "publisher": "Al Jazeera",
        "published": dt.date(2026, 2, 24),
        "notes": "Dateline at the top of the text.",
        "evidence": [
            "date 2026-02-24 Islamabad, Pakistan",
            "Afghan sources told Al Jazeera that at least 17 people were killed",
            "he told Al Jazeera.",
        ],
    },
    {
        "id": "daljoog-strikes",
        "file": "001_4998f20876735c26.txt",
        "publisher": "Daljoog News",
        "notes": "The text names itself; no date.",
        "evidence": ["According to Daljoog News analysis", "Daljoog News Analysis"],
    },
    {
        "id": "jamal-open-war",
        "file": "002_a367728607b74c9d.txt",
        "author": "Umair Jamal",
        "notes": "Author named in the bio; no publisher or date.",
        "evidence": ["AUTHOR’S BIO: Umair Jamal is a Ph.D. candidate at the University of Otago"],
    },
    {
        "id": "azernews-ghazab",
        "file": "003_e66139b671f7c4de.txt",
        "publisher": "AzerNEWS",
        "notes": "Publisher from the text's own words; no date.",
        "evidence": ["Dr Mehmood Ul Hassan Khan tells AzerNEWS in his exclusive commentary"],
    },
    {
        "id": "paktika-strikes-opinion",
        "file": "004_4ffd2f0634f5174e.txt",
        "notes": "No publisher, author, date or headline.",
    },
]

ACTORS: list[dict[str, Any]] = [
    {
        "id": "ttp",
        "name": "Tehrik-e-Taliban Pakistan",
        "actor_kind": "armed group",
        "description": "Pakistani armed group.",
        "aliases": [
            {"name": "TTP", "kind": "acronym"},
            {"name": "Pakistan Taliban", "kind": "translation"},
            {"name": "Taliban", "kind": "weak"},
        ],
        "quotes": [
            {
                "source": "aljazeera-2026-02-24",
                "text": "targeted sanctuaries of Pakistan Taliban, or TTP, and its affiliates",
            },
            {"source": "daljoog-strikes", "text": "Tehrik-e-Taliban Pakistan (TTP)"},
        ],
        "standalone": "A baseline test record: no claim of the baseline names it.",
    },
    {
        "id": "pakistan-military",
        "name": "Pakistani military",
        "actor_kind": "military",
        "description": "Pakistan's armed forces.",
        "aliases": [{"name": "Pakistan military", "kind": "spelling"}],
        "quotes": [
            {
                "source": "aljazeera-2026-02-24",
                "text": "the Pakistani military carried out air raids inside Afghanistan",
            }
        ],
    },
    {
        "id": "ispr",
        "name": "Inter-Services Public Relations",
        "actor_kind": "military",
        "description": "The Pakistani military's media wing.",
        "parent": "pakistan-military",
        "aliases": [{"name": "ISPR", "kind": "acronym"}],
        "quotes": [
            {
                "source": "azernews-ghazab",
                "text": "The Director General of Inter-Services Public Relations (ISPR)",
            }
        ],
        "standalone": "A baseline test record: no claim of the baseline names it.",
    },
]

PLACES: list[dict[str, Any]] = [
    {"id": "pakistan", "name": "Pakistan", "place_kind": "country"},
    {"id": "islamabad", "name": "Islamabad", "place_kind": "city", "country": "pakistan"},
]

EVENTS: list[dict[str, Any]] = [
    {
        "id": "islamabad-mosque-bombing",
        "headline": "Suicide bombing at a Shia mosque in Islamabad",
        "summary": "A suicide bomber detonated explosives during Friday prayers.",
        "date": {
            "start": dt.date(2026, 2, 6),
            "precision": "day",
            "phrase": "On February 6",
            "derivation": "stated",
        },
        "event_type": "explosions/remote violence",
        "places": ["islamabad"],
        "quotes": [
            {
                "source": "aljazeera-2026-02-24",
                "text": "On February 6, a suicide bomber detonated explosives during Friday "
                "prayers at a Shia mosque in the capital, Islamabad",
            },
            {
                "source": "daljoog-strikes",
                "text": "on February 6, a suicide bombing at the Khadija Tul Kubra mosque",
            },
        ],
    }
]

CLAIMS: list[dict[str, Any]] = [
    {
        "id": "mosque-toll-aljazeera",
        "about_event": "islamabad-mosque-bombing",
        "statement": "The bombing killed at least 36 worshippers.",
        "figure": {
            "measure": "killed",
            "unit": "worshippers",
            "value": 36,
            "qualifier": "at least",
        },
        "attribution": "reported by the article",
        "quote": {
            "source": "aljazeera-2026-02-24",
            "text": "killing at least 36 worshippers and wounding 170 others",
        },
        "disputes": ["mosque-toll-daljoog"],
    },
    {
        "id": "mosque-toll-daljoog",
        "about_event": "islamabad-mosque-bombing",
        "statement": "The bombing killed at least 31 worshippers.",
        "figure": {
            "measure": "killed",
            "unit": "worshippers",
            "value": 31,
            "qualifier": "at least",
        },
        "attribution": "reported by the article",
        "quote": {"source": "daljoog-strikes", "text": "killed at least 31 worshippers"},
        "disputes": ["mosque-toll-aljazeera"],
    },
]

BASELINE = {
    "sources.yaml": SOURCES,
    "actors.yaml": ACTORS,
    "places.yaml": PLACES,
    "events.yaml": EVENTS,
    "claims.yaml": CLAIMS,
}
COUNTS = "5 sources, 3 actors, 2 places, 1 events, 2 claims"


class Dataset:
    """A dataset directory in tmp_path, with helpers to break it one record at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, file: str) -> Path:
        return self.root / file

    def records(self, file: str) -> list[dict[str, Any]]:
        return yaml.safe_load(self.path(file).read_text(encoding="utf-8")) or []

    def write(self, file: str, records: list[dict[str, Any]]) -> None:
        text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=1000)
        self.path(file).write_text(text, encoding="utf-8")

    def write_text(self, file: str, text: str) -> None:
        self.path(file).write_text(text, encoding="utf-8")

    def change(self, file: str, record_id: str, /, **fields: Any) -> dict[str, Any]:
        """Set fields of one record (a value of None removes the field); returns the record."""
        records = self.records(file)
        [record] = [r for r in records if r.get("id") == record_id]
        for key, value in fields.items():
            if value is None:
                record.pop(key, None)
            else:
                record[key] = value
        self.write(file, records)
        return record

    def get(self, file: str, record_id: str) -> dict[str, Any]:
        [record] = [r for r in self.records(file) if r.get("id") == record_id]
        return record

    def add(self, file: str, record: dict[str, Any]) -> None:
        self.write(file, [*self.records(file), record])

    def article(self, name: str, text: str) -> None:
        (self.root / ARTICLES / name).write_text(text, encoding="utf-8")

    def line_of(self, file: str, record_id: str, occurrence: int = 1) -> int:
        """The line where the `occurrence`-th record with this id starts."""
        lines = self.path(file).read_text(encoding="utf-8").splitlines()
        starts = [n for n, line in enumerate(lines, 1) if line == f"- id: {record_id}"]
        return starts[occurrence - 1]

    def problems(self) -> list[str]:
        return [str(problem) for problem in validate_dir(self.root)[1]]


# --- a live store from the baseline (the store, CLI and crash tests) ----------------------

CLAIM = "mosque-toll-aljazeera"


def make_seed(root: Path) -> Path:
    """Write the baseline as a dataset directory (YAML files + articles/) and return it: the
    seed the store, CLI and crash tests build on, so the growing bundled dataset cannot change
    them. Only the article texts are copied from the bundled data."""
    (root / ARTICLES).mkdir(parents=True)
    for name, records in BASELINE.items():
        text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True)
        (root / name).write_text(text, encoding="utf-8")
    for source in BASELINE["sources.yaml"]:
        shutil.copy(DATA_DIR / ARTICLES / source["file"], root / ARTICLES / source["file"])
    return root


def fingerprint(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes after a checkpoint, and a dump of every table."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        dump = list(db.iterdump())
    finally:
        db.close()
    return path.read_bytes(), dump


def claim_data(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "mosque-wounded-aljazeera",
        "about_event": "islamabad-mosque-bombing",
        "statement": "The bombing wounded 170 others.",
        "figure": {"measure": "wounded", "unit": "people", "value": 170},
        "attribution": "reported by the article",
        "quote": {"source": "aljazeera-2026-02-24", "text": "wounding 170 others"},
    }
    data.update(fields)
    return data


def table_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {
            table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("records", "revisions", "articles")
        }
    finally:
        db.close()


class TickingClock:
    """A controlled clock: each reading is one minute after the previous one."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now
