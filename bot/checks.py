"""Who may change facts: members with a configured moderator role, or Manage Server.

`is_moderator()` is a `commands.check`, so it guards prefix and slash (hybrid) commands
alike; `member_is_moderator` is the pure rule, for tests and for re-checking a modal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

if TYPE_CHECKING:
    # What commands.check returns: a decorator that also carries its predicate.
    from discord.ext.commands._types import Check


class NotModerator(commands.CheckFailure):
    """Refused: the member is neither a moderator nor allowed to manage the server."""

    def __init__(self, roles: Iterable[str]) -> None:
        super().__init__(refusal(roles))


def _key(role: str) -> str:
    return role.strip().removeprefix("@").casefold()


def member_is_moderator(member: discord.Member, roles: Iterable[str]) -> bool:
    """Manage Server, or a role whose id or name (any case) is one of `roles`."""
    if member.guild_permissions.manage_guild:
        return True
    wanted = {_key(role) for role in roles}
    return any(str(role.id) in wanted or _key(role.name) in wanted for role in member.roles)


def refusal(roles: Iterable[str]) -> str:
    """The reply for everyone else: whom to ask."""
    # A role id is shown as a role mention: Discord renders the name, and no send pings.
    names = [f"<@&{r.strip()}>" if r.strip().isdigit() else r.strip() for r in roles]
    names = [name for name in names if name]
    if not names:
        return "Only moderators can do that: ask someone with Manage Server."
    return (
        f"Only moderators can do that: ask someone with the {' or '.join(names)} role"
        f"{'s' if len(names) > 1 else ''} or Manage Server."
    )


def moderator_roles(bot: Any) -> list[str]:
    return list(getattr(getattr(bot, "settings", None), "moderator_roles", []) or [])


def is_moderator() -> Check[Any]:
    """Allow members with a moderator role or Manage Server; refuse DMs and everyone else."""

    async def predicate(ctx: commands.Context[Any]) -> bool:
        if ctx.guild is None:
            raise commands.NoPrivateMessage
        roles = moderator_roles(ctx.bot)
        author = ctx.author
        # A guild message's author is a Member, unless the cache no longer holds them as one.
        member = author if isinstance(author, discord.Member) else ctx.guild.get_member(author.id)
        if member is not None and member_is_moderator(member, roles):
            return True
        raise NotModerator(roles)

    return commands.check(predicate)
