"""Cost of the link and anchor passes of ``build``: the same build with them on and off, interleaved.

    .venv/bin/python bench/bench_links.py [--repeats 3]

An identity translation of the shared corpus (335 posts, plain preset) is built once, then
rebuilt (comparing, writing nothing) with the passes off and on in turn; prints the times and
the median ratio, since the machine's speed varies minute to minute.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from l10n import config as config_io
from l10n.po import catalog
from l10n.steps import build, extract, localize

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ja"


def site(root: Path) -> config_io.Config:
    shutil.copytree(CORPUS, root / "posts" / "ja")
    (root / "l10n.toml").write_text('list_keys = ["tags", "categories"]\n', encoding="utf-8")
    config = config_io.load(root)
    extract.extract(config)
    for path in (root / "locales").rglob("*.po"):
        po = catalog.read_po(path)
        assert po is not None
        catalog.save(path, [replace(e, msgstr=e.msgid) for e in po], lang="en", post_display=path.name, old=po)
    build.build(config)
    return config


def timed(config: config_io.Config, *, links: bool) -> float:
    saved = localize.rewrite_links, localize._renamed_anchors
    if not links:
        localize.rewrite_links = lambda site, rel, text, body_start: text  # type: ignore[assignment]
        localize._renamed_anchors = lambda source, sb, text, body_start, generator: text  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        build.build(config)
        return time.perf_counter() - start
    finally:
        localize.rewrite_links, localize._renamed_anchors = saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = site(Path(tmp))
        ratios = []
        for _ in range(args.repeats):
            off, on = timed(config, links=False), timed(config, links=True)
            ratios.append(on / off)
            print(f"links off {off:.2f} s, on {on:.2f} s, ratio {on / off:.2f}")
        print(f"median ratio on/off: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
