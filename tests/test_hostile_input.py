"""Whatever people type (any script, any length, markdown, mentions, control characters), every
question gets an answer within Discord's limits, and no mention survives into it."""

from __future__ import annotations

import itertools
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.console import parse_command
from bot.forms import read_input, read_off_loop
from bot.render import EMBED_TOTAL, render_embeds, render_text
from facts.answers import AnswerStatus
from facts.briefing import Briefing
from facts.dataset import load_dir
from facts.edits import EditSyntaxError
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


# --- YAML bombs and deep nesting -------------------------------------------------------------

LEVELS = "abcdefghij"
# A "billion laughs": ten lines, each nine times the one above (9**10 strings once expanded).
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + above] * 9)}]\n"
    for above, name in itertools.pairwise(LEVELS)
)
DEEP = "[" * 30_000 + "]" * 30_000


def _limited(megabytes: int) -> Callable[[], None]:
    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def test_curated_files_with_a_bomb_or_deep_nesting_are_refused_within_bounds(dataset):
    """`facts validate` on 600 bytes of aliases and 30,000 levels of nesting: one line for each
    naming the limit, in a process that may not take more than 1 GB (it took 2 GB, and the
    nesting crashed libyaml's composer)."""
    (dataset.root / "claims.yaml").write_text(BOMB, encoding="utf-8")
    (dataset.root / "events.yaml").write_text(DEEP, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "facts", "validate", str(dataset.root)],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_limited(1024),
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "claims.yaml:1: -: -: not valid YAML: anchors and aliases (& and *) are not accepted"
        in result.stdout
    )
    assert "events.yaml:1: -: -: not valid YAML: nested deeper than 32 levels" in result.stdout


def test_a_curated_file_past_the_size_limit_is_refused(dataset, monkeypatch):
    monkeypatch.setattr("facts.dataset.FILE_CHARS", 100)
    _, problems = load_dir(dataset.root)
    assert any("longer than 100 characters" in str(p) for p in problems)


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        (f"!fact add claim\n```yaml\n{BOMB}```", "anchors and aliases"),
        ("id=x aliases=[&a [1, 2], *a, *a]", "anchors and aliases"),
        ("```yaml\nid: " + "[" * 1000 + "]" * 1000 + "\n```", "nested deeper than 32 levels"),
        ("```yaml\nid: " + "x" * 20_000 + "\n```", "longer than 16,000 characters"),
    ],
)
def test_moderator_yaml_is_read_within_limits(text: str, limit: str):
    started = time.perf_counter()
    with pytest.raises(EditSyntaxError, match=limit):
        read_input(text)
    assert time.perf_counter() - started < 1


async def test_moderator_input_is_read_off_the_loop_within_a_time_bound(monkeypatch):
    monkeypatch.setattr("bot.forms.READ_SECONDS", 0.05)
    with pytest.raises(EditSyntaxError, match="took longer than"):
        await read_off_loop(lambda: time.sleep(0.5))
    assert await read_off_loop(lambda: read_input("id=x")) is not None
