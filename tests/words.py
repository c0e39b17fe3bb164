"""The same words after `!fact` on Discord and after `briefing facts` in a shell, on the bundled
facts: the two fronts' tests type them and must end with the same history."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from facts.store import Revision

SPARE = "mosque-toll-spare"  # added by the words themselves: nothing refers to it
SPARE_FIELDS = (
    f"id={SPARE} about_event=islamabad-mosque-bombing "
    'statement="At least 31 worshippers were killed." attribution="reported by the article" '
    'quote.source=daljoog-strikes quote.text="killed at least 31 worshippers"'
)
# What each step leaves in the history: (action, reason).
HISTORY = [
    ("create", "a second count"),
    ("edit", "better search words"),
    ("retract", "a duplicate of mosque-toll-daljoog"),
    ("restore", "it was not"),
]


def same_words(history: Callable[[str], list[Revision]]) -> Iterator[str]:
    """Add, edit (with base= and reason=), retract (a plain reason), undo (reason=): each
    step's words are made after the step before has landed, as a person would type them."""
    yield f'add claim {SPARE_FIELDS} reason="a second count"'
    base = history(SPARE)[-1].number
    yield f'edit {SPARE} keywords=[toll, mosque] base={base} reason="better search words"'
    yield f"retract {SPARE} a duplicate of mosque-toll-daljoog"
    yield f'undo {history(SPARE)[-1].number} reason="it was not"'
