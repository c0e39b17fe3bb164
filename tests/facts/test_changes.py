"""facts.changes on a real SQLite store on disk (the bundled facts): requests read from what
was typed, written through the store's checks, reported as Written or Refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import yaml

from facts.changes import (
    Add,
    AddSource,
    Edit,
    Refused,
    Retract,
    Undo,
    Written,
    apply,
    read_add,
    read_edit,
    read_retract,
    read_source,
    read_undo,
    refusal_text,
    unavailable,
)
from facts.edits import EditSyntaxError, record_yaml
from facts.store import Editor, Store
from tests.words import SPARE, SPARE_FIELDS

CLAIM = "mosque-toll-daljoog"
BY = Editor("alice", discord_id=7)


def written(report: Written | Refused) -> Written:
    assert isinstance(report, Written), report
    return report


def refusal(report: Written | Refused) -> Refused:
    assert isinstance(report, Refused), report
    return report


def add_spare(store: Store) -> Written:
    return written(apply(store, read_add("claim", SPARE_FIELDS, reason="a second count"), by=BY))


def test_an_edit_reports_its_revision_record_and_fields(seeded_store: Store) -> None:
    base = seeded_store.history(CLAIM)[-1].number
    typed = f'keywords=[toll, mosque] base={base} reason="search words"'
    report = written(apply(seeded_store, read_edit(CLAIM, typed), by=BY))
    assert report.record_id == CLAIM
    assert report.revision.number == seeded_store.head() > base
    assert report.changed == ["keywords"]
    assert report.record is not None
    assert report.record["keywords"] == ["toll", "mosque"]
    [*_, last] = seeded_store.history(CLAIM)
    assert (last.editor_name, last.editor_id, last.reason) == ("alice", 7, "search words")


def test_an_invalid_change_is_refused_and_changes_nothing(seeded_store: Store) -> None:
    head = seeded_store.head()
    report = refusal(apply(seeded_store, read_edit(CLAIM, "claimant=nobody"), by=BY))
    assert report.problems == ("claimant: unknown actor id 'nobody'",)
    assert refusal_text(report, "!fact") == (
        "Refused, nothing changed: claimant: unknown actor id 'nobody'"
    )
    assert seeded_store.head() == head


def test_a_stale_edit_says_what_changed_and_what_to_do(seeded_store: Store) -> None:
    base = seeded_store.history(CLAIM)[-1].number
    written(apply(seeded_store, Edit(CLAIM, {"keywords": ["toll"]}), by=BY))
    head = seeded_store.head()
    report = refusal(apply(seeded_store, Edit(CLAIM, {"keywords": ["x"]}, base=base), by=BY))
    assert report.redo == (CLAIM, head)
    assert report.problems == (
        f"keywords: changed by revision {head} (alice, edit) after revision {base}: "
        '(unset) -> ["toll"]',
    )
    lines = refusal_text(report, "briefing facts").splitlines()
    assert lines[0] == (
        f"Refused, nothing changed: {CLAIM} changed after revision {base}, the one your edit "
        "was based on. What changed since:"
    )
    assert lines[-1] == (
        f"Look at `briefing facts history {CLAIM}`, then redo your edit with base={head}."
    )
    assert seeded_store.head() == head


def test_a_base_revision_the_store_never_had_is_refused(seeded_store: Store) -> None:
    head = seeded_store.head()
    report = refusal(apply(seeded_store, Edit(CLAIM, {"keywords": ["x"]}, base=head + 1), by=BY))
    assert report.problems == (f"base: no revision {head + 1} (the store is at revision {head})",)
    assert seeded_store.head() == head
    written(apply(seeded_store, Edit(CLAIM, {"keywords": ["x"]}, base=head), by=BY))


def test_a_whole_edited_record_changes_only_what_differs(seeded_store: Store) -> None:
    form = {**written_record(seeded_store), "keywords": ["toll"]}
    base = seeded_store.history(CLAIM)[-1].number
    edit = Edit(CLAIM, record=form, base=base, reason="a form")
    report = written(apply(seeded_store, edit, by=BY))
    assert report.changed == ["keywords"]
    again = Edit(CLAIM, record=form, base=report.revision.number)
    unchanged = refusal(apply(seeded_store, again, by=BY))
    assert unchanged.problems == ("(record): no changes given",)


def test_a_whole_record_copied_before_a_colleagues_edit_never_undoes_it(
    seeded_store: Store,
) -> None:
    """Alice copies the record; Bob edits its keywords; Alice sends her copy back whole,
    her own keywords in it. Without the revision she copied it at, it is refused
    (it would put Bob's keywords back as they were, unseen); with it, refused as stale.
    Bob's edit stands either way."""
    copy = {**written_record(seeded_store), "keywords": ["alice"]}
    copied_at = seeded_store.history(CLAIM)[-1].number
    bob = Editor("bob", discord_id=8)
    written(apply(seeded_store, Edit(CLAIM, {"keywords": ["toll", "recount"]}), by=bob))
    unbased = refusal(apply(seeded_store, Edit(CLAIM, record=copy), by=BY))
    assert unbased.problems[0].startswith("base: a whole record needs the revision it was")
    stale = refusal(apply(seeded_store, Edit(CLAIM, record=copy, base=copied_at), by=BY))
    assert f"after revision {copied_at}" in stale.problems[0]  # what Bob changed, and when
    assert seeded_store.get(CLAIM).keywords == ["toll", "recount"]  # type: ignore[union-attr]


def written_record(store: Store) -> dict[str, object]:
    """The record as a form shows it."""
    record = store.get(CLAIM)
    assert record is not None
    return dict(yaml.safe_load(record_yaml(record)))


def test_retract_then_undo_restores(seeded_store: Store) -> None:
    add_spare(seeded_store)
    retracted = written(apply(seeded_store, read_retract(SPARE, "a duplicate"), by=BY))
    assert (retracted.revision.action, retracted.record, retracted.changed) == (
        "retract",
        None,
        [],
    )
    assert seeded_store.get(SPARE) is None
    number = retracted.revision.number
    assert unavailable(seeded_store, SPARE).problems == (
        f"id: retracted in revision {number}; undo it first",
    )
    restored = written(apply(seeded_store, read_undo(number, 'reason="it was not"'), by=BY))
    assert restored.revision.action == "restore"
    assert restored.record is not None
    assert restored.record["id"] == SPARE
    assert [r.reason for r in seeded_store.history(SPARE)] == [
        "a second count",
        "a duplicate",
        "it was not",
    ]


def test_a_retraction_needs_a_reason(seeded_store: Store) -> None:
    add_spare(seeded_store)
    head = seeded_store.head()
    report = refusal(apply(seeded_store, Retract(SPARE, "  "), by=BY))
    assert report.problems == ("reason: say why the record is retracted",)
    assert seeded_store.head() == head


def test_an_unknown_record_or_revision_is_refused(seeded_store: Store) -> None:
    assert unavailable(seeded_store, "nope").problems == ("id: no record 'nope'",)
    report = refusal(apply(seeded_store, Undo(999_999), by=BY))
    assert report.problems == ("revision: no revision 999999",)
    report = refusal(apply(seeded_store, Edit("nope", {"statement": "x"}), by=BY))
    assert report.problems == ("id: no record 'nope'",)


def test_a_mistyped_record_id_names_the_ids_it_may_mean(seeded_store: Store) -> None:
    # One place words it: showing a record for editing, and a change the store refuses.
    shown = unavailable(seeded_store, "bannu-bombing").problems
    assert shown == (
        "id: no record 'bannu-bombing'; did you mean `bannu-convoy-bombing` or `bannu`?",
    )
    edited = refusal(apply(seeded_store, Edit("bannu-bombing", {"summary": "x"}), by=BY))
    assert edited.problems == shown
    retracted = refusal(apply(seeded_store, Retract("bajor", "a typo"), by=BY))
    assert retracted.problems == ("id: no record 'bajor'; did you mean `bajaur`?",)
    # Nothing close: no guess.
    assert unavailable(seeded_store, "zzz").problems == ("id: no record 'zzz'",)


def test_add_from_fields_on_a_whole_record(seeded_store: Store) -> None:
    report = add_spare(seeded_store)
    assert (report.revision.action, report.record_id) == ("create", SPARE)
    again = refusal(apply(seeded_store, Add("claim", record=report.record), by=BY))
    assert again.problems[0] == f"id: '{SPARE}' already exists (a claim: edit it instead)"


def test_a_source_gets_its_file_and_notes_unless_given(seeded_store: Store) -> None:
    request = read_source(
        "id=wire publisher=Wire published=2026-03-02\nOfficials said 12 were hurt.",
        notes="Registered in a test.",
    )
    assert request == AddSource(
        {"id": "wire", "publisher": "Wire", "published": dt.date(2026, 3, 2)},
        "Officials said 12 were hurt.",
        "Registered in a test.",
    )
    report = written(apply(seeded_store, request, by=BY))
    assert report.record is not None
    assert (report.record["file"], report.record["notes"]) == ("wire.txt", "Registered in a test.")
    assert seeded_store.snapshot().articles["wire"] == "Officials said 12 were hurt."


@pytest.mark.parametrize(
    ("read", "field"),
    [
        (lambda: read_edit(CLAIM, "reason=x", reason="y"), "reason"),
        (lambda: read_edit(CLAIM, "base=1", base=2), "base"),
        (lambda: read_retract(CLAIM, "wrong", reason="wrong"), "reason"),
        (lambda: read_undo(1, "reason=x", reason="x"), "reason"),
        (lambda: read_add("claim", "```yaml\nid: a\n```", record={"id": "a"}), "(record)"),
        (lambda: read_add("claim", "reason=x"), "(record)"),
    ],
)
def test_what_cannot_be_read_is_refused_by_field(read: Callable[[], object], field: str) -> None:
    with pytest.raises(EditSyntaxError) as caught:
        read()
    assert caught.value.field == field


def test_a_reason_or_base_from_elsewhere_is_taken_when_not_typed() -> None:
    assert read_edit(CLAIM, ["keywords=[a]"], base=4, reason="typo") == Edit(
        CLAIM, {"keywords": ["a"]}, base=4, reason="typo"
    )
    assert read_retract(CLAIM, [], reason="wrong") == Retract(CLAIM, "wrong")
    assert read_undo(3, ["it", "was", "not"]) == Undo(3, "it was not")


def test_several_problems_are_a_line_each() -> None:
    refusal = Refused(("claimant: unknown actor id 'nobody'", "casualties: Extra inputs"))
    assert refusal_text(refusal, "!fact") == (
        "Refused, nothing changed:\nclaimant: unknown actor id 'nobody'\ncasualties: Extra inputs"
    )


# --- what a moderator may mean to link ----------------------------------------------------

ANOTHER_TOLL = (
    "id=mosque-toll-again about_event=islamabad-mosque-bombing "
    'statement="At least 31 worshippers were killed." attribution="reported by the article" '
    "figure={measure: died, unit: worshippers, value: 31, qualifier: at least} "
    'quote.source=daljoog-strikes quote.text="killed at least 31 worshippers"'
)


def test_a_figure_the_same_events_claims_give_otherwise_is_pointed_out(
    seeded_store: Store,
) -> None:
    # 31 worshippers "died" against Al Jazeera's 36 "killed": the same count, another number,
    # and nothing links them. Daljoog's own 31 is the same number; the wounded are not killed.
    report = written(apply(seeded_store, read_add("claim", ANOTHER_TOLL), by=BY))
    [note] = report.notes
    assert note.startswith("Not linked: mosque-toll-aljazeera (at least 36 worshippers killed)")
    assert "edit mosque-toll-again with disputes=[mosque-toll-aljazeera]" in note
    for other in ("mosque-toll-daljoog", "mosque-toll-jamal", "mosque-wounded"):
        assert other not in note
    # Linked, directly or through a claim it disputes, nothing is pointed out.
    linked = "disputes=[mosque-toll-daljoog]"
    assert written(apply(seeded_store, read_edit("mosque-toll-again", linked), by=BY)).notes == ()


def test_the_links_a_note_suggests_keep_the_ones_the_claim_has(seeded_store: Store) -> None:
    # `differs=[...]` replaces the list: following the note must not drop a link.
    fields = f"{ANOTHER_TOLL} differs=[mosque-wounded-daljoog]"
    [note] = written(apply(seeded_store, read_add("claim", fields), by=BY)).notes
    assert "differs=[mosque-wounded-daljoog, mosque-toll-aljazeera]" in note
    assert "disputes=[mosque-toll-aljazeera]" in note


def test_a_claim_without_a_figure_or_a_retraction_points_out_nothing(
    seeded_store: Store,
) -> None:
    assert add_spare(seeded_store).notes == ()
    retracted = apply(seeded_store, read_retract(SPARE, ["a", "duplicate"]), by=BY)
    assert written(retracted).notes == ()


def test_the_future_is_after_the_stores_tomorrow_not_the_machines(store: Store) -> None:
    """The store's clock bounds the dates a change gives (a test's, a replayed store's):
    at its 1 March 2026, a date in June is a typo, whatever day the machine says it is."""
    assert store.now().date() == dt.date(2026, 3, 1)
    dated = {
        "start": "2026-06-01",
        "precision": "day",
        "phrase": "on 1 June",
        "derivation": "stated",
    }
    report = refusal(apply(store, Edit("pakistan-declares-open-war", {"date": dated}), by=BY))
    assert report.problems[0].startswith("date.start: 2026-06-01 is in the future")
    assert "(today is 2026-03-01)" in report.problems[0]
