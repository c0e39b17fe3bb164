"""`!export` and the timeline picture through the real discord.py pipeline (dpytest)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio

from bot.app import BriefingBot, create_bot
from bot.cogs.export import Export
from bot.settings import Settings
from facts.store import Store
from tests.helpers import started


@pytest_asyncio.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[BriefingBot]:
    monkeypatch.chdir(tmp_path)  # dpytest saves attachments in the working directory
    with Store.open(tmp_path / "store.sqlite3") as store:
        bot = create_bot(Settings(cooldown_seconds=0), store, intents=discord.Intents.all())
        await started(bot, dpytest=True)
        yield bot
        await dpytest.empty_queue()


def saved(url: str) -> str:
    """The text of an attachment as dpytest saved it (a file: URL)."""
    return Path(urlparse(url).path).read_text()


async def test_export_timelinejs_bannu_attaches_the_file(bot: BriefingBot):
    await dpytest.message("!export timelinejs bannu")
    [attachment] = dpytest.get_message().attachments
    assert attachment.filename == "briefing-bannu-timelinejs.json"
    data = json.loads(saved(attachment.url))
    assert "bannu-convoy-bombing" in [e["unique_id"] for e in data["events"]]


async def test_export_without_a_format_says_which(bot: BriefingBot):
    await dpytest.message("!export")
    text = dpytest.get_message().content
    assert "timelinejs" in text
    assert "jsonld" in text
    assert "csv" in text


async def test_export_of_nothing_says_so(bot: BriefingBot):
    await dpytest.message("!export csv zzqqxx")
    assert dpytest.get_embed().title.startswith("No match")


async def test_export_over_the_upload_limit_says_so(bot: BriefingBot):
    cog = bot.get_cog("Export")  # loaded as an extension: its own module object, not Export
    assert type(cog).__name__ == Export.__name__
    cog.upload_limit = 1000  # type: ignore[union-attr]
    await dpytest.message("!export jsonld")
    message = dpytest.get_message()
    assert "over the" in message.content
    assert not message.attachments


async def test_an_export_too_large_to_upload_is_refused_before_it_is_made(
    bot: BriefingBot, monkeypatch: pytest.MonkeyPatch
):
    """More records than any file under the limit holds: refused by their count, with what
    to do, and nothing is built (at 100,000 records a JSON-LD file took 12 s and 660 MB)."""
    cog = bot.get_cog("Export")
    assert cog is not None
    cog.most_records = 100  # type: ignore[attr-defined]
    built: list[str] = []
    monkeypatch.setattr("facts.exports.jsonld.to_jsonld", lambda *a: built.append("x"))
    await dpytest.message("!export jsonld")
    embed = dpytest.get_embed()
    assert embed.description is not None
    assert "would hold 186 entries at least" in embed.description  # its claims
    assert "`briefing export` on the server" in embed.description
    assert built == []
    await dpytest.message("!export timelinejs bannu")  # a few records: still attached
    assert dpytest.get_message().attachments


async def test_timeline_gets_its_picture_in_the_first_embed(bot: BriefingBot):
    edits: list[Any] = []

    async def spy(channel_id: int, message_id: int, *, params: Any) -> Any:
        edits.append(params)
        raise discord.HTTPException(type("R", (), {"status": 500, "reason": "x"})(), "spy")

    bot.http.edit_message = spy  # type: ignore[method-assign]
    await dpytest.message("!timeline")
    assert dpytest.get_embed().title == "Timeline"  # the text answer first, unchanged
    [params] = edits
    [picture] = params.files
    assert picture.filename == "timeline.png"
    assert picture.fp.read(8) == b"\x89PNG\r\n\x1a\n"
    embed = json.loads(params.multipart[0]["value"])["embeds"][0]
    assert embed["image"]["url"] == "attachment://timeline.png"
