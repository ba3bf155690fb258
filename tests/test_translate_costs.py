"""Paid work is never lost or paid twice, and what a run costs is known before and after it.

Issue 12, items 5-9 and 16, against the loopback servers (hangs, retries, broken replies).
The Ctrl-C tests run the real ``l10n`` command in a child process and send it SIGINT.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n.errors import InputError
from l10n.mt.markup import to_xml
from l10n.po import catalog
from l10n.steps.translate import translate
from tests.conftest import corpus_files, make_site
from tests.fakes import Fault, hang, ok, slow, status
from tests.fakes.openai_server import rewrite

# 12 short posts of 10 sentences: with 10 texts a batch, 12 batches.
POSTS = {f"p{n:02}.md": "".join(f"記事{n}の{k}番目の文です。" for k in range(10)) + "\n" for n in range(12)}


def deepl_site(root: Path, server, posts: dict[str, str] = POSTS, **options) -> config_io.Config:
    opts = {"server_url": server.url, "max_retries": 3, "backoff": 0.0, "timeout": 60.0, "max_batch_texts": 10,
            **options}
    table = "\n".join(f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v!r}" for k, v in opts.items())
    make_site(root, posts, f'backend = "deepl"\n\n[backends.deepl]\n{table}\n')
    return config_io.load(root)


def run(config, server, **kw):
    return translate(config, lang="en", env={"DEEPL_AUTH_KEY": server.auth_key}, now=lambda: 1.0, **kw)


def drafts(config) -> dict[str, catalog.Entry]:
    return {e.msgid: e for p in (config.root / "locales").rglob("*.po") for e in catalog.read_po(p) if e.msgstr}


def saved_xml(config) -> set[str]:
    return {to_xml(msgid).xml for msgid, e in drafts(config).items() if "origin: deepl" in e.tcomment}


# -- Ctrl-C (items 5 and 6) ------------------------------------------------------------------------


class Child:
    """``l10n-blog translate`` in a child process, with its stdout and stderr."""

    def __init__(self, config, server, *args: str) -> None:
        env = {**os.environ, "DEEPL_AUTH_KEY": server.auth_key}
        command = [sys.executable, "-c", "from l10n.cli import main; main()", "translate", "--root",
                   str(config.root), *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def interrupt(self) -> float:
        self.process.send_signal(signal.SIGINT)
        return time.monotonic()

    def wait(self, timeout: float) -> tuple[int, str, str, float]:
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
            pytest.fail(f"l10n-blog translate still running {timeout} s after Ctrl-C\n{out}\n{err}")
        return self.process.returncode, out, err, time.monotonic()


def wait_for(condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting for the child"
        time.sleep(0.02)


def test_first_ctrl_c_stops_sending_at_once_saves_replies_that_arrive_and_exits_with_a_summary(
        tmp_path, deepl_server):
    config = deepl_site(tmp_path, deepl_server)
    # Three batches in flight: one answers, one waits 20 s to be retried (Retry-After), one answers
    # 1 s later (after the Ctrl-C); the batch sent after the first reply hangs.
    deepl_server.inject(ok(), status(503, retry_after=20), slow(1.0), hang(), path="/v2/translate")
    child = Child(config, deepl_server, "--concurrency", "3")
    wait_for(lambda: len(deepl_server.translate_requests()) >= 4)
    sent_at = child.interrupt()
    code, out, err, ended = child.wait(timeout=15)
    requests = deepl_server.translate_requests()
    assert code == 130, err
    assert len(requests) == 4 and all(r.at < sent_at for r in requests)  # no batch, no retry after Ctrl-C
    assert ended - sent_at < 5.0  # the grace is 2 s; the hung batch is not waited for
    assert saved_xml(config) == set(deepl_server.paid_texts()) and len(deepl_server.paid_texts()) == 20
    assert re.search(r"deepl: \d+ characters billed, 20 draft\(s\) saved .* 100 unit\(s\) left", out), out
    assert "1 batch(es) sent to deepl got no reply" in out and "interrupted" in err


def test_second_ctrl_c_exits_at_once_after_saving_what_already_arrived(tmp_path, deepl_server):
    config = deepl_site(tmp_path, deepl_server)
    deepl_server.inject(ok(), hang(), hang(), path="/v2/translate")
    child = Child(config, deepl_server, "--concurrency", "2")
    wait_for(lambda: len(deepl_server.translate_requests()) >= 3)  # one answered, two hanging
    child.interrupt()
    time.sleep(0.1)
    second = child.interrupt()
    code, out, _err, ended = child.wait(timeout=15)
    assert code == 130
    assert ended - second < 1.8  # before the first Ctrl-C's 2 s grace ends, long before the 60 s time-out
    paid = deepl_server.paid_texts()
    assert saved_xml(config) == set(paid) and paid
    assert f"deepl: {len(''.join(paid))} characters billed, {len(paid)} draft(s) saved" in out


# -- the memory keeps every paid reply (item 7) ----------------------------------------------------


def _drop_placeholders(body):
    return {"translations": [{**t, "text": re.sub(r'<x id="\d+"/>', "", t["text"])} for t in body["translations"]]}


def test_problem_drafts_are_kept_in_the_memory_so_deleting_locales_never_bills_again(tmp_path, deepl_server):
    posts = {"a.md": "`npm` を使う。\n\n普通の文です。\n", "b.md": "`jest` を試す。\n"}
    config = deepl_site(tmp_path, deepl_server, posts)
    deepl_server.inject(*[Fault("reply", mutate=_drop_placeholders)] * 3, path="/v2/translate")
    first = run(config, deepl_server)
    assert first.markup_problems == 2 and first.billed_chars > 0
    before = {m: (e.msgstr, e.tcomment) for m, e in drafts(config).items()}
    shutil.rmtree(config.root / "locales")
    again = run(config, deepl_server)
    assert again.billed_chars == 0 and deepl_server.billed_chars == first.billed_chars
    after = drafts(config)
    assert after["`npm` を使う。"].tcomment == "origin: memory exact match (deepl)\nproblem: inline code `npm` is missing"
    assert {m: e.msgstr for m, e in after.items()} == {m: s for m, (s, _) in before.items()}


# -- an oversized unit (item 8) ----------------------------------------------------------------------


def test_an_oversized_unit_is_skipped_with_file_and_line_and_the_run_goes_on(tmp_path, deepl_server):
    huge = "長" * 49_691 + "。"  # the size of the sentence in the report
    config = deepl_site(tmp_path, deepl_server, {"a.md": "最初の文です。\n\n" + huge + "\n\n最後の文です。\n",
                                                 "b.md": "別の記事です。\n"})
    summary = run(config, deepl_server)
    (error,) = summary.errors
    assert isinstance(error, InputError) and str(error).startswith("posts/ja/a.md:3: unit not sent: too long")
    assert set(drafts(config)) == {"最初の文です。", "最後の文です。", "別の記事です。"}
    assert summary.left == 1 and huge not in deepl_server.paid_texts()
    assert run(config, deepl_server).billed_chars == 0  # a re-run reports it again and bills nothing


# -- OpenAI: partly invalid replies and tokens (item 9) ----------------------------------------------


def test_openai_partly_invalid_reply_keeps_the_valid_drafts_and_tokens_are_recorded(tmp_path, openai_server):
    make_site(tmp_path, {"a.md": "一つ目です。\n\n二つ目です。\n\n三つ目です。\n"},
              f'backend = "openai"\n[backends.openai]\nbase_url = "{openai_server.base_url}"\nmax_retries = 0\n')
    config = config_io.load(tmp_path)

    def second_broken(content):
        items = content["translations"]
        return '{"translations": [' + ", ".join(
            '{"id": "2", "text": ' if n == 1 else f'{{"id": "{t["id"]}", "text": "{t["text"]}"}}'
            for n, t in enumerate(items)).replace('"text": , ', '"text": 2}, ') + "]}"

    openai_server.inject(rewrite(second_broken), rewrite(lambda c: "not json"), rewrite(lambda c: "not json"))
    summary = translate(config, lang="en", env={"OPENAI_API_KEY": openai_server.api_key})
    assert set(drafts(config)) == {"一つ目です。", "三つ目です。"} and summary.left == 1
    assert summary.tokens == openai_server.total_tokens > 0
    assert not summary.errors and "gave no valid translation for 1 unit(s)" in summary.warnings[0]


# -- costs (item 16) -----------------------------------------------------------------------------------


def corpus_site(root: Path, server, count: int) -> config_io.Config:
    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is not present")
    posts = {f.name: f.read_text("utf-8") for f in files[:count]}
    # A post twice (the same sentences in two posts) and a repeated sentence: paid for once.
    first = next(iter(posts.values()))
    posts["copy.md"] = first
    return deepl_site(root, server, posts, max_batch_texts=50, timeout=10.0)


def test_dry_run_predicts_exactly_the_characters_the_run_bills_first_run_and_after_deleting_locales(
        tmp_path, deepl_server):
    config = corpus_site(tmp_path, deepl_server, 12)
    for step in ("first run", "after deleting locales/", "after deleting locales/ and the memory"):
        predicted = run(config, deepl_server, dry_run=True)
        billed_before = deepl_server.billed_chars
        done = run(config, deepl_server)
        assert not done.errors, step
        assert predicted.estimated_chars == done.billed_chars == deepl_server.billed_chars - billed_before, step
        assert predicted.to_send == done.sent, step
        if step == "first run":
            assert done.billed_chars > 10_000
        elif step == "after deleting locales/":
            assert done.billed_chars == 0
        shutil.rmtree(config.root / "locales")
        if step.endswith("locales/"):
            (config.root / ".l10n" / "memory.sqlite").unlink()


def test_dry_run_compares_the_need_with_the_remaining_quota(tmp_path, deepl_server):
    from typer.testing import CliRunner

    from l10n.cli import app

    config = deepl_site(tmp_path, deepl_server)
    deepl_server.character_count, deepl_server.character_limit = 1_000, 1_500
    result = CliRunner().invoke(app, ["translate", "--dry-run", "--root", str(config.root)],
                                env={"DEEPL_AUTH_KEY": deepl_server.auth_key})
    need = sum(len(to_xml(f"記事{n}の{k}番目の文です。").xml) for n in range(12) for k in range(10))
    assert f"would send 120 distinct unit(s), {need} characters" in result.output
    assert f"deepl quota: 1000 of 1500 characters used, 500 left: NOT enough: {need - 500} characters short" \
        in result.output


def test_a_failed_run_ends_with_billed_saved_left_and_each_retry_is_one_line(tmp_path, deepl_server):
    config = deepl_site(tmp_path, deepl_server, max_retries=2)
    deepl_server.inject(ok(), status(503), status(503), status(503), path="/v2/translate")
    child = Child(config, deepl_server, "--concurrency", "1")
    code, out, err, _ = child.wait(timeout=60)
    assert code == 4, err
    assert f"deepl: {len(''.join(deepl_server.paid_texts()))} characters billed, 10 draft(s) saved (0 with markup problems) in 1 batch(es), " \
           "110 unit(s) left" in out
    assert len(re.findall(r"^DeepL translate failed: .*; retry \d of 2 in", err, re.MULTILINE)) == 2, err
    assert "error: DeepL translate failed" in err
