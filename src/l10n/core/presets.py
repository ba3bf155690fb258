"""Presets: each generator's natural layout and frontmatter rules, as config values.

A preset is only defaults: any key in the site's config wins over the preset's. The
``generator`` decides the link and heading-id rules of :mod:`l10n.core.links`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from l10n.core.visible import PARAM_KEYS, TEXT_TAGS

Generator = Literal["hugo", "jekyll", "zenn", "plain"]


@dataclass(frozen=True)
class Preset:
    name: str
    generator: Generator
    summary: str
    settings: dict[str, Any]
    generator_settings: str  # what to add on the generator's side, printed by `l10n-blog init`


_HUGO_RULES = {"set": {"url": "/{lang_id}{url}"}, "drop": ["aliases"]}
# What readers see of shortcodes and Liquid tags (see l10n.core.visible.Templates; plain and
# zenn keep the generic lists). Hugo has no Liquid tags, so no {% fn %} prose; figure shows alt/title/caption/attr.
_HUGO_TEMPLATES = {"visible_params": list(PARAM_KEYS), "prose_tags": []}
# Jekyll: footnote/side-note tags are prose; include parameters such as content="…" are shown.
_JEKYLL_TEMPLATES = {"visible_params": [*PARAM_KEYS, "content"], "prose_tags": list(TEXT_TAGS)}
_HUGO_SETTINGS = """\
# hugo.toml (or config.toml): Japanese stays the default language at its old URLs
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = false
[languages.ja]
  languageName = "日本語"
  weight = 1@JADIR@
@EACH [languages.@LANG@]
@EACH   languageName = "@NAME@"
@EACH   weight = @WEIGHT@@DIR@
# In the <html> tag of baseof.html:  lang="{{ .Site.Language.Lang }}"
# Language switcher:
#   {{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">
#   {{ .Language.LanguageName }}</a>{{ end }}"""
_JEKYLL_SETTINGS = """\
# _config.yml: posts of @LANG@/_posts get the category "@LANG@", hence /@LANG@/… URLs
lang: ja
# Lists and feeds of the Japanese site: leave the English posts out, e.g. in index.html
#   {% assign posts = site.posts | where_exp: "p", "p.lang != '@LANG@'" %}
# and for jekyll-feed, a second feed:  feed: {categories: ["@LANG@"]}
# In the <html> tag of _layouts/default.html:  lang="{{ page.lang | default: site.lang }}"
# Language switcher (same file name = same post):
#   {% for p in site.posts %}{% if p.slug == page.slug and p.id != page.id %}
#   <a hreflang="{{ p.lang | default: site.lang }}" href="{{ p.url | relative_url }}">…</a>
#   {% endif %}{% endfor %}"""
_ZENN_SETTINGS = """\
# Nothing to configure in zenn-cli: articles/<slug>-@LANG@.md is an article of its own.
# Zenn has no language switcher; link the two versions at the top of each article if you wish.
# Slugs must stay 12-50 characters of a-z 0-9 - _ (l10n-blog build refuses a name that cannot fit)."""

PRESETS: dict[str, Preset] = {
    "plain": Preset("plain", "plain", "posts/ja → posts/<lang>", {}, "# Nothing to configure."),
    "hugo": Preset(
        "hugo", "hugo", "Hugo, translation by file name (content/post/foo.md → foo.en.md; bundles index.en.md)",
        {"source": "content", "output": "content/{dir}/{stem}.{lang_id}{ext}", "frontmatter": _HUGO_RULES,
         **_HUGO_TEMPLATES},
        _HUGO_SETTINGS),
    "hugo-dir": Preset(
        "hugo-dir", "hugo", "Hugo, one contentDir per language (content/ja → content/en)",
        {"source": "content/ja", "output": "content/{lang_id}/{path}{ext}", "frontmatter": _HUGO_RULES,
         **_HUGO_TEMPLATES},
        _HUGO_SETTINGS),
    "jekyll": Preset(
        "jekyll", "jekyll", "Jekyll, English posts in en/_posts (URLs under /en/)",
        {"source": "_posts", "output": "{lang_id}/_posts/{path}{ext}", "keys": ["title", "excerpt", "description"],
         "frontmatter": {"set": {"lang": "{lang_id}", "permalink": "/{lang_id}{permalink}"},
                         "drop": ["redirect_from"]}, **_JEKYLL_TEMPLATES},
        _JEKYLL_SETTINGS),
    "jekyll-polyglot": Preset(
        "jekyll-polyglot", "jekyll", "Jekyll with jekyll-polyglot (same-named posts under _posts/<lang>/)",
        {"source": "_posts", "output": "_posts/{lang_id}/{path}{ext}", "keys": ["title", "excerpt", "description"],
         "frontmatter": {"set": {"lang": "{lang_id}"}, "drop": ["redirect_from"]}, **_JEKYLL_TEMPLATES},
        "# _config.yml: languages: [\"ja\", \"{lang_id}\"], default_lang: \"ja\", plugins: [jekyll-polyglot]"),
    "zenn": Preset(
        "zenn", "zenn", "Zenn (articles/<slug>.md → articles/<slug>-en.md)",
        {"source": "articles", "output": "articles/{stem}-{lang_id}{ext}", "keys": ["title"]},
        _ZENN_SETTINGS),
}


def generator_settings(preset: Preset, languages: list[tuple[str, str]], source: str) -> str:
    """The generator-side settings for ``preset``, for ``(lang, display name)`` pairs in order.

    Lines marked ``@EACH`` are written once per language; the others once (with the first).
    """
    out: list[str] = []
    group: list[str] = []
    for line in preset.generator_settings.split("\n") + [""]:
        if line.startswith("@EACH "):
            group.append(line.removeprefix("@EACH "))
            continue
        for n, (lang, name) in enumerate(languages if group else []):
            out += [_fill(each, preset, lang, name, source, weight=n + 2) for each in group]
        group = []
        out.append(_fill(line, preset, *languages[0], source, weight=2))
    return "\n".join(out[:-1])


def _fill(line: str, preset: Preset, lang: str, name: str, source: str, *, weight: int) -> str:
    lang_id = lang.replace("_", "-").lower()
    dirs = ("", "")
    if preset.name == "hugo-dir":
        dirs = (f'\n  contentDir = "{source}"', f'\n  contentDir = "content/{lang_id}"')
    for marker, value in (("@JADIR@", dirs[0]), ("@DIR@", dirs[1]), ("@LANG@", lang_id), ("@NAME@", name),
                          ("@WEIGHT@", str(weight))):
        line = line.replace(marker, value)
    return line
