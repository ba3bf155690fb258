"""Benchmark the sentence splitter: characters per second of ``l10n.sentences.split``.

Run as ``.venv/bin/python bench/bench_sentences.py [--bytes N] [--repeat N]``.

Two inputs, one process, one call per paragraph (as the pipeline calls it):

* the dev gold paragraphs (``../shared/segmentation/dev-gold.jsonl``) repeated in
  order up to ~2 MB of UTF-8, the same workload as ``score.py``'s speed test;
* the paragraphs of the real posts in ``../shared/corpus/ja`` (frontmatter and code
  fences dropped, blocks split at blank lines: rough, but real text).

Either input is skipped with a note when its folder is absent. Times are CPU time of this
process (``time.process_time``), so other work on the machine moves them little.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Runnable from a checkout without installing the package.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from l10n.core.sentences import split  # noqa: E402

SHARED = ROOT.parent / "shared"
GOLD = SHARED / "segmentation" / "dev-gold.jsonl"
CORPUS = SHARED / "corpus" / "ja"
_FRONTMATTER = re.compile(r"\A(---|\+\+\+)\n.*?\n\1\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_BLANK = re.compile(r"\n[ \t]*\n")


def gold_paragraphs(target_bytes: int) -> list[str]:
    with GOLD.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    out, size = [], 0
    while size < target_bytes:
        for t in texts:
            out.append(t)
            size += len(t.encode("utf-8"))
            if size >= target_bytes:
                break
    return out


def corpus_paragraphs() -> list[str]:
    out = []
    for path in sorted(CORPUS.rglob("*.md")):
        post = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        body = _FENCE.sub("", _FRONTMATTER.sub("", post))
        out.extend(block.strip() for block in _BLANK.split(body) if block.strip())
    return out


def measure(func: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for t in texts:
            func(t)
        best = min(best, time.process_time() - t0)
    return best


def report(name: str, texts: list[str], repeat: int) -> None:
    chars = sum(len(t) for t in texts)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    secs = measure(split, texts, repeat)
    sentences = sum(len(split(t)) for t in texts)
    print(f"{name}: {chars / secs:,.0f} chars/s  ({len(texts):,} paragraphs, {chars:,} chars, "
          f"{nbytes:,} bytes, {sentences:,} sentences, best of {repeat}: {secs:.3f} s CPU)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bytes", type=int, default=2_000_000, help="gold text size (default 2 MB)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the fastest counts (default 3)")
    args = ap.parse_args()
    if GOLD.exists():
        report("dev gold x ~2 MB", gold_paragraphs(args.bytes), args.repeat)
    else:
        print(f"dev gold: skipped ({GOLD} is absent)")
    if CORPUS.exists():
        report("corpus/ja paragraphs", corpus_paragraphs(), args.repeat)
    else:
        print(f"corpus: skipped ({CORPUS} is absent)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
