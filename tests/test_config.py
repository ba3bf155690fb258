"""Config values are checked when read: a wrong one names the file and the key, exit 3, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.errors import InputError

POST = "---\ntitle: 記事\n---\n\n本文です。\n"


def invoke(root, *args):
    return CliRunner().invoke(app, [*args, "--root", str(root)])


@pytest.mark.parametrize("toml, message", [
    ("languages = [1]\n", "l10n.toml: languages: every item must be a non-empty string, not 1"),
    ("languages = []\n", "l10n.toml: languages: name at least one target language"),
    ('languages = ["ja"]\n', "l10n.toml: languages: 'ja' is the source language"),
    ('po = "locales/{lang}/{slug}.po"\n', "l10n.toml: po: unknown placeholder {slug}"),
    ('output = "posts/{lang.__class__}"\n', "l10n.toml: output: '{lang.__class__}' is not a placeholder"),
    ('glossary = "g/{path}.tsv"\n', "l10n.toml: glossary: unknown placeholder {path}"),
    ('output = "/tmp/{lang}"\n', "l10n.toml: output: '/tmp/en/2000/sample-post.md' is outside the site"),
    ('po = "../{lang}/{path}.po"\n', "l10n.toml: po: '../en/2000/sample-post.po' is outside the site"),
    ('output = "posts/ja"\n', "l10n.toml: output: 'posts/ja/{path}{ext}' would overwrite the source posts"),
    ('[backends.openai]\nbase_url = "::::"\n', "l10n.toml: backends.openai.base_url: '::::' is not an http(s) URL"),
    ('[backends.openai]\nbase_url = "http://localhost:99999/v1"\n', "base_url: 'http://localhost:99999/v1' is not"),
    ("threshold = 2\n", "l10n.toml: threshold must be between 0 and 1"),
    ("threshold = true\n", "l10n.toml: threshold: expected a number, not bool"),
    ('adoption = "some"\n', "l10n.toml: adoption must be one of 'all', 'partial'"),
    ('preset = "wordpress"\n', "l10n.toml: preset: unknown preset 'wordpress'"),
    ('[frontmatter]\nset = { url = "/en{url" }\n', "frontmatter.set.url: '{' is not a placeholder"),
    ('[frontmatter]\nkeep = ["a"]\n', "l10n.toml: frontmatter: unknown key 'keep'"),
    ('include = "*.md"\n', "l10n.toml: include: expected a list, not str"),
    ('languages = ["xx"]\n', "l10n.toml: languages: unknown locale 'xx'"),
    ('languages = ["en_XX"]\n', "l10n.toml: languages: unknown locale 'en_XX'"),
    ('languages = ["../en"]\n', "l10n.toml: languages: unknown locale '../en'"),
    ('source_lang = "japanese"\n', "l10n.toml: source_lang: unknown locale 'japanese'"),
])
def test_bad_config_value_is_named_with_file_and_key(site, toml, message):
    root = site({"a.md": POST}, toml)
    for command in ("extract", "build", "status", "check"):
        result = invoke(root, command)
        assert result.exit_code == 3, (command, result.output)
        assert message in result.output, (command, result.output)
        assert "Traceback" not in result.output


def test_outside_paths_are_allowed_with_the_explicit_setting(site, tmp_path):
    root = site({"a.md": POST}, 'allow_outside = true\npo = "../po/{lang}/{path}.po"\n')
    assert invoke(root, "extract").exit_code == 0
    assert (tmp_path.parent / "po" / "en" / "a.po").is_file()


def test_build_threshold_out_of_range_is_a_usage_error(site):
    root = site({"a.md": POST})
    result = invoke(root, "build", "--threshold", "2")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--threshold'" in result.output  # typer's words for min=0, max=1


def test_a_site_without_config_is_an_error_with_a_hint(tmp_path):
    (tmp_path / "posts" / "ja").mkdir(parents=True)
    result = invoke(tmp_path, "check")
    assert result.exit_code == 3
    assert "no l10n config" in result.output and "l10n-blog init" in result.output


def test_the_old_folder_form_of_output_still_mirrors_the_source(tmp_path):
    config = config_io.from_mapping(tmp_path, {"output": "site/{lang}"})
    assert config.output_path("en", "2024/a.md") == tmp_path / "site/en/2024/a.md"


def test_preset_values_are_defaults_the_config_overrides(tmp_path):
    config = config_io.from_mapping(tmp_path, {"preset": "hugo", "source": "content/posts"})
    assert config.source == "content/posts" and config.output == "content/{dir}/{stem}.{lang_id}{ext}"
    assert config.rules_for("en").drop == ("aliases",)
    with pytest.raises(InputError, match="unknown preset"):
        config_io.from_mapping(tmp_path, {"preset": "nope"})


@pytest.mark.parametrize("toml", [
    'languages = ["en", "en"]\n', "keys = [1]\n", "list_keys = [[]]\n", 'source = 3\n', "extra_keys = 1\n",
    "backends = { deepl = 1 }\n", 'memory = "/tmp/memory.sqlite"\n', 'unit = "word"\n', "frontmatter = 1\n",
    "frontmatter = { set = { url = [1] } }\n", 'frontmatter = { drop = "aliases" }\n', 'exclude = [""]\n',
    'allow_outside = "yes"\n', "fuzzy_threshold = -1\n", 'output = "posts/ja/{stem}.x{ext}"\n', "nonsense = 1\n",
])
def test_no_config_value_gives_a_traceback(site, toml):
    root = site({"a.md": POST}, toml)
    result = invoke(root, "status")
    assert result.exit_code == 3 and "l10n.toml" in result.output and "Traceback" not in result.output, result.output


@pytest.mark.parametrize("lang", ["en", "en_GB", "pt-BR", "zh_Hant_TW", "EN", "zh_TW", "sr-latn"])
def test_every_locale_id_babel_knows_is_accepted(tmp_path, lang):
    assert config_io.from_mapping(tmp_path, {"languages": [lang]}).languages == (lang,)


@pytest.mark.parametrize("lang", ["xx", "en_XX", "en/../fr", "root/../en", "e", "en_", "en__GB"])
def test_an_unknown_locale_id_is_refused(tmp_path, lang):
    with pytest.raises(InputError, match="unknown locale"):
        config_io.from_mapping(tmp_path, {"languages": [lang]})


def test_a_locale_known_by_its_data_file_is_one_babel_accepts():
    """The shortcut that spares loading babel never accepts an id babel would refuse."""
    from babel import Locale

    from l10n.core import locales

    folder = Path(locales._data_folder())
    names = sorted(path.stem for path in folder.glob("*.dat"))
    assert len(names) > 500
    for name in names:
        if locales._has_data_file(name):
            Locale.parse(name)
    assert locales._has_data_file("en_GB") and not locales._has_data_file("en_XX")
