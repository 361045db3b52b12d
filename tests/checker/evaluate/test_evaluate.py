"""checker/evaluate/verdicts.py: a tiny labelled dataset through the real library, retriever and
verifier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.backends import build_checker
from checker.evaluate.verdicts import (
    ClaimOutcome,
    GoldClaim,
    claim_of,
    compute_metrics,
    evaluate_dataset,
    find_claims_file,
    read_claims,
    recall_at,
    top_sources,
)
from checker.models import ClaimResult, Evidence, Stance, Verdict
from checker.retrieval.hybrid import RankedChunk
from checker.settings import Settings
from ingest.errors import ConfigError
from ingest.models import Chunk, Document, Tier

S, C, U = Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIED

CORPUS = [
    {
        "id": "aspirin",
        "title": "Aspirin in the Physicians' Health Study",
        "text": "In a randomised trial of 22,071 male physicians, taking 325 mg of aspirin every "
        "other day reduced the risk of a first heart attack by 44 percent. The trial was "
        "stopped early in 1988 because the benefit was clear.",
        "url": "",
    },
    {
        "id": "tambora",
        "title": "The 1815 eruption of Mount Tambora",
        "text": "Mount Tambora on the island of Sumbawa erupted in April 1815. The eruption "
        "killed about 71,000 people and caused the year without a summer in 1816.",
        "url": "",
    },
    {
        "id": "bees",
        "title": "Honeybee waggle dance",
        "text": "Honeybee foragers perform a waggle dance to tell their nestmates the direction "
        "and distance of flower patches. Karl von Frisch described the dance in 1946.",
        "url": "https://example.org/bees",
    },
    {
        "id": "kepler",
        "title": "The Kepler space telescope",
        "text": "The Kepler space telescope was launched by NASA in March 2009 to find "
        "Earth-size planets orbiting other stars. It discovered more than 2,600 exoplanets.",
        "url": "",
    },
    {
        "id": "coffee",
        "title": "Caffeine and sleep",
        "text": "Caffeine taken six hours before bedtime reduced total sleep time by more than "
        "one hour in a sleep laboratory study of 12 healthy adults.",
        "url": "",
    },
    {
        "id": "glaciers",
        "title": "Alpine glaciers",
        "text": "Glaciers in the European Alps lost about half of their volume between 1931 and "
        "2016, according to a reconstruction from aerial photographs.",
        "url": "",
    },
]

CLAIMS = [
    {
        "id": "1",
        "claim": "Aspirin every other day reduced the risk of a first heart attack by 44 percent.",
        "label": "supported",
        "evidence_ids": ["aspirin"],
    },
    {
        "id": "2",
        "claim": "The eruption of Mount Tambora in 1815 killed about 7,000 people.",
        "label": "contradicted",
        "evidence_ids": ["tambora"],
    },
    {
        "id": "3",
        "claim": "The Kepler space telescope was launched by NASA in March 2009.",
        "label": "supported",
        "evidence_ids": ["kepler"],
    },
    {
        "id": "4",
        "claim": "Emperor penguins can fly at 40 kilometres per hour.",
        "label": "unverified",
        "evidence_ids": [],
    },
]


# the keys of `claimcheck eval --json`, in the order issue 4 gives them
EVAL_KEYS = [
    "dataset",
    "claims",
    "accuracy",
    "macro_f1",
    "per_label",
    "confusion",
    "recall_at_5",
    "decisive_precision",
    "coverage",
    "latency_ms",
    "ingest_seconds",
    "check_seconds",
]


def write_dataset(folder: Path, corpus=CORPUS, claims=CLAIMS, name="claims_dev.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in corpus))
    (folder / name).write_text("".join(json.dumps(c) + "\n" for c in claims))
    return folder


def test_metrics_by_hand():
    # gold S S C U, predicted S U S U: two right; two decisive predictions, one of them right
    m = compute_metrics([S, S, C, U], [S, U, S, U])
    assert m.accuracy == 0.5
    assert m.per_label[S].precision == 0.5 and m.per_label[S].recall == 0.5
    assert m.per_label[C].f1 == 0.0 and m.per_label[C].support == 1
    assert m.per_label[U].precision == 0.5 and m.per_label[U].recall == 1.0
    assert m.macro_f1 == pytest.approx((0.5 + 0.0 + 2 / 3) / 3)
    assert m.confusion[S] == {S: 1, C: 0, U: 1}
    assert m.confusion[C] == {S: 1, C: 0, U: 0}
    assert m.decisive_precision == 0.5 and m.coverage == 0.5


def test_macro_f1_counts_only_labels_that_occur():
    m = compute_metrics([S, C], [S, C])
    assert m.macro_f1 == 1.0 and m.per_label[U].support == 0
    assert compute_metrics([S, S], [S, U]).macro_f1 == pytest.approx((2 / 3 + 0.0) / 2)


def test_all_unverified_has_no_decisive_precision_but_zero_coverage():
    m = compute_metrics([S, C, U], [U, U, U])
    assert m.coverage == 0.0 and m.decisive_precision == 0.0
    assert m.accuracy == pytest.approx(1 / 3)


def _result(gold: GoldClaim, cited: list[str]) -> ClaimResult:
    evidence = tuple(
        Evidence(sid, "", "", None, Tier.PRIMARY, "q", 0, 1, Stance.SUPPORTS, 0.9) for sid in cited
    )
    return ClaimResult(claim_of(gold), S if cited else U, 0.5, "r", evidence)


def test_recall_at_5_counts_only_the_first_five_sources_and_claims_with_evidence():
    hit = GoldClaim("a", "x", S, ("e1",))
    sixth = GoldClaim("b", "x", S, ("e2",))
    cited = GoldClaim("c", "x", C, ("e3",))
    none = GoldClaim("d", "x", U, ())
    outcomes = [
        ClaimOutcome(hit, _result(hit, []), ("s1", "e1", "s3"), 0.01),
        ClaimOutcome(sixth, _result(sixth, []), ("s1", "s2", "s3", "s4", "s5", "e2"), 0.01),
        ClaimOutcome(cited, _result(cited, ["e3"]), ("e3",), 0.01),
        ClaimOutcome(none, _result(none, []), ("s1",), 0.01),
    ]
    assert recall_at(outcomes) == pytest.approx(2 / 3)
    assert recall_at([outcomes[-1]]) is None


def test_top_sources_put_cited_sources_first_without_repeats():
    gold = GoldClaim("a", "x", S, ("e1",))
    result = _result(gold, ["late", "late"])
    sids = ["s1", "s1", "late", "s2", "s3", "s4", "s5"]
    ranked = [
        RankedChunk(Chunk(f"c{i}", sid, 0, 0, 1, "x"), i, 1.0 / i)
        for i, sid in enumerate(sids, start=1)
    ]
    assert top_sources(result, ranked) == ("late", "s1", "s2", "s3", "s4")


def test_evaluate_tiny_dataset(tmp_path):
    folder = write_dataset(tmp_path / "tiny")
    checker = build_checker(Settings(store=tmp_path / "store"))
    result = evaluate_dataset(
        folder, checker.library, checker.retriever, checker.verifier, checker.top_k
    )
    out = result.to_json()
    assert list(out) == EVAL_KEYS
    assert out["dataset"] == "tiny" and out["claims"] == 4
    assert set(out["per_label"]) == {"supported", "contradicted", "unverified"}
    assert {k: v["support"] for k, v in out["per_label"].items()} == {
        "supported": 2,
        "contradicted": 1,
        "unverified": 1,
    }
    # the confusion rows are the gold labels; every claim is counted once
    assert {g: sum(row.values()) for g, row in out["confusion"].items()} == {
        "supported": 2,
        "contradicted": 1,
        "unverified": 1,
    }
    predicted = [o.predicted.value for o in result.outcomes]
    for label in ("supported", "contradicted", "unverified"):
        assert sum(row[label] for row in out["confusion"].values()) == predicted.count(label)
    assert out["accuracy"] == pytest.approx(
        sum(o.predicted is o.gold.label for o in result.outcomes) / 4, abs=1e-4
    )
    assert set(out["latency_ms"]) == {"p50", "p95"}
    assert 0 < out["latency_ms"]["p50"] <= out["latency_ms"]["p95"]

    # each record is a source under its own id; its location is its URL or a dataset:// name
    library = checker.library
    assert {s.id for s in library.sources()} == {r["id"] for r in CORPUS}
    assert library.get("bees").location == "https://example.org/bees"
    assert library.get("kepler").text == CORPUS[3]["text"]
    assert library.get("kepler").title == "The Kepler space telescope"

    # recall@5, recomputed here from the same retriever: cited sources first, then retrieved
    hits = []
    for o in result.outcomes:
        ranked = checker.retriever.retrieve(o.gold.claim, checker.top_k)
        assert o.top_sources == top_sources(o.result, ranked)
        if o.gold.evidence_ids:
            hits.append(bool(set(o.top_sources) & set(o.gold.evidence_ids)))
    assert out["recall_at_5"] == pytest.approx(sum(hits) / len(hits), abs=1e-4)
    # claims copied from a record find it
    assert result.outcomes[0].top_sources[0] == "aspirin"


def test_limit_and_claims_file(tmp_path):
    folder = write_dataset(tmp_path / "d", name="claims_test.jsonl")
    assert find_claims_file(folder) == folder / "claims_test.jsonl"
    (folder / "claims_dev.jsonl").write_text(json.dumps(CLAIMS[0]) + "\n")
    assert find_claims_file(folder) == folder / "claims_dev.jsonl"
    assert find_claims_file(folder, Path("claims_test.jsonl")) == folder / "claims_test.jsonl"
    checker = build_checker(Settings(store=tmp_path / "store"))
    result = evaluate_dataset(
        folder,
        checker.library,
        checker.retriever,
        checker.verifier,
        checker.top_k,
        claims_file=Path("claims_test.jsonl"),
        limit=2,
    )
    assert [o.gold.id for o in result.outcomes] == ["1", "2"]
    assert result.to_json()["claims"] == 2


def test_a_store_with_other_sources_is_refused(tmp_path):
    folder = write_dataset(tmp_path / "d")
    checker = build_checker(Settings(store=tmp_path / "store"))
    checker.library.add(Document("https://example.org/other", "Some other source text."))
    with pytest.raises(ConfigError, match="not records of this corpus"):
        evaluate_dataset(
            folder, checker.library, checker.retriever, checker.verifier, checker.top_k
        )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "1", "claim": "x", "label": "true", "evidence_ids": []}', "label 'true'"),
        ('{"id": "1", "label": "supported", "evidence_ids": []}', "missing or empty 'claim'"),
        ("not json", "not valid JSON"),
    ],
)
def test_bad_claims_lines_name_the_line(tmp_path, line, message):
    path = tmp_path / "claims.jsonl"
    path.write_text(json.dumps(CLAIMS[0]) + "\n" + line + "\n")
    with pytest.raises(ConfigError, match=message) as info:
        read_claims(path)
    assert f"{path}:2:" in str(info.value)


def test_scifact_slice(tmp_path, datasets):
    """Real data: 300 SciFact abstracts and the dev claims whose evidence is among them."""
    scifact = datasets / "scifact"
    corpus = [json.loads(line) for line in (scifact / "corpus.jsonl").open()]
    claims = [json.loads(line) for line in (scifact / "claims_dev.jsonl").open()]
    wanted = [c for c in claims if c["evidence_ids"]][:15]
    evidence = {e for c in wanted for e in c["evidence_ids"]}
    kept = [r for r in corpus if r["id"] in evidence]
    kept += [r for r in corpus if r["id"] not in evidence][: 300 - len(kept)]
    folder = write_dataset(tmp_path / "scifact-slice", kept, wanted)
    checker = build_checker(Settings(store=tmp_path / "store"))
    result = evaluate_dataset(
        folder, checker.library, checker.retriever, checker.verifier, checker.top_k
    )
    out = result.to_json()
    assert out["claims"] == 15
    assert result.sources == 300
    # SciFact claims paraphrase their abstracts: most of them find it among the first five
    assert out["recall_at_5"] >= 0.6


def test_jsonl_rows_are_typed_by_pydantic(tmp_path):
    """Numbers read as text, null optional fields as "", other keys ignored; the first bad
    line is named with its problem."""
    from checker.evaluate.verdicts import read_corpus

    path = tmp_path / "corpus.jsonl"
    path.write_text(
        '{"id": 7, "title": null, "text": "", "extra": [1]}\n\n'
        '{"id": "8", "title": "T", "text": "x", "url": "https://e.org"}\n'
    )
    records = read_corpus(path)
    assert [(r.id, r.title, r.url) for r in records] == [("7", "", ""), ("8", "T", "https://e.org")]
    path.write_text('{"id": "7", "title": "T"}\n')
    with pytest.raises(ConfigError, match=r"corpus.jsonl:1: missing or empty 'text'"):
        read_corpus(path)
    path.write_text("[1, 2]\n")
    with pytest.raises(ConfigError, match="expected a JSON object per line"):
        read_corpus(path)
