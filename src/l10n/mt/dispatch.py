"""Send batches to a backend, several at once, and hand every reply to the caller as it arrives.

The rules (money is involved: a reply is paid for once it is sent):

- Replies are handed to ``on_result`` in the calling thread, one at a time, as they
  arrive, so the caller can save each one before the next.
- After a backend error that retrying cannot fix, or a first Ctrl-C, nothing new is
  sent: no new batch, no retry (the translator is cancelled when it supports it), and
  back-off waits end. Replies already on their way are still waited for, up to
  ``grace`` seconds after a Ctrl-C, and handed over.
- A second Ctrl-C stops waiting at once: the replies that have already arrived are
  handed over, then dispatch returns.
- Worker threads are daemon threads, so a connection hanging on a dead server never
  keeps the process alive (``concurrent.futures`` joins its workers at exit).

Ctrl-C is caught with a SIGINT handler (when dispatch runs in the main thread), so it
never interrupts the caller in the middle of saving a reply.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from types import FrameType
from typing import Any, Protocol, cast

from l10n.errors import BackendError
from l10n.mt.backends.protocol import SupportsCancel, Translator
from l10n.mt.backends.retry import Cancelled
from l10n.mt.glossary import Glossary

logger = logging.getLogger(__name__)

_INTERRUPT = object()  # put in the reply queue by the SIGINT handler to wake the main loop


class Sender(Protocol):
    """What dispatch needs of whoever does the work: a name for messages (``cancel`` is optional)."""

    name: str


@dataclass
class Outcome:
    """How dispatch ended: ``interrupts`` Ctrl-C count, the first fatal ``error``, batches never sent."""

    interrupts: int = 0
    error: BackendError | None = None
    unsent: int = 0
    abandoned: int = 0  # batches sent whose reply was not waited for (hung at a Ctrl-C)


class _State:
    def __init__(self, batches: Sequence[Sequence[Any]]) -> None:
        self.todo: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in range(len(batches)):
            self.todo.put(index)
        self.replies: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.started = 0


def dispatch(translator: Translator | Sender, batches: Sequence[Sequence[Any]], *, glossary: Glossary | None,
             on_result: Callable[[int, Any], None], concurrency: int = 8, grace: float = 2.0,
             heartbeat: float = 10.0, clock: Callable[[], float] = time.monotonic,
             send: Callable[[Sequence[Any]], Any] | None = None) -> Outcome:
    """Translate every batch (index into ``batches``) unless stopped; see the module docstring.

    ``send`` replaces ``translator.translate`` for other paid work on batches (the judge's
    scores): ``on_result`` then gets what it returns.
    """
    state, outcome = _State(batches), Outcome()
    if not batches:
        return outcome
    if send is None:
        send = partial(cast(Translator, translator).translate, glossary=glossary)
    for n in range(min(max(1, concurrency), len(batches))):
        threading.Thread(target=_work, args=(translator, send, batches, state), daemon=True,
                         name=f"l10n-dispatch-{n}").start()
    done = 0
    deadline: float | None = None
    last = clock()
    with _sigint_to(state, outcome):
        while done < _started(state) or (not state.stop.is_set() and done < len(batches)):
            if outcome.interrupts >= 2 or (deadline is not None and clock() >= deadline):
                break
            wait = heartbeat if deadline is None else max(0.0, min(heartbeat, deadline - clock()))
            try:
                item = state.replies.get(timeout=wait)
            except queue.Empty:
                if deadline is None:
                    logger.warning("waiting for %d reply(ies) from %s (%.0f s without one)",
                                   _started(state) - done, translator.name, clock() - last)
                continue
            if item is _INTERRUPT:
                if outcome.interrupts == 1:
                    _stop(translator, state)
                    deadline = clock() + grace
                continue
            done += 1
            last = clock()
            _handle(item, translator, state, outcome, on_result)
        done += _drain(state, translator, outcome, on_result)
    outcome.unsent = len(batches) - _started(state)
    outcome.abandoned = _started(state) - done
    return outcome


def _handle(item: tuple[int, Any], translator: Sender, state: _State, outcome: Outcome,
            on_result: Callable[[int, Any], None]) -> None:
    index, reply = item
    if not isinstance(reply, BaseException):
        on_result(index, reply)
    elif isinstance(reply, Cancelled):
        pass  # never sent
    elif isinstance(reply, BackendError):
        if outcome.error is None:
            outcome.error = reply
        _stop(translator, state)
    else:
        raise reply  # a bug in a backend: show it


def _drain(state: _State, translator: Sender, outcome: Outcome, on_result: Callable[[int, Any], None]) -> int:
    """Hand over the replies that arrived but were not handled yet (second Ctrl-C, grace over)."""
    handled = 0
    while True:
        try:
            item = state.replies.get_nowait()
        except queue.Empty:
            break
        if item is not _INTERRUPT:
            handled += 1
            _handle(item, translator, state, outcome, on_result)
    return handled


def _stop(translator: Sender, state: _State) -> None:
    state.stop.set()
    if isinstance(translator, SupportsCancel):
        translator.cancel()


def _started(state: _State) -> int:
    with state.lock:
        return state.started


def _work(translator: Sender, send: Callable[[Sequence[Any]], Any], batches: Sequence[Sequence[Any]],
          state: _State) -> None:
    while not state.stop.is_set():
        with state.lock:
            if state.stop.is_set():
                return
            try:
                index = state.todo.get_nowait()
            except queue.Empty:
                return
            state.started += 1
        try:
            reply: Any = send(batches[index])
        except Exception as exc:  # handed to the main thread, which decides
            reply = exc
            if isinstance(exc, BackendError) and not isinstance(exc, Cancelled):
                _stop(translator, state)  # before this worker takes another batch
        state.replies.put((index, reply))


@contextmanager
def _sigint_to(state: _State, outcome: Outcome) -> Iterator[None]:
    """Count Ctrl-C presses and wake the main loop instead of raising KeyboardInterrupt."""

    def handler(signum: int, frame: FrameType | None) -> None:
        outcome.interrupts += 1
        state.replies.put(_INTERRUPT)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: Ctrl-C cannot reach us here anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
