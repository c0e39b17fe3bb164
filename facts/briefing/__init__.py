"""The questions the bot answers: timeline, claims, actor, source, search, help. `Briefing`
answers them over one snapshot of the facts."""

from facts.briefing.claims import ALL_KINDS, COMMANDS, SUBJECT_KINDS, Briefing

__all__ = ["ALL_KINDS", "COMMANDS", "SUBJECT_KINDS", "Briefing"]
