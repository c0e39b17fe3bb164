"""The pager through discord.py's own dispatch (`View._dispatch_item` runs the checks, the
callback and `on_error` as a real button press does), with spec'd interaction mocks."""

from __future__ import annotations

import logging
from typing import Any
from unittest.mock import MagicMock

import discord
import pytest

from bot.paging import COPY_NOTE, FAILED, REMOVE_REFUSED, JumpForm, Pager
from tests.helpers import make_interaction, make_member


def pages(n: int = 4) -> list[discord.Embed]:
    return [discord.Embed(title="T", description=f"page {i}") for i in range(1, n + 1)]


def press_interaction(user: MagicMock, item: discord.ui.Item[Any]) -> MagicMock:
    interaction = make_interaction(MagicMock(), user)
    interaction.data = {"custom_id": getattr(item, "custom_id", ""), "component_type": 2}
    interaction.message = MagicMock(spec=discord.Message, id=1)
    interaction.original_response.return_value = MagicMock(spec=discord.Message)
    for method in ("edit_message",):
        getattr(interaction.response, method).side_effect = lambda *a, **k: (
            interaction.response.is_done.configure_mock(return_value=True)
        )
    return interaction


async def press(view: Pager, item: discord.ui.Item[Any], user: MagicMock) -> MagicMock:
    interaction = press_interaction(user, item)
    task = view._dispatch_item(item, interaction)
    assert task is not None
    await task
    return interaction


def shown(interaction: MagicMock) -> discord.Embed:
    return interaction.response.edit_message.await_args.kwargs["embed"]


async def test_the_asker_pages_first_previous_next_last():
    asker = make_member(name="asker")
    view = Pager(pages(), owner_id=asker.id)
    assert [c.label for c in view.children] == [
        "First",
        "Previous",
        "1/4",
        "Next",
        "Last",
        "Remove",
    ]
    assert view.first.disabled
    assert view.previous.disabled
    assert not view.next.disabled
    assert shown(await press(view, view.next, asker)).description == "page 2"
    assert view.jump.label == "2/4"
    assert shown(await press(view, view.last, asker)).description == "page 4"
    assert view.next.disabled
    assert view.last.disabled
    assert not view.first.disabled
    assert shown(await press(view, view.previous, asker)).description == "page 3"
    assert shown(await press(view, view.first, asker)).description == "page 1"


async def test_a_second_user_gets_a_private_copy_and_the_askers_page_stays():
    asker, other = make_member(name="asker"), make_member(name="other")
    view = Pager(pages(), owner_id=asker.id)
    await press(view, view.next, asker)
    interaction = await press(view, view.next, other)
    interaction.response.edit_message.assert_not_awaited()  # the channel's message is untouched
    assert view.index == 1
    kwargs = interaction.response.send_message.await_args.kwargs
    assert interaction.response.send_message.await_args.args == (COPY_NOTE,)
    assert kwargs["ephemeral"] is True
    assert kwargs["embed"].description == "page 2"  # at the page shown
    copy = kwargs["view"]
    assert isinstance(copy, Pager)
    assert copy.owner_id == other.id
    assert copy.private
    assert "Remove" not in [c.label for c in copy.children]  # ephemeral: dismissable anyway
    # The copy pages for its owner; the original does not move.
    assert shown(await press(copy, copy.next, other)).description == "page 3"
    assert view.index == 1


async def test_only_the_asker_removes_the_answer():
    asker, other = make_member(name="asker"), make_member(name="other")
    view = Pager(pages(), owner_id=asker.id)
    refused = await press(view, view.remove, other)
    assert refused.response.send_message.await_args.args == (REMOVE_REFUSED,)
    assert refused.response.send_message.await_args.kwargs["ephemeral"] is True
    refused.delete_original_response.assert_not_awaited()
    removed = await press(view, view.remove, asker)
    removed.response.defer.assert_awaited_once()
    removed.delete_original_response.assert_awaited_once()
    assert view.is_finished()


async def test_one_page_answer_has_only_remove_and_private_one_nothing():
    assert [c.label for c in Pager(pages(1), owner_id=1).children] == ["Remove"]
    assert Pager(pages(1), owner_id=1, private=True).children == []


async def test_jump_to_a_page_by_number():
    asker = make_member(name="asker")
    view = Pager(pages(), owner_id=asker.id)
    opened = await press(view, view.jump, asker)
    form = opened.response.send_modal.await_args.args[0]
    assert isinstance(form, JumpForm)

    async def submit(value: str) -> MagicMock:
        interaction = press_interaction(asker, view.jump)
        components = [{"type": 4, "custom_id": form.number.custom_id, "value": value}]
        await form._scheduled_task(interaction, components, {})  # type: ignore[arg-type]
        return interaction

    assert shown(await submit("3")).description == "page 3"
    assert view.jump.label == "3/4"
    for wrong in ("9", "0", "two"):
        refused = await submit(wrong)
        refused.response.edit_message.assert_not_awaited()
        text = refused.response.send_message.await_args.args[0]
        assert "pages 1 to 4" in text
        assert refused.response.send_message.await_args.kwargs["ephemeral"] is True
    assert view.index == 2


async def test_a_failing_button_is_logged_and_answered(caplog: pytest.LogCaptureFixture):
    asker = make_member(name="asker")
    view = Pager(pages(), owner_id=asker.id)
    interaction = press_interaction(asker, view.next)
    interaction.response.edit_message.side_effect = RuntimeError("boom")
    with caplog.at_level(logging.ERROR, logger="bot.paging"):
        task = view._dispatch_item(view.next, interaction)
        assert task is not None
        await task
    assert "failed" in caplog.text
    assert "boom" in caplog.text
    assert interaction.response.send_message.await_args.args == (FAILED,)
    assert interaction.response.send_message.await_args.kwargs["ephemeral"] is True
    assert "Traceback" not in FAILED


async def test_timeout_disables_every_button_and_keeps_the_page():
    view = Pager(pages(), owner_id=1)
    view.message = MagicMock(spec=discord.Message)
    await view.on_timeout()
    edited = view.message.edit.await_args.kwargs["view"]
    assert edited is view
    assert all(c.disabled for c in view.children if isinstance(c, discord.ui.Button))
    assert "embed" not in view.message.edit.await_args.kwargs


async def test_a_picture_added_after_sending_stays_on_the_first_page():
    asker = make_member(name="asker")
    view = Pager(pages(), owner_id=asker.id)
    view.message = MagicMock(spec=discord.Message)
    first = discord.Embed(title="T", description="page 1")
    first.set_image(url="attachment://timeline.png")  # what add_picture edits in
    view.message.embeds = [first]
    await press(view, view.next, asker)
    back = await press(view, view.first, asker)
    assert shown(back).image.url == "attachment://timeline.png"
    assert not view.pages[1].image.url


async def test_a_private_copy_does_not_point_at_the_channel_messages_picture():
    asker, other = make_member(name="asker"), make_member(name="other")
    view = Pager(pages(), owner_id=asker.id)
    view.message = MagicMock(spec=discord.Message)
    first = discord.Embed(title="T", description="page 1")
    first.set_image(url="attachment://timeline.png")
    view.message.embeds = [first]
    await press(view, view.first, asker)
    copied = await press(view, view.next, other)
    assert not copied.response.send_message.await_args.kwargs["embed"].image.url
