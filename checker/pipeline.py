"""Article -> Report: extract claims, retrieve and verify each, gather the cited sources."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from checker.claims.attribution import article_flags, flag_claims
from checker.claims.extract import ClaimExtractor
from checker.models import (
    TOP_K,
    Article,
    ClaimResult,
    Evidence,
    Report,
    ReportSettings,
    SourceRef,
)
from checker.retrieval.evidence import SourceCache
from checker.retrieval.hybrid import HybridRetriever
from checker.verify.base import Verifier
from checker.verify.verification import check_claims
from ingest.models import short_hash
from ingest.store import Store

# progress(stage, done, total): stage is "extracting claims", "checking claims" or "done"
Progress = Callable[[str, int, int], None]


def cited_sources(cache: SourceCache, results: Sequence[ClaimResult]) -> tuple[SourceRef, ...]:
    """The sources the results quote, in order of first citation, from the sources the check
    already read (`cache`): a source's text is read once per check.

    A source removed from the library while the check ran is described from its quotes.
    """
    first: dict[str, Evidence] = {}
    for result in results:
        for evidence in result.evidence:
            first.setdefault(evidence.source_id, evidence)
    found = {sid: cache.source(sid) for sid in first}
    refs = []
    for sid, ev in first.items():
        s = found.get(sid)
        refs.append(
            SourceRef(
                id=sid,
                url=s.url if s else ev.url,
                location=s.location if s else ev.location,
                title=s.title if s else ev.title,
                published=s.published if s else ev.published,
                retrieved_at=s.retrieved_at if s else ev.retrieved_at,
                tier=s.tier if s else ev.tier,
                author=s.author if s else "",
                site=s.site if s else "",
            )
        )
    return tuple(refs)


@dataclass(frozen=True)
class Checker:
    """Everything a check needs, built once (the web app caches it)."""

    library: Store
    extractor: ClaimExtractor
    verifier: Verifier
    retriever: HybridRetriever
    top_k: int = TOP_K

    def settings(self) -> ReportSettings:
        return ReportSettings(
            embedder=self.library.embedder.id,
            verifier=self.verifier.id,
            extractor=self.extractor.id,
            store=self.library.store_label,
            top_k=self.top_k,
        )

    def check(self, article: Article, progress: Progress | None = None) -> Report:
        generated_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        if progress:
            progress("extracting claims", 0, 1)
        claims = flag_claims(article, self.extractor.extract(article))
        if progress:
            progress("extracting claims", 1, 1)

        def claim_progress(stage: str, done: int, total: int) -> None:
            if progress:
                progress(stage, done, total)

        cache = SourceCache(self.library)
        results = check_claims(
            claims,
            self.library,
            self.retriever,
            self.verifier,
            top_k=self.top_k,
            progress=claim_progress,
            cache=cache,
        )
        sources = cited_sources(cache, results)
        notes: tuple[str, ...] = ()
        if not claims:
            notes = ("No check-worthy factual claim was found in this article.",)
        if progress:
            progress("done", 1, 1)
        return Report(
            article=article,
            generated_at=generated_at,
            settings=self.settings(),
            results=tuple(results),
            sources=sources,
            check_id=short_hash("check", article.sha256, generated_at, uuid.uuid4().hex, length=12),
            notes=notes,
            flags=article_flags(article, claims),
        )
