"""The live session on meetings made from templates: steps, notes steps, decisions, health, nudges.

Each shipped template is run through a session from first step to Finish; the rest use the
planning template (it has tagged notes steps) or the partnership review, with people from
three organisations so that "partner" means something: two people of one organisation are
one partner, someone without an organisation is a partner of their own, and those who sent
apologies are not counted.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings

from facilitator.document_schema import to_document
from facilitator.model import (
    Achieved,
    Attendance,
    Attendee,
    BenefitCheck,
    HealthCheck,
    Meeting,
    MeetingStatus,
    PartnerHealth,
    PartnershipLevel,
    Position,
    Stance,
    StepKind,
    StepSpec,
    ValidationError,
)
from facilitator.session import Session
from facilitator.templates import Catalogue, Template, builtin_default, load_catalogue
from facilitator.tinydb_store import Store
from tests.strategies import meetings

NOW = dt.datetime(2026, 11, 16, 14, 20)
YS, YOT, POLICE = "Youth Service", "Youth Offending Team", "Police"
PEOPLE_TAGS = ["numbers", "dates", "venue"]  # the planning template's "Young people and dates"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@cache
def catalogue() -> Catalogue:
    return load_catalogue(None)  # the shipped templates only


def template(template_id: str) -> Template:
    found = catalogue().get(template_id)
    assert found is not None, f"no shipped template {template_id!r}"
    return found


def people() -> list[Attendee]:
    return [
        Attendee("Denise Godfrey", YS, chair=True),
        Attendee("Paul Howard", YOT),
        Attendee("Sam Reid", "youth offending team"),  # the same partner as Paul, typed in another case
        Attendee("Janet Ellis", POLICE, attendance=Attendance.APOLOGIES),
        Attendee("Ann Lee"),  # no organisation: a partner in her own right
    ]


PARTNERS = [YS, YOT, "Ann Lee"]


def meeting_from(chosen: Template | None, **changes: object) -> Meeting:
    """A meeting as the set-up screen makes it from a template; with None, made in code without steps."""
    extra: dict[str, object] = {}
    if chosen is not None:
        extra = {
            "template": chosen.id,
            "steps": chosen.new_steps(),
            "health": HealthCheck(benefits=[BenefitCheck(benefit) for benefit in chosen.benefits]),
        }
    meeting = Meeting(
        "Youth Resource Centre & Youth Offending Team",
        dt.date(2026, 11, 16),
        start=dt.time(14, 0),
        attendees=people(),
        **extra,  # type: ignore[arg-type]
    )
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.validate()
    return meeting


def session_on(meeting: Meeting, clock: FakeClock | None = None) -> Session:
    return Session(meeting, clock=clock or FakeClock(), now=lambda: NOW)


def session_from(template_id: str | None, clock: FakeClock | None = None) -> Session:
    return session_on(meeting_from(template(template_id) if template_id else None), clock)


def keys(steps: list[StepSpec] | tuple[StepSpec, ...]) -> list[str]:
    return [step.key for step in steps]


# --- steps from each shipped template ---------------------------------------------------------

SHIPPED = list(load_catalogue(None).templates)


def test_the_four_templates_ship_and_are_all_run_below() -> None:
    assert SHIPPED == ["partnership-review", "planning", "partnership-agreement", "after-action-review"]


@pytest.mark.parametrize("template_id", SHIPPED)
def test_a_session_runs_exactly_the_template_steps_from_the_first(template_id: str) -> None:
    chosen = template(template_id)
    session = session_from(template_id)
    assert session.steps == list(chosen.steps)
    assert session.meeting.steps == list(chosen.steps)
    first = chosen.steps[0].key
    assert session.step.key == session.meeting.current_step == first
    assert session.meeting.visited_steps == [first]


@pytest.mark.parametrize("template_id", SHIPPED)
def test_next_step_goes_through_every_step_in_order_and_round_to_the_first(template_id: str) -> None:
    order = keys(template(template_id).steps)
    session = session_from(template_id)
    seen = [session.step.key]
    for _ in order:
        session.go_to_next_step()
        seen.append(session.step.key)
    assert seen == [*order, order[0]]
    assert session.meeting.visited_steps == order
    session.go_to_next_step(-1)
    assert session.step.key == order[-1]


@pytest.mark.parametrize("template_id", SHIPPED)
def test_finishing_from_the_first_step_leaves_the_meeting_on_its_close_step(template_id: str) -> None:
    chosen = template(template_id)
    (close,) = [step for step in chosen.steps if step.kind is StepKind.CLOSE]
    session = session_from(template_id)
    assert session.step.key != close.key
    assert session.step_of_kind(StepKind.CLOSE) == close
    session.finish()
    assert session.meeting.status is MeetingStatus.CLOSED
    assert session.meeting.current_step == close.key
    assert session.step == close


def test_after_action_review_starts_on_its_own_first_step_not_the_default_agenda() -> None:
    session = session_from("after-action-review")
    assert session.step.key == "intended"  # a new meeting's current_step says 'agenda', which it has no step for
    assert session.step_of_kind(StepKind.AGENDA) is None
    assert session.step_of_kind(StepKind.ACTIONS).key == "next"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="no step"):
        session.go_to("agenda")
    session.finish()
    assert session.meeting.current_step == "close"


def test_finish_goes_to_the_close_step_by_its_key_whatever_it_is_called() -> None:
    steps = [
        StepSpec("check-in", StepKind.NOTES, "Check in"),
        StepSpec("wrap-up", StepKind.CLOSE, "Wrap up"),
        StepSpec("after", StepKind.NOTES, "Afterthoughts"),
    ]
    session = session_on(meeting_from(None, steps=steps))
    session.finish()
    assert session.meeting.current_step == "wrap-up"


def test_a_meeting_resumed_on_a_later_step_carries_on_there() -> None:
    meeting = meeting_from(template("after-action-review"), current_step="why", visited_steps=["intended", "why"])
    session = session_on(meeting)
    assert session.step.key == "why"
    assert session.meeting.visited_steps == ["intended", "why"]


def test_the_meeting_steps_are_copies_so_the_template_never_changes() -> None:
    session = session_from("planning")
    young = session.meeting.step_spec("young-people")
    assert young is not None
    young.tags.append("transport")
    young.title = "Young people, dates and transport"
    shipped = template("planning").steps[3]
    assert shipped.tags == PEOPLE_TAGS and shipped.title == "Young people and dates"
    assert session_from("planning").meeting.step_spec("young-people") == shipped


def test_a_meeting_made_without_steps_runs_the_partnership_review() -> None:
    review = builtin_default()
    session = session_from(None)
    assert session.steps == list(review.steps) == list(catalogue().default.steps)
    assert [step.kind for step in session.steps] == [
        StepKind.AGENDA,
        StepKind.WORKED,
        StepKind.CONFLICTS,
        StepKind.DECISIONS,
        StepKind.ACTIONS,
        StepKind.CLOSE,
    ]
    assert session.step.key == "agenda"
    session.steps[0].title = "Changed"  # the meeting has its own copy, not the cached template's
    assert session_from(None).steps[0].title == "Agenda"


# --- notes on a notes step --------------------------------------------------------------------


def test_a_planning_step_offers_the_tags_its_template_gives() -> None:
    assert template("planning").steps[3].key == "young-people"
    assert template("planning").steps[3].tags == PEOPLE_TAGS


def test_notes_are_kept_with_their_step_and_tag_and_read_back_by_step() -> None:
    session = session_from("planning")
    staff = session.notes.add(
        "Twelve from the estate, aged 13 to 16", raised_by="Denise Godfrey", step="young-people", tag="numbers"
    )
    hall = session.notes.add("The sports hall, free after six", step="young-people")
    purpose = session.notes.add("Keep the bike group together", raised_by="Paul Howard", step="purpose")
    assert (staff.step, staff.tag, staff.raised_by) == ("young-people", "numbers", "Denise Godfrey")
    assert (hall.step, hall.tag) == ("young-people", "")
    assert session.meeting.notes == [purpose, staff, hall]  # in step order
    assert session.notes.on("young-people") == [staff, hall]
    assert session.notes.on("purpose") == [purpose]
    assert session.notes.on("evaluation") == []
    assert session.notes.on("no-such-step") == []


def test_the_next_tag_cycles_through_the_step_tags_and_wraps_round() -> None:
    session = session_from("planning")
    tag, seen = "", []
    for _ in range(len(PEOPLE_TAGS) + 1):
        tag = session.notes.next_tag("young-people", tag)
        seen.append(tag)
    assert seen == [*PEOPLE_TAGS, ""]  # after the last tag, none: a tag is optional
    assert session.notes.next_tag("young-people", "not one of its tags") == "numbers"
    assert session.notes.next_tag("young-people", "venue") == ""


@pytest.mark.parametrize(("step", "current"), [("purpose", ""), ("purpose", "staff"), ("no-such-step", "staff")])
def test_a_step_without_tags_gives_no_tag(step: str, current: str) -> None:
    assert session_from("planning").notes.next_tag(step, current) == ""


def test_cycling_a_note_tag_moves_it_to_the_next_of_its_step_tags() -> None:
    session = session_from("planning")
    note = session.notes.add("The youth club, Tuesdays", step="young-people", tag="dates")
    assert session.notes.cycle_tag(note.id).tag == "venue"
    assert session.notes.cycle_tag(note.id).tag == ""
    assert session.meeting.notes[0].tag == ""
    assert session.undo() == "edit note"
    assert session.meeting.notes[0].tag == "venue"


def test_cycling_the_tag_of_a_note_on_a_step_without_tags_leaves_it_untagged() -> None:
    session = session_from("planning")
    note = session.notes.add("Somewhere the young people choose", step="purpose")
    assert session.notes.cycle_tag(note.id).tag == ""


# --- decisions and each partner's position -----------------------------------------------------


def test_the_partners_are_the_organisations_present_and_people_without_one() -> None:
    assert meeting_from(None).partners == PARTNERS  # Sam Reid adds no partner; the police sent apologies


def test_a_new_decision_has_every_partner_present_agreeing() -> None:
    session = session_from("planning")
    decision = session.decisions.add("The pilot runs on Tuesday evenings", why="The hall is free then")
    assert session.meeting.decisions == [decision]
    assert decision.text == "The pilot runs on Tuesday evenings" and decision.why == "The hall is free then"
    assert decision.positions == [Stance(partner, Position.AGREED) for partner in PARTNERS]
    assert decision.position_of(POLICE) is None
    assert decision.unanimous
    assert decision.agenda_item is None


def test_a_decision_is_tied_to_the_agenda_item_under_discussion() -> None:
    session = session_from("planning")
    item = session.agenda.add("Dates", 10)
    session.agenda.start(item.id)
    assert session.decisions.add("Start in March").agenda_item == item.id


def test_a_partner_position_cycles_agreed_reservation_disagreed_and_back() -> None:
    session = session_from("partnership-review")
    decision = session.decisions.add("Poster work moves out of opening hours")
    seen = []
    for _ in range(3):
        seen.append(session.decisions.cycle_position(decision.id, "youth offending team").position_of(YOT))
    assert seen == [Position.RESERVATION, Position.DISAGREED, Position.AGREED]
    stored = session.meeting.decisions[0]
    assert [stance.partner for stance in stored.positions] == PARTNERS  # the name kept as it was, not as typed
    assert stored.position_of(YS) is Position.AGREED and stored.position_of("Ann Lee") is Position.AGREED


def test_a_reservation_means_the_decision_is_not_unanimous() -> None:
    session = session_from("partnership-review")
    decision = session.decisions.add("Poster work moves out of opening hours")
    assert not session.decisions.cycle_position(decision.id, YS).unanimous


def test_cycling_a_partner_not_on_the_decision_adds_them_one_step_on_from_agreed() -> None:
    session = session_from("partnership-review")
    decision = session.decisions.add("Share the room booking sheet")
    cycled = session.decisions.cycle_position(decision.id, POLICE)  # sent apologies, but said so in writing
    assert cycled.positions[-1] == Stance(POLICE, Position.RESERVATION)
    assert len(cycled.positions) == len(PARTNERS) + 1
    assert session.decisions.cycle_position(decision.id, "police").position_of(POLICE) is Position.DISAGREED
    assert len(session.meeting.decisions[0].positions) == len(PARTNERS) + 1


def test_a_decision_with_nobody_present_has_no_positions() -> None:
    session = session_on(meeting_from(None, attendees=[Attendee("Janet Ellis", POLICE, attendance="apologies")]))
    assert session.decisions.add("Meet again in May").positions == []


def test_a_decision_can_be_reworded_and_removed() -> None:
    session = session_from("planning")
    first = session.decisions.add("Start in March")
    second = session.decisions.add("Two sessions a week")
    changed = session.decisions.edit(first.id, text="Start in April", why="Exams in March")
    assert (changed.text, changed.why) == ("Start in April", "Exams in March")
    assert session.meeting.decisions[0].text == "Start in April"
    session.decisions.remove(first.id)
    assert [d.id for d in session.meeting.decisions] == [second.id]
    with pytest.raises(KeyError):
        session.decisions.remove(first.id)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_decision_without_words_is_refused_and_nothing_changes(blank: str) -> None:
    session = session_from("planning")
    kept = session.decisions.add("Start in March")
    before = copy.deepcopy(session.meeting)
    with pytest.raises(ValidationError, match="text"):
        session.decisions.add(blank)
    with pytest.raises(ValidationError, match="text"):
        session.decisions.edit(kept.id, text=blank)
    assert session.meeting == before
    assert session.undo() == "add decision"  # the refusals left nothing to undo
    assert session.meeting.decisions == []


def test_a_decision_positions_are_changed_only_one_partner_at_a_time() -> None:
    session = session_from("planning")
    decision = session.decisions.add("Start in March")
    with pytest.raises(TypeError, match="positions"):
        session.decisions.edit(decision.id, positions=[])  # type: ignore[call-arg]
    assert session.meeting.decisions[0].positions == [Stance(partner) for partner in PARTNERS]


def test_undo_takes_back_each_decision_edit_in_turn_and_redo_puts_it_back() -> None:
    session = session_from("partnership-review")
    empty = copy.deepcopy(session.meeting)
    decision = session.decisions.add("Poster work moves out of opening hours")
    added = copy.deepcopy(session.meeting)
    session.decisions.cycle_position(decision.id, YS)
    cycled = copy.deepcopy(session.meeting)
    session.decisions.edit(decision.id, why="Fewer distractions")
    session.decisions.remove(decision.id)
    assert session.undo() == "remove decision"
    assert session.meeting.decisions[0].why == "Fewer distractions"
    assert session.undo() == "edit decision"
    assert session.meeting == cycled
    assert session.undo() == "partner's position"
    assert session.meeting == added
    assert session.meeting.decisions[0].position_of(YS) is Position.AGREED
    assert session.undo() == "add decision"
    assert session.meeting == empty
    assert session.redo() == "add decision"
    assert session.meeting == added


# --- health: each partner's own rating and the benefits checklist ------------------------------


def test_a_partner_rating_is_made_on_first_use_and_updated_after() -> None:
    session = session_from("partnership-review")
    session.close.rate_partner(YS, trust=2)
    assert session.meeting.health.by_partner == [PartnerHealth(YS, trust=2)]
    session.close.rate_partner("youth service", time=4, level="coordination")  # the same partner, any case
    session.close.rate_partner(YOT, turf=5)
    assert session.meeting.health.by_partner == [
        PartnerHealth(YS, level=PartnershipLevel.COORDINATION, time=4, trust=2),
        PartnerHealth(YOT, turf=5),
    ]
    assert session.meeting.health.rating_of("YOUTH SERVICE").level is PartnershipLevel.COORDINATION  # type: ignore[union-attr]


def test_a_partner_rating_cleared_of_every_value_is_removed() -> None:
    session = session_from("partnership-review")
    session.close.rate_partner(YS, level="cooperation", trust=2)
    session.close.rate_partner(YOT, turf=5)
    session.close.rate_partner(YS, trust=None)
    assert session.meeting.health.rating_of(YS) is not None  # the level is still there
    session.close.rate_partner(YS, level=None)
    assert session.meeting.health.by_partner == [PartnerHealth(YOT, turf=5)]
    session.close.rate_partner(YOT, turf=None)
    assert session.meeting.health.by_partner == []
    assert session.meeting.health.is_empty


def test_clearing_a_partner_never_rated_adds_nothing() -> None:
    session = session_from("partnership-review")
    session.close.rate_partner(YS, trust=None)
    assert session.meeting.health.by_partner == []


@pytest.mark.parametrize(
    ("partner", "changes"),
    [
        (YOT, {"trust": 6}),  # an existing rating
        (YOT, {"turf": 0}),
        ("Ann Lee", {"time": 0}),  # a new one: not added either
        ("Ann Lee", {"trust": True}),
        ("Ann Lee", {"level": "best friends"}),
        ("Ann Lee", {"comment": "not a partner's own field"}),
    ],
)
def test_a_partner_rating_out_of_range_is_refused_and_nothing_changes(partner: str, changes: dict) -> None:
    session = session_from("partnership-review")
    session.close.rate_partner(YOT, trust=3)
    before = copy.deepcopy(session.meeting)
    ((aspect, value),) = changes.items()
    with pytest.raises(ValidationError):
        session.close.rate(aspect, value, partner)  # as the pane's rating boxes set them
    assert session.meeting == before
    assert session.undo() == "partner's health rating"
    assert session.meeting.health.by_partner == []


def test_a_benefit_cycles_through_yes_partly_no_and_not_discussed() -> None:
    session = session_from("partnership-review")
    benefits = template("partnership-review").benefits
    assert [check.benefit for check in session.meeting.health.benefits] == list(benefits)
    seen = [session.close.cycle_benefit(1) for _ in range(4)]
    assert seen == [Achieved.YES, Achieved.PARTLY, Achieved.NO, None]
    session.close.cycle_benefit(1)
    assert [check.achieved for check in session.meeting.health.benefits] == [None, Achieved.YES, *[None] * 4]
    assert not session.meeting.health.is_empty


def test_undo_takes_back_a_partner_rating_and_a_benefit() -> None:
    session = session_from("partnership-review")
    session.close.rate_partner(YS, trust=2)
    rated = copy.deepcopy(session.meeting.health)
    session.close.rate_partner(YS, trust=4)
    session.close.cycle_benefit(0)
    ticked = copy.deepcopy(session.meeting.health)
    assert session.undo() == "benefits checklist"
    assert session.meeting.health.benefits[0].achieved is None
    assert session.undo() == "partner's health rating"
    assert session.meeting.health == rated
    assert session.undo() == "partner's health rating"
    assert session.meeting.health.by_partner == []
    session.redo()
    session.redo()
    session.redo()
    assert session.meeting.health == ticked


# --- nudges, dismissed for good, and the step clock --------------------------------------------


def nudge_keys(session: Session) -> list[str]:
    return [nudge.key for nudge in session.tips.shown()]


def test_closing_without_actions_brings_the_no_actions_nudge_pointing_at_the_actions_step() -> None:
    session = session_from("partnership-review")
    assert "no-actions" not in nudge_keys(session)  # only on the close step
    session.go_to("close")
    (nudge,) = [nudge for nudge in session.tips.shown() if nudge.key == "no-actions"]
    assert nudge.step == "actions"
    session.actions.add("Book the art room", "Denise Godfrey", dt.date(2026, 12, 4))
    assert "no-actions" not in nudge_keys(session)


def test_the_no_actions_nudge_points_at_the_template_own_actions_step() -> None:
    session = session_from("after-action-review")
    session.go_to("close")
    (nudge,) = [nudge for nudge in session.tips.shown() if nudge.key == "no-actions"]
    assert nudge.step == "next"


def test_a_meeting_with_no_actions_step_is_never_nudged_for_actions() -> None:
    steps = [StepSpec("talk", StepKind.NOTES, "Talk"), StepSpec("wrap-up", StepKind.CLOSE, "Wrap up")]
    session = session_on(meeting_from(None, steps=steps))
    session.go_to("wrap-up")
    assert session.tips.moment().step == steps[1]
    assert "no-actions" not in nudge_keys(session)
    assert "no-next-review" in nudge_keys(session)  # the close step is still recognised by its kind


def test_a_dismissed_nudge_stays_away_and_is_kept_in_the_meeting() -> None:
    session = session_from("partnership-review")
    session.go_to("close")
    heard: list[str] = []
    session.subscribe(heard.append)
    session.tips.dismiss("no-actions")
    session.tips.dismiss("no-actions")
    assert "no-actions" not in nudge_keys(session)
    assert "no-next-review" in nudge_keys(session)  # only that one went
    assert session.meeting.dismissed == ["no-actions"]
    assert heard == ["dismiss a tip"]  # the autosaver hears of it; the second changed nothing
    assert to_document(session.snapshot())["dismissed"] == ["no-actions"]


def test_dismissing_is_undone_by_ctrl_z() -> None:
    session = session_from("partnership-review")
    session.go_to("close")
    session.tips.dismiss("no-actions")
    assert session.undo() == "dismiss a tip"
    assert session.meeting.dismissed == []
    assert "no-actions" in nudge_keys(session)


def test_a_dismissal_survives_undoing_a_later_edit() -> None:
    # Undo once swapped in the whole earlier meeting, dismissals included, and the tip came back.
    session = session_from("partnership-review")
    session.go_to("close")
    session.tips.dismiss("no-actions")
    session.close.set_next_review(dt.date(2027, 5, 17))
    assert session.undo() == "next review date"
    assert session.meeting.next_review is None
    assert session.meeting.dismissed == ["no-actions"]
    assert "no-actions" not in nudge_keys(session)


def test_a_dismissal_is_saved_and_still_hides_the_nudge_when_the_meeting_is_resumed(db_path: Path) -> None:
    session = session_from("partnership-review")
    session.go_to("close")
    session.tips.dismiss("no-actions")
    with Store(db_path) as store:
        store.save(session.snapshot())
        resumed = session_on(store.get(session.meeting.id))
    assert resumed.meeting.dismissed == ["no-actions"]
    assert resumed.step.key == "close"
    assert "no-actions" not in nudge_keys(resumed)


def test_a_step_runs_over_its_time_box_by_the_session_clock() -> None:
    clock = FakeClock()
    session = session_from("partnership-review", clock)
    session.go_to("worked")  # 20 minutes
    assert session.step.time_box == 20
    clock.now += 20 * 60
    assert session.clock.step_elapsed() == 20 * 60 and not session.clock.step_overrun(session.step.time_box)
    clock.now += 1
    assert session.clock.step_overrun(session.step.time_box)
    assert "step-overrun" not in nudge_keys(session)  # over, but not yet well over
    clock.now += 5 * 60
    assert session.tips.moment().step_elapsed == 25 * 60 + 1
    assert "step-overrun" in nudge_keys(session)
    session.go_to("conflicts")  # a new step starts its own clock
    assert session.clock.step_elapsed() == 0 and not session.clock.step_overrun(session.step.time_box)


def test_a_step_without_a_time_box_never_runs_over() -> None:
    clock = FakeClock()
    steps = [StepSpec("talk", StepKind.NOTES, "Talk"), StepSpec("close", StepKind.CLOSE, "Close")]
    session = session_on(meeting_from(None, steps=steps), clock)
    clock.now += 10 * 60 * 60
    assert not session.clock.step_overrun(session.step.time_box)
    assert not any(key.startswith("step-overrun") for key in nudge_keys(session))


def test_undo_keeps_the_step_clock_and_the_step() -> None:
    clock = FakeClock()
    session = session_from("partnership-review", clock)
    session.go_to("decisions")
    session.decisions.add("Meet monthly")
    clock.now += 11 * 60
    session.undo()
    assert session.step.key == "decisions" and session.clock.step_overrun(session.step.time_box)


# --- any meeting --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(meetings())
def test_a_session_on_any_meeting_runs_its_steps_and_undoes_a_decision(meeting: Meeting) -> None:
    had_steps = list(meeting.steps)
    session = session_on(meeting)
    order = keys(session.steps)
    assert session.steps == (had_steps or builtin_default().new_steps())
    assert session.step.key in order
    assert session.meeting.current_step in session.meeting.visited_steps
    dismissed = set(session.meeting.dismissed)
    assert not dismissed & set(nudge_keys(session))
    start = session.step.key
    for _ in order:
        session.go_to_next_step()
    assert session.step.key == start
    assert set(order) <= set(session.meeting.visited_steps)
    before = copy.deepcopy(session.meeting)
    decision = session.decisions.add("Meet again in May")
    assert [stance.partner for stance in decision.positions] == session.meeting.partners
    assert session.undo() == "add decision"
    assert session.meeting == before
