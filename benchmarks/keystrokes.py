"""Keystrokes to capture the Denise and Paul review, in Facilitator and in a plain text file.

``SCRIPT`` is the whole review as tests/test_whole_review.py drives it through Textual's
Pilot, written down as steps: every key pressed and every character typed, from set up
through the agenda, the notes, the conflict and the actions to Finish. Nothing is run: the
keys are counted (a chord such as ctrl+o, or a capital letter, is one key press; so it is
on both sides). ``plain_minutes`` is a text file holding the same facts as a minute-taker
would type them into an editor: the same strings, with the labels, punctuation and line
breaks (each line break one key press) that make them readable, and the facts Facilitator
fills in by itself (the date, the time, the chair, who raised a note, a due date typed as
"+3w") typed out in full.

The figure is Facilitator's key presses over the plain file's characters (target: at most
1.0, no more keys than a text editor), with where Facilitator's keys go (text, Enter after
a field, moving between steps and fields, picking a value), so an excess can be traced.

Keep ``SCRIPT`` in step with tests/test_whole_review.py: a change of keys there is a change
of this figure.

Usage: python -m benchmarks.keystrokes [--show]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PARTNERSHIP = "Youth Resource Centre & Youth Offending Team"
DENISE = ("Denise Godfrey", "Youth Service", "youth officer")
PAUL = ("Paul Howard", "Youth Offending Team", "YOT worker")
MEETING_AT = dt.datetime(2026, 11, 16, 14, 25)  # the test's fixed clock: the set-up form's date and time
VENUE = "Youth Resource Centre"
PURPOSE = "Review 18 months of joint projects"
AGENDA = ("Poster project", "Bike project", "Cooking programme")
DID_NOT_WORK = "Open session too distracting for the poster work"
BIKE = "Bike group arrive early and use the computers"
YOUNG_WOMAN = "A young woman now comes to the centre on her own"
COOK_FOR_OTHERS = "The cooking group want to cook for others"
CONFLICT = "Room use during opening hours"
PARTIES = "Youth Service, Youth Offending Team"
WAY_FORWARD = "Run the poster work outside opening hours"
SLOT = "Find a slot outside opening hours for the poster work"
SHARE = "Share the workshop programme with YOT workers"
SLOT_DUE_TYPED, SLOT_DUE = "+3w", dt.date(2026, 12, 7)  # three weeks from the meeting
SHARE_DUE = "2027-01-08"
COMMENT = "Better than in the spring"
NEXT_REVIEW = "2027-05-17"

# Why a key that is not text is pressed, for the breakdown.
ENTER = "Enter to take a field or add a row"
MOVE = "moving between steps, items and fields (F-keys, Tab, ctrl+o)"
PICK = "picking a value (who spoke, an owner, a style, a rating)"
FINISH = "Finish (ctrl+f, Enter past the closing review)"


@dataclass(frozen=True)
class Step:
    section: str
    text: str = ""  # typed character by character
    keys: tuple[tuple[str, str], ...] = ()  # (key, why), pressed after the text


def keys(why: str, *names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, why) for name in names)


def pick(downs: int) -> tuple[tuple[str, str], ...]:
    """Open a Select, move past its blank prompt to the option, choose it, Tab on (the test's ``pick``)."""
    return keys(PICK, "enter", *["down"] * downs, "enter") + keys(MOVE, "tab")


SET_UP, AGENDA_, NOTES, CONFLICTS, ACTIONS, CLOSE = "set up", "agenda", "notes", "conflict", "actions", "close"

SCRIPT: tuple[Step, ...] = (
    Step(SET_UP, keys=keys(MOVE, "n")),  # home: a new meeting
    Step(SET_UP, PARTNERSHIP, keys(ENTER, "enter")),
    *(Step(SET_UP, value, keys(ENTER, "enter")) for value in (*DENISE, *PAUL)),
    Step(SET_UP, keys=keys(MOVE, "tab", "tab", "tab", "tab") + keys(ENTER, "enter", "enter")),  # date, time as given
    Step(SET_UP, VENUE, keys(ENTER, "enter")),
    Step(SET_UP, PURPOSE, keys(ENTER, "enter")),
    *(Step(AGENDA_, title, keys(ENTER, "enter")) for title in AGENDA),
    Step(AGENDA_, keys=keys(MOVE, "ctrl+o")),  # start the first item
    Step(NOTES, keys=keys(MOVE, "f3") + keys(PICK, "ctrl+t")),  # What worked; this one did not
    Step(
        NOTES, DID_NOT_WORK, keys(ENTER, "enter") + keys(PICK, "ctrl+t") + keys(MOVE, "ctrl+o") + keys(PICK, "ctrl+r")
    ),
    Step(NOTES, BIKE, keys(ENTER, "enter") + keys(MOVE, "ctrl+o") + keys(PICK, "ctrl+r", "ctrl+r")),
    Step(NOTES, YOUNG_WOMAN, keys(ENTER, "enter")),
    Step(NOTES, COOK_FOR_OTHERS, keys(ENTER, "enter")),
    Step(CONFLICTS, keys=keys(MOVE, "f4")),
    Step(CONFLICTS, CONFLICT, keys(ENTER, "enter")),
    Step(CONFLICTS, PARTIES, keys(ENTER, "enter")),
    Step(CONFLICTS, WAY_FORWARD, keys(ENTER, "enter") + keys(PICK, "4")),  # 4: compromising
    Step(ACTIONS, keys=keys(MOVE, "f6")),
    Step(ACTIONS, SLOT, keys(ENTER, "enter") + keys(PICK, "ctrl+r") + keys(ENTER, "enter")),
    Step(ACTIONS, SLOT_DUE_TYPED, keys(ENTER, "enter")),
    Step(ACTIONS, SHARE, keys(ENTER, "enter") + keys(PICK, "ctrl+r", "ctrl+r") + keys(ENTER, "enter")),
    Step(ACTIONS, SHARE_DUE, keys(ENTER, "enter")),
    Step(CLOSE, keys=keys(MOVE, "f7")),
    Step(CLOSE, keys=pick(3)),  # cooperation
    Step(CLOSE, keys=pick(3)),  # time: 3 fair
    Step(CLOSE, keys=pick(4)),  # trust: 4 good
    Step(CLOSE, keys=pick(3)),  # turf: 3 fair
    Step(CLOSE, COMMENT, keys(ENTER, "enter")),
    # Finish keeps a date typed but not yet entered; Enter finishes anyway past the closing review (no summary).
    Step(CLOSE, NEXT_REVIEW, keys(FINISH, "ctrl+f", "enter")),
)


def key_names(steps: Iterable[Step]) -> list[str]:
    """Every key of ``steps`` in order, as a terminal would send them: each character typed, then the keys."""
    return [key for step in steps for key in (*step.text, *(name for name, _ in step.keys))]


def plain_minutes() -> str:
    """The same facts, as typed into a text editor (ASCII: a hyphen where print would use a dash)."""

    def person(name: str, organisation: str, role: str) -> str:
        return f"{name}, {organisation}, {role}"

    denise, paul = DENISE[0], PAUL[0]
    lines = [
        PARTNERSHIP,
        f"Date: {MEETING_AT:%Y-%m-%d %H:%M}",
        f"Venue: {VENUE}",
        f"Purpose: {PURPOSE}",
        f"Attendees: {person(*DENISE)} (chair); {person(*PAUL)}",
        "",
        AGENDA[0],  # the agenda items are the headings the notes go under
        f"Did not work: {DID_NOT_WORK} ({denise})",
        AGENDA[1],
        f"Worked: {BIKE} ({paul})",
        AGENDA[2],
        f"Worked: {YOUNG_WOMAN} ({denise})",
        f"Worked: {COOK_FOR_OTHERS} ({denise})",
        "",
        f"Conflict: {CONFLICT}",
        f"Between: {PARTIES}",
        "Handled: compromising; way forward agreed",
        f"Way forward: {WAY_FORWARD}",
        "",
        f"Action: {SLOT} - {denise} - {SLOT_DUE:%Y-%m-%d}",
        f"Action: {SHARE} - {paul} - {SHARE_DUE}",
        "",
        "Health: cooperation; time 3, trust 4, turf 3",
        f"Comment: {COMMENT}",
        f"Next review: {NEXT_REVIEW}",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Keystrokes:
    app_keys: int
    plain_keys: int
    app_why: dict[str, int]  # Facilitator's keys by what they are for, most first
    app_by_section: dict[str, int]
    plain_why: dict[str, int]

    @property
    def ratio(self) -> float:
        return self.app_keys / self.plain_keys


def run() -> Keystrokes:
    """Facilitator's key presses and the plain file's characters, with where each side's keys go."""
    return count(SCRIPT, plain_minutes())


def count(script: tuple[Step, ...], plain: str) -> Keystrokes:
    """The keys of ``script`` against the characters of ``plain``, the same facts typed into a file."""
    app_why: collections.Counter[str] = collections.Counter()
    by_section: collections.Counter[str] = collections.Counter()
    for step in script:
        app_why["text"] += len(step.text)
        for _, why in step.keys:
            app_why[why] += 1
        by_section[step.section] += len(step.text) + len(step.keys)
    same_text = sum(len(step.text) for step in script if step.text and step.text in plain)
    breaks = plain.count("\n")
    return Keystrokes(
        app_keys=sum(app_why.values()),
        plain_keys=len(plain),
        app_why=dict(app_why.most_common()),
        app_by_section=dict(by_section),
        plain_why={
            "the same text as typed in Facilitator": same_text,
            "line breaks": breaks,
            "labels, punctuation, and facts Facilitator fills in or takes in short": len(plain) - same_text - breaks,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the plain minutes file counted")
    args = parser.parse_args()
    report(run(), show=args.show)


def report(
    result: Keystrokes, *, show: bool = False, title: str = "The Denise and Paul review", plain: str | None = None
) -> None:
    print(
        f"{title}: {result.app_keys} key presses in Facilitator, "
        f"{result.plain_keys} in a plain text file: {result.ratio:.2f}x   (target: <= 1.0x)"
    )
    print("  Facilitator's keys:")
    for why, count in result.app_why.items():
        print(f"    {count:>5}  {why}")
    print("  by section: " + ", ".join(f"{section} {count}" for section, count in result.app_by_section.items()))
    print("  the plain file's keys:")
    for why, count in result.plain_why.items():
        print(f"    {count:>5}  {why}")
    if show:
        print()
        print(plain_minutes() if plain is None else plain, end="")


if __name__ == "__main__":
    main()
