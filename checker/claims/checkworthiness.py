"""Check-worthiness: how likely a sentence states a checkable fact, in [0, 1].

The shipped model (data/checkworthy/) is all-MiniLM-L6-v2 fine-tuned end to end on the
ClaimBuster and CheckThat! 2019 sentences, with the LIAR-PLUS statements as extra check-worthy
ones (`scripts/train_checkworthy_encoder.py`): an int8 ONNX sentence classifier whose logit,
Platt-scaled, is the score. Fine-tuned, it ranks the sentences of a debate collection it never
saw better than a regression over the frozen MiniLM vector and words (BENCHMARKS.md).

The same `CheckworthinessModel` also scores the logistic regressions of
`scripts/train_checkworthy.py`, the baselines it is measured against: hashed words and
markers (below) and, optionally, the sentence's frozen MiniLM embedding (the project's int8
encoder, `ingest.minilm`). Weights live in a small `.npz` (no pickles); inference is the
feature function below, one sparse dot product, one dot product with the sentence vector and
the encoder's logit, each where the model has it.

Features are chosen to carry over from debates to news: word uni/bigrams with numbers
replaced by their shape (year, percentage, money, number), plus indicator tokens for numbers,
dates, named-entity-like capitalised words, reporting verbs, first/second person and opinion
markers, questions and length.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from ingest.artifacts import REBUILD, checked_manifest, data_path
from ingest.errors import ModelLoadError
from ingest.text import (
    FUNCTION_CAPS,
    MAGNITUDES,
    MONTH_NAMES,
    MONTHS,
    REPORTING_VERBS,
    leading_conjunctions_re,
    wordset,
)

FEATURE_VERSION = "cw-features-1"
N_FEATURES = 2**18
EMBEDDING_DIM = 384  # all-MiniLM-L6-v2
DEFAULT_DIR = data_path("checkworthy")
DEFAULT_MODEL = "model.npz"
ENCODER_MAX_TOKENS = 64  # word pieces a fine-tuned encoder reads of a sentence (p99 of debates)

_TOKEN = re.compile(r"\$|%|\?|!|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_MONTHS = frozenset(MONTHS)
_MAGNITUDES = MAGNITUDES
OPINION_WORDS = wordset(
    """think believe feel hope wish opinion probably maybe perhaps should must ought
    honestly frankly clearly obviously truly really great terrible wonderful awful best
    worst love hate want need agree disagree"""
)
FIRST_SINGULAR = wordset("i me my mine myself i'm i've i'll i'd")
FIRST_PLURAL = wordset("we us our ours ourselves we're we've we'll we'd")
SECOND_PERSON = wordset("you your yours yourself yourselves you're you've you'll you'd")
_COMPARATIVE = wordset(
    "more less fewer most least than largest biggest first last highest lowest record"
)
_FUNCTION_CAPS = FUNCTION_CAPS | wordset("Mr Mrs Ms Dr")


def _shape(token: str) -> str:
    if token[0].isdigit():
        if _YEAR.match(token):
            return "<year>"
        return "<num>"
    return token.lower()


def sentence_features(text: str) -> list[str]:
    """The feature strings of one sentence (hashed later): n-grams and indicator tokens."""
    raw = _TOKEN.findall(text)
    words = [_shape(t) for t in raw]
    feats: list[str] = []
    seq = ["<s>", *words, "</s>"]
    feats.extend(words)
    feats.extend(f"{a} {b}" for a, b in zip(seq, seq[1:], strict=False))

    lower = set(words)
    n_words = sum(1 for t in raw if t[0].isalnum())
    if "<num>" in lower or "<year>" in lower:
        feats.append("f:number")
    if "<year>" in lower:
        feats.append("f:year")
    if "%" in lower or "percent" in lower or "percentage" in lower:
        feats.append("f:percent")
    if "$" in lower or lower & {"dollars", "euros", "pounds"}:
        feats.append("f:money")
    if lower & _MAGNITUDES:
        feats.append("f:magnitude")
    if lower & _MONTHS and any(t[0].isdigit() for t in raw):
        feats.append("f:date")
    caps = sum(
        1
        for i, t in enumerate(raw)
        if i > 0 and t[0].isupper() and t not in _FUNCTION_CAPS and not t.isupper()
    )
    acronyms = sum(1 for t in raw if len(t) >= 2 and t.isupper() and t.isalpha() and t != "I")
    if caps:
        feats.append("f:cap" if caps < 3 else "f:caps3")
    if acronyms:
        feats.append("f:acronym")
    if lower & REPORTING_VERBS:
        feats.append("f:report")
    if lower & OPINION_WORDS:
        feats.append("f:opinion")
    if lower & FIRST_SINGULAR:
        feats.append("f:i")
    if lower & FIRST_PLURAL:
        feats.append("f:we")
    if lower & SECOND_PERSON:
        feats.append("f:you")
    if lower & _COMPARATIVE:
        feats.append("f:comparative")
    if any(len(w) > 4 and w.endswith("ed") for w in words):
        feats.append("f:past")
    if "?" in lower:
        feats.append("f:question")
    if "!" in lower:
        feats.append("f:exclaim")
    if any(q in text for q in ('"', "“", "”")):
        feats.append("f:quote")
    feats.append(f"f:len{min(int(math.log2(n_words + 1)), 6)}")
    return feats


def _analyzer(text: str) -> list[str]:
    return sentence_features(text)


def hashed(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(indices, values) of one sentence's features: exactly what scikit-learn's
    `HashingVectorizer(analyzer=_analyzer, n_features=N_FEATURES, alternate_sign=False,
    norm="l2")` makes of it (signed MurmurHash3 of each feature, its absolute value modulo
    N_FEATURES, counts, L2-normalised; tests/checker/claims/test_checkworthiness.py compares the
    two).
    Written here because importing scikit-learn costs 1-1.6 s, more than half of a cold
    `claimcheck check`; mmh3 is the same MurmurHash3 and comes with chromadb."""
    import mmh3

    counts: dict[int, float] = {}
    for feature in _analyzer(text):
        h = mmh3.hash(feature, 0, signed=True)
        index = (
            (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES if h == -(2**31) else abs(h) % N_FEATURES
        )
        counts[index] = counts.get(index, 0.0) + 1.0
    indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    norm = float(np.sqrt((values**2).sum()))
    return indices, values / norm if norm else values


def featurize(sentences: Iterable[str]):  # noqa: ANN201 - scipy sparse matrix
    """Sparse feature matrix (rows L2-normalised) for the sentences, for training."""
    from scipy.sparse import csr_matrix

    rows = [hashed(s) for s in sentences]
    indptr = np.cumsum([0, *(len(i) for i, _ in rows)])
    indices = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
    values = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    return csr_matrix((values.astype(np.float32), indices, indptr), shape=(len(rows), N_FEATURES))


def fingerprint(text: str) -> int:
    """A 32-bit fingerprint of a sentence's normalised words, to tell which were trained on."""
    import zlib

    norm = " ".join(re.findall(r"\w+", text.casefold()))
    return zlib.crc32(norm.encode("utf-8"))


@dataclass(frozen=True)
class CheckworthinessModel:
    """A logit summed from hashed features, the MiniLM vector and a fine-tuned encoder (each
    where the model has it), plus a bias; `threshold` was chosen by cross-validation."""

    weights: np.ndarray  # float32, shape (N_FEATURES,)
    bias: float
    threshold: float
    name: str = "checkworthy"
    train_files: tuple[str, ...] = ()
    train_fingerprints: np.ndarray | None = None  # sorted uint32
    info: str = "{}"  # JSON: CV metrics and how the model was built
    # weights over the MiniLM sentence vector (float32, 384), None for a hashed-only model
    embedding_weights: np.ndarray | None = None
    # a fine-tuned MiniLM that scores each sentence itself (int8 ONNX folder with its
    # manifest, scripts/train_checkworthy_encoder.py): its logit, times `encoder_scale`
    encoder: Path | None = None
    encoder_scale: float = 1.0

    def score(self, sentences: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Probability that each sentence is check-worthy, in [0, 1].

        `vectors`: the sentences' MiniLM embeddings when the caller has them already."""
        if len(sentences) == 0:
            return np.zeros(0, dtype=np.float64)
        z = np.zeros(len(sentences), dtype=np.float64)
        if self.reads_words:  # the shipped encoder model has none: no hashing on the hot path
            z += [float(v.astype(np.float32) @ self.weights[i]) for i, v in map(hashed, sentences)]
        if self.embedding_weights is not None:
            if vectors is None:
                vectors = sentence_vectors(sentences)
            z += np.asarray(vectors, dtype=np.float32) @ self.embedding_weights
        if self.encoder is not None:
            z += self.encoder_scale * encoder_logits(self.encoder, sentences)
        return 1.0 / (1.0 + np.exp(-(z + self.bias)))

    @cached_property
    def reads_words(self) -> bool:
        """Whether any hashed feature has a weight (a regression); computed once per model."""
        return bool(np.any(self.weights))

    def seen(self, sentences: Sequence[str]) -> np.ndarray:
        """Boolean mask: which sentences (normalised) were in this model's training data."""
        if self.train_fingerprints is None or len(self.train_fingerprints) == 0:
            return np.zeros(len(sentences), dtype=bool)
        fps = np.array([fingerprint(s) for s in sentences], dtype=np.uint32)
        return np.isin(fps, self.train_fingerprints)

    @property
    def metadata(self) -> dict:
        return json.loads(self.info)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fps = self.train_fingerprints
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=np.array(self.bias, dtype=np.float64),
            threshold=np.array(self.threshold, dtype=np.float64),
            n_features=np.array(N_FEATURES, dtype=np.int64),
            feature_version=np.array(FEATURE_VERSION),
            name=np.array(self.name),
            train_files=np.array(list(self.train_files), dtype=str),
            train_fingerprints=(
                np.zeros(0, dtype=np.uint32) if fps is None else np.asarray(fps, dtype=np.uint32)
            ),
            info=np.array(self.info),
            # the encoder's folder relative to the model file: the pair moves together
            encoder=np.array(
                "" if self.encoder is None else os.path.relpath(self.encoder, path.parent)
            ),
            encoder_scale=np.array(self.encoder_scale, dtype=np.float64),
            embedding_weights=(
                np.zeros(0, dtype=np.float32)
                if self.embedding_weights is None
                else self.embedding_weights.astype(np.float32)
            ),
        )

    @classmethod
    def load(cls, path: Path) -> CheckworthinessModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["feature_version"]) != FEATURE_VERSION:
                    raise ModelLoadError(
                        f"check-worthiness model {path} was built with features "
                        f"{data['feature_version']}, this code uses {FEATURE_VERSION}: "
                        f"{REBUILD}"
                    )
                if int(data["n_features"]) != N_FEATURES:
                    raise ModelLoadError(f"check-worthiness model {path} has the wrong size")
                return cls(
                    weights=data["weights"].astype(np.float32),
                    bias=float(data["bias"]),
                    threshold=float(data["threshold"]),
                    name=str(data["name"]),
                    train_files=tuple(str(f) for f in data["train_files"]),
                    train_fingerprints=np.sort(data["train_fingerprints"].astype(np.uint32)),
                    info=str(data["info"]),
                    embedding_weights=_embedding_weights(data, path),
                    encoder=_encoder_folder(data, path),
                    encoder_scale=(
                        float(data["encoder_scale"]) if "encoder_scale" in data.files else 1.0
                    ),
                )
        except ModelLoadError:
            raise
        except (OSError, KeyError, ValueError) as exc:
            raise ModelLoadError(f"cannot load check-worthiness model {path}: {exc}") from exc


def _embedding_weights(data, path: Path) -> np.ndarray | None:  # noqa: ANN001 - NpzFile
    if "embedding_weights" not in data.files or data["embedding_weights"].size == 0:
        return None  # a hashed-only model (saved before embeddings were used, or a test's)
    weights = data["embedding_weights"].astype(np.float32)
    if weights.shape != (EMBEDDING_DIM,):
        raise ModelLoadError(
            f"check-worthiness model {path} has embedding weights of the wrong size"
        )
    return weights


def _encoder_folder(data, path: Path) -> Path | None:  # noqa: ANN001 - NpzFile
    name = str(data["encoder"]) if "encoder" in data.files else ""
    if not name:
        return None
    folder = (path.parent / name).resolve()
    if not folder.is_dir():
        raise ModelLoadError(
            f"check-worthiness model {path} needs its encoder {folder}, which is missing; "
            "rebuild it with `make train`"
        )
    return folder


def normalise_sentence(text: str) -> str:
    """A sentence as the encoders read it, in training and at check time: whitespace runs
    made single spaces."""
    return " ".join(text.split())


@lru_cache(maxsize=4)
def _encoder(folder: str):  # noqa: ANN202 - ingest.minilm.OnnxEncoder
    from ingest.minilm import OnnxEncoder

    # the manifest's sha256s are checked before the model is read
    return OnnxEncoder(Path(folder), what="check-worthiness encoder")


def encoder_logits(folder: Path, sentences: Sequence[str]) -> np.ndarray:
    """The fine-tuned encoder's logit of each sentence."""
    texts = [normalise_sentence(s) for s in sentences]
    return (
        _encoder(str(folder)).logits(texts, max_tokens=ENCODER_MAX_TOKENS)[:, 0].astype(np.float64)
    )


def sentence_vectors(sentences: Sequence[str]) -> np.ndarray:
    """The sentences' all-MiniLM-L6-v2 embeddings, from the encoder the embedder shares."""
    from ingest.minilm import shared_encoder

    return shared_encoder().embed([normalise_sentence(s) for s in sentences])


def available_models(directory: Path = DEFAULT_DIR) -> list[Path]:
    """The model files shipped in `directory`, the default one first."""
    paths = sorted(directory.glob("*.npz"))
    return sorted(paths, key=lambda p: p.name != DEFAULT_MODEL)


@lru_cache(maxsize=4)
def _load_cached(path: str) -> CheckworthinessModel:
    return CheckworthinessModel.load(Path(path))


def load_default(path: Path | None = None) -> CheckworthinessModel:
    """The shipped model (trained on every check-worthiness file), loaded once per process;
    its file is checked against the folder's manifest (the encoder's, against its own)."""
    target = path or DEFAULT_DIR / DEFAULT_MODEL
    if not target.is_file():
        raise ModelLoadError(f"no check-worthiness model at {target}; {REBUILD}")
    if path is None:
        checked_manifest(DEFAULT_DIR, "check-worthiness model")
    return _load_cached(str(target.resolve()))


# --- Rules on top of the score -------------------------------------------------------------
# The classifier learnt from debates; these rules carry what debates cannot teach it about
# web articles: widget and navigation text, calls to action, and the anchors (numbers, dates,
# named actors, reported events) that make a news sentence checkable.

_ICON_GLUE = re.compile(r"^(?:[a-z]{4,}(?:_[a-z]+)*|[a-z]+(?:_[a-z]+)+)(?=[A-Z0-9])")
_NAVIGATION = re.compile(
    r"\b(?:share (?:this|on|via)|read (?:more|next|also|the full)|subscribe|sign (?:up|in)|"
    r"log ?in|newsletter|follow us|cookies?\b|advertisement|sponsored|all rights reserved|"
    r"click here|reading time|min(?:ute)?s? read|topic cluster|related (?:articles?|stories|"
    r"posts?|topics?)|back to top|skip to|privacy policy|terms of (?:use|service)|"
    r"copy link|leave a comment|comments? \(\d+\)|download (?:the|our) app|"
    r"(?:photo|image|video) (?:credit|source)|canonical:|permalink)",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+|www\.\S+")
_BYLINE = re.compile(r"^(?:by|written by|reporting by|edited by)\s+[A-Z]", re.IGNORECASE)
_CALL_TO_ACTION = wordset(
    """read subscribe share click sign join follow download watch get try learn discover see
    check give charge don't do let's find visit register buy order shop listen explore tap
    continue stay remember consider imagine keep grab start stop meet contact book save
    compare upgrade unlock claim enter"""
)
_LEADING_CONJ = leading_conjunctions_re()
_PROMOTIONAL = re.compile(
    r"\b(?:limited[- ]time|free trial|sign up today|buy now|% off|promo code|discount code|"
    r"exclusive offer|best deals?|don't miss|partner content|affiliate)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:(?:i|we)\s+(?:think|believe|feel|hope|guess|suspect|doubt)|in my (?:view|opinion)|"
    r"(?:you|we|they|developers|everyone) (?:should|must|ought to)|arguably|"
    r"the (?:take|lesson|takeaway|moral)\b|speaks volumes|"
    r"the (?:good|bad) guys?|"
    r"(?:it is|it's|it was) (?:hard|easy|difficult|impossible|tempting|fair) to (?:read|see|"
    r"imagine|argue|say|believe|think|know)|"
    r"(?:is|are|was|were) betting (?:that|on)|(?:seems?|seemed) to (?:me|us)|"
    r"one could argue|needless to say|make no mistake)",
    re.IGNORECASE,
)
_NUMBER_WORDS = re.compile(
    r"\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|twice|double|"
    r"triple|percent|per cent|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|thirds?|quarters?|doubled|tripled|halved|quadrupled)\b"
    # "One young patient died": a count that opens the sentence ("One of them" is not)
    r"|^\W*one\s+(?!of\b|day\b|thing\b|way\b|could\b|can\b|might\b|must\b|would\b)[a-z]",
    re.IGNORECASE,
)
# a ranking a source can confirm or deny: "the longest tram line in the country", "the
# second-largest", "the most downloaded" ("the best" is too often a judgement to count)
_SUPERLATIVE = re.compile(
    r"\b(?:the|its|their|[a-z]+['’]s)\s+(?:(?:second|third|fourth|fifth)-)?(?:largest|biggest|"
    r"longest|tallest|highest|lowest|smallest|oldest|newest|fastest|slowest|deadliest|busiest|"
    r"richest|poorest|worst|(?:most|least)\s+[a-z]{4,})\b",
    re.IGNORECASE,
)
_PRONOUN_OBJECT = re.compile(
    r"\b[a-z]+(?:ed|ing|s)? (?:it|this|that|them)(?: (?:openly|again|too|now|today|anyway))?"
    r"\W*$",
    re.IGNORECASE,
)
# a date relative to the day the article was written: it says when, not what or which day
_RELATIVE = r"yesterday|last (?:week|month|year)|this (?:week|month|year)"
_RELATIVE_DATE = re.compile(rf"\b(?:{_RELATIVE})\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:"
    + "|".join(m for m in MONTH_NAMES if m != "may")  # "may" is mostly the verb
    + r")\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    + _RELATIVE
    + r")\b",
    re.IGNORECASE,
)
AUXILIARIES = wordset(
    """is are was were be been being has have had will would can could may might must shall
    should did does do isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't
    couldn't didn't doesn't don't it's that's there's"""
)
IRREGULAR_PAST = wordset(
    """said told made took went came gave got grew fell rose won lost left sent kept held led
    paid sold bought built brought began became broke chose drew drove ate fought found flew
    forgot froze hid hit hurt knew laid lay let meant met put quit ran read rode rang saw sought
    set shook shot shut sang sank sat slept spent spoke stood stole stuck struck swore swept
    swam taught tore thought threw understood woke wore wrote withdrew overtook undertook
    outgrew cut cost spread bet burst fled dug hung lent slid spun sprang stung swung wept drank
    heard shone sped strode shrank dealt leapt knelt upheld withheld oversaw overran overcame
    underwent forbade forgave foresaw mistook misled outsold outran rebuilt rewrote resold blew
    clung crept bred"""
)  # not "split", "cast", "bid", "shed", "beat", "wound", "fed": as often nouns


def _strip_markup(text: str) -> str:
    return re.sub(r"[*_`]+", "", text).strip()


def is_glued_icon(text: str) -> bool:
    """Icon names rendered as words and glued to a label: 'check_circleThis', 'summarize3-'."""
    return bool(_ICON_GLUE.match(text.lstrip("-*• ")))


def is_finite_verb(word: str) -> bool:
    w = word.lower().replace("’", "'")
    return (
        w in AUXILIARIES
        or w in IRREGULAR_PAST
        or w in REPORTING_VERBS
        or (len(w) > 4 and w.endswith("ed") and not w.endswith("eed") and w.isalpha())
    )


def exclusion_reason(text: str, kind: str = "sentence") -> str | None:
    """Why a segment can never be a claim, or None. `kind` comes from ingest.sentences."""
    plain = _strip_markup(text)
    words = re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", plain)
    if kind in ("heading", "line"):
        return "heading"
    if is_glued_icon(text):
        return "widget"
    if _URL.search(plain) and len(_URL.sub("", plain).split()) < 6:
        return "navigation"
    if _BYLINE.match(plain) and len(words) <= 8:
        return "byline"
    if _NAVIGATION.search(plain) and len(words) <= 14:
        return "navigation"
    if plain.rstrip("\"'”’)] ").endswith("?"):
        return "question"
    if len(words) < 4:
        return "too short"
    if _PROMOTIONAL.search(plain):
        return "promotional"
    first = _LEADING_CONJ.sub("", plain).split(maxsplit=1)
    if first and first[0].lower().replace("’", "'").strip(",:") in _CALL_TO_ACTION:
        return "call to action"
    unpunctuated = not re.search(r"[.!;]\W*$", plain)
    if kind == "item" and unpunctuated and not any(is_finite_verb(w) for w in words[1:]):
        return "fragment"
    return None


@dataclass(frozen=True)
class Anchors:
    """What makes a sentence checkable against a source."""

    number: bool  # a figure, a fraction or a ranking ("the second-largest")
    date: bool
    actor: bool
    event: bool
    opinion: bool
    relative_date: bool = False  # the only date is one like "last month"
    # what was done is a pronoun that ends the sentence ("... is now running it openly"): the
    # sentence says what only with the one before it
    pronoun_object: bool = False


def anchors(text: str, proper_nouns: frozenset[str] = frozenset()) -> Anchors:
    """Numbers, dates, named actors, reported events and opinion markers of a sentence.

    `proper_nouns`: words seen capitalised inside sentences elsewhere in the article, so a
    sentence-initial name ("Alibaba ...") counts as an actor too.
    """
    plain = _strip_markup(text)
    raw = _TOKEN.findall(plain)
    number = (
        any(t[0].isdigit() for t in raw)
        or bool(_NUMBER_WORDS.search(plain))
        or bool(_SUPERLATIVE.search(plain))
    )
    date = bool(_DATE.search(plain))
    relative = date and not _DATE.search(_RELATIVE_DATE.sub(" ", plain))
    actor = False
    for i, t in enumerate(raw):
        if not t[0].isupper() or t in _FUNCTION_CAPS:
            continue
        base = re.sub(r"['’]s$", "", t)
        if i > 0 or base in proper_nouns:
            actor = True
            break
    words = [t.lower() for t in raw]
    event = any(is_finite_verb(w) and w not in AUXILIARIES for w in words) or any(
        a in ("has", "have", "had") and len(b) > 3 for a, b in zip(words, words[1:], strict=False)
    )
    return Anchors(
        number,
        date,
        actor,
        event,
        bool(_OPINION.search(plain)),
        relative,
        bool(_PRONOUN_OBJECT.search(plain)),
    )


def rule_score(model_score: float, a: Anchors) -> float:
    """The model's score raised by the anchors of a checkable statement, lowered by opinion."""
    keep = 1.0 - model_score
    # a date alone says when, not what: "The clearest signal came last month" names nothing
    # that a source could be asked about
    if a.number or (a.date and a.actor):
        keep *= 0.7
    if a.actor and a.event:
        keep *= 0.5
    elif a.actor or a.event:
        keep *= 0.85
    score = 1.0 - keep
    if a.opinion:
        score *= 0.5
    if a.pronoun_object and not (a.number or a.date):
        score *= 0.85
    if not (a.number or (a.date and not a.relative_date) or a.actor):
        # nothing named, counted or dated: "the business side is expanding"; "The clearest
        # signal came last month" dates nothing a source could be asked about either
        score *= 0.85
    return float(score)
