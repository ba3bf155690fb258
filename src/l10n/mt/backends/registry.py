"""The table of backends: built-in rows, rows added at run time, and third-party entry points.

A third-party package adds a backend by declaring an entry point in the ``l10n.backends``
group whose object takes :class:`BackendSettings` and returns a :class:`Translator`::

    [project.entry-points."l10n.backends"]
    mybackend = "my_package.backend:MyTranslator"

Built-in rows are "module:attribute" strings, imported only when that backend is used,
so ``l10n-blog --version`` never imports ``deepl`` or ``httpx``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from importlib.metadata import entry_points

from l10n.errors import BackendError, UsageError
from l10n.extras import needs
from l10n.mt.backends.protocol import BackendSettings, SupportsClose, Translator

logger = logging.getLogger(__name__)

Factory = Callable[[BackendSettings], Translator]
ENTRY_POINT_GROUP = "l10n.backends"

BUILTIN: dict[str, str] = {
    "deepl": "l10n.mt.backends.deepl:DeepLTranslator",
    "openai": "l10n.mt.backends.openai:OpenAITranslator",
    "fake": "l10n.mt.backends.fake:FakeTranslator",
}
EXTRAS: dict[str, str] = {"openai": "llm"}  # built-in backends whose packages are an extra (l10n.extras)
_added: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    """Add (or replace) a backend at run time, e.g. in a test or a plug-in's own setup."""
    _added[name] = factory


def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def names() -> list[str]:
    """Every backend name: built-in, registered and installed through entry points."""
    return sorted({*BUILTIN, *_added, *_entry_points()})


def factory(name: str) -> Factory:
    """The factory for ``name``; a UsageError names the choices for an unknown one."""
    if name in _added:
        return _added[name]
    if name in BUILTIN:
        module, _, attribute = BUILTIN[name].partition(":")
        with needs(EXTRAS[name], f"the {name} backend") if name in EXTRAS else nullcontext():
            loaded: Factory = getattr(importlib.import_module(module), attribute)
        return loaded
    installed = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if name in installed:
        try:
            plugin: Factory = installed[name].load()
        except Exception as exc:  # a broken plug-in is the user's environment, not our bug
            raise BackendError(f"backend {name!r} ({installed[name].value}) cannot be loaded: {exc}",
                               retryable=False, hint="reinstall the package that provides it") from exc
        return plugin
    raise UsageError(f"unknown backend {name!r}", hint=f"choose one of: {', '.join(names())}")


def create(name: str, settings: BackendSettings) -> Translator:
    """Instantiate the backend ``name``."""
    translator = factory(name)(settings)
    if not isinstance(translator, Translator):
        raise BackendError(f"backend {name!r} does not provide name, max_batch_texts, max_batch_bytes and translate",
                           retryable=False)
    return translator


@contextmanager
def opened(name: str, settings: BackendSettings) -> Iterator[Translator]:
    """``create`` as a context manager: the translator's connections are closed at the end."""
    translator = create(name, settings)
    try:
        yield translator
    finally:
        if isinstance(translator, SupportsClose):
            translator.close()
