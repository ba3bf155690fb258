"""The Jinja2 templates of the web app and the static report, and the helpers they share."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt

from l10n.po.catalog import Counts

STATE_LABELS = {"reviewed": "reviewed", "draft": "draft", "stale": "stale", "untranslated": "untranslated"}


def bar(counts: Counts) -> list[tuple[str, float, int]]:
    """(state, percent, count) for a stacked progress bar; the text beside it says the same in words."""
    total = counts.total or 1
    return [(state, 100 * getattr(counts, state) / total, getattr(counts, state))
            for state in ("reviewed", "draft", "stale", "untranslated")]


def markdown_html(text: str) -> str:
    """A post body as HTML for the preview; raw HTML in the post is shown as text, never run."""
    return str(_markdown().render(text))


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("l10n.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(bar=bar, state_labels=STATE_LABELS)
    env.filters["markdown"] = markdown_html
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
