"""Opening what a command needs: the settings, then the live store, by one road for all."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import Settings, load_settings
from facts.store import Store


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings, with `--store PATH` from the command line on top."""
    store: Path | None = getattr(args, "store", None)
    return load_settings(store=store) if store else load_settings()


def open_store(settings: Settings) -> Store:
    """The live store; a new one is built from the curated data on first start."""
    return Store.open(settings.store, seed_dir=settings.data_dir)
