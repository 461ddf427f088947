"""What the minutes say, in order: the outline both renderers (``facilitator.minutes``) draw.

An outline is a title, sections made of a few kinds of block, and a footer. It holds text
exactly as the meeting has it; each renderer cleans every piece on the way out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from facilitator import kinds
from facilitator.circulation import circulation_lines, copy_notice
from facilitator.date_phrases import due_words
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
    ItemStatus,
    Meeting,
    MeetingStatus,
    Note,
    NoteKind,
    Outcome,
    StepSpec,
    label,
)

if TYPE_CHECKING:  # the kinds' modules import this one
    from facilitator.kinds.contributions import Contribution
    from facilitator.kinds.risks import Risk

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
SUMMARY = "Summary"
GENERAL = "General"  # what was captured while no agenda item ran
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
class Unsettled:
    """A clash sync found in this meeting and nobody has settled yet (``facilitator.sync.unsettled``): the
    place two machines changed to different values, both values with who wrote each, and which one the
    minutes hold for now. Not part of the meeting: whoever renders the minutes passes them in."""

    where: str
    values: tuple[tuple[str, str], ...]  # (who wrote it, the value in words), in the order settling numbers them
    kept: int  # the one the minutes hold now


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


def outline(meeting: Meeting, history: Sequence[Meeting] = (), unsettled: Sequence[Unsettled] = ()) -> Outline:
    """Everything the minutes say, in order, not yet cleaned or formatted.

    The sections follow the meeting's steps, so each kind of meeting reads in the order it
    was run. ``history`` is the partnership's other meetings (any order, later ones ignored):
    with them, the health check shows its trend. ``unsettled``: the meeting's clashes not yet
    settled, shown with both values right after the opening details.
    """
    sections = [_opening(meeting), *_unsettled(unsettled), *_summary(meeting), *_matters_arising(meeting)]
    for step in meeting.steps:  # each kind writes its own sections (facilitator.kinds)
        sections.extend(kinds.kind_of(step.kind).section(meeting, step, history))
    if meeting.other_notes:  # notes of a step the meeting no longer has: shown, never dropped
        strays = tuple(Item(_note_text(note)) for note in meeting.other_notes)
        sections.append(Section("Other notes", (ItemList(strays),)))
    # A section with nothing in it is left out: the minutes say only what happened.
    kept = tuple(section for section in sections if section.blocks)
    return shared_as(meeting, Outline(title=f"Minutes: {meeting.partnership}", sections=kept))


NOT_SETTLED = "Not settled"
SETTLE_HOW = "press c on the home screen, or run facilitator sync --clashes"


def _unsettled(clashes: Sequence[Unsettled]) -> tuple[Section, ...]:
    """Each clash with both values and who wrote each: until someone settles it, the minutes say both."""
    if not clashes:
        return ()
    count = f"{len(clashes)} clash{'es' if len(clashes) != 1 else ''}"
    shown = [clash for clash in clashes if clash.values]
    if not shown:  # a circulation copy: how many, never where or what (it could name a confidential item)
        lead = f"{count} not settled: two machines changed the same thing to different values; not shown in this copy."
        return (Section(NOT_SETTLED, (Paragraph(lead, strong=True),)),)
    lead = (
        f"{count} not settled: two machines changed the same thing to different values. Both are below; "
        f"the rest of these minutes shows the one marked 'shown now'. To settle: {SETTLE_HOW}."
    )
    items = tuple(Item(f"Not settled: {clash.where}", _both_values(clash)) for clash in shown)
    return (Section(NOT_SETTLED, (Paragraph(lead, strong=True), ItemList(items))),)


def counted_only(clashes: Sequence[Unsettled]) -> tuple[Unsettled, ...]:
    """The clashes as a circulation copy shows them: how many, without where or either value."""
    return tuple(Unsettled("", (), 0) for _clash in clashes)


def _both_values(clash: Unsettled) -> str:
    lines = []
    for number, (who, value) in enumerate(clash.values, 1):
        shown = ", shown now" if number - 1 == clash.kept else ""
        lines.append(f"{number}. {value} (from {who or 'an unnamed machine'}{shown})")
    return "\n".join(lines)


def _summary(meeting: Meeting) -> tuple[Section, ...]:
    """The few lines typed at Close, at the top: what a reader who reads nothing else should know."""
    return (Section(SUMMARY, (Paragraph(meeting.summary),)),) if meeting.summary else ()


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
    blocks.extend(_people("Present:", meeting.present))
    blocks.extend(_people("Apologies:", meeting.apologies))
    blocks.extend(_people("Also involved:", meeting.involved))  # named, not in the room
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
        changes.append(f"due {due_words(item.new_due, item.new_due_text)}" if item.new_due or item.new_due_text else "")
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


def _people(lead: str, people: list[Attendee]) -> list[Block]:
    if not people:
        return []
    return [Lead(lead), ItemList(tuple(Item(describe(person)) for person in people))]


def by_item(meeting: Meeting) -> bool:
    """Whether the minutes read item by item: they do once the meeting has an agenda.

    Then each agenda item is a section holding what was said, decided and agreed under it (and
    'General' what was captured while no item ran); the notes and decisions steps write no
    sections of their own, and the actions step writes the full action table after the items.
    Without an agenda, each step has its own section, in the order they were run.
    """
    return bool(meeting.agenda)


def agenda_sections(meeting: Meeting) -> list[Section]:
    """Each agenda item with what came of it, then 'General'; nothing when there is no agenda."""
    if not by_item(meeting):
        return []
    sections = [_item_section(meeting, number, item) for number, item in enumerate(meeting.agenda, 1)]
    general = _captured_under(meeting, None)
    if general:
        sections.append(Section(GENERAL, tuple(general)))
    return sections


def agenda_section(agenda: list[AgendaItem]) -> Section:
    """The agenda as one numbered list (a section with no blocks, left out, when it is empty)."""
    items = tuple(Item(f"{item.title} ({item.time_box} min, {label(item.status)})", item.notes) for item in agenda)
    return Section("Agenda", (ItemList(items, numbered=True),) if items else ())


def item_title(number: int, item: AgendaItem) -> str:
    return f"Item {number}: {item.title}"


def _item_section(meeting: Meeting, number: int, item: AgendaItem) -> Section:
    blocks: list[Block] = [Fields((("Outcome", item_outcome(meeting, item)), ("Time", item_time(item))))]
    if item.notes:
        blocks.append(Paragraph(item.notes))
    blocks += _captured_under(meeting, item.id)
    return Section(item_title(number, item), tuple(blocks))


def item_outcome(meeting: Meeting, item: AgendaItem) -> str:
    """'done', 'not reached' (the meeting closed before it), 'under discussion', 'not yet discussed'."""
    if item.status is ItemStatus.DONE:
        return "done"
    if item.status is ItemStatus.CURRENT:
        return "under discussion"
    return "not reached" if meeting.is_closed else "not yet discussed"


def item_time(item: AgendaItem) -> str:
    """'20 min planned' and, once a timer has run, '18 min taken'."""
    planned = f"{item.time_box} min planned"
    taken = round(item.spent / 60)
    return f"{planned}, {taken} min taken" if item.spent else planned


def _under(item_id: str | None, known: set[str], found: str | None) -> bool:
    """Whether something tied to ``found`` goes under ``item_id`` (None: 'General', which also takes
    whatever names an item no longer on the agenda)."""
    return found == item_id if item_id is not None else found not in known


def _captured_under(meeting: Meeting, item_id: str | None) -> list[Block]:
    """What was said (step by step), decided and agreed under one agenda item, or under 'General'."""
    known = {item.id for item in meeting.agenda}
    blocks: list[Block] = []
    for step in meeting.steps:
        if step.kind not in NOTE_KINDS:
            continue
        notes = [note for note in meeting.notes_of(step.key) if _under(item_id, known, note.agenda_item)]
        if notes:
            blocks += [Subheading(note_heading(step)), *note_blocks(step, notes)]
    decisions = [d for d in meeting.decisions if _under(item_id, known, d.agenda_item)]
    if decisions:
        blocks += [Subheading("Decided"), ItemList(tuple(_decision_item(d) for d in decisions))]
    actions = [a for a in meeting.actions if _under(item_id, known, a.agenda_item)]
    if actions:
        blocks += [Subheading("Actions agreed"), ItemList(tuple(_action_item(a) for a in actions))]
    return blocks


# The kinds of step whose notes the minutes place under the agenda items.
NOTE_KINDS = ("worked", "notes")


WORKED_TITLE = "What worked / what did not"


def note_heading(step: StepSpec) -> str:
    """The heading of one step's notes under an item: its title, but a 'what worked' step keeping the
    shipped title says both halves (a heading 'What worked' over 'Did not work:' alone reads wrongly)."""
    if step.kind == "worked" and step.title == kinds.kind_of("worked").default_title:
        return WORKED_TITLE
    return step.title


def note_blocks(step: StepSpec, notes: list[Note]) -> list[Block]:
    """One step's notes: worked / did not work on a 'what worked' step, else under each of its tags."""
    if step.kind == "worked":
        return _worked_blocks(notes)
    return _tagged_blocks(step, notes)


def _worked_blocks(notes: list[Note]) -> list[Block]:
    blocks: list[Block] = []
    for kind, lead in ((NoteKind.WORKED, "Worked:"), (NoteKind.DID_NOT_WORK, "Did not work:")):
        chosen = [note for note in notes if note.kind is kind]
        if chosen:
            blocks += [Lead(lead), ItemList(tuple(Item(_note_text(note)) for note in chosen))]
    others = [note for note in notes if note.kind not in (NoteKind.WORKED, NoteKind.DID_NOT_WORK)]
    if others:
        blocks.append(ItemList(tuple(Item(_note_text(note)) for note in others)))
    return blocks


def _tagged_blocks(step: StepSpec, notes: list[Note]) -> list[Block]:
    """A template's own step: its notes under each of its tags in the template's order, then untagged."""
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
    return blocks


def worked_section(meeting: Meeting, notes: list[Note]) -> Section:
    """A 'what worked' step in minutes without an agenda (with one, its notes are under the items)."""
    if by_item(meeting) or not notes:
        return Section(WORKED_TITLE, ())
    return Section(WORKED_TITLE, tuple(_worked_blocks(notes)))


def step_notes_section(step: StepSpec, notes: list[Note]) -> Section:
    """A template's own step, in minutes without an agenda: its notes under each of its tags."""
    return Section(step.title, tuple(_tagged_blocks(step, notes)))


def _note_text(note: Note) -> str:
    text = confidential_mark(note) + note.text
    return f"{text} — raised by {note.raised_by}" if note.raised_by else text


def confidential_mark(item: Note | Conflict | Decision | Action) -> str:
    """'(confidential) ' before an item the full copy holds and the circulation copy leaves out."""
    return "(confidential) " if item.confidential else ""


def conflicts_section(conflicts: list[Conflict]) -> Section:
    blocks: list[Block] = []
    for number, conflict in enumerate(conflicts, 1):
        rows = (
            ("Issue", confidential_mark(conflict) + conflict.issue),
            ("Between", ", ".join(conflict.parties)),
            ("How handled", label(conflict.style) if conflict.style else ""),
            ("State", label(conflict.state)),
            ("Way forward", conflict.way_forward),
        )
        title = f"Conflict {number}" if len(conflicts) > 1 else ""
        blocks += [*((Subheading(title),) if title else ()), Fields(tuple(row for row in rows if row[1]))]
    return Section("Conflicts", tuple(blocks))


def _decision_item(decision: Decision) -> Item:
    details = [f"Why: {decision.why}"] if decision.why else []
    if decision.positions:
        stances = "; ".join(f"{s.partner} {s.position.value}" for s in decision.positions)
        details.append(f"Partners: {stances}")
    return Item(confidential_mark(decision) + decision.text, "\n".join(details))


def decisions_section(decisions: list[Decision]) -> Section:
    items = tuple(_decision_item(decision) for decision in decisions)
    return Section("Decisions", (ItemList(items, numbered=True),) if items else ())


def _action_item(action: Action) -> Item:
    """An action under its agenda item: what, then who and by when (the action table has the rest)."""
    who = action.owner or "no owner yet"
    # The words agreed, with the day they mean ('before Easter (by Sat 27 Mar 2027)'), as the table has them.
    due = (
        due_words(action.due, action.due_text)
        if action.due_text
        else f"by {short_date(action.due)}"
        if action.due
        else "no date yet"
    )
    status = "" if action.is_open else f"; {label(action.status)}"
    return Item(confidential_mark(action) + action.text, f"{who}, {due}{status}")


def actions_section(actions: list[Action], title: str = "Actions") -> Section:
    if not actions:
        return Section(title, ())
    show_carried = any(action.carried > 0 for action in actions)
    headers = ("What", "Who", "Due", "Status", *(("Carried",) if show_carried else ()))
    rows = tuple(_action_row(action, show_carried) for action in actions)
    return Section(title, (Table(headers, rows),))


def _action_row(action: Action, show_carried: bool) -> tuple[str, ...]:
    row = (
        confidential_mark(action) + action.text,
        action.owner or NO_OWNER,
        due_words(action.due, action.due_text, NO_DATE),
        label(action.status),
    )
    return (*row, str(action.carried)) if show_carried else row


def health_section(meeting: Meeting, history: Sequence[Meeting]) -> Section:
    """What was rated, and its trend; left out (no blocks) when nobody rated anything or commented."""
    health = meeting.health
    if health.is_empty and not health.comment:
        return Section("Health check", ())
    rows = [("Himmelman level", label(health.level))] if health.level else []
    rows += [(name, f"{value}/5") for name, value in _ratings(health) if value is not None]
    if health.comment:
        rows.append(("Comment", health.comment))
    blocks: list[Block] = [Fields(tuple(rows))] if rows else []
    if any(value is not None for _, value in _ratings(health)) or any(not r.is_empty for r in health.by_partner):
        blocks.append(Paragraph(RATING_SCALE))
    blocks += _partner_blocks(health)
    blocks += _benefit_blocks(health)
    blocks += _trend_blocks(meeting, history)
    return Section("Health check", tuple(blocks))


RATING_SCALE = "Ratings run from 1 (a worry) to 5 (strong); for turf, 5 means little risk of turf wars."


def _ratings(health: HealthCheck) -> tuple[tuple[str, int | None], ...]:
    return (("Time", health.time), ("Trust", health.trust), ("Turf", health.turf))


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
    """The benefits the meeting talked about and its answer; one not discussed is left out."""
    rows = tuple((check.benefit, check.achieved.value) for check in health.benefits if check.achieved)
    if not rows:
        return []
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


def next_review_section(day: dt.date | None, text: str = "") -> Section:
    """The date, or the words agreed with the date they mean ('in the summer holidays (by Tue 31 Aug 2027)')."""
    if text:
        return Section("Next review", (Paragraph(due_words(day, text)),))
    return Section("Next review", (Paragraph(long_date(day)),) if day else ())


# --- who brings what, open questions and risks (facilitator.kinds.contributions, .risks) ---

NO_PARTNER = "(partner not said)"


def contributions_section(meeting: Meeting, step: StepSpec, contributions: list[Contribution]) -> Section:
    """What each partner brings, in a table by partner: the partners present first, in their order."""
    if not contributions:
        return Section(step.title, ())  # an empty section is left out
    rows = tuple(
        (partner or NO_PARTNER, str(offer.kind).capitalize(), _offer_text(meeting, offer))
        for partner, offers in _by_partner(meeting, contributions)
        for offer in offers
    )
    return Section(step.title, (Table(("Partner", "Kind", "What"), rows),))


def _by_partner(meeting: Meeting, contributions: list[Contribution]) -> list[tuple[str, list[Contribution]]]:
    """The contributions grouped by partner (same name in any case), each group in the order given."""
    groups: dict[str, tuple[str, list[Contribution]]] = {}
    for partner in meeting.partners:
        groups[partner.casefold()] = (partner, [])
    for offer in contributions:
        groups.setdefault(offer.partner.casefold(), (offer.partner, []))[1].append(offer)
    found = [group for group in groups.values() if group[1]]
    return sorted(found, key=lambda group: not group[0])  # the ones nobody named a partner for, last


def _offer_text(meeting: Meeting, offer: Contribution) -> str:
    """The offer; who said it only when they spoke for another partner (the table already names the partner)."""
    speaker = offer.raised_by
    if not speaker or (meeting.organisation_of(speaker) or speaker).casefold() == offer.partner.casefold():
        return offer.text
    return f"{offer.text} — raised by {speaker}"


def risks_section(step: StepSpec, risks: list[Risk]) -> Section:
    """The open questions, then the risks, each with who follows it up and whether it is settled."""
    if not risks:
        return Section(step.title, ())
    blocks: list[Block] = []
    for kind, lead in (("question", "Questions:"), ("risk", "Risks:")):
        chosen = [risk for risk in risks if risk.kind == kind]
        if chosen:
            blocks += [Lead(lead), ItemList(tuple(Item(risk.text, _risk_detail(risk)) for risk in chosen))]
    return Section(step.title, tuple(blocks))


def _risk_detail(risk: Risk) -> str:
    state = risk.state.capitalize()
    return f"{state}; owner: {risk.owner}" if risk.owner else state
