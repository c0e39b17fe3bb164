"""The limits of `facts.yamlsafe`, the one YAML reader for text we did not write, apart from
it: a module that only needs a limit (a default argument, a help text) does not load PyYAML,
which the start of every command would otherwise pay for."""

MAX_DEPTH = 32  # a record nests four or five levels deep; this leaves room
# A curated file: claims.yaml is ~90 kB today, the 100k-record benchmark set ~30 MB. With no
# aliases and a bounded depth, parsing stays linear: the size only bounds memory.
FILE_CHARS = 64_000_000
INPUT_CHARS = 16_000  # what a moderator types or pastes (a form holds 4,000)
