"""The web app's page logic, run by Streamlit's AppTest against a real demo library."""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checker.backends import open_library
from checker.models import Verdict
from checker.review.history import History
from checker.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "app.py")
ARTICLE = (ROOT / "data" / "demo" / "article.md").read_text(encoding="utf-8")
TIMEOUT = 120


def start_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    (button,) = [b for b in at.button if b.label == label]
    return button.click().run()


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def cards(at: AppTest) -> list[str]:
    """The HTML heads of the claim cards shown, in order."""
    return [h.value for h in at.html if 'class="cc-claim-text"' in h.value]


def check_article(at: AppTest, text: str) -> AppTest:
    at.text_area(key="cc_article_text").input(text)
    return click(at, "Check claims")


def test_checking_the_demo_article_shows_a_card_per_claim(demo_store, app_env, caplog):
    app_env(demo_store)
    caplog.set_level(logging.INFO, logger="claimcheck.ui")
    at = check_article(start_app(), ARTICLE)
    assert not at.exception and errors(at) == []

    check_id = at.session_state["cc_check_id"]
    report = History(demo_store).load(check_id)  # the check was saved for review
    assert len(report.results) >= 10
    shown = cards(at)
    assert len(shown) == len(report.results)
    for head, result in zip(shown, report.results, strict=True):
        assert f'cc-{result.final_verdict.value}"' in head  # its verdict chip
        assert f"{round(result.confidence * 100)}% confidence" in head

    counts = report.counts()
    summary = next(h.value for h in at.html if "cc-summary" in h.value)
    for verdict in Verdict:
        label = verdict.value.capitalize()
        assert f'<div class="n">{counts[verdict]}</div><div class="l">{label}</div>' in summary
    assert counts[Verdict.SUPPORTED] and counts[Verdict.CONTRADICTED]

    # the article, as text, with each claim marked
    article = next(h.value for h in at.html if 'class="cc-article"' in h.value)
    assert "**In brief**" in article and "## The team that built Kestrel is gone" in article
    assert article.count("<mark ") >= len(report.results)

    # evidence quotes with their source, date and tier
    quotes = [h.value for h in at.html if 'class="cc-ev ' in h.value]
    assert quotes and all("<mark>" in q and "primary source" in q for q in quotes)
    # a download for every export format
    labels = {d.label for d in at.get("download_button")}
    from checker.report.exports import EXPORT_FORMATS

    assert labels == {f.label for f in EXPORT_FORMATS.values()}

    # reruns (a click elsewhere) reload nothing: the library was opened once
    at.run()
    at.segmented_control(key="cc_filter").set_value("Contradicted").run()
    assert len(cards(at)) == counts[Verdict.CONTRADICTED]
    opened = [r for r in caplog.records if "opening the library" in r.getMessage()]
    assert len([r for r in opened if str(demo_store) in r.getMessage()]) <= 1


def test_a_review_is_saved_at_once_and_shown_in_history(demo_store, app_env):
    app_env(demo_store)
    at = check_article(start_app(), ARTICLE)
    check_id = at.session_state["cc_check_id"]
    first = History(demo_store).load(check_id).results[0]
    new = Verdict.CONTRADICTED if first.verdict is not Verdict.CONTRADICTED else Verdict.SUPPORTED
    form = f"cc-review-{check_id}-{first.claim.id}"

    at.segmented_control(key=f"{form}-verdict").set_value(new)
    at.text_input(key=f"{form}-note").input("The press release says otherwise")
    at.button(key=f"{form}-save").click().run()
    assert not at.exception and errors(at) == []

    saved = History(demo_store).load(check_id).results[0]
    assert saved.final_verdict is new and saved.verdict is first.verdict
    assert saved.review.note == "The press release says otherwise"
    assert saved.review.previous is first.verdict
    (entry,) = History(demo_store).audit(check_id)
    assert (entry.previous, entry.verdict) == (first.verdict, new)
    head = cards(at)[0]
    assert f'cc-{new.value}"' in head and "The press release says otherwise" in head

    # the History page lists the check with the reviewed counts
    at.switch_page("history.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    row = table[table["Check"] == check_id].iloc[0]
    assert row["Reviewed"] == f"1/{len(History(demo_store).load(check_id).results)}"
    assert row[new.value.capitalize()] == History(demo_store).list()[0].count(new)

    # a new session opens it from History and carries on reviewing
    other = start_app()
    other.switch_page("history.py").run()
    other.selectbox(key="cc-history-choice").select_index(0).run()
    other.button(key="cc-open").click().run()
    assert not other.exception
    assert other.session_state["cc_check_id"] == check_id
    head = cards(other)[0]
    assert f'cc-{new.value}"' in head and "The press release says otherwise" in head
    second = History(demo_store).load(check_id).results[1]
    other.button(key=f"cc-review-{check_id}-{second.claim.id}-save").click().run()  # accept
    assert [a.claim_id for a in History(demo_store).audit(check_id)] == [
        first.claim.id,
        second.claim.id,
    ]


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_an_empty_article_is_a_readable_error(demo_store, app_env, text):
    app_env(demo_store)
    at = check_article(start_app(), text)
    assert not at.exception
    assert errors(at) == ["The article is empty: paste its text or give a file or URL"]
    assert "cc_check_id" not in at.session_state
    assert History(demo_store).list() == []


def test_the_demo_article_can_be_loaded_with_one_click(demo_store, app_env):
    app_env(demo_store)
    at = click(start_app(), "Load the demo article")
    assert at.text_area(key="cc_article_text").value == ARTICLE


def test_an_unreachable_url_is_a_readable_error(demo_store, app_env):
    app_env(demo_store, allow_private="true", fetch_timeout="3")
    at = start_app()
    at.text_input(key="cc_article_url").input("http://127.0.0.1:9/article")
    at = click(at, "Check claims")
    assert not at.exception
    (message,) = errors(at)
    assert "127.0.0.1:9" in message and "Traceback" not in message


def test_a_bad_verifier_chosen_in_the_settings_is_a_readable_error(demo_store, app_env):
    app_env(demo_store)
    at = start_app()
    at.sidebar.text_input(key="cc-set-verifier").input("no-such-verifier")
    at = click(at, "Apply")
    at = check_article(at, ARTICLE)
    assert not at.exception
    assert any("unknown verifier 'no-such-verifier'" in e.lower() for e in errors(at))
    # back to the defaults: the cached checker serves again
    at = click(at, "Back to the defaults")
    at = check_article(at, ARTICLE)
    assert errors(at) == [] and cards(at)


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path != "/statement.html":
            self.send_error(404, "Not Found")
            return
        body = (
            b"<html><head><title>Statement on the harbour bridge</title></head><body><article>"
            b"<h1>Statement on the harbour bridge</h1><p>The harbour bridge cost 3.4 billion "
            b"euros to build and opened on 1 June 2025, the city council said on Monday.</p>"
            b"<p>It carries 40,000 vehicles a day.</p></article></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_article_is_fetched_from_its_url(demo_store, app_env, site):
    app_env(demo_store, allow_private="true")
    at = start_app()
    at.text_input(key="cc_article_url").input(f"{site}/statement.html")
    at = click(at, "Check claims")
    assert not at.exception and errors(at) == []
    report = History(demo_store).load(at.session_state["cc_check_id"])
    assert report.article.url == f"{site}/statement.html"
    assert report.article.title == "Statement on the harbour bridge"
    assert "3.4 billion euros" in report.article.text
    assert len(cards(at)) == len(report.results) >= 1


def test_sources_are_added_listed_and_removed(tmp_path, app_env, site):
    store = tmp_path / "store"
    app_env(store, allow_private="true")
    at = start_app()
    at.switch_page("sources.py").run()
    assert not at.exception
    assert any("No sources yet" in i.value for i in at.info)

    at.text_area(key="cc_urls").input(f"{site}/statement.html\n{site}/missing.html\n")
    at = click(at, "Add URLs")
    assert not at.exception
    assert [w.value for w in at.warning] == ["Sources: 1 added, 0 unchanged, 0 updated, 1 failed."]
    assert any("404" in t.value and "missing.html" in t.value for t in at.text)

    upload = ("bridge notes.md", b"# Bridge notes\n\nThe bridge has six lanes.\n", "text/markdown")
    at.file_uploader[0].set_value([upload])
    at = click(at, "Add files")
    assert [s.value for s in at.success] == ["Sources: 1 added, 0 unchanged, 0 updated, 0 failed."]
    at.file_uploader[0].set_value([upload])
    at = click(at, "Add files")  # the same file again changes nothing
    assert [s.value for s in at.success] == ["Sources: 0 added, 1 unchanged, 0 updated, 0 failed."]

    listed = at.dataframe[-1].value
    assert set(listed["title"]) == {"Statement on the harbour bridge", "Bridge notes"}
    assert set(listed["tier"]) == {"primary"}
    assert all(listed["chunks"] >= 1)

    library = open_library(Settings(store=store))
    try:
        statement = next(s for s in library.sources() if s.title.startswith("Statement"))
    finally:
        library.close()
    choice = at.selectbox(key="cc-remove-choice")
    choice.select_index(next(i for i, o in enumerate(choice.options) if statement.id in o)).run()
    at.button(key="cc-remove").click().run()
    assert not at.exception
    assert any("Removed “Statement on the harbour bridge”" in s.value for s in at.success)
    assert list(at.dataframe[-1].value["title"]) == ["Bridge notes"]
    library = open_library(Settings(store=store))
    try:
        assert [s.title for s in library.sources()] == ["Bridge notes"]
    finally:
        library.close()
