"""Loading the curated YAML dataset into models, with errors that name file, record and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from facts import gcpause
from facts.factset import FactSet
from facts.models import KINDS, AnyRecord, Source, whole
from facts.yamllimits import FILE_CHARS

if TYPE_CHECKING:
    import yaml


DATA_DIR = Path(__file__).parent / "data"
ARTICLES = "articles"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, printed as `file: record id: field: problem`."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


def article(noun: str) -> str:
    """'an actor', 'a claim'."""
    return f"an {noun}" if noun[:1] in ("a", "e", "i", "o", "u") else f"a {noun}"


def field_path(loc: tuple[int | str, ...]) -> str:
    """('quotes', 0, 'text') -> 'quotes[0].text'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(record)"


def problems_from_error(file: str, record_id: str, error: ValidationError) -> list[Problem]:
    out = []
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        message = err["msg"].removeprefix("Value error, ")
        out.append(Problem(file, record_id, field_path(loc), message))
    return out


def parse_record(kind: str, data: dict[str, Any]) -> AnyRecord:
    """Build one record of the given kind (raises ValidationError)."""
    model = KINDS[kind]
    return model.model_validate({**data, "kind": kind})


def load_dir(directory: Path = DATA_DIR) -> tuple[FactSet, list[Problem]]:
    """Load every YAML file and article; never stops at the first error."""
    with gcpause.paused():  # see facts.gcpause: the collector would take most of the time
        return _load_dir(directory)


# Below this much YAML the files are read here: a child costs more than it saves.
PARALLEL_BYTES = 2_000_000
# The files' share the child parses: it also pickles what it parsed for this process (about
# a third of parsing it), so the two finish together when it takes a little under half.
CHILD_SHARE = 0.45

# A file's top-level list and the line each item starts on (None when the fast reader read
# it: see _ItemLines), or what is wrong with the file.
_Read = tuple[list[Any], list[int] | None] | Problem


class _ItemLines:
    """The line each item of a file starts on. The fast reader does not say (facts.yamlsafe
    load_if_same), and only a problem needs one: the loader reads the file again then."""

    def __init__(self, path: Path, lines: list[int] | None) -> None:
        self.path = path
        self.lines = lines

    def __getitem__(self, index: int) -> int:
        if self.lines is None:
            import yaml  # noqa: PLC0415 (PyYAML is loaded only by what reads YAML)

            from facts.yamlsafe import load_lines  # noqa: PLC0415

            try:
                text = self.path.read_text(encoding="utf-8")  # read and vouched for already
                self.lines = load_lines(text, max_chars=FILE_CHARS)[1]
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self.lines = []  # changed since it was read: no line to give (0)
        return self.lines[index] if index < len(self.lines) else 0


def _load_dir(directory: Path) -> tuple[FactSet, list[Problem]]:
    from facts import forked  # noqa: PLC0415 (PyYAML is loaded only by what reads YAML)

    names = [model.yaml_file for model in KINDS.values()]
    paths = [directory / name for name in names]
    # Parsing is most of a load: most of the files' text is parsed on the second core.
    sizes = [path.stat().st_size if path.exists() else 0 for path in paths]
    read = forked.map_shared(
        _read_file, paths, sizes, child_share=CHILD_SHARE, least=PARALLEL_BYTES
    )
    facts = FactSet()
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for kind, name, got in zip(KINDS, names, read, strict=True):
        if isinstance(got, Problem):
            problems.append(got)
            continue
        raw, known_lines = got
        lines = _ItemLines(directory / name, known_lines)
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                problems.append(Problem(name, f"#{index + 1}", "-", "expected a mapping"))
                continue
            record_id = str(item.get("id") or f"#{index + 1} (line {lines[index]})")
            data = item
            if data.get("kind", kind) != kind:
                problems.append(
                    Problem(name, record_id, "kind", f"{article(str(data['kind']))} in {name}")
                )
                continue
            try:
                record = parse_record(kind, data)
            except ValidationError as exc:
                problems.extend(problems_from_error(f"{name}:{lines[index]}", record_id, exc))
                continue
            if record.id in seen:
                problems.append(
                    Problem(
                        f"{name}:{lines[index]}",
                        record.id,
                        "id",
                        f"duplicate id (also in {seen[record.id]})",
                    )
                )
                continue
            seen[record.id] = name
            facts.add(record)
    _load_articles(directory, facts, problems)
    return facts, problems


def _read_file(path: Path) -> _Read:
    """One dataset file as plain data (sent back as it is when a child reads it): by the fast
    reader when it vouches for the loader's reading, else by the loader, with its lines."""
    import yaml  # noqa: PLC0415 (PyYAML is loaded only by what reads YAML)

    from facts.yamlsafe import load_if_same, load_lines  # noqa: PLC0415

    name = path.name
    if not path.exists():
        return Problem(name, "-", "-", "file is missing")
    try:
        with path.open(encoding="utf-8") as file:  # no more than the limit is read
            text = file.read(FILE_CHARS + 1)
        lines: list[int] | None = None
        raw = load_if_same(text, max_chars=FILE_CHARS)
        if raw is None:
            raw, lines = load_lines(text, max_chars=FILE_CHARS)
        raw = raw or []
    except yaml.YAMLError as exc:
        return _yaml_problem(name, exc)
    except UnicodeDecodeError as exc:
        return Problem(name, "-", "-", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    if not isinstance(raw, list):
        return Problem(name, "-", "-", "expected a list of records")
    return raw, lines


def _yaml_problem(name: str, exc: yaml.YAMLError) -> Problem:
    """A YAML error on one line, pointing at the line where the parser gave up."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{name}:{mark.line + 1}" if mark is not None else name
    reason = getattr(exc, "problem", None) or str(exc)
    if context := getattr(exc, "context", None):
        context_mark = getattr(exc, "context_mark", None)
        since = f" from line {context_mark.line + 1}" if context_mark is not None else ""
        reason = f"{reason} ({context}{since})"
    return Problem(where, "-", "-", " ".join(f"not valid YAML: {reason}".split()))


def _load_articles(directory: Path, facts: FactSet, problems: list[Problem]) -> None:
    for source in facts.sources.values():
        path = directory / ARTICLES / source.file
        try:
            facts.articles[source.id] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    Source.yaml_file,
                    source.id,
                    "file",
                    f"article {ARTICLES}/{source.file} is not UTF-8 text ({exc.reason})",
                )
            )
        except FileNotFoundError:
            problems.append(
                Problem(
                    Source.yaml_file,
                    source.id,
                    "file",
                    f"article {ARTICLES}/{source.file} not found",
                )
            )


def dump_record(record: AnyRecord) -> dict[str, Any]:
    """A record as the plain mapping its YAML file holds (no `kind`, no defaults left empty).
    Its whole figures are integers already (the model's JSON: Figure._whole)."""
    data = record.model_dump(mode="json", exclude={"kind"}, exclude_none=True)
    return {k: v for k, v in data.items() if v != []}


def whole_numbers(data: Any) -> Any:
    """Whole floats as ints, at any depth, in a stored mapping (one written before the models
    made them so): a figure of 31 reads `31` as its article wrote it, not `31.0` (the models
    read it back as the same float); 2.5 stays 2.5."""
    if isinstance(data, str):
        return data
    # Most values are text: passed over without a call (every record is dumped at a seed).
    if isinstance(data, dict):
        return {k: v if type(v) is str else whole_numbers(v) for k, v in data.items()}
    if isinstance(data, list):
        return [v if type(v) is str else whole_numbers(v) for v in data]
    if isinstance(data, float):
        return whole(data)
    return data
