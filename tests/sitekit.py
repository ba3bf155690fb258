"""Helpers for the real-generator tests: sample sites, translating them, reading generated HTML."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from typer.testing import CliRunner

from l10n.cli import app
from l10n.po import catalog

SITES = Path(__file__).parent / "data" / "sites"


def l10n(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def copy_site(name: str, root: Path) -> dict[str, str]:
    """Copy the sample site ``name`` to ``root``; returns its translation table (msgid -> English)."""
    shutil.copytree(SITES / name, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("translations.json"))
    return json.loads((SITES / name / "translations.json").read_text(encoding="utf-8"))


def translate(root: Path, table: dict[str, str], *, lang: str | None = None) -> None:
    """Fill and approve every entry the table knows (a reviewer's work, done by a dict), in ``lang`` or all."""
    for path in sorted(root.rglob("*.po")):
        if lang is not None and f"/{lang}/" not in path.as_posix():
            continue
        po = catalog.read_po(path, display=path.name)
        assert po is not None
        entries = [replace(e, msgstr=table[e.msgid], flags=()) if e.msgid in table else e for e in po]
        catalog.save(path, entries, lang=po.metadata.get("Language", "en"), post_display=path.name, old=po)


@dataclass
class Page:
    url: str
    lang: str | None = None
    title: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str | None]] = field(default_factory=list)  # (href, hreflang)


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page, self._in_title = page, False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.page.lang = found.get("lang")
        if found.get("id"):
            self.page.ids.add(unquote(found["id"] or ""))
        if tag == "a" and found.get("href") is not None:
            self.page.links.append((found["href"] or "", found.get("hreflang")))
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def read_page(url: str, html: str) -> Page:
    page = Page(url)
    _Reader(page).feed(html)
    page.title = page.title.strip()
    return page


def pages(public: Path) -> dict[str, Page]:
    """Every generated HTML page by its URL path (``a/index.html`` is ``/a/``)."""
    out = {}
    for file in sorted(public.rglob("*.html")):
        rel = file.relative_to(public).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        out[url] = read_page(url, file.read_text(encoding="utf-8"))
    return out


def resolve(site: dict[str, Page], page: Page, href: str) -> tuple[Page | None, str | None]:
    """The page and fragment ``href`` (on ``page``) leads to; (None, _) when it leads nowhere."""
    parts = urlsplit(urljoin("http://site" + page.url, href))
    if parts.netloc != "site":
        return page, None  # another site: not ours to check
    path = unquote(parts.path)
    target = site.get(path) or site.get(path + "/") or site.get(path.rstrip("/") + ".html")
    return target, unquote(parts.fragment) if parts.fragment else None


def broken_links(site: dict[str, Page], url: str) -> list[str]:
    """Internal links and anchors of one page that lead to no page or no id."""
    page = site[url]
    problems = []
    for href, _lang in page.links:
        if href.startswith(("http://", "https://", "mailto:")) and "://site" not in href:
            continue
        target, fragment = resolve(site, page, href)
        if target is None:
            problems.append(f"{href}: no such page")
        elif fragment and fragment not in target.ids:
            problems.append(f"{href}: no id {fragment!r} on {target.url}")
    return problems


def language_link(page: Page, lang: str) -> str | None:
    return next((href for href, hreflang in page.links if hreflang == lang), None)
