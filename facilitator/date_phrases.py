"""Approximate dates as meetings agree them: 'before Easter', 'w/c 29 March', 'end of March',
'after Easter', 'by the next meeting', 'in the summer holidays'.

``read_when`` reads what was typed relative to a given day (the meeting's) and gives a ``When``:
the words (kept when they were a phrase), and the range of days they mean when one can be
worked out. The latest day of the range is the date used for overdue, sorting and calendars.
Words that cannot be worked out are kept and flagged, never refused: only an empty, over-long
or control-character answer is refused (``ValueError``), as before. Everything ``parse_date``
already read ('2026-12-01', 'today', '+2w', 'fri') reads exactly as it did, as a plain date.

A year is the next occurrence from the meeting's day: 'end of March' typed in April is next
March. School holidays come from a table (``data/holidays.toml``) that a user's own
``holidays.toml`` in the config folder overrides, holiday by holiday.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from facilitator.dates import WEEKDAYS, parse_date
from facilitator.paths import config_dir
from facilitator.resources import data_dir

MAX_PHRASE = 200  # characters: far more than any due date said aloud
HOLIDAYS_FILE = "holidays.toml"
FLAG = "⚑"
ONE_DAY = dt.timedelta(days=1)
AFTER_DAYS = 7  # 'after Easter' is due within the week after it

_MONTH_NAMES = tuple(calendar.month_name[n].lower() for n in range(1, 13))
_MONTH_WORDS = {
    **{name: n for n, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: n for n, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = r"(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:\s+(\d{4}))?"
# The part of a month a phrase names: (first day, last day); None is the month's last day.
_PARTS: dict[str, tuple[int, int | None]] = {
    "beginning": (1, 7),
    "start": (1, 7),
    "early": (1, 10),
    "mid": (11, 20),
    "middle": (11, 20),
    "late": (21, None),
    "end": (-6, None),  # the last seven days
}
_PART = re.compile(r"^(beginning|start|early|mid|middle|late|end)(?:\s*-\s*|\s+)(?:of\s+)?(.+)$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + _YEAR + r"$")
_MONTH_DAY = re.compile(r"^" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$")
_MONTH_ONLY = re.compile(r"^" + _MONTH + _YEAR + r"$")
_WEEK_OF = re.compile(r"^(?:w/c|wc|w/b|wb|week\s+commencing|week\s+beginning|week\s+starting|week\s+of)\s+(.+)$")
_IN_UNITS = re.compile(r"^(?:in\s+|within\s+)?(a|one|two|three|four|six|\d{1,3})\s+(day|week|month)s?(?:'?\s*time)?$")
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
# What the words before an anchor do to it.
_PREFIXES = (
    ("no later than", "by"),
    ("not later than", "by"),
    ("sometime before", "before"),
    ("before", "before"),
    ("by", "by"),
    ("until", "by"),
    ("till", "by"),
    ("up to", "by"),
    ("ahead of", "before"),
    ("prior to", "before"),
    ("soon after", "after"),
    ("straight after", "after"),
    ("just after", "after"),
    ("after", "after"),
    ("following", "after"),
)
# Words that say nothing about which day: 'in the summer holidays' is 'summer holidays'.
_FILLERS = ("in the", "during the", "over the", "at the", "for the", "in", "during", "over", "at", "the", "on")
_NEXT_MEETING = frozenset(
    {
        "next meeting",
        "next review",
        "next time",
        "next partnership meeting",
        "next partnership review",
        "next review meeting",
        "meeting after this",
        "our next meeting",
    }
)
_FIXED_DAYS = {  # (month, day) of days named the same every year
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "xmas": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year": (1, 1),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "halloween": (10, 31),
}
_EASTER_DAYS = {  # days from Easter Sunday: (first, last)
    "easter": (0, 0),
    "easter sunday": (0, 0),
    "easter day": (0, 0),
    "good friday": (-2, -2),
    "easter monday": (1, 1),
    "easter weekend": (-2, 1),
    "easter bank holiday": (-2, 1),
}

Span = tuple[dt.date, dt.date]


class _Unresolved(Exception):
    """The words name no day that can be worked out; the message says why, for the ⚑."""


# --- what a reading gives -------------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """A due date or review date as typed: the words, and the days they mean when known.

    ``text`` is empty for a plain date ('2026-12-01', '+2w', 'fri'). For a phrase it holds the
    words as typed; ``start``/``end`` are the range they mean, or both None when it could not be
    worked out (``problem`` says why).
    """

    text: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    problem: str = ""
    deadline: bool = False  # 'before …' or 'by …': any day up to ``end``, rather than a span of its own

    @property
    def resolved(self) -> bool:
        return self.end is not None

    @property
    def due(self) -> dt.date | None:
        """The date used for overdue, sorting and calendars: the latest day of the range."""
        return self.end

    def hint(self) -> str:
        """How a form confirms what was typed: 'Fri 8 Jan 2027', 'by Sat 27 Mar 2027 (before Easter)'."""
        if not self.text:
            return weekday_date(self.end) if self.end else ""
        if self.end is None:
            return f"{FLAG} no day found ({self.problem}): kept as words"
        if self.start is not None and self.start != self.end and not self.deadline:
            return f"{weekday_date(self.start)} to {weekday_date(self.end)}: due by the last day"
        return f"by {weekday_date(self.end)}"


@dataclass(frozen=True)
class Holidays:
    """School holidays by name: each name's periods, oldest first; ``problem`` if the user's file was unreadable."""

    periods: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # every name and other name → the holiday's name
    problem: str = ""

    def find(self, words: str) -> tuple[str, tuple[Span, ...]] | None:
        name = self.names.get(words)
        if name is not None:
            return name, self.periods[name]
        if words in ("half term", "half-term", "next half term"):
            found = sorted(span for key, spans in self.periods.items() if key.endswith("half term") for span in spans)
            return "half term", tuple(found)
        return None


# --- reading ---------------------------------------------------------------------------------


def read_when(
    text: str,
    today: dt.date,
    *,
    next_meeting: dt.date | None = None,
    holidays: Holidays | None = None,
) -> When:
    """Read a due date or review date typed by a person, relative to ``today`` (the meeting's day).

    Raises ``ValueError`` only for an empty, over-long or control-character answer, or a plain
    date that is wrong as written ('2026-02-30', '+9999m' past the calendar's end). Anything else
    is a ``When``: resolved, or kept as words with the reason it could not be resolved.
    """
    words = text.strip()
    if not words:
        raise ValueError("no date given")
    if len(words) > MAX_PHRASE:
        raise ValueError(f"a date of {len(words):,} characters is too long: say it in at most {MAX_PHRASE}")
    if any(not ch.isprintable() for ch in words):
        raise ValueError("a date cannot hold control characters or line breaks")
    words = " ".join(words.split())
    try:
        day = parse_date(words, today)
    except ValueError as error:
        if _is_plain_form(words):
            raise  # a typing slip in a form that was already accepted: say what is wrong, as before
        if "past the end of the calendar" in str(error):
            raise
    else:
        return When("", day, day)
    return read_phrase(words, today, next_meeting=next_meeting, holidays=holidays)


def read_phrase(
    text: str,
    today: dt.date,
    *,
    next_meeting: dt.date | None = None,
    holidays: Holidays | None = None,
) -> When:
    """A phrase's range, or the phrase kept unresolved with the reason. Never raises."""
    words = " ".join(text.split())
    table = holidays if holidays is not None else load_holidays()
    try:
        start, end, plain, deadline = _read(_normal(words), today, next_meeting, table)
    except _Unresolved as why:
        return When(words, None, None, str(why))
    except (OverflowError, ValueError):  # a sum at the calendar's ends, or a day the month lacks
        return When(words, None, None, "that is not a day on the calendar")
    return When("" if plain else words, start, end, deadline=deadline)


def _is_plain_form(words: str) -> bool:
    """ISO dates and '+2w': a slip in one of these is an error to put right, not a phrase."""
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|\+\s*\d+\s*[a-z]?", words.lower()))


def _normal(words: str) -> str:
    cleaned = words.lower().replace("’", "'").replace("‘", "'").strip(" .!,;")
    return " ".join(cleaned.split())


def _read(
    words: str, today: dt.date, next_meeting: dt.date | None, table: Holidays
) -> tuple[dt.date, dt.date, bool, bool]:
    """(first day, last day, whether it is a plain single date, whether a deadline) for the normalised words."""
    for prefix, meaning in _PREFIXES:
        if words.startswith(prefix + " "):
            anchor = _strip_fillers(words[len(prefix) + 1 :])
            return (*_relative(meaning, anchor, today, next_meeting, table), False, meaning != "after")
    anchor = _strip_fillers(words)
    found = _anchor(anchor, today, next_meeting, table)
    return found.start, found.end, found.plain, False


def _strip_fillers(words: str) -> str:
    changed = True
    while changed:
        changed = False
        for filler in _FILLERS:
            if words.startswith(filler + " "):
                words, changed = words[len(filler) + 1 :], True
    return words


def _relative(
    meaning: str, anchor: str, today: dt.date, next_meeting: dt.date | None, table: Holidays
) -> tuple[dt.date, dt.date]:
    """before/by/after an anchor, as a range of days."""
    if meaning == "before":
        found = _anchor(anchor, today, next_meeting, table, starts_after=True)
        end = found.start - ONE_DAY
    elif meaning == "by":
        found = _anchor(anchor, today, next_meeting, table, starts_after=found_is_period(anchor, table))
        # 'by the summer holidays' means before they start; 'by end of March', by its last day.
        end = found.start - ONE_DAY if found.holiday else found.end
    else:
        found = _anchor(anchor, today, next_meeting, table)
        start = found.end + ONE_DAY
        return start, start + dt.timedelta(days=AFTER_DAYS - 1)
    return min(today, end), end


def found_is_period(anchor: str, table: Holidays) -> bool:
    """Whether the anchor names school holidays ('by half term' must find one not yet begun)."""
    return table.find(anchor) is not None


@dataclass(frozen=True)
class _Found:
    start: dt.date
    end: dt.date
    plain: bool = False  # a single day named outright ('29 March'): kept as a plain date
    holiday: bool = False


def _anchor(
    words: str,
    today: dt.date,
    next_meeting: dt.date | None,
    table: Holidays,
    *,
    starts_after: bool = False,
) -> _Found:
    """The range an anchor names: the next one from ``today`` (one not yet begun when ``starts_after``)."""
    if not words:
        raise _Unresolved("say before, by or after what")

    def pick(candidates: Iterator[Span], what: str) -> Span:
        for start, end in candidates:
            if (start > today) if starts_after else (end >= today):
                return start, end
        raise _Unresolved(f"no {what} after {day_month_year(today)} is known")

    if words in _NEXT_MEETING or words.removeprefix("our ") in _NEXT_MEETING:
        if next_meeting is None:
            raise _Unresolved("the next review date is not set yet")
        return _Found(next_meeting, next_meeting)
    holiday = table.find(words)
    if holiday is not None:
        name, spans = holiday
        if table.problem:
            raise _Unresolved(table.problem)
        return _Found(*pick(iter(spans), f"{name} dates"), holiday=True)
    week = _week(words, today)
    if week is not None:
        return _Found(*week)
    units = _IN_UNITS.match(words)
    if units:
        count = int(_NUMBERS.get(units.group(1), units.group(1) if units.group(1).isdigit() else 1))
        day = parse_date(f"+{count}{units.group(2)[0]}", today)
        return _Found(day, day)
    if words in ("a fortnight", "fortnight", "a fortnight's time"):
        day = today + dt.timedelta(days=14)
        return _Found(day, day)
    named = _named_day(words)
    if named is not None:
        return _Found(*pick(_each_year(today, named), words))
    part = _PART.match(words)
    if part:
        kind, rest = part.group(1), _strip_fillers(part.group(2))
        return _Found(*_part_of(kind, rest, today, pick))
    month = _month(words, today, pick)
    if month is not None:
        return _Found(*month)
    single = _single_day(words, today, starts_after)
    if single is not None:
        return _Found(single, single, plain=True)
    try:
        day = parse_date(words, today)
    except ValueError:
        raise _Unresolved("not a date or a phrase Facilitator knows") from None
    return _Found(day, day, plain=True)


def _week(words: str, today: dt.date) -> Span | None:
    """'next week', 'this week', 'w/c 29 March' as the seven days from its first."""
    monday = today - dt.timedelta(days=today.weekday())
    if words in ("this week", "the end of the week", "end of the week", "end of this week"):
        return today, monday + dt.timedelta(days=6)
    if words in ("next week", "end of next week"):
        start = monday + dt.timedelta(days=7)
        return start, start + dt.timedelta(days=6)
    if words in ("the week after next", "week after next"):
        start = monday + dt.timedelta(days=14)
        return start, start + dt.timedelta(days=6)
    commencing = _WEEK_OF.match(words)
    if commencing:
        first = _single_day(_strip_fillers(commencing.group(1)), today, False)
        if first is None:
            try:
                first = parse_date(commencing.group(1), today)
            except ValueError:
                raise _Unresolved(f"{commencing.group(1)!r} is not a day to start a week from") from None
        return first, first + dt.timedelta(days=6)
    return None


def _named_day(words: str) -> Callable[[int], Span] | None:
    """A day (or days) named the same way every year, as a function of the year."""
    fixed = _FIXED_DAYS.get(words)
    if fixed is not None:
        month, day = fixed
        return lambda year: (dt.date(year, month, day), dt.date(year, month, day))
    offsets = _EASTER_DAYS.get(words)
    if offsets is not None:
        first, last = offsets
        return lambda year: (easter(year) + dt.timedelta(days=first), easter(year) + dt.timedelta(days=last))
    return None


def _each_year(today: dt.date, span_of: Callable[[int], Span], year: int | None = None) -> Iterator[Span]:
    """The span in each year from the year before ``today``'s (or only in ``year``), within the calendar."""
    years = [year] if year is not None else range(max(dt.MINYEAR, today.year - 1), min(dt.MAXYEAR, today.year + 1) + 1)
    for each in years:
        try:
            yield span_of(each)
        except (OverflowError, ValueError):
            continue  # Easter or a day's sum beyond the calendar's ends


def _only(spans: Iterator[Span], what: str) -> Span:
    """The one span of a year given outright."""
    for span in spans:
        return span
    raise _Unresolved(f"{what!r} is not on the calendar")


def _month_span(year: int, month: int) -> Span:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_of(words: str, today: dt.date) -> tuple[int | None, int | None] | None:
    """(month, year or None) for 'march', 'march 2027', 'this month', 'next month'."""
    if words in ("this month", "the month", "month"):
        return today.month, today.year
    if words == "next month":
        month = today.month % 12 + 1
        return month, today.year + (1 if month == 1 else 0)
    match = _MONTH_ONLY.match(words)
    if not match:
        return None
    return _MONTH_WORDS[match.group(1)], int(match.group(2)) if match.group(2) else None


def _month(words: str, today: dt.date, pick: Callable[[Iterator[Span], str], Span]) -> Span | None:
    found = _month_of(words, today)
    if found is None:
        return None
    month, year = found
    assert month is not None
    spans = _each_year(today, lambda y: _month_span(y, month), year)
    return pick(spans, words) if year is None else _only(spans, words)


def _part_of(kind: str, rest: str, today: dt.date, pick: Callable[[Iterator[Span], str], Span]) -> Span:
    """'end of March': the part of the month its word names."""
    found = _month_of(rest, today)
    if found is None:
        raise _Unresolved(f"{rest!r} is not a month")
    month, year = found
    assert month is not None
    first, last = _PARTS[kind]

    def part(y: int) -> Span:
        start, end = _month_span(y, month)
        begin = end + dt.timedelta(days=first) if first < 0 else start.replace(day=first)
        return begin, end if last is None else start.replace(day=last)

    spans = _each_year(today, part, year)
    if year is not None:
        return _only(spans, rest)
    return pick(spans, f"{kind} of {calendar.month_name[month]}")


def _single_day(words: str, today: dt.date, starts_after: bool) -> dt.date | None:
    """'29 March', 'March 29th', '29/3', '29/3/2027': the next such day from ``today`` when no year is given."""
    day_month = _DAY_MONTH.match(words)
    month_day = _MONTH_DAY.match(words)
    slashed = _SLASHED.match(words)
    if day_month:
        day, month, year = int(day_month.group(1)), _MONTH_WORDS[day_month.group(2)], day_month.group(3)
    elif month_day:
        day, month, year = int(month_day.group(2)), _MONTH_WORDS[month_day.group(1)], month_day.group(3)
    elif slashed:  # day/month, as written in the UK
        day, month, year = int(slashed.group(1)), int(slashed.group(2)), slashed.group(3)
        if year is not None and len(year) == 2:
            year = str(2000 + int(year))
    else:
        return None
    if year is not None:
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            raise _Unresolved(f"there is no {day} {_month_name(month)} in {year}") from None
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a day of the year
    except ValueError:
        raise _Unresolved(f"{words!r} is not a day of the year") from None
    for each in range(today.year, min(dt.MAXYEAR, today.year + 8) + 1):  # 29 February may be years away
        try:
            found = dt.date(each, month, day)
        except ValueError:
            continue
        if found > today or (found == today and not starts_after):
            return found
    raise _Unresolved(f"no {words} is left on the calendar")


def _month_name(month: int) -> str:
    return calendar.month_name[month] if 1 <= month <= 12 else f"month {month}"


# --- Easter ------------------------------------------------------------------------------------


def easter(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm: Meeus, Jones, Butcher)."""
    golden = year % 19  # the year's place in the 19-year cycle of the moon
    century, of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon_correction = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = divmod(of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


# --- school holidays ------------------------------------------------------------------------


def load_holidays(config: Path | None = None) -> Holidays:
    """The shipped school holidays, with the user's ``holidays.toml`` (config folder) laid over them."""
    shipped = _shipped()
    folder = config_dir() if config is None else config
    path = folder / HOLIDAYS_FILE
    try:
        stat = path.stat()
    except OSError:
        return shipped
    return _with_user_file(str(path), stat.st_mtime_ns, stat.st_size)


@cache
def _shipped() -> Holidays:
    text = (data_dir() / HOLIDAYS_FILE).read_text(encoding="utf-8")
    return _merged(Holidays(), _holidays_from(tomllib.loads(text), HOLIDAYS_FILE))


@cache
def _with_user_file(path: str, _mtime: int, _size: int) -> Holidays:
    """The user's file laid over the shipped one; cached until the file changes."""
    shipped = _shipped()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        own = _holidays_from(data, path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
        return Holidays(shipped.periods, shipped.names, f"your {HOLIDAYS_FILE} cannot be read ({error})")
    return _merged(shipped, own)


def _holidays_from(data: dict[str, Any], where: str) -> list[tuple[str, list[str], tuple[Span, ...]]]:
    """Each [[holiday]] of a file, checked: (name, other names, periods)."""
    entries = data.get("holiday", [])
    if not isinstance(entries, list):
        raise ValueError(f"{where}: 'holiday' must be a list of [[holiday]] tables")
    found = []
    for index, entry in enumerate(entries):
        place = f"holiday {index + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ValueError(f"{place} has no name")
        name = _normal(entry["name"])
        also = entry.get("also", [])
        if not isinstance(also, list) or not all(isinstance(word, str) for word in also):
            raise ValueError(f"{place} ({name}): 'also' must be a list of names")
        found.append((name, [_normal(word) for word in also], _periods(entry.get("dates", []), f"{place} ({name})")))
    return found


def _periods(raw: Any, place: str) -> tuple[Span, ...]:
    if not isinstance(raw, list):
        raise ValueError(f"{place}: 'dates' must be a list of [first day, last day] pairs")
    spans = []
    for pair in raw:
        ok = isinstance(pair, list) and len(pair) == 2
        ok = ok and all(isinstance(day, dt.date) and not isinstance(day, dt.datetime) for day in pair)
        if not ok:
            raise ValueError(f"{place}: {pair!r} is not a pair of dates such as [2027-07-23, 2027-08-31]")
        if pair[1] < pair[0]:
            raise ValueError(f"{place}: {pair[1]} is before {pair[0]}")
        spans.append((pair[0], pair[1]))
    return tuple(sorted(spans))


def _merged(base: Holidays, entries: list[tuple[str, list[str], tuple[Span, ...]]]) -> Holidays:
    """``base`` with each entry added, replacing a holiday of the same name (or one of its other names)."""
    periods, names = dict(base.periods), dict(base.names)
    for name, also, spans in entries:
        replaced = {names[word] for word in (name, *also) if word in names}
        for old in replaced:
            periods.pop(old, None)
            names = {word: target for word, target in names.items() if target != old}
        periods[name] = spans
        for word in (name, *also):
            names[word] = name
    return Holidays(periods, names)


# --- the next meeting ---------------------------------------------------------------------------


def refers_to_next_meeting(text: str) -> bool:
    """Whether the words are 'by the next meeting' (or the like), resolved from the next review date."""
    words = _normal(text)
    for prefix, _meaning in _PREFIXES:
        if words.startswith(prefix + " "):
            words = words[len(prefix) + 1 :]
            break
    words = _strip_fillers(words)
    return words in _NEXT_MEETING or words.removeprefix("our ") in _NEXT_MEETING


# --- how a date with its words reads ------------------------------------------------------------


def day_month_year(day: dt.date) -> str:
    """'28 Mar 2027', as the minutes' tables show a date, whatever the locale."""
    return f"{day.day} {_SHORT_MONTHS[day.month - 1]} {day.year}"


def weekday_date(day: dt.date) -> str:
    """'Sun 28 Mar 2027'."""
    return f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day_month_year(day)}"


def due_words(day: dt.date | None, text: str = "", none: str = "") -> str:
    """A due date as the minutes and lists show it.

    A plain date: '28 Mar 2027'. A phrase: 'before Easter (by Sat 27 Mar 2027)'. A phrase with
    no date found: 'by the next meeting ⚑'. Nothing at all: ``none``.
    """
    if not text:
        return day_month_year(day) if day else none
    if day is None:
        return f"{text} {FLAG}"
    return f"{text} (by {weekday_date(day)})"


def is_unresolved(day: dt.date | None, text: str) -> bool:
    """A phrase kept as words with no date found: flagged wherever it is shown."""
    return bool(text) and day is None
