"""Shared fixtures: small sites in temporary folders and the shared corpus when present."""

from __future__ import annotations

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


needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None or shutil.which("msgcat") is None,
                                   reason="GNU gettext is not installed")
