"""`!help` and `/help`: every command with the prefix that works here, an example each, and
what the bot cannot do; `!help claims` for one command. Usage errors quote the same examples.

Built from the bot's own commands (so a command added later is listed) plus the examples
below; what it says is an `Answer`, rendered and paged like any other.
"""

from __future__ import annotations

from typing import Any

from discord import app_commands
from discord.ext import commands

from facts.answers import Answer, AnswerStatus, Item, Section

AnyCommand = commands.Command[Any, ..., Any]
# One example or a few for each command, without the prefix; the first is the one usage
# errors show. A command with none is listed without.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "timeline": ("timeline bannu", "timeline", "timeline 2026-02-20..2026-02-28"),
    "claims": ("claims bannu", "claims ttp", "claims"),
    "actor": ("actor TTP", "actor ISPR"),
    "source": ("source azernews", "source"),
    "search": ("search drones",),
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


def example(name: str, prefix: str) -> str | None:
    """The first example of a command (its qualified name), with the prefix: `!claims bannu`."""
    found = EXAMPLES.get(name)
    return f"`{prefix}{found[0]}`" if found else None


def _options(command: AnyCommand) -> str:
    """The slash options, `query` `private`, for hybrid commands."""
    app = getattr(command, "app_command", None)
    if not isinstance(app, app_commands.Command):
        return ""
    return " ".join(f"{p.display_name}:" for p in app.parameters)


def _is_hybrid(command: AnyCommand) -> bool:
    return isinstance(command, commands.HybridCommand | commands.HybridGroup)


def _item(command: AnyCommand, prefix: str, *, full: bool) -> Item:
    name = command.qualified_name
    slash = f" · `/{name}{' ' + _options(command) if _options(command) else ''}`"
    title = f"`{prefix}{name}`" + (slash if _is_hybrid(command) else "")
    about = command.description or command.short_doc or ""
    examples = EXAMPLES.get(name, ())[: None if full else 1]
    lines = [about] if about else []
    if examples:
        lines.append("e.g. " + " · ".join(f"`{prefix}{e}`" for e in examples))
    if isinstance(command, commands.Group):
        subs = sorted(c.qualified_name for c in command.commands if not c.hidden)
        if subs:
            lines.append("also: " + " · ".join(f"`{prefix}{s}`" for s in subs))
    return Item(id=name, kind="command", title=title, text="\n".join(lines))


def help_answer(bot: commands.Bot, prefix: str, name: str = "") -> Answer:
    """Every command, grouped (questions first), or one command in full with its examples."""
    wanted = " ".join(name.removeprefix(prefix).split()).casefold()
    if wanted:
        command = bot.get_command(wanted)
        if command is None or command.hidden:
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
            title=f"Help: {prefix}{command.qualified_name}",
            sections=[Section(heading="Command", items=[_item(command, prefix, full=True)])],
        )
    sections: list[Section] = []
    for cog_name, heading in GROUPS.items():
        cog = bot.get_cog(cog_name)
        if cog is None:
            continue
        items = [_item(c, prefix, full=False) for c in cog.get_commands() if not c.hidden]
        if cog_name == "Query":
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
