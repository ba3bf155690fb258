"""The localized text of one post: translations spliced in, then the language's rules applied.

Frontmatter rules (``frontmatter.set``/``drop``), sentence joining for the target language,
pinned heading ids and links to other localized posts. ``build`` writes it; ``check`` compares.
"""

from __future__ import annotations

from l10n.config import Config
from l10n.core import fmrules, layout
from l10n.core.segment import Segmented
from l10n.core.splice import Translations, build_text

# Written without a space between sentences (CLDR: these scripts do not separate words).
_NO_SPACE = ("ja", "zh", "yue", "th", "lo", "km", "my")


def joiner(lang: str) -> str:
    """What goes between two translated sentences of a paragraph in ``lang``."""
    return "" if lang.replace("-", "_").split("_")[0] in _NO_SPACE else " "


def localized_text(config: Config, lang: str, segmented: Segmented, translations: Translations) -> str:
    """The text ``build`` writes for ``segmented`` in ``lang``."""
    post = segmented.post
    rules = config.rules_for(lang)
    values = fmrules.resolve(rules.set, post, layout.post_values(post.path, lang))
    return build_text(segmented, translations, extra=values, drop=rules.drop, joiner=joiner(lang))
