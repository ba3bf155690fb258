"""Frontmatter rules per language: set from templates, drop, everything else byte-identical."""

from __future__ import annotations

from l10n import config as config_io
from l10n.core import layout
from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.steps.localize import localized_text

HUGO_POST = """---
title: "記事"
url: /index.php/2013/09/26/old-post/
aliases:
  - /old/
  - /older/
date: 2013-09-26
# an author's comment stays
tags: [a, b]
---

本文です。
"""

TOML_POST = """+++
title = "記事"
url = "/index.php/2013/09/26/old-post/"
aliases = ["/old/"]
[params]
x = 1
+++

本文です。
"""


def build(config, text, name="post/old.md", lang="en", translations=None):
    segmented = segment(parse(name, text.encode()), keys=config.keys, list_keys=config.list_keys)
    return localized_text(config, lang, segmented, translations or {("title", "記事"): "Post"})


def test_hugo_post_with_url_and_aliases_gets_its_own_url(tmp_path):
    config = config_io.from_mapping(tmp_path, {"preset": "hugo"})
    out = build(config, HUGO_POST)
    assert out == HUGO_POST.replace('"記事"', '"Post"').replace(
        "url: /index.php/2013/09/26/old-post/", "url: /en/index.php/2013/09/26/old-post/").replace(
        "aliases:\n  - /old/\n  - /older/\n", "")


def test_toml_frontmatter_rules_keep_the_tables(tmp_path):
    config = config_io.from_mapping(tmp_path, {"preset": "hugo"})
    out = build(config, TOML_POST)
    assert out == ('+++\ntitle = "Post"\nurl = "/en/index.php/2013/09/26/old-post/"\n[params]\nx = 1\n+++\n\n本文です。\n')


def test_a_rule_naming_a_missing_key_is_skipped_for_that_post(tmp_path):
    config = config_io.from_mapping(tmp_path, {"preset": "hugo"})
    text = "---\ntitle: 記事\n---\n\n本文です。\n"
    assert build(config, text) == "---\ntitle: Post\n---\n\n本文です。\n"


def test_templates_from_path_and_values_and_constants(tmp_path):
    config = config_io.from_mapping(tmp_path, {"frontmatter": {
        "set": {"translationKey": "{path}", "slug": "{slug}-{lang}", "lang": "{lang}", "draft": False},
        "drop": ["tags"], "en": {"set": {"lang": "en-US"}}}})
    text = "---\ntitle: 記事\nslug: kiji\ntags:\n- x\nlang: ja\n---\n\n本文です。\n"
    out = build(config, text, name="2024/kiji.md")
    assert out == ("---\ntitle: Post\nslug: kiji-en\nlang: en-US\ntranslationKey: 2024/kiji\ndraft: false\n"
                   "---\n\n本文です。\n")


def test_dropping_a_translated_key_wins(tmp_path):
    config = config_io.from_mapping(tmp_path, {"frontmatter": {"drop": ["title"]}})
    assert build(config, "---\ntitle: 記事\nx: 1\n---\n\n本文です。\n") == "---\nx: 1\n---\n\n本文です。\n"


def test_chinese_sentences_are_joined_without_a_space(tmp_path):
    config = config_io.from_mapping(tmp_path, {"languages": ["zh_Hans", "ko", "en"]})
    text = "---\ntitle: 記事\n---\n\n一文目です。二文目です。\n"
    pairs = {"zh_Hans": ("第一句。", "第二句。"), "ko": ("첫 문장입니다.", "둘째 문장입니다."), "en": ("One.", "Two.")}
    built = {lang: build(config, text, lang=lang, translations={(None, "一文目です。"): a, (None, "二文目です。"): b})
             for lang, (a, b) in pairs.items()}
    assert built["zh_Hans"].endswith("\n第一句。第二句。\n")
    assert built["ko"].endswith("\n첫 문장입니다. 둘째 문장입니다.\n")
    assert built["en"].endswith("\nOne. Two.\n")
    assert config.output_path("zh_Hans", "a.md") == tmp_path / "posts/zh_Hans/a.md"
    assert layout.lang_id("zh_Hans") == "zh-hans"
