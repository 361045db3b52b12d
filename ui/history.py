"""History page: past checks with their verdict counts; open one to continue reviewing."""

from __future__ import annotations

import streamlit as st

from checker.models import Verdict
from checker.review.history import CheckHistory, CheckSummary
from ui import state
from ui.markup import VERDICT_LABELS

CHOICE_KEY = "cc-history-choice"


def _label(check: CheckSummary) -> str:
    when = check.generated_at[:16].replace("T", " ")
    return f"{when} · {check.title or check.url or 'Untitled article'} · {check.id}"


def _open(check_id: str) -> None:
    st.session_state[state.CHECK_ID] = check_id


def _audit(store: CheckHistory, check_id: str) -> None:
    trail = store.audit(check_id)
    with st.expander(f"Review trail of this check ({len(trail)})", expanded=False):
        if not trail:
            st.caption("No review yet.")
            return
        st.dataframe(
            [
                {
                    "When (UTC)": a.reviewed_at.replace("T", " ")[:19],
                    "Claim": a.claim_text,
                    "Before": VERDICT_LABELS[a.previous],
                    "After": VERDICT_LABELS[a.verdict],
                    "Note": a.note,
                }
                for a in reversed(trail)
            ],
            hide_index=True,
            width="stretch",
        )


def render() -> None:
    st.title("History")
    st.caption("Every check is kept in the store with its reviews. Open one to continue.")
    state.show_flash()
    with state.errors_shown():
        store = state.history()
        checks = store.list()
        if not checks:
            st.info("No checks yet: check an article first.", icon=":material/history:")
            st.page_link("check.py", label="Check an article", icon=":material/fact_check:")
            return
        st.dataframe(
            [
                {
                    "Date (UTC)": c.generated_at[:16].replace("T", " "),
                    "Article": c.title or c.url or "Untitled article",
                    **{VERDICT_LABELS[v]: c.count(v) for v in Verdict},
                    "Reviewed": f"{c.reviewed}/{c.claims}",
                    "Check": c.id,
                }
                for c in checks
            ],
            hide_index=True,
            width="stretch",
            column_config={"Article": st.column_config.TextColumn("Article", width="large")},
        )
        current = st.session_state.get(state.CHECK_ID)
        ids = [c.id for c in checks]
        with st.container(horizontal=True, vertical_alignment="bottom"):
            chosen = st.selectbox(
                "Open a check",
                checks,
                index=ids.index(current) if current in ids else 0,
                format_func=_label,
                key=CHOICE_KEY,
                width=640,
            )
            if st.button(
                "Open for review", type="primary", icon=":material/rate_review:", key="cc-open"
            ):
                _open(chosen.id)
                st.switch_page("check.py")
        _audit(store, chosen.id)


if __name__ == "__main__":
    render()
