"""Drafts that cost nothing, tried before any backend: the site's own PO files, the memory (exact and
close matches), copies of units without Japanese; and one job per distinct source."""

from __future__ import annotations

from l10n.core.text import JAPANESE, normalize
from l10n.mt import markup
from l10n.mt.memory import MemoryEntry
from l10n.po import catalog
from l10n.po.notes import notes
from l10n.steps import site_index
from l10n.steps.translate.state import Job, Run, draft


def sync_reviewed(run: Run) -> None:
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


def fill_known(run: Run, jobs: list[Job]) -> list[Job]:
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
            draft(job, hit.msgstr, [f"origin: site {hit.where} ({'reviewed' if hit.reviewed else 'draft'})",
                                    *hit.problems])
            summary.from_site += 1
        elif entry.msgid in exact:
            match = exact[entry.msgid]
            draft(job, match.target, [f"origin: memory exact match ({match.origin})",
                                      *(f"problem: {p}" for p in match.problems)])
            summary.from_memory += 1
        elif config.source_lang == "ja" and not JAPANESE.search(entry.msgid):
            draft(job, entry.msgid, ["origin: copy (no Japanese text)"])
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
    draft(job, match.target, [f"origin: memory {match.score:.0%} match ({match.origin})"], match.source)
    return True


def unique(jobs: list[Job]) -> list[Job]:
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
