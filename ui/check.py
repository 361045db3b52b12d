"""Check page: paste an article or give its URL, check it, review each claim, download reports."""

from __future__ import annotations

import time
from functools import partial

import streamlit as st

from checker.claims.article import article_from_text, load_article
from checker.models import FLAG_HELP, Article, ClaimResult, Report, Stance, Verdict
from checker.pipeline import Checker
from checker.report.exports import EXPORT_FORMATS, export, export_filename
from checker.review.history import CheckHistory
from checker.settings import Settings
from ingest.artifacts import data_path
from ingest.errors import ClaimcheckError
from ui import state
from ui.markup import (
    VERDICT_LABELS,
    claim_header_html,
    esc,
    evidence_html,
    highlighted_article,
    safe_href,
    summary_html,
)

TEXT_KEY = "cc_article_text"
URL_KEY = "cc_article_url"
FILTER_KEY = "cc_filter"
SHOWN_QUOTES = 2  # quotes shown on a card; the rest are one click away
DEMO_ARTICLE = data_path("demo", "article.md")
FILTERS = ("All", "Contradicted", "Unverified", "Supported", "Not reviewed")


def read_article(url: str, text: str, settings: Settings) -> Article:
    """Pasted text (with its URL, if given, for the record), else the page at the URL."""
    url, text = url.strip(), text or ""
    if text.strip() or not url:
        return article_from_text(text, url=url)
    return load_article(url, settings.fetch_limits())


def run_check(checker: Checker, article: Article) -> Report:
    """Check with a live progress bar through the stages."""
    started = time.perf_counter()
    with st.status("Checking the article…", expanded=True) as status:
        bar = st.progress(0.0, text="Extracting claims")

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "extracting claims":
                fraction, label = (0.1 if done else 0.02), "Extracting claims"
            elif stage == "done":
                fraction, label = 1.0, "Done"
            else:
                fraction = 0.1 + 0.9 * done / max(total, 1)
                label = f"{stage[:1].upper()}{stage[1:]}: {done} of {total}"
            bar.progress(min(max(fraction, 0.0), 1.0), text=label)

        try:
            report = checker.check(article, progress)
        except BaseException:
            status.update(label="The check failed", state="error", expanded=False)
            raise
        seconds = time.perf_counter() - started
        claims = len(report.results)
        status.update(
            label=f"Checked {claims} claim{'s' * (claims != 1)} in {seconds:.1f} s",
            state="complete",
            expanded=False,
        )
    return report


def _use_demo() -> None:
    st.session_state[TEXT_KEY] = DEMO_ARTICLE.read_text(encoding="utf-8")
    st.session_state[URL_KEY] = ""


def _input_form(collapsed: bool) -> None:
    box = (
        st.expander("Check another article", icon=":material/add:") if collapsed else st.container()
    )
    with box, st.form("cc-article-form", border=not collapsed):
        st.text_input(
            "Article URL",
            key=URL_KEY,
            placeholder="https://… (fetched when no text is pasted below)",
        )
        st.text_area(
            "Article text",
            key=TEXT_KEY,
            height=220,
            placeholder="Paste the article here: plain text, Markdown or HTML.",
        )
        with st.container(horizontal=True, vertical_alignment="center"):
            submitted = st.form_submit_button(
                "Check claims", type="primary", icon=":material/fact_check:"
            )
            st.caption("Claims are extracted, matched to your sources and judged.")
    if DEMO_ARTICLE.is_file() and not collapsed:
        st.button(
            "Load the demo article",
            type="tertiary",
            on_click=_use_demo,
            icon=":material/article:",
        )
    if not submitted:
        return
    st.session_state.pop(state.CHECK_ID, None)
    with state.errors_shown():
        settings = state.current_settings()
        article = read_article(
            st.session_state.get(URL_KEY, ""), st.session_state.get(TEXT_KEY, ""), settings
        )
        report = run_check(state.checker(settings), article)
        st.session_state[state.CHECK_ID] = state.history(settings).save(report, unique=True)


def _export_bytes(history: CheckHistory, check_id: str, fmt: str) -> bytes:
    """The export of the check as saved now, with its latest reviews (read at click time)."""
    return export(history.load(check_id), fmt)


def _downloads(report: Report, history: CheckHistory) -> None:
    with st.container(horizontal=True, key="cc-downloads"):
        for name, fmt in EXPORT_FORMATS.items():
            st.download_button(
                fmt.label,
                data=partial(_export_bytes, history, report.check_id, name),
                file_name=export_filename(report, name),
                mime=fmt.mime_type,
                key=f"cc-dl-{name}",
                on_click="ignore",
                icon=":material/download:",
                help=f"Download {fmt.label}, with the reviewed verdicts",
            )


def _save_review(check_id: str, claim_id: str, number: int, form_key: str) -> None:
    verdict = st.session_state.get(f"{form_key}-verdict")
    note = st.session_state.get(f"{form_key}-note", "") or ""
    try:
        saved = state.history().review(check_id, claim_id, verdict, note)
    except ClaimcheckError as exc:
        state.flash("error", f"The review was not saved: {state.one_line(exc)}")
        return
    if saved.verdict is saved.previous:
        st.toast(
            f"Claim {number}: {VERDICT_LABELS[saved.verdict].lower()} accepted",
            icon=":material/check_circle:",
        )
    else:
        st.toast(
            f"Claim {number}: {VERDICT_LABELS[saved.previous].lower()} → "
            f"{VERDICT_LABELS[saved.verdict].lower()}, saved",
            icon=":material/check_circle:",
        )


def _review_form(report: Report, number: int, result: ClaimResult) -> None:
    form_key = f"cc-review-{report.check_id}-{result.claim.id}"
    verdicts = list(Verdict)
    with st.form(form_key, border=False, enter_to_submit=False):
        st.segmented_control(
            "Your verdict",
            verdicts,
            default=result.final_verdict,
            format_func=lambda v: VERDICT_LABELS[v],
            required=True,
            key=f"{form_key}-verdict",
        )
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.text_input(
                "Note",
                value=result.review.note if result.review else "",
                placeholder="Why (kept in the audit trail)",
                key=f"{form_key}-note",
                label_visibility="collapsed",
            )
            st.form_submit_button(
                "Save review",
                on_click=_save_review,
                args=(report.check_id, result.claim.id, number, form_key),
                icon=":material/save:",
                key=f"{form_key}-save",
            )


def _card(report: Report, number: int, result: ClaimResult, texts: dict[str, str]) -> None:
    with st.container(border=True, key=f"cc-card-{number}"):
        st.html(claim_header_html(number, result))
        quotes = [e for e in result.evidence if e.stance is not Stance.NEUTRAL]
        if result.final_verdict is Verdict.UNVERIFIED or not quotes:
            quotes = list(result.evidence)
        for ev in quotes[:SHOWN_QUOTES]:
            st.html(evidence_html(ev, texts.get(ev.source_id)))
        if len(quotes) > SHOWN_QUOTES:
            more = len(quotes) - SHOWN_QUOTES
            with st.expander(f"{more} more quote{'s' * (more != 1)}"):
                for ev in quotes[SHOWN_QUOTES:]:
                    st.html(evidence_html(ev, texts.get(ev.source_id)))
        _review_form(report, number, result)


def _keep(result: ClaimResult, choice: str) -> bool:
    if choice == "Not reviewed":
        return result.review is None
    if choice in ("All", None):
        return True
    return result.final_verdict.value == choice.lower()


def _source_texts(report: Report, settings: Settings) -> dict[str, str]:
    """Stored texts of the cited sources (for the quotes' context); {} if the library is
    unavailable, and a source removed since the check is simply missing."""
    cited = list(dict.fromkeys(e.source_id for r in report.results for e in r.evidence))
    if not cited:
        return {}
    try:
        found = state.library(settings).get_many(cited)
    except ClaimcheckError:
        return {}
    return {sid: source.text for sid, source in found.items()}


def _results(check_id: str) -> None:
    settings = state.current_settings()
    report = state.history(settings).load(check_id)
    title = report.article.title or "Untitled article"
    st.html(f'<h3 style="margin:.5rem 0 0 0">{esc(title)}</h3>')
    meta = [f"checked {esc(report.generated_at[:16].replace('T', ' '))} UTC"]
    href = safe_href(report.article.url)
    if href:
        meta.append(f'<a href="{href}" target="_blank" rel="noopener noreferrer">{href}</a>')
    meta.append(f"check <code>{esc(report.check_id)}</code>")
    meta.append(f"verifier {esc(report.settings.verifier)}")
    st.html(f'<div class="cc-muted">{" · ".join(meta)}</div>')
    counts = report.counts()
    reviewed = sum(r.review is not None for r in report.results)
    st.html(summary_html(counts, reviewed, len(report.results)))
    for note in report.notes:
        st.html(f'<div class="cc-muted">{esc(note)}</div>')
    for flag in report.flags:
        st.html(
            f'<div class="cc-flags"><span class="cc-chip cc-flag-chip">{esc(flag.label)}</span>'
            f'<span class="cc-muted">{esc(FLAG_HELP[flag.kind])}</span></div>'
        )
    _downloads(report, state.history(settings))
    if not report.results:
        return
    texts = _source_texts(report, settings)
    left, right = st.columns([1, 1], gap="medium")
    with left, st.container(key="cc-article-col"):
        st.markdown("##### Article")
        with st.container(height=720, border=True, key="cc-article"):
            st.html(highlighted_article(report))
    with right:
        choice = st.segmented_control("Show", FILTERS, default="All", key=FILTER_KEY)
        shown = 0
        for number, result in enumerate(report.results, 1):
            if _keep(result, choice):
                _card(report, number, result, texts)
                shown += 1
        if not shown:
            st.caption("No claim matches this filter.")


def _empty_library_warning(settings: Settings) -> None:
    try:
        if state.library(settings).chunk_count() == 0:
            st.warning(
                "The library is empty, so every claim will come out unverified. "
                "Add primary sources first.",
                icon=":material/library_books:",
            )
            st.page_link("sources.py", label="Add sources", icon=":material/library_add:")
    except ClaimcheckError:
        pass  # shown where the library is used


def render() -> None:
    st.title("Check an article")
    st.caption(
        "Each factual claim is checked against the primary sources in your library, "
        "with the exact quotes behind every verdict."
    )
    state.show_flash()
    with state.errors_shown():
        _empty_library_warning(state.current_settings())
    _input_form(collapsed=bool(st.session_state.get(state.CHECK_ID)))
    check_id = st.session_state.get(state.CHECK_ID)
    if check_id:
        with state.errors_shown():
            _results(check_id)


if __name__ == "__main__":
    render()
