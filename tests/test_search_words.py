"""The word index behind the search (facilitator/search.py) and the copy saved beside the archive
(facilitator/search_index.py): same answers as reading every meeting's text, never trusted over the parts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import search_index
from facilitator.document_schema import to_document
from facilitator.model import Meeting, MeetingStatus, Note
from facilitator.search import SearchIndex, _blob, _phrase_pattern, parse_query
from facilitator.tinydb_store import Store


def closed(meeting_id: str, day: dt.date, venue: str = "Hall", notes: tuple[str, ...] = ()) -> Meeting:
    return Meeting(
        "Youth Offending Team",
        day,
        id=meeting_id,
        status=MeetingStatus.CLOSED,
        venue=venue,
        notes=[Note(f"n {text}") for text in notes],
    )


def words_file(db: Path) -> Path:
    return search_index.words_path(Store(db, readonly=True).backend.parts_folder)


def test_the_first_search_saves_the_word_index_and_the_next_session_answers_from_it(tmp_path: Path) -> None:
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add_many([closed(f"m{n}", dt.date(2026, 1, 5) + dt.timedelta(weeks=n), f"Room {n}") for n in range(5)])
        assert [s.id for s in store.search("room")] == ["m4", "m3", "m2", "m1", "m0"]
    saved = words_file(db)
    assert saved.is_file()
    lines = saved.read_bytes().splitlines()
    assert len(lines) == 1 + 5  # the header, then a part (a week) a line
    with Store(db) as store:
        backend = store.backend
        read: list[str] = []
        original = backend.document

        def counted(meeting_id: str) -> dict[str, Any] | None:
            read.append(meeting_id)
            return original(meeting_id)

        backend.document = counted  # type: ignore[method-assign]
        store.find("nothing here")
        assert read == []  # every part answered from the saved index, not read
        assert [s.id for s in store.search('"room 3"')] == ["m3"]


def test_the_saved_word_index_is_read_a_part_at_a_time_and_a_line_moved_since_is_not_trusted(tmp_path: Path) -> None:
    # Held whole, the file's bytes (55.6 MB at 100,000 meetings) stayed resident after the first search.
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add_many([closed(f"m{n}", dt.date(2026, 1, 5) + dt.timedelta(weeks=n), f"Room {n}") for n in range(3)])
        store.find("")
    entries = search_index.load(words_file(db))
    assert len(entries) == 3 and all(isinstance(line, search_index.SavedLine) for _, line in entries.values())
    first = sorted(entries)[0]
    assert search_index.batch_from_line(entries[first][1].read()) is not None
    text = words_file(db).read_bytes()
    words_file(db).write_bytes(b"x" + text)  # every line one byte further on: read where it was, it is not its part's
    assert entries[first][1].read() is None
    with Store(db) as store:  # and a session reading that file indexes the parts again
        assert [s.id for s in store.search("room")] == ["m2", "m1", "m0"]


def test_a_part_changed_since_is_indexed_again_from_its_meetings(tmp_path: Path) -> None:
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add_many([closed("a", dt.date(2026, 1, 5), "Library"), closed("b", dt.date(2026, 2, 2), "Annexe")])
        assert store.find("")[1] == 2
    # Changed by a session that never searched, so the saved index still names the old venue.
    with Store(db) as store:
        changed = store.get("a")
        changed.venue = "Gym"
        store.save(changed)
    with Store(db) as store:
        assert store.search("library") == []
        assert [s.id for s in store.search("gym")] == ["a"]
        assert [s.id for s in store.search("annexe")] == ["b"]


def test_a_missing_broken_or_foreign_word_index_is_rebuilt_with_the_same_answers(tmp_path: Path) -> None:
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add_many([closed(f"m{n}", dt.date(2026, 3, 2) + dt.timedelta(weeks=n), f"Hall {n}") for n in range(3)])
        expected = [s.id for s in store.search("hall")]
    saved = words_file(db)
    good = saved.read_bytes()
    header, first, *rest = good.splitlines()
    for damaged in (
        b"",
        b"not json\n",
        good.replace(b'"words": 3', b'"words": 99'),
        b"\n".join([header, first[: len(first) // 2], *rest]),  # a line cut short
    ):
        saved.write_bytes(damaged)
        with Store(db) as store:
            assert [s.id for s in store.search("hall")] == expected
        assert saved.read_bytes() == good  # written again, whole
    saved.unlink()
    with Store(db, readonly=True) as store:
        assert [s.id for s in store.search("hall")] == expected
    assert not saved.exists()  # a reader never writes


def test_meetings_in_progress_are_found_and_saves_after_the_first_search_are_followed(tmp_path: Path) -> None:
    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add(closed("old", dt.date(2026, 1, 5), "Barn"))
        live = Meeting("Youth Offending Team", dt.date(2026, 4, 6), id="live", venue="Barn")
        store.save(live)
        assert [s.id for s in store.search("barn")] == ["live", "old"]
        live.venue = "Shed"
        store.save(live)
        assert [s.id for s in store.search("barn")] == ["old"]
        live.status = MeetingStatus.CLOSED
        store.save(live)
        assert [s.id for s in store.search("shed")] == ["live"]
    with Store(db) as store:
        assert [s.id for s in store.search("shed")] == ["live"]
        assert [s.id for s in store.search("barn")] == ["old"]


# --- the word index answers as a scan of every meeting's text would -----------------------------

WORD = st.text(alphabet="abcé -'.,:\n\t", min_size=1, max_size=12)


def reference(documents: list[dict[str, Any]], typed: str) -> list[str]:
    """Which meetings hold the query's words and phrases, by a regular expression over each one's text."""
    query = parse_query(typed)
    found = []
    for document in sorted(documents, key=lambda d: (d["date"], d["id"]), reverse=True):
        blob = _blob(document)
        if all(word in blob for word in query.words) and all(
            _phrase_pattern(phrase).search(blob) for phrase in query.phrases
        ):
            found.append(document["id"])
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    notes=st.lists(st.lists(WORD, min_size=1, max_size=3), min_size=1, max_size=6),
    words=st.lists(st.text(alphabet="abcé -'.", min_size=1, max_size=6), min_size=1, max_size=4),
    quoted=st.booleans(),
)
def test_words_and_phrases_find_what_a_scan_of_the_text_finds(
    notes: list[list[str]], words: list[str], quoted: bool
) -> None:
    documents = [
        to_document(closed(f"m{n}", dt.date(2026, 1, 1) + dt.timedelta(days=n), notes=tuple(texts)))
        for n, texts in enumerate(notes)
    ]
    typed = " ".join(words).replace('"', "")
    typed = f'"{typed}"' if quoted else typed
    if not re.search(r"\w", typed):
        return
    assert SearchIndex.build(documents).search(typed) == reference(documents, typed)


def test_find_gives_the_newest_of_what_search_finds_and_the_count() -> None:
    """``find`` reads the highest bits of the word index where it can: the same answer as ``search``."""
    days = [dt.date(2025, 12, 29) + dt.timedelta(days=3 * n) for n in range(40)]
    documents = [to_document(closed(f"m{n}", day, f"Hall {n % 3}")) for n, day in enumerate(days)]
    undated = {**documents[0], "id": "undated", "date": "someday"}
    index = SearchIndex.build([undated, *documents[1:]])
    later = [to_document(closed("late", dt.date(2026, 1, 20), "Hall 1")), to_document(closed("m5", days[5], "Barn"))]
    queries = ["", "hall", "hall 1", '"hall 2"', "from:2026-01 to:2026-02", "barn", "zzz", "hall to:2026-01-15"]
    for step in range(len(later) + 1):
        for typed in queries:
            for limit in (1, 3, 200):
                everything = index.search(typed)
                assert index.find(typed, limit) == (everything[:limit], len(everything)), (step, typed, limit)
        if step < len(later):
            index.add_or_replace(later[step])


def test_a_save_of_the_word_index_killed_half_way_leaves_no_file_behind_for_long(tmp_path: Path) -> None:
    from facilitator.tinydb_file import TEMP_SUFFIX, temp_prefix

    db = tmp_path / "minutes.json"
    with Store(db) as store:
        store.add(closed("a", dt.date(2026, 1, 5), "Library"))
    saved = words_file(db)
    orphan = saved.with_name(f"{temp_prefix(saved)}killed{TEMP_SUFFIX}")
    orphan.write_text("half a file")
    with Store(db) as store:
        assert [s.id for s in store.search("library")] == ["a"]
    assert saved.is_file() and not orphan.exists()
