"""Minimal redrafts: a stale unit sent to an LLM carries the old Japanese and its reviewed translation."""

from __future__ import annotations

import json
from dataclasses import replace

from l10n import config as config_io
from l10n.po import catalog
from l10n.steps.translate import translate
from tests.conftest import make_site

POST = "今日は晴れです。散歩に行きました。\n\n夜は本を読みました。\n"
OLD, NEW = "今日は晴れです。散歩に行きました。", "今日は晴れです。散歩に出かけました。"


def approve_then_change(config, reviewed: str) -> None:
    path = config.root / "locales/en/a.po"
    po = catalog.read_po(path)
    catalog.save(path, [replace(e, msgstr=reviewed if e.msgid == OLD else e.msgstr, flags=()) for e in po],
                 lang="en", post_display="posts/ja/a.md", old=po)
    post = config.source_dir / "a.md"
    post.write_text(post.read_text("utf-8").replace(OLD, NEW), encoding="utf-8")


def test_stale_unit_is_sent_to_an_llm_with_the_reviewed_translation_to_edit(tmp_path, openai_server):
    table = f'base_url = "{openai_server.base_url}"\nmodel = "m"\nmax_retries = 0\nbackoff = 0.0\ntimeout = 2.0\n'
    make_site(tmp_path, {"a.md": POST}, f'unit = "paragraph"\nbackend = "openai"\n[backends.openai]\n{table}')
    config = config_io.load(tmp_path)
    env = {"OPENAI_API_KEY": openai_server.api_key}
    translate(config, lang="en", env=env, now=lambda: 1.0)
    approve_then_change(config, "It is sunny today. I went for a walk.")
    summary = translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True)
    assert summary.sent == 1 and not summary.errors
    message = json.loads(openai_server.completion_requests()[-1].body["messages"][1]["content"])
    [unit] = message["units"]
    assert unit["text"] == NEW
    context = message["paragraphs"][unit["paragraph"]]
    assert f"Old Japanese: {OLD}" in context
    assert "Reviewed translation of the old Japanese: It is sunny today. I went for a walk." in context
    assert "as little as possible" in context
    entry = next(e for e in catalog.read_po(config.root / "locales/en/a.po") if e.msgid == NEW)
    assert catalog.state(entry) == "draft"  # a redraft still needs review


def test_deepl_drafts_a_stale_unit_anew_without_the_old_translation(tmp_path, deepl_server):
    make_site(tmp_path, {"a.md": POST}, f'unit = "paragraph"\nbackend = "deepl"\n[backends.deepl]\n'
              f'server_url = "{deepl_server.url}"\nmax_retries = 0\n')
    config = config_io.load(tmp_path)
    env = {"DEEPL_AUTH_KEY": deepl_server.auth_key}
    translate(config, lang="en", env=env, now=lambda: 1.0)
    approve_then_change(config, "It is sunny today. I went for a walk.")
    assert translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True).sent == 1
    last = deepl_server.translate_requests()[-1]
    assert last.texts == [NEW]
    assert "Reviewed translation" not in (last.context or "")
