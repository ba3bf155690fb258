"""The judge: scores in the PO file, nothing paid twice, the review queue ordered by score, auto-approval."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli.app import app
from l10n.errors import InputError
from l10n.po import catalog
from l10n.po.notes import digest, notes
from l10n.steps import check, review
from l10n.steps.judge import judge
from l10n.steps.translate import translate
from tests.conftest import make_site, needs_tool
from tests.fakes import drop, ok, status
from tests.fakes.openai_server import TEST_KEY

POSTS = {
    "a.md": "---\ntitle: 投資の話\n---\n\n同社は10億ドルを追加で投じる計画です。\n\n今日は晴れです。明日は雨です。\n",
    "b.md": "猫が好きです。\n\n犬も好きです。\n",
}
ENV = {"OPENAI_API_KEY": TEST_KEY}
# The judge's score for each draft, by its Japanese (the fake's pseudo-English drafts are all "good").
SCORES = {"投資の話": 88, "同社は10億ドルを追加で投じる計画です。": 41, "今日は晴れです。": 97, "明日は雨です。": 64,
          "猫が好きです。": 99, "犬も好きです。": 75}


def site(root, server, judge_table: str = "", backend_table: str = ""):
    table = (f'base_url = "{server.base_url}"\nmodel = "translator-model"\nmax_retries = 0\nbackoff = 0.0\n'
             f"timeout = 2.0\n{backend_table}")
    judge = (f'[judge]\nbase_url = "{server.base_url}"\nmodel = "judge-model"\nmax_retries = 0\nbackoff = 0.0\n'
             f"timeout = 2.0\n{judge_table}")
    make_site(root, POSTS, f'backend = "openai"\n\n[backends.openai]\n{table}\n{judge}')
    server.scorer = lambda source, draft: SCORES.get(source, 50)
    return config_io.load(root)


def entries(config):
    return {e.msgid: e for p in sorted((config.root / "locales").rglob("*.po")) for e in catalog.read_po(p) or ()}


def scored(config) -> dict[str, int | None]:
    return {m: notes(e.tcomment, msgid=e.msgid, msgstr=e.msgstr).score for m, e in entries(config).items() if m}


def run_translate_and_judge(config):
    summary = translate(config, lang="en", env=ENV, now=lambda: 1.0)
    assert not summary.errors
    return judge(config, lang="en", env=ENV, now=lambda: 2.0)


def test_every_draft_gets_the_judges_score_line_and_nothing_is_sent_twice(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    result = run_translate_and_judge(config)
    assert not result.errors and result.sent == 6 and result.scored == 6
    assert scored(config) == SCORES
    entry = entries(config)["同社は10億ドルを追加で投じる計画です。"]
    line = next(x for x in entry.tcomment.splitlines() if x.startswith("score: "))
    assert line == f"score: 41 by judge-model [{digest(entry.msgid, entry.msgstr)}]: accuracy: meaning changed"
    assert catalog.state(entry) == "draft"  # never approved by default
    judged = openai_server.judge_requests()
    assert len(judged) == 1 and '"model": "judge-model"' not in judged[0].body["messages"][0]["content"]
    assert judged[0].body["model"] == "judge-model"

    # Again: every draft has its score in the PO file -> nothing sent.
    again = judge(config, lang="en", env=ENV)
    assert again.drafts == 0 and len(openai_server.judge_requests()) == 1

    # locales/ deleted: the drafts come back from the memory and their scores from the cache.
    shutil.rmtree(tmp_path / "locales")
    before = openai_server.total_requests
    third = run_translate_and_judge(config)
    assert openai_server.total_requests == before  # neither the translator nor the judge was paid again
    assert third.from_cache == 6 and third.sent == 0
    assert scored(config) == SCORES


def test_a_changed_draft_loses_its_score_and_only_it_is_scored_again(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    run_translate_and_judge(config)
    po = tmp_path / "locales/en/b.po"
    text = po.read_text("utf-8")
    old = entries(config)["犬も好きです。"].msgstr
    po.write_text(text.replace(f'msgstr "{old}"', 'msgstr "I like dogs as well."'), "utf-8")  # as Poedit would
    assert scored(config)["犬も好きです。"] is None  # the score line is there, but for the old text
    openai_server.scorer = lambda source, draft: 80
    result = judge(config, lang="en", env=ENV)
    assert result.sent == 1
    assert openai_server.judge_requests()[-1].texts == ["犬も好きです。 => I like dogs as well."]
    entry = entries(config)["犬も好きです。"]
    assert scored(config)["犬も好きです。"] == 80
    assert sum(line.startswith("score: ") for line in entry.tcomment.splitlines()) == 1


def test_the_review_queue_is_problems_first_then_lowest_score_first(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    run_translate_and_judge(config)
    po = tmp_path / "locales/en/b.po"  # a problem on the best-scored draft puts it first anyway
    po.write_text(po.read_text("utf-8").replace("#, fuzzy\n", "# problem: link [x](y) is missing\n#, fuzzy\n", 1),
                  "utf-8")
    items, errors = review.collect(config, [], lang="en", glossary=None)
    assert not errors
    # The fake's pseudo-English lost 10億ドル: a QA problem, so that draft is among the first two too.
    assert [(i.msgid, i.score, bool(i.problems)) for i in items] == [
        ("同社は10億ドルを追加で投じる計画です。", 41, True), ("猫が好きです。", 99, True),
        ("明日は雨です。", 64, False), ("犬も好きです。", 75, False), ("投資の話", 88, False), ("今日は晴れです。", 97, False)]


def test_review_lowest_score_shows_only_drafts_scored_below_n(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    run_translate_and_judge(config)
    result = CliRunner().invoke(app, ["review", "--root", str(tmp_path), "--lowest-score", "70"], input="a\na\nq\n")
    assert result.exit_code == 0, result.output
    assert "1/2" in result.output and "2/2" in result.output and "3/" not in result.output  # 41 and 64
    assert "2 accepted" in result.output
    assert "judge judge-model: 41/100: accuracy: meaning changed" in result.output
    assert "score: 41 by" not in result.output  # the raw comment line is not repeated
    states = {m: catalog.state(e) for m, e in entries(config).items() if m}
    assert states["同社は10億ドルを追加で投じる計画です。"] == states["明日は雨です。"] == "reviewed"
    assert [m for m, s in states.items() if s == "reviewed"] == ["同社は10億ドルを追加で投じる計画です。", "明日は雨です。"]


def test_approve_at_approves_high_scores_without_problems_and_says_so_in_the_file(tmp_path, openai_server):
    config = site(tmp_path, openai_server, judge_table="approve_at = 90\n")
    translate(config, lang="en", env=ENV, now=lambda: 1.0)
    po = tmp_path / "locales/en/b.po"  # 猫が好きです。 (99) gets a problem: never approved
    po.write_text(po.read_text("utf-8").replace("#, fuzzy\n", "# problem: link [x](y) is missing\n#, fuzzy\n", 1),
                  "utf-8")
    result = judge(config, lang="en", env=ENV)
    assert result.approved == 1
    found = entries(config)
    approved = found["今日は晴れです。"]
    assert catalog.state(approved) == "reviewed"
    line = f"approved: by judge-model, score 97 >= judge.approve_at 90 [{digest(approved.msgid, approved.msgstr)}]"
    assert line in approved.tcomment.splitlines()
    assert catalog.state(found["猫が好きです。"]) == "draft"
    assert {m for m, e in found.items() if m and catalog.state(e) == "reviewed"} == {"今日は晴れです。"}

    # A reviewer finds it, status and check count it; check refuses it when told to.
    items, _ = review.collect(config, [], lang="en", glossary=None, judge_approved=True)
    assert [i.msgid for i in items if i.judge_approved] == ["今日は晴れです。"]
    assert catalog.count(found.values()).judge_approved == 1
    issues = [i for i in check.run(config, use_cache=False, msgfmt=None).issues if i.kind == "judge"]
    assert [(i.severity, i.path) for i in issues] == [("warning", "locales/en/a.po")]
    assert "1 unit(s) approved by the judge judge-model, not by a person" in issues[0].message
    refusing = site(tmp_path, openai_server, judge_table="approve_at = 90\ncheck = \"refuse\"\n")
    issues = [i for i in check.run(refusing, use_cache=False, msgfmt=None).issues if i.kind == "judge"]
    assert [i.severity for i in issues] == ["error"]

    # The memory does not learn it as a person's translation.
    from l10n.mt.memory import Memory

    translate(config, lang="en", env=ENV, now=lambda: 3.0)
    with Memory.open(tmp_path / config.memory) as memory:
        assert not memory.lookup_exact(["今日は晴れです。"], source_lang="ja", target_lang="en")["今日は晴れです。"].reviewed

    # Accepting it in review makes it a person's: the approved: line goes, the score stays.
    cli = CliRunner().invoke(app, ["review", "--root", str(tmp_path), "--judge-approved"], input="a\n")
    assert cli.exit_code == 0, cli.output
    assert "approved by the judge, not by a person" in cli.output
    mine = entries(config)["今日は晴れです。"]
    assert catalog.state(mine) == "reviewed" and "approved: " not in mine.tcomment
    assert notes(mine.tcomment, msgid=mine.msgid, msgstr=mine.msgstr).score == 97
    assert catalog.count(entries(config).values()).judge_approved == 0


def test_failed_and_dropped_judge_replies_lose_no_saved_score_and_a_rerun_sends_only_the_rest(tmp_path,
                                                                                              openai_server):
    config = site(tmp_path, openai_server, judge_table="max_batch_texts = 2\n")
    translate(config, lang="en", env=ENV, now=lambda: 1.0)
    openai_server.latency = 0.05
    openai_server.inject(ok(), drop(), path="/v1/chat/completions")
    first = judge(config, lang="en", env=ENV, concurrency=1)
    # 3 requests of 2 pairs: the first answered, then a dropped connection stops the run (max_retries = 0):
    # what arrived is in the file and the cache.
    assert first.errors and first.sent == 2
    assert sum(s is not None for s in scored(config).values()) == 2
    openai_server.inject(status(503), path="/v1/chat/completions")
    second = judge(config, lang="en", env=ENV, concurrency=1)
    assert second.errors and second.sent == 0 and second.drafts == 4
    third = judge(config, lang="en", env=ENV)
    assert not third.errors and third.sent == 4
    paid = [t for r in openai_server.judge_requests() if r.status == 200 for t in r.texts]
    assert len(paid) == len(set(paid)) == 6  # every pair paid for exactly once
    assert scored(config) == SCORES


def test_dry_run_shows_the_judges_cost_and_sends_nothing(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    translate(config, lang="en", env=ENV, now=lambda: 1.0)
    before = openai_server.total_requests
    dry = judge(config, lang="en", env=ENV, dry_run=True)
    assert openai_server.total_requests == before
    drafts = [e for e in entries(config).values() if e.msgid]
    assert dry.to_send == 6 and dry.requests == 1
    assert dry.pair_chars == sum(len(e.msgid) + len(e.msgstr) for e in drafts)
    assert dry.request_chars > dry.pair_chars
    assert scored(config) == dict.fromkeys(SCORES)
    result = CliRunner().invoke(app, ["judge", "--root", str(tmp_path), "--dry-run"], env=ENV)
    assert result.exit_code == 0, result.output
    assert f"6 to send in 1 request(s): {dry.pair_chars:,} characters of Japanese and English" in result.output


def test_translate_runs_the_judge_after_drafting_unless_told_not_to(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    result = CliRunner().invoke(app, ["translate", "--root", str(tmp_path), "--no-judge"], env=ENV)
    assert result.exit_code == 0, result.output
    assert not openai_server.judge_requests()
    result = CliRunner().invoke(app, ["translate", "--root", str(tmp_path)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "judge judge-model [en]: 6 draft(s) without a score" in result.output
    assert "lowest scores: 41 posts/ja/a.md:5" in result.output
    assert scored(config) == SCORES


@needs_tool("msgfmt", "msgcat")
def test_score_and_approval_lines_are_clean_for_msgfmt_and_stable_under_msgcat(tmp_path, openai_server):
    config = site(tmp_path, openai_server, judge_table="approve_at = 90\n")
    translate(config, lang="en", env=ENV, now=lambda: 1.0)
    openai_server.reason = lambda source, draft: f'drops 「{source[:4]}」 and "#, fuzzy" \\n; ' + "long " * 40
    judge(config, lang="en", env=ENV)
    assert catalog.count(entries(config).values()).judge_approved == 2  # 97 and 99
    for po in sorted((tmp_path / "locales").rglob("*.po")):
        data = po.read_bytes()
        assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True).returncode == 0
        out = subprocess.run(["msgcat", "--no-wrap", str(po)], capture_output=True, check=True).stdout
        assert out == data, po


def test_reasons_are_one_short_line():
    from l10n.mt.judge import verdict_of

    verdict = verdict_of({"score": 71.6, "accuracy": "drops\nthe number; and more " + "x" * 300, "fluency": "OK.",
                          "terminology": "", "formatting": "ok"})
    assert verdict is not None and verdict.score == 72
    assert "\n" not in verdict.reasons and verdict.reasons.startswith("accuracy: drops the number, and more")
    assert len(verdict.reasons) <= 111
    assert verdict_of({"score": 101}) is None and verdict_of({"score": True}) is None


@pytest.mark.parametrize(("table", "message"), [
    ('model = "translator-model"', "also the translator"),
    ('model = "x"\napprove_at = 0', "approve_at: 0 is not a score"),
    ('model = "x"\ncheck = "maybe"', "judge.check must be one of"),
    ('model = "x"\ncolour = 1', "judge.colour: unknown setting"),
    ('base_url = "http://localhost:1/v1"', "judge.model: name the judging model"),
    ('model = "x"\nbase_url = "localhost"', "judge.base_url: 'localhost' is not an http(s) URL"),
])
def test_a_wrong_judge_table_is_an_error_naming_the_key(tmp_path, table, message):
    make_site(tmp_path, POSTS, f'backend = "openai"\n[backends.openai]\nmodel = "translator-model"\n[judge]\n{table}\n')
    with pytest.raises(InputError, match=re.escape(message)):
        config_io.load(tmp_path)


def test_ctrl_c_keeps_every_score_that_arrived_and_the_next_run_sends_only_the_rest(tmp_path, openai_server):
    import os
    import signal
    import sys

    from tests.fakes import hang, slow
    from tests.test_translate_costs import wait_for

    config = site(tmp_path, openai_server, judge_table="max_batch_texts = 2\n")
    translate(config, lang="en", env=ENV, now=lambda: 1.0)
    # Three requests in flight: one answers, one answers 1 s after the Ctrl-C (inside the 2 s grace), one hangs.
    openai_server.inject(ok(), slow(1.0), hang(), path="/v1/chat/completions")
    child = subprocess.Popen([sys.executable, "-c", "from l10n.cli import main; main()", "judge", "--root",
                              str(tmp_path), "--concurrency", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, **ENV})
    wait_for(lambda: len(openai_server.judge_requests()) >= 3)
    wait_for(lambda: sum(s is not None for s in scored(config).values()) >= 2)  # the first reply is saved
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=20)
    assert child.returncode == 130, err
    assert "interrupted: every score that arrived is saved" in err
    assert sum(s is not None for s in scored(config).values()) == 4  # the late reply too
    assert len(openai_server.judge_requests()) == 3  # nothing sent after the Ctrl-C
    rest = judge(config, lang="en", env=ENV)
    assert rest.sent == 2 and rest.from_cache == 0 and scored(config) == SCORES
    answered = [t for r in openai_server.judge_requests() if r.status == 200 for t in r.texts]
    assert len(answered) == len(set(answered)) == 6


def test_a_judge_without_its_key_is_an_error_after_the_drafts_are_saved(tmp_path):
    make_site(tmp_path, POSTS, 'backend = "fake"\n[judge]\nmodel = "gpt-4o"\n')
    result = CliRunner().invoke(app, ["translate", "--root", str(tmp_path)], env={"OPENAI_API_KEY": ""})
    assert result.exit_code == 4, result.output
    assert "the OpenAI API needs a key: OPENAI_API_KEY is not set" in result.output
    assert "6 draft(s) saved" in result.output or "drafts are marked fuzzy" in result.output
    config = config_io.load(tmp_path)
    assert all(catalog.state(e) == "draft" for m, e in entries(config).items() if m)


def test_approve_at_set_later_approves_drafts_already_scored_without_sending_them_again(tmp_path, openai_server):
    config = site(tmp_path, openai_server)
    run_translate_and_judge(config)
    assert catalog.count(entries(config).values()).reviewed == 0
    sent = openai_server.total_requests
    later = site(tmp_path, openai_server, judge_table="approve_at = 90\n")
    result = judge(later, lang="en", env=ENV)
    assert openai_server.total_requests == sent and result.drafts == 0
    assert result.approved == 2
    found = entries(later)
    assert {m for m, e in found.items() if m and catalog.state(e) == "reviewed"} == {"今日は晴れです。", "猫が好きです。"}
    assert all("approved: by judge-model, score " in found[m].tcomment for m in ("今日は晴れです。", "猫が好きです。"))


def test_an_invalid_verdict_is_asked_again_alone_and_verdicts_keep_the_batchs_order():
    """The re-ask loop shared with the translator (ChatClient.ask): only the pair left without a score is sent again."""
    import json

    import httpx

    from l10n.mt.judge import OpenAIJudge, Pair

    asked: list[list[str]] = []

    def reply(request: httpx.Request) -> httpx.Response:
        ids = [p["id"] for p in json.loads(json.loads(request.content)["messages"][1]["content"])["pairs"]]
        asked.append(ids)
        scores = [{"id": i, "score": "high" if len(asked) == 1 and i == "1" else 80 + int(i)} for i in ids]
        body = {"choices": [{"message": {"content": json.dumps({"scores": scores})}}], "usage": {"total_tokens": 5}}
        return httpx.Response(200, json=body)

    scorer = OpenAIJudge({"base_url": "http://127.0.0.1:9/v1", "model": "m", "max_retries": 0}, {},
                         target_lang="EN-US", transport=httpx.MockTransport(reply))
    result = scorer.judge([Pair("a", "猫", "cat"), Pair("b", "犬", "dog")])
    assert asked == [["1", "2"], ["1"]]
    assert [(v.id, v.score) for v in result.verdicts] == [("a", 81), ("b", 82)]
    assert result.sent_chars == 2 * 4 + 4 and result.tokens == 10 and not result.problems
