"""Japanese sentence splitter: pure, lossless, offset based.

``split(text)`` cuts one Markdown block's inline text (a paragraph, list item, table
cell or heading, container prefixes such as ``> `` kept or already removed) into the
units that are translated one by one, and returns their ``(start, end)`` offsets.
The text itself is never changed: spans are stripped of surrounding whitespace,
sorted, disjoint, and together cover every non-whitespace character.

How it works, in three passes over the text:

1. *Mask* the stretches that must never be cut by replacing each character with a
   placeholder, so offsets stay the same: the Markdown atoms that the one inline
   scanner (:func:`l10n.core.inline.atoms`) finds (code, links and images whole, URLs,
   HTML, math, templates, entities), then the linguistic ones of ``rules.PROTECT``
   (e-mail addresses, kaomoji, abbreviations, names such as ``Yahoo!``, list markers).
   ``PROTECT`` reads what stands before a stretch (a list marker only opens a line), so
   a sentence cut mid-line is masked again at its start as it is on its own, and the
   walk repeated: a sentence split again stays whole.
2. *Pair* brackets with a type-matched stack. An opener that never closes is simply
   ignored, and a structural line (list item, heading, quote) resets the stack, so an
   unbalanced bracket cannot swallow the rest of a paragraph.
3. *Walk* the candidate events (final marks, ellipses, periods, closing brackets,
   casual endings, newlines) outside brackets and decide each one with the rules in
   ``sentence_rules``. See docs/sentences.md for the conventions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from re import Match

from l10n.core.inline import Close, Open, atoms, located
from l10n.core.sentences import rules as R
from l10n.core.sentences.loosened import exact as _exact
from l10n.core.sentences.loosened import mask as _mask
from l10n.core.sentences.loosened import protect as _protect

__all__ = ["split", "split_text"]

# A bracket, or a newline before a structural line. One class first lets the engine skip to
# the next candidate in C (an alternation would be tried at every character).
_BRACKETS = re.compile(rf"[{R.OPENERS}{R.CLOSERS}\n](?:(?<!\n)|(?={R.STRONG_LINE.pattern}))")
_SPACE = " \t\u3000"
_PROTECTED = R.PROTECT_START.match  # a character a PROTECT stretch can start with (space too)
_INITIAL = re.compile(r"(?<![A-Za-z.'])[A-Z]$")
_SOFT_KINDS = ("soft", "maybe_w", "maybe_bar")


def split(text: str) -> list[tuple[int, int]]:
    """Return the sentence spans of ``text`` as ``(start, end)`` character offsets."""
    if not text or text.isspace():
        return []
    # The text's trailing space is no context for PROTECT: its last sentence is stripped on its own.
    marked = _mask_markup(text)
    body = len(marked.rstrip())
    masked = _protect(marked[:body]) + marked[body:]
    while True:
        # An event that ends the text cuts nothing (most paragraphs end in 。): a paragraph with
        # no other event is one sentence, and its brackets need no pairing.
        events = list(R.EVENTS.finditer(masked))
        if events and events[-1].end() == len(masked):
            events.pop()
        if not events:
            return [(len(text) - len(text.lstrip()), len(text.rstrip()))]
        cuts = _Scan(masked, text).cuts(events)
        # Most sentences start with kana or kanji, which PROTECT never masks.
        starts = [cut for cut in cuts if _PROTECTED(marked, cut)]
        reopened = _reopen(marked, masked, starts) if starts else masked
        if reopened is masked:
            return _spans(text, cuts)
        masked = reopened


def split_text(text: str) -> list[str]:
    """Return the sentences of ``text`` as substrings (a convenience over ``split``)."""
    return [text[a:b] for a, b in split(text)]


# A bare URL may end a line as a sentence does; a footnote reference sticks to its sentence.
_ATOM_MASK = {"url": R.URL, "footnote": R.FOOT}


def _mask_markup(text: str) -> str:
    """Mask the inline scanner's atoms; escapes and control characters stay text."""
    out: list[str] = []
    pos = 0
    for span in atoms(text):
        if span.kind in ("escape", "char"):
            continue
        source = text[span.start : span.end]
        if span.kind == "break":
            # The line end stays for the newline rule, which sees the line as if unbroken.
            mask = source.replace("\\", " ")
        elif span.kind == "html" and source.startswith("</"):
            mask = R.END_TAG * len(source)  # a closing tag sticks to the sentence before it
        else:
            mask = _ATOM_MASK.get(span.kind, R.OPAQUE) * len(source)
        out += [text[pos : span.start], mask]
        pos = span.end
    return "".join(out) + text[pos:] if out else text


def _reopen(marked: str, masked: str, cuts: list[int]) -> str:
    """``masked`` with the sentence after each of ``cuts`` (mid-line) masked at its start as on its own.

    ``PROTECT`` reads what stands before a stretch (a list or Q&A marker only at a line
    start, an emoticon only after no letter): 。Q. ⏎… or w:(🍣 must be cut as ``Q. ⏎…`` and
    ``:(🍣`` are when split again. Returns ``masked`` itself when nothing changes, else the
    text with the first sentence start masked.
    """
    for j in cuts:
        while j < len(marked) and marked[j] in _SPACE:
            j += 1
        if not _PROTECTED(marked, j) or masked[j] != marked[j]:
            continue  # nothing PROTECT masks starts here, or it is masked already
        eol = marked.find("\n", j)
        m = _exact(R.PROTECT.match(marked[j:eol] if eol >= 0 else marked[j:].rstrip()))
        if m is not None:
            # One at a time, leftmost first: the cuts after it are found again with it masked.
            return masked[:j] + _mask(m) + masked[j + m.end():]
    return masked


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*cuts, len(text)]:
        piece = text[start:end]
        body = piece.strip()
        if body:
            a = start + len(piece) - len(piece.lstrip())
            spans.append((a, a + len(body)))
        start = end
    return spans


def _pairs(masked: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Top-level bracket pairs (open, close) and the offsets of every paired opener."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for m in _BRACKETS.finditer(masked):
        ch, i = m.group(), m.start()
        if ch == "\n":
            stack.clear()  # a list item or heading starts: nothing stays open across it
        elif ch == '"' and stack and stack[-1][0] == '"':
            pairs.append((stack.pop()[1], i))
        elif ch in R.BRACKET_PAIRS:
            opener = R.BRACKET_PAIRS[ch]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    pairs.append((stack[k][1], i))
                    del stack[k:]
                    break
        else:
            stack.append((ch, i))
    pairs.sort()
    top: list[tuple[int, int]] = []
    for o, c in pairs:
        if not top or o > top[-1][1]:
            top.append((o, c))
    return top, {o for o, _ in pairs}


def _speaker(s: str, pos: int) -> Match[str] | None:
    """A speaker label and its quote at ``pos`` (上司「), matched by ``rules.SPEAKER``."""
    return R.SPEAKER.match(s, pos) if R.SPEAKER_AT.match(s, pos) else None


def _atom_only(line: str) -> bool:
    """Whether a line holds nothing but masked Markdown atoms (an image, a code span, a link)."""
    line = line.strip()
    return bool(line) and not line.strip(R.OPAQUE + R.URL + " \t")


def _prose(body: str, nxt: str) -> bool:
    """Hard-wrapped prose has long lines; one-sentence-per-line casual text does not."""
    return len(body) >= R.PROSE_LINE or len(nxt.strip()) >= R.PROSE_LINE


class _Scan:
    """One left-to-right walk over the events of a masked paragraph."""

    __slots__ = ("s", "text", "_roles", "n", "pairs", "opens", "close_of", "out", "events")

    def __init__(self, masked: str, text: str = "") -> None:
        self.s = masked
        self.text = text or masked
        self._roles: dict[int, int | None] | None = None
        self.n = len(masked)
        self.pairs, self.opens = _pairs(masked)
        self.close_of = dict(self.pairs)
        self.out: list[int] = []
        self.events: list[Match[str]] = []

    def cuts(self, events: list[Match[str]]) -> list[int]:
        """Boundary offsets at ``events`` (of ``rules.EVENTS``): first every event but newlines, then the newlines.

        Newlines go last so that each is judged on its own sentence's text only (the
        part of the line after the previous cut, the part of the next line before the
        next cut): a sentence split out of its paragraph is then cut the same way.
        """
        pairs, pi, npairs = self.pairs, 0, len(self.pairs)
        self.events = events
        newlines: list[int] = []
        for m in events:
            kind, pos = m.lastgroup or "", m.start()
            while pi < npairs and pairs[pi][1] < pos:
                pi += 1
            if pi < npairs and pairs[pi][0] < pos <= pairs[pi][1]:
                if kind != "close" or pos != pairs[pi][1]:
                    continue  # never a boundary inside brackets
                cut = self.close(pairs[pi][0], pos)
            elif kind == "close":
                continue  # an unpaired closer (a list marker's ")") closes nothing
            elif kind == "nl":
                newlines.append(pos)
                continue
            else:
                cut = _Scan.HANDLERS[kind](self, m)
            if cut is not None and (not self.out or cut > self.out[-1]):
                self.out.append(cut)
        found = [nl for nl in newlines if self.newline(nl)]
        return sorted(self.out + found) if found else self.out

    # ------------------------------------------------------------ helpers
    def trail(self, pos: int) -> int:
        """Skip what still belongs to a sentence after its end: closers, [^n], （笑）, emoji."""
        s = self.s
        while True:
            m = R.TRAILER.match(s, pos)
            if not m:
                return pos
            piece = m.group()
            if pos in self.opens or (piece[0] in "*~_" and not self._closes(piece, pos)):
                return pos
            pos = m.end()

    def _closes(self, token: str, pos: int) -> bool:
        """Whether an emphasis token closes one opened earlier in this sentence."""
        s, after = self.s, pos + len(token)
        start = max(s.rfind("\n", 0, pos) + 1, self.out[-1] if self.out else 0)
        opener = self.emphasis_roles().get(pos, -1)
        if opener is None:
            return False  # CommonMark opens a pair here (the inline scanner): it goes with what follows
        if opener >= start:
            return True  # it closes a pair opened in this sentence
        if after >= self.n or s[after].isspace():
            return True  # an opening ** is always followed by text
        count = s.count(token, start, pos)
        if token in ("*", "_"):
            count -= 2 * s.count(token * 2, start, pos)
        return count % 2 == 1

    def emphasis_roles(self) -> dict[int, int | None]:
        """Emphasis runs CommonMark pairs, by offset: where its opener is for a closing run, None for an opening one.

        Scanned only when a run follows a sentence end (rare): ``*a**b*。**c**`` has a ``**``
        that the count of runs since the line start would take for a closer.
        """
        if self._roles is None:
            self._roles, opened = {}, {}
            for pos, node in located(self.text):
                if isinstance(node, (Open, Close)) and node.pair.kind in ("bold", "italic", "strike"):
                    if isinstance(node, Open):
                        opened[id(node.pair)] = pos
                    self._roles.setdefault(pos, opened.get(id(node.pair), -1) if isinstance(node, Close) else None)
        return self._roles

    def next_char(self, pos: int, newline: bool = True) -> int:
        """Index of the first character at or after pos that is not (same-line) space."""
        s, n = self.s, self.n
        while pos < n and (s[pos] in _SPACE or (newline and s[pos] == "\n")):
            pos += 1
        return pos

    # ------------------------------------------------------------ events
    def term(self, m: Match[str]) -> int | None:
        end = self.trail(m.end())
        j = self.next_char(end)
        if j >= self.n or self.s[j] in "、，":
            return None
        run = m.group()
        question = "。" not in run and "．" not in run and "." not in run
        if question and R.QUOTATIVE.match(self.s, j):
            return None  # …のか？という問い: the question is quoted, the sentence goes on
        if run[-1] in "!?" and end == m.end() and self.s[end].isascii() and self.s[end].isalnum():
            return None  # inside an ASCII token
        if run in ("!", "?") and self.brand(m.start(), j):
            return None  # Shopit! の無料プラン: a name with ! goes on as a noun
        if run.strip("!?") == "" and j == m.end() and R.NAME_PARTICLE.match(self.s, j):
            return None  # ソラミミ!!の新譜: ASCII marks glued to a particle end a name
        return end

    def brand(self, mark: int, j: int) -> bool:
        """Whether an ASCII ! or ? ends a Latin name used as a noun: a particle follows (Shopit! の)."""
        s = self.s
        if not (mark and s[mark - 1].isascii() and s[mark - 1].isalpha()):
            return False
        return R.PARTICLE.match(s, j) is not None

    def ellipsis(self, m: Match[str]) -> int | None:
        s, start = self.s, m.start()
        before = s[max(0, start - 4):start]
        end = self.trail(m.end())
        j = self.next_char(end)
        opens = R.SENTENCE_START.match(s, j) is not None  # 影が・・・いや、靴下でした
        opens = opens or (before.endswith("に") and R.NEW_TOPIC.match(s, j) is not None)
        if not R.WORD_END.search(before) or (R.GOES_ON_BEFORE.search(before) and not opens):
            return None  # 小さくて…でも: the clause goes on (or the ellipsis opens a sentence)
        if j >= self.n or R.CONTINUES.match(s, j):
            return None
        return end

    def dot(self, m: Match[str]) -> int | None:
        end = self.trail(m.end())
        j = self.next_char(end)
        if j >= self.n or (j == m.end() and j in self.opens):
            return None  # ."" then text: the quote after the period opens one, it does not close the sentence
        c = self.s[j]
        if j == m.end() and R.NAME_PARTICLE.match(self.s, j):
            return None  # cafe mikan.の隣: a name's dot glued to a particle
        if ("a" <= c <= "z") or c in ",;:":
            return None  # "and chen": an English sentence never starts lowercase
        if c.isascii() and _INITIAL.search(self.s, 0, m.start()):
            return None  # Lee, B. (2020) / J. R. Smith: an initial, not a sentence end
        if not c.isascii() and R.FINAL_ABBR.search(self.s, max(0, m.start() - 6), m.end()):
            k = m.start()
            while k > 0 and self.s[k - 1].isascii():
                k -= 1
            if len(R.ENGLISH_WORD.findall(self.s, k, m.start())) < R.ENGLISH_WORDS:
                return None  # 、U.S. 市場に: an abbreviation inside a Japanese sentence
        return end

    def wide(self, m: Match[str]) -> int | None:
        """An ideographic space after a casual sentence-final particle, before Japanese (いいね　色が…)."""
        s, start, j = self.s, m.start(), m.end()
        if not R.FINAL_PARTICLE.search(s, max(0, start - 4), start) or start - 4 < s.rfind("\n", 0, start):
            return None  # 問題なら　scikit-learn / 型定義のため　…: a spaced-out phrase goes on
        if j >= self.n or not R.JAPANESE_START.match(s, j) or R.CONTINUES.match(s, j):
            return None
        return start

    def soft(self, m: Match[str]) -> int | None:
        s, k = self.s, m.start() - 1
        while k >= 0 and s[k] in _SPACE:
            k -= 1
        if k < 0 or s[k] == "\n" or s[k] in R.OPENERS or s[k] in "、，":
            return None  # an emoji that opens a line decorates what follows
        if m.group()[0] not in "wｗ笑〜ー" and R.SOFT_GOES_ON_BEFORE.search(s, max(0, k - 3), k + 1):
            return None  # 汗だくで(；´Д｀)な顔 / それは(´・ω・｀)まあいいや: the clause goes on
        end = self.trail(m.end())
        j = self.next_char(end, newline=False)
        if j >= self.n or s[j] == "\n" or R.SOFT_CONTINUES.match(s, j):
            return None  # line ends are the newline rule's business
        return end

    def close(self, opened: int, pos: int) -> int | None:
        s = self.s
        if s[opened] in "【［" and ("。" not in s[opened:pos] or not s[s.rfind("\n", 0, opened) + 1:opened].strip()):
            return None  # 【重要！】お知らせ: a label bracket prefixes its line (one holding 。 mid-line is a note)
        end = self.trail(pos + 1)
        j = self.next_char(end, newline=False)
        if j >= self.n or s[j] == "\n":
            return None
        if _speaker(s, j):
            return end  # A「…」B「…」: each dialogue line is a unit
        if s[j] in "「『" and s[opened] in "「『" and self.opens_unit(opened) and not self.quoted_after(j):
            return end  # 「来るの？」「……たぶん無理」「じゃあ来週ね」: standalone quotes, one unit each
        inner = s[opened + 1:pos].rstrip()
        if self.spoken(opened) and not self.quoted_after(j):
            return end  # 上司「明日までに頼む」そう言って帰った: a dialogue line, then narration
        if not inner or inner[-1] not in R.INNER_FINAL or self.quoted_after(j):
            return None  # 「…ですか？」と聞いた / 「…」だった: the quote is part of a sentence
        return end

    def maybe(self, m: Match[str]) -> int | None:
        """A loosened alternative of ``rules.EVENTS``: the exact one's event, if it matches there.

        Where it does, it matches the same characters; where it does not, no event starts in them.
        """
        exact = _exact(m)
        return None if exact is None else _Scan.HANDLERS[exact.lastgroup or ""](self, exact)

    HANDLERS: dict[str, Callable[[_Scan, Match[str]], int | None]] = {
        "term": term, "ell": ellipsis, "dot": dot, "soft": soft, "wide": wide,
        "maybe_dot": maybe, "maybe_w": maybe, "maybe_bar": maybe,
    }

    def opens_unit(self, pos: int) -> bool:
        """Whether nothing but space stands between the last cut (or the line start) and ``pos``."""
        s = self.s
        start = max(s.rfind("\n", 0, pos) + 1, self.out[-1] if self.out else 0)
        return not s[start:pos].strip()

    def spoken(self, opened: int) -> bool:
        """Whether the quote opened at ``opened`` is a dialogue line: a speaker label opens its sentence."""
        s = self.s
        start = max(s.rfind("\n", 0, opened) + 1, self.out[-1] if self.out else 0)
        start = self.next_char(start, newline=False)
        m = _speaker(s, start)
        return m is not None and m.end() == opened + 1

    def quoted_after(self, j: int) -> bool:
        """Whether the clause goes on at j, possibly after more quotes: 「…？」「…。」と笑った."""
        s = self.s
        while j in self.close_of:
            after = self.close_of[j] + 1
            end = self.trail(after)
            if end > after and self.soft_cut(after, end):
                return False  # 「…。」「…。」wね: the clause ended at the w, whatever follows it
            j = self.next_char(end, newline=False)
        return j < self.n and R.CONTINUES.match(s, j) is not None

    def soft_cut(self, start: int, end: int) -> bool:
        """Whether a casual ending (w, kaomoji, emoji) between ``start`` and ``end`` is cut after."""
        return any(
            start <= m.start() < end and m.lastgroup in _SOFT_KINDS and _Scan.HANDLERS[m.lastgroup](self, m) is not None
            for m in self.events
        )

    def newline(self, nl: int) -> bool:
        s, out = self.s, self.out
        i = bisect_right(out, nl)
        start = max(s.rfind("\n", 0, nl) + 1, out[i - 1] if i else 0)
        end = s.find("\n", nl + 1)
        end = min(self.n if end < 0 else end, out[i] if i < len(out) else self.n)
        body, nxt = s[start:nl].strip(), s[nl + 1:end]
        if not body or not nxt.strip():
            return False  # the line already ended a sentence
        if self.title(start, body, nxt):
            return True
        # The marker is read in the sentence's own text (a sentence that began mid-line does not
        # show it), so that a sentence split again is cut the same way.
        return self.line_ends(body, nxt, quoted=R.QUOTE_MARK.match(body) is not None)

    def title(self, start: int, body: str, nxt: str) -> bool:
        """A short unpunctuated line names what follows (使い方⏎…); judged on its own text only, so that
        a sentence split out of its paragraph is cut the same way."""
        if not R.TITLE.fullmatch(body):
            return False
        return not (R.WRAP_END.search(body) or R.WRAP_NEXT.match(nxt.lstrip()) or nxt[0] in _SPACE)

    def line_ends(self, body: str, nxt: str, *, quoted: bool = False) -> bool:
        """Whether a line without a final mark is a complete unit (else it is hard-wrapped)."""
        marker = R.QUOTE_MARK.match(nxt)
        if quoted and marker:
            # Two lines of one blockquote: judge the text after the markers (少しずつ⏎> 形を…).
            own = R.QUOTE_MARK.match(body)
            body, nxt = body[own.end():] if own else body, nxt[marker.end():]
            if not body or not nxt.strip():
                return True
        elif marker:
            # A quote line after a sentence that began mid-line (…。移行ツールを⏎> 使って) or after an
            # unquoted line: it goes on only where the line breaks off mid-phrase, else it opens a unit.
            head = nxt[marker.end():]
            return not (R.WRAP_END.search(body) or (body[-1] in R.CLOSERS and R.CONTINUES.match(head)))
        if R.STRONG_LINE.match(nxt) or R.HEADING_LINE.match(body):
            return True  # a list item, heading or quote line always starts a unit
        if _atom_only(body) or _atom_only(nxt):
            return True  # an image or a code span on a line of its own (an error message, a command)
        if R.LABEL_BRACKET.match(body) and not R.COMMA.match(body[-1]):
            return True  # 【お知らせ】年末年始の営業について: a title line, even ending in について
        head = nxt.lstrip()
        if body[-1] in R.CLOSERS and R.CONTINUES.match(head) and not R.LABEL_LINE.match(nxt):
            return False  # 「…」⏎と言った (but 週報（4/8〜4/12）⏎やったこと：… is a title, then a label line)
        if body[-1] in "…‥・" and R.QUOTATIVE.match(head):
            return False  # 休みなのに…⏎と思ったら: the quotative goes on
        if R.STRONG_LINE.match(body) and nxt[0] in "（(":
            return True  # - 牛乳を買う⏎（なければ豆乳）: an unindented note under a list item is its own unit
        if R.WRAP_END.search(body) or nxt[0] in _SPACE:
            return False  # ends in 、 / a particle / て-form, or an indented continuation
        if R.LABEL_LINE.match(nxt) or R.COMPLETE_END.search(body):
            return True
        if R.WRAP_NEXT.match(head):
            return False  # 汁が甘⏎い / English "for⏎small": the next line goes on
        if R.STRONG_LINE.match(body) or R.LABEL_LINE.match(body):
            return True  # the line is itself a list item, label or dialogue line
        if body[-1] in ":：":
            return True  # 次のように語った：⏎ introduces what the next line says
        if _prose(body, nxt):
            return False  # long lines are hard-wrapped prose
        if R.FINAL_PARTICLE.search(body):
            return True  # 電車、止まるかなぁ⏎: a casual sentence ends in its particle
        # One sentence per line; but a comma clause that the next line completes goes on.
        return not (R.COMMA.search(body) and (R.KANJI_END.search(body) or R.FINAL_MARK.search(nxt)))
