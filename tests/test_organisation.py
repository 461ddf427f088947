"""The organisation's view on the command line: every meeting in the store, filtered by who chaired it
(``--facilitator`` on list, search and actions), and ``actions --overdue`` across the service, after a
real sync through git. A real TinyDB file throughout; ``cli.main`` as a person runs it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from facilitator import cli, organisation, store_index
from facilitator.cli import main
from facilitator.model import Attendee, Meeting, MeetingStatus
from facilitator.readmodels import listing
from facilitator.storepaths import index_path_for
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.test_sync import Laptop

TODAY = dt.date(2026, 12, 8)  # after the first action's due date (4 Dec), before the second's (11 Dec)


def chaired(chair: str | None, meeting_id: str, **changes: object) -> Meeting:
    """A closed review chaired by ``chair`` (None: nobody marked), the review's two actions with it."""
    attendees = [
        Attendee(chair or "Sam Reed", "Youth Service", chair=chair is not None),
        Attendee("Paul Howard", "Youth Offending Team"),
    ]
    return review_meeting(id=meeting_id, status=MeetingStatus.CLOSED, attendees=attendees, **changes)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def service(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three facilitators' meetings (one with no chair marked), on different days, and a fixed today."""
    with Store(db_path) as store:
        store.add_many(
            [
                chaired("Alice Smith", "alice-1", date=dt.date(2026, 11, 2)),
                chaired("Alice  Smith", "alice-2", date=dt.date(2026, 11, 30), partnership="Bike Project"),
                chaired("Bob Jones", "bob-1", date=dt.date(2026, 11, 16)),
                chaired(None, "nobody-1", date=dt.date(2026, 11, 9)),
            ]
        )
    monkeypatch.setattr(cli, "current_date", lambda: TODAY)
    return db_path


def ids(out: str) -> list[str]:
    return [entry["id"] for entry in json.loads(out)]


def test_list_keeps_the_meetings_a_facilitator_chaired_in_any_case_newest_first(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "list", "--facilitator", "ALICE", "--json", "--db", str(service))
    assert code == 0 and ids(out) == ["alice-2", "alice-1"]
    assert [entry["chair"] for entry in json.loads(out)] == ["Alice  Smith", "Alice Smith"]
    assert "2 meeting(s) chaired by 'ALICE'" in err
    code, out, _ = run(capsys, "list", "--facilitator", "jones", "--db", str(service))
    assert code == 0 and "bob-1" in out and "alice" not in out and "nobody" not in out
    assert ids(run(capsys, "list", "--json", "--db", str(service))[1]) == ["alice-2", "bob-1", "nobody-1", "alice-1"]


def test_search_takes_the_history_query_and_the_facilitator_filter_together(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "search", "partnership:bike", "--json", "--db", str(service))
    assert code == 0 and ids(out) == ["alice-2"]
    code, out, _ = run(capsys, "search", "who:paul", "--facilitator", "bob", "--json", "--db", str(service))
    assert code == 0 and ids(out) == ["bob-1"] and json.loads(out)[0]["chair"] == "Bob Jones"
    code, out, _ = run(
        capsys, "search", "from:2026-11-10", "--facilitator", "Alice Smith", "--json", "--db", str(service)
    )
    assert code == 0 and ids(out) == ["alice-2"]  # "Alice  Smith": the spacing does not matter
    code, out, err = run(capsys, "search", "nope:x", "--db", str(service))
    assert code == 1 and out == "" and "'nope:' is not a filter" in err and "Traceback" not in err


def test_actions_overdue_across_the_service_by_facilitator(service: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "actions", "--overdue", "--json", "--db", str(service))
    overdue = json.loads(out)
    # Only the action due on 4 Dec is past on 8 Dec: one per meeting, from every facilitator's meetings.
    assert code == 0 and sorted(a["meeting_id"] for a in overdue) == ["alice-1", "alice-2", "bob-1", "nobody-1"]
    assert all(a["due"] == "2026-12-04" and a["status"] == "open" for a in overdue)
    code, out, _ = run(capsys, "actions", "--overdue", "--facilitator", "alice", "--json", "--db", str(service))
    assert code == 0 and sorted(a["meeting_id"] for a in json.loads(out)) == ["alice-1", "alice-2"]
    code, out, _ = run(capsys, "actions", "--facilitator", "BOB", "--json", "--db", str(service))
    assert code == 0 and [a["meeting_id"] for a in json.loads(out)] == ["bob-1", "bob-1"]
    code, out, _ = run(capsys, "actions", "--overdue", "--facilitator", "bob", "--db", str(service))
    assert code == 0 and "Book the art room" in out and "Invite the bike group" not in out


def test_a_facilitator_who_chairs_nothing_is_told_who_does_and_an_empty_name_is_refused(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "list", "--facilitator", "carol", "--db", str(service))
    assert code == 0 and out == ""
    assert "0 meeting(s) chaired by 'carol'" in err
    assert "Chairs of meetings here: Alice Smith, Bob Jones." in err
    assert "No meetings yet" not in err
    for command in ("list", "actions", "search"):
        argv = [command, *(["words"] if command == "search" else []), "--facilitator", " ", "--db", str(service)]
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "" and "--facilitator was given no name" in err and "Traceback" not in err


def test_names_present_are_counted_once_whatever_the_case_and_no_chair_comes_last(service: Path) -> None:
    with Store(service, readonly=True) as store:
        listings = store.listings()
    names = organisation.facilitators(listings)
    assert names == [("Alice Smith", 2), ("Bob Jones", 1), (organisation.NO_CHAIR, 1)]
    # The same person written in another case is one name, spelled as most of the meetings spell it.
    shouted = listings[0]._replace(id="shouted", chair="ALICE SMITH")
    assert organisation.facilitators([*listings, shouted])[0] == ("Alice Smith", 3)
    nobody = organisation.Facilitator(organisation.NO_CHAIR, whole=True)
    assert nobody.matches("") and not nobody.matches("Bob Jones") and nobody.describe() == "with no chair marked"


def test_the_chair_is_in_the_overview_index_and_an_index_written_without_it_is_rebuilt(service: Path) -> None:
    with Store(service, readonly=True) as store:
        before = {entry.id: entry.chair for entry in store.listings()}
    assert before == {"alice-1": "Alice Smith", "alice-2": "Alice  Smith", "bob-1": "Bob Jones", "nobody-1": ""}
    index = index_path_for(service)
    assert index.exists()
    # Listings without the chair's column (as written before it was kept) are not trusted: the parts are read again.
    lines = index.read_text().splitlines()
    old = [lines[0]]
    for line in lines[1:]:
        row = json.loads(line)  # a part: [name, size, mtime_ns, columns, offset, length]
        row[3] = row[3][:-1]
        old.append(json.dumps(row))
    index.write_text("\n".join(old) + "\n")
    with Store(service, readonly=True) as store:
        assert {entry.id: entry.chair for entry in store.listings()} == before


def test_a_listing_round_trips_through_the_index_with_its_chair_and_columns_without_one_are_refused() -> None:
    entry = listing(json.loads(json.dumps(_document(chaired("Alice Smith", "alice-1")))))
    assert entry.chair == "Alice Smith"
    columns = json.loads(json.dumps(store_index._encode_listings([entry])))
    assert store_index._decode_listings(columns, {}) == {"alice-1": entry}
    with pytest.raises(ValueError):  # an index written before the chair was kept: rebuilt, not misread
        store_index._decode_listings(columns[:-1], {})
    with pytest.raises(ValueError):
        store_index._decode_listings([*columns[:-1], [[None], [0]]], {})


def _document(meeting: Meeting) -> dict[str, object]:
    from facilitator.document_schema import to_document

    return to_document(meeting)


def test_after_a_sync_the_overdue_actions_of_every_shared_meeting_are_listed_by_facilitator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = tmp_path / "shared-drive" / "minutes.git"
    alice, bob = Laptop(tmp_path, "alice"), Laptop(tmp_path, "bob")
    alice.add(chaired("Alice Smith", "alice-1"))
    bob.add(chaired("Bob Jones", "bob-1", date=dt.date(2026, 11, 20)))
    assert main(["--db", str(alice.db), "sync", "--remote", str(remote), "--name", "Alice Smith"]) == 0
    assert main(["--db", str(bob.db), "sync", "--remote", str(remote), "--name", "Bob Jones"]) == 0
    assert main(["--db", str(alice.db), "sync"]) == 0
    monkeypatch.setattr(cli, "current_date", lambda: TODAY)
    capsys.readouterr()
    for laptop in (alice, bob):
        code, out, _ = run(capsys, "actions", "--overdue", "--json", "--db", str(laptop.db))
        assert code == 0 and sorted(a["meeting_id"] for a in json.loads(out)) == ["alice-1", "bob-1"]
        code, out, _ = run(capsys, "actions", "--overdue", "--facilitator", "alice", "--json", "--db", str(laptop.db))
        assert code == 0 and [a["meeting_id"] for a in json.loads(out)] == ["alice-1"]
        code, out, _ = run(capsys, "list", "--facilitator", "bob", "--json", "--db", str(laptop.db))
        assert code == 0 and ids(out) == ["bob-1"]
