"""Shared fixtures: small sites in temporary folders and the shared corpus when present."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# The loopback API servers' fixtures (deepl_server, openai_server) for every test module.
pytest_plugins = ["tests.fakes.deepl_server", "tests.fakes.openai_server"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "ja"
SITE_POST = SHARED / "site" / "2025-12-21-amazon-3nm-ai-chip-investment.md"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen", action="store_true", help="rewrite golden files under tests/data")


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen"))


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".markdown"))


@pytest.fixture
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is not present")
    return files


def make_site(root: Path, posts: dict[str, str | bytes], config: str = "") -> Path:
    """A site folder with ``posts/ja/<name>`` files and an ``l10n.toml``."""
    for name, content in posts.items():
        path = root / "posts" / "ja" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (root / "l10n.toml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path: Path):
    return lambda posts, config="": make_site(tmp_path, posts, config)


def needs_tool(*commands: str) -> pytest.MarkDecorator:
    """Skip a test when a real tool it drives is missing; under CI (CI=true) a missing tool is a failure.

    `.ci/run` installs every tool in `.ci/apt-packages` and `.ci/package.json`, so in CI these
    tests always run; on a developer's machine without hugo or chromium they are skipped.
    """
    missing = [c for c in commands if shutil.which(c) is None and not Path(c).exists()]
    if missing and os.environ.get("CI") == "true":
        return pytest.mark.usefixtures()  # run it, and let the missing tool fail it loudly
    return pytest.mark.skipif(bool(missing), reason=f"not installed: {', '.join(missing)}")


needs_gettext = needs_tool("msgfmt", "msgcat")
