"""`timeline`: events in date order, for a subject, for dates, or both. A date window also
finds an event by a date a disputing account gives it."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from facts.answers import Answer, AnswerStatus, Citations, Item, Section
from facts.briefing.choosing import (
    SUBJECT_KINDS,
    TIE_SHARE,
    ask_which,
    good,
    no_match,
    subject,
    subject_title,
)
from facts.briefing.help import usage
from facts.briefing.items import claimed_dates, event_item
from facts.briefing.snapshot import Snapshot
from facts.dates import DateError, DateRange, split_date
from facts.models import Claim, Event, Source
from facts.questions import names_only_the_story
from facts.retrieval import Hit, Reading
from facts.search import clean_query, terms

# The whole timeline with no subject and no date: the latest this many events (about four
# pages of embeds), then how many came earlier. A year of a newsroom's events is thousands.
LATEST_SHOWN = 40


def _subject_reading(snap: Snapshot, subject_text: str) -> Reading | None:
    """How the words besides the dates are read; None when they name no subject: nothing,
    or only the conflict itself ("timeline of the war": the story, all of it)."""
    reading = snap.retriever.read(subject_text) if subject_text else None
    if reading is not None and names_only_the_story(reading.question.words):
        return None
    return reading


def timeline(snap: Snapshot, query: str = "") -> Answer:
    text, _ = clean_query(query)
    if text and not terms(text):  # "🔥🔥", "??": typed, but no word to look up
        return usage("timeline", f"Nothing to look up in {text!r}.", "timeline")
    anchored = _anchored(snap, text)
    if isinstance(anchored, Answer):
        return anchored
    try:
        subject_text, dates = (
            ("", anchored[1]) if anchored else split_date(text, snap.year, snap.latest_date)
        )
    except DateError as error:
        return usage("timeline", str(error), "timeline")
    dates = dates if anchored else in_the_story(snap, text, dates)
    title = "Timeline"
    earlier = ""
    scores: dict[str, Hit] = {}
    reading = _subject_reading(snap, subject_text)
    # "what happened", "all events on 26 february": words that name nothing ask for the whole
    # timeline (or the date's part of it), not for a subject.
    if reading is not None and not reading.empty:
        named = subject(snap, reading, SUBJECT_KINDS)
        hits = good(reading, snap.retriever.rank(reading, ("event",)))
        scores = {h.record_id: h for h in hits}
        wanted = {*event_ids_for(snap, [m.record_id for m in named]), *scores}
        if not wanted:
            return no_match(snap, "timeline", subject_text, reading)
        if dates is not None and len(wanted) > LATEST_SHOWN:  # only the window's are read
            wanted &= set(snap.events.within(dates.start, dates.end))
        dated, undated = snap.events.in_order(wanted)
        ids = [*dated, *undated]
        if len(ids) > LATEST_SHOWN:  # a place of a year's reporting: thousands of events
            earlier = (
                f": the latest of {len(ids):,}; the others are a date away"
                f" (`timeline {subject_text} 2026-02`)"
            )
            ids = latest_of(dated, undated, LATEST_SHOWN)
        found = snap.facts.many(ids)
        events = [e for i in ids if isinstance(e := found.get(i), Event)]
        title = "Timeline: " + (subject_title(named) if named else subject_text)
    elif dates is None:
        events, earlier = _latest_part(snap)
    else:  # the events the window may find, read by date; `_within` decides
        window = snap.events.within(dates.start, dates.end)
        if len(window) > LATEST_SHOWN:  # a year of a large store: thousands (10 s at 100k)
            earlier = (
                f": the latest of {len(window):,} in these dates; the others are narrower"
                " dates or a subject away (`timeline 20 feb`, `timeline bannu 2026-02`)"
            )
            window = window[-LATEST_SHOWN:]
        found = snap.facts.many(window)
        events = [e for i in window if isinstance(e := found.get(i), Event)]
    if dates is not None:
        events = [e for e in events if _within(snap, e, dates)]
        title += f", {dates.label()}"
    if anchored:  # the event the words name, and its date, say where the window begins
        title += f" ({anchored[0]})"
        # "After the Bajaur attack" is not the attack itself, though an account dates it later.
        events = [e for e in events if e.id != anchored[2]]
    cites = Citations(snap.facts)
    events.sort(key=lambda e: e.date.sort_key)
    full = len(events) <= 3  # a short list can afford the summaries
    items = [event_item(snap, e, cites, full=full, hit=scores.get(e.id)) for e in events]
    if not items:
        return Answer(
            command="timeline",
            query=text,
            status=AnswerStatus.NO_MATCH,
            title=title,
            summary="No events on record for this, so there is nothing to cite."
            + _after_the_latest(snap, dates),
        )
    no_date = sum(1 for e in events if e.date.start is None)
    summary = (
        f"{len(items)} event(s)"
        + (f", {no_date} with no known date (last)" if no_date else "")
        + earlier
    )
    return Answer(
        command="timeline",
        query=text,
        title=title,
        summary=summary,
        sections=[Section(heading="Events", items=items)],
        citations=cites.citations,
    )


# "Before the ceasefire", "after the mosque attack", "since the open war declaration": a
# window that begins or ends at an event, by the date on record for it.
_ANCHORED = re.compile(r"^(before|prior to|until|till|after|following|since)\s+(.+)$")


def _anchored(snap: Snapshot, text: str) -> tuple[str, DateRange, str | None] | Answer | None:
    """The window an event bounds ("after the mosque attack": from the day after it), and
    how to say which event and date it was (and the event, when the window leaves it out);
    None when the words hold a date (`since 20 feb`, `before 24 feb bannu`: a window the
    date bounds, about what the other words name; a date typed wrong is the date reader's
    to explain) or no words at all; the honest no-match when they name no dated event."""
    match = _ANCHORED.match(" ".join(text.casefold().split()))
    if match is None:
        return None
    try:  # the words after the cue
        if split_date(match[2], snap.year)[1] is not None:
            return None
    except DateError:
        return None
    reading = snap.retriever.read(match[2])
    if reading.empty:
        return None
    found = snap.facts.events
    hits = [
        h
        for h in good(reading, snap.retriever.rank(reading, ("event",)))
        if (e := found.get(h.record_id)) is not None and e.date.start is not None
    ]
    if not hits:
        return no_match(snap, "timeline", match[2], reading)
    # "After the attack": several attacks fit the words equally; which one bounds the window?
    tied = [h.record_id for h in hits if h.score >= hits[0].score * TIE_SHARE]
    if len(tied) > 1 and all(h.matched == hits[0].matched for h in hits[: len(tied)]):
        asked = ask_which(snap, "timeline", text, tied)
        offered = [f"timeline {match[1]} {o.removeprefix('timeline ')}" for o in asked.suggestions]
        return asked.model_copy(update={"suggestions": offered})
    event = found[hits[0].record_id]
    if event.date.start is None:  # (dated: only dated events are kept above)
        return None
    start, end = event.date.start, event.date.end or event.date.start
    word = match[1]
    if word in ("before", "prior to"):
        window = DateRange(None, start - dt.timedelta(days=1))
    elif word in ("until", "till"):
        window = DateRange(None, end)
    elif word == "since":
        window = DateRange(start, None)
    else:  # after, following: from the day after it
        window = DateRange(end + dt.timedelta(days=1), None)
    left_out = event.id if word in ("before", "prior to", "after", "following") else None
    return f"{word} {event.headline}, {event.date.display()}", window, left_out


def _latest_part(snap: Snapshot) -> tuple[list[Event], str]:
    """Every event if there are few, else the latest LATEST_SHOWN dated ones and a note of
    what came before (read from the events' date order, not from every event)."""
    dated, undated = snap.events.counts()
    found = snap.facts.events
    if dated + undated <= LATEST_SHOWN:
        return list(found.values()), ""
    if dated == 0:  # no date to order by: the first written
        first = list(itertools.islice(found, LATEST_SHOWN))
        note = f": the first {len(first)} of {undated:,}, none with a known date; ask for a subject"
        return [found[i] for i in first], note + " to see the others (`timeline bannu`)"
    events = [found[i] for i in snap.events.latest(LATEST_SHOWN) if i in found]
    note = (
        f": the latest of {dated + undated:,}; {dated - len(events):,} earlier ones are a date"
        " or a subject away (`timeline 20 feb`, `timeline bannu`)"
    )
    if undated:
        note += f", and {undated:,} with no known date a subject away"
    return events, note


def latest_events(snap: Snapshot, count: int, cites: Citations) -> list[Item]:
    """The `count` latest dated events, latest first, as the timeline shows them (of
    events on the same date, the later in the store first)."""
    found = snap.facts.events
    return [event_item(snap, found[i], cites) for i in snap.events.latest(count) if i in found]


_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
NEXT_IN_THE_STORY = dt.timedelta(days=31)  # a date this soon after the latest is the story's


def in_the_story(snap: Snapshot, text: str, dates: DateRange | None) -> DateRange | None:
    """A date typed without a year that would begin after the latest event on record is
    the one before it: in a story that ends in February 2026, "october" is October 2025
    (the border clashes, the ceasefire), not an October still to come. A window open to the
    past ("until 1 march") already holds the story: as typed."""
    if dates is None or dates.start is None or _YEAR.search(text):
        return dates
    latest = [snap.facts.events.get(i) for i in snap.events.latest(1)]
    last = next((e.date.end or e.date.start for e in latest if e is not None), None)
    if last is None or dates.start <= last or dates.start <= last + NEXT_IN_THE_STORY:
        # ... but "the first week of march", just after a story that ends on 28 February,
        # asks what came next: as typed, and the answer says the articles report nothing later.
        return dates
    _, earlier = split_date(text, dates.start.year - 1)
    return earlier or dates


def _after_the_latest(snap: Snapshot, dates: DateRange | None) -> str:
    """Said of a window that begins after the latest date the articles give: they report
    nothing later, which is why it is empty."""
    latest = snap.latest_date
    if dates is None or dates.start is None or latest is None or dates.start <= latest:
        return ""
    return f" The articles report nothing after {latest:%-d %b %Y}, the latest date they give."


def events_for(snap: Snapshot, subject_ids: list[str]) -> list[Event]:
    """The events of the named records (`event_ids_for`), read in one batch, most specific
    first: the strikes on Nangarhar before an operation across seven provinces."""
    found = snap.facts.many(event_ids_for(snap, subject_ids))
    events = [e for e in found.values() if isinstance(e, Event)]
    return sorted(events, key=lambda e: (len(e.places) + len(e.actors), e.date.sort_key, e.id))


def latest_of(dated: list[str], undated: list[str], count: int) -> list[str]:
    """The `count` latest of these events (dated, in date order; then undated ones): the
    dated ones first, and undated ones only where too few are dated."""
    return [*dated[-count:], *undated[: max(0, count - len(dated))]]


def event_ids_for(snap: Snapshot, subject_ids: list[str]) -> set[str]:
    """The events of the named records: an event itself, a claim's event, an article's
    events, and those at or with a place or actor and everything under it (read from the
    links: no event is read)."""
    wanted: set[str] = set()
    for record_id in subject_ids:
        record = snap.facts.get(record_id)
        match record:
            case Event():
                wanted.add(record.id)
            case Claim() if record.about_event:
                wanted.add(record.about_event)
            case Source():
                wanted.update(snap.links.events_from[record.id])
            case _ if record is not None:  # a place or actor, and everything under it
                for member in snap.family(record.id):
                    wanted.update(snap.links.events_at.get(member, ()))
                    wanted.update(snap.links.events_with.get(member, ()))
    return wanted


def _within(snap: Snapshot, event: Event, dates: DateRange) -> bool:
    """Whether the event falls in the range by its own date or by a date a disputing
    account gives (`timeline 21 feb` finds the strikes Umair Jamal dates to 21 February)."""
    spans = [(event.date.start, event.date.end)] + [
        (c.start, c.end) for c in claimed_dates(snap, event)
    ]
    return any(start and dates.contains(start, end or start) for start, end in spans)
