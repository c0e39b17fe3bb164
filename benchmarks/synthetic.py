"""A deterministic, valid synthetic FactSet of about N records, and queries with the record
each one means.

Names are built from South Asian given names, surnames and syllables, organisational patterns
("Tehrik-e-...", "... Police") and place suffixes, so the vocabulary looks like the real one:
shared words (Khan, Police, Waziristan), acronyms, and transliteration variants as aliases.
Queries are exact names, one-edit typos and transliteration variants not stored as aliases.
Every quote occurs exactly once in its (short) article, so the set passes `facts.validate`.

A typo is a query for its record only while it is no record's name: a one-edit slip that
spells a name, alias, id or keyword of any record (the record's own included), compared as
the index compares names (`facts.search.phrase`: folded, so case and accents do not count),
is a reporter asking for that record, not a slip. Such a draw is set aside and the next typo
of the same record drawn instead, from a second RNG of its own (seeded from the query seed),
so every other query is the one the first RNG gives anyway. The rule reads only the set's
names, never the index or its scores.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from facts.factset import Facts, FactSet
from facts.models import (
    Actor,
    ActorKind,
    ActorRole,
    Alias,
    AliasKind,
    AnyRecord,
    Attribution,
    Claim,
    DateDerivation,
    DatePrecision,
    Event,
    EventActor,
    EventDate,
    EventType,
    Figure,
    Place,
    PlaceKind,
    Quote,
    Source,
)
from facts.search import phrase
from facts.validate import alias_key


def _words(text: str) -> list[str]:
    return text.split()


GIVEN = _words(
    "Abdul Ahmad Akhtar Asad Bilal Farooq Ghulam Gul Hafiz Hamid Imran Iqbal Javed Karim Khalid "
    "Latif Majeed Mehmood Mohammad Naeem Nasir Noor Qasim Rashid Rehman Sadiq Saifullah Shahid "
    "Sher Tahir Tariq Umair Wali Waqas Yaqoob Yousaf Zabihullah Zahid Zubair Aisha Fatima Malala "
    "Nargis Shazia Samina Rukhsana Bushra Humaira Sadia"
)
SURNAMES = _words(
    "Khan Afridi Durrani Yousafzai Wazir Mehsud Achakzai Baloch Bugti Marri Qureshi Siddiqui "
    "Chaudhry Malik Awan Niazi Khattak Bangash Orakzai Shinwari Mohmand Kakar Tareen Jamali "
    "Leghari Mazari Haqqani Noorzai Popalzai Barakzai Alizai Mengal Zehri Dawar Turi Sherani "
    "Mandokhel Kundi Gandapur Hotak Ghilzai Safi Tanoli Swati Jadoon Abbasi Rind Lashari"
)
ONSETS = _words("b d g gh h j k kh l m n p q r s sh t w y z ch f")
VOWELS = _words("a a a a e i i o u u aa ee oo")
CODAS = ["", "", "", "n", "r", "l", "m", "z", "d", "b", "sh", "k", "st"]
REAL_PLACES = _words(
    "Bannu Peshawar Quetta Kurram Khyber Bajaur Nangarhar Kunar Paktika Khost Zhob Chitral Swat "
    "Dir Tank Wana Miranshah Mohmand Orakzai Tirah Landi-Kotal Torkham Chaman Gwadar Turbat "
    "Panjgur Kalat Mastung Sibi Dera-Ismail-Khan Lakki-Marwat Kohat Hangu Parachinar Mardan "
    "Charsadda Nowshera Swabi Mansehra Abbottabad Jalalabad Kandahar Helmand Herat Kabul"
)
PLACE_SUFFIXES = _words("abad pur kot garh wala zai khel shahr ganj dara nagar tangi")
ORGS: tuple[tuple[str, ActorKind], ...] = (
    ("Tehrik-e-{w} {p}", ActorKind.ARMED_GROUP),
    ("Lashkar-e-{w}", ActorKind.ARMED_GROUP),
    ("Jaish-ul-{w}", ActorKind.ARMED_GROUP),
    ("Jamaat-ul-{w} {p}", ActorKind.ARMED_GROUP),
    ("{p} Liberation Front", ActorKind.ARMED_GROUP),
    ("{w} Defence Committee", ActorKind.OTHER),
    ("{p} Police", ActorKind.GOVERNMENT),
    ("{p} Development Authority", ActorKind.GOVERNMENT),
    ("{p} Frontier Corps", ActorKind.MILITARY),
    ("{w} Peace Jirga", ActorKind.OTHER),
    ("{p} Traders Union", ActorKind.OTHER),
    ("{w} Welfare Trust", ActorKind.OTHER),
    ("{p} Institute of Policy Studies", ActorKind.RESEARCH_BODY),
    ("{w} News Network", ActorKind.MEDIA),
)
HEADLINES: tuple[tuple[str, str], ...] = (
    ("Drone strike on {a} hideout in {p}", "drone strike"),
    ("{a} attack on a police post in {p}", "police post attack"),
    ("Protest against power cuts in {p}", "power cuts"),
    ("Curfew imposed in {p} after clashes with {a}", "curfew"),
    ("Ceasefire talks with {a} in {p}", "ceasefire"),
    ("Suicide bombing at a market in {p}", "suicide bombing"),
    ("Polio team attacked in {p}", "polio campaign"),
    ("Border crossing at {p} closed", "border closure"),
    ("{a} announces a sit-in at {p}", "sit-in"),
    ("Traders kidnapped near {p}", "kidnapping"),
    ("Flash floods displace families in {p}", "floods"),
    ("Refugees return through {p}", "refugees"),
)
PUBLISHERS = (
    "Dawn",
    "The Express Tribune",
    "The News",
    "Geo News",
    "Al Jazeera",
    "BBC Urdu",
    "Tolo News",
    "Pajhwok",
    "Khaama Press",
    "Daily Times",
    "The Nation",
    "Voice of America",
)
UNITS = ("soldiers", "militants", "civilians", "policemen", "worshippers", "traders")
MEASURES = ("killed", "injured", "arrested", "abducted")
FRACTIONS = {"source": 0.04, "place": 0.12, "actor": 0.22, "event": 0.26}  # claims: the rest
QUERY_KINDS = ("exact", "typo", "transliteration")
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Query:
    """One benchmark query: what is typed, for which command, and the record it means."""

    text: str
    kind: str  # exact | typo | transliteration
    command: str  # actor | claims
    expected: str


@dataclass
class Synthetic:
    facts: FactSet
    queries: list[Query] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:48].strip("-")


# --- spelling variants -------------------------------------------------------------------
# Both procedures are fixed and documented in benchmarks/README.md ("Queries"); they know
# nothing of the index. Each works on the lower-cased word and gives back the first
# letter's case, and each choice is made by the seeded RNG the caller passes.

# Transliteration: one substitution from this table, at any spot of the word where its left
# side occurs (the first letter included: Qasim/Kasim, Wazir/Vazir). A `$` means "at the
# end of the word". Doubling or undoubling a consonant between vowels (Bannu/Banu) and
# dropping an `h` after a vowel before a consonant (Mehsud/Mesud) are the two rules that
# are not plain substitutions.
TRANSLITERATIONS: tuple[tuple[str, str], ...] = (
    ("ee", "i"),
    ("i", "ee"),
    ("oo", "u"),
    ("u", "oo"),
    ("kh", "k"),
    ("k", "kh"),
    ("q", "k"),
    ("k", "q"),
    ("w", "v"),
    ("v", "w"),
    ("ar$", "ahar"),
    ("ahar$", "ar"),
)
VOWEL_LETTERS = "aeiou"
TYPO_EDITS = ("drop", "swap", "double", "substitute")
TYPO_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _keep_case(original: str, lowered: str) -> str:
    return lowered[:1].upper() + lowered[1:] if original[:1].isupper() else lowered


def variant(word: str, rng: random.Random) -> str | None:
    """A transliteration variant of one word (one rule of TRANSLITERATIONS, or a consonant
    doubled/undoubled, or an `h` dropped), or None if no rule applies."""
    low = word.lower()
    options: list[tuple[int, int, str]] = []  # (start, length replaced, replacement)
    for old, new in TRANSLITERATIONS:
        if old.endswith("$"):
            stem = old[:-1]
            if low.endswith(stem) and len(low) > len(stem):
                options.append((len(low) - len(stem), len(stem), new))
            continue
        for m in re.finditer(re.escape(old), low):
            if old == "k" and low[m.start() + 1 : m.start() + 2] == "h":
                continue  # the `k` of `kh` is the kh rule's
            options.append((m.start(), len(old), new))
    for i in range(1, len(low) - 1):
        before, here, after = low[i - 1], low[i], low[i + 1]
        if here == after and here not in VOWEL_LETTERS:
            options.append((i, 2, here))  # Bannu -> Banu
        elif here not in VOWEL_LETTERS + "h" and before in VOWEL_LETTERS and after in VOWEL_LETTERS:
            options.append((i, 1, here * 2))  # Banu -> Bannu
        elif here == "h" and before in VOWEL_LETTERS and after not in VOWEL_LETTERS:
            options.append((i, 1, ""))  # Mehsud -> Mesud
    if not options:
        return None
    at, length, new = rng.choice(options)
    return _keep_case(word, low[:at] + new + low[at + length :])


def typo(word: str, rng: random.Random) -> str:
    """One edit at a position in the middle of the word (never its first or last letter):
    drop the letter, swap it with the next (when that is not the last letter and differs;
    else substitute), double it, or substitute another letter."""
    low = word.lower()
    at = rng.randrange(1, len(low) - 1)
    match rng.choice(TYPO_EDITS):
        case "drop":
            new = low[:at] + low[at + 1 :]
        case "swap" if low[at] != low[at + 1] and at + 1 < len(low) - 1:
            new = low[:at] + low[at + 1] + low[at] + low[at + 2 :]
        case "double":
            new = low[:at] + low[at] + low[at:]
        case _:
            letter = rng.choice([c for c in TYPO_LETTERS if c != low[at]])
            new = low[:at] + letter + low[at + 1 :]
    return _keep_case(word, new)


MIN_WORD = 5  # only words this long are edited: a typo in "Dir" or "Gul" is another name


def _edit_one_word(
    name: str, rng: random.Random, edit: Callable[[str, random.Random], str | None]
) -> str | None:
    """The name with one of its words of MIN_WORD+ letters edited (the word chosen by the
    RNG), or None when no word can be."""
    words = [m for m in _WORD.finditer(name) if len(m.group()) >= MIN_WORD]
    rng.shuffle(words)
    for m in words:
        new = edit(m.group(), rng)
        if new and new.casefold() != m.group().casefold():
            return name[: m.start()] + new + name[m.end() :]
    return None


# --- the generator -----------------------------------------------------------------------


class _Builder:
    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.taken: set[str] = set()  # alias keys of every (non-weak) actor and place name
        self.ids: set[str] = set()
        self.facts = FactSet()
        self.quotes: list[tuple[str, str]] = []  # (lead-in, quote text) in record order
        self.serial = 0

    def word(self, syllables: int = 2) -> str:
        """A made-up but pronounceable name word: Sherzan, Gulbad, Mirakot."""
        parts = [
            self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + self.rng.choice(CODAS)
            for _ in range(syllables + (self.rng.random() < 0.2))
        ]
        return "".join(parts).capitalize()

    def unique(self, make: Callable[[], str]) -> str:
        for _ in range(1000):
            name = make()
            if (key := alias_key(name)) not in self.taken:
                self.taken.add(key)
                return name
        raise RuntimeError("could not find a unique name")

    def new_id(self, text: str) -> str:
        base = _slug(text) or "r"
        record_id, n = base, 1
        while record_id in self.ids:
            n += 1
            record_id = f"{base}-{n}"
        self.ids.add(record_id)
        return record_id

    def quote(self, label: str, source_count: int) -> Quote:
        """A quote of a random article; `serial` keeps every quote text unique."""
        self.serial += 1
        source = self.rng.randrange(source_count)
        text = f"{label} in dispatch {self.serial}."
        self.quotes.append((f"src{source}", text))
        return Quote(source=f"src{source}", text=text)

    def variants(self, name: str) -> list[Alias]:
        """A transliteration alias when one is free (about half the names)."""
        if self.rng.random() < 0.5:
            return []
        other = _edit_one_word(name, self.rng, variant)
        if other is None or alias_key(other) in self.taken:
            return []
        self.taken.add(alias_key(other))
        return [Alias(name=other, kind=AliasKind.TRANSLITERATION, in_articles=False)]


def _counts(n: int) -> dict[str, int]:
    counts = {kind: max(1, int(n * share)) for kind, share in FRACTIONS.items()}
    counts["claim"] = max(2, n - sum(counts.values()))
    return counts


def _places(b: _Builder, count: int) -> list[Place]:
    countries = [("pakistan", "Pakistan"), ("afghanistan", "Afghanistan")]
    places = [Place(id=i, name=name, place_kind=PlaceKind.COUNTRY) for i, name in countries]
    for i, name in countries:
        b.ids.add(i)
        b.taken.add(alias_key(name))
    real = [n.replace("-", " ") for n in REAL_PLACES]
    while len(places) < count:
        suffix = b.rng.choice(PLACE_SUFFIXES)

        def suffixed(suffix: str = suffix) -> str:
            return b.word(1) + suffix

        name = real.pop(0) if real else b.unique(suffixed)
        b.taken.add(alias_key(name))
        places.append(
            Place(
                id=b.new_id(name),
                name=name,
                place_kind=b.rng.choice((PlaceKind.DISTRICT, PlaceKind.CITY, PlaceKind.SITE)),
                country=b.rng.choice(countries)[0],
                aliases=b.variants(name),
            )
        )
    return places[:count]


def _actor_name(b: _Builder, places: list[Place]) -> tuple[str, ActorKind]:
    if b.rng.random() < 0.55:
        parts = [b.rng.choice(GIVEN), b.rng.choice(SURNAMES)]
        if b.rng.random() < 0.6:
            parts.insert(1, b.word())
        return " ".join(parts), ActorKind.PERSON
    pattern, kind = b.rng.choice(ORGS)
    return pattern.format(w=b.word(), p=b.rng.choice(places).name), kind


def _acronym(name: str) -> str:
    parts = [p for p in re.split(r"[\s-]+", name) if p.casefold() not in ("e", "ul", "of")]
    return "".join(p[0].upper() for p in parts)


def _actors(b: _Builder, count: int, places: list[Place], sources: int) -> list[Actor]:
    actors: list[Actor] = []
    for _ in range(count):
        name, kind = _actor_name(b, places)
        while alias_key(name) in b.taken:
            name, kind = _actor_name(b, places)
        b.taken.add(alias_key(name))
        aliases = b.variants(name)
        acronym = _acronym(name)
        if kind is not ActorKind.PERSON and len(acronym) >= 3:
            strength = AliasKind.ACRONYM if alias_key(acronym) not in b.taken else AliasKind.WEAK
            b.taken.add(alias_key(acronym))
            aliases.append(Alias(name=acronym, kind=strength, in_articles=False))
        where = b.rng.choice(places).name
        actors.append(
            Actor(
                id=b.new_id(name),
                name=name,
                actor_kind=kind,
                description=f"{kind.value.capitalize()} active in and around {where}, "
                "named in the dispatches below.",
                parent=None,
                aliases=aliases,
                quotes=[b.quote(name, sources)],
            )
        )
    return actors


def _events(
    b: _Builder, count: int, places: list[Place], actors: list[Actor], sources: int
) -> list[Event]:
    events = []
    for _ in range(count):
        template, topic = b.rng.choice(HEADLINES)
        place, actor = b.rng.choice(places), b.rng.choice(actors)
        short = next((a.name for a in actor.aliases if a.kind is AliasKind.ACRONYM), actor.name)
        headline = template.format(a=short, p=place.name)
        start = dt.date(2025, 1, 1) + dt.timedelta(days=b.rng.randrange(365))
        events.append(
            Event(
                id=b.new_id(f"{topic} {place.name} {start:%b-%d}"),
                headline=headline,
                summary=f"{headline}, according to the dispatches below.",
                date=EventDate(
                    start=start,
                    precision=DatePrecision.DAY,
                    phrase=f"on {start:%d %B}",
                    derivation=DateDerivation.STATED,
                ),
                event_type=b.rng.choice(list(EventType)),
                places=[place.id],
                actors=[EventActor(actor=actor.id, role=b.rng.choice(list(ActorRole)))],
                keywords=[topic, place.name],
                quotes=[b.quote(headline, sources)],
            )
        )
    return events


def _claims(
    b: _Builder, count: int, events: list[Event], actors: list[Actor], sources: int
) -> list[Claim]:
    claims: list[Claim] = []
    for i in range(count):
        event = events[(i // 2) % len(events)]  # two accounts of each event: a dispute
        claimant = b.rng.choice(actors)
        figure = Figure(
            measure=b.rng.choice(MEASURES),
            unit=b.rng.choice(UNITS),
            value=b.rng.randrange(1, 80),
            qualifier=b.rng.choice(("exact", "at least", "about")),
        )
        statement = f"{figure.display().capitalize()}: {event.headline}"
        disputes = [claims[-1].id] if i % 2 and claims[-1].about_event == event.id else []
        claims.append(
            Claim(
                id=b.new_id(f"{event.id[:30]} {claimant.id[:12]}"),
                claimant=claimant.id,
                about_event=event.id,
                about_actors=[a.actor for a in event.actors],
                statement=statement,
                figure=figure,
                attribution=Attribution.PARAPHRASE,
                quote=b.quote(statement, sources),
                disputes=disputes,
                keywords=["death toll"] if figure.measure == "killed" else [],
            )
        )
    return claims


def _sources(b: _Builder, count: int, places: list[Place]) -> list[Source]:
    sources = []
    for i in range(count):
        publisher = b.rng.choice(PUBLISHERS)
        sources.append(
            Source(
                id=f"src{i}",
                file=f"src{i}.txt",
                publisher=publisher,
                title=f"Dispatch from {b.rng.choice(places).name}",
                author=f"{b.rng.choice(GIVEN)} {b.rng.choice(SURNAMES)}",
                published=dt.date(2026, 1, 1) + dt.timedelta(days=i % 90),
                notes="Synthetic article for the benchmarks.",
            )
        )
    return sources


def build_facts(n: int, seed: int = 7) -> FactSet:
    """A valid FactSet of about n records; the same n and seed give the same set."""
    b = _Builder(n, seed)
    counts = _counts(n)
    places = _places(b, counts["place"])
    sources = _sources(b, counts["source"], places)
    actors = _actors(b, counts["actor"], places, len(sources))
    events = _events(b, counts["event"], places, actors, len(sources))
    claims = _claims(b, counts["claim"], events, actors, len(sources))
    records: list[AnyRecord] = [*sources, *actors, *places, *events, *claims]
    for record in records:
        b.facts.add(record)
    lines: dict[str, list[str]] = {s.id: [f"{s.title}. By {s.author}."] for s in sources}
    for source_id, text in b.quotes:
        lines[source_id].append(f"Officials named {text}")
    b.facts.articles = {source_id: "\n".join(text) for source_id, text in lines.items()}
    return b.facts


# --- queries -----------------------------------------------------------------------------

TYPO_DRAWS = 20  # redraws of a typo that spells a name, before the record is passed over


def names_of(facts: Facts) -> dict[str, set[str]]:
    """Each name any record is found by (its name, aliases, id, keywords, a headline),
    folded as the index compares names, -> the records that bear it."""
    named: dict[str, set[str]] = {}
    for record in facts.records():
        for text, _kind in record.names():
            named.setdefault(phrase(text), set()).add(record.id)
    return named


def typo_for(
    record: Actor | Place, rng: random.Random, redraw: random.Random, named: dict[str, set[str]]
) -> str | None:
    """A one-edit typo of the record's name that spells no record's name: the first draw
    (from `rng`, as for every query) or, when that one names a record, the next draws from
    `redraw`; None if TYPO_DRAWS of those all name one too."""
    text = _edit_one_word(record.name, rng, typo)
    for _ in range(TYPO_DRAWS):
        if text is None or phrase(text) not in named:
            return text
        text = _edit_one_word(record.name, redraw, typo)
    return None


def _query_for(
    record: Actor | Place,
    kind: str,
    command: str,
    rng: random.Random,
    typo_of: Callable[[Actor | Place], str | None],
) -> Query | None:
    """A query of the given kind that should find this record, or None if it has none."""
    names = {alias_key(record.name), *(alias_key(a.name) for a in record.aliases)}
    text: str | None
    if kind == "exact":
        strong = [a.name for a in record.aliases if a.kind is AliasKind.ACRONYM]
        text = rng.choice([record.name, *strong])
    elif kind == "typo":
        text = typo_of(record)
    else:  # a spelling the record does not list: the index must fold or fuzz it
        text = _edit_one_word(record.name, rng, variant)
        if text is not None and alias_key(text) in names:
            text = None
    if text is None:
        return None
    return Query(text=text, kind=kind, command=command, expected=record.id)


def build_queries(facts: FactSet, count: int, seed: int = 11) -> list[Query]:
    """`count` queries per command (actor, claims), a third of each kind, with ground truth.
    `actor` queries name actors; `claims` queries name actors or places (its subjects)."""
    rng = random.Random(seed)
    redraw = random.Random(f"typo redraws {seed}")  # only ever used for a typo set aside
    named = names_of(facts)

    def typo_of(record: Actor | Place) -> str | None:
        return typo_for(record, rng, redraw, named)

    actors = list(facts.actors.values())
    subjects: list[Actor | Place] = [
        *actors,
        *(p for p in facts.places.values() if p.place_kind != "country"),
    ]
    pools: tuple[tuple[str, list[Actor | Place]], ...] = (
        ("actor", [*actors]),
        ("claims", subjects),
    )
    queries: list[Query] = []
    for command, pool in pools:
        made = 0
        for attempt in range(count * 20):
            kind = QUERY_KINDS[made % len(QUERY_KINDS)]
            query = _query_for(rng.choice(pool), kind, command, rng, typo_of)
            if query is not None:
                queries.append(query)
                made += 1
            if made == count or attempt > count * 20:
                break
    return queries


def generate(n: int, queries: int = 300, seed: int = 7) -> Synthetic:
    facts = build_facts(n, seed)
    return Synthetic(facts, build_queries(facts, queries, seed + 1))
