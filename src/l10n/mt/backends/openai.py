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
``{"translations": [{"id": ..., "text": ...}]}``. The valid translations of a reply are
kept even when others in it are not (missing, duplicated, not a string) or the JSON is
broken; only the units still without a translation are asked for again, up to
``reasks`` times (default 2). Units that never get a valid translation come back
missing from the result, with the reason in ``BatchResult.problems``: the run goes on.

The prompt's example tags are the tags :mod:`l10n.mt.markup` really emits
(``<a id="1">``, ``<x id="2"/>``): a model copies the example's form.

``billed_chars`` is the number of source characters, to compare with DeepL; LLMs bill
per token, which is reported separately as ``BatchResult.tokens`` when the server
returns ``usage.total_tokens``.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx

from l10n.errors import BackendError
from l10n.mt.backends import secrets
from l10n.mt.backends.protocol import BackendSettings, BatchResult, Draft, Request
from l10n.mt.backends.retry import Cancelled, Retrier, RetryLater, RetryPolicy
from l10n.mt.glossary import Glossary, terms_in

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"

SYSTEM_PROMPT = """\
You translate Japanese Markdown blog text into {language}.
The user sends a JSON object: "units" is a list of {{"id", "text", "paragraph"}}; \
"paragraphs" maps each paragraph id to the full paragraph the unit comes from. \
Paragraphs are context only: do not translate them.
Rules:
- Translate the "text" of every unit, completely, into natural {language}.
- Keep every XML tag exactly as written, attributes included (for example <b>, </b>, \
<a id="2">, </a>, <img id="3">, </img>), around the words it marks.
- Keep every placeholder such as <x id="1"/> unchanged, once, where it belongs in the translation.
- Keep Markdown syntax, URLs, numbers and inline code unchanged.
{glossary}Reply with only a JSON object of the form \
{{"translations": [{{"id": "<unit id>", "text": "<translation>"}}]}} \
that has every unit id exactly once."""


class InvalidReply(Exception):
    """The model's reply breaks the JSON contract as a whole; the message says how."""


@dataclass(frozen=True)
class Parsed:
    """The valid translations of a reply (local id -> text) and what was wrong with the rest."""

    texts: dict[str, str]
    problem: str | None = None


class OpenAITranslator:
    """Translate batches through ``/chat/completions``; safe to call from several threads."""

    name = "openai"

    def __init__(self, settings: BackendSettings, *, sleep: Callable[[float], None] | None = None,
                 rng: Callable[[], float] = random.random, transport: httpx.BaseTransport | None = None) -> None:
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
        secrets.add(self._key)
        self.target_lang = settings.target_lang
        self.max_batch_texts = int(options.get("max_batch_texts", 20))
        self.max_batch_bytes = int(options.get("max_batch_bytes", 16 * 1024))
        self.reasks = int(options.get("reasks", 2))
        self.temperature = float(options.get("temperature", 0))
        self.retrier = Retrier(RetryPolicy.from_options(options), name=self.base_url, sleep=sleep, rng=rng)
        timeout = float(options.get("timeout", 120.0))
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        self._http = httpx.Client(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"OpenAITranslator(base_url={self.base_url!r}, model={self.model!r}, target_lang={self.target_lang!r})"

    def cancel(self) -> None:
        """Stop sending: no new request, re-ask or retry from now on (see SupportsCancel)."""
        self.retrier.cancel()

    def close(self) -> None:
        self._http.close()

    def translate(self, batch: Sequence[Request], *, glossary: Glossary | None = None) -> BatchResult:
        """Translate ``batch`` in one request, then re-ask only for the units left without a valid text."""
        if not batch:
            return BatchResult((), 0)
        local = {str(n): request for n, request in enumerate(batch, start=1)}
        texts: dict[str, str] = {}
        billed = tokens = 0
        problem: str | None = None
        for attempt in range(1 + self.reasks):
            wanted = [key for key in local if key not in texts]
            if not wanted:
                break
            payload = self._payload([local[key] for key in wanted], wanted, glossary)
            try:
                body = self.retrier.call("chat completion", partial(self._attempt, payload))
            except Cancelled as exc:
                if attempt == 0:
                    raise
                problem = str(exc)
                break
            billed += sum(len(local[key].text) for key in wanted)
            tokens += _total_tokens(body)
            parsed = _parse_body(body, wanted)
            texts.update(parsed.texts)
            problem = parsed.problem
            if problem:
                logger.warning("%s gave an invalid reply for %d of %d unit(s) (attempt %d of %d): %s", self.model,
                               len(wanted) - len(parsed.texts), len(wanted), attempt + 1, 1 + self.reasks, problem)
        drafts = tuple(Draft(request.id, texts[key]) for key, request in local.items() if key in texts)
        missing = len(batch) - len(drafts)
        problems = (f"{self.model} at {self.base_url} gave no valid translation for {missing} unit(s): {problem}",
                    ) if missing else ()
        return BatchResult(drafts, billed, tokens, problems)

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

    def _attempt(self, payload: dict[str, Any]) -> Any:
        """One POST; returns the reply's JSON or raises BackendError."""
        try:
            response = self._http.post("chat/completions", json=payload)
        except httpx.TimeoutException as exc:
            message = f"{self.base_url} did not answer in time ({type(exc).__name__})"
            raise BackendError(message, retryable=True) from exc
        except httpx.TransportError as exc:
            secrets.scrub_exception(exc)
            raise BackendError(f"cannot reach {self.base_url} ({secrets.scrub(str(exc))})", retryable=True) from exc
        if not response.is_success:
            raise self._status_error(response)
        try:
            return response.json()
        except ValueError:
            # Not the model's fault: the server itself sent garbage; a retry may help.
            raise BackendError(f"{self.base_url} sent a response that is not JSON", retryable=True) from None

    def _status_error(self, response: httpx.Response) -> BackendError:
        status = response.status_code
        where = f"{self.base_url} (HTTP {status})"
        if status in (401, 403):
            # The server's own message is left out: OpenAI echoes part of a wrong key.
            return BackendError(f"{where} rejected the API key", retryable=False, hint=f"check {self.key_env}")
        detail = secrets.scrub(_server_message(response))
        if status == 429 and "insufficient_quota" in detail:
            return BackendError(f"{where}: quota used up ({detail})", retryable=False, hint="check plan and billing")
        if status == 429 or status >= 500:
            return RetryLater(f"{where}: server busy or failing ({detail})", retry_after=_retry_after(response))
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


def parse_reply(content: str, ids: Sequence[str]) -> Parsed:
    """The valid translations in the model's JSON reply: ids of ``ids``, once each, with a string text.

    A broken item does not spoil the others; an id given twice is dropped (which of the
    two is meant cannot be known). ``problem`` names the first thing that was wrong.
    """
    try:
        data = json.loads(content)
    except ValueError as exc:
        return Parsed({}, f"the reply is not JSON ({exc})")
    items = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return Parsed({}, 'the reply has no "translations" list')
    found: dict[str, str] = {}
    twice: set[str] = set()
    problems: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            problems.append(f'translation #{number} has no string "text"')
            continue
        raw_id = item.get("id")
        key = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else None
        if key is None or key not in ids:
            problems.append(f"translation #{number} has an unknown id {raw_id!r}")
        elif key in found or key in twice:
            problems.append(f"id {key!r} appears more than once")
            twice.add(key)
            found.pop(key, None)
        else:
            found[key] = item["text"]
    missing = [key for key in ids if key not in found and key not in twice]
    if missing:
        problems.append(f"the reply is missing id(s) {', '.join(missing)}")
    return Parsed(found, problems[0] if problems else None)


def _parse_body(body: Any, ids: Sequence[str]) -> Parsed:
    try:
        return parse_reply(_content(body), ids)
    except InvalidReply as exc:
        return Parsed({}, str(exc))


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


def _language_name(code: str) -> str:
    try:
        from l10n.core.locales import display_name

        return f"{display_name(code)} ({code})"
    except Exception:  # babel missing or an id it does not know: the code still tells the model
        return code
