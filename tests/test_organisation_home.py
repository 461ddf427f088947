"""The home screen narrowed to one facilitator's meetings (ctrl+t, the picker the history and actions screens
use): its recent meetings and its counts are that person's, and the screen says whose they are. A real
TinyDB file; keys pressed as a person presses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from facilitator.organisation import Facilitator
from facilitator.overview import overview
from facilitator.overview_chaired import chaired_overview
from facilitator.tinydb_store import Store
from screens.help import key_rows
from screens.home import HomeScreen
from tests.apphelpers import in_progress_meeting, make_app, store_demo, wait_for_store, wait_for_workers, wait_until
from tests.test_organisation_app import pick, store_service

TODAY = dt.date(2026, 11, 16)


def listed(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one("#home-meetings", OptionList)
    found = (options.get_option_at_index(index).id for index in range(options.option_count))
    return [option_id.partition(":")[2] for option_id in found if option_id]


def counts(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#home-status", Static).render())


def test_the_overview_of_one_facilitator_counts_only_their_meetings(db_path: Path) -> None:
    store_service(db_path)
    with Store(db_path) as store:
        store.add(in_progress_meeting())
        everyone = overview(store, TODAY)
        alice = chaired_overview(everyone, store, TODAY, Facilitator("Alice Smith", whole=True))
    assert everyone.total_meetings == 6 and everyone.open_actions == 10 and everyone.overdue_actions == 3
    assert [s.id for s in alice.recent] == ["alice-2", "alice-1"]  # not "[red]Alice[/red] Smith": another name
    assert (alice.total_meetings, alice.open_actions, alice.overdue_actions) == (2, 4, 1)
    assert alice.in_progress == everyone.in_progress  # a meeting left in progress is always offered to resume


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
async def test_ctrl_t_on_home_keeps_one_facilitator_s_meetings_and_says_whose(
    db_path: Path, size: tuple[int, int]
) -> None:
    store_service(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_store(pilot)
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HomeScreen) and len(listed(app)) == 5
        assert "^t facilitator" in str(app.screen.query_one("#home-hint", Static).render())
        assert "home.facilitator" in {row[3] for row in key_rows(app.screen)}  # in the help too

        await pick(pilot, "Alice Smith")
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_until(pilot, lambda: listed(app) == ["alice-2", "alice-1"], "Alice's meetings alone")
        assert counts(app).startswith("2 meetings chaired by Alice Smith  ·  4 open actions  ·  1 overdue")
        assert home.sub_title == "chaired by Alice Smith"
        header = str(home.query_one("#home-meetings", OptionList).get_option_at_index(0).prompt)
        assert header == "Recent meetings chaired by Alice Smith"
        if size == (60, 20):
            assert app.screen.query_one("#home-status", Static).region.right <= 60

        await pick(pilot, "Everyone")
        await wait_until(pilot, lambda: len(listed(app)) == 5, "everyone's meetings again")
        assert counts(app).startswith("5 meetings in your minutes") and not home.sub_title


async def test_the_filter_is_said_even_when_every_meeting_is_that_facilitators(db_path: Path) -> None:
    # The demo's meetings are all chaired by one person: the narrowed overview equals the whole one, and an
    # overview equal to the last read once changed nothing on screen, so the counts still said "in your minutes".
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await wait_for_workers(pilot)
        assert counts(app).startswith("3 meetings in your minutes")
        await pick(pilot, "Denise Godfrey")
        await wait_until(pilot, lambda: app.screen.sub_title == "chaired by Denise Godfrey", "the filter taken")
        await wait_for_workers(pilot)
        await wait_until(pilot, lambda: "chaired by Denise Godfrey" in counts(app), "the counts say whose")
        assert counts(app).startswith("3 meetings chaired by Denise Godfrey")
