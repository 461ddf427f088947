"""The three-way merge of one meeting, over plain documents: per item id, per field, every clash kept."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from facilitator import followup
from facilitator.document_schema import from_document, to_document
from facilitator.model import ArisingAction, Meeting, MeetingStatus, Outcome
from facilitator.sync import apply_choice, canonical
from facilitator.sync.merge import DELETED, clash_record, merge_clash_lists, merge_documents
from tests.conftest import review_meeting


def _doc() -> dict[str, Any]:
    meeting = review_meeting(status=MeetingStatus.CLOSED)
    return canonical.shared_document(to_document(meeting))


def _actions(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["captures"]["actions"]["actions"]


def test_canonical_bytes_are_sorted_one_item_a_line_and_leave_the_revision_out() -> None:
    document = to_document(review_meeting())
    document["revision"] = 7
    data = canonical.dumps(canonical.shared_document(document))
    assert canonical.loads(data) == {k: v for k, v in document.items() if k != "revision"}
    assert b'"revision"' not in data
    lines = data.decode().splitlines()
    action_lines = [line for line in lines if '"Book the art room' in line]
    assert len(action_lines) == 1 and action_lines[0].strip().startswith("{")  # the whole action on its line
    keys = [line.split(":")[0].strip() for line in lines if line.startswith(' "')]
    assert keys == sorted(keys)
    assert canonical.dumps(canonical.loads(data)) == data  # stable


def test_changes_to_different_fields_and_items_merge_without_a_clash() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _actions(ours)[0]["status"] = "done"
    _actions(theirs)[0]["owner"] = "Paul Howard"
    _actions(theirs)[1]["due"] = "2027-01-08"
    theirs["summary"] = "A good review."
    merged, conflicts = merge_documents(base, ours, theirs)
    assert conflicts == []
    assert _actions(merged)[0]["status"] == "done" and _actions(merged)[0]["owner"] == "Paul Howard"
    assert _actions(merged)[1]["due"] == "2027-01-08" and merged["summary"] == "A good review."
    from_document(merged)


def test_the_same_field_changed_to_different_values_is_a_clash_with_both_kept() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _actions(ours)[0]["status"] = "done"
    _actions(theirs)[0]["status"] = "dropped"
    _actions(theirs)[0]["reason"] = "the room is gone"
    merged, conflicts = merge_documents(base, ours, theirs)
    assert len(conflicts) == 1
    (conflict,) = conflicts
    assert (conflict.ours, conflict.theirs, conflict.kept) == ("done", "dropped", 0)
    assert conflict.path[-1] == "status" and conflict.path[-2] == {"id": _actions(base)[0]["id"]}
    assert _actions(merged)[0]["status"] == "done" and _actions(merged)[0]["reason"] == "the room is gone"
    record = clash_record(merged, conflict, ours_by="Denise", theirs_by="Paul", found_on="2026-12-01")
    assert record["where"] == "action 'Book the art room for a closed session': status"
    assert [side["value"] for side in record["values"]] == ["done", "dropped"]
    settled = apply_choice(copy.deepcopy(merged), record["path"], record["values"][1])
    assert _actions(settled)[0]["status"] == "dropped"


def test_a_change_made_on_both_sides_alike_is_no_clash() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    for side in (ours, theirs):
        _actions(side)[0]["status"] = "done"
    assert merge_documents(base, ours, theirs) == (ours, [])


def test_new_items_on_both_sides_are_all_kept_in_order() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    notes = ("captures", "worked", "notes")
    mine = {**ours["captures"]["worked"]["notes"][0], "id": "n-ours", "text": "Ours"}
    yours = {**ours["captures"]["worked"]["notes"][0], "id": "n-theirs", "text": "Theirs"}
    ours["captures"]["worked"]["notes"].insert(1, mine)
    theirs["captures"]["worked"]["notes"].append(yours)
    merged, conflicts = merge_documents(base, ours, theirs)
    assert conflicts == []
    texts = [note["text"] for note in merged[notes[0]][notes[1]][notes[2]]]
    assert texts[1] == "Ours" and texts[-1] == "Theirs" and len(texts) == 4


def test_a_deletion_against_an_edit_is_a_clash_and_the_edited_item_stays() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    gone = _actions(ours).pop(0)
    _actions(theirs)[0]["owner"] = "Paul Howard"
    merged, conflicts = merge_documents(base, ours, theirs)
    (conflict,) = conflicts
    assert conflict.ours is DELETED and conflict.kept == 1
    assert _actions(merged)[0]["id"] == gone["id"] and _actions(merged)[0]["owner"] == "Paul Howard"
    record = clash_record(merged, conflict, ours_by="Denise", theirs_by="Paul", found_on="2026-12-01")
    assert record["values"][0] == {"by": "Denise", "deleted": True}
    settled = apply_choice(copy.deepcopy(merged), record["path"], record["values"][0])
    assert [a["id"] for a in _actions(settled)] == [a["id"] for a in _actions(ours)]


def test_a_deletion_on_one_side_only_is_taken() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _actions(theirs).pop(1)
    _actions(ours)[0]["status"] = "done"
    merged, conflicts = merge_documents(base, ours, theirs)
    assert conflicts == [] and len(_actions(merged)) == 1 and _actions(merged)[0]["status"] == "done"


def test_lists_only_appended_to_take_both_sides_additions() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["corrections"] = ["Paul was present"]
    theirs["corrections"] = ["The date was the 16th"]
    merged, conflicts = merge_documents(base, ours, theirs)
    assert conflicts == [] and merged["corrections"] == ["Paul was present", "The date was the 16th"]


def test_a_merge_that_breaks_a_rule_keeps_ours_whole_and_theirs_in_the_clash() -> None:
    base = _doc()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["attendees"][0]["chair"] = False
    ours["attendees"][1]["chair"] = True  # Paul chairs, say we
    theirs["attendees"][0]["role"] = "senior youth officer"  # Denise still chairs, and her role changed
    merged, conflicts = merge_documents(base, ours, theirs)
    from_document(merged)  # two different fields: fine
    assert conflicts == []


def test_clashes_settled_on_either_side_stay_settled() -> None:
    one, two, three = ({"id": name, "where": name} for name in ("a", "b", "c"))
    assert merge_clash_lists([one, two], [two], [one, two, three]) == [two, three]
    assert merge_clash_lists([], [one], [one]) == [one]


def _closed(meeting: Meeting) -> Meeting:
    meeting.status = MeetingStatus.CLOSED
    return meeting


def test_matters_arising_written_back_to_an_earlier_meeting_from_two_laptops() -> None:
    """The common case: two later meetings (one on each laptop) review the same earlier meeting's actions."""
    earlier = _closed(review_meeting())
    base = canonical.shared_document(to_document(earlier))
    first, second = earlier.actions

    def written_back(outcomes: dict[str, Outcome], on: dt.date) -> dict[str, Any]:
        later = Meeting(partnership=earlier.partnership, date=on, status=MeetingStatus.CLOSED)
        later.arising = [
            ArisingAction(action.id, earlier.id, action.text, earlier.date, action.owner, action.due, outcome=outcome)
            for action in earlier.actions
            if (outcome := outcomes.get(action.id)) is not None
        ]
        copy_of_earlier = from_document(copy.deepcopy(to_document(earlier)))
        followup.apply_follow_up(later, copy_of_earlier, today=on, date_of=lambda _id: on)
        return canonical.shared_document(to_document(copy_of_earlier))

    # Laptop A marks the first action done; laptop B carries the second: different actions, no clash.
    ours = written_back({first.id: Outcome.DONE}, dt.date(2026, 12, 1))
    theirs = written_back({second.id: Outcome.CARRIED}, dt.date(2026, 12, 2))
    merged, conflicts = merge_documents(base, ours, theirs)
    assert conflicts == []
    by_id = {a["id"]: a for a in _actions(merged)}
    assert by_id[first.id]["status"] == "done" and by_id[second.id]["carried"] == 1
    assert {e["field"] for e in by_id[first.id]["edits"]} == {"status"}
    from_document(merged)

    # Both review the first action: A says done, B says dropped. A clash, with both outcomes kept.
    ours = written_back({first.id: Outcome.DONE}, dt.date(2026, 12, 1))
    theirs_meeting = written_back({}, dt.date(2026, 12, 2))
    _actions(theirs_meeting)[0].update(status="dropped", reason="no room")
    merged, conflicts = merge_documents(base, ours, theirs_meeting)
    fields = {conflict.path[-1] for conflict in conflicts}
    assert "status" in fields
    status = next(c for c in conflicts if c.path[-1] == "status")
    assert (status.ours, status.theirs) == ("done", "dropped")
    assert _actions(merged)[0]["reason"] == "no room"  # a field only one side set is taken
