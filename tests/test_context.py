"""The context setting: what an LLM backend is sent beside each unit (loopback OpenAI-compatible server)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.core import post as post_io
from l10n.mt.context import unit_contexts
from l10n.project import segment_post
from l10n.steps.translate import translate
from tests.conftest import make_site

POST = ("---\ntitle: 猫の一日\n---\n\n朝は窓辺で寝ています。\n\n昼になるとご飯を食べます。それから庭に出ます。\n\n"
        "夜は元気に走り回ります。\n")


def site(root, server, context: str, chars: int = 1200):
    table = f'base_url = "{server.base_url}"\nmodel = "{server.model}"\nmax_retries = 0\nbackoff = 0.0\ntimeout = 2.0\n'
    make_site(root, {"a.md": POST}, f'context = "{context}"\ncontext_chars = {chars}\nbackend = "openai"\n\n'
              f"[backends.openai]\n{table}")
    return config_io.load(root)


def sent(server) -> dict:
    """The user message of the first request: units and the paragraphs sent as context."""
    body = server.completion_requests()[0].body
    return json.loads(next(m["content"] for m in body["messages"] if m["role"] == "user"))


def run(config, server):
    return translate(config, lang="en", env={"OPENAI_API_KEY": server.api_key}, now=lambda: 1.0)


def test_post_context_sends_title_and_the_paragraphs_around_each_unit(tmp_path, openai_server):
    config = site(tmp_path, openai_server, "post")
    assert not run(config, openai_server).errors
    message = sent(openai_server)
    context = {u["text"]: message["paragraphs"].get(u.get("paragraph")) for u in message["units"]}
    assert context["それから庭に出ます。"] == ("Title: 猫の一日\n\n朝は窓辺で寝ています。\n\n"
                                        "昼になるとご飯を食べます。それから庭に出ます。\n\n夜は元気に走り回ります。")
    assert context["朝は窓辺で寝ています。"] == "Title: 猫の一日\n\n朝は窓辺で寝ています。\n\n昼になるとご飯を食べます。それから庭に出ます。"
    assert context["猫の一日"] is None  # the title itself travels without context


def test_paragraph_context_is_the_default_and_none_sends_nothing(tmp_path, openai_server):
    config = site(tmp_path, openai_server, "none")
    run(config, openai_server)
    assert sent(openai_server)["paragraphs"] == {}
    segmented = segment_post(config, post_io.parse("a.md", POST.encode(), display="a.md"))
    assert set(unit_contexts(segmented).values()) == {"昼になるとご飯を食べます。それから庭に出ます。"}


def test_context_is_cut_to_the_setting_keeping_the_units_own_paragraph(tmp_path, openai_server):
    config = site(tmp_path, openai_server, "post", chars=40)
    segmented = segment_post(config, post_io.parse("a.md", POST.encode(), display="a.md"))
    text = unit_contexts(segmented, level="post", chars=40)[(None, "それから庭に出ます。")]
    assert "昼になるとご飯を食べます。それから庭に出ます。" in text and len(text) <= 40 + 10


def test_dry_run_shows_the_context_characters(tmp_path, openai_server):
    site(tmp_path, openai_server, "post")
    result = CliRunner().invoke(app, ["translate", "--dry-run", "-C", str(tmp_path)],
                                env={"OPENAI_API_KEY": openai_server.api_key})
    assert result.exit_code == 0, result.output
    assert "context sent beside them: " in result.output
    assert openai_server.completion_requests() == []
