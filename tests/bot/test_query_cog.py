"""The query commands through the real discord.py pipeline (dpytest) and, for slash paths,
the cog callbacks with spec'd mocks."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast
from unittest.mock import AsyncMock, MagicMock, PropertyMock, create_autospec, patch

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio
from discord.app_commands.namespace import Namespace, ResolveKey
from discord.ext import commands

from bot.app import BriefingBot, create_bot, required_intents
from bot.cogs.query import (
    FIND_CLAIMS,
    MENU_FAILED,
    NOTHING_TO_FIND,
    Query,
    _choice_value,
    _closeness,
    _words,
    best_choices,
)
from bot.limits import MAX_CHOICES
from bot.paging import Pager
from bot.settings import Settings
from facts.answers import Answer, AnswerStatus, Item, Section
from facts.briefing import SUBJECT_KINDS, Briefing
from facts.dataset import load_dir
from facts.factset import FactSet
from facts.models import Event
from facts.search import Match
from facts.store import Store
from tests.helpers import make_interaction, make_member, started


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "store.sqlite3") as store:
        yield store


async def start(store: Store, **settings: Any) -> BriefingBot:
    # dpytest fakes members through the members intent; the real bot does not need it.
    bot = create_bot(
        Settings(**{"cooldown_seconds": 0, **settings}), store, intents=discord.Intents.all()
    )
    await started(bot, dpytest=True)
    return bot


@pytest_asyncio.fixture
async def bot(store: Store) -> AsyncIterator[BriefingBot]:
    bot = await start(store)
    sent: list[dict[str, Any]] = []
    original = bot.http.send_message

    async def spy(channel_id: int, *, params: Any) -> Any:
        sent.append(params.payload or {})
        # dpytest's fake HTTP reads `channel` from its caller's locals.
        channel = bot.get_channel(channel_id)  # noqa: F841
        return await original(channel_id, params=params)

    bot.http.send_message = spy  # type: ignore[method-assign]
    bot.sent_payloads = sent  # type: ignore[attr-defined]
    yield bot
    await dpytest.empty_queue()


def test_the_real_bot_asks_only_for_message_content():
    intents = required_intents()
    assert intents.message_content
    assert not intents.members
    assert not intents.presences


async def test_claims_bannu_answers_with_citations(bot: BriefingBot):
    await dpytest.message("!claims bannu")
    embed = dpytest.get_embed()
    assert embed.title.startswith("Claims: Bannu")
    assert any(f.name == "Sources" for f in embed.fields)


@pytest.mark.parametrize("line", ["!actor TTP", "!actor tehreek-e-taliban", "!ACTOR ttp"])
async def test_actor_by_any_spelling(bot: BriefingBot, line: str):
    await dpytest.message(line)
    assert dpytest.get_embed().title == "Tehrik-e-Taliban Pakistan"


async def test_timeline_pages_with_buttons_when_long(bot: BriefingBot):
    await dpytest.message("!timeline")
    embed = dpytest.get_embed()
    assert embed.title == "Timeline"
    assert embed.footer.text.startswith("Page 1/")  # the bundled timeline is long
    rows = bot.sent_payloads[-1]["components"]  # type: ignore[attr-defined]
    labels = [[b["label"] for b in row["components"]] for row in rows]
    assert labels == [
        ["First", "Previous", f"1/{embed.footer.text.split('/')[1]}", "Next", "Last"],
        ["Remove"],
    ]


async def test_a_one_page_answer_in_the_channel_can_be_removed(bot: BriefingBot):
    await dpytest.message("!actor pizza")
    assert not dpytest.get_embed().footer.text  # one page
    rows = bot.sent_payloads[-1]["components"]  # type: ignore[attr-defined]
    assert [b["label"] for row in rows for b in row["components"]] == ["Remove"]


async def test_mentions_in_input_never_ping(bot: BriefingBot):
    await dpytest.message("!claims @everyone <@123> bannu")
    dpytest.get_message()
    payload = bot.sent_payloads[-1]  # type: ignore[attr-defined]
    assert payload["allowed_mentions"]["parse"] == []
    assert not payload["allowed_mentions"].get("users")
    assert not payload["allowed_mentions"].get("roles")
    assert "@everyone" not in str(payload.get("embeds"))


async def test_no_match_is_honest(bot: BriefingBot):
    await dpytest.message("!actor pizza")
    embed = dpytest.get_embed()
    assert embed.title.startswith("No match")
    assert not embed.fields  # nothing cited


async def test_huge_input_gets_an_answer(bot: BriefingBot):
    await dpytest.message("!claims " + "x" * 1900)
    assert dpytest.get_embed().title


async def test_a_mistyped_command_is_answered_as_meant(bot: BriefingBot):
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!claimz bannu")
    assert dpytest.get_embed().title == "Claims: Bannu"


async def test_a_sentence_typed_as_a_command_is_answered_as_a_search(bot: BriefingBot):
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!what happened in bannu?")
    embed = dpytest.get_embed()
    assert embed.title == "Search: what happened in bannu?"
    assert "Bannu" in (embed.description or "")
    assert embed.fields, embed.description  # cited


async def test_latest_and_whats_new_answer_with_the_newest_events(bot: BriefingBot):
    await dpytest.message("!latest")
    embed = dpytest.get_embed()
    assert embed.title == "The latest"
    assert any(f.name == "Sources" for f in embed.fields)  # cited
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!what's new")
    assert dpytest.get_embed().title == "The latest"
    await dpytest.message("!latest news")  # words after it, as after any command
    assert dpytest.get_embed().title == "The latest"
    await dpytest.message("!latest bannu")  # a subject: its timeline
    assert dpytest.get_embed().title.startswith("Timeline: Bannu")


async def test_a_lone_unknown_word_gets_help(bot: BriefingBot):
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!xyzzy")
    assert "xyzzy" in (dpytest.get_embed().description or "")


async def test_cooldown_refuses_a_second_question(store: Store):
    await start(store, cooldown_seconds=60)
    await dpytest.message("!actor ttp")
    dpytest.get_message()
    with pytest.raises(commands.CommandOnCooldown):
        await dpytest.message("!actor ispr")
    assert "try again" in dpytest.get_message().content
    await dpytest.empty_queue()


# --- slash paths: the same callbacks, with spec'd mocks ------------------------------------


def slash_context(bot: BriefingBot) -> MagicMock:
    ctx = MagicMock(spec=commands.Context)
    ctx.bot = bot
    ctx.author = MagicMock(spec=discord.Member, id=77)
    ctx.interaction = MagicMock(spec=discord.Interaction)
    ctx.send = AsyncMock(return_value=MagicMock(spec=discord.Message))
    return ctx


async def test_slash_claims_sends_embed_without_pings(store: Store):
    bot = create_bot(Settings(cooldown_seconds=0), store)
    cog = Query(bot)
    ctx = slash_context(bot)
    await Query.claims.callback(cog, ctx, query="Nangahar")
    kwargs = ctx.send.await_args.kwargs
    assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
    assert kwargs["embed"].title.startswith("Claims")


async def test_slash_private_answers_ephemerally_and_public_ones_do_not(store: Store):
    bot = create_bot(Settings(cooldown_seconds=0), store)
    cog = Query(bot)
    for command in (Query.claims, Query.timeline, Query.actor, Query.source, Query.search):
        ctx = slash_context(bot)
        await command.callback(cog, ctx, query="bannu", private=True)
        kwargs = ctx.send.await_args.kwargs
        assert kwargs["ephemeral"] is True, command.name
        assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
        view = kwargs.get("view")
        assert view is None or "Remove" not in [c.label for c in view.children]
    ctx = slash_context(bot)
    await Query.claims.callback(cog, ctx, query="bannu")
    assert ctx.send.await_args.kwargs["ephemeral"] is False


@pytest.mark.parametrize("status", [AnswerStatus.USAGE, AnswerStatus.AMBIGUOUS])
async def test_slash_did_you_mean_and_usage_answers_are_private(store: Store, status: AnswerStatus):
    bot = create_bot(Settings(cooldown_seconds=0), store)
    cog = Query(bot)
    briefing = MagicMock(spec=Briefing)
    briefing.ask.return_value = Answer(command="claims", status=status, title="Which one?")
    ctx = slash_context(bot)
    with patch.object(Query, "briefing", new_callable=PropertyMock, return_value=briefing):
        await Query.claims.callback(cog, ctx, query="x")
    assert ctx.send.await_args.kwargs["ephemeral"] is True


async def test_private_is_a_slash_option_of_every_question(store: Store):
    bot = create_bot(Settings(), store)
    await bot.setup_hook()
    for name in ("timeline", "claims", "actor", "source", "search"):
        command = bot.tree.get_command(name)
        assert isinstance(command, discord.app_commands.Command)
        options = {p.name: p for p in command.parameters}
        assert options["private"].type is discord.AppCommandOptionType.boolean
        assert not options["private"].required


async def test_autocomplete_offers_at_most_25_choices(store: Store):
    bot = create_bot(Settings(cooldown_seconds=0), store)
    cog = Query(bot)
    interaction = MagicMock(spec=discord.Interaction)
    choices = await cog._subject_choices(interaction, "")
    assert 0 < len(choices) <= MAX_CHOICES
    typed = await cog._actor_choices(interaction, "tehreek")
    assert typed[0].value == "Tehrik-e-Taliban Pakistan"
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices + typed)


async def test_slash_commands_are_registered_with_descriptions(store: Store):
    bot = create_bot(Settings(), store)
    await bot.setup_hook()
    slash = bot.tree.get_commands(type=discord.AppCommandType.chat_input)
    assert {"timeline", "claims", "actor", "source", "search", "help"} <= {c.name for c in slash}
    for command in slash:
        assert 0 < len(command.description) <= 100


def store_of(facts: FactSet) -> Store:
    """A spec'd Store that holds `facts` at revision 0 (a real store would refuse to hold a
    record changed by hand like the one below)."""
    store = create_autospec(Store, instance=True)
    store.path = Path("spec.sqlite3")
    store.head.return_value = 0
    store.snapshot.return_value = facts
    store.reads.return_value = None  # no tables: the snapshot is indexed in memory
    store.facts.return_value = None
    return cast(Store, store)


async def test_a_name_too_long_for_a_choice_is_offered_by_its_id():
    facts = load_dir()[0]
    base = facts.events["bannu-convoy-bombing"]
    headline = "Suicide bombing on a security convoy in Bannu, " + "with a long headline " * 6
    facts.add(base.model_copy(update={"id": "long-headline-event", "headline": headline}))
    assert isinstance(facts.events["long-headline-event"], Event)
    bot = create_bot(Settings(cooldown_seconds=0), store_of(facts))
    choices = await Query(bot)._subject_choices(
        MagicMock(spec=discord.Interaction), "long headline"
    )
    [choice] = [c for c in choices if c.value == "long-headline-event"]
    assert len(choice.name) <= 100
    assert choice.name.endswith("…")
    answer = bot.library.briefing().timeline(choice.value)
    assert [i.id for i in answer.items()] == ["long-headline-event"]


async def test_a_write_holding_the_store_does_not_stall_the_event_loop(store: Store):
    """While another thread holds the store (a moderator's write waiting on SQLite), a question
    waits in a worker thread; the gateway's event loop keeps running."""
    bot = create_bot(Settings(cooldown_seconds=0), store)
    cog, ctx = Query(bot), slash_context(bot)
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store._lock:  # what Store.edit holds while it writes
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(5)
    task = asyncio.create_task(Query.claims.callback(cog, ctx, query="bannu"))
    await asyncio.sleep(0.05)
    assert not task.done()  # the question waits for the store ...
    assert await asyncio.wait_for(asyncio.sleep(0, result="alive"), 1) == "alive"  # ... not us
    release.set()
    await asyncio.wait_for(task, 10)
    thread.join(5)
    assert ctx.send.await_args.kwargs["embed"].title.startswith("Claims: Bannu")


# --- the "Find claims" message context menu ------------------------------------------------


def posted(content: str, *embeds: discord.Embed) -> MagicMock:
    message = MagicMock(spec=discord.Message)
    message.content = content
    message.embeds = list(embeds)
    return message


async def menu_bot(store: Store) -> tuple[BriefingBot, discord.app_commands.ContextMenu]:
    bot = create_bot(Settings(cooldown_seconds=0), store)
    await bot.setup_hook()
    menu = bot.tree.get_command(FIND_CLAIMS, type=discord.AppCommandType.message)
    assert isinstance(menu, discord.app_commands.ContextMenu)
    return bot, menu


async def run_menu(bot: BriefingBot, menu: Any, message: MagicMock) -> MagicMock:
    """Through the tree's own dispatch (lookup, checks, callback, error handlers); only the
    resolving of Discord's payload into a Message is stood in for."""
    interaction = make_interaction(bot, make_member())
    interaction.followup.send.return_value = MagicMock(spec=discord.WebhookMessage)
    key = ResolveKey.any_with("1")
    data: Any = {"name": menu.name, "target_id": "1", "type": 3}
    with patch.object(Namespace, "_get_resolved_items", return_value={key: message}):
        await bot.tree._call_context_menu(interaction, data, discord.AppCommandType.message.value)
    return interaction


def menu_reply(interaction: MagicMock) -> dict[str, Any]:
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    kwargs = interaction.followup.send.await_args.kwargs
    assert kwargs["ephemeral"] is True
    assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
    return kwargs


async def test_find_claims_answers_privately_about_a_pasted_rumour(store: Store):
    bot, menu = await menu_bot(store)
    interaction = await run_menu(
        bot, menu, posted("Heard the TTP killed 50 soldiers in Bannu yesterday??")
    )
    embed = menu_reply(interaction)["embed"]
    assert embed.title.startswith("Claims: ")
    assert "Bannu" in embed.title
    assert any(f.name == "Sources" for f in embed.fields)


async def test_find_claims_reads_a_link_by_the_words_of_its_path(store: Store):
    bot, menu = await menu_bot(store)
    link = "https://www.aljazeera.com/news/2026/2/24/pakistan-strikes-afghanistan"
    embed = menu_reply(await run_menu(bot, menu, posted(link)))["embed"]
    assert embed.title.startswith("Claims: ")
    assert "afghanistan" in embed.title.casefold()


async def test_find_claims_is_honest_when_the_store_holds_nothing(store: Store):
    bot, menu = await menu_bot(store)
    for text in ("the weather in Paris is nice", "lol"):
        embed = menu_reply(await run_menu(bot, menu, posted(text)))["embed"]
        assert embed.title.startswith("No "), text
        assert not embed.fields  # nothing cited


async def test_find_claims_on_a_message_without_words_does_not_list_every_dispute(store: Store):
    bot, menu = await menu_bot(store)
    interaction = await run_menu(bot, menu, posted("<@123> https://example.com"))
    interaction.response.defer.assert_not_awaited()
    assert interaction.response.send_message.await_args.args == (NOTHING_TO_FIND,)
    assert interaction.response.send_message.await_args.kwargs["ephemeral"] is True


async def test_find_claims_pages_a_long_answer_privately(store: Store):
    bot, menu = await menu_bot(store)
    interaction = await run_menu(bot, menu, posted("what did Mujahid say about Pakistan"))
    kwargs = menu_reply(interaction)
    view = kwargs["view"]
    assert isinstance(view, Pager)
    assert view.private
    assert "Remove" not in [c.label for c in view.children]


async def test_a_failing_menu_is_logged_and_answered(
    store: Store, caplog: pytest.LogCaptureFixture
):
    bot, menu = await menu_bot(store)
    cog = bot.get_cog("Query")  # the extension's own module: not `Query` imported here
    assert cog is not None

    def broken(text: str) -> Any:
        raise RuntimeError("boom")

    cog.claims_in = broken  # type: ignore[attr-defined]
    interaction = await run_menu(bot, menu, posted("bannu"))
    assert "boom" in caplog.text
    assert interaction.followup.send.await_args.args == (MENU_FAILED,)
    assert interaction.followup.send.await_args.kwargs["ephemeral"] is True


def match(label: str, score: float) -> Match:
    return Match(
        record_id=label.lower(), kind="place", label=label, via=label, name_kind="name", score=score
    )


def test_autocomplete_keeps_the_25_best_not_the_first_25():
    found = [match(f"Weak {n}", 60.0) for n in range(30)] + [match("Strong", 95.0)]
    found += [match("Bannu convoy bombing", 100.0), match("Bannu", 100.0)]
    best = best_choices(found)
    assert len(best) == MAX_CHOICES
    # Equal scores keep the index's order (it ranks names before topics, shorter first).
    assert [m.label for m in best[:3]] == ["Bannu convoy bombing", "Bannu", "Strong"]
    assert best_choices(found, typed=False)[0].label == "Weak 0"  # nothing typed: index order


async def test_autocomplete_ranks_what_the_index_finds(store: Store):
    bot = create_bot(Settings(cooldown_seconds=0), store)
    choices = await Query(bot)._subject_choices(MagicMock(spec=discord.Interaction), "pak")
    found = bot.library.briefing().index.complete("pak", kinds=SUBJECT_KINDS, limit=200)
    best = best_choices(found)
    assert [c.value for c in choices] == [_choice_value(m) for m in best]
    assert len(choices) <= MAX_CHOICES
    assert [m.score for m in best] == sorted((m.score for m in best), reverse=True)


# --- slash commands through the app command tree -------------------------------------------


async def slash(bot: BriefingBot, name: str, **options: Any) -> MagicMock:
    """Invoke a slash command through the tree (lookup, option parsing, the hybrid's context,
    checks, callback), as Discord's interaction would; the interaction is a spec'd mock."""
    types = {str: discord.AppCommandOptionType.string, bool: discord.AppCommandOptionType.boolean}
    interaction = make_interaction(bot, make_member())
    interaction.type = discord.InteractionType.application_command
    payload = [{"name": k, "type": types[type(v)].value, "value": v} for k, v in options.items()]
    interaction.data = {"id": "1", "type": 1, "name": name, "options": payload}
    interaction.guild_id = interaction.guild.id
    interaction.message = MagicMock(spec=discord.Message)
    interaction.command_failed = False
    interaction.is_expired.return_value = False
    interaction.original_response.return_value = MagicMock(spec=discord.InteractionMessage)
    # A mock does not compute `namespace` from the data as the real Interaction does.
    interaction.namespace = Namespace(interaction, {}, payload)

    def answered(*args: Any, **kwargs: Any) -> MagicMock:
        interaction.response.is_done.return_value = True
        return MagicMock(resource=MagicMock(spec=discord.InteractionMessage))

    interaction.response.send_message.side_effect = answered
    await bot.tree._call(interaction)
    return interaction


async def test_slash_claims_private_true_is_ephemeral_through_the_tree(store: Store):
    bot = await start(store)
    private = await slash(bot, "claims", query="bannu", private=True)
    kwargs = private.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    assert kwargs["embed"].title.startswith("Claims: ")
    assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
    public = await slash(bot, "claims", query="bannu")
    kwargs = public.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is False
    assert [c.label for c in kwargs["view"].children] == ["Remove"]  # the asker may remove it
    await dpytest.empty_queue()


async def test_slash_timeline_private_pages_privately_through_the_tree(store: Store):
    bot = await start(store)
    interaction = await slash(bot, "timeline", private=True)
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    view = kwargs["view"]
    assert isinstance(view, Pager)
    assert view.private
    assert [c.label for c in view.children][:2] == ["First", "Previous"]
    assert "Remove" not in [c.label for c in view.children]
    await dpytest.empty_queue()


def test_find_claims_prefers_the_thing_whose_one_claim_answers_the_message():
    words = _words("Heard the TTP killed 50 soldiers in Bannu yesterday")

    def claims(*texts: str) -> Answer:
        items = [Item(id=f"c{n}", kind="claim", title="X", text=t) for n, t in enumerate(texts)]
        return Answer(command="claims", title="t", sections=[Section(heading="h", items=items)])

    war = claims(*(["TTP strongholds hit"] * 30), "soldiers killed", "Bannu district")
    convoy = claims("TTP says it killed soldiers in Bannu", "the army says three died")
    ranked = sorted(
        [(match("TTP war", 90.0), war), (match("Bannu convoy", 80.0), convoy)],
        key=lambda pair: _closeness(words, *pair),
    )
    assert ranked[0][0].label == "Bannu convoy"
