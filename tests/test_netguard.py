"""The tests' network guard (pytest-socket, 127.0.0.1 only) holds in the test process and in the
CLIs that tests start as subprocesses."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from pytest_socket import SocketConnectBlockedError

PROBE = r"""
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()
except OSError as exc:  # refused or unreachable: the connection was tried
    print("tried", type(exc).__name__)
except RuntimeError as exc:  # the guard
    print("blocked", type(exc).__name__)
else:
    print("connected")
"""


def test_a_non_loopback_connection_is_blocked_in_the_test_process():
    with pytest.raises(SocketConnectBlockedError, match="93.184.216.34"):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_loopback_is_allowed_and_the_rest_blocked_in_a_subprocess():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        near = subprocess.run(
            [sys.executable, "-c", PROBE, "127.0.0.1", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    far = subprocess.run(
        [sys.executable, "-c", PROBE, "93.184.216.34", "80"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert near.stdout.split() == ["connected"], near.stderr
    assert far.stdout.split() == ["blocked", "SocketConnectBlockedError"], far.stderr


def test_a_cli_subprocess_cannot_fetch_a_public_address(tmp_path):
    """`claimcheck ingest URL` started as a test starts it: the fetch of a public address is
    stopped by the guard inside the CLI, not by the absence of a network."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker.cli",
            "--store",
            str(tmp_path / "s"),
            "ingest",
            "http://93.184.216.34/page.html",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    said = " ".join((run.stdout + run.stderr).split())
    assert "SocketConnectBlocked" in said or "tried to use socket.socket.connect()" in said, said
