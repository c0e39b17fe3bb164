"""The terminal front end: the `briefing` command line, the console and the checks. Only
`briefing run`, `sync` and `doctor` reach for discord.py, and only when they run."""

import os

# Before the first pydantic model is built: building it, pydantic scans every installed
# package's metadata for third-party plugins (~10 ms of every command's start, more with more
# packages). This bot uses none; an operator who wants one sets the variable (to "", or to the
# plugins to leave out), and that is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
