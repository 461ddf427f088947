"""The meeting, in the meeting's own words: attendees, agenda, notes, conflicts, decisions,
actions, health, and the steps its template gave it.

Validation lives here. Every object checks itself when it is made (``__post_init__``, with the
checks of ``facilitator.checks``) and a whole meeting can be checked again with
``Meeting.validate()`` after edits. A refusal is a ``ValidationError`` whose message names the
field and says what is wrong, fit to show a person as it is.

``to_dict``/``from_dict`` (``facilitator.dataclass_json``) turn a meeting into plain JSON-ready data
and back without loss; ``from_dict`` is also the gate for files from outside.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar

from facilitator import kinds
from facilitator.checks import (
    MAX_CARRIED,
    MAX_ITEMS,
    MAX_REVISION,
    MAX_SPENT,
    MAX_TIME_BOX,
    ValidationError,
    bounded_list,
    choice,
    email_address,
    identifier,
    new_id,
    optional_choice,
    optional_date,
    optional_time,
    plain_text,
    rating_value,
    required_text,
    step_key,
    whole_number,
)
from facilitator.checks import MAX_TEXT as MAX_TEXT
from facilitator.checks import RATING_RANGE as RATING_RANGE
from facilitator.dataclass_json import from_dict, to_dict
from facilitator.marking import check_marking
from facilitator.steps import MAX_STEPS as MAX_STEPS
from facilitator.steps import StepKind as StepKind
from facilitator.steps import StepSpec as StepSpec
from facilitator.steps import check_steps as check_steps
from facilitator.steps import step_of_kind as step_of_kind
from facilitator.steps import steps_of as steps_of

BUILT_IN_KINDS = frozenset(StepKind)

# Version of the document layout written by this code; see facilitator/document_schema.py.
SCHEMA_VERSION = 7


class MeetingStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Attendance(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    # Named in the meeting but not in the room (a colleague who will do the leaflet, a contact at
    # another organisation): may own actions, listed apart in the minutes, never a partner present.
    INVOLVED = "involved"


class ItemStatus(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"


class NoteKind(StrEnum):
    WORKED = "worked"
    DID_NOT_WORK = "did_not_work"
    NOTE = "note"  # a note of a step other than 'what worked': said, neither worked nor did not


class ConflictStyle(StrEnum):
    """Thomas's five ways of handling conflict."""

    COMPETING = "competing"
    ACCOMMODATING = "accommodating"
    AVOIDING = "avoiding"
    COMPROMISING = "compromising"
    COLLABORATING = "collaborating"


class ConflictState(StrEnum):
    OPEN = "open"
    WAY_FORWARD_AGREED = "way_forward_agreed"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Position(StrEnum):
    """Where a partner stands on a decision."""

    AGREED = "agreed"
    RESERVATION = "agreed with reservation"
    DISAGREED = "disagreed"


class Achieved(StrEnum):
    """Was a benefit of working together achieved?"""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class PartnershipLevel(StrEnum):
    """Himmelman's levels, from loosest to closest."""

    NETWORKING = "networking"
    COORDINATION = "coordination"
    COOPERATION = "cooperation"
    COLLABORATION = "collaboration"


def label(value: StrEnum) -> str:
    """How a status or style reads in minutes: 'way forward agreed', 'did not work'."""
    return str(value).replace("_", " ")


# --- the parts of a meeting -------------------------------------------------------------


@dataclass
class Attendee:
    name: str
    organisation: str = ""
    role: str = ""
    chair: bool = False
    attendance: Attendance = Attendance.PRESENT
    email: str = ""

    def __post_init__(self) -> None:
        self.name = required_text(self.name, "name")
        self.organisation = plain_text(self.organisation, "organisation")
        self.role = plain_text(self.role, "role")
        self.attendance = choice(self.attendance, Attendance, "attendance")
        self.email = email_address(self.email, "email")

    @property
    def present(self) -> bool:
        return self.attendance is Attendance.PRESENT

    @property
    def involved(self) -> bool:
        """Named in the meeting but not in the room: neither present nor sending apologies."""
        return self.attendance is Attendance.INVOLVED

    @property
    def partner(self) -> str:
        """The partner this person stands for: their organisation, or themselves when they have none."""
        return self.organisation or self.name


@dataclass
class AgendaItem:
    """One thing to cover; in a review, usually one joint project."""

    title: str
    time_box: int = 10  # minutes
    notes: str = ""
    status: ItemStatus = ItemStatus.PENDING
    spent: int = 0  # seconds spent on it so far, kept so that a resumed meeting keeps its timers
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.title = required_text(self.title, "title")
        self.spent = whole_number(self.spent, "spent", MAX_SPENT, "seconds")
        self.id = identifier(self.id, "id")
        self.notes = plain_text(self.notes, "notes")
        self.status = choice(self.status, ItemStatus, "status")
        self.time_box = whole_number(self.time_box, "time_box", MAX_TIME_BOX, "minutes")


@dataclass
class Note:
    """Something said about what worked, or did not, tied to who said it and the agenda item."""

    text: str
    kind: NoteKind = NoteKind.WORKED
    raised_by: str = ""  # an attendee's name; empty when nobody in particular
    agenda_item: str | None = None  # AgendaItem.id
    step: str = "worked"  # the key of the step it was captured on
    tag: str = ""  # one of the step's tags ('staff', 'money'), when it has any
    confidential: bool = False  # left out of the circulation copy (facilitator.circulation)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.kind = choice(self.kind, NoteKind, "kind")
        self.raised_by = plain_text(self.raised_by, "raised_by")
        self.step = step_key(self.step, "step")
        self.tag = plain_text(self.tag, "tag")
        self.agenda_item = _optional_id(self.agenda_item, "agenda_item")
        self.confidential = flag(self.confidential, "confidential")
        self.id = identifier(self.id, "id")


def note_kind_on(step_kind: str, kind: NoteKind) -> NoteKind:
    """A note's kind follows its step: worked or did not work on a 'what worked' step, a plain note elsewhere."""
    if step_kind == "worked":
        return NoteKind.WORKED if kind is NoteKind.NOTE else kind
    return NoteKind.NOTE


@dataclass
class Stance:
    """One partner's position on a decision. A partner is an organisation, or a person without one."""

    partner: str
    position: Position = Position.AGREED

    def __post_init__(self) -> None:
        self.partner = required_text(self.partner, "partner")
        self.position = choice(self.position, Position, "position")


@dataclass
class Decision:
    """Something the meeting decided, why, and where each partner stands on it."""

    text: str
    why: str = ""
    positions: list[Stance] = field(default_factory=list)
    agenda_item: str | None = None  # AgendaItem.id under discussion when it was decided
    confidential: bool = False  # left out of the circulation copy (facilitator.circulation)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.why = plain_text(self.why, "why")
        self.agenda_item = _optional_id(self.agenda_item, "agenda_item")
        self.confidential = flag(self.confidential, "confidential")
        self.id = identifier(self.id, "id")
        seen: set[str] = set()
        for index, stance in enumerate(bounded_list(self.positions, "positions")):
            try:
                stance.__post_init__()
            except ValidationError as error:
                raise error.within(f"positions[{index}]") from None
            key = stance.partner.casefold()
            if key in seen:
                raise ValidationError(f"positions[{index}].partner", f"{stance.partner!r} is listed twice")
            seen.add(key)

    def position_of(self, partner: str) -> Position | None:
        return next((s.position for s in self.positions if s.partner.casefold() == partner.casefold()), None)

    @property
    def unanimous(self) -> bool:
        return all(stance.position is Position.AGREED for stance in self.positions)


@dataclass
class Conflict:
    issue: str
    parties: list[str] = field(default_factory=list)
    style: ConflictStyle | None = None  # how it was handled; None until someone says
    state: ConflictState = ConflictState.OPEN
    way_forward: str = ""
    confidential: bool = False  # left out of the circulation copy (facilitator.circulation)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.issue = required_text(self.issue, "issue")
        self.parties = [
            required_text(party, f"parties[{i}]") for i, party in enumerate(bounded_list(self.parties, "parties"))
        ]
        self.style = optional_choice(self.style, ConflictStyle, "style")
        self.state = choice(self.state, ConflictState, "state")
        self.way_forward = plain_text(self.way_forward, "way_forward")
        self.confidential = flag(self.confidential, "confidential")
        self.id = identifier(self.id, "id")


def day_month_year(day: dt.date) -> str:
    """'1 Dec 2026': how a change's date reads in a sentence, whatever the system locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# The fields of an action a later meeting or the actions list can change (``Action.edits``).
EDITABLE = ("status", "owner", "due", "reason", "carried")


@dataclass
class ActionEdit:
    """When one field of an action was last changed after it was agreed, and where.

    ``meeting_id`` is the later meeting whose matters arising changed it; empty when it was
    changed in the actions list. A meeting closing later uses this to tell a change made
    since it read the action from its own earlier write, and to say where the change came from.
    """

    field: str
    on: dt.date
    meeting_id: str = ""
    meeting_date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.field not in EDITABLE:
            raise ValidationError("field", f"{self.field!r} is not one of: {', '.join(EDITABLE)}")
        on = optional_date(self.on, "on")
        if on is None:
            raise ValidationError("on", "is missing")
        self.on = on
        self.meeting_id = identifier(self.meeting_id, "meeting_id", optional=True)
        self.meeting_date = optional_date(self.meeting_date, "meeting_date")

    @property
    def where(self) -> str:
        if not self.meeting_id:
            return "in the actions list"
        return f"in the meeting of {day_month_year(self.meeting_date)}" if self.meeting_date else "in a later meeting"


@dataclass
class Action:
    """An agreed next step. Owner and due date may be missing: flagged, never refused."""

    text: str
    owner: str = ""
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    raised_in: str = ""  # id of the meeting that agreed it
    carried: int = 0  # how many later meetings it has been carried through
    reason: str = ""  # why it was dropped, when it was
    edits: list[ActionEdit] = field(default_factory=list)  # the last change of each field since it was agreed
    confidential: bool = False  # left out of the circulation copy (facilitator.circulation)
    id: str = field(default_factory=new_id)
    agenda_item: str | None = None  # AgendaItem.id under discussion when it was agreed
    # The due date's words when they were a phrase ('before Easter'); '' for a plain date. ``due`` is then
    # the latest day they mean, or None when no day could be worked out (facilitator.date_phrases).
    due_text: str = ""

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.owner = plain_text(self.owner, "owner")
        self.due_text = plain_text(self.due_text, "due_text")
        self.reason = plain_text(self.reason, "reason")
        self.status = choice(self.status, ActionStatus, "status")
        self.due = optional_date(self.due, "due")
        self.carried = whole_number(self.carried, "carried", MAX_CARRIED, "meetings")
        self.raised_in = identifier(self.raised_in, "raised_in", optional=True)
        self.confidential = flag(self.confidential, "confidential")
        self.id = identifier(self.id, "id")
        self.agenda_item = _optional_id(self.agenda_item, "agenda_item")
        seen: set[str] = set()
        for index, edit in enumerate(self.edits):
            try:
                edit.__post_init__()
            except ValidationError as error:
                raise error.within(f"edits[{index}]") from None
            if edit.field in seen:
                raise ValidationError(f"edits[{index}].field", f"{edit.field!r} is listed twice")
            seen.add(edit.field)

    def edit_of(self, name: str) -> ActionEdit | None:
        return next((edit for edit in self.edits if edit.field == name), None)

    def record_edit(self, name: str, on: dt.date, meeting_id: str = "", meeting_date: dt.date | None = None) -> None:
        """Note that ``name`` was just changed, replacing any earlier note for it."""
        self.edits = [edit for edit in self.edits if edit.field != name]
        self.edits.append(ActionEdit(name, on, meeting_id, meeting_date))

    @property
    def is_open(self) -> bool:
        return self.status is ActionStatus.OPEN

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < today


class Outcome(StrEnum):
    """What a later meeting decided about an open action (matters arising)."""

    PENDING = "not yet reviewed"
    DONE = "done"
    CARRIED = "carried"  # still open; it goes on to the next meeting
    REPLANNED = "re-planned"  # still open, with a new owner or due date
    DROPPED = "dropped"


@dataclass
class ArisingAction:
    """An action still open from an earlier meeting of the partnership, reviewed in this one.

    A copy of the action as it stood, plus the outcome. When this meeting closes, the outcome
    is written to the action in its own meeting (``facilitator.followup``); writing it sets
    every field outright, so doing it twice (a crash, a second save) changes nothing.
    """

    action_id: str
    raised_in: str  # the meeting that agreed it
    text: str
    raised_on: dt.date | None = None
    owner: str = ""
    due: dt.date | None = None
    carried: int = 0  # meetings it had been carried through before this one
    outcome: Outcome = Outcome.PENDING
    new_owner: str = ""
    new_due: dt.date | None = None
    reason: str = ""  # why it is dropped
    # Set when the meeting closed: changes made elsewhere since it read the action that were kept
    # instead of its decision ("marked done on 1 Dec 2026 in the actions list; this meeting said carried").
    later_edits: list[str] = field(default_factory=list)
    due_text: str = ""  # the words of ``due`` when they were a phrase (``Action.due_text``)
    new_due_text: str = ""  # the words of ``new_due`` when they were a phrase

    def __post_init__(self) -> None:
        self.later_edits = [
            required_text(text, "later_edits") for text in bounded_list(self.later_edits, "later_edits")
        ]
        self.due_text = plain_text(self.due_text, "due_text")
        self.new_due_text = plain_text(self.new_due_text, "new_due_text")
        self.action_id = identifier(self.action_id, "action_id")
        self.raised_in = identifier(self.raised_in, "raised_in")
        self.carried = whole_number(self.carried, "carried", MAX_CARRIED, "meetings")
        self.text = required_text(self.text, "text")
        self.owner = plain_text(self.owner, "owner")
        self.new_owner = plain_text(self.new_owner, "new_owner")
        self.reason = plain_text(self.reason, "reason")
        self.outcome = choice(self.outcome, Outcome, "outcome")
        self.raised_on = optional_date(self.raised_on, "raised_on")
        self.due = optional_date(self.due, "due")
        self.new_due = optional_date(self.new_due, "new_due")
        if self.outcome is Outcome.DROPPED and not self.reason.strip():
            raise ValidationError("reason", "say why the action is dropped")
        if self.outcome is Outcome.REPLANNED and not (self.new_owner.strip() or self.new_due or self.new_due_text):
            raise ValidationError("new_owner", "a re-planned action needs a new owner or a new due date")

    @property
    def still_open(self) -> bool:
        return self.outcome not in (Outcome.DONE, Outcome.DROPPED)


class Approval(StrEnum):
    PENDING = "not yet considered"
    APPROVED = "approved"
    CORRECTED = "approved with corrections"


@dataclass
class PreviousMinutes:
    """The first item of a review: the last meeting's minutes, approved as they stand or with corrections.

    Corrections are recorded, here and on the earlier meeting; its minutes are not rewritten.
    """

    meeting_id: str
    date: dt.date | None = None
    approval: Approval = Approval.PENDING
    corrections: list[str] = field(default_factory=list)
    # Set when the meeting closed, if another meeting had approved those minutes first (that approval stands).
    later_edits: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.later_edits = [
            required_text(text, "later_edits") for text in bounded_list(self.later_edits, "later_edits")
        ]
        self.meeting_id = identifier(self.meeting_id, "meeting_id")
        self.date = optional_date(self.date, "date")
        self.approval = choice(self.approval, Approval, "approval")
        self.corrections = [
            required_text(text, "corrections") for text in bounded_list(self.corrections, "corrections")
        ]
        if self.approval is Approval.CORRECTED and not self.corrections:
            raise ValidationError("corrections", "approved with corrections, but no correction is recorded")


class CopyKind(StrEnum):
    """Which copy of the minutes went out: every item, or the one without the confidential ones."""

    CIRCULATION = "circulation copy"
    FULL = "full copy"


@dataclass
class Circulation:
    """A record that the minutes went to people: when, to whom, which copy, in which format.

    Written by ``facilitator.circulation.record_circulation`` when a circulation copy or an email
    draft is made; the minutes, the history and ``facilitator show`` print it.
    """

    on: dt.date
    to: list[str] = field(default_factory=list)  # the people it went to, by name
    copy: CopyKind = CopyKind.CIRCULATION
    format: str = ""  # the exporter table's name of the format ('md', 'eml')

    def __post_init__(self) -> None:
        on = optional_date(self.on, "on")
        if on is None:
            raise ValidationError("on", "is missing")
        self.on = on
        self.to = [required_text(name, f"to[{i}]") for i, name in enumerate(bounded_list(self.to, "to"))]
        self.copy = choice(self.copy, CopyKind, "copy")
        self.format = plain_text(self.format, "format")

    def text(self) -> str:
        """'Circulated on 3 Dec 2026 to Denise Hall, Paul Green (circulation copy)'."""
        to = f" to {', '.join(self.to)}" if self.to else ""
        return f"Circulated on {day_month_year(self.on)}{to} ({self.copy.value})"


@dataclass
class PartnerHealth:
    """One partner's own view of the health of the partnership, beside the joint one."""

    partner: str
    level: PartnershipLevel | None = None
    time: int | None = None
    trust: int | None = None
    turf: int | None = None

    def __post_init__(self) -> None:
        self.partner = required_text(self.partner, "partner")
        _check_ratings(self)

    @property
    def is_empty(self) -> bool:
        return self.level is None and self.time is None and self.trust is None and self.turf is None


@dataclass
class BenefitCheck:
    """One line of the benefits checklist: a benefit partnership working can bring, and whether it did."""

    benefit: str
    achieved: Achieved | None = None  # None: not yet discussed

    def __post_init__(self) -> None:
        self.benefit = required_text(self.benefit, "benefit")
        self.achieved = optional_choice(self.achieved, Achieved, "achieved")


@dataclass
class HealthCheck:
    """Himmelman's level and the three Ts, each rated 1 (a worry) to 5 (strong), agreed together.

    For turf, 5 means little risk of turf wars. Each partner may also rate on their own
    (``by_partner``), so that a difference in how they see it shows; and the benefits
    checklist records which benefits of working together were achieved.
    """

    level: PartnershipLevel | None = None
    time: int | None = None
    trust: int | None = None
    turf: int | None = None
    comment: str = ""
    by_partner: list[PartnerHealth] = field(default_factory=list)
    benefits: list[BenefitCheck] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check_ratings(self)
        self.comment = plain_text(self.comment, "comment")
        seen: set[str] = set()
        for index, rating in enumerate(bounded_list(self.by_partner, "by_partner")):
            try:
                rating.__post_init__()
            except ValidationError as error:
                raise error.within(f"by_partner[{index}]") from None
            if rating.partner.casefold() in seen:
                raise ValidationError(f"by_partner[{index}].partner", f"{rating.partner!r} is listed twice")
            seen.add(rating.partner.casefold())
        for index, check in enumerate(bounded_list(self.benefits, "benefits")):
            try:
                check.__post_init__()
            except ValidationError as error:
                raise error.within(f"benefits[{index}]") from None

    @property
    def is_empty(self) -> bool:
        return (
            self.level is None
            and self.time is None
            and self.trust is None
            and self.turf is None
            and all(rating.is_empty for rating in self.by_partner)
            and all(check.achieved is None for check in self.benefits)
        )

    def rating_of(self, partner: str) -> PartnerHealth | None:
        return next((r for r in self.by_partner if r.partner.casefold() == partner.casefold()), None)


def _is_empty(data: Any) -> bool:
    return all(not getattr(data, f.name) for f in fields(data))


class _AllNotes(list[Note]):
    """``Meeting.notes``: a copy that passes an appended note on to the meeting and refuses other changes."""

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self._meeting = meeting

    def append(self, note: Note) -> None:
        self._meeting.add_note(note)
        super().append(note)

    def extend(self, notes: Iterable[Note]) -> None:
        for note in notes:
            self.append(note)

    def __reduce_ex__(self, _protocol: Any) -> Any:
        return (list, (list(self),))  # a copy or a pickle is a plain list, tied to no meeting

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise TypeError("meeting.notes is every note, read-only: use meeting.notes_of(step) or meeting.remove_note")

    insert = pop = remove = clear = sort = reverse = __setitem__ = __delitem__ = __iadd__ = _refuse  # type: ignore[assignment]


def _load_capture(step: StepSpec, value: Any) -> Any:
    """One step's captured data from JSON. Its items are named as the meeting-wide lists were
    ('actions[1].text', 'notes[0].kind'), so a refusal reads the same whatever step holds them."""
    kind = kinds.kind_of(step.kind)
    where = f"captures.{step.key}"
    if not isinstance(value, dict) or kind.items is None or kind.items not in value:
        return from_dict(kind.data, value, where)
    data = from_dict(kind.data, {k: v for k, v in value.items() if k != kind.items}, where)
    label = str(step.kind) if kind.single else kind.items
    raw = value[kind.items]
    if not isinstance(raw, list):
        raise ValidationError(label, f"expected a list, found {type(raw).__name__}")
    item_class = _item_class(kind.data, kind.items)
    setattr(data, kind.items, [from_dict(item_class, item, f"{label}[{i}]") for i, item in enumerate(raw)])
    return data


@functools.cache
def _item_class(data: type, items: str) -> type:
    """The class of a capture's items, worked out once per kind: ``get_type_hints`` evaluates every
    annotation of the class, and a sync taking in 10,000 meetings spent a tenth of its time here."""
    (item_class,) = typing.get_args(typing.get_type_hints(data)[items])
    return item_class  # type: ignore[no-any-return]


def flag(value: Any, name: str) -> bool:
    """A yes/no field: True or False, never 1, 'yes' or None (JSON from outside is checked here too)."""
    if not isinstance(value, bool):
        raise ValidationError(name, f"must be true or false, not {_kind_of(value)}")
    return value


def _kind_of(value: Any) -> str:
    return "empty" if value is None else type(value).__name__


def _optional_id(value: Any, name: str) -> str | None:
    return None if value is None else identifier(value, name)


def _check_ratings(ratings: HealthCheck | PartnerHealth) -> None:
    ratings.level = optional_choice(ratings.level, PartnershipLevel, "level")
    ratings.time = rating_value(ratings.time, "time")
    ratings.trust = rating_value(ratings.trust, "trust")
    ratings.turf = rating_value(ratings.turf, "turf")


@dataclass(init=False, eq=False)
class Meeting:
    """One meeting. What each step captured is kept per step in ``captures`` (step key → the kind's
    data, ``facilitator.kinds``); ``agenda``, ``notes``, ``conflicts``, ``decisions`` and ``actions``
    read (and, but for ``notes``, write) those captures, as live lists.
    """

    partnership: str
    date: dt.date
    template: str = "partnership-review"
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    purpose: str = ""
    status: MeetingStatus = MeetingStatus.IN_PROGRESS
    current_step: str = "agenda"
    attendees: list[Attendee] = field(default_factory=list)
    health: HealthCheck = field(default_factory=HealthCheck)
    next_review: dt.date | None = None
    visited_steps: list[str] = field(default_factory=list)  # steps opened at least once, for the ticks
    arising: list[ArisingAction] = field(default_factory=list)  # open actions from earlier meetings
    previous_minutes: PreviousMinutes | None = None  # the last meeting's minutes, to approve
    approved_in: str = ""  # the later meeting that approved these minutes; until then they are a draft
    corrections: list[str] = field(default_factory=list)  # recorded when they were approved
    steps: list[StepSpec] = field(default_factory=list)  # the template's steps; given the review's when empty
    # Notes of a step the meeting does not have (or not of a notes kind): kept and shown, never dropped.
    other_notes: list[Note] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)  # facilitation nudges dismissed, by their key
    marking: str = ""  # the partnership's protective marking ('OFFICIAL'), copied at set up; '' for none
    withheld: int = 0  # in a circulation copy, how many confidential items were left out of it
    circulated: list[Circulation] = field(default_factory=list)  # where the minutes went, oldest first
    id: str = field(default_factory=new_id)
    revision: int = 0  # bumped by the store on every save; the higher copy wins after a crash
    summary: str = ""  # three or four lines typed at Close, at the top of the minutes
    next_review_text: str = ""  # the next review's words when they were a phrase ('in the summer holidays')
    speaker: str = ""  # who is speaking now, for the notes of every step; "" is nobody in particular

    _PARTS: ClassVar[tuple[str, ...]] = (
        "attendees",
        "agenda",
        "notes",
        "conflicts",
        "actions",
        "arising",
        "decisions",
        "steps",
    )

    def __init__(  # one argument per stored field, as the dataclass had
        self,
        partnership: str,
        date: dt.date,
        template: str = "partnership-review",
        start: dt.time | None = None,
        end: dt.time | None = None,
        venue: str = "",
        purpose: str = "",
        status: MeetingStatus = MeetingStatus.IN_PROGRESS,
        current_step: str = "agenda",
        attendees: list[Attendee] | None = None,
        agenda: list[AgendaItem] | None = None,
        notes: list[Note] | None = None,
        conflicts: list[Conflict] | None = None,
        actions: list[Action] | None = None,
        health: HealthCheck | None = None,
        next_review: dt.date | None = None,
        visited_steps: list[str] | None = None,
        arising: list[ArisingAction] | None = None,
        previous_minutes: PreviousMinutes | None = None,
        approved_in: str = "",
        corrections: list[str] | None = None,
        steps: list[StepSpec] | None = None,
        decisions: list[Decision] | None = None,
        dismissed: list[str] | None = None,
        id: str | None = None,
        revision: int = 0,
        other_notes: list[Note] | None = None,
        captures: dict[str, Any] | None = None,
        summary: str = "",
        next_review_text: str = "",
        speaker: str = "",
        marking: str = "",
        withheld: int = 0,
        circulated: list[Circulation] | None = None,
    ) -> None:
        self.partnership = partnership
        self.date = date
        self.template = template
        self.start = start
        self.end = end
        self.venue = venue
        self.purpose = purpose
        self.status = status
        self.current_step = current_step
        self.attendees = [] if attendees is None else attendees
        self.health = HealthCheck() if health is None else health
        self.next_review = next_review
        self.next_review_text = next_review_text
        self.visited_steps = [] if visited_steps is None else visited_steps
        self.arising = [] if arising is None else arising
        self.previous_minutes = previous_minutes
        self.approved_in = approved_in
        self.corrections = [] if corrections is None else corrections
        self.steps = [] if steps is None else steps
        self.other_notes = [] if other_notes is None else other_notes
        self.dismissed = [] if dismissed is None else dismissed
        self.speaker = speaker
        self.id = new_id() if id is None else id
        self.revision = revision
        self.summary = summary
        self.captures = {} if captures is None else captures
        self.marking = marking
        self.withheld = withheld
        self.circulated = [] if circulated is None else circulated
        self._complete_steps()
        for kind, given in (
            (StepKind.AGENDA, agenda),
            (StepKind.CONFLICTS, conflicts),
            (StepKind.DECISIONS, decisions),
            (StepKind.ACTIONS, actions),
        ):
            if given is not None:
                self._set_single(kind, given)
        for note in notes or ():
            self.add_note(note)
        self.__post_init__()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def _compared(self) -> tuple[Any, ...]:
        return (*(getattr(self, f.name) for f in fields(self)), self.captures)

    def __post_init__(self) -> None:
        self.partnership = required_text(self.partnership, "partnership")
        self.template = identifier(self.template, "template")
        self.venue = plain_text(self.venue, "venue")
        self.purpose = plain_text(self.purpose, "purpose")
        self.summary = plain_text(self.summary, "summary")
        self.current_step = step_key(self.current_step, "current_step")
        self.status = choice(self.status, MeetingStatus, "status")
        self.id = identifier(self.id, "id")
        self.speaker = plain_text(self.speaker, "speaker")
        self.revision = whole_number(self.revision, "revision", MAX_REVISION, "saves")
        self.marking = check_marking(self.marking, "marking")
        self.withheld = whole_number(self.withheld, "withheld", MAX_ITEMS, "items")
        for index, record in enumerate(bounded_list(self.circulated, "circulated")):
            try:
                record.__post_init__()
            except ValidationError as error:
                raise error.within(f"circulated[{index}]") from None
        self.visited_steps = [
            step_key(key, f"visited_steps[{i}]")
            for i, key in enumerate(bounded_list(self.visited_steps, "visited_steps"))
        ]
        self.dismissed = [
            plain_text(key, f"dismissed[{i}]") for i, key in enumerate(bounded_list(self.dismissed, "dismissed"))
        ]
        date = optional_date(self.date, "date")
        if date is None:
            raise ValidationError("date", "is missing")
        self.date = date
        self.start = optional_time(self.start, "start")
        self.end = optional_time(self.end, "end")
        self.next_review = optional_date(self.next_review, "next_review")
        self.next_review_text = plain_text(self.next_review_text, "next_review_text")
        self.approved_in = identifier(self.approved_in, "approved_in", optional=True)
        self.corrections = [
            required_text(text, "corrections") for text in bounded_list(self.corrections, "corrections")
        ]
        if self.start and self.end and self.end < self.start:
            raise ValidationError("end", f"the meeting ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})")
        self._complete_steps()
        self._check_parts()

    # -- the steps and what each captured --

    def _complete_steps(self) -> None:
        """Give the meeting the review's steps if it has none, a close step if it lacks one, and an
        empty capture for each step; refuse a capture that is not of its step's kind."""
        bounded_list(self.steps, "steps")
        if not self.steps:
            from facilitator.templates import review_steps  # the templates read the model

            self.steps = review_steps()
        if step_of_kind(self.steps, StepKind.CLOSE) is None:
            keys = {step.key for step in self.steps}
            key = next(k for k in ("close", *(f"close-{n}" for n in range(2, 20))) if k not in keys)
            self.steps.append(StepSpec(key, StepKind.CLOSE, kinds.kind_of(StepKind.CLOSE).default_title))
        if not isinstance(self.captures, dict):
            raise ValidationError("captures", f"expected an object, found {type(self.captures).__name__}")
        by_key = {step.key: step for step in self.steps}
        for key in [key for key in self.captures if key not in by_key]:
            # The steps were changed: an empty capture goes with its step; what was captured stays.
            if not _is_empty(self.captures[key]):
                raise ValidationError(f"captures.{key}", "is not one of the meeting's steps")
            del self.captures[key]
        for key, step in by_key.items():
            kind = kinds.kind_of(step.kind)
            data = self.captures.get(key)
            if data is None:
                self.captures[key] = kind.new_data()
            elif not isinstance(data, kind.data):
                raise ValidationError(f"captures.{key}", f"is not what a step of kind {str(step.kind)!r} captures")
            elif kind.items == "notes":
                for note in kind.items_of(data):
                    note.step = key  # a note belongs to the step whose capture holds it
                    note.kind = note_kind_on(str(step.kind), note.kind)

    def _captured(self, step: StepSpec) -> Any:
        """What the step captured; empty for a step given to the meeting since it was last checked."""
        data = self.captures.get(step.key)
        if data is None:
            data = self.captures[step.key] = kinds.kind_of(step.kind).new_data()
        return data

    def captured(self, key: str) -> Any:
        """What the step of this key captured (its kind's data, live); KeyError for a step the meeting lacks."""
        step = self.step_spec(key)
        if step is None:
            raise KeyError(f"the meeting has no step {key!r}")
        return self._captured(step)

    def _single_step(self, kind: str) -> StepSpec | None:
        return step_of_kind(self.steps, kind)

    def _single(self, kind: str) -> list[Any]:
        step = self._single_step(kind)
        if step is None:
            return []  # no step of that kind: nothing captured (and nothing can be)
        return kinds.kind_of(kind).items_of(self._captured(step))

    def _set_single(self, kind: str, items: list[Any]) -> None:
        step = self._single_step(kind)
        if step is None:
            if items:
                raise ValidationError(kind, f"the meeting has no step of kind {str(kind)!r} to hold them")
            return
        setattr(self._captured(step), kinds.kind_of(kind).items or "", items)

    def _holds_notes(self, step: StepSpec) -> bool:
        return kinds.kind_of(step.kind).items == "notes"

    def notes_home(self, key: str) -> list[Note]:
        """Where a note captured on this step is kept: the step's notes, or the other notes."""
        step = self.step_spec(key)
        if step is not None and self._holds_notes(step):
            return kinds.kind_of(step.kind).items_of(self._captured(step))  # type: ignore[no-any-return]
        return self.other_notes

    @property
    def agenda(self) -> list[AgendaItem]:
        return self._single(StepKind.AGENDA)

    @agenda.setter
    def agenda(self, items: list[AgendaItem]) -> None:
        self._set_single(StepKind.AGENDA, items)

    @property
    def conflicts(self) -> list[Conflict]:
        return self._single(StepKind.CONFLICTS)

    @conflicts.setter
    def conflicts(self, items: list[Conflict]) -> None:
        self._set_single(StepKind.CONFLICTS, items)

    @property
    def decisions(self) -> list[Decision]:
        return self._single(StepKind.DECISIONS)

    @decisions.setter
    def decisions(self, items: list[Decision]) -> None:
        self._set_single(StepKind.DECISIONS, items)

    @property
    def actions(self) -> list[Action]:
        return self._single(StepKind.ACTIONS)

    @actions.setter
    def actions(self, items: list[Action]) -> None:
        self._set_single(StepKind.ACTIONS, items)

    @property
    def notes(self) -> list[Note]:
        """Every note, in step order, then the notes of steps the meeting does not have.

        A new list each time; appending to it keeps the note with its step (``add_note``), and any
        other change is refused rather than lost (``notes_of`` gives one step's live list).
        """
        found = _AllNotes(self)
        for step in self.steps:
            if self._holds_notes(step):
                list.extend(found, kinds.kind_of(step.kind).items_of(self._captured(step)))
        list.extend(found, self.other_notes)
        return found

    def notes_of(self, key: str) -> list[Note]:
        """The live list of one step's notes (for a step that keeps none, a copy of its stray notes)."""
        step = self.step_spec(key)
        if step is not None and self._holds_notes(step):
            return kinds.kind_of(step.kind).items_of(self._captured(step))  # type: ignore[no-any-return]
        return [note for note in self.other_notes if note.step == key]

    def add_note(self, note: Note) -> None:
        """Keep a note with the step it was captured on (or with the other notes, if the meeting lacks that step)."""
        self.notes_home(note.step).append(note)

    def remove_note(self, note_id: str) -> Note:
        """Take a note out of wherever it is kept; KeyError if no note has that id."""
        for step in self.steps:
            if self._holds_notes(step):
                held = self.notes_of(step.key)
                for index, note in enumerate(held):
                    if note.id == note_id:
                        return held.pop(index)
        for index, note in enumerate(self.other_notes):
            if note.id == note_id:
                return self.other_notes.pop(index)
        raise KeyError(note_id)

    def validate(self) -> None:
        """Check the whole meeting again, e.g. after the live session has edited it."""
        for part in self._PARTS:
            for index, item in enumerate(getattr(self, part)):
                try:
                    item.__post_init__()
                except ValidationError as error:
                    raise error.within(f"{part}[{index}]") from None
        self._validate_other_kinds()
        try:
            self.health.__post_init__()
        except ValidationError as error:
            raise error.within("health") from None
        if self.previous_minutes is not None:
            try:
                self.previous_minutes.__post_init__()
            except ValidationError as error:
                raise error.within("previous_minutes") from None
        self.__post_init__()

    def _validate_other_kinds(self) -> None:
        """Check again the items of steps of a kind registered from outside (the built-in ones are above)."""
        for step in self.steps:
            if step.kind in BUILT_IN_KINDS:
                continue
            kind = kinds.kind_of(step.kind)
            for index, item in enumerate(kind.items_of(self._captured(step))):
                check = getattr(item, "__post_init__", None)
                try:
                    if check is not None:
                        check()
                except ValidationError as error:
                    raise error.within(f"captures.{step.key}.{kind.items}[{index}]") from None

    def _check_parts(self) -> None:
        ids: set[str] = set()
        for part in ("agenda", "notes", "conflicts", "actions", "decisions"):
            for index, item in enumerate(bounded_list(getattr(self, part), part)):
                # Edits, follow-ups and the minutes find an item by its id: two would be one.
                if item.id in ids:
                    raise ValidationError(f"{part}[{index}].id", f"{item.id!r} is used by another item of the meeting")
                ids.add(item.id)
        for part in ("attendees", "arising", "steps"):
            bounded_list(getattr(self, part), part)
        for action in self.actions:
            if not action.raised_in:
                action.raised_in = self.id  # an action agreed here, unless carried from elsewhere
        seen: set[str] = set()
        for index, attendee in enumerate(self.attendees):
            key = attendee.name.casefold()
            if key in seen:
                raise ValidationError(f"attendees[{index}].name", f"{attendee.name!r} is listed twice")
            seen.add(key)
        chairs = [a.name for a in self.attendees if a.chair]
        if len(chairs) > 1:
            raise ValidationError("attendees", f"only one person chairs; {', '.join(chairs)} are all marked")
        check_steps(self.steps, "steps", what="a meeting")

    # -- reading the meeting --

    @property
    def chair(self) -> Attendee | None:
        return next((a for a in self.attendees if a.chair), None)

    @property
    def present(self) -> list[Attendee]:
        return [a for a in self.attendees if a.present]

    @property
    def apologies(self) -> list[Attendee]:
        return [a for a in self.attendees if a.attendance is Attendance.APOLOGIES]

    @property
    def involved(self) -> list[Attendee]:
        """People named in the meeting but not in the room ("also involved"): they may own actions."""
        return [a for a in self.attendees if a.involved]

    @property
    def is_closed(self) -> bool:
        return self.status is MeetingStatus.CLOSED

    @property
    def is_draft(self) -> bool:
        """Minutes stay a draft until a later meeting approves them."""
        return not self.approved_in

    def agenda_item(self, item_id: str | None) -> AgendaItem | None:
        return next((item for item in self.agenda if item.id == item_id), None)

    def organisation_of(self, name: str) -> str:
        person = next((a for a in self.attendees if a.name.casefold() == name.casefold()), None)
        return person.organisation if person else ""

    @property
    def partners(self) -> list[str]:
        """The partners present, in order of first appearance: each organisation, or a person without one."""
        seen: dict[str, str] = {}
        for person in self.present:
            seen.setdefault(person.partner.casefold(), person.partner)
        return list(seen.values())

    def step_spec(self, key: str) -> StepSpec | None:
        return next((step for step in self.steps if step.key == key), None)

    # -- JSON --

    def to_dict(self) -> dict[str, Any]:
        # The captures follow the steps, before the meeting's own id: a damaged stored document is named
        # by the last id written in it (facilitator.tinydb_file), which must be the meeting's, not an item's.
        data: dict[str, Any] = {}
        for name, value in to_dict(self).items():
            data[name] = value
            if name == "steps":
                data["captures"] = {key: to_dict(captured) for key, captured in self.captures.items()}
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Meeting:
        """A meeting from its JSON form; each step's capture is read as its kind's data."""
        if not isinstance(data, dict) or "captures" not in data:
            return from_dict(cls, data)  # type: ignore[no-any-return]
        body = {key: value for key, value in data.items() if key != "captures"}
        meeting: Meeting = from_dict(cls, body)
        raw = data["captures"]
        if not isinstance(raw, dict):
            raise ValidationError("captures", f"expected an object, found {type(raw).__name__}")
        by_key = {step.key: step for step in meeting.steps}
        for key, value in raw.items():
            step = by_key.get(key)
            if step is None:
                raise ValidationError(f"captures.{str(key)[:40]}", "is not one of the meeting's steps")
            meeting.captures[key] = _load_capture(step, value)
        meeting.__post_init__()
        return meeting
