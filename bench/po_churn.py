"""PO churn: lines of a PO file that change when one paragraph is inserted at the top of a post.

    .venv/bin/python bench/po_churn.py [--units 100]

A post of ``--units`` sentence units (two sentences per paragraph) is extracted, one
one-sentence paragraph is inserted above the first, and the post is extracted again;
the figure is the number of PO lines removed plus added (``diff`` lines), for each
``location`` setting (gettext's ``--add-location``). Each PO file is also checked with
``msgfmt -c`` and ``msgcat --no-wrap`` (it must come back unchanged) when gettext is installed.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import tempfile
from pathlib import Path

from l10n.config import from_mapping
from l10n.steps import extract

INSERTED = "この段落はあとから先頭に追加しました。"


def post(units: int, *, inserted: bool) -> str:
    paragraphs = [f"{n}番目の段落の最初の文です。{n}番目の段落の二つ目の文です。" for n in range(1, units // 2 + 1)]
    body = ([INSERTED] if inserted else []) + paragraphs
    return "---\ntitle: 変更の測定\n---\n\n" + "\n\n".join(body) + "\n"


def gettext_ok(path: Path) -> str:
    if shutil.which("msgfmt") is None or shutil.which("msgcat") is None:
        return "gettext not installed"
    fmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    cat = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True)
    same = cat.stdout == path.read_text("utf-8")
    checked = "ok" if fmt.returncode == 0 else "FAILED"
    return f"msgfmt -c {checked}, msgcat --no-wrap {'unchanged' if same else 'CHANGES it'}"


def churn(location: str, units: int) -> tuple[int, int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "posts" / "ja" / "post.md"
        source.parent.mkdir(parents=True)
        config = from_mapping(root, {"location": location})
        source.write_text(post(units, inserted=False), "utf-8")
        extract.extract(config)
        po = root / "locales" / "en" / "post.po"
        before = po.read_text("utf-8").splitlines()
        source.write_text(post(units, inserted=True), "utf-8")
        extract.extract(config)
        after = po.read_text("utf-8").splitlines()
        changed = [line for line in difflib.unified_diff(before, after, n=0, lineterm="")
                   if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        header = [line for line in changed if "POT-Creation-Date" in line or "PO-Revision-Date" in line]
        return len(changed) - len(header), len(header), gettext_ok(po)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    args = parser.parse_args()
    print(f"one paragraph (1 unit) inserted at the top of a {args.units}-unit post; new entry: 4 lines + 1 blank")
    for location in ("line", "file", "never"):
        lines, dates, tools = churn(location, args.units)
        print(f"location = {location:6} {lines:4} PO lines changed (+{dates} header date lines)  [{tools}]")


if __name__ == "__main__":
    main()
