"""The `help` answer, and the usage answer a command gives when something is missing."""

from __future__ import annotations

import re

from rapidfuzz import process

from facts.answers import Answer, AnswerStatus, Item, Section

COMMANDS: dict[str, str] = {
    "timeline": "events in date order, optionally for a place, actor or dates: "
    "`timeline`, `timeline bannu`, `timeline 2026-02-20..2026-02-28`",
    "claims": "who says what, disputed figures side by side: `claims bannu`, `claims ttp`; "
    "`claims` alone lists every open dispute",
    "actor": "who they are, their other names, what they did and said: `actor TTP`",
    "source": "an article: publisher, date, and what the store takes from it: `source azernews`",
    "search": "anything in the store: `search drones`",
    "latest": "the newest events and the open disputes the most articles speak to: `latest`",
    "help": "this list",
}


# "!torkham": a word typed as a command, which the store does not hold either. A command it
# is no slip of ("actor" for "torkham") would be a guess: only a close one is offered.
CLOSE_TO_A_COMMAND = 70


def help_answer(unknown: str | None = None, *, word_unknown: bool = False) -> Answer:
    """Every command; for an `unknown` one, what may have been meant. `word_unknown`: the
    facts store does not hold the word either, and the answer says so."""
    items = [
        Item(id=name, kind="command", title=name, text=text) for name, text in COMMANDS.items()
    ]
    summary = "Short, attributed answers from the facts store. Every answer cites its article."
    suggestions: list[str] = []
    status = AnswerStatus.OK
    if unknown is not None:
        cutoff = CLOSE_TO_A_COMMAND if word_unknown else 50
        close = process.extract(unknown, list(COMMANDS), limit=2, score_cutoff=cutoff)
        suggestions = [name for name, _, _ in close]
        summary = f"There is no command `{unknown}`" + (
            f", and nothing in the facts store mentions {unknown!r}, so there is nothing to cite."
            if word_unknown
            else "."
        )
        if suggestions:
            summary += f" Did you mean {' or '.join(f'`{s}`' for s in suggestions)}?"
        status = AnswerStatus.USAGE
    return Answer(
        command="help",
        query=unknown or "",
        status=status,
        title="Commands",
        summary=summary,
        sections=[Section(heading="Commands", items=items)],
        suggestions=suggestions,
    )


def usage(command: str, message: str, name: str) -> Answer:
    """What is missing, and the command's example once: the message's own, or the first
    one `help` gives (not the whole help line after a message that has one)."""
    examples = re.findall(r"`[^`]+`", COMMANDS.get(name, ""))
    if "`" not in message and examples:
        shown = next((e for e in examples if " " in e), examples[0])  # one with a subject
        message = f"{message.rstrip('.')}, e.g. {shown}."
    return Answer(command=command, status=AnswerStatus.USAGE, title=f"`{name}`", summary=message)
