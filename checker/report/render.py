"""The report as a readable table in the terminal (the `check` command's default output)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from checker.models import FLAG_HELP, ClaimResult, Report, Stance, Verdict

COLOURS = {
    Verdict.SUPPORTED: "green",
    Verdict.CONTRADICTED: "red",
    Verdict.UNVERIFIED: "yellow",
}


def _evidence_cell(result) -> Group | Text:
    lines: list[Text] = []
    for ev in result.evidence[:2]:
        if ev.stance is Stance.NEUTRAL and result.final_verdict is not Verdict.UNVERIFIED:
            continue
        quote = ev.quote if len(ev.quote) <= 220 else ev.quote[:217] + "..."
        line = Text(f"\u201c{quote}\u201d ", style="italic")
        line.append(f"({ev.stance.value}) {ev.title or ev.location}", style="dim")
        lines.append(line)
    return Group(*lines) if lines else Text("")


def _claim_cell(result: ClaimResult) -> Group:
    """The claim with its flagged words underlined, its flags, and each part's verdict."""
    claim = result.claim
    text = Text(claim.text)
    for flag in claim.flags:
        start, end = flag.start - claim.start, flag.end - claim.start
        if 0 <= start < end <= len(claim.text):
            text.stylize("underline magenta", start, end)
    lines: list[Text] = [text]
    for flag in claim.flags:
        lines.append(Text(f"\u2691 {flag.label}", style="magenta"))
    for part in result.parts:
        line = Text(f"\u2022 {part.verdict.value} ", style=COLOURS[part.verdict])
        line.append(part.claim.text)
        lines.append(line)
    return Group(*lines)


def print_report(report: Report, console: Console) -> None:
    counts = report.counts()
    title = report.article.title or "(untitled article)"
    console.print(Text(title, style="bold"))
    console.print(
        Text.assemble(
            *(
                (f"{counts[v]} {v.value}   ", COLOURS[v])
                for v in (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIED)
            ),
            (f"check {report.check_id}", "dim"),
        )
    )
    for note in report.notes:
        console.print(Text(note, style="dim"))
    for flag in report.flags:
        console.print(Text(f"\u2691 {flag.label}: {FLAG_HELP[flag.kind]}", style="magenta"))
    if not report.results:
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("claim", ratio=3)
    table.add_column("reason and evidence", ratio=4)
    for i, result in enumerate(report.results, 1):
        verdict = result.final_verdict
        badge = Text(verdict.value, style=f"bold {COLOURS[verdict]}")
        badge.append(f"\n{result.confidence:.2f}", style="dim")
        if result.review:
            badge.append("\nreviewed", style="dim")
        reason = Text(result.reason)
        table.add_row(str(i), badge, _claim_cell(result), Group(reason, _evidence_cell(result)))
    console.print(table)
