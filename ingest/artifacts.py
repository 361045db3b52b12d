"""The project's own data files (trained models, word weights, the demo) and their checksums.

In a checkout (and an editable install) they are in `data/` beside the packages; a wheel installs
the same folder as the package `claimcheck_data` (pyproject.toml maps it onto `data/`).

A model artifact is a folder with a `manifest.json` listing the sha256 of each of its files; it is
checked before use, so a truncated download or an edited file is refused with one line naming
the command that rebuilds it, never read half-way.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

from ingest.errors import ModelLoadError

CHECKOUT_DATA = Path(__file__).resolve().parents[1] / "data"
MANIFEST = "manifest.json"
REBUILD = "rebuild the models with `make train`"


def data_path(folder: str, *parts: str) -> Path:
    """`data/FOLDER/PARTS...` of the checkout, else of the installed package."""
    if (CHECKOUT_DATA / folder).is_dir():
        return CHECKOUT_DATA.joinpath(folder, *parts)
    spec = importlib.util.find_spec("claimcheck_data")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations))).joinpath(folder, *parts)
    return CHECKOUT_DATA.joinpath(folder, *parts)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: Path, files: list[str], **extra: object) -> dict:
    """Record the sha256 of `files` (names inside `folder`) in its manifest.json."""
    manifest = {"files": {name: sha256_file(folder / name) for name in sorted(files)}, **extra}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


_CHECKED: dict[tuple[str, float], dict] = {}


def checked_manifest(folder: Path, what: str) -> dict:
    """The manifest of an artifact folder, after checking every file's sha256 against it.

    Checked once per process (per folder and manifest time); ModelLoadError on a missing,
    unreadable or altered file."""
    folder = Path(folder)
    path = folder / MANIFEST
    try:
        key = (str(path.resolve()), path.stat().st_mtime)
        if key in _CHECKED:
            return _CHECKED[key]
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"the {what} in {folder} is missing or unreadable; {REBUILD}") from exc
    for name, expected in files.items():
        try:
            actual = sha256_file(folder / name)
        except OSError as exc:
            raise ModelLoadError(f"the {what} file {folder / name} is missing; {REBUILD}") from exc
        if actual != expected:
            raise ModelLoadError(
                f"the {what} file {folder / name} does not match its recorded sha256 "
                f"(corrupted or altered); {REBUILD}"
            )
    _CHECKED[key] = manifest
    return manifest
