"""Numbers and units of a Japanese unit against its English translation.

Japanese writes large numbers in units of 10⁴ (万, 億, 兆) where English uses 10³
(thousand, million, billion), so numbers are compared as *values*: 10億ドル and
"$1 billion" agree. Every source number has several readings (the digits alone, times its
multiplier, a 2-digit year, a 24-hour clock time) and passes when the translation has any of
them, written in digits or in words ("two", "twice", "December"). Written by hand: number
parsers on PyPI read one language, and what matters here is which readings count as equal.

The number 1 is never required nor reported: English says it as "a", "the first", "single",
"top" or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_JA_TOKEN = re.compile(rf"(?<![\d.,])({_NUMBER})\s*([万億兆千百割]?)")
_JA_MULT = {"万": 1e4, "億": 1e8, "兆": 1e12, "千": 1e3, "百": 1e2, "割": 10.0}
_EN_TOKEN = re.compile(
    rf"(?<![\d.,])({_NUMBER})(?:\s*-?\s*(thousand|million|billion|trillion|bn|tn|K|M|B)\b)?", re.IGNORECASE)
_EN_MULT = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
            "trillion": 1e12, "tn": 1e12}
_KANJI_DIGIT = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 1e4, "億": 1e8, "兆": 1e12}
_KANJI_RUN = re.compile("[〇一二三四五六七八九十百千万億兆]+")
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "twice": 2, "double": 2, "doubled": 2, "both": 2, "pair": 2, "couple": 2,
    "doubling": 2, "triple": 3, "tripled": 3, "tripling": 3, "thrice": 3, "quadruple": 4, "half": 50,
    "dozen": 12, "decade": 10, "decades": 10, "century": 100, "hundreds": 100, "thousands": 1000, "millions": 1e6,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
# A unit after a Japanese number, and how English may write it (anywhere in the sentence).
_UNITS: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![\d.,])({_NUMBER})\s*[万億兆千百]?\s*(?:{ja})"), re.compile(en, re.IGNORECASE), name)
    for ja, en, name in (
        ("%|％|パーセント", r"%|\bper ?cent|\bpercentage", "percent"),
        ("円", r"\byen\b|¥|\bJPY\b", "yen"),
        ("ドル", r"\$|\bdollars?\b|\bUSD\b", "dollars"),
        ("ユーロ", r"€|\beuros?\b|\bEUR\b", "euros"),
        ("時間", r"\bhours?\b|\bhrs?\b|\d\s*h\b", "hours"),
        ("分(?!の)", r"\bminutes?\b|\bmins?\b|:\d\d", "minutes"),
        ("秒", r"\bseconds?\b|\bsecs?\b|\d\s*s\b", "seconds"),
        ("[ヶケかカ箇]月", r"\bmonths?\b", "months"),
        ("週間", r"\bweeks?\b", "weeks"),
        ("キロメートル|km", r"\bkm\b|\bkilomet", "kilometres"),
        ("キロ(?:グラム)?(?!メートル)|kg", r"\bkg\b|\bkilo", "kilograms"),
    )
)


@dataclass(frozen=True)
class Number:
    """A number of the source: its text and every value that counts as the same number."""

    text: str
    readings: frozenset[float]


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _key(value: float) -> float:
    return float(f"{value:.6g}")


def _prepare(text: str) -> str:
    # NFKC: full-width digits and ％ become ASCII; circled ① becomes 1.
    return unicodedata.normalize("NFKC", text)


def source_numbers(text: str) -> list[Number]:
    """The numbers written in digits in Japanese ``text``, compounds (1億5000万) read as one too."""
    text = _prepare(text)
    numbers: list[Number] = []
    group: list[tuple[str, float, float]] = []  # (text, digits, value) of one compound
    end = -1
    for match in _JA_TOKEN.finditer(text):
        digits, mult = _value(match.group(1)), _JA_MULT.get(match.group(2), 1.0)
        if group and match.start() != end:
            numbers += _compound(group)
            group = []
        group.append((match.group(), digits, digits * mult))
        end = match.end() if match.group(2) in ("万", "億", "兆") else -1
    numbers += _compound(group)
    return [_with_context(n, text) for n in numbers]


def _compound(group: list[tuple[str, float, float]]) -> list[Number]:
    """Readings of each part: its value and the compound's; the bare digits only without a multiplier
    (10億 is never "10 billion")."""
    total = sum(value for _t, _d, value in group)
    return [Number(t.strip(), frozenset(_key(v) for v in (value, total, *([digits] if digits == value else []))))
            for t, digits, value in group]


def _with_context(number: Number, text: str) -> Number:
    """Extra readings from what follows the number: a 2-digit year, a 24-hour clock."""
    extra: set[float] = set()
    digits = min(number.readings)
    for match in re.finditer(re.escape(number.text) + r"\s*(年|時)", text):
        if match.group(1) == "年" and digits < 100:
            extra |= {2000 + digits, 1900 + digits}
        if match.group(1) == "時" and 12 < digits <= 24:
            extra.add(digits - 12)
    return Number(number.text, number.readings | {_key(v) for v in extra})


def english_values(text: str) -> set[float]:
    """Every value written in English ``text``: digits (times "million", "K", …) and number words."""
    text = _prepare(text)
    values: set[float] = set()
    for match in _EN_TOKEN.finditer(text):
        value = _value(match.group(1))
        values.add(_key(value))
        if match.group(2):
            values.add(_key(value * _EN_MULT[match.group(2).lower()]))
    words = [w.lower() for w in _WORD.findall(text)]
    for n, word in enumerate(words):
        for value in _word_values(word):
            values.add(_key(value))
            following = words[n + 1] if n + 1 < len(words) else ""
            if following in _EN_MULT:
                values.add(_key(value * _EN_MULT[following]))
    return values


def _word_values(word: str) -> list[float]:
    if word in _WORDS:
        return [_WORDS[word]]
    if "-" in word:  # twenty-five, one-third
        head, tail = word.split("-", 1)
        if head in _WORDS and tail in _WORDS and _WORDS[tail] < 10:
            return [_WORDS[head] + _WORDS[tail], _WORDS[head]]
        return [_WORDS[part] for part in (head, tail) if part in _WORDS]
    return []


def english_digits(text: str) -> list[tuple[str, frozenset[float]]]:
    """Numbers written in digits in English ``text``, each with its readings."""
    out = []
    for match in _EN_TOKEN.finditer(_prepare(text)):
        value = _value(match.group(1))
        readings = {_key(value)}
        if match.group(2):
            readings.add(_key(value * _EN_MULT[match.group(2).lower()]))
        out.append((match.group().strip(), frozenset(readings)))
    return out


def kanji_values(text: str) -> set[float]:
    """Values of kanji numerals (三つ, 二十, 一万): they explain digits in a translation."""
    return {_key(_kanji(run)) for run in _KANJI_RUN.findall(text)}


def _kanji(run: str) -> float:
    total, section, digit = 0.0, 0.0, 0.0
    for char in run:
        if char in _KANJI_DIGIT:
            digit = digit * 10 + _KANJI_DIGIT[char]
        elif char in _KANJI_SMALL:
            section += (digit or 1) * _KANJI_SMALL[char]
            digit = 0
        else:
            total += (section + digit or 1) * _KANJI_BIG[char]
            section = digit = 0
    return total + section + digit


def missing_numbers(source: str, translation: str) -> list[str]:
    """Source numbers with no reading in the translation (1 excepted)."""
    found = english_values(translation)
    return [n.text for n in source_numbers(source) if 1.0 not in n.readings and not n.readings & found]


def added_numbers(source: str, translation: str) -> list[str]:
    """Numbers in digits in the translation that no source number or numeral explains (1 excepted)."""
    known: set[float] = set(kanji_values(source))
    for number in source_numbers(source):
        known |= number.readings
    return [text for text, readings in english_digits(translation) if 1.0 not in readings and not readings & known]


def missing_units(source: str, translation: str) -> list[str]:
    """Units written after a source number (円, %, 時間…) that the translation never names."""
    text = _prepare(source)
    return [name for ja, en, name in _UNITS if ja.search(text) and not en.search(translation)]


__all__ = ["Number", "added_numbers", "english_values", "kanji_values", "missing_numbers", "missing_units",
           "source_numbers"]
