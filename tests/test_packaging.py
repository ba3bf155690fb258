"""Packaging without building anything: one version, the changelog, releases that leave PO files alone.

The built wheel itself is installed and run in tests/test_packaging_install.py (slow).
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import __version__
from l10n import config as config_io
from l10n.cli import app
from l10n.extras import needs
from l10n.mt.backends import registry
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


# --- optional extras: a clear message, never a traceback -------------------------------------


def _without(monkeypatch, missing: str, *loaded_prefixes: str) -> None:
    """Make ``missing`` unimportable and forget the l10n modules that imported it already."""
    monkeypatch.setitem(sys.modules, missing, None)
    for name in [n for n in sys.modules if n.startswith(loaded_prefixes)]:
        monkeypatch.delitem(sys.modules, name)


def _says_install(result, extra: str) -> None:
    assert result.exit_code == 2, result.output
    assert f"pip install '{DIST}[{extra}]'" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_serve_without_the_web_extra_names_it(site, monkeypatch):
    root = site({"a.md": "今日は晴れです。\n"})
    _without(monkeypatch, "uvicorn", "l10n.web")
    result = CliRunner().invoke(app, ["serve", "--root", str(root)])
    _says_install(result, "web")
    assert "l10n-blog serve needs the 'web' extra: uvicorn is not installed" in result.output


def test_watch_without_the_watch_extra_names_it(site, monkeypatch):
    root = site({"a.md": "今日は晴れです。\n"})
    _without(monkeypatch, "watchfiles", "l10n.steps.watch")
    result = CliRunner().invoke(app, ["watch", "--root", str(root)])
    _says_install(result, "watch")
    assert "l10n-blog watch needs the 'watch' extra: watchfiles is not installed" in result.output
    assert not (root / "locales").exists()  # nothing ran


def test_the_html_report_without_the_web_extra_names_it(site, monkeypatch):
    root = site({"a.md": "今日は晴れです。\n"})
    _without(monkeypatch, "jinja2", "l10n.web")
    result = CliRunner().invoke(app, ["report", "--root", str(root), "--html", str(root / "r.html")])
    _says_install(result, "web")
    assert not (root / "r.html").exists()


def test_the_openai_backend_without_the_llm_extra_names_it(site, monkeypatch):
    root = site({"a.md": "今日は晴れです。\n"}, 'backend = "openai"\n\n[backends.openai]\nmodel = "m"\n'
                                            'base_url = "http://127.0.0.1:9/v1"\n')
    _without(monkeypatch, "httpx", "l10n.mt.backends.openai", "l10n.mt.backends.chat")
    result = CliRunner().invoke(app, ["translate", "--root", str(root)], env={"OPENAI_API_KEY": "k"})
    _says_install(result, "llm")
    assert "the openai backend needs the 'llm' extra: httpx is not installed" in result.output


def test_a_broken_l10n_module_is_a_bug_not_a_missing_extra():
    with pytest.raises(ImportError), needs("web", "x"):
        raise ImportError("cannot import name 'create_app'", name="l10n.web.app")


def test_every_extra_the_code_names_is_in_pyproject():
    named = {m for path in (ROOT / "src").rglob("*.py")
             for m in re.findall(r"""needs\(["'](\w+)["']""", path.read_text("utf-8"))}
    named |= set(registry.EXTRAS.values())
    assert {"web", "llm", "watch"} <= named  # serve, report --html, the openai backend, watch (the regex finds them)
    assert named <= set(PYPROJECT["project"]["optional-dependencies"])
