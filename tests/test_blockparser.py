"""The block parser's dispatch by first character changes no token: it and plain markdown-it agree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.core import blockparser
from l10n.core.post import parse

PLAIN = blockparser._parser(dispatched=False)


def _tokens(md, body: str) -> list[tuple]:
    return [(t.type, t.tag, t.nesting, t.level, t.map, t.content, t.markup, t.info, t.meta, t.attrs, t.hidden,
             t.block) for t in md.parse(body)]


def test_every_opener_rule_is_dispatched():
    active = blockparser.MD.block.ruler.get_active_rules()
    assert "openers" in active and not set(blockparser.OPENERS) & set(active)
    assert set(blockparser.OPENERS) <= set(PLAIN.block.ruler.get_active_rules())


def test_dispatched_parser_gives_the_same_tokens_for_every_corpus_post(corpus):
    for path in corpus:
        post = parse(path.name, path.read_bytes())
        body = post.text[post.body_start :]
        assert _tokens(blockparser.MD, body) == _tokens(PLAIN, body), path.name


# Lines that start (after 0-5 spaces or a tab) with every block opener, near-misses of each, and text.
_STARTS = ["", " ", "  ", "   ", "    ", "     ", "\t", " \t"]
_HEADS = [
    "# ", "#", "####### ", "> ", ">", "- ", "-", "* ", "+ ", "1. ", "1) ", "2. ", "0. ", "9) ", "10. ", "1234567890. ", "---",
    "***", "___", "- - -", "===", "```", "~~~", "``", "```js", ":::", ":::message", "::::details 題", "::",
    "$$", "$$ a $$", "$", "[^1]: ", "[^1]:", "[a]: /u", "[a]: /u \"t\"", "[a]:", "[", "<div>", "<!-- ",
    "<a href=x>", "</div>", "<", "|", "| a | b |", "| --- | --- |", "|-|-|", ":-:", "-:", "テキスト", "text ",
    "\\# ", "&", "a|b", "\u3000", "１. ", "＃ ", "> - ", "- > ", "> > ", "  - ", "> 1. ", "- ```", "> :::", "- # ",
    "> <div>", "- [^1]: ", "> [a]: /u", "1. > ", "- $$", "> ---", "* * *",
]
_TAILS = ["", "文です。", "x", " y ", "$$", "```", ":::", "-->", "|", " # ", "  "]
_LINE = st.builds(lambda s, h, t: s + h + t, st.sampled_from(_STARTS), st.sampled_from(_HEADS), st.sampled_from(_TAILS))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_dispatched_parser_gives_the_same_tokens_on_any_mix_of_block_starts(lines, newline):
    body = newline.join(lines) + newline
    assert _tokens(blockparser.MD, body) == _tokens(PLAIN, body)
