"""Settings from the environment (and an optional .env file), read by `load_settings()` at
start, never at import time, so tests and tools can build their own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from facts.dataset import DATA_DIR


def _split_list(value: object) -> object:
    """'a, b' -> ['a', 'b'] for list settings given as one environment variable."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BRIEFING_", env_file=".env", extra="ignore", frozen=True
    )

    discord_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("DISCORD_TOKEN", "BRIEFING_DISCORD_TOKEN"),
        description="the bot token; without one `briefing run` opens the local console",
    )
    command_prefix: str = Field(default="!", min_length=1, max_length=5)
    store: Path = Field(
        default=Path("briefing.sqlite3"),
        description="the live store (SQLite file), built from data_dir on first start",
    )
    data_dir: Path = Field(default=DATA_DIR, description="the curated YAML dataset")
    home_guilds: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="the newsroom's own servers (guild ids): the only ones where facts and "
        "the digest can be changed; empty, nothing can be changed from Discord",
    )
    foreign_guilds: Literal["read-only", "leave"] = Field(
        default="read-only",
        description="in a server that is not in home_guilds: answer questions and refuse "
        "every change (read-only), or leave it (leave)",
    )
    moderator_roles: Annotated[list[str], NoDecode] = Field(
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
    digest_channels: Annotated[list[int], NoDecode] = Field(default_factory=list)
    digest_time: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    digest_timezone: str = "UTC"
    audit_channel: int | None = None
    cooldown_seconds: float = Field(default=3.0, ge=0)
    log_level: str = "INFO"

    @field_validator("home_guilds", "moderator_roles", "digest_channels", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return _split_list(value)


def load_settings(**overrides: object) -> Settings:
    """Read the settings now (environment, then .env), with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]


def env_name(field: str) -> str:
    """The environment variable that sets a Settings field."""
    return "DISCORD_TOKEN" if field == "discord_token" else f"BRIEFING_{field.upper()}"


def settings_problems(exc: ValidationError) -> str:
    """What is wrong with the settings, by variable name and never by value: a bad setting
    may sit next to the token (pydantic's own message shows 24 characters of the input)."""
    return "; ".join(
        f"{env_name(str(err['loc'][0])) if err['loc'] else 'settings'}: {err['msg']}"
        for err in exc.errors(include_input=False, include_url=False)
    )
