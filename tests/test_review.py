from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n import project as site_io
from l10n.cli import app
from l10n.mt.memory import Memory
from l10n.po import catalog
from l10n.steps import review
from l10n.steps import status as status_step
from tests.test_check import extract, translate

CONFIG = 'unit = "paragraph"\n'
POST = "一つ目の段落です。\n\n二つ目の段落です。\n\n三つ目の段落です。\n\n四つ目の段落です。\n"
DRAFTS = {
    "一つ目の段落です。": "First draft.", "二つ目の段落です。": "Second draft.",
    "三つ目の段落です。": "Third draft.", "四つ目の段落です。": "Fourth draft.",
}
PO = "locales/en/a.po"


@pytest.fixture
def drafted(site) -> Path:
    root = site({"a.md": POST}, CONFIG)
    extract(root)
    translate(root, DRAFTS, fuzzy=True, comment="origin: fake")
    return root


def session(root: Path, shown: list | None = None, **options) -> review.ReviewSession:
    config = config_io.load(root)
    items = []
    for _file, segmented in site_io.load_posts(config):
        assert not isinstance(segmented, Exception)
        items += review.items_of(config, "en", segmented, glossary=None, **options)
    sink = shown if shown is not None else []
    return review.ReviewSession(config, items, show=sink.append)


def states(root: Path) -> list[tuple[str, str, str]]:
    po = catalog.read_po(root / PO)
    assert po is not None
    return [(e.msgid, e.msgstr, catalog.state(e)) for e in po]


def test_decisions_are_saved_at_once_and_a_new_session_resumes(drafted):
    before = (drafted / PO).read_text("utf-8")
    summary = session(drafted).run(keys=["a", "e", "Second, edited.", "s", "q"])
    assert (summary.accepted, summary.edited, summary.skipped, summary.quit) == (1, 1, 1, True)
    assert states(drafted) == [
        ("一つ目の段落です。", "First draft.", "reviewed"),
        ("二つ目の段落です。", "Second, edited.", "reviewed"),
        ("三つ目の段落です。", "Third draft.", "draft"),
        ("四つ目の段落です。", "Fourth draft.", "draft"),
    ]
    # Only those entries changed: comments, references and order are as they were.
    after = (drafted / PO).read_text("utf-8")
    assert after.count("# origin: fake") == 4 and after.count("#, fuzzy") == 2
    assert after.replace("Second, edited.", "Second draft.").replace("#, fuzzy\n", "") == \
        before.replace("#, fuzzy\n", "").replace(_revision(before), _revision(after))
    resumed = session(drafted)
    assert [item.msgid for item in resumed.items] == ["三つ目の段落です。", "四つ目の段落です。"]
    resumed.run(keys=["a", "a"])
    assert [state for _, _, state in states(drafted)] == ["reviewed"] * 4
    assert session(drafted).items == []


def _revision(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith('"PO-Revision-Date'))


def test_back_returns_to_the_previous_unit(drafted):
    shown: list = []
    session(drafted, shown).run(keys=["s", "b", "a", "q"])
    items = [s.item.msgid for s in shown if s.kind == "item"]
    assert items == ["一つ目の段落です。", "二つ目の段落です。", "一つ目の段落です。", "二つ目の段落です。"]
    assert [state for _, _, state in states(drafted)] == ["reviewed", "draft", "draft", "draft"]


def test_item_shows_its_paragraph_origin_and_problems(site):
    root = site({"a.md": "---\ntitle: 題名\n---\n詳しくは[こちら](https://example.com)を見てください。\n"}, CONFIG)
    extract(root)
    translate(root, {"詳しくは[こちら](https://example.com)を見てください。": "See こちら."}, fuzzy=True,
              comment="origin: fake")
    (item,) = session(root).items
    assert item.paragraph[item.span[0]:item.span[1]] == item.msgid
    assert item.origin == "origin: fake" and item.where == "paragraph" and item.line == 4
    assert [p.kind for p in item.problems] == ["markup", "japanese"]


def test_stale_unit_shows_the_source_diff_and_accepting_clears_it(drafted):
    translate(drafted, DRAFTS)
    post = drafted / "posts/ja/a.md"
    post.write_text(POST.replace("二つ目の段落", "二つ目の短い段落"), encoding="utf-8")
    extract(drafted)
    (item,) = session(drafted).items
    assert item.state == "stale" and item.previous_msgid == "二つ目の段落です。"
    assert review.diff(item.previous_msgid, item.msgid) == (
        ("equal", "二つ目の"), ("insert", "短い"), ("equal", "段落です。"))
    session(drafted).run(keys=["a"])
    text = (drafted / PO).read_text("utf-8")
    assert "#|" not in text and "#, fuzzy" not in text


def test_untranslated_units_need_a_typed_translation(site):
    root = site({"a.md": "猫です。\n"}, CONFIG)
    extract(root)
    assert session(root).items == []
    shown: list = []
    keys = ["a", "x", "e", "  ", "e", "It is a cat."]
    summary = session(root, shown, include_untranslated=True).run(keys=keys)
    notices = [s.text for s in shown if s.kind == "notice"]
    assert notices == ["nothing to accept: press e to type a translation", "unknown key 'x'", "unchanged"]
    assert summary.edited == 1 and states(root) == [("猫です。", "It is a cat.", "reviewed")]


def test_accepted_translations_go_to_the_memory(drafted):
    config = config_io.load(drafted)
    recorder = review.MemoryRecorder(config, clock=lambda: 1000.0)
    reviewing = session(drafted)
    reviewing.remember = recorder
    reviewing.run(keys=["a", "q"])
    recorder.close()
    with Memory.open(drafted / config.memory) as memory:
        found = memory.lookup_exact(["一つ目の段落です。"], source_lang="ja", target_lang="en")
    match = found["一つ目の段落です。"]
    assert (match.target, match.reviewed, match.origin) == ("First draft.", True, "reviewed")


def test_a_unit_gone_from_the_post_is_skipped_not_written(drafted):
    reviewing = session(drafted)
    (drafted / "posts/ja/a.md").write_text(POST.replace("一つ目の段落です。\n\n", ""), encoding="utf-8")
    changed = site_io.load_post(config_io.load(drafted), drafted / "posts/ja/a.md")
    reviewing.items = [review.replace(i, segmented=changed) for i in reviewing.items]
    shown: list = []
    reviewing.show = shown.append
    reviewing.run(keys=["a", "q"])
    assert "no longer in the post" in [s.text for s in shown if s.kind == "notice"][0]


def test_review_command_without_a_terminal(drafted):
    post = str(drafted / "posts/ja/a.md")
    result = CliRunner().invoke(app, ["review", "-C", str(drafted), post], input="a\nq\n")
    assert result.exit_code == 0, result.output
    assert "1/4" in result.stdout and "一つ目の段落です。" in result.stdout and "First draft." in result.stdout
    assert "1 accepted, 0 edited, 0 skipped, 3 still to review" in result.stdout
    assert states(drafted)[0][2] == "reviewed"
    assert status_step.status(config_io.load(drafted)).outcomes[0].counts.reviewed == 1


def test_the_header_says_where_a_unit_is_without_the_paragraph_comment(site):
    """The ``the paragraph:`` #. line is for Poedit/Weblate; review shows the paragraph itself below the header."""
    root = site({"a.md": "今日は晴れです。明日は雨です。\n"})
    extract(root)
    translate(root, {"今日は晴れです。": "It is sunny today.", "明日は雨です。": "It rains tomorrow."}, fuzzy=True,
              comment="origin: fake")
    po = catalog.read_po(root / PO)
    assert po is not None and "the paragraph: 今日は晴れです。明日は雨です。" in po[0].comment  # on by default
    first, second = session(root).items
    assert first.where == "paragraph, sentence 1 of 2" and second.where == "paragraph, sentence 2 of 2"
    result = CliRunner().invoke(app, ["review", "-C", str(root)], input="q\n")
    assert result.exit_code == 0, result.output
    assert "paragraph, sentence 1 of 2 · draft" in result.stdout and "the paragraph:" not in result.stdout
