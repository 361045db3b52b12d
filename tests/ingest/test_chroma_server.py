"""Server mode against a real `chroma run` on 127.0.0.1, started by the test."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "sources"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        exe = Path(shutil.which("chroma") or "chroma")
    port = _free_port()
    process = subprocess.Popen(
        [
            str(exe),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("chroma server did not start")
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_the_same_commands_run_against_a_chroma_server(tmp_path, chroma_server):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "checker.cli",
                "--store",
                str(tmp_path / "store"),
                "--chroma-url",
                chroma_server,
                *args,
            ],
            capture_output=True,
            timeout=180,
        )

    result = run("ingest", str(DEMO))
    assert result.returncode == 0, result.stderr.decode()
    assert "failed 0" in result.stdout.decode()
    # the vectors live on the server, not in the store folder
    assert not (tmp_path / "store" / "chroma").exists()

    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]))
    collection = client.get_collection("claimcheck")
    listed = json.loads(run("sources", "--json").stdout)
    assert collection.count() == sum(s["chunks"] for s in listed) > 0
    assert collection.metadata["embedder"] == "minilm-l6-v2-int8"  # the default for a new library

    from checker.backends import open_library
    from checker.settings import Settings

    library = open_library(Settings(store=tmp_path / "store", chroma_url=chroma_server))
    hits = library.vector_search("closed flagship available only through the API", 3)
    assert hits and "API" in hits[0].chunk.text

    card = next(s for s in listed if "model-card" in s["location"])
    assert run("remove", card["id"]).returncode == 0
    assert collection.count() == library.chunk_count()
