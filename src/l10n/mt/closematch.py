"""Close matches for the translation memory: the best keys by Indel similarity, from an index.

Similarity is rapidfuzz's normalized Indel similarity ``2·LCS / (|a| + |b|)``. The LCS is
made of characters both strings hold, so a key ``b`` can reach a score ``s`` against the
query ``a`` only if it shares at least ``need(|b|) = ⌈s·(|a| + |b|) / 2⌉`` characters with it
as a multiset. Its consecutive characters also make pairs both strings hold: of the LCS's
``L - 1`` neighbouring pairs, at most ``|a| - L`` are split in ``a`` and ``|b| - L`` in ``b``, so
they share at least ``3·need(|b|) - 1 - |a| - |b|`` character pairs (bigrams) as a multiset.
Writing each key as a set of tokens (gram, occurrence number) turns either bar into a set
overlap that an inverted index counts. Leaving the query's ``skip`` most common tokens out of
the count lowers each bar by ``skip`` and keeps the filter lossless.

Pairs are far rarer than characters, so their lists are short: the index counts pairs, and
counts characters (an index built on first need) only where the pair bar is too low to
filter, which happens for short strings and thresholds below about 0.7.

The bar that makes this fast is not the threshold but the score to beat: a first pass
scores the few keys sharing most of the query's rarest pairs; once ``limit`` of them reach
the threshold, only keys that can tie the ``limit``-th of those scores can change the
answer, and at a score near 0.9 the bar is high enough to skip nearly every common token.
The answer is the same as scoring the whole length window (``scan``): tested against it in
tests/test_closematch.py, compared query by query in bench/bench_memory.py.

Written by hand because no library does it losslessly: SQLite FTS5's trigram index cannot
at threshold 0.75 (a 40-character key may differ in 20 characters, which leaves no trigram
guaranteed), and rapidfuzz only offers the scan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cached_property
from math import ceil, floor

import numpy
from rapidfuzz import process
from rapidfuzz.distance import Indel

__all__ = ["CloseIndex", "length_window", "scan", "top"]

Hits = list[tuple[int, float]]  # (position in the length-sorted keys, score)

_PLANES = 0x110000  # code points are below this; token id = gram code + occurrence number · _PLANES**size
_SMALL = 256  # a window this small is scored outright: cheaper than any filtering
_SEED_TOKENS = 5  # the first pass counts the query's rarest pairs only
_SEEDS = 4  # and scores this many keys beyond ``limit``
_LONG = 4  # a posting list holding over 1/_LONG of the keys costs more to count than it prunes
_CUT = 2048  # a posting list longer than this is cut to the length window by binary search
_BAR = 6  # other lists are skipped, longest first, while every key still needs this many shared tokens
_PAIR_BAR = 1  # below this many shared pairs, characters filter better
# Float error in a score is far below this; subtracting it can only lower a bar.
_EPS = 1e-6


def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Lengths a key can have and still reach ``threshold``.

    The normalized Indel similarity of strings of lengths a and b is at most
    1 - |a - b| / (a + b); solving that for b gives the window.  It is rounded outwards,
    so float error can only admit an extra candidate, never drop a match.
    """
    low = floor(length * threshold / (2 - threshold))
    high = ceil(length * (2 - threshold) / threshold)
    return low, high


def top(hits: Hits, threshold: float, limit: int) -> Hits:
    """Hits >= ``threshold`` that tie or beat the ``limit``-th best, best first (then by position).

    Every hit tied with the ``limit``-th is kept, so the caller can break ties (reviewed
    first) before cutting to ``limit``.
    """
    hits = sorted((hit for hit in hits if hit[1] >= threshold), key=lambda hit: (-hit[1], hit[0]))
    if not hits:
        return []
    floor_score = hits[min(limit, len(hits)) - 1][1]
    return [hit for hit in hits if hit[1] >= floor_score]


def _score(
    query: str, keys: Sequence[str] | numpy.ndarray, positions: Sequence[int] | numpy.ndarray, threshold: float
) -> Hits:
    # rapidfuzz turns the cutoff into a distance with float error and can reject a score
    # equal to the threshold; cut a hair lower, ``top`` applies the threshold exactly.
    cutoff = max(threshold - 1e-5, 0.0)
    if isinstance(positions, range) and isinstance(keys, list):
        chosen: Sequence[str] | numpy.ndarray = keys[positions.start : positions.stop]  # the scan: one slice
    elif isinstance(keys, numpy.ndarray):
        chosen = keys[positions]
    else:
        chosen = [keys[p] for p in positions]
    found = process.extract(query, chosen, scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None)
    return [(int(positions[index]), score) for _, score, index in found]


def scan(keys: Sequence[str], query: str, threshold: float, limit: int, lengths: Sequence[int] | None = None) -> Hits:
    """The reference answer: score every key of the length window (``keys`` sorted by length)."""
    lengths = [len(key) for key in keys] if lengths is None else lengths
    low, high = length_window(len(query), threshold)
    window = range(bisect_left(lengths, low), bisect_right(lengths, high))
    return top(_score(query, keys, window, threshold), threshold, limit)


def _query_tokens(query: str, size: int) -> numpy.ndarray:
    """The query's tokens: each gram of ``size`` characters with its occurrence number."""
    span = _PLANES**size
    seen: dict[int, int] = {}
    ids = []
    codes = [ord(char) for char in query]
    for code in codes if size == 1 else (first * _PLANES + second for first, second in zip(codes, codes[1:])):
        occurrence = seen.get(code, 0)
        seen[code] = occurrence + 1
        ids.append(code + occurrence * span)
    return numpy.array(ids, dtype=numpy.int64)


def _grams(keys: Sequence[str], lengths: numpy.ndarray, size: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Every key's grams of ``size`` (1 or 2) characters as codes below ``_PLANES**size``, and their count per key."""
    codes = numpy.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    if size == 1:
        return codes, lengths
    pairs = codes[:-1].astype(numpy.int64) * _PLANES + codes[1:]
    within = numpy.ones(len(pairs), dtype=bool)  # False for a pair across two keys
    ends = numpy.cumsum(lengths)
    within[ends[(lengths > 0) & (ends < len(codes))] - 1] = False
    return pairs[within], numpy.maximum(lengths - 1, 0)


class _Postings:
    """Per token (gram of ``size`` characters, occurrence number), the ascending positions of the keys holding it.

    Built with numpy (a Python loop over 4 million characters takes seconds); temporaries
    are dropped as soon as possible, the build peaks at a few times the kept size.
    """

    def __init__(self, keys: Sequence[str], lengths: numpy.ndarray, size: int) -> None:
        self.size = size
        span = _PLANES**size
        if span * len(keys) >= 2**63:
            raise ValueError(f"too many keys for a close-match index: {len(keys):,}")
        codes, counts = _grams(keys, lengths, size)
        # One sort of gram · keys + key: each gram's keys come out ascending, a key's repeats together.
        numbers = codes.astype(numpy.int64) * max(len(keys), 1) + numpy.repeat(numpy.arange(len(keys)), counts)
        del codes
        numbers.sort()
        codes, positions = numpy.divmod(numbers, max(len(keys), 1))
        positions = positions.astype(numpy.int32)
        del numbers
        # A token's occurrence number is its rank among the same gram in the same key.
        starts = numpy.ones(len(codes), dtype=bool)
        starts[1:] = (codes[1:] != codes[:-1]) | (positions[1:] != positions[:-1])
        at = numpy.arange(len(starts), dtype=numpy.int32)
        ranks = at - numpy.maximum.accumulate(numpy.where(starts, at, 0))
        del at, starts
        # First occurrences are already in token order; repeats (fewer) are sorted by token and
        # go after them, since every repeat's token id is at least ``span``.
        again = ranks > 0
        repeats = codes[again] + ranks[again].astype(numpy.int64) * span
        del ranks
        by_token = numpy.argsort(repeats, kind="stable")  # stable: positions stay ascending per token
        token = numpy.concatenate((codes[~again], repeats[by_token]))
        self.positions = numpy.concatenate((positions[~again], positions[again][by_token]))
        del codes, repeats, by_token, positions, again
        starts = numpy.ones(len(token), dtype=bool)
        starts[1:] = token[1:] != token[:-1]
        first = numpy.flatnonzero(starts)
        self.tokens = token[first]
        self.offsets = numpy.append(first, len(token))

    def lists(self, query: str) -> list[tuple[int, int]]:
        """Where each query token's posting list lies in ``positions``, shortest first."""
        wanted = _query_tokens(query, self.size)
        if not len(wanted) or not len(self.tokens):
            return []
        slots = numpy.minimum(numpy.searchsorted(self.tokens, wanted), len(self.tokens) - 1)
        slots = slots[self.tokens[slots] == wanted]
        lows, highs = self.offsets[slots], self.offsets[slots + 1]
        order = numpy.argsort(highs - lows)
        return list(zip(lows[order].tolist(), highs[order].tolist()))

    def within(self, lists: list[tuple[int, int]], start: int, stop: int) -> numpy.ndarray:
        """The positions of the given lists that lie in [start, stop), less ``start``, all in one array.

        A long list is cut to the window by two binary searches; short ones are joined whole and
        masked once: a numpy call per short list would cost more than the extra postings.
        """
        # The bounds as an array of the lists' own type: converting a Python int costs 10 times the search.
        bounds = numpy.array((start, stop), dtype=numpy.int32)
        parts = []
        for low, high in lists:
            part = self.positions[low:high]
            if high - low > _CUT:
                first, last = part.searchsorted(bounds)
                part = part[first:last]
            parts.append(part)
        found = (numpy.concatenate(parts) if parts else self.positions[:0]) - numpy.int32(start)
        return found[found.view(numpy.uint32) < stop - start]  # one comparison for start <= p < stop


class CloseIndex:
    """Keys sorted by length and, per pair of characters (per character on first need), the positions holding it."""

    def __init__(self, keys: Sequence[str]) -> None:
        if any(len(keys[i]) > len(keys[i + 1]) for i in range(len(keys) - 1)):
            raise ValueError("keys must be sorted by length")
        self.keys = list(keys)
        self._key_array = numpy.array(self.keys, dtype=object)  # fancy indexing beats a list comprehension
        self.lengths = numpy.array([len(key) for key in keys], dtype=numpy.int64)
        self._length_list = self.lengths.tolist()
        self._pairs = _Postings(keys, self.lengths, 2)

    @cached_property
    def _chars(self) -> _Postings:
        return _Postings(self.keys, self.lengths, 1)

    def search(self, query: str, threshold: float, limit: int) -> Hits:
        """The same hits as ``scan(self.keys, query, threshold, limit)``."""
        low, high = length_window(len(query), threshold)
        start, stop = bisect_left(self._length_list, low), bisect_right(self._length_list, high)
        if stop - start <= _SMALL:
            return top(_score(query, self.keys, range(start, stop), threshold), threshold, limit)
        pairs = self._pairs.lists(query)
        seeds = _seeds(self._pairs, pairs, start, stop, limit + _SEEDS)
        hits = top(_score(query, self.keys, seeds, threshold), threshold, limit)
        # Only a key that can tie the limit-th best seed can still be in the answer.
        bound = hits[min(limit, len(hits)) - 1][1] if len(hits) >= limit else threshold
        low, high = length_window(len(query), bound)
        start, stop = max(start, bisect_left(self._length_list, low)), min(stop, bisect_right(self._length_list, high))
        if stop <= start:
            return hits
        # need(n) per length n of the window (keys are sorted by length: few distinct lengths)
        first = int(self.lengths[start])
        sizes = numpy.arange(first, int(self.lengths[stop - 1]) + 1)
        needs = numpy.ceil(bound * (len(query) + sizes) / 2 - _EPS)
        pair_needs = 3 * needs - 1 - len(query) - sizes
        if pair_needs.min() >= _PAIR_BAR:
            candidates = _filter(self._pairs, pairs, pair_needs, self.lengths, start, stop, seeds)
        else:
            candidates = _filter(self._chars, self._chars.lists(query), needs, self.lengths, start, stop, seeds)
        if not len(candidates):
            return hits
        # A candidate scoring below ``bound`` cannot displace the seeds' hits: score it with that cutoff.
        return top(hits + _score(query, self._key_array, candidates, bound), threshold, limit)


def _seeds(postings: _Postings, lists: list[tuple[int, int]], start: int, stop: int, count: int) -> numpy.ndarray:
    """The ``count`` keys of [start, stop) sharing most of the query's rarest tokens: likely the best matches."""
    if not lists:
        return numpy.zeros(0, dtype=numpy.int64)
    positions, counts = numpy.unique(postings.within(lists[:_SEED_TOKENS], start, stop), return_counts=True)
    if len(positions) > count:
        # on the negated counts: most counts tie at 1, which makes ``argpartition(counts, -count)`` slow
        positions = positions[numpy.argpartition(-counts, count - 1)[:count]]
    return numpy.sort(positions).astype(numpy.int64) + start


def _filter(postings: _Postings, lists: list[tuple[int, int]], needs: numpy.ndarray, lengths: numpy.ndarray,
            start: int, stop: int, scored: numpy.ndarray) -> numpy.ndarray:
    """Positions in [start, stop), other than the ``scored`` ones, holding enough of the query's tokens.

    A key of length n needs ``needs[n - lengths[start]]`` tokens; counting over all but the
    ``skip`` longest posting lists, it still shows that many minus ``skip``.
    """
    need_min = int(needs.min())
    skip = 0
    # Skip the longest lists while every bar stays >= _BAR (counting them costs more than the
    # few candidates a bar that high lets through), very long ones while it stays >= 1. A key
    # holds at most one token of each list, so with every list skipped (skip <= need_min - 1
    # only when fewer lists than need_min exist) no key can qualify. Lossless either way.
    while skip < len(lists) and skip < need_min - 1 and (
            skip < need_min - _BAR or (lists[-1 - skip][1] - lists[-1 - skip][0]) * _LONG > len(lengths)):
        skip += 1
    counts = numpy.bincount(postings.within(lists[: len(lists) - skip], start, stop), minlength=stop - start)
    counts[scored[(scored >= start) & (scored < stop)] - start] = 0
    # The smallest bar first, then each key's own bar for the few keys left.
    near = numpy.flatnonzero(counts >= need_min - skip)
    keep = counts[near] >= needs[lengths[near + start] - lengths[start]] - skip
    return near[keep] + start

