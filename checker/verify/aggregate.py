"""From per-sentence judgements to one verdict per claim (pure: no I/O, no model).

Rules, in order:

1. An empty library gives `unverified` ("the library is empty").
2. A judgement counts only if its text is found in the stored source: the candidate must equal
   `source.text[start:end]`, and a judgement that names a `quote` (an LLM's) cites that part of
   the candidate, found after normalising whitespace and quote marks. A judgement whose quote
   is not found does not count; when it would have decided the claim, the claim is unverified
   with the reason "quote not found in sources". This is the grounding guard of every backend.
3. A sentence is decisive when its stance is supports (or contradicts) with a probability of at
   least `threshold`. When both sides have a sentence at least `strong`, the claim is
   `unverified`, "sources disagree", citing both sides; otherwise the stronger side wins (its
   confidence lowered by the other side) and the other side is cited too.
4. No decisive sentence gives `unverified`: "evidence found is not conclusive" when a sentence
   is related; when none is, "no relevant evidence in the library", or, when the closest
   sentences (up to three, listed as neutral evidence whenever any was looked at) are shown,
   "no close match in the library; the closest sentences found are listed". When the verifier
   could not read the evidence (`Judgement.problem`: an LLM reply that was not JSON...), the
   reason says so.

`confidence` is how sure the verdict is: for supported/contradicted the best probability of the
winning side (raised a little by agreeing sentences from other sources, lowered by contrary
ones); for unverified, one minus the strongest decisive-looking probability (1.0 when the
library is empty or nothing relevant was found).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checker.models import Candidate, Claim, ClaimResult, Evidence, Judgement, Stance, Verdict
from ingest.models import Source
from ingest.text import normalise_quotes

THRESHOLD = 0.5  # probability from which a sentence decides a claim
STRONG = 0.65  # both sides have a sentence this sure: the sources disagree
RELATED = 0.3  # relevance (1 - P(neutral)) from which evidence counts as related
MIN_CLOSEST = 0.1  # relevance from which an undecided sentence is listed as looked at
MAX_DECISIVE = 5
MAX_CLOSEST = 3

REASON_EMPTY = "the library is empty: add sources before checking claims"
REASON_NONE = "no relevant evidence in the library"
REASON_UNADDRESSED = "no close match in the library; the closest sentences found are listed"
REASON_WEAK = "evidence found is not conclusive"
REASON_DISAGREE = "sources disagree"
REASON_UNGROUNDED = "quote not found in sources"
# how a verifier's rationale names a clashing figure (the lexical one: "number mismatch (45 vs
# 200+)"); an undecided card says so, and a passage may state such a clash (evidence.py)
FIGURE_CLASH = "number mismatch ("


@dataclass(frozen=True)
class _Read:
    """One counted judgement, located in its source."""

    candidate: Candidate
    judgement: Judgement
    source: Source
    start: int
    end: int

    @property
    def relevance(self) -> float:
        return 1.0 - self.judgement.neutral

    @property
    def closeness(self) -> float:
        """How close the sentence is to the claim for listing it as looked at: a sentence on
        the claim's subject that decides nothing (`Judgement.related`) is still among the
        closest found."""
        return max(self.relevance, self.judgement.related)


def _normalised_with_map(text: str) -> tuple[str, list[int]]:
    """`text` with quote marks straightened and whitespace runs collapsed to one space, and for
    each character of the result the offset of the character it came from."""
    out: list[str] = []
    where: list[int] = []
    straight = normalise_quotes(text)
    previous_space = False
    for i, ch in enumerate(straight):
        if ch.isspace():
            if previous_space:
                continue
            out.append(" ")
            where.append(i)
            previous_space = True
        else:
            out.append(ch)
            where.append(i)
            previous_space = False
    return "".join(out), where


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`: exact, else after normalising whitespace and quote marks."""
    needle = quote.strip()
    if not needle:
        return None
    i = text.find(needle)
    if i >= 0:
        return i, i + len(needle)
    hay, where = _normalised_with_map(text)
    norm_needle, _ = _normalised_with_map(needle)
    j = hay.find(norm_needle)
    if j < 0:
        return None
    return where[j], where[j + len(norm_needle) - 1] + 1


def _evidence(read: _Read, stance: Stance, score: float) -> Evidence:
    s = read.source
    return Evidence(
        source_id=s.id,
        url=s.url,
        title=s.title,
        published=s.published,
        tier=s.tier,
        quote=s.text[read.start : read.end],
        start=read.start,
        end=read.end,
        stance=stance,
        score=round(float(min(max(score, 0.0), 1.0)), 4),
        retrieved_at=s.retrieved_at,
        location=s.location,
    )


def _unique(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """`evidence` in order, less each quote that overlaps one already kept from the same source
    with the same stance: a sentence and a passage around it (or a passage that adds the page's
    dateline) are one piece of evidence, and an editor should read it once. The first kept is
    the better scored: callers list evidence best first."""
    out: list[Evidence] = []
    for ev in evidence:
        if not any(
            k.source_id == ev.source_id
            and k.stance is ev.stance
            and k.start < ev.end
            and ev.start < k.end
            for k in out
        ):
            out.append(ev)
    return tuple(out)


def _sources_phrase(reads: Sequence[_Read]) -> str:
    n = len({r.source.id for r in reads})
    return f"{n} source" + ("s" if n != 1 else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _combined(probs: Sequence[tuple[float, str]]) -> float:
    """The best probability, raised a little by the best one from another source."""
    ordered = sorted(probs, reverse=True)
    best, best_source = ordered[0]
    other = next((p for p, sid in ordered[1:] if sid != best_source), 0.0)
    return best + (1.0 - best) * 0.5 * other


def aggregate(
    claim: Claim,
    candidates: Sequence[Candidate],
    judgements: Sequence[Judgement],
    sources: Mapping[str, Source],
    library_empty: bool = False,
    threshold: float = THRESHOLD,
    strong: float = STRONG,
) -> ClaimResult:
    """The verdict on one claim from the judgements of its candidate sentences."""
    if library_empty:
        return ClaimResult(claim, Verdict.UNVERIFIED, 1.0, REASON_EMPTY)
    if len(judgements) != len(candidates):
        raise ValueError(
            f"{len(judgements)} judgements for {len(candidates)} candidates: a verifier must "
            "judge every candidate, in order"
        )

    reads: list[_Read] = []
    ungrounded_decisive = 0.0
    for cand, judgement in zip(candidates, judgements, strict=True):
        source = sources.get(cand.source_id)
        grounded = source is not None and source.text[cand.start : cand.end] == cand.quote
        start, end = cand.start, cand.end
        if grounded and judgement.quote is not None and judgement.quote.strip():
            found = locate_quote(judgement.quote, cand.quote)
            grounded = found is not None
            if found:
                start, end = cand.start + found[0], cand.start + found[1]
        if not grounded or source is None:
            if judgement.stance is not Stance.NEUTRAL:
                ungrounded_decisive = max(
                    ungrounded_decisive, judgement.supports, judgement.contradicts
                )
            continue
        reads.append(_Read(cand, judgement, source, start, end))

    supporting = sorted(
        (
            r
            for r in reads
            if r.judgement.stance is Stance.SUPPORTS and r.judgement.supports >= threshold
        ),
        key=lambda r: -r.judgement.supports,
    )
    contradicting = sorted(
        (
            r
            for r in reads
            if r.judgement.stance is Stance.CONTRADICTS and r.judgement.contradicts >= threshold
        ),
        key=lambda r: -r.judgement.contradicts,
    )
    pro = [_evidence(r, Stance.SUPPORTS, r.judgement.supports) for r in supporting]
    con = [_evidence(r, Stance.CONTRADICTS, r.judgement.contradicts) for r in contradicting]

    if supporting and contradicting:
        best_s = supporting[0].judgement.supports
        best_c = contradicting[0].judgement.contradicts
        if min(best_s, best_c) >= strong:
            evidence = _unique([*_unique(pro)[:2], *_unique(con)[:2]])
            reason = (
                f"{REASON_DISAGREE}: supported by {_sources_phrase(supporting)}, "
                f"contradicted by {_sources_phrase(contradicting)}"
            )
            return ClaimResult(
                claim, Verdict.UNVERIFIED, round(1.0 - max(best_s, best_c), 4), reason, evidence
            )

    if supporting or contradicting:
        s_best = supporting[0].judgement.supports if supporting else 0.0
        c_best = contradicting[0].judgement.contradicts if contradicting else 0.0
        if s_best >= c_best:
            verdict, winners, losers, lose_best = Verdict.SUPPORTED, supporting, con, c_best
            probs = [(r.judgement.supports, r.source.id) for r in supporting]
            word, evidence_win = "supported", pro
        else:
            verdict, winners, losers, lose_best = Verdict.CONTRADICTED, contradicting, pro, s_best
            probs = [(r.judgement.contradicts, r.source.id) for r in contradicting]
            word, evidence_win = "contradicted", con
        confidence = _combined(probs) - 0.5 * lose_best
        reason = f"{word} by {_sources_phrase(winners)}"
        if winners[0].judgement.rationale:
            reason += f": {winners[0].judgement.rationale}"
        if losers:
            reason += f" ({len(losers)} sentence(s) point the other way)"
        evidence = (*_unique(evidence_win)[:MAX_DECISIVE], *_unique(losers)[:2])
        return ClaimResult(
            claim, verdict, round(min(max(confidence, 0.0), 1.0), 4), _one_line(reason), evidence
        )

    # nothing decisive: unverified, with what was looked at
    strongest = max(
        (max(r.judgement.supports, r.judgement.contradicts) for r in reads), default=0.0
    )
    closest = sorted(reads, key=lambda r: -r.closeness)
    listed = _unique(
        [
            _evidence(r, Stance.NEUTRAL, r.judgement.neutral)
            for r in closest
            if r.closeness >= MIN_CLOSEST
        ]
    )[:MAX_CLOSEST]
    problems = list(dict.fromkeys(j.problem for j in judgements if j.problem))
    if ungrounded_decisive >= threshold:
        reason = REASON_UNGROUNDED
    elif problems and all(j.problem for j in judgements):
        reason = problems[0]  # the verifier could not read any of it: say why
    elif not reads or max(r.relevance for r in reads) < RELATED:
        # a card never says "no relevant evidence" above the sentences it lists
        reason = REASON_UNADDRESSED if listed else REASON_NONE
    else:
        reason = REASON_WEAK
    if problems and reason != problems[0]:
        reason += f" ({problems[0]})"
    if reason in (REASON_WEAK, REASON_UNADDRESSED):
        reason += _figure_note(closest, listed)
    return ClaimResult(claim, Verdict.UNVERIFIED, round(1.0 - strongest, 4), reason, listed)


def _figure_note(closest: Sequence[_Read], listed: Sequence[Evidence]) -> str:
    """ "; a sentence listed states another figure (fewer than 1% vs 3.2%)" when a listed
    sentence clashes with the claim's figure too weakly to decide: the editor sees where to
    look ("fewer than 1% of patients stopping treatment" against "3.2% of patients ...
    stopped treatment", whose other words cover too little of the claim); "" otherwise."""
    shown = {(e.source_id, e.start, e.end) for e in listed}
    for r in closest:
        if (r.source.id, r.start, r.end) in shown and FIGURE_CLASH in r.judgement.rationale:
            figures = r.judgement.rationale.split(FIGURE_CLASH, 1)[1].split(")", 1)[0]
            return f"; a sentence listed states another figure ({figures})"
    return ""


def _part_label(result: ClaimResult) -> str:
    text = _one_line(result.claim.query or result.claim.text).rstrip(".")
    return f'"{text if len(text) <= 80 else text[:77] + "..."}"'


def from_parts(claim: Claim, parts: Sequence[ClaimResult]) -> ClaimResult:
    """A claim's verdict from the verdicts of its parts (`parts` follow `claim.parts`).

    Contradicted when a part is contradicted with a quote (the surest such part gives the
    confidence); supported only when every part is (the least sure part gives it); otherwise
    unverified, the reason naming which parts are supported and which are not.
    """
    if not parts:
        raise ValueError("a claim without parts takes its verdict from its own evidence")
    n = len(parts)
    evidence = _unique([ev for p in parts for ev in p.evidence if ev.stance is not Stance.NEUTRAL])
    contradicted = [p for p in parts if p.verdict is Verdict.CONTRADICTED and p.evidence]
    if contradicted:
        worst = max(contradicted, key=lambda p: p.confidence)
        others = [ev for ev in evidence if ev not in worst.evidence]
        which = f"part {parts.index(worst) + 1} of {n}" if n > 1 else "its one part"
        reason = f"{which} contradicted: {_part_label(worst)}"
        return ClaimResult(
            claim,
            Verdict.CONTRADICTED,
            worst.confidence,
            reason,
            _unique([*worst.evidence, *others]),
            parts=tuple(parts),
        )
    supported = [p for p in parts if p.verdict is Verdict.SUPPORTED]
    if len(supported) == n:
        return ClaimResult(
            claim,
            Verdict.SUPPORTED,
            min(p.confidence for p in parts),
            f"all {n} parts supported"
            if n > 1
            else f"its one part supported: {_part_label(parts[0])}",
            evidence,
            parts=tuple(parts),
        )
    if any(p.reason == REASON_EMPTY for p in parts):
        return ClaimResult(claim, Verdict.UNVERIFIED, 1.0, REASON_EMPTY, parts=tuple(parts))
    open_parts = [p for p in parts if p.verdict is not Verdict.SUPPORTED]
    said = "; ".join(f"{_part_label(p)}: {p.reason}" for p in open_parts)
    reason = (
        f"{len(supported)} of {n} parts supported; not settled: {said}"
        if n > 1
        else f"its one part not settled: {said}"
    )
    listed = evidence or _unique([ev for p in parts for ev in p.evidence])[:MAX_CLOSEST]
    return ClaimResult(
        claim,
        Verdict.UNVERIFIED,
        min(p.confidence for p in open_parts),
        reason,
        listed,
        parts=tuple(parts),
    )
