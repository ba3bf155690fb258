"""This repository's own site: the first post, translated, reviewed and built with l10n."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.core.post import parse
from l10n.core.text import JAPANESE
from l10n.steps import status
from tests.conftest import REPO, SITE_POST

NAME = "2025-12-21-amazon-3nm-ai-chip-investment.md"
JA, EN = REPO / "posts" / "ja" / NAME, REPO / "posts" / "en" / NAME
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


def body(path: Path) -> str:
    post = parse(path.name, path.read_bytes())
    return post.text[post.body_start :]


def shape(text: str) -> tuple[list[str], Counter[str]]:
    """Block structure (tag sequence) and inline markup counts of rendered Markdown."""
    tokens = _MD.parse(text)
    blocks = [t.type for t in tokens if t.type.endswith("_open") and t.type != "inline"]
    inline = Counter(c.type for t in tokens if t.type == "inline" for c in t.children or [] if c.type != "text")
    return blocks, inline


def test_source_post_is_the_authors_file_byte_for_byte():
    if not SITE_POST.exists():
        pytest.skip("../shared/site is not present")
    assert JA.read_bytes() == SITE_POST.read_bytes()


def test_english_post_has_the_same_structure():
    ja_blocks, ja_inline = shape(body(JA))
    en_blocks, en_inline = shape(body(EN))
    assert en_blocks == ja_blocks and len(ja_blocks) == 23
    assert en_inline == ja_inline
    assert _MD.render(body(EN)).count("<p>") == _MD.render(body(JA)).count("<p>")


def test_english_post_keeps_the_authors_leftovers():
    data = EN.read_bytes()
    assert not data.endswith(b"\n") and data.endswith(b"\n\n---END---")


def test_english_post_has_no_japanese_except_the_author_name():
    post = parse(EN.name, EN.read_bytes())
    lines = [line for line in post.text.split("\n") if JAPANESE.search(line)]
    assert lines == ['author: "ALLFORCES編集部"']  # the author's name is kept as written


def test_english_frontmatter_translated_and_marked():
    import yaml

    post = parse(EN.name, EN.read_bytes())
    meta = yaml.safe_load(post.text[post.fm_start : post.fm_end])
    assert meta["lang"] == "en" and meta["reading_time"] == 8 and meta["layout"] == "post"
    assert meta["categories"] == ["Investment Analysis"]
    assert meta["tags"] == ["AI", "Latest News", "Tech Trends", "Amazon", "Investment", "Chips"]
    assert meta["title"].startswith("Amazon's 3nm AI Chip Investment")


def test_site_is_fully_reviewed_and_check_passes():
    config = config_io.load(REPO)
    (outcome,) = status.status(config).outcomes
    assert outcome.counts.share == 1.0 and outcome.counts.total == 113
    result = CliRunner().invoke(app, ["check", "--root", str(REPO), "--no-cache"])
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt-get install jekyll)")
def test_jekyll_builds_both_posts(tmp_path: Path):
    (tmp_path / "_layouts").mkdir()
    (tmp_path / "_layouts" / "post.html").write_text("<article>{{ content }}</article>\n", encoding="utf-8")
    (tmp_path / "_config.yml").write_text("title: l10n test\nmarkdown: kramdown\n", encoding="utf-8")
    for lang, source in (("ja", JA), ("en", EN)):
        (tmp_path / lang / "_posts").mkdir(parents=True)
        shutil.copy(source, tmp_path / lang / "_posts" / NAME)
    result = subprocess.run(["jekyll", "build", "--source", str(tmp_path), "--destination", str(tmp_path / "_site")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {p.as_posix(): p.read_text("utf-8") for p in (tmp_path / "_site").rglob("*.html")}
    ja = next(text for path, text in pages.items() if "/ja/" in path)
    en = next(text for path, text in pages.items() if "/en/" in path)
    for tag in ("<p>", "<strong>", "<h1", "<h2", "<li>", "<a "):
        assert en.count(tag) == ja.count(tag), tag
    assert "Amazon&#8217;s 3nm AI Chip Investment" in en or "Amazon’s 3nm AI Chip Investment" in en
