"""Extract / re-extract / build timings on N posts made from ../shared/corpus (one process).

    .venv/bin/python bench/bench_pipeline.py [--posts 1000] [--unit sentence]

Posts are made by cycling through the corpus with a numeric suffix, in a temporary
folder; every PO file is then filled with msgstr = msgid so that build writes every post.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from l10n import config as config_io
from l10n.files import find_posts
from l10n.po import catalog
from l10n.steps import build, extract

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ja"


def make_site(root: Path, count: int, unit: str) -> int:
    sources = find_posts(CORPUS)
    size = 0
    for n in range(count):
        src = sources[n % len(sources)]
        # each round of copies in its own folder, so no memo of recent texts sees a post twice
        dest = root / "posts" / "ja" / f"copy{n // len(sources)}" / src.parent.name / f"{src.stem}-{n}{src.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        size += dest.stat().st_size
    (root / "l10n.toml").write_text(f'unit = "{unit}"\nlist_keys = ["tags"]\n', encoding="utf-8")
    return size


def fill_identity(config: config_io.Config, *, comment: str = "") -> None:
    """Every entry reviewed with msgstr = msgid (and an optional translator comment)."""
    for path in (config.root / "locales").rglob("*.po"):
        po = catalog.read_po(path)
        assert po is not None
        entries = [replace(e, msgstr=e.msgid, tcomment=comment or e.tcomment) for e in po]
        catalog.save(path, entries, lang="en", post_display=po.metadata["Project-Id-Version"], old=po)


def timed(label: str, func, *args, width: int = 28, **kwargs):
    """Run and print wall time and CPU time (the gap is waiting for the disk)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    print(f"{label:{width}} {time.perf_counter() - start:7.2f} s  (cpu {time.process_time() - cpu:5.2f} s)")
    return result


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--unit", default="sentence", choices=["sentence", "paragraph"])
    parser.add_argument("--repeat", type=int, default=1, help="runs of the whole sequence (min and median shown)")
    args, _ = parser.parse_known_args()
    if not CORPUS.is_dir():
        sys.exit("needs ../shared/corpus beside the repository")
    return args


@contextmanager
def corpus_site(args: argparse.Namespace | None = None) -> Iterator[config_io.Config]:
    """A temporary site of ``--posts`` posts made from the corpus."""
    args = args or _options()
    with tempfile.TemporaryDirectory() as tmp:
        size = make_site(Path(tmp), args.posts, args.unit)
        print(f"{args.posts} posts, {size / 1e6:.1f} MB, unit={args.unit}")
        yield config_io.load(Path(tmp))


def calibration() -> float:
    """Seconds for a fixed pure-Python loop: this machine's speed varies by half from minute to minute."""
    start, total = time.perf_counter(), 0
    for n in range(5_000_000):
        total += n
    return time.perf_counter() - start


def sequence(config: config_io.Config) -> dict[str, float]:
    times: dict[str, float] = {}

    def step(label: str, func, *args):  # noqa: ANN001, ANN202
        start, cpu = time.perf_counter(), time.process_time()
        result = func(*args)
        times[label] = time.perf_counter() - start
        times[f"{label}, cpu"] = time.process_time() - cpu  # steadier than wall time on a loaded machine
        return result

    run = step("extract (new PO files)", extract.extract, config)
    units = sum(o.counts.total for o in run.outcomes if o.counts)
    print(f"  {len(run.outcomes)} catalogs, {units} entries, {len(run.errors)} posts with errors")
    step("re-extract (no change)", extract.extract, config)
    fill_identity(config)
    run = step("build (every post written)", build.build, config)
    print(f"  {sum(o.action == 'written' for o in run.outcomes)} posts written")
    step("build again (no change)", build.build, config)
    return times


def main() -> None:
    args = _options()
    runs = []
    for _ in range(args.repeat):
        speed = calibration()
        with corpus_site(args) as config:
            runs.append(sequence(config))
        print(f"  calibration loop {speed:.2f} s")
    print(f"{'step':28} {'min':>7} {'median':>7}  over {len(runs)} run(s)")
    for label in runs[0]:
        values = sorted(run[label] for run in runs)
        print(f"{label:28} {values[0]:6.2f}s {values[len(values) // 2]:6.2f}s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory         {peak:6.1f} MB")


if __name__ == "__main__":
    main()
