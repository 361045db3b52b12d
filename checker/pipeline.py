"""Article -> Report: extract claims, retrieve and verify each, gather the cited sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ingest.library import Library
from ingest.models import short_hash

from checker.claims import ClaimExtractor
from checker.models import Article, Report, ReportSettings, SourceRef
from checker.retrieval import HybridRetriever
from checker.verification import check_claims
from checker.verifiers.base import Verifier

# progress(stage, done, total): stage is "extracting claims", "checking claims" or "done"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Checker:
    """Everything a check needs, built once (the web app caches it)."""

    library: Library
    extractor: ClaimExtractor
    verifier: Verifier
    retriever: HybridRetriever
    top_k: int = 8

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
        claims = self.extractor.extract(article)
        if progress:
            progress("extracting claims", 1, 1)

        def claim_progress(stage: str, done: int, total: int) -> None:
            if progress:
                progress(stage, done, total)

        results = check_claims(
            claims,
            self.library,
            self.retriever,
            self.verifier,
            top_k=self.top_k,
            progress=claim_progress,
        )
        cited = list(dict.fromkeys(e.source_id for r in results for e in r.evidence))
        found = self.library.get_many(cited)
        sources = tuple(
            SourceRef(
                id=s.id,
                url=s.url,
                location=s.location,
                title=s.title,
                published=s.published,
                retrieved_at=s.retrieved_at,
                tier=s.tier,
                author=s.author,
                site=s.site,
            )
            for s in (found[sid] for sid in cited if sid in found)
        )
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
            check_id=short_hash("check", article.sha256, generated_at, length=12),
            notes=notes,
        )
