"""Whole-pipeline golden files: tests/data/<case>/ holds post.md and translations.json; the
expected PO file and built post are compared byte for byte (``pytest --regen`` rewrites them)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n.po import catalog
from l10n.steps import build, extract

DATA = Path(__file__).parent / "data"
CASES = sorted(p.name for p in DATA.iterdir() if (p / "post.md").exists())
CONFIG = 'list_keys = ["tags", "categories"]\nextra_keys = { en = { lang = "en" } }\n'


def _pipeline(case: Path, root: Path) -> tuple[bytes, bytes]:
    (root / "posts" / "ja").mkdir(parents=True)
    shutil.copy(case / "post.md", root / "posts" / "ja" / "post.md")
    (root / "l10n.toml").write_text(CONFIG, encoding="utf-8")
    config = config_io.load(root)
    assert not extract.extract(config).errors
    po_path = root / "locales" / "en" / "post.po"
    translations = json.loads((case / "translations.json").read_text("utf-8")) if (case / "translations.json").exists() else {}
    po = catalog.read_po(po_path)
    catalog.save(po_path, [replace(e, msgstr=translations.get(e.msgid, "")) for e in po], lang="en", post_display="posts/ja/post.md", old=po)
    run = build.build(config, threshold=0.0)
    assert not run.errors
    po_text = po_path.read_text("utf-8")
    # dates move with the clock, X-Generator with each release
    po_text = "\n".join(line for line in po_text.split("\n") if "-Date:" not in line and "X-Generator:" not in line)
    return po_text.encode(), (root / "posts" / "en" / "post.md").read_bytes()


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, tmp_path: Path, regen: bool) -> None:
    case = DATA / name
    po, built = _pipeline(case, tmp_path)
    if regen:
        (case / "expected.po").write_bytes(po)
        (case / "expected.md").write_bytes(built)
    assert po == (case / "expected.po").read_bytes()
    assert built == (case / "expected.md").read_bytes()
