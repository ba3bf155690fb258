"""A loopback stand-in for an OpenAI-compatible ``POST /v1/chat/completions`` server.

It understands the prompt that :mod:`l10n.backends.openai` sends (a JSON user message
with ``units``; glossary lines ``source -> target`` in the system message) and answers
``{"translations": [{"id", "text"}]}`` with the pseudo-English of each unit. Besides
the shared faults (``status``, ``slow``, ``drop``) it can break the reply itself::

    server.inject(invalid_json(), missing_id(), duplicate_id(), non_string_text())
    server.inject(rewrite(lambda content: ...))   # any change of the parsed reply content
    FakeOpenAIServer(copy_prompt_tags=True)        # a model that copies the prompt's tag example
    FakeOpenAIServer(editor=f)   # a unit sent with "previous" (a stale unit's old Japanese and reviewed
                                 # English) comes back as f(old source, new source, reviewed English)
    server.inject(status(401))      # or set server.api_key and send a wrong key

It is also a judge: a request whose user message has ``pairs`` (see :mod:`l10n.mt.judge`)
is answered with ``{"scores": [...]}``; ``server.scorer(source, draft)`` gives each score
(default: 90, or 30 for a draft that still holds Japanese or starts "Here is").

Fixture: ``from tests.fakes.openai_server import openai_server  # noqa: F401``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from l10n.mt.backends import BackendSettings

from . import Fault, LoopbackServer, Recorded, Reply, pseudo_english

TEST_KEY = "sk-test-0123456789abcdefFAKE"
_GLOSSARY_LINE = re.compile(r"^ {2}(.+) -> (.+)$", re.MULTILINE)


class FakeOpenAIServer(LoopbackServer):
    """Serves chat completions; ``api_key=None`` accepts requests without a key (like Ollama)."""

    def __init__(self, *, api_key: str | None = TEST_KEY, latency: float = 0.0, model: str = "fake-model",
                 copy_prompt_tags: bool = False, editor: Callable[[str, str, str], str] | None = None) -> None:
        super().__init__(latency=latency)
        self.api_key = api_key
        self.model = model
        self.copy_prompt_tags = copy_prompt_tags
        self.editor = editor
        self.total_tokens = 0
        self.scorer = default_score
        self.reason: Any = None  # (source, draft) -> the accuracy reason; default "ok" / "meaning changed"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def settings(self, *, target_lang: str = "EN-US", key: str | None = None, **options: Any) -> BackendSettings:
        """Backend settings pointing at this server, with fast retries and time-outs for tests."""
        merged = {"base_url": self.base_url, "model": self.model, "max_retries": 2, "backoff": 0.0, "timeout": 1.0}
        env = {"OPENAI_API_KEY": key if key is not None else (self.api_key or "")}
        return BackendSettings(source_lang="JA", target_lang=target_lang, options={**merged, **options}, env=env)

    def completion_requests(self) -> list[Recorded]:
        return self.requests_to("/v1/chat/completions", "POST")

    def route(self, record: Recorded) -> Reply:
        if self.api_key is not None and record.headers.get("Authorization") != f"Bearer {self.api_key}":
            return Reply(401, self.error_body(401))
        if record.path != "/v1/chat/completions" or record.method != "POST":
            return Reply(404, {"error": {"message": f"no route {record.method} {record.path}"}})
        pairs = _pairs(record.body)
        if pairs is not None:
            return self._judge(record, pairs)
        try:
            system, units = _prompt(record.body)
        except (KeyError, TypeError, ValueError) as exc:
            return Reply(400, {"error": {"message": f"cannot read the prompt: {exc}", "type": "invalid_request_error"}})
        terms = [(m.group(1), m.group(2)) for m in _GLOSSARY_LINE.finditer(system)]
        translations = [{"id": unit["id"], "text": self._translation(unit, terms)} for unit in units]
        if self.copy_prompt_tags:
            translations = [{**t, "text": _as_in_prompt(t["text"], system)} for t in translations]
        record.texts = [unit["text"] for unit in units]
        record.billed = sum(len(text) for text in record.texts)
        prompt_tokens = sum(len(str(m.get("content", ""))) for m in record.body["messages"]) // 2
        completion_tokens = sum(len(t["text"]) for t in translations) // 4 + 1
        with self._lock:
            self.total_tokens += prompt_tokens + completion_tokens
        return Reply(200, _completion(self.model, {"translations": translations}, prompt_tokens, completion_tokens))

    def judge_requests(self) -> list[Recorded]:
        """The completion requests that asked for scores (``texts``: "source => draft" of each pair)."""
        return [r for r in self.completion_requests() if _pairs(r.body) is not None]

    def _judge(self, record: Recorded, pairs: list[dict[str, Any]]) -> Reply:
        scores = []
        for pair in pairs:
            score = self.scorer(pair["source"], pair["draft"])
            reason = self.reason(pair["source"], pair["draft"]) if self.reason else \
                "ok" if score >= 80 else "meaning changed"
            scores.append({"id": pair["id"], "score": score, "accuracy": reason, "fluency": "ok",
                           "terminology": "ok", "formatting": "ok"})
        record.texts = [f"{pair['source']} => {pair['draft']}" for pair in pairs]
        record.billed = sum(len(pair["source"]) + len(pair["draft"]) for pair in pairs)
        tokens = sum(len(str(m.get("content", ""))) for m in record.body["messages"]) // 2
        with self._lock:
            self.total_tokens += tokens + 10
        return Reply(200, _completion(self.model, {"scores": scores}, tokens, 10))

    def _translation(self, unit: dict[str, Any], terms: list[tuple[str, str]]) -> str:
        previous = unit.get("previous")
        if self.editor is not None and isinstance(previous, dict):
            return self.editor(previous["source"], unit["text"], previous["translation"])
        return pseudo_english(unit["text"], terms)

    def error_body(self, code: int) -> Any:
        if code == 401:
            # Like OpenAI: the message echoes part of the wrong key, which we must not show.
            shown = f"{self.api_key[:6]}***{self.api_key[-4:]}" if self.api_key else "***"
            return {"error": {"message": f"Incorrect API key provided: {shown}.", "code": "invalid_api_key"}}
        return {"error": {"message": f"injected fault {code}", "type": "server_error"}}


_EXAMPLE_TAG = re.compile(r"<(a|img)(\d+)>")
_ID_TAG = re.compile(r'<(a|img) id="(\d+)">(.*?)</\1>')


def _as_in_prompt(text: str, system: str) -> str:
    """What a model that copies the prompt's example does: links and images written the way the
    example writes them (``<a1>…</a1>`` if the prompt shows that, else as sent)."""
    if not _EXAMPLE_TAG.search(system):
        return text
    return _ID_TAG.sub(lambda m: f"<{m.group(1)}{m.group(2)}>{m.group(3)}</{m.group(1)}{m.group(2)}>", text)


def default_score(source: str, draft: str) -> int:
    return 30 if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", draft) or draft.startswith("Here is") else 90


def _pairs(body: Any) -> list[dict[str, Any]] | None:
    try:
        user = next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")
        data = json.loads(user)
    except (KeyError, TypeError, ValueError, StopIteration):
        return None
    return list(data["pairs"]) if isinstance(data, dict) and "pairs" in data else None


def _prompt(body: Any) -> tuple[str, list[dict[str, Any]]]:
    messages = body["messages"]
    system = next((m["content"] for m in messages if m["role"] == "system"), "")
    user = next(m["content"] for m in reversed(messages) if m["role"] == "user")
    return system, list(json.loads(user)["units"])


def _completion(model: str, content: Any, prompt_tokens: int, completion_tokens: int) -> dict[str, Any]:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def rewrite(change: Any) -> Fault:
    """A fault that serves the normal reply with its content rewritten by ``change``."""

    def mutate(body: Any) -> Any:
        message = body["choices"][0]["message"]
        message["content"] = change(json.loads(message["content"]))
        return body

    return Fault("reply", mutate=mutate, path="/v1/chat/completions")


def invalid_json() -> Fault:
    return rewrite(lambda content: "Sure! Here are the translations: " + json.dumps(content)[:20])


def missing_id() -> Fault:
    return rewrite(lambda content: json.dumps({"translations": content["translations"][:-1]}))


def duplicate_id() -> Fault:
    return rewrite(lambda content: json.dumps({"translations": content["translations"] + content["translations"][:1]}))


def non_string_text() -> Fault:
    return rewrite(lambda content: json.dumps({"translations": [{**t, "text": 1} for t in content["translations"]]}))


def no_choices() -> Fault:
    def mutate(body: Any) -> Any:
        return {**body, "choices": []}

    return Fault("reply", mutate=mutate, path="/v1/chat/completions")


@contextmanager
def run_openai_server(**kwargs: Any) -> Iterator[FakeOpenAIServer]:
    """Start a :class:`FakeOpenAIServer` for the duration of a ``with`` block."""
    server = FakeOpenAIServer(**kwargs)
    with server:
        yield server


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    """A running fake OpenAI-compatible server, stopped after the test."""
    with run_openai_server() as server:
        yield server
