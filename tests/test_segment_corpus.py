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
