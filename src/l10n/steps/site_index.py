"""Every PO file of a site, read once: the translations it already holds, for reuse across posts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.core.text import normalize
from l10n.errors import L10nError
from l10n.po import catalog
from l10n.project import po_files


@dataclass(frozen=True)
class Known:
    """A translation found in the site's PO files; ``problems`` are its ``problem:`` comment lines."""

    msgstr: str
    reviewed: bool
    where: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Translation(Known):
    """A translated (reviewed or draft) entry of a PO file, with its source."""

    msgctxt: str | None = None
    msgid: str = ""


def read_all(config: Config, lang: str, *, loaded: Mapping[Path, list[catalog.Entry]] | None = None
             ) -> Iterator[tuple[Path, object]]:
    """(path, entries or the error that stopped the file) for every PO file of ``lang``.

    ``loaded`` holds catalogs the caller has in memory already (maybe newer than on disk).
    """
    for path in po_files(config, lang):
        if loaded and path in loaded:
            yield path, [e for e in loaded[path] if not e.obsolete]
            continue
        try:
            po = catalog.read_po(path, display=path.relative_to(config.root).as_posix())
            yield path, [e for e in po or [] if not e.obsolete]
        except L10nError as exc:
            yield path, exc


def translations(config: Config, lang: str, *, loaded: Mapping[Path, list[catalog.Entry]] | None = None
                 ) -> Iterator[Translation]:
    """Every reviewed or draft translation of ``lang`` in the site (unreadable files skipped)."""
    for path, entries in read_all(config, lang, loaded=loaded):
        if isinstance(entries, L10nError):
            continue
        where = path.relative_to(config.root).as_posix()
        for entry in entries:  # type: ignore[attr-defined]
            state = catalog.state(entry)
            if state in ("reviewed", "draft"):
                problems = tuple(line for line in (entry.tcomment or "").splitlines() if line.startswith("problem: "))
                yield Translation(entry.msgstr, state == "reviewed", where, problems, entry.msgctxt, entry.msgid)


def index(config: Config, lang: str, *, loaded: Mapping[Path, list[catalog.Entry]] | None = None
          ) -> dict[tuple[str | None, str], Known]:
    """(msgctxt, normalized msgid) -> best known translation; reviewed beats drafts."""
    found: dict[tuple[str | None, str], Known] = {}
    for item in translations(config, lang, loaded=loaded):
        key = (item.msgctxt, normalize(item.msgid))
        if key not in found or (item.reviewed and not found[key].reviewed):
            found[key] = Known(item.msgstr, item.reviewed, item.where, item.problems)
    return found
