"""The questions: hybrid commands, so `!claims bannu` and `/claims` share one definition,
with slash autocomplete from the same fuzzy index the answers use."""

from __future__ import annotations

import contextlib
import logging
import re
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import BriefingBot
from bot.context import Context
from bot.help import help_answer
from bot.limits import CHOICE_CHARS, MAX_CHOICES
from bot.paging import reply_privately
from bot.pictures import add_picture
from bot.replies import respond_answer, send_answer
from bot.storecalls import StoreFailed
from facts.answers import Answer, AnswerStatus
from facts.briefing import SUBJECT_KINDS, Briefing
from facts.search import Match, clean_query, terms

log = logging.getLogger(__name__)
PRIVATE = "only you see the answer"
FIND_CLAIMS = "Find claims"  # the message context menu
MENU_FAILED = "Something went wrong answering that; it has been logged."
MAX_TRIES = 5  # of the things a message names, how many are asked before giving up
NOTHING_TO_FIND = "That message has no words to look up (only links, mentions or emoji)."
_URL = re.compile(r"https?://(?:[^/\s]+)(/\S*)?")
_SLUG_WORD = re.compile(r"[^\W\d_]{3,}")
_URL_NOISE = {"www", "com", "org", "net", "html", "htm", "php", "amp", "news", "article"}


def user_cooldown(ctx: commands.Context[BriefingBot]) -> commands.Cooldown | None:
    """One question per user every `cooldown_seconds` (a setting); 0 turns it off. (Typed
    by its bot, not as our Context: dynamic_cooldown promises only a commands.Context.)"""
    seconds = ctx.bot.settings.cooldown_seconds
    return commands.Cooldown(1, seconds) if seconds else None


def best_choices(matches: list[Match], *, typed: bool = True) -> list[Match]:
    """The MAX_CHOICES best by the search's score, not the first found. Among equal scores
    the index's own order stands (it ranks names before topics, shorter first); with nothing
    typed there is nothing to rank by. The index is asked for MAX_CHOICES only: names that
    start with what is typed score 100 and come first, so asking for more changes nothing
    shown and runs the fuzzy search on nearly every keystroke (issue 15)."""
    ranked = sorted(matches, key=lambda m: -m.score) if typed else matches
    return ranked[:MAX_CHOICES]


def _shorten(text: str) -> str:
    return text if len(text) <= CHOICE_CHARS else text[: CHOICE_CHARS - 1] + "…"


def _choice_value(match: Match) -> str:
    """What the command receives: the name, or the record's id when the name is too long for
    Discord (a cut headline might resolve to something else; the id resolves exactly)."""
    return match.label if len(match.label) <= CHOICE_CHARS else match.record_id


def _link_words(match: re.Match[str]) -> str:
    """A link as the words of its path: `.../2026/2/24/pakistan-strikes-afghanistan` ->
    `pakistan strikes afghanistan` (the store keeps no URLs; a slug names the story)."""
    words = _SLUG_WORD.findall(match.group(1) or "")
    return " " + " ".join(w for w in words if w.casefold() not in _URL_NOISE) + " "


def _words(text: str) -> set[str]:
    return {t for t in terms(text) if len(t) >= 3}  # `is`, `it`: not words that name a thing


def _closeness(words: set[str], match: Match, answer: Answer) -> tuple[int, int, int]:
    """How well a candidate's claims answer a message, smaller is better (for `min`): the
    message's words in its name, then in its best claim (one claim: a long list would cover
    many words by its length alone), then the fewer claims."""
    best = max(
        (len(words & _words(f"{i.title} {i.text} {i.figure or ''}")) for i in answer.items()),
        default=0,
    )
    return (-len(words & _words(match.via)), -best, len(answer.items()))


def message_text(message: discord.Message) -> str:
    """What a message says: its text, and the title and description of its embeds (a link's
    preview), with links turned into the words of their path."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
    return " ".join(_URL.sub(_link_words, part) for part in parts if part).strip()


class Query(commands.Cog):
    """Timeline, claims, actor, source, search and help; and the "Find claims" menu."""

    def __init__(self, bot: BriefingBot) -> None:
        self.bot = bot
        self.find_menu = app_commands.ContextMenu(name=FIND_CLAIMS, callback=self.find_claims)
        self.find_menu.error(self._find_claims_failed)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.find_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.find_menu.name, type=self.find_menu.type)

    @property
    def briefing(self) -> Briefing:
        return self.bot.library.briefing()

    async def _answer(self, ctx: Context, command: str, query: str, private: bool = False) -> None:
        started = time.perf_counter()
        # Off the event loop: the store's lock may be held by a moderator's write, and an index
        # rebuild after an edit is CPU work; neither should stall the gateway.
        answer = await self.bot.stored(lambda: self.briefing.ask(command, query))
        # Usage errors and "did you mean" are for the asker, not the channel (slash only).
        private = private or answer.status in (AnswerStatus.USAGE, AnswerStatus.AMBIGUOUS)
        message = await send_answer(ctx, answer, ephemeral=private)
        await add_picture(message, answer)  # the timeline's picture, when it has dated events
        log.info(
            "command=%s user=%s query=%r status=%s ms=%.1f",
            command,
            ctx.author.id,
            query[:200],
            answer.status.value,
            (time.perf_counter() - started) * 1000,
        )

    async def _complete(
        self, current: str, kinds: tuple[str, ...]
    ) -> list[app_commands.Choice[str]]:
        try:
            matches = await self.bot.stored(
                lambda: self.briefing.index.complete(current, kinds=kinds, limit=MAX_CHOICES)
            )
        except StoreFailed:  # logged; an empty list is all autocomplete can say
            return []
        return [
            app_commands.Choice(name=_shorten(f"{m.label} ({m.kind})"), value=_choice_value(m))
            for m in best_choices(matches, typed=bool(current.strip()))
        ]

    # discord.py types its hybrid decorators over a union of two callback shapes (method or
    # free function), which mypy cannot infer (it expects `def (Never, Never, ...)`): hence the
    # `type: ignore[arg-type]` on each one. warn_unused_ignores will say when that is fixed.
    @commands.hybrid_command(name="timeline", description="Events in date order")  # type: ignore[arg-type]
    @app_commands.describe(
        query="a place, actor, event or dates (2026-02-20..2026-02-28)", private=PRIVATE
    )
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def timeline(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """Events in date order, optionally for a place, an actor or a date range."""
        await self._answer(ctx, "timeline", query, private)

    @commands.hybrid_command(name="claims", description="Who says what, disputes side by side")  # type: ignore[arg-type]
    @app_commands.describe(
        query="an event, place, actor or topic; empty: the newest open disputes; all: every one",
        private=PRIVATE,
    )
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def claims(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """What each party says, disputed figures side by side."""
        await self._answer(ctx, "claims", query, private)

    @commands.hybrid_command(name="actor", description="Who they are, what they did and said")  # type: ignore[arg-type]
    @app_commands.describe(query="a name, acronym or spelling: TTP, ISPR, Mujahid", private=PRIVATE)
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def actor(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """An organisation or person: aliases, events, claims."""
        await self._answer(ctx, "actor", query, private)

    @commands.hybrid_command(  # type: ignore[arg-type]
        name="source", description="An article and what the store takes from it"
    )
    @app_commands.describe(
        query="publisher, author or id; empty lists the latest articles", private=PRIVATE
    )
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def source(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """An article's metadata and what the store takes from it."""
        await self._answer(ctx, "source", query, private)

    @commands.hybrid_command(name="search", description="Search everything")  # type: ignore[arg-type]
    @app_commands.describe(query="a name, place or topic", private=PRIVATE)
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def search(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """Anything in the store."""
        await self._answer(ctx, "search", query, private)

    @commands.hybrid_command(  # type: ignore[arg-type]
        name="latest", description="The newest events and the leading open disputes"
    )
    @app_commands.describe(query="empty: what's new; a subject: its timeline", private=PRIVATE)
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def latest(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """What's new: the latest events on the timeline and the disputes most articles cover."""
        await self._answer(ctx, "latest", query, private)

    @commands.hybrid_command(name="help", description="The commands, with examples")  # type: ignore[arg-type]
    @app_commands.describe(command="one command in full: claims, fact edit, digest time, ...")
    async def help(self, ctx: Context, *, command: str = "") -> None:
        """Every command with an example, and what the bot cannot do; `help claims` for one."""
        answer = help_answer(self.bot, ctx.command_prefix, command)
        await send_answer(ctx, answer, ephemeral=answer.status is AnswerStatus.USAGE)

    @timeline.autocomplete("query")
    @claims.autocomplete("query")
    async def _subject_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, SUBJECT_KINDS)

    @actor.autocomplete("query")
    async def _actor_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, ("actor",))

    @source.autocomplete("query")
    async def _source_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, ("source",))

    @search.autocomplete("query")
    async def _any_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, ("actor", "place", "event", "source"))

    # --- the message context menu ----------------------------------------------------------

    async def find_claims(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Right-click a message, Apps, Find claims: what the store says about its words,
        privately; or honestly that it holds nothing."""
        text = message_text(message)
        if not clean_query(text)[0]:
            # Not `claims` with no subject: that would list every dispute.
            await reply_privately(interaction, NOTHING_TO_FIND)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        started = time.perf_counter()
        answer = await self.bot.stored(self.claims_in, text)
        await respond_answer(interaction, answer)
        log.info(
            "command=menu user=%s query=%r status=%s ms=%.1f",
            interaction.user.id,
            text[:200],
            answer.status.value,
            (time.perf_counter() - started) * 1000,
        )

    async def _find_claims_failed(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        original = getattr(error, "original", error)
        log.error("menu %r failed for user %s", FIND_CLAIMS, interaction.user.id, exc_info=original)
        with contextlib.suppress(discord.HTTPException):
            await reply_privately(interaction, MENU_FAILED)

    def claims_in(self, text: str) -> Answer:
        """`claims` on a message's words. A message is not a query: when its words as a
        whole find nothing or several things, the claims about the closest thing it names,
        and the others to ask about next."""
        briefing = self.briefing
        answer = briefing.claims(text)
        if answer.status not in (AnswerStatus.AMBIGUOUS, AnswerStatus.NO_MATCH):
            return answer
        # Only what the message names in so many words: a fuzzy near-miss of a long message
        # ("the weather in Paris" -> some headline) would be an answer it never asked for.
        words = _words(text)
        candidates = [
            m
            for m in briefing.index.resolve(text, SUBJECT_KINDS).candidates
            if words & _words(m.via)
        ]
        # Of the things it names, the closest: the most of the message's words in its name,
        # then in its claims, then the fewest claims (a convoy bombing before a whole war).
        answers = [(m, briefing.claims(m.record_id)) for m in candidates[:MAX_TRIES]]
        answers = [(m, a) for m, a in answers if a.status is AnswerStatus.OK and a.items()]
        if not answers:
            named = ", ".join(f"{m.label} ({m.kind})" for m in candidates[:MAX_TRIES])
            return Answer(
                command="claims",
                query=text,
                status=AnswerStatus.NO_MATCH,
                title="No claims on record for that message",
                summary=(f"It names {named}, but the store" if named else "The facts store")
                + " holds no claims about what it says, so there is nothing to cite.",
            )
        best, found = min(answers, key=lambda pair: _closeness(words, *pair))
        others = [m for m in candidates if m.record_id != best.record_id][:4]
        also = " · ".join(
            f"`/claims {m.record_id if m.kind == 'event' else m.label}`" for m in others
        )
        summary = (
            f"The message names several things; this is {best.label} ({best.kind}). Also: {also}"
            if also
            else f"What the message names: {best.label} ({best.kind})."
        )
        return found.model_copy(
            update={"summary": f"{summary}\n{found.summary or ''}".strip(), "query": text}
        )


async def setup(bot: BriefingBot) -> None:
    await bot.add_cog(Query(bot))
