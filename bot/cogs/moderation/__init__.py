"""Moderators keep the facts current from Discord: a feature package (as python-discord/bot's
moderation packages are) with the cog in `cog.py`, one `cog_check` for all of it, and what it
says back in `replies.py`."""

from bot.app import BriefingBot
from bot.cogs.moderation.cog import Moderation
from bot.cogs.moderation.replies import code_blocks, confirmation, history_answer, history_entry

__all__ = [
    "Moderation",
    "code_blocks",
    "confirmation",
    "history_answer",
    "history_entry",
    "setup",
]


async def setup(bot: BriefingBot) -> None:
    await bot.add_cog(Moderation(bot))
