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
