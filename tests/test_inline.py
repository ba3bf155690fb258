"""The one inline scanner (l10n.core.inline) and the consumers that take its spans."""

from __future__ import annotations

from l10n.core.inline import Place, scan
from l10n.core.sentences import split_text
from l10n.po.model import Entry
from l10n.steps.check.entries import Translation, check_markup


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
