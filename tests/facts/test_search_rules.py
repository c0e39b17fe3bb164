"""The name index's rules for typos and transliterations, each on a small set built for it:
a known word still brings its other spellings, a close race goes to the name fewest slips
away (only a true tie asks back), a name one slip away races however WRatio scores it, and a
query term's spellings rank by how well they match."""

from __future__ import annotations

import pytest

from facts.briefing.choosing import SUBJECT_SCORE
from facts.factset import FactSet
from facts.models import Actor, AnyRecord, Event, Place, Source
from facts.search import SearchIndex, Status, skeleton
from facts.search import index as search_index
from facts.search.words import STRAY_SLIP, slips

QUOTE = {"source": "dawn-2026-02-25", "text": "A quote."}


def actor(name: str, *aliases: str) -> Actor:
    return Actor.model_validate(
        {
            "id": name.casefold().replace(" ", "-"),
            "name": name,
            "actor_kind": "person",
            "description": "Named in the dispatches.",
            "aliases": [{"name": a, "kind": "transliteration"} for a in aliases],
            "quotes": [QUOTE],
        }
    )


def place(name: str, *aliases: str) -> Place:
    return Place.model_validate(
        {
            "id": name.casefold().replace(" ", "-"),
            "name": name,
            "place_kind": "district",
            "country": "pakistan",
            "aliases": [{"name": a, "kind": "spelling"} for a in aliases],
        }
    )


def event(record_id: str, headline: str, where: Place) -> Event:
    return Event.model_validate(
        {
            "id": record_id,
            "headline": headline,
            "summary": f"{headline}.",
            "date": {
                "start": "2026-02-06",
                "precision": "day",
                "phrase": "on 6 February",
                "derivation": "stated",
            },
            "event_type": "explosions/remote violence",
            "places": [where.id],
            "keywords": [where.name],
            "quotes": [QUOTE],
        }
    )


def source(author: str) -> Source:
    return Source.model_validate(
        {
            "id": "dawn-2026-02-25",
            "file": "dawn-2026-02-25.txt",
            "publisher": "Dawn",
            "author": author,
            "title": "Dispatch from the north-west",
            "notes": "An article.",
        }
    )


def index_of(*records: AnyRecord) -> SearchIndex:
    facts = FactSet()
    for record in records:
        facts.add(record)
    return SearchIndex.build(facts)


def resolved_to(index: SearchIndex, query: str, kinds: tuple[str, ...] | None = None) -> str:
    resolution = index.resolve(query, kinds)
    assert resolution.status is Status.MATCH, (query, resolution)
    assert resolution.best is not None
    return resolution.best.label


# --- stage 1: what a query word may stand for ---------------------------------------------


def test_a_known_word_still_brings_its_other_spellings():
    """'Tehreek' is PTI's spelling: typed for TLP, it must still find 'Tehrik'."""
    index = index_of(actor("Pakistan Tehreek-e-Insaf"), actor("Tehrik-e-Labbaik Pakistan"))
    meanings = index.resolve_term("tehreek", for_names=True)
    assert meanings["tehreek"] > meanings["tehrik"]
    assert index.resolve_term("tehreek") == {"tehreek": 100.0}  # ranking the text: itself
    assert resolved_to(index, "Tehreek-e-Labbaik Pakistan") == "Tehrik-e-Labbaik Pakistan"


def test_a_newsroom_abbreviation_stands_for_the_word_it_shortens():
    """'Govt' and 'pak' are how desks type government and Pakistan; 'pak' is also a word of
    a name the store holds, and stays itself too. A word the store lacks is not offered."""
    index = index_of(
        actor("Afghan government"),
        actor("Pakistani military", "Pakistan Army"),
        actor("Pak Institute for Peace Studies"),
    )
    assert index.resolve_term("govt") == {"government": 100.0}
    assert index.resolve_term("pak") == {"pak": 100.0, "pakistan": 100.0, "pakistani": 100.0}
    assert "department" not in index.resolve_term("dept")  # no name or text holds it
    assert resolved_to(index, "afghan govt") == "Afghan government"
    assert resolved_to(index, "pak army", ("actor",)) == "Pakistani military"
    assert resolved_to(index, "pak institute") == "Pak Institute for Peace Studies"


def test_a_short_word_stands_only_for_words_one_slip_from_it():
    """'Kuram' (a place no article names) is two slips from 'Kubra' (a letter moved, one
    changed), though fuzz.ratio scores them as close as one changed letter: it is no typo
    of it. One slip still is: 'bajor', 'khowst'."""
    index = index_of(
        place("Imambargah Khadijatul Kubra"), place("Bajaur"), place("Khost"), place("Kuraam")
    )
    assert "kubra" not in index.resolve_term("kuram")
    assert "kuraam" in index.resolve_term("kuram")  # a letter doubled
    assert "bajaur" in index.resolve_term("bajor")
    assert "khost" in index.resolve_term("khowst")


def test_a_title_of_address_no_name_holds_is_not_part_of_the_name():
    """'Mullah Muttaqi' is Muttaqi, as the store names him; 'Dr Khan', an alias the store
    holds with its title, keeps it."""
    index = index_of(actor("Amir Khan Muttaqi", "Muttaqi"), actor("Mehmood Khan", "Dr Khan"))
    assert resolved_to(index, "mullah muttaqi") == "Amir Khan Muttaqi"
    best = index.resolve("mullah muttaqi").best
    assert best is not None
    assert best.score == 100  # as "muttaqi": the name itself
    assert resolved_to(index, "dr khan") == "Mehmood Khan"
    assert index.resolve("mullah").status is Status.NONE  # a title alone names no one


def test_a_known_name_word_may_be_a_slip_for_another_name():
    """'Iran' is a place; 'Iran Khan' is still one dropped letter from Imran Khan. Ranking the
    text by its words takes no such guess: there a known word is only itself."""
    index = index_of(place("Iran"), actor("Imran Khan"))
    assert "imran" not in index.resolve_term("iran")
    assert "imran" in index.resolve_term("iran", for_names=True)
    assert resolved_to(index, "Iran Khan", ("actor",)) == "Imran Khan"


def test_a_word_many_names_share_is_meant_as_typed(monkeypatch: pytest.MonkeyPatch):
    """'Police' in hundreds of names is the word meant, not a slip for the one 'Polise'
    (its look-alikes only multiply what is scored); a rarer name word may still be a slip."""
    monkeypatch.setattr(search_index, "COMMON_TERM", 2)
    index = index_of(
        actor("Kot Police"), actor("Dir Police"), actor("Bannu Police"), actor("Polise Trust")
    )
    assert index.resolve_term("police", for_names=True) == {"police": 100.0}
    assert "police" in index.resolve_term("polise", for_names=True)
    assert resolved_to(index, "Bannu Police") == "Bannu Police"
    assert resolved_to(index, "Banu Polise") == "Bannu Police"


@pytest.mark.parametrize(
    ("one", "other"),
    [("kandahar", "kandhar"), ("qasim", "kasim"), ("yaqoob", "yakub"), ("mehsud", "mesud")],
)
def test_skeleton_folds_a_dropped_h_and_q_for_k(one: str, other: str):
    assert skeleton(one) == skeleton(other)


def test_spellings_of_one_query_word_rank_by_match_not_rarity():
    """'Nangarharr': the place Nangarhar, named by several events, comes before a rarer
    spelling a letter further off ('Nangahar', one actor's alias), however few the
    candidates scored."""
    nangarhar = place("Nangarhar")
    events = [event(f"strike-{n}", f"Air strike {n} in Nangarhar", nangarhar) for n in range(4)]
    index = index_of(nangarhar, *events, actor("Nangahar Shura"))
    [best], _ = index.candidates(["nangarharr"], limit=1)
    assert [e.folded for e in index.entries_at([best])] == ["nangarhar"]


# --- stage 2: a close race ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("records", "query", "label"),
    [
        # A one-edit slip in a name beats a longer name sharing its other words.
        (
            [actor("Hakimullah Mehsud"), actor("Hakimullah Khan Mehsud")],
            "Hakimulah Mehsud",
            "Hakimullah Mehsud",
        ),
        # Two names that fold alike: the one nearer the letters typed.
        ([place("Khanpur"), place("Kanpur")], "Khanpoor", "Khanpur"),
        # A transliteration is nearer its name than a one-letter neighbour of what was typed.
        ([place("Nowshera"), place("Nowshehr")], "Nowshehra", "Nowshera"),
        # A swapped pair of letters is one slip (Gul Bahadur), a dropped pair two.
        ([actor("Gul Bahadur"), actor("Gul Badur")], "Gul Bahdaur", "Gul Bahadur"),
        # A slip in the first letter is rare: a changed h (Khabzai), not a k too many (Gabzai).
        ([place("Khabzai"), place("Gabzai")], "Kgabzai", "Khabzai"),
        # A changed letter (Khabzai) is nearer than a stray added one (Kabzai and a g).
        ([place("Khabzai"), place("Kabzai")], "Kgabzai", "Khabzai"),
        # A swap is nearer than a stray letter, though WRatio puts Nowala 6.6 points ahead.
        ([place("Nodwala"), place("Nowala")], "Ndowala", "Nodwala"),
        # A swap that breaks a spelling the skeleton folds (oo) is still one slip as typed.
        ([place("Soonabad"), place("Shonabad"), place("Sooabad")], "Sonoabad", "Soonabad"),
    ],
)
def test_a_close_race_goes_to_the_name_fewest_slips_away(
    records: list[AnyRecord], query: str, label: str
):
    assert resolved_to(index_of(*records), query) == label


@pytest.mark.parametrize(
    ("typed", "name", "count"),
    [
        ("ndowala", "nodwala", 1.0),  # a swap
        ("nowla", "nowala", 1.0),  # a dropped letter
        ("nowalla", "nowala", 1.0),  # a doubled one
        ("nowela", "nowala", 1.0),  # a changed one
        ("ndowala", "nowala", STRAY_SLIP),  # an added letter that doubles nothing
        ("xnowala", "nowala", STRAY_SLIP),
        ("nowalax", "nowala", STRAY_SLIP),
        ("nwoalla", "nowala", 2.0),
    ],
)
def test_slips_are_counted_as_people_make_them(typed: str, name: str, count: float):
    assert slips(typed, name) == count


def test_a_name_one_slip_away_scores_as_a_dropped_letter_would():
    """WRatio scores a swap in a six-letter name 83: under what leads an answer, though the
    slip is as small as the dropped letter that puts Wepur at 91."""
    resolution = index_of(place("Wenpur"), place("Wepur")).resolve("Wnepur")
    assert resolution.status is Status.MATCH
    assert resolution.best is not None
    assert resolution.best.label == "Wenpur"
    assert resolution.best.score >= SUBJECT_SCORE


def test_the_person_before_the_article_he_wrote():
    """An actor and a source's author share the name: the person is the one meant."""
    index = index_of(actor("Umair Jamal"), source("Umair Jamal"))
    assert resolved_to(index, "Umiar Jamal") == "Umair Jamal"


def test_a_word_several_names_share_names_none_of_them():
    """'government' is no slip of the Government of Iran, nor of India's: the shortest name
    does not win, the resolver asks."""
    index = index_of(actor("Government of Iran"), actor("Government of India"))
    resolution = index.resolve("government")
    assert resolution.status is Status.AMBIGUOUS
    assert {c.label for c in resolution.candidates} == {"Government of Iran", "Government of India"}


def test_part_of_a_name_another_name_holds_whole_names_the_shorter():
    """'tehreek e taliban' is as far from the group as from the event named after it; the
    group's name is inside the event's, so the query names the group."""
    ttp = actor("Tehrik-e-Taliban Pakistan", "Tehreek-e-Taliban Pakistan")
    where = place("Swat")
    emerges = event("ttp-formed", "Tehrik-e-Taliban Pakistan (TTP) emerges", where)
    index = index_of(ttp, where, emerges)
    for query in ("tehreek e taliban", "tehrik-e-taliban"):
        assert resolved_to(index, query) == "Tehrik-e-Taliban Pakistan"


def test_a_true_tie_still_asks_which_one():
    """'Kalan' is one letter from Kalam and from Kalat: no rule can tell."""
    resolution = index_of(place("Kalam"), place("Kalat")).resolve("Kalan")
    assert resolution.status is Status.AMBIGUOUS
    assert {c.label for c in resolution.candidates} >= {"Kalam", "Kalat"}
