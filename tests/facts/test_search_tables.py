"""The name index's SQLite tables: written record by record in the caller's transaction (the
same rows as a bulk rebuild), read by a SearchIndex that loads nothing when it is opened, with
common terms capped without changing who ranks first."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from pathlib import Path

import pytest

from facts.dataset import load_dir
from facts.factset import FactSet
from facts.models import Actor, NameKind
from facts.search import Status, complete, tables
from facts.search import index as search_index
from facts.search.index import SearchIndex, create, rebuild, write_all
from facts.search.tables import TABLES
from facts.search.tables import names_of as _names
from facts.search.words import LONGEST_WORD, WORD, fold


@pytest.fixture(scope="module")
def facts() -> FactSet:
    facts, problems = load_dir()
    assert problems == []
    return facts


def _db(path: str = ":memory:") -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    create(db)
    return db


def _rebuilt(records: list) -> sqlite3.Connection:
    db = _db()
    db.execute("BEGIN")
    rebuild(db, records)
    db.execute("COMMIT")
    return db


def _write(db: sqlite3.Connection, items: list) -> None:
    db.execute("BEGIN")
    write_all(db, items)
    db.execute("COMMIT")


def _rows(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def _content(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The tables without positions (an edit appends a record's entries at the end)."""
    entries = "SELECT record_id, kind, label, text, folded, compact, name_kind, length"
    postings = (
        "SELECT p.term, p.kind, p.length, e.record_id, e.text FROM name_postings AS p"
        " JOIN name_entries AS e ON e.pos = p.pos"
    )
    return {
        "entries": sorted(db.execute(f"{entries} FROM name_entries").fetchall()),
        "postings": sorted(db.execute(postings).fetchall()),
        "stats": sorted(
            db.execute("SELECT * FROM name_stats WHERE key IN ('entries', 'name_terms')")
        ),
    }


def _vocabulary(db: sqlite3.Connection) -> dict[str, tuple]:
    rows = db.execute("SELECT term, skeleton, consonants, names, proper FROM name_vocabulary")
    return {row[0]: row[1:] for row in rows}


def _renamed(actor: Actor, name: str) -> Actor:
    return actor.model_copy(update={"name": name, "aliases": []})


def test_write_all_gives_the_rows_rebuild_gives(facts: FactSet, monkeypatch: pytest.MonkeyPatch):
    records = list(facts.records())
    written = _db()
    _write(written, [(r.id, r) for r in records])
    assert _rows(written) == _rows(_rebuilt(records))
    monkeypatch.setattr(tables, "REBUILD_BATCH", 50)  # a bulk build in batches: the same rows
    assert _rows(written) == _rows(_rebuilt(records))


def test_a_renamed_actor_is_found_by_its_new_name_only(facts: FactSet):
    actor = facts.actors["ttp"]
    db = _rebuilt(list(facts.records()))
    index = SearchIndex(db, threading.RLock())
    assert index.resolve("Tehrik-e-Taliban Pakistan", ("actor",)).best.record_id == "ttp"
    _write(db, [("ttp", _renamed(actor, "Zorblatt Quxington Front"))])
    found = index.resolve("Zorblatt Quxington Front", ("actor",))
    assert found.status is Status.MATCH
    assert found.best.record_id == "ttp"
    assert index.resolve("zorblat quxingtn", ("actor",)).best.record_id == "ttp"  # typos too
    old = index.resolve("Tehrik-e-Taliban Pakistan", ("actor",))
    assert "ttp" not in {m.record_id for m in [*old.matches, *old.candidates]}


def test_an_edit_leaves_the_rows_and_counts_a_rebuild_of_the_new_set_gives(facts: FactSet):
    actor = _renamed(facts.actors["ttp"], "Zorblatt Quxington Front")
    records = [actor if r.id == "ttp" else r for r in facts.records()]
    gone = next(iter(facts.places.values()))
    db = _rebuilt(records)
    _write(db, [("ttp", _renamed(actor, "Flimwick Front")), (gone.id, None)])
    edited = [
        _renamed(actor, "Flimwick Front") if r.id == "ttp" else r
        for r in records
        if r.id != gone.id
    ]
    fresh = _rebuilt(edited)
    assert _content(db) == _content(fresh)
    kept, rebuilt = _vocabulary(db), _vocabulary(fresh)
    # Words no record uses any more stay (finding nothing), with nothing counted for them.
    assert {t: kept[t] for t in rebuilt} == rebuilt
    assert all(kept[t][2:] == (0, 0) for t in kept.keys() - rebuilt.keys())
    assert {"zorblatt", "quxington"} <= kept.keys() - rebuilt.keys()
    assert db.execute("SELECT value FROM name_stats WHERE key = 'terms'").fetchone() == (len(kept),)


def test_a_removed_record_is_found_no_more(facts: FactSet):
    index = SearchIndex.build(facts)
    assert index.resolve("Nangarhar", ("place",)).status is Status.MATCH
    place = next(p for p in facts.places.values() if p.name == "Nangarhar")
    index.update(place.id, None)
    assert index.resolve("Nangarhar", ("place",)).status is Status.NONE
    assert "Nangarhar" not in [m.label for m in index.complete("nanga", ("place",), limit=25)]
    index.update(place.id, place)
    assert index.resolve("Nangarhar", ("place",)).best.record_id == place.id


def test_the_store_index_is_read_only_and_sees_another_connection_write(
    facts: FactSet, tmp_path: Path
):
    path = str(tmp_path / "names.db")
    writer = _db(path)
    writer.execute("BEGIN")
    rebuild(writer, facts.records())
    writer.execute("COMMIT")
    index = SearchIndex(sqlite3.connect(path, check_same_thread=False), threading.RLock())
    assert index.resolve("nangahar", ("place",)).best.label == "Nangarhar"
    index.update("ttp", None)  # the store's index: the store writes it, not the reader
    assert index.resolve("TTP", ("actor",)).best.record_id == "ttp"
    _write(writer, [("ttp", _renamed(facts.actors["ttp"], "Zorblatt Quxington Front"))])
    assert index.resolve("zorblat", ("actor",)).best.record_id == "ttp"  # the new vocabulary


def test_the_meanings_of_a_word_kept_give_way_to_a_write(facts: FactSet):
    db = _rebuilt(list(facts.records()))
    index = SearchIndex(db, threading.RLock())
    assert "zorblatt" not in index.resolve_term("zorblat", for_names=True)
    index.resolve_term("zorblat", for_names=True)["zorblatt"] = 100.0  # a copy: kept as read
    assert "zorblatt" not in index.resolve_term("zorblat", for_names=True)
    _write(db, [("ttp", _renamed(facts.actors["ttp"], "Zorblatt Quxington Front"))])
    assert "zorblatt" in index.resolve_term("zorblat", for_names=True)


def test_a_reader_sees_a_re_index(facts: FactSet):
    db = _rebuilt(list(facts.records()))
    index = SearchIndex(db, threading.RLock())
    # A slip only a fuzzy scan of the (small, so kept) vocabulary finds: not a skeleton's.
    assert index.resolve("zorblstt quxington", ("actor",)).status is Status.NONE
    renamed = _renamed(facts.actors["ttp"], "Zorblatt Quxington Front")
    db.execute("BEGIN")
    rebuild(db, [renamed if r.id == "ttp" else r for r in facts.records()])
    db.execute("COMMIT")
    assert index.resolve("zorblstt quxington", ("actor",)).best.record_id == "ttp"


def test_opening_reads_nothing(facts: FactSet):
    db = _rebuilt(list(facts.records()))
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    index = SearchIndex(db, threading.RLock())
    assert statements == []
    assert index.resolve("bannu", ("place",)).status is Status.MATCH
    assert statements


def test_vocabulary_of_names_and_text(facts: FactSet):
    index = SearchIndex.build(facts)
    claim = next(iter(facts.claims.values()))
    text_word = next(w for w in claim.quote.text.casefold().split() if w.isalpha())
    assert index.in_vocabulary("bannu")
    assert index.in_vocabulary(f"bannu {text_word}")
    assert not index.in_vocabulary("bannu zzqxv")
    assert index.starts_a_word("nangar")
    assert index.starts_a_word("bann")
    assert not index.starts_a_word("zzqx")


def _police(facts: FactSet) -> FactSet:
    """A set where "police" is in many actors' names, the shortest of them not Bannu's."""
    model = facts.actors["ttp"]
    names = ["Kot Police", "Dir Police", "Swat Police", "Tank Police", "Bannu Police"]
    names += [f"District {n} Police" for n in ("Karak", "Lakki", "Hangu", "Kohat", "Zhob")]
    names += ["Karak Traders"]  # shorter than Karak's police, which holds both words
    # Shorter than every district's police: what holds both words is among the shortest of
    # neither.
    names += ["District Bar", "District Jail", "District Board", "District Court"]
    actors = FactSet()
    for n, name in enumerate(names):
        actors.add(model.model_copy(update={"id": f"unit-{n}", "name": name, "aliases": []}))
    return actors


def test_a_common_term_capped_still_ranks_the_exact_and_shortest_first(
    facts: FactSet, monkeypatch: pytest.MonkeyPatch
):
    police = _police(facts)
    whole = SearchIndex.build(police)
    queries = [["police"], ["bannu", "police"], ["karak", "police"], ["district"]]
    queries += [["district", "police"], ["polise", "district"]]  # two common words
    expected = [whole.candidates(q, {"actor"}, limit=4) for q in queries]
    monkeypatch.setattr(search_index, "COMMON_TERM", 3)
    capped = SearchIndex.build(police)
    assert [capped.candidates(q, {"actor"}, limit=4) for q in queries] == expected
    assert capped.resolve("banu polise", ("actor",)).best.label == "Bannu Police"
    karak = capped.entries_at(capped.candidates(["karak", "police"], {"actor"}, limit=1)[0])
    assert [e.label for e in karak] == ["District Karak Police"]
    shortest = capped.entries_at(capped.candidates(["polise"], {"actor"}, limit=2)[0])
    assert [e.label for e in shortest] == ["Kot Police", "Dir Police"]  # ties: index order


def test_autocomplete_with_nothing_typed_offers_the_first_names_in_index_order(facts: FactSet):
    index = SearchIndex.build(facts)
    named = [e for r in facts.records() for e in _names(r) if e.name_kind.value == "name"]
    for kinds, limit in [(None, 25), ({"actor", "place"}, 7), ({"source", "event"}, 30)]:
        wanted = [e for e in named if kinds is None or e.kind in kinds]
        first = list(dict.fromkeys(e.record_id for e in wanted))[:limit]
        assert [m.record_id for m in index.complete("", kinds, limit=limit)] == first


_RANKS = {NameKind.NAME: 0, NameKind.ALIAS: 1, NameKind.WEAK: 2}


def _prefix_offers(
    facts: FactSet, prefix: str, kinds: set[str] | None, *, scan: int, limit: int
) -> list[tuple[str, str]]:
    """What a prefix offers, by a scan of every name: the first `scan` names (no ids) that
    start so; each record of the kinds once, by its best name; each keyword once, as a
    topic, unless a name of the kinds is the same words; by rank, length, name, position."""
    entries = [(pos, e) for pos, e in enumerate((e for r in facts.records() for e in _names(r)), 1)]
    named = sorted({e.folded for _, e in entries if e.name_kind is not NameKind.ID})
    window = {f for f in named if f.startswith(prefix)}
    window = set(sorted(window)[:scan])
    ranked = [
        (_RANKS[e.name_kind], len(e.folded), e.folded, pos, e)
        for pos, e in entries
        if e.folded in window and e.name_kind in _RANKS and (kinds is None or e.kind in kinds)
    ]
    best: dict[str, tuple] = {}
    for row in sorted(ranked, key=lambda row: (row[0], row[1], row[3])):
        best.setdefault(row[4].record_id, row)
    names = {row[2] for row in ranked}
    topics: dict[str, tuple] = {}
    for pos, e in entries:
        if e.name_kind is NameKind.KEYWORD and e.folded in window and e.folded not in names:
            topics.setdefault(e.folded, (3, len(e.folded), e.folded, pos, e))
    offered = sorted([*best.values(), *topics.values()], key=lambda row: row[:4])[:limit]
    return [(e.record_id, e.kind) if r < 3 else (e.text, "topic") for r, *_, e in offered]


def test_the_first_names_kept_give_way_to_a_write(facts: FactSet):
    index = SearchIndex.build(facts)
    first = index.complete("", ("place",), limit=5)
    assert index.complete("", ("place",), limit=5) == first
    gone = facts.places[first[0].record_id]
    index.update(gone.id, None)
    assert [m.record_id for m in index.complete("", ("place",), limit=5)][:4] == [
        m.record_id for m in first[1:]
    ]
    index.update(gone.id, gone)  # back, at the end of the index
    assert gone.id not in [m.record_id for m in index.complete("", ("place",), limit=4)]


def test_a_prefix_offers_each_record_and_topic_once_as_a_scan_of_every_name_does(
    facts: FactSet,
):
    index = SearchIndex.build(facts)
    keywords = Counter(
        e.folded for r in facts.records() for e in _names(r) if e.name_kind is NameKind.KEYWORD
    )
    shared = next(f for f, n in keywords.most_common() if n > 2 and " " not in f)
    prefixes = ["b", "ka", "de", "mu", "s", "nanga", shared[:2], shared]
    for scan, limit in [(500, 200), (12, 25), (3, 5)]:
        for kinds in [None, {"actor", "place", "event", "source"}, {"actor"}, {"event"}]:
            topics = kinds is None or "event" in kinds
            for prefix in prefixes:
                found = index.starting_with(prefix, scan, _RANKS, kinds, topics=topics, limit=limit)
                offered = [
                    (c.text, "topic") if c.name_kind is NameKind.KEYWORD else (c.record_id, c.kind)
                    for c in found
                ]
                expected = _prefix_offers(facts, prefix, kinds, scan=scan, limit=limit)
                if not topics:
                    expected = [o for o in expected if o[1] != "topic"]
                assert offered == expected, (prefix, kinds, scan)
    # A keyword many records share is one topic.
    assert [m.label for m in index.complete(shared, limit=200)].count(shared) <= 1


def test_fuzzy_names_are_guessed_only_while_the_names_that_start_so_are_few(
    facts: FactSet, monkeypatch: pytest.MonkeyPatch
):
    model = facts.actors["ttp"]
    units = FactSet()
    names = [f"Kotli Unit {n}" for n in range(complete.FUZZY_BELOW)] + ["Kotly"]
    for n, name in enumerate(names):
        units.add(model.model_copy(update={"id": f"unit-{n}", "name": name, "aliases": []}))
    index = SearchIndex.build(units)
    # A screenful starts so: only those, every one a sure 100, whatever the limit.
    offered = index.complete("kotli", ("actor",), limit=200)
    assert len(offered) == complete.FUZZY_BELOW
    assert all(m.label.startswith("Kotli") and m.score == 100 for m in offered)
    # The close names would follow (Kotly, spelt another way), out of sight.
    monkeypatch.setattr(complete, "FUZZY_BELOW", 200)
    assert "Kotly" in [m.label for m in index.complete("kotli", ("actor",), limit=200)]
    # A typo'd prefix, with nothing that starts so, still reaches its name.
    whole = SearchIndex.build(facts)
    assert whole.complete("nangah", ("place",), limit=25)[0].label == "Nangarhar"


def test_a_rebuild_replaces_tables_of_another_layout(facts: FactSet):
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE name_entries (pos INTEGER PRIMARY KEY, name TEXT)")  # an old layout
    db.execute("CREATE TABLE name_stats (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    db.execute("INSERT INTO name_stats VALUES ('generation', 7)")
    db.execute("BEGIN")
    rebuild(db, facts.records())
    db.execute("COMMIT")
    rows, fresh = _rows(db), _rows(_rebuilt(list(facts.records())))
    assert {t: rows[t] for t in TABLES[:-1]} == {t: fresh[t] for t in TABLES[:-1]}
    assert ("generation", 8) in rows["name_stats"]  # a reader knows to read again
    assert SearchIndex(db, threading.RLock()).resolve("TTP", ("actor",)).best.record_id == "ttp"


def test_a_word_longer_than_any_name_is_matched_exactly_or_not_at_all() -> None:
    facts, _ = load_dir()
    index = search_index.SearchIndex.build(facts)
    word = "nangarharnangarharnangarharnangarhar"
    assert len(word) > LONGEST_WORD
    assert index.resolve_term(word) == {}
    assert index.resolve(word * 5).status is Status.NONE


def test_a_word_no_slip_can_reach_keeps_no_deletions() -> None:
    # A pasted "word" of a million letters had made a trillion letters of deletions.
    db = sqlite3.connect(":memory:")
    create(db)
    facts, _ = load_dir()
    claim = next(iter(facts.claims.values()))
    huge = "x" * 200_000
    write_all(db, [(claim.id, claim.model_copy(update={"statement": f"{huge} killed"}))])
    stored = {t for (t,) in db.execute("SELECT DISTINCT term FROM name_deletions")}
    assert huge not in stored
    assert "killed" in stored  # a word a slip may reach keeps its deletions
    assert db.execute("SELECT 1 FROM name_vocabulary WHERE term = ?", (huge,)).fetchone()
    reachable = "y" * (LONGEST_WORD + 1)
    write_all(db, [(claim.id, claim.model_copy(update={"statement": reachable}))])
    assert db.execute("SELECT 1 FROM name_deletions WHERE term = ?", (reachable,)).fetchone()


@pytest.mark.parametrize(
    "text",
    [
        "Plain ascii words, and numbers 274 and 3.5",
        "“Curly” quotes — dashes – and ‘single’ ones: Peshawar’s",
        "Accents: Pešāwar, Kābul, ÉCOLE, straße, İstanbul",
        "Wide ｆｏｒｍｓ and ligatures ﬁre, ½ ² and tabs\tand\nnew lines  and   spaces",
        "Mixed-in_underscores and a_b – ‐ ‑ − dashes′ and ″primes`",
    ],
)
def test_the_words_of_a_text_are_the_words_fold_gives(text: str) -> None:
    assert WORD.findall(tables._fold_for_words(text)) == WORD.findall(fold(text))
