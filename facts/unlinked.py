"""Claims that count the same thing about the same event with other numbers, and that nothing
links: what a moderator who adds or changes a figure may mean to show side by side.

The store never links claims by itself: whether two tolls contradict each other (`disputes`)
or only differ in detail (`differs`) is a judgement the articles' wording decides, so it stays
a moderator's. The bot only points at the candidates after a write, so a new toll of 34 is not
shown alone, unmarked, beside the 36 and the 31 it contradicts."""

from __future__ import annotations

from facts.links import ClaimGraph, Links, component
from facts.models import Claim, Figure
from facts.questions import alternatives
from facts.store import Store

MAX_NAMED = 5  # claims a note names; a busy event may have dozens


def unlinked_figures(store: Store, claim: Claim) -> list[Claim]:
    """The other current claims about `claim`'s event whose figure counts the same (its unit,
    and its measure or a word of the same meaning: died, killed) with other numbers, in no
    dispute and no difference with it, directly or through another claim."""
    figure, event = claim.figure, claim.about_event
    reads = store.reads()
    facts = store.facts()
    if figure is None or event is None or reads is None or facts is None:
        return []
    linked = {
        *component(ClaimGraph(reads, "disputes"), claim.id),
        *component(ClaimGraph(reads, "differs"), claim.id),
    }
    about = Links(reads).claims_about_event.get(event)
    others = facts.many(i for i in about if i not in linked)
    return [
        other
        for other in others.values()
        if isinstance(other, Claim)
        and other.figure is not None
        and _counts_the_same(figure, other.figure)
        and _numbers(figure) != _numbers(other.figure)
    ]


def note(claim: Claim, others: list[Claim]) -> str | None:
    """What to tell the moderator, or None when nothing is unlinked."""
    if not others:
        return None
    shown = others[:MAX_NAMED]
    named = ", ".join(f"{o.id} ({o.figure.display()})" for o in shown if o.figure)
    more = f" and {len(others) - len(shown)} more" if len(others) > len(shown) else ""
    new = [o.id for o in shown]
    verb = "gives" if len(others) == 1 else "give"
    # The whole list to type: `disputes=[...]` replaces the claim's list, so the links it
    # has stay in it.
    disputes, differs = _listed([*claim.disputes, *new]), _listed([*claim.differs, *new])
    return (
        f"Not linked: {named}{more} {verb} another number for what {claim.id} counts about "
        f"the same event. If the accounts contradict each other, edit {claim.id} with "
        f"disputes={disputes}; if they only differ in detail, differs={differs}. Answers "
        "show linked claims side by side."
    )


def _listed(ids: list[str]) -> str:
    return "[" + ", ".join(dict.fromkeys(ids)) + "]"


def _counts_the_same(one: Figure, other: Figure) -> bool:
    if one.unit.casefold() != other.unit.casefold():
        return False
    measure = one.measure.casefold()
    return other.measure.casefold() in alternatives(measure) or measure in alternatives(
        other.measure.casefold()
    )


def _numbers(figure: Figure) -> tuple[float | None, float | None, float | None]:
    return (figure.value, figure.low, figure.high)
