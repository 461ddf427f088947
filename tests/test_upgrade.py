"""Schema 3 to schema 4: older meetings read as the partnership reviews they were, and newer ones are refused.

The schema-3 document is the May 2026 demo review taken back to how schema 3 stored it: no
``steps``, ``decisions`` or ``dismissed``, notes without ``step`` and ``tag``, a health check
without ``by_partner`` and ``benefits``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from facilitator.document_schema import SCHEMA_3_STEPS, SchemaError, from_document, to_document, upgrade
from facilitator.errors import ImportRefused
from facilitator.meeting_files import read_meetings_file
from facilitator.minutes import render_markdown, render_text
from facilitator.model import SCHEMA_VERSION, HealthCheck, Meeting, MeetingStatus, StepKind, StepSpec
from facilitator.outline import outline
from facilitator.resources import data_dir
from facilitator.session import Session
from facilitator.tinydb_store import Store, live_path_for
from tests import storefiles
from tests.strategies import as_schema_5, as_schema_6, meetings

MAY = data_dir() / "demo" / "2026-05-11-youth-centre-yot-review.json"
MAY_ID = "demo-may-2026"
SCHEMA_4_ONLY = {"steps", "decisions", "dismissed"}
# What a partnership review's minutes were called before templates, and still are for an old meeting.
OLD_SECTIONS = [
    "Agenda",
    "What worked / what did not",
    "Conflicts",
    "Actions",
    "Health check",
    "Next review",
]
# The May review's minutes read item by item (issue 15); what no item held (its actions, from before
# actions had an item) is under General.
MAY_SECTIONS = [
    "Item 1: Bike project",
    "Item 2: Poster project",
    "Item 3: Use of the centre",
    "General",
    "Conflicts",
    "Actions",
    "Health check",
    "Next review",
]


def as_schema_4(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a schema-5 document without what schema 5 added (the record of later edits)."""
    old = as_schema_5(document)
    for attendee in old.get("attendees", []):
        attendee.pop("email", None)  # added after schema 6 (the lead numbers it at merge)
    for action in old.get("actions", []):
        del action["edits"]
    for item in old.get("arising", []):
        del item["later_edits"]
    if isinstance(old.get("previous_minutes"), dict):
        del old["previous_minutes"]["later_edits"]
    old["schema"] = 4
    return old


def as_schema_3(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a current document without anything schema 4 or later added."""
    old = {key: value for key, value in as_schema_4(document).items() if key not in SCHEMA_4_ONLY}
    for note in old.get("notes", []):
        del note["step"], note["tag"]
    if isinstance(old.get("health"), dict):
        del old["health"]["by_partner"], old["health"]["benefits"]
    old["schema"] = 3
    return old


def schema_3_document() -> dict[str, Any]:
    return as_schema_3(json.loads(MAY.read_text(encoding="utf-8")))


def schema_3_steps() -> list[StepSpec]:
    return [StepSpec(key, StepKind(kind), title, prompt) for key, kind, title, prompt in SCHEMA_3_STEPS]


def keys_anywhere(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_anywhere(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_anywhere(item)}
    return set()


def section_titles(meeting: Meeting) -> list[str]:
    return [section.title for section in outline(meeting).sections if section.title]


# --- the document ---------------------------------------------------------------------------


def test_the_schema_3_document_has_nothing_of_schema_4() -> None:
    old = schema_3_document()
    assert old["schema"] == 3 and old["id"] == MAY_ID
    assert not keys_anywhere(old) & {*SCHEMA_4_ONLY, "step", "tag", "by_partner", "benefits"}
    assert len(old["notes"]) == 4 and old["health"]["trust"] == 2  # the rest is all there


def test_the_five_steps_of_schema_3_are_the_review_as_it_was() -> None:
    assert [(key, kind) for key, kind, _title, _prompt in SCHEMA_3_STEPS] == [
        ("agenda", "agenda"),
        ("worked", "worked"),
        ("conflicts", "conflicts"),
        ("actions", "actions"),
        ("close", "close"),
    ]


def test_a_schema_3_document_upgrades_to_schema_4_with_the_review_steps() -> None:
    old = schema_3_document()
    new = upgrade(old)
    assert new["schema"] == SCHEMA_VERSION == 7
    assert new["steps"] == [
        {"key": key, "kind": kind, "title": title, "prompt": prompt, "time_box": 0, "tags": []}
        for key, kind, title, prompt in SCHEMA_3_STEPS
    ]
    assert [(note["step"], note["tag"]) for note in new["captures"]["worked"]["notes"]] == [("worked", "")] * 4
    assert "decisions" not in new["captures"] and new["dismissed"] == []
    assert new["health"]["by_partner"] == [] and new["health"]["benefits"] == []
    assert as_schema_3(new) == old  # nothing else touched


def test_an_upgraded_document_reads_as_the_meeting_it_was() -> None:
    old = schema_3_document()
    meeting = from_document(old)
    assert meeting.id == MAY_ID and meeting.status is MeetingStatus.CLOSED
    assert meeting.steps == schema_3_steps()
    assert meeting.step_spec("decisions") is None  # there was no decisions step before templates
    assert all((note.step, note.tag) == ("worked", "") for note in meeting.notes)
    assert meeting.decisions == [] and meeting.dismissed == []
    assert meeting.health.by_partner == [] and meeting.health.benefits == []
    assert meeting.health.level is not None and meeting.health.trust == 2
    assert as_schema_3(to_document(meeting)) == old  # read without loss


def test_upgrading_never_changes_the_document_it_is_given() -> None:
    old = schema_3_document()
    kept = copy.deepcopy(old)
    new = upgrade(old)
    from_document(old)
    assert old == kept
    new["captures"]["worked"]["notes"][0]["text"] = "changed after the upgrade"
    new["health"]["by_partner"].append({"partner": "Youth Service"})
    new["attendees"][0]["name"] = "Someone else"
    assert old == kept  # the upgraded copy shares nothing with it


def test_a_schema_4_document_passes_through_unchanged() -> None:
    current = json.loads(MAY.read_text(encoding="utf-8"))
    kept = copy.deepcopy(current)
    assert upgrade(current) == kept
    assert to_document(from_document(current)) == kept
    assert current == kept


def test_what_schema_4_adds_is_kept_when_a_partial_upgrade_already_has_it() -> None:
    old = schema_3_document()
    old["notes"][0]["tag"] = "kept"  # setdefault: a value already there wins
    old["dismissed"] = ["no-actions"]
    new = upgrade(old)
    assert new["captures"]["worked"]["notes"][0] == {
        **old["notes"][0],
        "step": "worked",
        "tag": "kept",
        "confidential": False,
    }
    assert new["dismissed"] == ["no-actions"]


def test_a_schema_3_meeting_without_a_health_check_still_upgrades() -> None:
    old = schema_3_document()
    del old["health"]
    meeting = from_document(old)
    assert meeting.health == HealthCheck()
    assert meeting.steps == schema_3_steps()


def test_a_schema_1_document_goes_all_the_way_to_schema_4() -> None:
    first = {
        "schema": 1,
        "id": "v1",
        "partnership": "Riverside Partnership",
        "date": "2019-03-04",
        "attendees": [{"name": "Ann Lee", "apologies": True}],
        "notes": [{"text": "The food bank rota works", "kind": "worked"}],
        "actions": [{"text": "Share the rota", "owner": "Ann Lee", "due": None, "status": "open"}],
        "health": {"level": "networking", "time": 3, "trust": None, "turf": None, "comment": ""},
    }
    meeting = from_document(first)
    assert meeting.steps == schema_3_steps()
    assert meeting.notes[0].step == "worked" and meeting.notes[0].id
    assert meeting.actions[0].raised_in == "v1" and meeting.actions[0].reason == ""
    assert meeting.arising == [] and meeting.health.by_partner == []
    assert meeting.partners == []  # Ann Lee sent apologies


# --- a schema-3 meeting in the store, in a session, in the minutes ----------------------------


def schema_3_file(path: Path, *documents: dict[str, Any]) -> None:
    data = {
        "meta": {"1": {"app": "facilitator", "schema": 3}},
        "meetings": {str(number): document for number, document in enumerate(documents, 1)},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    path.chmod(0o600)


def test_a_store_file_of_schema_3_is_backed_up_upgraded_and_opens(db_path: Path) -> None:
    old = schema_3_document()
    schema_3_file(db_path, old)
    original = db_path.read_bytes()
    with Store(db_path) as store:
        assert store.migrated_from == 3
        [backup] = store.backups
        meeting = store.get(MAY_ID)
    assert backup.read_bytes() == original
    assert meeting.steps == schema_3_steps()
    assert meeting == from_document(old)
    assert all(meta["schema"] == SCHEMA_VERSION for meta in storefiles.metas(db_path))
    [stored] = storefiles.archived(db_path)
    assert stored["schema"] == SCHEMA_VERSION and len(stored["steps"]) == 5
    with Store(db_path) as store:  # upgraded once, for good
        assert store.migrated_from is None and store.get(MAY_ID) == meeting


def test_a_reader_upgrades_a_schema_3_file_in_memory_only(db_path: Path) -> None:
    schema_3_file(db_path, schema_3_document())
    original = db_path.read_bytes()
    with Store(db_path, readonly=True) as store:
        assert store.get(MAY_ID).steps == schema_3_steps()
    assert db_path.read_bytes() == original
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["minutes.json"]


def test_an_upgraded_meeting_has_the_minutes_it_always_had(db_path: Path) -> None:
    schema_3_file(db_path, schema_3_document())
    with Store(db_path) as store:
        meeting = store.get(MAY_ID)
    assert section_titles(meeting) == ["Matters arising", *MAY_SECTIONS]
    markdown = render_markdown(meeting)
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == ["Matters arising", *MAY_SECTIONS]
    worked = markdown.split("## Item 1: Bike project")[1].split("## Conflicts")[0]
    for note in meeting.notes:
        assert note.text.split()[0] in worked
    assert worked.count("### What worked / what did not") == 4  # under each item and General
    assert "Decisions" not in markdown and "Other notes" not in markdown
    text = render_text(meeting)
    assert "Item 1: Bike project\n--------------------" in text


def test_a_schema_3_meeting_still_in_progress_is_resumed_on_its_own_five_steps(db_path: Path) -> None:
    old = schema_3_document()
    old.update(status="in_progress", current_step="conflicts", visited_steps=["agenda", "worked", "conflicts"])
    schema_3_file(live_path_for(db_path), old)
    with Store(db_path) as store:
        assert store.migrated_from == 3
        [meeting] = store.in_progress()
    session = Session(meeting, clock=lambda: 0.0)
    assert [step.key for step in session.steps] == [key for key, *_ in SCHEMA_3_STEPS]  # not today's review
    assert session.step.key == "conflicts"
    assert session.step_of_kind(StepKind.DECISIONS) is None
    assert not session.clock.step_overrun(session.step.time_box)  # the old steps have no time box
    note = session.notes.add("The new rota helps", step=session.step_of_kind(StepKind.WORKED).key)  # type: ignore[union-attr]
    assert session.notes.on("worked")[-1] == note
    session.finish()
    assert session.meeting.current_step == "close"


# --- newer than we read ----------------------------------------------------------------------


def newer_document() -> dict[str, Any]:
    current = json.loads(MAY.read_text(encoding="utf-8"))
    return {**current, "schema": SCHEMA_VERSION + 1, "a_field_from_the_future": True}


@pytest.mark.parametrize("read", [upgrade, from_document])
def test_a_schema_5_document_is_refused_as_from_a_newer_facilitator(read: Any) -> None:
    newer = newer_document()
    kept = copy.deepcopy(newer)
    with pytest.raises(SchemaError, match="newer Facilitator") as refused:
        read(newer)
    assert f"schema {SCHEMA_VERSION + 1}" in str(refused.value)
    assert f"reads up to {SCHEMA_VERSION}" in str(refused.value)
    assert newer == kept


def test_importing_a_schema_5_file_is_refused_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "from-the-future.json"
    path.write_text(json.dumps(newer_document()), encoding="utf-8")
    with pytest.raises(ImportRefused, match="newer Facilitator"):
        read_meetings_file(path)


# --- any meeting ------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(meetings())
def test_any_meeting_reads_back_and_its_schema_3_form_upgrades_to_an_old_review(meeting: Meeting) -> None:
    document = to_document(meeting)
    assert upgrade(document) == document
    assert from_document(document) == meeting
    old = as_schema_3(document)
    upgraded = from_document(old)
    assert upgraded.steps == schema_3_steps()
    assert all((note.step, note.tag) == ("worked", "") for note in upgraded.notes)
    assert upgraded.decisions == [] and upgraded.dismissed == []
    assert upgraded.health.by_partner == [] and upgraded.health.benefits == []
    assert as_schema_3(to_document(upgraded)) == old
    # The review's own sections (item by item once it has an agenda), never a step schema 3 did not have.
    items = {f"Item {number}: {item.title}" for number, item in enumerate(upgraded.agenda, 1)}
    assert set(section_titles(upgraded)) <= {*OLD_SECTIONS, *items, "General", "Other notes"}
    assert render_markdown(upgraded) and render_text(upgraded)
    assert render_markdown(meeting) and render_text(meeting)


# --- schema 5 to 6: what was captured, per step ------------------------------------------------


@pytest.mark.parametrize("older", [as_schema_5, as_schema_4], ids=["schema 5", "schema 4"])
def test_a_schema_5_or_4_document_upgrades_to_the_same_meeting(older: Any) -> None:
    full = json.loads(MAY.read_text(encoding="utf-8"))
    current = as_schema_6(full)  # what schema 5 could hold
    old = older(current)
    assert "captures" not in old and isinstance(old["actions"], list) and old["notes"]
    kept = copy.deepcopy(old)
    upgraded = upgrade(old)
    assert upgraded["schema"] == SCHEMA_VERSION and old == kept
    # Brought up to schema 7 too: what it added takes its empty value (the demo's notes are none confidential).
    assert upgraded["captures"]["worked"]["notes"] == full["captures"]["worked"]["notes"]
    assert from_document(old) == from_document(current)


def test_a_note_of_a_step_a_schema_5_meeting_lacks_is_kept_with_the_other_notes() -> None:
    old = as_schema_5(json.loads(MAY.read_text(encoding="utf-8")))
    old["notes"][0]["step"] = "gone"  # a template edited since, say
    old["notes"][1]["step"] = "actions"  # a step that keeps no notes
    meeting = from_document(old)
    assert [note.step for note in meeting.other_notes] == ["gone", "actions"]
    assert len(meeting.notes) == len(old["notes"])
    assert "Other notes" in render_markdown(meeting)


def test_a_schema_5_list_without_a_step_of_its_kind_is_given_one() -> None:
    old = as_schema_5(json.loads(MAY.read_text(encoding="utf-8")))
    old["decisions"] = [{"text": "Share the hall", "why": "", "positions": [], "agenda_item": None, "id": "d1"}]
    meeting = from_document(old)
    assert [(step.key, step.kind) for step in meeting.steps][-1] == ("decisions", "decisions")
    assert [decision.text for decision in meeting.decisions] == ["Share the hall"]


def test_a_schema_5_meeting_made_without_steps_gets_the_review_of_the_shipped_template() -> None:
    old = as_schema_5(json.loads(MAY.read_text(encoding="utf-8")))
    old["steps"] = []
    meeting = from_document(old)
    assert [step.key for step in meeting.steps] == [s.key for s in load_template_steps()]
    assert len(meeting.actions) == len(old["actions"])


def load_template_steps() -> list[StepSpec]:
    from facilitator.templates import review_steps

    return review_steps()


def test_a_store_file_of_schema_5_is_backed_up_then_upgraded_to_captures(db_path: Path) -> None:
    current = as_schema_6(json.loads(MAY.read_text(encoding="utf-8")))  # what schema 5 could hold
    data = {"meta": {"1": {"app": "facilitator", "schema": 5}}, "meetings": {"1": as_schema_5(current)}}
    db_path.write_text(json.dumps(data), encoding="utf-8")
    db_path.chmod(0o600)
    original = db_path.read_bytes()
    with Store(db_path) as store:
        assert store.migrated_from == 5
        [backup] = store.backups
        meeting = store.get(MAY_ID)
    assert backup.read_bytes() == original
    assert meeting == from_document(current)
    [stored] = storefiles.archived(db_path)
    assert stored["schema"] == SCHEMA_VERSION and "captures" in stored and "actions" not in stored
