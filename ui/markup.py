"""HTML fragments of the web app, built only from escaped text.

Article and source text are data, never markup: every piece of text that goes into a fragment
passes through `html.escape`, and links keep only http(s) URLs. `st.html` shows the fragments
(it does not interpret Markdown, so `**`, `#` or `[x](y)` in an article stay as typed).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from checker.models import FLAG_HELP, ClaimResult, Evidence, Report, Stance, Verdict
from ingest.sentences import split_sentences
from ingest.urls import host_of, web_url

VERDICT_LABELS = {
    Verdict.SUPPORTED: "Supported",
    Verdict.CONTRADICTED: "Contradicted",
    Verdict.UNVERIFIED: "Unverified",
}
VERDICT_ICONS = {
    Verdict.SUPPORTED: "\u2714",  # heavy check mark
    Verdict.CONTRADICTED: "\u2716",  # heavy multiplication x
    Verdict.UNVERIFIED: "?",
}
STANCE_LABELS = {
    Stance.SUPPORTS: "supports",
    Stance.CONTRADICTS: "contradicts",
    Stance.NEUTRAL: "related",
}
CONTEXT_CHARS = 280  # at most this much source text shown on each side of a quote

CSS = """
<style>
[data-testid="stMainBlockContainer"] {padding-top:3.2rem;}
[data-testid="stLayoutWrapper"]:has(> .st-key-cc-article-col)
  {position:sticky; top:3.75rem; align-self:flex-start; z-index:1;}
.cc-summary {display:flex; gap:.75rem; flex-wrap:wrap; margin:.25rem 0 .5rem 0;}
.cc-stat {border-radius:.6rem; padding:.55rem .9rem; min-width:8.5rem; border:1px solid;}
.cc-stat .n {font-size:1.7rem; font-weight:700; line-height:1.1;}
.cc-stat .l {font-size:.85rem; letter-spacing:.02em;}
.cc-stat.neutral {background:#f6f8fa; border-color:#d0d7de; color:#24292f;}
.cc-supported {--fg:#116329; --bg:#dafbe1; --bd:#4ac26b;}
.cc-contradicted {--fg:#a40e26; --bg:#ffebe9; --bd:#ff8182;}
.cc-unverified {--fg:#7d4e00; --bg:#fff8c5; --bd:#d4a72c;}
.cc-stat.cc-supported, .cc-stat.cc-contradicted, .cc-stat.cc-unverified
  {background:var(--bg); border-color:var(--bd); color:var(--fg);}
.cc-chip {display:inline-block; border-radius:999px; padding:.08rem .6rem; font-size:.8rem;
  font-weight:600; background:var(--bg,#eaeef2); color:var(--fg,#24292f);
  border:1px solid var(--bd,#d0d7de); white-space:nowrap;}
.cc-muted {color:#57606a; font-size:.85rem;}
.cc-article {white-space:pre-wrap; font-family:Georgia,'Times New Roman',serif;
  font-size:1.02rem; line-height:1.65; color:#1f2328;}
.cc-article mark {background:var(--bg); border-bottom:2px solid var(--bd); color:inherit;
  padding:0 .1rem; border-radius:.2rem;}
.cc-article sup {font-family:system-ui,sans-serif; font-size:.68rem; font-weight:700;
  color:var(--fg); margin-left:.1rem;}
.cc-claim-head {display:flex; gap:.5rem; align-items:center; flex-wrap:wrap;}
.cc-claim-no {font-weight:700; color:#57606a;}
.cc-claim-text {font-size:1.05rem; line-height:1.5; margin:.45rem 0 .3rem 0; color:#1f2328;}
.cc-reason {color:#424a53; font-size:.92rem; margin-bottom:.2rem;}
.cc-review-note {font-size:.88rem; color:#24292f; background:#f6f8fa; border-left:3px solid
  #8c959f; padding:.3rem .6rem; margin-top:.35rem; white-space:pre-wrap;}
.cc-ev {border-left:3px solid var(--bd,#d0d7de); padding:.35rem .75rem; margin:.45rem 0;
  background:#fbfcfd;}
.cc-ev-meta {font-size:.82rem; color:#57606a; display:flex; gap:.45rem; flex-wrap:wrap;
  align-items:center;}
.cc-ev-meta a {color:#0969da; text-decoration:none; font-weight:600;}
.cc-ev-meta .t {font-weight:600; color:#24292f;}
.cc-ev-sub {font-size:.78rem; color:#6e7781; margin-top:.1rem; overflow-wrap:anywhere;}
.cc-ev-text {font-size:.93rem; line-height:1.55; color:#424a53; margin-top:.25rem;}
.cc-ev-text mark {background:#fff1a8; color:#1f2328; font-weight:600; padding:0 .1rem;}
.cc-stance-supports {--fg:#116329; --bg:#dafbe1; --bd:#4ac26b;}
.cc-stance-contradicts {--fg:#a40e26; --bg:#ffebe9; --bd:#ff8182;}
.cc-stance-neutral {--fg:#57606a; --bg:#eaeef2; --bd:#d0d7de;}
.cc-flag {background:#fbefff; border-bottom:2px dotted #8250df; padding:0 .1rem;}
.cc-flags {display:flex; gap:.35rem; flex-wrap:wrap; margin:.15rem 0 .3rem 0;}
.cc-flag-chip {--fg:#6639ba; --bg:#fbefff; --bd:#c297ff;}
.cc-parts {margin:.3rem 0 .2rem 0; padding-left:.2rem;}
.cc-part {display:flex; gap:.45rem; align-items:baseline; margin:.2rem 0; font-size:.92rem;}
.cc-part .q {color:#57606a; font-size:.85rem; font-style:italic;}
</style>
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_href(url: str) -> str | None:
    """The URL, escaped for an href, if it is an http(s) URL; None otherwise."""
    url = web_url(url)
    return esc(url) if url else None


def verdict_class(verdict: Verdict) -> str:
    return f"cc-{verdict.value}"


def verdict_chip(verdict: Verdict) -> str:
    return (
        f'<span class="cc-chip {verdict_class(verdict)}">'
        f"{VERDICT_ICONS[verdict]} {VERDICT_LABELS[verdict]}</span>"
    )


def summary_html(counts: Mapping[Verdict, int], reviewed: int, total: int) -> str:
    stats = [
        f'<div class="cc-stat {verdict_class(v)}"><div class="n">{counts.get(v, 0)}</div>'
        f'<div class="l">{VERDICT_LABELS[v]}</div></div>'
        for v in Verdict
    ]
    stats.append(
        f'<div class="cc-stat neutral"><div class="n">{reviewed}/{total}</div>'
        '<div class="l">Reviewed</div></div>'
    )
    return f'<div class="cc-summary">{"".join(stats)}</div>'


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    number: int
    verdict: Verdict


def highlighted_article(report: Report) -> str:
    """The article text with each claim's every location marked in its final verdict's colour."""
    text = report.article.text
    marks: list[_Mark] = []
    for number, result in enumerate(report.results, 1):
        spans = {(result.claim.start, result.claim.end)}
        spans.update((s.start, s.end) for s in result.claim.locations)
        for start, end in spans:
            if 0 <= start < end <= len(text):
                marks.append(_Mark(start, end, number, result.final_verdict))
    marks.sort(key=lambda m: (m.start, -m.end, m.number))
    parts: list[str] = []
    cursor = 0
    for mark in marks:
        start = max(mark.start, cursor)
        if start >= mark.end:
            continue  # inside an earlier mark (an overlapping split of the same sentence)
        parts.append(esc(text[cursor:start]))
        label = f"Claim {mark.number}: {VERDICT_LABELS[mark.verdict].lower()}"
        parts.append(
            f'<mark class="{verdict_class(mark.verdict)}" title="{esc(label)}">'
            f"{esc(text[start : mark.end])}<sup>{mark.number}</sup></mark>"
        )
        cursor = mark.end
    parts.append(esc(text[cursor:]))
    return f'<div class="cc-article">{"".join(parts)}</div>'


def claim_header_html(number: int, result: ClaimResult) -> str:
    verdict = result.final_verdict
    bits = [
        f'<span class="cc-claim-no">#{number}</span>',
        verdict_chip(verdict),
        f'<span class="cc-muted">{round(result.confidence * 100)}% confidence</span>',
    ]
    if result.review is not None:
        if result.review.verdict is result.verdict:
            what = "accepted by a reviewer"
        else:
            what = f"reviewed; the checker said {VERDICT_LABELS[result.verdict].lower()}"
        bits.append(f'<span class="cc-chip">{esc(what)}</span>')
    body = [
        f'<div class="cc-claim-head" id="claim-{number}">{"".join(bits)}</div>',
        f'<div class="cc-claim-text">{claim_text_html(result)}</div>',
    ]
    if result.claim.flags:
        chips = "".join(
            f'<span class="cc-chip cc-flag-chip" title="{esc(FLAG_HELP[f.kind])}">'
            f"{esc(f.label)}</span>"
            for f in result.claim.flags
        )
        body.append(f'<div class="cc-flags">{chips}</div>')
    body.append(f'<div class="cc-reason">{esc(result.reason)}</div>')
    if result.parts:
        body.append(parts_html(result))
    if result.review is not None and result.review.note:
        body.append(f'<div class="cc-review-note">Note: {esc(result.review.note)}</div>')
    return "".join(body)


def claim_text_html(result: ClaimResult) -> str:
    """The claim's text with the words that raised a sourcing flag highlighted."""
    claim = result.claim
    text = claim.text
    cursor = 0
    out: list[str] = []
    for flag in sorted(claim.flags, key=lambda f: f.start):
        start, end = flag.start - claim.start, flag.end - claim.start
        if not (cursor <= start < end <= len(text)) or text[start:end] != flag.words:
            continue  # a flag read at another location of the sentence
        out.append(esc(text[cursor:start]))
        out.append(
            f'<span class="cc-flag" title="{esc(FLAG_HELP[flag.kind])}">{esc(flag.words)}</span>'
        )
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out)


def parts_html(result: ClaimResult) -> str:
    """Each part of the claim with its own verdict and the quote that decided it."""
    rows = []
    for part in result.parts:
        quote = next((e for e in part.evidence if e.stance is not Stance.NEUTRAL), None)
        cited = f' <span class="q">“{esc(_squash(quote.quote))}”</span>' if quote else ""
        rows.append(
            f'<div class="cc-part">{verdict_chip(part.verdict)}'
            f"<span>{esc(part.claim.text)}{cited}</span></div>"
        )
    return f'<div class="cc-parts">{"".join(rows)}</div>'


def quote_context(
    text: str, start: int, end: int, limit: int = CONTEXT_CHARS
) -> tuple[str, str, str]:
    """(before, quote, after): the quote with the rest of its sentence and one sentence on each
    side, within its paragraph and at most `limit` characters each side ("…" marks a cut)."""
    quote = text[start:end]
    lo, hi = max(0, start - limit * 2), min(len(text), end + limit * 2)
    para = text.rfind("\n\n", lo, start)
    lo = para + 2 if para >= 0 else lo
    para = text.find("\n\n", end, hi)
    hi = para if para >= 0 else hi
    spans = [(lo + s.start, lo + s.end) for s in split_sentences(text[lo:hi])]
    before_start = _context_start(spans, start, lo)
    after_end = _context_end(spans, end, hi)
    before = _squash(text[before_start:start])
    after = _squash(text[end:after_end])
    if len(before) > limit:
        cut = before.find(" ", len(before) - limit)
        before = "\u2026" + before[cut if cut >= 0 else len(before) - limit :].lstrip()
    elif before_start > 0 and before_start == lo and text[lo - 2 : lo] != "\n\n":
        before = "\u2026" + before
    if len(after) > limit:
        cut = after.rfind(" ", 0, limit)
        after = after[: cut if cut > 0 else limit].rstrip() + "\u2026"
    elif after_end < len(text) and after_end == hi and text[hi : hi + 2] != "\n\n":
        after = after + "\u2026"
    return before, quote, after


def _context_start(spans: list[tuple[int, int]], start: int, lo: int) -> int:
    """Start of the sentence before the one the quote starts in."""
    inside = [i for i, (s, _) in enumerate(spans) if s <= start]
    if not inside:
        return start
    i = inside[-1]
    s, e = spans[i]
    if e > start and i > 0:  # the quote starts inside sentence i: also show sentence i - 1
        s = spans[i - 1][0]
    elif e > start:
        s = spans[i][0]
    return max(lo, min(s, start))


def _context_end(spans: list[tuple[int, int]], end: int, hi: int) -> int:
    """End of the sentence after the one the quote ends in."""
    after = [i for i, (_, e) in enumerate(spans) if e >= end]
    if not after:
        return end
    i = after[0]
    s, e = spans[i]
    if s < end and i + 1 < len(spans):  # the quote ends inside sentence i: also show i + 1
        e = spans[i + 1][1]
    return min(hi, max(e, end))


_SPACE = re.compile(r"\s+")


def _file_name(location: str) -> str:
    return location.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or location


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def evidence_html(ev: Evidence, source_text: str | None) -> str:
    """One cited quote: source title (linked when it has a web address), date, tier, stance, and
    the quote highlighted inside its surrounding sentences from the source's stored text."""
    title = ev.title or ev.location or ev.url or ev.source_id
    href = safe_href(ev.url)
    if href:
        name = f'<a href="{href}" target="_blank" rel="noopener noreferrer">{esc(title)}</a>'
    else:
        name = f'<span class="t">{esc(title)}</span>'
    head = (
        f'<span class="cc-chip cc-stance-{ev.stance.value}">{STANCE_LABELS[ev.stance]}</span>{name}'
    )
    details = [f"published {esc(ev.published)}" if ev.published else "no publication date"]
    details.append(f"{esc(ev.tier.value)} source")
    if ev.location and not href:
        details.append(f'<span title="{esc(ev.location)}">{esc(_file_name(ev.location))}</span>')
    elif href and ev.url:
        details.append(esc(host_of(ev.url)))
    if source_text is not None and source_text[ev.start : ev.end] == ev.quote:
        before, quote, after = quote_context(source_text, ev.start, ev.end)
    else:  # the source was removed or changed since the check: the quote alone
        before, quote, after = "", ev.quote, ""
    body = f"{esc(before)}<mark>{esc(_squash(quote))}</mark>{esc(after)}"
    return (
        f'<div class="cc-ev cc-stance-{ev.stance.value}">'
        f'<div class="cc-ev-meta">{head}</div>'
        f'<div class="cc-ev-sub">{" · ".join(details)}</div>'
        f'<div class="cc-ev-text">{body}</div></div>'
    )
