"""The OpenAI-compatible backend against the loopback server in tests/fakes/openai_server.py."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from l10n.errors import BackendError
from l10n.mt import markup
from l10n.mt.backends import BackendSettings, Request, create
from l10n.mt.backends.openai import OpenAITranslator, parse_reply
from l10n.mt.glossary import parse_glossary
from tests.fakes import Fault, drop, slow, status
from tests.fakes.openai_server import (
    TEST_KEY,
    FakeOpenAIServer,
    duplicate_id,
    invalid_json,
    missing_id,
    no_choices,
    non_string_text,
    rewrite,
    run_openai_server,
)

PARAGRAPH = "猫が好きです。<b>ブログ</b>に書きます。"
GLOSSARY = parse_glossary("ブログ\tblog\n記事\tpost\n", path="ja-en.tsv", source_lang="ja", target_lang="en")


def make(server: FakeOpenAIServer, sleeps: list[float] | None = None, **options: Any) -> OpenAITranslator:
    sleep = sleeps.append if sleeps is not None else (lambda seconds: None)
    return OpenAITranslator(server.settings(**options), sleep=sleep, rng=lambda: 1.0)


def batch() -> list[Request]:
    return [
        Request("msg-a", "猫が好きです。", PARAGRAPH),
        Request("msg-b", "<b>ブログ</b>に<x id=\"1\"/>を書きます。", PARAGRAPH),
        Request("msg-c", "別の段落。", None),
    ]


def sent_messages(server: FakeOpenAIServer, index: int = 0) -> tuple[str, dict[str, Any]]:
    body = server.completion_requests()[index].body
    system, user = body["messages"]
    return system["content"], json.loads(user["content"])


def test_translates_a_batch_in_one_request(openai_server: FakeOpenAIServer) -> None:
    result = make(openai_server).translate(batch(), glossary=GLOSSARY)
    assert [d.id for d in result.drafts] == ["msg-a", "msg-b", "msg-c"]
    assert result.drafts[1].text.startswith("<b>blog</b>") and '<x id="1"/>' in result.drafts[1].text
    assert result.billed_chars == sum(len(r.text) for r in batch())
    assert result.tokens == openai_server.total_tokens > 0
    (sent,) = openai_server.completion_requests()
    assert sent.body["response_format"] == {"type": "json_object"}
    assert sent.body["model"] == "fake-model" and sent.body["temperature"] == 0
    assert sent.headers["Authorization"] == f"Bearer {TEST_KEY}"


def test_prompt_carries_instructions_relevant_terms_and_each_paragraph_once(openai_server: FakeOpenAIServer) -> None:
    make(openai_server).translate(batch(), glossary=GLOSSARY)
    system, user = sent_messages(openai_server)
    assert "English" in system and "EN-US" in system and '<x id="1"/>' in system and "JSON" in system
    assert "ブログ -> blog" in system and "記事" not in system  # only terms that occur in the batch
    assert user["context"] == {"c1": PARAGRAPH}
    assert user["units"] == [
        {"id": "1", "text": "猫が好きです。", "context": ["c1"]},
        {"id": "2", "text": "<b>ブログ</b>に<x id=\"1\"/>を書きます。", "context": ["c1"]},
        {"id": "3", "text": "別の段落。"},
    ]


def test_context_pieces_shared_by_units_are_sent_once(openai_server: FakeOpenAIServer) -> None:
    title, one, two, three = "Title: 猫", "一段落目。", "二段落目。", "三段落目。"
    make(openai_server).translate([Request("a", "一段落目。", around=(title, one, two)),
                                   Request("b", "二段落目。", around=(title, one, two, three))])
    _system, user = sent_messages(openai_server)
    assert list(user["context"].values()) == [title, one, two, three]
    assert [u["context"] for u in user["units"]] == [["c1", "c2", "c3"], ["c1", "c2", "c3", "c4"]]


def test_local_server_needs_no_key() -> None:
    with run_openai_server(api_key=None) as server:
        result = make(server).translate(batch())
        assert len(result.drafts) == 3
        assert "Authorization" not in server.completion_requests()[0].headers


def test_key_comes_from_the_named_environment_variable(openai_server: FakeOpenAIServer) -> None:
    settings = BackendSettings(
        source_lang="JA",
        target_lang="EN-US",
        options={"base_url": openai_server.base_url, "api_key_env": "GROQ_KEY"},
        env={"GROQ_KEY": TEST_KEY},
    )
    OpenAITranslator(settings).translate(batch()[:1])
    assert openai_server.completion_requests()[0].headers["Authorization"] == f"Bearer {TEST_KEY}"


def test_openai_itself_needs_a_key() -> None:
    with pytest.raises(BackendError) as info:
        OpenAITranslator(BackendSettings(source_lang="JA", target_lang="EN-US"))
    assert not info.value.retryable and "export OPENAI_API_KEY=" in (info.value.hint or "")


def test_is_registered(openai_server: FakeOpenAIServer) -> None:
    assert isinstance(create("openai", openai_server.settings()), OpenAITranslator)


def test_empty_batch_makes_no_request(openai_server: FakeOpenAIServer) -> None:
    assert make(openai_server).translate([]).drafts == ()
    assert openai_server.total_requests == 0


# -- invalid replies -----------------------------------------------------------------------

BAD_REPLIES = {
    "invalid_json": (invalid_json, "not JSON"),
    "missing_id": (missing_id, "missing id(s) 3"),
    "duplicate_id": (duplicate_id, "'1' appears more than once"),
    "non_string_text": (non_string_text, 'no string "text"'),
    "no_choices": (no_choices, "no choices[0].message.content"),
}


# Per bad reply: the drafts kept after every re-ask got the same fault (3 units sent).
KEPT = {"invalid_json": 0, "missing_id": 2, "duplicate_id": 2, "non_string_text": 0, "no_choices": 0}


@pytest.mark.parametrize("name", BAD_REPLIES)
def test_an_invalid_reply_is_asked_for_once_more(openai_server: FakeOpenAIServer, name: str) -> None:
    fault, _ = BAD_REPLIES[name]
    openai_server.inject(fault())
    result = make(openai_server).translate(batch())
    assert len(result.drafts) == 3 and len(openai_server.completion_requests()) == 2 and not result.problems


@pytest.mark.parametrize("name", BAD_REPLIES)
def test_units_still_invalid_after_the_re_asks_come_back_missing_with_the_reason(
        openai_server: FakeOpenAIServer, name: str) -> None:
    fault, reason = BAD_REPLIES[name]
    openai_server.inject(fault(), fault(), fault())
    result = make(openai_server).translate(batch())
    assert len(result.drafts) == KEPT[name]
    assert len(result.problems) == 1 and reason.split(" id(s)")[0] in result.problems[0]
    assert len(openai_server.completion_requests()) == 3
    assert result.tokens == openai_server.total_tokens > 0


def test_valid_translations_of_a_partly_invalid_reply_are_kept_and_only_the_rest_re_asked(
        openai_server: FakeOpenAIServer) -> None:
    def break_second(content: dict[str, Any]) -> str:
        items = content["translations"]
        return json.dumps({"translations": [items[0], {**items[1], "text": None}, items[2]]})

    openai_server.inject(rewrite(break_second))
    result = make(openai_server).translate(batch())
    first, second = openai_server.completion_requests()
    assert [d.id for d in result.drafts] == ["msg-a", "msg-b", "msg-c"] and not result.problems
    assert [u["text"] for u in json.loads(second.body["messages"][1]["content"])["units"]] == [batch()[1].text]
    assert result.billed_chars == sum(len(r.text) for r in batch()) + len(batch()[1].text)


def test_a_model_copying_the_prompts_tag_example_keeps_link_tags() -> None:
    """The prompt once showed links as <a1>…</a1> while the code sends <a id="1">: a model that
    copies the example's form made every link an unknown tag, dropped from the draft."""
    with run_openai_server(copy_prompt_tags=True) as server:
        source = "詳しくは[公式サイト](https://example.com)と![図](a.png)を見てください。"
        tagged = markup.to_xml(source)
        (draft,) = make(server).translate([Request("1", tagged.xml)]).drafts
        rebuilt = markup.from_xml(draft.text, tagged)
    assert rebuilt.problems == ()
    assert "](https://example.com)" in rebuilt.markdown and "](a.png)" in rebuilt.markdown


@pytest.mark.parametrize(
    ("content", "texts", "reason"),
    [
        ('{"translations": [{"id": 1, "text": "a"}, {"id": "2", "text": "b"}]}', {"1": "a", "2": "b"}, None),
        ('{"translations": [{"id": "9", "text": "a"}, {"id": "2", "text": "b"}]}', {"2": "b"}, "unknown id '9'"),
        ('{"translations": [{"id": true, "text": "a"}]}', {}, "unknown id True"),
        ('{"result": []}', {}, 'no "translations" list'),
        ('[{"id": "1", "text": "a"}]', {}, 'no "translations" list'),
        ('{"translations": [{"id": "1", "text": "a"}, {"id": "1", "text": "c"}, {"id": "2", "text": "b"}]}',
         {"2": "b"}, "'1' appears more than once"),
    ],
)
def test_parse_reply(content: str, texts: dict[str, str], reason: str | None) -> None:
    parsed = parse_reply(content, ["1", "2"])
    assert parsed.texts == texts
    assert (parsed.problem is None) if reason is None else (reason in (parsed.problem or ""))


# -- HTTP faults -----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", [status(429), status(500), status(503), drop()], ids=["429", "500", "503", "drop"])
def test_transient_faults_are_retried_with_backoff(openai_server: FakeOpenAIServer, fault: Fault) -> None:
    sleeps: list[float] = []
    openai_server.inject(fault, fault)
    assert len(make(openai_server, sleeps, backoff=0.5).translate(batch()).drafts) == 3
    assert sleeps == [0.5, 1.0]


def test_retry_after_is_honoured(openai_server: FakeOpenAIServer) -> None:
    sleeps: list[float] = []
    openai_server.inject(status(429, retry_after=7))
    make(openai_server, sleeps, backoff=0.5).translate(batch())
    assert sleeps == [7.0]


@pytest.mark.parametrize("fault", [status(429), status(502), drop()], ids=["429", "502", "drop"])
def test_persistent_faults_end_in_a_retryable_error(openai_server: FakeOpenAIServer, fault: Fault) -> None:
    openai_server.inject(fault, fault, fault)
    with pytest.raises(BackendError) as info:
        make(openai_server).translate(batch())
    assert info.value.retryable and len(openai_server.completion_requests()) == 3


@pytest.mark.parametrize("code", [401, 403])
def test_auth_failures_are_final_and_hide_the_key(openai_server: FakeOpenAIServer, code: int) -> None:
    openai_server.inject(status(code, openai_server.error_body(401)))
    with pytest.raises(BackendError) as info:
        make(openai_server).translate(batch())
    assert not info.value.retryable and "rejected the API key" in str(info.value)
    assert openai_server.total_requests == 1


def test_wrong_key_message_from_server_is_not_repeated(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "sk-wrong-9876543210zyxw"
    with run_openai_server() as server:
        translator = make(server, key=wrong)
        with pytest.raises(BackendError) as info:
            translator.translate(batch())
        make(server).translate(batch())  # a good run, to capture its debug logs too
    texts = [str(info.value), repr(info.value), info.value.hint or "", repr(translator)]
    texts += [record.getMessage() for record in caplog.records]
    for secret in (wrong, wrong[:6], wrong[-4:], TEST_KEY, TEST_KEY[:8], f"Bearer {TEST_KEY}"):
        assert not any(secret in text for text in texts), secret


def test_insufficient_quota_is_final(openai_server: FakeOpenAIServer) -> None:
    body = {"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}}
    openai_server.inject(status(429, body))
    with pytest.raises(BackendError, match="quota") as info:
        make(openai_server).translate(batch())
    assert not info.value.retryable


def test_unknown_model_is_final_with_a_hint(openai_server: FakeOpenAIServer) -> None:
    openai_server.inject(status(404, {"error": {"message": "model 'gpt-9' not found"}}))
    with pytest.raises(BackendError, match="gpt-9") as info:
        make(openai_server).translate(batch())
    assert not info.value.retryable and "base_url" in (info.value.hint or "")


def test_slow_server_times_out_as_retryable(openai_server: FakeOpenAIServer) -> None:
    openai_server.inject(slow(5))
    with pytest.raises(BackendError, match="in time") as info:
        make(openai_server, max_retries=0, timeout=0.2).translate(batch())
    assert info.value.retryable


def test_unreachable_server_is_retryable() -> None:
    with run_openai_server() as server:
        settings = server.settings(max_retries=0)
    with pytest.raises(BackendError, match="cannot reach") as info:
        OpenAITranslator(settings).translate(batch())
    assert info.value.retryable


def test_translate_is_safe_from_many_threads(openai_server: FakeOpenAIServer) -> None:
    translator = make(openai_server)
    batches = [batch()[i:] for i in range(3)] * 5
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(translator.translate, batches))
    assert [[d.id for d in r.drafts] for r in results] == [[u.id for u in b] for b in batches]
    translator.close()
