"""facts.yamlsafe builds plain data straight from the parser's events: it must read every
YAML the way the safe loader does (falling back to it for anything beyond plain data), and
say where each record starts."""

from __future__ import annotations

import pytest
import yaml

from facts.yamlsafe import YamlLimitError, load_bounded, load_lines

SAMPLES = [
    "",
    "# only a comment\n",
    "---\n...\n",
    "plain",
    "- 1\n- -2.5\n- 0x1f\n- .inf\n- yes\n- No\n- ~\n- null\n- ''\n- '36'\n",
    "- 2026-02-24\n- 2026-02-24 10:30:00Z\n- '2026-02-24'\n",
    "a: {b: [1, {c: d}], e: []}\nf: |\n  two\n  lines\n",
    "dup: 1\ndup: 2\n",
    "? complex\n: key\n",
    "~: a null key\n1: an int key\n",
    # beyond plain data: the loader's own way
    "a: !!str 36\n",
    "<<: {a: 1}\nb: 2\n",
    "- !!set {a, b}\n",
    "- !!binary aGVsbG8=\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_reads_as_the_safe_loader_does(text: str) -> None:
    assert load_bounded(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["[a]: b\n", "- !python/object:os.system x\n", "a\n---\nb\n"])
def test_refuses_as_the_safe_loader_does(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):
        load_bounded(text)


def test_the_line_of_each_record() -> None:
    text = "- id: a\n  name: A\n\n- id: b\n- plain\n- [x]\n"
    data, lines = load_lines(text)
    assert data == [{"id": "a", "name": "A"}, {"id": "b"}, "plain", ["x"]]
    assert lines == [1, 4, 5, 6]


def test_lines_when_the_loader_builds_it() -> None:
    data, lines = load_lines("- a: !!str 1\n- b: 2\n")
    assert data == [{"a": "1"}, {"b": 2}]
    assert lines == [1, 2]


@pytest.mark.parametrize("text", ["- &a x\n- *a\n", "a: !!str &x 1\n", "[" * 40 + "]" * 40])
def test_limits_hold_on_both_ways(text: str) -> None:
    with pytest.raises(YamlLimitError):
        load_bounded(text)


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n- published: 2026-02-30\n",  # plain data, built in one pass
        "- <<: {a: 1}\n  published: 2026-02-30\n",  # the loader's own way
    ],
)
def test_a_date_that_cannot_be_stays_text_on_both_ways(text: str) -> None:
    """YAML reads `2026-02-30` as a date and the date constructor raises ValueError: it is
    left as the text typed (the model then says which field of which record is wrong),
    never a traceback."""
    data = load_bounded(text)
    assert data[-1]["published"] == "2026-02-30"


def test_a_number_too_long_to_read_is_one_plain_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load_bounded("a: " + "9" * 5000)
    problem = str(getattr(caught.value, "problem", ""))
    assert problem == "a number of 5,000 digits is too long to read"
    assert caught.value.problem_mark.line == 0  # type: ignore[attr-defined]
