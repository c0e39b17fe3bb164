"""Search on the real, bundled dataset: exact names, typos, transliterations, weak aliases,
honest no-match, and input nobody should have typed."""

from __future__ import annotations

import pytest

from facts.dataset import load_dir
from facts.factset import FactSet
from facts.models import AliasKind
from facts.search import (
    MAX_QUERY_CHARS,
    SearchIndex,
    Status,
    clean_query,
    joined_acronyms,
    joined_words,
    phrase,
    phrases,
    skeleton,
)


@pytest.fixture(scope="module")
def facts() -> FactSet:
    facts, problems = load_dir()
    assert problems == []
    return facts


@pytest.fixture(scope="module")
def index(facts: FactSet) -> SearchIndex:
    return SearchIndex.build(facts)


def best_label(index: SearchIndex, query: str, kinds: tuple[str, ...] | None = None) -> str:
    resolution = index.resolve(query, kinds)
    assert resolution.status is Status.MATCH, (query, resolution)
    assert resolution.best is not None
    return resolution.best.label


# --- normalisation -------------------------------------------------------------------------


def test_clean_query_strips_mentions_markdown_and_links():
    text, cut = clean_query("<@123> <@!45> <@&6> <#7> @everyone **TTP** `x` https://a.b/c")
    assert text == "TTP x"
    assert cut is False


def test_clean_query_caps_long_input():
    text, cut = clean_query("bannu " * 1000)
    assert len(text) <= MAX_QUERY_CHARS
    assert cut is True


def test_phrase_folds_case_accents_dashes_and_stop_words():
    assert phrase("Tehrik-e-Taliban  Pakistan") == "tehrik taliban pakistan"
    assert phrase("Türkiye") == "turkiye"
    assert phrase("the Islamic State–Khorasan Province") == "islamic state khorasan province"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("claims IS-KP", "claims iskp"),
        ("is-kp and ISIS\u2013KP", "iskp and isiskp"),
        ("who are the T.T.P.?", "who are the ttp?"),
        ("U.S. and U.N.", "U.S. and U.N."),  # two letters: read as the articles spell them
        # Never spelled whole in the store: the words, as before.
        ("cross-border attacks", "cross-border attacks"),
        ("Tehrik-e-Taliban", "Tehrik-e-Taliban"),
        ("al-qaeda", "al-qaeda"),
        # Pieces of more than four letters are words, not an acronym's letters.
        ("pakistan-afghan", "pakistan-afghan"),
    ],
)
def test_an_acronym_the_store_spells_whole_is_read_whole(text: str, read: str):
    known = {"iskp", "isiskp", "tehriketaliban", "alqaeda", "ttp", "us", "un"}
    assert joined_acronyms(text, known.__contains__) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("azer news", "azernews"),
        ("what did Azer  News say", "what did AzerNews say"),
        ("dal joog news", "daljoog news"),  # a pair once: "joog news" is not looked at again
        # Both words are words of the store: two words ("air base", not Bagram's "airbase").
        ("air base", "air base"),
        # A stop word is never half a name: "about kp" is not "aboutkp".
        ("about kp", "about kp"),
        ("azer-news", "azer-news"),  # not two words apart: the acronym rule's to read
    ],
)
def test_a_name_split_in_two_is_read_as_the_store_spells_it(text: str, read: str):
    vocabulary = {"azernews", "news", "daljoog", "air", "base", "airbase", "aboutkp", "kp"}
    assert joined_words(text, lambda words: set(words) & vocabulary) == read


def test_the_terms_held_are_those_whose_every_word_is_in_the_vocabulary(index: SearchIndex):
    held = index.held(["kabul", "bannu convoy", "bannu zzzq", "zzzq"])
    assert held == {"kabul", "bannu convoy"}
    assert all(index.in_vocabulary(t) == (t in held) for t in ("kabul", "bannu zzzq"))


def test_names_folded_together_are_folded_as_each_alone(facts: FactSet):
    texts = [name.text for record in facts.records() for name in record.names()]
    texts += [
        "",
        "The of",  # stop words only
        "“Curly” quotes — dashes – and ‘single’ ones: Peshawar’s",
        "\u0301leading accent, Pešāwar, İstanbul, ﬁre, ｆｏｒｍｓ, tabs\tand\nlines",
        "Mixed-in_underscores and a_b",
    ]
    assert phrases(texts) == [phrase(text) for text in texts]
    assert phrases(["a\x00b", "Bannu"]) == ["b", "bannu"]  # the separator typed: one by one
    assert phrases([]) == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("tehreek", "tehrik"),
        ("nowshehra", "nowshera"),
        ("banu", "bannu"),
        ("abbotabad", "abbottabad"),
    ],
)
def test_skeleton_folds_transliterations(one: str, other: str):
    assert skeleton(one) == skeleton(other)


# --- the examples newsroom users type ------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kinds", "label"),
    [
        ("TTP", ("actor",), "Tehrik-e-Taliban Pakistan"),
        ("ttp", ("actor",), "Tehrik-e-Taliban Pakistan"),
        ("tehreek-e-taliban", ("actor",), "Tehrik-e-Taliban Pakistan"),
        ("Tehrik-i-Taliban Pakistan", ("actor",), "Tehrik-e-Taliban Pakistan"),
        ("pakistan taliban", ("actor",), "Tehrik-e-Taliban Pakistan"),
        ("ISPR", ("actor",), "Inter-Services Public Relations"),
        ("inter services public relation", ("actor",), "Inter-Services Public Relations"),
        ("islamabd", ("place",), "Islamabad"),
    ],
)
def test_names_typos_and_transliterations(index: SearchIndex, query, kinds, label):
    assert best_label(index, query, kinds) == label


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("nangahar", "Nangarhar"),
        ("Nangarhar", "Nangarhar"),
        ("banu", "Bannu"),
        ("bannu", "Bannu"),
        ("nowshera", "Nowshera"),
        ("Nowshehra", "Nowshera"),
        ("paktia", "Paktia"),
        ("paktika", "Paktika"),
        ("bajur", "Bajaur"),
    ],
)
def test_places_by_spelling(index: SearchIndex, query: str, place: str):
    assert best_label(index, query, ("place",)) == place


def test_every_actor_is_found_by_every_name(facts: FactSet, index: SearchIndex):
    for actor in facts.actors.values():
        for alias in [actor.name, *(a.name for a in actor.aliases if a.kind is not AliasKind.WEAK)]:
            resolution = index.resolve(alias, ("actor",))
            assert resolution.status is Status.MATCH, (actor.id, alias, resolution)
            assert resolution.best is not None
            assert resolution.best.record_id == actor.id, (actor.id, alias)


def test_every_place_is_found_by_every_name(facts: FactSet, index: SearchIndex):
    for place in facts.places.values():
        for alias in [place.name, *(a.name for a in place.aliases if a.kind is not AliasKind.WEAK)]:
            resolution = index.resolve(alias, ("place",))
            assert resolution.best is not None, (place.id, alias)
            assert resolution.best.record_id == place.id, (place.id, alias)


def test_weak_alias_asks_which_actor(facts: FactSet, index: SearchIndex):
    meaning = {
        a.id
        for a in facts.actors.values()
        if any(x.kind is AliasKind.WEAK and x.name == "Taliban" for x in a.aliases)
    }
    assert len(meaning) >= 2
    resolution = index.resolve("Taliban", ("actor",))
    assert resolution.status is Status.AMBIGUOUS
    assert meaning <= {c.record_id for c in resolution.candidates}


# --- honest no-match and hostile input -----------------------------------------------------


@pytest.mark.parametrize("query", ["pizza", "weather in oslo", "qqqq", "zzzzzzzzzzzzzz"])
def test_nothing_plausible_is_no_match(index: SearchIndex, query: str):
    resolution = index.resolve(query)
    assert resolution.status is Status.NONE
    assert resolution.matches == ()


@pytest.mark.parametrize("query", ["", "   ", "@everyone", "<@123>", "**__~~``~~__**", "!?"])
def test_empty_after_cleaning(index: SearchIndex, query: str):
    assert index.resolve(query).status is Status.EMPTY


@pytest.mark.parametrize(
    "query",
    ["ننگرهار", "Нангархар", "南加哈尔", "🙂🙂🙂", "x" * 5000, "bannu " * 900, "\x00\x1b[31m"],
)
def test_other_scripts_and_huge_input_do_not_break(index: SearchIndex, query: str):
    resolution = index.resolve(query)
    assert resolution.status in set(Status)
    assert len(resolution.query) <= MAX_QUERY_CHARS


def test_long_paste_still_finds_its_subject(index: SearchIndex):
    assert best_label(index, "Bannu " + "!" * 4990, ("place",)) == "Bannu"


def test_markdown_and_mentions_around_a_name(index: SearchIndex):
    assert best_label(index, "<@42> **TTP**", ("actor",)) == "Tehrik-e-Taliban Pakistan"


def test_autocomplete_is_capped_and_relevant(index: SearchIndex):
    choices = index.complete("", limit=25)
    assert 0 < len(choices) <= 25
    assert next(c.label for c in index.complete("nanga", ("place",), limit=25)) == "Nangarhar"
    assert len(index.complete("a", limit=25)) <= 25


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("IS-KP", "Islamic State–Khorasan Province"),
        ("ISKP", "Islamic State–Khorasan Province"),
        ("UN", "United Nations"),
        ("U.N.", "United Nations"),
    ],
)
def test_spellings_that_differ_only_in_punctuation(index: SearchIndex, query: str, label: str):
    assert best_label(index, query, ("actor",)) == label
