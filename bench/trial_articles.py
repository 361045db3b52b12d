"""Verdicts on news articles of the kind users paste, against an editor's verdicts.

    .venv/bin/python bench/trial_articles.py [--no-write]

Each folder of tests/fixtures/trials holds an article (article.md), a small library of primary
sources written for it in other words (lib/), and gold.tsv: one line per factual claim, the
verdict a careful editor gives against those sources only, then the article's words, the
settling source sentence and why. The articles and sources were written for this project
(a council's flood barrier, a measles outbreak, a battery maker's results); they are not a
public labelled set, so this is a check of the product on realistic text beside
`claimcheck eval`, not a substitute for it. Each gold line is matched with the claim whose
article span holds the start of its words, and read as `_verdict_of` says (the claim, or the
part of it the line's words name); a line no claim covers is marked "not a claim" (the product
did not check it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, header, markdown_table, write_section  # noqa: E402

TRIALS = REPO / "tests" / "fixtures" / "trials"


def gold_lines(folder: Path) -> list[tuple[str, str]]:
    """(verdict, the article's words) of each line of the folder's gold.tsv."""
    out = []
    for line in (folder / "gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            verdict, words, *_ = line.split("\t")
            out.append((verdict.strip(), words.strip()))
    return out


def _verdict_of(result, start: int, end: int) -> str:
    """The product's verdict on the article's words at [start, end) of `result`'s sentence: the
    claim's own where the words are its whole sentence, or all of it from its start but a
    closing attribution (`claim_core`); else that of a part (other than the
    main one) shown within the words ("by 30 votes to 12" in "On Thursday, councillors voted by
    30 votes to 12"); else that of the shortest part that holds the words' start (a main part
    spans its sentence); else the claim's."""
    from checker.claims.parts import MAIN
    from checker.text_utils import claim_core

    here = next(loc for loc in result.claim.locations if loc.start <= start < loc.end)
    if here.start >= start and here.end <= end + 1:  # the words may leave out the full stop
        return result.verdict.value
    said = claim_core(result.claim.text).rstrip(" .")
    if here.start == start and said == result.claim.text[: end - start].rstrip(" ."):
        return result.verdict.value  # the sentence but its ", according to ..." tail
    within = [
        p
        for p in result.parts
        if p.claim.kind != MAIN and start <= p.claim.start and p.claim.end <= end
    ]
    holding = sorted(
        (p for p in result.parts if p.claim.start <= start < p.claim.end),
        key=lambda p: p.claim.end - p.claim.start,
    )
    return (within or holding or [result])[0].verdict.value


def check_folder(folder: Path) -> list[tuple[str, str, str]]:
    """(gold verdict, product verdict, the article's words) for each gold line."""
    from checker.backends import build_checker
    from checker.claims.article import load_article
    from checker.settings import Settings
    from ingest.fetch import FetchLimits
    from ingest.pipeline import ingest_sources

    with tempfile.TemporaryDirectory() as store:
        checker = build_checker(Settings(store=Path(store)))
        try:
            ingest_sources(checker.library, [str(folder / "lib")])
            report = checker.check(load_article(str(folder / "article.md"), FetchLimits()))
        finally:
            checker.library.close()
    rows = []
    for verdict, words in gold_lines(folder):
        at = report.article.text.find(words)
        if at < 0:
            sys.exit(f"{folder.name}: gold words not in the article: {words!r}")
        found = [
            r for r in report.results if any(loc.start <= at < loc.end for loc in r.claim.locations)
        ]
        got = _verdict_of(found[0], at, at + len(words)) if found else "not a claim"
        rows.append((verdict, got, words))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print, leave BENCHMARKS.md")
    args = parser.parse_args()
    heading, _ = header("Verdicts on trial articles against an editor's")
    table, missed = [], []
    totals = {"claims": 0, "right": 0, "decided": 0, "decided_right": 0, "wrong_way": 0}
    for folder in sorted(p for p in TRIALS.iterdir() if (p / "gold.tsv").is_file()):
        rows = check_folder(folder)
        right = sum(g == p for g, p, _ in rows)
        decided = [(g, p) for g, p, _ in rows if p in ("supported", "contradicted")]
        decided_right = sum(g == p for g, p in decided)
        wrong_way = sum(
            {g, p} == {"supported", "contradicted"} for g, p, _ in rows
        )  # the opposite verdict: the worst error
        table.append((folder.name, len(rows), right, len(decided), decided_right, wrong_way))
        for key, value in zip(
            totals, (len(rows), right, len(decided), decided_right, wrong_way), strict=True
        ):
            totals[key] += value
        missed += [f'- {folder.name}: editor {g}, product {p}: "{w}"' for g, p, w in rows if g != p]
    table.append(("**all**", *totals.values()))
    body = "\n".join(
        [
            heading,
            markdown_table(
                [
                    "article",
                    "claims",
                    "verdict as the editor's",
                    "decided",
                    "decided as the editor",
                    "the opposite verdict",
                ],
                table,
            ),
            "",
            "Where the product and the editor differ:",
            "",
            *missed,
        ]
    )
    print(body)
    if not args.no_write:
        write_section("trial-articles", body)


if __name__ == "__main__":
    main()
