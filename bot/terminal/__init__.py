"""The terminal front end: the `briefing` command line, the console and the checks. Only
`briefing run`, `sync` and `doctor` reach for discord.py, and only when they run."""
