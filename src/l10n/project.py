"""A site: the configured posts and their catalogs, processed post by post.

Each step returns per-post outcomes and the errors it met; one bad post or PO file is
reported and skipped, never allowed to stop the others.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from l10n import fingerprint
from l10n.config import Config
from l10n.core import layout, presets
from l10n.core import post as post_io
from l10n.errors import InputError, L10nError
from l10n.files import POST_SUFFIXES, find_posts, po_file_names, post_names, write_atomic

if TYPE_CHECKING:  # imported where used: `l10n-blog check` on an unchanged site needs none of these
    from l10n.core.coverage import Figure
    from l10n.core.segment import Segmented
    from l10n.incremental import Index
    from l10n.po import catalog, store
    from l10n.segment_cache import Segments


@dataclass(frozen=True)
class Skipped:
    """A post left out on purpose, and why (``opted out``, ``not adopted``)."""

    post: str
    reason: str


@dataclass
class Outcome:
    """What one step did to one post in one language."""

    post: str
    lang: str
    action: str  # created, updated, unchanged, written, skipped
    detail: str = ""
    counts: catalog.Counts | None = None
    report: catalog.MergeReport | None = None
    depends: tuple[str, ...] = ()  # other posts the outcome depends on ("*": every source post)
    coverage: Figure | None = None  # Japanese the units offer and miss (status)


@dataclass
class Run:
    """Outcomes and errors of one command over many posts."""

    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # opted out, or not adopted yet (partial mode)


def _real_name(name: str, folders: dict[str, str], links: dict[str, frozenset[str] | None] | None = None) -> str:
    """``os.path.realpath(name)``; a name that is not a symbolic link costs one ``lstat``: it is
    its resolved folder (kept in ``folders``) plus the name, which is what ``realpath`` gives
    too, without checking every component of the path again for each of 1,000 posts.

    With ``links`` (a cache: folder -> names of its symbolic links), the folder is listed once
    instead of one ``lstat`` per name.
    """
    head, slash, tail = name.rpartition("/")
    if tail in ("", ".", ".."):
        return os.path.realpath(name)
    parent = (head or "/") if slash else "."
    listed = _links(parent, links) if links is not None else None
    if listed is not None:
        link = tail in listed
    else:
        try:
            link = stat.S_ISLNK(os.lstat(name).st_mode)
        except FileNotFoundError:
            link = False  # realpath keeps a missing name as it is, after its resolved folder
        except OSError:
            link = True  # anything odd: let realpath deal with it
    if link:
        return os.path.realpath(name)
    if parent not in folders:
        folders[parent] = os.path.realpath(parent)
    return os.path.join(folders[parent], tail)


def _links(folder: str, cache: dict[str, frozenset[str] | None]) -> frozenset[str] | None:
    """The names of the symbolic links in ``folder`` (none when it does not exist); None when it
    cannot be listed (the caller asks name by name)."""
    if folder not in cache:
        try:
            with os.scandir(folder) as entries:
                cache[folder] = frozenset(e.name for e in entries if e.is_symlink())
        except FileNotFoundError:
            cache[folder] = frozenset()
        except OSError:
            cache[folder] = None
    return cache[folder]


def post_path(config: Config, file: Path, *, folders: dict[str, str] | None = None) -> str:
    """A post's identity: its path under the source folder (``a/b.md``), whatever ``file`` is relative to.

    ``folders`` caches resolved folders across the calls of one run (see :func:`_real_name`).
    """
    folders = {} if folders is None else folders
    resolved, source_dir = _real_name(str(file), folders), _real_name(str(config.source_dir), folders)
    inside = source_dir.rstrip(os.sep) + os.sep  # both are absolute and normalized: a prefix test suffices
    if not resolved.startswith(inside):
        raise InputError(f"is not under the source folder {config.source}", path=str(file),
                         hint="name posts of the source folder")
    rel = resolved[len(inside):].replace(os.sep, "/")
    bad = _CONTROL.search(rel)
    if bad:
        # PO references (#: lines) cannot hold one: a line break makes the file unreadable (gettext,
        # polib, l10n), a tab splits the reference in two, so the catalog never looks up to date.
        what = "a line break" if bad.group() in "\r\n" else f"the control character {bad.group()!r}"
        raise InputError(f"the file name contains {what}", path=repr(display(config, config.source_dir / rel))[1:-1],
                         hint="rename the post without line breaks, tabs or other control characters")
    return rel


_CONTROL = re.compile("[\x00-\x1f]")


# --- which posts are sources --------------------------------------------------------------

@dataclass(frozen=True)
class Sources:
    """Every source post of the site, walked once per run: names under the source folder as
    found (``a/b.md``), in order; ``links`` are those that are symbolic links."""

    folder: Path
    rels: list[str]
    links: frozenset[str] = frozenset()

    def files(self) -> list[Path]:
        return [self.folder / rel for rel in self.rels]

    def names(self) -> list[str]:
        """The posts' file names (what :func:`join` gives), without path objects."""
        folder = str(self.folder)
        return [join(folder, rel) for rel in self.rels]


def join(folder: str, name: str) -> str:
    """``os.path.join(folder, name)`` for the loops over every post of a run (a fifth of its cost)."""
    if os.sep != "/" or name.startswith("/") or not folder or folder.endswith("/"):
        return os.path.join(folder, name)
    return f"{folder}/{name}"


def sources(config: Config) -> Sources:
    """The site's source posts: built files (anything an ``output`` template can produce) are
    never sources; ``include`` and ``exclude`` globs apply; an output that would land on a
    source, or two posts sharing an output, stop the run before anything is written."""
    if not config.source_dir.is_dir():
        raise InputError(f"source: the folder {config.source} does not exist", path=config.config_path,
                         hint="set source to the folder of your Japanese posts, or run `l10n-blog init`")
    found = _sources(config)
    _refuse_overwrites(config, found)
    return found


def select(config: Config, requested: Iterable[Path] = (), *, sources: Sources | None = None) -> list[Path]:
    """The source posts to process: named ones, or every post of the source folder (see :func:`sources`).

    Finding no post at all is an error. ``sources``: what :func:`sources` returned earlier in
    the same run (not walked again).
    """
    site = _site_sources(config, sources)
    requested = list(requested)
    if not requested:
        _some(config, site)
        return site.files()
    chosen = set(site.rels)
    out: list[Path] = []
    for item in requested:
        found = find_posts(item) if item.is_dir() else [item]
        for file in found:
            rel = post_path(config, file)  # raises for a file outside the source folder
            if rel not in chosen:
                raise InputError("is not a source post (a built file, or left out by include/exclude)",
                                 path=display(config, config.source_dir / rel))
            out.append(file)
    return out


def _site_sources(config: Config, given: Sources | None) -> Sources:
    return sources(config) if given is None else given


def _some(config: Config, site: Sources) -> None:
    if not site.rels:
        raise InputError(f"no posts selected in {config.source} (include/exclude, or only built files)",
                         path=config.config_path, hint="check source, include and exclude")


def _sources(config: Config) -> Sources:
    outputs = [layout.matcher(layout.parse(config.output, allowed=None, where="output"), config.languages,
                              POST_SUFFIXES)]
    found, links = [], []
    source_dir = config.source_dir
    # post_names names files as source_dir/..., so the relative paths are suffixes of the names
    # (string slices: pathlib's relative_to costs more than the rest of this loop).
    cut = len(str(source_dir).rstrip(os.sep)) + 1
    site = source_dir.relative_to(config.root).as_posix()
    site_prefix = "" if site == "." else site + "/"
    include, exclude = config.include, config.exclude
    for name, link in post_names(str(source_dir)):
        rel = name[cut:] if os.sep == "/" else Path(name[cut:]).as_posix()
        if any(pattern.match(site_prefix + rel) for pattern in outputs):
            continue
        if include and not any(fnmatch.fnmatchcase(rel, g) for g in include):
            continue
        if exclude and any(fnmatch.fnmatchcase(rel, g) for g in exclude):
            continue
        found.append(rel)
        if link:
            links.append(rel)
    return Sources(source_dir, found, frozenset(links))


def _refuse_overwrites(config: Config, site: Sources) -> None:
    # (no file name holds a NUL: the joined names are the list)
    key = None if site.links else fingerprint.combine(fingerprint.code_digest(), repr(config), "\0".join(site.rels))
    if key is not None and _verdict_holds(config, site, key):
        return
    folders: dict[str, str] = {}
    inside = _real_name(str(site.folder), folders).rstrip(os.sep) + os.sep
    # A walked post that is not a symbolic link is its resolved folder plus its name (the walk
    # does not enter linked folders): no lstat per post.
    taken: dict[str, tuple[str, str | None]] = {
        (_real_name(str(site.folder / rel), folders) if rel in site.links else inside + rel): (rel, None)
        for rel in site.rels}
    root = str(config.root)
    links: dict[str, frozenset[str] | None] = {}
    plain = os.sep == "/"  # every output is a name that is no link in a folder listed for its links
    for rel in site.rels:
        for lang in config.languages:
            name = join(root, config.output_name(lang, rel))
            # _real_name(name, folders, links), its usual case inlined (a name that is no link in a
            # listed folder): 1,000 calls are a tenth of a run with nothing to do.
            parent, slash, tail = name.rpartition("/")
            listed = None if not slash or not parent or tail in ("", ".", "..") else \
                links[parent] if parent in links else _links(parent, links)
            if listed is not None and tail not in listed:
                if parent not in folders:
                    folders[parent] = os.path.realpath(parent)
                target = join(folders[parent], tail)
            else:
                target, plain = _real_name(name, folders, links), False
            if target in taken:
                owner, owner_lang = taken[target]
                what = "overwrite a source post" if owner_lang is None else \
                    f"also be written for {display(config, site.folder / owner)} [{owner_lang}]"
                raise InputError(f"output: {display(config, Path(target))} would {what}", path=config.config_path,
                                 hint=f"{display(config, site.folder / rel)} is a source; change output so that "
                                      "every language gets its own file")
            taken[target] = (rel, lang)
    if key is not None and plain:
        _keep_verdict(config, key, inside, {parent: (folders[parent], listed) for parent, listed in links.items()
                                            if listed is not None})


# The overwrite check's verdict is kept (a no-change run renders no output name): it holds while
# the post list, config and code are the same (the key), the source folder resolves as it did, and
# every output folder resolves as it did and holds the same symbolic links (none of them an output:
# the verdict is kept only when every output resolved as its folder plus its name).
_VERDICT = ".l10n/cache/outputs.json"


def _verdict_holds(config: Config, site: Sources, key: str) -> bool:
    try:
        with open(config.root / _VERDICT, encoding="utf-8") as stream:
            kept = json.load(stream)
        if kept["key"] != key or kept["inside"] != _real_name(str(site.folder), {}).rstrip(os.sep) + os.sep:
            return False
        links: dict[str, frozenset[str] | None] = {}
        return all(os.path.realpath(folder) == real and _links(folder, links) == frozenset(linked)
                   for folder, real, linked in kept["folders"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _keep_verdict(config: Config, key: str, inside: str, folders: dict[str, tuple[str, frozenset[str]]]) -> None:
    kept = {"key": key, "inside": inside,
            "folders": [[folder, real, sorted(linked)] for folder, (real, linked) in sorted(folders.items())]}
    try:
        write_atomic(config.root / _VERDICT, json.dumps(kept, ensure_ascii=False).encode("utf-8"))
    except L10nError:
        pass  # only costs the next run the check


def built_files(config: Config, lang: str) -> list[Path]:
    """Every file on disk that the output template can produce in ``lang`` (built posts, orphans too)."""
    return [Path(name) for name in built_names(config, lang)]


def built_names(config: Config, lang: str) -> list[str]:
    """:func:`built_files` as file names (``str`` of each path), without a path object per file."""
    template = layout.parse(config.output, allowed=None, where="output")
    pattern = layout.matcher(template, [lang], POST_SUFFIXES)
    fixed = []
    for kind, value in template.parts:
        if kind == "name" and value not in ("lang", "lang_id"):
            break
        fixed.append(value if kind == "text" else layout.post_values("x", lang)[value])
    folder, root = config.root / "".join(fixed).rpartition("/")[0], str(config.root)
    cut = len(root.rstrip(os.sep)) + 1
    if os.sep != "/" or not str(folder).startswith(root.rstrip(os.sep) + os.sep):  # as pathlib relates them
        return [str(f) for f in find_posts(folder) if pattern.match(f.relative_to(config.root).as_posix())]
    return [name for name, _ in post_names(str(folder)) if pattern.match(name[cut:])]


def output_file(config: Config, lang: str, rel: str) -> Path:
    """Where a post is built in ``lang``; a name the generator cannot publish is an InputError."""
    target = config.output_path(lang, rel)
    if presets.PRESETS[config.preset].generator == "zenn":
        problem = layout.zenn_slug_problem(target.name.rsplit(".", 1)[0])
        if problem:
            raise InputError(f"cannot be published in {lang} as {display(config, target)}: {problem}",
                             path=display(config, config.source_dir / rel),
                             hint="rename the article to a slug of at most 50 characters with room for the suffix")
    return target


def segment_post(config: Config, post: post_io.Post) -> Segmented:
    """Segment with the site's settings."""
    from l10n.core.segment import segment

    return segment(post, keys=config.keys, list_keys=config.list_keys, unit=config.unit, keep_html=config.keep_html,
                   templates=config.templates)


def load_post(config: Config, file: Path, *, segments: Segments | None = None, rel: str | None = None
              ) -> Segmented:
    """Read and segment one post of the source folder (through the saved ``segments`` when given);
    ``rel``: its :func:`post_path` when the caller knows it."""
    rel = post_path(config, file) if rel is None else rel
    source = config.source_dir / rel
    post = post_io.read(source, path=rel, display=display(config, source))
    return segment_post(config, post) if segments is None else segments.load(post, partial(segment_post, config))


def load_posts(config: Config, requested: Iterable[Path] = (), *, skipped: list[Skipped] | None = None
               ) -> Iterator[tuple[Path, Segmented | L10nError]]:
    """Each selected post, segmented, or the error that stopped it.

    Posts that opted out (``l10n: false``) and, in partial adoption, posts with neither a PO
    file nor ``l10n: true`` are left out (named in ``skipped``) unless named on the command line.
    """
    requested = list(requested)
    for file in select(config, requested):
        try:
            item = load_post(config, file)
        except L10nError as exc:
            yield file, exc
            continue
        reason = left_out(config, item, named=bool(requested))
        if reason:
            if skipped is not None:
                skipped.append(Skipped(item.post.display, reason))
            continue
        yield file, item


def left_out(config: Config, item: Segmented, *, named: bool) -> str | None:
    if item.flag is not None:  # saved with the segmentation: no YAML parser
        flag = item.flag[0]
    else:
        from l10n.core import frontmatter  # yaml: loaded only when a post is read

        flag = frontmatter.flag(item.post, config.opt_key)
    if flag is False:
        return "opted out"
    if named or flag or config.adoption == "all":
        return None
    if any(config.po_path(lang, item.post.path).is_file() for lang in config.languages):
        return None
    return "not adopted"


T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F")  # a post's file, or its name and post path


@dataclass
class PostResult(Generic[T]):
    """What the per-post loop got from one post: step results, errors, or why it was left out."""

    results: list[T] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)
    skipped: Skipped | None = None
    unreadable: bool = False  # the post itself could not be read or segmented (``errors`` says why)


def process_post(config: Config, file: Path | tuple[str, str | None], step: Callable[[Segmented, str], T | None],
                 languages: Sequence[str], *, named: bool, segments: Segments | None = None) -> PostResult[T]:
    """Load one post and run ``step`` on it per language; every :class:`L10nError` is collected.

    ``file``: the post's file, or its name and post path (None: worked out from the name).
    """
    result: PostResult[T] = PostResult()
    name, rel = (file, None) if isinstance(file, Path) else (Path(file[0]), file[1])
    try:
        item = load_post(config, name, segments=segments, rel=rel)
    except L10nError as exc:
        result.errors.append(exc)
        result.unreadable = True
        return result
    reason = left_out(config, item, named=named)
    if reason:
        result.skipped = Skipped(item.post.display, reason)
        return result
    for lang in languages:
        try:
            found = step(item, lang)
        except L10nError as exc:
            result.errors.append(exc)
            continue
        if found is not None:
            result.results.append(found)
    return result


def each_post(config: Config, requested: Iterable[Path], step: Callable[[Segmented, str], T | None],
              errors: list[L10nError], *, languages: Iterable[str] | None = None,
              skipped: list[Skipped] | None = None, jobs: int = 1) -> list[T]:
    """THE per-post loop: ``step(post, lang)`` for every selected post and language (all by default).

    A post that cannot be read, or a step that raises :class:`L10nError` (a bad PO file, a
    disk that is full), is recorded in ``errors`` and the loop goes on with the next one.
    Any other exception is a bug and stops the run. Posts left out are named in ``skipped``.
    With ``jobs`` > 1, posts are processed in that many processes; results keep their order.
    """
    requested = list(requested)
    langs = list(config.languages if languages is None else languages)
    work = partial(process_post, config, step=step, languages=langs, named=bool(requested))
    found: list[T] = []
    for result in _map(work, select(config, requested), jobs):
        _collect(result, found, errors, skipped)
    return found


def _map(work: Callable[[F], R], files: list[F], jobs: int) -> Iterable[R]:
    """``work`` over ``files`` (or names with post paths) in order; multiprocessing is loaded only when
    a pool may be used."""
    if jobs <= 1 or len(files) < 2:
        return map(work, files)
    from l10n import pool

    if len(files) >= pool.MIN_POSTS:  # what every worker needs, loaded once before the fork
        from l10n.core import segment  # noqa: F401
        from l10n.po import catalog  # noqa: F401
    return pool.map_posts(work, files, jobs=jobs)


def _collect(result: PostResult[T], found: list[T], errors: list[L10nError], skipped: list[Skipped] | None) -> None:
    found += result.results
    errors += result.errors
    if result.skipped and skipped is not None:
        skipped.append(result.skipped)


def run_each(config: Config, requested: Iterable[Path], step: Callable[[Segmented, str], Outcome | None], *,
             jobs: int = 1, index: Index | None = None, sources: Sources | None = None, subset: bool = False,
             rerun: Callable[[Outcome], Outcome] = lambda outcome: outcome, segments: Segments | None = None) -> Run:
    """:func:`each_post` for a step that reports an :class:`Outcome` per post and language.

    With an ``index``, a post whose inputs are unchanged since the last run is not read: its
    recorded outcomes are reported again (``rerun`` turns a run's outcome into what an
    unchanged re-run reports, e.g. ``created`` into ``unchanged``). ``sources``: see :func:`select`.
    ``segments``: the saved segmentations posts are loaded through (see :mod:`l10n.segment_cache`).
    With ``subset``, ``sources`` are only some of the site's posts (``watch``: those a change
    touched), processed as a run over the whole site would; the index keeps the others' records.
    """
    run = Run()
    requested = list(requested)
    named = bool(requested)
    posts = selected(config, requested, sources)
    cached: dict[int, PostResult[Outcome]] = {}
    if index is not None:
        for number, (rel, _) in enumerate(posts):
            value = index.lookup(rel, named=named) if rel else None
            if value is not None:
                cached[number] = _result_from_json(value)
    todo = [number for number in range(len(posts)) if number not in cached]
    work = partial(process_post, config, step=step, languages=list(config.languages), named=named, segments=segments)
    fresh: dict[int, PostResult[Outcome]] = {}
    recorded: set[int] = set()
    settling: deque[tuple[int, int, str]] = deque()  # (arrival, number, path) of results to record once settled
    pending = _Pending(index, [posts[number][0] for number in todo]) if index is not None else None
    # Every result is taken (the generator runs to its end): a pool whose generator is abandoned is
    # terminated, not closed, and terminate() once left a worker waiting forever on the task queue.
    # The post paths of the walk go along: a worker need not resolve them again (realpath per post).
    for place, result in enumerate(_map(work, [(posts[number][1], posts[number][0]) for number in todo], jobs)):
        number = todo[place]
        fresh[number] = result
        rel = posts[number][0]
        if pending is not None and rel and _record_early(rel, result, pending):
            # Recorded while the pool works on later posts (the parent is idle, and a record after
            # the pool was a tenth of a second with one core busy), but only once the post's files
            # are older than the index's settle time, so their status is kept as at the end.
            settling.append((time.monotonic_ns(), number, rel))
            settled = time.monotonic_ns() - _SETTLE_NS
            while settling and settling[0][0] < settled:
                _, early, early_rel = settling.popleft()
                _record(pending.index, early_rel, fresh[early], rerun, named=named)
                recorded.add(early)
    done: list[tuple[str, PostResult[Outcome]]] = []
    for number, (rel, _) in enumerate(posts):
        result = cached.get(number) or fresh[number]
        _collect(result, run.outcomes, run.errors, run.skipped)
        if rel and number in fresh and number not in recorded and (not result.errors or _recordable(result)):
            done.append((rel, result))
    if index is not None:
        # Recorded after every post was written: a post's links may depend on files written after it.
        for rel, result in done:
            _record(index, rel, result, rerun, named=named)
        if not named and not subset:
            index.keep_only({rel for rel, _ in posts if rel})
        index.save()
    return run


# A little more than the incremental index's settle time (see l10n.incremental.SETTLE_NS).
_SETTLE_NS = 150_000_000


class _Pending:
    """The files of the posts a run processes: those it may still write (built posts, PO files)."""

    def __init__(self, index: Index, rels: list[str | None]) -> None:
        self.index, self.rels = index, rels
        self._names: set[str] | None = None

    def settled(self, depends: str) -> bool:
        """Whether what ``depends`` names can no longer change in this run: ``*`` (every post's
        frontmatter: sources are only read), or a post or site file no processed post has as a file."""
        if depends == "*":
            return True
        if self._names is None:
            self._names = {str(name) for rel in self.rels if rel for name in self.index.files(rel)}
        return not any(str(name) in self._names for name in self.index.files(depends))


def _record_early(rel: str, result: PostResult[Outcome], pending: _Pending) -> bool:
    """Whether a post's result can be recorded before the run's other posts are written: nothing
    else it depends on is a file the run may still write, and it would be recorded at all."""
    return (all(d == rel or pending.settled(d) for o in result.results for d in o.depends)
            and (not result.errors or _recordable(result)))


def _record(index: Index, rel: str, result: PostResult[Outcome], rerun: Callable[[Outcome], Outcome], *,
            named: bool) -> None:
    rerun_result = PostResult([rerun(o) for o in result.results], result.errors, result.skipped)
    depends = sorted({d for o in result.results for d in o.depends} - {rel})
    index.store(rel, _result_to_json(rerun_result), named=named, depends=depends)


def selected(config: Config, requested: list[Path], given: Sources | None) -> list[tuple[str | None, str]]:
    """The selected posts (see :func:`select`) as (post path for the index, or None when it has none;
    file name), without a path object or a ``realpath`` per walked post."""
    folders: dict[str, str] = {}
    if requested:
        return [(_rel(config, file, folders), str(file)) for file in select(config, requested, sources=given)]
    site = _site_sources(config, given)
    _some(config, site)
    posts: list[tuple[str | None, str]] = []
    for walked, name in zip(site.rels, site.names()):
        # A walked name that is no link and holds no control character is its own post path.
        plain = walked not in site.links and not _CONTROL.search(walked)
        posts.append((walked if plain else _rel(config, Path(name), folders), name))
    return posts


def _rel(config: Config, file: Path, folders: dict[str, str]) -> str | None:
    """The post's path for the index, or None when it has none (the loop reports why)."""
    try:
        return post_path(config, file, folders=folders)
    except L10nError:
        return None


def _recordable(result: PostResult[Outcome]) -> bool:
    """A post that cannot be read because of what it holds (bad YAML, say) fails the same way as
    long as its bytes, the config and the code are the same: its error is recorded and reported
    again. Errors of the file system (FileError) or of a step are never recorded."""
    return result.unreadable and all(type(e) is InputError and _same(e, _error_from_json(_error_to_json(e)))
                                     for e in result.errors)


def _same(a: L10nError, b: L10nError) -> bool:
    return (type(a), str(a), a.hint, a.__dict__) == (type(b), str(b), b.hint, b.__dict__)


def _error_to_json(error: InputError) -> list[Any]:
    return [error.reason, error.path, error.line, error.hint]


def _error_from_json(data: list[Any]) -> InputError:
    reason, path, line, hint = data
    return InputError(reason, path=path, line=line, hint=hint)


# A record holds dataclass fields by position (its environment includes the code that reads it):
# decoding 1,000 records is a good part of a run with nothing to do.

def _result_to_json(result: PostResult[Outcome]) -> list[Any]:
    errors = [_error_to_json(e) for e in result.errors if isinstance(e, InputError)]
    return [[_outcome_to_json(o) for o in result.results],
            [result.skipped.post, result.skipped.reason] if result.skipped else None, errors]


def _result_from_json(value: list[Any]) -> PostResult[Outcome]:
    outcomes, skipped, errors = value
    return PostResult(list(map(_outcome_from_json, outcomes)), [_error_from_json(e) for e in errors] if errors else [],
                      Skipped(skipped[0], skipped[1]) if skipped else None, unreadable=bool(errors))


def _fields(value: object) -> list[Any] | None:
    return None if value is None else list(vars(value).values())


def _outcome_to_json(outcome: Outcome) -> list[Any]:
    return [outcome.post, outcome.lang, outcome.action, outcome.detail, _fields(outcome.counts),
            _fields(outcome.report), list(outcome.depends), _fields(outcome.coverage)]


def _outcome_from_json(data: list[Any]) -> Outcome:
    post, lang, action, detail, counts, report, depends, figure = data
    if counts is not None or report is not None:
        Counts, MergeReport = _catalog_types()
    if figure is not None:
        Figure = _figure_type()
    return Outcome(post, lang, action, detail, None if counts is None else Counts(counts),
                   None if report is None else MergeReport(*report), tuple(depends),
                   None if figure is None else Figure(figure))


# Looked up once, not by an import statement per outcome (2 µs each: 2 ms of a run over 1,000 posts).
@cache
def _catalog_types() -> tuple[Callable[[Sequence[Any]], catalog.Counts], type[catalog.MergeReport]]:
    from l10n.po.model import Counts, MergeReport  # imported here: project does not depend on po

    return _maker(Counts), MergeReport


@cache
def _figure_type() -> Callable[[Sequence[Any]], Figure]:
    from l10n.core.coverage import Figure

    return _maker(Figure)


def _maker(cls: type[T]) -> Callable[[Sequence[Any]], T]:
    """``cls(*values)`` for a frozen dataclass that only stores its fields, without the frozen
    ``__init__``'s ``object.__setattr__`` per field (half the cost of reading back an outcome)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        return lambda values: cls(*values)
    new = object.__new__

    def make(values: Sequence[Any]) -> T:
        if len(values) != len(names):
            return cls(*values)
        made = new(cls)
        made.__dict__.update(zip(names, values))
        return made

    return make


def po_path(config: Config, lang: str, segmented: Segmented) -> Path:
    return config.po_path(lang, segmented.post.path)


def po_files(config: Config, lang: str) -> list[Path]:
    """All PO files of ``lang`` (the folder part of the ``po`` pattern before ``{path}``)."""
    folder = config.po_folder(lang)
    return sorted(p for p in folder.rglob("*.po") if not p.name.startswith(".")) if folder.is_dir() else []


def po_names(config: Config, lang: str) -> list[str]:
    """:func:`po_files` as file names, sorted alike, without a path object per file."""
    folder = config.po_folder(lang)
    return po_file_names(str(folder)) if folder.is_dir() else []


def display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def template(config: Config, segmented: Segmented) -> list[catalog.TemplateEntry]:
    """The post's template entries as this site's settings write them (``location``, ``paragraph_comment``)."""
    from l10n.po import catalog

    return catalog.template(segmented, location=config.location, paragraphs=config.paragraph_comment)


def save_po(config: Config, lang: str, segmented: Segmented, changes: Mapping[catalog.Key, catalog.Entry],
            base: Mapping[catalog.Key, catalog.Entry], *, now: Callable[[], datetime] | None = None
            ) -> list[catalog.Entry]:
    """Write ``changes`` into the post's PO file as it is on disk now (see :func:`l10n.po.store.save_merged`)."""
    from l10n.po import store

    path = po_path(config, lang, segmented)
    return store.save_merged(path, changes, base, template=template(config, segmented), lang=lang,
                             post_display=segmented.post.display, fuzzy_threshold=config.fuzzy_threshold,
                             display=display(config, path), now=now)


def update_po(config: Config, lang: str, segmented: Segmented, *, now: Callable[[], datetime] | None = None
              ) -> store.Saved:
    """Bring the post's PO file up to date with the post (what ``extract`` writes); a file saved
    by someone else meanwhile is merged again, never overwritten (see :func:`save_po`)."""
    from l10n.po import store

    path = po_path(config, lang, segmented)
    return store.merge_and_save(path, {}, {}, template=template(config, segmented), lang=lang,
                                post_display=segmented.post.display, fuzzy_threshold=config.fuzzy_threshold,
                                display=display(config, path), now=now)


def merged(config: Config, lang: str, segmented: Segmented
           ) -> tuple[list[catalog.Entry], catalog.MergeReport, catalog.Catalog | None]:
    """The catalog the post needs now (not written): template merged into the existing PO file."""
    from l10n.po import catalog

    path = po_path(config, lang, segmented)
    old = catalog.read_po(path, display=display(config, path))
    entries, report = catalog.merge(template(config, segmented), old, threshold=config.fuzzy_threshold)
    return entries, report, old
