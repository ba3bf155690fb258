"""The localized text of one post: translations spliced in, then the language's rules applied.

Frontmatter rules (``frontmatter.set``/``drop``), sentence joining for the target language,
heading ids kept (pinned with ``{#id}`` where the generator reads it, else in-page links
renamed), and links to other posts pointed at their localized versions
(:mod:`l10n.steps.sitelinks`). ``build`` writes this text; ``check`` compares with it.
"""

from __future__ import annotations

from urllib.parse import unquote

from l10n.config import Config
from l10n.core import blockstart, fmrules, layout, links, presets
from l10n.core.post import parse
from l10n.core.segmented import Segmented
from l10n.core.splice import Translations, apply, build_text
from l10n.steps.sitelinks import SiteLinks, may_change, rewrite_links

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
    spliced = text = build_text(segmented, translations, extra=values, drop=rules.drop, joiner=joiner(lang))
    built = parse(post.path, text.encode("utf-8"))
    if generator in _PINS:
        text = pinned_ids(post.text, post.body_start, built.text, built.body_start, generator)
    elif "](#" in post.text:
        text = _renamed_anchors(post.text, post.body_start, built.text, built.body_start, generator)
    if site is not None:
        if text != spliced:  # (the same text parses the same)
            built = parse(post.path, text.encode("utf-8"))
        text = built.text
        if may_change(text, built.body_start):  # most posts link only to other sites, if at all
            # the code blocks' lines, from the source's parse when the built body has its blocks (mostly)
            code = blockstart.code_lines(post, built, segmented.structure)
            text = rewrite_links(site, post.path, text, built.body_start, code=code)
    return text


def pinned_ids(source: str, source_body: int, text: str, body_start: int, generator: str) -> str:
    """Each translated heading keeps its source id (`` {#id}``), so every link to it still works.

    In-page links, links from other posts and from other sites alike; only where the id changed.
    """
    if "#" not in text[body_start:] and "\n===" not in text and "\n---" not in text[body_start:]:
        return text  # no heading at all (the common short post): nothing to parse
    before = links.headings(source, source_body, generator)
    after = links.headings(text, body_start, generator)
    if len(before) != len(after):
        return text
    edits = [(b.end, b.end, f" {{#{unquote(a.id)}}}") for a, b in zip(before, after)
             if not b.pinned and unquote(a.id) != unquote(b.id) and _pinnable(unquote(a.id))]
    return apply(text, edits)


def _pinnable(anchor: str) -> bool:
    return bool(anchor) and not any(c in anchor for c in " {}#\\\"")


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
