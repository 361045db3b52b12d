"""Reliability figures: hostile pages, kill -9 during ingest, concurrent clients, offline runs.

    .venv/bin/python bench/reliability.py [--quick] [--out /tmp/reliability_bench.md]

- hostile: a catalogue of refused URLs and hostile or broken pages (gzip bomb of 1 GB, 50 MB
  pages, slow drips, binary served as HTML, wrong charsets, script-only pages, deep nesting...)
  served by a real HTTP server in its own process on 127.0.0.1. Each page is loaded alone
  (time, peak of Python allocations) and then all of them go through one `ingest_sources`
  batch with the default limits (peak resident memory of the process).
- crash: `claimcheck ingest FOLDER` of N small files killed with SIGKILL at several random
  points, the store checked after each kill, then a re-run to completion.
- concurrency: ingest processes, reader processes (vector + keyword search in a loop, every
  hit checked against its source text) and a `claimcheck check` on one store folder at once.
- offline: the default ingest and check under `unshare -n` (no network at all), when root.

Results go to the --out file (Markdown), which the lead merges into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, header, markdown_table, peak_rss_mib, percentile  # noqa: E402

from tests.synthetic_sources import (  # noqa: E402
    WORDS,
    claimcheck,
    stored_sources,
    write_sources,
)

DEMO = REPO / "data" / "demo"
PYTHON = sys.executable

# -- the hostile server (its own process) --------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], None]


def _send(h: BaseHTTPRequestHandler, body: bytes, ctype: str | None, *extra, length=True):
    h.send_response(200)
    if ctype:
        h.send_header("Content-Type", ctype)
    for name, value in extra:
        h.send_header(name, value)
    if length:
        h.send_header("Content-Length", str(len(body)))
    else:
        h.send_header("Connection", "close")
    h.end_headers()
    h.wfile.write(body)


def _page(text: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{text} ({i})</p>" for i in range(6))
    return f"<html><head>{head}<title>t</title></head><body><article>{paragraphs}</article></body>"


FRENCH = "Le café coûte 3 € de plus : selon l’étude, la hausse atteint 4 % en 2024. Über Straße."
JAPANESE = "東京都は2024年に人口が1400万人を超えたと発表した。経済成長率は前年比で2.1%増加した。"
RUSSIAN = "По данным министерства, рост экономики составил 4 процента в 2024 году."
PARA = "<p>The committee reported that the budget grew by four percent in 2024, officials said.</p>"


def _bomb(size: int, block: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = block * ((1 << 20) // len(block))
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + compressor.flush()


def _routes(port: int) -> dict[str, Route]:
    zeros_bomb = _bomb(1 << 30, b"\0")
    html_bomb = _bomb(256 << 20, PARA.encode())

    def drip(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for byte in _page("slow").encode():
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(1.0)

    def drip_headers(h):
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 100:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(1.0)

    def fifty_streamed(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(b"<html><body><article>")
        for i in range(50 * 1024 * 1024 // 96):
            h.wfile.write(
                f"<p>Line {i:08d} of the enormous report: the council met.</p>\n".encode()
            )

    def fifty_declared(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        for _ in range(50):
            h.wfile.write(b" " * (1 << 20))

    def header_flood(h):
        h.send_response(200)
        for i in range(20_000):
            h.send_header(f"X-Flood-{i}", "x" * 50)
        h.end_headers()

    def length_lies(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<html><body><p>short</p>")

    def garbage_status(h):
        h.wfile.write(b"HELLO THERE\r\n\r\n<p>not http</p>")

    def redirect(location: str) -> Route:
        def handler(h):
            h.send_response(302)
            h.send_header("Location", location)
            h.send_header("Content-Length", "0")
            h.end_headers()

        return handler

    def status(code: int) -> Route:
        return lambda h: (
            h.send_response(code),
            h.send_header("Content-Length", "0"),
            h.end_headers(),
        )

    def body(data: bytes, ctype: str | None = "text/html; charset=utf-8", *extra) -> Route:
        return lambda h: _send(h, data, ctype, *extra)

    distinct = "".join(
        f"<p>Paragraph {i}: the {random.Random(i).choice(WORDS)} report counted {i} items.</p>"
        for i in range(10_000_000 // 72)
    )
    routes: dict[str, Route] = {
        "/good.html": body(
            _page("The council approved the river bridge budget on Tuesday.").encode()
        ),
        "/secret": body(b"<p>internal only</p>"),
        "/hop-to-loopback": redirect(f"http://127.0.0.1:{port}/secret"),
        "/hop-to-file": redirect("file:///etc/passwd"),
        "/hop-to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
        "/loop": redirect("/loop"),
        **{f"/chain{i}": redirect(f"/chain{i + 1}") for i in range(12)},
        "/drip.html": drip,
        "/drip-headers": drip_headers,
        "/bomb-zeros.html": body(zeros_bomb, "text/html", ("Content-Encoding", "gzip")),
        "/bomb-html.html": body(html_bomb, "text/html", ("Content-Encoding", "gzip")),
        "/fifty-declared.html": fifty_declared,
        "/fifty-streamed.html": fifty_streamed,
        "/random.html": body(os.urandom(200_000)),
        "/png.html": body(b"\x89PNG\r\n\x1a\n" + os.urandom(100_000)),
        "/elf": body(b"\x7fELF" + os.urandom(50_000), None),
        "/fake.pdf": body(_page("not a pdf").encode(), "application/pdf"),
        "/broken.pdf": body(
            b"%PDF-1.4\n1 0 obj <<>> garbage" + os.urandom(5000), "application/pdf"
        ),
        "/cp1252-as-utf8.html": body(_page(FRENCH).encode("cp1252")),
        "/sjis-no-header.html": body(_page(JAPANESE).encode("shift_jis"), "text/html"),
        "/utf16-bom.html": body(_page(FRENCH).encode("utf-16")),
        "/meta-1251.html": body(
            _page(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251"), "text/html"
        ),
        "/bogus-charset.html": body(_page(FRENCH).encode(), "text/html; charset=x-bogus"),
        "/all-scripts.html": body(
            ("<html><head>" + "<script>var a='<p>x</p>';</script>" * 20_000 + "</head>").encode()
        ),
        "/deep-nesting.html": body(("<html><body>" + "<div>" * 200_000 + PARA * 5).encode()),
        "/huge-line.html": body(("<html><body><p>" + "word " * 1_600_000 + "</p>").encode()),
        "/malformed.html": body(
            (
                "<html><body><p>Unclosed <b>bold <i>it " + PARA * 50 + "<td><tr></table></div>"
                "</html></html><<>>&&&#xZZ;"
            ).encode()
        ),
        "/comment-flood.html": body(("<html><body><!--" + "-" * 5_000_000 + PARA).encode()),
        "/entity-flood.html": body(("<p>" + "&amp;" * 1_000_000 + "</p>" + PARA * 3).encode()),
        "/same-paragraph-10mb.html": body(("<html><body><article>" + PARA * 100_000).encode()),
        "/distinct-10mb.html": body(("<html><body><article>" + distinct).encode()[:9_990_000]),
        "/nul-bytes.html": body(
            ("<html><body><article>" + PARA.replace("budget", "bud\0get") * 9).encode()
        ),
        "/gzip-twice.html": body(
            gzip.compress(gzip.compress(_page("x").encode())),
            "text/html",
            ("Content-Encoding", "gzip, gzip"),
        ),
        "/brotli.html": body(b"\x1b\x00", "text/html", ("Content-Encoding", "br")),
        "/corrupt-gzip.html": body(b"not gzip at all", "text/html", ("Content-Encoding", "gzip")),
        "/http-500": status(500),
        "/empty.html": body(b""),
        "/header-flood": header_flood,
        "/length-lies.html": length_lies,
        "/garbage-status": garbage_status,
        "/image.png": body(b"\x89PNG\r\n\x1a\n" + os.urandom(1000), "image/png"),
    }
    return routes


def _serve(port_queue) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    routes = _routes(port)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            route = routes.get(self.path)
            try:
                if route is None:
                    self.send_error(404)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args) -> None:
            pass

    server.RequestHandlerClass = Handler
    server.daemon_threads = True
    port_queue.put(port)
    server.serve_forever()


# -- hostile ------------------------------------------------------------------------------------


def _loopback_only() -> None:
    """Refuse connections to anything but loopback in this process (as the tests do): the
    DNS-rebinding case connects to the public address it checked, which must go nowhere."""
    import ipaddress
    import socket

    real = socket.socket.connect

    def guarded(self, address):
        if isinstance(address, tuple) and not ipaddress.ip_address(address[0]).is_loopback:
            raise OSError(f"network blocked in the bench: {address[0]}")
        return real(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]


def hostile_section(quick: bool) -> str:
    from ingest.embeddings import HashingEmbedder
    from ingest.errors import ClaimcheckError
    from ingest.fetch import FetchLimits
    from ingest.library import Library
    from ingest.models import OutcomeStatus
    from ingest.pipeline import ingest_sources, load_document

    _loopback_only()
    queue = multiprocessing.get_context("fork").Queue()
    server = multiprocessing.get_context("fork").Process(target=_serve, args=(queue,), daemon=True)
    server.start()
    port = queue.get(timeout=300)
    base = f"http://127.0.0.1:{port}"
    local = FetchLimits(private_hosts=frozenset({"127.0.0.1"}))  # the defaults otherwise
    trusted = FetchLimits(private_hosts=frozenset({"localhost"}))
    rebinding_answers: list[str] = []

    def rebinding(host: str, p: int) -> list[str]:
        rebinding_answers.append("x")
        return ["93.184.216.34" if len(rebinding_answers) == 1 else "127.0.0.1"]

    cases: list[tuple[str, str, FetchLimits]] = [
        ("file: URL", "file:///etc/passwd", local),
        ("ftp: URL", "ftp://example.org/x.html", local),
        ("data: URL", "data:text/html,<p>x</p>", local),
        ("cloud metadata address", "http://169.254.169.254/latest/meta-data/", local),
        ("private 10/8 address", "http://10.0.0.1/admin", local),
        ("IPv6 loopback", f"http://[::1]:{port}/secret", local),
        ("IPv4-mapped loopback", f"http://[::ffff:127.0.0.1]:{port}/secret", local),
        ("0.0.0.0", f"http://0.0.0.0:{port}/secret", local),
        ("loopback by default", f"{base}/secret", FetchLimits()),
        ("redirect trusted -> 127.0.0.1", f"http://localhost:{port}/hop-to-loopback", trusted),
        ("redirect -> file:", f"{base}/hop-to-file", local),
        ("redirect -> metadata", f"{base}/hop-to-metadata", local),
        ("redirect loop", f"{base}/loop", local),
        ("12-hop redirect chain", f"{base}/chain0", local),
        (
            "DNS rebinding",
            f"http://rebind.example:{port}/secret",
            FetchLimits(resolver=rebinding, timeout=3),
        ),
        (
            "slow drip body (1 B/s)",
            f"{base}/drip.html",
            FetchLimits(private_hosts=local.private_hosts, timeout=5),
        ),
        (
            "slow drip headers (1 B/s)",
            f"{base}/drip-headers",
            FetchLimits(private_hosts=local.private_hosts, timeout=5),
        ),
    ]
    for path in (
        "/bomb-zeros.html",
        "/bomb-html.html",
        "/fifty-declared.html",
        "/fifty-streamed.html",
        "/random.html",
        "/png.html",
        "/elf",
        "/fake.pdf",
        "/broken.pdf",
        "/cp1252-as-utf8.html",
        "/sjis-no-header.html",
        "/utf16-bom.html",
        "/meta-1251.html",
        "/bogus-charset.html",
        "/all-scripts.html",
        "/deep-nesting.html",
        "/huge-line.html",
        "/malformed.html",
        "/comment-flood.html",
        "/entity-flood.html",
        "/same-paragraph-10mb.html",
        "/distinct-10mb.html",
        "/nul-bytes.html",
        "/gzip-twice.html",
        "/brotli.html",
        "/corrupt-gzip.html",
        "/http-500",
        "/empty.html",
        "/header-flood",
        "/length-lies.html",
        "/garbage-status",
        "/image.png",
        "/good.html",
    ):
        cases.append((path.strip("/"), base + path, local))
    if quick:
        cases = [c for c in cases if "10mb" not in c[0] and "drip" not in c[0]]

    rows = []
    worst_time = worst_alloc = 0.0
    for name, url, limits in cases:
        outcome = ""
        for measure in ("time", "memory"):
            rebinding_answers.clear()
            if measure == "memory":
                tracemalloc.start()
            began = time.perf_counter()
            try:
                document = load_document(url, limits)
                outcome = f"text, {len(document.text):,} chars"
            except ClaimcheckError as exc:
                outcome = "failed: " + str(exc).split(": ", 1)[-1][:90]
            except Exception as exc:  # noqa: BLE001 - a bench records what a test would catch
                outcome = f"CRASH {type(exc).__name__}: {exc}"[:100]
            seconds = time.perf_counter() - began
            if measure == "memory":
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            else:
                took = seconds
        worst_time, worst_alloc = max(worst_time, took), max(worst_alloc, peak / 2**20)
        rows.append((name, outcome.replace("|", "/"), f"{took:.2f}", f"{peak / 2**20:.1f}"))
        print(f"{name:32} {took:6.2f}s {peak / 2**20:7.1f} MiB  {outcome}", flush=True)

    # all of them in one batch, as a user would: the batch goes on
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        library = Library.open(Path(tmp) / "store", HashingEmbedder())
        rss_before = peak_rss_mib()
        began = time.perf_counter()
        urls = [url for _, url, limits in cases if limits is local]
        summary = ingest_sources(library, urls, limits=local, workers=4)
        batch_seconds = time.perf_counter() - began
        added = summary.count(OutcomeStatus.ADDED)
        failed = summary.count(OutcomeStatus.FAILED)
        consistent = library.chunk_count() == library._collection.count()
        clean = all(
            "\x00" not in s.text and "<script" not in s.text
            for s in library.sources(with_text=True)
        )
        library.close()
    server.terminate()
    crashes = sum(1 for r in rows if r[1].startswith("CRASH"))
    lines = [
        f"- pages and URLs tried: **{len(cases)}** ({crashes} unhandled errors); each loaded "
        "alone, then the server-side ones in one batch",
        f"- slowest single page: {worst_time:.1f} s; largest peak of Python allocations while "
        f"loading one page: {worst_alloc:.0f} MiB (tracemalloc; limits: 10 MB cap, 20 s)",
        f"- batch of {len(urls)} through `ingest_sources` (4 workers): {added} added, {failed} "
        f"failed with a reason, {batch_seconds:.1f} s; library consistent: {consistent}; stored "
        f"texts clean: {clean}; peak RSS of the process {peak_rss_mib():.0f} MiB "
        f"(before the batch {rss_before:.0f} MiB)",
        "",
        markdown_table(["case", "outcome", "seconds", "peak alloc MiB"], rows),
    ]
    return "\n".join(lines)


# -- crash --------------------------------------------------------------------------------------


def stored(store: Path) -> int:
    """Sources stored so far; 0 while the store is being created by a process just killed."""
    try:
        return stored_sources(store, timeout=5)
    except sqlite3.Error:
        return 0


def check_store(store: Path) -> dict:
    """Every chunk has its vector; counts of orphans; the index finds a sample of chunks."""
    from ingest.embeddings import HashingEmbedder
    from ingest.library import Library

    library = Library.open(store, HashingEmbedder())
    try:
        chunks = list(library.all_chunks())
        ids = [c.id for c in chunks]
        got = set(library._collection.get(ids=ids, include=[])["ids"]) if ids else set()
        whole = all(
            s.chunk_count == sum(1 for c in chunks if c.source_id == s.id)
            for s in library.sources()
        )
        found = 0
        sample = random.Random(1).sample(chunks, min(50, len(chunks)))
        for chunk in sample:
            hits = library.vector_search(chunk.text, 1)
            found += bool(hits and hits[0].chunk.id == chunk.id)
        return {
            "sources": library.source_count(),
            "chunks": len(ids),
            "missing_vectors": len(set(ids) - got),
            "orphans": library._collection.count() - len(got),
            "whole": whole,
            "index_found": f"{found}/{len(sample)}",
        }
    finally:
        library.close()


def crash_section(quick: bool) -> str:
    count = 500 if quick else 2000
    kills = 3 if quick else 6
    rng = random.Random(42)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp:
        folder, store = Path(tmp) / "docs", Path(tmp) / "store"
        write_sources(folder, "crash", count)
        for n in range(1, kills + 1):
            # somewhere in what is left, so that every kill lands while sources are written
            now = stored(store)
            at_least = now + rng.randint(1, max(1, (count - now) // (kills - n + 2)))
            process = subprocess.Popen(
                claimcheck(store, "ingest", str(folder)),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # kill at a random moment after the threshold, not only at batch boundaries
            delay = rng.uniform(0, 0.3)
            while process.poll() is None and stored(store) < at_least:
                time.sleep(0.003)
            time.sleep(delay)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait()
            state = check_store(store)
            rows.append(
                (
                    f"kill {n} (after {at_least}+ stored, +{delay:.2f} s)",
                    process.returncode,
                    *state.values(),
                )
            )
            print(rows[-1], flush=True)
        began = time.perf_counter()
        rerun = subprocess.run(
            claimcheck(store, "ingest", str(folder)), capture_output=True, text=True
        )
        rerun_seconds = time.perf_counter() - began
        summary = [line for line in rerun.stdout.splitlines() if line.startswith("added ")]
        state = check_store(store)
        rows.append(("re-run to completion", rerun.returncode, *state.values()))
    lines = [
        f"- batch: **{count}** small text files (1 to 3 chunks each), `claimcheck ingest FOLDER` "
        f"killed with SIGKILL **{kills}** times at random points, then re-run",
        f"- re-run: {summary[-1] if summary else rerun.stderr[-200:]} in {rerun_seconds:.1f} s "
        "(the orphan vectors a kill leaves are removed by the re-run's reconcile)",
        "",
        markdown_table(
            [
                "step",
                "exit",
                "sources",
                "chunks",
                "chunks without vector",
                "orphan vectors",
                "every source whole",
                "index finds sample",
            ],
            rows,
        ),
    ]
    return "\n".join(lines)


# -- concurrency --------------------------------------------------------------------------------

READER = """
import json, sys, time
from pathlib import Path
from ingest.embeddings import HashingEmbedder
from ingest.library import Library
library = Library.open(Path(sys.argv[1]), HashingEmbedder())
until = time.monotonic() + float(sys.argv[2])
latencies, bad = [], 0
queries = ["river bridge budget", "council railway station", "hospital school report",
           "minister announced growth", "Kestrel model licence"]
i = 0
while time.monotonic() < until:
    began = time.perf_counter()
    q = queries[i % len(queries)]
    found = library.vector_search(q, 5) + library.keyword_search(q, 5)
    latencies.append(time.perf_counter() - began)
    for hit in found:
        source = library.get(hit.chunk.source_id)
        bad += source.text[hit.chunk.start:hit.chunk.end] != hit.chunk.text
    i += 1
print(json.dumps({"latencies": latencies, "bad": bad}))
"""


def _readers(store: Path, n: int, seconds: float) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [PYTHON, "-c", READER, str(store), str(seconds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]


def concurrency_section(quick: bool) -> str:
    ingesters, readers, per = (2, 2, 150) if quick else (3, 4, 400)
    with tempfile.TemporaryDirectory(prefix="bench-conc-") as tmp:
        store = Path(tmp) / "store"
        subprocess.run(
            claimcheck(store, "ingest", str(DEMO / "sources")), check=True, capture_output=True
        )
        shared = Path(tmp) / "shared"
        write_sources(shared, "shared", 30, seed=3)
        folders = []
        for k in range(ingesters):
            folder = Path(tmp) / f"in{k}"
            write_sources(folder, f"w{k}", per, seed=k)
            folders.append(folder)
        # baseline: readers alone
        alone = [json.loads(p.communicate()[0]) for p in _readers(store, readers, 5)]
        base = [x for r in alone for x in r["latencies"]]
        began = time.perf_counter()
        procs = [
            subprocess.Popen(
                claimcheck(store, "ingest", str(f), str(shared)),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for f in folders
        ]
        read_procs = _readers(store, readers, 20)
        check = subprocess.Popen(
            claimcheck(store, "check", str(DEMO / "article.md"), "--format", "json", "--no-save"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        outs = [p.communicate() for p in (*procs, check, *read_procs)]
        wall = time.perf_counter() - began
        codes = [p.returncode for p in (*procs, check, *read_procs)]
        waited = sum("waiting for another claimcheck process" in err for _, err in outs)
        added = sum(int(out.split("added ")[-1].split(",")[0]) for out, _ in outs[:ingesters])
        claims = len(json.loads(outs[ingesters][0])["claims"]) if codes[ingesters] == 0 else 0
        reads = [json.loads(out) for out, _ in outs[ingesters + 1 :] if out.strip()]
        during = [x for r in reads for x in r["latencies"]]
        bad = sum(r["bad"] for r in reads)
        state = check_store(store)
    clients = ingesters + readers + 1
    expected = ingesters * per + 30
    lines = [
        f"- **{clients} concurrent clients** on one store folder (embedded Chroma): {ingesters} "
        f"`claimcheck ingest` processes ({per} files each, plus the same 30 files in all of "
        f"them), {readers} reader processes (vector + keyword search in a loop, each hit "
        "checked against its source text) and one `claimcheck check` of the demo article",
        f"- all exited 0: {all(c == 0 for c in codes)} (exit codes {codes}); wall time "
        f"{wall:.1f} s; {waited} of them printed the waiting message",
        f"- sources added {added} (expected {expected}: the shared 30 once); the check found "
        f"{claims} claims; reader hits whose text did not match the source: {bad}",
        f"- reader latency (vector + keyword search) alone: p50 {percentile(base, 50) * 1000:.0f} "
        f"ms, p95 {percentile(base, 95) * 1000:.0f} ms; during the ingests: p50 "
        f"{percentile(during, 50) * 1000:.0f} ms, p95 {percentile(during, 95) * 1000:.0f} ms "
        f"({len(during)} queries)",
        f"- store afterwards: {state['sources']} sources, {state['chunks']} chunks, "
        f"{state['missing_vectors']} without vector, {state['orphans']} orphan vectors, "
        f"every source whole: {state['whole']}, index finds sample: {state['index_found']}",
    ]
    return "\n".join(lines)


# -- offline ------------------------------------------------------------------------------------


def offline_section() -> str:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return "- skipped: needs root and `unshare`"
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as tmp:
        store = Path(tmp) / "store"
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        ingest = subprocess.run(
            ["unshare", "-n", *claimcheck(store, "ingest", str(DEMO / "sources"))],
            capture_output=True,
            text=True,
            env=env,
        )
        check = subprocess.run(
            [
                "unshare",
                "-n",
                *claimcheck(
                    store, "check", str(DEMO / "article.md"), "--format", "json", "--no-save"
                ),
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        url = subprocess.run(
            ["unshare", "-n", *claimcheck(store, "ingest", "https://example.org/")],
            capture_output=True,
            text=True,
            env=env,
        )
    claims = len(json.loads(check.stdout)["claims"]) if check.returncode == 0 else 0
    said = " ".join(url.stdout.split())
    return "\n".join(
        [
            "- `unshare -n` (no network, not even loopback): `claimcheck ingest data/demo/sources` "
            f"exit {ingest.returncode}; `claimcheck check data/demo/article.md` exit "
            f"{check.returncode} ({claims} claims)",
            f"- a URL under `unshare -n` is a one-line failure: `{said[-160:]}`",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs")
    parser.add_argument("--out", type=Path, default=Path("/tmp/reliability_bench.md"))
    parser.add_argument(
        "--only", choices=["hostile", "crash", "concurrency", "offline"], action="append"
    )
    args = parser.parse_args()
    os.chdir(REPO)
    head, _ = header("Reliability: hostile pages, kill -9, concurrent clients, offline")
    parts = [head]
    chosen = args.only or ["hostile", "crash", "concurrency", "offline"]
    sections = {
        "hostile": ("### Hostile pages", lambda: hostile_section(args.quick)),
        "crash": ("### kill -9 during ingest", lambda: crash_section(args.quick)),
        "concurrency": ("### Concurrent clients", lambda: concurrency_section(args.quick)),
        "offline": ("### Offline", offline_section),
    }
    for name in chosen:
        title, run = sections[name]
        print(f"== {name}", flush=True)
        parts += [title, "", run(), ""]
    args.out.write_text("\n".join(parts))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
