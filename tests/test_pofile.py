"""The PO parser agrees with polib's (the oracle) on everything polib reads, and finds the bad line."""

from __future__ import annotations

from dataclasses import replace

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import InputError
from l10n.po import pofile
from l10n.po.model import Entry


def fields(entry: Entry | polib.POEntry) -> tuple:
    """An entry of ours or of polib's as plain values (polib keeps plural forms in a dict)."""
    plural = entry.msgstr_plural
    return (entry.msgctxt, entry.msgid, entry.msgstr, entry.msgid_plural,
            dict(plural) if isinstance(plural, dict) else dict(enumerate(plural)),
            sorted(entry.flags), entry.previous_msgid, entry.previous_msgctxt, entry.obsolete,
            entry.tcomment, entry.comment, list(entry.occurrences))


SAMPLE = r'''# translator header
msgid ""
msgstr ""
"Language: en\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

# a translator comment
#. extracted
#: posts/ja/a.md:3 posts/ja/b.md:10
#, fuzzy, no-wrap
#| msgctxt "old"
#| msgid "古い\n"
#| "行"
msgctxt "title"
msgid ""
"複数\n"
"行 \"引用\" \\ \t"
msgstr "Multi\nline"

msgid "one"
msgid_plural "many"
msgstr[0] "ein"
msgstr[1] "viele"

#, fuzzy
#~| msgid "z"
#~ msgid "x"
#~ msgstr ""
#~ "y"

#~ msgid "w"
#~ msgstr "W"
'''


def test_sample_agrees_with_polib():
    ours, theirs = pofile.parse(SAMPLE), polib.pofile(SAMPLE)
    # polib ignores "#~|" previous msgids of obsolete entries; gettext (and we) keep them.
    assert ours[2].previous_msgid == "z" and theirs[2].previous_msgid is None
    mine = [replace(e, previous_msgid=None) if e.obsolete else e for e in ours]
    assert [fields(e) for e in mine] == [fields(e) for e in theirs]
    assert ours.metadata == theirs.metadata
    assert [e.linenum for e in ours][:2] == [7, 20]


# polib splits lines with str.splitlines and does not unescape \a \b \f \v, so it misreads
# these inside strings; gettext and we don't (see test_render_then_parse_keeps_everything).
_POLIB_BREAKS = "\x00\x07\x08\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters=_POLIB_BREAKS), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXT.filter(bool), _TEXT, st.booleans(), st.booleans(), st.one_of(st.none(), _TEXT)),
                min_size=1, max_size=6, unique_by=lambda x: x[0]))
def test_written_files_parse_like_polib(items):
    po = [Entry(msgid=msgid, msgstr=msgstr, flags=("fuzzy",) if fuzzy else (), obsolete=obsolete,
                previous_msgid=None if obsolete else previous or None,  # polib drops "#~|"
                tcomment="note", occurrences=(("a.md", "1"),)) for msgid, msgstr, fuzzy, obsolete, previous in items]
    text = pofile.render(po, {"Language": "en"})
    assert [fields(e) for e in pofile.parse(text)] == [fields(e) for e in polib.pofile(text)]


_ANY = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_ANY.filter(bool), _ANY, st.booleans(), st.one_of(st.none(), _ANY.filter(bool))),
                min_size=1, max_size=6, unique_by=lambda x: x[0]))
def test_render_then_parse_keeps_everything(items):
    po = [Entry(msgid=msgid, msgstr=msgstr, flags=("fuzzy",) if msgstr else (), obsolete=obsolete,
                previous_msgid=previous, tcomment="note", occurrences=(("a b.md", "1"),))
          for msgid, msgstr, obsolete, previous in items]
    parsed = pofile.parse(pofile.render(po, {"Language": "en"}))
    assert [(e.msgid, e.msgstr, e.obsolete, e.previous_msgid, e.flags) for e in parsed] == [
        (m, s, o, p, ("fuzzy",) if s else ()) for m, s, o, p in items]


@pytest.mark.parametrize(("text", "line"), [
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr\n', 5),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "unterminated\nmsgstr ""\n', 4),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 3),
    ('garbage\n', 1),
])
def test_syntax_errors_name_the_line(text, line):
    with pytest.raises(pofile.ParseError) as info:
        pofile.parse(text)
    assert info.value.line == line


def test_a_bare_string_cannot_continue_a_previous_msgid():
    with pytest.raises(pofile.ParseError) as info:
        pofile.parse('#| msgid ""\n"old"\nmsgid "new"\nmsgstr ""\n')
    assert info.value.line == 2


def _translations(entries) -> list[tuple]:
    return [(e.msgctxt, e.msgid, e.msgstr, e.flags, e.obsolete, e.msgid_plural, e.msgstr_plural) for e in entries]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_ANY.filter(bool), _ANY, st.booleans(), st.one_of(st.none(), _ANY), st.booleans()),
                min_size=0, max_size=6, unique_by=lambda x: x[0]))
def test_read_translations_reads_what_parse_reads(tmp_path_factory, items):
    po = [Entry(msgid=msgid, msgstr=msgstr, msgctxt=ctxt, flags=("fuzzy", "no-wrap") if fuzzy else (),
                obsolete=obsolete, previous_msgid="old" if fuzzy else None, tcomment="note\n#, not a flag",
                comment="#. x", occurrences=(("a.md", "1"),)) for msgid, msgstr, fuzzy, ctxt, obsolete in items]
    path = tmp_path_factory.mktemp("po") / "a.po"
    path.write_text(pofile.render(po, {"Language": "en"}), encoding="utf-8")
    assert _translations(pofile.translations(path.read_bytes(), display="a.po")) == _translations(pofile.read(path))


@pytest.mark.parametrize("text", [
    SAMPLE,  # plural and obsolete entries
    SAMPLE.replace("\n", "\r\n"),
    'msgid "a"\nmsgstr "b"\n\n\nmsgid ""\nmsgstr "Language: en\\n"\n\nmsgid "c" \nmsgstr  "d"\n',  # a header not first
    'msgid "a"\nmsgstr "b"',  # no last newline
])
def test_read_translations_falls_back_to_parse(tmp_path, text):
    path = tmp_path / "a.po"
    path.write_bytes(text.encode("utf-8"))
    assert _translations(pofile.translations(path.read_bytes(), display="a.po")) == _translations(pofile.read(path))


def test_read_translations_names_the_bad_line(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(b'msgid "a"\nmsgstr "b"\n\nmsgid "unterminated\nmsgstr ""\n')
    with pytest.raises(InputError) as info:
        pofile.translations(path.read_bytes(), display="a.po")
    assert (info.value.path, info.value.line) == ("a.po", 4)
