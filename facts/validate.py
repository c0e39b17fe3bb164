"""Cross-record checks: what no single record can prove about itself.

- ids are unique (the loader reports duplicates as it reads);
- every reference resolves to a record of the right kind;
- every quote occurs verbatim in its article (after normalising whitespace, quote marks and
  dashes), and a quote whose words occur more than once is pinned down by prefix/suffix;
- no two actors or places share a name or alias (weak aliases excepted);
- dates agree with the articles: no event after the publication of an article that reports
  it, and a date resolved against the publication date needs a source with a known date.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from facts.dataset import DATA_DIR, FILES, FactSet, Problem, article, load_dir
from facts.models import Actor, AliasKind, AnyRecord, Claim, DateDerivation, Place, Quote
from facts.text import count_occurrences, normalise_quote, numbers_in


def validate_dir(directory: Path = DATA_DIR) -> tuple[FactSet, list[Problem]]:
    """Load and check a dataset directory; returns the facts and every problem found."""
    facts, problems = load_dir(directory)
    problems.extend(check(facts))
    return facts, sorted(set(problems), key=_problem_order)


def check(facts: FactSet) -> list[Problem]:
    """Every cross-record problem in a loaded fact set."""
    return [
        *check_references(facts),
        *check_quotes(facts),
        *check_aliases(facts),
        *check_dates(facts),
    ]


def _problem_order(problem: Problem) -> tuple[int, str, str, str]:
    order = list(FILES.values())
    base = problem.file.split(":")[0]
    return (
        order.index(base) if base in order else len(order),
        problem.record,
        problem.field,
        problem.message,
    )


def _file(record: AnyRecord) -> str:
    return FILES[record.kind]


# --- references ----------------------------------------------------------------------------


def _references(record: AnyRecord) -> Iterator[tuple[str, str, str]]:
    """(field, referenced id, kind it must be) for every reference a record makes."""
    match record.kind:
        case "actor":
            if record.parent:
                yield "parent", record.parent, "actor"
        case "place":
            if record.country:
                yield "country", record.country, "place"
            if record.parent:
                yield "parent", record.parent, "place"
        case "event":
            for i, place in enumerate(record.places):
                yield f"places[{i}]", place, "place"
            for i, role in enumerate(record.actors):
                yield f"actors[{i}].actor", role.actor, "actor"
        case "claim":
            if record.claimant:
                yield "claimant", record.claimant, "actor"
            if record.about_event:
                yield "about_event", record.about_event, "event"
            for i, actor in enumerate(record.about_actors):
                yield f"about_actors[{i}]", actor, "actor"
            for i, other in enumerate(record.disputes):
                yield f"disputes[{i}]", other, "claim"
    for path, quote in quotes_of(record):
        yield f"{path}.source", quote.source, "source"


def check_references(facts: FactSet) -> Iterator[Problem]:
    for record in facts.records():
        for path, target, kind in _references(record):
            found = facts.get(target)
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


# --- quotes --------------------------------------------------------------------------------


def quotes_of(record: AnyRecord) -> Iterator[tuple[str, Quote]]:
    """(field path, quote) for every quote a record carries."""
    if record.kind in ("actor", "event"):
        for i, quote in enumerate(record.quotes):
            yield f"quotes[{i}]", quote
    elif record.kind == "claim":
        yield "quote", record.quote


@lru_cache(maxsize=32)
def _normalised_article(article: str) -> str:
    # Many quotes share one article: normalise each article text once, not once a quote.
    return normalise_quote(article)


def quote_problem(quote: Quote, article: str) -> str | None:
    """Why a quote does not stand in its article, or None when it does."""
    text = _normalised_article(article)
    span = normalise_quote(quote.text)
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
    quoted = numbers_in(normalise_quote(claim.quote.text))
    said = numbers_in(normalise_quote(claim.statement))
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


def check_quotes(facts: FactSet) -> Iterator[Problem]:
    for record in facts.records():
        for path, quote in quotes_of(record):
            article = facts.articles.get(quote.source)
            if article is None:
                continue  # an unknown source is reported by check_references
            if (problem := quote_problem(quote, article)) is not None:
                yield Problem(_file(record), record.id, f"{path}.text", problem)
        if isinstance(record, Claim):
            for path, problem in figure_problems(record):
                yield Problem(_file(record), record.id, path, problem)
    for source in facts.sources.values():
        article = facts.articles.get(source.id)
        if article is None:
            continue
        for i, span in enumerate(source.evidence):
            if count_occurrences(_normalised_article(article), normalise_quote(span)) == 0:
                yield Problem(
                    FILES["source"],
                    source.id,
                    f"evidence[{i}]",
                    f"not found verbatim in the article: {span[:80]!r}",
                )


# --- aliases -------------------------------------------------------------------------------


def alias_key(name: str) -> str:
    """How names are compared for collisions: case, punctuation and spacing folded."""
    return "".join(ch for ch in normalise_quote(name).casefold() if ch.isalnum())


def spelled(name: str) -> str:
    """A name as spelled, up to case, spacing, quote marks and dashes."""
    return normalise_quote(name).casefold()


def check_aliases(facts: FactSet) -> Iterator[Problem]:
    owners: dict[str, str] = {}
    named: list[Actor | Place] = [*facts.actors.values(), *facts.places.values()]
    for record in named:
        names = [("name", record.name)] + [
            (f"aliases[{i}].name", alias.name)
            for i, alias in enumerate(record.aliases)
            if alias.kind is not AliasKind.WEAK
        ]
        mine: set[str] = set()
        for path, name in names:
            key = alias_key(name)
            if not key:
                yield Problem(_file(record), record.id, path, "name has no letters or digits")
                continue
            owner = owners.get(key)
            if owner is not None and owner != record.id:
                yield Problem(
                    _file(record),
                    record.id,
                    path,
                    f"{name!r} already names {owner!r}; make one of them a weak alias",
                )
            elif spelled(name) in mine and path != "name":
                # Only the same spelling twice: "IS-KP" and "ISKP" may both be listed.
                yield Problem(_file(record), record.id, path, f"{name!r} is listed twice")
            owners.setdefault(key, record.id)
            mine.add(spelled(name))


# --- dates ---------------------------------------------------------------------------------


def check_dates(facts: FactSet) -> Iterator[Problem]:
    for event in facts.events.values():
        date = event.date
        published = [
            facts.sources[s].published
            for s in event.sources
            if s in facts.sources and facts.sources[s].published is not None
        ]
        if date.derivation is DateDerivation.RELATIVE_TO_PUBLICATION and not published:
            yield Problem(
                FILES["event"],
                event.id,
                "date.derivation",
                "resolved relative to publication, but no source quoting it has a known date",
            )
        if date.start is not None:
            for when in published:
                if when is not None and date.start > when:
                    yield Problem(
                        FILES["event"],
                        event.id,
                        "date.start",
                        f"{date.start} is after {when}, the publication of an article reporting it",
                    )
