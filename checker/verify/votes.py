"""What a vote's count shows: "the decision was unanimous" is contradicted by minutes that record
"approved by 31 votes to 4", and "the council approved it 31-4" by a source that says it was
approved unanimously.

Neither sentence shares the other's words: "unanimous" against two figures. The relevance reading
of `checker.verify.lexical` finds the count too far from so short a claim to decide ("the
decision was unanimous" has one word a source could state), and no pair model here reads counts.
This reads the claim for what it says of the vote (unanimous, not unanimous, or a count with
votes against) and each retrieved sentence for what it records, and settles the claim when the
two disagree or agree.

A sentence about another vote must not decide: only a sentence that shares a word of the claim
beyond the vote's own words (itself, its heading or the text just before it) is read, and when
the sentences retrieved record more than one outcome (minutes of a meeting with several votes)
the count decides nothing. Hand-written patterns: no library here parses vote counts, and the
ways of writing one are few.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from checker.models import Candidate, Claim, Judgement, judged_text
from checker.retrieval.evidence import context_of
from checker.text_utils import NUMBER_VALUES, number_value, profile

VOTE_COUNT = 0.8  # the probability a recorded count settles what a claim says of the vote

# a council or a court counts in ones, tens and hundreds: four digits would be a year
_NUM = r"\d{1,3}|" + "|".join(sorted(NUMBER_VALUES, key=len, reverse=True))
_DASH = r"\s*(?:-|\u2013|\u2014|to)\s*"
_VOTING = (
    r"(?:voted|votes?|passed|approved|adopted|rejected|carried|defeated|backed|confirmed|"
    r"endorsed|ratified|elected|overturned|upheld|struck\s+down)"
)
_COUNTS = (
    # "by 31 votes to 4", "31 votes to four"
    re.compile(rf"(?<![\w.,])(?P<a>{_NUM})\s+votes?\s+to\s+(?P<b>{_NUM})(?![\w.,]\d)", re.I),
    # "a 31-4 vote", "in a 7-2 decision", "by a 5-4 majority"
    re.compile(
        rf"(?<![\w.,])(?P<a>{_NUM}){_DASH}(?P<b>{_NUM})\s+(?:votes?|decision|majority|ruling|"
        r"verdict|margin)\b",
        re.I,
    ),
    # "voted 31 to 4", "passed the bill 7-2", "approved 12-0 on Tuesday"
    re.compile(
        rf"\b{_VOTING}\s+(?:[\w'’-]+\s+){{0,6}}?(?:by\s+)?(?P<a>{_NUM}){_DASH}(?P<b>{_NUM})"
        r"(?![\w.,]\d)(?!\s*(?:%|per\s*cent|years?|months?|days?|weeks?|hours?|[ap]\.?m\b))",
        re.I,
    ),
    # "31 in favour and 4 against", "31 for, 4 against", "30 members in favour, 12 against"
    re.compile(
        rf"(?<![\w.,])(?P<a>{_NUM})\s+(?:votes?\s+|(?:[a-z]+\s+){{1,2}}?(?=in\s+favou?r))?"
        r"(?:in\s+favou?r|for)(?:\s+of\s+it)?\s*"
        rf"(?:,|;|and|with|to)?\s*(?P<b>{_NUM})\s+(?:votes?\s+)?against\b",
        re.I,
    ),
    # a ballot's return: "521 (77.2 per cent) were in favour of accepting the offer and 154
    # (22.8 per cent) were against"
    re.compile(
        rf"(?<![\w.,])(?P<a>{_NUM})\s*(?:\([^)]{{1,30}}\)\s*)?(?:were|voted)\s+in\s+favou?r\b"
        rf"[^.;]{{0,60}}?\band\s+(?P<b>{_NUM})\s*(?:\([^)]{{1,30}}\)\s*)?(?:were|voted)\s+"
        r"against\b",
        re.I,
    ),
)
_NAMED_SIDES = 3  # from this pattern on, the first number is the votes in favour
# votes against alone: "4 voted against", "with two votes against", "three dissenting votes"
_AGAINST = re.compile(
    rf"(?<![\w.,])(?P<b>{_NUM})\s+(?:[A-Za-z]+\s+){{0,2}}?(?:voted\s+(?:against|no)\b|"
    r"(?:votes?\s+)?against\b(?!\s+(?:a|an|the|it|this|that|\w+ing)\b)|dissent(?:ing|ers|ed)\b|"
    r"opposed\b(?!\s+(?:to|the|a|an|it|this|that)\b))",
    re.I,
)
# the verb of a count says which side won: "defeated by 45 votes to 27", "carried by 8 to 5"
_LOST_VERBS = ["defeated", "rejected", "lost", "overturned", "refused"]
_WON_VERBS = ["approved", "carried", "passed", "adopted", "backed", "endorsed", "ratified"]
_WON_VERBS += ["agreed", "accepted", "granted"]
_OUTCOME = re.compile(
    rf"\b(?:(?P<lost>{'|'.join(_LOST_VERBS)}|voted\s+down|threw\s+out|thrown\s+out)|"
    rf"{'|'.join(_WON_VERBS)})\b(?=[^.;]{{0,80}}$)",
    re.IGNORECASE,
)
_UNANIMOUS = re.compile(
    r"\bunanimous(?:ly)?\b|\bwithout\s+(?:a\s+single\s+|any\s+)?(?:dissent|objection|opposition|"
    r"a\s+vote\s+against|a\s+dissenting\s+vote)\b|\bno(?:\s+one|body)\s+voted\s+against\b|"
    r"\bno\s+(?:votes?\s+against|dissenting\s+votes?|dissent)\b|\bwith\s+no\s+(?:votes?\s+"
    r"against|dissent|objections?)\b",
    re.I,
)
# what denies unanimity just before the word: "was not unanimous", "far from unanimous"
_DENIED = re.compile(
    r"(?:\bnot|\b\w+n['’]t|\bnever|\bfar\s+from|\bshort\s+of|\bless\s+than|\bhardly)\s+(?:\w+\s+)?$",
    re.I,
)
# the vote's own words, which do not show that a sentence is about the claim's vote
_VOTE_WORDS = frozenset(
    profile(
        "vote votes voted voting unanimous unanimously decision decided approve approved "
        "approval favour favor against dissent dissenting said says motion ballot"
    ).term_set
)


@dataclass(frozen=True)
class Outcome:
    """What a text says of a vote: `unanimous`, or how many voted against (None: not said),
    and the words that say it, as written."""

    unanimous: bool
    against: int | None
    words: str
    in_favour: int | None = None  # the larger side of a count
    # the votes for the motion, where the text says which side that was ("27 in favour, 45
    # against"; "defeated by 45 votes to 27": 27): a count read the other way round clashes
    for_motion: int | None = None


_OUTCOME_WORDS = frozenset(profile(" ".join(_LOST_VERBS + _WON_VERBS)).term_set)
_VOTE_SAID = re.compile(r"\b(?:vot|dissent|motion|ballot)", re.I)


def outcome_of(text: str) -> Outcome | None:
    """What `text` says of a vote: unanimous ("approved unanimously", "by 35 votes to 0"), not
    unanimous ("was not unanimous"), a count with votes against ("by 31 votes to 4", "4 voted
    against"); None when it says none of these."""
    for i, pattern in enumerate(_COUNTS):
        found = pattern.search(text)
        if found:
            a, b = (int(number_value(found.group(g))) for g in ("a", "b"))
            verbs = list(_OUTCOME.finditer(text[: found.end()]))
            if i >= _NAMED_SIDES:  # "31 in favour and 4 against": the sides are named
                for_motion: int | None = a
            elif not verbs:
                for_motion = None
            elif verbs[-1].group("lost"):  # the verb nearest the count says who won
                for_motion = min(a, b)  # "defeated by 45 votes to 27": 27 were for it
            else:
                for_motion = max(a, b)
            return Outcome(min(a, b) == 0, min(a, b), found.group(0), max(a, b), for_motion)
    found = _AGAINST.search(text) if _VOTE_SAID.search(text) else None
    if found:
        against = int(number_value(found.group("b")))
        return Outcome(unanimous=against == 0, against=against, words=found.group(0))
    found = _UNANIMOUS.search(text)
    if found:
        denied = _DENIED.search(text[: found.start()])
        words = text[denied.start() : found.end()] if denied else found.group(0)
        return Outcome(unanimous=not denied, against=None, words=words.strip())
    return None


def _clash(claim: Outcome, sentence: Outcome) -> bool | None:
    """True when the sentence's outcome contradicts the claim's, False when it bears it out,
    None when it settles nothing ("not unanimous" does not bear out "31 votes to 4"). Two full
    counts agree only side by side ("30 votes to 12" and "30 members in favour, 12 against"),
    and only the same way round where both say which side was for the motion ("approved by 45
    votes to 27" against "27 in favour, 45 against")."""
    if None not in (claim.for_motion, sentence.for_motion) and (
        claim.for_motion != sentence.for_motion
    ):
        return True
    if claim.in_favour is not None and sentence.in_favour is not None:
        return (claim.in_favour, claim.against) != (sentence.in_favour, sentence.against)
    if claim.against is not None and sentence.against is not None:
        return claim.against != sentence.against if claim.against == 0 else None
    if not claim.unanimous and not sentence.unanimous and claim.against:
        return None
    return claim.unanimous != sentence.unanimous


def by_count(
    claim: Claim, candidates: Sequence[Candidate], judgements: Sequence[Judgement]
) -> list[Judgement]:
    """`judgements`, settled where a retrieved sentence records the outcome of the vote the claim
    speaks of: contradicting when they disagree ("unanimous" against "31 votes to 4"),
    supporting when they agree. Unchanged when the claim says nothing of a vote, when no
    sentence that shares a word of the claim records an outcome, or when the sentences record
    different outcomes (several votes)."""
    said = outcome_of(claim.text)
    if said is None:
        return list(judgements)
    own = profile(claim.search_text).term_set - _VOTE_WORDS
    found: dict[int, tuple[Outcome, bool]] = {}
    around: dict[int, tuple[Outcome, bool]] = {}
    for i, cand in enumerate(candidates):
        text = judged_text(cand)
        recorded = outcome_of(text)
        clash = _clash(said, recorded) if recorded is not None else None
        if recorded is None or clash is None:
            continue
        if own & profile(text).term_set:
            found[i] = (recorded, clash)
            continue
        # what the vote was on may be said just before: minutes give the item, then "The
        # recommendation was carried by eight votes to five"; read only where no sentence
        # names the claim's words itself
        context, preceding = context_of(cand)
        if own & profile(" ".join((context, preceding))).term_set:
            around[i] = (recorded, clash)
    pool = {**around, **found}
    if len({(o.unanimous, o.against, o.in_favour) for o, _ in pool.values()}) == 1:
        found = pool  # one outcome however found: every sentence that records it decides
    elif not found:
        found = around
    if len({(o.unanimous, o.against, o.in_favour) for o, _ in found.values()}) != 1:
        return list(judgements)
    out = list(judgements)
    for i, (recorded, clash) in found.items():
        j = out[i]
        if clash:
            why = f"the claim says '{said.words}', the source records '{recorded.words}'"
            out[i] = replace(
                j,
                supports=0.0,
                contradicts=max(j.contradicts, VOTE_COUNT),
                neutral=1.0 - max(j.contradicts, VOTE_COUNT),
                rationale=why,
                related=max(j.related, VOTE_COUNT),
            )
        elif j.contradicts < VOTE_COUNT and _only_the_vote(
            claim,
            said,
            candidates[i],
            said.for_motion is not None and not clash and recorded.for_motion == said.for_motion,
        ):
            supports = max(j.supports, VOTE_COUNT)
            out[i] = replace(
                j,
                supports=supports,
                contradicts=min(j.contradicts, 1.0 - supports),
                neutral=max(0.0, 1.0 - supports - min(j.contradicts, 1.0 - supports)),
                rationale=f"the source records the vote as '{recorded.words}'",
                related=max(j.related, VOTE_COUNT),
            )
    return out


def _only_the_vote(claim: Claim, said: Outcome, candidate: Candidate, same_way: bool) -> bool:
    """Whether the vote is all the claim says that the sentence (with its title, heading and
    the text before it) does not: every other word of the claim is stated there, and the claim
    states no figure besides the count. "The harbour council's decision was not unanimous" is
    borne out by the count; "The council unanimously approved a £50m budget" is not borne out
    by "approved unanimously" alone, nor "councillors voted by 30 votes to 12 to raise the
    fare by 15%" by the count alone. Where both say which side was for the motion
    (`same_way`), the verb that says how it went is borne out too: "defeated by 45 votes to
    27" by "lost, with 27 Members voting in favour, 45 against"."""
    rest = profile(claim.text.replace(said.words, " "))
    if rest.quantities:
        return False
    context, preceding = context_of(candidate)
    stated = profile(" ".join((judged_text(candidate), context, preceding))).term_set
    settled = _OUTCOME_WORDS if same_way else frozenset()
    return rest.term_set - _VOTE_WORDS - settled <= stated
