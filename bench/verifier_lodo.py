"""The verifier's leave-one-dataset-out table, from the model card the training run wrote.

    .venv/bin/python bench/verifier_lodo.py

The table is produced by `scripts/train_verifier_minilm.py` (the command is recorded in
data/verifier_minilm/config.json, and run by `make train`): for every set in
../shared/datasets/verification and SciFact train, a cross-encoder fine-tuned without it,
scored on it. Training takes half an hour on 2 cores, so this script does not retrain: it
copies the table of the shipped artifact into BENCHMARKS.md with the command that made it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, write_section  # noqa: E402

CARD = REPO / "data" / "verifier_minilm" / "README.md"
CONFIG = REPO / "data" / "verifier_minilm" / "config.json"


def main() -> None:
    card = CARD.read_text(encoding="utf-8")
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    table = card[card.index("## Leave-one-dataset-out") :].split("\n", 1)[1].strip()
    body = "\n".join(
        [
            "## Verifier: leave-one-dataset-out",
            "",
            f"- command: `{config['command']}` (run by `make train`; copied here from "
            "data/verifier_minilm/README.md by `python bench/verifier_lodo.py`)",
            f"- chosen final stage: {config['stage']}; temperature {config['temperature']}; "
            f"decision threshold {config['threshold']}",
            "",
            table,
        ]
    )
    print(body)
    write_section("verifier-lodo", body)


if __name__ == "__main__":
    main()
