"""Both cores for cold runs: posts processed in worker processes, results in the same order.

Workers are forked, so they share the parent's loaded modules and settings and only file
names travel to them; what comes back (outcomes, errors) is pickled. Output bytes and
error reports are the same as in one process: each post is processed by the same function,
and results are yielded in the order of ``files``.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

R = TypeVar("R")
T = TypeVar("T")  # a post's file, or a group of them

# Below this many posts a pool costs more (forking, pickling) than it saves.
MIN_POSTS = 48
_work: Callable[[Any], Any] | None = None


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_posts(work: Callable[[T], R], files: Sequence[T], *, jobs: int) -> Iterator[R]:
    """``work(file)`` for every file (or group of files), in order; in ``jobs`` forked processes when that pays."""
    import multiprocessing  # only runs with work to share load it (a no-change run asks only default_jobs)

    if jobs <= 1 or len(files) < MIN_POSTS or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, files)
        return
    global _work
    _work = work  # inherited by the forked workers; never pickled
    chunk = max(1, min(16, len(files) // (jobs * 8)))
    # The parent's objects are frozen for the fork: the workers' collections then never walk them
    # (nor write to their pages, which the workers would otherwise copy one by one).
    gc.freeze()
    try:
        workers = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals)
    finally:
        gc.unfreeze()
    try:
        yield from workers.imap(_call, files, chunksize=chunk)
        workers.close()
    except BaseException:
        workers.terminate()  # Ctrl-C or an error: the workers stop where they are (see _worker_signals)
        raise
    finally:
        workers.join()
        _work = None


def _call(file: Any) -> Any:
    assert _work is not None
    return _work(file)


def _worker_signals() -> None:
    # Ctrl-C reaches the workers too (same process group), and the parent's terminate() sends
    # SIGTERM: either way a worker leaves through SystemExit, which removes its temporary
    # files (write_atomic cleans up on any exception) and prints no traceback.
    signal.signal(signal.SIGTERM, _leave)
    signal.signal(signal.SIGINT, _leave)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - a worker never reads the terminal


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
