"""A wheel of claimcheck holds every module and data file, and works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGED_DATA = ("checkworthy", "demo", "verifier")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    [path] = out.glob("claimcheck-*.whl")
    return path


def tracked(folder: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [line for line in listed.stdout.splitlines() if line]


def test_the_wheel_holds_every_module_prompt_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [f for pkg in ("ingest", "checker", "ui") for f in tracked(pkg)]
    expected += [
        "claimcheck_data/" + f.removeprefix("data/")
        for folder in PACKAGED_DATA
        for f in tracked(f"data/{folder}")
    ]
    assert any(f.endswith(".npz") for f in expected) and any("prompts" in f for f in expected)
    missing = sorted(f for f in expected if f not in names)
    assert not missing, f"not in the wheel (add the package to pyproject.toml): {missing}"


def test_an_installed_wheel_checks_with_its_built_in_models(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
        + [str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # -S: no site-packages processing, so the checkout's editable install is out of reach; the
    # dependencies come from this interpreter's site-packages, claimcheck from the wheel
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]]),
    }
    article = tmp_path / "claim.txt"
    article.write_text(
        "Kestrel Commons was founded on 14 March 2026 by 140 developers.\n", encoding="utf-8"
    )
    store = tmp_path / "store"

    def claimcheck(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-S", "-m", "checker.cli", "--store", str(store), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-S", "-c", "import checker; print(checker.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(target)), where.stdout + where.stderr
    demo_sources = target / "claimcheck_data" / "demo" / "sources"
    ingested = claimcheck("ingest", str(demo_sources))
    assert ingested.returncode == 0, ingested.stderr
    checked = claimcheck("check", str(article), "--format", "json", "--no-save")
    assert checked.returncode == 0, checked.stderr
    [claim] = json.loads(checked.stdout)["claims"]
    assert claim["verdict"] == "supported"
    assert "140 developers" in claim["evidence"][0]["quote"]
