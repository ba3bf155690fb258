"""Shortcut reference links stay links when their label is translated."""

from __future__ import annotations

from l10n.core import reflinks
from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text
from tests.markdown_tokens import shape


def test_shortcut_reference_link_with_a_translated_label_becomes_a_full_reference():
    text = "詳しくは[公式サイト]を見てください。\n\n[公式サイト]: https://example.com/\n"
    seg = segment(parse("a.md", text.encode()), unit="sentence")
    built = build_text(seg, {(None, "詳しくは[公式サイト]を見てください。"): "See [the official site] for details."})
    assert built.startswith("See [the official site][公式サイト] for details.")
    assert shape(built) == shape(text)


def test_collapsed_reference_and_untranslated_labels_are_left_alone():
    defined = reflinks.labels("[Go]: https://go.dev/\n[日本]: https://example.jp/\n")
    assert reflinks.keep("[Go] は速い。", "[Go] is fast.", defined) == "[Go] is fast."
    assert reflinks.keep("[日本][]へ。", "To [Japan][].", defined) == "To [Japan][日本]."
    assert reflinks.keep("[括弧]だけ。", "Just [brackets].", defined) == "Just [brackets]."
