"""What the app imports before its first screen is painted (issue 18: within 1.3x of a bare Textual app).

Every module imported before the home screen is painted is time the facilitator waits at a
blank terminal; a module the first screen does not need belongs where it is first used. In
December the date phrases (with their TOML table of holidays), the clashes screen and the TOML
parser had crept onto the start-up path and the first screen took 1.3-1.4x a bare app's time,
against 1.05x in November. These tests fail on the next such import, before a benchmark would.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

# Every module of ours that the first screen needs: the app, its home screen and what they draw with.
# A module added to this list is a deliberate choice that costs every start-up (see docs/performance.md).
FIRST_SCREEN = frozenset(
    {
        "facilitator",
        "facilitator.errors",
        "facilitator.overview",
        "facilitator.paths",
        "facilitator.quitting",
        "facilitator.text",
        "screens",
        "screens.app",
        "screens.frames",
        "screens.home",
        "screens.keybar",
        "screens.keyorder",
        "screens.lists",
        "screens.savestate",
        "screens.timefmt",
    }
)
# What the ``facilitator`` command adds before it starts the app: its parser (with the export formats)
# and the store's path rules. The store itself is opened in the app's worker, after the first screen.
COMMAND_LINE = frozenset(
    {"facilitator.cli", "facilitator.exporters", "facilitator.exporters.formats", "facilitator.storepaths"}
)
# Imported only once used; each was once imported at start-up (or would be, by an easy slip).
LATER = (
    "facilitator.date_phrases",  # a due date shown: the actions and the meeting's panes
    "facilitator.dates",  # a stored date shown: the home screen's list, once the minutes are read
    "screens.clashes",  # c on the home screen
    "tomllib",  # a keymap.toml that exists, the templates and the holidays table
    "facilitator.model",
    "facilitator.session",
    "facilitator.tinydb_store",
    "facilitator.templates",
    "facilitator.outline",
    "facilitator.search",
    "facilitator.sync",
    "facilitator.exporters.writer",
    "facilitator.exporters.action_list",
    "screens.meeting",
    "screens.history",
    "screens.help",
    "facilitator.organisation",
    "facilitator.meeting_files",
    "facilitator.columns",
    "tinydb",
)


def imported_by(statement: str) -> set[str]:
    probe = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def ours(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in ("facilitator", "screens")}


def test_the_app_module_imports_only_what_the_first_screen_needs() -> None:
    loaded = imported_by("import screens.app")
    assert ours(loaded) - FIRST_SCREEN == set(), "imported before the first screen, but not needed by it"
    assert [name for name in LATER if name in loaded] == []


def test_nothing_more_is_imported_until_the_first_screen_is_painted(tmp_path: Path) -> None:
    # The app opens its store once the home screen is painted: what is loaded then is what the
    # facilitator waited for (compose, on_mount, the key map, the first layout and paint).
    probe = f"""
import json, sys
from pathlib import Path
from screens.app import FacilitatorApp

class FirstScreen(FacilitatorApp):
    def open_store(self):
        print(json.dumps(sorted(sys.modules)))
        self.exit()

def never(path, *, today):
    raise AssertionError("the store is not opened in this test")

FirstScreen(Path({str(tmp_path / "minutes.json")!r}), open_repository=never, config_dir=Path({str(tmp_path)!r})).run(
    headless=True
)
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert ours(loaded) - FIRST_SCREEN == set(), "imported before the first screen was painted, but not needed by it"
    assert [name for name in LATER if name in loaded] == []


def test_the_facilitator_command_imports_only_what_the_first_screen_needs() -> None:
    # The command line imported the store, the model and the organisation's queries at the top (a
    # quarter of a second or more) before the app began; the bare ``facilitator`` command needs none.
    loaded = imported_by("import facilitator.cli, screens.app")
    assert ours(loaded) - FIRST_SCREEN - COMMAND_LINE == set(), "imported before the app starts, but not needed"
    assert [name for name in LATER if name in loaded] == []


def test_the_store_the_command_line_hands_the_app_opens_the_minutes(tmp_path: Path) -> None:
    from facilitator.cli import _open_store
    from tests.conftest import review_meeting

    meeting = review_meeting()
    with _open_store(tmp_path / "minutes.json", today=dt.date.today) as store:
        store.save(meeting)
    with _open_store(tmp_path / "minutes.json", today=dt.date.today) as store:
        assert store.get(meeting.id) == meeting


def test_the_modules_left_for_later_still_exist() -> None:
    # A name in LATER that no longer exists would make the test above pass for nothing.
    loaded = imported_by("import " + ", ".join(LATER))
    assert set(LATER) <= loaded
