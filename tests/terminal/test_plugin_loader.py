"""The stand-in for pydantic's plugin loader (bot/terminal/__init__.py) does what the real one
does with every plugin disabled, and is all pydantic asks of it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pydantic

import bot.terminal
from bot.terminal import PLUGIN_LOADER

PYDANTIC = Path(pydantic.__file__).parent


def test_the_real_loader_finds_no_plugins_when_all_are_disabled() -> None:
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    code = f"from {PLUGIN_LOADER} import get_plugins; print(repr(tuple(get_plugins())))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == repr(bot.terminal._no_plugins())


def test_pydantic_asks_the_loader_for_get_plugins_only() -> None:
    asked: set[str] = set()
    for path in PYDANTIC.rglob("*.py"):
        package = ".".join(path.relative_to(PYDANTIC.parent).parent.parts)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(p for p in (base, node.module) if p)
                if module == PLUGIN_LOADER:
                    asked.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                assert all(alias.name != PLUGIN_LOADER for alias in node.names)
    assert asked == {"get_plugins"}
