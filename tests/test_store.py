"""save_merged: a run's changes go into the PO file as it is on disk at that moment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from l10n import files
from l10n.po import catalog, pofile
from l10n.po.catalog import TemplateEntry
from l10n.po.model import Entry, drafted
from l10n.po.store import save_merged

TEMPLATE = [TemplateEntry(None, m, (("a.md", str(n)),), "p") for n, m in enumerate(["一。", "二。", "三。"], 1)]


def start(tmp_path: Path) -> tuple[Path, dict]:
    path = tmp_path / "a.po"
    entries, _ = catalog.merge(TEMPLATE, None)
    catalog.save(path, entries, lang="en", post_display="a.md", old=None)
    return path, {e.key: e for e in catalog.read_po(path)}


def edit(path: Path, msgid: str, msgstr: str) -> None:
    po = catalog.read_po(path)
    path.write_text(pofile.render([replace(e, msgstr=msgstr) if e.msgid == msgid else e for e in po], po.metadata))


def save(path: Path, changes: dict, base: dict) -> list[Entry]:
    return save_merged(path, changes, base, template=TEMPLATE, lang="en", post_display="a.md")


def test_changes_fill_entries_still_as_the_run_found_them(tmp_path: Path):
    path, base = start(tmp_path)
    changes = {k: drafted(e, f"draft {e.msgid}") for k, e in base.items()}
    edit(path, "二。", "Two, by hand.")  # saved by a person while the run waited
    save(path, changes, base)
    after = {e.msgid: (e.msgstr, catalog.state(e)) for e in catalog.read_po(path)}
    assert after == {"一。": ("draft 一。", "draft"), "二。": ("Two, by hand.", "reviewed"), "三。": ("draft 三。", "draft")}


def test_a_file_changed_between_read_and_rename_is_merged_again(tmp_path: Path, monkeypatch):
    path, base = start(tmp_path)
    real = files._write_all
    calls = []

    def racing(fd: int, data: bytes) -> None:
        real(fd, data)
        if not calls:  # another program saves just before our rename
            calls.append(1)
            edit(path, "三。", "Three, by hand.")

    monkeypatch.setattr(files, "_write_all", racing)
    save(path, {k: drafted(e, "draft") for k, e in base.items()}, base)
    after = {e.msgid: e.msgstr for e in catalog.read_po(path)}
    assert after == {"一。": "draft", "二。": "draft", "三。": "Three, by hand."}
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


def test_the_file_is_brought_up_to_date_with_the_post(tmp_path: Path):
    path, base = start(tmp_path)
    edit(path, "一。", "One.")
    grown = [*TEMPLATE, TemplateEntry(None, "四。", (("a.md", "4"),), "p")]
    save_merged(path, {}, base, template=grown, lang="en", post_display="a.md")
    assert [(e.msgid, e.msgstr) for e in catalog.read_po(path)] == [("一。", "One."), ("二。", ""), ("三。", ""),
                                                                    ("四。", "")]


def test_a_save_landing_between_the_check_and_the_rename_is_not_lost(tmp_path: Path, monkeypatch):
    """The gap a check-then-rename leaves (another program renames its save in between)."""
    path, base = start(tmp_path)
    real = files._exchange
    calls = []

    def late_save(a: Path, b: Path) -> bool:
        if not calls:
            calls.append(1)
            edit(path, "二。", "Two, by hand.")  # lands after our check, before our rename
        return real(a, b)

    monkeypatch.setattr(files, "_exchange", late_save)
    save(path, {k: drafted(e, "draft") for k, e in base.items()}, base)
    assert calls and {e.msgid: e.msgstr for e in catalog.read_po(path)} == {
        "一。": "draft", "二。": "Two, by hand.", "三。": "draft"}
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]
