"""A claim that a party made no public statement, against a library that holds one: the
source's title or byline is the evidence (checker.verify.on_record)."""

from __future__ import annotations

import pytest

from checker.models import Claim, Stance, Verdict
from checker.retrieval.hybrid import HybridRetriever
from checker.verify.lexical import LexicalVerifier
from checker.verify.on_record import silent_party, statement_by
from checker.verify.verification import check_claim
from ingest.models import Source

STATEMENT = (
    "# Brennick port authority statement on the harbour expansion\n\n"
    "The port authority supports the harbour expansion plan approved by the council. "
    "Construction of the two new berths will begin in the autumn.\n"
)
PRESS_RELEASE = (
    "# Harbour expansion: the contractor's view\n\n"
    "Published by Vessor Dredging AG, Rotterdam.\n\n"
    "Vessor Dredging will deepen the Brennick harbour basin to 14 metres.\n"
)
REPORT = (
    "# Statement on the Brennick port authority's budget\n\n"
    "The auditors found that the Brennick port authority overspent on harbour dredging.\n"
)


def claim(text: str) -> Claim:
    return Claim(id="c", text=text, start=0, end=len(text))


def source(text: str) -> Source:
    return Source(
        id="s",
        location="x",
        text=text,
        sha256="0",
        retrieved_at="2026-01-01T00:00:00+00:00",
        title=text.splitlines()[0].lstrip("# "),
    )


@pytest.mark.parametrize(
    "text, party",
    [
        ("Meanwhile, Alibaba has issued no public statement.", "Alibaba"),
        ("The Brennick port authority has not commented publicly.", "The Brennick port authority"),
        ("So far, Hugging Face has remained silent.", "Hugging Face"),
        ("Alibaba has yet to issue an official statement on the removal.", "Alibaba"),
        ("OpenAI has not yet publicly addressed the lawsuit.", "OpenAI"),
        ("Reuters reported that Alibaba has not commented publicly.", "Alibaba"),
        # a reporter's own request: no published statement answers it
        ("Alibaba did not respond to a request for comment.", ""),
        ("Alibaba declined to comment.", ""),
        # no named party to look for
        ("The company has issued no statement.", ""),
        # not about speaking at all
        ("Alibaba has not removed any members of the team.", ""),
        ("Alibaba issued a statement on Friday.", ""),
    ],
)
def test_a_claim_of_public_silence_names_the_silent_party(text, party):
    assert silent_party(text) == party


def test_a_title_or_byline_makes_a_source_the_partys_own_word():
    found = statement_by("The Brennick port authority", source(STATEMENT))
    assert found is not None
    assert STATEMENT[found.start : found.end] == found.quote
    assert found.quote == "Brennick port authority statement on the harbour expansion"
    byline = statement_by("Vessor Dredging", source(PRESS_RELEASE))
    assert byline is not None
    assert PRESS_RELEASE[byline.start : byline.end] == byline.quote
    assert byline.quote == "Published by Vessor Dredging AG, Rotterdam."
    # a statement ABOUT the party is someone else's word
    assert statement_by("The Brennick port authority", source(REPORT)) is None
    assert statement_by("Vessor Dredging", source(STATEMENT)) is None


@pytest.fixture
def harbour(library_of):
    return library_of(
        [
            ("https://example.org/port-statement", STATEMENT),
            ("https://example.org/vessor", PRESS_RELEASE),
            ("https://example.org/audit", REPORT),
        ]
    )


def _check(library, text: str):
    return check_claim(
        claim(text), library, HybridRetriever(library), LexicalVerifier.load_default(), top_k=5
    )


def test_a_claim_of_silence_is_contradicted_by_the_statement_in_the_library(harbour):
    result = _check(
        harbour, "Meanwhile, the Brennick port authority has issued no public statement."
    )
    assert result.verdict is Verdict.CONTRADICTED, result.reason
    assert "public statement by the Brennick port authority" in result.reason
    assert "if it came after the article" in result.reason
    cited = [e for e in result.evidence if e.stance is Stance.CONTRADICTS]
    assert [e.quote for e in cited] == [
        "Brennick port authority statement on the harbour expansion"
    ]
    assert harbour.get(cited[0].source_id).text[cited[0].start : cited[0].end] == cited[0].quote
    # the auditors' statement about the authority is not the authority's
    assert all(e.location.endswith("port-statement") for e in cited)


def test_a_byline_contradicts_it_too(harbour):
    result = _check(harbour, "Vessor Dredging has not commented publicly on the dredging.")
    assert result.verdict is Verdict.CONTRADICTED, result.reason
    assert result.evidence[0].quote == "Published by Vessor Dredging AG, Rotterdam."


def test_an_unanswered_request_for_comment_is_not_contradicted(harbour):
    result = _check(
        harbour, "The Brennick port authority did not respond to a request for comment."
    )
    assert result.verdict is not Verdict.CONTRADICTED, result.reason
