"""Minimal redrafts: a stale unit sent to an LLM carries the old Japanese and its reviewed translation;
the reviewed English stays in the PO file so review shows the redraft as a word diff against it."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace

import polib
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.po import catalog
from l10n.steps.translate import translate
from l10n.web.views import post_view
from tests.conftest import make_site, needs_gettext
from tests.fakes.openai_server import run_openai_server

POST = "今日は晴れです。散歩に行きました。\n\n夜は本を読みました。\n"
OLD, NEW = "今日は晴れです。散歩に行きました。", "今日は晴れです。散歩に出かけました。"


def approve_then_change(config, reviewed: str) -> None:
    path = config.root / "locales/en/a.po"
    po = catalog.read_po(path)
    catalog.save(path, [replace(e, msgstr=reviewed if e.msgid == OLD else e.msgstr, flags=()) for e in po],
                 lang="en", post_display="posts/ja/a.md", old=po)
    post = config.source_dir / "a.md"
    post.write_text(post.read_text("utf-8").replace(OLD, NEW), encoding="utf-8")


def stale_site(root, server, reviewed: str = "It is sunny today. I went for a walk."):
    """A site on the OpenAI fake whose unit OLD was drafted, approved as ``reviewed``, then changed to NEW."""
    table = f'base_url = "{server.base_url}"\nmodel = "m"\nmax_retries = 0\nbackoff = 0.0\ntimeout = 2.0\n'
    make_site(root, {"a.md": POST}, f'unit = "paragraph"\nbackend = "openai"\n[backends.openai]\n{table}')
    config = config_io.load(root)
    env = {"OPENAI_API_KEY": server.api_key}
    translate(config, lang="en", env=env, now=lambda: 1.0)
    approve_then_change(config, reviewed)
    return config, env


def test_stale_unit_is_sent_to_an_llm_with_the_reviewed_translation_to_edit(tmp_path, openai_server):
    config, env = stale_site(tmp_path, openai_server)
    summary = translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True)
    assert summary.sent == 1 and not summary.errors
    body = openai_server.completion_requests()[-1].body
    message = json.loads(body["messages"][1]["content"])
    [unit] = message["units"]
    assert unit["text"] == NEW
    assert unit["previous"] == {"source": OLD, "translation": "It is sunny today. I went for a walk."}
    assert "as little as possible" in body["messages"][0]["content"]
    entry = next(e for e in catalog.read_po(config.root / "locales/en/a.po") if e.msgid == NEW)
    assert entry.fuzzy  # a redraft still needs review


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
    assert "Reviewed translation" not in (last.context or "") and "It is sunny" not in (last.context or "")


REVIEWED = "It is sunny today. I went for a walk."
EDITED = "It is sunny today. I went out for a walk."


def went_out(old: str, new: str, reviewed: str) -> str:
    """A model's minimal edit: 行きました -> 出かけました changes "went" to "went out", nothing else."""
    assert "行きました" in old and "出かけました" in new
    return reviewed.replace("went for", "went out for")


def redrafted_site(root, server, reviewed: str = REVIEWED):
    config, env = stale_site(root, server, reviewed)
    summary = translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True)
    assert summary.sent == 1 and not summary.errors
    return config, env


def test_a_one_word_change_is_a_minimal_edit_shown_as_a_word_diff_and_approved_with_one_key(tmp_path):
    with run_openai_server(editor=went_out) as server:
        config, env = redrafted_site(tmp_path, server)
        po_path = config.root / "locales/en/a.po"
        entry = next(e for e in polib.pofile(str(po_path)) if e.msgid == NEW)
        assert entry.msgstr == EDITED and entry.fuzzy
        assert entry.previous_msgid == OLD  # gettext's #|: the Japanese the reviewed English translates
        assert any(line.startswith(f"previous: {REVIEWED} [") for line in entry.tcomment.splitlines())

        result = CliRunner().invoke(app, ["review", "-C", str(config.root)], input="a\n")
        assert result.exit_code == 0, result.output
        assert "English changed: It is sunny today. I went {+out +}for a walk." in result.output
        assert "1 accepted, 0 edited, 0 skipped, 0 still to review" in result.output

        entry = next(e for e in polib.pofile(str(po_path)) if e.msgid == NEW)
        assert entry.msgstr == EDITED and not entry.fuzzy and entry.previous_msgid is None
        assert "previous:" not in entry.tcomment
        requests = len(server.completion_requests())
        assert translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True).sent == 0
        assert len(server.completion_requests()) == requests


def test_a_redraft_is_not_paid_again_and_the_web_review_shows_the_same_diff(tmp_path):
    with run_openai_server(editor=went_out) as server:
        config, env = redrafted_site(tmp_path, server)
        requests = len(server.completion_requests())
        again = translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True)
        assert again.sent == 0 and again.from_memory == 0 and len(server.completion_requests()) == requests
        view = post_view(config, "en", "a.md")
        [unit] = [u for p in view.paragraphs for u in p.units if u.msgid == NEW]
        assert unit.english_diff == (("equal", "It is sunny today. I went "), ("insert", "out "),
                                     ("equal", "for a walk."))


@needs_gettext
def test_a_redrafted_po_file_is_msgfmt_clean_and_msgcat_stable(tmp_path):
    with run_openai_server(editor=went_out) as server:
        config, _env = redrafted_site(tmp_path, server, "It is sunny today.\nI went for a walk.")
    path = config.root / "locales/en/a.po"
    assert "# previous: It is sunny today.\\nI went for a walk. [" in path.read_text("utf-8")  # one line
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0
    assert subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True).stdout == \
        path.read_text("utf-8")


def test_dry_run_counts_what_a_redraft_adds(tmp_path, openai_server):
    from l10n.mt import redraft

    _config, env = stale_site(tmp_path, openai_server)
    result = CliRunner().invoke(app, ["translate", "--dry-run", "--retranslate-stale", "-C", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    assert f"minimal redrafts add: {len(OLD) + len(REVIEWED) + len(redraft.INSTRUCTION)} characters" in result.output
    assert len(openai_server.completion_requests()) == 1  # the first run's only


def test_a_second_change_before_review_is_redrafted_again_from_the_reviewed_pair(tmp_path):
    seen = []

    def edit(old: str, new: str, reviewed: str) -> str:
        seen.append((old, new, reviewed))
        return reviewed.replace("went for", "went out for" if "出かけ" in new else "strolled for")

    with run_openai_server(editor=edit) as server:
        config, env = redrafted_site(tmp_path, server)
        post = config.source_dir / "a.md"
        post.write_text(post.read_text("utf-8").replace("出かけました", "ぶらぶらしました"), encoding="utf-8")
        assert translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True).sent == 1
        newest = NEW.replace("出かけました", "ぶらぶらしました")
        assert seen[-1] == (OLD, newest, REVIEWED)  # the reviewed pair, not the unreviewed first redraft
        entry = next(e for e in polib.pofile(str(config.root / "locales/en/a.po")) if e.msgid == newest)
        assert entry.msgstr == "It is sunny today. I strolled for a walk." and entry.previous_msgid == OLD
        assert f"{REVIEWED}" in entry.tcomment and "went out" not in entry.tcomment
        assert translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True).sent == 0


def test_an_edit_of_a_redraft_in_a_po_editor_is_not_redrafted_over(tmp_path):
    with run_openai_server(editor=went_out) as server:
        config, env = redrafted_site(tmp_path, server)
        path = config.root / "locales/en/a.po"
        po = catalog.read_po(path)
        catalog.save(path, [replace(e, msgstr="It is sunny. I went out walking.") if e.msgid == NEW else e for e in po],
                     lang="en", post_display="posts/ja/a.md", old=po)
        assert translate(config, lang="en", env=env, now=lambda: 1.0, retranslate_stale=True).sent == 0
        assert next(e for e in catalog.read_po(path) if e.msgid == NEW).msgstr == "It is sunny. I went out walking."
