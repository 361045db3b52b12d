"""`claimcheck ui` hands its settings to the app; the app reads back exactly those settings."""

from __future__ import annotations

import os
from pathlib import Path

from checker.cli_ui import app_path, settings_env, streamlit_command
from checker.settings import Settings


def test_the_app_reads_back_the_settings_the_command_resolved(monkeypatch, tmp_path):
    chosen = Settings(
        store=Path("relative-store"),
        chroma_url="http://127.0.0.1:8000",
        embedder="st:/models/mini",
        verifier="nli:/models/nli",
        extractor="rules",
        top_k=5,
        allow_private=True,
        ui_port=8600,
    )
    monkeypatch.chdir(tmp_path)
    env = settings_env(chosen)
    assert env["CLAIMCHECK_STORE"] == str(tmp_path / "relative-store")  # absolute for the app
    assert "CLAIMCHECK_RERANKER" not in env  # unset stays unset
    for name in list(os.environ):
        if name.startswith("CLAIMCHECK_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    read = Settings()
    expected = chosen.model_copy(update={"store": tmp_path / "relative-store"})
    assert read.model_dump() == expected.model_dump()


def test_the_app_runs_headless_on_the_address_and_port_given():
    command = streamlit_command(8123, "127.0.0.1", 10)
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert Path(command[4]) == app_path() and app_path().is_file()
    assert {
        "--server.headless=true",
        "--server.port=8123",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",  # nothing leaves the machine
        "--client.showErrorDetails=type",  # no tracebacks in the page
    } <= set(command)
