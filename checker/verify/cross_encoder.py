"""Loading sentence-transformers `CrossEncoder` models, shared by the NLI verifier and the
reranker. Imported lazily: sentence-transformers takes seconds to import.

A local folder is loaded with `local_files_only`, so it never touches the network; a hub name
is fetched only because the user named a remote model (and fails at once when HF_HUB_OFFLINE=1).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ingest.errors import ModelLoadError, missing


def looks_like_path(name: str) -> bool:
    """A folder on disk, or a name written as a path (`./x`, `/x`, `~/x`): never a hub name."""
    return name.startswith((".", "/", "~")) or Path(name).expanduser().exists()


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """No "Loading weights" progress bars from transformers while a model loads."""
    from transformers.utils import logging as hf_logging

    was_disabled = hf_logging.is_progress_bar_enabled() is False
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if not was_disabled:
            hf_logging.enable_progress_bar()


def load_cross_encoder(name_or_path: str, what: str, device: str | None = None) -> Any:
    """A CrossEncoder from a local folder or a hub name; ModelLoadError saying what to do."""
    name = name_or_path.strip()
    if not name:
        raise ModelLoadError(f"no {what} named: give a model folder or a hub name")
    try:
        from sentence_transformers import CrossEncoder
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise missing("sentence-transformers") from exc
    local = looks_like_path(name)
    if local:
        folder = Path(name).expanduser()
        if not (folder / "config.json").is_file():
            raise ModelLoadError(
                f"no {what} at {folder}: expected a folder saved with save_pretrained "
                "(config.json, weights, tokenizer files)"
            )
        name = str(folder.resolve())
    try:
        with _quiet_loading():
            return CrossEncoder(name, device=device, local_files_only=local)
    except Exception as exc:  # noqa: BLE001 - any loader failure is the same to the user
        where = (
            "check that the folder holds a complete model"
            if local
            else "download it on a machine with internet (for example with "
            "`hf download NAME --local-dir DIR`), then give its folder"
        )
        raise ModelLoadError(
            f"cannot load the {what} {name_or_path!r}: {' '.join(str(exc).split())[:300]}; {where}"
        ) from exc
