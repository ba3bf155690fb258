"""Every PO file of a site, read once: exact-match reuse across posts and memory rebuilds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.core.text import normalize
from l10n.errors import L10nError
from l10n.mt.memory import MemoryEntry
from l10n.po import catalog


@dataclass(frozen=True)
class Known:
    """A translation found in the site's PO files."""

    msgstr: str
    reviewed: bool
    where: str


def po_files(config: Config, lang: str) -> list[Path]:
    """All PO files of ``lang`` (the folder part of the ``po`` pattern before ``{path}``)."""
    folder = config.po_folder(lang)
    return sorted(p for p in folder.rglob("*.po") if not p.name.startswith(".")) if folder.is_dir() else []


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


def index(config: Config, lang: str, *, loaded: Mapping[Path, list[catalog.Entry]] | None = None
          ) -> dict[tuple[str | None, str], Known]:
    """(msgctxt, normalized msgid) -> best known translation; reviewed beats drafts."""
    found: dict[tuple[str | None, str], Known] = {}
    for path, entries in read_all(config, lang, loaded=loaded):
        if isinstance(entries, L10nError):
            continue
        for entry in entries:  # type: ignore[attr-defined]
            state = catalog.state(entry)
            if state == "untranslated" or state == "stale":
                continue
            key = (entry.msgctxt, normalize(entry.msgid))
            if key not in found or (state == "reviewed" and not found[key].reviewed):
                found[key] = Known(entry.msgstr, state == "reviewed", path.relative_to(config.root).as_posix())
    return found


def memory_entries(config: Config, lang: str, *, time: float) -> Iterator[MemoryEntry]:
    """Every translated entry of the site as a memory entry (for ``l10n memory rebuild``)."""
    for path, entries in read_all(config, lang):
        if isinstance(entries, L10nError):
            continue
        origin = "po:" + path.relative_to(config.root).as_posix()
        for entry in entries:  # type: ignore[attr-defined]
            state = catalog.state(entry)
            if state in ("reviewed", "draft"):
                yield MemoryEntry(entry.msgid, entry.msgstr, config.source_lang, lang, origin,
                                  state == "reviewed", time)
