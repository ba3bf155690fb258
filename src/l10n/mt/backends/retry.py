"""The one retry loop of every backend: exponential back-off with jitter, ``Retry-After``, cancel.

Options read from a backend's table: ``max_retries`` (default 4), ``backoff`` (first delay
in s, default 1.0, doubled each retry up to ``backoff_max`` = 30). The delay of retry n is
``min(backoff_max, backoff * 2**n)`` times a random factor in [0.5, 1) (jitter: parallel
workers that failed together do not retry together), and never shorter than the
server's ``Retry-After`` (capped at ``backoff_max``).

Each retry is logged at WARNING, one line each, so a user sees why a run is slow. After
:meth:`Retrier.cancel` (first Ctrl-C) no attempt starts and a back-off wait ends at once.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from l10n.errors import BackendError
from l10n.mt.backends import secrets

logger = logging.getLogger(__name__)

T = TypeVar("T")


class RetryLater(BackendError):
    """A retryable failure for which the server asked to wait ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: float, hint: str | None = None) -> None:
        super().__init__(message, retryable=True, hint=hint)
        self.retry_after = retry_after


class Cancelled(BackendError):
    """Nothing was sent: the run was interrupted before this attempt."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}: not sent (interrupted)", retryable=False)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4
    backoff: float = 1.0
    backoff_max: float = 30.0

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> RetryPolicy:
        return cls(int(options.get("max_retries", 4)), float(options.get("backoff", 1.0)),
                   float(options.get("backoff_max", 30.0)))

    def delay(self, retry: int, error: BackendError, rng: float) -> float:
        """Seconds to wait before retry number ``retry`` (0-based); ``rng`` is in [0, 1)."""
        delay = min(self.backoff_max, self.backoff * 2**retry) * (0.5 + rng / 2)
        if isinstance(error, RetryLater):
            delay = max(delay, min(error.retry_after, self.backoff_max))
        return delay


class Retrier:
    """Runs attempts under a :class:`RetryPolicy`; one per translator, shared by its threads.

    ``sleep`` replaces the (cancellable) wait in tests; ``rng`` replaces the jitter.
    """

    def __init__(self, policy: RetryPolicy, *, name: str, sleep: Callable[[float], None] | None = None,
                 rng: Callable[[], float] = random.random) -> None:
        self.policy, self.name = policy, name
        self._sleep, self._rng = sleep, rng
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def call(self, what: str, attempt: Callable[[], T]) -> T:
        """``attempt()`` until it succeeds, fails for good, runs out of retries or is cancelled.

        ``attempt`` raises :class:`BackendError` (its ``retryable`` decides); other
        exceptions are bugs and pass through.
        """
        retry = 0
        while True:
            if self.cancelled:
                raise Cancelled(f"{self.name} {what}")
            try:
                return attempt()
            except BackendError as error:
                if not error.retryable or retry >= self.policy.max_retries or self.cancelled:
                    raise
                delay = self.policy.delay(retry, error, self._rng())
                retry += 1
                logger.warning("%s; retry %d of %d in %.1f s", secrets.scrub(str(error)), retry,
                               self.policy.max_retries, delay)
            self._wait(delay)

    def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        else:
            self._cancelled.wait(seconds)
