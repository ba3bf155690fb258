"""Sample sites built by the real generators, before and after the English posts are added.

For each preset: the Japanese pages keep their URLs and titles (no duplicate page), each
English page is at its URL with ``lang`` set, language links join the two, and every
internal link and anchor of the English pages leads to a generated page and id.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from l10n.core import presets
from tests.conftest import needs_tool
from tests.sitekit import broken_links, copy_site, l10n, language_link, pages, translate

pytestmark = pytest.mark.slow


def japanese(site: dict, prefix: str = "/en/") -> dict[str, str]:
    return {url: page.title for url, page in site.items() if not url.startswith(prefix)}


# --- Hugo ----------------------------------------------------------------------------------

HUGO_PAGES = {  # Japanese URL -> English URL
    "/index.php/2013/09/26/first/": "/en/index.php/2013/09/26/first/",  # the post's own `url:`
    "/post/second/": "/en/post/second/",
    "/post/bundle/": "/en/post/bundle/",  # a page bundle: index.md -> index.en.md
}


def hugo_site(root: Path, preset: str) -> Path:
    table = copy_site("hugo", root)
    if preset == "hugo-dir":
        (root / "content" / "ja").mkdir()
        shutil.move(root / "content" / "post", root / "content" / "ja" / "post")
    settings = presets.generator_settings(presets.PRESETS[preset], [("en", "English")],
                                          presets.PRESETS[preset].settings["source"])
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "ブログ"\n' + settings + "\n",
                                    encoding="utf-8")
    (root / "l10n.toml").write_text(f'preset = "{preset}"\n', encoding="utf-8")
    (root / "table.json").write_text(__import__("json").dumps(table, ensure_ascii=False), encoding="utf-8")
    return root


def run_hugo(root: Path) -> dict:
    shutil.rmtree(root / "public", ignore_errors=True)
    subprocess.run(["hugo", "--quiet", "-s", str(root), "-d", str(root / "public")], check=True,
                   capture_output=True, timeout=120)
    return pages(root / "public")


@needs_tool("hugo")
@pytest.mark.parametrize("preset", ["hugo", "hugo-dir"])
def test_hugo_site_in_japanese_and_english(tmp_path, preset):
    import json

    root = hugo_site(tmp_path / "site", preset)
    before = run_hugo(root)
    l10n(root, "extract")
    translate(root, json.loads((root / "table.json").read_text(encoding="utf-8")))
    built = l10n(root, "build")
    assert "3 written" in built and "not written: " in built  # third.md stays Japanese only
    after = run_hugo(root)

    assert japanese(after) == japanese(before)
    assert {url: before[url].lang for url in HUGO_PAGES} == dict.fromkeys(HUGO_PAGES, "ja")
    for ja, en in HUGO_PAGES.items():
        assert after[en].lang == "en" and after[en].title and after[en].title != after[ja].title
        assert language_link(after[ja], "en") == en and language_link(after[en], "ja") == ja
        assert broken_links(after, en) == []
    first = after["/en/index.php/2013/09/26/first/"]
    assert ("/post/third/", None) in first.links  # not translated: the Japanese page, by lang="ja"
    assert ("/en/post/second/", None) in first.links
    assert "#使い方の例" in [unquote(href) for href, _ in first.links] and "使い方の例" in first.ids
    assert "/en/old/first/" not in after  # aliases dropped: the old address stays Japanese
    assert after["/old/first/"].links == before["/old/first/"].links
    check = subprocess.run([".venv/bin/l10n-blog", "check", "--root", str(root)], capture_output=True, text=True,
                           cwd=Path(__file__).parents[1])
    assert check.returncode == 0, check.stdout + check.stderr


# --- Jekyll --------------------------------------------------------------------------------

JEKYLL_PAGES = {"/2024/01/02/first.html": "/en/2024/01/02/first.html", "/second/": "/en/second/"}


def run_jekyll(root: Path) -> dict:
    shutil.rmtree(root / "_site", ignore_errors=True)
    subprocess.run(["jekyll", "build", "--quiet", "-s", str(root), "-d", str(root / "_site")], check=True,
                   capture_output=True, timeout=300)
    return pages(root / "_site")


@needs_tool("jekyll")
def test_jekyll_site_in_japanese_and_english(tmp_path):
    root = tmp_path / "site"
    table = copy_site("jekyll", root)
    (root / "l10n.toml").write_text('preset = "jekyll"\n', encoding="utf-8")
    before = run_jekyll(root)
    l10n(root, "extract")
    translate(root, table)
    assert "2 written" in l10n(root, "build")
    after = run_jekyll(root)

    assert japanese(after) == japanese(before)
    assert after["/"].links == before["/"].links  # the Japanese index lists no English post
    for ja, en in JEKYLL_PAGES.items():
        assert before[ja].lang == "ja" and after[en].lang == "en" and after[en].title != after[ja].title
        assert language_link(after[ja], "en") == en and language_link(after[en], "ja") == ja
        assert broken_links(after, en) == []
    first = [href for href, _ in after["/en/2024/01/02/first.html"].links]
    assert "/en/second/" in first and "/2024/01/04/third.html" in first
    assert "使い方の例" in after["/en/2024/01/02/first.html"].ids
    assert (root / "en/_posts/2024-01-03-second.md").read_text(encoding="utf-8").startswith(
        "---\nlayout: default\ntitle: The second post\npermalink: /en/second/\nlang: en\n---\n")
    assert "redirect_from" not in (root / "en/_posts/2024-01-02-first.md").read_text(encoding="utf-8")
    check = subprocess.run([".venv/bin/l10n-blog", "check", "--root", str(root)], capture_output=True, text=True,
                           cwd=Path(__file__).parents[1])
    assert check.returncode == 0, check.stdout + check.stderr


# --- Zenn ----------------------------------------------------------------------------------

ZENN = Path(__file__).parents[1] / ".ci" / "node_modules" / ".bin" / "zenn"
ZENN_PAGES = {"first-article-sample": "first-article-sample-en", "second-article-sample": "second-article-sample-en"}


class ZennPreview:
    """``zenn preview`` on a free loopback port; pages are read from its JSON API as zenn.dev renders them."""

    def __init__(self, root: Path) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen([str(ZENN), "preview", "--port", str(self.port), "--no-watch"], cwd=root,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(self, path: str) -> dict:
        import json
        import time
        import urllib.request

        for _attempt in range(300):  # up to 30 s for node to start on a busy machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as reply:
                    return json.loads(reply.read())
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"zenn preview did not answer {path}")

    def site(self) -> dict:
        from tests.sitekit import read_page

        listing = self.get("/api/articles")["articles"]
        out = {}
        for item in listing:
            article = self.get(f"/api/articles/{item['slug']}")["article"]
            url = f"/articles/{item['slug']}"
            out[url] = read_page(url, f"<title>{article['title']}</title>{article['bodyHtml']}")
        return out

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@needs_tool(str(ZENN))
def test_zenn_articles_in_japanese_and_english(tmp_path):
    root = tmp_path / "site"
    table = copy_site("zenn", root)
    (root / "l10n.toml").write_text('preset = "zenn"\n', encoding="utf-8")
    preview = ZennPreview(root)
    try:
        before = preview.site()
        l10n(root, "extract")
        translate(root, table)
        assert "2 written" in l10n(root, "build")
        after = preview.site()
    finally:
        preview.close()

    assert {u: p.title for u, p in after.items() if not u.endswith("-en")} == {u: p.title for u, p in before.items()}
    for ja, en in ZENN_PAGES.items():
        assert after[f"/articles/{en}"].title != after[f"/articles/{ja}"].title
        assert broken_links(after, f"/articles/{en}") == []
    first = after["/articles/first-article-sample-en"]
    hrefs = [unquote(href) for href, _ in first.links]
    assert "/articles/second-article-sample-en" in hrefs and "#使い方の例" not in hrefs
    assert "https://zenn.dev/me/articles/third-article-sample" in hrefs  # stays Japanese: not translated
    check = subprocess.run([".venv/bin/l10n-blog", "check", "--root", str(root)], capture_output=True, text=True,
                           cwd=Path(__file__).parents[1])
    assert check.returncode == 0, check.stdout + check.stderr


@needs_tool("hugo")
def test_a_second_target_language_end_to_end(tmp_path):
    """Simplified Chinese beside English: own PO files, own pages, sentences joined with no space."""
    import json

    root = hugo_site(tmp_path / "site", "hugo")
    settings = presets.generator_settings(presets.PRESETS["hugo"], [("en", "English"), ("zh_Hans", "简体中文")],
                                          "content")
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "ブログ"\n' + settings + "\n",
                                    encoding="utf-8")
    (root / "l10n.toml").write_text('preset = "hugo"\nlanguages = ["en", "zh_Hans"]\n', encoding="utf-8")
    before = run_hugo(root)
    l10n(root, "extract")
    assert (root / "locales/zh_Hans/post/first.po").is_file()
    translate(root, json.loads((root / "table.json").read_text(encoding="utf-8")), lang="en")
    translate(root, json.loads((Path(__file__).parent / "data/sites/hugo-zh.json").read_text(encoding="utf-8")),
              lang="zh_Hans")
    built = l10n(root, "build")
    assert "wrote content/post/first.zh-hans.md" in built and "wrote content/post/second.zh-hans.md" in built
    text = (root / "content/post/first.zh-hans.md").read_text(encoding="utf-8")
    assert "请看[下面的标题](#使い方の例)。也请阅读[第二篇文章]({{< relref \"second.md\" >}})。[第三篇](" in text
    assert "url: /zh-hans/index.php/2013/09/26/first/" in text
    after = run_hugo(root)

    def ja_only(site: dict) -> dict[str, str]:
        return {u: t for u, t in japanese(site).items() if not u.startswith("/zh-hans/")}

    assert ja_only(after) == ja_only(before)
    zh = "/zh-hans/index.php/2013/09/26/first/"
    assert after[zh].lang == "zh-hans" and after[zh].title == "第一篇文章"
    ja = after["/index.php/2013/09/26/first/"]
    assert language_link(ja, "zh-hans") == zh and language_link(ja, "en") == "/en/index.php/2013/09/26/first/"
    assert language_link(after[zh], "ja") == "/index.php/2013/09/26/first/"
    assert broken_links(after, zh) == [] and broken_links(after, "/zh-hans/post/second/") == []
    check = subprocess.run([".venv/bin/l10n-blog", "check", "--root", str(root)], capture_output=True, text=True,
                           cwd=Path(__file__).parents[1])
    assert check.returncode == 0, check.stdout + check.stderr


# --- Shortcode and Liquid tag parameters a reader sees (per preset, configurable) ------------

FIGURE_POST = ('+++\ntitle = "図の記事"\ndate = 2013-09-28\n+++\n\n図を見てください。\n\n'
               '{{< figure src="/a.png" alt="構成図の説明" caption="図一：構成図" >}}\n')
FIGURE_TABLE = {"図の記事": "The figure post", "図を見てください。": "See the figure.",
                "構成図の説明": "Description of the diagram", "図一：構成図": "Figure 1: the diagram"}


def english_page(root: Path, table: dict[str, str], generate, page: str) -> str:
    """Extract, approve ``table``'s translations, build, run the generator: the HTML of ``page``."""
    l10n(root, "extract")
    translate(root, table)
    l10n(root, "build")
    generate(root)
    return (root / page).read_text(encoding="utf-8")


@needs_tool("hugo")
def test_hugo_figure_caption_and_alt_reach_the_english_page(tmp_path):
    root = hugo_site(tmp_path / "site", "hugo")
    (root / "content/post/figure.md").write_text(FIGURE_POST, encoding="utf-8")
    html = english_page(root, FIGURE_TABLE, run_hugo, "public/en/post/figure/index.html")
    assert 'alt="Description of the diagram"' in html and "Figure 1: the diagram" in html
    assert "構成図" not in html and "図を見て" not in html


LIQUID_POST = ('---\nlayout: default\ntitle: タグの記事\n---\n\n{% include note.html content="注意書きです" %}\n\n'
               '{% hatebu https://example.com/ "ブックマークの題" %}\n')
LIQUID_TABLE = {"タグの記事": "The tag post", "注意書きです": "A note", "ブックマークの題": "Bookmark title"}
HATEBU_PLUGIN = '''\
class Hatebu < Liquid::Tag
  def initialize(name, markup, tokens)
    super
    @url, @title = markup.strip.match(/(\\S+)\\s+"(.*)"/).captures
  end

  def render(context)
    %(<a class="hatebu" href="#{@url}">#{@title}</a>)
  end
end
Liquid::Template.register_tag("hatebu", Hatebu)
'''


@needs_tool("jekyll")
def test_jekyll_include_params_and_a_configured_plugin_title_reach_the_english_page(tmp_path):
    root = tmp_path / "site"
    copy_site("jekyll", root)
    (root / "_posts/2024-01-05-tags.md").write_text(LIQUID_POST, encoding="utf-8")
    (root / "_includes").mkdir()
    (root / "_includes/note.html").write_text('<p class="note">{{ include.content }}</p>\n', encoding="utf-8")
    (root / "_plugins").mkdir()
    (root / "_plugins/hatebu.rb").write_text(HATEBU_PLUGIN, encoding="utf-8")
    # the preset offers include parameters; this site's own plugin tag is added to the config
    (root / "l10n.toml").write_text('preset = "jekyll"\nquoted_tags = ["hatebu"]\n', encoding="utf-8")
    html = english_page(root, LIQUID_TABLE, run_jekyll, "_site/en/2024/01/05/tags.html")
    assert '<p class="note">A note</p>' in html and ">Bookmark title</a>" in html
    assert "注意書き" not in html and "ブックマーク" not in html
