"""The jobs of `claimcheck serve`: checks and ingests run in a small thread pool of the process
that was asked, each job's state replaced as it moves.

With a server store (`database_url`) every state is also written to PostgreSQL (`PostgresJobs`,
table `jobs`), so that any API process behind a load balancer answers `GET /jobs/{id}` for a
job another one runs. The owner refreshes its running jobs every `HEARTBEAT_S` seconds; a queued
or running job not refreshed for `STALE_S` seconds belongs to a process that stopped (a crash, a
`kill -9`, a restart) and is reported failed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ingest.errors import ClaimcheckError, NotFoundError, StoreError

log = logging.getLogger("claimcheck.api")
HEARTBEAT_S = 15.0
STALE_S = 90.0
OWNER_STOPPED = "the API process running this job stopped before it finished"


@dataclass(frozen=True)
class Job:
    id: str
    kind: str  # "check" or "ingest"
    status: str = "queued"  # queued, running, done, failed
    stage: str = ""
    done: int = 0
    total: int = 0
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    created_at: str = ""

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


class PostgresJobs:
    """Job states in PostgreSQL, shared by the API processes of a server store."""

    def __init__(self, database_url: str, stale_s: float = STALE_S) -> None:
        from ingest.pg import Database

        self.db = Database(database_url, "checker", "checker.review.migrations", max_size=2)
        self.stale_s = stale_s

    def put(self, job: Job) -> None:
        with self.db.connection() as conn:
            conn.execute(
                "INSERT INTO jobs(id, kind, status, stage, done, total, result, error, "
                "created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
                "stage = excluded.stage, done = excluded.done, total = excluded.total, "
                "result = excluded.result, error = excluded.error, updated_at = now()",
                (
                    job.id,
                    job.kind,
                    job.status,
                    job.stage,
                    job.done,
                    job.total,
                    json.dumps(job.result),
                    job.error,
                    job.created_at,
                ),
            )

    def touch(self, job_ids: list[str]) -> None:
        """Say that the jobs are still being worked on (by this live process)."""
        if job_ids:
            with self.db.connection() as conn:
                conn.execute("UPDATE jobs SET updated_at = now() WHERE id = ANY(%s)", (job_ids,))

    def get(self, job_id: str) -> Job | None:
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT id, kind, status, stage, done, total, result, error, created_at, "
                "extract(epoch FROM now() - updated_at) FROM jobs WHERE id = %s",
                (job_id,),
            ).fetchone()
        if row is None:
            return None
        *fields, age = row
        job = Job(*fields[:6], json.loads(fields[6]), *fields[7:])
        if not job.finished and float(age) > self.stale_s:
            job = replace(job, status="failed", error=OWNER_STOPPED)
        return job

    def close(self) -> None:
        self.db.close()


class Jobs:
    """Jobs of this process (and, with `shared`, their states for every API process)."""

    def __init__(
        self, workers: int = 2, shared: PostgresJobs | None = None, heartbeat_s: float = HEARTBEAT_S
    ) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimcheck-job")
        self._jobs: dict[str, Job] = {}
        self._futures: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.shared = shared
        if shared is not None:
            threading.Thread(
                target=self._heartbeat, args=(heartbeat_s,), name="claimcheck-jobs", daemon=True
            ).start()

    def _share(self, job: Job) -> None:
        if self.shared is None:
            return
        try:
            self.shared.put(job)
        except StoreError as exc:  # the job goes on; only other processes cannot see it now
            log.warning("job %s: %s", job.id, exc)

    def _heartbeat(self, every: float) -> None:
        stop = threading.Event()
        while not stop.wait(every):
            with self._lock:
                running = [j.id for j in self._jobs.values() if not j.finished]
            with contextlib.suppress(StoreError):  # tried again at the next beat
                self.shared.touch(running)  # type: ignore[union-attr]

    def submit(self, kind: str, work) -> Job:  # noqa: ANN001 - work(update) -> result dict
        job = Job(
            id=uuid.uuid4().hex[:16],
            kind=kind,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        with self._lock:
            self._jobs[job.id] = job
        self._share(job)

        def update(**changes: Any) -> None:
            with self._lock:
                self._jobs[job.id] = new = replace(self._jobs[job.id], **changes)
            self._share(new)

        def run() -> dict[str, Any]:
            update(status="running")
            try:
                result = work(update)
            except ClaimcheckError as exc:
                update(status="failed", error=" ".join(str(exc).split()))
                raise
            except Exception as exc:  # noqa: BLE001 - logged here, one line to the client
                log.exception("job %s failed", job.id)
                update(status="failed", error=f"unexpected {type(exc).__name__}")
                raise
            update(status="done", result=result)
            return result

        self._futures[job.id] = self._pool.submit(run)
        return job

    def failure(self, job_id: str) -> BaseException | None:
        """What a failed job of this process raised (None while it runs, or for another
        process's job), so that the API can answer as it would have for the request itself."""
        future = self._futures.get(job_id)
        return future.exception() if future is not None and future.done() else None

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None and self.shared is not None:
            job = self.shared.get(job_id)  # a job another API process runs
        if job is None:
            raise NotFoundError(f"no job {job_id!r}")
        return job

    def wait(self, job_id: str, seconds: float) -> Job:
        # still running after `seconds`, or failed: either way the job says so itself
        with contextlib.suppress(Exception):
            self._futures[job_id].result(timeout=seconds)
        return self.get(job_id)
