"""A site: the configured posts and their catalogs, processed post by post.

Each step returns per-post outcomes and the errors it met; one bad post or PO file is
reported and skipped, never allowed to stop the others.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from l10n.config import Config
from l10n.core import layout, presets
from l10n.core import post as post_io
from l10n.errors import InputError, L10nError
from l10n.files import POST_SUFFIXES, find_posts

if TYPE_CHECKING:  # imported where used: `l10n check` on an unchanged site needs neither
    from l10n.core.segment import Segmented
    from l10n.po import catalog


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


@dataclass
class Run:
    """Outcomes and errors of one command over many posts."""

    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # opted out, or not adopted yet (partial mode)


def _real(path: Path) -> Path:
    """``path.resolve()`` that survives a symlink loop (reading the file then fails with a FileError)."""
    return Path(os.path.realpath(path))


def post_path(config: Config, file: Path) -> str:
    """A post's identity: its path under the source folder (``a/b.md``), whatever ``file`` is relative to."""
    resolved, source_dir = _real(file), _real(config.source_dir)
    if not resolved.is_relative_to(source_dir):
        raise InputError(f"is not under the source folder {config.source}", path=str(file),
                         hint="name posts of the source folder")
    rel = resolved.relative_to(source_dir).as_posix()
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

def select(config: Config, requested: Iterable[Path] = ()) -> list[Path]:
    """The source posts to process: named ones, or every post of the source folder.

    Built files (anything an ``output`` template can produce) are never sources; ``include``
    and ``exclude`` globs apply; an output that would land on a source, or two posts sharing an
    output, stop the run before anything is written. Finding no post at all is an error.
    """
    if not config.source_dir.is_dir():
        raise InputError(f"source: the folder {config.source} does not exist", path=config.config_path,
                         hint="set source to the folder of your Japanese posts, or run `l10n init`")
    sources = _sources(config)
    _refuse_overwrites(config, sources)
    requested = list(requested)
    if not requested:
        if not sources:
            raise InputError(f"no posts selected in {config.source} (include/exclude, or only built files)",
                             path=config.config_path, hint="check source, include and exclude")
        return sources
    chosen = set(sources)
    out: list[Path] = []
    for item in requested:
        found = find_posts(item) if item.is_dir() else [item]
        for file in found:
            rel = post_path(config, file)  # raises for a file outside the source folder
            if config.source_dir / rel not in chosen:
                raise InputError("is not a source post (a built file, or left out by include/exclude)",
                                 path=display(config, config.source_dir / rel))
            out.append(file)
    return out


def _sources(config: Config) -> list[Path]:
    outputs = [layout.matcher(layout.parse(config.output, allowed=None, where="output"), config.languages,
                              POST_SUFFIXES)]
    found = []
    for file in find_posts(config.source_dir):
        rel = file.relative_to(config.source_dir).as_posix()
        site_rel = file.relative_to(config.root).as_posix()
        if any(pattern.match(site_rel) for pattern in outputs):
            continue
        if config.include and not any(fnmatch.fnmatchcase(rel, g) for g in config.include):
            continue
        if any(fnmatch.fnmatchcase(rel, g) for g in config.exclude):
            continue
        found.append(config.source_dir / rel)
    return found


def _refuse_overwrites(config: Config, sources: list[Path]) -> None:
    taken: dict[Path, str] = {_real(source): "the source post itself" for source in sources}
    for source in sources:
        rel = source.relative_to(config.source_dir).as_posix()
        for lang in config.languages:
            target = _real(config.output_path(lang, rel))
            if target in taken:
                owner = taken[target]
                what = "overwrite a source post" if owner.startswith("the source") else f"also be written for {owner}"
                raise InputError(f"output: {display(config, target)} would {what}", path=config.config_path,
                                 hint=f"{display(config, source)} is a source; change output so that "
                                      "every language gets its own file")
            taken[target] = f"{display(config, source)} [{lang}]"


def built_files(config: Config, lang: str) -> list[Path]:
    """Every file on disk that the output template can produce in ``lang`` (built posts, orphans too)."""
    template = layout.parse(config.output, allowed=None, where="output")
    pattern = layout.matcher(template, [lang], POST_SUFFIXES)
    fixed = []
    for kind, value in template.parts:
        if kind == "name" and value not in ("lang", "lang_id"):
            break
        fixed.append(value if kind == "text" else layout.post_values("x", lang)[value])
    folder = config.root / "".join(fixed).rpartition("/")[0]
    return [f for f in find_posts(folder) if pattern.match(f.relative_to(config.root).as_posix())]


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


def opted(config: Config, data: dict[str, object]) -> bool | None:
    """The post's ``l10n: true/false`` flag (None when it has none)."""
    value = data.get(config.opt_key)
    return value if isinstance(value, bool) else None


def segment_post(config: Config, post: post_io.Post) -> Segmented:
    """Segment with the site's settings."""
    from l10n.core.segment import segment

    return segment(post, keys=config.keys, list_keys=config.list_keys, unit=config.unit)


def load_post(config: Config, file: Path) -> Segmented:
    """Read and segment one post of the source folder."""
    rel = post_path(config, file)
    source = config.source_dir / rel
    return segment_post(config, post_io.read(source, path=rel, display=display(config, source)))


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
    from l10n.core import frontmatter  # yaml: loaded only when a post is read

    flag = opted(config, frontmatter.data(item.post))
    if flag is False:
        return "opted out"
    if named or flag or config.adoption == "all":
        return None
    if any(config.po_path(lang, item.post.path).is_file() for lang in config.languages):
        return None
    return "not adopted"


T = TypeVar("T")


def each_post(config: Config, requested: Iterable[Path], step: Callable[[Segmented, str], T | None],
              errors: list[L10nError], *, languages: Iterable[str] | None = None,
              skipped: list[Skipped] | None = None) -> list[T]:
    """THE per-post loop: ``step(post, lang)`` for every selected post and language (all by default).

    A post that cannot be read, or a step that raises :class:`L10nError` (a bad PO file, a
    disk that is full), is recorded in ``errors`` and the loop goes on with the next one.
    Any other exception is a bug and stops the run. Posts left out are named in ``skipped``.
    """
    found: list[T] = []
    for _file, item in load_posts(config, requested, skipped=skipped):
        if isinstance(item, L10nError):
            errors.append(item)
            continue
        for lang in config.languages if languages is None else languages:
            try:
                result = step(item, lang)
            except L10nError as exc:
                errors.append(exc)
                continue
            if result is not None:
                found.append(result)
    return found


def run_each(config: Config, requested: Iterable[Path], step: Callable[[Segmented, str], Outcome | None]) -> Run:
    """:func:`each_post` for a step that reports an :class:`Outcome` per post and language."""
    run = Run()
    run.outcomes = each_post(config, requested, step, run.errors, skipped=run.skipped)
    return run


def po_path(config: Config, lang: str, segmented: Segmented) -> Path:
    return config.po_path(lang, segmented.post.path)


def po_files(config: Config, lang: str) -> list[Path]:
    """All PO files of ``lang`` (the folder part of the ``po`` pattern before ``{path}``)."""
    folder = config.po_folder(lang)
    return sorted(p for p in folder.rglob("*.po") if not p.name.startswith(".")) if folder.is_dir() else []


def display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def save_po(config: Config, lang: str, segmented: Segmented, changes: Mapping[catalog.Key, catalog.Entry],
            base: Mapping[catalog.Key, catalog.Entry], *, now: Callable[[], datetime] | None = None
            ) -> list[catalog.Entry]:
    """Write ``changes`` into the post's PO file as it is on disk now (see :func:`l10n.po.store.save_merged`)."""
    from l10n.po import catalog, store

    path = po_path(config, lang, segmented)
    return store.save_merged(path, changes, base, template=catalog.template(segmented), lang=lang,
                             post_display=segmented.post.display, fuzzy_threshold=config.fuzzy_threshold,
                             display=display(config, path), now=now)


def merged(config: Config, lang: str, segmented: Segmented
           ) -> tuple[list[catalog.Entry], catalog.MergeReport, catalog.Catalog | None]:
    """The catalog the post needs now (not written): template merged into the existing PO file."""
    from l10n.po import catalog

    path = po_path(config, lang, segmented)
    old = catalog.read_po(path, display=display(config, path))
    template = catalog.template(segmented, location=config.location)
    entries, report = catalog.merge(template, old, threshold=config.fuzzy_threshold)
    return entries, report, old
