"""Request planning: which jobs can be sent, how they are cut into requests (whole paragraphs, one
packer: :mod:`l10n.mt.batching`), the requests as sent, and the ``--dry-run`` estimate of them."""

from __future__ import annotations

from l10n.errors import InputError
from l10n.mt import markup, redraft
from l10n.mt.backends import Request, SupportsUnitLimit, Translator
from l10n.mt.batching import BYTES_PER_CHAR, pack, sent_bytes
from l10n.mt.context import Parts, context_chars, joined
from l10n.steps.translate.state import Job, Run, replaced

_OVERHEAD = 16  # JSON around one unit's text


def cost(job: Job) -> int:
    """Bytes of the unit in a request, at worst (:func:`l10n.mt.batching.sent_bytes`)."""
    assert job.tagged is not None
    return sent_bytes(len(job.tagged.xml), _OVERHEAD)


def sendable(run: Run, jobs: list[Job], translator: Translator) -> list[Job]:
    """Jobs small enough to send; each oversized unit is reported with its file and line, once."""
    limit = translator.max_unit_bytes if isinstance(translator, SupportsUnitLimit) else translator.max_batch_bytes
    out = []
    for job in jobs:
        if cost(job) <= limit:
            out.append(job)
            continue
        line = job.catalog.lines.get((job.entry.msgctxt, job.entry.msgid))
        run.summary.errors.append(InputError(
            f"unit not sent: too long for {translator.name} ({job.chars} characters as sent, "
            f"at most {(limit - _OVERHEAD) // BYTES_PER_CHAR})", path=job.catalog.post, line=line,
            hint="split this sentence or paragraph in the post; the other units were translated"))
    return out


def estimate(run: Run, jobs: list[Job], translator: Translator | None = None) -> None:
    """Count what sending ``jobs`` costs (units, characters, context, redraft notes) into the summary."""
    summary = run.summary
    summary.to_send = len(jobs)
    for job in jobs:
        units, chars = summary.per_post.get(job.catalog.post, (0, 0))
        summary.per_post[job.catalog.post] = (units + 1, chars + job.chars)
        summary.estimated_chars += job.chars
    batches = plan(jobs, translator) if translator is not None else [jobs]
    summary.context_chars = context_chars([_context(j) for j in batch] for batch in batches)
    if translator is not None and redraft.edits(translator.name):
        previous = [p for b in batches for r in as_sent(b, edits=True) if (p := r.previous)]
        summary.redraft_chars = redraft.cost(previous, sum(any(j.stale for j in b) for b in batches))


def plan(jobs: list[Job], translator: Translator) -> list[list[Job]]:
    """Jobs in requests as full as the backend allows, cut between paragraphs: the units of one
    paragraph (one context) share a request, so their context is sent once."""
    return pack(_paragraphs(jobs), cost, max_texts=translator.max_batch_texts,
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


def as_sent(batch: list[Job], *, edits: bool = False) -> list[Request]:
    """The batch as sent; with ``edits``, a stale unit carries its previous translation (l10n.mt.redraft)."""
    out = []
    for n, job in enumerate(batch):
        if job.tagged is not None:
            previous = None
            if edits and job.stale and job.entry.previous_msgid:
                previous = (markup.to_xml(job.entry.previous_msgid).xml, replaced(job.entry))
            out.append(Request(str(n), job.tagged.xml, joined(_context(job)), previous, _context(job)))
    return out
