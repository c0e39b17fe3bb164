"""`briefing facts ...`: checking (and, with the live store, editing) the facts."""

from __future__ import annotations

import argparse
from pathlib import Path

from facts.dataset import DATA_DIR
from facts.validate import validate_dir


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    facts = subparsers.add_parser("facts", help="check and edit the facts", parents=[common])
    actions = facts.add_subparsers(dest="facts_command", metavar="ACTION", required=True)

    validate = actions.add_parser(
        "validate", help="check a dataset directory (default: the bundled data)", parents=[common]
    )
    validate.add_argument("directory", nargs="?", type=Path, default=DATA_DIR, metavar="DIR")
    validate.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    if not directory.is_dir():
        print(f"{directory}: not a directory")
        return 1
    facts, problems = validate_dir(directory)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}")
        return 1
    print(f"ok: {facts.summary()} in {directory}")
    return 0
