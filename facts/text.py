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
_SPACE = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    """Fold what typesetting changes and a quote check should not care about: whitespace,
    curly versus straight quote marks, and the several dashes. Case and words are kept."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def count_occurrences(haystack: str, needle: str) -> int:
    """Occurrences of needle in haystack, overlapping ones included."""
    count, start = 0, 0
    while (found := haystack.find(needle, start)) != -1:
        count += 1
        start = found + 1
    return count
