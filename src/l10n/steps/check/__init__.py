"""``l10n-blog check``: run the check tables over a site, post by post.

The checks are rows of small tables (:mod:`.entries`, :mod:`.posts`): a name, a severity,
a function and a fix. This runner reads each post's files once, skips posts whose inputs
are those of an earlier pass (:mod:`.cache`), and otherwise segments the post
and runs every row. The modules that segment and compare are imported only when a post
has to be checked, so a warm check of an unchanged site loads none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import project as site
from l10n.config import Config, Require
from l10n.errors import FileError, InputError, exit_code
from l10n.files import read_bytes as read_file
from l10n.steps.check.cache import CACHE_FILE, CheckCache, environment_digest, post_digest, read_bytes
from l10n.steps.check.issue import Issue
from l10n.steps.check.msgfmt import find as find_msgfmt

if TYPE_CHECKING:
    from l10n.core.segment import Segmented
    from l10n.mt.glossary import Glossary
    from l10n.steps.sitelinks import SiteLinks

__all__ = ["Issue", "Report", "run"]


@dataclass(frozen=True)
class Report:
    """Issues of one run, and how many posts were checked (and of those, found clean before)."""

    issues: tuple[Issue, ...]
    posts: int
    cached: int

    @property
    def exit_code(self) -> int:
        return exit_code(self.issues)


@dataclass(frozen=True)
class _Run:
    config: Config
    require: Require
    limit: float
    msgfmt: str | None
    environment: str
    cache: CheckCache
    glossaries: dict[str, Glossary | None]
    links: dict[str, SiteLinks]  # per language, made when a post is checked (a warm run needs none)


def run(config: Config, requested: Iterable[Path] = (), *, require: Require | None = None,
        threshold: float | None = None, use_cache: bool = True, msgfmt: str | None = "auto") -> Report:
    """Check the selected posts (all when none are given)."""
    requested = [Path(p) for p in requested]
    glossary_files = {lang: config.glossary_path(lang) for lang in config.languages}
    glossary_bytes = [read_bytes(path) for path in glossary_files.values()]
    tool = find_msgfmt(msgfmt)
    scope, limit = require or config.require, config.threshold if threshold is None else threshold
    # Links depend on which localized posts exist: a post appearing or going changes the verdicts.
    built = {lang: [site.display(config, p) for p in site.built_files(config, lang)] for lang in config.languages}
    env = environment_digest(config, settings={"require": scope, "limit": limit, "built": built},
                             glossaries=glossary_bytes, msgfmt=tool)
    issues: list[Issue] = []
    glossaries: dict[str, Glossary | None] = dict.fromkeys(config.languages)
    if any(data is not None for data in glossary_bytes):  # else a warm run need not load the glossary code
        issues += _load_glossaries(config, glossary_files, glossaries)
    ctx = _Run(config, scope, limit, tool, env, CheckCache.load(config.root / CACHE_FILE if use_cache else None),
               glossaries, {})
    seen: set[str] = set()
    hits = 0
    files = site.select(config, requested)
    for file in files:
        slot, found, hit = _check_post(ctx, file)
        seen.add(slot)
        hits += hit
        issues += found
    if not requested:
        issues += _site_issues(config, files)
        ctx.cache.prune(seen)
    ctx.cache.save()
    return Report(tuple(sorted(issues, key=lambda i: (i.path, i.line or 0))), len(seen), hits)


def _load_glossaries(config: Config, files: dict[str, Path], into: dict[str, Glossary | None]) -> list[Issue]:
    from l10n.mt.glossary import load_glossary

    issues = []
    for lang, path in files.items():
        try:
            into[lang] = load_glossary(path, source_lang=config.source_lang, target_lang=lang)
        except InputError as exc:
            issues.append(_input_issue(exc, site.display(config, path)))
    return issues


def _site_issues(config: Config, files: list[Path]) -> list[Issue]:
    from l10n.steps.check.orphans import SITE_CHECKS, Site

    whole = Site(config, frozenset(p.relative_to(config.source_dir).as_posix() for p in files))
    return [issue for row in SITE_CHECKS for issue in row.issues(whole, path=config.source)]


def _input_issue(exc: InputError, path: str) -> Issue:
    return Issue("input", exc.path or path, exc.line, exc.reason, exc.hint or "fix the file; the check could not run")


def _check_post(ctx: _Run, file: Path) -> tuple[str, list[Issue], bool]:
    """(slot, issues, whether an earlier pass answered) for one post in every language."""
    config = ctx.config
    try:
        rel = site.post_path(config, file)
    except InputError as exc:
        return str(file), [_input_issue(exc, str(file))], False
    display = site.display(config, config.source_dir / rel)
    files = [config.source_dir / rel] + [p for lang in config.languages
                                         for p in (config.po_path(lang, rel), config.output_path(lang, rel))]
    contents = [read_bytes(p) for p in files]
    digest = post_digest(ctx.environment, contents)
    cached = _cached_warnings(ctx.cache, display, digest)
    if cached is not None:
        return display, cached, True
    issues = _fresh(ctx, rel, display, contents)
    # Files edited while the checks ran: keep the answer, but do not file it under that digest.
    if post_digest(ctx.environment, [read_bytes(p) for p in files]) == digest:
        ctx.cache.record(display, digest, passed=not any(i.severity == "error" for i in issues),
                         warnings=[i.to_json() for i in issues if i.severity == "warning"])
    return display, issues, False


def _cached_warnings(cache: CheckCache, display: str, digest: str) -> list[Issue] | None:
    stored = cache.warnings(display, digest)
    if stored is None:
        return None
    try:
        return [Issue(**w) for w in stored]
    except TypeError:  # an entry edited by hand: check the post again
        return None


def _fresh(ctx: _Run, rel: str, display: str, contents: list[bytes | None]) -> list[Issue]:
    from l10n.core import post as post_io
    from l10n.steps.check.posts import POST_CHECKS

    if contents[0] is None:
        try:  # read again for the reason (a missing file, or what the OS said)
            contents[0] = read_file(ctx.config.source_dir / rel, display=display)
        except FileError as exc:
            return [_input_issue(exc, display)]
        if contents[0] is None:
            return [Issue("input", display, None, "cannot read the post", "check that the file exists")]
    try:
        segmented = site.segment_post(ctx.config, post_io.parse(rel, contents[0], display=display))
    except InputError as exc:
        return [_input_issue(exc, display)]
    if site.left_out(ctx.config, segmented, named=False):
        return []
    issues = [issue for row in POST_CHECKS for issue in row.issues(segmented, path=display)]
    for n, lang in enumerate(ctx.config.languages):
        issues += _check_lang(ctx, lang, segmented, contents[2 + 2 * n])
    return issues


def _check_lang(ctx: _Run, lang: str, segmented: Segmented, output: bytes | None) -> list[Issue]:
    from l10n.po import catalog
    from l10n.steps.check.entries import entry_issues
    from l10n.steps.check.posts import CATALOG_CHECKS, Localized

    config = ctx.config
    po_display = site.display(config, config.po_path(lang, segmented.post.path))
    try:
        output_display = site.display(config, site.output_file(config, lang, segmented.post.path))
    except InputError as exc:
        return [_input_issue(exc, segmented.post.display)]
    try:
        entries, report, old = site.merged(config, lang, segmented)
    except FileError as exc:  # an OS failure, not a syntax error: the check could not run (exit 3)
        return [_input_issue(exc, po_display)]
    except InputError as exc:
        return [Issue("po-syntax", po_display, exc.line, exc.reason, exc.hint or "fix the PO file")]
    if lang not in ctx.links:
        from l10n.steps.sitelinks import SiteLinks

        ctx.links[lang] = SiteLinks.scan(config, lang, limit=ctx.limit)
    subject = Localized(config, lang, segmented, po_display, old, entries, report, output, output_display,
                        ctx.limit, ctx.require, ctx.msgfmt, ctx.links[lang])
    issues = [issue for row in CATALOG_CHECKS for issue in row.issues(subject, path=po_display)]
    glossary = ctx.glossaries.get(lang)
    for entry in old or []:
        if not entry.obsolete and catalog.state(entry) == "reviewed":
            issues += entry_issues(entry, po_display, lang=lang, glossary=glossary)
    return issues
