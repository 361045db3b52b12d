"""The typer app, its global options and consoles; commands live in checker/cli/*.py."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn

from checker.registries import EMBEDDERS, EXTRACTORS, VERIFIERS
from checker.settings import Settings, get_settings

app = typer.Typer(
    name="claimcheck",
    help="Check the factual claims of an article against your own library of primary sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def progress_bar(label: str = "{task.description}", *extra: ProgressColumn) -> Progress:
    """The progress bar of every long command: label, bar, done/total, on stderr, cleared."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        *extra,
        console=err_console,
        transient=True,
    )


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.obj


@app.callback()
def main_options(
    ctx: typer.Context,
    store: Annotated[
        Path | None, typer.Option(help="Store folder (default .claimcheck/ here).")
    ] = None,
    chroma_url: Annotated[
        str | None, typer.Option(help="Chroma server URL, e.g. http://127.0.0.1:8000.")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="PostgreSQL URL of a shared server store, e.g. "
            "postgresql://claimcheck@127.0.0.1:5432/claimcheck (needs --chroma-url).",
            show_default=False,
        ),
    ] = None,
    embedder: Annotated[
        str | None,
        typer.Option(
            help=f"{EMBEDDERS.describe()}; unset: the one the library was built with (the "
            "default for a new library)."
        ),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching from private addresses.")
    ] = False,
    verifier: Annotated[
        str | None,
        typer.Option(help=f"{VERIFIERS.describe()}."),
    ] = None,
    extractor: Annotated[str | None, typer.Option(help=f"{EXTRACTORS.describe()}.")] = None,
    reranker: Annotated[
        str | None, typer.Option(help="Cross-encoder reranker for retrieval: NAME_OR_PATH.")
    ] = None,
    llm_base_url: Annotated[
        str | None,
        typer.Option(help="OpenAI-compatible server for llm:openai:MODEL (or an Ollama URL)."),
    ] = None,
) -> None:
    update: dict[str, object] = {}
    if store is not None:
        update["store"] = store
    if chroma_url is not None:
        update["chroma_url"] = chroma_url
    if database_url is not None:
        update["database_url"] = database_url
    if embedder is not None:
        update["embedder"] = embedder
    if allow_private:
        update["allow_private"] = True
    for name, value in (
        ("verifier", verifier),
        ("extractor", extractor),
        ("reranker", reranker),
        ("llm_base_url", llm_base_url),
    ):
        if value is not None:
            update[name] = value
    ctx.obj = get_settings().model_copy(update=update)
