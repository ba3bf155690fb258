"""extract / build / status from the command line: messages, exit codes, nothing lost."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
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
                              "percent_reviewed": 0.0, "judge_approved": 0, "japanese_offered": 10,
                              "japanese_missed": 0, "percent_offered": 100.0}]
    assert data["total"]["units"] == 3 and data["errors"] == []
    assert data["total"]["japanese_missed"] == 0 and data["total"]["posts_missing_japanese"] == 0


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
    assert result.exit_code == 0 and result.output.strip() == f"l10n-blog {__version__}"


def test_an_unexpected_exception_is_reported_as_a_bug_never_as_bad_input(site, monkeypatch):
    from l10n.steps import extract as extract_module

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(extract_module, "extract", broken)
    root = site({"a.md": GOOD})
    result = invoke(root, "extract")
    assert result.exit_code == 70, result.output
    assert "internal error: ZeroDivisionError: division by zero" in result.output
    assert "this is a bug in l10n" in result.output and "--debug" in result.output
    assert "Traceback" not in result.output
    debug = CliRunner().invoke(app, ["--debug", "extract", "--root", str(root)])
    assert debug.exit_code == 70
    assert "Traceback (most recent call last)" in debug.output and "in broken" in debug.output


def test_overlapping_units_are_a_bug_not_bad_input():
    """An internal inconsistency must not be reported as a problem with the user's post (exit 3)."""
    import pytest

    from l10n.core.splice import apply
    from l10n.errors import L10nError

    with pytest.raises(Exception, match="overlapping units") as raised:
        apply("一つ。二つ。", [(0, 6, "One. Two."), (3, 6, "Two.")])
    assert not isinstance(raised.value, L10nError)


def test_help_shows_readable_placeholders():
    result = CliRunner().invoke(app, ["translate", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Usage: root translate [OPTIONS] [POST|FOLDER...]" in result.output
    assert "list[Path]" not in result.output
    assert "-C, --root FOLDER" in result.output and "--backend NAME" in result.output
    assert "--concurrency N" in result.output and "<int range>" not in result.output


def test_version_help_and_a_warm_check_load_no_pipeline_library(site):
    """Start-up cost: what each command imports (the time itself is measured in bench/bench_startup.py)."""
    import subprocess
    import sys

    heavy = ("markdown_it", "yaml", "rapidfuzz", "deepl", "httpx", "polib", "mdit_py_plugins", "babel", "rich",
             "numpy")
    root = site({"a.md": GOOD})
    assert invoke(root, "extract").exit_code == 0
    probe = ("import sys\nsys.argv = ['l10n-blog', *sys.argv[1:]]\nfrom l10n.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    for args in (["--version"], ["--help"], ["check", "-C", str(root)], ["check", "-C", str(root)]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False)
        loaded = done.stdout.rsplit("LOADED ", 1)[1].strip()
        if args != ["check", "-C", str(root)] or "(1 unchanged" in done.stderr:
            assert loaded == "[]", (args, loaded)
    assert "(1 unchanged since they passed)" in done.stderr


def test_the_console_script_leaves_its_objects_to_the_exit_without_a_last_collection():
    """The interpreter's exit frees every object; frozen, they are not walked by its last collection."""
    import subprocess
    import sys

    probe = ("import gc, sys\nsys.argv = ['l10n-blog', '--version']\nfrom l10n.cli import main\n"
             "print('BEFORE', gc.get_freeze_count())\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('FROZEN', gc.get_freeze_count() > 10_000, gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "BEFORE 0\nl10n-blog " in done.stdout and "FROZEN True True" in done.stdout, done.stdout + done.stderr


def test_version_and_help_load_nothing_a_command_loads_for_itself():
    """json (status --json, check --format json), tempfile and shlex (the review editor) load where used."""
    import subprocess
    import sys

    needless = ("json", "tempfile", "shlex", "random", "l10n.config", "l10n.steps")
    probe = ("import sys\nsys.argv = ['l10n-blog', *sys.argv[1:]]\nfrom l10n.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', sorted({{m for m in sys.modules if m.startswith({needless!r})}}))")
    for args in (["--version"], ["--help"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False)
        assert done.stdout.rsplit("LOADED ", 1)[1].strip() == "[]", args


def test_a_no_change_extract_status_and_build_load_no_parser(site):
    """What the incremental index saves is mostly start-up: a run with nothing to do reads no post."""
    import subprocess
    import sys

    heavy = ("markdown_it", "yaml", "rapidfuzz", "polib", "mdit_py_plugins", "multiprocessing", "babel", "rich",
             "httpx", "deepl", "numpy", "logging")
    root = site({"a.md": GOOD, "bad.md": BROKEN_YAML})
    probe = ("import sys\nsys.argv = ['l10n', *sys.argv[1:]]\nfrom l10n.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    for command in ("extract", "status", "build"):
        loaded = []
        for _ in range(2):  # the first run does the work, the second finds nothing to do
            done = subprocess.run([sys.executable, "-c", probe, command, "-C", str(root)], capture_output=True,
                                  text=True, check=False)
            loaded.append(done.stdout.rsplit("LOADED ", 1)[1].strip())
            assert "bad.md" in done.stderr  # the broken post is reported every time
        assert loaded[0] != "[]" and loaded[1] == "[]", (command, loaded)


def test_a_one_post_build_loads_only_what_that_post_needs(site):
    """A changed translation is built from its PO file: no fuzzy matcher, locale data, PO library or pool."""
    import subprocess
    import sys

    from tests.sitekit import translate

    needless = ("rapidfuzz", "babel", "polib", "multiprocessing", "rich", "httpx", "deepl", "numpy",
                "markdown_it", "mdit_py_plugins")  # its body provably keeps its blocks: no parse
    root = site({"a.md": GOOD, "b.md": "別の記事です。\n"})
    assert invoke(root, "extract").exit_code == 0
    translate(root, {"良い記事": "A good post", "一文目です。": "First.", "二文目です。": "Second.",
                     "別の記事です。": "Another post."})
    assert invoke(root, "build").exit_code == 0
    translate(root, {"別の記事です。": "Another post, reworded."})
    probe = ("import sys\nsys.argv = ['l10n-blog', *sys.argv[1:]]\nfrom l10n.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', sorted({{m.split('.')[0] for m in sys.modules}} & set({needless!r})))")
    done = subprocess.run([sys.executable, "-c", probe, "build", "-C", str(root)], capture_output=True, text=True,
                          check=False)
    assert "1 written, 1 unchanged" in done.stdout, done.stdout + done.stderr
    assert done.stdout.rsplit("LOADED ", 1)[1].strip() == "[]"


def test_a_one_post_extract_loads_no_locale_data_pool_or_po_library(site):
    """A changed post's PO file keeps its header's locale fields: babel loads only for a new file."""
    import subprocess
    import sys

    needless = ("babel", "polib", "multiprocessing", "rich", "httpx", "deepl", "numpy")  # markdown-it loads logging
    root = site({"a.md": GOOD, "b.md": "別の記事です。\n"})
    assert invoke(root, "extract").exit_code == 0
    (root / "posts/ja/b.md").write_text("別の記事です。新しい文です。\n", encoding="utf-8")
    probe = ("import sys\nsys.argv = ['l10n-blog', *sys.argv[1:]]\nfrom l10n.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', sorted({{m.split('.')[0] for m in sys.modules}} & set({needless!r})))")
    done = subprocess.run([sys.executable, "-c", probe, "extract", "-C", str(root)], capture_output=True,
                          text=True, check=False)
    assert "updated   posts/ja/b.md [en]: 1 new" in done.stdout, done.stdout + done.stderr
    assert done.stdout.rsplit("LOADED ", 1)[1].strip() == "[]"


def test_a_post_skipped_for_a_new_sentence_is_built_without_markdown_it(site):
    """After a one-post edit the new sentence is untranslated: build counts it from the saved
    segmentation and skips the post, with no Markdown parser (it is loaded to write a post)."""
    import subprocess
    import sys

    from tests.sitekit import translate

    needless = ("markdown_it", "mdit_py_plugins", "yaml", "rapidfuzz", "babel", "polib", "multiprocessing", "logging")
    root = site({"a.md": GOOD, "b.md": "別の記事です。\n"})
    assert invoke(root, "extract").exit_code == 0
    translate(root, {"良い記事": "A good post", "一文目です。": "First.", "二文目です。": "Second.",
                     "別の記事です。": "Another post."})
    assert invoke(root, "extract").exit_code == 0 and invoke(root, "build").exit_code == 0
    (root / "posts/ja/b.md").write_text("別の記事です。新しい文です。\n", encoding="utf-8")
    assert "1 new" in invoke(root, "extract").output
    probe = ("import sys\nsys.argv = ['l10n-blog', *sys.argv[1:]]\nfrom l10n.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', sorted({{m.split('.')[0] for m in sys.modules}} & set({needless!r})))")
    done = subprocess.run([sys.executable, "-c", probe, "build", "-C", str(root)], capture_output=True, text=True,
                          check=False)
    assert "1 not written" in done.stdout and "1 untranslated" in done.stderr + done.stdout, done.stdout + done.stderr
    assert done.stdout.rsplit("LOADED ", 1)[1].strip() == "[]"


@pytest.mark.parametrize("args", [
    ["--version"], ["--help"], [], ["--debug"], ["build", "--help"], ["status", "--sort", "nope", "-C", "."],
    ["memory", "--help"], ["memory"], ["nosuch"], ["buil"], ["--debug", "extract", "--help"], ["report", "--help"],
])
def test_the_console_script_makes_only_the_command_it_runs_and_answers_the_same(args):
    """main() gives typer only the named command (converting all of them is most of typer's work);
    every answer is the full app's, word for word."""
    from l10n.cli.app import make_app, needed

    full = CliRunner().invoke(app, args, prog_name="l10n-blog")
    only = CliRunner().invoke(make_app(needed(args)), args, prog_name="l10n-blog")
    assert (only.exit_code, only.output) == (full.exit_code, full.output)


def test_every_command_is_found_by_its_name_alone():
    import typer.main

    from l10n.cli.app import make_app, needed

    names = sorted(typer.main.get_command(app).commands)
    assert len(names) >= 12 and "memory" in names and "report" in names
    for name in names:
        assert needed([name, "--help"]) == {name}
        assert list(typer.main.get_command(make_app({name})).commands) == [name]
    assert needed(["--version"]) == set() and needed(["--help"]) is None and needed(["nosuch"]) is None
