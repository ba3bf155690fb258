"""Requests as full as a server allows: the one packer of ``translate`` and ``judge``.

A request holds at most ``max_texts`` items and ``max_bytes`` bytes as sent. Sizes are
counted at their worst (:func:`sent_bytes`): JSON clients escape every non-ASCII
character as ``\\uXXXX``, six bytes for one Japanese character.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

BYTES_PER_CHAR = 6  # "\\uXXXX"


def sent_bytes(chars: int, overhead: int) -> int:
    """Bytes of a text of ``chars`` characters in a request at worst, with ``overhead`` bytes of JSON around it."""
    return BYTES_PER_CHAR * chars + overhead


def pack(groups: Iterable[Sequence[T]], cost: Callable[[T], int], *, max_texts: int, max_bytes: int
         ) -> list[list[T]]:
    """The items of ``groups`` in order, in batches of at most ``max_texts`` items and ``max_bytes`` cost.

    A group (the units of one paragraph, which share a context) starts a new batch when it
    does not fit in the current one; it is split only when it is larger than a whole batch.
    Groups of one item give a plain greedy packing.
    """
    out: list[list[T]] = [[]]
    size = 0

    def fits(texts: int, more: int) -> bool:
        return len(out[-1]) + texts <= max_texts and size + more <= max_bytes

    for group in groups:
        if out[-1] and not fits(len(group), sum(cost(item) for item in group)):
            out.append([])
            size = 0
        for item in group:
            if out[-1] and not fits(1, cost(item)):
                out.append([])
                size = 0
            out[-1].append(item)
            size += cost(item)
    return [batch for batch in out if batch]


__all__ = ["BYTES_PER_CHAR", "pack", "sent_bytes"]
