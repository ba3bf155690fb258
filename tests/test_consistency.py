"""``l10n-blog consistency``: units and terms translated in different ways across a site."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.core.text import normalize
from l10n.po import catalog
from l10n.steps import extract
from l10n.steps.consistency import consistency
from tests.conftest import CORPUS


def fill(root: Path, translate) -> None:
    """Give every entry of every PO file the translation ``translate(po_path, entry)`` (reviewed)."""
    for path in sorted((root / "locales").rglob("*.po")):
        po = catalog.read_po(path)
        assert po is not None
        catalog.save(path, [replace(e, msgstr=translate(path, e), flags=()) if not e.obsolete else e for e in po],
                     lang="en", post_display=po.metadata["Project-Id-Version"], old=po)


@pytest.mark.slow
def test_every_planted_inconsistency_in_the_corpus_is_found_and_nothing_else(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    shutil.copytree(CORPUS, tmp_path / "posts" / "ja")
    (tmp_path / "l10n.toml").write_text('list_keys = ["tags", "categories"]\n', encoding="utf-8")
    config = config_io.load(tmp_path)
    extract.extract(config)
    where: dict[str, list[Path]] = defaultdict(list)  # msgid -> PO files that hold it
    for path in sorted((tmp_path / "locales").rglob("*.po")):
        for entry in catalog.read_po(path) or ():
            if not entry.obsolete and path not in where[entry.msgid]:
                where[entry.msgid].append(path)
    # The report names a unit by its whitespace-normalized text: plant in msgids that are already normal.
    shared = sorted(m for m, files in where.items() if len(files) >= 2 and any("\u3040" <= c <= "\u9fff" for c in m)
                    and normalize(m) == m)
    assert len(shared) >= 6
    # A sentence, a heading or tag, whatever is shared: every 1 in len/6, translated differently in one file.
    planted = {shared[n * len(shared) // 6]: where[shared[n * len(shared) // 6]][-1] for n in range(6)}
    fill(tmp_path, lambda path, e: f"{e.msgid} (planted)" if planted.get(e.msgid) == path else e.msgid)
    report = consistency(config, "en")
    found = {normalize(f.source): f for f in report.findings if f.kind == "unit"}
    assert set(found) == {normalize(m) for m in planted}
    for msgid, path in planted.items():
        variants = {v.text: v for v in found[normalize(msgid)].variants}
        odd = variants[f"{msgid} (planted)"]
        assert [p.po for p in odd.places] == [path.relative_to(tmp_path).as_posix()]
        assert len(variants[msgid].places) == len(where[msgid]) - 1 + (len(where[msgid]) == 1)


POSTS = {
    f"p{n}.md": f"推論の{topic}について書きます。\n" for n, topic in enumerate(["速度", "費用", "精度", "仕組み", "将来", "課題"])
} | {f"q{n}.md": f"学習の{topic}について書きます。\n" for n, topic in enumerate(["時間", "方法", "データ", "結果"])}
ENGLISH = {
    "時間": "I write about the time training takes.", "方法": "I write about training methods.",
    "データ": "I write about training data.", "結果": "I write about training results.",
    "速度": "I write about the speed of inference.", "費用": "I write about the cost of inference.",
    "精度": "I write about the accuracy of inference.", "仕組み": "I write about how inference works.",
    "将来": "I write about the future of reasoning.", "課題": "I write about the challenges of reasoning.",
}


def test_a_term_rendered_two_ways_is_reported_with_counts_and_places(site):
    root = site(POSTS, 'unit = "paragraph"\n')
    config = config_io.load(root)
    extract.extract(config)
    fill(root, lambda path, e: next(v for k, v in ENGLISH.items() if k in e.msgid))
    report = consistency(config, "en")
    [term] = [f for f in report.findings if f.kind == "term" and f.source == "推論"]
    assert [(v.text, len(v.places)) for v in term.variants] == [("inference", 4), ("reasoning", 2)]
    assert {p.po for p in term.variants[1].places} == {"locales/en/p4.po", "locales/en/p5.po"}


def test_a_clear_rendering_is_suggested_for_the_glossary_unless_it_is_there(site):
    root = site(POSTS, 'unit = "paragraph"\n')
    config = config_io.load(root)
    extract.extract(config)
    fill(root, lambda path, e: next(v for k, v in ENGLISH.items() if k in e.msgid).replace("reasoning", "inference"))
    assert ("推論", "inference", 6, 6) in consistency(config, "en").suggestions
    (root / "locales" / "glossary").mkdir(parents=True)
    (root / "locales" / "glossary" / "ja-en.tsv").write_text("推論\tinference\n", encoding="utf-8")
    assert all(s[0] != "推論" for s in consistency(config, "en").suggestions)


def test_the_command_prints_json(site):
    root = site(POSTS, 'unit = "paragraph"\n')
    extract.extract(config_io.load(root))
    fill(root, lambda path, e: next(v for k, v in ENGLISH.items() if k in e.msgid).replace("reasoning", "inference"))
    result = CliRunner().invoke(app, ["consistency", "-C", str(root), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["units"] == 10
    assert data["findings"] == []
