"""Sending: the requests go through :func:`l10n.mt.dispatch.dispatch`; each reply is saved to the PO
files and the memory as it arrives."""

from __future__ import annotations

from l10n.mt import markup, redraft
from l10n.mt.backends import BatchResult, Translator
from l10n.mt.dispatch import dispatch
from l10n.mt.glossary import Glossary
from l10n.mt.memory import MemoryEntry
from l10n.steps.translate.planning import as_sent, plan
from l10n.steps.translate.state import Job, Run, draft


def send(run: Run, translator: Translator, jobs: list[Job], glossary: Glossary, concurrency: int,
         grace: float) -> None:
    """Send the jobs in the planned requests; each reply is saved before the next is handled."""
    batches = plan(jobs, translator)
    done = 0

    def on_result(index: int, result: BatchResult) -> None:
        nonlocal done
        done += _apply(run, batches[index], result, translator.name)
        if run.progress:
            run.progress(done, len(jobs))

    requests = [as_sent(b, edits=redraft.edits(translator.name)) for b in batches]
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
            draft(target, rebuilt.markdown.strip(), notes)
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
