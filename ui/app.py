"""The claimcheck web app: `claimcheck ui` (or `streamlit run ui/app.py`).

Pages: Check (check/check.py), Sources, History. The settings are those `claimcheck ui` resolved
(a JSON file given as `-- --settings FILE`, read once per session; ui/state.py); the sidebar
shows them and lets this session pick other model backends by name.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from checker.registries import EMBEDDERS, EXTRACTORS, VERIFIERS
from ingest.errors import ClaimcheckError
from ingest.pg import safe_url
from ui import state
from ui.markup import CSS

HERE = Path(__file__).resolve().parent


def _apply(values: dict[str, object]) -> None:
    base = state.base_settings().model_dump()
    overrides = {k: v for k, v in values.items() if v != base.get(k)}
    st.session_state[state.OVERRIDES] = overrides


def _reset() -> None:
    st.session_state.pop(state.OVERRIDES, None)
    for name in state.CHOOSABLE:
        st.session_state.pop(f"cc-set-{name}", None)


def _settings_panel() -> None:
    with st.sidebar:
        st.markdown("### claimcheck")
        st.caption("Fact-checking against your own primary sources.")
        try:
            settings = state.current_settings()
        except ClaimcheckError as exc:
            st.error(state.one_line(exc), icon=":material/error:")
            return
        st.caption(
            f"Verifier `{settings.verifier}` · extractor `{settings.extractor}` · "
            f"embedder `{settings.embedder or 'the library’s own'}` · {settings.top_k} chunks "
            "per claim"
        )
        with st.expander("Settings", expanded=False, icon=":material/settings:"):
            st.caption("Store")
            where = str(Path(settings.store).expanduser().resolve())
            if settings.database_url:
                where = f"{safe_url(settings.database_url)} (sources, checks, reviews)"
            st.code(where, language=None, wrap_lines=True)
            st.caption("Vectors")
            st.code(settings.chroma_url or "embedded Chroma in the store", language=None)
            with st.form("cc-settings", border=False):
                embedder = st.text_input(
                    "Embedder",
                    value=settings.embedder or "",
                    key="cc-set-embedder",
                    help="Empty: the one the library was built with (the default for a new "
                    f"one). {EMBEDDERS.describe()}; another than the library's needs "
                    "`claimcheck reindex`.",
                )
                verifier = st.text_input(
                    "Verifier",
                    value=settings.verifier,
                    key="cc-set-verifier",
                    help=f"{VERIFIERS.describe(notes=True)}.",
                )
                extractor = st.text_input(
                    "Claim extractor",
                    value=settings.extractor,
                    key="cc-set-extractor",
                    help=f"{EXTRACTORS.describe(notes=True)}.",
                )
                top_k = st.number_input(
                    "Chunks retrieved per claim",
                    min_value=1,
                    max_value=100,
                    value=settings.top_k,
                    key="cc-set-top_k",
                )
                if st.form_submit_button("Apply", type="primary"):
                    _apply(
                        {
                            "embedder": embedder.strip(),
                            "verifier": verifier.strip(),
                            "extractor": extractor.strip(),
                            "top_k": int(top_k),
                        }
                    )
                    st.rerun()
            if st.session_state.get(state.OVERRIDES):
                st.button("Back to the defaults", on_click=_reset, type="tertiary")


def main() -> None:
    st.set_page_config(
        page_title="claimcheck",
        page_icon=":material/fact_check:",
        layout="wide",
        initial_sidebar_state="auto",
    )
    logging.getLogger("claimcheck").setLevel(logging.INFO)
    st.html(CSS)
    pages = [
        st.Page(HERE / "check.py", title="Check", icon=":material/fact_check:", default=True),
        st.Page(HERE / "sources.py", title="Sources", icon=":material/library_books:"),
        st.Page(HERE / "history.py", title="History", icon=":material/history:"),
    ]
    page = st.navigation(pages, position="top")
    _settings_panel()
    page.run()


main()
