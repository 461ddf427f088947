"""What the home screen is told: meetings to resume, recent ones, action counts, partnerships."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator.model import ActionStatus, MeetingStatus
from facilitator.overview import overview
from facilitator.partnerships import find_profile, fresh_agenda, fresh_attendees
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting


def test_the_overview_counts_open_and_overdue_actions_and_knows_each_partnership(db_path: Path) -> None:
    may = review_meeting(id="may", date=dt.date(2026, 5, 11), status=MeetingStatus.CLOSED)
    may.actions[0].status = ActionStatus.DONE  # due 4 Dec, done
    may.attendees[1].attendance = "apologies"
    november = review_meeting(id="nov", status=MeetingStatus.CLOSED, venue="Town hall")
    november.actions[0].due = dt.date(2026, 11, 20)  # overdue by the 23rd
    other = review_meeting(id="other", partnership="Library & Youth Service", date=dt.date(2026, 1, 5))
    with Store(db_path) as store:
        store.add_many([may, november, other])
        assert store.action_counts(dt.date(2026, 11, 23)) == (5, 1)
        found = overview(store, dt.date(2026, 11, 23))
    assert [s.id for s in found.in_progress] == ["other"]
    assert [s.id for s in found.recent] == ["nov", "may"]
    assert (found.open_actions, found.overdue_actions, found.total_meetings) == (5, 1, 3)
    profile = find_profile(found.partnerships, "youth resource centre & youth offending team")
    assert profile is not None and profile.last_meeting_id == "nov" and profile.venue == "Town hall"
    assert [a.name for a in fresh_attendees(profile)] == ["Denise Godfrey", "Paul Howard"]
    agenda = fresh_agenda(profile)
    assert [item.title for item in agenda] == ["Poster project", "Bike project"]
    assert {item.id for item in agenda}.isdisjoint({item.id for item in november.agenda})  # new items, new ids


def test_last_times_apologies_do_not_carry_into_the_next_meeting(db_path: Path) -> None:
    meeting = review_meeting(status=MeetingStatus.CLOSED)
    meeting.attendees[1].attendance = "apologies"
    with Store(db_path) as store:
        store.add(meeting)
        [profile] = overview(store, dt.date(2026, 11, 23)).partnerships
    assert all(attendee.present for attendee in profile.attendees)
