"""Whole-pipeline checks over the 337 real posts of ../shared/corpus (skipped when absent)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n import project as site
from l10n.core.text import normalize
from l10n.files import find_posts
from l10n.po import catalog, pofile
from l10n.steps import build, extract
from tests.conftest import CORPUS, SITE_POST, needs_gettext

BROKEN = {
    "Go for Windows： ビルド時に「Git の」バージョン情報を埋め込みたい.md": 2,
    "[vmware] Windows7／8でも、ホストの bin ディレクトリをゲストで共有したい！.md": 2,
    "[傾向と対策] なぜ、Windows 8 から多くのコンソールアプリケーションで日本語が入力できなくなったのか.md": 2,
}


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> tuple[config_io.Config, site.Run]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    root = tmp_path_factory.mktemp("corpus-site")
    shutil.copytree(CORPUS, root / "posts" / "ja")
    if SITE_POST.exists():
        shutil.copy(SITE_POST, root / "posts" / "ja" / SITE_POST.name)
    (root / "l10n.toml").write_text('list_keys = ["tags", "categories"]\n', encoding="utf-8")
    config = config_io.load(root)
    return config, extract.extract(config)


def test_broken_yaml_posts_reported_with_line_and_others_processed(corpus_site):
    config, run = corpus_site
    reported = {Path(e.path).name: e.line for e in run.errors}  # type: ignore[attr-defined]
    assert reported == BROKEN
    assert all("frontmatter is not valid YAML" in str(e) for e in run.errors)
    assert len(run.outcomes) == len(find_posts(config.source_dir)) - len(BROKEN) == 335


def test_identity_translation_gives_every_post_back_byte_for_byte(corpus_site):
    config, _run = corpus_site
    for po_file in (config.root / "locales").rglob("*.po"):
        po = catalog.read_po(po_file)
        catalog.save(po_file, [replace(e, msgstr=e.msgid) for e in po], lang="en", post_display=po.metadata["Project-Id-Version"], old=po)
    run = build.build(config)
    assert not [o for o in run.outcomes if o.action == "skipped"]
    mismatched = [
        o.post for o in run.outcomes
        if (config.root / o.detail).read_bytes() != (config.root / o.post).read_bytes()
    ]
    assert mismatched == []
    assert len(run.outcomes) >= 330


def test_builds_fast_po_reader_reads_what_the_full_parser_reads(corpus_site, monkeypatch):
    """Every PO file of the corpus (translated by the test above) takes the one-regex path and agrees with parse."""
    config, _run = corpus_site
    files = sorted((config.root / "locales").rglob("*.po"))
    assert len(files) >= 330
    full = {path: [(e.msgctxt, e.msgid, e.msgstr, e.flags) for e in pofile.read(path) if not e.obsolete]
            for path in files}

    def fallback(data: bytes, *, display: str) -> None:
        raise AssertionError(f"{display}: read_translations fell back to the full parser")

    monkeypatch.setattr(pofile, "decode", fallback)
    for path in files:
        fast = pofile.read_translations(path)
        assert fast is not None
        assert [(e.msgctxt, e.msgid, e.msgstr, e.flags) for e in fast] == full[path], path


@needs_gettext
def test_gettext_accepts_every_po_file_unchanged(corpus_site):
    config, _run = corpus_site
    files = sorted((config.root / "locales").rglob("*.po"))
    assert len(files) >= 330
    for path in files:
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True, capture_output=True)
        again = subprocess.run(["msgcat", "--no-wrap", str(path)], check=True, capture_output=True).stdout
        assert again == path.read_bytes(), path


def test_markup_survives_the_xml_round_trip_for_every_unit(tmp_path):
    """A backend that returns its input must give every unit's Markdown back unchanged."""
    from l10n.steps.translate import translate

    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    shutil.copytree(CORPUS, tmp_path / "posts" / "ja")
    (tmp_path / "l10n.toml").write_text('[backends.fake]\nmode = "identity"\n', encoding="utf-8")
    config = config_io.load(tmp_path)
    summary = translate(config, lang="en", env={}, backend="fake", concurrency=2)
    assert summary.sent > 10_000 and summary.markup_problems == 0
    entries = [e for path in (tmp_path / "locales").rglob("*.po") for e in catalog.read_po(path)]
    changed = [(e.msgid, e.msgstr) for e in entries if e.msgstr != e.msgid]
    # Only whitespace-insensitive twins may differ: one draft serves "示した（主格）" and "示した （主格）".
    # (11 since HTML blocks are units: Hatena exports repeat their paragraphs with other line breaks.)
    assert all(normalize(a) == normalize(b) for a, b in changed) and len(changed) < 20
    assert len(entries) > 20_000
