"""Shared helpers of the benchmark scripts: machine description, results sections, data paths.

Every script prints its results and writes its own section of BENCHMARKS.md (between
`<!-- bench:NAME -->` markers, replaced on each run), headed by the machine, the command and
the date. Built stores and generated pages are kept under bench/.cache/ (ignored by git).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO / "BENCHMARKS.md"
CACHE = REPO / "bench" / ".cache"
DATASETS = REPO.parent / "shared" / "datasets"
SCIFACT = DATASETS / "scifact"
CHECKWORTHY = DATASETS / "checkworthy"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def cache_dir(*parts: str) -> Path:
    """A folder under bench/.cache, created with a .gitignore that ignores everything in it."""
    CACHE.mkdir(parents=True, exist_ok=True)
    ignore = CACHE / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    folder = CACHE.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def require_scifact() -> Path:
    if not (SCIFACT / "corpus.jsonl").is_file():
        sys.exit(f"SciFact not found at {SCIFACT} (see ../shared/datasets/README.md)")
    return SCIFACT


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _meminfo_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return out.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> dict[str, str]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "cpus": str(cpus),
        "ram": f"{_meminfo_gib():.1f} GiB",
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "load": load,
        "commit": _commit(),
    }


def header(title: str) -> tuple[str, dt.datetime]:
    """The heading lines of a results section: machine, command, date."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    m = machine()
    command = "python " + " ".join(shlex.quote(a) for a in [_relative(sys.argv[0]), *sys.argv[1:]])
    lines = [
        f"## {title}",
        "",
        f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM, Python {m['python']}; "
        f"load average at start {m['load']}",
        f"- command: `{command}`",
        f"- date: {now.isoformat()} (commit {m['commit']})",
        "",
    ]
    return "\n".join(lines), now


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return path


def write_section(name: str, body: str) -> None:
    """Replace (or append) this benchmark's section of BENCHMARKS.md."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block
    BENCHMARKS.write_text(text, encoding="utf-8")
    print(f"wrote the {name!r} section of {BENCHMARKS}")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
    return "\n".join(out)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else 0.0


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux: ru_maxrss is in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
