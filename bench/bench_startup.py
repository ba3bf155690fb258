"""Start-up cost of the CLI, this checkout against another one, side by side in one run.

    .venv/bin/python bench/bench_startup.py --before /tmp/before [--runs 15]

``--before`` is a checkout of an older commit with its own ``.venv`` (e.g. made with
``git worktree add /tmp/before 4fb0059`` and ``pip install -e``). For each command and each
checkout: the median wall time of ``runs`` runs (alternating between the checkouts, so a
slower minute hits both), the median import time Python reports (``-X importtime``, sum of
the "self" column) and which of the heavy libraries got imported. ``l10n-blog check`` runs on the
checkout's own site (its pyproject.toml), warm: once before timing, so its cache is filled.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("markdown_it", "yaml", "rapidfuzz", "deepl", "httpx", "polib", "rich", "pydantic", "babel")
RUNNER = ("import sys; sys.argv = ['l10n-blog', *sys.argv[1:]]\nfrom l10n.cli import main\n"
          "try:\n    main()\nexcept SystemExit:\n    pass")
COMMANDS = {"python -c pass": None, "l10n-blog --version": ["--version"], "l10n-blog --help": ["--help"],
            "l10n-blog check (warm)": ["check", "-C", "{root}"]}


def run(root: Path, args: list[str] | None, *, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    python = str(root / ".venv" / "bin" / "python")
    code = ["-c", "pass"] if args is None else ["-c", RUNNER, *(a.format(root=root) for a in args)]
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([python, *flags, *code], capture_output=True, text=True, check=False, cwd=root)


def import_profile(root: Path, args: list[str] | None, runs: int) -> tuple[float, int, list[str]]:
    """(median milliseconds of imports, modules imported, heavy libraries among them)."""
    totals = []
    for _ in range(runs):
        lines = [line for line in run(root, args, importtime=True).stderr.splitlines()
                 if line.startswith("import time:")]
        rows = [line.split("|") for line in lines[1:]]
        totals.append(sum(int(row[0].split(":")[1]) for row in rows) / 1000)
    names = {row[2].strip().split(".")[0] for row in rows}
    return statistics.median(totals), len(rows), sorted(names & set(HEAVY))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    checkouts = {"before": options.before.resolve(), "after": Path(__file__).resolve().parents[1]}
    for root in checkouts.values():
        run(root, ["check", "-C", "{root}"])  # fill the check cache: the timed runs are warm
    print(f"{'command':22} {'':6} {'median wall':>12} {'imports':>9} {'modules':>8}  heavy libraries imported")
    for label, args in COMMANDS.items():
        times: dict[str, list[float]] = {name: [] for name in checkouts}
        for _ in range(options.runs):
            for name, root in checkouts.items():
                start = time.perf_counter()
                run(root, args)
                times[name].append(time.perf_counter() - start)
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, root in checkouts.items():
            imports, modules, heavy = import_profile(root, args, max(3, options.runs // 3))
            print(f"{label:22} {name:6} {1000 * medians[name]:9.0f} ms {imports:6.0f} ms {modules:8}  "
                  f"{', '.join(heavy) or '-'}")
        print(f"{'':22} {'ratio':6} {medians['after'] / medians['before']:11.2f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
