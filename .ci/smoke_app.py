"""Open the installed app headless on a database, the way a facilitator starts: home, then set up.

Run by .ci/run with the fresh virtual environment's python, from outside the checkout, so a
stylesheet or data file left out of the wheel fails CI instead of a user's first start.
Usage: python smoke_app.py DB
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from facilitator.tinydb_store import Store
from screens.app import FacilitatorApp


async def main(db: Path) -> None:
    app = FacilitatorApp(db, open_repository=Store)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.home.overview is not None:
                break
        else:
            raise SystemExit("the home screen never showed the minutes")
        await pilot.press("n")
        await pilot.pause()
        screen = type(app.screen).__name__
        if screen != "SetupScreen":
            raise SystemExit(f"n on the home screen opened {screen}, not the set-up screen")
        await pilot.press("escape")
        await app.action_quit()
    print(f"app smoke test passed: home with {app.overview.total_meetings} meetings, set up opened")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
