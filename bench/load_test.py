"""Load test of the HTTP API: 2 `claimcheck serve` processes over the server store (PostgreSQL +
a Chroma server) against 1 `serve` over the embedded store, all on 127.0.0.1.

    .venv/bin/python bench/load_test.py [--clients 16] [--checks 3] [--reviews 3]

Both stores hold the same library (data/demo/sources and tests/fixtures/seed_library, ingested
with the default settings by `claimcheck ingest`). A real PostgreSQL (initdb + pg_ctl in a
temporary folder) and a real `chroma run` are started for the run and removed after it
(tests/servers.py). Then `--clients` concurrent clients each send `--checks` checks
(`POST /checks?wait=true`, the articles data/demo/article.md and ../shared/seeds/* in turn) and,
after each check, `--reviews` reviews of its claims (`POST .../review`, each with a note of its
own); with two servers a client checks through one and reviews through the other. Every client
sends the same fixed number of requests. Reported: throughput (requests and checks per second
of wall time), p50/p95 latency per kind of request, errors (an answer other than 200/201, or
none), and reviews lost: reviews acknowledged (201) whose note is not in the check's audit trail
(`GET /checks/{id}/audit`) at the end.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, header, markdown_table, percentile, write_section  # noqa: E402

from tests.servers import (  # noqa: E402
    RUN,
    ServerMissing,
    auth,
    running_chroma,
    running_postgres,
    serve,
    stop,
)

SEEDS = REPO.parent / "shared" / "seeds"
LIBRARY = [REPO / "data" / "demo" / "sources", REPO / "tests" / "fixtures" / "seed_library"]
VERDICTS = ("supported", "contradicted", "unverified")


def articles() -> list[str]:
    paths = [REPO / "data" / "demo" / "article.md"]
    if SEEDS.is_dir():
        paths += sorted(SEEDS.glob("*.*"))
    return [p.read_text(encoding="utf-8") for p in paths]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"check": [], "review": []})
    errors: list[str] = field(default_factory=list)
    reviews: dict[str, list[str]] = field(default_factory=dict)  # check id -> notes acknowledged
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, send) -> httpx.Response | None:  # noqa: ANN001
        start = time.perf_counter()
        try:
            answer = send()
        except httpx.HTTPError as exc:
            answer, error = None, f"{kind}: {type(exc).__name__}"
        else:
            error = "" if answer.status_code in (200, 201) else f"{kind}: {answer.status_code}"
        with self.lock:
            self.latencies[kind].append(time.perf_counter() - start)
            if error:
                self.errors.append(error)
        return answer if not error else None


def client(
    number: int, check_base: str, review_base: str, key: str, args, texts, results: Results
) -> None:  # noqa: ANN001
    with httpx.Client(timeout=600, headers=auth(key)) as http:
        for n in range(args.checks):
            text = texts[(number + n) % len(texts)]
            url = f"{check_base}/checks?wait=true"
            answer = results.timed("check", lambda u=url, t=text: http.post(u, json={"text": t}))
            if answer is None:
                for _ in range(args.reviews):  # the fixed number of requests: count them lost
                    with results.lock:
                        results.errors.append("review: no check to review")
                continue
            report = answer.json()
            claims = report["claims"]
            for r in range(args.reviews):
                claim = claims[r % len(claims)]
                note = f"client {number} check {n} review {r} {uuid.uuid4().hex[:8]}"
                body = {"verdict": VERDICTS[(number + r) % 3], "note": note, "reviewer": "bench"}
                url = f"{review_base}/checks/{report['check_id']}/claims/{claim['id']}/review"
                if results.timed("review", lambda u=url, b=body: http.post(u, json=b)):
                    with results.lock:
                        results.reviews.setdefault(report["check_id"], []).append(note)


def run_load(bases: list[str], key: str, args) -> dict:  # noqa: ANN001
    texts = articles()
    results = Results()
    threads = [
        threading.Thread(
            target=client,
            args=(i, bases[i % len(bases)], bases[(i + 1) % len(bases)], key, args, texts, results),
        )
        for i in range(args.clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    lost = 0
    for check_id, notes in results.reviews.items():
        trail = httpx.get(f"{bases[-1]}/checks/{check_id}/audit", timeout=60).json()
        lost += len(set(notes) - {entry["note"] for entry in trail})
    requests = sum(len(v) for v in results.latencies.values())
    return {
        "wall": wall,
        "requests": requests,
        "checks": len(results.latencies["check"]),
        "latencies": results.latencies,
        "errors": results.errors,
        "acknowledged": sum(len(v) for v in results.reviews.values()),
        "lost": lost,
    }


def ingest(store: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [*RUN, "--store", str(store), "ingest", *map(str, LIBRARY)],
        capture_output=True,
        timeout=900,
        env={**os.environ, **env},
    )
    if done.returncode != 0:
        sys.exit(f"ingest failed: {done.stderr.decode()[-2000:]}")


def make_key(store: Path, env: dict[str, str]) -> str:
    made = subprocess.run(
        [*RUN, "--store", str(store), "api-key", "create", "bench"],
        capture_output=True,
        timeout=60,
        env={**os.environ, **env},  # with a database URL, the key is kept in PostgreSQL
    )
    if made.returncode != 0:
        sys.exit(f"api-key failed: {made.stderr.decode()}")
    return made.stdout.decode().strip()


def measure(label: str, store: Path, env: dict[str, str], processes: int, args) -> dict:  # noqa: ANN001
    ingest(store, env)
    key = make_key(store, env)
    started = []
    try:
        for _ in range(processes):
            started.append(serve(store, env=env))
        bases = [base for _, base in started]
        # warm up: every process loads its models once before the clock starts
        for base in bases:
            warm = httpx.post(
                f"{base}/checks?wait=true",
                json={"text": "Kestrel models were downloaded 41 million times."},
                headers=auth(key),
                timeout=600,
            )
            warm.raise_for_status()
        print(f"{label}: {args.clients} clients...", flush=True)
        result = run_load(bases, key, args)
    finally:
        for process, _ in started:
            stop(process)
    result["label"] = label
    return result


def row(result: dict) -> list[object]:
    lat = result["latencies"]
    ms = lambda values, q: f"{percentile(values, q) * 1000:.0f}"  # noqa: E731
    return [
        result["label"],
        result["requests"],
        f"{result['wall']:.1f}",
        f"{result['requests'] / result['wall']:.2f}",
        f"{result['checks'] / result['wall']:.2f}",
        f"{ms(lat['check'], 50)} / {ms(lat['check'], 95)}",
        f"{ms(lat['review'], 50)} / {ms(lat['review'], 95)}",
        len(result["errors"]),
        f"{result['lost']} of {result['acknowledged']}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--checks", type=int, default=3, help="checks per client")
    parser.add_argument("--reviews", type=int, default=3, help="reviews after each check")
    args = parser.parse_args()
    title, _ = header("Load test: 2 API processes over PostgreSQL + Chroma vs 1 embedded")
    results = []
    with tempfile.TemporaryDirectory(prefix="claimcheck-load-") as tmp:
        results.append(measure("1 serve, embedded store", Path(tmp) / "embedded", {}, 1, args))
        try:
            with running_postgres() as postgres, running_chroma() as chroma:
                env = {
                    "CLAIMCHECK_DATABASE_URL": postgres.new_database(),
                    "CLAIMCHECK_CHROMA_URL": chroma,
                }
                label = "2 serve, PostgreSQL + Chroma server"
                results.append(measure(label, Path(tmp) / "server", env, 2, args))
        except ServerMissing as exc:
            sys.exit(str(exc))
    table = markdown_table(
        [
            "setup",
            "requests",
            "wall s",
            "requests/s",
            "checks/s",
            "check p50 / p95 ms",
            "review p50 / p95 ms",
            "errors",
            "reviews lost",
        ],
        [row(r) for r in results],
    )
    per_client = args.checks * (1 + args.reviews)
    body = f"""{title}
{args.clients} concurrent clients, each sending {args.checks} checks (`POST /checks?wait=true`,
the demo article and the seed articles in turn) and {args.reviews} reviews after each
({per_client} requests per client), on 127.0.0.1; with two API processes a client checks
through one and reviews through the other. The library: data/demo/sources and
tests/fixtures/seed_library, default settings (MiniLM embedder, lexical verifier). Every API
process loaded its models before the clock started. Reviews lost: acknowledged (201) but not in
the audit trail at the end. Checks are CPU-bound (the models run in each API process), so on one
machine more API processes than cores add no throughput; what this measures here is the cost of
the server store and that nothing is lost or refused under load. More throughput comes from API
processes on more hosts, over the same PostgreSQL and Chroma.

{table}
"""
    if any(r["errors"] for r in results):
        kinds = sorted({e for r in results for e in r["errors"]})
        body += f"\nErrors seen: {', '.join(kinds[:10])}.\n"
    print(body)
    write_section("load", body)


if __name__ == "__main__":
    main()
