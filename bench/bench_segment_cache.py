"""CPU time of what the segment cache changes, and how much the benchmark's copied posts help, in one process.

    .venv/bin/python bench/bench_segment_cache.py [--posts 1000] [--repeat 2]

On ``--posts`` posts made as bench_pipeline makes them (copies of the corpus, side by side):
- a cold extract as the posts are, and with the block-parse and inline-scan memos cleared
  before each post (as if every post were different: copies of one post share those memos);
- ``status`` and ``build`` (identity translations) with no ``.l10n/``, and with only the
  segment cache extract wrote. Rounds alternate the two modes.
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Callable
from typing import Any

from bench_pipeline import corpus_site, fill_identity

from l10n import project
from l10n.core import blockparser, inline
from l10n.segment_cache import FILE
from l10n.steps import build, extract, status


def cpu(label: str, func: Callable[[], Any]) -> None:
    start = time.process_time()
    func()
    print(f"{label:44} cpu {time.process_time() - start:5.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    args.unit = "sentence"
    real = project.segment_post

    def unshared(config, post):  # noqa: ANN001, ANN202
        blockparser._RECENT.clear()
        inline.scan.cache_clear()
        return real(config, post)

    with corpus_site(args) as config:
        root = config.root
        for _ in range(args.repeat):
            for label, segment in (("as made", real), ("memos cleared before each post", unshared)):
                shutil.rmtree(root / ".l10n", ignore_errors=True)
                shutil.rmtree(root / "locales", ignore_errors=True)
                project.segment_post = segment  # type: ignore[assignment]
                cpu(f"cold extract, {label}", lambda: extract.extract(config, incremental=False))
        project.segment_post = real  # type: ignore[assignment]
        fill_identity(config)
        saved = (root / FILE).read_bytes()
        for _ in range(args.repeat):
            for label, keep in (("no .l10n/", False), ("segment cache kept", True)):
                for name, step in (("status", status.status), ("build", build.build)):
                    shutil.rmtree(root / ".l10n", ignore_errors=True)
                    shutil.rmtree(root / "posts" / "en", ignore_errors=True)
                    if keep:
                        (root / FILE).parent.mkdir(parents=True)
                        (root / FILE).write_bytes(saved)
                    cpu(f"{name}, {label}", lambda: step(config))


if __name__ == "__main__":
    main()
