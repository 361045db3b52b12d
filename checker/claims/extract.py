"""Claim extraction: article -> the check-worthy statements it makes.

`RuleClaimExtractor` (id "rules") segments the article (ingest.sentences), splits compound
sentences whose clauses state separate facts, scores every candidate with the
check-worthiness model plus rules (checker.claims.checkworthiness), merges repeats of one sentence
into one claim with all its locations, and gives sentences that lean on their context a
self-contained `query`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from checker.claims.checkworthiness import (
    CheckworthinessModel,
    anchors,
    exclusion_reason,
    is_finite_verb,
    load_default,
    rule_score,
)
from checker.claims.parts import ASIDE, ROLE, split_parts
from checker.models import Article, Claim, Span
from checker.text_utils import REPORTING_WORDS, common_words
from ingest.models import short_hash
from ingest.sentences import HEADING, ITEM, LINE, SENTENCE, Segment, segment
from ingest.text import (
    FUNCTION_CAPS,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    leading_conjunctions_re,
    plain_text,
    wordset,
)


class ClaimExtractor(Protocol):
    id: str

    def extract(self, article: Article) -> list[Claim]: ...


@dataclass(frozen=True)
class SentenceDecision:
    """One candidate sentence (or clause) and what the extractor made of it."""

    start: int
    end: int
    text: str
    kind: str
    score: float
    reason: str | None  # why it is not a claim; None when it is one
    query: str
    # its separate facts (checker.claims.parts) when it states several
    parts: tuple[Claim, ...] = ()


# --- Text helpers ---------------------------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


def normalise(text: str) -> str:
    """What two renderings of one sentence have in common (markup, case, quotes, spacing)."""
    return plain_text(text.translate(_QUOTES)).casefold()


def claim_id(text: str) -> str:
    """Content hash of the normalised claim text."""
    return "c" + short_hash(normalise(text))


# --- Article ---------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


# --- Named things and context ----------------------------------------------------------------

_WORD = re.compile(r"[^\W_][\w.’'\-]*[^\W_]|[^\W_]")
_FUNCTION_CAPS = FUNCTION_CAPS | wordset(
    """It's It’s After Before Within Unlike Once Since During Despite Although Though Because
    Meanwhile However Mostly Why What How Who Where Which Yes No Not Also Then Now Still Here
    There Key Note Update FAQ Developed Based According Grading"""
)
_CONNECTORS = frozenset({"of", "de", "du", "van", "von", "&", "and"})
_INTRO = re.compile(
    r"^(?:(?:after|before|within|unlike|once|since|during|despite|although|though|because|"
    r"when|while|as|by|in|on|at|with|for|over|under|following|amid|[a-z]+ed|[a-z]+ing)\b"
    r"[^,]{0,80},\s*)",
    re.IGNORECASE,
)
_LEADING_CONJ = leading_conjunctions_re("indeed")
_LABEL = re.compile(r"^(?:\*\*[^*]{1,30}:\*\*\s*)+")
_PRONOUN_SUBJECT = {
    "it": "{e}",
    "it's": "{e} is",
    "its": "{e}'s",
    "they": "{e}",
    "their": "{e}'s",
    "he": "{e}",
    "she": "{e}",
    "his": "{e}'s",
}
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such", "its", "their", "his"})
_EVENT_NOUNS = wordset(
    """move decision change shift announcement step betrayal deal plan backlash silence news
    development removal departure dismissal firing exit layoffs layoff takeover acquisition
    merger split lawsuit ruling verdict outcome incident attack crisis episode scandal revelation
    report leak pivot reversal policy measure bill law rule ban"""
)
_ENTITY_NOUNS = wordset(
    """company firm group team project model family lab laboratory startup organisation
    organization agency government country city state platform service product fork bank party
    administration ministry department court community network app tool release version
    company's firm's ceo founder minister president spokesperson spokesman spokeswoman official
    officials executive executives authors researchers scientists developers"""
)
_NP_STOP = wordset(
    """now also still already just then only even quickly quietly recently reportedly soon
    today yesterday"""
)
_CLICKBAIT = re.compile(
    r"^(?:here'?s|here’s|what happened|why it matters|explained|everything you need|"
    r"what (?:you|we) know|the full story|read more|live updates?|analysis|opinion)\b",
    re.IGNORECASE,
)


def _strip_possessive(word: str) -> str:
    return re.sub(r"['’]s$", "", word.rstrip("."))


def _is_named(word: str) -> bool:
    return word[:1].isupper() or (any(c.isupper() for c in word[1:]) and word[:1].isalpha())


def proper_nouns(texts: Sequence[str]) -> Counter[str]:
    """Words seen capitalised inside sentences (not first), with how often they occur."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = _WORD.findall(plain_text(text))
        for i, w in enumerate(words):
            base = _strip_possessive(w)
            if i > 0 and _is_named(base) and base not in _FUNCTION_CAPS:
                counts[base] += 1
    return counts


def named_phrases(text: str, known: Counter[str]) -> list[str]:
    """Runs of capitalised words naming someone or something, in order of appearance."""
    words = _WORD.findall(plain_text(text))
    phrases: list[str] = []
    run: list[str] = []
    for i, w in enumerate(words + [""]):
        base = _strip_possessive(w)
        named = bool(w) and _is_named(base) and base not in _FUNCTION_CAPS
        # A sentence's first word is a name when known as one, or when a name follows it.
        if named and i == 0 and base not in known:
            nxt = words[1] if len(words) > 1 else ""
            named = base == w and _is_named(nxt) and nxt not in _FUNCTION_CAPS
        if named:
            run.append(base)
            if base != w.rstrip("."):  # a possessive ends the name
                phrases.append(" ".join(run))
                run = []
            continue
        if run and w in _CONNECTORS and i + 1 < len(words) and _is_named(words[i + 1]):
            run.append(w)
            continue
        if run:
            while run and run[-1] in _CONNECTORS:
                run.pop()
            phrases.append(" ".join(run))
            run = []
    return [p for p in phrases if p]


def subject_entity(text: str, known: Counter[str]) -> str | None:
    """The first named thing after any introductory clause: a guess at the subject."""
    plain = _LEADING_CONJ.sub("", _LABEL.sub("", plain_text(text)))
    body = _INTRO.sub("", plain, count=1)
    for candidate in (body, plain):
        # "On Wednesday the Commissioner said ...": a day or a month is when, not who
        phrases = [
            p
            for p in named_phrases(candidate, known)
            if not all(w.lower() in MONTHS or w.lower() in WEEKDAYS for w in p.split())
        ]
        if phrases:
            return phrases[0]
    return None


# where a subject's head noun ends: "The 12-kilometre line | between Northgate and ..."
_HEAD_ENDS = wordset("between in at on from to for with by near across along over under of")


def subject_phrase(text: str) -> str | None:
    """The subject a later "it" refers to when it is a thing the sentence names by a common
    noun before any name: "The 12-kilometre line between Northgate and the Harbourside
    park-and-ride opened ..." -> "the 12-kilometre line" (not "Northgate"). None when the
    subject is a name or holds one ("The core team behind Qwen"): `subject_entity` reads it."""
    plain = _LEADING_CONJ.sub("", _LABEL.sub("", plain_text(text)))
    words = _WORD.findall(_INTRO.sub("", plain, count=1))
    if len(words) < 3 or words[0].lower() not in ("the", "a", "an"):
        return None
    phrase = [words[0].lower()]
    for w in words[1:6]:
        if is_finite_verb(w) or w.lower() in _HEAD_ENDS or w.lower() in _NP_STOP:
            return " ".join(phrase) if len(phrase) >= 2 else None
        if _is_named(w):
            return None
        phrase.append(w)
    return None


def clean_title(title: str) -> str:
    """The informative part of a headline (without "— Here's What Happened", "| Site")."""
    parts = re.split(r"\s+[—–|]\s+|\s+-\s+", title)
    kept = [p for p in parts if p and not _CLICKBAIT.match(p.strip())]
    if len(kept) > 1 and "|" in title:
        kept = kept[:-1]
    cleaned = " — ".join(kept).strip() or title
    # A kicker before a colon ("Open Source AI Crisis: Alibaba Removed ...") adds nothing.
    kicker, colon, rest = cleaned.partition(": ")
    if colon and len(kicker.split()) <= 5 and len(rest.split()) >= 4:
        cleaned = rest
    return cleaned


def without_kicker(text: str) -> str:
    """`text` less a kicker before a colon ("In short: Qwen is ..."), as `clean_title` does for
    headlines: a few common words, no figure, no name, a statement after it (a full clause
    before the colon is a claim of its own: `split_compound`). What retrieval and the verifier
    read; the claim's text stays as written. "April 2026: Qwen3.6-Max ..." and "Alibaba: the
    team stays" keep theirs."""
    kicker, colon, rest = text.partition(": ")
    words = _WORD.findall(kicker)
    if (
        not colon
        or not 1 <= len(words) <= 6
        or len(_WORD.findall(rest)) < 4
        or any(c.isdigit() for c in kicker)
        or words[0].lower() not in common_words()
        or any(w.lower() in NUMBER_WORDS or w[:1].isupper() for w in words[1:])
        or words[0].lower() in NUMBER_WORDS
    ):
        return text
    return rest[:1].upper() + rest[1:]


def _context_kind(text: str, known: Counter[str]) -> tuple[str, str] | None:
    """('pronoun', word) / ('entity', '') / ('event', '') when the sentence leans on context."""
    plain = _LEADING_CONJ.sub("", _LABEL.sub("", plain_text(text)))
    words = _WORD.findall(plain)
    if not words:
        return None
    first = words[0].lower().replace("’", "'")
    if first in _PRONOUN_SUBJECT:
        return "pronoun", words[0]
    if not any(is_finite_verb(w) or (w.islower() and w.endswith("s")) for w in words[1:]):
        return "entity", ""  # a verbless fragment ("Mostly Apache 2.0 — free, commercial")
    if first in _DEMONSTRATIVES or first == "the":
        np = []
        for w in words[1:6]:
            if w.lower() in _NP_STOP or is_finite_verb(w):
                break
            np.append(w)
            if w.endswith(","):
                break
        if any(_is_named(_strip_possessive(w)) for w in np):
            return None  # "The core team behind Qwen": names its subject itself
        heads = {w.lower().strip(",.") for w in np}
        if first in ("this", "that") and (not np or is_finite_verb(words[1])):
            return "event", ""
        if heads & _EVENT_NOUNS:
            return "event", ""
        if heads & _ENTITY_NOUNS or first != "the":
            return "entity", ""
    return None


def _rewrite_pronoun(text: str, word: str, entity: str) -> str:
    plain = _LEADING_CONJ.sub("", plain_text(text))
    key = word.lower().replace("’", "'")
    replacement = _PRONOUN_SUBJECT[key].format(e=entity)
    if entity.endswith("s") and replacement.endswith("s's"):
        replacement = replacement[:-2] + "'"  # "Halcyon Labs' members", not "Labs's"
    rest = plain[len(word) :]
    return replacement + rest


# --- Compound sentences --------------------------------------------------------------------

# a colon before a quotation introduces what someone said: the two stay one claim
_SPLIT_AT = re.compile(
    r"(?:,\s+|\s*[—–]\s*|\s+-\s+)(?:and|but|while|whereas)\s+|;\s+|:\s+(?![\"“‘'])"
)
_SUBJECT_START = wordset(
    """he she it they we i the a an its their his her this these those some many most several
    both all each no one two three about nearly almost roughly around approximately only just
    every none"""
)


_BEFORE_ADJECTIVE = wordset("the a an its their his her this these those most more least very")
# present-tense verbs a reporter's second clause often turns on ("a third of the route runs
# on streets"); an -s word in general may as well be a plural noun ("and active users")
_PRESENT_VERBS = wordset(
    """runs remains stands makes accounts covers carries holds lies sits serves takes goes comes
    needs gets owns employs includes contains exceeds means shows"""
)
# words that open a clause without being its subject ("and then said", "and later added")
_NOT_BARE_SUBJECT = wordset(
    """then also so yet still now later there here thus hence instead soon again even not
    never once since until after before while when where which who that what whose"""
)


_OF_WHAT = wordset("of on for in at")
_NOUN_PHRASE_WORDS = 14  # words a bare subject with what it is of may run to before its verb
# when a second clause happened, before its subject: "and on Monday the agency confirmed ..."
_WHEN_FIRST = re.compile(
    r"(?:(?:on|last|this|earlier|later|in)\s+(?:\w+\s+){0,2}?(?:"
    + "|".join(sorted({*MONTHS, *WEEKDAYS}, key=len, reverse=True))
    + r"|week|month|year|\d{4})|yesterday|today)\b\s*,?\s*",
    re.IGNORECASE,
)


# a second clause's subject with an appositive after it, before its verb
_SUBJECT_ASIDE = re.compile(
    r"(?P<subject>[^,;:]{3,60}?),\s+(?:the|a|an|its|their|his|her|which|who)\s[^,;:]{1,60},\s+"
)


def _has_clause(words: list[str]) -> bool:
    return any(is_finite_verb(w) for w in words)


def _starts_clause(text: str) -> bool:
    """Subject then a finite verb, before any comma: 'the best one went ...'.

    'Globex in 2023, and it closed' is not one: the verb comes after the comma.
    """
    head = re.split(r"[,;:—–]|\s(?:and|or)\s", text, maxsplit=1)[0]
    words = _WORD.findall(head)
    if not words:
        return False
    first = words[0]
    if first.lower() not in _SUBJECT_START and not _is_named(first):
        # a bare noun phrase then its verb: "and ridership doubled", "and prices rose 5%",
        # "and customers' online account passwords were exposed"
        if (
            not first.isalpha()
            or not first.islower()
            or first in _NOT_BARE_SUBJECT
            or first.endswith("ly")
            or is_finite_verb(first)
        ):
            return False
        if len(words) > 2 and words[1].lower() in _OF_WHAT:
            # the noun then what it is of: "and work on the £48.5m second phase ... has been
            # paused", "and sales of its tablets fell"
            return any(is_finite_verb(w) for w in words[2:_NOUN_PHRASE_WORDS])
        for i, w in enumerate(words[1:5], 1):
            if is_finite_verb(w):
                return i < len(words) - 1
            if not w.isalpha() or w.lower() in _NOT_BARE_SUBJECT | _BEFORE_ADJECTIVE:
                return False
        return False
    # a participle right after a determiner or "most" is an adjective: "the most forked one";
    # the subject may be a phrase: "about a third of the route runs on ..."
    # "an annual season ticket on the same route will cost ...": a subject with what it is of
    # or on may run further before its verb
    reach = 11 if any(w.lower() in _OF_WHAT for w in words[1:6]) else 8
    return any(
        (is_finite_verb(w) or w in _PRESENT_VERBS) and words[i - 1].lower() not in _BEFORE_ADJECTIVE
        for i, w in enumerate(words[1:reach], 1)
    )


def _inside_quote_or_brackets(text: str, pos: int) -> bool:
    before = text[:pos]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly or before.count("(") > before.count(")")


def split_compound(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into clauses stating separate facts, where that is safe.

    Only at ", and|but|while|whereas" (or a dash before the conjunction), ";" or ":" between
    two full clauses (each with a subject and a finite verb, four words or more), never inside
    a quote or brackets; a list of noun phrases has no verb after its "and" (or its colon), so
    it stays whole. "Critics say the project is over budget: the original estimate was £28
    million" states two facts, the second checkable on its own.
    """
    sentence = text[start:end]
    cuts: list[tuple[int, int]] = []
    for m in _SPLIT_AT.finditer(sentence):
        if _inside_quote_or_brackets(sentence, m.start()):
            continue
        left_from = cuts[-1][1] if cuts else 0
        left = _WORD.findall(sentence[left_from : m.start()])
        right = _WORD.findall(sentence[m.end() :])
        if len(left) < 4 or len(right) < 4:
            continue
        if m.group().startswith(":") and any(w.lower() in REPORTING_WORDS for w in left[-3:]):
            continue  # "The minister told reporters: we will ...": what she said, hers
        right_text = sentence[m.end() :]
        when = _WHEN_FIRST.match(right_text)
        if when and when.end() < len(right_text):
            right_text = right_text[when.end() :]
        # a left side whose verb the verb list does not know ("Staff costs now swallow almost
        # 60% of income") is still a clause when it states a figure at some length
        stated = _has_clause(left[1:]) or (
            len(left) >= 6 and any(c.isdigit() for c in sentence[left_from : m.start()])
        )
        aside = _SUBJECT_ASIDE.match(right_text)
        if aside:  # "and the Lowbridge line, the busiest on the network, now carries ..."
            right_text = aside.group("subject") + " " + right_text[aside.end() :]
        if stated and _starts_clause(right_text):
            cuts.append((m.start(), m.end()))
    if not cuts:
        return [(start, end)]
    parts = []
    prev = 0
    for c_start, c_end in cuts:
        parts.append((start + prev, start + c_start))
        prev = c_end
    parts.append((start + prev, end))
    return parts


def _is_statement(text: str, seg: Segment) -> bool:
    return seg.kind in (SENTENCE, ITEM) and not text[seg.start : seg.end].rstrip().endswith("?")


# --- The extractor ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    section: int
    index: int  # position among the article's segments


class RuleClaimExtractor:
    """Sentences scored by the check-worthiness model and rules; repeats merged."""

    id = "rules"

    def __init__(
        self,
        model: CheckworthinessModel | None = None,
        min_score: float | None = None,
        split_compounds: bool = True,
        split_parts: bool = True,
    ) -> None:
        self.model = model if model is not None else load_default()
        self.min_score = self.model.threshold if min_score is None else float(min_score)
        self.split_compounds = split_compounds
        self.split_parts = split_parts

    def decisions(self, article: Article) -> list[SentenceDecision]:
        """Every candidate sentence with its score and, when rejected, the reason."""
        text = article.text
        segments = segment(text)
        if not any(_is_statement(text, s) for s in segments):
            # no sentence states anything: the lines without a full stop are the statements (a
            # pasted claim, or a list of them, one per line)
            segments = [replace(s, kind=SENTENCE) for s in segments]
        candidates = self._candidates(text, segments)
        texts = [text[c.start : c.end] for c in candidates]
        body = [t for t, c in zip(texts, candidates, strict=True) if c.kind not in (HEADING, LINE)]
        known = proper_nouns(body)
        # only sentences no rule excludes are scored (each score embeds the sentence)
        scored = [
            i
            for i, c in enumerate(candidates)
            if c.kind not in (HEADING, LINE) and exclusion_reason(texts[i], c.kind) is None
        ]
        model_scores = self.model.score([plain_text(texts[i]) for i in scored])
        by_index = dict(zip(scored, model_scores, strict=True))
        title = clean_title(article.title) if article.title else ""
        main_entity = self._main_entity(article.title, known)
        out: list[SentenceDecision] = []
        for i, (cand, piece) in enumerate(zip(candidates, texts, strict=True)):
            reason = exclusion_reason(piece, cand.kind)
            score = 0.0
            if i in by_index:
                score = rule_score(float(by_index[i]), anchors(piece, frozenset(known)))
            if reason is None and score < self.min_score:
                reason = "opinion" if anchors(piece).opinion else "not check-worthy"
            query = plain_text(piece)
            parts: tuple[Claim, ...] = ()
            if reason is None:
                query = self._query(i, candidates, texts, known, title, main_entity)
                if self.split_parts:
                    found = self._parts(
                        article, i, cand, candidates, texts, known, title, main_entity
                    )
                    if len(found) == 1 and found[0].kind != ROLE:
                        query = found[0].query  # one fact, stated with commentary left out
                    # who a quoted speaker is, the one fact beside the quote ("'Nobody is more
                    # frustrated,' said Priya Castellan, Fellreach's chief operating officer"),
                    # is read as the part it is: a role is read against its holder
                    elif found:
                        parts = tuple(found)
            out.append(
                SentenceDecision(
                    cand.start, cand.end, piece, cand.kind, score, reason, query, parts
                )
            )
        return out

    def _parts(
        self,
        article: Article,
        i: int,
        cand: _Candidate,
        candidates: list[_Candidate],
        texts: list[str],
        known: Counter[str],
        title: str,
        main_entity: str | None,
    ) -> list[Claim]:
        """The check-worthy separate facts of candidate i; [] when it states one fact as is."""
        found = split_parts(article.text, cand.start, cand.end)
        if len(found) == 1 and found[0].text == texts[i]:
            return []
        # a comment on the whole event ("a move that threatens ...") is judged on its own words
        judged = [article.text[p.start : p.end] if p.kind == ASIDE else p.text for p in found]
        scores = self.model.score([plain_text(t) for t in judged])
        parts = []
        for part, words, score in zip(found, judged, scores, strict=True):
            found_anchors = anchors(words, frozenset(known))
            score = rule_score(float(score), found_anchors)
            if exclusion_reason(part.text) is not None:
                continue
            if score < self.min_score and part.kind != ROLE:  # who a speaker is: always a fact
                continue
            if part.kind == ASIDE and not (found_anchors.number or found_anchors.date):
                continue  # "a move that threatens trust": a comment on the event, no fact
            query = self._query(i, candidates, texts, known, title, main_entity, piece=part.text)
            parts.append(
                Claim(
                    id=claim_id(query),
                    text=part.text,
                    start=part.start,
                    end=part.end,
                    locations=(Span(part.start, part.end),),
                    checkworthiness=round(score, 4),
                    query=query,
                    kind=part.kind,
                    focus=part.focus,
                )
            )
        return parts

    def extract(self, article: Article) -> list[Claim]:
        claims: dict[str, Claim] = {}
        order: list[str] = []
        for d in self.decisions(article):
            if d.reason is not None:
                continue
            cid = claim_id(d.text)
            span = Span(d.start, d.end)
            if cid in claims:
                old = claims[cid]
                claims[cid] = Claim(
                    id=cid,
                    text=old.text,
                    start=old.start,
                    end=old.end,
                    locations=(*old.locations, span),
                    checkworthiness=max(old.checkworthiness, d.score),
                    query=old.query,
                    parts=old.parts,
                )
                continue
            order.append(cid)
            claims[cid] = Claim(
                id=cid,
                text=d.text,
                start=d.start,
                end=d.end,
                locations=(span,),
                checkworthiness=round(d.score, 4),
                query=d.query,
                parts=d.parts,
            )
        topic = clean_title(article.title) if article.title else ""
        return [
            replace(c, topic=topic, parts=tuple(replace(p, topic=topic) for p in c.parts))
            for c in (claims[cid] for cid in order)
        ]

    # -- internals --

    def _candidates(self, text: str, segments: list[Segment]) -> list[_Candidate]:
        out: list[_Candidate] = []
        for i, seg in enumerate(segments):
            parts = [(seg.start, seg.end)]
            if self.split_compounds and seg.kind not in (HEADING, LINE):
                parts = split_compound(text, seg.start, seg.end)
            for s, e in parts:
                s, e = _trim_clause(text, s, e)
                if dateline := _DATELINE.match(text, s, e):
                    s = dateline.end()
                elif (dash := _DATELINE_DASH.match(text, s, e)) and text[:s].endswith(") "):
                    s = dash.end()  # "LONDON (Reuters) - ...": the splitter cut after ")"
                if e > s:
                    out.append(_Candidate(s, e, seg.kind, seg.section, i))
        return out

    @staticmethod
    def _main_entity(title: str, known: Counter[str]) -> str | None:
        """The named thing the article is about: the most frequent name, preferring the title's."""
        if not known:
            return None
        title_words = {_strip_possessive(w) for w in _WORD.findall(plain_text(title))}
        in_title = [(n, c) for n, c in known.most_common() if n in title_words]
        ranked = in_title or known.most_common()
        return ranked[0][0]

    def _query(
        self,
        i: int,
        candidates: list[_Candidate],
        texts: list[str],
        known: Counter[str],
        title: str,
        main_entity: str | None,
        piece: str | None = None,
    ) -> str:
        piece = without_kicker(texts[i] if piece is None else piece)
        plain = plain_text(piece)
        need = _context_kind(piece, known)
        if need is None:
            return plain
        kind, word = need
        if kind == "event":
            return (
                f"{title}: {plain}" if title and normalise(title) not in normalise(plain) else plain
            )
        if kind == "pronoun" and word.lower().replace("’", "'") in ("it", "it's", "its"):
            before = self._previous(i, candidates)
            phrase = subject_phrase(texts[before]) if before is not None else None
            if phrase:
                rewritten = _rewrite_pronoun(piece, word, phrase)
                return rewritten[:1].upper() + rewritten[1:]
        entity = self._antecedent(i, candidates, texts, known) or main_entity
        if entity is None:
            return f"{title}: {plain}" if title else plain
        if kind == "pronoun":
            return _rewrite_pronoun(piece, word, entity)
        if normalise(entity) in normalise(plain):
            return plain
        return f"{entity}: {plain}"

    @staticmethod
    def _previous(i: int, candidates: list[_Candidate]) -> int | None:
        """The sentence just before candidate i in its section (not a heading), if any."""
        me = candidates[i]
        for j in range(i - 1, -1, -1):
            other = candidates[j]
            if other.section != me.section:
                return None
            if other.kind not in (HEADING, LINE):
                return j
        return None

    @staticmethod
    def _antecedent(
        i: int, candidates: list[_Candidate], texts: list[str], known: Counter[str]
    ) -> str | None:
        """The subject of the nearest earlier sentence of the same section that names one."""
        me = candidates[i]
        looked = 0
        for j in range(i - 1, -1, -1):
            other = candidates[j]
            if other.section != me.section or looked >= 3:
                break
            if other.kind in (HEADING, LINE, ITEM) and other.kind != me.kind:
                continue
            looked += 1
            entity = subject_entity(texts[j], known)
            if entity:
                return entity
        return None


# a wire story's dateline opens its first sentence: "EINDHOVEN, March 12, 2025 – ", "PORT
# CALDER — ", "LONDON (Reuters) - ". Where and when it was filed is not what it reports, and a
# place in capitals is no subject a later "the company" refers to
_DATELINE = re.compile(
    r"[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,3}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\([A-Z][\w .]{1,30}\))?\s*(?:[\u2013\u2014]|--?)\s+(?=[A-Z\"\u201c])"
)

_DATELINE_DASH = re.compile(r"(?:[\u2013\u2014]|--?)\s+(?=[A-Z\"\u201c])")


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end
