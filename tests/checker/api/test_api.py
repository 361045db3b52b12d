"""`claimcheck serve` over real HTTP on 127.0.0.1: checks as jobs, reviews, exports, sources,
API keys, bad input as one-line JSON errors, and two server processes over one store."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.servers import RUN, auth, finished, serve, stop

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"
ARTICLE = (
    "Halcyon Labs dissolved the 38-person Foundations team in March 2026. "
    "As of 31 January 2026, Kestrel models had been downloaded 41 million times."
)


@pytest.fixture(scope="module")
def store(demo_cli_store) -> Path:
    return demo_cli_store


@pytest.fixture(scope="module")
def key(store) -> str:
    made = subprocess.run(
        [*RUN, "api-key", "create", "desk", "--store", str(store)], capture_output=True, timeout=60
    )
    assert made.returncode == 0, made.stderr.decode()
    key = made.stdout.decode().strip()
    assert key.startswith("cc_")
    assert key not in (store / "api-keys.json").read_text()  # kept hashed
    return key


@pytest.fixture(scope="module")
def servers(store, key):
    """Two `serve` processes on the same store (a desk's two API hosts)."""
    started = [serve(store, "--allow-private"), serve(store)]
    yield [base for _, base in started]
    for proc, _ in started:
        stop(proc)


def test_a_check_runs_as_a_job_and_is_saved(servers, key):
    one, two = servers
    started = httpx.post(
        f"{one}/checks",
        json={"text": ARTICLE, "title": "Desk test"},
        headers=auth(key),
        timeout=60,
    )
    assert started.status_code == 202
    job = finished(one, started.json())
    check_id = job["result"]["check_id"]
    # the other process reads the same history
    report = httpx.get(f"{two}/checks/{check_id}", timeout=10).json()
    assert report["article"]["title"] == "Desk test"
    verdicts = {c["text"]: c["verdict"] for c in report["claims"]}
    assert verdicts[ARTICLE.split(". ")[0] + "."] == "supported"
    assert check_id in [c["id"] for c in httpx.get(f"{two}/checks", timeout=10).json()]
    md = httpx.get(f"{two}/checks/{check_id}/export/md", timeout=10)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Fact-check: Desk test")


def test_wait_returns_the_report_and_reviews_are_shared_and_never_lost(servers, key):
    one, two = servers
    report = httpx.post(
        f"{one}/checks?wait=true", json={"text": ARTICLE}, headers=auth(key), timeout=180
    )
    assert report.status_code == 200, report.text
    check_id, claim_id = report.json()["check_id"], report.json()["claims"][0]["id"]
    url = f"/checks/{check_id}/claims/{claim_id}/review"

    def review(i: int) -> httpx.Response:
        base = servers[i % 2]
        body = {
            "verdict": "contradicted" if i % 2 else "supported",
            "note": f"desk note {i}",
            "reviewer": f"editor {i}",
        }
        return httpx.post(base + url, json=body, headers=auth(key), timeout=60)

    with ThreadPoolExecutor(8) as pool:  # one claim, reviewed at once through both servers
        answers = list(pool.map(review, range(16)))
    assert [a.status_code for a in answers] == [201] * 16
    trail = httpx.get(f"{two}/checks/{check_id}/audit", timeout=10).json()
    assert sorted(e["note"] for e in trail) == sorted(f"desk note {i}" for i in range(16))
    assert {e["reviewer"] for e in trail} == {f"editor {i}" for i in range(16)}
    last = trail[-1]["verdict"]
    seen = httpx.get(f"{one}/checks/{check_id}", timeout=10).json()["claims"][0]
    assert seen["verdict"] == last and seen["review"]["verdict"] == last


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "message"),
    [
        (
            "post",
            "/checks",
            {"json": {"text": ARTICLE}, "headers": {"X-API-Key": "cc_wrong"}},
            401,
            "valid API key",
        ),
        ("post", "/checks", {"json": {"text": ARTICLE}}, 401, "valid API key"),
        ("post", "/checks", {"content": b'{"text": ', "headers": "KEY"}, 422, "invalid JSON"),
        (
            "post",
            "/checks",
            {"json": {"title": "no text"}, "headers": "KEY"},
            400,
            "give the article as text or as url",
        ),
        (
            "post",
            "/checks",
            {"content": b'{"text": "' + b"a" * 2_100_000 + b'"}', "headers": "KEY"},
            413,
            "larger than",
        ),
        ("get", "/checks/nope", {}, 404, "no check with id 'nope'"),
        ("get", "/checks/nope/export/md", {}, 404, "no check"),
        ("get", "/jobs/nope", {}, 404, "no job 'nope'"),
        (
            "post",
            "/checks/nope/claims/c1/review",
            {"json": {"verdict": "supported"}, "headers": "KEY"},
            404,
            "no check",
        ),
        ("delete", "/sources/nope", {"headers": "KEY"}, 404, "nope"),
    ],
)
def test_bad_requests_get_one_line_json_errors(servers, key, method, path, kwargs, status, message):
    if kwargs.get("headers") == "KEY":
        kwargs = {**kwargs, "headers": {**auth(key), "content-type": "application/json"}}
    answer = httpx.request(method.upper(), servers[0] + path, timeout=60, **kwargs)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert list(body) == ["error"] and message in body["error"], body
    assert "Traceback" not in answer.text and "\n" not in body["error"]


def test_sources_are_listed_ingested_as_a_job_and_removed(servers, key, site):
    one, _ = servers  # the first server may fetch from 127.0.0.1 (--allow-private)
    url = site.page(
        "/release.html",
        "<html><body><article><h1>Release</h1><p>The Kestrel-5 "
        "model was released on 2 May 2026 under the Apache 2.0 licence.</p>"
        "</article></body></html>",
    )
    job = httpx.post(f"{one}/sources", json={"items": [url]}, headers=auth(key), timeout=30)
    assert job.status_code == 202
    state = finished(one, job.json())
    (outcome,) = state["result"]["outcomes"]
    assert outcome["status"] == "added", outcome
    listed = httpx.get(f"{one}/sources", timeout=10).json()
    assert url in [s["location"] for s in listed]
    gone = httpx.delete(f"{one}/sources/{outcome['source_id']}", headers=auth(key), timeout=30)
    assert gone.status_code == 200 and gone.json()["location"] == url
    assert url not in [s["location"] for s in httpx.get(f"{one}/sources", timeout=10).json()]


def test_the_openapi_page_and_key_commands(servers, store):
    spec = httpx.get(f"{servers[0]}/openapi.json", timeout=10).json()
    assert {"/checks", "/jobs/{job_id}", "/sources"} <= set(spec["paths"])
    listed = subprocess.run(
        [*RUN, "--store", str(store), "api-key", "list"], capture_output=True, timeout=60
    )
    assert listed.stdout.decode().split()[:2] == ["desk", "created"]
    again = subprocess.run(
        [*RUN, "--store", str(store), "api-key", "create", "desk"], capture_output=True, timeout=60
    )
    assert again.returncode == 1 and "exists" in again.stderr.decode()
    made = subprocess.run(
        [*RUN, "--store", str(store), "api-key", "create", "temp"], capture_output=True, timeout=60
    )
    temp = made.stdout.decode().strip()
    ok = httpx.post(f"{servers[1]}/checks", json={"text": ARTICLE}, headers=auth(temp), timeout=60)
    assert ok.status_code == 202
    subprocess.run(
        [*RUN, "--store", str(store), "api-key", "revoke", "temp"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    refused = httpx.post(
        f"{servers[1]}/checks", json={"text": ARTICLE}, headers=auth(temp), timeout=60
    )
    assert refused.status_code == 401
    assert json.loads(refused.text)["error"].startswith("a valid API key is needed")
