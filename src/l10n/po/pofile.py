"""PO file text: a parser into :mod:`l10n.po.model` and a writer that matches GNU gettext byte for byte.

Hand-written because polib, the only maintained pure-Python reader, misreads what gettext
writes (lines split on U+0085, U+2028 and \\x1c; ``\\a`` not unescaped; ``#~|`` dropped) and
builds mutable objects; one regex per line is also what makes reading a 1,000-post site
cheap (``bench/bench_po_model.py``). The writer follows ``msgcat --no-wrap`` exactly, so
Poedit/Weblate/msgcat round trips cause no diff churn.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from l10n.errors import InputError
from l10n.files import read_bytes
from l10n.po.model import Catalog, Entry

_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\",
              '"': '"'}
_UNESCAPE = re.compile(r"\\(?:([ntrabfv\\\"])|([0-7]{1,3})|x([0-9a-fA-F]{1,2}))")
_LINE = re.compile(
    r'^(#~\s?)?(#?\|\s?)?(?:(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*)?"((?:[^"\\]|\\.)*)"\s*$')
_REF_SPLIT = re.compile(r"[ \t]+")
_HEADER_LINE = re.compile(r"^([^:\n]+):\s?(.*)$")


class ParseError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)] if m.group(1) else chr(int(m.group(2), 8)) if m.group(2)
                         else chr(int(m.group(3), 16)), text)


def read(path: Path, *, display: str | None = None) -> Catalog | None:
    """Parse a PO file (None when it does not exist); raises InputError naming file and line."""
    name = display or path.as_posix()
    data = read_bytes(path, display=name)
    return None if data is None else decode(data, display=name)


def decode(data: bytes, *, display: str) -> Catalog:
    """Parse the bytes of a PO file; raises InputError naming ``display`` and the line."""
    name = display
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("PO file is not UTF-8", path=name, hint="save it as UTF-8") from exc
    try:
        return parse(text)
    except ParseError as exc:
        raise InputError(f"PO file does not parse ({exc.reason})", path=name, line=exc.line,
                         hint="fix the entry by hand, or restore it from version control") from exc


_Q = r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"'  # a quoted string (unrolled: a third of the time of an alternation)
_S = _Q + r'\n((?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n)*)'  # a string and its continuation lines
# One active entry as gettext writes it (comments, no #~ line, msgctxt?, msgid, msgstr), then a blank line.
_ENTRY = re.compile(r"((?:#(?!~)[^\n]*\n)*)(?:msgctxt " + _S + ")?msgid " + _S + "msgstr " + _S + r"(?:\n|\Z)")
_PIECE = re.compile(_Q)


def translations(data: bytes, *, display: str) -> Catalog:
    """Only what a build reads (msgctxt, msgid, msgstr, flags) of a PO file's bytes.

    A file of plain entries as gettext writes them is read with one regex per entry
    (:func:`plain_entries`); any other (obsolete or plural entries, CRLF, an error) is read by
    :func:`parse`, so errors name the same line. The entries lack comments and references:
    never write them back.
    """
    plain = plain_entries(data)
    if plain is None:
        return decode(data, display=display)  # reads what the fast path does not (and reports errors)
    return Catalog(tuple(Entry(msgid, msgstr, ctxt, flags) for ctxt, msgid, msgstr, flags in plain))


def plain_entries(data: bytes) -> list[tuple[str | None, str, str, tuple[str, ...]]] | None:
    """(msgctxt, msgid, msgstr, flags) of each entry but the header, for a file of plain entries as
    gettext writes them (one regex per entry); None for any other file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    entries, pos = [], 0
    for match in _ENTRY.finditer(text):
        if match.start() != pos:  # something between two entries that is none
            return None
        comments, ctxt, ctxt_more, msgid, msgid_more, msgstr, msgstr_more = match.groups()
        flags = tuple(f.strip() for line in comments.split("\n") if line.startswith("#,")
                      for f in line[2:].split(",") if f.strip()) if "#," in comments else ()
        entries.append((None if ctxt is None else _string(ctxt, ctxt_more),
                        msgid if not msgid_more and "\\" not in msgid else _string(msgid, msgid_more),
                        msgstr if not msgstr_more and "\\" not in msgstr else _string(msgstr, msgstr_more), flags))
        pos = match.end()
    if pos != len(text):
        return None
    if entries and entries[0][1] == "" and entries[0][0] is None:
        entries.pop(0)  # the header
    elif any(e[1] == "" and e[0] is None for e in entries):
        return None  # a header that is not first: as parse reads it
    return entries


def _string(first: str, more: str) -> str:
    if more:
        first += "".join(_PIECE.findall(more))
    return _unescape(first)


class _Builder:
    """Collects the lines of one entry; ``field`` is the string that continuation lines extend."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.fields: dict[str, str] = {}
        self.comments: dict[str, list[str]] = {"#": [], "#.": [], "#:": [], "#,": []}
        self.obsolete = False
        self.field = ""
        self.has_msgstr = False

    def entry(self) -> Entry:
        fields = self.fields
        plural = sorted((int(k[7:-1]), v) for k, v in fields.items() if k.startswith("msgstr["))
        return Entry(
            msgid=fields.get("msgid", ""), msgstr=fields.get("msgstr", ""), msgctxt=fields.get("msgctxt"),
            msgid_plural=fields.get("msgid_plural", ""), msgstr_plural=tuple(v for _n, v in plural),
            obsolete=self.obsolete, linenum=self.line,
            previous_msgctxt=fields.get("|msgctxt"), previous_msgid=fields.get("|msgid"),
            tcomment="\n".join(self.comments["#"]), comment="\n".join(self.comments["#."]),
            flags=tuple(f.strip() for line in self.comments["#,"] for f in line.split(",") if f.strip()),
            # Only ASCII blanks separate references: a no-break space is part of a file name.
            occurrences=tuple(_occurrence(o) for line in self.comments["#:"] for o in _REF_SPLIT.split(line) if o),
        )


def _occurrence(text: str) -> tuple[str, str]:
    name, sep, line = text.rpartition(":")
    return (name, line) if sep and line.isdigit() else (text, "")


def parse(text: str) -> Catalog:
    """Parse PO text; raises ParseError with the 1-based line of the problem."""
    current: _Builder | None = None
    entries: list[_Builder] = []
    if "\r" in text:  # a raw CR only ends lines: inside strings it is written as \r
        text = text.replace("\r\n", "\n")
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.isspace():
            continue
        if current is None or (current.has_msgstr and line[0] != '"' and not _continues(line)):
            current = _Builder(number)
            entries.append(current)
        _take(current, line, number)
    for builder in entries:
        if "msgid" not in builder.fields:
            raise ParseError(builder.line, "entry without msgid")
        if not builder.has_msgstr:
            raise ParseError(builder.line, "entry without msgstr")
    found, metadata, header = [], None, ""
    for builder in entries:
        entry = builder.entry()
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete and metadata is None:
            metadata, header = _metadata(entry.msgstr), entry.tcomment
            continue
        found.append(entry)
    return Catalog(tuple(found), metadata or {}, header)


_CONTINUATION = re.compile(r'(?:#~\s?)?(?:"|msgstr\[)')


def _continues(line: str) -> bool:
    """A string or plural msgstr line that still belongs to the entry before it."""
    return _CONTINUATION.match(line) is not None


_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')


def _take(current: _Builder, line: str, number: int) -> None:
    first = line[0]
    if first == '"' and current.field and current.field[0] != "|":  # a continuation: the most common line
        string = _STRING.match(line)
        if string is not None:
            current.fields[current.field] += _unescape(string.group(1))
            return
    if first == "#" and line[1:2] not in ("~", "|"):
        kind = line[:2] if line[:2] in ("#.", "#:", "#,") else "#"
        body = line[len(kind):]
        current.comments[kind].append(body[1:] if body.startswith(" ") else body)
        return
    match = _LINE.match(line)
    if match is None:
        raise ParseError(number, f"unexpected line {line[:40]!r}")
    obsolete, previous, keyword, _index, body = match.groups()
    current.obsolete = current.obsolete or bool(obsolete)
    if keyword:
        current.field = ("|" if previous else "") + keyword
        if current.field in current.fields:
            raise ParseError(number, f"{keyword} appears twice in one entry")
        current.fields[current.field] = ""
        current.has_msgstr = current.has_msgstr or keyword.startswith("msgstr")
    elif not current.field or bool(previous) != current.field.startswith("|"):
        raise ParseError(number, "string without a keyword")
    current.fields[current.field] += _unescape(body)


def _metadata(msgstr: str) -> dict[str, str]:
    found = {}
    for line in msgstr.split("\n"):
        match = _HEADER_LINE.match(line)
        if match:
            found[match.group(1).strip()] = match.group(2)
    return found


def render(entries: Iterable[Entry], metadata: Mapping[str, str]) -> str:
    """PO text byte for byte as GNU ``msgcat --no-wrap`` writes it, so editors cause no churn."""
    head = "".join(f"{key}: {value}\n" for key, value in metadata.items())
    parts = ['msgid ""\nmsgstr ""\n' + "".join(f'"{_escape(line)}"\n' for line in _portions(head))]
    parts += [_entry_text(entry) for entry in entries]
    return "\n".join(parts)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE = re.compile("[\\\\\"\n\t\r\a\b\f\v]")


def _escape(text: str) -> str:
    if _ESCAPE.search(text) is None:  # most strings: nothing to escape
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def _portions(text: str) -> list[str]:
    """gettext's string lines: the text cut after each newline."""
    return [p for p in re.split(r"(?<=\n)", text) if p] or [""]


def _field(prefix: str, name: str, value: str) -> str:
    if value.find("\n", 0, len(value) - 1) < 0:  # one portion: the common case, without the split
        return f'{prefix}{name} "{_escape(value)}"\n'
    return f'{prefix}{name} ""\n' + "".join(f'{prefix}"{_escape(p)}"\n' for p in _portions(value))


@functools.lru_cache(maxsize=64)  # a post's entries mostly share one reference line
def _references(occurrences: tuple[tuple[str, str], ...]) -> str:
    """``#:`` lines packed to 79 columns (in bytes) as gettext does.

    gettext < 0.22 splits file names at spaces and 0.22 wraps them in U+2068/U+2069, so a
    space in a post's name is written as a no-break space: one token for every version.
    """
    lines, column = ["#:"], 2
    for name, line in dict.fromkeys(occurrences):
        name = name.replace(" ", "\u00a0")
        suffix = f":{line}" if line else ""
        width = len(name.encode("utf-8")) + len(suffix) + 1
        if column > 2 and column + width > 79:
            lines.append("\n#:")
            column = 2
        lines.append(f" {name}{suffix}")
        column += width
    return "".join(lines) + "\n"


def _entry_text(entry: Entry) -> str:
    out = [f"# {line}\n" if line else "#\n" for line in entry.tcomment.split("\n")] if entry.tcomment else []
    obsolete = entry.obsolete
    prefix = "#~ " if obsolete else ""
    if not obsolete:
        if entry.comment:
            out.append(f"#. {entry.comment}\n" if "\n" not in entry.comment else
                       "".join(f"#. {line}\n" for line in entry.comment.split("\n")))
        if entry.occurrences:
            out.append(_references(entry.occurrences))
    if entry.flags:
        fuzzy = entry.fuzzy and entry.translated
        flags = (["fuzzy"] if fuzzy else []) + [f for f in entry.flags if f != "fuzzy"]
        if flags:
            out.append(f"#, {', '.join(flags)}\n")
    if entry.previous_msgid:
        previous = "#~| " if obsolete else "#| "
        if entry.previous_msgctxt:
            out.append(_field(previous, "msgctxt", entry.previous_msgctxt))
        out.append(_field(previous, "msgid", entry.previous_msgid))
    if entry.msgctxt is not None:
        out.append(_field(prefix, "msgctxt", entry.msgctxt))
    out.append(_field(prefix, "msgid", entry.msgid))
    if entry.msgid_plural:
        out.append(_field(prefix, "msgid_plural", entry.msgid_plural))
        out += [_field(prefix, f"msgstr[{n}]", text) for n, text in enumerate(entry.msgstr_plural or ("", ""))]
    else:
        out.append(_field(prefix, "msgstr", entry.msgstr) if entry.msgstr else f'{prefix}msgstr ""\n')
    return "".join(out)
