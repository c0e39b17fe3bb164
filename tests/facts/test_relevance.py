"""The public relevance set: every expected id is a real record, and the bot's answers stay
at or above the measured floors (raise them as retrieval improves; never lower them to pass).

The figures come from benchmarks/relevance.py; `python -m benchmarks.relevance` prints them.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from benchmarks.relevance import CLASSES, QUESTIONS, Question, Report, evaluate, load_questions
from bot.terminal.console import answer_line
from facts.answers import Answer, AnswerStatus, Citation, Item, Section
from facts.briefing import Briefing
from facts.dataset import DATA_DIR, load_dir
from facts.factset import FactSet

# Floors a little under what the ranked retrieval measures (recall@5 0.976, MRR 0.937, misses
# 20 of 20, on 331 questions): a change that loses answers fails here.
FLOOR_RECALL = 0.96
FLOOR_MRR = 0.925
FLOOR_MISS = 0.94

MIN_QUESTIONS = 90
MIN_MISSES = 8
# The issue's own examples stay in the set, word for word.
ISSUE_EXAMPLES = (
    "!claims bannu",
    "!actor TTP",
    "!timeline",
    "!search drones",
    "!what happened in bannu?",
    "!claims bajor",
    "!claims nangahr",
    "!actor mujahed",
    "!claims 274",
    "!claims 36 vs 31",
    "!claims soldiers killed",
    "!timeline 22 feb",
    "!timeline since 20 feb 2026",
    "!timeline february",
    "!timeline kabul 2026-02",
    "!actor pakistan's defence minister",
    "!actor taliban spokesman",
    "!claims captured alive",
    "!claims missing in action",
    "!claims muscat",
    "!claims kunar",
    "!claims rawalpindi",
    "!claims balochistan",
    "!claims ramadan",
    "!claims casualties",
    "!claims death toll",
    "!claims drones",
    "!claims earthquake in chile",
    "!actor joe biden",
    "!claims cricket world cup",
)
ARTICLE_SOURCES = (
    "aljazeera-2026-02-24",
    "daljoog-strikes",
    "jamal-open-war",
    "azernews-ghazab",
    "paktika-strikes-opinion",
)


@pytest.fixture(scope="module")
def facts() -> FactSet:
    facts, problems = load_dir(DATA_DIR)
    assert problems == []
    return facts


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_questions(QUESTIONS)


@pytest.fixture(scope="module")
def report(facts: FactSet, questions: list[Question]) -> Report:
    briefing = Briefing(facts)
    return evaluate(lambda line: answer_line(briefing, line, "!"), questions)


def _all_ids(facts: FactSet) -> dict[str, str]:
    return {record.id: record.kind for record in facts.records()}


def test_every_expected_id_is_a_bundled_record(facts, questions):
    known = _all_ids(facts)
    missing = [(q.ask, i) for q in questions for i in q.expect if i not in known]
    assert missing == [], f"expected ids not in the bundled data (renamed?): {missing}"


def test_expected_ids_are_of_the_kind_the_command_returns(facts, questions):
    known = _all_ids(facts)
    wrong = []
    for q in questions:
        kinds = {known[i] for i in q.expect if i in known}
        if q.command == "actor" and kinds - {"actor"}:
            wrong.append((q.ask, sorted(kinds)))
        if q.command == "timeline" and kinds - {"event"}:
            wrong.append((q.ask, sorted(kinds)))
    assert wrong == []


def test_the_set_covers_what_the_issue_asks(facts, questions):
    assert len(questions) >= MIN_QUESTIONS
    asked = {q.ask for q in questions}
    assert [e for e in ISSUE_EXAMPLES if e not in asked] == []
    classes = Counter(q.cls for q in questions)
    assert set(classes) == set(CLASSES), (
        f"classes without a question: {set(CLASSES) - set(classes)}"
    )
    assert classes["miss"] >= MIN_MISSES
    assert all(1 <= len(q.expect) <= 4 for q in questions if not q.is_miss)
    commands = {q.command for q in questions}
    assert {"claims", "actor", "timeline", "search"} <= commands
    assert commands - {"claims", "actor", "timeline", "search", "source"}, "no plain sentence"
    # Every article is behind at least one expected record.
    cited = set()
    for q in questions:
        for record_id in q.expect:
            record = facts.get(record_id)
            for quote in getattr(record, "quotes", []) or []:
                cited.add(quote.source)
            if (quote := getattr(record, "quote", None)) is not None:
                cited.add(quote.source)
    assert set(ARTICLE_SOURCES) <= cited, (
        f"articles with no question: {set(ARTICLE_SOURCES) - cited}"
    )


def test_relevance_floors(report):
    table = report.table()
    assert report.recall >= FLOOR_RECALL, f"recall@5 {report.recall:.3f} < {FLOOR_RECALL}\n{table}"
    assert report.mrr >= FLOOR_MRR, f"MRR {report.mrr:.3f} < {FLOOR_MRR}\n{table}"
    assert report.miss_accuracy >= FLOOR_MISS, (
        f"miss accuracy {report.miss_accuracy:.3f} < {FLOOR_MISS}\n{table}"
    )


# --- the evaluator itself, on canned answers ------------------------------------------------


def _answer(ids: list[str], status: AnswerStatus = AnswerStatus.OK, cited: bool = False) -> Answer:
    citations = (
        [
            Citation(
                number=1,
                source_id="s",
                file="f",
                publisher=None,
                source_label="s",
                date=None,
                quote="q",
            )
        ]
        if cited
        else []
    )
    items = [Item(id=i, kind="claim", title=i) for i in ids]
    return Answer(
        command="claims",
        status=status,
        title="t",
        sections=[Section(heading="h", items=items)],
        citations=citations,
    )


def _q(ask: str, expect: list[str], cls: str = "name") -> Question:
    return Question.model_validate({"ask": ask, "class": cls, "expect": expect})


def test_scores_recall_at_5_and_reciprocal_rank():
    questions = [_q("!claims a", ["x", "y"]), _q("!claims b", ["z"]), _q("!claims c", ["w"])]
    answers = {
        "!claims a": _answer(["p", "x", "q", "r", "s", "y"]),  # y is 6th: outside the first 5
        "!claims b": _answer(["p", "q", "z"]),
        "!claims c": _answer([]),
    }
    report = evaluate(answers.__getitem__, questions)
    recalls = [r.recall for r in report.results]
    ranks = [r.reciprocal_rank for r in report.results]
    assert recalls == [0.5, 1.0, 0.0]
    assert ranks == pytest.approx([1 / 2, 1 / 3, 0.0])
    assert report.recall == pytest.approx(0.5)
    assert [r.question.ask for r in report.failures] == ["!claims a", "!claims c"]
    assert "!claims a" in report.table()


def test_timeline_questions_rank_every_item():
    question = _q("!timeline feb", ["e7"], cls="date")
    report = evaluate(lambda _line: _answer([f"e{i}" for i in range(10)]), [question])
    assert report.recall == 1.0
    assert report.mrr == pytest.approx(1 / 8)


def test_a_miss_passes_only_on_no_match_without_citations():
    miss = _q("!claims chile", [], cls="miss")
    assert evaluate(lambda _: _answer([], AnswerStatus.NO_MATCH), [miss]).miss_accuracy == 1.0
    cited = _answer([], AnswerStatus.NO_MATCH, cited=True)
    assert evaluate(lambda _: cited, [miss]).miss_accuracy == 0.0
    assert evaluate(lambda _: _answer(["x"]), [miss]).miss_accuracy == 0.0
    assert evaluate(lambda _: _answer([], AnswerStatus.AMBIGUOUS), [miss]).miss_accuracy == 0.0


@pytest.mark.parametrize(
    "entry",
    [
        {"ask": "!claims x", "class": "nonsense", "expect": ["a"]},
        {"ask": "!claims x", "class": "name", "expect": [1]},
        {"ask": "!claims x", "class": "miss", "expect": ["a"]},
        {"ask": "!claims x", "class": "name", "expect": []},
        {"ask": "!claims x", "class": "name", "expect": ["a"], "extra": 1},
        {"ask": "claims x", "class": "name", "expect": ["a"]},
    ],
)
def test_malformed_questions_are_refused(entry, tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump([entry]), encoding="utf-8")
    with pytest.raises(ValueError, match="question 1"):
        load_questions(path)
