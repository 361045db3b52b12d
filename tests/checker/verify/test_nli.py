"""The NLI verifier (`nli:NAME_OR_PATH`) on tiny locally built cross-encoders: labels are read
from the model's own config, in any order and case, and its probabilities decide verdicts."""

from __future__ import annotations

import pytest

from checker.backends import make_verifier
from checker.models import Candidate, Claim, Stance, Verdict
from checker.retrieval.hybrid import HybridRetriever
from checker.settings import Settings
from checker.verify.nli import NLIVerifier, label_columns
from checker.verify.verification import check_claim
from ingest.errors import ConfigError, ModelLoadError

CLAIM = "Kestrel-3.5 was trained on 14.2 million documents."


def claim(text: str = CLAIM) -> Claim:
    return Claim(id="c1", text=text, start=0, end=len(text))


def verifier(spec: str) -> NLIVerifier:
    built = make_verifier(Settings(verifier=spec))
    assert isinstance(built, NLIVerifier)
    return built


def test_label_columns_follow_the_config_in_any_order_and_case():
    shuffled = label_columns({0: "contradiction", 1: "entailment", 2: "neutral"})
    assert shuffled == {Stance.CONTRADICTS: 0, Stance.SUPPORTS: 1, Stance.NEUTRAL: 2}
    upper = label_columns({"0": "ENTAILMENT", "1": "Neutral", "2": "CONTRADICTION"})
    assert upper == {Stance.SUPPORTS: 0, Stance.NEUTRAL: 1, Stance.CONTRADICTS: 2}
    two_way = label_columns({0: "entailment", 1: "not_entailment"})
    assert two_way == {Stance.SUPPORTS: 0, Stance.NEUTRAL: 1}


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        {0: "entailment", 1: "entailment", 2: "neutral"},
        {0: "entailment", 1: "contradiction"},
        {0: "yes", 1: "no", 2: "maybe"},
    ],
)
def test_unmappable_labels_are_refused_with_what_to_fix(id2label):
    with pytest.raises(ModelLoadError) as err:
        label_columns(id2label, "'my-model'")
    message = str(err.value)
    assert "'my-model'" in message and "id2label" in message and "entailment" in message


def test_the_model_config_decides_which_output_is_entailment(nli_model, kestrel_library):
    # The same output index (1) wins in both models; what it means comes from each config.
    entails = verifier(
        "nli:" + str(nli_model({0: "contradiction", 1: "entailment", 2: "neutral"}, 1))
    )
    contradicts = verifier(
        "nli:" + str(nli_model({0: "ENTAILMENT", 1: "CONTRADICTION", 2: "NEUTRAL"}, 1))
    )
    neutral = verifier(
        "nli:" + str(nli_model({0: "Contradiction", 1: "Neutral", 2: "Entailment"}, 1))
    )
    source = next(s for s in kestrel_library.sources() if s.location.endswith("/kestrel"))
    text = kestrel_library.get(source.id).text
    start = text.index("Kestrel-3.5 was trained")
    end = text.index("documents.") + len("documents.")
    cand = Candidate(source.id, "chunk", text[start:end], start, end, 1, 1.0)
    assert [j.stance for j in entails.judge(claim(), [cand, cand])] == [Stance.SUPPORTS] * 2
    assert contradicts.judge(claim(), [cand])[0].stance is Stance.CONTRADICTS
    assert neutral.judge(claim(), [cand])[0].stance is Stance.NEUTRAL
    only = entails.judge(claim(), [cand])[0]
    assert only.supports > 0.99
    assert abs(only.supports + only.contradicts + only.neutral - 1.0) < 1e-6
    assert entails.id.startswith("nli:") and entails.judge(claim(), []) == []


def test_nli_verdicts_cite_quotes_found_in_the_sources(nli_model, kestrel_library):
    entails = verifier(
        "nli:" + str(nli_model({0: "contradiction", 1: "entailment", 2: "neutral"}, 1))
    )
    result = check_claim(
        claim(), kestrel_library, HybridRetriever(kestrel_library), entails, top_k=4
    )
    assert result.verdict is Verdict.SUPPORTED
    assert result.evidence
    for ev in result.evidence:
        assert kestrel_library.get(ev.source_id).text[ev.start : ev.end] == ev.quote

    refutes = verifier(
        "nli:" + str(nli_model({0: "contradiction", 1: "entailment", 2: "neutral"}, 0))
    )
    result = check_claim(
        claim(), kestrel_library, HybridRetriever(kestrel_library), refutes, top_k=4
    )
    assert result.verdict is Verdict.CONTRADICTED


def test_a_model_without_nli_labels_gives_a_clear_error(nli_model):
    generic = nli_model(None, 1)  # transformers' default LABEL_0..2
    with pytest.raises(ModelLoadError, match="id2label"):
        verifier("nli:" + str(generic))
    single = nli_model(None, None, num_labels=1)
    with pytest.raises(ModelLoadError, match="not an NLI model"):
        verifier("nli:" + str(single))


def test_a_missing_local_model_names_the_folder_and_never_goes_online(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelLoadError) as err:
        verifier(f"nli:{missing}")
    assert str(missing) in str(err.value) and "save_pretrained" in str(err.value)
    with pytest.raises(ConfigError):
        make_verifier(Settings(verifier="nli:"))
