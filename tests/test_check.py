from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.po import catalog
from l10n.po.model import Entry
from l10n.steps import build as build_step
from l10n.steps import extract as extract_step
from l10n.steps.check import entries
from tests.conftest import needs_gettext

CONFIG = 'unit = "paragraph"\n'
POST = """---
title: 猫の話
---
猫は[かわいい](https://example.com/cat)です。

犬も好きです。
"""
ENGLISH = {
    "猫の話": "About cats",
    "猫は[かわいい](https://example.com/cat)です。": "Cats are [cute](https://example.com/cat).",
    "犬も好きです。": "I like dogs too.",
}
PO = "locales/en/a.po"


def invoke(root: Path, *args: str):
    return CliRunner().invoke(app, [*args, "-C", str(root)])


def lines(result) -> list[str]:
    return result.stdout.splitlines()


def extract(root: Path) -> None:
    run = extract_step.extract(config_io.load(root))
    assert not run.errors


def translate(root: Path, texts: dict[str, str], *, fuzzy: bool = False, comment: str = "") -> None:
    """Set translations in every PO file, as a translator would (reviewed unless ``fuzzy``)."""
    for path in (root / "locales").rglob("*.po"):
        po = catalog.read_po(path)
        assert po is not None
        entries = [replace(e, msgstr=texts[e.msgid], flags=("fuzzy",) if fuzzy else (),
                           tcomment=comment or e.tcomment) if e.msgid in texts else e for e in po]
        catalog.save(path, entries, lang="en", post_display=po.metadata["Project-Id-Version"], old=po)


def build(root: Path) -> None:
    run = build_step.build(config_io.load(root))
    assert not run.errors


@pytest.fixture
def clean(site) -> Path:
    """A site whose post is extracted, fully reviewed and built: nothing to report."""
    root = site({"a.md": POST}, CONFIG)
    extract(root)
    translate(root, ENGLISH)
    build(root)
    return root


def entry_line(root: Path, msgid: str) -> int:
    po = catalog.read_po(root / PO)
    assert po is not None
    return next(e.linenum for e in po if e.msgid == msgid)


def test_clean_site_passes(clean):
    result = invoke(clean, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "ok in 1 post(s) (0 unchanged since they passed)\n"


def test_post_changed_but_po_not_extracted(clean):
    (clean / "posts/ja/a.md").write_text(POST.replace("犬も好き", "犬も大好き"), encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1
    assert ("posts/ja/a.md:6: changed since locales/en/a.po was extracted (1 changed unit(s)) — "
            "run `l10n-blog extract` and commit the PO file") in lines(result)


def test_new_post_without_po_file(clean):
    (clean / "posts/ja/b.md").write_text("新しい記事です。\n", encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1
    assert lines(result) == ["posts/ja/b.md: has no PO file locales/en/b.po yet — run `l10n-blog extract`"]


def test_po_file_that_does_not_parse(clean):
    path = clean / PO
    text = path.read_text("utf-8").replace('msgstr "I like dogs too."', 'msgstr "I like dogs too."\nnot po at all')
    path.write_text(text, encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1
    line = text.splitlines().index("not po at all") + 1
    assert lines(result) == [f"{PO}:{line}: PO file does not parse (unexpected line 'not po at all') — "
                             "fix the entry by hand, or restore it from version control"]


def test_line_break_mismatch_that_msgfmt_rejects(clean):
    translate(clean, {"犬も好きです。": "I like dogs too.\n"})
    build(clean)
    result = invoke(clean, "check")
    assert result.exit_code == 1
    line = entry_line(clean, "犬も好きです。")
    assert lines(result) == [f"{PO}:{line}: msgid and msgstr do not both end with a line break (msgfmt rejects "
                             "this) — remove the line break at the end of the translation"]


@needs_gettext
def test_msgfmt_errors_and_warnings_are_reported(clean):
    path = clean / PO
    text = path.read_text("utf-8").replace('msgid "犬も好きです。"', '#, c-format\nmsgid "犬も好きです。"')
    text = text.replace('msgstr "I like dogs too."', 'msgstr "I like %s dogs too."')
    path.write_text(text.replace('"MIME-Version: 1.0\\n"\n', ""), encoding="utf-8")
    translate_line = text.splitlines().index('msgstr "I like %s dogs too."')  # one line less without MIME
    result = invoke(clean, "check")
    assert result.exit_code == 1
    assert f"{PO}:{translate_line}: msgfmt: number of format specifications in 'msgid' and 'msgstr' does not " \
           "match — fix the entry so that `msgfmt -c` accepts the file" in lines(result)
    assert f"{PO}:2: warning: msgfmt: header field 'MIME-Version' missing in header — fix the entry so that " \
           "`msgfmt -c` accepts the file" in lines(result)


def test_english_post_differs_from_build(clean):
    english = clean / "posts/en/a.md"
    english.write_text(english.read_text("utf-8").replace("dogs", "cats"), encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1
    assert lines(result) == ["posts/en/a.md:6: differs from what `l10n-blog build` writes now — "
                             "run `l10n-blog build` (edit the PO file, not this file)"]


def test_reviewed_post_not_built(site):
    root = site({"a.md": POST}, CONFIG)
    extract(root)
    translate(root, ENGLISH)
    result = invoke(root, "check")
    assert result.exit_code == 1
    assert lines(result) == ["posts/ja/a.md: is reviewed for en but posts/en/a.md is not built — run `l10n-blog build`"]


def test_orphan_english_post_and_po_file(clean):
    (clean / "posts/en/old.md").write_text("Old.\n", encoding="utf-8")
    (clean / "locales/en/old.po").write_text((clean / PO).read_text("utf-8"), encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1
    assert lines(result) == [
        "locales/en/old.po: has no source post any more — delete it, or restore its source post",
        "posts/en/old.md: has no source post (no post of posts/ja is built to it) — delete it, or restore its source post",
    ]


def test_reviewed_markup_must_match_source(clean):
    translate(clean, {"猫は[かわいい](https://example.com/cat)です。": "Cats are cute."})
    build(clean)
    result = invoke(clean, "check")
    assert result.exit_code == 1
    line = entry_line(clean, "猫は[かわいい](https://example.com/cat)です。")
    assert lines(result) == [f"{PO}:{line}: markup differs from the source: link URL https://example.com/cat is "
                             "missing — keep the source's links, code, HTML and emphasis (or add the comment "
                             "`l10n: allow-markup`)"]


def test_glossary_terms_in_reviewed_translations(clean):
    glossary = clean / "locales/glossary/ja-en.tsv"
    glossary.parent.mkdir(parents=True)
    glossary.write_text("犬\tdog\n猫\tcat\n", encoding="utf-8")
    translate(clean, {"犬も好きです。": "I like hounds too."})
    build(clean)
    result = invoke(clean, "check")
    assert result.exit_code == 1
    line = entry_line(clean, "犬も好きです。")
    # "About cats" and "Cats are ..." contain "cat" whatever the case: only the hounds are reported.
    assert lines(result) == [f'{PO}:{line}: glossary term 「犬」 is not translated as "dog" — '
                             'use "dog" (or add the comment `l10n: allow-glossary`)']


def test_japanese_left_in_reviewed_translation(clean):
    translate(clean, {"犬も好きです。": "I like 犬 too."})
    build(clean)
    result = invoke(clean, "check")
    assert result.exit_code == 1
    line = entry_line(clean, "犬も好きです。")
    assert lines(result) == [f"{PO}:{line}: Japanese text left in the translation: 「犬」 — translate it (or add "
                             "the comment `l10n: allow-japanese` if it is meant to stay)"]
    translate(clean, {"犬も好きです。": "I like 犬 too."}, comment="l10n: allow-japanese")
    assert invoke(clean, "check").exit_code == 0


def test_japanese_in_code_is_not_reported():
    entry = Entry(msgid="`echo 猫`を実行", msgstr="Run `echo 猫`", linenum=3)
    assert entries.check_japanese(entries.Translation(entry, "en", None)) == []
    assert entries.check_japanese(entries.Translation(entry, "zh", None)) == []


def test_published_post_below_threshold(clean):
    translate(clean, {"犬も好きです。": "I like dogs too."}, fuzzy=True)
    result = invoke(clean, "check")
    assert result.exit_code == 1
    line = entry_line(clean, "犬も好きです。")
    assert lines(result) == [f"{PO}:{line}: 66% reviewed, the site needs 100% (1 to review, 0 untranslated; "
                             "posts/en/a.md is published) — translate and review them: "
                             "`l10n-blog review posts/ja/a.md` or a PO editor"]


def test_unpublished_post_below_threshold_fails_only_with_require_all(site):
    root = site({"a.md": POST}, CONFIG)
    extract(root)
    assert invoke(root, "check").exit_code == 0
    result = invoke(root, "check", "--require", "all")
    assert result.exit_code == 1
    assert lines(result) == [f"{PO}:{entry_line(root, '猫の話')}: 0% reviewed, the site needs 100% (0 to review, "
                             "3 untranslated) — translate and review them: `l10n-blog review posts/ja/a.md` or a PO editor"]


def test_post_that_does_not_parse_exits_3(clean):
    (clean / "posts/ja/bad.md").write_text("---\ntitle: [broken\n---\n本文。\n", encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 3
    (line,) = lines(result)
    assert line.startswith("posts/ja/bad.md:") and "frontmatter is not valid YAML" in line


def test_stale_translation_blocks_check_until_reviewed_in_a_po_editor(clean):
    (clean / "posts/ja/a.md").write_text(POST.replace("犬も好き", "犬も大好き"), encoding="utf-8")
    extract(clean)
    status = json.loads(invoke(clean, "status", "--json").stdout)
    assert status["posts"][0]["stale"] == 1
    result = invoke(clean, "check")
    assert result.exit_code == 1 and "1 to review" in result.stdout
    # A PO editor clears the fuzzy flag and the previous msgid when the translator approves.
    path = clean / PO
    text = path.read_text("utf-8")
    assert '#, fuzzy\n#| msgid "犬も好きです。"\n' in text
    path.write_text(text.replace('#, fuzzy\n#| msgid "犬も好きです。"\n', "")
                    .replace('msgstr "I like dogs too."', 'msgstr "I love dogs too."'), encoding="utf-8")
    assert invoke(clean, "check").exit_code == 1  # the English post is now out of date
    assert invoke(clean, "build").exit_code == 0
    result = invoke(clean, "check")
    assert result.exit_code == 0, result.output


def test_formats(clean):
    translate(clean, {"犬も好きです。": "I like 犬 too."})
    build(clean)
    line = entry_line(clean, "犬も好きです。")
    github = invoke(clean, "check", "--format", "github")
    assert lines(github) == [f"::error file={PO},line={line},title=l10n japanese::Japanese text left in the "
                             "translation: 「犬」 — translate it (or add the comment `l10n: allow-japanese` if it "
                             "is meant to stay)"]
    data = json.loads(invoke(clean, "check", "--format", "json").stdout)
    assert data["exit_code"] == 1 and data["posts"] == 1
    assert [(i["kind"], i["path"], i["line"]) for i in data["issues"]] == [("japanese", PO, line)]


# --- the cache ---------------------------------------------------------------------------

def test_warm_run_is_answered_by_the_cache(clean):
    assert invoke(clean, "check").exit_code == 0
    result = invoke(clean, "check")
    assert result.exit_code == 0
    assert result.stderr == "ok in 1 post(s) (1 unchanged since they passed)\n"


@pytest.mark.parametrize("path, old, new", [
    ("posts/ja/a.md", "犬も好き", "犬が好き"),
    (PO, "I like dogs too.", "I like 犬 too."),
    ("posts/en/a.md", "dogs", "cats"),
])
def test_cache_never_gives_a_stale_answer(clean, path, old, new):
    assert invoke(clean, "check").exit_code == 0
    file = clean / path
    file.write_text(file.read_text("utf-8").replace(old, new, 1), encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1
    assert "(0 unchanged since they passed)" in result.stderr


def test_glossary_change_invalidates_the_cache(clean):
    assert invoke(clean, "check").exit_code == 0
    glossary = clean / "locales/glossary/ja-en.tsv"
    glossary.parent.mkdir(parents=True)
    glossary.write_text("犬\thound\n", encoding="utf-8")
    assert invoke(clean, "check").exit_code == 1


def test_damaged_cache_is_ignored(clean):
    assert invoke(clean, "check").exit_code == 0
    (clean / ".l10n/cache/check.json").write_text("{not json", encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 0 and "(0 unchanged" in result.stderr


def test_leftover_marker_lines_are_warnings_only(site):
    root = site({"a.md": "本文です。\n\n---END---\n\n=== EOF ===\n\n--- 区切り ---\n"})
    assert CliRunner().invoke(app, ["extract", "--root", str(root)]).exit_code == 0
    result = CliRunner().invoke(app, ["check", "--root", str(root), "--no-cache"])
    assert result.exit_code == 0  # a warning never fails the check
    warnings = [line for line in result.output.splitlines() if "leftover" in line]
    assert warnings == [
        "posts/ja/a.md:3: warning: `---END---` looks like a leftover marker, not part of the post — "
        "delete it from the Japanese post if it should not be published",
        "posts/ja/a.md:5: warning: `=== EOF ===` looks like a leftover marker, not part of the post — "
        "delete it from the Japanese post if it should not be published",
    ]


# --- issue 12: CI must stop what it should stop ----------------------------------------------

def _tamper(text: str) -> str:
    """The cache file as someone would edit it to hide problems: every recorded issue list emptied."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.startswith("p\t"):
            fields = line.split("\t")
            value = json.loads(fields[4])  # p, post, key, depends, value, input files...
            value[0] = []
            fields[4] = json.dumps(value)
            lines[n] = "\t".join(fields)
    return "\n".join(lines)


def test_an_edited_cache_never_turns_a_failing_site_green(clean):
    translate(clean, {"犬も好きです。": "I like 犬 too."})
    build(clean)
    assert invoke(clean, "check").exit_code == 1
    cache = clean / ".l10n/cache/check.json"
    tampered = _tamper(cache.read_text("utf-8"))
    assert tampered != cache.read_text("utf-8")  # the failing post's problems were recorded
    cache.write_text(tampered, encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1
    assert "Japanese text left in the translation" in result.stdout


def test_a_passing_post_is_answered_by_the_cache_with_its_warnings(site):
    root = site({"a.md": "本文です。\n\n---END---\n"}, CONFIG)
    extract(root)
    first = invoke(root, "check")
    second = invoke(root, "check")
    assert first.exit_code == second.exit_code == 0
    assert second.stdout == first.stdout and "`---END---` looks like a leftover marker" in second.stdout
    assert "(1 unchanged since they passed)" in second.stderr


def test_no_leftover_warning_inside_a_fenced_code_block(site):
    root = site({"a.md": "本文です。\n\n```text\n---END---\n=== EOF ===\n```\n\n~~~\n### DONE ###\n~~~\n"}, CONFIG)
    extract(root)
    result = invoke(root, "check", "--no-cache")
    assert result.exit_code == 0
    assert "leftover" not in result.stdout


def test_reviewed_entry_with_a_problem_comment_fails_and_names_it(clean):
    problem = "problem: link https://example.com/cat was missing; appended at the end"
    translate(clean, {"猫は[かわいい](https://example.com/cat)です。": "Cats are [cute](https://example.com/cat)."},
              comment=f"origin: machine translation (deepl)\n{problem}")
    build(clean)
    result = invoke(clean, "check")
    assert result.exit_code == 1
    line = entry_line(clean, "猫は[かわいい](https://example.com/cat)です。")
    assert lines(result) == [f"{PO}:{line}: markup problem noted by `l10n-blog translate`: link https://example.com/cat "
                             "was missing; appended at the end — fix the translation against the source, then "
                             "delete the `# problem:` comment"]


def test_build_and_check_agree_on_the_threshold(site):
    """7 of 25 reviewed with threshold 0.28: 7 < 0.28 * 25 in floating point, but 7 / 25 >= 0.28."""
    body = "\n\n".join(f"段落{n}です。" for n in range(1, 25))
    root = site({"a.md": f"---\ntitle: 題\n---\n{body}\n"}, CONFIG + "threshold = 0.28\n")
    extract(root)
    translate(root, {"題": "Title", **{f"段落{n}です。": f"Paragraph {n}." for n in range(1, 7)}})
    result = invoke(root, "build")
    assert result.exit_code == 0 and "1 written" in result.stdout, result.output
    assert invoke(root, "check").exit_code == 0


def test_a_cache_that_cannot_be_written_only_makes_the_check_slower(clean):
    shutil.rmtree(clean / ".l10n", ignore_errors=True)  # extract and build keep their index there too
    (clean / ".l10n").mkdir()
    (clean / ".l10n/cache").write_text("not a folder", encoding="utf-8")  # root may write anywhere: no chmod
    first, second = invoke(clean, "check"), invoke(clean, "check")
    assert first.exit_code == second.exit_code == 0, first.output
    assert "(0 unchanged since they passed)" in second.stderr



def test_editing_a_draft_clears_its_problem_notes_approving_it_unchanged_does_not():
    from l10n.po.model import reviewed

    draft = Entry(msgid="猫は[かわいい](https://example.com/cat)です。", msgstr="Cats are cute.", flags=("fuzzy",),
                  tcomment="origin: deepl\nproblem: link https://example.com/cat is missing\nnote by a person")
    assert reviewed(draft, draft.msgstr).tcomment == draft.tcomment
    fixed = reviewed(draft, "Cats are [cute](https://example.com/cat).")
    assert fixed.tcomment == "origin: deepl\nnote by a person"
    assert entries.check_problem_notes(entries.Translation(fixed, "en", None)) == []


# --- the cache answers from the incremental index: every input is part of the verdict ------

def checked_again(root: Path) -> int:
    """How many posts the next check could not answer from the cache (their digest changed)."""
    data = json.loads(invoke(root, "check", "--format", "json", "--jobs", "1").stdout)
    return data["posts"] - data["cached"]


def test_a_failing_post_is_answered_by_the_cache_with_its_problems(clean, monkeypatch):
    translate(clean, {"犬も好きです。": "I like 犬 too."})
    build(clean)
    first = invoke(clean, "check", "--format", "github")
    assert first.exit_code == 1 and "Japanese text left" in first.stdout

    def never(*args, **kwargs):
        raise AssertionError("the post was checked again")

    monkeypatch.setattr("l10n.project.segment_post", never)
    again = invoke(clean, "check", "--format", "github")
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)


def test_a_config_change_is_checked_again(clean):
    assert invoke(clean, "check").exit_code == 0
    (clean / "l10n.toml").write_text(CONFIG + 'output = "english/{path}{ext}"\n', encoding="utf-8")
    result = invoke(clean, "check")
    assert result.exit_code == 1 and "is reviewed for en but english/a.md is not built" in result.stdout


def test_a_new_version_of_the_tool_checks_again(clean, monkeypatch):
    from l10n import fingerprint
    from l10n.steps.check import posts
    from l10n.steps.check.issue import Check, Finding

    assert invoke(clean, "check").exit_code == 0
    stricter = (*posts.POST_CHECKS, Check("new", "error", lambda s: [Finding("a check of the new version")], "fix"))
    monkeypatch.setattr(posts, "POST_CHECKS", stricter)
    assert invoke(clean, "check").exit_code == 0  # same code digest: the recorded verdict stands
    monkeypatch.setattr(fingerprint, "code_digest", lambda: "another version")
    result = invoke(clean, "check")
    assert result.exit_code == 1 and "a check of the new version" in result.stdout


def test_another_msgfmt_checks_again(clean, tmp_path):
    from l10n.steps import check

    strict = tmp_path / "msgfmt"
    strict.write_text('#!/bin/sh\necho "$4:1: a complaint" >&2\nexit 1\n', encoding="utf-8")
    strict.chmod(0o755)
    config = config_io.load(clean)
    assert check.run(config, msgfmt=None).exit_code == 0
    report = check.run(config, msgfmt=str(strict))
    assert report.exit_code == 1 and [i.message for i in report.issues] == ["msgfmt: a complaint"]


def test_publishing_a_linked_post_checks_the_linking_post_again(site):
    a = "---\ntitle: エー\n---\n\n詳しくは[別の記事](b.md)を見てください。\n"
    b = "---\ntitle: ビー\n---\n\n別の記事です。\n"
    root = site({"a.md": a, "b.md": b}, CONFIG)
    extract(root)
    translate(root, {"エー": "A", "詳しくは[別の記事](b.md)を見てください。": "See [the other post](b.md)."})
    build(root)
    assert invoke(root, "check").exit_code == 0  # a's link points at the Japanese b
    translate(root, {"ビー": "B", "別の記事です。": "Another post."})
    result = invoke(root, "check")  # b would now be built: a's link must point at the English b
    assert result.exit_code == 1
    assert "posts/en/a.md:5: differs from what `l10n-blog build` writes now" in result.stdout


def test_a_linked_file_that_appears_checks_again(site):
    a = "---\ntitle: エー\n---\n\n詳しくは[別の記事](../c.md)を見てください。\n"
    root = site({"a.md": a}, CONFIG)
    extract(root)
    translate(root, {"エー": "A", "詳しくは[別の記事](../c.md)を見てください。": "See [the other post](../c.md)."})
    build(root)
    first = invoke(root, "check")
    assert first.exit_code == 1 and "link to ../c.md leads to no file" in first.stdout
    (root / "posts/c.md").write_text("# C\n", encoding="utf-8")  # neither a post nor a built one
    result = invoke(root, "check")
    assert result.exit_code == 0, result.stdout


def test_a_post_edited_while_it_is_checked_is_not_recorded(clean, monkeypatch):
    """The verdict is about the bytes the check read: filing it under the edited file's digest
    would answer the next check with a pass for a file that was never checked."""
    from l10n.steps.check import entries as entry_checks

    real = entry_checks.entry_issues
    edits = []

    def edit_meanwhile(*args, **kwargs):
        if not edits:  # a translator saves the PO file while the check runs
            edits.append(True)
            translate(clean, {"犬も好きです。": "I like 犬 too."})
        return real(*args, **kwargs)

    monkeypatch.setattr(entry_checks, "entry_issues", edit_meanwhile)
    invoke(clean, "check", "--jobs", "1")
    monkeypatch.setattr(entry_checks, "entry_issues", real)
    result = invoke(clean, "check")
    assert result.exit_code == 1 and "Japanese text left in the translation" in result.stdout


def test_an_unchanged_site_is_answered_without_checking(clean):
    assert invoke(clean, "check").exit_code == 0
    assert checked_again(clean) == 0
    post = clean / "posts/ja/a.md"
    post.write_bytes(post.read_bytes())  # rewritten as it was: same digest, nothing to check
    assert checked_again(clean) == 0


# --- a cold check: groups of posts share one msgfmt, processes share the groups -------------

@needs_gettext
def test_msgfmt_run_for_many_files_at_once_reports_what_it_reports_for_each(site, monkeypatch):
    from l10n.steps import check

    root = site({f"{name}.md": POST for name in "abcd"}, CONFIG)
    extract(root)
    translate(root, ENGLISH)
    build(root)
    po = root / "locales/en/c.po"
    po.write_text(po.read_text("utf-8").replace('"MIME-Version: 1.0\\n"\n', ""), encoding="utf-8")
    config = config_io.load(root)
    together = check.run(config, use_cache=False, jobs=1)
    monkeypatch.setattr(check, "_GROUP", 1)  # one msgfmt per file, as before
    alone = check.run(config, use_cache=False, jobs=1)
    assert together == alone
    assert [(i.path, i.line, i.message) for i in together.issues] == [
        ("locales/en/c.po", 2, "msgfmt: header field 'MIME-Version' missing in header")]


@needs_gettext
def test_files_that_may_not_share_a_msgfmt_run(clean):
    from l10n.steps.check import msgfmt

    good = (clean / PO).read_bytes()
    assert msgfmt.shareable(good)
    assert msgfmt.accepted("msgfmt", [good, good])  # each file is its own domain: no duplicates between them
    no_charset = good.replace(b"Content-Type: text/plain; charset=UTF-8\\n", b"")
    assert not msgfmt.shareable(no_charset)  # it would be read in the charset of the file before it
    assert not msgfmt.shareable(good + b'\ndomain "other"\nmsgid "x"\nmsgstr "y"\n')
    assert not msgfmt.shareable(b"\xef\xbb\xbf" + good)
    no_mime = good.replace(b'"MIME-Version: 1.0\\n"\n', b"")
    assert msgfmt.shareable(no_mime) and not msgfmt.accepted("msgfmt", [good, no_mime])
    assert msgfmt.complaints("msgfmt", clean, PO) == []


def test_two_processes_report_what_one_does(tmp_path):
    from l10n.steps import check
    from tests.conftest import corpus_files, make_site

    files = corpus_files()[:60]
    if len(files) < 60:
        pytest.skip("../shared/corpus is not present")
    root = make_site(tmp_path, {f"{i:03d}-{p.name}": p.read_bytes() for i, p in enumerate(files)}, CONFIG)
    extract_step.extract(config_io.load(root))
    config = config_io.load(root)
    one = check.run(config, use_cache=False, jobs=1)
    two = check.run(config, use_cache=False, jobs=2)
    assert one == two and one.posts == 60 and one.issues


def test_each_verdict_is_filed_as_it_comes_and_the_rest_of_the_result_let_go(site, monkeypatch):
    """A cold check files a post's record before the next group is checked and keeps only its
    issues: at 10,000 posts all the results held to the end were a fifth of the peak memory."""
    import gc
    import weakref

    from l10n import incremental
    from l10n.steps import check

    root = site({f"{name}.md": POST for name in "abcd"}, CONFIG)
    extract(root)
    translate(root, ENGLISH)
    build(root)
    english = root / "posts/en/c.md"
    english.write_text(english.read_text("utf-8").replace("dogs", "cats"), encoding="utf-8")
    events: list[tuple[str, str]] = []
    alive: list[weakref.ref[object]] = []
    real_group, real_store = check._check_group, incremental.Index.store

    def spy_group(ctx, files):  # noqa: ANN001, ANN202
        gc.collect()
        events.append(("live results", str(sum(r() is not None for r in alive))))
        results = real_group(ctx, files)
        alive.extend(weakref.ref(r) for r in results)
        events.extend(("check", f.name) for f in files)
        return results

    def spy_store(self, rel, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        events.append(("store", rel))
        return real_store(self, rel, *args, **kwargs)

    monkeypatch.setattr(check, "_GROUP", 1)
    monkeypatch.setattr(check, "_check_group", spy_group)
    monkeypatch.setattr(incremental.Index, "store", spy_store)
    report = check.run(config_io.load(root), jobs=1)
    assert report.posts == 4 and [i.path for i in report.issues] == ["posts/en/c.md"]
    checks = [event for event in events if event[0] == "check"]
    assert checks == [("check", f"{name}.md") for name in "abcd"]
    assert [event for event in events if event[0] != "live results"] == [
        event for name in "abcd" for event in (("check", f"{name}.md"), ("store", f"{name}.md"))]
    assert {count for kind, count in events if kind == "live results"} <= {"0", "1"}
