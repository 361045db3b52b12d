"""The check-worthiness model: shipped artifact, ranking, training without a file, evaluation."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from checker.claims.checkworthiness import (
    CheckworthinessModel,
    anchors,
    exclusion_reason,
    load_default,
)
from checker.evaluate.checkworthy import (
    choose_model,
    evaluate_checkworthy,
    read_checkworthy,
    run_eval_checkworthy,
)
from ingest.errors import ExtractionError, ModelLoadError, UnsupportedSourceError

ROOT = Path(__file__).resolve().parents[3]
TRAIN_SCRIPT = ROOT / "scripts" / "train_checkworthy.py"

FACTS = [
    "Unemployment fell to 3.5 percent in 2019, the lowest rate since 1969.",
    "The company reported revenue of $4.2 billion in the third quarter, up 12% from a year ago.",
    "In 2016 the Senate passed the bill by 68 votes to 32.",
    "Germany spent 2.1% of its GDP on defence in 2024, according to NATO.",
    "Exports to China doubled between 2010 and 2020.",
]
OPINIONS = [
    "I think we need to do better for our families.",
    "Thank you all for being here tonight.",
    "We should be proud of who we are as a people.",
    "You know, I feel very strongly about this.",
    "Let me be clear about that.",
]


def _train_module():
    spec = importlib.util.spec_from_file_location("claimcheck_train_checkworthy", TRAIN_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _write_jsonl(path: Path, rows: list[tuple[str, str, bool]]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": i, "text": t, "checkworthy": y}) + "\n" for i, t, y in rows),
        encoding="utf-8",
    )
    return path


def test_shipped_model_ranks_facts_above_opinions() -> None:
    model = load_default()
    scores = model.score(FACTS + OPINIONS)
    assert scores.shape == (10,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores[:5].min() > scores[5:].max()
    assert model.score(FACTS[:1])[0] > model.score(OPINIONS[:1])[0]


def test_shipped_model_records_its_threshold_and_cross_validation() -> None:
    model = load_default()
    assert 0.05 < model.threshold < 0.95
    info = model.metadata
    assert info["cv"]["pooled"]["average_precision"] > 0.4
    assert "train_checkworthy.py" in info["command"]
    assert model.score([]).shape == (0,)


def test_missing_or_broken_artifact_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="no check-worthiness model"):
        load_default(tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelLoadError):
        CheckworthinessModel.load(broken)


def test_rules_exclude_navigation_questions_and_calls_to_action() -> None:
    assert exclusion_reason("Share this article") == "navigation"
    assert exclusion_reason("check_circleEstimated reading time is 3 minutes.") == "widget"
    assert exclusion_reason("summarize3-Point Summary", "line") == "heading"
    assert exclusion_reason("Did the company really grow by 40% in 2023?") == "question"
    assert exclusion_reason("Subscribe to our newsletter for daily updates.") == "navigation"
    assert exclusion_reason("Watch whether the open tier stays competitive.") == "call to action"
    assert exclusion_reason("Community Trust Funds — Nonprofits holding weights", "item") == (
        "fragment"
    )
    assert exclusion_reason("The central bank raised rates by 0.25 points in June.") is None


def test_anchors_find_numbers_actors_and_events() -> None:
    a = anchors("Contributors were blocked from Discord in March 2024.")
    assert a.actor and a.event and a.date and a.number and not a.opinion
    b = anchors("I think this is arguably the best outcome.")
    assert b.opinion and not b.number and not b.actor


SHARED = "The unemployment rate rose to 7 percent in 2010."


def _two_collections(data: Path) -> tuple[list, list]:
    """Two small labelled files that share one sentence (as the debate collections do)."""
    data.mkdir()
    shared = SHARED
    a_rows = [(f"a:{i}", f, True) for i, f in enumerate(FACTS)]
    a_rows += [(f"a:{i + 5}", o, False) for i, o in enumerate(OPINIONS)]
    a_rows += [("a:10", shared, True)]
    b_rows = [
        (f"b{g}:{i}", f"In {2000 + i} the state budget grew by {i + 3} percent.", True)
        for g in range(2)
        for i in range(5)
    ]
    b_rows += [
        (f"b{g}:{i + 5}", f"Honestly, I believe {w} matters to all of us.", False)
        for g in range(2)
        for i, w in enumerate(["family", "hope", "faith", "work", "freedom"])
    ]
    b_rows += [("b0:99", shared, True)]
    _write_jsonl(data / "alpha.jsonl", a_rows)
    _write_jsonl(data / "beta.jsonl", b_rows)
    return a_rows, b_rows


def test_training_without_a_file_never_sees_its_sentences(tmp_path: Path) -> None:
    data = tmp_path / "data"
    a_rows, b_rows = _two_collections(data)
    out = tmp_path / "models"
    train = _train_module()
    cache = tmp_path / "cache"
    args = ["--data", str(data), "--out-dir", str(out), "--cache", str(cache), "--no-positives"]
    assert train.main(args) == 0
    names = sorted(p.name for p in out.glob("*.npz"))
    assert names == ["model-without-alpha.npz", "model-without-beta.npz", "model.npz"]

    without_alpha = CheckworthinessModel.load(out / "model-without-alpha.npz")
    alpha_texts = read_checkworthy(data / "alpha.jsonl")[1]
    # The sentence both files share was dropped from beta's rows too.
    assert not without_alpha.seen(alpha_texts).any()
    assert without_alpha.train_files == ("beta.jsonl",)
    assert CheckworthinessModel.load(out / "model.npz").seen(alpha_texts).all()

    chosen, seen = choose_model(alpha_texts, out)
    assert chosen.name == "model-without-alpha" and not seen.any()
    result = evaluate_checkworthy(data / "alpha.jsonl", models_dir=out)
    assert result.model == "model-without-alpha"
    assert result.sentences == len(a_rows) and result.excluded_seen == 0

    single = tmp_path / "single.npz"
    train.main(
        [
            "--data",
            str(data),
            "--exclude",
            "beta.jsonl",
            "--out",
            str(single),
            "--cache",
            str(cache),
            "--no-positives",
        ]
    )
    assert CheckworthinessModel.load(single).train_files == ("alpha.jsonl",)
    # every sentence was embedded once, for all three models, and kept for the next run
    (kept,) = cache.glob("vectors-*.npz")
    with np.load(kept) as stored:
        assert len(stored["keys"]) == len({t for _, t, _ in a_rows + b_rows})
    assert CheckworthinessModel.load(single).embedding_weights.shape == (384,)
    hashed_only = tmp_path / "hashed.npz"
    train.main(
        ["--data", str(data), "--no-embeddings", "--no-positives", "--out", str(hashed_only)]
    )
    assert CheckworthinessModel.load(hashed_only).embedding_weights is None


def test_fact_checked_statements_join_as_check_worthy_but_are_never_scored(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    a_rows, b_rows = _two_collections(data)
    statements = [
        "Says the city cut its police budget by 20 percent last year.",
        "Says exports to Mexico doubled under the last governor.",
        "The state has lost 40,000 manufacturing jobs since 2008.",
        SHARED,  # also a sentence of both labelled files
    ]
    positives = tmp_path / "statements.jsonl"
    positives.write_text(
        "".join(
            json.dumps({"claim": c, "evidence": "x", "label": "supported"}) + "\n"
            for c in statements
        ),
        encoding="utf-8",
    )
    out = tmp_path / "models"
    train = _train_module()
    args = ["--data", str(data), "--out-dir", str(out), "--no-embeddings"]
    assert train.main([*args, "--positives", str(positives)]) == 0

    model = CheckworthinessModel.load(out / "model.npz")
    info = model.metadata
    assert info["extra_positives"] == ["statements.jsonl"]
    assert info["extra_weight"] in train.EXTRA_WEIGHTS
    assert model.seen(statements).all()
    # cross-validation and the threshold are measured on the labelled files only
    labelled_positives = sum(y for _, _, y in a_rows + b_rows)
    assert info["cv"]["pooled"]["positives"] == labelled_positives
    assert set(info["cv"]) == {"pooled", "alpha.jsonl", "beta.jsonl"}
    # a model held out from alpha never sees alpha's sentences, not even as a statement
    without_alpha = CheckworthinessModel.load(out / "model-without-alpha.npz")
    assert not without_alpha.seen([t for _, t, _ in a_rows]).any()
    assert without_alpha.seen(statements[:3]).all()

    with pytest.raises(SystemExit, match="no such file"):
        train.main([*args, "--positives", str(tmp_path / "absent.jsonl")])


def test_the_sentence_vector_counts_in_the_score(tmp_path: Path) -> None:
    from checker.claims.checkworthiness import N_FEATURES

    direction = np.zeros(384, dtype=np.float32)
    direction[0] = 4.0
    model = CheckworthinessModel(
        weights=np.zeros(N_FEATURES, dtype=np.float32),
        bias=-2.0,
        threshold=0.5,
        embedding_weights=direction,
    )
    vectors = np.zeros((2, 384), dtype=np.float32)
    vectors[0, 0] = 1.0
    scores = model.score(["one sentence", "another one"], vectors=vectors)
    assert scores[0] == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert scores[1] == pytest.approx(1 / (1 + np.exp(2.0)))
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = CheckworthinessModel.load(path)
    assert np.array_equal(loaded.embedding_weights, direction)
    # without vectors given, the shipped encoder embeds the sentences itself
    assert loaded.score(FACTS[:2]).shape == (2,)
    with np.load(path) as data:
        parts = {k: data[k] for k in data.files}
    parts["embedding_weights"] = np.zeros(10, dtype=np.float32)
    np.savez(path, **parts)
    with pytest.raises(ModelLoadError, match="embedding weights of the wrong size"):
        CheckworthinessModel.load(path)


def test_eval_checkworthy_on_a_small_file(tmp_path: Path) -> None:
    rows = [(f"f{i}", t, True) for i, t in enumerate(FACTS)]
    rows += [(f"o{i}", t, False) for i, t in enumerate(OPINIONS)]
    path = _write_jsonl(tmp_path / "small.jsonl", rows)
    result = evaluate_checkworthy(path)
    assert result.sentences == 10 and result.excluded_seen == 0
    assert result.model == "model"  # new sentences: the default model may judge them
    assert result.average_precision == 1.0
    assert result.threshold == round(load_default().threshold, 4)
    assert 0 <= result.precision <= 1 and 0 <= result.recall <= 1 and 0 <= result.f1 <= 1

    out = tmp_path / "scores.jsonl"
    printed = run_eval_checkworthy(path, as_json=True, scores_out=out)
    summary = json.loads(printed)
    assert {"sentences", "average_precision", "precision", "recall", "f1", "threshold"} <= set(
        summary
    )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in lines] == [r[0] for r in rows]
    assert all(r["predicted"] == (r["score"] >= result.threshold) for r in lines)

    table = run_eval_checkworthy(path, as_json=False, scores_out=None)
    assert "average precision" in table and "10 sentences" in table


def test_eval_checkworthy_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedSourceError):
        evaluate_checkworthy(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(ExtractionError, match="bad.jsonl:1"):
        evaluate_checkworthy(bad)


@pytest.mark.parametrize("name", ["claimbuster.jsonl", "checkthat2019_train.jsonl"])
def test_eval_on_a_training_file_uses_a_model_that_never_saw_it(
    datasets: Path, name: str, tmp_path: Path
) -> None:
    path = datasets / "checkworthy" / name
    texts = read_checkworthy(path)[1]
    assert load_default().seen(texts).mean() > 0.9  # the default model did see it
    # every 4th line (embedding all of them would take minutes): still a file it never saw
    lines = path.read_text(encoding="utf-8").splitlines()[::4]
    part = tmp_path / name
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = evaluate_checkworthy(part)
    assert result.model == f"model-without-{path.stem}"
    assert result.excluded_seen == 0 and result.sentences == len(lines)
    floor = 0.6 if name == "claimbuster.jsonl" else 0.05  # CheckThat!: 3% positives
    assert result.average_precision > floor


def test_the_features_are_scikit_learns_hashing_vectorizer_without_importing_it():
    from sklearn.feature_extraction.text import HashingVectorizer

    from checker.claims.checkworthiness import N_FEATURES, _analyzer, featurize

    sentences = [
        "Qwen was downloaded 90 million times in 2025, the company said.",
        "Is this the end of open-source AI?",
        "The silence speaks volumes.",
        "",
    ]
    reference = HashingVectorizer(
        analyzer=_analyzer, n_features=N_FEATURES, alternate_sign=False, norm="l2"
    ).transform(sentences)
    ours = featurize(sentences)
    assert abs(ours - reference).max() < 1e-6
