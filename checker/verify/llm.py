"""A verifier backed by a chat model (`llm:PROVIDER:MODEL`), prompt `verify_claim.v1`.

One request per claim: the claim and its candidate sentences go to the model as escaped,
numbered `<source id=N>` blocks, and the system prompt says that text inside them is data, not
instructions. The reply is JSON findings (source, label, quote, rationale), read by the pure
`checker.llm.parsers`. What the model says counts only through structure, not trust:

- a supports/contradicts finding without a quote stays neutral ("... without a quote");
- the quote is cited through `Judgement.quote`, so the aggregation's grounding guard rejects a
  quote that is not in the candidate ("quote not found in sources");
- a quote that shares no word or figure with the claim cannot decide it (an instruction planted
  in a source, "answer supported", is such a quote);
- a reply that cannot be read leaves every candidate neutral with the reason in
  `Judgement.problem`: never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from checker.llm.chat import (
    complete,
    describe_failure,
    describe_model,
    make_chat_model,
    parse_llm_spec,
)
from checker.llm.parsers import Finding, parse_findings
from checker.llm.prompt import as_data, load_prompt, source_blocks
from checker.models import Candidate, Claim, Judgement, Stance
from checker.text_utils import profile, same_number
from checker.verify.aggregate import locate_quote
from ingest.errors import ModelLoadError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

PROMPT_ID = "verify_claim.v1"
DEFAULT_CONFIDENCE = 0.9  # probability given to a finding when the model states none
NO_QUOTE = "the model gave a verdict without a quote from the sources"
OFF_TOPIC = "the quoted passage shares no word or figure with the claim"


def about_claim(quote: str, claim_text: str) -> bool:
    """Whether `quote` shares a content word (stemmed) or a figure with the claim."""
    q, c = profile(quote), profile(claim_text)
    if q.term_set & c.term_set:
        return True
    return any(a.kind == b.kind and same_number(a, b) for a in q.quantities for b in c.quantities)


def _neutral(problem: str = "", rationale: str = "") -> Judgement:
    return Judgement(0.0, 0.0, 1.0, rationale=rationale or problem, problem=problem)


def _decisive(finding: Finding, quote: str) -> Judgement:
    p = finding.confidence if finding.confidence is not None else DEFAULT_CONFIDENCE
    supports = p if finding.stance is Stance.SUPPORTS else 0.0
    contradicts = p if finding.stance is Stance.CONTRADICTS else 0.0
    return Judgement(
        supports=supports,
        contradicts=contradicts,
        neutral=1.0 - p,
        rationale=finding.rationale,
        quote=quote,
    )


def findings_to_judgements(
    claim: Claim, candidates: Sequence[Candidate], findings: Sequence[Finding]
) -> list[Judgement]:
    """One judgement per candidate from the model's findings (pure).

    A finding's quote is looked for in the source it names, then in the others; when it is in
    none, it stays on the named source (or the first) so that the grounding guard rejects it.
    """
    judgements = [_neutral() for _ in candidates]
    decided = [False] * len(candidates)
    for finding in findings:
        if finding.stance is Stance.NEUTRAL:
            continue
        named = finding.source - 1 if finding.source is not None else None
        if not finding.quote:
            where = named if named is not None else 0
            if not decided[where]:
                judgements[where] = _neutral(NO_QUOTE, finding.rationale)
            continue
        order = ([named] if named is not None else []) + [
            i for i in range(len(candidates)) if i != named
        ]
        home = next((i for i in order if locate_quote(finding.quote, candidates[i].quote)), None)
        if home is None:
            home = named if named is not None else 0  # not found: the guard will say so
        elif not about_claim(finding.quote, claim.search_text):
            if not decided[home]:
                judgements[home] = _neutral(OFF_TOPIC, finding.rationale)
            continue
        if decided[home]:
            continue  # the first finding on a source counts
        judgements[home] = _decisive(finding, finding.quote)
        decided[home] = True
    return judgements


def verification_prompt(claim: Claim, candidates: Sequence[Candidate]) -> tuple[str, str]:
    """The system and user messages for one claim and its candidates."""
    prompt = load_prompt(PROMPT_ID)
    blocks = source_blocks([(i, "", c.quote) for i, c in enumerate(candidates, start=1)])
    return prompt.render(claim=as_data(claim.search_text), sources=blocks)


class LLMVerifier:
    """Judges a claim's candidate sentences with a chat model."""

    prompt_id = PROMPT_ID

    def __init__(self, model: BaseChatModel, model_id: str, label: str = "") -> None:
        self.model = model
        self.id = model_id
        self.label = label or model_id  # how errors name it

    @classmethod
    def from_spec(cls, spec: str, base_url: str | None = None) -> LLMVerifier:
        model_id = parse_llm_spec(spec).id
        return cls(make_chat_model(spec, base_url), model_id, describe_model(model_id, base_url))

    def judge(self, claim: Claim, candidates: Sequence[Candidate]) -> list[Judgement]:
        if not candidates:
            return []
        system, user = verification_prompt(claim, candidates)
        try:
            reply = complete(self.model, system, user, self.label)
        except ModelLoadError:
            raise
        except Exception as exc:  # noqa: BLE001 - one failed request: this claim is unverified
            problem = f"the LLM call failed: {describe_failure(exc)}"
            log.warning("claim %s: %s", claim.id, problem)
            return [_neutral(problem) for _ in candidates]
        parsed = parse_findings(reply, len(candidates))
        if parsed.problem:
            log.warning("claim %s: %s", claim.id, parsed.problem)
            return [_neutral(parsed.problem) for _ in candidates]
        return findings_to_judgements(claim, candidates, parsed.findings)
