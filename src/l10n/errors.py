"""One exception tree for the whole library; the CLI maps ``exit_code`` to the process status.

Exit codes: 0 ok · 1 check found problems · 2 usage · 3 bad input · 4 backend failed.
Any other exception is a bug in l10n: the CLI says so and exits with 70 (``EX_SOFTWARE``).
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import Protocol


class L10nError(Exception):
    """Base error: a message for the user and an optional hint that says how to fix it."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Errors travel back from worker processes (l10n.pool): keep path, line and hint.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class ProblemsFound(L10nError):
    """``l10n-blog check`` found something to fix."""

    exit_code = 1


class UsageError(L10nError):
    """The command line asked for something impossible (unknown post, bad option)."""

    exit_code = 2


class InputError(L10nError):
    """A post, PO file, config or locale is wrong; names the file and, when known, the line."""

    exit_code = 3

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, hint: str | None = None
    ) -> None:
        location = path if path is not None else ""
        if path is not None and line is not None:
            location = f"{path}:{line}"
        super().__init__(f"{location}: {message}" if location else message, hint=hint)
        self.path = path
        self.line = line
        self.reason = message


class BackendError(L10nError):
    """A translation backend failed (auth, quota, unavailable); ``retryable`` says if a retry can help."""

    exit_code = 4

    def __init__(self, message: str, *, retryable: bool, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retryable = retryable


class FileError(InputError):
    """The operating system refused to read or write a file (disk full, permissions, name too long)."""

    @classmethod
    def of(cls, exc: OSError, *, action: str, path: str) -> FileError:
        """``path: could not write: No space left on device``."""
        reason = exc.strerror or str(exc)
        return cls(f"could not {action}: {reason}", path=path, hint=_HINTS.get(exc.errno or 0))


_HINTS = {
    errno.ENOSPC: "free some disk space and run the command again",
    errno.EACCES: "check the file's and its folder's permissions",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "use a shorter file name",
}


class HasExitCode(Protocol):
    @property
    def exit_code(self) -> int: ...


def exit_code(outcomes: Iterable[HasExitCode]) -> int:
    """The process status of a run with several outcomes (errors, check issues): the worst one, 0 if none."""
    return max((outcome.exit_code for outcome in outcomes), default=0)


def _rebuild(cls: type[L10nError], args: tuple[object, ...], state: dict[str, object]) -> L10nError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
