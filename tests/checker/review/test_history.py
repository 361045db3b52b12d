"""The check history: saved checks, reviews as an append-only audit trail, reviewed exports,
and the `history` / `review` commands."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from checker.models import Report, Verdict
from checker.report.exports import export
from checker.review.history import FILE_NAME, History
from ingest.errors import ConfigError, NotFoundError

SAMPLE = Path(__file__).resolve().parents[1] / "report" / "exports" / "sample_report.py"


def _sample_module():
    spec = importlib.util.spec_from_file_location("claimcheck_sample_report_h", SAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample():
    return _sample_module()


@pytest.fixture
def machine_report(sample) -> Report:
    """The sample report with no review: what the checker produces."""
    report = sample.make_report()
    return replace(report, results=tuple(replace(r, review=None) for r in report.results))


def test_saved_check_is_listed_and_loads_back_unchanged(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    assert check_id == machine_report.check_id
    assert (tmp_path / FILE_NAME).is_file()
    assert history.save(machine_report) == check_id  # saving again changes nothing

    (summary,) = history.list()
    assert summary.id == check_id
    assert summary.title == machine_report.article.title
    assert summary.generated_at == machine_report.generated_at
    counts = machine_report.counts()
    assert [summary.count(v) for v in Verdict] == [counts[v] for v in Verdict]
    assert summary.reviewed == 0

    assert History(tmp_path).load(check_id) == machine_report


def test_review_changes_the_final_verdict_and_keeps_every_decision(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    first = machine_report.results[0]
    assert first.verdict is Verdict.SUPPORTED

    saved = history.review(
        check_id, first.claim.id, Verdict.CONTRADICTED, "  the table says 4.4%  "
    )
    assert (saved.previous, saved.verdict, saved.note) == (
        Verdict.SUPPORTED,
        Verdict.CONTRADICTED,
        "the table says 4.4%",
    )
    assert saved.reviewed_at.endswith("+00:00")
    again = history.review(check_id, first.claim.id, "unverified", "asked the ministry")
    assert again.previous is Verdict.CONTRADICTED

    # a new History on the same folder (another session, the CLI) sees the latest review
    reloaded = History(tmp_path).load(check_id).results[0]
    assert reloaded.verdict is Verdict.SUPPORTED  # the machine's verdict is kept
    assert reloaded.final_verdict is Verdict.UNVERIFIED
    assert reloaded.review.note == "asked the ministry"
    assert reloaded.review.previous is Verdict.CONTRADICTED

    trail = history.audit(check_id)
    assert [(a.previous, a.verdict, a.note) for a in trail] == [
        (Verdict.SUPPORTED, Verdict.CONTRADICTED, "the table says 4.4%"),
        (Verdict.CONTRADICTED, Verdict.UNVERIFIED, "asked the ministry"),
    ]
    assert all(a.claim_text == first.claim.text for a in trail)

    (summary,) = history.list()
    assert summary.reviewed == 1
    assert summary.count(Verdict.SUPPORTED) == machine_report.counts()[Verdict.SUPPORTED] - 1
    assert summary.count(Verdict.UNVERIFIED) == machine_report.counts()[Verdict.UNVERIFIED] + 1


def test_accepting_a_verdict_is_a_review_too(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    claim = machine_report.results[1]
    saved = history.review(check_id, claim.claim.id, claim.verdict)
    assert saved.previous is saved.verdict is claim.verdict
    assert history.load(check_id).results[1].review is not None
    assert history.list()[0].reviewed == 1


def test_a_review_is_committed_before_review_returns(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    history.review(check_id, machine_report.results[2].claim.id, Verdict.SUPPORTED, "found it")
    with sqlite3.connect(tmp_path / FILE_NAME) as raw:
        rows = raw.execute("SELECT verdict, previous, note FROM reviews").fetchall()
    assert rows == [("supported", "unverified", "found it")]


def test_the_audit_trail_cannot_be_rewritten(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    history.review(check_id, machine_report.results[0].claim.id, Verdict.CONTRADICTED)
    raw = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    try:
        for statement in ("UPDATE reviews SET verdict = 'supported'", "DELETE FROM reviews"):
            with pytest.raises(sqlite3.DatabaseError, match="audit trail"):
                raw.execute(statement)
    finally:
        raw.close()
    assert len(history.audit(check_id)) == 1


def test_bad_ids_and_verdicts_are_clear_errors(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    claim_id = machine_report.results[0].claim.id
    with pytest.raises(NotFoundError, match="no check"):
        history.load("nope")
    with pytest.raises(NotFoundError, match="no check"):
        history.audit("nope")
    with pytest.raises(NotFoundError, match="no check"):
        history.review("nope", claim_id, Verdict.SUPPORTED)
    with pytest.raises(NotFoundError, match="no claim"):
        history.review(check_id, "not-a-claim", Verdict.SUPPORTED)
    with pytest.raises(ConfigError, match="supported, contradicted, unverified"):
        history.review(check_id, claim_id, "maybe")
    assert history.audit(check_id) == []  # nothing half-written


def test_exports_use_the_reviewed_verdicts(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    claim = machine_report.results[0]
    history.review(check_id, claim.claim.id, Verdict.CONTRADICTED, "Wrong year in the article")
    reviewed = history.load(check_id)

    data = json.loads(export(reviewed, "json"))
    first = next(c for c in data["claims"] if c["id"] == claim.claim.id)
    assert first["verdict"] == "contradicted"
    assert first["machine_verdict"] == "supported"
    assert first["review"]["note"] == "Wrong year in the article"
    assert data["summary"]["contradicted"] == machine_report.counts()[Verdict.CONTRADICTED] + 1
    assert "Wrong year in the article" in export(reviewed, "md").decode("utf-8")


def test_a_report_that_carries_reviews_starts_its_trail_with_them(tmp_path, sample):
    reviewed_report = sample.make_report()  # claim 4 was reviewed to contradicted
    history = History(tmp_path)
    check_id = history.save(reviewed_report)
    (entry,) = history.audit(check_id)
    assert (entry.claim_id, entry.verdict, entry.note) == (
        "c4",
        Verdict.CONTRADICTED,
        sample.REVIEW_NOTE,
    )
    assert history.load(check_id) == reviewed_report


def test_reviews_from_many_threads_are_all_kept(tmp_path, machine_report):
    history = History(tmp_path)
    check_id = history.save(machine_report)
    claim_ids = [r.claim.id for r in machine_report.results]
    errors: list[BaseException] = []

    def reviewer(n: int) -> None:
        try:
            for i in range(5):
                verdict = list(Verdict)[(n + i) % 3]
                History(tmp_path).review(check_id, claim_ids[(n + i) % len(claim_ids)], verdict)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    trail = history.audit(check_id)
    assert len(trail) == 40
    # each row's "before" is the verdict the previous row of that claim left
    last: dict[str, Verdict] = {r.claim.id: r.verdict for r in machine_report.results}
    for entry in trail:
        assert entry.previous is last[entry.claim_id]
        last[entry.claim_id] = entry.verdict


# --- the commands -----------------------------------------------------------------------------


def claimcheck(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", "--store", str(store), *args],
        capture_output=True,
        timeout=120,
        text=True,
    )


def test_history_and_review_commands(tmp_path, machine_report):
    store = tmp_path / "store"
    check_id = History(store).save(machine_report)
    claim_id = machine_report.results[2].claim.id

    listed = claimcheck(store, "history", "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert row["id"] == check_id and row["counts"]["unverified"] == 3

    done = claimcheck(
        store, "review", check_id, claim_id, "--verdict", "supported", "--note", "phoned them"
    )
    assert done.returncode == 0, done.stderr
    assert "unverified -> supported" in done.stdout

    shown = json.loads(claimcheck(store, "history", check_id, "--json").stdout)
    claim = next(c for c in shown["claims"] if c["id"] == claim_id)
    assert (claim["verdict"], claim["machine_verdict"], claim["note"]) == (
        "supported",
        "unverified",
        "phoned them",
    )
    assert shown["audit"][-1]["previous"] == "unverified"
    # the app's History sees what the command did
    assert History(store).load(check_id).results[2].final_verdict is Verdict.SUPPORTED

    table = claimcheck(store, "history")
    assert table.returncode == 0 and check_id in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("review", "nope", "c1", "--verdict", "supported"), "no check with id 'nope'"),
        (("review", "CHECK", "c99", "--verdict", "supported"), "no claim 'c99'"),
        (("review", "CHECK", "c1", "--verdict", "maybe"), "unknown verdict 'maybe'"),
        (("history", "nope"), "no check with id 'nope'"),
    ],
)
def test_command_errors_are_one_line(tmp_path, machine_report, args, message):
    store = tmp_path / "store"
    check_id = History(store).save(machine_report)
    done = claimcheck(store, *(check_id if a == "CHECK" else a for a in args))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"error: {done.stderr.strip()[7:]}"]
    assert message in done.stderr
    assert "Traceback" not in done.stderr
