"""Logging: one handler however often it is set up, key=value lines, and the token never in
any line, whether in the message, an argument, an exception or discord.py's own loggers."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.logs import REDACTED, setup_logging
from bot.terminal import run

TOKEN = "MTA0NTY3ODkwMTIzNDU2Nzg5MA.GabcDE.abcdefghijklmnopqrstuvwxyz0123456"
# Shaped like a token but never configured: an old token pasted into a message.
OTHER = "OTk5OTk5OTk5OTk5OTk5OTk5OQ.Gxyzzy.ZYXWVUTSRQPONMLKJIHGFEDCBA98765"


pytestmark = pytest.mark.usefixtures("restore_root_logger")


@pytest.fixture
def out() -> io.StringIO:
    stream = io.StringIO()
    setup_logging("INFO", secrets=[TOKEN], stream=stream)
    return stream


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.get_name() == "briefing"]


def test_set_up_twice_is_one_handler(out: io.StringIO) -> None:
    setup_logging("DEBUG", secrets=["second-secret"])
    assert len(ours()) == 1
    assert logging.getLogger().level == logging.DEBUG
    logging.getLogger("bot").info("first %s then %s", TOKEN, "second-secret")
    line = out.getvalue()
    assert TOKEN not in line
    assert "second-secret" not in line
    assert line.count(REDACTED) == 2


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown log level"):
        setup_logging("LOUD")


def test_command_line_is_key_value(out: io.StringIO) -> None:
    # The same call bot/cogs/query.py makes for every command.
    logging.getLogger("bot.cogs.query").info(
        "command=%s user=%s query=%r status=%s ms=%.1f", "claims", 42, "bannu", "ok", 3.21
    )
    [line] = out.getvalue().splitlines()
    assert line.startswith("time=")
    assert " level=INFO logger=bot.cogs.query command=claims user=42 query='bannu'" in line
    assert line.endswith("status=ok ms=3.2")


def test_plain_message_is_quoted(out: io.StringIO) -> None:
    logging.getLogger("discord.client").warning('said "hello"\nthen left')
    [line] = out.getvalue().splitlines()
    assert 'level=WARNING logger=discord.client msg="said \\"hello\\"\\nthen left"' in line


def test_configured_token_never_appears(out: io.StringIO) -> None:
    logging.getLogger("discord.gateway").info(f"identify with {TOKEN}")  # in the message
    logging.getLogger("discord.http").info("header %s", f"Bot {TOKEN}")  # in an argument
    logging.getLogger("discord.http").info("payload %r", {"token": TOKEN})  # inside an object
    text = out.getvalue()
    assert TOKEN not in text
    assert text.count(REDACTED) == 3


def test_token_shaped_strings_are_redacted_even_if_not_configured(out: io.StringIO) -> None:
    logging.getLogger("bot").info("someone pasted %s", OTHER)
    assert OTHER not in out.getvalue()
    assert "someone pasted [REDACTED]" in out.getvalue()


def test_exception_text_is_redacted_and_on_one_line(out: io.StringIO) -> None:
    try:
        raise RuntimeError(f"login failed for {TOKEN} and {OTHER}")
    except RuntimeError:
        logging.getLogger("bot.cogs.errors").exception("command %s failed", "claims")
    text = out.getvalue()
    [line] = text.splitlines()
    assert TOKEN not in text
    assert OTHER not in text
    assert 'exc="Traceback' in line
    assert "RuntimeError: login failed for [REDACTED] and [REDACTED]" in line


def test_ordinary_dotted_names_are_left_alone(out: io.StringIO) -> None:
    logging.getLogger("bot").info("loaded bot.cogs.query from facts/data/claims.yaml")
    assert REDACTED not in out.getvalue()


def test_stderr_through_capsys(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("INFO", secrets=[TOKEN])  # the default stream: stderr
    logging.getLogger("discord.client").error("bad token %s", TOKEN)
    err = capsys.readouterr().err
    assert "logger=discord.client" in err
    assert TOKEN not in err


def test_run_bot_sets_up_logging_with_the_token_as_a_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("BRIEFING_LOG_LEVEL", "DEBUG")
    seen: dict[str, Any] = {}

    class FakeBot:
        async def __aenter__(self) -> FakeBot:
            return self

        async def __aexit__(self, *exc: object) -> None:
            return None

        async def start(self, token: str) -> None:
            seen.update(token=token)
            # What a careless library line would do with the token.
            logging.getLogger("discord.client").debug("logging in with %s", token)

    @contextlib.contextmanager
    def no_store(settings: Any) -> Iterator[tuple[Any, object]]:
        yield settings, object()

    monkeypatch.setattr(run, "opened", no_store)
    monkeypatch.setattr(run, "create_bot", lambda settings, store: FakeBot())
    assert run.run_bot(argparse.Namespace()) == 0
    assert seen == {"token": TOKEN}
    assert len(ours()) == 1
    err = capsys.readouterr().err
    assert 'level=DEBUG logger=discord.client msg="logging in with [REDACTED]"' in err
    assert TOKEN not in err


def test_a_malformed_log_call_neither_raises_nor_shows_the_token(out: io.StringIO) -> None:
    """The filter formats the message itself; a format/argument mismatch must not raise into
    the caller (a task loop would stop) and must not reach stderr unredacted."""
    logging.getLogger("bot").warning("%d items", TOKEN)
    line = out.getvalue()
    assert "%d items" in line
    assert TOKEN not in line
    assert REDACTED in line
