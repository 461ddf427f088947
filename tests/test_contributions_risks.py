"""The contributions and risks step kinds (issue 15, items 4 and 5): their editors, their stored form,
their minutes, their search and their counts, on a planning meeting as the shipped template makes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator import kinds
from facilitator.document_schema import from_document, to_document
from facilitator.editing.contributions import next_partner, partner_named
from facilitator.kinds.contributions import ContributionKind
from facilitator.kinds.risks import RiskKind
from facilitator.minutes import render_markdown, render_text
from facilitator.model import Attendance, Attendee, Meeting, Note, StepSpec, ValidationError
from facilitator.session import Session
from facilitator.templates import load_catalogue
from facilitator.tinydb_store import Store

NOW = dt.datetime(2026, 11, 16, 14, 30)


def planning(*attendees: Attendee) -> Session:
    template = load_catalogue(None).templates["planning"]
    people = attendees or (
        Attendee("Gill Reed", "Youth Service"),
        Attendee("Jun Park", "Youth Offending Team"),
        Attendee("Sam Okafor"),  # a partner in person: no organisation
        Attendee("Ann Lee", "Arts Trust", attendance=Attendance.APOLOGIES),
    )
    meeting = Meeting("Summer scheme", NOW.date(), template="planning", steps=template.new_steps(), attendees=[*people])
    return Session(meeting, clock=lambda: 0.0, now=lambda: NOW)


# --- who brings what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "partner"),
    [
        ("youth service", "Youth Service"),  # the name, in any case
        ("ys", "Youth Service"),  # its initials
        ("YOT", "Youth Offending Team"),
        ("off", "Youth Offending Team"),  # the start of a word of it
        ("sam", "Sam Okafor"),  # a person without an organisation is a partner
        ("arts", "Arts Trust"),  # away today, still a partner
        ("youth", "youth"),  # two partners start so: kept as typed, never a guess
        ("The  Council ", "The Council"),  # not in the room: kept as typed, tidied
        ("", ""),
    ],
)
def test_a_partner_is_named_by_initials_or_the_start_of_a_name(typed: str, partner: str) -> None:
    assert partner_named(planning().meeting, typed) == partner


def test_cycling_the_partners_runs_through_those_present_then_none() -> None:
    meeting = planning().meeting
    seen = [next_partner(meeting, "")]
    while seen[-1]:
        seen.append(next_partner(meeting, seen[-1]))
    assert seen == ["Youth Service", "Youth Offending Team", "Sam Okafor", ""]
    assert next_partner(meeting, "Youth Service", -1) == ""


def test_an_offer_is_credited_to_the_partner_typed_or_else_to_the_speaker_s() -> None:
    session = planning()
    staff = session.contributions.add("resources", "Two youth workers", partner="ys", raised_by="jun")
    hall = session.contributions.add("resources", "The hall", kind="premises", raised_by="Gill")
    nobody = session.contributions.add("resources", "A minibus", kind=ContributionKind.EQUIPMENT)
    assert (staff.partner, staff.kind, staff.raised_by) == ("Youth Service", ContributionKind.STAFF, "Jun Park")
    assert (hall.partner, hall.kind, hall.raised_by) == ("Youth Service", ContributionKind.PREMISES, "Gill Reed")
    assert (nobody.partner, nobody.raised_by) == ("", "")
    assert session.contributions.on("resources") == [staff, hall, nobody]
    assert session.meeting.captured("resources").contributions == [staff, hall, nobody]


def test_an_offer_s_kind_partner_and_speaker_cycle_and_each_change_is_undone() -> None:
    session = planning()
    offer = session.contributions.add("resources", "Contacts at the school", partner="Sam")
    assert session.contributions.cycle_kind(offer.id).kind is ContributionKind.PREMISES
    assert session.contributions.cycle_kind(offer.id, -1).kind is ContributionKind.STAFF
    assert session.contributions.cycle_kind(offer.id, -1).kind is ContributionKind.OTHER
    assert session.contributions.cycle_partner(offer.id).partner == ""  # after Sam, the last present: none
    assert session.contributions.cycle_partner(offer.id).partner == "Youth Service"
    assert session.contributions.credit_next(offer.id).raised_by == "Gill Reed"
    assert session.contributions.edit(offer.id, text="School contacts", partner="yot").partner == "Youth Offending Team"
    for label in ("edit contribution",) * 7:
        assert session.undo() == label
    assert (offer.text, offer.partner, offer.kind, offer.raised_by) == (
        "Contacts at the school",
        "Sam Okafor",
        ContributionKind.STAFF,
        "",
    )
    session.contributions.remove(offer.id)
    assert session.contributions.on("resources") == []
    assert session.undo() == "remove contribution"
    assert session.contributions.on("resources") == [offer]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"text": "  "}, "text"), ({"kind": "biscuits"}, "kind")],
)
def test_a_bad_offer_is_refused_by_name_and_nothing_is_kept(change: dict[str, str], field: str) -> None:
    session = planning()
    arguments = {"text": "A room", **change}
    with pytest.raises(ValidationError, match=f"^{field}: "):
        session.contributions.add("resources", arguments.pop("text"), **arguments)  # type: ignore[arg-type]
    assert session.contributions.on("resources") == [] and not session.can_undo


# --- open questions and risks ----------------------------------------------------------------------


def test_a_question_or_risk_takes_an_owner_by_the_first_letters_of_a_name() -> None:
    session = planning()
    question = session.risks.add("risks", "Can we use the hall in August?", owner="jun")
    risk = session.risks.add("risks", "New territory for us", kind="risk", owner="Someone from the council")
    assert (question.kind, question.owner, question.state) == (RiskKind.QUESTION, "Jun Park", "open")
    assert (risk.kind, risk.owner) == (RiskKind.RISK, "Someone from the council")  # not here: kept as typed
    assert session.risks.toggle_settled(question.id).state == "answered"
    assert session.risks.toggle_settled(risk.id).state == "settled"
    assert session.risks.toggle_kind(risk.id).kind is RiskKind.QUESTION
    assert session.risks.edit(risk.id, owner="").owner == ""
    assert [session.undo() for _ in range(4)] == ["edit question or risk"] * 4
    assert (risk.kind, risk.owner, risk.settled, question.settled) == (
        RiskKind.RISK,
        "Someone from the council",
        False,
        False,
    )
    session.risks.remove(question.id)
    assert session.risks.on("risks") == [risk]
    session.undo()
    assert session.risks.on("risks") == [question, risk]


def test_the_step_list_counts_what_is_still_open() -> None:
    session = planning()
    count = kinds.kind_of("risks").count
    step = session.meeting.step_spec("risks")
    assert step is not None and count(session.meeting, step) == "0"
    first = session.risks.add("risks", "Insurance?")
    session.risks.add("risks", "Holidays", kind="risk")
    assert count(session.meeting, step) == "2 (2 open)"
    session.risks.toggle_settled(first.id)
    assert count(session.meeting, step) == "2 (1 open)"
    session.risks.toggle_settled(session.risks.on("risks")[1].id)
    assert count(session.meeting, step) == "2"


# --- stored, searched, in the minutes -------------------------------------------------------------


def busy() -> Session:
    session = planning()
    session.contributions.add("resources", "The sports hall after six", partner="sam", kind="premises")
    session.contributions.add("resources", "Two youth workers [red]on Tuesdays[/red]", partner="ys", raised_by="Jun")
    session.contributions.add("resources", "Grant of £500", partner="Arts Trust", kind="money")
    session.contributions.add("resources", "A minibus, maybe", kind="equipment")
    session.contributions.add("resources", "Match funding", partner="YOT", kind="money", raised_by="Jun")
    question = session.risks.add("risks", "Can we use the hall in August?", owner="gill")
    session.risks.add("risks", "The youth worker is often away in the holidays", kind="risk")
    session.risks.toggle_settled(question.id)
    return session


def test_both_kinds_go_through_the_store_and_back(db_path: Path) -> None:
    meeting = busy().meeting
    with Store(db_path) as store:
        store.save(meeting)
    with Store(db_path, readonly=True) as store:
        again = store.get(meeting.id)
        assert [found.id for found in store.search("minibus")] == [meeting.id]
        assert [found.id for found in store.search("who:gill")] == [meeting.id]  # a question's owner
        assert [found.id for found in store.search('"sports hall"')] == [meeting.id]
    assert again == meeting and from_document(to_document(meeting)) == meeting
    stored = to_document(meeting)["captures"]
    assert stored["resources"]["contributions"][1] == {
        "text": "Two youth workers [red]on Tuesdays[/red]",
        "partner": "Youth Service",
        "kind": "staff",
        "raised_by": "Jun Park",
        "id": meeting.captured("resources").contributions[1].id,
    }
    assert stored["risks"]["risks"][0]["settled"] is True and stored["risks"]["risks"][1]["kind"] == "risk"


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("contributions", {"text": "Hall", "kind": "biscuits"}, "kind: 'biscuits' is not one of: staff, premises"),
        ("risks", {"text": "Hall?", "settled": "yes"}, "settled"),
        ("risks", {"text": ""}, "text: must not be empty"),
    ],
)
def test_a_damaged_stored_item_is_refused_by_name(where: str, value: dict[str, object], message: str) -> None:
    document = to_document(busy().meeting)
    key = "resources" if where == "contributions" else "risks"
    document["captures"][key][where] = [value]
    with pytest.raises(ValidationError, match=f"{where}\\[0\\]") as refused:
        from_document(document)
    assert message in str(refused.value)


def test_the_minutes_show_who_brings_what_by_partner_and_the_open_questions() -> None:
    markdown = render_markdown(busy().meeting)
    section = markdown.split("## Who brings what\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert section.splitlines() == [
        "| Partner | Kind | What |",
        "| --- | --- | --- |",
        # The partners present in their order, then those named who were not; an offer nobody placed last.
        "| Youth Service | Staff | Two youth workers \\[red\\]on Tuesdays\\[/red\\] — raised by Jun Park |",
        "| Youth Offending Team | Money | Match funding |",  # said by one of their own: no need to say so
        "| Sam Okafor | Premises | The sports hall after six |",
        "| Arts Trust | Money | Grant of £500 |",
        "| (partner not said) | Equipment | A minibus, maybe |",
    ]
    risks = markdown.split("## Open questions and risks\n\n", 1)[1].split("\n\n## ", 1)[0]
    risks = risks.split("\n\n*Minutes produced", 1)[0]  # the last section, before the footer
    assert risks.splitlines() == [
        "**Questions:**",
        "",
        "- Can we use the hall in August?\\",
        "  Answered; owner: Gill Reed",
        "",
        "**Risks:**",
        "",
        "- The youth worker is often away in the holidays\\",
        "  Open",
    ]
    text = render_text(busy().meeting)
    assert "Open questions and risks\n------------------------\n\nQuestions:\n" in text
    assert "(partner not said)" in text and "Match funding" in text


def test_empty_steps_are_left_out_of_the_minutes() -> None:
    # The minutes say only what happened (issue 15): no heading over "Nothing recorded."
    markdown = render_markdown(planning().meeting)
    assert "Who brings what" not in markdown and "Open questions and risks" not in markdown
    assert "Nothing recorded" not in markdown and "None recorded" not in markdown


# --- a planning meeting kept from before ------------------------------------------------------------

OLD_RESOURCES = {
    "key": "resources",
    "kind": "notes",
    "title": "Who brings what",
    "prompt": "What can each partner bring: people, kit, a place to meet, money?",
    "time_box": 15,
    "tags": ["staff", "equipment", "premises", "money", "other"],
}


def old_planning_document() -> dict[str, object]:
    """A planning meeting as the store kept it before "Who brings what" took contributions: notes with tags."""
    template = load_catalogue(None).templates["planning"]
    steps = [step for step in template.new_steps() if step.kind != "risks"]
    meeting = Meeting(
        "Summer scheme",
        dt.date(2026, 5, 11),
        template="planning",
        steps=[StepSpec(**OLD_RESOURCES) if step.key == "resources" else step for step in steps],  # type: ignore[arg-type]
        attendees=[Attendee("Gill Reed", "Youth Service")],
    )
    meeting.notes.append(Note("Two youth workers", step="resources", tag="staff", raised_by="Gill Reed"))
    return to_document(meeting)


def test_an_old_planning_meeting_reads_and_renders_its_tagged_notes(db_path: Path) -> None:
    document = old_planning_document()
    with Store(db_path) as store:
        store.save(from_document(document))
    with Store(db_path, readonly=True) as store:
        [meeting] = store.meetings()
    assert meeting.step_spec("resources") == StepSpec(**OLD_RESOURCES)  # type: ignore[arg-type]
    assert [note.text for note in meeting.notes_of("resources")] == ["Two youth workers"]
    markdown = render_markdown(meeting)
    assert "## Who brings what\n\n**Staff:**\n\n- Two youth workers — raised by Gill Reed" in markdown
    assert "Open questions and risks" not in markdown


# --- whatever is typed, the minutes stay whole ----------------------------------------------------

TYPED = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(lambda text: text.strip())
OFFERS = st.lists(
    st.tuples(TYPED, st.sampled_from(["", "ys", "sam", "|Council|"]), st.sampled_from(ContributionKind)), max_size=6
)


@settings(max_examples=60, deadline=None)
@given(offers=OFFERS, questions=st.lists(st.tuples(TYPED, st.booleans()), max_size=4))
def test_any_offer_or_question_keeps_the_minutes_table_and_list_whole(
    offers: list[tuple[str, str, ContributionKind]], questions: list[tuple[str, bool]]
) -> None:
    """Pipes, backslashes, line breaks, markup, escapes: one table row per offer, three cells each; no raw HTML."""
    session = planning()
    for text, partner, kind in offers:
        session.contributions.add("resources", text, partner=partner, kind=kind)
    for text, is_risk in questions:
        session.risks.add("risks", text, kind=RiskKind.RISK if is_risk else RiskKind.QUESTION)
    markdown = render_markdown(session.meeting)
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert not {token.type for token in tokens} & {"html_block"}
    rows = [index for index, token in enumerate(tokens) if token.type == "tr_open"]
    assert len(rows) == (len(offers) + 1 if offers else 0), markdown
    for index in rows:
        end = next(i for i in range(index, len(tokens)) if tokens[i].type == "tr_close")
        assert sum(1 for t in tokens[index:end] if t.type in ("th_open", "td_open")) == 3, markdown
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings.count("Who brings what") == (1 if offers else 0)  # an empty step is left out
    assert headings.count("Open questions and risks") == (1 if questions else 0)
    text = render_text(session.meeting)
    assert text.count("\nWho brings what\n") == (1 if offers else 0)
    assert text.count("\nOpen questions and risks\n") == (1 if questions else 0)
