"""Discord's limits live in bot/limits.py only: a number typed again elsewhere drifts."""

from __future__ import annotations

import re
from pathlib import Path

import bot

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
