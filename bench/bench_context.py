"""What an LLM backend is sent per post: requests and prompt characters, by ``context`` setting.

    .venv/bin/python bench/bench_context.py [--posts 5] [--first 0] [--texts N]

Makes a site of ``--posts`` posts of ../shared/corpus (from ``--first``), translates it with the
loopback OpenAI-compatible fake for each ``context`` setting (none, paragraph, post) and
reports, per post: requests, units sent, characters of the messages (system + user: what the
model reads, tokens ≈ characters / 1.5 for Japanese) and the part of it that is context. Only
counts: run it on two checkouts (``PYTHONPATH=<other>/src``) to compare before and after.
``--texts N`` sets the backend's ``max_batch_texts`` (units per request).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from l10n import config as config_io  # noqa: E402
from l10n.files import find_posts  # noqa: E402
from l10n.steps.translate import translate  # noqa: E402
from tests.fakes.openai_server import run_openai_server  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ja"


def make_site(root: Path, posts: int, first: int, context: str, base_url: str, texts: int | None) -> None:
    for src in find_posts(CORPUS)[first:first + posts]:
        dest = root / "posts" / "ja" / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(src.read_bytes())
    (root / "l10n.toml").write_text(
        f'list_keys = ["tags"]\nbackend = "openai"\ncontext = "{context}"\n'
        f'[backends.openai]\nbase_url = "{base_url}"\nmodel = "m"\nmax_retries = 0\n'
        + (f"max_batch_texts = {texts}\n" if texts else ""), encoding="utf-8")


def measure(posts: int, first: int, context: str, texts: int | None) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp, run_openai_server() as server:
        root = Path(tmp)
        make_site(root, posts, first, context, server.base_url, texts)
        summary = translate(config_io.load(root), lang="en", env={"OPENAI_API_KEY": server.api_key},
                            concurrency=2)
        assert not summary.errors, summary.errors
        requests = server.completion_requests()
        chars = sum(len(m["content"]) for r in requests for m in r.body["messages"])
        context_chars = 0
        for r in requests:
            user = json.loads(r.body["messages"][-1]["content"])
            context_chars += sum(len(v) for key in ("paragraphs", "context") for v in user.get(key, {}).values())
        units = sum(len(json.loads(r.body["messages"][-1]["content"])["units"]) for r in requests)
        return {"requests": len(requests), "units": units, "chars": chars, "context": context_chars}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--texts", type=int, default=None)
    args = parser.parse_args()
    texts = f"max_batch_texts = {args.texts}" if args.texts else "default max_batch_texts"
    print(f"{args.posts} corpus posts from #{args.first}, {texts}; per post:")
    for context in ("none", "paragraph", "post"):
        m = measure(args.posts, args.first, context, args.texts)
        per = {k: v / args.posts for k, v in m.items()}
        print(f"context = {context:9}  {per['requests']:6.1f} requests  {per['units']:6.1f} units  "
              f"{per['chars']:9,.0f} chars sent  of which context {per['context']:8,.0f}")


if __name__ == "__main__":
    main()
