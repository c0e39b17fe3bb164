"""The one YAML reader for text we did not write: moderator input and curated files.

A safe loader is not enough for hostile text: a few hundred characters of anchors and aliases
expand to gigabytes (a "billion laughs"), and deep `[[[...]]]` nesting overflows the stack of
the composer (a RecursionError, or a segfault in libyaml's). So before anything is built, the
text is held to a size, and its events are read once: an anchor or alias is refused outright
(curated facts need none) and so is nesting past a depth. Each refusal names its limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

# libyaml's parser when PyYAML has it (about ten times faster on a big dataset). Both are safe
# loaders with the same constructor methods; the type checker is told the pure-Python one.
if TYPE_CHECKING:
    BaseLoader = yaml.SafeLoader
else:
    BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32  # a record nests four or five levels deep; this leaves room
# A curated file: claims.yaml is ~90 kB today, the 100k-record benchmark set ~30 MB. With no
# aliases and a bounded depth, parsing stays linear: the size only bounds memory.
FILE_CHARS = 64_000_000
INPUT_CHARS = 16_000  # what a moderator types or pastes (a form holds 4,000)


class YamlLimitError(yaml.YAMLError):
    """YAML refused before it was built: too long, an anchor or alias, or nested too deep."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = None if line is None else yaml.Mark("", 0, line, 0, "", 0)


def _check_events(text: str, loader: type[BaseLoader], max_depth: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlLimitError("anchors and aliases (& and *) are not accepted", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise YamlLimitError(f"nested deeper than {max_depth} levels", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_bounded(
    text: str,
    *,
    loader: type[BaseLoader] = BaseLoader,
    max_chars: int = INPUT_CHARS,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """`text` as YAML with `loader`, or a YAMLError (a YamlLimitError when a limit is hit)."""
    if len(text) > max_chars:
        raise YamlLimitError(f"longer than {max_chars:,} characters ({len(text):,})")
    _check_events(text, loader, max_depth)
    return yaml.load(text, Loader=loader)  # a safe loader, its events checked above
