"""The sample report (tests/checker/report/exports/sample_report.py) as fixtures."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from checker.models import Report


def load_sample() -> ModuleType:
    path = Path(__file__).with_name("sample_report.py")
    spec = importlib.util.spec_from_file_location("claimcheck_sample_report", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def sample() -> ModuleType:
    return load_sample()


@pytest.fixture
def report(sample: ModuleType) -> Report:
    return sample.make_report()
