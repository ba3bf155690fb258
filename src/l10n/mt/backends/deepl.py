"""DeepL backend (``backend = "deepl"``) on top of the official ``deepl`` client.

The key comes from ``DEEPL_AUTH_KEY``; the client picks api-free.deepl.com for keys
ending in ``:fx`` and api.deepl.com otherwise, unless ``server_url`` is set (proxies,
tests). Options (``[tool.l10n.backends.deepl]``), all optional:

``server_url``, ``timeout`` (s, default 30), ``max_retries`` (default 4), ``backoff``
(first retry delay in s, default 1.0, doubled each retry up to ``backoff_max`` = 30),
``context_mode`` (``merge`` | ``paragraph`` | ``none``, see :func:`plan_calls`),
``split_sentences`` (default ``nonewlines``), ``formality``, ``max_batch_texts`` (texts per
batch, at most and by default 50).

Decisions, and why:

- ``split_sentences="nonewlines"``: a unit is usually one sentence already, so DeepL's
  splitter has nothing to do; but in paragraph mode a unit is a whole Markdown
  paragraph whose soft line breaks are not sentence ends. ``"0"`` would make DeepL
  translate a long paragraph as one sentence (worse quality), ``"1"`` would treat each
  wrapped line as a sentence. ``nonewlines`` is also DeepL's default for XML tag handling.
- Context: DeepL takes one ``context`` per request and does not bill it. One request
  per paragraph would need ~200 requests for 1,000 sentences (5 s at 8 x 200 ms), so by
  default (``merge``) a request carries up to 50 texts and the distinct paragraphs of
  those texts, joined, as its context: every sentence still sees its own paragraph
  (plus its neighbours when the orchestrator keeps a post's units together) and 1,000
  units take 20 requests. ``paragraph`` sends one request per distinct paragraph
  (exact context, many requests); ``none`` sends no context.
- Retries: the ``deepl`` client keeps its retry count and time-out in module globals.
  We set ``max_network_retries = 0`` and retry with the shared kit
  (:mod:`l10n.mt.backends.retry`: jitter, ``Retry-After``, cancellable waits) instead,
  and map every failure to a :class:`BackendError` once. ``min_connection_timeout`` is
  set from ``timeout``; being global, the last translator constructed wins (one per
  process in practice). The client never waits less than ~1 s (its own first back-off
  deadline). The client drops response headers, so a small transport adapter keeps
  the last ``Retry-After`` of each thread.
- Glossaries are named after a digest of their content; when a new version is created,
  the older versions of the same language pair made by l10n are deleted (they are
  useless and DeepL limits the number an account keeps).
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import deepl
import requests
from deepl.api_data import MultilingualGlossaryDictionaryEntries, MultilingualGlossaryInfo

from l10n import __version__
from l10n.errors import BackendError
from l10n.mt.backends import secrets
from l10n.mt.backends.protocol import BackendSettings, BatchResult, Draft, Request
from l10n.mt.backends.retry import Cancelled, Retrier, RetryLater, RetryPolicy
from l10n.mt.glossary import Glossary, compute_digest

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_TEXTS = 50  # DeepL's limit of texts per /v2/translate request
BODY_BUDGET = 96 * 1024  # DeepL rejects bodies over 128 KiB; stay well under
MAX_CONTEXT_CHARS = 5000
# Advice for the orchestrator, in bytes of the texts as sent: the client JSON-encodes
# with ensure_ascii, so a Japanese character costs 6 bytes (\uXXXX). 32 KiB of texts
# (~5,000 characters, 50 long sentences) leaves room for the merged context (at most
# 5,000 characters, 30 KB) inside BODY_BUDGET; plan_calls splits bigger batches anyway.
MAX_BATCH_BYTES = 32 * 1024
_OVERHEAD = 512
# One unit alone: what fits in a request beside the largest context (both JSON-escaped).
MAX_UNIT_BYTES = BODY_BUDGET - _OVERHEAD - (6 * MAX_CONTEXT_CHARS + 4)
_CONTEXT_MODES = ("merge", "paragraph", "none")

_globals_lock = threading.Lock()


def _configure_client_module(timeout: float) -> None:
    with _globals_lock:
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = timeout


Call = tuple[tuple[Request, ...], str | None]


def plan_calls(
    batch: Sequence[Request],
    *,
    mode: str = "merge",
    max_texts: int = MAX_TEXTS,
    max_bytes: int = BODY_BUDGET,
    max_context_chars: int = MAX_CONTEXT_CHARS,
) -> list[Call]:
    """Split a batch into HTTP requests: (texts, context) pairs within DeepL's limits.

    ``merge`` keeps the batch order and joins the distinct paragraphs of a request into
    its context; ``paragraph`` groups texts by paragraph, one context per request;
    ``none`` sends no context. Every mode keeps each request under ``max_texts`` texts
    and ``max_bytes`` of JSON body (as the client encodes it); a single text too big for
    that raises a non-retryable :class:`BackendError`.
    """
    ordered = list(batch)
    if mode == "paragraph":
        first_seen: dict[str | None, int] = {}
        for request in batch:
            first_seen.setdefault(request.context, len(first_seen))
        ordered.sort(key=lambda request: first_seen[request.context])  # stable: order kept within a paragraph
    calls: list[Call] = []
    chunk = _Chunk()
    for request in ordered:
        # A paragraph longer than the cap is cut: the context is a hint, not content.
        context = None if mode == "none" or not request.context else request.context[:max_context_chars]
        if chunk.requests and not chunk.fits(request, context, mode, max_texts, max_bytes, max_context_chars):
            calls.append(chunk.call(max_context_chars))
            chunk = _Chunk()
        chunk.add(request, context)
        if chunk.size > max_bytes:
            raise BackendError(
                f"unit {request.id} is too long for one DeepL request ({chunk.size} bytes as JSON, limit {max_bytes})",
                retryable=False,
                hint="split the paragraph, or use unit = 'sentence'",
            )
    if chunk.requests:
        calls.append(chunk.call(max_context_chars))
    return calls


class _Chunk:
    """The texts of one request being planned, with its running body size."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.contexts: list[str] = []
        self.size = _OVERHEAD

    def fits(
        self, request: Request, context: str | None, mode: str, max_texts: int, max_bytes: int, max_context: int
    ) -> bool:
        if len(self.requests) >= max_texts:
            return False
        if mode == "paragraph" and context != (self.contexts[0] if self.contexts else None):
            return False
        new = context is not None and context not in self.contexts
        added = _json_size(request.text) + (_json_size(context) if new and context else 0)
        if self.size + added > max_bytes:
            return False
        return not (new and context and sum(len(c) + 2 for c in self.contexts) + len(context) > max_context)

    def add(self, request: Request, context: str | None) -> None:
        self.requests.append(request)
        self.size += _json_size(request.text)
        if context is not None and context not in self.contexts:
            self.contexts.append(context)
            self.size += _json_size(context)

    def call(self, max_context_chars: int) -> Call:
        return tuple(self.requests), "\n\n".join(self.contexts)[:max_context_chars] or None


def _json_size(text: str) -> int:
    # requests encodes with json.dumps' defaults (ensure_ascii): Japanese costs 6 bytes a char.
    return len(json.dumps(text)) + 2


class _RetryAfterAdapter(requests.adapters.HTTPAdapter):
    """Keeps the ``Retry-After`` header of each thread's last response (the client drops headers)."""

    def __init__(self, seen: threading.local) -> None:
        super().__init__()
        self.seen = seen

    def build_response(self, req: Any, resp: Any) -> requests.Response:
        response = super().build_response(req, resp)
        self.seen.retry_after = _seconds(response.headers.get("Retry-After"))
        return response


def _seconds(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0  # an HTTP date: rare for this API, so our own back-off decides


class DeepLTranslator:
    """Translate batches with DeepL; safe to call from several threads at once."""

    name = "deepl"
    max_batch_texts = MAX_TEXTS
    max_batch_bytes = MAX_BATCH_BYTES
    max_unit_bytes = MAX_UNIT_BYTES

    def __init__(self, settings: BackendSettings, *, sleep: Callable[[float], None] | None = None,
                 rng: Callable[[], float] = random.random) -> None:
        options = settings.options
        self._key = _auth_key(settings)
        secrets.add(self._key)
        self.server_url: str | None = options.get("server_url")
        self.source_lang = settings.source_lang.upper()
        self.target_lang = settings.target_lang.upper()
        self.context_mode = str(options.get("context_mode", "merge"))
        if self.context_mode not in _CONTEXT_MODES:
            raise BackendError(
                f"unknown DeepL context_mode {self.context_mode!r}",
                retryable=False,
                hint=f"choose one of: {', '.join(_CONTEXT_MODES)}",
            )
        # Smaller batches than DeepL allows: more, shorter requests (tests use it to get many).
        self.max_batch_texts = max(1, min(MAX_TEXTS, int(options.get("max_batch_texts", MAX_TEXTS))))
        self.split_sentences = str(options.get("split_sentences", "nonewlines"))
        self.formality: str | None = options.get("formality")
        self.retrier = Retrier(RetryPolicy.from_options(options), name="DeepL", sleep=sleep, rng=rng)
        _configure_client_module(float(options.get("timeout", 30.0)))
        self._local = threading.local()
        self._clients: list[deepl.DeepLClient] = []
        self._clients_lock = threading.Lock()
        self._glossary_lock = threading.Lock()
        self._glossary_ids: dict[str, str] = {}

    def __repr__(self) -> str:
        account = "free" if deepl.util.auth_key_is_free_account(self._key) else "pro"
        return (
            f"DeepLTranslator(account={account!r}, server_url={self.server_url!r}, "
            f"{self.source_lang}->{self.target_lang}, context_mode={self.context_mode!r})"
        )

    def translate(self, batch: Sequence[Request], *, glossary: Glossary | None = None) -> BatchResult:
        """Translate ``batch`` (any size: it is split into requests within DeepL's limits).

        After :meth:`cancel`, the requests not yet sent are not sent: the result then holds
        the drafts of the requests that were (they are paid for).
        """
        glossary_id = self.sync_glossary(glossary) if glossary is not None and glossary.entries else None
        drafts: list[Draft] = []
        billed = 0
        for requests_, context in plan_calls(batch, mode=self.context_mode):
            texts = [request.text for request in requests_]
            try:
                results = self._call("translate",
                                     lambda client: self._translate_texts(client, texts, context, glossary_id))
            except Cancelled as exc:
                if not drafts:
                    raise
                return BatchResult(tuple(drafts), billed, problems=(str(exc),))
            if len(results) != len(texts):
                raise BackendError(f"DeepL returned {len(results)} translations for {len(texts)} texts", retryable=True)
            drafts += [Draft(request.id, result.text) for request, result in zip(requests_, results)]
            billed += sum(result.billed_characters for result in results)
        order = {request.id: n for n, request in enumerate(batch)}
        return BatchResult(tuple(sorted(drafts, key=lambda draft: order[draft.id])), billed)

    def _translate_texts(
        self, client: deepl.DeepLClient, texts: list[str], context: str | None, glossary_id: str | None
    ) -> list[deepl.TextResult]:
        result = client.translate_text(
            texts,
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            context=context,
            split_sentences=self.split_sentences,
            preserve_formatting=True,
            tag_handling="xml",
            # <x id="N"/> placeholders stand for code, links and the like: never touch them.
            ignore_tags=["x"],
            glossary=glossary_id,
            formality=self.formality,
        )
        return result if isinstance(result, list) else [result]

    def sync_glossary(self, glossary: Glossary) -> str:
        """Id of a DeepL glossary with ``glossary``'s entries, created only if none has its name.

        The name carries the content digest, so an edited TSV file makes a new glossary
        and an unchanged one is found by listing (one GET per process, then cached).
        """
        if not glossary.entries:
            raise ValueError("an empty glossary cannot be synced to DeepL")
        name = self._glossary_name(glossary)
        with self._glossary_lock:  # held across the HTTP calls so two threads never both create it
            if name not in self._glossary_ids:
                self._glossary_ids[name] = self._find_or_create_glossary(name, glossary)
            return self._glossary_ids[name]

    def _pair(self) -> tuple[str, str]:
        # DeepL glossaries are per language, not per variant: EN serves EN-US and EN-GB.
        return self.source_lang.split("-")[0].upper(), self.target_lang.split("-")[0].upper()

    def _glossary_name(self, glossary: Glossary) -> str:
        digest = glossary.digest or compute_digest(glossary.entries)
        return f"l10n {'-'.join(self._pair())} {digest}"

    def _find_or_create_glossary(self, name: str, glossary: Glossary) -> str:
        pair = self._pair()
        listed = self._call("list glossaries", lambda client: client.list_multilingual_glossaries())
        ours = [info for info in listed if any((d.source_lang.upper(), d.target_lang.upper()) == pair
                                               for d in info.dictionaries)]
        found = next((str(info.glossary_id) for info in ours if info.name == name), None)
        if found is None:
            dictionary = MultilingualGlossaryDictionaryEntries(pair[0], pair[1], dict(glossary.entries))
            created = self._call("create glossary",
                                 lambda client: client.create_multilingual_glossary(name, [dictionary]))
            logger.info("created DeepL glossary %r with %d entries", name, len(glossary.entries))
            found = str(created.glossary_id)
        prefix = name.rsplit(" ", 1)[0] + " "
        for info in ours:  # older versions of this glossary: replaced, so deleted
            if info.name != name and info.name.startswith(prefix):
                self._delete_glossary(info)
        return found

    def _delete_glossary(self, info: MultilingualGlossaryInfo) -> None:
        self._call("delete glossary", lambda client: client.delete_multilingual_glossary(info))
        logger.info("deleted the replaced DeepL glossary %r", info.name)

    def usage(self) -> tuple[int, int | None]:
        """Characters used in this billing period and the account's limit."""
        usage = self._call("usage", lambda client: client.get_usage())
        return usage.character.count or 0, usage.character.limit

    def cancel(self) -> None:
        """Stop sending: no new request or retry from now on (see SupportsCancel)."""
        self.retrier.cancel()

    def close(self) -> None:
        """Close the HTTP sessions of every thread's client."""
        with self._clients_lock:
            for client in self._clients:
                client.close()
            self._clients.clear()
        self._local = threading.local()

    def _client(self) -> deepl.DeepLClient:
        # One client (one requests.Session) per thread: Session is not documented as
        # thread-safe, and a shared one would also cap us at its pool of 10 connections.
        client: deepl.DeepLClient | None = getattr(self._local, "client", None)
        if client is None:
            client = deepl.DeepLClient(self._key, server_url=self.server_url, send_platform_info=False)
            client.set_app_info("l10n-blog", __version__)
            session = getattr(getattr(client, "_client", None), "_session", None)
            if isinstance(session, requests.Session):  # private attribute: without it, no Retry-After
                adapter = _RetryAfterAdapter(self._local)
                session.mount("http://", adapter)
                session.mount("https://", adapter)
            self._local.client = client
            with self._clients_lock:
                self._clients.append(client)
        return client

    def _call(self, what: str, action: Callable[[deepl.DeepLClient], T]) -> T:
        def attempt() -> T:
            self._local.retry_after = 0.0
            try:
                return action(self._client())
            except (deepl.DeepLException, ValueError, TypeError, KeyError) as exc:
                secrets.scrub_exception(exc)
                error = _wrap(exc, what, self.server_url or "DeepL")
                wait = getattr(self._local, "retry_after", 0.0)
                if error.retryable and wait:
                    raise RetryLater(error.message, retry_after=wait, hint=error.hint) from exc
                raise error from exc

        return self.retrier.call(what, attempt)


def _auth_key(settings: BackendSettings) -> str:
    key = settings.env.get("DEEPL_AUTH_KEY", "").strip()
    if not key:
        raise BackendError(
            "DeepL needs an API key: DEEPL_AUTH_KEY is not set",
            retryable=False,
            hint="export DEEPL_AUTH_KEY=… (from https://www.deepl.com/your-account/keys), or choose another backend",
        )
    return key


def _wrap(exc: Exception, what: str, where: str) -> BackendError:
    if isinstance(exc, deepl.QuotaExceededException):
        return BackendError(
            "DeepL character quota for this billing period is used up (HTTP 456)",
            retryable=False,
            hint="see the usage with `l10n-blog translate --dry-run` or in your DeepL account; "
            "raise the cost limit or upgrade the plan, or wait for the next period",
        )
    if isinstance(exc, deepl.AuthorizationException):
        return BackendError(
            "DeepL rejected the API key (HTTP 403)",
            retryable=False,
            hint="check DEEPL_AUTH_KEY (keys of DeepL API Free end in ':fx')",
        )
    if isinstance(exc, deepl.TooManyRequestsException):
        return BackendError("DeepL is rate-limiting requests (HTTP 429)", retryable=True, hint="lower the concurrency")
    if isinstance(exc, deepl.ConnectionException):
        return BackendError(f"cannot reach {where} ({exc})", retryable=exc.should_retry)
    if isinstance(exc, deepl.DeepLException):
        status = exc.http_status_code
        server_side = status is not None and status >= 500
        return BackendError(f"DeepL {what} failed: {exc}", retryable=exc.should_retry or server_side)
    reason = f"{type(exc).__name__}: {exc}"
    return BackendError(f"DeepL {what} failed: unexpected reply or argument ({reason})", retryable=False)
