"""The ``facilitator`` command and its subcommands.

Only opening the interface imports Textual; every command that prints (list, show, export,
import, actions) stays on the light core so it starts fast. Errors reach the user as one
clear line on stderr and exit status 1, never as a traceback.

CSV and iCalendar come out byte for byte as written, CRLF line endings included (both formats
ask for them), in UTF-8 whatever the terminal's encoding; a CSV file also starts with a byte
order mark so spreadsheets read its accents (see ``facilitator.exports``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from facilitator import __version__, exports
from facilitator.errors import StoreError
from facilitator.exchange import demo_meetings, meeting_json, read_meetings_file
from facilitator.files import refuse_special
from facilitator.model import Meeting, label
from facilitator.paths import DB_ENV, config_dir, resolve_db_path
from facilitator.store import ActionRow, Store
from facilitator.templates import Template, TemplateError, builtin_templates_dir, load_catalogue, user_templates_dir
from facilitator.text import clean_line, clean_output

EXIT_OK, EXIT_ERROR = 0, 1
EXPORT_FORMATS = ("md", "json", "csv", "ics")
ACTIONS_FORMATS = ("txt", "csv", "json", "ics")


class CommandError(Exception):
    """A problem to report in one line (the message is for the user)."""


class _Parser(argparse.ArgumentParser):
    """argparse, with what it prints (usage, help, 'invalid choice: X') neutralised like every other line."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (file or sys.stderr).write(clean_output(message))


# --- parsing -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the subcommand; SUPPRESS keeps a later one from
    # being reset to its default by the subparser.
    db_option = _Parser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"the minutes database file (default: ${DB_ENV}, else minutes.json in your data folder)",
    )
    parser = _Parser(
        prog="facilitator",
        description="Run a live partnership review meeting in the terminal and keep its minutes.",
        parents=[db_option],
        epilog="With no command, opens the app on your minutes. 'facilitator COMMAND --help' tells more.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=summary, parents=[db_option])

    command("demo", "open the app on a throwaway copy of the demo meetings")

    listing = command("list", "list meetings, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array, one object per meeting")

    show = command("show", "print a meeting's minutes")
    show.add_argument("id", metavar="ID", help="meeting id, or a unique start of it")
    show.add_argument("--format", choices=("md", "txt", "json"), default="txt", help="output format (default: txt)")

    export = command("export", "write a meeting's minutes, actions or calendar to a file (or stdout)")
    export.add_argument("id", metavar="ID", help="meeting id, or a unique start of it")
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="md: the minutes; json: the meeting, for import; csv: its actions, for a spreadsheet; "
        "ics: its dated actions as to-dos and its next review as an event, for a calendar",
    )
    _output_options(export)

    importing = command("import", "add meetings exported from Facilitator, or the demo meetings")
    source = importing.add_mutually_exclusive_group(required=True)
    source.add_argument("file", metavar="FILE.json", nargs="?", help="a meeting exported with --format json")
    source.add_argument("--demo", action="store_true", help="add the demo meetings (skips those already there)")

    actions = command("actions", "list actions across meetings, earliest due first")
    actions.add_argument("--open", action="store_true", help="only actions still open")
    actions.add_argument("--overdue", action="store_true", help="only open actions due before today")
    actions.add_argument("--owner", metavar="NAME", help="only actions whose owner's name contains NAME")
    actions.add_argument(
        "--partnership", metavar="TEXT", help="only actions of partnerships whose name contains TEXT (any case)"
    )
    shape = actions.add_mutually_exclusive_group()
    shape.add_argument(
        "--format",
        choices=ACTIONS_FORMATS,
        help="txt: a table (the default); csv: for a spreadsheet; json: an array, one object per action; "
        "ics: the dated actions as to-dos, for a calendar",
    )
    shape.add_argument("--json", action="store_true", help="the same as --format json")
    _output_options(actions)

    # No --db: templates live in the config folder, not in the minutes.
    summary = "list the meeting templates: built in and your own"
    templates = commands.add_parser("templates", help=summary, description=summary)
    templates.add_argument("--json", action="store_true", help="print a JSON array, one object per template")
    return parser


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o", "--output", metavar="FILE", help="file to write, readable by you alone (default: standard output)"
    )
    command.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (never the minutes' own files)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    # Never die on a character the terminal's encoding lacks (e.g. LANG=C): replace it.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    handler = HANDLERS.get(args.command or "app")
    assert handler is not None
    try:
        code = handler(args)
        _to_stdout(sys.stdout.flush)  # a full device (`> /dev/full`) fails here, not at the interpreter's exit
        return code
    except (CommandError, StoreError) as error:
        warn(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`facilitator actions | head`): stop quietly, as other tools do.
        _drop_stdout()
        return EXIT_OK
    except OutputFailed as error:
        _drop_stdout()
        warn(f"could not write the output: {error.reason}")
        return EXIT_ERROR
    except OSError as error:  # on a path: not a directory, a name too long, a loop of links
        reason = error.strerror or str(error)
        warn(f"{error.filename}: {reason}" if error.filename is not None else reason)
        return EXIT_ERROR


class OutputFailed(Exception):
    """Standard output could not be written (a full device); BrokenPipeError (the reader left) is not this."""

    def __init__(self, error: OSError) -> None:
        self.reason = error.strerror or str(error)
        super().__init__(self.reason)


def _to_stdout(write: Callable[[], object]) -> None:
    try:
        write()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error) from None


def _drop_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush does not fail again."""
    try:
        fileno = sys.stdout.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return  # not a real file (a test's capture): nothing will flush it at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def say(text: str = "", *, end: str = "\n", out: TextIO | None = None) -> None:
    """Every line the command prints to stdout: escape sequences and bidi overrides neutralised."""
    _to_stdout(partial((out or sys.stdout).write, clean_output(text + end)))


def warn(text: str) -> None:
    """One line on stderr, after 'facilitator: ', whatever the message holds (a path, an id, a name)."""
    sys.stderr.write(f"facilitator: {clean_line(text)}\n")


# --- commands ------------------------------------------------------------------------------


def current_date() -> date:
    """Today, by the local clock: what --overdue and the OVERDUE mark compare with (tests fix it)."""
    return date.today()


def _db(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


def run_app(args: argparse.Namespace) -> int:
    return open_app(_db(args))


def open_app(path: Path) -> int:
    """Run the interface; Textual is imported only here, so the printing commands stay quick."""
    from facilitator.app import FacilitatorApp

    FacilitatorApp(path).run()
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    """The app on a throwaway copy of the demo meetings, removed when the app closes."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-demo-"))
    try:
        path = folder / "minutes.json"
        with Store(path) as store:
            store.add_many(demo_meetings())
        return open_app(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_list(args: argparse.Namespace) -> int:
    with Store(_db(args), readonly=True) as store:
        summaries = store.list_meetings()
    if args.json:
        _print_json([summary.to_json() for summary in summaries])
        return EXIT_OK
    if not summaries:
        say(f"No meetings yet in {clean_line(str(_db(args)))}. Try 'facilitator import --demo'.")
        return EXIT_OK
    rows = [
        [
            summary.id[:8],
            summary.date,
            label_status(summary.status),
            summary.partnership,
            ", ".join(summary.attendees),
            str(summary.open_actions),
        ]
        for summary in summaries
    ]
    print_table(["ID", "Date", "Status", "Partnership", "Attendees", "Open actions"], rows)
    return EXIT_OK


def label_status(status: str) -> str:
    return "closed" if status == "closed" else "in progress"


def _note_damaged(store: Store) -> None:
    """Meetings left out of what was printed because they cannot be read: said, not hidden."""
    for problem in store.damaged:
        warn(f"left out: {problem}")


def run_show(args: argparse.Namespace) -> int:
    with Store(_db(args), readonly=True) as store:
        meeting = store.get(args.id)
        history = store.meetings_of(meeting.partnership)  # the health trend in the minutes
        _note_damaged(store)
    say(render(meeting, args.format, history), end="")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    with Store(_db(args), readonly=True) as store:
        meeting = store.get(args.id)
        history = store.meetings_of(meeting.partnership)
        _note_damaged(store)
    what = {"csv": "actions", "ics": "calendar"}.get(args.format, "minutes")
    try:
        text = exports.meeting_export(meeting, args.format, now=datetime.now(UTC), history=history)
    except ValueError as error:
        raise CommandError(str(error)) from None
    if args.format == "ics":
        _note_undated(exports.meeting_rows(meeting))
    target = _emit(text, args, args.format)
    if target is not None:
        _tell(f"Wrote the {what} of {meeting.date} ({clean_line(meeting.partnership)}) to {target}.")
    return EXIT_OK


def render(meeting: Meeting, output_format: str, history: Sequence[Meeting] = ()) -> str:
    from facilitator import minutes

    if output_format == "json":
        return meeting_json(meeting)
    if output_format == "md":
        return minutes.render_markdown(meeting, history)
    return minutes.render_text(meeting, history)


def run_import(args: argparse.Namespace) -> int:
    if args.demo:
        meetings = demo_meetings()
    else:
        source = Path(args.file).expanduser()
        refuse_special(source)  # a FIFO would wait for ever for a writer; a device would never end
        meetings = read_meetings_file(source)
    with Store(_db(args)) as store:
        added = store.add_many(meetings, skip_existing=args.demo)
    for meeting in added:
        say(f"Imported {clean_line(meeting.id[:8])}  {meeting.date}  {clean_line(meeting.partnership)}")
    skipped = len(meetings) - len(added)
    if skipped:
        kind = "demo meeting(s)" if args.demo else "meeting(s), stored exactly as in the file,"
        say(f"Skipped {skipped} {kind} already in the database.")
    return EXIT_OK


def run_actions(args: argparse.Namespace) -> int:
    output_format = "json" if args.json else (args.format or "txt")
    today = current_date()
    with Store(_db(args), readonly=True) as store:
        rows = store.actions(open_only=args.open or args.overdue, owner=args.owner)
        _note_damaged(store)
    rows = select_actions(rows, today=today, overdue=args.overdue, partnership=args.partnership)
    if output_format == "json":
        text = _json_text([{**row.to_json(), "overdue": row.action.is_overdue(today)} for row in rows])
    elif output_format == "csv":
        text = exports.actions_csv(rows)
    elif output_format == "ics":
        if not exports.calendar_entries(None, rows):
            found = "no matching action has a due date" if rows else "no actions match"
            raise CommandError(f"{found}: nothing to put in a calendar.")
        _note_undated(rows)
        text = exports.actions_ics(rows, now=datetime.now(UTC))
    else:
        text = actions_table(rows, today)
    target = _emit(text, args, output_format)
    if target is not None:
        _tell(f"Wrote {len(rows)} action(s) to {target}.")
    return EXIT_OK


def select_actions(
    rows: list[ActionRow], *, today: date, overdue: bool = False, partnership: str | None = None
) -> list[ActionRow]:
    """The rows still wanted after --overdue and --partnership (any case, part of the name)."""
    wanted = partnership.casefold().strip() if partnership else ""
    return [
        row for row in rows if (not overdue or row.action.is_overdue(today)) and wanted in row.partnership.casefold()
    ]


def actions_table(rows: list[ActionRow], today: date) -> str:
    if not rows:
        return "No actions match.\n"
    table = [
        [
            row.action.due.isoformat() if row.action.due else "(no date)",
            "OVERDUE" if row.action.is_overdue(today) else label(row.action.status),
            row.action.owner or "(no owner)",
            row.action.text,
            row.meeting_date.isoformat(),
            row.partnership,
        ]
        for row in rows
    ]
    out = io.StringIO()
    print_table(["Due", "Status", "Owner", "Action", "Raised", "Partnership"], table, out=out)
    return out.getvalue()


def _note_undated(rows: list[ActionRow]) -> None:
    undated = sum(1 for row in rows if row.action.due is None)
    if undated:
        _tell(f"Left out {undated} action(s) with no due date: a calendar needs a date.")


def run_templates(args: argparse.Namespace) -> int:
    """The templates a meeting can start from; a broken file is named on stderr and exits 1."""
    folder = config_dir()
    try:
        catalogue = load_catalogue(folder)
    except TemplateError as error:  # the shipped default is missing: a broken install
        raise CommandError(str(error)) from None
    if args.json:
        _print_json([template_json(template) for template in catalogue.templates.values()])
    else:
        rows = [
            [t.id, t.name, str(len(t.steps)), "built in" if t.builtin else str(t.source)]
            for t in catalogue.templates.values()
        ]
        # Wide cells: a path cut short with an ellipsis is no use to anyone.
        print_table(["ID", "Name", "Steps", "Source"], rows, max_width=500)
        say(f"\nAdd your own in {clean_line(str(user_templates_dir(folder)))}")
        builtin = clean_line(str(builtin_templates_dir()))
        say(f"(copy one from {builtin} to start; the same name replaces the built-in one)")
    for problem in catalogue.problems:
        warn(f"template skipped: {problem}")
    return EXIT_ERROR if catalogue.problems else EXIT_OK


def template_json(template: Template) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "description": template.description,
        "builtin": template.builtin,
        "source": str(template.source),
        "steps": [
            {
                "key": step.key,
                "kind": step.kind.value,
                "title": step.title,
                "prompt": step.prompt,
                "time_box": step.time_box,
                "tags": list(step.tags),
            }
            for step in template.steps
        ],
        "benefits": list(template.benefits),
    }


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "app": run_app,
    "demo": run_demo,
    "list": run_list,
    "show": run_show,
    "export": run_export,
    "import": run_import,
    "actions": run_actions,
    "templates": run_templates,
}


# --- output ----------------------------------------------------------------------------------


def _tell(text: str) -> None:
    """A note on stderr about what was done (not an error, so no 'facilitator:' before it)."""
    sys.stderr.write(clean_line(text) + "\n")


def _print_json(data: Any) -> None:
    say(_json_text(data), end="")


def _json_text(data: Any) -> str:
    # ASCII-only JSON: control characters and C1 codes arrive escaped, never raw.
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


# CSV and iCalendar carry CRLF line endings of their own; they are written as bytes so no
# newline translation (Windows) or terminal encoding (LANG=C) can change them.
_EXACT_FORMATS = {"csv", "ics"}


def _emit(text: str, args: argparse.Namespace, output_format: str) -> Path | None:
    """Write ``text`` to -o FILE (the file written is returned) or, with none or '-', to standard output (None).

    A file is written safely (``exports.write_export``): never over the minutes' own files, over
    another existing file only with --force, never into a folder, FIFO or device.
    """
    output = args.output
    if not output or output == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if output_format in _EXACT_FORMATS and buffer is not None:
            _to_stdout(sys.stdout.flush)
            _to_stdout(partial(buffer.write, text.encode("utf-8")))  # neutralised field by field by exports
            _to_stdout(buffer.flush)
        else:
            say(text, end="")
        return None
    target = Path(output).expanduser()
    try:
        return exports.write_export(target, text, output_format, db_path=_db(args), overwrite=args.force)
    except OSError as error:
        raise CommandError(f"could not write {target}: {error.strerror or error}. Nothing was written.") from None


def print_table(headers: list[str], rows: list[list[str]], out: TextIO | None = None, max_width: int = 60) -> None:
    """Aligned columns of cleaned text; long cells are shortened with an ellipsis."""
    out = out or sys.stdout
    cells = [[_fit(clean_line(cell), max_width) for cell in row] for row in rows]
    widths = [max(len(headers[i]), *(len(row[i]) for row in cells)) for i in range(len(headers))]
    say("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), out=out)
    for row in cells:
        say("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), out=out)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
