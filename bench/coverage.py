"""Coverage: what Japanese a reader still sees after translation, by construct.

    .venv/bin/python bench/coverage.py [--corpus ../shared/corpus/ja] [--show CONSTRUCT]

Every unit of every corpus post is "translated" by a pseudo-translation (each Japanese
character replaced by an ASCII letter, markup kept), the post is built, and every
Japanese character left in the built post is counted by the construct it sits in. Kept on
purpose (never translatable): code (fences, indented, inline), URLs, comments (HTML,
Liquid, frontmatter), frontmatter keys that are not configured, heading ids, file paths.
Everything else is prose the tool never offered.

It also counts the posts whose Markdown structure (markdown-it block and inline tokens)
changes in the built post, under the pseudo-translation and under a hostile one that
starts every unit with a digit enumerator, ``#``, ``-``, ``>`` or ``|``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from l10n.core import post as post_io
from l10n.core.coverage import KEPT, Classifier, unit_spans
from l10n.core.segment import Segmented, segment
from l10n.core.splice import build_text
from l10n.core.text import JAPANESE
from l10n.errors import L10nError
from l10n.files import find_posts

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ja"
KEYS = ("title", "excerpt", "description", "summary")
LIST_KEYS = ("tags",)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_LABEL = re.compile(r"\]\[[^\[\]]+\]")
_HOSTILE = ("1. ", "# ", "- ", "> ", "| ", "2) ")


def pseudo(text: str) -> str:
    """Each Japanese character becomes an ASCII letter; everything else is kept."""
    return JAPANESE.sub(lambda m: "".join(_LETTERS[ord(c) % 26] for c in m.group()), text)


def hostile(n: int) -> Callable[[str], str]:
    return lambda text: _HOSTILE[(n + len(text)) % len(_HOSTILE)] + pseudo(text)


def translations(segmented: Segmented, translate: Callable[[str], str]) -> dict[tuple[str | None, str], str]:
    return {(b.context, u.text): translate(u.text) for b in segmented.blocks for u in b.units}


# --------------------------------------------------------------------------- structure

_STRUCT = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).use(dollarmath_plugin)


def structure(text: str) -> list[tuple[str, ...]]:
    """Block tokens and, inside inline tokens, the markup tokens (emphasis, links, code)."""
    out = []
    for token in _STRUCT.parse(text):
        if token.type != "inline":
            out.append((token.type, token.tag, str(token.level)))
            continue
        out += [(c.type, c.tag) for c in token.children or () if c.type not in ("text", "softbreak", "hardbreak")]
    return out


def first_difference(a: list[tuple[str, ...]], b: list[tuple[str, ...]]) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"token {i}: {x} became {y}"
    return f"{len(a)} tokens became {len(b)}"


def configured(name: str) -> str:
    """A frontmatter value is missed only when its key is one the site translates."""
    if name.startswith("frontmatter ") and name != "frontmatter comment":
        key = name.split(" ", 1)[1]
        return name if key.casefold() in KEYS + LIST_KEYS else "frontmatter key kept"
    return name


# --------------------------------------------------------------------------- run

def measure(files: list[Path], root: Path, show: str | None) -> None:
    total = 0
    left: Counter[str] = Counter()
    where: dict[str, list[str]] = defaultdict(list)
    changed: dict[str, list[str]] = {"pseudo": [], "hostile": []}
    bad = 0
    for file in files:
        display = file.relative_to(root).as_posix()
        try:
            post = post_io.parse(display, file.read_bytes(), display=display)
            segmented = segment(post, keys=KEYS, list_keys=LIST_KEYS)
        except L10nError:
            bad += 1
            continue
        built = build_text(segmented, translations(segmented, pseudo))
        total += sum(len(m.group()) for m in JAPANESE.finditer(post.text))
        covered = bytearray(len(post.text))
        for a, b in unit_spans(segmented):
            covered[a:b] = b"\x01" * (b - a)
        classify = Classifier(post)
        missed = 0
        for m in JAPANESE.finditer(post.text):
            for i in range(m.start(), m.end()):
                if not covered[i]:
                    name = configured(classify(i))
                    left[name] += 1
                    missed += 1
                    if show and name == show:
                        line = post.text.count("\n", 0, i) + 1
                        start = post.text.rfind("\n", 0, i) + 1
                        ref = f"{display}:{line}: {post.text[start:start + 90].splitlines()[0]}"
                        if ref not in where[name]:
                            where[name].append(ref)
        built_left = sum(len(m.group()) for m in JAPANESE.finditer(built))
        # [ラベル] translated as [Label][ラベル] keeps its Japanese reference label (an id, like a heading id)
        labels = sum(len(j) for m in _LABEL.finditer(built) for j in JAPANESE.findall(m.group()))
        labels -= sum(len(j) for m in _LABEL.finditer(post.text) for j in JAPANESE.findall(m.group()))
        left["reference label"] += labels
        if built_left != missed + labels:
            print(f"{display}: {built_left} Japanese characters in the built post, {missed} outside units",
                  file=sys.stderr)
        source_structure = structure(post.text[post.body_start:])
        for name, text in (("pseudo", built), ("hostile", build_text(segmented, translations(
                segmented, hostile(len(changed["hostile"])))))):
            built_post = post_io.parse(display, text.encode("utf-8"), display=display)
            new = structure(built_post.text[built_post.body_start:])
            if new != source_structure:
                changed[name].append(f"{display}: {first_difference(source_structure, new)}")
    report(total, left, changed, bad, len(files))
    if show:
        print(f"\n{show}:")
        for ref in where[show][:60]:
            print("  " + ref)


def report(total: int, left: Counter[str], changed: dict[str, list[str]], bad: int, posts: int) -> None:
    kept = sum(n for name, n in left.items() if name in KEPT)
    missed = sum(n for name, n in left.items() if name not in KEPT)
    print(f"{posts} posts ({bad} not readable), {total:,} Japanese characters")
    print(f"left in the built posts: {kept + missed:,} ({(kept + missed) / total:.2%}); "
          f"kept on purpose {kept:,} ({kept / total:.2%}); translatable prose never offered {missed:,} "
          f"({missed / total:.3%})")
    print(f"\n{'construct':34} {'chars':>8} {'share':>8}")
    for name, n in left.most_common():
        print(f"{name:34} {n:8,} {n / total:8.3%}  {'kept' if name in KEPT else 'MISSED'}")
    for name, items in changed.items():
        print(f"\nposts whose structure changes under the {name} translation: {len(items)}")
        for item in items[:10]:
            print("  " + item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show", help="list the places of one construct")
    args = parser.parse_args()
    measure(find_posts(args.corpus), args.corpus, args.show)


if __name__ == "__main__":
    main()
