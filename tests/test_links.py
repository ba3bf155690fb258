"""Links in localized posts: pointed at built translations, anchors kept, broken ones reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.core import links
from tests.sitekit import l10n, translate

A = """---
title: 記事A
---

## 見出し！

[下へ](#別の-見出し)と[記事B](b.md#はじめに)と[記事C](sub/c.md)を見てください。

```md
[コードの中](b.md)
```

## 別の 見出し

本文です。
"""
B = "---\ntitle: 記事B\n---\n\n## はじめに\n\n本文です。\n"
C = "---\ntitle: 記事C\n---\n\n本文です。\n"
TABLE = {"記事A": "Post A", "見出し！": "Heading!", "別の 見出し": "Another heading", "本文です。": "Body.",
         "[下へ](#別の-見出し)と[記事B](b.md#はじめに)と[記事C](sub/c.md)を見てください。":
         "See [below](#別の-見出し), [post B](b.md#はじめに) and [post C](sub/c.md).",
         "記事B": "Post B", "はじめに": "Introduction"}


def site(root: Path, config: str) -> Path:
    for name, text in {"posts/ja/a.md": A, "posts/ja/b.md": B, "posts/ja/sub/c.md": C, "l10n.toml": config}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_links_are_found_outside_code_only():
    found = [(link.kind, link.target) for link in links.links(A, A.index("## "))]
    assert found == [("link", "#別の-見出し"), ("link", "b.md#はじめに"), ("link", "sub/c.md")]


def test_a_backtick_left_open_does_not_hide_the_next_paragraphs_links():
    # Inline Markdown never spans a blank line: the second paragraph's link is a link
    # (CommonMark; the scanner read the body as one run and took it for code).
    text = "`a\n\nSee [b](b.md)`.\n\n[c](c.md)\n"
    assert [link.target for link in links.links(text)] == ["b.md", "c.md"]


@pytest.mark.parametrize("generator, text, ids", [
    ("hugo", "## はじめに 見出し！\n## Hello World!? (test)\n## Hello World!? (test)\n",
     ["はじめに-見出し", "hello-world-test", "hello-world-test-1"]),
    ("jekyll", "## はじめに 見出し！\n## Hello World!? (test)\n", ["はじめに-見出し", "hello-world-test"]),
    ("zenn", "## はじめに の 見出し\n## Hello World!? (test)\n",
     ["%E3%81%AF%E3%81%98%E3%82%81%E3%81%AB-%E3%81%AE-%E8%A6%8B%E5%87%BA%E3%81%97", "hello-world!%3F-(test)"]),
    ("hugo", "## Pinned {#my-id}\n", ["my-id"]),
])
def test_heading_ids_follow_each_generator(generator, text, ids):
    """The ids as Hugo 0.111, Jekyll 4.3 (kramdown GFM) and zenn-cli 0.5 wrote them for these headings."""
    assert [h.id for h in links.headings(text, 0, generator)] == ids


def test_plain_site_links_follow_the_built_posts(tmp_path):
    root = site(tmp_path, "")
    l10n(root, "extract")
    translate(root, TABLE)  # A and B are reviewed; C is not
    l10n(root, "build")
    built = (root / "posts/en/a.md").read_text(encoding="utf-8")
    assert "[post B](b.md#introduction)" in built  # B is built: its English heading's id
    assert "[post C](../ja/sub/c.md)" in built  # C is not: the Japanese post, from the English folder
    assert "[below](#another-heading)" in built  # the in-page link follows its heading
    assert "[コードの中](b.md)" in built  # code is never touched
    assert "check" and l10n(root, "check")


def test_hugo_headings_keep_their_ids(tmp_path):
    root = site(tmp_path, 'preset = "hugo"\nsource = "posts/ja"\noutput = "posts/ja/{dir}/{stem}.{lang}{ext}"\n')
    l10n(root, "extract")
    translate(root, TABLE)
    l10n(root, "build")
    built = (root / "posts/ja/a.en.md").read_text(encoding="utf-8")
    assert "## Heading! {#見出し}\n" in built and "## Another heading {#別の-見出し}\n" in built
    assert "[post B](b.en.md#はじめに)" in built


def test_check_reports_a_link_that_would_break(tmp_path):
    root = site(tmp_path, "")
    l10n(root, "extract")
    translate(root, TABLE)
    l10n(root, "build")
    english = root / "posts/en/a.md"
    english.write_text(english.read_text(encoding="utf-8").replace("#another-heading", "#gone"), encoding="utf-8")
    from typer.testing import CliRunner

    from l10n.cli import app

    result = CliRunner().invoke(app, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert "posts/en/a.md:7: in-page link #gone leads to no heading of this post" in result.output


def test_url_table_of_a_plain_site_reads_only_frontmatters_that_may_name_a_url(site, monkeypatch):
    """The same table as when every post's frontmatter is read (corpus posts, escapes, broken YAML)."""
    import re
    import shutil

    from l10n import config as config_io
    from l10n.steps import sitelinks
    from tests.conftest import corpus_files

    posts: dict[str, str | bytes] = {
        "url.md": "---\ntitle: a\nurl: /x/\n---\n", "perma.md": "---\npermalink: /y/\n---\n",
        "escaped.md": '---\n"\\x75rl": /z/\n---\n', "broken.md": "---\nurl: [\n---\n", "none.md": "本文\n",
        "toml.md": '+++\nurl = "/t/"\n+++\n', "other.md": "---\ntitle: curl と permalinks\n---\n"}
    root = site(posts)
    for path in corpus_files()[:120]:  # real frontmatters, when the corpus is there
        shutil.copy(path, root / "posts" / "ja" / path.name)
    config = config_io.load(root)
    fast = sitelinks.SiteLinks.scan(config, "en").urls()
    monkeypatch.setattr(sitelinks, "_URL_KEY", re.compile(""))  # every frontmatter read
    assert sitelinks.SiteLinks.scan(config, "en").urls() == fast
    assert {"/x/", "/y/", "/z/", "/t/"} <= set(fast)


def test_renamed_ids_and_ref_paths_are_worked_out_once_a_run_and_still_recorded_per_post(tmp_path, monkeypatch):
    from l10n import config as config_io
    from l10n.steps import sitelinks

    root = site(tmp_path, "")
    l10n(root, "extract")
    translate(root, TABLE)
    config = config_io.load(root)
    shared = sitelinks.SiteLinks.scan(config, "en")
    calls: list[str] = []
    work = sitelinks.SiteLinks._renamed_ids
    monkeypatch.setattr(sitelinks.SiteLinks, "_renamed_ids", lambda self, rel: calls.append(rel) or work(self, rel))
    for _ in range(2):  # two posts of one run linking to the same post
        shared.consulted.clear()
        assert shared.renamed_ids("b.md") == sitelinks.SiteLinks.scan(config, "en").renamed_ids("b.md")
        assert shared.renamed_ids("b.md") == {"はじめに": "introduction"}
        assert shared.find_ref("sub/c") == "sub/c.md" and shared.find_ref("d.md") is None
        assert shared.consulted == {"b.md", "*"}  # each post still depends on b.md and on the post list
    assert len(calls) == 3  # once for `shared` (one run), once for each of the two fresh SiteLinks
