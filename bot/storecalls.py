"""The one road from a coroutine to the store: `await bot.stored(call, *args)`.

Every Store method takes the store's lock, and a write waits for the disk or for another
process's write lock (up to the store's busy timeout). Called on the event loop, either
would stall the gateway: heartbeats, every other command, the 3 seconds an interaction has.
So a cog never calls the store (or the Library, which reads it) itself: it hands the call
to `off_loop`, which runs it in a worker thread under a time limit and turns a store that
fails or does not answer into one line for whoever asked, logging the details for the
operator. A refusal (StoreError: a change the rules reject) is the caller's answer, not a
failure, and passes through as it is.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from discord.ext import commands

from facts.store import BUSY_SECONDS, StoreUnavailable, describe_failure

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# Past the store's own busy timeout, so a write waiting its turn fails there first, with the
# store's own reason; this limit catches what the store cannot (a disk that hangs).
STORE_SECONDS = BUSY_SECONDS + 5.0


class StoreFailed(commands.CommandError):
    """The store failed or did not answer in time: one line for the member, who can only try
    again (the operator finds the cause in the log)."""


def too_slow(seconds: float) -> str:
    return (
        f"The facts store did not answer within {seconds:g} s (another process may be writing "
        "to it). Try again in a moment; before repeating a change, check `fact history`: it "
        "may have been made."
    )


FAILED = "The facts store could not be read or written just now; it has been logged. Try again."


async def off_loop(
    path: Path,
    seconds: float,
    call: Callable[P, T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """`call(*args, **kwargs)` in a worker thread, within `seconds`. A timeout, a SQLite
    error or an unusable store (at `path`, for the log) is StoreFailed with one line."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(call, *args, **kwargs), seconds)
    except TimeoutError:
        # The thread cannot be stopped: a write may still land, hence the advice to check.
        log.error("store call %s took over %g s", _name(call), seconds)
        raise StoreFailed(too_slow(seconds)) from None
    except sqlite3.Error as exc:
        log.error("store call %s: %s", _name(call), describe_failure(path, exc))
        raise StoreFailed(FAILED) from exc
    except StoreUnavailable as exc:
        log.error("store call %s: %s", _name(call), exc)
        raise StoreFailed(FAILED) from exc


def _name(call: Callable[..., object]) -> str:
    return getattr(call, "__qualname__", None) or type(call).__name__
