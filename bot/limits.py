"""Discord's limits, in one place: what a message, an embed, a component or an interaction
may hold. Discord refuses a request over any of them (HTTP 400), so every renderer and cog
measures against these names, never against a number of its own.

Plain numbers only (no discord import): the text renderers and the terminal may read them.
Sources: https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
.../interactions/application-commands, .../components/reference, .../resources/channel.
"""

from __future__ import annotations

# --- messages and embeds -----------------------------------------------------------------
MESSAGE_CHARS = 2000  # a message's content
EMBED_TOTAL = 6000  # title, description, field names and values, footer and author together
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25  # fields in one embed
FIELD_NAME = 256
FIELD_VALUE = 1024
EMBED_FOOTER = 2048
THREAD_NAME = 100  # a thread's (or a channel's) name

# --- application commands ----------------------------------------------------------------
MAX_CHOICES = 25  # autocomplete choices, and fixed choices of an option
CHOICE_CHARS = 100  # a choice's name, and a string choice's value

# --- components and modals ---------------------------------------------------------------
ACTION_ROWS = 5  # rows of a message or a modal
ROW_BUTTONS = 5  # buttons in one row
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
MODAL_TITLE = 45
TEXT_INPUT_CHARS = 4000  # a modal's text input

# --- files -------------------------------------------------------------------------------
MIB = 1024 * 1024
UPLOAD_BYTES = 10 * MIB  # the smallest upload limit: a server without boosts, 2024 onwards

# --- time ----------------------------------------------------------------------------------
ACK_SECONDS = 3.0  # to answer or defer an interaction before Discord shows it as failed
TOKEN_MINUTES = 15  # an interaction token stays usable for follow-ups this long
