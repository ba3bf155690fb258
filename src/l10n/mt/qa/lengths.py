"""How long an English translation of a Japanese unit should be: omissions and additions.

English text runs to about 2.5 characters per kana or kanji, while Latin text inside a
Japanese sentence (names, numbers, "AWS") is copied one for one. The model predicts
``ratio × kana/kanji + other characters`` and scores a translation by the log of its length
over that prediction; what the site's reviewed pairs show as normal is the centre and the
spread (median and MAD, so a few bad pairs do not move them). Units with fewer than
``floor`` kana/kanji are never judged: a heading or a tag has no stable ratio.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.core.text import JAPANESE

_SPACE = re.compile(r"\s+")
MIN_SPREAD = 0.15


def weights(source: str) -> tuple[int, int]:
    """(kana/kanji characters, other visible characters) of a Japanese text."""
    compact = _SPACE.sub("", source)
    japanese = sum(len(run) for run in JAPANESE.findall(compact))
    # Japanese punctuation (、。「」) has no English counterpart of its own length.
    other = sum(1 for char in compact if char.isascii())
    return japanese, other


def english_length(translation: str) -> int:
    return len(_SPACE.sub(" ", translation).strip())


@dataclass(frozen=True)
class LengthModel:
    """English characters per kana/kanji, and the normal log-deviation (centre, spread)."""

    ratio: float = 2.5
    centre: float = 0.0
    spread: float = 0.2
    floor: int = 15
    limit: float = 4.0  # how many spreads away is abnormal
    pairs: int = 0  # how many reviewed pairs the figures come from (0: defaults)

    def deviation(self, source: str, translation: str) -> float | None:
        """How many spreads the translation is longer (+) or shorter (−) than normal; None below the floor."""
        japanese, other = weights(source)
        if japanese < self.floor:
            return None
        predicted = self.ratio * japanese + other
        actual = max(english_length(translation), 1)
        return (math.log(actual / predicted) - self.centre) / self.spread

    @classmethod
    def fit(cls, pairs: Iterable[tuple[str, str]], *, floor: int = 15, minimum: int = 30) -> LengthModel:
        """The model of a site's reviewed (source, translation) pairs; the defaults when there are too few."""
        usable = [(weights(s), english_length(t)) for s, t in pairs]
        usable = [((j, o), n) for (j, o), n in usable if j >= floor and n > 0]
        if len(usable) < minimum:
            return cls(floor=floor)
        ratio = statistics.median((n - o) / j for (j, o), n in usable if n > o) if usable else cls.ratio
        logs = [math.log(n / (ratio * j + o)) for (j, o), n in usable]
        centre = statistics.median(logs)
        mad = statistics.median(abs(x - centre) for x in logs)
        # 1.4826 × MAD estimates the standard deviation of normal data. The floor: a site translated
        # tightly by hand would otherwise call every terse but correct draft an omission.
        return cls(ratio=ratio, centre=centre, spread=max(1.4826 * mad, MIN_SPREAD), floor=floor, pairs=len(usable))


__all__ = ["LengthModel", "english_length", "weights"]
