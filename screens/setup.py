"""Set up: which kind of meeting, who is meeting, when and where, before the partners start talking.

The template (partnership review, planning a joint project, partnership agreement,
after-action review, or the user's own) sets the meeting's steps and prompts. Picking a
known partnership brings forward its attendees, venue and agenda from its last meeting.
People named in the meeting but not in the room (a colleague who will do the leaflet, a contact
at another organisation) are added apart, as "also involved": they can own actions, and the
minutes list them apart from those present and the apologies. Anyone's email address is set
with e in either table.
Bad input (no partnership, no attendee, an empty name, an impossible date or time) is shown
beside its field; nothing typed is lost, and the screen stays until it is right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Footer, Header, Input, Select, Static

from facilitator.cycle import following
from facilitator.dates import parse_date, parse_time
from facilitator.marking import STANDARD, check_marking
from facilitator.model import (
    AgendaItem,
    Attendance,
    Attendee,
    BenefitCheck,
    HealthCheck,
    Meeting,
    StepKind,
    ValidationError,
)
from facilitator.partnerships import PartnershipProfile, find_profile, fresh_agenda, fresh_attendees
from facilitator.people import ATTENDANCE_CYCLE, attendance_text
from facilitator.templates import Template
from facilitator.text import clean_line
from screens import SCREENS_DIR
from screens.entry import Entry
from screens.frames import PacedScreen
from screens.timefmt import day_text

TABLE_ACTIONS = frozenset({"make_chair", "toggle_apologies", "remove_attendee", "edit_email"})
TABLES = ("#attendees", "#involved")  # those in the room (present or apologies), and those also involved
OWN_MARKING = "own"  # the marking choice that opens a box for the organisation's own word
MARKING_CHOICES = [
    ("No protective marking", ""),
    *((marking, marking) for marking in STANDARD),
    ("Our own marking…", OWN_MARKING),
]


class SetupScreen(PacedScreen[Meeting | None]):
    CSS_PATH = SCREENS_DIR / "setup.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]
    BINDINGS = [
        Binding("ctrl+s", "start", "Start meeting", priority=True, id="setup.start"),
        Binding("escape", "cancel", "Cancel", id="setup.cancel"),
        Binding("c", "make_chair", "Chair", id="setup.chair", tooltip="The highlighted attendee chairs"),
        Binding(
            "a",
            "toggle_apologies",
            "Attending",
            id="setup.apologies",
            tooltip="Present, apologies, also involved (named, not in the room)",
        ),
        Binding("e", "edit_email", "Email", id="setup.email", tooltip="Set the highlighted person's email address"),
        Binding("delete", "remove_attendee", "Remove", id="setup.remove"),
    ]

    def __init__(
        self,
        partnerships: list[PartnershipProfile],
        templates: list[Template],
        *,
        today: dt.date,
        now: dt.datetime,
    ) -> None:
        super().__init__()
        self.partnerships = partnerships
        self.templates = {template.id: template for template in templates}
        self.today = today
        self.now = now
        self.attendees: list[Attendee] = []
        self.agenda: list[AgendaItem] = []
        self.profile: PartnershipProfile | None = None
        self.emailing: Attendee | None = None  # whose email address the open email box sets

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup-form"):
            yield Static("Template", classes="field-title")
            # Text, not str: a str option is read as markup, and a template's name is the user's.
            choices = [(Text(clean_line(template.name)), template.id) for template in self.templates.values()]
            yield Select(choices, value=choices[0][1], allow_blank=False, id="setup-template")
            yield Static("", id="template-hint", classes="hint", markup=False)
            yield Static("Partnership", classes="field-title")
            names = [profile.name for profile in self.partnerships]
            yield Entry(
                placeholder="e.g. Youth Resource Centre & Youth Offending Team",
                id="setup-partnership",
                suggester=SuggestFromList(names, case_sensitive=False),
            )
            yield Static("", id="partnership-hint", classes="hint", markup=False)
            yield Static("", id="partnership-error", classes="error", markup=False)
            yield Static(
                "Attendees (Enter in Role adds; in the table: c chair, a attending, e email, Del remove)",
                classes="field-title",
            )
            with Horizontal(classes="form-row"):
                # Enter moves name → organisation → role; Enter in role takes the three.
                field = partial(Entry, form="attendee", takes=True)
                yield field(placeholder="Name", id="attendee-name", then="#attendee-organisation")
                yield field(placeholder="Organisation", id="attendee-organisation", then="#attendee-role")
                yield field(placeholder="Role", id="attendee-role", after="#attendee-name")
            table: DataTable[Text] = DataTable(id="attendees", cursor_type="row", zebra_stripes=True)
            table.add_columns("Name", "Organisation", "Role", "Chair", "Attending", "Email")
            yield table
            yield from self._email_row("attendees")
            yield Static("", id="attendees-error", classes="error", markup=False)
            with Horizontal(classes="form-row"):
                yield Entry(value=self.today.isoformat(), placeholder="Date", id="setup-date", then="#setup-start")
                yield Entry(
                    value=self.now.strftime("%H:%M"), placeholder="Start HH:MM", id="setup-start", then="#setup-venue"
                )
            yield Static("", id="date-hint", classes="hint", markup=False)
            yield Static("", id="date-error", classes="error", markup=False)
            yield Static("", id="start-error", classes="error", markup=False)
            yield from self._compose_marking()
            yield Entry(placeholder="Venue", id="setup-venue", then="#setup-purpose")
            yield Entry(placeholder="Purpose (Enter starts the meeting)", id="setup-purpose", multiline=True)
            # Last, after the purpose: the Tab path through a usual set up stays as it was.
            yield Static(
                "Also involved: named, not in the room (Enter in Email adds; in the table: a attending, e email)",
                classes="field-title",
            )
            with Horizontal(classes="form-row"):
                field = partial(Entry, form="involved", takes=True)
                yield field(placeholder="Name", id="involved-name", then="#involved-organisation")
                yield field(placeholder="Organisation", id="involved-organisation", then="#involved-role")
                yield field(placeholder="Role", id="involved-role", then="#involved-email")
                yield field(placeholder="Email (optional)", id="involved-email", after="#involved-name")
            involved: DataTable[Text] = DataTable(id="involved", cursor_type="row", zebra_stripes=True)
            involved.add_columns("Name", "Organisation", "Role", "Email")
            yield involved
            yield from self._email_row("involved")
            yield Static("", id="involved-error", classes="error", markup=False)
            yield Static("", id="setup-error", classes="error", markup=False)
            yield Button("Start meeting (ctrl+s)", id="setup-start-button", variant="primary")
        yield Footer()

    def _compose_marking(self) -> ComposeResult:
        """The protective marking the minutes carry at top and bottom: none, the government's, or the user's own."""
        yield Select(MARKING_CHOICES, value="", allow_blank=False, id="setup-marking")
        own = Entry(placeholder="Your marking, e.g. RESTRICTED", id="setup-marking-own", then="#setup-venue")
        own.display = False
        yield own
        yield Static("", id="marking-error", classes="error", markup=False)

    @on(Select.Changed, "#setup-marking")
    def _marking_chosen(self) -> None:
        own = self.query_one("#setup-marking-own", Entry)
        own.display = self.query_one("#setup-marking", Select).value == OWN_MARKING
        if own.display and self.is_mounted and self.query_one("#setup-marking", Select).has_focus:
            own.focus()

    def _show_marking(self, marking: str) -> None:
        """A known partnership's marking, chosen again."""
        select = self.query_one("#setup-marking", Select)
        if marking in STANDARD or not marking:
            select.value = marking
        else:
            select.value = OWN_MARKING
            self.query_one("#setup-marking-own", Entry).value = marking

    def _chosen_marking(self) -> str:
        """The marking chosen, checked; ValidationError for an own word that is not plain and short."""
        value = str(self.query_one("#setup-marking", Select).value)
        if value != OWN_MARKING:
            return value
        return check_marking(self.query_one("#setup-marking-own", Entry).value, "Marking")

    def on_mount(self) -> None:
        self.title = "Set up a meeting"
        self._show_date(self.query_one("#setup-date", Entry).value)
        self._show_template()
        self.query_one("#setup-partnership", Entry).focus()

    @property
    def template(self) -> Template:
        return self.templates[str(self.query_one("#setup-template", Select).value)]

    @on(Select.Changed, "#setup-template")
    def _show_template(self) -> None:
        template = self.template
        steps = " → ".join(step.title for step in template.steps)
        about = f"{template.description}  " if template.description else ""
        self.query_one("#template-hint", Static).update(clean_line(f"{about}Steps: {steps}"))

    def _email_row(self, where: str) -> ComposeResult:
        """A box for one person's email address, under their table; hidden until e is pressed there."""
        with Horizontal(id=f"{where}-email-row", classes="form-row email-row"):
            yield Static("", id=f"{where}-email-who", classes="email-who", markup=False)
            yield Entry(placeholder="name@example.org", id=f"{where}-email-box")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "make_chair":
            return self.query_one("#attendees", DataTable).has_focus
        if action in TABLE_ACTIONS:
            return self._focused_table() is not None
        return True

    def _focused_table(self) -> DataTable[Text] | None:
        return next((t for t in self.query(DataTable) if t.has_focus and f"#{t.id}" in TABLES), None)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # -- partnership ---------------------------------------------------------------------

    @on(Input.Submitted, "#setup-partnership")
    def partnership_entered(self) -> None:
        # Not moved on at Enter (``then``) as the other fields are: the known partnership's name
        # replaces what was typed anyway, and moving the focus first left the attendees table's
        # header drawn at its empty widths now and then (tests/test_snapshots.py).
        self._bring_forward()
        self.query_one("#attendee-name", Entry).focus()

    @on(Input.Blurred, "#setup-partnership")
    def partnership_left(self) -> None:
        self._bring_forward()

    def _bring_forward(self) -> None:
        """A known partnership pre-fills attendees, venue and agenda from its last meeting."""
        profile = find_profile(self.partnerships, self.query_one("#setup-partnership", Entry).value)
        if profile is None or profile is self.profile:
            return
        self.profile = profile
        self.query_one("#setup-partnership", Entry).value = profile.name
        if not self.attendees:
            self.attendees = fresh_attendees(profile)
            self._draw_attendees()
        venue = self.query_one("#setup-venue", Entry)
        if not venue.value.strip():
            venue.value = profile.venue
        self.agenda = fresh_agenda(profile)
        involved = sum(1 for person in profile.attendees if person.involved)
        also = f", {involved} also involved" if involved else ""
        self._show_marking(profile.marking)
        self.query_one("#partnership-hint", Static).update(
            f"Known partnership: last met {day_text(profile.last_date)}; {len(profile.attendees) - involved} "
            f"attendees{also} and {len(profile.agenda)} agenda items brought forward"
        )

    # -- attendees ---------------------------------------------------------------------------

    @on(Entry.Submitted, "#attendee-role")
    def add_attendee(self, event: Entry.Submitted) -> None:
        self._take_form(event, "attendee")

    @on(Entry.Submitted, "#involved-email")
    def add_involved(self, event: Entry.Submitted) -> None:
        self._take_form(event, "involved")

    def _take_form(self, event: Entry.Submitted, form: str) -> None:
        # The boxes as they stood at Enter; they are already empty for the next person.
        if not self._add_person(event.form, form):
            for field_id, text in event.form.items():
                self.query_one(f"#{field_id}", Entry).restore(text)
            self.query_one(f"#{form}-name", Entry).focus()

    def _add_typed(self, form: str) -> bool:
        """Add the person typed in a form's boxes but not entered yet; the boxes empty if added."""
        fields = self.query_one(f"#{form}-name", Entry).form_fields()
        if not any(field.text.strip() for field in fields):
            return True
        if not self._add_person({field.id or "": field.text for field in fields}, form):
            self.query_one(f"#{form}-name", Entry).focus()
            return False
        for field in fields:
            field.value = ""
        return True

    def _add_person(self, typed: Mapping[str, str], form: str) -> bool:
        """An attendee (``form`` 'attendee') or someone also involved ('involved'), from their boxes."""
        name, organisation, role = (typed[f"{form}-{part}"] for part in ("name", "organisation", "role"))
        involved = form == "involved"
        error = self.query_one(f"#{'involved' if involved else 'attendees'}-error", Static)
        try:
            person = Attendee(
                name,
                organisation,
                role,
                chair=not involved and not any(a.chair for a in self.attendees),
                attendance=Attendance.INVOLVED if involved else Attendance.PRESENT,
                email=typed.get(f"{form}-email", ""),
            )
        except ValidationError as refused:
            error.update(f"{'Also involved' if involved else 'Attendee'} {refused}")
            return False
        if any(a.name.casefold() == person.name.casefold() for a in self.attendees):
            error.update(f"{clean_line(person.name)} is already listed")
            return False
        self.attendees.append(person)
        error.update("")
        self._draw_attendees()
        return True

    def _in(self, table_id: str) -> list[Attendee]:
        """The people a table shows: those in the room, or those also involved."""
        involved = table_id == "#involved"
        return [person for person in self.attendees if person.involved is involved]

    def _draw_attendees(self) -> None:
        for table_id in TABLES:
            table = self.query_one(table_id, DataTable)
            row = table.cursor_row
            table.clear()
            shown = self._in(table_id)
            for person in shown:
                cells = [Text(clean_line(value)) for value in (person.name, person.organisation, person.role)]
                if table_id == "#attendees":
                    cells += [Text("chair" if person.chair else ""), Text(attendance_text(person.attendance))]
                table.add_row(*cells, Text(clean_line(person.email)))
            if shown:
                table.move_cursor(row=min(row, len(shown) - 1))

    def _selected(self) -> Attendee | None:
        table = self._focused_table()
        if table is None:
            return None
        shown = self._in(f"#{table.id}")
        return shown[table.cursor_row] if shown else None

    def action_make_chair(self) -> None:
        chosen = self._selected()
        for person in self.attendees:
            person.chair = person is chosen
        self._draw_attendees()

    def action_toggle_apologies(self) -> None:
        """Present → apologies → also involved → present: the highlighted person's attendance."""
        chosen = self._selected()
        if chosen is None:
            return
        chosen.attendance = following(list(ATTENDANCE_CYCLE), chosen.attendance)
        if chosen.involved and chosen.chair:  # who chairs is in the room: the chair passes to the next one there
            chosen.chair = False
            present = next((person for person in self.attendees if person.present), None)
            if present is not None:
                present.chair = True
        self._draw_attendees()
        where = "#involved" if chosen.involved else "#attendees"
        table = self.query_one(where, DataTable)
        if table is not self._focused_table():
            self.notify(
                f"{clean_line(chosen.name)} is now {attendance_text(chosen.attendance)}: "
                f"listed under {'Also involved' if chosen.involved else 'Attendees'}.",
                timeout=3,
                markup=False,
            )

    def action_remove_attendee(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.attendees.remove(chosen)
            self._draw_attendees()

    # -- email addresses -----------------------------------------------------------------------

    def action_edit_email(self) -> None:
        """Open the email box under the highlighted person's table, holding their address."""
        chosen, table = self._selected(), self._focused_table()
        if chosen is None or table is None:
            return
        self.emailing = chosen
        where = str(table.id)
        self.query_one(f"#{where}-email-who", Static).update(f"Email of {clean_line(chosen.name)}:")
        self.query_one(f"#{where}-email-row").display = True
        box = self.query_one(f"#{where}-email-box", Entry)
        box.text = chosen.email
        box.focus()

    @on(Entry.Submitted, "#attendees-email-box, #involved-email-box")
    def email_entered(self, event: Entry.Submitted) -> None:
        self._keep_email(str(event.input.id).removesuffix("-email-box"))

    def _keep_email(self, where: str) -> bool:
        """Set the address typed in the open email box; a bad one is shown and stays to be put right."""
        person, box = self.emailing, self.query_one(f"#{where}-email-box", Entry)
        if person is None:
            return True
        error = self.query_one(f"#{'involved' if where == 'involved' else 'attendees'}-error", Static)
        try:
            person.email = Attendee(person.name, email=box.text).email
        except ValidationError as refused:
            error.update(f"{clean_line(person.name)}'s {refused}")
            box.focus()
            return False
        error.update("")
        self._close_email(where)
        self._draw_attendees()
        self.query_one(f"#{where}", DataTable).focus()
        return True

    def _close_email(self, where: str) -> None:
        self.emailing = None
        self.query_one(f"#{where}-email-row").display = False

    def _open_email(self) -> str | None:
        """The table whose email box is open, if one is."""
        return next(
            (where for where in ("attendees", "involved") if self.query_one(f"#{where}-email-row").display), None
        )

    # -- when, where, why ----------------------------------------------------------------------

    @on(Input.Changed, "#setup-date")
    def date_changed(self, event: Input.Changed) -> None:
        self._show_date(event.value)

    def _show_date(self, text: str) -> None:
        try:
            shown = day_text(parse_date(text, self.today), weekday=True)
        except ValueError as error:
            shown = str(error)
        self.query_one("#date-hint", Static).update(shown)

    @on(Input.Submitted, "#setup-purpose")
    @on(Button.Pressed, "#setup-start-button")
    def action_start(self) -> None:
        # A person typed but not yet added is added now, and an email address typed is kept: nothing typed is lost.
        open_email = self._open_email()
        if open_email is not None and not self._keep_email(open_email):
            return
        if self.query_one("#attendee-name", Entry).value.strip() and not self._add_typed("attendee"):
            return
        if not self._add_typed("involved"):
            return
        errors: dict[str, str] = {}
        partnership = self.query_one("#setup-partnership", Entry).value.strip()
        if not partnership:
            errors["partnership"] = "Give the partnership a name"
        if not any(person.present for person in self.attendees):
            errors["attendees"] = "Add at least one attendee who is present"
        try:
            day = parse_date(self.query_one("#setup-date", Entry).value, self.today)
        except ValueError as error:
            errors["date"] = f"Date: {error}"
        start_text = self.query_one("#setup-start", Entry).value.strip()
        try:
            start = parse_time(start_text) if start_text else None
        except ValueError as error:
            errors["start"] = f"Start time: {error}"
        try:
            marking = self._chosen_marking()
        except ValidationError as error:
            errors["marking"] = str(error)
        for name in ("partnership", "attendees", "date", "start", "marking"):
            self.query_one(f"#{name}-error", Static).update(errors.get(name, ""))
        if errors:
            first = next(iter(errors))
            targets = {"attendees": "#attendee-name", "start": "#setup-start", "marking": "#setup-marking-own"}
            target = targets.get(first, f"#setup-{first}")
            self.query_one(target).focus()
            return
        template = self.template
        known = self.profile is not None and self.profile.name == partnership
        bring_agenda = known and any(step.kind is StepKind.AGENDA for step in template.steps)
        try:
            meeting = Meeting(
                partnership=partnership,
                date=day,
                start=start,
                venue=self.query_one("#setup-venue", Entry).value,
                purpose=self.query_one("#setup-purpose", Entry).text,
                template=template.id,
                steps=template.new_steps(),
                health=HealthCheck(benefits=[BenefitCheck(benefit) for benefit in template.benefits]),
                attendees=list(self.attendees),
                agenda=list(self.agenda) if bring_agenda else [],
                marking=marking,
            )
        except ValidationError as error:
            self.query_one("#setup-error", Static).update(str(error))
            return
        self.dismiss(meeting)

    def action_cancel(self) -> None:
        open_email = self._open_email()
        if open_email is not None:  # Escape puts the email box away, the address unchanged
            self._close_email(open_email)
            self.query_one(f"#{open_email}", DataTable).focus()
            return
        self.dismiss(None)
