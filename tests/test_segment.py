from __future__ import annotations

import re

from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text


def units(text: str, **kw) -> list[tuple[str, str]]:
    post = parse("a.md", text.encode())
    kw.setdefault("unit", "paragraph")
    seg = segment(post, keys=("title", "excerpt"), **kw)
    return [(b.kind, u.text) for b in seg.blocks for u in b.units]


def test_blocks_of_every_kind():
    text = (
        "---\ntitle: 題名\ndate: 2024-01-01\n---\n# 見出し {#intro}\n\n本文です。\n\n- 項目一\n- 項目二\n"
        "\n> 引用です。\n\n| 列 | 値 |\n|---|---|\n| セル | `code` |\n\n注釈[^1]。\n\n[^1]: 脚注の文。\n"
        "\n![図の説明](img.png)\n"
    )
    assert units(text) == [
        ("frontmatter", "題名"), ("heading", "見出し"), ("paragraph", "本文です。"),
        ("list_item", "項目一"), ("list_item", "項目二"), ("blockquote", "引用です。"),
        ("table_cell", "列"), ("table_cell", "値"), ("table_cell", "セル"), ("paragraph", "注釈[^1]。"),
        ("footnote", "脚注の文。"), ("alt", "図の説明"),
    ]


def test_code_math_html_and_templates_are_never_units():
    text = (
        "```python\nprint('日本語')\n```\n\n    インデントコード\n\n$$\n数式\n$$\n\n<pre>\n日本語HTML\n</pre>\n\n"
        "<!-- 日本語 -->\n\n<script>\nalert('日本語');\n</script>\n\n"
        "{% highlight ruby %}\nputs '日本語'\n{% endhighlight %}\n\n{% include 日本語.html %}\n\n"
        "{{< youtube 日本語 >}}\n\n@[card](https://example.com/日本語)\n\n---\n\n本文。\n"
    )
    assert units(text) == [("paragraph", "本文。")]


def test_zenn_message_fence_lines_kept_text_translated():
    assert units(":::message alert\n注意してください。\n:::\n") == [("message", "注意してください。")]


def test_heading_id_and_closing_hashes_not_in_unit():
    assert units("## はじめに ##\n\n### 概要 {#overview}\n") == [("heading", "はじめに"), ("heading", "概要")]


def test_multiline_blockquote_unit_has_no_markers():
    post = parse("a.md", "> 一行目\n> 二行目\n".encode())
    block = segment(post, unit="paragraph").blocks[0]
    assert block.content == "一行目\n二行目"
    assert [post.text[s:e] for s, e in block.pieces] == ["一行目", "二行目"]


def test_sentences_from_splitter_with_line_numbers():
    post = parse("a.md", "前置き。\n\n一文目。二文目。\n三文目。\n".encode())
    seg = segment(post, splitter=lambda t: [m.span() for m in re.finditer(r"[^。\n]+。", t)])
    assert [(u.text, u.line, u.index) for u in seg.blocks[1].units] == [
        ("一文目。", 3, 1), ("二文目。", 3, 2), ("三文目。", 4, 3)]


def test_crlf_post_units_have_no_carriage_returns():
    assert units("一行目\r\n二行目\r\n\r\n- 項目\r\n") == [("paragraph", "一行目\n二行目"), ("list_item", "項目")]


def test_images_inside_text_stay_in_the_sentence():
    assert units("説明 ![図](a.png) です。\n") == [("paragraph", "説明 ![図](a.png) です。")]


from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from l10n.errors import InputError  # noqa: E402
from tests.test_build import _LINES  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=14), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_spans_are_exact_disjoint_and_in_order(lines, newline, with_frontmatter):
    text = newline.join(lines) + newline
    if with_frontmatter:
        text = f"---{newline}title: 題名{newline}tags: [a, 日本]{newline}---{newline}" + text
    post = parse("a.md", text.encode())
    try:
        seg = segment(post, keys=("title",), list_keys=("tags",))
    except InputError:
        assume(False)
    previous_end = 0
    for block in seg.blocks:
        for start, end in block.pieces:
            assert previous_end <= start <= end
            previous_end = end
        if block.kind != "frontmatter":  # frontmatter content is the decoded value, not the source
            lines = block.content.split("\n")
            assert len(lines) == len(block.pieces)
            for line, (s, e) in zip(lines, block.pieces):
                # a hard break of trailing spaces shows as "\\"; spaces in a code span stay
                marker = line == post.text[s:e] + "\\" and post.text.startswith("  ", e)
                assert line.rstrip(" ") == post.text[s:e] or marker
        for unit in block.units:
            assert unit.text == block.content[unit.start : unit.end] and unit.text.strip() == unit.text != ""
        assert [u.start for u in block.units] == sorted(u.start for u in block.units)


def test_a_heading_unit_has_no_whitespace_at_its_ends():
    # markdown-it strips spaces and tabs, not U+3000; after a {% raw %} region the run keeps its indent
    cases = [
        ("# \u3000見出し\u3000\n", "見出し", "# \u3000Title\u3000\n"),
        ("{% raw %}\n{% endraw %}\n\u3000全角スペース\n===\n", "全角スペース",
         "{% raw %}\n{% endraw %}\n\u3000Title\n===\n"),
    ]
    for text, unit, built in cases:
        seg = segment(parse("a.md", text.encode()))
        assert [u.text for b in seg.blocks for u in b.units] == [unit]
        assert build_text(seg, {(None, unit): "Title"}) == built
