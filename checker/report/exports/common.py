"""What the export formats share: labels, the cited sources, citation keys, dates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote

from checker.models import ClaimResult, Evidence, Flag, Report, SourceRef, Stance, Verdict
from ingest.models import Tier
from ingest.urls import web_url

VERDICT_LABELS = {
    Verdict.SUPPORTED: "Supported",
    Verdict.CONTRADICTED: "Contradicted",
    Verdict.UNVERIFIED: "Unverified",
}
STANCE_LABELS = {
    Stance.SUPPORTS: "Supports",
    Stance.CONTRADICTS: "Contradicts",
    Stance.NEUTRAL: "Related",
}
TIER_LABELS = {Tier.PRIMARY: "Primary source", Tier.SECONDARY: "Secondary source"}

_MATCHING_STANCE = {Verdict.SUPPORTED: Stance.SUPPORTS, Verdict.CONTRADICTED: Stance.CONTRADICTS}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T ])")
# Characters a URL may carry as they are; anything else (spaces, quotes, <, >, braces, \,
# non-ASCII) is percent-encoded so that the URL cannot break out of a link or a field.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"
_KEY_STOPWORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"}


def one_line(text: str) -> str:
    """`text` with every run of whitespace (newlines included) made a single space."""
    return " ".join(text.split())


def flags_text(flags: Sequence[Flag]) -> str:
    """Sourcing flags in one line: 'anonymous source: "Sources say"; private channel: ...'."""
    return "; ".join(f.label for f in flags)


def part_line(part: ClaimResult) -> str:
    """One part and its verdict: 'Supported (0.91): Qwen was developed by Tongyi Lab.'"""
    return (
        f"{VERDICT_LABELS[part.verdict]} ({confidence_text(part.confidence)}): "
        f"{one_line(part.claim.text)}"
    )


def confidence_text(value: float) -> str:
    return f"{value:.2f}"


def top_evidence(result: ClaimResult) -> Evidence | None:
    """The quote to show first for a claim: the best one agreeing with its final verdict,
    else its best quote, else None."""
    wanted = _MATCHING_STANCE.get(result.final_verdict)
    for ev in result.evidence:
        if ev.stance is wanted:
            return ev
    return result.evidence[0] if result.evidence else None


def cited_sources(report: Report) -> list[SourceRef]:
    """The sources that evidence in the report cites, in order of first citation.

    A source listed in `report.sources` that no quote cites is left out; a cited source missing
    from `report.sources` is described from its evidence.
    """
    listed = {s.id: s for s in report.sources}
    cited: dict[str, SourceRef] = {}
    for result in report.results:
        for ev in result.evidence:
            if ev.source_id not in cited:
                cited[ev.source_id] = listed.get(ev.source_id) or _source_from_evidence(ev)
    return list(cited.values())


def _source_from_evidence(ev: Evidence) -> SourceRef:
    return SourceRef(
        id=ev.source_id,
        url=ev.url,
        location=ev.url,
        title=ev.title,
        published=ev.published,
        retrieved_at=ev.retrieved_at,
        tier=ev.tier,
    )


def display_title(source: SourceRef) -> str:
    """A source's title, else its file name or URL (never a local folder path), else its id."""
    if source.title.strip():
        return one_line(source.title)
    if source.location and not public_url(source.location):
        name = PurePath(source.location.replace("\\", "/")).name
        if name:
            return name
    return public_url(source.url) or source.id


def public_url(url: str) -> str:
    """`url` percent-encoded to be safe in Markdown, BibTeX and HTML when it is an http(s) URL
    with a host; "" for anything else (local paths, javascript:, data:...)."""
    url = web_url(url)
    return quote(url, safe=_URL_SAFE) if url else ""


def date_part(iso: str | None) -> str:
    """The date (YYYY, YYYY-MM or YYYY-MM-DD) an ISO 8601 text starts with, or ""."""
    m = _DATE.match((iso or "").strip())
    return m.group(0) if m else ""


def date_parts(iso: str | None) -> list[int]:
    """[year, month, day] (as far as known) of an ISO 8601 text, or []."""
    m = _DATE.match((iso or "").strip())
    return [int(g) for g in m.groups() if g is not None] if m else []


def citation_keys(sources: list[SourceRef]) -> dict[str, str]:
    """A BibTeX/CSL key per source id from its title, year and id: `budget2024-ab12cd34`.

    Deterministic for the same sources in the same order; unique within the list.
    """
    keys: dict[str, str] = {}
    used: set[str] = set()
    for source in sources:
        year = "".join(str(y) for y in date_parts(source.published)[:1])
        id_part = re.sub(r"[^a-z0-9]", "", source.id.lower())[:8]
        base = f"{_key_word(source.title)}{year}" + (f"-{id_part}" if id_part else "")
        key, n = base, 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        keys[source.id] = key
    return keys


def _key_word(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_title.lower()) if w not in _KEY_STOPWORDS]
    return words[0][:20] if words else "source"
