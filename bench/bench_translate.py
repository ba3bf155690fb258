"""``l10n-blog translate`` against the loopback DeepL server with added latency per request.

    .venv/bin/python bench/bench_translate.py [--units 1000] [--latency 0.2] [--concurrency 8]
    .venv/bin/python bench/bench_translate.py --corpus 400 [--latency 0]

Makes a site whose posts hold ``--units`` distinct new sentences (five per paragraph,
ten paragraphs per post), runs translate once (everything new) and again (nothing new),
and reports wall time, HTTP requests and characters billed.

``--corpus N``: a site of N posts made from ../shared/corpus (past 337 the posts repeat,
so in-run duplicates occur); for the first run, a run after deleting ``locales/``, and a
run after deleting ``locales/`` and the memory, it compares the characters ``--dry-run``
predicted with the characters the fake DeepL server billed for the run that followed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from l10n import config as config_io  # noqa: E402
from l10n.steps.translate import translate  # noqa: E402
from tests.fakes.deepl_server import run_deepl_server  # noqa: E402

WORDS = "今日 明日 東京 大阪 会議 資料 開発 設計 実装 試験 確認 報告 計画 予算 顧客 品質".split()


def sentence(n: int) -> str:
    picked = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(4)]
    return f"{picked[0]}の{picked[1]}について{n}回目の{picked[2]}と{picked[3]}を行いました。"


def make_site(root: Path, units: int, server_url: str) -> None:
    posts = root / "posts" / "ja"
    posts.mkdir(parents=True)
    n = 0
    for post in range((units + 49) // 50):
        paragraphs = []
        for _ in range(10):
            paragraphs.append("".join(sentence(n + k) for k in range(5) if n + k < units))
            n += 5
        (posts / f"post-{post:04}.md").write_text("\n\n".join(p for p in paragraphs if p) + "\n", encoding="utf-8")
    (root / "l10n.toml").write_text(
        f'backend = "deepl"\n[backends.deepl]\nserver_url = "{server_url}"\ntimeout = 10.0\n', encoding="utf-8")


def corpus_prediction(posts: int, latency: float, concurrency: int) -> None:
    from bench_pipeline import make_site as make_corpus_site

    with run_deepl_server(latency=latency, character_limit=10_000_000) as server, \
            tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_corpus_site(root, posts, "sentence")
        with (root / "l10n.toml").open("a", encoding="utf-8") as toml:
            toml.write(f'backend = "deepl"\n[backends.deepl]\nserver_url = "{server.url}"\ntimeout = 30.0\n')
        config = config_io.load(root)
        env = {"DEEPL_AUTH_KEY": server.auth_key}
        print(f"{posts} posts from the corpus, unit=sentence")
        print(f"{'run':38} {'predicted':>9} {'billed':>9} {'units':>6} {'requests':>8} {'time':>7}")
        for label in ("first run", "after deleting locales/", "after deleting locales/ and the memory"):
            predicted = translate(config, lang="en", env=env, dry_run=True)
            before_requests, before_billed = server.total_requests, server.billed_chars
            start = time.perf_counter()
            done = translate(config, lang="en", env=env, concurrency=concurrency)
            elapsed = time.perf_counter() - start
            billed = server.billed_chars - before_billed
            verdict = "equal" if predicted.estimated_chars == billed == done.billed_chars else "DIFFERENT"
            print(f"{label:38} {predicted.estimated_chars:9} {billed:9} {done.sent:6} "
                  f"{server.total_requests - before_requests:8} {elapsed:6.1f}s  {verdict}")
            shutil.rmtree(root / "locales")
            if label == "after deleting locales/":
                (root / ".l10n" / "memory.sqlite").unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--corpus", type=int, default=0, metavar="POSTS",
                        help="check the dry-run prediction on POSTS corpus posts instead")
    args = parser.parse_args()
    if args.corpus:
        corpus_prediction(args.corpus, args.latency, args.concurrency)
        return
    with run_deepl_server(latency=args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_site(root, args.units, server.url)
        config = config_io.load(root)
        env = {"DEEPL_AUTH_KEY": server.auth_key}
        for label in ("first run (all new)", "second run (no change)"):
            before_requests, before_billed = server.total_requests, server.billed_chars
            start = time.perf_counter()
            summary = translate(config, lang="en", env=env, concurrency=args.concurrency)
            elapsed = time.perf_counter() - start
            print(f"{label:24} {elapsed:6.2f} s  units sent {summary.sent:5}  "
                  f"HTTP requests {server.total_requests - before_requests:4}  "
                  f"chars billed {server.billed_chars - before_billed:7}  peak in flight {server.max_in_flight}")


if __name__ == "__main__":
    main()
