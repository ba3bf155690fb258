"""``l10n-blog check`` timings on N posts made from ../shared/corpus: cold (empty cache) and warm.

    .venv/bin/python bench/bench_check.py [--posts 1000] [--unit sentence]

The site is made as in bench_pipeline.py (posts cycled from the corpus, PO files filled
with msgstr = msgid, every post built), so the check finds little besides the corpus posts
whose frontmatter does not parse.
"Warm, whole command" runs ``l10n-blog check`` in a fresh process: what CI and pre-commit pay.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import corpus_site, fill_identity, timed  # noqa: E402

from l10n.steps import build, check, extract


def describe(report: check.Report) -> None:
    kinds: dict[str, int] = {}
    for issue in report.issues:
        kinds[issue.kind] = kinds.get(issue.kind, 0) + 1
    found = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "no issues"
    print(f"{'':34} {report.posts} posts, {report.cached} from the cache, {found}")


def main() -> None:
    with corpus_site() as config:
        root = config.root
        extract.extract(config)
        fill_identity(config, comment="l10n: allow-japanese allow-qa")  # msgstr = msgid: not a bad translation here
        build.build(config)
        describe(timed("check, cold (msgfmt on every PO)", check.run, config, width=34))
        describe(timed("check, warm", check.run, config, width=34))
        describe(timed("check, no cache", check.run, config, use_cache=False, msgfmt=None, width=34))
        command = [str(Path(sys.executable).parent / "l10n-blog"), "check", "-C", str(root)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        print(f"{'check, warm, whole command':34} {time.perf_counter() - start:7.2f} s  (exit {done.returncode})")
        post = next((root / "posts" / "ja").rglob("*.md"))
        post.write_bytes(post.read_bytes() + b"\n")
        describe(timed("check, warm, one post changed", check.run, config, width=34))


if __name__ == "__main__":
    main()
