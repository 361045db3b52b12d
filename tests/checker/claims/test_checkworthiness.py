"""The check-worthiness model: shipped artifact, ranking, training without a file, evaluation."""

from __future__ import annotations

import dataclasses
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
    assert "train_checkworthy_encoder.py" in info["command"]
    # the fine-tuned encoder ships beside the model, its files checked against the manifest
    assert model.encoder is not None and (model.encoder / "manifest.json").is_file()
    assert model.score([]).shape == (0,)


SCORED = ["the company reported revenue of 4 billion", "i think we should be proud"]


@pytest.fixture(scope="module")
def tiny_scorer(tiny_models, tmp_path_factory) -> Path:
    """A tiny random one-logit encoder, exported as the shipped one is."""
    return tiny_models.build_sentence_scorer(tmp_path_factory.mktemp("scorer") / "enc", SCORED)


def test_a_fine_tuned_encoder_scores_each_sentence(tiny_scorer: Path, tmp_path: Path) -> None:
    from checker.claims.checkworthiness import N_FEATURES, encoder_logits

    model = CheckworthinessModel(
        weights=np.zeros(N_FEATURES, dtype=np.float32),
        bias=-0.5,
        threshold=0.5,
        encoder=tiny_scorer,
        encoder_scale=3.0,
    )
    sentences = [*SCORED, "the company is proud"]
    logits = encoder_logits(tiny_scorer, sentences)
    assert len(set(np.round(logits, 4))) == 3  # the encoder reads each sentence
    expected = 1 / (1 + np.exp(-(3.0 * logits - 0.5)))
    assert model.score(sentences) == pytest.approx(expected)
    # whitespace is not a different sentence
    assert model.score(["the  company reported\nrevenue of 4 billion"])[0] == pytest.approx(
        expected[0]
    )
    # saved, the model names its encoder relative to itself: the two move together
    import shutil

    shutil.copytree(tiny_scorer, tmp_path / "a" / "enc")
    dataclasses.replace(model, encoder=tmp_path / "a" / "enc").save(tmp_path / "a" / "model.npz")
    moved = (tmp_path / "a").rename(tmp_path / "b")
    loaded = CheckworthinessModel.load(moved / "model.npz")
    assert loaded.encoder == (moved / "enc").resolve() and loaded.encoder_scale == 3.0
    assert loaded.score(sentences) == pytest.approx(expected)


def test_a_missing_or_tampered_encoder_is_a_one_line_error(
    tiny_scorer: Path, tmp_path: Path
) -> None:
    import shutil

    from checker.claims.checkworthiness import N_FEATURES

    folder = tmp_path / "enc"
    shutil.copytree(tiny_scorer, folder)
    model = CheckworthinessModel(
        weights=np.zeros(N_FEATURES, dtype=np.float32), bias=0.0, threshold=0.5, encoder=folder
    )
    model.save(tmp_path / "model.npz")
    onnx = folder / "model.onnx"
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 0xFF
    onnx.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="make train") as err:
        CheckworthinessModel.load(tmp_path / "model.npz").score(["a changed file"])
    assert "\n" not in str(err.value)
    shutil.rmtree(folder)
    with pytest.raises(ModelLoadError, match="missing; rebuild it with `make train`"):
        CheckworthinessModel.load(tmp_path / "model.npz")


def test_an_altered_shipped_model_is_refused(tmp_path: Path, monkeypatch) -> None:
    import shutil

    from checker.claims import checkworthiness

    shipped = tmp_path / "checkworthy"
    shutil.copytree(checkworthiness.DEFAULT_DIR, shipped)
    model = shipped / "model.npz"
    data = bytearray(model.read_bytes())
    data[-100] ^= 0xFF
    model.write_bytes(bytes(data))
    monkeypatch.setattr(checkworthiness, "DEFAULT_DIR", shipped)
    with pytest.raises(ModelLoadError, match="make train") as err:
        checkworthiness.load_default()
    assert "\n" not in str(err.value)


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


def test_a_relative_date_or_a_pronoun_for_what_was_done_anchors_nothing() -> None:
    from checker.claims.checkworthiness import rule_score

    # "last month" says when, not what: the sentence names, counts and dates nothing
    vague = anchors("The clearest signal came last month.")
    assert vague.date and vague.relative_date and not vague.actor
    dated = anchors("The clearest signal came in March 2026.")
    assert dated.date and not dated.relative_date
    assert rule_score(0.8, vague) < rule_score(0.8, dated)
    # what Halcyon runs is only in the sentence before: weaker than a sentence that says it
    leaning = anchors("Halcyon is now running it openly.")
    stated = anchors("Halcyon is now running the playbook openly.")
    assert leaning.pronoun_object and not stated.pronoun_object
    assert rule_score(0.8, leaning) < rule_score(0.8, stated)
    # a date still anchors it
    dated_leaning = anchors("In 2024, Halcyon signed it.")
    assert dated_leaning.pronoun_object
    assert rule_score(0.8, dated_leaning) == rule_score(
        0.8, anchors("In 2024, Halcyon signed the lease.")
    )


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
def test_the_shipped_model_is_never_scored_on_its_own_training_file(
    datasets: Path, name: str, tmp_path: Path
) -> None:
    path = datasets / "checkworthy" / name
    texts = read_checkworthy(path)[1]
    assert load_default().seen(texts).mean() > 0.9  # the default model did see it
    # every 4th line is still a file it trained on: the error says how to build one that
    # never saw it, and nothing is scored
    lines = path.read_text(encoding="utf-8").splitlines()[::4]
    part = tmp_path / name
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="train_checkworthy_encoder.py.*--models"):
        evaluate_checkworthy(part)


def test_eval_checkworthy_cli_chooses_among_the_models_given(tmp_path: Path) -> None:
    import subprocess

    data = tmp_path / "data"
    _two_collections(data)
    out = tmp_path / "models"
    assert (
        _train_module().main(
            ["--data", str(data), "--out-dir", str(out), "--no-positives", "--no-embeddings"]
        )
        == 0
    )
    run = [sys.executable, "-m", "checker.cli", "eval-checkworthy", str(data / "alpha.jsonl")]
    done = subprocess.run([*run, "--json", "--models", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["model"] == "model-without-alpha"
    done = subprocess.run(
        [*run, "--models", str(tmp_path / "absent")], capture_output=True, text=True
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        f"error: --models: no such folder {tmp_path / 'absent'}"
    ]


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


def test_the_encoder_training_script_rebuilds_a_model_that_loads(tmp_path: Path) -> None:
    """scripts/train_checkworthy_encoder.py end to end on a sample: cross-validation, the
    fine-tuned encoder exported to int8 ONNX, the model, its manifest and card."""
    data = tmp_path / "data"
    _two_collections(data)
    spec = importlib.util.spec_from_file_location(
        "claimcheck_train_checkworthy_encoder", ROOT / "scripts" / "train_checkworthy_encoder.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    positives = tmp_path / "statements.jsonl"
    positives.write_text(
        json.dumps({"claim": "Says exports doubled.", "evidence": "x", "label": "supported"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "shipped"
    args = ["--data", str(data), "--positives", str(positives), "--out-dir", str(out)]
    assert module.main([*args, "--no-heldout"]) == 0
    model = load_default(out / "model.npz")
    assert model.encoder == (out / "encoder").resolve()
    assert (out / "manifest.json").is_file() and (out / "encoder" / "manifest.json").is_file()
    assert model.seen(FACTS).all()
    assert "train_checkworthy_encoder.py" in model.metadata["command"]
    assert set(model.metadata["cv"]) == {"pooled", "alpha.jsonl", "beta.jsonl"}
    assert "| alpha.jsonl |" in (out / "README.md").read_text(encoding="utf-8")
    scores = model.score(FACTS + OPINIONS)
    assert scores.shape == (10,) and np.all((scores > 0) & (scores < 1))
