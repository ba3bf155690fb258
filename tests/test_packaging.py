"""Packaging without building anything: one version, the changelog, releases that leave PO files alone.

The built wheel itself is installed and run in tests/test_packaging_install.py (slow).
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from l10n import __version__
from l10n import config as config_io
from l10n.po import catalog
from l10n.steps import extract
from tests.conftest import make_site

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
DIST = PYPROJECT["project"]["name"]
COMMAND = next(iter(PYPROJECT["project"]["scripts"]))


def test_the_version_has_one_source():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "l10n.__version__"}
    assert version(DIST) == __version__  # the installed metadata (an editable install here) says the same
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_the_changelog_has_a_section_for_this_version():
    headings = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", (ROOT / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert headings and headings[0] == __version__


def test_the_command_is_not_the_other_l10n_projects():
    """The PyPI project `l10n` (an unrelated gettext tool) installs a command `l10n`."""
    assert DIST != "l10n" and COMMAND != "l10n"
    assert PYPROJECT["project"]["scripts"][COMMAND] == "l10n.cli:main"


def test_a_new_release_does_not_rewrite_unchanged_po_files(tmp_path, monkeypatch):
    """Upgrading l10n-blog must not touch every PO file of a site on the next extract (header churn)."""
    root = make_site(tmp_path, {"a.md": "---\ntitle: 記事\n---\n\n今日は晴れです。散歩に行きました。\n"})
    config = config_io.load(root)
    assert not extract.extract(config).errors
    po = root / "locales" / "en" / "a.po"
    before = po.read_bytes()
    assert f'"X-Generator: {COMMAND} {__version__}\\n"'.encode() in before
    monkeypatch.setattr(catalog, "__version__", "99.0.0")
    assert not extract.extract(config, incremental=False).errors
    assert po.read_bytes() == before
    (root / "posts" / "ja" / "a.md").write_text("---\ntitle: 記事\n---\n\n今日は雨です。\n", encoding="utf-8")
    assert not extract.extract(config, incremental=False).errors
    assert f'"X-Generator: {COMMAND} {__version__}\\n"'.encode() in po.read_bytes()  # the creator's, kept
