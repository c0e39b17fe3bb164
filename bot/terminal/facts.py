"""`briefing facts ...`: checking the curated data, and editing the live store as moderators
do on Discord: the same words (`reason=...`, `base=...`, a plain reason after `retract ID`),
read and applied by facts.changes, with the same refusal text. `--reason` and `--base` are
the same as typing them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.terminal.opened import opened
from facts import changes
from facts.dataset import DATA_DIR
from facts.edits import EditSyntaxError, read_yaml, record_yaml
from facts.models import KINDS
from facts.store import Editor, Store, StoreError
from facts.validate import validate_dir, warnings
from facts.yamllimits import FILE_CHARS

Handler = Callable[[argparse.Namespace, Store], int]
COMMANDS = "briefing facts"  # how a refusal names the next command to run
SOURCE_NOTES = "Registered by an operator from the command line; metadata as they gave it."


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

    editing = argparse.ArgumentParser(add_help=False, parents=[common])
    editing.add_argument("--by", metavar="NAME", help="who makes the change (default: operator)")
    editing.add_argument("--reason", metavar="TEXT", help="why (kept in history; or reason=...)")

    def action(
        name: str, help_text: str, handler: Handler, *, writes: bool = True
    ) -> argparse.ArgumentParser:
        # Who and why are asked only of a command that writes: they mean nothing elsewhere.
        parser = actions.add_parser(name, help=help_text, parents=[editing if writes else common])
        parser.set_defaults(handler=lambda args: _with_store(args, handler))
        return parser

    add = action("add", "add a record: --file record.yaml or field=value ...", run_add)
    add.add_argument("kind", choices=list(KINDS), metavar="KIND")
    add.add_argument("assignments", nargs="*", metavar="FIELD=VALUE")
    add.add_argument("--file", type=Path, metavar="RECORD.yaml")
    add.add_argument(
        "--article", metavar="ARTICLE.txt", help="a source's article text ('-': stdin)"
    )

    edit = action(
        "edit", "change fields of a record: ID field=value ... (ID alone: show it)", run_edit
    )
    edit.add_argument("record_id", metavar="ID")
    edit.add_argument("assignments", nargs="*", metavar="FIELD=VALUE")
    edit.add_argument(
        "--base", type=int, metavar="REV", help="refuse if the record changed after REV (base=REV)"
    )
    edit.add_argument("--file", type=Path, metavar="RECORD.yaml", help="the whole record, edited")

    retract = action("retract", "withdraw a record (kept in history): ID REASON", run_retract)
    retract.add_argument("record_id", metavar="ID")
    retract.add_argument("words", nargs="*", metavar="REASON")

    undo = action("undo", "undo one revision (itself a new revision): REV [REASON]", run_undo)
    undo.add_argument("revision", type=int, metavar="REV")
    undo.add_argument("words", nargs="*", metavar="REASON")

    history = action("history", "the revisions of one record", run_history, writes=False)
    history.add_argument("record_id", metavar="ID")

    export = action(
        "export", "write the live store as YAML that `validate` reads", run_export, writes=False
    )
    export.add_argument("directory", type=Path, metavar="DIR")

    imp = action("import", "bring curated YAML into the live store", run_import)
    imp.add_argument("directory", type=Path, metavar="DIR")

    backup = action(
        "backup", "copy the live store (SQLite online backup)", run_backup, writes=False
    )
    backup.add_argument("destination", type=Path, metavar="DEST")
    backup.add_argument(
        "--replace", action="store_true", help="write over DEST if it exists (never the store)"
    )

    source = action("source-add", "register a new article so facts can quote it", run_source)
    source.add_argument("source_id", metavar="ID")
    source.add_argument(
        "--file", required=True, metavar="ARTICLE.txt", help="the article text ('-': stdin)"
    )
    source.add_argument("--name", metavar="FILE.txt", help="its file name in articles/")
    source.add_argument("--publisher")
    source.add_argument("--title")
    source.add_argument("--author")
    source.add_argument("--published", metavar="YYYY-MM-DD")
    source.add_argument("--language", default="en")
    source.add_argument(
        "--notes",
        default=SOURCE_NOTES,
    )


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
    found = warnings(facts)  # reported, never failing: records nothing refers to
    for warning in found:
        print(warning)
    noted = f" ({len(found)} warning(s))" if found else ""
    print(f"ok: {facts.summary()} in {directory}{noted}")
    return 0


# --- the store actions ---------------------------------------------------------------------


def _with_store(args: argparse.Namespace, handler: Handler) -> int:
    """Open the store named by --store (or the setting), run the action, print refusals."""
    try:
        with opened(args) as (_, store):
            return handler(args, store)
    except (StoreError, EditSyntaxError) as exc:
        return _refuse(changes.refused(exc))


def _refuse(refusal: changes.Refused) -> int:
    print(changes.refusal_text(refusal, COMMANDS), file=sys.stderr)
    return 1


def _editor(args: argparse.Namespace) -> Editor:
    return Editor(name=args.by or "operator")


def _change(args: argparse.Namespace, store: Store, request: changes.Request) -> int:
    """Apply the change as the operator (or --by), and print the record, its revision and
    the command that reverts it."""
    report = changes.apply(store, request, by=_editor(args))
    if isinstance(report, changes.Refused):
        return _refuse(report)
    if report.record is not None:
        print(record_yaml(report.record), end="")
    elif report.revision.action == "retract":
        print(f"retracted {report.record_id}")
    else:
        print(f"{report.record_id} is retracted again")
    print(f"revision {report.revision.number}; {report.undo_hint(COMMANDS)}")
    for note in report.notes:
        print(note)
    return 0


def _record_file(path: Path | None) -> dict[str, Any] | None:
    """The whole record a --file holds (None without one)."""
    if path is None:
        return None
    return read_yaml(_read_text(path, "--file", FILE_CHARS), max_chars=FILE_CHARS)


def _read_text(path: Path, option: str, limit: int | None = None) -> str:
    """A file named on the command line, as UTF-8 text (at most `limit` characters read
    past the limit, which the reader then refuses). Text that is not UTF-8 is refused naming
    the option and the file; a file that cannot be opened is the failure line of
    bot.terminal.failures, which names it."""
    try:
        with path.open(encoding="utf-8") as file:
            return file.read(-1 if limit is None else limit + 1)
    except UnicodeDecodeError as exc:
        raise EditSyntaxError(option, f"{path} is not UTF-8 text ({exc.reason})") from exc


def run_add(args: argparse.Namespace, store: Store) -> int:
    record = _record_file(args.file)
    request: changes.Request
    if args.kind == "source":
        if args.article is None:
            raise EditSyntaxError("--article", "give the article's text: --article FILE or -")
        article = _article(args.article)
        request = changes.read_source(
            args.assignments, notes=SOURCE_NOTES, article=article, record=record, reason=args.reason
        )
    else:
        request = changes.read_add(args.kind, args.assignments, record=record, reason=args.reason)
    return _change(args, store, request)


def run_edit(args: argparse.Namespace, store: Store) -> int:
    nothing = not args.assignments and args.file is None
    if nothing and args.base is None and args.reason is None:
        return _show_for_edit(store, args.record_id)
    request = changes.read_edit(
        args.record_id,
        args.assignments,
        record=_record_file(args.file),
        base=args.base,
        reason=args.reason,
    )
    return _change(args, store, request)


def _show_for_edit(store: Store, record_id: str) -> int:
    """The record as YAML and its revision, to edit with field=value (as `!fact edit ID`)."""
    shown = changes.for_edit(store, record_id)
    if isinstance(shown, changes.Refused):
        return _refuse(shown)
    # The record alone on standard output (`> record.yaml` is the file to edit and send
    # with --file); its revision and how to use it beside it, on standard error.
    print(shown.heading, file=sys.stderr)
    print(shown.text, end="")
    print(shown.hint(COMMANDS), file=sys.stderr)
    return 0


def run_retract(args: argparse.Namespace, store: Store) -> int:
    return _change(
        args, store, changes.read_retract(args.record_id, args.words, reason=args.reason)
    )


def run_undo(args: argparse.Namespace, store: Store) -> int:
    return _change(args, store, changes.read_undo(args.revision, args.words, reason=args.reason))


def run_history(args: argparse.Namespace, store: Store) -> int:
    revisions = store.history(args.record_id)
    if not revisions:
        return _refuse(changes.unavailable(store, args.record_id))
    for revision in revisions:
        print(revision.history_line())
    return 0


def run_export(args: argparse.Namespace, store: Store) -> int:
    store.export(args.directory)
    print(f"exported {store.snapshot().summary()} at revision {store.head()} to {args.directory}")
    return 0


def run_import(args: argparse.Namespace, store: Store) -> int:
    report = store.import_dir(args.directory, by=_editor(args), reason=args.reason or "")
    print(
        f"imported {args.directory}: {len(report.created)} new, {len(report.updated)} changed, "
        f"{report.unchanged} unchanged, {len(report.conflicts)} conflict(s)"
    )
    for conflict in report.conflicts:
        print(f"conflict: {conflict.record_id}: {conflict.reason}; not overwritten")
        for revision in conflict.revisions:
            print(f"  {revision.history_line()}")
    return 0


def run_backup(args: argparse.Namespace, store: Store) -> int:
    store.backup(args.destination, replace=args.replace)
    print(f"backed up revision {store.head()} to {args.destination}")
    return 0


def run_source(args: argparse.Namespace, store: Store) -> int:
    given = {
        "id": args.source_id,
        "file": args.name,
        "publisher": args.publisher,
        "title": args.title,
        "author": args.author,
        "published": args.published,
        "language": args.language,
    }
    request = changes.AddSource(
        {k: v for k, v in given.items() if v},
        _article(args.file, "--file"),
        args.notes,
        reason=args.reason or "",
    )
    return _change(args, store, request)


def _article(path: str, option: str = "--article") -> str:
    return sys.stdin.read() if path == "-" else _read_text(Path(path), option)
