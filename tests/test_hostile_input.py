"""Whatever people type (any script, any length, markdown, mentions, control characters), every
question gets an answer within Discord's limits, and no mention survives into it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.console import parse_command
from bot.render import EMBED_TOTAL, render_embeds, render_text
from facts.answers import AnswerStatus
from facts.briefing import Briefing
from facts.dataset import load_dir
from facts.search import MAX_QUERY_CHARS

COMMANDS = ["timeline", "claims", "actor", "source", "search", "help", "nonsense"]
MENTION = st.sampled_from(["<@123>", "<@!45>", "<@&6>", "<#7>", "@everyone", "@here"])
PIECES = st.one_of(
    st.text(max_size=40),
    MENTION,
    st.sampled_from(["**", "__", "~~", "`", "```", "> ", "||", "\\", "[x](http://a.b)"]),
    st.sampled_from(["Bannu", "TTP", "tehreek", "Nangahar", "ننگرهار", "Нангархар", "2026-02"]),
)
QUERIES = st.lists(PIECES, max_size=8).map(" ".join) | st.text(min_size=1000, max_size=6000)


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return Briefing(load_dir()[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), query=QUERIES)
def test_any_input_gets_a_bounded_answer_without_mentions(
    briefing: Briefing, command: str, query: str
):
    answer = briefing.ask(command, query)
    assert answer.status in set(AnswerStatus)
    assert len(answer.query) <= MAX_QUERY_CHARS + 40
    text = render_text(answer)
    for mention in ("@everyone", "@here", "<@123>", "<@!45>", "<@&6>", "<#7>"):
        assert mention not in text
    for embed in render_embeds(answer):
        assert len(embed) <= EMBED_TOTAL


@settings(max_examples=200, deadline=None)
@given(line=st.text(max_size=300))
def test_any_console_line_parses(line: str):
    command, query = parse_command(line)
    assert command == command.casefold()
    assert query == query.strip()
