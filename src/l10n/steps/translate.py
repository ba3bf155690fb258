"""``l10n translate``: bring PO files up to date and draft every unit that has no translation.

Cheapest first: the site's own PO files, the translation memory, copies of units with no
Japanese in them, close memory matches, and only then a paid backend. Every draft is
fuzzy (needs review) with an ``origin:`` comment. PO files and the memory are saved after
every completed batch, so an error or Ctrl-C loses at most the batches in flight.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from l10n import project as site
from l10n.config import Config
from l10n.core.segment import Segmented
from l10n.core.text import JAPANESE, normalize
from l10n.errors import BackendError, L10nError
from l10n.mt import backends, markup
from l10n.mt.backends import BackendSettings, Glossary, Request, Translator
from l10n.mt.glossary import load_glossary
from l10n.mt.memory import Memory, MemoryEntry
from l10n.po import catalog
from l10n.po.model import Entry, drafted
from l10n.steps import site_index

Progress = Callable[[int, int], None]


@dataclass
class Catalog:
    """One post's catalog while it is being filled."""

    post: str
    path: Path
    entries: list[Entry]
    old: catalog.Catalog | None
    contexts: dict[tuple[str | None, str], str]
    dirty: bool = False


@dataclass
class Job:
    catalog: Catalog
    index: int  # of the entry in ``catalog.entries`` (entries are frozen: a draft replaces it)
    tagged: markup.Tagged | None = None
    twins: list[Job] = field(default_factory=list)  # same source elsewhere: filled by this job's reply

    @property
    def entry(self) -> Entry:
        return self.catalog.entries[self.index]

    @property
    def stale(self) -> bool:
        """Redrafting was asked for: a close memory match would only give the old translation back."""
        return bool(self.entry.previous_msgid) and bool(self.entry.msgstr)


@dataclass
class Summary:
    """What a run did (or, with dry_run, would do)."""

    posts: int = 0
    from_site: int = 0
    from_memory: int = 0
    copied: int = 0
    close_matches: int = 0
    sent: int = 0
    billed_chars: int = 0
    estimated_chars: int = 0
    batches: int = 0
    left: int = 0
    markup_problems: int = 0
    backend: str | None = None
    per_post: dict[str, tuple[int, int]] = field(default_factory=dict)  # post -> (units to send, chars)
    quota: tuple[int, int | None] | None = None
    errors: list[L10nError] = field(default_factory=list)


def translate(config: Config, requested: Iterable[Path] = (), *, lang: str, env: Mapping[str, str],
              backend: str | None = None, dry_run: bool = False, retranslate_stale: bool = False,
              concurrency: int = 8, progress: Progress | None = None, now: Callable[[], float] = time.time) -> Summary:
    """Update the catalogs of the selected posts and draft their missing translations."""
    summary = Summary()
    catalogs = _prepare(config, requested, lang, summary, save=not dry_run)
    jobs = [Job(c, n) for c in catalogs for n, e in enumerate(c.entries) if _wanted(e, retranslate_stale)]
    memory = None if dry_run else Memory.open(config.root / config.memory)
    try:
        if memory is not None:
            _sync_reviewed(memory, catalogs, config, lang, now())
        jobs = _fill_known(config, lang, jobs, memory, summary, now)
        _save(catalogs, lang, dry_run)
        translator = _translator(config, lang, env, backend, summary)
        _estimate(jobs, summary)
        if translator is not None and dry_run and hasattr(translator, "usage"):
            summary.quota = translator.usage()
        if translator is None or dry_run or not jobs:
            summary.left = len(jobs)
            return summary
        glossary = load_glossary(config.glossary_path(lang), source_lang=config.source_lang, target_lang=lang)
        _send(translator, jobs, glossary, memory, summary, config, lang, concurrency, progress, now)
        _save(catalogs, lang, dry_run)
    finally:
        if memory is not None:
            memory.close()
    return summary


def _wanted(entry: Entry, retranslate_stale: bool) -> bool:
    state = catalog.state(entry)
    return state == "untranslated" or (retranslate_stale and state == "stale")


def _prepare(config: Config, requested: Iterable[Path], lang: str, summary: Summary, *, save: bool) -> list[Catalog]:
    def one(item: Segmented, lang: str) -> Catalog:
        entries, _report, old = site.merged(config, lang, item)
        contexts = {
            (b.context, u.text): markup.plain_text(b.content)
            for b in item.blocks if len(b.units) > 1 for u in b.units
        }
        return Catalog(item.post.display, site.po_path(config, lang, item), entries, old, contexts, dirty=save)

    out = site.each_post(config, requested, one, summary.errors, languages=[lang])
    summary.posts = len(out)
    _save(out, lang, not save)
    return out


def _save(catalogs: Iterable[Catalog], lang: str, dry_run: bool) -> None:
    if dry_run:
        return
    for cat in catalogs:
        if cat.dirty:
            catalog.save(cat.path, cat.entries, lang=lang, post_display=cat.post, old=cat.old)
            cat.dirty = False


def _draft(job: Job, msgstr: str, notes: Iterable[str], previous_msgid: str | None = None) -> None:
    """A fuzzy draft; no previous msgid (a fresh draft of the current source is "draft", not "stale")."""
    job.catalog.entries[job.index] = drafted(job.entry, msgstr, notes=tuple(notes), previous_msgid=previous_msgid)
    job.catalog.dirty = True


def _sync_reviewed(memory: Memory, catalogs: list[Catalog], config: Config, lang: str, stamp: float) -> None:
    """Teach the memory what reviewers approved since the last run."""
    reviewed = {e.msgid: e.msgstr for c in catalogs for e in c.entries
                if not e.obsolete and catalog.state(e) == "reviewed"}
    known = memory.lookup_exact(list(reviewed), source_lang=config.source_lang, target_lang=lang)
    fresh = [MemoryEntry(s, t, config.source_lang, lang, "reviewed", True, stamp)
             for s, t in reviewed.items() if s not in known or not known[s].reviewed or known[s].target != t]
    if fresh:
        memory.remember_many(fresh)


def _fill_known(config: Config, lang: str, jobs: list[Job], memory: Memory | None, summary: Summary,
                now: Callable[[], float]) -> list[Job]:
    """Fill what costs nothing; return the jobs that still need a backend."""
    loaded = {job.catalog.path: job.catalog.entries for job in jobs}
    known = site_index.index(config, lang, loaded=loaded) if jobs else {}
    exact = memory.lookup_exact([j.entry.msgid for j in jobs], source_lang=config.source_lang,
                                target_lang=lang) if memory and jobs else {}
    left = []
    for job in jobs:
        entry = job.entry
        hit = known.get((entry.msgctxt, normalize(entry.msgid)))
        if hit is not None:
            _draft(job, hit.msgstr, [f"origin: site {hit.where} ({'reviewed' if hit.reviewed else 'draft'})"])
            summary.from_site += 1
        elif entry.msgid in exact:
            match = exact[entry.msgid]
            _draft(job, match.target, [f"origin: memory exact match ({match.origin})"])
            summary.from_memory += 1
        elif config.source_lang == "ja" and not JAPANESE.search(entry.msgid):
            _draft(job, entry.msgid, ["origin: copy (no Japanese text)"])
            summary.copied += 1
        elif memory is not None and not job.stale and _close_match(job, memory, config, lang):
            summary.close_matches += 1
        else:
            left.append(job)
    return left


def _close_match(job: Job, memory: Memory, config: Config, lang: str) -> bool:
    matches = memory.lookup_fuzzy(job.entry.msgid, source_lang=config.source_lang, target_lang=lang,
                                  threshold=config.memory_threshold)
    if not matches:
        return False
    match = matches[0]
    # The matched source as previous msgid: PO editors then show what differs from it.
    _draft(job, match.target, [f"origin: memory {match.score:.0%} match ({match.origin})"], match.source)
    return True


def _translator(config: Config, lang: str, env: Mapping[str, str], name: str | None,
                summary: Summary) -> Translator | None:
    chosen = name or config.backend or ("deepl" if env.get("DEEPL_AUTH_KEY") else None)
    if chosen is None:
        return None
    options = dict(config.backends.get(chosen, {}))
    target = str(options.pop("target_lang", "EN-US" if lang == "en" else lang.upper().replace("_", "-")))
    settings = BackendSettings(config.source_lang.upper(), target, options, env)
    summary.backend = chosen
    return backends.create(chosen, settings)


def _estimate(jobs: list[Job], summary: Summary) -> None:
    for job in jobs:
        units, chars = summary.per_post.get(job.catalog.post, (0, 0))
        summary.per_post[job.catalog.post] = (units + 1, chars + len(job.entry.msgid))
        summary.estimated_chars += len(job.entry.msgid)


def _batches(jobs: list[Job], translator: Translator) -> list[list[Job]]:
    out: list[list[Job]] = [[]]
    size = 0
    for job in jobs:
        job.tagged = markup.to_xml(job.entry.msgid)
        cost = 6 * len(job.tagged.xml) + 16  # the client escapes non-ASCII as \uXXXX
        if out[-1] and (len(out[-1]) >= translator.max_batch_texts or size + cost > translator.max_batch_bytes):
            out.append([])
            size = 0
        out[-1].append(job)
        size += cost
    return [b for b in out if b]


def _unique(jobs: list[Job]) -> list[Job]:
    """One job per distinct source: the same sentence in two posts is paid for once."""
    first: dict[str, Job] = {}
    for job in jobs:
        key = normalize(job.entry.msgid)
        if key in first:
            first[key].twins.append(job)
        else:
            first[key] = job
    return list(first.values())


def _send(translator: Translator, jobs: list[Job], glossary: Glossary, memory: Memory | None, summary: Summary,
          config: Config, lang: str, concurrency: int, progress: Progress | None, now: Callable[[], float]) -> None:
    jobs = _unique(jobs)
    done = 0

    def finished(batch: list[Job], result: backends.BatchResult) -> None:
        nonlocal done
        _apply(batch, result, translator.name, memory, summary, config, lang, now())
        done += len(batch)
        if progress:
            progress(done, len(jobs))

    try:
        _Sender(translator, glossary, concurrency, finished).run(_batches(jobs, translator))
    finally:
        summary.left = len(jobs) - done


class _Sender:
    """Keeps up to ``concurrency`` batches in flight and hands each reply to ``finished``.

    After a backend error or a first Ctrl-C nothing new is sent, but the replies already
    on their way are still saved (they are paid for); then the error is raised. A second
    Ctrl-C gives up on them.
    """

    def __init__(self, translator: Translator, glossary: Glossary, concurrency: int,
                 finished: Callable[[list[Job], backends.BatchResult], None]) -> None:
        self.translator, self.glossary, self.finished = translator, glossary, finished
        self.concurrency = max(1, concurrency)
        self.pending: dict[Future, list[Job]] = {}
        self.stop: BaseException | None = None

    def run(self, batches: list[list[Job]]) -> None:
        queue = list(reversed(batches))
        pool = ThreadPoolExecutor(max_workers=self.concurrency)
        try:
            while (queue and self.stop is None) or self.pending:
                while queue and self.stop is None and len(self.pending) < self.concurrency:
                    batch = queue.pop()
                    future = pool.submit(self.translator.translate, _requests(batch), glossary=self.glossary)
                    self.pending[future] = batch
                self._collect()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        if self.stop is not None:
            raise self.stop

    def _collect(self) -> None:
        try:
            done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
            for future in done:
                batch = self.pending.pop(future)
                try:
                    self.finished(batch, future.result())
                except BackendError as exc:
                    self.stop = self.stop or exc
        except KeyboardInterrupt as exc:
            if isinstance(self.stop, KeyboardInterrupt):
                self.pending.clear()  # a second Ctrl-C: stop waiting for replies
            self.stop = exc


def _requests(batch: list[Job]) -> list[Request]:
    return [Request(str(n), job.tagged.xml, job.catalog.contexts.get((job.entry.msgctxt, job.entry.msgid)))
            for n, job in enumerate(batch) if job.tagged is not None]


def _apply(batch: list[Job], result: backends.BatchResult, origin: str, memory: Memory | None, summary: Summary,
           config: Config, lang: str, stamp: float) -> None:
    drafts = {d.id: d.text for d in result.drafts}
    remembered = []
    for n, job in enumerate(batch):
        if str(n) not in drafts or job.tagged is None:
            continue
        rebuilt = markup.from_xml(drafts[str(n)], job.tagged)
        problems = [f"problem: {p}" for p in rebuilt.problems]
        summary.markup_problems += bool(problems)
        for target in (job, *job.twins):
            _draft(target, rebuilt.markdown.strip(), [f"origin: {origin}", *problems])
        if not problems:
            remembered.append(MemoryEntry(job.entry.msgid, job.entry.msgstr, config.source_lang, lang, origin,
                                          False, stamp))
    summary.sent += len(batch)
    summary.billed_chars += result.billed_chars
    summary.batches += 1
    _save({j.catalog.path: j.catalog for job in batch for j in (job, *job.twins)}.values(), lang, False)
    if memory is not None and remembered:
        memory.remember_many(remembered)


def rebuild_memory(config: Config, *, now: Callable[[], float] = time.time) -> int:
    """Recreate the translation memory from every PO file of the site; returns entries stored."""
    from l10n.mt.memory import rebuild

    entries = [e for lang in config.languages for e in site_index.memory_entries(config, lang, time=now())]
    return rebuild(entries, path=config.root / config.memory).total


__all__ = ["BackendError", "Summary", "rebuild_memory", "translate"]
