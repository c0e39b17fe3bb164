"""Opening what a command needs: the settings, then the live store, by one road for all."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bot.settings import Settings, load_settings
from facts.store import Store


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings, with `--store PATH` from the command line on top."""
    store: Path | None = getattr(args, "store", None)
    return load_settings(store=store) if store else load_settings()


def open_store(settings: Settings, *, questions_only: bool = False) -> Store:
    """The live store; a new one is built from the curated data on first start. For
    questions only (ask, console, the digest preview) a store this user cannot write is
    opened read-only: it still answers."""
    path = settings.store
    read_only = questions_only and path.is_file() and not _writable(path)
    return Store.open(path, seed_dir=settings.data_dir, read_only=read_only)


def _writable(path: Path) -> bool:
    folder = path.absolute().parent
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)
