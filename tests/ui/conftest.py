"""The web app's tests: a demo library in a fresh store, and the app pointed at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.backends import open_library
from checker.settings import Settings
from ingest.models import OutcomeStatus
from ingest.pipeline import ingest_sources

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
DEMO = ROOT / "data" / "demo"
ARTICLE = (DEMO / "article.md").read_text(encoding="utf-8")


def build_demo_store(store: Path) -> Path:
    """A store holding the demo library, built the way the app and the CLI open it."""
    library = open_library(Settings(store=store))
    try:
        summary = ingest_sources(library, [str(DEMO / "sources")], workers=1)
    finally:
        library.close()
    assert summary.count(OutcomeStatus.FAILED) == 0, summary.failures
    assert summary.count(OutcomeStatus.ADDED) == len(list((DEMO / "sources").iterdir()))
    return store


@pytest.fixture(scope="session")
def demo_store_builder():
    """`build_demo_store`, for fixtures of a wider scope."""
    return build_demo_store


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    return build_demo_store(tmp_path / "store")


@pytest.fixture
def app_env(monkeypatch):
    """Point the app (run in this process by AppTest) at a store, as `claimcheck ui` does."""

    def point(store: Path, **settings: str) -> None:
        monkeypatch.setenv("CLAIMCHECK_STORE", str(store))
        for name, value in settings.items():
            monkeypatch.setenv(f"CLAIMCHECK_{name.upper()}", value)

    return point
