"""blockstart.same_blocks: a "yes" must always be markdown-it's answer (the build then parses nothing).

The test is one-sided by design: ``same_blocks`` may say False for bodies with the same blocks
(the build parses them, as before), never True for bodies whose block tokens differ in type,
tag, level or lines, or whose code blocks (where links are not read) lie elsewhere.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.core import blockparser, blockstart
from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text

# What a translation (or a bug) could put into a line: block openers, table pipes, reference
# definitions, HTML, fences, math, containers, indentation, escapes, plain text.
PIECES = ["EN ", "x", "# ", "#", "###### ", "> ", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "|", " | ", "\\|", "\\",
          "[a]: /b", "[a]:", "[a]", "[", "]", "]:", "[^1]: ", "[^n]", "<div>", "<div", "</div>", "<!--", "-->",
          "<br>", "<span>", "<script>", "?>", "<?x", "]]>", "```", "```x", "``", "~~~", "$$", "$", ":::",
          ":::message ", "::", "    ", "\t", "  ", "---", "===", "***", "___", "- - -", "=", "-", "`", "<", ">",
          "\u3000", "\u00a0", "　テキスト", "日本語。", "(x)", "![a](b)", "[t](u)", "{{< ref \"a.md\" >}}", ""]


def _tokens(body: str) -> list[tuple[str, str, int, tuple[int, ...]]]:
    return [(t.type, t.tag, t.level, tuple(t.map or ())) for t in blockparser.MD.parse(body) if t.type != "inline"]


def _check(source: str, built: str) -> bool:
    """same_blocks' answer, asserting that a yes is right (with the shape from a parse and from the digest)."""
    known = blockstart.structure(source)
    answer = blockstart.same_blocks(source, built, known.shape)
    assert blockstart.same_blocks(source, built, blockstart.saved_shape(blockstart.digest(known))) == answer
    if answer:
        assert _tokens(built) == _tokens(source), (source, built)
        assert blockstart.structure(built).shape.code == known.shape.code
    return answer


def _mutate(line: str, rng: random.Random) -> str:
    piece = rng.choice(PIECES)
    where = rng.randrange(4)
    if where == 0:
        return piece + line
    if where == 1:
        return line + piece
    if where == 2:
        cut = rng.randrange(len(line) + 1)
        return line[:cut] + piece + line[cut:]
    lead = len(line) - len(line.lstrip(" \t>-*+0123456789.)"))
    return line[:lead] + piece + line[lead + rng.randrange(len(line) - lead + 1):]


def test_mutated_lines_of_every_corpus_post(corpus):
    rng = random.Random(13)
    yes = 0
    for path in corpus:
        post = parse(path.name, path.read_bytes())
        body = post.text[post.body_start:]
        lines = body.split("\n")
        for _ in range(8):
            mutated = list(lines)
            for _ in range(rng.choice((1, 1, 2, 5))):
                i = rng.randrange(len(mutated))
                mutated[i] = _mutate(mutated[i], rng)
            yes += _check(body, "\n".join(mutated))
    assert yes > len(corpus)  # the fast path is taken (not a test that cannot fail: most mutations are harmless)


def test_translations_of_every_corpus_post(corpus):
    """Built as build builds them, with translations that keep, prefix or rewrite each unit."""
    rng = random.Random(22)
    for path in corpus:
        post = parse(path.name, path.read_bytes())
        try:
            seg = segment(post)
        except Exception:  # noqa: BLE001 - the corpus's broken frontmatter: nothing to build
            continue
        units = [(b.context, u.text) for b in seg.blocks for u in b.units]
        for translate in (lambda m: "EN " + m, lambda m: m + " " + rng.choice(PIECES),
                          lambda m: rng.choice(PIECES) + m.replace("。", ". ")):
            built = parse(post.path, build_text(seg, {key: translate(key[1]) for key in units}).encode())
            _check(post.text[post.body_start:], built.text[built.body_start:])


LINES = st.lists(st.lists(st.sampled_from(PIECES), max_size=4).map("".join), min_size=1, max_size=12).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(LINES, st.data())
def test_any_small_document_with_one_line_changed(source, data):
    lines = source.split("\n")
    i = data.draw(st.integers(0, len(lines) - 1))
    lines[i] = data.draw(st.lists(st.sampled_from(PIECES), max_size=4).map("".join))
    _check(source, "\n".join(lines))


def test_the_readings_that_must_differ():
    assert _check("a\n| x | y |\n|---|---|\n", "a\n| x | y | z |\n|---|---|\n") is False  # cells of a header row
    assert _check("日本語。\n", "[a]: /b\n") is False  # a reference definition
    assert _check("[a]\n/b\n", "[a]:\n/b\n") is False
    assert _check("x\n[a]:\nテキスト\n", "x\n[a]:\n/b\n") is False  # a line of a possible definition
    assert _check("テキスト\n", "<div>\n") is False
    assert _check("```\nコード\n```\n", "```\nEN\n```\n") is False  # inside a fence: its text may close it
    assert _check("$$\nx\n", "$$\nx $$\n") is False
    assert _check("テキスト\n", "EN テキスト\n") is True
    assert _check("```text:結果\nx\n```\n", "```text:Result\nx\n```\n") is True  # a fence's info string
    assert _check("<div>\n日本語\n</div>\n", "<div>\nEN\n</div>\n") is True  # an HTML block that a blank line ends
