"""`claimcheck check --from LIST`: many articles checked by parallel workers, one report each.

LIST names one article per line (a file or an http(s) URL; blank lines and `#` comments are
skipped). Each article's report goes to OUT_DIR under a name made from the entry (its file
name or URL, and a hash of the entry so that two entries never share a file). A report is
written to a temporary file and renamed into place when complete, so after a crash or an
interruption the next run skips every article whose report exists and checks the rest.
An article that fails (unreadable, unreachable) is reported with its one-line reason and
does not stop the others; it is tried again on the next run.

Workers are processes, each with its own checker (models and library opened once per
worker): the library's SQLite connection and the ONNX sessions are not shared across
threads, and processes use both cores for the CPU-bound verification.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from checker.report.exports import get_format
from checker.settings import Settings
from ingest.errors import ClaimcheckError, ConfigError
from ingest.models import short_hash
from ingest.urls import is_url


@dataclass(frozen=True)
class BatchSummary:
    checked: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # a report from an earlier run exists
    failed: tuple[tuple[str, str], ...] = field(default=())  # (entry, one-line reason)


def read_list(path: Path) -> list[str]:
    """The entries of a list file, in order, without blanks, comments or repeats."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the list {path}: {exc}") from None
    entries = []
    for line in lines:
        entry = line.strip()
        if entry and not entry.startswith("#") and entry not in entries:
            entries.append(entry)
    if not entries:
        raise ConfigError(f"the list {path} names no article")
    return entries


def report_path(entry: str, out_dir: Path, fmt: str) -> Path:
    """Where the report of `entry` goes: readable, and unique per entry."""
    name = entry.rstrip("/").rsplit("/", 1)[-1] or entry
    stem = re.sub(r"[^\w.-]+", "-", name).strip("-.")[:60] or "article"
    stem = re.sub(r"\.(?:md|txt|html?|pdf)$", "", stem, flags=re.IGNORECASE)
    extension = get_format(fmt).extension
    return out_dir / f"{stem}-{short_hash('batch', entry, length=8)}{extension}"


# --- worker side (one checker per process) ---------------------------------------------------

_WORKER: dict[str, object] = {}


def _start_worker(settings: Settings) -> None:
    from checker.backends import build_checker

    _WORKER["settings"] = settings
    try:
        _WORKER["checker"] = build_checker(settings)
    except ClaimcheckError as exc:  # every article of this worker fails with this reason
        _WORKER["error"] = " ".join(str(exc).split())


def _check_one(entry: str, target: str, fmt: str, save: bool, base: str) -> tuple[str, str]:
    """Check one article and write its report; ("", "") on success, else (entry, reason)."""
    from checker.claims.article import load_article
    from checker.report.exports import export

    settings: Settings = _WORKER["settings"]  # type: ignore[assignment]
    if "error" in _WORKER:
        return entry, str(_WORKER["error"])
    checker = _WORKER["checker"]
    try:
        where = entry  # a URL, an absolute path, or a path from here
        if not is_url(entry) and (Path(base) / entry).exists():
            where = str(Path(base) / entry)  # a path from the list's own folder
        report = checker.check(load_article(where, settings.fetch_limits()))  # type: ignore[attr-defined]
        if save:
            from checker.backends import open_history

            if "history" not in _WORKER:  # one per worker: a PostgreSQL history holds a pool
                _WORKER["history"] = open_history(settings)
            _WORKER["history"].save(report)  # type: ignore[attr-defined]
        payload = export(report, fmt)
        tmp = Path(f"{target}.part-{os.getpid()}")
        tmp.write_bytes(payload)
        tmp.replace(target)  # complete, or absent: never a half-written report
    except ClaimcheckError as exc:
        return entry, " ".join(str(exc).split())
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
        return entry, f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())}"
    return "", ""


def run_batch(
    entries: list[str],
    settings: Settings,
    out_dir: Path,
    fmt: str = "json",
    workers: int = 2,
    save: bool = True,
    base: Path = Path("."),
    progress: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Check every entry without a report in `out_dir`; `progress(done, total)` after each."""
    get_format(fmt)  # an unknown format is refused before anything is written
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.part-*"):  # a report a killed run was writing
        stale.unlink(missing_ok=True)
    targets = {e: report_path(e, out_dir, fmt) for e in entries}
    skipped = tuple(e for e in entries if targets[e].exists())
    todo = [e for e in entries if not targets[e].exists()]
    checked: list[str] = []
    failed: list[tuple[str, str]] = []
    if progress:
        progress(0, len(todo))
    if todo:
        with ProcessPoolExecutor(
            max_workers=max(1, min(workers, len(todo))),
            initializer=_start_worker,
            initargs=(settings,),
        ) as pool:
            futures = {
                pool.submit(_check_one, e, str(targets[e]), fmt, save, str(base)): e for e in todo
            }
            for done, future in enumerate(as_completed(futures), start=1):
                entry = futures[future]
                bad, reason = future.result()
                if bad:
                    failed.append((bad, reason))
                else:
                    checked.append(entry)
                if progress:
                    progress(done, len(todo))
    order = {e: i for i, e in enumerate(entries)}
    return BatchSummary(
        checked=tuple(sorted(checked, key=order.__getitem__)),
        skipped=skipped,
        failed=tuple(sorted(failed, key=lambda f: order[f[0]])),
    )
