"""A command's handler run, and what fails in it said in one line that names what to do:
no traceback reaches the operator."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.settings import Settings, settings_problems
from bot.terminal.opened import settings_for
from facts.store import StoreUnavailable, describe_failure


def exit_code(args: argparse.Namespace) -> int:
    """The exit code of the command `args` names (its handler's, or 1 for a failure)."""
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `briefing ask ... | head` closes the pipe early
        sys.stderr.close()
        return 0
    except StoreUnavailable as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # a store that fails after opening: damaged, full, locked
        print(f"briefing: {describe_failure(_store_path(args), exc)}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        if exc.title == Settings.__name__:
            from bot.logs import redact  # noqa: PLC0415 (logging: not for every command)

            # By name, never by value: a token pasted into the wrong variable is not echoed
            # (pydantic's own message shows the first and last 24 characters of the input).
            problems = redact(settings_problems(exc))
            print(
                f"briefing: the settings are invalid: {problems}. Fix them in .env or the "
                "environment; `briefing doctor` checks them.",
                file=sys.stderr,
            )
        else:  # a stored record this version's models refuse
            where = _store_path(args)
            print(
                f"briefing: the store at {where} holds a {exc.title} record this version "
                f"refuses ({exc.error_count()} problem(s)): `briefing doctor` says which",
                file=sys.stderr,
            )
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        # A file named on the command line that cannot be read: say which, in one line.
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line for the operator, the traceback when asked
        # From the environment itself: the settings may be what failed to read.
        if os.environ.get("BRIEFING_LOG_LEVEL", "").strip().upper() == "DEBUG":
            raise
        print(f"briefing: {bug_line(exc, 'the command')}", file=sys.stderr)
        return 1


def bug_line(exc: Exception, what: str) -> str:
    """The one line a bug gets, in the terminal: what failed, and what to do."""
    return (
        f"that failed unexpectedly ({type(exc).__name__}: {exc}): a bug; please report it "
        f"with {what}. BRIEFING_LOG_LEVEL=DEBUG shows where."
    )


def _store_path(args: argparse.Namespace) -> Path:
    try:
        return settings_for(args).store
    except ValidationError:
        return Path("(see BRIEFING_STORE)")
