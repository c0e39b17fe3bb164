"""The moderator check (each moderator cog's cog_check): who passes, who is refused and
how, in DMs and in servers that are not the newsroom's own."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from discord.ext import commands

from bot.checks import (
    FACTS_ELSEWHERE,
    NO_HOME,
    NotHomeGuild,
    NotModerator,
    member_is_moderator,
    refusal,
    require_moderator,
    write_refusal,
)
from bot.settings import Settings
from tests.helpers import (
    FOREIGN_GUILD,
    HOME_GUILD,
    make_context,
    make_guild,
    make_member,
    make_role,
    make_user,
)

DESK = 1234567890  # the moderator role's id


def bot_with(
    roles: list[str], *, names: bool = False, home: tuple[int, ...] = (HOME_GUILD,)
) -> Any:
    """A bot as the check sees it: its settings (the check reads nothing else)."""
    settings = Settings(moderator_roles=roles, moderator_role_names=names, home_guilds=list(home))
    return SimpleNamespace(settings=settings)


def test_role_name_matches_in_any_case_when_the_operator_opts_in() -> None:
    member = make_member(roles=[make_role("editors")])
    assert member_is_moderator(member, ["Editors"], names=True)
    assert member_is_moderator(make_member(roles=[make_role("EDITORS")]), ["@editors"], names=True)


def test_a_role_merely_named_like_the_moderator_role_is_not_enough() -> None:
    """Anyone with Manage Roles can create a role called "Editors": by default only ids count."""
    assert not member_is_moderator(make_member(roles=[make_role("Editors")]), ["Editors"])


def test_a_role_named_like_the_moderator_role_id_is_not_that_role() -> None:
    impostor = make_role(str(DESK))  # a role whose *name* is the moderator role's id
    assert not member_is_moderator(make_member(roles=[impostor]), [str(DESK)])
    assert not member_is_moderator(make_member(roles=[impostor]), [str(DESK)], names=True)


def test_role_id_matches() -> None:
    role = make_role("Fact desk", role_id=1234567890)
    assert member_is_moderator(make_member(roles=[role]), ["1234567890"])
    assert not member_is_moderator(make_member(roles=[role]), ["123456789"])


def test_manage_server_is_enough_without_a_role() -> None:
    assert member_is_moderator(make_member(manage_guild=True), [])


def test_other_roles_and_no_roles_are_not_enough() -> None:
    member = make_member(roles=[make_role("Readers"), make_role("Editors-in-training")])
    assert not member_is_moderator(member, ["Editors"])
    assert not member_is_moderator(make_member(), ["Editors"])
    assert not member_is_moderator(make_member(roles=[make_role("Editors")]), [], names=True)


def test_refusal_names_the_roles_that_count_and_manage_server() -> None:
    assert refusal(["Editors"], names=True) == (
        "Only moderators can do that: ask someone with the Editors role or Manage Server."
    )
    assert refusal(["Editors", "42"], names=True) == (
        "Only moderators can do that: ask someone with the Editors or <@&42> roles "
        "or Manage Server."
    )
    assert refusal(["Editors", "42"]) == (
        "Only moderators can do that: ask someone with the <@&42> role or Manage Server."
    )
    assert refusal([]) == "Only moderators can do that: ask someone with Manage Server."


def test_check_passes_a_moderator() -> None:
    desk = make_role("Fact desk", role_id=DESK)
    assert require_moderator(make_context(bot_with([str(DESK)]), make_member(roles=[desk])))
    ctx = make_context(bot_with(["Editors"], names=True), make_member(roles=[make_role("Editors")]))
    assert require_moderator(ctx) is True


def test_check_refuses_others_with_the_message() -> None:
    ctx = make_context(bot_with(["Editors"]), make_member(roles=[make_role("Editors")]))
    with pytest.raises(NotModerator) as caught:
        require_moderator(ctx)
    assert isinstance(caught.value, commands.CheckFailure)
    assert str(caught.value) == refusal([])


def test_check_refuses_dms() -> None:
    ctx = make_context(bot_with(["Editors"]), make_user(), guild=None)
    with pytest.raises(commands.NoPrivateMessage):
        require_moderator(ctx)


def test_check_refuses_dms_even_for_a_server_moderator() -> None:
    member = make_member(manage_guild=True)
    ctx = make_context(bot_with(["Editors"]), member, guild=None)
    with pytest.raises(commands.NoPrivateMessage):
        require_moderator(ctx)


def test_check_looks_up_an_uncached_author_as_a_member() -> None:
    guild = make_guild()
    user = make_user()
    ctx = make_context(bot_with([str(DESK)]), user, guild=guild)
    desk = make_role("Fact desk", role_id=DESK)
    guild.get_member.return_value = make_member(roles=[desk], guild=guild)
    assert require_moderator(ctx) is True
    guild.get_member.assert_called_once_with(user.id)

    guild.get_member.return_value = None  # left the server: refused, not an error
    with pytest.raises(NotModerator):
        require_moderator(ctx)


# --- servers that are not the newsroom's own -------------------------------------------------


def foreign_member(**kwargs: Any) -> Any:
    return make_member(guild=make_guild(guild_id=FOREIGN_GUILD), **kwargs)


@pytest.mark.parametrize(
    "member",
    [
        pytest.param(lambda: foreign_member(manage_guild=True), id="manage-server-there"),
        pytest.param(lambda: foreign_member(roles=[make_role("Editors")]), id="role-named-so"),
        pytest.param(lambda: foreign_member(roles=[make_role("Desk", role_id=DESK)]), id="role-id"),
    ],
)
def test_nobody_may_edit_in_a_server_that_is_not_the_newsrooms(member: Any) -> None:
    """The store is one for the deployment: Manage Server in any server the bot is in, or a
    role there named like the moderator role, must not be enough to change it."""
    bot = bot_with([str(DESK), "Editors"], names=True)
    ctx = make_context(bot, member())
    with pytest.raises(NotHomeGuild) as caught:
        require_moderator(ctx)
    assert isinstance(caught.value, commands.CheckFailure)
    assert str(caught.value) == FACTS_ELSEWHERE
    assert write_refusal(bot.settings, ctx.guild, ctx.author) == FACTS_ELSEWHERE


def test_without_home_servers_nothing_can_be_changed_from_discord() -> None:
    ctx = make_context(bot_with([], home=()), make_member(manage_guild=True))
    with pytest.raises(NotHomeGuild, match="BRIEFING_HOME_GUILDS"):
        require_moderator(ctx)
    assert write_refusal(ctx.bot.settings, ctx.guild, ctx.author) == NO_HOME


def test_write_refusal_is_none_only_for_a_moderator_at_home() -> None:
    bot = bot_with([str(DESK)])
    desk = make_role("Desk", role_id=DESK)
    assert write_refusal(bot.settings, make_guild(), make_member(roles=[desk])) is None
    assert write_refusal(bot.settings, make_guild(), make_member()) == refusal([str(DESK)])
    assert write_refusal(bot.settings, None, make_user()) is not None
