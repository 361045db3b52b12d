"""The real `claimcheck eval` and `claimcheck eval-checkworthy` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.checker.evaluate.test_evaluate import EVAL_KEYS

KEYS = set(EVAL_KEYS)


CORPUS = [
    (
        "tambora",
        "Mount Tambora on the island of Sumbawa erupted in April 1815. The eruption killed "
        "about 71,000 people and caused the year without a summer in 1816.",
    ),
    (
        "kepler",
        "The Kepler space telescope was launched by NASA in March 2009 to find Earth-size "
        "planets orbiting other stars. It discovered more than 2,600 exoplanets.",
    ),
    (
        "bees",
        "Honeybee foragers perform a waggle dance to tell their nestmates the direction and "
        "distance of flower patches. Karl von Frisch described the dance in 1946.",
    ),
    (
        "coffee",
        "Caffeine taken six hours before bedtime reduced total sleep time by more than one "
        "hour in a sleep laboratory study of 12 healthy adults.",
    ),
]
CLAIMS = [
    (
        "1",
        "The Kepler space telescope was launched by NASA in March 2009.",
        "supported",
        ["kepler"],
    ),
    ("2", "Honeybees dance to tell nestmates where flowers are.", "supported", ["bees"]),
    (
        "3",
        "The eruption of Mount Tambora in 1815 killed about 7,000 people.",
        "contradicted",
        ["tambora"],
    ),
    ("4", "Emperor penguins can fly at 40 kilometres per hour.", "unverified", []),
]


def write_dataset(folder: Path, claims: list[dict] | None = None) -> Path:
    """A dataset folder in the verification format, written here."""
    folder.mkdir(parents=True)
    records = [{"id": i, "title": i.title(), "text": t, "url": ""} for i, t in CORPUS]
    if claims is None:
        claims = [
            {"id": i, "claim": c, "label": label, "evidence_ids": ev} for i, c, label, ev in CLAIMS
        ]
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "claims_dev.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    return folder


def claimcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_eval_json(tmp_path):
    folder = write_dataset(tmp_path / "tiny")
    # the global --store must not be touched: eval ingests into a temporary store of its own
    run = claimcheck("--store", str(tmp_path / "library"), "eval", str(folder), "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out) == KEYS
    assert out["claims"] == len(CLAIMS) and out["dataset"] == "tiny"
    assert sum(sum(row.values()) for row in out["confusion"].values()) == len(CLAIMS)
    assert (
        out["confusion"]["supported"]["supported"]
        + out["confusion"]["supported"]["contradicted"]
        + out["confusion"]["supported"]["unverified"]
        == 2
    )
    assert out["per_label"]["contradicted"]["support"] == 1
    assert 0.0 <= out["recall_at_5"] <= 1.0
    assert not (tmp_path / "library").exists()


def test_eval_table_and_kept_store(tmp_path):
    folder = write_dataset(tmp_path / "tiny")
    store = tmp_path / "eval-store"
    run = claimcheck("eval", str(folder), "--store", str(store), "--limit", "2")
    assert run.returncode == 0, run.stderr
    assert "tiny: 2 claims" in run.stdout
    assert "accuracy" in run.stdout and "confusion" in run.stdout
    assert "contradicted" in run.stdout
    # the kept store holds the corpus and can be evaluated again
    again = claimcheck("eval", str(folder), "--store", str(store), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["claims"] == len(CLAIMS)
    from checker.backends import open_library
    from checker.settings import Settings

    library = open_library(Settings(store=store))  # the embedder it was built with
    assert library.source_count() == len(CORPUS)


def test_eval_errors_are_one_line(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        (["eval", str(tmp_path / "missing")], "not a dataset folder"),
        (["eval", str(empty)], "no corpus.jsonl"),
    ]
    good = write_dataset(tmp_path / "good")
    cases.append((["eval", str(good), "--limit", "0"], "--limit must be at least 1"))
    cases.append((["eval", str(good), "--claims", "nope.jsonl"], "claims file not found"))
    bad = write_dataset(tmp_path / "bad", [{"id": "1", "claim": "x", "label": "yes"}])
    cases.append((["eval", str(bad)], "label 'yes'"))
    for args, message in cases:
        run = claimcheck(*args)
        assert run.returncode == 1, (args, run.stdout, run.stderr)
        assert run.stderr.startswith("error: ") and message in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
        assert "Traceback" not in run.stderr


def test_eval_checkworthy(tmp_path):
    sentences = [
        ("a", "Unemployment fell to 3.9 percent in April, the lowest since 2000.", True),
        ("b", "We lost 700,000 jobs last year alone.", True),
        ("c", "The bill passed the Senate by 68 votes to 32 in 2013.", True),
        ("d", "Thank you very much, Tallinn.", False),
        ("e", "I think we can do better than that, Tallinn.", False),
        ("f", "What are you going to do about Tallinn?", False),
        ("g", "Good evening, everyone in Tallinn.", False),
        ("h", "Crime has gone up 14 percent in the last two years.", True),
    ]
    path = tmp_path / "cw.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "text": t, "checkworthy": c}) + "\n" for i, t, c in sentences)
    )
    scores = tmp_path / "scores.jsonl"
    run = claimcheck("eval-checkworthy", str(path), "--json", "--scores", str(scores))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert {"sentences", "average_precision", "precision", "recall", "f1", "threshold"} <= set(out)
    assert out["sentences"] == len(sentences) and out["excluded_seen"] == 0
    rows = [json.loads(line) for line in scores.read_text().splitlines()]
    assert [r["id"] for r in rows] == [s[0] for s in sentences]
    assert all({"id", "score", "predicted"} <= set(r) for r in rows)
    assert all(r["predicted"] == (r["score"] >= out["threshold"]) for r in rows)
    # numbers and dates against thanks and greetings: a working model ranks them apart
    by_id = {r["id"]: r["score"] for r in rows}
    assert min(by_id[i] for i in "abch") > max(by_id[i] for i in "dg")

    table = claimcheck("eval-checkworthy", str(path))
    assert table.returncode == 0 and "average precision" in table.stdout

    missing = claimcheck("eval-checkworthy", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 1 and missing.stderr.startswith("error: ")
