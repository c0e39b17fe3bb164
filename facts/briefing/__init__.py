"""The questions the bot answers: timeline, claims, actor, source, search, help.

`Briefing` (core) answers them over one snapshot of the facts (snapshot); each question is a
module of its own (timeline, claims, actor, sources, search, help), sharing how records become
answer lines (items) and how a query picks its records, asks back or says nothing matches
(choosing).
"""

from facts.briefing.choosing import ALL_KINDS, SUBJECT_KINDS
from facts.briefing.core import Briefing
from facts.briefing.help import COMMANDS
from facts.briefing.snapshot import Snapshot

__all__ = ["ALL_KINDS", "COMMANDS", "SUBJECT_KINDS", "Briefing", "Snapshot"]
