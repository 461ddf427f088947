"""Facilitation nudges: each rule fires when it should, stays quiet when it should not.

Meetings are built directly from the model; the ``Moment`` (which step the facilitator is
on, how long things have run) is made by hand, so no clock is involved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from facilitator.checks import ValidationError
from facilitator.guidance import (
    BALANCE_MIN_NOTES,
    BALANCE_SHARE,
    HANDFUL,
    OVERRUN_MIN_SECONDS,
    QUOTE_LIMIT,
    RULES,
    Moment,
    Nudge,
    action_incomplete,
    arising_not_reviewed,
    conflict_open_at_close,
    no_action_at_close,
    no_next_review,
    nudges,
    one_sided_contributions,
    quote,
    shorten,
    step_key,
    step_overrun,
    time_box_overrun,
    too_many_actions,
)
from facilitator.model import (
    Action,
    ActionStatus,
    AgendaItem,
    Approval,
    ArisingAction,
    Attendee,
    Conflict,
    ConflictState,
    ItemStatus,
    Meeting,
    Note,
    Outcome,
    PreviousMinutes,
    StepKind,
    StepSpec,
    steps_of,
)

DAY = dt.date(2026, 11, 16)
DUE = dt.date(2026, 12, 1)

# A template with only a notes step and a close: no agenda, conflicts or actions step.
NOTES_ONLY = [StepSpec("talk", StepKind.NOTES, "Talk"), StepSpec("end", StepKind.CLOSE, "End")]


def people() -> list[Attendee]:
    return [
        Attendee("Denise Godfrey", "Youth Service", chair=True),
        Attendee("Paul Howard", "Youth Offending Team"),
        Attendee("Amrit Singh", "Youth Service"),
        Attendee("Sam Lee"),  # a partner in their own right
    ]


def meeting(**parts: Any) -> Meeting:
    parts.setdefault("attendees", people())
    return Meeting("Youth Resource Centre & Youth Offending Team", DAY, **parts)


def at(m: Meeting, kind: StepKind | None, step_elapsed: float = 0.0, **item_elapsed: float) -> Moment:
    """The facilitator on the meeting's step of ``kind`` (None: on no step)."""
    step = None if kind is None else next(s for s in steps_of(m) if s.kind is kind)
    return Moment(step, step_elapsed, item_elapsed)


def actions(count: int, **fields: Any) -> list[Action]:
    fields.setdefault("owner", "Paul Howard")
    fields.setdefault("due", DUE)
    return [Action(f"Action {n}", **fields) for n in range(count)]


def notes(by: str, count: int) -> list[Note]:
    return [Note(f"{by} said {n}", raised_by=by) for n in range(count)]


def keys(found: list[Nudge]) -> list[str]:
    return [nudge.key for nudge in found]


# --- helpers ----------------------------------------------------------------------------


def test_short_text_is_quoted_as_it_is() -> None:
    assert quote("Book the hall") == "‘Book the hall’"
    assert shorten("x" * QUOTE_LIMIT) == "x" * QUOTE_LIMIT


def test_long_text_is_shortened_to_forty_characters_with_an_ellipsis() -> None:
    long = "Write to every school in the district about the holiday scheme"
    short = shorten(long)
    assert len(short) <= QUOTE_LIMIT and short.endswith("…")
    assert long.startswith(short[:-1])
    assert shorten("y" * (QUOTE_LIMIT + 1)) == "y" * (QUOTE_LIMIT - 1) + "…"


def test_long_user_text_is_shortened_in_messages() -> None:
    long = "Write to every school in the district about the holiday scheme and the bike project"
    m = meeting(actions=[Action(long)])
    (nudge,) = action_incomplete(m, at(m, StepKind.AGENDA))
    assert quote(long) in nudge.message and long not in nudge.message
    assert len(quote(long)) <= QUOTE_LIMIT + 2


def test_a_meeting_without_steps_is_a_partnership_review() -> None:
    m = meeting()
    assert [(s.key, s.kind) for s in steps_of(m)] == [
        ("agenda", StepKind.AGENDA),
        ("worked", StepKind.WORKED),
        ("conflicts", StepKind.CONFLICTS),
        ("decisions", StepKind.DECISIONS),
        ("actions", StepKind.ACTIONS),
        ("close", StepKind.CLOSE),
    ]
    assert step_key(meeting(steps=NOTES_ONLY), StepKind.CLOSE) == "end"
    assert step_key(meeting(steps=NOTES_ONLY), StepKind.ACTIONS) is None


# --- 1. incomplete actions ----------------------------------------------------------------


def test_an_open_action_without_owner_or_date_is_flagged_with_what_is_missing() -> None:
    no_owner = Action("Book the hall", due=DUE)
    no_date = Action("Send the poster", owner="Paul Howard")
    neither = Action("Ask the school")
    m = meeting(actions=[no_owner, no_date, neither, *actions(1)])
    found = action_incomplete(m, at(m, StepKind.WORKED))
    assert keys(found) == [f"action-incomplete:{a.id}" for a in (no_owner, no_date, neither)]
    assert [n.message for n in found] == [
        "The action ‘Book the hall’ has no owner",
        "The action ‘Send the poster’ has no due date",
        "The action ‘Ask the school’ has no owner or due date",
    ]
    assert {n.step for n in found} == {"actions"}


def test_complete_done_and_dropped_actions_are_not_flagged() -> None:
    m = meeting(
        actions=[
            *actions(2),
            Action("Done already", status=ActionStatus.DONE),
            Action("No longer needed", status=ActionStatus.DROPPED, reason="funding ended"),
        ]
    )
    assert action_incomplete(m, at(m, StepKind.ACTIONS)) == []


def test_incomplete_actions_are_not_flagged_without_an_actions_step() -> None:
    # Without an actions step a meeting holds no actions (each step keeps what it captured).
    with pytest.raises(ValidationError, match="no step of kind 'actions'"):
        meeting(steps=NOTES_ONLY, actions=[Action("Ask the school")])
    m = meeting(steps=NOTES_ONLY)
    assert action_incomplete(m, at(m, StepKind.NOTES)) == []


# --- 2. too many actions ------------------------------------------------------------------


def test_a_handful_of_actions_is_fine() -> None:
    m = meeting(actions=actions(HANDFUL))
    assert HANDFUL == 6
    assert too_many_actions(m, at(m, StepKind.ACTIONS)) == []


def test_more_than_a_handful_of_actions_nudges() -> None:
    m = meeting(actions=actions(HANDFUL + 1))
    (nudge,) = too_many_actions(m, at(m, StepKind.ACTIONS))
    assert nudge.key == "many-actions" and nudge.step == "actions"
    assert nudge.message.startswith("7 actions agreed")


def test_dropped_actions_do_not_count_towards_too_many() -> None:
    dropped = Action("Not now", status=ActionStatus.DROPPED, reason="later")
    m = meeting(actions=[*actions(HANDFUL), dropped])
    assert too_many_actions(m, at(m, StepKind.ACTIONS)) == []


# --- 3. conflicts open at the close -------------------------------------------------------


def test_an_open_conflict_nudges_on_the_close_step() -> None:
    rooms = Conflict("Who pays for the room", parties=["Youth Service", "Youth Offending Team"])
    agreed = Conflict("Opening hours", state=ConflictState.WAY_FORWARD_AGREED, way_forward="Try Saturdays")
    closed = Conflict("Van keys", state=ConflictState.CLOSED)
    m = meeting(conflicts=[rooms, agreed, closed])
    (nudge,) = conflict_open_at_close(m, at(m, StepKind.CLOSE))
    assert nudge.key == f"open-conflict:{rooms.id}" and nudge.step == "conflicts"
    assert "‘Who pays for the room’" in nudge.message


@pytest.mark.parametrize("kind", [StepKind.AGENDA, StepKind.CONFLICTS, StepKind.ACTIONS, None])
def test_an_open_conflict_is_left_alone_before_the_close(kind: StepKind | None) -> None:
    m = meeting(conflicts=[Conflict("Who pays for the room")])
    assert conflict_open_at_close(m, at(m, kind)) == []


def test_no_conflict_nudge_without_a_conflicts_step() -> None:
    with pytest.raises(ValidationError, match="no step of kind 'conflicts'"):
        meeting(steps=NOTES_ONLY, conflicts=[Conflict("Who pays for the room")])
    m = meeting(steps=NOTES_ONLY)
    assert conflict_open_at_close(m, at(m, StepKind.CLOSE)) == []


# --- 4. matters arising not reviewed ------------------------------------------------------


def arising(outcome: Outcome = Outcome.PENDING) -> ArisingAction:
    return ArisingAction("a1", "m0", "Find a venue", outcome=outcome)


def test_unreviewed_matters_arising_nudge_once_past_the_agenda() -> None:
    m = meeting(
        arising=[arising(), arising(), arising(Outcome.DONE)],
        previous_minutes=PreviousMinutes("m0", DAY - dt.timedelta(weeks=6)),
    )
    found = arising_not_reviewed(m, at(m, StepKind.WORKED))
    assert keys(found) == ["arising-pending", "minutes-unapproved"]
    assert found[0].message == "2 actions from last time are not yet reviewed"
    assert {n.step for n in found} == {"agenda"}


def test_one_unreviewed_action_reads_in_the_singular() -> None:
    m = meeting(arising=[arising()])
    (nudge,) = arising_not_reviewed(m, at(m, StepKind.CLOSE))
    assert nudge.message == "1 action from last time is not yet reviewed"


def test_unapproved_minutes_nudge_on_their_own() -> None:
    m = meeting(previous_minutes=PreviousMinutes("m0"))
    assert keys(arising_not_reviewed(m, at(m, StepKind.ACTIONS))) == ["minutes-unapproved"]


@pytest.mark.parametrize("kind", [StepKind.AGENDA, None])
def test_matters_arising_are_left_alone_on_the_agenda(kind: StepKind | None) -> None:
    m = meeting(arising=[arising()], previous_minutes=PreviousMinutes("m0"))
    assert arising_not_reviewed(m, at(m, kind)) == []


def test_reviewed_matters_arising_and_approved_minutes_are_quiet() -> None:
    m = meeting(
        arising=[arising(Outcome.DONE), arising(Outcome.CARRIED)],
        previous_minutes=PreviousMinutes("m0", approval=Approval.APPROVED),
    )
    assert arising_not_reviewed(m, at(m, StepKind.CLOSE)) == []
    assert arising_not_reviewed(meeting(), at(meeting(), StepKind.CLOSE)) == []


def test_no_arising_nudge_without_an_agenda_step() -> None:
    m = meeting(steps=NOTES_ONLY, arising=[arising()], previous_minutes=PreviousMinutes("m0"))
    assert arising_not_reviewed(m, at(m, StepKind.CLOSE)) == []


# --- 5. no next review --------------------------------------------------------------------


def test_no_next_review_nudges_on_the_close_step() -> None:
    m = meeting()
    (nudge,) = no_next_review(m, at(m, StepKind.CLOSE))
    assert nudge.key == "no-next-review" and nudge.step == "close"


def test_no_next_review_is_quiet_when_a_date_is_set_or_before_the_close() -> None:
    m = meeting(next_review=DAY + dt.timedelta(weeks=8))
    assert no_next_review(m, at(m, StepKind.CLOSE)) == []
    assert no_next_review(meeting(), at(meeting(), StepKind.ACTIONS)) == []


# --- 6. one-sided contributions -----------------------------------------------------------


def test_one_partner_raising_every_note_nudges_from_six_notes() -> None:
    m = meeting(notes=notes("Denise Godfrey", 3) + notes("Amrit Singh", BALANCE_MIN_NOTES - 3))
    (nudge,) = one_sided_contributions(m, at(m, StepKind.WORKED))
    assert nudge.key == "balance:youth service" and nudge.step is None
    assert nudge.message == "Youth Service raised 6 of the 6 notes so far"


def test_five_notes_are_too_few_to_judge_balance() -> None:
    m = meeting(notes=notes("Denise Godfrey", BALANCE_MIN_NOTES - 1))
    assert one_sided_contributions(m, at(m, StepKind.WORKED)) == []


def test_eighty_percent_is_one_sided_and_seventy_nine_is_not() -> None:
    assert BALANCE_SHARE == 0.8
    at_share = meeting(notes=notes("Paul Howard", 80) + notes("Denise Godfrey", 20))
    (nudge,) = one_sided_contributions(at_share, at(at_share, StepKind.WORKED))
    assert nudge.message == "Youth Offending Team raised 80 of the 100 notes so far"
    under = meeting(notes=notes("Paul Howard", 79) + notes("Denise Godfrey", 21))
    assert one_sided_contributions(under, at(under, StepKind.WORKED)) == []
    small = meeting(notes=notes("Paul Howard", 8) + notes("Sam Lee", 2))  # 8 of 10
    assert keys(one_sided_contributions(small, at(small, StepKind.WORKED))) == ["balance:youth offending team"]


def test_a_person_without_an_organisation_is_a_partner_by_name() -> None:
    m = meeting(notes=notes("Sam Lee", 5) + notes("Paul Howard", 1))
    (nudge,) = one_sided_contributions(m, at(m, StepKind.WORKED))
    assert nudge.key == "balance:sam lee" and nudge.message.startswith("Sam Lee raised 5 of the 6")


def test_notes_with_nobody_named_do_not_count() -> None:
    unnamed = [Note(f"Said {n}") for n in range(10)]
    m = meeting(notes=[*unnamed, *notes("Paul Howard", 5)])
    assert one_sided_contributions(m, at(m, StepKind.WORKED)) == []


def test_balance_is_not_a_question_with_one_partner_present() -> None:
    m = meeting(
        attendees=[Attendee("Denise Godfrey", "Youth Service"), Attendee("Amrit Singh", "Youth Service")],
        notes=notes("Denise Godfrey", 10),
    )
    assert m.partners == ["Youth Service"]
    assert one_sided_contributions(m, at(m, StepKind.WORKED)) == []


# --- 7. time boxes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("box", "threshold"),
    [(10, OVERRUN_MIN_SECONDS), (20, OVERRUN_MIN_SECONDS), (40, 600)],  # 5 minutes, or a quarter of 40
)
def test_the_current_item_nudges_once_well_over_its_time_box(box: int, threshold: int) -> None:
    item = AgendaItem("Poster project", time_box=box, status=ItemStatus.CURRENT)
    m = meeting(agenda=[item])
    just_under = at(m, StepKind.WORKED, **{item.id: box * 60 + threshold - 1})
    assert time_box_overrun(m, just_under) == []
    (nudge,) = time_box_overrun(m, at(m, StepKind.WORKED, **{item.id: box * 60 + threshold}))
    assert nudge.key == f"overrun:{item.id}" and nudge.step == "agenda"
    assert nudge.message == f"‘Poster project’ has run {threshold // 60} minutes over its {box}-minute time box"


def test_an_item_falls_back_to_its_banked_time() -> None:
    item = AgendaItem("Bike project", time_box=10, status=ItemStatus.CURRENT, spent=15 * 60)
    m = meeting(agenda=[item])
    assert keys(time_box_overrun(m, at(m, StepKind.AGENDA))) == [f"overrun:{item.id}"]


def test_items_not_running_or_without_a_time_box_do_not_nudge() -> None:
    done = AgendaItem("Poster project", time_box=10, status=ItemStatus.DONE, spent=60 * 60)
    open_ended = AgendaItem("Any other business", time_box=0, status=ItemStatus.CURRENT, spent=60 * 60)
    m = meeting(agenda=[done, open_ended])
    assert time_box_overrun(m, at(m, StepKind.AGENDA, **{done.id: 3600})) == []


def test_a_step_nudges_once_well_over_its_own_time_box() -> None:
    worked = StepSpec("worked", StepKind.WORKED, "What worked", time_box=20)
    assert step_overrun(meeting(), Moment(worked, step_elapsed=25 * 60 - 1)) == []
    (nudge,) = step_overrun(meeting(), Moment(worked, step_elapsed=25 * 60))
    assert nudge.key == "step-overrun:worked" and nudge.step == "worked"
    assert nudge.message == "‘What worked’ has run 5 minutes over its 20 minutes"


def test_a_step_without_a_time_box_never_overruns() -> None:
    assert step_overrun(meeting(), Moment(StepSpec("worked", StepKind.WORKED, "What worked"), 10 * 3600)) == []
    assert step_overrun(meeting(), Moment(None, 10 * 3600)) == []


# --- 8. no action at the close ------------------------------------------------------------


def test_a_close_with_no_action_agreed_nudges() -> None:
    m = meeting(actions=[Action("Not now", status=ActionStatus.DROPPED, reason="no money")])
    (nudge,) = no_action_at_close(m, at(m, StepKind.CLOSE))
    assert nudge.key == "no-actions" and nudge.step == "actions"


def test_no_action_nudge_is_quiet_with_an_action_or_before_the_close() -> None:
    with_one = meeting(actions=actions(1))
    assert no_action_at_close(with_one, at(with_one, StepKind.CLOSE)) == []
    assert no_action_at_close(meeting(), at(meeting(), StepKind.ACTIONS)) == []


def test_a_template_without_an_actions_step_never_asks_for_actions() -> None:
    m = meeting(steps=NOTES_ONLY)
    assert no_action_at_close(m, at(m, StepKind.CLOSE)) == []


# --- all the rules together ---------------------------------------------------------------


def busy() -> Meeting:
    """A meeting at its close with something for every rule."""
    return meeting(
        agenda=[AgendaItem("Poster project", time_box=10, status=ItemStatus.CURRENT, spent=30 * 60)],
        notes=notes("Paul Howard", 9) + notes("Denise Godfrey", 1),
        conflicts=[Conflict("Who pays for the room"), Conflict("Opening hours")],
        actions=[Action("Ask the school"), Action("Book the hall", owner="Sam Lee"), *actions(6)],
        arising=[arising()],
        previous_minutes=PreviousMinutes("m0"),
    )


def test_every_nudge_has_a_reason_and_its_own_key() -> None:
    m = busy()
    close = StepSpec("close", StepKind.CLOSE, "Close", time_box=10)
    found = nudges(m, Moment(close, step_elapsed=20 * 60))
    rules = {nudge.key.split(":")[0] for nudge in found}
    assert rules == {
        "action-incomplete",
        "many-actions",
        "open-conflict",
        "arising-pending",
        "minutes-unapproved",
        "no-next-review",
        "balance",
        "overrun",
        "step-overrun",
    }
    assert len(keys(found)) == len(set(keys(found)))
    for nudge in found:
        assert nudge.reason.strip() and nudge.message.strip()
        assert "\n" not in nudge.message and "!" not in nudge.message + nudge.reason
    assert "Youth Offending Team raised 9 of the 10 notes so far" in [n.message for n in found]


def test_nudges_come_in_rule_order() -> None:
    m = busy()
    moment = at(m, StepKind.CLOSE)
    assert nudges(m, moment) == [nudge for rule in RULES for nudge in rule(m, moment)]


def test_dismissed_nudges_are_left_out() -> None:
    m = busy()
    moment = at(m, StepKind.CLOSE)
    everything = keys(nudges(m, moment))
    m.dismissed = ["many-actions", "no-next-review", everything[0]]
    assert keys(nudges(m, moment)) == [k for k in everything if k not in m.dismissed]


def test_a_new_incomplete_action_nudges_after_another_was_dismissed() -> None:
    first = Action("Ask the school")
    m = meeting(actions=[first])
    m.dismissed.append(f"action-incomplete:{first.id}")
    assert nudges(m, at(m, StepKind.ACTIONS)) == []
    second = Action("Ring the council")
    m.actions.append(second)
    assert keys(nudges(m, at(m, StepKind.ACTIONS))) == [f"action-incomplete:{second.id}"]
