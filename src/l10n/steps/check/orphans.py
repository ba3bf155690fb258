"""Checks of the whole site: localized posts and PO files whose source post is gone."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from l10n import project as site
from l10n.config import Config
from l10n.steps.check.issue import Check, Finding


@dataclass(frozen=True)
class Site:
    config: Config
    sources: frozenset[str]  # every post of the source folder, by its path under that folder


# Files are compared by name (str of a Path, as os.path.join of the site folder and a rendered,
# normalized name gives it): building 2,000 Path objects to compare was half of a no-change check.

def check_output_orphans(s: Site) -> list[Finding]:
    found, root = [], str(s.config.root)
    for lang in s.config.languages:
        expected = {os.path.join(root, s.config.output_name(lang, rel)) for rel in s.sources}
        found += [Finding(f"has no source post (no post of {s.config.source} is built to it)",
                          path=site.display(s.config, Path(name)))
                  for name in site.built_names(s.config, lang) if name not in expected]
    return found


def check_po_orphans(s: Site) -> list[Finding]:
    found, root = [], str(s.config.root)
    for lang in s.config.languages:
        expected = {os.path.join(root, s.config.po_name(lang, rel)) for rel in s.sources}
        found += [Finding("has no source post any more", path=site.display(s.config, Path(name)))
                  for name in site.po_names(s.config, lang) if name not in expected]
    return found


SITE_CHECKS: tuple[Check[Site], ...] = (
    Check("output-orphan", "error", check_output_orphans, "delete it, or restore its source post"),
    Check("po-orphan", "error", check_po_orphans, "delete it, or restore its source post"),
)
