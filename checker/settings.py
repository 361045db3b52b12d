"""The one settings object: defaults, help text, environment (CLAIMCHECK_*), read once.

The command line and the web app build it; stage functions get explicit values from it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from checker.models import TOP_K
from checker.registries import EMBEDDERS, EXTRACTORS, VERIFIERS
from ingest.chunking import CHUNK_OVERLAP, CHUNK_SIZE
from ingest.urls import FetchLimits


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMCHECK_", extra="ignore")

    store: Path = Field(
        Path(".claimcheck"),
        description="Store folder: source records, texts, vectors, BM25 index, checks, reviews.",
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (http://HOST:PORT) to keep vectors in, shared by "
        "several users or machines; unset keeps them embedded in the store folder.",
    )
    database_url: str | None = Field(
        None,
        description="PostgreSQL URL (postgresql://USER:PASSWORD@HOST:PORT/DBNAME) of a server "
        "store shared by several API and app processes: source records, texts, sentences, "
        "chunks with their full-text index, checks and reviews go there and vectors to the "
        "Chroma server at chroma_url (both needed). Unset keeps everything in the store folder.",
    )
    collection: str = Field("claimcheck", description="Chroma collection name of this library.")
    embedder: str | None = Field(
        None,
        description=f"Embedder: {EMBEDDERS.describe(notes=True)}. Unset: the embedder that "
        "built the library, or the default for a new one.",
    )
    chunk_size: int = Field(CHUNK_SIZE, ge=100, le=20_000, description="Chunk size in characters.")
    chunk_overlap: int = Field(
        CHUNK_OVERLAP, ge=0, le=5_000, description="Chunk overlap in characters."
    )
    fetch_max_bytes: int = Field(
        FetchLimits.max_bytes, ge=1_000, description="Largest page or file read, in bytes."
    )
    fetch_timeout: float = Field(
        FetchLimits.timeout,
        gt=0,
        description="Time-out of one whole fetch, redirects included, in seconds.",
    )
    fetch_max_redirects: int = Field(
        FetchLimits.max_redirects, ge=0, le=20, description="Redirects followed per fetch."
    )
    allow_private: bool = Field(
        FetchLimits.allow_private,
        description="Allow fetching from private, loopback and link-local addresses.",
    )
    ingest_workers: int = Field(4, ge=1, le=32, description="Parallel fetches during ingest.")
    top_k: int = Field(TOP_K, ge=1, le=100, description="Chunks retrieved per claim.")
    verifier: str = Field(
        VERIFIERS.default, description=f"Verifier: {VERIFIERS.describe(notes=True)}."
    )
    extractor: str = Field(
        EXTRACTORS.default, description=f"Claim extractor: {EXTRACTORS.describe(notes=True)}."
    )
    reranker: str | None = Field(
        None, description="Optional cross-encoder reranker for retrieval: NAME_OR_PATH."
    )
    llm_base_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible server for 'llm:openai:MODEL'."
    )
    ui_port: int = Field(8501, ge=1, le=65535, description="Port of the web app.")
    api_port: int = Field(8080, ge=0, le=65535, description="Port of `claimcheck serve`.")
    api_max_body: int = Field(
        2_000_000, ge=1_000, description="Largest request body `claimcheck serve` accepts, bytes."
    )
    api_wait: float = Field(
        120.0,
        gt=0,
        description="Longest a `serve` request waits for a check it runs (?wait=true) before "
        "answering with the job to poll instead, in seconds.",
    )
    debug: bool = Field(
        False, description="Show the full traceback of an unexpected error instead of one line."
    )

    def fetch_limits(self) -> FetchLimits:
        return FetchLimits(
            max_bytes=self.fetch_max_bytes,
            timeout=self.fetch_timeout,
            max_redirects=self.fetch_max_redirects,
            allow_private=self.allow_private,
        )


# `streamlit run ui/app.py -- --settings FILE`: the settings `claimcheck ui` resolved, as JSON
SETTINGS_ARG = "--settings"


def read_settings_file(path: Path) -> Settings:
    """Settings written by `Settings.model_dump_json` (every field given: nothing is read from
    the environment)."""
    return Settings.model_validate_json(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once from defaults and CLAIMCHECK_* variables."""
    return Settings()
