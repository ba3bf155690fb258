from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import InputError
from l10n.po import catalog
from l10n.po.catalog import TemplateEntry
from l10n.po.model import Catalog, Entry
from tests.conftest import needs_gettext


def t(msgid: str, ctx: str | None = None, line: int = 1) -> TemplateEntry:
    return TemplateEntry(ctx, msgid, (("posts/ja/a.md", str(line)),), "paragraph")


def po_of(*entries: Entry) -> Catalog:
    return Catalog(tuple(entries))


def reviewed(msgid: str, msgstr: str, **kw) -> Entry:
    return Entry(msgid=msgid, msgstr=msgstr, **kw)


def test_new_catalog_is_untranslated():
    entries, report = catalog.merge([t("一。"), t("二。")], None)
    assert [(e.msgid, e.msgstr) for e in entries] == [("一。", ""), ("二。", "")]
    assert report.new == 2


def test_translations_kept_and_state_preserved():
    old = po_of(reviewed("一。", "One."), reviewed("二。", "Two draft.", flags=("fuzzy",)))
    entries, report = catalog.merge([t("一。"), t("二。")], old)
    assert [(e.msgstr, catalog.state(e)) for e in entries] == [("One.", "reviewed"), ("Two draft.", "draft")]
    assert report.kept == 2 and not report.changed


def test_changed_unit_becomes_fuzzy_with_previous_msgid():
    old = po_of(reviewed("今日は晴れです。", "It is sunny today."))
    entries, report = catalog.merge([t("今日は晴れでした。")], old)
    (entry,) = entries
    assert entry.msgstr == "It is sunny today." and "fuzzy" in entry.flags
    assert entry.previous_msgid == "今日は晴れです。" and catalog.state(entry) == "stale"
    assert report.fuzzy == 1 and report.obsolete == 0


def test_rewrapped_unit_keeps_translation_and_state():
    old = po_of(reviewed("運転を担\n当した。", "I drove."))
    entries, report = catalog.merge([t("運転を担当した。")], old)
    assert entries[0].msgstr == "I drove." and catalog.state(entries[0]) == "reviewed"
    assert report.rewrapped == 1


def test_removed_unit_becomes_obsolete_and_is_revived():
    old = po_of(reviewed("消える文です。", "This goes away."))
    entries, report = catalog.merge([t("全く別の内容")], old)
    assert [(e.msgid, e.obsolete) for e in entries] == [("全く別の内容", False), ("消える文です。", True)]
    assert report.obsolete == 1
    revived, report = catalog.merge([t("消える文です。")], po_of(*entries))
    assert revived[0].msgstr == "This goes away." and not revived[0].obsolete and report.revived == 1


def test_untranslated_old_entries_are_dropped_not_obsoleted():
    entries, _ = catalog.merge([t("新")], po_of(reviewed("古い未訳", "")))
    assert [e.msgid for e in entries] == ["新"]


def test_fuzzy_matching_respects_msgctxt():
    old = po_of(reviewed("題名です", "Title", msgctxt="title"))
    entries, _ = catalog.merge([t("題名でした")], old)
    assert entries[0].msgstr == ""


def test_duplicate_units_share_an_entry():
    entries, _ = catalog.merge([TemplateEntry(None, "同じ。", (("a.md", "1"), ("a.md", "5")), "p")], None)
    assert entries[0].occurrences == (("a.md", "1"), ("a.md", "5"))


def test_read_po_syntax_error_names_file_and_line(tmp_path: Path):
    path = tmp_path / "a.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        catalog.read_po(path, display="locales/en/a.po")
    assert str(info.value).startswith("locales/en/a.po:")
    assert info.value.line is not None


def _write(tmp_path: Path, entries: list[Entry]) -> Path:
    path = tmp_path / "x.po"
    catalog.save(path, entries, lang="en", post_display="posts/ja/a b.md", old=None)
    return path


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t\"\\ "),
                min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.booleans()), min_size=1, max_size=5, unique_by=lambda x: x[0]))
def test_write_then_read_keeps_every_entry(tmp_path_factory, items):
    tmp = tmp_path_factory.mktemp("po")
    entries = [Entry(msgid=a, msgstr=b, flags=("fuzzy",) if f else []) for a, b, f in items]
    read = catalog.read_po(_write(tmp, entries))
    assert [(e.msgid, e.msgstr) for e in read] == [(a, b) for a, b, _ in items]


@needs_gettext
def test_gettext_accepts_output_and_msgcat_changes_nothing(tmp_path: Path):
    long_refs = tuple((f"posts/ja/長い名前 の記事 {n}.md", str(n * 10)) for n in range(6))
    entries = [
        Entry(msgid="一行", msgstr="One line", occurrences=long_refs, comment="paragraph, sentence 1 of 2"),
        Entry(msgid="複数\n行", msgstr="", flags=("fuzzy",), msgctxt="title"),
        Entry(msgid="変更後", msgstr="Changed", flags=("fuzzy",), previous_msgid="変更\n前", tcomment="origin: deepl"),
        Entry(msgid='引用"と\\と\tタブ', msgstr='quote " \\ tab\t'),
        Entry(msgid="消えた", msgstr="Gone", obsolete=True, flags=("fuzzy",), previous_msgid="前"),
    ]
    path = _write(tmp_path, entries)
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    again = subprocess.run(["msgcat", "--no-wrap", str(path)], check=True, capture_output=True).stdout
    assert again.decode() == path.read_text("utf-8")


def test_save_keeps_revision_date_when_nothing_changed(tmp_path: Path):
    from datetime import datetime, timezone

    path = tmp_path / "a.po"
    first = lambda: datetime(2025, 1, 1, tzinfo=timezone.utc)  # noqa: E731
    later = lambda: datetime(2026, 6, 1, tzinfo=timezone.utc)  # noqa: E731
    entries = [Entry(msgid="一", msgstr="")]
    assert catalog.save(path, entries, lang="en", post_display="a.md", old=None, now=first)
    old = catalog.read_po(path)
    assert not catalog.save(path, entries, lang="en", post_display="a.md", old=old, now=later)
    entries[0] = Entry(msgid="一", msgstr="One")
    assert catalog.save(path, entries, lang="en", post_display="a.md", old=old, now=later)
    text = path.read_text("utf-8")
    assert "POT-Creation-Date: 2025-01-01 00:00+0000" in text and "PO-Revision-Date: 2026-06-01 00:00+0000" in text


def test_a_saved_file_keeps_its_team_and_plural_forms_and_only_a_new_one_asks_babel(tmp_path: Path, monkeypatch):
    """Like X-Generator: new locale data (a babel upgrade) rewrites no PO file, and saving one needs no babel."""
    path = tmp_path / "a.po"
    assert catalog.save(path, [Entry(msgid="一", msgstr="")], lang="en", post_display="a.md", old=None)
    assert "Language-Team: English" in path.read_text("utf-8")
    monkeypatch.setattr(catalog, "display_name", lambda lang: "Newer name")
    monkeypatch.setattr(catalog, "plural_forms", lambda lang: "nplurals=1; plural=0;")
    assert catalog.save(path, [Entry(msgid="一", msgstr="One")], lang="en", post_display="a.md",
                        old=catalog.read_po(path))
    text = path.read_text("utf-8")
    assert "Language-Team: English" in text and "Plural-Forms: nplurals=2; plural=(n != 1);" in text
    assert catalog.save(path, [Entry(msgid="一", msgstr="Un")], lang="fr", post_display="a.md",
                        old=catalog.read_po(path))  # another language: its own team and forms
    text = path.read_text("utf-8")
    assert "Language-Team: Newer name" in text and "Plural-Forms: nplurals=1; plural=0;" in text


_IDS = st.sampled_from(["一文。", "一\n文。", "二文です。", "二文でした。", "三", "三 ", "題"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_IDS, st.sampled_from(["", "T"]), st.booleans(), st.booleans(), st.sampled_from([None, "title"])),
                max_size=6, unique_by=lambda x: (x[4], x[0])),
       st.lists(st.tuples(_IDS, st.sampled_from([None, "title"])), max_size=5, unique_by=lambda x: x))
def test_reviewed_for_agrees_with_merge(olds, news):
    old = po_of(*[Entry(msgid=m, msgstr=s and f"{s}:{m}", flags=("fuzzy",) if f else [], obsolete=o, msgctxt=c)
                  for m, s, f, o, c in olds])
    template = [TemplateEntry(c, m, (("a.md", "1"),), "p") for m, c in news]
    merged, _ = catalog.merge(template, old)
    assert catalog.reviewed_for([(t.msgctxt, t.msgid) for t in template], old) == catalog.reviewed_translations(merged)


def test_keys_are_the_templates_keys_in_order():
    from l10n.core.post import parse
    from l10n.core.segment import segment

    post = parse("a.md", "---\ntitle: 題\n---\n# 題\n\n一文。二文。一文。\n\n| 三 | 題 |\n|---|---|\n".encode())
    segmented = segment(post, keys=["title"])
    template = catalog.template(segmented)
    assert catalog.keys(segmented) == [(t.msgctxt, t.msgid) for t in template]
    assert len(template) == 5  # 題 twice (frontmatter and heading), 一文。 once, 二文。, 三


@needs_gettext
def test_hand_added_plural_entries_are_kept(tmp_path: Path):
    path = tmp_path / "a.po"
    catalog.save(path, [Entry("一。", "One.")], lang="en", post_display="a.md", old=None)
    text = path.read_text("utf-8") + '\n# added by hand\nmsgid "one file"\nmsgid_plural "files"\n' \
                                      'msgstr[0] "ファイル"\nmsgstr[1] "ファイル群"\n'
    path.write_text(text, encoding="utf-8")
    old = catalog.read_po(path)
    entries, _ = catalog.merge([t("一。")], old)
    catalog.save(path, entries, lang="en", post_display="a.md", old=old)
    (kept,) = [e for e in catalog.read_po(path) if e.msgid_plural]
    assert (kept.msgid, kept.msgid_plural, kept.msgstr_plural) == ("one file", "files", ("ファイル", "ファイル群"))
    assert kept.tcomment == "added by hand"
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


_ENTRIES = st.lists(st.tuples(_IDS, st.sampled_from(["", "T", "T\\ \"q\""]), st.booleans(),
                              st.sampled_from([False, False, False, True]), st.sampled_from([None, "title"])),
                    max_size=7)


@settings(max_examples=400, deadline=None)
@given(_ENTRIES, st.data())
def test_read_reviewed_is_reviewed_for_the_whole_file(tmp_path_factory, olds, data):
    """The tuple path (plain entries, distinct keys, every wanted key present) and the entry path
    give what reviewed_for gives for the fully parsed file: duplicates, obsolete and fuzzy entries,
    re-wrapped and missing keys, a hand-added plural entry."""
    from l10n.po import pofile

    entries = [Entry(msgid=m, msgstr=s and f"{s}:{m}", flags=("fuzzy",) if f else (), obsolete=o, msgctxt=c,
                     comment="#. x", occurrences=(("a.md", ""),)) for m, s, f, o, c in olds]
    if data.draw(st.booleans()):
        entries.append(Entry(msgid="三", msgid_plural="三つ", msgstr_plural=("a", "b")))
    path = tmp_path_factory.mktemp("po") / "a.po"
    path.write_text(pofile.render(entries, {"Language": "en"}), encoding="utf-8")
    held = list(dict.fromkeys((c, m) for m, _s, _f, _o, c in olds))
    wanted = data.draw(st.lists(st.sampled_from(held), unique=True) if held else st.just([]))
    wanted += data.draw(st.lists(st.tuples(st.sampled_from([None, "title"]), _IDS), max_size=2, unique=True)
                        .map(lambda extra: [k for k in extra if k not in wanted]))
    assert catalog.read_reviewed(path, wanted) == catalog.reviewed_for(wanted, catalog.read_po(path))


def test_read_reviewed_of_no_file_is_none(tmp_path):
    assert catalog.read_reviewed(tmp_path / "a.po", [(None, "一。")]) is None
