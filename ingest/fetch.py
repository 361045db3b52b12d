"""Fetching web pages: http(s) only, public addresses only (unless allowed), bounded in size,
time and redirects, content type checked. Every refusal is a FetchError with a one-line reason.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ingest.errors import FetchError

ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
    "application/pdf",
)
USER_AGENT = "claimcheck/0.1 (+fact-checking assistant)"


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 10_000_000
    timeout: float = 20.0
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL after redirects
    requested_url: str
    content: bytes
    content_type: str  # lower-case media type without parameters
    charset: str | None
    truncated: bool = False


def check_url(url: str, allow_private: bool) -> None:
    """Refuse what is not http(s), and hosts that resolve to non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched (got {parts.scheme!r})")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname!r}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"{url}: refused, {parts.hostname} resolves to a non-public address ({address}); "
                "use --allow-private to fetch from private networks"
            )


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ").lower()
    return media.strip().lower(), charset


def sniff_type(content: bytes) -> str | None:
    """The media type the first bytes reveal, when they do."""
    head = content[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")):
        return "text/html"
    if b"\x00" in content[:1024]:
        return "application/octet-stream"
    return None


def fetch_url(url: str, limits: FetchLimits, client: httpx.Client | None = None) -> Fetched:
    """GET `url` following at most `limits.max_redirects` redirects, each hop checked."""
    own_client = client is None
    client = client or httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(limits.timeout),
        headers={"User-Agent": USER_AGENT, "Accept": ", ".join(ACCEPTED_TYPES)},
        trust_env=False,
    )
    try:
        current = url
        for _ in range(limits.max_redirects + 1):
            check_url(current, limits.allow_private)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{url}: redirect without a location")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {response.status_code}")
                    return _read_body(url, current, response, limits)
            except httpx.TimeoutException as exc:
                raise FetchError(f"{url}: timed out after {limits.timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
        raise FetchError(f"{url}: more than {limits.max_redirects} redirects")
    finally:
        if own_client:
            client.close()


def _read_body(url: str, final: str, response: httpx.Response, limits: FetchLimits) -> Fetched:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{url}: too large ({int(declared):,} bytes > {limits.max_bytes:,})")
    media, charset = _media_type(response.headers.get("content-type", ""))
    if media and media not in ACCEPTED_TYPES and "octet-stream" not in media:
        raise FetchError(f"{url}: not HTML, text or PDF ({media})")
    body = bytearray()
    truncated = False
    for piece in response.iter_bytes():  # decoded: a gzip bomb is cut at the cap
        body.extend(piece)
        if len(body) > limits.max_bytes:
            truncated = True
            del body[limits.max_bytes :]
            break
    content = bytes(body)
    sniffed = sniff_type(content)
    untyped = not media or media in ("application/octet-stream", "binary/octet-stream")
    if untyped and sniffed != "application/octet-stream":
        media = sniffed or "text/plain"
    if media not in ACCEPTED_TYPES:
        raise FetchError(f"{url}: not HTML, text or PDF ({media or 'no content type'})")
    if sniffed == "application/octet-stream" and media != "application/pdf":
        raise FetchError(f"{url}: binary content served as {media}")
    if truncated and media == "application/pdf":
        raise FetchError(f"{url}: too large (more than {limits.max_bytes:,} bytes)")
    return Fetched(
        url=final,
        requested_url=url,
        content=content,
        content_type=media,
        charset=charset,
        truncated=truncated,
    )
