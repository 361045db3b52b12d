"""Stage types of the checker: article -> claims -> candidates -> judgements -> results -> report.

All frozen; change them with dataclasses.replace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ingest.models import Chunk, Span, Tier

TOP_K = 8  # chunks retrieved per claim; the top_k setting's default


class Verdict(str, Enum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNVERIFIED = "unverified"


class Stance(str, Enum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    NEUTRAL = "neutral"


class FlagKind(str, Enum):
    """How a claim is sourced, when an editor would want to know (checker.claims.attribution)."""

    ANONYMOUS = "anonymous source"
    VAGUE_AUTHORITY = "vague authority"
    PRIVATE_CHANNEL = "private channel"
    SUPERLATIVE = "unverifiable superlative"
    NO_NAMED_SOURCE = "no named source"


FLAG_HELP = {
    FlagKind.ANONYMOUS: "attributed to unnamed or anonymous sources",
    FlagKind.VAGUE_AUTHORITY: "attributed to unnamed experts, critics or observers",
    FlagKind.PRIVATE_CHANNEL: "attributed to private or internal channels no reader can see",
    FlagKind.SUPERLATIVE: "a superlative no source can settle as stated",
    FlagKind.NO_NAMED_SOURCE: "the article names no source for any of its claims",
}


@dataclass(frozen=True)
class Flag:
    """A sourcing flag; `article.text[start:end] == words` (empty for the whole article)."""

    kind: FlagKind
    words: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return f'{self.kind.value}: "{self.words}"' if self.words else self.kind.value


@dataclass(frozen=True)
class Article:
    """The text being checked. Claim offsets index into `text`."""

    text: str
    title: str = ""
    url: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class Claim:
    """A check-worthy statement of the article.

    `text == article.text[start:end]` for the first location; `locations` lists every place the
    same sentence occurs (a summary repeating the body). `query` is what retrieval and the
    verifier see: the claim made self-contained with its context (the subject named earlier,
    the title) where the sentence leans on it; equal to `text` otherwise.
    """

    id: str
    text: str
    start: int
    end: int
    locations: tuple[Span, ...] = ()
    checkworthiness: float = 1.0
    query: str = ""
    # The separate facts the sentence states (checker.claims.parts), each a Claim whose `text` is
    # the self-contained statement and whose start:end is the article span it was read from
    # (`text == article.text[start:end]` when the part is verbatim). Empty when the sentence
    # states one fact; the claim's verdict is then its own.
    parts: tuple[Claim, ...] = ()
    kind: str = ""  # for a part: appositive, relative clause, list item... ("" for a claim)
    # for a list item: the item ("MIT" of "developers from MIT, ETH Zurich and Mila"); only a
    # sentence that states it may support the part
    focus: str = ""
    flags: tuple[Flag, ...] = ()  # how the sentence is sourced; never changes the verdict
    # the article's headline: what the claim is about. A source sentence whose words are the
    # claim's and the headline's restates part of the claim ("No patient with measles has died"
    # for "One young patient died" in an article headed "Measles outbreak ..."); read only there
    topic: str = ""

    @property
    def search_text(self) -> str:
        return self.query or self.text


@dataclass(frozen=True)
class RankedChunk:
    """A chunk in the fused ranking of retrieval."""

    chunk: Chunk
    rank: int  # 1-based
    score: float  # fused score / the best possible fused score, in [0, 1]
    keyword_rank: int | None = None
    vector_rank: int | None = None


@dataclass(frozen=True)
class Candidate:
    """An evidence sentence found for a claim: `source.text[start:end] == quote`."""

    source_id: str
    chunk_id: str
    quote: str
    start: int
    end: int
    retrieval_rank: int  # 1-based rank of its chunk in the fused ranking
    retrieval_score: float  # fused reciprocal-rank score of its chunk, normalised to [0, 1]
    sentence_score: float = 0.0  # how well this sentence matches the claim, in [0, 1]


def judged_text(candidate: Candidate) -> str:
    """The text a verifier compares with the claim: the quote, or the reading retrieval made of
    it (`checker.retrieval.evidence`: the abbreviations its source defines spelt out, a post
    read as its holder's name). The quote itself stays verbatim for the report."""
    return getattr(candidate, "reading", "") or candidate.quote


@dataclass(frozen=True)
class Judgement:
    """A verifier's reading of one candidate: probabilities that sum to 1.

    `quote` narrows the cited text to a part of the candidate when a verifier names one
    (an LLM's quote); None cites the whole candidate sentence.
    """

    supports: float
    contradicts: float
    neutral: float
    rationale: str = ""
    quote: str | None = None
    # Why the verifier could not read this candidate (a model reply that was not valid JSON,
    # a verdict without a quote...): "" when it could. Such a judgement is neutral.
    problem: str = ""
    # How closely the sentence is about the claim, whichever way it reads (0 when the verifier
    # does not say): a sentence can be on the claim's subject and still decide nothing.
    related: float = 0.0

    @property
    def stance(self) -> Stance:
        best = max(self.supports, self.contradicts, self.neutral)
        if best == self.supports and self.supports > self.neutral:
            return Stance.SUPPORTS
        if best == self.contradicts and self.contradicts > self.neutral:
            return Stance.CONTRADICTS
        return Stance.NEUTRAL


@dataclass(frozen=True)
class Evidence:
    """A quote cited in the report, located in its source's stored text."""

    source_id: str
    url: str
    title: str
    published: str | None
    tier: Tier
    quote: str
    start: int
    end: int
    stance: Stance
    score: float
    retrieved_at: str = ""
    location: str = ""


@dataclass(frozen=True)
class Review:
    """A person's decision on a claim's verdict."""

    verdict: Verdict
    previous: Verdict
    note: str = ""
    reviewed_at: str = ""


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verdict: Verdict
    confidence: float
    reason: str
    evidence: tuple[Evidence, ...] = ()
    review: Review | None = None
    # one result per part of `claim.parts`, in order; the verdict above is derived from them
    parts: tuple[ClaimResult, ...] = ()

    @property
    def final_verdict(self) -> Verdict:
        """The reviewed verdict when a person set one, else the machine's."""
        return self.review.verdict if self.review else self.verdict


@dataclass(frozen=True)
class SourceRef:
    """A source cited by the report."""

    id: str
    url: str
    location: str
    title: str
    published: str | None
    retrieved_at: str
    tier: Tier
    author: str = ""
    site: str = ""


@dataclass(frozen=True)
class ReportSettings:
    embedder: str
    verifier: str
    extractor: str
    store: str
    top_k: int = TOP_K


@dataclass(frozen=True)
class Report:
    article: Article
    generated_at: str
    settings: ReportSettings
    results: tuple[ClaimResult, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    check_id: str = ""
    schema_version: str = "1.1"
    notes: tuple[str, ...] = field(default_factory=tuple)
    flags: tuple[Flag, ...] = ()  # flags on the whole article (no named source)

    def counts(self) -> dict[Verdict, int]:
        counts = {v: 0 for v in Verdict}
        for r in self.results:
            counts[r.final_verdict] += 1
        return counts
