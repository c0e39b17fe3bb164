"""Cross-record checks: what no single record can prove about itself.

- ids are unique (the loader reports duplicates as it reads);
- every reference resolves to a record of the right kind;
- every quote occurs verbatim in its article (after normalising whitespace, quote marks and
  dashes), and a quote whose words occur more than once is pinned down by prefix/suffix;
- no two actors or places share a name or alias (weak aliases excepted);
- dates agree with the articles: no event after the publication of an article that reports
  it, and a date resolved against the publication date needs a source with a known date;
- each article file belongs to one source.

Each rule runs on a whole set (`check`) and on one changed record (`check_record`, and
`check_removal` for a record withdrawn): the live store calls the second, so an edit is held
to the rules the curated data is, without re-checking everything. (Over 400 lines on purpose:
one module for every cross-record rule, so no rule has a second home.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from facts.dataset import DATA_DIR, Problem, article, load_dir
from facts.factset import Facts, FactSet, FactView, KindTables
from facts.models import (
    KINDS,
    Actor,
    AliasKind,
    AnyRecord,
    Claim,
    DateDerivation,
    DatePrecision,
    Event,
    EventDate,
    Place,
    Quote,
    Source,
)
from facts.text import count_occurrences, normalise_quote, numbers_in


def validate_dir(directory: Path = DATA_DIR) -> tuple[FactSet, list[Problem]]:
    """Load and check a dataset directory; returns the facts and every problem found."""
    facts, problems = load_dir(directory)
    problems.extend(check(facts))
    return facts, sorted(set(problems), key=_problem_order)


def check(facts: Facts, *, changed: Iterable[AnyRecord] | None = None) -> list[Problem]:
    """Every cross-record problem in a loaded fact set. With `changed` (an import into a set
    that passed before), quotes and file names are checked in those records only: quotes
    are slow, each re-reading its article."""
    quoted: Facts = facts
    if changed is None:
        filed = list(facts.sources.values())
    else:
        quoted = _part(facts.articles, changed)
        filed = list(quoted.sources.values())
    return [
        *check_references(facts),
        *check_quotes(quoted),
        *check_aliases(facts),
        *check_dates(facts),
        *check_date_phrases(facts),
        *check_links(facts),
        *check_files(facts, filed),
    ]


# --- one changed record --------------------------------------------------------------------


@dataclass
class _Only(FactView):
    """The whole fact set for look-ups, but only the given records to check."""

    only: list[AnyRecord] = field(default_factory=list)

    def records(self) -> Iterator[AnyRecord]:
        yield from self.only


def check_record(
    facts: Facts,
    record: AnyRecord,
    *,
    owner: Callable[[str], str | None] | None = None,
    referrers: Iterable[str] | None = None,
) -> list[Problem]:
    """The problems one new or changed record brings into `facts`, the set as it would be
    with the change (the record included): the rules of `check`, for this record and what
    depends on it. `owner(key)` gives a record other than this one that owns a name key,
    and `referrers` the ids of the records that refer to this one; without them the set
    is searched (a store passes its indexes)."""
    focus = _Only(
        sources=facts.sources,
        actors=facts.actors,
        places=facts.places,
        events=facts.events,
        claims=facts.claims,
        articles=facts.articles,
        only=[record],
    )
    quoted = _part(facts.articles, [record])
    problems = [
        *check_references(focus),
        *check_links(focus),
        *check_quotes(quoted),
        *name_problems(record, owner or _name_owner(facts, record)),
        *alias_source_problems(record, facts.articles),
    ]
    events = [record] if isinstance(record, Event) else []
    if record.kind == "source":  # a new publication date may contradict events
        users = _referrers(facts, record.id) if referrers is None else referrers
        events = [e for u in users if (e := facts.events.get(u)) is not None]
        problems.extend(check_files(facts, [record]))
    claims = {record.id: record} if isinstance(record, Claim) else {}
    dated = FactView(sources=facts.sources, events={e.id: e for e in events}, claims=claims)
    problems.extend(check_dates(dated))
    problems.extend(check_date_phrases(dated))
    return problems


def _part(articles: Mapping[str, str], records: Iterable[AnyRecord]) -> FactView:
    """Just these records, with every article (for the checks that read quotes)."""
    tables: dict[str, dict[str, AnyRecord]] = {f"{kind}s": {} for kind in KINDS}
    for record in records:
        tables[f"{record.kind}s"][record.id] = record
    return FactView(articles=articles, **tables)  # type: ignore[arg-type]


# The records a refused removal names: the refusal is one line a moderator reads.
REFERRERS_NAMED = 5


def check_removal(
    facts: Facts, kind: str, record_id: str, *, referrers: Iterable[str] | None = None
) -> list[Problem]:
    """A record withdrawn from `facts` (the set without it) must not leave a reference
    dangling: refused while a current record refers to it."""
    users = _referrers(facts, record_id) if referrers is None else referrers
    current = sorted(u for u in users if facts.get(u) is not None)
    if not current:
        return []
    named = ", ".join(current[:REFERRERS_NAMED])
    if len(current) > REFERRERS_NAMED:  # an actor of a year's reporting: thousands of claims
        named += f" and {len(current) - REFERRERS_NAMED:,} more"
    return [
        Problem(
            KINDS[kind].yaml_file,
            record_id,
            "id",
            f"still referenced by {named}; change or retract those first",
        )
    ]


def _referrers(facts: Facts, record_id: str) -> list[str]:
    return [r.id for r in facts.records() if any(x.target == record_id for x in r.references())]


def _name_owner(facts: Facts, record: AnyRecord) -> Callable[[str], str | None]:
    owners: dict[str, str] = {}
    named: list[Actor | Place] = [*facts.actors.values(), *facts.places.values()]
    for other in named:
        if other.id != record.id:
            for _path, name in alias_names(other):
                owners.setdefault(alias_key(name), other.id)
    return owners.get


def warnings(facts: Facts) -> list[Problem]:
    """What `facts validate` reports without failing: records nothing refers to, and
    disputed claims whose statement does not say who says them."""
    found = [*check_unreferenced(facts), *check_unattributed_disputes(facts)]
    return sorted(found, key=_problem_order)


def _problem_order(problem: Problem) -> tuple[int, str, str, str]:
    order = [model.yaml_file for model in KINDS.values()]
    base = problem.file.split(":")[0]
    return (
        order.index(base) if base in order else len(order),
        problem.record,
        problem.field,
        problem.message,
    )


def _file(record: AnyRecord) -> str:
    return record.yaml_file


# --- references ----------------------------------------------------------------------------


def check_references(facts: Facts) -> Iterator[Problem]:
    get = _lookup(facts)
    for record in facts.records():
        for path, target, kind in record.references():
            found = get(target)
            if found is None:
                yield Problem(_file(record), record.id, path, f"unknown {kind} id {target!r}")
            elif found.kind != kind:
                yield Problem(
                    _file(record),
                    record.id,
                    path,
                    f"{target!r} is {article(found.kind)}, not {article(kind)}",
                )
            elif target == record.id:
                yield Problem(_file(record), record.id, path, "a record cannot refer to itself")


def _lookup(facts: Facts) -> Callable[[str], AnyRecord | None]:
    """`facts.get`; for tables held in memory (FactSet, FactView), the same look-up without
    naming the tables at every call (a big set makes hundreds of thousands of references)."""
    if not isinstance(facts, KindTables):  # the store's: its own look-up
        return facts.get
    tables = [facts.table(kind) for kind in KINDS]

    def get(record_id: str) -> AnyRecord | None:
        for table in tables:
            if (found := table.get(record_id)) is not None:
                return found  # type: ignore[no-any-return]
        return None

    return get


# --- quotes --------------------------------------------------------------------------------


# A record's texts are normalised by several rules in a row (a claim's quote by the quote,
# figure and date checks; a name by the alias key and its spelling): each once. Small, for
# short texts; a str caches its own hash, so a hit costs little.
_normalised = lru_cache(maxsize=256)(normalise_quote)


@lru_cache(maxsize=32)
def _normalised_article(article: str) -> str:
    # Many quotes share one article: normalise each article text once, not once a quote.
    return normalise_quote(article)


@lru_cache(maxsize=4)
def _folded_corpus(articles: tuple[str, ...]) -> str:
    # Every alias is looked for in every article: fold them once, into one text (the blank
    # line between articles keeps a name from spanning two of them).
    return "\n\n".join(_normalised_article(text).casefold() for text in articles)


def quote_problem(quote: Quote, article: str, *, normalised: str | None = None) -> str | None:
    """Why a quote does not stand in its article, or None when it does (`normalised`: the
    article already normalised, when the caller has it)."""
    text = _normalised_article(article) if normalised is None else normalised
    span = _normalised(quote.text)
    found = count_occurrences(text, span)
    if found == 0:
        return f"quote not found verbatim in the article: {quote.text[:80]!r}"
    if quote.prefix is not None or quote.suffix is not None:
        # The prefix and the suffix may each join the span with or without a space
        # ("an“open war”"; suffix "." right after "... five died").
        prefix, suffix = (normalise_quote(p) if p else "" for p in (quote.prefix, quote.suffix))
        heads = {prefix + " ", prefix} if prefix else {""}
        tails = {" " + suffix, suffix} if suffix else {""}
        variants = {head + span + tail for head in heads for tail in tails}
        pinned = sum(count_occurrences(text, variant) for variant in variants)
        if pinned == 0:
            return "prefix/suffix do not occur around the quote in the article"
        if pinned > 1:
            return "quote with its prefix/suffix still occurs more than once; lengthen them"
    elif found > 1:
        return f"quote occurs {found} times in the article; add a prefix or suffix to pin it down"
    return None


def figure_problems(claim: Claim) -> Iterator[tuple[str, str]]:
    """(field, problem) for each number of a claim's figure that its quote does not state:
    a figure is the article's own number, never a moderator's or a curator's."""
    if claim.figure is None:
        return
    wording = claim.figure.wording
    if (
        wording is not None
        and count_occurrences(
            _normalised(claim.quote.text).casefold(), _normalised(wording).casefold()
        )
        == 0
    ):
        yield ("figure.wording", f"{wording!r} is not in the quote; give the article's words")
    quoted = numbers_in(_normalised(claim.quote.text))
    said = numbers_in(_normalised(claim.statement))
    for name in ("value", "low", "high"):
        number = getattr(claim.figure, name)
        if number is None:
            continue
        if float(number) not in quoted:
            yield (
                f"figure.{name}",
                f"{number:g} is not a number the quote states; quote the words that give it",
            )
        elif float(number) not in said:
            # After a correction the statement must not go on reading the old number.
            yield ("statement", f"does not give the figure's {number:g}; say it as the quote does")


def check_quotes(facts: Facts) -> Iterator[Problem]:
    # Each article normalised once for the whole set: the records of a big set quote
    # thousands of articles in no order, far more than _normalised_article's cache holds.
    normalised: dict[str, str] = {}
    for record in facts.records():
        for path, quote in record.quoted():
            article = facts.articles.get(quote.source)
            if article is None:
                continue  # an unknown source is reported by check_references
            if (text := normalised.get(quote.source)) is None:
                text = normalised[quote.source] = normalise_quote(article)
            if (problem := quote_problem(quote, article, normalised=text)) is not None:
                yield Problem(_file(record), record.id, f"{path}.text", problem)
        if isinstance(record, Claim):
            for path, problem in figure_problems(record):
                yield Problem(_file(record), record.id, path, problem)
    for source in facts.sources.values():
        article = facts.articles.get(source.id)
        if article is None:
            continue
        text = normalised.get(source.id) or _normalised_article(article)
        for i, span in enumerate(source.evidence):
            if count_occurrences(text, normalise_quote(span)) == 0:
                yield Problem(
                    Source.yaml_file,
                    source.id,
                    f"evidence[{i}]",
                    f"not found verbatim in the article: {span[:80]!r}",
                )


# --- aliases -------------------------------------------------------------------------------


def alias_key(name: str) -> str:
    """How names are compared for collisions: case, punctuation and spacing folded."""
    return "".join(filter(str.isalnum, _normalised(name).casefold()))


def spelled(name: str) -> str:
    """A name as spelled, up to case, spacing, quote marks and dashes."""
    return _normalised(name).casefold()


def alias_names(record: AnyRecord) -> list[tuple[str, str]]:
    """(field path, name) of every non-weak name an actor or place answers to."""
    if not isinstance(record, (Actor, Place)):
        return []
    return [("name", record.name)] + [
        (f"aliases[{i}].name", alias.name)
        for i, alias in enumerate(record.aliases)
        if alias.kind is not AliasKind.WEAK
    ]


def name_problems(record: AnyRecord, owner: Callable[[str], str | None]) -> Iterator[Problem]:
    """The alias rule, for one record: each name has letters or digits, no other record
    owns it (`owner(key)` gives another record that does, or None), and no spelling is
    listed twice ("IS-KP" and "ISKP" may both be listed: readers type both). The one rule
    that `check_aliases` and the live store both call."""
    mine: set[str] = set()
    for path, name in alias_names(record):
        key = alias_key(name)
        if not key:
            yield Problem(_file(record), record.id, path, "name has no letters or digits")
            continue
        other = owner(key)
        if other is not None and other != record.id:
            yield Problem(
                _file(record),
                record.id,
                path,
                f"{name!r} already names {other!r}; make one of them a weak alias",
            )
        elif spelled(name) in mine and path != "name":
            yield Problem(_file(record), record.id, path, f"{name!r} is listed twice")
        mine.add(spelled(name))


def check_aliases(facts: Facts) -> Iterator[Problem]:
    owners: dict[str, str] = {}
    named: list[Actor | Place] = [*facts.actors.values(), *facts.places.values()]
    for record in named:
        yield from name_problems(record, owners.get)
        for _path, name in alias_names(record):
            if key := alias_key(name):
                owners.setdefault(key, record.id)
    yield from check_alias_sources(facts)


def _occurs_as_words(name: str, text: str) -> bool:
    """Whether a name occurs in a normalised, case-folded text as whole words ('MEA' is
    not in 'measures')."""
    span = normalise_quote(name).casefold()
    return re.search(rf"(?<!\w){re.escape(span)}(?!\w)", text) is not None


def alias_source_problems(record: AnyRecord, articles: Mapping[str, str]) -> Iterator[Problem]:
    """An alias is the articles' words unless it says otherwise (`in_articles: false`, for
    names readers type, such as 'UNAMA'): one no article uses, and not marked, is reported."""
    if not isinstance(record, (Actor, Place)) or not articles:
        return
    if not any(alias.in_articles for alias in record.aliases):
        return
    corpus = _folded_corpus(tuple(articles.values()))
    for i, alias in enumerate(record.aliases):
        if alias.in_articles and not _occurs_as_words(alias.name, corpus):
            yield Problem(
                _file(record),
                record.id,
                f"aliases[{i}].name",
                f"{alias.name!r} occurs in no article; mark it in_articles: false",
            )


def check_alias_sources(facts: Facts) -> Iterator[Problem]:
    named: list[Actor | Place] = [*facts.actors.values(), *facts.places.values()]
    for record in named:
        yield from alias_source_problems(record, facts.articles)


# --- dates ---------------------------------------------------------------------------------


def _dated(facts: Facts) -> Iterator[tuple[Event | Claim, EventDate]]:
    """Every date the records give: each event's, and a claim's own date for its event."""
    for event in facts.events.values():
        yield event, event.date
    for claim in facts.claims.values():
        if claim.date is not None:
            yield claim, claim.date


def check_dates(facts: Facts) -> Iterator[Problem]:
    for record, date in _dated(facts):
        published = [
            facts.sources[s].published
            for s in record.sources
            if s in facts.sources and facts.sources[s].published is not None
        ]
        if date.derivation is DateDerivation.RELATIVE_TO_PUBLICATION and not published:
            yield Problem(
                _file(record),
                record.id,
                "date.derivation",
                "resolved relative to publication, but no source quoting it has a known date",
            )
        if date.start is not None:
            for when in published:
                if when is not None and date.start > when:
                    yield Problem(
                        _file(record),
                        record.id,
                        "date.start",
                        f"{date.start} is after {when}, the publication of an article reporting it",
                    )
        if isinstance(record, Claim) and _normalised(date.phrase).casefold() not in (
            _normalised(record.quote.text).casefold()
        ):
            yield Problem(
                _file(record),
                record.id,
                "date.phrase",
                f"{date.phrase!r} is not in the claim's quote: a claimed date is the quote's",
            )


# --- date phrases --------------------------------------------------------------------------

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_WEEKDAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAY_OF_MONTH = re.compile(
    rf"\b(\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{_MONTHS})|(?:{_MONTHS})\s+\d{{1,2}})\b"
)
_WEEKDAY = re.compile(rf"\b({_WEEKDAYS})\b")
_COUNTED_DAYS = re.compile(r"\b(\w+) days? (later|after|before|earlier)\b|\bthe previous day\b")
_PART_OF_DAY = re.compile(
    r"\b(morning|afternoon|evening|night|dawn|dusk|early hours|early on|late on|later on)\b"
)
_WEEK = re.compile(r"\b(week|weekend)s?\b")
_DAYS = re.compile(r"\bdays\b")
_MONTH = re.compile(rf"\b({_MONTHS}|month)s?\b")
_YEAR_NUMBER = re.compile(r"\b(1[89]|20)\d\d\b")
_YEAR = re.compile(r"\b(year|years)\b")
# Finest first: a phrase allows a precision when it allows this one or a finer one.
_ORDER = [
    DatePrecision.PART_OF_DAY,
    DatePrecision.DAY,
    DatePrecision.DAYS,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
    DatePrecision.UNKNOWN,
]


def finest_precision(phrase: str) -> DatePrecision:
    """The finest precision an article's phrase can give: 'early on Sunday' a part of a
    day, 'On February 6' a day, 'Days later' days, 'over the weekend' a week, 'last October' a
    month, 'In 2025' or 'Last year' a year; anything else nothing."""
    text = normalise_quote(phrase).casefold()
    day = bool(_DAY_OF_MONTH.search(text) or _WEEKDAY.search(text) or _COUNTED_DAYS.search(text))
    if day and _PART_OF_DAY.search(text):
        return DatePrecision.PART_OF_DAY
    if day:
        return DatePrecision.DAY
    if _DAYS.search(text):
        return DatePrecision.DAYS
    if _WEEK.search(text):
        return DatePrecision.WEEK
    if _MONTH.search(text):
        return DatePrecision.MONTH
    if _YEAR_NUMBER.search(text) or _YEAR.search(text):
        return DatePrecision.YEAR
    return DatePrecision.UNKNOWN


def states_date(phrase: str, precision: DatePrecision) -> bool:
    """Whether a phrase itself states a date at that precision ('In 2025', 'in August 2021',
    'On February 6'), as opposed to giving it relative to something ('Last year')."""
    text = normalise_quote(phrase).casefold()
    if precision is DatePrecision.UNKNOWN:
        return True
    if precision is DatePrecision.YEAR:
        return bool(_YEAR_NUMBER.search(text))
    if precision is DatePrecision.MONTH:
        return bool(re.search(rf"\b({_MONTHS})\b", text))
    return bool(_DAY_OF_MONTH.search(text))


def date_phrase_problems(date: EventDate, dated_sources: bool) -> Iterator[tuple[str, str]]:
    """(field, problem) where a date claims more than its phrase gives: precision finer than
    the phrase allows; `stated` for a phrase that does not state the date; a day known only
    by its weekday ('on Friday') in articles that carry no date."""
    allowed = finest_precision(date.phrase)
    # "during the same period": the phrase only points at another event, whose date (and
    # precision) it takes; the note names that event.
    pointer = date.derivation is DateDerivation.RELATIVE_TO_EVENT
    if pointer and allowed is DatePrecision.UNKNOWN:
        allowed = date.precision
    if _ORDER.index(date.precision) < _ORDER.index(allowed):
        yield (
            "date.precision",
            f"{date.precision.value!r} is finer than the phrase {date.phrase!r} allows "
            f"({allowed.value!r} at most)",
        )
    if date.derivation is DateDerivation.STATED and not states_date(date.phrase, date.precision):
        yield (
            "date.derivation",
            f"'stated', but the phrase {date.phrase!r} does not state a {date.precision.value}; "
            "say how the date was worked out",
        )
    text = normalise_quote(date.phrase).casefold()
    weekday_only = (
        _WEEKDAY.search(text) and not _DAY_OF_MONTH.search(text) and not _COUNTED_DAYS.search(text)
    )
    fine = _ORDER.index(date.precision) <= _ORDER.index(DatePrecision.DAY)
    if weekday_only and fine and not dated_sources:
        yield (
            "date.precision",
            f"a weekday ({date.phrase!r}) gives a day only against a publication date, and no "
            "article quoting this event has one; give the range the articles allow",
        )


def check_date_phrases(facts: Facts) -> Iterator[Problem]:
    for record, date in _dated(facts):
        dated = any(
            s in facts.sources and facts.sources[s].published is not None for s in record.sources
        )
        for path, problem in date_phrase_problems(date, dated):
            yield Problem(_file(record), record.id, path, problem)


# --- links between claims ------------------------------------------------------------------


def check_links(facts: Facts) -> Iterator[Problem]:
    """Two claims either dispute each other or differ in detail, never both (a link on
    either side counts)."""
    for claim in facts.records():
        if not isinstance(claim, Claim):
            continue
        for i, other_id in enumerate(claim.differs):
            other = facts.claims.get(other_id)
            if other is not None and claim.id in other.disputes:
                yield Problem(
                    Claim.yaml_file,
                    claim.id,
                    f"differs[{i}]",
                    f"{other_id!r} disputes this claim; a pair either disputes or differs",
                )


def check_unattributed_disputes(facts: Facts) -> Iterator[Problem]:
    """A disputed claim that an article states in its own voice names the article in its
    statement ("Al Jazeera reports ..."): a contested figure is never stated as settled."""
    disputed = {c.id for c in facts.claims.values() if c.disputes}
    disputed |= {other for c in facts.claims.values() for other in c.disputes}
    for claim in facts.claims.values():
        source = facts.sources.get(claim.quote.source)
        if claim.id not in disputed or claim.claimant is not None or source is None:
            continue
        names = [n for n in (source.publisher, source.author) if n] or ["article"]
        if not any(n.casefold() in claim.statement.casefold() for n in names):
            yield Problem(
                Claim.yaml_file,
                claim.id,
                "statement",
                f"warning: disputed, but the statement does not say who says it; name "
                f"{names[0]!r} ('{names[0]} reports ...')",
            )


# --- article files -------------------------------------------------------------------------


def check_files(facts: Facts, records: Iterable[AnyRecord]) -> Iterator[Problem]:
    """Each article file belongs to one source: export writes every article under its
    source's file name, so two sources sharing one would lose an article."""
    owners: dict[str, list[str]] = {}
    for source in facts.sources.values():
        owners.setdefault(source.file, []).append(source.id)
    for record in records:
        if record.kind == "source":
            others = sorted(o for o in owners.get(record.file, ()) if o != record.id)
            if others:
                yield Problem(
                    _file(record),
                    record.id,
                    "file",
                    f"{record.file!r} is already the file of {others[0]!r}",
                )


# --- unreferenced records ------------------------------------------------------------------


def check_unreferenced(facts: Facts) -> Iterator[Problem]:
    """Actors and places that no record refers to (a warning): either tie them to the events
    and claims they belong to, or say why they stand alone (`standalone`)."""
    referred: set[str] = set()
    for record in facts.records():
        referred.update(ref.target for ref in record.references())
    named: list[Actor | Place] = [*facts.actors.values(), *facts.places.values()]
    for record in named:
        if record.id not in referred and record.standalone is None:
            yield Problem(
                _file(record),
                record.id,
                "(record)",
                f"warning: no event, claim or record refers to this {record.kind}; refer to it "
                "or say why it stands alone (standalone: ...)",
            )
