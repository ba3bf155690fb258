"""The real ``deepl`` client against the loopback server in tests/fakes/deepl_server.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.errors import BackendError
from l10n.mt.backends import BackendSettings, Glossary, Request, SupportsGlossarySync, SupportsUsage, create
from l10n.mt.backends.deepl import BODY_BUDGET, MAX_TEXTS, DeepLTranslator, plan_calls
from l10n.mt.glossary import parse_glossary
from tests.fakes import drop, ok, slow, status
from tests.fakes.deepl_server import TEST_KEY, FakeDeepLServer, run_deepl_server

PARAGRAPH = "これは<b>テスト</b>です。<x id=\"1\"/>を使います。"


def make(server: FakeDeepLServer, sleeps: list[float] | None = None, **options: Any) -> DeepLTranslator:
    sleep = sleeps.append if sleeps is not None else _no_sleep
    return DeepLTranslator(server.settings(**options), sleep=sleep, rng=lambda: 1.0)


def _no_sleep(seconds: float) -> None:
    pass


def units(count: int, per_paragraph: int = 5) -> list[Request]:
    return [
        Request(f"u{i}", f"文{i}は<b>大事</b>です。<x id=\"{i % 3}\"/>", f"段落{i // per_paragraph}の全文。")
        for i in range(count)
    ]


def glossary(text: str = "テスト\ttest\n大事\timportant\n") -> Glossary:
    return parse_glossary(text, path="ja-en.tsv", source_lang="ja", target_lang="en")


# -- translating -------------------------------------------------------------------


def test_translates_with_tags_context_and_settings(deepl_server: FakeDeepLServer) -> None:
    batch = [Request("a", "これは<b>テスト</b>です。", PARAGRAPH), Request("b", "<x id=\"1\"/>を使います。", PARAGRAPH)]
    result = make(deepl_server).translate(batch)
    assert [draft.id for draft in result.drafts] == ["a", "b"]
    assert "<b>" in result.drafts[0].text and "</b>" in result.drafts[0].text
    assert result.drafts[1].text.startswith('<x id="1"/>')
    assert result.billed_chars == sum(len(r.text) for r in batch) == deepl_server.billed_chars
    (sent,) = deepl_server.translate_requests()
    assert sent.texts == [r.text for r in batch]
    assert sent.context == PARAGRAPH
    body = sent.body
    assert (body["source_lang"], body["target_lang"]) == ("JA", "EN-US")
    assert (body["tag_handling"], body["ignore_tags"], body["split_sentences"]) == ("xml", ["x"], "nonewlines")
    assert body["preserve_formatting"] is True and body["show_billed_characters"] is True
    assert sent.headers["Authorization"] == f"DeepL-Auth-Key {TEST_KEY}"


def test_target_language_variant_is_passed_on(deepl_server: FakeDeepLServer) -> None:
    make(deepl_server, target_lang="en-gb").translate(units(1))
    assert deepl_server.translate_requests()[0].body["target_lang"] == "EN-GB"


def test_merge_mode_sends_the_batch_in_one_request_with_its_paragraphs(deepl_server: FakeDeepLServer) -> None:
    result = make(deepl_server).translate(units(12))
    assert len(result.drafts) == 12
    (sent,) = deepl_server.translate_requests()
    assert sent.context == "段落0の全文。\n\n段落1の全文。\n\n段落2の全文。"


def test_paragraph_mode_sends_one_request_per_paragraph(deepl_server: FakeDeepLServer) -> None:
    batch = units(12)
    result = make(deepl_server, context_mode="paragraph").translate(batch[::-1])
    assert [d.id for d in result.drafts] == [r.id for r in batch[::-1]]
    assert [r.context for r in deepl_server.translate_requests()] == ["段落2の全文。", "段落1の全文。", "段落0の全文。"]


def test_none_mode_sends_no_context(deepl_server: FakeDeepLServer) -> None:
    make(deepl_server, context_mode="none").translate(units(3))
    assert "context" not in deepl_server.translate_requests()[0].body


def test_big_batches_are_split_within_deepl_limits(deepl_server: FakeDeepLServer) -> None:
    batch = units(120) + [Request("long", "長い文章です。" * 2300, "長い段落")]  # 97 KB as JSON
    result = make(deepl_server).translate(batch)
    assert [d.id for d in result.drafts] == [r.id for r in batch]
    sent = deepl_server.translate_requests()
    assert [len(r.texts) for r in sent][:2] == [50, 50]
    assert all(r.status == 200 for r in sent)  # the server answers 400/413 beyond 50 texts or 128 KiB
    assert max(int(r.headers["Content-Length"]) for r in sent) <= BODY_BUDGET  # the estimate is an upper bound


def test_a_text_too_long_for_any_request_is_refused_before_sending(deepl_server: FakeDeepLServer) -> None:
    with pytest.raises(BackendError, match="unit long is too long") as info:
        make(deepl_server).translate(units(3) + [Request("long", "長い文章です。" * 4000)])
    assert not info.value.retryable
    assert deepl_server.total_requests == 0


def test_empty_batch_makes_no_request(deepl_server: FakeDeepLServer) -> None:
    assert make(deepl_server).translate([]).drafts == ()
    assert deepl_server.total_requests == 0


@given(
    st.lists(st.tuples(st.text("あい<x/>", min_size=1, max_size=300), st.sampled_from(["p1", "p2", "p3", None])), max_size=130),
    st.sampled_from(["merge", "paragraph", "none"]),
)
def test_plan_keeps_every_request_once_within_limits(items: list[tuple[str, str | None]], mode: str) -> None:
    batch = [Request(str(i), text, context) for i, (text, context) in enumerate(items)]
    calls = plan_calls(batch, mode=mode, max_bytes=4000, max_context_chars=10)
    planned = [request for requests, _ in calls for request in requests]
    assert sorted(planned, key=lambda r: int(r.id)) == batch
    if mode == "merge":
        assert planned == batch
    for requests, context in calls:
        assert 1 <= len(requests) <= MAX_TEXTS
        if mode == "none":
            assert context is None
        if mode == "paragraph":
            assert {r.context for r in requests} == {context}


def test_is_registered_and_has_the_optional_capabilities(deepl_server: FakeDeepLServer) -> None:
    translator = create("deepl", deepl_server.settings())
    assert isinstance(translator, DeepLTranslator)
    assert isinstance(translator, SupportsUsage) and isinstance(translator, SupportsGlossarySync)
    assert (translator.max_batch_texts, translator.max_batch_bytes) == (50, 32 * 1024)


def test_missing_key_says_how_to_set_it() -> None:
    settings = BackendSettings(source_lang="JA", target_lang="EN-US", env={})
    with pytest.raises(BackendError) as info:
        DeepLTranslator(settings)
    assert not info.value.retryable
    assert "export DEEPL_AUTH_KEY=" in (info.value.hint or "")


def test_unknown_context_mode_is_refused(deepl_server: FakeDeepLServer) -> None:
    with pytest.raises(BackendError, match="context_mode"):
        make(deepl_server, context_mode="sometimes")


# -- glossary and usage --------------------------------------------------------------


def test_glossary_is_created_once_per_content_and_used(deepl_server: FakeDeepLServer) -> None:
    translator = make(deepl_server)
    result = translator.translate([Request("a", "これは<b>テスト</b>です。")], glossary=glossary())
    assert "<b>test</b>" in result.drafts[0].text
    glossary_id = translator.sync_glossary(glossary())
    assert deepl_server.translate_requests()[0].body["glossary_id"] == glossary_id
    assert deepl_server.glossary_creations == 1
    (created,) = deepl_server.glossaries.values()
    assert created["name"] == f"l10n JA-EN {glossary().digest}"
    assert created["dictionaries"] == {("JA", "EN"): {"テスト": "test", "大事": "important"}}


def test_second_sync_finds_the_glossary_by_name(deepl_server: FakeDeepLServer) -> None:
    first = make(deepl_server).sync_glossary(glossary())
    deepl_server.reset()
    again = make(deepl_server).sync_glossary(glossary("大事\timportant\nテスト\ttest\n"))  # same content
    assert again == first
    assert deepl_server.glossary_creations == 0
    assert [r.method for r in deepl_server.records] == ["GET"]


def test_changed_glossary_gets_a_new_deepl_glossary(deepl_server: FakeDeepLServer) -> None:
    translator = make(deepl_server)
    first = translator.sync_glossary(glossary())
    second = translator.sync_glossary(glossary("テスト\texam\n"))
    assert first != second and deepl_server.glossary_creations == 2


def test_replaced_glossary_is_deleted_and_others_are_kept(deepl_server: FakeDeepLServer) -> None:
    make(deepl_server).sync_glossary(glossary())
    make(deepl_server, target_lang="DE").sync_glossary(glossary())  # another language pair: kept
    edited = glossary("テスト\texam\n")
    newer = make(deepl_server).sync_glossary(edited)  # a new run, an edited TSV
    names = sorted(g["name"] for g in deepl_server.glossaries.values())
    assert newer in deepl_server.glossaries
    assert names == sorted([f"l10n JA-DE {glossary().digest}", f"l10n JA-EN {edited.digest}"])


def test_empty_glossary_is_not_synced(deepl_server: FakeDeepLServer) -> None:
    make(deepl_server).translate(units(1), glossary=glossary(""))
    assert deepl_server.glossary_creations == 0
    assert "glossary_id" not in deepl_server.translate_requests()[0].body


def test_usage_reports_count_and_limit(deepl_server: FakeDeepLServer) -> None:
    translator = make(deepl_server)
    billed = translator.translate(units(3)).billed_chars
    assert translator.usage() == (billed, deepl_server.character_limit)


# -- faults ------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", [status(429), status(503), status(500), drop()], ids=["429", "503", "500", "drop"])
def test_transient_faults_are_retried(deepl_server: FakeDeepLServer, fault: Any) -> None:
    sleeps: list[float] = []
    deepl_server.inject(fault, fault)
    result = make(deepl_server, sleeps, backoff=0.5).translate(units(2))
    assert len(result.drafts) == 2
    assert len(deepl_server.translate_requests()) == 3
    assert sleeps == [0.5, 1.0]  # doubled each retry (rng pinned to no jitter)


@pytest.mark.parametrize("fault", [status(429), status(503), drop()], ids=["429", "503", "drop"])
def test_persistent_transient_faults_end_in_a_retryable_error(deepl_server: FakeDeepLServer, fault: Any) -> None:
    deepl_server.inject(fault, fault, fault)
    with pytest.raises(BackendError) as info:
        make(deepl_server).translate(units(1))
    assert info.value.retryable
    assert len(deepl_server.translate_requests()) == 3  # max_retries=2


def test_quota_exceeded_is_not_retried(deepl_server: FakeDeepLServer) -> None:
    deepl_server.inject(status(456))
    with pytest.raises(BackendError) as info:
        make(deepl_server).translate(units(1))
    assert not info.value.retryable
    assert "quota" in str(info.value) and "usage" in (info.value.hint or "")
    assert len(deepl_server.translate_requests()) == 1


def test_wrong_key_is_not_retried(deepl_server: FakeDeepLServer) -> None:
    with pytest.raises(BackendError) as info:
        make(deepl_server, key="wrong-key:fx").translate(units(1))
    assert not info.value.retryable and "403" in str(info.value)
    assert deepl_server.total_requests == 1


def test_bad_request_is_not_retried(deepl_server: FakeDeepLServer) -> None:
    deepl_server.inject(status(400, {"message": "Value for 'target_lang' not supported."}))
    with pytest.raises(BackendError, match="not supported") as info:
        make(deepl_server).translate(units(1))
    assert not info.value.retryable


def test_slow_server_times_out_as_retryable(deepl_server: FakeDeepLServer) -> None:
    deepl_server.inject(slow(5))
    with pytest.raises(BackendError) as info:
        make(deepl_server, max_retries=0, timeout=0.2).translate(units(1))  # the client waits >= ~1 s
    assert info.value.retryable and "timed out" in str(info.value)


def test_unreachable_server_is_retryable() -> None:
    with run_deepl_server() as server:
        settings = server.settings()
    with pytest.raises(BackendError) as info:
        DeepLTranslator(settings, sleep=_no_sleep).translate(units(1))
    assert info.value.retryable and "cannot reach" in str(info.value)


def test_translate_is_safe_from_many_threads(deepl_server: FakeDeepLServer) -> None:
    translator = make(deepl_server)
    batches = [units(10)[i : i + 2] for i in range(0, 10, 2)] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda batch: translator.translate(batch, glossary=glossary()), batches))
    assert [[d.id for d in r.drafts] for r in results] == [[u.id for u in b] for b in batches]
    assert deepl_server.glossary_creations == 1
    translator.close()


# -- the key never shows -----------------------------------------------------------------


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    while exc is not None:
        yield exc
        exc = exc.__cause__ or exc.__context__


def test_key_never_appears_in_errors_repr_or_logs(debug_logs: pytest.LogCaptureFixture) -> None:
    secrets = [TEST_KEY, TEST_KEY[:8], f"DeepL-Auth-Key {TEST_KEY}"]
    with run_deepl_server() as server:
        translator = make(server)
        translator.translate(units(3), glossary=glossary())
        translator.usage()
        # A server that echoes the key back must not make us repeat it.
        server.inject(status(403, {"message": f"key {TEST_KEY} is not valid"}), status(456), status(400))
        server.inject(status(429), status(429), status(429))
        errors = []
        for _ in range(4):
            with pytest.raises(BackendError) as info:
                translator.translate(units(1))
            errors.append(info.value)
    texts = [repr(translator), str(translator)] + [r.getMessage() for r in debug_logs.records]
    for error in errors:
        texts += [f"{e!s} {e!r} {getattr(e, 'hint', '')}" for e in _chain(error)]
    assert debug_logs.records  # the deepl client did log (requests, bodies, retries)
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_retry_after_of_a_429_is_honoured(deepl_server: FakeDeepLServer) -> None:
    sleeps: list[float] = []
    deepl_server.inject(status(429, retry_after=7), path="/v2/translate")
    make(deepl_server, sleeps, backoff=0.5).translate(units(1))
    assert sleeps == [7.0]


def test_cancel_stops_retries_and_keeps_the_requests_already_answered(deepl_server: FakeDeepLServer) -> None:
    translator = make(deepl_server)
    deepl_server.inject(ok(), status(503), path="/v2/translate")
    # The back-off "sleep" is where a Ctrl-C lands: the second request is not retried.
    translator.retrier._sleep = lambda seconds: translator.cancel()
    result = translator.translate(units(60))  # two requests: 50 texts, then 10
    assert len(result.drafts) == 50 and "interrupted" in result.problems[0]
    assert len(deepl_server.translate_requests()) == 2


def test_ok_places_a_fault_on_a_later_request(deepl_server: FakeDeepLServer) -> None:
    deepl_server.inject(ok(), status(456), path="/v2/translate")
    translator = make(deepl_server)
    translator.translate(units(1))
    with pytest.raises(BackendError, match="quota"):
        translator.translate(units(1))
