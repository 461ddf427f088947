"""The demo meetings shipped in data/demo: valid, consistent, and written in our own words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from facilitator.health import TOGETHER, gaps_in, health_trend
from facilitator.minutes import render_markdown
from facilitator.model import (
    SCHEMA_VERSION,
    ActionStatus,
    ConflictStyle,
    Meeting,
    MeetingStatus,
    NoteKind,
    Position,
)

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
FILES = sorted(DEMO.glob("*.json"))
# The course transcript the demo is based on; only present in the project's working environment.
# The course texts sit beside the checkout (../shared), for developers and CI alike.
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "001_234c376d56c2c1c6.txt"
NOVEMBER = "2026-11-16-youth-centre-yot-review.json"
MAY = "2026-05-11-youth-centre-yot-review.json"
FIRST = "2025-11-10-youth-centre-yot-review.json"


def document(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def meeting(path: Path) -> Meeting:
    body = {key: value for key, value in document(path).items() if key != "schema"}
    return Meeting.from_dict(body)


def strings(value: Any) -> list[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_the_three_demo_meetings_are_there_oldest_first() -> None:
    assert [path.name for path in FILES] == [FIRST, MAY, NOVEMBER]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_demo_file_is_a_valid_export(path: Path) -> None:
    data = document(path)
    assert data["schema"] == SCHEMA_VERSION
    loaded = meeting(path)
    loaded.validate()
    assert path.name.startswith(loaded.date.isoformat())
    assert loaded.status is MeetingStatus.CLOSED
    assert loaded.current_step == "close"
    # Written exactly as the model writes it, so a save and a re-export change nothing.
    assert {"schema": SCHEMA_VERSION, **loaded.to_dict()} == data


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_references_inside_a_meeting_hold(path: Path) -> None:
    loaded = meeting(path)
    names = {attendee.name for attendee in loaded.attendees}
    items = {item.id for item in loaded.agenda}
    assert loaded.chair is not None
    for note in loaded.notes:
        assert note.raised_by in names
        assert note.agenda_item is None or note.agenda_item in items
    for conflict in loaded.conflicts:
        assert set(conflict.parties) <= names
    for action in loaded.actions:
        assert action.owner in names
        assert action.raised_in == loaded.id
        assert action.due is not None and action.due > loaded.date
    assert loaded.next_review is not None and loaded.next_review > loaded.date


def test_ids_are_unique_across_all_demo_files() -> None:
    ids: list[str] = []
    for path in FILES:
        loaded = meeting(path)
        ids.append(loaded.id)
        for part in (loaded.agenda, loaded.notes, loaded.conflicts, loaded.actions, loaded.decisions):
            ids.extend(item.id for item in part)
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"demo-[a-z0-9-]+", identifier) for identifier in ids)


def test_demo_meetings_are_told_apart_by_a_short_id() -> None:
    """'facilitator list' shows the first 8 characters of an id and any unique start finds a meeting."""
    starts = [meeting(path).id[:6] for path in FILES]
    assert len(set(starts)) == len(FILES)


def test_november_review_is_the_full_example() -> None:
    loaded = meeting(DEMO / NOVEMBER)
    assert [item.title for item in loaded.agenda] == [
        "Actions from last time",
        "Poster project",
        "Bike project",
        "Cooking programme",
    ]
    assert all(item.time_box > 0 for item in loaded.agenda)
    assert {a.name for a in loaded.present} == {"Denise Godfrey", "Paul Howard"}
    assert loaded.chair is not None and loaded.chair.name == "Denise Godfrey"
    assert len(loaded.apologies) == 1
    kinds = [note.kind for note in loaded.notes]
    assert kinds.count(NoteKind.WORKED) >= 3
    assert kinds.count(NoteKind.DID_NOT_WORK) >= 1
    projects = {loaded.agenda_item(note.agenda_item).title for note in loaded.notes}  # type: ignore[union-attr]
    assert projects == {"Poster project", "Bike project", "Cooking programme"}
    (conflict,) = loaded.conflicts
    assert conflict.style is ConflictStyle.COMPROMISING
    assert conflict.way_forward
    assert 3 <= len(loaded.actions) <= 4
    assert all(action.owner in ("Denise Godfrey", "Paul Howard") for action in loaded.actions)
    assert all(action.due is not None and "2026-12" <= action.due.isoformat() < "2027-03" for action in loaded.actions)
    assert all(action.status is ActionStatus.OPEN and action.carried == 0 for action in loaded.actions)
    assert not loaded.health.is_empty and loaded.health.comment


def test_may_review_sets_up_actions_to_follow() -> None:
    may, november = meeting(DEMO / MAY), meeting(DEMO / NOVEMBER)
    assert may.partnership == november.partnership
    assert may.next_review == november.date
    assert sorted(action.status for action in may.actions) == sorted(ActionStatus)
    assert may.health.trust is not None and november.health.trust is not None
    assert may.health.trust < november.health.trust


def test_each_review_approves_the_last_and_settles_its_open_actions() -> None:
    first, may, november = (meeting(DEMO / name) for name in (FIRST, MAY, NOVEMBER))
    for earlier, later in ((first, may), (may, november)):
        assert earlier.next_review == later.date
        assert earlier.approved_in == later.id
        assert later.previous_minutes is not None and later.previous_minutes.meeting_id == earlier.id
        # What a review went through as matters arising were the last review's actions.
        assert {item.action_id for item in later.arising} <= {action.id for action in earlier.actions}
    assert {item.action_id for item in may.arising} == {action.id for action in first.actions}
    assert all(action.status is ActionStatus.DONE for action in first.actions)


def test_the_november_review_records_decisions_each_partners_view_and_the_benefits() -> None:
    november = meeting(DEMO / NOVEMBER)
    assert [step.key for step in november.steps] == [
        "agenda", "worked", "conflicts", "decisions", "actions", "close"
    ]  # fmt: skip
    assert len(november.decisions) == 2
    assert {stance.position for d in november.decisions for stance in d.positions} == {
        Position.AGREED,
        Position.RESERVATION,
    }
    assert {rating.partner for rating in november.health.by_partner} == set(november.partners)
    assert gaps_in(november.health), "the demo shows the partners seeing turf differently"
    assert november.health.benefits and any(check.achieved for check in november.health.benefits)


def test_the_november_minutes_show_the_health_trend_across_the_three_reviews() -> None:
    meetings = [meeting(path) for path in FILES]
    trend = health_trend(meetings)
    assert trend.dates == tuple(m.date for m in meetings)
    trust = next(row for row in trend.rows if row.measure == "Trust" and row.who == TOGETHER)
    assert trust.values == (2, 2, 4)
    markdown = render_markdown(meetings[-1], meetings)
    assert "### Health over time" in markdown
    assert f"| Trust | Together | {trust.spark} | 2 → 2 → 4 |" in markdown
    assert "Meetings of 10 Nov 2025, 11 May 2026, 16 Nov 2026" in markdown
    # The May minutes compare only with what came before them.
    assert "16 Nov 2026;" not in render_markdown(meetings[1], meetings)


def seed_sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    pieces = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [piece.strip() for piece in pieces if len(piece.strip()) > 60]


@pytest.mark.skipif(not SEED.exists(), reason="the course transcript is not in this environment")
def test_no_sentence_is_copied_from_the_course_text() -> None:
    demo_text = "\n".join(text for path in FILES for text in strings(document(path)))
    sentences = seed_sentences()
    assert len(sentences) > 100  # the split found the transcript's sentences
    copied = [sentence for sentence in sentences if sentence in demo_text]
    assert copied == []


@pytest.mark.skipif(not SEED.exists(), reason="the course transcript is not in this environment")
def test_no_long_run_of_words_is_copied_from_the_transcript() -> None:
    """Stricter than whole sentences: no six words in a row from the meeting transcript."""
    words = re.findall(r"[a-z']+", SEED.read_text(encoding="utf-8").lower().replace("’", "'"))
    runs = {" ".join(words[i : i + 6]) for i in range(len(words) - 5)}
    for path in FILES:
        for text in strings(document(path)):
            demo_words = re.findall(r"[a-z']+", text.lower())
            copied = {" ".join(demo_words[i : i + 6]) for i in range(len(demo_words) - 5)} & runs
            assert not copied, f"{path.name}: {copied}"
