"""One registry of backend names: each kind (embedder here; verifier and claim extractor in
checker/backends.py) lists its names once, with what they build, and an unknown name gets one
error, UnknownBackendError, that lists the valid ones.

A name is a plain word (`hashing`, `minilm`, `lexical`) or a prefix with an argument written
in capitals (`st:NAME_OR_PATH`, `nli:NAME_OR_PATH`, `llm:PROVIDER:MODEL`); the builder gets the
argument ("" for a plain word) and the context `resolve` was given (the settings, for a verifier
that needs a server address). `also` reads other spellings of the same backend (the ids a
library records, `hashing:DIM`) into an argument, or None when the text is not one of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ingest.errors import ConfigError

T = TypeVar("T")
_ARGUMENT = re.compile(r"^([a-z0-9-]+:)[A-Z_:]+$")


class UnknownBackendError(ConfigError):
    """A backend name that no registry entry of its kind matches."""


@dataclass(frozen=True)
class Backend(Generic[T]):
    name: str  # as shown: "minilm", "st:NAME_OR_PATH"
    build: Callable[[str, Any], T]  # (argument, context) -> the backend
    note: str = ""  # shown after the name in the list of valid names
    also: Callable[[str], str | None] | None = None

    @property
    def prefix(self) -> str | None:
        """ "st:" for "st:NAME_OR_PATH"; None for a plain name."""
        m = _ARGUMENT.match(self.name)
        return m.group(1) if m else None

    def argument(self, spec: str) -> str | None:
        """The argument `spec` gives this backend, or None when it names another."""
        prefix = self.prefix
        if prefix is None and spec == self.name:
            return ""
        if prefix is not None and spec.startswith(prefix) and spec[len(prefix) :].strip():
            return spec[len(prefix) :].strip()
        return self.also(spec) if self.also else None


class Registry(Generic[T]):
    """The backends of one kind, in the order they are listed to the user."""

    def __init__(self, kind: str, default: str | None = None) -> None:
        self.kind = kind
        self.default = default  # the name used when none is given, if any
        self._backends: list[Backend[T]] = []

    def add(
        self,
        name: str,
        build: Callable[[str, Any], T],
        note: str = "",
        also: Callable[[str], str | None] | None = None,
    ) -> None:
        if any(b.name == name for b in self._backends):
            raise ValueError(f"the {self.kind} {name!r} is registered twice")
        self._backends.append(Backend(name, build, note, also))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self._backends)

    def describe(self, notes: bool = False) -> str:
        """The valid names, for an error ("'a' (the default), 'b' or 'c:ARG'") or, with their
        notes, for a help text."""
        shown = []
        for b in self._backends:
            said = ["the default"] if b.name == self.default else []
            said += [b.note] if notes and b.note else []
            shown.append(f"'{b.name}'" + (f" ({'; '.join(said)})" if said else ""))
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]

    def find(self, spec: str) -> tuple[Backend[T], str]:
        """The backend `spec` names and its argument; UnknownBackendError when none."""
        spec = (spec or "").strip()
        for backend in self._backends:
            argument = backend.argument(spec)
            if argument is not None:
                return backend, argument
        raise UnknownBackendError(f"unknown {self.kind} {spec!r}: use {self.describe()}")

    def check(self, spec: str) -> str:
        """`spec`, stripped, when it names a backend of this kind (builds nothing)."""
        self.find(spec)
        return spec.strip()

    def resolve(self, spec: str, context: Any = None) -> T:
        """The backend `spec` names, built (with `context`, e.g. the settings)."""
        backend, argument = self.find(spec)
        return backend.build(argument, context)
