"""The one inline scanner (l10n.core.inline) and the consumers that take its spans."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.core.inline import Close, Open, Pair, Place, _Delim, _flatten, has_text, node_source, scan
from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.sentences import split, split_text
from l10n.errors import L10nError
from l10n.po.model import Entry
from l10n.steps.check.entries import Translation, check_markup
from tests.conftest import CORPUS

SCANS = Path(__file__).parent / "data" / "corpus_scan.json"  # scan() of every corpus block and unit, from 2ef476c


def test_dollar_amounts_are_not_math_so_two_sentence_units() -> None:
    text = "価格は$5です。次は$10です。"
    assert not [n for n in scan(text) if isinstance(n, Place) and n.kind == "math"]
    assert split_text(text) == ["価格は$5です。", "次は$10です。"]


def test_math_never_spans_inline_code() -> None:
    nodes = scan("価格は$5で、`a$b` と書く。")
    assert [n for n in nodes if isinstance(n, Place)] == [Place("code", "`a$b`")]


def test_check_accepts_faithful_translation_when_dollar_pair_spans_inline_code() -> None:
    entry = Entry(msgid="価格は$5で、`a$b` と書く。", msgstr="The price is $5, written `a$b`.")
    assert check_markup(Translation(entry, "en", None)) == []


def test_check_reports_a_reviewed_translation_that_lost_a_hard_break() -> None:
    entry = Entry(msgid="これは長い文で\\\n続きます。", msgstr="This is a long sentence that continues.")
    [issue] = check_markup(Translation(entry, "en", None))
    assert "hard line break is missing" in issue.message
    kept = Entry(msgid=entry.msgid, msgstr="This is a long sentence\\\nthat continues.")
    assert check_markup(Translation(kept, "en", None)) == []


# --- has_text: its shortcut (a letter before the first atom character) is the scan's answer ---

_LETTER = re.compile(r"[^\W\d_]")


def _text_by_scan(md: str) -> bool:
    return any(isinstance(node, str) and _LETTER.search(node) for node in scan(md))


_PIECES = st.lists(
    st.sampled_from(["**", "__", "*", "_", "~~", "[", "]", "](", "![", "(u)", ")", "[a]", "[]", "`", "``", "<b>",
                     "</b>", "<a href='x'>", "<!-- c -->", "<x@y.z>", "<https://a.b>", "&amp;", "&x;", "{{<", ">}}",
                     "{%", "%}", "{{", "}}", "{#id}", "$", "$$", "@[card](u)", "https://x.y/", "http://", "\\",
                     "\\*", "  \n", "\n", " ", "!", "a", "Z", "1", "日本", "。", "「", "\x01", "[^1]", "[^1]: "]),
    max_size=16,
).map("".join)
_CHARS = st.text(alphabet=st.sampled_from(list("*_[]()`<>&{%}!\\ \n~$@#:/\"'=|^-.ab1日本。") + ["\x01"]), max_size=40)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_PIECES, _CHARS))
def test_has_text_is_the_scanners_answer(md: str) -> None:
    assert has_text(md) == _text_by_scan(md)


def test_has_text_is_the_scanners_answer_for_every_corpus_block_and_unit(corpus) -> None:
    for path in corpus:
        try:
            segmented = segment(parse(path.name, path.read_bytes()))
        except L10nError:
            continue  # broken frontmatter
        for block in segmented.blocks:
            for md in [block.content] + [u.text for u in block.units] + [block.content[a:b] for a, b in split(block.content)]:
                assert has_text(md) == _text_by_scan(md), (path.name, md)


# --- the scanner's node list: _flatten in one pass is the old two-pass answer ---------------

def _old_flatten(nodes):
    out = []
    for node in nodes:
        if isinstance(node, _Delim):
            out.extend(Close(pair) for pair in node.closes)
            if node.remaining:
                out.append(node.char * node.remaining)
            out.extend(Open(pair) for pair in node.opens)
        else:
            out.append(node)
    merged = []
    for node in out:
        if isinstance(node, str) and merged and isinstance(merged[-1], str):
            merged[-1] += node
        else:
            merged.append(node)
    return merged


_PAIR = st.builds(lambda k: Pair(k, "*", "*"), st.sampled_from(["bold", "italic"]))
_RAW = st.one_of(
    st.text(alphabet="ab*_ ", max_size=3),
    st.builds(Place, st.sampled_from(["code", "html"]), st.sampled_from(["`c`", "<b>"])),
    st.builds(lambda c, n, closes, opens: _Delim(c, n, True, True, n, opens=opens, closes=closes),
              st.sampled_from("*_~"), st.integers(0, 3), st.lists(_PAIR, max_size=2), st.lists(_PAIR, max_size=2)),
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_RAW, max_size=10))
def test_flatten_is_the_two_pass_answer(nodes) -> None:
    assert _flatten(list(nodes)) == _old_flatten(list(nodes))


def test_scan_of_every_corpus_block_and_unit_is_as_recorded(corpus, regen) -> None:
    found = {}
    for path in corpus:
        try:
            segmented = segment(parse(path.name, path.read_bytes()))
        except L10nError:
            continue  # broken frontmatter
        digest = hashlib.sha256()
        for block in segmented.blocks:
            for md in [block.content] + [u.text for u in block.units]:
                digest.update(repr([(type(n).__name__, n.kind if isinstance(n, Place) else n.pair.kind
                                     if isinstance(n, (Open, Close)) else "", node_source(n)) for n in scan(md)]).encode())
        found[str(path.relative_to(CORPUS))] = digest.hexdigest()[:20]
    if regen:
        SCANS.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(SCANS.read_text("utf-8"))
    assert len(set(found) & set(recorded)) >= 300
    assert {k: v for k, v in found.items() if k in recorded} == {k: recorded[k] for k in found if k in recorded}


def test_url_characters_are_the_negated_class_they_were_written_as() -> None:
    from l10n.core.inline.patterns import URL

    old = re.compile(r"[^\s<>\[\]`{}\\\x7f-\U0010ffff]")
    assert all(bool(URL.fullmatch("https://" + chr(c))) == bool(old.fullmatch(chr(c))) for c in range(0x110000))


_HINT_TEXT = st.lists(st.sampled_from(list("htps:/ \r\n`<&{$@[\\a日") + ["\x01", "\ud800", "http", "http://", "https://", "  \n"]),
                      max_size=20).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_HINT_TEXT)
def test_atom_hint_starts_where_the_alternation_it_was_written_as_does(md: str) -> None:
    from l10n.core.inline.patterns import ATOM_HINT, BAD_XML

    old = re.compile(r"[`<&{$@\[\\" + BAD_XML + r"]|https?://| {2,}\r?\n")
    for start in range(len(md) + 1):
        found, expected = ATOM_HINT.search(md, start), old.search(md, start)
        assert (found and found.start()) == (expected and expected.start()), md
