"""The real `claimcheck` command: ingest, sources, show, remove, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "sources"


def claimcheck(store: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", "--store", str(store), *args],
        capture_output=True,
        timeout=180,
        env=env,
    )


def test_ingest_sources_show_remove(tmp_path):
    store = tmp_path / "store"
    first = claimcheck(store, "ingest", str(DEMO))
    assert first.returncode == 0, first.stderr.decode()
    out = first.stdout.decode()
    assert f"added {len(list(DEMO.iterdir()))}, unchanged 0, updated 0, failed 0" in out

    again = claimcheck(store, "ingest", str(DEMO))
    assert f"added 0, unchanged {len(list(DEMO.iterdir()))}" in again.stdout.decode()

    listed = json.loads(claimcheck(store, "sources", "--json").stdout)
    titles = {s["title"] for s in listed}
    assert any("Kestrel" in t for t in titles)
    card = next(s for s in listed if s["location"].endswith("kestrel-3.5-model-card.md"))
    assert card["tier"] == "primary" and card["chunks"] >= 1

    shown = claimcheck(store, "show", card["id"])
    assert shown.returncode == 0
    from checker.backends import open_library
    from checker.settings import Settings

    stored = open_library(Settings(store=store)).get(card["id"]).text
    assert shown.stdout == stored.encode("utf-8")  # byte for byte, no added newline
    assert stored.startswith("# Kestrel-3.5") and "14.2 million" in stored

    removed = claimcheck(store, "remove", card["id"])
    assert removed.returncode == 0 and card["id"] in removed.stdout.decode()
    after = json.loads(claimcheck(store, "sources", "--json").stdout)
    assert card["id"] not in {s["id"] for s in after}


def test_errors_are_one_line_and_lose_nothing(tmp_path):
    store = tmp_path / "store"
    claimcheck(store, "ingest", str(DEMO / "kestrel-3.5-model-card.md"))
    cases = [
        ("show", "deadbeef"),
        ("remove", "https://example.org/not-there"),
        ("--embedder", "word2vec", "sources"),
        ("--embedder", "hashing:128", "sources"),
        ("ingest",),
        # usage errors: a one-line message pointing at the help, not a bug report
        ("ingest", str(DEMO), "--tier", "tertiary"),
        ("check", "--top-k", "many", "-"),
        ("no-such-command",),
    ]
    for args in cases:
        result = claimcheck(store, *args)
        err = result.stderr.decode().strip()
        assert result.returncode != 0, args
        assert "Traceback" not in err and "unexpected" not in err, err
        assert len(err.splitlines()) == 1 and err.startswith("error:"), err
    tier = claimcheck(store, "ingest", str(DEMO), "--tier", "tertiary").stderr.decode()
    assert "'tertiary' is not one of 'primary', 'secondary'" in tier
    assert "claimcheck ingest --help" in tier
    listed = json.loads(claimcheck(store, "sources", "--json").stdout)
    assert len(listed) == 1


def test_a_library_remembers_its_embedder_and_a_new_one_gets_minilm(tmp_path):
    article = tmp_path / "article.md"
    article.write_text("Kestrel-3.5 was trained on 14.2 million documents.\n", encoding="utf-8")
    kept = tmp_path / "hashing-store"
    assert claimcheck(kept, "--embedder", "hashing", "ingest", str(DEMO)).returncode == 0
    checked = claimcheck(kept, "check", str(article), "--no-save")  # no flag: its own embedder
    assert checked.returncode == 0, checked.stderr
    assert b"embedder hashing-v1-384" in checked.stderr
    new = tmp_path / "new-store"
    assert claimcheck(new, "ingest", str(DEMO / "kestrel-3.5-model-card.md")).returncode == 0
    checked = claimcheck(new, "check", str(article), "--no-save")
    assert checked.returncode == 0 and b"embedder minilm-l6-v2-int8" in checked.stderr
    # naming another embedder than the library's is refused, with the way to move it
    refused = claimcheck(new, "--embedder", "hashing", "check", str(article), "--no-save")
    assert refused.returncode == 1
    assert b"claimcheck reindex --embedder" in refused.stderr and b"Traceback" not in refused.stderr


def test_store_and_backend_options_work_after_the_command(tmp_path):
    store = tmp_path / "store"
    run = [sys.executable, "-m", "checker.cli"]
    one = DEMO / "kestrel-3.5-model-card.md"
    added = subprocess.run(
        [*run, "ingest", str(one), "--store", str(store), "--embedder", "hashing"],
        capture_output=True,
        timeout=180,
    )
    assert added.returncode == 0, added.stderr.decode()
    listed = subprocess.run(
        [*run, "sources", "--json", f"--store={store}"], capture_output=True, timeout=180
    )
    assert [s["location"] for s in json.loads(listed.stdout)] == [str(one)]
    # the library was built with the embedder given after the command
    from checker.backends import open_library
    from checker.settings import Settings

    library = open_library(Settings(store=store))
    try:
        assert library.embedder.id.startswith("hashing")
    finally:
        library.close()
    # an option the command has itself stays the command's: reindex --embedder
    moved = subprocess.run(
        [*run, "reindex", "--embedder", "minilm", "--store", str(store)],
        capture_output=True,
        timeout=300,
    )
    assert moved.returncode == 0, moved.stderr.decode()
    # a misspelt option still says what is wrong, in one line
    bad = subprocess.run([*run, "sources", "--stor", str(store)], capture_output=True)
    assert bad.returncode == 2 and len(bad.stderr.decode().strip().splitlines()) == 1
