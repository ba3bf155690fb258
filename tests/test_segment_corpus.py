"""The segmenter's answer for every corpus post is the recorded one (speed work must not change it).

``tests/data/corpus_segmentation.json`` holds, per corpus post, a digest of its segmentation
(sentence and paragraph units: every block's kind, line, spans, content, value and units, or
the error) as recorded from the code before the speed-ups of session 22. ``pytest --regen``
rewrites it, for a change whose point is a different segmentation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from l10n.core import segment
from l10n.core.post import parse
from l10n.errors import L10nError
from tests.conftest import CORPUS

RECORD = Path(__file__).parent / "data" / "corpus_segmentation.json"


def digest(data: bytes, name: str) -> str:
    post = parse(name, data)
    out = hashlib.sha256()
    for unit in ("sentence", "paragraph"):
        try:
            seg = segment.segment(post, keys=("title", "description"), list_keys=("tags",), unit=unit)
        except L10nError as error:
            out.update(f"error {error}".encode())
            continue
        for b in seg.blocks:
            units = [(u.text, u.start, u.end, u.line, u.index) for u in b.units]
            out.update(repr((b.kind, b.line, b.pieces, b.content, b.value, units)).encode())
    return out.hexdigest()[:20]


def test_every_corpus_post_segments_as_recorded(corpus, regen):
    found = {str(path.relative_to(CORPUS)): digest(path.read_bytes(), path.name) for path in corpus}
    if regen:
        RECORD.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(RECORD.read_text("utf-8"))
    assert len(set(found) & set(recorded)) >= 300  # the corpus is the one recorded
    assert {k: v for k, v in found.items() if k in recorded} == {k: recorded[k] for k in found if k in recorded}
