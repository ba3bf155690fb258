"""A deterministic, offline backend for tests and demos (``backend = "fake"``).

Options (``[tool.l10n.backends.fake]``):

- ``mode``: ``"prefix"`` (default) puts ``[EN-US] `` before each text; ``"identity"``
  returns the text unchanged (the build must then give the source post back byte for
  byte); ``"upper"`` upper-cases the text between tags.
- ``max_batch_texts`` / ``max_batch_bytes``: batch limits to advertise (defaults 50 / 32 KiB).

Tags and ``<x id="N"/>`` placeholders always come back unchanged. Glossary terms are
replaced by their target terms, so glossary handling can be tested end to end.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from l10n.errors import UsageError
from l10n.mt.backends.protocol import BackendSettings, BatchResult, Draft, Request
from l10n.mt.glossary import Glossary

_TAG = re.compile(r"(<[^<>]*>)")
_MODES = ("prefix", "identity", "upper")


class FakeTranslator:
    """Translates by a fixed rule; counts calls and billed characters (thread-safe)."""

    name = "fake"

    def __init__(self, settings: BackendSettings) -> None:
        mode = str(settings.options.get("mode", "prefix"))
        if mode not in _MODES:
            raise UsageError(f"unknown fake backend mode {mode!r}", hint=f"choose one of: {', '.join(_MODES)}")
        self.mode = mode
        self.target_lang = settings.target_lang
        self.max_batch_texts = int(settings.options.get("max_batch_texts", 50))
        self.max_batch_bytes = int(settings.options.get("max_batch_bytes", 32 * 1024))
        self.calls = 0
        self.billed_total = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FakeTranslator(mode={self.mode!r}, target_lang={self.target_lang!r})"

    def translate(self, batch: Sequence[Request], *, glossary: Glossary | None = None) -> BatchResult:
        drafts = tuple(Draft(request.id, self._convert(request.text, glossary)) for request in batch)
        billed = sum(len(request.text) for request in batch)
        with self._lock:
            self.calls += 1
            self.billed_total += billed
        return BatchResult(drafts, billed)

    def usage(self) -> tuple[int, int | None]:
        """Characters billed by this instance so far; the fake has no limit."""
        return self.billed_total, None

    def _convert(self, text: str, glossary: Glossary | None) -> str:
        if self.mode == "identity":
            return text
        parts = _TAG.split(text)
        # Odd indexes are tags (re.split keeps the captured separators): leave them alone.
        for index in range(0, len(parts), 2):
            parts[index] = self._convert_text(parts[index], glossary)
        converted = "".join(parts)
        return f"[{self.target_lang}] {converted}" if self.mode == "prefix" else converted

    def _convert_text(self, text: str, glossary: Glossary | None) -> str:
        if glossary is not None:
            for source, target in glossary.entries:
                text = text.replace(source, target)
        return text.upper() if self.mode == "upper" else text
