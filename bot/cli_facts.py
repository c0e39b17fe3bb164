"""`briefing facts ...`: checking the curated data, and editing the live store the same way
moderators do on Discord (the same facts.store calls, the same refusals)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml

from bot.settings import load_settings
from facts.dataset import DATA_DIR, dump_record
from facts.edits import EditSyntaxError, apply_changes, parse_assignments, read_yaml
from facts.models import KINDS, AnyRecord, Source
from facts.store import Editor, Revision, StaleEdit, Store, StoreError, build_record
from facts.validate import validate_dir, warnings
from facts.yamlsafe import FILE_CHARS

Handler = Callable[[argparse.Namespace, Store], int]


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
    editing.add_argument("--reason", metavar="TEXT", default="", help="why (kept in history)")

    def action(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text, parents=[editing])
        parser.set_defaults(handler=lambda args: _with_store(args, handler))
        return parser

    add = action("add", "add a record: --file record.yaml or field=value ...", run_add)
    add.add_argument("kind", choices=[k for k in KINDS if k != "source"], metavar="KIND")
    add.add_argument("assignments", nargs="*", metavar="FIELD=VALUE")
    add.add_argument("--file", type=Path, metavar="RECORD.yaml")

    edit = action("edit", "change fields of a record: ID field=value ...", run_edit)
    edit.add_argument("record_id", metavar="ID")
    edit.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    edit.add_argument(
        "--base", type=int, metavar="REV", help="refuse if the record changed after REV"
    )

    retract = action("retract", "withdraw a record (kept in history)", run_retract)
    retract.add_argument("record_id", metavar="ID")

    undo = action("undo", "undo one revision (itself a new revision)", run_undo)
    undo.add_argument("revision", type=int, metavar="REV")

    history = action("history", "the revisions of one record", run_history)
    history.add_argument("record_id", metavar="ID")

    export = action("export", "write the live store as YAML that `validate` reads", run_export)
    export.add_argument("directory", type=Path, metavar="DIR")

    imp = action("import", "bring curated YAML into the live store", run_import)
    imp.add_argument("directory", type=Path, metavar="DIR")

    backup = action("backup", "copy the live store (SQLite online backup)", run_backup)
    backup.add_argument("destination", type=Path, metavar="DEST")

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
        default="Registered by an operator from the command line; metadata as they gave it.",
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
    settings = load_settings()  # read when the command runs, never at import
    path = Path(getattr(args, "store", None) or settings.store)
    try:
        with Store.open(path, seed_dir=settings.data_dir) as store:
            return handler(args, store)
    except StaleEdit as exc:
        print(f"refused: the record changed after revision {exc.base_revision}", file=sys.stderr)
        _print_problems(exc)
        return 1
    except StoreError as exc:
        _print_problems(exc)
        return 1
    except EditSyntaxError as exc:
        print(f"{exc.field}: {exc.message}", file=sys.stderr)
        return 1


def _print_problems(exc: StoreError) -> None:
    for problem in exc.problems:
        print(f"{problem.field}: {problem.message}", file=sys.stderr)


def _editor(args: argparse.Namespace) -> Editor:
    return Editor(name=args.by or "operator")


def _confirm(record: AnyRecord | None, revision: Revision) -> int:
    if record is not None:
        print(yaml.safe_dump(dump_record(record), sort_keys=False, allow_unicode=True), end="")
    print(f"revision {revision.number}")
    return 0


def run_add(args: argparse.Namespace, store: Store) -> int:
    data: dict[str, Any] = {}
    if args.file is not None:
        with args.file.open(encoding="utf-8") as file:  # no more than the limit is read
            text = file.read(FILE_CHARS + 1)
        data = read_yaml(text, max_chars=FILE_CHARS)
    data = apply_changes(data, parse_assignments(args.assignments))
    record = build_record(args.kind, data)
    revision = store.add(record, by=_editor(args), reason=args.reason)
    return _confirm(store.get(record.id), revision)


def run_edit(args: argparse.Namespace, store: Store) -> int:
    changes = parse_assignments(args.assignments)
    revision = store.edit(
        args.record_id, changes, by=_editor(args), reason=args.reason, base_revision=args.base
    )
    return _confirm(store.get(args.record_id), revision)


def run_retract(args: argparse.Namespace, store: Store) -> int:
    if not args.reason:
        print("--reason: say why the record is retracted", file=sys.stderr)
        return 1
    revision = store.retract(args.record_id, by=_editor(args), reason=args.reason)
    print(f"retracted {args.record_id}")
    return _confirm(None, revision)


def run_undo(args: argparse.Namespace, store: Store) -> int:
    revision = store.undo(args.revision, by=_editor(args), reason=args.reason)
    record = store.get(revision.record_id)
    if record is None:
        print(f"{revision.record_id} is retracted again")
    return _confirm(record, revision)


def run_history(args: argparse.Namespace, store: Store) -> int:
    revisions = store.history(args.record_id)
    if not revisions:
        print(f"id: no record {args.record_id!r}", file=sys.stderr)
        return 1
    for revision in revisions:
        print(revision.history_line())
    return 0


def run_export(args: argparse.Namespace, store: Store) -> int:
    store.export(args.directory)
    print(f"exported {store.snapshot().summary()} at revision {store.head()} to {args.directory}")
    return 0


def run_import(args: argparse.Namespace, store: Store) -> int:
    report = store.import_dir(args.directory, by=_editor(args), reason=args.reason)
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
    store.backup(args.destination)
    print(f"backed up revision {store.head()} to {args.destination}")
    return 0


def run_source(args: argparse.Namespace, store: Store) -> int:
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    data = {
        "id": args.source_id,
        "file": args.name or f"{args.source_id}.txt",
        "publisher": args.publisher,
        "title": args.title,
        "author": args.author,
        "published": args.published,
        "language": args.language,
        "notes": args.notes,
    }
    source = cast(Source, build_record("source", {k: v for k, v in data.items() if v}))
    revision = store.add_source(source, text, by=_editor(args), reason=args.reason)
    return _confirm(store.get(source.id), revision)
