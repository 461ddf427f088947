"""Shared fixtures. No test may touch the real user data directory: the autouse fixture
points both FACILITATOR_DB and the platform data folders into the test's temporary folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings

from facilitator.model import (
    Action,
    AgendaItem,
    Attendee,
    Conflict,
    ConflictStyle,
    HealthCheck,
    Meeting,
    Note,
    NoteKind,
)

# Hypothesis: "ci", the default, draws the same examples every run (a failure repeats on the next run, and the
# suite's time does not wander) and leaves no example database in the checkout. FACILITATOR_HYPOTHESIS=hunt draws
# fresh random examples each run, five times as many where a test does not fix its own count.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("hunt", max_examples=500, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("FACILITATOR_HYPOTHESIS", "ci"))


@pytest.fixture(autouse=True)
def keep_out_of_real_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("FACILITATOR_DB", str(tmp_path / "env-default" / "minutes.json"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "minutes.json"


def review_meeting(**changes: object) -> Meeting:
    """A small review of the youth centre and the youth offending team, as a facilitator types it."""
    poster, bike = AgendaItem("Poster project", time_box=15), AgendaItem("Bike project", time_box=15)
    meeting = Meeting(
        partnership="Youth Resource Centre & Youth Offending Team",
        date=dt.date(2026, 11, 16),
        start=dt.time(14, 0),
        end=dt.time(15, 30),
        venue="Youth Resource Centre",
        attendees=[
            Attendee("Denise Godfrey", "Youth Service", "youth officer", chair=True),
            Attendee("Paul Howard", "Youth Offending Team", "YOT worker"),
        ],
        agenda=[poster, bike],
        notes=[
            Note("Bike group arrive early and use the computers", raised_by="Paul Howard", agenda_item=bike.id),
            Note("Too many distractions in the open session", NoteKind.DID_NOT_WORK, "Paul Howard", poster.id),
        ],
        conflicts=[
            Conflict(
                "Room use during opening hours",
                ["Youth Service", "Youth Offending Team"],
                ConflictStyle.COMPROMISING,
                "way_forward_agreed",
                "Poster work runs outside opening hours",
            )
        ],
        actions=[
            Action("Book the art room for a closed session", "Denise Godfrey", dt.date(2026, 12, 4)),
            Action("Invite the bike group to the music workshop", "Paul Howard", dt.date(2026, 12, 11)),
        ],
        health=HealthCheck("cooperation", 3, 4, 3),
        next_review=dt.date(2027, 5, 17),
    )
    for name, value in changes.items():
        if name == "notes":  # kept under their steps: each note goes to the step it names
            for note in meeting.notes:
                meeting.remove_note(note.id)
            for note in value:
                meeting.add_note(note)
        else:
            setattr(meeting, name, value)
    meeting.validate()
    return meeting
