"""The judge: a model on an OpenAI-compatible server scores drafts 0–100 with short reasons.

One request scores a batch of (source, draft) pairs. The system message says what to look
at (accuracy, fluency, terminology, formatting) and lists the glossary terms that occur;
the user message is JSON ``{"pairs": [{"id", "source", "draft"}]}``; the reply must be
``{"scores": [{"id", "score", "accuracy", "fluency", "terminology", "formatting"}]}``.
As with translations, the valid verdicts of a reply are kept and only the pairs still
without one are asked for again (``reasks``, default 2). HTTP, key, retries and the
secret scrubber are the OpenAI backend's (:mod:`l10n.mt.backends.chat`).

Options (``[judge]``): those of :class:`~l10n.mt.backends.chat.ChatClient` (``model`` is
required), ``temperature`` (default 0), ``max_batch_texts`` (default 20),
``max_batch_bytes`` (default 16 KiB), ``reasks``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from l10n.mt.backends.chat import ChatClient, InvalidReply, Parsed, content, language_name, parse_items
from l10n.mt.glossary import Glossary, terms_in

ASPECTS = ("accuracy", "fluency", "terminology", "formatting")
_REASON_CHARS = 100  # per aspect: the reasons are a hint for the reviewer, not a review

SYSTEM_PROMPT = """\
You are a strict reviewer of machine translations of a Japanese Markdown blog into {language}.
The user sends a JSON object: "pairs" is a list of {{"id", "source", "draft"}}; "source" is \
Japanese, "draft" its translation. Inline Markdown, URLs, numbers and code must survive.
For every pair give a score from 0 to 100 (100: publish as is; 90: a reviewer would change \
nothing important; 70: needs an edit; below 50: wrong or misleading) and one short reason \
(at most 12 words, or "ok") for each of: accuracy (meaning kept, nothing added or left out), \
fluency (natural {language}), terminology (consistent, glossary followed), formatting \
(Markdown, links, numbers, code kept).
{glossary}Reply with only a JSON object of the form \
{{"scores": [{{"id": "<pair id>", "score": <0-100>, "accuracy": "...", "fluency": "...", \
"terminology": "...", "formatting": "..."}}]}} that has every pair id exactly once."""


@dataclass(frozen=True)
class Pair:
    """One draft to score: ``source`` and ``draft`` as the PO file has them (Markdown)."""

    id: str
    source: str
    draft: str


@dataclass(frozen=True)
class Verdict:
    id: str
    score: int
    reasons: str  # "accuracy: …; fluency: …" for the aspects that are not "ok"; "" when all are


@dataclass(frozen=True)
class Verdicts:
    """The judge's reply to one batch: verdicts of the pairs it scored, and what was sent."""

    verdicts: tuple[Verdict, ...]
    sent_chars: int  # source + draft characters of every request (re-asks included)
    tokens: int = 0
    problems: tuple[str, ...] = ()


class OpenAIJudge:
    """Scores batches of pairs through ``/chat/completions``; safe to call from several threads."""

    def __init__(self, options: Mapping[str, Any], env: Mapping[str, str], *, target_lang: str,
                 sleep: Callable[[float], None] | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.chat = ChatClient(options, env, sleep=sleep, transport=transport)
        self.model = self.chat.model
        self.name = f"judge {self.model}"
        self.target_lang = target_lang
        self.max_batch_texts = int(options.get("max_batch_texts", 20))
        self.max_batch_bytes = int(options.get("max_batch_bytes", 16 * 1024))
        self.reasks = int(options.get("reasks", 2))
        self.temperature = float(options.get("temperature", 0))

    def __repr__(self) -> str:
        return f"OpenAIJudge(base_url={self.chat.base_url!r}, model={self.model!r})"

    def cancel(self) -> None:
        self.chat.cancel()

    def close(self) -> None:
        self.chat.close()

    def judge(self, batch: Sequence[Pair], *, glossary: Glossary | None = None) -> Verdicts:
        """Score ``batch`` in one request, then re-ask only for the pairs left without a valid verdict."""
        local = {str(n): pair for n, pair in enumerate(batch, start=1)}
        asked = self.chat.ask(
            list(local), payload=lambda wanted: self.payload([local[key] for key in wanted], wanted, glossary),
            parse=_parse_body, size=lambda wanted: sum(len(local[k].source) + len(local[k].draft) for k in wanted),
            reasks=self.reasks, name=self.name, noun="draft(s)", what="judge request")
        verdicts = tuple(Verdict(pair.id, v.score, v.reasons) for key, pair in local.items()
                         if (v := asked.items.get(key)) is not None)
        problem = asked.problem
        missing = len(batch) - len(verdicts)
        problems = (f"{self.name} at {self.chat.base_url} gave no valid score for {missing} draft(s): {problem}",
                    ) if missing else ()
        return Verdicts(verdicts, asked.sent, asked.tokens, problems)

    def payload(self, batch: Sequence[Pair], local_ids: Sequence[str], glossary: Glossary | None) -> dict[str, Any]:
        """The request for ``batch`` (also what ``--dry-run`` measures)."""
        source = "\n".join(pair.source for pair in batch)
        terms = terms_in(glossary, source) if glossary is not None else []
        pairs = [{"id": key, "source": pair.source, "draft": pair.draft} for key, pair in zip(local_ids, batch)]
        return {
            "model": self.model,
            "messages": [
                {"role": "system", "content": system_prompt(self.target_lang, terms)},
                {"role": "user", "content": json.dumps({"pairs": pairs}, ensure_ascii=False)},
            ],
            "response_format": {"type": "json_object"},
            "temperature": self.temperature,
        }


def system_prompt(target_lang: str, terms: Sequence[tuple[str, str]]) -> str:
    glossary = ""
    if terms:
        lines = "\n".join(f"  {source} -> {target}" for source, target in terms)
        glossary = f"Glossary (the draft must use these renderings):\n{lines}\n"
    return SYSTEM_PROMPT.format(language=language_name(target_lang), glossary=glossary)


def verdict_of(item: dict[str, Any]) -> Verdict | None:
    """A reply item as a verdict (id filled in by the caller); None when its score is not 0–100."""
    score = item.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 100:
        return None
    reasons = []
    for aspect in ASPECTS:
        text = " ".join(str(item.get(aspect) or "").split())
        if text and text.strip(" .").lower() not in ("ok", "none", "n/a", "-", "good", "fine"):
            cut = text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1].rstrip() + "…"
            reasons.append(f"{aspect}: {cut.replace(';', ',')}")
    return Verdict("", round(score), "; ".join(reasons))


def _parse_body(body: Any, ids: Sequence[str]) -> Parsed[Verdict]:
    try:
        return parse_items(content(body), ids, list_key="scores", what="score from 0 to 100", value=verdict_of)
    except InvalidReply as exc:
        return Parsed({}, str(exc))
