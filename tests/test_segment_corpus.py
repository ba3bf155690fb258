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

from l10n.core import blockparser, constructs, segment
from l10n.core.post import parse
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


# --- the speed-ups' old forms, kept here as the reference they are checked against ---------

def _old_lines(text: str, start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for line in text[start:].splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out or [(start, start)]


def _old_markup_line_blocks(post, lines, tokens, opaque):
    out, covered = [], set(opaque)
    for token in tokens:
        if token.map:
            covered.update(range(*token.map))
        found = None
        if token.map and token.type == "container_zenn_open":
            found = (token.map[0], constructs.details_title)
        elif token.map and token.type == "fence":
            found = (token.map[0], constructs.fence_name)
        if found and found[0] not in opaque:
            out += segment._line_unit(post, lines, found[0], found[1], "message" if token.type != "fence" else "fence")
    for n in range(len(lines)):
        if n not in covered and post.text.startswith("[", lines[n][0] + len(post.text[slice(*lines[n])]) -
                                                    len(post.text[slice(*lines[n])].lstrip())):
            out += segment._line_unit(post, lines, n, constructs.reference_title, "reference")
    return out


def _same_as_old(text: str) -> None:
    post = parse("a.md", text.encode())
    if "\x0b" not in text:  # the line splitter's fast path (no other line breaks)
        assert segment._lines(post.text, post.body_start) == _old_lines(post.text, post.body_start)
    lines = segment._lines(post.text, post.body_start)
    tokens = blockparser.parse(post.text[post.body_start :])
    opaque = segment._opaque_lines(post.text, post.body_start, lines)
    assert segment._markup_line_blocks(post, lines, tokens, opaque) == _old_markup_line_blocks(post, lines, tokens, opaque)


def test_line_maps_and_markup_lines_are_the_old_answer_for_every_corpus_post(corpus):
    for path in corpus:
        _same_as_old(path.read_bytes().decode("utf-8", "replace"))


_LINE = st.sampled_from([
    "", " ", "本文です。", "[a]: /u \"題\"", "  [b]: <u> '題'", "[^1]: 脚注", "[リンク](u) です。", "```js title=\"a.js\"",
    "```", "~~~", ":::details 題", ":::message", ":::", "> [a]: /u", "- [a](u)", "{% highlight js %}", "{% endhighlight %}",
    "{{< highlight go >}}", "{{< /highlight >}}", "    [c]: /u", "\t[d]: /u \"t\"", "<div>", "</div>", "| a |", "|---|",
    "# 見出し", "---", "\u3000[e]: /u",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LINE, max_size=14), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_line_maps_and_markup_lines_are_the_old_answer_for_any_mix(lines, newline, final):
    _same_as_old(newline.join(lines) + (newline if final else ""))


def test_markup_lines_in_a_template_region_are_the_old_answer():
    _same_as_old("{% highlight md %}\n\n[a]: /u \"題\"\n\n{% endhighlight %}\n\n[b]: /u \"題\"\n")
    assert [b.kind for b in segment.segment(parse("a.md", "{% raw %}\n\n[a]: /u \"題\"\n\n{% endraw %}\n".encode())).blocks] == []
