"""Inline markup survives any translation: one test per form (issue 16).

Each post is split, every unit translated by a letter-changing machine translation
(through the MT XML, as a backend does), and built; markdown-it's token stream of the
built post must equal the source's.
"""

from __future__ import annotations

import pytest

from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text
from tests.markdown_tokens import shape, translate_post, units

IMAGES = {
    "image inline": "図は ![構成図](a.png) の通りです！次へ進みます。\n",
    "image with title": '図は ![構成図](a.png "タイトル") の通り！次へ。\n',
    "image with single-quoted title": "図は ![構成図](a.png 'タイトル！') の通り！次へ。\n",
    "image with parenthesised title": "図は ![構成図](a.png (タイトル！)) の通り！次へ。\n",
    "image reference": "図は ![構成図][ref] の通り！次へ。\n\n[ref]: a.png\n",
    "image collapsed reference": "図は ![構成図][] の通り！次へ。\n\n[構成図]: a.png\n",
    "image shortcut reference": "図は ![構成図] の通り！次へ。\n\n[構成図]: a.png\n",
    "image angle-bracket destination": "図は ![構成図](<my file.png>) の通り！次へ。\n",
    "image destination with parentheses": "図は ![構成図](a(1).png) の通り！次へ。\n",
    "image nested brackets in alt": "図は ![構成図[1]](a.png) の通り！次へ。\n",
    "image nested in link": "バッジ [![ビルド状況](b.svg)](https://example.com) を見て！次へ。\n",
    "image with emphasis in alt": "図は ![*重要な*構成図](a.png) です！次へ。\n",
    "image right after a question mark": "これは何？![図](a.png)答えは図です。\n",
    "image only paragraph": "![構成図](a.png \"タイトル\") ![配置図][ref]\n\n[ref]: b.png\n",
    "linked image only paragraph": "[![ビルド状況](b.svg)](https://example.com)\n",
    "image over two lines": "図は ![長い\n説明](a.png) の通り！次へ。\n",
}

HTML = {
    "html open and close tags": '押すのは<kbd title="キー!">Ctrl</kbd>です！次へ。\n',
    "html tag over lines": '押すのは<span\nclass="注意！">ここ</span>です。次へ。\n',
    "html attributes over lines only": '<img src="a.png"\n  alt="図！">\n',
    "html comment": "これは<!-- 注釈！ -->です。次へ。\n",
    "html comment over lines": "これは<!-- 注釈！\n続き？ -->です。次へ。\n",
    "html empty comments": "空の<!---->と<!-- -->です！次へ。\n",
    "html processing instruction": "値は<?php echo '!?'; ?>です！次へ。\n",
    "html declaration": "宣言<!DOCTYPE html!>です！次へ。\n",
    "html cdata": "データ<![CDATA[ x!?<y> ]]>です！次へ。\n",
    "html self-closing tag": "改行<br/>です！次へ。\n",
}

OTHER_ATOMS = {
    "autolink url": "詳細は <https://example.com/a?b!> です！次へ。\n",
    "autolink email": "連絡は <info@example.jp> まで！次へ。\n",
    "entity named": "記号&copy;と&amp;です！次へ。\n",
    "entity numeric is a full stop": "ここ&#12290;まだ同じ文です！次へ。\n",
    "code span one backtick": "実行は `make!` です！次へ。\n",
    "code span two backticks": "実行は `` a`b! `` です！次へ。\n",
    "code span three backticks": "実行は ```x``y!``` です！次へ。\n",
    "code span over lines": "実行は `make\nall!` です！次へ。\n",
    "link with title": '詳細は[こちら！](https://example.com "説明？")です。次へ。\n',
    "link reference": "詳細は[こちら！][doc]です。次へ。\n\n[doc]: https://example.com\n",
    "link with emphasis": "詳細は[**こちら**！](https://example.com)です。次へ。\n",
    "math": "式 $a!b$ です！次へ。\n",
    "dollar amounts": "価格は$5です。次は$10です。\n",
    "footnote reference": "本文です[^1]！次へ。\n\n[^1]: 脚注です。\n",
}

BREAKS = {
    "hard break two spaces": "これは長い文で  \n続きます。\n",
    "hard break three spaces": "これは長い文で   \n続きます。\n",
    "hard break backslash": "これは長い文で\\\n続きます。\n",
    "hard break at a sentence end": "一文目です。  \n二文目です。\n",
    "hard break in a blockquote": "> これは長い文で  \n> 続きます。\n",
    "hard break in a list item": "- これは長い文で  \n  続きます。\n",
    "hard break crlf": "これは長い文で  \r\n続きます。\r\n",
    "two spaces inside code are no break": "実行は `a  \nb` です。\n",
}

TABLES = {
    "table": "| 項目 | 値 |\n| --- | --- |\n| 名前 | 太郎 |\n",
    "table in a blockquote": "> | 項目 | 値 |\n> | --- | --- |\n> | 名前 | 太郎 |\n",
    "table in a list item": "- 表です。\n\n  | 項目 | 値 |\n  | --- | --- |\n  | 名前 | 太郎 |\n",
    "table in a quote in a list": "- 表です。\n\n  > | 項目 | 値 |\n  > | --- | --- |\n  > | 名前 | 太郎 |\n",
    "table in nested quotes": "> > | 項目 | 値 |\n> > | --- | --- |\n> > | 名前 | 太郎 |\n",
    "table continuation line": "| 項目 | 値 |\n| --- | --- |\n| 名前 | 太郎 |\n続きの行\n",
    "table without outer pipes": "項目 | 値\n--- | ---\n名前 | 太郎\n",
    "table cell with code and pipe": "| 項目 | 値 |\n| --- | --- |\n| `a\\|b` です | 太郎 |\n",
}

FORMS = {**IMAGES, **HTML, **OTHER_ATOMS, **BREAKS, **TABLES}
NOTHING_TO_TRANSLATE = {"html attributes over lines only"}


@pytest.mark.parametrize("markdown", FORMS.values(), ids=FORMS.keys())
def test_form_survives_a_translation_that_changes_every_letter(markdown: str) -> None:
    built = translate_post(markdown)
    assert (built != markdown) == (markdown not in [FORMS[k] for k in NOTHING_TO_TRANSLATE])
    assert shape(built) == shape(markdown), built


@pytest.mark.parametrize("markdown", TABLES.values(), ids=TABLES.keys())
def test_table_cells_are_offered_wherever_the_table_is(markdown: str) -> None:
    offered = units(markdown)
    assert {"項目", "値", "太郎"} <= set(offered)
    assert "続きの行" in offered or "続きの行" not in markdown


def test_a_pipe_in_a_translated_cell_does_not_start_a_new_cell() -> None:
    markdown = TABLES["table in a blockquote"]
    post = parse("a.md", markdown.encode())
    seg = segment(post)
    built = build_text(seg, {(None, "太郎"): "Taro | Jiro"})
    assert "Taro \\| Jiro" in built and shape(built) == shape(markdown)


@pytest.mark.parametrize("markdown", FORMS.values(), ids=FORMS.keys())
def test_form_survives_paragraph_units(markdown: str) -> None:
    assert shape(translate_post(markdown, unit="paragraph")) == shape(markdown)


# ---------------------------------------------------------------- property
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(["今日は", "晴れ", "でした", "図の", "説明を", "設定を", "確認します", "ここで", "コード"])
_ATOMS = st.sampled_from([
    "`make!`", "`` a`b? ``", "<kbd>", "</kbd>", '<span class="a!">', "<!-- 注釈！ -->", "<!-- 注釈\n続き？ -->",
    "<?php echo '!?'; ?>", "<!DOCTYPE x!>", "<![CDATA[ a!?<b> ]]>", "&copy;", "&#12290;", "<https://example.com/a?b!>",
    "<info@example.jp>", "$a!b$", "$5", "https://example.com/x?y=1", "[^1]", "\\!", '<span\nclass="b">',
])
_URLS = st.sampled_from(["a.png", "<my file.png>", "a(1).png", "https://example.com/b?c=1"])
_TITLES = st.sampled_from(["", ' "題名！"', " '題？'", " (注)"])


def _image(alt: str, url: str, title: str) -> str:
    return f"![{alt}]({url}{title})"


_IMAGES = st.one_of(
    st.builds(_image, _WORDS, _URLS, _TITLES),
    _WORDS.map(lambda w: f"![{w}][r]"),
    # The scanner does not know the post's reference definitions, so in "![r][x]" it cannot
    # tell a shortcut image before a bracket from a full reference: a word follows here.
    st.just("![r][]"), st.just("![r]ここ"),
    st.builds(lambda w, u: f"[![{w}](b.svg)]({u})", _WORDS, _URLS),
)
_LINKS = st.builds(lambda w, u, t: f"[{w}]({u}{t})", _WORDS, _URLS, _TITLES) | _WORDS.map(lambda w: f"[{w}][r]")
_EMPHASIS = st.builds(lambda w, d: f"{d}{w}{d}", _WORDS, st.sampled_from(["**", "*", "~~"]))
_PIECE = st.one_of(_WORDS, _WORDS, _ATOMS, _IMAGES, _LINKS, _EMPHASIS)
_SENTENCE = st.builds(lambda parts, end: "".join(parts) + end,
                      st.lists(_PIECE, min_size=1, max_size=5), st.sampled_from(["。", "！", "？", "!", "?", ""]))
_GLUE = st.sampled_from(["", "", " ", "  \n", "\\\n", "\n"])


def _paragraph(parts: list[tuple[str, str]], container: str) -> str:
    text = "".join(s + g for s, g in parts).rstrip(" \\\n") or "本文"
    first, rest = {"": ("", ""), "quote": ("> ", "> "), "list": ("- ", "  ")}[container]
    return first + text.replace("\n", "\n" + rest)


# derandomize: CI runs the same 300 examples every time; a search that finds a new failure is
# a development run (`pytest --hypothesis-seed=N`), recorded below as a named case.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(st.builds(_paragraph, st.lists(st.tuples(_SENTENCE, _GLUE), min_size=1, max_size=4),
                          st.sampled_from(["", "quote", "list"])), min_size=1, max_size=3))
def test_random_inline_markdown_in_japanese_sentences_keeps_its_token_stream(paragraphs: list[str]) -> None:
    markdown = "\n\n".join(paragraphs) + "\n\n[r]: https://example.com/r\n\n[^1]: 脚注。\n"
    for unit in ("sentence", "paragraph"):
        assert shape(translate_post(markdown, unit=unit)) == shape(markdown), markdown


def test_ambiguous_emphasis_after_a_full_stop_keeps_its_token_stream() -> None:
    # Found by the property test above (hypothesis); the plain case `です。**注意**…` is fine.
    # The splitter asks the inline scanner which side a paired run belongs to.
    markdown = "*今日は**今日は*。**今日は**。\n"
    assert shape(translate_post(markdown, unit="sentence")) == shape(markdown)


def test_shortcut_reference_link_keeps_its_target() -> None:
    # The builder makes a translated shortcut label a full reference (l10n.core.reflinks).
    markdown = "詳しくは[公式サイト]を見てください。\n\n[公式サイト]: https://example.com\n"
    assert shape(translate_post(markdown)) == shape(markdown)
