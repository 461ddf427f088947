"""A partner without an organisation is named by the person, never by a placeholder.

The meeting here has nobody with an organisation; every format renders it (and its actions),
the command line prints it, and the minutes' health trend draws it. Each partner must appear by
name wherever partners are listed, and no placeholder may stand in for an organisation.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.exporters.formats import FORMATS, ActionsExport, MeetingExport
from facilitator.exporters.rows import meeting_rows
from facilitator.model import (
    Attendance,
    Attendee,
    Conflict,
    Decision,
    HealthCheck,
    Meeting,
    PartnerHealth,
    Position,
    Stance,
)
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting

NOW = dt.datetime(2026, 11, 16, 16, 0, tzinfo=dt.UTC)
DENISE, PAUL = "Denise Godfrey", "Paul Howard"
# What stands in for a missing organisation in a careless renderer.
PLACEHOLDERS = re.compile(
    r"\(\s*\)|\(\s*,|,\s*\)|no organi[sz]ation|unknown|\bNone\b|\(none\)|\bn/a\b|\(nobody|\(unnamed", re.IGNORECASE
)


def no_organisations(day: dt.date = dt.date(2026, 11, 16), meeting_id: str = "no-orgs-nov") -> Meeting:
    meeting = review_meeting(
        id=meeting_id,
        date=day,
        attendees=[
            Attendee(DENISE, chair=True),
            Attendee(PAUL, role="YOT worker"),
            Attendee("Jo Bell", attendance=Attendance.APOLOGIES),
            Attendee("Sam Reed", attendance=Attendance.INVOLVED),
        ],
        conflicts=[Conflict("Room use", [DENISE, PAUL], way_forward="Share the room")],
        decisions=[Decision("Run the workshop", positions=[Stance(DENISE), Stance(PAUL, Position.RESERVATION)])],
        health=HealthCheck(
            "cooperation", 3, 4, 3, by_partner=[PartnerHealth(DENISE, time=2, trust=5), PartnerHealth(PAUL, time=5)]
        ),
    )
    meeting.actions[0].owner = "Sam Reed"
    meeting.validate()
    return meeting


def rendered(value: str | bytes) -> str:
    """What a reader sees: a zipped document's (a Word file's) text, a page without its style sheet and tags."""
    if isinstance(value, bytes) and value.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(value)) as archive:
            xml = [
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist() if name.endswith(".xml")
            ]
        value = " ".join(re.sub(r"<[^>]+>", " ", part) for part in xml)
    text = value if isinstance(value, str) else value.decode("utf-8", errors="replace")
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"<[^>]+>", " ", text)  # a tag's attributes ("default-src 'none'") are not read by anyone


def test_partners_without_an_organisation_are_the_people_themselves() -> None:
    assert no_organisations().partners == [DENISE, PAUL]


@pytest.mark.parametrize("name", [name for name, f in FORMATS.items() if f.meeting is not None])
def test_every_meeting_format_names_people_not_placeholders(name: str) -> None:
    earlier = no_organisations(dt.date(2026, 5, 11), "no-orgs-may")
    meeting = no_organisations()
    text = rendered(FORMATS[name].meeting(MeetingExport(meeting, NOW, history=[earlier])))  # type: ignore[misc]
    assert not PLACEHOLDERS.search(text), f"{name}: {PLACEHOLDERS.search(text)!r} in\n{text}"
    if name in ("md", "txt"):
        for partner in (DENISE, PAUL):
            assert re.search(rf"{partner}\s*\|?\s*agreed|{partner} agreed", text)  # the positions
        assert "Paul Howard (YOT worker)" in text and "Denise Godfrey\n" in text.replace(" |", "\n")


@pytest.mark.parametrize("name", [name for name, f in FORMATS.items() if f.actions is not None])
def test_every_actions_format_names_people_not_placeholders(name: str) -> None:
    rows = meeting_rows(no_organisations())
    text = rendered(FORMATS[name].actions(ActionsExport(rows, NOW, NOW.date())))  # type: ignore[misc]
    assert not PLACEHOLDERS.search(text), f"{name}: {PLACEHOLDERS.search(text)!r} in\n{text}"


def test_the_command_line_names_people_not_placeholders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add_many([no_organisations(dt.date(2026, 5, 11), "no-orgs-may"), no_organisations()])
    for argv in (["list"], ["show", "no-orgs-nov", "--no-pager"], ["actions"]):
        assert main([*argv, "--db", str(db)]) == 0
        out = capsys.readouterr().out
        assert not PLACEHOLDERS.search(out), f"{argv}: {PLACEHOLDERS.search(out)!r} in\n{out}"
        assert PAUL in out
