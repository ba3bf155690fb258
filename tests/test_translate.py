"""``l10n-blog translate`` end to end: the real deepl client against the loopback server."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.errors import BackendError
from l10n.po import catalog
from l10n.po.notes import previous_translation
from l10n.steps import extract
from l10n.steps.translate import translate
from tests.conftest import make_site, needs_gettext
from tests.fakes import Fault, drop, slow, status

POSTS = {
    "a.md": "---\ntitle: 最初の記事\n---\n\n今日は晴れです。散歩に行きました。\n\n- 公園で**桜**を見た\n- [写真](https://example.com/p.jpg)を撮った\n",
    "b.md": "---\ntitle: 二番目の記事\n---\n\n今日は晴れです。散歩に行きました。\n\n## 新しい見出し\n\n`code` を使って試した。\n",
    "c.md": "三番目の投稿です。\n\nEnglish only line.\n\n" + "\n\n".join(f"段落{n}の文章です。" for n in range(1, 120)) + "\n",
}


def setup_site(root: Path, server, unit: str = "paragraph", **options) -> config_io.Config:
    opts = {"server_url": server.url, "max_retries": 1, "backoff": 0.0, "timeout": 1.0, **options}
    table = "\n".join(f"{k} = {v!r}" if not isinstance(v, str) else f'{k} = "{v}"' for k, v in opts.items())
    make_site(root, POSTS, f'unit = "{unit}"\nbackend = "deepl"\n\n[backends.deepl]\n{table}\n')
    return config_io.load(root)


def run(config, server, **kw):
    return translate(config, lang="en", env={"DEEPL_AUTH_KEY": server.auth_key}, now=lambda: 1.0, **kw)


def failure(summary) -> BackendError:
    """The backend error that ended a run (a run reports it in its summary, it does not raise)."""
    (error,) = [e for e in summary.errors if isinstance(e, BackendError)]
    return error


def units_to_send(config) -> int:
    total = 0
    for path in (config.root / "locales").rglob("*.po"):
        total += sum(1 for e in catalog.read_po(path) if catalog.state(e) == "untranslated")
    return total


def all_drafted(config) -> bool:
    return all(e.msgstr for p in (config.root / "locales").rglob("*.po") for e in catalog.read_po(p))


def test_drafts_are_fuzzy_with_origin_and_markup_rebuilt(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    summary = run(config, deepl_server)
    assert summary.sent > 0 and summary.left == 0 and summary.markup_problems == 0
    po = {e.msgid: e for e in catalog.read_po(config.root / "locales/en/a.po")}
    item = po["[写真](https://example.com/p.jpg)を撮った"]
    assert "fuzzy" in item.flags and item.tcomment == "origin: deepl"
    assert "](https://example.com/p.jpg)" in item.msgstr
    assert "**" in po["公園で**桜**を見た"].msgstr
    copied = {e.msgid: e for e in catalog.read_po(config.root / "locales/en/c.po")}["English only line."]
    assert (copied.msgstr, copied.tcomment) == ("English only line.", "origin: copy (no Japanese text)")
    assert "fuzzy" in copied.flags


def test_same_sentence_in_two_posts_paid_once_and_rerun_sends_nothing(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    first = run(config, deepl_server)
    texts = [t for r in deepl_server.translate_requests() for t in r.texts]
    assert len(texts) == len(set(texts)) == first.sent
    billed = deepl_server.billed_chars
    again = run(config, deepl_server)
    assert again.sent == 0 and deepl_server.billed_chars == billed


def test_requests_respect_limits(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    run(config, deepl_server)
    for record in deepl_server.translate_requests():
        assert len(record.texts) <= 50


PASS = Fault("reply")  # a request served normally


def drafted(config) -> set[str]:
    return {e.msgid for p in (config.root / "locales").rglob("*.po") for e in catalog.read_po(p)
            if e.msgstr and "origin: deepl" in (e.tcomment or "")}


@pytest.mark.parametrize("fault", [status(456), status(500), status(503), drop(), slow(3.0), status(403)],
                         ids=["quota", "500", "503", "dropped", "slow", "auth"])
def test_fault_keeps_completed_batches_and_rerun_bills_only_the_rest(tmp_path, deepl_server, fault):
    config = setup_site(tmp_path, deepl_server)
    deepl_server.inject(PASS, *[fault] * 4, path="/v2/translate")  # first batch fine, then failing
    summary = run(config, deepl_server, concurrency=1)
    assert failure(summary).retryable == (fault.status not in (456, 403))
    _assert_po_files_valid(config)
    kept = drafted(config)
    assert kept and units_to_send(config) > 0  # the first batch survived, the rest is still to do
    sent_before = len(deepl_server.translate_requests())
    for _attempt in range(5):  # leftover faults may fail a re-run or two; each keeps what it finished
        if not run(config, deepl_server, concurrency=1).errors:
            break
        _assert_po_files_valid(config)
    resent = {t for r in deepl_server.translate_requests()[sent_before:] for t in r.texts}
    assert not resent & {_xml(m) for m in kept}  # nothing whose draft was saved is paid for again
    assert all_drafted(config)


def _xml(msgid: str) -> str:
    from l10n.mt.markup import to_xml

    return to_xml(msgid).xml


def test_transient_429_is_retried(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    deepl_server.inject(status(429), path="/v2/translate")
    summary = run(config, deepl_server, concurrency=1)
    assert summary.left == 0 and all_drafted(config)


def test_ctrl_c_keeps_completed_batches(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    # Replies slower than saving one (QA included): the Ctrl-C lands while later batches are pending.
    deepl_server.latency = 0.3

    def interrupt(done, total):
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, after the first reply is saved

    assert run(config, deepl_server, concurrency=1, progress=interrupt).interrupted
    billed = deepl_server.billed_chars
    assert 0 < billed and 0 < units_to_send(config)
    _assert_po_files_valid(config)
    run(config, deepl_server)
    texts = [t for r in deepl_server.translate_requests() for t in r.texts]
    assert len(texts) == len(set(texts))  # no unit was sent twice
    assert all_drafted(config)


def test_without_backend_translate_updates_po_and_reports_what_is_left(tmp_path):
    make_site(tmp_path, POSTS, 'unit = "paragraph"\n')
    result = CliRunner().invoke(app, ["translate", "--root", str(tmp_path)], env={"DEEPL_AUTH_KEY": ""})
    assert result.exit_code == 0, result.output
    assert "still untranslated (no backend configured: export DEEPL_AUTH_KEY=" in result.output
    assert (tmp_path / "locales/en/a.po").exists()


def test_dry_run_changes_nothing_and_shows_cost(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    result = CliRunner().invoke(app, ["translate", "--dry-run", "--root", str(config.root)],
                                env={"DEEPL_AUTH_KEY": deepl_server.auth_key})
    assert result.exit_code == 0, result.output
    assert "dry run: would send" in result.output and "deepl quota: 0 of 500000 characters used" in result.output
    assert not (config.root / "locales").exists() and deepl_server.billed_chars == 0


def test_memory_fills_a_sentence_seen_before(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    run(config, deepl_server)
    for path in (config.root / "locales").rglob("*.po"):
        path.unlink()  # the PO files are gone, the memory is not
    billed = deepl_server.billed_chars
    summary = run(config, deepl_server)
    assert summary.sent == 0 and summary.from_memory > 0 and deepl_server.billed_chars == billed


def test_api_key_never_appears_anywhere(tmp_path, deepl_server, caplog):
    config = setup_site(tmp_path, deepl_server)
    caplog.set_level(logging.DEBUG)
    key = deepl_server.auth_key
    ok = CliRunner().invoke(app, ["translate", "--root", str(config.root)], env={"DEEPL_AUTH_KEY": key})
    bad = CliRunner().invoke(app, ["translate", "--root", str(config.root), "--retranslate-stale"],
                             env={"DEEPL_AUTH_KEY": "wrong" + key})
    (config.root / "posts/ja/new.md").write_text("新しい文です。\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["translate", "--root", str(config.root)], env={"DEEPL_AUTH_KEY": "wrong" + key})
    assert bad.exit_code == 4
    files = "".join(p.read_text("utf-8", errors="replace") for p in config.root.rglob("*") if p.is_file()
                    and p.suffix != ".sqlite")
    for secret in (key, key[:8], "DeepL-Auth-Key"):
        for text in (ok.output, bad.output, caplog.text, files):
            assert secret not in text


def _extracted(config):

    extract.extract(config)
    return [catalog.read_po(p) for p in (config.root / "locales").rglob("*.po")]


def _assert_po_files_valid(config) -> None:
    for path in (config.root / "locales").rglob("*.po"):
        catalog.read_po(path)
        if needs_gettext.args[0] is False:
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


def test_inserting_a_paragraph_sends_exactly_its_sentences(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server, unit="sentence")
    run(config, deepl_server)
    post = config.source_dir / "a.md"
    text = post.read_text("utf-8")
    new = "新しい段落を足した。二つ目の文もある。三つ目はどうだろう？"
    post.write_text(text.replace("\n\n- 公園", f"\n\n{new}\n\n- 公園"), encoding="utf-8")
    already = len(deepl_server.translate_requests())
    summary = run(config, deepl_server)
    sent = [t for r in deepl_server.translate_requests()[already:] for t in r.texts]
    assert sent == ["新しい段落を足した。", "二つ目の文もある。", "三つ目はどうだろう？"]
    assert summary.sent == 3
    contexts = {r.context for r in deepl_server.translate_requests()[already:]}
    assert contexts == {new}  # the paragraph travels as (unbilled) context


def setup_openai_site(root: Path, server, unit: str = "paragraph") -> config_io.Config:
    table = (f'base_url = "{server.base_url}"\nmodel = "{server.model}"\nmax_retries = 1\nbackoff = 0.0\n'
             f"timeout = 1.0\nmax_batch_texts = 20\n")
    make_site(root, POSTS, f'unit = "{unit}"\nbackend = "openai"\n\n[backends.openai]\n{table}')
    return config_io.load(root)


def run_openai(config, server, **kw):
    return translate(config, lang="en", env={"OPENAI_API_KEY": server.api_key}, now=lambda: 1.0, **kw)


def llm_drafted(config) -> set[str]:
    return {e.msgid for p in (config.root / "locales").rglob("*.po") for e in catalog.read_po(p)
            if e.msgstr and "origin: openai" in (e.tcomment or "")}


@pytest.mark.parametrize("fault", [status(500), status(429), drop(), slow(3.0), status(401)],
                         ids=["500", "429", "dropped", "slow", "auth"])
def test_openai_fault_keeps_completed_batches_and_rerun_sends_only_the_rest(tmp_path, openai_server, fault):
    config = setup_openai_site(tmp_path, openai_server)
    openai_server.inject(Fault("reply"), *[fault] * 4, path="/v1/chat/completions")
    failure(run_openai(config, openai_server, concurrency=1))
    _assert_po_files_valid(config)
    kept = llm_drafted(config)
    assert kept and units_to_send(config) > 0
    sent_before = len(openai_server.completion_requests())
    for _attempt in range(5):
        if not run_openai(config, openai_server, concurrency=1).errors:
            break
        _assert_po_files_valid(config)
    resent = {t for r in openai_server.completion_requests()[sent_before:] for t in r.texts}
    assert not resent & {_xml(m) for m in kept}
    assert all_drafted(config)


def test_openai_invalid_reply_is_asked_again_then_drafts_are_fine(tmp_path, openai_server):
    from tests.fakes.openai_server import invalid_json

    config = setup_openai_site(tmp_path, openai_server)
    openai_server.inject(invalid_json(), path="/v1/chat/completions")
    summary = run_openai(config, openai_server, concurrency=1)
    assert summary.left == 0 and summary.markup_problems == 0 and all_drafted(config)


def test_openai_key_never_appears_anywhere(tmp_path, openai_server, caplog):
    config = setup_openai_site(tmp_path, openai_server)
    caplog.set_level(logging.DEBUG)
    key = openai_server.api_key
    bad = CliRunner().invoke(app, ["translate", "--root", str(config.root)], env={"OPENAI_API_KEY": "sk-wrong" + key})
    ok = CliRunner().invoke(app, ["translate", "--root", str(config.root)], env={"OPENAI_API_KEY": key})
    assert bad.exit_code == 4 and ok.exit_code == 0, ok.output
    files = "".join(p.read_text("utf-8", errors="replace") for p in config.root.rglob("*") if p.is_file()
                    and p.suffix != ".sqlite")
    for secret in (key, "sk-wrong", key[-8:], f"Bearer {key}"):
        for text in (ok.output, bad.output, caplog.text, files):
            assert secret not in text


def test_memory_rebuild_from_po_files(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    run(config, deepl_server)
    (config.root / ".l10n" / "memory.sqlite").unlink()
    result = CliRunner().invoke(app, ["memory", "rebuild", "--root", str(config.root)])
    assert result.exit_code == 0, result.output
    from l10n.core.text import normalize
    from l10n.mt.memory import Memory

    # One memory entry per distinct (whitespace-normalized) source that has a draft or review.
    sources = {normalize(e.msgid) for p in (config.root / "locales").rglob("*.po") for e in catalog.read_po(p)
               if catalog.state(e) in ("draft", "reviewed")}
    assert f"memory rebuilt: {len(sources)} entries in .l10n/memory.sqlite" in result.output
    with Memory.open(config.root / ".l10n" / "memory.sqlite") as memory:
        assert memory.stats().total == len(sources) > 100


def test_unknown_language_is_a_usage_error(tmp_path):
    make_site(tmp_path, POSTS, 'unit = "paragraph"\n')
    result = CliRunner().invoke(app, ["translate", "--lang", "fr", "--root", str(tmp_path)])
    assert result.exit_code == 2 and "'fr' is not a configured language" in result.output
    assert not (tmp_path / "locales").exists()


def test_replies_in_flight_are_saved_when_another_batch_fails(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    deepl_server.latency = 0.2  # keep several batches in flight at once
    deepl_server.inject(status(456), path="/v2/translate")  # the first request fails, the others are paid for
    failure(run(config, deepl_server, concurrency=3))
    paid = {t for r in deepl_server.translate_requests() if r.status == 200 for t in r.texts}
    assert len(paid) > 0
    assert {_xml(m) for m in drafted(config)} == paid  # every reply that arrived is saved
    before = len(deepl_server.translate_requests())
    deepl_server.latency = 0.0
    run(config, deepl_server)
    resent = {t for r in deepl_server.translate_requests()[before:] for t in r.texts}
    assert not resent & paid and all_drafted(config)


def test_retranslate_stale_redrafts_once(tmp_path, deepl_server):
    config = setup_site(tmp_path, deepl_server)
    run(config, deepl_server)
    path = config.root / "locales/en/a.po"
    po = catalog.read_po(path)
    approved = [replace(e, flags=()) for e in po]  # a reviewer approved everything
    catalog.save(path, approved, lang="en", post_display="posts/ja/a.md", old=po)
    post = config.source_dir / "a.md"
    post.write_text(post.read_text("utf-8").replace("散歩に行きました。", "散歩に出かけました。"), encoding="utf-8")
    assert run(config, deepl_server).sent == 0  # stale units are not redrafted unless asked
    states = {e.msgid: catalog.state(e) for e in catalog.read_po(path)}
    assert states["今日は晴れです。散歩に出かけました。"] == "stale"
    assert run(config, deepl_server, retranslate_stale=True).sent == 1
    entry = next(e for e in catalog.read_po(path) if e.msgid == "今日は晴れです。散歩に出かけました。")
    # Still "stale" (fuzzy, #| the old Japanese) with the approved English kept for review's diff.
    assert catalog.state(entry) == "stale" and entry.previous_msgid == "今日は晴れです。散歩に行きました。"
    assert previous_translation(entry.tcomment) == next(e.msgstr for e in approved if e.msgid == entry.previous_msgid)
    assert run(config, deepl_server, retranslate_stale=True).sent == 0  # never paid twice


def _drop_placeholders(body):
    return {"translations": [{**t, "text": re.sub(r'<x id="\d+"/>', "", t["text"])} for t in body["translations"]]}


def test_a_draft_that_lost_a_placeholder_stays_visibly_broken_not_patched(tmp_path, deepl_server):
    make_site(tmp_path, {"a.md": "`npm install` を実行して、`jest` を使う。\n"},
              f'backend = "deepl"\n[backends.deepl]\nserver_url = "{deepl_server.url}"\n')
    config = config_io.load(tmp_path)
    deepl_server.inject(Fault("reply", mutate=_drop_placeholders), path="/v2/translate")
    summary = run(config, deepl_server)
    (entry,) = [e for e in catalog.read_po(tmp_path / "locales/en/a.po") if e.msgid.startswith("`npm")]
    assert summary.markup_problems == 1
    assert "`" not in entry.msgstr  # the code spans were not glued to the end of the draft
    assert "problem: inline code `npm install` is missing" in entry.tcomment
    assert "fuzzy" in entry.flags
    from l10n.mt.markup import compare_markup

    assert compare_markup(entry.msgid, entry.msgstr)  # so the markup check sees it too
