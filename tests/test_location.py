"""The ``location`` setting: what a PO entry's ``#:`` reference names (gettext's --add-location)."""

from __future__ import annotations

import difflib
import re
import subprocess
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n import project as site_io
from l10n.errors import InputError
from l10n.steps import extract, review
from tests.conftest import needs_gettext

POST = "---\ntitle: 題名\n---\n\n" + "\n\n".join(f"{n}番目の段落です。{n}番目の続きです。" for n in range(1, 6)) + "\n"
TOP = "先頭に足した段落です。"


def _po(root: Path) -> str:
    return (root / "locales" / "en" / "a.po").read_text("utf-8")


def _churn(site, setting: str) -> tuple[list[str], str, str]:
    root = site({"a.md": POST}, f'location = "{setting}"\n' if setting else "")
    config = config_io.load(root)
    extract.extract(config)
    before = _po(root)
    (root / "posts/ja/a.md").write_text(POST.replace("\n\n1番目", f"\n\n{TOP}\n\n1番目"), "utf-8")
    extract.extract(config)
    after = _po(root)
    diff = [d for d in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
            if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    return diff, before, after


def test_location_default_file_inserting_a_paragraph_changes_only_the_new_entry(site):
    diff, _before, after = _churn(site, "")
    assert sorted(diff) == sorted(["+#. paragraph", "+#: posts/ja/a.md", f'+msgid "{TOP}"', '+msgstr ""', "+"])
    assert "#: posts/ja/a.md:" not in after


def _references(po: str) -> dict[str, str]:
    return {msgid: ref for ref, msgid in re.findall(r'#: (\S+)\n(?:msgctxt .*\n)?msgid "(.*)"', po)}


def test_location_line_gives_file_and_line_and_moves_every_reference_below(site):
    _diff, po_before, po_after = _churn(site, "line")
    before, after = _references(po_before), _references(po_after)
    moved = {msgid for msgid, ref in after.items() if msgid in before and before[msgid] != ref}
    assert before["題名"] == "posts/ja/a.md:2" and before["1番目の段落です。"] == "posts/ja/a.md:5"
    assert len(moved) == 10 and "題名" not in moved  # every body unit below the insert, not the title


def test_location_never_writes_no_reference(site):
    diff, _before, after = _churn(site, "never")
    assert "#:" not in after
    assert sorted(diff) == sorted(["+#. paragraph", f'+msgid "{TOP}"', '+msgstr ""', "+"])


def test_location_setting_is_validated(tmp_path):
    with pytest.raises(InputError, match="location must be one of 'line', 'file', 'never', not 'column'"):
        config_io.from_mapping(tmp_path, {"location": "column"})


def test_location_file_review_still_shows_the_line_of_each_unit(site):
    root = site({"a.md": POST})
    config = config_io.load(root)
    extract.extract(config)
    segmented = site_io.load_post(config, root / "posts/ja/a.md")
    items = review.items_of(config, "en", segmented, glossary=None, include_untranslated=True)
    assert [(i.msgid, i.line) for i in items][:3] == [("題名", 2), ("1番目の段落です。", 5), ("1番目の続きです。", 5)]


@needs_gettext
@pytest.mark.parametrize("setting", ["line", "file", "never"])
def test_location_every_setting_is_msgfmt_clean_and_msgcat_stable(site, tmp_path, setting):
    _diff, _before, after = _churn(site, setting)
    po = tmp_path / "locales" / "en" / "a.po"
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True).returncode == 0
    assert subprocess.run(["msgcat", "--no-wrap", str(po)], capture_output=True, text=True).stdout == after
