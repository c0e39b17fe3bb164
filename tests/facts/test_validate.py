"""The loader (file, line, record and field in every problem; never stops at the first error)
and the cross-record checks, each on a copy of the example data with one thing broken."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest

from facts.dataset import DATA_DIR, Problem, load_dir
from facts.models import Quote
from facts.text import normalise_quote, numbers_in
from facts.validate import quote_problem, validate_dir

ALJAZEERA = "aljazeera-2026-02-24"


def add_source(dataset, source_id: str, article: str, **fields) -> None:
    """A new source with a small article of our own."""
    dataset.article(f"{source_id}.txt", article)
    dataset.add(
        "sources.yaml", {"id": source_id, "file": f"{source_id}.txt", "notes": "test", **fields}
    )


def add_claim(dataset, claim_id: str, quote: dict, **fields) -> None:
    claim = {
        "id": claim_id,
        "about_actors": ["ttp"],
        "statement": "Something was said.",
        "attribution": "reported by the article",
        "quote": quote,
        **fields,
    }
    dataset.add("claims.yaml", claim)


def set_quote(dataset, file: str, record_id: str, index: int, **quote) -> None:
    """Replace one quote of an actor or event."""
    quotes = dataset.get(file, record_id)["quotes"]
    quotes[index] = quote
    dataset.change(file, record_id, quotes=quotes)


# --- the baseline ----------------------------------------------------------------------------


def test_baseline_copy_is_valid(dataset):
    facts, problems = validate_dir(dataset.root)
    assert problems == []
    assert facts.summary() == "5 sources, 3 actors, 2 places, 1 events, 2 claims"
    assert set(facts.articles) == set(facts.sources)


def test_bundled_data_is_valid():
    facts, problems = validate_dir(DATA_DIR)
    assert [str(p) for p in problems] == []
    for record_id in ("ttp", "ispr", "pakistan-military", "islamabad"):
        assert facts.get(record_id) is not None
    assert "islamabad-mosque-bombing" in facts.events
    assert {"mosque-toll-aljazeera", "mosque-toll-daljoog"} <= set(facts.claims)


def test_problem_prints_file_record_field_message():
    problem = Problem("events.yaml:12", "some-event", "quotes[0].text", "is wrong")
    assert str(problem) == "events.yaml:12: some-event: quotes[0].text: is wrong"


# --- the loader ------------------------------------------------------------------------------


def test_yaml_syntax_error_names_the_file_and_line(dataset):
    dataset.write_text("events.yaml", "- id: broken\n  headline: [unclosed\n")
    _, problems = load_dir(dataset.root)
    [problem] = [str(p) for p in problems]
    # The parser's own words differ between libyaml and pure-Python PyYAML; where is ours.
    assert problem.startswith("events.yaml:3: -: -: not valid YAML: ")
    assert "flow sequence from line 2" in problem


def test_yaml_error_is_one_line(dataset):
    dataset.write_text("claims.yaml", "- id: a\n  statement: x: y\n")
    [problem] = dataset.problems()
    assert problem.startswith("claims.yaml:2: -: -: not valid YAML: mapping values are not allowed")
    assert "\n" not in problem


def test_file_that_is_not_a_list(dataset):
    dataset.write_text("places.yaml", "id: islamabad\nname: Islamabad\n")
    _, problems = load_dir(dataset.root)
    assert [str(p) for p in problems] == ["places.yaml: -: -: expected a list of records"]


def test_missing_file(dataset):
    dataset.path("claims.yaml").unlink()
    assert dataset.problems() == ["claims.yaml: -: -: file is missing"]


def test_empty_file_is_an_empty_list(dataset):
    dataset.write_text("claims.yaml", "# nothing yet\n")
    facts, problems = validate_dir(dataset.root)
    assert problems == []
    assert facts.claims == {}


def test_item_that_is_not_a_mapping(dataset):
    dataset.write_text("claims.yaml", "- just a string\n")
    assert dataset.problems() == ["claims.yaml: #1: -: expected a mapping"]


def test_record_of_another_kind(dataset):
    dataset.add("claims.yaml", {"id": "odd", "kind": "actor"})
    assert dataset.problems() == ["claims.yaml: odd: kind: an actor in claims.yaml"]


EVENTS_WITH_TWO_BROKEN_RECORDS = """\
# two broken events and a good one
- id: empty-quote
  headline: A
  summary: A
  date: {start: 2026-02-06, precision: day, phrase: On February 6, derivation: stated}
  event_type: battles
  quotes:
    - source: aljazeera-2026-02-24
      text: ""

- id: no-start
  headline: B
  summary: B
  date: {precision: day, phrase: On Friday, derivation: stated}
  event_type: battles
  quotes:
    - source: aljazeera-2026-02-24
      text: killing at least 36 worshippers

- id: bad-day
  headline: C
  summary: C
  date: {start: 2026-02-30, precision: day, phrase: On February 30, derivation: stated}
  event_type: battles
  quotes:
    - source: aljazeera-2026-02-24
      text: killing at least 36 worshippers and wounding 170 others
"""


def test_record_errors_name_file_line_record_and_field(dataset):
    dataset.write_text("events.yaml", EVENTS_WITH_TWO_BROKEN_RECORDS)
    facts, problems = load_dir(dataset.root)
    by_record = {p.record: p for p in problems}
    assert set(by_record) == {"empty-quote", "no-start", "bad-day"}

    empty = by_record["empty-quote"]
    assert (empty.file, empty.field) == ("events.yaml:2", "quotes[0].text")
    assert "at least 1 character" in empty.message

    no_start = by_record["no-start"]
    assert str(no_start) == "events.yaml:11: no-start: date: precision 'day' needs a start date"

    # A date-shaped scalar that is no date is reported on its record, not as a failed load.
    bad_day = by_record["bad-day"]
    assert (bad_day.file, bad_day.field) == ("events.yaml:20", "date.start")
    assert facts.events == {}


def test_loading_continues_past_broken_records(dataset):
    records = dataset.records("claims.yaml")
    records[0]["figure"]["value"] = "many"
    records[1]["surprise"] = 1
    dataset.write("claims.yaml", [*records, {"id": "no-fields"}])
    facts, problems = load_dir(dataset.root)
    fields = {(p.record, p.field) for p in problems}
    assert ("mosque-toll-aljazeera", "figure.value") in fields
    assert ("mosque-toll-daljoog", "surprise") in fields
    assert ("no-fields", "statement") in fields
    assert all(p.file.startswith("claims.yaml:") for p in problems)
    # the other files still loaded
    assert set(facts.actors) == {"ttp", "pakistan-military", "ispr"}
    assert "islamabad-mosque-bombing" in facts.events


def test_record_without_id_is_named_by_position_and_line(dataset):
    dataset.write_text(
        "places.yaml",
        "- id: pakistan\n  name: Pakistan\n  place_kind: country\n"
        "- name: Nowhere\n  place_kind: city\n",
    )
    _, problems = load_dir(dataset.root)
    assert [str(p) for p in problems] == ["places.yaml:4: #2 (line 4): id: Field required"]


def test_duplicate_id_within_a_file(dataset):
    dataset.add("places.yaml", {"id": "islamabad", "name": "Islamabad too", "place_kind": "city"})
    line = dataset.line_of("places.yaml", "islamabad", occurrence=2)
    facts, problems = validate_dir(dataset.root)
    assert [str(p) for p in problems] == [
        f"places.yaml:{line}: islamabad: id: duplicate id (also in places.yaml)"
    ]
    assert facts.places["islamabad"].name == "Islamabad"  # the first one stays


def test_duplicate_id_across_files(dataset):
    dataset.add("places.yaml", {"id": "ispr", "name": "Somewhere", "place_kind": "site"})
    line = dataset.line_of("places.yaml", "ispr")
    facts, problems = validate_dir(dataset.root)
    assert [str(p) for p in problems] == [
        f"places.yaml:{line}: ispr: id: duplicate id (also in actors.yaml)"
    ]
    assert facts.get("ispr").kind == "actor"
    assert "ispr" not in facts.places


# --- references ------------------------------------------------------------------------------


def test_dangling_claimant(dataset):
    dataset.change(
        "claims.yaml", "mosque-toll-aljazeera", claimant="nobody", attribution="paraphrase"
    )
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-aljazeera: claimant: unknown actor id 'nobody'"
    ]


def test_dangling_event_actor(dataset):
    dataset.change(
        "events.yaml",
        "islamabad-mosque-bombing",
        actors=[{"actor": "ttp", "role": "attacker"}, {"actor": "nobody", "role": "target"}],
    )
    assert dataset.problems() == [
        "events.yaml: islamabad-mosque-bombing: actors[1].actor: unknown actor id 'nobody'"
    ]


def test_dangling_quote_source(dataset):
    set_quote(dataset, "actors.yaml", "ispr", 0, source="no-such-article", text="ISPR")
    assert dataset.problems() == [
        "actors.yaml: ispr: quotes[0].source: unknown source id 'no-such-article'"
    ]


def test_reference_to_the_wrong_kind(dataset):
    dataset.change(
        "claims.yaml", "mosque-toll-daljoog", claimant="islamabad", attribution="paraphrase"
    )
    [problem] = dataset.problems()
    assert problem.startswith("claims.yaml: mosque-toll-daljoog: claimant: 'islamabad' is a place")


def test_event_place_pointing_at_an_actor(dataset):
    dataset.change("events.yaml", "islamabad-mosque-bombing", places=["islamabad", "ttp"])
    [problem] = dataset.problems()
    assert problem.startswith("events.yaml: islamabad-mosque-bombing: places[1]: 'ttp' is an actor")


def test_record_referring_to_itself(dataset):
    dataset.change("actors.yaml", "ispr", parent="ispr")
    assert dataset.problems() == ["actors.yaml: ispr: parent: a record cannot refer to itself"]


# --- quotes ----------------------------------------------------------------------------------


def test_quote_not_in_the_article(dataset):
    set_quote(dataset, "actors.yaml", "ttp", 1, source="daljoog-strikes", text="TTP fighters")
    assert dataset.problems() == [
        "actors.yaml: ttp: quotes[1].text: quote not found verbatim in the article: 'TTP fighters'"
    ]


def test_claim_quote_from_the_wrong_article(dataset):
    record = dataset.get("claims.yaml", "mosque-toll-daljoog")
    dataset.change(
        "claims.yaml", "mosque-toll-daljoog", quote={**record["quote"], "source": ALJAZEERA}
    )
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-daljoog: quote.text: quote not found verbatim in the article: "
        "'killed at least 31 worshippers'"
    ]


REPEATING = "The army said five died. Later the army said five died again, and nobody else did."


def test_quote_occurring_twice_needs_a_prefix_or_suffix(dataset):
    add_source(dataset, "tiny", REPEATING)
    add_claim(dataset, "twice", {"source": "tiny", "text": "army said five died"})
    assert dataset.problems() == [
        "claims.yaml: twice: quote.text: quote occurs 2 times in the article; "
        "add a prefix or suffix to pin it down"
    ]


@pytest.mark.parametrize(
    "pin",
    [
        {"prefix": "Later the"},
        {"suffix": "again"},
        {"prefix": "The", "suffix": "."},
        {"prefix": "Later the", "suffix": "again, and"},
    ],
)
def test_quote_pinned_by_prefix_or_suffix_passes(dataset, pin):
    add_source(dataset, "tiny", REPEATING)
    add_claim(dataset, "pinned", {"source": "tiny", "text": "army said five died", **pin})
    assert dataset.problems() == []


def test_prefix_that_is_not_around_the_quote(dataset):
    add_source(dataset, "tiny", REPEATING)
    add_claim(dataset, "misplaced", {"source": "tiny", "text": "said five", "prefix": "nobody"})
    assert dataset.problems() == [
        "claims.yaml: misplaced: quote.text: prefix/suffix do not occur around the quote "
        "in the article"
    ]


def test_prefix_that_does_not_pin_the_quote_down(dataset):
    add_source(dataset, "tiny", REPEATING)
    add_claim(dataset, "loose", {"source": "tiny", "text": "said five died", "prefix": "army"})
    assert dataset.problems() == [
        "claims.yaml: loose: quote.text: quote with its prefix/suffix still occurs more than "
        "once; lengthen them"
    ]


def test_prefix_glued_to_the_quote(dataset):
    add_source(dataset, "tiny", "It was an “open war”, he said. Nobody wanted open war.")
    add_claim(dataset, "glued", {"source": "tiny", "text": "open war", "prefix": "an “"})
    assert dataset.problems() == []


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # straight apostrophe in the YAML, curly one in the article
        ("jamal-open-war", "announced Islamabad's decision to wage war"),
        # straight double quotes for the article's curly ones
        ("jamal-open-war", 'a declared "open war" following retaliatory Taliban attacks'),
        # a hyphen for the article's en dash, and an em dash for it
        (ALJAZEERA, "date 2026-02-24 Islamabad, Pakistan - In the weeks before"),
        (ALJAZEERA, "Islamabad, Pakistan — In the weeks before"),
        # a hyphen for the article's em dash
        (ALJAZEERA, "Taliban-ruled Afghanistan - an emerging partnership"),
        # newlines, indentation and runs of spaces
        (ALJAZEERA, "killing at least 36\n    worshippers   and\twounding 170 others"),
        (ALJAZEERA, "  On February 6,  a suicide bomber  "),
    ],
)
def test_quote_normalisation(dataset, source, text):
    set_quote(dataset, "actors.yaml", "pakistan-military", 0, source=source, text=text)
    assert dataset.problems() == []


def test_curly_quotes_in_the_yaml_match_straight_ones_in_the_article(dataset):
    add_source(dataset, "plain", 'He said it\'s an "open war" -- twice.\nThen he left.')
    add_claim(dataset, "curly", {"source": "plain", "text": "it’s an “open war” -- twice. Then"})
    assert dataset.problems() == []


def test_normalisation_keeps_case_and_words():
    assert normalise_quote("  “Open” war’s  —\nend ") == '"Open" war\'s - end'
    article = "The Army said it."
    assert quote_problem(Quote(source="s", text="the army said"), article) is not None
    assert quote_problem(Quote(source="s", text="The Army said"), article) is None


def test_normalisation_folds_every_kind_of_whitespace_to_one_space():
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert len(spaces) > 20  # tabs, newlines, no-break and ideographic spaces, separators...
    for space in spaces:
        assert normalise_quote(f"{space}a{space}{space}b{space}") == "a b"
    assert normalise_quote("\u00a0killed\u2003 at  least\n31\u3000") == "killed at least 31"


def test_quote_dash_and_hyphen_do_not_match_letters(dataset):
    set_quote(dataset, "actors.yaml", "pakistan-military", 0, source=ALJAZEERA, text="Pakistan, In")
    [problem] = dataset.problems()
    assert "quote not found verbatim" in problem


# --- figures: the quote's own numbers ---------------------------------------------------------


def test_a_figure_the_quote_does_not_state(dataset):
    figure = {**dataset.get("claims.yaml", "mosque-toll-aljazeera")["figure"], "value": 40}
    dataset.change("claims.yaml", "mosque-toll-aljazeera", figure=figure)
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-aljazeera: figure.value: 40 is not a number the quote states; "
        "quote the words that give it"
    ]


def test_each_end_of_a_figure_range_is_held_to_the_quote(dataset):
    figure = {"measure": "killed", "unit": "worshippers", "low": 36, "high": 40}
    dataset.change("claims.yaml", "mosque-toll-aljazeera", figure=figure)
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-aljazeera: figure.high: 40 is not a number the quote states; "
        "quote the words that give it"
    ]


def test_another_number_the_same_quote_states_passes(dataset):
    # "killing at least 36 worshippers and wounding 170 others": 170 is the wounded count.
    figure = {"measure": "wounded", "unit": "worshippers", "value": 170}
    statement = "The bombing wounded 170 others."
    dataset.change("claims.yaml", "mosque-toll-aljazeera", figure=figure, statement=statement)
    assert dataset.problems() == []


POSTS = {"source": "azernews-ghazab", "text": "Seventy-three border posts were destroyed"}


def test_a_figure_the_quote_states_in_words_passes(dataset):
    figure = {"measure": "destroyed", "unit": "border posts", "value": 73}
    statement = "Seventy-three border posts were destroyed."
    add_claim(dataset, "posts-destroyed", POSTS, figure=figure, statement=statement)
    assert dataset.problems() == []


def test_a_figure_beside_the_words_of_the_quote_is_refused(dataset):
    figure = {"measure": "destroyed", "unit": "border posts", "value": 74}
    add_claim(dataset, "posts-destroyed", POSTS, figure=figure)
    assert dataset.problems() == [
        "claims.yaml: posts-destroyed: figure.value: 74 is not a number the quote states; "
        "quote the words that give it"
    ]


# --- figures: the statement says the figure's numbers -------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "The bombing killed worshippers.",
        # A figure corrected from 31 to 36 beside a statement still giving the old toll.
        "The bombing killed at least 31 worshippers.",
    ],
)
def test_a_statement_that_does_not_give_its_figure(dataset, statement):
    dataset.change("claims.yaml", "mosque-toll-aljazeera", statement=statement)
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-aljazeera: statement: does not give the figure's 36; "
        "say it as the quote does"
    ]


def test_a_statement_giving_the_figure_in_words_passes(dataset):
    statement = "The bombing killed at least thirty-six worshippers."
    dataset.change("claims.yaml", "mosque-toll-aljazeera", statement=statement)
    assert dataset.problems() == []


def test_each_end_of_a_figure_range_is_held_to_the_statement(dataset):
    add_source(dataset, "wire-range", "Officials said between 30 and 40 people were killed.\n")
    quote = {"source": "wire-range", "text": "between 30 and 40 people were killed"}
    figure = {"measure": "killed", "unit": "people", "low": 30, "high": 40}
    add_claim(dataset, "range-toll", quote, figure=figure, statement="At least 30 were killed.")
    assert dataset.problems() == [
        "claims.yaml: range-toll: statement: does not give the figure's 40; "
        "say it as the quote does"
    ]
    dataset.change("claims.yaml", "range-toll", statement="Between thirty and 40 were killed.")
    assert dataset.problems() == []


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("killing at least 36 worshippers and wounding 170 others", {36, 170}),
        ("1,034 people were displaced", {1034}),
        ("22+ soldiers", {22}),
        ("a stretch of 2.5 km", {1, 2.5}),  # "a stretch": one stretch
        ("Seventy-three border posts were destroyed and eighteen captured", {73, 18}),
        ("twelve soldiers", {12}),
        ("forty-two posts", {42}),
        ("a dozen drones", {1, 12}),
        ("one of the most serious exchanges", {1}),
        ("the strikes hit religious schools", set()),
    ],
)
def test_numbers_in_reads_digits_and_words(text, numbers):
    assert numbers_in(text) == {float(n) for n in numbers}


def test_source_evidence_not_in_the_article(dataset):
    evidence = [*dataset.get("sources.yaml", ALJAZEERA)["evidence"], "Reuters reported"]
    dataset.change("sources.yaml", ALJAZEERA, evidence=evidence)
    assert dataset.problems() == [
        f"sources.yaml: {ALJAZEERA}: evidence[3]: not found verbatim in the article: "
        "'Reuters reported'"
    ]


def test_source_whose_article_is_missing(dataset):
    dataset.change("sources.yaml", "daljoog-strikes", file="missing.txt")
    # The quotes of that source are not checked against a text that is not there.
    assert dataset.problems() == [
        "sources.yaml: daljoog-strikes: file: article articles/missing.txt not found"
    ]


# --- names and aliases -----------------------------------------------------------------------


def add_alias(dataset, file: str, record_id: str, name: str, kind: str) -> int:
    """Append an alias (marked as a readers' name: these tests are about collisions, not
    about whether the articles use it); returns its index."""
    aliases = dataset.get(file, record_id).get("aliases", [])
    alias = {"name": name, "kind": kind, "in_articles": False}
    dataset.change(file, record_id, aliases=[*aliases, alias])
    return len(aliases)


@pytest.mark.parametrize("name", ["TTP", "t.t.p.", "Pakistan  Taliban"])
def test_alias_colliding_across_two_actors(dataset, name):
    index = add_alias(dataset, "actors.yaml", "pakistan-military", name, "acronym")
    assert dataset.problems() == [
        f"actors.yaml: pakistan-military: aliases[{index}].name: {name!r} already names 'ttp'; "
        "make one of them a weak alias"
    ]


def test_weak_alias_may_be_shared(dataset):
    add_alias(dataset, "actors.yaml", "pakistan-military", "TTP", "weak")
    add_alias(dataset, "actors.yaml", "ispr", "Taliban", "weak")
    assert dataset.problems() == []


def test_actor_name_colliding_with_a_place_name(dataset):
    dataset.change("actors.yaml", "ispr", name="Islamabad")
    assert dataset.problems() == [
        "places.yaml: islamabad: name: 'Islamabad' already names 'ispr'; "
        "make one of them a weak alias"
    ]


def test_alias_listed_twice_on_one_record(dataset):
    index = add_alias(dataset, "actors.yaml", "ispr", "ispr", "spelling")
    assert dataset.problems() == [
        f"actors.yaml: ispr: aliases[{index}].name: 'ispr' is listed twice"
    ]


def test_punctuation_variants_of_one_alias_may_both_be_listed(dataset):
    """'IS-KP' and 'ISKP', 'U.N.' and 'UN': spellings the articles use, all findable."""
    add_alias(dataset, "actors.yaml", "ispr", "I.S.P.R.", "spelling")
    assert dataset.problems() == []


# --- dates -----------------------------------------------------------------------------------


def test_event_after_the_publication_of_a_source_quoting_it(dataset):
    date = dataset.get("events.yaml", "islamabad-mosque-bombing")["date"]
    date["start"] = "2026-02-25"
    dataset.change("events.yaml", "islamabad-mosque-bombing", date=date)
    assert dataset.problems() == [
        "events.yaml: islamabad-mosque-bombing: date.start: 2026-02-25 is after 2026-02-24, "
        "the publication of an article reporting it"
    ]


def test_event_on_the_publication_day_is_fine(dataset):
    date = dataset.get("events.yaml", "islamabad-mosque-bombing")["date"]
    date["start"] = "2026-02-24"
    dataset.change("events.yaml", "islamabad-mosque-bombing", date=date)
    assert dataset.problems() == []


def relative_to_publication(dataset, quotes: list[dict]) -> None:
    event = dataset.get("events.yaml", "islamabad-mosque-bombing")
    date = {
        **event["date"],
        "derivation": "relative to publication",
        "note": "Friday before publication.",
    }
    dataset.change("events.yaml", event["id"], date=date, quotes=quotes)


def test_relative_to_publication_needs_a_dated_source(dataset):
    quotes = dataset.get("events.yaml", "islamabad-mosque-bombing")["quotes"]
    relative_to_publication(dataset, [q for q in quotes if q["source"] == "daljoog-strikes"])
    assert dataset.problems() == [
        "events.yaml: islamabad-mosque-bombing: date.derivation: resolved relative to "
        "publication, but no source quoting it has a known date"
    ]


def test_relative_to_publication_with_a_dated_source(dataset):
    quotes = dataset.get("events.yaml", "islamabad-mosque-bombing")["quotes"]
    relative_to_publication(dataset, quotes)
    assert dataset.problems() == []


def test_problems_are_sorted_by_file_order_and_all_reported(dataset):
    dataset.change(
        "claims.yaml", "mosque-toll-daljoog", claimant="nobody", attribution="paraphrase"
    )
    dataset.change("actors.yaml", "ispr", parent="nobody")
    dataset.change("sources.yaml", "daljoog-strikes", file="missing.txt")
    problems = dataset.problems()
    assert [p.split(":")[0] for p in problems] == [
        "sources.yaml",
        "actors.yaml",
        "claims.yaml",
    ]


# --- issue 10: the rules a fact-checker's findings call for -------------------------------


def test_unreferenced_place_and_actor_are_warnings_unless_said_to_stand_alone(dataset):
    from facts.validate import warnings

    dataset.add("places.yaml", {"id": "helmand", "name": "Helmand", "place_kind": "province"})
    facts, problems = validate_dir(dataset.root)
    assert problems == []  # a warning does not fail validation
    found = [str(w) for w in warnings(facts)]
    assert any(w.startswith("places.yaml: helmand: (record): warning:") for w in found)
    assert not any(": pakistan:" in w for w in found)  # the country of islamabad
    dataset.change("places.yaml", "helmand", standalone="A test place nothing needs.")
    facts, _ = validate_dir(dataset.root)
    assert not any(": helmand:" in str(w) for w in warnings(facts))


def test_cli_validate_prints_warnings_but_passes(dataset, capsys):
    import argparse

    from bot.terminal.facts import run_validate

    dataset.add("places.yaml", {"id": "helmand", "name": "Helmand", "place_kind": "province"})
    assert run_validate(argparse.Namespace(directory=dataset.root)) == 0
    out = capsys.readouterr().out
    assert "places.yaml: helmand: (record): warning:" in out
    assert out.splitlines()[-1].startswith("ok:")


def _date(dataset, **date) -> list[str]:
    event = dataset.get("events.yaml", "islamabad-mosque-bombing")
    dataset.change("events.yaml", "islamabad-mosque-bombing", date={**event["date"], **date})
    return dataset.problems()


def test_precision_finer_than_the_phrase_is_refused(dataset):
    problems = _date(dataset, precision="part of day", phrase="On February 6", derivation="stated")
    assert problems == [
        "events.yaml: islamabad-mosque-bombing: date.precision: 'part of day' is finer than "
        "the phrase 'On February 6' allows ('day' at most)"
    ]


def test_a_year_phrase_cannot_carry_a_month(dataset):
    problems = _date(
        dataset,
        start=dt.date(2025, 10, 1),
        precision="month",
        phrase="Last year",
        derivation="relative to publication",
        note="n",
    )
    assert [p.split(": ")[2] for p in problems] == ["date.precision"]


def test_stated_needs_a_phrase_that_states_the_date(dataset):
    problems = _date(
        dataset, start=dt.date(2025, 1, 1), precision="year", phrase="Last year", note="n"
    )
    assert problems == [
        "events.yaml: islamabad-mosque-bombing: date.derivation: 'stated', but the phrase "
        "'Last year' does not state a year; say how the date was worked out"
    ]
    assert _date(dataset, phrase="In 2025") == []


def test_a_weekday_in_undated_articles_gives_no_day(dataset):
    event = dataset.get("events.yaml", "islamabad-mosque-bombing")
    # Only the undated Daljoog News article quotes the event now.
    dataset.change("events.yaml", event["id"], quotes=event["quotes"][1:])
    problems = _date(
        dataset,
        precision="day",
        phrase="On Saturday",
        derivation="relative to another event",
        note="n",
    )
    [problem] = problems
    assert "a weekday ('On Saturday') gives a day only" in problem
    problems = _date(
        dataset,
        end=dt.date(2026, 2, 7),
        precision="days",
        phrase="On Saturday",
        derivation="relative to another event",
        note="n",
    )
    assert problems == []


@pytest.mark.parametrize(
    ("phrase", "finest"),
    [
        ("early on Sunday", "part of day"),
        ("two days later, in the early hours of Saturday", "part of day"),
        ("On February 6", "day"),
        ("on February 27, 2026", "day"),
        ("On 27–28 February 2026", "day"),
        ("Days later", "days"),
        ("over the weekend", "week"),
        ("last October", "month"),
        ("in May last year", "month"),
        ("In 2025", "year"),
        ("Last year", "year"),
        ("in recent days", "days"),
        ("urged both sides to de-escalate", "unknown"),
    ],
)
def test_finest_precision_of_a_phrase(phrase, finest):
    from facts.validate import finest_precision

    assert finest_precision(phrase).value == finest


def test_differs_links_resolve_and_never_double_a_dispute(dataset):
    dataset.change("claims.yaml", "mosque-toll-daljoog", disputes=None, differs=["nope"])
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-daljoog: differs[0]: unknown claim id 'nope'"
    ]
    dataset.change("claims.yaml", "mosque-toll-daljoog", differs=["mosque-toll-aljazeera"])
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-daljoog: differs[0]: 'mosque-toll-aljazeera' disputes this "
        "claim; a pair either disputes or differs"
    ]


def test_figure_wording_must_be_the_quotes_words(dataset):
    claim = dataset.get("claims.yaml", "mosque-toll-daljoog")
    figure = {**claim["figure"], "wording": "at least 31 worshippers"}
    dataset.change("claims.yaml", "mosque-toll-daljoog", figure=figure)
    assert dataset.problems() == []
    dataset.change("claims.yaml", "mosque-toll-daljoog", figure={**figure, "wording": "31 dead"})
    assert dataset.problems() == [
        "claims.yaml: mosque-toll-daljoog: figure.wording: '31 dead' is not in the quote; "
        "give the article's words"
    ]


def test_two_spellings_of_one_acronym_pass_validate_and_seed_an_editable_store(dataset, tmp_path):
    """The validator and the store apply one alias rule: 'TTP' and 'T.T.P.' on one actor
    pass `validate`, seed the store, and the actor stays editable."""
    from facts.store import Editor, Store

    ttp = dataset.get("actors.yaml", "ttp")
    aliases = [*ttp.get("aliases", []), {"name": "T.T.P.", "kind": "acronym", "in_articles": False}]
    dataset.change("actors.yaml", "ttp", aliases=aliases)
    assert dataset.problems() == []
    with Store.open(tmp_path / "live.sqlite3", seed_dir=dataset.root) as store:
        store.edit("ttp", {"description": "Edited."}, by=Editor("alice", 1), reason="test")
        assert store.get("ttp").description == "Edited."  # type: ignore[union-attr]
        doubled = [*aliases, {"name": "T.T.P.", "kind": "spelling", "in_articles": False}]
        with pytest.raises(Exception, match="listed twice"):
            store.edit("ttp", {"aliases": doubled}, by=Editor("alice", 1), reason="test")


def test_an_alias_no_article_uses_must_say_so(dataset):
    ttp = dataset.get("actors.yaml", "ttp")
    aliases = [*ttp["aliases"], {"name": "Tehrik", "kind": "short"}]
    dataset.change("actors.yaml", "ttp", aliases=aliases)
    assert dataset.problems() == []  # "Tehrik" is in the articles, as a whole word
    aliases = [*ttp["aliases"], {"name": "TTPK", "kind": "acronym"}]
    dataset.change("actors.yaml", "ttp", aliases=aliases)
    assert dataset.problems() == [
        f"actors.yaml: ttp: aliases[{len(aliases) - 1}].name: 'TTPK' occurs in no article; "
        "mark it in_articles: false"
    ]
    aliases[-1] = {**aliases[-1], "in_articles": False}
    dataset.change("actors.yaml", "ttp", aliases=aliases)
    assert dataset.problems() == []


def test_bundled_readers_aliases_are_marked_and_shown_as_such():
    from facts.briefing import Briefing
    from facts.dataset import load_dir

    facts, _ = load_dir(DATA_DIR)
    marked = {a.name for actor in facts.actors.values() for a in actor.aliases if not a.in_articles}
    assert marked == {
        "MEA",
        "UNAMA",
        "ICPVTR",
        "PIPS",
        "Afghan Ministry of Defense",
        "Afghan Defence Ministry",
        "ISIS",
        "Daesh",
        "ISIS-K",
        "ISIS-KP",
        "UN",
        "Al-Qaida",
        "Alqaida",
        "Alqaeda",
        "Pakistani Foreign Office",
        "Foreign Office",
    }
    answer = Briefing(facts).ask("actor", "unama")
    note = answer.sections[0].note or ""
    assert "UNAMA (acronym; readers' name, not the articles')" in note


def _claimed_date(dataset, **date) -> list[str]:
    """The baseline's Daljoog toll, giving a date of its own for the bombing."""
    full = {"start": "2026-02-06", "precision": "day", "derivation": "stated", **date}
    dataset.change("claims.yaml", "mosque-toll-daljoog", date=full)
    return dataset.problems()


def test_a_claimed_date_is_checked_like_an_event_date(dataset):
    # "killed at least 31 worshippers" states no date: the claim's phrase must be its quote's,
    # and its precision no finer than that phrase allows.
    problems = _claimed_date(dataset, phrase="on February 6")
    assert problems == [
        "claims.yaml: mosque-toll-daljoog: date.phrase: 'on February 6' is not in the "
        "claim's quote: a claimed date is the quote's"
    ]
    problems = _claimed_date(dataset, phrase="31 worshippers", precision="part of day")
    assert any("date.precision" in p for p in problems)
