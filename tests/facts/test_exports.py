"""The exports: TimelineJS against a JSON Schema of the published format, the conflict CSV as a
sheet (one row per claimed figure), the JSON-LD expanded by a JSON-LD processor (offline), and
all of them reading the live store (edits in, retracted records out)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pyld import jsonld as pyld

from bot.terminal.cli import main
from facts.briefing import Briefing
from facts.dataset import load_dir
from facts.exports import conflict_csv, jsonld, timelinejs
from facts.exports.build import build
from facts.exports.common import Selection
from facts.factset import FactSet
from facts.models import DatePrecision
from facts.store import Editor, Store

DATA = Path(__file__).parents[1] / "fixtures"
SCHEMA_ORG_CONTEXT = json.loads((DATA / "schemaorg-context.jsonld").read_text())
SCHEMA = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def facts() -> FactSet:
    facts, problems = load_dir()
    assert not problems
    return facts


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Serves the bundled schema.org context; any other fetch is a test failure."""
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"}:
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}
    raise AssertionError(f"the test tried to fetch {url}")


# --- TimelineJS ----------------------------------------------------------------------------


def test_timelinejs_is_valid_against_the_published_format(facts: FactSet):
    schema = json.loads((DATA / "timelinejs3.schema.json").read_text())
    document = timelinejs.to_json(facts, Selection())
    jsonschema.validate(document, schema)
    dated = [e for e in facts.events.values() if e.date.start is not None]
    assert len(document["events"]) == len(dated)


def test_timelinejs_dates_stop_at_the_known_precision(facts: FactSet):
    slides = {s["unique_id"]: s for s in timelinejs.to_json(facts, Selection())["events"]}
    for event in facts.events.values():
        if event.date.start is None:
            assert event.id not in slides  # never given a date it does not have
            continue
        start = slides[event.id]["start_date"]
        if event.date.precision is DatePrecision.MONTH:
            assert "day" not in start
            assert "month" in start
        if event.date.precision is DatePrecision.YEAR:
            assert set(start) == {"year"}
    month = slides["taliban-return-to-power"]
    assert month["start_date"] == {"year": 2021, "month": 8}
    assert month["display_date"] == "Aug 2021"
    assert month["group"] == "strategic developments"
    assert "Since their return to power in August 2021" in month["text"]["text"]  # the phrase


def test_timelinejs_carries_the_citations_and_lists_the_undated(facts: FactSet):
    document = timelinejs.to_json(facts, Selection())
    bannu = next(s for s in document["events"] if s["unique_id"] == "bannu-convoy-bombing")
    assert "Al Jazeera, 2026-02-24: “" in bannu["text"]["text"]
    assert bannu["start_date"] == {"year": 2026, "month": 2, "day": 21}
    assert "U.S. withdrawal from Afghanistan" in document["title"]["text"]["text"]


def test_timelinejs_sheet_has_the_template_columns(facts: FactSet):
    rows = list(csv.DictReader(io.StringIO(timelinejs.to_csv(facts, Selection()))))
    assert list(rows[0]) == timelinejs.CSV_COLUMNS
    assert rows[0]["Type"] == "title"
    month = next(r for r in rows if r["Headline"].startswith("The Taliban return to power"))
    assert (month["Year"], month["Month"], month["Day"]) == ("2021", "8", "")


# --- conflict CSV --------------------------------------------------------------------------


def test_csv_has_one_row_per_claimed_figure(facts: FactSet):
    rows = list(csv.DictReader(io.StringIO(conflict_csv.to_csv(facts, Selection()))))
    figures = [c for c in facts.claims.values() if c.figure is not None]
    assert sorted(r["claim_id"] for r in rows if r["claim_id"]) == sorted(c.id for c in figures)
    with_figures = {c.about_event for c in figures}
    bare = [r for r in rows if not r["claim_id"]]  # events nobody gives a number for: one row
    assert sorted(r["event_id"] for r in bare) == sorted(set(facts.events) - with_figures)
    assert list(rows[0]) == conflict_csv.COLUMNS


def test_csv_rows_keep_each_claimant_and_quote(facts: FactSet):
    rows = {r["claim_id"]: r for r in conflict_csv.rows(facts, Selection())}
    toll = rows["mosque-toll-aljazeera"]
    assert toll["event_id"] == "islamabad-mosque-bombing"
    assert toll["claimant"] == "Al Jazeera (own reporting)"
    assert (toll["qualifier"], toll["best"], toll["low"], toll["high"]) == (
        "at least",
        "36",
        "",
        "",
    )
    assert toll["quote"] in " ".join(facts.articles["aljazeera-2026-02-24"].split())
    assert toll["dispute_group"] == rows["mosque-toll-daljoog"]["dispute_group"] != ""
    assert toll["source_date"] == "2026-02-24"
    assert rows["mosque-toll-daljoog"]["source_date"] == ""  # unknown stays empty


def test_csv_date_codes_follow_acled_and_ucdp(facts: FactSet):
    rows = {r["event_id"]: r for r in conflict_csv.rows(facts, Selection())}
    day = rows["bannu-convoy-bombing"]
    assert (day["event_date"], day["time_precision"], day["date_prec"]) == ("2026-02-21", 1, 1)
    month = rows["taliban-return-to-power"]
    assert (month["event_date"], month["time_precision"], month["date_prec"]) == ("2021-08", 3, 4)
    year = rows["ttp-formed"]
    assert (year["event_date"], year["time_precision"], year["date_prec"]) == ("2007", 3, 5)
    window = rows["bajaur-attack"]  # 7-19 February: a window of 13 days
    assert (window["date_start"], window["date_end"]) == ("2026-02-07", "2026-02-19")
    assert (window["time_precision"], window["date_prec"]) == (3, 4)
    unknown = rows["us-withdrawal-from-afghanistan"]
    assert unknown["event_date"] == unknown["time_precision"] == unknown["date_prec"] == ""
    assert rows["bannu-convoy-bombing"]["event_type"] == "Explosions/Remote violence"


# --- JSON-LD -------------------------------------------------------------------------------


def test_jsonld_expands_offline_and_finds_every_claim_author_and_quote(facts: FactSet):
    document = json.loads(json.dumps(jsonld.to_jsonld(facts, Selection())))
    expanded = pyld.expand(document, {"documentLoader": offline_loader})
    claims = [n for n in expanded if f"{SCHEMA}Claim" in n.get("@type", [])]
    assert len(claims) == len(facts.claims)
    for node in claims:
        record = facts.claims[node[f"{SCHEMA}identifier"][0]["@value"]]
        author = node[f"{SCHEMA}author"][0]
        assert author[f"{SCHEMA}name"][0]["@value"]
        selector = node[f"{OA}hasSelector"][0]
        assert selector["@type"] == [f"{OA}TextQuoteSelector"]
        assert selector[f"{OA}exact"][0]["@value"] == record.quote.text
        appearance = node[f"{SCHEMA}appearance"][0]
        assert f"{SCHEMA}CreativeWork" in appearance["@type"]
        disputes = {d["@id"] for d in node.get(f"{jsonld.VOCAB}disputes", [])}
        assert disputes == {jsonld.iri("claim", d) for d in record.disputes}


def test_jsonld_states_publisher_and_date_only_where_known(facts: FactSet):
    nodes = {n["identifier"]: n for n in jsonld.to_jsonld(facts, Selection())["@graph"]}
    known = nodes["mosque-toll-aljazeera"]["appearance"]
    assert known["publisher"]["name"] == "Al Jazeera"
    assert known["datePublished"] == "2026-02-24"
    unknown = nodes["mosque-toll-daljoog"]["appearance"]
    assert "datePublished" not in unknown
    no_metadata = next(
        n["appearance"]
        for n in nodes.values()
        if n["appearance"]["identifier"] == "paktika-strikes-opinion"
    )
    assert "publisher" not in no_metadata
    assert "datePublished" not in no_metadata


def test_jsonld_never_rates_a_claim(facts: FactSet):
    text = json.dumps(jsonld.to_jsonld(facts, Selection()))
    assert "ClaimReview" not in text
    assert "reviewRating" not in text


# --- the live store ------------------------------------------------------------------------


def test_exports_read_the_live_store_edits_in_retractions_out(store: Store):
    store.edit(
        "bannu-convoy-bombing",
        {"headline": "Suicide bombing on a convoy in Bannu (edited)"},
        by=Editor("alice"),
        reason="test",
    )
    store.retract("december-2024-killed", by=Editor("bob"), reason="duplicate")
    store.retract("pakistan-demarche", by=Editor("bob"), reason="duplicate")
    briefing = Briefing(store.snapshot())
    everything = {
        name: build(briefing, name).data.decode()  # type: ignore[union-attr]
        for name in ("timelinejs", "timelinejs-csv", "csv", "jsonld")
    }
    for name, text in everything.items():
        assert "december-2024-killed" not in text, name
        assert "pakistan-demarche" not in text, name
    assert "(edited)" in everything["timelinejs"]
    assert "(edited)" in everything["csv"]


def test_a_query_selects_like_the_timeline(facts: FactSet):
    briefing = Briefing(facts)
    bannu = build(briefing, "timelinejs", "bannu")
    assert not isinstance(bannu, type(briefing.help()))
    events = json.loads(bannu.data)["events"]  # type: ignore[union-attr]
    # The same events as the timeline answer, whatever retrieval makes of the query.
    wanted = [i.id for i in briefing.timeline("bannu").items() if i.date is not None]
    assert sorted(e["unique_id"] for e in events) == sorted(wanted)
    assert "bannu-convoy-bombing" in wanted
    assert bannu.filename == "briefing-bannu-timelinejs.json"  # type: ignore[union-attr]
    nothing = build(briefing, "csv", "zzqqxx")
    assert getattr(nothing, "status", None) is not None  # the honest no-match answer


# --- the command line ----------------------------------------------------------------------


def test_cli_export_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "store.sqlite3")
    out = tmp_path / "bannu.json"
    assert main(["export", "timelinejs", "bannu", "--store", db, "--out", str(out)]) == 0
    ids = [e["unique_id"] for e in json.loads(out.read_text())["events"]]
    assert "bannu-convoy-bombing" in ids
    capsys.readouterr()
    assert main(["export", "csv", "--store", db]) == 0
    assert capsys.readouterr().out.startswith("event_id,event_date,")
    assert main(["export", "jsonld", "zzqqxx", "--store", db]) == 1
    assert "No match" in capsys.readouterr().err
