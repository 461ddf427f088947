"""Autosave: edits reach disk within a second, from one thread, and a failed save loses nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from facilitator.autosave import Autosaver, SaveReport
from facilitator.errors import StoreError
from facilitator.session import Session
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting


class Recorder:
    """Collects save reports and errors; tests wait on it instead of sleeping."""

    def __init__(self) -> None:
        self.reports: list[SaveReport] = []
        self.errors: list[StoreError] = []
        self.event = threading.Event()

    def saved(self, report: SaveReport) -> None:
        self.reports.append(report)
        self.event.set()

    def failed(self, error: StoreError) -> None:
        self.errors.append(error)
        self.event.set()

    def wait(self) -> None:
        assert self.event.wait(timeout=10), "the saver never reported"
        self.event.clear()


@pytest.fixture
def running(db_path: Path):
    store = Store(db_path)
    session = Session(review_meeting())
    recorder = Recorder()
    saver = Autosaver(store, session, delay=0.05, max_wait=0.3, on_saved=recorder.saved, on_error=recorder.failed)
    thread = threading.Thread(target=saver.run, daemon=True)
    thread.start()
    yield store, session, saver, recorder
    saver.stop()
    thread.join(timeout=10)
    store.close()


def test_an_edit_is_on_disk_within_a_second(running, db_path: Path) -> None:
    _, session, _, recorder = running
    session.notes.add("The bike group arrive early", raised_by="Paul Howard")
    recorder.wait()
    assert recorder.reports[0].waited < 1.0
    with Store(db_path, readonly=True) as reader:
        assert reader.get(session.meeting.id).notes[-1].text == "The bike group arrive early"


def test_a_burst_of_typing_is_saved_a_few_times_not_once_per_edit(running, db_path: Path) -> None:
    _, session, saver, recorder = running
    for index in range(40):
        session.notes.add(f"note {index}")
    recorder.wait()
    saver.flush()
    assert len(recorder.reports) < 40
    assert all(report.waited < 1.0 for report in recorder.reports)
    with Store(db_path, readonly=True) as reader:
        assert len(reader.get(session.meeting.id).notes) == 42
    assert session.meeting.revision == recorder.reports[-1].revision


def test_a_failed_save_is_reported_kept_unsaved_and_saved_later(
    running, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, session, saver, recorder = running
    real_save = store.save

    def disk_full(meeting):
        raise StoreError("could not save: No space left on device")

    monkeypatch.setattr(store, "save", disk_full)
    session.notes.add("Said while the disk was full")
    recorder.wait()
    assert "No space left" in str(recorder.errors[0]) and saver.dirty
    monkeypatch.setattr(store, "save", real_save)
    assert saver.flush()
    with Store(db_path, readonly=True) as reader:
        assert reader.get(session.meeting.id).notes[-1].text == "Said while the disk was full"


def test_stopping_saves_what_is_left(db_path: Path) -> None:
    with Store(db_path) as store:
        session = Session(review_meeting())
        saver = Autosaver(store, session, delay=30, max_wait=60)  # would not save on its own for a minute
        thread = threading.Thread(target=saver.run)
        thread.start()
        session.notes.add("Last words")
        saver.stop()
        thread.join(timeout=10)
        assert not thread.is_alive() and not saver.dirty
    with Store(db_path, readonly=True) as reader:
        assert reader.get(session.meeting.id).notes[-1].text == "Last words"


@pytest.mark.parametrize(
    "breakage",
    ["revision-of-5000-digits", "revision-of-4400-digits-past-the-model", "snapshot-fails"],
)
def test_any_failure_of_a_save_is_reported_and_retried_and_the_saver_lives_on(
    db_path: Path, breakage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only the store's own errors: a ValueError (Python will not turn an int of over 4,300
    digits into text), a ValidationError, anything. Before, each of these ended the saver's thread
    silently, while the bar still said Saved."""
    with Store(db_path) as store:
        session = Session(review_meeting())
        recorder = Recorder()
        saver = Autosaver(
            store,
            session,
            delay=0.01,
            max_wait=0.05,
            retry_after=0.05,
            on_saved=recorder.saved,
            on_error=recorder.failed,
        )
        real_snapshot = session.snapshot
        if breakage == "revision-of-5000-digits":

            def refused_by_the_model() -> object:  # the store's validate() raises a ValidationError
                meeting = real_snapshot()
                meeting.revision = 10**5000
                return meeting

            monkeypatch.setattr(session, "snapshot", refused_by_the_model)
        elif breakage == "revision-of-4400-digits-past-the-model":
            # A snapshot the model's checks never saw: json cannot write the number at all.
            def huge_revision() -> object:
                meeting = real_snapshot()
                meeting.validate()
                meeting.revision = 10**4400
                monkeypatch.setattr(meeting, "validate", lambda: None)
                return meeting

            monkeypatch.setattr(session, "snapshot", huge_revision)
        else:
            monkeypatch.setattr(session, "snapshot", lambda: 1 / 0)
        thread = threading.Thread(target=saver.run, daemon=True)
        thread.start()
        try:
            session.notes.add("Said while saving was broken")
            assert saver.wait_for_attempts(2, timeout=10), "the saver stopped trying"
            assert thread.is_alive(), "the saver's thread died"
            assert len(recorder.errors) >= 2 and not recorder.reports and saver.dirty
            assert all(isinstance(error, StoreError) for error in recorder.errors)
            assert "could not save" in str(recorder.errors[0]) and "Traceback" not in str(recorder.errors[0])
            monkeypatch.undo()
            assert saver.wait_idle(timeout=10), "the saver never saved once the fault was gone"
            assert recorder.reports and saver.last_error is None
        finally:
            saver.stop()
            thread.join(timeout=10)
    with Store(db_path, readonly=True) as reader:
        assert reader.get(session.meeting.id).notes[-1].text == "Said while saving was broken"


def test_a_callback_that_fails_never_stops_the_saver(db_path: Path) -> None:
    calls: list[SaveReport] = []

    def app_gone(report: SaveReport) -> None:
        calls.append(report)
        raise RuntimeError("the app has closed")

    with Store(db_path) as store:
        session = Session(review_meeting())
        saver = Autosaver(store, session, delay=0.01, max_wait=0.05, on_saved=app_gone)
        thread = threading.Thread(target=saver.run, daemon=True)
        thread.start()
        try:
            session.notes.add("first")
            assert saver.wait_for_attempts(1, timeout=10)
            session.notes.add("second")
            assert saver.wait_for_attempts(2, timeout=10) and saver.wait_idle(timeout=10)
            assert thread.is_alive() and len(calls) == 2
        finally:
            saver.stop()
            thread.join(timeout=10)
    with Store(db_path, readonly=True) as reader:
        assert [note.text for note in reader.get(session.meeting.id).notes][-2:] == ["first", "second"]
