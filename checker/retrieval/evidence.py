"""Evidence selection: the sentences of the retrieved chunks that best match a claim.

The sentences are the source's statement spans, stored at ingest (`ingest.sentences`); chunks
are windows of whole sentences, so a chunk's sentences are the stored spans inside it and no
source text is split again per claim. The same sentence met in two overlapping chunks is kept
once (with the better-ranked chunk). Every candidate satisfies
`source.text[candidate.start:candidate.end] == candidate.quote`.

Besides single sentences, the best PASSAGES (two or three adjacent sentences of one chunk,
judged as one text) are candidates too: a source often states a fact across sentences
("Released in April 2026. Qwen3.6-Max is available only through the API; its weights have not
been released. It is the first flagship of the family whose weights are closed."), which no
sentence alone covers. A passage may only
support, only more than each of its sentences alone, and not when one of them alone clashes
with the claim (`passages_support_only`): a clash must be stated by one sentence, so that a
denial next to a confirming sentence does not contradict; the one exception is a clashing
figure whose sentence alone does not say whose it is (FIGURE_CLASH). On SciFact TRAIN claims
through the whole pipeline: macro-F1 0.457 -> 0.465 at the same decisive precision (63%),
coverage 33% -> 35% (chosen there). SciFact dev, measured once after: 0.436 -> 0.420, precision
63.7% -> 59.6%.
Three sentences (the chosen one with both neighbours) joined the two-sentence passages later:
SciFact TRAIN 0.4830 -> 0.4875, decisive precision 66.6% -> 67.3% (chosen there).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from checker.models import Candidate, Claim, Judgement
from checker.retrieval.hybrid import RankedChunk
from checker.text_utils import TextProfile, profile
from checker.verify.aggregate import FIGURE_CLASH
from checker.verify.features import TermWeights, claim_profiles, sentence_match
from checker.verify.roles import title_aliases
from ingest.errors import NotFoundError
from ingest.models import Chunk, Source
from ingest.store import Store

HEADING_REACH = 5000  # how far above a sentence its heading is looked for
PRECEDING_CHARS = 300  # text before a sentence that it may lean on
PASSAGES = 2  # passages (two or three adjacent sentences) judged per claim, besides sentences


@dataclass(frozen=True)
class SituatedCandidate(Candidate):
    """A candidate with what it leans on: `context` is its source's title and the nearest
    heading above it, `preceding` the text just before it in its paragraph ("The expansion will
    cost 38 million euros." after "The Brennick harbour council approved the plan.").
    Verifiers that do not read them treat it as a plain Candidate."""

    context: str = ""
    preceding: str = ""
    # a passage: the spans of the adjacent sentences it joins (empty for one sentence)
    members: tuple[tuple[int, int], ...] = ()
    # the quote as the verifier reads it: with the abbreviations its source defines spelt out
    # ("CBT" -> "cognitive behavioral therapy (CBT)"); empty when that is the quote itself
    reading: str = ""


def spell_out(quote: str, definitions: Sequence[tuple[str, str]]) -> str:
    """`quote` with each abbreviation its source defines given both forms, where it uses one:
    "CBT improved sleep" -> "cognitive behavioral therapy (CBT) improved sleep", and "cognitive
    behavioral therapy improved sleep" -> "cognitive behavioral therapy (CBT) improved sleep".
    A claim may name either form; the source defines it once and then uses one."""
    for short, long in definitions:
        at_long = quote.lower().find(long.lower())
        at_short = re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", quote)
        if at_short is not None and at_long < 0:
            quote = f"{quote[: at_short.start()]}{long} ({short}){quote[at_short.end() :]}"
        elif at_long >= 0 and at_short is None:
            end = at_long + len(long)
            quote = f"{quote[:end]} ({short}){quote[end:]}"
    return quote


# A source that says its brackets hold the year before's figures: "Financial highlights for the
# year ended 30 June 2025 (comparative figures for the year ended 30 June 2024 in brackets)",
# "Figures in brackets are for the previous year".
_BRACKETS_DECLARED = re.compile(
    r"\b(?:comparatives?|prior[\s-]+(?:year|period)|previous[\s-]+(?:year|period)|"
    r"(?:19|20)\d\d(?:[/-]\d\d)?)\b[^.;()]{0,80}?\b(?:(?:shown|given|stated)\s+)?in\s+"
    r"(?:brackets|parenthes[ie]s)"
    r"|\b(?:figures|amounts)\s+(?:shown\s+)?in\s+(?:brackets|parenthes[ie]s)\s+(?:are|relate|"
    r"refer|show|give)\b[^.;]{0,40}?\b(?:prior|previous|last|comparative|(?:19|20)\d\d)",
    re.IGNORECASE,
)
# a bare figure in brackets right after a figure: "Loss before taxation: £17.2 million (£22.5
# million)"
_BARE_BRACKET = re.compile(
    r"(?<=[\d%])(?P<scale>\s*(?:per\s+cent|million|billion|thousand|bn|m|k)?)\s*\((?=\s*"
    r"[£$€]?\s?\d[\d,.]*\s*(?:%|per\s+cent|million|billion|thousand|bn|m|k)?\s*\))",
    re.IGNORECASE,
)


def label_comparatives(quote: str) -> str:
    """`quote` with each bare bracketed figure after a figure labelled as the year before's,
    for a source that says its brackets hold them: "£17.2 million (£22.5 million)" -> "£17.2
    million (was: £22.5 million)", which is how the figures' reading knows a change ("Yet
    pre-tax losses widened to £17.2m" is then contradicted; `text_utils.PRIOR_LABEL`). Only such
    sources: elsewhere a bare bracket may be anything (another line of a table, a conversion).
    The label adds no word a claim's words could be found in."""
    return _BARE_BRACKET.sub(lambda m: f"{m.group('scale').rstrip()} (was: ", quote)


def context_of(candidate: Candidate) -> tuple[str, str]:
    """(title and heading, text just before) of a candidate; empty for a plain Candidate."""
    return getattr(candidate, "context", ""), getattr(candidate, "preceding", "")


def preceding_text(source: Source, start: int) -> str:
    """Up to PRECEDING_CHARS before `start`, from a word boundary (paragraph breaks included:
    a reply leans on the question before it)."""
    text = source.text
    lo = max(0, start - PRECEDING_CHARS)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    return text[lo:start].strip()


LEAD_REACH = 600  # how far into a source its dateline or byline paragraph is looked for
LEAD_CHARS = 160  # the longest such paragraph
# a paragraph of its own that dates or signs the whole page ("Released in April 2026 by
# Alibaba Cloud.", "Published by Alibaba Cloud Communications, Hangzhou.", "This page is
# maintained by the Qwen team at Tongyi Lab."), not a finding
_LEAD = re.compile(
    r"^(?:this\s+(?:page|document|statement|report|note|release)\s+(?:is|was)\s+)?"
    r"(?:(?:first|last)\s+)?(?:released|published|issued|posted|updated|dated|announced|"
    r"written|maintained|prepared)\b|^by\s+[A-Z]",
    re.IGNORECASE,
)


def lead(source: Source) -> tuple[str, int]:
    """The paragraph at the top of `source` (after its title) that dates or signs the whole
    page, and where it ends; ("", 0) when there is none. It is context for every sentence
    after it, as a title is: "Released in April 2026 by Alibaba Cloud." says when and by whom
    the release notes' "Qwen3.6-Max is available only through the Alibaba Cloud API" holds."""
    text = source.text[:LEAD_REACH]
    at = 0
    if text.startswith("#"):  # the title heading
        at = text.find("\n") + 1 if "\n" in text else len(text)
    while at < len(text) and text[at].isspace():
        at += 1
    end = text.find("\n", at)
    if end < 0 or not text[end:].strip():
        return "", 0  # the page has nothing after it
    paragraph = text[at:end].strip()
    if len(paragraph) > LEAD_CHARS or paragraph.startswith("#") or not _LEAD.match(paragraph):
        return "", 0
    return paragraph, end


def situate(source: Source, start: int, dateline: tuple[str, int] | None = None) -> str:
    """The source's title, its dateline or byline paragraph (`lead`) and the nearest Markdown
    heading above `start`. `dateline`: `lead(source)` when the caller has it already.

    The sentences just before a quote are kept apart (`preceding_text`): they state other
    facts, whose figures must not make the quote look as if it stated them.
    """
    text = source.text
    heading = ""
    at = text.rfind("\n#", max(0, start - HEADING_REACH), start)
    if at >= 0 or (text.startswith("#") and start < HEADING_REACH):
        line_start = at + 1 if at >= 0 else 0
        line_end = text.find("\n", line_start)
        heading = text[line_start : line_end if line_end >= 0 else len(text)].lstrip("# ").strip()
    line, after = dateline if dateline is not None else lead(source)
    line = line if start >= after else ""
    parts = dict.fromkeys(p for p in (source.title.strip(), line, heading) if p)
    return "\n".join(parts)


class SourceCache:
    """Sources and chunk sentence spans read once per batch of claims."""

    def __init__(self, library: Store) -> None:
        self.library = library
        self._sources: dict[str, Source | None] = {}
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._sentences: dict[str, tuple[tuple[int, int], ...]] = {}
        self._ends: dict[str, list[int]] = {}
        self._definitions: dict[str, tuple[tuple[str, str], ...]] = {}
        self._aliases: dict[str, tuple[tuple[str, str], ...]] = {}
        self._leads: dict[str, tuple[str, int]] = {}
        self._comparatives: dict[str, bool] = {}

    def source(self, source_id: str) -> Source | None:
        if source_id not in self._sources:
            try:
                self._sources[source_id] = self.library.get(source_id)
            except NotFoundError:
                self._sources[source_id] = None  # removed since it was retrieved
        return self._sources[source_id]

    def sources(self) -> dict[str, Source]:
        return {sid: s for sid, s in self._sources.items() if s is not None}

    def lead(self, source: Source) -> tuple[str, int]:
        """`lead(source)`, read once per source: every sentence of it is situated."""
        if source.id not in self._leads:
            self._leads[source.id] = lead(source)
        return self._leads[source.id]

    def definitions(self, source: Source) -> tuple[tuple[str, str], ...]:
        """The abbreviations `source` defines ("long form (ABBR)"), as (ABBR, long form), then
        the units of measure no source defines (UNITS)."""
        if source.id not in self._definitions:
            text, lower = source.text, source.text.lower()
            units = tuple(u for u in UNITS if u[0] in text or u[1] in lower)  # read once a page
            self._definitions[source.id] = abbreviations(text) + defined_terms(text) + units
        return self._definitions[source.id]

    def comparatives(self, source: Source) -> bool:
        """Whether `source` says its bracketed figures are the year before's."""
        if source.id not in self._comparatives:
            self._comparatives[source.id] = bool(_BRACKETS_DECLARED.search(source.text))
        return self._comparatives[source.id]

    def aliases(self, source: Source) -> tuple[tuple[str, str], ...]:
        """The posts `source` introduces people with, as (post, name): "the Chief Executive,
        Dr Helena Marchbank", whom its minutes then call "the Chief Executive"."""
        if source.id not in self._aliases:
            self._aliases[source.id] = title_aliases(source.text)
        return self._aliases[source.id]

    def sentences(self, source_id: str) -> tuple[tuple[int, int], ...]:
        """The statement spans of a source, as stored at ingest (empty if it was removed)."""
        if source_id not in self._sentences:
            try:
                self._sentences[source_id] = self.library.sentences_of(source_id)
            except NotFoundError:
                self._sentences[source_id] = ()
            self._ends[source_id] = [e for _, e in self._sentences[source_id]]
        return self._sentences[source_id]

    def spans(self, chunk: Chunk) -> list[tuple[int, int]]:
        """The stored sentences inside `chunk` (chunks are windows of whole sentences)."""
        spans = self._spans.get(chunk.id)
        if spans is None:
            whole = self.sentences(chunk.source_id)
            first = bisect.bisect_right(self._ends[chunk.source_id], chunk.start)
            spans = []
            for s, e in whole[first:]:
                if s >= chunk.end:
                    break
                spans.append((s, e))
            self._spans[chunk.id] = spans
        return spans


# Units a report abbreviates and an article spells out ("9.8 GWh", "9.8 gigawatt hours"), read
# as both forms as a source's own abbreviations are. Energy, power and speed only: a research
# abstract's "mg/kg" or "ml" is better left as written.
UNITS: tuple[tuple[str, str], ...] = (
    ("TWh", "terawatt hours"),
    ("GWh", "gigawatt hours"),
    ("MWh", "megawatt hours"),
    ("kWh", "kilowatt hours"),
    ("GW", "gigawatts"),
    ("MW", "megawatts"),
    ("kW", "kilowatts"),
    ("km/h", "kilometres per hour"),
    ("mph", "miles per hour"),
)


def abbreviations(text: str) -> tuple[tuple[str, str], ...]:
    """(ABBR, long form) for each abbreviation `text` defines, by the Schwartz-Hearst algorithm
    (abbreviation-extractor, in Rust: about 0.1 ms a page)."""
    if "(" not in text:
        return ()
    from abbreviation_extractor import extract_abbreviation_definition_pairs

    found = extract_abbreviation_definition_pairs(text)
    return tuple(dict.fromkeys((d.abbreviation, d.definition) for d in found))


# a term a document defines for a party, as contracts, notices and company statements do:
# 'Fellreach Networks Limited ("the Supplier")', 'Westmarch Bank plc ("the Bank")'. Written by
# hand: the abbreviation extractor above reads initials, and no library reads defined terms.
_DEFINED_TERM = re.compile(
    r"(?P<long>(?-i:(?:[A-Z][\w&'’.-]*\s+(?:(?:of|and|for|&)\s+)?){0,6}[A-Z][\w&.-]*)"
    r"(?:\s+(?:plc|ltd|limited|llp|inc|group))?)\s*\(\s*(?:the\s+)?[\"“](?P<short>(?:the\s+)?"
    r"(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*)){0,2})[\"”]\s*\)",
    re.IGNORECASE,
)


def defined_terms(text: str) -> tuple[tuple[str, str], ...]:
    """(term, party) for each party `text` defines a term for: 'Fellreach Networks Limited
    ("the Supplier")' -> ("the Supplier", "Fellreach Networks Limited") and ("The Supplier",
    ...), so that the notice's "The Supplier is required to submit a Remediation Plan" is read
    as naming Fellreach."""
    if '("' not in text and "(“" not in text:
        return ()
    out: list[tuple[str, str]] = []
    for m in _DEFINED_TERM.finditer(text):
        party = re.sub(r"^(?:the|The)\s+", "", m.group("long")).strip()
        word = re.sub(r"^(?:the|The)\s+", "", m.group("short")).strip()
        if not party or party.split()[0] == word or len(party) <= len(word):
            continue
        out += [(f"the {word}", party), (f"The {word}", party)]
    return tuple(dict.fromkeys(out))


def _words(p: TextProfile) -> frozenset[str]:
    return frozenset(t.stem for t in p.tokens if t.is_content or t.is_number)


def _each_adds(text: str, spans: Sequence[tuple[int, int]], claim_words: frozenset[str]) -> bool:
    """Whether each sentence states a word of the claim that the others do not: three sentences
    are one passage only where all three are needed ("Released in April 2026." + "available
    only through the API" + "whose weights are closed"), not where the middle one merely joins
    two sentences that each touch the claim."""
    found = [_words(profile(text[s:e])) & claim_words for s, e in spans]
    return all(
        mine - frozenset().union(*(w for j, w in enumerate(found) if j != k))
        for k, mine in enumerate(found)
    )


def select_evidence(
    claim: Claim,
    ranked: Sequence[RankedChunk],
    cache: SourceCache,
    weights: TermWeights,
    max_candidates: int = 8,
) -> list[Candidate]:
    """The sentences of the retrieved chunks that best match the claim, best first, then the
    best PASSAGES passages around them (each chosen sentence joined with the sentence before,
    after, or both, in its chunk), then the sentences of those passages not chosen already.

    Each is a SituatedCandidate: it carries its source's title and heading (used in the match)
    and the text just before it (attached to the chosen ones, for the verifier).
    """
    if max_candidates <= 0 or not ranked:
        return []
    claim_profs = claim_profiles(claim.text, claim.query)
    contexts: dict[str, TextProfile] = {}  # a context's profile, made once per claim
    named = {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", claim.text)}

    def meant(source: Source) -> tuple[tuple[str, str], ...]:
        # a post is read as its holder's name only where the claim names the holder: "the
        # Chief Executive had informed him" is about Dr Marchbank for a claim about her, and
        # for any other claim a mention of a post, not a person
        return tuple(
            a for a in cache.aliases(source) if named & {w.lower() for w in a[1].split()[-1:]}
        )

    def unit(
        source: Source,
        hit: RankedChunk,
        span: tuple[int, int],
        context: str,
        members: tuple[tuple[int, int], ...] = (),
    ) -> tuple[float, SituatedCandidate]:
        start, end = span
        if context not in contexts:
            contexts[context] = profile(context)
        quote = source.text[start:end]
        reading = spell_out(quote, cache.definitions(source) + meant(source))
        if cache.comparatives(source):
            reading = label_comparatives(reading)
        score = sentence_match(claim_profs, profile(reading), weights, contexts[context])
        candidate = SituatedCandidate(
            context=context,
            source_id=source.id,
            chunk_id=hit.chunk.id,
            quote=quote,
            start=start,
            end=end,
            retrieval_rank=hit.rank,
            retrieval_score=hit.score,
            sentence_score=round(score, 6),
            members=members,
            reading=reading if reading != quote else "",
        )
        return score + 0.05 * hit.score, candidate

    seen: set[tuple[str, int, int]] = set()
    scored = []  # (score, candidate, where: its source, chunk hit, chunk's spans, index)
    for hit in sorted(ranked, key=lambda r: r.rank):
        source = cache.source(hit.chunk.source_id)
        if source is None:
            continue
        spans = cache.spans(hit.chunk)
        for i, (start, end) in enumerate(spans):
            key = (source.id, start, end)
            if key in seen:
                continue
            seen.add(key)
            context = situate(source, start, cache.lead(source))
            score, candidate = unit(source, hit, (start, end), context)
            scored.append((score, candidate, (source, hit, spans, i)))
    order = lambda p: (-p[0], p[1].retrieval_rank, p[1].source_id, p[1].start)  # noqa: E731
    best = sorted(scored, key=order)[:max_candidates]
    claim_words = frozenset().union(*(_words(p) for p in claim_profs))
    passages = []
    for _, candidate, (source, hit, spans, i) in best:
        _, lead_end = cache.lead(source)
        for a, b in ((i - 1, i), (i, i + 1), (i - 1, i + 1)):
            if a < 0 or b >= len(spans) or (source.id, spans[a][0], spans[b][1]) in seen:
                continue
            if spans[a][0] < lead_end < spans[b][1]:
                continue  # the dateline or byline is every sentence's context, not a statement
            if b - a == 2 and not _each_adds(source.text, spans[a : b + 1], claim_words):
                continue  # a shorter passage says as much
            seen.add((source.id, spans[a][0], spans[b][1]))
            span = (spans[a][0], spans[b][1])
            passages.append(unit(source, hit, span, candidate.context, tuple(spans[a : b + 1])))
    chosen = [c for _, c, _ in best] + [c for _, c in sorted(passages, key=order)[:PASSAGES]]
    # each sentence of a chosen passage is judged alone too, so that a clash in it is seen
    single = {(c.source_id, c.start, c.end): c for _, c, _ in scored}
    taken = {(c.source_id, c.start, c.end) for c in chosen}
    for passage in [c for c in chosen if c.members]:
        for start, end in passage.members:
            if (passage.source_id, start, end) not in taken:
                taken.add((passage.source_id, start, end))
                chosen.append(single[(passage.source_id, start, end)])
    return [
        replace(c, preceding=preceding_text(cache.source(c.source_id), c.start)) for c in chosen
    ]


# The one clash a passage may state (FIGURE_CLASH): a figure that no sentence alone attaches
# to the claim's subject ("OpenQwen is a community fork of the Qwen models. The project is
# maintained by 45 volunteer developers." against "OpenQwen is backed by 200+ developers").
# A denial next to a confirming sentence still does not contradict.


# how the lexical verifier names a clashing month ("date mismatch (June vs May)"): a sentence
# that dates the claim's event to another month. A clashing year is not read so: a passage's
# other sentence often gives another year's figure ("31.4 in 2024 (2023: 34.8)") beside a plan
# "by 2030"
_DATED_OTHERWISE = re.compile(r"\bdate mismatch \((?:early |late |mid-)?[A-Z][a-z]+ vs ")


def passages_support_only(
    candidates: Sequence[Candidate], judgements: Sequence[Judgement], decisive: float
) -> tuple[list[Candidate], list[Judgement]]:
    """The candidates and judgements with each passage's contradiction read as neutral (a clash
    must be in one sentence), and without the passages that are not needed: one of their
    sentences judged alone supports as much, or enough to decide (`decisive`), and the shorter
    quote is the better one; or one of them alone clashes with the claim (leans to contradicting
    by at least half of `decisive`: "one side is negated" alone is no clash)."""
    alone = {
        (c.source_id, c.start, c.end): j
        for c, j in zip(candidates, judgements, strict=True)
        if not getattr(c, "members", ())
    }
    kept: list[tuple[Candidate, Judgement]] = []
    for c, j in zip(candidates, judgements, strict=True):
        members = [alone.get((c.source_id, s, e)) for s, e in getattr(c, "members", ())]
        if members:
            read = [m for m in members if m is not None]
            if (
                j.contradicts > j.supports
                and FIGURE_CLASH in j.rationale
                and not any(m.contradicts > 0 for m in read)
            ):
                kept.append((c, j))  # a figure only the passage says whose it is
                continue
            if any(
                m.supports >= min(j.supports, decisive)
                or m.contradicts > max(m.supports, decisive / 2)
                or _DATED_OTHERWISE.search(m.rationale)
                for m in read
            ):
                # one sentence says enough, or one clashes with the claim, or is about it and
                # gives it another date ("referred itself on 12 May" beside "an inspection ... 9
                # June": the passage's June is not the referral's)
                continue
            j = replace(j, contradicts=0.0, neutral=1.0 - j.supports)
        kept.append((c, j))
    return [c for c, _ in kept], [j for _, j in kept]
