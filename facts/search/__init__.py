"""Fuzzy resolution of a query to records: cleaning and term resolution, the name index,
whole-phrase matches and autocomplete."""

from facts.search.index import (
    MAX_QUERY_CHARS,
    STOPWORDS,
    WORD,
    Match,
    Resolution,
    SearchIndex,
    Status,
    clean_query,
    consonant_key,
    fold,
    phrase,
    skeleton,
    term_cutoff,
    terms,
    unique_records,
)

__all__ = [
    "MAX_QUERY_CHARS",
    "STOPWORDS",
    "WORD",
    "Match",
    "Resolution",
    "SearchIndex",
    "Status",
    "clean_query",
    "consonant_key",
    "fold",
    "phrase",
    "skeleton",
    "term_cutoff",
    "terms",
    "unique_records",
]
