"""`x` on the minutes: the circulation copy first, then the full copy, by name (keys, a number or the mouse),
then where; the folder remembered."""

from __future__ import annotations

import email
import sys
from email.policy import default
from pathlib import Path

import html5lib
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from screens.export_picker import ExportPicker, choice_for, choices
from screens.minutes import MinutesScreen
from tests.apphelpers import make_app, store_demo, type_text, wait_for_store, wait_for_workers, wait_until


async def open_minutes(pilot: Pilot) -> None:
    await wait_for_store(pilot)
    await pilot.press("enter")  # the newest meeting's minutes
    await wait_for_workers(pilot)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MinutesScreen), "the minutes open")


async def pick(pilot: Pilot, name: str, *, circulation: bool = False) -> None:
    """x, then down to the format called ``name`` in that copy and Enter, as a keyboard user does."""
    await pilot.press("x")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportPicker), "the picker opens")
    options = pilot.app.screen.query_one(OptionList)
    wanted = choice_for(name, circulation=circulation).id
    while options.get_option_at_index(options.highlighted or 0).id != wanted:
        await pilot.press("down")
    await pilot.press("enter")


def prompts(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def export_to(pilot: Pilot, path: Path) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#export-path", Input).has_focus, "asked where")
    await pilot.press("ctrl+u")
    await type_text(pilot, str(path))
    await pilot.press("enter")
    await wait_for_workers(pilot)


async def test_the_formats_are_offered_by_name_and_the_folder_is_remembered(db_path: Path, tmp_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_minutes(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportPicker), "the picker opens")
        options = app.screen.query_one(OptionList)
        shown = prompts(options)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        # The copy for circulation first, under its heading; then the full copy under its own.
        assert ids == [
            "heading-True",
            "circulation-eml",
            "circulation-html",
            "circulation-docx",
            "circulation-md",
            "heading-False",
            "full-html",
            "full-docx",
            "full-md",
            "full-json",
            "full-csv",
            "full-ics",
        ]
        assert shown[0] == "For circulation (nothing is marked confidential); recorded as circulated"
        assert shown[5] == "Full copy (everything, the confidential items included)"
        assert options.get_option_at_index(options.highlighted or 0).id == "circulation-eml"  # where Enter goes
        assert [line[:3] for line in shown[1:5] + shown[6:]] == [f"{key}  " for key in "1234567890"]
        assert shown[2].startswith("2  Web page (.html): ") and "print to PDF" in shown[2]
        assert shown[1].startswith("1  E-mail draft (.eml): ") and "nothing is sent" in shown[1]
        assert shown[7].startswith("6  Word document (.docx): ")
        await pilot.press("escape")  # back, nothing asked
        assert isinstance(app.screen, MinutesScreen) and not app.screen.query_one("#export-path").display

        await pick(pilot, "html")
        suggested = app.screen.query_one("#export-path", Input).value
        assert suggested.endswith("2026-11-16-youth-resource-centre-youth-offending.html")
        await export_to(pilot, tmp_path / "sent" / ".." / "review.html")
        await wait_until(pilot, lambda: any(m.startswith("Wrote the minutes to") for m in app.told), "written")
        page = html5lib.parse((tmp_path / "review.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
        assert not list(page.iter("script")) and list(page.iter("h1"))

        await pick(pilot, "eml", circulation=True)  # the next one is suggested in the folder of the last
        suggested = app.screen.query_one("#export-path", Input).value
        assert Path(suggested).parent.resolve() == tmp_path.resolve() and suggested.endswith("-circulation.eml")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("Nothing was sent" in m for m in app.told), "the draft is written")
    written = Path(suggested).read_bytes()
    assert email.message_from_bytes(written, policy=default)["X-Unsent"] == "1"


async def test_a_click_or_a_number_picks_a_format(db_path: Path) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_minutes(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportPicker), "the picker opens")
        options = app.screen.query_one(OptionList)
        # Each choice is one line at 100 columns: the row is its place in the list.
        row = [options.get_option_at_index(i).id for i in range(options.option_count)].index("full-docx")
        await pilot.click(OptionList, offset=(4, row + 1))  # +1: the list's border
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesScreen), "the picker closes")
        assert app.screen.query_one("#export-path", Input).value.endswith("offending.docx")
        assert str(app.screen.query_one("#export-hint").render()).startswith("Full copy.")

        await pilot.press("escape")  # home: the minutes again, afresh
        await open_minutes(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportPicker), "the picker opens again")
        await pilot.press(choice_for("html", circulation=True).key)
        await wait_until(pilot, lambda: isinstance(app.screen, MinutesScreen), "a number takes it at once")
        assert app.screen.query_one("#export-path", Input).value.endswith("-circulation.html")
        assert str(app.screen.query_one("#export-hint").render()).startswith("Circulation copy")


def test_every_choice_has_its_own_key_and_the_email_draft_is_only_ever_the_circulation_copy() -> None:
    offered = choices()
    assert len({choice.key for choice in offered}) == len(offered) == 10
    assert [choice.circulation for choice in offered] == sorted((c.circulation for c in offered), reverse=True)
    assert {c.format for c in offered if c.circulation} == {"eml", "html", "docx", "md"}
    assert "eml" not in {c.format for c in offered if not c.circulation}


async def test_without_the_word_extra_the_picker_and_the_export_say_how_to_get_it(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # python-docx not installed
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_minutes(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportPicker), "the picker opens")
        word = prompts(app.screen.query_one(OptionList))
        assert "3  Word document (.docx): needs pip install 'facilitator[word]'" in word
        assert "6  Word document (.docx): needs pip install 'facilitator[word]'" in word
        await pilot.press("escape")
        await pick(pilot, "docx")
        await export_to(pilot, tmp_path / "minutes.docx")
        await wait_until(pilot, lambda: any("facilitator[word]" in m for m in app.told), "told how to get it")
        assert isinstance(app.screen, MinutesScreen) and app.screen.query_one("#export-path").display
    assert not (tmp_path / "minutes.docx").exists()


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_picker_fits_the_smallest_terminal(db_path: Path, size: tuple[int, int]) -> None:
    store_demo(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await open_minutes(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportPicker), "the picker opens")
        await pilot.pause()
        box = app.screen.query_one("#export-picker").region
        assert box.right <= size[0] and box.bottom <= size[1] and box.x >= 0 and box.y >= 0
        options = app.screen.query_one(OptionList)
        assert options.region.height >= 3  # a few formats in view; the rest scroll
        for hint in app.screen.query(".hint"):
            assert hint.region.bottom <= size[1] and hint.region.height >= 1
