"""The close-match index gives exactly the scan's answer: same keys, same scores, same order."""

from __future__ import annotations

import random

import pytest

from l10n.mt.closematch import CloseIndex, scan, top

ALPHABETS = {
    "small": "あいうえお運転",
    "kanji": "".join(chr(0x4E00 + i) for i in range(300)) + "のにはをがで、。",
}


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
def test_search_returns_exactly_the_scan(alphabet: str, threshold: float, limit: int) -> None:
    rng = random.Random(f"{alphabet}{threshold}{limit}")
    chars = ALPHABETS[alphabet]
    keys = _keys(rng, chars, 4000)
    index = CloseIndex(keys)
    for n in range(80):
        query = _query(rng, keys, chars, n)
        assert index.search(query, threshold, limit) == scan(keys, query, threshold, limit), query


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
