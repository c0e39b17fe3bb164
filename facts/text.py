"""Text normalisation shared by quote checking and search."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
# What Discord reads as a mention, after NFKC (which folds ＠ and ﹫ to @): user, role, channel
# and custom emoji tags, and @everyone/@here even when a word goes on (`@everyone_x` pings).
MENTION = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>|@(?:everyone|here)", re.IGNORECASE)
_TAG = re.compile(r"<(@[!&]?|#|a?:\w+:)(\d+)>")
_BROADCAST = re.compile(r"@(everyone|here)", re.IGNORECASE)
ZWSP = "\u200b"
ECHO_CHARS = 100  # how much of a name we did not understand is repeated back


def decoded(text: str) -> str:
    """Text as it came from argv or a terminal, as valid Unicode: bytes that were not UTF-8
    (kept by Python as lone surrogates) become U+FFFD, so nothing fails to print later."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no byte made: replace it
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def strip_mentions(text: str) -> str:
    """The text in NFKC with every mention removed (a space in its place): NFKC first, so
    ＠everyone cannot become @everyone after the strip. For cleaning queries."""
    return MENTION.sub(" ", unicodedata.normalize("NFKC", text))


def escape_mentions(text: str) -> str:
    """Every mention broken by a zero-width space: the text reads the same but no longer looks
    like (or is) a ping anywhere Discord shows it. Text that NFKC would turn into a mention
    (＠everyone, ﹫here) is escaped in its NFKC form; other text keeps its characters."""
    folded = unicodedata.normalize("NFKC", text)
    if folded != text and MENTION.search(folded):
        text = folded
    text = _TAG.sub(lambda m: f"<{m[1]}{ZWSP}{m[2]}>", text)
    return _BROADCAST.sub(lambda m: f"@{ZWSP}{m[1]}", text)


def echo(text: str, limit: int = ECHO_CHARS) -> str:
    """User text to repeat inside a `code span`: at most `limit` characters (then "…"), its
    mentions escaped and its backticks replaced, so it cannot close the span it sits in."""
    text = escape_mentions(" ".join(text.split())).replace("`", "ˋ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str) -> str:
    """An article's words between quotation marks: “…”, or ‘…’ around words that hold
    double marks of their own (a speech the article quotes), so that a quote opening with
    the article's mark does not read ““Afghanistan is being used…”."""
    return f"‘{text}’" if any(mark in text for mark in '“”"') else f"“{text}”"


def normalise_quote(text: str) -> str:
    """Fold what typesetting changes and a quote check should not care about: whitespace,
    curly versus straight quote marks, and the several dashes. Case and words are kept."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    # Runs of whitespace as one space, none at the ends: `\s+` as one space and a strip, in
    # half the time (str.split's whitespace is the regex's; a seed folds every text).
    return " ".join(text.split())


def count_occurrences(haystack: str, needle: str) -> int:
    """Occurrences of needle in haystack, overlapping ones included."""
    count, start = 0, 0
    while (found := haystack.find(needle, start)) != -1:
        count += 1
        start = found + 1
    return count


_UNITS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    word: 10 * n
    for n, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}
# "a child" is one child, "a dozen" twelve: the articles count in words as often as in digits.
_WORDS = {**_UNITS, **_TENS, "a": 1, "an": 1, "dozen": 12, "hundred": 100, "thousand": 1000}
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def numbers_in(text: str) -> set[float]:
    """Every number a text states, in digits ("1,034", "22+") or words ("Seventy-three",
    "twelve", "a dozen", "six-day")."""
    found = {float(m.replace(",", "")) for m in _DIGITS.findall(text)}
    for word in _WORD.findall(text.casefold()):
        tens, _, unit = word.partition("-")
        if tens in _TENS and unit in _UNITS:
            found.add(float(_TENS[tens] + _UNITS[unit]))
        elif word in _WORDS:
            found.add(float(_WORDS[word]))
        elif tens in _WORDS:  # "six-day", "four-day": a number joined to its unit
            found.add(float(_WORDS[tens]))
    return found
