"""The cheaper paths of a cold extract's PO writing give the answers of the code they replaced.

The reference functions below are the earlier implementations (template, the ``#.``/``msgstr``
rendering, ``normalize``), kept here as oracles: every corpus post, and random entries and
texts, must come out the same.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import config as config_io
from l10n.core import post as post_io
from l10n.core.segment import Segmented
from l10n.core.text import _CJK, normalize
from l10n.po import catalog, pofile
from l10n.po.model import Catalog, Entry
from l10n.project import segment_post
from tests.conftest import make_site

_CLASS = "".join(f"{first}-{last}" for first, last in _CJK)  # the class the ranges were written as
_GAP = re.compile(f"(?<=[{_CLASS}])\\s+(?=[{_CLASS}])")
_RUN = re.compile(r"\s+")


def old_normalize(text: str) -> str:
    return _RUN.sub(" ", _GAP.sub("", text)).strip()


def old_template(segmented: Segmented, location: catalog.Location, paragraphs: bool) -> list[tuple[object, ...]]:
    found: dict[catalog.Key, tuple[list[tuple[str, str]], str]] = {}
    for block in segmented.blocks:
        for unit in block.units:
            key = (block.context, unit.text)
            where = (segmented.post.display, str(unit.line) if location == "line" else "")
            if key in found:
                if location != "never" and where not in found[key][0]:
                    found[key][0].append(where)
            else:
                found[key] = ([where] if location != "never" else [],
                              catalog.describe(block, unit, paragraph=paragraphs))
    return [(ctx, msgid, tuple(occ), comment) for (ctx, msgid), (occ, comment) in found.items()]


def old_field(prefix: str, name: str, value: str) -> str:
    portions = pofile._portions(value)
    if len(portions) == 1:
        return f'{prefix}{name} "{pofile._escape(value)}"\n'
    return f'{prefix}{name} ""\n' + "".join(f'{prefix}"{pofile._escape(p)}"\n' for p in portions)


def old_entry_text(entry: Entry) -> str:
    fuzzy = entry.fuzzy and entry.translated
    flags = (["fuzzy"] if fuzzy else []) + [f for f in entry.flags if f != "fuzzy"]
    out = [f"# {line}\n" if line else "#\n" for line in entry.tcomment.split("\n")] if entry.tcomment else []
    prefix = "#~ " if entry.obsolete else ""
    if not entry.obsolete:
        out += [f"#. {line}\n" for line in entry.comment.split("\n")] if entry.comment else []
        out += [pofile._references(entry.occurrences)] if entry.occurrences else []
    out += [f"#, {', '.join(flags)}\n"] if flags else []
    if entry.previous_msgid:
        previous = "#~| " if entry.obsolete else "#| "
        out += [old_field(previous, "msgctxt", entry.previous_msgctxt)] if entry.previous_msgctxt else []
        out.append(old_field(previous, "msgid", entry.previous_msgid))
    out += [old_field(prefix, "msgctxt", entry.msgctxt)] if entry.msgctxt is not None else []
    out.append(old_field(prefix, "msgid", entry.msgid))
    if entry.msgid_plural:
        out.append(old_field(prefix, "msgid_plural", entry.msgid_plural))
        out += [old_field(prefix, f"msgstr[{n}]", text) for n, text in enumerate(entry.msgstr_plural or ("", ""))]
    else:
        out.append(old_field(prefix, "msgstr", entry.msgstr))
    return "".join(out)


def corpus_posts(tmp_path: Path, corpus: list[Path]) -> list[Segmented]:
    posts = {f"{n}{p.suffix}": p.read_bytes() for n, p in enumerate(corpus)}
    config = config_io.load(make_site(tmp_path, posts, 'list_keys = ["tags"]\n'))
    found = []
    for rel in posts:
        try:
            found.append(segment_post(config, post_io.read(config.source_dir / rel, path=rel, display=rel)))
        except Exception:  # noqa: BLE001, S112 - a post that does not segment has no template
            continue
    return found


def test_corpus_templates_merges_and_po_text_are_the_earlier_ones(tmp_path: Path, corpus: list[Path]) -> None:
    for segmented in corpus_posts(tmp_path, corpus):
        for location in ("file", "line", "never"):
            for paragraphs in (True, False):
                made = catalog.template(segmented, location=location, paragraphs=paragraphs)
                assert [tuple(t) for t in made] == old_template(segmented, location, paragraphs)
        made = catalog.template(segmented)
        fresh = catalog.merge(made, None)  # the new catalog's shortcut ...
        assert fresh == catalog.merge(made, Catalog())  # ... gives the general merge's entries and report
        for entry in fresh[0]:
            assert pofile._entry_text(entry) == old_entry_text(entry)
        for block in segmented.blocks:
            assert normalize(block.content) == old_normalize(block.content)


_TEXT = st.text(st.sampled_from(list("ab 一。\n\t\"\\\r\a") + ["\u3000", "\x1c", "é"]), max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.builds(Entry, msgid=_TEXT, msgstr=_TEXT, msgctxt=st.none() | _TEXT,
                 flags=st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), max_size=3).map(tuple),
                 comment=_TEXT, tcomment=_TEXT, occurrences=st.lists(st.tuples(_TEXT, _TEXT), max_size=2).map(tuple),
                 previous_msgid=st.none() | _TEXT, previous_msgctxt=st.none() | _TEXT, obsolete=st.booleans(),
                 msgid_plural=st.sampled_from(["", "plural"]), msgstr_plural=st.lists(_TEXT, max_size=2).map(tuple)))
def test_entry_text_is_the_earlier_one(entry: Entry) -> None:
    assert pofile._entry_text(entry) == old_entry_text(entry)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(list("a 一あ、。\n\t\r\x0b\x1c\x85") + ["\u3000", "\u2028", "\U00020000", "Z"])))
def test_normalize_is_the_earlier_one(text: str) -> None:
    assert normalize(text) == old_normalize(text)


def test_normalize_joins_exactly_the_characters_of_the_cjk_class() -> None:
    """The ranges are looked up by bisection, not compiled as a class: the same answer on every code point."""
    wrong = [c for c in map(chr, range(0x110000)) if normalize(f"{c} {c}") != old_normalize(f"{c} {c}")]
    assert wrong == []
