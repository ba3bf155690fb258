"""The static HTML of ``l10n-blog report``: one self-contained file (styles inline, no script) for CI artifacts."""

from __future__ import annotations

from l10n.steps import review
from l10n.steps.report import Report, word_diff
from l10n.web.app import STATIC
from l10n.web.pages import render

CHANGE_LABELS = {
    "new": "new, untranslated", "drafted": "drafted", "stale": "stale: the Japanese changed",
    "approved": "approved", "edited": "edited and approved", "waiting": "draft awaiting review",
    "problem": "has problems",
}


def report_html(result: Report) -> str:
    posts = [
        (post, [(u, review.diff(u.previous_msgid, u.msgid) if u.previous_msgid else (),
                 word_diff(u.before, u.msgstr) if u.before and u.msgstr else ()) for u in post.units])
        for post in result.posts
    ]
    css = (STATIC / "app.css").read_text("utf-8")
    return render("report.html", report=result, posts=posts, labels=CHANGE_LABELS, static_inline=css, lang=None)
