"""JSON Schemas of the files claimcheck writes, loaded from the package data."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_schema(name: str = "report") -> dict[str, Any]:
    """The schema `<name>.schema.json` shipped in this package, parsed."""
    text = resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
