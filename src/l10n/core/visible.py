"""What a reader sees inside markup by default: shortcode and Liquid tag parts, embeds kept as published.

The settings of :mod:`l10n.core.constructs` and :mod:`l10n.core.htmlblock` that the config and
the presets name as defaults. Kept apart from those modules so that reading the config compiles
none of their patterns (a run with nothing to do never parses a post).
"""

from __future__ import annotations

from dataclasses import dataclass

# Shortcode / Liquid parameters a reader sees (image descriptions, captions, tooltips).
PARAM_KEYS = ("alt", "title", "caption", "description", "label", "summary", "text", "attr", "name")
# Liquid tags whose whole argument is prose: Jekyll footnote and side-note plugins.
TEXT_TAGS = ("fn", "footnote", "sidenote", "marginnote")
# Third-party embeds: their text is someone else's post, kept as published.
KEEP_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed", "fb-post")


@dataclass(frozen=True)
class Templates:
    """Which parts of Hugo shortcodes and Liquid tags a reader sees (each preset has its own; configurable).

    A "tag" is a shortcode's or a Liquid tag's name; only a value with Japanese in it is offered.
    """

    params: tuple[str, ...] = PARAM_KEYS  # named parameters of any tag: {{< figure caption="…" >}}
    prose_tags: tuple[str, ...] = TEXT_TAGS  # tags whose whole argument is prose: {% fn 脚注 %}
    quoted_tags: tuple[str, ...] = ()  # tags whose quoted positional arguments are shown: {% card URL "題" %}


DEFAULT_TEMPLATES = Templates()
