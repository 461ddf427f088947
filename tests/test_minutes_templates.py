"""Minutes of meetings run from other templates, and the parts schema 4 added: decisions, tagged
notes, each partner's view of the partnership's health, the benefits checklist and the trend."""

from __future__ import annotations

import copy
import datetime as dt

from markdown_it import MarkdownIt

from facilitator.meeting_files import demo_meetings
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Achieved, Attendee, BenefitCheck, HealthCheck, Meeting, Note, PartnerHealth
from facilitator.templates import load_catalogue
from tests.planning import OLD_RESOURCES

MD = MarkdownIt("commonmark").enable("table")


def planning_meeting() -> Meeting:
    """A planning meeting kept from before "Who brings what" took contributions: its step holds tagged notes."""
    template = load_catalogue(None).templates["planning"]
    steps = [OLD_RESOURCES if step.key == "resources" else step for step in template.new_steps()]
    return Meeting(
        "Summer scheme",
        dt.date(2026, 11, 23),
        template="planning",
        steps=steps,
        attendees=[Attendee("Gillian", "Youth Service"), Attendee("Junior", "Community Centre")],
        notes=[
            Note("The hall on Tuesdays", step="resources", tag="premises", raised_by="Junior"),
            Note("Two youth workers", step="resources", tag="staff", raised_by="Gillian"),
            Note("Ask the young people what they want", step="purpose"),
            Note("Minibus hire", step="resources"),
        ],
    )


def h2(markdown: str) -> list[str]:
    tokens = MD.parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]


def test_a_planning_meetings_minutes_follow_its_steps_with_notes_under_their_tags() -> None:
    markdown = render_markdown(planning_meeting())
    # Without agenda items the minutes follow the steps; a step where nothing was said is left out.
    assert h2(markdown) == ["Purpose", "Who brings what"]
    who_brings = markdown.split("## Who brings what", 1)[1].split("## ", 1)[0]
    # The template's order of tags (staff before premises), whatever the order they were said in.
    assert who_brings.index("**Staff:**") < who_brings.index("**Premises:**") < who_brings.index("**Other:**")
    assert "- Two youth workers — raised by Gillian" in who_brings
    assert "- Minibus hire" in who_brings.split("**Other:**")[1]
    assert "Nothing recorded." not in markdown
    assert "Conflicts" not in h2(markdown)  # a planning meeting has no conflicts step, so no empty section


def test_a_note_on_a_step_the_meeting_does_not_have_is_still_in_the_minutes() -> None:
    meeting = planning_meeting()
    meeting.notes.append(Note("Kept all the same", step="gone"))
    assert "- Kept all the same" in render_markdown(meeting).split("## Other notes", 1)[1]


def test_decisions_say_why_and_where_each_partner_stands() -> None:
    november = demo_meetings()[-1]
    text = render_text(november)
    assert "Poster reparation sessions move to a slot outside the centre's opening hours" in text
    assert "Partners: Youth Service agreed; Youth Offending Team agreed with reservation" in text


def test_partners_rating_two_points_apart_are_named_as_seeing_it_differently() -> None:
    meeting = planning_meeting()
    meeting.health = HealthCheck(
        trust=4,
        by_partner=[PartnerHealth("Youth Service", trust=5), PartnerHealth("Community Centre", trust=4)],
    )
    assert "Seen differently" not in render_markdown(meeting)
    meeting.health.by_partner[1].trust = 3
    assert "- Trust: Community Centre 3, Youth Service 5" in render_markdown(meeting)


def test_benefits_over_time_appear_once_two_meetings_answered_the_checklist() -> None:
    first, may, november = (copy.deepcopy(m) for m in demo_meetings())
    assert "Benefits at each meeting" not in render_markdown(november, [first, may])  # only November answered
    may.health.benefits = [BenefitCheck(november.health.benefits[0].benefit.upper(), Achieved.PARTLY)]
    markdown = render_markdown(november, [first, may])
    rows = markdown.split("Benefits at each meeting", 1)[1]
    # Matched ignoring case; May said partly, November yes; the first review had no checklist.
    assert f"| {november.health.benefits[0].benefit} | · ½ ✓ |" in rows
