"""The errors claimcheck raises on purpose. The CLI and the UI turn each into one line."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base class: a problem the user can act on, shown as a one-line message."""


class ConfigError(ClaimcheckError):
    """A setting or option has a value that cannot work."""


class FetchError(ClaimcheckError):
    """A URL could not be fetched (HTTP status, time-out, refused address, too large...)."""


class ExtractionError(ClaimcheckError):
    """A page or file was read but gave no usable text."""


class UnsupportedSourceError(ClaimcheckError):
    """A source of a kind claimcheck does not read (unknown extension, missing file...)."""


class StoreError(ClaimcheckError):
    """The library (SQLite records or Chroma vectors) cannot be opened or written."""


class StoreUnavailableError(StoreError):
    """A database or vector server the library needs does not answer now: try again later
    (the API answers 503; nothing stored is lost)."""


class EmbedderMismatchError(StoreError):
    """The library was built with another embedder than the one asked for."""


class NotFoundError(ClaimcheckError):
    """No source, check or claim with that id."""


class MissingDependencyError(ClaimcheckError):
    """An optional package is needed for the chosen backend."""


class ModelLoadError(ClaimcheckError):
    """A configured model could not be loaded."""


class ArticleError(ClaimcheckError):
    """The article to check is empty, binary, or otherwise unreadable."""


def missing(package: str, extra: str | None = None) -> MissingDependencyError:
    """The error for an optional package that is not installed, with the command that fixes it."""
    hint = f"pip install 'claimcheck[{extra}]'" if extra else f"pip install {package}"
    return MissingDependencyError(f"this needs the package {package!r}: run {hint}")


class ReportError(ClaimcheckError):
    """A saved report cannot be read: not JSON, another schema version, or invalid."""
