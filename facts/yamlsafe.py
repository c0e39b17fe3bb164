"""The one YAML reader for text we did not write: moderator input and curated files.

A safe loader is not enough for hostile text: a few hundred characters of anchors and aliases
expand to gigabytes (a "billion laughs"), and deep `[[[...]]]` nesting overflows the stack of
the composer (a RecursionError, or a segfault in libyaml's). So before anything is built, the
text is held to a size, and its events are read once: an anchor or alias is refused outright
(curated facts need none) and so is nesting past a depth. Each refusal names its limit.

Plain data (strings, numbers, dates, lists and mappings, no tags or merge keys) is built
straight from those events, in the same single pass that checks them: composing a node tree
and constructing from it, as `yaml.load` does, took three times as long on a big dataset.
Anything else is left to the loader itself (checked first, as above), so both ways read the
same YAML the same way.

A dataset file of a hundred thousand records is read faster still by a kept library, yaml-rs
(Rust; several times faster than these events): `load_if_same`. It reads YAML 1.2, not the 1.1
the loader reads (`yes`, `012`, `1:20`, `1e3`, merge keys and tags differ), expands aliases and
nests to any depth, so its data is taken only when it is surely what the loader would build:
the text holds nothing whose reading differs (a regex that may flag more than it must, which
costs only speed) and the data holds text keys within the depth. Otherwise, and at any error,
the loader reads the text itself, its messages and line numbers unchanged.
"""

from __future__ import annotations

import re
from itertools import compress
from typing import TYPE_CHECKING, Any

import yaml

from facts.text import echo
from facts.yamllimits import FILE_CHARS, INPUT_CHARS, MAX_DEPTH

__all__ = [
    "FILE_CHARS",
    "INPUT_CHARS",
    "MAX_DEPTH",
    "BaseLoader",
    "Loader",
    "YamlLimitError",
    "load_bounded",
    "load_if_same",
    "load_lines",
]

# libyaml's parser when PyYAML has it (about ten times faster on a big dataset). Both are safe
# loaders with the same constructor methods; the type checker is told the pure-Python one.
if TYPE_CHECKING:
    BaseLoader = yaml.SafeLoader
else:
    BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(BaseLoader):
    """The safe loader, with a date-shaped scalar that is no date (2026-02-30) left as
    text: the date constructor's ValueError would fail the whole read (a traceback, for
    a caller that expects YAMLError); as text, the model reports it against its record
    and field ("published: Input should be a valid date")."""

    def construct_date_or_text(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_date_or_text)


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# The scalar tags the loader resolves plain data to; any other goes to the loader itself.
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)


class YamlLimitError(yaml.YAMLError):
    """YAML refused before it was built: too long, an anchor or alias, or nested too deep."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = None if line is None else yaml.Mark("", 0, line, 0, "", 0)


class _NotPlain(Exception):
    """The text uses YAML beyond plain data: the loader builds it instead."""


def _refuse(event: yaml.Event, max_depth: int, depth: int) -> None:
    line = event.start_mark.line if event.start_mark is not None else None
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
        raise YamlLimitError("anchors and aliases (& and *) are not accepted", line)
    if depth > max_depth:
        raise YamlLimitError(f"nested deeper than {max_depth} levels", line)


def _check_events(text: str, loader: type[BaseLoader], max_depth: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        _refuse(event, max_depth, depth)


_MISSING = object()  # a mapping's key not yet read


# A plain scalar this short is resolved once per file (keys, kinds, numbers, dates repeat
# across records); its value is immutable (str, int, float, bool, None, a date).
_MEMO_CHARS = 24


class _PlainBuilder:
    """Checks and builds plain data from the events, in one pass; _NotPlain for anything
    else. Each open collection is [container, key awaiting its value, is a mapping]."""

    def __init__(self, text: str, loader: type[BaseLoader], max_depth: int) -> None:
        self.parser = loader(text)
        if self.parser.yaml_path_resolvers:
            raise _NotPlain
        self.max_depth = max_depth
        self.resolvers = self.parser.yaml_implicit_resolvers
        self.wildcard = self.resolvers.get(None, [])
        self.memo: dict[str, Any] = {}  # plain scalar -> its value (see _MEMO_CHARS)
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.lines: list[int] = []  # where each item of a top-level list starts

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag, value = event.tag, event.value
        if tag is None and event.implicit[0] and len(value) <= _MEMO_CHARS:
            found = self.memo.get(value, _MISSING)
            if found is _MISSING:
                found = self.memo[value] = self._scalar(event, tag, value)
            return found
        return self._scalar(event, tag, value)

    def _scalar(self, event: yaml.ScalarEvent, tag: str | None, value: str) -> Any:
        if tag is None or tag == "!":
            tag = _STR
            if event.implicit[0]:
                for candidate, regexp in self.resolvers.get(value[:1], []) + self.wildcard:
                    if regexp.match(value):
                        tag = candidate
                        break
        if tag == _STR:
            return value
        if tag not in _PLAIN_TAGS:
            raise _NotPlain  # explicit tags, merge keys (<<), the value key (=)
        marks: tuple[Any, Any] = (event.start_mark, event.end_mark)  # libyaml's, or PyYAML's
        node = yaml.ScalarNode(tag, value, *marks, event.style)
        try:
            return self.parser.yaml_constructors[tag](self.parser, node)
        except (ValueError, OverflowError) as exc:
            raise _impossible_value(value, exc, event.start_mark) from None

    def mark_item(self, event: yaml.Event) -> None:
        """At the top level: where an item of a top-level list starts."""
        if not self.stack[0][2]:
            mark = event.start_mark
            self.lines.append(0 if mark is None else mark.line + 1)

    def run(self) -> tuple[Any, list[int]]:
        # The loop over every event of a file (millions in a big dataset): placing a value in
        # its container is inlined, and what it calls is bound to local names.
        parser, stack, documents, max_depth = self.parser, self.stack, 0, self.max_depth
        check_event, get_event, scalar = parser.check_event, parser.get_event, self.scalar
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        while check_event():
            event = get_event()
            kind = type(event)
            is_scalar = kind is scalar_event
            if is_scalar or kind is map_start or kind is seq_start:
                if len(stack) == 1:
                    self.mark_item(event)
                if is_scalar:
                    if event.anchor is not None:
                        _refuse(event, max_depth, len(stack))
                    value = scalar(event)
                else:
                    is_map = kind is map_start
                    if event.anchor is not None or len(stack) + 1 > max_depth:
                        _refuse(event, max_depth, len(stack) + 1)
                    if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                        raise _NotPlain
                    stack.append([{} if is_map else [], _MISSING, is_map])
                    continue
            elif kind is map_end or kind is seq_end:
                value = stack.pop()[0]
            elif kind is alias_event:
                _refuse(event, max_depth, len(stack))
                continue
            else:
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _NotPlain  # the loader refuses a second document
                continue
            # A scalar, or a collection just closed: into its container.
            if not stack:
                self.root = value
                continue
            top = stack[-1]
            if not top[2]:
                top[0].append(value)
            elif top[1] is _MISSING:
                if not is_scalar:
                    raise _NotPlain  # a collection as a key: the loader reports it
                top[1] = value
            else:
                top[0][top[1]] = value
                top[1] = _MISSING
        return self.root, self.lines


def _build(text: str, loader: type[BaseLoader], max_depth: int) -> tuple[Any, list[int]]:
    """(the document, the first line of each item of a top-level list), in one pass."""
    builder = _PlainBuilder(text, loader, max_depth)
    try:
        return builder.run()
    finally:
        builder.parser.dispose()


def _impossible_value(value: str | None, exc: Exception, mark: Any = None) -> yaml.YAMLError:
    """A value YAML reads as a type whose constructor refuses it (an integer of thousands
    of digits), as a YAMLError in plain words; `mark`: where, when known."""
    if value is not None and value.lstrip("+-").isdigit():
        problem = f"a number of {len(value):,} digits is too long to read"
    else:
        shown = echo(value, 40) if value is not None else "a value"
        problem = f"{shown} cannot be read ({exc})"
    return yaml.constructor.ConstructorError(None, None, problem, mark)


def _load_checked(text: str, loader: type[BaseLoader], max_depth: int) -> tuple[Any, list[int]]:
    """The loader's own way: every event checked first, then composed and constructed."""
    _check_events(text, loader, max_depth)
    node = yaml.compose(text, Loader=loader)  # a safe loader, its events checked above
    if node is None:
        return None, []
    lines = (
        [item.start_mark.line + 1 for item in node.value]
        if isinstance(node, yaml.SequenceNode)
        else []
    )
    builder = loader("")
    try:
        return builder.construct_document(node), lines
    except (ValueError, OverflowError) as exc:  # where: the loader does not say
        raise _impossible_value(None, exc) from None
    finally:
        builder.dispose()


def load_lines(
    text: str,
    *,
    loader: type[BaseLoader] = Loader,
    max_chars: int = INPUT_CHARS,
    max_depth: int = MAX_DEPTH,
) -> tuple[Any, list[int]]:
    """`text` as YAML with `loader`, and the line where each item of a top-level list starts
    (for errors that point at a record); or a YAMLError (a YamlLimitError when a limit is
    hit)."""
    if len(text) > max_chars:
        raise YamlLimitError(f"longer than {max_chars:,} characters ({len(text):,})")
    try:
        return _build(text, loader, max_depth)
    except _NotPlain:
        return _load_checked(text, loader, max_depth)


def load_bounded(
    text: str,
    *,
    loader: type[BaseLoader] = Loader,
    max_chars: int = INPUT_CHARS,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """`text` as YAML with `loader`, or a YAMLError (a YamlLimitError when a limit is hit)."""
    return load_lines(text, loader=loader, max_chars=max_chars, max_depth=max_depth)[0]


# The fast reader's data is taken only when nothing in the text is read apart. Each pattern
# starts with one character, which the regex engine finds fast (one pattern of them all
# costs three times as much): where a plain scalar may start (after an indicator, or at a
# line's start), then what may read apart there. A flagged text only costs speed.
_END = r"(?:[ \t]+#|[ \t]*(?:[\r\n,\]}'\"]|:(?=[\s,\[\]{}]|\Z)|\Z))"  # the scalar surely ends
# What both read alike from a plain scalar that starts like a number: a plain decimal of a
# length any reader reads. (A date is not: yaml-rs is asked for text, see load_if_same.)
_SAME_NUMBER = r"[-+]?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{0,17})?"
# A scalar of words that starts like a number is text to both, unless its first word is a
# date or a time (YAML 1.1 reads `2026-02-24 10:30:00 Z`, on one line or two, as a timestamp).
_WORDS = (
    r"(?![0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}:[0-9]{2}:[0-9]{2})"
    r"(?:[^\s,\[\]{}:]|:(?=[^\s,\[\]{}]))+[ \t]+[^\s#,\[\]{}:]"
)
_APART_HERE = (
    r"(?=[!&*%?|>\[{yYnNoO<=+._0-9-])(?:"  # most scalars start otherwise: one test
    # a tag, an anchor or alias, a directive; and what libyaml and yaml-rs are seen to read
    # apart at their edges: explicit keys, block scalars, flow collections (but empty ones)
    r"[!&*%?|>]|\[(?! *\]" + _END + r")|\{(?! *\}" + _END + r")"
    r"|(?:[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|<<|=)"
    + _END  # YAML 1.1's bools, merge key
    + r"|(?=[-+]?[._0-9])(?!"
    + _SAME_NUMBER
    + _END
    + r")(?!"
    + _WORDS
    + r"))"  # numbers
)
# Where a plain scalar may start (a text with no flow collection has no other place).
_SCALAR_STARTS = (r"\n *+", r": *+", r"- ++", r"\? ++")
_READ_APART = (
    re.compile(r"\A *+(?:" + _APART_HERE + r"|\.\.\.)"),  # the text's start
    *(re.compile(start + _APART_HERE) for start in _SCALAR_STARTS),
    re.compile(r"\n(?:---|\.\.\.)(?=\s|\Z)"),  # a second document (yaml-rs returns a list)
    re.compile(r"\r(?!\n)"),  # a line break on its own (the patterns above look for \n)
    # A surrogate escape: the loader refuses "\ud83d\ude00", yaml-rs joins the pair.
    re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])"),
)
# What YAML 1.1 refuses to read, or reads as a line break (yaml-rs takes them as text), a
# byte-order mark (yaml-rs keeps it in the first key) and a tab (the two read tabs apart at
# the edges). An ASCII text is checked faster.
_ODD_CHARACTER = re.compile(
    r"[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ASCII_READ = bytes([10, 13, *range(0x20, 0x7F)])


def _read_apart(text: str) -> bool:
    """Whether YAML 1.1 (the loader) and 1.2 (yaml-rs) may read `text` apart."""
    if text.isascii():
        if text.encode("ascii").translate(None, _ASCII_READ):
            return True
    elif _ODD_CHARACTER.search(text):
        return True
    return any(pattern.search(text) for pattern in _READ_APART)


_CONTAINERS = frozenset((dict, list))
_TEXT = frozenset((str,))


def _text_keys_within(data: Any, max_depth: int) -> bool:
    """Every mapping's keys are text, and nesting is within `max_depth` (counted as the
    loader counts it): one pass over the collections, level by level, in C's loops."""
    level = [data] if type(data) in _CONTAINERS else []
    depth = 0
    is_container = _CONTAINERS.__contains__
    while level:
        depth += 1
        if depth > max_depth:
            return False
        below: list[Any] = []
        for node in level:
            values = node
            if type(node) is dict:
                if not _TEXT.issuperset(map(type, node)):
                    return False
                values = node.values()
            below.extend(compress(values, map(is_container, map(type, values))))
        level = below
    return True


def _may_nest_past(text: str, max_depth: int) -> bool:
    """Whether the text may nest past `max_depth`, told before yaml-rs reads it: it reads a
    whole text before its data can be measured, and a few thousand levels of `- - - ...`
    overflow its stack (the process dies; the loader refuses the same text in one line).
    With flow collections refused (`_read_apart`), a line nests only by its indent and the
    `- ` indicators that open it: a level a column of indent (and one more for a list under
    a key at the key's indent), a level an indicator. So if no line opens with more than
    LEAD columns of spaces and dashes, nothing nests deeper than 2 * LEAD + 3 levels."""
    lead = (max_depth - 3) // 2
    return re.search(rf"^[ -]{{{lead + 1},}}", text, re.MULTILINE) is not None


def load_if_same(text: str, *, max_chars: int = FILE_CHARS, max_depth: int = MAX_DEPTH) -> Any:
    """`text` read by yaml-rs when that is surely what `load_lines` would build from it, else
    None (an empty document too): then the loader reads it, with its errors and lines. For
    big files of plain data we wrote ourselves (a dataset); moderator input is read only by
    the loader."""
    if len(text) > max_chars or _read_apart(text) or _may_nest_past(text, max_depth):
        return None
    import yaml_rs  # noqa: PLC0415 (loaded only by what reads a dataset)

    limits = yaml_rs.AliasLimits(max_total_replayed_events=0)
    try:
        # Dates as text: yaml-rs reads a quoted '2026-02-24' as a date too.
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
    except Exception:
        return None
    return data if _text_keys_within(data, max_depth) else None
