"""Benchmark segmentation: characters per second of ``l10n.core.segment.segment`` on the corpus.

Run as ``.venv/bin/python bench/bench_segment.py [--repeat N]``. Every post of
``../shared/corpus/ja`` is read once, then segmented into sentence units (block parse,
inline scanner, splitter) ``--repeat`` times; the fastest run counts. To compare two
checkouts side by side, copy this file into the other checkout's ``bench/`` and run
both alternately: the machine's speed varies too much for figures taken minutes apart.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Runnable from a checkout without installing the package.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from l10n.core.post import Post, parse  # noqa: E402
from l10n.core.segment import segment  # noqa: E402
from l10n.errors import L10nError  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ja"


def posts() -> list[Post]:
    out = []
    for path in sorted(CORPUS.rglob("*.md")):
        post = parse(path.name, path.read_bytes())
        try:
            segment(post, keys=("title",))
        except L10nError:
            continue  # the corpus's broken frontmatter: not what is measured
        out.append(post)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs; the fastest counts (default 3)")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    items = posts()
    chars = sum(len(p.text) for p in items)
    best = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        units = sum(len(b.units) for p in items for b in segment(p, keys=("title",)).blocks)
        best = min(best, time.perf_counter() - t0)
    print(f"segment: {chars / best:,.0f} chars/s  ({len(items)} posts, {chars:,} chars, {units:,} units, "
          f"best of {args.repeat}: {best:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
