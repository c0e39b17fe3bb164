"""The live store: seeding, refusals that change nothing, history and undo, staleness,
import/export round trips, sources, backup and the digest's key-value table."""

from __future__ import annotations

import copy
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from facts.dataset import ARTICLES, DATA_DIR, dump_record
from facts.factset import FactSet
from facts.models import KINDS, Claim, Source
from facts.store import (
    Editor,
    InvalidChange,
    NotFound,
    Revision,
    SeedInvalid,
    StaleEdit,
    Store,
    build_record,
)
from facts.validate import check, validate_dir
from tests.baseline import CLAIM, claim_data, fingerprint, make_seed, table_dump
from tests.baseline import TickingClock as Clock

ALICE = Editor("alice", 1001)
BOB = Editor("bob", 1002)
# A figure is corrected with the words that give it: Al Jazeera's "at least 36" toll becomes
# Daljoog News' "at least 31", quoted from Daljoog News, and the statement says 31 too.
RECOUNT: dict[str, Any] = {
    "figure.value": 31,
    "quote.source": "daljoog-strikes",
    "quote.text": "killed at least 31 worshippers",
    "statement": "The bombing killed at least 31 worshippers.",
}


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    return make_seed(tmp_path / "seed")


@pytest.fixture
def store(tmp_path: Path, seed: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "live.sqlite3", seed_dir=seed, clock=Clock()) as opened:
        yield opened


# --- opening and seeding -------------------------------------------------------------------


def test_open_seeds_once_as_import_revisions(tmp_path: Path, seed: Path, store: Store) -> None:
    expected, problems = validate_dir(seed)
    assert problems == []
    facts = store.snapshot()
    assert facts.counts() == expected.counts()
    assert set(facts.articles) == set(expected.sources)
    assert check(facts) == []
    total = sum(expected.counts().values())
    assert store.head() == total
    assert {r.action for r in store.revisions()} == {"import"}
    assert {r.editor_name for r in store.revisions()} == {"import"}
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    with Store.open(store.path, seed_dir=seed) as again:
        assert again.head() == total  # not seeded twice


def test_an_invalid_seed_is_refused(tmp_path: Path, seed: Path) -> None:
    (seed / "claims.yaml").write_text("- id: broken\n  statement: no quote\n")
    with pytest.raises(SeedInvalid) as caught:  # a store that cannot be made: one line
        Store.open(tmp_path / "bad.sqlite3", seed_dir=seed)
    assert any(p.record == "broken" for p in caught.value.problems)
    assert str(caught.value).startswith(f"the store cannot be created: the data in {seed}")


def test_a_snapshot_is_read_whole_and_never_changes_afterwards(store: Store) -> None:
    before = store.snapshot()
    store.edit(CLAIM, RECOUNT, by=ALICE, reason="update")
    after = store.snapshot()
    assert before.claims[CLAIM].figure.value == 36
    assert after.claims[CLAIM].figure.value == 31
    assert after.counts() == before.counts()


def test_the_records_questions_read_are_the_current_ones(store: Store) -> None:
    facts = store.facts()
    assert facts is not None
    assert facts.claims[CLAIM].figure.value == 36
    store.edit(CLAIM, RECOUNT, by=ALICE, reason="update")
    facts.forget([CLAIM])  # the library does this when the store moves on
    assert facts.claims[CLAIM].figure.value == 31
    assert facts.counts() == store.snapshot().counts()
    assert list(facts.claims) == list(store.snapshot().claims)  # the store's order
    claim = facts.claims[CLAIM]
    store.add(claim.model_copy(update={"id": "second-toll"}), by=ALICE, reason="t")
    assert "second-toll" in facts.claims  # a new id is read when asked for
    store.retract("second-toll", by=ALICE, reason="withdrawn")
    facts.forget(["second-toll"])
    assert "second-toll" not in facts.claims
    assert facts.get("second-toll") is None


def test_ids_containing_finds_current_ids_and_takes_typed_wildcards_literally(
    store: Store,
) -> None:
    found = store.ids_containing("toll", 10)
    assert CLAIM in found
    assert found == sorted(found, key=lambda i: (len(i), i))  # the shortest first
    assert store.ids_containing("%", 10) == []  # no id has a percent sign
    assert store.ids_containing("_", 10) == []  # nor an underscore: ids are slugs
    assert len(store.ids_containing("", 3)) == 3


# --- valid changes -------------------------------------------------------------------------


def test_add_confirms_with_the_record_and_its_revision(store: Store) -> None:
    head = store.head()
    claim = build_record("claim", claim_data())
    revision = store.add(claim, by=ALICE, reason="new fact")
    assert revision.number == head + 1 == store.head()
    assert revision.action == "create"
    assert (revision.editor_name, revision.editor_id) == ("alice", 1001)
    assert revision.at.tzinfo is not None
    assert revision.after == dump_record(claim)
    assert store.get(claim.id) == claim
    assert check(store.snapshot()) == []


def test_edit_with_dotted_paths(store: Store) -> None:
    revision = store.edit(
        CLAIM,
        RECOUNT,
        by=ALICE,
        reason="new toll",
        base_revision=store.head(),
    )
    claim = store.get(CLAIM)
    assert isinstance(claim, Claim)
    assert claim.figure is not None
    assert claim.figure.value == 31
    assert claim.quote.model_dump(exclude_none=True) == {
        "source": "daljoog-strikes",
        "text": "killed at least 31 worshippers",
    }
    assert claim.statement == "The bombing killed at least 31 worshippers."
    assert revision.changed_fields() == ["statement", "figure", "quote"]
    assert revision.reason == "new toll"


# --- invalid changes change nothing --------------------------------------------------------

INVALID_EDITS = [
    pytest.param({"quote.text": "killing at least 99 worshippers"}, "quote.text", id="bad-quote"),
    pytest.param({"about_event": "no-such-event"}, "about_event", id="dangling-reference"),
    pytest.param({"claimant": "islamabad"}, "claimant", id="wrong-kind-reference"),
    pytest.param({"casualties": 5}, "casualties", id="unknown-field"),
    pytest.param({"figure.colour": "red"}, "figure.colour", id="unknown-nested-field"),
    pytest.param({"kind": "actor"}, "kind", id="change-of-kind"),
    pytest.param({"id": "renamed"}, "id", id="change-of-id"),
    pytest.param({"figure.low": 30}, "figure", id="model-rule"),
    pytest.param({"figure.value": 40}, "figure.value", id="figure-not-in-quote"),
    pytest.param({"stance": "maybe"}, "stance", id="bad-enum"),
    pytest.param({"disputes": [CLAIM]}, "(record)", id="disputes-itself"),
    pytest.param({"figure.value": 36}, "(record)", id="no-change"),
]


@pytest.mark.parametrize(("changes", "field"), INVALID_EDITS)
def test_invalid_edit_is_refused_and_changes_nothing(
    store: Store, changes: dict[str, object], field: str
) -> None:
    before = fingerprint(store.path)
    with pytest.raises(InvalidChange) as caught:
        store.edit(CLAIM, changes, by=ALICE, reason="bad")
    assert field in [p.field for p in caught.value.problems]
    assert all(p.message for p in caught.value.problems)
    assert fingerprint(store.path) == before
    assert store.get(CLAIM) == store.snapshot().claims[CLAIM]
    assert store.get(CLAIM).figure.value == 36  # type: ignore[union-attr]


def test_a_figure_its_quote_does_not_state_is_refused_and_changes_nothing(store: Store) -> None:
    before = fingerprint(store.path)
    with pytest.raises(InvalidChange) as caught:
        store.edit(CLAIM, {"figure.value": 40}, by=ALICE, reason="recount")
    assert [(p.record, p.field, p.message) for p in caught.value.problems] == [
        (
            CLAIM,
            "figure.value",
            "40 is not a number the quote states; quote the words that give it",
        )
    ]
    # A range is held to its quote too: 36 is stated, 40 is not.
    with pytest.raises(InvalidChange) as caught:
        store.edit(
            CLAIM,
            {"figure.value": None, "figure.low": 36, "figure.high": 40},
            by=ALICE,
            reason="range",
        )
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("figure.high", "40 is not a number the quote states; quote the words that give it")
    ]
    # A new claim's figure as well: the quote gives 170 wounded, not 171.
    with pytest.raises(InvalidChange) as caught:
        store.add(
            build_record(
                "claim", claim_data(figure={"measure": "wounded", "unit": "people", "value": 171})
            ),
            by=ALICE,
            reason="",
        )
    assert [p.field for p in caught.value.problems] == ["figure.value"]
    assert fingerprint(store.path) == before
    assert store.get(CLAIM).figure.value == 36  # type: ignore[union-attr]
    # The same correction with the words that give it goes through.
    store.edit(CLAIM, RECOUNT, by=ALICE, reason="recount")
    assert store.get(CLAIM).figure.value == 31  # type: ignore[union-attr]


def test_a_figure_correction_that_forgets_the_statement_is_refused_and_changes_nothing(
    store: Store,
) -> None:
    # The statement would go on saying "at least 36" beside a figure of 31.
    before = fingerprint(store.path)
    head = store.head()
    forgot = {field: value for field, value in RECOUNT.items() if field != "statement"}
    with pytest.raises(InvalidChange) as caught:
        store.edit(CLAIM, forgot, by=ALICE, reason="recount")
    assert [(p.record, p.field, p.message) for p in caught.value.problems] == [
        (CLAIM, "statement", "does not give the figure's 31; say it as the quote does")
    ]
    # Nor may an edit of the statement alone drop the figure's number.
    with pytest.raises(InvalidChange) as caught:
        store.edit(CLAIM, {"statement": "The bombing killed worshippers."}, by=ALICE, reason="")
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("statement", "does not give the figure's 36; say it as the quote does")
    ]
    # Nor a new claim: the figure is 170 wounded, the statement gives no number.
    with pytest.raises(InvalidChange) as caught:
        store.add(
            build_record("claim", claim_data(statement="The bombing wounded others.")),
            by=ALICE,
            reason="",
        )
    assert [p.field for p in caught.value.problems] == ["statement"]
    assert fingerprint(store.path) == before
    assert store.head() == head
    claim = store.get(CLAIM)
    assert claim.figure.value == 36  # type: ignore[union-attr]
    assert claim.statement == "The bombing killed at least 36 worshippers."  # type: ignore[union-attr]
    # The number in words is the number too.
    words = "The bombing killed at least thirty-one worshippers."
    store.edit(CLAIM, {**forgot, "statement": words}, by=ALICE, reason="recount")
    assert store.get(CLAIM).statement == words  # type: ignore[union-attr]
    assert store.get(CLAIM).figure.value == 31  # type: ignore[union-attr]


def test_invalid_additions_and_retractions_change_nothing(store: Store) -> None:
    before = fingerprint(store.path)
    refusals = {
        "bad quote": lambda: store.add(
            build_record("claim", claim_data(quote={"source": "daljoog-strikes", "text": "x y"})),
            by=ALICE,
            reason="",
        ),
        "existing id": lambda: store.add(store.get("ttp"), by=ALICE, reason=""),  # type: ignore[arg-type]
        "referenced": lambda: store.retract("islamabad", by=ALICE, reason=""),
        "unknown": lambda: store.retract("nobody", by=ALICE, reason=""),
        "source via add": lambda: store.add(store.get("daljoog-strikes"), by=ALICE, reason=""),  # type: ignore[arg-type]
        "alias clash": lambda: store.edit(
            "ispr", {"aliases": [{"name": "TTP", "kind": "acronym"}]}, by=ALICE, reason=""
        ),
    }
    for name, refuse in refusals.items():
        with pytest.raises((InvalidChange, NotFound)):
            refuse()
        assert fingerprint(store.path) == before, name


def test_refusals_name_the_field_and_the_reason(store: Store) -> None:
    with pytest.raises(InvalidChange) as caught:
        store.retract("islamabad", by=ALICE, reason="wrong")
    [problem] = caught.value.problems
    assert (problem.field, problem.record) == ("id", "islamabad")
    assert "islamabad-mosque-bombing" in problem.message  # who still refers to it
    alias = {"name": "T.T.P.", "kind": "acronym", "in_articles": False}
    with pytest.raises(InvalidChange) as caught:
        store.edit("ispr", {"aliases": [alias]}, by=ALICE, reason="")
    assert [p.field for p in caught.value.problems] == ["aliases[0].name"]
    assert "'ttp'" in caught.value.problems[0].message


def test_build_record_refuses_a_record_of_another_kind() -> None:
    with pytest.raises(InvalidChange) as caught:
        build_record("actor", {**claim_data(), "kind": "claim"})
    assert [p.field for p in caught.value.problems] == ["kind"]


# --- history and undo ----------------------------------------------------------------------


def test_history_and_undo_round_trip(store: Store) -> None:
    original = store.get(CLAIM)
    first = store.edit(CLAIM, RECOUNT, by=ALICE, reason="one")
    # Bob prefers Umair Jamal's exact count of 31 people.
    jamal = {
        "figure.unit": "people",
        "figure.qualifier": "exact",
        "quote.source": "jamal-open-war",
        "quote.text": "killed 31 people",
    }
    second = store.edit(CLAIM, jamal, by=BOB, reason="two")

    with pytest.raises(StaleEdit):  # the record changed after the first edit
        store.undo(first.number, by=ALICE, reason="too late")

    undone = store.undo(second.number, by=ALICE, reason="back")
    assert (undone.action, undone.undoes) == ("undo", second.number)
    assert store.get(CLAIM).figure.display() == "at least 31 worshippers killed"  # type: ignore[union-attr]
    assert store.get(CLAIM).quote.source == "daljoog-strikes"  # type: ignore[union-attr]
    store.undo(undone.number, by=ALICE, reason="redo")  # undoing an undo redoes
    assert store.get(CLAIM).figure.display() == "31 people killed"  # type: ignore[union-attr]
    assert store.get(CLAIM).quote.source == "jamal-open-war"  # type: ignore[union-attr]

    store.edit("mosque-toll-daljoog", {"disputes": []}, by=BOB, reason="no longer disputed")
    retraction = store.retract(CLAIM, by=BOB, reason="doubtful")
    assert store.get(CLAIM) is None
    assert store.is_retracted(CLAIM)
    assert CLAIM not in store.snapshot().claims
    with pytest.raises(InvalidChange) as caught:
        store.edit(CLAIM, {"statement": "Edited while retracted."}, by=ALICE, reason="")
    assert [p.field for p in caught.value.problems] == ["id"]
    assert "retracted" in caught.value.problems[0].message
    restored = store.undo(retraction.number, by=ALICE, reason="it stands")
    assert restored.action == "restore"
    assert not store.is_retracted(CLAIM)

    history = store.history(CLAIM)
    assert [r.action for r in history] == [
        "import",
        "edit",
        "edit",
        "undo",
        "undo",
        "retract",
        "restore",
    ]
    assert [r.editor_name for r in history][1:3] == ["alice", "bob"]
    assert history[1].before == dump_record(original)  # type: ignore[arg-type]
    assert history[-1].undoes == retraction.number
    assert [r.number for r in history] == sorted(r.number for r in history)
    assert check(store.snapshot()) == []


def test_undo_a_creation_retracts_and_undo_again_restores(store: Store) -> None:
    created = store.add(build_record("claim", claim_data()), by=ALICE, reason="")
    gone = store.undo(created.number, by=BOB, reason="not ours")
    assert store.is_retracted("mosque-wounded-aljazeera")
    assert gone.after is None
    store.undo(gone.number, by=ALICE, reason="it is ours")
    assert store.get("mosque-wounded-aljazeera") is not None


def test_undo_refuses_what_would_break_references(store: Store) -> None:
    event = store.history("islamabad-mosque-bombing")[0]
    before = fingerprint(store.path)
    with pytest.raises(InvalidChange) as caught:  # undoing its import: claims still cite it
        store.undo(event.number, by=ALICE, reason="")
    assert "mosque-toll-aljazeera" in caught.value.problems[0].message
    assert fingerprint(store.path) == before
    for missing in (10_000, 0, -1, 10**23):  # past SQLite's integers too: no revision
        with pytest.raises(NotFound):
            store.undo(missing, by=ALICE, reason="")


def test_revisions_since_and_limit(tmp_path: Path, seed: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path / "s.sqlite3", seed_dir=seed, clock=clock) as store:
        cut = clock.now
        one = store.edit(CLAIM, {"statement": "First edit: at least 36."}, by=ALICE, reason="")
        two = store.edit(CLAIM, {"statement": "Second edit: at least 36."}, by=ALICE, reason="")
        assert [r.number for r in store.revisions(since=cut)] == [one.number, two.number]
        assert [r.number for r in store.revisions(limit=1)] == [two.number]
        assert store.revisions(since=clock.now) == []
        assert len(store.revisions()) == store.head()


def test_changed_fields() -> None:
    at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    revision = Revision(
        number=1,
        record_id="x",
        kind="claim",
        action="edit",
        editor_name="a",
        editor_id=None,
        at=at,
        reason="",
        before={"a": 1, "b": {"c": 1}, "d": 3},
        after={"a": 1, "b": {"c": 2}, "e": 4},
        base_revision=None,
        undoes=None,
    )
    assert revision.changed_fields() == ["b", "d", "e"]


def test_revisions_are_append_only(store: Store) -> None:
    db = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE revisions SET reason = 'rewritten'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM revisions")
    # REPLACE deletes the old row without firing delete triggers: refused too.
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute(
            "INSERT OR REPLACE INTO revisions (number, record_id, kind, action, editor_name,"
            " at, reason) VALUES (1, 'x', 'claim', 'edit', 'mallory', '2026', 'rewritten')"
        )
    assert db.execute("SELECT editor_name FROM revisions WHERE number = 1").fetchone() == (
        "import",
    )
    db.close()


# --- concurrent edits ----------------------------------------------------------------------


def test_stale_edit_is_refused_with_what_changed(tmp_path: Path, seed: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with Store.open(path, seed_dir=seed) as one, Store.open(path, seed_dir=seed) as two:
        base = two.head()
        won = one.edit(CLAIM, RECOUNT, by=ALICE, reason="", base_revision=base)
        before = fingerprint(path)
        statement = {"statement": "A suicide bomber killed at least 31 worshippers at prayers."}
        with pytest.raises(StaleEdit) as caught:
            two.edit(CLAIM, statement, by=BOB, reason="", base_revision=base)
        assert fingerprint(path) == before
        assert [r.number for r in caught.value.since] == [won.number]
        problems = caught.value.problems
        assert [p.field for p in problems] == [
            "statement",
            "figure.value",
            "quote.source",
            "quote.text",
        ]
        assert all(f"revision {won.number} (alice" in p.message for p in problems)
        assert "at least 36 worshippers." in problems[0].message
        assert "at least 31 worshippers." in problems[0].message
        assert "36 -> 31" in problems[1].message
        assert '"aljazeera-2026-02-24" -> "daljoog-strikes"' in problems[2].message
        assert "figure.value" in caught.value.diff
        # The other instance sees the winner's change and can edit on top of it.
        assert two.get(CLAIM).figure.value == 31  # type: ignore[union-attr]
        two.edit(CLAIM, statement, by=BOB, reason="", base_revision=won.number)
        assert one.get(CLAIM).statement == statement["statement"]  # type: ignore[union-attr]
        assert one.get(CLAIM).figure.value == 31  # type: ignore[union-attr]


def test_two_threads_edit_one_record_from_one_base(tmp_path: Path, seed: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    stores = [Store.open(path, seed_dir=seed) for _ in range(2)]
    base = stores[0].head()
    barrier = threading.Barrier(2)
    results: list[Revision | StaleEdit] = []

    def edit(store: Store, statement: str) -> None:
        barrier.wait()
        try:
            results.append(
                store.edit(CLAIM, {"statement": statement}, by=ALICE, reason="", base_revision=base)
            )
        except StaleEdit as exc:
            results.append(exc)

    threads = [
        threading.Thread(target=edit, args=(s, v))
        for s, v in zip(
            stores, ("First thread: at least 36.", "Second thread: at least 36."), strict=True
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [won] = [r for r in results if isinstance(r, Revision)]
    [lost] = [r for r in results if isinstance(r, StaleEdit)]
    assert lost.since[0].number == won.number
    assert stores[1].get(CLAIM).statement == won.after["statement"]  # type: ignore[union-attr,index]
    assert len(stores[0].history(CLAIM)) == 2
    for store in stores:
        store.close()


# --- export, import ------------------------------------------------------------------------


def test_export_validate_import_round_trips(tmp_path: Path, store: Store) -> None:
    store.edit(CLAIM, RECOUNT, by=ALICE, reason="")
    store.add(build_record("claim", claim_data()), by=ALICE, reason="")
    store.retract("mosque-wounded-aljazeera", by=ALICE, reason="")
    out = tmp_path / "export"
    store.export(out)
    exported, problems = validate_dir(out)
    assert problems == []
    assert exported == store.snapshot()

    before = table_dump(store.path)
    report = store.import_dir(out, by=Editor("curator"))
    assert (report.created, report.updated, report.conflicts) == ([], [], [])
    assert report.unchanged == sum(exported.counts().values())
    assert table_dump(store.path) == before

    with Store.open(tmp_path / "fresh.sqlite3", seed_dir=out) as fresh:
        assert fresh.snapshot() == store.snapshot()


def test_import_applies_curated_changes_and_reports_moderated_ones(
    tmp_path: Path, store: Store
) -> None:
    curated = tmp_path / "curated"
    store.export(curated)
    moderated = store.edit(CLAIM, RECOUNT, by=ALICE, reason="moderator")

    claims = yaml.safe_load((curated / "claims.yaml").read_text())
    for claim in claims:
        claim["keywords"] = ["curated"]
    claims.append(claim_data())
    (curated / "claims.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True))

    report = store.import_dir(curated, by=Editor("curator"))
    assert report.created == ["mosque-wounded-aljazeera"]
    assert report.updated == ["mosque-toll-daljoog"]
    [conflict] = report.conflicts
    assert conflict.record_id == CLAIM
    assert [r.number for r in conflict.revisions] == [moderated.number]
    assert store.get(CLAIM).figure.value == 31  # type: ignore[union-attr]
    assert store.get(CLAIM).quote.source == "daljoog-strikes"  # type: ignore[union-attr]
    assert store.get(CLAIM).keywords == []  # type: ignore[union-attr]
    assert store.get("mosque-toll-daljoog").keywords == ["curated"]  # type: ignore[union-attr]
    assert {r.action for r in report.revisions} == {"import"}
    assert check(store.snapshot()) == []

    # Once the curated file agrees with the store, later curated changes apply again.
    store.export(curated)
    assert store.import_dir(curated, by=Editor("curator")).conflicts == []
    store.edit(CLAIM, {"keywords": ["x"]}, by=ALICE, reason="")
    assert [c.record_id for c in store.import_dir(curated, by=Editor("c")).conflicts] == [CLAIM]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"about_event": "no-such-event"}, "about_event"),
        # Al Jazeera's words ("wounding 170 others") credited to Daljoog News.
        ({"quote": {"source": "daljoog-strikes", "text": "wounding 170 others"}}, "quote.text"),
        # The figure is 170 wounded; the statement does not say so.
        ({"statement": "The bombing wounded others."}, "statement"),
    ],
)
def test_an_invalid_import_changes_nothing(
    tmp_path: Path, store: Store, bad: dict[str, Any], field: str
) -> None:
    curated = tmp_path / "curated"
    store.export(curated)
    claims = yaml.safe_load((curated / "claims.yaml").read_text())
    claims.append(claim_data(**bad))
    (curated / "claims.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True))
    before = fingerprint(store.path)
    with pytest.raises(InvalidChange) as caught:
        store.import_dir(curated, by=Editor("curator"))
    assert [p.field for p in caught.value.problems] == [field]
    assert fingerprint(store.path) == before


# --- sources, backup, meta -----------------------------------------------------------------

ARTICLE = "Officials said on Monday that 12 people were hurt in the blast near the market."


def test_add_source_then_quote_it(tmp_path: Path, store: Store) -> None:
    source = Source(id="wire-blast", file="wire-blast.txt", publisher="Wire", notes="pasted")
    revision = store.add_source(source, ARTICLE, by=ALICE, reason="new article")
    assert revision.action == "source"
    assert store.snapshot().articles["wire-blast"] == ARTICLE
    quote = {"source": "wire-blast", "text": "12 people were hurt in the blast"}
    figure = {"measure": "hurt", "unit": "people", "value": 12}
    statement = "Officials said 12 people were hurt in the blast."
    store.add(
        build_record("claim", claim_data(quote=quote, figure=figure, statement=statement)),
        by=ALICE,
        reason="",
    )
    elsewhere = {**quote, "text": "12 people were hurt at the market"}  # not the article's words
    with pytest.raises(InvalidChange) as caught:
        store.add(
            build_record(
                "claim",
                claim_data(id="other", quote=elsewhere, figure=figure, statement=statement),
            ),
            by=ALICE,
            reason="",
        )
    assert [p.field for p in caught.value.problems] == ["quote.text"]
    with pytest.raises(InvalidChange):  # the id is taken
        store.add_source(source, ARTICLE, by=ALICE, reason="")
    clash = Source(id="wire-2", file="wire-blast.txt", notes="same file name")
    with pytest.raises(InvalidChange) as caught:
        store.add_source(clash, ARTICLE, by=ALICE, reason="")
    assert caught.value.problems[0].field == "file"
    out = tmp_path / "export"
    store.export(out)
    assert (out / ARTICLES / "wire-blast.txt").read_text() == ARTICLE
    assert validate_dir(out)[1] == []


def test_backup_is_a_working_store(tmp_path: Path, seed: Path, store: Store) -> None:
    store.edit(CLAIM, RECOUNT, by=ALICE, reason="")
    copy = tmp_path / "backups" / "copy.sqlite3"
    store.backup(copy)
    with Store.open(copy, seed_dir=seed) as restored:
        assert restored.head() == store.head()
        assert restored.snapshot() == store.snapshot()
        assert restored.history(CLAIM) == store.history(CLAIM)


def test_meta_key_values(store: Store, seed: Path) -> None:
    assert store.get_meta("digest:123") is None
    store.set_meta("digest:123", "2026-03-01T08:00:00+00:00")
    store.set_meta("digest:123", "2026-03-02T08:00:00+00:00")
    with Store.open(store.path, seed_dir=seed) as again:
        assert again.get_meta("digest:123") == "2026-03-02T08:00:00+00:00"


def test_fact_set_equality_is_meaningful(store: Store) -> None:
    # The round-trip tests compare FactSets: make sure a difference would show.
    other = FactSet(**{f"{k}s": dict(store.snapshot().table(k)) for k in KINDS})
    other.articles = dict(store.snapshot().articles)
    assert other == store.snapshot()
    other.claims.pop(CLAIM)
    assert other != store.snapshot()


def test_the_bundled_dataset_seeds_a_valid_store(tmp_path: Path) -> None:
    expected, problems = validate_dir(DATA_DIR)
    assert problems == []
    with Store.open(tmp_path / "bundled.sqlite3") as store:  # the default seed
        assert store.snapshot() == expected
        assert check(store.snapshot()) == []


def test_a_source_cannot_take_another_sources_article_file(tmp_path: Path, store: Store) -> None:
    """Export writes each article under its source's file name: two sources sharing one file
    would lose an article on the way out, so an edit, an undo or an import that makes them
    share it is refused."""
    taken = store.get("daljoog-strikes").file  # type: ignore[union-attr]
    head = store.head()
    with pytest.raises(InvalidChange) as caught:
        store.edit("aljazeera-2026-02-24", {"file": taken}, by=ALICE, reason="")
    assert [p.field for p in caught.value.problems] == ["file"]
    assert store.head() == head

    # Undo: the old file name was given to a new source in the meantime.
    moved = store.edit("aljazeera-2026-02-24", {"file": "moved.txt"}, by=ALICE, reason="")
    old_file = moved.before["file"]  # type: ignore[index]
    store.add_source(
        Source(id="wire-blast", file=old_file, notes="pasted"), ARTICLE, by=ALICE, reason=""
    )
    with pytest.raises(InvalidChange) as caught:
        store.undo(moved.number, by=ALICE, reason="")
    assert [p.field for p in caught.value.problems] == ["file"]

    # Import: a new curated source naming a file the store already uses.
    out = tmp_path / "export"
    store.export(out)
    sources = yaml.safe_load((out / Source.yaml_file).read_text())
    sources.append({**copy.deepcopy(sources[0]), "id": "same-file-again"})  # no YAML aliases
    (out / Source.yaml_file).write_text(yaml.safe_dump(sources, sort_keys=False))
    with pytest.raises(InvalidChange) as caught:
        store.import_dir(out, by=ALICE)
    assert "file" in [p.field for p in caught.value.problems]


def test_revisions_in_a_window_after_the_seed(tmp_path: Path, seed: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path / "s.sqlite3", seed_dir=seed, clock=clock) as store:
        seeded = store.seed_head()
        one = store.edit(CLAIM, {"statement": "First edit: at least 36."}, by=ALICE, reason="")
        two = store.edit(CLAIM, {"statement": "Second edit: at least 36."}, by=ALICE, reason="")
        gone = store.retract("ttp", by=ALICE, reason="")
        after_seed = store.revisions(after=seeded)
        assert [r.number for r in after_seed] == [one.number, two.number, gone.number]
        assert after_seed == [r for r in store.revisions() if r.number > seeded]
        window = store.revisions(since=one.at, after=seeded, until=gone.at)
        assert [r.number for r in window] == [two.number, gone.number]
        assert [r.number for r in store.revisions(after=seeded, until=two.at)] == [
            one.number,
            two.number,
        ]
        assert store.revision_counts(after=seeded) == {"edit": 2, "retract": 1}
        assert store.revision_counts(after=seeded, until=one.at) == {"edit": 1}
        assert store.revision_counts() == {"import": seeded, "edit": 2, "retract": 1}


def test_close_waits_for_a_call_in_progress(store: Store) -> None:
    """A stop (SIGTERM) closes the store while a worker thread may still be writing: the
    write finishes and commits first, and the connection goes after it."""
    inside, release = threading.Event(), threading.Event()
    real = store.history

    def slow_history(record_id: str) -> list[Revision]:
        with store._lock:  # as every store call holds it
            inside.set()
            release.wait(5)
            return real(record_id)

    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(len(slow_history(CLAIM))))
    worker.start()
    assert inside.wait(5)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # waiting for the call, not closing under it
    release.set()
    worker.join(5)
    closer.join(5)
    assert results
    assert results[0] >= 1
    assert not closer.is_alive()
