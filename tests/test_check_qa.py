"""``l10n-blog check`` runs the QA checks on reviewed entries (the ``qa`` row of the entry-check table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_check import CONFIG, ENGLISH, PO, POST, build, entry_line, extract, invoke, lines, translate

DOGS = "犬も好きです。"


@pytest.fixture
def reviewed(site) -> Path:
    """A site whose one post is extracted, reviewed and built (check passes)."""
    root = site({"a.md": POST}, CONFIG)
    extract(root)
    translate(root, ENGLISH)
    build(root)
    assert invoke(root, "check").exit_code == 0
    return root


def test_reviewed_entry_with_chatter_fails_check(reviewed):
    translate(reviewed, {DOGS: "Here is the translation: I like dogs too."})
    build(reviewed)
    result = invoke(reviewed, "check")
    assert result.exit_code == 1
    assert lines(result) == [f"{PO}:{entry_line(reviewed, DOGS)}: chatter: a preface to the translation — fix the "
                             "translation against the source (or add the comment `l10n: allow-qa`)"]


def test_a_qa_note_of_the_draft_does_not_block_once_the_approved_text_passes(reviewed):
    translate(reviewed, {DOGS: "I like dogs too."},
              comment="origin: openai\nproblem: chatter: a preface to the translation")
    build(reviewed)
    result = invoke(reviewed, "check")
    assert result.exit_code == 0, result.stdout


def test_allow_comment_switches_one_qa_check_off(reviewed):
    translate(reviewed, {DOGS: "I like dogs too, too too."}, comment="l10n: allow-doubled")
    build(reviewed)
    assert invoke(reviewed, "check").exit_code == 0


def test_length_warning_does_not_fail_check(site):
    root = site({"a.md": "地元の人に教えてもらった食堂で、安くておいしい昼ごはんを食べました。\n"}, 'unit = "paragraph"\n')
    extract(root)
    translate(root, {"地元の人に教えてもらった食堂で、安くておいしい昼ごはんを食べました。": "I had lunch."})
    build(root)
    result = invoke(root, "check")
    assert result.exit_code == 0
    assert "warning: length: much shorter than the source usually gives" in result.stdout
