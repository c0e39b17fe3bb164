"""The console and `briefing ask`: the bot's commands in a terminal, through the same code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot.app import BriefingBot
from bot.terminal.cli import main
from bot.terminal.console import parse_command, run_console
from facts.briefing import Briefing
from facts.dataset import load_dir
from facts.library import Library


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token and no stray .env: what a newcomer on a fresh clone has."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("BRIEFING_DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("!claims bannu", ("claims", "bannu")),
        ("/claims  bannu  ", ("claims", "bannu")),
        ("claims bannu", ("claims", "bannu")),
        ("!TIMELINE", ("timeline", "")),
        ("! actor TTP", ("actor", "TTP")),
        ("", ("", "")),
    ],
)
def test_parse_command(line: str, expected: tuple[str, str]):
    assert parse_command(line) == expected


def scripted(lines: list[str]):
    feed = iter(lines)

    def read(_prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return read


def test_console_answers_like_the_channel():
    out: list[str] = []
    library = Library.from_facts(load_dir()[0])
    code = run_console(
        library,
        read=scripted(["!actor TTP", "", "!claims nangahar", "quit", "!never reached"]),
        write=out.append,
    )
    assert code == 0
    text = "\n".join(out)
    assert "Tehrik-e-Taliban Pakistan" in text
    assert "Claims: Nangarhar" in text
    assert "SOURCES" in text
    assert "never reached" not in text


def test_a_bug_in_one_answer_is_one_line_and_the_session_goes_on(
    monkeypatch: pytest.MonkeyPatch,
):
    out: list[str] = []
    library = Library.from_facts(load_dir()[0])
    real = Briefing.ask

    def ask(self: Briefing, command: str, query: str = "") -> object:
        if query == "the bug":
            raise OverflowError("date value out of range")
        return real(self, command, query)

    monkeypatch.setattr(Briefing, "ask", ask)
    lines = ["!timeline the bug", "!actor TTP"]
    assert run_console(library, read=scripted(lines), write=out.append) == 0
    text = "\n".join(out)
    assert "that failed unexpectedly (OverflowError: date value out of range)" in text
    assert "Traceback" not in text
    assert "Tehrik-e-Taliban Pakistan" in text  # the next question is answered


def test_console_ends_on_eof():
    out: list[str] = []
    library = Library.from_facts(load_dir()[0])
    assert run_console(library, read=scripted([]), write=out.append) == 0


def test_ask_prints_the_channel_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    store = tmp_path / "s.sqlite3"
    assert main(["ask", "--store", str(store), "!claims bannu"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Claims: Bannu")
    assert "[1] " in out


def test_ask_json_carries_citations_and_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    store = tmp_path / "s.sqlite3"
    assert main(["ask", "--store", str(store), "--json", "!timeline bannu"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"].startswith("Timeline: Bannu")
    assert data["citations"]
    for citation in data["citations"]:
        assert set(citation) >= {"source_id", "file", "publisher", "date", "quote"}
    for item in data["items"]:
        assert item["kind"] == "event"
        assert item["id"]
        assert item["date"] is None or len(item["date"]) == 10


def test_run_without_token_opens_the_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr("builtins.input", scripted(["!actor ispr", "quit"]))
    monkeypatch.setattr("bot.terminal.run.someone_is_typing", lambda: True)  # at a terminal
    assert main(["run", "--store", str(tmp_path / "s.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "No DISCORD_TOKEN" in out
    assert "Inter-Services Public Relations" in out


def test_run_without_token_as_a_service_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr("bot.terminal.run.someone_is_typing", lambda: False)  # systemd, a container
    assert main(["run", "--store", str(tmp_path / "s.sqlite3")]) == 1
    assert "DISCORD_TOKEN is not set" in capsys.readouterr().err


def test_piped_commands_count_as_someone_typing(tmp_path: Path):
    """`echo '!claims bannu' | briefing run` answers; stdin from /dev/null (a service) does
    not wait for a console that nobody uses."""
    store = str(tmp_path / "s.sqlite3")
    env = {k: v for k, v in os.environ.items() if "DISCORD_TOKEN" not in k}
    command = [sys.executable, "-m", "bot", "run", "--store", store]
    piped = subprocess.run(
        command,
        input="!claims bannu\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert piped.returncode == 0
    assert "Claims: Bannu" in piped.stdout
    with open(os.devnull) as nothing:
        detached = subprocess.run(
            command,
            stdin=nothing,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
    assert detached.returncode == 1
    assert "DISCORD_TOKEN is not set" in detached.stderr


def test_sync_registers_every_slash_command_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """`briefing sync --guild`: log in (which loads the cogs), copy the commands to the guild
    and sync them. Discord itself is replaced: login only runs the setup hook, as the real
    one does after its HTTP calls."""

    async def login(self: BriefingBot, token: str) -> None:
        assert token == "abc.def.ghi"
        await self.setup_hook()

    synced: list[int | None] = []

    async def sync(self: app_commands.CommandTree, *, guild: discord.abc.Snowflake | None = None):
        synced.append(guild.id if guild else None)
        return self.get_commands(guild=guild)

    monkeypatch.setenv("DISCORD_TOKEN", "abc.def.ghi")
    monkeypatch.setattr(BriefingBot, "login", login)
    monkeypatch.setattr(app_commands.CommandTree, "sync", sync)
    assert main(["sync", "--store", str(tmp_path / "s.sqlite3"), "--guild", "42"]) == 0
    assert synced == [42]
    count = int(capsys.readouterr().out.split()[1])
    assert count >= 7  # timeline, claims, actor, source, search, help, fact, digest


def test_sync_without_a_token_says_what_is_missing(capsys: pytest.CaptureFixture[str]):
    assert main(["sync"]) == 1
    assert "DISCORD_TOKEN" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["facts", "add", "claim", "--file", "missing.yaml"],
        ["facts", "source-add", "new-article", "--file", "missing.txt"],
    ],
)
def test_a_missing_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
):
    assert main([*argv, "--store", str(tmp_path / "s.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("briefing: ")
    assert "missing." in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("line", "equivalent"),
    [
        ("!export timelinejs bannu", "briefing export FORMAT [QUERY]"),
        ("!fact edit mosque-toll-dawn figure.value=3", "briefing facts ..."),
        ("/digest preview", "briefing digest --preview"),
    ],
)
def test_a_discord_command_names_its_terminal_equivalent(line: str, equivalent: str):
    """Not searched for ("No match for 'export timelinejs bannu'"): one line saying what to run."""
    out: list[str] = []
    library = Library.from_facts(load_dir()[0])
    assert run_console(library, read=scripted([line]), write=out.append) == 0
    command = line[1:].split(maxsplit=1)[0]
    assert out[1] == f"`!{command}` is a Discord command. In a terminal: `{equivalent}`."


def test_console_help_is_the_channels_for_one_command(capsys: pytest.CaptureFixture[str]):
    assert main(["ask", "--store", "s.sqlite3", "!help", "claims"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Help: !claims\n")
    assert "e.g. `!claims bannu` · `!claims ttp` · `!claims`" in out
    assert "!timeline" not in out
    assert main(["ask", "--store", "s.sqlite3", "!help"]) == 0
    out = capsys.readouterr().out
    assert "WHAT IT CANNOT DO" in out
    assert "In a terminal: `briefing facts ...`." in out


def test_a_bug_in_a_command_is_one_line_for_the_operator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    def broken(self: Briefing, command: str, query: str = "") -> object:
        raise KeyError("no such thing")

    monkeypatch.setattr(Briefing, "ask", broken)
    store = str(tmp_path / "s.sqlite3")
    assert main(["ask", "!claims bannu", "--store", store]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("briefing: that failed unexpectedly (KeyError: 'no such thing')")
    monkeypatch.setenv("BRIEFING_LOG_LEVEL", "DEBUG")  # where, when asked
    with pytest.raises(KeyError):
        main(["ask", "!claims bannu", "--store", store])
