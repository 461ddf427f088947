"""Keystrokes to capture a first planning meeting, in Facilitator and in a plain text file.

``SCRIPT`` is the meeting as tests/test_planning_meeting.py drives it through Textual's Pilot
(the test runs these very steps): a youth worker and a community project worker plan a summer
arts week on the planning template, with four agenda items, a housing officer named as also
involved who owns an action, due dates in words ("before Easter", "end of March"), who brings
what, an open question with an owner, a note moved to the item it belongs to, and a summary
typed at Close. ``plain_minutes`` holds the same facts as a minute-taker would type them into
an editor, with the facts Facilitator fills in by itself (the date, the time, who spoke, the
dates the words mean) typed out in full. Keys are counted as in benchmarks/keystrokes.py.

Usage: python -m benchmarks.keystrokes_planning [--show]
"""

from __future__ import annotations

import argparse
import datetime as dt

from benchmarks.keystrokes import ENTER, FINISH, MOVE, PICK, Keystrokes, Step, count, keys, report

PARTNERSHIP = "Riverside Summer Arts Week"
GILL = ("Gill Marsh", "Youth Service", "youth worker")
JUN = ("Jun Okafor", "Riverside Community Project", "community project worker")
SAM = ("Sam Patel", "Riverside Housing", "housing officer")  # named, not in the room: also involved
MEETING_AT = dt.datetime(2027, 2, 15, 10, 0)  # the test's fixed clock; Easter Sunday 2027 is 28 March
VENUE = "Riverside Community Centre"
PURPOSE = "Plan a summer arts week together"
AGENDA = ("Aims of the week", "Venue and staff", "Young people", "Money")
GILL_INITIALS, JUN_INITIALS, SAM_INITIALS = "gi", "ju", "sa"
PARTNER_INITIALS = "ys"  # Youth Service
MET = "Gill and Jun first met at the youth forum"  # before any item runs: General
AIM = "A week of arts sessions for 14 to 16 year olds"
CHOOSE = "Young people choose the art forms"
STAFF = "Two youth workers for the week"  # Youth Service: staff
HALL = "The community centre hall in the mornings"  # Riverside Community Project: premises
MINIBUS = "The minibus for trips out"  # Riverside Community Project: equipment
LEAVING_CARE = "Sam knows young people leaving care who might come"  # said under Venue, moved to Young people
NAMES = "Send names of young people who might join"
NAMES_DUE, NAMES_BY = "before Easter", dt.date(2027, 3, 27)
DECISION = "Apply to the council's summer fund"
WHY = "Neither partner has money for materials"
BID = "Draft the funding bid"
BID_DUE, BID_BY = "end of March", dt.date(2027, 3, 31)
QUESTION = "Will the fund decide before June?"
RISK = "Staff may be on leave in August"
NEXT_REVIEW, NEXT_REVIEW_BY = "after Easter", dt.date(2027, 4, 4)
SUMMARY = "A summer arts week is planned; Sam sends names before Easter"

SET_UP, AGENDA_, NOTES, OFFERS, ACTIONS, DECISIONS, RISKS, CLOSE = (
    "set up",
    "agenda",
    "notes",
    "who brings what",
    "actions",
    "decisions",
    "risks",
    "close",
)

SCRIPT: tuple[Step, ...] = (
    # Home: a new meeting; the template box, down to the planning template, back to the partnership.
    Step(SET_UP, keys=keys(MOVE, "n", "shift+tab") + keys(PICK, "enter", "down", "enter") + keys(MOVE, "tab")),
    Step(SET_UP, PARTNERSHIP, keys(ENTER, "enter")),
    *(Step(SET_UP, value, keys(ENTER, "enter")) for value in (*GILL, *JUN)),
    Step(SET_UP, keys=keys(MOVE, "tab", "tab", "tab", "tab") + keys(ENTER, "enter", "enter")),  # date, time as given
    Step(SET_UP, VENUE, keys(ENTER, "enter")),
    Step(SET_UP, PURPOSE, keys(MOVE, "tab")),  # on to the Also involved form, not Enter (which starts)
    *(Step(SET_UP, value, keys(ENTER, "enter")) for value in SAM),
    Step(SET_UP, keys=keys(ENTER, "enter") + keys(MOVE, "ctrl+s")),  # no email: added; start the meeting
    *(Step(AGENDA_, title, keys(ENTER, "enter")) for title in AGENDA),
    # Before the first item starts: Gill speaks (the Who box, by initials), a note for General.
    Step(NOTES, keys=keys(MOVE, "f3", "shift+tab")),
    Step(NOTES, GILL_INITIALS, keys(PICK, "enter")),
    Step(NOTES, MET, keys(ENTER, "enter") + keys(MOVE, "ctrl+o")),  # item 1 starts
    Step(NOTES, AIM, keys(ENTER, "enter") + keys(MOVE, "shift+tab")),
    Step(NOTES, JUN_INITIALS, keys(PICK, "enter")),
    Step(NOTES, CHOOSE, keys(ENTER, "enter") + keys(MOVE, "ctrl+o", "f4")),  # item 2; who brings what
    Step(OFFERS, PARTNER_INITIALS, keys(ENTER, "enter")),
    Step(OFFERS, STAFF, keys(ENTER, "enter") + keys(PICK, "ctrl+s", "ctrl+t")),  # the other partner; premises
    Step(OFFERS, HALL, keys(ENTER, "enter") + keys(PICK, "ctrl+t")),  # equipment
    Step(OFFERS, MINIBUS, keys(ENTER, "enter") + keys(MOVE, "f5")),
    # Said while Venue and staff runs, but it belongs to Young people: the table, m moves it on.
    Step(NOTES, LEAVING_CARE, keys(ENTER, "enter") + keys(MOVE, "ctrl+l") + keys(PICK, "m")),
    Step(ACTIONS, keys=keys(MOVE, "ctrl+o", "f9")),  # item 3
    Step(ACTIONS, NAMES, keys(ENTER, "enter")),
    Step(ACTIONS, SAM_INITIALS, keys(ENTER, "enter")),
    Step(ACTIONS, NAMES_DUE, keys(ENTER, "enter") + keys(MOVE, "ctrl+o", "f8")),  # item 4; decisions
    Step(DECISIONS, DECISION, keys(ENTER, "enter")),
    Step(DECISIONS, WHY, keys(ENTER, "enter") + keys(MOVE, "f9")),
    Step(ACTIONS, BID, keys(ENTER, "enter")),
    Step(ACTIONS, JUN_INITIALS, keys(ENTER, "enter")),
    Step(ACTIONS, BID_DUE, keys(ENTER, "enter") + keys(MOVE, "f7")),
    Step(RISKS, QUESTION, keys(ENTER, "enter")),
    Step(RISKS, GILL_INITIALS, keys(ENTER, "enter") + keys(PICK, "ctrl+t")),  # the next is a risk
    Step(RISKS, RISK, keys(ENTER, "enter", "enter")),  # no owner
    # Close: past the health check and the benefits to the next review, then the summary; Finish keeps both.
    Step(CLOSE, keys=keys(MOVE, "f10", *["tab"] * 6)),
    Step(CLOSE, NEXT_REVIEW, keys(MOVE, "tab")),
    Step(CLOSE, SUMMARY, keys(FINISH, "ctrl+f", "enter")),
)


def plain_minutes() -> str:
    """The same facts, as typed into a text editor (ASCII: a hyphen where print would use a dash)."""

    def person(name: str, organisation: str, role: str) -> str:
        return f"{name}, {organisation}, {role}"

    gill, jun, sam = GILL[0], JUN[0], SAM[0]
    lines = [
        PARTNERSHIP,
        f"Date: {MEETING_AT:%Y-%m-%d %H:%M}",
        f"Venue: {VENUE}",
        f"Purpose: {PURPOSE}",
        f"Present: {person(*GILL)} (chair); {person(*JUN)}",
        f"Also involved: {person(*SAM)}",
        f"Summary: {SUMMARY}",
        "",
        AGENDA[0],
        f"- {AIM} ({gill})",
        f"- {CHOOSE} ({jun})",
        AGENDA[1],
        f"- {GILL[1]}: staff: {STAFF}",
        f"- {JUN[1]}: premises: {HALL}",
        f"- {JUN[1]}: equipment: {MINIBUS}",
        AGENDA[2],
        f"- {LEAVING_CARE} ({jun})",
        f"- Action: {NAMES} - {sam} - {NAMES_DUE} ({NAMES_BY:%Y-%m-%d})",
        AGENDA[3],
        f"- Decided: {DECISION}, because {WHY}",
        f"- Action: {BID} - {jun} - {BID_DUE} ({BID_BY:%Y-%m-%d})",
        f"- Question: {QUESTION} - {gill}",
        f"- Risk: {RISK}",
        "General",
        f"- {MET} ({gill})",
        "",
        f"Next review: {NEXT_REVIEW} ({NEXT_REVIEW_BY:%Y-%m-%d})",
    ]
    return "\n".join(lines) + "\n"


def run() -> Keystrokes:
    """Facilitator's key presses and the plain file's characters, counted as benchmarks.keystrokes counts them."""
    return count(SCRIPT, plain_minutes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the plain minutes file counted")
    args = parser.parse_args()
    report(run(), show=args.show, title="The first planning meeting", plain=plain_minutes())


if __name__ == "__main__":
    main()
