"""Facilitation nudges: gentle prompts shown during a live meeting, each with its reason.

A nudge suggests something the facilitator might do or notice (an action with nobody to do
it, a conflict still open at the close, one partner doing most of the talking) and says why
it matters in partnership working. The facilitator can dismiss it; its ``key`` is then kept
in ``Meeting.dismissed`` and that nudge does not come back. Keys are "<rule>:<subject>", so
dismissing one action's nudge leaves another action's alone.

One tip is shown per rule, however many cases it has (``tips()``): one undated action or ten
are one tip, "3 actions have no due date", and the facilitator puts a whole rule away at once
(its rule id, the part of the key before ":", kept in ``Meeting.dismissed``). A case dismissed
on its own, as meetings stored before stayed, stays away too.

All the logic is here; the screen only shows what ``tips()`` returns, cleaning the text as
it shows every piece of user text. Each rule is a small function of the meeting and the
``Moment`` (which step the facilitator is on and how long things have run), with the
threshold it uses named at the top of the module.

A rule whose step is missing from the meeting's template stays silent when that step is
where acting on it happens: with no conflicts step there is nowhere to agree a way forward,
with no actions step nowhere to give an action an owner, with no agenda step nowhere to
review matters arising or move on to the next item. A meeting whose ``steps`` is empty is a
partnership review (``model.steps_of``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from facilitator.model import (
    Action,
    ActionStatus,
    Approval,
    ConflictState,
    ItemStatus,
    Meeting,
    Outcome,
    StepKind,
    StepSpec,
    steps_of,
)

# --- thresholds -------------------------------------------------------------------------

HANDFUL = 6  # more new actions than this in one meeting is a lot to follow through
BALANCE_MIN_NOTES = 6  # fewer attributed notes than this say nothing about balance
BALANCE_MIN_PARTNERS = 2  # with one partner present, balance is not a question
BALANCE_SHARE = 0.8  # one partner raising this share of the notes or more is one-sided
OVERRUN_MIN_SECONDS = 5 * 60  # an overrun is "well over" once it is at least this long...
OVERRUN_SHARE = 0.25  # ...and at least this share of the time box
QUOTE_LIMIT = 40  # characters of user text quoted in a message, the ellipsis included


@dataclass(frozen=True)
class Nudge:
    key: str  # stable id used to dismiss it: "<rule>:<subject>"
    message: str  # one line: what the facilitator might do or notice
    reason: str  # why this matters in partnership working
    step: str | None = None  # key of the step where acting on it helps, if any


@dataclass(frozen=True)
class Moment:
    """What the rules need beyond the meeting: where the facilitator is and the clocks."""

    step: StepSpec | None  # the step the facilitator is on
    step_elapsed: float = 0.0  # seconds on that step since it was opened
    item_elapsed: Mapping[str, float] = field(default_factory=dict)  # agenda item id -> seconds, running included


Rule = Callable[[Meeting, Moment], list[Nudge]]


# --- helpers ----------------------------------------------------------------------------


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when it was cut.

    Cut between words, never inside one, unless a single word fills more than half the room.
    """
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in kept[limit // 2 :]:
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ,;:—-") + "…"


def quote(text: str) -> str:
    """User text as a message quotes it: shortened, in curly quotes. Not cleaned: the screen does that."""
    return f"‘{shorten(text)}’"


def step_key(meeting: Meeting, kind: StepKind) -> str | None:
    """The key of the meeting's step of ``kind``, or None when its template has none."""
    return next((step.key for step in steps_of(meeting) if step.kind is kind), None)


def _on(moment: Moment, kind: StepKind) -> bool:
    return moment.step is not None and moment.step.kind is kind


def _minutes(seconds: float) -> str:
    count = int(seconds // 60)
    return "1 minute" if count == 1 else f"{count} minutes"


def _well_over(elapsed: float, time_box: int) -> float | None:
    """Seconds over a time box (minutes) when that is well over it, else None."""
    if time_box <= 0:
        return None
    box = time_box * 60
    over = elapsed - box
    return over if over >= max(OVERRUN_MIN_SECONDS, OVERRUN_SHARE * box) else None


def _live_actions(meeting: Meeting) -> list[Action]:
    """Actions agreed in this meeting that still stand: one dropped on the spot is not a commitment."""
    return [action for action in meeting.actions if action.status is not ActionStatus.DROPPED]


# --- the rules --------------------------------------------------------------------------


def action_incomplete(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires once for each open action with no owner, no due date, or neither.

    Silent when the template has no actions step, where the owner and date would be added.
    """
    step = step_key(meeting, StepKind.ACTIONS)
    if step is None:
        return []
    found = []
    for action in meeting.actions:
        if not action.is_open:
            continue
        missing = [
            name
            for name, absent in (("owner", not action.owner), ("due date", action.due is None and not action.due_text))
            if absent
        ]
        if not missing:
            continue
        found.append(
            Nudge(
                f"action-incomplete:{action.id}",
                f"The action {quote(action.text)} has no {' or '.join(missing)}",
                "An action with no named owner tends to belong to nobody, and one with no date drifts; "
                "both make it hard for partners to see that what was agreed gets done.",
                step,
            )
        )
    return found


def too_many_actions(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires when more than HANDFUL actions have been agreed in this meeting (dropped ones not counted).

    Silent when the template has no actions step.
    """
    step = step_key(meeting, StepKind.ACTIONS)
    count = len(_live_actions(meeting))
    if step is None or count <= HANDFUL:
        return []
    return [
        Nudge(
            "many-actions",
            f"{count} actions agreed so far: could some wait, or be combined?",
            "Partners give their time on top of their own organisation's work; a few actions that get "
            "done build more trust than a long list that is carried from meeting to meeting.",
            step,
        )
    ]


def conflict_open_at_close(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires on the close step, once for each conflict still open (no way forward agreed, not closed).

    Silent when the template has no conflicts step, where a way forward would be recorded.
    """
    step = step_key(meeting, StepKind.CONFLICTS)
    if step is None or not _on(moment, StepKind.CLOSE):
        return []
    return [
        Nudge(
            f"open-conflict:{conflict.id}",
            f"The conflict {quote(conflict.issue)} is still open",
            "A disagreement left open at the end can harden into a turf war; agreeing even a first step, "
            "or when it will be taken up again, keeps trust between partners.",
            step,
        )
        for conflict in meeting.conflicts
        if conflict.state is ConflictState.OPEN
    ]


def arising_not_reviewed(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires once the facilitator is on any step other than the agenda, while matters arising wait.

    One nudge when actions from earlier meetings have no outcome yet (``arising-pending``), and
    one when the last meeting's minutes are not yet approved (``minutes-unapproved``). Silent
    when there is nothing arising, when the facilitator is on no step, and when the template
    has no agenda step, where matters arising are handled.
    """
    step = step_key(meeting, StepKind.AGENDA)
    if step is None or moment.step is None or moment.step.kind is StepKind.AGENDA:
        return []
    found = []
    pending = sum(1 for item in meeting.arising if item.outcome is Outcome.PENDING)
    if pending:
        counted = "1 action from last time is" if pending == 1 else f"{pending} actions from last time are"
        found.append(
            Nudge(
                "arising-pending",
                f"{counted} not yet reviewed",
                "Going through what each partner said they would do shows that commitments are kept, "
                "and lets stalled work be re-planned or dropped openly rather than forgotten.",
                step,
            )
        )
    minutes = meeting.previous_minutes
    if minutes is not None and minutes.approval is Approval.PENDING:
        found.append(
            Nudge(
                "minutes-unapproved",
                "The minutes of the last meeting are not yet approved",
                "Agreeing the record together means every partner accepts what was decided, "
                "and any correction is made while people still remember.",
                step,
            )
        )
    return found


def no_next_review(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires on the close step while no date is set for the next review."""
    if not _on(moment, StepKind.CLOSE):
        return []
    if meeting.next_review is not None or meeting.next_review_text:
        return []
    return [
        Nudge(
            "no-next-review",
            "No date is set for the next review",
            "Fixing the next meeting while everyone is in the room keeps the partnership's rhythm "
            "and gives the actions agreed today a point to report back to.",
            moment.step.key if moment.step else None,
        )
    ]


def one_sided_contributions(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires when one partner raised at least BALANCE_SHARE of the notes with a name on them.

    A note counts for the raiser's organisation, or for the raiser when they have none. Needs
    at least BALANCE_MIN_NOTES such notes and at least BALANCE_MIN_PARTNERS partners present.
    """
    if len(meeting.partners) < BALANCE_MIN_PARTNERS:
        return []
    counts: dict[str, int] = {}
    names: dict[str, str] = {partner.casefold(): partner for partner in meeting.partners}
    for note in meeting.notes:
        if not note.raised_by:
            continue
        partner = meeting.organisation_of(note.raised_by) or note.raised_by
        key = partner.casefold()
        names.setdefault(key, partner)
        counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values())
    if total < BALANCE_MIN_NOTES:
        return []
    key, most = max(counts.items(), key=lambda pair: pair[1])
    if most / total < BALANCE_SHARE:
        return []
    return [
        Nudge(
            f"balance:{key}",
            f"{names[key]} raised {most} of the {total} notes so far",
            "A partnership works when each partner's view is heard; inviting the others in, by name, "
            "helps the review reflect everyone's experience and not one organisation's.",
        )
    ]


def time_box_overrun(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires when the current agenda item is well over its time box.

    Well over: by at least OVERRUN_MIN_SECONDS and at least OVERRUN_SHARE of the box. Items
    without a time box never fire. Silent when the template has no agenda step, where the
    facilitator would move on to the next item.
    """
    step = step_key(meeting, StepKind.AGENDA)
    if step is None:
        return []
    found = []
    for item in meeting.agenda:
        if item.status is not ItemStatus.CURRENT:
            continue
        over = _well_over(moment.item_elapsed.get(item.id, item.spent), item.time_box)
        if over is None:
            continue
        found.append(
            Nudge(
                f"overrun:{item.id}",
                f"{quote(item.title)} has run {_minutes(over)} over its {item.time_box}-minute time box",
                "Keeping to time respects the time partners give; agree together whether to carry on, "
                "park the rest, or give it time at the next review.",
                step,
            )
        )
    return found


def step_overrun(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires when the step the facilitator is on is well over its own time box (as for agenda items)."""
    current = moment.step
    if current is None:
        return []
    over = _well_over(moment.step_elapsed, current.time_box)
    if over is None:
        return []
    return [
        Nudge(
            f"step-overrun:{current.key}",
            f"{quote(current.title)} has run {_minutes(over)} over its {current.time_box} minutes",
            "Time spent here comes out of the steps still to come, such as agreeing actions and "
            "the next review; check with partners whether to move on.",
            current.key,
        )
    ]


def no_action_at_close(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Fires on the close step when no action has been agreed ("all talk, no action").

    Dropped actions do not count. Silent when the template has no actions step.
    """
    step = step_key(meeting, StepKind.ACTIONS)
    if step is None or not _on(moment, StepKind.CLOSE) or _live_actions(meeting):
        return []
    return [
        Nudge(
            "no-actions",
            "No actions have been agreed in this meeting",
            "A review that ends without anyone agreeing to do something risks being all talk; "
            "even one small step with an owner keeps the partnership moving.",
            step,
        )
    ]


RULES: tuple[Rule, ...] = (
    action_incomplete,
    too_many_actions,
    conflict_open_at_close,
    arising_not_reviewed,
    no_next_review,
    one_sided_contributions,
    time_box_overrun,
    step_overrun,
    no_action_at_close,
)


def nudges(meeting: Meeting, moment: Moment) -> list[Nudge]:
    """Every rule's nudges, in RULES order, without those the facilitator has dismissed."""
    dismissed = set(meeting.dismissed)
    return [nudge for rule in RULES for nudge in rule(meeting, moment) if nudge.key not in dismissed]


# --- one tip per rule -----------------------------------------------------------------------


@dataclass(frozen=True)
class Tip:
    """What the screen shows for one rule: its cases counted in one message."""

    key: str  # the rule's id ("action-incomplete"): what dismissing the tip keeps in Meeting.dismissed
    message: str  # one line: the one case's message, or the cases counted
    reason: str
    step: str | None = None  # where acting on it helps (the first case's)
    count: int = 1  # how many cases the rule found


def rule_of(key: str) -> str:
    """The rule id of a nudge's key: "action-incomplete:a1b2" -> "action-incomplete"."""
    return key.split(":", 1)[0]


def _counted(count: int, noun: str) -> str:
    return f"1 {noun}" if count == 1 else f"{count} {noun}s"


def _has(count: int) -> str:
    return "has" if count == 1 else "have"


def _incomplete_actions(meeting: Meeting, cases: list[Nudge]) -> str:
    ids = {case.key.split(":", 1)[1] for case in cases}
    actions = [action for action in meeting.actions if action.id in ids]
    undated = sum(1 for action in actions if action.due is None and not action.due_text)
    unowned = sum(1 for action in actions if not action.owner)
    said = []
    if undated:
        said.append(f"{_counted(undated, 'action')} {_has(undated)} no due date")
    if unowned:
        said.append(f"{_counted(unowned, 'action')} {_has(unowned)} no owner")
    return "; ".join(said)


def _open_conflicts(meeting: Meeting, cases: list[Nudge]) -> str:
    return f"{len(cases)} conflicts are still open"


# How a rule with several cases counts them in one line; a rule not here names its first case.
COUNTED: dict[str, Callable[[Meeting, list[Nudge]], str]] = {
    "action-incomplete": _incomplete_actions,
    "open-conflict": _open_conflicts,
}


def tips(meeting: Meeting, moment: Moment) -> list[Tip]:
    """One tip per rule that has cases now, in RULES order, without the rules put away."""
    dismissed = set(meeting.dismissed)
    grouped: dict[str, list[Nudge]] = {}
    for nudge in nudges(meeting, moment):
        rule = rule_of(nudge.key)
        if rule not in dismissed:
            grouped.setdefault(rule, []).append(nudge)
    return [_tip(meeting, rule, cases) for rule, cases in grouped.items()]


def _tip(meeting: Meeting, rule: str, cases: list[Nudge]) -> Tip:
    first = cases[0]
    if len(cases) == 1:
        message = first.message
    elif rule in COUNTED:
        message = COUNTED[rule](meeting, cases)
    else:
        message = f"{first.message} (and {len(cases) - 1} more like it)"
    return Tip(rule, message or first.message, first.reason, first.step, len(cases))
