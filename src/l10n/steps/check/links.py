"""The link check: a link or in-page anchor in a localized post that would break on the site."""

from __future__ import annotations

import posixpath
import stat
from typing import Protocol
from urllib.parse import unquote

from l10n.config import Config
from l10n.core import links, presets
from l10n.core.post import line_of, parse
from l10n.core.segment import Segmented
from l10n.errors import InputError
from l10n.files import POST_SUFFIXES
from l10n.steps.check.issue import Finding
from l10n.steps.sitelinks import SiteLinks


class Localized(Protocol):
    """What the link check reads of :class:`l10n.steps.check.posts.Localized`."""

    @property
    def config(self) -> Config: ...
    @property
    def segmented(self) -> Segmented: ...
    @property
    def output(self) -> bytes | None: ...
    @property
    def output_display(self) -> str: ...
    @property
    def links(self) -> SiteLinks | None: ...


def check_links(c: Localized) -> list[Finding]:
    """Links of the localized post (as it is on disk) that lead to no page or no heading."""
    if c.output is None or c.links is None:
        return []
    try:
        post = parse(c.segmented.post.path, c.output)
    except InputError:  # a post that does not decode is reported by the output check
        return []
    generator = presets.PRESETS[c.config.preset].generator
    here = c.output_display.rpartition("/")[0]
    found = []
    ids: set[str] | None = None  # the post's heading ids, worked out for its first in-page link
    for link in links.links(post.text, post.body_start):
        if ids is None and link.kind == "link" and link.target.startswith("#"):
            ids = {unquote(h.id) for h in links.headings(post.text, post.body_start, generator)}
        problem = _problem(c.links, link, ids or set(), here)
        if problem:
            found.append(Finding(problem, line=line_of(post.text, link.start), path=c.output_display))
    return found


def _problem(site: SiteLinks, link: links.Link, ids: set[str], here: str) -> str | None:
    if link.kind == "ref":
        target = site.find_ref(link.target.lstrip("/"))
        if target is not None and "lang=" not in link.source and not site.built(target):
            return f"{link.source} has no {site.lang} page to point to (Hugo stops with REF_NOT_FOUND)"
        return None
    if link.kind != "link" or "://" in link.target or link.target.startswith(("/", "mailto:")):
        return None
    page, sep, frag = link.target.partition("#")
    if not page and sep and unquote(frag) not in ids:
        return f"in-page link #{frag} leads to no heading of this post"
    if page.endswith(POST_SUFFIXES):
        status = site.site_file(posixpath.normpath(posixpath.join(here, unquote(page))))
        if status is None or not stat.S_ISREG(status.st_mode):
            return f"link to {page} leads to no file"
    return None
