"""Duplicate msgids (e.g. after resolving a git merge conflict): no translation is ever lost."""

from __future__ import annotations

import subprocess

from typer.testing import CliRunner

from l10n.cli import app
from l10n.po import catalog
from l10n.po.catalog import TemplateEntry
from l10n.po.model import Catalog, Entry
from tests.conftest import needs_gettext

POST = "一文目です。\n\n二文目です。\n"


def t(msgid: str) -> TemplateEntry:
    return TemplateEntry(None, msgid, (("a.md", "1"),), "paragraph")


def invoke(root, *args):
    return CliRunner().invoke(app, [*args, "--root", str(root)])


def test_a_translated_entry_followed_by_an_empty_copy_keeps_its_translation():
    old = Catalog((Entry("一。", "One."), Entry("一。", "")))
    entries, _ = catalog.merge([t("一。")], old)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in entries] == [("一。", "One.", False)]


def test_two_translations_the_reviewed_one_wins_and_the_other_is_kept_obsolete():
    old = Catalog((Entry("一。", "One (draft).", flags=("fuzzy",)), Entry("一。", "One."), Entry("一。", "One.")))
    entries, report = catalog.merge([t("一。")], old)
    active = [e for e in entries if not e.obsolete]
    kept = [e for e in entries if e.obsolete]
    assert [(e.msgid, e.msgstr, catalog.state(e)) for e in active] == [("一。", "One.", "reviewed")]
    assert [(e.msgid, e.msgstr) for e in kept] == [("一。", "One (draft).")]
    assert kept[0].msgctxt != active[0].msgctxt  # gettext rejects two entries with one key, obsolete or not
    assert report.changed


def _duplicated(root) -> str:
    po = root / "locales/en/a.po"
    text = po.read_text("utf-8")
    first = text.index('msgid "一文目です。"')
    # As a hand-resolved merge conflict leaves it: the translated entry, then an empty copy.
    po.write_text(text.replace('msgid "一文目です。"\nmsgstr ""', 'msgid "一文目です。"\nmsgstr "First."', 1)
                  + '\nmsgid "一文目です。"\nmsgstr ""\n', encoding="utf-8")
    assert first
    return po.read_text("utf-8")


def test_extract_keeps_the_translation_of_a_duplicated_entry(site):
    root = site({"a.md": POST})
    assert invoke(root, "extract").exit_code == 0
    _duplicated(root)
    assert invoke(root, "extract").exit_code == 0
    entries = {(e.msgid, e.obsolete): e.msgstr for e in catalog.read_po(root / "locales/en/a.po")}
    assert entries[("一文目です。", False)] == "First."
    assert invoke(root, "extract").exit_code == 0  # stable


@needs_gettext
def test_check_advice_for_a_duplicate_is_safe_to_follow(site):
    root = site({"a.md": POST})
    assert invoke(root, "extract").exit_code == 0
    _duplicated(root)
    before = invoke(root, "check")
    assert before.exit_code == 1 and "duplicate message definition" in before.output
    assert "run `l10n-blog extract`: it keeps the translated copy" in before.output
    assert invoke(root, "extract").exit_code == 0  # what check advises
    po = root / "locales/en/a.po"
    assert "First." in po.read_text("utf-8")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)
