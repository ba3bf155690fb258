"""Backend for any OpenAI-compatible chat-completions server (``backend = "openai"``).

Works with OpenAI, Ollama, vLLM, llama.cpp's server and LM Studio. Options
(``[tool.l10n.backends.openai]``), all optional:

``base_url`` (default ``https://api.openai.com/v1``; e.g. ``http://localhost:11434/v1``
for Ollama), ``model`` (default ``gpt-4o-mini``), ``api_key_env`` (name of the
environment variable with the key, default ``OPENAI_API_KEY``; local servers need
none), ``timeout`` (s, default 120), ``max_retries`` (default 4), ``backoff`` (first
retry delay in s, default 1.0, doubled up to ``backoff_max`` = 30), ``temperature``
(default 0), ``max_batch_texts`` (default 20), ``max_batch_bytes`` (default 16 KiB).

One request translates several units: the system message holds the instructions and
the glossary terms that occur in the batch; the user message is JSON with the units and
their paragraphs (each paragraph sent once). The reply must be
``{"translations": [{"id": ..., "text": ...}]}``; a reply that breaks this contract is
asked for once more, then the batch fails with a retryable :class:`BackendError`.

``billed_chars`` is the number of source characters, to compare with DeepL; LLMs bill
per token, which is reported separately as ``BatchResult.tokens`` when the server
returns ``usage.total_tokens``.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from l10n.errors import BackendError
from l10n.mt.backends import BackendSettings, BatchResult, Draft, Glossary, Request, register
from l10n.mt.glossary import terms_in

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"

SYSTEM_PROMPT = """\
You translate Japanese Markdown blog text into {language}.
The user sends a JSON object: "units" is a list of {{"id", "text", "paragraph"}}; \
"paragraphs" maps each paragraph id to the full paragraph the unit comes from. \
Paragraphs are context only: do not translate them.
Rules:
- Translate the "text" of every unit, completely, into natural {language}.
- Keep every XML tag exactly as written (for example <b>, </b>, <a1>, </a1>) around the words it marks.
- Keep every placeholder such as <x id="1"/> unchanged, once, where it belongs in the translation.
- Keep Markdown syntax, URLs, numbers and inline code unchanged.
{glossary}Reply with only a JSON object of the form \
{{"translations": [{{"id": "<unit id>", "text": "<translation>"}}]}} \
that has every unit id exactly once."""


class _HTTPFailure(BackendError):
    """A retryable HTTP status; ``retry_after`` is the server's requested wait in seconds."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float) -> None:
        super().__init__(message, retryable=retryable)
        self.retry_after = retry_after


class InvalidReply(Exception):
    """The model's reply breaks the JSON contract; the message says how."""


@register("openai")
class OpenAITranslator:
    """Translate batches through ``/chat/completions``; safe to call from several threads."""

    name = "openai"

    def __init__(
        self,
        settings: BackendSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        options = settings.options
        self.base_url = str(options.get("base_url", DEFAULT_BASE_URL)).rstrip("/")
        self.model = str(options.get("model", "gpt-4o-mini"))
        self.key_env = str(options.get("api_key_env", "OPENAI_API_KEY"))
        self._key = settings.env.get(self.key_env, "").strip()
        if not self._key and self.base_url == DEFAULT_BASE_URL:
            raise BackendError(
                f"the OpenAI API needs a key: {self.key_env} is not set",
                retryable=False,
                hint=f"export {self.key_env}=… , or set base_url to a local server such as Ollama",
            )
        self.target_lang = settings.target_lang
        self.max_batch_texts = int(options.get("max_batch_texts", 20))
        self.max_batch_bytes = int(options.get("max_batch_bytes", 16 * 1024))
        self.max_retries = int(options.get("max_retries", 4))
        self.backoff = float(options.get("backoff", 1.0))
        self.backoff_max = float(options.get("backoff_max", 30.0))
        self.temperature = float(options.get("temperature", 0))
        timeout = float(options.get("timeout", 120.0))
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        self._http = httpx.Client(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
        )
        self._sleep = sleep
        self._rng = rng

    def __repr__(self) -> str:
        return f"OpenAITranslator(base_url={self.base_url!r}, model={self.model!r}, target_lang={self.target_lang!r})"

    def close(self) -> None:
        self._http.close()

    def translate(self, batch: Sequence[Request], *, glossary: Glossary | None = None) -> BatchResult:
        """Translate ``batch`` in one request (two if the first reply is invalid)."""
        if not batch:
            return BatchResult((), 0)
        local_ids = [str(index) for index in range(1, len(batch) + 1)]
        payload = self._payload(batch, local_ids, glossary)
        tokens = 0
        problem = ""
        for attempt in (1, 2):
            body = self._post(payload)
            tokens += _total_tokens(body)
            try:
                texts = parse_reply(_content(body), local_ids)
            except InvalidReply as exc:
                problem = str(exc)
                logger.warning("%s gave an invalid reply (attempt %d of 2): %s", self.model, attempt, problem)
                continue
            drafts = tuple(Draft(request.id, texts[local]) for request, local in zip(batch, local_ids))
            return BatchResult(drafts, sum(len(request.text) for request in batch), tokens)
        raise BackendError(
            f"{self.model} at {self.base_url} gave an invalid reply twice: {problem}",
            retryable=True,
            hint="a smaller max_batch_texts or a larger model usually helps",
        )

    def _payload(self, batch: Sequence[Request], local_ids: list[str], glossary: Glossary | None) -> dict[str, Any]:
        source = "\n".join(request.text for request in batch)
        terms = terms_in(glossary, source) if glossary is not None else []
        user = build_user_message(batch, local_ids)
        return {
            "model": self.model,
            "messages": [
                {"role": "system", "content": build_system_prompt(self.target_lang, terms)},
                {"role": "user", "content": user},
            ],
            "response_format": {"type": "json_object"},
            "temperature": self.temperature,
        }

    def _post(self, payload: dict[str, Any]) -> Any:
        attempt = 0
        while True:
            try:
                return self._attempt(payload)
            except BackendError as error:
                if not error.retryable or attempt >= self.max_retries:
                    raise
                delay = min(self.backoff_max, self.backoff * 2**attempt) * (0.5 + self._rng() / 2)
                if isinstance(error, _HTTPFailure):
                    delay = max(delay, min(error.retry_after, self.backoff_max))
                attempt += 1
                logger.info("%s failed (%s); retry %d of %d in %.2f s", self.base_url, error, attempt,
                            self.max_retries, delay)
            self._sleep(delay)

    def _attempt(self, payload: dict[str, Any]) -> Any:
        """One POST; returns the reply's JSON or raises BackendError."""
        try:
            response = self._http.post("chat/completions", json=payload)
        except httpx.TimeoutException as exc:
            message = f"{self.base_url} did not answer in time ({type(exc).__name__})"
            raise BackendError(message, retryable=True) from exc
        except httpx.TransportError as exc:
            reason = _scrubbed(str(exc), self._key)
            raise BackendError(f"cannot reach {self.base_url} ({reason})", retryable=True) from exc
        if not response.is_success:
            raise self._status_error(response)
        try:
            return response.json()
        except ValueError:
            # Not the model's fault: the server itself sent garbage; a retry may help.
            raise BackendError(f"{self.base_url} sent a response that is not JSON", retryable=True) from None

    def _status_error(self, response: httpx.Response) -> BackendError:
        status = response.status_code
        retry_after = _retry_after(response)
        where = f"{self.base_url} (HTTP {status})"
        if status in (401, 403):
            # The server's own message is left out: OpenAI echoes part of a wrong key.
            return BackendError(f"{where} rejected the API key", retryable=False, hint=f"check {self.key_env}")
        detail = _scrubbed(_server_message(response), self._key)
        if status == 429 and "insufficient_quota" in detail:
            return BackendError(f"{where}: quota used up ({detail})", retryable=False, hint="check plan and billing")
        if status == 429 or status >= 500:
            return _HTTPFailure(f"{where}: server busy or failing ({detail})", retryable=True, retry_after=retry_after)
        hint = "check base_url (it usually ends in /v1) and model" if status == 404 else None
        return BackendError(f"{where} refused the request: {detail}", retryable=False, hint=hint)


def build_system_prompt(target_lang: str, terms: Sequence[tuple[str, str]]) -> str:
    """Instructions, naming the target language and the glossary terms to use."""
    glossary = ""
    if terms:
        lines = "\n".join(f"  {source} -> {target}" for source, target in terms)
        glossary = f"- Translate these terms as given (glossary):\n{lines}\n"
    return SYSTEM_PROMPT.format(language=_language_name(target_lang), glossary=glossary)


def build_user_message(batch: Sequence[Request], local_ids: Sequence[str]) -> str:
    """The units as JSON; each distinct paragraph is sent once and referenced by id."""
    paragraphs: dict[str, str] = {}
    units = []
    for request, local in zip(batch, local_ids):
        unit = {"id": local, "text": request.text}
        if request.context:
            if request.context not in paragraphs:
                paragraphs[request.context] = f"p{len(paragraphs) + 1}"
            unit["paragraph"] = paragraphs[request.context]
        units.append(unit)
    message = {"paragraphs": {pid: text for text, pid in paragraphs.items()}, "units": units}
    return json.dumps(message, ensure_ascii=False)


def parse_reply(content: str, ids: Sequence[str]) -> dict[str, str]:
    """Check the model's JSON reply: each of ``ids`` exactly once with a string text."""
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise InvalidReply(f"the reply is not JSON ({exc})") from None
    items = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InvalidReply('the reply has no "translations" list')
    found: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InvalidReply(f'translation #{number} has no string "text"')
        raw_id = item.get("id")
        key = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else None
        if key is None or key not in ids:
            raise InvalidReply(f"translation #{number} has an unknown id {raw_id!r}")
        if key in found:
            raise InvalidReply(f"id {key!r} appears more than once")
        found[key] = item["text"]
    missing = [key for key in ids if key not in found]
    if missing:
        raise InvalidReply(f"the reply is missing id(s) {', '.join(missing)}")
    return found


def _content(body: Any) -> str:
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise InvalidReply("the response has no choices[0].message.content") from None
    if not isinstance(content, str):
        raise InvalidReply("choices[0].message.content is not a string")
    return content


def _total_tokens(body: Any) -> int:
    usage = body.get("usage") if isinstance(body, dict) else None
    tokens = usage.get("total_tokens") if isinstance(usage, dict) else None
    return tokens if isinstance(tokens, int) else 0


def _server_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return response.text[:300] or response.reason_phrase
    if isinstance(error, dict):
        return " ".join(str(error.get(key)) for key in ("code", "message") if error.get(key))[:300]
    return str(error)[:300]


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("retry-after", "0")))
    except ValueError:
        return 0.0  # an HTTP date: rare for these APIs, so fall back to our own back-off


def _scrubbed(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text


def _language_name(code: str) -> str:
    try:
        from l10n.core.locales import display_name

        return f"{display_name(code)} ({code})"
    except Exception:  # babel missing or an id it does not know: the code still tells the model
        return code
