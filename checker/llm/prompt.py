"""Versioned prompt files (prompts/NAME.vN.txt) and the rendering of untrusted text as data.

A prompt file holds the system message, a line `===== user =====`, and the user message, a
`string.Template` ($name placeholders, so JSON braces need no escaping). Untrusted text (the
article, the claim, the sources) is escaped with `as_data` before it goes between delimiters,
so that it cannot close its delimiter: `</source>` inside a source arrives as `&lt;/source&gt;`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from ingest.errors import ModelLoadError

PROMPTS_DIR = Path(__file__).with_name("prompts")
USER_MARK = "===== user ====="


@dataclass(frozen=True)
class Prompt:
    id: str  # "verify_claim.v1"
    system: str
    user: Template

    def render(self, **values: str) -> tuple[str, str]:
        """The system and user messages, with `values` substituted into the user template."""
        return self.system, self.user.substitute(values)


@lru_cache(maxsize=8)
def load_prompt(prompt_id: str) -> Prompt:
    path = PROMPTS_DIR / f"{prompt_id}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelLoadError(f"cannot read the prompt file {path}: {exc}") from exc
    system, mark, user = text.partition(USER_MARK)
    if not mark:
        raise ModelLoadError(f"the prompt file {path} has no {USER_MARK!r} line")
    return Prompt(prompt_id, system.strip(), Template(user.strip() + "\n"))


def as_data(text: str) -> str:
    """Untrusted text escaped so that it cannot open or close a delimiter tag."""
    return html.escape(text, quote=False)


def from_data(text: str) -> str:
    """The inverse of `as_data`, for text the model copied out of a delimited block."""
    return html.unescape(text)


def source_blocks(passages: list[tuple[int, str, str]]) -> str:
    """Numbered `<source id=N title="...">` blocks of (id, title, text) passages."""
    blocks = []
    for number, title, text in passages:
        attr = f' title="{html.escape(" ".join(title.split()), quote=True)}"' if title else ""
        blocks.append(f'<source id="{number}"{attr}>\n{as_data(text)}\n</source>')
    return "\n".join(blocks)
