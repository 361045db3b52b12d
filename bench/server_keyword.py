"""The server store's keyword search (PostgreSQL full-text search) on SciFact: recall and speed,
with and without leaving out the query's common words.

    .venv/bin/python bench/server_keyword.py [--copies 1,8] [--claims 150]

A real PostgreSQL is started for the run (tests/servers.py) and the SciFact corpus (titles and
abstracts, cut in 800-character pieces) is written to the server store's `chunks` table with its
`tsvector`, once per copy (`--copies 8`: about 100k chunks), then ANALYZEd. For the first
`--claims` SciFact dev claims with evidence: the median and 95th-percentile time of one keyword
search (top 24), and recall@24 (the share of a claim's evidence documents among the documents of
the 24 chunks). "all words": every stemmed word of the claim; "common words left out": the
shipped search (ingest/server_store.py: words in more than 2% of the chunks left out, the 3
rarest kept).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    header,
    markdown_table,
    median,
    percentile,
    read_jsonl,
    require_scifact,
    write_section,
)

from ingest.pg import Database  # noqa: E402
from ingest.server_store import COMMON_SHARE, keyword_hits, lexeme_shares  # noqa: E402
from tests.servers import ServerMissing, running_postgres  # noqa: E402

K = 24


def pieces(scifact: Path) -> tuple[list[str], list[str]]:
    texts, owners = [], []
    for doc in read_jsonl(scifact / "corpus.jsonl"):
        text = f"{doc['title']} {doc['text']}"
        for i in range(0, len(text), 800):
            texts.append(text[i : i + 800])
            owners.append(str(doc["id"]))
    return texts, owners


def measure(db: Database, claims: list[dict], owners: list[str], pruned: bool) -> list[object]:
    times, recalls = [], []
    with db.connection() as conn:
        shares = lexeme_shares(conn) if pruned else {}
        for claim in claims:
            start = time.perf_counter()
            hits = keyword_hits(conn, claim["claim"], K, shares)
            times.append(time.perf_counter() - start)
            docs = {owners[int(cid.split("-")[1]) - 1] for cid, _ in hits}
            gold = {str(e) for e in claim["evidence_ids"]}
            recalls.append(len(docs & gold) / len(gold))
    return [
        f"{median(times) * 1000:.1f}",
        f"{percentile(times, 95) * 1000:.1f}",
        f"{sum(recalls) / len(recalls):.3f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", default="1,8")
    parser.add_argument("--claims", type=int, default=150)
    args = parser.parse_args()
    scifact = require_scifact()
    title, _ = header("Server store keyword search (PostgreSQL full-text) on SciFact")
    texts, owners = pieces(scifact)
    claims = [c for c in read_jsonl(scifact / "claims_dev.jsonl") if c["evidence_ids"]]
    claims = claims[: args.claims]
    rows = []
    try:
        with running_postgres() as postgres:
            for copies in (int(c) for c in args.copies.split(",")):
                db = Database(postgres.new_database(), "library", "ingest.migrations")
                with db.transaction() as conn:
                    conn.execute(
                        "INSERT INTO sources(id, location, retrieved_at, sha256, tier, text) "
                        "VALUES ('scifact', 'dataset://scifact', '', '', 'primary', '')"
                    )
                    for copy in range(copies):
                        conn.execute(
                            'INSERT INTO chunks(id, source_id, idx, start, "end", tsv) '
                            "SELECT %(copy)s || '-' || n, 'scifact', n, 0, 0, "
                            "to_tsvector('english', piece) "
                            "FROM unnest(%(texts)s::text[]) WITH ORDINALITY AS u(piece, n)",
                            {"copy": str(copy), "texts": texts},
                        )
                with db.connection() as conn:
                    conn.execute("ANALYZE chunks")
                for pruned in (False, True):
                    label = "common words left out" if pruned else "all words"
                    rows.append(
                        [f"{len(texts) * copies:,}", label, *measure(db, claims, owners, pruned)]
                    )
                    print(rows[-1], flush=True)
                db.close()
    except ServerMissing as exc:
        sys.exit(str(exc))
    table = markdown_table(["chunks", "query words", "median ms", "p95 ms", f"recall@{K}"], rows)
    body = f"""{title}
{len(claims)} SciFact dev claims with evidence; one keyword search (top {K}) each, in
PostgreSQL's own full-text search as the server store runs it (English `tsvector` per chunk, GIN
index, `ts_rank_cd`). "Common words left out": words found in more than {COMMON_SHARE:.0%} of
the chunks (PostgreSQL's column statistics) are not searched for, the 3 rarest kept. Recall@{K}:
the share of a claim's evidence documents among the documents of the chunks found (with copies of
the corpus, the 24 chunks hold fewer distinct documents, so recall is lower by construction).

{table}
"""
    print(body)
    write_section("server-keyword", body)


if __name__ == "__main__":
    main()
