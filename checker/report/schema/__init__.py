"""JSON Schemas of the files claimcheck writes, generated from the pydantic models that write
and read them (checker/report/schema/report.py). The .schema.json files beside this one are the same
schemas written out for other tools (`python -m checker.report.schema` writes them again; a test
checks that they match)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _generators() -> dict[str, Callable[[], dict[str, Any]]]:
    from checker.report.schema.report import report_schema

    return {"report": report_schema}


@cache
def load_schema(name: str = "report") -> dict[str, Any]:
    """The schema `name`, generated from its models."""
    generators = _generators()
    if name not in generators:
        raise KeyError(f"no schema named {name!r} (known: {', '.join(generators)})")
    return generators[name]()


def schema_text(name: str = "report") -> str:
    """The schema as the text of its shipped file."""
    return json.dumps(load_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path = HERE) -> list[Path]:
    """Write every schema as `<name>.schema.json` into `folder`."""
    written = []
    for name in _generators():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8", newline="\n")
        written.append(path)
    return written
