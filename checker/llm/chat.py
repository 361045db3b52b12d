"""Chat models named `llm:PROVIDER:MODEL`, built through langchain's `init_chat_model`.

Any provider whose langchain integration package is installed works; the `llm` extra installs
langchain-openai and langchain-ollama. The API key comes from the provider's usual environment
variable (OPENAI_API_KEY...) and is read by the provider's client, never by claimcheck; a local
OpenAI-compatible server without a key gets a placeholder so that the client does not refuse.
Imports of langchain and the provider packages happen only when an LLM backend is chosen.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ingest.errors import ConfigError, ModelLoadError, missing

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PREFIX = "llm:"
# provider -> (its langchain package, the environment variable holding its key)
PROVIDERS: dict[str, tuple[str, str | None]] = {
    "openai": ("langchain-openai", "OPENAI_API_KEY"),
    "azure_openai": ("langchain-openai", "AZURE_OPENAI_API_KEY"),
    "ollama": ("langchain-ollama", None),
}
IN_LLM_EXTRA = {"langchain-openai", "langchain-ollama"}
PLACEHOLDER_KEY = "no-key-needed"  # for OpenAI-compatible servers that take no key
DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class LLMSpec:
    provider: str
    model: str

    @property
    def id(self) -> str:
        return f"{PREFIX}{self.provider}:{self.model}"


def parse_llm_spec(spec: str) -> LLMSpec:
    """`llm:PROVIDER:MODEL` -> LLMSpec; the model name may hold colons (`qwen2.5:7b`)."""
    text = spec.strip()
    provider, sep, model = text.removeprefix(PREFIX).partition(":")
    if not text.startswith(PREFIX) or not sep or not provider.strip() or not model.strip():
        raise ConfigError(
            f"bad LLM setting {spec!r}: use llm:PROVIDER:MODEL, e.g. llm:ollama:qwen2.5:7b or "
            "llm:openai:gpt-4o-mini"
        )
    return LLMSpec(provider.strip().lower().replace("-", "_"), model.strip())


_SECRET_PATTERNS = (
    (re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_\-]{4,}"), r"\1-***"),
    (re.compile(r"(?i)\b(bearer)\s+[^\s'\",}]+"), r"\1 ***"),
    (re.compile(r"(?i)((?:api[_-]?key|token|secret|password)[\"']?\s*[:=]\s*[\"']?)[^\s'\",}]+"),
     r"\1***"),
    (re.compile(r"(//)[^/@\s]+@"), r"\1***@"),  # credentials in a URL
)  # fmt: skip


def redact(text: str) -> str:
    """`text` with anything that looks like a key, token or URL password masked."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _package_of(provider: str) -> str:
    known = PROVIDERS.get(provider)
    return known[0] if known else "langchain-" + provider.replace("_", "-")


def _missing(provider: str):
    package = _package_of(provider)
    return missing(package, "llm" if package in IN_LLM_EXTRA else None)


def _kwargs(spec: LLMSpec, base_url: str | None, timeout: float) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"temperature": 0.0}
    if spec.provider in ("openai", "azure_openai"):
        kwargs.update(timeout=timeout, max_retries=2)
        key_var = PROVIDERS[spec.provider][1]
        # A local server takes no key, but the OpenAI client refuses to start without one.
        if base_url and key_var and not os.environ.get(key_var):
            kwargs["api_key"] = PLACEHOLDER_KEY
    elif spec.provider == "ollama":
        kwargs["client_kwargs"] = {"timeout": timeout}
    if base_url:
        kwargs["base_url"] = base_url
    return kwargs


def make_chat_model(
    spec: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> BaseChatModel:
    """The chat model named by `spec` (`llm:PROVIDER:MODEL`), at `base_url` if given.

    Nothing is contacted here: the first request goes out with the first claim.
    """
    parsed = parse_llm_spec(spec)
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as exc:  # pragma: no cover - langchain is a core dependency
        raise missing("langchain") from exc
    try:
        return init_chat_model(
            parsed.model, model_provider=parsed.provider, **_kwargs(parsed, base_url, timeout)
        )
    except ImportError as exc:
        raise _missing(parsed.provider) from exc
    except ValueError as exc:
        if "provider" in str(exc).lower():
            raise ConfigError(
                f"unknown LLM provider {parsed.provider!r} in {spec!r}: use openai (any "
                "OpenAI-compatible server with --llm-base-url), ollama, or another provider "
                "that langchain's init_chat_model knows"
            ) from exc
        raise ModelLoadError(f"cannot set up the LLM {parsed.id}: {redact(str(exc))}") from exc
    except Exception as exc:  # noqa: BLE001 - provider clients raise their own kinds
        key_var = PROVIDERS.get(parsed.provider, ("", None))[1]
        hint = f" (set {key_var}, or give --llm-base-url for a local server)" if key_var else ""
        raise ModelLoadError(
            f"cannot set up the LLM {parsed.id}: {redact(str(exc))}{hint}"
        ) from exc


def is_fatal(exc: BaseException) -> bool:
    """Whether a failed call means the model cannot work at all (unreachable server, bad key,
    unknown model), as opposed to a failure of this one request (time-out, server error)."""
    try:
        from langchain_core.exceptions import (
            ModelAuthenticationError,
            ModelConnectionError,
            ModelNotFoundError,
            ModelPermissionDeniedError,
            ModelTimeoutError,
        )
    except ImportError:  # pragma: no cover - older langchain-core
        fatal_types: tuple[type, ...] = ()
        timeout_types: tuple[type, ...] = ()
    else:
        fatal_types = (
            ModelAuthenticationError,
            ModelConnectionError,
            ModelNotFoundError,
            ModelPermissionDeniedError,
        )
        timeout_types = (ModelTimeoutError,)
    names = {cls.__name__ for cls in type(exc).__mro__}
    if isinstance(exc, timeout_types) or any("Timeout" in name for name in names):
        return False
    if isinstance(exc, (*fatal_types, ConnectionError)):
        return True
    if names & {"ConnectError", "APIConnectionError", "AuthenticationError", "NotFoundError"}:
        return True
    return getattr(exc, "status_code", None) in (401, 403, 404)


def describe_failure(exc: BaseException) -> str:
    """A one-line, redacted description of a failed call."""
    message = " ".join(str(exc).split())[:300]
    return redact(f"{type(exc).__name__}: {message}" if message else type(exc).__name__)


def describe_model(model_id: str, base_url: str | None) -> str:
    """How messages name a model: its id, and the server it is reached at (credentials masked)."""
    return f"{model_id} at {redact(base_url)}" if base_url else model_id


def complete(model: BaseChatModel, system: str, user: str, model_id: str = "the LLM") -> str:
    """The model's text reply to a system and a user message.

    A failure that means the model cannot work at all raises ModelLoadError; any other failure
    is raised as is, for the caller to turn into an unverified result with a reason.
    """
    from langchain_core.messages import HumanMessage, SystemMessage

    try:
        reply = model.invoke([SystemMessage(content=system), HumanMessage(content=user)])
    except Exception as exc:
        if is_fatal(exc):
            raise ModelLoadError(
                f"{model_id} cannot be used: {describe_failure(exc)} (is the server running, "
                "the model available and the key right?)"
            ) from exc
        raise
    return str(reply.text)
