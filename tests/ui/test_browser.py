"""End to end in a real headless Chromium: `claimcheck ui` on a free port with the demo library.

Paste the demo article, check it, see the verdict cards, override a verdict, download the JSON
report and find the override in it, save a screenshot; two sessions check at once.

Needs Debian's `chromium` and Playwright's Python package (no `playwright install`). Without
them the test skips, except under CI=true where it must run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from checker.models import Verdict
from checker.review.history import History

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (ROOT / "data" / "demo" / "article.md").read_text(encoding="utf-8")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
NOTE = "Checked the press release: the article gets this wrong"


def _chromium() -> str:
    found = os.environ.get("CLAIMCHECK_CHROMIUM") or shutil.which("chromium")
    found = found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    problem = None
    if not found:
        problem = "no Chromium installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed (pip install playwright)"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser test cannot run under CI: {problem}")
        pytest.skip(f"browser test skipped: {problem}; it runs under CI=true")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chromium_path() -> str:
    return _chromium()


@pytest.fixture(scope="module")
def server(chromium_path, tmp_path_factory, demo_store_builder):
    """The real app: `python -m checker.cli --store STORE ui --port P --address 127.0.0.1`."""
    store = demo_store_builder(tmp_path_factory.mktemp("browser") / "store")
    port = _free_port()
    log = (tmp_path_factory.mktemp("browser-log") / "app.log").open("w+b")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "checker.cli",
            "--store",
            str(store),
            "ui",
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            pytest.fail(f"the app did not start:\n{log.read().decode(errors='replace')[-3000:]}")
        time.sleep(0.3)
    yield url, store
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _check(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Check claims").click()


def _cards(page):
    return page.locator('[class*="st-key-cc-card-"]')


def test_check_review_download_in_a_real_browser(server, browser):
    url, store = server
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        _check(page, url)
        first = page.locator(".st-key-cc-card-1")
        first.wait_for(timeout=60_000)
        (summary,) = History(store).list()  # saved before the results are shown
        report = History(store).load(summary.id)
        assert len(report.results) >= 10
        page.locator(f".st-key-cc-card-{len(report.results)}").wait_for(timeout=30_000)
        assert _cards(page).count() == len(report.results)
        page.get_by_text(f"Checked {len(report.results)} claims in").wait_for()
        # the article is shown as text: Markdown marks stay as typed
        assert "**In brief**" in page.locator(".st-key-cc-article").inner_text()
        for verdict in Verdict:
            count = report.counts()[verdict]
            assert page.locator(f".cc-stat.cc-{verdict.value} .n").inner_text() == str(count)

        # override the first card's verdict, with a note
        machine = report.results[0].verdict
        new = Verdict.CONTRADICTED if machine is not Verdict.CONTRADICTED else Verdict.SUPPORTED
        first.get_by_role("radio", name=new.value.capitalize(), exact=True).click()
        first.get_by_placeholder("Why (kept in the audit trail)").fill(NOTE)
        first.get_by_role("button", name="Save review").click()
        first.locator(".cc-review-note").wait_for(timeout=30_000)
        assert NOTE in first.locator(".cc-review-note").inner_text()
        assert first.locator(f".cc-claim-head .cc-{new.value}").count() == 1

        # download the JSON report: the override is in it
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="Report (JSON)").click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        claim = data["claims"][0]
        assert claim["verdict"] == new.value and claim["machine_verdict"] == machine.value
        assert claim["review"]["note"] == NOTE
        assert data["summary"][new.value] == report.counts()[new] + 1

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "check-page.png"
        page.set_viewport_size({"width": 1440, "height": 2200})
        page.wait_for_timeout(500)
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot}")
        assert shot.stat().st_size > 20_000
    finally:
        context.close()


def test_two_sessions_check_at_once(server, browser):
    url, store = server
    before = len(History(store).list())
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        pages = [c.new_page() for c in contexts]
        for page in pages:
            page.goto(url)
            page.get_by_label("Article text").fill(ARTICLE)
        for page in pages:  # both checks in flight together
            page.get_by_role("button", name="Check claims").click()
        for page in pages:
            page.locator(".st-key-cc-card-1").wait_for(timeout=90_000)
        checks = History(store).list()
        assert len(checks) == before + 2  # each session has a check of its own, for review
        claims = len(History(store).load(checks[0].id).results)
        for page in pages:
            page.locator(f".st-key-cc-card-{claims}").wait_for(timeout=30_000)
            assert _cards(page).count() == claims >= 10
    finally:
        for context in contexts:
            context.close()
