"""Fuzzy resolution of a query to records, with rapidfuzz: cleaning and folding (words), the
name index and term resolution (index), whole-phrase matches (resolve), autocomplete
(complete)."""

from facts.search.index import SearchIndex
from facts.search.resolve import Match, Resolution, Status, unique_records
from facts.search.words import (
    ABBREVIATIONS,
    MAX_QUERY_CHARS,
    STOPWORDS,
    TITLES_OF_ADDRESS,
    WORD,
    clean_query,
    consonant_key,
    fold,
    joined_acronyms,
    joined_words,
    phrase,
    phrases,
    skeleton,
    term_cutoff,
    terms,
)

__all__ = [
    "ABBREVIATIONS",
    "MAX_QUERY_CHARS",
    "STOPWORDS",
    "TITLES_OF_ADDRESS",
    "WORD",
    "Match",
    "Resolution",
    "SearchIndex",
    "Status",
    "clean_query",
    "consonant_key",
    "fold",
    "joined_acronyms",
    "joined_words",
    "phrase",
    "phrases",
    "skeleton",
    "term_cutoff",
    "terms",
    "unique_records",
]
