"""Reading PO files: polib's parser against ours, on PO files made from the corpus (one process).

    .venv/bin/python bench/bench_po_model.py [--posts 337] [--repeat 5]

Both readers run side by side on the same files in each round (the machine's speed varies
by half minute to minute, so only the ratios mean something). "full" builds every entry
object; "light" is what ``build`` needs from a file: the reviewed translations as a dict.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import _options, corpus_site, fill_identity  # noqa: E402

from l10n import config as config_io  # noqa: E402
from l10n import project  # noqa: E402
from l10n.po import catalog, pofile  # noqa: E402
from l10n.steps import extract  # noqa: E402


def _key(entry: object) -> tuple[object, ...]:
    return (entry.msgid, entry.msgstr, sorted(entry.flags))  # type: ignore[attr-defined]


def _polib_full(text: str) -> object:
    return polib.pofile(text, wrapwidth=0)


def _ours_full(text: str) -> object:
    return pofile.parse(text)


def _polib_light(text: str) -> object:
    return {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(text) if e.translated()}


def _ours_light(text: str) -> object:
    return catalog.reviewed_translations(pofile.parse(text))


READERS: dict[str, Callable[[str], object]] = {
    "polib.pofile (full)": _polib_full, "ours (full)": _ours_full,
    "polib.pofile (light)": _polib_light, "ours (light)": _ours_light,
}


def saving(config: config_io.Config, rounds: int) -> None:
    """A run's save of one changed entry per post: a plain write of its copy, or merged with the disk."""
    items = [item for _f, item in project.load_posts(config) if not isinstance(item, Exception)]
    plain: list[float] = []
    merged: list[float] = []
    for n in range(rounds):
        for label, times in (("plain", plain), ("merged", merged)):
            start = time.perf_counter()
            for item in items:
                entries, _report, old = project.merged(config, "en", item)
                first = next(e for e in entries if not e.obsolete)
                change = replace(first, msgstr=f"{label} {n}")
                if label == "plain":
                    path = project.po_path(config, "en", item)
                    catalog.save(path, [change, *entries[1:]] if entries[0] is first else entries, lang="en",
                                 post_display=item.post.display, old=old)
                else:
                    project.save_po(config, "en", item, {first.key: change}, {first.key: first})
            times.append(time.perf_counter() - start)
    ratio = statistics.median(m / p for m, p in zip(merged, plain))
    print(f"read + save of {len(items)} PO files: plain {statistics.median(plain):.2f}s, "
          f"save_merged {statistics.median(merged):.2f}s ({ratio:.2f}x, median of {rounds} interleaved rounds)")


def main() -> None:
    args = _options()
    with corpus_site(args) as config:
        extract.extract(config)
        fill_identity(config, comment="reviewed by hand")
        texts = [p.read_text("utf-8") for p in sorted((config.root / "locales").rglob("*.po"))]
        saving(config, max(1, args.repeat // 2))
    entries = sum(len(pofile.parse(t)) for t in texts)
    print(f"{len(texts)} PO files, {entries} entries, {sum(map(len, texts)) / 1e6:.1f} M characters")
    differ = sum(_key(a) != _key(b) for t in texts for a, b in zip(pofile.parse(t), polib.pofile(t, wrapwidth=0)))
    print(f"entries polib reads differently from ours (msgid, msgstr, flags): {differ}")
    times: dict[str, list[float]] = {name: [] for name in READERS}
    for _ in range(args.repeat):
        for name, reader in READERS.items():
            start = time.perf_counter()
            for text in texts:
                reader(text)
            times[name].append(time.perf_counter() - start)
    print(f"{'reader':24} {'median':>8} {'min':>8}  ratio to ours (median of per-round ratios)")
    for name, values in times.items():
        mine = times["ours (light)" if "light" in name else "ours (full)"]
        ratio = statistics.median(a / b for a, b in zip(values, mine))
        print(f"{name:24} {statistics.median(values):7.3f}s {min(values):7.3f}s  {ratio:5.2f}x")


if __name__ == "__main__":
    main()
