"""Opening what a command needs, by one road for all: the settings, then the live store.

    with opened(args) as (settings, store):
        ...

The store is closed when the block ends, also when it ends in an error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.settings import Settings, load_settings
from facts.store import Store


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings, with `--store PATH` from the command line on top."""
    store: Path | None = getattr(args, "store", None)
    return load_settings(store=store) if store else load_settings()


@contextmanager
def opened(
    source: argparse.Namespace | Settings, *, questions_only: bool = False
) -> Iterator[tuple[Settings, Store]]:
    """The settings (read from the command line's arguments, or as a command already checked
    them) and the live store; a new store is built from the curated data on first start. For
    questions only (ask, console, the digest preview, exports) a store this user cannot write is
    opened read-only: it still answers."""
    settings = source if isinstance(source, Settings) else settings_for(source)
    path = settings.store
    read_only = questions_only and path.is_file() and not _writable(path)
    with Store.open(path, seed_dir=settings.data_dir, read_only=read_only) as store:
        yield settings, store


def _writable(path: Path) -> bool:
    folder = path.absolute().parent
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)
