"""Who is in the meeting, as the facilitator types and credits them.

Three kinds of people are listed with a meeting: those present, those who sent apologies, and
those "also involved": named in the meeting but not in the room (a colleague who will do the
leaflet, a contact at another organisation). Only those present speak, count as partners and
take positions; anyone listed may own an action, and an owner typed who is not listed yet can
be added as also involved (``unknown_owner``).
"""

from __future__ import annotations

from facilitator.cycle import following
from facilitator.model import Attendance, Attendee, Meeting

# How each attendance reads to a person: in set up's table and its cycle.
ATTENDANCE_TEXT = {
    Attendance.PRESENT: "present",
    Attendance.APOLOGIES: "apologies",
    Attendance.INVOLVED: "also involved",
}
# The order the set-up screen's attendance key goes round.
ATTENDANCE_CYCLE = (Attendance.PRESENT, Attendance.APOLOGIES, Attendance.INVOLVED)


def attendance_text(attendance: Attendance) -> str:
    return ATTENDANCE_TEXT[Attendance(attendance)]


def speakers(meeting: Meeting) -> list[str]:
    """Who can be credited with a note: those present, in order."""
    return [attendee.name for attendee in meeting.present]


def next_speaker(meeting: Meeting, current: str) -> str:
    """The next name in the cycle of present attendees, then nobody in particular ('')."""
    return following([*speakers(meeting), ""], current)


def owners(meeting: Meeting) -> list[str]:
    """Who an action is usually given to: those present, then those also involved."""
    return [attendee.name for attendee in (*meeting.present, *meeting.involved)]


def next_owner(meeting: Meeting, current: str) -> str:
    """The next name in the cycle of owners (present, then also involved), then nobody ('')."""
    return following([*owners(meeting), ""], current)


def attendee_named(meeting: Meeting, typed: str) -> str:
    """The attendee meant by what was typed: the same name in any case, or the one attendee
    whose name or surname starts with it ('paul', 'How'); else what was typed, as it was.

    Everyone listed counts, the also involved too. A facilitator types the first few letters
    of an owner and moves on; an ambiguous or unknown name is kept as typed (an action may well
    be owned by someone not in the room: ``unknown_owner`` says when to offer to list them).
    """
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return typed.strip()
    names = [attendee.name for attendee in meeting.attendees]
    exact = [name for name in names if name.casefold() == wanted]
    if exact:
        return exact[0]
    starts = [
        name
        for name in names
        if name.casefold().startswith(wanted) or any(word.startswith(wanted) for word in name.casefold().split())
    ]
    return starts[0] if len(starts) == 1 else typed.strip()


def person_named(meeting: Meeting, name: str) -> Attendee | None:
    """The person listed with exactly this name (any case), or None."""
    wanted = " ".join(name.split()).casefold()
    return next((a for a in meeting.attendees if " ".join(a.name.split()).casefold() == wanted), None)


def unknown_owner(meeting: Meeting, owner: str) -> str:
    """The owner's name when nobody listed has it, to offer to add them as also involved; else ''.

    Nothing is offered for a name listed (any case), nor for the first letters of a listed name
    that ``attendee_named`` could not settle ('Pa' with Paul and Pat listed): those are a person
    not yet chosen, not a new one.
    """
    name = " ".join(owner.split())
    wanted = name.casefold()
    if not name or person_named(meeting, name) is not None:
        return ""
    for attendee in meeting.attendees:
        folded = attendee.name.casefold()
        if folded.startswith(wanted) or any(word.startswith(wanted) for word in folded.split()):
            return ""
    return name


def initials(name: str) -> str:
    """The first letter of each word of a name, in lower case: 'Denise Godfrey' -> 'dg'."""
    return "".join(word[0] for word in name.casefold().split())


def speakers_meant(meeting: Meeting, typed: str) -> list[str]:
    """Those present who could be meant by what was typed, best match first; [] when nobody is.

    The same name in any case; else the initials ('dg', 'DG'); else every name or surname that
    starts with it ('pau', 'How'). Several names back: the facilitator types more to choose.
    """
    wanted = " ".join(typed.split()).casefold()
    names = speakers(meeting)
    if not wanted:
        return []
    for matches in (
        [name for name in names if name.casefold() == wanted],
        [name for name in names if initials(name) == wanted.replace(" ", "").replace(".", "")],
        [
            name
            for name in names
            if name.casefold().startswith(wanted) or any(word.startswith(wanted) for word in name.casefold().split())
        ],
    ):
        if matches:
            return matches
    return []
