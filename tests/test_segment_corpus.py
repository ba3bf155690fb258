"""The segmenter's answer for every corpus post is the recorded one (speed work must not change it).

``tests/data/corpus_segmentation.json`` holds, per corpus post, a digest of its segmentation
(sentence and paragraph units: every block's kind, line, spans, content, value and units, or
the error) as recorded from the code before the speed-ups of session 22. ``pytest --regen``
rewrites it, for a change whose point is a different segmentation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.core import segment
from l10n.core.post import line_of, parse
from l10n.errors import L10nError
from tests.conftest import CORPUS

RECORD = Path(__file__).parent / "data" / "corpus_segmentation.json"


def digest(data: bytes, name: str) -> str:
    post = parse(name, data)
    out = hashlib.sha256()
    for unit in ("sentence", "paragraph"):
        try:
            seg = segment.segment(post, keys=("title", "description"), list_keys=("tags",), unit=unit)
        except L10nError as error:
            out.update(f"error {error}".encode())
            continue
        for b in seg.blocks:
            units = [(u.text, u.start, u.end, u.line, u.index) for u in b.units]
            out.update(repr((b.kind, b.line, b.pieces, b.content, b.value, units)).encode())
    return out.hexdigest()[:20]


def test_every_corpus_post_segments_as_recorded(corpus, regen):
    found = {str(path.relative_to(CORPUS)): digest(path.read_bytes(), path.name) for path in corpus}
    if regen:
        RECORD.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(RECORD.read_text("utf-8"))
    assert len(set(found) & set(recorded)) >= 300  # the corpus is the one recorded
    assert {k: v for k, v in found.items() if k in recorded} == {k: recorded[k] for k in found if k in recorded}


def _lines_agree(text: str) -> None:
    seg = segment.segment(parse("a.md", text.encode()))
    for block in seg.blocks:
        assert block.line == line_of(seg.post.text, block.pieces[0][0]), (block, text)


_LINE = st.sampled_from([
    "", "本文です。", "| 列 | 値 |", "| --- | --- |", "| セル一 | セル二 |", "> | 引用の表 | です |", "> | --- | --- |",
    "- | 項目の表 |", "  | --- |", "<div>", "<p>段落です。</p>", "<img alt=\"画像です\" src=\"a.png\">", "</div>",
    "> <p>引用の HTML です。</p>", "- 項目です。", "  <span>字です</span>", "# 見出し", ":::details 題", ":::",
    "```js title=\"例.js\"", "```", "[a]: /u \"題です\"", "{% highlight js %}", "{% endhighlight %}",
])


@settings(max_examples=800, deadline=None)
@given(st.lists(_LINE, max_size=12), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_every_blocks_line_is_the_line_of_its_first_span(lines, newline, frontmatter):
    head = f"---{newline}title: 題です{newline}---{newline}" if frontmatter else ""
    _lines_agree(head + newline.join(lines) + newline)


def test_every_blocks_line_is_the_line_of_its_first_span_in_every_corpus_post(corpus):
    for path in corpus:
        try:
            _lines_agree(path.read_bytes().decode("utf-8"))
        except L10nError:
            continue  # broken frontmatter


# The line table and the markup-line units as they were before session 23 (oracles).
_OLD_LINE = __import__("re").compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_OLD_OTHER_BREAKS = __import__("re").compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _old_lines(text: str, start: int) -> list[tuple[int, int]]:
    if not _OLD_OTHER_BREAKS.search(text, start):
        out, pos = [], start
        for line in text[start:].splitlines(keepends=True):
            out.append((pos, pos + len(line.rstrip("\r\n"))))
            pos += len(line)
        return out or [(start, start)]
    out = []
    for match in _OLD_LINE.finditer(text, start):
        if match.start() == len(text) and out:
            break
        out.append((match.start(), match.start() + len(match.group().rstrip("\r\n"))))
    return out


def _old_markup_line_blocks(post, lines, tokens, opaque):
    out, covered = [], set(opaque)
    for token in tokens:
        if token.map:
            covered.update(range(*token.map))
        found = None
        if token.map and token.type == "container_zenn_open":
            found = (token.map[0], segment.constructs.details_title)
        elif token.map and token.type == "fence":
            found = (token.map[0], segment.constructs.fence_name)
        if found and found[0] not in opaque:
            out += segment._line_unit(post, lines, found[0], found[1], "message" if token.type != "fence" else "fence")
    for n in range(len(lines)):
        if n not in covered and post.text.startswith("[", lines[n][0] + len(post.text[slice(*lines[n])]) -
                                                    len(post.text[slice(*lines[n])].lstrip())):
            out += segment._line_unit(post, lines, n, segment.constructs.reference_title, "reference")
    return out


def _same_lines_and_markup_units(text: str) -> None:
    from l10n.core import blockparser

    post = parse("a.md", text.encode("utf-8", "surrogatepass"))
    for start in {0, post.body_start}:
        assert segment._lines(post.text, start) == _old_lines(post.text, start), text
    lines = segment._lines(post.text, post.body_start)
    opaque = segment._opaque_lines(post.text, post.body_start, lines)
    tokens = blockparser.parse(post.text[post.body_start:])
    assert segment._markup_line_blocks(post, lines, tokens, opaque) == \
        _old_markup_line_blocks(post, lines, tokens, opaque), text


_PIECE = st.sampled_from([
    "本文です。", "[a]: /u \"題です\"", " [b]: /v '題'", "\u3000[c]: /w (題)", "\t[", "[^1]: 脚注です。", "- [d]: /x \"項目\"",
    "> [e]: /y \"引用\"", "    [f]: /z \"コード\"", "```", "```js title=\"例.js\"", ":::details 題", ":::", "{% raw %}",
    "{% endraw %}", "[g](h)", "# 見出し", "", " ", "\x85[", "\u2028[i]: /j \"題\"", "\x0b", "\x1c", "\x0c[",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECE, max_size=14), st.lists(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), min_size=1),
       st.booleans())
def test_line_table_and_markup_line_units_are_the_earlier_ones(pieces, breaks, frontmatter):
    head = "---\ntitle: 題です\n---\n" if frontmatter else ""
    _same_lines_and_markup_units(head + "".join(p + breaks[i % len(breaks)] for i, p in enumerate(pieces)))


def test_line_table_and_markup_line_units_are_the_earlier_ones_in_every_corpus_post(corpus):
    for path in corpus:
        _same_lines_and_markup_units(path.read_bytes().decode("utf-8"))
