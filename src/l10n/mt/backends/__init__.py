"""Translation backends: the protocol, the registry, the shared retry kit and the secret scrubber.

Backends live in their own modules (``deepl``, ``openai``, ``fake``) and are rows of the
table in :mod:`l10n.mt.backends.registry`; third parties add rows through entry points.
"""

from __future__ import annotations

from l10n.mt.backends import registry, secrets
from l10n.mt.backends.protocol import (
    BackendSettings,
    BatchResult,
    Draft,
    Request,
    SupportsCancel,
    SupportsClose,
    SupportsGlossarySync,
    SupportsUnitLimit,
    SupportsUsage,
    Translator,
)
from l10n.mt.backends.registry import create, names, opened, register
from l10n.mt.glossary import Glossary

__all__ = [
    "BackendSettings", "BatchResult", "Draft", "Glossary", "Request", "SupportsCancel", "SupportsClose",
    "SupportsGlossarySync", "SupportsUnitLimit", "SupportsUsage", "Translator", "create", "names", "opened",
    "register", "registry", "secrets",
]
