"""``l10n-blog translate``: bring PO files up to date and draft every unit that has no translation.

Cheapest first: the site's own PO files, the translation memory, copies of units with no
Japanese in them, close memory matches, and only then a paid backend. Every draft is
fuzzy (needs review) with an ``origin:`` comment, and ``problem:`` lines when its markup
did not survive. Every reply is saved to the PO files and the memory as it arrives, so
an error or Ctrl-C loses nothing that was paid for (see :mod:`l10n.mt.dispatch`).

``--dry-run`` runs the same selection (memory, site reuse, in-run duplicates, units too
long to send) and counts the characters of the XML that would be sent, which is what
DeepL bills: the prediction equals the next run's bill.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from l10n import project as site
from l10n.config import Config
from l10n.core.segment import Segmented
from l10n.core.text import JAPANESE, normalize
from l10n.errors import BackendError, InputError, L10nError
from l10n.mt import markup, redraft
from l10n.mt.backends import (
    BackendSettings,
    BatchResult,
    Request,
    SupportsUnitLimit,
    SupportsUsage,
    Translator,
    registry,
)
from l10n.mt.batching import BYTES_PER_CHAR, pack, sent_bytes
from l10n.mt.context import Parts, context_chars, joined, unit_contexts
from l10n.mt.dispatch import dispatch
from l10n.mt.glossary import Glossary, load_glossary
from l10n.mt.memory import Memory, MemoryEntry
from l10n.po import catalog
from l10n.po.model import Entry, drafted
from l10n.po.notes import notes, previous_note, previous_translation, redrafted_for
from l10n.steps import site_index
from l10n.steps.qa import DraftQA

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_OVERHEAD = 16  # JSON around one unit's text


@dataclass
class Catalog:
    """One post's catalog while it is being filled."""

    post: str
    path: Path
    entries: list[Entry]
    found: dict[catalog.Key, Entry]  # as the run found them: only entries still so on disk are filled
    save: Callable[[dict[catalog.Key, Entry], dict[catalog.Key, Entry]], object]  # project.save_po for the post
    contexts: dict[tuple[str | None, str], Parts]
    lines: dict[tuple[str | None, str], int] = field(default_factory=dict)  # where each unit is in the post
    dirty: bool = False
    qa: DraftQA | None = None  # checks every draft made in this catalog (l10n.steps.qa)


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

    @property
    def chars(self) -> int:
        """Characters sent (and billed): the XML form, not the Markdown."""
        return len(self.tagged.xml) if self.tagged is not None else len(self.entry.msgid)


@dataclass
class Summary:
    """What a run did (or, with dry_run, would do). ``left``: units still without a draft."""

    posts: int = 0
    from_site: int = 0
    from_memory: int = 0
    copied: int = 0
    close_matches: int = 0
    to_send: int = 0
    estimated_chars: int = 0  # exact: the XML characters of the distinct units to send
    sent: int = 0  # distinct units whose reply was saved
    billed_chars: int = 0
    tokens: int = 0
    batches: int = 0
    left: int = 0
    markup_problems: int = 0
    context_chars: int = 0  # context sent beside the units (free for DeepL, tokens for LLMs)
    redraft_chars: int = 0  # old source, previous translation and instruction of minimal redrafts (LLMs)
    backend: str | None = None
    per_post: dict[str, tuple[int, int]] = field(default_factory=dict)  # post -> (units to send, chars)
    quota: tuple[int, int | None] | None = None
    interrupted: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)

    @property
    def quota_left(self) -> int | None:
        if self.quota is None or self.quota[1] is None:
            return None
        return max(0, self.quota[1] - self.quota[0])


@dataclass
class Run:
    """The state one translate run shares between its steps."""

    config: Config
    lang: str
    dry_run: bool
    retranslate_stale: bool
    now: Callable[[], float]
    progress: Progress | None = None
    summary: Summary = field(default_factory=Summary)
    catalogs: list[Catalog] = field(default_factory=list)
    memory: Memory | None = None

    def save(self, catalogs: Iterable[Catalog] | None = None) -> None:
        if self.dry_run:
            return
        for cat in self.catalogs if catalogs is None else catalogs:
            if cat.dirty:
                # Merged with the file as it is now: an edit saved meanwhile (Poedit, review) wins.
                try:
                    cat.save({e.key: e for e in cat.entries if e is not cat.found.get(e.key)}, cat.found)
                except L10nError as exc:  # e.g. disk full: the other posts are still saved; retried later
                    if not any(str(e) == str(exc) for e in self.summary.errors):
                        self.summary.errors.append(exc)
                    continue
                cat.dirty = False

    def wanted(self, entry: Entry) -> bool:
        """Needs a draft: untranslated, or stale (with ``retranslate_stale``) and not redrafted for its
        current source yet."""
        state = catalog.state(entry)
        return state == "untranslated" or (self.retranslate_stale and state == "stale"
                                           and not redrafted_for(entry.tcomment, entry.msgid))


def translate(config: Config, requested: Iterable[Path] = (), *, lang: str, env: Mapping[str, str],
              backend: str | None = None, dry_run: bool = False, retranslate_stale: bool = False,
              concurrency: int = 8, progress: Progress | None = None, now: Callable[[], float] = time.time,
              grace: float = 2.0) -> Summary:
    """Update the catalogs of the selected posts and draft their missing translations.

    Backend failures and Ctrl-C end the run with a summary (``errors``, ``interrupted``)
    instead of an exception, so the caller can always say what was billed, saved and left.
    """
    run = Run(config, lang, dry_run, retranslate_stale, now, progress)
    run.catalogs = _prepare(run, requested)
    jobs = [Job(c, n) for c in run.catalogs for n, e in enumerate(c.entries) if run.wanted(e)]
    with _memory(run) as run.memory:
        if run.memory is not None and not dry_run:
            _sync_reviewed(run)
        jobs = _unique(_fill_known(run, jobs))
        run.save()
        name = backend or config.backend or ("deepl" if env.get("DEEPL_AUTH_KEY") else None)
        if name is None:
            _estimate(run, jobs)
        else:
            with registry.opened(name, _settings(config, lang, env, name)) as translator:
                run.summary.backend = name
                _translate_with(run, translator, _sendable(run, jobs, translator), concurrency, grace)
        run.save()
    run.summary.left = sum(1 for c in run.catalogs for e in c.entries if run.wanted(e))
    return run.summary


def _translate_with(run: Run, translator: Translator, jobs: list[Job], concurrency: int, grace: float) -> None:
    _estimate(run, jobs, translator)
    if run.dry_run:
        if isinstance(translator, SupportsUsage):
            run.summary.quota = translator.usage()
        return
    if jobs:
        glossary = load_glossary(run.config.glossary_path(run.lang), source_lang=run.config.source_lang,
                                 target_lang=run.lang)
        _send(run, translator, jobs, glossary, concurrency, grace)


@contextmanager
def _memory(run: Run) -> Iterator[Memory | None]:
    """The memory, closed at the end; a dry run reads an existing one and creates none."""
    path = run.config.root / run.config.memory
    if run.dry_run and not path.is_file():
        yield None
        return
    with Memory.open(path) as memory:
        yield memory


def _prepare(run: Run, requested: Iterable[Path]) -> list[Catalog]:
    def one(item: Segmented, lang: str) -> Catalog:
        entries, _report, _old = site.merged(run.config, lang, item)
        contexts = unit_contexts(item, level=run.config.context, chars=run.config.context_chars)  # type: ignore[arg-type]
        lines = {(b.context, u.text): u.line for b in item.blocks for u in b.units}
        return Catalog(item.post.display, site.po_path(run.config, lang, item), entries, {e.key: e for e in entries},
                       partial(site.save_po, run.config, lang, item), contexts, lines, dirty=True, qa=qa)

    qa = DraftQA(run.config, run.lang)

    out = site.each_post(run.config, requested, one, run.summary.errors, languages=[run.lang])
    run.summary.posts = len(out)
    run.save(out)
    return out


def _draft(job: Job, msgstr: str, notes: Iterable[str], previous_msgid: str | None = None) -> None:
    """The one place where a run changes an entry: a fuzzy draft with its origin/problem notes.

    No previous msgid by default: a fresh draft of the current source is "draft", not "stale".
    A redraft of a stale unit keeps gettext's ``#|`` (the Japanese the old translation
    translates) and the old translation in a ``previous:`` note, for review's word diff.
    """
    if job.stale:
        notes, previous_msgid = [*notes, previous_note(_previous(job.entry), job.entry.msgid)], job.entry.previous_msgid
    if job.catalog.qa is not None:
        notes = job.catalog.qa.notes(list(notes), job.entry.msgid, msgstr)
    job.catalog.entries[job.index] = drafted(job.entry, msgstr, notes=tuple(notes), previous_msgid=previous_msgid)
    job.catalog.dirty = True


def _sync_reviewed(run: Run) -> None:
    """Teach the memory what reviewers approved since the last run (a person: not the judge)."""
    assert run.memory is not None
    source_lang, stamp = run.config.source_lang, run.now()
    reviewed = {e.msgid: e.msgstr for c in run.catalogs for e in c.entries
                if not e.obsolete and catalog.state(e) == "reviewed"
                and notes(e.tcomment, msgid=e.msgid, msgstr=e.msgstr).approval is None}
    known = run.memory.lookup_exact(list(reviewed), source_lang=source_lang, target_lang=run.lang)
    fresh = [MemoryEntry(s, t, source_lang, run.lang, "reviewed", True, stamp)
             for s, t in reviewed.items() if s not in known or not known[s].reviewed or known[s].target != t]
    if fresh:
        run.memory.remember_many(fresh)


def _fill_known(run: Run, jobs: list[Job]) -> list[Job]:
    """Fill what costs nothing; return the jobs that still need a backend."""
    config, summary, memory = run.config, run.summary, run.memory
    loaded = {job.catalog.path: job.catalog.entries for job in jobs}
    known = site_index.index(config, run.lang, loaded=loaded) if jobs else {}
    exact = memory.lookup_exact([j.entry.msgid for j in jobs], source_lang=config.source_lang,
                                target_lang=run.lang) if memory and jobs else {}
    left = []
    for job in jobs:
        entry = job.entry
        hit = known.get((entry.msgctxt, normalize(entry.msgid)))
        if hit is not None:
            _draft(job, hit.msgstr, [f"origin: site {hit.where} ({'reviewed' if hit.reviewed else 'draft'})",
                                     *hit.problems])
            summary.from_site += 1
        elif entry.msgid in exact:
            match = exact[entry.msgid]
            _draft(job, match.target, [f"origin: memory exact match ({match.origin})",
                                       *(f"problem: {p}" for p in match.problems)])
            summary.from_memory += 1
        elif config.source_lang == "ja" and not JAPANESE.search(entry.msgid):
            _draft(job, entry.msgid, ["origin: copy (no Japanese text)"])
            summary.copied += 1
        elif memory is not None and not job.stale and _close_match(run, job):
            summary.close_matches += 1
        else:
            left.append(job)
    return left


def _close_match(run: Run, job: Job) -> bool:
    assert run.memory is not None
    matches = run.memory.lookup_fuzzy(job.entry.msgid, source_lang=run.config.source_lang, target_lang=run.lang,
                                      threshold=run.config.memory_threshold)
    if not matches:
        return False
    match = matches[0]
    # The matched source as previous msgid: PO editors then show what differs from it.
    _draft(job, match.target, [f"origin: memory {match.score:.0%} match ({match.origin})"], match.source)
    return True


def _settings(config: Config, lang: str, env: Mapping[str, str], name: str) -> BackendSettings:
    options = dict(config.backends.get(name, {}))
    target = str(options.pop("target_lang", "EN-US" if lang == "en" else lang.upper().replace("_", "-")))
    return BackendSettings(config.source_lang.upper(), target, options, env)


def _unique(jobs: list[Job]) -> list[Job]:
    """One job per distinct source: the same sentence in two posts is paid for once."""
    first: dict[str, Job] = {}
    for job in jobs:
        key = normalize(job.entry.msgid)
        if key in first:
            first[key].twins.append(job)
        else:
            first[key] = job
        job.tagged = markup.to_xml(job.entry.msgid)
    return list(first.values())


def _cost(job: Job) -> int:
    assert job.tagged is not None
    return sent_bytes(len(job.tagged.xml), _OVERHEAD)


def _sendable(run: Run, jobs: list[Job], translator: Translator) -> list[Job]:
    """Jobs small enough to send; each oversized unit is reported with its file and line, once."""
    limit = translator.max_unit_bytes if isinstance(translator, SupportsUnitLimit) else translator.max_batch_bytes
    out = []
    for job in jobs:
        if _cost(job) <= limit:
            out.append(job)
            continue
        line = job.catalog.lines.get((job.entry.msgctxt, job.entry.msgid))
        run.summary.errors.append(InputError(
            f"unit not sent: too long for {translator.name} ({job.chars} characters as sent, "
            f"at most {(limit - _OVERHEAD) // BYTES_PER_CHAR})", path=job.catalog.post, line=line,
            hint="split this sentence or paragraph in the post; the other units were translated"))
    return out


def _estimate(run: Run, jobs: list[Job], translator: Translator | None = None) -> None:
    summary = run.summary
    summary.to_send = len(jobs)
    for job in jobs:
        units, chars = summary.per_post.get(job.catalog.post, (0, 0))
        summary.per_post[job.catalog.post] = (units + 1, chars + job.chars)
        summary.estimated_chars += job.chars
    batches = _batches(jobs, translator) if translator is not None else [jobs]
    summary.context_chars = context_chars([_context(j) for j in batch] for batch in batches)
    if translator is not None and redraft.edits(translator.name):
        previous = [p for b in batches for r in _requests(b, edits=True) if (p := r.previous)]
        summary.redraft_chars = redraft.cost(previous, sum(any(j.stale for j in b) for b in batches))


def _batches(jobs: list[Job], translator: Translator) -> list[list[Job]]:
    """Jobs in requests as full as the backend allows, cut between paragraphs: the units of one
    paragraph (one context) share a request, so their context is sent once."""
    return pack(_paragraphs(jobs), _cost, max_texts=translator.max_batch_texts,
                max_bytes=translator.max_batch_bytes)


def _paragraphs(jobs: list[Job]) -> list[list[Job]]:
    """Runs of consecutive jobs of one post with the same context (units without context alone)."""
    groups: list[list[Job]] = []
    for job in jobs:
        last = groups[-1][-1] if groups else None
        if last is not None and _context(job) and last.catalog is job.catalog and _context(last) == _context(job):
            groups[-1].append(job)
        else:
            groups.append([job])
    return groups


def _context(job: Job) -> Parts:
    return job.catalog.contexts.get((job.entry.msgctxt, job.entry.msgid), ())


def _requests(batch: list[Job], *, edits: bool = False) -> list[Request]:
    """The batch as sent; with ``edits``, a stale unit carries its previous translation (l10n.mt.redraft)."""
    out = []
    for n, job in enumerate(batch):
        if job.tagged is not None:
            previous = None
            if edits and job.stale and job.entry.previous_msgid:
                previous = (markup.to_xml(job.entry.previous_msgid).xml, _previous(job.entry))
            out.append(Request(str(n), job.tagged.xml, joined(_context(job)), previous, _context(job)))
    return out


def _previous(entry: Entry) -> str:
    """The translation a redraft of a stale entry replaces (kept across redrafts by its note)."""
    return previous_translation(entry.tcomment) or entry.msgstr


def _send(run: Run, translator: Translator, jobs: list[Job], glossary: Glossary, concurrency: int,
          grace: float) -> None:
    batches = _batches(jobs, translator)
    done = 0

    def on_result(index: int, result: BatchResult) -> None:
        nonlocal done
        done += _apply(run, batches[index], result, translator.name)
        if run.progress:
            run.progress(done, len(jobs))

    requests = [_requests(b, edits=redraft.edits(translator.name)) for b in batches]
    outcome = dispatch(translator, requests, glossary=glossary, on_result=on_result, concurrency=concurrency,
                       grace=grace)
    run.summary.interrupted = outcome.interrupts > 0
    if outcome.error is not None:
        run.summary.errors.append(outcome.error)
    if outcome.abandoned:
        run.summary.warnings.append(f"{outcome.abandoned} batch(es) sent to {translator.name} got no reply "
                                    "before the run stopped; they may be billed")


def _apply(run: Run, batch: list[Job], result: BatchResult, origin: str) -> int:
    """Save one reply: drafts into the PO files (twins too) and every draft into the memory."""
    summary, stamp = run.summary, run.now()
    drafts = {d.id: d.text for d in result.drafts}
    remembered = []
    for n, job in enumerate(batch):
        if str(n) not in drafts or job.tagged is None:
            continue
        rebuilt = markup.from_xml(drafts[str(n)], job.tagged)
        summary.markup_problems += bool(rebuilt.problems)
        notes = [f"origin: {origin}", *(f"problem: {p}" for p in rebuilt.problems)]
        for target in (job, *job.twins):
            _draft(target, rebuilt.markdown.strip(), notes)
        remembered.append(MemoryEntry(job.entry.msgid, job.entry.msgstr, run.config.source_lang, run.lang, origin,
                                      False, stamp, rebuilt.problems))
    summary.warnings += result.problems
    summary.sent += len(remembered)
    summary.billed_chars += result.billed_chars
    summary.tokens += result.tokens
    summary.batches += 1
    run.save({j.catalog.path: j.catalog for job in batch for j in (job, *job.twins)}.values())
    if run.memory is not None and remembered:
        run.memory.remember_many(remembered)
    return len(remembered)


def rebuild_memory(config: Config, *, now: Callable[[], float] = time.time) -> int:
    """Recreate the translation memory from every PO file of the site; returns entries stored."""
    from l10n.mt.memory import rebuild

    stamp = now()
    entries = [MemoryEntry(t.msgid, t.msgstr, config.source_lang, lang, f"po:{t.where}", t.reviewed, stamp,
                           tuple(p.removeprefix("problem: ") for p in t.problems))
               for lang in config.languages for t in site_index.translations(config, lang)]
    return rebuild(entries, path=config.root / config.memory).total


__all__ = ["BackendError", "Run", "Summary", "rebuild_memory", "translate"]
