"""Random keys through every screen: how many were sent, and how many crashes (target 0).

Drives the app with tests/randomkeys.py (seeded random keys from home, set up, each step of a
meeting in progress, history, actions, minutes and help; never ctrl+q or ctrl+c), in a
throwaway home folder so that nothing a key does (a copy saved, minutes exported) lands in
the real one. Each crash is printed with its seed, round and last keys, to replay it with
``FACILITATOR_RANDOM_SEED=… FACILITATOR_RANDOM_KEYS=… python -m pytest tests/test_random_keys.py``.

Usage: python -m benchmarks.random_keys [--keys N] [--seed S]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

KEYS = 6_000
SEED = 2026


@dataclass(frozen=True)
class RandomKeys:
    seed: int
    keys: int
    rounds: int
    crashes: list[str]
    seconds: float


def run(keys: int = KEYS, seed: int = SEED) -> RandomKeys:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        # Before the app is imported: the documents folder a saved copy goes to is read from these.
        os.environ.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DOCUMENTS_DIR=str(home / "Documents"),
            FACILITATOR_DB=str(home / "unused" / "minutes.json"),
        )
        from tests.randomkeys import random_keys

        started = time.perf_counter()
        outcome = asyncio.run(random_keys(Path(folder) / "work", total=keys, seed=seed, per_round=200))
        seconds = time.perf_counter() - started
    return RandomKeys(seed, outcome.keys, outcome.rounds, [str(crash) for crash in outcome.crashes], seconds)


def report(result: RandomKeys) -> None:
    print(
        f"random keys, seed {result.seed}: {result.keys:,} keys in {result.rounds} rounds, "
        f"{len(result.crashes)} crashes, {result.seconds:.0f} s"
    )
    for crash in result.crashes:
        print()
        print(crash)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.random_keys", description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=KEYS, help=f"keys to send (default {KEYS:,})")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    report(run(args.keys, args.seed))


if __name__ == "__main__":
    main()
