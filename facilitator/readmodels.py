"""What lists of meetings and actions show, read from stored documents or meetings.

The summaries, the ordering and the counts read stored documents as they are, before the model
checks them: a damaged one may hold anything anywhere (null, a list, a 5,000-digit number), so
every raw value goes through one of the helpers here and what is not the expected type reads as
empty. The parts a step captured are read through ``items_of_kind`` alone, so a change of the
stored layout is one change here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from sys import intern
from typing import Any, NamedTuple

from facilitator.checks import ID_PATTERN, ValidationError
from facilitator.dataclass_json import from_dict, to_dict
from facilitator.document_schema import SchemaError, from_document, items_of_kind
from facilitator.model import Action, ActionStatus, Attendance, Meeting


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """What a list of meetings shows, read straight from the stored document."""

    id: str
    date: str
    partnership: str
    status: str
    attendees: tuple[str, ...]
    open_actions: int
    template: str
    start: str | None = None
    approved: bool = False  # a later meeting approved these minutes; a closed meeting's are a draft until then
    chair: str = ""  # the attendee marked as chairing it: its facilitator in the organisation's view

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "start": self.start,
            "partnership": self.partnership,
            "status": self.status,
            "template": self.template,
            "attendees": list(self.attendees),
            "open_actions": self.open_actions,
            "chair": self.chair,
        }


@dataclass(frozen=True)
class ActionRow:
    """An action with the meeting that raised it, for lists across meetings."""

    action: Action
    meeting_id: str
    meeting_date: dt.date
    partnership: str
    organisation: str  # the owner's organisation, from that meeting's attendees
    marking: str = ""  # that meeting's protective marking ('OFFICIAL'), which goes wherever the row goes

    def to_json(self) -> dict[str, Any]:
        return {
            **to_dict(self.action),
            "meeting_id": self.meeting_id,
            "meeting_date": self.meeting_date.isoformat(),
            "partnership": self.partnership,
            "organisation": self.organisation,
            "marking": self.marking,
        }


def action_row(meeting: Meeting, action: Action) -> ActionRow:
    return ActionRow(
        action=action,
        meeting_id=meeting.id,
        meeting_date=meeting.date,
        partnership=meeting.partnership,
        organisation=meeting.organisation_of(action.owner),
        marking=meeting.marking,
    )


def action_rows(meetings: Iterable[Meeting], *, open_only: bool = False, owner: str | None = None) -> list[ActionRow]:
    """Actions across these meetings, earliest due first (undated last)."""
    wanted_owner = owner.casefold().strip() if owner else None
    rows = []
    for meeting in meetings:
        for action in meeting.actions:
            if open_only and not action.is_open:
                continue
            if wanted_owner and wanted_owner not in action.owner.casefold():
                continue
            rows.append(action_row(meeting, action))
    rows.sort(key=lambda row: (row.action.due is None, row.action.due or dt.date.max, row.meeting_date))
    return rows


def summary(document: dict[str, Any]) -> MeetingSummary:
    attendees = _list(document.get("attendees"))
    return MeetingSummary(
        id=document["id"],
        date=text(document.get("date")),
        start=text(document.get("start")) or None,
        partnership=text(document.get("partnership")),
        status=text(document.get("status")),
        template=text(document.get("template")),
        # Those also involved were never in the room: not attendees in a list of meetings.
        attendees=tuple(
            text(a.get("name"))
            for a in attendees
            if isinstance(a, dict) and a.get("attendance") != Attendance.INVOLVED.value
        ),
        open_actions=sum(1 for a in items_of_kind(document, "actions") if a.get("status") == "open"),
        approved=bool(document.get("approved_in")),
        chair=chair_of(document),
    )


class Listing(NamedTuple):
    """What the lists and counts need of one stored meeting, kept without the meeting itself.

    A backend that reads meetings on demand (the split TinyDB archive) keeps one of these per
    meeting, and saves them in its overview index, so that the home screen's lists and counts
    never read the meetings. A plain tuple: 100,000 of them are made each time a store opens,
    and the ``MeetingSummary`` of one is built only when a list shows it.
    """

    id: str
    revision: int
    date: str
    start: str  # "" for none: the newest first is then one C-level sort key (``newest_listings``)
    partnership: str
    status: str
    template: str
    attendees: tuple[str, ...]
    open_actions: int
    approved: bool
    open_dues: tuple[str, ...]  # the due date (ISO text, "" for none) of each open action
    # The attendee marked as chairing ("" for none): who facilitated, for the organisation's view
    # (``facilitator.organisation``). Last, so that a row of the index without it is refused and rebuilt.
    chair: str = ""

    @property
    def summary(self) -> MeetingSummary:
        return MeetingSummary(
            self.id,
            self.date,
            self.partnership,
            self.status,
            self.attendees,
            self.open_actions,
            self.template,
            self.start or None,
            self.approved,
            self.chair,
        )


def listing(document: dict[str, Any]) -> Listing:
    """The listing of a stored document (a damaged one lists with what can be read of it)."""
    dues = tuple(text(a.get("due")) for a in items_of_kind(document, "actions") if a.get("status") == "open")
    s = summary(document)
    return Listing(
        s.id,
        revision_of(document),
        s.date,
        s.start or "",
        s.partnership,
        s.status,
        s.template,
        s.attendees,
        s.open_actions,
        s.approved,
        dues,
        s.chair,
    )


def chair_of(document: dict[str, Any]) -> str:
    """The name of the attendee marked as chairing the meeting, "" when none is (or the mark is damaged).

    The first so marked, as ``Meeting.chair`` reads it (a meeting checked by the model has one at most).
    """
    for attendee in _list(document.get("attendees")):
        if isinstance(attendee, dict) and attendee.get("chair") is True:
            return text(attendee.get("name"))
    return ""


def listing_counts(listings: Iterable[Listing], today: dt.date) -> tuple[int, int]:
    """(open, overdue) actions across these listings: ``action_counts`` without the documents."""
    cutoff = today.isoformat()
    open_count = overdue = 0
    # Listings read from the overview index share one tuple for each distinct list of due dates, so they are
    # counted (a C loop over 100,000 listings) before each distinct list is looked at.
    for dues, times in Counter(map(_OPEN_DUES, listings)).items():
        open_count += len(dues) * times
        overdue += sum(1 for due in dues if due and due < cutoff) * times
    return open_count, overdue


_OPEN_DUES = itemgetter(10)
_NEWEST = itemgetter(2, 3)  # (date, start): ISO dates and HH:MM times sort correctly as text


def newest_listings(listings: Iterable[Listing]) -> list[Listing]:
    return sorted(listings, key=_NEWEST, reverse=True)


# As many of the newest closed meetings as a ``ListingsDigest`` keeps: the home screen shows eight.
DIGEST_NEWEST = 50


@dataclass(frozen=True)
class ListingsDigest:
    """What the home screen needs of every listing, without every listing.

    ``listings``: a few of them, in the store's order (ties in ``newest_listings`` fall as in the whole list):
    every meeting not closed, the ``DIGEST_NEWEST`` newest closed ones, and the newest of each partnership.
    Whatever the home screen picks from all the listings (those in progress, the newest closed, the latest of
    each partnership) it picks from these alike. ``meetings`` counts them all; ``open_dues`` gives, for each
    due date ("" for none), how many open actions fall due then. A store that keeps one saved (the overview
    index) answers the home screen without decoding 100,000 listings.
    """

    listings: list[Listing]
    meetings: int
    open_dues: dict[str, int]

    def counts(self, today: dt.date) -> tuple[int, int]:
        """(open, overdue) actions, as ``listing_counts`` of every listing."""
        cutoff = today.isoformat()
        return sum(self.open_dues.values()), sum(n for due, n in self.open_dues.items() if due and due < cutoff)

    def latest_of_each_partnership(self) -> list[Listing]:
        latest: dict[str, Listing] = {}
        for entry in newest_listings(self.listings):
            latest.setdefault(entry.partnership.casefold(), entry)
        return list(latest.values())

    def with_listings(self, others: list[Listing]) -> ListingsDigest:
        """This digest and ``others`` (after it in the store's order: the live file's meetings)."""
        dues = Counter(self.open_dues)
        for entry in others:
            dues.update(entry.open_dues)
        return ListingsDigest([*self.listings, *others], self.meetings + len(others), dict(dues))


def digest_of(listings: Iterable[Listing], newest: int = DIGEST_NEWEST) -> ListingsDigest:
    """The digest of these listings (in the store's order)."""
    everyone = list(listings)
    dues: Counter[str] = Counter()
    # Counted by distinct tuple of due dates first: listings read from the index share them.
    for found, times in Counter(map(_OPEN_DUES, everyone)).items():
        for due in found:
            dues[due] += times
    kept: set[int] = set()
    closed = 0
    partnerships: set[str] = set()
    for entry in newest_listings(everyone):
        if entry.status != "closed":
            kept.add(id(entry))  # in progress: every one, and also the newest closed of its partnership (a superset)
            continue
        if closed < newest:
            kept.add(id(entry))
            closed += 1
        name = entry.partnership.casefold()
        if name not in partnerships:
            partnerships.add(name)
            kept.add(id(entry))
    return ListingsDigest([entry for entry in everyone if id(entry) in kept], len(everyone), dict(dues))


def action_counts(documents: Iterable[dict[str, Any]], today: dt.date) -> tuple[int, int]:
    """(open, overdue) actions across these stored documents."""
    cutoff = today.isoformat()  # ISO dates compare correctly as text
    open_count = overdue = 0
    for document in documents:
        for action in items_of_kind(document, "actions"):
            if action.get("status") == "open":
                open_count += 1
                due = action.get("due")
                overdue += isinstance(due, str) and due < cutoff
    return open_count, overdue


def by_newest(documents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    # ISO dates and HH:MM times sort correctly as text.
    return sorted(documents, key=lambda d: (text(d.get("date")), text(d.get("start"))), reverse=True)


def latest_of_each_partnership(documents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The most recent document of each partnership (by name, any case), newest first."""
    latest: dict[str, dict[str, Any]] = {}
    for document in by_newest(documents):
        latest.setdefault(text(document.get("partnership")).casefold(), document)
    return list(latest.values())


def of_partnership(documents: Iterable[dict[str, Any]], partnership: str) -> list[dict[str, Any]]:
    """The documents of one partnership (by name, any case), newest first."""
    wanted = partnership.casefold()
    return by_newest(d for d in documents if text(d.get("partnership")).casefold() == wanted)


def is_open(document: dict[str, Any]) -> bool:
    return document.get("status") != "closed"


def revision_of(document: dict[str, Any]) -> int:
    revision = document.get("revision", 0)
    return revision if isinstance(revision, int) and not isinstance(revision, bool) else -1


def date_of(document: dict[str, Any] | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(document.get("date"))) if document is not None else None
    except ValueError:
        return None


def name_of(document: dict[str, Any]) -> str:
    """The meeting's id for a message, or a description when the id itself is damaged."""
    meeting_id = document.get("id")
    if isinstance(meeting_id, str) and ID_PATTERN.fullmatch(meeting_id):
        return meeting_id
    return "with a damaged id"


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class MeetingActions(NamedTuple):
    """Every action of one stored meeting, with what an ``ActionRow`` needs of the meeting: kept in the overview
    index so that the actions list across 100,000 meetings reads no meeting (``Records.actions``).

    Each action is kept as it is stored (``to_dict``), beside its owner's organisation in that meeting.
    """

    meeting_id: str
    date: str  # ISO
    partnership: str
    marking: str
    actions: tuple[tuple[str, dict[str, Any]], ...]  # (organisation, the action as stored)

    def to_row(self) -> list[Any]:
        return [self.meeting_id, self.date, self.partnership, self.marking, [list(pair) for pair in self.actions]]

    @classmethod
    def from_row(cls, row: Any) -> MeetingActions:
        """A row of the overview index; ``ValueError`` for one of another shape (the part's rows are then rebuilt)."""
        meeting_id, date, partnership, marking, actions = row
        if (
            not all(type(value) is str for value in (meeting_id, date, partnership, marking))
            or type(actions) is not list
        ):
            raise ValueError("not a meeting's actions")
        pairs = []
        for organisation, action in actions:
            if type(organisation) is not str or type(action) is not dict:
                raise ValueError("not an action")
            pairs.append((organisation, action))
        return cls(meeting_id, date, intern(partnership), marking, tuple(pairs))

    def rows(self) -> list[ActionRow]:
        """The ``ActionRow`` of each action (``ValueError`` if one no longer reads as an action)."""
        return [self.row(organisation, action) for organisation, action in self.actions]

    def row(self, organisation: str, action: dict[str, Any]) -> ActionRow:
        try:
            return ActionRow(
                from_dict(Action, action),
                self.meeting_id,
                dt.date.fromisoformat(self.date),
                self.partnership,
                organisation,
                self.marking,
            )
        except ValidationError as error:
            raise ValueError(str(error)) from None


class CheckedDocument(dict[str, Any]):
    """A document just built or checked through the model, carrying its actions as that meeting gave them.

    Stored like any document (a plain JSON object); it spares the store's index building the
    same meeting a second time (a sync taking in 10,000 meetings spent half its time so).
    Only its ``revision`` may be set after it is made: the actions must stay those of what it holds."""

    __slots__ = ("actions",)

    def __init__(self, document: dict[str, Any], meeting: Meeting) -> None:
        super().__init__(document)
        self.actions = actions_of_meeting(meeting)


def meeting_actions(document: Any) -> MeetingActions | None:
    """The actions of a stored document, read through the model; None for a meeting that cannot be read
    (the actions list then reads it again, to say why it is left out)."""
    if isinstance(document, CheckedDocument):
        return document.actions
    try:
        meeting = from_document(document)
    except (ValidationError, SchemaError, TypeError, ValueError, KeyError, AttributeError):
        return None
    return actions_of_meeting(meeting)


def actions_of_meeting(meeting: Meeting) -> MeetingActions:
    """The index's row of a meeting's actions."""
    return MeetingActions(
        meeting.id,
        meeting.date.isoformat(),
        meeting.partnership,
        meeting.marking,
        tuple((meeting.organisation_of(action.owner), to_dict(action)) for action in meeting.actions),
    )


def index_action_rows(
    entries: Iterable[MeetingActions], *, open_only: bool = False, owner: str | None = None
) -> list[ActionRow]:
    """``action_rows`` from the index's rows, in the same order: filtered and sorted as stored, and only the
    rows kept are made into actions. ``entries`` in the order the meetings are listed (newest first)."""
    wanted_owner = owner.casefold().strip() if owner else None
    picked: list[tuple[bool, str, str, int, MeetingActions, str, dict[str, Any]]] = []
    for entry in entries:
        for organisation, action in entry.actions:
            if open_only and action.get("status") != ActionStatus.OPEN.value:
                continue
            if wanted_owner and wanted_owner not in text(action.get("owner")).casefold():
                continue
            due = text(action.get("due"))
            # ISO dates sort as text; ties keep the meetings' order (as ``action_rows``' stable sort does).
            picked.append((not due, due, entry.date, len(picked), entry, organisation, action))
    picked.sort(key=lambda item: item[:4])
    return [entry.row(organisation, action) for *_, entry, organisation, action in picked]
