"""GNU ``msgfmt -c`` on one PO file: the reference reader of gettext, when it is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from l10n.steps.check.issue import Severity

_LINE = re.compile(r"^(.+?):(\d+): (.*)$")
# Reported by the entry check "newline" already, for the same entries, with a fix.
_NEWLINE = re.compile(r"do not both (begin|end) with '\\n'")


def find(executable: str | None = "auto") -> str | None:
    """The msgfmt to run: ``"auto"`` looks on the PATH; None means do not run it."""
    return shutil.which("msgfmt") if executable == "auto" else executable


def complaints(executable: str, root: Path, po_display: str) -> list[tuple[int | None, Severity, str]]:
    """(line, severity, text) for each complaint of ``msgfmt -c`` about ``root/po_display``."""
    done = subprocess.run([executable, "-c", "-o", os.devnull, po_display], cwd=root, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", check=False)
    found: list[tuple[int | None, Severity, str]] = []
    for raw in done.stderr.splitlines():
        match = _LINE.match(raw)
        if match and match.group(1) == po_display:
            text = match.group(3)
            severity: Severity = "warning" if text.startswith("warning: ") else "error"
            found.append((int(match.group(2)), severity, text.removeprefix("warning: ")))
    if done.returncode != 0 and not any(severity == "error" for _, severity, _ in found):
        found.append((None, "error", done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "rejected"))
    return [item for item in found if not _NEWLINE.search(item[2])]
