"""The moderator check: who passes, who is refused and how, and DMs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from discord.ext import commands

from bot.checks import NotModerator, is_moderator, member_is_moderator, refusal
from tests.helpers import make_context, make_guild, make_member, make_role, make_user


def predicate() -> Any:
    """The coroutine `is_moderator()` registers on a command."""

    @is_moderator()
    async def command(ctx: Any) -> None: ...

    [check] = command.__commands_checks__  # type: ignore[attr-defined]
    return check


def bot_with(roles: list[str]) -> Any:
    return SimpleNamespace(settings=SimpleNamespace(moderator_roles=roles))


def test_role_name_matches_in_any_case() -> None:
    member = make_member(roles=[make_role("editors")])
    assert member_is_moderator(member, ["Editors"])
    assert member_is_moderator(make_member(roles=[make_role("EDITORS")]), ["@editors"])


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
    assert not member_is_moderator(make_member(roles=[make_role("Editors")]), [])


def test_refusal_names_the_roles_and_manage_server() -> None:
    assert refusal(["Editors"]) == (
        "Only moderators can do that: ask someone with the Editors role or Manage Server."
    )
    assert refusal(["Editors", "42"]) == (
        "Only moderators can do that: ask someone with the Editors or <@&42> roles "
        "or Manage Server."
    )
    assert refusal([]) == "Only moderators can do that: ask someone with Manage Server."


async def test_check_passes_a_moderator() -> None:
    ctx = make_context(bot_with(["Editors"]), make_member(roles=[make_role("Editors")]))
    assert await predicate()(ctx) is True


async def test_check_refuses_others_with_the_message() -> None:
    ctx = make_context(bot_with(["Editors"]), make_member(roles=[make_role("Readers")]))
    with pytest.raises(NotModerator) as caught:
        await predicate()(ctx)
    assert isinstance(caught.value, commands.CheckFailure)
    assert str(caught.value) == refusal(["Editors"])


async def test_check_refuses_dms() -> None:
    ctx = make_context(bot_with(["Editors"]), make_user(), guild=None)
    with pytest.raises(commands.NoPrivateMessage):
        await predicate()(ctx)


async def test_check_refuses_dms_even_for_a_server_moderator() -> None:
    member = make_member(manage_guild=True)
    ctx = make_context(bot_with(["Editors"]), member, guild=None)
    with pytest.raises(commands.NoPrivateMessage):
        await predicate()(ctx)


async def test_check_looks_up_an_uncached_author_as_a_member() -> None:
    guild = make_guild()
    user = make_user()
    ctx = make_context(bot_with(["Editors"]), user, guild=guild)
    guild.get_member.return_value = make_member(roles=[make_role("Editors")], guild=guild)
    assert await predicate()(ctx) is True
    guild.get_member.assert_called_once_with(user.id)

    guild.get_member.return_value = None  # left the server: refused, not an error
    with pytest.raises(NotModerator):
        await predicate()(ctx)
