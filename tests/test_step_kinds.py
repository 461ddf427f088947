"""Steps are found by their kind, never by their key, and every step rule is kept in one check.

A user's template may key its close step anything ('wrap-up'); a meeting read from a file may
lack a close step altogether (it is given one when read). Both go through Finish and Esc.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from facilitator.checks import ValidationError
from facilitator.document_schema import from_document, items_of_kind, to_document
from facilitator.meeting_files import read_meetings_file
from facilitator.model import Action, Meeting, MeetingStatus, NoteKind, StepKind, StepSpec, check_steps
from facilitator.session import Session
from facilitator.tinydb_store import Store
from screens.home import HomeScreen
from screens.meeting import STEP_KEYS
from tests.apphelpers import finish, make_app, type_text, wait_for_store
from tests.test_meeting_screen import Host
from tests.test_new_kind import start_from_user_template, user_template

WRAP_UP = """name = "Quick review"
[[steps]]
key = "talk"
kind = "notes"
title = "Talk"
[[steps]]
key = "wrap-up"
kind = "close"
title = "Wrap up"
"""


async def test_a_close_step_keyed_wrap_up_goes_through_finish_by_keys(db_path: Path) -> None:
    user_template(db_path, WRAP_UP)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await start_from_user_template(pilot, "Gill & Jun")
        assert app.session is not None
        await pilot.press(STEP_KEYS[1])
        assert app.session.step.key == "wrap-up"
        review = app.screen.query_one("#pane-wrap-up #next-review", Input)
        review.focus()
        await type_text(pilot, "2027-02-30")
        await pilot.press("ctrl+f")  # not a date: Finish waits on the close step and says why
        assert app.session is not None and app.session.step.key == "wrap-up"
        error = app.screen.query_one("#pane-wrap-up .pane-error", Static)
        assert "not a real date" in str(error.render())
        review.value = "+6m"
        await finish(pilot)
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)
    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
    assert meeting.status is MeetingStatus.CLOSED and meeting.next_review == dt.date(2027, 5, 16)
    assert meeting.current_step == "wrap-up"


def document_without_a_close_step(schema: int) -> dict[str, Any]:
    meeting = Meeting("Gill & Jun", dt.date(2026, 11, 16), actions=[Action("Book the hall")])
    document = to_document(meeting)
    document["steps"] = [step for step in document["steps"] if step["kind"] != "close"]
    document["captures"].pop("close")
    if schema == 5:  # one list per kind, as schema 5 kept them
        from tests.strategies import as_schema_5

        document = as_schema_5(document)
    return document


@pytest.mark.parametrize("schema", [5, 6])
def test_a_meeting_read_without_a_close_step_is_given_one(schema: int) -> None:
    meeting = from_document(document_without_a_close_step(schema))
    assert [step.kind for step in meeting.steps][-1] == StepKind.CLOSE
    assert meeting.steps[-1].key == "close" and meeting.steps[-1].title == "Close"
    assert [action.text for action in meeting.actions] == ["Book the hall"]


async def test_an_imported_meeting_without_a_close_step_opens_and_esc_leaves(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document_without_a_close_step(5)), encoding="utf-8")
    [meeting] = read_meetings_file(path)
    host = Host(Session(meeting, now=lambda: dt.datetime(2026, 11, 16, 14, 5)))
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.press("escape")
        assert host.left == [False]


def steps(*pairs: tuple[str, str]) -> list[StepSpec]:
    return [StepSpec(key, kind, key.capitalize()) for key, kind in pairs]


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (steps(("talk", "notes")), "steps: a template needs one step of kind 'close'"),
        (steps(("a", "close"), ("b", "close")), "steps[1].kind: only one step may be of kind 'close'"),
        (steps(("a", "actions"), ("b", "actions"), ("c", "close")), "only one step may be of kind 'actions'"),
        (steps(("a", "notes"), ("a", "close")), "steps[1].key: 'a' is used by an earlier step"),
        ([StepSpec("a", "worked", "A", tags=["x"]), *steps(("c", "close"))], "only a step of kind 'notes' has tags"),
    ],
)
def test_every_step_rule_is_one_check(given: list[StepSpec], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem.replace("[", "\\[").replace("]", "\\]")):
        check_steps(given, "steps")


def test_two_notes_steps_are_allowed_and_keep_their_own_notes() -> None:
    meeting = Meeting("Gill & Jun", dt.date(2026, 11, 16), steps=steps(("a", "notes"), ("b", "notes"), ("c", "close")))
    meeting.notes_of("b").append(meeting_note := _note("said on b", "b"))
    meeting.add_note(_note("said on a", "a"))
    meeting.validate()  # as every edit is checked: a note's kind follows its step ('note', not 'worked')
    assert {note.kind for note in meeting.notes} == {NoteKind.NOTE}
    assert [note.text for note in meeting.notes] == ["said on a", "said on b"]  # in step order
    assert meeting.notes_of("b") == [meeting_note]
    document = to_document(meeting)
    assert [n["text"] for n in items_of_kind(document, "notes")] == ["said on a", "said on b"]
    assert from_document(document) == meeting


def test_a_list_with_no_step_of_its_kind_is_refused_not_lost() -> None:
    with pytest.raises(ValidationError, match="no step of kind 'actions'"):
        Meeting("Gill & Jun", dt.date(2026, 11, 16), steps=steps(("c", "close")), actions=[Action("Book")])


def test_meeting_notes_refuses_changes_it_cannot_keep() -> None:
    meeting = Meeting("Gill & Jun", dt.date(2026, 11, 16))
    meeting.notes.append(_note("kept", "worked"))
    assert [note.text for note in meeting.notes_of("worked")] == ["kept"]
    with pytest.raises(TypeError, match="read-only"):
        meeting.notes.pop()
    assert len(meeting.notes) == 1


def _note(text: str, step: str) -> Any:
    from facilitator.model import Note

    return Note(text, step=step)
