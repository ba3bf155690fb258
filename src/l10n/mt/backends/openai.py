"""Backend for any OpenAI-compatible chat-completions server (``backend = "openai"``).

Works with OpenAI, Ollama, vLLM, llama.cpp's server and LM Studio. Options
(``[tool.l10n.backends.openai]``), all optional:

``base_url`` (default ``https://api.openai.com/v1``; e.g. ``http://localhost:11434/v1``
for Ollama), ``model`` (default ``gpt-4o-mini``), ``api_key_env`` (name of the
environment variable with the key, default ``OPENAI_API_KEY``; local servers need
none), ``timeout`` (s, default 120), ``max_retries`` (default 4), ``backoff`` (first
retry delay in s, default 1.0, doubled up to ``backoff_max`` = 30), ``temperature``
(default 0), ``max_batch_texts`` (default 40), ``max_batch_bytes`` (default 16 KiB).

One request translates several units: the system message holds the instructions and
the glossary terms that occur in the batch; the user message is JSON with the units and
their context pieces (title line, paragraphs: each distinct piece sent once per request,
each unit naming its pieces in order; see :mod:`l10n.mt.context`). The system message
is the fixed cost of a request, so batches are large (40 units) and
:mod:`l10n.steps.translate` cuts them between paragraphs. The reply must be
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
import random
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from l10n.mt import redraft
from l10n.mt.backends.chat import ChatClient, InvalidReply, Parsed, content, language_name, parse_items
from l10n.mt.backends.protocol import BackendSettings, BatchResult, Draft, Request
from l10n.mt.glossary import Glossary, terms_in

SYSTEM_PROMPT = """\
You translate Japanese Markdown blog text into {language}.
The user sends JSON: "units" lists {{"id", "text", "context"}}; "context" maps ids to text \
around the units (title, a unit's paragraph, paragraphs before and after), which a unit's \
"context" lists in post order. Context is only to understand: do not translate it.
Rules:
- Translate the "text" of every unit, completely, into natural {language}.
- Keep every XML tag exactly as written, attributes included (for example <b>, </b>, \
<a id="2">, </a>, <img id="3">, </img>), around the words it marks.
- Keep every placeholder such as <x id="1"/> unchanged, once, where it belongs in the translation.
- Keep Markdown syntax, URLs, numbers and inline code unchanged.
{glossary}{redraft}Reply with only a JSON object of the form \
{{"translations": [{{"id": "<unit id>", "text": "<translation>"}}]}} \
that has every unit id exactly once."""


class OpenAITranslator:
    """Translate batches through ``/chat/completions``; safe to call from several threads."""

    name = "openai"

    def __init__(self, settings: BackendSettings, *, sleep: Callable[[float], None] | None = None,
                 rng: Callable[[], float] = random.random, transport: httpx.BaseTransport | None = None) -> None:
        options = settings.options
        self.chat = ChatClient(options, settings.env, sleep=sleep, rng=rng, transport=transport)
        self.base_url, self.model, self.retrier = self.chat.base_url, self.chat.model, self.chat.retrier
        self.target_lang = settings.target_lang
        self.max_batch_texts = int(options.get("max_batch_texts", 40))
        self.max_batch_bytes = int(options.get("max_batch_bytes", 16 * 1024))
        self.reasks = int(options.get("reasks", 2))
        self.temperature = float(options.get("temperature", 0))

    def __repr__(self) -> str:
        return f"OpenAITranslator(base_url={self.base_url!r}, model={self.model!r}, target_lang={self.target_lang!r})"

    def cancel(self) -> None:
        """Stop sending: no new request, re-ask or retry from now on (see SupportsCancel)."""
        self.retrier.cancel()

    def close(self) -> None:
        self.chat.close()

    def translate(self, batch: Sequence[Request], *, glossary: Glossary | None = None) -> BatchResult:
        """Translate ``batch`` in one request, then re-ask only for the units left without a valid text."""
        if not batch:
            return BatchResult((), 0)
        local = {str(n): request for n, request in enumerate(batch, start=1)}
        asked = self.chat.ask(
            list(local), payload=lambda wanted: self._payload([local[key] for key in wanted], wanted, glossary),
            parse=_parse_body, size=lambda wanted: sum(len(local[key].text) for key in wanted),
            reasks=self.reasks, name=self.model, noun="unit(s)")
        texts, problem = asked.items, asked.problem
        drafts = tuple(Draft(request.id, texts[key]) for key, request in local.items() if key in texts)
        missing = len(batch) - len(drafts)
        problems = (f"{self.model} at {self.base_url} gave no valid translation for {missing} unit(s): {problem}",
                    ) if missing else ()
        return BatchResult(drafts, asked.sent, asked.tokens, problems)

    def _payload(self, batch: Sequence[Request], local_ids: list[str], glossary: Glossary | None) -> dict[str, Any]:
        source = "\n".join(request.text for request in batch)
        terms = terms_in(glossary, source) if glossary is not None else []
        user = build_user_message(batch, local_ids)
        edits = any(request.previous for request in batch)
        return {
            "model": self.model,
            "messages": [
                {"role": "system", "content": build_system_prompt(self.target_lang, terms, edits=edits)},
                {"role": "user", "content": user},
            ],
            "response_format": {"type": "json_object"},
            "temperature": self.temperature,
        }


def build_system_prompt(target_lang: str, terms: Sequence[tuple[str, str]], *, edits: bool = False) -> str:
    """Instructions, naming the target language and the glossary terms to use; with ``edits``, the
    minimal-redraft rule for units sent with their previous translation."""
    glossary = ""
    if terms:
        lines = "\n".join(f"  {source} -> {target}" for source, target in terms)
        glossary = f"- Translate these terms as given (glossary):\n{lines}\n"
    return SYSTEM_PROMPT.format(language=language_name(target_lang), glossary=glossary,
                                redraft=redraft.INSTRUCTION if edits else "")


def build_user_message(batch: Sequence[Request], local_ids: Sequence[str]) -> str:
    """The units as JSON; each distinct context piece is sent once and referenced by id."""
    pieces: dict[str, str] = {}  # text -> id
    units = []
    for request, local in zip(batch, local_ids):
        unit: dict[str, object] = {"id": local, "text": request.text}
        around = request.around or ((request.context,) if request.context else ())
        if around:
            unit["context"] = [pieces.setdefault(piece, f"c{len(pieces) + 1}") for piece in around]
        if request.previous:
            unit["previous"] = {"source": request.previous[0], "translation": request.previous[1]}
        units.append(unit)
    message = {"context": {cid: text for text, cid in pieces.items()}, "units": units}
    return json.dumps(message, ensure_ascii=False)


def parse_reply(content: str, ids: Sequence[str]) -> Parsed[str]:
    """The valid translations in the model's JSON reply: ids of ``ids``, once each, with a string text.

    A broken item does not spoil the others; an id given twice is dropped (which of the
    two is meant cannot be known). ``problem`` names the first thing that was wrong.
    """
    return parse_items(content, ids, list_key="translations", what='string "text"',
                       value=lambda item: item["text"] if isinstance(item.get("text"), str) else None)


def _parse_body(body: Any, ids: Sequence[str]) -> Parsed[str]:
    try:
        return parse_reply(content(body), ids)
    except InvalidReply as exc:
        return Parsed({}, str(exc))
