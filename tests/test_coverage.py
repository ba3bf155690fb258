"""Coverage: Japanese no unit offers is reported; on the corpus no unit is markup only and
no translation changes a post's structure."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from l10n.core import coverage
from l10n.core import post as post_io
from l10n.core.segment import segment
from l10n.core.splice import build_text
from l10n.core.text import JAPANESE
from l10n.errors import InputError
from l10n.steps.check.posts import check_coverage
from tests.conftest import corpus_files

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).use(dollarmath_plugin)


def shape(text: str) -> list[tuple[str, ...]]:
    """Block tokens and inline markup tokens (the text, code and URLs a translation may change left out)."""
    post = post_io.parse("a.md", text.encode())
    out: list[tuple[str, ...]] = []
    for token in _MD.parse(post.text[post.body_start:]):
        out.append((token.type, token.tag, str(token.level)))
        out += [(c.type, c.tag) for c in token.children or () if c.type not in ("text", "softbreak", "hardbreak")]
    return out

POST = (
    "---\ntitle: 題名\nmemo: 訳さないキー\n---\n\n本文です。\n\n```js\nconst a = 'コード';\n```\n\n"
    "<!-- コメント -->\n\n## 見出し {#見出しのID}\n\n詳しくは https://example.com/日本語 へ。\n\n"
    '{% hatebu https://example.com/ "ブックマークの題" %}\n'
)


def test_coverage_sensor_reports_japanese_no_unit_offers_with_its_line():
    seg = segment(post_io.parse("a.md", POST.encode()), keys=("title",))
    found = check_coverage(seg)
    assert [(f.line, f.message.split(":")[0]) for f in found] == [
        (18, "Japanese that no unit offers (liquid tag) stays in the translation")]


def test_coverage_kept_regions_are_not_reported():
    text = POST.rsplit("{%", 1)[0]
    seg = segment(post_io.parse("a.md", text.encode()), keys=("title",))
    assert coverage.missed(seg) == []


def _segments():
    for file in corpus_files():
        try:
            post = post_io.parse(file.name, file.read_bytes(), display=file.name)
            yield file, segment(post, keys=("title", "description"), list_keys=("tags",))
        except InputError:
            continue


_MARKUP_ONLY = re.compile(r"[^\W\d_]")


@pytest.mark.slow
def test_no_unit_is_markup_or_numbering_only_on_the_whole_corpus():
    if not corpus_files():
        pytest.skip("../shared/corpus is not present")
    bad = [(f.name, u.text) for f, seg in _segments() for b in seg.blocks for u in b.units
           if b.kind != "frontmatter" and not _MARKUP_ONLY.search(re.sub(r"<[^>]*>|\]\([^)]*\)|`[^`]*`", "", u.text))]
    assert bad == []


def _pseudo(text: str) -> str:
    return JAPANESE.sub(lambda m: "x" * len(m.group()), text)


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["", "1. ", "2) ", "# ", "- ", "> ", "| "])
def test_corpus_structure_is_kept_when_translations_start_with_block_openers(prefix):
    if not corpus_files():
        pytest.skip("../shared/corpus is not present")
    changed = []
    for file, seg in _segments():
        built = build_text(seg, {(b.context, u.text): prefix + _pseudo(u.text) for b in seg.blocks for u in b.units})
        if shape(built) != shape(seg.post.text):
            changed.append(file.name)
    assert changed == []


@pytest.mark.parametrize("text", [
    "本文\x00です。\n",  # a NUL byte: markdown-it rewrites the paragraph, so it is not offered
    ">" * 25 + " 深い引用です。\n",  # blockquotes nested past markdown-it's limit
    "".join("  " * i + f"- 項目{i}\n" for i in range(12)),  # list items nested past the limit
])
def test_nul_bytes_and_deep_nesting_are_reported_not_silently_dropped(text):
    seg = segment(post_io.parse("a.md", text.encode()))
    assert check_coverage(seg), "Japanese left in the post must be reported"


def test_url_with_a_japanese_placeholder_does_not_swallow_the_list_item():
    seg = segment(post_io.parse("a.md", "- ブラウザで http://_作成したVMのIPアドレス_/ を開きます。\n".encode()))
    assert [u.text for b in seg.blocks for u in b.units] == ["ブラウザで http://_作成したVMのIPアドレス_/ を開きます。"]


def test_an_embed_kept_by_the_configured_classes_is_kept_not_missed():
    text = '---\ntitle: t\n---\n\n<div class="my-embed">\n<p>埋め込みの本文です。</p>\n</div>\n\n本文です。\n'
    post = post_io.parse("a.md", text.encode())
    segmented = segment(post, keep_html=("my-embed",))
    assert all("埋め込み" not in u.text for b in segmented.blocks for u in b.units)  # not offered
    assert coverage.missed(segmented) == []
    assert check_coverage(segmented) == []
