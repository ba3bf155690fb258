"""What the pages show: the site's posts with their states, and one post paragraph by paragraph.

Everything is computed from the post and its catalog as ``extract`` would leave them
(:func:`l10n.project.merged`), so the browser shows what ``status``, ``review`` and
``check`` see, including units of a post edited since the last ``extract``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from l10n import project as site
from l10n.config import Config
from l10n.core import post as post_io
from l10n.core.segment import Block, Segmented
from l10n.core.splice import build_text
from l10n.errors import InputError, L10nError
from l10n.mt.glossary import Glossary
from l10n.po import catalog
from l10n.po.model import Entry
from l10n.po.notes import previous_translation
from l10n.steps import review
from l10n.steps.build import expected_output
from l10n.steps.report import Base, DiffOp, Notes, notes, problems_of, word_diff

FILTERS = ("all", "review", "stale", "untranslated", "problems", "reviewed", "judge-approved")
ORDERS = ("post", "score")  # site page: file order, or the post with the lowest-scored draft first


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """A short stable id for a unit in URLs and forms (the key itself can hold any text)."""
    return hashlib.sha1(f"{msgctxt or ''}\x04{msgid}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class UnitView:
    uid: str
    dom_id: str
    msgctxt: str | None
    msgid: str
    msgstr: str
    state: catalog.State
    where: str
    line: int | None
    notes: Notes
    problems: tuple[str, ...]
    source_diff: tuple[tuple[DiffOp, str], ...] = ()  # stale: old Japanese -> new Japanese
    english_diff: tuple[tuple[DiffOp, str], ...] = ()  # reviewed English at the base -> this draft

    @property
    def pending(self) -> bool:
        return self.state in ("draft", "stale")


@dataclass(frozen=True)
class ParagraphView:
    index: int
    label: str
    line: int
    units: tuple[UnitView, ...]

    @property
    def pending(self) -> int:
        return sum(u.pending for u in self.units)


@dataclass(frozen=True)
class PostView:
    path: str  # under the source folder: the post's id in URLs
    display: str
    po: str
    lang: str
    title: str
    counts: catalog.Counts
    paragraphs: tuple[ParagraphView, ...]

    @property
    def problems(self) -> int:
        return sum(bool(u.problems) for p in self.paragraphs for u in p.units)


@dataclass(frozen=True)
class PostRow:
    path: str
    display: str
    title: str
    counts: catalog.Counts
    problems: int
    error: str = ""
    lowest_score: int | None = None  # the judge's lowest score among the post's drafts

    @property
    def state(self) -> str:
        """The one word the site page shows for the post."""
        if self.error:
            return "error"
        if self.problems:
            return "problems"
        c = self.counts
        if c.stale:
            return "stale"
        if c.draft:
            return "drafts"
        return "untranslated" if c.untranslated else "reviewed"

    def matches(self, wanted: str, text: str = "") -> bool:
        if text and text.lower() not in f"{self.display} {self.title}".lower():
            return False
        c = self.counts
        return {"all": True, "review": c.needs_review > 0, "stale": c.stale > 0,
                "untranslated": c.untranslated > 0, "problems": self.problems > 0 or bool(self.error),
                "reviewed": c.total > 0 and c.reviewed == c.total,
                "judge-approved": c.judge_approved > 0}.get(wanted, True)


def ordered(rows: list[PostRow], order: str) -> list[PostRow]:
    """``score``: posts with problems first, then by their lowest-scored draft (as ``l10n-blog review``)."""
    if order != "score":
        return rows
    return sorted(rows, key=lambda r: review.queue_key(r.problems > 0, r.lowest_score))


def load(config: Config, path: str) -> Segmented:
    """A post of the source folder by its path under it; InputError when there is no such post."""
    file = (config.source_dir / path).resolve()
    if not file.is_relative_to(config.source_dir.resolve()) or not file.is_file():
        raise InputError("no such post", path=path)
    return site.load_post(config, file)


Stamp = tuple[tuple[int, int] | None, ...]
RowCache = dict[tuple[str, str], tuple[Stamp, "PostRow | None"]]


def _stamp(*paths: Path) -> Stamp:
    """What a row depends on, as (mtime, size) of each file: a changed file is a different stamp."""
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            st = path.stat()
            stamps.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def site_rows(config: Config, lang: str, *, cache: RowCache | None = None) -> list[PostRow]:
    """Every post with its counts and problems; a post that cannot be read is a row with its error.

    ``cache`` keeps each row under the stamps of its post, PO file and glossary, so a reload
    recomputes only the posts that changed (a 337-post site takes seconds the first time).
    """
    cache = {} if cache is None else cache
    glossary = review.glossary_for(config, lang)
    rows = []
    for file in site.select(config):
        rel = file.relative_to(config.source_dir).as_posix()
        stamp = _stamp(file, config.po_path(lang, rel), config.glossary_path(lang))
        hit = cache.get((rel, lang))
        row = hit[1] if hit is not None and hit[0] == stamp else _row(config, lang, file, rel, glossary)
        cache[(rel, lang)] = (stamp, row)
        if row is not None:
            rows.append(row)
    return rows


def _row(config: Config, lang: str, file: Path, rel: str, glossary: Glossary | None) -> PostRow | None:
    try:
        item = site.load_post(config, file)
    except L10nError as exc:
        return PostRow(rel, site.display(config, file), "", catalog.Counts(), 0, str(exc))
    if site.left_out(config, item, named=False):
        return None
    try:
        entries, _report, _old = site.merged(config, lang, item)
    except L10nError as exc:
        return PostRow(rel, item.post.display, _title(item, {}), catalog.Counts(), 0, str(exc))
    po = site.display(config, site.po_path(config, lang, item))
    problems = sum(bool(problems_of(e, po, lang=lang, glossary=glossary)) for e in entries if not e.obsolete)
    active: dict[catalog.Key, Entry] = {(e.msgctxt, e.msgid): e for e in entries if not e.obsolete}
    scores = [s for e in active.values() if catalog.state(e) == "draft"
              and (s := notes(e.tcomment, msgid=e.msgid, msgstr=e.msgstr).score) is not None]
    return PostRow(rel, item.post.display, _title(item, active), catalog.count(entries), problems,
                   lowest_score=min(scores, default=None))


def _title(segmented: Segmented, by_key: dict[catalog.Key, Entry]) -> str:
    """The post's title, with its English when there is one."""
    title = next((b.content for b in segmented.blocks if b.context == "title"), segmented.post.path)
    entry = by_key.get(("title", title))
    return f"{title} — {entry.msgstr}" if entry is not None and entry.msgstr else title


def post_view(config: Config, lang: str, path: str, *, base: Base | None = None) -> PostView:
    """One post, paragraph by paragraph, every unit with its state, notes, problems and diffs."""
    segmented = load(config, path)
    entries, _report, _old = site.merged(config, lang, segmented)
    po_path = site.po_path(config, lang, segmented)
    po = site.display(config, po_path)
    by_key: dict[catalog.Key, Entry] = {(e.msgctxt, e.msgid): e for e in entries if not e.obsolete}
    glossary = review.glossary_for(config, lang)
    paragraphs = []
    for index, group in enumerate(_groups(segmented.blocks)):
        units = []
        for b, block in enumerate(group):
            for unit in block.units:
                entry = by_key.get((block.context, unit.text))
                if entry is not None:
                    units.append(_unit_view(entry, f"u{index}-{b}-{unit.index}", unit.line, po, lang, glossary,
                                            base.reviewed_before(po_path, entry) if base else None))
        first = group[0]
        label = "frontmatter" if first.kind == "frontmatter" else catalog.describe(first, first.units[0]).split(",")[0]
        paragraphs.append(ParagraphView(index, label, first.line, tuple(units)))
    return PostView(path, segmented.post.display, po, lang, _title(segmented, by_key),
                    catalog.count(entries), tuple(paragraphs))


def _groups(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """Paragraphs as a reviewer sees them: each block, with the frontmatter values together."""
    groups: list[list[Block]] = []
    for block in blocks:
        if block.kind == "frontmatter" and groups and groups[-1][0].kind == "frontmatter":
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _unit_view(entry: Entry, dom_id: str, line: int, po: str, lang: str, glossary: Glossary | None,
               before: str | None) -> UnitView:
    state = catalog.state(entry)
    source_diff = review.diff(entry.previous_msgid, entry.msgid) if state == "stale" and entry.previous_msgid else ()
    before = before or previous_translation(entry.tcomment)  # else the English a redraft replaced
    english = word_diff(before, entry.msgstr) if before and entry.msgstr and before != entry.msgstr else ()
    return UnitView(unit_id(entry.msgctxt, entry.msgid), dom_id, entry.msgctxt, entry.msgid, entry.msgstr, state,
                    catalog.where(entry.comment), line, notes(entry.tcomment, msgid=entry.msgid, msgstr=entry.msgstr),
                    problems_of(entry, po, lang=lang, glossary=glossary),
                    source_diff, english)


def preview_markdown(config: Config, lang: str, path: str, *, drafts: bool = False) -> str:
    """The English post's body as ``build`` writes it; with ``drafts``, drafts are spliced in too."""
    segmented = load(config, path)
    entries, _report, _old = site.merged(config, lang, segmented)
    if drafts:
        usable: dict[catalog.Key, str] = {(e.msgctxt, e.msgid): e.msgstr
                                          for e in entries if not e.obsolete and e.msgstr}
        text = build_text(segmented, usable, extra=config.extra_keys_for(lang))
    else:
        text = expected_output(config, lang, segmented, entries)
    built = post_io.parse(segmented.post.path, text.encode("utf-8"))
    return built.text[built.body_start:]


def po_file(config: Config, lang: str, path: str) -> Path:
    return site.po_path(config, lang, load(config, path))
