"""Checks of the whole site: localized posts and PO files whose source post is gone."""

from __future__ import annotations

from dataclasses import dataclass

from l10n import project as site
from l10n.config import Config
from l10n.steps.check.issue import Check, Finding


@dataclass(frozen=True)
class Site:
    config: Config
    sources: frozenset[str]  # every post of the source folder, by its path under that folder


def check_output_orphans(s: Site) -> list[Finding]:
    found = []
    for lang in s.config.languages:
        expected = {s.config.output_path(lang, rel) for rel in s.sources}
        found += [Finding(f"has no source post (no post of {s.config.source} is built to it)",
                          path=site.display(s.config, file))
                  for file in site.built_files(s.config, lang) if file not in expected]
    return found


def check_po_orphans(s: Site) -> list[Finding]:
    found = []
    for lang in s.config.languages:
        expected = {s.config.po_path(lang, rel) for rel in s.sources}
        found += [Finding("has no source post any more", path=site.display(s.config, p))
                  for p in site.po_files(s.config, lang) if p not in expected]
    return found


SITE_CHECKS: tuple[Check[Site], ...] = (
    Check("output-orphan", "error", check_output_orphans, "delete it, or restore its source post"),
    Check("po-orphan", "error", check_po_orphans, "delete it, or restore its source post"),
)
