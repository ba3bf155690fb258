"""Frontmatter values with exact spans, and in-place rendering of translated values.

Only the scalar being translated is rewritten; key order, comments, quoting of other
keys and every other byte of the header stay as the author wrote them.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from l10n.core.post import Post, line_of
from l10n.core.segmented import Value
from l10n.errors import InputError

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def values(post: Post, *, keys: Sequence[str], list_keys: Sequence[str]) -> list[Value]:
    """Translatable values of ``post``'s frontmatter; raises InputError when it does not parse."""
    if post.frontmatter == "yaml":
        return _yaml_values(post, keys, list_keys)
    if post.frontmatter == "toml":
        return _toml_values(post, keys, list_keys)
    return []


def top_level_spans(post: Post) -> dict[str, tuple[int, int, str]]:
    """Scalar top-level keys -> (start, end, style), for patching extra keys such as ``lang``."""
    if post.frontmatter == "yaml":
        return {k: (v.start, v.end, v.style) for k, v in _yaml_scalars(post).items()}
    if post.frontmatter == "toml":
        return {m.key: (m.start, m.end, m.style) for m in _toml_assignments(post)}
    return {}


def render(kind: str, value: Value, new: str, raw: str) -> str:
    """Source text for ``new`` in place of ``raw`` (the value's old scalar), in its style if possible."""
    if new == value.text:
        return raw
    if kind == "yaml":
        return _render_yaml(new, value.style, raw)
    return _render_toml(new, value.style)


def render_extra(kind: str, value: Any) -> str:
    """A scalar for an extra key (``lang: en``) in the post's frontmatter language."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if kind == "yaml":
        return _render_yaml(text, "", "")
    return json.dumps(text, ensure_ascii=False)


# --- YAML -------------------------------------------------------------------------------

def _yaml_root(post: Post) -> Any:
    source = post.text[post.fm_start : post.fm_end]
    try:
        return yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = post.fm_line + mark.line if mark else post.fm_line
        raise InputError(
            f"frontmatter is not valid YAML ({exc.problem or exc.context})", path=post.display, line=line,
            hint="quote values that contain ': ' or start with a special character",
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"frontmatter is not valid YAML ({exc})", path=post.display, line=post.fm_line) from exc


def _yaml_scalars(post: Post) -> dict[str, Value]:
    root = _yaml_root(post)
    found: dict[str, Value] = {}
    if root is None:
        return found
    if not isinstance(root, yaml.MappingNode):
        raise _not_a_mapping(post)
    for key, node in root.value:
        if isinstance(key, yaml.ScalarNode):
            found[key.value] = _yaml_value(post, key.value, None, node)
    return found


def _not_a_mapping(post: Post) -> InputError:
    return InputError(
        "frontmatter is not a mapping of keys to values", path=post.display, line=post.fm_line,
        # The usual cause: the post opens with a thematic break, which reads as a frontmatter fence.
        hint="if the first `---` is a thematic break, start the post with a blank line or write it as `***`",
    )


def _yaml_value(post: Post, key: str, index: int | None, node: Any) -> Value:
    start = post.fm_start + node.start_mark.index
    end = post.fm_start + node.end_mark.index
    style = (getattr(node, "style", None) or "") if isinstance(node, yaml.ScalarNode) else "node"
    text = node.value if isinstance(node, yaml.ScalarNode) else ""
    return Value(key, index, text, start, end, style, line_of(post.text, start))


def _yaml_values(post: Post, keys: Sequence[str], list_keys: Sequence[str]) -> list[Value]:
    root = _yaml_root(post)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise _not_a_mapping(post)
    out: list[Value] = []
    scalars, lists = _folded(keys), _folded(list_keys)  # Description: and Tags: are the same keys
    for key, node in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        name = str(key.value)
        if name.casefold() in scalars and _is_string(node):
            out.append(_yaml_value(post, name, None, node))
        elif name.casefold() in lists and isinstance(node, yaml.SequenceNode):
            items = [_named(item) for item in node.value]  # Qiita: tags: [{name: Python, versions: []}]
            out += [_yaml_value(post, name, i, item) for i, item in enumerate(items) if _is_string(item)]
        elif name.casefold() in lists and _is_string(node):
            out.append(_yaml_value(post, name, None, node))
    return [v for v in out if v.text.strip()]


def _folded(keys: Sequence[str]) -> frozenset[str]:
    return frozenset(k.casefold() for k in keys)


def _named(item: Any) -> Any:
    """A list item's text: the item itself, or the ``name`` of a mapping item (Qiita's tag lists)."""
    if isinstance(item, yaml.MappingNode):
        return next((v for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "name"), None)
    return item


def _is_string(node: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _render_yaml(new: str, style: str, raw: str) -> str:
    if style in ("|", ">"):
        # Keep what followed the block scalar (its line break) so the next key stays put.
        return json.dumps(new, ensure_ascii=False) + raw[len(raw.rstrip("\r\n")) :]
    candidates = []
    if style == "" and "\n" not in new:
        candidates.append(new)
    if style == "'" and "\n" not in new:
        candidates.append("'" + new.replace("'", "''") + "'")
    candidates.append(json.dumps(new, ensure_ascii=False))
    for candidate in candidates:
        if _yaml_reads_back(candidate, new):
            return candidate
    return candidates[-1]


def _yaml_reads_back(scalar: str, expected: str) -> bool:
    try:
        return yaml.load("k: " + scalar, Loader=_Loader) == {"k": expected}
    except yaml.YAMLError:
        return False


# --- TOML -------------------------------------------------------------------------------

_TOML_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_-]+|\"[^\"\n]*\")[ \t]*=[ \t]*", re.M)
_TOML_STRING = re.compile(r"\"\"\"[\s\S]*?\"\"\"\"{0,2}|'''[\s\S]*?''''{0,2}|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'")
_TOML_TABLE = re.compile(r"^[ \t]*\[", re.M)


@dataclass(frozen=True)
class _Assignment:
    key: str
    start: int
    end: int
    style: str
    items: tuple[tuple[int, int, str], ...]  # strings inside an array value


def _toml_document(post: Post) -> dict[str, Any]:
    try:
        return tomllib.loads(post.text[post.fm_start : post.fm_end])
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = post.fm_line + int(match.group(1)) - 1 if match else post.fm_line
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(f"frontmatter is not valid TOML ({reason})", path=post.display, line=line) from exc


def _toml_assignments(post: Post) -> list[_Assignment]:
    """Top-level ``key = value`` spans (before the first ``[table]``) whose values are strings."""
    _toml_document(post)
    table = _TOML_TABLE.search(post.text, post.fm_start, post.fm_end)
    limit = table.start() if table else post.fm_end
    out = []
    for match in _TOML_KEY.finditer(post.text, post.fm_start, limit):
        pos = match.end()
        if post.text.startswith("[", pos):
            out.append(_toml_array(post, match.group(1).strip('"'), pos, limit))
            continue
        string = _TOML_STRING.match(post.text, pos)
        if string:
            style = string.group()[:3] if string.group()[:3] in ('"""', "'''") else string.group()[0]
            out.append(_Assignment(match.group(1).strip('"'), pos, string.end(), style, ()))
    return out


def _toml_array(post: Post, key: str, start: int, limit: int) -> _Assignment:
    items: list[tuple[int, int, str]] = []
    pos = start + 1
    while pos < limit:
        string = _TOML_STRING.search(post.text, pos, limit)
        close = post.text.find("]", pos, limit)
        if string is None or (close != -1 and close < string.start()):
            return _Assignment(key, start, close + 1 if close != -1 else start, "array", tuple(items))
        items.append((string.start(), string.end(), string.group()[0]))
        pos = string.end()
    return _Assignment(key, start, start, "array", tuple(items))


def _toml_values(post: Post, keys: Sequence[str], list_keys: Sequence[str]) -> list[Value]:
    document = _toml_document(post)
    out: list[Value] = []
    for item in _toml_assignments(post):
        parsed = document.get(item.key)
        if item.key.casefold() in _folded(keys) and isinstance(parsed, str) and item.style != "array":
            out.append(_toml_value(post, item.key, None, item.start, item.end, item.style, parsed))
        elif item.key.casefold() in _folded(list_keys) and isinstance(parsed, list) and len(parsed) == len(item.items):
            out += [
                _toml_value(post, item.key, i, s, e, style, parsed[i])
                for i, (s, e, style) in enumerate(item.items) if isinstance(parsed[i], str)
            ]
    return [v for v in out if v.text.strip()]


def _toml_value(post: Post, key: str, index: int | None, start: int, end: int, style: str, text: str) -> Value:
    # Trust the span only when it decodes to what tomllib read, so a patch can never hit the wrong bytes.
    if tomllib.loads("v = " + post.text[start:end]).get("v") != text:
        raise InputError(f"cannot locate the value of {key!r} in the frontmatter", path=post.display)
    return Value(key, index, text, start, end, style, line_of(post.text, start))


def _render_toml(new: str, style: str) -> str:
    if style == "'" and "'" not in new and "\n" not in new:
        return "'" + new + "'"
    return json.dumps(new, ensure_ascii=False)


def extra_line(kind: str, key: str, value: Any, newline: str) -> str:
    """A whole ``key: value`` / ``key = value`` line for a key the post does not have yet."""
    separator = ": " if kind == "yaml" else " = "
    return f"{key}{separator}{render_extra(kind, value)}{newline}"


_RECENT: dict[tuple[str, str], dict[str, Any]] = {}


def data(post: Post) -> dict[str, Any]:
    """The frontmatter as plain values (for rules and flags); {} without frontmatter.

    Shared, callers must not change it: the last few are kept, since a build asks for the
    same post's values several times (adoption flag, frontmatter rules, URLs).
    """
    if post.frontmatter not in ("yaml", "toml"):
        return {}
    key = (post.frontmatter, post.text[post.fm_start : post.fm_end])
    found = _RECENT.get(key)
    if found is None:
        found = _data(post)
        if len(_RECENT) >= 4:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[key] = found
    return found


def flag(post: Post, key: str) -> bool | None:
    """The frontmatter's ``key: true/false`` (None when it has no such key or another kind of value)."""
    value = data(post).get(key)
    return value if isinstance(value, bool) else None


def _data(post: Post) -> dict[str, Any]:
    if post.frontmatter == "yaml":
        try:
            loaded = yaml.load(post.text[post.fm_start : post.fm_end], Loader=_Loader)
        except yaml.YAMLError:
            _yaml_root(post)  # raises the located InputError
            raise
        return loaded if isinstance(loaded, dict) else {}
    if post.frontmatter == "toml":
        return _toml_document(post)
    return {}
