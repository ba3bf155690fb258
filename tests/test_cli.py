"""extract / build / status from the command line: messages, exit codes, nothing lost."""

from __future__ import annotations

import json
from dataclasses import replace

from typer.testing import CliRunner

from l10n.cli import app
from l10n.po import catalog

GOOD = "---\ntitle: 良い記事\n---\n\n一文目です。二文目です。\n"
BROKEN_YAML = "---\ntitle: 壊れた: 記事\n---\n\n本文です。\n"


def invoke(root, *args):
    return CliRunner().invoke(app, [*args, "--root", str(root)])


def test_broken_post_and_broken_po_do_not_stop_the_others(site):
    root = site({"good.md": GOOD, "bad.md": BROKEN_YAML, "other.md": "別の記事です。\n"})
    po = root / "locales/en/other.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "oops\n', encoding="utf-8")
    broken_po = po.read_bytes()
    result = invoke(root, "extract")
    assert result.exit_code == 3
    assert "error: posts/ja/bad.md:2: frontmatter is not valid YAML (mapping values are not allowed" in result.output
    assert "error: locales/en/other.po:4: PO file does not parse" in result.output
    assert "2 post(s) had errors; the others were processed" in result.output
    assert (root / "locales/en/good.po").exists()
    assert po.read_bytes() == broken_po  # a file we cannot read is never overwritten


def test_build_names_every_post_it_did_not_write(site):
    root = site({"done.md": GOOD, "half.md": "訳した文。訳していない文。\n"})
    assert invoke(root, "extract").exit_code == 0
    for name, translated in (("done", {"良い記事": "A good post", "一文目です。": "One.", "二文目です。": "Two."}),
                             ("half", {"訳した文。": "Translated."})):
        path = root / f"locales/en/{name}.po"
        po = catalog.read_po(path)
        entries = [replace(e, msgstr=translated.get(e.msgid, "")) for e in po]
        catalog.save(path, entries, lang="en", post_display=f"posts/ja/{name}.md", old=po)
    result = invoke(root, "build")
    assert result.exit_code == 0
    assert "wrote posts/en/done.md" in result.output
    assert "not written: posts/ja/half.md [en]: 50% reviewed, needs 100%: 0 to review, 1 untranslated" in result.output
    assert (root / "posts/en/done.md").read_text("utf-8") == "---\ntitle: A good post\n---\n\nOne. Two.\n"
    assert not (root / "posts/en/half.md").exists()
    assert invoke(root, "build", "--threshold", "0.5").exit_code == 0
    assert (root / "posts/en/half.md").read_text("utf-8") == "Translated. 訳していない文。\n"


def test_status_json(site):
    root = site({"a.md": GOOD})
    invoke(root, "extract")
    data = json.loads(invoke(root, "status", "--json").output)
    assert data["posts"] == [{"post": "posts/ja/a.md", "lang": "en", "note": "", "units": 3, "reviewed": 0,
                              "needs_review": 0, "draft": 0, "stale": 0, "untranslated": 3,
                              "percent_reviewed": 0.0}]
    assert data["total"]["units"] == 3 and data["errors"] == []


def test_bad_config_names_the_file(site):
    root = site({"a.md": GOOD}, 'languages = ["xx_YY_bad"]\n')
    result = invoke(root, "extract")
    assert result.exit_code == 3
    assert "error: l10n.toml: languages: unknown locale 'xx_YY_bad'" in result.output


def test_ctrl_c_says_completed_work_is_kept(site, monkeypatch):
    from l10n.steps import extract as site_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(site_module, "extract", interrupted)
    result = invoke(site({"a.md": GOOD}), "extract")
    assert result.exit_code == 130 and "interrupted: completed work is saved" in result.output


def test_posts_named_on_the_command_line_relative_or_not(site, monkeypatch):
    root = site({"a.md": GOOD, "b.md": "別。\n"})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["extract", "posts/ja/a.md"])
    assert result.exit_code == 0, result.output
    assert (root / "locales/en/a.po").exists() and not (root / "locales/en/b.po").exists()
    outside = CliRunner().invoke(app, ["extract", str(root / "l10n.toml")])
    assert outside.exit_code == 3 and "is not under the source folder posts/ja" in outside.output


def test_version():
    from l10n import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"l10n {__version__}"
