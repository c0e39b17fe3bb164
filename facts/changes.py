"""One change to the live facts, whoever asks for it: a request goes in, a report comes out.

Discord (`!fact ...`, `/fact ...`, its forms) and the terminal (`briefing facts ...`) read what
was typed with the same `read_*` functions (the syntax is facts.edits), write with `apply`, and
only render the report: `Written` (the revision, the record now, the fields changed) or
`Refused` (one reason, the problems found), put in words once by `refusal_text`. Who may write
is the front's to check before (bot.checks on Discord; the terminal is the operator's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from facts import unlinked
from facts.dataset import dump_record
from facts.edits import (
    EditSyntaxError,
    FactInput,
    Words,
    apply_changes,
    changes_between,
    read_input,
    read_reason,
    record_yaml,
)
from facts.models import Claim, Source
from facts.store import (
    Editor,
    NotFound,
    Revision,
    StaleEdit,
    Store,
    StoreError,
    build_record,
)

MAX_CLOSE_IDS = 3  # ids a refusal offers for one that is not there
# A refusal is read on deadline, in one message: the first problems, the rest counted, and
# none longer than a few lines (a problem may echo what was pasted, or list every referrer).
MAX_PROBLEMS = 10
PROBLEM_CHARS = 300
# The fields that date something: an article's publication, an event's or a claim's dates.
DATE_FIELDS = frozenset({"published", "start", "end"})
# A claim's links to other claims: a list set whole by an edit (`disputes=[...]`).
LINK_FIELDS = ("disputes", "differs")
# A date may be tomorrow in UTC: a newsroom east of Greenwich dates its articles ahead of it.
AHEAD = dt.timedelta(days=1)

# --- requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Add:
    """A new claim, event, actor or place: fields, or a whole record with fields on top."""

    kind: str
    changes: Mapping[str, object] = field(default_factory=dict)
    record: dict[str, Any] | None = None
    reason: str = ""


@dataclass(frozen=True)
class AddSource:
    """A new article, so facts can quote it; `notes` says where its metadata came from when
    the one registering it says nothing."""

    changes: Mapping[str, object]
    text: str
    notes: str
    record: dict[str, Any] | None = None
    reason: str = ""


@dataclass(frozen=True)
class Edit:
    """Fields to change, or a whole edited record (a form); with `base`, refused if the
    record changed after that revision."""

    record_id: str
    changes: Mapping[str, object] = field(default_factory=dict)
    record: dict[str, Any] | None = None
    base: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Retract:
    record_id: str
    reason: str


@dataclass(frozen=True)
class Undo:
    """Put a record back as before a revision (undoing a retraction restores it)."""

    revision: int
    reason: str = ""


Request = Add | AddSource | Edit | Retract | Undo
T = TypeVar("T")


# --- reading what was typed ----------------------------------------------------------------
# `reason` and `base` may come typed (`reason=...`) or from elsewhere: an option on the
# command line, a form's own. Given both ways they are refused, never silently merged.


def read_add(
    kind: str, words: Words, *, record: dict[str, Any] | None = None, reason: str | None = None
) -> Add:
    given = _read(words, record=record, reason=reason)
    if not given.changes and given.record is None:
        raise EditSyntaxError("(record)", "give field=value ... or a whole record in YAML")
    return Add(kind, given.changes, given.record, given.reason)


def read_source(
    words: Words,
    *,
    notes: str,
    article: str | None = None,
    record: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AddSource:
    """Metadata as `field=value` words; the article is `article`, or else the typed lines
    below the first."""
    pasted = article is None and isinstance(words, str)
    given = _read(words, record=record, reason=reason, article=pasted)
    text = given.text if article is None else article
    return AddSource(given.changes, text, notes, given.record, given.reason)


def read_edit(
    record_id: str,
    words: Words,
    *,
    record: dict[str, Any] | None = None,
    base: int | None = None,
    reason: str | None = None,
) -> Edit:
    given = _read(words, record=record, base=base, reason=reason)
    return Edit(record_id, given.changes, given.record, given.base, given.reason)


def read_retract(record_id: str, words: Words, *, reason: str | None = None) -> Retract:
    return Retract(record_id, _one("reason", read_reason(words) or None, reason) or "")


def read_undo(revision: int, words: Words, *, reason: str | None = None) -> Undo:
    return Undo(revision, _one("reason", read_reason(words) or None, reason) or "")


def _read(
    words: Words,
    *,
    record: dict[str, Any] | None = None,
    base: int | None = None,
    reason: str | None = None,
    article: bool = False,
) -> FactInput:
    given = read_input(words, article=article)
    given.record = _one("(record)", given.record, record)
    given.base = _one("base", given.base, base)
    given.reason = _one("reason", given.reason or None, reason) or ""
    return given


def _one(name: str, typed: T | None, other: T | None) -> T | None:
    if typed is not None and other is not None:
        raise EditSyntaxError(name, "given twice")
    return other if typed is None else typed


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """What the store wrote: its revision, and the record as it is now (None: withdrawn)."""

    revision: Revision
    notes: tuple[str, ...] = ()  # what the moderator may want to do next (facts.unlinked)

    @property
    def record_id(self) -> str:
        return self.revision.record_id

    @property
    def record(self) -> dict[str, Any] | None:
        return self.revision.after

    @property
    def changed(self) -> list[str]:
        """The fields an edit or undo changed; none for a record added or withdrawn whole."""
        both = self.revision.before is not None and self.revision.after is not None
        return self.revision.changed_fields() if both else []

    def undo_hint(self, commands: str) -> str:
        """The command that reverts this change; `commands` as this front names them."""
        return f"`{commands} undo {self.revision.number}` reverts it"


@dataclass(frozen=True)
class Refused:
    """Nothing changed: why (empty when the problems say it all), and each `field: reason`.
    `redo` names the record and the revision to base an edit on again (a stale edit);
    `undoing`, for a stale undo, the revision it could not revert."""

    problems: tuple[str, ...]
    reason: str = ""
    redo: tuple[str, int] | None = None
    undoing: int | None = None


Report = Written | Refused


def apply(store: Store, request: Request, *, by: Editor, today: dt.date | None = None) -> Report:
    """Make the change through the store's own checks; a refusal changes nothing. Blocking
    (the commit waits for the disk): Discord runs it off the event loop. `today` (UTC, by
    default the store's) bounds the dates a change may give."""
    try:
        _refuse_future(request, today or store.now().astimezone(dt.UTC).date())
        revision = _write(store, request, by)
    except (StoreError, EditSyntaxError) as exc:
        refusal = refused(exc, store)
        if isinstance(request, Undo) and refusal.redo is not None:
            # Later revisions changed the record: there is no edit to redo, but they are in
            # the way, and undoing over them would lose them.
            record = refusal.redo[0]
            reason = (
                f"{record} changed after revision {request.revision}, the one you asked to "
                "undo. What changed since:"
            )
            return replace(refusal, reason=reason, undoing=request.revision)
        return refusal
    return Written(revision, _notes(store, revision))


def _refuse_future(request: Request, today: dt.date) -> None:
    """No record dates what has not happened yet: the store checks an event against the
    articles that report it, but an undated article, or one dated ahead by mistake, would
    let a typo (2062 for 2026) through."""
    given: dict[str, object] = {}
    if isinstance(request, Add | AddSource | Edit):
        given = {**(request.record or {}), **request.changes}
    for path, value in _leaves(given):
        if path.rsplit(".", 1)[-1] not in DATE_FIELDS:
            continue
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            continue  # not a date: the model says what is wrong with it
        if day > today + AHEAD:
            raise EditSyntaxError(
                path, f"{day} is in the future (today is {today}); give the date the article gives"
            )


def _leaves(values: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """Every (dotted path, value) under a record or its changes; list items are skipped (no
    date field is inside a list)."""
    found: list[tuple[str, object]] = []
    for key, value in values.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            found += _leaves(value, f"{path}.")
        else:
            found.append((path, value))
    return found


def _notes(store: Store, revision: Revision) -> tuple[str, ...]:
    """A claim edited out of a link no other side keeps; a claim written with a figure: the
    claims about its event that count the same with other numbers and that nothing links to
    it."""
    claim = store.get(revision.record_id) if revision.after is not None else None
    if not isinstance(claim, Claim):
        return ()
    found = unlinked.note(claim, unlinked.unlinked_figures(store, claim))
    return (*_dropped_links(store, revision, claim), *([found] if found else []))


def _dropped_links(store: Store, revision: Revision, claim: Claim) -> list[str]:
    """`disputes=[...]` replaces the list: a moderator adding a link by typing only the new
    one drops the others. Said when a pair is no longer linked from either side."""
    if revision.action != "edit" or revision.before is None:
        return []
    notes = []
    for name in LINK_FIELDS:
        now: list[str] = getattr(claim, name)
        dropped = [
            other_id
            for other_id in revision.before.get(name) or []
            if other_id not in now
            and not (
                isinstance(other := store.get(other_id), Claim) and claim.id in getattr(other, name)
            )
        ]
        if dropped:
            kept = ", ".join(dict.fromkeys([*now, *dropped]))
            notes.append(
                f"Link removed: {', '.join(dropped)} no longer in {claim.id}'s {name}, and "
                f"nothing else links them. If that was not meant, edit {claim.id} with "
                f"{name}=[{kept}]."
            )
    return notes


def _write(store: Store, request: Request, by: Editor) -> Revision:
    match request:
        case Add():
            data = apply_changes(request.record or {}, dict(request.changes))
            record = build_record(request.kind, data)
            return store.add(record, by=by, reason=request.reason)
        case AddSource():
            data = apply_changes(request.record or {}, dict(request.changes))
            if data.get("id"):
                data.setdefault("file", f"{data['id']}.txt")
            data.setdefault("notes", request.notes)
            source = cast(Source, build_record("source", data))
            return store.add_source(source, request.text, by=by, reason=request.reason)
        case Edit():
            changes = dict(request.changes)
            if request.record is not None:
                if request.base is None:
                    # A whole record puts back every field it holds: one copied before a
                    # colleague's edit would undo it, unseen. Its base makes that a refusal.
                    history = store.history(request.record_id)
                    latest = f" (its latest is {history[-1].number})" if history else ""
                    raise EditSyntaxError(
                        "base",
                        "a whole record needs the revision it was copied at: give"
                        f" base=<revision>{latest}, so an edit made since is not undone",
                    )
                changes = {**_changes_to(store, request.record_id, request.record), **changes}
            return store.edit(
                request.record_id, changes, by=by, reason=request.reason, base_revision=request.base
            )
        case Retract():
            if not request.reason.strip():
                raise EditSyntaxError("reason", "say why the record is retracted")
            return store.retract(request.record_id, by=by, reason=request.reason.strip())
        case Undo():
            return store.undo(request.revision, by=by, reason=request.reason.strip())


def _changes_to(store: Store, record_id: str, new: dict[str, Any]) -> dict[str, object]:
    current = store.get(record_id)
    if current is None:  # missing or retracted: let the store say which
        return {k: v for k, v in new.items() if k not in ("id", "kind")} or {"id": record_id}
    return changes_between(current.kind, dump_record(current), new)


# --- showing a record to edit ------------------------------------------------------------


@dataclass(frozen=True)
class ForEdit:
    """A record as YAML to copy and edit, and the revision an edit of it is based on."""

    record_id: str
    text: str
    base: int

    @property
    def heading(self) -> str:
        return f"{self.record_id} at revision {self.base}:"

    def hint(self, commands: str) -> str:
        """How to edit it; `commands` is how this front names the fact commands."""
        return (
            f"Edit with `{commands} edit {self.record_id} field=value ... base={self.base} "
            f'reason="..."`'
        )


def for_edit(store: Store, record_id: str) -> ForEdit | Refused:
    """The record and its revision, or why it cannot be edited. The base is read first: a
    change landing between the two reads then makes an edit stale (refused, with what
    changed), never one that silently reverts that change."""
    history = store.history(record_id)
    record = store.get(record_id)
    if record is None or not history:  # no history yet: created after the first read
        return unavailable(store, record_id)
    return ForEdit(record_id, record_yaml(record), history[-1].number)


# --- refusals ------------------------------------------------------------------------------


def refused(exc: StoreError | EditSyntaxError, store: Store | None = None) -> Refused:
    """Any refusal of the syntax or the store, as a report; given the store, a record that
    is not there names the ids that may have been meant."""
    if isinstance(exc, EditSyntaxError):
        return Refused((f"{exc.field}: {exc.message}",))
    if isinstance(exc, NotFound) and store is not None:
        missing = [p.record for p in exc.problems if p.field == "id"]
        if missing:
            return unavailable(store, missing[0])
    problems = tuple(f"{p.field}: {p.message}" for p in exc.problems)
    if isinstance(exc, StaleEdit):
        record = exc.since[0].record_id if exc.since else "the record"
        head = exc.since[-1].number if exc.since else exc.base_revision
        reason = (
            f"{record} changed after revision {exc.base_revision}, the one your edit was based "
            "on. What changed since:"
        )
        return Refused(problems, reason, redo=(record, head))
    return Refused(problems)


def unavailable(store: Store, record_id: str) -> Refused:
    """The refusal for a record that cannot be shown for editing: retracted, or never was."""
    if store.is_retracted(record_id):
        # The revision to undo, so the moderator need not look it up in the history first.
        retraction = next(r for r in reversed(store.history(record_id)) if r.after is None)
        return Refused((f"id: retracted in revision {retraction.number}; undo it first",))
    meant = store.close_ids(record_id, MAX_CLOSE_IDS)
    maybe = f"; did you mean {' or '.join(f'`{i}`' for i in meant)}?" if meant else ""
    return Refused((f"id: no record {record_id!r}{maybe}",))


def refusal_text(refusal: Refused, commands: str) -> str:
    """The one wording of a refusal, in plain text: one line for one problem, else a line
    each; `commands` is how this front names the fact commands (`!fact`, `briefing facts`),
    for the next step it suggests."""
    problems = [_clip(problem) for problem in refusal.problems[:MAX_PROBLEMS]]
    if not refusal.reason and len(refusal.problems) == 1 and refusal.redo is None:
        return f"Refused, nothing changed: {problems[0]}"
    lines = [f"Refused, nothing changed: {refusal.reason}".rstrip(), *problems]
    if len(refusal.problems) > MAX_PROBLEMS:
        more = len(refusal.problems) - MAX_PROBLEMS
        lines.append(f"… and {more} more problem{'s' if more > 1 else ''}; fix these first.")
    if refusal.redo is not None and refusal.undoing is not None:
        record, head = refusal.redo
        lines.append(
            f"To undo revision {refusal.undoing}, undo the later ones first, newest first "
            f"(`{commands} history {record}` lists them), or change the fields by hand: "
            f"`{commands} edit {record} field=value ... base={head}`."
        )
    elif refusal.redo is not None:
        record, head = refusal.redo
        lines.append(
            f"Look at `{commands} history {record}`, then redo your edit with base={head}."
        )
    return "\n".join(lines)


def _clip(problem: str) -> str:
    """A problem within PROBLEM_CHARS, keeping its start (the field, what was typed) and its
    end (the reason, what to do): a huge paste or a long list of ids is not echoed whole."""
    if len(problem) <= PROBLEM_CHARS:
        return problem
    end = PROBLEM_CHARS // 3
    return f"{problem[: PROBLEM_CHARS - end - 3]} … {problem[-end:]}"
