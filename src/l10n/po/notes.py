"""The notes l10n writes in an entry's translator comment (``#`` lines), in their one format.

::

    # origin: openai
    # problem: numbers: 10億 is missing
    # score: 62 by judge-model [d1e2f3a4b5]: accuracy: drops 追加で; fluency: ok
    # approved: by judge-model, score 97 >= judge.approve_at 95 [d1e2f3a4b5]
    # previous: It is sunny today. I went for a walk.

``score:`` and ``approved:`` name the judge model and end their head with the digest of the
(source, draft) they judged: once the draft changes (a redraft, an edit in Poedit or in
review) the digest no longer matches and the score or approval no longer counts, whoever
changed the text. ``previous:`` is the translation a redraft of a stale unit replaced
(:mod:`l10n.mt.redraft`), one line with ``\\n`` for a line break, dropped on approval.
Translator comments are plain gettext: ``msgfmt -c`` ignores them and
``msgcat`` never wraps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from l10n.fingerprint import combine
from l10n.po.model import Entry

_NOTE = re.compile(r"^(origin|problem|score|approved): ?(.*)$")
_SCORE = re.compile(r"^(\d{1,3}) by (\S+) \[([0-9a-f]+)\](?:: (.*))?$")
_APPROVED = re.compile(r"^by (\S+), score (\d{1,3}) >= judge\.approve_at (\d{1,3}) \[([0-9a-f]+)\]$")


@dataclass(frozen=True)
class Score:
    """A judge's verdict on one draft: 0–100, the model, and short reasons."""

    score: int
    model: str
    digest: str
    reasons: str = ""


@dataclass(frozen=True)
class Approval:
    """An entry the judge approved (``judge.approve_at``), not a person."""

    model: str
    score: int
    threshold: int
    digest: str


@dataclass(frozen=True)
class Notes:
    """What ``translate``, the QA checks and the judge wrote in an entry's translator comment.

    ``score``/``approval`` are None when there is none or when it is for another text.
    """

    origin: str = ""
    problems: tuple[str, ...] = ()
    judge: Score | None = None
    approval: Approval | None = None

    @property
    def score(self) -> int | None:
        return self.judge.score if self.judge else None

    @property
    def score_note(self) -> str:
        """The judge's reasons."""
        return self.judge.reasons if self.judge else ""


def digest(msgid: str, msgstr: str) -> str:
    """What a score or approval is for: the source and the draft (10 hex digits)."""
    return combine(msgid, msgstr)[:10]


def notes(tcomment: str | None, *, msgid: str | None = None, msgstr: str | None = None) -> Notes:
    """The notes of a translator comment; with ``msgid``/``msgstr``, a score or approval of another
    text is left out (it was for an older draft)."""
    origin, problems = "", []
    judge: Score | None = None
    approval: Approval | None = None
    wanted = digest(msgid, msgstr) if msgid is not None and msgstr is not None else None
    for line in (tcomment or "").split("\n"):
        m = _NOTE.match(line.strip())
        if not m:
            continue
        kind, text = m.groups()
        if kind == "origin":
            origin = text
        elif kind == "problem":
            problems.append(text)
        elif kind == "score" and (s := _SCORE.match(text)) and wanted in (None, s.group(3)):
            judge = Score(min(100, int(s.group(1))), s.group(2), s.group(3), s.group(4) or "")
        elif kind == "approved" and (a := _APPROVED.match(text)) and wanted in (None, a.group(4)):
            approval = Approval(a.group(1), int(a.group(2)), int(a.group(3)), a.group(4))
    return Notes(origin, tuple(problems), judge, approval)


def score_line(score: Score) -> str:
    """The ``score:`` line (one line: reasons never hold a line break)."""
    reasons = " ".join(score.reasons.split())
    return f"score: {score.score} by {_word(score.model)} [{score.digest}]" + (f": {reasons}" if reasons else "")


def approval_line(approval: Approval) -> str:
    return (f"approved: by {_word(approval.model)}, score {approval.score} >= judge.approve_at "
            f"{approval.threshold} [{approval.digest}]")


def with_score(entry: Entry, score: Score) -> Entry:
    """The entry with ``score`` as its only ``score:`` line, after the origin/problem notes."""
    lines = [line for line in entry.tcomment.split("\n") if line and not line.startswith("score: ")]
    at = sum(1 for line in lines if line.startswith(("origin: ", "problem: ")))
    return replace(entry, tcomment="\n".join([*lines[:at], score_line(score), *lines[at:]]))


def judge_approved(entry: Entry, approval: Approval) -> Entry:
    """The draft approved by the judge: no fuzzy flag, and an ``approved:`` line saying who and why
    (a redraft's ``previous:`` note goes, as on a person's approval)."""
    lines = [line for line in entry.tcomment.split("\n") if line and not line.startswith(("approved: ", "previous: "))]
    at = sum(1 for line in lines if line.startswith(("origin: ", "problem: ", "score: ")))
    return replace(entry, flags=tuple(f for f in entry.flags if f != "fuzzy"), previous_msgid=None,
                   previous_msgctxt=None, tcomment="\n".join([*lines[:at], approval_line(approval), *lines[at:]]))


def _word(model: str) -> str:
    return "_".join(model.split()) or "?"


_PREVIOUS = re.compile(r"^previous: (.*?)(?: \[([0-9a-f]{10})\])?$")


def previous_note(translation: str, msgid: str) -> str:
    """The note that keeps, beside a redraft of ``msgid``, the translation it replaced (one line,
    ``\\n`` escaped), ending with the digest of the source the redraft was made for."""
    escaped = translation.replace("\\", "\\\\").replace("\n", "\\n")
    return f"previous: {escaped} [{digest(msgid, '')}]"


def _previous(tcomment: str) -> re.Match[str] | None:
    return next((m for line in tcomment.split("\n") if (m := _PREVIOUS.match(line))), None)


def previous_translation(tcomment: str) -> str | None:
    """The translation kept by :func:`previous_note` in a translator comment, or None."""
    found = _previous(tcomment)
    if found is None:
        return None
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), found.group(1))


def redrafted_for(tcomment: str, msgid: str) -> bool:
    """Whether the ``previous:`` note says the draft was made for this ``msgid``: a source that
    changed again since needs a new redraft (a note without a digest counts as this one)."""
    found = _previous(tcomment)
    return found is not None and found.group(2) in (None, digest(msgid, ""))
