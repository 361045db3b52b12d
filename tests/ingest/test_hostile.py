"""Hostile and broken web pages against the real fetch and extract layers, served by a real HTTP
server on 127.0.0.1: refused schemes and addresses (also after redirects and DNS tricks), slow
drips, gzip bombs, huge pages, binary served as HTML, wrong charsets, script-only pages..."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
import tracemalloc
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from pytest_socket import SocketConnectBlockedError

from ingest.embeddings import HashingEmbedder
from ingest.errors import ExtractionError, FetchError
from ingest.extract import decode, extract_bytes, extract_file, looks_binary
from ingest.fetch import FetchLimits, allowed_addresses, fetch_url, is_public
from ingest.library import Library
from ingest.models import OutcomeStatus
from ingest.pipeline import ingest_sources
from tests.http_site import serving

LOCAL = FetchLimits(allow_private=True, timeout=3.0, max_bytes=1_000_000)
ARTICLE = (
    "<html><head><title>Council budget</title></head><body><article>"
    + "".join(
        f"<p>Paragraph {i}: the city council approved a budget of {i} million euros for "
        f"the river bridge, officials said on Tuesday after a long debate.</p>"
        for i in range(12)
    )
    + "</article></body></html>"
)

Handler = Callable[[BaseHTTPRequestHandler], None]


class HostileSite:
    """Routes are functions that write whatever they like on the socket."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.base = ""

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.base + path


def respond(
    status: int = 200,
    body: bytes = b"",
    content_type: str | None = "text/html; charset=utf-8",
    headers: tuple[tuple[str, str], ...] = (),
    length: bool = True,
) -> Handler:
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        if content_type is not None:
            h.send_header("Content-Type", content_type)
        for name, value in headers:
            h.send_header(name, value)
        if length:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handler


def stream(
    pieces: Callable[[], Iterator[bytes]],
    content_type: str = "text/html; charset=utf-8",
    headers: tuple[tuple[str, str], ...] = (),
    pause: float = 0.0,
) -> Handler:
    """No Content-Length: the body ends when the server closes the connection."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        for name, value in headers:
            h.send_header(name, value)
        h.send_header("Connection", "close")
        h.end_headers()
        for piece in pieces():
            h.wfile.write(piece)
            h.wfile.flush()
            if pause:
                time.sleep(pause)

    return handler


@pytest.fixture
def hostile() -> Iterator[HostileSite]:
    site = HostileSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            site.hits[self.path] += 1
            handler = site.routes.get(self.path)
            try:
                if handler is None:
                    self.send_error(404, "Not Found")
                else:
                    handler(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: that is the point of several tests

        def log_message(self, *args) -> None:
            pass

    with serving(Handler) as base:
        site.base = base
        yield site


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library.open(tmp_path / "store", HashingEmbedder())


def gzip_bomb(decoded_size: int, byte: bytes = b"\0") -> bytes:
    """`decoded_size` bytes of one byte, gzip-compressed (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = byte * (1 << 20)
    parts = [compressor.compress(block) for _ in range(decoded_size >> 20)]
    return b"".join(parts) + compressor.flush()


# -- schemes and addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/file.html",
        "data:text/html,<p>hello</p>",
        "javascript:alert(1)",
        "gopher://127.0.0.1:70/_GET",
        "//example.org/no-scheme",
        "http:///no-host",
    ],
)
def test_only_http_and_https_urls_are_fetched(url):
    with pytest.raises(FetchError) as refused:
        fetch_url(url, FetchLimits(allow_private=True))
    message = str(refused.value)
    assert "only http and https" in message or "no host" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",  # the cloud metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "224.0.0.1",
    ],
)
def test_non_public_addresses_are_refused_by_default(address):
    assert not is_public(address)
    with pytest.raises(FetchError, match="non-public address"):
        allowed_addresses("intranet.example", 80, FetchLimits(resolver=lambda h, p: [address]))
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(FetchError, match="non-public address.*--allow-private"):
        fetch_url(f"http://{host}:8080/admin", FetchLimits())


def test_public_addresses_pass_the_check():
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1:248:1893:25c8:1946")
    public = FetchLimits(resolver=lambda host, port: ["93.184.216.34"])
    assert allowed_addresses("news.example", 443, public) == ["93.184.216.34"]


def test_a_name_resolving_to_public_and_private_addresses_is_refused(hostile):
    url = hostile.route("/secret", respond(body=b"<p>internal</p>"))
    port = url.split(":")[2].split("/")[0]
    both = FetchLimits(resolver=lambda host, p: ["93.184.216.34", "127.0.0.1"], timeout=2)
    with pytest.raises(FetchError, match="non-public address"):
        fetch_url(f"http://mixed.example:{port}/secret", both)
    assert hostile.hits["/secret"] == 0


def test_local_server_is_refused_by_default_and_fetched_when_allowed(hostile):
    url = hostile.route("/page.html", respond(body=ARTICLE.encode()))
    with pytest.raises(FetchError, match="non-public address"):
        fetch_url(url, FetchLimits())
    assert hostile.hits["/page.html"] == 0
    fetched = fetch_url(url, FetchLimits(allow_private=True))
    assert fetched.content_type == "text/html" and b"river bridge" in fetched.content


def test_a_redirect_from_an_allowed_host_to_loopback_is_refused(hostile):
    port = hostile.base.rsplit(":", 1)[1]
    secret = hostile.route("/secret", respond(body=b"<p>the admin password</p>"))
    hostile.route("/hop", respond(302, headers=(("Location", secret),), content_type=None))
    hostile.route("/hop-v6", respond(302, headers=(("Location", "http://[::1]:1/"),)))
    hostile.route("/to-file", respond(301, headers=(("Location", "file:///etc/passwd"),)))
    # "news.example" is allowed (a trusted name, as an intranet wiki would be); the address it
    # redirects to is not, and is checked on its own
    trusted = FetchLimits(
        private_hosts=frozenset({"news.example"}),
        resolver=lambda host, p: ["127.0.0.1"] if host == "news.example" else [],
        timeout=3,
    )
    with pytest.raises(FetchError) as refused:
        fetch_url(f"http://news.example:{port}/hop", trusted)
    assert "redirected to" in str(refused.value) and "non-public address" in str(refused.value)
    assert hostile.hits["/hop"] == 1 and hostile.hits["/secret"] == 0
    with pytest.raises(FetchError, match=r"non-public address \(::1\)"):
        fetch_url(f"http://news.example:{port}/hop-v6", trusted)
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url(f"http://news.example:{port}/to-file", trusted)


def test_dns_rebinding_cannot_reach_the_address_it_rebinds_to(hostile):
    """A name that answers a public address to the check and 127.0.0.1 to the connection: the
    socket goes to the address that was checked (blocked in tests), never to 127.0.0.1."""
    port = hostile.base.rsplit(":", 1)[1]
    hostile.route("/secret", respond(body=b"<p>internal</p>"))
    answers: list[str] = []

    def rebinding(host: str, p: int) -> list[str]:
        answer = "93.184.216.34" if not answers else "127.0.0.1"
        answers.append(answer)
        return [answer]

    # the tests' network guard (pytest-socket) names the address the socket tried to reach
    with pytest.raises(SocketConnectBlockedError, match=r'host "93\.184\.216\.34"'):
        fetch_url(f"http://rebind.example:{port}/secret", FetchLimits(resolver=rebinding))
    assert answers == ["93.184.216.34"]  # resolved once, and connected to that answer
    assert hostile.hits["/secret"] == 0


def test_redirects_are_limited(hostile):
    for i in range(10):
        hostile.route(f"/r{i}", respond(302, headers=(("Location", f"/r{i + 1}"),)))
    hostile.route("/loop", respond(302, headers=(("Location", "/loop"),)))
    hostile.route("/nowhere", respond(302, content_type=None))
    limits = FetchLimits(allow_private=True, max_redirects=3, timeout=3)
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_url(hostile.base + "/r0", limits)
    assert hostile.hits["/r4"] == 0
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_url(hostile.base + "/loop", limits)
    with pytest.raises(FetchError):
        fetch_url(hostile.base + "/nowhere", limits)


def test_allow_private_on_the_command_line_and_in_the_environment(hostile, tmp_path):
    url = hostile.route("/page.html", respond(body=ARTICLE.encode()))
    command = [sys.executable, "-m", "checker.cli", "--store", str(tmp_path / "s")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    refused = subprocess.run(
        [*command, "ingest", url], capture_output=True, text=True, timeout=180, env=env
    )
    said = " ".join(refused.stdout.split())  # the console wraps long lines
    assert "failed 1" in said
    assert "non-public address (127.0.0.1); use `claimcheck --allow-private ...`" in said
    assert "Traceback" not in refused.stdout + refused.stderr
    allowed = subprocess.run(
        [*command, "--allow-private", "ingest", url],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert allowed.returncode == 0 and "added 1" in allowed.stdout
    by_setting = subprocess.run(
        [*command, "ingest", url],
        capture_output=True,
        text=True,
        timeout=180,
        env={**env, "CLAIMCHECK_ALLOW_PRIVATE": "true"},
    )
    assert by_setting.returncode == 0 and "unchanged 1" in by_setting.stdout


def test_a_busy_server_is_asked_again_within_the_deadline(hostile):
    """429/502/503/504 and a dropped connection are retried (tenacity), twice at most; other
    statuses and refusals are not."""
    answers = iter([respond(503), respond(429), respond(body=ARTICLE.encode())])
    busy = hostile.route("/busy.html", lambda h: next(answers)(h))
    assert fetch_url(busy, LOCAL).content == ARTICLE.encode()
    assert hostile.hits["/busy.html"] == 3
    down = hostile.route("/down.html", respond(502))
    with pytest.raises(FetchError, match="HTTP 502"):
        fetch_url(down, LOCAL)
    assert hostile.hits["/down.html"] == 3
    gone = hostile.route("/gone.html", respond(404))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(gone, LOCAL)
    assert hostile.hits["/gone.html"] == 1
    dropped = iter([lambda h: h.wfile.write(b""), respond(body=ARTICLE.encode())])
    flaky = hostile.route("/flaky.html", lambda h: next(dropped)(h))
    assert fetch_url(flaky, LOCAL).content == ARTICLE.encode()
    assert hostile.hits["/flaky.html"] == 2


def test_retries_never_outlast_the_deadline(hostile):
    down = hostile.route("/down.html", respond(503))
    began = time.monotonic()
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch_url(down, FetchLimits(allow_private=True, timeout=0.6))
    assert time.monotonic() - began < 0.6 + 0.3
    assert hostile.hits["/down.html"] == 2  # the wait of 1 s before a third would pass it


# -- time and size ------------------------------------------------------------------------------


def test_a_slow_drip_hits_the_total_time_out(hostile):
    """One byte every 0.2 s never trips a per-read time-out of 1 s; the whole fetch has 1 s."""
    page = ARTICLE.encode()[:150]
    dripping = hostile.route(
        "/drip.html", stream(lambda: (page[i : i + 1] for i in range(len(page))), pause=0.2)
    )

    def slow_headers(h: BaseHTTPRequestHandler) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: " + b"a" * 150:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.2)

    dripping_headers = hostile.route("/drip-headers", slow_headers)
    limits = FetchLimits(allow_private=True, timeout=1.0)
    for url in (dripping, dripping_headers):
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetch_url(url, limits)


def test_a_page_over_the_cap_is_refused_or_cut(hostile, library):
    def fifty_megabytes() -> Iterator[bytes]:
        yield b"<html><body><article>"
        for i in range(50 * 1024 * 1024 // 128):
            yield f"<p>Line {i:08d} of the enormous report says the council met.</p>\n".encode()

    declared = hostile.route(
        "/declared.html", respond(body=b"<p>" + b"x" * (50 * 1024 * 1024) + b"</p>")
    )
    streamed = hostile.route("/streamed.html", stream(fifty_megabytes))
    with pytest.raises(FetchError, match="too large"):
        fetch_url(declared, LOCAL)
    fetched = fetch_url(streamed, LOCAL)
    assert fetched.truncated and len(fetched.content) == LOCAL.max_bytes
    summary = ingest_sources(library, [streamed, declared], limits=LOCAL)
    added, failed = summary.outcomes
    assert added.status is OutcomeStatus.ADDED and failed.status is OutcomeStatus.FAILED
    assert added.note.startswith("truncated: only its first") and not failed.note
    text = library.get(added.source_id).text
    assert 0 < len(text) < LOCAL.max_bytes and "enormous report" in text
    assert "<p>" not in text


def test_a_gzip_bomb_stops_at_the_cap_without_inflating(hostile):
    bomb = gzip_bomb(256 * 1024 * 1024)  # 256 MB of zeros in about 260 kB
    html_bomb = gzip.compress(
        b"<html><body><article>"
        + b"<p>The council approved the river bridge budget on Tuesday evening.</p>" * 600_000
    )
    zeros = hostile.route("/bomb.html", respond(body=bomb, headers=(("Content-Encoding", "gzip"),)))
    text_bomb = hostile.route(
        "/html-bomb.html", respond(body=html_bomb, headers=(("Content-Encoding", "gzip"),))
    )
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="binary content"):
            fetch_url(zeros, LOCAL)
        fetched = fetch_url(text_bomb, LOCAL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert fetched.truncated and len(fetched.content) == LOCAL.max_bytes
    assert peak < 8 * LOCAL.max_bytes  # never the 256 MB or 43 MB the bombs inflate to


def test_content_encodings_claimcheck_does_not_read_are_refused(hostile):
    body = gzip.compress(gzip.compress(ARTICLE.encode()))
    stacked = hostile.route(
        "/twice.html", respond(body=body, headers=(("Content-Encoding", "gzip, gzip"),))
    )
    brotli = hostile.route("/br.html", respond(body=b"xx", headers=(("Content-Encoding", "br"),)))
    corrupt = hostile.route(
        "/corrupt.html", respond(body=b"not gzip", headers=(("Content-Encoding", "gzip"),))
    )
    deflated = hostile.route(
        "/deflate.html",
        respond(body=zlib.compress(ARTICLE.encode()), headers=(("Content-Encoding", "deflate"),)),
    )
    with pytest.raises(FetchError, match="stacked content encodings"):
        fetch_url(stacked, LOCAL)
    with pytest.raises(FetchError, match="unsupported content encoding 'br'"):
        fetch_url(brotli, LOCAL)
    with pytest.raises(FetchError, match="corrupt compressed content"):
        fetch_url(corrupt, LOCAL)
    assert fetch_url(deflated, LOCAL).content == ARTICLE.encode()


# -- content types ------------------------------------------------------------------------------


def test_declared_and_sniffed_content_types_are_checked(hostile):
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)
    cases = {
        "/random.html": (respond(body=os.urandom(20_000)), "binary content served as text/html"),
        "/png.html": (respond(body=png), "binary content served as text/html"),
        "/zip.txt": (
            respond(body=b"PK\x03\x04" + b"\x14" * 200, content_type="text/plain"),
            "binary content served as text/plain",
        ),
        "/fake.pdf": (
            respond(body=ARTICLE.encode(), content_type="application/pdf"),
            "served as a PDF but is not one",
        ),
        "/image": (respond(body=png, content_type="image/png"), "not HTML, text or PDF"),
        "/exe": (
            respond(body=b"\x7fELF" + os.urandom(500), content_type=None),
            "not HTML, text or PDF (application/octet-stream)",
        ),
        "/empty.html": (respond(body=b""), "empty response"),
        "/gone": (respond(410, body=b"gone"), "HTTP 410"),
    }
    for path, (handler, reason) in cases.items():
        url = hostile.route(path, handler)
        with pytest.raises(FetchError) as failed:
            fetch_url(url, LOCAL)
        assert reason in str(failed.value), path
    untyped = hostile.route("/untyped", respond(body=ARTICLE.encode(), content_type=None))
    octet = hostile.route(
        "/octet", respond(body=ARTICLE.encode(), content_type="application/octet-stream")
    )
    assert fetch_url(untyped, LOCAL).content_type == "text/html"
    assert fetch_url(octet, LOCAL).content_type == "text/html"


# -- charsets -----------------------------------------------------------------------------------

FRENCH = "Le café coûte 3 € de plus : selon l’étude, la hausse atteint 4 % en 2024. Über Straße."
JAPANESE = "東京都は2024年に人口が1400万人を超えたと発表した。経済成長率は前年比で2.1%増加した。"
RUSSIAN = "По данным министерства, рост экономики составил 4 процента в 2024 году."


def page(text: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{text} ({i})</p>" for i in range(6))
    body = f"<body><article>{paragraphs}</article></body>"
    return f"<html><head>{head}<title>t</title></head>{body}</html>"


@pytest.mark.parametrize(
    ("name", "body", "content_type", "expected"),
    [
        ("1252-declared-utf8", page(FRENCH).encode("cp1252"), "text/html; charset=utf-8", FRENCH),
        ("1252-no-charset", page(FRENCH).encode("cp1252"), "text/html", FRENCH),
        ("shift-jis-no-header", page(JAPANESE).encode("shift_jis"), "text/html", JAPANESE),
        (
            "shift-jis-meta",
            page(JAPANESE, '<meta charset="shift_jis">').encode("shift_jis"),
            "text/html",
            JAPANESE,
        ),
        (
            "utf16-bom-declared-utf8",
            page(FRENCH).encode("utf-16"),
            "text/html; charset=utf-8",
            FRENCH,
        ),
        ("utf16-bom-untyped", page(JAPANESE).encode("utf-16"), None, JAPANESE),
        (
            "1251-meta-only",
            page(
                RUSSIAN,
                '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
            ).encode("cp1251"),
            "text/html",
            RUSSIAN,
        ),
        ("bogus-charset", page(FRENCH).encode("utf-8"), "text/html; charset=x-no-such", FRENCH),
        ("utf8-bom", b"\xef\xbb\xbf" + page(FRENCH).encode("utf-8"), "text/html", FRENCH),
    ],
)
def test_wrong_or_missing_charsets_still_give_the_right_text(
    hostile, name, body, content_type, expected
):
    url = hostile.route(f"/{name}.html", respond(body=body, content_type=content_type))
    fetched = fetch_url(url, LOCAL)
    document = extract_bytes(url, fetched.content, fetched.content_type, fetched.charset)
    assert expected in document.text
    assert "\ufffd" not in document.text and "\x00" not in document.text


def test_decoding_never_fails():
    assert decode(os.urandom(5000).replace(b"\x00", b"")) is not None
    assert decode(b"caf\xe9", "utf-8") == "café"  # Latin-1 bytes labelled UTF-8
    assert decode("naïve".encode(), "no-such-codec") == "naïve"
    assert decode("x".encode("utf-16-le"), "utf-16") in ("x", "\ufffd")


# -- hostile markup -----------------------------------------------------------------------------


def test_hostile_markup_gives_a_recorded_failure_or_clean_text():
    para = "<p>The committee reported that the budget grew by four percent in 2024.</p>"
    cases = {
        "all-scripts": "<html><head>"
        + "<script>var a = '<p>not text</p>';</script>" * 3000
        + "</head><body>"
        + "<script>document.write('<p>hidden</p>')</script>" * 500
        + "<style>p{color:red}</style></body></html>",
        "malformed": "<html><body><p>Unclosed <b>bold <i>italic "
        + para * 10
        + "<td><tr></table></div></span></i></b></html></html><<>>&&&#xZZ;",
        "deep-nesting": "<html><body>" + "<div>" * 100_000 + para * 5 + "</body></html>",
        "deep-inline": "<html><body>" + "<b><i><span>" * 30_000 + para * 5,
        "huge-line": "<html><body><article><p>"
        + "word " * 400_000
        + "</p></article></body></html>",
        "minified": "<html><body><article>" + para * 200 + "</article></body></html>",
        "comment-flood": "<html><body><!--" + "-" * 500_000 + para,
        "entity-flood": "<html><body><p>" + "&amp;" * 200_000 + "</p>" + para * 3,
        "nul-bytes": "<html><body><article>" + para.replace("budget", "bud\x00get") * 5,
        "only-tags": "<html><body>" + "<div></div>" * 50_000 + "</body></html>",
    }
    for name, html in cases.items():
        try:
            document = extract_bytes(f"https://example.org/{name}", html.encode(), "text/html")
        except ExtractionError as exc:
            assert "\n" not in str(exc) and name in str(exc)
            continue
        text = document.text
        assert text.strip(), name
        assert "<script" not in text and "document.write" not in text, name
        assert "\x00" not in text and "<p>" not in text, name


def test_a_page_cut_for_its_size_says_so(tmp_path, library):
    para = "<p>The committee reported that the budget grew by four percent in 2024.</p>"
    long_page = tmp_path / "long.html"
    long_page.write_text("<html><body><article>" + para * 60_000 + "</article></body></html>")
    short_page = tmp_path / "short.html"
    short_page.write_text("<html><body><article>" + para * 20 + "</article></body></html>")
    cut, whole = ingest_sources(library, [str(long_page), str(short_page)]).outcomes
    assert cut.status is OutcomeStatus.ADDED and whole.status is OutcomeStatus.ADDED
    assert cut.note == "truncated: only its first 100,000 HTML tags were read"
    assert whole.note == ""
    assert "budget grew by four percent" in library.get(cut.source_id).text


def test_binary_files_are_refused_not_stored_as_text(tmp_path):
    fake_text = tmp_path / "notes.txt"
    fake_text.write_bytes(os.urandom(4000))
    fake_html = tmp_path / "page.html"
    fake_html.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(FRENCH.encode("utf-16"))
    for path in (fake_text, fake_html):
        with pytest.raises(ExtractionError, match="binary content"):
            extract_file(path, 1_000_000)
    assert extract_file(utf16, 1_000_000).text == FRENCH
    assert looks_binary(os.urandom(4000)) and not looks_binary(FRENCH.encode("utf-16"))


def test_a_batch_of_hostile_pages_goes_on_and_stores_only_clean_text(hostile, library):
    good = hostile.route("/good.html", respond(body=ARTICLE.encode()))
    routes = {
        "/bomb.html": respond(body=gzip_bomb(64 << 20), headers=(("Content-Encoding", "gzip"),)),
        "/binary.html": respond(body=os.urandom(10_000)),
        "/scripts.html": respond(body=b"<html><head>" + b"<script>x()</script>" * 1000),
        "/deep.html": respond(body=b"<html><body>" + b"<div>" * 50_000 + b"<p>deep</p>"),
        "/latin.html": respond(body=page(FRENCH).encode("cp1252")),
        "/utf16.html": respond(body=page(JAPANESE).encode("utf-16"), content_type="text/html"),
        "/big.html": respond(body=b"<p>" * 600_000),
        "/redirect": respond(302, headers=(("Location", "http://10.0.0.1/admin"),)),
        "/missing.html": respond(404),
        "/mislabelled.pdf": respond(body=b"%PDF-1.4 junk", content_type="application/pdf"),
    }
    urls = [hostile.route(path, handler) for path, handler in routes.items()]
    urls += ["file:///etc/shadow", "http://169.254.169.254/latest/meta-data/", good]
    limits = FetchLimits(
        allow_private=False,
        private_hosts=frozenset({"127.0.0.1"}),
        timeout=5,
        max_bytes=1_000_000,
    )
    summary = ingest_sources(library, urls, limits=limits, workers=4)
    assert len(summary.outcomes) == len(urls)
    by_url = {o.location: o for o in summary.outcomes}
    added = {u for u, o in by_url.items() if o.status is OutcomeStatus.ADDED}
    assert added == {good, hostile.base + "/latin.html", hostile.base + "/utf16.html"}
    for outcome in summary.failures:
        assert outcome.reason and "\n" not in outcome.reason and "Traceback" not in outcome.reason
    assert "non-public address" in by_url[hostile.base + "/redirect"].reason
    assert "non-public address" in by_url["http://169.254.169.254/latest/meta-data/"].reason
    for source in library.sources():
        text = library.get(source.id).text
        assert "\x00" not in text and "<script" not in text and "\ufffd" not in text
    assert FRENCH in library.get(hostile.base + "/latin.html").text
    assert library.chunk_count() == library._collection.count()
