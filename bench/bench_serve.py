"""How long the pages of ``l10n-blog serve`` take on a site made from ../shared/corpus (one process, no browser).

    .venv/bin/python bench/bench_serve.py [--posts 337]

Times the site page (every post merged and checked), the post page and a save of one unit
of the largest post, through the app as a browser would call it (Starlette's test client),
with ``status`` (the same merge of every post, without the checks) beside them for scale.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import calibration, corpus_site, fill_identity  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from l10n.steps import extract, status  # noqa: E402
from l10n.web import views  # noqa: E402
from l10n.web.app import Settings, create_app  # noqa: E402


def best(func, repeat: int = 3) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def create_app_get(config) -> None:  # type: ignore[no-untyped-def]
    """A new app each time: no row is cached yet."""
    TestClient(create_app(Settings(config)), base_url="http://127.0.0.1:8765").get("/")


def main() -> None:
    with corpus_site() as config:
        extract.extract(config)
        fill_identity(config)
        web = TestClient(create_app(Settings(config)), base_url="http://127.0.0.1:8765")
        largest = max(config.source_dir.rglob("*.md"), key=lambda p: p.stat().st_size)
        path = largest.relative_to(config.source_dir).as_posix()
        post = views.post_view(config, "en", path)
        unit = post.paragraphs[-1].units[0]
        print(f"largest post: {path}, {post.counts.total} units; calibration loop {calibration():.2f} s")
        form = {"uid": unit.uid, "msgstr": unit.msgstr + " ", "base": unit.msgstr, "dom": unit.dom_id}
        rows = [
            ("status (merge only)", lambda: status.status(config)),
            ("site page, first time", lambda: create_app_get(config)),
            ("site page, again (cached rows)", lambda: web.get("/")),
            ("post page (largest post)", lambda: web.get(f"/post/en/{path}")),
            ("save one unit (largest post)", lambda: web.post(f"/approve/en/{path}", data=form,
                                                             headers={"HX-Request": "true"})),
            ("preview (largest post)", lambda: web.get(f"/preview/en/{path}")),
        ]
        for label, func in rows:
            low, mid = best(func)
            print(f"{label:30} min {low:6.3f} s  median {mid:6.3f} s")


if __name__ == "__main__":
    main()
