"""Follow-up across meetings: matters arising and approving the last minutes.

A new meeting of a partnership starts with the actions still open from its earlier meetings
(``arising``) and the last meeting's minutes to approve (``previous_minutes``). The
facilitator decides about each during the meeting; the decisions live in the new meeting
until it closes. Then ``apply_follow_up`` writes them to the earlier meetings: the action's
status, owner, due date and carried count; the minutes' approval and corrections.

Applying sets each field outright from the decision (never "add one"), so it can run twice
(a crash between two writes, a closed meeting saved again) and leave the same result. It
never overwrites a field changed since the meeting read it (in the actions list, or by another
meeting of the partnership that closed first): the later value is kept, and where it disagrees
with the meeting's decision the minutes say so (``later_edits``). Each action records the last
change of each field (``Action.edits``) to tell the two apart and to say when and where.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from facilitator.date_phrases import due_words
from facilitator.model import (
    Action,
    ActionStatus,
    Approval,
    ArisingAction,
    Meeting,
    Outcome,
    PreviousMinutes,
    day_month_year,
)
from facilitator.outline import later_edits_of


def arising_from(earlier: Iterable[Meeting], before: Meeting) -> list[ArisingAction]:
    """The actions still open in ``earlier`` meetings of the same partnership, oldest first."""
    partnership = before.partnership.casefold()
    found: list[ArisingAction] = []
    for meeting in sorted(earlier, key=lambda m: (m.date, m.start or m.date)):
        if meeting.id == before.id or meeting.partnership.casefold() != partnership or not meeting.is_closed:
            continue
        found.extend(
            ArisingAction(
                action_id=action.id,
                raised_in=meeting.id,
                raised_on=meeting.date,
                text=action.text,
                owner=action.owner,
                due=action.due,
                due_text=action.due_text,
                carried=action.carried,
            )
            for action in meeting.actions
            if action.is_open
        )
    return found


def previous_minutes_of(earlier: Iterable[Meeting], before: Meeting) -> PreviousMinutes | None:
    """The partnership's latest closed meeting, if its minutes are still a draft."""
    partnership = before.partnership.casefold()
    candidates = [m for m in earlier if m.is_closed and m.id != before.id and m.partnership.casefold() == partnership]
    if not candidates:
        return None
    latest = max(candidates, key=lambda m: (m.date, m.start or m.date))
    return PreviousMinutes(meeting_id=latest.id, date=latest.date) if latest.is_draft else None


def prepare(meeting: Meeting, earlier: Iterable[Meeting]) -> None:
    """Fill a new meeting's matters arising and the minutes to approve from the earlier meetings."""
    earlier = list(earlier)
    meeting.arising = arising_from(earlier, meeting)
    meeting.previous_minutes = previous_minutes_of(earlier, meeting)


def referenced(meeting: Meeting) -> set[str]:
    """Ids of the earlier meetings this one decided something about."""
    ids = {item.raised_in for item in meeting.arising}
    if meeting.previous_minutes is not None and meeting.previous_minutes.approval is not Approval.PENDING:
        ids.add(meeting.previous_minutes.meeting_id)
    return ids


def keep_changes_made_since(meeting: Meeting, stored: Meeting) -> None:
    """Carry into ``meeting``, a copy of a closed meeting about to be saved again, what other paths
    wrote to the stored copy after it closed.

    Those are: the approval of its minutes by a later meeting, where its minutes were circulated
    (``circulated``, kept with any record the copy adds), what its own close found
    (``later_edits``), and each action field recorded as changed since (``Action.edits``) in the
    actions list or by a later meeting. Nothing else writes a closed meeting, so the copy being
    saved can hold nothing newer in those places.
    """
    meeting.approved_in, meeting.corrections = stored.approved_in, list(stored.corrections)
    added = [record for record in meeting.circulated if record not in stored.circulated]
    meeting.circulated = [*copy.deepcopy(stored.circulated), *added]
    found = {item.action_id: item.later_edits for item in stored.arising}
    for item in meeting.arising:
        item.later_edits = list(found.get(item.action_id, item.later_edits))
    if meeting.previous_minutes is not None and stored.previous_minutes is not None:
        meeting.previous_minutes.later_edits = list(stored.previous_minutes.later_edits)
    actions = {action.id: action for action in stored.actions}
    for action in meeting.actions:
        later = actions.get(action.id)
        if later is None:
            continue
        for edit in later.edits:
            for name in _FIELDS_OF.get(edit.field, (edit.field,)):
                setattr(action, name, getattr(later, name))
        action.edits = copy.deepcopy(later.edits)


def forget_later_edits(meeting: Meeting) -> None:
    """Clear what an earlier close attempt found, so that closing again finds it afresh."""
    for item in meeting.arising:
        item.later_edits = []
    if meeting.previous_minutes is not None:
        meeting.previous_minutes.later_edits = []


def apply_follow_up(
    meeting: Meeting,
    earlier: Meeting,
    *,
    today: dt.date | None = None,
    date_of: Callable[[str], dt.date | None] = lambda _meeting_id: None,
) -> bool:
    """Write ``meeting``'s decisions into ``earlier`` (as stored now). True when anything changed.

    A field changed since ``meeting`` read it (in the actions list, or by another meeting that
    closed first) keeps that later value; where it disagrees with this meeting's decision, the
    matter arising records it in ``later_edits`` for the minutes. ``today`` dates the changes
    made here; ``date_of`` gives the date of another meeting, to say which one approved minutes.
    """
    day = today or dt.date.today()
    before = earlier.to_dict()
    actions = {action.id: action for action in earlier.actions}
    for item in meeting.arising:
        action = actions.get(item.action_id) if item.raised_in == earlier.id else None
        if action is not None:
            item.later_edits = _decide(action, item, meeting, day)
    minutes = meeting.previous_minutes
    if minutes is not None and minutes.meeting_id == earlier.id and minutes.approval is not Approval.PENDING:
        minutes.later_edits = _approve(earlier, minutes, meeting, date_of)
    return earlier.to_dict() != before


def later_edits(
    meeting: Meeting,
    earlier: Iterable[Meeting],
    today: dt.date,
    date_of: Callable[[str], dt.date | None] | None = None,
) -> list[str]:
    """What closing ``meeting`` now would keep from later edits instead of its decisions, one line each.

    Worked out on copies, exactly as the close will do it, so the meeting can hear it before Finish.
    ``date_of`` gives another meeting's date (by default, looked up among ``earlier``).
    """
    earlier = list(earlier)
    trial = copy.deepcopy(meeting)
    forget_later_edits(trial)
    wanted = referenced(trial)
    stored = {m.id: copy.deepcopy(m) for m in earlier if m.id in wanted}
    dates = {m.id: m.date for m in earlier}
    for earlier_id in sorted(stored):
        apply_follow_up(trial, stored[earlier_id], today=today, date_of=date_of or dates.get)
    return [f"{what}: {note}" for what, note in later_edits_of(trial)]


# What the meeting decided about the status, in the words of the minutes.
_SAID = {
    Outcome.PENDING: "this meeting did not review it",
    Outcome.DONE: "this meeting said done",
    Outcome.CARRIED: "this meeting said carried",
    Outcome.REPLANNED: "this meeting said re-planned",
    Outcome.DROPPED: "this meeting said dropped",
}
_STATUS_TARGET = {Outcome.DONE: ActionStatus.DONE, Outcome.DROPPED: ActionStatus.DROPPED}


def _decide(action: Action, item: ArisingAction, closing: Meeting, today: dt.date) -> list[str]:
    """Each field from the decision, where the stored action still holds what the meeting read.

    Values are set outright (never "add one") so a retried close gives the same result, and a
    field this meeting wrote itself on an earlier attempt still follows a changed mind.
    Returns the later edits kept instead of the decision, as sentences for the minutes.
    """
    status = _STATUS_TARGET.get(item.outcome, ActionStatus.OPEN)
    kept = _settle(action, "status", ActionStatus.OPEN, status, closing, today)
    if kept is not _STANDS:
        # Done or dropped elsewhere since: the rest of this meeting's decision about it lapses too.
        return [_sentence(action, "status", _SAID[item.outcome])]
    notes = []
    replanned = item.outcome is Outcome.REPLANNED
    owner = item.new_owner if replanned and item.new_owner else item.owner
    # A due date is its day and its words together ('before Easter' and the day it means).
    new_due = replanned and (item.new_due or item.new_due_text)
    due = (item.new_due, item.new_due_text) if new_due else (item.due, item.due_text)
    for name, read, decided, said in (
        ("owner", item.owner, owner, f"this meeting said {owner or 'no owner'}"),
        ("due", (item.due, item.due_text), due, f"this meeting said {due_words(*due, none='no date')}"),
    ):
        if _settle(action, name, read, decided, closing, today) is not _STANDS and decided != read:
            notes.append(_sentence(action, name, said))
    # The reason goes with the status this meeting set (the read copy does not keep one to compare).
    reason = item.reason if item.outcome is Outcome.DROPPED else ""
    _settle(action, "reason", action.reason, reason, closing, today)
    # Carried through this meeting if still open when it closed (not reviewed counts as carried).
    # A count changed since (another meeting carried it first) is kept without comment.
    _settle(action, "carried", item.carried, item.carried + (1 if action.is_open else 0), closing, today)
    return notes


# The action's fields behind one recorded edit: a due date is its day and its words ('before Easter').
_FIELDS_OF = {"due": ("due", "due_text")}


def _value(action: Action, name: str) -> Any:
    names = _FIELDS_OF.get(name, (name,))
    return tuple(getattr(action, each) for each in names) if len(names) > 1 else getattr(action, name)


def _set_value(action: Action, name: str, value: Any) -> None:
    names = _FIELDS_OF.get(name, (name,))
    for each, part in zip(names, value if len(names) > 1 else (value,), strict=True):
        setattr(action, each, part)


_STANDS = object()  # what _settle returns when the meeting's decision is what the action now holds


def _settle(action: Action, name: str, read: Any, decided: Any, closing: Meeting, today: dt.date) -> Any:
    """Set ``name`` to ``decided`` unless it changed elsewhere since the meeting read it.

    Returns ``_STANDS``, or the later value kept instead of a different decision.
    """
    stored = _value(action, name)
    edit = action.edit_of(name)
    ours = edit is not None and edit.meeting_id == closing.id  # written by an earlier attempt at this close
    if stored == read or ours:
        if stored != decided:
            _set_value(action, name, decided)
            action.record_edit(name, today, closing.id, closing.date)
        return _STANDS
    return _STANDS if stored == decided else stored


def _sentence(action: Action, name: str, said: str) -> str:
    """'marked done on 1 Dec 2026 in the actions list; this meeting said carried'."""
    edit = action.edit_of(name)
    if edit is None:
        when = " since this meeting read it"  # changed by a version that kept no record of it
    elif edit.meeting_id:
        when = f" {edit.where}"
    else:
        when = f" on {day_month_year(edit.on)} {edit.where}"
    return f"{_changed(action, name)}{when}; {said}"


def _changed(action: Action, name: str) -> str:
    if name == "status":
        return {ActionStatus.DONE: "marked done", ActionStatus.DROPPED: "dropped"}.get(action.status, "reopened")
    if name == "owner":
        return f"owner changed to {action.owner}" if action.owner else "owner removed"
    if action.due is None and not action.due_text:
        return "due date removed"
    return f"due date changed to {due_words(action.due, action.due_text)}"


def _approve(
    earlier: Meeting, minutes: PreviousMinutes, closing: Meeting, date_of: Callable[[str], dt.date | None]
) -> list[str]:
    """Approve ``earlier``'s minutes, unless another meeting approved them since (that approval stands)."""
    if earlier.approved_in in ("", closing.id):
        earlier.approved_in = closing.id
        earlier.corrections = list(minutes.corrections)
        return []
    other = date_of(earlier.approved_in)
    by = f"the meeting of {day_month_year(other)}" if other else "another meeting"
    corrected = " with corrections" if earlier.corrections else ""
    ours = "its corrections are" if minutes.corrections else "its approval is"
    return [f"already approved{corrected} in {by}, and that approval stands; {ours} recorded here only"]
