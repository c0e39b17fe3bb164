"""The command line loads only the group of the command it names (`briefing ask` is a whole
process start), and reads the same as with every group loaded."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

import pytest

from bot.terminal.cli import GROUPS, build_parser, common_options, main, named_command, registrar


def commands(parser: argparse.ArgumentParser) -> list[str]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(actions[0].choices)


@pytest.mark.parametrize("group", list(GROUPS))
def test_each_group_adds_the_commands_its_entry_names(group: str) -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    registrar(group)(subparsers, common_options())
    assert tuple(subparsers.choices) == GROUPS[group]


def test_the_full_parser_lists_every_command_in_order() -> None:
    assert commands(build_parser()) == [c for names in GROUPS.values() for c in names]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ask", "!claims bannu"], "ask"),
        (["--store", "ask", "ask", "!actor TTP"], "ask"),  # a store file named like a command
        (["--store=x.db", "digest", "--preview"], "digest"),
        (["facts", "validate"], "facts"),
        (["--help"], None),  # every command listed
        (["-h", "ask"], None),
        (["--sto", "x.db", "ask", "x"], None),  # an abbreviation: argparse reads it
        (["asks", "x"], None),  # the error lists every command
        ([], None),
        (["--store"], None),
    ],
)
def test_the_named_command(argv: list[str], expected: str | None) -> None:
    assert named_command(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["--store", "s.db", "ask", "--json", "!claims bannu"],
        ["digest", "--preview", "--now", "2026-03-02T08:00+00:00"],
        ["facts", "history", "bannu-attack"],
        ["export", "timelinejs", "bannu", "--out", "t.json"],
        ["timeline", "--png", "t.png", "--rows", "3"],
        ["doctor", "--offline"],
        ["sync", "--guild", "1"],
    ],
)
def test_one_group_reads_a_command_line_as_all_groups_do(argv: list[str]) -> None:
    alone = vars(build_parser(named_command(argv)).parse_args(argv))
    every = vars(build_parser().parse_args(argv))
    assert alone.pop("handler").__qualname__ == every.pop("handler").__qualname__
    assert alone == every


def test_a_command_runs_with_the_collector_on_and_its_imports_frozen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.enable()
    gc.unfreeze()
    try:
        assert main(["--store", str(tmp_path / "no-such-folder" / "s.db"), "ask", "!help"]) == 1
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert "no-such-folder" in capsys.readouterr().err  # one line, the store's folder named
