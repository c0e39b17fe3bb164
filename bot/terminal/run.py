"""`briefing run | sync`: the Discord bot, and registering its slash commands.

discord.py and aiohttp are imported only when these commands run (see `create_bot`), and so
is asyncio (a tenth of a second of every start): this module is loaded for every command, and
`ask` and `console` never need them."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import stat
import sys
from typing import TYPE_CHECKING

from bot.logs import redact, setup_logging
from bot.settings import Settings
from bot.terminal.console import run_console_command
from bot.terminal.opened import opened, settings_for
from facts.store import Store, StoreUnavailable

if TYPE_CHECKING:
    from bot.app import BriefingBot  # noqa: TID251 (a type only)

log = logging.getLogger(__name__)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    run = subparsers.add_parser(
        "run",
        help="start the Discord bot (the console when no DISCORD_TOKEN is set)",
        parents=[common],
    )
    run.set_defaults(handler=run_bot)

    sync = subparsers.add_parser(
        "sync",
        help="register the slash commands with Discord (globally or for one guild)",
        parents=[common],
    )
    sync.add_argument(
        "--guild",
        type=int,
        default=None,
        help="guild id: instant, for testing (default: BRIEFING_GUILD_ID)",
    )
    sync.add_argument(
        "--global",
        dest="everywhere",
        action="store_true",
        help="every guild (can take up to an hour to appear)",
    )
    sync.set_defaults(handler=run_sync)


def someone_is_typing() -> bool:
    """Whether standard input can bring commands: a terminal, a pipe or a file (not the
    /dev/null or closed input a service manager or a detached container gives)."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def run_bot(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    if settings.discord_token is None:
        if not someone_is_typing():
            # A service (systemd, a container) without its token: fail loudly, not sit idle.
            print(
                "DISCORD_TOKEN is not set, so the bot cannot connect to Discord. Set it (see "
                "README: Setting up Discord), or run `briefing console` for the local console.",
                file=sys.stderr,
            )
            return 1
        print(
            "No DISCORD_TOKEN is set, so the bot cannot connect to Discord; opening the "
            "local console on the facts store instead (see README: Setting up Discord).\n"
        )
        return run_console_command(args)
    token = settings.discord_token.get_secret_value()
    import asyncio  # noqa: PLC0415 (only `run` and `sync` need it: see the module's text)

    try:
        # Our handler (key=value lines, the token redacted) instead of discord.py's own.
        setup_logging(settings.log_level, secrets=[token])
        asyncio.run(serve(settings, token))
    except (KeyboardInterrupt, asyncio.CancelledError):
        return 0  # Ctrl-C or the service manager's stop: the bot and the store are closed
    except Exception as exc:
        # Never the interpreter's traceback: it bypasses the log filter, and a server that
        # echoes the Authorization header puts the token in it. One line, redacted; the
        # traceback (redacted too) only in the DEBUG log.
        log.debug("briefing run stopped", exc_info=exc)
        line = " ".join(run_failure(exc).split())
        print(f"briefing run: {redact(line, [token])}", file=sys.stderr)
        return 1
    return 0


async def serve(settings: Settings, token: str) -> None:
    """The bot until it stops, as discord.py's examples/advanced_startup.py runs one: `async
    with` closes its connections, and `opened` the store, however it stops (an error, Ctrl-C,
    or SIGTERM from systemd or `docker stop`, which would otherwise end the process on the
    spot)."""
    with opened(settings) as (_, store):
        async with create_bot(settings, store) as bot:
            _cancel_on_sigterm()
            await bot.start(token)


def _cancel_on_sigterm() -> None:
    import asyncio  # noqa: PLC0415 (see run_bot)

    task = asyncio.current_task()
    if task is not None:
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)


TOKEN_REFUSED = (
    "Discord refused the token: it is wrong, or it was reset. Copy a new one (Developer "
    "Portal → Bot → Reset Token) into DISCORD_TOKEN, check it with `briefing doctor`, then "
    "start again."
)
INTENTS_OFF = (
    "Discord refused the connection: the Message Content Intent is not enabled for this "
    "bot. Turn it on (Developer Portal → your application → Bot → Privileged Gateway "
    "Intents, then Save Changes) and start again."
)


def run_failure(exc: BaseException) -> str:
    """What stopped `briefing run`, and what to do, in words (redacted by the caller)."""
    import aiohttp  # noqa: PLC0415, TID251 (see create_bot)
    import discord  # noqa: PLC0415, TID251

    if isinstance(exc, discord.LoginFailure):
        return TOKEN_REFUSED
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return INTENTS_OFF
    if isinstance(exc, discord.ConnectionClosed):
        if exc.code == 4004:  # authentication failed
            return TOKEN_REFUSED
        if exc.code in (4013, 4014):  # invalid or disallowed intents
            return INTENTS_OFF
        reason = f": {exc.reason}" if exc.reason else ""
        return (
            f"Discord closed the connection (code {exc.code}{reason}). Check "
            "`briefing doctor`, then start again."
        )
    if isinstance(exc, discord.HTTPException):
        return (
            f"Discord answered HTTP {exc.status}: {exc.text or exc}. Check `briefing doctor`, "
            "then start again."
        )
    if isinstance(exc, StoreUnavailable):  # already one line: what is wrong, what to do
        return str(exc)
    if isinstance(exc, aiohttp.ClientError | OSError):
        return (
            f"could not reach Discord ({type(exc).__name__}: {exc}). Check the network or "
            "firewall, then start again."
        )
    return (
        f"stopped on an unexpected {type(exc).__name__}: {exc}. "
        "BRIEFING_LOG_LEVEL=DEBUG logs the details (the token redacted)."
    )


def create_bot(settings: Settings, store: Store) -> BriefingBot:
    """The Discord bot. discord.py and aiohttp are imported here, not with the module: `ask`
    and `console` never need them, and they are most of a cold start."""
    from bot.app import create_bot as create  # noqa: PLC0415, TID251 (only `run`, `sync`)

    return create(settings, store)


def run_sync(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    if settings.discord_token is None:
        print("briefing sync needs DISCORD_TOKEN: it registers the slash commands with Discord.")
        return 1
    guild_id = None if args.everywhere else (args.guild or settings.guild_id)
    import asyncio  # noqa: PLC0415 (see run_bot)

    return asyncio.run(_sync(settings, guild_id))


async def _sync(settings: Settings, guild_id: int | None) -> int:
    from discord import Object  # noqa: PLC0415, TID251 (see create_bot)

    assert settings.discord_token is not None  # run_sync checked
    with opened(settings) as (_, store):
        async with create_bot(settings, store) as bot:
            # login() runs setup_hook, which loads the cogs and so fills the command tree.
            await bot.login(settings.discord_token.get_secret_value())
            if guild_id is not None:
                guild = Object(id=guild_id)
                bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
                print(f"synced {len(synced)} slash command(s) to guild {guild_id}")
            else:
                synced = await bot.tree.sync()
                print(
                    f"synced {len(synced)} slash command(s) globally "
                    "(they can take up to an hour to appear)"
                )
    return 0
