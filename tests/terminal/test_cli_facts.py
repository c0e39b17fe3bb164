"""`briefing facts validate`: exit codes and output, in-process and as a real command; and
`briefing facts add|edit|retract|undo` with the same words as on Discord."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.terminal.cli import main
from facts.store import Revision, Store
from tests.baseline import COUNTS
from tests.words import HISTORY, SPARE, same_words

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


# --- editing the live store with the words moderators use on Discord -----------------------


@pytest.fixture
def live(tmp_path: Path, seeded: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the store seeded from the bundled facts, as tests/bot/test_moderation_cog uses."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.delenv("BRIEFING_STORE", raising=False)
    shutil.copy(seeded, tmp_path / "live.sqlite3")
    return tmp_path / "live.sqlite3"


def history_of(live: Path) -> Callable[[str], list[Revision]]:
    def history(record_id: str) -> list[Revision]:
        with Store.open(live) as store:
            return store.history(record_id)

    return history


def test_the_same_words_as_on_discord(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for words in same_words(history_of(live)):
        code = main(["facts", *shlex.split(words), "--store", str(live)])
        assert code == 0, (words, capsys.readouterr().err)
    revisions = history_of(live)(SPARE)
    assert [(r.action, r.reason) for r in revisions] == HISTORY
    assert [r.editor_name for r in revisions] == ["operator"] * 4


def test_a_stale_edit_names_the_next_command(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [*_, last] = history_of(live)("mosque-toll-daljoog")
    typed = 'edit mosque-toll-daljoog keywords=[toll] reason="search words"'
    assert main(["facts", *shlex.split(typed), "--store", str(live)]) == 0
    head = history_of(live)("mosque-toll-daljoog")[-1].number
    capsys.readouterr()
    stale = f"edit mosque-toll-daljoog keywords=[mosque] base={last.number}"
    assert main(["facts", *shlex.split(stale), "--store", str(live)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Refused, nothing changed: mosque-toll-daljoog changed after")
    assert (
        err[1]
        == f"keywords: changed by revision {head} (operator, edit) after revision {last.number}: "
        + '(unset) -> ["toll"]'
    )
    assert err[-1] == (
        "Look at `briefing facts history mosque-toll-daljoog`, then redo your edit with "
        f"base={head}."
    )


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("retract mosque-toll-daljoog", "reason: say why the record is retracted"),
        ("retract mosque-toll-daljoog wrong --reason wrong", "reason: given twice"),
        ("edit mosque-toll-daljoog keywords=[a] base=1 --base 1", "base: given twice"),
        ("edit mosque-toll-daljoog base=x keywords=[a]", "base: a revision number, e.g. base=41"),
        ("retract mosque-toll-daljoog reason=x statement=y", "statement: only a reason goes here"),
        ("add claim", "(record): give field=value ... or a whole record in YAML"),
        ("add source id=wire publisher=Wire", "--article: give the article's text"),
    ],
)
def test_refusals_read_as_on_discord(
    live: Path, capsys: pytest.CaptureFixture[str], typed: str, refusal: str
) -> None:
    head = Store.open(live).head()
    assert main(["facts", *shlex.split(typed), "--store", str(live)]) == 1
    assert capsys.readouterr().err.startswith(f"Refused, nothing changed: {refusal}")
    with Store.open(live) as store:
        assert store.head() == head


def test_add_source_with_the_words_of_discord(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "wire.txt"
    article.write_text("Officials said 12 people were hurt in the blast near the market.")
    typed = 'add source id=wire publisher=Wire published=2026-03-02 reason="from the wire"'
    args = [*shlex.split(typed), "--article", str(article), "--store", str(live)]
    assert main(["facts", *args]) == 0
    out = capsys.readouterr().out
    assert "file: wire.txt" in out
    assert "notes: Registered by an operator from the command line" in out
    assert history_of(live)("wire")[-1].reason == "from the wire"


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("add source id=wire publisher=Wire --article {bad}", "--article: {bad} is not UTF-8 text"),
        ("source-add wire --publisher Wire --file {bad}", "--file: {bad} is not UTF-8 text"),
    ],
)
def test_an_article_that_is_not_utf8_is_refused_naming_the_option(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, refusal: str
) -> None:
    """An article that is not UTF-8 printed Python's codec error, naming neither the file nor
    the option (a record's --file said it already)."""
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Peshawar: caf\xe9".encode("latin-1"))
    args = shlex.split(typed.format(bad=bad))
    assert main(["facts", *args, "--store", str(live)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Refused, nothing changed: {refusal.format(bad=bad)}"), err
    assert len(err.splitlines()) == 1


def test_a_publication_date_after_tomorrow_is_refused(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tomorrow in UTC is today for a newsroom east of it; the day after is a typo."""
    article = tmp_path / "wire.txt"
    article.write_text("Officials said 12 people were hurt in the blast near the market.")
    today = dt.datetime.now(dt.UTC).date()
    for source_id, ahead, code in (("wire-east", 1, 0), ("wire-typo", 2, 1)):
        published = today + dt.timedelta(days=ahead)
        typed = f"source-add {source_id} --publisher Wire --published {published} --file {article}"
        assert main(["facts", *shlex.split(typed), "--store", str(live)]) == code
    err = capsys.readouterr().err
    assert err == (
        f"Refused, nothing changed: published: {today + dt.timedelta(days=2)} is in the future "
        f"(today is {today}); give the date the article gives\n"
    )
    assert history_of(live)("wire-east")
    assert not history_of(live)("wire-typo")


def test_a_stale_undo_says_to_undo_the_later_revisions_first(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for words in ("keywords=[toll]", "keywords=[toll, mosque]"):
        typed = f"edit mosque-toll-daljoog {words}"
        assert main(["facts", *shlex.split(typed), "--store", str(live)]) == 0
    *_, first, later = history_of(live)("mosque-toll-daljoog")
    capsys.readouterr()
    assert main(["facts", "undo", str(first.number), "--store", str(live)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith(f"To undo revision {first.number}, undo the later ones first")
    assert err[-1].endswith(
        f"`briefing facts edit mosque-toll-daljoog field=value ... base={later.number}`."
    )


def test_the_days_changes_name_the_record_each_is_about(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefing digest --changes` printed the history line alone: who and what, never which
    record (the channel's list heads each with it)."""
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat()
    for record_id in ("mosque-toll-daljoog", "mosque-toll-aljazeera"):
        typed = f'edit {record_id} keywords=[toll] reason="search words"'
        assert main(["facts", *shlex.split(typed), "--store", str(live)]) == 0
    capsys.readouterr()
    assert main(["digest", "--changes", "--since", since, "--store", str(live)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0] for line in lines] == [
        "mosque-toll-daljoog",
        "mosque-toll-aljazeera",
    ]
    assert all(line.endswith("operator  edit  keywords  search words") for line in lines)
