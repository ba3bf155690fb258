"""The one secret scrubber: API keys never reach a message, an exception or a log record.

A backend calls :func:`add` with its key when it is created. :func:`scrub` cleans a
string, :func:`scrub_exception` an exception and its whole chain (we chain to library
exceptions with ``raise … from``, and a traceback shows them all), and a logging filter
on the loggers of the HTTP libraries and of ``l10n`` itself cleans every record.
"""

from __future__ import annotations

import logging
import threading

_secrets: set[str] = set()
_lock = threading.Lock()
# The client libraries log request and response bodies at DEBUG; a proxy or a future API
# might echo a key there.
LOGGERS = ("l10n", "deepl", "httpx", "httpcore", "urllib3", "requests")


def add(secret: str) -> None:
    """Remember ``secret`` (an API key) so that it is scrubbed everywhere from now on."""
    if secret:
        with _lock:
            _secrets.add(secret)
        _install()


def scrub(text: str) -> str:
    for secret in list(_secrets):
        text = text.replace(secret, "***")
    return text


def scrub_exception(exc: BaseException | None) -> None:
    """Remove every known secret from the messages of ``exc`` and of its cause/context chain."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.args = tuple(scrub(arg) if isinstance(arg, str) else arg for arg in exc.args)
        if isinstance(getattr(exc, "message", None), str):
            exc.message = scrub(exc.message)  # type: ignore[attr-defined]
        exc = exc.__cause__ or exc.__context__


class _Filter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            cleaned = scrub(message)
            if cleaned != message:
                record.msg, record.args = cleaned, ()
        return True


_filter = _Filter()


def _install() -> None:
    # Filters on a logger do not apply to its children's records, so handlers get the
    # filter too: records that propagate from any child pass through them.
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _filter not in logger.filters:
            logger.addFilter(_filter)
    for handler in logging.getLogger().handlers:
        if _filter not in handler.filters:
            handler.addFilter(_filter)
