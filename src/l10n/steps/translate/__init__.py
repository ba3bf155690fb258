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

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from l10n import project as site
from l10n.config import Config
from l10n.core.segment import Segmented
from l10n.errors import BackendError
from l10n.mt.backends import BackendSettings, SupportsUsage, Translator, registry
from l10n.mt.context import unit_contexts
from l10n.mt.glossary import load_glossary
from l10n.mt.memory import Memory, MemoryEntry
from l10n.steps import site_index
from l10n.steps.qa import DraftQA
from l10n.steps.translate.known import fill_known, sync_reviewed, unique
from l10n.steps.translate.planning import estimate, sendable
from l10n.steps.translate.send import send
from l10n.steps.translate.state import Catalog, Job, Progress, Run, Summary


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
            sync_reviewed(run)
        jobs = unique(fill_known(run, jobs))
        run.save()
        name = backend or config.backend or ("deepl" if env.get("DEEPL_AUTH_KEY") else None)
        if name is None:
            estimate(run, jobs)
        else:
            with registry.opened(name, _settings(config, lang, env, name)) as translator:
                run.summary.backend = name
                _translate_with(run, translator, sendable(run, jobs, translator), concurrency, grace)
        run.save()
    run.summary.left = sum(1 for c in run.catalogs for e in c.entries if run.wanted(e))
    return run.summary


def _translate_with(run: Run, translator: Translator, jobs: list[Job], concurrency: int, grace: float) -> None:
    estimate(run, jobs, translator)
    if run.dry_run:
        if isinstance(translator, SupportsUsage):
            run.summary.quota = translator.usage()
        return
    if jobs:
        glossary = load_glossary(run.config.glossary_path(run.lang), source_lang=run.config.source_lang,
                                 target_lang=run.lang)
        send(run, translator, jobs, glossary, concurrency, grace)


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


def _settings(config: Config, lang: str, env: Mapping[str, str], name: str) -> BackendSettings:
    options = dict(config.backends.get(name, {}))
    target = str(options.pop("target_lang", "EN-US" if lang == "en" else lang.upper().replace("_", "-")))
    return BackendSettings(config.source_lang.upper(), target, options, env)


def rebuild_memory(config: Config, *, now: Callable[[], float] = time.time) -> int:
    """Recreate the translation memory from every PO file of the site; returns entries stored."""
    from l10n.mt.memory import rebuild

    stamp = now()
    entries = [MemoryEntry(t.msgid, t.msgstr, config.source_lang, lang, f"po:{t.where}", t.reviewed, stamp,
                           tuple(p.removeprefix("problem: ") for p in t.problems))
               for lang in config.languages for t in site_index.translations(config, lang)]
    return rebuild(entries, path=config.root / config.memory).total


__all__ = ["BackendError", "Progress", "Run", "Summary", "rebuild_memory", "translate"]
