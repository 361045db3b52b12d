"""One claim (or a batch) -> retrieval -> evidence sentences -> judgements -> a ClaimResult."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from checker.claims.checkworthiness import is_finite_verb
from checker.models import Candidate, Claim, ClaimResult, Judgement, Verdict, judged_text
from checker.retrieval.evidence import (
    SourceCache,
    context_of,
    passages_support_only,
    select_evidence,
)
from checker.retrieval.hybrid import Retriever
from checker.text_utils import profile
from checker.verify.aggregate import STRONG, THRESHOLD, aggregate, from_parts
from checker.verify.base import Verifier
from checker.verify.features import TermWeights, load_term_weights
from checker.verify.on_record import on_record
from checker.verify.roles import by_role
from checker.verify.votes import by_count
from ingest.store import Store

# progress(stage, done, total), called with stage "checking claims" after each claim
Progress = Callable[[str, int, int], None]
STAGE = "checking claims"


# what a judgement of a sentence that leaves a list item unsaid adds to its rationale
FOCUS_UNSAID = "; says nothing of "
# ... and of a sentence that does not rank where the claim ranks
RANK_UNSAID = "; ranks nothing, where the claim says "

# A claim that ranks its subject above all others: "the world's most downloaded model", "the
# largest open lab". A figure for the subject alone ("downloaded 90 million times") is close
# in meaning but says nothing of the others; only a sentence that ranks too may support it.
_RANKS = re.compile(
    r"(?:\bthe|['’]s)\s+(?:[\w-]+\s+){0,2}?(?P<rank>(?:most|least)[\s-][a-z][\w-]+|(?:best|worst|"
    r"largest|biggest|smallest|highest|lowest|greatest|fastest|slowest|strongest|weakest|"
    r"leading|richest|poorest|cheapest|costliest|busiest|oldest|newest)\b)",
    re.IGNORECASE,
)
# ... and what a ranking sentence says: a superlative, a rank, a lead over others
_RANKING = re.compile(
    r"\b(?:most|least|best|worst|[a-z]{3,}est|leading|top|rank\w*|ahead|"
    r"surpass\w*|overt(?:ook|aken|akes)|outpac\w*|outsold|outnumber\w*|more than any|"
    r"number one|record)\b",
    re.IGNORECASE,
)


def check_claim(
    claim: Claim,
    library: Store,
    retriever: Retriever,
    verifier: Verifier,
    top_k: int,
    *,
    max_candidates: int | None = None,
    cache: SourceCache | None = None,
    weights: TermWeights | None = None,
    library_empty: bool | None = None,
) -> ClaimResult:
    """The verdict on one claim against the library.

    `top_k` chunks are retrieved; their best `max_candidates` sentences (default `top_k`) are
    judged. `cache` shares source texts between the claims of a batch.
    """
    if library_empty is None:
        library_empty = library.chunk_count() == 0
    cache = cache or SourceCache(library)
    weights = weights or load_term_weights()
    if claim.parts:  # several facts in one sentence: each judged, the verdict derived
        judge = partial(
            check_claim,
            library=library,
            retriever=retriever,
            verifier=verifier,
            top_k=top_k,
            max_candidates=max_candidates,
            cache=cache,
            weights=weights,
            library_empty=library_empty,
        )
        return from_parts(claim, [judge(part) for part in claim.parts])
    if library_empty:
        return aggregate(claim, [], [], {}, library_empty=True)
    ranked = retriever.retrieve(claim.search_text, top_k)
    candidates = select_evidence(
        claim, ranked, cache, weights, max_candidates=max_candidates or top_k
    )
    judgements = verifier.judge(claim, candidates) if candidates else []
    if claim.focus:
        judgements = [
            unless_focus_stated(claim.focus, c, j)
            for c, j in zip(candidates, judgements, strict=True)
        ]
    if (ranks := ranking_of(claim.search_text)) is not None:
        judgements = [
            unless_ranked(ranks.group("rank"), c, j)
            for c, j in zip(candidates, judgements, strict=True)
        ]
    judgements = by_count(claim, candidates, judgements)
    judgements = by_role(claim, candidates, judgements)
    # a verifier calibrated to its own decision threshold (the minilm one) carries it
    threshold = float(getattr(verifier, "threshold", THRESHOLD))
    candidates, judgements = passages_support_only(candidates, judgements, threshold)
    sources = {c.source_id: cache.source(c.source_id) for c in candidates}
    statements, silenced = on_record(claim, candidates, sources)
    candidates, judgements = [*candidates, *statements], [*judgements, *silenced]
    result = aggregate(
        claim,
        candidates,
        judgements,
        {sid: s for sid, s in sources.items() if s is not None},
        threshold=threshold,
        strong=max(STRONG, threshold),
    )
    if result.verdict is Verdict.UNVERIFIED and any(
        FOCUS_UNSAID in j.rationale for j in judgements
    ):
        # say why a sentence close to the rest of the claim did not do
        result = replace(result, reason=f"{result.reason}; none of them names '{claim.focus}'")
    if (
        result.verdict is Verdict.UNVERIFIED
        and ranks
        and any(RANK_UNSAID in j.rationale for j in judgements)
    ):
        result = replace(
            result, reason=f"{result.reason}; none of them ranks it as '{ranks.group('rank')}'"
        )
    return result


def ranking_of(text: str) -> re.Match[str] | None:
    """Where the claim ranks its subject: a superlative after its verb ("Qwen is the world's
    most downloaded model"). One in the subject ("The most downloaded family also shipped a
    closed model") describes what the claim is about, and is not what it states."""
    found = _RANKS.search(text)
    if found is None or not any(is_finite_verb(w) for w in text[: found.start()].split()):
        return None
    return found


def unless_ranked(ranking: str, candidate: Candidate, judgement: Judgement) -> Judgement:
    """`judgement`, but not supporting when the claim ranks its subject (`ranking`: "the
    world's most downloaded") and the candidate, with its title, heading and the text before it,
    ranks nothing: "Qwen is the world's most downloaded model" is not borne out by "Qwen models
    were downloaded 90 million times", however close in meaning."""
    if judgement.supports <= 0:
        return judgement
    context, preceding = context_of(candidate)
    if any(_RANKING.search(text) for text in (judged_text(candidate), context, preceding)):
        return judgement
    return not_supporting(judgement, f"{RANK_UNSAID}'{ranking}'")


def not_supporting(judgement: Judgement, why: str) -> Judgement:
    """`judgement` without its support (left neutral), `why` added to its rationale."""
    return replace(
        judgement,
        supports=0.0,
        neutral=1.0 - judgement.contradicts,
        rationale=f"{judgement.rationale}{why}",
    )


def unless_focus_stated(focus: str, candidate: Candidate, judgement: Judgement) -> Judgement:
    """`judgement`, but not supporting when the candidate (with its title, heading and the text
    before it) leaves a word of the claim's focus unsaid: "OpenQwen is backed by developers
    from MIT" is not supported by "The project is maintained by 45 volunteer developers", however
    close in meaning the two are, where nothing names MIT."""
    wanted = set(profile(focus).terms) | {e[0] for e in profile(focus).entities}
    if judgement.supports <= 0 or not wanted:
        return judgement
    context, preceding = context_of(candidate)
    stated = (
        profile(judged_text(candidate)).all_stems
        | profile(context).all_stems
        | profile(preceding).all_stems
    )
    unsaid = [w for w in profile(focus).tokens if w.stem in wanted - stated]
    if not unsaid:
        return judgement
    return not_supporting(judgement, f"{FOCUS_UNSAID}'{unsaid[0].text}'")


def check_claims(
    claims: Sequence[Claim],
    library: Store,
    retriever: Retriever,
    verifier: Verifier,
    top_k: int,
    progress: Progress | None = None,
    *,
    max_candidates: int | None = None,
    cache: SourceCache | None = None,
) -> list[ClaimResult]:
    """Verdicts on several claims, in order; sources are read once for the whole batch (in
    `cache` when given, so that the caller can use them after)."""
    total = len(claims)
    if progress:
        progress(STAGE, 0, total)
    if not claims:
        return []
    empty = library.chunk_count() == 0
    cache = cache or SourceCache(library)
    weights = load_term_weights()
    # one claim at a time, sharing the source texts and term weights of the whole batch
    results: list[ClaimResult] = []
    for done, claim in enumerate(claims, start=1):
        results.append(
            check_claim(
                claim,
                library,
                retriever,
                verifier,
                top_k,
                max_candidates=max_candidates,
                cache=cache,
                weights=weights,
                library_empty=empty,
            )
        )
        if progress:
            progress(STAGE, done, total)
    return results
