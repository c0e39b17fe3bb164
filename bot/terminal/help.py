"""`!help` in the console and `briefing ask`: the text the channel shows (bot.help_text), from
a catalogue of the bot's commands kept here, so the terminal never loads discord.py (a test
keeps it equal to what the bot's own commands say). The commands only Discord can run are
named with what does the same in a terminal."""

from __future__ import annotations

from bot.help_text import CommandHelp, build_help
from facts.answers import Answer, AnswerStatus

# The bot's commands as bot.help.command_help reads them off a running bot.
CATALOGUE: tuple[CommandHelp, ...] = (
    CommandHelp("timeline", "Query", "Events in date order", slash="query: private:"),
    CommandHelp("claims", "Query", "Who says what, disputes side by side", slash="query: private:"),
    CommandHelp("actor", "Query", "Who they are, what they did and said", slash="query: private:"),
    CommandHelp(
        "source", "Query", "An article and what the store takes from it", slash="query: private:"
    ),
    CommandHelp("search", "Query", "Search everything", slash="query: private:"),
    CommandHelp(
        "latest",
        "Query",
        "The newest events and the leading open disputes",
        slash="query: private:",
    ),
    CommandHelp("help", "Query", "The commands, with examples", slash="command:"),
    CommandHelp(
        "fact",
        "Moderation",
        "Moderators: add, edit, retract, undo and look at the history of facts.",
        slash="",
        subcommands=("fact add", "fact edit", "fact history", "fact retract", "fact undo"),
    ),
    CommandHelp(
        "fact add",
        "Moderation",
        "Add a claim, event, actor, place or source",
        slash="kind: article: fields:",
        top=False,
    ),
    CommandHelp(
        "fact edit",
        "Moderation",
        "Correct a record (a form, or field=value ...)",
        slash="id: record: changes:",
        top=False,
    ),
    CommandHelp("fact history", "Moderation", "Every revision of a record", slash="id:", top=False),
    CommandHelp(
        "fact retract",
        "Moderation",
        "Withdraw a wrong record (kept in history)",
        slash="id: reason:",
        top=False,
    ),
    CommandHelp(
        "fact undo",
        "Moderation",
        "Undo one revision (itself a new revision)",
        slash="revision: reason:",
        top=False,
    ),
    CommandHelp(
        "digest",
        "Digest",
        "The daily digest (moderators)",
        slash="",
        subcommands=(
            "digest changes",
            "digest channel",
            "digest now",
            "digest preview",
            "digest thread",
            "digest time",
        ),
    ),
    CommandHelp(
        "digest changes",
        "Digest",
        "Every change the digest counts, paged",
        slash="since:",
        top=False,
    ),
    CommandHelp(
        "digest channel",
        "Digest",
        "Where the digest is posted",
        slash="",
        subcommands=("digest channel add", "digest channel remove"),
        top=False,
    ),
    CommandHelp(
        "digest channel add",
        "Digest",
        "Post the daily digest in a channel",
        slash="channel:",
        top=False,
    ),
    CommandHelp(
        "digest channel remove",
        "Digest",
        "Stop the daily digest in a channel",
        slash="channel:",
        top=False,
    ),
    CommandHelp("digest now", "Digest", "Post the digest here, now", slash="", top=False),
    CommandHelp(
        "digest preview",
        "Digest",
        "The digest as it stands, with the schedule",
        slash="",
        top=False,
    ),
    CommandHelp(
        "digest thread",
        "Digest",
        "Post a channel's digest as a thread a day",
        slash="channel: on:",
        top=False,
    ),
    CommandHelp(
        "digest time",
        "Digest",
        "When the digest is posted (local time)",
        slash="at: zone:",
        top=False,
    ),
    CommandHelp(
        "export",
        "Export",
        "The store as a file: TimelineJS, CSV or JSON-LD",
        slash="format: query:",
    ),
)
# Discord-only commands (they post, write or attach in a server), and their terminal equivalent.
TERMINAL_EQUIVALENTS: dict[str, str] = {
    "export": "briefing export FORMAT [QUERY]",
    "fact": "briefing facts ...",
    "digest": "briefing digest --preview",
}


def in_a_terminal(command: str) -> str:
    return f"In a terminal: `{TERMINAL_EQUIVALENTS[command]}`."


def help_answer(prefix: str, name: str = "") -> Answer:
    """The channel's help, each Discord-only command with its terminal equivalent."""
    notes = {command: in_a_terminal(command) for command in TERMINAL_EQUIVALENTS}
    return build_help(CATALOGUE, prefix, name, notes)


def discord_only(command: str, prefix: str) -> Answer | None:
    """For a Discord-only command typed in the terminal, one line saying so and what to run
    instead; None for a command the terminal answers."""
    if command not in TERMINAL_EQUIVALENTS:
        return None
    return Answer(
        command=command,
        status=AnswerStatus.USAGE,
        title=f"`{prefix}{command}` is a Discord command. {in_a_terminal(command)}",
    )
