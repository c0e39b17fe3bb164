"""Checks on the bundled facts dataset (facts/data), not on the code that loads it.

Each test fails when the data breaks: a quote that drifts from its article, a count in an
article that no claim carries, an alias that stops resolving, a dispute linked one way only,
or two contested figures merged into one claim. No network.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from facts.dataset import DATA_DIR
from facts.factset import FactSet
from facts.models import AliasKind, Claim, NameKind, Qualifier, Quote
from facts.text import count_occurrences, normalise_quote
from facts.validate import alias_key, validate_dir

# --- helpers -------------------------------------------------------------------------------

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
# Counts given without a number: they must be claimed too, with a vague qualifier.
VAGUE_WORDS = ("dozens", "hundreds", "thousands", "millions", "billions")
_WORD = "|".join([*NUMBER_WORDS, *VAGUE_WORDS])
NUMERAL = re.compile(rf"\d[\d,.]*\d|\d|\b(?:{_WORD})(?:-(?:{_WORD}))?\b", re.IGNORECASE)
YEAR = re.compile(r"^(?:19|20)\d\d$")


def number_value(token: str) -> float | None:
    """'1,034' -> 1034, 'Seventy-three' -> 73, 'dozens' -> None (vague)."""
    token = token.lower()
    if token[0].isdigit():
        return float(token.replace(",", ""))
    total = 0
    for part in token.split("-"):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return float(total)


def counts_in(text: str) -> set[float]:
    """The numeric values written in a text, years left out."""
    values = set()
    for match in NUMERAL.finditer(normalise_quote(text)):
        token = match.group()
        if YEAR.match(token):
            continue
        value = number_value(token)
        if value is not None:
            values.add(value)
    return values


def quote_span(article: str, quote: Quote) -> tuple[int, int]:
    """Where a (validated) quote sits in the normalised article."""
    text, span = normalise_quote(article), normalise_quote(quote.text)
    prefix = normalise_quote(quote.prefix) if quote.prefix else None
    suffix = normalise_quote(quote.suffix) if quote.suffix else None
    start = text.find(span)
    while start != -1:
        before, after = text[:start].rstrip(), text[start + len(span) :].lstrip()
        if (prefix is None or before.endswith(prefix)) and (
            suffix is None or after.startswith(suffix)
        ):
            return start, start + len(span)
        start = text.find(span, start + 1)
    raise AssertionError(f"quote not in article: {quote.text[:60]!r}")


@pytest.fixture(scope="module")
def checked() -> tuple[FactSet, list[str]]:
    facts, problems = validate_dir(DATA_DIR)
    return facts, [str(p) for p in problems]


@pytest.fixture(scope="module")
def facts(checked: tuple[FactSet, list[str]]) -> FactSet:
    return checked[0]


def test_dataset_validates(checked: tuple[FactSet, list[str]]) -> None:
    facts, problems = checked
    assert problems == []
    counts = facts.counts()
    assert counts["source"] == 5
    assert all(counts[kind] > 0 for kind in counts)


# --- coverage: every count in the articles is in a claim ------------------------------------

# Numerals that do not count people, posts, vehicles, attacks, targets, camps or territory.
# Each entry is (source id, a verbatim span around the numeral, why it is not a count). A span
# that no longer occurs in its article fails the test, so the list cannot go stale silently.
NOT_COUNTS: list[tuple[str, str, str]] = [
    # aljazeera-2026-02-24
    ("aljazeera-2026-02-24", "date 2026-02-24", "the dateline"),
    ("aljazeera-2026-02-24", "On February 6,", "a date"),
    ("aljazeera-2026-02-24", "on February 19", "a date"),
    ("aljazeera-2026-02-24", "two days later", "an interval"),
    ("aljazeera-2026-02-24", "between two countries", "India and Afghanistan, not a count"),
    ("aljazeera-2026-02-24", "emerged in 2007", "a year"),
    ("aljazeera-2026-02-24", "Its 2025 security report", "a year"),
    ("aljazeera-2026-02-24", "in December 2024", "a year"),
    ("aljazeera-2026-02-24", "two possible measures", "policy options, not a count"),
    ("aljazeera-2026-02-24", "six-day visit", "a duration"),
    ("aljazeera-2026-02-24", "returned to power in 2021", "a year"),
    ("aljazeera-2026-02-24", "magnitude 6.3", "an earthquake's magnitude"),
    ("aljazeera-2026-02-24", "the two countries had a four-day", "the two states; a duration"),
    # daljoog-strikes
    ("daljoog-strikes", "on February 6", "a date"),
    ("daljoog-strikes", "the 2020 Doha agreement", "a year"),
    # jamal-open-war
    ("jamal-open-war", "late February 2026", "a month"),
    ("jamal-open-war", "on February 27, 2026", "a date"),
    ("jamal-open-war", "returning to power in 2021", "a year"),
    ("jamal-open-war", "takeover of Afghanistan in 2021", "a year"),
    ("jamal-open-war", "formed in 2007", "a year"),
    ("jamal-open-war", "the February 2026 bombing", "a month"),
    ("jamal-open-war", "during the 1990s", "a decade"),
    ("jamal-open-war", "post-2001 insurgency", "a year"),
    ("jamal-open-war", "In 2025 Pakistan", "a year"),
    (
        "jamal-open-war",
        "Trade between the two countries, once worth billions annually",
        "the two states; a sum of money with no currency, not a count",
    ),
    ("jamal-open-war", "The February 2026 escalation", "a month"),
    ("jamal-open-war", "on February 21", "a date (claimed as a date in strikes-date-jamal)"),
    ("jamal-open-war", "on February 26", "a date"),
    # azernews-ghazab
    ("azernews-ghazab", "On 27–28 February 2026", "dates"),
    ("azernews-ghazab", "marking one of the most significant", "a figure of speech"),
    ("azernews-ghazab", "into one of the most serious exchanges", "a figure of speech"),
    (
        "azernews-ghazab",
        "one near a military academy in Abbottabad, and one that fell",
        "the three drone targets one by one; the count is the claim of three",
    ),
    # paktika-strikes-opinion
    ("paktika-strikes-opinion", "in August 2021", "a month"),
]


def figure_words(claim: Claim) -> set[object]:
    """What a numeral must read for this claim to carry it: its value, or its vague word."""
    if claim.figure is None:
        return set()
    if claim.figure.value is not None:
        return {claim.figure.value}
    return {claim.figure.qualifier.value}


def test_every_count_in_the_articles_is_in_a_claim(facts: FactSet) -> None:
    """Each numeral sits inside the quote of a claim whose own figure is that number."""
    by_source: dict[str, list[Claim]] = defaultdict(list)
    for claim in facts.claims.values():
        by_source[claim.quote.source].append(claim)
    missing: list[str] = []
    for source_id, article in facts.articles.items():
        text = normalise_quote(article)
        claimed = [
            (*quote_span(article, claim.quote), figure_words(claim))
            for claim in by_source[source_id]
        ]
        allowed: list[tuple[int, int]] = []
        for allowed_source, span, _why in NOT_COUNTS:
            if allowed_source != source_id:
                continue
            needle = normalise_quote(span)
            assert NUMERAL.search(needle), f"allow-list entry without a numeral: {span!r}"
            start = text.find(needle)
            assert start != -1, f"allow-list span not in {source_id}: {span!r}"
            while start != -1:
                allowed.append((start, start + len(needle)))
                start = text.find(needle, start + 1)
        for match in NUMERAL.finditer(text):
            token = match.group()
            value = number_value(token)
            reads = value if value is not None else token.lower()
            inside = [(lo, hi) for lo, hi in allowed if lo <= match.start() < match.end() <= hi]
            carried = [
                words
                for lo, hi, words in claimed
                if lo <= match.start() < match.end() <= hi and reads in words
            ]
            if not inside and not carried:
                context = text[max(0, match.start() - 40) : match.end() + 40]
                missing.append(f"{source_id}: {token!r} in ...{context}...")
    assert missing == [], "counts no claim carries:\n" + "\n".join(missing)


def test_the_allow_list_names_known_sources(facts: FactSet) -> None:
    assert {source for source, _, _ in NOT_COUNTS} <= set(facts.sources)


# --- figures: one per claim, matching the quote, never merged -------------------------------

# Claims whose number is written as an article, not a numeral ("killing 11 soldiers and a child").
WRITTEN_AS_ARTICLE = {
    "bajaur-child-killed-aljazeera",
    "bajaur-child-killed-daljoog",
    "deadliest-in-a-decade-aljazeera",  # "nearly a decade"
    "trade-halted-jamal",  # "for over a year"
}
# Vague qualifiers the quote must spell out; "indeterminate" covers "others", "a number", ...
WORDED = {Qualifier.DOZENS, Qualifier.HUNDREDS, Qualifier.BILLIONS, Qualifier.SEVERAL}


def test_each_figure_is_written_in_its_quote(facts: FactSet) -> None:
    wrong = []
    for claim in facts.claims.values():
        figure = claim.figure
        if figure is None:
            continue
        quote = normalise_quote(claim.quote.text).lower()
        if figure.value is not None:
            if claim.id in WRITTEN_AS_ARTICLE:
                assert figure.value == 1
                assert re.search(r"\ban? \w+", quote)
            elif figure.value not in counts_in(claim.quote.text):
                wrong.append(f"{claim.id}: {figure.value} not in {claim.quote.text!r}")
        elif figure.qualifier in WORDED and figure.qualifier.value not in quote:
            wrong.append(f"{claim.id}: {figure.qualifier.value!r} not in {claim.quote.text!r}")
    assert wrong == []


def test_no_claim_merges_two_figures(facts: FactSet) -> None:
    """A claim's statement names one count at most: its own figure's."""
    merged = []
    for claim in facts.claims.values():
        if claim.figure is None:
            continue
        named = counts_in(claim.statement)
        own = {claim.figure.value} if claim.figure.value is not None else set()
        if not named <= own:
            merged.append(f"{claim.id}: {sorted(named)} in {claim.statement!r}")
    assert merged == []


def test_contested_figures_stay_apart(facts: FactSet) -> None:
    """Claims of the same claimant about the same count never disagree silently."""
    seen: dict[tuple[object, ...], set[float]] = defaultdict(set)
    for claim in facts.claims.values():
        if claim.figure is None or claim.figure.value is None:
            continue
        key = (
            claim.claimant,
            claim.quote.source,
            claim.about_event,
            claim.figure.measure,
            claim.figure.unit,
        )
        seen[key].add(claim.figure.value)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


# --- disputes --------------------------------------------------------------------------------


def test_disputes_link_both_ways(facts: FactSet) -> None:
    one_way = [
        f"{claim.id} -> {other}"
        for claim in facts.claims.values()
        for other in claim.disputes
        if claim.id not in facts.claims[other].disputes
    ]
    assert one_way == []


def find_figure(
    facts: FactSet,
    event: str,
    value: float,
    *,
    source: str | None = None,
    claimant: str | None = None,
    measure: str = "killed",
) -> Claim:
    found = [
        c
        for c in facts.claims.values()
        if c.about_event == event
        and c.figure is not None
        and c.figure.value == value
        and c.figure.measure == measure
        and (source is None or c.quote.source == source)
        and (claimant is None or c.claimant == claimant)
    ]
    assert len(found) == 1, f"expected one claim of {value} {measure} on {event}, got {found}"
    return found[0]


def assert_disputed(a: Claim, b: Claim) -> None:
    assert b.id in a.disputes, f"{a.id} does not dispute {b.id}"
    assert a.id in b.disputes, f"{b.id} does not dispute {a.id}"


def test_mosque_toll_36_against_31(facts: FactSet) -> None:
    event = "islamabad-mosque-bombing"
    aljazeera = find_figure(facts, event, 36, source="aljazeera-2026-02-24")
    assert_disputed(aljazeera, find_figure(facts, event, 31, source="daljoog-strikes"))
    assert_disputed(aljazeera, find_figure(facts, event, 31, source="jamal-open-war"))


def test_taliban_fighters_killed_274_against_13(facts: FactSet) -> None:
    event = "operation-ghazab-lil-haq"
    mujahid = find_figure(facts, event, 13, claimant="zabihullah-mujahid")
    assert_disputed(find_figure(facts, event, 274, claimant="pakistan-military"), mujahid)
    assert_disputed(find_figure(facts, event, 274, claimant="mehmood-ul-hassan-khan"), mujahid)


def test_pakistani_soldiers_killed_12_against_55(facts: FactSet) -> None:
    event = "operation-ghazab-lil-haq"
    mujahid = find_figure(facts, event, 55, claimant="zabihullah-mujahid")
    assert_disputed(find_figure(facts, event, 12, claimant="pakistan-military"), mujahid)
    assert_disputed(find_figure(facts, event, 12, claimant="mehmood-ul-hassan-khan"), mujahid)


def test_strike_date_21_against_22_february(facts: FactSet) -> None:
    sunday = facts.claims["strikes-date-aljazeera"]
    feb21 = facts.claims["strikes-date-jamal"]
    assert "early on Sunday" in sunday.quote.text
    assert "February 21" in feb21.quote.text
    assert sunday.about_event == feb21.about_event == "pakistan-strikes-nangarhar-paktika"
    assert_disputed(sunday, feb21)
    event = facts.events["pakistan-strikes-nangarhar-paktika"]
    assert str(event.date.start) == "2026-02-22"
    assert "February 21" in (event.date.note or "")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # party against party
        ("strikes-militants-killed-pakistan", "strikes-civilians-afghan-mod"),
        ("strikes-militants-killed-pakistan", "strikes-kabul-rejects"),
        ("strikes-intelligence-based-moib", "strikes-civilians-afghan-authorities"),
        ("khan-no-civilian-infrastructure", "mujahid-civilian-sites"),
        ("army-great-care", "mujahid-civilian-sites"),
        ("pakistan-unprovoked-fire", "taliban-retaliation-jamal"),
        ("pakistan-accuses-sanctuary-aljazeera", "kabul-denies-sanctuary-aljazeera"),
        ("india-blames-pakistan-pahalgam", "pakistan-denies-pahalgam"),
        ("paktika-militants-killed-officials", "paktika-civilians-kabul-fm"),
        ("paktika-militants-killed-officials", "paktika-refugees-kabul-fm"),
        ("army-great-care", "mujahid-civilians-injured"),
        ("army-great-care", "mujahid-civilians-killed"),
        ("khan-no-civilian-infrastructure", "mujahid-civilians-killed"),
        ("khan-no-civilian-infrastructure", "mujahid-civilians-injured"),
        ("mujahid-soldiers-captured", "army-soldier-missing"),
        ("mujahid-soldiers-captured", "khan-soldier-missing"),
        # article against article
        ("bajaur-date-aljazeera", "bajaur-date-daljoog"),
        ("december-2024-precedent", "first-airstrikes-2025-jamal"),
        ("ceasefire-month-azernews", "ceasefire-after-talks-aljazeera"),
        ("ceasefire-held-daljoog", "strikes-shattered-ceasefire-aljazeera"),
        ("ceasefire-held-daljoog", "basit-ceasefire-collapse"),
        ("ceasefire-held-daljoog", "ceasefire-collapsed-azernews"),
        # the fact-checker's missing disputes (issue 10)
        ("india-externalise-failures", "pakistan-blames-india-and-afghanistan"),
        ("drones-destroyed-officer", "taliban-strikes-several-targets"),
        ("drones-destroyed-officer", "mujahid-deleted-post"),
        ("open-war-positions-seized-pakistan", "army-posts-captured"),
        ("open-war-positions-seized-pakistan", "khan-posts-captured"),
        ("taliban-rejects-accusations-azernews", "jamal-organisations-afghan-territory"),
        ("pakistan-accuses-safe-havens-jamal", "taliban-rejects-accusations-azernews"),
        ("pakistan-accuses-safe-havens-jamal", "kabul-denies-sanctuary-aljazeera"),
        ("unama-echoes-civilian-casualties", "paktika-militants-killed-officials"),
    ],
)
def test_named_disputes(facts: FactSet, first: str, second: str) -> None:
    assert_disputed(facts.claims[first], facts.claims[second])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # One article silent where another is specific: shown together, never as disputed.
        ("strikes-provinces-aljazeera", "strikes-provinces-jamal"),
        ("strikes-provinces-daljoog", "strikes-provinces-jamal"),
        ("ceasefire-mediators-aljazeera", "ceasefire-mediator-daljoog"),
        ("india-condemns-civilian-casualties", "strikes-militants-killed-pakistan"),
    ],
)
def test_accounts_that_differ_in_detail_are_not_disputes(
    facts: FactSet, first: str, second: str
) -> None:
    one, other = facts.claims[first], facts.claims[second]
    assert second in one.differs or first in other.differs
    assert second not in one.disputes
    assert first not in other.disputes


def test_india_condemnation_is_not_about_its_own_ministry(facts: FactSet) -> None:
    claim = facts.claims["india-condemns-civilian-casualties"]
    assert "india-mea" not in claim.about_actors


# --- names and aliases -----------------------------------------------------------------------


def name_index(facts: FactSet) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(strong names, weak aliases): folded name -> ids of actors and places."""
    strong: dict[str, set[str]] = defaultdict(set)
    weak: dict[str, set[str]] = defaultdict(set)
    for record in [*facts.actors.values(), *facts.places.values()]:
        for name in record.names():
            if name.kind is not NameKind.ID:
                table = weak if name.kind is NameKind.WEAK else strong
                table[alias_key(name.text)].add(record.id)
    return strong, weak


def resolve(facts: FactSet, name: str) -> set[str]:
    strong, weak = name_index(facts)
    key = alias_key(name)
    return strong.get(key, set()) | weak.get(key, set())


def test_strong_names_are_unique(facts: FactSet) -> None:
    strong, _ = name_index(facts)
    assert {k: v for k, v in strong.items() if len(v) > 1} == {}


def test_every_actor_and_place_is_found_by_each_of_its_names(facts: FactSet) -> None:
    for record in [*facts.actors.values(), *facts.places.values()]:
        for alias in [record.name, *(a.name for a in record.aliases)]:
            found = resolve(facts, alias)
            assert record.id in found, f"{alias!r} does not find {record.id}"
        for alias in record.aliases:
            if alias.kind is not AliasKind.WEAK:
                assert resolve(facts, alias.name) == {record.id}, alias.name


def test_weak_aliases_name_several(facts: FactSet) -> None:
    assert {"ttp", "afghan-taliban"} <= resolve(facts, "Taliban")
    assert {"afghan-taliban", "kabul"} <= resolve(facts, "Kabul")
    assert {"pakistan-government", "islamabad"} <= resolve(facts, "Islamabad")
    assert "india-government" in resolve(facts, "New Delhi")


@pytest.mark.parametrize(
    ("spelling", "record_id"),
    [
        ("Tehrik-e-Taliban Pakistan", "ttp"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Tehrik-i-Taliban Pakistan", "ttp"),
        ("Pakistan Taliban", "ttp"),
        ("TTP", "ttp"),
        ("Islamic State–Khorasan Province", "iskp"),
        ("IS-KP", "iskp"),
        ("ISKP", "iskp"),
        ("Afghan Ministry of Defence", "afghan-mod"),
        ("Afghan Defense Ministry", "afghan-mod"),
        ("Kabul’s foreign ministry", "afghan-foreign-ministry"),
        ("Inter-Services Public Relations", "ispr"),
        ("ISPR", "ispr"),
        ("Ahmed Sharif Chaudhry", "ahmed-sharif-chaudhry"),
        ("Pakistan Air Force", "pakistan-air-force"),
        ("Balochistan Liberation Army", "bla"),
        ("National Resistance Front", "nrf"),
        ("U.N. Assistance Mission in Afghanistan", "unama"),
        ("Pak Institute for Peace Studies", "pips"),
        ("Dr Mehmood Ul Hassan Khan", "mehmood-ul-hassan-khan"),
        ("Nangahar", "nangarhar"),
        ("Nangarhar", "nangarhar"),
        ("Nowshehra", "nowshera"),
        ("Khyber Pakhtunkhwa", "khyber-pakhtunkhwa"),
        ("Indian-administered Kashmir", "indian-administered-kashmir"),
        ("Bagram airbase", "bagram-airbase"),
        ("Panjshir Valley", "panjshir-valley"),
    ],
)
def test_article_spellings_resolve(facts: FactSet, spelling: str, record_id: str) -> None:
    texts = [normalise_quote(a) for a in facts.articles.values()]
    assert any(count_occurrences(t, normalise_quote(spelling)) for t in texts), spelling
    assert resolve(facts, spelling) == {record_id}


def test_operation_name_is_a_keyword_not_an_alias(facts: FactSet) -> None:
    event = facts.events["operation-ghazab-lil-haq"]
    keys = {alias_key(k) for k in event.keywords}
    assert alias_key("Ghazab Lil Haq") in keys
    assert alias_key("Ghazab lil-Haq") in keys
    assert resolve(facts, "Ghazab lil-Haq") == set()


# --- cross-checks between claims, events and sources ----------------------------------------


def test_a_claims_event_is_reported_by_the_claims_article(facts: FactSet) -> None:
    stray = [
        f"{c.id}: {c.quote.source} does not report {c.about_event}"
        for c in facts.claims.values()
        if c.about_event and c.quote.source not in facts.events[c.about_event].sources
    ]
    assert stray == []


def test_only_the_dated_article_resolves_dates_against_publication(facts: FactSet) -> None:
    dated = {s.id for s in facts.sources.values() if s.published is not None}
    assert dated == {"aljazeera-2026-02-24"}
    for event in facts.events.values():
        if event.date.derivation.value == "relative to publication":
            assert dated & set(event.sources), event.id


def test_an_authors_own_voice_has_no_claimant(facts: FactSet) -> None:
    """An article's author is the article itself: 'reported by the article', no claimant."""
    authors = {
        actor.id
        for actor in facts.actors.values()
        for source in facts.sources.values()
        if source.author and actor.name == source.author
    }
    assert authors == {"umair-jamal"}
    assert [c.id for c in facts.claims.values() if c.claimant in authors] == []


def test_unnamed_speakers_are_not_paraphrased_as_named(facts: FactSet) -> None:
    """'say Pakistani officials', 'say experts', 'military officials state': nobody named."""
    assert facts.claims["pakistani-officials-taliban-inaction"].attribution.value == (
        "anonymous official"
    )
    assert facts.claims["operations-until-objectives-achieved"].attribution.value == (
        "anonymous official"
    )
    experts = facts.claims["experts-project-strength"]
    assert experts.claimant is None
    assert experts.attribution.value == "unnamed sources"


def test_azernews_fridays_are_inferred_not_stated(facts: FactSet) -> None:
    """AzerNEWS never dates its "Friday" and carries no date: events dated from it get the
    article's own "27–28 February 2026" window, never a single day, as the source note says."""
    note = facts.sources["azernews-ghazab"].notes
    assert "27–28 February 2026" in note
    assert "not to a single day" in note
    for event_id in ("taliban-drone-strikes", "muttaqi-faisal-call"):
        date = facts.events[event_id].date
        assert date.derivation.value != "stated"
        assert date.precision.value == "days"
        assert (str(date.start), str(date.end)) == ("2026-02-27", "2026-02-28")
        assert "27–28 February 2026" in (date.note or "")


def test_every_article_is_used(facts: FactSet) -> None:
    for source_id in facts.sources:
        assert any(c.quote.source == source_id for c in facts.claims.values()), source_id
        assert any(source_id in e.sources for e in facts.events.values()), source_id


# Verbs that, in the bot's own voice, take the claimant's words as true (or false). A statement
# says who says what ("says", "puts the toll at", "denies"); the article's own verb stays in the
# quote, and inside reported speech ("X says the attack confirms ...") it is the claimant's.
PRESUMING = re.compile(
    r"\b(admit|acknowledge|concede|confess|reveal|expose|prove|confirm|debunk)(s|d|ed)?\b", re.I
)
REPORTING = re.compile(r"\b(says|said|tells|told|according|claims|states|writes|argues)\b", re.I)


def _presumes(statement: str) -> bool:
    verb = PRESUMING.search(statement)
    said = REPORTING.search(statement)
    return verb is not None and (said is None or verb.start() < said.start())


def test_statements_never_take_a_side(facts: FactSet) -> None:
    assert [c.id for c in facts.claims.values() if _presumes(c.statement)] == []


def test_the_side_taking_check_reads_the_bots_voice_not_the_claimants() -> None:
    assert _presumes("Dr Khan acknowledges that 12 Pakistani soldiers were killed.")
    assert not _presumes("Dr Khan says 12 Pakistani soldiers were killed.")
    assert not _presumes("Abdul Basit says the attack confirms the collapse of the ceasefire.")
