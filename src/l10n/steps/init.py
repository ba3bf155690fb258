"""init: tell which generator a site uses, and write its config with the matching preset."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from l10n import config as config_io
from l10n.core import presets
from l10n.core.locales import display_name, validate_locale
from l10n.errors import InputError, UsageError
from l10n.files import find_posts, write_atomic

_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml")


@dataclass(frozen=True)
class Plan:
    """What ``init`` chose and why, the config text, and what to set up on the generator's side."""

    preset: presets.Preset
    reason: str
    config_file: str
    config_text: str
    posts: int
    generator_settings: str


def detect(root: Path) -> tuple[str, str]:
    """(preset name, the files that told) for the site at ``root``; InputError when nothing fits."""
    hugo = next((name for name in _HUGO_CONFIGS if (root / name).is_file()), None)
    if hugo and (root / "content").is_dir():
        if (root / "content" / "ja").is_dir():
            return "hugo-dir", f"{hugo} and content/ja/"
        return "hugo", f"{hugo} and content/"
    if (root / "_config.yml").is_file() and (root / "_posts").is_dir():
        if "jekyll-polyglot" in (root / "_config.yml").read_text(encoding="utf-8", errors="replace"):
            return "jekyll-polyglot", "_config.yml with jekyll-polyglot, and _posts/"
        return "jekyll", "_config.yml and _posts/"
    package = root / "package.json"
    if (root / "articles").is_dir() and (
            (package.is_file() and "zenn-cli" in package.read_text(encoding="utf-8", errors="replace"))
            or (root / "books").is_dir()):
        return "zenn", "articles/ and zenn-cli in package.json" if package.is_file() else "articles/ and books/"
    if (root / "posts" / "ja").is_dir():
        return "plain", "posts/ja/"
    raise InputError(f"cannot tell which site generator {root} uses",
                     hint="run it in the site folder, or name one: --preset " + "|".join(presets.PRESETS))


def plan(root: Path, *, preset: str | None = None, languages: tuple[str, ...] = ("en",),
         partial: bool = False) -> Plan:
    """What ``init`` would write for the site at ``root`` (nothing is written)."""
    if preset is not None and preset not in presets.PRESETS:
        raise UsageError(f"unknown preset {preset!r}", hint="known: " + ", ".join(presets.PRESETS))
    name, reason = (preset, "--preset") if preset else detect(root)
    for lang in languages:
        validate_locale(lang, origin="--lang")
    chosen = presets.PRESETS[name]
    lines = [f"# Written by `l10n-blog init`: {chosen.summary} (found {reason}).",
             f'preset = "{name}"', "languages = [" + ", ".join(f'"{lang}"' for lang in languages) + "]"]
    if partial:
        lines.append('adoption = "partial"  # only posts with a PO file, or `l10n: true`, are required')
    text = "\n".join(lines) + "\n"
    config = config_io.from_mapping(root, tomllib.loads(text), origin="l10n.toml")
    posts = len(find_posts(config.source_dir)) if config.source_dir.is_dir() else 0
    settings = presets.generator_settings(chosen, [(lang, display_name(lang)) for lang in languages], config.source)
    return Plan(chosen, reason, "l10n.toml", text, posts, settings)


def write(root: Path, chosen: Plan, *, force: bool = False) -> Path:
    """Write the plan's config; an existing config is kept unless ``force``."""
    found = config_io.find(root)
    if found is not None and not force:
        raise UsageError(f"{found[0]} already holds an l10n config", hint="pass --force to replace l10n.toml")
    path = root / chosen.config_file
    write_atomic(path, chosen.config_text.encode("utf-8"), display=chosen.config_file)
    return path
