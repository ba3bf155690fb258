"""``l10n-blog init``: the generator is told from the site's files and the written config works as is."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.project import select

POST = "---\ntitle: 記事\n---\n\n本文です。\n"


def invoke(root: Path, *args: str):
    return CliRunner().invoke(app, ["init", "--root", str(root), *args])


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("files, preset, settings", [
    ({"hugo.toml": "", "content/post/a.md": POST}, "hugo", '[languages.en]'),
    ({"config.toml": "", "content/ja/post/a.md": POST}, "hugo-dir", 'contentDir = "content/en"'),
    ({"_config.yml": "title: x\n", "_posts/2024-01-01-a.md": POST}, "jekyll", "where_exp"),
    ({"_config.yml": "plugins: [jekyll-polyglot]\n", "_posts/2024-01-01-a.md": POST}, "jekyll-polyglot", "default_lang"),
    ({"package.json": '{"dependencies": {"zenn-cli": "^0.1"}}', "articles/first-article-x.md": POST}, "zenn", "12-50"),
    ({"posts/ja/a.md": POST}, "plain", "Nothing to configure"),
])
def test_init_detects_the_generator_and_writes_a_working_config(tmp_path, files, preset, settings):
    root = make(tmp_path, files)
    result = invoke(root)
    assert result.exit_code == 0, result.output
    assert f'preset = "{preset}"' in (root / "l10n.toml").read_text(encoding="utf-8")
    assert settings in result.output and "1 post(s)" in result.output
    assert len(select(config_io.load(root))) == 1


def test_init_flags_for_scripts(tmp_path):
    root = make(tmp_path, {"posts/ja/a.md": POST})
    dry = invoke(root, "--preset", "plain", "--lang", "zh_Hans", "--lang", "ko", "--partial", "--dry-run")
    assert dry.exit_code == 0 and "would write l10n.toml" in dry.output and not (root / "l10n.toml").exists()
    assert invoke(root, "--lang", "zh_Hans", "--lang", "ko", "--partial").exit_code == 0
    config = config_io.load(root)
    assert config.languages == ("zh_Hans", "ko") and config.adoption == "partial"
    again = invoke(root)
    assert again.exit_code == 2 and "already holds an l10n config" in again.output
    assert invoke(root, "--force").exit_code == 0 and config_io.load(root).languages == ("en",)


def test_init_says_when_it_cannot_tell(tmp_path):
    result = invoke(tmp_path)
    assert result.exit_code == 3 and "cannot tell which site generator" in result.output and "--preset" in result.output
    assert invoke(tmp_path, "--preset", "wordpress").exit_code == 2
    assert invoke(tmp_path, "--lang", "xx_bad").exit_code == 3
