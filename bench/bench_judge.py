"""``l10n-blog judge`` on corpus posts against the loopback OpenAI fake (translator and judge).

    .venv/bin/python bench/bench_judge.py [--posts 40] [--latency 0.2] [--concurrency 4]

Drafts N corpus posts with the fake translator, then: ``judge --dry-run`` (predicted
characters of the requests), ``judge`` (characters the fake server received in the
messages, wall time, requests), ``judge`` again (nothing sent), and after deleting
``locales/`` a translate + judge that must send nothing to the judge (the score cache).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from l10n import config as config_io  # noqa: E402
from l10n.steps.judge import judge  # noqa: E402
from l10n.steps.translate import translate  # noqa: E402
from tests.conftest import corpus_files  # noqa: E402
from tests.fakes.openai_server import TEST_KEY, run_openai_server  # noqa: E402

ENV = {"OPENAI_API_KEY": TEST_KEY}


def sent_chars(records) -> int:
    """Characters of the messages as the judge sent them (what ``request_chars`` predicts), model name included."""
    return sum(sum(len(m["content"]) for m in r.body["messages"]) + len(json.dumps(r.body["model"]))
               for r in records)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, run_openai_server() as server:
        root = Path(folder)
        for n, path in enumerate(corpus_files()[: args.posts]):
            target = root / "posts/ja" / f"{n:03}-{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        (root / "l10n.toml").write_text(
            f'backend = "openai"\n[backends.openai]\nbase_url = "{server.base_url}"\nmodel = "translator"\n'
            f'timeout = 30.0\n[judge]\nbase_url = "{server.base_url}"\nmodel = "judge"\ntimeout = 30.0\n', "utf-8")
        config = config_io.load(root)
        translate(config, lang="en", env=ENV)
        server.latency = args.latency
        dry = judge(config, lang="en", env=ENV, dry_run=True)
        start = time.perf_counter()
        run = judge(config, lang="en", env=ENV, concurrency=args.concurrency)
        seconds = time.perf_counter() - start
        received = sent_chars(server.judge_requests())
        pairs = f"drafts {run.drafts}, distinct pairs {run.to_send}, requests {len(server.judge_requests())}"
        print(f"posts {args.posts}, {pairs}")
        print(f"dry run predicted {dry.request_chars:,} characters in {dry.requests} request(s); "
              f"the server received {received:,}")
        print(f"judge run: {seconds:.2f} s at {args.latency} s latency, concurrency {args.concurrency}; "
              f"errors {len(run.errors)}")
        before = len(server.judge_requests())
        again = judge(config, lang="en", env=ENV)
        shutil.rmtree(root / "locales")
        translate(config, lang="en", env=ENV)
        third = judge(config, lang="en", env=ENV)
        print(f"again: {again.drafts} drafts to score; after deleting locales/: {third.from_cache} from the cache, "
              f"{len(server.judge_requests()) - before} judge request(s) sent")


if __name__ == "__main__":
    main()
