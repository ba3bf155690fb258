"""Start-up cost of the CLI, this checkout against another one, side by side in one run.

    .venv/bin/python bench/bench_startup.py --before /tmp/before [--runs 15] [--posts 1000]

``--before`` is a checkout of an older commit with its own ``.venv`` (e.g. made with
``git worktree add --detach /tmp/before 5f21b69`` and ``pip install -e``). For each command and
each checkout: the median wall time and CPU time (user + system) of ``runs`` runs (alternating
between the checkouts, so a slower minute hits both), the median import time Python reports
(``-X importtime``, sum of the "self" column) and which of the heavy libraries got imported.

- ``--version``, ``--help`` and a warm ``check`` of the checkout's own site (its pyproject.toml).
- With ``--posts N`` (0: none), on a site of N posts made like bench_incremental's (one copy per
  checkout: the index keys on the code), after one extract, status, build and check:
  a no-change ``extract``, ``build``, ``status`` and ``check``; then one post edited (a
  sentence inserted) and ``extract`` and ``build`` of that change, put back after each repeat.

Both checkouts' sources are compiled to bytecode first: an installed package has its ``.pyc``
files, but an editable install run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the shared
machine) compiles every module it imports on every run, 20-35 ms of a no-change command.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_incremental import allow  # noqa: E402
from bench_peers import fill, make_posts  # noqa: E402

HEAVY = ("markdown_it", "yaml", "rapidfuzz", "deepl", "httpx", "polib", "rich", "pydantic", "babel", "numpy",
         "multiprocessing")
RUNNER = ("import sys; sys.argv = ['l10n-blog', *sys.argv[1:]]\nfrom l10n.cli import main\n"
          "try:\n    main()\nexcept SystemExit:\n    pass")
COMMANDS = {"python -c pass": None, "l10n-blog --version": ["--version"], "l10n-blog --help": ["--help"],
            "check (warm, own site)": ["check", "-C", "{root}"]}
SITE_COMMANDS = {f"{name}, no change": [name, "-C", "{site}"] for name in ("extract", "build", "status", "check")}
ONE_POST = {f"{name}, one post changed": [name, "-C", "{site}"] for name in ("extract", "build")}


def run(root: Path, args: list[str] | None, site: Path | None = None, *,
        importtime: bool = False) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """One command: its result, wall seconds and CPU seconds (user + system)."""
    python = str(root / ".venv" / "bin" / "python")
    code = ["-c", "pass"] if args is None else ["-c", RUNNER, *(a.format(root=root, site=site) for a in args)]
    flags = ["-X", "importtime"] if importtime else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([python, *flags, *code], capture_output=True, text=True, check=False, cwd=root)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return done, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_profile(root: Path, args: list[str] | None, site: Path | None, runs: int) -> tuple[float, int, list[str]]:
    """(median milliseconds of imports, modules imported, heavy libraries among them)."""
    totals = []
    for _ in range(runs):
        lines = [line for line in run(root, args, site, importtime=True)[0].stderr.splitlines()
                 if line.startswith("import time:")]
        rows = [line.split("|") for line in lines[1:]]
        totals.append(sum(int(row[0].split(":")[1]) for row in rows) / 1000)
    names = {row[2].strip().split(".")[0] for row in rows}
    return statistics.median(totals), len(rows), sorted(names & set(HEAVY))


def make_site(folder: Path, posts: int, root: Path) -> None:
    """A site of ``posts`` corpus posts, every unit translated (as bench_incremental makes it)."""
    make_posts(folder, posts)
    run_l10n(root, folder, "extract")
    fill(folder / "locales")
    allow(folder / "locales")


def run_l10n(root: Path, site: Path, command: str) -> None:
    """A command of the checkout at ``root`` on ``site``, untimed."""
    run(root, [command, "-C", "{site}"], site)


def edit(site: Path) -> Callable[[], None]:
    """Insert a sentence into one post; returns the function that puts it back."""
    post = sorted((site / "posts" / "ja").rglob("*.md"))[7]
    original = post.read_bytes()
    post.write_bytes(original.replace("。".encode(), "。追加した文です。".encode(), 1))
    return lambda: post.write_bytes(original)


def report(label: str, checkouts: dict[str, Path], sites: dict[str, Path | None], args: list[str] | None,
           times: dict[str, tuple[list[float], list[float]]], runs: int) -> None:
    medians = {name: statistics.median(wall) for name, (wall, _cpu) in times.items()}
    for name, root in checkouts.items():
        cpu = statistics.median(times[name][1])
        profile = "(not profiled: a repeat would be a no-change run)"
        if "one post" not in label:
            imports, modules, heavy = import_profile(root, args, sites[name], max(3, runs // 3))
            profile = f"{imports:6.0f} ms {modules:8}  {', '.join(heavy) or '-'}"
        print(f"{label:28} {name:6} {1000 * medians[name]:9.0f} ms {1000 * cpu:8.0f} ms {profile}")
    print(f"{'':28} {'ratio':6} {medians['after'] / medians['before']:11.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--posts", type=int, default=1000, help="posts of the site for the no-change runs (0: none)")
    options = parser.parse_args()
    checkouts = {"before": options.before.resolve(), "after": Path(__file__).resolve().parents[1]}
    for root in checkouts.values():
        compileall.compile_dir(root / "src", quiet=1)
        run(root, ["check", "-C", "{root}"])  # fill the check cache: the timed runs are warm
    with tempfile.TemporaryDirectory() as tmp:
        sites: dict[str, Path | None] = {name: None for name in checkouts}
        if options.posts:
            make_site(Path(tmp) / "before", options.posts, checkouts["after"])
            shutil.copytree(Path(tmp) / "before", Path(tmp) / "after", symlinks=True)
            for name, root in checkouts.items():
                sites[name] = Path(tmp) / name
                for command in ("extract", "status", "build", "check"):
                    run_l10n(root, Path(tmp) / name, command)
        print(f"load average {os.getloadavg()[0]:.2f}; {options.runs} runs each, medians")
        print(f"{'command':28} {'':6} {'wall':>12} {'cpu':>11} {'imports':>9} {'modules':>8}  heavy libraries imported")
        plain = {**COMMANDS, **(SITE_COMMANDS if options.posts else {})}
        for label, args in plain.items():
            times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in checkouts}
            for _ in range(options.runs):
                for name, root in checkouts.items():
                    _done, wall, cpu = run(root, args, sites[name])
                    times[name][0].append(wall)
                    times[name][1].append(cpu)
            report(label, checkouts, sites, args, times, options.runs)
        if options.posts:
            changed = {label: {name: ([], []) for name in checkouts} for label in ONE_POST}
            for _ in range(max(3, options.runs // 3)):
                for name, root in checkouts.items():
                    site = sites[name]
                    assert site is not None
                    put_back = edit(site)
                    for label, args in ONE_POST.items():
                        _done, wall, cpu = run(root, args, site)
                        changed[label][name][0].append(wall)
                        changed[label][name][1].append(cpu)
                    put_back()
                    for command in ("extract", "build"):
                        run_l10n(root, site, command)
            for label, args in ONE_POST.items():
                report(label, checkouts, sites, args, changed[label], options.runs)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
