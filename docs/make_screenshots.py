"""Screenshots of ``l10n-blog serve`` for docs/reviewers.md: the site page and a post page of this repository.

    .venv/bin/python docs/make_screenshots.py      # needs the test extra, /usr/bin/chromium, a Japanese font

Two sites: this repository as it is (every unit reviewed), and a copy of it in a temporary
folder where a few units are made drafts, one with a problem note, and one Japanese sentence
is edited so that its unit is stale: what a reviewer sees in the middle of a review.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "images"
POST = "2025-12-21-amazon-3nm-ai-chip-investment.md"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SIZES = {"desktop": (1280, 900), "narrow": (390, 844)}


@contextmanager
def serve(root: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-c", "from l10n.cli import main; main()", "serve", "-C", str(root),
                                "--port", str(port)])
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait()


def in_review(root: Path) -> Path:
    """A copy of this site with drafts, a problem and a stale unit in the first paragraphs."""
    copy = Path(tempfile.mkdtemp()) / "site"
    for part in ("posts/ja", "locales/en", "pyproject.toml"):
        (shutil.copytree if (root / part).is_dir() else shutil.copy)(root / part, copy / part)
    po = copy / "locales/en" / POST.replace(".md", ".po")
    text = po.read_text("utf-8")
    blocks = text.split("\n\n")
    for n in (12, 13, 14):  # sentences 2 to 4 of the first paragraph become DeepL drafts
        blocks[n] = blocks[n].replace("# origin: human translation", "# origin: deepl").replace(
            "\nmsgid", "\n#, fuzzy\nmsgid", 1)
    blocks[12] = ("# problem: numbers: 3 (in 3nm) is missing from the translation\n"
                  + blocks[12].replace("in 3nm AI chip", "in AI chip"))
    po.write_text("\n\n".join(blocks), "utf-8")
    post = copy / "posts/ja" / POST
    post.write_text(post.read_text("utf-8").replace("驚いた人も多いんじゃないかな？", "驚いた人もきっと多いんじゃないかな？"),
                    "utf-8")
    subprocess.run([sys.executable, "-c", "from l10n.cli import main; main()", "extract", "-C", str(copy)],
                   check=True, capture_output=True)
    return copy


def shoot(url: str, name: str, *, scroll_to: str | None = None) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url)
            if scroll_to:
                page.locator(scroll_to).evaluate("e => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=OUT / f"{name}-{size}.png")
            page.close()
        browser.close()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with serve(REPO) as url:
        shoot(url + "/", "serve-site")
        shoot(url + f"/post/en/{POST}", "serve-post")
    with serve(in_review(REPO)) as url:
        shoot(url + f"/post/en/{POST}", "serve-post-review", scroll_to="#p2")
    print("\n".join(sorted(str(p.relative_to(REPO)) for p in OUT.glob("serve-*.png"))))


if __name__ == "__main__":
    main()
