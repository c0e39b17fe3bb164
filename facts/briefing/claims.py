"""`claims`: who says what. Each dispute is shown whole and side by side, accounts that differ
in detail beside each other, the rest grouped by what they are about; a ranked answer is
bounded and leads with what answers the question best."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Set as AbstractSet

from facts.answers import Answer, Citations, Item, Section, in_reading_order
from facts.briefing.choosing import SUBJECT_KINDS, good, no_match, subject, subject_title
from facts.briefing.help import usage
from facts.briefing.items import claim_item, claim_order, read_ahead
from facts.briefing.reactions import REACTIONS_TITLE, third_party_reactions
from facts.briefing.snapshot import Snapshot
from facts.briefing.timeline import events_for, in_the_story
from facts.dates import DateError, split_date
from facts.links import claim_keys, claim_sources, component
from facts.models import Actor, ActorKind, Claim, Event, Source
from facts.questions import CAUSE_CUES, SPEECH_CUES
from facts.retrieval import Hit, Reading
from facts.search import WORD, Match, clean_query, fold, terms
from facts.wording import differs_section

_WORDS_OF = WORD.findall
MAX_CLAIMS = 30  # a ranked claims answer; a newsroom reads the first screen
MAX_DATED_DAYS = 31  # a query that is a date of at most this many days asks for its claims
ANY_LEAP_YEAR = 2000  # to tell a date from other words ("29 feb" is one in a leap year)
# Open disputes with no query: the newest this many, each whole (a few pages of embeds, as
# the timeline's latest events); a year's store holds thousands.
MAX_DISPUTES = 25
# `claims all`: every open dispute, up to this many (some fifty pages); a year's store holds
# thousands, which took 17 s to list at 100,000 records, every other answer waiting on the
# store meanwhile. The JSON-LD export holds every one (each claim with its dispute).
MAX_LISTED = 250
# A query of only these words asks for the disputes themselves, all of them.
LIST_WORDS = frozenset({"every", "open", "dispute", "disputes", "disputed", "contested"})
LIST_ALL = LIST_WORDS - {"open"} | {"all"}  # ... and those that ask for every one


def claims(snap: Snapshot, query: str = "") -> Answer:
    text, _ = clean_query(query)
    hits: dict[str, Hit] = {}
    more = ""
    reading = snap.retriever.read(text) if text else None
    if reading is not None and not terms(text):
        return usage("claims", f"Nothing to look up in {text!r}.", "claims")
    if reading is None or set(reading.question.words) <= LIST_WORDS:
        # "claims" alone: the newest disputes; "claims all", "claims disputes": every one.
        # A question with no subject ("which figure is correct"): the newest, as alone.
        groups = dispute_groups(snap)
        everything = reading is not None and not LIST_ALL.isdisjoint(WORD.findall(fold(text)))
        limit = MAX_LISTED if everything else MAX_DISPUTES
        if reading is not None and reading.question.wants_figure:
            # "Numbers?", "the figures": the disputes over a count first (the newest first
            # among them), each side's figure beside the others'.
            shown_groups = _counts_first(snap, newest_disputes(snap, groups, len(groups)), limit)
        else:
            shown_groups = newest_disputes(snap, groups, limit)
        claim_ids = [c for group in shown_groups for c in group]
        title = "Open disputes"
        if len(groups) > len(shown_groups):
            lists = (
                "the JSON-LD export (`export jsonld`; for a large store, `briefing export"
                " jsonld` on the server) holds"
                if everything
                else "`claims all` lists"
            )
            more = (
                f". {len(groups) - len(shown_groups):,} earlier ones: {lists} every"
                " one, or ask about a subject (`claims bannu`)"
            )
    elif (dated := _on_dates(snap, text, reading)) is not None:
        title, claim_ids = dated
        claim_ids = _first(snap, claim_ids, MAX_CLAIMS)
    elif (reactions := third_party_reactions(snap, reading)).hits:
        # "International reaction": what those outside the conflict said, each attributed.
        hits = {h.record_id: h for h in reactions.hits}
        claim_ids, title, more = list(hits), REACTIONS_TITLE, reactions.note()
    else:
        named_subject = subject(snap, reading, SUBJECT_KINDS)
        named = claims_for(snap, [m.record_id for m in named_subject])
        hits = {h.record_id: h for h in _ranked(snap, reading, named_subject, named)}
        # The named subject's claims lead, best-matching first; then what the words find.
        position = {claim_id: n for n, claim_id in enumerate(hits)}
        named.sort(key=lambda c: position.get(c, len(position)))
        claim_ids = list(dict.fromkeys([*named, *hits]))
        if not claim_ids:
            return no_match(snap, "claims", text, reading)
        title = f"Claims: {subject_title(named_subject) if named_subject else text}"
        more = _none_by_the_subject(snap, reading, named_subject, claim_ids) or (
            _said_of_the_answer(snap, reading, hits, claim_ids)
        )
    cites = Citations(snap.facts)
    total = len(_with_disputes(snap, claim_ids))
    if hits:  # ranked: the best first, and a bounded answer (a dispute counts whole)
        claim_ids = _first(snap, claim_ids, MAX_CLAIMS)
    found = _claim_sections(snap, claim_ids, cites, hits)
    if reading is not None and reading.question.asks_trend:
        found = _in_article_order(snap, found)
    sections, citations = in_reading_order(found, cites.citations)
    disputes = sum(1 for s in sections if s.disputed)
    shown = sum(len(s.items) for s in sections)
    summary = f"{shown} claim(s)" + (
        f", {disputes} dispute(s) shown side by side" if disputes else ""
    )
    if hits and shown > 1:
        summary += "; the most relevant first"
    if total > shown:
        summary += f". {total - shown} more match less well: ask more narrowly to see them"
    summary += more
    return Answer(
        command="claims",
        query=text,
        title=title,
        summary=summary,
        sections=sections,
        citations=citations,
    )


def _none_by_the_subject(
    snap: Snapshot, reading: Reading, subject: list[Match], claim_ids: list[str]
) -> str:
    """'What did the TTP say': the actor named is asked for its account, and when no claim
    shown is by it or anyone under it, the answer says so: what others say of it is not
    passed off as its own. A place named speaks through those who bear its name ("what did
    pakistan say": the Government of Pakistan; "what did iran say": none does here)."""
    kinds = {m.kind for m in subject}
    if not reading.question.speakers or not subject or not kinds <= {"actor", "place"}:
        return ""
    shown = snap.facts.many(claim_ids[:MAX_CLAIMS])  # those the answer leads with: bounded
    claimants = {c.claimant for c in shown.values() if isinstance(c, Claim)}
    above = snap.lineages(c for c in claimants if c)
    if any(not above[c].isdisjoint(m.record_id for m in subject) for c in above):
        return ""
    places = [f" {fold(m.label)} " for m in subject if m.kind == "place"]
    names = snap.links.named({a for lineage in above.values() for a in lineage})
    if any(p in f" {' '.join(_WORDS_OF(fold(n.names)))} " for n in names.values() for p in places):
        return ""
    return (
        f". None is by {subject_title(subject)}: the store holds no claim of theirs; the claims"
        " shown are others' about them, each attributed"
    )


def _none_by_speaker(reading: Reading, hits: dict[str, Hit]) -> str:
    """What a question asked of someone ("what did ISPR say about Khost") is answered
    only by others' claims: the answer says so, and does not pass them off as theirs."""
    asked = [w for w in reading.question.speakers if w in reading.groups]
    # Theirs on this: by them, and on what else is asked (the DG of ISPR's claim about
    # Afghanistan is no ISPR claim about Khost).
    rest = {w for w in reading.groups if w not in asked and w not in SPEECH_CUES}
    if (
        not asked
        or not hits
        or any(
            not h.matched or (set(asked) & set(h.matched) and (not rest or rest & set(h.matched)))
            for h in hits.values()
        )
    ):
        return ""
    who = " ".join(asked)
    if any(set(asked) & set(h.matched) for h in hits.values()):
        # "Did the EU condemn the strikes": what the EU did say is shown, and is not this.
        return (
            f". None by '{who}' says this: what they did say, and others'"
            " claims, are shown, each attributed"
        )
    return (
        f". None is by '{who}': the store holds no claim of theirs on this; the claims shown"
        " are others', each attributed"
    )


def _said_of_the_answer(
    snap: Snapshot, reading: Reading, hits: dict[str, Hit], claim_ids: list[str]
) -> str:
    """What the summary says of a ranked answer: that none of it is by the one asked, that
    none of it tells the cause asked, or how changing counts are ordered."""
    said = _none_by_speaker(reading, hits)
    if reading.question.asks_for_cause and hits and not _tells_a_cause(hits):
        # "Why is the border closed": what the articles say of it, none of it a cause.
        said += (
            ". None of the claims found tells it as a response, a retaliation or a provocation:"
            " they are what the articles say of it"
        )
    if reading.question.asks_trend:  # "has the toll risen": as of each article's date
        said += _as_of_their_articles(snap, claim_ids)
    return said


def _in_article_order(snap: Snapshot, sections: list[Section]) -> list[Section]:
    """'Has the toll risen': each section's counts in the order of their articles' dates."""
    return [
        s.model_copy(update={"items": sorted(s.items, key=lambda i: _published(snap, i.id))})
        for s in sections
    ]


def _tells_a_cause(hits: dict[str, Hit]) -> bool:
    """Whether any claim found tells a cause in the articles' words for one (CAUSE_TERMS)."""
    return any(CAUSE_CUES[0] in h.matched for h in hits.values())


def _published(snap: Snapshot, claim_id: str) -> tuple[bool, dt.date]:
    """When a claim's article was published, the undated last."""
    source = snap.facts.sources.get(snap.facts.claims[claim_id].quote.source)
    published = source.published if source is not None else None
    return published is None, published or dt.date.max


def _as_of_their_articles(snap: Snapshot, claim_ids: list[str]) -> str:
    """What a question about a changing count is told: each count is its article's, in the
    order of the articles' dates, and none is stored as an update of another."""
    dated = {
        f"{source.label} {source.published:%-d %b %Y}"
        for c in claim_ids
        if (source := snap.facts.sources.get(snap.facts.claims[c].quote.source)) is not None
        and source.published is not None
    }
    when = f"dated: {', '.join(sorted(dated))}; the others undated" if dated else "all undated"
    return (
        f". Each count is as its article gives it, in the order of the articles' dates ({when});"
        " the store holds none as an update of another"
    )


def _ranked(
    snap: Snapshot, reading: Reading, subject: list[Match], its_claims: list[str]
) -> list[Hit]:
    """The claims that answer the question, best first. A question that names a record
    ("Tabganj Institute of Policy Studies") asks about it: what holds only some of its words
    (another institute's claims) is no answer. So the claims that hold them all, as typed
    or, for a slip, as the record's name is spelled; failing those, its own claims ranked
    by any of the words. Scoring only those is also what keeps a name's answer fast in a
    large store."""
    retriever = snap.retriever
    if not subject:
        return good(reading, retriever.rank(reading, ("claim",)))
    if (about := _what_an_article_says(snap, reading, subject, its_claims)) is not None:
        return about
    # Each found holds every word: judging orders them, and an answer shows MAX_CLAIMS.
    if found := good(reading, retriever.rank(reading, ("claim",), MAX_CLAIMS, every_word=True)):
        return found
    spelled = retriever.read(subject[0].via)
    if found := good(spelled, retriever.rank(spelled, ("claim",), MAX_CLAIMS, every_word=True)):
        return found
    if not its_claims:  # nothing of its own to rank: the whole store's ranking would be
        return []  # thrown away (most of a no-match's time in a large store)
    own = set(its_claims)
    return [h for h in good(reading, retriever.rank(reading, ("claim",))) if h.record_id in own]


def _what_an_article_says(
    snap: Snapshot, reading: Reading, subject: list[Match], its_claims: list[str]
) -> list[Hit] | None:
    """ "What does Al Jazeera say about the strikes": the claims of its articles, ranked by
    the words besides its name (a claim does not carry its article's name: the claims whose
    text names Al Jazeera, the ceasefire's, had led; and what an article says in its own
    voice has no claimant). None unless the question asks what outlets or their articles,
    and only those, say about something."""
    if not reading.question.asks_what_is_said or any(
        m.kind not in ("source", "actor") for m in subject
    ):
        return None
    articles = [_articles_of(snap, m) for m in subject]
    if not all(articles):
        return None
    named = {w for m in subject for w in terms(m.via)}
    rest = [w for w in reading.question.words if w not in named]
    if not rest:  # "what does al jazeera say": its name is the question, answered as one
        return None
    about = snap.retriever.read(" ".join(rest))
    own = set(claims_for(snap, [a for found in articles for a in found]))
    return [h for h in good(about, snap.retriever.rank(about, ("claim",))) if h.record_id in own]


def _articles_of(snap: Snapshot, match: Match) -> list[str]:
    """An article itself, or the articles an outlet publishes (named as it is: Al Jazeera's
    article is under its name); [] for anything else."""
    record = snap.facts.get(match.record_id)
    if isinstance(record, Source):
        return [record.id]
    if not isinstance(record, Actor) or record.actor_kind is not ActorKind.MEDIA:
        return []
    found = snap.index.resolve(record.name, kinds=("source",))
    return [m.record_id for m in (*found.matches, *found.candidates) if m.score >= 100]


def dispute_groups(snap: Snapshot) -> list[list[str]]:
    """Every open dispute once, as the claims that contradict each other, in the order
    `claims` with no query lists them (worked out once until the store changes)."""
    return list(snap.disputes.kept("groups", lambda: _dispute_groups(snap)))


def _dispute_groups(snap: Snapshot) -> list[list[str]]:
    placed: set[str] = set()
    groups = []
    edges = snap.disputes.edges()  # one read for every dispute
    for claim_id in snap.disputes.linked():
        if claim_id not in placed:
            group = component(edges, claim_id)
            placed.update(group)
            groups.append(group)
    return groups


def _counts_first(snap: Snapshot, groups: list[list[str]], limit: int) -> list[list[str]]:
    """Up to `limit` of the disputes, those where every side gives a figure first, each in
    its order. Read only until the limit is met: a year's store holds thousands."""
    claims = snap.facts.claims
    counted: list[list[str]] = []
    other: list[list[str]] = []
    for group in groups:
        if len(counted) >= limit:
            break
        every = all((c := claims.get(i)) is not None and c.figure is not None for i in group)
        (counted if every else other).append(group)
    return (counted + other)[:limit]


def newest_disputes(snap: Snapshot, groups: list[list[str]], count: int) -> list[list[str]]:
    """The `count` disputes whose newest claim was written last, newest first: a claim
    added today against one from months ago is news."""
    order = snap.disputes.kept(
        "order", lambda: {c: n for n, c in enumerate(snap.disputes.linked())}
    )
    newest = sorted(groups, key=lambda g: max(order.get(c, -1) for c in g), reverse=True)
    return newest[:count]


def most_voiced(
    snap: Snapshot, groups: list[list[str]], count: int, skip: AbstractSet[int] = frozenset()
) -> list[int]:
    """Of the disputes (indexes into `groups`, those in `skip` aside), the `count` the most
    articles speak to; between equals, the one the most voices speak in (who makes each
    claim, or the outlet for its own reporting: the parties' own 274 against 13 before an
    outlet's two dates for one attack), then the store's order: what a bounded summary
    shows first (the digest, `latest`). Which is chosen says nothing of who is right: each
    is shown whole, side by side."""
    counted = _voices(snap, groups)
    ranks = {n: (*counted[tuple(group)], n) for n, group in enumerate(groups) if n not in skip}
    return heapq.nsmallest(count, ranks, key=ranks.__getitem__)


def _voices(snap: Snapshot, groups: list[list[str]]) -> dict[tuple[str, ...], tuple[int, int]]:
    """Of each dispute, how many articles and how many voices speak in it, negated (the
    most first), counted once until the store changes."""
    counted: dict[tuple[str, ...], tuple[int, int]] = snap.disputes.kept("voices", dict)
    new = [group for group in groups if tuple(group) not in counted]
    claims = [c for g in new for c in g]
    article = claim_sources(snap.links.reads, claims)
    claimant = claim_keys(snap.links.reads, "claims_by", claims)
    # An outlet's own reporting is one voice however many of its articles say it.
    sources = snap.facts.many(set(article.values()))
    outlet = {i: (s.publisher or s.id) if isinstance(s, Source) else i for i, s in sources.items()}
    for group in new:
        counted[tuple(group)] = (
            -len({article.get(c) for c in group}),
            -len({claimant.get(c) or outlet.get(article.get(c) or "", c) for c in group}),
        )
    return counted


def dispute_section(snap: Snapshot, group: list[str], cites: Citations) -> Section:
    """One dispute side by side, as `claims` shows it, cited in `cites`."""
    [section] = _claim_sections(snap, group, cites)
    return section


def _on_dates(snap: Snapshot, text: str, reading: Reading) -> tuple[str, list[str]] | None:
    """A query that is only a few days' date ("27 feb", "feb 21", "october"): the claims
    about the events of those days, in the events' order, with the answer's title; None for
    any other query, or days with no such claim. "27" beside a month is a day, not a count
    of 27 injured. A year ("2025") is left to the words: the articles write their years."""
    try:
        # Any year tells whether the query is a date: the store's year (a scan of every
        # event's) is read only for one.
        if split_date(text, ANY_LEAP_YEAR)[1] is None:
            return None
        rest, dates = split_date(text, snap.year)
    except DateError:
        return None
    dates = in_the_story(snap, text, dates)
    if dates is None or dates.start is None or dates.end is None:
        return None
    if (dates.end - dates.start).days > MAX_DATED_DAYS:
        return None
    if rest and not snap.retriever.read(rest).empty:
        return None
    found = snap.facts.events
    events = [
        e for i in snap.events.within(dates.start, dates.end) if (e := found.get(i)) is not None
    ]
    events.sort(key=lambda e: e.date.sort_key)
    about = snap.links.claims_about_event.get_many([e.id for e in events], MAX_CLAIMS)
    claim_ids = list(dict.fromkeys(c for e in events for c in about.get(e.id, [])))
    return (f"Claims, {dates.label()}", claim_ids) if claim_ids else None


def claims_for(snap: Snapshot, subject_ids: list[str]) -> list[str]:
    """The claims of the named records: a claim itself, an event's, an article's, those by
    or about an actor (and everything under it), those about a place and its events."""
    found: dict[str, None] = {}
    for record_id in subject_ids:
        record = snap.facts.get(record_id)
        match record:
            case Claim():
                found[record.id] = None
            case Event():
                found.update(dict.fromkeys(snap.claims_about_event(record.id)))
            case Source():
                found.update(dict.fromkeys(snap.links.claims_from[record.id]))
            case Actor():
                for member in snap.family(record.id):
                    found.update(dict.fromkeys(snap.links.claims_by.get(member, ())))
                    found.update(dict.fromkeys(snap.links.claims_about_actor.get(member, ())))
            case _ if record is not None:  # a place: claims about it and its events
                for member in snap.family(record.id):
                    found.update(dict.fromkeys(snap.links.claims_about_place.get(member, ())))
                for event in events_for(snap, [record.id]):
                    found.update(dict.fromkeys(snap.claims_about_event(event.id)))
    return list(found)


def _with_disputes(snap: Snapshot, claim_ids: list[str]) -> dict[str, None]:
    """The claims and every claim they are disputed with, in order."""
    found: dict[str, None] = {}
    for claim_id in claim_ids:
        if claim_id not in found:
            found.update(dict.fromkeys(component(snap.disputes, claim_id)))
    return found


def _first(snap: Snapshot, claim_ids: list[str], limit: int) -> list[str]:
    """The leading claims, up to about `limit` once disputes are shown whole."""
    kept: list[str] = []
    shown: set[str] = set()
    for claim_id in claim_ids:
        if claim_id in shown:
            continue
        group = component(snap.disputes, claim_id)
        if kept and len(shown) + len(group) > limit:
            break
        kept.append(claim_id)
        shown.update(group)
    return kept


def _claim_sections(
    snap: Snapshot, claim_ids: list[str], cites: Citations, hits: dict[str, Hit] | None = None
) -> list[Section]:
    """Each dispute side by side (both sides, even if only one matched the query), the
    rest grouped by what it is about; disputes first, or in rank order when ranked."""
    snap.disputes.read_many(claim_ids)  # each claim's links, in one read for them all
    snap.differs.read_many(claim_ids)
    # ... and the claims beside them, and what all their items name.
    beside = [other for c in claim_ids for other in (*snap.disputes[c], *snap.differs[c])]
    read_ahead(snap, [*claim_ids, *beside])
    placed: set[str] = set()
    disputes: list[Section] = []
    others: dict[str, list[Claim]] = defaultdict(list)
    for claim_id in claim_ids:
        if claim_id in placed:
            continue
        group = component(snap.disputes, claim_id)
        differing = component(snap.differs, claim_id) if len(group) == 1 else []
        if len(differing) > 1 and not placed & set(differing):
            claims = sorted((snap.facts.claims[c] for c in differing), key=claim_order)
            placed |= set(differing)
            items = _claim_items(snap, claims, cites, hits)
            disputes.append(differs_section(_topic(snap, claims), items))
        elif len(group) > 1:
            # Side by side, the claim that answers the question best first (a ranked
            # answer: the one that brought the dispute in, e.g. the named subject's own),
            # else in a steady order; the heading is the same whoever asks.
            claims = _by_rank([snap.facts.claims[c] for c in group], hits)
            if hits:
                claims.sort(key=lambda c: c.id != claim_id)
            steady = sorted(claims, key=claim_order)
            placed |= set(group)
            disputes.append(
                Section(
                    heading=f"Disputed: {dispute_topic(steady)}{_topic(snap, steady)}",
                    items=[claim_item(snap, c, cites, hits) for c in claims],
                    disputed=True,
                    note="These accounts contradict each other; each is attributed to who says it.",
                )
            )
        else:
            claim = snap.facts.claims[claim_id]
            placed.add(claim_id)
            others[_topic(snap, [claim])].append(claim)
    rest = [
        Section(
            heading=topic,
            items=[claim_item(snap, c, cites, hits) for c in _by_rank(claims, hits)],
        )
        for topic, claims in others.items()
    ]
    if not hits:
        return disputes + rest
    # Ranked: each section where its best claim ranks, a dispute counting as one.
    rank = {claim_id: n for n, claim_id in enumerate(claim_ids)}
    return sorted(
        disputes + rest,
        key=lambda s: min(rank.get(item.id, len(rank)) for item in s.items),
    )


def _topic(snap: Snapshot, claims: list[Claim]) -> str:
    event_id = next((c.about_event for c in claims if c.about_event), None)
    if event_id and event_id in snap.facts.events:
        return snap.facts.events[event_id].headline
    actors = {a for c in claims for a in c.about_actors}
    return ", ".join(sorted(snap.name(a) for a in actors)) or "Other"


def _claim_items(
    snap: Snapshot, claims: list[Claim], cites: Citations, hits: dict[str, Hit] | None = None
) -> list[Item]:
    return [claim_item(snap, c, cites, hits) for c in claims]


def dispute_topic(claims: list[Claim]) -> str:
    """What a dispute is about, the same whichever claim a question found first: the figure's
    topic when every side gives a figure ('Taliban fighters killed — '), else a keyword all
    sides share, else the first side's keyword, else nothing. Never one side's figure over
    sides that give none: that would frame the dispute in that side's terms."""
    figures = [c.figure for c in claims if c.figure]
    if figures and len(figures) == len(claims):
        topics = {f.topic for f in figures}
        if len(topics) == 1:
            return f"{topics.pop()} — "
        # The sides count differently ("Taliban regime personnel" / "Taliban fighters"):
        # one side's words would head the others', so the heading names what is counted.
        measures = {f.measure for f in figures}
        return f"how many {measures.pop()} — " if len(measures) == 1 else "figures — "
    shared = set.intersection(*(set(c.keywords) for c in claims)) if claims else set()
    keyword = min(shared) if shared else next((c.keywords[0] for c in claims if c.keywords), "")
    return f"{keyword} — " if keyword else ""


def _by_rank(claims: list[Claim], hits: dict[str, Hit] | None) -> list[Claim]:
    scores = {k: h.score for k, h in (hits or {}).items()}
    return sorted(claims, key=lambda c: (-scores.get(c.id, 0.0), claim_order(c)))
