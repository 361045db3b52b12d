"""`claimcheck eval`: how good the checker is on a labelled verification dataset.

A dataset folder (format of `../shared/datasets/README.md`) holds `corpus.jsonl` (one source per
line: id, title, text, url) and `claims*.jsonl` (id, claim, label, evidence_ids). The corpus is
ingested into a store of its own, each record a source whose id is the record's id; each claim
text is then checked directly (no claim extraction) with the configured retriever and verifier,
and the verdicts are scored against the gold labels.

Metrics:
- `accuracy`, `macro_f1` (over the verdicts that occur in the gold labels or the
  predictions), `per_label` precision/recall/F1/support and
  the `confusion` counts (gold -> predicted).
- `recall_at_5`: among claims with gold evidence ids, the share whose first five sources (the
  cited ones first, in the order cited, then the retrieved ones in fused rank order) include
  one of them.
- `decisive_precision`: precision over the claims given supported or contradicted (0 when
  none is); `coverage`: the share of claims given one of those two.
- `latency_ms`: p50/p95 of the time to check one claim (retrieval, evidence, verdict);
  `ingest_seconds` covers storing the corpus and building its keyword index,
  `check_seconds` the checking of every claim.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
from pydantic import BeforeValidator, ConfigDict
from pydantic.dataclasses import dataclass as pydantic_dataclass

from checker.evaluate.jsonl import Optional, Required, read_jsonl
from checker.models import Claim, ClaimResult, Span, Verdict
from checker.retrieval.hybrid import RankedChunk, Retriever
from ingest.errors import ConfigError
from ingest.library import Library
from ingest.models import Document, Tier

LABELS: tuple[Verdict, ...] = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIED)
DECISIVE = frozenset({Verdict.SUPPORTED, Verdict.CONTRADICTED})
RECALL_AT = 5
INGEST_BATCH = 500

# progress(stage, done, total): stages "ingesting corpus", "indexing", "checking claims"
Progress = Callable[[str, int, int], None]


# a row of corpus.jsonl and of claims*.jsonl, read by pydantic (checker/evaluate/jsonl.py); other
# keys are ignored, and numbers are read as text (ids are often numbers)
_ROW = ConfigDict(coerce_numbers_to_str=True, extra="ignore")


@pydantic_dataclass(frozen=True, config=_ROW)
class CorpusRecord:
    id: Required
    title: Optional
    text: str
    url: Optional = ""


@pydantic_dataclass(frozen=True, config=_ROW)
class GoldClaim:
    id: Required
    claim: Required
    label: Verdict
    evidence_ids: Annotated[tuple[str, ...], BeforeValidator(lambda v: () if v is None else v)] = ()


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Metrics:
    accuracy: float
    macro_f1: float
    per_label: dict[Verdict, LabelScores]
    confusion: dict[Verdict, dict[Verdict, int]]
    decisive_precision: float
    coverage: float


@dataclass(frozen=True)
class ClaimOutcome:
    """One checked claim: its gold record, the result, the first sources and the time taken."""

    gold: GoldClaim
    result: ClaimResult
    top_sources: tuple[str, ...]
    seconds: float

    @property
    def predicted(self) -> Verdict:
        return self.result.verdict


@dataclass(frozen=True)
class EvalResult:
    dataset: str
    claims_file: str
    outcomes: tuple[ClaimOutcome, ...]
    metrics: Metrics
    recall_at_5: float | None
    ingest_seconds: float
    check_seconds: float
    sources: int
    chunks: int

    def latency_ms(self) -> dict[str, float]:
        return latency_percentiles([o.seconds for o in self.outcomes])

    def to_json(self) -> dict[str, object]:
        """The object `claimcheck eval --json` prints, with exactly the documented keys."""
        m = self.metrics
        return {
            "dataset": self.dataset,
            "claims": len(self.outcomes),
            "accuracy": _r(m.accuracy),
            "macro_f1": _r(m.macro_f1),
            "per_label": {
                label.value: {
                    "precision": _r(s.precision),
                    "recall": _r(s.recall),
                    "f1": _r(s.f1),
                    "support": s.support,
                }
                for label, s in m.per_label.items()
            },
            "confusion": {
                gold.value: {pred.value: n for pred, n in row.items()}
                for gold, row in m.confusion.items()
            },
            "recall_at_5": None if self.recall_at_5 is None else _r(self.recall_at_5),
            "decisive_precision": _r(m.decisive_precision),
            "coverage": _r(m.coverage),
            "latency_ms": self.latency_ms(),
            "ingest_seconds": round(self.ingest_seconds, 3),
            "check_seconds": round(self.check_seconds, 3),
        }


def _r(value: float) -> float:
    return round(float(value), 4)


# -- reading the dataset ------------------------------------------------------------------------


def read_corpus(path: Path) -> list[CorpusRecord]:
    """The records of a corpus.jsonl; ids must be unique."""
    records: list[CorpusRecord] = []
    seen: set[str] = set()
    for number, record in read_jsonl(path, CorpusRecord):
        if record.id in seen:
            raise ConfigError(f"{path}:{number}: the id {record.id!r} is used twice")
        seen.add(record.id)
        records.append(record)
    if not records:
        raise ConfigError(f"{path}: the corpus is empty")
    return records


def read_claims(path: Path) -> list[GoldClaim]:
    """The labelled claims of a claims*.jsonl."""
    claims = [claim for _, claim in read_jsonl(path, GoldClaim)]
    if not claims:
        raise ConfigError(f"{path}: no claims in the file")
    return claims


def find_claims_file(dataset_dir: Path, claims: Path | None = None) -> Path:
    """The claims file: the one given (absolute, or relative to here or to the dataset folder),
    else claims_dev.jsonl when present, else the first claims*.jsonl by name."""
    if claims is not None:
        for candidate in (claims, dataset_dir / claims):
            if candidate.is_file():
                return candidate
        raise ConfigError(f"claims file not found: {claims}")
    dev = dataset_dir / "claims_dev.jsonl"
    if dev.is_file():
        return dev
    found = sorted(dataset_dir.glob("claims*.jsonl"))
    if not found:
        raise ConfigError(f"{dataset_dir}: no claims*.jsonl in the dataset folder")
    return found[0]


def corpus_file(dataset_dir: Path) -> Path:
    if not dataset_dir.is_dir():
        raise ConfigError(f"{dataset_dir}: not a dataset folder")
    path = dataset_dir / "corpus.jsonl"
    if not path.is_file():
        raise ConfigError(f"{dataset_dir}: no corpus.jsonl in the dataset folder")
    return path


# -- ingest ---------------------------------------------------------------------------------------


def record_documents(dataset: str, records: Sequence[CorpusRecord]) -> list[Document]:
    """One Document per record: its URL when it has a unique one, else `dataset://NAME/ID`."""
    counts: dict[str, int] = {}
    for r in records:
        if r.url:
            counts[r.url] = counts.get(r.url, 0) + 1
    return [
        Document(
            location=r.url if r.url and counts[r.url] == 1 else f"dataset://{dataset}/{r.id}",
            text=r.text,
            title=r.title,
        )
        for r in records
    ]


def ingest_corpus(
    library: Library,
    dataset: str,
    records: Sequence[CorpusRecord],
    progress: Progress | None = None,
    batch: int = INGEST_BATCH,
) -> None:
    """Store every record as a source whose id is the record's id, then build the BM25 index.

    A store already holding other sources is refused: they would take part in the evaluation.
    Records already stored unchanged are left as they are (a kept --store is reused).
    """
    wanted = {r.id for r in records}
    others = [s.id for s in library.sources() if s.id not in wanted]
    if others:
        raise ConfigError(
            f"the store {library.store_dir} holds {len(others)} sources that are not records of "
            "this corpus: give an empty or new --store folder"
        )
    documents = record_documents(dataset, records)
    total = len(records)
    if progress:
        progress("ingesting corpus", 0, total)
    for start in range(0, total, batch):
        part = records[start : start + batch]
        library.add_many(
            documents[start : start + batch], Tier.PRIMARY, source_ids=[r.id for r in part]
        )
        if progress:
            progress("ingesting corpus", min(total, start + batch), total)
    if progress:
        progress("indexing", 0, 1)
    library.refresh_keyword_index()
    if progress:
        progress("indexing", 1, 1)


# -- checking -------------------------------------------------------------------------------------


class RecordingRetriever:
    """A retriever that remembers its last ranking (to score retrieval without retrieving twice)."""

    def __init__(self, inner: Retriever) -> None:
        self.inner = inner
        self.last: list[RankedChunk] = []

    def retrieve(self, query: str, k: int) -> list[RankedChunk]:
        self.last = self.inner.retrieve(query, k)
        return self.last


def claim_of(gold: GoldClaim) -> Claim:
    """The claim as the checker sees it: the whole text, nothing extracted."""
    text = gold.claim
    return Claim(
        id=gold.id,
        text=text,
        start=0,
        end=len(text),
        locations=(Span(0, len(text)),),
        checkworthiness=1.0,
    )


def top_sources(
    result: ClaimResult, ranked: Sequence[RankedChunk], n: int = RECALL_AT
) -> tuple[str, ...]:
    """The first `n` distinct sources: cited ones in the order cited, then retrieved ones."""
    ordered = [e.source_id for e in result.evidence] + [r.chunk.source_id for r in ranked]
    return tuple(dict.fromkeys(ordered))[:n]


def check_gold_claims(
    golds: Sequence[GoldClaim],
    library: Library,
    retriever: Retriever,
    verifier,
    top_k: int,
    progress: Progress | None = None,
) -> list[ClaimOutcome]:
    """Check each claim on its own, timing it, and note the first sources for recall@5."""
    from checker.retrieval.evidence import SourceCache
    from checker.verify.features import load_term_weights
    from checker.verify.verification import check_claim

    recording = RecordingRetriever(retriever)
    empty = library.chunk_count() == 0
    cache = SourceCache(library)
    weights = load_term_weights()
    outcomes: list[ClaimOutcome] = []
    total = len(golds)
    if progress:
        progress("checking claims", 0, total)
    for done, gold in enumerate(golds, start=1):
        claim = claim_of(gold)
        recording.last = []
        began = time.perf_counter()
        result = check_claim(
            claim,
            library,
            recording,
            verifier,
            top_k,
            cache=cache,
            weights=weights,
            library_empty=empty,
        )
        seconds = time.perf_counter() - began
        ranked = recording.last
        sources = top_sources(result, ranked)
        if len(sources) < RECALL_AT and not empty and len(ranked) >= top_k:
            # the checked chunks came from fewer than five sources: look further down the ranking
            ranked = [*ranked, *retriever.retrieve(claim.search_text, top_k * 4)]
            sources = top_sources(result, ranked)
        outcomes.append(ClaimOutcome(gold, result, sources, seconds))
        if progress:
            progress("checking claims", done, total)
    return outcomes


# -- metrics --------------------------------------------------------------------------------------


def _safe(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def compute_metrics(gold: Sequence[Verdict], predicted: Sequence[Verdict]) -> Metrics:
    """Accuracy, macro F1 over the three verdicts, per-label scores, confusion, decisiveness
    (scikit-learn's metrics; an empty division counts 0)."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    y = [Verdict(g).value for g in gold]
    pred = [Verdict(p).value for p in predicted]
    names = [label.value for label in LABELS]
    if not y:  # scikit-learn refuses empty input
        return Metrics(
            accuracy=0.0,
            macro_f1=0.0,
            per_label=dict.fromkeys(LABELS, LabelScores(0.0, 0.0, 0.0, 0)),
            confusion={g: dict.fromkeys(LABELS, 0) for g in LABELS},
            decisive_precision=0.0,
            coverage=0.0,
        )
    matrix = confusion_matrix(y, pred, labels=names)
    precision, recall, f1, support = precision_recall_fscore_support(
        y, pred, labels=names, zero_division=0
    )
    per_label = {
        label: LabelScores(float(precision[i]), float(recall[i]), float(f1[i]), int(support[i]))
        for i, label in enumerate(LABELS)
    }
    # macro F1 over the labels that occur (in the gold labels or the predictions)
    present = [i for i in range(len(LABELS)) if matrix[i, :].sum() or matrix[:, i].sum()]
    decisive = [(g, p) for g, p in zip(y, pred, strict=True) if Verdict(p) in DECISIVE]
    return Metrics(
        accuracy=_safe(int(np.trace(matrix)), len(y)),
        macro_f1=float(np.mean(f1[present])) if present else 0.0,
        per_label=per_label,
        confusion={
            g: {p: int(matrix[i, j]) for j, p in enumerate(LABELS)} for i, g in enumerate(LABELS)
        },
        decisive_precision=_safe(sum(1 for g, p in decisive if g == p), len(decisive)),
        coverage=_safe(len(decisive), len(y)),
    )


def recall_at(outcomes: Sequence[ClaimOutcome], n: int = RECALL_AT) -> float | None:
    """Share of claims with gold evidence whose first `n` sources include one; None if none."""
    with_evidence = [o for o in outcomes if o.gold.evidence_ids]
    if not with_evidence:
        return None
    hits = sum(1 for o in with_evidence if set(o.top_sources[:n]) & set(o.gold.evidence_ids))
    return hits / len(with_evidence)


def latency_percentiles(seconds: Sequence[float]) -> dict[str, float]:
    if not seconds:
        return {"p50": 0.0, "p95": 0.0}
    ms = np.asarray(seconds, dtype=float) * 1000.0
    return {
        "p50": round(float(np.percentile(ms, 50)), 2),
        "p95": round(float(np.percentile(ms, 95)), 2),
    }


# -- the whole evaluation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    name: str
    corpus: tuple[CorpusRecord, ...]
    claims_file: Path
    claims: tuple[GoldClaim, ...]


def load_dataset(
    dataset_dir: Path, claims_file: Path | None = None, limit: int | None = None
) -> Dataset:
    """Read and check a dataset folder (the first `limit` claims when given)."""
    dataset_dir = Path(dataset_dir)
    corpus = read_corpus(corpus_file(dataset_dir))
    claims_path = find_claims_file(dataset_dir, claims_file)
    golds = read_claims(claims_path)
    if limit is not None:
        if limit < 1:
            raise ConfigError("--limit must be at least 1")
        golds = golds[:limit]
    return Dataset(dataset_dir.resolve().name, tuple(corpus), claims_path, tuple(golds))


def evaluate(
    dataset: Dataset,
    library: Library,
    retriever: Retriever,
    verifier,
    top_k: int,
    progress: Progress | None = None,
) -> EvalResult:
    """Ingest the dataset's corpus into `library` (which must hold nothing else) and score the
    checker on its claims."""
    began = time.perf_counter()
    ingest_corpus(library, dataset.name, dataset.corpus, progress)
    ingest_seconds = time.perf_counter() - began
    outcomes = check_gold_claims(dataset.claims, library, retriever, verifier, top_k, progress)
    metrics = compute_metrics([o.gold.label for o in outcomes], [o.predicted for o in outcomes])
    return EvalResult(
        dataset=dataset.name,
        claims_file=str(dataset.claims_file),
        outcomes=tuple(outcomes),
        metrics=metrics,
        recall_at_5=recall_at(outcomes),
        ingest_seconds=ingest_seconds,
        check_seconds=sum(o.seconds for o in outcomes),
        sources=library.source_count(),
        chunks=library.chunk_count(),
    )


def evaluate_dataset(
    dataset_dir: Path,
    library: Library,
    retriever: Retriever,
    verifier,
    top_k: int,
    claims_file: Path | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> EvalResult:
    """`load_dataset` then `evaluate`."""
    dataset = load_dataset(dataset_dir, claims_file, limit)
    return evaluate(dataset, library, retriever, verifier, top_k, progress)
