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

The index (``SearchIndex``) is a word index over all the text a person wrote (partnership, venue,
purpose, attendees, agenda, notes and their tags, conflicts, decisions, actions, matters arising,
corrections, the health comment), folded: per term, the meetings holding it (``terms_of`` says
which terms). A typed word holds no whitespace, so it is in a meeting's text exactly when it is
inside one of its tokens: the query tests each word against the distinct tokens, not against
every meeting's text, and intersects the meetings they name. A two-word phrase is answered the
same way from the pairs of tokens; a longer one is narrowed by its pairs, then confirmed on the
text of the meetings left. The qualifiers test the starts of the names' words. The date bounds
are a binary search over the meetings sorted by date. Reads take no lock: a save adds a slot
and only then marks it live, so a search running in a worker thread never sees half a meeting.
The index is saved beside the archive by ``facilitator.search_index``.

Nothing here neutralises text for display (the screens do that) and no stored document, however
odd (missing fields, None, numbers where text belongs), makes it fail: what is not text is skipped.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import functools
import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
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


def _key_of(document: dict[str, Any]) -> str:
    """The meeting's place in the results, compared as a string: date, start time, id (``\\x00`` between).

    A date that cannot be read sorts as the oldest ("") and is outside every date range.
    """
    date = _text_of(document.get("date"))
    start = _text_of(document.get("start"))
    return f"{date if _ISO_DAY.fullmatch(date) else ''}\x00{start}\x00{document['id']}"


def _blob(document: dict[str, Any]) -> str:
    """All the text a person wrote, folded in one go, the pieces kept apart by NUL (never whitespace)."""
    return fold(_PIECE_SEPARATOR.join(text for text in _texts(document) if isinstance(text, str)))


def _suffixes(field: str) -> Iterator[str]:
    """Each name's words from each word on: " paul howard" → "paul howard", "howard"."""
    for name in field.split(_FIELD_SEPARATOR):
        words = name.split()
        for start in range(len(words)):
            yield " ".join(words[start:])


# The kinds of term, each its own vocabulary.
TOKENS, PAIRS, PARTNERSHIPS, INITIALS, PEOPLE, PROJECTS = range(6)
_KINDS = 6


def terms_of(document: dict[str, Any]) -> tuple[set[str], ...]:
    """What the word index keeps of one meeting, by kind of term.

    Tokens are the runs of the folded text between whitespace (and the piece separator): a typed
    word, which holds no whitespace, is in the text exactly when it is inside one of them. Pairs
    are two tokens one after the other in a piece, one space between: a two-word phrase ``a b`` is
    in the text exactly when ``"a b"`` is inside one of them. Names are kept as each name's words
    from each word on, so ``who:pau`` is a test of the start of a term.
    """
    terms: tuple[set[str], ...] = tuple(set() for _ in range(_KINDS))
    for piece in _blob(document).split(_PIECE_SEPARATOR):
        tokens = piece.split()
        terms[TOKENS].update(tokens)
        terms[PAIRS].update(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    partnership = _field([document.get("partnership")])
    terms[PARTNERSHIPS].update(_suffixes(partnership))
    terms[INITIALS].update(filter(None, _initials(partnership).split(_FIELD_SEPARATOR)))
    people = [a.get("name") for a in _dicts(document, "attendees")]
    people += list(_captured_people(document))
    terms[PEOPLE].update(_suffixes(_field(people)))
    terms[PROJECTS].update(_suffixes(_field(item.get("title") for item in items_of_kind(document, "agenda"))))
    return terms


@dataclass
class Batch:
    """The word index of a few meetings (an archive part): their ids and keys, and per term a bit mask of them.

    Bit ``i`` of a term's mask is ``ids[i]``. This is also the form saved beside the archive
    (``facilitator.search_index``).
    """

    ids: list[str]
    keys: list[str]
    terms: tuple[dict[str, bytes], ...]  # masks little-endian, bit i of byte i // 8


def batch_of(documents: Iterable[Any]) -> Batch:
    """The word index of these documents; one without an id is skipped, a repeated id replaces the first."""
    latest = {document["id"]: document for document in documents if _indexable(document)}
    # Oldest first, so that a store's parts read oldest first put every meeting in date order.
    ordered = sorted(latest.values(), key=_key_of)
    ids, keys = [], []
    masks: tuple[dict[str, int], ...] = tuple({} for _ in range(_KINDS))
    for position, document in enumerate(ordered):
        ids.append(document["id"])
        keys.append(_key_of(document))
        bit = 1 << position
        for kind, found in enumerate(terms_of(document)):
            for term in found:
                masks[kind][term] = masks[kind].get(term, 0) | bit
    size = (len(ids) + 7) // 8
    return Batch(
        ids, keys, tuple({term: mask.to_bytes(size, "little") for term, mask in kind.items()} for kind in masks)
    )


@functools.lru_cache(maxsize=64)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The words of a phrase in order, with any spaces or line breaks between them (never a piece separator)."""
    return re.compile(r"\s+".join(map(re.escape, phrase.split())))


def _indexable(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("id"), str) and bool(document["id"])


_NOT_ZERO = re.compile(rb"[^\x00]")
Posting = int | array.array  # a bit map of slots (a common term), or the slots themselves (a rare one)


def _set_bits(data: bytes) -> Iterator[int]:
    """The positions of the bits set in a little-endian bit map."""
    for match in _NOT_ZERO.finditer(data):
        byte, base = data[match.start()], match.start() * 8
        for bit in range(8):
            if byte >> bit & 1:
                yield base + bit


# --- the index ----------------------------------------------------------------------------------


class SearchIndex:
    """A word index of the meetings: per term (a word of the text, a pair of words, a name), the meetings holding it.

    Every meeting has a slot (a bit position); a term's posting is a bit map of slots, or for a
    rare term the list of its slots. A query tests its words against the distinct terms (a
    substring test over the vocabulary, never over every meeting's text), joins the postings of
    the terms that match, and intersects those of its conditions. Only a phrase of three or more
    words (whose pairs narrow the meetings down) is confirmed on each candidate's text, read
    through ``read``.

    A saved meeting takes a new slot at the end and its old one is dropped from ``_live``;
    readers take no lock: they read ``_live`` first, and everything a slot needs is in place
    before its bit is set there.
    """

    def __init__(self, read: Callable[[str], Any] | None = None) -> None:
        self._lock = threading.Lock()  # one writer at a time; readers never wait
        self._read = read
        self._kept: dict[str, Any] = {}  # documents to confirm phrases on, when there is no ``read``
        self._ids: list[str] = []  # slot → meeting id ("" for a slot never used)
        self._keys: list[str] = []  # slot → its place in the results (``_key_of``)
        self._slot: dict[str, int] = {}  # meeting id → its slot now
        self._live = 0  # bit map of the slots in use
        self._built = 0  # slots below this are in ``_order``
        self._order: array.array = array.array("I")  # the built slots, oldest first
        self._monotone = True  # the built slots in use are in date order (``find`` then reads the highest bits)
        self._terms: tuple[dict[str, Posting], ...] = tuple({} for _ in range(_KINDS))

    @classmethod
    def build(cls, documents: Iterable[Any], read: Callable[[str], Any] | None = None) -> SearchIndex:
        """An index of these stored documents; one without an id is skipped, a repeated id replaces the first.

        Without ``read``, the documents are kept to confirm long phrases on (tests, small stores).
        """
        kept: dict[str, Any] = {}

        def batches() -> Iterator[tuple[Batch, None]]:
            chunk: list[Any] = []
            for document in documents:
                if read is None and _indexable(document):
                    kept[document["id"]] = document
                chunk.append(document)
                if len(chunk) == 256:
                    yield batch_of(chunk), None
                    chunk = []
            yield batch_of(chunk), None

        index = cls.from_batches(batches(), read)
        index._kept = kept
        return index

    @classmethod
    def from_batches(
        cls, batches: Iterable[tuple[Batch, set[str] | None]], read: Callable[[str], Any] | None = None
    ) -> SearchIndex:
        """An index of these batches, in order (a later copy of a meeting replaces an earlier one).

        With each batch, the ids it may set live (None: all): a part's copy of a meeting the
        store keeps elsewhere is left out.
        """
        index = cls(read)
        # Per term, its masks (byte offset, mask) while few; a bit map being filled once common.
        pieces: tuple[dict[str, list[tuple[int, bytes]] | bytearray], ...] = tuple({} for _ in range(_KINDS))
        slot = 0
        live: dict[str, int] = {}
        for batch, allowed in batches:
            for position, meeting_id in enumerate(batch.ids):
                if allowed is None or meeting_id in allowed:
                    live[meeting_id] = slot + position
            index._ids += batch.ids
            index._keys += batch.keys
            for kind, masks in enumerate(batch.terms):
                _gather(pieces[kind], masks, slot // 8)
            padded = -(-len(batch.ids) // 8) * 8  # each batch starts on a byte: its masks are copied whole
            index._ids += [""] * (padded - len(batch.ids))
            index._keys += [""] * (padded - len(batch.ids))
            slot += padded
        size = max(1, slot // 8)
        for kind, found in enumerate(pieces):
            postings = index._terms[kind]
            for term in list(found):
                postings[term] = _posting(found.pop(term), size)
        index._slot = live
        index._live = _bitmap(live.values(), size)
        index._order = array.array("I", sorted(live.values(), key=index._keys.__getitem__))
        index._monotone = all(a < b for a, b in itertools.pairwise(index._order))
        index._built = slot
        return index

    def __len__(self) -> int:
        return self._live.bit_count()

    def __contains__(self, meeting_id: object) -> bool:
        return meeting_id in self._slot

    def add_or_replace(self, document: Any) -> None:
        """Index a meeting just saved (new, or a new version of one indexed); an id-less document is ignored."""
        if not _indexable(document):
            return
        batch = batch_of([document])
        with self._lock:
            slot = len(self._ids)
            self._keys.append(batch.keys[0])
            self._ids.append(batch.ids[0])
            for kind, masks in enumerate(batch.terms):
                postings = self._terms[kind]
                for term in masks:
                    posting = postings.get(term)
                    if posting is None:
                        postings[term] = array.array("I", [slot])
                    elif isinstance(posting, int):
                        postings[term] = posting | 1 << slot
                    else:
                        posting.append(slot)
            if self._read is None:
                self._kept[document["id"]] = document
            old = self._slot.get(document["id"])
            self._slot[document["id"]] = slot
            self._live = (self._live | 1 << slot) & ~(0 if old is None else 1 << old)

    def remove(self, meeting_id: str) -> None:
        """Forget a meeting; one not indexed is no error."""
        with self._lock:
            old = self._slot.pop(meeting_id, None)
            if old is not None:
                self._live &= ~(1 << old)
                self._kept.pop(meeting_id, None)

    def search(self, query: Query | str) -> list[str]:
        """Ids of the meetings that match, newest first; a ``str`` is parsed first (``ValueError`` if it cannot be)."""
        if isinstance(query, str):
            query = parse_query(query)
        found, confirm = self._found(query)
        if not found:
            return []
        ids = [self._ids[slot] for slot in self._newest_first(found, query)]
        if confirm:
            ids = [meeting_id for meeting_id in ids if self._confirmed(meeting_id, confirm)]
        return ids

    def find(self, query: Query | str, limit: int) -> tuple[list[str], int]:
        """The newest ``limit`` matches and how many match in all: what the history screen shows.

        Where the built slots are in date order (the parts are read oldest first, each part's
        meetings sorted), the newest are the highest bits set: no list of every match is made.
        """
        if isinstance(query, str):
            query = parse_query(query)
        found, confirm = self._found(query)
        if confirm or not self._monotone:
            ids = self.search(query) if found else []
            return ids[:limit], len(ids)
        keys, order, built = self._keys, self._order, self._built
        low, high = _bounds(query)
        start = bisect.bisect_left(order, low, key=keys.__getitem__)
        end = bisect.bisect_left(order, high, key=keys.__getitem__)
        tail = [s for s in _set_bits(_bytes(found >> built)) if low <= keys[s + built] < high]
        tail = [s + built for s in tail]
        inside = 0
        if start < end:  # the built slots in the date range are one run of bits
            inside = found & ((1 << (order[end - 1] + 1)) - 1) & ~((1 << order[start]) - 1)
        newest = _highest_bits(inside, limit)
        if tail:
            newest = sorted([*newest, *tail], key=keys.__getitem__, reverse=True)[:limit]
        return [self._ids[slot] for slot in newest], inside.bit_count() + len(tail)

    def _found(self, query: Query) -> tuple[int, list[str]]:
        """The bit map of the meetings holding every term the query needs, and the phrases to confirm on the text."""
        found = self._live  # read first: every slot it names is whole
        confirm: list[str] = []
        tests: list[tuple[int, Callable[[str], bool]]] = []
        for value in query.partnerships:
            tests.append((PARTNERSHIPS, _starts(value)))
        for value in query.people:
            tests.append((PEOPLE, _starts(value)))
        for value in query.projects:
            tests.append((PROJECTS, _starts(value)))
        for word in sorted(query.words, key=len, reverse=True):
            tests += _word_tests(word, confirm)
        for phrase in query.phrases:
            tests += _phrase_tests(phrase, confirm)
        for position, (kind, test) in enumerate(tests):
            if not found:
                break
            matched = self._matching(kind, test)
            if kind == PARTNERSHIPS and position < len(query.partnerships):
                value = query.partnerships[position]
                if " " not in value:  # also the initials of the partnership's words
                    matched |= self._matching(INITIALS, _inside(value))
            found &= matched
        return found, confirm

    def _matching(self, kind: int, test: Callable[[str], bool]) -> int:
        """The bit map of the meetings holding a term of this kind that passes ``test``."""
        size = (len(self._ids) + 7) // 8 or 1
        found = 0
        rare: list[array.array] = []
        for term, posting in list(self._terms[kind].items()):  # a copy: a save may add terms meanwhile
            if test(term):
                if isinstance(posting, int):
                    found |= posting
                else:
                    rare.append(posting)
        if rare:
            found |= _bitmap((slot for posting in rare for slot in posting[:]), max(size, (len(self._ids) + 7) // 8))
        return found

    def _newest_first(self, found: int, query: Query) -> list[int]:
        """The slots set in ``found``, newest first, within the query's dates."""
        keys, order, built = self._keys, self._order, self._built
        low, high = _bounds(query)
        start = bisect.bisect_left(order, low, key=keys.__getitem__)
        end = bisect.bisect_left(order, high, key=keys.__getitem__)
        data = found.to_bytes((found.bit_length() + 7) // 8, "little")
        if found.bit_count() * 4 < end - start:
            slots = sorted((s for s in _set_bits(data) if s < built and low <= keys[s] < high), key=keys.__getitem__)
        else:
            slots = [s for s in order[start:end] if s >> 3 < len(data) and data[s >> 3] >> (s & 7) & 1]
        for slot in _set_bits(data[built // 8 :]):
            slot += built
            if low <= keys[slot] < high:
                bisect.insort(slots, slot, key=keys.__getitem__)
        slots.reverse()
        return slots

    def _confirmed(self, meeting_id: str, patterns: list[str]) -> bool:
        document = self._read(meeting_id) if self._read is not None else self._kept.get(meeting_id)
        if not isinstance(document, dict) or not _indexable(document):
            return False
        blob = _blob(document)
        return all(_phrase_pattern(phrase).search(blob) for phrase in patterns)

    def text_size(self) -> int:
        """Characters of the terms kept (for benchmarks: the vocabulary's share of the index)."""
        return sum(len(term) for postings in self._terms for term in list(postings))

    def posting_bytes(self) -> int:
        """Bytes of the postings (for benchmarks)."""
        total = 0
        for postings in self._terms:
            for posting in list(postings.values()):
                if isinstance(posting, int):
                    total += (posting.bit_length() + 7) // 8
                else:
                    total += posting.itemsize * len(posting)
        return total


def _bounds(query: Query) -> tuple[str, str]:
    """The query's dates as bounds of the keys: low included, high not."""
    if query.date_from is None and query.date_to is None:
        return "", "\U0010ffff"
    low = query.date_from.isoformat() if query.date_from else "0"  # undated meetings sort first, outside
    high = query.date_to.isoformat() + "\x01" if query.date_to else "\U0010ffff"
    return low, high


def _bytes(bits: int) -> bytes:
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


def _highest_bits(bits: int, limit: int) -> list[int]:
    """The positions of the ``limit`` highest bits set, highest first."""
    data = _bytes(bits)[::-1]
    top = len(data) * 8 - 1
    found: list[int] = []
    for match in _NOT_ZERO.finditer(data):
        byte, base = data[match.start()], top - match.start() * 8
        for bit in range(7, -1, -1):
            if byte >> bit & 1:
                found.append(base - 7 + bit)
                if len(found) >= limit:
                    return found
    return found


def _starts(value: str) -> Callable[[str], bool]:
    def test(term: str) -> bool:
        return term.startswith(value)

    return test


def _inside(value: str) -> Callable[[str], bool]:
    def test(term: str) -> bool:
        return value in term

    return test


def _word_tests(word: str, confirm: list[str]) -> list[tuple[int, Callable[[str], bool]]]:
    """A typed word is inside one token; one holding a piece separator (typed as NUL) spans tokens: confirmed."""
    if _PIECE_SEPARATOR not in word:
        return [(TOKENS, _inside(word))]
    confirm.append(word)
    return [(TOKENS, _inside(part)) for part in word.split(_PIECE_SEPARATOR) if part]


def _phrase_tests(phrase: str, confirm: list[str]) -> list[tuple[int, Callable[[str], bool]]]:
    """One word: a word. Two: a pair of tokens holds them. More: each pair narrows, the text confirms."""
    words = phrase.split()
    if len(words) == 1:
        return _word_tests(words[0], confirm)
    if _PIECE_SEPARATOR in phrase:
        confirm.append(phrase)
        return [(TOKENS, _inside(part)) for part in _WORD.findall(phrase)]
    if len(words) > 2:
        confirm.append(phrase)
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    return [(PAIRS, _inside(pair)) for pair in pairs]


_FEW = 8  # a term's masks kept apart up to this many batches; past it, gathered in one bit map


def _gather(pieces: dict[str, list[tuple[int, bytes]] | bytearray], masks: dict[str, bytes], offset: int) -> None:
    for term, mask in masks.items():
        found = pieces.get(term)
        if found is None:
            pieces[term] = [(offset, mask)]
            continue
        if isinstance(found, list):
            if len(found) < _FEW:
                found.append((offset, mask))
                continue
            data = bytearray()
            for earlier in found:
                _put(data, *earlier)
            pieces[term] = found = data
        _put(found, offset, mask)


def _put(data: bytearray, offset: int, piece: bytes) -> None:
    """A batch's mask into a term's bit map; batches come in order, each past the one before."""
    if len(data) < offset:
        data.extend(bytes(offset - len(data)))
    data[offset:] = piece


def _posting(found: list[tuple[int, bytes]] | bytearray, size: int) -> Posting:
    """A term's posting from its masks per batch: a bit map if common, else its slots."""
    if isinstance(found, bytearray):
        data = found
    else:
        data = bytearray()
        for offset, mask in found:
            _put(data, offset, mask)
    count = int.from_bytes(data, "little").bit_count()
    if count * 32 >= size * 8:
        return int.from_bytes(data, "little")
    return array.array("I", _set_bits(bytes(data)))


def _bitmap(slots: Iterable[int], size: int) -> int:
    data = bytearray(size)
    for slot in slots:
        if slot >> 3 >= len(data):
            data.extend(bytes((slot >> 3) - len(data) + 1))
        data[slot >> 3] |= 1 << (slot & 7)
    return int.from_bytes(data, "little")
