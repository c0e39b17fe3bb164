"""The questions, on the real dataset: cited answers, disputes side by side, honest no-match."""

from __future__ import annotations

import datetime as dt

import pytest

from facts.answers import Answer, AnswerStatus
from facts.briefing import Briefing
from facts.factset import FactSet


def figures(answer: Answer) -> list[str]:
    return [item.figure or "" for item in answer.items()]


def assert_every_item_cited(answer: Answer) -> None:
    numbers = {c.number for c in answer.citations}
    for item in answer.items():
        if item.kind in ("claim", "event"):
            assert item.citations, item.id
        assert set(item.citations) <= numbers, item.id
    for citation in answer.citations:
        assert citation.quote
        assert citation.file.endswith(".txt")


# --- timeline ------------------------------------------------------------------------------


def test_timeline_is_in_date_order_with_undated_last(briefing: Briefing):
    answer = briefing.timeline()
    assert answer.status is AnswerStatus.OK
    dates = [item.date for item in answer.items()]
    known = [d for d in dates if d is not None]
    assert known == sorted(known)
    assert dates[: len(known)] == known  # the undated ones come last
    assert len(answer.items()) == len(briefing.facts.events)
    assert_every_item_cited(answer)


def test_timeline_shows_date_precision(briefing: Briefing):
    items = {item.id: item for item in briefing.timeline().items()}
    for event in briefing.facts.events.values():
        item = items[event.id]
        assert item.date_precision == event.date.precision.value
        assert item.date_display == event.date.display()
        assert item.date_within == event.date.within


def test_an_attack_dated_only_between_two_events_is_not_shown_as_lasting_them(briefing: Briefing):
    # Al Jazeera puts the Bajaur attack "Days later" than 6 February and before the 19
    # February demarche: some day between, not an attack of thirteen days.
    [bajaur] = [i for i in briefing.timeline("bajaur").items() if i.id == "bajaur-attack"]
    assert bajaur.date_display == "between 7 and 19 Feb 2026"
    assert bajaur.date_within


def test_timeline_for_a_date_range(briefing: Briefing):
    answer = briefing.timeline("2026-02-20..2026-02-23")
    assert answer.items()
    low, high = dt.date(2026, 2, 20), dt.date(2026, 2, 23)
    for item in answer.items():
        assert item.date is not None
        spans = [(item.date, item.end_date or item.date)]
        spans += [(c.start, c.end or c.start) for c in item.claimed_dates]  # a disputed date
        assert any(start <= high and end >= low for start, end in spans), item.id


def test_timeline_for_a_place_includes_its_districts(briefing: Briefing):
    answer = briefing.timeline("bannu")
    assert answer.status is AnswerStatus.OK
    assert any("Bannu" in item.title or "Bannu" in item.text for item in answer.items())
    province = briefing.timeline("Khyber Pakhtunkhwa")
    assert {i.id for i in answer.items()} <= {i.id for i in province.items()}


# --- claims --------------------------------------------------------------------------------


def test_claims_bannu_is_cited(briefing: Briefing):
    answer = briefing.claims("bannu")
    assert answer.status is AnswerStatus.OK
    assert answer.items()
    assert any(
        "two soldiers" in item.text.casefold() or "2 soldiers" in (item.figure or "")
        for item in answer.items()
    )
    assert_every_item_cited(answer)


def test_mosque_death_toll_disputed_side_by_side(briefing: Briefing):
    answer = briefing.claims("Islamabad mosque bombing")
    disputed = [s for s in answer.sections if s.disputed]
    assert disputed
    shown = " ".join(item.figure or "" for s in disputed for item in s.items)
    assert "36" in shown
    assert "31" in shown
    # Both figures in one section: side by side, not merged into one number.
    assert any(
        {"36", "31"} <= {w for i in s.items for w in (i.figure or "").split()} for s in disputed
    )


def test_operation_losses_disputed_side_by_side(briefing: Briefing):
    answer = briefing.claims("Ghazab lil-Haq")
    disputed = [s for s in answer.sections if s.disputed]
    section = next(s for s in disputed if any("274" in (i.figure or "") for i in s.items))
    assert any("13" in (i.figure or "").split() for i in section.items)
    claimants = {i.claimant for i in section.items}
    assert len(claimants) >= 2  # each side attributed to its own claimant


def test_open_disputes_without_a_query(briefing: Briefing):
    answer = briefing.claims("")
    assert answer.sections
    assert all(s.disputed for s in answer.sections)
    assert_every_item_cited(answer)


def test_a_named_subjects_own_claim_leads_its_dispute(briefing: Briefing):
    """'Afghan authorities' names the Afghan Taliban: in each dispute its answer shows, the
    claim by or about it (or one of its own, e.g. its ministry of defence) comes first,
    before the other side's, however the words rank the two."""
    answer = briefing.claims("Afghan authorities")
    assert answer.title == "Claims: Afghan Taliban"
    family = briefing.snapshot.family("afghan-taliban")
    disputes = [s for s in answer.sections if s.disputed]
    assert disputes
    for section in disputes:
        first = briefing.facts.claims[section.items[0].id]
        assert first.claimant in family or family & set(first.about_actors), section.heading


def test_a_name_several_records_bear_is_their_subject_together(briefing: Briefing):
    """'Umair Jamal' is the writer and the article under his name: `claims` answers with
    what his article reports (it had matched his name's words in other claims instead), and
    `timeline` with the events it reports; 'Taliban' (a weak alias of two groups) names
    neither."""
    answer = briefing.claims("umair jamal")
    assert answer.title == "Claims: Umair Jamal (2 records)"
    sources = {briefing.facts.claims[i.id].quote.source for i in answer.items()[:5]}
    assert "jamal-open-war" in sources
    assert_every_item_cited(answer)
    assert briefing.timeline("umair jamal").title == "Timeline: Umair Jamal (2 records)"
    assert briefing.claims("taliban").title == "Claims: taliban"
    # `actor` looks up actors only: the writer, the one actor of that name.
    assert briefing.actor("umair jamal").title == "Umair Jamal"


def test_latest_is_the_newest_events_and_the_leading_disputes(briefing: Briefing):
    answer = briefing.latest()
    assert answer.title == "The latest"
    events = answer.sections[0].items
    assert len(events) == 5
    dates = [e.date for e in events if e.date]
    assert dates == sorted(dates, reverse=True)  # newest first
    disputes = [s for s in answer.sections if s.disputed]
    assert len(disputes) == 3
    assert all(len(s.items) > 1 for s in disputes)  # each whole, side by side
    # The disputes the most articles speak to (three each: the ceasefire, the mosque's toll,
    # the sanctuary), the ceasefire first: four voices speak in it (three outlets and Basit).
    groups = briefing.dispute_groups()
    leading = [groups[n] for n in briefing.most_voiced(groups, 3)]
    assert [{i.id for i in s.items} for s in disputes] == [set(g) for g in leading]
    assert any("mosque-toll-aljazeera" in g for g in leading)
    assert any(c.startswith("ceasefire") for c in leading[0]), leading[0]
    # Of the disputes two articles speak to, the parties' own 274 against 13 (four voices)
    # comes before an outlet's two dates for one attack (one voice).
    five = [groups[n] for n in briefing.most_voiced(groups, 5)]
    assert any({"army-taliban-killed", "mujahid-taliban-killed"} <= set(g) for g in five), five
    shown = f"{len(groups)} open dispute(s), 3 shown side by side"
    assert answer.summary == f"The 5 latest event(s) on the timeline; {shown}"
    assert_every_item_cited(answer)


@pytest.mark.parametrize(
    "question",
    [
        "what's new",
        "any updates?",
        "give me a briefing",
        "catch me up",
        "latest news",
        "news",
        "top stories",
        "fill me in",
    ],
)
def test_a_question_that_names_nothing_and_asks_whats_new_is_latest(
    briefing: Briefing, question: str
):
    command, _, rest = question.partition(" ")
    assert briefing.ask(command, rest).title == "The latest"


def test_latest_in_an_empty_store_says_there_is_nothing_yet():
    answer = Briefing(FactSet()).latest()
    assert answer.status is AnswerStatus.NO_MATCH
    assert answer.citations == []
    assert answer.summary == "The facts store holds no dated event and no open dispute yet."


@pytest.mark.parametrize(
    "question",
    ["why is this happening", "who is new", "what did the news say", "last attack in bannu"],
)
def test_a_question_about_something_in_particular_is_not_latest(briefing: Briefing, question: str):
    command, _, rest = question.partition(" ")
    assert briefing.ask(command, rest).title != "The latest"


def test_whats_new_about_a_subject_answers_about_it(briefing: Briefing):
    assert "bannu" in briefing.ask("what's", "new in bannu").title.casefold()
    assert briefing.ask("latest", "on bannu").title == "Timeline: Bannu"


def test_dispute_partner_shown_even_if_only_one_side_matches(briefing: Briefing):
    """Asking about an event shows every claim that disputes one of its claims, even when the
    disputing claim is filed under another event."""
    checked = 0
    for claim in briefing.facts.claims.values():
        if not claim.disputes or not claim.about_event:
            continue
        answer = briefing.claims(claim.about_event.replace("-", " "))  # the event's id
        assert answer.status is AnswerStatus.OK, claim.about_event
        shown = {i.id for s in answer.sections if s.disputed for i in s.items}
        assert claim.id in shown
        assert set(claim.disputes) <= shown
        checked += 1
    assert checked >= 3


# --- actor, source, search -----------------------------------------------------------------


@pytest.mark.parametrize("query", ["TTP", "tehreek-e-taliban", "Tehrik-i-Taliban Pakistan"])
def test_actor_ttp(briefing: Briefing, query: str):
    answer = briefing.actor(query)
    assert answer.status is AnswerStatus.OK
    assert answer.title == "Tehrik-e-Taliban Pakistan"
    note = answer.sections[0].note or ""
    assert "TTP" in note
    assert "Tehreek-e-Taliban Pakistan" in note
    assert answer.citations


@pytest.mark.parametrize("query", ["ISIS-K", "isis k", "ISKP", "IS-KP"])
def test_the_names_readers_type_for_iskp_find_it(briefing: Briefing, query: str):
    """'ISIS-K' is what many readers call it; no article does, so the alias is kept out of
    the articles' names (in_articles: false) but still finds the group."""
    assert briefing.actor(query).title == "Islamic State–Khorasan Province"


def test_actor_weak_alias_asks(briefing: Briefing):
    answer = briefing.actor("Taliban")
    assert answer.status is AnswerStatus.AMBIGUOUS
    assert answer.citations == []
    assert len(answer.suggestions) >= 2


def test_source_lists_and_finds_articles(briefing: Briefing):
    listing = briefing.source("")
    assert len(listing.items()) == len(briefing.facts.sources)
    answer = briefing.source("azernews")
    assert answer.status is AnswerStatus.OK
    assert "AzerNEWS" in answer.title


def test_unknown_metadata_stays_unknown(briefing: Briefing):
    answer = briefing.source("")
    texts = {i.id: i.text for i in answer.items()}
    for source in briefing.facts.sources.values():
        if source.published is None:
            assert "Published: unknown" in texts[source.id]
        if source.publisher is None:
            assert "Publisher: unknown" in texts[source.id]


def test_search_across_kinds(briefing: Briefing):
    answer = briefing.search("nowshera")
    assert answer.status is AnswerStatus.OK
    assert answer.items()


# --- no match, bad input -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["timeline", "claims", "actor", "source", "search"])
def test_honest_no_match_cites_nothing(briefing: Briefing, command: str):
    answer = briefing.ask(command, "pizza margherita")
    assert answer.status is AnswerStatus.NO_MATCH
    assert answer.citations == []
    assert answer.items() == []
    assert answer.suggestions == []  # nothing related: no fixed list of unrelated records
    assert "'pizza'" in (answer.summary or "")


def test_no_match_suggests_what_is_related_to_the_words(briefing: Briefing):
    answer = briefing.claims("earthquake in chile")
    assert answer.status is AnswerStatus.NO_MATCH
    assert answer.citations == []
    assert "'chile'" in (answer.summary or "")
    assert "search earthquake" in answer.suggestions
    assert not any("-" in s.split(" ", 1)[1] for s in answer.suggestions)  # names, not slugs


@pytest.mark.parametrize(
    "query", ["", "x" * 5000, "<@1> @everyone", "**bold** _it_", "ننگرهار", "\n\t", "'; DROP TABLE"]
)
@pytest.mark.parametrize("command", ["timeline", "claims", "actor", "source", "search"])
def test_bad_input_gets_a_clear_answer(briefing: Briefing, command: str, query: str):
    answer = briefing.ask(command, query)
    assert answer.title
    assert answer.status in set(AnswerStatus)
    assert "@everyone" not in answer.model_dump_json()
    assert "<@1>" not in answer.model_dump_json()


def test_a_mistyped_command_is_answered_as_meant(briefing: Briefing):
    answer = briefing.ask("claimz", "bannu")
    assert answer.status is AnswerStatus.OK
    assert answer.command == "claims"


def test_a_sentence_typed_as_a_command_is_a_search(briefing: Briefing):
    answer = briefing.ask("what", "happened in bannu?")
    assert answer.status is AnswerStatus.OK
    assert answer.command == "search"
    assert any(item.id == "bannu" for item in answer.items())


def test_an_unknown_word_as_a_command_gets_help(briefing: Briefing):
    answer = briefing.ask("xyzzy", "")
    assert answer.status is AnswerStatus.USAGE
    assert answer.command == "help"


@pytest.mark.parametrize(
    ("command", "query", "hint"),
    [
        ("actor", "nangahar", "claims Nangarhar"),
        ("source", "ttp", "actor Tehrik-e-Taliban Pakistan"),
    ],
)
def test_a_name_of_another_kind_points_at_the_right_command(
    briefing: Briefing, command: str, query: str, hint: str
):
    answer = briefing.ask(command, query)
    assert answer.status is AnswerStatus.NO_MATCH
    assert answer.citations == []
    assert hint in answer.suggestions
    assert all(not s.startswith(f"{command} ") for s in answer.suggestions)


@pytest.mark.parametrize(
    ("query", "title"), [("banu", "Timeline: Bannu"), ("islamabd", "Timeline: Islamabad")]
)
def test_a_misspelt_place_is_not_confused_with_what_is_tagged_with_it(
    briefing: Briefing, query: str, title: str
):
    assert briefing.timeline(query).title == title


# --- issue 10: how answers word figures, sources and differing accounts -------------------


def test_differing_accounts_are_side_by_side_but_not_disputed(briefing: Briefing):
    answer = briefing.ask("claims", "ceasefire")
    [differs] = [s for s in answer.sections if s.heading.startswith("Accounts differ")]
    assert not differs.disputed
    assert "neither contradicts the other" in (differs.note or "")
    ids = {item.id for item in differs.items}
    assert ids == {"ceasefire-mediators-aljazeera", "ceasefire-mediator-daljoog"}
    for item in differs.items:
        assert item.disputed_with == []
        assert item.differs_from
    disputed = [s for s in answer.sections if s.disputed]
    held = [s for s in disputed if any(i.id == "ceasefire-held-daljoog" for i in s.items)]
    assert held  # "largely held" against "shattered" / "collapsed": a real dispute


def test_figures_read_as_the_articles_wrote_them(briefing: Briefing):
    shown = {
        claim_id: briefing.facts.claims[claim_id].figure.display()  # type: ignore[union-attr]
        for claim_id in (
            "army-soldier-missing",
            "mujahid-bodies-taken",
            "strikes-civilians-afghan-authorities",
            "jamal-hundreds-pakistani-lives",
            "jamal-organisations-afghan-territory",
            "bajaur-child-killed-aljazeera",
        )
    }
    assert shown == {
        "army-soldier-missing": "one Pakistani soldier missing in action",
        "mujahid-bodies-taken": "23 bodies of Pakistani soldiers taken back to Afghanistan",
        "strikes-civilians-afghan-authorities": "dozens of casualties",
        "jamal-hundreds-pakistani-lives": "hundreds of Pakistani lives claimed",
        "jamal-organisations-afghan-territory": "more than a dozen organizations",
        "bajaur-child-killed-aljazeera": "one child killed",
    }


def test_sources_without_a_publisher_are_cited_by_author_or_description(briefing: Briefing):
    answer = briefing.ask("claims", "paktika")
    labels = {c.source_label for c in answer.citations}
    assert "unsigned opinion article on the Paktika strikes" in labels
    assert "Umair Jamal" in labels
    titles = [item.title for section in answer.sections for item in section.items]
    assert not any("publisher unknown" in t or "paktika-strikes-opinion" in t for t in titles)
    assert "Umair Jamal" in titles
    assert "Umair Jamal (own reporting)" not in titles


@pytest.mark.parametrize(("command", "query"), [("timeline", "21 feb"), ("timeline", "bajaur")])
def test_a_disputed_date_follows_the_summary_without_a_doubled_full_stop(
    briefing: Briefing, command: str, query: str
) -> None:
    texts = [item.text for item in briefing.ask(command, query).items() if item.text]
    assert any(". The date is disputed: " in text for text in texts)
    assert not any(".." in text for text in texts)


@pytest.mark.parametrize(
    "query", ["what happened on 26 february", "events on 26 feb", "all events on 26 feb"]
)
def test_words_around_a_date_that_name_nothing_leave_the_date(
    briefing: Briefing, query: str
) -> None:
    answer = briefing.ask("timeline", query)
    assert answer.status is AnswerStatus.OK
    assert [item.id for item in answer.items()] == [
        item.id for item in briefing.ask("timeline", "26 feb").items()
    ]


@pytest.mark.parametrize("query", ["what happened", "all events", "list all events"])
def test_a_timeline_question_that_names_nothing_is_the_whole_timeline(
    briefing: Briefing, query: str
) -> None:
    answer = briefing.ask("timeline", query)
    assert answer.status is AnswerStatus.OK
    assert len(answer.items()) == len(briefing.ask("timeline", "").items())


def test_a_known_name_with_no_events_says_so_and_points_to_what_the_store_holds(
    briefing: Briefing,
) -> None:
    answer = briefing.ask("timeline", "kunar")  # a province only a claim mentions
    assert answer.status is AnswerStatus.NO_MATCH
    assert answer.citations == []
    assert answer.summary.startswith("Kunar is a place in the facts store, but no event")
    assert answer.suggestions == ["claims Kunar", "search Kunar"]
    assert briefing.ask("claims", "Kunar").status is AnswerStatus.OK


def test_a_name_asks_about_its_record_not_about_records_sharing_some_of_its_words(
    briefing: Briefing,
):
    # The TTP's claims and those that name it lead; the tolls of the Afghan Taliban's
    # fighters ("274 Taliban fighters killed", said by Pakistan's army) share only the words
    # "Taliban" and "Pakistan" of its name.
    ids = [item.id for item in briefing.claims("Tehrik-e-Taliban Pakistan").items()]
    assert "kabul-denies-sanctuary-aljazeera" in ids
    assert not {"army-taliban-killed", "mujahid-taliban-killed"} & set(ids)
    # A slip of a name ranks as the name does.
    assert [i.id for i in briefing.claims("Tehrik-e-Taliban Pakistaan").items()][:3] == ids[:3]


@pytest.mark.parametrize("query", ["@everyone", "<@123>", "<#42>", "*", "_", "https://x.com/a"])
@pytest.mark.parametrize("command", ["timeline", "claims", "source"])
def test_a_query_of_only_what_discord_adds_asks_nothing(
    briefing: Briefing, command: str, query: str
):
    # Not the command with no query (every open dispute, the whole timeline): told so.
    answer = briefing.ask(command, query)
    assert answer.status is AnswerStatus.USAGE
    assert (answer.summary or "").startswith("Nothing to look up in “")
    assert not answer.citations
