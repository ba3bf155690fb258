"""Links between posts in a localized site: which posts exist in a language, and their URLs.

A link in a localized post is pointed at the localized version of its target when that
version is built (its file exists, or this run writes it), and otherwise kept pointing at
the source post (re-relativized for relative file links, ``lang`` added to a Hugo ref).
URLs follow each generator's default permalinks; a post's own ``url``/``permalink`` and the
frontmatter rules for them are honoured.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from l10n import files, fingerprint, project
from l10n.config import Config
from l10n.core import layout, presets
from l10n.core import post as post_io
from l10n.errors import L10nError
from l10n.files import POST_SUFFIXES
from l10n.project import display, left_out, load_post

if TYPE_CHECKING:  # the parsers load where a link is resolved: a no-change build needs only the post list
    from l10n.core import links

_JEKYLL_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")
_ZENN_URL = re.compile(r"(?:https://zenn\.dev/[^/\s]+)?/articles/([a-z0-9_-]+)/?")
# Where a link that `rewrite_links` may change can be: an inline link or a reference definition
# whose destination is not an external URL (Zenn's own aside), an in-page fragment or a mail
# address (those it keeps as they are, consulting nothing), a Hugo ref, a Jekyll post_url.
# A `<`-bracketed destination is read as one that may change (its last character is cut).
_KEPT = r"(?:https?://(?!zenn\.dev/)|#|mailto:)"
_MAY_CHANGE = re.compile(rf"\]\((?!\s*{_KEPT})|\]:(?![ \t]*{_KEPT})|\{{\{{[<%]\s*(?:rel)?ref\b|post_url")
# A frontmatter without these cannot have a ``url`` or ``permalink`` key (a key spelled with
# escapes holds a backslash): its data need not be read for a plain site's URL table.
_URL_KEY = re.compile(r"url|permalink|\\")


@dataclass
class SiteLinks:
    """The site's posts (paths under the source folder) and which of them exist in ``lang``.

    A post "exists" in ``lang`` when its localized file is on disk or ``build`` would write it
    now (its reviewed share reaches ``limit``): so ``build`` and ``check`` agree whatever the
    order in which posts are written. Both are worked out lazily, only for linked posts.
    """

    config: Config
    lang: str
    limit: float
    sources: list[str]
    _set: frozenset[str] = field(default=frozenset(), repr=False)
    _built: dict[str, bool] = field(default_factory=dict, repr=False)
    _urls: dict[str, tuple[str, str]] | None = field(default=None, repr=False)
    # Per run, shared by every post's links: a post's renamed heading ids, a Hugo ref path's post.
    _renamed: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _refs: dict[str, str | None] = field(default_factory=dict, repr=False)
    # Posts consulted since the caller last cleared it ("*": every post's path and URL, "/name": a
    # file of the site, see `inputs`): what a built post depends on besides its own files, for the
    # incremental index. A post looked for and not found is consulted too: it may appear.
    consulted: set[str] = field(default_factory=set, repr=False)
    # Incremental.derived of the caller's index: a post's URL pair is kept under its bytes' digest,
    # so a one-post build does not read every post's frontmatter for the URL table.
    memo: Callable[[str, str, Callable[[bytes | None], str]], str] | None = field(default=None, repr=False)

    @classmethod
    def scan(cls, config: Config, lang: str, *, limit: float | None = None,
             sources: project.Sources | None = None) -> SiteLinks:
        """``sources``: the site's posts when the caller has already walked them (:func:`project.sources`)."""
        rels = (project.sources(config) if sources is None else sources).rels
        return cls(config, lang, config.threshold if limit is None else limit, rels, frozenset(rels))

    @property
    def generator(self) -> str:
        return presets.PRESETS[self.config.preset].generator

    def built(self, rel: str) -> bool:
        self.consulted.add(rel)
        if rel not in self._built:
            self._built[rel] = rel in self._set and self._would_exist(rel)
        return self._built[rel]

    def _would_exist(self, rel: str) -> bool:
        if self.config.output_path(self.lang, rel).is_file():
            return True
        try:
            segmented = load_post(self.config, self.config.source_dir / rel)
            if left_out(self.config, segmented, named=False):
                return False
            from l10n.po import catalog

            old = catalog.read_po(self.config.po_path(self.lang, rel))
        except L10nError:
            return False
        if old is None:
            return False
        keys = catalog.keys(segmented)
        return catalog.reaches(len(catalog.reviewed_for(keys, old)), len(keys), self.limit)

    def renamed_ids(self, rel: str) -> dict[str, str]:
        """Heading ids of ``rel`` that translation changes (source id -> localized id), from its PO file.

        Worked out from the source and the reviewed translations, as ``build`` writes them, so the
        answer does not depend on whether that post was written yet. Once per post and run
        (shared: callers must not change it).
        """
        if self.generator in ("hugo", "jekyll"):
            return {}  # ids are pinned with {#id}: they never change
        self.consulted.add(rel)
        found = self._renamed.get(rel)
        if found is None:
            found = self._renamed[rel] = self._renamed_ids(rel)
        return found

    def _renamed_ids(self, rel: str) -> dict[str, str]:
        from l10n.core import links
        from l10n.core.splice import build_text
        from l10n.po import catalog

        try:
            segmented = load_post(self.config, self.config.source_dir / rel)
            old = catalog.read_po(self.config.po_path(self.lang, rel))
        except L10nError:
            return {}
        translations = catalog.reviewed_for(catalog.keys(segmented), old) if old else {}
        text = build_text(segmented, translations)
        built = post_io.parse(rel, text.encode("utf-8"))
        before = links.headings(segmented.post.text, segmented.post.body_start, self.generator)
        after = links.headings(built.text, built.body_start, self.generator)
        if len(before) != len(after):
            return {}
        return {unquote(a.id): b.id for a, b in zip(before, after) if a.id != b.id}

    def find_ref(self, path: str) -> str | None:
        """:func:`find_ref` over the site's posts (an answer that depends on every post's path: ``*``)."""
        self.consulted.add("*")
        if path not in self._refs:
            self._refs[path] = find_ref(self.sources, path)
        return self._refs[path]

    def site_file(self, name: str) -> os.stat_result | None:
        """The status of the file or folder ``name`` (relative to the site folder), None when there
        is none; a dependency (``/name``), unless no file can have that name (too long, a NUL…)."""
        try:
            status: os.stat_result | None = os.stat(self.config.root / name)
        except (FileNotFoundError, NotADirectoryError):
            status = None
        except (OSError, ValueError):
            return None
        self.consulted.add("/" + name)
        return status

    def urls(self) -> dict[str, tuple[str, str]]:
        """Source-language URL path -> (post, localized URL path), for every post (read once, lazily)."""
        self.consulted.add("*")
        if self._urls is None:
            self._urls = {}
            for rel in self.sources:
                pair = self._url_pair(rel)
                if pair:
                    self._urls[pair[0]] = (rel, pair[1])
        return self._urls

    def _url_pair(self, rel: str) -> tuple[str, str] | None:
        name = project.join(str(self.config.source_dir), rel)
        if self.memo is None:
            try:
                return self._url_pair_of(rel, files.read_bytes(Path(name), display=rel))
            except L10nError:
                return None
        try:
            pair = json.loads(self.memo(name, f"url:{self.lang}",
                                        lambda data: json.dumps(self._url_pair_of(rel, data), ensure_ascii=False)))
        except L10nError:
            return None
        return None if pair is None else (pair[0], pair[1])

    def _url_pair_of(self, rel: str, data: bytes | None) -> tuple[str, str] | None:
        from l10n.core import fmrules, frontmatter

        if data is None:
            return None
        try:
            post = post_io.parse(rel, data, display=rel)
            if self.generator == "plain" and not _URL_KEY.search(post.text, 0, post.body_start):
                return None  # a plain site's URLs come from these keys only, and this frontmatter has none
            fields = frontmatter.data(post)
        except L10nError:
            return None
        values = layout.post_values(rel, self.lang)
        own = fmrules.resolve(self.config.rules_for(self.lang).set, post, values)
        return permalinks(self.generator, rel, fields, own, self.lang, self.config.output_path(self.lang, rel).stem)


def inputs(config: Config, name: str) -> list[str]:
    """The files behind a name of ``SiteLinks.consulted``: a post's source, PO and built files in
    every language, or for ``/name`` that one file of the site (file names: no path objects, a
    no-change build asks for those of every linked post)."""
    root = str(config.root)
    if name.startswith("/"):
        return [project.join(root, name[1:])]
    langs = config.languages
    return [project.join(str(config.source_dir), name),
            *(project.join(root, config.po_name(lang, name)) for lang in langs),
            *(project.join(root, config.output_name(lang, name)) for lang in langs)]


def frontmatter_part(config: Config, name: str, data: bytes | None) -> str:
    """What the URL table takes from one post (``name``: its file, ``data``: its bytes): its path
    and a digest of its frontmatter."""
    rel = name[len(str(config.source_dir)) + 1:]
    if data is None:
        return f"{rel}\0missing"
    try:
        post = post_io.parse(rel, data, display=rel)
    except L10nError as exc:
        return f"{rel}\0{exc}"
    return f"{rel}\0{fingerprint.combine(post.text[:post.body_start])}"


def permalinks(generator: str, rel: str, data: dict[str, Any], localized: dict[str, Any], lang: str,
               output_stem: str) -> tuple[str, str] | None:
    """(source URL, localized URL) of a post under the generator's default permalinks."""
    prefix = "/" + layout.lang_id(lang)
    for key in ("url", "permalink"):
        if isinstance(data.get(key), str):
            mine = localized.get(key)
            return data[key], mine if isinstance(mine, str) and mine != data[key] else prefix + data[key]
    folder, stem = posixpath.split(posixpath.splitext(rel)[0])
    if generator == "hugo":
        name = str(data.get("slug") or (posixpath.basename(folder) if stem in ("index", "_index") else stem))
        parent = posixpath.dirname(folder) if stem in ("index", "_index") else folder
        url = "/" + posixpath.join(parent, name).strip("/") + "/"
        return url, prefix + url
    if generator == "jekyll":
        match = _JEKYLL_NAME.fullmatch(stem)
        if not match:
            return None
        cats = data.get("categories") or data.get("category") or []
        cats = cats.split() if isinstance(cats, str) else [str(c) for c in cats]
        url = "/" + "/".join([*cats, *match.groups()[:3], str(data.get("slug") or match.group(4))]) + ".html"
        return url, prefix + url
    if generator == "zenn":
        return f"/articles/{stem}", f"/articles/{output_stem}"
    return None


def may_change(text: str, body_start: int) -> bool:
    """False when :func:`rewrite_links` certainly gives ``text`` back (and consults no other post)."""
    return _MAY_CHANGE.search(text, body_start) is not None


def rewrite_links(site: SiteLinks, rel: str, text: str, body_start: int, *,
                  code: Sequence[tuple[int, int]] | None = None) -> str:
    """The localized text of ``rel`` with links to other posts pointed at their localized versions
    (``code``: the lines of its code blocks when known, see :func:`l10n.core.links.links`)."""
    from l10n.core import links

    if not may_change(text, body_start):
        return text

    config = site.config
    here = display(config, config.output_path(site.lang, rel)).rpartition("/")[0]
    source_dir = display(config, config.source_dir / rel).rpartition("/")[0]

    def change(link: links.Link) -> str | None:
        if link.kind == "ref":
            target = site.find_ref(link.target.lstrip("/"))
            if target is None or site.built(target):
                return None
            return links.hugo_ref(link, layout.lang_id(config.source_lang))
        if link.kind == "post_url":
            return _post_url(site, link.target)
        page, sep, frag = link.target.partition("#")
        if not page or "://" in page and not _ZENN_URL.fullmatch(page) or page.startswith("mailto:"):
            return None
        if page.startswith("/") or _ZENN_URL.fullmatch(page):
            return _absolute(site, page, sep + frag)
        return _relative(site, page, sep + frag, here=here, source_dir=source_dir)

    return links.rewrite(text, body_start, change, code=code, hint=_MAY_CHANGE)


def find_ref(sources: list[str], path: str) -> str | None:
    """The source post a Hugo ref path names (``post/a.md``, ``a.md``, ``post/a``)."""
    found = [rel for rel in sources if rel == path or rel.endswith("/" + path)
             or posixpath.splitext(rel)[0] == path or posixpath.splitext(rel)[0].endswith("/" + path)]
    return found[0] if len(found) == 1 else None


def _post_url(site: SiteLinks, name: str) -> str | None:
    base = name.rsplit("/", 1)[-1]
    site.consulted.add("*")  # a search of every post's name
    found = [rel for rel in site.sources if posixpath.splitext(posixpath.basename(rel))[0] == base]
    if len(found) != 1 or not site.built(found[0]):
        return None
    out = site.config.output_path(site.lang, found[0]).relative_to(site.config.root).as_posix()
    outer, _, inner = out.partition("_posts/")
    return posixpath.join(outer.strip("/"), posixpath.splitext(inner)[0])


def _absolute(site: SiteLinks, page: str, rest: str) -> str | None:
    zenn = _ZENN_URL.fullmatch(page)
    if zenn and site.generator == "zenn":
        stem = zenn.group(1)
        site.consulted.add("*")  # a search of every post's name
        rel = next((r for r in site.sources if posixpath.splitext(r)[0] == stem), None)
        if rel is None or not site.built(rel):
            return None
        return page.replace(f"/articles/{stem}", f"/articles/{site.config.output_path(site.lang, rel).stem}") + rest
    urls = site.urls()
    for variant in (page, page.rstrip("/") + "/", page.rstrip("/")):
        if variant in urls and site.built(urls[variant][0]):
            return urls[variant][1] + rest
    return None


def _relative(site: SiteLinks, page: str, rest: str, *, here: str, source_dir: str) -> str | None:
    if not page.endswith(POST_SUFFIXES):
        if site.generator != "plain":
            return None  # generators resolve these against the page's URL, not its file
        target = posixpath.normpath(posixpath.join(source_dir, page))
        if site.site_file(target) is None:
            return None
        return posixpath.relpath(target, here or ".") + rest
    target = posixpath.normpath(posixpath.join(source_dir, unquote(page)))
    source = (site.config.root / site.config.source).as_posix()
    rel = posixpath.relpath((site.config.root / target).as_posix(), source)
    if rel not in site._set:
        if not rel.startswith("../"):
            site.consulted.add(rel)  # not a post of the site yet (maybe a broken link): left as written
        return None
    if site.built(rel):
        target = display(site.config, site.config.output_path(site.lang, rel))
        if rest.startswith("#"):
            rest = "#" + site.renamed_ids(rel).get(unquote(rest[1:]), rest[1:])
    new = posixpath.relpath(target, here or ".")
    if new == posixpath.normpath(unquote(page)):
        new = page  # the same file: keep the author's spelling (./, %-escapes)
    return new + rest
