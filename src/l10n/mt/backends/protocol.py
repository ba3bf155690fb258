"""What a backend is: the Translator protocol, its optional capabilities and the data it exchanges.

A backend translates one batch of units. Batching, concurrency, interrupts, the
translation memory and saving PO files are the job of :mod:`l10n.mt.dispatch` and
:mod:`l10n.steps.translate`, not of backends. Texts arrive in the XML form made by
:mod:`l10n.mt.markup` (inline Markdown as tags, ``<x id="N"/>`` placeholders that must
come back untouched).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from l10n.mt.glossary import Glossary


@dataclass(frozen=True)
class Request:
    """One unit to translate: ``text`` is XML-form source, ``context`` its paragraph (plain text).

    ``previous``: for a stale unit, (its old source in XML form, the translation of that old
    source). A backend that can edit (an LLM, :mod:`l10n.mt.redraft`) changes that translation
    as little as possible; others ignore it and translate ``text`` anew. ``around``: the
    context as its pieces (title line, paragraphs in order; ``context`` is them joined), so a
    backend can send a piece shared by several units once (:mod:`l10n.mt.context`).
    """

    id: str
    text: str
    context: str | None = None
    previous: tuple[str, str] | None = None
    around: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """A backend's translation of the request with the same ``id`` (XML form)."""

    id: str
    text: str


@dataclass(frozen=True)
class BatchResult:
    """Drafts for a batch, in request order, plus the characters the provider billed for it.

    A batch may come back partly translated (an interrupt between two HTTP requests, an LLM
    reply that stayed invalid for some units): ``drafts`` then holds only the units that
    were translated, and ``problems`` says why the others are not. ``tokens`` is what LLM
    backends report (``usage.total_tokens``); 0 when unknown.
    """

    drafts: tuple[Draft, ...]
    billed_chars: int
    tokens: int = 0
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class BackendSettings:
    """What a backend needs from the config and the environment; ``options`` is its own table."""

    source_lang: str
    target_lang: str
    options: Mapping[str, Any] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)


@runtime_checkable
class Translator(Protocol):
    """A machine-translation backend.

    ``max_batch_texts`` / ``max_batch_bytes`` say how big a batch should be; bytes count
    the texts as sent (JSON-escaped: up to 6 bytes per Japanese character), and a single
    unit bigger than ``max_batch_bytes`` (or ``max_unit_bytes``, see
    :class:`SupportsUnitLimit`) is not sent at all. ``translate`` must be safe to
    call from several threads at once.
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


@runtime_checkable
class SupportsUnitLimit(Protocol):
    """Optional: a single unit may be bigger than a batch (default: ``max_batch_bytes``)."""

    max_unit_bytes: int


@runtime_checkable
class SupportsCancel(Protocol):
    """Optional: a backend that can stop sending (first Ctrl-C) from another thread.

    After ``cancel()`` no new HTTP request or retry starts and back-off waits end at once;
    a ``translate`` call then returns what it already has (the rest of its batch missing).
    """

    def cancel(self) -> None: ...


@runtime_checkable
class SupportsClose(Protocol):
    """Optional: a backend holding connections; :func:`l10n.mt.backends.registry.opened` closes it."""

    def close(self) -> None: ...
