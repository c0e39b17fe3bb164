"""The records on their own: strict shapes, and the consistency rules each model enforces."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from facts.dataset import DATA_DIR, field_path, parse_record, problems_from_error, whole_numbers
from facts.models import (
    KINDS,
    Actor,
    Claim,
    Event,
    EventDate,
    Figure,
    NameKind,
    Place,
    Quote,
    Source,
)

QUOTE = {"source": "aljazeera-2026-02-24", "text": "killing at least 36 worshippers"}


def date(**fields) -> EventDate:
    return EventDate(**{"phrase": "On February 6", "derivation": "stated", **fields})


def claim(**fields) -> Claim:
    base = {
        "id": "a-claim",
        "about_event": "some-event",
        "statement": "Something happened.",
        "attribution": "reported by the article",
        "quote": QUOTE,
    }
    return Claim(**{**base, **fields})


def error_paths(kind: str, data: dict) -> dict[str, str]:
    """field path -> message for a record that must not validate."""
    with pytest.raises(ValidationError) as caught:
        parse_record(kind, data)
    return {p.field: p.message for p in problems_from_error("f.yaml", "x", caught.value)}


# --- strictness ------------------------------------------------------------------------------


def test_unknown_field_is_rejected():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Quote(**QUOTE, page=3)


def test_unknown_field_in_a_nested_record_is_named_by_path():
    data = {"id": "x", "file": "x.txt", "notes": "n", "extra": 1}
    assert error_paths("source", data) == {"extra": "Extra inputs are not permitted"}


@pytest.mark.parametrize("published", ["24 Feb 2026", "2026-02-30", "yesterday", "2026-13-01"])
def test_bad_date_string_is_rejected(published):
    paths = error_paths(
        "source", {"id": "x", "file": "x.txt", "notes": "n", "published": published}
    )
    assert list(paths) == ["published"]


def test_iso_date_string_is_a_date():
    source = Source(id="x", file="x.txt", notes="n", published="2026-02-24")
    assert source.published == dt.date(2026, 2, 24)
    assert source.label == "unidentified article"  # never the slug


def test_label_names_the_author_when_the_publisher_is_unknown():
    source = Source(id="x", file="x.txt", notes="n", author="Umair Jamal")
    assert source.label == "Umair Jamal"
    assert source.own_voice_label == "Umair Jamal"
    azernews = Source(id="x", file="x.txt", notes="n", publisher="AzerNEWS")
    assert azernews.label == "AzerNEWS"
    assert azernews.own_voice_label == "AzerNEWS (own reporting)"


def test_label_of_an_unsigned_article_is_its_description_not_its_slug():
    source = Source(
        id="paktika-strikes-opinion",
        file="x.txt",
        notes="n",
        described_as="unsigned opinion article on the Paktika strikes",
    )
    assert source.label == "unsigned opinion article on the Paktika strikes"
    assert "paktika-strikes-opinion" not in source.own_voice_label


def test_figure_of_one_reads_as_a_word_and_wording_is_printed_as_given():
    one = Figure(measure="missing in action", unit="Pakistani soldier", value=1)
    assert one.display() == "one Pakistani soldier missing in action"
    vague = Figure(
        measure="casualties", unit="people", qualifier="dozens", wording="dozens of casualties"
    )
    assert vague.display() == "dozens of casualties"


def test_a_claim_cannot_both_dispute_and_differ_from_another():
    with pytest.raises(ValidationError, match="either disputes another or differs"):
        Claim(
            id="a",
            about_actors=["x"],
            statement="s",
            attribution="reported by the article",
            quote=Quote(source="s", text="t"),
            disputes=["b"],
            differs=["b"],
        )


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_quote_text_is_rejected(text):
    with pytest.raises(ValidationError, match="at least 1 character"):
        Quote(source="s", text=text)


def test_quote_text_is_stripped():
    assert Quote(source="s", text="  words \n").text == "words"


@pytest.mark.parametrize("slug", ["Bad", "has space", "-leading-dash", "under_score", "x" * 65, ""])
def test_bad_slug_is_rejected(slug):
    with pytest.raises(ValidationError):
        Quote(source=slug, text="words")


@pytest.mark.parametrize("slug", ["a", "ttp", "aljazeera-2026-02-24", "0-day"])
def test_good_slug(slug):
    assert Quote(source=slug, text="words").source == slug


@pytest.mark.parametrize("file", ["../x.txt", "dir/x.txt", "x.pdf"])
def test_article_file_is_a_bare_txt_name(file):
    assert "file" in error_paths("source", {"id": "x", "file": file, "notes": "n"})


def test_records_are_frozen():
    quote = Quote(**QUOTE)
    with pytest.raises(ValidationError):
        quote.text = "other words"


def test_field_path():
    assert field_path(("quotes", 0, "text")) == "quotes[0].text"
    assert field_path(("figure", "value")) == "figure.value"
    assert field_path(()) == "(record)"


# --- EventDate -------------------------------------------------------------------------------


def test_end_before_start():
    with pytest.raises(ValidationError, match="end is before start"):
        date(start=dt.date(2026, 2, 6), end=dt.date(2026, 2, 5), precision="days")


def test_day_precision_needs_a_start():
    with pytest.raises(ValidationError, match="precision 'day' needs a start date"):
        date(precision="day")


def test_unknown_date_carries_no_start():
    with pytest.raises(ValidationError, match="an unknown date carries no start or end"):
        date(start=dt.date(2026, 2, 6), precision="unknown")


def test_derived_date_needs_a_note():
    with pytest.raises(ValidationError, match="a derived date needs a note"):
        date(start=dt.date(2026, 2, 21), precision="day", derivation="relative to publication")
    noted = date(
        start=dt.date(2026, 2, 21),
        precision="day",
        derivation="relative to publication",
        note="the Saturday before the dateline",
    )
    assert noted.note == "the Saturday before the dateline"


def test_unknown_derived_date_needs_no_note():
    assert date(precision="unknown", derivation="unknown").display() == "date unknown"


def test_date_error_is_reported_on_the_date_field():
    event = {
        "id": "e",
        "headline": "h",
        "summary": "s",
        "date": {"precision": "day", "phrase": "On Friday", "derivation": "stated"},
        "event_type": "battles",
        "quotes": [QUOTE],
    }
    assert error_paths("event", event) == {"date": "precision 'day' needs a start date"}


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"start": dt.date(2026, 2, 6), "precision": "day"}, "6 Feb 2026"),
        ({"start": dt.date(2026, 2, 22), "precision": "part of day"}, "22 Feb 2026"),
        (
            {"start": dt.date(2026, 2, 27), "end": dt.date(2026, 2, 28), "precision": "days"},
            "27–28 Feb 2026",
        ),
        (
            {"start": dt.date(2026, 2, 27), "end": dt.date(2026, 3, 2), "precision": "days"},
            "27 Feb – 2 Mar 2026",
        ),
        (
            {"start": dt.date(2025, 12, 30), "end": dt.date(2026, 1, 2), "precision": "days"},
            "30 Dec 2025 – 2 Jan 2026",
        ),
        (
            {"start": dt.date(2025, 1, 5), "end": dt.date(2026, 1, 10), "precision": "days"},
            "5 Jan 2025 – 10 Jan 2026",
        ),
        (
            {"start": dt.date(2026, 2, 6), "end": dt.date(2026, 2, 6), "precision": "days"},
            "6 Feb 2026",
        ),
        ({"start": dt.date(2026, 2, 16), "precision": "week"}, "week of 16 Feb 2026"),
        ({"start": dt.date(2024, 12, 1), "precision": "month"}, "Dec 2024"),
        ({"start": dt.date(2025, 1, 1), "precision": "year"}, "2025"),
        (
            {"start": dt.date(2025, 10, 1), "end": dt.date(2025, 11, 30), "precision": "month"},
            "Oct–Nov 2025",
        ),
        (
            {"start": dt.date(2025, 12, 1), "end": dt.date(2026, 1, 31), "precision": "month"},
            "Dec 2025 – Jan 2026",
        ),
        (
            {"start": dt.date(2024, 1, 1), "end": dt.date(2025, 12, 31), "precision": "year"},
            "2024–2025",
        ),
        ({"precision": "unknown"}, "date unknown"),
    ],
)
def test_event_date_display(fields, shown):
    assert date(**fields).display() == shown


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        # Some day of a range, not the whole range: a dash would read as a two-day call.
        ({"start": dt.date(2026, 2, 27), "end": dt.date(2026, 2, 28)}, "27 or 28 Feb 2026"),
        ({"start": dt.date(2026, 2, 7), "end": dt.date(2026, 2, 19)}, "between 7 and 19 Feb 2026"),
        (
            {"start": dt.date(2026, 2, 27), "end": dt.date(2026, 3, 2)},
            "between 27 Feb and 2 Mar 2026",
        ),
        (
            {"start": dt.date(2025, 12, 31), "end": dt.date(2026, 1, 1)},
            "31 Dec 2025 or 1 Jan 2026",
        ),
        (
            {"start": dt.date(2025, 10, 1), "end": dt.date(2025, 11, 30), "precision": "month"},
            "Oct or Nov 2025",
        ),
        (
            {"start": dt.date(2025, 11, 1), "end": dt.date(2026, 1, 31), "precision": "month"},
            "between Nov 2025 and Jan 2026",
        ),
        (
            {"start": dt.date(2024, 1, 1), "end": dt.date(2025, 12, 31), "precision": "year"},
            "2024 or 2025",
        ),
    ],
)
def test_a_date_within_its_range_says_so(fields, shown):
    assert date(**{"precision": "days", **fields}, within=True).display() == shown


def test_within_needs_a_range():
    with pytest.raises(ValidationError, match="`within` needs a range"):
        date(start=dt.date(2026, 2, 6), precision="day", within=True)
    with pytest.raises(ValidationError, match="`within` needs a range"):
        date(start=dt.date(2026, 2, 6), end=dt.date(2026, 2, 6), precision="days", within=True)


def test_unknown_dates_sort_last():
    known = date(start=dt.date(2026, 2, 6), precision="day")
    unknown = date(precision="unknown")
    assert sorted([unknown, known], key=lambda d: d.sort_key) == [known, unknown]


# --- Figure ----------------------------------------------------------------------------------


def test_figure_value_and_range_together():
    with pytest.raises(ValidationError, match="either value or low/high, not both"):
        Figure(measure="killed", unit="soldiers", value=11, low=10)


def test_figure_at_least_needs_a_value():
    with pytest.raises(ValidationError, match="qualifier 'at least' needs a value"):
        Figure(measure="killed", unit="soldiers", qualifier="at least")


def test_figure_exact_needs_a_value():
    with pytest.raises(ValidationError, match="qualifier 'exact' needs a value"):
        Figure(measure="killed", unit="soldiers")


@pytest.mark.parametrize(
    ("qualifier", "shown"),
    [
        ("several", "several militants killed"),
        ("dozens", "dozens of militants killed"),
        ("hundreds", "hundreds of militants killed"),
        ("indeterminate", "an indeterminate number of militants killed"),
    ],
)
def test_vague_qualifier_without_value_is_fine(qualifier, shown):
    figure = Figure(measure="killed", unit="militants", qualifier=qualifier)
    assert figure.display() == shown


def test_figure_high_below_low():
    with pytest.raises(ValidationError, match="high is below low"):
        Figure(measure="killed", unit="people", low=20, high=10)


def test_figure_error_is_reported_on_the_figure_field():
    data = {
        "id": "c",
        "about_event": "e",
        "statement": "s",
        "attribution": "reported by the article",
        "quote": QUOTE,
        "figure": {"measure": "killed", "unit": "worshippers", "value": "many"},
    }
    assert list(error_paths("claim", data)) == ["figure.value"]


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"value": 36, "qualifier": "at least"}, "at least 36 worshippers killed"),
        ({"value": 170}, "170 worshippers injured"),
        ({"value": 1500, "qualifier": "more than"}, "more than 1,500 worshippers injured"),
        ({"value": 2.5, "qualifier": "about"}, "about 2.5 worshippers injured"),
        ({"low": 10, "high": 12}, "10–12 worshippers injured"),
        ({"low": 17}, "17 or more worshippers injured"),
        ({"high": 40}, "up to 40 worshippers injured"),
    ],
)
def test_figure_display(fields, shown):
    measure = "killed" if "killed" in shown else "injured"
    assert Figure(measure=measure, unit="worshippers", **fields).display() == shown


def test_a_whole_figure_is_an_integer_in_json_only() -> None:
    figure = Figure(measure="killed", unit="people", low=31, high=40.5)
    assert figure.low == 31.0
    assert type(figure.low) is float
    data = figure.model_dump(mode="json", exclude_none=True)
    assert data["low"] == 31
    assert type(data["low"]) is int
    assert type(data["high"]) is float
    assert '"low":31,' in figure.model_dump_json()
    assert type(figure.model_dump()["low"]) is float  # Python's dump keeps the model's float
    assert Figure.model_validate(data) == figure


# --- Claim -----------------------------------------------------------------------------------


@pytest.mark.parametrize("attribution", ["direct quote", "paraphrase", "anonymous official"])
def test_claim_without_claimant_must_be_reported_by_the_article(attribution):
    with pytest.raises(ValidationError, match="is 'reported by the article'"):
        claim(attribution=attribution)


def test_claim_without_claimant_reported_by_the_article():
    assert claim().claimant is None
    assert claim(claimant="ispr", attribution="direct quote").claimant == "ispr"


def test_claim_disputing_itself():
    with pytest.raises(ValidationError, match="cannot dispute itself"):
        claim(disputes=["other-claim", "a-claim"])


def test_claim_naming_a_claim_twice_in_its_links():
    """A link typed twice ("disputes=[x, x]") is a slip, refused by name, not stored."""
    with pytest.raises(ValidationError, match="other-claim: named twice in disputes"):
        claim(disputes=["other-claim", "other-claim"])
    with pytest.raises(ValidationError, match="other-claim: named twice in differs"):
        claim(differs=["other-claim", "other-claim"])


def test_claim_is_about_something():
    with pytest.raises(ValidationError, match="about an event or about actors"):
        claim(about_event=None)
    assert claim(about_event=None, about_actors=["ttp"]).about_actors == ["ttp"]


def test_claim_sources():
    assert claim().sources == ["aljazeera-2026-02-24"]


# --- what every kind says about itself -------------------------------------------------------


def actor(**fields) -> Actor:
    base = {
        "id": "ttp",
        "name": "Tehreek-e-Taliban Pakistan",
        "actor_kind": "armed group",
        "description": "An armed group.",
        "parent": "taliban",
        "aliases": [{"name": "TTP", "kind": "acronym"}, {"name": "Taliban", "kind": "weak"}],
        "quotes": [QUOTE, {**QUOTE, "source": "dawn-2026-02-25"}],
    }
    return Actor(**{**base, **fields})


def place(**fields) -> Place:
    base = {
        "id": "bannu",
        "name": "Bannu",
        "place_kind": "district",
        "country": "pakistan",
        "parent": "khyber-pakhtunkhwa",
        "aliases": [{"name": "Banu", "kind": "spelling"}],
    }
    return Place(**{**base, **fields})


def event(**fields) -> Event:
    base = {
        "id": "bannu-attack",
        "headline": "Attack on Bannu cantonment",
        "summary": "Militants attacked the cantonment.",
        "date": {
            "start": "2026-02-06",
            "precision": "day",
            "phrase": "On Friday",
            "derivation": "stated",
        },
        "event_type": "battles",
        "places": ["bannu"],
        "actors": [{"actor": "ttp", "role": "attacker"}],
        "keywords": ["cantonment"],
        "quotes": [QUOTE],
    }
    return Event(**{**base, **fields})


def source(**fields) -> Source:
    base = {"id": "dawn-2026-02-25", "file": "dawn.txt", "notes": "n", "publisher": "Dawn"}
    return Source(**{**base, **fields})


def test_each_kind_labels_itself_by_its_human_name():
    assert actor().label == "Tehreek-e-Taliban Pakistan"
    assert place().label == "Bannu"
    assert event().label == "Attack on Bannu cantonment"
    assert claim().label == "Something happened."
    assert source().label == "Dawn"


def test_quotes_carry_their_field_paths():
    assert actor().quoted() == [
        ("quotes[0]", Quote(**QUOTE)),
        ("quotes[1]", Quote(**{**QUOTE, "source": "dawn-2026-02-25"})),
    ]
    assert event().quoted() == [("quotes[0]", Quote(**QUOTE))]
    assert claim().quoted() == [("quote", Quote(**QUOTE))]
    # A source's evidence are spans of its own article, checked on their own: no quotes.
    assert source(evidence=["Dawn"]).quoted() == []
    assert place().quoted() == []


def test_references_name_path_target_and_kind():
    assert actor().references() == [
        ("parent", "taliban", "actor"),
        ("quotes[0].source", "aljazeera-2026-02-24", "source"),
        ("quotes[1].source", "dawn-2026-02-25", "source"),
    ]
    assert place().references() == [
        ("country", "pakistan", "place"),
        ("parent", "khyber-pakhtunkhwa", "place"),
    ]
    assert event().references() == [
        ("places[0]", "bannu", "place"),
        ("actors[0].actor", "ttp", "actor"),
        ("quotes[0].source", "aljazeera-2026-02-24", "source"),
    ]
    full = claim(
        claimant="ispr",
        about_actors=["ttp"],
        about_places=["bannu"],
        disputes=["other-claim"],
        differs=["third-claim"],
    )
    assert full.references() == [
        ("claimant", "ispr", "actor"),
        ("about_event", "some-event", "event"),
        ("about_actors[0]", "ttp", "actor"),
        ("about_places[0]", "bannu", "place"),
        ("disputes[0]", "other-claim", "claim"),
        ("differs[0]", "third-claim", "claim"),
        ("quote.source", "aljazeera-2026-02-24", "source"),
    ]
    assert source().references() == []


def test_sources_are_the_quoted_articles_each_once():
    twice = actor(quotes=[QUOTE, {**QUOTE, "text": "worshippers"}, {**QUOTE, "source": "dawn"}])
    assert twice.sources == ["aljazeera-2026-02-24", "dawn"]
    assert event().sources == claim().sources == ["aljazeera-2026-02-24"]
    assert place().sources == source().sources == []


def test_references_leave_out_what_is_not_set():
    assert actor(parent=None).references()[0].path == "quotes[0].source"
    assert place(country=None, parent=None).references() == []
    assert [r.path for r in claim().references()] == ["about_event", "quote.source"]


def test_names_give_the_id_first_and_the_kind_of_each_name():
    assert actor().names() == [
        ("ttp", NameKind.ID),
        ("Tehreek-e-Taliban Pakistan", NameKind.NAME),
        ("TTP", NameKind.ALIAS),
        ("Taliban", NameKind.WEAK),
    ]
    assert place().names() == [
        ("bannu", NameKind.ID),
        ("Bannu", NameKind.NAME),
        ("Banu", NameKind.ALIAS),
    ]
    assert event().names() == [
        ("bannu attack", NameKind.ID),
        ("Attack on Bannu cantonment", NameKind.NAME),
        ("cantonment", NameKind.KEYWORD),
    ]
    assert claim(keywords=["toll"]).names() == [
        ("a claim", NameKind.ID),
        ("toll", NameKind.KEYWORD),
    ]
    assert source(author="Umair Jamal", title="Strikes").names() == [
        ("dawn 2026 02 25", NameKind.ID),
        ("Dawn", NameKind.NAME),
        ("Umair Jamal", NameKind.NAME),
        ("Strikes", NameKind.NAME),
        ("dawn", NameKind.ID),
    ]


# --- the table of kinds ----------------------------------------------------------------------


def test_every_kind_has_its_model_and_its_own_file():
    assert list(KINDS) == ["source", "actor", "place", "event", "claim"]  # sources load first
    for kind, model in KINDS.items():
        assert model.model_fields["kind"].default == kind
        assert model.yaml_file == f"{kind}s.yaml"
        assert (DATA_DIR / model.yaml_file).is_file()
    assert len({model.yaml_file for model in KINDS.values()}) == len(KINDS)


def test_every_file_in_the_dataset_is_a_kind():
    files = {path.name for path in DATA_DIR.glob("*.yaml")}
    assert files == {model.yaml_file for model in KINDS.values()}


def test_whole_numbers_at_any_depth_and_nothing_else_changed() -> None:
    data = {
        "value": 31.0,
        "low": 2.5,
        "flag": True,
        "text": "31.0",
        "quotes": [{"figure": {"value": 7.0}, "tags": ["a", 3.0, None]}, "b"],
        "none": None,
    }
    assert whole_numbers(data) == {
        "value": 31,
        "low": 2.5,
        "flag": True,
        "text": "31.0",
        "quotes": [{"figure": {"value": 7}, "tags": ["a", 3, None]}, "b"],
        "none": None,
    }
    assert type(whole_numbers(data)["quotes"][0]["figure"]["value"]) is int
    assert whole_numbers(data)["flag"] is True
