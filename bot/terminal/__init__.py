"""The terminal front end: the `briefing` command line, the console and the checks. Only
`briefing run`, `sync` and `doctor` reach for discord.py, and only when they run."""

import os
import sys
import types

# Before the first pydantic model is built: building it, pydantic scans every installed
# package's metadata for third-party plugins (~10 ms of every command's start, more with more
# packages). This bot uses none; an operator who wants one sets the variable (to "", or to the
# plugins to leave out), and that is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# With every plugin disabled pydantic's plugin loader loads nothing, yet importing it imports
# importlib.metadata (the email package, zipfile: 7% of `briefing ask`). What it does then,
# "no plugins", stands in for it; pydantic asks it for nothing else (a test checks both).
PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[()]:
    return ()


if os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__" and PLUGIN_LOADER not in sys.modules:
    _loader = types.ModuleType(PLUGIN_LOADER, "pydantic's plugin loader, every plugin off")
    _loader.__dict__["get_plugins"] = _no_plugins
    sys.modules[PLUGIN_LOADER] = _loader
