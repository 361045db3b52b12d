"""Shared test set-up: no network but 127.0.0.1, no hub downloads, shared paths and helpers."""

from __future__ import annotations

import ipaddress
import os
import socket
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

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _allowed(address) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX
        return True
    host = address[0]
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if not _allowed(address):
        raise OSError(f"network blocked in tests: {address!r} (only 127.0.0.1 is allowed)")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _allowed(address):
        raise OSError(f"network blocked in tests: {address!r} (only 127.0.0.1 is allowed)")
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


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
