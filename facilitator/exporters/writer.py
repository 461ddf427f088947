"""Exports written to a file: the one writer behind the command line's -o FILE and the app's exports.

What a file's bytes are (its encoding, its line endings) is the format's, in the exporter table
(``facilitator.exporters.formats``); how it is written (a temporary file, readable by its
owner alone, never over the minutes' own files) is ``facilitator.files.write_private_file``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.exporters.formats import FORMATS, ExportFormat, MeetingExport, Rendered, app_formats, either
from facilitator.files import write_private_file
from facilitator.model import Meeting
from facilitator.storepaths import belongs_to_store

if TYPE_CHECKING:
    from facilitator.outline import Unsettled


def file_stem(meeting: Meeting) -> str:
    """'2026-11-16-youth-resource-centre-youth-offending': a file name a facilitator would give the minutes.

    The partnership in lower-case letters and digits, hyphens between its words, cut at a word
    after 40 characters; 'meeting' when nothing of it is left.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", meeting.partnership.casefold()).strip("-")
    if len(slug) > 40:
        slug = slug[:41].rsplit("-", 1)[0]  # cut at a word, not inside one
    return f"{meeting.date.isoformat()}-{slug or 'meeting'}"


def meeting_export(
    meeting: Meeting,
    output_format: str,
    *,
    now: dt.datetime,
    history: Sequence[Meeting] = (),
    unsettled: Sequence[Unsettled] = (),
) -> Rendered:
    """A meeting in a format of the table (md, txt, json, csv, ics, …).

    ``history``, the partnership's other meetings, gives the minutes their health trend. Raises
    ValueError for a format that does not export a meeting, or when there is nothing to write
    (an empty calendar), with a message to show as it is.
    """
    found = FORMATS.get(output_format)
    if found is None or found.meeting is None:
        names = [f.name for f in FORMATS.values() if f.meeting is not None]
        raise ValueError(f"unknown format {output_format!r}: {either(names)}")
    return found.meeting(MeetingExport(meeting, now=now, history=history, unsettled=unsettled))


def write_export(
    path: Path, rendered: Rendered, output_format: ExportFormat, *, db_path: Path | None, overwrite: bool = False
) -> Path:
    """Write an export safely (``facilitator.files.write_private_file``); returns the file written.

    Never over a file of the store at ``db_path``; over another existing file only with
    ``overwrite`` (raises TargetExists otherwise); never into a folder, FIFO or device.
    """
    protected = None if db_path is None else partial(belongs_to_store, db_path)
    data = output_format.file_bytes(rendered)
    return write_private_file(path, data, overwrite=overwrite, protected=protected)


def write_meeting(
    meeting: Meeting,
    path: Path,
    *,
    now: dt.datetime,
    history: Sequence[Meeting] = (),
    db_path: Path | None,
    overwrite: bool = False,
    unsettled: Sequence[Unsettled] | None = None,
) -> str:
    """Write ``meeting`` to ``path`` in the format its name ends with (of those the app offers); returns that format.

    ``unsettled``: the meeting's clashes not yet settled, shown with both values; None reads them
    beside the store at ``db_path`` (a copy of a meeting in progress shared with ``--in-progress``).

    Raises ValueError (an unknown ending, an empty calendar), StoreError (the store's own file,
    a folder or FIFO, an existing file without ``overwrite``: TargetExists) or OSError, each with
    a message to show as it is.
    """
    offered = app_formats()
    chosen = next((f for f in offered if path.suffix.lower() in f.suffixes), None)
    if chosen is None:
        endings = either([f.suffixes[0] for f in offered])
        raise ValueError(f"{path.name}: end the name with {endings} to choose the format")
    if unsettled is None:
        unsettled = _unsettled(db_path, meeting.id)
    rendered = meeting_export(meeting, chosen.name, now=now, history=history, unsettled=unsettled)
    write_export(path, rendered, chosen, db_path=db_path, overwrite=overwrite)
    return chosen.name


def _unsettled(db_path: Path | None, meeting_id: str) -> Sequence[Unsettled]:
    """The meeting's clashes not yet settled; git is read only when sync is set up beside the store."""
    from facilitator.syncpaths import is_set_up

    if db_path is None or not is_set_up(db_path):
        return ()
    from facilitator.sync.unsettled import unsettled_in

    return unsettled_in(db_path, meeting_id)
