"""The one client of OpenAI-compatible ``/chat/completions`` servers: HTTP, key, retries, errors.

Used by the translator (:mod:`l10n.mt.backends.openai`) and the judge
(:mod:`l10n.mt.judge`). Options (a backend's table or ``[judge]``): ``base_url``
(default ``https://api.openai.com/v1``), ``model``, ``api_key_env`` (default
``OPENAI_API_KEY``; local servers need no key), ``timeout`` (s, default 120) and the
retry options of :mod:`l10n.mt.backends.retry`. The key is registered with the secret
scrubber as soon as it is read; a 401/403 never shows the server's message (OpenAI
echoes part of a wrong key).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

import httpx

from l10n.errors import BackendError
from l10n.mt.backends import secrets
from l10n.mt.backends.retry import Cancelled, Retrier, RetryLater, RetryPolicy

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
T = TypeVar("T")


class InvalidReply(Exception):
    """The model's reply breaks the JSON contract as a whole; the message says how."""


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """The valid items of a reply (local id -> value) and what was wrong with the rest."""

    texts: dict[str, T]
    problem: str | None = None


@dataclass(frozen=True)
class Asked(Generic[T]):
    """What :meth:`ChatClient.ask` got: valid items by local id, what was sent, the last problem."""

    items: dict[str, T]
    sent: int  # what the caller counts per request (billed characters), re-asks included
    tokens: int
    problem: str | None


class ChatClient:
    """POSTs chat completions to one server and model; safe to call from several threads."""

    def __init__(self, options: Mapping[str, Any], env: Mapping[str, str], *, default_model: str = "gpt-4o-mini",
                 sleep: Callable[[float], None] | None = None, rng: Callable[[], float] | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = str(options.get("base_url", DEFAULT_BASE_URL)).rstrip("/")
        self.model = str(options.get("model", default_model))
        self.key_env = str(options.get("api_key_env", "OPENAI_API_KEY"))
        self._key = env.get(self.key_env, "").strip()
        if not self._key and self.base_url == DEFAULT_BASE_URL:
            raise BackendError(
                f"the OpenAI API needs a key: {self.key_env} is not set",
                retryable=False,
                hint=f"export {self.key_env}=… , or set base_url to a local server such as Ollama",
            )
        secrets.add(self._key)
        extra = {"rng": rng} if rng is not None else {}
        self.retrier = Retrier(RetryPolicy.from_options(options), name=self.base_url, sleep=sleep, **extra)
        timeout = float(options.get("timeout", 120.0))
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        self._http = httpx.Client(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
        )

    def cancel(self) -> None:
        """No new request or retry from now on (first Ctrl-C)."""
        self.retrier.cancel()

    def close(self) -> None:
        self._http.close()

    def complete(self, payload: dict[str, Any], what: str = "chat completion") -> Any:
        """POST ``payload`` (retried as the policy says); the reply's JSON, or BackendError."""
        return self.retrier.call(what, partial(self._attempt, payload))

    def ask(self, ids: Sequence[str], *, payload: Callable[[list[str]], dict[str, Any]],
            parse: Callable[[Any, list[str]], Parsed[T]], size: Callable[[list[str]], int], reasks: int,
            name: str, noun: str, what: str = "chat completion") -> Asked[T]:
        """Ask for every id, then re-ask only for the ids still without a valid item, ``reasks`` times at most.

        A Ctrl-C (:class:`Cancelled`) before the first reply propagates; during a re-ask it ends
        the asking with the items already got.
        """
        items: dict[str, T] = {}
        sent = tokens = 0
        problem: str | None = None
        for attempt in range(1 + reasks):
            wanted = [key for key in ids if key not in items]
            if not wanted:
                break
            try:
                body = self.complete(payload(wanted), what)
            except Cancelled as exc:
                if attempt == 0:
                    raise
                problem = str(exc)
                break
            sent += size(wanted)
            tokens += total_tokens(body)
            parsed = parse(body, wanted)
            items.update(parsed.texts)
            problem = parsed.problem
            if problem:
                logger.warning("%s gave an invalid reply for %d of %d %s (attempt %d of %d): %s", name,
                               len(wanted) - len(parsed.texts), len(wanted), noun, attempt + 1, 1 + reasks, problem)
        return Asked(items, sent, tokens, problem)

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


def parse_items(content: str, ids: Sequence[str], *, list_key: str, value: Callable[[dict[str, Any]], T | None],
                what: str) -> Parsed[T]:
    """The valid items of a JSON reply ``{list_key: [{"id": ..., ...}]}``: ids of ``ids``, once each.

    ``value`` turns a valid item into its value (None: the item is broken, message
    ``#n has no valid {what}``). A broken item does not spoil the others; an id given
    twice is dropped (which of the two is meant cannot be known). ``problem`` names the
    first thing that was wrong.
    """
    try:
        data = json.loads(content)
    except ValueError as exc:
        return Parsed({}, f"the reply is not JSON ({exc})")
    items = data.get(list_key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return Parsed({}, f'the reply has no "{list_key}" list')
    found: dict[str, T] = {}
    twice: set[str] = set()
    problems: list[str] = []
    for number, item in enumerate(items, start=1):
        got = value(item) if isinstance(item, dict) else None
        if got is None:
            problems.append(f"{list_key[:-1]} #{number} has no {what}")
            continue
        raw_id = item.get("id")
        key = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else None
        if key is None or key not in ids:
            problems.append(f"{list_key[:-1]} #{number} has an unknown id {raw_id!r}")
        elif key in found or key in twice:
            problems.append(f"id {key!r} appears more than once")
            twice.add(key)
            found.pop(key, None)
        else:
            found[key] = got
    missing = [key for key in ids if key not in found and key not in twice]
    if missing:
        problems.append(f"the reply is missing id(s) {', '.join(missing)}")
    return Parsed(found, problems[0] if problems else None)


def content(body: Any) -> str:
    """The model's message text in a completion; InvalidReply when there is none."""
    try:
        text = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise InvalidReply("the response has no choices[0].message.content") from None
    if not isinstance(text, str):
        raise InvalidReply("choices[0].message.content is not a string")
    return text


def total_tokens(body: Any) -> int:
    usage = body.get("usage") if isinstance(body, dict) else None
    tokens = usage.get("total_tokens") if isinstance(usage, dict) else None
    return tokens if isinstance(tokens, int) else 0


def language_name(code: str) -> str:
    """``English (en)`` for a prompt; the bare code when babel does not know it."""
    try:
        from l10n.core.locales import display_name

        return f"{display_name(code)} ({code})"
    except Exception:  # babel missing or an id it does not know: the code still tells the model
        return code


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
