"""Partnership health over time: each measure of the health check across a partnership's meetings.

Pure functions over model objects, shared by the history screen and the minutes; neither the
drawing nor the Markdown lives here. Partners may each rate the partnership as well as agreeing
a joint rating, so a trend has a row per partner beside the joint one, and ``gaps`` points out
where partners see the latest meeting differently, which is worth talking about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from facilitator.model import RATING_RANGE, Achieved, HealthCheck, Meeting, PartnershipLevel

MEASURES: tuple[tuple[str, str], ...] = (("level", "Level"), ("time", "Time"), ("trust", "Trust"), ("turf", "Turf"))
TOGETHER = "Together"  # the row for the rating the partners agreed together
# A sparkline of more points than this no longer fits the narrow column it is drawn in.
MAX_POINTS = 12
# One point apart on a 1–5 scale is ordinary disagreement; two is a different view of the partnership.
GAP_MIN = 2
# The levels are only four, each a different way of working, so a single step apart already matters.
LEVEL_GAP_MIN = 1

BLOCKS = "▁▂▃▄▅▆▇█"
UNKNOWN = "·"  # not rated, in a sparkline, a row's text and a benefit mark

_LEVELS = tuple(PartnershipLevel)  # the enum's order is Himmelman's, loosest first
_RATING_TOP = max(RATING_RANGE)
_KEY_OF = {name: key for key, name in MEASURES}
_MARKS = {Achieved.YES: "✓", Achieved.PARTLY: "½", Achieved.NO: "✗"}


def level_number(level: PartnershipLevel | None) -> int | None:
    """Networking 1 up to collaboration 4, so that a level can be drawn and compared like a rating."""
    return None if level is None else _LEVELS.index(PartnershipLevel(level)) + 1


def level_of(number: int) -> PartnershipLevel:
    """The level a number from ``level_number`` stands for."""
    if not 1 <= number <= len(_LEVELS):
        raise ValueError(f"{number} is not a level from 1 to {len(_LEVELS)}")
    return _LEVELS[number - 1]


def top_of(measure: str) -> int:
    """The highest value a measure takes, by its key ('level') or its name ('Level')."""
    return len(_LEVELS) if _KEY_OF.get(measure, measure) == "level" else _RATING_TOP


def value_text(measure: str, value: int | None) -> str:
    """A value as people say it: a level in words, a rating as its number."""
    if value is None:
        return UNKNOWN
    return str(level_of(value)) if _KEY_OF.get(measure, measure) == "level" else str(value)


def sparkline(values: Sequence[int | None], top: int) -> str:
    """One block per value, 1 the lowest block and ``top`` the highest; ``·`` where nothing was rated."""
    if top < 2:
        raise ValueError(f"a scale needs at least two values, not a top of {top}")
    span = top - 1
    steps = len(BLOCKS) - 1
    marks = []
    for value in values:
        if value is None:
            marks.append(UNKNOWN)
            continue
        # Clamped so that a value off the scale still draws, at the nearest end; rounded half
        # up in integers so that the middle of an odd scale does not depend on float rounding.
        offset = min(max(value, 1), top) - 1
        marks.append(BLOCKS[(2 * offset * steps + span) // (2 * span)])
    return "".join(marks)


def achieved_mark(value: Achieved | None) -> str:
    """One character for a benefit's answer: ✓ yes, ½ partly, ✗ no, · not discussed."""
    return UNKNOWN if value is None else _MARKS[Achieved(value)]


@dataclass(frozen=True)
class TrendRow:
    """One measure as the partners together, or one partner, rated it at each meeting."""

    measure: str  # the measure's name, as in MEASURES: "Trust"
    who: str  # TOGETHER, or a partner's name
    values: tuple[int | None, ...]  # one per meeting, oldest first; a level as 1–4
    spark: str

    @property
    def known(self) -> tuple[int, ...]:
        return tuple(value for value in self.values if value is not None)

    @property
    def first(self) -> int | None:
        return next(iter(self.known), None)

    @property
    def last(self) -> int | None:
        known = self.known
        return known[-1] if known else None

    @property
    def change(self) -> int | None:
        """Last known value less the first; None when a single rating shows no direction."""
        known = self.known
        return known[-1] - known[0] if len(known) >= 2 else None

    def text(self) -> str:
        """The known values in order, 'networking → cooperation' or '3 → 4 → 5'.

        Meetings without a rating are left out: a partner who joined late would otherwise
        read as a row of dots, and ``values`` still says which meeting each rating is from.
        """
        known = self.known
        if not known:
            return UNKNOWN
        return " → ".join(value_text(self.measure, value) for value in known)


@dataclass(frozen=True)
class Gap:
    """Partners who, in the latest meeting, rated a measure far apart: the lowest and the highest."""

    measure: str
    low: tuple[str, int]  # (partner, value); a level as 1–4
    high: tuple[str, int]

    @property
    def size(self) -> int:
        return self.high[1] - self.low[1]

    def text(self) -> str:
        """'Trust: Youth Offending Team 3, Youth Service 5'."""
        (low_who, low), (high_who, high) = self.low, self.high
        return f"{self.measure}: {low_who} {value_text(self.measure, low)}, {high_who} {value_text(self.measure, high)}"


@dataclass(frozen=True)
class HealthTrend:
    dates: tuple[dt.date, ...]  # the meetings drawn, oldest first
    rows: tuple[TrendRow, ...]  # by measure, in MEASURES order: TOGETHER first, then each partner
    gaps: tuple[Gap, ...]  # in the latest meeting only

    @property
    def is_empty(self) -> bool:
        return not self.dates

    def rows_for(self, measure: str) -> tuple[TrendRow, ...]:
        """The rows of one measure, by its key ('trust') or its name ('Trust')."""
        key = _KEY_OF.get(measure, measure)
        return tuple(row for row in self.rows if _KEY_OF[row.measure] == key)


def _value(ratings: object, key: str) -> int | None:
    value = getattr(ratings, key)
    return level_number(value) if key == "level" else value


def _selected(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The meetings both summaries draw, oldest first, so that their columns line up."""
    # The model's own test of emptiness, which counts benefit answers: a meeting that answered
    # only the checklist still belongs, or benefits_summary would lose those answers.
    kept = sorted((m for m in meetings if not m.health.is_empty), key=lambda m: (m.date, m.id))
    return kept[-MAX_POINTS:]


def _partner_names(meetings: Sequence[Meeting]) -> dict[str, str]:
    """Each partner who rated anything, by folded name, in order of first rating; latest spelling."""
    names: dict[str, str] = {}
    for meeting in meetings:
        for rating in meeting.health.by_partner:
            if not rating.is_empty:
                names[rating.partner.casefold()] = rating.partner  # insertion order stays the first
    return names


def health_trend(meetings: Iterable[Meeting]) -> HealthTrend:
    """Each measure over the partnership's meetings, joint and per partner, and the latest gaps.

    ``meetings`` are those of one partnership, in any order; meetings with an empty health
    check are left out and only the latest MAX_POINTS kept. Open meetings count too, so that
    the minutes of a meeting still in progress show its own health check at the end.
    """
    chosen = _selected(meetings)
    names = _partner_names(chosen)
    by_partner = [{rating.partner.casefold(): rating for rating in meeting.health.by_partner} for meeting in chosen]
    rows: list[TrendRow] = []
    for key, measure in MEASURES:
        top = top_of(key)
        joint = tuple(_value(meeting.health, key) for meeting in chosen)
        if any(value is not None for value in joint):
            rows.append(TrendRow(measure, TOGETHER, joint, sparkline(joint, top)))
        for folded, name in names.items():
            values = tuple(_value(ratings[folded], key) if folded in ratings else None for ratings in by_partner)
            if any(value is not None for value in values):
                rows.append(TrendRow(measure, name, values, sparkline(values, top)))
    return HealthTrend(
        dates=tuple(meeting.date for meeting in chosen),
        rows=tuple(rows),
        gaps=gaps_in(chosen[-1].health) if chosen else (),
    )


def gaps_in(health: HealthCheck) -> tuple[Gap, ...]:
    """Where partners' own ratings in one health check differ enough to talk about."""
    gaps = []
    for key, measure in MEASURES:
        rated = [(r.partner, value) for r in health.by_partner if (value := _value(r, key)) is not None]
        if len(rated) < 2:
            continue
        # min and max keep the first of equals, so ties go to the partner listed first.
        low = min(rated, key=lambda pair: pair[1])
        high = max(rated, key=lambda pair: pair[1])
        if high[1] - low[1] >= (LEVEL_GAP_MIN if key == "level" else GAP_MIN):
            gaps.append(Gap(measure, low, high))
    return tuple(gaps)


def benefits_summary(meetings: Iterable[Meeting]) -> list[tuple[str, tuple[Achieved | None, ...]]]:
    """Each benefit with its answer at each meeting, oldest first, over the meetings health_trend draws.

    The latest checklist gives the order and the wording; a benefit matches across meetings
    ignoring case. Benefits that only earlier checklists had come after it, so that their
    history is not lost when a checklist changes, each in the wording it last had.
    """
    chosen = _selected(meetings)
    answers = [{check.benefit.casefold(): check.achieved for check in m.health.benefits} for m in chosen]
    wording: dict[str, str] = {}
    for meeting in chosen:
        for check in meeting.health.benefits:
            wording[check.benefit.casefold()] = check.benefit
    latest = next((m.health.benefits for m in reversed(chosen) if m.health.benefits), [])
    order = list(dict.fromkeys(check.benefit.casefold() for check in latest))
    order += [folded for folded in wording if folded not in order]
    return [(wording[folded], tuple(answer.get(folded) for answer in answers)) for folded in order]
