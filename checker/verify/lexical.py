"""The default verifier: word alignment, no model weights to download.

Two questions, answered apart:

1. Is the sentence about what the claim says (relevant)? A logistic regression over the
   direction-free relevance features of `checker.verify.features`, trained on the SciFact train
   split (`scripts/train_verifier.py`), applied here with numpy.
2. If relevant, does it say the same or the opposite? Only explicit mismatches decide: a
   clashing number or date, a negation on an aligned word, an antonym, a swapped name. Their
   weights are set by hand (see `checker.verify.features`), not learned from SciFact, whose
   contradicted claims are rewritten claims: there, low word overlap "predicts" contradiction,
   which would not carry over to other text.

With r the relevance probability, d the decisiveness (0 when the sentence states less than
COVERAGE_FLOOR of the claim's weighted words, 1 from COVERAGE_FULL: a related sentence is not
enough to decide), c the noisy-or of the mismatch weights, g the completeness (a sentence
without the claim's figures or names cannot support it), p the part reading (how surely the
sentence restates one part of a longer claim: most of its own words are in the claim), k
the noisy-or of the strong mismatches alone, f the figure reading times the number clashes
(`figure_reading`) and l a place in a league both name ("118th of the 122 acute trusts"
against "fourth-worst among the 122"):

    P(contradicts) = max(R c, p k, f, l),   P(supports) = min(R (1 - c) g w, 1 - P(contradicts)),
    P(neutral) = the rest,   with R = max(r d, s),

and P(supports) = 0 when the sentence has an explicit mismatch of weight 0.3 or more: a clash,
even a weak one ("less" against "more", weight 0.45), never supports; it leaves the claim
undecided (macro-F1 over single pairs with the product's 0.5 threshold, mean of the 11 sets
0.4152 -> 0.4156; SciFact train claims through the pipeline 0.4661 either way, decisive
precision 63.2% -> 63.4%).

s is the semantic reading: words are not the only way to say a thing ("closed" and "its
weights have not been released"), so a sentence whose meaning is close to the claim's counts
as decisive too. s = 0 below SEMANTIC_FLOOR of cosine similarity between the two sentences'
all-MiniLM-L6-v2 vectors (the project's int8 encoder, shared with retrieval), 1 from
SEMANTIC_FULL, and 0 for a sentence whose relevance r is under SEMANTIC_GATE (not embedded at
all). The direction still comes only from the explicit mismatches: meaning close plus a
clashing figure contradicts. The two bounds are the ones leave-one-dataset-out validation on
the 11 sets of ../shared/datasets/verification and SciFact train chooses on all of them
(bench/semantic_lodo.py: held-out mean macro-F1 0.437 against 0.429 without the reading;
BENCHMARKS.md); they were 0.5 / 1 until the choice moved to 0.6 / 0.85 (SciFact dev 0.424 ->
0.466 when the constants followed it).

w is the weakest link (lexical-v3): a claim is supported only when the sentence addresses every
one of its content words, in its own words or others. Each content word of the claim is matched
with its closest word piece in the sentence (cosine of the MiniLM token states, as BERTScore
does); the worst-matched word sets w = 0 below WEAKEST_FLOOR, 1 from WEAKEST_FULL, and only
supporting is scaled by it: "Within a week, the community launched OpenQwen" is not supported by
a sentence that says nothing of a week. A word the sentence's title, heading or the text just
before it states counts as addressed. WEAKEST_FLOOR and WEAKEST_FULL were chosen by the same
leave-one-dataset-out protocol (bench/semantic_lodo.py; BENCHMARKS.md).

A part that clashes contradicts the whole claim; only the whole claim covered supports it.

The two coverage bounds and the mismatch weights are set by hand (documented here and in
`checker.verify.features`), checked on the SciFact train split and on hand-made cases, never tuned
on a dev or test split.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from checker.models import Candidate, Claim, Judgement, judged_text
from checker.retrieval.evidence import context_of
from checker.text_utils import claim_core, profile, tokenize
from checker.verify.features import (
    AIM,
    DATA_DIR,
    REBUILD_HINT,
    RELEVANCE_FEATURES,
    Alignment,
    TermWeights,
    align,
    best_alignment,
    claim_profile,
    claim_profiles,
    contradiction_strength,
    load_term_weights,
    not_asserted,
    relevance_vector,
)
from ingest.errors import ModelLoadError

MODEL_FILE = DATA_DIR / "lexical-v1.json"
COVERAGE_FLOOR = 0.4
COVERAGE_FULL = 0.85
PART_FLOOR = 0.6  # share of the sentence's weighted words found in the claim: see part_reading
PART_FULL = 0.9
PART_MIN_TERMS = 3
FIGURE_FLOOR = 0.5  # share of what a clashing figure measures, named: see figure_reading
PART_CLASH = 0.6  # only mismatches at least this strong contradict a part
EXPLICIT_CLASH = 0.3  # a mismatch this strong is named in the reason and forbids supporting
SEMANTIC_FLOOR = 0.6  # cosine similarity of the MiniLM vectors: see the module docstring
SEMANTIC_FULL = 0.85
SEMANTIC_GATE = 0.1  # relevance under which a sentence is not embedded
WEAKEST_FLOOR = 0.25  # cosine of the claim's worst-matched word with the sentence: weakest_link
WEAKEST_FULL = 0.45
NOT_ASSERTED_CAP = 0.3  # a sentence that asks or states an aim: related, never decisive
TOPIC_WORDS = 1  # words of the article's headline a source sentence may lean on: _with_topic
READINGS_KEPT = 5_000  # sentences whose MiniLM reading a verifier keeps (a long-running server)


@dataclass(frozen=True)
class LinearModel:
    """A standardised logistic regression: sigmoid(((x - mean) / scale) . coef + intercept)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def predict(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            coef=np.asarray(data["coef"], dtype=float),
            intercept=float(data["intercept"]),
        )


@dataclass(frozen=True)
class Reading:
    """A sentence as the MiniLM encoder reads it: its sentence vector, and the normalised
    states of its word pieces ([CLS] and [SEP] left out) with the whole word of each piece and
    that word's stem when it is a content word (None for stop words, numbers, punctuation)."""

    vector: np.ndarray
    tokens: np.ndarray
    stems: tuple[str | None, ...]
    words: tuple[str, ...]


@lru_cache(maxsize=50_000)
def _content_stem(word: str) -> str | None:
    """The stem of a word if it is a content word (the tokenizer's own rule), else None."""
    tokens = [t for t in tokenize(word) if t.is_content]
    return tokens[0].stem if tokens else None


def reading_of(states: np.ndarray, pieces: Sequence[str]) -> Reading:
    """A Reading from the encoder's hidden states of one text and its word pieces."""
    mean = states.mean(axis=0)
    vector = mean / (np.linalg.norm(mean) or 1.0)
    keep = [i for i, p in enumerate(pieces) if p not in ("[CLS]", "[SEP]", "[PAD]")]
    per_piece: list[str] = []  # the whole word each kept piece belongs to
    for n, i in enumerate(keep):
        if n and pieces[i].startswith("##"):
            per_piece.append(per_piece[-1])
            continue
        word, j = pieces[i].removeprefix("##"), i + 1
        while j < len(pieces) and pieces[j].startswith("##"):
            word += pieces[j][2:]
            j += 1
        per_piece.append(word)
    tokens = states[keep] if keep else np.zeros((0, states.shape[1]), dtype=np.float32)
    norms = np.linalg.norm(tokens, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return Reading(
        vector=vector.astype(np.float32),
        tokens=(tokens / norms).astype(np.float16),
        stems=tuple(_content_stem(word) for word in per_piece),
        words=tuple(per_piece),
    )


def weakest_word(
    claim: Reading, sentence: Reading, stated: frozenset[str] = frozenset()
) -> tuple[float, str]:
    """(cosine, word) of the claim's content word worst matched in the sentence: each of the
    claim's content pieces takes its best cosine with any piece of the sentence, a word its
    best piece. Words whose stem is in `stated` (the sentence's title, heading, the text before
    it) are addressed already. (1.0, "") when nothing is left to match."""
    rows = [i for i, st in enumerate(claim.stems) if st is not None and st not in stated]
    if not rows or len(sentence.tokens) == 0:
        return (1.0, "") if not rows else (0.0, claim.words[rows[0]])
    best = (claim.tokens[rows].astype(np.float32) @ sentence.tokens.astype(np.float32).T).max(1)
    per_word: dict[str, float] = {}
    for i, b in zip(rows, best, strict=True):
        per_word[claim.words[i]] = max(per_word.get(claim.words[i], -1.0), float(b))
    word = min(per_word, key=per_word.__getitem__)
    return per_word[word], word


def weakest_link(cosine: float | None) -> float:
    """1 when every content word of the claim is matched in the sentence, 0 when one is not:
    0 below WEAKEST_FLOOR of the worst word's cosine, 1 from WEAKEST_FULL (None: not read)."""
    if cosine is None:
        return 1.0
    return min(1.0, max(0.0, (cosine - WEAKEST_FLOOR) / (WEAKEST_FULL - WEAKEST_FLOOR)))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> LinearModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        model = LinearModel.from_json(data["relevance"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(
            f"cannot read the verifier model {path}: {exc}; {REBUILD_HINT}"
        ) from exc
    if model.features != RELEVANCE_FEATURES:
        raise ModelLoadError(
            f"the verifier model {path} was trained on other features than this version "
            f"computes; {REBUILD_HINT}"
        )
    return model


def sentence_ranks(candidates: Sequence[Candidate]) -> tuple[list[int], list[float]]:
    """1-based rank of each candidate by sentence score, and its score / the best score."""
    order = sorted(range(len(candidates)), key=lambda i: -candidates[i].sentence_score)
    ranks = [0] * len(candidates)
    for rank, i in enumerate(order, start=1):
        ranks[i] = rank
    best = max((c.sentence_score for c in candidates), default=0.0)
    ratios = [c.sentence_score / best if best > 0 else 0.0 for c in candidates]
    return ranks, ratios


def featurize(
    claim: Claim, candidates: Sequence[Candidate], weights: TermWeights
) -> tuple[list[Alignment], np.ndarray]:
    """Alignments and relevance feature rows of each candidate (shared with training)."""
    claim_profs = claim_profiles(claim.text, claim.query)
    ranks, ratios = sentence_ranks(candidates)
    alignments: list[Alignment] = []
    rows: list[list[float]] = []
    for cand, rank, ratio in zip(candidates, ranks, ratios, strict=True):
        context, preceding = context_of(cand)
        a = best_alignment(
            claim_profs, profile(judged_text(cand)), weights, profile(context), profile(preceding)
        )
        alignments.append(a)
        rows.append(relevance_vector(a, cand.retrieval_rank, cand.retrieval_score, rank, ratio))
    matrix = np.asarray(rows, dtype=float).reshape(len(rows), len(RELEVANCE_FEATURES))
    return alignments, matrix


def completeness(a: Alignment) -> float:
    """How much of what the claim pins down (numbers, dates, names) the sentence states: a
    sentence without the claim's figure or name cannot support it, however related."""
    return 0.25**a.missing_figures * 0.6**a.missing_dates * (1.0 - 0.5 * a.entities_missing)


def decisiveness(a: Alignment) -> float:
    """A sentence decides a claim (either way) only when it states nearly all of the claim's
    words: 0 below COVERAGE_FLOOR of the claim's weighted words, 1 from COVERAGE_FULL."""
    return min(1.0, max(0.0, (a.coverage - COVERAGE_FLOOR) / (COVERAGE_FULL - COVERAGE_FLOOR)))


def part_reading(a: Alignment) -> float:
    """How surely the sentence restates one part of the claim: 0 below PART_FLOOR of the
    sentence's weighted words found in the claim, 1 from PART_FULL. A long article sentence
    packs several facts; a source sentence that states one of them, and clashes with it,
    contradicts the claim however little of the rest it covers ("No members of the core team
    were removed" against "... quietly removed the entire core team behind Qwen, the world's
    most downloaded model family, in early 2026"). Supporting still needs the whole claim."""
    if a.sentence_terms < PART_MIN_TERMS:
        return 0.0
    return min(1.0, max(0.0, (a.precision - PART_FLOOR) / (PART_FULL - PART_FLOOR)))


def figure_reading(a: Alignment) -> float:
    """How surely the sentence states what a clashing figure of the claim measures, with
    another value: 0 below FIGURE_FLOOR of the words before the figure named, 1 at all of them
    (`features._figure_cover`). "Reports of phishing calls had doubled" is contradicted by a
    sentence on those reports that gives a 50 per cent rise, however little of the rest of the
    claim (when, since what) it states."""
    return min(1.0, max(0.0, (a.figure_cover - FIGURE_FLOOR) / (1.0 - FIGURE_FLOOR)))


def semantic_reading(similarity: float | None) -> float:
    """How surely the sentence says what the claim says in other words: 0 below
    SEMANTIC_FLOOR of cosine similarity, 1 from SEMANTIC_FULL (None: not measured)."""
    if similarity is None:
        return 0.0
    return min(1.0, max(0.0, (similarity - SEMANTIC_FLOOR) / (SEMANTIC_FULL - SEMANTIC_FLOOR)))


def combine(
    relevance: float,
    a: Alignment,
    own: Alignment | None = None,
    similarity: float | None = None,
    weakest: tuple[float, str] | None = None,
) -> Judgement:
    """The judgement of one candidate from its relevance probability and its mismatches.

    `own` is the sentence aligned with the claim's own words (when the claim was made
    self-contained with its context): a part is only read in what the claim itself says, never
    in the context added to it. `similarity`: the cosine of the two sentences' MiniLM vectors;
    `weakest`: the cosine and word of the claim's worst-matched content word (`weakest_word`);
    both None when not measured."""
    c = contradiction_strength(a.mismatches)
    lexical = min(max(relevance, 0.0), 1.0) * decisiveness(a)
    semantic = semantic_reading(similarity)
    r = max(lexical, semantic)
    w = weakest_link(weakest[0] if weakest else None)
    g = completeness(a) * w
    parts = [f"relevance {relevance:.2f}, covers {a.coverage:.0%} of the claim's key words"]
    if semantic > lexical:
        parts.append(f"close in meaning (similarity {similarity:.2f})")
    if weakest and w < 0.5 and r * (1.0 - c) >= 0.25:
        parts.append(f"says nothing matching the claim's word '{weakest[1]}'")
    strong = [m for m in a.mismatches if m.weight >= EXPLICIT_CLASH]
    if strong:
        parts.append("; ".join(f"{m.kind} mismatch ({m.detail})" for m in strong[:3]))
    elif a.numbers_missing > 0 or a.entities_missing > 0 or a.missing_figures > 0:
        parts.append("some figures or names of the claim are missing")
    elif a.numbers_agree > 0:
        parts.append("same figures")
    # a sentence in which an explicit clash is found never supports the claim: a weak clash
    # ("more" against "less", weight under one half) leaves it undecided, not supported
    supports = 0.0 if strong else r * (1.0 - c) * g
    part = own or a
    clash = contradiction_strength([m for m in part.mismatches if m.weight >= PART_CLASH])
    figures = contradiction_strength([m for m in part.mismatches if m.kind == "number"])
    # a place in a league both name ("118th of the 122 acute trusts") is as plain as a figure
    # with all it measures: it decides however little else of the claim the sentence says
    placed = contradiction_strength([m for m in part.mismatches if m.kind == "position"])
    # so is the way a figure both state moved, in the sentence's own bracket of the year before
    # ("32 per cent ... (2024: 35 per cent)" against "up"), as surely as the sentence is related
    related = max(min(max(relevance, 0.0), 1.0), semantic)
    moved = related * contradiction_strength([m for m in part.mismatches if m.kind == "direction"])
    contradicts = max(
        r * c, part_reading(part) * clash, figure_reading(part) * figures, placed, moved
    )
    if contradicts > r * c and contradicts >= EXPLICIT_CLASH:
        # decided by the part it restates: say so, before its low relevance to the whole claim
        parts.insert(1, "states one part of the claim")
    supports = min(supports, 1.0 - contradicts)
    return Judgement(
        supports=supports,
        contradicts=contradicts,
        neutral=max(0.0, 1.0 - supports - contradicts),
        rationale="; ".join(parts),
        related=related,
    )


# a claim that itself states an aim or a plan ("The university is aiming to save £35m a year
# by 2027") is answered by the sentence that states the aim
_CLAIMS_AIM = re.compile(
    r"\b(?:aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|target(?:s|ed|ing)?|intend(?:s|ed|ing)?|"
    r"seek(?:s|ing)?|goal|wants? to|hopes? to|propos(?:es|ed|al|als))\b",
    re.IGNORECASE,
)


def unasserted_for(quote: str, claim_text: str) -> str:
    """Why `quote` asserts nothing that could decide the claim (`features.not_asserted`), or
    "": an aim answers a claim that states an aim."""
    why = not_asserted(quote)
    return "" if why == AIM and _CLAIMS_AIM.search(claim_text) else why


def unless_unasserted(judgement: Judgement, quote: str, claim_text: str = "") -> Judgement:
    """`judgement`, but never decisive when its sentence asserts nothing
    (`features.not_asserted`: a question, an aim, a method): then it is only related, unless
    the claim states an aim too. Read only where it would decide, so the check path pays for
    it a few times per claim."""
    if max(judgement.supports, judgement.contradicts) <= NOT_ASSERTED_CAP:
        return judgement
    why = unasserted_for(quote, claim_text)
    if not why:
        return judgement
    supports = min(judgement.supports, NOT_ASSERTED_CAP)
    contradicts = min(judgement.contradicts, NOT_ASSERTED_CAP)
    return replace(
        judgement,
        supports=supports,
        contradicts=contradicts,
        neutral=max(0.0, 1.0 - supports - contradicts),
        rationale=f"{judgement.rationale}; the sentence {why}",
    )


def _with_topic(
    part: Alignment, claim: Claim, candidate: Candidate, weights: TermWeights
) -> Alignment:
    """`part` with its precision read against the claim's words and the article's headline
    (`Claim.topic`): a source sentence that names what the article is about ("No patient with
    measles has died at the hospital", in an article headed "Measles outbreak ...") restates
    the claim's part no less than one that leaves it implicit. The headline may lend one word
    (TOPIC_WORDS): a sentence that takes more from it restates the headline, not the claim
    ("No members of the Qwen core team were removed" is no part of "Qwen was developed by
    Alibaba's Tongyi Lab" in an article headed "Alibaba removes Qwen core team"). Only the
    part reading uses it; its clash still comes from the claim's own words."""
    sentence = profile(judged_text(candidate))
    lent = sentence.term_set - claim_profile(claim.text).term_set
    framed = claim_profile(f"{claim.text} {claim.topic}")
    if not lent or len(lent) > TOPIC_WORDS or not lent <= framed.term_set:
        return part
    precision = align(framed, sentence, weights).precision
    return replace(part, precision=max(part.precision, precision))


class LexicalVerifier:
    """Relevance from a small trained model and the sentences' meaning, direction from explicit
    mismatches (lexical-v2). `semantic=False` reads words only (lexical-v1); `weakest=True`
    adds the weakest link (lexical-v3, `--verifier lexical-strict`)."""

    def __init__(
        self,
        model_path: Path | None = None,
        weights: TermWeights | None = None,
        semantic: bool = True,
        weakest: bool = False,
    ) -> None:
        self.model = load_model(model_path or MODEL_FILE)
        self.weights = weights or load_term_weights()
        self.semantic = semantic
        self.weakest = semantic and weakest
        self.id = "lexical-v3" if self.weakest else "lexical-v2" if semantic else "lexical-v1"
        self._readings: dict[str, Reading] = {}  # sentence -> its MiniLM reading, per process

    def readings(self, texts: Sequence[str]) -> list[Reading]:
        """The MiniLM reading of each text, kept per sentence: the claims of one article meet
        the same source sentences again and again."""
        from ingest.minilm import shared_encoder

        texts = [" ".join(t.split()) for t in texts]
        missing = list(dict.fromkeys(t for t in texts if t not in self._readings))
        if missing:
            states = shared_encoder().token_states(missing)
            for text, (hidden, pieces) in zip(missing, states, strict=True):
                self._readings[text] = reading_of(hidden, pieces)
        found = [self._readings[t] for t in texts]
        if len(self._readings) > READINGS_KEPT:  # a long-running server: bounded memory
            self._readings = dict(zip(texts, found, strict=True))
        return found

    def similarities(self, claim: Claim, quotes: Sequence[str]) -> np.ndarray:
        """Cosine of the claim's MiniLM vector with each quote's: the better of the claim's two
        readings, made self-contained and as written. The self-contained one brings the
        article's subject ("Veldmark Energy: The company also said its net loss narrowed ..."),
        which a source sentence need not repeat; the one as written lacks what its pronouns
        stand for. Read without their reporting frame (`claim_core`) both did worse: the
        leave-one-dataset-out mean for lexical-v2 fell from 0.439 to 0.431."""
        texts = list(dict.fromkeys((claim.search_text, claim.text)))
        # one batch with the quotes: the int8 encoder quantizes each batch as a whole, so a
        # sentence read in another batch reads slightly otherwise
        found = self.readings([*texts, *quotes])
        claims, rest = found[: len(texts)], found[len(texts) :]
        if not rest:
            return np.zeros(0)
        return (np.stack([r.vector for r in rest]) @ np.stack([c.vector for c in claims]).T).max(1)

    def weakest_words(
        self, claim: Claim, candidates: Sequence[Candidate]
    ) -> list[tuple[float, str]]:
        """`weakest_word` of each candidate, for the better of the claim's two readings (as
        written, and made self-contained)."""
        texts = list(dict.fromkeys([claim.search_text, claim.text]))
        claims = self.readings(texts)
        sentences = self.readings([judged_text(c) for c in candidates])
        # who said it and when ("..., the company said on Thursday") is not what was said
        frame = profile(claim.text).all_stems - profile(claim_core(claim.text)).all_stems
        out = []
        for cand, sentence in zip(candidates, sentences, strict=True):
            context, preceding = context_of(cand)
            stated = profile(context).all_stems | profile(preceding).all_stems | frame
            out.append(max(weakest_word(c, sentence, stated) for c in claims))
        return out

    @classmethod
    def load_default(cls, weakest: bool = False) -> LexicalVerifier:
        """The verifier with the model and word weights shipped in data/verifier/."""
        return cls(weakest=weakest)

    def relevance(self, claim: Claim, candidates: Sequence[Candidate]) -> np.ndarray:
        _, rows = featurize(claim, candidates, self.weights)
        return self.model.predict(rows)

    def judge(self, claim: Claim, candidates: Sequence[Candidate]) -> list[Judgement]:
        if not candidates:
            return []
        alignments, rows = featurize(claim, candidates, self.weights)
        probs = self.model.predict(rows)
        own: list[Alignment | None] = [None] * len(candidates)
        if len(claim_profiles(claim.text, claim.query)) > 1:
            (alone,) = claim_profiles(claim.text)
            own = [align(alone, profile(judged_text(c)), self.weights) for c in candidates]
        if claim.topic:
            own = [
                _with_topic(o or a, claim, c, self.weights)
                for o, a, c in zip(own, alignments, candidates, strict=True)
            ]
        similar: list[float | None] = [None] * len(candidates)
        weakest: list[tuple[float, str] | None] = [None] * len(candidates)
        read = [i for i, p in enumerate(probs) if self.semantic and p >= SEMANTIC_GATE]
        if read:
            cosines = self.similarities(claim, [judged_text(candidates[i]) for i in read])
            for i, cosine in zip(read, cosines, strict=True):
                similar[i] = float(cosine)
        if read and self.weakest:
            words = self.weakest_words(claim, [candidates[i] for i in read])
            for i, found in zip(read, words, strict=True):
                weakest[i] = found
        return [
            unless_unasserted(combine(float(p), a, o, s, w), c.quote, claim.text)
            for p, a, o, s, w, c in zip(
                probs, alignments, own, similar, weakest, candidates, strict=True
            )
        ]
