"""GNU ``msgfmt -c`` on one PO file: the reference reader of gettext, when it is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
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


# Files that may share one msgfmt run: their own charset (a header naming UTF-8, so no file is
# read in the charset of the one before it), no domain directive of their own, no BOM.
_DOMAIN = re.compile(rb"^[ \t]*domain\b", re.M)


def shareable(data: bytes) -> bool:
    """Whether ``accepted`` may check this PO file together with others."""
    header = data.split(b"\n\n", 1)[0]
    return b"charset=UTF-8" in header and not data.startswith(b"\xef\xbb\xbf") and not _DOMAIN.search(data)


def accepted(executable: str, files: list[bytes]) -> bool:
    """Whether ``msgfmt -c`` has nothing at all to say about any of these (``shareable``) files.

    One process for all of them: each file is its own domain (``domain "…"`` before it), and
    msgfmt checks each domain's messages and header on their own. Only a silent, successful
    run counts; anything said (whichever file it is about) means: run each file alone, for
    the exact complaints.
    """
    text = b"".join(b'domain "l10n-check-%d"\n%s\n' % (n, data) for n, data in enumerate(files))
    with tempfile.TemporaryDirectory(prefix="l10n-msgfmt-") as folder:  # msgfmt writes one .mo per domain there
        done = subprocess.run([executable, "-c", "-"], cwd=folder, input=text, capture_output=True, check=False)
    return done.returncode == 0 and not done.stdout.strip() and not done.stderr.strip()
