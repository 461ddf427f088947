"""The live meeting: applies the facilitator's edits, keeps undo, runs the clocks.

Widgets never change a ``Meeting`` themselves: they call a ``Session`` method, which edits
under a lock (the autosave thread reads under the same lock), validates the result, keeps
the state before it for undo, and tells its listeners (the autosaver, the screen) that
something changed. An edit that would leave the meeting invalid is rolled back and its
``ValidationError`` raised for the screen to show.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from facilitator import guidance
from facilitator.guidance import Moment, Nudge
from facilitator.model import (
    Achieved,
    Action,
    ActionStatus,
    AgendaItem,
    Approval,
    ArisingAction,
    Attendee,
    Conflict,
    ConflictState,
    ConflictStyle,
    Decision,
    HealthCheck,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Note,
    NoteKind,
    Outcome,
    PartnerHealth,
    Position,
    PreviousMinutes,
    Stance,
    StepKind,
    StepSpec,
    ValidationError,
)
from facilitator.templates import Template, builtin_default

UNDO_LIMIT = 50
POSITIONS = (Position.AGREED, Position.RESERVATION, Position.DISAGREED)
ACHIEVED_CYCLE = (None, Achieved.YES, Achieved.PARTLY, Achieved.NO)
RATED = {"level", "time", "trust", "turf"}


@functools.cache
def _review_template() -> Template:
    # Read once: a meeting made without a template gets the shipped review's steps.
    return builtin_default()


def default_steps() -> list[StepSpec]:
    """The partnership review's steps, for a meeting made without a template (tests, old callers)."""
    return _review_template().new_steps()


class Session:
    """One meeting being run. Thread-safe: edits and snapshots share ``lock``."""

    def __init__(
        self,
        meeting: Meeting,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        if not meeting.steps:
            meeting.steps = default_steps()
        self.meeting = meeting
        # The partnership's other meetings, read by the app in a worker: the health trend in the
        # minutes compares with them. Not part of the meeting, never saved with it.
        self.earlier: list[Meeting] = []
        self.lock = threading.RLock()
        self._clock = clock
        self._now = now
        self._undo: list[tuple[str, Meeting]] = []
        self._redo: list[tuple[str, Meeting]] = []
        self._listeners: list[Callable[[str], None]] = []
        self._opened = self._step_started = self._item_started = clock()
        steps = meeting.steps
        if meeting.current_step not in {step.key for step in steps}:
            meeting.current_step = steps[0].key
        if meeting.current_step not in meeting.visited_steps:
            meeting.visited_steps.append(meeting.current_step)

    # -- change notification and undo ------------------------------------------------------

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """``listener(label)`` is called after every change, on the thread that made it."""
        self._listeners.append(listener)

    def _changed(self, label: str) -> None:
        for listener in self._listeners:
            listener(label)

    @contextmanager
    def _edit(self, label: str, *, undoable: bool = True) -> Iterator[Meeting]:
        with self.lock:
            before = copy.deepcopy(self.meeting)
            try:
                yield self.meeting
                self.meeting.validate()
            except BaseException:
                self.meeting = before
                raise
            if undoable:
                self._undo.append((label, before))
                del self._undo[:-UNDO_LIMIT]
                self._redo.clear()
        self._changed(label)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str | None:
        """Put back the meeting as it was before the last edit; the edit's label, or None."""
        return self._swap(self._undo, self._redo)

    def redo(self) -> str | None:
        return self._swap(self._redo, self._undo)

    def _swap(self, source: list[tuple[str, Meeting]], target: list[tuple[str, Meeting]]) -> str | None:
        with self.lock:
            if not source:
                return None
            label, restored = source.pop()
            target.append((label, self.meeting))
            # Where the facilitator is (step, timers) is not an edit, nor is putting a tip away:
            # keep them across undo.
            restored.current_step = self.meeting.current_step
            restored.visited_steps = list(self.meeting.visited_steps)
            restored.dismissed = list(self.meeting.dismissed)
            self.meeting = restored
        self._changed(label)
        return label

    # -- steps and clocks --------------------------------------------------------------------

    @property
    def steps(self) -> list[StepSpec]:
        """The meeting's steps, as its template set them (fixed once the meeting has begun)."""
        return self.meeting.steps

    @property
    def step(self) -> StepSpec:
        return next(step for step in self.steps if step.key == self.meeting.current_step)

    def step_of_kind(self, kind: StepKind) -> StepSpec | None:
        return next((step for step in self.steps if step.kind is kind), None)

    def step_overrun(self) -> bool:
        box = self.step.time_box
        return box > 0 and self.step_elapsed() > box * 60

    def go_to(self, key: str) -> None:
        if key not in {step.key for step in self.steps}:
            raise ValueError(f"no step called {key!r}")
        with self._edit("move to a step", undoable=False) as meeting:
            meeting.current_step = key
            if key not in meeting.visited_steps:
                meeting.visited_steps.append(key)
        self._step_started = self._clock()

    def go_to_next_step(self, offset: int = 1) -> None:
        keys = [step.key for step in self.steps]
        index = keys.index(self.meeting.current_step)
        self.go_to(keys[(index + offset) % len(keys)])

    def today(self) -> dt.date:
        """The day relative dates ('+2w', 'fri') are counted from."""
        return self._now().date()

    def step_elapsed(self) -> float:
        return self._clock() - self._step_started

    def meeting_elapsed(self) -> float:
        """Seconds since the meeting's start time today, else since the session opened."""
        meeting = self.meeting
        now = self._now()
        if meeting.start and meeting.date == now.date():
            started = dt.datetime.combine(meeting.date, meeting.start)
            if now >= started:
                return (now - started).total_seconds()
        return self._clock() - self._opened

    def current_item(self) -> AgendaItem | None:
        return next((item for item in self.meeting.agenda if item.status is ItemStatus.CURRENT), None)

    def item_elapsed(self, item: AgendaItem) -> float:
        running = self._clock() - self._item_started if item.status is ItemStatus.CURRENT else 0
        return item.spent + running

    def item_overrun(self, item: AgendaItem) -> bool:
        return item.time_box > 0 and self.item_elapsed(item) > item.time_box * 60

    def _bank_item_time(self, meeting: Meeting) -> None:
        """Add the running time of the current item to its total, and restart the count."""
        now = self._clock()
        current = next((item for item in meeting.agenda if item.status is ItemStatus.CURRENT), None)
        if current is not None:
            current.spent += int(now - self._item_started)
        self._item_started = now

    # -- agenda ------------------------------------------------------------------------------

    def add_item(self, title: str, time_box: int = 10) -> AgendaItem:
        with self._edit("add agenda item") as meeting:
            item = AgendaItem(title, time_box=time_box)
            meeting.agenda.append(item)
        return item

    def update_item(self, item_id: str, **changes: Any) -> AgendaItem:
        with self._edit("edit agenda item") as meeting:
            item = _find(meeting.agenda, item_id)
            _apply(item, changes, {"title", "time_box", "notes", "status"})
        return item

    def move_item(self, item_id: str, offset: int) -> None:
        with self._edit("reorder agenda") as meeting:
            index = _index(meeting.agenda, item_id)
            target = max(0, min(len(meeting.agenda) - 1, index + offset))
            meeting.agenda.insert(target, meeting.agenda.pop(index))

    def remove_item(self, item_id: str) -> None:
        with self._edit("remove agenda item") as meeting:
            meeting.agenda.pop(_index(meeting.agenda, item_id))
            for note in meeting.notes:  # the notes stay, under 'General'
                if note.agenda_item == item_id:
                    note.agenda_item = None

    def start_item(self, item_id: str) -> AgendaItem:
        """Make this the item being discussed; the one before it counts as covered."""
        with self._edit("start agenda item") as meeting:
            self._bank_item_time(meeting)
            for item in meeting.agenda:
                if item.status is ItemStatus.CURRENT:
                    item.status = ItemStatus.DONE
            item = _find(meeting.agenda, item_id)
            item.status = ItemStatus.CURRENT
        return item

    def toggle_item_done(self, item_id: str) -> AgendaItem:
        with self._edit("mark agenda item") as meeting:
            item = _find(meeting.agenda, item_id)
            if item.status is ItemStatus.CURRENT:
                self._bank_item_time(meeting)
            item.status = ItemStatus.PENDING if item.status is ItemStatus.DONE else ItemStatus.DONE
        return item

    # -- what worked -------------------------------------------------------------------------

    def speakers(self) -> list[str]:
        """Who can be credited with a note: those present, in order."""
        return [attendee.name for attendee in self.meeting.present]

    def attendee_named(self, typed: str) -> str:
        """The attendee meant by what was typed: the same name in any case, or the one attendee
        whose name or surname starts with it ('paul', 'How'); else what was typed, as it was.

        A facilitator types the first few letters of an owner and moves on; an ambiguous or
        unknown name is kept as typed (an action may well be owned by someone not in the room).
        """
        wanted = " ".join(typed.split()).casefold()
        if not wanted:
            return typed.strip()
        names = [attendee.name for attendee in self.meeting.attendees]
        exact = [name for name in names if name.casefold() == wanted]
        if exact:
            return exact[0]
        starts = [
            name
            for name in names
            if name.casefold().startswith(wanted) or any(word.startswith(wanted) for word in name.casefold().split())
        ]
        return starts[0] if len(starts) == 1 else typed.strip()

    def next_speaker(self, current: str) -> str:
        """The next name in the cycle of present attendees, then nobody in particular ('')."""
        cycle = [*self.speakers(), ""]
        try:
            return cycle[(cycle.index(current) + 1) % len(cycle)]
        except ValueError:
            return cycle[0]

    def add_note(
        self,
        text: str,
        *,
        kind: NoteKind = NoteKind.WORKED,
        raised_by: str = "",
        step: str = "worked",
        tag: str = "",
    ) -> Note:
        """A note on ``step``, tied to the agenda item under discussion (if any)."""
        with self._edit("add note") as meeting:
            current = self.current_item()
            note = Note(
                text, kind=kind, raised_by=raised_by, agenda_item=current.id if current else None, step=step, tag=tag
            )
            meeting.add_note(note)
        return note

    def update_note(self, note_id: str, **changes: Any) -> Note:
        with self._edit("edit note") as meeting:
            note = _find(meeting.notes, note_id)
            _apply(note, changes, {"text", "kind", "raised_by", "agenda_item", "tag"})
        return note

    def notes_on(self, step: str) -> list[Note]:
        return [note for note in self.meeting.notes if note.step == step]

    def next_tag(self, step: str, current: str) -> str:
        """The step's next tag after ``current`` ('' when the step has none)."""
        spec = self.meeting.step_spec(step)
        tags = spec.tags if spec else []
        if not tags:
            return ""
        return tags[(tags.index(current) + 1) % len(tags)] if current in tags else tags[0]

    def cycle_note_tag(self, note_id: str) -> Note:
        note = _find(self.meeting.notes, note_id)
        return self.update_note(note_id, tag=self.next_tag(note.step, note.tag))

    def toggle_note_kind(self, note_id: str) -> Note:
        note = _find(self.meeting.notes, note_id)
        flipped = NoteKind.WORKED if note.kind is NoteKind.DID_NOT_WORK else NoteKind.DID_NOT_WORK
        return self.update_note(note_id, kind=flipped)

    def remove_note(self, note_id: str) -> None:
        with self._edit("remove note") as meeting:
            _index(meeting.notes, note_id)  # the same refusal as before for an unknown note
            meeting.remove_note(note_id)

    # -- conflicts ---------------------------------------------------------------------------

    def add_conflict(
        self,
        issue: str,
        parties: list[str] | None = None,
        style: ConflictStyle | str | None = None,
        state: ConflictState | str = ConflictState.OPEN,
        way_forward: str = "",
    ) -> Conflict:
        with self._edit("add conflict") as meeting:
            conflict = Conflict(issue, list(parties or []), style, state, way_forward)  # type: ignore[arg-type]
            meeting.conflicts.append(conflict)
        return conflict

    def update_conflict(self, conflict_id: str, **changes: Any) -> Conflict:
        with self._edit("edit conflict") as meeting:
            conflict = _find(meeting.conflicts, conflict_id)
            _apply(conflict, changes, {"issue", "parties", "style", "state", "way_forward"})
        return conflict

    def remove_conflict(self, conflict_id: str) -> None:
        with self._edit("remove conflict") as meeting:
            meeting.conflicts.pop(_index(meeting.conflicts, conflict_id))

    # -- actions -----------------------------------------------------------------------------

    def add_action(self, text: str, owner: str = "", due: dt.date | None = None) -> Action:
        with self._edit("add action") as meeting:
            action = Action(text, owner=owner, due=due, raised_in=meeting.id)
            meeting.actions.append(action)
        return action

    def update_action(self, action_id: str, **changes: Any) -> Action:
        with self._edit("edit action") as meeting:
            action = _find(meeting.actions, action_id)
            _apply(action, changes, {"text", "owner", "due", "status"})
        return action

    def cycle_action_status(self, action_id: str) -> Action:
        order = [ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED]
        action = _find(self.meeting.actions, action_id)
        return self.update_action(action_id, status=order[(order.index(action.status) + 1) % len(order)])

    def remove_action(self, action_id: str) -> None:
        with self._edit("remove action") as meeting:
            meeting.actions.pop(_index(meeting.actions, action_id))

    def action_flags(self, action: Action) -> list[str]:
        """What a facilitator should hear about an action: flagged, never refused."""
        flags = []
        if not action.owner:
            flags.append("no owner")
        if action.due is None:
            flags.append("no due date")
        elif action.is_open and action.due < self._now().date():
            flags.append("due date has passed")
        return flags

    # -- decisions -----------------------------------------------------------------------------

    def add_decision(self, text: str, why: str = "") -> Decision:
        """A decision, with every partner present taken to agree until someone says otherwise.

        Agreement is what a meeting usually records; the facilitator then marks the partner
        who agreed with a reservation, or disagreed (``cycle_position``).
        """
        with self._edit("add decision") as meeting:
            current = self.current_item()
            decision = Decision(
                text,
                why=why,
                positions=[Stance(partner) for partner in meeting.partners],
                agenda_item=current.id if current else None,
            )
            meeting.decisions.append(decision)
        return decision

    def update_decision(self, decision_id: str, **changes: Any) -> Decision:
        with self._edit("edit decision") as meeting:
            decision = _find(meeting.decisions, decision_id)
            _apply(decision, changes, {"text", "why"})
        return decision

    def cycle_position(self, decision_id: str, partner: str) -> Decision:
        """Agreed → agreed with reservation → disagreed → agreed, for one partner."""
        with self._edit("partner's position") as meeting:
            decision = _find(meeting.decisions, decision_id)
            stance = next((s for s in decision.positions if s.partner.casefold() == partner.casefold()), None)
            if stance is None:
                decision.positions.append(Stance(partner, POSITIONS[1]))
            else:
                stance.position = POSITIONS[(POSITIONS.index(stance.position) + 1) % len(POSITIONS)]
            decision.__post_init__()
        return decision

    def remove_decision(self, decision_id: str) -> None:
        with self._edit("remove decision") as meeting:
            meeting.decisions.pop(_index(meeting.decisions, decision_id))

    # -- matters arising and the last minutes ------------------------------------------------

    def decide_arising(
        self,
        action_id: str,
        outcome: Outcome | str,
        *,
        new_owner: str = "",
        new_due: dt.date | None = None,
        reason: str = "",
    ) -> ArisingAction:
        """Record what the meeting decided about an action from an earlier meeting.

        Dropping needs a reason; re-planning a new owner or date (the model refuses otherwise).
        """
        with self._edit("decide on an earlier action") as meeting:
            item = next((a for a in meeting.arising if a.action_id == action_id), None)
            if item is None:
                raise KeyError(f"no earlier action with id {action_id!r}")
            item.outcome = outcome  # type: ignore[assignment]  # checked by __post_init__
            item.new_owner = self.attendee_named(new_owner) if new_owner else ""
            item.new_due = new_due
            item.reason = reason
            item.__post_init__()
        return item

    def approve_previous_minutes(self, corrections: list[str] | None = None) -> PreviousMinutes:
        """Approve the last meeting's minutes, as they stand or with corrections (kept, not applied)."""
        with self._edit("approve the last minutes") as meeting:
            if meeting.previous_minutes is None:
                raise ValidationError("previous_minutes", "there are no earlier minutes to approve")
            kept = [text.strip() for text in corrections or [] if text.strip()]
            meeting.previous_minutes.corrections = kept
            meeting.previous_minutes.approval = Approval.CORRECTED if kept else Approval.APPROVED
        return meeting.previous_minutes

    def reopen_previous_minutes(self) -> None:
        """Take back an approval given by mistake: the minutes stay to be considered."""
        with self._edit("take back the approval") as meeting:
            if meeting.previous_minutes is not None:
                meeting.previous_minutes.approval = Approval.PENDING
                meeting.previous_minutes.corrections = []

    # -- close -------------------------------------------------------------------------------

    def set_health(self, **changes: Any) -> HealthCheck:
        with self._edit("health check") as meeting:
            _apply(meeting.health, changes, {*RATED, "comment"})
        return meeting.health

    def set_partner_health(self, partner: str, **changes: Any) -> PartnerHealth:
        """One partner's own rating, beside the joint one; a rating left empty everywhere is dropped."""
        with self._edit("partner's health rating") as meeting:
            rating = meeting.health.rating_of(partner)
            if rating is None:
                rating = PartnerHealth(partner)
                meeting.health.by_partner.append(rating)
            _apply(rating, changes, RATED)
            if rating.is_empty:
                meeting.health.by_partner.remove(rating)
        return rating

    def cycle_benefit(self, index: int) -> Achieved | None:
        """Not discussed → achieved → partly → not achieved → not discussed, for one benefit."""
        with self._edit("benefits checklist") as meeting:
            check = meeting.health.benefits[index]
            check.achieved = ACHIEVED_CYCLE[(ACHIEVED_CYCLE.index(check.achieved) + 1) % len(ACHIEVED_CYCLE)]
        return check.achieved

    # -- guidance ------------------------------------------------------------------------------

    def moment(self) -> Moment:
        """Where the facilitator is and what the clocks say, for the nudges."""
        current = self.current_item()
        elapsed = {current.id: self.item_elapsed(current)} if current else {}
        return Moment(step=self.step, step_elapsed=self.step_elapsed(), item_elapsed=elapsed)

    def nudges(self) -> list[Nudge]:
        """The facilitation tips that apply now, less those dismissed."""
        with self.lock:
            return guidance.nudges(self.meeting, self.moment())

    def dismiss(self, key: str) -> None:
        """Put a nudge away for the rest of the meeting (kept when the meeting is resumed)."""
        with self._edit("dismiss a tip", undoable=False) as meeting:
            if key not in meeting.dismissed:
                meeting.dismissed.append(key)

    def set_next_review(self, day: dt.date | None) -> dt.date | None:
        with self._edit("next review date") as meeting:
            meeting.next_review = day
        return day

    def update_details(self, **changes: Any) -> None:
        """Partnership, date, venue, purpose, times: the set-up details."""
        with self._edit("edit meeting details") as meeting:
            _apply(meeting, changes, {"partnership", "date", "start", "end", "venue", "purpose", "template"})

    def set_attendees(self, attendees: list[Attendee]) -> None:
        with self._edit("edit attendees") as meeting:
            meeting.attendees = list(attendees)

    def finish(self) -> None:
        """Close the meeting: the current item is covered, the end time noted."""
        with self._edit("finish the meeting") as meeting:
            self._bank_item_time(meeting)
            for item in meeting.agenda:
                if item.status is ItemStatus.CURRENT:
                    item.status = ItemStatus.DONE
            if meeting.end is None:
                end = self._now().time().replace(second=0, microsecond=0)
                if meeting.start is None or end >= meeting.start:
                    meeting.end = end
            meeting.status = MeetingStatus.CLOSED
            close = self.step_of_kind(StepKind.CLOSE)
            if close is not None:
                meeting.current_step = close.key
                if close.key not in meeting.visited_steps:
                    meeting.visited_steps.append(close.key)

    def reopen(self) -> None:
        with self._edit("reopen the meeting") as meeting:
            meeting.status = MeetingStatus.IN_PROGRESS

    # -- for the autosaver -------------------------------------------------------------------

    def snapshot(self) -> Meeting:
        """A private copy to save, with the running item timer banked into it."""
        with self.lock:
            copied = copy.deepcopy(self.meeting)
            current = next((item for item in copied.agenda if item.status is ItemStatus.CURRENT), None)
            if current is not None:
                current.spent += int(self._clock() - self._item_started)
            return copied

    def saved(self, revision: int) -> None:
        """The store saved a snapshot as ``revision``: keep ours in step so the next save follows it."""
        with self.lock:
            self.meeting.revision = max(self.meeting.revision, revision)
            for _, kept in (*self._undo, *self._redo):
                kept.revision = self.meeting.revision


def _find(items: list[Any], item_id: str) -> Any:
    return items[_index(items, item_id)]


def _index(items: list[Any], item_id: str) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise KeyError(f"nothing with id {item_id!r}")


def _apply(target: Any, changes: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(", ".join(sorted(unknown)), "cannot be changed here")
    for name, value in changes.items():
        setattr(target, name, value)
    post_init = getattr(target, "__post_init__", None)
    if post_init is not None:
        post_init()
