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
        raise AssertionError(f"{display}: translations fell back to the full parser")

    monkeypatch.setattr(pofile, "decode", fallback)
    for path in files:
        fast = pofile.translations(path.read_bytes(), display="a.po")
        assert fast is not None
        assert [(e.msgctxt, e.msgid, e.msgstr, e.flags) for e in fast] == full[path], path


def test_read_reviewed_is_reviewed_for_the_whole_file(corpus_site, tmp_path):
    """For every corpus post and its PO file (translated above), as extract left it and changed
    (an entry fuzzy, one duplicated, a unit the file lacks), read_reviewed gives what reviewed_for
    gives for the fully parsed file, and the file as extract left it takes the tuple path."""
    config, _run = corpus_site
    checked = 0
    for item in site.load_posts(config):
        if isinstance(item[1], Exception):
            continue
        segmented = item[1]
        path = config.po_path("en", segmented.post.path)
        keys = catalog.keys(segmented)
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        plain = pofile.plain_entries(path.read_bytes())
        assert plain is not None and len({(e[0], e[1]) for e in plain}) == len(plain), path
        entries = text.split("\n\n")
        variants = [text, text.replace("\n#: ", "\n#, fuzzy\n#: ", 2), text + "\n" + entries[-1].strip("\n") + "\n"]
        if len(entries) > 2:
            variants.append("\n\n".join(entries[:1] + entries[2:]))
        for n, variant in enumerate(variants):
            changed = tmp_path / f"{n}.po"
            changed.write_text(variant, encoding="utf-8")
            for wanted in (keys, keys + [(None, "ない文。")], [(c, m.replace("。", "。\n")) for c, m in keys]):
                assert catalog.read_reviewed(changed, wanted) == catalog.reviewed_for(wanted, catalog.read_po(changed))
        checked += 1
    assert checked >= 330


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
