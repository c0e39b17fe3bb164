"""`field=value` tokens: YAML scalars, dotted paths, and clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from facts.edits import EditSyntaxError, apply_changes, parse_assignments, split_path


def test_values_are_yaml_scalars() -> None:
    changes = parse_assignments(
        [
            "figure.value=80",
            'statement="At least 80 killed"',
            "aliases=[{name: TTP, kind: acronym}]",
            "parent=null",
            "published=2026-02-24",
            "headline=Reported: 80 killed",
            "notes=",
            "title=No. 1 # top",
            "keywords=[a, b]",
            "summary=Yes",
            "flag=true",
        ]
    )
    assert changes == {
        "figure.value": 80,
        "statement": "At least 80 killed",
        "aliases": [{"name": "TTP", "kind": "acronym"}],
        "parent": None,
        "published": dt.date(2026, 2, 24),
        "headline": "Reported: 80 killed",  # not YAML, kept as typed
        "notes": "",
        "title": "No. 1 # top",  # not a comment
        "keywords": ["a", "b"],
        "summary": "Yes",  # YAML 1.1 would make it a boolean
        "flag": True,
    }


def test_a_value_may_contain_equals_signs() -> None:
    assert parse_assignments(["statement=a=b"]) == {"statement": "a=b"}


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("statement", "expected field=value"),
        ("=80", "empty field name"),
        ("figure..value=1", "is not a field name"),
        ("0=1", "starts with a field name"),
        ("fig ure=1", "is not a field name"),
        ("aliases=[{name: TTP", "cannot read"),
    ],
)
def test_malformed_tokens_are_refused(token: str, message: str) -> None:
    with pytest.raises(EditSyntaxError, match=message):
        parse_assignments([token])


def test_a_field_given_twice_is_refused() -> None:
    with pytest.raises(EditSyntaxError, match="given twice") as caught:
        parse_assignments(["statement=a", "statement=b"])
    assert caught.value.field == "statement"


def test_paths() -> None:
    assert split_path("quotes[0].text") == ["quotes", 0, "text"]
    assert split_path("quotes.0.text") == ["quotes", 0, "text"]
    assert split_path("figure") == ["figure"]


def test_apply_changes_sets_nested_fields_on_a_copy() -> None:
    data = {"figure": {"value": 36, "unit": "worshippers"}, "quotes": [{"text": "a"}]}
    result = apply_changes(
        data, {"figure.value": 80, "quotes[0].text": "b", "quotes[1].text": "c", "new": 1}
    )
    assert result == {
        "figure": {"value": 80, "unit": "worshippers"},
        "quotes": [{"text": "b"}, {"text": "c"}],
        "new": 1,  # created here; the model refuses unknown fields
    }
    assert data == {"figure": {"value": 36, "unit": "worshippers"}, "quotes": [{"text": "a"}]}


def test_apply_changes_creates_a_missing_mapping() -> None:
    assert apply_changes({"figure": None}, {"figure.value": 1}) == {"figure": {"value": 1}}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quotes[5].text": "x"}, "past the end"),
        ({"statement.text": "x"}, "not a mapping"),
        ({"figure[0]": "x"}, "not a list"),
    ],
)
def test_apply_changes_refuses_impossible_paths(changes: dict[str, object], message: str) -> None:
    data = {"statement": "s", "figure": {"value": 1}, "quotes": [{"text": "a"}]}
    with pytest.raises(EditSyntaxError, match=message):
        apply_changes(data, changes)
