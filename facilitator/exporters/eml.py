"""The minutes as an e-mail draft (.eml), for the user's own mail client to open, check and send.

Facilitator never sends mail and holds no mail account or password: it writes a message file
marked unsent (``X-Unsent: 1``, which Outlook, Thunderbird and Apple Mail open as a draft to
edit), addressed to the people of the meeting who have an e-mail address, with the minutes as
HTML and as plain text, and the actions (.csv) and the calendar (.ics) attached. Built with the
standard library's ``email`` package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from email.errors import HeaderDefect, HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from typing import TYPE_CHECKING

from facilitator.exporters.html import marking_of, render_html
from facilitator.exporters.ics import calendar_entries, meeting_ics
from facilitator.exporters.rows import meeting_rows
from facilitator.exporters.spreadsheet import actions_csv
from facilitator.exporters.writer import file_stem
from facilitator.minutes import render_text
from facilitator.model import Attendee, Meeting
from facilitator.outline import Unsettled, long_date, short_date
from facilitator.text import clean_line

if TYPE_CHECKING:
    import datetime as dt

    from facilitator.exporters.formats import MeetingExport

HEADERS_POLICY = SMTP.clone(max_line_length=998)
CSV_BOM = "\ufeff"  # as the .csv file has it, so a spreadsheet opening the attachment reads UTF-8


def subject_of(meeting: Meeting) -> str:
    """'Minutes: Youth Centre and YOT, 16 Nov 2026 (draft)'; no '(draft)' once a later meeting approved them."""
    draft = " (draft)" if meeting.is_draft else ""
    return clean_line(f"Minutes: {meeting.partnership}, {short_date(meeting.date)}{draft}")


def _address(person: Attendee) -> Address | None:
    """The person as a To address, or None when they have no usable one."""
    email = clean_line(getattr(person, "email", "") or "")
    if not email:
        return None
    try:
        address = Address(display_name=clean_line(person.name), addr_spec=email)
        address.addr_spec.encode("ascii")  # a plain message header carries ASCII addresses only
    except (ValueError, IndexError, HeaderDefect, HeaderParseError):
        return None
    return address


def recipients(meeting: Meeting) -> list[Address]:
    """Everyone of the meeting (present, apologies, any others listed) with a usable e-mail address, once each."""
    found: list[Address] = []
    seen: set[str] = set()
    for person in meeting.attendees:
        address = _address(person)
        if address is not None and address.addr_spec.casefold() not in seen:
            seen.add(address.addr_spec.casefold())
            found.append(address)
    return found


def left_out(meeting: Meeting) -> list[str]:
    """The names of the people the draft is not addressed to (no e-mail address, or one that cannot be used)."""
    return [clean_line(person.name) for person in meeting.attendees if _address(person) is None]


def cover_text(meeting: Meeting) -> str:
    """The lines above the minutes in the plain-text body."""
    state = (
        "They are a draft until the next meeting approves them."
        if meeting.is_draft
        else "The minutes have been approved."
    )
    return (
        f"Please find the minutes of the {clean_line(meeting.partnership)} meeting of {long_date(meeting.date)} "
        f"below. {state} The actions (a spreadsheet) and the calendar are attached.\n\n"
    )


def build_draft(
    meeting: Meeting, history: Sequence[Meeting] = (), *, now: dt.datetime, unsettled: Sequence[Unsettled] = ()
) -> EmailMessage:
    """The draft as a message: multipart/mixed of (text and HTML alternatives) and the attachments."""
    message = EmailMessage(policy=SMTP)
    to = recipients(meeting)
    if to:
        message["To"] = to
    message["Subject"] = subject_of(meeting)
    message["X-Unsent"] = "1"  # opened as a draft to edit and send, never as a message received
    marking = marking_of(meeting)
    if marking:
        message["X-Protective-Marking"] = marking
    plain = cover_text(meeting) + render_text(meeting, history, unsettled)
    page = render_html(meeting, history, unsettled)
    message.set_content(plain, subtype="plain", cte="quoted-printable")
    message.add_alternative(page, subtype="html", cte="quoted-printable")
    stem = file_stem(meeting)
    rows = meeting_rows(meeting)
    sheet = CSV_BOM + actions_csv(rows, marking=meeting.marking)  # marked as 'export --format csv' marks it
    message.add_attachment(sheet.encode("utf-8"), "text", "csv", filename=f"{stem}-actions.csv")
    if calendar_entries(meeting, rows):  # an empty calendar is left out, as 'export --format ics' refuses one
        ics = meeting_ics(meeting, now=now).encode("utf-8")
        message.add_attachment(ics, "text", "calendar", filename=f"{stem}-calendar.ics")
    _steady_boundaries(message, hashlib.sha256((plain + page).encode("utf-8", "replace")).hexdigest()[:24])
    return message


def _steady_boundaries(message: EmailMessage, key: str) -> None:
    """The same minutes give the same file: boundaries from the content, not at random. Each starts with
    '=_', which quoted-printable and base64 text can never hold, so no part can end one by accident."""
    for number, part in enumerate(part for part in message.walk() if part.is_multipart()):
        part.set_boundary(f"=_facilitator_{number}_{key}")


# --- the exporter table's renderers (facilitator.exporters.formats) --------------------------


def email_draft(what: MeetingExport) -> str:
    """The .eml text: ASCII, CRLF line endings (the SMTP policy), every body part encoded."""
    # Headers are written on one line up to RFC 5322's limit of 998: the standard library's folding
    # at 78 starts a subject such as 'Minutes: …' on a line of its own, and readers then see a
    # leading space. The bodies were encoded (quoted-printable, 76 a line) when they were set.
    return build_draft(what.meeting, what.history, now=what.now, unsettled=what.unsettled).as_string(
        policy=HEADERS_POLICY
    )


def draft_note(what: MeetingExport) -> str:
    """Who the draft is not addressed to, and that nothing was sent."""
    missing = left_out(what.meeting)
    said = "Nothing was sent: open the file in your mail client, check it and send it from there."
    if not missing:
        return said
    return f"Not addressed to {', '.join(missing)} (no usable e-mail address). {said}"
