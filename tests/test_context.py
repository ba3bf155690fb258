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


def sent(server, n: int = 0) -> dict:
    """The user message of request ``n``: units and the context pieces sent with them."""
    body = server.completion_requests()[n].body
    return json.loads(next(m["content"] for m in body["messages"] if m["role"] == "user"))


def context_of(message: dict) -> dict[str, str | None]:
    """unit text -> its context as the model reads it (its pieces, in order, joined by blank lines)."""
    return {u["text"]: "\n\n".join(message["context"][c] for c in u["context"]) if u.get("context") else None
            for u in message["units"]}


def run(config, server):
    return translate(config, lang="en", env={"OPENAI_API_KEY": server.api_key}, now=lambda: 1.0)


def test_post_context_sends_title_and_the_paragraphs_around_each_unit(tmp_path, openai_server):
    config = site(tmp_path, openai_server, "post")
    assert not run(config, openai_server).errors
    message = sent(openai_server)
    context = context_of(message)
    assert context["それから庭に出ます。"] == ("Title: 猫の一日\n\n朝は窓辺で寝ています。\n\n"
                                        "昼になるとご飯を食べます。それから庭に出ます。\n\n夜は元気に走り回ります。")
    assert context["朝は窓辺で寝ています。"] == "Title: 猫の一日\n\n朝は窓辺で寝ています。\n\n昼になるとご飯を食べます。それから庭に出ます。"
    assert context["猫の一日"] is None  # the title itself travels without context
    # Each piece (the title line, each paragraph) is sent once per request, not once per unit's context.
    pieces = list(message["context"].values())
    assert len(pieces) == len(set(pieces)) == 4 and pieces[0] == "Title: 猫の一日"


def test_paragraph_context_is_the_default_and_none_sends_nothing(tmp_path, openai_server):
    config = site(tmp_path, openai_server, "none")
    run(config, openai_server)
    assert sent(openai_server)["context"] == {}
    segmented = segment_post(config, post_io.parse("a.md", POST.encode(), display="a.md"))
    assert set(unit_contexts(segmented).values()) == {("昼になるとご飯を食べます。それから庭に出ます。",)}


def test_context_is_cut_to_the_setting_keeping_the_units_own_paragraph(tmp_path, openai_server):
    config = site(tmp_path, openai_server, "post", chars=40)
    segmented = segment_post(config, post_io.parse("a.md", POST.encode(), display="a.md"))
    text = "\n\n".join(unit_contexts(segmented, level="post", chars=40)[(None, "それから庭に出ます。")])
    assert "昼になるとご飯を食べます。それから庭に出ます。" in text and len(text) <= 40 + 10


def test_dry_run_shows_the_context_characters(tmp_path, openai_server):
    site(tmp_path, openai_server, "post")
    result = CliRunner().invoke(app, ["translate", "--dry-run", "-C", str(tmp_path)],
                                env={"OPENAI_API_KEY": openai_server.api_key})
    assert result.exit_code == 0, result.output
    assert "context sent beside them: " in result.output
    assert openai_server.completion_requests() == []


def test_the_system_prompt_describes_the_context_as_sent(tmp_path, openai_server):
    config = site(tmp_path, openai_server, "post")
    run(config, openai_server)
    system = openai_server.completion_requests()[0].body["messages"][0]["content"]
    assert "full paragraph" not in system
    assert "title" in system and "paragraphs before and after" in system


LONG = "---\ntitle: 長い記事\n---\n\n" + "\n\n".join(
    f"{n}段落目の一文目です。{n}段落目の二文目です。{n}段落目の三文目です。" for n in range(1, 8)) + "\n"


def long_site(root, server, context: str, texts: int):
    table = (f'base_url = "{server.base_url}"\nmodel = "m"\nmax_retries = 0\nbackoff = 0.0\ntimeout = 2.0\n'
             f"max_batch_texts = {texts}\n")
    make_site(root, {"a.md": LONG}, f'context = "{context}"\nbackend = "openai"\n\n[backends.openai]\n{table}')
    return config_io.load(root)


def test_a_paragraph_is_not_split_between_two_requests(tmp_path, openai_server):
    config = long_site(tmp_path, openai_server, "paragraph", texts=8)
    assert not run(config, openai_server).errors
    seen: dict[str, int] = {}
    for n in range(len(openai_server.completion_requests())):
        for text in sent(openai_server, n)["context"].values():
            seen[text] = seen.get(text, 0) + 1
    assert len(seen) == 7 and set(seen.values()) == {1}  # each paragraph's context paid for once


def test_dry_run_context_figure_is_what_the_run_sends(tmp_path, openai_server):
    config = long_site(tmp_path, openai_server, "post", texts=8)
    result = CliRunner().invoke(app, ["translate", "--dry-run", "-C", str(tmp_path)],
                                env={"OPENAI_API_KEY": openai_server.api_key})
    assert result.exit_code == 0, result.output
    run(config, openai_server)
    sent_chars = sum(len(text) for n in range(len(openai_server.completion_requests()))
                     for text in sent(openai_server, n)["context"].values())
    assert f"context sent beside them: {sent_chars} characters" in result.output
