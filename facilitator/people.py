"""Who is in the meeting, as the facilitator types and credits them."""

from __future__ import annotations

from facilitator.cycle import following
from facilitator.model import Meeting


def speakers(meeting: Meeting) -> list[str]:
    """Who can be credited with a note: those present, in order."""
    return [attendee.name for attendee in meeting.present]


def next_speaker(meeting: Meeting, current: str) -> str:
    """The next name in the cycle of present attendees, then nobody in particular ('')."""
    return following([*speakers(meeting), ""], current)


def attendee_named(meeting: Meeting, typed: str) -> str:
    """The attendee meant by what was typed: the same name in any case, or the one attendee
    whose name or surname starts with it ('paul', 'How'); else what was typed, as it was.

    A facilitator types the first few letters of an owner and moves on; an ambiguous or
    unknown name is kept as typed (an action may well be owned by someone not in the room).
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
