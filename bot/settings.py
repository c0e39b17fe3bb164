"""Settings from the environment (and an optional .env file), read by `load_settings()` at
start, never at import time, so tests and tools can build their own.

Each setting is parsed into the type the code uses (a `datetime.time`, a `ZoneInfo`, a log
level), so a wrong value is refused when the settings are read, and `settings_problems` says
which variable is wrong and what to give instead, in one plain line each.

A plain pydantic model reads the variables itself (`environment`): pydantic-settings did the
same in a tenth of a second of every command's start (it imports asyncio, its providers and
the package metadata), for three rules kept here: a variable's name in any case, the
environment before .env, and the token under either of its two names."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError
from rapidfuzz import fuzz, process

from facts.dataset import DATA_DIR

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
NOT_A_LEVEL = "is not a log level: give DEBUG, INFO, WARNING, ERROR or CRITICAL"
PREFIX = "BRIEFING"
PREFIX_SCORE = 85  # BRIEFNG_, BREIFING_ and BRIEFING_ count as the settings' prefix
NAME_SCORE = 70  # below this, no setting is named like it
SHOWN_CHARS = 40  # a longer value is not echoed: it may be a secret pasted in the wrong place
ENV_FILE = Path(".env")  # read from the working directory, under the environment
TOKEN_NAMES = ("DISCORD_TOKEN", "BRIEFING_DISCORD_TOKEN")  # the first one set counts


def _split_list(value: object) -> object:
    """'a, b' -> ['a', 'b'] for list settings given as one environment variable."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _time(value: object) -> object:
    """'08:00' -> time(8, 0) by the digest's own rule, so HH:MM is checked in one place."""
    if not isinstance(value, str):
        return value
    # Only a value given as text needs the digest's rules: not loaded for every command.
    from facts.digest import NOT_A_TIME, parse_time  # noqa: PLC0415

    try:
        return parse_time(value)
    except ValueError:
        raise PydanticCustomError("not_a_time", NOT_A_TIME) from None


def _zone(value: object) -> object:
    if not isinstance(value, str):
        return value
    from facts.digest import NOT_A_ZONE, parse_zone  # noqa: PLC0415 (as in _time)

    try:
        return parse_zone(value)
    except ValueError:
        raise PydanticCustomError("not_a_zone", NOT_A_ZONE) from None


def _level(value: object) -> object:
    """Any case, as logging takes it: `info` is INFO."""
    if not isinstance(value, str):
        return value
    if value.strip().upper() not in get_args(LogLevel):
        raise PydanticCustomError("not_a_level", NOT_A_LEVEL)
    return value.strip().upper()


class Settings(BaseModel):
    """The settings: what the caller gives, over the environment, over the .env file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    discord_token: SecretStr | None = Field(
        default=None,
        description="the bot token; without one `briefing run` opens the local console",
    )
    command_prefix: str = Field(default="!", min_length=1, max_length=5)
    store: Path = Field(
        default=Path("briefing.sqlite3"),
        description="the live store (SQLite file), built from data_dir on first start",
    )
    data_dir: Path = Field(default=DATA_DIR, description="the curated YAML dataset")
    home_guilds: list[int] = Field(
        default_factory=list,
        description="the newsroom's own servers (guild ids): the only ones where facts and "
        "the digest can be changed; empty, nothing can be changed from Discord",
    )
    foreign_guilds: Literal["read-only", "leave"] = Field(
        default="read-only",
        description="in a server that is not in home_guilds: answer questions and refuse "
        "every change (read-only), or leave it (leave)",
    )
    moderator_roles: list[str] = Field(
        default_factory=list,
        description="role ids allowed to edit facts in the home servers (Manage Server there "
        "always is); a role name counts only with moderator_role_names",
    )
    moderator_role_names: bool = Field(
        default=False,
        description="also match moderator_roles by role name: unsafe, anyone with Manage "
        "Roles can create a role with that name",
    )
    guild_id: int | None = Field(
        default=None, description="guild for `briefing sync --guild` (instant, for testing)"
    )
    digest_channels: list[int] = Field(default_factory=list)
    digest_time: Annotated[dt.time, BeforeValidator(_time)] = Field(
        default=dt.time(8, 0), description="when the daily digest is posted, HH:MM (24-hour)"
    )
    digest_timezone: Annotated[ZoneInfo, BeforeValidator(_zone)] = Field(
        default=ZoneInfo("UTC"), description="the zone of digest_time, Area/City"
    )
    audit_channel: int | None = None
    cooldown_seconds: float = Field(default=3.0, ge=0, allow_inf_nan=False)
    log_level: Annotated[LogLevel, BeforeValidator(_level)] = "INFO"

    @field_validator("home_guilds", "moderator_roles", "digest_channels", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return _split_list(value)

    @model_validator(mode="before")
    @classmethod
    def _read_environment(cls, given: object) -> object:
        if not isinstance(given, Mapping):
            return given
        return {**environment(), **given}


def load_settings(**overrides: object) -> Settings:
    """Read the settings now (environment, then .env), with explicit overrides on top."""
    return Settings(**overrides)


def env_name(field: str) -> str:
    """The environment variable that sets a Settings field."""
    return "DISCORD_TOKEN" if field == "discord_token" else f"BRIEFING_{field.upper()}"


def env_names(field: str) -> tuple[str, ...]:
    """The variables a Settings field is read from, the first one set counting."""
    return TOKEN_NAMES if field == "discord_token" else (env_name(field),)


def known_names() -> list[str]:
    """Every variable a setting is read from (the token's two names included)."""
    return [name for field in Settings.model_fields for name in env_names(field)]


def environment() -> dict[str, str]:
    """Each field's value as given by a variable, in the environment first, else in the .env
    file; names in any case, as the shell or the file spells them. A variable set to nothing
    (`BRIEFING_GUILD_ID=`, a line of .env.example uncommented as it stands) is as if unset."""
    values: dict[str, str] = {}
    for source in (os.environ, _env_file()):
        given = {name.upper(): value for name, value in source.items() if value and value.strip()}
        for field in Settings.model_fields:
            if field in values:
                continue
            found = next((given[name] for name in env_names(field) if name in given), None)
            if found is not None:
                values[field] = found
    return values


def _env_file() -> Mapping[str, str | None]:
    if not ENV_FILE.is_file():
        return {}
    # python-dotenv's own reading (quotes, `export`, ${VAR}); loaded only when there is a file.
    from dotenv import dotenv_values  # noqa: PLC0415

    return dotenv_values(ENV_FILE, encoding="utf-8")


def given_names(environ: Mapping[str, str] | None = None) -> list[str]:
    """The variable names set in the environment and in the .env file the settings read."""
    names = list(os.environ if environ is None else environ)
    names += [name for name in _env_file() if name not in names]
    return names


def misspelled(names: Iterable[str]) -> list[tuple[str, str | None]]:
    """Each name that looks like a setting's (BRIEFING_..., or a prefix a letter or two off)
    but is none, with the closest setting's name (None: nothing close). Settings ignore such
    names, so a typo would otherwise go unnoticed."""
    known = known_names()
    found: list[tuple[str, str | None]] = []
    for name in names:
        upper = name.upper()
        prefix = upper.partition("_")[0]
        if upper in known or fuzz.ratio(prefix, PREFIX) < PREFIX_SCORE:
            continue
        close = process.extractOne(upper, known, scorer=fuzz.ratio, score_cutoff=NAME_SCORE)
        found.append((name, close[0] if close else None))
    return found


def settings_problems(exc: ValidationError) -> str:
    """What is wrong with the settings: one plain line per bad value, joined with "; "."""
    return "; ".join(settings_lines(exc))


def settings_lines(exc: ValidationError) -> list[str]:
    """One line per bad value, naming the variable and what to give instead, e.g.
    `BRIEFING_DIGEST_TIME=25:00 is not a time: give HH:MM, 24-hour, e.g. 08:00`."""
    return [_line(err) for err in exc.errors(include_url=False)]


def _line(err: ErrorDetails) -> str:
    field, *item = err["loc"]
    name, value, wrong = env_name(str(field)), shown(err.get("input")), _wrong(err)
    if item:  # one entry of a list setting: BRIEFING_HOME_GUILDS=1,x
        return f"{name} has {value}, which {wrong}"
    return f"{name}={value} {wrong}"


def shown(value: Any) -> str:
    """The value as given, unless it is long: a token (59 characters or more) pasted into the
    wrong variable must not be echoed (pydantic's own message shows 24 characters of it)."""
    text = str(value).strip() if value is not None else ""
    if len(text) > SHOWN_CHARS:
        return f"({len(text)} characters, not shown)"
    return text or "(empty)"


# Pydantic's error types, in the words of a setting: what is wrong with the value given.
_WRONG = {
    "int_parsing": "is not a whole number",
    "int_from_float": "is not a whole number",
    "float_parsing": "is not a number",
    "finite_number": "is not a finite number",
    "bool_parsing": "is not true or false",
    "literal_error": "is not one of {expected}",
    "greater_than_equal": "is below {ge}",
    "less_than_equal": "is above {le}",
    "string_too_short": "is shorter than {min_length} character(s)",
    "string_too_long": "is longer than {max_length} character(s)",
}


def _wrong(err: ErrorDetails) -> str:
    template = _WRONG.get(err["type"])
    if template is None:  # our own validators' errors, and anything rarer, say it themselves
        return f"is refused: {err['msg']}" if err["type"] not in _OWN else err["msg"]
    return template.format(**(err.get("ctx") or {}))


_OWN = {"not_a_time", "not_a_zone", "not_a_level"}
