"""Loggers for modules on every command's path: ``logging`` (1.2 ms to import) loads with the first message.

A run that goes well logs nothing, so a one-post or no-change command never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


def logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)``, importing ``logging`` on the first call."""
    import logging

    return logging.getLogger(name)
