"""JSONL files read through pydantic: one typed row per non-blank line, and a one-line error
that names the file and line (the dataset files of `claimcheck eval` and `eval-checkworthy`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, TypeAdapter, ValidationError

from ingest.errors import ClaimcheckError, ConfigError

T = TypeVar("T")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("empty")
    return value


# a required text: a string or a number (ids are often numbers), not blank
Required = Annotated[str, AfterValidator(_not_blank)]
# an optional text: null and missing read as ""
Optional = Annotated[str, BeforeValidator(lambda value: "" if value is None else value)]


def describe(error: ValidationError) -> str:
    """The first problem of a row, in one short line."""
    first = error.errors()[0]
    kind = first["type"]
    field = ".".join(str(part) for part in first["loc"])
    if kind == "json_invalid":
        return f"not valid JSON ({first['ctx'].get('error', first['msg'])})"
    if not first["loc"] and kind.endswith("_type"):
        return "expected a JSON object per line"
    if kind == "missing" or (kind == "value_error" and "empty" in first["msg"]):
        return f"missing or empty {field!r}"
    shown = repr(first.get("input"))
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{field} {shown}: {first['msg']}"


def read_jsonl(
    path: Path, row_type: type[T], error: type[ClaimcheckError] = ConfigError
) -> list[tuple[int, T]]:
    """(line number, row) for each non-blank line of `path`, each validated as `row_type`;
    `error` (one line: path, line number, problem) for the first bad line."""
    adapter: TypeAdapter[Any] = TypeAdapter(row_type)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read ({exc})") from exc
    rows: list[tuple[int, T]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, adapter.validate_json(line)))
        except ValidationError as exc:
            raise error(f"{path}:{number}: {describe(exc)}") from None
    return rows
