"""The text of `!help` and `/help`, without discord.py: every command with the prefix that
works here, an example each, and what the bot cannot do; `!help claims` for one command.

Built from `CommandHelp`, what help says about one command: bot.help reads them off the bot's
own commands (so a command added later is listed), the terminal from its catalogue of the same
(bot.terminal.help, which a test keeps equal to the bot's). What it says is an `Answer`,
rendered and paged like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from facts.answers import Answer, AnswerStatus, Item, Section

# One example or a few for each command, without the prefix; the first is the one usage
# errors show. A command with none is listed without.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "timeline": ("timeline bannu", "timeline", "timeline 2026-02-20..2026-02-28"),
    "claims": ("claims bannu", "claims ttp", "claims"),
    "actor": ("actor TTP", "actor ISPR"),
    "source": ("source azernews", "source"),
    "search": ("search drones",),
    "latest": ("latest",),
    "help": ("help claims",),
    "export": ("export timelinejs bannu", "export csv", "export jsonld"),
    "fact": ("fact history mosque-toll-daljoog",),
    "fact add": ('fact add claim id=... statement="..." quote.source=... quote.text="..."',),
    "fact edit": ('fact edit mosque-toll-dawn figure.value=34 base=41 reason="Dawn\'s update"',),
    "fact retract": ("fact retract mosque-toll-dawn duplicate of mosque-toll-daljoog",),
    "fact undo": ("fact undo 57 the retraction was a mistake",),
    "fact history": ("fact history mosque-toll-daljoog",),
    "digest": ("digest preview",),
    "digest now": ("digest now",),
    "digest preview": ("digest preview",),
    "digest changes": ("digest changes", "digest changes 2026-03-02T08:00Z"),
    "digest channel": ("digest channel add #briefing",),
    "digest channel add": ("digest channel add #briefing",),
    "digest channel remove": ("digest channel remove #briefing",),
    "digest time": ("digest time 07:30 Asia/Karachi",),
}
MENU_HELP = (
    "Right-click a message (on a phone: press and hold it), then Apps → Find claims: what the "
    "store says about the message's words, shown to you only."
)
CANNOT: tuple[tuple[str, str], ...] = (
    (
        "Only the store",
        "It answers from the curated facts store and its articles only: it does not search the "
        "web, open links, or know what happened after the articles.",
    ),
    ("No verdicts", "Contested figures stay side by side, each attributed; it settles nothing."),
    ("No guesses", "A question that matches nothing gets “no match” and cites nothing."),
    ("Moderators edit", "Only moderators change facts (`fact ...`); every change is kept."),
)
GROUPS = {
    "Query": "Questions",
    "Export": "Files for other tools",
    "Moderation": "Moderators",
    "Digest": "Moderators: the digest",
}


@dataclass(frozen=True)
class CommandHelp:
    """What help says about one command (a subcommand by its qualified name, `fact edit`)."""

    name: str
    group: str  # the cog it belongs to, a key of GROUPS
    about: str
    slash: str | None = None  # its slash options (`query: private:`), None: no slash command
    subcommands: tuple[str, ...] = field(default_factory=tuple)
    top: bool = True  # listed in the overview; a subcommand only by `help <group> <name>`


def example(name: str, prefix: str) -> str | None:
    """The first example of a command (its qualified name), with the prefix: `!claims bannu`."""
    found = EXAMPLES.get(name)
    return f"`{prefix}{found[0]}`" if found else None


def _item(command: CommandHelp, prefix: str, *, full: bool, note: str | None) -> Item:
    name = command.name
    title = f"`{prefix}{name}`"
    if command.slash is not None:
        title += f" · `/{name}{' ' + command.slash if command.slash else ''}`"
    examples = EXAMPLES.get(name, ())[: None if full else 1]
    lines = [command.about] if command.about else []
    if examples:
        lines.append("e.g. " + " · ".join(f"`{prefix}{e}`" for e in examples))
    if command.subcommands:
        lines.append("also: " + " · ".join(f"`{prefix}{s}`" for s in command.subcommands))
    if note:
        lines.append(note)
    return Item(id=name, kind="command", title=title, text="\n".join(lines))


def build_help(
    commands: Sequence[CommandHelp],
    prefix: str,
    name: str = "",
    notes: Mapping[str, str] | None = None,
) -> Answer:
    """Every command, grouped (questions first), or one command in full with its examples.
    `notes` adds a line to a command's entry (by its top-level name): what a front that
    cannot run it offers instead."""
    notes = notes or {}
    by_name = {c.name: c for c in commands}

    def note(command: CommandHelp) -> str | None:
        return notes.get(command.name.split()[0])

    wanted = " ".join(name.removeprefix(prefix).split()).casefold()
    if wanted:
        command = by_name.get(wanted)
        if command is None:
            return Answer(
                command="help",
                query=name,
                status=AnswerStatus.USAGE,
                title=f"No command `{prefix}{wanted[:40]}`",
                summary=f"`{prefix}help` lists every command.",
            )
        return Answer(
            command="help",
            query=name,
            title=f"Help: {prefix}{command.name}",
            sections=[
                Section(
                    heading="Command",
                    items=[_item(command, prefix, full=True, note=note(command))],
                )
            ],
        )
    sections: list[Section] = []
    for group, heading in GROUPS.items():
        items = [
            _item(c, prefix, full=False, note=note(c))
            for c in commands
            if c.group == group and c.top
        ]
        if not items:
            continue
        if group == "Query":
            items.append(Item(id="menu", kind="command", title="Find claims", text=MENU_HELP))
        sections.append(Section(heading=heading, items=items))
    sections.append(
        Section(
            heading="What it cannot do",
            items=[
                Item(id=f"cannot-{n}", kind="note", title=t, text=x)
                for n, (t, x) in enumerate(CANNOT)
            ],
        )
    )
    return Answer(
        command="help",
        title="Commands",
        summary=f"Short, attributed answers from the facts store; every answer cites its article. "
        f"Type `{prefix}command` or `/command`; `{prefix}help claims` for one command in full.",
        sections=sections,
    )
