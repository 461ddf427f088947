"""Search the minutes as the user types: a query language and an index over stored meeting documents.

The query (``parse_query``), as typed in the history screen's search box:

* plain words must all appear somewhere in the minutes' text (anywhere, even inside a longer
  word: ``bike`` finds "bikes"), in any case and with accents folded (``cafe`` finds "café");
* ``"a quoted phrase"``: its words must appear in that order, next to each other within one piece
  of text (any spacing or line break between them); an unclosed quote runs to the end of the box,
  so a phrase being typed already narrows the list;
* ``partnership:WORD`` the partnership's name, ``who:WORD`` an attendee, the person who raised a
  note or an action's owner, ``project:WORD`` the title of an agenda item. Their values match
  the start of any word of the name (``who:pau`` and ``who:howard`` both find Paul Howard), may be
  quoted (``who:"paul how"``), and a partnership is also found by the initials of its words
  (``partnership:yot`` finds "… Youth Offending Team");
* ``from:DATE`` and ``to:DATE`` bound the meeting's date, both ends included: a day
  (``2026-05-11``), a month (``2026-05``: from its first day / to its last) or a year (``2026``).

Several conditions must all hold. A qualifier with nothing after it yet (``who:``) is ignored, so
typing one does not empty the list. An unknown qualifier or a date that cannot be read raises
``ValueError`` with a message to show under the search box.

The index (``SearchIndex``) keeps, per meeting, one folded string of all the text a person wrote
(partnership, venue, purpose, attendees, agenda, notes and their tags, conflicts, decisions,
actions, matters arising, corrections, the health comment) and the few structured fields the
qualifiers need. A query is a handful of substring tests per meeting, cheapest and most selective
first; the date bounds are a binary search, because the meetings are kept sorted newest first.
Reads take no lock: every change builds new lists and swaps them in, so a search running in a
worker thread sees either the old or the new state, never half of one.

Nothing here neutralises text for display (the screens do that) and no stored document, however
odd (missing fields, None, numbers where text belongs), makes it fail: what is not text is skipped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from facilitator import kinds
from facilitator.document_schema import items_of_kind, other_notes_of

QUALIFIERS = ("partnership", "who", "project", "from", "to")

# Typographic punctuation typed by phones and word processors, read as its plain form.
_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})
# A quoted phrase, or a bare token with perhaps a quoted value straight after it (who:"paul howard").
_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)(?:"([^"]*)"?)?')
_QUALIFIER_NAME = re.compile(r"[a-z]+")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"\w+")
_FIELD_SEPARATOR = "\n"  # between two names of a name field; never in a value of the query
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")  # only these can be accents: the rest of the text is left to C
_PIECE_SEPARATOR = "\x00"  # between two pieces of a meeting's text: a phrase never runs across it


def fold(text: str) -> str:
    """Text as the search compares it: case folded, accents dropped, typographic quotes and dashes plain."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold().translate(_TYPOGRAPHIC))
    if text.isascii():
        return text
    return _NOT_ASCII.sub(_without_marks, text)


def _without_marks(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


def _name_words(folded: str) -> str:
    """The words of a folded name, single-spaced, punctuation dropped: "o'brien-smith" → "o brien smith"."""
    return " ".join(_WORD.findall(folded))


# --- the query ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A parsed search. Text values are folded; names are reduced to their words (see ``fold``)."""

    text: str = ""
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    partnerships: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        """True when the query asks nothing: every meeting matches."""
        return (
            not (self.words or self.phrases or self.partnerships or self.people or self.projects)
            and self.date_from is None
            and self.date_to is None
        )


def parse_query(text: str) -> Query:
    """Read what was typed in the search box; ``ValueError`` says what cannot be read."""
    if not isinstance(text, str):
        raise ValueError(f"a search is text, not {type(text).__name__}")
    words: list[str] = []
    phrases: list[str] = []
    values: dict[str, list[str]] = {name: [] for name in QUALIFIERS}
    # Split as typed (only curly quotes made straight), so a message quotes the user's own words.
    for match in _TOKEN.finditer(text.translate(_TYPOGRAPHIC)):
        phrase, token, quoted = match.groups()
        if token is None:
            _add_phrase(phrases, phrase)
            continue
        name, colon, value = token.partition(":")
        if not colon or not _QUALIFIER_NAME.fullmatch(fold(name)):
            # Not a qualifier ("14:00", ":)"): a word, and a phrase quoted straight after it.
            words += fold(token).split()
            if quoted is not None:
                _add_phrase(phrases, quoted)
            continue
        if fold(name) not in values:
            known = ", ".join(f"{q}:" for q in QUALIFIERS[:-1]) + f" or {QUALIFIERS[-1]}:"
            raise ValueError(
                f"{_shown(name + ':')} is not a filter: use {known}, "
                f'or put text with a colon in quotes ("{_clip(token)}")'
            )
        if quoted is not None:
            value += quoted
        if value.strip():
            values[fold(name)].append(value)
    date_from = _latest(_parse_date(name="from", value=v) for v in values["from"])
    date_to = _earliest(_parse_date(name="to", value=v) for v in values["to"])
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValueError(
            f"from:{date_from.isoformat()} is after to:{date_to.isoformat()}, so no meeting can match; "
            "swap the two dates"
        )
    return Query(
        text=text,
        words=tuple(dict.fromkeys(words)),
        phrases=tuple(dict.fromkeys(phrases)),
        partnerships=_names(values["partnership"]),
        people=_names(values["who"]),
        projects=_names(values["project"]),
        date_from=date_from,
        date_to=date_to,
    )


def _add_phrase(phrases: list[str], typed: str) -> None:
    phrase = " ".join(fold(typed).split())
    if phrase:
        phrases.append(phrase)


def _names(values: list[str]) -> tuple[str, ...]:
    # A value of punctuation alone ("who:&") has no word to look for: ignored like an empty one.
    return tuple(dict.fromkeys(words for value in values if (words := _name_words(fold(value)))))


def _parse_date(*, name: str, value: str) -> dt.date:
    """``from:`` gives the first day of a month or year, ``to:`` the last."""
    cleaned = value.strip()
    match = _DATE.fullmatch(cleaned)
    problem = "is not a date"  # the screen's tests look for these words
    if match:
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        try:
            if month is None:
                return dt.date(year, 1, 1) if name == "from" else dt.date(year, 12, 31)
            if day is None:
                if name == "from":
                    return dt.date(year, month, 1)
                if month == 12:  # the 31st, and no 1 January after 9999 to count back from
                    return dt.date(year, 12, 31)
                return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
            return dt.date(year, month, day)
        except (ValueError, OverflowError):
            problem = "is not a date on the calendar"
    raise ValueError(f"{name}:{_clip(cleaned)} {problem}; use a day (2026-05-11), a month (2026-05) or a year (2026)")


def _latest(days: Iterable[dt.date]) -> dt.date | None:
    return max(days, default=None)


def _earliest(days: Iterable[dt.date]) -> dt.date | None:
    return min(days, default=None)


def _clip(text: str) -> str:
    visible = "".join(ch if ch.isprintable() else "?" for ch in text[:30])
    return visible + ("…" if len(text) > 30 else "")


def _shown(text: str) -> str:
    return repr(_clip(text))


# --- what is kept per meeting -------------------------------------------------------------------


def _is_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(document: dict[str, Any], key: str) -> Iterator[dict[str, Any]]:
    for item in _is_list(document.get(key)):
        if isinstance(item, dict):
            yield item


def _texts(document: dict[str, Any]) -> Iterator[Any]:
    """Every piece of text a person wrote in the meeting (non-text values are filtered later)."""
    yield document.get("partnership")
    yield document.get("venue")
    yield document.get("purpose")
    for attendee in _dicts(document, "attendees"):
        yield attendee.get("name")
        yield attendee.get("organisation")
        yield attendee.get("role")
    yield from _captured_texts(document)
    for arising in _dicts(document, "arising"):
        yield arising.get("text")
        yield arising.get("owner")
        yield arising.get("new_owner")
        yield arising.get("reason")
    health = document.get("health")
    if isinstance(health, dict):
        yield health.get("comment")
    yield from _is_list(document.get("corrections"))
    previous = document.get("previous_minutes")
    if isinstance(previous, dict):
        yield from _is_list(previous.get("corrections"))


def _captured_texts(document: dict[str, Any]) -> Iterator[Any]:
    """What each step captured, as its kind reads it for search (``facilitator.kinds``), in step order."""
    for name in _kinds_in(document):
        read = kinds.kind_of(name).search_text
        for item in items_of_kind(document, name):
            yield from read(item)
    for note in other_notes_of(document):
        yield from kinds.kind_of("notes").search_text(note)


def _captured_people(document: dict[str, Any]) -> Iterator[Any]:
    for name in _kinds_in(document):
        read = kinds.kind_of(name).people
        for item in items_of_kind(document, name):
            yield from read(item)
    for note in other_notes_of(document):
        yield from kinds.kind_of("notes").people(note)


def _kinds_in(document: dict[str, Any]) -> list[str]:
    """The registered kinds of the document's steps, each once, in step order."""
    found = (step.get("kind") for step in _dicts(document, "steps"))
    return [name for name in dict.fromkeys(found) if isinstance(name, str) and kinds.is_kind(name)]


def _field(names: Iterable[Any]) -> str:
    """Names folded to their words, each behind a space: ``" pau" in field`` finds a word starting "pau"."""
    found = (_name_words(fold(name)) for name in names if isinstance(name, str))
    return _FIELD_SEPARATOR.join(" " + words for words in dict.fromkeys(found) if words)


def _initials(field: str) -> str:
    """ " youth offending team" → "yot": the initials of each name's words, names kept apart."""
    return _FIELD_SEPARATOR.join("".join(word[0] for word in name.split()) for name in field.split(_FIELD_SEPARATOR))


def _text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


class _Entry:
    """One meeting as the index keeps it."""

    __slots__ = ("blob", "id", "initials", "key", "partnership", "people", "projects")

    def __init__(self, document: dict[str, Any]) -> None:
        self.id: str = document["id"]
        date = _text_of(document.get("date"))
        # Sorted by this, oldest first; searches walk it backwards. The id keeps equal times in a fixed order;
        # a date that cannot be read sorts as the oldest and is outside every date range.
        self.key = (date if _ISO_DAY.fullmatch(date) else "", _text_of(document.get("start")), self.id)
        # One string, folded in one go: far quicker to build than piece by piece. Spaces are kept as
        # written; a phrase allows any run of them. NUL (never whitespace) keeps the pieces apart.
        self.blob = fold(_PIECE_SEPARATOR.join(text for text in _texts(document) if isinstance(text, str)))
        self.partnership = _field([document.get("partnership")])
        self.initials = _initials(self.partnership)
        people = [a.get("name") for a in _dicts(document, "attendees")]
        people += list(_captured_people(document))
        self.people = _field(people)
        self.projects = _field(item.get("title") for item in items_of_kind(document, "agenda"))


@functools.lru_cache(maxsize=64)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The words of a phrase in order, with any spaces or line breaks between them (never a piece separator)."""
    return re.compile(r"\s+".join(map(re.escape, phrase.split())))


def _indexable(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("id"), str) and bool(document["id"])


# --- the index ----------------------------------------------------------------------------------


class SearchIndex:
    """Every meeting's searchable text, kept sorted newest first (by date, then start time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one writer at a time; readers never wait
        self._entries: dict[str, _Entry] = {}
        # (keys, entries), both oldest first, swapped in whole on every change.
        self._sorted: tuple[list[tuple[str, str, str]], list[_Entry]] = ([], [])

    @classmethod
    def build(cls, documents: Iterable[Any]) -> SearchIndex:
        """An index of these stored documents; one without an id is skipped, a repeated id replaces the first."""
        index = cls()
        entries = {}
        for document in documents:
            if _indexable(document):
                entries[document["id"]] = _Entry(document)
        ordered = sorted(entries.values(), key=lambda entry: entry.key)
        index._entries = entries
        index._sorted = ([entry.key for entry in ordered], ordered)
        return index

    def __len__(self) -> int:
        return len(self._sorted[1])

    def __contains__(self, meeting_id: object) -> bool:
        return meeting_id in self._entries

    def add_or_replace(self, document: Any) -> None:
        """Index a meeting just saved (new, or a new version of one indexed); an id-less document is ignored."""
        if not _indexable(document):
            return
        entry = _Entry(document)
        with self._lock:
            keys, entries = list(self._sorted[0]), list(self._sorted[1])
            old = self._entries.get(entry.id)
            if old is not None:
                position = bisect.bisect_left(keys, old.key)
                del keys[position], entries[position]
            position = bisect.bisect_left(keys, entry.key)
            keys.insert(position, entry.key)
            entries.insert(position, entry)
            self._entries[entry.id] = entry
            self._sorted = (keys, entries)

    def remove(self, meeting_id: str) -> None:
        """Forget a meeting; one not indexed is no error."""
        with self._lock:
            old = self._entries.pop(meeting_id, None)
            if old is None:
                return
            keys, entries = list(self._sorted[0]), list(self._sorted[1])
            position = bisect.bisect_left(keys, old.key)
            del keys[position], entries[position]
            self._sorted = (keys, entries)

    def search(self, query: Query | str) -> list[str]:
        """Ids of the meetings that match, newest first; a ``str`` is parsed first (``ValueError`` if it cannot be)."""
        if isinstance(query, str):
            query = parse_query(query)
        keys, candidates = self._sorted
        if query.date_from is not None or query.date_to is not None:
            low = query.date_from.isoformat() if query.date_from else "0"  # undated meetings sort as ""
            high = query.date_to.isoformat() + "\x00" if query.date_to else "\U0010ffff"
            candidates = candidates[bisect.bisect_left(keys, (low,)) : bisect.bisect_left(keys, (high,))]
        for value in query.partnerships:
            needle = " " + value
            if " " in value:
                candidates = [e for e in candidates if needle in e.partnership]
            else:
                candidates = [e for e in candidates if needle in e.partnership or value in e.initials]
        for value in query.people:
            needle = " " + value
            candidates = [e for e in candidates if needle in e.people]
        for value in query.projects:
            needle = " " + value
            candidates = [e for e in candidates if needle in e.projects]
        # Longest first: a long word is likely the rarest, and every later test then runs on fewer meetings.
        for needle in sorted(query.words, key=len, reverse=True):
            candidates = [e for e in candidates if needle in e.blob]
        for phrase in query.phrases:
            pattern = _phrase_pattern(phrase)
            candidates = [e for e in candidates if pattern.search(e.blob)]
        return [entry.id for entry in reversed(candidates)]

    def text_size(self) -> int:
        """Characters of text kept for all meetings (for benchmarks: what the index costs in memory)."""
        return sum(
            len(e.blob) + len(e.partnership) + len(e.initials) + len(e.people) + len(e.projects)
            for e in self._sorted[1]
        )
