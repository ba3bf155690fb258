"""Per-language frontmatter rules: set keys from templates, drop keys, keep every other byte.

``set = {url = "/en{url}"}`` fills a template with the post's path values (``{lang}``,
``{path}``…, see :mod:`l10n.core.layout`) and its own frontmatter values; a rule that names
a key the post does not have is skipped for that post (a post without ``url`` gets none).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from l10n.core import frontmatter, layout
from l10n.core.post import Post

Edit = tuple[int, int, str]


def resolve(rules: Mapping[str, Any], post: Post, values: Mapping[str, str]) -> dict[str, Any]:
    """Key -> value for this post: constants as they are, templates filled in (or left out)."""
    data = frontmatter.data(post)
    out: dict[str, Any] = {}
    for key, rule in rules.items():
        if not isinstance(rule, str):
            out[key] = rule
            continue
        template = layout.parse(rule, allowed=None, where=f"frontmatter.set.{key}")
        filled = {name: _text(values[name]) if name in values else _text(data.get(name)) for name in template.names}
        if all(v is not None for v in filled.values()):
            out[key] = layout.render(template, filled)  # type: ignore[arg-type]
    return out


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def edits(post: Post, values: Mapping[str, Any], drop: Sequence[str]) -> list[Edit]:
    """Edits that set ``values`` (replacing a scalar in place or adding a line) and remove ``drop``."""
    if post.frontmatter == "none" or not (values or drop):
        return []
    spans = frontmatter.top_level_spans(post)
    lines = key_lines(post)
    out: list[Edit] = [lines[key] for key in drop if key in lines and key not in values]
    added = ""
    for key, value in values.items():
        if key in spans and spans[key][2] != "node":
            start, end, _style = spans[key]
            out.append((start, end, frontmatter.render_extra(post.frontmatter, value)))
        elif key in lines:  # a list or table value: the whole entry is replaced
            start, end, _ = lines[key]
            out.append((start, end, frontmatter.extra_line(post.frontmatter, key, value, post.newline)))
        else:
            added += frontmatter.extra_line(post.frontmatter, key, value, post.newline)
    if added:
        # TOML keys after a [table] header would belong to that table, so they go first there.
        at = post.fm_end if post.frontmatter == "yaml" else post.fm_start
        out.append((at, at, added))
    return out


def key_lines(post: Post) -> dict[str, Edit]:
    """Top-level key -> (start, end, "") covering its whole entry, from its line to the next key's line."""
    starts = _yaml_key_starts(post) if post.frontmatter == "yaml" else _toml_key_starts(post)
    bounds = [start for _key, start in starts] + [_toml_limit(post) if post.frontmatter == "toml" else post.fm_end]
    return {key: (start, bounds[i + 1], "") for i, (key, start) in enumerate(starts)}


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _yaml_key_starts(post: Post) -> list[tuple[str, int]]:
    root = yaml.compose(post.text[post.fm_start : post.fm_end], Loader=frontmatter._Loader)
    if not isinstance(root, yaml.MappingNode):
        return []
    return [(str(key.value), _line_start(post.text, post.fm_start + key.start_mark.index))
            for key, _value in root.value if isinstance(key, yaml.ScalarNode)]


def _toml_limit(post: Post) -> int:
    table = frontmatter._TOML_TABLE.search(post.text, post.fm_start, post.fm_end)
    return table.start() if table else post.fm_end


def _toml_key_starts(post: Post) -> list[tuple[str, int]]:
    limit = _toml_limit(post)
    return [(m.group(1).strip('"'), m.start()) for m in frontmatter._TOML_KEY.finditer(post.text, post.fm_start, limit)]
