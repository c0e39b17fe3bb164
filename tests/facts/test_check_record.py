"""One rule set: facts.validate's rules run on one changed record (`check_record`,
`check_removal`) find what the whole-set `check` finds for that record, and the live store
refuses a change with exactly those problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts.dataset import load_dir
from facts.factset import FactSet
from facts.models import KINDS, AnyRecord
from facts.store import Editor, InvalidChange, Store
from facts.validate import REFERRERS_NAMED, check, check_record, check_removal
from tests.baseline import make_seed


@pytest.fixture
def facts(tmp_path: Path) -> FactSet:
    loaded, problems = load_dir(make_seed(tmp_path / "seed"))
    assert problems == []
    return loaded


def with_record(facts: FactSet, record: AnyRecord) -> FactSet:
    """The set as it would be after the change (the tables copied, the original kept)."""
    view = FactSet(**{f"{kind}s": dict(facts.table(kind)) for kind in KINDS})
    view.articles = facts.articles
    view.table(record.kind)[record.id] = record
    return view


def test_every_record_of_a_valid_set_passes_on_its_own(facts: FactSet) -> None:
    assert check(facts) == []
    for record in facts.records():
        assert check_record(facts, record) == [], record.id


def changed(facts: FactSet, record_id: str, **update: object) -> AnyRecord:
    record = facts.get(record_id)
    assert record is not None
    return record.model_copy(update=update)


@pytest.mark.parametrize(
    ("record_id", "update", "field"),
    [
        ("mosque-toll-aljazeera", {"about_event": "no-such-event"}, "about_event"),
        ("islamabad-mosque-bombing", {"places": ["ttp"]}, "places[0]"),
        ("ispr", {"name": "Pakistani military"}, "name"),
        ("mosque-toll-daljoog", {"differs": ["mosque-toll-aljazeera"]}, "differs[0]"),
    ],
)
def test_a_changed_record_has_the_problems_the_whole_set_check_finds_for_it(
    facts: FactSet, record_id: str, update: dict[str, object], field: str
) -> None:
    record = changed(facts, record_id, **update)
    view = with_record(facts, record)
    mine = sorted(set(check_record(view, record)))
    assert [p.field for p in mine] == [field]
    assert mine == sorted({p for p in check(view) if p.record == record_id})


def test_a_source_sharing_another_sources_file_is_one_rule(facts: FactSet) -> None:
    [first, second, *_] = facts.sources.values()
    record = second.model_copy(update={"file": first.file})
    view = with_record(facts, record)
    [problem] = check_record(view, record)
    assert (problem.field, problem.record) == ("file", second.id)
    assert problem in check(view)


def test_a_record_others_refer_to_cannot_be_removed(facts: FactSet) -> None:
    view = FactSet(**{f"{kind}s": dict(facts.table(kind)) for kind in KINDS})
    view.articles = facts.articles
    del view.places["islamabad"]
    [problem] = check_removal(view, "place", "islamabad")
    assert problem.field == "id"
    assert "still referenced by islamabad-mosque-bombing" in problem.message
    # With the referrers given (a store's index), only current records count.
    assert check_removal(view, "place", "islamabad", referrers=["gone"]) == []


def test_a_refused_removal_names_a_few_of_many_referrers(facts: FactSet) -> None:
    view = FactSet(**{f"{kind}s": dict(facts.table(kind)) for kind in KINDS})
    users = sorted(record.id for record in view.records())[:8]
    [problem] = check_removal(view, "place", "islamabad", referrers=users)
    named = ", ".join(users[:REFERRERS_NAMED])
    assert f"still referenced by {named} and 3 more;" in problem.message


def test_the_store_refuses_a_change_with_the_validators_problems(
    facts: FactSet, tmp_path: Path
) -> None:
    record = changed(facts, "ispr", name="Pakistani military")
    expected = check_record(with_record(facts, record), record)
    with (
        Store.open(tmp_path / "s.sqlite3", seed_dir=tmp_path / "seed") as store,
        pytest.raises(InvalidChange) as caught,
    ):
        store.edit("ispr", {"name": "Pakistani military"}, by=Editor("alice"), reason="")
    assert caught.value.problems == expected
