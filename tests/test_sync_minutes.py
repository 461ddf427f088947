"""Until a clash is settled, the minutes show both values: the minutes screen, ``facilitator show`` and every
text export (from the outline, ``facilitator.outline.Unsettled``), with who wrote each and how to settle it.
Real git repositories, real stores; the values hold markup-like text, which must show as typed."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from textual.widgets import Markdown

from facilitator import sync
from facilitator.cli import main
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Meeting
from facilitator.outline import NOT_SETTLED, Unsettled, outline
from facilitator.sync.unsettled import clashes_of, unsettled_in
from facilitator.tinydb_store import Store
from screens.minutes import MinutesScreen
from tests.apphelpers import make_app, wait_for_store, wait_for_workers, wait_until
from tests.test_markup import screen_text
from tests.test_sync import Laptop, closed
from tests.test_sync_app import a_clash_waiting

OURS = "Denise's [red]venue[/red] [/b]"
THEIRS = "Paul's **venue** <b>x</b>"


def two_laptops_clash(tmp_path: Path) -> tuple[Laptop, Laptop, str]:
    """Paul and Denise both changed a closed meeting's venue; Denise's sync found the clash."""
    denise, paul, meeting_id = a_clash_waiting(tmp_path, ours=OURS, theirs=THEIRS)
    (outcome,) = denise.sync()
    assert outcome.new_clashes == 1
    return denise, paul, meeting_id


def test_facilitator_show_prints_both_values_marked_not_settled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    denise, paul, meeting_id = two_laptops_clash(tmp_path)
    assert main(["show", "--db", str(denise.db), meeting_id, "--no-pager"]) == 0
    out = capsys.readouterr().out
    assert NOT_SETTLED in out and "facilitator sync --clashes" in out and "press c on the home screen" in out
    assert "Not settled: venue" in out
    assert f"1. {OURS} (from Denise, shown now)" in out
    assert f"2. {THEIRS} (from Paul)" in out
    # Paul's laptop holds the clash too once it syncs: the same both values, there as well.
    paul.sync()
    assert main(["show", "--db", str(paul.db), meeting_id, "--no-pager"]) == 0
    out = capsys.readouterr().out
    assert OURS in out and THEIRS in out and NOT_SETTLED in out


def test_once_settled_the_minutes_show_one_value_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    denise, _paul, meeting_id = two_laptops_clash(tmp_path)
    (clash,) = clashes_of(denise.db, meeting_id)
    with Store(denise.db) as store:
        sync.settle(store, denise.db, clash, 1)
    assert clashes_of(denise.db, meeting_id) == []
    assert main(["show", "--db", str(denise.db), meeting_id, "--no-pager"]) == 0
    out = capsys.readouterr().out
    assert NOT_SETTLED not in out and OURS not in out and THEIRS in out


def test_markdown_and_html_exports_of_a_meeting_with_a_clash_say_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    denise, _paul, meeting_id = two_laptops_clash(tmp_path)
    target = tmp_path / "minutes.md"
    assert main(["export", "--db", str(denise.db), meeting_id, "-o", str(target)]) == 0
    markdown = target.read_text(encoding="utf-8")
    assert f"## {NOT_SETTLED}" in markdown and "run facilitator sync --clashes" in markdown
    assert "Paul's \\*\\*venue\\*\\*" in markdown  # the user's text is escaped, never read as Markdown
    assert main(["show", "--db", str(denise.db), meeting_id, "--format", "html", "--no-pager"]) == 0
    page = capsys.readouterr().out
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    text = "".join(tree.itertext())
    assert NOT_SETTLED in text and OURS in text and THEIRS in text
    assert tree.find(".//b[.='x']") is None  # '<b>x</b>' typed by a user is text, not markup


def test_a_store_without_sync_prints_its_minutes_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laptop = Laptop(tmp_path, "Denise")
    meeting = closed()
    laptop.add(meeting)
    assert unsettled_in(laptop.db, meeting.id) == ()
    assert main(["show", "--db", str(laptop.db), meeting.id, "--no-pager"]) == 0
    out = capsys.readouterr().out
    assert out == render_text(laptop.get(meeting.id))
    assert not sync.sync_folder(laptop.db).exists()


def test_the_outline_puts_the_clashes_after_the_opening_and_leaves_the_rest_alone() -> None:
    meeting: Meeting = closed(venue="Here")
    clash = Unsettled("venue", (("Denise", "Here"), ("Paul", "There")), 0)
    plain, marked = outline(meeting), outline(meeting, unsettled=[clash])
    assert [s.title for s in marked.sections] == [
        plain.sections[0].title,
        NOT_SETTLED,
        *(s.title for s in plain.sections[1:]),
    ]
    assert render_markdown(meeting) == render_markdown(meeting, unsettled=())


async def test_the_minutes_screen_shows_both_values_of_a_clash(tmp_path: Path) -> None:
    denise, _paul, meeting_id = two_laptops_clash(tmp_path)
    app = make_app(denise.db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        app.load_minutes(meeting_id)
        await wait_for_workers(pilot)
        await wait_until(
            pilot, lambda: isinstance(app.screen, MinutesScreen) and bool(app.screen.query("#minutes-view")), "minutes"
        )
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MinutesScreen)
        source = screen.query_one("#minutes-view", Markdown).source
        assert f"## {NOT_SETTLED}" in source and "press c on the home screen" in source
        await pilot.pause()
        shown = screen_text(app)
        assert "Not settled" in shown
        assert "[red]venue[/red] [/b]" in shown  # as typed: never read as markup
        assert "Paul's **venue**" in shown


def test_a_circulation_copy_counts_the_clashes_without_where_or_what(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where a clash is, and its values, could name a confidential item the circulation copy leaves out."""
    denise, _paul, meeting_id = two_laptops_clash(tmp_path)
    assert main(["export", "--db", str(denise.db), meeting_id, "--format", "md", "--circulation"]) == 0
    out = capsys.readouterr().out
    assert "1 clash not settled" in out and "not shown in this copy" in out
    assert "Not settled: venue" not in out
    assert "Paul" not in out.split("## Not settled")[1].split("##")[0]
    assert "\\*\\*venue\\*\\*" not in out  # their value is nowhere in the copy
