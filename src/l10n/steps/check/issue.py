"""What a check reports (:class:`Issue`) and what a row of the check tables holds (:class:`Check`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Generic, Literal, TypeVar

from l10n.errors import InputError, ProblemsFound

# A row's name (see the tables in .entries, .posts, .orphans), or "input" / "po-syntax" when a
# file could not be read at all. A plain string, so that a new check is one function and one row.
IssueKind = str
Severity = Literal["error", "warning"]
Subject = TypeVar("Subject")


@dataclass(frozen=True)
class Issue:
    """One problem: where it is, what is wrong, how to fix it."""

    kind: IssueKind
    path: str
    line: int | None
    message: str
    fix: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def exit_code(self) -> int:
        """What this issue alone makes ``l10n-blog check`` exit with (combined by :func:`l10n.errors.exit_code`)."""
        if self.kind == "input":
            return InputError.exit_code
        return ProblemsFound.exit_code if self.severity == "error" else 0

    def __str__(self) -> str:
        level = "warning: " if self.severity == "warning" else ""
        return f"{self.location}: {level}{self.message} — {self.fix}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """What a check function returns; the row fills in what is left out (path, line, fix, severity)."""

    message: str
    line: int | None = None
    path: str | None = None
    fix: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class Check(Generic[Subject]):
    """A row of a check table: adding a check is a function and one of these."""

    name: IssueKind
    severity: Severity
    function: Callable[[Subject], Iterable[Finding]]
    fix: str

    def issues(self, subject: Subject, *, path: str, line: int | None = None) -> list[Issue]:
        """Run the check on ``subject``; ``path`` and ``line`` are the defaults for its findings."""
        return [Issue(self.name, f.path or path, f.line if f.line is not None else line, f.message,
                      f.fix or self.fix, f.severity or self.severity)
                for f in self.function(subject)]
