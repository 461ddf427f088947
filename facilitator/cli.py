"""The ``facilitator`` command and its subcommands.

Only opening the interface imports Textual; every command that prints (list, show, export,
import, actions) stays on the light core so it starts fast. Errors reach the user as one
clear line on stderr and exit status 1, never as a traceback.

Every format show, export and actions write is an entry of the exporter table
(``facilitator.exporters.formats``): its --format choices, help, file endings and bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from facilitator import __version__
from facilitator.errors import StoreError
from facilitator.exporters.formats import (
    FORMATS,
    ActionsExport,
    ExportFormat,
    MeetingExport,
    Rendered,
    Renderer,
    Subject,
    either,
    format_help,
    format_names,
    format_of_suffix,
    suffixes_of,
)
from facilitator.paths import DB_ENV, DB_FILE, config_dir, resolve_db_path
from facilitator.storepaths import belongs_to_store, live_path_for, real_db_path
from facilitator.text import clean_line, clean_output

# The store, the model, the organisation's queries, the templates and the writers are imported by
# the commands that use them: the app (the bare ``facilitator`` command) reaches its first screen
# without them, and opens the store in its worker once that screen is painted (docs/performance.md).
if TYPE_CHECKING:
    from facilitator import organisation
    from facilitator.model import Meeting
    from facilitator.outline import Unsettled
    from facilitator.readmodels import ActionRow
    from facilitator.repository import Repository
    from facilitator.templates import Template
    from facilitator.tinydb_store import Store

EXIT_OK, EXIT_ERROR = 0, 1
# The commands that need no terminal: what the app points at when it is run without one.
NO_TERMINAL_COMMANDS = "list, search, show, export, actions, import, templates and sync"


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
    parser.add_argument("-V", "--version", action="version", version=f"facilitator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=summary, parents=[db_option])

    command("demo", "open the app on a throwaway copy of the demo meetings")

    listing = command("list", "list meetings, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array, one object per meeting")
    _facilitator_option(listing, "meetings")
    _wide_option(listing)

    searching = command("search", "list the meetings whose minutes match a search, newest first")
    searching.add_argument(
        "query",
        metavar="QUERY",
        help='what the history screen\'s search box takes: words of the minutes, "a phrase", '
        "partnership:WORD, who:WORD, project:WORD, from:DATE, to:DATE",
    )
    searching.add_argument("--json", action="store_true", help="print a JSON array, one object per meeting")
    _facilitator_option(searching, "meetings")
    _wide_option(searching)

    show = command("show", "print a meeting's minutes")
    show.add_argument("id", metavar="ID", help="meeting id, or a unique start of it")
    show.add_argument(
        "--format", choices=format_names("meeting"), default="txt", help="output format, as for export (default: txt)"
    )
    show.add_argument("--no-pager", action="store_true", help="print straight to the terminal, not through $PAGER")

    export = command("export", "write a meeting's minutes, actions or calendar to a file (or stdout)")
    export.add_argument("id", metavar="ID", help="meeting id, or a unique start of it")
    export.add_argument(
        "--format",
        choices=format_names("meeting"),
        help=f"{format_help('meeting')} (optional with -o FILE ending {either(_offered_endings('meeting'))}: "
        "the ending chooses)",
    )
    export.add_argument(
        "--circulation",
        action="store_true",
        help="the circulation copy: without the items marked confidential (a file written is recorded as circulated); "
        "an e-mail draft (--format eml) is one unless --full-copy is given",
    )
    export.add_argument(
        "--full-copy",
        action="store_true",
        help="an e-mail draft with the confidential items too (marked as the full copy)",
    )
    _output_options(export)

    importing = command("import", "add meetings exported from Facilitator, or the demo meetings")
    source = importing.add_mutually_exclusive_group(required=True)
    source.add_argument("file", metavar="FILE.json", nargs="?", help="a meeting exported with --format json")
    source.add_argument("--demo", action="store_true", help="add the demo meetings (skips those already there)")

    actions = command("actions", "list actions across meetings, earliest due first")
    actions.epilog = (
        "Each action carries its meeting's protective marking: a 'Marking' column in CSV, the first line of "
        "each to-do's description in a calendar, a 'marking' field in JSON. Confidential actions are left out "
        "unless --full-copy is given; in a calendar they are then CLASS:CONFIDENTIAL."
    )
    actions.add_argument("--open", action="store_true", help="only actions still open")
    actions.add_argument("--overdue", action="store_true", help="only open actions due before today")
    actions.add_argument("--owner", metavar="NAME", help="only actions whose owner's name contains NAME")
    _facilitator_option(actions, "actions of meetings")
    actions.add_argument(
        "--partnership", metavar="TEXT", help="only actions of partnerships whose name contains TEXT (any case)"
    )
    shape = actions.add_mutually_exclusive_group()
    shape.add_argument(
        "--format",
        choices=format_names("actions"),
        help=f"{format_help('actions')} (with -o FILE, its ending chooses when this is left out)",
    )
    shape.add_argument("--json", action="store_true", help="the same as --format json")
    actions.add_argument(
        "--full-copy",
        action="store_true",
        help="include the actions marked confidential (left out unless given; how many is said on stderr)",
    )
    _wide_option(actions)
    _output_options(actions)

    # --db is taken, as by every command, though templates live in the config folder, not in the minutes.
    templates = command("templates", "list the meeting templates: built in and your own")
    templates.add_argument("--json", action="store_true", help="print a JSON array, one object per template")
    _wide_option(templates)

    _sync_command(command("sync", "share the minutes through git: commit, fetch, merge, push"))

    completion = command("completion", "print a tab-completion script for your shell")
    completion.add_argument("shell", choices=SHELLS, help="the shell: bash, zsh or fish")
    completion.epilog = (
        'bash: eval "$(facilitator completion bash)" in ~/.bashrc; zsh: the same in ~/.zshrc; '
        "fish: facilitator completion fish > ~/.config/fish/completions/facilitator.fish"
    )
    return parser


def _offered_endings(subject: Subject) -> list[str]:
    """The ending each format is known by ('.md', not '.markdown')."""
    return [FORMATS[name].suffixes[0] for name in format_names(subject)]


def _facilitator_option(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--facilitator",
        metavar="NAME",
        help=f"only {what} chaired by someone whose name contains NAME (any case): the attendee marked as chair",
    )


def _wide_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--wide", action="store_true", help="every cell in full, however wide the terminal (--json gives all too)"
    )


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


# --- the database's path --------------------------------------------------------------------


def _named_db(args: argparse.Namespace) -> bool:
    """Whether --db named the database: then it must be there to be read (a typo is said, not shown as empty).

    The default (and $FACILITATOR_DB, the user's standing choice) may simply not exist yet on a first run.
    """
    return getattr(args, "db", None) is not None


def _db(args: argparse.Namespace) -> Path:
    """The database's path, refused with its reason when it could never be one (a folder, an empty name)."""
    given = getattr(args, "db", None)
    if given is not None and not given.strip():
        raise CommandError("--db was given an empty path: name the minutes file, or leave --db out for the default.")
    path = resolve_db_path(given)
    if os.path.isdir(path):
        raise CommandError(
            f"{path} is a folder: --db names the minutes file itself, such as {os.path.join(path, DB_FILE)}."
        )
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{path}: {folder} is not a folder.")
    return path


def _db_exists(path: Path) -> bool:
    """A database is there when its file or its live file is (a crash can leave only the live one)."""
    real = real_db_path(path)
    return any(os.path.lexists(p) for p in (path, real, live_path_for(real)))


def _db_to_read(args: argparse.Namespace) -> Path:
    """The database a reader (list, show, export, actions) opens: a named one that is missing is an error."""
    path = _db(args)
    if not _db_exists(path):
        if _named_db(args):
            folder = "" if path.parent.is_dir() else f" (the folder {path.parent} does not exist either)"
            raise CommandError(f"there is no minutes database at {path}{folder}. Check the path after --db.")
        _tell(f"No meetings yet in {path}. Try 'facilitator import --demo'.")
    return path


def _db_to_write(args: argparse.Namespace) -> tuple[Path, bool]:
    """The database a writer (import, the app) opens, and whether it is new (to be said once it is made).

    A new file is made only in a folder that is there: a mistyped --db folder is refused, not created.
    The default's folder is the app's own data folder, made on first use.
    """
    path = _db(args)
    new = not _db_exists(path)
    if new and _named_db(args) and not path.parent.is_dir():
        raise CommandError(
            f"the folder {path.parent} does not exist: create it first, or choose another place after --db."
        )
    return path, new


def _said_created(path: Path, new: bool) -> None:
    if new and _db_exists(path):
        _tell(f"Created a new minutes database at {path}.")


# --- the app ---------------------------------------------------------------------------------


def _need_terminal() -> None:
    """The app reads keys from a terminal and draws on one: without one it would wait (and spin) for ever."""
    missing = [name for name, stream in (("input", sys.stdin), ("output", sys.stdout)) if not _is_terminal(stream)]
    if missing:
        raise CommandError(
            f"the app needs a terminal, and standard {' and '.join(missing)} "
            f"{'are not terminals' if len(missing) > 1 else 'is not one'}; "
            f"without a terminal, use {NO_TERMINAL_COMMANDS} (see 'facilitator --help')."
        )


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # closed
        return False


def run_app(args: argparse.Namespace) -> int:
    _need_terminal()
    path, new = _db_to_write(args)
    try:
        return open_app(path)
    finally:
        _said_created(path, new)


def open_app(path: Path, *, demo: bool = False) -> int:
    """Run the interface; Textual is imported only here, so the printing commands stay quick."""
    from screens.app import FacilitatorApp

    app = FacilitatorApp(path, open_repository=_open_store, demo=demo)
    if demo:
        with _exit_cleanly_on_signals(app):
            app.run()
    else:
        app.run()
    return EXIT_OK


def _open_store(path: Path, *, today: Callable[[], date]) -> Repository:
    """The TinyDB store, for the app. Imported here, in the app's worker once its first screen is
    painted: importing it (TinyDB, the model, the index) before would keep that screen waiting."""
    from facilitator.tinydb_store import Store

    return Store(path, today=today)


_QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _exit_cleanly_on_signals(app: Any) -> Iterator[None]:
    """SIGTERM or SIGHUP (the terminal closed) end the app as a quit does, so what follows it (the demo's
    clean-up) runs; by default they would kill the process there and then.

    The app is asked to exit from a helper thread (``call_from_thread`` is the thread-safe way in); should
    it not manage within a few seconds (a terminal gone for good), SystemExit in the main thread ends it.
    """
    deadline: list[float] = []

    def handler(signum: int, frame: object) -> None:
        if not app.is_running or (deadline and time.monotonic() > deadline[0]):
            raise SystemExit(128 + signum)
        deadline.append(time.monotonic() + 3)
        threading.Thread(target=_ask_to_exit, args=(app,), daemon=True).start()
        signal.setitimer(signal.ITIMER_REAL, 3.5)  # comes back here, past the deadline, if the app is stuck

    previous = {signum: signal.signal(signum, handler) for signum in _QUIT_SIGNALS}
    previous_alarm = signal.signal(signal.SIGALRM, handler)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_alarm)
        for signum, before in previous.items():
            signal.signal(signum, before)


def _ask_to_exit(app: Any) -> None:
    with contextlib.suppress(Exception):  # the app may have ended meanwhile
        app.call_from_thread(app.exit)


def run_demo(args: argparse.Namespace) -> int:
    """The app on a throwaway copy of the demo meetings, removed when the app closes (or is ended by a signal)."""
    from facilitator.meeting_files import demo_meetings
    from facilitator.tinydb_store import Store

    _need_terminal()
    folder = Path(tempfile.mkdtemp(prefix="facilitator-demo-"))
    try:
        path = folder / DB_FILE
        with Store(path) as store:
            store.add_many(demo_meetings())
        code = open_app(path, demo=True)
        _tell("That was the demo: its meetings were not kept. 'facilitator import --demo' adds them to your minutes.")
        return code
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the printing commands -------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from facilitator import organisation
    from facilitator.tinydb_store import Store

    who = _facilitator(args)
    query = getattr(args, "query", "")  # ``facilitator search`` only
    with Store(_db_to_read(args), readonly=True) as store:
        if who is None and not query:
            summaries = store.list_meetings()
        else:
            try:
                summaries = organisation.find(store, query, facilitator=who)[0]
            except ValueError as error:  # a search that cannot be read: an unknown qualifier, a bad date
                raise CommandError(f"search: {error}") from None
            _tell(f"{len(summaries)} meeting(s) {_what_matched(who, query)}.")
            if who is not None and not summaries:
                _tell_chairs(store)
        _note_damaged(store)
    if args.json:
        _print_json([summary.to_json() for summary in summaries])
        return EXIT_OK
    if not summaries:
        if who is None and not query and _db_exists(_db(args)):
            _tell(f"No meetings yet in {_db(args)}. Try 'facilitator import --demo'.")
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
    headers = ["ID", "Date", "Status", "Partnership", "Attendees", "Open actions"]
    print_table(headers, rows, width=_table_width(args), flexible=(3, 4))
    return EXIT_OK


def _facilitator(args: argparse.Namespace) -> organisation.Facilitator | None:
    """--facilitator as a filter (None when not given); an empty name is refused, not read as everyone."""
    from facilitator import organisation

    name = getattr(args, "facilitator", None)
    if name is None:
        return None
    if not name.strip():
        raise CommandError("--facilitator was given no name: give part of the chair's name, or leave it out.")
    return organisation.Facilitator(name)


def _tell_chairs(store: Repository) -> None:
    """Who does chair meetings here, for a --facilitator that found none."""
    from facilitator import organisation

    names = [name for name, _count in organisation.facilitators(store.listings()) if name]
    if names:
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        _tell(f"Chairs of meetings here: {shown}.")
    else:
        _tell("No meeting here has a chair marked: mark one among the attendees when setting up a meeting.")


def _what_matched(who: organisation.Facilitator | None, query: str) -> str:

    said = [f"match {query!r}"] if query else []
    return " and ".join([*said, *([who.describe()] if who is not None else [])])


def label_status(status: str) -> str:
    return "closed" if status == "closed" else "in progress"


def _note_damaged(store: Repository) -> None:
    """Meetings left out of what was printed because they cannot be read: said, not hidden."""
    for problem in store.damaged:
        warn(f"left out: {problem}")


def run_show(args: argparse.Namespace) -> int:
    from facilitator.tinydb_store import Store

    with Store(_db_to_read(args), readonly=True) as store:
        meeting = store.get(args.id)
        history = store.meetings_of(meeting.partnership)  # the health trend in the minutes
        _note_damaged(store)
    output_format = FORMATS[args.format]
    what = MeetingExport(meeting, now=datetime.now(UTC), history=history, unsettled=_unsettled(args, meeting.id))
    rendered = _render(output_format, "meeting", what)
    # Only plain text is paged: a pager would change CSV's and iCalendar's CRLF, or garble bytes.
    text = rendered if isinstance(rendered, str) and output_format.exact_bytes(rendered) is None else None
    if text is None or args.no_pager or not _is_terminal(sys.stdout) or not _page(text):
        args.output = None
        _emit(rendered, args, output_format)
    return EXIT_OK


def _unsettled(args: argparse.Namespace, meeting_id: str) -> tuple[Unsettled, ...]:
    """The meeting's clashes not yet settled (``facilitator.sync.unsettled``): the minutes show both values.
    Git is imported only when sync is set up beside the store."""
    from facilitator.syncpaths import is_set_up

    path = _db(args)
    if not is_set_up(path):
        return ()
    from facilitator.sync.unsettled import unsettled_in

    return unsettled_in(path, meeting_id)


def run_export(args: argparse.Namespace) -> int:
    from facilitator.tinydb_store import Store

    output_format = _chosen_format(args, "meeting")
    if output_format is None:
        raise CommandError(
            f"say which format: --format {either(format_names('meeting'))} (or -o FILE with that ending)."
        )
    with Store(_db_to_read(args), readonly=True) as store:
        meeting = store.get(args.id)
        history = store.meetings_of(meeting.partnership)
        _note_damaged(store)
    # An e-mail draft goes to people: the circulation copy, unless the full copy is asked for.
    circulation = args.circulation or (output_format.name == "eml" and not args.full_copy)
    shared = _circulation_copy(meeting, history) if circulation else meeting
    unsettled = _unsettled(args, meeting.id)
    if circulation and unsettled:  # where a clash is and its values could name a confidential item: only how many
        from facilitator.outline import counted_only

        unsettled = counted_only(unsettled)
    what = MeetingExport(shared, now=datetime.now(UTC), history=history, unsettled=unsettled)
    target = _emit(_render(output_format, "meeting", what), args, output_format)
    if target is not None:
        back = f" 'facilitator import {target}' takes it back." if output_format.importable else ""
        which = "the circulation copy of " if circulation else ""
        _tell(
            f"Wrote {which}{output_format.label} of {meeting.date} ({clean_line(meeting.partnership)}) to {target}."
            f"{back}"
        )
        if circulation or output_format.name == "eml":  # the minutes left the meeting: where they went is kept
            _record_circulation(args, meeting, output_format, circulation)
    return EXIT_OK


def _circulation_copy(meeting: Meeting, history: list[Meeting]) -> Meeting:
    """The meeting without its confidential items; how many were left out said on stderr."""
    from facilitator.circulation import circulation_copy, withheld_text

    shared = circulation_copy(meeting, history)
    if shared.withheld > meeting.withheld:
        _tell(withheld_text(shared.withheld - meeting.withheld))
    return shared


def _record_circulation(
    args: argparse.Namespace, meeting: Meeting, output_format: ExportFormat, circulation: bool
) -> None:
    """Note on the meeting that its circulation copy was written. The file is written either way: a
    record that cannot be made (the minutes open in the app) is said, not an error."""
    from facilitator.circulation import record_circulation
    from facilitator.model import CopyKind
    from facilitator.tinydb_store import Store

    try:
        with Store(_db(args)) as store:
            copy = CopyKind.CIRCULATION if circulation else CopyKind.FULL
            saved = record_circulation(store, meeting.id, copy=copy, format=output_format.name, on=date.today())
            _commit_to_replica(store, _db(args))
    except StoreError as error:
        _tell(f"Not recorded as circulated: {error}")
        return
    _tell(f"Recorded: {saved.circulated[-1].text()}.")


def _commit_to_replica(store: Repository, path: Path) -> None:
    """With sync set up, the closed meetings just written are committed to its replica, as the app does on
    every close (``facilitator.sync.stage``); a failure is one line, and the next sync takes them."""
    from facilitator.syncpaths import is_set_up

    if not is_set_up(path):
        return
    from facilitator.sync.stage import stage

    for staged in stage(store, path, wait=10):
        if staged.problem:
            warn(staged.line().replace("s on the home screen, or ", ""))


def _render(output_format: ExportFormat, subject: Subject, what: MeetingExport | ActionsExport) -> Rendered:
    """The export, and what it left out said on stderr; nothing to write is a CommandError."""
    renderer: Renderer[Any] | None = output_format.renderer(subject)
    assert renderer is not None  # the choices offered only the formats that have one
    try:
        rendered = renderer(what)
    except ValueError as error:
        raise CommandError(str(error)) from None
    note = renderer.note_for(what)
    if note:
        _tell(note)
    return rendered


def _chosen_format(args: argparse.Namespace, subject: Subject) -> ExportFormat | None:
    """--format, else the -o FILE's ending; a --format that the ending contradicts is refused.

    None when neither says (the command then uses its default, or asks).
    """
    output: str | None = args.output if args.output and args.output != "-" else None
    # An ending this command does not write (.md for actions) is no choice: --format decides.
    by_ending = format_of_suffix(Path(output).suffix, subject) if output else None
    if output and args.format and by_ending and args.format != by_ending.name:
        _refuse_unsafe_target(args, Path(output).expanduser())  # the graver refusal is said first
        raise CommandError(
            f"--format {args.format} does not match {output}, whose ending means {by_ending.name}: "
            "change one of them. Nothing was written."
        )
    if output and not args.format and by_ending is None:
        endings = ", ".join(suffixes_of(subject))
        raise CommandError(f"{output}: end the name with {endings}, or give --format. Nothing was written.")
    return FORMATS[args.format] if args.format else by_ending


def _refuse_unsafe_target(args: argparse.Namespace, target: Path) -> None:
    """What writing ``target`` would refuse whatever its content: the minutes' own files, a folder, FIFO or device."""
    from facilitator.files import WriteRefused, refuse_special

    if belongs_to_store(_db(args), target):
        raise WriteRefused(
            f"{target} is one of the minutes' own files; writing there would destroy them. Nothing was written: "
            "choose another name."
        )
    refuse_special(target, "write")


def run_import(args: argparse.Namespace) -> int:
    from facilitator.files import refuse_special
    from facilitator.meeting_files import demo_meetings, read_meetings_file
    from facilitator.tinydb_store import Store

    if args.demo:
        meetings = demo_meetings()
    else:
        source = Path(args.file).expanduser()
        refuse_special(source)  # a FIFO would wait for ever for a writer; a device would never end
        meetings = read_meetings_file(source)
    path, new = _db_to_write(args)
    with Store(path) as store:
        added = store.add_many(meetings, skip_existing=args.demo)
        if added:
            _commit_to_replica(store, path)
    _said_created(path, new)
    for meeting in added:
        say(f"Imported {clean_line(meeting.id[:8])}  {meeting.date}  {clean_line(meeting.partnership)}")
    skipped = len(meetings) - len(added)
    if skipped:
        kind = "demo meeting(s)" if args.demo else "meeting(s), stored exactly as in the file,"
        _tell(f"Skipped {skipped} {kind} already in the database.")
    return EXIT_OK


def run_actions(args: argparse.Namespace) -> int:
    from facilitator import organisation
    from facilitator.tinydb_store import Store

    if args.json:
        args.format = "json"  # so that -o FILE.csv --json is refused as a contradiction too
    output_format = _chosen_format(args, "actions") or FORMATS["txt"]
    today = current_date()
    who = _facilitator(args)
    with Store(_db_to_read(args), readonly=True) as store:
        rows = store.actions(open_only=args.open or args.overdue, owner=args.owner)
        if who is not None:
            rows = organisation.actions_chaired_by(rows, who, organisation.chairs(store.listings()))
            if not rows:
                _tell_chairs(store)
        _note_damaged(store)
    rows = select_actions(rows, today=today, overdue=args.overdue, partnership=args.partnership)
    if not args.full_copy:
        from facilitator.circulation import without_confidential

        rows, left_out = without_confidential(rows)
        if left_out:
            _tell(f"Left out {left_out} confidential action(s): --full-copy includes them.")
    width = None if args.output else _table_width(args)
    what = ActionsExport(rows, now=datetime.now(UTC), today=today, width=width)
    target = _emit(_render(output_format, "actions", what), args, output_format)
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


def run_templates(args: argparse.Namespace) -> int:
    """The templates a meeting can start from; a broken file is named on stderr and exits 1."""
    from facilitator.templates import TemplateError, builtin_templates_dir, load_catalogue, user_templates_dir

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
        # A path cut short keeps its end: the file's name is what tells one template from another.
        print_table(["ID", "Name", "Steps", "Source"], rows, width=_table_width(args), flexible=(1, 3), keep_end=(3,))
        _tell(f"Add your own in {user_templates_dir(folder)}")
        _tell(f"(copy one from {builtin_templates_dir()} to start; the same name replaces the built-in one)")
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
                "kind": str(step.kind),
                "title": step.title,
                "prompt": step.prompt,
                "time_box": step.time_box,
                "tags": list(step.tags),
            }
            for step in template.steps
        ],
        "benefits": list(template.benefits),
    }


# --- sync -------------------------------------------------------------------------------------


def _sync_command(sync: argparse.ArgumentParser) -> None:
    sync.add_argument(
        "--remote",
        metavar="URL|PATH",
        help="set up where the minutes are shared: a folder on a shared drive (made into a shared git repository "
        "if it is missing or empty) or a git URL (ssh or https); if it holds minutes already, they are brought in",
    )
    sync.add_argument(
        "--remote-name",
        metavar="NAME",
        help="which remote: with --remote, the name to give it (default: shared); without, sync only that one",
    )
    sync.add_argument(
        "--partnership",
        action="append",
        metavar="NAME",
        help="with --remote: share only this partnership's meetings (repeat for more; default: every partnership)",
    )
    sync.add_argument("--in-progress", action="store_true", help="with --remote: share meetings still in progress too")
    sync.add_argument(
        "--name", metavar="NAME", help="your name, as the shared history records it (kept; default: your user name)"
    )
    sync.add_argument("--clashes", action="store_true", help="list the clashes waiting to be settled, and sync nothing")
    sync.add_argument(
        "--after-close",
        choices=("on", "off"),
        help="on: the app syncs in the background after every Finish (kept for this store; default off); "
        "sets it and syncs nothing",
    )
    sync.add_argument(
        "--settle",
        nargs=2,
        metavar=("CLASH", "CHOICE"),
        help="settle a clash (its id, or a unique start of it) keeping value 1 or 2, as --clashes lists them",
    )
    sync.epilog = (
        "No password is kept: git over ssh or https uses your own ssh keys or git credential helper. "
        "Only closed meetings are shared unless --in-progress. A field changed on two machines to different "
        "values is a clash: both values are kept until you settle it."
    )


def run_sync(args: argparse.Namespace) -> int:
    from facilitator import sync
    from facilitator.errors import StoreInUse

    path, new = _db_to_write(args)
    try:
        with _store_for_sync(path, StoreInUse) as store:
            if args.name is not None and args.remote is None:
                sync.set_name(path, args.name)
            before = sync.configured(path)
            if args.remote is not None:
                remote = sync.set_up(
                    path,
                    args.remote,
                    remote_name=args.remote_name or sync.DEFAULT_REMOTE,
                    partnerships=args.partnership,
                    in_progress=args.in_progress,
                    name=args.name,
                )
            elif args.partnership or args.in_progress:
                raise CommandError("--partnership and --in-progress go with --remote (they say what goes to it).")
            if args.after_close is not None:
                return _set_after_close(path, args.after_close == "on")
            if args.settle:
                return _settle(store, path, *args.settle)
            if args.clashes:
                _print_clashes(sync.clashes(path))
                return EXIT_OK
            only = args.remote_name if args.remote is None else (args.remote_name or sync.DEFAULT_REMOTE)
            try:
                outcomes = sync.sync(store, path, only=only)
            except sync.SyncError:
                if args.remote is not None:
                    sync.restore(path, before)  # a remote that could not be synced is not kept as set up
                raise
            if args.remote is not None:
                _tell(f"Remote {remote.name} set up: {remote.url}.")
            for outcome in outcomes:
                for note in outcome.notes:
                    warn(note)
                _tell(outcome.line())
    except sync.SyncError as error:
        raise CommandError(str(error)) from None
    finally:
        _said_created(path, new)
    return EXIT_OK


@contextlib.contextmanager
def _store_for_sync(path: Path, in_use: type[StoreError]) -> Iterator[Store]:
    from facilitator.tinydb_store import Store

    try:
        store = Store(path)
    except in_use as error:
        raise CommandError(f"{error} If the app has them open, press s on its home screen to sync there.") from None
    with store:
        yield store


def _print_clashes(clashes: list[Any]) -> None:
    """The clashes as a table (data on stdout); what to do next on stderr."""
    if not clashes:
        _tell("No clashes to settle.")
        return
    rows = []
    for clash in clashes:
        values = [
            f"{value} ({who}{', in the minutes now' if number == clash.kept else ''})"
            for number, (who, value) in enumerate(clash.choices())
        ]
        rows.append([clash.id[:8], clash.meeting_label, clash.where, *values])
    print_table(["Clash", "Meeting", "Where", "Value 1", "Value 2"], rows, width=None)
    _tell("Settle one with: facilitator sync --settle CLASH 1|2")


def _set_after_close(path: Path, on: bool) -> int:
    from facilitator import sync

    sync.set_after_close(path, on)
    said = "the app syncs after every Finish" if on else "only when asked (s on the home screen, or this command)"
    _tell(f"Sync after every close: {'on' if on else 'off'}: {said}.")
    return EXIT_OK


def _settle(store: Repository, path: Path, reference: str, choice: str) -> int:
    from facilitator import sync

    found = [clash for clash in sync.clashes(path) if clash.id.startswith(reference.strip())]
    if len(found) != 1:
        what = "no clash" if not found else f"{len(found)} clashes"
        raise CommandError(f"{what} to settle has an id starting {reference!r}; see 'facilitator sync --clashes'.")
    if choice not in ("1", "2"):
        raise CommandError(f"keep value 1 or 2, not {choice!r}.")
    sync.settle(store, path, found[0], int(choice) - 1)
    _tell(f"Settled: {found[0].where} is now value {choice}. The next sync shares it.")
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "app": run_app,
    "demo": run_demo,
    "list": run_list,
    "search": run_list,
    "show": run_show,
    "export": run_export,
    "import": run_import,
    "actions": run_actions,
    "templates": run_templates,
    "sync": run_sync,
    "completion": lambda args: run_completion(args),
}


# --- output ----------------------------------------------------------------------------------


def _tell(text: str) -> None:
    """A note on stderr about what was done (not an error, so no 'facilitator:' before it)."""
    sys.stderr.write(clean_line(text) + "\n")


def _print_json(data: Any) -> None:
    from facilitator.exporters.action_list import json_text

    say(json_text(data), end="")


def _emit(rendered: Rendered, args: argparse.Namespace, output_format: ExportFormat) -> Path | None:
    """Write an export to -o FILE (the file written is returned) or, with none or '-', to standard output (None).

    A file is written safely (``facilitator.exporters.writer.write_export``): never over the
    minutes' own files, over another existing file only with --force, never into a folder, FIFO
    or device. On standard output a format with line endings of its own (CSV's and iCalendar's
    CRLF) goes out as bytes, so no newline translation or terminal encoding can change it.
    """
    from facilitator.exporters.writer import write_export

    output = args.output
    if not output or output == "-":
        if isinstance(rendered, bytes) and _is_terminal(sys.stdout):  # a Word file is no sight for a terminal
            ending = output_format.suffixes[0]
            raise CommandError(
                f"--format {output_format.name} writes a binary file: give -o FILE{ending} (or send it to a pipe)."
            )
        exact = output_format.exact_bytes(rendered)
        buffer = getattr(sys.stdout, "buffer", None)
        if exact is not None and buffer is not None:
            _to_stdout(sys.stdout.flush)
            _to_stdout(partial(buffer.write, exact))  # neutralised field by field by its renderer
            _to_stdout(buffer.flush)
        else:
            say(rendered if isinstance(rendered, str) else rendered.decode("utf-8", "replace"), end="")
        return None
    target = Path(output).expanduser()
    try:
        return write_export(target, rendered, output_format, db_path=_db(args), overwrite=args.force)
    except OSError as error:
        raise CommandError(f"could not write {target}: {error.strerror or error}. Nothing was written.") from None


def _table_width(args: argparse.Namespace) -> int | None:
    """The width a table must fit: the terminal's; None (every cell in full) with --wide or into a pipe or file.

    On a terminal, $COLUMNS wins when set (``shutil.get_terminal_size`` reads it first).
    """
    if getattr(args, "wide", False) or not _is_terminal(sys.stdout):
        return None
    return shutil.get_terminal_size().columns


def print_table(
    headers: list[str],
    rows: list[list[str]],
    out: TextIO | None = None,
    *,
    width: int | None = None,
    flexible: Sequence[int] = (),
    keep_end: Sequence[int] = (),
) -> None:
    """Aligned columns of cleaned text that fit ``width`` (``facilitator.columns.table_lines``)."""
    from facilitator.columns import table_lines

    for line in table_lines(headers, rows, width=width, flexible=flexible, keep_end=keep_end):
        say(line, out=out)


# --- paging ----------------------------------------------------------------------------------

DEFAULT_PAGER = ("less", "-FX")  # -F: quit at once when it fits the screen; -X: leave it on the screen


def _page(text: str) -> bool:
    """Show ``text`` through $PAGER (else ``less -FX``); False when there is none to run (then print it).

    Only cleaned text reaches the pager (no escape sequences), so it needs no raw-control option.
    """
    import shlex
    import subprocess  # here, not at the top: the commands that print start without it

    chosen = os.environ.get("PAGER")
    try:
        command = shlex.split(chosen) if chosen is not None else list(DEFAULT_PAGER)
    except ValueError:
        return False
    if not command or command[0] == "cat" or shutil.which(command[0]) is None:
        return False
    _to_stdout(sys.stdout.flush)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    data = clean_output(text).encode(encoding, errors="replace")
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c belongs to the pager while it runs
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE)
        with contextlib.suppress(BrokenPipeError):  # the reader quit before the end
            assert pager.stdin is not None
            pager.stdin.write(data)
            pager.stdin.close()
        pager.wait()
    except OSError:
        return False
    finally:
        signal.signal(signal.SIGINT, interrupt)
    return True


# --- shell completion ------------------------------------------------------------------------

SHELLS = ("bash", "zsh", "fish")


def run_completion(args: argparse.Namespace) -> int:
    from facilitator.completion import completion_script

    say(completion_script(build_parser(), args.shell), end="")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
