"""Benchmark the translation memory: 100k inserts, 50k exact lookups, 1k fuzzy lookups.

The fuzzy queries are then run again through the full scan and the close-match index side
by side (interleaved, query by query), with the number of queries whose answers are equal.

Run as ``.venv/bin/python bench/bench_memory.py [--entries N]``.  The data are synthetic
Japanese sentences from a seeded generator, so runs are comparable.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Runnable from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from l10n.mt.closematch import CloseIndex, scan  # noqa: E402
from l10n.mt.memory import Memory, MemoryEntry, normalize_source  # noqa: E402

_KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロン"
# Real Japanese prose uses a few thousand kanji with a Zipf-like frequency; a tiny alphabet
# would make every sentence look alike and misstate the fuzzy prefilter's selectivity.
_KANJI = [chr(code) for code in range(0x4E00, 0x4E00 + 2500)]
_KANJI_WEIGHTS = [1 / rank for rank in range(1, len(_KANJI) + 1)]
_PARTICLES = ["の", "に", "は", "を", "が", "で", "と", "も", "した", "です", "ます", "、"]


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = []
    for _ in range(size):
        kind = rng.random()
        if kind < 0.4:
            words.append("".join(rng.choices(_KANJI, _KANJI_WEIGHTS, k=rng.randint(1, 3))))
        elif kind < 0.7:
            words.append("".join(rng.choices(_KANA, k=rng.randint(1, 4))))
        elif kind < 0.9:
            words.append("".join(rng.choices(_KATAKANA, k=rng.randint(2, 6))))
        else:
            words.append(rng.choice(["Python", "SQLite", "API", "2024年", "GitHub", "Markdown"]))
    return words


def _sentence(rng: random.Random, words: list[str]) -> str:
    parts = [rng.choice(words) + rng.choice(_PARTICLES) for _ in range(rng.randint(2, 15))]
    return "".join(parts) + rng.choice("。！？")


def _rewrap(rng: random.Random, text: str) -> str:
    """Insert a newline between two CJK characters, as a re-wrapped paragraph would have."""
    cuts = [i for i in range(1, len(text)) if not (text[i - 1].isascii() or text[i].isascii())]
    cut = rng.choice(cuts) if cuts else len(text)
    return text[:cut] + "\n" + text[cut:]


def _edit(rng: random.Random, text: str, words: list[str]) -> str:
    """A lightly edited sentence: a few characters replaced, so it should match fuzzily."""
    chars = list(text)
    for _ in range(max(1, len(chars) // 12)):
        position = rng.randrange(len(chars))
        chars[position : position + 1] = rng.choice(words)
    return "".join(chars)


def _timed(label: str, count: int, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {elapsed:8.3f} s   {elapsed / count * 1e6:9.1f} µs each")
    return result


def _scan_vs_index(sources: list[str], queries: list[str], threshold: float = 0.75, limit: int = 1) -> None:
    """Time the full scan and the index on the same queries, interleaved, and compare answers.

    Wall time and CPU time (``time.process_time``) are both given: on a machine other
    processes load, the CPU time is the steadier figure.
    """
    keys = sorted({normalize_source(s) for s in sources}, key=len)
    lengths = [len(key) for key in keys]
    start = time.perf_counter()
    index = CloseIndex(keys)
    print(f"{'build close-match index':<34} {time.perf_counter() - start:8.3f} s")
    scan_times: list[float] = []
    index_times: list[float] = []
    scan_cpu = index_cpu = 0.0
    same = 0
    for query in map(normalize_source, queries):
        c0, t0 = time.process_time(), time.perf_counter()
        expected = scan(keys, query, threshold, limit, lengths)
        c1, t1 = time.process_time(), time.perf_counter()
        found = index.search(query, threshold, limit)
        c2, t2 = time.process_time(), time.perf_counter()
        scan_times.append(t1 - t0)
        index_times.append(t2 - t1)
        scan_cpu += c1 - c0
        index_cpu += c2 - c1
        same += found == expected
    n = len(queries)
    for label, times, cpu in (("scan", scan_times, scan_cpu), ("index", index_times, index_cpu)):
        total, median = sum(times), statistics.median(times)
        name = f"close match, {label}"
        print(f"{name:<34} {total:8.3f} s   {total / n * 1e6:9.1f} µs each, median {median * 1e6:.1f} µs,"
              f" CPU {cpu / n * 1e6:.1f} µs each")
    print(f"index vs scan: {sum(scan_times) / sum(index_times):.1f}x faster, same matches: {same} of {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--exact", type=int, default=50_000)
    parser.add_argument("--fuzzy", type=int, default=1_000)
    args = parser.parse_args()

    rng = random.Random(20240601)
    words = _vocabulary(rng)
    sources = list(dict.fromkeys(_sentence(rng, words) for _ in range(args.entries)))
    entries = [
        MemoryEntry(s, f"EN {i}", "ja", "en", "deepl", i % 3 == 0, float(i)) for i, s in enumerate(sources)
    ]
    present = rng.sample(sources, args.exact // 2)
    queries = [_rewrap(rng, s) for s in present] + [_sentence(rng, words) for _ in range(args.exact - len(present))]
    fuzzy_queries = [_edit(rng, s, words) for s in rng.sample(sources, args.fuzzy)]

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".l10n" / "memory.sqlite"
        with Memory.open(path) as memory:
            _timed(f"insert {len(entries):,} (one transaction)", len(entries), lambda: memory.remember_many(entries))
            found = _timed(
                f"exact lookup {len(queries):,}", len(queries),
                lambda: memory.lookup_exact(queries, source_lang="ja", target_lang="en"),
            )
            hits = _timed(
                f"fuzzy lookup {len(fuzzy_queries):,} (>= 0.75)", len(fuzzy_queries),
                lambda: [memory.lookup_fuzzy(q, source_lang="ja", target_lang="en") for q in fuzzy_queries],
            )
            stats = memory.stats()
        size = path.stat().st_size
    print(f"exact hits: {len(found):,} of {len(queries):,} (expected >= {len(present):,})")
    print(f"fuzzy hits: {sum(1 for h in hits if h):,} of {len(fuzzy_queries):,}")
    print(f"entries: {stats.total:,} ({stats.reviewed:,} reviewed), file {size / 1e6:.1f} MB")
    _scan_vs_index(sources, fuzzy_queries)


if __name__ == "__main__":
    main()
