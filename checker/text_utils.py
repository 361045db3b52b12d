"""Word-level analysis shared by retrieval, evidence selection and the lexical verifier.

`profile(text)` tokenises a text once (cached) into what the checker compares: stemmed content
words, negated words, capitalised names, and quantities (numbers, percentages, money, years,
months, days) normalised so that "14 million" equals "14,000,000" and "40%" equals
"40 per cent". Offsets index into the text as given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

from ingest.artifacts import data_path
from ingest.errors import ModelLoadError
from ingest.text import (
    MONTHS,
    NEGATION_WORDS,
    NUMBER_WORDS,
    STOP_WORDS,
    TOKEN_RE,
    WEEKDAYS,
    normalise_quotes,
    stem,
    wordset,
)

# Negation reaches this many content words to the right of its cue, within a clause.
NEGATION_SCOPE = 2
NEGATION_PREFIXES = ("non", "un", "in", "im", "il", "ir", "dis")

# Names with digits in them: model and product names, versions, strains ("Kestrel-3.5", "GPT-4o",
# "COVID-19", "H1N1"), compared whole: "Kestrel-4" is not "Kestrel-3.5".
_IDENTIFIER_RE = re.compile(r"(?<![\w.-])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?![\w-])")
_MIXED_RE = re.compile(r"[A-Za-z][-.]?\d|\d[A-Za-z]")

# Words that texts write in lower case inside a sentence at least as often as capitalised, in
# the word weights' corpus (scripts/train_verifier.py: common_words). A capitalised first word
# of a sentence is a name unless it is one of them: "Tencent acquired ..." names Tencent,
# "Researchers found ..." does not. No library here tells names from words without a model.
COMMON_WORDS_FILE = data_path("verifier") / "common-words.txt"
SENTENCE_START_RE = re.compile(r"[.!?:\"\n]\s*$")
CLAUSE_BREAK_RE = re.compile(r"[,;:.!?()\[\]\u2014\u2013]|\s-\s")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    lower: str
    stem: str
    start: int
    end: int
    is_number: bool
    is_stop: bool
    is_negation: bool
    is_content: bool  # none of the three above (stored: read tens of thousands of times a check)


FAIL_WORDS = frozenset({"fail", "fails", "failed"})  # a denial only before "to"
_TO_NEXT = re.compile(r"\s+to\b", re.IGNORECASE)
# a denial of a reported fact: "The company rejects any suggestion that pressure ... played
# any part" ("rejected the plan" is no denial; "rejected that hypothesis" neither: a bare
# "rejected that" or "denied that" was read as one and cost the words-only
# leave-one-dataset-out row for SciFact 0.038)
_DENY = frozenset(
    {"deny", "denies", "denied", "reject", "rejects", "rejected", "dismiss", "dismisses"}
    | {"dismissed", "refute", "refutes", "refuted"}
)
_DENIED_NEXT = re.compile(
    r"\s+(?:any|all|the)\s+(?:suggestions?|claims?|allegations?|reports?)\s+that\b",
    re.IGNORECASE,
)


def tokenize(text: str) -> list[Token]:
    """Word and number tokens with offsets into `text`."""
    out: list[Token] = []
    norm = normalise_quotes(text)
    for m in TOKEN_RE.finditer(norm):
        raw = m.group()
        lower = raw.lower()
        is_number = raw[0].isdigit()
        is_neg = lower in NEGATION_WORDS or lower.endswith("n't")
        if lower in FAIL_WORDS and not _TO_NEXT.match(norm, m.end()):
            is_neg = False  # "failed to invest" denies; "a pump failed and sewage poured" not
        if lower in _DENY and _DENIED_NEXT.match(norm, m.end()):
            is_neg = True
        is_stop = (lower in STOP_WORDS or lower in NUMBER_WORDS or len(lower) == 1) and not is_neg
        start, end = m.span()
        out.append(
            Token(
                text=text[start:end],
                lower=lower,
                stem=lower if is_number else stem(lower),
                start=start,
                end=end,
                is_number=is_number,
                is_stop=is_stop,
                is_negation=is_neg,
                is_content=not (is_number or is_stop or is_neg),
            )
        )
    return out


def content_terms(text: str) -> list[str]:
    """Stems of the content words (no stop words, numbers or negation cues), in order."""
    return [t.stem for t in tokenize(text) if t.is_content]


# -- quantities ----------------------------------------------------------------------------------

NUMBER_VALUES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "dozen": 12,
}  # fmt: skip
# longest first within a prefix, so "million" is not read as "m"
_SCALE_WORDS = "hundred|thousand|million|billion|trillion|dozen|mn|bn|tn|m|k|b"
DATE_KINDS = frozenset({"year", "month", "day"})
_CURRENCY_WORDS = wordset("dollar dollars euro euros pound pounds usd eur gbp yen")

# "twenty-six", "forty two": one number
_TENS_UNITS = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)"
)
_QTY_RE = re.compile(
    r"(?<![\w.,])(?<![A-Za-z]-)"
    r"(?P<cur>(?:[$\u20ac\u00a3\u00a5]|US\$|(?:EUR|USD|GBP|CHF|JPY|CNY|AUD|CAD|SEK|NOK|DKK|INR)"
    r"(?=\s?\d))\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?P<word>"
    rf"{_TENS_UNITS}(?!\w)|"
    + "|".join(sorted(NUMBER_VALUES, key=len, reverse=True))
    + r"|(?:half\s+)?an?(?=\s+(?:hundred|thousand|million|billion|trillion|dozen)(?!\w))))"
    rf"(?:[\s-]?(?P<scale>{_SCALE_WORDS})(?!\w))?"
    r"(?:\s?(?P<unit>%|per[\s-]?cent(?!\w)|percentage[\s-]points?(?!\w)|points?(?!\w)"
    r"|pp(?!\w)))?"
    r"(?![\w%])",
    re.IGNORECASE,
)
_FISCAL_FIRST = re.compile(r"\b(?:19|20)(\d\d)[/\-\u2013]$")
# a number that names a provision, a count of an indictment or a stage rather than counting
# anything: "section 2 of the Act", "Offences 1 and 2", "Condition 14", "Phase 3", "Table 2"
_LABELLED = re.compile(
    r"\b(?:(?i:sections?|clauses?|paragraphs?|schedules?|regulations?|articles?|conditions?|"
    r"offen[cs]es?|rules?|items?|phases?|stages?|tiers?|levels?|chapters?|appendi(?:x|ces)|"
    r"annex(?:es)?|tables?|figures?|pages?|platforms?|junctions?|terminals?|wards?|"
    r"recommendations?|options?|objectives?|policy|policies)|Counts?|Parts?|Routes?|Lines?|"
    r"Gates?)\s+(?:\d+[a-z]?(?:\.\d+)?\s*(?:,|and|&|to|-|\u2013|or)\s*)*$"
)
# a plural noun right after "1.7m" or "40k": what the figure counts ("1.7m passengers")
_COUNTED_PLURAL = re.compile(r"\s+(?:[a-z]+[a-rt-z]s|people)\b")
_RATIO_WORD = r"\d+|" + "|".join(sorted(NUMBER_VALUES, key=len, reverse=True))
# "one in five", "3 out of 10": a share, compared as the percentage it is
_RATIO_RE = re.compile(
    rf"(?<![\w.,])(?P<a>{_RATIO_WORD})\s+(?:in|out\s+of)\s+(?P<b>{_RATIO_WORD})(?![\w%.,]\d)"
    r"(?!\s*(?:%|per\s*cent))",
    re.IGNORECASE,
)
_DURATION_RE = re.compile(
    r"(?<![\w-])(?:within|in|after|for|over|under|inside)\s+(?P<a>an?)\s+"
    r"(?P<unit>second|minute|hour|day|week|fortnight|month|year|decade)(?!\w)",
    re.IGNORECASE,
)
# "half of all downloads", "a third of patients", "two thirds of voters": shares
_FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
              "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5}  # fmt: skip
# multiples: "doubled", "tripled", "halved", "three times the", "twice as many", "2.5-fold"
_FACTOR_VERBS = {"doubl": 2.0, "tripl": 3.0, "trebl": 3.0, "quadrupl": 4.0, "halv": 0.5}
_FACTOR_RE = re.compile(
    r"(?<![\w-])(?:(?P<verb>doubl|tripl|trebl|quadrupl|halv)(?:ed|es|ing)(?!\w)"
    rf"|(?P<n>{_RATIO_WORD}|\d+\.\d+)[\s-]?fold(?!\w)"
    rf"|(?P<times>twice|thrice|(?:{_RATIO_WORD}|\d+\.\d+)\s+times)(?=\s+(?:the|as|that|its|"
    r"their|his|her|what|higher|larger|greater|more|bigger)\b))",
    re.IGNORECASE,
)
_PERIOD_AFTER_RE = re.compile(
    r"\s+(?:the\s+)?(?:\d{4}|year|season|century|decade|month|game|match)", re.IGNORECASE
)
_PERIOD_HALF_RE = re.compile(r"(?:first|second|last|latter|former|other)\s+$", re.IGNORECASE)
_MONTH_RE = re.compile(  # capitalised month names and abbreviations, longest first
    r"(?<!\w)(?P<m>"
    + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
    + r")\.?(?!\w)"
)


class Bound(Enum):
    """How a text bounds a figure: "90 million" states it, "more than 80 million" a floor."""

    EXACT = "exact"
    AT_LEAST = "at least"  # more than, over, at least, surpassing, north of, 200+
    AT_MOST = "at most"  # less than, fewer than, under, no more than
    ABOUT = "about"  # about, around, roughly, approximately, an estimated; and "up to" or
    # "as many as", which state the top figure a reader takes away ("could save up to $5
    # billion" is not borne out by "could save as much as $750 million")
    NEARLY = "nearly"  # nearly, almost, approaching, close to: a little under
    JUST_OVER = "just over"  # just over, slightly more than: a little over, not any amount over
    RANGE = "range"  # "5-6%", "10 to 15 per cent", "between 10 and 20 patients": value to upper


# The words that bound the figure after them, longest first within each group. "over" bounds a
# count but not a span of time ("over three years" is "during"), see extract_quantities.
_BOUND_WORDS = {
    Bound.AT_LEAST: "more than|greater than|higher than|larger than|at least|no fewer than|"
    "no less than|not less than|in excess of|upwards of|north of|over|above|beyond|"
    "surpassing|surpassed|surpasses|exceeding|exceeded|exceeds|topping|topped|tops",
    Bound.AT_MOST: "less than|fewer than|lower than|no more than|not more than|at most|"
    "under|below|south of",
    Bound.NEARLY: "nearly|almost|approaching|close to|just under|just shy of|shy of|not quite",
    Bound.JUST_OVER: "just over|just above|just more than|slightly over|slightly above|"
    "slightly more than|a little over|a little more than|just north of|just topping",
    Bound.ABOUT: "about|around|approximately|roughly|some|an estimated|estimated|circa|"
    "up to|as many as|as much as|as high as",
}
# every word that bounds a figure, for readers outside this module ("north of", "approaching")
BOUND_WORDS = "|".join(_BOUND_WORDS.values())
_FRACTION = (
    r"half|(?:a|one)[\s-]+(?:(?:further|additional)\s+)?(?:third|quarter|fifth)|"
    r"(?:two|three|four)[\s-]+(?:thirds|quarters|fifths)"
)
_FRACTION_RE = re.compile(
    rf"(?<![\w-])(?:(?P<f>{_FRACTION})\s+(?:of(?!\w)|"
    # a share of people standing for them: "Nearly a third said they had found damp"
    r"(?=(?:said|say|says|were|was|are|is|had|have|has|reported|agreed|disagreed|opposed|"
    r"supported|backed|voted|felt|thought|believed)\b))"
    # a change by a share: "cut by a further fifth", "rose by a third"
    rf"|by\s+(?:(?:{BOUND_WORDS})\s+)?(?P<by>{_FRACTION})(?![\w-]))",
    re.IGNORECASE,
)
_BOUND_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<{b.name}>{w})".replace(" ", r"[\s-]+") for b, w in _BOUND_WORDS.items())
    + r")\s+$|(?P<ABOUT_SIGN>~\s*)$",
    re.IGNORECASE,
)
_BOUND_AFTER_RE = re.compile(r"\+|[\s-]plus(?!\w)|\s+or\s+(?:more|above|over)(?!\w)", re.I)
_MULTIPLIER_RE = re.compile(
    r"\s+times?\s+(?:as|that|the|than|more|less|fewer|higher|lower|greater|larger|smaller|"
    r"bigger|faster|slower|longer|shorter|likelier|likely|over)(?!\w)",
    re.IGNORECASE,
)
_TIME_UNITS = wordset("second minute hour day week month year decade century period")
# How loose "about" and "nearly" are: within SURE of the figure agrees, beyond POSSIBLE clashes
# ("about 100 million" agrees with 95 million, clashes with 60 million; "approaching a billion"
# clashes with 90 million); in between, the figure is addressed but not settled.
ABOUT_SURE, ABOUT_POSSIBLE = 0.1, 0.3
NEARLY_SURE, NEARLY_POSSIBLE = 0.15, 0.4


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the text states it, normalised.

    kind: "percent", "points" (percentage points), "money", "count", "rate" (a count for each
    so many: "818 per 100,000"), "year", "month", "day",
    "factor" (a multiple: "doubled" 2, "three times the" 3, "halved" 0.5).
    `precision` is the unit of the last stated digit (14.2 million -> 100,000), so a
    less precise statement of the same number still agrees.
    """

    kind: str
    value: float
    precision: float
    start: int
    end: int
    context: str = ""  # counts: the counted word's stem ("41 million users" -> "user";
    # "downloaded 41 million times" -> "download")
    bound: Bound = Bound.EXACT  # start/end then cover the bounding words too
    # counts: the counted word and the one after it when that is a word of content too
    # ("45 volunteer developers" counts volunteers or developers: the noun is not marked)
    counted: frozenset[str] = frozenset()
    upper: float = 0.0  # a range's top value


def _precision(num: str, scale: float) -> float:
    digits = num.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1]) * scale
    if scale == 1 and len(digits) >= 7:  # 14,000,000: trailing zeros are not significant
        zeros = len(digits) - len(digits.rstrip("0"))
        zeros = min(zeros, len(digits) - 2)
        return 10.0 ** max(zeros, 0)
    return scale


def _previous_content(tokens: list[Token], offset: int) -> str:
    """The stem of the content word just before `offset` (at most two words back)."""
    before = [t for t in tokens if t.end <= offset][-2:]
    for t in reversed(before):
        if t.is_content:
            return t.stem
    return ""


_SENTENCE_END_RE = re.compile(r"[.;:!?](?:\s|$)")
_RATE_OR_WHEN = frozenset({"a", "an", "per", "each", "every", "last", "this", "next", "that"})


def _next_content(tokens: list[Token], offset: int, norm: str) -> str:
    """The stem of the content word just after `offset` (at most three words on, in the same
    sentence). A time unit after "a", "per" or "each" is a rate or a time, not what is
    counted: "5,867 a year earlier", "40,000 a day"; after "last" or "this" it is when: "rose
    to 11 last year"."""
    seen = 0
    previous = ""
    for t in tokens:
        if t.start < offset:
            continue
        if _SENTENCE_END_RE.search(norm, offset, t.start):
            break
        if t.is_content:
            if t.stem in _TIME_UNITS and previous in _RATE_OR_WHEN:
                return ""
            if t.text[:1].isupper() and (t.lower in MONTHS or t.lower in WEEKDAYS):
                return ""  # "1,871,200 at 31 January 2024": when, not what is counted
            return t.stem
        previous = t.lower
        seen += 1
        if seen >= 3:
            break
    return ""


def _name_before(tokens: list[Token], offset: int) -> str:
    """The stem of a capitalised word written just before `offset` ("Apache 2.0", "Windows
    11"): the figure is part of that name, whatever word follows it."""
    before = [t for t in tokens if t.end <= offset][-1:]
    if not before or offset - before[0].end != 1 or not before[0].text[:1].isupper():
        return ""
    tok = before[0]
    return tok.stem if tok.is_content and tok.lower not in MONTHS else ""


# "95% CI", "95% confidence interval": how sure an estimate is
_INTERVAL_RE = re.compile(
    r"\s*(?:CIs?\b|C\.I\.|(?:confidence|credible|prediction)\s+(?:intervals?|limits?|levels?))",
    re.IGNORECASE,
)
# a count of things for each so many: a rate ("818 missed collections per 100,000 scheduled",
# "4.2 deaths per 1,000 births", "12 officers per head of population" is no rate of heads)
_PER_RE = re.compile(
    r"(?:\s+[a-z][\w-]*){0,3}\s+per\s+(?:\d[\d,]*|one|a\s+(?:hundred|thousand|million)|"
    r"hundred|thousand|million|capita)\b",
    re.IGNORECASE,
)
# stems of words that qualify what a figure counts without naming it ("net", "new")
_MODIFIERS = frozenset({"net", "new", "addit", "extra", "further", "more", "gross", "total"})


def _word_after(tokens: list[Token], stem: str, offset: int) -> str:
    """The stem of the word right after the first `stem` at or after `offset`, if content."""
    for i, t in enumerate(tokens):
        if t.start >= offset and t.stem == stem:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            # the next word of the same phrase: "indicator boreholes", not "period, compared"
            if nxt is not None and nxt.is_content and not nxt.is_number and nxt.start - t.end <= 1:
                return nxt.stem
            return ""
    return ""


# words after which a four-digit number is a year whatever follows it ("in 2019 patients were
# enrolled", "between 2023 and 2025 downloads rose")
_YEAR_WORDS = "in since until till by from during before after between through to and or around"
_YEAR_BEFORE = frozenset(f"{_YEAR_WORDS} circa early mid late".split())
_DETERMINERS = frozenset("the a an this that these those its their his her our your".split())  # noqa: SIM905
_TITLE_REACH = 60  # characters before a year in which a law's name is looked for
# a year that is part of a law's or a document's name, not when anything happened
_TITLED_YEAR = re.compile(
    r"\b(?:Act|Acts|Regulations|Order|Rules|Directive|Bill|Code|Framework|Convention|Treaty)"
    r"(?:\s+\((?:England|Scotland|Wales|Northern Ireland|[A-Z][\w ]{1,30})\))?\s+$"
)
RECENT_YEARS = (1900, 2035)  # years a determiner may put before a plural ("the 2020 elections")


def _counts_things(tokens: list[Token], start: int, end: int, value: float) -> bool:
    """Whether a four-digit number counts the plural noun written right after it ("enrolled
    1679 patients", "Among 1526 patients", "the 1556 patients") rather than naming a year ("in
    2019 patients were enrolled", "the 2020 elections"). Read as a year, a count clashed with
    every year of the claim."""
    after = next((t for t in tokens if t.start >= end), None)
    if (
        after is None
        or after.start - end != 1
        or not after.is_content
        or not after.text.isalpha()  # "copeland's" is no plural
        or not after.text.islower()
        or not after.lower.endswith("s")
        or after.stem == after.lower  # not a plural: "2006 census", "1998 was"
    ):
        return False
    before = next((t for t in reversed(tokens) if t.end <= start), None)
    word = before.lower if before is not None and start - before.end <= 1 else ""
    if word in _YEAR_BEFORE or word in MONTHS:  # "in November 2010 ..."
        return False
    if (
        before is not None
        and word
        and before.is_content
        and before.text[:1].isupper()
        and not before.text.isupper()  # "RESULTS 1068 patients": a label, not a name
    ):
        return False  # after a name: "Euro 2016 finals", "Windows 2000 servers"
    if word in _DETERMINERS:
        return not RECENT_YEARS[0] <= value <= RECENT_YEARS[1]
    return True


def extract_quantities(text: str, tokens: list[Token] | None = None) -> list[Quantity]:
    """Numbers, percentages, money, years, months and days stated in `text`."""
    norm = normalise_quotes(text)
    tokens = tokens if tokens is not None else tokenize(text)
    months: list[Quantity] = []
    for m in _MONTH_RE.finditer(norm):
        word = m.group("m")
        if (
            word == "May"
            and not re.search(r"\d\s*$", norm[: m.start()])
            and not re.match(r"\s*\d", norm[m.end() :])
        ):
            continue  # "May" the verb
        months.append(Quantity("month", MONTHS[word.lower()], 1.0, m.start(), m.end()))
    found: list[Quantity] = list(months)
    for m in _QTY_RE.finditer(norm):
        num, word = m.group("num"), m.group("word")
        fiscal = _FISCAL_FIRST.search(norm, max(0, m.start() - 6), m.start())
        if fiscal and num and len(num) == 2 and int(num) == (int(fiscal.group(1)) + 1) % 100:
            continue  # "2016/17", "2026-27": a financial year, read as its first year
        scale_word = (m.group("scale") or "").lower()
        unit = (m.group("unit") or "").lower()
        cur = m.group("cur")
        if (
            num
            and not (word or cur or unit or m.group("scale"))
            and _LABELLED.search(norm, max(0, m.start() - 40), m.start())
        ):
            continue  # "section 2 of the Act", "Offences 1 and 2": names, not figures
        if unit and _INTERVAL_RE.match(norm, m.end()):
            continue  # "95% CI -2.3 to -0.3": how sure an estimate is, not a share of anything
        if word:
            if word[0].isupper() and m.start() > 0 and not scale_word and not unit:
                continue  # "One" as a name or title word
            # "a million": one; "half a million": a half
            if re.fullmatch(_TENS_UNITS, word.lower()):  # "twenty-six"
                value = number_value(word)
            else:
                value = float(NUMBER_VALUES.get(word.lower(), 0.5 if word[0] in "Hh" else 1))
            base_precision = 1.0
        else:
            value = float(num.replace(",", ""))
            base_precision = -1.0
        if scale_word in ("m", "k", "b") and not cur and not _COUNTED_PLURAL.match(norm, m.end()):
            scale_word = ""  # "5 m" is metres more often than millions; "1.7m passengers" not
        if scale_word == "hundred" and word == "hundred":
            scale_word = ""
        scale = _SCALES.get(scale_word, 1.0)
        precision = _precision(num, scale) if base_precision < 0 else scale
        value *= scale
        end = m.end() if (scale_word or unit or cur) else m.start("num") + len(num)
        start, bound = _bounded(norm, m.start(), end)
        if unit.startswith("percentage") or unit.startswith("point") or unit == "pp":
            kind, context = "points", ""
        elif unit:
            kind, context = "percent", ""
        elif cur:
            kind, context = "money", ""
        else:
            after = _next_content(tokens, end, norm)
            near_month = any(abs(q.start - end) <= 2 or abs(m.start() - q.end) <= 2 for q in months)
            digits = num.replace(",", "") if not word else ""
            if after in _CURRENCY_WORDS or after in ("dollar", "euro", "pound"):
                kind, context = "money", ""
            elif near_month and not word and len(digits) <= 2 and 1 <= value <= 31:
                kind, context = "day", ""
            elif (
                not word
                and len(digits) == 4
                and "." not in digits
                and "," not in num  # "1,600 migrants": a year is written 1600
                and 1000 <= value <= 2100
                and not scale_word
                and not _counts_things(tokens, m.start("num"), end, value)
            ):
                if _TITLED_YEAR.search(norm, max(0, m.start() - _TITLE_REACH), m.start()):
                    continue  # "the Environmental Permitting Regulations 2016": a name's year
                kind, context = "year", ""
            else:
                # "downloaded 90 million times" counts downloads, as "90 million downloads" does
                # ("ten times higher" is a multiplier, not a count)
                if after == "time" and not _MULTIPLIER_RE.match(norm, end):
                    after = _previous_content(tokens, start) or after
                elif not after and scale >= 1e3:  # "downloads, approaching a billion."
                    after = _previous_content(tokens, start)
                named = _name_before(tokens, m.start()) if not word else ""
                kind, context = "count", named or after
        over_time = norm[start : start + 4].lower() == "over" and context in _TIME_UNITS
        if kind in DATE_KINDS or over_time:
            start, bound = m.start(), Bound.EXACT  # "before 2020"; "over three years": during
        elif bound is Bound.EXACT and (after_m := _BOUND_AFTER_RE.match(norm, end)):
            end, bound = after_m.end(), Bound.AT_LEAST  # "200+", "40 or more"
        counted = frozenset()
        if kind == "count" and _PER_RE.match(norm, end):
            kind = "rate"  # "818 missed collections per 100,000 scheduled" is no count of 818
        if kind in ("count", "rate") and context:
            second = _word_after(tokens, context, end)
            # "1,184 net additional dwellings": two modifiers before what is counted
            third = _word_after(tokens, second, end) if second and context in _MODIFIERS else ""
            # "six new refuse collection vehicles": a modifier, then a noun of two words (every
            # word of a longer phrase was tried: it made counts of other things comparable, in
            # web pages full of figures above all)
            fourth = _word_after(tokens, third, end) if third else ""
            counted = frozenset({context, second, third, fourth} - {""})
        found.append(Quantity(kind, value, precision, start, end, context, bound, counted))
    for m in _RATIO_RE.finditer(norm):
        part, whole = (number_value(m.group(g)) for g in ("a", "b"))
        if not 0 < part < whole or re.fullmatch(r"1\d{3}|20\d{2}|2100", m.group("b")):
            continue  # not a share, or "won 3 in 2020"
        found = [q for q in found if q.end <= m.start() or q.start >= m.end()]
        start, bound = _bounded(norm, m.start(), m.end())
        # a share in a few parts is round, as a fraction is: "six in ten" is 55% to 65%
        precision = min(10.0, max(1.0, 100.0 / whole))
        found.append(
            Quantity("percent", 100.0 * part / whole, precision, start, m.end(), "", bound)
        )
    for m in _DURATION_RE.finditer(norm):  # "within a week": one week, as "within 1 week"
        unit = stem(m.group("unit").lower())
        span = (m.start("a"), m.end("unit"))
        found.append(Quantity("count", 1.0, 1.0, *span, unit, counted=frozenset({unit})))
    for m in _FRACTION_RE.finditer(norm):
        period_before = _PERIOD_HALF_RE.search(norm, max(0, m.start() - 12), m.start())
        if period_before or _PERIOD_AFTER_RE.match(norm, m.end()):
            continue  # "the first half of 2025" is a time, not a share
        group = "f" if m.group("f") else "by"
        found = [q for q in found if q.end <= m.start() or q.start >= m.end(group)]
        words = re.split(r"[\s-]+", m.group(group).lower())
        share = _FRACTIONS[words[-1]] * (NUMBER_VALUES.get(words[0], 1) if len(words) > 1 else 1)
        start, bound = _bounded(norm, m.start(group), m.end())
        # a fraction is a round share: "half" is 45% to 55% to a reader
        found.append(Quantity("percent", 100.0 * share, 10.0, start, m.end(group), "", bound))
    for m in _FACTOR_RE.finditer(norm):
        if m.group("verb"):
            value, precision = _FACTOR_VERBS[m.group("verb").lower()], 0.5
        elif m.group("n"):
            value, precision = number_value(m.group("n")), 0.5
        else:
            times = m.group("times").lower()
            word = times.split()[0]
            value = {"twice": 2.0, "thrice": 3.0}.get(word) or number_value(word)
            precision = 0.5
        if not value > 0:
            continue
        # "three times the 62 cases": the multiple, not a count of times
        found = [q for q in found if q.end <= m.start() or q.start >= m.end()]
        start, bound = _bounded(norm, m.start(), m.end())
        found.append(Quantity("factor", value, precision, start, m.end(), "", bound))
    found.sort(key=lambda q: q.start)
    return _ranges(norm, found)


_RANGE_GAP_RE = re.compile(r"\s*(?:-|\u2013|to)\s*$|\s+and\s+$", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"between\s+$", re.IGNORECASE)
_FROM_RE = re.compile(r"from\s+$", re.IGNORECASE)  # "rose from 10 to 20": a change, not a range
_SCALE_IN_RE = re.compile(rf"({_SCALE_WORDS})\b", re.IGNORECASE)


def _ranges(norm: str, found: list[Quantity]) -> list[Quantity]:
    """Two figures that state one range ("5-6%", "10 to 15 per cent", "between 10 and 20
    patients", "0.5 to 2 billion") as one quantity: its unit and scale are written once, on
    the second. Dates stay apart ("between 2023 and 2025"), and so does a change ("rose from
    10 to 20")."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        gap = norm[a.end : b.start] if b is not None else ""
        if (
            b is None
            or a.kind in DATE_KINDS
            or b.kind in DATE_KINDS
            or a.bound is not Bound.EXACT
            or b.bound is not Bound.EXACT
            or not _RANGE_GAP_RE.match(gap)
            or (
                gap.strip().lower() == "and"
                and not _BETWEEN_RE.search(norm, max(0, a.start - 12), a.start)
            )
            or _FROM_RE.search(norm, max(0, a.start - 8), a.start)
        ):
            out.append(a)
            i += 1
            continue
        low = a.value
        scale = _SCALE_IN_RE.search(norm, b.start, b.end)
        if scale and not _SCALE_IN_RE.search(norm, a.start, a.end):
            low *= _SCALES.get(scale.group(1).lower(), 1.0)  # "0.5 to 2 billion"
        kind = b.kind if a.kind == "count" else a.kind
        if kind != b.kind or not low < b.value:
            out.append(a)
            i += 1
            continue
        precision = max(a.precision, b.precision) if a.kind == b.kind else b.precision
        out.append(
            replace(
                b, start=a.start, value=low, upper=b.value, precision=precision, bound=Bound.RANGE
            )
        )
        i += 2
    return out


# a percentage that states a change: "up 40 per cent", "rose by about 18%", "fell 20%"
_CHANGE_UP_RE = re.compile(
    r"(?:\bup|\brose|\brisen|\brising|\bgrew|\bgrown|\bincreased?|\bincreasing|\bclimbed|"
    r"\bjumped|\bsoared|\bgained|\bincrease\s+of|\brise\s+of|\bgrowth\s+of)\s+(?:by\s+)?$",
    re.IGNORECASE,
)
_CHANGE_DOWN_RE = re.compile(
    r"(?:\bdown|\bfell|\bfallen|\bdropped|\bdeclined|\bdecreased?|\bshrank|\bslumped|"
    r"\bcut|\breduced|\bdecrease\s+of|\bdrop\s+of|\bfall\s+of|\bdecline\s+of)\s+(?:by\s+)?$",
    re.IGNORECASE,
)


_HIGHER = frozenset({"higher", "more", "greater", "larger", "bigger", "up"})
_CHANGE_AFTER_RE = re.compile(
    r"\s+(higher|more|greater|larger|bigger|up|lower|less|fewer|smaller|down)\b", re.IGNORECASE
)


def _change_cues(
    norm: str, q: Quantity
) -> tuple[re.Match[str] | None, re.Match[str] | None, re.Match[str] | None]:
    """What says the percentage `q` is a change: (a rise before it, a rise or fall before it,
    "higher than" after it)."""
    at = max(0, q.start - 30)
    up = _CHANGE_UP_RE.search(norm, at, q.start)
    cue = up or _CHANGE_DOWN_RE.search(norm, at, q.start)
    return up, cue, _CHANGE_AFTER_RE.match(norm, q.end)  # "62 per cent higher than"


@lru_cache(maxsize=20_000)
def is_change(text: str, q: Quantity) -> bool:
    """Whether the percentage `q` of `text` states a change ("rose 15%", "cut its contribution
    by 15%", "62 per cent higher than"), not a share ("37.6 per cent of income")."""
    if q.kind != "percent":
        return False
    norm = normalise_quotes(text)
    _, cue, after = _change_cues(norm, q)
    return bool(cue or after or _CHANGED_BY_RE.search(norm, max(0, q.start - 120), q.start))


def change_factors(text: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """The multiple each percentage change in `text` amounts to: "up 40 per cent" is 1.4 times,
    "fell 20%" 0.8 times; what "doubled" or "three times the" is compared with."""
    norm = normalise_quotes(text)
    out = []
    for q in quantities:
        if q.kind != "percent" or q.bound is Bound.RANGE:
            continue
        up, cue, after = _change_cues(norm, q)
        if cue or after:
            rises = bool(up) if cue else after.group(1).lower() in _HIGHER
            out.append(
                replace(
                    q,
                    kind="factor",
                    value=1.0 + (1 if rises else -1) * q.value / 100.0,
                    precision=q.precision / 100.0,
                    # "up 40 per cent", "62 per cent higher", as the editor reads it
                    start=cue.start() if cue else q.start,
                    end=q.end if cue else after.end(),
                )
            )
    # two values of one thing, now and before: the multiple is their ratio
    for now, then in _now_and_then(norm, quantities):
        a, b = sorted((now, then), key=lambda q: q.start)
        out.append(
            Quantity("factor", now.value / then.value, 0.05, a.start, b.end, "", Bound.EXACT)
        )
    return out


def _now_and_then(norm: str, quantities: Sequence[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """Two values of one thing, (now, before): "412 suspensions, compared with 298 in 2023-24",
    "rose from 298 to 412", "412 (2023-24: 298)"."""
    values = [q for q in quantities if q.kind in ("count", "money") and q.value > 0]
    out = []
    for a, b in zip(values, values[1:], strict=False):
        between = norm[a.end : b.start]
        if _THEN_BEFORE.fullmatch(between):
            out.append((a, b))
        elif _FROM_TO.fullmatch(between) and _FROM_BEFORE.search(norm, 0, a.start):
            out.append((b, a))
    return out


# a change by an amount or a share: "opening hours will be cut by eight hours a week", "cut its
# own grant to the museum by 15%"
_CHANGED_BY_RE = re.compile(
    r"\b(?:cut|cuts|reduced?|reduces|raised?|raises|increased?|increases|lowered|lowers|rose|"
    r"risen|fell|fallen|grew|grown|dropped|trimmed|trims|slashed|slashes|boosted|boosts)\s+"
    r"(?:[\w'’-]+\s+){0,12}?by\s+$",
    re.IGNORECASE,
)


_COMPARED_BEFORE_RE = re.compile(r"(?:compared\s+(?:with|to)|against|versus|vs\.?)\s+$", re.I)


@lru_cache(maxsize=20_000)
def changed_by(text: str, q: Quantity, quantities: tuple[Quantity, ...] = ()) -> bool:
    """Whether the count or sum `q` of `text` is the amount something changed by ("cut by
    eight hours a week"), not a level; so is the figure it is compared with ("cut ... by
    almost five, compared with 2.6 days for those given a placebo"), among `quantities`."""
    if q.kind not in ("count", "money"):
        return False
    norm = normalise_quotes(text)
    if _CHANGED_BY_RE.search(norm, max(0, q.start - 120), q.start):
        return True
    if not _COMPARED_BEFORE_RE.search(norm, max(0, q.start - 20), q.start):
        return False
    before = [p for p in quantities if p.end <= q.start and p.kind == q.kind]
    return (
        bool(before)
        and _CHANGED_BY_RE.search(norm, max(0, before[-1].start - 120), before[-1].start)
        is not None
    )


def change_differences(text: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """The amount each change from one value to another in `text` comes to: "opening hours
    reduced from 36 to 28 hours per week" changed them by 8 (hours)."""
    norm = normalise_quotes(text)
    out = []
    for now, then in _now_and_then(norm, quantities):
        a, b = sorted((now, then), key=lambda q: q.start)
        counted = now.counted | then.counted
        context = now.context or then.context
        precision = max(now.precision, then.precision)
        out.append(
            Quantity(
                now.kind,
                abs(now.value - then.value),
                precision,
                a.start,
                b.end,
                context,
                Bound.EXACT,
                counted,
            )  # fmt: skip
        )
    return out


# how an annual report labels the year before's figure in brackets: "(2023-24: 14)", "(prior
# year: £4m)"; "(was: £4m)" is how the evidence stage labels a bare bracket in a source that
# says its brackets hold the year before's (`checker.retrieval.evidence.label_comparatives`),
# with no word a claim could be matched on
PRIOR_LABEL = (
    r"\(\s*(?:(?:19|20)\d\d(?:[/-]\d\d)?|(?:prior|previous|last)\s+year|a\s+year\s+earlier|was)"
    r"\s*:"
)
_THEN_BEFORE = re.compile(
    r"[^.;:\d]{0,40}?(?:,\s*|\s+)(?:compared\s+(?:with|to)|against|up\s+from|down\s+from|from)\s+"
    rf"|[^.;:\d()]{{0,40}}?{PRIOR_LABEL}\s*",
    re.IGNORECASE,
)
_FROM_TO = re.compile(r"\s*(?:to|-|–)\s*", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)


# "96 of the 187 cases", "4.1 km of the 12.3 km route": a part then its whole
_PART_THEN_WHOLE_RE = re.compile(r"\s+(?:[\w-]+\s+)?of\s+(?:the\s+|all\s+|its\s+|their\s+)?", re.I)
# "Of the 12.3 km route, 4.1 km is ...": the whole first
_WHOLE_FIRST_RE = re.compile(r"\bof\s+(?:the|all|its|their)\s+$", re.I)


def part_shares(text: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """The share a part stated with its whole amounts to: "96 of the 187 cases" is 51%, "Of the
    12.3 km route, 4.1 km is on-street" a third. What "about a third of the route" or "half of
    the cases" is compared with. Exact counts (or sums) of one unit only. Written by hand: the
    arithmetic a reader does is no library's, and the phrasings are few."""
    norm = normalise_quotes(text)
    counts = [q for q in quantities if q.kind in ("count", "money") and q.bound is Bound.EXACT]
    out = []
    for a, b in zip(counts, counts[1:], strict=False):
        between = norm[a.end : b.start]
        if a.kind != b.kind or a.value <= 0 or b.value <= 0:
            continue
        if (
            _PART_THEN_WHOLE_RE.fullmatch(between)
            and (not a.context or a.context == b.context)
            and a.value < b.value
        ):
            part, whole = a, b
        elif (
            b.value < a.value
            and _WHOLE_FIRST_RE.search(norm, max(0, a.start - 12), a.start)
            and a.context
            and a.context == b.context
            and "," in between
            and len(between.split()) <= 6
        ):
            part, whole = b, a  # "Of the 12.3 km route, 4.1 km": the whole comes first
        else:
            continue
        out.append(
            replace(
                part,
                kind="percent",
                value=100.0 * part.value / whole.value,
                precision=1.0,
                start=a.start,
                end=b.end,
                context="",
                counted=frozenset(),
            )
        )
    return out


def _bounded(norm: str, start: int, end: int) -> tuple[int, Bound]:
    """Where the figure at norm[start:end] starts with the words that bound it, and how."""
    before = _BOUND_BEFORE_RE.search(norm, max(0, start - 40), start)
    if before is None:
        return start, Bound.EXACT
    name = before.lastgroup or ""
    return before.start(), Bound.ABOUT if name == "ABOUT_SIGN" else Bound[name]


def number_value(word: str) -> float:
    """The value of a number as written in digits or in words ("31", "four")."""
    if word[0].isdigit():
        return float(word)
    return float(sum(NUMBER_VALUES[w] for w in re.split(r"[\s-]+", word.lower())))


def _span(q: Quantity, sure: bool) -> tuple[float, float]:
    """The values `q` allows: `sure`, those it certainly covers; else those it does not rule
    out. An exact figure covers half its last digit either way."""
    if q.kind == "factor" and q.bound in (Bound.ABOUT, Bound.NEARLY, Bound.JUST_OVER):
        # a multiple's bound is read on the change it states: "almost doubled" is a rise of
        # nearly 100% (not 1.38 times), "almost halved" a fall of nearly 50% (0.5 to 0.6)
        lo, hi = _span(replace(q, kind="change", value=q.value - 1.0), sure)
        if q.value < 1.0 and q.bound is not Bound.ABOUT:
            # a fall's magnitude is below zero: "nearly" a fall is a smaller fall
            lo, hi = _span(replace(q, kind="change", value=1.0 - q.value), sure)
            lo, hi = -hi, -lo
        return lo + 1.0, hi + 1.0
    if q.kind == "factor" and q.value < 1.0 and q.bound in (Bound.AT_LEAST, Bound.AT_MOST):
        # "more than halved" fell further than to a half: at most 0.5 of what it was
        flipped = Bound.AT_MOST if q.bound is Bound.AT_LEAST else Bound.AT_LEAST
        return _span(replace(q, kind="change", bound=flipped), sure)
    v, half = q.value, q.precision / 2
    if q.bound is Bound.AT_LEAST:
        return v, math.inf
    if q.bound is Bound.AT_MOST:
        return -math.inf, v
    if q.bound is Bound.ABOUT:
        t = ABOUT_SURE if sure else ABOUT_POSSIBLE
        return v - max(t * abs(v), half), v + max(t * abs(v), half)
    if q.bound is Bound.RANGE:
        return v - half, q.upper + half
    if q.bound is Bound.NEARLY:
        t = NEARLY_SURE if sure else NEARLY_POSSIBLE
        return v - max(t * abs(v), half), v + (0.0 if sure else half)
    if q.bound is Bound.JUST_OVER:
        t = NEARLY_SURE if sure else NEARLY_POSSIBLE
        return v - (0.0 if sure else half), v + max(t * abs(v), half)
    return v - half, v + half


def _slack(a: Quantity, b: Quantity) -> float:
    return 1e-9 * max(abs(a.value), abs(b.value), 1.0)


def same_number(a: Quantity, b: Quantity) -> bool:
    """Whether `b` states a value that `a` allows: the same figure (whatever words bound
    either: "more than 90%" and "90%" are read as one figure, as readers do), or every value
    `b` allows within what `a` surely covers ("more than 80 million" and 90 million, or "more
    than 85 million")."""
    exact = a.bound is Bound.EXACT and b.bound is Bound.EXACT
    # two stated figures agree to the coarser precision; a bound's own figure to the finer one
    # ("more than half" is not 48%, though "half" alone is)
    precision = max(a.precision, b.precision) if exact else min(a.precision, b.precision)
    ranged = Bound.RANGE in (a.bound, b.bound)
    if not ranged and abs(a.value - b.value) <= precision / 2 + _slack(a, b):
        return True
    if ranged and a.bound is b.bound and (a.value, a.upper) == (b.value, b.upper):
        return True
    if exact:
        return False
    lo, hi = _span(a, sure=True)
    b_lo, b_hi = _span(b, sure=False)
    return lo - _slack(a, b) <= b_lo and b_hi <= hi + _slack(a, b)


def different_numbers(a: Quantity, b: Quantity) -> bool:
    """Whether no value allowed by one is allowed by the other: 90 million against "more than
    150 million" or "approaching a billion"; not 45 against "more than 40"."""
    if same_number(a, b):
        return False
    if a.bound is Bound.EXACT and b.bound is Bound.EXACT:
        return True
    lo, hi = _span(a, sure=False)
    b_lo, b_hi = _span(b, sure=False)
    return b_hi < lo - _slack(a, b) or b_lo > hi + _slack(a, b)


# Words a primary source uses for a reporter's: "sales" in the article, "revenue" in the annual
# report; "cut 1,100 jobs" and "reduce its workforce by 1,100 positions". Each group is words of
# one sense in news about organisations, counted as the same word where a claim's word is looked
# for in a source sentence. Written by hand: WordNet, the library for synonyms, ships its data
# as a separate download (nltk.download) that this offline product never makes, and it lists
# every sense of a word ("post" as a job and as a letter), too loose for reading a word as
# stated.
_SYNONYM_TABLE = (
    "revenue revenues sales turnover",
    "job jobs position positions",
    "staff workforce headcount employees workers personnel",
    "cut cuts reduce reduces reduced reduction shed sheds eliminate eliminated axe axed",
    "agreement agreements contract contracts deal deals",
    "grant grants aid subsidy subsidies",
    "talks consultation consultations negotiation negotiations",
    "factory factories plant plants facility facilities",
    "company companies firm firms",
    "carmaker carmakers automaker automakers",
    "ridership patronage",
    "collide collided collision crash crashed",
    "injure injured injury injuries hurt wounded",
    "strike strikes walkout walkouts",
    "fund funds funded funding finance financed financing",
    "build built construct constructed construction",
    "death deaths fatality fatalities",
    "raise raises raised increase increases increased hike hikes hiked rise rises rose risen "
    "climb climbs climbed grow grows grew grown",
    "shipment shipments delivery deliveries",
    "sign signs signed signing enter enters entered conclude concludes concluded",
    "fall falls fell fallen decrease decreases decreased decline declines declined drop drops "
    "dropped slump slumped narrow narrows narrowed dip dips dipped",
    "home homes dwelling dwellings",
    "shop shops store stores",
    "shut shuts close closes closed closure closures",
    "lend lends lent loan loans",
    "owner owners shareholder shareholders",
    "pledge pledges pledged provide provides provided allocate allocates allocated",
    "repay repays repaid repayable repayment",
    "ban bans banned disqualify disqualifies disqualified disqualification",
    "steal steals stole stolen exfiltrate exfiltrates exfiltrated",
    "outside external",
    "oppose opposes opposed disagree disagrees disagreed object objects objected",
    "ask asks asked seek seeks sought request requests requested",
    "initially originally",
    "order orders ordered require requires required",
    "gap gaps shortfall shortfalls deficit deficits",
    "made produced manufactured",
    "jail jailed imprison imprisoned imprisonment",
    "complete completes completed conclude concludes concluded",
    "extra additional",
    "recruit recruits recruited hire hires hired",
    "win wins won award awards awarded",
    "premises properties",
)


@lru_cache(maxsize=1)
def _synonym_groups() -> dict[str, frozenset[str]]:
    groups: dict[str, frozenset[str]] = {}
    for line in _SYNONYM_TABLE:
        group = frozenset(stem(w) for w in line.split())
        for s in group:
            groups[s] = groups.get(s, frozenset()) | group
    return groups


def synonyms(word_stem: str) -> frozenset[str]:
    """The stems that mean what `word_stem` means in news about organisations (itself
    included): "revenu" -> {"revenu", "sale", "turnov"}."""
    return _synonym_groups().get(word_stem, frozenset({word_stem}))


def same_counted(a: Quantity, b: Quantity) -> bool:
    """Whether two counts count the same thing: "45 volunteer developers" and "200+
    developers" do, and "1,100 jobs" and "1,100 positions"; "41 million users" and "41 million
    times" do not."""
    if not a.context:
        return False
    # "27 new drivers" and "six new refuse collection vehicles" share only "new": a word that
    # says which of them, not what is counted
    mine = ({a.context} | a.counted) - _MODIFIERS or {a.context}
    theirs = ({b.context} | b.counted) - _MODIFIERS or {b.context}
    return bool(mine & theirs or any(synonyms(word) & theirs for word in mine))


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same kind of thing, so that different values clash."""
    if a.kind != b.kind:
        return False
    if a.kind in ("count", "rate"):
        return same_counted(a, b)
    return True


# -- profiles --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextProfile:
    text: str
    tokens: tuple[Token, ...]
    terms: tuple[str, ...]  # content stems, in order
    term_set: frozenset[str]
    all_stems: frozenset[str]  # every word stem, stop words included ("more", "after", ...)
    negated: frozenset[str]  # content stems in the scope of a negation cue
    negations: int  # number of negation cues
    entities: tuple[tuple[str, str, str], ...]  # (stem, previous stem, next stem) of names
    quantities: tuple[Quantity, ...]

    @property
    def entity_stems(self) -> frozenset[str]:
        return frozenset(e[0] for e in self.entities)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    try:
        return frozenset(COMMON_WORDS_FILE.read_text(encoding="utf-8").split())
    except OSError as exc:
        raise ModelLoadError(
            f"cannot read {COMMON_WORDS_FILE}: {exc.strerror or exc}; "
            "rebuild it with `python scripts/train_verifier.py`"
        ) from exc


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady"})


def _is_name(tok: Token, first: bool) -> bool:
    if tok.is_number or tok.is_negation or len(tok.text) < 2:
        return False
    if tok.lower in MONTHS or tok.lower in WEEKDAYS or tok.lower in HONORIFICS:
        return False  # "Mr Arkwright" names him as "Dennis Arkwright" does
    head = tok.text[0]
    if not head.isupper():
        return any(c.isupper() for c in tok.text[1:])  # iPhone, eBay
    if tok.text.isupper() and len(tok.text) >= 2:
        return tok.lower not in STOP_WORDS  # acronyms: NASA, WHO (not "A", "I")
    if tok.is_stop:
        return False
    return not first or not _common_word(tok.lower)


# Endings of English words that names rarely have ("Nonhypertensive", "Transcriptional"):
# a capitalised first word with one is a word, not a name, even when too rare to be in
# common_words(). "-ing" is left out (Beijing, Manning), as are short words.
_WORD_ENDINGS = (
    "ive", "ous", "able", "ible", "ical", "ness", "ment", "ments", "tion", "tions", "sion",
    "sions", "ities", "ized", "ised", "izes", "ises", "ally",
)  # fmt: skip


def _common_word(lower: str) -> bool:
    """A word texts usually write in lower case: in common_words(), or made from one with a
    prefix ("nonhypertensive": hypertensive), or ending like a word, not a name."""
    words = common_words()
    if lower in words:
        return True
    for prefix in (*NEGATION_PREFIXES, "re", "pre", "over", "under", "anti", "co"):
        if lower.startswith(prefix) and lower[len(prefix) :].lstrip("-") in words:
            return True
    return len(lower) >= 7 and lower.endswith(_WORD_ENDINGS)


def _negation_scope(text: str, tokens: list[Token] | tuple[Token, ...]) -> set[str]:
    """Content stems in the scope of a negation cue. A stem the text also states outside any
    scope stays negated: reading such a word as not negated ("risk of exacerbations, even in
    those without previous exacerbations") was tried and lost on single pairs (mean 0.4258 ->
    0.4207: LIAR-PLUS -0.038, HealthFC -0.036), where a negated mention anywhere tells."""
    inside: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.is_negation:
            inside |= _scope_indices(text, tokens, i)
    return {tokens[j].stem for j in inside}


def _scope_after(text: str, tokens: list[Token] | tuple[Token, ...], i: int) -> set[str]:
    return {tokens[j].stem for j in _scope_indices(text, tokens, i)}


def _scope_indices(text: str, tokens: list[Token] | tuple[Token, ...], i: int) -> set[int]:
    """Indices of the content words negation cue i negates: up to NEGATION_SCOPE after it,
    within its clause, up to the next cue. A hyphenated "non-" negates two words too ("non-stem
    glioblastoma cells": stem, glioblastoma): reading it as negating its own word only was
    tried and moved the leave-one-dataset-out table down (default mean 0.437 -> 0.434, by
    flipping the bounds chosen for SciFact and LIAR-PLUS; COVID-Fact -0.004 at fixed settings),
    so it is not done."""
    negated: set[int] = set()
    prev_end = tokens[i].end
    reach = NEGATION_SCOPE + (1 if _inverted(tokens, i) else 0)
    for j in range(i + 1, len(tokens)):
        nxt = tokens[j]
        if CLAUSE_BREAK_RE.search(text, prev_end, nxt.start):
            break
        prev_end = nxt.end
        if nxt.is_negation:
            break
        if nxt.is_content:
            negated.add(j)
            if len(negated) >= reach:
                break
    return negated


_INVERTING = frozenset({"on", "at", "in", "under", "by", "for"})
_AUXILIARIES = frozenset(
    {"was", "were", "is", "are", "did", "does", "do", "had", "has", "have", "will", "would"}
    | {"could", "can", "should", "shall", "must"}
)


def _inverted(tokens: list[Token] | tuple[Token, ...], i: int) -> bool:
    """Whether negation cue i opens a clause with its verb after the subject it inverts: "on
    neither occasion was the call upgraded", "at no time were patients told". The cue then
    reaches one word further, to the verb ("occasion", "call", "upgraded")."""
    if i == 0 or tokens[i - 1].lower not in _INVERTING or i + 2 >= len(tokens):
        return False
    return tokens[i + 1].is_content and tokens[i + 2].lower in _AUXILIARIES


_SENTENCE_BREAK_RE = re.compile(r"[;.!?]")
FRAME_REACH = 4  # content words a negation frame reaches back for


def _reach_back(norm: str, tokens: tuple[Token, ...], i: int, breaks: re.Pattern[str]) -> set[str]:
    """Stems of up to FRAME_REACH content words before token i, not across `breaks`."""
    found: set[str] = set()
    after = tokens[i].start
    for tok in reversed(tokens[:i]):
        if breaks.search(norm, tok.end, after):
            break
        after = tok.start
        if tok.is_content:
            found.add(tok.stem)
            if len(found) >= FRAME_REACH:
                break
    return found


def without_swaps(a: TextProfile, b: TextProfile) -> frozenset[str]:
    """Stems whose negation differs between `a` and `b` only because the two say the same
    thing with the negation in another place: "released ... without its weights" (the weights
    negated) against "its weights have not been released" (the release negated). Found where
    `a`'s "without" (or "with no") negates a word that stands before a negation cue of `b`, and
    `b`'s cue negates a word that stands before the "without" in `a`. "released without delay"
    against "was not released" is no such swap (the delay is not what `b` negates the release
    of), so it stays a clash. Returns the stems to read as agreeing (empty if none)."""
    swaps: set[str] = set()
    for x, y in ((a, b), (b, a)):
        xn, yn = normalise_quotes(x.text), normalise_quotes(y.text)
        for i, tok in enumerate(x.tokens):
            framed = tok.lower == "without" or (
                tok.lower == "no" and i > 0 and x.tokens[i - 1].lower == "with"
            )
            if not framed:
                continue
            head = _reach_back(xn, x.tokens, i, _SENTENCE_BREAK_RE)
            lacked = _scope_after(xn, x.tokens, i)
            for j, cue in enumerate(y.tokens):
                if not cue.is_negation or cue.lower == "without":
                    continue
                subject = _reach_back(yn, y.tokens, j, CLAUSE_BREAK_RE)
                denied = _scope_after(yn, y.tokens, j)
                if lacked & subject and denied & head:
                    swaps |= (lacked & subject) | (denied & head)
    return frozenset(swaps)


def _neighbour(norm: str, tokens: list[Token], i: int, step: int) -> str:
    """The stem of the nearest word before (step -1) or after (step 1) token i that is not a
    stop word, within its clause: where a name stands ("acquired by Tencent in 2024": acquir)."""
    j = i
    while 0 <= j + step < len(tokens):
        left, right = sorted((tokens[j], tokens[j + step]), key=lambda t: t.start)
        if CLAUSE_BREAK_RE.search(norm, left.end, right.start):
            return ""
        j += step
        if not tokens[j].is_stop:
            return tokens[j].stem
    return ""


_FIGURE_WORDS = frozenset(
    {"roughly", "approximately", "nearly", "almost", "around", "approaching", "topping"}
    | {"exceeding", "upwards", "north", "barely", "close", *_FRACTIONS}
)


@lru_cache(maxsize=4096)
def profile(text: str) -> TextProfile:
    """The analysis of one text (claim or evidence sentence); cached, texts repeat in a batch."""
    tokens = tokenize(text)
    norm = normalise_quotes(text)
    entities = []
    for i, tok in enumerate(tokens):
        if not (tok.text[:1].isupper() or tok.text[1:].lower() != tok.text[1:]):
            continue  # names have a capital somewhere
        first = i == 0 or bool(SENTENCE_START_RE.search(norm, tokens[i - 1].end, tok.start))
        if _is_name(tok, first):
            entities.append(
                (tok.stem, _neighbour(norm, tokens, i, -1), _neighbour(norm, tokens, i, 1))
            )
    identifiers = (
        {  # without hyphens: "A-769662" and "A769662", "COVID-19" and "COVID19" are one name
            m.group().lower().replace("-", "")
            for m in _IDENTIFIER_RE.finditer(norm)
            if any(c.isdigit() for c in m.group()) and any(c.isalpha() for c in m.group())
        }
        if _MIXED_RE.search(norm)
        else set()
    )
    entities.extend((ident, "", "") for ident in sorted(identifiers))
    quantities = tuple(extract_quantities(text, tokens))
    # the words that bound or make a figure ("roughly a quarter", "approximately 1,100") are
    # compared as the figure; as words they would ask a source to say "roughly" too. What a
    # figure counts ("within a week") stays a word.
    spans = [(q.start, q.end) for q in quantities if q.kind not in DATE_KINDS]
    terms = tuple(
        t.stem
        for t in tokens
        if t.is_content
        and not (t.lower in _FIGURE_WORDS and any(a <= t.start < b for a, b in spans))
    )
    return TextProfile(
        text=text,
        tokens=tuple(tokens),
        terms=terms,
        term_set=frozenset(terms),
        all_stems=frozenset(t.stem for t in tokens if not t.is_number) | identifiers,
        negated=frozenset(_negation_scope(norm, tokens)),
        negations=sum(1 for t in tokens if t.is_negation),
        entities=tuple(entities),
        quantities=quantities,
    )


@lru_cache(maxsize=65536)
def strip_negation_prefix(word: str) -> str | None:
    """'unlikely' -> stem of 'likely', 'deactivates' -> stem of 'activates'; None when the word
    has no negating prefix. "de" only before a vowel: before a consonant it is mostly not a
    prefix at all ("deliver", "define", "depart", "devote")."""
    for prefix in NEGATION_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return stem(word[len(prefix) :].lstrip("-"))
    if word.startswith("de") and len(word) >= 7 and word[2] in "aeiou":
        return stem(word[2:])
    return None


# -- reported speech -------------------------------------------------------------------------------

_REPORTING = (
    r"said|says|say|told|tells|stated|states|claimed|claims|announced|announces|reported|reports|"
    r"wrote|writes|argued|argues|noted|notes|added|adds|insisted|insists|confirmed|confirms|"
    r"admitted|admits|explained|explains|warned|warns|estimated|estimates|believes|believed|"
    r"acknowledged|acknowledges|revealed|reveals|suggested|suggests|showed|shows|found|finds|"
    r"concluded|concludes|predicted|predicts|stressed|stresses|emphasised|emphasized"
)
# the same words, for readers outside this module ("The minister told reporters: ...")
REPORTING_WORDS = frozenset(_REPORTING.split("|"))
_FRAME_THAT = re.compile(
    r"^.{0,200}?\b(?:" + _REPORTING + r")\b[^.;:!?]{0,80}?\bthat\s+(?P<core>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "Little Lanterns describes itself as the country's largest children's health charity": what
# it is said to be
_FRAME_ITSELF = re.compile(
    r"^(?P<who>[^,;:]{2,80}?)\s+(?:describes|described|bills|billed|calls|called|styles|styled)"
    r"\s+(?:itself|himself|herself|themselves)\s+(?:as\s+)?(?P<what>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_FRAME_ACCORDING = re.compile(
    r"^\s*according to [^,;]{1,80},\s*(?P<core>\S.*)$", re.IGNORECASE | re.DOTALL
)
# when or how it was said: "the company said on Thursday", "officials said in a statement"
_SAID_WHEN = (
    r"(?:\s+(?:on|in|at|last|this|late|earlier|yesterday|today|on\s+\w+day)\b[^,.;:\"]{0,40}"
    r"|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)?"
)
_FRAME_AFTER = re.compile(
    r"^(?P<core>.+?)(?:,\s*[\"']?\s*|\s*[\"']\s*)(?:according to [^,.;]{1,80}"
    r"|(?:[\w.'-]+\s+){0,4}(?:said|says|added|adds|wrote|writes|told \w+)" + _SAID_WHEN + r")"
    r"\s*[.!]?\s*$",
    re.DOTALL,
)


def claim_core(text: str) -> str:
    """What a sentence of reported speech reports: "X said on Monday that Y" -> "Y".

    The attribution is left to retrieval (it helps find the speaker's own words); the verifier
    compares what was said. Texts without such a frame come back unchanged.
    """
    for pattern in (_FRAME_THAT, _FRAME_ACCORDING, _FRAME_AFTER):
        m = pattern.match(text)
        if m:
            core = m.group("core").strip()
            if len(content_terms(core)) >= 3:
                return core
    m = _FRAME_ITSELF.match(text)
    if m and len(content_terms(m.group("what"))) >= 2:
        return f"{m.group('who')} is {m.group('what')}"
    return text
