"""Claim extraction by a chat model (`--extractor llm:PROVIDER:MODEL`), prompt
`extract_claims.v1`.

The article goes to the model as numbered sentences (`segment.split_sentences`) inside an
escaped `<article>` block; the model answers atomic, self-contained claims, each with the number
of the sentence it came from. Every claim is tied back to a real sentence of the article and its
offsets: the numbered sentence when the claim matches it, else the best-matching sentence; a
claim that matches no sentence, or states a figure the article does not, is dropped with a
logged reason. The claim's text and offsets are the sentence's (`Claim.text ==
article.text[start:end]`); the model's atomic wording is the claim's `query`, which retrieval
and the verifier read.

A reply that cannot be read (or a failed request) loses no sentence when a fallback extractor
is given: the sentences of that batch get the fallback's claims instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Protocol

from checker.claims.extract import claim_id
from checker.llm.chat import (
    complete,
    describe_failure,
    describe_model,
    make_chat_model,
    parse_llm_spec,
)
from checker.llm.parsers import ExtractedClaim, parse_claims
from checker.llm.prompt import as_data, load_prompt
from checker.models import Article, Claim, Span
from checker.text_utils import profile, same_number
from ingest.errors import ModelLoadError
from ingest.sentences import split_sentences

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

PROMPT_ID = "extract_claims.v1"
ATOMIC = "atomic claim"  # the kind of a part the model wrote
BATCH_CHARS = 12_000  # article text per request
MIN_NAMED = 0.3  # match needed to accept the sentence the model named
MIN_ANY = 0.5  # match needed to tie a claim to a sentence the model did not name
BETTER_BY = 0.25  # another sentence this much better than the named one wins
MAX_NEW_WORDS = 0.25  # share of a claim's content words that the article may not contain


class _Extractor(Protocol):
    id: str

    def extract(self, article: Article) -> list[Claim]: ...


def match_score(claim: str, sentence: str) -> float:
    """How well `claim` matches `sentence`, in [0, 1]: the share of the claim's content words
    (stemmed) found in the sentence; the character similarity for a claim without any."""
    c, s = profile(claim).term_set, profile(sentence).term_set
    if c:
        return len(c & s) / len(c)
    return SequenceMatcher(None, claim.lower(), sentence.lower(), autojunk=False).ratio()


def unstated(claim: str, text: str) -> tuple[list[str], list[str]]:
    """What `claim` states that `text` does not: its figures (numbers, dates, amounts) missing
    from `text`, and its content words (stemmed) missing from it."""
    claim_profile, text_profile = profile(claim), profile(text)
    figures = [
        claim[a.start : a.end]
        for a in claim_profile.quantities
        if not any(same_number(a, b) for b in text_profile.quantities)
    ]
    words = sorted(t for t in claim_profile.term_set if t not in text_profile.all_stems)
    return figures, words


@dataclass(frozen=True)
class Tie:
    """An extracted claim tied to the article sentence it came from (an index into spans)."""

    claim: str
    sentence: int


def tie_claim(
    extracted: ExtractedClaim, sentences: Sequence[str], allowed: range | None = None
) -> tuple[int | None, str]:
    """The index of the sentence `extracted` came from, or None and the reason it has none.

    `extracted.sentence` is 1-based; `allowed` limits the sentences looked at (a batch).
    """
    indices = list(allowed if allowed is not None else range(len(sentences)))
    if not indices:
        return None, "no sentence to tie it to"
    scores = {i: match_score(extracted.text, sentences[i]) for i in indices}
    best = max(indices, key=lambda i: (scores[i], -i))
    named = extracted.sentence - 1 if extracted.sentence is not None else None
    if named in scores and scores[named] >= MIN_NAMED and scores[best] < scores[named] + BETTER_BY:
        return named, ""
    if scores[best] >= MIN_ANY:
        return best, ""
    return None, f"matches no sentence of the article (best match {scores[best]:.0%})"


def numbered_sentences(text: str, spans: Sequence[Span], start: int) -> str:
    """`[N] sentence` lines, escaped as data, numbered from `start` (1-based)."""
    return "\n".join(
        f"[{n}] {as_data(' '.join(text[s.start : s.end].split()))}"
        for n, s in enumerate(spans, start=start)
    )


def batches(spans: Sequence[Span], budget: int = BATCH_CHARS) -> list[range]:
    """Consecutive ranges of sentence indices of at most `budget` characters each."""
    out: list[range] = []
    first, size = 0, 0
    for i, span in enumerate(spans):
        length = span.end - span.start
        if i > first and size + length > budget:
            out.append(range(first, i))
            first, size = i, 0
        size += length
    if first < len(spans):
        out.append(range(first, len(spans)))
    return out


def _key(text: str) -> str:
    return re.sub(r"[\s.]+$", "", " ".join(text.lower().split()))


class LLMClaimExtractor:
    """Atomic, self-contained claims from a chat model, each tied to its sentence."""

    prompt_id = PROMPT_ID

    def __init__(
        self,
        model: BaseChatModel,
        model_id: str,
        fallback: _Extractor | None = None,
        batch_chars: int = BATCH_CHARS,
        label: str = "",
    ) -> None:
        self.model = model
        self.id = model_id
        self.label = label or model_id  # how errors name it
        self.fallback = fallback
        self.batch_chars = batch_chars

    @classmethod
    def from_spec(
        cls, spec: str, base_url: str | None = None, fallback: _Extractor | None = None
    ) -> LLMClaimExtractor:
        model_id = parse_llm_spec(spec).id
        return cls(
            make_chat_model(spec, base_url),
            model_id,
            fallback,
            label=describe_model(model_id, base_url),
        )

    def _ask(self, article: Article, spans: Sequence[Span], part: range) -> tuple[list, str]:
        prompt = load_prompt(PROMPT_ID)
        system, user = prompt.render(
            title=as_data(" ".join(article.title.split())),
            sentences=numbered_sentences(
                article.text, [spans[i] for i in part], start=part.start + 1
            ),
        )
        try:
            reply = complete(self.model, system, user, self.label)
        except ModelLoadError:
            raise
        except Exception as exc:  # noqa: BLE001 - one failed request: use the fallback
            return [], f"the LLM call failed: {describe_failure(exc)}"
        parsed = parse_claims(reply)
        return list(parsed.claims), parsed.problem

    def extract(self, article: Article) -> list[Claim]:
        spans = split_sentences(article.text)
        if not spans:
            return []
        sentences = [article.text[s.start : s.end] for s in spans]
        context = f"{article.title}\n{article.text}"
        ties: list[Tie] = []
        fallback_parts: list[range] = []
        for part in batches(spans, self.batch_chars):
            extracted, problem = self._ask(article, spans, part)
            if problem:
                log.warning(
                    "claim extraction, sentences %d-%d: %s%s",
                    part.start + 1,
                    part.stop,
                    problem,
                    "; using the fallback extractor" if self.fallback else "; skipped",
                )
                fallback_parts.append(part)
                continue
            for item in extracted:
                index, reason = tie_claim(item, sentences, part)
                if index is None:
                    log.warning("dropped the claim %r: it %s", item.text, reason)
                    continue
                figures, words = unstated(item.text, context)
                terms = len(profile(item.text).term_set)
                if figures or len(words) > MAX_NEW_WORDS * terms:
                    log.warning(
                        "dropped the claim %r: the article does not state %s",
                        item.text,
                        ", ".join(repr(m) for m in [*figures, *words][:5]),
                    )
                    continue
                ties.append(Tie(item.text, index))
        claims = self._claims(article, spans, sentences, ties)
        if fallback_parts and self.fallback is not None:
            covered = [(spans[p.start].start, spans[p.stop - 1].end) for p in fallback_parts]
            claims.extend(
                c
                for c in self.fallback.extract(article)
                if any(lo <= c.start < hi for lo, hi in covered)
            )
            claims.sort(key=lambda c: (c.start, c.id))
        return claims

    def _claims(
        self,
        article: Article,
        spans: Sequence[Span],
        sentences: Sequence[str],
        ties: Sequence[Tie],
    ) -> list[Claim]:
        """One Claim per sentence, at every place the sentence occurs; when the model found
        several atomic claims in one sentence, they are its parts (checker.claims.parts' types)."""
        same_text: dict[str, list[int]] = {}
        for i, sentence in enumerate(sentences):
            same_text.setdefault(" ".join(sentence.split()), []).append(i)
        grouped: dict[str, tuple[str, set[int]]] = {}
        for tie in ties:
            _, where = grouped.setdefault(_key(tie.claim), (tie.claim, set()))
            where.update(same_text[" ".join(sentences[tie.sentence].split())])
        by_sentence: dict[tuple[int, ...], list[str]] = {}
        for wording, where in grouped.values():
            by_sentence.setdefault(tuple(sorted(where)), []).append(wording)
        claims: list[Claim] = []
        for order, wordings in by_sentence.items():
            first = spans[order[0]]
            text = article.text[first.start : first.end]
            parts = tuple(
                Claim(
                    id=claim_id(w),
                    text=w,
                    start=first.start,
                    end=first.end,
                    locations=(Span(first.start, first.end),),
                    query=w,
                    kind=ATOMIC,
                )
                for w in wordings
            )
            claims.append(
                Claim(
                    id=claim_id(wordings[0] if len(wordings) == 1 else text),
                    text=text,
                    start=first.start,
                    end=first.end,
                    locations=tuple(Span(spans[i].start, spans[i].end) for i in order),
                    checkworthiness=1.0,
                    query=wordings[0] if len(wordings) == 1 else " ".join(text.split()),
                    parts=parts if len(parts) > 1 else (),
                )
            )
        claims.sort(key=lambda c: (c.start, c.id))
        return claims
