"""Fetching web pages: http(s) only, public addresses only (unless allowed), bounded in size,
time and redirects, content type checked. Every refusal is a FetchError with a one-line reason.

Guards, each where it cannot be bypassed:
- The address check runs inside the connection itself (a custom network backend): the host is
  resolved once, every address it resolves to is checked, and the socket connects to exactly an
  address that was checked. A redirect to another host opens a new connection and is checked the
  same way, and a DNS answer that changes between check and connect (DNS rebinding) cannot slip
  through, because there is no second lookup.
- One deadline covers the whole fetch, redirects included: every socket read gets at most the
  time that is left, so a server that drips one byte a second still hits the time-out.
- The body is read raw and inflated here, at most `max_bytes` at a time, so a gzip bomb stops at
  the cap instead of being inflated in memory.
- A busy server (429, 502-504) or a connection refused or dropped is asked again, twice at
  most, with tenacity, inside the same deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

import httpcore
import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from ingest.errors import FetchError
from ingest.extract import bom_charset, looks_binary
from ingest.urls import FetchLimits, check_url

ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
    "application/pdf",
)
UNTYPED = ("", "application/octet-stream", "binary/octet-stream", "application/unknown")
USER_AGENT = "claimcheck/0.1 (+fact-checking assistant)"
READ_SIZE = 64 * 1024
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRIES = 2  # more requests after the first, for a busy server or a dropped connection
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--", b"<meta")


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for `host`, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL after redirects
    requested_url: str
    content: bytes
    content_type: str  # lower-case media type without parameters
    charset: str | None
    truncated: bool = False


def is_public(address: str) -> bool:
    """True for globally routable unicast addresses (IPv4-mapped IPv6 judged as IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip.teredo is not None:
            ip = ip.teredo[1]
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class _Refused(FetchError):
    """An address refusal raised while connecting; fetch_url adds the URL to its message."""


def allowed_addresses(host: str, port: int, limits: FetchLimits) -> list[str]:
    """Resolve `host` and return its addresses, refusing non-public ones unless allowed.

    One non-public address among several refuses the host: a name that resolves to both a public
    and a private address is a classic way to reach the inside.
    """
    host = host.strip("[]").lower()
    if _is_ip_literal(host):
        addresses = [host]
    else:
        try:
            addresses = list((limits.resolver or system_resolver)(host, port))
        except (OSError, UnicodeError) as exc:
            raise _Refused(f"cannot resolve host {host!r}") from exc
    if not addresses:
        raise _Refused(f"cannot resolve host {host!r}")
    if limits.allow_private or host in limits.private_hosts:
        return addresses
    for address in addresses:
        if not is_public(address):
            raise _Refused(
                f"refused, {host} resolves to a non-public address ({address}); "
                "use `claimcheck --allow-private ...` or CLAIMCHECK_ALLOW_PRIVATE=true to fetch "
                "from private networks"
            )
    return addresses


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation gets at most the time left before the deadline of
    the fetch under way (a kept-alive connection serves the next fetch with its own deadline)."""

    def __init__(self, inner: httpcore.NetworkStream, backend: _GuardedBackend) -> None:
        self._inner = inner
        self._backend = backend

    def _budget(self, timeout: float | None) -> float:
        left = self._backend.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the fetch ran out of time")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._budget(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._budget(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout=None):
        inner = self._inner.start_tls(ssl_context, server_hostname, self._budget(timeout))
        return _DeadlineStream(inner, self._backend)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to addresses that passed `allowed_addresses`, under one deadline."""

    def __init__(self, limits: FetchLimits) -> None:
        self._limits = limits
        self.deadline = time.monotonic() + limits.timeout  # set again by each fetch
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.NetworkStream:
        addresses = allowed_addresses(host, port, self._limits)
        error: Exception | None = None
        for address in addresses:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the fetch ran out of time")
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=left if timeout is None else min(timeout, left),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self)
        raise error or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(self, path: str, timeout=None, socket_options=None):
        raise _Refused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context(trust_env=False)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over the guarded backend (no proxies, no retries, HTTP/1.1).

    HTTPTransport keeps all its state in `_pool`; this sets that pool instead of building the
    default one, which would resolve and connect on its own.
    """

    def __init__(self, backend: _GuardedBackend) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(), max_connections=4, network_backend=backend
        )


class FetchSession:
    """An HTTP client with the guards above, reusable by the fetches of one thread (kept-alive
    connections); `fetch_url` makes its own when given none. Not shared between threads."""

    def __init__(self, limits: FetchLimits) -> None:
        self.limits = limits
        self.backend = _GuardedBackend(limits)
        self.client = httpx.Client(
            transport=_GuardedTransport(self.backend),
            follow_redirects=False,
            timeout=httpx.Timeout(limits.timeout),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": ", ".join(ACCEPTED_TYPES),
                "Accept-Encoding": "gzip, deflate",
            },
            trust_env=False,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> FetchSession:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip("\"' ").lower() or None
    return media.strip().lower(), charset


_BINARY_MAGIC = (
    b"\x89png",
    b"gif8",
    b"\xff\xd8\xff",
    b"pk\x03\x04",
    b"\x1f\x8b",
    b"bzh",
    b"\x7felf",
    b"\xfd7zxz\x00",
    b"7z\xbc\xaf",
    b"rar!",
    b"\x28\xb5\x2f\xfd",
    b"riff",
    b"oggs",
    b"id3",
    b"wof",
    b"\x00asm",
    b"\x00\x00\x01\x00",
)


def sniff_type(content: bytes) -> str | None:
    """The media type the first bytes reveal, when they do."""
    bom = bom_charset(content)
    if bom:  # UTF-16/32 text has NUL bytes; judge the decoded start instead
        head = content[:2048].decode(bom, errors="ignore").lstrip("\ufeff \t\r\n").lower()
        if head.encode("utf-8", "ignore").startswith(HTML_STARTS):
            return "text/html"
        return None
    head = content[:1024].lstrip().lower()
    if b"%pdf-" in head:
        return "application/pdf"
    if head.startswith(HTML_STARTS):
        return "text/html"
    if content[:8].lower().startswith(_BINARY_MAGIC) or looks_binary(content):
        return "application/octet-stream"
    return None


class _Inflater:
    """Content-Encoding gzip or deflate, inflated at most `room` bytes at a time."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._raw_deflate_tried = False
        self._obj = self._new()

    def _new(self):
        if self.encoding == "deflate":
            return zlib.decompressobj()
        return zlib.decompressobj(zlib.MAX_WBITS | 16)

    def inflate(self, data: bytes, room: int) -> tuple[bytes, bool]:
        """Up to `room` + 1 bytes of output; True as second value when output was left over."""
        out = bytearray()
        while data and len(out) <= room:
            try:
                out += self._obj.decompress(data, room + 1 - len(out))
            except zlib.error:
                if self.encoding == "deflate" and not self._raw_deflate_tried and not out:
                    self._raw_deflate_tried = True  # some servers send raw deflate
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                rest, data = self._obj.unused_data, b""
                if self.encoding == "gzip" and rest.startswith(b"\x1f\x8b"):
                    data = rest  # concatenated gzip members
                    self._obj = self._new()
                # anything else after the end of the stream (padding) is ignored
        return bytes(out), bool(data) or len(out) > room


def _encoding_of(url: str, header: str) -> str | None:
    layers = [part.strip().lower() for part in header.split(",") if part.strip()]
    layers = [layer for layer in layers if layer != "identity"]
    if not layers:
        return None
    if len(layers) > 1:
        raise FetchError(f"{url}: refused, stacked content encodings ({header})")
    if layers[0] in ("gzip", "x-gzip"):
        return "gzip"
    if layers[0] == "deflate":
        return "deflate"
    raise FetchError(f"{url}: unsupported content encoding {layers[0]!r}")


class _Transient(Exception):
    """An answer worth asking again for (429, 502, 503, 504)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


def _retrying(backend: _GuardedBackend) -> Retrying:
    """tenacity's retries of one request: a server that is busy (429, 502-504), a connection
    refused or dropped before the answer; waits of 0.5 s then 1 s, and never past the fetch's
    deadline. Refusals (addresses, types, sizes) are never retried."""

    def past_deadline(state: RetryCallState) -> bool:
        return time.monotonic() + state.upcoming_sleep >= backend.deadline

    return Retrying(
        retry=retry_if_exception_type((_Transient, httpx.ConnectError, httpx.RemoteProtocolError)),
        stop=stop_after_attempt(RETRIES + 1) | past_deadline,
        wait=wait_exponential(multiplier=0.5, max=4),
        reraise=True,
    )


def fetch_url(url: str, limits: FetchLimits, session: FetchSession | None = None) -> Fetched:
    """GET `url` following at most `limits.max_redirects` redirects, each hop checked, all of it
    within `limits.timeout` seconds; a busy server or a dropped connection is asked again."""
    if session is None or session.limits != limits:
        with FetchSession(limits) as own:
            return fetch_url(url, limits, own)
    session.backend.deadline = time.monotonic() + limits.timeout
    current = url
    for _ in range(limits.max_redirects + 1):
        check_url(current)
        try:
            got = _retrying(session.backend)(_get, url, current, session, limits)
        except _Transient as exc:
            raise FetchError(f"{url}: HTTP {exc.status}") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out after {limits.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
        except zlib.error as exc:
            raise FetchError(f"{url}: corrupt compressed content ({exc})") from exc
        except _Refused as exc:
            hop = "" if current == url else f" (redirected to {current})"
            raise FetchError(f"{url}{hop}: {exc}") from exc
        if isinstance(got, Fetched):
            return got
        current = got
    raise FetchError(f"{url}: more than {limits.max_redirects} redirects")


def _get(url: str, current: str, session: FetchSession, limits: FetchLimits) -> Fetched | str:
    """One request: the page, or the URL a redirect points to."""
    with session.client.stream("GET", current) as response:
        if response.is_redirect:
            location = response.headers.get("location", "").strip()
            if not location:
                raise FetchError(f"{url}: redirect without a location")
            return urljoin(current, location)
        if response.status_code in RETRY_STATUSES:
            raise _Transient(response.status_code)
        if not 200 <= response.status_code < 300:
            raise FetchError(f"{url}: HTTP {response.status_code}")
        return _read_body(url, current, response, limits)


def _read_body(url: str, final: str, response: httpx.Response, limits: FetchLimits) -> Fetched:
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{url}: too large ({int(declared):,} bytes > {limits.max_bytes:,})")
    media, charset = _media_type(response.headers.get("content-type", ""))
    if media not in ACCEPTED_TYPES and media not in UNTYPED:
        raise FetchError(f"{url}: not HTML, text or PDF ({media})")
    encoding = _encoding_of(url, response.headers.get("content-encoding", ""))
    inflater = _Inflater(encoding) if encoding else None
    body = bytearray()
    truncated = False
    for raw in response.iter_raw(READ_SIZE):
        room = limits.max_bytes - len(body)
        if inflater is None:
            body += raw[: room + 1]
            over = len(raw) > room
        else:
            piece, over = inflater.inflate(raw, room)
            body += piece
        if over or len(body) > limits.max_bytes:
            truncated = True
            del body[limits.max_bytes :]
            break
    content = bytes(body)
    sniffed = sniff_type(content)
    if media in UNTYPED:
        media = sniffed or "text/plain"
    if media not in ACCEPTED_TYPES:
        raise FetchError(f"{url}: not HTML, text or PDF ({media or 'no content type'})")
    if sniffed == "application/octet-stream" and media != "application/pdf":
        raise FetchError(f"{url}: binary content served as {media}")
    if media == "application/pdf" and sniffed != "application/pdf":
        raise FetchError(f"{url}: served as a PDF but is not one")
    if truncated and media == "application/pdf":
        raise FetchError(f"{url}: too large (more than {limits.max_bytes:,} bytes)")
    if not content:
        raise FetchError(f"{url}: empty response")
    return Fetched(
        url=final,
        requested_url=url,
        content=content,
        content_type=media,
        charset=charset,
        truncated=truncated,
    )
