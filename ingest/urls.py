"""URLs in one place, for ingest and checker alike: what counts as a URL, what as a web address
(http or https with a host), the check before a fetch, and the canonical form a source is
stored under (courlan's normalisation, without the fragment)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from ingest.errors import FetchError

WEB_SCHEMES = ("http", "https")
# schemes that are never file names; fetching refuses all but http(s) with a clear message
OTHER_SCHEMES = ("data:", "javascript:", "vbscript:", "file:", "mailto:", "about:", "blob:")

Resolver = Callable[[str, int], Sequence[str]]


@dataclass(frozen=True)
class FetchLimits:
    """What one fetch may do. Here, not in `ingest.fetch`, so that settings and the check path
    can name the limits without importing the HTTP stack (about 0.1 s of a cold check)."""

    max_bytes: int = 10_000_000  # decoded bytes read per page; more is cut (HTML) or refused
    timeout: float = 20.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 5
    allow_private: bool = False  # allow private, loopback, link-local... addresses
    # host names that may resolve to non-public addresses even when allow_private is off
    # (an intranet wiki, or a test server); a redirect elsewhere is still checked
    private_hosts: frozenset[str] = frozenset()
    # how host names are resolved (default: the system resolver); tests replace it
    resolver: Resolver | None = field(default=None, compare=False, repr=False)


def is_web_url(value: str) -> bool:
    """True for text that starts as an http(s) URL (a location, not a file path)."""
    return value[:8].lower().startswith(("http://", "https://"))


def is_url(value: str) -> bool:
    """True for anything given with a scheme (fetched, or refused as a URL), not as a path."""
    return is_web_url(value) or "://" in value[:12] or value[:11].lower().startswith(OTHER_SCHEMES)


def web_url(value: str) -> str | None:
    """The stripped URL when it is http(s) with a host; None for anything else (local paths,
    javascript:, data:...)."""
    url = (value or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return None
    return url


def host_of(url: str) -> str:
    """The host part (with port) of a URL, or ""."""
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""


def check_url(url: str) -> None:
    """Refuse what is not an http(s) URL with a host. Addresses are checked at connect time
    (ingest/fetch.py)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in WEB_SCHEMES:
        shown = parts.scheme or "no scheme"
        raise FetchError(f"{url}: only http and https URLs can be fetched (got {shown!r})")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host")


def canonical_url(url: str) -> str:
    """The form a web source is known by: courlan's normalisation (scheme and host in lower
    case, default port dropped, query sorted, tracking parameters such as utm_* dropped), and no
    fragment. A URL courlan cannot normalise is kept as given, less its fragment."""
    from courlan import normalize_url  # here: importing courlan takes a third of a second

    bare = urldefrag(url.strip())[0]
    try:
        return urldefrag(normalize_url(bare))[0]
    except ValueError:
        return bare
