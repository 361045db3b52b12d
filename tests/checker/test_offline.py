"""The check path (the default MiniLM embedder, with the default and the MiniLM verifier) never
opens a network connection, not even to 127.0.0.1, and never imports torch: a subprocess with
every socket call trapped checks the demo article against the demo library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"

TRAPPED = r"""
import json, socket, sys
attempts = []
def trap(name):
    def refuse(*args, **kwargs):
        attempts.append(f"{name}{args[1:2] if name.startswith('socket.') else args[:1]}")
        raise OSError(f"network use on the check path: {name}")
    return refuse
socket.socket.connect = trap("socket.connect")
socket.socket.connect_ex = trap("socket.connect_ex")
socket.create_connection = trap("create_connection")
socket.getaddrinfo = trap("getaddrinfo")
sys.argv = ["claimcheck", *sys.argv[2:]]
from checker.cli.main import main
try:
    main()
except SystemExit as exit:
    code = exit.code or 0
else:
    code = 0
import os
with open(os.environ["TRAP_LOG"], "w") as handle:
    json.dump({"attempts": attempts, "code": code,
               "torch": "torch" in sys.modules}, handle)
"""


def run_trapped(tmp_path: Path, *args: str) -> dict:
    log = tmp_path / f"trap-{len(list(tmp_path.glob('trap-*')))}.json"
    env = {"TRAP_LOG": str(log), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", TRAPPED, "-", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert log.exists(), result.stderr
    outcome = json.loads(log.read_text())
    outcome["stderr"] = result.stderr
    return outcome


def test_ingest_and_check_open_no_socket_and_load_no_torch(tmp_path):
    store = str(tmp_path / "store")
    ingested = run_trapped(tmp_path, "--store", store, "ingest", str(DEMO / "sources"))
    assert ingested["code"] == 0 and ingested["attempts"] == [], ingested
    for verifier, named in (("lexical", "verifier lexical-v2"), ("minilm", "verifier minilm-")):
        checked = run_trapped(
            tmp_path,
            *("--store", store, "--verifier", verifier),
            *("check", str(DEMO / "article.md"), "--format", "json"),
        )
        assert checked["code"] == 0, checked["stderr"]
        assert checked["attempts"] == []
        assert not checked["torch"]  # onnxruntime and tokenizers only: a check starts fast
        assert "embedder minilm-l6-v2-int8" in checked["stderr"] and named in checked["stderr"]
