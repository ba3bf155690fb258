from __future__ import annotations

import pytest
import yaml

from l10n.core import frontmatter
from l10n.core.post import parse
from l10n.errors import InputError


def values(text: str, **kw):
    post = parse("a.md", text.encode(), display="posts/ja/a.md")
    return post, frontmatter.values(post, keys=kw.get("keys", ("title", "excerpt")), list_keys=kw.get("lists", ()))


def test_yaml_values_with_spans():
    post, found = values('---\nlayout: post\ntitle: "題名"\nexcerpt: 抜粋です\n---\n')
    assert [(v.key, v.text, post.text[v.start : v.end], v.line) for v in found] == [
        ("title", "題名", '"題名"', 3), ("excerpt", "抜粋です", "抜粋です", 4)]


def test_yaml_list_items_one_by_one():
    post, found = values('---\ntags: ["AI", "投資"]\ncategories:\n  - 分析\n---\n', lists=("tags", "categories"))
    assert [(v.key, v.index, v.text) for v in found] == [("tags", 0, "AI"), ("tags", 1, "投資"), ("categories", 0, "分析")]


def test_non_string_values_are_not_units():
    _post, found = values("---\ntitle: 2024\nexcerpt: true\n---\n")
    assert found == []


def test_broken_yaml_names_file_and_line():
    with pytest.raises(InputError) as info:
        values("---\nlayout: post\ntitle: a: b\n---\n")
    assert str(info.value).startswith("posts/ja/a.md:3: frontmatter is not valid YAML")


def test_broken_toml_names_file_and_line():
    with pytest.raises(InputError) as info:
        values('+++\ntitle = "x"\ndate = \n+++\n')
    assert str(info.value).startswith("posts/ja/a.md:3: frontmatter is not valid TOML")


def test_toml_values_and_arrays():
    post, found = values("+++\ntitle = 'タイトル'\ntags = [\"a\", \"b\"]\n[params]\ntitle = \"x\"\n+++\n", lists=("tags",))
    assert [(v.key, v.index, post.text[v.start : v.end]) for v in found] == [
        ("title", None, "'タイトル'"), ("tags", 0, '"a"'), ("tags", 1, '"b"')]


@pytest.mark.parametrize(("style", "new", "expected"), [
    ("", "A plain title", "A plain title"),
    ("", "Amazon: why now?", '"Amazon: why now?"'),
    ("", "yes", '"yes"'),
    ('"', "Say \"hi\"", '"Say \\"hi\\""'),
    ("'", "It's", "'It''s'"),
    ("'", "two\nlines", '"two\\nlines"'),
])
def test_yaml_render_quotes_only_when_needed(style, new, expected):
    value = frontmatter.Value("title", None, "元", 0, 1, style, 1)
    rendered = frontmatter.render("yaml", value, new, "元")
    assert rendered == expected
    assert yaml.safe_load("k: " + rendered) == {"k": new}


def test_identity_render_keeps_raw_bytes():
    value = frontmatter.Value("title", None, "元", 0, 3, '"', 1)
    assert frontmatter.render("yaml", value, "元", "\"元\"") == "\"元\""


def test_toml_render_round_trips():
    import tomllib
    value = frontmatter.Value("title", None, "元", 0, 1, "'", 1)
    for new in ("Plain", "It's", 'quote " and \\ backslash'):
        assert tomllib.loads("v = " + frontmatter.render("toml", value, new, "'元'"))["v"] == new
