"""The verifiers on fixed pairs a careful editor would judge one way, and the MiniLM verifier's
artifact checks."""

from __future__ import annotations

import json
import shutil

import pytest

from checker.models import Candidate, Claim, Stance
from checker.verify.base import Verifier
from checker.verify.minilm import HEAD_DIR, HEAD_FILE, MiniLMVerifier, load_head
from ingest.errors import ModelLoadError


def judge(verifier: MiniLMVerifier, claim_text: str, quote: str):
    claim = Claim(id="c", text=claim_text, start=0, end=len(claim_text))
    cand = Candidate(
        source_id="s",
        chunk_id="k",
        quote=quote,
        start=0,
        end=len(quote),
        retrieval_rank=1,
        retrieval_score=1.0,
        sentence_score=0.5,
    )
    (judgement,) = verifier.judge(claim, [cand])
    assert judgement.supports + judgement.contradicts + judgement.neutral == pytest.approx(1.0)
    return judgement


@pytest.fixture(scope="module")
def verifier() -> MiniLMVerifier:
    return MiniLMVerifier()


def test_it_is_a_verifier_with_an_id_naming_its_artifact(verifier):
    assert isinstance(verifier, Verifier)
    manifest = json.loads((HEAD_DIR / "manifest.json").read_text())
    assert verifier.id == f"minilm-{manifest['files']['cross-encoder.onnx'][:8]}"
    assert 0.0 < verifier.threshold < 1.0


PAIRS = {
    # id: (claim, evidence sentence, the stance an editor gives)
    "paraphrase": (
        "Qwen3.6-Max was released only through an API, without its weights.",
        "Qwen3.6-Max is available only through the Alibaba Cloud API; its weights have not been "
        "released.",
        Stance.SUPPORTS,
    ),
    "denial": (
        "The core team behind Qwen was removed by Alibaba.",
        "No members of the Qwen core team were removed.",
        Stance.CONTRADICTS,
    ),
    "changed number": (
        "The harbour expansion will cost 38 million euros.",
        "The harbour expansion will cost 14 million euros.",
        Stance.CONTRADICTS,
    ),
    "unrelated": (
        "The harbour expansion will cost 38 million euros.",
        "The city library opens at nine on weekdays and closes at six.",
        Stance.NEUTRAL,
    ),
}
# Where a verifier is known to read a pair wrong today. Strict: the test fails the day the
# verifier gets it right, so this list only shrinks. See BENCHMARKS.md for the numbers.
KNOWN_WRONG = {
    ("minilm", "changed number"): "the cross-encoder outweighs the number clash",
    ("minilm", "unrelated"): "the cross-encoder leans to supports on unrelated sentences",
}


@pytest.fixture(scope="module")
def verifiers():
    from checker.verify.lexical import LexicalVerifier

    return {"lexical": LexicalVerifier(), "minilm": MiniLMVerifier()}


@pytest.mark.parametrize(
    "name, pair",
    [
        pytest.param(
            name,
            pair,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[(name, pair)])]
            if (name, pair) in KNOWN_WRONG
            else [],
        )
        for name in ("lexical", "minilm")
        for pair in PAIRS
    ],
)
def test_fixed_pairs_go_the_right_way(verifiers, name, pair):
    claim_text, quote, stance = PAIRS[pair]
    verifier = verifiers[name]
    j = judge(verifier, claim_text, quote)
    assert j.stance is stance, j
    if stance is not Stance.NEUTRAL:
        # decisive enough to decide a claim, not merely leaning
        assert max(j.supports, j.contradicts) >= getattr(verifier, "threshold", 0.5), j


def test_a_changed_figure_is_named_in_the_rationale(verifier):
    j = judge(
        verifier,
        "Qwen models were downloaded 150 million times between 2023 and 2025.",
        "Between 2023 and 2025, Qwen models were downloaded 90 million times.",
    )
    assert "number mismatch" in j.rationale and "150 million" in j.rationale


def test_a_tampered_head_is_refused_with_the_command_that_rebuilds_it(tmp_path):
    folder = tmp_path / "head"
    shutil.copytree(HEAD_DIR, folder)
    with (folder / HEAD_FILE).open("ab") as handle:
        handle.write(b"\0")
    load_head.cache_clear()
    with pytest.raises(ModelLoadError, match="does not match its recorded sha256.*make train"):
        MiniLMVerifier(head_dir=folder)


def test_a_missing_head_is_refused(tmp_path):
    with pytest.raises(ModelLoadError, match="missing or unreadable.*make train"):
        MiniLMVerifier(head_dir=tmp_path / "nothing-here")
