"""An author edits a real, fully translated post; extract must keep every translation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from l10n import config as config_io
from l10n.po import catalog
from l10n.steps import extract
from tests.conftest import SITE_POST, make_site

EDITED_FROM = "ディープラーニングの黎明期で、研究室レベルの話が中心だったんだ。"
EDITED_TO = "ディープラーニングの黎明期で、大学の研究室レベルの話が中心だったんだ。"
INSERTED = "\n\nこれは新しく追加した段落です。読者からの質問に答えておきたい。"
DELETED_START = "投資家や技術者にとっては"
REWRAPPED_START = "Amazonが、こうした過去の教訓"


def _paragraph(text: str, start: str) -> str:
    begin = text.index(start)
    return text[begin : text.index("\n\n", begin)]


def _rewrap(paragraph: str) -> str:
    # Break lines inside sentences after a comma, as a hard-wrapping editor would.
    return paragraph.replace("Amazonが、", "Amazonが、\n", 1).replace("彼らとの連携が、", "彼らとの連携が、\n", 1)


@pytest.fixture
def translated_site(tmp_path):
    if not SITE_POST.exists():
        pytest.skip("../shared/site is not present")
    make_site(tmp_path, {"post.md": SITE_POST.read_bytes()}, 'list_keys = ["tags", "categories"]\n')
    config = config_io.load(tmp_path)
    extract.extract(config)
    path = tmp_path / "locales/en/post.po"
    po = catalog.read_po(path)
    entries = [replace(e, msgstr="EN " + e.msgid) for e in po]
    catalog.save(path, entries, lang="en", post_display="posts/ja/post.md", old=po)
    return config, path, {(e.msgctxt, e.msgid): e.msgstr for e in entries}


def test_edit_insert_delete_rewrap(translated_site):
    config, path, before = translated_site
    post = config.source_dir / "post.md"
    text = post.read_text("utf-8")
    deleted = _paragraph(text, DELETED_START)
    rewrapped = _paragraph(text, REWRAPPED_START)
    first_end = text.index("\n\n", text.index("いや〜"))
    text = text[:first_end] + INSERTED + text[first_end:]
    text = text.replace(EDITED_FROM, EDITED_TO).replace("\n\n" + deleted, "").replace(rewrapped, _rewrap(rewrapped))
    post.write_text(text, encoding="utf-8")

    (outcome,) = extract.extract(config).outcomes
    after = catalog.read_po(path)
    active = {e.msgid: e for e in after}
    obsolete = {e.msgid: e for e in after.obsolete_entries()}
    deleted_units = [m for _ctx, m in before if m in deleted and m not in text]
    rewrapped_units = [m for m in active if "\n" in m]

    report = outcome.report
    assert (report.new, report.fuzzy, report.obsolete) == (2, 1, len(deleted_units))
    assert report.rewrapped == len(rewrapped_units) == 2
    assert report.kept == len(before) - len(deleted_units) - 1 - len(rewrapped_units)

    edited = active[EDITED_TO]
    assert catalog.state(edited) == "stale" and edited.previous_msgid == EDITED_FROM
    assert edited.msgstr == before[(None, EDITED_FROM)]
    assert [catalog.state(active[m]) for m in rewrapped_units] == ["reviewed", "reviewed"]
    assert [active[m].msgstr for m in ("これは新しく追加した段落です。", "読者からの質問に答えておきたい。")] == ["", ""]
    assert set(obsolete) == set(deleted_units)
    # No translation lost: every old msgstr is still in the file, active or obsolete.
    kept = {e.msgstr for e in after} | {e.msgstr for e in after.obsolete_entries()}
    assert set(before.values()) <= kept


def test_random_edits_on_real_posts_never_lose_a_translation(tmp_path):
    """Delete, duplicate, re-wrap and insert paragraphs at random in 20 translated corpus posts."""
    import random

    from l10n.files import find_posts
    from tests.conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    rng = random.Random(7)
    posts = {f"p{n}{src.suffix}": src.read_bytes() for n, src in enumerate(rng.sample(find_posts(CORPUS), 20))}
    make_site(tmp_path, posts, 'list_keys = ["tags"]\n')
    config = config_io.load(tmp_path)
    extract.extract(config)
    before = {}
    for path in (tmp_path / "locales").rglob("*.po"):
        po = catalog.read_po(path)
        entries = [replace(e, msgstr="EN " + e.msgid) for e in po]
        catalog.save(path, entries, lang="en", post_display=path.name, old=po)
        before[path] = {e.msgstr for e in entries}
    for post in config.source_dir.iterdir():
        paragraphs = post.read_text("utf-8").split("\n\n")
        for _ in range(4):
            k = rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 else 0
            op = rng.choice(["delete", "duplicate", "rewrap", "insert"])
            if op == "delete" and len(paragraphs) > 3 and k:
                del paragraphs[k]
            elif op == "duplicate":
                paragraphs.insert(k, paragraphs[k])
            elif op == "rewrap":
                paragraphs[k] = paragraphs[k].replace("、", "、\n", 1)
            elif op == "insert" and k:
                paragraphs.insert(k, "新しく挿入された段落です。追加の文もあります。")
        post.write_text("\n\n".join(paragraphs), encoding="utf-8")
    assert not extract.extract(config).errors
    for path, old in before.items():
        po = catalog.read_po(path)
        kept = {e.msgstr for e in po} | {e.msgstr for e in po.obsolete_entries()}
        assert old <= kept, path
