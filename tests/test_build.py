from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text
from l10n.errors import InputError


def run(text: str, mapping: dict[str, str], *, extra=None, unit="paragraph", lists=()) -> str:
    post = parse("a.md", text.encode())
    seg = segment(post, keys=("title", "excerpt"), list_keys=lists, unit=unit)
    translations = {(b.context, u.text): mapping[u.text] for b in seg.blocks for u in b.units if u.text in mapping}
    return build_text(seg, translations, extra=extra)


def identity(text: str, unit: str = "paragraph") -> str:
    post = parse("a.md", text.encode())
    seg = segment(post, keys=("title", "excerpt"), list_keys=("tags",), unit=unit)
    return build_text(seg, {(b.context, u.text): u.text for b in seg.blocks for u in b.units})


def test_paragraph_translated_everything_else_copied():
    src = "---\ntitle: \"題名\"\ndate: 2024-01-01\n---\n\n本文です。\n\n```\nコード\n```\n"
    assert run(src, {"題名": "Title", "本文です。": "This is the body."}) == (
        "---\ntitle: \"Title\"\ndate: 2024-01-01\n---\n\nThis is the body.\n\n```\nコード\n```\n")


def test_untranslated_units_keep_japanese():
    assert run("一。\n\n二。\n", {"一。": "One."}) == "One.\n\n二。\n"


def test_blockquote_and_list_prefixes_and_crlf_kept():
    src = "> 一行目\r\n> 二行目\r\n\r\n- 項目\r\n  続き\r\n"
    out = run(src, {"一行目\n二行目": "Line one\nline two", "項目\n続き": "Item\ncontinued"})
    assert out == "> Line one\r\n> line two\r\n\r\n- Item\r\n  continued\r\n"


def test_extra_line_in_translation_gets_the_container_prefix():
    assert run("> 引用\n", {"引用": "a\nb"}) == "> a\n> b\n"
    assert run("- 項目\n", {"項目": "a\nb"}) == "- a\n  b\n"


def test_sentences_joined_with_one_space():
    src = "一文目。二文目。三文目。\n"
    out = run(src, {"一文目。": "One.", "三文目。": "Three."}, unit="sentence")
    assert out == "One. 二文目。 Three.\n"


def test_heading_translation_cannot_break_the_heading():
    assert run("# 見出し {#id}\n", {"見出し": "A\nheading"}) == "# A heading {#id}\n"


def test_extra_keys_added_or_patched():
    assert run("---\ntitle: 題\n---\n本文\n", {}, extra={"lang": "en"}) == "---\ntitle: 題\nlang: en\n---\n本文\n"
    assert run("---\nlang: ja\n---\n", {}, extra={"lang": "en"}) == "---\nlang: en\n---\n"
    assert run('+++\ntitle = "題"\n[params]\nx = 1\n+++\n', {}, extra={"lang": "en"}) == (
        '+++\nlang = "en"\ntitle = "題"\n[params]\nx = 1\n+++\n')
    assert run("本文\n", {}, extra={"lang": "en"}) == "本文\n"


def test_tags_translated_item_by_item():
    src = '---\ntags: ["AI", "投資"]\n---\n'
    assert run(src, {"投資": "Investment"}, lists=("tags",)) == '---\ntags: ["AI", "Investment"]\n---\n'


def test_build_is_idempotent_on_its_output():
    src = "---\ntitle: 題\n---\n本文。\n"
    once = run(src, {"題": "Title", "本文。": "Body."}, extra={"lang": "en"})
    assert identity(once) == once


_LINES = st.sampled_from([
    "", "本文です。", "二文目！三文目？", "# 見出し", "## 見出し {#x}", "- 項目", "  続き", "1. 番号", "> 引用",
    "> > 二重", "```", "コード", "    インデント", "| a | b |", "|---|---|", "| セル | 値 |", "[^1]: 脚注",
    "![代替](x.png)", "<div>", "</div>", "{% raw %}", "{% endraw %}", ":::message", ":::", "$$", "***", "\t タブ",
    "Setext", "===", "---", "text  ", "日本語 `code` と [リンク](http://x.y)", "　全角スペース", "\\", "*", "+++",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=14), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(), st.booleans())
def test_identity_round_trip_on_generated_markdown(lines, newline, final_newline, with_frontmatter):
    text = newline.join(lines) + (newline if final_newline else "")
    if with_frontmatter:
        text = f"---{newline}title: 題名{newline}tags: [a, 日本]{newline}---{newline}" + text
    for unit in ("paragraph", "sentence"):
        try:
            built = identity(text, unit)
        except InputError:  # generated lines can open a frontmatter that does not parse
            assume(False)
        assert built == text


def _shape(text: str) -> list[str]:
    from l10n.core.blockparser import MD

    post = parse("x.md", text.encode())
    return [f"{t.type}:{t.markup}" for t in MD.parse(post.text[post.body_start :]) if t.type != "inline"]


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=14), st.sampled_from(["\n", "\r\n"]))
def test_translating_every_unit_keeps_the_markdown_structure(lines, newline):
    text = newline.join(lines) + newline
    post = parse("a.md", text.encode())
    try:
        seg = segment(post, keys=("title",), unit="paragraph")
    except InputError:
        assume(False)
    units = [(b.context, u.text) for b in seg.blocks for u in b.units]
    translations = {key: f"Translated unit {n}" for n, key in enumerate(units)}
    assert _shape(build_text(seg, translations)) == _shape(text)


def test_a_heading_ending_in_nel_or_line_separator_keeps_it_on_build():
    for char in ("\x85", "\u2028"):
        src = f"# 見出し{char}\n\n本文です。\n"
        assert identity(src) == src
        assert identity(src, unit="sentence") == src
