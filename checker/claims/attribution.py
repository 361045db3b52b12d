"""Sourcing flags: how a claim is attributed, kept apart from its verdict.

No library can check "sources say" or "experts warn": an editor wants such sourcing pointed out.
Each flag names its kind and the article characters that raised it, so the report, exports, CLI
and app can highlight the words. Flags are read from the claim's own sentence; one more flag
marks an article that never names a source at all.

Phrase patterns rather than a model: the kinds are defined by their wording, there is no
labelled set for them here, and each pattern is tested on sentences written for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from checker.models import Article, Claim, Flag, FlagKind
from ingest.text import FUNCTION_CAPS, MONTHS, wordset

_NAME = r"(?:[A-Z][\w.&'’\-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w.&'’\-]*)*)"

_PATTERNS: dict[FlagKind, tuple[re.Pattern[str], ...]] = {
    FlagKind.ANONYMOUS: (
        re.compile(
            r"\b(?:(?:un)?named\s+|anonymous\s+|several\s+|multiple\s+|two\s+|three\s+)?"
            r"sources?\s+(?:say|said|says|told|claim|claimed|close\s+to|familiar\s+with)\b",
            re.IGNORECASE,
        ),
        # "a source at the hospital said", "sources inside the council say"
        re.compile(
            r"\b(?:(?:an?|one|another)\s+(?:senior\s+)?source|sources)\s+(?:at|in|inside|within|on|from)\s+"
            r"[^,.;:\"“”]{1,50}?\s+(?:say|said|says|told|claim|claimed)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:speaking|spoke)\s+on\s+(?:the\s+)?condition\s+of\s+anonymity\b", re.I),
        re.compile(r"\baccording\s+to\s+(?:(?:un)?named\s+|anonymous\s+)?sources\b", re.I),
        re.compile(r"\b(?:people|persons?|someone)\s+familiar\s+with\b", re.IGNORECASE),
        re.compile(r"\b(?:an?\s+)?(?:unnamed|anonymous)\s+\w+", re.IGNORECASE),
        re.compile(
            r"\bwho\s+(?:asked|spoke\s+on\s+condition)\s+(?:not\s+to\s+be\s+named|of\s+anonymity)",
            re.I,
        ),
        re.compile(
            r"\b(?:confirmed|reported|revealed|told)\s+by\s+(?:multiple|several|many|some|two|"
            r"three|a\s+number\s+of)\s+(?:former\s+|current\s+)?\w+",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:is|are|was|were)\s+(?:reportedly|said\s+to|reported\s+to)\b", re.I),
        re.compile(r"\b(?:reportedly|allegedly)\b", re.IGNORECASE),
    ),
    FlagKind.VAGUE_AUTHORITY: (
        re.compile(
            r"\b(?:(?:many|some|most|leading|top|industry|independent|legal|security)\s+)?"
            r"(?:experts|critics|observers|analysts|commentators|insiders|watchers|"
            r"scientists|researchers|advocates)\s+"
            r"(?:warn|warned|say|said|says|believe|believed|argue|argued|fear|feared|"
            r"agree|agreed|note|noted|suggest|suggested|predict|predicted|claim|claimed)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:some|many)\s+(?:say|believe|argue|fear|claim)\b", re.IGNORECASE),
        re.compile(r"\bit\s+is\s+(?:widely\s+)?(?:believed|thought|said|known)\b", re.IGNORECASE),
        re.compile(
            r"\b(?:studies|research|reports)\s+(?:show|shows|suggest|suggests|have\s+shown)\b", re.I
        ),
    ),
    FlagKind.PRIVATE_CHANNEL: (
        re.compile(
            r"\b(?:internal|private|leaked|confidential)\s+(?:\w+\s+)?"
            r"(?:communications?|channels?|emails?|e-mails?|memos?|messages?|documents?|"
            r"chats?|meetings?|discussions?|slack|recordings?|notes)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\bbehind\s+closed\s+doors\b", re.IGNORECASE),
    ),
    FlagKind.SUPERLATIVE: (
        re.compile(
            r"\b(?:the\s+)?world['’]s\s+(?:\w+[\s-])?(?:most|largest|biggest|best|fastest|first|"
            r"leading|top|greatest|smartest)\b[\w\s-]{0,40}?(?=[,.;—–]|\s+(?:is|was|has)\b|$)",
            re.IGNORECASE,
        ),
        re.compile(
            r"\bthe\s+most[\s-](?:downloaded|popular|used|widely\s+used|powerful|advanced|"
            r"important|influential|successful)\b[\w\s-]{0,30}?\bon\s+earth\b",
            re.I,
        ),
        re.compile(
            r"\b(?:of\s+all\s+time|ever\s+(?:made|built|recorded|seen)|unprecedented)\b", re.I
        ),
    ),
}

# a named source: "Alibaba said", "said Jane Doe", "according to Alibaba Cloud", "told Reuters"
_REPORTING = (
    r"(?:said|says|told|announced|confirmed|stated|wrote|explained|denied|added|noted|"
    r"responded|replied|reported|testified)"
)
_NAMED_SOURCE = (
    re.compile(rf"\b{_NAME}\s+(?:has\s+|have\s+)?{_REPORTING}\b"),
    # "Roger Elstow, the chair of trustees, said"
    re.compile(rf"\b{_NAME},\s+[^,.;:]{{1,80}},\s+(?:has\s+|have\s+)?{_REPORTING}\b"),
    re.compile(rf"\b{_REPORTING}\s+{_NAME}\b"),
    re.compile(rf"\b(?i:according)\s+to\s+(?:the\s+)?{_NAME}"),
    re.compile(rf"\btold\s+(?:the\s+)?{_NAME}"),
)
_NOT_NAMES = wordset(
    """Sources Experts Critics Observers Analysts Officials Insiders People Some Many It They
    He She We The A An This That These Those Contributors Developers"""
)


_ARTICLES = wordset("The A An")


def _clean(text: str) -> str:
    return text.strip(" ,.;:—–-")


def claim_flags(text: str, start: int = 0, end: int | None = None) -> tuple[Flag, ...]:
    """The sourcing flags of text[start:end], with the offsets (into `text`) of their words."""
    end = len(text) if end is None else end
    sentence = text[start:end]
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                words = _clean(m.group())
                if not words:
                    continue
                s = start + m.start() + m.group().index(words)
                e = s + len(words)
                if any(s < te and ts < e for ts, te in taken):
                    continue  # one flag per run of words
                taken.append((s, e))
                flags.append(Flag(kind, words, s, e))
    return tuple(sorted(flags, key=lambda f: (f.start, f.kind.value)))


def names_a_source(text: str) -> bool:
    """Whether the text attributes anything to a named person or organisation."""
    for pattern in _NAMED_SOURCE:
        for m in pattern.finditer(text):
            names = re.findall(_NAME, m.group())
            if any(_names_someone(n) for n in names):
                return True
    return False


def _names_someone(name: str) -> bool:
    """ "The Charity Oversight Commission" names a body; "The company", "Sources", "In March"
    do not (a word capitalised only because it opens the sentence names no one)."""
    words = name.split()
    while words and (words[0] in _ARTICLES or words[0].lower() in FUNCTION_CAPS):
        words = words[1:]
    return bool(words) and words[0] not in _NOT_NAMES and words[0].lower() not in MONTHS


def flag_claims(article: Article, claims: Sequence[Claim]) -> list[Claim]:
    """The claims with their sourcing flags read from the article text at their offsets."""
    out = []
    for claim in claims:
        if 0 <= claim.start <= claim.end <= len(article.text):
            out.append(replace(claim, flags=claim_flags(article.text, claim.start, claim.end)))
        else:
            out.append(claim)
    return out


def article_flags(article: Article, claims: Sequence[Claim]) -> tuple[Flag, ...]:
    """One flag when the article makes claims and never names a source for any of them."""
    if not claims or names_a_source(article.text):
        return ()
    return (Flag(FlagKind.NO_NAMED_SOURCE, "", 0, 0),)
