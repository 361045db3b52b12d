"""What a source's existence shows: "Alibaba has issued no public statement" is contradicted by
the library itself when it holds a public statement by Alibaba.

No sentence of such a statement says "we issued a statement": the statement IS the evidence,
so no verifier that reads (claim, sentence) pairs can find it. This reads the claim for a
denial that a named party spoke publicly, and a source for being that party's public word: its
title calls it the party's statement (press release, announcement...) or a byline says the
party published or issued it. The quote is that title or byline, verbatim from the source.

Only public silence is read: "did not respond to a request for comment" and "declined to
comment" are about a reporter's own request, which no published statement contradicts. A
statement dated after the article does not contradict what was true when the article was
written, so the rationale asks the editor to compare the dates (an article's date is not
always known). Hand-written patterns: no library here parses claims about speech acts, and
the cases are few and closed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checker.models import Candidate, Claim, Judgement
from checker.text_utils import claim_core
from ingest.models import Source

ON_RECORD = 0.8  # the probability a found statement contradicts the claim with

_LEAD = re.compile(
    r"^(?:(?:meanwhile|so far|as yet|to date|yet|but|and|still|however|for now|thus far)"
    r"\s*,?\s+)+",
    re.IGNORECASE,
)
_HAVE = r"(?:has|have|had)(?:\s+(?:so far|yet|still|thus far))?"
_KIND = r"(?:statements?|comments?|responses?|announcements?|explanations?|remarks?)"
_SILENT = re.compile(
    rf"""^(?P<party>[^,;:]+?)\s+(?:
        {_HAVE}\s+(?:issued|made|released|published|given|offered|put\s+out)\s+no\s+
            (?:(?:public|official|formal|further)\s+)*{_KIND}
      | {_HAVE}\s+not\s+(?:yet\s+)?(?:
            publicly\s+(?:commented|responded|spoken|addressed)
          | commented(?:\s+publicly)?
          | (?:issued|made|released|published|given)\s+(?:an?|any)\s+
                (?:(?:public|official|formal)\s+)*{_KIND}
          | spoken\s+publicly | responded\s+publicly | addressed\s+\S+(?:\s+\S+)*?\s+publicly)
      | {_HAVE}\s+yet\s+to\s+(?:publicly\s+)?(?:comment|speak\s+publicly|respond\s+publicly
            |issue\s+(?:an?|any)\s+(?:(?:public|official|formal)\s+)*{_KIND})
      | (?:{_HAVE}\s+(?:remained|been|stayed|kept)|is|was|remains|remained)\s+
            (?:publicly\s+)?(?:silent|quiet)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_KINDS_OF_WORD = re.compile(
    r"\b(?:statement|press release|news release|announcement|response|open letter|blog post|"
    r"notice)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?:published|issued|released|posted)\s+by\s+(?P<who>[^\n]+?)\s*$", re.IGNORECASE
)
_NAME = re.compile(r"\b[A-Z][\w&.-]*")
_NOT_NAMES = frozenset({"The", "A", "An", "Its", "Their", "It", "They", "He", "She", "This"})
BYLINE_REACH = 600  # how far into a source its byline is looked for


@dataclass(frozen=True)
class Statement:
    """Where a source says who made it public: `source.text[start:end] == quote`."""

    quote: str
    start: int
    end: int


def silent_party(text: str) -> str:
    """The party a claim says made no public statement ("Alibaba" of "Meanwhile, Alibaba has
    issued no public statement."); "" when the claim says no such thing or names no party (a
    pronoun, "the company")."""
    sentence = _LEAD.sub("", claim_core(text).strip())  # "Reuters reported that ..." dropped
    found = _SILENT.match(sentence)
    if not found:
        return ""
    party = found.group("party").strip()
    return party if _names(party) else ""


def _names(party: str) -> list[str]:
    return [n for n in _NAME.findall(party) if n not in _NOT_NAMES]


def _first_name_at(text: str, party: str) -> int:
    """Where the first name of `party` occurs in `text` as a word; -1 when it does not."""
    name = _names(party)[0]
    found = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
    return found.start() if found else -1


def statement_by(party: str, source: Source) -> Statement | None:
    """The title or byline that makes `source` a public statement by `party`, or None.

    The title must name the party before the kind of document ("Alibaba Cloud statement on
    the Qwen team") or after "by"/"from" ("Statement from Alibaba"): a title that only names
    the party as the subject ("Statement on Alibaba's layoffs") is someone else's word. A
    byline must say the party published or issued it ("Published by Alibaba Cloud
    Communications")."""
    text = source.text
    title = source.title.strip()
    kind = _KINDS_OF_WORD.search(title) if title else None
    if kind:
        at = _first_name_at(title, party)
        by = re.search(r"\b(?:by|from)\s+", title[kind.end() :], re.IGNORECASE)
        if 0 <= at < kind.start() or (by and at >= kind.end() + by.end()):
            start = text.find(title, 0, BYLINE_REACH)
            if start >= 0:
                return Statement(title, start, start + len(title))
    at = 0
    for line in text[:BYLINE_REACH].splitlines(keepends=True):
        byline = _BYLINE.match(line)
        if byline and _first_name_at(byline.group("who"), party) >= 0:
            quote = line.strip()
            start = text.index(quote, at)
            return Statement(quote, start, start + len(quote))
        at += len(line)
    return None


def on_record(
    claim: Claim, candidates: Sequence[Candidate], sources: Mapping[str, Source | None]
) -> tuple[list[Candidate], list[Judgement]]:
    """A contradicting (candidate, judgement) for each retrieved source that is a public
    statement by the party the claim says stayed silent; nothing when the claim says no such
    thing. Only sources retrieved for the claim are read: a statement on another subject is
    not found for it."""
    party = silent_party(claim.text) or silent_party(claim.search_text)
    if not party:
        return [], []
    found_c: list[Candidate] = []
    found_j: list[Judgement] = []
    for cand in candidates:
        source = sources.get(cand.source_id)
        if source is None or any(c.source_id == source.id for c in found_c):
            continue
        statement = statement_by(party, source)
        if statement is None:
            continue
        dated = f", published {source.published}" if source.published else ""
        found_c.append(
            Candidate(
                source_id=source.id,
                chunk_id=cand.chunk_id,
                quote=statement.quote,
                start=statement.start,
                end=statement.end,
                retrieval_rank=cand.retrieval_rank,
                retrieval_score=cand.retrieval_score,
                sentence_score=cand.sentence_score,
            )
        )
        found_j.append(
            Judgement(
                supports=0.0,
                contradicts=ON_RECORD,
                neutral=1.0 - ON_RECORD,
                rationale=(
                    f"the library holds a public statement by {party}{dated}; "
                    "if it came after the article, the claim may have been true when written"
                ),
                related=1.0,
            )
        )
    return found_c, found_j
