"""Whatever people type (any script, any length, markdown, mentions, control characters), every
question gets an answer within Discord's limits, and no mention survives into it."""

from __future__ import annotations

import itertools
import json
import resource
import subprocess
import sys
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio
from discord.ext import commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import BriefingBot, create_bot
from bot.forms import read_off_loop
from bot.limits import EMBED_DESCRIPTION, EMBED_TOTAL
from bot.render import render_embeds
from bot.render_text import render_json, render_text
from bot.settings import Settings
from bot.terminal.console import answer_line, parse_command
from facts.answers import AnswerStatus
from facts.briefing import Briefing
from facts.dataset import load_dir
from facts.edits import EditSyntaxError, read_input
from facts.search import MAX_QUERY_CHARS
from facts.store import Store
from facts.text import MENTION as MENTION_RE
from facts.text import echo, escape_mentions, strip_mentions
from tests.helpers import started

COMMANDS = ["timeline", "claims", "actor", "source", "search", "help", "nonsense"]
MENTION = st.sampled_from(["<@123>", "<@!45>", "<@&6>", "<#7>", "@everyone", "@here"])
PIECES = st.one_of(
    st.text(max_size=40),
    MENTION,
    st.sampled_from(["**", "__", "~~", "`", "```", "> ", "||", "\\", "[x](http://a.b)"]),
    st.sampled_from(["Bannu", "TTP", "tehreek", "Nangahar", "ننگرهار", "Нангархар", "2026-02"]),
)
QUERIES = st.lists(PIECES, max_size=8).map(" ".join) | st.text(min_size=1000, max_size=6000)


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
# In-process tests use a bomb that stays small even if a regression expanded it; the full one
# only runs in a subprocess with a memory limit.
SMALL_BOMB = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"


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
        [sys.executable, "-m", "bot", "facts", "validate", str(dataset.root)],
        cwd=Path(__file__).parents[2],
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
        (f"!fact add claim\n```yaml\n{SMALL_BOMB}```", "anchors and aliases"),
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


# --- mentions and echoes -----------------------------------------------------------------------

LOOKALIKES = ["＠everyone", "﹫here", "@everyone_x", "＜@&123＞", "<@!45>", "@Here"]


def _pings(text: str) -> bool:
    return MENTION_RE.search(unicodedata.normalize("NFKC", text)) is not None


@pytest.mark.parametrize("mention", LOOKALIKES)
@pytest.mark.parametrize("command", ["search", "actor", "claims"])
def test_a_mention_lookalike_never_comes_back_as_a_mention(
    briefing: Briefing, command: str, mention: str
):
    answer = briefing.ask(command, f"{mention} bannu {mention}")
    assert not _pings(render_text(answer))
    assert not _pings(str(render_json(answer)))
    for embed in render_embeds(answer):
        assert not _pings(str(embed.to_dict()))


def test_an_unknown_command_is_echoed_as_a_bounded_prefix(briefing: Briefing):
    answer = answer_line(briefing, "!" + "x" * 5000)
    assert answer.status is AnswerStatus.USAGE
    assert len(answer.summary or "") < 200
    direct = briefing.ask("y" * 5000)  # even asked directly, a page stays within its limits
    for embed in render_embeds(direct):
        assert len(embed.description or "") <= EMBED_DESCRIPTION
        assert len(embed) <= EMBED_TOTAL


def test_an_unknown_command_cannot_close_its_code_span(briefing: Briefing):
    answer = answer_line(briefing, "!a`<@&123>`b")
    assert answer.summary is not None
    assert answer.summary.count("`") % 2 == 0
    assert not _pings(answer.summary)


def test_echo_is_bounded_escaped_and_backtick_free():
    assert echo("x" * 5000, 40) == "x" * 39 + "…"
    assert echo("a`<@&123>`b") == "aˋ<@&\u200b123>ˋb"
    assert escape_mentions("＠everyone and @here_x") == "@\u200beveryone and @\u200bhere_x"
    assert escape_mentions("½ of 20") == "½ of 20"  # text that is no mention keeps its characters
    assert strip_mentions("＠everyone ﹫here @everyone_x <@&1> bannu").split() == ["_x", "bannu"]


@pytest_asyncio.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BriefingBot]:
    with Store.open(tmp_path / "store.sqlite3") as store:
        bot = create_bot(Settings(cooldown_seconds=0), store, intents=discord.Intents.all())
        await started(bot, dpytest=True)
        yield bot
        await dpytest.empty_queue()


@pytest.mark.parametrize(
    "line", ["!a`<@&123>`b", "!＠everyone", "!@everyone_x", "!" + "z" * 5000, "!﹫here"]
)
async def test_an_unknown_command_on_discord_is_echoed_bounded_and_escaped(
    bot: BriefingBot, line: str
):
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message(line)
    content = dpytest.get_message().content
    assert len(content) < 300
    assert not _pings(content)
    assert content.count("`") % 2 == 0


# --- argument bytes under any locale -----------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"},  # strict UTF-8 output
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii:strict"},
        {"LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
    ],
    ids=["strict-utf8", "ascii", "utf8-mode"],
)
@pytest.mark.parametrize("json_flag", [True, False], ids=["json", "text"])
def test_any_argument_bytes_get_an_answer(tmp_path: Path, env: dict[str, str], json_flag: bool):
    store = tmp_path / "store.sqlite3"
    Store.open(store).close()
    argv = [sys.executable.encode(), b"-m", b"bot", b"ask", b"--store", bytes(store)]
    result = subprocess.run(
        [*argv, *([b"--json"] if json_flag else []), b"!search \xff bannu \xed\xa0\x80"],
        cwd=Path(__file__).parents[2],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr
    out = result.stdout.decode("utf-8")  # valid UTF-8 (or ASCII) whatever came in
    if json_flag:
        assert json.loads(out)["command"] == "search"


def test_a_record_file_with_a_bomb_is_one_line_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from bot.terminal.cli import main
    from tests.baseline import make_seed

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(make_seed(tmp_path / "seed")))
    record = tmp_path / "record.yaml"
    record.write_text(SMALL_BOMB, encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    assert main(["facts", "add", "claim", "--file", str(record), "--store", str(store)]) == 1
    assert capsys.readouterr().err == (
        "Refused, nothing changed: yaml: line 1: anchors and aliases (& and *) are not accepted\n"
    )
