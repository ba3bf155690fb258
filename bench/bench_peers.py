"""l10n side by side with Translate Toolkit, mdpo and po4a on the same posts, in one run.

    .venv/bin/python bench/bench_peers.py [--posts 1000] [--repeat 3] [--tools l10n,tt,mdpo,po4a]

Every tool runs as a whole command (start-up included), interleaved tool by tool in each
repeat, so a slow minute of this machine hits all of them alike; the table gives medians
and each tool's ratio to l10n in the same run.

- l10n: `l10n-blog extract` (cold: no locales/, no .l10n/) and `l10n-blog build` (every PO file
  filled with msgstr = msgid by GNU `msgen`, no posts/en/ yet).
- Translate Toolkit: `md2po -i posts/ja -o tt-po` and `po2md -t posts/ja` (its own venv).
- mdpo: one Python process looping `markdown_to_pofile` / `pofile_to_markdown` over the
  posts (its own venv), since one `md2po` process per file would only measure start-up.
- l10n1: `l10n-blog extract --jobs 1` / `build --jobs 1`: one process, for CPU time per post.
- l10n1-warm: the same, but the build keeps the segment cache extract wrote (`.l10n/cache/
  segments.sqlite`): the usual flow, where build does not segment the posts again.
- po4a: one `po4a` run over a config that lists every post in one catalog (Debian's po4a,
  skipped when it is not installed).

The peers are installed by this script into bench/out/peers/ (PyPI), never into the
project's environment. No peer handles the frontmatter the same way, so they extract
different amounts of text; the unit counts are printed beside the times.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "ja"
PEERS = REPO / "bench" / "out" / "peers"
L10N = Path(sys.executable).with_name("l10n-blog")

MDPO_EXTRACT = """
import sys, pathlib
from mdpo.md2po import markdown_to_pofile
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for md in sorted(src.rglob('*.md')):
    po = out / md.relative_to(src).with_suffix('.po')
    po.parent.mkdir(parents=True, exist_ok=True)
    try:
        markdown_to_pofile(str(md), po_filepath=str(po), save=True)
    except Exception as exc:  # mdpo crashes on some real posts; count them, go on
        print('failed', md, type(exc).__name__, file=sys.stderr)
"""
MDPO_BUILD = """
import sys, pathlib
from mdpo.po2md import pofile_to_markdown
src, pos, out = (pathlib.Path(a) for a in sys.argv[1:4])
for md in sorted(src.rglob('*.md')):
    rel = md.relative_to(src)
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        pofile_to_markdown(str(md), str(pos / rel.with_suffix('.po')), save=str(target))
    except Exception as exc:
        print('failed', md, type(exc).__name__, file=sys.stderr)
"""


def venv(name: str, *packages: str) -> Path:
    """A virtual environment of its own for a peer tool (created once, then reused)."""
    home = PEERS / name
    python = home / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *packages],
                       check=True)
    return home / "bin"


def make_posts(root: Path, count: int) -> None:
    sources = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".markdown"))
    for n in range(count):
        src = sources[n % len(sources)]
        safe = re.sub(r"[^A-Za-z0-9_-]+", "-", src.stem)  # po4a's config cannot quote names with spaces
        # Each round of copies in its own folder: a post's copies are len(sources) posts apart in
        # the walk, so no tool's memo of recent texts (l10n keeps the last few parses) sees one twice.
        dest = root / "posts" / "ja" / f"copy{n // len(sources)}" / src.parent.name / f"{safe}-{n}.md"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    (root / "l10n.toml").write_text('list_keys = ["tags"]\n', encoding="utf-8")


def fill(folder: Path) -> None:
    """msgstr = msgid in every PO file below ``folder`` (GNU msgen), so every unit is translated."""
    for po in folder.rglob("*.po"):
        done = subprocess.run(["msgen", "--no-wrap", "-o", str(po), str(po)], capture_output=True)
        if done.returncode:  # a peer wrote a file msgen rejects (duplicate msgids): fill it with polib
            catalog = polib.pofile(str(po))
            for entry in catalog:
                entry.msgstr = entry.msgid
            catalog.save()


def run(cmd: list[str], cwd: Path, *, check: bool = True) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the command and its children) of one command."""
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if check and done.returncode not in (0, 3):  # 3: the corpus's three broken posts are reported, not fatal
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def count_entries(folder: Path) -> int:
    return sum(p.read_text(encoding="utf-8", errors="replace").count('\nmsgid "') - 1 for p in folder.rglob("*.po"))


class Tool:
    """Commands of one tool for a cold extract and a cold build in ``site``."""

    name = ""

    def __init__(self, site: Path) -> None:
        self.site = site

    def reset(self, *paths: str) -> None:
        for p in paths:
            shutil.rmtree(self.site / p, ignore_errors=True)


class L10n(Tool):
    name = "l10n"
    options: list[str] = []

    def extract(self) -> tuple[float, float]:
        self.reset("locales", ".l10n")
        return run([str(L10N), "extract", *self.options], self.site)

    def prepare_build(self) -> None:
        self.extract()
        fill(self.site / "locales")
        shutil.copytree(self.site / "locales", self.site / "filled-l10n", dirs_exist_ok=True)

    def build(self) -> tuple[float, float]:
        self.reset("posts/en", ".l10n", "locales")
        shutil.copytree(self.site / "filled-l10n", self.site / "locales")
        return run([str(L10N), "build", *self.options], self.site)

    def entries(self) -> int:
        return count_entries(self.site / "filled-l10n")


class L10nOneProcess(L10n):
    """l10n in one process (``--jobs 1``): its CPU time is the per-post cost without the pool's."""

    name = "l10n --jobs 1"
    options = ["--jobs", "1"]


class L10nAfterExtract(L10nOneProcess):
    """``build --jobs 1`` with extract's segment cache kept (the usual flow: extract, translate, build)."""

    name = "l10n --jobs 1, build after extract"
    saved = ".l10n/cache/segments.sqlite"

    def prepare_build(self) -> None:
        super().prepare_build()
        shutil.copyfile(self.site / self.saved, self.site / "segments-l10n.sqlite")

    def build(self) -> tuple[float, float]:
        self.reset("posts/en", ".l10n", "locales")
        shutil.copytree(self.site / "filled-l10n", self.site / "locales")
        (self.site / self.saved).parent.mkdir(parents=True)
        shutil.copyfile(self.site / "segments-l10n.sqlite", self.site / self.saved)
        return run([str(L10N), "build", *self.options], self.site)


class TranslateToolkit(Tool):
    name = "Translate Toolkit"

    def __init__(self, site: Path) -> None:
        super().__init__(site)
        self.bin = venv("translate-toolkit", "translate-toolkit[markdown]")

    def extract(self) -> tuple[float, float]:
        self.reset("tt-po")
        return run([str(self.bin / "md2po"), "--progress=none", "-i", "posts/ja", "-o", "tt-po"], self.site)

    def prepare_build(self) -> None:
        self.extract()
        fill(self.site / "tt-po")

    def build(self) -> tuple[float, float]:
        self.reset("tt-out")
        return run([str(self.bin / "po2md"), "--progress=none", "-t", "posts/ja", "-i", "tt-po", "-o", "tt-out"],
                   self.site)

    def entries(self) -> int:
        return count_entries(self.site / "tt-po")


class Mdpo(Tool):
    name = "mdpo (one process)"

    def __init__(self, site: Path) -> None:
        super().__init__(site)
        self.python = venv("mdpo", "mdpo") / "python"

    def extract(self) -> tuple[float, float]:
        self.reset("mdpo-po")
        return run([str(self.python), "-c", MDPO_EXTRACT, "posts/ja", "mdpo-po"], self.site)

    def prepare_build(self) -> None:
        self.extract()
        fill(self.site / "mdpo-po")

    def build(self) -> tuple[float, float]:
        self.reset("mdpo-out")
        return run([str(self.python), "-c", MDPO_BUILD, "posts/ja", "mdpo-po", "mdpo-out"], self.site)

    def entries(self) -> int:
        return count_entries(self.site / "mdpo-po")


class Po4a(Tool):
    name = "po4a (one catalog)"

    def __init__(self, site: Path) -> None:
        super().__init__(site)
        posts = sorted((site / "posts" / "ja").rglob("*.md"))
        lines = ["[po4a_langs] en", "[po4a_paths] po4a/site.pot $lang:po4a/$lang.po",
                 "[options] opt:\"-o markdown -o yfm_keys=title -o yfm_lenient\" opt:\"-k 0\""]
        lines += [f"[type: text] {p.relative_to(site)} $lang:po4a-out/{p.relative_to(site / 'posts' / 'ja')}"
                  for p in posts]
        (site / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def extract(self) -> tuple[float, float]:
        self.reset("po4a", "po4a-out")
        (self.site / "po4a").mkdir()
        return run(["po4a", "--no-translations", "po4a.cfg"], self.site)

    def prepare_build(self) -> None:
        self.extract()
        fill(self.site / "po4a")
        shutil.copytree(self.site / "po4a", self.site / "filled-po4a", dirs_exist_ok=True)

    def build(self) -> tuple[float, float]:
        self.reset("po4a", "po4a-out")
        shutil.copytree(self.site / "filled-po4a", self.site / "po4a")
        return run(["po4a", "--no-update", "po4a.cfg"], self.site)

    def entries(self) -> int:
        return count_entries(self.site / "filled-po4a")


TOOLS = {"l10n": L10n, "l10n1": L10nOneProcess, "l10n1-warm": L10nAfterExtract, "tt": TranslateToolkit,
         "mdpo": Mdpo, "po4a": Po4a}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", default="l10n,tt,mdpo,po4a")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit("needs ../shared/corpus beside the repository")
    names = [n for n in args.tools.split(",") if n != "po4a" or shutil.which("po4a")]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        make_posts(site, args.posts)
        tools = [TOOLS[n](site) for n in names]
        for tool in tools:
            tool.prepare_build()
        times: dict[str, dict[str, list[tuple[float, float]]]] = {t.name: {"extract": [], "build": []} for t in tools}
        for _ in range(args.repeat):
            for step in ("extract", "build"):
                for tool in tools:
                    times[tool.name][step].append(getattr(tool, step)())
        print(f"{args.posts} posts, {args.repeat} interleaved repeats, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f}; medians. CPU: user + system time of the command and its children")
        print("| tool | entries | extract | ratio to l10n | build | ratio to l10n | extract CPU | ratio | build CPU "
              "| ratio |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

        def median(name: str, step: str, k: int) -> float:
            return statistics.median(t[k] for t in times[name][step])

        for tool in tools:
            cells = [tool.name, str(tool.entries())]
            for k in (0, 1):
                for step in ("extract", "build"):
                    value = median(tool.name, step, k)
                    ratio = f"{value / median('l10n', step, k):.2f}×" if "l10n" in names else "–"
                    cells += [f"{value:.2f} s", ratio]
            print("| " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()
