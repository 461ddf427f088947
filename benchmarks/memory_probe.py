"""One process for benchmarks/memory.py: open a store as the app does, print resident memory before and after.

The app's modules (Textual, the screens, the store, the model, the search) are imported first,
so the baseline is the app before it opens the store. Then what the app builds with a history
loaded: the store, the home screen's overview (then every listing, which the home screen has
decoded once it shows the overview), and the search index (built by the first search,
``store.find("")``). Printed as ``name=value`` words, in kB from /proc/self/status: ``before=``
(VmRSS), ``after=`` (VmRSS, with the store, overview and index still held) and ``peak=`` (VmHWM,
the most resident at any moment, reading the archive included), ``meetings=`` and what the first
search found.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import resource
import sys
from pathlib import Path


def resident_kb() -> tuple[int, int]:
    """(resident now, most resident so far) in kB; /proc on Linux, else getrusage's peak for both."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak //= 1024 if sys.platform == "darwin" else 1  # bytes there, kB on Linux
        return peak, peak
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def main(db: Path) -> None:
    # The app's modules, Textual and the screens, are imported before the baseline, so their
    # memory is not put down to the meetings.
    for module in ("screens.app", "facilitator.partnerships", "facilitator.search", "facilitator.model"):
        importlib.import_module(module)
    from facilitator.overview import overview
    from facilitator.tinydb_store import Store
    from screens.history import HISTORY_ROWS

    gc.collect()
    before, _ = resident_kb()
    store = Store(db)
    found = overview(store, dt.date(2026, 11, 23))
    store.prepare()  # as the home screen does once it has shown the overview: every listing decoded
    shown, matching = store.find("", limit=HISTORY_ROWS)  # the history screen's first search builds the index
    gc.collect()
    after, peak = resident_kb()
    marks = f"before={before} after={after} peak={peak}"
    print(f"{marks} meetings={found.total_meetings} found={matching} shown={len(shown)}", flush=True)
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
