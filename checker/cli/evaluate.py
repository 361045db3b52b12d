"""`claimcheck eval` and `claimcheck eval-checkworthy`: measured quality on labelled data."""

from __future__ import annotations

import json
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from checker.backends import build_checker
from checker.cli.app import app, console, err_console, settings_of
from checker.evaluate.verdicts import LABELS, EvalResult, evaluate, load_dataset


@app.command("eval")
def eval_command(
    ctx: typer.Context,
    dataset_dir: Annotated[
        Path, typer.Argument(help="A dataset folder: corpus.jsonl and claims*.jsonl.")
    ],
    claims: Annotated[
        Path | None,
        typer.Option(help="Claims file (default: claims_dev.jsonl, else the first claims*.jsonl)."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Check only the first N claims.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    store: Annotated[
        Path | None,
        typer.Option(
            help="Store folder for the corpus (default: a temporary one, deleted after). "
            "Must be new, empty, or a store of this same corpus."
        ),
    ] = None,
) -> None:
    """Score the checker on a labelled dataset: ingest its corpus, check each claim directly.

    Uses the configured embedder, verifier and top-k; vectors are always kept in the store
    folder (never on a configured Chroma server).
    """
    settings = settings_of(ctx)
    dataset = load_dataset(dataset_dir, claims, limit)
    with ExitStack() as stack:
        folder = store or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cc-eval-")))
        checker = build_checker(settings.model_copy(update={"store": folder, "chroma_url": None}))
        stack.callback(checker.library.close)
        with Progress(
            TextColumn("{task.description:<18}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=as_json and not err_console.is_terminal,
        ) as bar:
            task = bar.add_task("reading dataset", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=total)

            result = evaluate(
                dataset,
                checker.library,
                checker.retriever,
                checker.verifier,
                checker.top_k,
                progress=progress,
            )
    if as_json:
        console.out(json.dumps(result.to_json()), highlight=False)
        return
    print_eval(
        result,
        settings_line=f"embedder {checker.library.embedder.id}, verifier "
        f"{checker.verifier.id}, top-k {checker.top_k}",
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def print_eval(result: EvalResult, settings_line: str = "") -> None:
    """The readable report of an evaluation: summary, per-label scores, confusion matrix."""
    m = result.metrics
    latency = result.latency_ms()
    summary = Table(title=f"{result.dataset}: {len(result.outcomes)} claims", show_header=False)
    summary.add_column("metric", style="bold")
    summary.add_column("value", justify="right")
    rows = [
        ("accuracy", _pct(m.accuracy)),
        ("macro F1", f"{m.macro_f1:.3f}"),
        ("recall@5 (gold source among the first 5)", _pct(result.recall_at_5)),
        ("decisive precision", _pct(m.decisive_precision)),
        ("coverage (supported or contradicted)", _pct(m.coverage)),
        ("latency per claim p50 / p95", f"{latency['p50']:.0f} / {latency['p95']:.0f} ms"),
        (
            "ingest",
            f"{result.ingest_seconds:.1f} s ({result.sources:,} sources, {result.chunks:,} chunks)",
        ),
        ("checking", f"{result.check_seconds:.1f} s"),
    ]
    for name, value in rows:
        summary.add_row(name, value)
    console.print(summary)

    labels = Table(title="per label")
    for column in ("label", "precision", "recall", "F1", "support"):
        labels.add_column(column, justify="left" if column == "label" else "right")
    for label, s in m.per_label.items():
        labels.add_row(
            label.value, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support)
        )
    console.print(labels)

    confusion = Table(title="confusion (rows: gold, columns: predicted)")
    confusion.add_column("gold")
    for label in LABELS:
        confusion.add_column(label.value, justify="right")
    for gold in LABELS:
        confusion.add_row(gold.value, *(str(m.confusion[gold][p]) for p in LABELS))
    console.print(confusion)
    footer = f"claims: {result.claims_file}"
    if settings_line:
        footer += f"; {settings_line}"
    console.print(footer, style="dim", highlight=False, markup=False)


@app.command("eval-checkworthy")
def eval_checkworthy_command(
    file: Annotated[Path, typer.Argument(help="JSONL of {id, text, checkworthy} sentences.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    scores: Annotated[
        Path | None,
        typer.Option("--scores", help="Write {id, score, predicted} per sentence to this JSONL."),
    ] = None,
    models: Annotated[
        Path | None,
        typer.Option(
            "--models",
            help="Folder of models to choose from (default: the shipped one). "
            "scripts/train_checkworthy_encoder.py leaves models that never saw each training "
            "file in bench/.cache/checkworthy/encoder-heldout.",
        ),
    ] = None,
) -> None:
    """Score the check-worthiness model on a labelled file it was never trained on."""
    from checker.claims.checkworthiness import DEFAULT_DIR
    from checker.evaluate.checkworthy import run_eval_checkworthy

    console.out(run_eval_checkworthy(file, as_json, scores, models or DEFAULT_DIR), highlight=False)
