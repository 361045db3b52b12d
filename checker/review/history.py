"""Past checks and their reviews: `checks.sqlite3` in the store folder, or PostgreSQL.

A check is saved once, as its machine report (JSON, checker.report.report_io). Reviews are an audit
trail: every decision is a new row with its time and the verdict before and after, never
updated in place; the latest row per claim is the reviewed verdict. `load` returns the report
with those reviews applied (`ClaimResult.review`), so exports use the reviewed verdicts.

Two implementations of one interface (`CheckHistory`), with the logic written once
(`SQLHistory`): `History`, SQLite in the store folder, where each call opens its own short-lived
connection (WAL, busy time-out), so one object serves several threads (the web app's sessions)
and several processes (the CLI beside the app); and `PostgresHistory`, the shared history of a
server store (`database_url`), where a review locks its claim's row, so concurrent reviews of one
claim from several processes are all kept, each with the verdict just before it.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from checker.models import Report, Review, Verdict
from checker.report import report_io
from ingest.errors import ConfigError, NotFoundError, StoreError
from ingest.models import short_hash

FILE_NAME = "checks.sqlite3"
BUSY_TIMEOUT_MS = 30_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id TEXT PRIMARY KEY,
    generated_at TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    report TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS check_claims (
    check_id TEXT NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    verdict TEXT NOT NULL,
    PRIMARY KEY (check_id, claim_id)
);
CREATE TABLE IF NOT EXISTS reviews (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    check_id TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    previous TEXT NOT NULL,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL,
    FOREIGN KEY (check_id, claim_id) REFERENCES check_claims(check_id, claim_id)
);
CREATE INDEX IF NOT EXISTS reviews_by_check ON reviews(check_id, claim_id, seq);
CREATE TRIGGER IF NOT EXISTS reviews_append_only_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are an audit trail: append a new review instead'); END;
CREATE TRIGGER IF NOT EXISTS reviews_append_only_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are an audit trail: they are never deleted'); END;
"""

# the latest review of each claim: the highest seq per (check_id, claim_id)
_LATEST = (
    "SELECT r.check_id, r.claim_id, r.verdict, r.previous, r.note, r.reviewed_at FROM reviews r "
    "JOIN (SELECT check_id, claim_id, max(seq) AS seq FROM reviews {where} "
    "GROUP BY check_id, claim_id) m ON r.seq = m.seq"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CheckSummary:
    """One saved check, as the history list shows it (counts use the reviewed verdicts)."""

    id: str
    generated_at: str
    title: str
    url: str
    supported: int
    contradicted: int
    unverified: int
    reviewed: int  # claims with at least one review

    @property
    def claims(self) -> int:
        return self.supported + self.contradicted + self.unverified

    def count(self, verdict: Verdict) -> int:
        return int(getattr(self, verdict.value))


@dataclass(frozen=True)
class AuditEntry:
    """One review decision, as it was made."""

    seq: int
    check_id: str
    claim_id: str
    claim_text: str
    previous: Verdict
    verdict: Verdict
    note: str
    reviewed_at: str
    reviewer: str = ""  # who decided, where the API or a command named them


def as_verdict(value: Verdict | str) -> Verdict:
    """A Verdict from itself or its name; ConfigError naming the choices otherwise."""
    if isinstance(value, Verdict):
        return value
    try:
        return Verdict(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(v.value for v in Verdict)
        raise ConfigError(f"unknown verdict {value!r}: choose one of {choices}") from None


class CheckHistory(Protocol):
    """What the CLI, the app and the API use of a history of checks and reviews."""

    def save(self, report: Report, *, unique: bool = False) -> str: ...

    def review(
        self,
        check_id: str,
        claim_id: str,
        verdict: Verdict | str,
        note: str = "",
        reviewer: str = "",
    ) -> Review: ...

    def list(self) -> list[CheckSummary]: ...

    def load(self, check_id: str) -> Report: ...

    def audit(self, check_id: str) -> list[AuditEntry]: ...


class SQLHistory:
    """The history's logic over a SQL database (statements with `?` placeholders); subclasses
    give the connections and the placeholder style."""

    LOCK_CLAIM = ""  # appended to the claim's SELECT in a review, to lock its row

    def _sql(self, statement: str) -> str:
        return statement

    def _connect(self):  # noqa: ANN202 - a context manager giving a DB-API connection
        raise NotImplementedError

    def _transaction(self):  # noqa: ANN202 - the same, inside one transaction
        raise NotImplementedError

    def _execute(self, db, statement: str, params: tuple = ()):  # noqa: ANN001, ANN202
        return db.execute(self._sql(statement), params)

    def _execute_many(self, db, statement: str, rows: list[tuple]) -> None:  # noqa: ANN001
        if rows:
            db.cursor().executemany(self._sql(statement), rows)

    # -- writing -----------------------------------------------------------------------------

    def save(self, report: Report, *, unique: bool = False) -> str:
        """Keep a check; returns its id. Saving the same check again changes nothing.

        `unique=True` keeps it as a check of its own even when its id is taken (two people
        checking the same article in the same second): it then gets a fresh id.
        The machine verdicts are stored as the report; reviews the report already carries
        (a reviewed report read from a file) become the first rows of its audit trail.
        """
        check_id = report.check_id or short_hash(
            "check", report.article.sha256, report.generated_at, length=12
        )
        if unique and self._taken(check_id):
            check_id = short_hash("check", check_id, uuid.uuid4().hex, length=12)
        machine = replace(
            report,
            check_id=check_id,
            results=tuple(replace(r, review=None) for r in report.results),
        )
        with self._transaction() as db:
            if not self._insert_check(db, machine):  # saved before (by this or another process)
                return check_id
            self._insert_reviews(
                db,
                [
                    (
                        check_id,
                        r.claim.id,
                        r.review.previous.value,
                        r.review.verdict.value,
                        r.review.note,
                        r.review.reviewed_at or _now(),
                        "",
                    )
                    for r in report.results
                    if r.review is not None
                ],
            )
        return check_id

    def adopt(self, report: Report, trail: Sequence[AuditEntry]) -> bool:
        """Keep a check of another history with its whole audit trail as it was (times,
        reviewers, notes), in one transaction; False, changing nothing, if this history has a
        check with that id already (so a copy can be run again)."""
        machine = replace(report, results=tuple(replace(r, review=None) for r in report.results))
        with self._transaction() as db:
            if not self._insert_check(db, machine):
                return False
            self._insert_reviews(
                db,
                [
                    (
                        report.check_id,
                        e.claim_id,
                        e.previous.value,
                        e.verdict.value,
                        e.note,
                        e.reviewed_at,
                        e.reviewer,
                    )
                    for e in sorted(trail, key=lambda e: e.seq)
                ],
            )
        return True

    def _insert_check(self, db, machine: Report) -> bool:  # noqa: ANN001
        """The check's row and its claims' machine verdicts; False if its id is taken."""
        added = self._execute(
            db,
            "INSERT INTO checks(id, generated_at, saved_at, title, url, sha256, report) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (
                machine.check_id,
                machine.generated_at,
                _now(),
                machine.article.title,
                machine.article.url,
                machine.article.sha256,
                report_io.dumps(machine),
            ),
        )
        if added.rowcount == 0:
            return False
        self._execute_many(
            db,
            "INSERT INTO check_claims(check_id, claim_id, position, text, verdict) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (machine.check_id, r.claim.id, i, r.claim.text, r.verdict.value)
                for i, r in enumerate(machine.results)
            ],
        )
        return True

    def _insert_reviews(self, db, rows: list[tuple]) -> None:  # noqa: ANN001
        """Audit rows: (check, claim, previous, verdict, note, reviewed_at, reviewer)."""
        self._execute_many(
            db,
            "INSERT INTO reviews(check_id, claim_id, previous, verdict, note, reviewed_at, "
            "reviewer) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _taken(self, check_id: str) -> bool:
        with self._connect() as db:
            return (
                self._execute(db, "SELECT 1 FROM checks WHERE id = ?", (check_id,)).fetchone()
                is not None
            )

    def review(
        self,
        check_id: str,
        claim_id: str,
        verdict: Verdict | str,
        note: str = "",
        reviewer: str = "",
    ) -> Review:
        """Record a person's verdict on a claim (accepting the current one counts too).

        Committed before it returns; `previous` is the claim's verdict just before this review.
        """
        verdict = as_verdict(verdict)
        note = note.strip()
        with self._transaction() as db:
            self._require_check(db, check_id)
            row = self._execute(
                db,
                "SELECT verdict FROM check_claims WHERE check_id = ? AND claim_id = ?"
                + self.LOCK_CLAIM,
                (check_id, claim_id),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no claim {claim_id!r} in the check {check_id!r}")
            last = self._execute(
                db,
                "SELECT verdict FROM reviews WHERE check_id = ? AND claim_id = ? "
                "ORDER BY seq DESC LIMIT 1",
                (check_id, claim_id),
            ).fetchone()
            previous = Verdict(last[0] if last else row[0])
            reviewed_at = _now()
            self._insert_reviews(
                db,
                [(check_id, claim_id, previous.value, verdict.value, note, reviewed_at, reviewer)],
            )
        return Review(verdict=verdict, previous=previous, note=note, reviewed_at=reviewed_at)

    # -- reading -----------------------------------------------------------------------------

    def _require_check(self, db: sqlite3.Connection, check_id: str) -> None:
        if not self._execute(db, "SELECT 1 FROM checks WHERE id = ?", (check_id,)).fetchone():
            raise NotFoundError(f"no check with id {check_id!r} in the history")

    def list(self) -> list[CheckSummary]:
        """Every saved check, newest first, with its counts by reviewed verdict."""
        with self._connect() as db:
            checks = self._execute(
                db,
                "SELECT id, generated_at, title, url FROM checks "
                "ORDER BY generated_at DESC, saved_at DESC, id",
            ).fetchall()
            machine = self._execute(
                db, "SELECT check_id, claim_id, verdict FROM check_claims"
            ).fetchall()
            latest = self._execute(db, _LATEST.format(where="")).fetchall()
        reviewed = {(row[0], row[1]): row[2] for row in latest}
        counts: dict[str, dict[str, int]] = {c[0]: dict.fromkeys(Verdict, 0) for c in checks}
        done: dict[str, int] = dict.fromkeys(counts, 0)
        for check_id, claim_id, verdict in machine:
            if check_id not in counts:
                continue
            final = reviewed.get((check_id, claim_id), verdict)
            counts[check_id][Verdict(final)] += 1
            done[check_id] += (check_id, claim_id) in reviewed
        return [
            CheckSummary(
                id=check_id,
                generated_at=generated_at,
                title=title,
                url=url,
                supported=counts[check_id][Verdict.SUPPORTED],
                contradicted=counts[check_id][Verdict.CONTRADICTED],
                unverified=counts[check_id][Verdict.UNVERIFIED],
                reviewed=done[check_id],
            )
            for check_id, generated_at, title, url in checks
        ]

    def load(self, check_id: str) -> Report:
        """The saved check with its latest reviews applied."""
        with self._connect() as db:
            row = self._execute(
                db, "SELECT report FROM checks WHERE id = ?", (check_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no check with id {check_id!r} in the history")
            latest = self._execute(
                db, _LATEST.format(where="WHERE check_id = ?"), (check_id,)
            ).fetchall()
        report = report_io.loads(row[0])
        reviews = {
            claim_id: Review(
                verdict=Verdict(verdict),
                previous=Verdict(previous),
                note=note,
                reviewed_at=reviewed_at,
            )
            for _, claim_id, verdict, previous, note, reviewed_at in latest
        }
        return replace(
            report,
            results=tuple(
                replace(r, review=reviews[r.claim.id]) if r.claim.id in reviews else r
                for r in report.results
            ),
        )

    def audit(self, check_id: str) -> list[AuditEntry]:
        """Every review of a check, oldest first, exactly as recorded."""
        with self._connect() as db:
            self._require_check(db, check_id)
            rows = self._execute(
                db,
                "SELECT r.seq, r.check_id, r.claim_id, c.text, r.previous, r.verdict, r.note, "
                "r.reviewed_at, r.reviewer FROM reviews r JOIN check_claims c "
                "ON c.check_id = r.check_id AND c.claim_id = r.claim_id "
                "WHERE r.check_id = ? ORDER BY r.seq",
                (check_id,),
            ).fetchall()
        return [
            AuditEntry(
                seq=seq,
                check_id=cid,
                claim_id=claim_id,
                claim_text=text,
                previous=Verdict(previous),
                verdict=Verdict(verdict),
                note=note,
                reviewed_at=reviewed_at,
                reviewer=reviewer,
            )
            for seq, cid, claim_id, text, previous, verdict, note, reviewed_at, reviewer in rows
        ]


class History(SQLHistory):
    """The checks and reviews kept in a store folder (SQLite)."""

    def __init__(self, store_dir: Path) -> None:
        self.store_dir = Path(store_dir)
        self.path = self.store_dir / FILE_NAME
        try:
            self.store_dir.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.executescript(SCHEMA)
                columns = {row[1] for row in db.execute("PRAGMA table_info(reviews)")}
                if "reviewer" not in columns:  # a history from before reviewers were named
                    db.execute("ALTER TABLE reviews ADD COLUMN reviewer TEXT NOT NULL DEFAULT ''")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the check history in {self.store_dir}: {exc}") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            with closing(
                sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            ) as db:
                db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA foreign_keys=ON")
                yield db
        except sqlite3.Error as exc:
            raise StoreError(f"the check history in {self.store_dir} failed: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")


class PostgresHistory(SQLHistory):
    """The checks and reviews of a server store, in PostgreSQL (schema:
    checker/review/migrations)."""

    LOCK_CLAIM = " FOR UPDATE"

    def __init__(self, database_url: str) -> None:
        from ingest.pg import Database

        self.db = Database(database_url, "checker", "checker.review.migrations", max_size=4)

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def _connect(self):  # noqa: ANN202
        return self.db.connection()

    def _transaction(self):  # noqa: ANN202
        return self.db.transaction()

    def close(self) -> None:
        self.db.close()
