"""The web app over the server store (a real PostgreSQL and `chroma run`, tests/servers.py): the
same pages, with the check and its review kept in PostgreSQL."""

from __future__ import annotations

from checker.backends import open_library
from checker.models import Verdict
from checker.review.history import PostgresHistory
from checker.settings import Settings
from ingest.pipeline import ingest_sources
from tests.ui.test_app import ARTICLE, ROOT, check_article, errors, start_app


def test_the_app_checks_and_reviews_through_the_server_store(tmp_path, server_store, app_env):
    settings = {**{k[11:].lower(): v for k, v in server_store.env().items()}, "embedder": "hashing"}
    library = open_library(Settings(store=tmp_path / "unused", **settings))
    try:
        assert not ingest_sources(
            library, [str(ROOT / "data" / "demo" / "sources")], workers=1
        ).failures
    finally:
        library.close()
    app_env(tmp_path / "store", **settings)

    at = check_article(start_app(), ARTICLE)
    assert not at.exception and errors(at) == []
    check_id = at.session_state["cc_check_id"]
    history = PostgresHistory(server_store.database_url)
    try:
        first = history.load(check_id).results[0]
        new = Verdict.UNVERIFIED if first.verdict is not Verdict.UNVERIFIED else Verdict.SUPPORTED
        form = f"cc-review-{check_id}-{first.claim.id}"
        at.segmented_control(key=f"{form}-verdict").set_value(new)
        at.text_input(key=f"{form}-note").input("Checked with the desk")
        at.button(key=f"{form}-save").click().run()
        assert not at.exception and errors(at) == []
        (entry,) = history.audit(check_id)
        assert (entry.previous, entry.verdict, entry.note) == (
            first.verdict,
            new,
            "Checked with the desk",
        )
    finally:
        history.close()
    assert not (tmp_path / "store" / "checks.sqlite3").exists()  # nothing went to the folder
    assert any("postgresql://" in c.value for c in at.code)  # the settings panel names it
