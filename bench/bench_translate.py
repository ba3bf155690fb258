"""``l10n translate`` against the loopback DeepL server with added latency per request.

    .venv/bin/python bench/bench_translate.py [--units 1000] [--latency 0.2] [--concurrency 8]

Makes a site whose posts hold ``--units`` distinct new sentences (five per paragraph,
ten paragraphs per post), runs translate once (everything new) and again (nothing new),
and reports wall time, HTTP requests and characters billed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
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
