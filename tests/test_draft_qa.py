"""``l10n-blog translate`` runs the QA checks on every draft and writes what fails as ``# problem:`` lines."""

from __future__ import annotations

import json

from l10n import config as config_io
from l10n.po import catalog
from l10n.steps.translate import translate
from tests.conftest import make_site
from tests.fakes.openai_server import rewrite

POSTS = {
    "a.md": "---\ntitle: 投資の話\n---\n\n同社は10億ドルを追加で投じる計画です。\n\n今日は晴れです。\n\nEnglish only line.\n",
}


def site(root, server):
    table = f'base_url = "{server.base_url}"\nmodel = "{server.model}"\nmax_retries = 0\nbackoff = 0.0\ntimeout = 2.0\n'
    make_site(root, POSTS, f'unit = "paragraph"\nbackend = "openai"\n\n[backends.openai]\n{table}')
    return config_io.load(root)


def entries(config):
    return {e.msgid: e for p in (config.root / "locales").rglob("*.po") for e in catalog.read_po(p) or ()}


def problems(entry) -> list[str]:
    return [line for line in entry.tcomment.splitlines() if line.startswith("problem: ")]


def replies(texts: list[str]):
    """A fault that answers the units of a request, in order, with ``texts``."""

    def change(content):
        return json.dumps({"translations": [{"id": t["id"], "text": text}
                                            for t, text in zip(content["translations"], texts)]})

    return rewrite(change)


def test_failing_llm_drafts_are_flagged_with_the_reason_and_good_ones_are_not(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    openai_server.inject(replies([
        "A story about investing",
        "Here is the translation: The company plans to invest an additional $10 billion.",
        "It is sunny today.",
    ]), path="/v1/chat/completions")
    summary = translate(config, lang="en", env={"OPENAI_API_KEY": openai_server.api_key}, now=lambda: 1.0)
    assert not summary.errors
    assert openai_server.completion_requests()[0].texts == ["投資の話", "同社は10億ドルを追加で投じる計画です。", "今日は晴れです。"]
    found = entries(config)
    flagged = problems(found["同社は10億ドルを追加で投じる計画です。"])
    assert any(line.startswith("problem: chatter: ") for line in flagged)
    assert any(line.startswith("problem: numbers: ") and "10億" in line for line in flagged)
    assert catalog.state(found["同社は10億ドルを追加で投じる計画です。"]) == "draft"
    assert problems(found["今日は晴れです。"]) == []
    assert problems(found["投資の話"]) == []
    assert problems(found["English only line."]) == []  # a copy of a unit without Japanese is right


def test_drafts_copied_from_the_site_are_checked_too(tmp_path):
    make_site(tmp_path, {"a.md": "今日は晴れです。\n", "b.md": "今日は晴れです。\n"}, 'backend = "fake"\n'
              '[backends.fake]\nmode = "identity"\n')
    config = config_io.load(tmp_path)
    translate(config, lang="en", env={}, now=lambda: 1.0)
    for entry in entries(config).values():
        assert problems(entry) == ["problem: copy: the translation is a copy of the Japanese source"]


def test_review_shows_flagged_drafts_first(tmp_path, openai_server):
    from l10n.steps import review

    config = site(tmp_path, openai_server)
    openai_server.inject(replies(["A story about investing", "It is sunny today.", "It is sunny today."]),
                         path="/v1/chat/completions")
    translate(config, lang="en", env={"OPENAI_API_KEY": openai_server.api_key}, now=lambda: 1.0)
    items, errors = review.collect(config, [], lang="en", glossary=None)
    assert not errors
    assert [item.msgid for item in items][:2] == ["同社は10億ドルを追加で投じる計画です。", "投資の話"]
    assert "numbers: number(s) 10億 of the source missing" in items[0].problems[0].message
