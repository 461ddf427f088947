"""Hypothesis strategies for valid meetings and their parts, shared by the test modules.

Everything drawn here is something the model accepts as it stands: required text is
non-empty after stripping, times are to the minute (the JSON form is HH:MM), dates fall
between 1990 and 2100, attendee names are unique ignoring case, at most one person
chairs and a meeting never ends before it starts. Text is mostly ordinary but may carry
any unicode and, now and then, terminal control characters such as "\\x1b": the model
keeps them and the outputs neutralise them later. Lists are short so generation is quick.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from hypothesis import strategies as st

from facilitator.model import (
    MAX_TIME_BOX,
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Attendee,
    Conflict,
    ConflictState,
    ConflictStyle,
    HealthCheck,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Note,
    NoteKind,
    PartnershipLevel,
)

MAX_ITEMS = 5
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)

# Characters people never type on purpose but that turn up in pasted text.
CONTROLS = ("\x1b", "\x1b[31m", "\x00", "\x07", "\x08", "\r", "\n", "\t", "\x7f", "\u202e", "\u200b")

_characters = st.characters(exclude_categories=("Cs",))  # lone surrogates are not text
_everyday_words = st.sampled_from(
    (
        "Ann",
        "Riverside Trust",
        "food bank",
        "Café Nord",
        "Zoë",
        "Łódź council",
        "共同",
        "youth club",
        "O'Neill",
        "5 sites",
        "🙂",
    )
)


_piece = st.one_of(
    _everyday_words,
    st.just(" "),
    st.text(_characters, max_size=12),
    st.sampled_from(CONTROLS),
)


def _mixed_text(max_size: int) -> st.SearchStrategy[str]:
    """Ordinary words, any unicode, and the occasional control character, in any order."""
    return st.lists(_piece, max_size=6).map(lambda pieces: "".join(pieces)[:max_size])


@cache
def text(max_size: int = 120) -> st.SearchStrategy[str]:
    """Optional text: may be empty or only whitespace (the model strips it)."""
    return st.one_of(
        st.just(""),
        _everyday_words,
        _mixed_text(max_size),
        st.text(_characters, max_size=max_size),
        _long_text(max_size),
    )


def _long_text(max_size: int) -> st.SearchStrategy[str]:
    """A word said over and over, up to the size allowed: long text without slow generation."""
    return st.tuples(_everyday_words, st.integers(2, 40)).map(lambda said: ((said[0] + " ") * said[1])[:max_size])


_visible = st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")).filter(lambda char: not char.isspace())


@cache
def required_text(max_size: int = 120) -> st.SearchStrategy[str]:
    """Text with something left after stripping, as required fields need.

    Built around a visible core rather than filtered, so generation stays fast.
    """
    side = max(0, (max_size - 20) // 2)  # the core is at most 20 characters
    core = _everyday_words | _visible
    return st.builds(lambda before, middle, after: before + middle + after, text(side), core, text(side))


# Strategies are built once and shared: building them afresh for every example is what
# makes generation slow, not drawing from them.


@cache
def ids() -> st.SearchStrategy[str]:
    return st.uuids().map(lambda value: value.hex)


@cache
def dates() -> st.SearchStrategy[dt.date]:
    """Days from 1990 to 2100."""
    return st.dates(min_value=EARLIEST, max_value=LATEST)


@cache
def times() -> st.SearchStrategy[dt.time]:
    """Times of day to the minute, since minutes are all the JSON form keeps."""
    return st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))


@cache
def attendees() -> st.SearchStrategy[Attendee]:
    return st.builds(
        Attendee,
        name=required_text(60),
        organisation=text(80),
        role=text(40),
        chair=st.booleans(),
        attendance=st.sampled_from(Attendance),
    )


@cache
def agenda_items() -> st.SearchStrategy[AgendaItem]:
    return st.builds(
        AgendaItem,
        title=required_text(80),
        time_box=st.integers(0, MAX_TIME_BOX),
        notes=text(300),
        status=st.sampled_from(ItemStatus),
        id=ids(),
    )


@cache
def notes() -> st.SearchStrategy[Note]:
    return st.builds(
        Note,
        text=required_text(300),
        kind=st.sampled_from(NoteKind),
        raised_by=text(60),
        agenda_item=st.none() | ids(),
        id=ids(),
    )


@cache
def conflicts() -> st.SearchStrategy[Conflict]:
    return st.builds(
        Conflict,
        issue=required_text(200),
        parties=st.lists(required_text(60), max_size=MAX_ITEMS),
        style=st.none() | st.sampled_from(ConflictStyle),
        state=st.sampled_from(ConflictState),
        way_forward=text(200),
        id=ids(),
    )


@cache
def actions() -> st.SearchStrategy[Action]:
    """Agreed actions, including ones with no owner or no due date (flagged, not refused)."""
    return st.builds(
        Action,
        text=required_text(200),
        owner=text(60),
        due=st.none() | dates(),
        status=st.sampled_from(ActionStatus),
        raised_in=st.just("") | ids(),
        carried=st.integers(0, 20),
        id=ids(),
    )


@cache
def health_checks() -> st.SearchStrategy[HealthCheck]:
    rating = st.none() | st.integers(1, 5)
    return st.builds(
        HealthCheck,
        level=st.none() | st.sampled_from(PartnershipLevel),
        time=rating,
        trust=rating,
        turf=rating,
        comment=text(200),
    )


@cache
def _parts() -> st.SearchStrategy[tuple[Any, ...]]:
    """Everything a meeting holds that does not depend on its other parts, drawn in one go."""
    return st.tuples(
        st.lists(attendees(), max_size=MAX_ITEMS, unique_by=lambda person: person.name.casefold()),
        st.lists(agenda_items(), max_size=MAX_ITEMS),
        st.lists(notes(), max_size=MAX_ITEMS),
        st.lists(conflicts(), max_size=MAX_ITEMS),
        st.lists(actions(), max_size=MAX_ITEMS),
        health_checks(),
        st.none() | times(),
        st.none() | times(),
        st.none() | dates(),
    )


# Drawn per note, conflict party or action: which attendee or agenda item it points at.
# Values past the end of the list leave the drawn value alone.
_pick = st.integers(0, MAX_ITEMS + 2)


@cache
def meetings() -> st.SearchStrategy[Meeting]:
    """A whole meeting whose notes, conflicts and actions mostly refer to its own people and items."""
    return _meetings()


@st.composite
def _meetings(draw: st.DrawFn) -> Meeting:
    people, agenda, said, disputes, agreed, health, start, end, next_review = draw(_parts())
    chair = draw(_pick)
    for index, person in enumerate(people):
        person.chair = index == chair
    if start is not None and end is not None and end < start:
        start, end = end, start
    meeting_id = draw(ids())

    for note in said:
        if (who := draw(_pick)) < len(people):
            note.raised_by = people[who].name
        if (which := draw(_pick)) < len(agenda):
            note.agenda_item = agenda[which].id
    for conflict in disputes:
        for index in range(len(conflict.parties)):
            if (who := draw(_pick)) < len(people):
                conflict.parties[index] = people[who].name
    for action in agreed:
        if (who := draw(_pick)) < len(people):
            action.owner = people[who].name
        action.raised_in = meeting_id

    return Meeting(
        partnership=draw(required_text(100)),
        date=draw(dates()),
        template=draw(_templates),
        start=start,
        end=end,
        venue=draw(text(100)),
        purpose=draw(text(300)),
        status=draw(_statuses),
        current_step=draw(_steps),
        attendees=people,
        agenda=agenda,
        notes=said,
        conflicts=disputes,
        actions=agreed,
        health=health,
        next_review=next_review,
        id=meeting_id,
        revision=draw(_revisions),
    )


_templates = st.just("partnership-review") | required_text(40)
_statuses = st.sampled_from(MeetingStatus)
_steps = st.sampled_from(("agenda", "attendance", "notes", "actions", "health", "close"))
_revisions = st.integers(0, 10_000)
