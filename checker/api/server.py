"""`claimcheck serve`: the HTTP API (FastAPI; its OpenAPI page is /docs) over the functions the
CLI and the app call, on the store the settings name.

    GET    /health
    POST   /checks                      {"text" | "url", "title"?}  -> 202 job (or ?wait=true)
    GET    /jobs/{job_id}                status, progress, result or error
    GET    /checks                      the saved checks, newest first
    GET    /checks/{check_id}           the report (schema checker/report/schema/report.schema.json)
    GET    /checks/{check_id}/export/{format}
    POST   /checks/{check_id}/claims/{claim_id}/review   {"verdict", "note"?, "reviewer"?}
    GET    /checks/{check_id}/audit     every review, oldest first
    GET    /sources                     the library
    POST   /sources                     {"items": [URL or path, ...], "tier"?}  -> 202 job
    DELETE /sources/{source_id}

Writes (POST, DELETE) need an API key (`Authorization: Bearer KEY` or `X-API-Key: KEY`),
made with `claimcheck api-key create NAME`; keys are kept as sha256 hashes in the store
(the store folder, or PostgreSQL with `database_url`).
Errors are JSON `{"error": "one line"}` with the CLI's messages; no traceback reaches a
client. Bodies above `api_max_body` bytes are refused (413) before they are read whole.
Checks and ingests run as jobs in this process (`?wait=true` on POST /checks waits up to
`api_wait` seconds for the report, then answers with the job instead); with a server store
every API process can report on every job (checker/review/jobs.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from checker.review.jobs import Job, Jobs, PostgresJobs
from checker.settings import Settings
from ingest.errors import ClaimcheckError, ConfigError, NotFoundError, StoreUnavailableError

log = logging.getLogger("claimcheck.api")
KEYS_FILE = "api-keys.json"
RETRY_AFTER_S = 5  # what a 503 asks a client to wait before trying again


# --- API keys (hashed at rest) ----------------------------------------------------------------


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeys:
    """The API keys of a store, kept as sha256 hashes: in `STORE/api-keys.json`, or in the
    server store's PostgreSQL (`PostgresApiKeys`), where every API host sees the same keys."""

    def __init__(self, store: Path) -> None:
        self.path = Path(store) / KEYS_FILE

    # what an implementation provides
    def _rows(self) -> list[dict[str, str]]:
        if not self.path.is_file():
            return []
        try:
            return list(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read the API keys in {self.path}: {exc}") from None

    def _add(self, row: dict[str, str]) -> bool:
        rows = self._rows()
        if any(k["name"] == row["name"] for k in rows):
            return False
        self._write([*rows, row])
        return True

    def _remove(self, name: str) -> bool:
        rows = self._rows()
        kept = [k for k in rows if k["name"] != name]
        if len(kept) == len(rows):
            return False
        self._write(kept)
        return True

    def _write(self, rows: list[dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, indent=2), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(self.path)

    # the same for both
    def create(self, name: str) -> str:
        """A new key for `name`, returned once; only its sha256 is written."""
        name = name.strip()
        if not name:
            raise ConfigError("an API key needs a name (who or what uses it)")
        key = "cc_" + secrets.token_urlsafe(32)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        if not self._add({"name": name, "sha256": _hash(key), "created_at": created}):
            raise ConfigError(f"an API key named {name!r} exists: revoke it first")
        return key

    def revoke(self, name: str) -> None:
        if not self._remove(name):
            raise NotFoundError(f"no API key named {name!r}")

    def copy_from(self, other: ApiKeys) -> int:
        """Add the keys of another store (their hashes, names and dates) that this one has no
        key of that name for; returns how many were added."""
        return sum(self._add(row) for row in other._rows())

    def names(self) -> list[dict[str, str]]:
        return [{"name": k["name"], "created_at": k["created_at"]} for k in self._rows()]

    def owner(self, key: str) -> str | None:
        """The name of the key, or None when it is not a valid key (compared in constant
        time)."""
        digest = _hash(key)
        for k in self._rows():
            if hmac.compare_digest(k["sha256"], digest):
                return k["name"]
        return None


class PostgresApiKeys(ApiKeys):
    """The API keys in PostgreSQL (table `api_keys`, checker/review/migrations)."""

    def __init__(self, database_url: str) -> None:
        from ingest.pg import Database

        self.db = Database(database_url, "checker", "checker.review.migrations", max_size=2)

    def _rows(self) -> list[dict[str, str]]:
        with self.db.connection() as conn:
            rows = conn.execute("SELECT name, sha256, created_at FROM api_keys ORDER BY created_at")
            return [{"name": n, "sha256": h, "created_at": c} for n, h, c in rows]

    def _add(self, row: dict[str, str]) -> bool:
        with self.db.connection() as conn:
            added = conn.execute(
                "INSERT INTO api_keys(name, sha256, created_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (name) DO NOTHING",
                (row["name"], row["sha256"], row["created_at"]),
            )
            return added.rowcount == 1

    def _remove(self, name: str) -> bool:
        with self.db.connection() as conn:
            return conn.execute("DELETE FROM api_keys WHERE name = %s", (name,)).rowcount == 1


def api_keys(settings: Settings) -> ApiKeys:
    """The keys of the store the settings name: PostgreSQL with `database_url`, else the file."""
    if settings.database_url:
        return PostgresApiKeys(settings.database_url)
    return ApiKeys(settings.store)


# --- the app ------------------------------------------------------------------------------------


class CheckRequest(BaseModel):
    text: str | None = Field(None, description="The article text (or give url).")
    url: str | None = Field(None, description="The article's address (or give text).")
    title: str = Field("", description="A title for pasted text.")


class ReviewRequest(BaseModel):
    verdict: str = Field(description="supported, contradicted or unverified")
    note: str = ""
    reviewer: str = Field("", description="Who decides (default: the API key's name).")


class SourcesRequest(BaseModel):
    items: list[str] = Field(min_length=1, description="URLs or paths on the server.")
    tier: str = "primary"


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app serving the store of `settings`."""
    from checker.backends import build_checker, open_history
    from checker.claims.article import article_from_text, load_article
    from checker.report import report_io
    from checker.report.exports import export, get_format
    from ingest.models import Tier
    from ingest.pipeline import ingest_sources

    app = FastAPI(
        title="claimcheck",
        description="Check an article's claims against a library of primary sources.",
    )
    shared_jobs = PostgresJobs(settings.database_url) if settings.database_url else None
    jobs = Jobs(shared=shared_jobs)
    history = open_history(settings)
    keys = api_keys(settings)
    lock = threading.Lock()
    shared: dict[str, Any] = {}

    def checker():  # noqa: ANN202 - built on first use, shared by the jobs
        with lock:
            if "checker" not in shared:
                shared["checker"] = build_checker(settings)
            return shared["checker"]

    def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(
            {"error": " ".join(message.split())}, status_code=status, headers=headers
        )

    def failure(exc: ClaimcheckError) -> JSONResponse:
        if isinstance(exc, StoreUnavailableError):  # a database or Chroma server is down
            return error(503, str(exc), {"Retry-After": str(RETRY_AFTER_S)})
        return error(404 if isinstance(exc, NotFoundError) else 400, str(exc))

    @app.exception_handler(ClaimcheckError)
    async def _claimcheck_error(request: Request, exc: ClaimcheckError) -> JSONResponse:
        return failure(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            return error(422, f"invalid JSON: {first.get('ctx', {}).get('error', 'cannot parse')}")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        what = first.get("msg", "invalid request")
        return error(422, f"invalid request{' at ' + where if where else ''}: {what}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error(500, f"internal error ({type(exc).__name__}); it was logged by the server")

    @app.middleware("http")
    async def limits_and_keys(request: Request, call_next):  # noqa: ANN001, ANN202
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > settings.api_max_body):
            return error(413, f"the request body is larger than {settings.api_max_body} bytes")
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            given = request.headers.get("x-api-key", "")
            auth = request.headers.get("authorization", "")
            if auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            try:  # the keys may be in PostgreSQL: an outage there is a 503, not a 500
                owner = keys.owner(given) if given else None
            except ClaimcheckError as exc:
                return failure(exc)
            if owner is None:
                return error(
                    401, "a valid API key is needed (create one: claimcheck api-key create NAME)"
                )
            request.state.key_name = owner
            if length is None:  # a body sent in chunks: count it as it comes
                body = b""
                async for chunk in request.stream():
                    body += chunk
                    if len(body) > settings.api_max_body:
                        return error(
                            413, f"the request body is larger than {settings.api_max_body} bytes"
                        )

                async def receive() -> dict[str, Any]:
                    return {"type": "http.request", "body": body, "more_body": False}

                request = Request(request.scope, receive)
        return await call_next(request)

    def job_json(job: Job) -> dict[str, Any]:
        return {**asdict(job), "url": f"/jobs/{job.id}"}

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "store": str(settings.store)}

    @app.post("/checks", status_code=202)
    def create_check(body: CheckRequest, wait: bool = False) -> Any:
        if bool(body.text and body.text.strip()) == bool(body.url):
            raise ConfigError("give the article as text or as url, not both and not neither")
        if body.url:
            article = load_article(body.url, settings.fetch_limits())
        else:
            article = article_from_text(body.text or "", title=body.title)

        def work(update) -> dict[str, Any]:  # noqa: ANN001
            def progress(stage: str, done: int, total: int) -> None:
                update(stage=stage, done=done, total=total)

            report = checker().check(article, progress)
            check_id = history.save(report)
            return {"check_id": check_id, "url": f"/checks/{check_id}"}

        job = jobs.submit("check", work)
        if wait:
            job = jobs.wait(job.id, settings.api_wait)
            if job.status == "done":
                report = history.load(job.result["check_id"])
                return JSONResponse(report_io.report_to_dict(report), status_code=200)
            if job.status == "failed":
                failure = jobs.failure(job.id)
                if isinstance(failure, StoreUnavailableError):
                    raise failure  # 503, as when the request itself meets the outage
                return error(400, job.error)
        return JSONResponse(job_json(job), status_code=202)

    @app.get("/jobs/{job_id}")
    def get_job(job_id: str) -> dict[str, Any]:
        return job_json(jobs.get(job_id))

    @app.get("/checks")
    def list_checks() -> list[dict[str, Any]]:
        return [{**asdict(c), "claims": c.claims} for c in history.list()]

    @app.get("/checks/{check_id}")
    def get_check(check_id: str) -> dict[str, Any]:
        return report_io.report_to_dict(history.load(check_id))

    @app.get("/checks/{check_id}/export/{fmt}")
    def export_check(check_id: str, fmt: str) -> Response:
        kind = get_format(fmt)
        payload = export(history.load(check_id), fmt)
        return Response(payload, media_type=kind.mime_type)

    @app.post("/checks/{check_id}/claims/{claim_id}/review", status_code=201)
    def review_claim(
        check_id: str, claim_id: str, body: ReviewRequest, request: Request
    ) -> dict[str, Any]:
        reviewer = body.reviewer.strip() or request.state.key_name
        review = history.review(check_id, claim_id, body.verdict, body.note, reviewer=reviewer)
        return {
            **asdict(review),
            "verdict": review.verdict.value,
            "previous": review.previous.value,
            "reviewer": reviewer,
        }

    @app.get("/checks/{check_id}/audit")
    def audit(check_id: str) -> list[dict[str, Any]]:
        return [
            {**asdict(e), "verdict": e.verdict.value, "previous": e.previous.value}
            for e in history.audit(check_id)
        ]

    @app.get("/sources")
    def list_sources() -> list[dict[str, Any]]:
        library = checker().library
        return [
            {
                "id": s.id,
                "location": s.location,
                "title": s.title,
                "tier": s.tier.value,
                "published": s.published,
                "retrieved_at": s.retrieved_at,
            }
            for s in library.sources()
        ]

    @app.post("/sources", status_code=202)
    def add_sources(body: SourcesRequest) -> JSONResponse:
        try:
            tier = Tier(body.tier)
        except ValueError:
            raise ConfigError(f"unknown tier {body.tier!r}: primary or secondary") from None

        def work(update) -> dict[str, Any]:  # noqa: ANN001
            summary = ingest_sources(
                checker().library,
                body.items,
                tier=tier,
                limits=settings.fetch_limits(),
                workers=settings.ingest_workers,
                progress=lambda _outcome, done, total: update(
                    stage="ingesting", done=done, total=total
                ),
            )
            return {
                "outcomes": [
                    {
                        "location": o.location,
                        "status": o.status.value,
                        "source_id": o.source_id,
                        "reason": o.reason,
                    }
                    for o in summary.outcomes
                ]
            }

        return JSONResponse(job_json(jobs.submit("ingest", work)), status_code=202)

    @app.delete("/sources/{source_id}")
    def remove_source(source_id: str) -> dict[str, str]:
        removed = checker().library.remove(source_id)
        return {"removed": removed.id, "location": removed.location}

    return app
