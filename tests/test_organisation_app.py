"""The organisation's view in the app: the history and actions screens narrowed to one facilitator's meetings
(the attendee marked as chair), chosen from the names present; the actions screen's overdue filter with it.
A real TinyDB file; keys pressed as a person presses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, OptionList, Static

from facilitator.model import Attendee, Meeting, MeetingStatus
from facilitator.tinydb_store import Store
from screens.actions import ActionsScreen
from screens.facilitator_picker import FacilitatorPicker
from screens.help import HelpScreen, key_rows
from screens.history import HistoryScreen
from screens.keybar import shown_bindings
from tests.apphelpers import make_app, type_text, wait_for_store, wait_for_workers, wait_until
from tests.conftest import review_meeting

PAST = dt.date(2026, 11, 1)  # before the app's today (16 Nov 2026): an open action due then is overdue


def chaired(chair: str | None, meeting_id: str, day: int, *, overdue: bool = True) -> Meeting:
    """A closed review chaired by ``chair`` (None: nobody marked); its first action overdue if asked."""
    meeting = review_meeting(
        id=meeting_id,
        status=MeetingStatus.CLOSED,
        date=dt.date(2026, 10, day),
        attendees=[
            Attendee(chair or "Sam Reed", "Youth Service", chair=chair is not None),
            Attendee("Paul Howard", "Youth Offending Team"),
        ],
    )
    if overdue:
        meeting.actions[0].due = PAST
    return meeting


def store_service(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_many(
            [
                chaired("Alice Smith", "alice-1", 5),
                chaired("[red]Alice[/red] Smith", "markup-1", 7, overdue=False),
                chaired("Alice Smith", "alice-2", 26, overdue=False),
                chaired("Bob Jones", "bob-1", 12),
                chaired(None, "nobody-1", 19),
            ]
        )


def row_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(DataTable)
    return [str(key.value) for key in table.rows]


async def pick(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+T, then the line that starts with ``name``, then Enter; wait for the list to be drawn again."""
    await pilot.press("ctrl+t")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FacilitatorPicker), "the picker opened")
    options = pilot.app.screen.query_one(OptionList)
    lines = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
    wanted = next(index for index, line in enumerate(lines) if line.startswith(name))
    while options.highlighted != wanted:
        await pilot.press("down" if (options.highlighted or 0) < wanted else "up")
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, FacilitatorPicker), "the picker closed")
    await wait_for_workers(pilot)


async def test_history_lists_only_the_meetings_the_chosen_facilitator_chaired(db_path: Path) -> None:
    store_service(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HistoryScreen) and len(row_keys(app)) == 5

        await pick(pilot, "Alice Smith")
        assert isinstance(app.screen, HistoryScreen)
        chosen = app.screen.facilitator
        assert chosen is not None and chosen.name == "Alice Smith" and chosen.whole
        assert row_keys(app) == ["alice-2", "alice-1"]  # not "[red]Alice[/red] Smith": another name
        hint = str(app.screen.query_one("#history-hint", Static).render())
        assert "2 of 5 meetings chaired by Alice Smith." in hint

        await type_text(pilot, "from:2026-10-20")  # the search narrows within that facilitator's meetings
        await wait_for_workers(pilot)
        assert row_keys(app) == ["alice-2"]

        await pick(pilot, "[red]Alice[/red] Smith")  # a name that looks like markup is shown as typed
        await wait_for_workers(pilot)
        assert row_keys(app) == []
        await pilot.press("ctrl+u")
        await wait_for_workers(pilot)
        assert row_keys(app) == ["markup-1"]

        await pick(pilot, "No chair marked")
        assert row_keys(app) == ["nobody-1"]
        await pick(pilot, "Everyone")
        assert len(row_keys(app)) == 5 and app.screen.sub_title is None


async def test_the_picker_shows_each_name_once_with_its_meetings_and_esc_changes_nothing(db_path: Path) -> None:
    store_service(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await wait_for_workers(pilot)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, FacilitatorPicker), "the picker opened")
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
        assert lines == [
            "Everyone  (5 meetings)",
            "[red]Alice[/red] Smith  (1 meeting)",
            "Alice Smith  (2 meetings)",
            "Bob Jones  (1 meeting)",
            "No chair marked  (1 meeting)",
        ]
        await pilot.press("down", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "back in the history")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HistoryScreen) and app.screen.facilitator is None and len(row_keys(app)) == 5


async def test_actions_show_one_facilitator_s_overdue_actions_and_the_filter_reads_no_meeting(db_path: Path) -> None:
    store_service(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("a")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, ActionsScreen) and app.screen.complete
        assert len(row_keys(app)) == 10  # two open actions in each of five meetings

        # From here on, no meeting is read: the filter works from the listings the store keeps.
        backend = app.store.backend  # type: ignore[union-attr]
        reads: list[str] = []
        document = backend.document

        def counted(meeting_id: str) -> object:
            reads.append(meeting_id)
            return document(meeting_id)

        backend.document = counted
        await pick(pilot, "Alice Smith")
        assert {key.split("/")[0] for key in row_keys(app)} == {"alice-1", "alice-2"}
        await pilot.press("v")  # overdue only, within Alice's meetings
        assert [key.split("/")[0] for key in row_keys(app)] == ["alice-1"]
        summary = str(app.screen.query_one("#actions-summary", Static).render())
        assert "1 of 10 actions" in summary and "overdue only" in summary
        assert "meetings chaired by Alice Smith" in summary and "^t change it" in summary
        await pick(pilot, "Everyone")
        assert sorted(key.split("/")[0] for key in row_keys(app)) == ["alice-1", "bob-1", "nobody-1"]
        assert reads == []


async def test_the_facilitator_key_is_in_the_footer_and_help_and_can_be_remapped(db_path: Path) -> None:
    config = db_path.parent / "config"
    config.mkdir()
    (config / "keymap.toml").write_text(
        '"history.facilitator" = "f6"\n"actions.facilitator" = "f7"\n', encoding="utf-8"
    )
    store_service(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        for opener, key, screen_type in (("h", "f6", HistoryScreen), ("a", "f7", ActionsScreen)):
            await pilot.press(opener)
            await wait_for_workers(pilot)
            assert isinstance(app.screen, screen_type)
            assert any(binding.action == "pick_facilitator" for binding, *_ in shown_bindings(app.screen))
            rows = key_rows(app.screen)
            assert any(keys == key and what == "Facilitator" for _where, keys, what, _id, _more in rows)
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, FacilitatorPicker), "the remapped key opened it")
            await pilot.press("escape")
            await wait_until(pilot, lambda: type(app.screen).__name__ == screen_type.__name__, "back")  # noqa: B023
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opened")
            await pilot.press("escape")
            await pilot.press("escape")
            await wait_for_store(pilot)
