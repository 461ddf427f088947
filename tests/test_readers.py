"""Every reader survives every damaged input: a stored meeting or an import file with any field
replaced by null, a number, a 5,000-digit number, 1e308, empty or huge text, a list, an object,
nesting 100,000 deep, or text with escapes and markup.

The fuzzer takes the demo history as a writer saved it, damages one field of one meeting (a
seeded sample of every field path), and runs every reader over it: the store's read models, the
search and the home screen's overview, and each CLI command in-process. Nothing may raise but the
store's own errors; the damaged meeting is named, and the other meetings still read.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.cli import main
from facilitator.errors import StoreError
from facilitator.meeting_files import demo_meetings, meeting_json
from facilitator.model import MeetingStatus
from facilitator.overview import overview
from facilitator.storepaths import live_path_for, parts_folder_for
from facilitator.tinydb_store import Store
from tests.apphelpers import NOW, make_app, wait_for_store
from tests.conftest import review_meeting
from tests.strategies import as_schema_5
from tests.test_faults import LIVE_ID, beside, place_minutes

TARGET = "demo-may-2026"
OTHERS = ("demo-first", "demo-nov-2026", LIVE_ID)
SEED = 20261201
# Random field paths tried per value, beside a share of ALWAYS; raise it for a longer run.
PATHS_PER_VALUE = int(os.environ.get("FACILITATOR_READER_PATHS", "2"))

# Values json.dumps cannot write (or should not build) are put in as raw text in place of a marker.
HUGE_NUMBER = "1" * 5000
DEEP = "[" * 100_000 + "]" * 100_000
RAW = {"@@huge@@": HUGE_NUMBER, "@@deep@@": DEEP}
VALUES: dict[str, Any] = {
    "null": None,
    "zero": 0,
    "minus-one": -1,
    "5000-digits": "@@huge@@",
    "1e308": 1e308,
    "empty-text": "",
    "huge-text": "x" * 100_000,
    "empty-list": [],
    "empty-object": {},
    "deep-nesting": "@@deep@@",
    "escapes-and-markup": "\x1b[31m[bold red]<b>boo</b>[/]\x1b]0;title\x07\n\r",
}
# The fields every sample tries, beside the random ones: those the raw readers look at.
ALWAYS = [
    ("id",),
    ("revision",),
    ("date",),
    ("start",),
    ("partnership",),
    ("status",),
    ("schema",),
    ("attendees",),
    ("steps",),
    ("steps", 0, "kind"),
    ("captures",),
    ("captures", "actions"),
    ("captures", "actions", "actions"),
    ("captures", "actions", "actions", 0),
    ("captures", "actions", "actions", 0, "due"),
    ("captures", "actions", "actions", 0, "status"),
    ("attendees", 0, "name"),
    (),
]


def field_paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside ``value``: keys of objects and indexes of lists."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*prefix, key)
            yield from field_paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*prefix, index)
            yield from field_paths(inner, (*prefix, index))


def replaced(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    *parents, last = path
    holder: Any = document
    for step in parents:
        holder = holder[step]
    holder[last] = value
    return document


def as_text(data: Any) -> str:
    text = json.dumps(data)
    for marker, raw in RAW.items():
        text = text.replace(json.dumps(marker), raw)
    return text


def cases() -> list[tuple[str, tuple[Any, ...]]]:
    target = json.loads(meeting_json(next(m for m in demo_meetings() if m.id == TARGET)))
    paths = sorted(set(field_paths(target)), key=repr)
    rng = random.Random(SEED)
    chosen = []
    for turn, name in enumerate(VALUES):
        # Each value meets a third of ALWAYS (in turn, so every such field meets most values) and random paths.
        for path in [*ALWAYS[turn % 3 :: 3], *rng.sample(paths, min(PATHS_PER_VALUE, len(paths)))]:
            chosen.append((name, path))
    return chosen


CASES = cases()


def case_id(case: tuple[str, tuple[Any, ...]]) -> str:
    return f"{case[0]}@{'.'.join(map(str, case[1])) or 'whole'}"


def holding(path: Path, meeting_id: str) -> Path:
    """The file of the store at ``path`` that holds this meeting: the live file or a part of the archive."""
    for candidate in [live_path_for(path), *sorted(parts_folder_for(path).glob("*.json"))]:
        if candidate.exists() and f'"id": "{meeting_id}"' in json.dumps(json.loads(candidate.read_text())):
            return candidate
    return path


def damage_stored(path: Path, field: tuple[Any, ...], value: Any) -> None:
    path = holding(path, TARGET)
    data = json.loads(path.read_text())
    doc_id = next(key for key, doc in data["meetings"].items() if doc["id"] == TARGET)
    data["meetings"][doc_id] = replaced(data["meetings"][doc_id], field, value)
    path.write_text(as_text(data))


def one_line(err: str) -> None:
    assert "Traceback" not in err
    for line in err.splitlines():
        # Besides refusals, an import into a new file says it made one.
        assert line.startswith(("facilitator: ", "Created a new minutes database at ")), err[:500]
    assert len(err) < 5_000, "a message carried the damaged value whole"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    one_line(captured.err)
    return code, captured.out, captured.err


def read_everything(path: Path) -> tuple[set[str], list[str]]:
    """Every read model of the store: the ids of the meetings read in full, and what was left out."""
    with Store(path, readonly=True) as store:
        summaries = store.list_meetings()
        assert {s.id for s in summaries} >= set(OTHERS)
        json.dumps([s.to_json() for s in summaries])  # what 'list --json' prints
        readable = {m.id for m in store.meetings()}
        store.in_progress()
        store.latest_by_partnership()
        store.actions()
        store.action_counts(NOW.date())
        store.search("bike")
        store.search("who:paul from:2026")
        overview(store, NOW.date())
        for other in OTHERS:
            store.get(other)
            store.meetings_of(store.get(other).partnership)
        return readable, list(store.damaged)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_reader_survives_a_damaged_stored_meeting(
    tmp_path: Path, case: tuple[str, tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    name, field = case
    minutes = place_minutes(tmp_path / "minutes")
    damaged_file = holding(minutes, TARGET)
    damage_stored(minutes, field, VALUES[name])
    before = beside(minutes)
    try:
        readable, damaged = read_everything(minutes)
    except StoreError as refused:  # the whole file refused: in one line, naming it
        assert str(damaged_file) in str(refused) and "\n" not in str(refused)
        code, out, err = run(capsys, "list", "--db", str(minutes))
        assert code == 1 and out == ""
        return
    assert readable >= set(OTHERS), "a damaged meeting stopped the others being read"
    if TARGET not in readable:
        assert any("is damaged" in problem for problem in damaged), damaged
    for argv in (
        ["list", "--json"],
        ["actions"],
        ["show", OTHERS[1]],
        ["export", OTHERS[1], "--format", "json"],
        ["show", TARGET[:8]],
        ["export", TARGET[:8], "--format", "md"],
    ):
        code, _, err = run(capsys, *argv, "--db", str(minutes))
        assert code in (0, 1)
        if code == 1:
            assert argv[0] in ("show", "export") and err.count("\n") == 1, (argv, err[:300])
    assert beside(minutes) == before, "a reader changed the minutes"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_import_of_a_damaged_file_is_refused_in_one_line_or_reads_back(
    tmp_path: Path, case: tuple[str, tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    name, field = case
    document = json.loads(meeting_json(next(m for m in demo_meetings() if m.id == TARGET)))
    offered = tmp_path / "offered.json"
    offered.write_text(as_text(replaced(document, field, VALUES[name])))
    db = tmp_path / "db" / "minutes.json"
    db.parent.mkdir()  # import makes a new database only in a folder that exists
    code, _, err = run(capsys, "import", str(offered), "--db", str(db))
    if code == 1:
        assert err.count("\n") == 1 and str(offered) in err
        if db.exists():
            with Store(db, readonly=True) as reader:
                assert reader.ids() == []
        return
    assert code == 0, err
    # What import takes in, every reader reads back.
    assert read_everything_of_one(db) == 1


def read_everything_of_one(db: Path) -> int:
    with Store(db, readonly=True) as store:
        meetings = store.meetings()
        assert not store.damaged, store.damaged
        store.list_meetings()
        store.actions()
        return len(meetings)


# --- values no user could produce are refused, naming the field -----------------------------


def _import_one(tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any) -> str:
    # As an earlier version exported it (schema 5, one list per kind): the paths read the same in schema 6.
    document = as_schema_5(json.loads(meeting_json(next(m for m in demo_meetings() if m.id == TARGET))))
    change(document)
    offered = tmp_path / "offered.json"
    offered.write_text(as_text(document))
    code, _, err = run(capsys, "import", str(offered), "--db", str(tmp_path / "minutes.json"))
    assert code == 1, "imported"
    assert "Nothing was imported" in err or "nothing was imported" in err, err
    return err


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("revision", lambda d: d.__setitem__("revision", "@@huge@@")),
        ("revision", lambda d: d.__setitem__("revision", 10**12)),
        ("revision", lambda d: d.__setitem__("revision", "7")),
        ("agenda[0].time_box", lambda d: d["agenda"][0].__setitem__("time_box", 10**6)),
        ("agenda[0].spent", lambda d: d["agenda"][0].__setitem__("spent", 10**12)),
        ("actions[0].carried", lambda d: d["actions"][0].__setitem__("carried", 10**9)),
        ("id", lambda d: d.__setitem__("id", "two words")),
        ("id", lambda d: d.__setitem__("id", "[b]markup[/b]")),
        ("id", lambda d: d.__setitem__("id", "esc\x1b[31m")),
        ("notes[0].id", lambda d: d["notes"][0].__setitem__("id", "x" * 101)),
        ("actions[0].raised_in", lambda d: d["actions"][0].__setitem__("raised_in", "a\nb")),
        ("notes[1].id", lambda d: d["notes"][1].__setitem__("id", d["notes"][0]["id"])),
        ("actions[0].id", lambda d: d["actions"][0].__setitem__("id", d["agenda"][0]["id"])),
        ("steps[1].key", lambda d: d["steps"][1].__setitem__("key", "what worked")),
        # A note of a step the meeting lacks is kept with the other notes, and refused there.
        ("other_notes[0].step", lambda d: d["notes"][0].__setitem__("step", "<script>")),
        ("current_step", lambda d: d.__setitem__("current_step", "1st")),
        ("template", lambda d: d.__setitem__("template", "my template")),
        ("notes", lambda d: d.__setitem__("notes", [d["notes"][0]] * 10_001)),
    ],
)
def test_values_no_user_could_produce_are_refused_at_import_naming_the_field(
    tmp_path: Path, field: str, change: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _import_one(tmp_path, capsys, change)
    assert f": {field}: " in err or f": {field} " in err, err


def test_the_same_values_in_a_stored_file_leave_that_meeting_out_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    minutes = place_minutes(tmp_path / "minutes")
    damage_stored(minutes, ("revision",), "@@huge@@")
    code, _, err = run(capsys, "show", TARGET, "--db", str(minutes))
    assert code == 1 and "demo-may-2026" in err and "5,000 digits" in err, err
    code, _, err = run(capsys, "actions", "--db", str(minutes))
    assert code == 0 and "left out: meeting demo-may-2026" in err


def test_a_meeting_too_deep_to_read_is_kept_byte_for_byte_when_the_file_is_written_again(tmp_path: Path) -> None:
    minutes = place_minutes(tmp_path / "minutes")
    part = holding(minutes, TARGET)
    damage_stored(minutes, ("captures", "worked", "notes", 0, "text"), "@@deep@@")
    with Store(minutes) as store:
        assert TARGET not in {m.id for m in store.meetings()}
        same_week = next(m for m in demo_meetings() if m.id == TARGET).date
        closed = review_meeting(status=MeetingStatus.CLOSED, date=same_week)
        store.save(closed)  # rewrites the archive's part that holds the damaged meeting
        live = store.get(LIVE_ID)
        live.purpose = "Still going"
        store.save(live)
    assert DEEP in part.read_text(), "the damaged meeting was written away"
    with Store(minutes, readonly=True) as reader:
        assert reader.get(closed.id) == closed and reader.get(LIVE_ID).purpose == "Still going"


async def test_the_app_opens_minutes_with_a_damaged_meeting_instead_of_hanging(tmp_path: Path) -> None:
    minutes = place_minutes(tmp_path / "minutes")
    damage_stored(minutes, ("actions",), 5)  # before: a TypeError escaped the worker, the screen waited forever
    damage_stored(minutes, ("date",), -1)
    app = make_app(minutes)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert app.store is not None and not app.home.error
        assert app.home.overview is not None and app.home.overview.total_meetings == 4
