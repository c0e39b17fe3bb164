"""Which records a question is about: the subject a query names, the ranked hits that answer
it, the one record `actor` and `source` answer (or "which one do you mean?"), and the honest
no-match that suggests what the words do find."""

from __future__ import annotations

from facts.answers import Answer, AnswerStatus
from facts.briefing.help import usage
from facts.briefing.snapshot import Snapshot
from facts.dataset import article
from facts.models import ActorKind, NameKind
from facts.questions import TITLE_WORDS
from facts.retrieval import GOOD_COVERAGE, Hit, Reading
from facts.search import Match, Resolution, Status, fold, unique_records

# What `timeline` and `claims` accept as their subject (claims are what they list, not a subject).
SUBJECT_KINDS = ("actor", "place", "event", "source")
ALL_KINDS = ("actor", "place", "event", "claim", "source")
MAX_SUGGESTIONS = 5
# A name matched this well (0-100) is the query's subject: its structured answer leads.
SUBJECT_SCORE = 85.0
MAX_ALSO = 3  # runners-up named in an "Also:" line
ALSO_SCORE = 80.0  # ... when their names match this well
ALSO_SHARE = 0.3  # ... or, for a question answered by rank, their text scores this share
# With the best hit covering every word, the others may miss one word in three.
NEAR_COVERAGE = 0.34
# Ranked records within this share of the best one's score, matching the same words, fit the
# query equally ("government": Pakistan's, India's, the Taliban's, Iran's): `actor` asks which.
TIE_SHARE = 0.9

# Which commands answer questions about a record of each kind, for "did you mean" hints.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "actor": ("actor", "claims", "timeline"),
    "place": ("claims", "timeline"),
    "event": ("claims", "timeline"),
    "source": ("source", "claims"),
    "claim": ("search",),
}
# What a command lists about a record it was given, for a no-match that names one.
LINKED: dict[str, str] = {"timeline": "event on the timeline", "claims": "claim"}
# The kinds a command looks up, for examples when nothing matches.
KINDS_ASKED: dict[str, tuple[str, ...]] = {"actor": ("actor",), "source": ("source",)}


def subject(snap: Snapshot, reading: Reading, kinds: tuple[str, ...]) -> list[Match]:
    """The records the query names outright (a name, alias, id or shared keyword, or a
    clear fuzzy winner): their structured answer leads. [] when it names none."""
    content = reading.question.content
    if not content:
        return []
    resolution = in_snapshot(snap, snap.index.resolve(content, kinds=kinds))
    best = resolution.best  # a keyword several records share is a topic: ranked, not named
    if resolution.status is Status.MATCH and best is not None:
        # A name, an alias or an id; a keyword ("buffer zone") is a topic, found by rank.
        if best.name_kind is NameKind.ID and best.score >= 100:
            return list(resolution.matches)
        if best.name_kind in (NameKind.NAME, NameKind.ALIAS) and best.score >= SUBJECT_SCORE:
            return list(resolution.matches)
    if resolution.status is Status.AMBIGUOUS and _one_name(resolution.candidates):
        # Records of different kinds that bear the very name typed ("Al Jazeera": the
        # outlet and its article; a person and the articles under their name): together
        # they are what the words name. Only `actor` and `source`, which answer about one
        # record, ask which; a list of claims or events answers for all of them.
        return list(resolution.candidates)
    return []


def _bodies_of_the_office(snap: Snapshot, reading: Reading, ranked: list[Hit]) -> list[Hit]:
    """An office no one on record holds ("the afghan defence minister", "the ttp chief"):
    the body the other words name outright (the Afghan Ministry of Defence, the TTP), which
    the store does hold; never a guess between people who each hold half of it, nor a body
    the words only half name ("the indian pm": India's government or its foreign ministry
    is for the reporter to say). The actor answer says that no holder is named."""
    office = [w for w in reading.groups if w not in TITLE_WORDS]
    if not office:
        return []
    named = in_snapshot(snap, snap.index.resolve(" ".join(office), kinds=("actor",)))
    body = named.best
    if named.status is not Status.MATCH or body is None or body.score < SUBJECT_SCORE:
        return []
    actor = snap.facts.actors.get(body.record_id)
    if actor is None or actor.actor_kind is ActorKind.PERSON:
        return []
    return [h for h in ranked if h.record_id == body.record_id]


def _has_linked(snap: Snapshot, command: str, record_id: str) -> bool:
    """Whether any record of what `command` lists is about this one (one row of a link read,
    however many there are): "what did the ttp chief say" finds none of the TTP's claims to
    answer it, though dozens are about the TTP."""
    links = snap.links
    tables = (
        (links.events_with, links.events_at, links.events_from)
        if command == "timeline"
        else (
            links.claims_by,
            links.claims_about_actor,
            links.claims_about_place,
            links.claims_about_event,
            links.claims_from,
        )
    )
    return any(table.get_many([record_id], 1) for table in tables)


def _one_name(candidates: tuple[Match, ...]) -> bool:
    """Records of different kinds, each named exactly so by its own name, alias or id
    (never by a weak alias: "Taliban" is two groups, not one name; nor two of one kind,
    which are two things that happen to share a name)."""
    records = unique_records(candidates)
    return len({c.kind for c in records}) == len(records) > 1 and all(
        c.score >= 100 and c.name_kind in (NameKind.NAME, NameKind.ALIAS, NameKind.ID)
        for c in candidates
    )


def subject_title(matches: list[Match]) -> str:
    if len(matches) == 1:
        return matches[0].label
    return f"{matches[0].via} ({len(matches)} records)"


def good(reading: Reading, hits: list[Hit]) -> list[Hit]:
    """The hits that answer the question: those accounting for about as much of it as the
    best one does. None when the question is mostly words the store does not hold: never
    a weak random match."""
    if not reading.known:
        return []
    best = max((h.coverage for h in hits), default=0.0)
    floor = max(GOOD_COVERAGE, best - NEAR_COVERAGE)
    return [h for h in hits if h.coverage >= floor]


def choose(
    snap: Snapshot, command: str, text: str, reading: Reading, kinds: tuple[str, ...]
) -> tuple[str, list[str]] | Answer:
    """The one record a command about a single thing (`actor`, `source`) answers, with
    runners-up; or the answer that says why there is none. Asks back only when a weak
    name fits several records and nothing else decides."""
    resolution = in_snapshot(
        snap, snap.index.resolve(reading.question.content or text, kinds=kinds)
    )
    if resolution.status is Status.EMPTY:
        return usage(command, f"Nothing to look up in {text!r}.", command)
    exact = resolution.best is not None and resolution.best.score >= 100
    if not reading.known and not exact:  # "imran khan": one word of two is not enough
        return no_match(snap, command, text, reading)
    near_title = reading.question.asks_for_person and not exact  # "DG ISPR": ranked
    if resolution.status in (Status.MATCH, Status.TOPIC) and not near_title:
        best = resolution.matches[0]
        close = [*resolution.matches[1:], *resolution.candidates]
        # A name: the runners-up are the names nearly as close to what was typed. Not what
        # else the words describe: ranking the text put other records that merely share a
        # word on the line ("daljoog": the United States; "mahmood ul hasan khan": Benjamin
        # Netanyahu), and it was half of such an answer's time in a large store.
        also = [m.record_id for m in close if m.score >= ALSO_SCORE]
        return best.record_id, [a for a in dict.fromkeys(also) if a != best.record_id]
    ranked = good(reading, snap.retriever.rank(reading, kinds))
    if near_title:
        # "The Indian PM": an office holder is one who holds all of it; Pakistan's prime
        # minister (the title) or India's spokesman (the country) holds half and is no answer.
        holders = [h for h in ranked if h.coverage >= 1.0]
        if not holders and command == "actor":
            holders = _bodies_of_the_office(snap, reading, ranked)
        ranked = holders
    candidates = list(dict.fromkeys(c.record_id for c in resolution.candidates))
    # A weak name ("Kabul"), typed right or with a slip ("kabool"): every candidate bears it.
    weak_name = (
        resolution.status is Status.AMBIGUOUS
        and len({fold(c.via) for c in resolution.candidates}) == 1
    )
    if weak_name and len(candidates) == 1:  # "Afghanistan": one record has that name
        return candidates[0], [h.record_id for h in ranked if h.record_id != candidates[0]]
    if weak_name:
        clear = bool(ranked) and (len(ranked) == 1 or ranked[0].score >= 2 * ranked[1].score)
        if not clear:
            return ask_back(command, text, resolution)
    if ranked:
        best_hit = ranked[0]
        tied = [
            h
            for h in ranked
            if h.score >= best_hit.score * TIE_SHARE and h.matched == best_hit.matched
        ]
        tied_ids = [h.record_id for h in tied]
        rivals = _rivals(snap, tied_ids) if reading.question.asks_for_person else tied_ids
        if len(rivals) > 1:
            return ask_which(snap, command, text, rivals)
        if rivals != [best_hit.record_id]:  # the Pakistani army's spokesman, not the army
            return rivals[0], [best_hit.record_id]
        also = [h.record_id for h in ranked[1:] if h.score >= best_hit.score * ALSO_SHARE]
        return best_hit.record_id, also + [c for c in candidates if c != best_hit.record_id]
    if len(candidates) == 1:
        return candidates[0], []
    if candidates:
        return ask_back(command, text, resolution)
    return no_match(snap, command, text, reading)


def in_snapshot(snap: Snapshot, resolution: Resolution) -> Resolution:
    """Only what the facts hold (a name index built apart from them may know more)."""
    held = snap.facts.get
    matches = tuple(m for m in resolution.matches if held(m.record_id) is not None)
    candidates = tuple(m for m in resolution.candidates if held(m.record_id) is not None)
    if len(matches) == len(resolution.matches) and len(candidates) == len(resolution.candidates):
        return resolution
    status = (
        resolution.status if matches or resolution.status is not Status.MATCH else (Status.NONE)
    )
    return resolution.model_copy(
        update={"matches": matches, "candidates": candidates, "status": status}
    )


def ask_back(command: str, text: str, resolution: Resolution) -> Answer:
    """Ask which record a weak name stands for, offering each as a command."""
    options = unique_records(resolution.candidates)[:MAX_SUGGESTIONS]
    return _which_one(command, text, [(c.label, c.kind, name_for_command(c)) for c in options])


def _rivals(snap: Snapshot, record_ids: list[str]) -> list[str]:
    """Of records that fit a title equally, those that are different things: an office and
    a person under it are one thing named at two levels ("army spokesman": the person). Not
    for other names: the Islamic State and ISKP, under it, are two groups."""
    if len(record_ids) < 2:
        return record_ids
    under = {i: snap.family(i) - {i} for i in record_ids}
    return [i for i in record_ids if not under[i] & set(record_ids)]


def ask_which(snap: Snapshot, command: str, text: str, record_ids: list[str]) -> Answer:
    """Ask which of records the words fit equally is meant, offering each as a command."""
    records = [r for i in record_ids[:MAX_SUGGESTIONS] if (r := snap.facts.get(i)) is not None]
    return _which_one(command, text, [(r.label, r.kind, r.label) for r in records])


def _which_one(command: str, text: str, options: list[tuple[str, str, str]]) -> Answer:
    """The question back: which of these (label, kind, the name a command takes) is meant."""
    kinds = ", ".join(f"{label} ({kind})" for label, kind, _ in options)
    return Answer(
        command=command,
        query=text,
        status=AnswerStatus.AMBIGUOUS,
        title=f"Which one do you mean by {text!r}?",
        summary=f"It could be: {kinds}.",
        suggestions=[f"{command} {name}" for _, _, name in options],
    )


def also_line(snap: Snapshot, also: list[str]) -> str:
    names = [snap.name(a) for a in dict.fromkeys(also) if snap.facts.get(a)][:MAX_ALSO]
    return ("\nAlso: " + "; ".join(names)) if names else ""


def no_match(snap: Snapshot, command: str, text: str, reading: Reading | None = None) -> Answer:
    """Nothing of the kind asked for matches. Cites nothing; suggests what is related to
    the words typed (a record of another kind they name, close names), never a fixed list."""
    reading = reading or snap.retriever.read(text)
    # What the words name: for a list of claims or events, its subjects (the resolution the
    # answer already made, kept by the index); claims are what it lists, never a subject.
    named_kinds = SUBJECT_KINDS if command in LINKED else None
    elsewhere = snap.index.resolve(reading.question.content or text, kinds=named_kinds)
    suggestions: list[str] = []
    summary = "Nothing in the facts store matches that, so there is nothing to cite."
    if reading.unknown:
        missing = ", ".join(f"'{w}'" for w in reading.unknown)
        summary = f"Nothing in the facts store mentions {missing}, so there is nothing to cite."
    if elsewhere.status is Status.MATCH and elsewhere.best is not None:
        found = elsewhere.best
        if found.kind == "claim" and found.kind not in KINDS_ASKED.get(command, ALL_KINDS):
            # A claim's label is its statement, a sentence: quoted, and searched as typed.
            summary = (
                f"That matches a claim in the facts store, not what `{command}` looks up: "
                f"“{found.label}”"
            )
            suggestions = [f"search {text}"]
        elif found.kind not in KINDS_ASKED.get(command, ALL_KINDS):
            summary = (
                f"{found.label} is {article(found.kind)} in the facts store, not what "
                f"`{command}` looks up."
            )
            commands = FOLLOW_UPS.get(found.kind, ("search",))
            suggestions = [f"{c} {name_for_command(found)}" for c in commands if c != command]
        elif command in LINKED and not reading.unknown:
            # The name is known; nothing of what was asked for is linked to it. Say so, not
            # "nothing matches", and point to what the store does hold about it. (With a
            # word the store does not hold, that word is why: "china surveillance" is no
            # answer though China's claims are.)
            summary = (
                f"{found.label} is {article(found.kind)} in the facts store, but none of the"
                f" {LINKED[command]}s about it answers the rest of what was asked, so there is"
                " nothing to cite."
                if _has_linked(snap, command, found.record_id)
                else f"{found.label} is {article(found.kind)} in the facts store, but no "
                f"{LINKED[command]} is about it, so there is nothing to cite."
            )
            commands = (*FOLLOW_UPS.get(found.kind, ()), "search")
            suggestions = [f"{c} {name_for_command(found)}" for c in commands if c != command]
    if not suggestions:
        close = [*elsewhere.matches, *elsewhere.candidates]
        suggestions = [
            f"{FOLLOW_UPS.get(m.kind, ('search',))[0]} {name_for_command(m)}"
            for m in unique_records(close)[:3]
            if m.kind != "claim"
        ]
    known = [w for w in reading.question.words if w in reading.groups]
    if known and reading.unknown and command != "search":
        suggestions.append(f"search {' '.join(known)}")
    if not suggestions:
        summary += " Try a name, place or topic from the articles, or `help`."
    return Answer(
        command=command,
        query=text,
        status=AnswerStatus.NO_MATCH,
        title=f"No match for {text!r}",
        summary=summary,
        suggestions=list(dict.fromkeys(suggestions)),
    )


def name_for_command(match: Match) -> str:
    """How a suggestion names a record: by its name or headline, never by its slug."""
    return match.label
