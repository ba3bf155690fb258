"""Reader-visible text on markup lines: one test per construct."""

from __future__ import annotations

import pytest

from l10n.core import constructs
from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text
from l10n.errors import InputError
from tests.segmenting import build, units


def test_zenn_details_title_is_a_unit():
    text = ":::details 全体を見たい人向け\n中身です。\n:::\n"
    assert units(text) == [("message", "全体を見たい人向け"), ("message", "中身です。")]
    assert build(text, {"全体を見たい人向け": "For the whole picture"}).startswith(":::details For the whole picture\n")


def test_code_fence_file_name_is_a_unit_and_the_code_is_not():
    text = "```js:設定ファイル\nconst a = '日本語';\n```\n\n```text:実行結果\nOK\n```\n\n```python:main.py\nx\n```\n"
    assert units(text) == [("fence", "設定ファイル"), ("fence", "実行結果")]
    assert build(text, {"設定ファイル": "config file"}).startswith("```js:config file\n")


def test_link_reference_definition_title_is_a_unit():
    text = '本文。\n\n[gh]: https://github.com/ "ギットハブ"\n'
    assert units(text) == [("paragraph", "本文。"), ("reference", "ギットハブ")]


def test_liquid_block_tag_glued_to_text_leaves_the_text_offered():
    text = "次のように設定します。\n{% highlight bash %}\necho 日本語\n{% endhighlight %}\nこれで完了です。\n"
    assert units(text) == [("paragraph", "次のように設定します。"), ("paragraph", "これで完了です。")]
    out = build(text, {"次のように設定します。": "Set it up like this.", "これで完了です。": "Done."})
    assert out == "Set it up like this.\n{% highlight bash %}\necho 日本語\n{% endhighlight %}\nDone.\n"


def test_liquid_footnote_tag_text_is_a_unit():
    assert units("{% fn 正確には一対のボタン %}\n") == [("paragraph", "正確には一対のボタン")]


def test_hugo_shortcode_reader_visible_params_are_units():
    text = '{{< figure src="/a.png" alt="支払いのデモ" title="表の例" class="wide" >}}\n'
    assert units(text) == [("paragraph", "支払いのデモ"), ("paragraph", "表の例")]
    assert constructs.template_params('{{< youtube id="日本語" >}}') == []


def seg_units(text: str, templates: constructs.Templates) -> list[str]:
    seg = segment(parse("a.md", text.encode()), unit="sentence", templates=templates)
    return [u.text for b in seg.blocks for u in b.units]


def test_quoted_positional_argument_of_a_configured_tag_is_a_unit():
    text = '{% hatebu https://example.com/ "ブックマークの題" %}\n\n{% card "日本語" title="カードの題" %}\n'
    assert seg_units(text, constructs.Templates()) == ["カードの題"]  # not configured: only named params
    configured = constructs.Templates(quoted_tags=("hatebu",))
    assert seg_units(text, configured) == ["ブックマークの題", "カードの題"]  # card's "日本語" is not its tag's
    seg = segment(parse("a.md", text.encode()), unit="sentence", templates=configured)
    built = build_text(seg, {(b.context, u.text): "Bookmark title" for b in seg.blocks for u in b.units
                             if u.text == "ブックマークの題"})
    assert built.startswith('{% hatebu https://example.com/ "Bookmark title" %}\n')


def test_visible_params_and_prose_tags_are_configurable():
    text = '{{< figure src="/a.png" caption="図の題" alt="図の説明" >}}\n\n{% fn 脚注の文 %}\n\n{% note body="注意書き" %}\n'
    assert seg_units(text, constructs.Templates()) == ["図の題", "図の説明", "脚注の文"]
    only = constructs.Templates(params=("caption", "body"), prose_tags=())
    assert seg_units(text, only) == ["図の題", "注意書き"]


def test_presets_give_their_generators_template_lists(tmp_path):
    from l10n import config as config_io

    def templates(toml: str) -> constructs.Templates:
        (tmp_path / "l10n.toml").write_text(toml, encoding="utf-8")
        return config_io.load(tmp_path).templates

    assert templates('preset = "hugo"\n').prose_tags == ()  # Hugo has no Liquid footnote tags
    jekyll = templates('preset = "jekyll"\n')
    assert "fn" in jekyll.prose_tags and "content" in jekyll.params  # {% include note.html content="…" %}
    own = templates('preset = "jekyll"\nvisible_params = ["Caption"]\nquoted_tags = ["hatebu"]\n')
    assert own.params == ("caption",) and own.quoted_tags == ("hatebu",) and "fn" in own.prose_tags
    with pytest.raises(InputError, match="quoted_tags: expected a list"):
        templates('quoted_tags = "hatebu"\n')


def test_markup_or_numbering_only_pieces_are_never_units():
    text = "<!--more-->\n\n2.変換を実行します。\n\n_斜体の文です。_次の文です。\n"
    got = [u for _, u in units(text)]
    assert got == ["2.変換を実行します。", "_斜体の文です。_", "次の文です。"]


def frontmatter_units(text: str, **kw) -> list[tuple[str | None, str]]:
    seg = segment(parse("a.md", text.encode()), unit="sentence", **kw)
    return [(b.context, u.text) for b in seg.blocks for u in b.units if b.kind == "frontmatter"]


def test_capitalised_frontmatter_keys_match_case_insensitively():
    text = "---\nTitle: 題名\nDescription: 説明文です。\nTags: [日本語]\n---\n\n本文。\n"
    assert frontmatter_units(text, keys=("title", "description"), list_keys=("tags",)) == [
        ("Title", "題名"), ("Description", "説明文です。"), ("Tags", "日本語")]


def test_qiita_tag_lists_offer_each_tag_name():
    text = "---\ntitle: 題名\ntags:\n  - name: Python\n    versions: []\n  - name: 機械学習\n    versions: []\n---\n"
    seg = segment(parse("a.md", text.encode()), keys=("title",), list_keys=("tags",))
    assert [(b.context, u.text) for b in seg.blocks for u in b.units] == [
        ("title", "題名"), ("tags", "Python"), ("tags", "機械学習")]
    built = build_text(seg, {("tags", "機械学習"): "Machine learning"})
    assert "  - name: Machine learning\n    versions: []\n" in built
