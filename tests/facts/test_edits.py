"""The syntax of a change: `field=value` tokens (YAML scalars, dotted paths, clear errors),
what moderators and operators type around them, and the YAML of forms."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from facts.edits import (
    EditSyntaxError,
    apply_changes,
    changes_between,
    parse_assignments,
    read_input,
    read_reason,
    read_yaml,
    record_yaml,
    split_path,
    split_tokens,
    template,
)
from facts.models import Claim
from tests.baseline import claim_data


def test_a_date_that_cannot_be_stays_the_text_typed() -> None:
    # Bare, quoted or in a collection, it is the text typed (the model then says the date
    # is out of range), never a ValueError.
    assert parse_assignments(["published=2026-02-30"]) == {"published": "2026-02-30"}
    assert parse_assignments(['published="2026-02-30"']) == {"published": "2026-02-30"}
    assert parse_assignments(["dates=[2026-02-30]"]) == {"dates": ["2026-02-30"]}


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


# --- what moderators and operators type ---------------------------------------------------


def test_tokens_keep_quoted_text_and_flow_collections_together() -> None:
    tokens = split_tokens(
        'figure.value=32 statement="At least 32 killed, officials said" '
        "aliases=[{name: TTP, kind: acronym}] title=“Curly quoted” note=Pakistan's"
    )
    assert tokens == [
        "figure.value=32",
        'statement="At least 32 killed, officials said"',
        "aliases=[{name: TTP, kind: acronym}]",
        'title="Curly quoted"',
        "note=Pakistan's",  # an apostrophe is text, not a quote
    ]


def test_input_reads_values_base_and_reason() -> None:
    given = read_input('figure.value=32 statement="80" base=41 reason="typo, see @desk"')
    assert given.changes == {"figure.value": 32, "statement": "80"}  # quoted stays text
    assert given.base == 41
    assert given.reason == "typo, see @desk"
    assert read_input('statement="say \\"no\\""').changes == {"statement": 'say "no"'}


def test_input_reads_a_yaml_block_and_a_pasted_article() -> None:
    given = read_input("reason=x\n```yaml\nid: a\npublished: 2026-02-09\n```")
    assert given.record == {"id": "a", "published": "2026-02-09"}
    assert given.reason == "x"
    pasted = read_input("id=dawn publisher=Dawn\nFirst line.\nSecond line.", article=True)
    assert pasted.changes == {"id": "dawn", "publisher": "Dawn"}
    assert pasted.text == "First line.\nSecond line."


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ('statement="no end', "statement"),
        ("just-words", "just-words"),
        ("figure.value=1 figure.value=2", "figure.value"),
        ("base=-3", "base"),
    ],
)
def test_input_refuses_what_it_cannot_read(typed: str, field: str) -> None:
    with pytest.raises(EditSyntaxError) as caught:
        read_input(typed)
    assert caught.value.field == field


def test_changes_from_a_form_only_touch_what_differs() -> None:
    current = {"id": "c", "statement": "old", "keywords": ["a"], "figure": {"value": 1}}
    new = {"id": "c", "statement": "new", "figure": {"value": 1}}
    assert changes_between("claim", current, new) == {"statement": "new", "keywords": []}
    assert changes_between("claim", current, {**current, "kind": "claim"}) == {}


def test_an_add_template_lists_required_fields_and_names_the_rest() -> None:
    data = yaml.safe_load(template("event"))
    assert set(data) == {"id", "headline", "summary", "date", "event_type", "quotes"}
    assert set(data["date"]) == {"precision", "phrase", "derivation"}
    assert set(data["quotes"][0]) == {"source", "text"}
    assert "# optional: " in template("event")
    assert "places" in template("event").splitlines()[-1]


def test_shell_words_are_tokens_already() -> None:
    """The command line's words, split by the shell, read as the same line typed on Discord."""
    typed = read_input('figure.value=32 statement="At least 32 killed" base=41 reason="typo"')
    words = read_input(
        ["figure.value=32", "statement=At least 32 killed", "base=41", "reason=typo"]
    )
    assert words == typed


@pytest.mark.parametrize(
    "words",
    [
        "duplicate of mosque-toll",
        'reason="duplicate of mosque-toll"',
        ["duplicate", "of", "mosque-toll"],
        ["reason=duplicate of mosque-toll"],
    ],
)
def test_a_reason_in_plain_words_or_as_reason(words: str | list[str]) -> None:
    assert read_reason(words) == "duplicate of mosque-toll"


def test_a_reason_refuses_other_fields() -> None:
    with pytest.raises(EditSyntaxError, match="only a reason") as caught:
        read_reason("reason=x statement=y")
    assert caught.value.field == "statement"


def test_a_flow_collection_split_by_the_shell_is_put_back_together() -> None:
    words = read_input(["keywords=[toll,", "mosque]", "aliases=[{name:", "TTP}]", "x=1"])
    assert words.changes == {"keywords": ["toll", "mosque"], "aliases": [{"name": "TTP"}], "x": 1}
    with pytest.raises(EditSyntaxError, match="cannot read"):
        read_input(["keywords=[toll,", "mosque"])


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        ({"value": 31}, "value: 31\n"),
        ({"value": 2.5}, "value: 2.5\n"),
        ({"low": 30, "high": 40.5}, "low: 30\n"),
    ],
)
def test_a_whole_figure_reads_as_written_and_loads_back_the_same(
    figure: dict[str, object], shown: str
) -> None:
    """`value: 31`, not `31.0`; a fraction stays one; dump then load gives an equal model."""
    claim = Claim.model_validate(
        {
            **claim_data(),
            "kind": "claim",
            "figure": {"measure": "killed", "unit": "people", **figure},
        }
    )
    text = record_yaml(claim)
    assert shown in text
    assert ".0\n" not in text
    assert Claim.model_validate({**read_yaml(text), "kind": "claim"}) == claim
    # A revision stored before whole numbers were dumped so reads the same way.
    assert record_yaml({"figure": {"value": 31.0, "low": 0.5}}) == (
        "figure:\n  value: 31\n  low: 0.5\n"
    )
