"""The builder never changes a post's block structure: translated line starts are escaped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from l10n.core import blockstart
from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text
from tests.markdown_tokens import shape


def build(text: str, translate) -> str:
    seg = segment(parse("a.md", text.encode()), unit="sentence")
    return build_text(seg, {(b.context, u.text): translate(u.text) for b in seg.blocks for u in b.units})


@pytest.mark.parametrize("opener", ["1. ", "2) ", "# ", "- ", "+ ", "* ", "> ", "| ", "```", "---", "==="])
def test_translation_starting_with_a_block_opener_keeps_the_structure(opener):
    text = "最初の文です。\n\n- 項目です。\n\n> 引用です。\n\n見出し\n------\n\n| 列 |\n| --- |\n| 値 |\n\n行一\n行二です。\n"
    built = build(text, lambda msgid: opener + "x")
    assert shape(built) == shape(text), built


def test_enumerator_at_a_line_start_is_escaped_but_not_mid_line():
    assert blockstart.escape("2. Run it. 3. Done.") == "2\\. Run it. 3. Done."
    assert blockstart.escape("a\n# b\n| c", first_line=False) == "a\n\\# b\n&#124; c"


def test_inline_code_at_a_line_start_is_not_a_fence():
    assert blockstart.escape("```x``` is code") == "```x``` is code"
    assert blockstart.escape("```python") == "\\```python"


def test_identity_translation_is_never_escaped():
    text = "1. 手順です。\n\n# 見出し\n\n> 引用\n"
    assert build(text, lambda msgid: msgid) == text


@pytest.mark.parametrize("saved", [True, False])  # with extract's saved structure digest, and without it
def test_build_reports_a_translation_that_changes_the_structure_instead_of_writing_it(site, saved):
    import shutil

    from l10n import config as config_io
    from l10n.po import catalog
    from l10n.steps import build, extract

    root = site({"a.md": "---\ntitle: 題\n---\n\n一つ目の段落です。\n"})
    config = config_io.load(root)
    extract.extract(config)
    path = root / "locales/en/a.po"
    po = catalog.read_po(path)
    assert po is not None
    entries = [replace(e, msgstr="Title" if e.msgid == "題" else "One.\n\nTwo.", flags=()) for e in po]
    catalog.save(path, entries, lang="en", post_display="posts/ja/a.md", old=po)
    if not saved:
        shutil.rmtree(root / ".l10n")
    run = build.build(config)
    [outcome] = run.outcomes
    assert outcome.action == "skipped" and "posts/ja/a.md:5: a translation changes the Markdown structure" in outcome.detail
    assert not (root / "posts/en/a.md").exists()


@pytest.mark.parametrize("opener", ["> ", "# ", "1. ", "| "])
def test_lazy_continuation_line_that_looks_like_a_list_item_is_still_escaped(opener):
    # The unit's own text starts with "- " on a lazy continuation line of a quoted list item:
    # that "- " opened nothing in the source, so a translation prefixed with an opener must
    # still be escaped (corpus: anko9801__zenn-docs/functional-programming.md).
    text = "> - 対象関数: 写像です。\n    - 各対象に対して像がある。\n> - 射関数です。\n"
    built = build(text, lambda msgid: opener + msgid)
    assert shape(built) == shape(text), built


def test_a_kept_line_start_of_the_source_is_not_escaped():
    text = "> - 対象関数: 写像です。\n    - 各対象に対して像がある。\n"
    built = build(text, lambda msgid: msgid.replace("各対象に対して像がある。", "each has an image."))
    assert built == text.replace("各対象に対して像がある。", "each has an image.")


@pytest.mark.parametrize("built", [
    "一つ目。\n\n- 項目\n",  # the same blocks
    "一つ目。\n\n二つ目。\n\n- 項目\n",  # a new paragraph
    "一つ目。\n\n> 項目\n",  # a quote instead of the list
    "# 一つ目。\n\n- 項目\n",  # a heading
])
def test_a_known_structure_digest_gives_the_guard_the_same_answer(built):
    post = parse("a.md", "一つ目。\n\n- 項目\n".encode())
    known = blockstart.digest(blockstart.structure(post.text[post.body_start:]))
    answer = blockstart.changed_line(post, built)
    assert blockstart.changed_line(post, built, source=known) == answer
    assert blockstart.changed_line(post, built, source="not the digest") == answer
    assert (answer is None) == (built == "一つ目。\n\n- 項目\n")


def test_a_plain_line_starts_with_a_letter_a_digit_or_any_non_ascii_character():
    """_PLAIN's class is written as "not other ASCII" (cheap to compile): the same characters, every one."""
    import re

    meant = re.compile(r"[0-9A-Za-z\x80-\U0010ffff]")
    wrong = [c for c in map(chr, range(0x110000)) if bool(meant.match(c)) != bool(blockstart._PLAIN.match(c))]
    assert wrong == []
