"""`briefing facts validate`: exit codes and output, in-process and as a real command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot.terminal.cli import main
from tests.conftest import COUNTS

REPO = Path(__file__).resolve().parents[2]


def test_validate_bundled_data(capsys):
    assert main(["facts", "validate"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(
        r"ok: \d+ sources, \d+ actors, \d+ places, \d+ events, \d+ claims in \S*facts/data\n", out
    )


def attribute_the_mosque_tolls(dataset) -> None:
    """The baseline states its two disputed tolls without saying who says them: a warning."""
    for claim_id, publisher in (
        ("mosque-toll-aljazeera", "Al Jazeera"),
        ("mosque-toll-daljoog", "Daljoog News"),
    ):
        statement = dataset.get("claims.yaml", claim_id)["statement"]
        dataset.change("claims.yaml", claim_id, statement=f"{publisher} reports: {statement}")


def test_validate_a_directory(dataset, capsys):
    assert main(["facts", "validate", str(dataset.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "claims.yaml: mosque-toll-aljazeera: statement: warning: disputed, but the statement "
        "does not say who says it; name 'Al Jazeera' ('Al Jazeera reports ...')"
    )
    assert out[-1] == f"ok: {COUNTS} in {dataset.root} (2 warning(s))"
    attribute_the_mosque_tolls(dataset)
    assert main(["facts", "validate", str(dataset.root)]) == 0
    assert capsys.readouterr().out == f"ok: {COUNTS} in {dataset.root}\n"


def test_validate_broken_copy_prints_each_problem_and_a_count(dataset, capsys):
    dataset.change(
        "claims.yaml", "mosque-toll-aljazeera", claimant="nobody", attribution="paraphrase"
    )
    dataset.change("sources.yaml", "daljoog-strikes", file="missing.txt")
    assert main(["facts", "validate", str(dataset.root)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "sources.yaml: daljoog-strikes: file: article articles/missing.txt not found",
        "claims.yaml: mosque-toll-aljazeera: claimant: unknown actor id 'nobody'",
        f"2 problem(s) in {dataset.root}",
    ]


def test_validate_missing_directory(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["facts", "validate", str(missing)]) == 1
    assert capsys.readouterr().out == f"{missing}: not a directory\n"


def test_validate_a_file_instead_of_a_directory(dataset, capsys):
    assert main(["facts", "validate", str(dataset.path("events.yaml"))]) == 1
    assert "not a directory" in capsys.readouterr().out


def test_validate_an_empty_directory_reports_every_missing_file(tmp_path, capsys):
    assert main(["facts", "validate", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "sources.yaml: -: -: file is missing",
        "actors.yaml: -: -: file is missing",
        "places.yaml: -: -: file is missing",
        "events.yaml: -: -: file is missing",
        "claims.yaml: -: -: file is missing",
        f"5 problem(s) in {tmp_path}",
    ]


def run_briefing(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_briefing_command_ok_and_broken(dataset):
    attribute_the_mosque_tolls(dataset)
    result = run_briefing("facts", "validate", str(dataset.root))
    assert (result.returncode, result.stdout) == (0, f"ok: {COUNTS} in {dataset.root}\n")

    dataset.change("actors.yaml", "ispr", parent="nobody")
    result = run_briefing("facts", "validate", str(dataset.root))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "actors.yaml: ispr: parent: unknown actor id 'nobody'",
        f"1 problem(s) in {dataset.root}",
    ]
