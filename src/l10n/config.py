"""Project configuration: ``[tool.l10n]`` in pyproject.toml or an ``l10n.toml`` file."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from l10n.core.locales import validate_locale
from l10n.errors import InputError

UnitMode = Literal["sentence", "paragraph"]
CheckScope = Literal["published", "all"]  # which posts `l10n check` holds to the threshold

DEFAULT_KEYS = ("title", "excerpt", "description", "summary")


@dataclass(frozen=True)
class Config:
    """Settings for one site; paths are relative to ``root``."""

    root: Path
    source: str = "posts/ja"
    source_lang: str = "ja"
    languages: tuple[str, ...] = ("en",)
    output: str = "posts/{lang}"
    po: str = "locales/{lang}/{path}.po"
    keys: tuple[str, ...] = DEFAULT_KEYS
    list_keys: tuple[str, ...] = ()
    extra_keys: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    unit: UnitMode = "sentence"
    threshold: float = 1.0
    memory: str = ".l10n/memory.sqlite"
    glossary: str = "locales/glossary/{source}-{lang}.tsv"
    backend: str | None = None
    backends: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    check_threshold: CheckScope = "published"
    fuzzy_threshold: float = 0.6
    memory_threshold: float = 0.75
    config_path: str | None = None

    @property
    def source_dir(self) -> Path:
        return self.root / self.source

    def output_dir(self, lang: str) -> Path:
        return self.root / self.output.format(lang=lang)

    def po_path(self, lang: str, post: str) -> Path:
        """PO file of a post (``post`` is its path under the source folder, with suffix)."""
        stem = post.rsplit(".", 1)[0] if "." in post.rsplit("/", 1)[-1] else post
        return self.root / self.po.format(lang=lang, path=stem)

    def glossary_path(self, lang: str) -> Path:
        return self.root / self.glossary.format(source=self.source_lang, lang=lang)

    def extra_keys_for(self, lang: str) -> Mapping[str, Any]:
        return self.extra_keys.get(lang, {})


_FIELDS = {
    "source": str, "source_lang": str, "output": str, "po": str, "unit": str, "memory": str,
    "glossary": str, "backend": str, "check_threshold": str, "threshold": (int, float), "fuzzy_threshold": (int, float),
    "memory_threshold": (int, float), "languages": list, "keys": list, "list_keys": list,
    "extra_keys": dict, "backends": dict,
}


def load(root: Path) -> Config:
    """Read the config of the site at ``root`` (defaults when there is none)."""
    for name, table in (("l10n.toml", ()), ("pyproject.toml", ("tool", "l10n"))):
        path = root / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"config is not valid TOML ({exc})", path=name) from exc
        for part in table:
            data = data.get(part, {}) if isinstance(data, dict) else {}
        if data or name == "l10n.toml":
            return from_mapping(root, data, origin=name)
    return Config(root=root)


def from_mapping(root: Path, data: Mapping[str, Any], *, origin: str = "config") -> Config:
    """Validate a config table and build a :class:`Config`."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _FIELDS:
            raise InputError(f"unknown setting {key!r}", path=origin, hint=f"known: {', '.join(sorted(_FIELDS))}")
        if not isinstance(value, _FIELDS[key]):  # type: ignore[arg-type]
            raise InputError(f"setting {key!r} has the wrong type ({type(value).__name__})", path=origin)
        values[key] = tuple(value) if isinstance(value, list) else value
    config = replace(Config(root=root, config_path=origin), **values)
    return _checked(config, origin)


def _checked(config: Config, origin: str) -> Config:
    if config.unit not in ("sentence", "paragraph"):
        raise InputError(f"unit must be 'sentence' or 'paragraph', not {config.unit!r}", path=origin)
    if config.check_threshold not in ("published", "all"):
        raise InputError("check_threshold must be 'published' or 'all'", path=origin)
    if not 0 <= config.threshold <= 1:
        raise InputError("threshold must be between 0 and 1 (e.g. 1.0 for 100 %)", path=origin)
    if "{path}" not in config.po or "{lang}" not in config.po:
        raise InputError("po pattern must contain {lang} and {path}", path=origin)
    langs = tuple(validate_locale(lang, origin=origin) for lang in config.languages)
    validate_locale(config.source_lang, origin=origin)
    extra = {lang: dict(config.extra_keys.get(lang, {})) for lang in langs}
    for key, value in config.extra_keys.items():
        if not isinstance(value, dict):  # a flat table applies to every language
            extra = {lang: {**extra[lang], key: value} for lang in langs}
    return replace(config, languages=langs, extra_keys=extra)
