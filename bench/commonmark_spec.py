"""Dev check: the CommonMark spec's own examples through extract → letter-changing translation → build.

Run ``cd .ci && npm ci`` once (it installs ``commonmark-spec``), then
``.venv/bin/python bench/commonmark_spec.py [--show N]``.

For every example of the spec: the identity build must give the input back byte for byte,
and a build in which every unit is machine translated (through the MT XML, every letter
changed, lines joined, as tests/markdown_tokens.py does) must keep markdown-it's token
stream (types, nesting, URLs, code and HTML literals; text and soft breaks aside). The
examples are edge cases of the syntax, many of them not prose at all, so this is a
development check that reports per section, not a test with a pass mark.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from l10n.core.post import parse  # noqa: E402
from l10n.core.segment import segment  # noqa: E402
from l10n.core.splice import build_text  # noqa: E402
from l10n.errors import L10nError  # noqa: E402
from tests.markdown_tokens import machine_translate, shape  # noqa: E402

SPEC = ROOT / ".ci" / "node_modules" / "commonmark-spec" / "spec.txt"
# The extraction rule of commonmark-spec's index.js; "→" stands for a tab in the spec.
_EXAMPLE = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$", re.M)


def examples(text: str) -> list[tuple[int, str, str]]:
    text = re.sub(r"^<!-- END TESTS -->[\s\S]*", "", text.replace("\r\n", "\n"), flags=re.M)
    out, section = [], ""
    for m in _EXAMPLE.finditer(text):
        if m.group(3) is not None:
            section = m.group(3)
        else:
            out.append((len(out) + 1, section, m.group(1).replace("→", "\t")))
    return out


def verdict(markdown: str) -> str:
    try:
        seg = segment(parse("a.md", markdown.encode()), unit="sentence")
    except L10nError:
        return "rejected"  # e.g. a leading --- read as frontmatter
    keys = [(b.context, u.text) for b in seg.blocks for u in b.units]
    if build_text(seg, {k: k[1] for k in keys}) != markdown:
        return "identity differs"
    try:
        built = build_text(seg, {k: machine_translate(k[1]) for k in keys})
    except AssertionError:
        return "MT XML problem"
    if not keys:
        return "kept (nothing offered)"
    return "kept" if shape(built) == shape(markdown) else "token stream differs"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print the first N examples that are not kept")
    args = ap.parse_args()
    if not SPEC.exists():
        print(f"skipped: {SPEC} is absent (run `cd .ci && npm ci`)")
        return 0
    results = [(n, section, md, verdict(md)) for n, section, md in examples(SPEC.read_text(encoding="utf-8"))]
    totals = Counter(v for *_, v in results)
    by_section: dict[str, Counter[str]] = {}
    for _, section, _, v in results:
        by_section.setdefault(section, Counter())[v] += 1
    print(f"{len(results)} examples: " + ", ".join(f"{n} {v}" for v, n in totals.most_common()))
    for section, counts in by_section.items():
        bad = sum(n for v, n in counts.items() if not v.startswith("kept"))
        if bad:
            print(f"  {section}: {bad} of {sum(counts.values())} not kept")
    shown = [r for r in results if not r[3].startswith("kept")][: args.show]
    for n, section, md, v in shown:
        print(f"\nexample {n} ({section}): {v}\n{md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
