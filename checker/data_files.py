"""Where the project's own data files are (the trained models, word weights, the demo).

In a checkout (and an editable install) they are in `data/` beside the packages; a wheel installs
the same folder as the package `claimcheck_data` (pyproject.toml maps it onto `data/`).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

CHECKOUT_DATA = Path(__file__).resolve().parents[1] / "data"


def data_path(folder: str, *parts: str) -> Path:
    """`data/FOLDER/PARTS...` of the checkout, else of the installed package."""
    if (CHECKOUT_DATA / folder).is_dir():
        return CHECKOUT_DATA.joinpath(folder, *parts)
    spec = importlib.util.find_spec("claimcheck_data")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations))).joinpath(folder, *parts)
    return CHECKOUT_DATA.joinpath(folder, *parts)
