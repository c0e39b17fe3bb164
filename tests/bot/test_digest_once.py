"""The digest goes out exactly once per channel and day: claimed before it is sent, each page
counted as it goes, every store call off the event loop, even when processes contend."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.app import create_bot
from bot.cogs.digest import Digest
from bot.settings import Settings
from facts.digest import claim_digest, finish_digest, last_sent, record_page
from facts.store import Store
from tests.helpers import Clock

REPO = Path(__file__).parents[2]
DAY = dt.date(2026, 3, 2)
NINE = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CHANNEL = 4242


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    return path


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store.open(path) as store:
        yield store


def hold_write_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    """A third process that takes the store's write lock and keeps it for `seconds`."""
    script = (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "db.execute('COMMIT')\n"
    )
    locker = subprocess.Popen(
        [sys.executable, "-c", script, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert locker.stdout is not None
    assert locker.stdout.readline().strip() == "locked"
    return locker


def test_two_processes_one_channel_one_day_a_lock_held_by_a_third_one_digest(
    path: Path, tmp_path: Path
):
    out = tmp_path / "sent.jsonl"
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.digest_worker", str(path), str(out), "4"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    locker = hold_write_lock(path, 2.0)
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for process in [locker, *workers]:
        assert process.wait(timeout=60) == 0
    pages = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert pages, "nobody posted the digest"
    assert len({p["pid"] for p in pages}) == 1  # one process sent it
    total = len(pages)
    expected = [None] if total == 1 else [f"Page {n}/{total}" for n in range(1, total + 1)]
    assert [p["footer"] for p in pages] == expected  # each page once, in order
    with Store.open(path) as store:
        sent = last_sent(store, CHANNEL)
    assert sent is not None
    assert sent.date == DAY


def test_only_one_owner_wins_a_claim_and_an_abandoned_one_is_taken_over(store: Store):
    mine = claim_digest(store, 1, DAY, owner="a", now=NINE)
    assert mine is not None
    assert claim_digest(store, 1, DAY, owner="b", now=NINE) is None
    assert claim_digest(store, 1, DAY, owner="a", now=NINE) == mine  # a retry goes on
    mine = record_page(store, 1, DAY, mine)
    # Past the lease, the claim is taken to be abandoned: b goes on from page 2.
    later = NINE + dt.timedelta(minutes=11)
    taken = claim_digest(store, 1, DAY, owner="b", now=later)
    assert taken is not None
    assert (taken.pages, taken.at) == (1, NINE)
    finish_digest(store, 1, DAY, taken)
    assert claim_digest(store, 1, DAY, owner="c", now=later + dt.timedelta(hours=1)) is None
    sent = last_sent(store, 1)
    assert sent is not None
    assert (sent.date, sent.at) == (DAY, NINE)


def pages_of(count: int) -> list[discord.Embed]:
    return [discord.Embed(title="digest", description=f"page {n}") for n in range(count)]


async def test_a_retry_sends_only_the_pages_still_missing(
    store: Store, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("bot.cogs.digest.render_embeds", lambda _answer: pages_of(3))
    bot = create_bot(Settings(digest_channels=[CHANNEL]), store)
    channel = AsyncMock(spec=discord.TextChannel)
    calls: list[str] = []

    async def send(**kwargs: Any) -> None:
        description = kwargs["embed"].description
        if description == "page 1" and "failed" not in calls:
            calls.append("failed")
            raise discord.HTTPException(MagicMock(status=503, reason="busy"), "busy")
        calls.append(description)

    channel.send.side_effect = send
    bot.get_channel = MagicMock(return_value=channel)  # type: ignore[method-assign]
    cog = Digest(bot, clock=Clock(NINE))
    assert await cog.tick() == []  # page 0 sent, page 1 failed
    assert await cog.tick() == [CHANNEL]
    assert await cog.tick() == []
    assert calls == ["page 0", "failed", "page 1", "page 2"]


async def test_digest_commands_and_the_tick_do_not_stall_the_loop_under_a_lock(
    store: Store, path: Path
):
    """A write lock held by another process for a second: the loop keeps ticking while the
    tick and `digest time` wait for it (they stalled it for as long as the lock was held)."""
    bot = create_bot(Settings(digest_channels=[CHANNEL]), store)
    bot.get_channel = MagicMock(return_value=AsyncMock(spec=discord.TextChannel))  # type: ignore[method-assign]
    cog = Digest(bot, clock=Clock(NINE))
    stalls: list[float] = []
    done = threading.Event()

    async def heartbeat() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.05)
            now = time.perf_counter()
            stalls.append(now - last)
            last = now

    ctx = MagicMock()
    ctx.send = AsyncMock()
    beat = asyncio.create_task(heartbeat())
    try:
        locker = await asyncio.to_thread(hold_write_lock, path, 1.0)
        await Digest.digest_time.callback(cog, ctx, "07:30")  # type: ignore[arg-type]
        await asyncio.to_thread(locker.wait, 30)
        locker = await asyncio.to_thread(hold_write_lock, path, 1.0)
        assert await cog.tick() == [CHANNEL]
    finally:
        done.set()
        await beat
        locker.wait(timeout=30)
    assert max(stalls) < 0.5
