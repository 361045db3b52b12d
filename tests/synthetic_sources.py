"""Synthetic sources and the real `claimcheck` command, for the crash, concurrency and
reliability runs (tests/ingest and bench/reliability.py)."""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

WORDS = (
    "council",
    "budget",
    "bridge",
    "river",
    "mayor",
    "minister",
    "report",
    "growth",
    "percent",
    "million",
    "euros",
    "school",
    "hospital",
    "railway",
    "station",
    "approved",
    "rejected",
    "announced",
    "delayed",
    "opened",
    "closed",
)


def write_sources(folder: Path, prefix: str, count: int, seed: int | str = 7) -> dict[str, str]:
    """`count` small text files of 1 to 3 chunks in `folder`; returns absolute path -> text."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for i in range(count):
        paragraphs = [
            f"{prefix} source {i} paragraph {j}: "
            + " ".join(rng.choice(WORDS) for _ in range(30))
            + "."
            for j in range(2 + 3 * (i % 3))
        ]
        path = folder / f"{prefix}-{i:04d}.txt"
        path.write_text("\n\n".join(paragraphs))
        written[str(path.resolve())] = path.read_text()
    return written


def claimcheck(store: Path, *args: str) -> list[str]:
    """The command line of the real `claimcheck` on `store`. These runs test the store (crashes,
    concurrency), not the embedder: the weightless one keeps thousands of sources quick."""
    return [
        sys.executable,
        "-m",
        "checker.cli",
        "--store",
        str(store),
        "--embedder",
        "hashing",
        *args,
    ]


def stored_sources(store: Path, timeout: float = 30) -> int:
    """Sources in a store, read straight from SQLite (opening a Library would wait for the
    store's write lock); 0 before the store exists."""
    path = store / "library.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=timeout) as db:
            return db.execute("SELECT count(*) FROM sources").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # created, its schema not written yet
            return 0
        raise
