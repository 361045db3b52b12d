"""Sources page: add URLs or files to the library, list it, remove a source."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from checker.settings import Settings
from ingest.errors import ClaimcheckError
from ingest.extract import SUPPORTED_SUFFIXES
from ingest.models import BatchSummary, IngestOutcome, OutcomeStatus, Source, Tier
from ingest.pipeline import ingest_sources
from ingest.store import Store
from ui import state

SUMMARY_KEY = "cc_ingest_summary"
URLS_KEY = "cc_urls"
UPLOADS_DIR = "uploads"  # in the store folder: uploaded files keep a stable path, so uploading
# the same file again is "unchanged" and a new version of it is "updated"
_UNSAFE = re.compile(r"[^\w.\- ()]+")


def parse_urls(text: str) -> list[str]:
    """URLs one per line (or separated by spaces or commas); # comments and blanks skipped."""
    items: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        items.extend(part for part in re.split(r"[\s,]+", line) if part)
    return list(dict.fromkeys(items))


def safe_file_name(name: str) -> str:
    """A file name without folders or odd characters, keeping its extension."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "upload"
    return cleaned[:150]


def save_uploads(files: list, store: Path) -> list[str]:
    """Write uploaded files into the store's uploads folder under their own names."""
    folder = Path(store) / UPLOADS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    for upload in files:
        path = folder / safe_file_name(upload.name)
        path.write_bytes(upload.getvalue())
        paths.append(str(path))
    return paths


def summary_line(summary: BatchSummary) -> str:
    return ", ".join(
        f"{summary.count(status)} {status.value}"
        for status in (
            OutcomeStatus.ADDED,
            OutcomeStatus.UNCHANGED,
            OutcomeStatus.UPDATED,
            OutcomeStatus.FAILED,
        )
    )


def run_ingest(library: Store, items: list[str], tier: Tier, settings: Settings) -> BatchSummary:
    """Ingest with a live progress bar: one step per source."""
    total = len(items)
    bar = st.progress(0.0, text=f"Adding {total} source{'s' * (total != 1)}…")

    def progress(outcome: IngestOutcome, done: int, count: int) -> None:
        where = outcome.title or outcome.location
        bar.progress(done / max(count, 1), text=f"{done} of {count}: {where[-80:]}")

    summary = ingest_sources(
        library,
        items,
        tier=tier,
        limits=settings.fetch_limits(),
        workers=settings.ingest_workers,
        progress=progress,
    )
    bar.empty()
    return summary


def _show_summary(summary: BatchSummary) -> None:
    line = f"Sources: {summary_line(summary)}."
    if summary.failures and len(summary.failures) == len(summary.outcomes):
        st.error(line, icon=":material/error:")
    elif summary.failures:
        st.warning(line, icon=":material/error:")
    else:
        st.success(line, icon=":material/check_circle:")
    for failure in summary.failures:
        st.text(f"failed: {failure.reason or failure.location}")
    rows = [
        {
            "status": o.status.value,
            "title": o.title,
            "chunks": o.chunks,
            "location": o.location,
            "note": o.note,
        }
        for o in summary.outcomes
        if o.status is not OutcomeStatus.FAILED
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")


def _add_sources(settings: Settings) -> None:
    st.subheader("Add sources")
    tier = st.radio(
        "Tier of the sources added",
        list(Tier),
        format_func=lambda t: {Tier.PRIMARY: "Primary", Tier.SECONDARY: "Secondary"}[t],
        horizontal=True,
        help="Primary: official documents, data, statements. Secondary: reporting about them.",
    )
    by_url, by_file = st.columns(2, gap="large")
    with by_url, st.form("cc-add-urls", border=True):
        st.text_area(
            "Web addresses, one per line",
            key=URLS_KEY,
            height=140,
            placeholder="https://example.org/press-release\nhttps://example.org/report.pdf",
        )
        add_urls = st.form_submit_button("Add URLs", type="primary", icon=":material/public:")
    with by_file, st.form("cc-add-files", border=True, clear_on_submit=True):
        files = st.file_uploader(
            "Files",
            type=sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES),
            accept_multiple_files=True,
        )
        add_files = st.form_submit_button(
            "Add files", type="primary", icon=":material/upload_file:"
        )
    items: list[str] = []
    if add_urls:
        items = parse_urls(st.session_state.get(URLS_KEY, ""))
        if not items:
            st.error(
                "Give at least one web address (http:// or https://).", icon=":material/error:"
            )
    if add_files:
        if not files:
            st.error("Choose at least one file to upload.", icon=":material/error:")
        else:
            with state.errors_shown():
                items = save_uploads(list(files), settings.store)
    if items:
        with state.errors_shown("The sources could not be added: "):
            summary = run_ingest(state.library(settings), items, tier, settings)
            st.session_state[SUMMARY_KEY] = summary
    summary = st.session_state.get(SUMMARY_KEY)
    if summary is not None:
        _show_summary(summary)


def _source_label(source: Source) -> str:
    return f"{source.title or source.location}  ·  {source.id}"


def _remove(source_id: str) -> None:
    try:
        removed = state.library().remove(source_id)
    except ClaimcheckError as exc:
        state.flash("error", f"Not removed: {state.one_line(exc)}")
        return
    st.session_state.pop(SUMMARY_KEY, None)
    state.flash("success", f"Removed “{removed.title or removed.location}” and its chunks.")


def _library_list(settings: Settings) -> None:
    library = state.library(settings)
    sources = library.sources()
    chunks = sum(s.chunk_count for s in sources)
    st.subheader("Library")
    st.caption(
        f"{len(sources)} source{'s' * (len(sources) != 1)} · {chunks:,} chunks · "
        f"embedder {library.embedder.id} · {library.store_label}"
    )
    if not sources:
        st.info(
            "No sources yet: add the primary sources your articles rely on.",
            icon=":material/library_books:",
        )
        return
    st.dataframe(
        [
            {
                "title": s.title or "(untitled)",
                "published": s.published or "",
                "tier": s.tier.value,
                "chunks": s.chunk_count,
                "location": s.location,
                "added": s.retrieved_at[:16].replace("T", " "),
                "id": s.id,
            }
            for s in sources
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn("Title", width="large"),
            "published": st.column_config.TextColumn("Published"),
            "tier": st.column_config.TextColumn("Tier"),
            "chunks": st.column_config.NumberColumn("Chunks"),
            "location": st.column_config.TextColumn("Location", width="medium"),
            "added": st.column_config.TextColumn("Added (UTC)"),
            "id": st.column_config.TextColumn("Id"),
        },
    )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox(
            "Remove a source",
            sources,
            index=None,
            format_func=_source_label,
            placeholder="Choose a source to remove",
            key="cc-remove-choice",
            width=560,
        )
        st.button(
            "Remove",
            icon=":material/delete:",
            disabled=chosen is None,
            on_click=_remove,
            args=(chosen.id if chosen else "",),
            key="cc-remove",
        )


def render() -> None:
    st.title("Sources")
    st.caption(
        "The library of primary sources that claims are checked against: web pages, PDFs, "
        "HTML, Markdown and text files."
    )
    state.show_flash()
    with state.errors_shown():
        settings = state.current_settings()
        _add_sources(settings)
        st.divider()
        _library_list(settings)


if __name__ == "__main__":
    render()
