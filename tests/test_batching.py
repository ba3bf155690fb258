"""The one request packer (l10n.mt.batching) of translate and judge."""

from __future__ import annotations

from l10n.mt.batching import pack, sent_bytes


def test_groups_are_kept_together_and_split_only_when_larger_than_a_request():
    groups = [["a1", "a2"], ["b1", "b2", "b3"], ["c1", "c2", "c3", "c4", "c5"]]
    assert pack(groups, lambda _: 1, max_texts=4, max_bytes=100) == [
        ["a1", "a2"], ["b1", "b2", "b3"], ["c1", "c2", "c3", "c4"], ["c5"]]


def test_single_items_pack_greedily_under_both_limits():
    items = [[n] for n in (30, 30, 50, 10, 10, 10)]
    assert pack(items, lambda n: n, max_texts=3, max_bytes=70) == [[30, 30], [50, 10, 10], [10]]


def test_an_item_larger_than_a_request_goes_alone():
    assert pack([[5], [500], [5]], lambda n: n, max_texts=10, max_bytes=100) == [[5], [500], [5]]
    assert pack([], lambda n: n, max_texts=10, max_bytes=100) == []


def test_sent_bytes_counts_each_character_as_a_json_escape():
    assert sent_bytes(len("今日は"), 16) == 3 * 6 + 16
