"""`briefing run` when Discord says no: every failure is one redacted line and exit 1, never
an interpreter traceback (which the log filter does not see, and which can hold the token
when a server echoes the Authorization header); and however the bot stops, the store is
closed. The real `briefing run` runs (the bot in `async with`), with discord.py's HTTP and
gateway calls replaced: no network."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

import discord
import pytest
from discord.http import HTTPClient

from bot.app import BriefingBot
from bot.settings import Settings, env_name
from bot.terminal.cli import main
from facts.store import Store
from tests.baseline import Dataset

TOKEN = "MTA0NTY3ODkwMTIzNDU2Nzg5MA.GabcDE.abcdefghijklmnopqrstuvwxyz0123456"
USER = {"id": "1234", "username": "briefing", "discriminator": "0", "avatar": None}


pytestmark = pytest.mark.usefixtures("restore_root_logger")


@pytest.fixture
def env(tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment with the token set and a store seeded from `dataset`."""
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(env_name(name), raising=False)
    store = tmp_path / "briefing.sqlite3"
    Store.open(store, seed_dir=dataset.root).close()
    monkeypatch.setenv("BRIEFING_STORE", str(store))
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    return store


def http_error(status: int, text: str) -> discord.HTTPException:
    return discord.HTTPException(MagicMock(status=status, reason="refused"), text)


def refuse_http(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    async def request(self: HTTPClient, route: Any, **kwargs: Any) -> Any:
        raise exc

    monkeypatch.setattr(HTTPClient, "request", request)


def log_in_then(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """The login succeeds; the gateway connection fails with `exc`."""

    async def static_login(self: HTTPClient, token: str) -> dict[str, object]:
        return USER

    async def application_info(self: HTTPClient) -> dict[str, object]:
        return {"id": "1234", "name": "Briefing", "description": "", "icon": None,
                "bot_public": False, "bot_require_code_grant": False, "owner": USER,
                "verify_key": "k", "flags": 0}  # fmt: skip

    async def connect(self: BriefingBot, *, reconnect: bool = True) -> None:
        raise exc

    monkeypatch.setattr(HTTPClient, "static_login", static_login)
    monkeypatch.setattr(HTTPClient, "application_info", application_info)
    monkeypatch.setattr(BriefingBot, "connect", connect)


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    """What `briefing run` said, apart from its key=value log lines: exactly one line, with
    no traceback and no part of the token."""
    out, err = capsys.readouterr()
    everything = out + err
    assert "Traceback" not in everything
    for piece in (TOKEN, TOKEN[:24], TOKEN[-24:]):
        assert piece not in everything
    said = [line for line in everything.splitlines() if not line.startswith("time=")]
    assert len(said) == 1, said
    return said[0]


def test_a_refused_token_is_one_line_even_when_the_server_echoes_it(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refuse_http(monkeypatch, http_error(401, f"401: Unauthorized (Authorization: Bot {TOKEN})"))
    assert main(["run"]) == 1
    line = one_line(capsys)
    assert line.startswith("briefing run: Discord refused the token")
    assert "Reset Token" in line


def test_intents_not_enabled_is_one_line_saying_where_to_turn_them_on(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log_in_then(monkeypatch, discord.PrivilegedIntentsRequired(None))
    assert main(["run"]) == 1
    line = one_line(capsys)
    assert "Message Content Intent is not enabled" in line
    assert "Privileged Gateway Intents" in line


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (4004, "Discord refused the token"),
        (4014, "Message Content Intent is not enabled"),
        (4000, "Discord closed the connection (code 4000)"),
    ],
)
def test_a_gateway_close_is_one_line(
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    said: str,
) -> None:
    log_in_then(monkeypatch, discord.ConnectionClosed(MagicMock(), shard_id=None, code=code))
    assert main(["run"]) == 1
    assert said in one_line(capsys)


@pytest.mark.parametrize(
    "exc",
    [
        http_error(500, f"upstream said: Bot {TOKEN}"),
        OSError(f"cannot connect, header Bot {TOKEN}"),
        RuntimeError(f"something odd with {TOKEN}"),
    ],
    ids=["http", "network", "unexpected"],
)
def test_any_other_failure_is_one_redacted_line(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], exc: Exception
) -> None:
    refuse_http(monkeypatch, exc)
    assert main(["run"]) == 1
    line = one_line(capsys)
    assert line.startswith("briefing run: ")
    assert "[REDACTED]" in line


@pytest.mark.parametrize("variable", ["BRIEFING_COMMAND_PREFIX", "BRIEFING_GUILD_ID"])
def test_the_token_in_the_wrong_variable_is_not_echoed(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str
) -> None:
    """pydantic's own message shows the value's first and last 24 characters."""
    monkeypatch.delenv("DISCORD_TOKEN")
    monkeypatch.setenv(variable, TOKEN)
    assert main(["run"]) == 1
    line = one_line(capsys)
    assert line.startswith(f"briefing: the settings are invalid: {variable}=(")
    assert "characters, not shown)" in line
    assert TOKEN not in line
    assert "briefing doctor" in line


@pytest.mark.parametrize(
    ("level", "shown"), [("LOUD", "=LOUD is not a log level"), (TOKEN, "characters, not shown")]
)
def test_a_bad_log_level_is_one_line(
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    level: str,
    shown: str,
) -> None:
    monkeypatch.setenv("BRIEFING_LOG_LEVEL", level)
    assert main(["run"]) == 1
    line = one_line(capsys)
    assert shown in line
    assert "BRIEFING_LOG_LEVEL" in line
    assert TOKEN not in line


@pytest.fixture
def closed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths of the stores closed while the test runs."""
    paths: list[Path] = []
    close = Store.close

    def spy(self: Store) -> None:
        paths.append(self.path)
        close(self)

    monkeypatch.setattr(Store, "close", spy)
    return paths


def stop_with(monkeypatch: pytest.MonkeyPatch, stop: Any) -> None:
    """The login succeeds; then the gateway connection runs `stop`."""
    log_in_then(monkeypatch, RuntimeError("unused"))

    async def connect(self: BriefingBot, *, reconnect: bool = True) -> None:
        await stop()

    monkeypatch.setattr(BriefingBot, "connect", connect)


async def _returns() -> None:
    return None


async def _sigterm() -> None:
    signal.raise_signal(signal.SIGTERM)
    await asyncio.sleep(5)  # the signal cancels this wait
    raise AssertionError("SIGTERM did not stop the bot")


def test_the_store_is_closed_when_the_bot_stops(
    env: Path, monkeypatch: pytest.MonkeyPatch, closed: list[Path]
) -> None:
    stop_with(monkeypatch, _returns)
    assert main(["run"]) == 0
    assert closed == [env]


def test_the_store_is_closed_when_the_bot_fails(
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    closed: list[Path],
) -> None:
    log_in_then(monkeypatch, discord.PrivilegedIntentsRequired(None))
    assert main(["run"]) == 1
    assert "Message Content Intent" in one_line(capsys)
    assert closed == [env]


def test_sigterm_stops_the_bot_cleanly_and_closes_the_store(
    env: Path, monkeypatch: pytest.MonkeyPatch, closed: list[Path]
) -> None:
    # A safety net: if `run` installed no handler of its own, this one is hit instead of the
    # default action (which would end the test run).
    hits: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: hits.append(number))
    try:
        stop_with(monkeypatch, _sigterm)
        assert main(["run"]) == 0
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert hits == []
    assert closed == [env]


def test_a_store_it_cannot_open_is_its_own_line_not_an_unexpected_failure(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = sqlite3.connect(env)
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()
    assert main(["run"]) == 1
    line = one_line(capsys)
    assert "newer briefing" in line
    assert "unexpected" not in line
