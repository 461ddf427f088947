"""Hypothesis strategies for valid meetings and their parts, shared by the test modules.

Everything drawn here is something the model accepts as it stands: required text is
non-empty after stripping, times are to the minute (the JSON form is HH:MM), dates fall
between 1990 and 2100, attendee names are unique ignoring case, at most one person
chairs and a meeting never ends before it starts. Text is mostly ordinary but may carry
any unicode and, now and then, terminal control characters such as "\\x1b": the model
keeps them and the outputs neutralise them later. Lists are short so generation is quick.

Schema 4's parts are drawn too: a meeting's steps keep ``check_steps`` (at most nine, unique
keys, one step of each single kind, tags only on notes steps) and are sometimes a shipped
template's, sometimes none at all (a meeting made in code); notes mostly sit on one of the
meeting's steps with one of its tags; decisions and per-partner ratings mostly name the
partners present, each partner at most once ignoring case; some dismissed nudges name the
meeting's own actions.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from functools import cache
from typing import Any

from hypothesis import strategies as st

from facilitator.kinds import kind_of
from facilitator.model import (
    MAX_STEPS,
    MAX_TIME_BOX,
    Achieved,
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Attendee,
    BenefitCheck,
    Conflict,
    ConflictState,
    ConflictStyle,
    Decision,
    HealthCheck,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Note,
    NoteKind,
    PartnerHealth,
    PartnershipLevel,
    Position,
    Stance,
    StepKind,
    StepSpec,
)
from facilitator.templates import load_catalogue

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
        email=st.sampled_from(("", "sam@example.org")),
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
    """Notes on any step, with any tag: ``meetings()`` points most of them at its own steps."""
    return st.builds(
        Note,
        text=required_text(300),
        kind=st.sampled_from(NoteKind),
        raised_by=text(60),
        agenda_item=st.none() | ids(),
        step=_step_keys,
        tag=text(30),
        id=ids(),
    )


# Step keys as templates write them, and now and then any other key the model takes.
_step_keys = st.sampled_from(("agenda", "worked", "purpose", "resources", "why", "close")) | st.from_regex(
    r"[A-Za-z][A-Za-z0-9_-]{0,29}", fullmatch=True
)


@cache
def step_specs() -> st.SearchStrategy[StepSpec]:
    """One step of any kind; only a notes step has tags."""
    return st.builds(
        _step_spec,
        key=_step_keys,
        kind=st.sampled_from(StepKind),
        title=required_text(60),
        prompt=text(200),
        time_box=st.integers(0, MAX_TIME_BOX),
        tags=st.lists(required_text(30), max_size=4),
    )


def _step_spec(key: str, kind: StepKind, title: str, prompt: str, time_box: int, tags: list[str]) -> StepSpec:
    return StepSpec(key, kind, title, prompt, time_box, tags if kind is StepKind.NOTES else [])


def _keep_step_rules(steps: list[StepSpec]) -> list[StepSpec]:
    """The steps less any second step of a single kind (a second agenda, a second close), with room
    for the close step a meeting without one is given."""
    kept: list[StepSpec] = []
    for step in steps:
        if kind_of(step.kind).single and any(other.kind == step.kind for other in kept):
            continue
        kept.append(step)
    if not any(step.kind == StepKind.CLOSE for step in kept):
        kept = kept[: MAX_STEPS - 1]
    return kept


@cache
def shipped_steps() -> tuple[tuple[StepSpec, ...], ...]:
    """The steps of every shipped template, read once."""
    return tuple(template.steps for template in load_catalogue(None).templates.values())


@cache
def step_lists() -> st.SearchStrategy[list[StepSpec]]:
    """A meeting's steps: a shipped template's, none at all (a meeting made in code), or any that keep the rules."""
    drawn = st.lists(step_specs(), max_size=MAX_STEPS, unique_by=lambda step: step.key).map(_keep_step_rules)
    shipped = st.sampled_from(shipped_steps()).map(
        lambda steps: [dataclasses.replace(s, tags=list(s.tags)) for s in steps]
    )
    return st.one_of(shipped, st.just([]).map(list), drawn)


_ratings = st.none() | st.integers(1, 5)
_levels = st.none() | st.sampled_from(PartnershipLevel)
_achieved = st.none() | st.sampled_from(Achieved)
_positions = st.sampled_from(Position)


def _partner_key(named: Stance | PartnerHealth) -> str:
    return named.partner.casefold()


@cache
def stances() -> st.SearchStrategy[Stance]:
    return st.builds(Stance, partner=required_text(60), position=_positions)


@cache
def decisions() -> st.SearchStrategy[Decision]:
    """Decisions with each partner's position, no partner twice (ignoring case)."""
    return st.builds(
        Decision,
        text=required_text(200),
        why=text(200),
        positions=st.lists(stances(), max_size=MAX_ITEMS, unique_by=_partner_key),
        agenda_item=st.none() | ids(),
        id=ids(),
    )


@cache
def partner_healths() -> st.SearchStrategy[PartnerHealth]:
    return st.builds(
        PartnerHealth,
        partner=required_text(60),
        level=_levels,
        time=_ratings,
        trust=_ratings,
        turf=_ratings,
    )


@cache
def benefit_checks() -> st.SearchStrategy[BenefitCheck]:
    return st.builds(BenefitCheck, benefit=required_text(150), achieved=_achieved)


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
    """The joint ratings, each partner's own (no partner twice, ignoring case) and the benefits checklist."""
    return st.builds(
        HealthCheck,
        level=_levels,
        time=_ratings,
        trust=_ratings,
        turf=_ratings,
        comment=text(200),
        by_partner=st.lists(partner_healths(), max_size=MAX_ITEMS, unique_by=_partner_key),
        benefits=st.lists(benefit_checks(), max_size=MAX_ITEMS),
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
        step_lists(),
        st.lists(decisions(), max_size=MAX_ITEMS),
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
    people, agenda, said, disputes, agreed, health, start, end, next_review, steps, decided = draw(_parts())
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

    # Schema 4: notes on the meeting's own steps, partners as the meeting counts them.
    for note in said:
        if (which := draw(_pick)) < len(steps):
            step = steps[which]
            note.step = step.key
            chance = draw(_pick)
            if step.tags and chance:
                note.tag = draw(st.sampled_from(step.tags))
            elif chance != 1:  # now and then a tag the step does not offer (a template edited since)
                note.tag = ""
    partners = _partners_of(people)
    for decision in decided:
        if (which := draw(_pick)) < len(agenda):
            decision.agenda_item = agenda[which].id
        if partners:
            decision.positions = _mostly_partners(draw, partners, decision.positions, _stance)
    if partners:
        health.by_partner = _mostly_partners(draw, partners, health.by_partner, _partner_health)
    # Only a meeting with a step of a kind captures items of that kind (none: the review's steps).
    has = {step.kind for step in steps} if steps else set(StepKind)
    agenda, disputes, decided = (
        (items if kind in has else []) for kind, items in zip(LIST_KINDS, (agenda, disputes, decided), strict=True)
    )
    if StepKind.ACTIONS not in has:
        agreed = []
    keys = [step.key for step in steps]
    current = draw(st.sampled_from(keys)) if keys and draw(_pick) else draw(_current_steps)
    visited = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))) if keys else []
    dismissed = draw(_dismissed_lists)
    dismissed += [f"action-incomplete:{action.id}" for action in agreed if draw(_pick) == 0]

    return Meeting(
        partnership=draw(required_text(100)),
        date=draw(dates()),
        template=draw(_templates),
        start=start,
        end=end,
        venue=draw(text(100)),
        purpose=draw(text(300)),
        status=draw(_statuses),
        current_step=current,
        attendees=people,
        agenda=agenda,
        notes=said,
        conflicts=disputes,
        actions=agreed,
        health=health,
        next_review=next_review,
        visited_steps=visited,
        steps=steps,
        decisions=decided,
        dismissed=dismissed,
        id=meeting_id,
        revision=draw(_revisions),
    )


def _partners_of(people: list[Attendee]) -> list[str]:
    """The partners present, as ``Meeting.partners`` counts them: an organisation, or a person without one."""
    seen: dict[str, str] = {}
    for person in people:
        if person.present:
            partner = person.organisation or person.name
            seen.setdefault(partner.casefold(), partner)
    return list(seen.values())


def _stance(draw: st.DrawFn, partner: str) -> Stance:
    return Stance(partner, draw(_positions))


def _partner_health(draw: st.DrawFn, partner: str) -> PartnerHealth:
    return PartnerHealth(partner, draw(_levels), draw(_ratings), draw(_ratings), draw(_ratings))


def _mostly_partners(draw: st.DrawFn, partners: list[str], drawn: list[Any], make: Any) -> list[Any]:
    """Some of the partners present, then any of ``drawn`` naming someone else: nobody twice."""
    chosen = draw(st.lists(st.sampled_from(partners), unique_by=str.casefold, max_size=len(partners)))
    named = [make(draw, partner) for partner in chosen]
    taken = {partner.casefold() for partner in chosen}
    others = [item for item in drawn if item.partner.casefold() not in taken]
    return named + others[: draw(st.integers(0, 1))]


LIST_KINDS = (StepKind.AGENDA, StepKind.CONFLICTS, StepKind.DECISIONS)
_templates = st.just("partnership-review") | st.from_regex(r"[a-z0-9][a-z0-9-]{0,39}", fullmatch=True)
_statuses = st.sampled_from(MeetingStatus)
# Where the facilitator was when no step of the meeting's own is drawn: a key it may not have.
_current_steps = st.sampled_from(("agenda", "attendance", "notes", "actions", "health", "close"))
_revisions = st.integers(0, 10_000)
_nudge_keys = st.sampled_from(
    ("no-actions", "no-next-review", "many-actions", "arising-pending", "minutes-unapproved", "balance:police")
)
_dismissed_lists = st.lists(_nudge_keys | required_text(40), max_size=3, unique=True)


# --- an older layout of a document -------------------------------------------------------------

SCHEMA_5_LISTS = (("agenda", "agenda", "items"), ("conflicts", "conflicts", "conflicts"))
SCHEMA_5_LISTS += (("decisions", "decisions", "decisions"), ("actions", "actions", "actions"))


# What schema 7 added (issues 15 and 16), by where it sits in a document.
SCHEMA_7_MEETING = ("summary", "next_review_text", "speaker", "marking", "withheld", "circulated")
SCHEMA_7_ITEMS = {
    "notes": ("confidential",),
    "conflicts": ("confidential",),
    "decisions": ("confidential",),
    "actions": ("confidential", "agenda_item", "due_text"),
}


def as_schema_6(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a document as schema 6 kept it: without what schema 7 added (the summary, the speaker,
    approximate dates, an action's agenda item, emails, confidential items, the marking and the
    circulation record), every note of kind 'worked' unless it did not work. The upgrade takes them back."""
    old = copy.deepcopy(document)
    for name in SCHEMA_7_MEETING:
        old.pop(name, None)
    for attendee in old.get("attendees", []):
        attendee.pop("email", None)
        if attendee.get("attendance") == "involved":  # schema 6 knew only present and apologies
            attendee["attendance"] = "apologies"
    for item in old.get("arising", []):
        item.pop("due_text", None)
        item.pop("new_due_text", None)
    for captured in old.get("captures", {}).values():
        for field, names in SCHEMA_7_ITEMS.items():
            for item in captured.get(field, []) if isinstance(captured, dict) else []:
                for name in names:
                    item.pop(name, None)
        for note in captured.get("notes", []) if isinstance(captured, dict) else []:
            if note.get("kind") == "note":
                note["kind"] = "worked"  # schema 6 gave every note a kind, 'worked' unless it did not work
    for note in old.get("other_notes", []):
        note.pop("confidential", None)
        if note.get("kind") == "note":
            note["kind"] = "worked"
    if old.get("schema") == 7:
        old["schema"] = 6
    return old


def as_schema_5(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a schema-6 document as schema 5 kept it: one meeting-wide list per kind, not per step."""
    old = as_schema_6(document)
    if old.get("schema") != 6:
        return old
    captures = old.pop("captures")
    kind_of = {step["key"]: step["kind"] for step in old["steps"]}
    lists: dict[str, Any] = {}
    for list_key, kind, field in SCHEMA_5_LISTS:
        lists[list_key] = next((captures[key][field] for key in captures if kind_of[key] == kind), [])
    notes = [note for key in captures if kind_of[key] in ("worked", "notes") for note in captures[key]["notes"]]
    notes += old.pop("other_notes")
    at = list(old).index("steps")
    ordered = list(old.items())
    # Where schema 5 kept them: the lists before health, the decisions after the steps.
    rebuilt = dict(ordered[:at])
    body = {"agenda": lists["agenda"], "notes": notes, "conflicts": lists["conflicts"], "actions": lists["actions"]}
    rebuilt = {k: v for k, v in rebuilt.items() if k != "health"} | body | {"health": old["health"]}
    rebuilt |= {k: v for k, v in ordered[: at + 1] if k not in rebuilt}
    rebuilt["decisions"] = lists["decisions"]
    rebuilt |= dict(ordered[at + 1 :])
    rebuilt["schema"] = 5
    return rebuilt
