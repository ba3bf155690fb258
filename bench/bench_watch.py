"""Latency of `l10n-blog watch`: from saving one post (or one PO file) to its built English post.

    .venv/bin/python bench/bench_watch.py [--posts 1000] [--repeat 10]

On a site made from ../shared/corpus (every PO file filled by msgen and built, as in
bench_incremental.py): a cold `l10n-blog extract` (whole command, default --jobs), then
`l10n-blog watch` is started and, ``--repeat`` times each, one post is saved with a code block
appended (the post stays fully reviewed, so extract merges it and build writes it again) and
one PO file is saved with one msgstr changed. The latency is from the save (a temporary file
renamed over the post, as editors do) to the built post holding the new text, polled every
millisecond; it includes watch's debounce (--debounce, default 50 ms). Also reported: the CPU
time watch spent per change (from /proc), the round time watch prints, and the same kind of
one-post change followed by the whole commands `extract` and `build` (what watch replaces). Ratios are to the
cold extract of the same run (the issue's target: a one-post change in ≤ 5 % of a cold run).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_incremental import allow  # noqa: E402
from bench_peers import CORPUS, fill, make_posts  # noqa: E402

L10N = Path(sys.executable).with_name("l10n-blog")
TICK = os.sysconf("SC_CLK_TCK")


def cpu_of(pid: int) -> float:
    """User + system seconds of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def timed(site: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds of one whole command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(L10N), *args], cwd=site, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):  # 3: the corpus's broken posts are reported
        raise SystemExit(f"l10n-blog {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def save(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def wait_until(path: Path, marker: bytes, timeout: float = 60.0) -> float:
    """Seconds until ``path`` holds ``marker`` (polled every millisecond)."""
    start = time.perf_counter()
    while True:
        try:
            if marker in path.read_bytes():
                return time.perf_counter() - start
        except FileNotFoundError:
            pass
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"{path} never got {marker!r}")
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--debounce", default="50")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit("needs ../shared/corpus beside the repository")
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        make_posts(site, args.posts)
        cold, cold_cpu = timed(site, "extract")
        fill(site / "locales")
        allow(site / "locales")
        timed(site, "extract")
        timed(site, "build")
        built = sorted(p for p in (site / "posts" / "en").rglob("*.md"))
        out = site / "watch.out"
        with out.open("wb") as stream:
            watch = subprocess.Popen([str(L10N), "watch", "--debounce", args.debounce], cwd=site, stdout=stream,
                                     stderr=subprocess.DEVNULL)
        try:
            while b"watching" not in out.read_bytes():
                if watch.poll() is not None:
                    raise SystemExit("watch exited")
                time.sleep(0.01)
            post_times, po_times, post_cpu, po_cpu = [], [], [], []
            for n in range(args.repeat):
                target = built[(n * 37) % len(built)]
                rel = target.relative_to(site / "posts" / "en")
                source, po = site / "posts" / "ja" / rel, (site / "locales" / "en" / rel).with_suffix(".po")
                marker = f"watch-bench {n}".encode()
                cpu = cpu_of(watch.pid)
                save(source, source.read_bytes().rstrip(b"\n") + b"\n\n```\n" + marker + b"\n```\n")
                post_times.append(wait_until(target, marker))
                time.sleep(0.3)  # let the round finish printing before the next change (not measured)
                post_cpu.append(cpu_of(watch.pid) - cpu)
                text = po.read_bytes()
                found = re.search(rb'\nmsgstr "([^"\n]+)"\n', text)
                if found is None:
                    continue
                new = f"po edit {n} ".encode()
                cpu = cpu_of(watch.pid)
                save(po, text[:found.start(1)] + new + text[found.start(1):])
                po_times.append(wait_until(target, new))
                time.sleep(0.3)
                po_cpu.append(cpu_of(watch.pid) - cpu)
        finally:
            watch.send_signal(2)
            code = watch.wait(60)
        rounds = [int(ms) for ms in re.findall(r" in (\d+) ms$", out.read_text("utf-8"), re.M)[1:]]
        # The same kind of change with whole commands (what watch replaces), watch stopped.
        commands, commands_cpu = [], []
        for n in range(3):
            target = built[(n * 53 + 11) % len(built)]
            source = site / "posts" / "ja" / target.relative_to(site / "posts" / "en")
            save(source, source.read_bytes().rstrip(b"\n") + f"\n\n```\ncommands {n}\n```\n".encode())
            extract_wall, extract_cpu = timed(site, "extract")
            build_wall, build_cpu = timed(site, "build")
            assert f"commands {n}".encode() in target.read_bytes()
            commands.append(extract_wall + build_wall)
            commands_cpu.append(extract_cpu + build_cpu)
    print(f"{args.posts} posts, {args.repeat} changes of each kind, debounce {args.debounce} ms; load average "
          f"{load:.2f} before, {os.getloadavg()[0]:.2f} after; watch exited with {code}")
    print(f"cold extract (whole command): {cold:.2f} s wall, {cold_cpu:.2f} s CPU")
    print("| change | save → built post (median, max) | of the cold extract | watch CPU per change | "
          "of the cold extract's CPU |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, times, cpus in (("one post", post_times, post_cpu), ("one PO file", po_times, po_cpu)):
        median = statistics.median(times)
        print(f"| {label} | {1000 * median:.0f} ms, {1000 * max(times):.0f} ms | {100 * median / cold:.1f} % | "
              f"{1000 * statistics.median(cpus):.0f} ms | {100 * statistics.median(cpus) / cold_cpu:.1f} % |")
    median, cpu = statistics.median(commands), statistics.median(commands_cpu)
    print(f"| one post, `l10n-blog extract` + `l10n-blog build` (watch stopped; 3 changes) | {1000 * median:.0f} ms, "
          f"{1000 * max(commands):.0f} ms | {100 * median / cold:.1f} % | {1000 * cpu:.0f} ms | "
          f"{100 * cpu / cold_cpu:.1f} % |")
    print(f"rounds as watch reports them (extract + build, no debounce): median {statistics.median(rounds):.0f} ms, "
          f"max {max(rounds)} ms")


if __name__ == "__main__":
    main()
