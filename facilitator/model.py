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
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from facilitator.checks import (
    MAX_CARRIED,
    MAX_REVISION,
    MAX_SPENT,
    MAX_TIME_BOX,
    ValidationError,
    bounded_list,
    choice,
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
from facilitator.steps import MAX_STEPS as MAX_STEPS
from facilitator.steps import REVIEW_LAYOUT as REVIEW_LAYOUT
from facilitator.steps import SINGLE_STEP_KINDS as SINGLE_STEP_KINDS
from facilitator.steps import StepKind as StepKind
from facilitator.steps import StepSpec as StepSpec
from facilitator.steps import check_steps as check_steps
from facilitator.steps import steps_of as steps_of

# Version of the document layout written by this code; see facilitator/documents.py.
SCHEMA_VERSION = 5


class MeetingStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Attendance(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"


class ItemStatus(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"


class NoteKind(StrEnum):
    WORKED = "worked"
    DID_NOT_WORK = "did_not_work"


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

    def __post_init__(self) -> None:
        self.name = required_text(self.name, "name")
        self.organisation = plain_text(self.organisation, "organisation")
        self.role = plain_text(self.role, "role")
        self.attendance = choice(self.attendance, Attendance, "attendance")

    @property
    def present(self) -> bool:
        return self.attendance is Attendance.PRESENT


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
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.kind = choice(self.kind, NoteKind, "kind")
        self.raised_by = plain_text(self.raised_by, "raised_by")
        self.step = step_key(self.step, "step")
        self.tag = plain_text(self.tag, "tag")
        self.agenda_item = _optional_id(self.agenda_item, "agenda_item")
        self.id = identifier(self.id, "id")


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
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.why = plain_text(self.why, "why")
        self.agenda_item = _optional_id(self.agenda_item, "agenda_item")
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
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.issue = required_text(self.issue, "issue")
        self.parties = [
            required_text(party, f"parties[{i}]") for i, party in enumerate(bounded_list(self.parties, "parties"))
        ]
        self.style = optional_choice(self.style, ConflictStyle, "style")
        self.state = choice(self.state, ConflictState, "state")
        self.way_forward = plain_text(self.way_forward, "way_forward")
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
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = required_text(self.text, "text")
        self.owner = plain_text(self.owner, "owner")
        self.reason = plain_text(self.reason, "reason")
        self.status = choice(self.status, ActionStatus, "status")
        self.due = optional_date(self.due, "due")
        self.carried = whole_number(self.carried, "carried", MAX_CARRIED, "meetings")
        self.raised_in = identifier(self.raised_in, "raised_in", optional=True)
        self.id = identifier(self.id, "id")
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

    def __post_init__(self) -> None:
        self.later_edits = [
            required_text(text, "later_edits") for text in bounded_list(self.later_edits, "later_edits")
        ]
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
        if self.outcome is Outcome.REPLANNED and not (self.new_owner.strip() or self.new_due):
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


def _optional_id(value: Any, name: str) -> str | None:
    return None if value is None else identifier(value, name)


def _check_ratings(ratings: HealthCheck | PartnerHealth) -> None:
    ratings.level = optional_choice(ratings.level, PartnershipLevel, "level")
    ratings.time = rating_value(ratings.time, "time")
    ratings.trust = rating_value(ratings.trust, "trust")
    ratings.turf = rating_value(ratings.turf, "turf")


@dataclass
class Meeting:
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
    agenda: list[AgendaItem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    health: HealthCheck = field(default_factory=HealthCheck)
    next_review: dt.date | None = None
    visited_steps: list[str] = field(default_factory=list)  # steps opened at least once, for the ticks
    arising: list[ArisingAction] = field(default_factory=list)  # open actions from earlier meetings
    previous_minutes: PreviousMinutes | None = None  # the last meeting's minutes, to approve
    approved_in: str = ""  # the later meeting that approved these minutes; until then they are a draft
    corrections: list[str] = field(default_factory=list)  # recorded when they were approved
    steps: list[StepSpec] = field(default_factory=list)  # the template's steps; empty: the review's
    decisions: list[Decision] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)  # facilitation nudges dismissed, by their key
    id: str = field(default_factory=new_id)
    revision: int = 0  # bumped by the store on every save; the higher copy wins after a crash

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

    def __post_init__(self) -> None:
        self.partnership = required_text(self.partnership, "partnership")
        self.template = identifier(self.template, "template")
        self.venue = plain_text(self.venue, "venue")
        self.purpose = plain_text(self.purpose, "purpose")
        self.current_step = step_key(self.current_step, "current_step")
        self.status = choice(self.status, MeetingStatus, "status")
        self.id = identifier(self.id, "id")
        self.revision = whole_number(self.revision, "revision", MAX_REVISION, "saves")
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
        self.approved_in = identifier(self.approved_in, "approved_in", optional=True)
        self.corrections = [
            required_text(text, "corrections") for text in bounded_list(self.corrections, "corrections")
        ]
        if self.start and self.end and self.end < self.start:
            raise ValidationError("end", f"the meeting ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})")
        self._check_parts()

    def validate(self) -> None:
        """Check the whole meeting again, e.g. after the live session has edited it."""
        for part in self._PARTS:
            for index, item in enumerate(getattr(self, part)):
                try:
                    item.__post_init__()
                except ValidationError as error:
                    raise error.within(f"{part}[{index}]") from None
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
        check_steps(self.steps, "steps")

    # -- reading the meeting --

    @property
    def chair(self) -> Attendee | None:
        return next((a for a in self.attendees if a.chair), None)

    @property
    def present(self) -> list[Attendee]:
        return [a for a in self.attendees if a.present]

    @property
    def apologies(self) -> list[Attendee]:
        return [a for a in self.attendees if not a.present]

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
            partner = person.organisation or person.name
            seen.setdefault(partner.casefold(), partner)
        return list(seen.values())

    def step_spec(self, key: str) -> StepSpec | None:
        return next((step for step in self.steps if step.key == key), None)

    # -- JSON --

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Meeting:
        return from_dict(cls, data)
