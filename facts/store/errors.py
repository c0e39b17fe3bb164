"""What the store refuses, as exceptions that carry their one-line explanation: a store that
cannot be opened (StoreUnavailable and its kinds) and a change that is refused (StoreError)."""

from __future__ import annotations

from pathlib import Path

from facts.dataset import Problem

RESTORE = "restore it from a backup (README: Running in production)"


class StoreUnavailable(Exception):
    """The store cannot be opened as asked: one line saying what is wrong with which path
    and what to do."""


class SeedInvalid(StoreUnavailable):
    """The curated data a new store is created from does not validate: nothing is written."""

    def __init__(self, seed_dir: Path, problems: list[Problem]) -> None:
        super().__init__(
            f"the store cannot be created: the data in {seed_dir} does not validate "
            f"({len(problems)} problem(s), first: {problems[0]}); `briefing facts validate "
            f"{seed_dir}` lists them all"
        )
        self.problems = problems


class EmptyStore(StoreUnavailable):
    """A store file with no facts in it yet (a first start that did not finish)."""


class NewerStore(StoreUnavailable):
    """A store written by a newer briefing: its schema is one this version does not know."""


class OlderStore(StoreUnavailable):
    """A store at an older schema, opened read-only: it is upgraded only by an open that may
    write it."""


class StoreError(Exception):
    """A refused change; `problems` say `field: reason` for each thing wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


class InvalidChange(StoreError):
    pass


class NotFound(StoreError):
    pass
