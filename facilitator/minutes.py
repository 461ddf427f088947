"""A meeting as readable minutes: Markdown for sharing, plain text for the terminal.

Both come from one outline (``outline``): a title, sections made of a few kinds of block, and
a footer. The outline holds text exactly as the meeting has it; each renderer cleans every
piece on the way out (``facilitator.text``), so neither can forget to.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from facilitator.dates import WEEKDAYS
from facilitator.model import (
    Action,
    AgendaItem,
    Approval,
    ArisingAction,
    Attendee,
    Conflict,
    HealthCheck,
    Meeting,
    MeetingStatus,
    Note,
    NoteKind,
    Outcome,
    label,
)
from facilitator.text import clean_block, clean_line, display_width, md_inline

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


def outline(meeting: Meeting) -> Outline:
    """Everything the minutes say, in order, not yet cleaned or formatted."""
    return Outline(
        title=f"Minutes: {meeting.partnership}",
        sections=(
            _opening(meeting),
            *_matters_arising(meeting),
            _agenda(meeting.agenda),
            _notes(meeting),
            _conflicts(meeting.conflicts),
            _actions(meeting.actions),
            _health(meeting.health),
            _next_review(meeting.next_review),
        ),
    )


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
                outcome_text(item),
            )
            for item in meeting.arising
        )
        blocks.append(Table(("Action from an earlier meeting", "Who", "Agreed", "What happened"), rows))
    return (Section("Matters arising", tuple(blocks)),) if blocks else ()


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


def _agenda(agenda: list[AgendaItem]) -> Section:
    if not agenda:
        return Section("Agenda", (Paragraph("No agenda items."),))
    items = tuple(Item(f"{item.title} ({item.time_box} min, {label(item.status)})", item.notes) for item in agenda)
    return Section("Agenda", (ItemList(items, numbered=True),))


def _notes(meeting: Meeting) -> Section:
    title = "What worked / what did not"
    if not meeting.notes:
        return Section(title, (Paragraph("No notes recorded."),))
    blocks: list[Block] = []
    for heading, notes in _notes_by_project(meeting):
        blocks.append(Subheading(heading))
        for kind, lead in ((NoteKind.WORKED, "Worked:"), (NoteKind.DID_NOT_WORK, "Did not work:")):
            chosen = [note for note in notes if note.kind is kind]
            if chosen:
                blocks += [Lead(lead), ItemList(tuple(Item(_note_text(note)) for note in chosen))]
    return Section(title, tuple(blocks))


def _notes_by_project(meeting: Meeting) -> Iterator[tuple[str, list[Note]]]:
    """Notes under their agenda item, in agenda order, then the rest under 'General'."""
    known = {item.id for item in meeting.agenda}
    for item in meeting.agenda:
        notes = [note for note in meeting.notes if note.agenda_item == item.id]
        if notes:
            yield item.title, notes
    general = [note for note in meeting.notes if note.agenda_item not in known]
    if general:
        yield "General", general


def _note_text(note: Note) -> str:
    return f"{note.text} — raised by {note.raised_by}" if note.raised_by else note.text


def _conflicts(conflicts: list[Conflict]) -> Section:
    if not conflicts:
        return Section("Conflicts", (Paragraph("No conflicts recorded."),))
    blocks: list[Block] = []
    for number, conflict in enumerate(conflicts, 1):
        rows = (
            ("Issue", conflict.issue),
            ("Between", ", ".join(conflict.parties) or "(nobody named)"),
            ("How handled", label(conflict.style) if conflict.style else "not yet settled"),
            ("State", label(conflict.state)),
            ("Way forward", conflict.way_forward or "(none agreed yet)"),
        )
        blocks += [Subheading(f"Conflict {number}"), Fields(rows)]
    return Section("Conflicts", tuple(blocks))


def _actions(actions: list[Action]) -> Section:
    if not actions:
        return Section("Actions", (Paragraph("No actions agreed."),))
    show_carried = any(action.carried > 0 for action in actions)
    headers = ("What", "Who", "Due", "Status", *(("Carried",) if show_carried else ()))
    rows = tuple(_action_row(action, show_carried) for action in actions)
    return Section("Actions", (Table(headers, rows),))


def _action_row(action: Action, show_carried: bool) -> tuple[str, ...]:
    row = (
        action.text,
        action.owner or NO_OWNER,
        short_date(action.due) if action.due else NO_DATE,
        label(action.status),
    )
    return (*row, str(action.carried)) if show_carried else row


def _rating(value: int | None) -> str:
    return f"{value}/5" if value is not None else "not rated"


def _health(health: HealthCheck) -> Section:
    if health.is_empty and not health.comment:
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
    return Section("Health check", (Fields(tuple(rows)), Paragraph(scale)))


def _next_review(day: dt.date | None) -> Section:
    return Section("Next review", (Paragraph(long_date(day) if day else "Not set."),))


# --- Markdown -------------------------------------------------------------------------------


def render_markdown(meeting: Meeting) -> str:
    """The minutes as CommonMark (plus a pipe table for the actions)."""
    minutes = outline(meeting)
    parts = [f"# {md_inline(minutes.title)}"]
    for section in minutes.sections:
        if section.title:
            parts.append(f"## {md_inline(section.title)}")
        parts.extend(_md_block(block) for block in section.blocks)
    parts.append(f"*{md_inline(minutes.footer)}*")
    return "\n\n".join(parts) + "\n"


def _md_lines(text: str) -> list[str]:
    """Each non-empty line of possibly multi-line user text, escaped."""
    return [md_inline(line) for line in clean_block(text).split("\n") if line]


def _md_joined(text: str, indent: str = "") -> str:
    """Multi-line text kept in one paragraph, its lines split by hard breaks (a trailing '\\')."""
    return f"\\\n{indent}".join(_md_lines(text))


def _md_block(block: Block) -> str:
    match block:
        case Paragraph(text, strong):
            return f"**{md_inline(text)}**" if strong else _md_joined(text)
        case Fields(rows):
            return "\\\n".join(f"**{md_inline(name)}:** {_md_joined(value)}" for name, value in rows)
        case Lead(text):
            return f"**{md_inline(text)}**"
        case Subheading(text):
            return f"### {md_inline(text)}"
        case ItemList(items, numbered):
            return "\n".join(_md_item(item, number if numbered else None) for number, item in enumerate(items, 1))
        case Table(headers, rows):
            return "\n".join(_md_row(row) for row in (headers, ("---",) * len(headers), *rows))
    raise TypeError(f"no Markdown for {block!r}")  # pragma: no cover - a programming error


def _md_item(item: Item, number: int | None) -> str:
    marker = f"{number}. " if number is not None else "- "
    lines = _md_lines(item.text) + _md_lines(item.detail)
    return marker + f"\\\n{' ' * len(marker)}".join(lines)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell if cell == "---" else md_inline(cell) for cell in cells) + " |"


# --- plain text -----------------------------------------------------------------------------

# Widest a column of the actions table may grow before its cells wrap onto more lines.
TEXT_COLUMN_LIMITS = {"What": 48, "Who": 24}
TEXT_COLUMN_DEFAULT_LIMIT = 20


def render_text(meeting: Meeting) -> str:
    """The minutes for a terminal: no markup, headings underlined, the actions in columns."""
    minutes = outline(meeting)
    parts = [_underlined(minutes.title, "=")]
    for section in minutes.sections:
        if section.title:
            parts.append(_underlined(section.title, "-"))
        parts.extend(_text_block(block) for block in section.blocks)
    parts.append(clean_line(minutes.footer))
    return "\n\n".join(parts) + "\n"


def _underlined(title: str, rule: str) -> str:
    shown = clean_line(title)
    return f"{shown}\n{rule * max(display_width(shown), 3)}"


def _text_lines(text: str) -> list[str]:
    return [line for line in clean_block(text).split("\n") if line]


def _hang(first: str, text: str) -> str:
    """``first`` then ``text``, its later lines indented to line up under the first."""
    lines = _text_lines(text) or [""]
    indent = " " * display_width(first)
    return "\n".join([(first + lines[0]).rstrip()] + [indent + line for line in lines[1:]])


def _text_block(block: Block) -> str:
    match block:
        case Paragraph(text, _):
            return "\n".join(_text_lines(text))
        case Fields(rows):
            names = [clean_line(name) + ":" for name, _ in rows]
            width = max(display_width(name) for name in names) + 1
            return "\n".join(_hang(_pad(name, width), value) for name, (_, value) in zip(names, rows, strict=True))
        case Lead(text) | Subheading(text):
            return clean_line(text)
        case ItemList(items, numbered):
            markers = [f"{number}. " if numbered else "- " for number in range(1, len(items) + 1)]
            width = max(len(marker) for marker in markers)
            return "\n".join(_text_item(item, marker.rjust(width)) for marker, item in zip(markers, items, strict=True))
        case Table(headers, rows):
            return _text_table(headers, rows)
    raise TypeError(f"no text for {block!r}")  # pragma: no cover - a programming error


def _text_item(item: Item, marker: str) -> str:
    lines = _text_lines(item.text) + _text_lines(item.detail)
    return _hang(marker, "\n".join(lines))


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _text_table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    """Columns padded to line up, long cells wrapped within their column, a rule under the headers."""
    limits = [TEXT_COLUMN_LIMITS.get(header, TEXT_COLUMN_DEFAULT_LIMIT) for header in headers]
    wrapped = [[_wrap(cell, limit) for cell, limit in zip(row, limits, strict=True)] for row in rows]
    heads = [[clean_line(header)] for header in headers]
    widths = [
        max(display_width(line) for cells in (heads, *wrapped) for line in cells[column])
        for column in range(len(headers))
    ]
    lines = [_table_line([cell[0] for cell in heads], widths)]
    lines.append(_table_line(["-" * width for width in widths], widths))
    # When a row takes several lines, a blank line between rows shows where each one ends.
    spaced = any(len(cell) > 1 for row in wrapped for cell in row)
    for number, row in enumerate(wrapped):
        if spaced and number:
            lines.append("")
        for index in range(max(len(cell) for cell in row)):
            lines.append(_table_line([cell[index] if index < len(cell) else "" for cell in row], widths))
    return "\n".join(lines)


def _table_line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(_pad(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _wrap(text: str, limit: int) -> list[str]:
    return textwrap.wrap(clean_line(text), limit, break_on_hyphens=False) or [""]
