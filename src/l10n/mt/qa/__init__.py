"""Automatic quality checks of a translation: pure functions of (source, translation, glossary).

Each check returns short messages about what is wrong; :data:`CHECKS` is the table
(name, severity, function) that ``l10n-blog translate`` runs on every draft and ``l10n-blog check``
on every reviewed unit. A check exists only if it stays silent on correct Japanese→English
translations: capitalisation, 。 versus ".", reordered clauses and merged sentences are
never reported. ``bench/bench_qa.py`` measures recall and false alarms on the labelled
pairs in ``tests/data/qa/``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from l10n.core.inline import scan
from l10n.core.text import JAPANESE, normalize
from l10n.mt.glossary import Glossary, terms_in, uses_term
from l10n.mt.markup import Mark, markup_signature, to_xml
from l10n.mt.qa import numbers
from l10n.mt.qa.lengths import LengthModel

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Pair:
    """What every check sees: a unit, its translation, the glossary and the site's length model."""

    source: str
    translation: str
    glossary: Glossary | None = None
    lengths: LengthModel = field(default_factory=LengthModel)


@dataclass(frozen=True)
class Problem:
    check: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


def prose(md: str) -> str:
    """The translatable text of inline Markdown: no code, URLs, HTML or templates (the one scanner)."""
    return "".join(node for node in scan(md) if isinstance(node, str))


def _listed(items: Iterable[str], limit: int = 3) -> str:
    items = list(dict.fromkeys(items))
    return ", ".join(items[:limit]) + (", …" if len(items) > limit else "")


# --- the checks --------------------------------------------------------------------------

def check_numbers(p: Pair) -> list[str]:
    source, translation = prose(p.source), prose(p.translation)
    out = []
    if missing := numbers.missing_numbers(source, translation):
        out.append(f"number(s) {_listed(missing)} of the source missing")
    if added := numbers.added_numbers(source, translation):
        out.append(f"number(s) {_listed(added)} not in the source")
    if units := numbers.missing_units(source, translation):
        out.append(f"unit(s) {_listed(units)} of the source not named")
    return out


def _compare(p: Pair, kinds: set[str], what: str) -> list[str]:
    def pick(md: str) -> Counter[Mark]:
        return Counter({m: n for m, n in markup_signature(md).items() if m.kind in kinds})

    source, translation = pick(p.source), pick(p.translation)
    missing = [m.describe() for m in source if translation[m] < source[m]]
    added = [m.describe() for m in translation if translation[m] > source[m]]
    return ([f"{what} missing: {_listed(missing)}"] if missing else []) + (
        [f"{what} not in the source: {_listed(added)}"] if added else [])


def check_urls(p: Pair) -> list[str]:
    return _compare(p, {"url", "autolink", "link", "image"}, "URL(s)")


def check_code(p: Pair) -> list[str]:
    return _compare(p, {"code", "html", "liquid", "shortcode", "embed", "math", "footnote", "attr"},
                    "code or markup")


# Text placeholders the inline scanner sees as text ({name}, %s, ${VAR}), and XML of the
# translation request that leaked into a draft.
_PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[sdif](?![A-Za-z0-9])|\$\{\w+\}|(?<!\{)\{[A-Za-z_]\w*\}(?!\})")
_LEAK = re.compile(r'<x\s+id="\d+"\s*/?>|</?(?:b|i|s|a|img)(?:\s+id="\d+")?>')


def check_placeholders(p: Pair) -> list[str]:
    source, translation = Counter(_PLACEHOLDER.findall(p.source)), Counter(_PLACEHOLDER.findall(p.translation))
    out = []
    if missing := [t for t in source if translation[t] < source[t]]:
        out.append(f"placeholder(s) missing: {_listed(missing)}")
    if added := [t for t in translation if translation[t] > source[t]]:
        out.append(f"placeholder(s) not in the source: {_listed(added)}")
    if leaks := [t for t in _LEAK.findall(p.translation) if t not in p.source]:
        out.append(f"tag(s) of the translation request left in the text: {_listed(leaks)}")
    return out


_TAG = re.compile(r"<[^>]*>")


def check_japanese(p: Pair) -> list[str]:
    """Kana or kanji left in translatable text (code, URLs and HTML may hold Japanese on purpose)."""
    runs = JAPANESE.findall(_TAG.sub(" ", to_xml(p.translation).xml))
    return [f"Japanese text left in the translation: {_listed(f'「{run}」' for run in runs)}"] if runs else []


def check_copy(p: Pair) -> list[str]:
    if JAPANESE.search(p.source) and normalize(p.source) == normalize(p.translation):
        return ["the translation is a copy of the Japanese source"]
    return []


# (pattern in the translation, source words that make it a faithful translation)
_CHATTER: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...] = tuple(
    (re.compile(en, re.IGNORECASE | re.MULTILINE), re.compile(ja) if ja else None, label)
    for en, ja, label in (
        (r"\bhere(?:'s| is| are)\b[^.\n]{0,40}\btranslat", None, "a preface to the translation"),
        (r"^\W*(?:english |the )?translat(?:ion|ed(?: text)?)\s*:", None, "a \"Translation:\" label"),
        (r"\b(?:I|I'd|I'll|I've|I have)\b[^.\n]{0,40}\btranslat", "翻訳|訳", "a remark about translating"),
        (r"\bas an AI\b|\bI(?:'m| am) an AI\b|\blanguage model\b", "AI|言語モデル|LLM", "a remark about being an AI"),
        (r"\bI(?:'m| am) (?:sorry|unable|not able)\b|\bI (?:cannot|can't|can not|won't) "
         r"(?:help (?:you|with)|assist|translate|provide|comply|do that)\b|\bI apologi[sz]e\b",
         "申し訳|すみません|すいません|ごめん|お詫び|できません|できない|無理", "a refusal or apology"),
        (r"\((?:translator'?s? )?note\s*:|^\W*note\s*:|\(literally\b|\(lit\.", "注|※|メモ|ノート|備考|直訳|[Nn]ote",
         "a note that is not in the source"),
        (r"\bI hope (?:this|that|it) helps\b|\blet me know if\b|\bfeel free to\b",
         "参考|お役|教えて|お知らせ|気軽|ご自由", "a closing remark to the user"),
        (r"^\W*(?:sure|certainly|absolutely|of course)\s*[,!.:]\s", "もちろん|確かに|はい|ええ|了解|絶対|当然",
         "an answer to a request"),
    )
)
_QUOTED = re.compile(r'^\s*["“].*["”]\s*$', re.DOTALL)


def check_chatter(p: Pair) -> list[str]:
    """Words of the model to the user, not of the author to the reader."""
    found = [label for en, ja, label in _CHATTER
             if en.search(p.translation) and not (ja and ja.search(p.source))]
    if _QUOTED.match(p.translation) and not re.match(r'^\s*[「『"“]', p.source):
        found.append("the whole translation is put in quotes")
    return found


_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_DOUBLES_OK = {"had", "that", "bye", "bora", "walla", "chop", "knock", "tsk", "ha", "very", "so", "go"}


def check_doubled(p: Pair) -> list[str]:
    words = [m.group() for m in _DOUBLED.finditer(prose(p.translation))
             if m.group(1).lower() not in _DOUBLES_OK and m.group() not in p.source]
    return [f"word repeated: {_listed(f'“{w}”' for w in words)}"] if words else []


def check_glossary(p: Pair) -> list[str]:
    if p.glossary is None:
        return []
    return [f"glossary term 「{source}」 not translated as \"{target}\""
            for source, target in terms_in(p.glossary, p.source) if not uses_term(p.translation, target)]


def check_length(p: Pair) -> list[str]:
    deviation = p.lengths.deviation(prose(p.source), prose(p.translation))
    if deviation is None or abs(deviation) <= p.lengths.limit:
        return []
    if deviation < 0:
        return ["much shorter than the source usually gives: something may be left out"]
    return ["much longer than the source usually gives: something may have been added"]


# --- the table -----------------------------------------------------------------------------

@dataclass(frozen=True)
class QACheck:
    """A row. ``family`` says what ``l10n-blog check`` already covers with rows of its own: ``markup`` (the
    markup comparison) and ``shared`` (its Japanese and glossary rows); ``text`` rows are new to it."""

    name: str
    severity: Severity
    function: Callable[[Pair], list[str]]
    family: Literal["markup", "text", "shared"] = "text"


CHECKS: tuple[QACheck, ...] = (
    QACheck("copy", "error", check_copy, "shared"),
    QACheck("chatter", "error", check_chatter),
    QACheck("numbers", "error", check_numbers),
    QACheck("urls", "error", check_urls, "markup"),
    QACheck("code", "error", check_code, "markup"),
    QACheck("placeholders", "error", check_placeholders),
    QACheck("japanese", "error", check_japanese, "shared"),
    QACheck("glossary", "error", check_glossary, "shared"),
    QACheck("doubled", "error", check_doubled),
    QACheck("length", "warning", check_length),
)

NAMES = frozenset(row.name for row in CHECKS)


def is_note(text: str) -> bool:
    """Whether a ``problem:`` note's text (``numbers: …``) was written by these checks."""
    return text.split(":", 1)[0] in NAMES


def run(pair: Pair, *, families: Iterable[str] = ("text", "markup", "shared")) -> list[Problem]:
    """Every problem of ``pair`` found by the rows of the given families (a copy hides the rest)."""
    if not pair.translation.strip():
        return []
    wanted = set(families)
    problems = []
    for row in CHECKS:
        if row.family in wanted:
            problems += [Problem(row.name, row.severity, message) for message in row.function(pair)]
        if problems and row.name == "copy":
            break
    return problems


__all__ = ["CHECKS", "NAMES", "LengthModel", "Pair", "Problem", "QACheck", "is_note", "prose", "run"]
