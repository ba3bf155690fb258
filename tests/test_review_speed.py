"""Review speed: accept the rest of a paragraph or post in one key; a scripted terminal session."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n.po import catalog
from l10n.steps import extract, review
from tests.conftest import make_site

PARAGRAPHS, SENTENCES = 10, 10
POST = "\n\n".join("".join(f"これは段落{p}の文{s}です。" for s in range(1, SENTENCES + 1))
                   for p in range(1, PARAGRAPHS + 1)) + "\n"


def english(msgid: str) -> str:
    p, s = msgid.removeprefix("これは段落").removesuffix("です。").split("の文")
    return f"This is sentence {s} of paragraph {p}."


def drafted_site(root: Path) -> config_io.Config:
    """A 100-unit post whose every sentence has a correct machine draft."""
    make_site(root, {"a.md": POST}, "")
    config = config_io.load(root)
    extract.extract(config)
    path = root / "locales/en/a.po"
    po = catalog.read_po(path)
    catalog.save(path, [replace(e, msgstr=english(e.msgid), flags=("fuzzy",)) for e in po], lang="en",
                 post_display="posts/ja/a.md", old=po)
    return config


def states(config) -> list[str]:
    return [catalog.state(e) for e in catalog.read_po(config.root / "locales/en/a.po") if not e.obsolete]


def session(config, keys):
    items, _errors = review.collect(config, [], lang="en", glossary=None)
    return review.ReviewSession(config, items, show=lambda shown: None).run(keys)


def test_p_accepts_the_rest_of_the_paragraph(tmp_path):
    config = drafted_site(tmp_path)
    summary = session(config, ["a", "p", "q"])  # one unit, then the other nine of paragraph 1
    assert summary.accepted == SENTENCES and summary.quit
    assert states(config)[:SENTENCES] == ["reviewed"] * SENTENCES
    assert set(states(config)[SENTENCES:]) == {"draft"}


def test_shift_p_accepts_the_rest_of_the_post_but_stops_at_a_problem(tmp_path):
    config = drafted_site(tmp_path)
    path = tmp_path / "locales/en/a.po"
    po = catalog.read_po(path)
    bad = "これは段落5の文5です。"
    catalog.save(path, [replace(e, msgstr="This is sentence 7 of paragraph 5.") if e.msgid == bad else e for e in po],
                 lang="en", post_display="posts/ja/a.md", old=po)
    summary = session(config, ["s", "P", "q"])  # the flagged unit is shown first: skip it, then the rest
    assert summary.accepted == PARAGRAPHS * SENTENCES - 1
    entries = {e.msgid: catalog.state(e) for e in catalog.read_po(path)}
    assert entries[bad] == "draft"


@pytest.mark.slow
def test_a_terminal_session_approves_a_100_unit_post_in_ten_keys(tmp_path):
    config = drafted_site(tmp_path)
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    env.pop("VISUAL", None)
    env.pop("EDITOR", None)
    process = subprocess.Popen([sys.executable, "-c", "from l10n.cli import main; main()", "review", "-C", str(config.root)],
                               stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    keys = "p" * PARAGRAPHS
    output = b""
    deadline = time.monotonic() + 120
    sent = 0
    while process.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.2)
        if ready:
            try:
                output += os.read(primary, 65536)
            except OSError:
                break
        prompts = output.count(b"[P] rest of post")
        if sent < len(keys) and prompts > sent:  # one key per prompt, as a person would type
            # click's getchar flushes what was typed before it switched the terminal to raw mode
            time.sleep(0.5)
            os.write(primary, keys[sent].encode())
            sent += 1
    process.wait(timeout=10)
    os.close(primary)
    assert sent == PARAGRAPHS < PARAGRAPHS * SENTENCES
    assert states(config) == ["reviewed"] * (PARAGRAPHS * SENTENCES)
    assert b"100 accepted" in output


def test_problems_filter_shows_only_flagged_units(tmp_path):
    from typer.testing import CliRunner

    from l10n.cli import app

    config = drafted_site(tmp_path)
    path = tmp_path / "locales/en/a.po"
    po = catalog.read_po(path)
    bad = "これは段落5の文5です。"
    catalog.save(path, [replace(e, msgstr="Here is the translation: sentence 5.") if e.msgid == bad else e
                        for e in po], lang="en", post_display="posts/ja/a.md", old=po)
    result = CliRunner().invoke(app, ["review", "--problems", "-C", str(config.root)], input="a\n")
    assert result.exit_code == 0, result.output
    assert "1/1" in result.output and "chatter: a preface to the translation" in result.output
    assert "1 accepted" in result.output
    result = CliRunner().invoke(app, ["review", "--stale", "-C", str(config.root)], input="q\n")
    assert "nothing to review" in result.output


def test_view_shows_the_paragraph_in_both_languages_and_next_post_jumps(tmp_path):
    make_site(tmp_path, {"a.md": "猫が好きです。犬も好きです。\n", "b.md": "鳥を飼っています。\n"}, 'unit = "sentence"\n')
    config = config_io.load(tmp_path)
    extract.extract(config)
    english = {"猫が好きです。": "I like cats.", "犬も好きです。": "I like dogs too.", "鳥を飼っています。": "I keep a bird."}
    for name in ("a", "b"):
        path = tmp_path / f"locales/en/{name}.po"
        po = catalog.read_po(path)
        catalog.save(path, [replace(e, msgstr=english[e.msgid], flags=("fuzzy",)) for e in po], lang="en",
                     post_display=f"posts/ja/{name}.md", old=po)
    shown = []
    items, _errors = review.collect(config, [], lang="en", glossary=None)
    summary = review.ReviewSession(config, items, show=shown.append).run(["v", ">", "a"])
    notice = next(s.text for s in shown if s.kind == "notice")
    assert notice == "猫が好きです。犬も好きです。\n\nI like cats. I like dogs too."
    assert [s.item.msgid for s in shown if s.kind == "item"] == ["猫が好きです。", "鳥を飼っています。"]
    assert summary.accepted == 1
    assert [catalog.state(e) for e in catalog.read_po(tmp_path / "locales/en/b.po")] == ["reviewed"]
