"""`claimcheck check --from LIST`: many articles (files and URLs) in parallel workers, one
report each, a failure reported without stopping the rest, and resumable after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.batch import read_list, report_path
from checker.report.report_io import read_report
from ingest.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
RUN = [sys.executable, "-m", "checker.cli"]


@pytest.fixture(scope="module")
def demo_store(demo_cli_store) -> Path:
    return demo_cli_store


def _articles(folder: Path, n: int) -> list[Path]:
    text = (DEMO / "article.md").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    out = []
    for i in range(n):  # different articles: a different slice of the demo each
        path = folder / f"article {i}.md"
        path.write_text("\n\n".join(paragraphs[i : i + 8]), encoding="utf-8")
        out.append(path)
    return out


def test_a_list_of_files_and_urls_gives_one_report_each(tmp_path, demo_store, site):
    files = _articles(tmp_path, 2)
    url = site.page(
        "/news/halcyon.html",
        "<html><body><article><h1>Halcyon</h1><p>"
        + (DEMO / "article.md").read_text(encoding="utf-8").replace("\n\n", "</p><p>")
        + "</p></article></body></html>",
    )
    listed = tmp_path / "to-check.txt"
    listed.write_text(
        f"# this week's pieces\n{files[0].name}\n\n{files[1]}\n{url}\n{tmp_path / 'gone.md'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    cmd = [*RUN, "check", "--from", str(listed), "--out-dir", str(out), "--store", str(demo_store)]
    cmd.append("--allow-private")  # the test site is on 127.0.0.1
    first = subprocess.run(cmd, capture_output=True, timeout=600)
    err = first.stderr.decode()
    assert first.returncode == 1, err  # one article failed
    assert f"failed: {tmp_path / 'gone.md'}: no such file" in err
    assert "3 checked, 0 already done, 1 failed" in err
    entries = read_list(listed)
    reports = {e: report_path(e, out, "json") for e in entries}
    for entry in entries[:3]:
        report = read_report(reports[entry])  # complete and schema-valid
        assert report.results, entry
    assert not reports[entries[3]].exists()
    assert read_report(reports[url]).article.url == url
    assert sorted(out.iterdir()) == sorted(reports[e] for e in entries[:3])  # no partial file
    # a rerun checks nothing again but the failure
    again = subprocess.run(cmd, capture_output=True, timeout=600)
    assert "0 checked, 3 already done, 1 failed" in again.stderr.decode()
    assert site.hits["/news/halcyon.html"] == 1


def test_a_killed_batch_resumes_where_it_stopped(tmp_path, demo_store):
    files = _articles(tmp_path, 4)
    listed = tmp_path / "list.txt"
    listed.write_text("\n".join(str(p) for p in files) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [
        *RUN,
        "--store",
        str(demo_store),
        "check",
        "--from",
        str(listed),
        "--workers",
        "1",
        "--out-dir",
        str(out),
        "--format",
        "md",
        "--no-save",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.time() + 300
    while time.time() < deadline and not list(out.glob("*.md")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its worker, mid-batch
    proc.wait()
    finished = list(out.glob("*.md"))
    assert 1 <= len(finished) < 4
    resumed = subprocess.run(cmd, capture_output=True, timeout=600)
    err = resumed.stderr.decode()
    assert resumed.returncode == 0, err
    assert f"{4 - len(finished)} checked, {len(finished)} already done, 0 failed" in err
    reports = sorted(out.glob("*.md"))
    assert len(reports) == 4
    for path in reports:
        assert path.read_text(encoding="utf-8").startswith("# Fact-check:")


def test_bad_lists_are_one_line_errors(tmp_path, demo_store):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="names no article"):
        read_list(empty)
    for args, message in (
        (["--from", str(tmp_path / "absent.txt")], "cannot read the list"),
        (["article.md", "--from", str(empty)], "either an article or --from"),
        (["--from", str(empty)], "names no article"),
    ):
        done = subprocess.run(
            [*RUN, "--store", str(demo_store), "check", *args], capture_output=True
        )
        err = done.stderr.decode().strip()
        assert done.returncode != 0 and message in err and len(err.splitlines()) == 1, err
    assert not list(tmp_path.glob("*-reports"))  # nothing was written for a bad list
