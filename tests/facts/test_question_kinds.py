"""Kinds of question reporters type that the bot once got wrong while the store held the
answer, each checked as a kind (a rule of reading or ranking), not as one question."""

from __future__ import annotations

from facts.answers import AnswerStatus
from facts.briefing import Briefing
from facts.questions import plain_numbers


def ids(answer) -> list[str]:
    return [item.id for item in answer.items()]


def first_claim(briefing: Briefing, query: str):
    answer = briefing.claims(query)
    assert answer.status is AnswerStatus.OK, query
    return briefing.facts.claims[ids(answer)[0]]


# --- "how many X were Y": the figure that counts X and says Y ------------------------------


def test_how_many_leads_with_the_figure_that_counts_what_is_asked(briefing: Briefing):
    for query, unit, measure in [
        ("how many posts were destroyed", "posts", "destroyed"),
        ("how many posts were captured", "posts", "captured"),
        ("how many civilians were killed in the strikes", "civilians", "killed"),
    ]:
        figure = first_claim(briefing, query).figure
        assert figure is not None, query
        assert unit in figure.unit, (query, figure)
        assert measure in figure.measure, (query, figure)


def test_a_figure_that_counts_something_else_ranks_below_one_that_counts_it(
    briefing: Briefing,
):
    ranked = ids(briefing.claims("how many people were killed in militant attacks last year"))
    assert ranked.index("pips-killed") < ranked.index("pips-injured")


def test_a_number_with_a_thousands_comma_is_one_number(briefing: Briefing):
    assert plain_numbers("1,034 killed, 1,366 injured in 2,025 of 12,3456") == (
        "1034 killed, 1366 injured in 2025 of 12,3456"
    )
    assert ids(briefing.claims("1,034"))[0] == "pips-killed"


# --- a sentence asking what someone says is answered by their claims -----------------------


def test_what_did_someone_say_typed_as_a_sentence_is_answered_by_claims(briefing: Briefing):
    for command, rest in [
        ("what", "did pakistan say about the strikes"),
        ("how", "did india react to the strikes"),
        ("what", "does abdul basit think"),
    ]:
        answer = briefing.ask(command, rest)
        assert answer.command == "claims", (command, rest)
        assert answer.status is AnswerStatus.OK
    assert briefing.ask("what", "happened in bannu?").command == "search"
