"""Ranked retrieval: questions answered from the words of the records, the index kept in the
live store's own file and transaction, and asking back only when it must."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.render_text import render_json
from facts.answers import AnswerStatus
from facts.briefing import Briefing
from facts.dataset import DATA_DIR
from facts.library import Library
from facts.questions import SYNONYMS, alternatives, understand
from facts.retrieval import _mentions
from facts.search import terms
from facts.store import INDEX_VERSION, Editor, Store

EDITOR = Editor("tester", 1)


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


def test_a_stem_finds_its_own_words_not_others_that_start_alike(briefing: Briefing):
    """'Elections' stems to 'elect': the articles' 'electronic warfare' is no answer, and no
    record speaks of elections. A place's people still count for it: 'pakistan' finds
    'Pakistani strikes'."""
    assert briefing.claims("elections").status is AnswerStatus.NO_MATCH
    assert briefing.claims("elections").citations == []
    assert _mentions("attack*", None, " attackers fled ")
    assert _mentions("pakistan*", None, " the pakistani strikes ")
    assert not _mentions("milit*", None, " the military said ")  # militants' stem
    assert not _mentions("polic*", None, " a new policy ")  # police's stem


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


def test_a_near_name_is_followed_only_by_names_near_it(briefing: Briefing):
    # "Daljoog" is Daljoog News; records whose text merely shares a word of the query are
    # no runners-up (the text's ranking had named the United States and Islamic State).
    for query, wrong in (("daljoog", "United States"), ("mahmood ul hasan khan", "Netanyahu")):
        answer = briefing.actor(query)
        assert answer.status is AnswerStatus.OK, query
        assert wrong not in (answer.summary or ""), query


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


def test_a_name_resolved_before_an_edit_is_resolved_afresh_after(store: Store):
    """The index keeps its resolutions until the next write: an alias added is found by
    the very next question, though the same words were resolved (to nothing) just before."""
    library = Library(store)
    assert library.briefing().actor("Fact Desk Test Group").status is AnswerStatus.NO_MATCH
    aliases = [*store.get("ttp").model_dump(mode="json")["aliases"]]  # type: ignore[union-attr]
    aliases.append({"name": "Fact Desk Test Group", "kind": "translation", "in_articles": False})
    store.edit("ttp", {"aliases": aliases}, by=EDITOR, reason="test")
    assert library.briefing().actor("Fact Desk Test Group").title == "Tehrik-e-Taliban Pakistan"


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
    db.execute("DELETE FROM meta WHERE key = ?", (INDEX_VERSION,))
    db.commit()
    db.close()
    with Store.open(path, seed_dir=DATA_DIR) as store:
        answer = Library(store).briefing().claims("captured alive")
        assert answer.status is AnswerStatus.OK


def test_tables_of_an_older_layout_are_made_anew_when_the_store_is_reindexed(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    Store.open(path, seed_dir=DATA_DIR).close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE present")  # as an older bot wrote it: fewer columns
    db.execute("CREATE TABLE present (record_id TEXT PRIMARY KEY, kind TEXT, seq INTEGER)")
    db.execute("UPDATE meta SET value = 'older' WHERE key = ?", (INDEX_VERSION,))
    db.commit()
    db.close()
    with Store.open(path, seed_dir=DATA_DIR) as store:
        assert Library(store).briefing().actor("mujahid").status is AnswerStatus.OK
        columns = {row[1] for row in store._db.execute("PRAGMA table_info(present)")}
        assert {"names", "parent"} <= columns


# --- autocomplete ----------------------------------------------------------------------------


def test_autocomplete_offers_topics_after_names(briefing: Briefing):
    choices = briefing.index.complete("de", ("actor", "place", "event", "source"), limit=25)
    kinds = [c.kind for c in choices]
    assert "topic" in kinds
    assert any(c.label == "death toll" and c.kind == "topic" for c in choices)
    assert kinds[0] == "event"  # a name that starts so leads the topics
    assert kinds.index("topic") > 0


def test_autocomplete_names_before_aliases_and_no_topic_repeats_a_name(briefing: Briefing):
    choices = briefing.index.complete("kab", ("actor", "place", "event", "source"), limit=25)
    assert choices[0].label == "Kabul"
    assert not any(c.kind == "topic" and c.label.casefold() == "kabul" for c in choices)
    assert briefing.index.complete("mu", ("actor",), limit=25)[0].kind == "actor"
    assert all(c.kind != "topic" for c in briefing.index.complete("de", ("actor",), limit=25))


# --- a Briefing kept up to date, record by record ---------------------------------------------

QUESTIONS = [
    ("claims", "how many were wounded at the mosque"),
    ("claims", "zanzibar"),
    ("claims", "bannu"),
    ("claims", "274"),
    ("actor", "ttp"),
    ("actor", "zanzibar front"),
    ("timeline", "bannu"),
    ("search", "drones"),
    ("claims", ""),
]


def same_answers(library: Library, store: Store) -> None:
    kept = library.briefing()
    fresh = Briefing(store.snapshot())  # every record in memory, its tables built anew
    for command, query in QUESTIONS:
        a, b = kept.ask(command, query), fresh.ask(command, query)
        assert a.status == b.status, (command, query)
        assert a.title == b.title, (command, query)
        assert {i.id for i in a.items()} == {i.id for i in b.items()}, (command, query)


def test_the_store_briefing_answers_as_one_built_anew_after_each_change(store: Store):
    library = Library(store)
    first = library.briefing()
    same_answers(library, store)
    store.edit(
        "mosque-wounded-aljazeera",
        {"statement": "Al Jazeera reports the bombing wounded 170 others in Zanzibar."},
        by=EDITOR,
        reason="test",
    )
    same_answers(library, store)
    store.edit("ttp", {"name": "Zanzibar Front"}, by=EDITOR, reason="rename")
    same_answers(library, store)
    store.retract("india-earthquake-aid", by=EDITOR, reason="test")
    same_answers(library, store)
    undo = store.history("india-earthquake-aid")[-1].number
    store.undo(undo, by=EDITOR, reason="restore")
    same_answers(library, store)
    assert library.briefing() is first  # made once: it reads the tables each change updates


def test_the_store_briefing_builds_nothing_from_every_record(store: Store, monkeypatch):
    """Opening answers reads the store's tables: no record is parsed until asked for."""
    from facts.store import records

    parsed: list[str] = []
    real = records.parse_stored
    monkeypatch.setattr(records, "parse_stored", lambda k, d: parsed.append(k) or real(k, d))
    answer = Library(store).briefing().actor("ispr")
    assert answer.status is AnswerStatus.OK
    total = sum(store.counts().values())
    assert 0 < len(parsed) < total / 4  # the actor and what its answer cites, not them all


def test_an_answer_reads_one_committed_state(store: Store):
    library = Library(store)
    briefing = library.briefing()
    copy = store.get("mujahid-soldiers-captured")
    assert copy is not None
    with briefing.consistent():
        before = {i.id for i in briefing.claims("mujahid").items()}
        # Another connection commits meanwhile (the bot's writer, another process).
        store.add(copy.model_copy(update={"id": "mujahid-second-claim"}), by=EDITOR, reason="t")
        during = {i.id for i in briefing.claims("mujahid").items()}
    assert during == before  # the answer in progress does not mix two revisions
    after = {i.id for i in library.briefing().claims("mujahid").items()}
    assert after == before | {"mujahid-second-claim"}


def test_a_record_read_outside_an_answer_is_not_served_after_it_changed(store: Store):
    """An export or a tool reads records outside an answer's transaction; a change after
    that read must still reach the next answer (the cache keeps nothing read before it
    forgot the record)."""
    briefing = Library(store).briefing()
    assert briefing.facts.get("ttp") is not None  # read and cached, outside an answer
    store.edit("ttp", {"name": "Qari Front"}, by=EDITOR, reason="rename")
    assert briefing.actor("qari front").title == "Qari Front"
    store.retract("india-earthquake-aid", by=EDITOR, reason="withdrawn")
    assert "india-earthquake-aid" not in {i.id for i in briefing.search("earthquake").items()}


def test_a_slow_read_is_not_cached_over_a_newer_change(store: Store):
    facts = store.facts()
    assert facts is not None
    epoch_before = facts._epoch
    facts.forget(["ttp"])  # a change was forgotten while a read was on its way
    stale = store.get("ttp")
    assert stale is not None
    facts._keep(stale, epoch_before)
    assert facts._cached_record("ttp") is None


def test_a_word_near_a_command_is_not_taken_for_it(briefing: Briefing):
    assert briefing.ask("claim", "bannu").command == "claims"
    assert briefing.ask("timline", "bannu").command == "timeline"
    for typed in ("line", "reactor", "sea"):  # words, not slips: the sentence is searched
        assert briefing.ask(typed, "of control").command == "search", typed


def test_tell_us_is_the_asker_not_the_united_states(briefing: Briefing):
    answer = briefing.search("tell us about bannu")
    assert answer.status is AnswerStatus.OK
    assert all("us" not in item.matched for item in answer.items() if item.matched)


def test_an_empty_timeline_is_an_honest_no_match(briefing: Briefing):
    answer = briefing.timeline("bannu 2019")
    assert answer.status is AnswerStatus.NO_MATCH
    assert answer.citations == []


def test_a_dispute_is_headed_in_the_words_of_the_claim_that_brought_it(briefing: Briefing):
    answer = briefing.claims("women and children")
    heading = next(s.heading for s in answer.sections if s.disputed)
    assert "militants killed" not in heading  # not the other side's framing


def test_citations_are_numbered_in_reading_order(briefing: Briefing):
    for query in ("bannu", "nangahar", "how many were wounded at the mosque"):
        answer = briefing.claims(query)
        seen = [n for item in answer.items() for n in item.citations]
        first = list(dict.fromkeys(seen))
        assert first == list(range(1, len(first) + 1)), query
        assert [c.number for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_a_dispute_has_one_heading_whichever_side_a_question_finds(briefing: Briefing):
    def heading(query: str, claim: str) -> str:
        answer = briefing.claims(query)
        return next(s.heading for s in answer.sections if claim in {i.id for i in s.items})

    toll = {heading(q, "army-taliban-killed") for q in ("274", "13 taliban", "death toll")}
    assert len(toll) == 1
    assert "Taliban regime" not in toll.pop()  # one side's words never head the others'


def test_how_many_puts_figures_first(briefing: Briefing):
    answer = briefing.claims("how many taliban fighters were killed")
    assert all(item.figure for item in answer.sections[0].items)


def test_a_date_dispute_gives_both_dates_with_who_gives_each(briefing: Briefing):
    answer = briefing.timeline("2026-02-20..2026-02-23")
    strikes = next(i for i in answer.items() if i.id == "pakistan-strikes-nangarhar-paktika")
    assert strikes.date == dt.date(2026, 2, 22)
    [other] = strikes.claimed_dates
    assert other.start == dt.date(2026, 2, 21)
    assert "Umair Jamal" in other.by
    assert "The date is disputed" in strikes.text  # in the text, not only the picture
    # A date query finds the event by the other account's date too.
    assert "pakistan-strikes-nangarhar-paktika" in {
        i.id for i in briefing.timeline("21 feb").items()
    }


def test_a_title_asks_for_the_person_not_the_office(briefing: Briefing):
    assert briefing.actor("afghan foreign minister").title == "Amir Khan Muttaqi"
    assert briefing.actor("DG ISPR").title == "Ahmed Sharif Chaudhry"
    assert briefing.actor("ISPR").title.startswith("Inter-Services")  # the office by its name


def test_two_consonants_are_not_a_name(briefing: Briefing):
    assert "state" not in briefing.index.resolve_term("shoot")  # both s-t
    assert "bajaur" in briefing.index.resolve_term("bajor")  # b-j-r still finds Bajaur


@pytest.mark.parametrize(
    ("command", "typed"),
    [("claims", "aa"), ("claims", "eeee"), ("actor", "aaaa"), ("actor", "ssss"), ("search", "ooo")],
)
def test_one_letter_repeated_is_no_match_not_every_record(
    briefing: Briefing, command: str, typed: str
) -> None:
    """Folded for transliteration ("aa" -> "a"), such a word would stand for words every
    record has; it is only itself, and nothing holds it."""
    answer = briefing.ask(command, typed)
    assert answer.status is AnswerStatus.NO_MATCH
    assert answer.citations == []


def test_an_attack_finds_the_bombing_but_a_bombing_not_every_attack(briefing: Briefing):
    """'Attack' is the broader word: a reporter asking who claimed the mosque attack means
    the bombing; asking about the bombing does not bring every attack."""
    answer = briefing.claims("who claimed the islamabad mosque attack")
    leading = [item.id for item in answer.items()][:3]
    responsibility = {"mosque-responsibility-islamic-state", "mosque-responsibility-jamal"}
    assert leading[0] in responsibility
    assert responsibility <= set(leading)
    assert "attack" not in alternatives("bombing")
    assert "bombing" in alternatives("attack")


def test_a_record_at_the_place_named_ranks_above_one_that_only_mentions_it(briefing: Briefing):
    """The Bajaur attack's summary dates it by the Bannu bombing; 'who attacked Bannu' asks
    about what happened in Bannu."""
    [first, *_] = briefing.search("who attacked bannu").items()
    assert first.id == "bannu-convoy-bombing"


def test_a_place_name_lent_by_an_actor_does_not_make_a_record_about_the_place(
    briefing: Briefing,
):
    """Islamabad is also a name of Pakistan's government: its claims elsewhere do not answer
    'death toll Islamabad' before the mosque bombing's tolls."""
    leading = [item.id for item in briefing.search("death toll islamabad").items()][:4]
    assert {"mosque-toll-aljazeera", "mosque-toll-daljoog", "mosque-toll-jamal"} <= set(leading)


def test_asking_what_a_place_says_asks_for_who_it_stands_for(briefing: Briefing):
    answer = briefing.search("what does kabul say")
    claims = [item for item in answer.items() if item.kind == "claim"][:3]
    assert claims
    for item in claims:  # the Afghan Taliban, or a part of it (its foreign ministry)
        claimant = briefing.facts.actors[item.claimant or ""]
        assert "afghan-taliban" in (claimant.id, claimant.parent)


def test_who_claimed_an_attack_is_not_asking_what_someone_says():
    assert understand("what does kabul say", ["what", "does", "kabul", "say"]).asks_what_is_said
    claimed = understand("who claimed the attack", ["who", "claimed", "the", "attack"])
    assert not claimed.asks_what_is_said


def test_a_word_several_names_share_as_well_names_none_of_them(briefing: Briefing):
    """'government' fits the Government of Iran no better than Pakistan's or India's: the
    answer is about the word, not titled as one of them."""
    answer = briefing.claims("government")
    assert answer.title == "Claims: government"


def test_two_figures_ask_for_either_side(briefing: Briefing):
    """'274 vs 13': each side's claim answers it, not only the event that states both."""
    found = {item.id for item in briefing.search("274 vs 13").items()}
    assert {"army-taliban-killed", "mujahid-taliban-killed"} <= found
