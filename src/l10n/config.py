"""Project configuration: ``[tool.l10n]`` in pyproject.toml or an ``l10n.toml`` file.

Every value is checked when the file is read; a wrong one is an :class:`InputError`
(exit 3) that names the file and the key. Path templates are parsed by
:mod:`l10n.core.layout`; presets (:mod:`l10n.core.presets`) fill in a generator's layout.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from l10n.core import layout, presets
from l10n.core.locales import validate_locale
from l10n.core.visible import KEEP_CLASSES, PARAM_KEYS, TEXT_TAGS, Templates
from l10n.errors import InputError

if TYPE_CHECKING:  # a type only: loading the config must not load the PO model
    from l10n.po.catalog import Location

UnitMode = Literal["sentence", "paragraph"]
Require = Literal["published", "all"]  # which posts `l10n-blog check` holds to the threshold
Adoption = Literal["all", "partial"]  # partial: only posts with a PO file (or opted in) are required

DEFAULT_KEYS = ("title", "excerpt", "description", "summary")
CONFIG_FILES = ("l10n.toml", "pyproject.toml")
_TEMPLATE_NAMES = {
    "output": layout.POST_PLACEHOLDERS, "po": layout.POST_PLACEHOLDERS, "glossary": ("source", "lang", "lang_id"),
    "memory": (),
}


@dataclass(frozen=True)
class Rules:
    """Frontmatter rules for one language: keys set from templates, keys dropped."""

    set: Mapping[str, Any] = field(default_factory=dict)
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """Settings for one site; paths are relative to ``root``."""

    root: Path
    source: str = "posts/ja"
    source_lang: str = "ja"
    languages: tuple[str, ...] = ("en",)
    output: str = "posts/{lang}/{path}{ext}"
    po: str = "locales/{lang}/{path}.po"
    keys: tuple[str, ...] = DEFAULT_KEYS
    list_keys: tuple[str, ...] = ()
    extra_keys: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    unit: UnitMode = "sentence"
    location: Location = "file"
    paragraph_comment: bool = True  # the paragraph as a #. comment on its first unit (Poedit, Weblate)
    # HTML classes whose text is kept as published (a tweet's blockquote class="twitter-tweet"…)
    keep_html: tuple[str, ...] = KEEP_CLASSES
    # What readers see of Hugo shortcodes and Liquid tags (each preset sets its generator's lists)
    visible_params: tuple[str, ...] = PARAM_KEYS  # named parameters: caption="…", alt="…"
    prose_tags: tuple[str, ...] = TEXT_TAGS  # tags whose whole argument is prose: {% fn … %}
    quoted_tags: tuple[str, ...] = ()  # tags whose quoted positional arguments are shown
    threshold: float = 1.0
    memory: str = ".l10n/memory.sqlite"
    glossary: str = "locales/glossary/{source}-{lang}.tsv"
    backend: str | None = None
    backends: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    require: Require = "published"
    fuzzy_threshold: float = 0.6
    memory_threshold: float = 0.75
    context: str = "paragraph"  # what backends get besides a unit: none, paragraph, post (l10n.mt.context)
    context_chars: int = 1200
    config_path: str | None = None
    preset: str = "plain"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    adoption: Adoption = "all"
    opt_key: str = "l10n"  # frontmatter `l10n: false` opts a post out, `l10n: true` opts it in
    frontmatter: Mapping[str, Rules] = field(default_factory=dict)
    allow_outside: bool = False
    judge: Mapping[str, Any] = field(default_factory=dict)  # [judge]: a model that scores drafts (l10n.mt.judge)

    @property
    def judge_model(self) -> str | None:
        """The judge's model, or None when no judge is configured."""
        return self.judge.get("model")

    @property
    def scores_path(self) -> Path:
        """The judge's score cache, beside the translation memory."""
        return (self.root / self.memory).with_name("judge.sqlite")

    @property
    def templates(self) -> Templates:
        """The shortcode and Liquid tag parts that are units (see :class:`l10n.core.visible.Templates`)."""
        return Templates(tuple(p.lower() for p in self.visible_params), self.prose_tags, self.quoted_tags)

    @property
    def source_dir(self) -> Path:
        return self.root / self.source

    def output_path(self, lang: str, post: str) -> Path:
        """Where ``post`` (its path under the source folder) is written in ``lang``."""
        return self.root / self.output_name(lang, post)

    def output_name(self, lang: str, post: str) -> str:
        """:meth:`output_path` relative to the site folder, as a string (cheaper for 1,000 posts)."""
        return self._rendered("output", self.output, layout.post_values(post, lang))

    def po_path(self, lang: str, post: str) -> Path:
        """PO file of a post (``post`` is its path under the source folder, with suffix)."""
        return self.root / self.po_name(lang, post)

    def po_name(self, lang: str, post: str) -> str:
        """:meth:`po_path` relative to the site folder, as a string."""
        return self._rendered("po", self.po, layout.post_values(post, lang))

    def po_folder(self, lang: str) -> Path:
        """The folder that holds every PO file of ``lang`` (the template's part before the post's path)."""
        template = layout.parse(self.po, allowed=None, where="po")
        fixed = []
        for kind, value in template.parts:
            if kind == "name" and value not in ("lang", "lang_id"):
                break
            fixed.append(value if kind == "text" else layout.post_values("x", lang)[value])
        return self.root / "".join(fixed).rpartition("/")[0]

    def glossary_path(self, lang: str) -> Path:
        values = {"source": self.source_lang, "lang": lang, "lang_id": layout.lang_id(lang)}
        return self._file("glossary", self.glossary, values)

    def rules_for(self, lang: str) -> Rules:
        """Frontmatter rules in ``lang``: ``extra_keys`` constants, then the ``frontmatter`` templates."""
        rules = self.frontmatter.get(lang, Rules())
        return Rules({**self.extra_keys.get(lang, {}), **rules.set}, rules.drop)

    def extra_keys_for(self, lang: str) -> Mapping[str, Any]:
        return self.rules_for(lang).set

    def _file(self, key: str, template: str, values: Mapping[str, str]) -> Path:
        return self.root / self._rendered(key, template, values)

    def _rendered(self, key: str, template: str, values: Mapping[str, str]) -> str:
        rendered = layout.render(_parse(template, key), values)
        where = f"{self.config_path or 'config'}: {key}"
        return layout.site_path(rendered, where=where, allow_outside=self.allow_outside)


@lru_cache(maxsize=64)
def _parse(template: str, key: str) -> layout.Template:
    """A path template parsed once (every post asks for its PO and output paths)."""
    return layout.parse(template, allowed=None, where=key)


_FIELDS: dict[str, Any] = {
    "source": str, "source_lang": str, "location": str, "keep_html": list, "visible_params": list,
    "prose_tags": list, "quoted_tags": list, "output": str, "po": str, "unit": str,
    "memory": str,
    "glossary": str, "backend": str, "require": str, "threshold": (int, float), "fuzzy_threshold": (int, float),
    "memory_threshold": (int, float), "languages": list, "keys": list, "list_keys": list,
    "extra_keys": dict, "backends": dict, "preset": str, "include": list, "exclude": list, "adoption": str,
    "opt_key": str, "frontmatter": dict, "allow_outside": bool, "context": str, "context_chars": int,
    "paragraph_comment": bool, "judge": dict,
}
# [judge]: the chat client's options (l10n.mt.backends.chat, l10n.mt.judge) and when/how it acts.
_JUDGE: dict[str, Any] = {
    "backend": str, "model": str, "base_url": str, "api_key_env": str, "timeout": (int, float),
    "max_retries": int, "backoff": (int, float), "backoff_max": (int, float), "temperature": (int, float),
    "max_batch_texts": int, "max_batch_bytes": int, "reasks": int, "after_translate": bool, "approve_at": int,
    "check": str,
}
_STRING_LISTS = ("languages", "keys", "list_keys", "include", "exclude", "keep_html", "visible_params", "prose_tags",
                 "quoted_tags")


def find(root: Path) -> tuple[str, dict[str, Any]] | None:
    """(file name, settings table) of the site's config, or None when there is none."""
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
            return name, data
    return None


def load(root: Path) -> Config:
    """Read the config of the site at ``root``; a site without one is an InputError."""
    found = find(root)
    if found is None:
        raise InputError(f"no l10n config in {root} (neither l10n.toml nor [tool.l10n] in pyproject.toml)",
                         hint="run `l10n-blog init` in the site folder, or pass --root")
    return from_mapping(root, found[1], origin=found[0])


def from_mapping(root: Path, data: Mapping[str, Any], *, origin: str = "config") -> Config:
    """Validate a config table and build a :class:`Config` (the preset's values first, then the table's)."""
    preset_name = data.get("preset", "plain")
    if not isinstance(preset_name, str) or preset_name not in presets.PRESETS:
        raise InputError(f"preset: unknown preset {preset_name!r}", path=origin,
                         hint=f"known: {', '.join(presets.PRESETS)}")
    merged = {**presets.PRESETS[preset_name].settings, **data}
    values: dict[str, Any] = {}
    for key, value in merged.items():
        if key not in _FIELDS:
            raise InputError(f"unknown setting {key!r}", path=origin, hint=f"known: {', '.join(sorted(_FIELDS))}")
        if not isinstance(value, _FIELDS[key]) or (isinstance(value, bool) and _FIELDS[key] is not bool):
            raise InputError(f"{key}: expected {_type_name(_FIELDS[key])}, not {type(value).__name__}", path=origin)
        if key in _STRING_LISTS:
            _strings(value, key, origin)
        values[key] = tuple(value) if isinstance(value, list) else value
    values["frontmatter"] = _rules(values.get("frontmatter", {}), values.get("languages", ("en",)), origin)
    config = replace(Config(root=root, config_path=origin), **values)
    return _checked(config, origin)


def _type_name(kind: Any) -> str:
    names = {str: "a string", list: "a list", dict: "a table", bool: "true or false"}
    return names.get(kind, "a number")


def _strings(value: list[Any], key: str, origin: str) -> None:
    for item in value:
        if not isinstance(item, str) or not item:
            raise InputError(f"{key}: every item must be a non-empty string, not {item!r}", path=origin)


def _rules(table: Mapping[str, Any], languages: tuple[str, ...], origin: str) -> dict[str, Rules]:
    """``frontmatter = {set = {...}, drop = [...], <lang> = {set, drop}}`` -> rules per language."""
    common = _one_rules(table, "frontmatter", origin, nested=set(languages))
    out = {}
    for lang in languages:
        own = table.get(lang, {})
        if not isinstance(own, dict):
            raise InputError(f"frontmatter.{lang}: expected a table with set and drop", path=origin)
        mine = _one_rules(own, f"frontmatter.{lang}", origin, nested=set())
        out[lang] = Rules({**common.set, **mine.set}, tuple(dict.fromkeys(common.drop + mine.drop)))
    return out


def _one_rules(table: Mapping[str, Any], where: str, origin: str, *, nested: set[str]) -> Rules:
    for key in table:
        if key not in ("set", "drop") and key not in nested:
            raise InputError(f"{where}: unknown key {key!r}", path=origin,
                             hint="use set = {key = \"template\"} and drop = [\"key\"] (or a language's table)")
    values, drop = table.get("set", {}), table.get("drop", [])
    if not isinstance(values, dict) or not isinstance(drop, list):
        raise InputError(f"{where}: set must be a table and drop a list", path=origin)
    _strings(drop, f"{where}.drop", origin)
    for key, value in values.items():
        if isinstance(value, str):
            layout.parse(value, allowed=None, where=f"{origin}: {where}.set.{key}")
        elif not isinstance(value, (bool, int, float)):
            raise InputError(f"{where}.set.{key}: expected a string, number or boolean", path=origin)
    return Rules(dict(values), tuple(drop))


def _checked(config: Config, origin: str) -> Config:
    _choice(config.unit, "unit", ("sentence", "paragraph"), origin)
    _choice(config.location, "location", ("line", "file", "never"), origin)
    _choice(config.require, "require", ("published", "all"), origin)
    _choice(config.adoption, "adoption", ("all", "partial"), origin)
    _choice(config.context, "context", ("none", "paragraph", "post"), origin)
    for key in ("threshold", "fuzzy_threshold", "memory_threshold"):
        if not 0 <= getattr(config, key) <= 1:
            raise InputError(f"{key} must be between 0 and 1 (e.g. 1.0 for 100 %)", path=origin)
    if not config.languages:
        raise InputError("languages: name at least one target language", path=origin, hint='languages = ["en"]')
    langs = tuple(validate_locale(lang, origin=f"{origin}: languages") for lang in config.languages)
    validate_locale(config.source_lang, origin=f"{origin}: source_lang")
    twice = sorted({lang for lang in langs if langs.count(lang) > 1})
    if twice:
        raise InputError(f"languages: {', '.join(map(repr, twice))} named twice", path=origin)
    if config.source_lang in langs:
        raise InputError(f"languages: {config.source_lang!r} is the source language", path=origin)
    config = replace(config, languages=langs, output=_output_template(config.output, origin))
    _check_templates(config, origin)
    _check_backends(config.backends, origin)
    _check_judge(config, origin)
    extra = {lang: dict(config.extra_keys.get(lang, {})) for lang in langs}
    for key, value in config.extra_keys.items():
        if not isinstance(value, dict):  # a flat table applies to every language
            extra = {lang: {**extra[lang], key: value} for lang in langs}
    return replace(config, extra_keys=extra)


def _choice(value: str, key: str, choices: tuple[str, ...], origin: str) -> None:
    if value not in choices:
        raise InputError(f"{key} must be one of {', '.join(map(repr, choices))}, not {value!r}", path=origin)


def _output_template(output: str, origin: str) -> str:
    """A folder (``posts/{lang}``, the old form) means the source's tree mirrored inside it."""
    names = layout.parse(output, allowed=None, where=f"{origin}: output").names
    return output if names & {"path", "stem", "name"} else output.rstrip("/") + "/{path}{ext}"


def _check_templates(config: Config, origin: str) -> None:
    for key, allowed in _TEMPLATE_NAMES.items():
        template = layout.parse(getattr(config, key), allowed=allowed, where=f"{origin}: {key}")
        if key == "po" and not {"path"} <= template.names:
            raise InputError("po: the template must contain {path}", path=origin,
                             hint='po = "locales/{lang}/{path}.po"')
        if key in ("po", "output") and len(config.languages) > 1 and not template.names & {"lang", "lang_id"}:
            raise InputError(f"{key}: with several languages the template must contain {{lang}}", path=origin)
    for key in ("source", "memory"):
        layout.site_path(getattr(config, key), where=f"{origin}: {key}", allow_outside=config.allow_outside)
    sample = "2000/sample-post.md"
    output_names = layout.parse(config.output, allowed=None, where="output").names
    for lang in config.languages:
        config.output_path(lang, sample), config.po_path(lang, sample), config.glossary_path(lang)
        target = config.output_path(lang, sample)
        if target == config.source_dir / sample:
            raise InputError(f"output: {config.output!r} would overwrite the source posts in {config.source}",
                             path=origin, hint='put the language in the path, e.g. output = "posts/{lang}/{path}{ext}"')
        if target.is_relative_to(config.source_dir) and not output_names & {"lang", "lang_id"}:
            # Built files inside the source folder are told apart from posts by the language in their path.
            raise InputError(f"output: {config.output!r} is inside the source folder but has no {{lang}}",
                             path=origin, hint='e.g. output = "content/{dir}/{stem}.{lang}{ext}"')


def _check_backends(backends: Mapping[str, Any], origin: str, prefix: str = "backends.") -> None:
    """Backend tables are the backends' own, but a URL that cannot be one is caught here, with its key."""
    from urllib.parse import urlsplit

    for name, table in backends.items():
        if not isinstance(table, dict):
            raise InputError(f"{prefix}{name}: expected a table of options", path=origin)
        for key in ("base_url", "server_url"):
            url = table.get(key)
            if url is None:
                continue
            try:
                parts = urlsplit(url) if isinstance(url, str) else None
                ok = parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
                parts and parts.port  # noqa: B018 - raises ValueError for a bad port
            except ValueError:
                ok = False
            if not ok:
                raise InputError(f"{prefix}{name}.{key}: {url!r} is not an http(s) URL", path=origin,
                                 hint="e.g. http://localhost:11434/v1")


def _check_judge(config: Config, origin: str) -> None:
    """``[judge]``: known keys of the right types, a model, and never the translator's own model."""
    table = config.judge
    if not table:
        return
    for key, value in table.items():
        if key not in _JUDGE:
            raise InputError(f"judge.{key}: unknown setting", path=origin, hint=f"known: {', '.join(sorted(_JUDGE))}")
        if not isinstance(value, _JUDGE[key]) or (isinstance(value, bool) and _JUDGE[key] is not bool):
            raise InputError(f"judge.{key}: expected {_type_name(_JUDGE[key])}, not {type(value).__name__}",
                             path=origin)
    if table.get("backend", "openai") != "openai":
        raise InputError(f"judge.backend: {table['backend']!r} is not supported", path=origin,
                         hint='"openai": any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp, LM Studio)')
    if not table.get("model"):
        raise InputError("judge.model: name the judging model", path=origin, hint='model = "gpt-4o"')
    _choice(table.get("check", "warn"), "judge.check", ("warn", "refuse"), origin)
    approve_at = table.get("approve_at")
    if approve_at is not None and not 1 <= approve_at <= 100:
        raise InputError(f"judge.approve_at: {approve_at} is not a score from 1 to 100", path=origin,
                         hint="leave it out to never approve without a person (the default)")
    _check_backends({"judge": table}, origin, prefix="")
    translator = config.backends.get("openai")
    if translator is not None or config.backend == "openai":
        same = (str((translator or {}).get("model", "gpt-4o-mini")) == table["model"]
                and str((translator or {}).get("base_url", _OPENAI)).rstrip("/")
                == str(table.get("base_url", _OPENAI)).rstrip("/"))
        if same:
            raise InputError(f"judge.model: {table['model']!r} is also the translator (backends.openai.model)",
                             path=origin, hint="a model grading its own drafts misses its own mistakes: "
                             "name a different model (or another server)")


_OPENAI = "https://api.openai.com/v1"
