"""The Translator protocol and the registry of backends.

A backend translates one batch of units. Batching, concurrency, the translation
memory and saving PO files are the job of :mod:`l10n.translate`, not of backends.
Texts arrive in the XML form made by :mod:`l10n.markup` (inline Markdown as tags,
``<x id="N"/>`` placeholders that must come back untouched).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Request:
    """One unit to translate: ``text`` is XML-form source, ``context`` its paragraph (plain text)."""

    id: str
    text: str
    context: str | None = None


@dataclass(frozen=True)
class Draft:
    """A backend's translation of the request with the same ``id`` (XML form)."""

    id: str
    text: str


@dataclass(frozen=True)
class BatchResult:
    """Drafts for a batch, in request order, plus the characters the provider billed for it.

    ``tokens`` is what LLM backends report (``usage.total_tokens``); 0 when unknown.
    """

    drafts: tuple[Draft, ...]
    billed_chars: int
    tokens: int = 0


@dataclass(frozen=True)
class Glossary:
    """Terminology for one language pair: source term -> target term, and a content hash."""

    source_lang: str
    target_lang: str
    entries: tuple[tuple[str, str], ...]
    digest: str = ""


@dataclass(frozen=True)
class BackendSettings:
    """What a backend needs from the config and the environment; ``options`` is its own table."""

    source_lang: str
    target_lang: str
    options: Mapping[str, Any] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)


class Translator(Protocol):
    """A machine-translation backend.

    ``max_batch_texts`` / ``max_batch_bytes`` say how big a batch should be; bytes count
    the texts as sent (JSON-escaped: up to 6 bytes per Japanese character). ``translate``
    must be safe to call from several threads at once.
    """

    name: str
    max_batch_texts: int
    max_batch_bytes: int

    def translate(self, batch: Sequence[Request], *, glossary: Glossary | None = None) -> BatchResult:
        """Translate one batch; raise :class:`l10n.errors.BackendError` on failure."""
        ...


@runtime_checkable
class SupportsUsage(Protocol):
    """Optional: a backend that can report its account usage (for ``--dry-run``)."""

    def usage(self) -> tuple[int, int | None]:
        """Characters used in this billing period and the limit (None: no limit known)."""
        ...


@runtime_checkable
class SupportsGlossarySync(Protocol):
    """Optional: a backend that stores glossaries on the provider's side."""

    def sync_glossary(self, glossary: Glossary) -> str:
        """Make sure the provider has ``glossary``; return its provider-side id."""
        ...


Factory = Callable[[BackendSettings], Translator]
_REGISTRY: dict[str, Factory] = {}


def register(name: str) -> Callable[[Factory], Factory]:
    """Class/function decorator that makes a backend available under ``name``."""

    def decorate(factory: Factory) -> Factory:
        _REGISTRY[name] = factory
        return factory

    return decorate


def names() -> list[str]:
    """Registered backend names."""
    _load_builtin()
    return sorted(_REGISTRY)


def create(name: str, settings: BackendSettings) -> Translator:
    """Instantiate the backend ``name``; raises UsageError for unknown names."""
    from l10n.errors import UsageError

    _load_builtin()
    if name not in _REGISTRY:
        raise UsageError(f"unknown backend {name!r}", hint=f"choose one of: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](settings)


def _load_builtin() -> None:
    from l10n.mt.backends import deepl, fake, openai  # noqa: F401  (modules register themselves)
