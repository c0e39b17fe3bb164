"""Who may change facts and the digest: in one of the newsroom's own servers (the
`home_guilds` setting), a member with a moderator role (by id) or Manage Server there.

The store is one for the whole deployment, so a server the bot was merely invited to must
not count: its admins, or a role there that is only *named* like a moderator role, could
otherwise rewrite the facts. Role names count only when the operator opts in
(`moderator_role_names`); an id cannot be copied by whoever has Manage Roles.

`require_moderator` is the `cog_check` of each moderator cog: discord.py runs a cog's
`cog_check` for its hybrid commands on both roads, prefix and slash (the slash road's
`_check_can_run` calls it too), so one check per cog guards both. `write_refusal` is the
whole rule, for autocomplete and for re-checking a modal, which run no command checks;
`member_is_moderator` is the role rule alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

if TYPE_CHECKING:
    from bot.context import Context
    from bot.settings import Settings

FACTS_ELSEWHERE = (
    "Facts can only be edited in the newsroom's own server; this server is not one of them."
)
DIGEST_ELSEWHERE = (
    "The digest can only be set up or posted from the newsroom's own server; this server is "
    "not one of them."
)
NO_HOME = (
    "Nothing can be changed from Discord yet: the bot's operator has not named the "
    "newsroom's own servers (BRIEFING_HOME_GUILDS)."
)


class NotModerator(commands.CheckFailure):
    """Refused: the member is neither a moderator nor allowed to manage the server."""

    def __init__(self, roles: Iterable[str], *, names: bool = False) -> None:
        super().__init__(refusal(roles, names=names))


class NotHomeGuild(commands.CheckFailure):
    """Refused: this server is not one of the newsroom's own (or none is configured)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def _key(role: str) -> str:
    return role.strip().removeprefix("@").casefold()


def _is_id(role: str) -> bool:
    return role.strip().isdigit()


def member_is_moderator(
    member: discord.Member, roles: Iterable[str], *, names: bool = False
) -> bool:
    """Manage Server, or a role whose id is one of `roles`; with `names`, also a role whose
    name (any case) is. A digits-only entry is an id, never matched against a name."""
    if member.guild_permissions.manage_guild:
        return True
    wanted = [role.strip() for role in roles if role.strip()]
    ids = {role for role in wanted if _is_id(role)}
    wanted_names = {_key(role) for role in wanted if not _is_id(role)} if names else set()
    return any(
        str(role.id) in ids or (wanted_names and _key(role.name) in wanted_names)
        for role in member.roles
    )


def refusal(roles: Iterable[str], *, names: bool = False) -> str:
    """The reply for everyone else: whom to ask (only the roles that count)."""
    # A role id is shown as a role mention: Discord renders the name, and no send pings.
    shown = [
        f"<@&{r.strip()}>" if _is_id(r) else r.strip()
        for r in roles
        if r.strip() and (names or _is_id(r))
    ]
    if not shown:
        return "Only moderators can do that: ask someone with Manage Server."
    return (
        f"Only moderators can do that: ask someone with the {' or '.join(shown)} role"
        f"{'s' if len(shown) > 1 else ''} or Manage Server."
    )


def guild_refusal(
    settings: Settings, guild_id: int, elsewhere: str = FACTS_ELSEWHERE
) -> str | None:
    """None in one of the newsroom's own servers; otherwise why nothing can be changed."""
    if not settings.home_guilds:
        return NO_HOME
    return None if guild_id in settings.home_guilds else elsewhere


def write_refusal(
    settings: Settings,
    guild: discord.Guild | None,
    user: discord.abc.User,
    elsewhere: str = FACTS_ELSEWHERE,
) -> str | None:
    """None when `user` may change things in `guild`; otherwise the plain reason."""
    if guild is None:
        return "That command works in a server channel, not in DMs."
    wrong_place = guild_refusal(settings, guild.id, elsewhere)
    if wrong_place is not None:
        return wrong_place
    roles, names = settings.moderator_roles, settings.moderator_role_names
    # A guild message's author is a Member, unless the cache no longer holds them as one.
    member = user if isinstance(user, discord.Member) else guild.get_member(user.id)
    if member is not None and member_is_moderator(member, roles, names=names):
        return None
    return refusal(roles, names=names)


def require_moderator(ctx: Context, elsewhere: str = FACTS_ELSEWHERE) -> bool:
    """A moderator cog's `cog_check`: True for moderators in the newsroom's own servers;
    DMs, other servers (with `elsewhere`) and everyone else raise the refusal to show."""
    settings = ctx.bot.settings
    if ctx.guild is None:
        raise commands.NoPrivateMessage
    wrong_place = guild_refusal(settings, ctx.guild.id, elsewhere)
    if wrong_place is not None:
        raise NotHomeGuild(wrong_place)
    if write_refusal(settings, ctx.guild, ctx.author, elsewhere) is None:
        return True
    raise NotModerator(settings.moderator_roles, names=settings.moderator_role_names)
