"""The daily digest on Discord: a once-a-minute tick posts it to each channel that is due,
and moderators preview it, post it now, and choose the channels and the time.

A per-minute tick with `should_post` (rather than `tasks.loop(time=...)`) catches up after a
restart: the loop itself never replays missed runs. What was sent is in the store, so a
restart never posts twice. A channel that fails is logged and skipped; the loop goes on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import uuid

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.app import BriefingBot
from bot.checks import DIGEST_ELSEWHERE, require_moderator
from bot.context import Context
from bot.limits import MESSAGE_CHARS, THREAD_NAME
from bot.render import escape_prose, render_embeds
from bot.replies import NO_PINGS, send_answer, send_text
from facts.answers import Answer
from facts.digest import (
    DigestConfig,
    build_digest,
    changes_answer,
    claim_digest,
    days_thread,
    default_since,
    due_date,
    finish_digest,
    last_sent,
    load_config,
    parse_moment,
    parse_time_and_zone,
    record_page,
    save_channels,
    save_days_thread,
    save_threads,
    save_time,
    should_post,
)
from facts.store import Clock, Store

log = logging.getLogger(__name__)
# A transient failure (a 5xx, a timeout) is retried on the next ticks, this many times a day.
MAX_ATTEMPTS = 3


def discord_time(when: dt.datetime) -> str:
    """A time the bot reports, as a Discord timestamp: each reader sees it in their own zone."""
    return discord.utils.format_dt(when, "f")


class ChannelGone(Exception):
    """The configured channel is not one the bot can see or post to."""


class Digest(commands.Cog):
    """The scheduled digest and the moderators' `digest` commands."""

    def __init__(self, bot: BriefingBot, *, clock: Clock | None = None) -> None:
        self.bot = bot
        # Tests replace this to drive the schedule; it must return an aware datetime.
        self.clock: Clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._attempts: dict[tuple[int, dt.date], int] = {}
        # Who claims a digest: this process and this cog (a restart is someone else).
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    @property
    def store(self) -> Store:
        """For the methods below that run off the event loop (through `bot.stored`)."""
        return self.bot.store

    def config(self) -> DigestConfig:
        s = self.bot.settings
        return load_config(self.store, s.digest_channels, s.digest_time, s.digest_timezone)

    def digest(self, since: dt.datetime, now: dt.datetime, config: DigestConfig) -> Answer:
        briefing = self.bot.library.briefing()
        return build_digest(
            self.store, since=since, now=now, tz=config.tz, briefing=briefing, moment=discord_time
        )

    # --- the schedule --------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # Started once connected (on_ready fires again after reconnects: start only once).
        # Its first iteration is the catch-up for a digest missed while the bot was down.
        if not self.scheduler.is_running():
            self.scheduler.start()

    async def cog_unload(self) -> None:
        self.scheduler.cancel()

    @tasks.loop(minutes=1)
    async def scheduler(self) -> None:
        await self.tick()

    async def tick(self) -> list[int]:
        """Post to every channel that is due; returns the ids posted to. Never raises: an
        exception would stop the loop for good."""
        try:
            config = await self.bot.stored(self.config)
        except Exception:
            log.exception("digest: the configuration cannot be read; nothing posted")
            return []
        now = self.clock()
        due = due_date(now, config.at, config.tz)
        # Failed attempts only matter for the digest now due; forget earlier days.
        self._attempts = {key: n for key, n in self._attempts.items() if key[1] >= due}
        posted = []
        for channel_id in config.channels:
            if self._attempts.get((channel_id, due), 0) >= MAX_ATTEMPTS:
                continue
            try:
                if await self._post_if_due(channel_id, now, due, config):
                    posted.append(channel_id)
            except (ChannelGone, discord.Forbidden, discord.NotFound) as exc:
                # Will not mend itself within the day: no retry until the next digest.
                self._attempts[(channel_id, due)] = MAX_ATTEMPTS
                log.warning("digest: channel %s failed, skipped for %s: %r", channel_id, due, exc)
            except Exception:
                tries = self._attempts[(channel_id, due)] = (
                    self._attempts.get((channel_id, due), 0) + 1
                )
                log.exception(
                    "digest: channel %s failed (attempt %d of %d)", channel_id, tries, MAX_ATTEMPTS
                )
        return posted

    async def _post_if_due(
        self, channel_id: int, now: dt.datetime, due: dt.date, config: DigestConfig
    ) -> bool:
        """Claim the day's digest for the channel (one process wins), then send the pages
        not yet sent, counting each. Every store call runs off the event loop: another
        process may hold the store's write lock for as long as the busy timeout."""
        store = self.store
        last = await self.bot.stored(last_sent, store, channel_id)
        if not should_post(last.date if last else None, now, config.at, config.tz):
            return False
        claim = await self.bot.stored(
            lambda: claim_digest(store, channel_id, due, owner=self.owner, now=now)
        )
        if claim is None:  # sent already, or another process is sending it
            return False
        channel = await self._channel(channel_id)
        since = last.at if last else claim.at - dt.timedelta(days=1)
        # Built at the claim's moment, so a retry rebuilds the pages the first try counted.
        answer = await self.bot.stored(self.digest, since, claim.at, config)
        pages = await asyncio.to_thread(render_embeds, answer)  # as replies.rendered
        target: discord.abc.Messageable = channel
        if channel_id in config.threads:
            target = await self._days_thread(channel, channel_id, due, answer)
        for embed in pages[claim.pages :]:
            await target.send(embed=embed, allowed_mentions=NO_PINGS)
            claim = await self.bot.stored(record_page, store, channel_id, due, claim)
        await self.bot.stored(finish_digest, store, channel_id, due, claim)
        log.info("digest: posted to channel %s for %s", channel_id, due)
        return True

    async def _days_thread(
        self, channel: discord.abc.Messageable, channel_id: int, due: dt.date, answer: Answer
    ) -> discord.abc.Messageable:
        """The thread the day's digest goes in: the one opened for this date already (a
        retry after a failed page continues there), else a new one on a one-line message
        (the title and summary). If no thread can be opened the pages follow that line in
        the channel: the digest is never lost for want of a permission."""
        opened = await self.bot.stored(days_thread, self.store, channel_id, due)
        if opened is not None:
            try:
                found = self.bot.get_channel(opened) or await self.bot.fetch_channel(opened)
            except discord.HTTPException:
                found = None
            if isinstance(found, discord.Thread):
                return found
        line = f"**{escape_prose(answer.title)}**: {escape_prose(answer.summary or '')}"
        starter = await channel.send(line[:MESSAGE_CHARS], allowed_mentions=NO_PINGS)
        try:
            thread = await starter.create_thread(
                name=answer.title[:THREAD_NAME], auto_archive_duration=1440
            )
        except discord.HTTPException as exc:
            log.warning("digest: no thread in channel %s, posting there: %r", channel_id, exc)
            return channel
        await self.bot.stored(save_days_thread, self.store, channel_id, due, thread.id)
        return thread

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            channel = await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelGone(f"channel {channel_id} is a {type(channel).__name__}")
        return channel

    # --- moderator commands --------------------------------------------------------------

    async def cog_check(self, ctx: Context) -> bool:  # type: ignore[override]
        """Every command here is a moderator's, in the newsroom's own server (prefix and
        slash: discord.py runs a cog_check for a hybrid command's slash invocation too)."""
        return require_moderator(ctx, DIGEST_ELSEWHERE)

    def _since_for(self, channel_id: int, now: dt.datetime, config: DigestConfig) -> dt.datetime:
        last = last_sent(self.store, channel_id)
        if last is not None and last.at <= now:
            return last.at
        return default_since(self.store, config.channels, now)

    # discord.py types its hybrid decorators over a union of two callback shapes (method or
    # free function), which mypy cannot infer (it expects `def (Never, Never, ...)`): hence the
    # `type: ignore[arg-type]` on each one. warn_unused_ignores will say when that is fixed.
    @commands.hybrid_group(name="digest", description="The daily digest (moderators)")  # type: ignore[arg-type]
    @app_commands.guild_only()  # hides /digest in DMs; cog_check refuses `!digest` there
    @app_commands.default_permissions(manage_guild=True)  # hidden from members' slash menu
    async def digest_group(self, ctx: Context) -> None:
        """The daily digest: now, preview, changes, channel add|remove, thread, time."""
        if ctx.invoked_subcommand is None:
            prefix = ctx.command_prefix
            await send_text(
                ctx,
                f"`{prefix}digest now` · `{prefix}digest preview` · "
                f"`{prefix}digest changes [since]` · "
                f"`{prefix}digest channel add|remove #channel` · "
                f"`{prefix}digest thread #channel on|off` · "
                f"`{prefix}digest time HH:MM Area/City`",
            )

    @digest_group.command(name="now", description="Post the digest here, now")  # type: ignore[arg-type]
    async def digest_now(self, ctx: Context) -> None:
        """Post the digest in this channel now (the daily schedule is unchanged)."""
        answer = await self.bot.stored(self._digest_here, ctx.channel.id)
        pages = await asyncio.to_thread(render_embeds, answer)  # as replies.rendered
        for embed in pages:
            await ctx.send(embed=embed, allowed_mentions=NO_PINGS)

    @digest_group.command(name="preview", description="The digest as it stands, with the schedule")  # type: ignore[arg-type]
    async def digest_preview(self, ctx: Context) -> None:
        """The digest as it would be posted now, and when and where it goes."""
        config, now = await self.bot.stored(self.config), self.clock()
        await send_answer(ctx, await self.bot.stored(self._digest_here, ctx.channel.id, now))
        await send_text(ctx, self._schedule_line(config, now))

    @digest_group.command(name="changes", description="Every change the digest counts, paged")  # type: ignore[arg-type]
    @app_commands.describe(
        since="an ISO time, e.g. 2026-03-02T08:00Z (default: the last digest in this channel)"
    )
    async def digest_changes(self, ctx: Context, *, since: str = "") -> None:
        """Every change to the facts store since the last digest here (or `since`, an ISO
        time, which may be typed with a space: the rest of the line), one a line, paged: the
        digest itself shows the first few."""
        config = await self.bot.stored(self.config)
        try:
            start = parse_moment(since, config.tz) if since.strip() else None
        except ValueError as exc:
            await send_text(ctx, str(exc), ephemeral=True)
            return
        await send_answer(ctx, await self.bot.stored(self._changes_here, ctx.channel.id, start))

    def _changes_here(self, channel_id: int, since: dt.datetime | None) -> Answer:
        """Every change of the window `digest now` would cover here, or since `since` (reads
        the store: run off the loop)."""
        config, now = self.config(), self.clock()
        start = since or self._since_for(channel_id, now, config)
        return changes_answer(self.store, since=start, now=now, moment=discord_time)

    def _digest_here(self, channel_id: int, now: dt.datetime | None = None) -> Answer:
        """The digest for a channel as it stands (reads the store: run off the loop)."""
        config, now = self.config(), now or self.clock()
        return self.digest(self._since_for(channel_id, now, config), now, config)

    def _schedule_line(self, config: DigestConfig, now: dt.datetime) -> str:
        where = (
            " ".join(
                f"<#{c}>" + (" (a thread a day)" if c in config.threads else "")
                for c in config.channels
            )
            or "no channel yet"
        )
        return f"Digest {config.describe(now)}: {where}."

    @digest_group.group(name="channel", description="Where the digest is posted")  # type: ignore[arg-type]
    async def digest_channel(self, ctx: Context) -> None:
        """Add or remove a digest channel."""
        if ctx.invoked_subcommand is None:
            prefix = ctx.command_prefix
            await send_text(ctx, f"`{prefix}digest channel add|remove #channel`")

    @digest_channel.command(name="add", description="Post the daily digest in a channel")  # type: ignore[arg-type]
    async def channel_add(self, ctx: Context, channel: discord.TextChannel) -> None:
        config = await self.bot.stored(self.config)
        if channel.id in config.channels:
            await send_text(ctx, f"{channel.mention} gets the digest already.")
            return
        await self.bot.stored(save_channels, self.store, [*config.channels, channel.id])
        note = ""
        me = channel.guild.me
        if me is not None:
            perms = channel.permissions_for(me)
            if not (perms.send_messages and perms.embed_links):
                note = " I cannot post there yet: I need Send Messages and Embed Links."
        await send_text(ctx, f"The digest will be posted in {channel.mention}.{note}")

    @digest_channel.command(name="remove", description="Stop the daily digest in a channel")  # type: ignore[arg-type]
    async def channel_remove(self, ctx: Context, channel: discord.TextChannel) -> None:
        config = await self.bot.stored(self.config)
        if channel.id not in config.channels:
            await send_text(ctx, f"{channel.mention} does not get the digest.")
            return
        kept = [c for c in config.channels if c != channel.id]
        await self.bot.stored(save_channels, self.store, kept)
        await send_text(ctx, f"No more digests in {channel.mention}.")

    @digest_group.command(name="thread", description="Post a channel's digest as a thread a day")  # type: ignore[arg-type]
    @app_commands.describe(
        channel="a digest channel", on="True: a thread a day; False: in the channel"
    )
    async def digest_thread(self, ctx: Context, channel: discord.TextChannel, on: bool) -> None:
        """`digest thread #channel on`: each day's digest in its own thread, one line a day in
        the channel; `off` posts it in the channel again."""
        config = await self.bot.stored(self.config)
        rest = [c for c in config.threads if c != channel.id]
        await self.bot.stored(save_threads, self.store, [*rest, channel.id] if on else rest)
        if not on:
            await send_text(ctx, f"The digest is posted in {channel.mention} itself again.")
            return
        note = "" if channel.id in config.channels else " (it is not a digest channel yet)"
        me = channel.guild.me
        if me is not None:
            perms = channel.permissions_for(me)
            if not (perms.create_public_threads and perms.send_messages_in_threads):
                note += (
                    " I cannot open threads there yet: I need Create Public Threads and Send"
                    " Messages in Threads (until then the digest follows its line there)."
                )
        await send_text(
            ctx, f"Each day's digest in {channel.mention} goes in a thread of its own.{note}"
        )

    @digest_group.command(name="time", description="When the digest is posted (local time)")  # type: ignore[arg-type]
    async def digest_time(self, ctx: Context, at: str, *, zone: str = "") -> None:
        """`digest time 08:00 Europe/Berlin`, `digest time 7:30 pm asia/karachi` (the zone is
        kept when left out)."""
        try:
            when, typed_zone = parse_time_and_zone(f"{at} {zone}")
            tz = typed_zone or (await self.bot.stored(self.config)).tz
        except ValueError as exc:
            await send_text(ctx, str(exc))
            return
        await self.bot.stored(save_time, self.store, when, tz)
        config = await self.bot.stored(self.config)
        await send_text(ctx, f"Digest {config.describe(self.clock())}.")


async def setup(bot: BriefingBot) -> None:
    await bot.add_cog(Digest(bot))
