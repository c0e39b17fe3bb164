"""Discord's limits live in bot/limits.py only: a number typed again elsewhere drifts."""

from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import MagicMock

import discord

import bot
from bot.limits import ACTION_ROWS, BUTTON_LABEL, ROW_BUTTONS, TOKEN_MINUTES
from bot.paging import PAGE_TIMEOUT, Pager

BOT = Path(bot.__file__).parent
# The limits' values, as a literal in code (a number, or a slice by one).
LITERAL = re.compile(r"\b(?:2000|2048|4000|4096|6000|1024)\b|\[:\s*(?:25|45|80|100|256)\s*\]")


def test_no_module_but_limits_types_a_discord_limit() -> None:
    found = [
        f"{path.relative_to(BOT)}:{number}: {line.strip()}"
        for path in sorted(BOT.rglob("*.py"))
        if path.name != "limits.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL.search(line.split("#")[0])
    ]
    assert found == []


def test_the_literal_pattern_finds_what_it_is_for() -> None:
    assert LITERAL.search("room = 4096 - len(title)")
    assert LITERAL.search("name=label[:100]")
    assert not LITERAL.search("limit=CHOICE_CHARS")


def test_the_pager_fits_discords_components_and_token() -> None:
    pager = Pager([MagicMock(spec=discord.Embed) for _ in range(1234)], owner_id=1)
    rows: dict[int, int] = {}
    for item in pager.children:
        assert isinstance(item, discord.ui.Button)
        assert len(item.label or "") <= BUTTON_LABEL
        rows[item.row or 0] = rows.get(item.row or 0, 0) + 1
    assert len(rows) <= ACTION_ROWS
    assert max(rows.values()) <= ROW_BUTTONS
    # An answer's buttons edit it through the interaction token: they must die before it.
    assert PAGE_TIMEOUT < TOKEN_MINUTES * 60
