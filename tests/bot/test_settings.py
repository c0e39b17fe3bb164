"""Settings parse themselves into the types the code uses, and a bad value is one plain line
naming its variable and what to give instead: never pydantic's dump, never a secret."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.settings import Settings, env_name, settings_lines, settings_problems
from bot.terminal.doctor import run_checks

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .env and no setting from the machine running the tests."""
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(env_name(name), raising=False)


def problems(**values: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Settings(**values)  # type: ignore[arg-type]
    return settings_lines(caught.value)


def test_values_are_read_into_the_types_the_code_uses() -> None:
    settings = Settings(digest_time="07:30", digest_timezone="Asia/Karachi", log_level="debug")
    assert settings.digest_time == dt.time(7, 30)
    assert settings.digest_timezone == ZoneInfo("Asia/Karachi")
    assert settings.log_level == "DEBUG"  # any case, as logging takes it
    default = Settings()
    assert (default.digest_time, default.digest_timezone) == (dt.time(8, 0), ZoneInfo("UTC"))


def test_from_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_DIGEST_TIME", "21:05")
    monkeypatch.setenv("BRIEFING_DIGEST_TIMEZONE", "Europe/Berlin")
    settings = Settings()
    assert settings.digest_time == dt.time(21, 5)
    assert settings.digest_timezone.key == "Europe/Berlin"


@pytest.mark.parametrize(
    ("values", "line"),
    [
        (
            {"digest_time": "25:00"},
            "BRIEFING_DIGEST_TIME=25:00 is not a time: give HH:MM, 24-hour (e.g. 08:00), or"
            " 8am / 8:30 pm",
        ),
        (
            {"digest_time": "noon"},
            "BRIEFING_DIGEST_TIME=noon is not a time: give HH:MM, 24-hour (e.g. 08:00), or"
            " 8am / 8:30 pm",
        ),
        (
            {"digest_timezone": "Mars/Olympus"},
            "BRIEFING_DIGEST_TIMEZONE=Mars/Olympus is not a time zone: give Area/City, "
            "e.g. Asia/Karachi",
        ),
        (
            {"log_level": "loud"},
            "BRIEFING_LOG_LEVEL=loud is not a log level: give DEBUG, INFO, WARNING, ERROR or "
            "CRITICAL",
        ),
        (
            {"foreign_guilds": "stay"},
            "BRIEFING_FOREIGN_GUILDS=stay is not one of 'read-only' or 'leave'",
        ),
        ({"home_guilds": "1, ours"}, "BRIEFING_HOME_GUILDS has ours, which is not a whole number"),
        ({"cooldown_seconds": -1}, "BRIEFING_COOLDOWN_SECONDS=-1 is below 0.0"),
        ({"cooldown_seconds": "nan"}, "BRIEFING_COOLDOWN_SECONDS=nan is not a finite number"),
        ({"cooldown_seconds": "1e309"}, "BRIEFING_COOLDOWN_SECONDS=1e309 is not a finite number"),
        ({"command_prefix": ""}, "BRIEFING_COMMAND_PREFIX=(empty) is shorter than 1 character(s)"),
    ],
)
def test_a_bad_value_is_one_plain_line(values: dict[str, object], line: str) -> None:
    assert problems(**values) == [line]


def test_every_bad_value_has_its_own_line() -> None:
    found = problems(digest_time="24:00", digest_timezone="Nowhere", log_level="LOUD")
    assert [line.split("=")[0] for line in found] == [
        "BRIEFING_DIGEST_TIME",
        "BRIEFING_DIGEST_TIMEZONE",
        "BRIEFING_LOG_LEVEL",
    ]


@pytest.mark.parametrize("field", ["command_prefix", "guild_id", "log_level", "digest_time"])
def test_a_token_in_the_wrong_variable_is_never_echoed(field: str) -> None:
    [line] = problems(**{field: TOKEN})
    assert line.startswith(f"{env_name(field)}=({len(TOKEN)} characters, not shown) ")
    assert TOKEN[:20] not in line
    assert TOKEN[-20:] not in line


def test_never_pydantics_dump() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(digest_time="99:99", guild_id="x")  # type: ignore[arg-type]
    text = settings_problems(caught.value)
    assert "validation error" not in text
    assert "pydantic" not in text
    assert "Input should be" not in text
    assert "\n" not in text
    assert text.count(";") == 1  # one line per bad setting, two settings


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BRIEFING_DIGEST_TIME", "25:00"),
        ("BRIEFING_DIGEST_TIMEZONE", "Mars/Olympus"),
        ("BRIEFING_LOG_LEVEL", "LOUD"),
    ],
)
def test_doctor_says_the_same_line(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    [check] = run_checks(offline=True)
    assert not check.ok
    assert check.message.startswith(f"invalid: {name}={value} is not a ")


def test_the_environment_comes_before_the_env_file(monkeypatch: pytest.MonkeyPatch) -> None:
    Path(".env").write_text("BRIEFING_COMMAND_PREFIX=?\nBRIEFING_COOLDOWN_SECONDS=9\n")
    monkeypatch.setenv("BRIEFING_COMMAND_PREFIX", "$")
    settings = Settings()
    assert (settings.command_prefix, settings.cooldown_seconds) == ("$", 9.0)
    assert Settings(command_prefix="%").command_prefix == "%"  # what the caller gives, first


def test_every_line_of_the_example_uncommented_as_it_stands_is_the_default() -> None:
    example = Path(__file__).parents[2] / "deploy" / ".env.example"
    settings = [line.removeprefix("# ") for line in example.read_text().splitlines()]
    Path(".env").write_text(
        "\n".join(line for line in settings if line.startswith(("BRIEF", "DISC")))
    )
    assert Settings() == Settings.model_construct(
        **{
            name: field.get_default(call_default_factory=True)
            for name, field in Settings.model_fields.items()
        }
    )


def test_a_variable_set_to_nothing_is_as_if_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    Path(".env").write_text("BRIEFING_GUILD_ID=42\nBRIEFING_AUDIT_CHANNEL=\n")
    monkeypatch.setenv("BRIEFING_GUILD_ID", "")  # the .env file's value, then
    monkeypatch.setenv("DISCORD_TOKEN", " ")  # the token's other name, then
    monkeypatch.setenv("BRIEFING_DISCORD_TOKEN", TOKEN)
    settings = Settings()
    assert (settings.guild_id, settings.audit_channel) == (42, None)
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == TOKEN


def test_a_variable_is_read_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("briefing_log_level", "ERROR")
    Path(".env").write_text("Briefing_Guild_Id=42\n")
    settings = Settings()
    assert (settings.log_level, settings.guild_id) == ("ERROR", 42)


def test_the_token_under_either_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setenv("BRIEFING_DISCORD_TOKEN", TOKEN)
    token = Settings().discord_token
    assert token is not None
    assert token.get_secret_value() == TOKEN
    monkeypatch.setenv("DISCORD_TOKEN", "first")
    token = Settings().discord_token
    assert token is not None
    assert token.get_secret_value() == "first"
