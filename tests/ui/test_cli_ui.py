"""`claimcheck ui` hands its settings to the app; the app reads back exactly those settings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from checker.cli.ui import app_path, streamlit_command, write_settings_file
from checker.settings import Settings
from ui.state import SettingsProblem, read_base_settings


def test_the_app_reads_back_the_settings_the_command_resolved(monkeypatch, tmp_path):
    """One JSON file, one argument: no round trip through CLAIMCHECK_* strings."""
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
    path = write_settings_file(chosen)
    try:
        assert path.stat().st_mode & 0o077 == 0  # private to the user
        monkeypatch.setenv("CLAIMCHECK_TOP_K", "3")  # the environment does not override the file
        monkeypatch.setenv("CLAIMCHECK_VERIFIER", "minilm")
        read = read_base_settings(["--settings", str(path)])
    finally:
        path.unlink()
    expected = chosen.model_copy(update={"store": tmp_path / "relative-store"})
    assert read.model_dump() == expected.model_dump()  # the store absolute for the app
    assert read_base_settings([]).top_k == 3  # a bare `streamlit run`: defaults and environment
    with pytest.raises(SettingsProblem, match="cannot read the settings file"):
        read_base_settings(["--settings", str(tmp_path / "gone.json")])


def test_the_app_reads_its_settings_file_once_per_session(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    path = write_settings_file(Settings(store=tmp_path / "store", verifier="minilm", top_k=3))
    monkeypatch.setattr(sys, "argv", [str(app_path()), "--settings", str(path)])
    at = AppTest.from_file(str(app_path()), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["cc_base_settings"].verifier == "minilm"
    path.unlink()  # read once: later reruns of the session do not read it again
    at.run()
    assert not at.exception and at.session_state["cc_base_settings"].top_k == 3
    shown = " ".join(m.value for m in at.sidebar.markdown) + " ".join(
        c.value for c in at.sidebar.caption
    )
    assert "minilm" in shown


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
    given = streamlit_command(8123, "127.0.0.1", 10, Path("/tmp/settings.json"))
    assert given[-3:] == ["--", "--settings", "/tmp/settings.json"]
