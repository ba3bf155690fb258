"""The splitter's answers on real text are pinned: a speed change must not move one boundary.

Each test splits a set of texts read at test time and compares a digest of every span list
with the digest the splitter gave at main 2ef476c (session 22, before its speed work). The
digests were computed once with ``_digest`` below on that commit; a rule change that moves a
boundary on purpose updates them (and says so in its commit message). The first digest also
depends on which texts the segmenter hands over: a segmenter change that alters them changes
it too, while the other two (texts read straight from the files) show whether the splitter moved.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from l10n.core import post as post_io
from l10n.core import segment
from l10n.core.sentences import split
from l10n.errors import InputError
from tests.conftest import corpus_files

REPO = Path(__file__).resolve().parents[1]
GOLDS = [REPO.parent / "shared" / "segmentation" / "dev-gold.jsonl"] + [
    REPO / "bench" / "segmentation" / f"{name}-gold.jsonl" for name in ("blind", "blind2", "blind3", "blind4")
]
_FRONTMATTER = re.compile(r"\A(---|\+\+\+)\n.*?\n\1\n", re.S)
_BLANK = re.compile(r"\n[ \t]*\n")


def _digest(texts: Iterable[str]) -> tuple[int, str]:
    """How many texts, and a digest of the spans of each, in order."""
    h, n = hashlib.sha256(), 0
    for text in texts:
        h.update(json.dumps(split(text)).encode() + b"\n")
        n += 1
    return n, h.hexdigest()[:16]


def _posts() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is not present")
    return files


def _segmenter_texts() -> list[str]:
    """Every text the segmenter hands the splitter, over every corpus post that parses."""
    texts: list[str] = []

    def record(text: str) -> list[tuple[int, int]]:
        texts.append(text)
        return [(0, len(text))] if text.strip() else []

    for path in _posts():
        try:
            post = post_io.parse(path.name, path.read_bytes())
            segment.segment(post, keys=("title", "description"), splitter=record)
        except InputError:  # the corpus's posts with broken frontmatter: their blocks come below
            continue
    return texts


def _raw_blocks() -> list[str]:
    """Every post body cut at blank lines, code and all (text the segmenter never hands over),
    then each line of each block alone."""
    blocks: list[str] = []
    for path in _posts():
        body = _FRONTMATTER.sub("", path.read_text(encoding="utf-8", errors="replace"))
        blocks += [b for b in _BLANK.split(body.replace("\r\n", "\n")) if b.strip()]
    return blocks + [line for b in blocks for line in b.split("\n")]


def _gold_texts() -> list[str]:
    texts: list[str] = []
    for path in GOLDS:
        if not path.exists():
            pytest.skip(f"{path} is absent")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                texts += [rec["text"], *rec["sentences"]]
    return texts


def test_every_corpus_text_the_segmenter_splits_keeps_its_boundaries() -> None:
    assert _digest(_segmenter_texts()) == (12952, "dc5a3188f47806e0")


# Session 23: a quote line after a sentence that began mid-line opens a unit unless the line breaks
# off mid-phrase (28 raw blocks ``> **Def. 群**⏎> …``: ``群**`` no longer joins the next line; the
# gold sentence ``移行ツールを⏎> 使って…`` split on its own stays whole). See the CHANGELOG.
def test_every_corpus_block_and_line_keeps_its_boundaries() -> None:
    assert _digest(_raw_blocks()) == (51676, "41d26d3ab812acac")


def test_every_gold_paragraph_and_sentence_keeps_its_boundaries() -> None:
    assert _digest(_gold_texts()) == (3091, "a50cf76df839a150")
