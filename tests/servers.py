"""Real servers on 127.0.0.1 for the tests (a pytest plugin, registered by tests/conftest.py):
a PostgreSQL cluster in a temporary folder and a `chroma run` server, each started once per
session and stopped at its end; `claimcheck serve` processes; free ports.

PostgreSQL's server binaries are not on PATH on Debian: they are looked for under
/usr/lib/postgresql/*/bin. Without them the tests that need PostgreSQL fail and name the package.
As root, the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

RUN = [sys.executable, "-m", "checker.cli"]
PG_USER = "claimcheck"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Poll `url` until it answers 200; fail with the process's output if it does not."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    output = process.communicate(timeout=10)[1] if process.stderr else b""
    raise AssertionError(f"{url} did not answer: {(output or b'').decode()[-2000:]}")


def serve(store: Path, *options: str, env: dict[str, str] | None = None):
    """A `claimcheck serve` process on a free port: (process, base URL)."""
    port = free_port()
    process = subprocess.Popen(
        [*RUN, "--store", str(store), *options, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/health", process)
    return process, base


def auth(key: str) -> dict[str, str]:
    """The header of a `serve` API key."""
    return {"Authorization": f"Bearer {key}"}


def finished(base: str, job: dict) -> dict:
    """A `serve` job once done (polled every 0.2 s for up to 2 minutes)."""
    deadline = time.time() + 120
    while job["status"] not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.2)
        job = httpx.get(f"{base}/jobs/{job['id']}", timeout=10).json()
    assert job["status"] == "done", job
    return job


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class ServerMissing(Exception):
    """A server program the tests (or a benchmark) need is not installed."""


def postgres_bin() -> Path:
    """The folder of PostgreSQL's server binaries (initdb, pg_ctl); ServerMissing if none."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not found:
        raise ServerMissing(
            "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: these tests run a "
            "real PostgreSQL. Install the Debian package `postgresql` (apt-get install -y "
            "postgresql); its binaries are looked for under /usr/lib/postgresql/*/bin"
        )
    return Path(found[-1]).parent


@dataclass
class Postgres:
    """A running PostgreSQL cluster; `new_database()` gives each test a database of its own."""

    port: int
    admin_url: str
    pg_ctl: Callable[[str], None] | None = None  # "start" or "stop" the cluster

    def stop(self) -> None:
        """Shut the server down (fast: open connections are cut), keeping its data."""
        assert self.pg_ctl is not None
        self.pg_ctl("stop")

    def start(self) -> None:
        assert self.pg_ctl is not None
        self.pg_ctl("start")

    def url(self, name: str) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{name}"

    def new_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
        return self.url(name)


@contextmanager
def running_postgres() -> Iterator[Postgres]:
    """A real PostgreSQL on 127.0.0.1 (a free port, its socket and data in a temporary folder,
    fsync off), stopped and deleted on exit."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="claimcheck-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.decode()[-2000:]}")

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", PG_USER, "-E",
            "UTF8", "--no-locale")  # fmt: skip
        options = f"-p {port} -k {folder} -h 127.0.0.1 -F -c max_connections=200"

        def pg_ctl(action: str) -> None:
            if action == "start":
                run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                    str(folder / "log"), "-w", "-t", "60", "start")  # fmt: skip
            else:
                run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")

        pg_ctl("start")
        yield Postgres(port, f"postgresql://{PG_USER}@127.0.0.1:{port}/postgres", pg_ctl)
    finally:
        subprocess.run(
            # immediate: a throwaway cluster, deleted next
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-W", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def start_chroma(folder: Path, port: int) -> subprocess.Popen:
    """`chroma run` on 127.0.0.1:`port` with its data in `folder`, once it answers."""
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        exe = Path(shutil.which("chroma") or "chroma")
    process = subprocess.Popen(
        [str(exe), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", process)
    return process


@contextmanager
def running_chroma() -> Iterator[str]:
    """A real `chroma run` server on 127.0.0.1 (data in a temporary folder); yields its URL."""
    folder = Path(tempfile.mkdtemp(prefix="claimcheck-chroma-"))
    port = free_port()
    process = start_chroma(folder, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()  # a throwaway server: its folder goes next
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """The session's PostgreSQL (tests fail, naming the package, where it is not installed)."""
    try:
        postgres_bin()
    except ServerMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def chroma_url() -> Iterator[str]:
    """The session's `chroma run` server (tests use collections of their own)."""
    with running_chroma() as url:
        yield url


@dataclass(frozen=True)
class ServerStoreConfig:
    """Where one test's server store lives: a fresh database and a collection of its own."""

    database_url: str
    chroma_url: str
    collection: str

    def env(self) -> dict[str, str]:
        """The settings, as `claimcheck` processes read them."""
        return {
            "CLAIMCHECK_DATABASE_URL": self.database_url,
            "CLAIMCHECK_CHROMA_URL": self.chroma_url,
            "CLAIMCHECK_COLLECTION": self.collection,
        }


@pytest.fixture
def server_store(postgres, chroma_url) -> ServerStoreConfig:
    return ServerStoreConfig(postgres.new_database(), chroma_url, f"t{uuid.uuid4().hex[:12]}")
