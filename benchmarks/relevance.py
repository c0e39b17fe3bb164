"""Relevance of the bot's answers on a public question set (tests/relevance/questions.yaml).

Each question is a whole line as a reporter types it (`!claims bannu`) with the record ids a
good first answer must contain. The evaluator asks the bot through a callable, so it does
not depend on how lines become answers (or on discord, which the console imports):

    python -m benchmarks.relevance [--questions PATH] [--no-failures]

Measures, per class and overall:
- recall@5: share of a question's expected ids among the answer's first 5 items (for a
  `timeline` question, among all its items: a timeline is in date order, not ranked);
- MRR: mean of 1 / position of the first expected id (0 when none is there);
- miss accuracy: share of honest misses (`expect: []`) answered "no match" with no citations.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator

from facts.answers import Answer, AnswerStatus

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "relevance" / "questions.yaml"
CLASSES: tuple[str, ...] = (
    "name",
    "topic",
    "question",
    "typo",
    "transliteration",
    "figure",
    "date",
    "title",
    "text-only",
    "miss",
)
TOP_K = 5
PREFIX = "!"


class Question(BaseModel):
    """One line of the set, validated: a known class, string ids, misses expect nothing."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    ask: StrictStr = Field(min_length=2)
    cls: StrictStr = Field(alias="class")
    expect: list[StrictStr]
    note: StrictStr | None = None

    @field_validator("cls")
    @classmethod
    def _known_class(cls, value: str) -> str:
        if value not in CLASSES:
            raise ValueError(f"class {value!r} is not one of {', '.join(CLASSES)}")
        return value

    @field_validator("expect")
    @classmethod
    def _clean_ids(cls, value: list[str]) -> list[str]:
        if any(not v.strip() for v in value):
            raise ValueError("an expected id is empty")
        if len(set(value)) != len(value):
            raise ValueError(f"expected ids repeat: {value}")
        return value

    @model_validator(mode="after")
    def _miss_iff_empty(self) -> Question:
        if (self.cls == "miss") != (not self.expect):
            raise ValueError(
                f"{self.ask!r}: class 'miss' goes with `expect: []`, and only it "
                f"(class {self.cls!r}, expect {self.expect})"
            )
        if not self.ask.startswith(PREFIX):
            raise ValueError(f"{self.ask!r}: a line starts with {PREFIX!r}")
        return self

    @property
    def command(self) -> str:
        """The first word after the prefix: `claims`, `timeline`, or a word of a sentence."""
        return self.ask[len(PREFIX) :].strip().partition(" ")[0].casefold()

    @property
    def is_miss(self) -> bool:
        return not self.expect


def load_questions(path: Path | str = QUESTIONS) -> list[Question]:
    """The question set at `path`; raises ValueError on a malformed file or question."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of questions")
    questions: list[Question] = []
    for number, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: question {number} is not a mapping")
        try:
            questions.append(Question.model_validate(entry))
        except ValueError as error:
            raise ValueError(f"{path}: question {number}: {error}") from error
    asks = [q.ask for q in questions]
    repeated = sorted({a for a in asks if asks.count(a) > 1})
    if repeated:
        raise ValueError(f"{path}: questions asked twice: {repeated}")
    return questions


@dataclass(frozen=True)
class Result:
    question: Question
    got: tuple[str, ...]  # the ids ranked: first 5, or every item of a timeline
    status: str
    citations: int
    recall: float
    reciprocal_rank: float
    passed: bool


def score(question: Question, answer: Answer) -> Result:
    """One question's recall@5, reciprocal rank and pass/fail against the bot's answer."""
    ids = [item.id for item in answer.items()]
    ranked = ids if question.command == "timeline" else ids[:TOP_K]
    if question.is_miss:
        passed = answer.status is AnswerStatus.NO_MATCH and not answer.citations
        return Result(
            question, tuple(ranked), str(answer.status), len(answer.citations), 0.0, 0.0, passed
        )
    expected = set(question.expect)
    recall = len(expected.intersection(ranked)) / len(expected)
    rank = next((i for i, record_id in enumerate(ranked, 1) if record_id in expected), None)
    return Result(
        question,
        tuple(ranked),
        str(answer.status),
        len(answer.citations),
        recall,
        1 / rank if rank else 0.0,
        recall == 1.0,
    )


@dataclass(frozen=True)
class Row:
    name: str
    questions: int
    recall: float | None  # None for a row of misses only
    mrr: float | None
    miss_accuracy: float | None  # None for a row without misses


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _row(name: str, results: Sequence[Result]) -> Row:
    found = [r for r in results if not r.question.is_miss]
    misses = [r for r in results if r.question.is_miss]
    return Row(
        name,
        len(results),
        _mean([r.recall for r in found]),
        _mean([r.reciprocal_rank for r in found]),
        _mean([1.0 if r.passed else 0.0 for r in misses]),
    )


@dataclass(frozen=True)
class Report:
    results: tuple[Result, ...]

    @property
    def overall(self) -> Row:
        return _row("overall", self.results)

    @property
    def recall(self) -> float:
        """Mean recall@5 over the questions that expect records (0 when there are none)."""
        return self.overall.recall or 0.0

    @property
    def mrr(self) -> float:
        return self.overall.mrr or 0.0

    @property
    def miss_accuracy(self) -> float:
        return self.overall.miss_accuracy or 0.0

    def by_class(self) -> list[Row]:
        return [
            _row(name, [r for r in self.results if r.question.cls == name])
            for name in CLASSES
            if any(r.question.cls == name for r in self.results)
        ]

    def by_command(self) -> list[Row]:
        commands = sorted({r.question.command for r in self.results})
        known = {"claims", "actor", "timeline", "search", "source"}
        rows = [
            _row(c, [r for r in self.results if r.question.command == c])
            for c in commands
            if c in known
        ]
        sentences = [r for r in self.results if r.question.command not in known]
        if sentences:
            rows.append(_row("(no command)", sentences))
        return rows

    @property
    def failures(self) -> list[Result]:
        return [r for r in self.results if not r.passed]

    def table(self, *, failures: bool = True) -> str:
        """The figures as aligned text, then (by default) every failing question."""

        def fmt(value: float | None) -> str:
            return "-" if value is None else f"{value:.3f}"

        header = f"{'':<16}{'n':>4}  {'recall@5':>8}  {'MRR':>6}  {'miss acc':>8}"
        lines = [header, "-" * len(header)]

        def add(rows: Iterable[Row]) -> None:
            lines.extend(
                f"{row.name:<16}{row.questions:>4}  {fmt(row.recall):>8}  {fmt(row.mrr):>6}  "
                f"{fmt(row.miss_accuracy):>8}"
                for row in rows
            )

        add(self.by_class())
        lines.append("-" * len(header))
        add(self.by_command())
        lines.append("-" * len(header))
        add([self.overall])
        if failures and self.failures:
            lines += ["", f"Failures ({len(self.failures)} of {len(self.results)}):"]
            for r in self.failures:
                want = "no match, no citations" if r.question.is_miss else list(r.question.expect)
                got = list(r.got[:TOP_K])
                more = f" (+{len(r.got) - TOP_K} more)" if len(r.got) > TOP_K else ""
                lines.append(f"  [{r.question.cls}] {r.question.ask}")
                lines.append(f"      expected {want}")
                lines.append(f"      got      {r.status}: {got}{more}, {r.citations} citation(s)")
        return "\n".join(lines)


def evaluate(ask: Callable[[str], Answer], questions: Iterable[Question]) -> Report:
    """Ask the bot every question (the whole line, prefix included) and score its answers."""
    return Report(tuple(score(q, ask(q.ask)) for q in questions))


def bundled_ask() -> Callable[[str], Answer]:
    """Lines answered as the console answers them, over the bundled facts store."""
    from bot.terminal.console import answer_line  # noqa: PLC0415 - only when asked
    from facts.briefing import Briefing  # noqa: PLC0415
    from facts.dataset import DATA_DIR, load_dir  # noqa: PLC0415

    facts, _problems = load_dir(DATA_DIR)
    briefing = Briefing(facts)
    return lambda line: answer_line(briefing, line, PREFIX)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--no-failures", action="store_true", help="figures only")
    args = parser.parse_args(argv)
    report = evaluate(bundled_ask(), load_questions(args.questions))
    print(report.table(failures=not args.no_failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
