"""The home screen's digest in the overview index: the history and counts without decoding every listing.

docs/storage.md, "The overview index". A store whose saved index names every part, unchanged, answers
the home screen from the digest in the index's header and decodes the parts' listings only when first
needed. Anything changed behind the index (a part written by another program or an older version, a
meeting left in two files by a kill, lines edited by hand) sends the open back to the lines and the parts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tinydb import TinyDB

from facilitator import readmodels, store_index
from facilitator.document_schema import to_document
from facilitator.model import MeetingStatus
from facilitator.overview import RECENT, Overview, overview
from facilitator.storepaths import index_path_for, live_path_for, parts_folder_for
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.test_archive_split import MONDAY, closed_on, index_lines, weeks_of_history

TODAY = dt.date(2026, 12, 8)  # between the review's two due dates: some actions overdue, some not


def with_meeting_in_progress(db_path: Path) -> None:
    weeks_of_history(db_path)
    with Store(db_path) as store:
        store.save(review_meeting(id="live-1", partnership="Another partnership", date=MONDAY))


def full_overview(db_path: Path) -> Overview:
    """The overview worked out from every listing (the digest set aside)."""
    with Store(db_path, readonly=True) as reader:
        reader.prepare()
        assert reader.backend.digest() is None
        return overview(reader, TODAY)


def test_a_store_opened_from_a_whole_index_answers_the_home_screen_from_its_digest(db_path: Path) -> None:
    with_meeting_in_progress(db_path)
    expected = full_overview(db_path)
    for readonly in (True, False):
        with Store(db_path, readonly=readonly) as store:
            assert store.backend._deferred, "the listings were decoded at open"
            found = overview(store, TODAY)
            assert store.backend._deferred, "the home screen's overview decoded every listing"
            assert found == expected
            assert found.total_meetings == 13 and found.in_progress[0].id == "live-1"
            assert found.open_actions == 26 and found.overdue_actions == 13
            store.prepare()
            assert not store.backend._deferred and overview(store, TODAY) == expected


def test_the_digest_keeps_what_the_home_screen_picks_from_every_listing() -> None:
    listings = [
        readmodels.listing(to_document(closed_on(MONDAY - dt.timedelta(days=n), f"c-{n}")))  # type: ignore[arg-type]
        for n in range(readmodels.DIGEST_NEWEST + 20)
    ]
    listings.append(
        readmodels.listing(
            to_document(review_meeting(id="old-other", partnership="Other", date=MONDAY - dt.timedelta(days=400)))
        )
    )
    digest = readmodels.digest_of(listings)
    assert RECENT <= readmodels.DIGEST_NEWEST
    newest = readmodels.newest_listings(listings)
    assert readmodels.newest_listings(digest.listings)[:RECENT] == newest[:RECENT]
    assert "old-other" in {entry.id for entry in digest.latest_of_each_partnership()}
    assert digest.counts(TODAY) == readmodels.listing_counts(listings, TODAY)
    assert digest.meetings == len(listings)


def test_counts_are_not_taken_from_the_digest_after_another_program_wrote_a_part(db_path: Path) -> None:
    weeks_of_history(db_path)
    part = parts_folder_for(db_path) / "2026-W47.json"
    with TinyDB(part) as db:  # another program (or an older Facilitator) closes every action of one meeting
        document = db.table("meetings").get(doc_id=1)
        assert document is not None
        captures = json.loads(json.dumps(document["captures"]))
        for item in captures["actions"]["actions"]:
            item["status"] = "done"
        db.table("meetings").update({"captures": captures}, doc_ids=[1])
    expected = full_overview(db_path)
    assert expected.open_actions == 22
    with Store(db_path) as store:
        assert not store.backend._deferred, "a part changed behind the index: its digest cannot be used"
        assert overview(store, TODAY) == expected
    with Store(db_path, readonly=True) as reader:  # the writer saved the index again, with a new digest
        assert reader.backend._deferred and overview(reader, TODAY) == expected


def test_a_meeting_left_in_the_live_file_and_a_part_by_a_kill_is_counted_once(db_path: Path) -> None:
    weeks_of_history(db_path)
    reopened = to_document(closed_on(MONDAY, "m-0-0"))  # type: ignore[arg-type]
    reopened.update(status=MeetingStatus.IN_PROGRESS.value, revision=99)
    with TinyDB(live_path_for(db_path)) as db:  # the live copy written, the kill before the part lost it
        db.table("meetings").insert(reopened)
    with Store(db_path, readonly=True) as reader:
        assert not reader.backend._deferred, "a meeting of the live file is named in a part's line"
        found = overview(reader, TODAY)
    assert found.total_meetings == 12 and [s.id for s in found.in_progress] == ["m-0-0"]
    assert found == full_overview(db_path)


def test_lines_changed_behind_the_digest_are_decoded_at_open_not_trusted_to_it(db_path: Path) -> None:
    weeks_of_history(db_path)
    index = index_path_for(db_path)
    header, *lines = index.read_text().splitlines()
    lines[0] = lines[0].replace("Youth Resource Centre & Youth Offending Team", "Renamed in the index")
    index.write_text("\n".join([header, *lines]) + "\n")
    with Store(db_path, readonly=True) as reader:
        assert not reader.backend._deferred, "the digest was trusted over lines of another checksum"
        assert reader.backend.digest() is None


def test_a_write_before_the_listings_are_decoded_decodes_them_first_and_saves_a_new_digest(db_path: Path) -> None:
    with_meeting_in_progress(db_path)
    with Store(db_path) as store:
        assert store.backend._deferred
        store.save(closed_on(MONDAY + dt.timedelta(days=7), "new-1"))  # type: ignore[arg-type]
        assert not store.backend._deferred
        assert len(store.listings()) == 14
    expected = full_overview(db_path)
    assert expected.recent[0].id == "new-1" and expected.total_meetings == 14
    with Store(db_path, readonly=True) as reader:
        assert reader.backend._deferred and overview(reader, TODAY) == expected


def test_an_index_saved_while_a_meeting_was_in_two_parts_has_no_digest(db_path: Path) -> None:
    weeks_of_history(db_path)
    copied = to_document(closed_on(MONDAY, "m-0-0"))  # type: ignore[arg-type]
    with TinyDB(parts_folder_for(db_path) / "2020-W01.json") as db:  # a stale copy in another part
        db.table("meta").insert({"app": "facilitator", "schema": 7, "layout": 2})
        db.table("meetings").insert({**copied, "revision": -5})
    with Store(db_path, readonly=True) as reader:
        found = overview(reader, TODAY)
        assert found.total_meetings == 12
        with reader.backend.lock:
            store_index.save(
                reader.backend.index_path,
                reader.backend.actions_path,
                reader.backend._index,
                reader.backend._actions_from_part,
                digest=False,
            )
    assert index_lines(db_path)[0]["digest"] is None
    with Store(db_path) as writer:  # the copy is taken out, and a digest saved
        assert not writer.backend._deferred and overview(writer, TODAY).total_meetings == 12
    assert index_lines(db_path)[0]["digest"] is not None
    with Store(db_path, readonly=True) as reader:
        assert reader.backend._deferred and overview(reader, TODAY).total_meetings == 12


async def test_the_home_screen_shows_the_digest_then_decodes_the_listings_in_its_worker(db_path: Path) -> None:
    from screens.home import HomeScreen
    from tests.apphelpers import make_app, wait_for_store, wait_until

    with_meeting_in_progress(db_path)
    expected = full_overview(db_path)
    app = make_app(db_path, now=dt.datetime.combine(TODAY, dt.time(9, 0)))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.overview == expected
        store = app.store
        assert isinstance(store, Store)
        # Decoded by the home screen's worker after it showed its answer, not left for the first save to wait on.
        await wait_until(pilot, lambda: not store.backend._deferred, "the listings decoded after the home screen")
        assert len(store.listings()) == 13
