"""build: write the localized posts whose reviewed share reaches the threshold."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import project
from l10n.config import Config
from l10n.files import write_atomic
from l10n.incremental import Index
from l10n.project import Outcome, Run, display, output_file, po_path, run_each
from l10n.steps.sitelinks import SiteLinks, frontmatter_part, inputs

if TYPE_CHECKING:  # the parser, catalog and builder load where a post is built, not on a no-change run
    from l10n.core.segment import Segmented
    from l10n.po import catalog


def build(config: Config, requested: Iterable[Path] = (), *, threshold: float | None = None, jobs: int = 1,
          incremental: bool = True, changed: Collection[str] | None = None, sources: project.Sources | None = None
          ) -> Run:
    """Write the localized posts whose reviewed share reaches the threshold.

    ``jobs`` processes share the posts of a cold run; with ``incremental``, a post whose
    source, PO files and built files are unchanged since the last build is not read again.
    ``changed`` (``watch``): only these posts (paths under the source folder; removed ones too)
    and the posts whose links the index says depend on them, as a run over the whole site
    would treat them. ``sources``: what ``project.sources(config)`` gave (not walked again).
    """
    limit = config.threshold if threshold is None else threshold
    # walked once: the link tables and the posts to build share it
    every = project.sources(config) if sources is None else sources
    # A link to a site-absolute URL depends on every post's frontmatter (the "*" dependency).
    index = Index.open(config, "build", partial(inputs, config), repr(limit), everything_files=every.names,
                       everything_part=partial(frontmatter_part, config)) if incremental else None
    sites = {lang: SiteLinks.scan(config, lang, limit=limit, sources=every) for lang in config.languages}
    for site in sites.values():
        site.memo = index.derived if index is not None else None
    from l10n.segment_cache import Segments

    posts = every
    if changed is not None:
        wanted = set(changed) | (index.dependents(changed) if index is not None else set())
        posts = replace(every, rels=[rel for rel in every.rels if rel in wanted])
        if not posts.rels:
            return Run()
    with Segments.of(config, save=False) as segments:
        return run_each(config, requested,
                        lambda segmented, lang: _build_one(config, lang, segmented, limit, sites[lang]),
                        jobs=jobs, index=index, sources=posts, subset=changed is not None, rerun=_unchanged,
                        segments=segments)


def _unchanged(outcome: Outcome) -> Outcome:
    return replace(outcome, action="unchanged") if outcome.action == "written" else outcome


def _build_one(config: Config, lang: str, segmented: Segmented, limit: float, site: SiteLinks) -> Outcome:
    site.consulted.clear()
    outcome = _build_text(config, lang, segmented, limit, site)
    return replace(outcome, depends=tuple(sorted(site.consulted)))  # other posts its links were resolved against


def _build_text(config: Config, lang: str, segmented: Segmented, limit: float, site: SiteLinks) -> Outcome:
    from l10n.po import catalog

    post = segmented.post
    target = output_file(config, lang, post.path)  # a name the generator refuses fails first
    path = po_path(config, lang, segmented)
    keys = catalog.keys(segmented)
    translations = catalog.read_reviewed(path, keys, display=display(config, path))
    if translations is None:
        if keys:  # a post with nothing to translate has no PO file, and is built
            return Outcome(post.display, lang, "skipped", "no PO file yet: run `l10n-blog extract`")
        translations = {}
    if not catalog.reaches(len(translations), len(keys), limit):
        old = catalog.read_po(path, display=display(config, path))  # the whole entries, to count as a merge would
        template = catalog.template(segmented, location=config.location)
        counts = catalog.count(catalog.merge(template, old, threshold=config.fuzzy_threshold)[0])
        detail = (f"{counts.share:.0%} reviewed, needs {limit:.0%}: {counts.needs_review} to review, "
                  f"{counts.untranslated} untranslated")
        return Outcome(post.display, lang, "skipped", detail, counts)
    from l10n.core import blockstart  # markdown-it: a post that is skipped (not translated enough) needs none
    from l10n.steps.localize import localized_text

    text = localized_text(config, lang, segmented, translations, site)
    line = blockstart.changed_line(post, text, source=segmented.structure)
    if line is not None:  # never write a post whose Markdown structure a translation changed
        return Outcome(post.display, lang, "skipped", f"{post.display}:{line}: a translation changes the Markdown "
                       "structure here (a blank line or a block marker in a msgstr?): fix it in the PO file")
    written = write_atomic(target, post.encode(text), display=display(config, target))
    return Outcome(post.display, lang, "written" if written else "unchanged", display(config, target))


def expected_output(config: Config, lang: str, segmented: Segmented, entries: list[catalog.Entry],
                    site: SiteLinks | None = None) -> str:
    """The text ``build`` writes for a post given its (merged) catalog entries."""
    from l10n.po import catalog
    from l10n.steps.localize import localized_text

    return localized_text(config, lang, segmented, catalog.reviewed_translations(entries), site)
