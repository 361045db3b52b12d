"""A PostgreSQL or Chroma server that goes down under a running `claimcheck serve` (both real,
on 127.0.0.1): reads, writes and waited checks get a one-line 503 with Retry-After, not a 400
or a 500; nothing stored is lost, and the same process serves again once the server is back."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest

from checker.api.server import PostgresApiKeys
from ingest.embeddings import make_embedder
from ingest.errors import StoreUnavailableError
from ingest.models import Document
from ingest.server_store import ServerStore
from tests.servers import auth, finished, free_port, running_postgres, serve, start_chroma, stop

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"
ARTICLE = (DEMO / "article.md").read_text(encoding="utf-8")


def answered(request, seconds: float = 60) -> httpx.Response:
    """The first answer that is not a 503 (the pool reconnects in the background)."""
    deadline = time.time() + seconds
    while True:
        response = request()
        if response.status_code != 503 or time.time() > deadline:
            return response
        time.sleep(0.5)


def assert_unavailable(response: httpx.Response, what: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "5"
    message = response.json()["error"]
    assert what in message and "unavailable" in message and "try again" in message
    assert "\n" not in message and "Traceback" not in message


def test_a_database_outage_is_a_503_and_the_same_process_serves_again(tmp_path, chroma_url):
    with running_postgres() as pg:
        database = pg.new_database()
        env = {
            "CLAIMCHECK_DATABASE_URL": database,
            "CLAIMCHECK_CHROMA_URL": chroma_url,
            "CLAIMCHECK_COLLECTION": f"t{uuid.uuid4().hex[:12]}",
            "CLAIMCHECK_EMBEDDER": "hashing",
        }
        keys = PostgresApiKeys(database)
        key = keys.create("desk")
        keys.db.close()
        process, base = serve(tmp_path, env=env)
        try:
            job = httpx.post(
                f"{base}/sources", json={"items": [str(DEMO / "sources")]}, headers=auth(key)
            )
            finished(base, job.json())

            def sources() -> httpx.Response:
                return httpx.get(f"{base}/sources", timeout=60)

            def check() -> httpx.Response:
                return httpx.post(
                    f"{base}/checks?wait=true",
                    json={"text": ARTICLE, "title": "demo"},
                    headers=auth(key),
                    timeout=120,
                )

            before = sources().json()
            done = check()
            assert done.status_code == 200, done.text

            pg.stop()
            began = time.time()
            assert_unavailable(sources(), "database")
            assert time.time() - began < 30  # a down server fails fast, not after the pool wait
            assert_unavailable(check(), "database")  # the API key is read from PostgreSQL too
            assert_unavailable(httpx.get(f"{base}/checks", timeout=60), "database")
            assert process.poll() is None  # the server kept running

            pg.start()
            after = answered(sources)
            assert after.status_code == 200, after.text
            assert after.json() == before  # nothing stored was lost
            again = answered(check)
            assert again.status_code == 200, again.text
            verdicts = [c["verdict"] for c in again.json()["claims"]]
            assert verdicts == [c["verdict"] for c in done.json()["claims"]]
            listed = httpx.get(f"{base}/checks", timeout=60).json()
            assert {done.json()["check_id"], again.json()["check_id"]} <= {c["id"] for c in listed}
        finally:
            stop(process)


@pytest.fixture
def chroma_that_stops(tmp_path):
    """A `chroma run` of this test's own, which the test stops and starts again (same data)."""
    folder, port = tmp_path / "chroma", free_port()
    processes = [start_chroma(folder, port)]

    def restart(up: bool) -> None:
        if up:
            processes.append(start_chroma(folder, port))
        else:
            processes[-1].kill()
            processes[-1].wait(timeout=30)

    yield f"http://127.0.0.1:{port}", restart
    for process in processes:
        process.kill()
        process.wait(timeout=30)


def test_a_chroma_outage_is_unavailable_and_the_store_recovers(postgres, chroma_that_stops):
    url, restart = chroma_that_stops
    store = ServerStore(postgres.new_database(), url, make_embedder("hashing"), collection="out")
    try:
        text = (DEMO / "sources" / "halcyon-press-release-reorganisation.md").read_text("utf-8")
        store.add(Document(location="/primary/press-release.md", text=text))
        assert store.vector_search("Foundations team dissolved", 3)

        restart(False)
        with pytest.raises(StoreUnavailableError, match="Chroma server is unavailable"):
            store.vector_search("Foundations team dissolved", 3)
        with pytest.raises(StoreUnavailableError):
            store.add(Document(location="/primary/other.md", text="A second statement."))
        assert store.source_count() == 1  # the failed write stored nothing; the first is whole

        restart(True)
        hits = store.vector_search("Foundations team dissolved", 3)
        assert hits and {h.chunk.source_id for h in hits} == {s.id for s in store.sources()}
    finally:
        store.close()
