"""facts.yamlsafe.load_if_same reads a dataset file with yaml-rs (YAML 1.2) only when that is
surely what the loader (YAML 1.1, its limits) would build: every text gives None or exactly
the loader's data, type for type (1 is not 1.0 nor True), and a plain dataset is taken."""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from facts import dataset as loader
from facts import yamlsafe
from facts.dataset import load_dir
from facts.yamlsafe import MAX_DEPTH, load_bounded, load_if_same, load_lines
from tests.baseline import Dataset


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down, keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (
            list(map(type, a)) == list(map(type, b))
            and list(a) == list(b)
            and all(same(a[key], b[key]) for key in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, datetime.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def assert_none_or_same(text: str) -> Any:
    fast = load_if_same(text)
    if fast is None:
        return None
    try:
        exact = load_bounded(text, max_chars=len(text) + 1)
    except yaml.YAMLError as exc:
        pytest.fail(f"the loader refuses {text!r} ({exc}), the fast reader gave {fast!r}")
    assert same(fast, exact), f"{text!r}: {fast!r} against the loader's {exact!r}"
    return fast


# YAML 1.1 and 1.2 read these apart, or one reader refuses them: each as a value, an item,
# a key and a line of its own.
APART_WORDS = (
    "yes Yes YES no No NO on On ON off Off OFF y n",  # YAML 1.1's bools
    "012 007 008 09 00 0o12 0O12 0x1F 0X1F 0b101 0B101 _1 1_000 -0b101 +0x1F",  # integers
    "1e3 1E3 1e+3 1.0e3 1.0e+3 0.1e5 1.e+3 -.5 +.5 .5 .inf .Inf .iNf -.inf .nan .NaN",
    "1:20 -1:20 1:20.5 190:20:30 10:30 1:70",  # YAML 1.1's base 60
    "2026-02-27 2026-2-7 2026-02-30 2026-13-01 0000-01-01 2026-02-27T10:00:00Z",
    "<< = ~ null Null NULL nULL true True TRUE tRue false FALSE inf nan",
)
APART = [
    *(word for words in APART_WORDS for word in words.split()),
    "2026-02-27 10:00:00",
    "2026-2-7T1:00:00",
    *[
        "<<",
        "=",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "true",
        "True",
        "TRUE",
        "tRue",
        "false",
        "FALSE",
        "inf",
        "nan",
    ],
    "9" * 19,
    "9" * 5000,  # the loader refuses it (too long to read)
    "!foo bar",
    "!!str 12",
    "&x 1",
    "*x",
    "'2026-02-27'",
    '"2026-02-27"',
    "'012'",
    "'yes'",
    "12 people",
    "10:30 local time",
]
TEMPLATES = ["a: {}\n", "- {}\n", "{}: 1\n", "a:\n  {}\n", "- a: x\n  b: {}\n"]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("value", APART)
def test_a_scalar_read_apart_is_left_to_the_loader(template: str, value: str) -> None:
    assert_none_or_same(template.format(value))


STRUCTURES = [
    "",
    "# only a comment\n",
    "---\n- a\n...\n",
    "a: 1\n---\nb: 2\n",  # two documents: the loader refuses, yaml-rs gives a list
    "a: 1\na: 2\n",  # a duplicate key: the loader keeps the last, yaml-rs refuses
    "a: b: c\n",
    "? [a]\n: 1\n",
    ": 1\n",
    "~: 1\n",
    "1: one\n",
    "[a, b]\n",
    "{a: 1, b: [x, y]}\n",
    "[?x]\n",
    "[s7:]\n",
    "- >\n",
    "a: |\n",
    "a: |\n  line\n  two\n",
    "a: >-\n  folded\n  text\n\n  more\n",
    "a: 'it''s'\n",
    'a: "\\u00e9\\t\\x41 \\/"\n',
    "a: 'one\n  two\n\n  three'\n",
    'a: "one\\\n  two"\n',
    "a: plain\n  folded\n\n  text\n",
    "a: 2026-02-27\n  10:00:00 Z\n",
    "a: b\tc\n",
    "a:\tb\n",
    "\ufeffa: b\n",
    "a: b\x85c\n",
    "a: b\u2028c\n",
    "a: b\x01c\n",
    'a: "b\x07"\n',
    "a: b\rc: d\n",
    "a: b\r\nc: d\r\n",
    "%YAML 1.1\n---\na: 1\n",
    "k" * 1100 + ": 1\n",
    "a: &x 1\nb: *x\n",
    "a: &x 1\n",
    "a: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n"
        for i in range(8)
    ),
    "[" * 100_000 + "]" * 100_000,
    "{a: " * 1000 + "1" + "}" * 1000,
    "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 2)),
    "".join("  " * i + "-\n" for i in range(2000)),
    "".join("  " * i + "- \n" for i in range(MAX_DEPTH - 1)) + "  " * (MAX_DEPTH - 1) + "- x\n",
]


@pytest.mark.parametrize("text", STRUCTURES)
def test_a_structure_read_apart_is_left_to_the_loader(text: str) -> None:
    assert_none_or_same(text)


RECORDS = """\
- id: drone-strike-fizwala-dec-21
  headline: Drone strike on a hideout in Fizwala
  summary: Drone strike on a hideout in Fizwala, according to the dispatches
    below.
  date:
    start: '2025-12-21'
    precision: day
    phrase: on 21 December
  figure:
    value: 77
    low: -2.5
    exact: true
    note: null
    empty:
  statement: '77 policemen killed: a strike in Fizwala in dispatch
    48001.'
  keywords:
  - death toll
  - 12 people
  - "Kabul \\"said\\""
  quotes: []
# a comment
- id: second
  text: "one
    two"
"""


def test_a_dataset_of_plain_data_is_read_fast_and_the_same() -> None:
    data = assert_none_or_same(RECORDS)
    assert data is not None
    assert data[0]["figure"] == {
        "value": 77,
        "low": -2.5,
        "exact": True,
        "note": None,
        "empty": None,
    }
    assert data[0]["date"]["start"] == "2025-12-21"  # quoted: text, as the loader reads it


def test_nesting_past_the_limit_is_the_loaders_refusal() -> None:
    deep = "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 2))
    assert load_if_same(deep) is None
    # A record's nesting, a few levels, is read fast; one that may nest near the limit is
    # left to the loader, which reads it within the limit.
    assert load_if_same("- a:\n    - b:\n        - c: [ ]\n") is not None
    within = (
        "".join("  " * i + "- \n" for i in range(MAX_DEPTH - 1)) + "  " * (MAX_DEPTH - 1) + "- x\n"
    )
    assert load_if_same(within) is None
    assert load_lines(within)[0] is not None


def test_thousands_of_levels_on_one_line_never_reach_yaml_rs(dataset: Dataset) -> None:
    """yaml-rs reads a whole text before its depth can be measured, and 14,000 levels of
    `- - - ...` overflow its stack: the process died (a 40 kB file). The loader refuses it,
    in one line, as before the fast reader."""
    deep = "- " * 20_000 + "x\n"
    assert load_if_same(deep) is None
    places = dataset.path("places.yaml").read_text(encoding="utf-8")
    dataset.write_text("places.yaml", places + deep)
    problems = [str(p) for p in load_dir(dataset.root)[1]]
    assert len(problems) == 1
    assert "nested deeper than" in problems[0]


def test_a_surrogate_escape_is_the_loaders_refusal() -> None:
    # The loader refuses the pair; yaml-rs joins it into one character.
    text = 'a: "\\ud83d\\ude00"\n'
    assert load_if_same(text) is None
    with pytest.raises(yaml.YAMLError):
        load_lines(text)
    assert load_if_same('a: "\\u00e9"\n') == {"a": "\u00e9"}  # any other escape: the same


def test_non_text_keys_are_the_loaders() -> None:
    assert load_if_same("- a: 1\n  2: b\n") is None
    assert load_if_same("- a: 1\n  null: b\n") is None


SCALARS = st.sampled_from(
    [
        *APART,
        "plain",
        "two words",
        "x: y",
        "it's",
        "'quoted'",
        '"dq \\t"',
        "",
        "-",
        "- x",
        "#c",
        "a #c",
        "77",
        "-2.5",
        "0",
        "1.",
        "12:30",
        "2025-12-21",
        "true",
        "|",
        ">",
        "[x]",
        "{a: b}",
        "?",
        ":",
        ": x",
        "...",
        "---",
        "%x",
        "@x",
        "`x",
        "é",
        "\t",
        "\\",
    ]
)
LINE = st.tuples(
    st.integers(0, 6), st.sampled_from(["", "- ", "a: ", "b: ", "- c: ", "? "]), SCALARS
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=8))
def test_any_text_gives_none_or_the_loaders_data(lines: list[tuple[int, str, str]]) -> None:
    assert_none_or_same(
        "".join(" " * indent + lead + scalar + "\n" for indent, lead, scalar in lines)
    )


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("-:?# 'ab01.e\n\t\"\\[]{},&*!|>~y"), max_size=40))
def test_any_characters_give_none_or_the_loaders_data(text: str) -> None:
    assert_none_or_same(text)


def test_a_dataset_file_is_read_fast_and_its_lines_only_for_a_problem(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 10**12)  # all in this process, to see
    read: list[str] = []  # the texts the loader read

    def noting(text: str, **limits: Any) -> tuple[Any, list[int]]:
        read.append(text)
        return load_lines(text, **limits)

    monkeypatch.setattr(yamlsafe, "load_lines", noting)
    places = "- id: pakistan\n  name: Pakistan\n  place_kind: country\n"
    dataset.write_text("places.yaml", places + "- id: nowhere\n  name: Nowhere\n")
    _, problems = load_dir(dataset.root)
    assert [str(p) for p in problems] == ["places.yaml:4: nowhere: place_kind: Field required"]
    assert read.count(dataset.path("places.yaml").read_text(encoding="utf-8")) == 1  # the line
    dataset.write_text("places.yaml", places)
    read.clear()
    assert load_dir(dataset.root)[1] == []
    assert places not in read  # read fast, and no line needed


def test_a_file_changed_before_its_lines_are_read_gives_no_line_not_a_traceback(
    dataset: Dataset,
) -> None:
    path = dataset.path("places.yaml")
    path.write_text("- id: nowhere\n  name: Nowhere\n", encoding="utf-8")
    lines = loader._ItemLines(path, None)
    path.write_text("- a: [\n", encoding="utf-8")  # broken meanwhile
    assert lines[0] == 0
