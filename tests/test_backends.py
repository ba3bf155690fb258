"""The backend table, the shared retry kit, the secret scrubber and the dispatcher."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from l10n.errors import BackendError, UsageError
from l10n.mt import dispatch as dispatching
from l10n.mt.backends import (
    BackendSettings,
    BatchResult,
    Draft,
    Request,
    SupportsCancel,
    SupportsClose,
    SupportsUsage,
    Translator,
    create,
    names,
    opened,
    register,
    secrets,
)
from l10n.mt.backends.retry import Cancelled, Retrier, RetryLater, RetryPolicy

SETTINGS = BackendSettings("JA", "EN-US")

# -- registry ----------------------------------------------------------------------------------


def test_builtin_backends_are_rows_of_the_table() -> None:
    assert {"deepl", "openai", "fake"} <= set(names())
    assert isinstance(create("fake", SETTINGS), Translator)


def test_unknown_backend_names_the_choices() -> None:
    with pytest.raises(UsageError, match="unknown backend 'nope'") as info:
        create("nope", SETTINGS)
    assert "deepl" in (info.value.hint or "")


def test_a_third_party_backend_is_found_through_its_entry_point(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed package (a dist-info folder on sys.path) declares ``l10n.backends``: no import of ours."""
    (tmp_path / "echo_backend.py").write_text(
        "from l10n.mt.backends import BatchResult, Draft\n"
        "class Echo:\n"
        "    name = 'echo'\n    max_batch_texts = 5\n    max_batch_bytes = 1000\n"
        "    def __init__(self, settings):\n        self.settings = settings\n"
        "    def translate(self, batch, *, glossary=None):\n"
        "        return BatchResult(tuple(Draft(r.id, r.text) for r in batch), 0)\n", encoding="utf-8")
    info = tmp_path / "echo_backend-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: echo-backend\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[l10n.backends]\necho = echo_backend:Echo\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "echo" in names()
    translator = create("echo", SETTINGS)
    assert translator.translate([Request("1", "テスト")]).drafts == (Draft("1", "テスト"),)
    sys.modules.pop("echo_backend", None)


class Recording:
    """A minimal backend that records what happens to it."""

    name = "recording"
    max_batch_texts = 2
    max_batch_bytes = 10_000

    def __init__(self, settings: BackendSettings) -> None:
        self.closed = self.cancelled = False
        self.calls = 0
        self.release = threading.Event()
        self.hang = False

    def translate(self, batch: Sequence[Request], *, glossary: object = None) -> BatchResult:
        self.calls += 1
        if self.hang:
            self.release.wait(10)
        return BatchResult(tuple(Draft(r.id, r.text.upper()) for r in batch), len(batch))

    def cancel(self) -> None:
        self.cancelled = True

    def close(self) -> None:
        self.closed = True


def test_optional_capabilities_are_runtime_protocols() -> None:
    translator = Recording(SETTINGS)
    assert isinstance(translator, SupportsCancel) and isinstance(translator, SupportsClose)
    assert not isinstance(translator, SupportsUsage)


def test_opened_closes_the_translator_after_a_run_also_on_error() -> None:
    made: list[Recording] = []
    register("recording", lambda settings: made.append(Recording(settings)) or made[-1])
    with opened("recording", SETTINGS) as translator:
        translator.translate([Request("1", "a")])
    with pytest.raises(RuntimeError), opened("recording", SETTINGS):
        raise RuntimeError("boom")
    assert [t.closed for t in made] == [True, True]


# -- retry kit -----------------------------------------------------------------------------------


def test_backoff_doubles_with_jitter_up_to_the_cap_and_honours_retry_after() -> None:
    policy = RetryPolicy(max_retries=6, backoff=1.0, backoff_max=8.0)
    plain = BackendError("busy", retryable=True)
    assert [policy.delay(n, plain, 1.0) for n in range(5)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    assert [policy.delay(n, plain, 0.0) for n in range(3)] == [0.5, 1.0, 2.0]  # jitter: half to full
    assert policy.delay(0, RetryLater("429", retry_after=5.0), 0.0) == 5.0
    assert policy.delay(0, RetryLater("429", retry_after=600.0), 0.0) == 8.0  # never longer than the cap


def test_each_retry_is_one_warning_line_and_the_last_failure_is_raised(caplog: pytest.LogCaptureFixture) -> None:
    sleeps: list[float] = []
    retrier = Retrier(RetryPolicy(max_retries=2, backoff=1.0), name="X", sleep=sleeps.append, rng=lambda: 1.0)
    attempts = []

    def failing() -> None:
        attempts.append(1)
        raise BackendError(f"X failed #{len(attempts)}", retryable=True)

    with caplog.at_level(logging.WARNING), pytest.raises(BackendError, match="#3"):
        retrier.call("translate", failing)
    assert sleeps == [1.0, 2.0]
    assert [r.getMessage() for r in caplog.records] == ["X failed #1; retry 1 of 2 in 1.0 s",
                                                        "X failed #2; retry 2 of 2 in 2.0 s"]


def test_cancel_ends_a_backoff_wait_at_once_and_nothing_more_is_tried() -> None:
    retrier = Retrier(RetryPolicy(max_retries=5, backoff=30.0, backoff_max=30.0), name="X")
    attempts = []

    def failing() -> None:
        attempts.append(1)
        raise BackendError("busy", retryable=True)

    threading.Timer(0.1, retrier.cancel).start()
    with pytest.raises(Cancelled):
        retrier.call("translate", failing)  # would wait 15-30 s without the cancel
    assert len(attempts) == 1


# -- secrets ------------------------------------------------------------------------------------


def test_scrubber_cleans_strings_exception_chains_and_library_logs(caplog: pytest.LogCaptureFixture) -> None:
    secrets.add("sk-secret-123")
    try:
        try:
            raise ValueError("bad key sk-secret-123")
        except ValueError as inner:
            raise BackendError("failed: sk-secret-123", retryable=False) from inner
    except BackendError as outer:
        secrets.scrub_exception(outer)
        assert "sk-secret" not in str(outer) + str(outer.__cause__) + outer.message
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("httpx").debug("header Bearer %s", "sk-secret-123")
    assert "sk-secret" not in caplog.text and "Bearer ***" in caplog.text


# -- dispatch -----------------------------------------------------------------------------------


def batches(count: int) -> list[list[Request]]:
    return [[Request(f"{n}.{k}", f"t{n}{k}") for k in range(2)] for n in range(count)]


def test_dispatch_hands_every_reply_to_the_caller_thread() -> None:
    translator = Recording(SETTINGS)
    got: dict[int, BatchResult] = {}
    caller = threading.get_ident()
    threads = set()

    def on_result(index: int, result: BatchResult) -> None:
        threads.add(threading.get_ident())
        got[index] = result

    outcome = dispatching.dispatch(translator, batches(7), glossary=None, on_result=on_result, concurrency=3)
    assert sorted(got) == list(range(7)) and threads == {caller}
    assert (outcome.unsent, outcome.abandoned, outcome.error) == (0, 0, None)


def test_after_a_backend_error_nothing_new_is_sent_and_the_translator_is_cancelled() -> None:
    class Failing(Recording):
        def translate(self, batch: Sequence[Request], *, glossary: object = None) -> BatchResult:
            self.calls += 1
            raise BackendError("quota", retryable=False)

    translator = Failing(SETTINGS)
    outcome = dispatching.dispatch(translator, batches(5), glossary=None, on_result=lambda i, r: None,
                                   concurrency=1)
    assert translator.calls == 1 and translator.cancelled
    assert outcome.unsent == 4 and str(outcome.error) == "quota"


def test_a_silent_backend_is_reported_while_waiting(caplog: pytest.LogCaptureFixture) -> None:
    translator = Recording(SETTINGS)
    translator.hang = True
    threading.Timer(0.5, translator.release.set).start()
    with caplog.at_level(logging.WARNING):
        dispatching.dispatch(translator, batches(1), glossary=None, on_result=lambda i, r: None, heartbeat=0.1)
    assert "waiting for 1 reply(ies) from recording" in caplog.text
