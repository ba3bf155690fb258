"""Links in localized posts: pointed at built translations, anchors kept, broken ones reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


_DESTS = ["https://example.com/a_(b)", "http://zenn.dev/u/articles/abcdefghijkl", "https://zenn.dev/u/articles/abc",
          "/articles/b", "#frag", "#", "mailto:a@b.c", "b.md", "./b.md#はじめに", "sub/c.md", "../x.md", "/b/",
          "/images/x.png", "x.png", "<https://x.y>", "<#a", "<http://", "<b.md>", "HTTPS://x.y", "https:/x",
          "http://", "", "{{< ref \"b.md\" >}}", "{% post_url b %}"]
_LINK_DOCS = st.lists(st.one_of(
    st.builds(lambda bang, space, dest: f"{bang}[文]({space}{dest})", st.sampled_from(["", "!"]),
              st.sampled_from(["", " ", "\n", " \t"]), st.sampled_from(_DESTS)),
    st.builds(lambda space, dest: f"\n[ラベル]:{space}{dest}\n", st.sampled_from(["", " ", "\t"]),
              st.sampled_from(_DESTS)),
    st.sampled_from(["本文。", "`[x](b.md)`", "\n\n", "\n```\n[c](b.md)\n```\n", "[", "]", "(", "`", " ", "\n",
                     "{{< relref \"sub/c\" >}}", "{% post_url b %}", "<a href=\"b.md\">", "](b.md)"])),
    max_size=12).map("".join)


@pytest.mark.parametrize("preset", ["plain", "zenn"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_LINK_DOCS)
def test_rewrite_links_reads_only_what_it_may_change(tmp_path_factory, preset, body):
    """Skipping the bodies and paragraphs whose links rewrite_links keeps (external URLs, fragments,
    mail addresses) gives the same text and the same consulted posts as reading every link; and
    links() finds the same links without scanning paragraphs that only hold reference definitions."""
    _same_as_reading_every_link(_link_site(tmp_path_factory, preset), [f"---\ntitle: 題\n---\n{body}\n"])


def test_rewrite_links_reads_only_what_it_may_change_in_corpus_posts(tmp_path):
    from tests.conftest import corpus_files

    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is not present")
    _same_as_reading_every_link(_link_site(None, "plain", tmp_path),
                                [path.read_text("utf-8", errors="replace") for path in files])


_SITES: dict[str, tuple] = {}


def _link_site(factory, preset: str, root: Path | None = None) -> tuple:
    from l10n import config as config_io
    from l10n.steps import sitelinks

    if preset not in _SITES or root is not None:
        root = root or factory.mktemp(preset)
        source = "articles" if preset == "zenn" else "posts/ja"
        names = ["b.md", "sub/c.md", "abcdefghijkl.md", "x.md"] if preset != "zenn" else ["abcdefghijkl.md", "b.md"]
        for name in names:
            (root / source / name).parent.mkdir(parents=True, exist_ok=True)
            (root / source / name).write_text("---\ntitle: 記事\n---\n\n## はじめに\n\n本文です。\n", encoding="utf-8")
        (root / "l10n.toml").write_text(f'preset = "{preset}"\n', encoding="utf-8")
        config = config_io.load(root)
        built = config.output_path("en", "b.md")
        built.parent.mkdir(parents=True, exist_ok=True)
        built.write_text("built", encoding="utf-8")
        _SITES[preset] = (config, sitelinks)
    return _SITES[preset]


def _same_as_reading_every_link(made: tuple, texts: list[str]) -> None:
    from l10n.core.post import parse

    config, sitelinks = made
    real = sitelinks._MAY_CHANGE
    for text in texts:
        post = parse("a.md", text.encode("utf-8"))
        answers = []
        for pattern in (real, links._HINT):  # links._HINT: every paragraph with a link is read, as before
            sitelinks._MAY_CHANGE = pattern
            try:
                site = sitelinks.SiteLinks.scan(config, "en")
                answers.append((sitelinks.rewrite_links(site, "a.md", post.text, post.body_start), site.consulted))
            finally:
                sitelinks._MAY_CHANGE = real
        assert answers[0] == answers[1], text
        found = links.links(post.text, post.body_start)
        inline, links._INLINE_HINT = links._INLINE_HINT, links._HINT  # paragraphs with "]:" only read, as before
        try:
            assert found == links.links(post.text, post.body_start), text
        finally:
            links._INLINE_HINT = inline
