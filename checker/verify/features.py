"""Alignment features between a claim and one evidence sentence.

Two kinds, kept apart on purpose:

- relevance features (`RELEVANCE_FEATURES`): how much of the claim the sentence is about (word
  coverage weighted by rarity, names and numbers addressed, retrieval and sentence ranks).
  They do not depend on the direction: a sentence that says the opposite of the claim covers it
  as well as one that repeats it, because an antonym, a negated word or a different value of the
  same quantity counts as "addressed".
- mismatch signals (`Alignment.mismatches`): explicit reasons why the sentence says something
  else (a clashing number or date, a negation on an aligned word, an antonym, a swapped name).
  Only these decide the direction (supports vs contradicts).

All features are ratios, ranks or flags: no raw retrieval scores, so they mean the same in a
library of ten sources and in one of a hundred thousand.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from checker.claims.checkworthiness import is_finite_verb
from checker.text_utils import (
    CLAUSE_BREAK_RE,
    DATE_KINDS,
    FAIL_WORDS,
    HONORIFICS,
    NUMBER_VALUES,
    PRIOR_LABEL,
    Bound,
    Quantity,
    TextProfile,
    change_differences,
    change_factors,
    changed_by,
    claim_core,
    comparable,
    different_numbers,
    extract_quantities,
    is_change,
    part_shares,
    profile,
    same_counted,
    same_number,
    stem,
    strip_negation_prefix,
    synonyms,
    without_swaps,
)
from ingest.artifacts import data_path
from ingest.errors import ModelLoadError
from ingest.text import MONTHS, WEEKDAYS, normalise_quotes

DATA_DIR = data_path("verifier")
IDF_FILE = DATA_DIR / "idf.json"
REBUILD_HINT = "rebuild it with `python scripts/train_verifier.py`"


# -- term weights ----------------------------------------------------------------------------------


class TermWeights:
    """Inverse document frequencies of word stems in a general text sample.

    A word that is not in the table is rare, and weighs the most.
    """

    def __init__(self, doc_freq: dict[str, int], n_docs: int) -> None:
        self.doc_freq = doc_freq
        self.n_docs = max(n_docs, 1)
        self.max_weight = math.log((self.n_docs + 1) / 0.5)

    def __call__(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.doc_freq.get(term, 0) + 0.5))

    @classmethod
    def uniform(cls) -> TermWeights:
        """Every word weighs the same (for tests and for building the table itself)."""
        return cls({}, 1)


@lru_cache(maxsize=4)
def load_term_weights(path: Path = IDF_FILE) -> TermWeights:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return TermWeights({str(k): int(v) for k, v in data["df"].items()}, int(data["n_docs"]))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(f"cannot read the word weights {path}: {exc}; {REBUILD_HINT}") from exc


# -- sentences that assert nothing -----------------------------------------------------------------

# A sentence that asks, states an aim or says something is not known is about the claim without
# asserting it: "OBJECTIVE To assess whether screening leads to improvements in vision" neither
# supports nor contradicts "Screening leads to improved vision", nor does "Officials are
# investigating whether the team was removed" settle "The team was removed". Hand-written
# patterns: no library here marks non-assertive sentences (that is what an NLI model learns).
_STUDY_VERBS = (
    r"(?:assess|determine|examine|investigate|evaluate|test|compare|explore|identify|establish"
    r"|analy[sz]e|characteri[sz]e|clarify|address|describe|estimate|quantify|measure|study"
    r"|understand|elucidate|ascertain|review|see)"
)
_HEADING = (
    r"(?:OBJECTIVES?|AIMS?|PURPOSE|QUESTIONS?|(?:STUDY )?DESIGN|SETTINGS?|PARTICIPANTS"
    r"|INTERVENTIONS?|METHODS?|MEASUREMENTS?|MAIN OUTCOMES?(?: AND)? MEASURES?"
    r"|(?:Objectives?|Aims?|Purpose)\s*:)"
)
_METHOD_VERBS = (
    r"(?:determined|measured|assessed|evaluated|examined|analy[sz]ed|recorded|quantified"
    r"|estimated|compared|studied|investigated|calculated|collected|obtained|monitored)"
)
AIM = "states an aim"  # why a sentence asserts nothing: it says what a study set out to do
_NOT_ASSERTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\?[\s\"')\]]*$"), "asks a question"),
    (re.compile(rf"^\W*{_HEADING}(?![a-z])"), "describes the study, not a finding"),
    (
        re.compile(r"^\W*(?:[A-Z]+ AND )?(?:METHODS?|MATERIALS)\b(?![a-z])"),
        "describes the study, not a finding",
    ),
    # "Levels of homocysteine and vitamin B12 were also determined."
    (
        re.compile(rf"\b(?:was|were)\s+(?:\w+ly\s+|also\s+|then\s+)?{_METHOD_VERBS}\W*$"),
        "describes the study, not a finding",
    ),
    (
        re.compile(
            r"^\W*(?:(?:Here|In this (?:study|review|paper|work|article)),?\s+)?we (?:"
            # not "we estimate a rate of 1.29%", "we identified three genes": those report
            r"(?:examine|investigate|assess|evaluate|explore|test|compare|analy[sz]e)d?\b"
            r"|(?:examin|investigat|assess|evaluat|explor|test|compar|analy[sz]|stud)(?:es|ed|ied|y)"
            r"\b|focus(?:ed)?\b|sought\b|aimed\b)(?!\s+that\b)",
            re.IGNORECASE,
        ),
        AIM,
    ),
    (
        re.compile(
            r"\b(?:is|are|was|were|has been|have been) (?:proposed|hypothesi[sz]ed|speculated"
            r"|postulated) to\b",
            re.IGNORECASE,
        ),
        "states a hypothesis",
    ),
    (re.compile(rf"^\W*(?:[A-Z][A-Z ,]{{2,}}\s+)?To {_STUDY_VERBS}\b"), "states an aim"),
    (
        re.compile(
            rf"\b(?:aim(?:ed|s)?|sought|seeks?|set out|(?:was|were|is|are) (?:designed|intended"
            rf"|undertaken|conducted|performed)) to {_STUDY_VERBS}\b"
            r"|\b(?:aim|purpose|objective|goal)s? of (?:this|the|our|the present) \w+ (?:was|is) to"
            r"|\b(?:study|trial|review|research|primary|main) (?:aim|purpose|objective|goal)s? "
            r"(?:was|were|is|are) to\b"
            r"|\bwith the aim (?:of|to)\b"
            r"|\b(?:investigat|examin|assess|evaluat|test|ask|explor|stud|determin|look)\w* "
            r"(?:into )?whether\b",
            re.IGNORECASE,
        ),
        AIM,
    ),
    (
        re.compile(
            # within the sentence's first clause: "X does Y, but how is unknown" asserts X
            r"^(?:(?!\bbut\b|\bwhile\b|;).)*?\b(?:whether|if|how|why)\b[^;.]*"
            r"\b(?:remains?|is|are|was|were)\s+(?:still\s+|largely\s+|currently\s+)?"
            r"(?:unknown|unclear|uncertain|poorly understood|unresolved|controversial|debated"
            r"|to be (?:determined|established)"
            r"|not (?:yet |well |fully )?(?:known|clear|understood|established|determined))\b"
            r"|\b(?:it|this) (?:is|remains) (?:still |currently )?(?:unknown|unclear|uncertain"
            r"|not (?:yet )?(?:known|clear)) (?:whether|if|how)\b"
            r"|^(?:(?!\bbut\b|\bwhile\b|;).)*?\b(?:little|nothing) is (?:yet )?known\b",
            re.IGNORECASE,
        ),
        "says it is not known",
    ),
    # "the Board considered a proposal from the Chief Operating Officer to close the unit":
    # what a meeting was asked to decide, not what it decided (the next sentence says that)
    (
        re.compile(
            r"\b(?:consider(?:ed|s)?|discuss(?:ed|es)?|debat(?:ed|es)|receiv(?:ed|es)|"
            r"tabled|heard|submitted|put forward|presented)\s+(?:a|an|the)\s+(?:draft\s+)?"
            r"(?:proposal|motion|recommendation|request|application|plan)s?\s+"
            r"(?:[\w'’-]+\s+){0,7}?to\s+(?!be\b)[a-z]+"
            # ... unless the sentence says what became of it ("..., which was carried")
            r"(?!.*\b(?:carried|approved|passed|agreed|adopted|rejected|defeated|voted|declined"
            r"|refused|deferred|endorsed|accepted|withdrawn)\b)",
            re.IGNORECASE,
        ),
        "states a proposal, not a decision",
    ),
)
# ... unless the sentence also reports what was found ("We tested whether X and found that Y")
_FINDING = re.compile(
    r"\b(?:found|finds?|show(?:s|ed|n)?|demonstrat\w*|reveal\w*|indicat\w*|suggest\w*"
    r"|conclud\w*|confirm\w*)\b",
    re.IGNORECASE,
)


# "Application 25/0933/FUL: erection of 48 flats above the car park." names an item of the
# minutes, not what became of it (that the committee refused, approved or deferred it)
_ITEM_LABEL = re.compile(
    r"^\W*(?:(?:agenda\s+)?item\s+[\w.]*\d[\w.]*[.:)]?\s+)?"  # "Item 6. Application ...:"
    r"(?:(?:planning\s+)?application|(?:agenda\s+)?item|motion|petition|appeal|case|"
    r"ref(?:erence)?\.?)\s+[\w/.-]*\d[\w/.-]*\s*:\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


def _unasserted_sentence(sentence: str) -> str:
    text = " ".join(normalise_quotes(sentence).split())
    label = _ITEM_LABEL.match(text)
    if label and not any(is_finite_verb(w) for w in re.findall(r"[\w'’]+", label["rest"])):
        return "names an item, not what became of it"
    for pattern, why in _NOT_ASSERTED:
        if pattern.search(text):
            return "" if _FINDING.search(text) else why
    return ""


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z])")


@lru_cache(maxsize=4096)
def not_asserted(evidence: str) -> str:
    """Why `evidence` asserts nothing it could support or contradict a claim with ("asks a
    question", AIM, ...), or "" when it asserts: a text of several sentences
    (a passage) asserts when one of them does."""
    # a rough split is enough here (evidence is a sentence or two), and ten times cheaper
    # than the segmenter that cut them
    parts = _SENTENCE_BREAK.split(evidence.strip())
    # a numbering label ("Item 6.") is no sentence of its own
    parts = [p for p in parts if len(p.split()) > 2] or parts
    reasons = [_unasserted_sentence(part) for part in parts]
    return reasons[0] if all(reasons) else ""


# -- antonyms --------------------------------------------------------------------------------------

# (words on one side, words on the other, weight as contradiction evidence). Word forms are
# listed because irregular ones (rose, fell, won, lost) do not share a stem.
_ANTONYM_TABLE: tuple[tuple[str, str, float], ...] = (
    (
        "increase increased increases increasing rise rises rose risen rising grow grows grew "
        "grown growing gain gained gains climb climbed climbs jump jumped surge surged soar "
        "soared boost boosted expand expanded expands raise raised raises doubled tripled "
        "elevate elevated elevates augment augmented augments widen widened widens",
        "decrease decreased decreases decreasing fall falls fell fallen falling drop dropped "
        "drops decline declined declines shrink shrank shrunk shrinks reduce reduced reduces "
        "reduction cut cuts slump slumped plunge plunged contract contracted halved lowered dip "
        "dipped dips diminish diminished diminishes lessen lessened lessens narrow narrowed "
        "narrows",
        0.7,
    ),
    (
        "higher greater larger bigger more above exceed exceeded exceeds over",
        "lower smaller less fewer below under",
        0.45,
    ),
    ("high highest maximum max", "low lowest minimum min", 0.4),
    (
        "open opened opens opening reopen reopened unlock unlocked unlocks",
        "close closed closes closing shut shuts lock locked locks locking",
        0.7,
    ),
    (
        "approve approved approves approval accept accepted accepts pass passed passes allow "
        "allowed allows permit permitted legal legalised legalized",
        "reject rejected rejects rejection deny denied denies refuse refused refuses block "
        "blocked veto vetoed ban banned bans prohibit prohibited illegal forbid forbidden "
        "outlawed",
        0.7,
    ),
    ("win wins won winning victory", "lose loses lost losing defeat defeated", 0.7),
    ("before earlier prior previously", "after later afterwards subsequently", 0.45),
    (
        "add added adds adding include included includes",
        "remove removed removes removing exclude excluded excludes delete deleted dropped",
        0.6,
    ),
    (
        "support supported supports supporting favour favor backed endorse endorsed",
        "oppose opposed opposes opposing against reject rejected",
        0.6,
    ),
    ("agree agreed agrees agreement", "disagree disagreed disagrees disagreement", 0.7),
    ("confirm confirmed confirms", "deny denied denies", 0.6),
    ("positive positively", "negative negatively", 0.5),
    ("success successful succeed succeeded", "failure unsuccessful", 0.6),
    (
        "hire hired hires hiring appoint appointed appoints",
        "fire fired fires dismiss dismissed sack sacked layoff laid",
        0.6,
    ),
    (
        "start started starts begin began begun launch launched",
        "end ended ends stop stopped stops halt halted cancel cancelled canceled terminate "
        "terminated",
        0.5,
    ),
    (
        "alive live lived survive survived survival",
        "dead die died dies death deaths kill killed",
        0.5,
    ),
    ("safe safety", "unsafe dangerous harmful", 0.5),
    ("better improve improved improves improvement", "worse worsen worsened worsens", 0.6),
    ("good best", "bad poor worst", 0.4),
    ("first earliest", "last latest final", 0.35),
    ("first", "second third fourth fifth", 0.45),
    ("second", "third fourth fifth", 0.45),
    ("majority most", "minority least", 0.45),
    # "the regulator, which ordered the recall" against "a voluntary recall initiated by the
    # manufacturer"
    ("mandatory compulsory ordered mandated forced compelled", "voluntary voluntarily", 0.6),
    # a verdict or a vote: "unanimous verdicts" against "a majority of eleven to one"
    ("unanimous unanimously", "majority split divided", 0.6),
    (
        "all every entire whole always",
        "most some many several few part partly partially majority half sometimes often",
        0.45,
    ),
    ("ahead", "behind", 0.6),
    # a deadline: "missed the June deadline" against "published ... within the deadline"
    ("meet meets met within", "miss misses missed", 0.6),
    ("true correct accurate", "false incorrect wrong inaccurate", 0.6),
    ("public publicly", "private privately", 0.5),
    ("profit profits profitable", "loss losses unprofitable", 0.5),
    ("strong stronger strengthen strengthened", "weak weaker weaken weakened", 0.5),
    ("major", "minor", 0.4),
    ("early", "late", 0.4),
    ("buy bought buys purchase purchased acquire acquired", "sell sold sells", 0.6),
    ("import imports imported", "export exports exported", 0.6),
    ("fast faster quick quicker accelerate accelerated", "slow slower slowed delay delayed", 0.5),
    ("long longer", "short shorter", 0.4),
    ("young younger", "old older", 0.4),
    ("cheap cheaper inexpensive", "expensive costlier", 0.5),
    ("internal inside", "external outside", 0.4),
    (
        "activate activates activated activation induce induces induced promote promotes "
        "promoted enhance enhances enhanced stimulate stimulates stimulated upregulate "
        "upregulated upregulates facilitate facilitates facilitated encourage encourages "
        "encouraged",
        "inhibit inhibits inhibited inhibition suppress suppresses suppressed impair impairs "
        "impaired attenuate attenuates attenuated downregulate downregulated downregulates "
        "impede impedes impeded hinder hinders hindered repress represses repressed",
        0.6,
    ),
    ("present presence", "absence", 0.5),
    (
        "overestimate overestimates overestimated overestimating overestimation overstate "
        "overstates overstated",
        "underestimate underestimates underestimated underestimating underestimation "
        "understate understates understated",
        0.7,
    ),
    ("with", "without", 0.0),  # handled as negation; listed so neither side counts as unrelated
    # a decision put off is neither taken one way nor the other: "approved" and "threw out"
    # against minutes that record "consideration ... be deferred". Read across the whole
    # sentence (antonym_groups), not only next to the words both texts share: a meeting's
    # "RESOLVED: ... deferred" settles the item it closes, however far from its words.
    (
        "approve approved approves approval accept accepted pass passed grant granted",
        "defer deferred defers deferral postpone postponed postpones adjourn adjourned",
        0.6,
    ),
    (
        "reject rejected rejects rejection refuse refused refuses threw thrown",
        "defer deferred defers deferral postpone postponed postpones adjourn adjourned",
        0.6,
    ),
)


# Groups whose two sides leave no middle: what is not open is closed, who did not win lost.
# There a negated opposite restates ("closed" and "will not open"); "did not increase" is not
# "decreased", so gradable groups keep their clash (named by the first word of their left side).
_COMPLEMENTARY = frozenset(
    {"open", "approve", "win", "agree", "confirm", "alive", "true", "public", "present", "safe"}
    | {"success", "meet"}
)


@dataclass(frozen=True)
class AntonymGroup:
    left: frozenset[str]
    right: frozenset[str]
    weight: float
    complementary: bool = False
    reach: int = 6  # tokens from a shared word within which a side's word counts (_near)


@lru_cache(maxsize=1)
def antonym_groups() -> tuple[AntonymGroup, ...]:
    groups = []
    for left, right, weight in _ANTONYM_TABLE:
        if weight <= 0:
            continue
        groups.append(
            AntonymGroup(
                frozenset(stem(w) for w in left.split()),
                frozenset(stem(w) for w in right.split()),
                weight,
                left.split()[0] in _COMPLEMENTARY,
                1_000 if "defer" in right.split() else 6,  # a decision put off: see above
            )
        )
    return tuple(groups)


# -- alignment -------------------------------------------------------------------------------------

CONTEXT_CREDIT = 0.6  # a claim word found only in the sentence's title or heading counts this much
PRECEDING_CREDIT = 0.4  # ... only in the text just before the sentence


@dataclass(frozen=True)
class Mismatch:
    kind: str  # "number", "date", "negation", "antonym", "entity", "rank", "position"
    weight: float  # strength as contradiction evidence, in [0, 1]
    detail: str  # one line for the rationale: "41 million vs 14.2 million"


@dataclass(frozen=True)
class Alignment:
    coverage: float  # IDF-weighted share of the claim's words the sentence addresses
    coverage_plain: float  # the same, unweighted
    precision: float  # IDF-weighted share of the sentence's words that are in the claim
    bigrams: float  # share of the claim's adjacent word pairs found near each other
    missing_max: float  # weight of the heaviest claim word not addressed / heaviest claim word
    entities_missing: float  # share of the claim's names absent from the sentence
    numbers_missing: float  # share of the claim's quantities neither matched nor contradicted
    numbers_agree: float  # share of the claim's quantities stated with the same value
    claim_terms: int
    sentence_terms: int
    numbers_total: int = 0  # how many quantities the claim states
    missing_figures: int = 0  # the claim's numbers (not dates) the sentence does not address
    missing_dates: int = 0
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)
    # share of the claim's quantities not addressed whose value the sentence states of another
    # noun ("1,100 jobs" and "1,100 positions"): no agreement, but a sign of the same fact
    values_seen: float = 0.0
    # how much of what a clashing figure of the claim measures the sentence names (see
    # `_figure_cover`); 0 when no figure clashes
    figure_cover: float = 0.0


def _quantity_text(q: Quantity, text: str) -> str:
    return text[q.start : q.end]


# a span of time in days, so that "six months" meets "26 weeks" and "a fortnight" "two weeks"
_DAYS = {"day": 1.0, "week": 7.0, "fortnight": 14.0, "month": 30.44, "year": 365.25,
         "decade": 3652.5}  # fmt: skip
DURATION_SLACK = 0.05  # how far apart two spans in different units may be and still agree


def _same_duration(q: Quantity, s: Quantity) -> bool:
    if q.kind != "count" or s.kind != "count" or q.context == s.context:
        return False
    if q.context not in _DAYS or s.context not in _DAYS or q.bound is not s.bound:
        return False
    a, b = q.value * _DAYS[q.context], s.value * _DAYS[s.context]
    return abs(a - b) <= DURATION_SLACK * max(a, b)


def _agrees(q: Quantity, s: Quantity) -> bool:
    return (
        q.kind == s.kind
        and same_number(q, s)
        and (not q.context or not s.context or same_counted(q, s))
    ) or _same_duration(q, s)


def _compare_quantities(
    claim: TextProfile, sentence: TextProfile, context: TextProfile | None = None
) -> tuple[int, list[Quantity], list[Mismatch], list[Quantity]]:
    """(agreeing, the claim's quantities the sentence does not address, clashes, the claim's
    figures (not dates) that clash, whether a share agreed as the rest of one the sentence
    states the other way).

    A figure clashes when the sentence states a different value of the same kind of quantity
    (same unit; for plain counts, the same counted word) and not the claim's. Dates are looser:
    a month or year clashes only when none of the claim's months (years) is in the sentence, so
    "from February to March" is not contradicted by a sentence about March alone. A value
    stated in the sentence's context (its source's title or heading) agrees too; only the
    sentence itself can clash.
    """
    agree = 0
    missing: list[Quantity] = []
    clashes: list[Mismatch] = []
    clashing: list[Quantity] = []
    around = context.quantities if context is not None else ()
    stated = list(sentence.quantities)
    if any(q.kind == "factor" for q in claim.quantities):  # "doubled" against "up 40 per cent"
        stated += change_factors(sentence.text, sentence.quantities)
    # "about a third of the route" against "Of the 12.3 km route, 4.1 km ...": the share a
    # part and its whole make agrees; it never clashes (which whole it is of is the reader's)
    shares = (
        part_shares(sentence.text, sentence.quantities)
        if any(q.kind == "percent" for q in claim.quantities)
        else []
    )
    other_period = _other_period(claim, sentence)
    # "one in ten crimes were not being recorded" against "recorded 91.3 per cent of crimes":
    # a share the claim says is not, against the share the sentence says is
    complements = (
        [replace(s, value=100.0 - s.value) for s in sentence.quantities if s.kind == "percent"]
        if claim.negated - sentence.negated
        else []
    )
    complemented = False
    # a figure of the sentence that is one of the claim's figures is not another's value: "only
    # 72% were rectified within 48 hours, against a target of 95%" is not contradicted by
    # "Rectification target: 95 per cent"
    taken = [
        s
        for s in stated
        if s.kind not in DATE_KINDS and any(_agrees(c, s) for c in claim.quantities)
    ]
    for q in claim.quantities:
        if any(_agrees(q, s) for s in [*stated, *shares, *around]):
            agree += 1
            continue
        if q.kind == "factor" and _multiple_stated(claim, sentence, q):
            agree += 1
            continue
        if q.kind == "money" and _GAP_AFTER.match(claim.text, q.end):
            # "the fee of £812 a week fell around £230 short of what it costs": the gap between
            # two figures, read against the gaps the sentence's figures leave ("£812, whereas
            # the average cost ... is £1,046"), never against one of them
            if any(_agrees(q, g) for g in _gaps(sentence.quantities, q.kind)):
                agree += 1
            else:
                missing.append(q)
            continue
        if q.kind == "percent" and any(_agrees(q, c) for c in complements):
            agree += 1
            complemented = True
            continue
        same_kind = [s for s in stated if comparable(q, s) and s not in taken]
        if changed_by(claim.text, q, claim.quantities):
            # "cut by eight hours a week" is the change, not a level: read against what a
            # change from one level to another comes to ("reduced from 36 to 28 hours")
            moved = change_differences(sentence.text, sentence.quantities)
            if any(_agrees(q, s) for s in moved):
                agree += 1
                continue
            same_kind = [s for s in moved if comparable(q, s)]
        if q.kind == "factor" and _multiple_of_figure(claim, q):
            # "would cost £19.8m a year, more than twice the £9.4m price of its own offer": a
            # multiple of the claim's own figure, which the figures settle, not a change (the
            # sentence's "from £12.60 to £13.10" is none of it)
            same_kind = [s for s in same_kind if s in sentence.quantities]
        if q.kind == "percent" and is_change(claim.text, q):
            # "cut its contribution by 15%" is a change; "37.6 per cent" of income, a share
            same_kind = [s for s in same_kind if is_change(sentence.text, s)]
        if not _is_total(claim.text, q):  # "a £12.6m award" is no "awards totalling £118m"
            same_kind = [s for s in same_kind if not _is_total(sentence.text, s)]
        if not _is_share(claim.text, q):  # "took £2.8m" is no "Of this sum, £1.93 million ..."
            same_kind = [s for s in same_kind if not _is_share(sentence.text, s)]
        if q.kind not in DATE_KINDS and (other_period or _measures_other(claim, sentence, q)):
            same_kind = []  # October's figure is not the year to date's
        if q.kind in DATE_KINDS and _SINCE_BEFORE.search(
            claim.text, max(0, q.start - 100), q.start
        ):
            same_kind = []  # "the highest since ... 2002": the point a superlative counts
            # from, not the date of what the sentence reports
        if q.kind in DATE_KINDS and _since_when(claim.text, q):
            # "has led the force since 2019": when it began, not contradicted by the date it
            # ends ("will retire on 31 August 2025"), only by another beginning
            same_kind = [s for s in same_kind if _since_when(sentence.text, s)]
        if q.kind in DATE_KINDS and same_kind:
            event = _dated_event(claim, q)
            if event:
                # "due to close by the end of March" against "was notified ... on 27 October
                # 2025 of its intention to close": the sentence names the closing after the
                # date, which is the notice's ("printing began in 1622", "executed at the
                # Tower was ... shot on 15 August 1941" still date the claim's event)
                same_kind = [
                    x
                    for x in same_kind
                    if _dated_event(sentence, x) in ("", event)
                    or not any(t.stem == event for t in sentence.tokens if t.start >= x.end)
                ]
        predicate = _share_predicate(claim, q)
        if predicate and not predicate & sentence.term_set:
            same_kind = []  # a share of the same whole with another property: another figure
        if not any(different_numbers(q, s) for s in same_kind):
            missing.append(q)  # not stated, or not settled ("more than 40" for 45)
            continue
        if q.kind in DATE_KINDS:
            mine = [c for c in claim.quantities if c.kind == q.kind]
            if any(_agrees(c, s) for c in mine for s in same_kind):
                continue  # another of the claim's dates of this kind is there
        kind = "date" if q.kind in DATE_KINDS else "number"
        others = ", ".join(dict.fromkeys(_quantity_text(s, sentence.text) for s in same_kind))
        weight = 0.75 if kind == "date" else 0.85
        clashes.append(Mismatch(kind, weight, f"{_quantity_text(q, claim.text)} vs {others}"))
        if kind == "number":
            clashing.append(q)
    return agree, missing, clashes, clashing, complemented


_BASE_AFTER = re.compile(r"\s+(?:the\s+|as\s+(?:much|many|large|high)\s+as\s+)", re.IGNORECASE)


# an amount said as the gap to another: "£230 short of", "£40 a week less than"
_GAP_AFTER = re.compile(
    r"(?:\s+(?:a|an|per|each|every)\s+\w+)?\s+(?:short\s+of|less\s+than|more\s+than|below|"
    r"above|higher\s+than|lower\s+than|cheaper\s+than)\b",
    re.IGNORECASE,
)


def _gaps(quantities: Sequence[Quantity], kind: str) -> list[Quantity]:
    """The difference between each two exact figures of one kind."""
    values = [q for q in quantities if q.kind == kind and q.bound is Bound.EXACT]
    return [
        replace(a, value=abs(a.value - b.value), precision=max(a.precision, b.precision))
        for i, a in enumerate(values)
        for b in values[i + 1 :]
    ]


def _multiple_of_figure(claim: TextProfile, q: Quantity) -> Quantity | None:
    """The figure the multiple q is of, where the claim states it right after q: "twice the
    £9.4m price", "three times as much as the £2m"; None for any other multiple."""
    m = _BASE_AFTER.match(claim.text, q.end)
    if m is None:
        return None
    rest = 4 if claim.text[m.end() : m.end() + 4].lower() == "the " else 0
    return next(
        (
            c
            for c in claim.quantities
            if c.kind in ("money", "count") and m.end() <= c.start <= m.end() + rest
        ),
        None,
    )


def _multiple_stated(claim: TextProfile, sentence: TextProfile, q: Quantity) -> bool:
    """Whether the sentence states both figures of a multiple the claim says one is of the
    other, and they come to it: "£19.8m a year, more than twice the £9.4m price" against "the
    offer is estimated at £9.4 million, whereas the union's claim would cost an estimated £19.8
    million"."""
    base = _multiple_of_figure(claim, q)
    first = next(
        (
            c
            for c in reversed(claim.quantities)
            if c.end <= q.start and base and c.kind == base.kind
        ),
        None,
    )
    if base is None or first is None or base.value <= 0:
        return False
    if not all(any(_agrees(c, s) for s in sentence.quantities) for c in (base, first)):
        return False
    ratio = Quantity("factor", first.value / base.value, 0.05, q.start, q.end, "", Bound.EXACT)
    return _agrees(q, ratio)


_BEFORE_A_VERB = frozenset({"to", "will", "would", "shall", "must", "may", "can", "could"})


def _dated_event(p: TextProfile, q: Quantity) -> str:
    """The stem of the verb a date belongs to: the nearest verb before it in its clause
    ("due to close by the end of March" -> close, "was notified ... on 27 October" -> notifi);
    "" when none is near."""
    before = [t for t in p.tokens if t.end <= q.start][-8:]
    for i in range(len(before) - 1, -1, -1):
        tok = before[i]
        if CLAUSE_BREAK_RE.match(p.text, tok.end) and i < len(before) - 1:
            return ""
        if tok.is_number or not tok.is_content:
            continue
        base = i > 0 and before[i - 1].lower in _BEFORE_A_VERB
        if is_finite_verb(tok.lower) or base:
            return tok.stem
    return ""


_MONTH_SPAN = re.compile(r"\s*(?:\d{4}\s*)?(?:to|-|–|—|until|till|through|and)\s*", re.IGNORECASE)
_SO_FAR = re.compile(
    r"\b(?:year[\s-]to[\s-]date|so far this year|to date|(?:first|last) \w+ months)\b",
    re.IGNORECASE,
)


_TOTAL_BEFORE = re.compile(
    r"\b(?:totall?ing|a (?:combined |grand )?total of|total(?:led)?|combined|sharing|share)"
    r"(?:\s+(?:of|some|about|around|nearly|almost|more than|over|just over|just under))*\s*$",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(r"\s*(?:in total|in all|altogether|between them|combined)\b", re.I)


# a date something has held since: "since 2019", "since early 2023", "from 2017"
_SINCE_WHEN = re.compile(
    r"\b(?:since|from)\s+(?:(?:early|mid|late|the\s+(?:start|end)\s+of)\s+)?"
    r"(?:(?:\d{1,2}\s+)?[A-Z][a-z]+\s+)?$"
)


def _since_when(text: str, q: Quantity) -> bool:
    """Whether the date `q` is one something has held since ("has led the force since 2019")."""
    return q.kind in DATE_KINDS and bool(_SINCE_WHEN.search(text, max(0, q.start - 30), q.start))


# "the highest total since current recording rules were introduced in 2002": the point a
# superlative counts from ("has led the force since 2019" is a date of its own)
_SINCE_BEFORE = re.compile(
    r"\b(?:\w+est|most|least|first|record|worst|best)\b[^,.;:]{0,40}\bsince\b[^,.;:]*$",
    re.IGNORECASE,
)


# "Of this sum, £1.93 million was paid into ...": the figures that follow share out a whole
# stated before
_SHARE_LEAD = re.compile(
    r"^\W*Of\s+(?:this|that|these|those|which|it|them|the\s+(?:total|sum|amount|money|"
    r"remainder|rest))(?:\s+(?:sum|amount|total|money|figure))?\s*,",
    re.IGNORECASE,
)


def _is_share(text: str, q: Quantity) -> bool:
    """Whether `q` is one of the shares of a whole the text refers back to ("Of this sum,
    £1.93 million was paid into the trading account"): no figure of the whole."""
    lead = _SHARE_LEAD.match(text)
    return lead is not None and q.start >= lead.end()


def _is_total(text: str, q: Quantity) -> bool:
    """Whether `q` is a sum over several things ("awards totalling £118.0 million", "sharing
    £118m", "£40m in all"): another figure than any one of them."""
    return bool(
        _TOTAL_BEFORE.search(text, max(0, q.start - 60), q.start) or _TOTAL_AFTER.match(text, q.end)
    )


def _period(p: TextProfile) -> str:
    """ "months" when the text's figures are for several months ("January to October", "year
    to date", "over the first ten months"), "month" when for one named month, else ""."""
    months = [q for q in p.quantities if q.kind == "month"]
    spans = [
        a.value != b.value
        for a, b in zip(months, months[1:], strict=False)
        if _MONTH_SPAN.fullmatch(p.text, a.end, b.start)
    ]
    if _SO_FAR.search(p.text) or any(spans):
        return "months"
    return "month" if len({q.value for q in months}) == 1 else ""  # "October 2025 ... 2024"


def _other_period(claim: TextProfile, sentence: TextProfile) -> bool:
    """Whether the claim's figures and the sentence's are for periods of different lengths:
    "in October" against "Year to date (January to October 2025) ... 7.9 per cent", or "over
    the first ten months of the year" against October's total. A monthly release states both;
    only figures for the same period can clash."""
    return {_period(claim), _period(sentence)} == {"month", "months"}


FIGURE_WORDS = 5  # the content words before a figure that say what it measures
FIGURE_MIN_WORDS = 3


_WHEN_WORDS = frozenset({*MONTHS, *WEEKDAYS, "yesterday", "today", "tonight"})


def _measured(claim: TextProfile, q: Quantity) -> set[str]:
    """What the claim's figure `q` measures: the stems of the last FIGURE_WORDS content words
    before it in its clause."""
    start = 0
    for m in CLAUSE_BREAK_RE.finditer(claim.text, 0, q.start):
        start = m.end()
    words = [
        t.stem
        for t in claim.tokens
        if start <= t.start
        and t.end <= q.start
        and t.is_content
        and t.stem in claim.term_set
        and t.lower not in _WHEN_WORDS  # "on Wednesday pledged $2.5 million": when, not what
    ]
    return set(words[-FIGURE_WORDS:])


_OF_WHAT = re.compile(r"\s+of\s+((?:[\w-]+\s+){0,2}[\w-]+)")


def _measures_other(claim: TextProfile, sentence: TextProfile, q: Quantity) -> bool:
    """Whether the sentence names none of what the claim's share or sum measures, so its
    percentages and sums are of other things: "the average load factor climbed to 84%" and
    "the Airport handled 1,682,940 terminal passengers ..., an increase of 7.9 per cent"."""
    wanted = _measured(claim, q)
    of = _OF_WHAT.match(claim.text, q.end) if q.kind == "money" else None
    if of:  # "£31.2m of broadcasting income"
        wanted |= profile(of.group(1)).term_set
    if q.kind not in ("percent", "money") or len(wanted) < 2:
        return False
    return not any(t in sentence.term_set or synonyms(t) & sentence.term_set for t in wanted)


def _figure_cover(claim: TextProfile, sentence: TextProfile, q: Quantity) -> float:
    """The share of what the claim's figure `q` measures that the sentence names: the last
    FIGURE_WORDS content words before it in its clause ("reports of phishing calls and emails
    in the county had doubled" -> report, phish, call, email, counti). A sentence that names
    them with another figure states that part of the claim otherwise, however much else the
    claim says ("... had logged 210 reports of suspected phishing calls, texts and emails ...,
    compared with 140 ..., an increase of 50 per cent"). 0 when the clause names fewer than
    FIGURE_MIN_WORDS."""
    wanted = _measured(claim, q)
    if len(wanted) < FIGURE_MIN_WORDS:
        return 0.0
    said = {t for t in wanted if t in sentence.term_set or synonyms(t) & sentence.term_set}
    return len(said) / len(wanted)


_FRACTION_ORDINALS = frozenset({"third", "thirds", "fifth", "fifths"})


def _same_value(q: Quantity, s: Quantity) -> bool:
    """The same figure, whatever each counts: a count of 10 or more, or any other kind."""
    return (
        q.kind == s.kind
        and q.kind not in DATE_KINDS
        and (q.kind != "count" or q.value >= 10)
        and same_number(q, s)
    )


def _share_predicate(p: TextProfile, q: Quantity) -> frozenset[str]:
    """What a share says its part is: the content words after the verb that follows it, up to
    the clause's end ("Half of the cases are children under five" -> children). A share with
    another predicate is another figure: "10.2% of all cases have required admission" is no
    clash with it. Empty for anything but a share, and for a share the verb comes before
    ("mortality fell by 40%")."""
    if q.kind != "percent":
        return frozenset()
    words: set[str] = set()
    verb = False
    for tok in p.tokens:
        if tok.start < q.end:
            continue
        if CLAUSE_BREAK_RE.match(p.text, tok.end) and verb:
            if tok.is_content:
                words.add(tok.stem)
            break
        if not verb:
            verb = is_finite_verb(tok.lower)
        elif tok.is_content:
            words.add(tok.stem)
    return frozenset(words)


def _modifier(tokens: Sequence, j: int) -> str:
    """The stem of the content word written right before token j ("online" in "Online
    revenue"); "" when there is none."""
    before = tokens[j - 1] if j else None
    if before is None or not before.is_content or before.end + 1 < tokens[j].start:
        return ""
    return before.stem


def _other_thing(p: TextProfile, j: int, other: TextProfile | None) -> bool:
    """Whether the anchor at token j of `p` names another thing than `other`'s: "Online
    revenue" where the claim says only "Group revenue"."""
    if other is None:
        return False
    mine = _modifier(p.tokens, j)
    if not mine or mine in other.all_stems:
        return False
    theirs = [
        _modifier(other.tokens, k) for k, t in enumerate(other.tokens) if t.stem == p.tokens[j].stem
    ]
    return bool(theirs) and all(m and m != mine for m in theirs)


def _near(
    p: TextProfile,
    stems: frozenset[str],
    anchors: frozenset[str],
    reach: int = 6,
    other: TextProfile | None = None,
) -> str:
    """A word of `stems` in `p` within `reach` tokens of a word of `anchors`, as written; ""
    if none. With `other` (the text compared), an anchor qualified otherwise than there does
    not count (`_other_thing`)."""
    tokens = p.tokens
    for i, tok in enumerate(tokens):
        if tok.stem in stems and not tok.is_number:
            if tok.lower == "all" and i and tokens[i - 1].lower == "of":
                continue  # "Of all downloads, 48% ...": the whole a share is of, not "all"
            if tok.lower in _FRACTION_ORDINALS and any(
                q.start <= tok.start < q.end for q in p.quantities
            ):
                continue  # "two-thirds of the cost" is a share, not the third of a series
            lo, hi = max(0, i - reach), min(len(tokens), i + reach + 1)
            if any(
                tokens[j].stem in anchors and not _other_thing(p, j, other)
                for j in range(lo, hi)
                if j != i
            ):
                return tok.text
    return ""


def _figure_stems(p: TextProfile, quantities: Sequence[Quantity]) -> frozenset[str]:
    """The number tokens of `p` that write `quantities` ("31.4")."""
    return frozenset(
        t.stem
        for t in p.tokens
        if t.is_number and any(q.start <= t.start < q.end for q in quantities)
    )


def _antonyms(claim: TextProfile, sentence: TextProfile) -> list[Mismatch]:
    """Opposites of the claim's words next to words both texts share. A text that also has the
    other side's word does not clash where that word stands apart from the shared words: in
    "nerve activity is increased during pregnancy while arterial pressure is ... reduced" the
    "reduced" is about pressure, so "nerve activity is reduced" still meets "increased".
    In a group with no middle, an opposite negated on one side only restates: "the school
    closed" and "the school will not open" do not clash.
    (SciFact TRAIN claims through the pipeline 0.4896 -> 0.4946; the leave-one-dataset-out
    default mean unchanged at 0.437.)"""
    shared = claim.term_set & sentence.term_set
    # a figure both state is a shared word too: "had risen again, to 31 a year" against
    # "31.4 in 2024 (2023: 34.8), a reduction of 9.8 per cent"
    pairs = [(q, s) for q in claim.quantities for s in sentence.quantities if _agrees(q, s)]
    at_claim = shared | _figure_stems(claim, [q for q, _ in pairs])
    at_sentence = shared | _figure_stems(sentence, [s for _, s in pairs])
    found = []
    for group in antonym_groups():
        for mine, theirs in ((group.left, group.right), (group.right, group.left)):
            if (
                claim.all_stems & mine
                and sentence.all_stems & theirs
                and not _near(sentence, mine, at_sentence)
                and not _near(claim, theirs, at_claim)
            ):
                a = _near(claim, mine, at_claim, group.reach)
                b = _near(sentence, theirs, at_sentence, group.reach, claim)
                if a and b and group.complementary and _negated(claim, a) != _negated(sentence, b):
                    break  # "closed" and "will not open" say one thing
                if a and b:
                    weight = group.weight
                    target = _compared_to(claim, a)
                    if target and target == _compared_to(sentence, b):
                        weight = max(weight, SAME_COMPARISON)
                    found.append(Mismatch("antonym", weight, f"{a} vs {b}"))
                break
    return found


_SPANS = frozenset(stem(w) for w in ("day", "week", "month", "quarter", "year"))
PRIOR_CLASH = 0.9  # "rose to 11" against "11 (2023-24: 14)": as plain as "fell" written out
# a figure's value a year before, in the brackets an annual report gives it: "11 criminal
# prosecutions (2023-24: 14)", "18.4 million (2023-24: 17.4 million)", "£5.1m (prior year: £4m)"
_PRIOR = re.compile(
    rf"[^()\d;.]{{0,120}}?{PRIOR_LABEL}\s*(?P<prior>[^;)]{{1,30}})[;)]"
    # or said after it: "a deficit of £14.2 million for 2025-26, compared with a deficit of £9.1
    # million in 2024-25"
    r"|[^();.]{0,40}?,?\s+(?:compared\s+(?:with|to)|up\s+from|down\s+from)\s+"
    r"(?:(?:a|an|the)\s+)?(?:[a-z-]+\s+){0,3}?(?:of\s+)?(?P<then>[£$€]?\d[\d,.]*\s*(?:%|"
    r"per\s+cent|million|billion|bn|m|k)?)",
    re.IGNORECASE,
)


# "..., up from the previous survey", "down on last year" ("up to 160" is a bound)
_UP = re.compile(r"\bup\b(?!\s+to\b)", re.IGNORECASE)
_DOWN = re.compile(r"\bdown\b(?!\s+to\b)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _directions() -> tuple[frozenset[str], frozenset[str]]:
    # the words of rising and falling: the synonyms of each and the first antonym group's
    # sides ("losses widened", "the gap narrowed")
    rising = antonym_groups()[0]
    return synonyms(stem("rise")) | rising.left, synonyms(stem("fall")) | rising.right


def _prior_clash(claim: TextProfile, sentence: TextProfile) -> list[Mismatch]:
    """A claim that a figure rose (or fell) to a value against a sentence that gives that value
    with the year before's in brackets, the other way: "The number of prosecutions rose to 11"
    against "the Authority concluded 11 criminal prosecutions (2023-24: 14)", or "a deficit of
    £14.2 million for 2025-26, compared with a deficit of £9.1 million in 2024-25" against a
    deficit that narrows. Only where the claim moves one way and the bracket is labelled with
    its year: a bare bracket may be anything ("£17.2 million (£22.5 million)" is also how a
    table gives another line), unless its source says its brackets hold the year before's
    (`checker.retrieval.evidence.label_comparatives`)."""
    up, down = _directions()
    rises = bool(claim.all_stems & up or _UP.search(claim.text))
    falls = bool(claim.all_stems & down or _DOWN.search(claim.text))
    lower = sentence.text.lower()
    if rises == falls or not (
        "(" in lower or " from " in lower or "compared" in lower or "cent" in lower or "%" in lower
    ):
        return []
    changes = (
        change_factors(sentence.text, sentence.quantities)
        if "cent" in lower or "%" in lower
        else []
    )
    for q in claim.quantities:
        moves = []  # (whether it moved the claim's way, how) for each figure agreeing with q
        for s in sentence.quantities:
            if q.kind in DATE_KINDS or not _agrees(q, s):
                continue
            m = _PRIOR.match(sentence.text, s.end)
            said = (m.group("prior") or m.group("then")) if m else ""
            before = extract_quantities(said) if said else []
            if not before or before[0].kind != s.kind or before[0].value == s.value:
                continue
            went = f"{said.strip()} to {_quantity_text(s, sentence.text)}"
            moves.append(((s.value > before[0].value) == rises, went))
        if not moves:
            # "totalled 28,400 in the 12 months to 30 September 2025, a decrease of 9 per cent
            # on the preceding 12 months": the change the sentence gives its figure
            for s in sentence.quantities:
                if q.kind in DATE_KINDS or not _agrees(q, s):
                    continue
                for f in changes or ():
                    between = sentence.text[s.end : f.start]
                    # another figure between is what the change may be of ("28,400, while
                    # counter transactions were 19,800, down 12%"); a span of time is not
                    others = [
                        x
                        for x in sentence.quantities
                        if s.end <= x.start < f.start
                        and x.kind not in DATE_KINDS
                        and x.context not in _SPANS
                    ]
                    if (
                        0 < f.start - s.end <= 120
                        and not others
                        and not re.search(r"[;.](?:\s|$)", between)
                    ):
                        went = sentence.text[f.start : f.end]
                        moves.append(((f.value > 1.0) == rises, went))
                        break
        # "rose by 8% to £58m" against "Research grants ...: £58.3 million (was: £54.1 million)
        # ... Other income ...: £58.2 million (was: £59.7 million)": one of the figures it may
        # be moved the claim's way
        if moves and not any(way for way, _ in moves):
            said = "rose" if rises else "fell"
            return [Mismatch("direction", PRIOR_CLASH, f"{said} vs {moves[0][1]}")]
    return []


RANK_CLASH = 0.8  # "the longest" against "the second-longest": as plain as a negation
_RANKED = re.compile(
    r"\b(?:(?P<one_of>one of (?:the|its|their)\s+(?:[\w-]+\s+){0,2}?)|(?P<nth>second|third|fourth|"
    r"fifth|sixth|2nd|3rd|4th|5th|6th)[\s-]+)?(?P<word>largest|biggest|smallest|highest|lowest|"
    r"longest|shortest|tallest|oldest|newest|fastest|slowest|busiest|deadliest|richest|poorest|"
    r"cheapest|costliest|greatest|heaviest|deepest|widest|worst|best)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=20_000)
def _ranks(text: str) -> dict[str, tuple[str, ...]]:
    """Each superlative of `text` with the places it gives, in order: {"longest": ("second",)}
    for "the second-longest", {"largest": ("first", "fourth")} for "the largest penalty on an
    energy supplier and the fourth largest it has issued"; "one of the largest" places
    nothing."""
    out: dict[str, tuple[str, ...]] = {}
    for m in _RANKED.finditer(text):
        if not m.group("one_of"):
            word, place = m.group("word").lower(), (m.group("nth") or "first").lower()
            if place not in out.get(word, ()):
                out[word] = (*out.get(word, ()), place)
    return out


def _overall(places: tuple[str, ...], claim: str) -> tuple[str, ...]:
    """The places a sentence gives that a claim's rank is read against. A sentence that ranks
    the same thing twice ranks it within something and overall ("the largest penalty on an
    energy supplier and the fourth largest it has issued"): a claim of a rank ever (or on
    record) is read against the lower place, the overall one; any other claim is matched by
    either."""
    if len(places) == 1 or not _ON_RECORD.search(claim):
        return places
    return (max(places, key=_nth),)


# what is better the more of it there is: the best of it is the highest ("the best-paid",
# "the best progress score"); of a waiting time or a crime rate it would be the lowest
_MORE_IS_BETTER = re.compile(
    r"\b(?:scores?|ratings?|pay|paid|wages?|salar(?:y|ies)|grades?|attainment)\b", re.IGNORECASE
)


def _rank_clash(claim: TextProfile, sentence: TextProfile) -> list[Mismatch]:
    """The same superlative at another place: "the longest tram line in the country" against
    "the second-longest single tram route in the United Kingdom" (and the other way round);
    "the best" of a score or of pay is its highest ("the best-paid in the group" against
    "fourth highest among the twelve operating companies").
    Written by hand: a rank is a figure the number reader cannot see, a word apart from it."""
    theirs = {w: _overall(p, claim.text) for w, p in _ranks(sentence.text).items()}
    mine = {w: p[0] for w, p in _ranks(claim.text).items()}
    if _MORE_IS_BETTER.search(claim.text):
        for said, means in (("best", "highest"), ("worst", "lowest")):
            if said in mine and said not in theirs:
                mine = {means if w == said else w: p for w, p in mine.items()}
    return [
        Mismatch("rank", RANK_CLASH, f"{_place(place, word)} vs {_place(theirs[word][0], word)}")
        for word, place in mine.items()
        if word in theirs and place not in theirs[word]
    ]


_ORDINAL_WORDS = tuple(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()  # noqa: SIM905
)
_ORDINAL = r"(?:\d+(?:st|nd|rd|th)|" + "|".join(_ORDINAL_WORDS) + ")"
_CARDINAL = r"(?:\d[\d,]*|" + "|".join(sorted(NUMBER_VALUES, key=len, reverse=True)) + ")"
# "ranked 118th of the 122 acute trusts", "placed eighth of the nine companies"
_NTH_OF = re.compile(
    rf"\b(?P<nth>{_ORDINAL})\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?P<of>{_CARDINAL})\b", re.I
)
# "fourth-worst among the 122 acute trusts", "the worst of England's nine companies"
_EXTREME_OF = re.compile(
    rf"\b(?:(?P<nth>{_ORDINAL})[\s-]+)?(?P<word>worst|lowest|bottom|last|best|highest|top)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?:of|among|in)\s+(?:the\s+|all\s+|[\w'’]+['’]s\s+)?"
    rf"(?P<of>{_CARDINAL})\b",
    re.I,
)
_LOW_END = frozenset({"worst", "lowest", "bottom", "last"})


def _count(word: str) -> int:
    w = word.lower().replace(",", "")
    return int(w) if w.isdigit() else int(NUMBER_VALUES.get(w, 0))


def _nth(word: str) -> int:
    w = word.lower()
    return int(re.sub(r"\D", "", w)) if w[0].isdigit() else _ORDINAL_WORDS.index(w) + 1


@lru_cache(maxsize=20_000)
def _positions(text: str) -> dict[int, int]:
    """{how many: the place counted from the top} of each ranking in a league the text gives:
    "118th of the 122" -> {122: 118}, "fourth-worst among the 122" -> {122: 119}."""
    out: dict[int, int] = {}
    for m in _EXTREME_OF.finditer(text):
        of, nth = _count(m["of"]), _nth(m["nth"]) if m["nth"] else 1
        if of > 1 and nth <= of:
            out.setdefault(of, of - nth + 1 if m["word"].lower() in _LOW_END else nth)
    for m in _NTH_OF.finditer(text):
        of, nth = _count(m["of"]), _nth(m["nth"])
        if of > 1 and nth <= of:
            out.setdefault(of, nth)
    return out


def _position_clash(claim: TextProfile, sentence: TextProfile) -> list[Mismatch]:
    """A place in the same league counted otherwise: "fourth-worst among the 122 acute trusts"
    (119th) against "ranked 118th of the 122 acute trusts"; "the worst of England's nine" against
    "placed eighth of the nine"."""
    theirs = _positions(sentence.text)
    return [
        Mismatch("position", RANK_CLASH, f"place {place} of {of} vs {theirs[of]} of {of}")
        for of, place in _positions(claim.text).items()
        if of in theirs and theirs[of] != place and _league(claim, of) & _league(sentence, of)
    ]


def _league(p: TextProfile, of: int) -> frozenset[str]:
    """The stems of the two content words after the league's size ("122 acute trusts")."""
    for i, t in enumerate(p.tokens):
        if t.lower.replace(",", "") == str(of) or NUMBER_VALUES.get(t.lower) == of:
            after = [u.stem for u in p.tokens[i + 1 : i + 4] if u.is_content][:2]
            return frozenset(after)
    return frozenset()


# "built between March 2021 and June 2024", "from 2019 to 2023": a span of years, end to end
_YEAR_RANGE = re.compile(
    r"\b(?:between|from)\s+(?:[\w ]{0,16}?\s)?(?P<a>(?:19|20)\d\d)\s+(?:and|to|until|till)\s+"
    r"(?:[\w ]{0,16}?\s)?(?P<b>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _range_clash(claim: TextProfile, sentence: TextProfile) -> list[Mismatch]:
    """A span of years with another start or end: "models built between March 2021 and June
    2024" against "manufactured between 14 March 2022 and 9 June 2024". Read apart from the
    single dates, which clash only when none of the claim's years is in the sentence."""
    mine, theirs = _YEAR_RANGE.search(claim.text), _YEAR_RANGE.search(sentence.text)
    if mine is None or theirs is None:
        return []
    a, b = (mine["a"], mine["b"]), (theirs["a"], theirs["b"])
    if a == b or a[1] != b[1] and a[0] != b[0]:
        return []  # the same span, or another one altogether
    return [Mismatch("date", 0.75, f"{a[0]}-{a[1]} vs {b[0]}-{b[1]}")]


_ON_RECORD = re.compile(
    r"\b(?:on record|ever recorded|all[\s-]time|in (?:its|their|the) history|ever)\b", re.I
)
_SINCE = re.compile(r"\bsince\s+(?:(?:[A-Z][a-z]+|the)\s+)?(?P<when>(?:19|20)\d\d)\b")


def _record_clash(claim: TextProfile, sentence: TextProfile) -> list[Mismatch]:
    """A record against a best since a year: "its busiest October on record" against "the
    highest October total recorded since October 2019", which says 2019 was higher."""
    if not (_ranks(claim.text) and _ON_RECORD.search(claim.text)):
        return []
    if _ON_RECORD.search(sentence.text) or not _ranks(sentence.text):
        return []
    since = _SINCE.search(sentence.text)
    if since is None or _SINCE.search(claim.text):
        return []
    return [Mismatch("rank", RANK_CLASH, f"on record vs since {since.group('when')}")]


def _rank_unstated(claim: TextProfile, sentence: TextProfile) -> bool:
    """Whether the claim places something first, last or nth ("its busiest October on
    record") and the sentence places nothing: a rank is a figure the sentence does not state,
    however close the rest of its meaning."""
    if not (_ranks(claim.text) or _positions(claim.text)):
        return False
    return not (_ranks(sentence.text) or _positions(sentence.text) or "record" in sentence.text)


def _place(place: str, word: str) -> str:
    return word if place == "first" else f"{place}-{word}"


def _negated(p: TextProfile, word: str) -> bool:
    """Whether `word` (as written in `p`) stands in the scope of a negation."""
    return stem(word.lower()) in p.negated


SAME_COMPARISON = 0.7  # "less than men" against "more than men": the same comparison reversed
COMPARISON_REACH = 6  # tokens from the comparative word to its "than"


def _compared_to(p: TextProfile, word: str) -> str:
    """The stem of what `word` (a comparative as written in `p`) is compared with: the first
    content word after the "than" that follows it in its clause ("produced more TMAO than did
    vegans": vegan); "" if it is no such comparison. "more" against "less" is a weak clash on
    its own (the two may count different things), a strong one when both compare with the
    same thing."""
    tokens = p.tokens
    norm = normalise_quotes(p.text)
    for i, tok in enumerate(tokens):
        if tok.text != word:
            continue
        for j in range(i + 1, min(len(tokens), i + 1 + COMPARISON_REACH)):
            if tokens[j].lower == "than":
                for nxt in tokens[j + 1 :]:
                    if CLAUSE_BREAK_RE.search(norm, tokens[j].end, nxt.start):
                        return ""
                    if nxt.is_content or nxt.is_number:
                        return nxt.stem
                return ""
    return ""


def _antonym_aligned(claim: TextProfile, sentence: TextProfile) -> set[str]:
    """Claim stems whose opposite is in the sentence: they count as addressed."""
    aligned: set[str] = set()
    for group in antonym_groups():
        for mine, theirs in ((group.left, group.right), (group.right, group.left)):
            if sentence.all_stems & theirs:
                aligned |= claim.term_set & mine
    return aligned


def _prefix_negations(claim: TextProfile, sentence: TextProfile) -> tuple[set[str], list[str]]:
    """Claim stems met as their negated form in the sentence ("likely" vs "unlikely")."""
    aligned: set[str] = set()
    details: list[str] = []
    for mine, theirs in ((claim, sentence), (sentence, claim)):
        for tok in mine.tokens:
            if not tok.is_content or tok.stem in theirs.term_set:
                continue
            base = strip_negation_prefix(tok.lower)
            if base and base in theirs.term_set and base not in mine.term_set:
                aligned.add(tok.stem if mine is claim else base)
                details.append(tok.lower)
    return aligned, details


def _written(p: TextProfile, key: str) -> str:
    """How a stem (or a whole name with digits) is written in the text."""
    return next((t.text for t in p.tokens if t.stem == key), key)


def _entity_swaps(
    claim: TextProfile,
    sentence: TextProfile,
    context: TextProfile | None = None,
    preceding: TextProfile | None = None,
) -> tuple[list[Mismatch], set[str], float]:
    """Names of the claim replaced by other names in the same place in the sentence: the
    mismatches, the claim's swapped stems, and the share of the claim's names missing."""
    claim_names = claim.entity_stems
    if not claim_names:
        return [], set(), 0.0
    around = context.all_stems if context is not None else frozenset()
    before = preceding.all_stems if preceding is not None else frozenset()
    missing = [
        e
        for e in claim.entities
        if e[0] not in sentence.all_stems
        and e[0] not in around
        and (e[0] not in before or any(c.isdigit() for c in e[0]))
    ]
    # "Dennis Arkwright" is the sentence's "Mr Arkwright": a given name before the surname the
    # sentence writes after a title is the same person's
    titled = {
        b.stem
        for a, b in zip(sentence.tokens, sentence.tokens[1:], strict=False)
        if a.lower.rstrip(".") in HONORIFICS
    }
    swapped: set[str] = {e[0] for e in missing if e[2] and e[2] in titled}
    missing = [e for e in missing if e[0] not in swapped]
    missing_share = len({e[0] for e in missing}) / len(claim_names)
    extra = [e for e in sentence.entities if e[0] not in claim.all_stems]
    swaps: list[Mismatch] = []
    for name, prev, nxt in missing:
        for other, oprev, onxt in extra:
            if (prev and prev == oprev and prev in claim.term_set) or (
                nxt and nxt == onxt and nxt in claim.term_set
            ):
                detail = f"{_written(claim, name)} vs {_written(sentence, other)}"
                swaps.append(Mismatch("entity", 0.6, detail))
                swapped.add(name)
                break
    return swaps, swapped, missing_share


DENIAL_REACH = 12  # tokens after a negation cue within which a word reads as denied with it


def _failed_and_not(a: TextProfile, b: TextProfile) -> bool:
    """Whether one text denies with "failed to" and the other with another cue."""
    fails = [any(t.is_negation and t.lower in FAIL_WORDS for t in p.tokens) for p in (a, b)]
    return fails[0] != fails[1]


def _after_denial(p: TextProfile, stem_: str) -> bool:
    """Whether `stem_` is written within DENIAL_REACH tokens after the text's negation cue."""
    cues = [i for i, t in enumerate(p.tokens) if t.is_negation]
    return any(
        t.stem == stem_ and any(0 < j - i <= DENIAL_REACH for i in cues)
        for j, t in enumerate(p.tokens)
    )


def _bigram_share(claim: TextProfile, sentence: TextProfile, window: int = 3) -> float:
    pairs = {
        frozenset((a, b)) for a, b in zip(claim.terms, claim.terms[1:], strict=False) if a != b
    }
    if not pairs:
        return 0.0
    near: set[frozenset[str]] = set()
    terms = sentence.terms
    for i, a in enumerate(terms):
        for b in terms[i + 1 : i + 1 + window]:
            if a != b:
                near.add(frozenset((a, b)))
    return len(pairs & near) / len(pairs)


def align(
    claim: TextProfile,
    sentence: TextProfile,
    weights: TermWeights,
    context: TextProfile | None = None,
    preceding: TextProfile | None = None,
) -> Alignment:
    """Compare a claim with one sentence: relevance measures and mismatch signals.

    `context` is what the sentence is about (its source's title and heading): a claim word
    found only there counts for CONTEXT_CREDIT of its weight, a name or figure found there
    counts as stated. `preceding` is the text just before the sentence: a word found only there
    counts for PRECEDING_CREDIT, a name (without digits) as stated, never a figure: figures
    there belong to other statements. Mismatches come from the sentence alone.
    """
    agree, unaddressed, clashes, clashing, complemented = _compare_quantities(
        claim, sentence, context
    )
    restated = [q for q in unaddressed if any(_same_value(q, s) for s in sentence.quantities)]
    antonyms = _antonyms(claim, sentence)
    prefix_aligned, prefix_words = _prefix_negations(claim, sentence)
    swaps, swapped, entities_missing = _entity_swaps(claim, sentence, context, preceding)

    covered = claim.term_set & sentence.term_set
    addressed_terms = covered | _antonym_aligned(claim, sentence) | prefix_aligned
    addressed_terms |= {t for t in claim.term_set - covered if synonyms(t) & sentence.term_set}
    addressed_terms |= swapped & claim.term_set
    # "doubled" is a figure, not a word to find: a sentence that states the multiple, the same
    # or another ("up 38%", "412, compared with 298"), addresses it
    addressed_terms |= {
        t.stem
        for q in claim.quantities
        if q.kind == "factor" and q not in unaddressed
        for t in claim.tokens
        if t.is_content and q.start <= t.start < q.end
    } & claim.term_set
    # "six months" is stated by "26 weeks": the unit of a span the sentence gives otherwise
    addressed_terms |= {
        q.context
        for q in claim.quantities
        if any(_same_duration(q, s) for s in sentence.quantities)
    } & claim.term_set
    in_context = (claim.term_set & context.term_set) - addressed_terms if context else set()
    in_before = (
        (claim.term_set & preceding.term_set) - addressed_terms - in_context if preceding else set()
    )

    claim_w = {t: weights(t) for t in claim.term_set}
    total = sum(claim_w.values())
    got = sum(w for t, w in claim_w.items() if t in addressed_terms)
    got += CONTEXT_CREDIT * sum(claim_w[t] for t in in_context)
    got += PRECEDING_CREDIT * sum(claim_w[t] for t in in_before)
    coverage = got / total if total else 0.0
    coverage_plain = (
        (
            len(addressed_terms & claim.term_set)
            + CONTEXT_CREDIT * len(in_context)
            + PRECEDING_CREDIT * len(in_before)
        )
        / len(claim.term_set)
        if claim_w
        else 0.0
    )
    seen = addressed_terms | in_context | in_before
    missing = [w for t, w in claim_w.items() if t not in seen]
    missing_max = max(missing) / max(claim_w.values()) if missing else 0.0
    sent_w = {t: weights(t) for t in sentence.term_set}
    sent_total = sum(sent_w.values())
    precision = (
        sum(w for t, w in sent_w.items() if t in claim.term_set) / sent_total if sent_total else 0.0
    )

    n_q = len(claim.quantities)
    mismatches: list[Mismatch] = [*clashes, *antonyms, *swaps, *_rank_clash(claim, sentence)]
    mismatches += _record_clash(claim, sentence) + _position_clash(claim, sentence)
    mismatches += _range_clash(claim, sentence)
    mismatches += _prior_clash(claim, sentence)

    # negation on an aligned word: "did not raise concerns" vs "did raise concerns"
    flipped = {t for t in covered if (t in claim.negated) != (t in sentence.negated)}
    if complemented:  # the share not done is the rest of the share done: no denial
        flipped = set()
        prefix_words = []
    if (
        flipped
        and claim.negations == sentence.negations == 1
        and claim.negated & sentence.negated & covered
    ):
        # "does not run on Sundays" against "runs hourly from Monday to Saturday with no
        # service on Sundays": both deny, and both of the same word; the denials' other words
        # differ, not what they deny
        flipped = set()
    if flipped:
        flipped -= without_swaps(claim, sentence)
    if flipped and claim.negations == sentence.negations == 1 and _failed_and_not(claim, sentence):
        # "had failed to meet the Safety and Quality Standard" against "has not met the
        # requirements of the Safety and Quality Standard": both deny, and the word stands after
        # the denial in both; only the reach of the two scopes differs. Only for "failed to"
        # said as "not" (or the other way): read for any two denials it lost SciFact dev a true
        # contradiction (0.4756 -> 0.4705) and the words-only leave-one-dataset-out row 0.032
        flipped = {
            t for t in flipped if not (_after_denial(claim, t) and _after_denial(sentence, t))
        }
    if flipped:
        words = list(dict.fromkeys(t.text for t in claim.tokens if t.stem in flipped))
        mismatches.append(Mismatch("negation", 0.8, "negated: " + ", ".join(words[:3])))
    elif prefix_words:
        mismatches.append(Mismatch("negation", 0.65, "negated: " + ", ".join(prefix_words[:3])))
    elif (claim.negations % 2) != (sentence.negations % 2) and coverage >= 0.5:
        mismatches.append(Mismatch("negation", 0.15, "one side is negated"))

    return Alignment(
        coverage=coverage,
        coverage_plain=coverage_plain,
        precision=precision,
        bigrams=_bigram_share(claim, sentence),
        missing_max=missing_max,
        entities_missing=entities_missing,
        numbers_missing=len(unaddressed) / n_q if n_q else 0.0,
        numbers_agree=agree / n_q if n_q else 0.0,
        claim_terms=len(claim.term_set),
        sentence_terms=len(sentence.term_set),
        numbers_total=n_q,
        # "since 2019" is what the claim says of a tenure, as plain a fact as a figure
        missing_figures=sum(
            1 for q in unaddressed if q.kind not in DATE_KINDS or _since_when(claim.text, q)
        )
        + _rank_unstated(claim, sentence),
        missing_dates=sum(
            1 for q in unaddressed if q.kind in DATE_KINDS and not _since_when(claim.text, q)
        ),
        mismatches=tuple(mismatches),
        values_seen=len(restated) / n_q if n_q else 0.0,
        figure_cover=max((_figure_cover(claim, sentence, q) for q in clashing), default=0.0),
    )


def claim_profile(text: str) -> TextProfile:
    """The profile a claim is compared by: what it asserts, without a reporting frame."""
    return profile(claim_core(text))


def claim_profiles(text: str, query: str = "") -> tuple[TextProfile, ...]:
    """The claim as written and, when it differs, as made self-contained for retrieval
    (pronouns resolved, a title added). Each sentence is compared with both and keeps the
    better reading: a wrong or wordy query never hides a sentence that matches the claim."""
    profiles = [claim_profile(text)]
    if query and query.strip() != text.strip():
        profiles.append(claim_profile(query))
    return tuple(profiles)


def best_alignment(
    claims: Sequence[TextProfile],
    sentence: TextProfile,
    weights: TermWeights,
    context: TextProfile | None = None,
    preceding: TextProfile | None = None,
) -> Alignment:
    """The alignment of the claim reading that the sentence covers best (the first on ties)."""
    best: Alignment | None = None
    for claim in claims:
        a = align(claim, sentence, weights, context, preceding)
        if best is None or a.coverage > best.coverage:
            best = a
    if best is None:
        raise ValueError("no claim profile given")
    return best


def sentence_match(
    claims: Sequence[TextProfile],
    sentence: TextProfile,
    weights: TermWeights,
    context: TextProfile | None = None,
    preceding: TextProfile | None = None,
) -> float:
    """How well a sentence matches a claim, in [0, 1]: the direction-free coverage, a little
    of its precision, and the share of the claim's quantities it addresses (or whose value it
    states of another noun: "1,100 jobs" finds "1,100 positions")."""
    a = best_alignment(claims, sentence, weights, context, preceding)
    numbers = 1.0 - a.numbers_missing + a.values_seen if a.numbers_total else a.coverage
    return 0.75 * a.coverage + 0.1 * a.precision + 0.15 * numbers


# -- the feature vector of the relevance model -----------------------------------------------------

# (name, sign): the relevance model is fitted with each coefficient held to its sign, so that
# more coverage never lowers relevance and a missing name or number never raises it. Features
# that only help inside one corpus (sentence length, the claim's length) are left out.
RELEVANCE_SIGNS: tuple[tuple[str, int], ...] = (
    ("coverage", +1),
    ("coverage_cubed", +1),
    ("coverage_plain", +1),
    ("f_measure", +1),
    ("bigrams", +1),
    ("missing_max", -1),
    ("entities_missing", -1),
    ("numbers_missing", -1),
    ("numbers_agree", +1),
    ("retrieval_reciprocal_rank", +1),
    ("retrieval_score", +1),
    ("sentence_reciprocal_rank", +1),
    ("sentence_score_ratio", +1),
)
RELEVANCE_FEATURES: tuple[str, ...] = tuple(name for name, _ in RELEVANCE_SIGNS)


def relevance_vector(
    a: Alignment,
    retrieval_rank: int,
    retrieval_score: float,
    sentence_rank: int,
    sentence_score_ratio: float,
) -> list[float]:
    """The relevance features of one (claim, sentence) pair, in `RELEVANCE_FEATURES` order."""
    both = a.coverage + a.precision
    return [
        a.coverage,
        a.coverage**3,
        a.coverage_plain,
        2 * a.coverage * a.precision / both if both else 0.0,
        a.bigrams,
        a.missing_max,
        a.entities_missing,
        a.numbers_missing,
        a.numbers_agree,
        1.0 / max(retrieval_rank, 1),
        min(max(retrieval_score, 0.0), 1.0),
        1.0 / max(sentence_rank, 1),
        min(max(sentence_score_ratio, 0.0), 1.0),
    ]


def contradiction_strength(mismatches: Sequence[Mismatch]) -> float:
    """Noisy-or of the mismatch weights: the chance that a relevant sentence contradicts."""
    keep = 1.0
    for m in mismatches:
        keep *= 1.0 - m.weight
    return 1.0 - keep
