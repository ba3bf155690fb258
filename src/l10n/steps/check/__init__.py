"""``l10n check``: small ``check_*`` functions that return :class:`Issue` records, and the runner.

Every issue names a file, a line when there is one, what is wrong and how to fix it. The
runner checks post by post and keeps each post's issues in a content-addressed cache
(:mod:`l10n.check_cache`), so an unchanged site is checked without segmenting anything.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from l10n import project as site
from l10n.config import CheckScope, Config
from l10n.core import post as post_io
from l10n.core.post import line_of
from l10n.core.segment import Segmented
from l10n.core.text import JAPANESE
from l10n.errors import FileError, InputError
from l10n.mt.backends import Glossary
from l10n.mt.glossary import load_glossary, terms_in, uses_term
from l10n.mt.markup import compare_markup, to_xml
from l10n.po import catalog
from l10n.steps import build as build_step
from l10n.steps import site_index
from l10n.steps.check.cache import (
    CACHE_FILE,
    CheckCache,
    environment_digest,
    msgfmt_result,
    post_digest,
    read_bytes,
)

IssueKind = Literal[
    "input", "po-missing", "po-outdated", "po-syntax", "msgfmt", "newline", "output-missing",
    "output-outdated", "output-orphan", "po-orphan", "markup", "glossary", "japanese", "threshold", "leftover",
]
Severity = Literal["error", "warning"]
# "published" (the config's default): only posts that have a localized version must reach
# the threshold, so a writer can push a new Japanese post untranslated without breaking CI.
ThresholdMode = CheckScope


@dataclass(frozen=True)
class Issue:
    """One problem: where it is, what is wrong, how to fix it."""

    kind: IssueKind
    path: str
    line: int | None
    message: str
    fix: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        level = "warning: " if self.severity == "warning" else ""
        return f"{self.location}: {level}{self.message} — {self.fix}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Issue:
        return cls(**data)


# --- one entry ---------------------------------------------------------------------------

_ALLOW = re.compile(r"^\s*l10n:(.*)$", re.M)
_TAG = re.compile(r"<[^>]*>")


def allowed(entry: catalog.Entry, check: str) -> bool:
    """True when a translator comment ``l10n: allow-<check>`` switches the check off for the entry."""
    return any(f"allow-{check}" in m.group(1).replace(",", " ").split() for m in _ALLOW.finditer(entry.tcomment or ""))


def check_newlines(entry: catalog.Entry, path: str) -> list[Issue]:
    """msgfmt -c rejects a file whose msgid and msgstr disagree on a leading or trailing newline."""
    issues = []
    for side, test in (("begin", str.startswith), ("end", str.endswith)):
        if test(entry.msgid, "\n") != test(entry.msgstr, "\n"):
            verb = "add" if test(entry.msgid, "\n") else "remove"
            issues.append(Issue("newline", path, entry.linenum,
                                f"msgid and msgstr do not both {side} with a line break (msgfmt rejects this)",
                                f"{verb} the line break at the {side} of the translation"))
    return issues


def check_markup(entry: catalog.Entry, path: str) -> list[Issue]:
    if allowed(entry, "markup"):
        return []
    problems = compare_markup(entry.msgid, entry.msgstr)
    if not problems:
        return []
    return [Issue("markup", path, entry.linenum, "markup differs from the source: " + "; ".join(problems),
                  "keep the source's links, code, HTML and emphasis (or add the comment `l10n: allow-markup`)")]


def check_glossary(entry: catalog.Entry, path: str, glossary: Glossary | None) -> list[Issue]:
    if glossary is None or allowed(entry, "glossary"):
        return []
    return [
        Issue("glossary", path, entry.linenum, f"glossary term 「{source}」 is not translated as \"{target}\"",
              f"use \"{target}\" (or add the comment `l10n: allow-glossary`)")
        for source, target in terms_in(glossary, entry.msgid) if not uses_term(entry.msgstr, target)
    ]


def check_japanese(entry: catalog.Entry, path: str, lang: str) -> list[Issue]:
    if re.split(r"[-_]", lang)[0] in ("ja", "zh") or allowed(entry, "japanese"):
        return []
    # Only translatable text counts: code, URLs and HTML may hold Japanese on purpose.
    runs = list(dict.fromkeys(JAPANESE.findall(_TAG.sub(" ", to_xml(entry.msgstr).xml))))
    if not runs:
        return []
    shown = ", ".join(f"「{run}」" for run in runs[:3]) + (", …" if len(runs) > 3 else "")
    return [Issue("japanese", path, entry.linenum, f"Japanese text left in the translation: {shown}",
                  "translate it (or add the comment `l10n: allow-japanese` if it is meant to stay)")]


def entry_issues(entry: catalog.Entry, path: str, *, lang: str, glossary: Glossary | None) -> list[Issue]:
    """Everything wrong with one translation (used on reviewed entries, and by ``l10n review`` on drafts)."""
    if not entry.msgstr:
        return []
    return (check_newlines(entry, path) + check_markup(entry, path) + check_glossary(entry, path, glossary)
            + check_japanese(entry, path, lang))


# --- one PO file ---------------------------------------------------------------------------

def check_po_entries(po: catalog.Catalog, path: str, *, lang: str, glossary: Glossary | None) -> list[Issue]:
    issues: list[Issue] = []
    for entry in po:
        if not entry.obsolete and catalog.state(entry) == "reviewed":
            issues += entry_issues(entry, path, lang=lang, glossary=glossary)
    return issues


def check_po_current(segmented: Segmented, po_display: str, old: catalog.Catalog | None,
                     entries: list[catalog.Entry], report: catalog.MergeReport) -> list[Issue]:
    """The PO file holds what ``extract`` would write; formatting (an editor's wrapping, the header) is ignored."""
    post = segmented.post
    if old is None:
        return [Issue("po-missing", post.display, None, f"has no PO file {po_display} yet", "run `l10n extract`")]
    now, before = [_signature(e) for e in entries], [_signature(e) for e in old]
    if now == before:
        return []
    first = next((i for i, (a, b) in enumerate(zip(now, before)) if a != b), min(len(now), len(before)))
    line = None
    if first < len(entries) and not entries[first].obsolete:  # the post says where (#: may have no line)
        key = (entries[first].msgctxt, entries[first].msgid)
        line = next((u.line for b in segmented.blocks for u in b.units if (b.context, u.text) == key), None)
    parts = [f"{n} {what}" for n, what in ((report.new, "new"), (report.fuzzy + report.rewrapped, "changed"),
                                           (report.obsolete, "removed"), (report.revived, "restored")) if n]
    detail = ", ".join(parts) + " unit(s)" if parts else "line references moved"
    return [Issue("po-outdated", post.display, line, f"changed since {po_display} was extracted ({detail})",
                  "run `l10n extract` and commit the PO file")]


def _signature(entry: catalog.Entry) -> tuple[Any, ...]:
    """What ``extract`` writes of an entry, blind to how an editor wrapped or ordered it."""
    flags = sorted(f for f in entry.flags if f != "fuzzy" or entry.msgstr)
    # References compared as the text of the #: lines: a name with a space is written with a
    # no-break space, which PO readers may split on; the joined text is the same either way.
    refs = " ".join(f"{name}:{line}" if line else name for name, line in entry.occurrences).replace("\u00a0", " ")
    return (entry.obsolete, entry.msgctxt, entry.msgid, entry.msgstr, flags, entry.previous_msgctxt,
            entry.previous_msgid, entry.comment if not entry.obsolete else "", entry.tcomment,
            refs if not entry.obsolete else "")


# Reported by check_newlines already, for the same entries, with a fix.
_MSGFMT_NEWLINE = re.compile(r"do not both (begin|end) with '\\n'")


# A line such as ---END--- or === EOF === left by a draft or a generator: not Markdown
# anyone means to publish, but the author's to delete (the English post copies it as is).
_LEFTOVER = re.compile(r"^[ \t]*([-=#*~]{3,})[ \t]*([A-Z][A-Z _-]{1,20}?)[ \t]*\1[ \t]*$", re.M)


def check_leftovers(segmented: Segmented) -> list[Issue]:
    post = segmented.post
    return [
        Issue("leftover", post.display, line_of(post.text, m.start()),
              f"`{m.group().strip()}` looks like a leftover marker, not part of the post",
              "delete it from the Japanese post if it should not be published", severity="warning")
        for m in _LEFTOVER.finditer(post.text, post.body_start)
    ]


def check_msgfmt(result: Sequence[Sequence[Any]], po_display: str) -> list[Issue]:
    return [
        Issue("msgfmt", po_display, line, f"msgfmt: {text}", "fix the entry so that `msgfmt -c` accepts the file",
              severity)
        for line, severity, text in result if not _MSGFMT_NEWLINE.search(text)
    ]


# --- one post ------------------------------------------------------------------------------

def check_output(config: Config, lang: str, segmented: Segmented, entries: list[catalog.Entry], *,
                 data: bytes | None, limit: float) -> list[Issue]:
    """The localized post is what ``build`` writes now (only when build would write it)."""
    post = segmented.post
    if not catalog.count(entries).reaches(limit):
        return []  # build leaves the file alone; check_threshold tells what to do
    target = site.output_file(config, lang, post.path)
    shown = site.display(config, target)
    if data is None:
        return [Issue("output-missing", post.display, None, f"is reviewed for {lang} but {shown} is not built",
                      "run `l10n build`")]
    expected = post.encode(build_step.expected_output(config, lang, segmented, entries))
    if data == expected:
        return []
    return [Issue("output-outdated", shown, _first_difference(data, expected),
                  "differs from what `l10n build` writes now", "run `l10n build` (edit the PO file, not this file)")]


def _first_difference(a: bytes, b: bytes) -> int:
    for number, (x, y) in enumerate(zip(a.split(b"\n"), b.split(b"\n")), 1):
        if x != y:
            return number
    return min(a.count(b"\n"), b.count(b"\n")) + 1


def check_threshold(segmented: Segmented, po_display: str, old: catalog.Catalog | None, entries: list[catalog.Entry],
                    *, limit: float, published: str | None, mode: ThresholdMode) -> list[Issue]:
    """Posts below the reviewed share (in "published" mode, only those with a localized version)."""
    counts = catalog.count(entries)
    if old is None or counts.reaches(limit) or (mode == "published" and published is None):
        return []
    pending = [e for e in old if not e.obsolete and catalog.state(e) != "reviewed"]
    where = f"; {published} is published" if published else ""
    message = (f"{math.floor(100 * counts.share)}% reviewed, the site needs {math.ceil(100 * limit)}% "
               f"({counts.needs_review} to review, {counts.untranslated} untranslated{where})")
    return [Issue("threshold", po_display, pending[0].linenum if pending else None, message,
                  f"translate and review them: `l10n review {segmented.post.display}` or a PO editor")]


def check_orphans(config: Config, sources: set[str]) -> list[Issue]:
    """Localized posts and PO files whose source post is gone (whole-site runs only)."""
    issues = []
    for lang in config.languages:
        expected = {config.output_path(lang, rel) for rel in sources}
        for file in site.built_files(config, lang):
            if file not in expected:
                issues.append(Issue("output-orphan", site.display(config, file), None,
                                    f"has no source post (no post of {config.source} is built to it)",
                                    "delete it, or restore its source post"))
        issues += _orphan_pos(config, lang, sources)
    return issues


def _orphan_pos(config: Config, lang: str, sources: set[str]) -> list[Issue]:
    expected = {config.po_path(lang, rel) for rel in sources}
    return [Issue("po-orphan", site.display(config, p), None, "has no source post any more",
                  "delete it, or restore its source post")
            for p in site_index.po_files(config, lang) if p not in expected]


# --- the runner ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """Issues of one run, and how many posts were checked (and of those, answered by the cache)."""

    issues: tuple[Issue, ...]
    posts: int
    cached: int

    @property
    def exit_code(self) -> int:
        if any(issue.kind == "input" for issue in self.issues):
            return 3
        return 1 if any(issue.severity == "error" for issue in self.issues) else 0


@dataclass(frozen=True)
class _Context:
    config: Config
    mode: ThresholdMode
    limit: float
    glossaries: dict[str, Glossary | None]
    msgfmt: str | None
    environment: str
    cache: CheckCache


def run(config: Config, requested: Iterable[Path] = (), *, mode: ThresholdMode | None = None,
        threshold: float | None = None, use_cache: bool = True, msgfmt: str | None = "auto") -> Report:
    """Check the selected posts (all when none are given); raises InputError only for the config."""
    requested = [Path(p) for p in requested]
    issues: list[Issue] = []
    glossaries: dict[str, Glossary | None] = {}
    glossary_bytes: list[bytes | None] = []
    for lang in config.languages:
        path = config.glossary_path(lang)
        glossary_bytes.append(read_bytes(path))
        try:
            glossaries[lang] = load_glossary(path, source_lang=config.source_lang, target_lang=lang)
        except InputError as exc:
            issues.append(_input_issue(exc, site.display(config, path)))
            glossaries[lang] = None
    tool = shutil.which("msgfmt") if msgfmt == "auto" else msgfmt
    chosen, limit = mode or config.check_threshold, config.threshold if threshold is None else threshold
    env = environment_digest(config, settings={"mode": chosen, "limit": limit}, glossaries=glossary_bytes, msgfmt=tool)
    cache = CheckCache.load(config.root / CACHE_FILE if use_cache else None)
    ctx = _Context(config, chosen, limit, glossaries, tool, env, cache)
    seen: set[str] = set()
    hits = 0
    files = site.select(config, requested)
    for file in files:
        slot, found, hit = _check_post(ctx, file)
        seen.add(slot)
        hits += hit
        issues += found
    if not requested:
        sources = {p.relative_to(config.source_dir).as_posix() for p in files}  # the whole folder: one walk
        issues += check_orphans(config, sources)
        cache.prune(seen)
    cache.save()
    return Report(tuple(sorted(issues, key=lambda i: (i.path, i.line or 0))), len(seen), hits)


def _input_issue(exc: InputError, path: str) -> Issue:
    return Issue("input", exc.path or path, exc.line, exc.reason, exc.hint or "fix the file; the check could not run")


def _post_files(ctx: _Context, rel: str) -> list[Path]:
    config = ctx.config
    return [p for lang in config.languages for p in (config.po_path(lang, rel), config.output_path(lang, rel))]


def _check_post(ctx: _Context, file: Path) -> tuple[str, list[Issue], bool]:
    """(slot, issues, whether the cache answered) for one post in every language."""
    try:
        rel = site.post_path(ctx.config, file)
    except InputError as exc:
        return str(file), [_input_issue(exc, str(file))], False
    display = site.display(ctx.config, ctx.config.source_dir / rel)
    files = [ctx.config.source_dir / rel] + _post_files(ctx, rel)
    contents = [read_bytes(p) for p in files]
    digest = post_digest(ctx.environment, contents)
    stored = ctx.cache.get(display, digest)
    if stored is not None:
        return display, [Issue.from_json(item) for item in stored], True
    issues = _fresh(ctx, rel, display, contents)
    # Files edited while the checks ran: keep the answer, but do not file it under that digest.
    if post_digest(ctx.environment, [read_bytes(p) for p in files]) == digest:
        ctx.cache.put(display, digest, [issue.to_json() for issue in issues])
    return display, issues, False


def _fresh(ctx: _Context, rel: str, display: str, contents: list[bytes | None]) -> list[Issue]:
    config = ctx.config
    if contents[0] is None:
        return [Issue("input", display, None, "cannot read the post", "check that the file exists")]
    try:
        segmented = site.segment_post(config, post_io.parse(rel, contents[0], display=display))
    except InputError as exc:
        return [_input_issue(exc, display)]
    if site.left_out(config, segmented, named=False):
        return []
    issues = check_leftovers(segmented)
    for n, lang in enumerate(config.languages):
        issues += _check_lang(ctx, lang, segmented, contents[2 + 2 * n])
    return issues


def _check_lang(ctx: _Context, lang: str, segmented: Segmented, output: bytes | None) -> list[Issue]:
    config = ctx.config
    po_path = config.po_path(lang, segmented.post.path)
    po_display = site.display(config, po_path)
    try:
        entries, report, old = site.merged(config, lang, segmented)
    except FileError as exc:  # an OS failure, not a syntax error: the check could not run (exit 3)
        return [_input_issue(exc, po_display)]
    except InputError as exc:
        return [Issue("po-syntax", po_display, exc.line, exc.reason, exc.hint or "fix the PO file")]
    issues = check_po_current(segmented, po_display, old, entries, report)
    if old is not None:
        issues += check_po_entries(old, po_display, lang=lang, glossary=ctx.glossaries.get(lang))
        issues += _msgfmt_issues(ctx, po_path, po_display)
        issues += check_output(config, lang, segmented, entries, data=output, limit=ctx.limit)
    published = site.display(config, config.output_path(lang, segmented.post.path)) if output is not None else None
    issues += check_threshold(segmented, po_display, old, entries, limit=ctx.limit, published=published,
                              mode=ctx.mode)
    return issues


def _msgfmt_issues(ctx: _Context, po_path: Path, po_display: str) -> list[Issue]:
    if ctx.msgfmt is None:
        return []
    return check_msgfmt(msgfmt_result(ctx.cache, ctx.msgfmt, ctx.config.root, po_path, po_display), po_display)
