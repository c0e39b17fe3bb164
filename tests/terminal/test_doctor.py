"""`briefing doctor`: each check catches what it is for, in plain words, and never shows the
token. The Discord login is a fake probe: no test touches the network."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import discord
import pytest
from discord.http import HTTPClient

from bot.settings import Settings, env_name, misspelled
from bot.terminal import doctor, doctor_login
from bot.terminal.cli import main
from bot.terminal.doctor import Check, run_checks
from bot.terminal.doctor_login import Login, check_intents
from facts.store import Store
from facts.store import connection as store_module
from tests.baseline import Dataset

TOKEN = "MTA0NTY3ODkwMTIzNDU2Nzg5MA.GabcDE.abcdefghijklmnopqrstuvwxyz0123456"
MESSAGE_CONTENT = discord.ApplicationFlags(gateway_message_content_limited=True)


@pytest.fixture
def env(tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment (no .env, no settings from the machine) seeded from `dataset`;
    returns where the store goes."""
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(env_name(name), raising=False)
    for name, _ in misspelled(os.environ):  # nor a stray setting-like name
        monkeypatch.delenv(name)
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(dataset.root))
    store = tmp_path / "live" / "briefing.sqlite3"
    store.parent.mkdir()
    monkeypatch.setenv("BRIEFING_STORE", str(store))
    return store


@pytest.fixture
def good_store(env: Path, dataset: Dataset) -> Path:
    Store.open(env, seed_dir=dataset.root).close()
    return env


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


def fake_probe(flags: discord.ApplicationFlags = MESSAGE_CONTENT):  # type: ignore[no-untyped-def]
    async def probe(token: str) -> Login:
        assert token == TOKEN
        return Login("briefing#0001", 1234, flags)

    return probe


def failing_probe(exc: BaseException):  # type: ignore[no-untyped-def]
    async def probe(token: str) -> Login:
        raise exc

    return probe


# --- the token ------------------------------------------------------------------------------


def test_missing_token_is_reported_with_what_to_do(good_store: Path) -> None:
    checks = by_name(run_checks(offline=True))
    assert not checks["token"].ok
    assert checks["token"].message == (
        "DISCORD_TOKEN is not set: the bot cannot log in. "
        "Set it in .env (see README: Setting up Discord)."
    )


def test_empty_token_counts_as_missing(good_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "  ")
    assert "is not set" in by_name(run_checks())["token"].message


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (f"Bot {TOKEN}", "'Bot ' prefix"),
        (f'"{TOKEN}"', "quotes"),
        ("0123456789abcdef0123456789abcdef", "does not look like a bot token"),
    ],
)
def test_malformed_token_is_reported_without_showing_it(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, value: str, words: str
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", value)
    checks = run_checks(probe=fake_probe())
    token = by_name(checks)["token"]
    assert not token.ok
    assert words in token.message
    assert "discord login" not in by_name(checks)  # no login attempt with a bad token
    assert all(value.strip('"') not in check.line() for check in checks)


# --- the store ------------------------------------------------------------------------------


def test_good_store_passes_with_counts(good_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    checks = run_checks(offline=True)
    assert all(check.ok for check in checks), checks
    store = by_name(checks)["store"]
    assert "5 sources" in store.message
    assert "2 claims" in store.message


def test_search_tables_out_of_step_with_the_records_fail_and_say_what_to_do(
    good_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = sqlite3.connect(good_store)
    db.execute("DELETE FROM present WHERE rowid = (SELECT min(rowid) FROM present)")
    db.commit()
    db.close()
    store = by_name(run_checks(offline=True))["store"]
    assert not store.ok
    assert "search tables hold" in store.message
    assert "re-indexes it" in store.message


def test_search_tables_of_another_version_are_a_warning(good_store: Path) -> None:
    db = sqlite3.connect(good_store)
    db.execute("UPDATE meta SET value = 'older' WHERE key = 'store:index_version'")
    db.commit()
    db.close()
    store = by_name(run_checks(offline=True))["store"]
    assert store.ok
    assert store.warning
    assert "the bot re-indexes it" in store.message


def test_the_page_check_keeps_to_its_budget_and_says_so(
    good_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store too big to check whole within the health check's budget (none here) passes on
    what was checked, and names the command that checks every page."""
    monkeypatch.setattr(doctor, "QUICK_CHECK_SECONDS", 0.0)
    store = by_name(run_checks(offline=True))["store"]
    assert store.ok
    assert "(revision 13); pages checked for 0 s, the rest with `briefing doctor --full`" in (
        store.message
    )
    full = by_name(run_checks(offline=True, full=True))["store"]  # every page, no budget
    assert full.message.endswith("(revision 13), all valid")


def test_missing_directory_is_reported_and_not_created(env: Path) -> None:
    missing = env.parent / "typo" / "briefing.sqlite3"
    store = by_name(run_checks({"store": missing}, offline=True))["store"]
    assert not store.ok
    assert store.message.startswith(
        f"the store path {missing} is in a directory that does not exist"
    )
    assert not missing.parent.exists()


def test_unwritable_directory_is_reported(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # os.access, not chmod: the tests may run as root, for whom every directory is writable.
    monkeypatch.setattr(store_module.os, "access", lambda path, mode: Path(path) != env.parent)
    store = by_name(run_checks(offline=True))["store"]
    assert not store.ok
    assert "is in a directory that is not writable by this user" in store.message


def test_missing_store_file_is_fine_and_doctor_does_not_create_it(env: Path) -> None:
    store = by_name(run_checks(offline=True))["store"]
    assert store.ok
    assert "will be created from" in store.message
    assert "on first start" in store.message
    assert not env.exists()


def test_missing_store_with_broken_seed_data_fails(env: Path, dataset: Dataset) -> None:
    dataset.change("claims.yaml", "mosque-toll-aljazeera", about_event="no-such-event")
    store = by_name(run_checks(offline=True))["store"]
    assert not store.ok
    assert "does not validate" in store.message
    assert "no-such-event" in store.message


def test_garbage_file_is_not_a_database(env: Path) -> None:
    env.write_bytes(b"this is not sqlite at all" * 100)
    store = by_name(run_checks(offline=True))["store"]
    assert not store.ok
    assert store.message.startswith(f"the store at {env} is not a SQLite database")
    assert "restore it from a backup" in store.message


def test_other_sqlite_file_is_reported_and_left_untouched(env: Path) -> None:
    db = sqlite3.connect(env)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    before = env.read_bytes()
    store = by_name(run_checks(offline=True))["store"]
    assert not store.ok
    assert "not a briefing store (no records or revisions table)" in store.message
    assert env.read_bytes() == before


def _corrupt(path: Path, record_id: str, json_path: str, value: str) -> None:
    """Change a stored record behind the store's back, as a bad manual edit would."""
    db = sqlite3.connect(path)
    db.execute(
        "UPDATE records SET data = json_set(data, ?, ?) WHERE id = ?", (json_path, value, record_id)
    )
    db.commit()
    db.close()


def test_store_failing_cross_checks_says_how_many_and_the_first(good_store: Path) -> None:
    # Not the article's words, though they still state the figure (36): one problem.
    _corrupt(good_store, "mosque-toll-aljazeera", "$.quote.text", "killing at least 36 people")
    store = by_name(run_checks(offline=True, full=True))["store"]
    assert not store.ok
    assert store.message.startswith(
        f"the store at {good_store} does not validate: 1 problem, first: "
    )
    assert "mosque-toll-aljazeera: quote.text: quote not found verbatim" in store.message


def test_store_record_its_model_refuses_is_reported(good_store: Path) -> None:
    _corrupt(good_store, "mosque-toll-aljazeera", "$.stance", "shouts")
    store = by_name(run_checks(offline=True, full=True))["store"]
    assert not store.ok
    assert store.message.startswith(f"the store at {good_store} does not validate: ")
    assert "stance" in store.message


def test_the_health_check_counts_in_sql_and_full_loads_and_validates_every_record(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every write is validated when it is made, so the quick check (the container's health
    check) only proves the store opens and counts it; a change made behind the store's back is
    what `--full` is for, and it says so."""
    loaded: list[str] = []
    real_snapshot = Store.snapshot
    monkeypatch.setattr(Store, "snapshot", lambda self: loaded.append("all") or real_snapshot(self))
    quick = by_name(run_checks(offline=True))["store"]
    assert quick.ok
    assert quick.message.endswith("5 sources, 3 actors, 2 places, 1 events, 2 claims (revision 13)")
    assert loaded == []  # not one record was read into a model

    _corrupt(good_store, "mosque-toll-aljazeera", "$.stance", "shouts")
    assert by_name(run_checks(offline=True))["store"].ok
    assert main(["doctor", "--offline", "--full"]) == 1
    assert "✗ store: the store at" in capsys.readouterr().out
    assert loaded == ["all"]


def test_full_check_of_a_sound_store_says_all_valid(good_store: Path) -> None:
    store = by_name(run_checks(offline=True, full=True))["store"]
    assert store.ok
    assert store.message.endswith("(revision 13), all valid")


# --- settings -------------------------------------------------------------------------------


def test_invalid_setting_names_the_variable_and_hides_the_token(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("BRIEFING_DIGEST_TIME", "25:00")
    [settings] = run_checks(offline=True)
    assert not settings.ok
    assert "BRIEFING_DIGEST_TIME" in settings.message
    assert TOKEN not in settings.message


@pytest.mark.parametrize(
    ("name", "value"),
    [("BRIEFING_LOG_LEVEL", "LOUD"), ("BRIEFING_DIGEST_TIMEZONE", "Mars/Olympus")],
)
def test_unusable_log_level_or_time_zone(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    settings = by_name(run_checks(offline=True))["settings"]
    assert not settings.ok
    assert f"{name}={value} is not a " in settings.message


def test_env_example_lists_every_setting() -> None:
    example = (Path(__file__).parents[2] / "deploy" / ".env.example").read_text()
    for name in Settings.model_fields:
        assert env_name(name) + "=" in example, name


# --- who may edit ---------------------------------------------------------------------------


def test_no_home_servers_is_a_warning_that_says_what_it_means(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    servers = by_name(run_checks(offline=True))["servers"]
    assert servers.ok  # the bot runs, read-only
    assert servers.warning
    assert "BRIEFING_HOME_GUILDS is empty" in servers.message
    assert "every change from Discord (fact, digest) is refused" in servers.message
    assert main(["doctor", "--offline"]) == 0
    assert "! servers: BRIEFING_HOME_GUILDS is empty" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("mode", "said"),
    [("read-only", "refuses every change there"), ("leave", "leaves any other server")],
)
def test_home_servers_and_what_happens_elsewhere(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, mode: str, said: str
) -> None:
    monkeypatch.setenv("BRIEFING_HOME_GUILDS", "111111111111111111, 222222222222222222")
    monkeypatch.setenv("BRIEFING_FOREIGN_GUILDS", mode)
    servers = by_name(run_checks(offline=True))["servers"]
    assert servers.ok
    assert not servers.warning
    assert "111111111111111111, 222222222222222222" in servers.message
    assert said in servers.message


def test_a_bad_foreign_guilds_setting_names_the_choices(
    good_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_FOREIGN_GUILDS", "stay")
    [settings] = run_checks(offline=True)
    assert not settings.ok
    assert "BRIEFING_FOREIGN_GUILDS" in settings.message
    assert "'read-only' or 'leave'" in settings.message


def test_role_names_are_flagged_and_ids_are_why_safer(
    good_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_MODERATOR_ROLES", "Editors, 123456789012345678")
    roles = by_name(run_checks(offline=True))["moderator roles"]
    assert roles.warning
    assert "role names that are ignored (Editors)" in roles.message
    assert "anyone with Manage Roles can create a role with that name" in roles.message

    monkeypatch.setenv("BRIEFING_MODERATOR_ROLE_NAMES", "true")
    roles = by_name(run_checks(offline=True))["moderator roles"]
    assert roles.warning
    assert "role names are matched (Editors)" in roles.message

    monkeypatch.setenv("BRIEFING_MODERATOR_ROLES", "123456789012345678")
    roles = by_name(run_checks(offline=True))["moderator roles"]
    assert not roles.warning
    assert roles.message == "1 role id(s), and Manage Server"


# --- Discord --------------------------------------------------------------------------------


def test_login_ok_gives_the_invite_and_checks_intents(
    good_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    checks = by_name(run_checks(probe=fake_probe()))
    assert checks["discord login"].ok
    assert "briefing#0001" in checks["discord login"].message
    assert "client_id=1234" in checks["discord login"].message
    assert "permissions=309237763072" in checks["discord login"].message
    assert "scope=bot+applications.commands" in checks["discord login"].message
    assert checks["intents"].ok


async def test_real_probe_reads_the_bot_and_its_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord_login's glue, with discord.py's HTTP calls replaced: no network."""
    user = {"id": "1234", "username": "briefing", "discriminator": "0", "avatar": None}
    seen: list[str] = []

    async def static_login(self: HTTPClient, token: str) -> dict[str, object]:
        seen.append(token)
        return user

    async def application_info(self: HTTPClient) -> dict[str, object]:
        flags = MESSAGE_CONTENT.value
        return {"id": "1234", "name": "Briefing", "description": "", "icon": None,
                "bot_public": False, "bot_require_code_grant": False, "owner": user,
                "verify_key": "k", "flags": flags}  # fmt: skip

    monkeypatch.setattr(HTTPClient, "static_login", static_login)
    monkeypatch.setattr(HTTPClient, "application_info", application_info)
    login = await doctor_login.discord_login(TOKEN)
    assert seen == [TOKEN]
    assert login == Login("briefing", 1234, MESSAGE_CONTENT)


def test_offline_skips_the_login(good_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    probe = failing_probe(AssertionError("the probe must not run offline"))
    names = [check.name for check in run_checks(offline=True, probe=probe)]
    assert names == ["settings", "token", "servers", "moderator roles", "setting names", "store"]


def test_message_content_intent_off_is_reported() -> None:
    wanted = discord.Intents.default()
    wanted.message_content = True
    check = check_intents(discord.ApplicationFlags(), wanted)
    assert not check.ok
    assert "Message Content Intent" in check.message
    assert "Privileged Gateway Intents" in check.message
    # No members or presence intent is asked for, so none is required.
    assert "Server Members" not in check.message
    assert check_intents(discord.ApplicationFlags(gateway_message_content=True), wanted).ok


def _http_error(text: str) -> discord.HTTPException:
    class Response:
        status = 500
        reason = "Server Error"

    return discord.HTTPException(Response(), text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (discord.LoginFailure("Improper token has been passed."), "Discord refused the token"),
        (_http_error(f"echoed {TOKEN}"), "Discord answered HTTP 500"),
        (OSError(f"proxy said no to {TOKEN}"), "could not reach Discord"),
        (RuntimeError(f"surprise {TOKEN}"), "unexpected RuntimeError"),
    ],
)
def test_login_failures_are_plain_and_never_show_the_token(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, words: str
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    login = by_name(run_checks(probe=failing_probe(exc)))["discord login"]
    assert not login.ok
    assert words in login.message
    assert TOKEN not in login.message


def test_login_timeout(good_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    # A zero timeout fails before the probe runs at all: no waiting in the test.
    login = by_name(run_checks(probe=fake_probe(), timeout=0))["discord login"]
    assert not login.ok
    assert login.message.startswith("no answer from Discord within 0 s")


def test_a_misspelled_setting_is_named_with_the_one_meant(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Settings ignore a name they do not know: the doctor warns (and still exits 0)."""
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("BRIEFING_HOME_GUILDS", "123456789012345678")
    monkeypatch.setenv("BRIEFNG_STORE", "elsewhere.sqlite3")
    Path(".env").write_text("BRIEFING_UNKNOWN=1\nbriefing_digest_timezon=Asia/Karachi\n")
    assert main(["doctor", "--offline"]) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if "setting names" in x]
    assert line == (
        "! setting names: BRIEFNG_STORE is not a setting (did you mean BRIEFING_STORE?); "
        "BRIEFING_UNKNOWN is not a setting; briefing_digest_timezon is not a setting (did you "
        "mean BRIEFING_DIGEST_TIMEZONE?): ignored; see README: Configuration"
    )
    monkeypatch.delenv("BRIEFNG_STORE")
    Path(".env").write_text("BRIEFING_STORE=live/briefing.sqlite3\nDEBRIEF=1\nPATH_X=1\n")
    assert by_name(run_checks(offline=True))["setting names"] == Check(
        "setting names", True, "every BRIEFING_ variable is a setting"
    )


# --- the command ----------------------------------------------------------------------------


def test_command_exits_0_with_one_line_per_check(
    good_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("BRIEFING_HOME_GUILDS", "123456789012345678")
    monkeypatch.setattr(doctor_login, "discord_login", fake_probe())
    assert main(["doctor"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "✓ settings",
        "✓ token",
        "✓ servers",
        "✓ moderator roles",
        "✓ setting names",
        "✓ store",
        "✓ discord login",
        "✓ intents",
    ]
    assert TOKEN not in out + err


def test_command_exits_1_naming_what_is_wrong(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    env.write_text("garbage")
    monkeypatch.setattr(doctor_login, "discord_login", failing_probe(discord.LoginFailure("no")))
    assert main(["doctor", "--store", str(env)]) == 1
    out, err = capsys.readouterr()
    assert "✗ store: the store at" in out
    assert "✗ discord login: Discord refused the token" in out
    assert TOKEN not in out + err


@pytest.mark.parametrize(
    "pasted",
    [TOKEN, "a-secret-that-is-not-token-shaped-but-is-long-0123456789abcdef"],
    ids=["token-shaped", "long"],
)
def test_a_secret_pasted_into_the_roles_is_never_printed(
    good_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pasted: str,
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", pasted)
    monkeypatch.setenv("BRIEFING_MODERATOR_ROLES", f"Editors,{pasted}")
    main(["doctor", "--offline"])
    out = capsys.readouterr().out
    assert "role names that are ignored (Editors, " in out
    assert pasted not in out
    assert pasted[:20] not in out
