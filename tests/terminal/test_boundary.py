"""The terminal's questions never load discord.py: `ask`, `console` and the digest preview run
in a fresh interpreter under `-X importtime`, which names every module imported; and the lint
rule that keeps it so (ruff's banned-api) refuses a discord import in facts/ and the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facts.store import Store
from tests.baseline import Dataset

REPO = Path(__file__).resolve().parents[2]
DISCORD_SIDE = ("discord", "aiohttp", "bot.app", "bot.render", "bot.cogs")
# Loaded only by what needs them (bot/terminal/run.py, bot/settings.py, what reads or writes
# YAML: see facts/yamllimits.py, a date that names a month: facts/dates.py, the package
# metadata: pydantic's plugin loader, see bot/terminal/__init__.py): each is a noticeable part
# of a start that is the whole of `briefing ask` on a store that exists.
LAZY = ("asyncio", "dotenv", "yaml", "dateutil", "importlib.metadata")
# What only the other commands need: their groups of the command line (bot/terminal/cli.py
# loads the named command's group only), the digest, the exports and the edit requests, and
# logging (the bot's: an error line of the terminal needs only its redaction).
OTHER_COMMANDS = (
    "bot.terminal.run",
    "bot.terminal.facts",
    "bot.terminal.digest",
    "bot.terminal.export",
    "bot.terminal.doctor",
    "bot.timeline_png",
    "facts.digest",
    "facts.exports",
    "facts.changes",
    "logging",
)


@pytest.fixture
def store(tmp_path: Path, dataset: Dataset) -> Path:
    path = tmp_path / "briefing.sqlite3"
    Store.open(path, seed_dir=dataset.root).close()
    return path


def imported(args: list[str], cwd: Path, stdin: str = "", exit_code: int = 0) -> list[str]:
    """The modules `python -X importtime -m bot ARGS` imports, after checking it exited with
    `exit_code`."""
    env = {key: value for key, value in os.environ.items() if key != "DISCORD_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == exit_code, done.stderr[-2000:]
    # Each line: "import time: self [us] | cumulative | <indent>module"
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return [line.rsplit("|", 1)[1].strip() for line in lines[1:]]  # [0] is the header


def among(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(f"{p}.") for p in packages)]


def discord_side(modules: list[str]) -> list[str]:
    return among(modules, DISCORD_SIDE)


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "!timeline"],
        ["ask", "--json", "!claims bannu"],
        ["digest", "--preview", "--now", "2026-03-02T08:00+00:00"],
    ],
    ids=["ask", "ask-json", "digest-preview"],
)
def test_terminal_questions_never_import_discord(store: Path, args: list[str]) -> None:
    modules = imported([*args, "--store", str(store)], cwd=store.parent)
    assert "bot.terminal.cli" in modules  # the output is what we think it is
    assert "facts.briefing" in modules
    assert discord_side(modules) == []


def test_a_question_leaves_out_what_only_other_commands_need(store: Path) -> None:
    modules = imported(["ask", "!actor TTP", "--store", str(store)], cwd=store.parent)
    assert "facts.briefing" in modules
    assert among(modules, LAZY) == []
    assert among(modules, OTHER_COMMANDS) == []


def test_the_health_check_never_imports_discord(store: Path) -> None:
    """`doctor --offline` (the container's health check) loads discord.py for nothing: the
    login it would check is skipped. No token here, so its token check fails (exit 1)."""
    modules = imported(["doctor", "--offline", "--store", str(store)], store.parent, exit_code=1)
    assert "bot.terminal.doctor" in modules
    assert discord_side(modules) == []


def test_the_console_on_a_pipe_never_imports_discord(store: Path) -> None:
    modules = imported(["console", "--store", str(store)], store.parent, "!actor TTP\nquit\n")
    assert "bot.terminal.console" in modules
    assert discord_side(modules) == []


def lint(where: str, line: str) -> subprocess.CompletedProcess[str]:
    """Ruff's banned-api check, with this repository's settings, on one line said to be in
    the file `where` (ruff is a dev dependency, installed next to the interpreter)."""
    ruff = Path(sys.executable).with_name("ruff")
    return subprocess.run(
        [str(ruff), "check", "--select", "TID251", "--stdin-filename", where, "-"],
        input=f"{line}\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "where", ["facts/anything.py", "bot/terminal/console.py", "bot/render_text.py"]
)
@pytest.mark.parametrize(
    "line",
    ["import discord", "from discord.ext import commands", "from bot.app import BriefingBot"],
)
def test_the_lint_rule_refuses_discord_outside_the_adapter(where: str, line: str) -> None:
    checked = lint(where, line)
    assert checked.returncode == 1
    assert "TID251" in checked.stdout


def test_the_lint_rule_allows_discord_in_the_adapter() -> None:
    checked = lint("bot/cogs/new.py", "import discord")
    assert checked.returncode == 0, checked.stdout
