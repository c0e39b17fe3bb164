"""Ranked retrieval: questions answered from the words of the records, the index kept in the
live store's own file and transaction, and asking back only when it must."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.render import render_json
from facts.answers import AnswerStatus
from facts.briefing import Briefing
from facts.dataset import DATA_DIR, load_dir
from facts.library import Library
from facts.questions import SYNONYMS, understand
from facts.search import terms
from facts.store import FULLTEXT_VERSION, Editor, Store

EDITOR = Editor("tester", 1)


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    facts, problems = load_dir()
    assert problems == []
    return Briefing(facts)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "live.sqlite3", seed_dir=DATA_DIR) as opened:
        yield opened


def ids(answer) -> list[str]:
    return [item.id for item in answer.items()]


# --- reading a question --------------------------------------------------------------------


def test_question_words_are_dropped_and_figures_wanted():
    text = "how many were wounded at the mosque"
    question = understand(text, terms(text))
    assert question.words == ("wounded", "mosque")
    assert question.wants_figure


def test_synonyms_map_what_reporters_type_to_what_articles_say():
    assert "injured" in SYNONYMS["wounded"]
    assert "killed" in SYNONYMS["casualties"]
    assert "casualties" not in SYNONYMS["killed"]  # one way: broad finds narrow
    assert "religious school" in SYNONYMS["madrassa"]


# --- answers -------------------------------------------------------------------------------


def test_a_question_finds_the_claims_that_answer_it(briefing: Briefing):
    answer = briefing.claims("how many were wounded at the mosque")
    assert answer.status is AnswerStatus.OK
    assert {"mosque-wounded-aljazeera", "mosque-wounded-daljoog"} <= set(ids(answer)[:6])


def test_words_only_a_claim_uses_find_it(briefing: Briefing):
    for query, claim in [
        ("captured alive", "mujahid-soldiers-captured"),
        ("muscat", "khan-diplomacy-first"),
    ]:
        answer = briefing.claims(query)
        assert answer.status is AnswerStatus.OK, query
        assert claim in ids(answer)[:5], query


def test_a_place_named_only_in_a_claims_text_is_found(briefing: Briefing):
    answer = briefing.claims("kunar")
    assert answer.status is AnswerStatus.OK
    assert any("Kunar" in item.text for item in answer.items())


def test_numbers_find_figures_and_disputes_come_whole(briefing: Briefing):
    answer = briefing.claims("274")
    assert answer.status is AnswerStatus.OK
    first = answer.sections[0]
    assert first.disputed
    assert any("274" in (item.figure or "") for item in first.items)
    assert any("13" in (item.figure or "") for item in first.items)  # the other side too


def test_one_candidate_is_an_answer_not_a_question(briefing: Briefing):
    for query in ("india", "pakistan", "afghanistan"):
        answer = briefing.actor(query)
        assert answer.status is AnswerStatus.OK, query


def test_a_weak_name_of_several_still_asks(briefing: Briefing):
    answer = briefing.actor("taliban")
    assert answer.status is AnswerStatus.AMBIGUOUS
    assert len(answer.suggestions) > 1


def test_runners_up_are_named_on_an_also_line(briefing: Briefing):
    answer = briefing.actor("taliban spokesman")  # a title the articles use
    assert answer.status is AnswerStatus.OK
    assert answer.title == "Zabihullah Mujahid"
    several = briefing.actor("spokesman")  # several spokesmen: the best, and the others named
    assert several.status is AnswerStatus.OK
    also = next(line for line in (several.summary or "").splitlines() if line.startswith("Also:"))
    assert len(also.split(";")) >= 2


def test_a_misspelled_place_is_found(briefing: Briefing):
    answer = briefing.claims("bajor")
    assert answer.status is AnswerStatus.OK
    assert any("bajaur" in i for i in ids(answer))


def test_mostly_unknown_words_are_an_honest_miss(briefing: Briefing):
    for query in ("joe biden", "cricket world cup", "earthquake in chile"):
        answer = briefing.claims(query)
        assert answer.status is AnswerStatus.NO_MATCH, query
        assert answer.citations == []


def test_json_items_carry_score_and_matched_words(briefing: Briefing):
    payload = render_json(briefing.claims("soldiers killed"))
    ranked = [item for item in payload["items"] if "score" in item]
    assert ranked
    assert all(item["matched"] for item in ranked)
    assert set(ranked[0]["matched"]) == {"soldiers", "killed"}


def test_a_timeline_takes_a_subject_and_a_date(briefing: Briefing):
    answer = briefing.timeline("kabul 2026-02")
    assert answer.status is AnswerStatus.OK
    assert all(item.date and item.date.month == 2 for item in answer.items())
    bad = briefing.timeline("2026-02-30")
    assert bad.status is AnswerStatus.USAGE
    assert "not a real date" in (bad.summary or "")


# --- the index lives in the store ----------------------------------------------------------


def test_an_edit_is_found_by_the_next_question(store: Store):
    library = Library(store)
    assert library.briefing().claims("zanzibar").status is AnswerStatus.NO_MATCH
    store.edit(
        "mosque-wounded-aljazeera",
        {"statement": "The bombing wounded 170 others, a Zanzibar test says."},
        by=EDITOR,
        reason="test",
    )
    answer = library.briefing().claims("zanzibar")
    assert answer.status is AnswerStatus.OK
    assert ids(answer)[0] == "mosque-wounded-aljazeera"


def test_a_new_store_indexes_every_record_it_seeds(store: Store):
    indexed = sqlite3.connect(store.path).execute("SELECT count(*) FROM fulltext").fetchone()[0]
    assert indexed == sum(store.snapshot().counts().values())


def test_a_retracted_record_leaves_the_index(store: Store):
    store.retract("india-earthquake-aid", by=EDITOR, reason="test")
    rows = sqlite3.connect(store.path).execute(
        "SELECT count(*) FROM fulltext WHERE id = 'india-earthquake-aid'"
    )
    assert rows.fetchone()[0] == 0


def test_a_store_from_before_the_index_is_indexed_when_opened(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    Store.open(path, seed_dir=DATA_DIR).close()
    db = sqlite3.connect(path)
    db.execute("DELETE FROM fulltext")
    db.execute("DELETE FROM meta WHERE key = ?", (FULLTEXT_VERSION,))
    db.commit()
    db.close()
    with Store.open(path, seed_dir=DATA_DIR) as store:
        answer = Library(store).briefing().claims("captured alive")
        assert answer.status is AnswerStatus.OK
