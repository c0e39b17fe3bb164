"""The Discord adapter and the `briefing` command line."""
