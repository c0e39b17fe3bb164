"""What a query and a name are compared as: cleaned, folded words, the keys that match a
transliteration or a slip (`skeleton`, `consonant_key`) with a cut-off that fits the word, and
how many slips apart two spellings are (`slips`)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz.distance import OSA

from facts.text import normalise_quote, strip_mentions

MAX_QUERY_CHARS = 200  # a query is a name or a topic; the rest of a long paste is noise
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "e",
        "for",
        "from",
        "i",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "about",
        "what",
        "who",
        "says",
        "said",
    ]
)

# What `\w+` finds that is no searchable word: the stop words and a lone underscore.
NOT_WORDS = STOPWORDS | {"_"}

_URL = re.compile(r"https?://\S+")
_MARKDOWN = re.compile(r"[*_~`|>\\#\[\]()]")
WORD = re.compile(r"\w+")  # a word, as the index and the retriever split text


def clean_query(raw: str) -> tuple[str, bool]:
    """Strip what Discord adds (mentions, markdown, links) and cap the length.
    Returns the cleaned text and whether it was cut."""
    text = _URL.sub(" ", strip_mentions(raw))
    text = _MARKDOWN.sub(" ", unicodedata.normalize("NFKC", text))
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_CHARS
    return text[:MAX_QUERY_CHARS].strip(), truncated


def fold(text: str) -> str:
    """Lower case without accents, quote marks or dashes: what comparisons see."""
    text = normalise_quote(text).casefold()
    if text.isascii():  # nothing to decompose: most names, and most of the build time
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def terms(text: str) -> list[str]:
    """The searchable words of a text, in order, stop words dropped."""
    return [t for t in WORD.findall(fold(text)) if t not in NOT_WORDS]


def phrase(text: str) -> str:
    return " ".join(terms(text))


# What a newsroom shortens, and the words it stands for: a typed "govt" or "pak" means the
# word the articles spell out ("afghan govt", "pak army"), as well as itself where the store
# holds it ("Pak Institute for Peace Studies"). One word each: a phrase ("PM") is an alias.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "govt": ("government",),
    "gov": ("government",),
    "pak": ("pakistan", "pakistani"),
    "afg": ("afghanistan", "afghan"),
    "afgh": ("afghanistan", "afghan"),
    "mil": ("military",),
    "min": ("minister", "ministry"),
    "dept": ("department",),
    "intl": ("international",),
    "natl": ("national",),
    "admin": ("administration",),
    "spox": ("spokesman", "spokesperson"),
    "cmdr": ("commander",),
    "pres": ("president",),
    "secy": ("secretary",),
    # Ranks, as a byline shortens them ("Lt Gen", "Maj Gen"); also titles of address below.
    "lt": ("lieutenant",),
    "gen": ("general",),
    "col": ("colonel",),
    "maj": ("major",),
    "brig": ("brigadier",),
    "capt": ("captain",),
    "sgt": ("sergeant",),
    "adm": ("admiral",),
    "cdr": ("commander",),
}


# How a person is addressed, not who they are: typed before a name the store holds without
# it ("Mr Mujahid", "Mullah Muttaqi", "Lt Gen Ahmed Sharif Chaudhry"), such a word the store
# does not hold leaves the name known. (One the store holds is a word like any other.)
TITLES_OF_ADDRESS = frozenset(
    """
    mr mrs ms dr prof sir hon mullah mulla maulvi molvi maulana mawlawi mufti haji hazrat
    sardar lt gen col maj brig capt sgt adm cdr marshal lieutenant colonel brigadier captain
    sergeant admiral
    """.split()  # noqa: SIM905
)


# An acronym written with hyphens ("IS-KP", "ISIS-K"): pieces of a few letters each; or
# with a full stop after each of three letters or more ("T.T.P.", "I.S.P.R."). ("U.S." and
# "U.N." are read as their letters, as the articles' own spellings are.)
_ACRONYM = re.compile(
    r"(?<![\w.-])(?:[^\W\d_]{1,4}(?:[-\u2010\u2011\u2013][^\W\d_]{1,4})+(?![\w-])"
    r"|(?:[^\W\d_]\.){3,}(?!\w))"
)


def joined_acronyms(text: str, known: Callable[[str], bool]) -> str:
    """`text` with each hyphenated or dotted acronym the store spells whole (`known`:
    "iskp", "ttp") written whole: split at its hyphens, its pieces are other words ("is",
    a question word, and "kp", a province), and split at its stops, letters ("t", "p"),
    and the name would be lost. One the store never spells whole is left as it is
    ("cross-border", "al-qaeda"), read as words as before."""

    def whole(match: re.Match[str]) -> str:
        joined = "".join(WORD.findall(fold(match.group())))
        return joined if known(joined) else match.group()

    return _ACRONYM.sub(whole, text) if "-" in fold(text) or "." in text else text


def joined_words(text: str, held: Callable[[Iterable[str]], set[str]]) -> str:
    """`text` with two words run together where the store spells them as one and one of
    them alone is no word of it (`held`: which of some words it holds): "azer news" is
    AzerNEWS, "dal joog" Daljoog. Two words it holds stay two ("air base" is not "airbase":
    both are words of their own), and so does a stop or question word ("is kp" asks about
    KP, it does not name IS-KP)."""
    spans = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
    pairs = [
        (first, second)
        for first, second in itertools.pairwise(spans)
        if text[first[1] : second[0]].isspace()
        and first[2] not in NOT_WORDS
        and second[2] not in NOT_WORDS
    ]
    if not pairs:
        return text
    held_words = held({w for a, b in pairs for w in (a[2], b[2], a[2] + b[2])})
    joined: list[str] = []
    end = 0  # of the text taken so far: a pair that starts before it overlaps the last join
    for first, second in pairs:
        if first[0] < end or first[2] + second[2] not in held_words:
            continue
        if first[2] in held_words and second[2] in held_words:
            continue
        joined.append(text[end : first[1]] + text[second[0] : second[1]])
        end = second[1]
    return "".join(joined) + text[end:] if joined else text


_SEPARATOR = "\x00"  # what no fold step changes, no word holds, and no name contains
_WORD_OR_SEPARATOR = re.compile(rf"\w+|{_SEPARATOR}")


def phrases(texts: Sequence[str]) -> list[str]:
    """`phrase` of each text, folded and split in one pass over them all: a seed folds a
    few hundred thousand names of a few words, and the calls, not the letters, were most
    of the time (1.3 s -> 0.5 s at 100,000 records; tested against `phrase`)."""
    if any(_SEPARATOR in text for text in texts):
        return [phrase(text) for text in texts]
    found: list[str] = []
    words: list[str] = []
    for word in _WORD_OR_SEPARATOR.findall(fold(_SEPARATOR.join(texts))):
        if word == _SEPARATOR:
            found.append(" ".join(words))
            words = []
        elif word not in NOT_WORDS:
            words.append(word)
    found.append(" ".join(words))
    return found if texts else []


_SKELETON_RULES = (
    ("ee", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("ph", "f"),
    ("q", "k"),  # Qasim/Kasim, Yaqoob/Yakub, Iqbal/Ikbal
    ("w", "v"),
    ("y", "i"),
)
_DOUBLED = re.compile(r"(.)\1+")


# A typed word longer than this is matched exactly or by skeleton only: its two-letter
# deletions alone would be tens of thousands of look-ups (a 200-letter word: 19,900). So a
# stored word longer than one past it is never reached by a slip, and keeps no deletions
# (one pasted "word" of a million letters had made a trillion letters of them).
LONGEST_WORD = 30

MIN_SKELETON = 3  # a shorter skeleton ("aa" -> "a") matches words every record has


def skeleton(term: str) -> str:
    """A transliteration key: Tehreek/Tehrik, Nowshehra/Nowshera... fold to one spelling.
    (A seed makes some 200,000: each step is skipped where it would change nothing, and a
    function replaces a group faster than a template does.)"""
    for old, new in _SKELETON_RULES:
        if old in term:
            term = term.replace(old, new)
    term = _DOUBLED.sub(_first_of, term)  # doubled letters: Bannu/Banu
    if len(term) > 3 and "h" in term[1:]:
        term = term[0] + term[1:].replace("h", "")  # Nowshehra/Nowshera, Bajaur/Bajhaur
        # An h dropped between two like vowels leaves them doubled: Kandahar/Kandhar.
        term = _DOUBLED.sub(_first_of, term)
    return term


def _first_of(run: re.Match[str]) -> str:
    return run[1]


_VOWELS = re.compile(r"[aeiou]")


def consonant_key(term: str) -> str:
    """A name's consonants in order, after its first letter: what survives the vowel slips
    of a transliteration typed from memory (bajor, bajaur, bajour -> bjr)."""
    key = skeleton(term)
    return key[0] + _DOUBLED.sub(_first_of, _VOWELS.sub("", key[1:]))


def term_cutoff(term: str) -> float | None:
    """The fuzz.ratio a vocabulary term must reach to stand for this query term; short terms
    (TTP, ISPR, EU) only match exactly, since one letter off is another organisation."""
    if len(term) <= 3:
        return None
    if len(term) == 4:
        return 85.0
    return 80.0


STRAY_SLIP = 1.5  # a letter added that doubles neither neighbour


def slips(typed: str, name: str) -> float:
    """How many slips `typed` is from `name`, counted as people make them: a letter dropped,
    doubled or changed, or two neighbours swapped, is one (Damerau; OSA). A letter added that
    doubles neither neighbour (a stray key: "Ndowala" is Nowala with a stray d, Nodwala
    with two letters swapped) counts half a slip more: a key pressed twice, a letter left
    out or a swap is the likelier slip, so a name reached by one of those is the nearer."""
    distance = OSA.distance(typed, name)
    if distance == 1 and len(typed) == len(name) + 1 and _stray(typed, name):
        return STRAY_SLIP
    return float(distance)


def _stray(typed: str, name: str) -> bool:
    """`typed` is `name` with one letter added: is it a letter that doubles nothing?"""
    at = next((i for i, (a, b) in enumerate(zip(typed, name, strict=False)) if a != b), len(name))
    # Within a run of one letter the added one may sit anywhere: checking the letter before
    # the first difference is enough ("abbc" for "abc" differs at the second b).
    return at == 0 or typed[at] != typed[at - 1]
