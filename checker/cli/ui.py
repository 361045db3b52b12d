"""`claimcheck ui`, `history`, `review`: the web app, and the review workflow on the command line.

`ui` runs `streamlit run ui/app.py` headless and hands it this command's resolved settings as
one JSON file (`-- --settings FILE`), read once per session by the app, so the app and the CLI
work on the same store with the same backends. `history` and `review` use checker.review.history, as
the app's History page and review controls do.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from checker.backends import open_history
from checker.cli.app import app, console, err_console, settings_of
from checker.models import Verdict
from checker.report.render import COLOURS
from checker.review.history import CheckHistory, as_verdict
from checker.settings import SETTINGS_ARG, Settings
from ingest.errors import ConfigError


def app_path() -> Path:
    """The Streamlit script of the web app (ui/app.py), found without importing `ui`: imports
    run ui -> checker, never back."""
    spec = importlib.util.find_spec("ui")
    if spec is None or spec.origin is None:
        raise ConfigError("the web app (the ui package) is not installed")
    return Path(spec.origin).resolve().parent / "app.py"


def write_settings_file(settings: Settings) -> Path:
    """The settings as a JSON file (private to the user) for the app to read: the store as an
    absolute path, since the app runs from elsewhere."""
    resolved = settings.model_copy(update={"store": settings.store.expanduser().resolve()})
    handle, name = tempfile.mkstemp(prefix="claimcheck-ui-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(resolved.model_dump_json(indent=2))
    return Path(name)


def streamlit_command(
    port: int, address: str, max_upload_mb: int, settings_file: Path | None = None
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path()),
        "--server.headless=true",
        f"--server.port={port}",
        f"--server.address={address}",
        f"--server.maxUploadSize={max_upload_mb}",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--browser.gatherUsageStats=false",
        "--client.showErrorDetails=type",
        "--client.toolbarMode=minimal",
        "--theme.base=light",
        "--theme.primaryColor=#0969da",
        *(["--", SETTINGS_ARG, str(settings_file)] if settings_file else []),
    ]


@app.command()
def ui(
    ctx: typer.Context,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default: the ui_port setting).")
    ] = None,
    address: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")
    ] = "localhost",
) -> None:
    """Start the reviewer web app (Streamlit) on http://ADDRESS:PORT."""
    settings = settings_of(ctx)
    port = port or settings.ui_port
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    max_upload_mb = max(1, settings.fetch_max_bytes // 1_000_000)
    command = streamlit_command(port, address, max_upload_mb, write_settings_file(settings))
    err_console.print(f"claimcheck web app on http://{address}:{port}  (Ctrl-C stops it)")
    sys.stdout.flush()
    sys.stderr.flush()
    # exec: the app becomes this process, so a signal to it (Ctrl-C, kill) reaches Streamlit
    os.execve(command[0], command, env)


def _verdict_text(verdict: Verdict, reviewed: bool = False) -> Text:
    text = Text(verdict.value, style=f"bold {COLOURS[verdict]}")
    if reviewed:
        text.append(" (reviewed)", style="dim")
    return text


@app.command()
def history(
    ctx: typer.Context,
    check_id: Annotated[
        str | None, typer.Argument(help="A check to show with its claims and audit trail.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List past checks, or show one check's claims (with their ids) and its reviews."""
    store = open_history(settings_of(ctx))
    if check_id is None:
        _print_checks(store, as_json)
    else:
        _print_check(store, check_id, as_json)


def _print_checks(store: CheckHistory, as_json: bool) -> None:
    checks = store.list()
    if as_json:
        payload = [
            {
                "id": c.id,
                "generated_at": c.generated_at,
                "title": c.title,
                "url": c.url,
                "claims": c.claims,
                "reviewed": c.reviewed,
                "counts": {v.value: c.count(v) for v in Verdict},
            }
            for c in checks
        ]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if not checks:
        console.print("No checks yet: run `claimcheck check ARTICLE` or use the web app.")
        return
    table = Table(
        expand=True,
        caption="S supported · C contradicted · U unverified (reviewed verdicts)",
    )
    table.add_column("check", no_wrap=True, min_width=max(len(c.id) for c in checks))
    table.add_column("date (UTC)", no_wrap=True, min_width=16)
    table.add_column("article", ratio=1, min_width=16, overflow="ellipsis", no_wrap=True)
    for verdict in Verdict:
        table.add_column(
            verdict.value[0].upper(), justify="right", style=COLOURS[verdict], no_wrap=True
        )
    table.add_column("reviewed", justify="right", no_wrap=True)
    for c in checks:
        table.add_row(
            c.id,
            c.generated_at[:16].replace("T", " "),
            Text(c.title or c.url or "(untitled)"),
            *(str(c.count(v)) for v in Verdict),
            f"{c.reviewed}/{c.claims}",
        )
    console.print(table)


def _print_check(store: CheckHistory, check_id: str, as_json: bool) -> None:
    report = store.load(check_id)
    trail = store.audit(check_id)
    if as_json:
        payload = {
            "id": report.check_id,
            "generated_at": report.generated_at,
            "title": report.article.title,
            "url": report.article.url,
            "claims": [
                {
                    "id": r.claim.id,
                    "text": r.claim.text,
                    "verdict": r.final_verdict.value,
                    "machine_verdict": r.verdict.value,
                    "note": r.review.note if r.review else "",
                }
                for r in report.results
            ],
            "audit": [
                {
                    "claim_id": a.claim_id,
                    "previous": a.previous.value,
                    "verdict": a.verdict.value,
                    "note": a.note,
                    "reviewed_at": a.reviewed_at,
                }
                for a in trail
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    console.print(Text(report.article.title or "(untitled article)", style="bold"))
    console.print(Text(f"check {report.check_id}  ·  {report.generated_at}", style="dim"))
    table = Table(expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("claim id", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("claim", ratio=3)
    table.add_column("note", ratio=1)
    for i, r in enumerate(report.results, 1):
        table.add_row(
            str(i),
            r.claim.id,
            _verdict_text(r.final_verdict, r.review is not None),
            Text(r.claim.text),
            Text(r.review.note if r.review else ""),
        )
    console.print(table)
    if trail:
        console.print(Text("Reviews (oldest first)", style="bold"))
        for a in trail:
            line = Text(f"{a.reviewed_at}  {a.claim_id}  ")
            line.append_text(_verdict_text(a.previous))
            line.append(" -> ")
            line.append_text(_verdict_text(a.verdict))
            if a.note:
                line.append(f"  {a.note}", style="italic")
            console.print(line)


@app.command()
def review(
    ctx: typer.Context,
    check_id: Annotated[str, typer.Argument(help="The check (see `claimcheck history`).")],
    claim_id: Annotated[str, typer.Argument(help="The claim (see `claimcheck history CHECK_ID`).")],
    verdict: Annotated[
        str, typer.Option("--verdict", "-v", help="supported, contradicted or unverified.")
    ],
    note: Annotated[str, typer.Option(help="Why (kept in the audit trail).")] = "",
) -> None:
    """Set or accept a claim's verdict; saved at once, with the verdict before and after."""
    store = open_history(settings_of(ctx))
    saved = store.review(check_id, claim_id, as_verdict(verdict), note)
    line = Text(f"{check_id} {claim_id}: ")
    line.append_text(_verdict_text(saved.previous))
    line.append(" -> ")
    line.append_text(_verdict_text(saved.verdict))
    console.print(line)
