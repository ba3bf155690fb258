"""Cold, no-change and one-post-change runs of whole `l10n` commands, as ratios to a cold run.

    .venv/bin/python bench/bench_incremental.py [--posts 1000] [--repeat 3] [--jobs 0]

Each repeat, on the same site made from ../shared/corpus: cold extract (no locales/, no
.l10n/), no-change extract, cold status and no-change status, cold build (PO files filled
with msgstr = msgid by GNU msgen, each entry marked `l10n: allow-japanese allow-qa` so that
check has little to report, no posts/en/), no-change build, cold check (no check cache) and
no-change check, then one post edited (one sentence inserted) followed by extract and build.
Medians of whole commands (start-up included) are reported with each step's ratio to the
cold run of its command and to the cold extract (the issue's targets are ratios to a cold
extract), and the peak resident memory of each command (GNU time). The load average is
printed before and after: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_peers import CORPUS, fill, make_posts  # noqa: E402

L10N = Path(sys.executable).with_name("l10n-blog")
TIME = shutil.which("time") or "/usr/bin/time"


def run(site: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one whole command."""
    start = time.perf_counter()
    done = subprocess.run([TIME, "-f", "%M", str(L10N), *args], cwd=site, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1, 3):  # 3: the corpus's broken posts are reported; 1: check found problems
        raise SystemExit(f"l10n {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


ENTRY = re.compile(r"\n\n(?=(?:#[.:,|] [^\n]*\n)*(?:msgctxt|msgid) )")


def allow(folder: Path) -> None:
    """A translator comment on every entry but the header: msgstr = msgid is meant, not Japanese left over."""
    for po in folder.rglob("*.po"):
        text = po.read_text(encoding="utf-8")
        head, _, rest = text.partition("\n\n")
        po.write_text(head + "\n\n" + ENTRY.sub("\n\n# l10n: allow-japanese allow-qa\n", "\n\n" + rest)[2:],
                      encoding="utf-8")


def one_repeat(site: Path, jobs: str) -> dict[str, tuple[float, float]]:
    times: dict[str, tuple[float, float]] = {}
    for folder in ("locales", ".l10n", "posts/en"):
        shutil.rmtree(site / folder, ignore_errors=True)
    times["extract, cold"] = run(site, "extract", "--jobs", jobs)
    fill(site / "locales")  # every unit reviewed (msgen), then one extract to write them back canonically
    allow(site / "locales")
    run(site, "extract", "--jobs", jobs)
    times["extract, no change"] = run(site, "extract", "--jobs", jobs)
    shutil.rmtree(site / ".l10n" / "cache" / "status.json", ignore_errors=True)
    times["status, cold"] = run(site, "status", "--jobs", jobs)
    times["status, no change"] = run(site, "status", "--jobs", jobs)
    times["build, cold"] = run(site, "build", "--jobs", jobs)
    times["build, no change"] = run(site, "build", "--jobs", jobs)
    (site / ".l10n" / "cache" / "check.json").unlink(missing_ok=True)
    times["check, cold"] = run(site, "check")
    times["check, no change"] = run(site, "check")
    post = sorted((site / "posts" / "ja").rglob("*.md"))[7]
    original = post.read_bytes()
    post.write_bytes(original.replace("。".encode(), "。追加した文です。".encode(), 1))
    times["extract, one post changed"] = run(site, "extract", "--jobs", jobs)
    times["build, one post changed"] = run(site, "build", "--jobs", jobs)
    post.write_bytes(original)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", default="0", help="--jobs for every command (0: one per core)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit("needs ../shared/corpus beside the repository")
    before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        make_posts(site, args.posts)
        runs = [one_repeat(site, args.jobs) for _ in range(args.repeat)]
    print(f"{args.posts} posts, --jobs {args.jobs}, {args.repeat} repeats; medians of whole commands; "
          f"load average {before[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    print("| step | time | ratio to the cold run | ratio to the cold extract | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: |")
    median = {label: statistics.median(r[label][0] for r in runs) for label in runs[0]}
    for label in runs[0]:
        cold = median[label.split(",")[0] + ", cold"]
        peak = max(r[label][1] for r in runs)
        print(f"| {label} | {median[label]:.2f} s | {100 * median[label] / cold:.1f} % | "
              f"{100 * median[label] / median['extract, cold']:.1f} % | {peak:.0f} MiB |")


if __name__ == "__main__":
    main()
