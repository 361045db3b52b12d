"""Reviews already saved survive a crash: a process reviewing as fast as it can is killed with
SIGKILL, and every review it reported as saved is in the history, with the audit trail whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from checker.models import Verdict
from checker.review.history import History

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"

REVIEWER = """
import sys
from pathlib import Path
from checker.claims.article import load_article
from checker.backends import build_checker
from checker.review.history import History
from checker.models import Verdict
from checker.settings import Settings
from ingest.pipeline import ingest_sources

store, demo = Path(sys.argv[1]), Path(sys.argv[2])
settings = Settings(store=store)
checker = build_checker(settings)
ingest_sources(checker.library, [str(demo / "sources")])
report = checker.check(load_article(str(demo / "article.md"), settings.fetch_limits()))
history = History(store)
check_id = history.save(report)
print("SAVED", check_id, flush=True)
verdicts = [Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIED]
i = 0
while True:
    result = report.results[i % len(report.results)]
    verdict = verdicts[i % 3]
    history.review(check_id, result.claim.id, verdict, note=f"review {i}")
    print("REVIEWED", i, result.claim.id, verdict.value, flush=True)
    i += 1
"""


@pytest.mark.timeout(300)
def test_reviews_saved_before_a_kill_9_are_all_there(tmp_path):
    store = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, "-c", REVIEWER, str(store), str(DEMO)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported: list[tuple[int, str, str]] = []
    check_id = ""
    try:
        assert process.stdout is not None
        for line in process.stdout:
            words = line.split()
            if words[0] == "SAVED":
                check_id = words[1]
            elif words[0] == "REVIEWED":
                reported.append((int(words[1]), words[2], words[3]))
                if len(reported) >= 40:
                    os.kill(process.pid, signal.SIGKILL)  # right after a review was saved
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    assert check_id and len(reported) == 40

    history = History(store)
    audit = history.audit(check_id)
    notes = [entry.note for entry in audit]
    # every reported review is there, in order; at most the one under way when killed is extra
    assert notes[: len(reported)] == [f"review {i}" for i, _, _ in reported]
    assert len(notes) - len(reported) in (0, 1)
    for entry, (_, claim_id, verdict) in zip(audit, reported, strict=False):
        assert entry.claim_id == claim_id and entry.verdict is Verdict(verdict)
    # the reviewed report applies the latest review of each claim
    latest = {entry.claim_id: entry.verdict for entry in audit}
    loaded = history.load(check_id)
    for result in loaded.results:
        if result.claim.id in latest:
            assert result.review is not None and result.review.verdict is latest[result.claim.id]
