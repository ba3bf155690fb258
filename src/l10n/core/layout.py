"""Path templates: where a post's PO file and localized copies go, and which files are outputs.

A template is a site-relative path with placeholders in braces, e.g.
``content/{dir}/{stem}.{lang}{ext}``. Only the names below are allowed: templates are
parsed here, never given to ``str.format`` (which would accept ``{lang.__class__}``).
For a post ``2024/hello.md`` under the source folder: ``{path}`` = ``2024/hello``,
``{dir}`` = ``2024`` (``{dir}/`` disappears for a top-level post), ``{stem}`` = ``hello``,
``{name}`` = ``hello.md``, ``{ext}`` = ``.md``, ``{lang}`` = ``zh_Hans`` as configured and
``{lang_id}`` = ``zh-hans`` (lowercase BCP 47, the form Hugo and Zenn slugs accept).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from l10n.errors import InputError

POST_PLACEHOLDERS = ("lang", "lang_id", "path", "dir", "stem", "name", "ext")
_TOKEN = re.compile(r"\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Zenn: "a-z0-9, hyphen and underscore, 12 to 50 characters" (zenn-cli's slug check).
ZENN_SLUG = re.compile(r"[a-z0-9_-]{12,50}\Z")


@dataclass(frozen=True)
class Template:
    """A parsed template: literal text and placeholder names, in order."""

    source: str
    parts: tuple[tuple[str, str], ...]  # ("text", "...") or ("name", "lang")

    @property
    def names(self) -> frozenset[str]:
        return frozenset(value for kind, value in self.parts if kind == "name")


def parse(template: str, *, allowed: Iterable[str] | None, where: str) -> Template:
    """Parse ``template``; names outside ``allowed`` (None: any identifier) are an InputError."""
    allowed = None if allowed is None else tuple(allowed)
    parts: list[tuple[str, str]] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        if match.start() > pos:
            parts.append(("text", template[pos : match.start()]))
        name = match.group(1)
        if name is None or not _NAME.match(name):
            raise InputError(f"{where}: {match.group()!r} is not a placeholder", hint=_known(allowed))
        if allowed is not None and name not in allowed:
            raise InputError(f"{where}: unknown placeholder {{{name}}}", hint=_known(allowed))
        parts.append(("name", name))
        pos = match.end()
    if pos < len(template):
        parts.append(("text", template[pos:]))
    return Template(template, tuple(parts))


def _known(allowed: tuple[str, ...] | None) -> str:
    if allowed is None:
        return "placeholders are names in braces, such as {lang} or {url}"
    return "known placeholders: " + ", ".join("{" + n + "}" for n in allowed)


def lang_id(lang: str) -> str:
    """``zh_Hans`` -> ``zh-hans``."""
    return lang.replace("_", "-").lower()


def post_values(post: str, lang: str) -> dict[str, str]:
    """Placeholder values of a post (its path under the source folder) in ``lang``."""
    folder, slash, name = post.rpartition("/")
    if folder.endswith("/") or (slash and not folder):  # "a//b.md", "/b.md": as posixpath.split cuts them
        folder, name = posixpath.split(post)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    ext = "." + suffix if suffix else ""
    # posixpath.join(folder, stem), spelled out: every post's output and PO names start here
    path = stem if not folder else (folder + stem if folder.endswith("/") else f"{folder}/{stem}")
    return {"lang": lang, "lang_id": lang_id(lang), "path": path, "dir": folder, "stem": stem, "name": name, "ext": ext}


def render(template: Template, values: Mapping[str, str]) -> str:
    """Fill in the template; an empty ``{dir}`` takes the ``/`` after it along."""
    out: list[str] = []
    skip_slash = False
    for kind, value in template.parts:
        if kind == "text":
            out.append(value[1:] if skip_slash and value.startswith("/") else value)
            skip_slash = False
            continue
        text = values[value]
        out.append(text)
        skip_slash = value == "dir" and text == ""
    return "".join(out)


def site_path(rendered: str, *, where: str, allow_outside: bool = False) -> str:
    """A rendered path, normalized; one that leaves the site is an InputError unless allowed."""
    normal = posixpath.normpath(rendered)
    if not allow_outside and (posixpath.isabs(rendered) or normal == ".." or normal.startswith("../")):
        raise InputError(f"{where}: {rendered!r} is outside the site",
                         hint="use a path relative to the site folder, or set allow_outside = true")
    return normal


def matcher(template: Template, languages: Iterable[str], suffixes: Iterable[str]) -> re.Pattern[str]:
    """A regex that matches every site-relative path the template can produce for these languages."""
    langs = list(languages)
    groups = {
        "lang": "|".join(map(re.escape, langs)),
        "lang_id": "|".join(re.escape(lang_id(lang)) for lang in langs),
        "path": r".+", "dir": r".+", "stem": r"[^/]+", "name": r"[^/]+",
        "ext": "|".join(re.escape(s) for s in suffixes),
    }
    out: list[str] = []
    skip_slash = False
    for kind, value in template.parts:
        if kind == "text":
            text = value
            if skip_slash and text.startswith("/"):
                text = text[1:]
            out.append(re.escape(text))
            skip_slash = False
        elif value == "dir" and _next_starts_with_slash(template, len(out)):
            out.append(r"(?:.+/)?")
            skip_slash = True
        else:
            out.append(f"(?:{groups[value]})")
    return re.compile("".join(out) + r"\Z")


def _next_starts_with_slash(template: Template, index: int) -> bool:
    following = template.parts[index + 1 : index + 2]
    return bool(following) and following[0][0] == "text" and following[0][1].startswith("/")


def zenn_slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be a Zenn article slug, or None when it can."""
    if ZENN_SLUG.match(slug):
        return None
    if len(slug) < 12 or len(slug) > 50:
        return f"Zenn slugs have 12 to 50 characters; {slug!r} has {len(slug)}"
    bad = sorted({c for c in slug if not re.match(r"[a-z0-9_-]", c)})
    return f"Zenn slugs use only a-z, 0-9, '-' and '_'; {slug!r} has {' '.join(map(repr, bad))}"
