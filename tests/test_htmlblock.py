"""Raw HTML blocks: text runs and reader-visible attributes become units with exact spans."""

from __future__ import annotations

from l10n.core import htmlblock
from tests.segmenting import build, units


def test_html_block_paragraph_text_is_split_into_sentences_with_inline_tags_kept():
    text = '<p>最近、<a href="https://example.com/">機械学習</a>が話題だ。私も試した。</p>\n'
    assert units(text) == [("html", '最近、<a href="https://example.com/">機械学習</a>が話題だ。'),
                           ("html", "私も試した。")]


def test_html_block_builds_by_splicing_every_other_byte_kept():
    text = '<div class="box">\n  <p>一つ目の文です。</p>\n  <ul>\n    <li>項目です</li>\n  </ul>\n</div>\n'
    out = build(text, {"一つ目の文です。": "The first sentence.", "項目です": "An item"})
    assert out == '<div class="box">\n  <p>The first sentence.</p>\n  <ul>\n    <li>An item</li>\n  </ul>\n</div>\n'


def test_html_block_text_run_over_several_lines_keeps_its_indentation():
    text = "<div>\n  長い文の\n  続きです。\n</div>\n"
    assert units(text) == [("html", "長い文の\n続きです。")]
    assert build(text, {"長い文の\n続きです。": "A long\nsentence."}) == "<div>\n  A long\n  sentence.\n</div>\n"


def test_html_block_reader_visible_attributes_are_units():
    text = '<div>\n<img src="a.png" alt="猫の写真" title=\'説明\'>\n<span aria-label="閉じる">×</span>\n</div>\n'
    assert units(text) == [("attribute", "猫の写真"), ("attribute", "説明"), ("attribute", "閉じる")]
    out = build(text, {"猫の写真": "A photo of a cat"})
    assert out == text.replace("猫の写真", "A photo of a cat")


def test_html_block_pre_code_script_style_and_comments_never_touched():
    text = ("<div>\n<pre>コード\n</pre>\n<script>alert('日本語')</script>\n<style>p::after{content:'日本'}</style>"
            "\n<!-- コメント -->\n<p>本文。</p>\n</div>\n")
    assert units(text) == [("html", "本文。")]


def test_html_block_inline_code_stays_inside_its_sentence():
    assert units("<p>設定は<code>値</code>で変える。</p>\n") == [("html", "設定は<code>値</code>で変える。")]


def test_html_block_tweet_embed_kept_by_default_and_configurable():
    text = '<blockquote class="twitter-tweet"><p>ツイートの本文</p></blockquote>\n<p>地の文。</p>\n'
    start, end = 0, len(text)
    assert [text[p.start:p.end] for p in htmlblock.pieces(text, start, end)] == ["地の文。"]
    found = htmlblock.pieces(text, start, end, keep_classes=())
    assert [text[p.start:p.end] for p in found] == ["ツイートの本文", "地の文。"]


def test_html_block_entities_stay_in_the_unit_as_written():
    assert units("<p>A&amp;Bの話&#12290;続き。</p>\n") == [("html", "A&amp;Bの話&#12290;続き。")]


def test_html_block_lines_after_a_liquid_code_block_are_offered():
    text = "{% highlight html %}\n<div>\n<p>コード内</p>\n{% endhighlight %}\n地の文です。\n"
    assert units(text) == [("html", "地の文です。")]


def test_html_block_kept_embed_classes_come_from_the_config(site):
    from l10n import config as config_io
    from l10n import project

    post = '<blockquote class="twitter-tweet"><p>ツイートです</p></blockquote>\n'
    root = site({"a.md": post}, 'keep_html = []\n')
    config = config_io.load(root)
    seg = project.load_post(config, root / "posts/ja/a.md")
    assert [u.text for b in seg.blocks for u in b.units] == ["ツイートです"]
    assert config_io.load(site({"a.md": post})).keep_html == htmlblock.KEEP_CLASSES


def test_shortcode_inside_an_html_block_offers_its_visible_params():
    text = '<center>\n{{< figure src="/a.png" width="300" title="分類の図（本より引用）">}}\n</center>\n'
    assert units(text) == [("attribute", "分類の図（本より引用）")]
    out = build(text, {"分類の図（本より引用）": "A classification (quoted from the book)"})
    assert out == text.replace("分類の図（本より引用）", "A classification (quoted from the book)")
    assert units('<div>\n{{< figure src="/a.png" class="wide" >}}\n</div>\n') == []
