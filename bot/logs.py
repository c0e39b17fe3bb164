"""Logging for the bot: one handler on the root logger (discord.py's loggers included), one
`key=value` line per record, and a filter that keeps the bot token out of every line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable
from typing import TextIO

# Anything shaped like a Discord bot token: three base64url parts joined by dots (user id,
# timestamp, HMAC). Redacted even when it is not the configured token: an old or pasted one
# is as secret as the current one.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}")
REDACTED = "[REDACTED]"
# Messages already written as key=value pairs (`command=claims user=1 ...`) stay as they are.
_PAIRS = re.compile(r"^[a-z_]+=")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """The text with each secret, and anything token-shaped, replaced by [REDACTED]."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return TOKEN_SHAPE.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """Rewrites a record's message, arguments and exception text with the secrets redacted.
    It runs on the handler, so it sees records from every logger, discord.py's too."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: set[str] = {s for s in secrets if s}

    def filter(self, record: logging.LogRecord) -> bool:
        # Merge the args first: a token may sit in an argument, not in the format string.
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: logging must never raise into the caller
            message = f"{record.msg} (arguments that do not fit: {record.args!r})"
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


class KeyValueFormatter(logging.Formatter):
    """`time=... level=INFO logger=bot.cogs.query command=claims user=1 ... ms=3.2`: one line
    per record (exception text JSON-escaped), easy to grep and to parse."""

    def format(self, record: logging.LogRecord) -> str:
        when = dt.datetime.fromtimestamp(record.created, dt.UTC)
        message = record.getMessage()
        parts = [
            f"time={when.isoformat(timespec='milliseconds').replace('+00:00', 'Z')}",
            f"level={record.levelname}",
            f"logger={record.name}",
            message if _PAIRS.match(message) else f"msg={json.dumps(message, ensure_ascii=False)}",
        ]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            parts.append(f"exc={json.dumps(record.exc_text, ensure_ascii=False)}")
        if record.stack_info:
            parts.append(f"stack={json.dumps(record.stack_info, ensure_ascii=False)}")
        return " ".join(parts)


_HANDLER_NAME = "briefing"


def setup_logging(
    level: str | int = "INFO", *, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Install the handler once (a second call updates the level and adds secrets) and
    return it. discord.py is run with `log_handler=None`, so this is its only handler."""
    root = logging.getLogger()
    numeric = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}: use DEBUG, INFO, WARNING or ERROR")
    handler = next((h for h in root.handlers if h.get_name() == _HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(KeyValueFormatter())
        handler.addFilter(RedactTokens())
        root.addHandler(handler)
    elif stream is not None and isinstance(handler, logging.StreamHandler):
        handler.setStream(stream)
    for flt in handler.filters:
        if isinstance(flt, RedactTokens):
            flt.secrets.update(s for s in secrets if s)
    root.setLevel(numeric)
    return handler
