"""The QA checks of l10n.mt.qa: one behaviour per test, then the labelled set and the site's own post."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from l10n.mt.glossary import parse_glossary
from l10n.mt.qa import LengthModel, Pair, run
from l10n.mt.qa.numbers import added_numbers, missing_numbers, source_numbers

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = parse_glossary("推論\tinference\n", path="g.tsv", source_lang="ja", target_lang="en")


def checks(source: str, translation: str, **kw: object) -> list[str]:
    return list(dict.fromkeys(p.check for p in run(Pair(source, translation, **kw))))  # type: ignore[arg-type]


def test_japanese_large_numbers_match_english_values() -> None:
    assert missing_numbers("10億ドルを投じる", "invest $1 billion") == []
    assert missing_numbers("1億5000万ドル", "$150 million") == []
    assert missing_numbers("3,000億円", "300 billion yen") == []
    assert missing_numbers("10億ドルを投じる", "invest $10 billion") == ["10億"]


def test_numbers_written_as_words_dates_and_clock_times_count() -> None:
    assert missing_numbers("理由は3つあります", "There are three reasons") == []
    assert missing_numbers("2025年12月21日", "December 21, 2025") == []
    assert missing_numbers("15時30分から", "from 3:30 p.m.") == []
    assert missing_numbers("2倍になった", "it doubled") == []


def test_one_is_never_required() -> None:
    assert missing_numbers("1つ目の理由は", "The first reason is") == []
    assert missing_numbers("1人で行った", "I went alone") == []


def test_invented_numbers_are_reported_and_kanji_numerals_explain_digits() -> None:
    assert added_numbers("理由はいくつかある", "There are 4 reasons") == ["4"]
    assert added_numbers("三つの理由", "3 reasons") == []


def test_compound_numbers_are_read_as_one() -> None:
    [first, second] = source_numbers("1億5000万")
    assert 1.5e8 in first.readings and 1.5e8 in second.readings


def test_lost_unit_is_reported() -> None:
    assert checks("営業利益率は30%を超えています。", "The operating margin exceeds 30 yen.") == ["numbers"]


def test_dropped_or_changed_url_is_reported() -> None:
    source = "詳しくは[公式](https://example.com/a)を参照。"
    assert checks(source, "See the [official site](https://example.com/a).") == []
    assert checks(source, "See the [official site](https://example.com/b).") == ["urls"]


def test_translated_inline_code_is_reported() -> None:
    assert checks("`pip install x`を実行", "Run `pip install x`") == []
    assert checks("`pip install x`を実行", "Run pip install x") == ["code"]


def test_text_placeholders_and_leaked_request_tags_are_reported() -> None:
    assert checks("残り%d件です。", "%d items left.") == []
    assert checks("ようこそ、{name}さん！", "Welcome!") == ["placeholders"]
    assert "placeholders" in checks("今日は晴れ。", 'It is <x id="1"/> sunny today.')


def test_leftover_japanese_is_reported() -> None:
    assert checks("近くの公園に行った。", "I went to a nearby 公園.") == ["japanese"]


def test_a_copy_of_the_source_is_reported_once() -> None:
    assert checks("まとめ", "まとめ") == ["copy"]
    assert checks("Docker", "Docker") == []


def test_chatter_and_refusals_are_reported() -> None:
    assert checks("晴れた。", "Here is the translation: It was sunny.") == ["chatter"]
    assert checks("投資は自己責任で。", "I'm sorry, but I can't provide investment advice.") == ["chatter"]
    assert checks("晴れた。", "Sure! It was sunny.") == ["chatter"]
    assert checks("以下の結果になった。", '"The result was as follows."') == ["chatter"]


def test_an_apology_or_note_of_the_author_is_not_chatter() -> None:
    assert checks("申し訳ありませんが、終了しました。", "I'm sorry, but it has ended.") == []
    assert checks("注：執筆時点の情報です。", "Note: this is as of writing.") == []
    assert checks("つい勘ぐってしまう。", "I can't help suspecting it.") == []
    assert checks("「やってみよう」", '"Let\'s try it."') == []


def test_doubled_words_are_reported_except_english_that_doubles() -> None:
    assert checks("ほぼない。", "There is almost no no dependency.") == ["doubled"]
    assert checks("風邪をひいていた。", "She had had a cold.") == []


def test_glossary_terms_are_required() -> None:
    assert checks("推論が速い。", "Reasoning is fast.", glossary=GLOSSARY) == ["glossary"]
    assert checks("推論が速い。", "Inference is fast.", glossary=GLOSSARY) == []


def test_omission_is_reported_above_the_floor_only() -> None:
    source = "地元の人に教えてもらった食堂で、安くておいしい昼ごはんを食べました。"
    assert checks(source, "I had lunch.") == ["length"]
    assert checks(source, "At a diner a local recommended, I had a cheap and tasty lunch.") == []
    assert checks("まとめ", "Sum") == []  # below the floor: short units are never judged


def test_capitalisation_and_full_stops_never_count() -> None:
    assert checks("これはペンです。", "this is a pen") == []
    assert checks("はじめに", "INTRODUCTION") == []


def test_length_model_fits_the_pairs_it_is_given() -> None:
    pairs = [("あ" * 20, "x" * 60)] * 40
    model = LengthModel.fit(pairs)
    assert model.pairs == 40 and model.ratio == pytest.approx(3.0)
    assert LengthModel.fit(pairs[:5]).pairs == 0  # too few: the defaults


def test_labelled_set_recall_and_false_alarms_meet_the_targets() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_qa import evaluate

    for prefix in ("", "heldout-"):  # the held-out pairs were written after the rules were frozen
        figures = evaluate(show=False, prefix=prefix)
        assert figures["recall"] >= 0.95
        assert figures["false_alarms"] <= 0.02


def test_reviewed_post_of_this_repository_has_no_false_alarm() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_qa import site_lengths

    from l10n.mt.glossary import load_glossary
    from l10n.po.pofile import read

    glossary = load_glossary(ROOT / "locales/glossary/ja-en.tsv", source_lang="ja", target_lang="en")
    lengths = site_lengths()
    reviewed = [e for p in (ROOT / "locales/en").rglob("*.po") for e in read(p) or ()
                if e.msgstr and not e.fuzzy and not e.obsolete]
    assert len(reviewed) > 100
    alarms = [(e.msgid, str(p)) for e in reviewed for p in run(Pair(e.msgid, e.msgstr, glossary, lengths))]
    assert alarms == []
