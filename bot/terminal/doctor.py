"""`briefing doctor`: checks that say in plain words what stops the bot from running.

Each check returns a `Check`; none of them changes anything. A missing store file is fine
(the bot creates it from the curated data on first start, which the check validates), but a
missing or read-only directory is not: that is usually a typo or an unmounted volume.
The token is never printed: every message goes through `redact`. The Discord login
(`doctor_login`, with discord.py) is loaded only when it runs.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from bot.logs import TOKEN_SHAPE, redact
from bot.settings import (
    Settings,
    given_names,
    load_settings,
    misspelled,
    settings_problems,
    shown,
)
from facts.factset import summary
from facts.store import (
    RESTORE,
    EmptyStore,
    OlderStore,
    Store,
    StoreError,
    StoreUnavailable,
    check_place,
    describe_failure,
)
from facts.validate import check, validate_dir

if TYPE_CHECKING:
    from bot.terminal.doctor_login import LoginProbe  # noqa: TID251 (a type only)

SETUP = "see README: Setting up Discord"


@dataclass(frozen=True)
class Check:
    """One result; a `warning` passes (the bot runs) but says what is unsafe or missing."""

    name: str
    ok: bool
    message: str
    warning: bool = False

    def line(self) -> str:
        mark = "✗" if not self.ok else "!" if self.warning else "✓"
        return f"{mark} {self.name}: {self.message}"


def _problems(path: Path, problems: list[str]) -> str:
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return f"the store at {path} does not validate: {count}, first: {problems[0]}"


# --- settings and token ---------------------------------------------------------------------


def settings_error(exc: ValidationError) -> Check:
    return Check("settings", False, "invalid: " + settings_problems(exc))


def check_settings(settings: Settings) -> Check:
    """Settings that were read are valid: Settings checks every value itself."""
    return Check("settings", True, f"read (prefix {settings.command_prefix!r})")


def check_setting_names(environ: Mapping[str, str] | None = None) -> Check:
    """A setting misspelled in .env or the environment is ignored (the default applies):
    name each such variable, and the setting it was probably meant to be."""
    found = misspelled(given_names(environ))
    if not found:
        return Check("setting names", True, "every BRIEFING_ variable is a setting")
    said = [
        f"{name} is not a setting" + (f" (did you mean {close}?)" if close else "")
        for name, close in found
    ]
    return Check(
        "setting names",
        True,
        f"{'; '.join(said)}: ignored; see README: Configuration",
        warning=True,
    )


def check_token(settings: Settings) -> Check:
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    if not token.strip():
        return Check(
            "token",
            False,
            f"DISCORD_TOKEN is not set: the bot cannot log in. Set it in .env ({SETUP}).",
        )
    if token != token.strip() or token[0] in "\"'" or token.lower().startswith("bot "):
        return Check(
            "token",
            False,
            "DISCORD_TOKEN has spaces, quotes or a 'Bot ' prefix around it: "
            "paste only the token itself.",
        )
    if not TOKEN_SHAPE.fullmatch(token):
        return Check(
            "token",
            False,
            "DISCORD_TOKEN does not look like a bot token (three parts joined by dots); "
            "the OAuth2 client secret is not it. Copy it from Bot → Reset Token "
            f"({SETUP}).",
        )
    return Check("token", True, "DISCORD_TOKEN is set (not shown)")


# --- who may edit ---------------------------------------------------------------------------

SECURITY = "see README: Security"


def check_guilds(settings: Settings) -> Check:
    """The newsroom's own servers: the only ones where anything can be changed."""
    if not settings.home_guilds:
        return Check(
            "servers",
            True,
            "BRIEFING_HOME_GUILDS is empty: no server is the newsroom's own, so every change "
            "from Discord (fact, digest) is refused and the bot leaves no server. Set it to "
            f"your server ids ({SECURITY}).",
            warning=True,
        )
    ids = ", ".join(str(guild) for guild in settings.home_guilds)
    elsewhere = (
        "leaves any other server it is invited to"
        if settings.foreign_guilds == "leave"
        else "answers questions in any other server but refuses every change there"
    )
    return Check("servers", True, f"changes only in server(s) {ids}; the bot {elsewhere}")


def check_roles(settings: Settings) -> Check:
    """Moderator roles by id; a name is weaker, since anyone with Manage Roles can make one."""
    roles = [role.strip() for role in settings.moderator_roles if role.strip()]
    names = [role for role in roles if not role.isdigit()]
    listed = ", ".join(shown(name) for name in names)  # a long value may be a pasted secret
    why = (
        "anyone with Manage Roles can create a role with that name, while an id is one "
        "role. Use role ids (right-click the role → Copy Role ID)"
    )
    if names and not settings.moderator_role_names:
        return Check(
            "moderator roles",
            True,
            f"BRIEFING_MODERATOR_ROLES has role names that are ignored ({listed}): "
            f"names count only with BRIEFING_MODERATOR_ROLE_NAMES=true, and {why}.",
            warning=True,
        )
    if names:
        return Check(
            "moderator roles",
            True,
            f"role names are matched ({listed}): {why} ({SECURITY}).",
            warning=True,
        )
    if not roles:
        return Check("moderator roles", True, "none: only Manage Server may edit facts")
    return Check("moderator roles", True, f"{len(roles)} role id(s), and Manage Server")


# --- the store ------------------------------------------------------------------------------

# The page check's share of a health check. `quick_check` reads every page, so its time grows
# with the file (0.3 s for the 190 MB of 100,000 records, warm; the stored index makes the file
# larger), while the health check runs every minute with a 30 s timeout and is meant to take
# at most 2 s. Within this budget a store of several hundred MB is checked whole; a larger one
# is checked as far as the budget goes, its `records` first (every answer reads them), and
# says so. `--full` checks every page, however long it takes.
QUICK_CHECK_SECONDS = 1.0


def check_store(settings: Settings, *, full: bool = False) -> Check:
    """The store as the bot would open it, read-only: nothing is created or changed.

    By default what a health check needs (the container's runs every minute): the file is a
    briefing store of a schema this bot reads, its pages are sound (`quick_check`, within
    QUICK_CHECK_SECONDS), and its records are counted in SQL. Every write was checked by the
    validator when it was made, so loading every record through its model and re-running
    every cross-record rule is for `full` (after a restore, a manual edit, an upgrade)."""
    path = settings.store.expanduser().absolute()
    unwritable = ""  # the bot cannot write it: still checked (a backup kept read-only)
    try:
        try:
            check_place(path)
        except StoreUnavailable as exc:
            if not path.is_file() or path.stat().st_size == 0:
                raise  # nothing to read: the bot could not even create it
            check_place(path, read_only=True)  # not even readable: that is the failure
            unwritable = f"; but {exc}"
        if not path.exists() or path.stat().st_size == 0:
            return check_seed(path, settings.data_dir)
        with Store.open(path, read_only=True) as store:
            damaged = store.quick_check(None if full else QUICK_CHECK_SECONDS)
            if damaged:
                return Check(
                    "store",
                    False,
                    f"the store at {path} is damaged (quick_check: {damaged[0]}): {RESTORE}",
                )
            head = store.head()
            if (lag := store.index_lag()) is not None:
                lagging, harmless = lag
                return Check("store", harmless, f"the store at {path}: {lagging}", warning=harmless)
            if not full:
                counts = store.counts()
                message = f"{path}: {summary(counts)} (revision {head})"
                if damaged is None:  # the budget ran out first
                    message += (
                        f"; pages checked for {QUICK_CHECK_SECONDS:g} s, the rest with "
                        "`briefing doctor --full`"
                    )
                return Check("store", not unwritable, message + unwritable)
            facts = store.snapshot()
    except EmptyStore:
        return check_seed(path, settings.data_dir)
    except OlderStore as exc:  # the bot upgrades it when it starts: not a failure
        return Check("store", True, str(exc), warning=True)
    except StoreUnavailable as exc:
        return Check("store", False, str(exc))
    except ValidationError as exc:
        return Check("store", False, _problems(path, _pydantic_lines(exc)))
    except StoreError as exc:
        return Check("store", False, _problems(path, [str(p) for p in exc.problems]))
    except sqlite3.Error as exc:
        return Check("store", False, describe_failure(path, exc))
    if problems := check(facts):
        return Check("store", False, _problems(path, [str(p) for p in problems]))
    valid = f"{path}: {facts.summary()} (revision {head}), all valid"
    return Check("store", not unwritable, valid + unwritable)


def _pydantic_lines(exc: ValidationError) -> list[str]:
    """A stored record its model refuses, without echoing the stored values."""
    return [
        f"{exc.title}: {'.'.join(str(part) for part in err['loc'])}: {err['msg']}"
        for err in exc.errors(include_input=False, include_url=False)
    ]


def check_seed(path: Path, data_dir: Path) -> Check:
    if not data_dir.is_dir():
        return Check(
            "store",
            False,
            f"no store at {path} yet, and BRIEFING_DATA_DIR {data_dir} to create it from "
            "does not exist",
        )
    facts, problems = validate_dir(data_dir)
    if problems:
        return Check(
            "store",
            False,
            f"no store at {path} yet, and the data it would be created from ({data_dir}) "
            f"does not validate: {len(problems)} problem(s), first: {problems[0]}",
        )
    return Check(
        "store",
        True,
        f"no store at {path} yet: it will be created from {data_dir} on first start "
        f"({facts.summary()})",
    )


# --- all together ---------------------------------------------------------------------------


def run_checks(
    overrides: dict[str, object] | None = None,
    *,
    offline: bool = False,
    full: bool = False,
    probe: LoginProbe | None = None,
    timeout: float = 15.0,
) -> list[Check]:
    """Every check in order; the Discord login only with a plausible token and not offline;
    every stored record loaded and validated only when `full`."""
    try:
        settings = load_settings(**(overrides or {}))
    except ValidationError as exc:
        return [settings_error(exc)]
    checks = [check_settings(settings), check_token(settings)]
    checks += [check_guilds(settings), check_roles(settings)]
    checks.append(check_setting_names())
    checks.append(_safely("store", lambda: check_store(settings, full=full), settings))
    if not offline and checks[1].ok and settings.discord_token is not None:
        token = settings.discord_token.get_secret_value()
        try:
            # discord.py (half a second) only for the login: never for `doctor --offline`,
            # the container's health check.
            from bot.terminal.doctor_login import check_discord  # noqa: PLC0415, TID251

            checks.extend(check_discord(token, probe, timeout))
        except Exception as exc:  # report, never show a traceback that might hold the token
            checks.append(_unexpected("discord login", exc, settings))
    # Every line, whatever check wrote it: the token (and anything shaped like one) never shows.
    secret = [settings.discord_token.get_secret_value()] if settings.discord_token else []
    return [dataclasses.replace(c, message=redact(c.message, secret)) for c in checks]


def _safely(name: str, run: Callable[[], Check], settings: Settings) -> Check:
    try:
        return run()
    except Exception as exc:  # an unforeseen failure is still one plain line
        return _unexpected(name, exc, settings)


def _unexpected(name: str, exc: Exception, settings: Settings) -> Check:
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    return Check(name, False, f"unexpected {type(exc).__name__}: {redact(str(exc), [token])}")
