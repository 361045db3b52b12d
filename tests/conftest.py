"""Shared test set-up: no network but 127.0.0.1 (in subprocesses too), no hub downloads,
shared paths and helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
DEMO = ROOT / "data" / "demo"
FIXTURES = ROOT / "tests" / "fixtures"

pytest_plugins = [
    "tests.http_site",  # the `site` fixture: a real HTTP server on 127.0.0.1
    "tests.servers",  # real PostgreSQL, Chroma and `claimcheck serve` processes on 127.0.0.1
]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

# The network guard is pytest-socket's (`--allow-hosts` in pyproject.toml): a connection to
# anything but 127.0.0.1 raises SocketConnectBlockedError. The Python subprocesses that tests
# start get the same guard from tests/netguard/sitecustomize.py, found first on PYTHONPATH, with
# the hosts allowed passed on in PYTEST_SOCKET_ALLOW_HOSTS.
NETGUARD = ROOT / "tests" / "netguard"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(NETGUARD), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)


def pytest_configure(config: pytest.Config) -> None:
    allowed = config.getoption("--allow-hosts")
    if allowed and not config.getoption("--force-enable-socket"):
        os.environ["PYTEST_SOCKET_ALLOW_HOSTS"] = allowed
    else:
        os.environ.pop("PYTEST_SOCKET_ALLOW_HOSTS", None)


def require_datasets() -> Path:
    if not DATASETS.is_dir():
        pytest.skip(f"shared datasets not found at {DATASETS}")
    return DATASETS


@pytest.fixture
def datasets() -> Path:
    return require_datasets()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"
