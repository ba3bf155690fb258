from __future__ import annotations

import random
from pathlib import Path
from unicodedata import normalize

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from l10n.errors import InputError
from l10n.mt.glossary import Glossary, compute_digest, load_glossary, parse_glossary, terms_in

TSV = "# 用語集\n\nブログ\tblog\n記事\tpost\n\n# 製品名\n翻訳メモリ\ttranslation memory\n"


def parse(text: str) -> Glossary:
    return parse_glossary(text, path="locales/glossary/ja-en.tsv", source_lang="ja", target_lang="en")


def test_parse_skips_comments_and_blank_lines() -> None:
    glossary = parse(TSV)
    assert glossary.entries == (("ブログ", "blog"), ("記事", "post"), ("翻訳メモリ", "translation memory"))
    assert (glossary.source_lang, glossary.target_lang) == ("ja", "en")
    assert len(glossary.digest) == 12 and int(glossary.digest, 16) >= 0


def test_parse_tolerates_crlf_and_spaces_around_terms() -> None:
    assert parse("ブログ \t blog\r\n記事\tpost\r\n").entries == (("ブログ", "blog"), ("記事", "post"))


def test_digest_ignores_order_comments_and_blank_lines() -> None:
    reordered = "翻訳メモリ\ttranslation memory\n# x\nブログ\tblog\n\n記事\tpost"
    assert parse(TSV).digest == parse(reordered).digest


def test_digest_changes_when_a_translation_changes() -> None:
    assert parse(TSV).digest != parse(TSV.replace("post", "article")).digest


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("ブログ\tblog\n記事 post\n", 2, "no TAB"),
        ("ブログ\tblog\tweb log\n", 1, "2 TABs"),
        ("# c\nブログ\t\n", 2, "empty target term"),
        ("\tblog\n", 1, "empty source term"),
        ("ブログ\tblog\n記事\tpost\nブログ\tweblog\n", 3, "first on line 1"),
        ("ブロ\x07グ\tblog\n", 1, "control character"),
    ],
)
def test_bad_lines_name_file_and_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(InputError) as info:
        parse(text)
    assert info.value.line == line
    assert str(info.value).startswith(f"locales/glossary/ja-en.tsv:{line}: ")
    assert reason in str(info.value)


def test_load_reads_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "ja-en.tsv"
    path.write_bytes("\ufeffブログ\tblog\n".encode())
    assert load_glossary(path, source_lang="ja", target_lang="en").entries == (("ブログ", "blog"),)


def test_missing_file_is_an_empty_glossary(tmp_path: Path) -> None:
    glossary = load_glossary(tmp_path / "none.tsv", source_lang="ja", target_lang="en")
    assert glossary.entries == () and glossary.digest == compute_digest(())


def test_non_utf8_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "ja-en.tsv"
    path.write_bytes("ブログ\tblog\n".encode("shift_jis"))
    with pytest.raises(InputError, match="not UTF-8") as info:
        load_glossary(path, source_lang="ja", target_lang="en")
    assert info.value.path == str(path)


def test_terms_in_returns_occurring_terms_in_glossary_order() -> None:
    glossary = parse(TSV)
    assert terms_in(glossary, "この記事はブログの翻訳メモリについて") == [
        ("ブログ", "blog"),
        ("記事", "post"),
        ("翻訳メモリ", "translation memory"),
    ]
    assert terms_in(glossary, "猫の話") == []


def test_terms_in_matches_decomposed_text() -> None:
    glossary = parse("ガイド\tguide\n")
    decomposed = "カ\u3099イト\u3099を読む"  # what some macOS tools write
    assert terms_in(glossary, decomposed) == [("ガイド", "guide")]


_terms = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Zs")), min_size=1, max_size=8
).filter(lambda term: not term.startswith("#") and "\ufeff" not in term)
_entries = st.dictionaries(_terms, _terms, max_size=8)


@given(_entries, st.randoms(use_true_random=False))
def test_digest_does_not_depend_on_entry_order(entries: dict[str, str], rnd: random.Random) -> None:
    pairs = list(entries.items())
    shuffled = pairs[:]
    rnd.shuffle(shuffled)
    assert compute_digest(pairs) == compute_digest(shuffled)


@given(_entries)
def test_written_entries_parse_back(entries: dict[str, str]) -> None:
    pairs = [(normalize("NFC", s.strip()), normalize("NFC", t.strip())) for s, t in entries.items()]
    assume(all(s and t and not s.startswith("#") for s, t in pairs))
    assume(len({s for s, _ in pairs}) == len(pairs))
    text = "# header\n" + "".join(f"{s}\t{t}\n" for s, t in pairs)
    assert parse(text).entries == tuple(pairs)


def test_uses_term_accepts_plurals_but_not_other_words():
    from l10n.mt.glossary import uses_term

    assert uses_term("only a few foundries can", "foundry")
    assert uses_term("AI Chips", "chip")
    assert uses_term("two data centers", "data center")
    assert uses_term("The Yield was low", "yield")
    assert not uses_term("a fabrication plant", "foundry")
