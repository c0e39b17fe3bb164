"""Shared fixtures: the baseline dataset in a temp dir (tests/baseline.py) that tests break one
record at a time, live stores on real SQLite files, the dpytest bot, the logging guard."""

from __future__ import annotations

import copy
import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio

from bot.app import BriefingBot, create_bot
from bot.settings import Settings
from facts.briefing import Briefing
from facts.dataset import ARTICLES, DATA_DIR, load_dir
from facts.store import Store
from tests.baseline import BASELINE, SOURCES, Dataset
from tests.helpers import SEEDED, Clock, started


@pytest.fixture
def dataset(tmp_path: Path) -> Dataset:
    """The baseline dataset, valid, in tmp_path/data."""
    root = tmp_path / "data"
    (root / ARTICLES).mkdir(parents=True)
    for source in SOURCES:
        shutil.copy(DATA_DIR / ARTICLES / source["file"], root / ARTICLES / source["file"])
    data = Dataset(root)
    for file, records in BASELINE.items():
        data.write(file, copy.deepcopy(records))
    return data


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    """The bundled facts, loaded and checked once a test module: the questions' tests read it,
    never change it."""
    facts, problems = load_dir()
    assert problems == []
    return Briefing(facts)


# --- the live store --------------------------------------------------------------------------


@pytest.fixture
def clock() -> Clock:
    """The store's and the digest's clock, at SEEDED until a test moves it."""
    return Clock(SEEDED)


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    """The bundled facts in a fresh store, seeded at the clock's time. A module that needs
    another store defines its own `store`."""
    with Store.open(tmp_path / "s.sqlite3", clock=clock) as opened:
        yield opened


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store seeded from facts/data; tests copy it (seeding waits on the disk for every
    commit, so doing it once keeps the suite quick)."""
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite3"
    with Store.open(tmp_path_factory.mktemp("open") / "s.sqlite3") as opened:
        opened.backup(path)
    return path


@pytest.fixture
def seeded_store(tmp_path: Path, seeded: Path) -> Iterator[Store]:
    """A copy of the seeded store of its own, with the real clock."""
    shutil.copy(seeded, tmp_path / "s.sqlite3")
    with Store.open(tmp_path / "s.sqlite3") as opened:
        yield opened


# --- logging -----------------------------------------------------------------------------------


@pytest.fixture
def restore_root_logger() -> Iterator[None]:
    """Leave the root logger as it was: `briefing run` installs a process-wide handler."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


# --- the bot with its digest -------------------------------------------------------------------


@pytest_asyncio.fixture
async def digest_bot(store: Store, clock: Clock) -> AsyncIterator[BriefingBot]:
    """The real bot through dpytest, its digest on the test's clock with no background tick;
    the dpytest server is the newsroom's own and the role "Editors" (by name) moderates."""
    settings = Settings(cooldown_seconds=0, moderator_roles=["Editors"], digest_channels=[])
    bot = create_bot(settings, store, intents=discord.Intents.all())
    await started(bot, dpytest=True)
    home = {"home_guilds": [dpytest.get_config().guilds[0].id], "moderator_role_names": True}
    bot.settings = settings.model_copy(update=home)
    cog: Any = bot.get_cog("Digest")  # load_extension imports its own copy of the class
    cog.scheduler.cancel()  # the tests drive time
    cog.clock = clock
    yield bot
    await dpytest.empty_queue()
