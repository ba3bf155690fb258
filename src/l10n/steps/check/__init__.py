"""``l10n-blog check``: run the check tables over a site, post by post.

The checks are rows of small tables (:mod:`.entries`, :mod:`.posts`): a name, a severity,
a function and a fix. This runner reads each post's files once, answers posts whose inputs
are those of an earlier check from the incremental index (:mod:`.cache`: the verdict, problems
included), and otherwise segments the post and runs every row, in ``jobs`` processes on a
cold run. The modules that segment and compare are imported only when a post has to be
checked, so a check of an unchanged site loads none of them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import project as site
from l10n.config import Config, Require
from l10n.errors import FileError, InputError, exit_code
from l10n.files import read_bytes as read_file
from l10n.fingerprint import file_digest
from l10n.steps.check.cache import from_record, open_index, read_bytes, to_record
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
    glossaries: dict[str, Glossary | None]
    sources: site.Sources
    links: dict[str, SiteLinks] = field(default_factory=dict)  # per language, made when a post is checked


@dataclass(frozen=True)
class _Checked:
    """One post's verdict, as a worker process sends it back."""

    slot: str  # the post's display path
    issues: list[Issue]
    depends: list[str]  # other posts and files the verdict was made of (see SiteLinks.consulted)
    read: dict[str, str] | None  # digests of the post's own files as checked; None: never recorded


def run(config: Config, requested: Iterable[Path] = (), *, require: Require | None = None,
        threshold: float | None = None, use_cache: bool = True, msgfmt: str | None = "auto",
        jobs: int = 1) -> Report:
    """Check the selected posts (all when none are given), in ``jobs`` processes."""
    since = time.time_ns()  # before anything is read: a file changed later is not recorded
    requested = [Path(p) for p in requested]
    glossary_files = {lang: config.glossary_path(lang) for lang in config.languages}
    glossary_bytes = [read_bytes(path) for path in glossary_files.values()]
    tool = find_msgfmt(msgfmt)
    scope, limit = require or config.require, config.threshold if threshold is None else threshold
    every = site.sources(config)
    posts = site.selected(config, requested, every)
    issues: list[Issue] = []
    glossaries: dict[str, Glossary | None] = dict.fromkeys(config.languages)
    if any(data is not None for data in glossary_bytes):  # else a warm run need not load the glossary code
        issues += _load_glossaries(config, glossary_files, glossaries)
    index = open_index(config, every.rels, require=scope, limit=limit, msgfmt=tool,
                       glossaries=glossary_bytes) if use_cache else None
    rels = [rel for rel, _ in posts]
    answered: dict[int, list[Issue]] = {}
    for number, rel in enumerate(rels):
        found = from_record(rel, index.lookup(rel, named=False)) if index is not None and rel else None
        if found is not None:
            answered[number] = found
    todo = [number for number in range(len(posts)) if number not in answered]
    ctx = _Run(config, scope, limit, tool, glossaries, every)
    todo_files = [Path(posts[number][1]) for number in todo]
    # Each result is filed as it comes and only its issues are kept: at 10,000 posts all the
    # results (digests, dependencies) held until the end were a fifth of a cold check's peak.
    fresh: dict[int, list[Issue]] = {}
    slots, numbers = set(), iter(todo)
    for checked in _map(ctx, todo_files, jobs):  # every result taken: the pool closes
        number = next(numbers)
        slots.add(checked.slot)
        if checked.issues:
            fresh[number] = checked.issues
        rel = rels[number]
        if index is not None and rel and checked.read is not None:
            index.store(rel, to_record(rel, checked.issues), named=False, depends=checked.depends, since=since,
                        read=checked.read)
    hits = 0
    folder = site.display(config, config.source_dir)
    for number in range(len(posts)):
        if number in answered:  # the post's display path (as display() gives it, without a Path per post)
            slots.add(f"{folder}/{rels[number]}" if folder != "." else str(rels[number]))
            hits += not any(issue.severity == "error" for issue in answered[number])
            issues += answered[number]
        else:
            issues += fresh.get(number, ())
    if not requested:
        issues += _site_issues(config, every)
    if index is not None:
        if not requested:
            index.keep_only({rel for rel in rels if rel})
        index.save()
    return Report(tuple(sorted(issues, key=lambda i: (i.path, i.line or 0))), len(slots), hits)


def _map(ctx: _Run, files: list[Path], jobs: int) -> Iterator[_Checked]:
    """The posts checked in order, in groups (one msgfmt run per group), in ``jobs`` processes."""
    if not files:
        return
    from l10n import pool

    shared = jobs > 1 and len(files) >= pool.MIN_POSTS
    if shared:  # what every worker needs, loaded once before the fork
        from l10n.po import catalog  # noqa: F401
        from l10n.steps.check import entries, posts  # noqa: F401
    size = max(1, min(_GROUP, len(files) // pool.MIN_POSTS)) if shared else _GROUP  # enough groups to share
    groups = [files[start:start + size] for start in range(0, len(files), size)]
    for checked in pool.map_posts(partial(_check_group, ctx), groups, jobs=jobs):
        yield from checked


_GROUP = 16  # posts whose PO files one msgfmt process checks (a process per file was a third of a cold check)


def _load_glossaries(config: Config, files: dict[str, Path], into: dict[str, Glossary | None]) -> list[Issue]:
    from l10n.mt.glossary import load_glossary

    issues = []
    for lang, path in files.items():
        try:
            into[lang] = load_glossary(path, source_lang=config.source_lang, target_lang=lang)
        except InputError as exc:
            issues.append(_input_issue(exc, site.display(config, path)))
    return issues


def _site_issues(config: Config, every: site.Sources) -> list[Issue]:
    from l10n.steps.check.orphans import SITE_CHECKS, Site

    whole = Site(config, frozenset(every.rels))
    return [issue for row in SITE_CHECKS for issue in row.issues(whole, path=config.source)]


def _input_issue(exc: InputError, path: str) -> Issue:
    return Issue("input", exc.path or path, exc.line, exc.reason, exc.hint or "fix the file; the check could not run")


@dataclass(frozen=True)
class _Read:
    """A post's own files as read before it is checked: the source, then PO and built file per language."""

    rel: str
    display: str
    paths: list[Path]
    contents: list[bytes | None]


def _check_group(ctx: _Run, files: list[Path]) -> list[_Checked]:
    """The posts of one group; one ``msgfmt -c`` for all their PO files when it has nothing to say."""
    posts = [_read(ctx.config, file) for file in files]
    accepted: set[Path] = set()
    if ctx.msgfmt is not None:
        from l10n.steps.check import msgfmt

        shared = [(path, data) for post in posts if isinstance(post, _Read)
                  for path, data in zip(post.paths[1::2], post.contents[1::2])
                  if data is not None and msgfmt.shareable(data)]
        if len(shared) > 1 and msgfmt.accepted(ctx.msgfmt, [data for _, data in shared]):
            accepted = {path for path, _ in shared}
    return [post if isinstance(post, _Checked) else _check_post(ctx, post, accepted) for post in posts]


def _read(config: Config, file: Path) -> _Read | _Checked:
    try:
        rel = site.post_path(config, file)
    except InputError as exc:
        return _Checked(str(file), [_input_issue(exc, str(file))], [], None)
    paths = [config.source_dir / rel] + [p for lang in config.languages
                                         for p in (config.po_path(lang, rel), config.output_path(lang, rel))]
    return _Read(rel, site.display(config, paths[0]), paths, [read_bytes(p) for p in paths])


def _check_post(ctx: _Run, post: _Read, accepted: set[Path]) -> _Checked:
    """The issues of one post in every language, and what the verdict depends on.

    ``accepted``: PO files that ``msgfmt -c`` has already passed (with the bytes read here)."""
    read = {str(path): file_digest(data) for path, data in zip(post.paths, post.contents)}
    depends: set[str] = set()
    issues, recordable = _fresh(ctx, post, accepted, depends)
    return _Checked(post.display, issues, sorted(depends - {post.rel}), read if recordable else None)


def _fresh(ctx: _Run, post: _Read, accepted: set[Path], depends: set[str]) -> tuple[list[Issue], bool]:
    """The post's issues, and whether they may be recorded (not when the file system failed)."""
    from l10n.core import post as post_io
    from l10n.steps.check.posts import POST_CHECKS

    rel, display, contents = post.rel, post.display, list(post.contents)

    if contents[0] is None:
        try:  # read again for the reason (a missing file, or what the OS said)
            contents[0] = read_file(ctx.config.source_dir / rel, display=display)
        except FileError as exc:
            return [_input_issue(exc, display)], False
        if contents[0] is None:
            return [Issue("input", display, None, "cannot read the post", "check that the file exists")], False
    try:
        segmented = site.segment_post(ctx.config, post_io.parse(rel, contents[0], display=display))
    except InputError as exc:
        return [_input_issue(exc, display)], True  # the same bytes fail the same way
    if site.left_out(ctx.config, segmented, named=False):
        return [], True
    issues = [issue for row in POST_CHECKS for issue in row.issues(segmented, path=display)]
    recordable = True
    for n, lang in enumerate(ctx.config.languages):
        found, ok = _check_lang(ctx, lang, segmented, contents[2 + 2 * n], post.paths[1 + 2 * n] in accepted, depends)
        issues += found
        recordable = recordable and ok
    return issues, recordable


def _check_lang(ctx: _Run, lang: str, segmented: Segmented, output: bytes | None, accepted: bool,
                depends: set[str]) -> tuple[list[Issue], bool]:
    from l10n.po import catalog
    from l10n.steps.check.entries import entry_issues
    from l10n.steps.check.posts import CATALOG_CHECKS, Localized

    config = ctx.config
    po_display = site.display(config, config.po_path(lang, segmented.post.path))
    try:
        output_display = site.display(config, site.output_file(config, lang, segmented.post.path))
    except InputError as exc:
        return [_input_issue(exc, segmented.post.display)], True
    try:
        entries, report, old = site.merged(config, lang, segmented)
    except FileError as exc:  # an OS failure, not a syntax error: the check could not run (exit 3)
        return [_input_issue(exc, po_display)], False
    except InputError as exc:
        return [Issue("po-syntax", po_display, exc.line, exc.reason, exc.hint or "fix the PO file")], True
    if lang not in ctx.links:
        from l10n.steps.sitelinks import SiteLinks

        ctx.links[lang] = SiteLinks.scan(config, lang, limit=ctx.limit, sources=ctx.sources)
    links = ctx.links[lang]
    links.consulted.clear()
    subject = Localized(config, lang, segmented, po_display, old, entries, report, output, output_display,
                        ctx.limit, ctx.require, None if accepted else ctx.msgfmt, links)
    issues = [issue for row in CATALOG_CHECKS for issue in row.issues(subject, path=po_display)]
    depends.update(links.consulted)
    glossary = ctx.glossaries.get(lang)
    for entry in old or []:
        if not entry.obsolete and catalog.state(entry) == "reviewed":
            issues += entry_issues(entry, po_display, lang=lang, glossary=glossary)
    return issues, True
