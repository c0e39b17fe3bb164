"""`latest`: what a reporter asking "what's new", "any updates" or "give me a briefing" reads
first: the newest events on the timeline and the open disputes the most articles speak to,
each whole and side by side; the timeline and `claims all` hold the rest."""

from __future__ import annotations

from facts.answers import Answer, AnswerStatus, Citations, Command, Section
from facts.briefing.claims import dispute_groups, dispute_section, most_voiced
from facts.briefing.snapshot import Snapshot
from facts.briefing.timeline import latest_events

LATEST_EVENTS = 5  # as the digest's "Latest on the timeline"
LEADING_DISPUTES = 3  # a first screen: each dispute is shown whole


def latest(snap: Snapshot) -> Answer:
    cites = Citations(snap.facts)  # one numbering, in reading order
    events = latest_events(snap, LATEST_EVENTS, cites)
    groups = dispute_groups(snap)
    if not events and not groups:
        return Answer(
            command="latest",
            status=AnswerStatus.NO_MATCH,
            title="Nothing yet",
            summary="The facts store holds no dated event and no open dispute yet.",
        )
    picked = [groups[n] for n in most_voiced(snap, groups, LEADING_DISPUTES)]
    sections = [Section(heading="Latest on the timeline", items=events)] if events else []
    if len(groups) > len(picked):
        sections.append(
            Section(
                heading="Open disputes",
                note=f"{len(picked)} of {len(groups)} open disputes below: those the most "
                "articles speak to.",
                more=Command(name="claims", args=["all"], does="lists every one"),
            )
        )
    sections += [dispute_section(snap, group, cites) for group in picked]
    summary = f"The {len(events)} latest event(s) on the timeline"
    if groups:
        summary += f"; {len(groups)} open dispute(s), {len(picked)} shown side by side"
    return Answer(
        command="latest",
        title="The latest",
        summary=summary,
        sections=sections,
        citations=cites.citations,
    )
