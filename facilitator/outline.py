"""What the minutes say, in order: the outline both renderers (``facilitator.minutes``) draw.

An outline is a title, sections made of a few kinds of block, and a footer. It holds text
exactly as the meeting has it; each renderer cleans every piece on the way out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from facilitator import kinds
from facilitator.circulation import circulation_lines, copy_notice
from facilitator.dates import WEEKDAYS
from facilitator.health import achieved_mark, benefits_summary, gaps_in, health_trend
from facilitator.model import (
    Action,
    AgendaItem,
    Approval,
    ArisingAction,
    Attendee,
    Conflict,
    Decision,
    HealthCheck,
    Meeting,
    MeetingStatus,
    Note,
    NoteKind,
    Outcome,
    StepSpec,
    label,
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FOOTER = "Minutes produced by Facilitator."
NO_OWNER = "(no owner)"
NO_DATE = "(no date)"

# --- the outline shared by both renderers -------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Fields:
    """Labelled values, one a line: 'Date: Monday 16 November 2026'."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Lead:
    """A short lead-in to the list that follows it: 'Worked:'."""

    text: str


@dataclass(frozen=True)
class Item:
    text: str
    detail: str = ""  # shown on the lines below the item


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Fields | Lead | ItemList | Subheading | Table


@dataclass(frozen=True)
class Section:
    title: str | None  # None for the opening details under the main heading
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Outline:
    title: str
    sections: tuple[Section, ...]
    footer: str = FOOTER
    marking: str = ""  # the protective marking every renderer prints at the top and the bottom ('' for none)


# --- words for dates and people -------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """'Monday 16 November 2026', the same whatever the system locale."""
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """'11 Dec 2026', for table cells."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def time_span(start: dt.time | None, end: dt.time | None) -> str:
    if start and end:
        return f"{start:%H:%M}–{end:%H:%M}"
    if start:
        return f"from {start:%H:%M}"
    if end:
        return f"until {end:%H:%M}"
    return ""


def describe(person: Attendee) -> str:
    """'Paul Howard (Youth Offending Team, YOT worker)'."""
    details = ", ".join(part for part in (person.organisation, person.role) if part)
    return f"{person.name} ({details})" if details else person.name


# --- building the outline --------------------------------------------------------------------


def outline(meeting: Meeting, history: Sequence[Meeting] = ()) -> Outline:
    """Everything the minutes say, in order, not yet cleaned or formatted.

    The sections follow the meeting's steps, so each kind of meeting reads in the order it
    was run. ``history`` is the partnership's other meetings (any order, later ones ignored):
    with them, the health check shows its trend.
    """
    sections = [_opening(meeting), *_matters_arising(meeting)]
    for step in meeting.steps:  # each kind writes its own sections (facilitator.kinds)
        sections.extend(kinds.kind_of(step.kind).section(meeting, step, history))
    if meeting.other_notes:  # notes of a step the meeting no longer has: shown, never dropped
        strays = tuple(Item(_note_text(note)) for note in meeting.other_notes)
        sections.append(Section("Other notes", (ItemList(strays),)))
    return shared_as(meeting, Outline(title=f"Minutes: {meeting.partnership}", sections=tuple(sections)))


def shared_as(meeting: Meeting, minutes: Outline) -> Outline:
    """The minutes with what sharing them needs (``facilitator.circulation``): the protective marking,
    which copy this is (confidential items withheld, or a full copy that holds some), and where
    the minutes have been circulated."""
    notice = copy_notice(meeting)
    first = (Section(None, (Paragraph(notice, strong=True),)),) if notice else ()
    records = circulation_lines(meeting)
    last = (Section("Circulation", (ItemList(tuple(Item(line) for line in records)),)),) if records else ()
    return replace(minutes, sections=(*first, *minutes.sections, *last), marking=meeting.marking)


def _opening(meeting: Meeting) -> Section:
    blocks: list[Block] = []
    if meeting.status is MeetingStatus.IN_PROGRESS:
        blocks.append(Paragraph("Draft: meeting in progress", strong=True))
    rows = [("Date", long_date(meeting.date))]
    optional = [
        ("Time", time_span(meeting.start, meeting.end)),
        ("Venue", meeting.venue),
        ("Purpose", meeting.purpose),
        ("Status", _status(meeting)),
        ("Chair", meeting.chair.name if meeting.chair else ""),
    ]
    rows.extend((name, value) for name, value in optional if value)
    blocks.append(Fields(tuple(rows)))
    blocks.extend(_people("Present:", meeting.present, "Nobody recorded as present."))
    blocks.extend(_people("Apologies:", meeting.apologies, "Apologies: none."))
    if meeting.corrections:
        blocks += [Lead("Corrections recorded when these minutes were approved:")]
        blocks += [ItemList(tuple(Item(text) for text in meeting.corrections))]
    return Section(None, tuple(blocks))


def _status(meeting: Meeting) -> str:
    if not meeting.is_closed:
        return ""
    if meeting.is_draft:
        return "closed; draft minutes, to be approved at the next meeting"
    return "closed; minutes approved" + (" with corrections (below)" if meeting.corrections else "")


def _matters_arising(meeting: Meeting) -> tuple[Section, ...]:
    """The last minutes' approval and what became of the actions still open from earlier meetings."""
    blocks: list[Block] = []
    previous = meeting.previous_minutes
    if previous is not None:
        when = f"Minutes of {long_date(previous.date)}" if previous.date else "Minutes of the last meeting"
        blocks.append(Fields(((when, label(previous.approval)),)))
        if previous.approval is Approval.CORRECTED:
            blocks += [Lead("Corrections (recorded, not written into those minutes):")]
            blocks += [ItemList(tuple(Item(text) for text in previous.corrections))]
    if meeting.arising:
        rows = tuple(
            (
                item.text,
                item.owner or NO_OWNER,
                short_date(item.raised_on) if item.raised_on else "",
                outcome_text(item) + ("; changed elsewhere (below)" if item.later_edits else ""),
            )
            for item in meeting.arising
        )
        blocks.append(Table(("Action from an earlier meeting", "Who", "Agreed", "What happened"), rows))
    kept = [Item(text, note) for text, note in later_edits_of(meeting)]
    if kept:
        blocks.append(Lead("Changed elsewhere while this meeting was open; the later change stands:"))
        blocks.append(ItemList(tuple(kept)))
    return (Section("Matters arising", tuple(blocks)),) if blocks else ()


def later_edits_of(meeting: Meeting) -> list[tuple[str, str]]:
    """(what, the later edit kept instead of this meeting's decision), for each one found at its close."""
    found = [(item.text, note) for item in meeting.arising for note in item.later_edits]
    previous = meeting.previous_minutes
    if previous is not None:
        when = f"The minutes of {long_date(previous.date)}" if previous.date else "The minutes of the last meeting"
        found += [(when, note) for note in previous.later_edits]
    return found


def outcome_text(item: ArisingAction) -> str:
    """What became of an earlier action, in words (the minutes and the agenda step use it)."""
    if item.outcome is Outcome.DROPPED:
        return f"dropped: {item.reason}"
    if item.outcome is Outcome.REPLANNED:
        changes = [f"now {item.new_owner}" if item.new_owner else ""]
        changes.append(f"due {short_date(item.new_due)}" if item.new_due else "")
        return "re-planned, " + ", ".join(change for change in changes if change)
    times = item.carried + 1
    if item.outcome is Outcome.CARRIED:
        return "carried forward" + (f" ({_ordinal(times)} time)" if times > 1 else "")
    if item.outcome is Outcome.PENDING:
        return "not reviewed; still open"
    return label(item.outcome)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _people(lead: str, people: list[Attendee], when_none: str) -> list[Block]:
    if not people:
        return [Paragraph(when_none)]
    return [Lead(lead), ItemList(tuple(Item(describe(person)) for person in people))]


def agenda_section(agenda: list[AgendaItem]) -> Section:
    if not agenda:
        return Section("Agenda", (Paragraph("No agenda items."),))
    items = tuple(Item(f"{item.title} ({item.time_box} min, {label(item.status)})", item.notes) for item in agenda)
    return Section("Agenda", (ItemList(items, numbered=True),))


def worked_section(meeting: Meeting, notes: list[Note]) -> Section:
    title = "What worked / what did not"
    if not notes:
        return Section(title, (Paragraph("No notes recorded."),))
    blocks: list[Block] = []
    for heading, under in _notes_by_project(meeting, notes):
        blocks.append(Subheading(heading))
        for kind, lead in ((NoteKind.WORKED, "Worked:"), (NoteKind.DID_NOT_WORK, "Did not work:")):
            chosen = [note for note in under if note.kind is kind]
            if chosen:
                blocks += [Lead(lead), ItemList(tuple(Item(_note_text(note)) for note in chosen))]
    return Section(title, tuple(blocks))


def _notes_by_project(meeting: Meeting, notes: list[Note]) -> Iterator[tuple[str, list[Note]]]:
    """Notes under their agenda item, in agenda order, then the rest under 'General'."""
    known = {item.id for item in meeting.agenda}
    for item in meeting.agenda:
        under = [note for note in notes if note.agenda_item == item.id]
        if under:
            yield item.title, under
    general = [note for note in notes if note.agenda_item not in known]
    if general:
        yield "General", general


def step_notes_section(step: StepSpec, notes: list[Note]) -> Section:
    """A template's own step: its notes under each of its tags in the template's order, then untagged."""
    if not notes:
        return Section(step.title, (Paragraph("Nothing recorded."),))
    blocks: list[Block] = []
    tags = [*step.tags, *sorted({n.tag for n in notes if n.tag and n.tag not in step.tags})]
    for tag in tags:
        chosen = [note for note in notes if note.tag == tag]
        if chosen:
            blocks += [Lead(f"{tag[:1].upper()}{tag[1:]}:"), ItemList(tuple(Item(_note_text(n)) for n in chosen))]
    untagged = [note for note in notes if not note.tag]
    if untagged:
        if blocks:
            blocks.append(Lead("Other:"))
        blocks.append(ItemList(tuple(Item(_note_text(note)) for note in untagged)))
    return Section(step.title, tuple(blocks))


def _note_text(note: Note) -> str:
    text = confidential_mark(note) + note.text
    return f"{text} — raised by {note.raised_by}" if note.raised_by else text


def confidential_mark(item: Note | Conflict | Decision | Action) -> str:
    """'(confidential) ' before an item the full copy holds and the circulation copy leaves out."""
    return "(confidential) " if item.confidential else ""


def conflicts_section(conflicts: list[Conflict]) -> Section:
    if not conflicts:
        return Section("Conflicts", (Paragraph("No conflicts recorded."),))
    blocks: list[Block] = []
    for number, conflict in enumerate(conflicts, 1):
        rows = (
            ("Issue", confidential_mark(conflict) + conflict.issue),
            ("Between", ", ".join(conflict.parties) or "(nobody named)"),
            ("How handled", label(conflict.style) if conflict.style else "not yet settled"),
            ("State", label(conflict.state)),
            ("Way forward", conflict.way_forward or "(none agreed yet)"),
        )
        blocks += [Subheading(f"Conflict {number}"), Fields(rows)]
    return Section("Conflicts", tuple(blocks))


def decisions_section(decisions: list[Decision]) -> Section:
    if not decisions:
        return Section("Decisions", (Paragraph("No decisions recorded."),))
    items = []
    for decision in decisions:
        details = [f"Why: {decision.why}"] if decision.why else []
        if decision.positions:
            stances = "; ".join(f"{s.partner} {s.position.value}" for s in decision.positions)
            details.append(f"Partners: {stances}")
        items.append(Item(confidential_mark(decision) + decision.text, "\n".join(details)))
    return Section("Decisions", (ItemList(tuple(items), numbered=True),))


def actions_section(actions: list[Action], title: str = "Actions") -> Section:
    if not actions:
        return Section(title, (Paragraph("No actions agreed."),))
    show_carried = any(action.carried > 0 for action in actions)
    headers = ("What", "Who", "Due", "Status", *(("Carried",) if show_carried else ()))
    rows = tuple(_action_row(action, show_carried) for action in actions)
    return Section(title, (Table(headers, rows),))


def _action_row(action: Action, show_carried: bool) -> tuple[str, ...]:
    row = (
        confidential_mark(action) + action.text,
        action.owner or NO_OWNER,
        short_date(action.due) if action.due else NO_DATE,
        label(action.status),
    )
    return (*row, str(action.carried)) if show_carried else row


def _rating(value: int | None) -> str:
    return f"{value}/5" if value is not None else "not rated"


def health_section(meeting: Meeting, history: Sequence[Meeting]) -> Section:
    health = meeting.health
    trend = _trend_blocks(meeting, history)
    if health.is_empty and not health.comment and not trend:
        return Section("Health check", (Paragraph("Not recorded."),))
    rows = [
        ("Himmelman level", label(health.level) if health.level else "not recorded"),
        ("Time", _rating(health.time)),
        ("Trust", _rating(health.trust)),
        ("Turf", _rating(health.turf)),
    ]
    if health.comment:
        rows.append(("Comment", health.comment))
    scale = "Ratings run from 1 (a worry) to 5 (strong); for turf, 5 means little risk of turf wars."
    blocks: list[Block] = [Fields(tuple(rows)), Paragraph(scale)]
    blocks += _partner_blocks(health)
    blocks += _benefit_blocks(health)
    blocks += trend
    return Section("Health check", tuple(blocks))


def _partner_blocks(health: HealthCheck) -> list[Block]:
    """Each partner's own view, and where their views part, which is worth talking about."""
    rated = [rating for rating in health.by_partner if not rating.is_empty]
    if not rated:
        return []
    rows = tuple(
        (
            rating.partner,
            label(rating.level) if rating.level else "—",
            *(str(value) if value is not None else "—" for value in (rating.time, rating.trust, rating.turf)),
        )
        for rating in rated
    )
    blocks: list[Block] = [
        Subheading("Each partner's view"),
        Table(("Partner", "Level", "Time", "Trust", "Turf"), rows),
    ]
    gaps = gaps_in(health)
    if gaps:
        blocks += [Lead("Seen differently:"), ItemList(tuple(Item(gap.text()) for gap in gaps))]
    return blocks


def _benefit_blocks(health: HealthCheck) -> list[Block]:
    if not health.benefits:
        return []
    rows = tuple(
        (check.benefit, check.achieved.value if check.achieved else "not discussed") for check in health.benefits
    )
    return [Subheading("Benefits of working together"), Table(("Benefit", "Achieved?"), rows)]


def _trend_blocks(meeting: Meeting, history: Sequence[Meeting]) -> list[Block]:
    """The health check beside the partnership's earlier ones: a sparkline per measure and partner."""
    this = (meeting.date, meeting.id)
    partnership = meeting.partnership.casefold()
    earlier = [
        m for m in history if m.partnership.casefold() == partnership and m.id != meeting.id and (m.date, m.id) < this
    ]
    if not earlier:
        return []
    trend = health_trend([*earlier, meeting])
    if len(trend.dates) < 2:
        return []
    rows = tuple((row.measure, row.who, row.spark, row.text()) for row in trend.rows)
    when = ", ".join(short_date(day) for day in trend.dates)
    blocks: list[Block] = [
        Subheading("Health over time"),
        Paragraph(f"Meetings of {when}; each mark is one meeting, higher is stronger (· not rated)."),
        Table(("Measure", "Who", "Trend", "Ratings"), rows),
    ]
    benefits = benefits_summary([*earlier, meeting])
    asked = sum(1 for m in [*earlier, meeting] if any(check.achieved for check in m.health.benefits))
    if benefits and asked >= 2:  # one checklist is already in the table above
        marks = tuple((text, " ".join(achieved_mark(answer) for answer in answers)) for text, answers in benefits)
        blocks += [
            Paragraph("Benefits at each meeting: ✓ achieved, ½ partly, ✗ not achieved, · not discussed."),
            Table(("Benefit", "At each meeting"), marks),
        ]
    return blocks


def next_review_section(day: dt.date | None) -> Section:
    return Section("Next review", (Paragraph(long_date(day) if day else "Not set."),))
