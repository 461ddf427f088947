"""The copy of the minutes that is circulated, and the record of where the minutes went.

Partnership boards keep confidential business (a named young person, a staffing matter) out
of the minutes they circulate. Any note, conflict, decision or action can be marked
confidential in the meeting; ``circulation_copy`` is the meeting without them, carrying how
many were left out, so that every renderer can say so. The full copy stays what ``show`` and
``export`` write unless the circulation copy is asked for.

``record_circulation`` notes on the stored meeting that its minutes went out (when, to whom,
which copy, which format): one call, saved before it returns. A circulation copy written by
the app or ``export --circulation``, and an email draft, each call it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from facilitator.model import Circulation, CopyKind, Meeting

if TYPE_CHECKING:
    from facilitator.readmodels import ActionRow
    from facilitator.repository import Repository

__all__ = [
    "Circulation",
    "CopyKind",
    "circulation_copy",
    "confidential_count",
    "copy_notice",
    "default_recipients",
    "record_circulation",
    "withheld_from",
    "withheld_text",
    "without_confidential",
]

FULL_COPY = "Full copy: includes confidential items."


def confidential_items(meeting: Meeting) -> list[Any]:
    """The meeting's notes, conflicts, decisions and actions marked confidential."""
    parts = (meeting.notes, meeting.conflicts, meeting.decisions, meeting.actions)
    return [item for part in parts for item in part if item.confidential]


def confidential_count(meeting: Meeting) -> int:
    return len(confidential_items(meeting))


def circulation_copy(meeting: Meeting, earlier: Sequence[Meeting] = ()) -> Meeting:
    """A copy of the meeting without its confidential items; ``withheld`` says how many were left out.

    ``earlier``: the partnership's other meetings. An action marked confidential in the meeting
    that agreed it is left out of this one's matters arising too.

    The meeting itself is not changed. A copy of a copy withholds nothing more and keeps its count.
    """
    shared = copy.deepcopy(meeting)
    secret = {action.id for other in earlier for action in other.actions if action.confidential}
    reviewed = [item for item in shared.arising if item.action_id not in secret]
    withheld = len(shared.arising) - len(reviewed)
    shared.arising = reviewed
    withheld += _drop_confidential_notes(shared)
    for part in ("conflicts", "decisions", "actions"):
        items = getattr(shared, part)
        kept = [item for item in items if not item.confidential]
        withheld += len(items) - len(kept)
        items[:] = kept  # the live list of the step that holds them
    shared.withheld += withheld
    shared.validate()
    return shared


def _drop_confidential_notes(meeting: Meeting) -> int:
    """Take the confidential notes out of each list that keeps notes, in one pass a list (removing
    them one by one by id walks every note each time: quadratic on a pasted transcript)."""
    lists = [meeting.notes_home(step.key) for step in meeting.steps] + [meeting.other_notes]
    dropped = 0
    seen: set[int] = set()
    for held in lists:
        if id(held) in seen:  # steps that keep no notes all answer with the other notes
            continue
        seen.add(id(held))
        kept = [note for note in held if not note.confidential]
        dropped += len(held) - len(kept)
        held[:] = kept
    return dropped


def withheld_from(meeting: Meeting, earlier: Sequence[Meeting] = ()) -> int:
    """How many items the circulation copy of ``meeting`` leaves out (not those an earlier copy already had).

    Counted, not copied: Finish asks this on the event loop, and a copy of a meeting of thousands of
    notes (with its validation) held the screen for most of a second.
    """
    secret = {action.id for other in earlier for action in other.actions if action.confidential}
    count = sum(1 for item in meeting.arising if item.action_id in secret)
    return count + confidential_count(meeting)


def without_confidential(rows: Sequence[ActionRow]) -> tuple[list[ActionRow], int]:
    """Actions from across meetings (``facilitator actions``) without those marked confidential; how many went."""
    kept = [row for row in rows if not row.action.confidential]
    return kept, len(rows) - len(kept)


def withheld_text(count: int) -> str:
    """'2 confidential items were withheld from this copy.'"""
    if count == 1:
        return "1 confidential item was withheld from this copy."
    return f"{count} confidential items were withheld from this copy."


def copy_notice(meeting: Meeting) -> str:
    """What the minutes say of which copy they are: withheld items, a full copy, or '' (nothing confidential)."""
    if meeting.withheld:
        return withheld_text(meeting.withheld)
    if confidential_count(meeting):
        return FULL_COPY
    return ""


def default_recipients(meeting: Meeting) -> list[str]:
    """Who the minutes go to when nobody says: everyone on the attendance list, present or sending apologies."""
    return [attendee.name for attendee in meeting.attendees]


def record_circulation(
    store: Repository,
    meeting_id: str,
    *,
    to: Iterable[str] | None = None,
    copy: CopyKind = CopyKind.CIRCULATION,
    format: str = "",
    on: dt.date | None = None,
) -> Meeting:
    """Record on the stored meeting that its minutes went out, and save it; returns the meeting as saved.

    ``to``: the names it went to (None: ``default_recipients``); ``format``: the exporter table's
    name ('md', 'eml'); ``on``: the day (today when not given). The record is read from and
    saved to the store in this one call, so a caller holding an older copy of the meeting
    cannot lose it; a later save of such a copy keeps it too (``followup.keep_changes_made_since``).
    """
    meeting = store.get(meeting_id)
    names = default_recipients(meeting) if to is None else [name.strip() for name in to if name.strip()]
    record = Circulation(on=on or dt.date.today(), to=names, copy=copy, format=format)
    meeting.circulated.append(record)
    store.save(meeting)
    return meeting


def circulation_lines(meeting: Meeting) -> list[str]:
    """'Circulated on 3 Dec 2026 to Denise Hall, Paul Green (circulation copy)', one a record, oldest first."""
    return [record.text() for record in meeting.circulated]
