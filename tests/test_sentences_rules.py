"""The loosened PROTECT and EVENTS of ``l10n.core.sentences.rules`` find exactly what the exact patterns find.

``rules.PROTECT`` and ``rules.EVENTS`` are compiled at import with three rare alternatives each
loosened (their kana and kanji classes cost ~0.7 ms each to compile); a ``maybe_*`` match is
checked by its exact pattern, compiled on first use. These tests compare that machinery with
``PROTECT_EXACT`` / ``EVENTS_EXACT`` (the patterns as they were written before: one regex each)
on generated text, on every BMP code point in the places the loosened classes test, and on
every corpus text.
"""

from __future__ import annotations

from re import Match

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from l10n.core.sentences import _mask_markup
from l10n.core.sentences import rules as R
from l10n.core.sentences.loosened import exact, mask, protect
from tests.test_sentences import FRAGMENTS
from tests.test_sentences_unchanged import _raw_blocks, _segmenter_texts

Spans = list[tuple[int, int, str | None]]


def _spans(matches: list[Match[str] | None]) -> Spans:
    return [(m.start(), m.end(), m.lastgroup) for m in matches if m is not None]


def assert_same_asexact(text: str) -> None:
    assert protect(text) == R.PROTECT_EXACT.sub(mask, text)
    assert _spans([exact(R.PROTECT.match(text))]) == _spans([R.PROTECT_EXACT.match(text)])
    # A loosened event the exact pattern rejects leaves no event inside it (see _Scan.maybe).
    assert _spans([exact(m) for m in R.EVENTS.finditer(text)]) == _spans(list(R.EVENTS_EXACT.finditer(text)))


# Pieces that reach each loosened alternative and its neighbours.
PIECES = FRAGMENTS + [
    "etc.", "Inc.", "U.S.", "U.S.A.", "Co.", "et al.", " は", " 次に", "1.", "12.", "１．", "3.5", "２.", "０1.",
    "（", "）", "・", "ω", "^", "^^", "o", "ｏ", "T", "_", ";", "°", "ｗ", "ー", "漢", "あ", "ア", "ヶ", "々", "〆",
    "\ue000", "\t", "(1)", "（1）", "Q.", "Step 1.", "mikan.", "の", "a", "Z", "0", "@", "x@y.jp", "（東京・大阪）",
    "\\(^o^)/", "ヽ", "⊂", "＼", "=", "D", "）w", "心配ー", "サーバー", "(漢^^)",
]


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
@example("(漢^^)")  # the exact kaomoji fails, and an emoticon starts inside it
@example("etc. 次に U.S. は")
@example("約1.変換 3.5倍 Python 3.11")
@example("mikan.の隣 A.漢 心配ー サーバー かなw 漢w」w www")
def test_loosened_patterns_match_as_the_exact_ones(text: str) -> None:
    assert_same_asexact(text)


# Each loosened class, with one code point in the place it tests.
TEMPLATES = [
    "A.{c}", "{c}w", "{c}ｗ", "{c}ー", "{c}1.あ", "{c} 1.あ", "あ1.{c}", "あ1. {c}", "({c}・)", "（・{c}）",
    "etc. {c}", "etc.{c}", "{c}　あ",
]


def test_loosened_patterns_match_as_the_exact_ones_for_every_code_point() -> None:
    for cp in range(0x10000):
        if not 0xD800 <= cp < 0xE000:
            for template in TEMPLATES:
                assert_same_asexact(template.format(c=chr(cp)))


def test_the_speaker_label_is_matched_where_its_cheap_superset_matches() -> None:
    for cp in range(0x10000):
        if not 0xD800 <= cp < 0xE000:
            for text in (f"{chr(cp)}「", f"上司{chr(cp)}「", f"{chr(cp)}上「"):
                m = R.SPEAKER.match(text)
                assert m is None or R.SPEAKER_AT.match(text) is not None


@pytest.mark.parametrize("texts", [_segmenter_texts, _raw_blocks], ids=["segmenter", "raw"])
def test_loosened_patterns_match_as_the_exact_ones_on_the_corpus(texts) -> None:  # type: ignore[no-untyped-def]
    for text in texts():
        assert_same_asexact(_mask_markup(text))
