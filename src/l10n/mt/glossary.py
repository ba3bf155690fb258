"""Terminology: ``locales/glossary/ja-en.tsv`` files and the :class:`Glossary` they make.

A file holds one ``source<TAB>target`` pair a line; ``#`` starts a comment line and
blank lines are skipped. The digest names the glossary on the provider's side (DeepL),
so it depends on the entries only, not on comments, blank lines or their order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import InputError

__all__ = ["Glossary", "compute_digest", "load_glossary", "parse_glossary", "terms_in", "uses_term"]

DIGEST_LENGTH = 12


@dataclass(frozen=True)
class Glossary:
    """Terminology for one language pair: source term -> target term, and a content hash."""

    source_lang: str
    target_lang: str
    entries: tuple[tuple[str, str], ...]
    digest: str = ""


def load_glossary(path: Path, *, source_lang: str, target_lang: str) -> Glossary:
    """Read and parse a TSV glossary file; a missing file is an empty glossary."""
    if not path.is_file():
        return Glossary(source_lang, target_lang, (), compute_digest(()))
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"glossary is not UTF-8 ({exc.reason})", path=str(path)) from exc
    return parse_glossary(text, path=str(path), source_lang=source_lang, target_lang=target_lang)


def parse_glossary(text: str, *, path: str, source_lang: str, target_lang: str) -> Glossary:
    """Parse TSV ``text`` (``path`` is only for messages); raise InputError on a bad line."""
    entries: list[tuple[str, str]] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        source, target = _parse_line(raw, path=path, line=number)
        if source in first_line:
            raise InputError(
                f"duplicate source term {source!r} (first on line {first_line[source]})",
                path=path,
                line=number,
                hint="keep one translation per term: DeepL rejects glossaries with duplicates",
            )
        first_line[source] = number
        entries.append((source, target))
    return Glossary(source_lang, target_lang, tuple(entries), compute_digest(entries))


def _parse_line(raw: str, *, path: str, line: int) -> tuple[str, str]:
    fields = raw.rstrip("\r\n").split("\t")
    if len(fields) != 2:
        what = "no TAB" if len(fields) == 1 else f"{len(fields) - 1} TABs"
        raise InputError(
            f"expected 'source<TAB>target', found {what}",
            path=path,
            line=line,
            hint="separate the Japanese term and its translation with exactly one TAB",
        )
    source, target = (_normalize(field) for field in fields)
    if not source or not target:
        side = "source" if not source else "target"
        raise InputError(f"empty {side} term", path=path, line=line)
    for term in (source, target):
        if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in term):
            raise InputError(f"term {term!r} contains a control character", path=path, line=line)
    return source, target


def _normalize(term: str) -> str:
    # NFC so that the same term typed on two systems hashes and matches the same way.
    return unicodedata.normalize("NFC", term.strip())


def compute_digest(entries: Iterable[tuple[str, str]]) -> str:
    """Short sha256 hex of the sorted, normalized entries (order and comments do not count)."""
    normalized = sorted((_normalize(source), _normalize(target)) for source, target in entries)
    payload = "\n".join(f"{source}\t{target}" for source, target in normalized)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def terms_in(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    """Entries whose source term occurs in ``text``, in glossary order.

    Japanese has no spaces between words, so this is a plain substring test: a term
    inside a longer word matches too, which errs on the side of telling the
    translator (or the checker) about a term rather than hiding it.
    """
    text = unicodedata.normalize("NFC", text)
    return [(source, target) for source, target in glossary.entries if source in text]


def uses_term(translation: str, target: str) -> bool:
    """Whether ``translation`` uses ``target``, case-insensitively, plurals included.

    "foundries" uses "foundry" and "chips" uses "chip": requiring the bare singular would
    make translators bend their English to satisfy the check.
    """
    text = unicodedata.normalize("NFC", translation).casefold()
    term = unicodedata.normalize("NFC", target).casefold()
    if term in text:
        return True
    if term.endswith("y") and term[:-1] + "ies" in text:
        return True
    return bool(re.search(re.escape(term) + r"e?s\b", text))
