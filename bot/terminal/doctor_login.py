"""`briefing doctor`'s Discord checks: the login over HTTP, and the privileged intents the
application has. discord.py comes with this module: `doctor` loads it only for the login."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import discord

from bot.app import required_intents
from bot.logs import redact
from bot.terminal.doctor import SETUP, Check

# The invite: what the bot needs to answer in channels and threads, and nothing more.
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,  # the digest's thread a day, when a channel has it on
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)
SCOPES = ("bot", "applications.commands")
# Privileged intents: the Intents attribute, the application flag, the Portal's name for it.
PRIVILEGED = (
    ("message_content", "gateway_message_content", "Message Content Intent"),
    ("members", "gateway_guild_members", "Server Members Intent"),
    ("presences", "gateway_presence", "Presence Intent"),
)


@dataclass(frozen=True)
class Login:
    """What logging in tells us: who the bot is and which intents its application has."""

    bot_name: str
    application_id: int
    flags: discord.ApplicationFlags


LoginProbe = Callable[[str], Awaitable[Login]]


async def discord_login(token: str) -> Login:
    """Log in over HTTP only (no gateway connection) and read the application's flags."""
    client = discord.Client(intents=discord.Intents.none())
    async with client:
        await client.login(token)
        info = await client.application_info()
        return Login(str(client.user), info.id, info.flags)


def check_discord(
    token: str, probe: LoginProbe | None = None, timeout: float = 15.0
) -> list[Check]:
    probe = probe or discord_login
    try:
        login = asyncio.run(asyncio.wait_for(probe(token), timeout))
    except discord.LoginFailure:
        message = (
            "Discord refused the token: it is wrong, or it was reset. Copy a new one "
            f"(Developer Portal → Bot → Reset Token) into DISCORD_TOKEN ({SETUP})."
        )
        return [Check("discord login", False, message)]
    except TimeoutError:
        message = f"no answer from Discord within {timeout:g} s: check the network or firewall"
        return [Check("discord login", False, message)]
    except discord.HTTPException as exc:
        message = f"Discord answered HTTP {exc.status}: {redact(exc.text, [token])}"
        return [Check("discord login", False, message)]
    except (aiohttp.ClientError, OSError) as exc:
        message = f"could not reach Discord ({type(exc).__name__}: {redact(str(exc), [token])})"
        return [Check("discord login", False, message)]
    invite = discord.utils.oauth_url(
        login.application_id, permissions=BOT_PERMISSIONS, scopes=SCOPES
    )
    return [
        Check("discord login", True, f"logged in as {login.bot_name}; invite: {invite}"),
        check_intents(login.flags, required_intents()),
    ]


def check_intents(flags: discord.ApplicationFlags, wanted: discord.Intents) -> Check:
    """A privileged intent the bot asks for but the Portal has off: Discord closes the
    connection (4014), so the bot does not start at all."""
    missing = [
        label
        for attribute, flag, label in PRIVILEGED
        if getattr(wanted, attribute)
        and not (getattr(flags, flag) or getattr(flags, f"{flag}_limited"))
    ]
    if missing:
        return Check(
            "intents",
            False,
            f"the bot needs the {', '.join(missing)} but it is off for this application, so "
            "Discord will refuse the connection (`!` prefix commands need Message Content). "
            "Turn it on: Developer Portal → your application → Bot → Privileged Gateway "
            "Intents, then Save.",
        )
    return Check("intents", True, "the privileged intents the bot asks for are enabled")
