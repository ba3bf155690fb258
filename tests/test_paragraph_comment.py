"""The paragraph a sentence comes from, for translators in Poedit/Weblate: an extracted ``#.`` comment on
the first unit of each multi-sentence paragraph only (``paragraph_comment``, default on)."""

from __future__ import annotations

import difflib
import subprocess

import polib
import pytest

from l10n import config as config_io
from l10n.steps import extract
from tests.conftest import needs_gettext

POST = ("---\ntitle: 猫の一日\n---\n\n朝は窓辺で寝ています。昼は[庭](https://example.com/)に出ます。\n夜は走り回ります。\n\n"
        "一文だけの段落です。\n\n- 項目の一文目です。二文目です。\n")


def _extract(site, config: str = ""):
    root = site({"a.md": POST}, config)
    extract.extract(config_io.load(root))
    return root / "locales" / "en" / "a.po"


def test_the_paragraph_is_shown_once_on_its_first_sentence(site):
    po = polib.pofile(str(_extract(site)))
    comments = {e.msgid: e.comment for e in po}
    assert comments["朝は窓辺で寝ています。"] == ("paragraph, sentence 1 of 3\nthe paragraph: "
                                          "朝は窓辺で寝ています。昼は[庭](https://example.com/)に出ます。夜は走り回ります。")
    assert comments["昼は[庭](https://example.com/)に出ます。"] == "paragraph, sentence 2 of 3"
    assert comments["夜は走り回ります。"] == "paragraph, sentence 3 of 3"
    assert comments["一文だけの段落です。"] == "paragraph"  # one sentence: the unit is the paragraph
    assert comments["項目の一文目です。"] == "list item, sentence 1 of 2\nthe paragraph: 項目の一文目です。二文目です。"
    assert comments["猫の一日"] == "frontmatter: title"
    assert sum("the paragraph:" in e.comment for e in po) == 2


def test_the_setting_turns_it_off(site):
    po = polib.pofile(str(_extract(site, "paragraph_comment = false\n")))
    assert not any("the paragraph:" in e.comment for e in po)


def test_the_setting_is_validated(tmp_path):
    from l10n.errors import InputError

    with pytest.raises(InputError, match="paragraph_comment: expected true or false"):
        config_io.from_mapping(tmp_path, {"paragraph_comment": "yes"})


def test_changing_one_sentence_changes_the_comment_of_its_paragraph_only(site):
    path = _extract(site)
    before = path.read_text("utf-8").splitlines()
    post = path.parents[2] / "posts" / "ja" / "a.md"
    post.write_text(POST.replace("走り回ります", "眠ります"), "utf-8")
    extract.extract(config_io.load(path.parents[2]))
    after = path.read_text("utf-8").splitlines()
    changed = [d for d in difflib.unified_diff(before, after, n=0, lineterm="") if d[:1] in "+-" and d[:3] not in
               ("+++", "---")]
    assert sorted(changed) == sorted(['-msgid "夜は走り回ります。"', '+msgid "夜は眠ります。"',
                                      "-#. the paragraph: 朝は窓辺で寝ています。昼は[庭](https://example.com/)に出ます。夜は走り回ります。",
                                      "+#. the paragraph: 朝は窓辺で寝ています。昼は[庭](https://example.com/)に出ます。夜は眠ります。"])


@needs_gettext
def test_gettext_accepts_the_comment_and_msgcat_keeps_it(site):
    path = _extract(site)
    text = path.read_text("utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0
    assert subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True).stdout == text
    extracted = subprocess.run(["msggrep", "-X", "-e", "the paragraph:", str(path)], capture_output=True, text=True)
    assert extracted.stdout.count("msgid \"") == 1 + 2  # header + the two first sentences


def test_check_says_the_comments_changed_when_the_setting_changed(site):
    from typer.testing import CliRunner

    from l10n.cli import app

    path = _extract(site, "paragraph_comment = false\n")
    root = path.parents[2]
    (root / "l10n.toml").write_text("", "utf-8")
    result = CliRunner().invoke(app, ["check", "-C", str(root)])
    assert "changed since locales/en/a.po was extracted (#. comments changed)" in result.output
