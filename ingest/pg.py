"""PostgreSQL for the server store and the shared check history: connections, errors, migrations.

psycopg 3 (and psycopg_pool) are imported here only, when a database URL is set; without them
the error says what to install. Migrations are plain SQL files `NNNN_name.sql` in a package
(`ingest/migrations` for the library, `checker/review/migrations` for the history), applied in order
at start, each component's versions recorded in `schema_version`, under an advisory lock so that two
processes starting together apply each file once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from urllib.parse import urlsplit

from ingest.errors import StoreError, StoreUnavailableError, missing

CONNECT_TIMEOUT_S = 10
# a request waits this long for a pooled connection before asking whether the server answers at
# all (a down server fails then, in seconds); a busy pool is waited for up to POOL_WAIT_S
FIRST_WAIT_S = 3
POOL_WAIT_S = 60
PROBE_TIMEOUT_S = 3
MIGRATION_LOCK = 7_361_105_001  # pg_advisory_xact_lock key of schema changes
_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

SCHEMA_VERSION = """
CREATE TABLE IF NOT EXISTS schema_version (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (component, version)
)
"""


def _psycopg():
    try:
        import psycopg
        import psycopg_pool
    except ImportError:
        raise missing("psycopg[binary] and psycopg-pool", "server") from None
    return psycopg, psycopg_pool


def safe_url(url: str) -> str:
    """The database URL without its password, for messages and labels."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def check_url(url: str) -> str:
    url = url.strip()
    if not url.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            f"bad database URL {safe_url(url)!r}: expected postgresql://USER@HOST:PORT/DBNAME"
        )
    return url


def migrations(package: str) -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of the migration files in `package`, in order."""
    found = []
    for entry in resources.files(package).iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Database:
    """A pool of connections (autocommit; `transaction()` for a transaction) to one database,
    whose schema for `component` is brought up to date from `package`'s migrations on open."""

    def __init__(self, url: str, component: str, package: str, max_size: int = 8) -> None:
        psycopg, psycopg_pool = _psycopg()
        self.url = check_url(url)
        self.label = safe_url(self.url)
        self.errors = psycopg.Error
        self._psycopg = psycopg
        self._pool_timeout = psycopg_pool.PoolTimeout
        try:
            with psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_S) as conn:
                self._migrate(conn, component, package)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the database {self.label}: {one_line(exc)}") from None
        self._pool = psycopg_pool.ConnectionPool(
            self.url,
            min_size=1,
            max_size=max_size,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S},
            check=psycopg_pool.ConnectionPool.check_connection,
            name=f"claimcheck-{component}",
            open=True,
        )

    @staticmethod
    def _migrate(conn, component: str, package: str) -> None:  # noqa: ANN001
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            encoding = conn.execute("SHOW server_encoding").fetchone()[0]
            if encoding.upper() not in ("UTF8", "UTF-8"):
                raise StoreError(
                    f"the database's encoding is {encoding}, not UTF8: create it with "
                    "ENCODING 'UTF8' (character offsets into texts depend on it)"
                )
            conn.execute(SCHEMA_VERSION)
            done = {
                row[0]
                for row in conn.execute(
                    "SELECT version FROM schema_version WHERE component = %s", (component,)
                )
            }
            for version, name, sql in migrations(package):
                if version in done:
                    continue
                conn.execute(sql)
                conn.execute(
                    "INSERT INTO schema_version(component, version, name) VALUES (%s, %s, %s)",
                    (component, version, name),
                )

    @contextmanager
    def connection(self) -> Iterator:
        """A connection of the pool (autocommit: each statement commits on its own).

        A server that does not answer, or a connection lost mid-statement, is
        StoreUnavailableError (to be tried again); any other database error is StoreError.
        """
        try:
            with ExitStack() as stack:
                yield self._checkout(stack)
        except self.errors as exc:
            if isinstance(exc, self._psycopg.OperationalError):
                raise StoreUnavailableError(
                    f"the database {self.label} is unavailable ({one_line(exc)}): try again "
                    "when it is back"
                ) from exc
            raise StoreError(f"the database {self.label} failed: {one_line(exc)}") from exc

    def _checkout(self, stack: ExitStack):  # noqa: ANN202 - a psycopg connection
        try:
            return stack.enter_context(self._pool.connection(timeout=FIRST_WAIT_S))
        except self._pool_timeout:
            if not self._answers():
                raise
        return stack.enter_context(self._pool.connection(timeout=POOL_WAIT_S - FIRST_WAIT_S))

    def _answers(self) -> bool:
        """Whether the server takes a new connection now (the pool is busy, not cut off)."""
        try:
            with self._psycopg.connect(self.url, connect_timeout=PROBE_TIMEOUT_S):
                return True
        except self.errors:
            return False

    @contextmanager
    def transaction(self) -> Iterator:
        """A connection inside one transaction: committed at the end, rolled back on error."""
        with self.connection() as conn, conn.transaction():
            yield conn

    def close(self) -> None:
        self._pool.close()


def read_value(url: str, sql: str, params: tuple = ()) -> object | None:
    """The first column of the first row of a query on a short-lived connection; None when the
    table does not exist yet (a new database)."""
    psycopg, _ = _psycopg()
    url = check_url(url)
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S) as conn:
            row = conn.execute(sql, params).fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    except psycopg.Error as exc:
        raise StoreError(f"cannot open the database {safe_url(url)}: {one_line(exc)}") from None
    return row[0] if row else None
