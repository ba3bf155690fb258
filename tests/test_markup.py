from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.mt.markup import (
    Mark,
    Tagged,
    compare_markup,
    from_xml,
    link_target,
    markup_signature,
    plain_text,
    to_xml,
)

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "ja"


def assert_round_trip(md: str) -> Tagged:
    tagged = to_xml(md)
    rebuilt = from_xml(tagged.xml, tagged)
    assert rebuilt.markdown == md
    assert rebuilt.problems == ()
    ET.fromstring(f"<r>{tagged.xml}</r>")
    return tagged


# --- to_xml: every construct, with the exact XML and an identity round trip -------------

CASES = [
    ("**Amazon**が使う", "<b>Amazon</b>が使う"),
    ("__bold__", "<b>bold</b>"),
    ("*it* と _it_", "<i>it</i> と <i>it</i>"),
    ("~~old~~", "<s>old</s>"),
    ("***both***", "<i><b>both</b></i>"),
    ("[AWS](https://aws.amazon.com)の", '<a id="1">AWS</a>の'),
    ('[AWS](https://aws.amazon.com "title")', '<a id="1">AWS</a>'),
    # A collapsed reference is found by its text: translating the text would lose the target.
    ("[AWS][aws] と [AWS][]", '<a id="1">AWS</a> と <x id="2"/>'),
    ("![構成図][] と ![構成図]", '<x id="1"/> と <x id="2"/>'),
    ("[注][b](u)", '[注]<a id="1">b</a>'),
    ("[*a* **b**](u)", '<a id="1"><i>a</i> <b>b</b></a>'),
    ("![図1](img.png)", '<img id="1">図1</img>'),
    ("![](img.png)", '<x id="1"/>'),
    ("[](u) と [ ](u)", '<x id="1"/> と <x id="2"/>'),
    ("[![alt](i.png)](u)", '<a id="1"><img id="2">alt</img></a>'),
    ("`code`を使う", '<x id="1"/>を使う'),
    ("``a ` b``", '<x id="1"/>'),
    ("<https://example.com>", '<x id="1"/>'),
    ("<me@example.com>", '<x id="1"/>'),
    ("詳細はhttps://example.com/a_(b)を参照。", '詳細は<x id="1"/>を参照。'),
    ("see https://example.com.", 'see <x id="1"/>.'),
    ("a<br>b", 'a<x id="1"/>b'),
    ('<span class="x">a</span>', '<x id="1"/>a<x id="2"/>'),
    ("<!-- note -->", '<x id="1"/>'),
    ("注[^1]と[^note]", '注<x id="1"/>と<x id="2"/>'),
    ("[^1]: 脚注", '<x id="1"/>脚注'),
    ("{% include x.html %}", '<x id="1"/>'),
    ("{{ site.url }}/a", '<x id="1"/>/a'),
    ('{{< ref "a.md" >}}', '<x id="1"/>'),
    ("{{% note %}}", '<x id="1"/>'),
    ("{% raw %}{{ x }}{% endraw %}", '<x id="1"/>'),
    ('[a](u){:target="_blank"}', '<a id="1">a</a><x id="2"/>'),
    ("@[card](https://zenn.dev)", '<x id="1"/>'),
    ("$x^2$ と $$y$$", '<x id="1"/> と <x id="2"/>'),
    ("$5 and $10", "$5 and $10"),
    (r"\*escaped\*", '<x id="1"/>escaped<x id="2"/>'),
    ("a  \nb", 'a<x id="1"/>b'),
    ("a\\\nb", 'a<x id="1"/>b'),
    ("&nbsp;と&#123;", '<x id="1"/>と<x id="2"/>'),
    ("a < b & c > d &foo;", "a &lt; b &amp; c &gt; d &amp;foo;"),
    ("a\r\nb", "a&#13;\nb"),
    ("a\x01b", 'a<x id="1"/>b'),
]


@pytest.mark.parametrize(("md", "xml"), CASES)
def test_to_xml_constructs(md: str, xml: str) -> None:
    assert assert_round_trip(md).xml == xml


MALFORMED = [
    "**unclosed",
    "unopened**",
    "*a **b*",
    "[no link",
    "[text] only",
    "] stray",
    "![no image",
    "`unclosed code",
    "stray < and > and &",
    "<not a tag",
    "{% unclosed",
    "{{ unclosed",
    "$ not math $",
    "**「強調」**です",
    "a_b_c",
    "~one~ ~~~three~~~",
    "[a [b](u) c](v)",
    "[a](u",
    "*[a*](u)",
    "\\",
    "",
]


@pytest.mark.parametrize("md", MALFORMED)
def test_malformed_markdown_round_trips(md: str) -> None:
    assert_round_trip(md)


def test_pieces_keep_exact_sources() -> None:
    tagged = to_xml('**強調**と[リンク](https://x.com "t")と`c`')
    kinds = [(p.id, p.kind, p.source) for p in tagged.pieces]
    assert kinds == [
        (0, "bold", "**強調**"),
        (1, "link", '[リンク](https://x.com "t")'),
        (2, "code", "`c`"),
    ]
    assert link_target(tagged.pieces[1]) == "https://x.com"


# --- from_xml: translated replies -----------------------------------------------------


def rebuild(md: str, reply: str) -> tuple[str, tuple[str, ...]]:
    result = from_xml(reply, to_xml(md))
    return result.markdown, result.problems


def test_translated_reply_keeps_delimiters_and_urls() -> None:
    md = "**Amazon**が[AWS](https://aws.amazon.com)の`code`を使う。[^1]"
    reply = '<b>Amazon</b> uses <x id="2"/> from <a id="1">AWS</a>.<x id="3"/>'
    assert rebuild(md, reply) == ("**Amazon** uses `code` from [AWS](https://aws.amazon.com).[^1]", ())


def test_underscore_delimiters_come_back() -> None:
    assert rebuild("__太字__、_斜体_", "<b>bold</b> and <i>italic</i>") == ("__bold__ and _italic_", ())


def test_spaces_inside_emphasis_move_outside() -> None:
    assert rebuild("**強調**です", "This is<b> emphasis </b>.") == ("This is **emphasis** .", ())


def test_entities_in_reply_are_decoded() -> None:
    md = "A & B"
    reply = "A &amp; B &lt;&gt; &quot;q&quot; &apos;s&apos; &#x263A; &#9731;"
    assert rebuild(md, reply) == ("A & B <> \"q\" 's' ☺ ☃", ())


def test_image_alt_is_translated() -> None:
    assert rebuild("![図1](img.png)", '<img id="1">Figure 1</img>') == ("![Figure 1](img.png)", ())


def test_single_quoted_and_unquoted_ids_are_accepted() -> None:
    assert rebuild("[a](u)`c`", "<a id='1'>A</a><x id=2/>") == ("[A](u)`c`", ())


def test_placeholder_written_as_pair_keeps_content() -> None:
    assert rebuild("`c`です", '<x id="1">is</x>') == ("`c`is", ())


# --- from_xml: problems, never exceptions ---------------------------------------------


def test_missing_link_is_reported_not_appended() -> None:
    markdown, problems = rebuild("[AWS](https://aws.amazon.com)を使う", "use it")
    assert markdown == "use it"
    assert problems == ("link 1 (https://aws.amazon.com) is missing",)


def test_duplicated_code_is_reported() -> None:
    markdown, problems = rebuild("`x`を使う", '<x id="1"/> uses <x id="1"/>')
    assert markdown == "`x` uses `x`"
    assert problems == ("inline code `x` appears twice",)


def test_unknown_id_is_reported() -> None:
    markdown, problems = rebuild("`x`", '<x id="1"/><x id="7"/><a id="9">t</a>')
    assert markdown == "`x`t"
    assert problems == ('<x id="7"/> has an unknown id; tag dropped', '<a id="9"> has an unknown id; tag dropped')


def test_malformed_xml_is_reported() -> None:
    markdown, problems = rebuild("**a**", "<b>a</b> <b oops")
    assert markdown == "**a** <b oops"
    assert problems[0].startswith("malformed XML near")


def test_unbalanced_nesting_is_reported() -> None:
    markdown, problems = rebuild("[*a*](u)", '<a id="1"><i>a</a></i>')
    assert markdown == "[*a*](u)"
    assert problems == ("tags are not nested properly: </a> closes <i>", "stray </i> dropped")


def test_unclosed_tag_is_closed_at_the_end() -> None:
    markdown, problems = rebuild("**a**b", "<b>A B")
    assert markdown == "**A B**"
    assert problems == ("<b> is not closed",)


def test_unknown_tag_is_kept_as_text() -> None:
    markdown, problems = rebuild("a", "a<br/>b")
    assert markdown == "a<br/>b"
    assert problems == ("unknown tag <br/> kept as text",)


def test_link_that_lost_its_text() -> None:
    markdown, problems = rebuild("[AWS](u)", '<a id="1"/>')
    assert markdown == "[AWS](u)"
    assert problems == ("link 1 (u) lost its text; the original was kept",)


def test_emphasis_count_changes_are_reported() -> None:
    assert rebuild("**a**と**b**", "<b>a</b> and b") == ("**a** and b", ("bold: 2 in source, 1 in reply",))
    markdown, problems = rebuild("__a__", "<b>a</b> <b>b</b> <i>c</i>")
    assert markdown == "__a__ __b__ *c*"
    assert problems == ("bold: 1 in source, 2 in reply", "italic: 0 in source, 1 in reply")


def test_garbage_reply_never_raises() -> None:
    tagged = to_xml("**a** [b](u) `c` ![d](e)")
    for reply in ["", "<", "&", "&#0;", "&#x110000;", "</b></a>", "<a>", "<img id='x'>", "<<<>>>", "<x id='1'"]:
        result = from_xml(reply, tagged)
        assert isinstance(result.markdown, str)
        assert result.problems


# --- properties and the real corpus ---------------------------------------------------

MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("*_[]()`<>&{%}!\\ \n~$@#:/\"'=|^-.ab日本語。、「」　") + ["\r", "\x01"]),
    max_size=60,
)
TOKENS = st.lists(
    st.sampled_from(["**", "__", "](", "![", "{{<", ">}}", "{%", "%}", "<br>", "</a>", "[^1]", "&amp;",
                     "https://x.y/", "`", "  \n", "\\\n", "テキスト", " ", "*", "_", "[", "]", "(", ")", "$"]),
    max_size=20,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(MARKDOWNISH, TOKENS))
def test_round_trip_property(md: str) -> None:
    assert_round_trip(md)


@settings(max_examples=300, deadline=None)
@given(TOKENS, st.text(max_size=40))
def test_any_reply_rebuilds_without_raising(md: str, reply: str) -> None:
    result = from_xml(reply, to_xml(md))
    assert isinstance(result.markdown, str)


def corpus_units() -> list[str]:
    units: list[str] = []
    for path in sorted(CORPUS.glob("**/*.md")):
        text = path.read_text(encoding="utf-8")
        units.extend(p for p in re.split(r"\n[ \t]*\n", text) if p.strip())
    return units


def test_corpus_round_trip() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    units = corpus_units()
    assert units
    for unit in units:
        tagged = to_xml(unit)
        assert from_xml(tagged.xml, tagged).markdown == unit
        ET.fromstring(f"<r>{tagged.xml}</r>")


# --- markup_signature / compare_markup / plain_text ------------------------------------


def test_markup_signature() -> None:
    signature = markup_signature("**a** [b](https://x.com) `c` **d** [^1] {{< ref >}}")
    assert signature == {
        Mark("bold"): 2,
        Mark("link", "https://x.com"): 1,
        Mark("code", "`c`"): 1,
        Mark("footnote", "[^1]"): 1,
        Mark("shortcode", "{{< ref >}}"): 1,
    }


COMPARE = [
    ("[a](https://x.com)と`foo`", "[A](https://x.com) and `foo`", ()),
    ("[a](https://x.com)", "a", ("link URL https://x.com is missing",)),
    ("`foo`を使う", "use foo", ("inline code `foo` is missing",)),
    ("注[^1]", "note[^1][^2]", ("footnote reference [^2] added",)),
    ("**a**と**b**", "**a** and b", ("bold: 2 in source, 1 in translation",)),
    ("**強調**", "__emphasis__", ()),
    ("![図](a.png)", "![Figure](b.png)", ("image a.png is missing", "image b.png added")),
    ("a<br>b", "a b", ("HTML tag <br> is missing",)),
    ("長い文で\\\n続く", "a long sentence that goes on", ("hard line break is missing",)),
    ("長い文で\\\n続く", "a long sentence  \nthat goes on", ()),
    ("{% include x %}", "", ("Liquid tag {% include x %} is missing",)),
    ("`x`", "`x` `x`", ("inline code `x` appears 2 times, 1 in source",)),
    ("~~old~~ *i*", "old i", ("strikethrough: 1 in source, 0 in translation", "italic: 1 in source, 0 in translation")),
]


@pytest.mark.parametrize(("source", "translated", "expected"), COMPARE)
def test_compare_markup(source: str, translated: str, expected: tuple[str, ...]) -> None:
    assert compare_markup(source, translated) == expected


@pytest.mark.parametrize(
    ("md", "text"),
    [
        ("**Amazon**が[AWS](https://aws.amazon.com)の`code`を使う。[^1]", "AmazonがAWSのcodeを使う。"),
        ("![図1](img.png)と<br>と{% x %}", "図1とと"),
        (r"\*a\* &amp; <https://x.y>", "*a* & https://x.y"),
    ],
)
def test_plain_text(md: str, text: str) -> None:
    assert plain_text(md) == text


def _signature_of_pieces(md: str) -> Counter:
    """markup_signature as it was made from to_xml's pieces (the reference for the direct walk)."""
    from l10n.mt.markup import _EMPHASIS, _SIGNED, Mark, link_target

    signature: Counter = Counter()
    for piece in to_xml(md).pieces:
        if piece.kind in _EMPHASIS or piece.kind == "break":
            signature[Mark(piece.kind)] += 1
        elif piece.kind in ("link", "image"):
            signature[Mark(piece.kind, link_target(piece))] += 1
        elif piece.kind in _SIGNED:
            signature[Mark(piece.kind, piece.source.strip())] += 1
    return signature


def test_markup_signature_is_what_the_pieces_of_to_xml_say_on_the_corpus():
    from l10n.core import post as post_io
    from l10n.core.segment import segment
    from l10n.errors import L10nError
    from l10n.mt.markup import markup_signature
    from tests.conftest import corpus_files

    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is not present")
    texts = ["[a](b.md) **c** `d` ![e](f.png) [g][h] [i]: <j> x  \ny\\\nz ~~s~~ <b>t</b> {{ v }} $m$ [^1]"]
    for file in files[::4]:
        try:
            segmented = segment(post_io.parse(file.name, file.read_bytes()))
        except L10nError:
            continue
        texts += [unit.text for block in segmented.blocks for unit in block.units]
    assert len(texts) > 1000
    for text in texts:
        assert markup_signature(text) == _signature_of_pieces(text), text
