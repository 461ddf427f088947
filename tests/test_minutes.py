"""Minutes rendered from a meeting, as Markdown and as plain text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from facilitator.document_schema import from_document
from facilitator.minutes import render_markdown, render_text
from facilitator.model import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Attendee,
    Conflict,
    HealthCheck,
    Meeting,
    MeetingStatus,
    Note,
    NoteKind,
    Outcome,
    PartnershipLevel,
)
from facilitator.text import display_width

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
# The November demo, item by item (issue 15): each agenda item, then what no item held, then the rest.
ITEMS = [
    "Item 1: Actions from last time",
    "Item 2: Poster project",
    "Item 3: Bike project",
    "Item 4: Cooking programme",
]
SECTIONS = [*ITEMS, "General", "Conflicts", "Actions", "Health check", "Next review"]
MD = MarkdownIt("commonmark").enable("table")
HOSTILE = ["\x1b", "\x9b", "\x07", "\x00", "\r", "\u202e", "\u2066"]


def load(name: str) -> Meeting:
    return from_document(json.loads((DEMO / name).read_text(encoding="utf-8")))


@pytest.fixture
def november() -> Meeting:
    return load("2026-11-16-youth-centre-yot-review.json")


@pytest.fixture
def may() -> Meeting:
    return load("2026-05-11-youth-centre-yot-review.json")


def bare_meeting(**changes: object) -> Meeting:
    return Meeting(partnership="Bare Partnership", date=dt.date(2026, 3, 2), **changes)  # type: ignore[arg-type]


# --- reading parsed Markdown ----------------------------------------------------------------


def headings(tokens: list[Token], tag: str) -> list[str]:
    return [
        tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open" and token.tag == tag
    ]


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table, as rows of its cells' inline source."""
    found: list[list[list[str]]] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type in ("th_open", "td_open"):
            found[-1][-1].append(tokens[index + 1].content)
    return found


def table_rows(tokens: list[Token]) -> list[list[str]]:
    """The rows of the actions table (the one headed What, Who, Due)."""
    return next(table for table in tables(tokens) if table[0][:3] == ["What", "Who", "Due"])


def plain(token: Token) -> str:
    """The text a reader sees in an inline token."""
    return "".join(child.content for child in token.children or [] if child.type in ("text", "text_special"))


def section(tokens: list[Token], title: str) -> list[Token]:
    """The tokens of the h2 section ``title``, its heading included, up to the next h2 or the footer."""
    start = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and tokens[i + 1].content == title)
    end = next(
        (
            i
            for i in range(start + 1, len(tokens))
            if (tokens[i].type == "heading_open" and tokens[i].tag == "h2")
            or (tokens[i].type == "paragraph_open" and tokens[i + 1].content == "*Minutes produced by Facilitator.*")
        ),
        len(tokens),
    )
    return tokens[start:end]


def bullets_under(tokens: list[Token], heading: str) -> dict[str, list[str]]:
    """Under the h3 ``heading``: each bold lead-in ('Worked:') with the texts of the list after it."""
    start = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and tokens[i + 1].content == heading)
    groups: dict[str, list[str]] = {}
    lead = ""
    depth = 0
    for index in range(start + 3, len(tokens)):
        token = tokens[index]
        if token.type == "heading_open":
            break
        if token.type == "bullet_list_open":
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "inline" and depth == 0:
            lead = plain(token)
            groups[lead] = []
        elif token.type == "inline":
            groups[lead].append(plain(token))
    return groups


# --- the November demo ----------------------------------------------------------------------


def test_markdown_has_the_heading_and_every_section_in_order(november: Meeting) -> None:
    tokens = MD.parse(render_markdown(november))
    assert headings(tokens, "h1") == ["Minutes: Youth Resource Centre & Youth Offending Team"]
    assert headings(tokens, "h2") == ["Summary", "Matters arising", *SECTIONS]
    # Under each item: what was said (by step), decided and agreed; one conflict needs no number.
    assert (
        headings(tokens, "h3")
        == [
            *("What worked / what did not", "Decided", "Actions agreed"),
            *("What worked / what did not", "Actions agreed"),
            *("What worked / what did not", "Actions agreed"),
            "Decided",
            "Each partner's view",
            "Benefits of working together",
            "Health over time",
        ][: len(headings(tokens, "h3"))]
    )
    assert headings(section(tokens, "Item 2: Poster project"), "h3") == [
        "What worked / what did not",
        "Decided",
        "Actions agreed",
    ]
    assert headings(section(tokens, "Item 1: Actions from last time"), "h3") == []


def test_markdown_actions_table_lists_every_action(november: Meeting) -> None:
    rows = table_rows(MD.parse(render_markdown(november)))
    assert rows[0] == ["What", "Who", "Due", "Status"]
    assert [row[0] for row in rows[1:]] == [action.text for action in november.actions]
    assert [row[1] for row in rows[1:]] == [action.owner for action in november.actions]
    assert rows[1][2:] == ["11 Dec 2026", "open"]


def test_opening_details(november: Meeting) -> None:
    for output in (render_markdown(november), render_text(november)):
        assert "Monday 16 November 2026" in output
        assert "14:00–15:30" in output
        assert "Youth Resource Centre, meeting room" in output
        assert "Denise Godfrey (Youth Service, youth officer)" in output
        assert "Paul Howard (Youth Offending Team, YOT worker)" in output
        assert "Draft:" not in output  # closed, not in progress
        assert "draft minutes, to be approved at the next meeting" in output
        assert "Monday 17 May 2027" in output
    text = render_text(november).splitlines()
    apologies = text.index("Apologies:")
    assert text[apologies + 2].startswith(f"- {november.apologies[0].name} (")


def test_every_attendee_project_and_owner_appears(november: Meeting) -> None:
    names = [a.name for a in november.attendees] + [a.owner for a in november.actions]
    projects = [item.title for item in november.agenda]
    for output in (render_markdown(november), render_text(november)):
        for word in names + projects:
            assert word in output


def test_notes_are_grouped_under_their_project_worked_first(november: Meeting) -> None:
    tokens = MD.parse(render_markdown(november))
    poster = bullets_under(section(tokens, "Item 2: Poster project"), "What worked / what did not")
    assert list(poster) == ["Worked:", "Did not work:"]
    assert len(poster["Worked:"]) == 1
    assert len(poster["Did not work:"]) == 2
    assert poster["Did not work:"][1].endswith("— raised by Denise Godfrey")
    bike = bullets_under(section(tokens, "Item 3: Bike project"), "What worked / what did not")
    assert list(bike) == ["Worked:"]  # no empty 'Did not work:' group
    expected = [f"{n.text} — raised by {n.raised_by}" for n in november.notes if n.agenda_item == november.agenda[2].id]
    assert bike["Worked:"] == expected


def test_notes_without_a_project_come_last_under_general(may: Meeting) -> None:
    tokens = MD.parse(render_markdown(may))
    items = ["Item 1: Bike project", "Item 2: Poster project", "Item 3: Use of the centre"]
    assert headings(tokens, "h2")[2:6] == [*items, "General"]
    general = bullets_under(section(tokens, "General"), "What worked / what did not")
    assert general == {"Worked:": [f"{may.notes[3].text} — raised by Denise Godfrey"]}


def test_a_note_whose_agenda_item_was_removed_is_not_lost() -> None:
    kept = AgendaItem("Kept")
    meeting = bare_meeting(
        agenda=[kept],
        notes=[Note("Orphan", agenda_item="deleted-item"), Note("Tied", NoteKind.DID_NOT_WORK, agenda_item=kept.id)],
    )
    tokens = MD.parse(render_markdown(meeting))
    assert headings(tokens, "h2") == ["Item 1: Kept", "General"]
    assert bullets_under(section(tokens, "General"), "What worked / what did not") == {"Worked:": ["Orphan"]}
    assert bullets_under(section(tokens, "Item 1: Kept"), "What worked / what did not") == {"Did not work:": ["Tied"]}


def test_a_note_without_raiser_has_no_raised_by() -> None:
    meeting = bare_meeting(notes=[Note("Quiet win")])
    assert "- Quiet win\n" in render_markdown(meeting)
    assert "raised by" not in render_text(meeting)


def test_conflict_is_described(november: Meeting) -> None:
    for output in (render_markdown(november), render_text(november)):
        assert "compromising" in output
        assert "way forward agreed" in output
        assert november.conflicts[0].way_forward in output
        assert "Denise Godfrey, Paul Howard" in output


def test_unsettled_conflict(may: Meeting) -> None:
    text = render_text(may)
    assert "How handled" not in text  # not yet settled: nothing to say, so nothing said
    assert "Way forward" not in text
    assert "State:   open" in text


def test_health_check(november: Meeting) -> None:
    markdown, text = render_markdown(november), render_text(november)
    assert "**Himmelman level:** cooperation\\\n**Time:** 3/5\\\n**Trust:** 4/5\\\n**Turf:** 3/5\\\n" in markdown
    assert "Himmelman level: cooperation\nTime:            3/5\nTrust:           4/5\nTurf:            3/5\n" in text
    for output in (markdown, text):
        assert f"Comment: {november.health.comment}" in " ".join(output.replace("*", "").split())


def test_markdown_ends_with_an_emphasised_credit(november: Meeting) -> None:
    markdown = render_markdown(november)
    assert markdown.endswith("\n\n*Minutes produced by Facilitator.*\n")
    last = [token for token in MD.parse(markdown) if token.type == "inline"][-1]
    assert [child.type for child in last.children or []] == ["em_open", "text", "em_close"]
    assert render_text(november).endswith("\n\nMinutes produced by Facilitator.\n")


# --- plain text -----------------------------------------------------------------------------


def test_text_has_no_markdown(november: Meeting) -> None:
    text = render_text(november)
    assert "|" not in text
    assert "**" not in text
    assert not any(line.startswith("#") for line in text.splitlines())
    lines = text.splitlines()
    for title in ["Minutes: Youth Resource Centre & Youth Offending Team", *SECTIONS]:
        index = lines.index(title)
        assert set(lines[index + 1]) in ({"="}, {"-"})
        assert len(lines[index + 1]) == len(title)


def column_starts(line: str, words: list[str]) -> list[int]:
    """The terminal column at which each of ``words`` starts in ``line``."""
    return [display_width(line[: line.index(word)]) for word in words]


def test_text_actions_table_lines_up_even_with_wide_characters() -> None:
    meeting = bare_meeting(
        actions=[
            Action("Book the hall 🎉🎉", "Zoë Brontë", dt.date(2027, 1, 8)),
            Action("日本語のチラシを印刷する", "Paul Howard", status=ActionStatus.DONE),
            Action("Short", due=dt.date(2027, 12, 31)),
        ]
    )
    lines = render_text(meeting).splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("What ") and "Who" in line)
    assert lines[header + 1].startswith("----")
    starts = column_starts(lines[header], ["Who", "Due", "Status"])
    rows = lines[header + 2 : header + 5]
    assert column_starts(rows[0], ["Zoë", "8 Jan 2027", "open"]) == starts
    assert column_starts(rows[1], ["Paul", "(no date)", "done"]) == starts
    assert column_starts(rows[2], ["(no owner)", "31 Dec 2027", "open"]) == starts
    assert "Carried" not in lines[header]


def test_text_table_wraps_long_actions_within_their_column() -> None:
    long_text = "Write to every partner agency about the new evening slot and ask who can staff it " * 3
    meeting = bare_meeting(actions=[Action(long_text, "Denise Godfrey", dt.date(2027, 1, 8)), Action("Next", "Paul")])
    lines = render_text(meeting).splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("What ") and "Who" in line)
    who = lines[header].index("Who")
    table = lines[header + 2 : lines.index("Minutes produced by Facilitator.") - 1]
    assert all(len(line) <= who or line[who - 2 : who] == "  " for line in table)
    what = [line[:who].strip() for line in table]
    assert " ".join(part for part in what if part and part != "Next") == long_text.strip()
    assert "" in table  # rows are spaced once one of them wraps
    assert table[0][who:].startswith("Denise Godfrey")


def test_multi_line_notes_stay_in_their_list_item() -> None:
    item = AgendaItem("Bike project")
    meeting = bare_meeting(
        agenda=[item],
        notes=[Note("First line\n- not a new bullet\n# nor a heading", raised_by="Paul", agenda_item=item.id)],
    )
    tokens = MD.parse(render_markdown(meeting))
    assert sum(token.type == "list_item_open" for token in tokens) == 1  # the note, under its item
    assert headings(tokens, "h2") == ["Item 1: Bike project"]
    assert headings(tokens, "h3") == ["What worked / what did not"]
    text = render_text(meeting)
    assert "- First line\n  - not a new bullet\n  # nor a heading — raised by Paul\n" in text


# --- carried actions, missing owners and dates -------------------------------------------------


def test_carried_column_only_when_something_was_carried(may: Meeting) -> None:
    may.actions[1] = dataclasses.replace(may.actions[1], carried=0)
    assert "Carried" not in render_markdown(may)
    may.actions[1] = dataclasses.replace(may.actions[1], carried=2)
    rows = table_rows(MD.parse(render_markdown(may)))
    assert rows[0] == ["What", "Who", "Due", "Status", "Carried"]
    assert [row[4] for row in rows[1:]] == ["0", "2", "0"]
    assert [row[3] for row in rows[1:]] == ["done", "open", "dropped"]
    assert "Carried" in render_text(may)


def test_matters_arising_say_what_became_of_each_earlier_action_and_the_last_minutes(november: Meeting) -> None:
    tokens = MD.parse(render_markdown(november))
    arising = tables(tokens)[0]
    assert arising[0] == ["Action from an earlier meeting", "Who", "Agreed", "What happened"]
    outcomes = [row[3] for row in arising[1:]]
    assert outcomes[:2] == ["done", "carried forward"]
    assert outcomes[2].startswith("dropped: A second evening needs a second paid worker")
    assert bullets_under(tokens, "Matters arising")["Corrections (recorded, not written into those minutes):"] == [
        "The bike group meets on Thursdays, not Wednesdays as the draft said"
    ]
    text = render_text(november)
    assert "Minutes of Monday 11 May 2026: approved with corrections" in " ".join(text.split())


def test_an_action_carried_again_counts_the_times_and_a_replanned_one_says_how(november: Meeting) -> None:
    november.arising[1].carried = 1  # already carried once before
    november.arising[0].outcome = Outcome.REPLANNED
    november.arising[0].new_owner = "Paul Howard"
    november.arising[0].new_due = dt.date(2027, 1, 15)
    outcomes = [row[3] for row in tables(MD.parse(render_markdown(november)))[0][1:]]
    assert outcomes[:2] == ["re-planned, now Paul Howard, due 15 Jan 2027", "carried forward (2nd time)"]


def test_missing_owner_and_date_are_flagged() -> None:
    meeting = bare_meeting(actions=[Action("Find a venue")])
    rows = table_rows(MD.parse(render_markdown(meeting)))
    assert rows[1] == ["Find a venue", "(no owner)", "(no date)", "open"]
    assert "(no owner)" in render_text(meeting)
    assert "(no date)" in render_text(meeting)


# --- an empty meeting, a draft --------------------------------------------------------------


def test_an_empty_meeting_says_only_what_happened() -> None:
    meeting = bare_meeting()
    markdown, text = render_markdown(meeting), render_text(meeting)
    tokens = MD.parse(markdown)
    assert headings(tokens, "h2") == []  # nothing happened: no section says so at length (issue 15, item 10)
    assert not any(token.type == "table_open" for token in tokens)
    for output in (markdown, text):
        for sentence in (
            "No agenda items.",
            "No notes recorded.",
            "No conflicts recorded.",
            "No actions agreed.",
            "Not recorded.",
            "Not set.",
            "Nobody recorded as present.",
            "Apologies: none.",
        ):
            assert sentence not in output
        assert "Draft: meeting in progress" in output
        assert "Monday 2 March 2026" in output
        assert "Time" not in output
        assert "Venue" not in output
    assert "**Draft: meeting in progress**" in markdown


def test_health_with_only_a_comment_is_shown() -> None:
    meeting = bare_meeting(health=HealthCheck(comment="Too early to rate"))
    text = render_text(meeting)
    assert "Not recorded." not in text
    assert "not recorded" not in text  # nobody rated: no level or rating rows, and no scale to read them by
    assert "not rated" not in text
    assert "Ratings run from" not in text
    assert "Comment: Too early to rate" in text


def test_partial_health_and_times() -> None:
    meeting = bare_meeting(start=dt.time(9, 30), health=HealthCheck(PartnershipLevel.NETWORKING, trust=5))
    text = render_text(meeting)
    assert "Time: from 09:30" in text
    assert "networking" in text
    assert "Trust:           5/5" in text
    assert "Time:            " not in text  # a measure nobody rated is left out


def test_closed_meeting_states_its_status(november: Meeting) -> None:
    assert "**Status:** closed" in render_markdown(november)
    reopened = dataclasses.replace(november, status=MeetingStatus.IN_PROGRESS)
    assert "Draft: meeting in progress" in render_markdown(reopened)
    assert "Status:" not in render_text(reopened)


# --- hostile text ---------------------------------------------------------------------------


def hostile_meeting() -> Meeting:
    item = AgendaItem("\x9b31mPoster\u202e project", notes="a\x1b[2Jb")
    return Meeting(
        partnership="Evil \x1b]0;pwned\x07 Ltd # | *",
        date=dt.date(2026, 11, 16),
        venue="Room\r\n## 1",
        purpose="\x00",
        attendees=[Attendee("Mal\u2066lory", "Org | x", chair=True), Attendee("Eve", attendance=Attendance.APOLOGIES)],
        agenda=[item],
        notes=[
            Note("Clear screen \x1b[2J now", raised_by="Mal\x1b[8mlory", agenda_item=item.id),
            Note("# Heading\n---\n| a | b |", NoteKind.DID_NOT_WORK),
        ],
        conflicts=[Conflict("\x1b[5mblink", ["<b>Eve</b>"], way_forward="[x](javascript:alert(1))")],
        actions=[Action("Pay | Mallory | now\x1b[0m", "## Eve", dt.date(2027, 1, 1))],
        health=HealthCheck(comment="\u202egnirts desrever"),
    )


def test_no_control_character_reaches_either_output() -> None:
    meeting = hostile_meeting()
    for output in (render_markdown(meeting), render_text(meeting)):
        for char in HOSTILE:
            assert char not in output
    assert "Clear screen ␛[2J now" in render_text(meeting)  # shown, not obeyed
    assert "Clear screen ␛\\[2J now" in render_markdown(meeting)


def test_hostile_text_cannot_change_the_markdown_structure() -> None:
    tokens = MD.parse(render_markdown(hostile_meeting()))
    assert len(headings(tokens, "h1")) == 1
    assert headings(tokens, "h2") == [
        "Item 1: \ufffd31mPoster project",
        "General",
        "Conflicts",
        "Actions",
        "Health check",
    ]
    assert headings(tokens, "h3") == ["What worked / what did not", "What worked / what did not", "Actions agreed"]
    assert not any(token.type in ("html_block", "hr", "fence", "code_block", "blockquote_open") for token in tokens)
    inline_types = {child.type for token in tokens if token.type == "inline" for child in token.children or []}
    assert not inline_types & {"html_inline", "link_open", "image", "code_inline"}
    rows = table_rows(tokens)
    assert [len(row) for row in rows] == [4, 4]
    cells = [plain(token) for token in tokens if token.type == "inline"]
    assert "Pay | Mallory | now␛[0m" in cells
    assert "## Eve" in cells


def test_hostile_text_output_has_no_headings_or_stray_lines() -> None:
    text = render_text(hostile_meeting())
    assert not any(line.startswith("#") for line in text.splitlines())
    assert "Venue:   Room\n         ## 1\n" in text  # a line break in a field stays inside the field
    assert "Issue:       ␛[5mblink\n" in text
    assert "Way forward: [x](javascript:alert(1))\n" in text
