"""Server mode against a real `chroma run` on 127.0.0.1 (the session's, tests/servers.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "sources"


def test_the_same_commands_run_against_a_chroma_server(tmp_path, chroma_url):
    chroma_server = chroma_url  # the session's `chroma run` (tests/servers.py)
    name = f"t{uuid.uuid4().hex[:12]}"  # a collection of its own on the shared server

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
            env={**os.environ, "CLAIMCHECK_COLLECTION": name},
        )

    result = run("ingest", str(DEMO))
    assert result.returncode == 0, result.stderr.decode()
    assert "failed 0" in result.stdout.decode()
    # the vectors live on the server, not in the store folder
    assert not (tmp_path / "store" / "chroma").exists()

    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]))
    collection = client.get_collection(name)
    listed = json.loads(run("sources", "--json").stdout)
    assert collection.count() == sum(s["chunks"] for s in listed) > 0
    assert collection.metadata["embedder"] == "minilm-l6-v2-int8"  # the default for a new library

    from checker.backends import open_library
    from checker.settings import Settings

    library = open_library(
        Settings(store=tmp_path / "store", chroma_url=chroma_server, collection=name)
    )
    hits = library.vector_search("closed flagship available only through the API", 3)
    assert hits and "API" in hits[0].chunk.text

    card = next(s for s in listed if "model-card" in s["location"])
    assert run("remove", card["id"]).returncode == 0
    assert collection.count() == library.chunk_count()
