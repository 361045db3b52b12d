"""Two `claimcheck serve` processes over one server store (a real PostgreSQL and a real `chroma
run` on 127.0.0.1): the demo ingested and checked through them gives the embedded store's
verdicts, a review saved through one is read through the other, and concurrent reviews of one
claim through both are all in the audit trail, each with the verdict just before it."""

from __future__ import annotations

import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from checker.api.server import PostgresApiKeys
from checker.backends import build_checker
from checker.claims.article import article_from_text
from checker.review.jobs import OWNER_STOPPED, Job, Jobs, PostgresJobs
from checker.settings import Settings
from tests.servers import RUN, auth, finished, serve, stop

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def desk(tmp_path_factory, postgres, chroma_url):
    """Two API processes (store folders of their own, as on two hosts) over one fresh server
    store, a key made by the CLI (kept in PostgreSQL), and the demo ingested through the API."""
    import os
    import uuid

    env = {
        "CLAIMCHECK_DATABASE_URL": postgres.new_database(),
        "CLAIMCHECK_CHROMA_URL": chroma_url,
        "CLAIMCHECK_COLLECTION": f"t{uuid.uuid4().hex[:12]}",
        "CLAIMCHECK_EMBEDDER": "hashing",
    }
    folders = [tmp_path_factory.mktemp("host") for _ in range(2)]
    keys = PostgresApiKeys(env["CLAIMCHECK_DATABASE_URL"])
    key = keys.create("desk")
    keys.db.close()
    started = []
    try:
        with ThreadPoolExecutor(2) as pool:  # both start at once
            started.extend(pool.map(lambda folder: serve(folder, env=env), folders))
        one, two = (base for _, base in started)
        job = httpx.post(
            f"{one}/sources",
            json={"items": [str(DEMO / "sources")]},
            headers=auth(key),
            timeout=30,
        )
        outcomes = finished(two, job.json())["result"]["outcomes"]  # polled on the other
        assert {o["status"] for o in outcomes} == {"added"}
        yield one, two, key, {**os.environ, **env}
    finally:
        for process, _ in started:
            stop(process)
    for folder in folders:  # nothing of the shared store was kept in a folder
        assert not {"library.sqlite3", "checks.sqlite3", "chroma"} & {
            p.name for p in folder.iterdir()
        }


def test_the_demo_gets_the_embedded_stores_verdicts(desk, demo_cli_store):
    one, two, key, _ = desk
    text = (DEMO / "article.md").read_text()
    assert len(httpx.get(f"{two}/sources", timeout=10).json()) == len(
        list((DEMO / "sources").iterdir())
    )
    answer = httpx.post(
        f"{two}/checks?wait=true", json={"text": text}, headers=auth(key), timeout=180
    )
    assert answer.status_code == 200, answer.text
    served = answer.json()
    assert "postgresql://" in served["settings"]["store"]
    embedded = build_checker(Settings(store=demo_cli_store, embedder="hashing"))
    try:
        report = embedded.check(article_from_text(text))
    finally:
        embedded.library.close()
    assert [(c["text"], c["verdict"]) for c in served["claims"]] == [
        (r.claim.text, r.verdict.value) for r in report.results
    ]
    assert {c["verdict"] for c in served["claims"]} >= {"supported", "contradicted"}


def test_reviews_are_shared_and_concurrent_ones_all_kept(desk):
    one, two, key, _ = desk
    report = httpx.post(
        f"{one}/checks?wait=true",
        json={"text": "Halcyon Labs dissolved the 38-person Foundations team in March 2026."},
        headers=auth(key),
        timeout=180,
    ).json()
    check_id, claim = report["check_id"], report["claims"][0]
    url = f"/checks/{check_id}/claims/{claim['id']}/review"

    first = httpx.post(
        one + url, json={"verdict": "unverified", "note": "first"}, headers=auth(key), timeout=30
    )
    assert first.status_code == 201 and first.json()["reviewer"] == "desk"
    seen = httpx.get(f"{two}/checks/{check_id}", timeout=10).json()["claims"][0]
    assert seen["review"]["verdict"] == "unverified" and seen["review"]["note"] == "first"
    assert check_id in [c["id"] for c in httpx.get(f"{two}/checks", timeout=10).json()]

    def review(i: int) -> httpx.Response:
        body = {
            "verdict": ("supported", "contradicted", "unverified")[i % 3],
            "note": f"desk note {i}",
            "reviewer": f"editor {i}",
        }
        return httpx.post((one, two)[i % 2] + url, json=body, headers=auth(key), timeout=60)

    with ThreadPoolExecutor(16) as pool:  # one claim, reviewed at once through both servers
        answers = list(pool.map(review, range(16)))
    assert [a.status_code for a in answers] == [201] * 16
    trail = httpx.get(f"{one}/checks/{check_id}/audit", timeout=10).json()
    assert len(trail) == 17
    assert sorted(e["note"] for e in trail[1:]) == sorted(f"desk note {i}" for i in range(16))
    assert {e["reviewer"] for e in trail[1:]} == {f"editor {i}" for i in range(16)}
    # reviews of one claim are serialised: each one's `previous` is the verdict just before it
    assert trail[0]["previous"] == claim["verdict"]
    for before, after in zip(trail, trail[1:], strict=False):
        assert after["previous"] == before["verdict"] and after["seq"] > before["seq"]
    final = httpx.get(f"{two}/checks/{check_id}", timeout=10).json()["claims"][0]
    assert final["verdict"] == trail[-1]["verdict"] == final["review"]["verdict"]


def test_keys_made_and_revoked_once_work_on_every_api_process(desk, tmp_path):
    one, two, _, env = desk

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*RUN, *args], capture_output=True, timeout=60, env=env)

    made = subprocess.run(
        [*RUN, "--store", str(tmp_path), "api-key", "create", "temp"],
        capture_output=True,
        timeout=60,
        env=env,
    )
    temp = made.stdout.decode().strip()
    assert temp.startswith("cc_") and not (tmp_path / "api-keys.json").exists()  # in PostgreSQL
    assert [line.split()[0] for line in cli("api-key", "list").stdout.decode().splitlines()] == [
        "desk",
        "temp",
    ]
    body = {"text": "Kestrel models were downloaded 41 million times."}
    for base in (one, two):
        assert httpx.post(f"{base}/checks", json=body, headers=auth(temp), timeout=60).is_success
    assert cli("api-key", "revoke", "temp").returncode == 0
    for base in (one, two):
        refused = httpx.post(f"{base}/checks", json=body, headers=auth(temp), timeout=60)
        assert refused.status_code == 401


def test_a_job_is_seen_by_every_process_and_a_dead_owners_job_fails(postgres):
    url = postgres.new_database()
    other_process = PostgresJobs(url, stale_s=0.5)  # how another API process sees the jobs
    jobs = Jobs(shared=PostgresJobs(url), heartbeat_s=0.1)
    release = threading.Event()
    job = jobs.submit("check", lambda update: release.wait(10) and {"check_id": "c1"})
    try:
        time.sleep(0.8)  # longer than stale_s: the owner's heartbeat keeps it alive
        assert other_process.get(job.id).status == "running"
        release.set()
        assert jobs.wait(job.id, 10).status == "done"
        seen = other_process.get(job.id)
        assert (seen.status, seen.result) == ("done", {"check_id": "c1"})
        # a job whose owner stopped (no heartbeat) is reported failed once stale
        orphan = Job(id="orphan", kind="ingest", status="running", created_at="2026-01-01")
        other_process.put(orphan)
        assert other_process.get("orphan").status == "running"
        time.sleep(0.7)
        assert other_process.get("orphan").error == OWNER_STOPPED
        assert other_process.get("nope") is None
    finally:
        release.set()
        other_process.close()
        jobs.shared.close()
