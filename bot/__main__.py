"""`python -m bot`: the `briefing` command line."""

from bot.terminal.cli import main

raise SystemExit(main())
