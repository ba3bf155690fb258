"""The close-match index gives exactly the scan's answer: same keys, same scores, same order.

The index filters by shared character pairs, or by shared characters where the pair bar is
too low; each test that compares with the scan runs both filters (``paths``).
"""

from __future__ import annotations

import random

import pytest

from l10n.mt import closematch
from l10n.mt.closematch import CloseIndex, scan, top

ALPHABETS = {
    "small": "あいうえお運転",
    "kanji": "".join(chr(0x4E00 + i) for i in range(300)) + "のにはをがで、。",
    # Latin words, spaces and digits; characters beyond the BMP and a lone surrogate.
    "latin": "etaoinshrdlu cmfwypvbgkqjxz 0123456789.,",
    "astral": "😀😃🎉𠀋𠀍\ud800あア ",
}
PATHS = {"pairs": closematch._PAIR_BAR, "characters": 10**9}


@pytest.fixture(params=sorted(PATHS))
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Filter by pairs wherever their bar allows (the default), or always by characters."""
    monkeypatch.setattr(closematch, "_PAIR_BAR", PATHS[request.param])
    return str(request.param)


def _keys(rng: random.Random, chars: str, count: int) -> list[str]:
    # A Zipf-like weighting gives common and rare characters, as in real text.
    weights = [1 / rank for rank in range(1, len(chars) + 1)]
    keys = {"".join(rng.choices(chars, weights, k=rng.randint(1, 60))) for _ in range(count)}
    return sorted(keys, key=len)


def _query(rng: random.Random, keys: list[str], chars: str, n: int) -> str:
    if n % 3 == 0:
        return "".join(rng.choices(chars, k=rng.randint(1, 60)))
    edited = list(rng.choice(keys))
    for _ in range(rng.randint(0, max(1, len(edited) // 4))):
        position = rng.randrange(len(edited))
        edited[position : position + 1] = rng.choices(chars, k=rng.randint(0, 2))
    return "".join(edited) or chars[0]


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
@pytest.mark.parametrize("threshold", [0.5, 0.75, 0.9, 1.0])
@pytest.mark.parametrize("limit", [1, 3])
def test_search_returns_exactly_the_scan(alphabet: str, threshold: float, limit: int, path: str) -> None:
    rng = random.Random(f"{alphabet}{threshold}{limit}")
    chars = ALPHABETS[alphabet]
    keys = _keys(rng, chars, 4000)
    index = CloseIndex(keys)
    for n in range(80):
        query = _query(rng, keys, chars, n)
        assert index.search(query, threshold, limit) == scan(keys, query, threshold, limit), query


def _same_as_scan(keys: list[str], queries: list[str], thresholds: tuple[float, ...] = (0.5, 0.75, 0.9, 1.0)) -> None:
    keys = sorted(keys, key=len)
    index = CloseIndex(keys)
    for query in queries:
        for threshold in thresholds:
            for limit in (1, 3):
                assert index.search(query, threshold, limit) == scan(keys, query, threshold, limit), (query, threshold)


def test_duplicate_and_empty_keys(path: str) -> None:
    rng = random.Random(7)
    keys = ["", "", "あ", "あ"] + ["".join(rng.choices("あいうえお", k=rng.randint(1, 12))) for _ in range(1500)]
    _same_as_scan(keys, ["あ", "あい", "ああああ", "いあいあいあいあ", "おおおおおおおおおおおお", "かきく"])


def test_repeated_pairs_count_once_per_occurrence(path: str) -> None:
    # A key holding a pair k times shares min(k, j) of it with a query holding it j times.
    keys = ["あい" * k + "う" * (20 - 2 * k) for k in range(11)] * 30 + ["う" * n for n in range(1, 400)]
    _same_as_scan(keys, ["あい" * 10, "あいあいううううううう", "ういあ" * 6], (0.75, 0.9))


def test_pairs_across_neighbouring_keys_are_not_counted(path: str) -> None:
    # Each query pair is made by the last character of one key and the first of the next.
    keys = sorted(["x" * 9 + chr(0x4E00 + i) for i in range(600)] + [chr(0x4E00 + i) + "y" * 9 for i in range(600)],
                  key=len)
    _same_as_scan(keys, ["".join(chr(0x4E00 + i) for i in range(10)), "x" * 8 + "一丁"])


def test_long_keys_and_queries(path: str) -> None:
    rng = random.Random(11)
    chars = "".join(chr(0x4E00 + i) for i in range(40)) + "のは、"
    keys = ["".join(rng.choices(chars, k=rng.randint(150, 400))) for _ in range(600)]
    edited = [key[: len(key) // 2] + "変" + key[len(key) // 2 + 3 :] for key in keys[:10]]
    _same_as_scan(keys, edited + ["".join(rng.choices(chars, k=300))], (0.5, 0.75, 0.9))


def test_ties_with_the_limit_th_best_are_all_kept() -> None:
    keys = sorted(["あいうえか", "あいうえき", "あいうえく", "かきくけこさしすせそ"] + ["ん" * 5] * 300, key=len)
    hits = CloseIndex(keys).search("あいうえお", 0.5, 1)
    assert sorted(keys[p] for p, _ in hits) == ["あいうえか", "あいうえき", "あいうえく"]
    assert {score for _, score in hits} == {0.8}


def test_top_keeps_ties_and_drops_below_threshold() -> None:
    assert top([(1, 0.7), (2, 0.9), (3, 0.8), (4, 0.8)], 0.75, 2) == [(2, 0.9), (3, 0.8), (4, 0.8)]


def test_keys_must_be_sorted_by_length() -> None:
    with pytest.raises(ValueError):
        CloseIndex(["ああ", "あ"])


def test_an_empty_index_finds_nothing() -> None:
    assert CloseIndex([]).search("あいう", 0.75, 1) == []


def test_an_index_too_large_for_64_bit_numbers_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # gram · keys + key must fit in 64 bits (pairs: up to 7.4 million keys); shown with a larger span
    monkeypatch.setattr(closematch, "_PLANES", 2**31)
    assert CloseIndex(["あい"]).search("あい", 0.75, 1) == [(0, 1.0)]  # pairs: 2**62 · 1 fits
    with pytest.raises(ValueError, match="too many keys"):
        CloseIndex(["あい", "いう"])  # 2**62 · 2 does not
