"""The exporter table: every format Facilitator writes, in one place.

Each entry says what the format is called, the endings that choose it, how a file of it is
encoded and which line endings it carries, and how it renders a meeting, the actions list,
or both. The command line's --format choices and help, its -o FILE ending rule, its output
to a file or a pipe, and the app's export prompt and writer are all read from this table,
so a new format is one entry here plus its renderer.

Renderers here are named as "module:function" and imported on first use: this module imports
nothing heavy, so the app can read the table for its prompt, and a format that needs an
optional library (a Word file, say) costs nothing until it is written.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from facilitator.model import Meeting
    from facilitator.outline import Unsettled
    from facilitator.readmodels import ActionRow

Subject = Literal["meeting", "actions"]
Rendered = str | bytes  # text in the format's own line endings; bytes for a binary format


@dataclass(frozen=True)
class MeetingExport:
    """What a meeting renderer is given."""

    meeting: Meeting
    now: dt.datetime  # a calendar's DTSTAMP
    history: Sequence[Meeting] = ()  # the partnership's other meetings: the minutes' health trend
    unsettled: Sequence[
        Unsettled
    ] = ()  # its clashes not yet settled (facilitator.sync.unsettled): shown with both values


@dataclass(frozen=True)
class ActionsExport:
    """What an actions renderer is given: actions from across meetings, already filtered."""

    rows: Sequence[ActionRow]
    now: dt.datetime
    today: dt.date  # what 'overdue' compares with
    width: int | None = None  # a table's width on a terminal; None: every cell in full


T = TypeVar("T", MeetingExport, ActionsExport)


@dataclass(frozen=True)
class Renderer(Generic[T]):
    """How a format renders one subject: a meeting or the actions list."""

    help: str  # for the command's --format help, after 'NAME: '
    # Takes T, returns Rendered; raises ValueError with a message for the user when there is
    # nothing to write. A "module:function" name is imported on first use.
    render: Callable[[T], Rendered] | str
    # Takes T, returns a line for stderr about what was left out, or ''.
    note: Callable[[T], str] | str | None = None

    def __call__(self, what: T) -> Rendered:
        render: Callable[[T], Rendered] = _resolve(self.render)
        return render(what)

    def note_for(self, what: T) -> str:
        """What to tell the user about this export beside the data (what was left out), or ''."""
        if self.note is None:
            return ""
        note: Callable[[T], str] = _resolve(self.note)
        return note(what)


def _resolve(function: Callable[..., Any] | str) -> Any:
    if not isinstance(function, str):
        return function
    module, _, name = function.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class ExportFormat:
    """One entry of the table: a format, what it exports and how its bytes are made."""

    name: str  # what --format takes
    suffixes: tuple[str, ...]  # the file endings that choose it (lower case); the first is the one offered
    label: str  # what a file of it holds, after 'Wrote ': "the minutes"
    meeting: Renderer[MeetingExport] | None = None
    actions: Renderer[ActionsExport] | None = None
    prompt: str | None = None  # how the app's export prompt names it ('.md minutes'); None: not offered there
    encoding: str = "utf-8"  # of a file; standard output never gets a byte order mark
    # The line endings the renderer writes. '\n' text reaches a terminal through its text layer;
    # any other (CSV's and iCalendar's CRLF) goes out byte for byte, so nothing can change it.
    newline: str = "\n"
    importable: bool = False  # 'facilitator import FILE' takes it back

    def renderer(self, subject: Subject) -> Renderer[MeetingExport] | Renderer[ActionsExport] | None:
        return self.meeting if subject == "meeting" else self.actions

    def file_bytes(self, rendered: Rendered) -> bytes:
        """The bytes of a file of this format."""
        return rendered if isinstance(rendered, bytes) else rendered.encode(self.encoding)

    def exact_bytes(self, rendered: Rendered) -> bytes | None:
        """The bytes for standard output when they must arrive exactly as rendered; None: plain text,
        for the terminal's encoding and line endings."""
        if isinstance(rendered, bytes):
            return rendered
        if self.newline == "\n":
            return None
        return rendered.encode(self.encoding.removesuffix("-sig"))  # a byte order mark belongs to files only


_MINUTES = "facilitator.minutes"
_EXPORTERS = "facilitator.exporters"

# The order here is the order of --format's choices, its help and the app's prompt.
FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "md",
            (".md", ".markdown"),
            "the minutes",
            meeting=Renderer("the minutes", f"{_MINUTES}:markdown_minutes"),
            prompt="minutes",
        ),
        ExportFormat(
            "txt",
            (".txt",),
            "the minutes",
            meeting=Renderer("the minutes", f"{_MINUTES}:text_minutes"),
            actions=Renderer(
                "a table (the default)", f"{_EXPORTERS}.action_list:actions_table", f"{_EXPORTERS}.action_list:no_match"
            ),
        ),
        ExportFormat(
            "json",
            (".json",),
            "the meeting's data",
            meeting=Renderer("the meeting's data, for import", "facilitator.meeting_files:meeting_file"),
            actions=Renderer("an array, one object per action", f"{_EXPORTERS}.action_list:actions_json"),
            prompt="backup",
            importable=True,
        ),
        ExportFormat(
            "csv",
            (".csv",),
            "the actions",
            meeting=Renderer("its actions, for a spreadsheet", f"{_EXPORTERS}.spreadsheet:meeting_csv"),
            actions=Renderer("for a spreadsheet", f"{_EXPORTERS}.spreadsheet:rows_csv"),
            prompt="actions",
            # Excel opens a CSV without a byte order mark in the machine's legacy code page, so
            # 'Zoë' or 'Łódź' arrive garbled; with one it reads UTF-8, as LibreOffice, Google
            # Sheets and Python's csv module (encoding='utf-8-sig') all do.
            encoding="utf-8-sig",
            newline="\r\n",  # RFC 4180
        ),
        ExportFormat(
            "ics",
            (".ics",),
            "the calendar",
            meeting=Renderer(
                "its dated actions as to-dos and its next review as an event, for a calendar",
                f"{_EXPORTERS}.ics:meeting_calendar",
                f"{_EXPORTERS}.ics:undated_in_meeting",
            ),
            actions=Renderer(
                "the dated actions as to-dos, for a calendar",
                f"{_EXPORTERS}.ics:rows_calendar",
                f"{_EXPORTERS}.ics:undated_in_rows",
            ),
            prompt="calendar",
            newline="\r\n",  # RFC 5545
        ),
        ExportFormat(
            "html",
            (".html", ".htm"),
            "the minutes",
            meeting=Renderer(
                "the minutes as a web page, to read, attach or print to PDF", f"{_EXPORTERS}.html:html_minutes"
            ),
            prompt="web page (print it to PDF)",
        ),
        ExportFormat(
            "docx",
            (".docx",),
            "the minutes",
            # python-docx is an optional extra (facilitator[word]), imported only when a Word file is written.
            meeting=Renderer(
                "the minutes as a Word document (needs facilitator[word])", f"{_EXPORTERS}.docx:docx_minutes"
            ),
            prompt="Word document",
        ),
        ExportFormat(
            "eml",
            (".eml",),
            "an e-mail draft of the minutes",
            meeting=Renderer(
                "an e-mail draft (never sent) to the attendees, with the minutes, the actions and the calendar",
                f"{_EXPORTERS}.eml:email_draft",
                f"{_EXPORTERS}.eml:draft_note",
            ),
            prompt="e-mail draft",
            newline="\r\n",  # RFC 5322
        ),
    )
}


# --- reading the table ------------------------------------------------------------------------


def format_names(subject: Subject) -> tuple[str, ...]:
    """The formats that export ``subject``, in table order: the --format choices."""
    return tuple(f.name for f in FORMATS.values() if f.renderer(subject) is not None)


def format_of_suffix(suffix: str, subject: Subject) -> ExportFormat | None:
    """The format a file ending chooses for ``subject`` (any case), or None."""
    wanted = suffix.lower()
    return next(
        (f for f in FORMATS.values() if wanted in f.suffixes and f.renderer(subject) is not None),
        None,
    )


def suffixes_of(subject: Subject) -> list[str]:
    """Every ending that chooses a format for ``subject``, sorted."""
    return sorted(s for f in FORMATS.values() if f.renderer(subject) is not None for s in f.suffixes)


def either(words: Sequence[str]) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def format_help(subject: Subject) -> str:
    """'md or txt: the minutes; json: …': formats with the same help named together."""
    groups: list[tuple[list[str], str]] = []
    for f in FORMATS.values():
        renderer = f.renderer(subject)
        if renderer is None:
            continue
        if groups and groups[-1][1] == renderer.help:
            groups[-1][0].append(f.name)
        else:
            groups.append(([f.name], renderer.help))
    return "; ".join(f"{' or '.join(names)}: {text}" for names, text in groups)


def app_formats() -> list[ExportFormat]:
    """The formats the app offers for a meeting (by the file's ending), in table order."""
    return [f for f in FORMATS.values() if f.prompt is not None and f.meeting is not None]


# The app's export picker offers the copy for circulation first, in these formats (an e-mail draft
# first: it is how minutes go out), then the full copy in every format the app offers but those
# below, which always go out as the circulation copy (an e-mail draft goes to people).
CIRCULATION_FORMATS = ("eml", "html", "docx", "md")
CIRCULATION_ONLY = frozenset({"eml"})


def app_choices() -> list[tuple[ExportFormat, bool]]:
    """(format, circulation copy?) in the order the app's picker offers them: the circulation copy first."""
    offered = {f.name: f for f in app_formats()}
    shared = [(offered[name], True) for name in CIRCULATION_FORMATS if name in offered]
    first = [name for name in CIRCULATION_FORMATS if name in offered]
    full_order = first + [name for name in offered if name not in first]
    full = [(offered[name], False) for name in full_order if name not in CIRCULATION_ONLY]
    return shared + full


def app_prompt() -> str:
    """'.md minutes, .json backup, …': the app's export prompt."""
    return ", ".join(f"{f.suffixes[0]} {f.prompt}" for f in app_formats())
