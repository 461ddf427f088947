"""The meeting, in the meeting's own words: attendees, agenda, notes, conflicts, actions, health.

Validation lives here. Every object checks itself when it is made (``__post_init__``) and a
whole meeting can be checked again with ``Meeting.validate()`` after edits. A refusal is a
``ValidationError`` whose message names the field and says what is wrong, fit to show a
person as it is.

``to_dict``/``from_dict`` turn a meeting into plain JSON-ready data and back without loss;
``from_dict`` is also the gate for files from outside (``facilitator import``), so it
refuses unknown fields and wrong types rather than dropping them.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
import uuid
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any, ClassVar

from facilitator.dates import parse_iso_date, parse_time

# Version of the document layout written by this code; see facilitator/migrations.py.
SCHEMA_VERSION = 4
# Far longer than anything said in a meeting; keeps a stray 1 MB paste out of the minutes.
MAX_TEXT = 10_000
MAX_TIME_BOX = 600  # minutes
RATING_RANGE = range(1, 6)


class ValidationError(ValueError):
    """A value the meeting cannot hold; ``str()`` is a message for the user."""

    def __init__(self, field_path: str, message: str) -> None:
        self.field_path = field_path
        self.problem = message
        super().__init__(f"{field_path}: {message}")

    def within(self, parent: str) -> ValidationError:
        """The same problem, located inside ``parent`` (e.g. 'actions[2]')."""
        return ValidationError(f"{parent}.{self.field_path}", self.problem)


def new_id() -> str:
    return uuid.uuid4().hex


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


class StepKind(StrEnum):
    """What a step of a meeting captures; a template's steps are made of these."""

    AGENDA = "agenda"  # the items to cover, with matters arising at the top
    WORKED = "worked"  # notes marked worked / did not work
    NOTES = "notes"  # notes under the step's own prompt, optionally tagged
    CONFLICTS = "conflicts"
    DECISIONS = "decisions"
    ACTIONS = "actions"
    CLOSE = "close"  # the health check, the next review, Finish


# Kinds whose data is the meeting's own list: a meeting has at most one step of each.
SINGLE_STEP_KINDS = frozenset(
    {StepKind.AGENDA, StepKind.CONFLICTS, StepKind.DECISIONS, StepKind.ACTIONS, StepKind.CLOSE}
)
MAX_STEPS = 9  # F2 to F10 go straight to a step


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


# --- checks shared by the classes below -------------------------------------------------


def _required_text(value: str, name: str) -> str:
    text = _text(value, name)
    if not text:
        raise ValidationError(name, "must not be empty")
    return text


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(name, f"must be text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(name, f"is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
    return text


def _choice(value: Any, kind: type[StrEnum], name: str) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ValidationError(name, f"{value!r} is not one of: {allowed}") from None


def _optional_choice(value: Any, kind: type[StrEnum], name: str) -> Any:
    return None if value is None else _choice(value, kind, name)


def _optional_date(value: Any, name: str) -> dt.date | None:
    # A datetime is a date to isinstance, but would be stored with its time and refused on reading.
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ValidationError(name, f"{value!r} is not a date")
    return value


def _optional_time(value: Any, name: str) -> dt.time | None:
    if value is not None and not isinstance(value, dt.time):
        raise ValidationError(name, f"{value!r} is not a time of day")
    return value


def _rating(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATING_RANGE:
        raise ValidationError(name, f"{value!r} is not a rating from 1 (a worry) to 5 (strong)")
    return value


# --- the parts of a meeting -------------------------------------------------------------


@dataclass
class Attendee:
    name: str
    organisation: str = ""
    role: str = ""
    chair: bool = False
    attendance: Attendance = Attendance.PRESENT

    def __post_init__(self) -> None:
        self.name = _required_text(self.name, "name")
        self.organisation = _text(self.organisation, "organisation")
        self.role = _text(self.role, "role")
        self.attendance = _choice(self.attendance, Attendance, "attendance")

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
        self.title = _required_text(self.title, "title")
        if isinstance(self.spent, bool) or not isinstance(self.spent, int) or self.spent < 0:
            raise ValidationError("spent", f"{self.spent!r} is not a number of seconds")
        self.notes = _text(self.notes, "notes")
        self.status = _choice(self.status, ItemStatus, "status")
        if isinstance(self.time_box, bool) or not isinstance(self.time_box, int):
            raise ValidationError("time_box", f"{self.time_box!r} is not a number of minutes")
        if not 0 <= self.time_box <= MAX_TIME_BOX:
            raise ValidationError("time_box", f"{self.time_box} minutes is outside 0 to {MAX_TIME_BOX}")


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
        self.text = _required_text(self.text, "text")
        self.kind = _choice(self.kind, NoteKind, "kind")
        self.raised_by = _text(self.raised_by, "raised_by")
        self.step = _required_text(self.step, "step")
        self.tag = _text(self.tag, "tag")


@dataclass
class Stance:
    """One partner's position on a decision. A partner is an organisation, or a person without one."""

    partner: str
    position: Position = Position.AGREED

    def __post_init__(self) -> None:
        self.partner = _required_text(self.partner, "partner")
        self.position = _choice(self.position, Position, "position")


@dataclass
class Decision:
    """Something the meeting decided, why, and where each partner stands on it."""

    text: str
    why: str = ""
    positions: list[Stance] = field(default_factory=list)
    agenda_item: str | None = None  # AgendaItem.id under discussion when it was decided
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = _required_text(self.text, "text")
        self.why = _text(self.why, "why")
        seen: set[str] = set()
        for index, stance in enumerate(self.positions):
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
        self.issue = _required_text(self.issue, "issue")
        self.parties = [_required_text(party, f"parties[{i}]") for i, party in enumerate(self.parties)]
        self.style = _optional_choice(self.style, ConflictStyle, "style")
        self.state = _choice(self.state, ConflictState, "state")
        self.way_forward = _text(self.way_forward, "way_forward")


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
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = _required_text(self.text, "text")
        self.owner = _text(self.owner, "owner")
        self.reason = _text(self.reason, "reason")
        self.status = _choice(self.status, ActionStatus, "status")
        self.due = _optional_date(self.due, "due")
        if isinstance(self.carried, bool) or not isinstance(self.carried, int) or self.carried < 0:
            raise ValidationError("carried", f"{self.carried!r} is not a count of meetings")

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

    def __post_init__(self) -> None:
        self.action_id = _required_text(self.action_id, "action_id")
        self.raised_in = _required_text(self.raised_in, "raised_in")
        self.text = _required_text(self.text, "text")
        self.owner = _text(self.owner, "owner")
        self.new_owner = _text(self.new_owner, "new_owner")
        self.reason = _text(self.reason, "reason")
        self.outcome = _choice(self.outcome, Outcome, "outcome")
        self.raised_on = _optional_date(self.raised_on, "raised_on")
        self.due = _optional_date(self.due, "due")
        self.new_due = _optional_date(self.new_due, "new_due")
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

    def __post_init__(self) -> None:
        self.meeting_id = _required_text(self.meeting_id, "meeting_id")
        self.date = _optional_date(self.date, "date")
        self.approval = _choice(self.approval, Approval, "approval")
        self.corrections = [_required_text(text, "corrections") for text in self.corrections]
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
        self.partner = _required_text(self.partner, "partner")
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
        self.benefit = _required_text(self.benefit, "benefit")
        self.achieved = _optional_choice(self.achieved, Achieved, "achieved")


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
        self.comment = _text(self.comment, "comment")
        seen: set[str] = set()
        for index, rating in enumerate(self.by_partner):
            try:
                rating.__post_init__()
            except ValidationError as error:
                raise error.within(f"by_partner[{index}]") from None
            if rating.partner.casefold() in seen:
                raise ValidationError(f"by_partner[{index}].partner", f"{rating.partner!r} is listed twice")
            seen.add(rating.partner.casefold())
        for index, check in enumerate(self.benefits):
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


def _check_ratings(ratings: HealthCheck | PartnerHealth) -> None:
    ratings.level = _optional_choice(ratings.level, PartnershipLevel, "level")
    ratings.time = _rating(ratings.time, "time")
    ratings.trust = _rating(ratings.trust, "trust")
    ratings.turf = _rating(ratings.turf, "turf")


@dataclass
class StepSpec:
    """One step of a meeting, as its template defined it; kept in the meeting so its minutes stand alone."""

    key: str
    kind: StepKind
    title: str
    prompt: str = ""
    time_box: int = 0  # minutes; 0 for none
    tags: list[str] = field(default_factory=list)  # for a notes step: what ctrl+t cycles through

    def __post_init__(self) -> None:
        self.key = _required_text(self.key, "key")
        self.kind = _choice(self.kind, StepKind, "kind")
        self.title = _required_text(self.title, "title")
        self.prompt = _text(self.prompt, "prompt")
        if isinstance(self.time_box, bool) or not isinstance(self.time_box, int):
            raise ValidationError("time_box", f"{self.time_box!r} is not a number of minutes")
        if not 0 <= self.time_box <= MAX_TIME_BOX:
            raise ValidationError("time_box", f"{self.time_box} minutes is outside 0 to {MAX_TIME_BOX}")
        self.tags = [_required_text(tag, f"tags[{i}]") for i, tag in enumerate(self.tags)]


# The partnership review's steps, each keyed by its kind: how a meeting made in code without
# steps of its own is read (the app always gives a meeting its template's steps).
REVIEW_LAYOUT: tuple[tuple[StepKind, str], ...] = (
    (StepKind.AGENDA, "Agenda"),
    (StepKind.WORKED, "What worked"),
    (StepKind.CONFLICTS, "Conflicts"),
    (StepKind.DECISIONS, "Decisions"),
    (StepKind.ACTIONS, "Next actions"),
    (StepKind.CLOSE, "Close"),
)


def steps_of(meeting: Meeting) -> list[StepSpec]:
    """The meeting's steps; for a meeting without any, the partnership review's."""
    return list(meeting.steps) or [StepSpec(kind.value, kind, title) for kind, title in REVIEW_LAYOUT]


def check_steps(steps: list[StepSpec], where: str) -> None:
    """The rules a list of steps keeps, for a meeting and for a template file alike."""
    if len(steps) > MAX_STEPS:
        raise ValidationError(where, f"has {len(steps)} steps; at most {MAX_STEPS} fit the F2–F10 keys")
    keys: set[str] = set()
    kinds: set[StepKind] = set()
    for index, step in enumerate(steps):
        if step.key in keys:
            raise ValidationError(f"{where}[{index}].key", f"{step.key!r} is used by an earlier step")
        keys.add(step.key)
        if step.kind in SINGLE_STEP_KINDS and step.kind in kinds:
            raise ValidationError(f"{where}[{index}].kind", f"only one step may be of kind {step.kind.value!r}")
        kinds.add(step.kind)
        if step.tags and step.kind is not StepKind.NOTES:
            raise ValidationError(f"{where}[{index}].tags", "only a step of kind 'notes' has tags")


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
        self.partnership = _required_text(self.partnership, "partnership")
        self.template = _required_text(self.template, "template")
        self.venue = _text(self.venue, "venue")
        self.purpose = _text(self.purpose, "purpose")
        self.current_step = _required_text(self.current_step, "current_step")
        self.status = _choice(self.status, MeetingStatus, "status")
        self.id = _required_text(self.id, "id")
        if self.date is None:
            raise ValidationError("date", "is missing")
        self.date = _optional_date(self.date, "date")
        self.start = _optional_time(self.start, "start")
        self.end = _optional_time(self.end, "end")
        self.next_review = _optional_date(self.next_review, "next_review")
        self.approved_in = _text(self.approved_in, "approved_in")
        self.corrections = [_required_text(text, "corrections") for text in self.corrections]
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


# --- JSON without loss --------------------------------------------------------------------


def to_dict(obj: Any) -> dict[str, Any]:
    """A dataclass as JSON-ready data: dates and times as ISO text, choices as their value."""
    return {f.name: _dump(getattr(obj, f.name)) for f in fields(obj)}


def _dump(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


def from_dict(cls: type, data: Any, where: str = "") -> Any:
    """Build ``cls`` from JSON data, refusing what it cannot hold with the path to the problem."""
    if not isinstance(data, dict):
        raise ValidationError(where or cls.__name__.lower(), f"expected an object, found {type(data).__name__}")
    required, loaders = _shape(cls)
    unknown = [key for key in data if key not in loaders]
    if unknown:
        raise ValidationError(
            where or cls.__name__.lower(), f"unknown field(s): {', '.join(map(str, sorted(unknown)))}"
        )
    values: dict[str, Any] = {}
    for name, load in loaders.items():
        if name in data:
            values[name] = load(data[name], f"{where}.{name}" if where else name)
        elif name in required:
            raise ValidationError(f"{where}.{name}" if where else name, "is missing")
    try:
        return cls(**values)
    except ValidationError as error:
        raise (error.within(where) if where else error) from None


Loader = typing.Callable[[Any, str], Any]


@functools.cache
def _shape(cls: type) -> tuple[frozenset[str], dict[str, Loader]]:
    """The required fields of a class and a loader per field, worked out once per class.

    Reading 10,000 stored meetings calls these hundreds of thousands of times, so the type
    inspection (get_type_hints evaluates strings; get_origin, is_dataclass) happens here, once.
    """
    hints = typing.get_type_hints(cls)
    required = frozenset(f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING)
    return required, {f.name: _loader(hints[f.name]) for f in fields(cls)}


def _loader(hint: Any) -> Loader:
    origin = typing.get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        load_inner = _loader(inner)
        return lambda value, path: None if value is None else load_inner(value, path)
    if origin is list:
        (inner,) = typing.get_args(hint)
        load_item = _loader(inner)

        def load_list(value: Any, path: str) -> list[Any]:
            if not isinstance(value, list):
                raise ValidationError(path, f"expected a list, found {type(value).__name__}")
            return [load_item(item, f"{path}[{index}]") for index, item in enumerate(value)]

        return load_list
    if is_dataclass(hint):
        return lambda value, path: from_dict(hint, value, path)  # type: ignore[arg-type]
    if hint is dt.date or hint is dt.time:
        parse = parse_iso_date if hint is dt.date else parse_time

        def load_when(value: Any, path: str) -> Any:
            if not isinstance(value, str):
                raise ValidationError(path, f"expected text, found {type(value).__name__}")
            try:
                return parse(value)
            except ValueError as error:
                raise ValidationError(path, str(error)) from None

        return load_when
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return lambda value, path: _choice(value, hint, path)
    if hint is bool or hint is int or hint is str:

        def load_plain(value: Any, path: str) -> Any:
            if type(value) is not hint:
                raise ValidationError(path, f"expected {hint.__name__}, found {type(value).__name__}")
            return value

        return load_plain
    raise TypeError(f"no JSON rule for {hint!r}")  # pragma: no cover - a programming error
