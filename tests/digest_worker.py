"""A bot process's digest tick, on its own (tests/bot/test_digest_once.py runs two of these).

`python -m tests.digest_worker STORE OUT TICKS`: open the store, say `ready`, wait for a line
on stdin, then run TICKS digest ticks at 09:00 UTC on 2 March 2026, appending each page sent
to the channel as a JSON line to OUT."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import discord

from bot.app import create_bot
from bot.cogs.digest import Digest
from bot.settings import Settings
from facts.store import Store

CHANNEL = 4242
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Channel(discord.abc.Messageable):
    def __init__(self, out: Path) -> None:
        self.out = out

    async def _get_channel(self) -> Any:
        return self

    async def send(self, *_: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        embed: discord.Embed = kwargs["embed"]
        line = {"pid": os.getpid(), "title": embed.title, "footer": embed.footer.text}
        with self.out.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line) + "\n")


async def main(store_path: Path, out: Path, ticks: int) -> None:
    with Store.open(store_path) as store:
        settings = Settings(digest_channels=[CHANNEL], digest_time="08:00")
        # The real bot, never logged in: the digest reaches the store through bot.stored.
        bot: Any = create_bot(settings, store)
        bot.get_channel = lambda _id: Channel(out)
        cog = Digest(bot, clock=lambda: NOW)
        print("ready", flush=True)
        sys.stdin.readline()
        for _ in range(ticks):
            await cog.tick()
            await asyncio.sleep(0.1)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
