"""``l10n judge`` (and the end of ``translate``): score every draft with the judge model.

A draft already scored by this model (same source, same draft) is never sent again: the
verdict comes from the PO file's ``score:`` line or from the score cache
(:mod:`l10n.mt.scores`). Replies go through :func:`l10n.mt.dispatch.dispatch`, so each is
committed to the cache and then merged into the PO files as it arrives: Ctrl-C or a
failing server loses no verdict that was paid for.

Auto-approval is off unless ``judge.approve_at`` is set: then a draft scored at or above it
whose entry has no problem at all (the check table, the ``problem:`` notes) is approved with
an ``approved:`` note naming the judge model and the score.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from l10n import project as site
from l10n.config import Config
from l10n.core.segment import Segmented
from l10n.errors import BackendError, L10nError
from l10n.mt import scores
from l10n.mt.batching import pack, sent_bytes
from l10n.mt.dispatch import dispatch
from l10n.mt.glossary import Glossary, load_glossary
from l10n.mt.judge import OpenAIJudge, Pair, Verdicts
from l10n.po import catalog
from l10n.po.model import Entry, Key
from l10n.po.notes import Approval, Score, digest, judge_approved, notes, with_score
from l10n.steps.check.entries import entry_issues

Progress = Callable[[int, int], None]


@dataclass
class JudgeSummary:
    """What a judge run did (or, with dry_run, would do)."""

    model: str = ""
    drafts: int = 0  # drafts without a valid score from this model when the run started
    from_cache: int = 0  # scored from the cache: nothing sent
    to_send: int = 0  # distinct (source, draft) pairs to send
    pair_chars: int = 0  # source + draft characters of the pairs to send
    request_chars: int = 0  # with the instructions and JSON around them (dry run: exact for the first try)
    requests: int = 0
    sent: int = 0  # distinct pairs whose verdict was saved
    sent_chars: int = 0
    tokens: int = 0
    scored: int = 0  # PO entries given a score (cache and replies)
    approved: int = 0
    lowest: list[tuple[int, str]] = field(default_factory=list)  # (score, "post:line") of the scored entries
    interrupted: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)


@dataclass
class _Post:
    segmented: Segmented
    po: str
    entries: dict[Key, Entry]  # as found: a verdict is written only where the file still holds this
    lines: dict[Key, int]
    changes: dict[Key, Entry] = field(default_factory=dict)


@dataclass
class _Job:
    key: str  # scores.key(source, draft)
    pair: Pair
    places: list[tuple[_Post, Key]]


def judge(config: Config, requested: Iterable[Path] = (), *, lang: str, env: Mapping[str, str],
          dry_run: bool = False, concurrency: int = 4, grace: float = 2.0, progress: Progress | None = None,
          now: Callable[[], float] = time.time, judge_factory: Callable[..., OpenAIJudge] = OpenAIJudge
          ) -> JudgeSummary:
    """Score the drafts of the selected posts that this judge model has not scored yet."""
    table = dict(config.judge)
    summary = JudgeSummary(model=str(table.get("model", "")))
    if not summary.model:
        return summary
    posts = site.each_post(config, requested, partial(_load, config), summary.errors, languages=[lang])
    jobs, known = _jobs(posts, summary.model)
    summary.drafts = sum(len(job.places) for job in jobs)
    glossary = load_glossary(config.glossary_path(lang), source_lang=config.source_lang, target_lang=lang)
    target = "EN-US" if lang == "en" else lang.upper()
    approve_at = table.get("approve_at")
    for post, key, score in known:  # scored before approve_at was set (or lowered)
        _approve(post, key, score, summary, approve_at, lang, glossary)
    opened = scores.ScoreCache.open(config.scores_path) if not dry_run or config.scores_path.is_file() else None
    with opened or nullcontext() as cache:
        if cache is not None:
            cached = cache.lookup(summary.model, [job.key for job in jobs])
            for job in [j for j in jobs if j.key in cached]:
                _apply(job, cached[job.key].score, cached[job.key].reasons, summary, approve_at, lang, glossary)
                summary.from_cache += len(job.places)
            jobs = [j for j in jobs if j.key not in cached]
            if not dry_run:
                _save(config, lang, posts, summary)
        if not jobs:
            return summary
        try:
            opened_judge = judge_factory(table, env, target_lang=target)
        except BackendError as exc:  # e.g. no key: the drafts and the scores from the cache are kept
            summary.errors.append(exc)
            return summary
        with closing(opened_judge) as scorer:
            batches = _batches(jobs, scorer)
            summary.to_send, summary.requests = len(jobs), len(batches)
            summary.pair_chars = sum(len(j.pair.source) + len(j.pair.draft) for j in jobs)
            summary.request_chars = sum(_request_chars(scorer, batch, glossary) for batch in batches)
            if dry_run:
                return summary
            assert cache is not None
            _send(config, lang, posts, scorer, batches, cache, summary, glossary, approve_at, now, progress,
                  concurrency, grace)
    return summary


def _load(config: Config, segmented: Segmented, lang: str) -> _Post:
    entries, _report, _old = site.merged(config, lang, segmented)
    lines: dict[Key, int] = {}
    for block in segmented.blocks:
        for unit in block.units:
            lines.setdefault((block.context, unit.text), unit.line)
    po = site.display(config, site.po_path(config, lang, segmented))
    return _Post(segmented, po, {e.key: e for e in entries if not e.obsolete}, lines)


def _jobs(posts: list[_Post], model: str) -> tuple[list[_Job], list[tuple[_Post, Key, int]]]:
    """One job per distinct (source, draft) of a draft that has no valid score from ``model``, and the
    drafts that have one (post, key, score)."""
    jobs: dict[str, _Job] = {}
    known: list[tuple[_Post, Key, int]] = []
    for post in posts:
        for key, entry in post.entries.items():
            if catalog.state(entry) != "draft":
                continue
            held = notes(entry.tcomment, msgid=entry.msgid, msgstr=entry.msgstr).judge
            if held is not None and held.model == model:
                known.append((post, key, held.score))
                continue
            k = scores.key(entry.msgid, entry.msgstr)
            job = jobs.setdefault(k, _Job(k, Pair(k, entry.msgid, entry.msgstr), []))
            job.places.append((post, key))
    return list(jobs.values()), known


def _apply(job: _Job, score: int, reasons: str, summary: JudgeSummary, approve_at: int | None, lang: str,
           glossary: Glossary | None) -> None:
    """Write the verdict into every entry that holds the pair (and approve where allowed)."""
    for post, key in job.places:
        entry = post.changes.get(key, post.entries[key])
        if scores.key(entry.msgid, entry.msgstr) != job.key:
            continue
        post.changes[key] = with_score(entry, Score(score, summary.model, digest(entry.msgid, entry.msgstr), reasons))
        _approve(post, key, score, summary, approve_at, lang, glossary)
        summary.scored += 1
        line = post.lines.get(key)
        summary.lowest.append((score, f"{post.segmented.post.display}:{line}" if line else post.segmented.post.display))


def _approve(post: _Post, key: Key, score: int, summary: JudgeSummary, approve_at: int | None, lang: str,
             glossary: Glossary | None) -> None:
    """Approve the draft when ``judge.approve_at`` is set, the score reaches it and the entry has no issue."""
    entry = post.changes.get(key, post.entries[key])
    if approve_at is None or score < approve_at or entry_issues(entry, post.po, lang=lang, glossary=glossary):
        return
    post.changes[key] = judge_approved(entry, Approval(summary.model, score, approve_at,
                                                       digest(entry.msgid, entry.msgstr)))
    summary.approved += 1


def _save(config: Config, lang: str, posts: Iterable[_Post], summary: JudgeSummary) -> None:
    for post in posts:
        if not post.changes:
            continue
        try:
            site.save_po(config, lang, post.segmented, post.changes, {k: post.entries[k] for k in post.changes})
        except L10nError as exc:  # the verdicts are in the cache: the next run writes them
            summary.errors.append(exc)
            continue
        post.entries.update(post.changes)
        post.changes = {}


def _batches(jobs: list[_Job], scorer: OpenAIJudge) -> list[list[_Job]]:
    return pack(([job] for job in jobs), _cost, max_texts=scorer.max_batch_texts, max_bytes=scorer.max_batch_bytes)


def _cost(job: _Job) -> int:
    return sent_bytes(len(job.pair.source) + len(job.pair.draft), 40)  # 40: the JSON around one pair


def _request_chars(scorer: OpenAIJudge, batch: list[_Job], glossary: Glossary | None) -> int:
    payload = scorer.payload([j.pair for j in batch], [str(n) for n in range(1, len(batch) + 1)], glossary)
    return sum(len(m["content"]) for m in payload["messages"]) + len(json.dumps(payload["model"]))


def _send(config: Config, lang: str, posts: list[_Post], scorer: OpenAIJudge, batches: list[list[_Job]],
          cache: scores.ScoreCache, summary: JudgeSummary, glossary: Glossary | None, approve_at: int | None,
          now: Callable[[], float], progress: Progress | None, concurrency: int, grace: float) -> None:
    done = 0

    def on_result(index: int, result: Verdicts) -> None:
        nonlocal done
        batch = {job.pair.id: job for job in batches[index]}
        got = [(batch[v.id], v) for v in result.verdicts if v.id in batch]
        cache.remember(summary.model, [(job.key, v.score, v.reasons) for job, v in got], time=now())
        for job, verdict in got:
            _apply(job, verdict.score, verdict.reasons, summary, approve_at, lang, glossary)
        summary.sent += len(got)
        summary.sent_chars += result.sent_chars
        summary.tokens += result.tokens
        summary.warnings += result.problems
        _save(config, lang, posts, summary)
        done += len(batch)
        if progress:
            progress(done, summary.to_send)

    outcome = dispatch(scorer, [[job.pair for job in batch] for batch in batches], glossary=glossary,
                       on_result=on_result, concurrency=concurrency, grace=grace,
                       send=partial(scorer.judge, glossary=glossary))
    summary.interrupted = outcome.interrupts > 0
    if outcome.error is not None:
        summary.errors.append(outcome.error)
    if outcome.abandoned:
        summary.warnings.append(f"{outcome.abandoned} request(s) sent to the judge got no reply before the run "
                                "stopped; they may be billed")
