"""Moderator commands through the real discord.py pipeline (dpytest, prefix commands) and the
slash paths (callbacks and forms with spec'd mocks): every change goes through the store,
refusals change nothing, and answers and history show what a moderator did."""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import discord.ext.test as dpytest
import pytest
import yaml
from discord.ext import commands
from discord.ext.test import runner

from bot.app import BriefingBot, create_bot
from bot.checks import NotModerator, refusal
from bot.cogs.moderation import Moderation, code_blocks, confirmation
from bot.forms import ARTICLE_BYTES, FORM_FAILED, RecordForm
from bot.settings import Settings
from bot.storecalls import FAILED
from facts.changes import Written
from facts.store import Editor, Store, build_record
from tests.helpers import (
    HOME_GUILD,
    make_attachment,
    make_context,
    make_interaction,
    make_member,
    make_role,
    make_user,
    sent_embeds,
    sent_texts,
    started,
)
from tests.words import HISTORY, SPARE, same_words

CLAIM = "mosque-toll-daljoog"
EVENT = "islamabad-mosque-bombing"
ARTICLE = (
    "ISLAMABAD: Hospital officials said on Monday that 33 worshippers died in the mosque "
    "attack, raising the toll after two of the wounded died overnight.\n"
)
QUOTE = "33 worshippers died in the mosque attack"
# A figure is corrected with the words that give it: Daljoog News' "at least 31" toll becomes
# Al Jazeera's "at least 36", quoted from Al Jazeera; the statement must say 36 as well.
RECOUNT_FIGURE = (
    "figure.value=36 quote.source=aljazeera-2026-02-24 "
    'quote.text="killing at least 36 worshippers and wounding 170 others"'
)
RECOUNT = f'{RECOUNT_FIGURE} statement="The bombing killed at least 36 worshippers."'
EVERY_COMMAND = [
    "!fact",
    f"!fact add claim id=x statement=y quote.source=daljoog-strikes quote.text={QUOTE}",
    "!fact add source id=dawn-x publisher=Dawn\nSome article text.",
    f"!fact edit {CLAIM} {RECOUNT}",
    f"!fact edit {CLAIM}",
    f"!fact retract {SPARE} wrong",
    "!fact undo 1",
    f"!fact history {CLAIM}",
]


# --- the bot under dpytest ---------------------------------------------------------------


@pytest.fixture
def store(seeded_store: Store) -> Store:
    return seeded_store


@pytest.fixture
async def bot(store: Store) -> AsyncIterator[BriefingBot]:
    built = create_bot(Settings(), store, intents=discord.Intents.all())
    await started(built, text_channels=["newsroom", "audit"], members=["mod", "reader"])
    guild = dpytest.get_config().guilds[0]
    built.settings = settings_for(guild.id)
    role = dpytest.backend.make_role("editors", guild)  # the setting's case differs on purpose
    await dpytest.add_role(mod_member(), role)
    yield built
    await dpytest.empty_queue()


def settings_for(home: int = HOME_GUILD, **more: Any) -> Settings:
    """These tests' settings: the moderator role by name (opted in), `home` the own server."""
    given: dict[str, Any] = {
        "cooldown_seconds": 0,
        "moderator_roles": ["Editors"],
        "moderator_role_names": True,
        "home_guilds": [home],
    }
    return Settings(**{**given, **more})


def mod_member() -> discord.Member:
    return dpytest.get_config().members[0]


def reader_member() -> discord.Member:
    return dpytest.get_config().members[1]


def drain() -> list[discord.Message]:
    out = []
    while not runner.sent_queue.empty():
        out.append(dpytest.get_message())
    return out


def text_of(messages: list[discord.Message]) -> str:
    """Everything a reader sees: contents, embed titles, descriptions and footers."""
    parts: list[str] = []
    for message in messages:
        parts.append(message.content or "")
        for embed in message.embeds:
            parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
            parts += [f"{field.name}: {field.value}" for field in embed.fields]
    return "\n".join(parts)


async def say(content: str, member: discord.Member | None = None, **kwargs: Any) -> str:
    await dpytest.message(content, member=member or mod_member(), **kwargs)
    return text_of(drain())


def figure_of(bot: BriefingBot, claim_id: str) -> str | None:
    answer = bot.library.briefing().claims(EVENT)
    items = {item.id: item for section in answer.sections for item in section.items}
    return items[claim_id].figure if claim_id in items else None


def claim_ids(bot: BriefingBot) -> set[str]:
    answer = bot.library.briefing().claims(EVENT)
    return {item.id for section in answer.sections for item in section.items}


# --- a moderator's day, prefix commands --------------------------------------------------


async def test_moderator_corrects_a_figure_and_every_answer_shows_it(
    bot: BriefingBot, store: Store
) -> None:
    head = store.head()
    reply = await say(f'!fact edit {CLAIM} {RECOUNT} reason="Al Jazeera\'s later count"')
    assert store.head() == head + 1
    assert f"Edited {CLAIM}" in reply
    assert "statement: The bombing killed at least 36 worshippers." in reply
    assert f"revision {head + 1} · changed: statement, figure, quote" in reply
    assert "value: 36" in reply
    assert "source: aljazeera-2026-02-24" in reply
    assert "reason: Al Jazeera's later count" in reply
    assert f"undo: !fact undo {head + 1}" in reply
    assert figure_of(bot, CLAIM) == "at least 36 worshippers killed"

    answer = await say(f"!claims {EVENT}", member=reader_member())
    assert answer.count("at least 36 worshippers killed") == 2  # Al Jazeera's and this one
    assert "at least 31 worshippers killed" not in answer

    history = await say(f"!fact history {CLAIM}")
    assert f"**revision {head + 1}**" in history
    assert "edit  statement, figure, quote  Al Jazeera's later count" in history
    assert f"({mod_member().id})" in history


async def test_a_new_toll_the_event_counts_otherwise_is_pointed_out_to_link(
    bot: BriefingBot, store: Store
) -> None:
    fields = (
        "id=mosque-toll-again about_event=islamabad-mosque-bombing "
        'statement="At least 31 worshippers were killed." attribution="reported by the article" '
        "figure={measure: killed, unit: worshippers, value: 31, qualifier: at least} "
        'quote.source=daljoog-strikes quote.text="killed at least 31 worshippers"'
    )
    reply = await say(f'!fact add claim {fields} reason="a second count"')
    assert "Added mosque-toll-again" in reply
    assert "Note: Not linked: mosque-toll-aljazeera (at least 36 worshippers killed)" in reply
    assert "edit mosque-toll-again with disputes=[mosque-toll-aljazeera]" in reply


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ('quote.text="killed at least 99 worshippers"', "quote.text", "not found verbatim"),
        ("about_event=no-such-event", "about_event", "unknown event id 'no-such-event'"),
        ("statment=oops", "statment", "Extra inputs are not permitted"),
        ("figure.value=lots", "figure.value", "Input should be a valid number"),
        ("id=another-id", "id", "cannot be changed"),
        ('statement="unfinished', "statement", "no closing quote"),
        ("base=latest figure.value=3", "base", "a revision number"),
        ("figure.value=32", "figure.value", "32 is not a number the quote states"),
    ],
)
async def test_an_invalid_edit_is_refused_with_field_and_reason_and_changes_nothing(
    bot: BriefingBot, store: Store, change: str, field: str, reason: str
) -> None:
    head, before = store.head(), store.get(CLAIM)
    reply = await say(f"!fact edit {CLAIM} {change}")
    assert reply.startswith("Refused, nothing changed:")
    problems = reply.removeprefix("Refused, nothing changed:").strip().splitlines()
    assert any(problem.startswith(f"{field}: ") for problem in problems)
    assert reason in reply
    assert store.head() == head
    assert store.get(CLAIM) == before
    assert figure_of(bot, CLAIM) == "at least 31 worshippers killed"


async def test_a_figure_its_quote_does_not_state_is_refused(bot: BriefingBot, store: Store) -> None:
    claim = "mosque-toll-aljazeera"  # quotes "killing at least 36 worshippers and wounding 170"
    head, before = store.head(), store.get(claim)
    reply = await say(f"!fact edit {claim} figure.value=40")
    assert reply == (
        "Refused, nothing changed: "
        "figure.value: 40 is not a number the quote states; quote the words that give it"
    )
    assert store.head() == head
    assert store.get(claim) == before
    assert figure_of(bot, claim) == "at least 36 worshippers killed"

    # With the words that give it, and a statement that says it, the correction goes through.
    reply = await say(
        f"!fact edit {claim} figure.value=31 quote.source=daljoog-strikes "
        'quote.text="killed at least 31 worshippers" '
        'statement="The bombing killed at least 31 worshippers."'
    )
    assert f"Edited {claim}" in reply
    assert figure_of(bot, claim) == "at least 31 worshippers killed"


async def test_a_figure_correction_that_forgets_the_statement_is_refused(
    bot: BriefingBot, store: Store
) -> None:
    # The statement would go on saying "at least 31" beside a figure of 36.
    head, before = store.head(), store.get(CLAIM)
    reply = await say(f"!fact edit {CLAIM} {RECOUNT_FIGURE}")
    assert reply == (
        "Refused, nothing changed: "
        "statement: does not give the figure's 36; say it as the quote does"
    )
    assert store.head() == head
    assert store.get(CLAIM) == before
    assert figure_of(bot, CLAIM) == "at least 31 worshippers killed"

    # The number in words is the number too.
    words = "The bombing killed at least thirty-six worshippers."
    reply = await say(f'!fact edit {CLAIM} {RECOUNT_FIGURE} statement="{words}"')
    assert f"Edited {CLAIM}" in reply
    assert store.get(CLAIM).statement == words  # type: ignore[union-attr]
    assert figure_of(bot, CLAIM) == "at least 36 worshippers killed"


async def test_a_stale_edit_is_refused_with_what_changed_in_between(
    bot: BriefingBot, store: Store
) -> None:
    base = store.history(CLAIM)[-1].number
    shown = await say(f"!fact edit {CLAIM}")  # how a moderator learns the base
    assert f"base={base}" in shown
    assert "value: 31" in shown

    carol = "A suicide bomber killed at least 31 worshippers at Friday prayers."
    other = store.edit(
        CLAIM,
        {"statement": carol, "keywords": ["friday prayers"]},
        by=Editor("carol", 7),
        reason="desk",
    )
    reply = await say(f"!fact edit {CLAIM} {RECOUNT} base={base}")
    assert reply.startswith(f"Refused, nothing changed: {CLAIM} changed after revision {base}")
    assert (
        f"statement: changed by revision {other.number} (carol, edit) after revision "
        f'{base}: "Daljoog News reports that the bombing killed at least 31 worshippers." '
        f'-> "{carol}"'
    ) in reply
    assert f"redo your edit with base={other.number}" in reply
    assert store.head() == other.number
    assert figure_of(bot, CLAIM) == "at least 31 worshippers killed"

    # Redone on top of Carol's edit: her wording with the new number, her keywords kept.
    redone = carol.replace("31", "36")
    again = await say(
        f'!fact edit {CLAIM} {RECOUNT_FIGURE} statement="{redone}" base={other.number}'
    )
    assert f"revision {other.number + 1}" in again
    assert figure_of(bot, CLAIM) == "at least 36 worshippers killed"
    assert store.get(CLAIM).statement == redone  # type: ignore[union-attr]
    assert store.get(CLAIM).keywords == ["friday prayers"]  # type: ignore[union-attr]


async def test_a_new_article_then_a_claim_quoting_it(
    bot: BriefingBot, store: Store, tmp_path: Path
) -> None:
    article = tmp_path / "dawn.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    head = store.head()
    reply = await say(
        '!fact add source id=dawn-2026-02-09 publisher=Dawn published=2026-02-09 notes="From '
        'the print edition."',
        attachments=[str(article)],
    )
    assert "Registered source dawn-2026-02-09" in reply
    assert f"revision {head + 1}" in reply
    assert "file: dawn-2026-02-09.txt" in reply
    assert store.snapshot().articles["dawn-2026-02-09"] == ARTICLE

    claim = await say(
        f"!fact add claim id=mosque-toll-dawn about_event={EVENT} "
        'statement="33 worshippers died." attribution="reported by the article" '
        "figure={measure: died, unit: worshippers, value: 33} "
        f'quote.source=dawn-2026-02-09 quote.text="{QUOTE}" reason="Dawn update"'
    )
    assert "Added mosque-toll-dawn" in claim
    assert f"revision {head + 2}" in claim
    assert figure_of(bot, "mosque-toll-dawn") == "33 worshippers died"

    answer = await say(f"!claims {EVENT}", member=reader_member())
    assert "33 worshippers died" in answer
    assert "Dawn" in answer  # the citation names the new publisher

    history = await say("!fact history mosque-toll-dawn")
    assert "History of mosque-toll-dawn\ncurrent, 1 revision: time, who" in history
    assert "create  -  Dawn update" in history


async def test_a_source_pasted_below_the_fields(store: Store, bot: BriefingBot) -> None:
    reply = await say(f"!fact add source id=dawn-pasted publisher=Dawn\n{ARTICLE}")
    assert "Registered source dawn-pasted" in reply
    assert store.snapshot().articles["dawn-pasted"].strip() == ARTICLE.strip()
    assert "notes: Registered by" in reply  # metadata marked as given, never invented


async def test_a_source_needs_its_text(store: Store, bot: BriefingBot) -> None:
    head = store.head()
    reply = await say("!fact add source id=dawn-empty publisher=Dawn")
    assert "article: attach the article as a .txt file or paste it below" in reply
    assert store.head() == head


async def test_a_claim_must_quote_its_article_verbatim(store: Store, bot: BriefingBot) -> None:
    head = store.head()
    reply = await say(
        f"!fact add claim id=made-up about_event={EVENT} statement=Invented "
        'attribution="reported by the article" quote.source=daljoog-strikes '
        'quote.text="a sentence nobody wrote"'
    )
    assert "quote.text: quote not found verbatim" in reply
    assert store.head() == head
    assert store.get("made-up") is None


async def test_add_from_a_yaml_block(store: Store, bot: BriefingBot) -> None:
    reply = await say(
        "!fact add claim reason=block\n```yaml\nid: toll-yaml\n"
        f"about_event: {EVENT}\nstatement: At least 31 worshippers were killed.\n"
        "attribution: reported by the article\nquote:\n  source: daljoog-strikes\n"
        "  text: killed at least 31 worshippers\n```"
    )
    assert "Added toll-yaml" in reply
    assert store.get("toll-yaml") is not None
    assert store.history("toll-yaml")[-1].reason == "block"


def toll_record(record_id: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "about_event": EVENT,
        "statement": "Daljoog News reports that at least 31 worshippers were killed.",
        "attribution": "reported by the article",
        "quote": {"source": "daljoog-strikes", "text": "killed at least 31 worshippers"},
    }


async def test_a_record_attached_as_a_file_is_added_then_edited(
    store: Store, bot: BriefingBot, tmp_path: Path
) -> None:
    """A record too long to type is attached: JSON or YAML, the same rules as typed."""
    added = tmp_path / "toll.json"
    added.write_text(json.dumps(toll_record("toll-file"), indent="\t"), encoding="utf-8")
    reply = await say('!fact add claim reason="from a file"', attachments=[str(added)])
    assert "Added toll-file" in reply
    assert store.history("toll-file")[-1].reason == "from a file"

    edited = tmp_path / "toll.yaml"
    record = {**toll_record("toll-file"), "keywords": ["toll", "mosque"]}
    edited.write_text(yaml.safe_dump(record), encoding="utf-8")
    base = store.history("toll-file")[-1].number
    reply = await say(f"!fact edit toll-file base={base}", attachments=[str(edited)])
    assert f"revision {base + 1} · changed: keywords" in reply
    assert store.get("toll-file").keywords == ["toll", "mosque"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("file", "problem"),
    [
        (("rec.json", b'{"id": "x",'), "rec.json: line 2: did not find expected node content"),
        (("rec.yaml", b"id: [unclosed\n"), "rec.yaml: line 2: did not find expected"),
        (("rec.yml", b"- a list\n"), "rec.yml: expected one record"),
        (("rec.yaml", b"\xff\xfe id: x"), "record: not UTF-8 text"),
    ],
)
async def test_a_bad_record_file_is_refused_by_name_and_changes_nothing(
    store: Store, bot: BriefingBot, tmp_path: Path, file: tuple[str, bytes], problem: str
) -> None:
    """An attached record was ignored: `add` said to give a record, `edit` showed the old one
    as if nothing had been sent."""
    name, data = file
    attached = tmp_path / name
    attached.write_bytes(data)
    head, before = store.head(), store.get(CLAIM)
    for typed in ("!fact add claim", f"!fact edit {CLAIM}"):
        reply = await say(typed, attachments=[str(attached)])
        assert reply.startswith(f"Refused, nothing changed: {problem}"), (typed, reply)
    assert store.head() == head
    assert store.get(CLAIM) == before


async def test_a_picture_beside_the_fields_is_not_the_record(
    store: Store, bot: BriefingBot, tmp_path: Path
) -> None:
    """Only a .yaml, .yml or .json file is read as the record: a screenshot of the article
    sent with a correction is context, and the typed fields are the change."""
    picture = tmp_path / "article.png"
    picture.write_bytes(b"\x89PNG not a record")
    reply = await say(f"!fact edit {CLAIM} keywords=[toll]", attachments=[str(picture)])
    assert f"Edited {CLAIM}" in reply
    assert store.get(CLAIM).keywords == ["toll"]  # type: ignore[union-attr]
    shown = await say(f"!fact edit {CLAIM}", attachments=[str(picture)])
    assert f"{CLAIM} at revision {store.head()}:" in shown  # shown to edit, as without it


FUTURE_EVENT = (
    'id=far-off headline="A strike" summary="A strike." event_type=battles '
    'sub_event_type="armed clash" date={start: 2062-02-06, precision: day, '
    'phrase: "On February 6", derivation: stated} '
    'quotes=[{source: daljoog-strikes, text: "killed at least 31 worshippers"}]'
)


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("!fact edit aljazeera-2026-02-24 published=2062-02-24", "published"),
        (
            f"!fact add source id=dawn-ahead publisher=Dawn published=2062-03-01\n{ARTICLE}",
            "published",
        ),
        # Daljoog News is undated: no article's date bounds the event's, today does.
        (f"!fact add event {FUTURE_EVENT}", "date.start"),
        (
            "!fact edit pakistan-declares-open-war date={start: 2062-02-27, precision: day, "
            'phrase: "on February 27, 2026", derivation: stated}',
            "date.start",
        ),
    ],
)
async def test_a_date_in_the_future_is_refused(
    store: Store, bot: BriefingBot, typed: str, field: str
) -> None:
    """A typo in a year (2062 for 2026) was accepted wherever no article's date bounds it."""
    head = store.head()
    reply = await say(typed)
    assert reply.startswith(f"Refused, nothing changed: {field}: 2062-0"), reply
    assert "is in the future (today is " in reply
    assert reply.endswith("give the date the article gives")
    assert store.head() == head


async def test_a_yaml_bomb_is_refused_naming_the_limit(store: Store, bot: BriefingBot) -> None:
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"  # small even if expanded
    head = store.head()
    reply = await say(f"!fact add claim\n```yaml\n{bomb}```")
    assert "yaml: line 1: anchors and aliases (& and *) are not accepted" in reply
    assert store.head() == head


async def test_a_refusal_echoes_no_mention(store: Store, bot: BriefingBot) -> None:
    reply = await say(f"!fact edit {CLAIM} ＠everyone=1")
    assert "is not a field name" in reply
    assert "@everyone" not in unicodedata.normalize("NFKC", reply)


def add_spare(store: Store) -> None:
    record = build_record(
        "claim",
        {
            "id": SPARE,
            "about_event": EVENT,
            "statement": "At least 31 worshippers were killed.",
            "attribution": "reported by the article",
            "quote": {"source": "daljoog-strikes", "text": "killed at least 31 worshippers"},
        },
    )
    store.add(record, by=Editor("setup"), reason="")


async def test_retract_then_undo(bot: BriefingBot, store: Store) -> None:
    add_spare(store)
    assert SPARE in claim_ids(bot)
    reply = await say(f"!fact retract {SPARE} a duplicate of mosque-toll-daljoog")
    retraction = store.history(SPARE)[-1]
    assert retraction.action == "retract"
    assert f"Retracted {SPARE}" in reply
    assert "answers no longer show it" in reply
    assert SPARE not in claim_ids(bot)

    again = await say(f"!fact retract {SPARE} twice")
    assert "id: already retracted" in again
    for typed in (f"!fact edit {SPARE} keywords=[toll]", f"!fact edit {SPARE}"):
        assert await say(typed) == (  # the same words, with the revision to undo, both ways
            f"Refused, nothing changed: id: retracted in revision {retraction.number}; "
            "undo it first"
        )

    undone = await say(f"!fact undo {retraction.number} it did say so")
    assert f"Restored {SPARE}" in undone
    assert f"revision {retraction.number + 1}" in undone
    assert SPARE in claim_ids(bot)

    history = await say(f"!fact history {SPARE}")
    assert "current, 3 revisions: " in history
    assert "retract  -  a duplicate of mosque-toll-daljoog" in history
    assert f"restore (undoes {retraction.number})  -  it did say so" in history


async def test_undoing_a_revision_a_later_one_built_on_says_what_to_do(
    bot: BriefingBot, store: Store
) -> None:
    """The refusal told the moderator to "redo your edit with base=..." after an undo,
    which has no base: undo the later revisions first, or change the fields by hand."""
    first = store.edit(CLAIM, {"keywords": ["toll"]}, by=Editor("mia"), reason="")
    later = store.edit(CLAIM, {"keywords": ["toll", "mosque"]}, by=Editor("carol"), reason="")
    reply = await say(f"!fact undo {first.number} wrong words")
    lines = reply.splitlines()
    assert lines[0] == (
        f"Refused, nothing changed: {CLAIM} changed after revision {first.number}, the one "
        "you asked to undo. What changed since:"
    )
    assert lines[1].startswith(f"keywords: changed by revision {later.number} (carol, edit)")
    assert lines[-1] == (
        f"To undo revision {first.number}, undo the later ones first, newest first "
        f"(`!fact history {CLAIM}` lists them), or change the fields by hand: "
        f"`!fact edit {CLAIM} field=value ... base={later.number}`."
    )
    assert store.head() == later.number
    assert store.get(CLAIM).keywords == ["toll", "mosque"]  # type: ignore[union-attr]


async def test_a_long_history_is_paged_not_a_flood_of_messages(
    bot: BriefingBot, store: Store
) -> None:
    """A toll corrected all week: every revision was sent as text, 20 lines a message."""
    for n in range(150):
        store.edit(CLAIM, {"keywords": [f"count {n}"]}, by=Editor("desk"), reason=f"update {n}")
    [message] = await said(f"!fact history {CLAIM}")
    [embed] = message.embeds
    assert (embed.footer.text or "").startswith("Page 1/")
    assert "current, 151 revisions: " in (embed.description or "")
    assert "**revision 138**" in (embed.description or "")  # the seed's, oldest first


async def test_a_link_typed_over_says_which_it_dropped(bot: BriefingBot, store: Store) -> None:
    """`disputes=[...]` replaces the list: a moderator typing only the new link had dropped
    the old one without a word. Said when nothing else links the pair."""
    add_spare(store)
    store.edit(SPARE, {"disputes": ["mosque-toll-aljazeera"]}, by=Editor("setup"), reason="")
    reply = await say(f"!fact edit {SPARE} disputes=[mosque-toll-jamal]")
    assert (
        f"Note: Link removed: mosque-toll-aljazeera no longer in {SPARE}'s disputes, and nothing "
        f"else links them. If that was not meant, edit {SPARE} with "
        "disputes=[mosque-toll-jamal, mosque-toll-aljazeera]."
    ) in reply
    # Al Jazeera's toll lists Daljoog News' itself: the dispute stands, nothing to say.
    reply = await say(f"!fact edit {CLAIM} disputes=[mosque-toll-jamal]")
    assert "Link removed" not in reply


async def test_the_same_words_as_on_the_command_line(bot: BriefingBot, store: Store) -> None:
    for words in same_words(store.history):
        reply = await say(f"!fact {words}")
        assert "Refused" not in reply, (words, reply)
    revisions = store.history(SPARE)
    assert [(r.action, r.reason) for r in revisions] == HISTORY
    assert SPARE in claim_ids(bot)


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        (f"!fact retract {CLAIM} reason=", "reason: say why the record is retracted"),
        (f"!fact edit {CLAIM} base=x keywords=[a]", "base: a revision number, e.g. base=41"),
        (f"!fact retract {CLAIM} reason=x statement=y", "statement: only a reason goes here"),
    ],
)
async def test_refusals_read_as_on_the_command_line(
    bot: BriefingBot, store: Store, typed: str, refusal: str
) -> None:
    head = store.head()
    assert (await say(typed)).startswith(f"Refused, nothing changed: {refusal}")
    assert store.head() == head


async def test_a_referenced_record_cannot_be_retracted(bot: BriefingBot, store: Store) -> None:
    head = store.head()
    reply = await say(f"!fact retract {CLAIM} wrong")
    assert "id: still referenced by mosque-toll-aljazeera" in reply
    assert store.head() == head


async def test_a_refusal_stays_one_message_however_much_was_pasted(
    bot: BriefingBot, store: Store
) -> None:
    """A paste of 300 unknown fields was refused in six messages of 300 lines; a malformed
    list of 500 words was echoed whole; retracting a central actor listed every record that
    refers to it. The first problems show, the rest are counted, each keeps its reason."""
    head = store.head()
    fields = " ".join(f"field{i}=1" for i in range(300))
    [reply] = [m.content for m in await said(f"!fact edit {CLAIM} {fields}")]
    lines = reply.splitlines()
    assert lines[1:3] == [
        "field0: Extra inputs are not permitted",
        "field1: Extra inputs are not permitted",
    ]
    assert lines[-1] == "… and 290 more problems; fix these first."
    assert len(lines) == 12

    words = ", ".join(f"word{i}" for i in range(500))
    [reply] = [m.content for m in await said(f"!fact edit {CLAIM} keywords=[{words}, {{")]
    assert reply.startswith("Refused, nothing changed: keywords: cannot read '[word0, word1")
    assert reply.endswith("word499, {': did not find expected node content")
    assert len(reply) < 400

    [reply] = [m.content for m in await said("!fact retract pakistan-military wrong")]
    assert reply.startswith("Refused, nothing changed: id: still referenced by ")
    assert reply.endswith("; change or retract those first")
    assert len(reply) < 400
    assert store.head() == head


async def said(content: str) -> list[discord.Message]:
    """The messages a moderator's command was answered with."""
    await dpytest.message(content, member=mod_member())
    return drain()


async def test_unknown_records_and_revisions_are_refused(bot: BriefingBot, store: Store) -> None:
    head = store.head()
    assert "revision: no revision 999999" in await say("!fact undo 999999")
    assert "id: no record 'nope'" in await say("!fact history nope")
    assert "id: no record 'nope'" in await say("!fact edit nope figure.value=1")
    assert "id: no record 'nope'" in await say("!fact edit nope")
    mistyped = await say("!fact edit bannu-bombing summary=x")
    assert "id: no record 'bannu-bombing'; did you mean `bannu-convoy-bombing`" in mistyped
    assert store.head() == head


async def test_the_group_alone_shows_the_syntax(bot: BriefingBot) -> None:
    reply = await say("!fact")
    assert "`!fact edit <id> field=value ... [base=<revision>]" in reply
    assert "`!fact retract <id> <reason>`" in reply


async def test_manage_server_is_enough(bot: BriefingBot, store: Store) -> None:
    guild = dpytest.get_config().guilds[0]
    admins = dpytest.backend.make_role(
        "Admins", guild, permissions=discord.Permissions(manage_guild=True).value
    )
    await dpytest.add_role(reader_member(), admins)
    reply = await say(f"!fact edit {CLAIM} {RECOUNT}", member=reader_member())
    assert f"Edited {CLAIM}" in reply
    assert store.history(CLAIM)[-1].editor_id == reader_member().id


async def test_changes_are_posted_to_the_audit_channel(bot: BriefingBot, store: Store) -> None:
    audit = dpytest.get_config().channels[1]
    bot.settings = settings_for(audit.guild.id, audit_channel=audit.id)
    await dpytest.message(f'!fact edit {CLAIM} {RECOUNT} reason="@everyone typo"')
    posted = [m for m in drain() if m.channel.id == audit.id]
    [note] = posted
    assert note.content.startswith(
        f"revision {store.head()}: edit {CLAIM} (statement, figure, quote)"
    )
    # Shown, never pinging (AllowedMentions.none()), and escaped so it does not look like a ping.
    assert "@\u200beveryone typo" in note.content


async def test_a_change_is_audited_even_when_the_confirmation_fails(
    app: BriefingBot, store: Store
) -> None:
    audit = AsyncMock(spec=discord.TextChannel)
    app.settings = settings_for(audit_channel=4242)
    app.get_channel = MagicMock(side_effect={4242: audit}.get)  # type: ignore[method-assign]
    ctx = slash(app, moderator())
    ctx.send.side_effect = discord.HTTPException(MagicMock(status=404), "Unknown interaction")
    with pytest.raises(discord.HTTPException):
        await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM, changes=RECOUNT)
    assert store.history(CLAIM)[-1].action == "edit"  # committed before the reply
    [note] = sent_texts(audit.send)
    assert note.startswith(f"revision {store.head()}: edit {CLAIM}")


# --- refusals on every command -----------------------------------------------------------


@pytest.mark.parametrize("content", EVERY_COMMAND)
async def test_a_non_moderator_is_refused_on_every_command(
    bot: BriefingBot, store: Store, content: str
) -> None:
    head = store.head()
    with pytest.raises(commands.CheckFailure):
        await dpytest.message(content, member=reader_member())
    assert text_of(drain()) == refusal(["Editors"], names=True)
    assert store.head() == head


@pytest.mark.parametrize("content", EVERY_COMMAND)
async def test_every_command_is_refused_in_dms(
    bot: BriefingBot, store: Store, content: str
) -> None:
    head = store.head()
    dm = await mod_member().create_dm()
    with pytest.raises(commands.NoPrivateMessage):
        await dpytest.message(content, channel=dm, member=mod_member())
    assert text_of(drain()) == "That command works in a server channel, not in DMs."
    assert store.head() == head


# --- slash commands and forms (spec'd mocks) ----------------------------------------------

SLASH_COMMANDS = ["add", "edit", "retract", "undo", "history"]


@pytest.fixture
async def app(store: Store) -> BriefingBot:
    """The bot with its cogs loaded, no gateway: slash paths are driven with mocks."""
    built = create_bot(settings_for(), store)
    await started(built)
    return built


def cog_of(app: BriefingBot) -> Moderation:
    cog = app.get_cog("Moderation")
    # load_extension imports the module afresh, so compare by name, not by class identity.
    assert type(cog).__name__ == "Moderation"
    return cog  # type: ignore[return-value]


def slash(app: BriefingBot, member: Any) -> Any:
    interaction = make_interaction(app, member)
    return make_context(app, member, interaction=interaction)


def moderator() -> Any:
    return make_member(roles=[make_role("Editors")], name="mia")


def command(app: BriefingBot, name: str) -> commands.HybridCommand[Any, ..., Any]:
    found = app.get_command(f"fact {name}")
    assert isinstance(found, commands.HybridCommand)
    return found


@pytest.mark.parametrize("name", SLASH_COMMANDS)
async def test_slash_checks_pass_moderators(app: BriefingBot, name: str) -> None:
    assert await command(app, name).can_run(slash(app, moderator())) is True
    assert await command(app, name).can_run(slash(app, make_member(manage_guild=True)))


@pytest.mark.parametrize("name", SLASH_COMMANDS)
async def test_slash_checks_refuse_others(app: BriefingBot, name: str) -> None:
    reader = make_member(roles=[make_role("Readers")])
    with pytest.raises(NotModerator, match="Only moderators can do that"):
        await command(app, name).can_run(slash(app, reader))


@pytest.mark.parametrize("name", SLASH_COMMANDS)
async def test_slash_checks_refuse_dms(app: BriefingBot, name: str) -> None:
    user = make_user()
    interaction = make_interaction(app, user, guild=None)
    ctx = make_context(app, user, guild=None, interaction=interaction)
    with pytest.raises(commands.NoPrivateMessage):
        await command(app, name).can_run(ctx)


async def test_record_id_autocomplete_is_for_moderators_in_a_server_only(app: BriefingBot) -> None:
    """Discord runs autocomplete without the command's checks: the cog checks itself."""
    cog = cog_of(app)
    ids = await cog._record_ids(make_interaction(app, moderator()), "mosque-toll")
    assert CLAIM in [choice.value for choice in ids]
    reader = make_member(roles=[make_role("Readers")])
    assert await cog._record_ids(make_interaction(app, reader), "mosque-toll") == []
    dm = make_interaction(app, make_user(), guild=None)
    assert await cog._record_ids(dm, "mosque-toll") == []


def recounted(form_text: str) -> str:
    """A form's record with Daljoog News' toll corrected to Al Jazeera's, its quote, and a
    statement that says the new number."""
    data = yaml.safe_load(form_text)
    assert data["figure"]["value"] == 31
    data["figure"]["value"] = 36
    data["quote"] = {"source": "aljazeera-2026-02-24", "text": "killing at least 36 worshippers"}
    data["statement"] = "The bombing killed at least 36 worshippers."
    return yaml.safe_dump(data, sort_keys=False)


def opened_form(ctx: Any) -> RecordForm:
    ctx.interaction.response.send_modal.assert_awaited_once()
    form = ctx.interaction.response.send_modal.await_args.args[0]
    assert isinstance(form, RecordForm)
    return form


async def submit(form: RecordForm, member: Any, app: BriefingBot, text: str) -> Any:
    interaction = make_interaction(app, member)
    form.record._value = text  # what the member typed into the form
    await form.on_submit(interaction)
    return interaction


def no_pings(mock: Any) -> bool:
    none = discord.AllowedMentions.none().to_dict()
    calls = mock.await_args_list
    return bool(calls) and all(
        isinstance(m := c.kwargs.get("allowed_mentions"), discord.AllowedMentions)
        and m.to_dict() == none
        for c in calls
    )


async def test_slash_edit_opens_a_form_prefilled_and_applies_it(
    app: BriefingBot, store: Store
) -> None:
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    form = opened_form(ctx)
    ctx.send.assert_not_awaited()
    data = yaml.safe_load(form.record.default or "")
    assert data["figure"]["value"] == 31
    assert data["id"] == CLAIM

    head, opened_at = store.head(), store.history(CLAIM)[-1].number
    interaction = await submit(form, mia, app, recounted(form.record.default or ""))
    interaction.response.defer.assert_awaited_once()  # acknowledged before the write
    [embed] = sent_embeds(interaction.followup.send)
    assert embed.title == f"Edited {CLAIM}"
    assert f"revision {head + 1} · changed: statement, figure, quote" in (embed.description or "")
    assert no_pings(interaction.followup.send)
    assert store.history(CLAIM)[-1].editor_id == mia.id
    assert store.history(CLAIM)[-1].base_revision == opened_at
    assert figure_of(app, CLAIM) == "at least 36 worshippers killed"


async def test_a_form_submitted_after_someone_else_edited_is_stale(
    app: BriefingBot, store: Store
) -> None:
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    form = opened_form(ctx)
    changed = "Changed by Carol: at least 31 killed."
    other = store.edit(CLAIM, {"statement": changed}, by=Editor("carol"), reason="")

    interaction = await submit(form, mia, app, recounted(form.record.default or ""))
    [reply] = sent_texts(interaction.followup.send)
    assert reply.startswith(f"Refused, nothing changed: {CLAIM} changed after revision")
    assert f"statement: changed by revision {other.number} (carol, edit)" in reply
    assert f'-> "{changed}"' in reply
    # What was sent comes back, to be sent again on Carol's revision, never over it.
    assert reply.endswith(
        "What you sent is attached: put in what changed since (above), then send it with "
        f"`/fact edit id:{CLAIM} record:` and the file, and `changes:base={other.number}`."
    )
    assert store.head() == other.number
    assert store.get(CLAIM).figure.value == 31  # type: ignore[union-attr]


async def test_an_edit_landing_while_the_form_opens_is_never_reverted(
    app: BriefingBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form shows the record and remembers its revision, read one after the other; an
    edit landing in between (another thread or process) must make the form stale, not be
    silently undone by a form that shows the record from before it."""
    carol: list[Any] = []

    def then_carol_edits(read: Any) -> Any:
        def reading(record_id: str) -> Any:
            result = read(record_id)
            if not carol:  # right after the first of the two reads
                statement = {"statement": "By Carol: at least 31 killed."}
                carol.append(store.edit(CLAIM, statement, by=Editor("carol"), reason=""))
            return result

        return reading

    monkeypatch.setattr(store, "history", then_carol_edits(store.history))
    monkeypatch.setattr(store, "get", then_carol_edits(store.get))
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    form = opened_form(ctx)
    assert carol
    monkeypatch.undo()
    await submit(form, mia, app, recounted(form.record.default or ""))
    assert store.get(CLAIM).statement == "By Carol: at least 31 killed."  # type: ignore[union-attr]


async def test_a_form_is_acknowledged_before_a_slow_write(
    app: BriefingBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit can wait on the disk or on another process's write lock; Discord gives a
    modal submission 3 seconds, so the form is deferred first and answered as a follow-up."""
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    form = opened_form(ctx)
    interaction = make_interaction(app, mia)
    acknowledged: list[bool] = []
    edit = store.edit

    def slow_edit(*args: Any, **kwargs: Any) -> Any:
        acknowledged.append(interaction.response.is_done())
        return edit(*args, **kwargs)

    monkeypatch.setattr(store, "edit", slow_edit)
    form.record._value = recounted(form.record.default or "")
    await form.on_submit(interaction)
    assert acknowledged == [True]
    interaction.response.send_message.assert_not_awaited()
    [embed] = sent_embeds(interaction.followup.send)
    assert embed.title == f"Edited {CLAIM}"
    assert no_pings(interaction.followup.send)


@pytest.mark.parametrize(
    "case",
    [(sqlite3.OperationalError("disk I/O error"), FAILED), (RuntimeError("a bug"), FORM_FAILED)],
)
async def test_a_form_whose_write_fails_is_answered_in_one_line(
    app: BriefingBot,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    case: tuple[Exception, str],
) -> None:
    """discord.py's own handler of a failed form only logs: the member, told "thinking…",
    never heard that the change was not made."""
    failure, reply = case
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    form = opened_form(ctx)

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise failure

    monkeypatch.setattr(store, "edit", failing)
    interaction = make_interaction(app, mia)
    form.record._value = recounted(form.record.default or "")
    await form._scheduled_task(interaction, [], {})  # as discord.py runs a submitted form
    assert sent_texts(interaction.followup.send) == [reply]
    assert interaction.followup.send.await_args.kwargs["ephemeral"] is True
    assert "Traceback" not in reply
    assert str(failure) in caplog.text  # the operator's: in the log
    assert store.get(CLAIM).figure.value == 31  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id: [unclosed", "yaml: line"),
        ("- just a list", "yaml: expected one record"),
        (f"id: {CLAIM}\nstatment: typo", "statment: Extra inputs are not permitted"),
    ],
)
async def test_an_invalid_form_is_refused(
    app: BriefingBot, store: Store, text: str, problem: str
) -> None:
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    head = store.head()
    interaction = await submit(opened_form(ctx), mia, app, text)
    replies = sent_texts(interaction.response.send_message) + sent_texts(interaction.followup.send)
    assert problem in "\n".join(replies)
    assert store.head() == head


def sent_files(mock: Any) -> list[discord.File]:
    return [c.kwargs["file"] for c in mock.await_args_list if c.kwargs.get("file")]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda text: text + "keywords: [unclosed\n", "yaml: line"),  # refused as it is read
        (
            lambda text: text.replace("text: killed at least 31 worshippers", "text: 31 pilgrims"),
            "quote.text: quote not found",
        ),
    ],
)
async def test_a_refused_form_gives_back_what_was_sent(
    app: BriefingBot, store: Store, change: Any, problem: str
) -> None:
    """A form closes when it is sent: a refusal used to lose everything typed into it."""
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    typed = change(opened_form(ctx).record.default or "")
    head = store.head()
    interaction = await submit(opened_form(ctx), mia, app, typed)
    replies = interaction.response.send_message, interaction.followup.send
    text = "\n".join(sent_texts(replies[0]) + sent_texts(replies[1]))
    assert problem in text
    # ... and the revision the form was opened at: a whole record needs it.
    assert text.endswith(
        f"What you sent is attached: fix it, then send it with `/fact edit id:{CLAIM} record:` "
        f"and the file, and `changes:base={store.history(CLAIM)[-1].number}`."
    )
    [file] = sent_files(replies[0]) + sent_files(replies[1])
    assert file.filename == f"{CLAIM}.yaml"
    assert file.fp.read().decode() == typed
    assert store.head() == head


async def test_a_form_from_someone_who_lost_the_role_is_refused(
    app: BriefingBot, store: Store
) -> None:
    ctx = slash(app, moderator())
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    form, head = opened_form(ctx), store.head()
    demoted = make_member(roles=[make_role("Readers")])
    interaction = await submit(form, demoted, app, recounted(form.record.default or ""))
    assert sent_texts(interaction.response.send_message) == [refusal(["Editors"], names=True)]
    assert store.head() == head


async def test_a_record_too_long_for_a_form_falls_back_to_field_value(
    app: BriefingBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = sys.modules[type(cog_of(app)).__module__]
    monkeypatch.setattr(loaded, "FORM_CHARS", 50)
    ctx = slash(app, moderator())
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM)
    ctx.interaction.response.send_modal.assert_not_awaited()
    [reply] = sent_texts(ctx.send)
    assert "more than a form holds (50)" in reply
    assert f"/fact edit id:{CLAIM} changes:field=value" in reply
    assert no_pings(ctx.send)


async def test_slash_edit_with_changes_applies_them_directly(
    app: BriefingBot, store: Store
) -> None:
    ctx = slash(app, moderator())
    await cog_of(app).edit.callback(cog_of(app), ctx, CLAIM, changes=RECOUNT)
    ctx.defer.assert_awaited_once()  # acknowledged before the write
    ctx.interaction.response.send_modal.assert_not_awaited()
    [embed] = sent_embeds(ctx.send)
    assert "value: 36" in (embed.description or "")
    assert figure_of(app, CLAIM) == "at least 36 worshippers killed"
    assert no_pings(ctx.send)


async def test_slash_add_opens_a_template_and_adds_the_record(
    app: BriefingBot, store: Store
) -> None:
    mia = moderator()
    ctx = slash(app, mia)
    await cog_of(app).add.callback(cog_of(app), ctx, "claim")
    form = opened_form(ctx)
    assert "statement: " in (form.record.default or "")
    assert "quote:\n  source: \n  text: " in (form.record.default or "")

    record = {
        "id": "toll-form",
        "about_event": EVENT,
        "statement": "At least 31 worshippers were killed.",
        "attribution": "reported by the article",
        "quote": {"source": "daljoog-strikes", "text": "killed at least 31 worshippers"},
    }
    interaction = await submit(form, mia, app, yaml.safe_dump(record))
    [embed] = sent_embeds(interaction.followup.send)
    assert embed.title == "Added toll-form"
    assert "toll-form" in claim_ids(app)


async def test_slash_add_and_edit_take_the_record_as_a_file(app: BriefingBot, store: Store) -> None:
    """With a file attached, /fact add opens no form and /fact edit does not show the old
    record: the file is the record."""
    ctx = slash(app, moderator())
    added = make_attachment(json.dumps(toll_record("toll-slash")).encode(), filename="t.json")
    await cog_of(app).add.callback(cog_of(app), ctx, "claim", added)
    ctx.interaction.response.send_modal.assert_not_awaited()
    assert [e.title for e in sent_embeds(ctx.send)] == ["Added toll-slash"]

    ctx = slash(app, moderator())
    record = {**toll_record("toll-slash"), "keywords": ["toll"]}
    edited = make_attachment(yaml.safe_dump(record).encode(), filename="t.yaml")
    base = f"base={store.history('toll-slash')[-1].number}"  # the file was copied there
    await cog_of(app).edit.callback(cog_of(app), ctx, "toll-slash", edited, changes=base)
    ctx.interaction.response.send_modal.assert_not_awaited()
    [embed] = sent_embeds(ctx.send)
    assert "changed: keywords" in (embed.description or "")
    assert store.get("toll-slash").keywords == ["toll"]  # type: ignore[union-attr]


async def test_slash_add_source_reads_the_attachment(app: BriefingBot, store: Store) -> None:
    ctx = slash(app, moderator())
    article = make_attachment(ARTICLE.encode(), filename="dawn.txt")
    await cog_of(app).add.callback(
        cog_of(app), ctx, "source", article, fields="id=dawn-slash publisher=Dawn"
    )
    [embed] = sent_embeds(ctx.send)
    assert embed.title == "Registered source dawn-slash"
    assert store.snapshot().articles["dawn-slash"] == ARTICLE


@pytest.mark.parametrize(
    ("data", "filename", "problem"),
    [
        (b"\xff\xfe not utf-8 \x80", "a.txt", "article: not UTF-8 text"),
        (b"text", "a.pdf", "article: a.pdf: attach the article as .txt"),
        (b"x" * (ARTICLE_BYTES + 1), "a.txt", "article: larger than"),
    ],
)
async def test_slash_add_source_refuses_bad_attachments(
    app: BriefingBot, store: Store, data: bytes, filename: str, problem: str
) -> None:
    ctx, head = slash(app, moderator()), store.head()
    article = make_attachment(data, filename=filename)
    await cog_of(app).add.callback(cog_of(app), ctx, "source", article, fields="id=bad")
    assert problem in "\n".join(sent_texts(ctx.send))
    assert store.head() == head


# --- replies within Discord's limits ------------------------------------------------------


def test_code_blocks_keep_every_line_within_the_limit() -> None:
    lines = [f"line {i} " + "x" * 50 for i in range(200)] + ["y" * 5000]
    blocks = code_blocks(lines)
    assert all(len(block) <= 2000 for block in blocks)
    joined = "".join(block.removeprefix("```\n").removesuffix("\n```") for block in blocks)
    assert joined.replace("\n", "") == "".join(lines)


async def test_a_long_record_is_attached_not_cut(store: Store) -> None:
    revision = store.edit(
        CLAIM,
        {"keywords": [f"keyword number {i}" for i in range(400)]},
        by=Editor("x"),
        reason="",
    )
    embed, file = confirmation(Written(revision), "!")
    assert file is not None
    assert file.filename == f"{CLAIM}.yaml"
    attached = yaml.safe_load(file.fp.read().decode())
    assert attached["keywords"][-1] == "keyword number 399"
    assert "attached" in (embed.description or "")
    assert len(embed) <= 6000


async def test_a_long_record_and_a_long_reason_stay_within_one_embed(store: Store) -> None:
    """The description may take 4,096 characters and the footer 2,048, but an embed holds
    6,000 in all: a long reason gives way, the undo command stays."""
    revision = store.edit(
        CLAIM,
        {"keywords": [f"keyword {i}" for i in range(266)]},
        by=Editor("x"),
        reason="r" * 2040,
    )
    embed, file = confirmation(Written(revision), "!")
    assert file is None
    assert len(embed.description or "") > 3800
    assert len(embed) <= 6000
    assert (embed.footer.text or "").endswith(f"undo: !fact undo {revision.number}")
