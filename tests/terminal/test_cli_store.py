"""`briefing facts add|edit|retract|undo|history|export|import|backup|source-add` through
`bot.terminal.cli.main`, on a store in tmp_path seeded from a small dataset."""

from __future__ import annotations

import io
import os
import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from bot.terminal.cli import main
from facts.edits import record_yaml
from facts.store import Store
from tests.baseline import CLAIM, claim_data, fingerprint, make_seed, table_dump

ARTICLE = "Officials said on Monday that 12 people were hurt in the blast near the market."
# Al Jazeera's toll corrected to Daljoog News' count, with the words that give it and a
# statement that says it.
RECOUNT = [
    "figure.value=31",
    "quote.source=daljoog-strikes",
    'quote.text="killed at least 31 worshippers"',
    'statement="The bombing killed at least 31 worshippers."',
]


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store path; the seed comes from the data_dir setting, read when a command runs."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(make_seed(tmp_path / "seed")))
    monkeypatch.delenv("BRIEFING_STORE", raising=False)
    return tmp_path / "live.sqlite3"


def run(live: Path, *args: str) -> int:
    return main(["facts", *args, "--store", str(live)])


def test_edit_prints_the_record_and_its_revision(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        live,
        "edit",
        CLAIM,
        *RECOUNT,
        "--by",
        "alice",
        "--reason",
        "new toll",
    )
    out = capsys.readouterr().out
    assert code == 0
    *record, last = out.strip().split("\n")
    shown = yaml.safe_load("\n".join(record))
    assert shown["figure"]["value"] == 31
    assert shown["statement"] == "The bombing killed at least 31 worshippers."
    assert shown["quote"] == {"source": "daljoog-strikes", "text": "killed at least 31 worshippers"}
    with Store.open(live) as store:
        [*_, revision] = store.history(CLAIM)
        assert last == (
            f"revision {revision.number}; `briefing facts undo {revision.number}` reverts it"
        )
        assert (revision.editor_name, revision.editor_id, revision.reason) == (
            "alice",
            None,
            "new toll",
        )


def test_edit_with_only_the_id_shows_the_record_and_its_revision(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `!fact edit ID`: the YAML to copy, the base revision, and how to edit with it."""
    assert run(live, "edit", CLAIM) == 0
    shown = capsys.readouterr()
    heading, hint = shown.err.strip().split("\n")
    with Store.open(live) as store:
        base = store.history(CLAIM)[-1].number
        # Standard output is the record alone: redirected, the file to send with --file.
        assert yaml.safe_load(shown.out) == yaml.safe_load(
            record_yaml(store.get(CLAIM))  # type: ignore[arg-type]
        )
    assert heading == f"{CLAIM} at revision {base}:"
    assert hint == (
        f'Edit with `briefing facts edit {CLAIM} field=value ... base={base} reason="..."`'
    )
    assert run(live, "edit", "nobody") == 1
    assert capsys.readouterr().err == "Refused, nothing changed: id: no record 'nobody'\n"


def test_refusals_print_field_and_reason_and_change_nothing(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(live, "history", CLAIM) == 0
    before = fingerprint(live)
    capsys.readouterr()
    cases = {
        ("edit", CLAIM, "quote.text=killing at least 36 people"): "quote.text: quote not found",
        ("edit", CLAIM, "figure.value=40"): "figure.value: 40 is not a number the quote states",
        ("edit", CLAIM, "statement=The bombing killed worshippers."): (
            "statement: does not give the figure's 36; say it as the quote does"
        ),
        ("edit", CLAIM, "claimant=nobody"): "claimant: unknown actor id 'nobody'",
        ("edit", CLAIM, "casualties=5"): "casualties: Extra inputs are not permitted",
        ("edit", CLAIM, "claimant=islamabad"): "claimant: 'islamabad' is a place, not a",
        ("edit", CLAIM, "statement"): "statement: expected field=value",
        ("edit", "nobody", "statement=x"): "id: no record 'nobody'",
        ("history", "mosque-toll-aljazera"): (
            "id: no record 'mosque-toll-aljazera'; did you mean `mosque-toll-aljazeera`"
        ),
        ("retract", "islamabad", "--reason", "x"): "id: still referenced by",
        ("retract", CLAIM): "reason: say why",
        ("retract", CLAIM, "wrong", "--reason", "x"): "reason: given twice",
        ("undo", "100000"): "revision: no revision 100000",
    }
    for args, expected in cases.items():
        assert run(live, *args) == 1, args
        err = capsys.readouterr().err
        assert err.startswith(f"Refused, nothing changed: {expected}"), (args, err)
    assert fingerprint(live) == before


def test_add_from_tokens_and_from_a_file(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tokens = [
        "id=mosque-wounded-aljazeera",
        "about_event=islamabad-mosque-bombing",
        "statement=The bombing wounded 170 others.",
        "attribution=reported by the article",
        "quote.source=aljazeera-2026-02-24",
        "quote.text=wounding 170 others",
    ]
    assert run(live, "add", "claim", *tokens, "--by", "bob") == 0
    assert "revision " in capsys.readouterr().out

    record = tmp_path / "record.yaml"
    record.write_text(yaml.safe_dump(claim_data(id="second-wounded")))
    assert run(live, "add", "claim", "--file", str(record)) == 0
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(yaml.safe_dump({**claim_data(id="third"), "kind": "claim"}))
    capsys.readouterr()
    assert run(live, "add", "actor", "--file", str(wrong)) == 1
    assert capsys.readouterr().err == "Refused, nothing changed: kind: is 'claim', not 'actor'\n"
    with Store.open(live) as store:
        assert store.get("mosque-wounded-aljazeera") is not None
        assert store.history("second-wounded")[0].editor_name == "operator"
        assert store.get("third") is None


def test_a_figure_the_event_counts_otherwise_gets_a_note_after_the_revision(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fields = [
        "id=mosque-toll-again",
        "about_event=islamabad-mosque-bombing",
        "statement=At least 31 worshippers were killed.",
        "attribution=reported by the article",
        "figure={measure: killed, unit: worshippers, value: 31, qualifier: at least}",
        "quote.source=daljoog-strikes",
        "quote.text=killed at least 31 worshippers",
    ]
    assert run(live, "add", "claim", *fields) == 0
    *_, revision, note = capsys.readouterr().out.strip().splitlines()
    assert revision.startswith("revision ")
    assert note.startswith("Not linked: mosque-toll-aljazeera (at least 36 worshippers killed)")


def test_edit_from_a_file_is_the_whole_record_edited(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(live) as store:
        data = yaml.safe_load(record_yaml(store.get(CLAIM)))  # type: ignore[arg-type]
        base = str(store.history(CLAIM)[-1].number)
    data["statement"] = "Al Jazeera reports, on a recount, that at least 36 worshippers died."
    record = tmp_path / "record.yaml"
    record.write_text(yaml.safe_dump(data))
    assert run(live, "edit", CLAIM, "--file", str(record), "--reason", "recount") == 1
    assert "give base=<revision>" in capsys.readouterr().err  # it would undo edits unseen
    assert (
        run(live, "edit", CLAIM, "--file", str(record), "--reason", "recount", "--base", base) == 0
    )
    assert "revision " in capsys.readouterr().out
    with Store.open(live) as store:
        assert store.get(CLAIM).statement == data["statement"]  # type: ignore[union-attr]
        assert store.history(CLAIM)[-1].reason == "recount"


def test_a_record_file_that_is_not_text_is_named_in_one_line(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    Store.open(live).close()  # made from the seed, before the refusals
    before = table_dump(live)
    for args in (("add", "claim"), ("edit", CLAIM)):
        assert run(live, *args, "--file", str(binary)) == 1
        [line] = capsys.readouterr().err.strip().splitlines()
        assert line.startswith(f"Refused, nothing changed: --file: {binary} is not UTF-8 text")
    assert table_dump(live) == before


def test_an_import_refused_says_why_in_one_line_naming_the_file(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    assert run(live, "export", str(out)) == 0
    (out / "places.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    before = table_dump(live)
    capsys.readouterr()
    for folder, why in (
        (out, "places.yaml: -: -: not UTF-8 text"),
        (tmp_path / "no", "not a folder"),
    ):
        assert run(live, "import", str(folder)) == 1
        [line] = capsys.readouterr().err.strip().splitlines()
        assert line.startswith("Refused, nothing changed: import: ")
        assert why in line
    assert main(["facts", "validate", str(out)]) == 1
    assert "places.yaml: -: -: not UTF-8 text" in capsys.readouterr().out
    assert table_dump(live) == before


def test_history_lines_and_undo(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(live, "edit", CLAIM, *RECOUNT, "--by", "alice", "--reason", "toll") == 0
    revision = int(capsys.readouterr().out.splitlines()[-1].split()[1].rstrip(";"))
    assert run(live, "undo", str(revision), "--reason", "wrong") == 0
    assert capsys.readouterr().out.endswith(
        f"revision {revision + 1}; `briefing facts undo {revision + 1}` reverts it\n"
    )
    assert run(live, "history", CLAIM) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ"
    fields = "statement, figure, quote"
    assert re.fullmatch(rf"\s+{revision}  {stamp}  alice  edit  {fields}  toll", lines[1])
    assert re.fullmatch(
        rf"\s+{revision + 1}  {stamp}  operator  undo \(undoes {revision}\)  {fields}  wrong",
        lines[2],
    )
    with Store.open(live) as store:
        assert store.get(CLAIM).figure.value == 36  # type: ignore[union-attr]


def test_stale_edit_on_the_command_line(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(live, "history", CLAIM) == 0
    base = int(capsys.readouterr().out.split()[0])
    assert run(live, "edit", CLAIM, *RECOUNT, "--base", str(base)) == 0
    capsys.readouterr()
    assert (
        run(
            live,
            "edit",
            CLAIM,
            "statement=A suicide bomber killed at least 31 worshippers.",
            "--base",
            str(base),
        )
        == 1
    )
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"Refused, nothing changed: {CLAIM} changed after revision {base}, the one your edit "
        "was based on. What changed since:"
    )
    assert err[1].startswith("statement: changed by revision")
    assert err[1].endswith('"The bombing killed at least 31 worshippers."')
    assert err[2].startswith("figure.value: changed by revision")
    assert err[2].endswith("36 -> 31")
    assert err[3].startswith("quote.source: changed by revision")
    assert err[3].endswith('"aljazeera-2026-02-24" -> "daljoog-strikes"')
    with Store.open(live) as store:
        head = store.history(CLAIM)[-1].number
    assert err[-1] == (
        f"Look at `briefing facts history {CLAIM}`, then redo your edit with base={head}."
    )


def test_export_validate_import_backup(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(live, "edit", CLAIM, *RECOUNT) == 0
    out = tmp_path / "export"
    assert run(live, "export", str(out)) == 0
    assert main(["facts", "validate", str(out)]) == 0
    before = table_dump(live)
    capsys.readouterr()
    assert run(live, "import", str(out), "--by", "curator") == 0
    assert "0 new, 0 changed" in capsys.readouterr().out
    assert table_dump(live) == before

    statement = "statement=Daljoog News counts at least 31 worshippers killed."
    assert run(live, "edit", CLAIM, statement) == 0  # a moderator's change ...
    capsys.readouterr()
    assert run(live, "import", str(out)) == 0  # ... is reported, not overwritten
    report = capsys.readouterr().out
    assert f"conflict: {CLAIM}: changed in the store since the last import" in report
    with Store.open(live) as store:
        assert store.get(CLAIM).statement == statement.removeprefix("statement=")  # type: ignore[union-attr]
        assert store.get(CLAIM).figure.value == 31  # type: ignore[union-attr]

    copy = tmp_path / "copy.sqlite3"
    assert run(live, "backup", str(copy)) == 0
    with Store.open(live) as store, Store.open(copy) as restored:
        assert restored.snapshot() == store.snapshot()


def test_a_backup_never_writes_over_a_file_unless_told_and_never_over_the_store(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite3"
    assert run(live, "backup", str(other)) == 0
    assert run(live, "edit", CLAIM, *RECOUNT) == 0
    kept = table_dump(other)
    capsys.readouterr()
    # The arguments the wrong way round, or yesterday's name: refused, the file as it was.
    assert run(live, "backup", str(other)) == 1
    refusal = capsys.readouterr().err.strip()
    assert refusal.startswith(f"Refused, nothing changed: destination: {other} exists")
    assert "--replace" in refusal
    assert table_dump(other) == kept
    assert run(live, "backup", str(live), "--replace") == 1
    assert "is the live store itself" in capsys.readouterr().err
    for own in ("-wal", "-shm", "-journal"):  # SQLite would take a backup there for its own
        assert run(live, "backup", f"{live}{own}", "--replace") == 1
        assert "is one of the live store's own files" in capsys.readouterr().err
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # a device or a pipe is never replaced by a file (as root: /dev/full)
    assert run(live, "backup", str(fifo), "--replace") == 1
    assert "is not a regular file" in capsys.readouterr().err
    assert fifo.is_fifo()
    assert run(live, "backup", str(other), "--replace") == 0
    with Store.open(live) as store, Store.open(other) as restored:
        assert restored.head() == store.head()


def test_a_backup_that_cannot_be_written_names_its_own_path(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for destination in (tmp_path, blocked / "copy.sqlite3"):
        assert run(live, "backup", str(destination)) == 1
        [line] = capsys.readouterr().err.strip().splitlines()
        assert f"destination: {destination} " in line
        assert str(live) not in line  # the live store is not the problem
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_source_add_from_a_file_and_pasted(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "wire.txt"
    article.write_text(ARTICLE)
    args = ["--publisher", "Wire", "--published", "2026-03-02", "--notes", "From the wire."]
    assert run(live, "source-add", "wire-blast", "--file", str(article), *args) == 0
    out = capsys.readouterr().out
    assert "publisher: Wire" in out
    assert "file: wire-blast.txt" in out

    monkeypatch.setattr("sys.stdin", io.StringIO("Pasted text about the border crossing."))
    assert run(live, "source-add", "pasted", "--file", "-") == 0
    claim = [
        "id=crossing",
        "about_actors=[ttp]",
        "statement=Something happened at the border crossing.",
        "attribution=reported by the article",
        "quote.source=pasted",
        "quote.text=about the border crossing",
    ]
    assert run(live, "add", "claim", *claim) == 0
    with Store.open(live) as store:
        assert store.snapshot().articles["wire-blast"] == ARTICLE
        assert store.get("crossing") is not None


def test_store_path_from_the_setting(live: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_STORE", str(live))
    assert main(["facts", "edit", CLAIM, *RECOUNT]) == 0
    with Store.open(live) as store:
        assert store.get(CLAIM).figure.value == 31  # type: ignore[union-attr]


@pytest.mark.parametrize("command", [["ask", "!timeline"], ["console"], ["digest", "--preview"]])
def test_a_seed_that_does_not_validate_is_one_line_and_no_store(
    live: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    seed = tmp_path / "seed"
    claims = seed / "claims.yaml"
    claims.write_text(claims.read_text().replace("islamabad-mosque-bombing", "no-such-event"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*command, "--store", str(live)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "Traceback" not in err
    assert err.startswith(f"briefing: the store cannot be created: the data in {seed}")
    assert "no-such-event" in err
    assert "briefing facts validate" in err
    if live.exists():  # the schema may be there; no record was written
        db = sqlite3.connect(live)
        assert db.execute("SELECT count(*) FROM records").fetchone() == (0,)
        db.close()


@pytest.mark.parametrize(
    ("action", "writes"),
    [
        ("add", True),
        ("edit", True),
        ("retract", True),
        ("undo", True),
        ("import", True),
        ("source-add", True),
        ("history", False),
        ("export", False),
        ("backup", False),
    ],
)
def test_who_and_why_are_offered_only_where_a_command_writes(
    action: str, writes: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["facts", action, "--help"])
    usage = capsys.readouterr().out
    assert ("--by" in usage) is writes
    assert ("--reason" in usage) is writes
    assert "--store" in usage
