"""Who may change facts and the digest, as a matrix: a member, a moderator by role id, a
member with Manage Server, and a DM; in the newsroom's own server and in one the bot was only
invited to; for every write command, prefix (dpytest, the real pipeline) and slash (spec'd
mocks through the hybrid commands' own checks)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import runner

from bot.app import BriefingBot, create_bot
from bot.checks import DIGEST_ELSEWHERE, FACTS_ELSEWHERE, NotHomeGuild, NotModerator, refusal
from bot.settings import Settings
from facts.store import Store
from tests.helpers import (
    FOREIGN_GUILD,
    HOME_GUILD,
    make_context,
    make_guild,
    make_interaction,
    make_member,
    make_role,
    make_user,
    started,
)

CLAIM = "mosque-toll-daljoog"
QUOTE = "33 worshippers died in the mosque attack"
# Every command of the fact and digest groups; {channel} is the newsroom channel's mention.
FACT_COMMANDS = [
    "!fact",
    f"!fact add claim id=x statement=y quote.source=daljoog-strikes quote.text={QUOTE}",
    "!fact add source id=dawn-x publisher=Dawn\nSome article text.",
    f"!fact edit {CLAIM} figure.value=36",
    f"!fact edit {CLAIM}",
    f"!fact retract {CLAIM} wrong",
    "!fact undo 1",
    f"!fact history {CLAIM}",
]
DIGEST_COMMANDS = [
    "!digest",
    "!digest now",
    "!digest preview",
    "!digest changes",
    "!digest channel",
    "!digest channel add {channel}",
    "!digest channel remove {channel}",
    "!digest time 09:00 UTC",
]
EVERY_COMMAND = FACT_COMMANDS + DIGEST_COMMANDS
DESK_ROLE = 990_000_000_000_000_100  # the moderator role's id, in the slash tests


def elsewhere(content: str) -> str:
    return DIGEST_ELSEWHERE if content.startswith("!digest") else FACTS_ELSEWHERE


# --- prefix commands, dpytest ---------------------------------------------------------------


@pytest.fixture
def store(seeded_store: Store) -> Store:
    return seeded_store


@pytest.fixture
async def bot(store: Store) -> AsyncIterator[BriefingBot]:
    """Members `member` (a role merely *named* like the moderator role), `mod` (the
    moderator role, configured by id) and `admin` (Manage Server); the server is the
    newsroom's own until a test says otherwise."""
    built = create_bot(Settings(), store, intents=discord.Intents.all())
    await started(built, text_channels=["newsroom"], members=["member", "mod", "admin"])
    digest: Any = built.get_cog("Digest")
    digest.scheduler.cancel()  # no background tick in these tests
    config = dpytest.get_config()
    guild = config.guilds[0]
    desk = dpytest.backend.make_role("Fact desk", guild)
    lookalike = dpytest.backend.make_role("Fact desk", guild)  # same name, another role
    admins = dpytest.backend.make_role(
        "Admins", guild, permissions=discord.Permissions(manage_guild=True).value
    )
    await dpytest.add_role(config.members[0], lookalike)
    await dpytest.add_role(config.members[1], desk)
    await dpytest.add_role(config.members[2], admins)
    built.settings = Settings(cooldown_seconds=0, moderator_roles=[str(desk.id)])
    yield built
    await dpytest.empty_queue()


def at_home(bot: BriefingBot, home: bool) -> None:
    """Make the dpytest server the newsroom's own, or one the bot was only invited to."""
    own = dpytest.get_config().guilds[0].id if home else FOREIGN_GUILD
    bot.settings = bot.settings.model_copy(update={"home_guilds": [own]})


def member(name: str) -> discord.Member:
    [found] = [m for m in dpytest.get_config().members if m.name == name]
    return found


def typed(content: str) -> str:
    return content.format(channel=f"<#{dpytest.get_config().channels[0].id}>")


def replies() -> str:
    out = []
    while not runner.sent_queue.empty():
        message = dpytest.get_message()
        out.append(message.content or "")
        out += [e.title or "" for e in message.embeds]
    return "\n".join(out)


def state(store: Store) -> tuple[int, str | None, str | None]:
    """Everything a write could move: the facts' head and the digest's settings."""
    return store.head(), store.get_meta("digest:channels"), store.get_meta("digest:time")


@pytest.mark.parametrize("content", EVERY_COMMAND)
async def test_in_a_foreign_server_every_write_is_refused_with_the_reason(
    bot: BriefingBot, store: Store, content: str
) -> None:
    """Manage Server there, or the moderator role, changes nothing in a server that is not
    the newsroom's own: the reply says so in plain words."""
    at_home(bot, False)
    before = state(store)
    for who in ("member", "mod", "admin"):
        with pytest.raises(NotHomeGuild):
            await dpytest.message(typed(content), member=member(who))
        assert replies() == elsewhere(content), who
    assert state(store) == before


@pytest.mark.parametrize("content", EVERY_COMMAND)
async def test_at_home_a_member_is_refused_and_moderators_pass(
    bot: BriefingBot, store: Store, content: str
) -> None:
    at_home(bot, True)
    before = state(store)
    with pytest.raises(NotModerator):
        await dpytest.message(typed(content), member=member("member"))
    assert replies() == refusal(bot.settings.moderator_roles)
    assert state(store) == before
    for who in ("mod", "admin"):  # by role id, and by Manage Server
        await dpytest.message(typed(content), member=member(who))
        reply = replies()
        assert reply
        assert "Only moderators" not in reply
        assert "own server" not in reply


@pytest.mark.parametrize("content", EVERY_COMMAND)
async def test_every_write_is_refused_in_dms(bot: BriefingBot, store: Store, content: str) -> None:
    """Whether or not the member's server is the newsroom's own, a DM changes nothing."""
    before = state(store)
    for home in (True, False):
        at_home(bot, home)
        for who in ("mod", "admin"):
            dm = await member(who).create_dm()
            with pytest.raises(commands.NoPrivateMessage):
                await dpytest.message(typed(content), channel=dm, member=member(who))
            assert replies() == "That command works in a server channel, not in DMs."
    assert state(store) == before


# --- slash commands, spec'd mocks -----------------------------------------------------------


@pytest.fixture
async def app(store: Store) -> BriefingBot:
    settings = Settings(cooldown_seconds=0, moderator_roles=[str(DESK_ROLE)])
    built = create_bot(settings.model_copy(update={"home_guilds": [HOME_GUILD]}), store)
    await started(built)
    digest: Any = built.get_cog("Digest")
    digest.scheduler.cancel()
    return built


def write_commands(app: BriefingBot) -> list[commands.HybridCommand[Any, ..., Any]]:
    found = []
    for name in ("fact", "digest"):
        group = app.get_command(name)
        assert isinstance(group, commands.HybridGroup)
        found += [group, *group.walk_commands()]
    # fact and its 5; digest, now, preview, changes, channel, add, remove, thread, time
    assert len(found) == 15
    return found  # type: ignore[return-value]


PEOPLE = {
    "member": lambda guild: make_member(roles=[make_role("Fact desk")], guild=guild),
    "mod": lambda guild: make_member(roles=[make_role("Desk", role_id=DESK_ROLE)], guild=guild),
    "admin": lambda guild: make_member(manage_guild=True, guild=guild),
}


def slash(app: BriefingBot, who: str, guild_id: int) -> Any:
    person = PEOPLE[who](make_guild(guild_id=guild_id))
    return make_context(app, person, interaction=make_interaction(app, person))


@pytest.mark.parametrize("who", ["mod", "admin"])
async def test_slash_moderators_pass_at_home(app: BriefingBot, who: str) -> None:
    for command in write_commands(app):
        assert await command.can_run(slash(app, who, HOME_GUILD)) is True, command


async def test_slash_a_member_is_refused_at_home(app: BriefingBot) -> None:
    for command in write_commands(app):
        with pytest.raises(NotModerator):
            await command.can_run(slash(app, "member", HOME_GUILD))


@pytest.mark.parametrize("who", ["member", "mod", "admin"])
async def test_slash_everyone_is_refused_in_a_foreign_server(app: BriefingBot, who: str) -> None:
    for command in write_commands(app):
        expected = DIGEST_ELSEWHERE if command.qualified_name.startswith("digest") else None
        with pytest.raises(NotHomeGuild) as caught:
            await command.can_run(slash(app, who, FOREIGN_GUILD))
        assert str(caught.value) == (expected or FACTS_ELSEWHERE)


async def test_slash_dms_are_refused(app: BriefingBot) -> None:
    for command in write_commands(app):
        user = make_user()
        interaction = make_interaction(app, user, guild=None)
        with pytest.raises(commands.NoPrivateMessage):
            await command.can_run(make_context(app, user, guild=None, interaction=interaction))


async def test_autocomplete_and_forms_follow_the_same_rule(app: BriefingBot) -> None:
    """Autocomplete runs no command checks, and a form comes back minutes later: both ask
    the same question, so a foreign server's admin sees no ids and cannot submit."""
    cog: Any = app.get_cog("Moderation")
    home_mod = PEOPLE["mod"](make_guild())
    assert await cog._record_ids(make_interaction(app, home_mod), "mosque-toll")
    foreign_admin = PEOPLE["admin"](make_guild(guild_id=FOREIGN_GUILD))
    assert await cog._record_ids(make_interaction(app, foreign_admin), "mosque-toll") == []
    interaction = make_interaction(app, foreign_admin)
    assert not await cog._still_moderator(interaction, interaction.response.send_message)
    interaction.response.send_message.assert_awaited_once_with(FACTS_ELSEWHERE, ephemeral=True)


async def test_fact_and_digest_are_hidden_from_members_in_the_slash_menu(
    app: BriefingBot,
) -> None:
    """default_permissions(manage_guild): Discord shows /fact and /digest only to members
    with Manage Server, unless the server's Integrations settings grant them to a role."""
    for name in ("fact", "digest"):
        group = app.tree.get_command(name)
        assert group is not None
        assert group.default_permissions == discord.Permissions(manage_guild=True)
        payload = group.to_dict(app.tree)
        assert payload["default_member_permissions"] == discord.Permissions(manage_guild=True).value
    hidden = {"fact", "digest"}
    for command in app.tree.get_commands():
        if command.name not in hidden:  # questions stay open to everyone
            assert getattr(command, "default_permissions", None) is None, command.name


async def test_one_check_per_cog_decides_prefix_and_slash(app: BriefingBot) -> None:
    """No command carries a check of its own: the matrix above passing, prefix and slash
    (`can_run` with an interaction is the slash road, `_check_can_run`), is the cogs'
    `cog_check` at work. /fact and /digest stay out of DMs' slash menu."""
    for command in write_commands(app):
        assert command.checks == [], command
        assert command.cog is not None
        assert type(command.cog).cog_check is not commands.Cog.cog_check, command
    for name in ("fact", "digest"):
        group = app.tree.get_command(name)
        assert isinstance(group, discord.app_commands.Group)
        assert group.guild_only, name
