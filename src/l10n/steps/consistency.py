"""``l10n-blog consistency``: the same Japanese translated in different ways across the site.

Two levels. **Units**: the same source text (a sentence, a heading, a tag) with different
translations, compared without case, spacing and final punctuation (a tag in Title Case and
the same words in a sentence are one rendering). **Terms**: a Japanese word (katakana, or a
kanji compound, or a glossary term) that occurs in several units, and the English words that
go with it: when its units split between two renderings that each go with the term and
rarely together ("inference" in some, "reasoning" in others), the term is reported. The
association is the Dice coefficient of "unit has the term" and "translation has the words".
Glossary suggestions: terms not in the glossary whose rendering is clear (most units agree).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from l10n.config import Config
from l10n.core.text import normalize
from l10n.errors import L10nError
from l10n.mt.glossary import Glossary, load_glossary
from l10n.mt.qa import prose
from l10n.po import catalog
from l10n.steps import site_index

# Candidate terms: katakana words (3+), kanji compounds (2–6), and those two joined (AIチップ is caught
# as チップ). Hiragana is grammar, not terminology.
_TERM = re.compile(r"[ァ-ヺー]{3,}|(?<![一-龯々])[一-龯々]{2,6}(?![一-龯々])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Function words never make a rendering on their own or at the edge of one.
_STOP = frozenset("""a an the of to in on for and or is are was were be been being by with as at it its this that
these those from but not no so too also very just only even more most such than then there their they them we
you your our i my me he she his her can will would could should may might must has have had do does did which who
what when where how why into about over up out all some any each other one if while because since until like
much many well still here now""".split())


@dataclass(frozen=True)
class Place:
    """Where a translation is: PO file, line, and whether it is reviewed."""

    po: str
    line: int | None
    reviewed: bool

    def __str__(self) -> str:
        return f"{self.po}:{self.line}" if self.line else self.po


@dataclass(frozen=True)
class Unit:
    source: str
    translation: str
    place: Place


@dataclass(frozen=True)
class Variant:
    text: str
    places: tuple[Place, ...]


@dataclass(frozen=True)
class Finding:
    """A source (unit or term) and its renderings, most used first."""

    kind: str  # "unit" or "term"
    source: str
    variants: tuple[Variant, ...]

    @property
    def total(self) -> int:
        return sum(len(v.places) for v in self.variants)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suggestions: list[tuple[str, str, int, int]] = field(default_factory=list)  # term, rendering, agree, units
    units: int = 0
    errors: list[L10nError] = field(default_factory=list)


def units_of(config: Config, lang: str, errors: list[L10nError]) -> Iterator[Unit]:
    """Every translated (reviewed or draft) active entry of ``lang`` in the site."""
    for path, entries in site_index.read_all(config, lang):
        if isinstance(entries, L10nError):
            errors.append(entries)
            continue
        po = path.relative_to(config.root).as_posix()
        for entry in entries:  # type: ignore[attr-defined]
            state = catalog.state(entry)
            if state in ("reviewed", "draft", "stale"):
                yield Unit(entry.msgid, entry.msgstr, Place(po, entry.linenum, state == "reviewed"))


def _key(translation: str) -> str:
    return normalize(translation).casefold().rstrip(".!?。！？ ")


def unit_findings(units: Iterable[Unit]) -> list[Finding]:
    """Sources with more than one rendering."""
    by_source: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
    for unit in units:
        by_source[normalize(unit.source)][_key(unit.translation)].append(unit)
    found = []
    for renderings in by_source.values():
        if len(renderings) > 1:
            variants = [Variant(Counter(u.translation for u in group).most_common(1)[0][0],
                                tuple(u.place for u in group)) for group in renderings.values()]
            shown = Counter(u.source for group in renderings.values() for u in group).most_common(1)[0][0]
            found.append(Finding("unit", shown, tuple(sorted(variants, key=lambda v: -len(v.places)))))
    return found


def _stem(word: str) -> str:
    """A crude English stem, enough to call "companies"/"company" and "manufacture(d/s/ing)" one word."""
    word = word.lower().removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for ending in ("ing", "ed", "es", "s", "e"):
        if len(word) - len(ending) >= 4 and word.endswith(ending) and not word.endswith(("ss", "us", "is")):
            return word[: -len(ending)]
    return word


def _grams(translation: str) -> dict[str, str]:
    """Word 1- and 2-grams of a translation: stemmed form -> the form as written."""
    words = [w.lower() for w in _WORD.findall(prose(translation))]
    out = {}
    for size in (1, 2):
        for n in range(len(words) - size + 1):
            gram = words[n:n + size]
            if gram[0] not in _STOP and gram[-1] not in _STOP:
                out[" ".join(_stem(w) for w in gram)] = " ".join(gram)
    return out


@dataclass(frozen=True)
class _Index:
    units: list[Unit]
    terms: dict[str, set[int]]  # term -> indexes of units whose source has it
    grams: dict[str, set[int]]  # English n-gram (stemmed) -> indexes of units whose translation has it
    written: dict[str, Counter[str]]  # stemmed n-gram -> how it is written

    def shown(self, gram: str) -> str:
        return self.written[gram].most_common(1)[0][0]


def _index(units: list[Unit], glossary: Glossary | None) -> _Index:
    terms: dict[str, set[int]] = defaultdict(set)
    grams: dict[str, set[int]] = defaultdict(set)
    written: dict[str, Counter[str]] = defaultdict(Counter)
    fixed = [source for source, _ in glossary.entries] if glossary else []
    for n, unit in enumerate(units):
        for term in {*_TERM.findall(unit.source), *(t for t in fixed if t in unit.source)}:
            terms[term].add(n)
        for gram, form in _grams(unit.translation).items():
            grams[gram].add(n)
            written[gram][form] += 1
    return _Index(units, terms, grams, written)


def _best(index: _Index, among: set[int], exclude: set[str]) -> tuple[str, float, set[int]] | None:
    """The English n-gram that goes best with the units ``among`` (Dice), with the units it covers."""
    counts: Counter[str] = Counter()
    for n in among:
        counts.update(g for g in _grams(index.units[n].translation) if g not in exclude)
    best = None
    for gram, together in counts.items():
        if together < 2:
            continue
        dice = 2 * together / (len(among) + len(index.grams[gram]))
        if best is None or (dice, len(gram)) > (best[1], len(best[0])):
            best = (gram, dice, among & index.grams[gram])
    return best


def term_findings(index: _Index, *, min_units: int = 4, min_dice: float = 0.5) -> tuple[
        list[Finding], list[tuple[str, str, int, int]]]:
    """Terms with two renderings, and the terms whose one rendering is clear (for the glossary)."""
    found, clear = [], []
    for term, units in sorted(index.terms.items()):
        if len(units) < min_units:
            continue
        first = _best(index, units, set())
        if first is None or first[1] < min_dice:
            continue
        rest = units - first[2]
        second = _best(index, rest, {g for g in index.grams if _overlaps(g, first[0])}) if len(rest) >= 2 else None
        if second is not None and second[1] >= min_dice and len(second[2]) >= 2:
            variants = tuple(Variant(index.shown(gram), tuple(index.units[n].place for n in sorted(covered)))
                             for gram, _dice, covered in (first, second))
            found.append(Finding("term", term, variants))
        elif len(first[2]) >= 0.8 * len(units):
            clear.append((term, index.shown(first[0]), len(first[2]), len(units)))
    return found, clear


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a


def consistency(config: Config, lang: str, *, min_units: int = 4) -> Report:
    """The site-wide report for ``lang``."""
    report = Report()
    units = list(units_of(config, lang, report.errors))
    report.units = len(units)
    report.findings = unit_findings(units)
    try:
        glossary: Glossary | None = load_glossary(config.glossary_path(lang), source_lang=config.source_lang,
                                                  target_lang=lang)
    except L10nError as exc:
        report.errors.append(exc)
        glossary = None
    terms, clear = term_findings(_index(units, glossary), min_units=min_units)
    report.findings += terms
    known = {source for source, _ in glossary.entries} if glossary else set()
    report.suggestions = [s for s in clear if s[0] not in known]
    report.findings.sort(key=lambda f: (f.kind != "term", -f.total, f.source))
    return report


__all__ = ["Finding", "Place", "Report", "Variant", "consistency", "term_findings", "unit_findings"]
