"""Follow-up across meetings: matters arising and approving the last minutes.

A new meeting of a partnership starts with the actions still open from its earlier meetings
(``arising``) and the last meeting's minutes to approve (``previous_minutes``). The
facilitator decides about each during the meeting; the decisions live in the new meeting
until it closes. Then ``apply_follow_up`` writes them to the earlier meetings: the action's
status, owner, due date and carried count; the minutes' approval and corrections.

Applying sets each field outright from the decision (never "add one"), so it can run twice
(a crash between two writes, a closed meeting saved again) and leave the same result.
"""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.model import (
    Action,
    ActionStatus,
    Approval,
    ArisingAction,
    Meeting,
    Outcome,
    PreviousMinutes,
)


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
                carried=action.carried,
            )
            for action in meeting.actions
            if action.is_open
        )
    return found


def previous_minutes_of(earlier: Iterable[Meeting], before: Meeting) -> PreviousMinutes | None:
    """The partnership's latest closed meeting, if its minutes are still a draft."""
    partnership = before.partnership.casefold()
    candidates = [
        m for m in earlier if m.is_closed and m.id != before.id and m.partnership.casefold() == partnership
    ]
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


def apply_follow_up(meeting: Meeting, earlier: Meeting) -> bool:
    """Write ``meeting``'s decisions into ``earlier``. True when anything changed."""
    before = earlier.to_dict()
    actions = {action.id: action for action in earlier.actions}
    for item in meeting.arising:
        action = actions.get(item.action_id) if item.raised_in == earlier.id else None
        if action is not None:
            _decide(action, item)
    minutes = meeting.previous_minutes
    if minutes is not None and minutes.meeting_id == earlier.id and minutes.approval is not Approval.PENDING:
        earlier.approved_in = meeting.id
        earlier.corrections = list(minutes.corrections)
    return earlier.to_dict() != before


def _decide(action: Action, item: ArisingAction) -> None:
    """Every field from the decision and the action as it stood, so a changed mind is followed too."""
    replanned = item.outcome is Outcome.REPLANNED
    action.owner = (item.new_owner or item.owner) if replanned else item.owner
    action.due = (item.new_due or item.due) if replanned else item.due
    action.reason = item.reason if item.outcome is Outcome.DROPPED else ""
    if item.outcome is Outcome.DONE:
        action.status = ActionStatus.DONE
    elif item.outcome is Outcome.DROPPED:
        action.status = ActionStatus.DROPPED
    else:
        action.status = ActionStatus.OPEN
    # Carried through this meeting if still open when it closed (not reviewed counts as carried).
    action.carried = item.carried + (1 if item.still_open else 0)
