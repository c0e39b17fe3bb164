"""A question -> the records that answer it, ranked, with the words each one matched.

Three stages: the question's content words (facts.questions); each word resolved against the
store's vocabulary, names and text alike, with its typos, transliterations and synonyms
(facts.search); then bm25 over every record's full text (facts.fulltext). A claim is also
found through what it is about: a question that matches an event's headline, or a place or
an actor, brings in their claims, a little below the claims that say the words themselves.

A record's final score is its bm25 (own text, plus what it is linked to) times the share of
the question's words it accounts for, squared: "wounded at the mosque" ranks the claim about
the wounded at the mosque bombing above every other claim that only says "wounded".
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from facts.factset import Facts
from facts.fulltext import FullText, TextHit, document
from facts.links import ClaimGraph, Links
from facts.models import (
    Actor,
    ActorKind,
    AnyRecord,
    Claim,
    Event,
    Figure,
    NameKind,
    Place,
    PlaceKind,
    Qualifier,
)
from facts.questions import (
    CAUSE_CUES,
    CLAIM_WORDS,
    DATE_WORDS,
    MEASURE_WORDS,
    SPEECH_CUES,
    TITLE_WORDS,
    Question,
    alternatives,
    plain_numbers,
    slip_of_asking,
    stem,
    understand,
)
from facts.search import (
    ABBREVIATIONS,
    TITLES_OF_ADDRESS,
    WORD,
    SearchIndex,
    clean_query,
    fold,
    joined_acronyms,
    joined_words,
    phrase,
    terms,
)

CANDIDATES = 150  # bm25's best this many records, and what they link to, are candidates
JUDGED = 60  # ... of which the best this many are judged (coverage, boosts)
LINKED_PER_HIT = 60  # a matched actor or place brings in at most this many of its records
EVENT_SHARE = 0.6  # a claim gains this share of its event's score ...
SUBJECT_SHARE = 0.4  # ... and of its claimant's, subjects' or places' scores
FIGURE_BOOST = 1.3  # "how many ...": claims with a figure rank first ...
NO_FIGURE_SHARE = 0.6  # ... and claims without one well below them
# ... and of those, the figure that counts what the question counts ("how many civilians
# were killed": civilians killed, not militants killed; "how many posts were destroyed":
# destroyed, not captured): this much more for each of its number, unit and measure that
# a word of the question names.
COUNTED_BOOST = 1.0
# ... and a figure counting another side's people than the question names ("how many afghan
# soldiers died": Pakistan's own soldiers), or another fate ("how many were wounded": the
# killed), this share.
OTHER_VICTIMS_SHARE = 0.5
ACRONYM_LETTERS = (2, 5)  # a word this long may be an acronym ("KP", "ISKP", "UNAMA")
PERSON_BOOST = 1.6  # a title in the question ("foreign minister"): the person, not the office
# ... and a person is found through the office they hold ("indian foreign ministry
# spokesman": the spokesperson of India's Ministry of External Affairs).
OFFICE_SHARE = 0.6
NO_CAUSE_SHARE = 0.6  # "why ...": a record that tells no cause ranks below those that do
OTHER_ACT_SHARE = 0.5  # ... and what speaks of none of the act asked of, this much less
DATE_BOOST = 1.5  # "when ...": a claim that dates something (a month, a weekday, a year)
KIND_BOOST = 1.3  # "army": an actor of the kind the question names (a military)
# Who says what, side by side, is what a newsroom asks about first: contested claims lead.
DISPUTE_BOOST = 1.25
# ... and a question that asks where accounts differ ("who disputes 274", "how do the death
# tolls differ") is answered by the contested claims: they lead by more.
ASKED_DISPUTE_BOOST = 2.0
# A question that names a place asks what happened there: a record at the place (an event
# there, a claim about it or its events, the place itself) ranks well above one that only
# mentions it ("who attacked Bannu": the Bannu bombing before the Bajaur attack, whose
# summary dates it by the Bannu bombing). Where something happened is a fact, not a word
# count: it outweighs bm25's preference for a longer text that says "killed" more often.
PLACE_BOOST = 2.0
# A question that asks what someone says ("what does Kabul say", "what did Mujahid claim")
# is answered by that one's claims first: a claim whose claimant the question names.
SPEAKER_BOOST = 2.5
# ... and asked what it admits, its count of its own people (their names are its own).
OWN_LOSS_BOOST = 2.0
UNASKED_SPEAKER_SHARE = 0.5  # ... and what neither is by nor names the one asked, this share
# A word a record holds only through its stem ("attack" for "attacker") counts this much of
# one it holds as typed: "who was the bajaur attacker" is the claim about the attacker first.
STEM_SHARE = 0.8
KEEP_SHARE = 0.15  # hits below this share of the best one are noise, not answers
CONTEXTS = 20_000  # records whose words are kept between changes (some 40 MB at most)
NAMES_KEPT = 8_192  # linked names kept folded: a year's actors and places
GOOD_COVERAGE = 0.5  # a hit that accounts for at least half of the question answers it


@dataclass(frozen=True)
class Hit:
    record_id: str
    kind: str
    score: float
    matched: tuple[str, ...]  # the question's words this record accounts for
    coverage: float  # their share of the question's words


@dataclass(frozen=True)
class Context:
    """The words a record accounts for: its own text and the names of what it is about
    (`words`, and `text` for phrases and stems), and the words of the places it is at."""

    words: frozenset[str]
    text: str
    located: frozenset[str]
    speaker: frozenset[str]  # ... and the words of who says it (a claim's claimant)
    speaker_text: str  # ... in their order, so a title is found as one ("prime minister")
    own: frozenset[str]  # ... of those, the words of its own text, places and event
    own_text: str
    # ... and its text with the names only its claimant lends left out: "how many taliban were
    # wounded" counts Taliban wounded, not the figures the Taliban's ministries give.
    unspoken: str


@dataclass(frozen=True)
class Reading:
    """How a query was read: its content words, what each may stand for, and what is
    unknown to the store."""

    question: Question
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    places: frozenset[str] = frozenset()  # the words that are a place's name ("kabul")
    # ... of which a city's, that may also name the government seated there ("Kabul
    # rejects ..."): a country's name ("did pakistan capture") is its government's as well.
    cities: frozenset[str] = frozenset()
    # Known words beside an unknown one: they qualify what the store does not hold
    # ("pakistani jets", "imran khan", "polio campaign"), so they count on its side.
    qualifying: tuple[str, ...] = ()
    # The words naming whose people a count is asked of ("afghan soldiers": the Afghan side).
    victims_of: tuple[str, ...] = ()
    # "More than 100 dead": the bound a count must pass (">" or "<", and the number), when
    # the store holds no such number as a word.
    threshold: tuple[str, float] | None = None

    @property
    def empty(self) -> bool:
        return not self.question.words

    @property
    def known(self) -> bool:
        """More of the question's words are in the store than not, a known word that only
        qualifies an unknown one counting with it: worth answering."""
        lent = len(self.qualifying)
        return len(self.groups) - lent > len(self.unknown) + lent


class Retriever:
    """Ranked retrieval over one snapshot of the facts."""

    def __init__(
        self,
        facts: Facts,
        index: SearchIndex,
        fulltext: FullText,
        links: Links,
        disputes: ClaimGraph,
    ) -> None:
        self.facts = facts
        self.index = index
        self.fulltext = fulltext
        self.links = links
        self._context: dict[str, Context] = {}
        self.disputes = disputes

    def forget(self) -> None:
        """The store changed: the words records account for are worked out afresh (a
        renamed place changes the words of every claim about it)."""
        self._context = {}

    # --- reading the question ------------------------------------------------------------

    def read(self, query: str) -> Reading:
        text = self.as_stored(clean_query(query)[0])
        question = understand(text, self._spelled_out_shorthand(terms(plain_numbers(text))))
        question = self._claims_of_someone(self._asking_slips_dropped(question))
        groups: dict[str, tuple[str, ...]] = {}
        unknown: list[str] = []
        vocabulary = self.index
        meant = {
            word: [
                alternative
                for meaning in [word, *_slips_kept(word, vocabulary.resolve_term(word))]
                for alternative in alternatives(meaning)
            ]
            for word in question.words
        }
        held = vocabulary.held(a for each in meant.values() for a in each)  # one read for all
        for word in question.words:
            found = dict.fromkeys(a for a in meant[word] if a in held)
            found.update(dict.fromkeys(self._name_of_acronym(word)))
            root = stem(word)
            if root is not None and self._starts_a_word(root):
                found[f"{root}*"] = None  # "attacks" finds "attacked", "attackers" (`_mentions`)
            if found:
                groups[word] = tuple(found)
            elif word not in TITLES_OF_ADDRESS:  # "mr mujahid" names Mujahid
                unknown.append(word)
        for word in _between(text):
            if word in groups:
                lent = [c for c in self._country_of(word) if self._in_vocabulary(c)]
                groups[word] = tuple(dict.fromkeys((*groups[word], *lent)))
        question = self._speakers_named(question, groups)
        if question.asks_what_is_said:
            for word in question.speakers:
                if word in groups:
                    groups[word] = (*groups[word], *self._names_under(groups[word]))
        bound = question.threshold
        if bound is not None and bound[0] in unknown:  # a bound, not a word the store lacks
            unknown.remove(bound[0])
        if bound is not None and bound[1] == "<":
            # No count is given as "fewer than" one (a figure is exact, at least or more
            # than its number): "less than 20 dead" is a bound, never the 20 militants.
            groups.pop(bound[0], None)
        qualifying = _beside(question.words, set(unknown), set(groups))
        groups = _figures_as_one(groups, question.numbers)
        places = frozenset(w for w in groups if self._names_a_place(w))
        return Reading(
            question=question,
            groups=groups,
            unknown=tuple(unknown),
            places=places,
            cities=frozenset(w for w in places if self._country_of(w)),
            qualifying=qualifying,
            victims_of=tuple(
                w for w in question.victims_of if w in groups and self._names_a_people(w)
            ),
            threshold=(bound[1], float(bound[0])) if bound and bound[0] not in groups else None,
        )

    def _asking_slips_dropped(self, question: Question) -> Question:
        """'wht happend in bannu': a slip of a question word the store does not hold is
        scaffolding, as the word is (it had matched a heading, "What Happened?", in one
        article, and Bannu's own event fell below)."""
        slips = {w for w in question.words if slip_of_asking(w) and not self._in_vocabulary(w)}
        if not slips:
            return question
        rest = tuple(w for w in question.words if w not in slips)
        return replace(question, words=rest, content=" ".join(rest))

    def _speakers_named(self, question: Question, groups: dict[str, tuple[str, ...]]) -> Question:
        """Whose account is asked: the words nearest the asking word that name someone.
        "Civilian casualties afghan side" asks the Afghan side about civilian casualties,
        not for an account by "civilian casualties" (which no one gives: the question had
        found nothing). Where none of the words names anyone ("what do officials say"),
        they stay as they were read."""
        speakers = question.speakers
        if len(speakers) < 2:
            return question
        forms = {w: [t for t in groups.get(w, ()) if not t.endswith("*")] for w in speakers}
        proper = self.index.proper(t for each in forms.values() for t in each)
        nearest: list[str] = []
        for word in reversed(speakers):
            if not proper.intersection(forms[word]):
                break
            nearest.insert(0, word)
        if not nearest or len(nearest) == len(speakers):
            return question
        return replace(question, speakers=tuple(nearest))

    def _claims_of_someone(self, question: Question) -> Question:
        """'ISPR claims', 'what does pakistan claim', 'taliban claims 13 killed': "claim"
        after a name asks for that one's account, as "say" does; the word is the asking
        ("who claimed the mosque attack" names no one before it, and asks who claimed it)."""
        words = question.words
        at = next((n for n, w in enumerate(words) if w in CLAIM_WORDS), None)
        if question.asks_what_is_said or not at:
            return question
        who = words[:at]
        if not any(e.kind == "actor" for e in self.index.named(" ".join(who))):
            return question
        rest = tuple(w for n, w in enumerate(words) if n != at)
        return replace(
            question,
            words=rest,
            content=" ".join(rest),
            asks_what_is_said=True,
            speakers=who,
        )

    def _country_of(self, word: str) -> list[str]:
        """The name of the country a city the word names is in ("kabul": Afghanistan)."""
        names: list[str] = []
        for entry in self.index.named(word):
            place = self.facts.get(entry.record_id) if entry.kind == "place" else None
            if isinstance(place, Place) and place.place_kind is PlaceKind.CITY and place.country:
                country = self.facts.get(place.country)
                if isinstance(country, Place):
                    names.append(fold(country.name))
        return names

    def _names_under(self, terms: tuple[str, ...]) -> tuple[str, ...]:
        """The names of the actors under those a speaker's word names that say nothing
        themselves: "did the US condemn" is answered by its State Department, whose claims
        do not name the United States. (Kabul speaks for itself: its ministries' names
        would only crowd its own claims out.)"""
        named_by = {
            e.record_id
            for t in terms
            if not t.endswith("*")
            for e in self.index.named(t)
            if e.kind == "actor"
        }
        said = self.links.claims_by.get_many(sorted(named_by), 1)
        silent = [a for a in sorted(named_by) if not said.get(a)]
        under = self.links.children.get_many(silent, LINKED_PER_HIT)
        named = self.links.named(i for ids in under.values() for i in ids)
        found = (
            fold(name) for n in named.values() if n.kind == "actor" for name in n.names.split(" ; ")
        )
        return tuple(dict.fromkeys(f for f in found if f not in terms and self._in_vocabulary(f)))

    def as_stored(self, text: str) -> str:
        """The text with a name split otherwise than the store spells it written whole:
        "IS-KP" is ISKP, not "is" + KP; "azer news" is AzerNEWS."""
        return joined_words(joined_acronyms(text, self._in_vocabulary), self.index.held)

    def _spelled_out_shorthand(self, words: list[str]) -> list[str]:
        """A desk's shorthand the store does not hold as a word, read as the word it
        shortens ("taliban spox": a spokesman, which asks for a person; "defence min": a
        minister). One it holds stays ("pak": the Pak Institute), its meanings resolved
        as any word's are."""
        shorthand = [w for w in words if w in ABBREVIATIONS]
        held = self.index.held(shorthand) if shorthand else set()
        return [ABBREVIATIONS[w][0] if w in ABBREVIATIONS and w not in held else w for w in words]

    def _name_of_acronym(self, word: str) -> list[str]:
        """The name, as a phrase, of the one record whose acronym a word is ("kpk": khyber
        pakhtunkhwa): the articles spell it out, so the records that do account for the
        word too, not only those linked to the record (an alias no article uses is in no
        record's text)."""
        if not ACRONYM_LETTERS[0] <= len(word) <= ACRONYM_LETTERS[1]:
            return []
        entries = self.index.named(word)
        if len({e.record_id for e in entries}) != 1 or entries[0].name_kind is not NameKind.ALIAS:
            return []
        name = phrase(entries[0].label)
        return [name] if " " in name and self._in_vocabulary(name) else []

    def _names_a_people(self, word: str) -> bool:
        """Whether a word names an actor or a place, or a place's people ("pakistani",
        "indian", "afghan" for Afghanistan): whose soldiers, not which soldiers ("wounded")."""
        forms = [word, *(word[: -len(s)] for s in _OF_A_PLACE if word.endswith(s)), f"{word}istan"]
        return any(
            e.kind in ("actor", "place") and e.name_kind is not NameKind.KEYWORD
            for form in forms
            if form
            for e in self.index.named(form)
        )

    def _names_a_place(self, word: str) -> bool:
        return any(
            e.kind == "place" and e.name_kind in (NameKind.NAME, NameKind.ALIAS)
            for e in self.index.named(word)
        )

    def _starts_a_word(self, prefix: str) -> bool:
        return self.index.starts_a_word(prefix)

    def _in_vocabulary(self, term: str) -> bool:
        return self.index.in_vocabulary(term)

    # --- ranking ---------------------------------------------------------------------------

    def rank(
        self,
        reading: Reading,
        kinds: Iterable[str],
        judged: int = JUDGED,
        *,
        every_word: bool = False,
    ) -> list[Hit]:
        """Records of the given kinds that answer the question, best first: of bm25's and
        the links' best `judged` (fewer where an answer names only a few). `every_word`:
        only records holding every word of it (and what they link to), for a question
        that is a record's name."""
        wanted = tuple(kinds)
        if not reading.groups:
            return []
        direct = self._direct(reading, every_word=every_word)
        scores: dict[str, float] = {}
        kind_of: dict[str, str] = {}
        for hit in direct.values():
            if hit.kind in wanted:
                scores[hit.record_id] = hit.score
                kind_of[hit.record_id] = hit.kind
        if "claim" in wanted:
            self._add_linked(direct, scores, kind_of, "claim", self._linked_claims)
        if "event" in wanted:
            self._add_linked(direct, scores, kind_of, "event", self._linked_events)
        office = (
            self._offices(direct) if "actor" in wanted and reading.question.asks_for_person else {}
        )
        for record_id, share in office.items():
            scores[record_id] = scores.get(record_id, 0.0) + share
            kind_of[record_id] = "actor"
        # Judging can only lower a score (coverage) or raise it by the boosts: the best
        # `judged` by bm25 and links hold every record that can make the answer.
        best = heapq.nlargest(judged, scores.items(), key=lambda pair: pair[1])
        records = self.facts.many(record_id for record_id, _ in best)  # one read for all
        self._prepare_contexts(records.values())
        self.disputes.read_many(i for i, r in records.items() if r.kind == "claim")
        hits = [
            self._judge(
                reading, record, raw - (0.0 if _person(record) else office.get(record_id, 0.0))
            )
            for record_id, raw in best
            if (record := records.get(record_id)) is not None and record.kind == kind_of[record_id]
        ]
        ranked = sorted((h for h in hits if h is not None), key=lambda h: (-h.score, h.record_id))
        if not ranked:
            return []
        floor = ranked[0].score * KEEP_SHARE
        return [h for h in ranked if h.score >= floor]

    def _direct(self, reading: Reading, *, every_word: bool) -> dict[str, TextHit]:
        # The index is written with the records, in one transaction: every hit is current.
        groups = list(reading.groups.values())
        found = self.fulltext.search(groups, CANDIDATES, every_word=every_word)
        return {h.record_id: h for h in found}

    def _add_linked(
        self,
        direct: dict[str, TextHit],
        scores: dict[str, float],
        kind_of: dict[str, str],
        kind: str,
        linked: Callable[[dict[str, list[TextHit]]], Iterator[tuple[TextHit, list[str], float]]],
    ) -> None:
        by_kind: dict[str, list[TextHit]] = {}
        for hit in direct.values():
            by_kind.setdefault(hit.kind, []).append(hit)
        for hit, ids, share in linked(by_kind):
            for record_id in ids[:LINKED_PER_HIT]:
                scores[record_id] = scores.get(record_id, 0.0) + share * hit.score
                kind_of[record_id] = kind

    def _linked_claims(
        self, hits: dict[str, list[TextHit]]
    ) -> Iterator[tuple[TextHit, list[str], float]]:
        """The claims matched events, actors and places bring in, and the share they get
        (one read per link for all the hits of a kind)."""
        links = self.links
        events = hits.get("event", [])
        about = links.claims_about_event.get_many([h.record_id for h in events], LINKED_PER_HIT)
        for hit in events:
            yield hit, about.get(hit.record_id, []), EVENT_SHARE
        actors = [h.record_id for h in hits.get("actor", [])]
        said, about_actor = (
            links.claims_by.get_many(actors, LINKED_PER_HIT),
            links.claims_about_actor.get_many(actors, LINKED_PER_HIT),
        )
        for hit in hits.get("actor", []):
            ids = said.get(hit.record_id, []) + about_actor.get(hit.record_id, [])
            yield hit, ids, SUBJECT_SHARE
        places = [h.record_id for h in hits.get("place", [])]
        at = links.events_at.get_many(places, LINKED_PER_HIT)
        of_events = links.claims_about_event.get_many(
            [e for es in at.values() for e in es], LINKED_PER_HIT
        )
        about_place = links.claims_about_place.get_many(places, LINKED_PER_HIT)
        for hit in hits.get("place", []):
            there = [c for e in at.get(hit.record_id, []) for c in of_events.get(e, [])]
            yield hit, about_place.get(hit.record_id, []) + there, SUBJECT_SHARE

    def _linked_events(
        self, hits: dict[str, list[TextHit]]
    ) -> Iterator[tuple[TextHit, list[str], float]]:
        """The events matched claims, places and actors bring in, and the share they get."""
        links = self.links
        claims = hits.get("claim", [])
        event_of = links.claims_about_event.keys_of([h.record_id for h in claims])
        for hit in claims:
            yield hit, event_of.get(hit.record_id, []), EVENT_SHARE
        at = links.events_at.get_many([h.record_id for h in hits.get("place", [])], LINKED_PER_HIT)
        for hit in hits.get("place", []):
            yield hit, at.get(hit.record_id, []), SUBJECT_SHARE
        with_actor = links.events_with.get_many(
            [h.record_id for h in hits.get("actor", [])], LINKED_PER_HIT
        )
        for hit in hits.get("actor", []):
            yield hit, with_actor.get(hit.record_id, []), SUBJECT_SHARE

    def _offices(self, direct: dict[str, TextHit]) -> dict[str, float]:
        """What the records under each matched actor gain from it: a person holds the office
        (only people keep it: ISPR is under the Pakistani military, not its spokesman)."""
        actors = [h for h in direct.values() if h.kind == "actor"]
        under = self.links.children.get_many([h.record_id for h in actors], LINKED_PER_HIT)
        gained: dict[str, float] = {}
        for hit in actors:
            for record_id in under.get(hit.record_id, []):
                gained[record_id] = gained.get(record_id, 0.0) + OFFICE_SHARE * hit.score
        return gained

    def _judge(self, reading: Reading, record: AnyRecord, score: float) -> Hit | None:
        context = self._context_of(record)
        body = isinstance(record, Actor)
        found = {w: self._accounts_for(reading, context, w, body=body) for w in reading.groups}
        speakers = reading.question.speakers
        if reading.question.asks_what_is_said and any(
            found[w] == "word" for w in found if w in SPEECH_CUES
        ):
            # "Did the EU condemn the strikes": a report that the EU "has not condemned" them
            # is about the EU's account, by its own verb; it counts the EU a little less than
            # the EU's own claims do.
            lent = tuple(w for w in speakers if w in found and not found[w])
            found.update((w, "stem") for w in lent if _names(reading, context, (w,)))
        if speakers and _by_speaker(reading, context, found, speakers):
            # "Did China condemn Pakistan": what China said answers it, whatever its verb
            # ("deeply concerned"); the verb asks for an account, it is not a word to find.
            # (Not in "why did India condemn the strikes": the condemning is the act asked of.)
            acted = reading.question.acts
            found.update(
                (w, "word") for w in found if w in SPEECH_CUES and not found[w] and w not in acted
            )
        # "Why was the border closed": a response told of the border fighting is the cause of
        # another act, not of the closure; it ranks below what speaks of the closure.
        acts = reading.question.acts
        other_act = bool(acts) and not any(found.get(w) for w in acts)
        if other_act:
            found[CAUSE_CUES[0]] = ""
        matched = tuple(w for w, how in found.items() if how)
        if not matched:
            return None
        if matched == (CAUSE_CUES[0],) and len(reading.groups) + len(reading.unknown) > 1:
            return None  # "what caused the earthquake": a cause of something else is no answer
        coverage = len(matched) / (len(reading.groups) + len(reading.unknown))
        score *= coverage**2 * STEM_SHARE ** sum(1 for w in matched if found[w] == "stem")
        # Where it happened; or who says it, when that is what is asked ("what does Kabul say"
        # asks for an account, not for what happened there).
        says = reading.question.asks_what_is_said
        if says and _by_speaker(reading, context, found, matched):
            # ... by a phrase too ("united states", for "us").
            score *= SPEAKER_BOOST
        elif (
            says
            and reading.question.speakers
            and not any(found.get(w) for w in reading.question.speakers)
            and not _names(reading, context, reading.question.speakers)
        ):
            # "Did the US condemn the strikes": India's condemnation is not the answer (a
            # report of what the one asked did or did not say is: "the EU has not condemned").
            score *= UNASKED_SPEAKER_SHARE
        elif not says and any(t in context.located for w in matched for t in reading.groups[w]):
            score *= PLACE_BOOST
        if says and _admits_its_own(reading, record, context, found):
            score *= OWN_LOSS_BOOST
        # "What did Pakistan say about the strikes in Kabul": who says it, and where it
        # happened, when a place other than the speaker is named.
        there = [w for w in matched if w in reading.places and w not in reading.question.speakers]
        if says and any(t in context.located for w in there for t in reading.groups[w]):
            score *= PLACE_BOOST
        # "Why did Pakistan strike": the reasons it gives for its own act lead, attributed,
        # before others' accounts of who fired first.
        if reading.question.agents and _by_speaker(
            reading, context, found, reading.question.agents
        ):
            score *= SPEAKER_BOOST
        if isinstance(record, Actor) and reading.question.asks_for_person:
            # ... a person of what the question names: in "ttp chief" the DG of ISPR, a chief
            # of something else, is not boosted.
            named = [w for w in reading.groups if w not in TITLE_WORDS]
            of_it = not named or any(w in named for w in matched)
            score *= PERSON_BOOST if record.actor_kind is ActorKind.PERSON and of_it else 1.0
        # "Army" asks for a military; in "military spokesman" it is the person's office.
        kinds = () if reading.question.asks_for_person else reading.question.kinds_named
        if isinstance(record, Actor) and record.actor_kind.value in kinds:
            score *= KIND_BOOST
        if reading.question.wants_figure:  # "how many ...": a claim's figure answers it
            score *= _figure_factor(reading, record.figure if isinstance(record, Claim) else None)
        # "Why ...": what tells no cause (no response, retaliation, provocation) is context,
        # below what does.
        if reading.question.asks_for_cause and not found.get(CAUSE_CUES[0], "word"):
            score *= NO_CAUSE_SHARE * (OTHER_ACT_SHARE if other_act else 1.0)
        if reading.question.asks_when and isinstance(record, Claim) and _dates(record):
            score *= DATE_BOOST
        if isinstance(record, Claim) and self.disputes[record.id]:
            score *= ASKED_DISPUTE_BOOST if reading.question.asks_for_dispute else DISPUTE_BOOST
        return Hit(record.id, record.kind, round(score, 3), matched, round(coverage, 2))

    @staticmethod
    def _accounts_for(reading: Reading, context: Context, word: str, *, body: bool = False) -> str:
        """Whether a record accounts for a question word. A place's name that it holds only
        through the names of an actor it is linked to does not count: "Islamabad" is also
        what the articles call Pakistan's government, and "death toll Islamabad" asks about
        the city, not every Pakistani claim; unless the question asks what someone says
        ("what does Kabul say"), or of an actor (a `body`) under the one the city names
        ("ministry of defence kabul": Kabul's, the Afghan Taliban's). Returns how: "word"
        (the word or what stands for it), "stem" (only a word of the same stem: "attacker"
        by "attack"), or "" (not at all)."""
        says = reading.question.asks_what_is_said
        words: frozenset[str] | None = context.words
        text = context.text
        if says and word in reading.question.speakers:
            # Who gives the account: "what did pakistan say" is not answered by Kabul's
            # claim that Pakistan's strikes killed civilians, which names Pakistan too.
            words, text = context.speaker, context.speaker_text
        elif word in reading.places and not says and not body:
            words, text = context.own, context.own_text
        elif reading.question.wants_figure and not says:
            words, text = None, context.unspoken
        terms = reading.groups[word]
        if (
            word in reading.cities
            and not says
            and word not in reading.question.agents  # "what justification did islamabad give"
            and _only_the_speakers_name(context, terms)
        ):
            return ""  # "pakistan bombed kabul": "Kabul rejects ..." names a government
        if any(_mentions(t, words, text) for t in terms if not t.endswith("*")):
            return "word"
        return "stem" if any(_mentions(t, words, text) for t in terms if t.endswith("*")) else ""

    def _context_of(self, record: AnyRecord) -> Context:
        if record.id not in self._context:
            self._prepare_contexts([record])
        return self._context[record.id]

    def _prepare_contexts(self, records: Iterable[AnyRecord]) -> None:
        """The words of each record not yet known, with the names of what it is about read
        for all of them at once (from the links' tables: no linked record is parsed)."""
        todo = [r for r in records if r.id not in self._context]
        if not todo:
            return
        links = self.links
        events = [r.about_event for r in todo if isinstance(r, Claim) and r.about_event]
        event_places = links.events_at.keys_of(events)
        linked: dict[str, list[str]] = {}
        for record in todo:
            if isinstance(record, Claim):
                ids = [record.claimant, *record.about_actors, *record.about_places]
                ids += event_places.get(record.about_event or "", [])
            elif isinstance(record, Event):
                ids = [*record.places, *(a.actor for a in record.actors)]
            elif isinstance(record, Actor):
                ids = [record.parent]  # Jaiswal speaks for India's Ministry of External Affairs
            else:
                ids = []
            linked[record.id] = [i for i in ids if i]
        named = links.named([*events, *(i for ids in linked.values() for i in ids)])
        parents = links.named(n.parent for n in named.values() if n.parent)
        for record in todo:
            texts = list(document(record))
            # A place is at itself.
            places = [*_name_words(texts[0])] if isinstance(record, Place) else []
            event = named.get(record.about_event or "") if isinstance(record, Claim) else None
            if event is not None:
                texts.append(event.names)
            actors: list[str] = []
            speaker: list[str] = []
            subjects: list[str] = []
            for other_id in linked[record.id]:
                other = named.get(other_id)
                if other is not None and other.kind in ("actor", "place"):
                    # Mujahid speaks for the Afghan Taliban; Bannu is in Khyber Pakhtunkhwa.
                    parent = parents.get(other.parent) if other.parent else None
                    names = [*_name_words(other.names)]
                    names += _name_words(parent.names) if parent is not None else ()
                    (places if other.kind == "place" else actors).extend(names)
                    if isinstance(record, Claim) and other_id == record.claimant:
                        speaker += names
                    elif other.kind == "actor":
                        subjects += names
            own = _words(" ".join(texts)) + places
            text = _spaced(own + actors)
            if len(self._context) > CONTEXTS:
                self._context = {}
            self._context[record.id] = Context(
                words=frozenset(own + actors),
                text=text,
                located=frozenset(places),
                speaker=frozenset(speaker),
                speaker_text=_spaced(speaker),
                own=frozenset(own),
                own_text=_spaced(own),
                unspoken=_spaced(own + subjects) if speaker else text,
            )


@lru_cache(maxsize=NAMES_KEPT)
def _name_words(names: str) -> tuple[str, ...]:
    """A linked record's names as words, folded once: one claimant or place is in the
    contexts of hundreds of records (folding was most of a context's cost)."""
    return tuple(_words(names))


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def _spaced(words: list[str]) -> str:
    """Words between spaces, so a phrase is found as " a b "."""
    return " " + " ".join(words) + " "


# A typed word and a word it may be a slip for, past a transliteration (which scores this):
# a typo keeps its first letter ("nangahar" for Nangarhar), so "deported" is not "reported".
SPELLING_SCORE = 95.0


def _slips_kept(word: str, meanings: dict[str, float]) -> list[str]:
    return [m for m, score in meanings.items() if score >= SPELLING_SCORE or m[:1] == word[:1]]


_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def _dates(claim: Claim) -> bool:
    """Whether a claim says when: it names a month, a weekday or a year."""
    text = f"{claim.statement} {claim.quote.text}"
    return bool(_YEAR.search(text)) or not DATE_WORDS.isdisjoint(WORD.findall(fold(text)))


# A rate is not a count: "what is the death toll" is not answered by a 21 percent rise in
# fatalities, unless the question asks for the rate.
_RATES = frozenset({"percent", "per cent", "percentage", "%"})


def _by_speaker(
    reading: Reading, context: Context, found: dict[str, str], names: tuple[str, ...]
) -> bool:
    """Whether the record is the account of someone the question names (by `names`): by a
    name, or for a country by its people's word ("india": the Indian Ministry of External
    Affairs, whose spokesman speaks for India)."""
    return any(
        found.get(w)
        and any(
            _mentions(t, context.speaker, context.speaker_text)
            for t in reading.groups[w]
            if not t.endswith("*") or w in reading.places
        )
        for w in names
        if w in reading.groups
    )


def _only_the_speakers_name(context: Context, terms: tuple[str, ...]) -> bool:
    """Whether a place's name is, in this record, only the name of who says it: "Kabul
    rejects Pakistan's claims" is the Afghan Taliban's, about strikes elsewhere, not Kabul."""
    exact = [t for t in terms if not t.endswith("*")]
    return not any(t in context.located for t in exact) and any(
        _mentions(t, context.speaker, context.speaker_text) for t in exact
    )


def _names(reading: Reading, context: Context, names: tuple[str, ...]) -> bool:
    """Whether the record names someone the question names (by `names`), in any of its
    words: its own text, who says it or what it is about."""
    return any(
        _mentions(t, context.words, context.text)
        for w in names
        if w in reading.groups
        for t in reading.groups[w]
        if not t.endswith("*")
    )


def _person(record: AnyRecord) -> bool:
    return isinstance(record, Actor) and record.actor_kind is ActorKind.PERSON


# "Talks between Kabul and Islamabad", "tensions between islamabad and kabul": two cities
# named as the two sides stand for their states, as the articles' "Pakistan–Afghanistan
# ceasefire" names them.
_BETWEEN = re.compile(r"\bbetween (\w+) and (\w+)\b")


def _between(text: str) -> tuple[str, ...]:
    found = _BETWEEN.search(fold(text))
    return (found[1], found[2]) if found else ()


def _beside(words: tuple[str, ...], unknown: set[str], known: set[str]) -> tuple[str, ...]:
    """The known words next to an unknown one, in the question's order."""
    return tuple(
        word
        for n, word in enumerate(words)
        if word in known and unknown & {*words[max(n - 1, 0) : n], *words[n + 1 : n + 2]}
    )


def _figures_as_one(
    groups: dict[str, tuple[str, ...]], numbers: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    """The question's numbers as one word: "274 vs 13" asks for either figure (each side's
    claim answers it whole, side by side), not for a record that holds both."""
    known = [n for n in numbers if n in groups]
    if len(known) < 2:
        return groups
    merged: dict[str, tuple[str, ...]] = {}
    for word, group in groups.items():
        if word == known[0]:  # in the first number's place, all of them
            merged[" or ".join(known)] = tuple(dict.fromkeys(t for n in known for t in groups[n]))
        elif word not in known:
            merged[word] = group
    return merged


def _counted(reading: Reading, figure: Figure) -> int:
    """How many of a figure's parts (its number, what it counts, what happened to them)
    account for a word of the question: 'civilians killed' both, 'militants killed' one."""
    parts = [figure.spelled_numbers(), figure.unit, figure.measure]
    found = 0
    for part in parts:
        text = _words_of([part])
        words = frozenset(text.split())
        found += any(_mentions(t, words, text) for group in reading.groups.values() for t in group)
    return found


def _figure_factor(reading: Reading, figure: Figure | None) -> float:
    """What a record's figure makes of its score when an amount is asked: a figure first, the
    more so as it counts what is asked, the people asked of (not a rate, unless one is asked)."""
    if figure is None or (figure.unit in _RATES and _RATES.isdisjoint(reading.groups)):
        return NO_FIGURE_SHARE
    factor = FIGURE_BOOST * (1 + COUNTED_BOOST * _counted(reading, figure))
    if not _of_the_fate_asked(reading, figure):  # "how many were wounded": not the killed
        factor *= OTHER_VICTIMS_SHARE
    if reading.threshold is not None:  # "more than 100 dead": the counts past the bound
        factor *= 1 + COUNTED_BOOST if _passes(figure, *reading.threshold) else NO_FIGURE_SHARE
    # "How many afghan soldiers died": not the Pakistani soldiers.
    return factor if _counts_whose(reading, figure) else factor * OTHER_VICTIMS_SHARE


# What a vague count stands for at least and at most ("hundreds": 200 to 999).
_VAGUE: dict[Qualifier, tuple[float, float]] = {
    Qualifier.SEVERAL: (3, 9),
    Qualifier.DOZENS: (24, 99),
    Qualifier.HUNDREDS: (200, 999),
    Qualifier.BILLIONS: (2e9, 9.99e11),
}


def _passes(figure: Figure, side: str, bound: float) -> bool:
    """Whether a figure is surely past a bound: 'more than 100' is the 274 killed and the
    "hundreds" of fighters, not "dozens"; an open count ("at least 80") passes none below."""
    low = figure.low if figure.low is not None else figure.value
    high = figure.high if figure.high is not None else figure.value
    if figure.qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        high = None
    if figure.qualifier in _VAGUE:
        low, high = _VAGUE[figure.qualifier]
    if side == ">":
        return low is not None and low > bound
    if side == ">=":
        return low is not None and low >= bound
    if side == "<=":
        return high is not None and high <= bound
    return high is not None and high < bound


def _admits_its_own(
    reading: Reading, record: AnyRecord, context: Context, found: dict[str, str]
) -> bool:
    """'Has Kabul admitted losses': a side's count of its own people (Mujahid's 13 Taliban
    fighters, their names the speaker's own), not what it says the other side lost."""
    return (
        reading.question.asks_admission
        and isinstance(record, Claim)
        and record.figure is not None
        and _by_speaker(reading, context, found, reading.question.speakers)
        and not context.speaker.isdisjoint(_name_words(record.figure.unit))
        # ... of people it lost: "dozens of military posts destroyed" names the military,
        # and counts no loss of its own.
        and not _LOSSES.isdisjoint(record.figure.measure.split())
    )


# The fates a figure gives of people a side lost (its measure's words): a post destroyed or
# captured is the other side's loss; a soldier "captured alive" is its own.
_LOSSES = frozenset({"killed", "injured", "wounded", "missing", "casualties", "alive", "dead"})


def _of_the_fate_asked(reading: Reading, figure: Figure) -> bool:
    """Whether a figure counts what happened that the question names, if both name a fate
    ("how many worshippers were wounded": the 170 wounded, not the 36 killed; a count of
    attacks recorded is no fate, and is judged by its words)."""
    asked = [w for w in reading.groups if w in MEASURE_WORDS]
    text = _words_of([figure.measure])
    words = frozenset(text.split())
    if not asked or MEASURE_WORDS.isdisjoint(words):
        return True
    return any(_mentions(t, words, text) for w in asked for t in reading.groups[w])


def _counts_whose(reading: Reading, figure: Figure) -> bool:
    """Whether a figure counts the people the question names its victims by ("how many
    afghan soldiers": the Afghan Taliban fighters, not the Pakistani soldiers)."""
    if not reading.victims_of:
        return True
    text = _words_of([figure.unit])
    words = frozenset(text.split())
    return all(
        any(_mentions(t, words, text) for t in reading.groups[w]) for w in reading.victims_of
    )


def _words_of(texts: list[str]) -> str:
    """The texts' words, folded, between spaces (so a phrase is found as " a b ")."""
    return _spaced(_words(" ".join(texts)))


def _mentions(term: str, words: frozenset[str] | None, text: str) -> bool:
    """Whether a record's words include a term: a word, a phrase, or a stem (`attack*`:
    a word whose own stem it is, "attackers", or the people of a place, "pakistani" for
    "pakistan"; not one that merely starts with it: "milit" is the stem of "militants",
    not of "military"; "polic" of "police", not of "policy"); `words` are the text's words
    as a set, when kept (a quicker look-up of a word)."""
    if term.endswith("*"):
        root = term[:-1]
        return f" {root}" in text and any(
            w[len(root) :] in _OF_A_PLACE or stem(w) == root for w in _starting(root).findall(text)
        )
    if " " in term or words is None:
        return f" {term} " in text
    return term in words


# What makes a place's name its people's or its adjective ("pakistani", "indian", "iranians"),
# or a people's their land ("afghanistan"): no stem of the name, but the same subject.
_OF_A_PLACE = frozenset(("i", "is", "n", "ns", "an", "ans", "ian", "ians", "istan"))


@lru_cache(maxsize=1024)
def _starting(root: str) -> re.Pattern[str]:
    """The words of a context text that start with `root` (compiled once per stem)."""
    return re.compile(rf" ({re.escape(root)}\w*)")
