"""What the terminal says of the commands only Discord can run (they post, write or attach in
a server): that they are Discord's, and what does the same in a terminal."""

from __future__ import annotations

from facts.answers import Answer, AnswerStatus

# Discord-only commands and their terminal equivalent.
TERMINAL_EQUIVALENTS: dict[str, str] = {
    "export": "briefing export FORMAT [QUERY]",
    "fact": "briefing facts ...",
    "digest": "briefing digest --preview",
}


def in_a_terminal(command: str) -> str:
    return f"In a terminal: `{TERMINAL_EQUIVALENTS[command]}`."


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
