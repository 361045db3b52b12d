"""What the pages share: the settings, the cached heavy objects, the history, error messages.

The settings are read once per session: the JSON file `claimcheck ui` wrote with the settings it
resolved (`streamlit run ui/app.py -- --settings FILE`), or, for a bare `streamlit run`, the
defaults and CLAIMCHECK_* variables; this session's choices from the settings panel go on top.
Heavy objects (the library with its vector store, the verifier and extractor models, the checker
made of them) are built once per process with `st.cache_resource`, keyed on the settings they
depend on, so a rerun of a page reloads nothing and every session shares them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st
from pydantic import ValidationError

from checker.review.history import CheckHistory
from checker.settings import SETTINGS_ARG, Settings, read_settings_file
from ingest.errors import ClaimcheckError

if TYPE_CHECKING:
    from checker.claims.extract import ClaimExtractor
    from checker.pipeline import Checker
    from checker.retrieval.rerank import Reranker
    from checker.verify.base import Verifier
    from ingest.store import Store

log = logging.getLogger("claimcheck.ui")

BASE = "cc_base_settings"  # session state: the settings read when the session started
OVERRIDES = "cc_overrides"  # session state: {setting name: value} chosen in the settings panel
CHECK_ID = "cc_check_id"  # session state: the check shown on the Check page
FLASH = "cc_flash"  # session state: (kind, message) to show once on the next run
CHOOSABLE = ("embedder", "verifier", "extractor", "top_k")

_LIBRARY_FIELDS = (
    "store",
    "database_url",
    "chroma_url",
    "collection",
    "embedder",
    "chunk_size",
    "chunk_overlap",
)


class SettingsProblem(ClaimcheckError):
    """The settings cannot be read (a bad CLAIMCHECK_* value)."""


def settings_file(argv: list[str] | None = None) -> Path | None:
    """The settings file named after `--settings` in the app's arguments, if any."""
    args = sys.argv[1:] if argv is None else argv
    if SETTINGS_ARG not in args:
        return None
    at = args.index(SETTINGS_ARG) + 1
    if at >= len(args):
        raise SettingsProblem(f"{SETTINGS_ARG} needs a file")
    return Path(args[at])


def read_base_settings(argv: list[str] | None = None) -> Settings:
    """The settings file given to the app, else defaults and CLAIMCHECK_* variables."""
    path = settings_file(argv)
    try:
        return Settings() if path is None else read_settings_file(path)
    except OSError as exc:
        raise SettingsProblem(f"cannot read the settings file {path}: {exc.strerror}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsProblem(f"invalid setting: {problems}") from None


def base_settings() -> Settings:
    """This session's settings before the panel's choices, read once per session."""
    settings = st.session_state.get(BASE)
    if not isinstance(settings, Settings):
        settings = read_base_settings()
        st.session_state[BASE] = settings
    return settings


def current_settings() -> Settings:
    """The settings of this session: the process's, with the settings panel's choices."""
    overrides = st.session_state.get(OVERRIDES) or {}
    settings = base_settings()
    if not overrides:
        return settings
    try:
        return Settings.model_validate({**settings.model_dump(), **overrides})
    except ValidationError as exc:
        raise SettingsProblem(f"invalid setting: {exc.errors()[0]['msg']}") from None


def _key(settings: Settings, fields: tuple[str, ...]) -> str:
    dumped = settings.model_dump(mode="json")
    return "|".join(f"{name}={dumped[name]}" for name in fields)


@st.cache_resource(show_spinner="Opening the library…", max_entries=8)
def _library(key: str, _settings: Settings) -> Store:
    from checker.backends import open_library

    log.info("opening the library: %s", key)
    return open_library(_settings)


@st.cache_resource(show_spinner="Loading the verifier…", max_entries=4)
def _verifier(key: str, _settings: Settings) -> Verifier:
    from checker.backends import make_verifier

    log.info("loading the verifier: %s", key)
    return make_verifier(_settings)


@st.cache_resource(show_spinner="Loading the claim extractor…", max_entries=4)
def _extractor(key: str, _settings: Settings) -> ClaimExtractor:
    from checker.backends import make_extractor

    log.info("loading the claim extractor: %s", key)
    return make_extractor(_settings)


@st.cache_resource(show_spinner="Loading the reranker…", max_entries=4)
def _reranker(key: str, _settings: Settings) -> Reranker | None:
    from checker.retrieval.rerank import make_reranker

    log.info("loading the reranker: %s", key)
    return make_reranker(_settings.reranker)


def library(settings: Settings | None = None) -> Store:
    settings = settings or current_settings()
    return _library(_key(settings, _LIBRARY_FIELDS), settings)


def checker(settings: Settings | None = None) -> Checker:
    """The checker of these settings, made of the cached library, verifier and extractor."""
    from checker.pipeline import Checker
    from checker.retrieval.hybrid import HybridRetriever

    settings = settings or current_settings()
    lib = library(settings)
    model_fields = ("llm_base_url", "reranker")
    return Checker(
        library=lib,
        extractor=_extractor(_key(settings, ("extractor", *model_fields)), settings),
        verifier=_verifier(_key(settings, ("verifier", *model_fields)), settings),
        retriever=HybridRetriever(lib, reranker=_reranker(_key(settings, ("reranker",)), settings)),
        top_k=settings.top_k,
    )


@st.cache_resource(max_entries=4)
def _history(key: str, _settings: Settings) -> CheckHistory:
    from checker.backends import open_history

    return open_history(_settings)


def history(settings: Settings | None = None) -> CheckHistory:
    settings = settings or current_settings()
    return _history(_key(settings, ("store", "database_url")), settings)


def one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return message[:1].upper() + message[1:] if message else type(exc).__name__


@contextmanager
def errors_shown(what: str = "") -> Iterator[None]:
    """Turn a failure into a readable message on the page instead of a traceback.

    ClaimcheckErrors are problems the user can act on and are shown as they are; anything
    else is logged with its traceback on the server and shown as one line.
    """
    try:
        yield
    except ClaimcheckError as exc:
        st.error(f"{what}{one_line(exc)}", icon=":material/error:")
    except Exception as exc:  # noqa: BLE001 - the page must never show a traceback
        log.exception("unexpected error in the web app")
        st.error(
            f"{what}Unexpected error ({type(exc).__name__}): {one_line(exc)}. "
            "The details are in the server log.",
            icon=":material/error:",
        )


def flash(kind: str, message: str) -> None:
    """A message to show at the top of the next run (after a callback or a page switch)."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "error":
        st.error(message, icon=":material/error:")
    elif kind:
        st.info(message)
