"""PO churn: lines of a PO file that change when one paragraph is inserted at the top of a post.

    .venv/bin/python bench/po_churn.py [--units 100] [--corpus 60]

A post of ``--units`` sentence units (two sentences per paragraph) is extracted, one
one-sentence paragraph is inserted above the first, and the post is extracted again;
the figure is the number of PO lines removed plus added (``diff`` lines), for each
``location`` setting (gettext's ``--add-location``). Then, for ``paragraph_comment`` on and
off (location ``file``): the same insertion, one word changed in a sentence, and the file size;
``--corpus N``: the PO bytes of N posts of ../shared/corpus, extracted with the comment on and
off. Each PO file is also checked with ``msgfmt -c`` and ``msgcat --no-wrap`` (it must come
back unchanged) when gettext is installed.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from l10n.config import from_mapping
from l10n.steps import extract

INSERTED = "この段落はあとから先頭に追加しました。"


def post(units: int, *, inserted: bool, edited: bool = False) -> str:
    paragraphs = [f"{n}番目の段落の最初の文です。{n}番目の段落の二つ目の文です。" for n in range(1, units // 2 + 1)]
    body = ([INSERTED] if inserted else []) + paragraphs
    text = "---\ntitle: 変更の測定\n---\n\n" + "\n\n".join(body) + "\n"
    return text.replace("。7番目の段落の二つ目", "。7番目の段落の二番目") if edited else text


def gettext_ok(path: Path) -> str:
    if shutil.which("msgfmt") is None or shutil.which("msgcat") is None:
        return "gettext not installed"
    fmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    cat = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True)
    same = cat.stdout == path.read_text("utf-8")
    checked = "ok" if fmt.returncode == 0 else "FAILED"
    return f"msgfmt -c {checked}, msgcat --no-wrap {'unchanged' if same else 'CHANGES it'}"


def churn(location: str, units: int, *, comment: bool = True, edit: bool = False) -> tuple[int, int, str, int]:
    """(lines changed, header date lines, gettext verdict, bytes of the PO file before the change)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "posts" / "ja" / "post.md"
        source.parent.mkdir(parents=True)
        config = from_mapping(root, {"location": location, "paragraph_comment": comment})
        source.write_text(post(units, inserted=False), "utf-8")
        extract.extract(config)
        po = root / "locales" / "en" / "post.po"
        size = po.stat().st_size
        before = po.read_text("utf-8").splitlines()
        source.write_text(post(units, inserted=not edit, edited=edit), "utf-8")
        extract.extract(config)
        after = po.read_text("utf-8").splitlines()
        changed = [line for line in difflib.unified_diff(before, after, n=0, lineterm="")
                   if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        header = [line for line in changed if "POT-Creation-Date" in line or "PO-Revision-Date" in line]
        return len(changed) - len(header), len(header), gettext_ok(po), size


def corpus_bytes(posts: int, comment: bool) -> tuple[int, int]:
    """(PO files, their bytes) after extracting ``posts`` corpus posts."""
    from bench_pipeline import make_site

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_site(root, posts, "sentence")
        extract.extract(from_mapping(root, {"paragraph_comment": comment, "list_keys": ["tags"]}))
        files = list((root / "locales").rglob("*.po"))
        return len(files), sum(f.stat().st_size for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--corpus", type=int, default=0, metavar="POSTS")
    args = parser.parse_args()
    print(f"one paragraph (1 unit) inserted at the top of a {args.units}-unit post; new entry: 4 lines + 1 blank")
    for location in ("line", "file", "never"):
        lines, dates, tools, _size = churn(location, args.units)
        print(f"location = {location:6} {lines:4} PO lines changed (+{dates} header date lines)  [{tools}]")
    print("location = file, paragraph_comment on / off:")
    for comment in (True, False):
        inserted, _dates, tools, size = churn("file", args.units, comment=comment)
        edited, _dates, _tools, _size = churn("file", args.units, comment=comment, edit=True)
        print(f"paragraph_comment = {str(comment).lower():5}  insert a paragraph: {inserted} lines, change one word: "
              f"{edited} lines, PO file {size:,} bytes  [{tools}]")

    if args.corpus:
        (files, on), (_files, off) = corpus_bytes(args.corpus, True), corpus_bytes(args.corpus, False)
        print(f"{args.corpus} corpus posts, {files} PO files: {on:,} bytes with the comment, {off:,} without "
              f"(+{on / off - 1:.0%})")


if __name__ == "__main__":
    main()
