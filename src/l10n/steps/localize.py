"""The localized text of one post: translations spliced in, then the language's rules applied.

Frontmatter rules (``frontmatter.set``/``drop``), sentence joining for the target language,
in-page anchors kept working, and links to other posts pointed at their localized versions
(:mod:`l10n.steps.sitelinks`). ``build`` writes this text; ``check`` compares with it.
"""

from __future__ import annotations

from urllib.parse import unquote

from l10n.config import Config
from l10n.core import fmrules, layout, links, presets
from l10n.core.post import parse
from l10n.core.segment import Segmented
from l10n.core.splice import Edit, Translations, build_text
from l10n.steps.sitelinks import SiteLinks, rewrite_links

# Written without a space between sentences (CLDR: these scripts do not separate words).
_NO_SPACE = ("ja", "zh", "yue", "th", "lo", "km", "my")
# Generators whose Markdown takes `{#id}` after a heading (goldmark's and kramdown's attributes).
_PINS = ("hugo", "jekyll")


def joiner(lang: str) -> str:
    """What goes between two translated sentences of a paragraph in ``lang``."""
    return "" if lang.replace("-", "_").split("_")[0] in _NO_SPACE else " "


def localized_text(config: Config, lang: str, segmented: Segmented, translations: Translations,
                   site: SiteLinks | None = None) -> str:
    """The text ``build`` writes for ``segmented`` in ``lang``."""
    post = segmented.post
    rules = config.rules_for(lang)
    values = fmrules.resolve(rules.set, post, layout.post_values(post.path, lang))
    generator = presets.PRESETS[config.preset].generator
    in_page = "](#" in post.text
    pins = anchor_pins(post.text, post.body_start, generator) if generator in _PINS and in_page else []
    text = build_text(segmented, translations, extra=values, drop=rules.drop, joiner=joiner(lang), more=pins)
    built = parse(post.path, text.encode("utf-8"))
    if generator not in _PINS and in_page:
        text = _renamed_anchors(post.text, post.body_start, built.text, built.body_start, generator)
        built = parse(post.path, text.encode("utf-8"))
    if site is not None:
        text = rewrite_links(site, post.path, built.text, built.body_start)
    return text


def _in_page(text: str, body_start: int) -> set[str]:
    return {unquote(link.target[1:]) for link in links.links(text, body_start)
            if link.kind == "link" and link.target.startswith("#")}


def anchor_pins(text: str, body_start: int, generator: str) -> list[Edit]:
    """`` {#id}`` after each heading an in-page link points at, so the link survives translation."""
    wanted = _in_page(text, body_start)
    return [(h.end, h.end, f" {{#{unquote(h.id)}}}") for h in links.headings(text, body_start, generator)
            if not h.pinned and unquote(h.id) in wanted]


def _renamed_anchors(source: str, source_body: int, text: str, body_start: int, generator: str) -> str:
    """For generators without `{#id}`: in-page links follow their heading to its translated id."""
    before = links.headings(source, source_body, generator)
    after = links.headings(text, body_start, generator)
    if len(before) != len(after):
        return text
    renamed = {unquote(a.id): b.id for a, b in zip(before, after) if a.id != b.id}

    def change(link: links.Link) -> str | None:
        if link.kind != "link" or not link.target.startswith("#"):
            return None
        new = renamed.get(unquote(link.target[1:]))
        return None if new is None else "#" + new

    return links.rewrite(text, body_start, change)
