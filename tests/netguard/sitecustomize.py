"""The network guard of the tests, for the Python subprocesses they start (CLIs, the API server,
the Streamlit app): tests/conftest.py puts this folder first on PYTHONPATH and names the hosts
allowed in PYTEST_SOCKET_ALLOW_HOSTS, and Python imports this file at start-up. The guard is
pytest-socket's own, so a subprocess refuses a connection as a test does."""

import os

_allowed = os.environ.get("PYTEST_SOCKET_ALLOW_HOSTS")
if _allowed:
    try:
        from pytest_socket import socket_allow_hosts
    except ImportError:  # another Python than the tests' (no pytest-socket): refuse to run
        raise SystemExit("tests/netguard: pytest-socket is not installed for this Python") from None
    socket_allow_hosts(_allowed.split(","), allow_unix_socket=True)
