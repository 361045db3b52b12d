"""`claimcheck copy DIR`: a desk's store folder moved into the shared store (a real PostgreSQL and
a real `chroma run` on 127.0.0.1) is only read; the shared store keeps its sources (ids, texts,
retrieval dates, tiers), gives the same verdicts, keeps every check with its whole audit trail
and its API keys; run again it copies nothing; a wrong folder is one line and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import asdict
from pathlib import Path

from checker.api.server import PostgresApiKeys
from checker.review.history import History, PostgresHistory
from tests.servers import RUN

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"


def claimcheck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*RUN, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )
    return done


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    done = claimcheck(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def verdicts(report: dict) -> list[tuple[str, str]]:
    return [(c["text"], c["verdict"]) for c in report["claims"]]


def trail(history, check_id: str) -> list[dict]:
    return [{k: v for k, v in asdict(e).items() if k != "seq"} for e in history.audit(check_id)]


def test_a_desk_store_copied_into_the_shared_store_keeps_everything(tmp_path, server_store):
    desk = tmp_path / "desk"
    ok("--store", str(desk), "--embedder", "hashing", "ingest", str(DEMO / "sources"))
    ok("--store", str(desk), "ingest", "--tier", "secondary", str(DEMO / "article.md"))
    report = json.loads(ok("--store", str(desk), "check", str(DEMO / "article.md"), "--format",
                           "json"))  # fmt: skip
    check_id, claim_id = report["check_id"], report["claims"][0]["id"]
    for verdict, note in (("contradicted", "the statement denies it"), ("supported", "on reading")):
        ok("--store", str(desk), "review", check_id, claim_id, "-v", verdict, "--note", note)
    key = ok("--store", str(desk), "api-key", "create", "desk").strip()
    shared = {**server_store.env()}
    files = {f: f.read_bytes() for f in desk.rglob("*") if f.is_file()}

    out = ok("copy", str(desk), env=shared)
    assert all(f.read_bytes() == data for f, data in files.items())  # the desk is only read
    assert "sources added 8, unchanged 0, updated 0, failed 0" in out
    assert "1 check with 2 reviews; 1 API key" in out

    before = json.loads(ok("--store", str(desk), "sources", "--json"))
    after = json.loads(ok("sources", "--json", env=shared))
    fields = ("id", "location", "title", "published", "retrieved_at", "tier", "sha256")
    assert sorted(tuple(s[f] for f in fields) for s in after) == sorted(
        tuple(s[f] for f in fields) for s in before
    )
    assert {s["tier"] for s in after} == {"primary", "secondary"}
    # the shared store was built with the desk's embedder and checks the demo the same way
    again = json.loads(ok("check", str(DEMO / "article.md"), "--format", "json", "--no-save",
                          env=shared))  # fmt: skip
    assert verdicts(again) == verdicts(report)
    # the check and its whole audit trail, as they were made
    history = PostgresHistory(server_store.database_url)
    try:
        assert trail(history, check_id) == trail(History(desk), check_id)
        notes = [e.note for e in history.audit(check_id)]
        assert notes == ["the statement denies it", "on reading"]
        kept = history.load(check_id)
        assert kept.results[0].final_verdict.value == "supported"
    finally:
        history.close()
    keys = PostgresApiKeys(server_store.database_url)
    try:
        assert keys.owner(key) == "desk"
    finally:
        keys.db.close()

    out = ok("copy", str(desk), env=shared)  # again: nothing new to copy
    assert "sources added 0, unchanged 8" in out
    assert "0 checks with 0 reviews (1 there already); 0 API keys" in out

    wrong = claimcheck("copy", str(tmp_path / "nothing"), env=shared)
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'nothing'} is not a claimcheck store folder (no library.sqlite3)"
    ]
    assert len(json.loads(ok("sources", "--json", env=shared))) == 8
