from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from l10n.errors import InputError
from l10n.mt.memory import SCHEMA_VERSION, Match, Memory, MemoryEntry, normalize_source, rebuild

JA, EN = "ja", "en"


def entry(source: str, target: str, *, reviewed: bool = False, time: float = 1.0, origin: str = "deepl",
          target_lang: str = EN) -> MemoryEntry:
    return MemoryEntry(source=source, target=target, source_lang=JA, target_lang=target_lang,
                       origin=origin, reviewed=reviewed, time=time)


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[Memory]:
    with Memory.open(tmp_path / ".l10n" / "memory.sqlite") as opened:
        yield opened


def exact(memory: Memory, source: str, target_lang: str = EN) -> Match | None:
    return memory.lookup_exact([source], source_lang=JA, target_lang=target_lang).get(source)


# -- normalization -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  hello \t  world \n", "hello world"),
        ("運転を担\n当した", "運転を担当した"),
        ("運転を担 \n  当した。\n次の文", "運転を担当した。次の文"),
        ("Python\nを使う", "Python を使う"),  # a Latin neighbour keeps one space
        ("日本\u3000語", "日本語"),  # an ideographic space is whitespace too
        ("カタカナ\nひらがな", "カタカナひらがな"),
        ("", ""),
    ],
)
def test_normalize_source(text: str, key: str) -> None:
    assert normalize_source(text) == key


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_source(text)
    assert normalize_source(once) == once


_CJK_CHARS = st.sampled_from("運転担当した日本語。、「」カタカナｱｲ￥漢字を")
_ANY_CHARS = st.one_of(_CJK_CHARS, st.sampled_from("ab Z1 .\n\t"))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(st.lists(_ANY_CHARS, min_size=1, max_size=40), st.data())
def test_rewrapped_source_is_found(memory: Memory, chars: list[str], data: st.DataObject) -> None:
    source = "".join(chars)
    if not normalize_source(source):
        return
    memory.remember_many([entry(source, "T:" + source)])
    gaps = [i for i in range(1, len(source)) if source[i - 1] in "運転担当した日本語。、「」カタカナｱｲ￥漢字を"
            and source[i] in "運転担当した日本語。、「」カタカナｱｲ￥漢字を"]
    cuts = data.draw(st.lists(st.sampled_from(gaps), unique=True)) if gaps else []
    wrapped = source
    for cut in sorted(cuts, reverse=True):
        wrapped = wrapped[:cut] + data.draw(st.sampled_from(["\n", " \n  ", "\r\n", "\u3000"])) + wrapped[cut:]
    found = exact(memory, wrapped)
    assert found is not None and found.target == "T:" + source


# -- remember / lookup -------------------------------------------------------------------

def test_remember_and_lookup_exact(memory: Memory) -> None:
    assert memory.remember_many([entry("猫です。", "It is a cat.", origin="openai")]) == 1
    assert exact(memory, "猫です。") == Match(source="猫です。", target="It is a cat.", score=1.0,
                                            origin="openai", reviewed=False)
    assert exact(memory, "犬です。") is None


def test_lookup_is_per_pair(memory: Memory) -> None:
    memory.remember_many([entry("猫", "cat"), entry("猫", "chat", target_lang="fr")])
    assert exact(memory, "猫").target == "cat"  # type: ignore[union-attr]
    assert exact(memory, "猫", target_lang="fr").target == "chat"  # type: ignore[union-attr]
    assert exact(memory, "猫", target_lang="de") is None


def test_lookup_exact_keys_results_by_given_strings(memory: Memory) -> None:
    memory.remember_many([entry("運転を担当した", "drove")])
    found = memory.lookup_exact(["運転を担\n当した", " 運転を担当した ", "無い"], source_lang=JA, target_lang=EN)
    assert set(found) == {"運転を担\n当した", " 運転を担当した "}
    assert {match.target for match in found.values()} == {"drove"}


def test_lookup_exact_many_chunks(memory: Memory) -> None:
    sources = [f"文{i}です" for i in range(1234)]
    memory.remember_many(entry(source, f"s{i}") for i, source in enumerate(sources))
    found = memory.lookup_exact(sources + ["無い"], source_lang=JA, target_lang=EN)
    assert len(found) == 1234 and found["文1233です"].target == "s1233"


def test_empty_source_or_target_is_not_remembered(memory: Memory) -> None:
    assert memory.remember_many([entry(" \n ", "x"), entry("猫", "")]) == 0
    assert memory.stats().total == 0


def test_failing_iterable_stores_nothing(memory: Memory) -> None:
    def entries() -> Iterator[MemoryEntry]:
        yield entry("猫", "cat")
        raise RuntimeError("backend died")

    with pytest.raises(RuntimeError):
        memory.remember_many(entries())
    assert exact(memory, "猫") is None


# -- precedence --------------------------------------------------------------------------

@pytest.mark.parametrize("machine_time", [0.5, 5.0])
def test_reviewed_beats_machine_in_either_order(memory: Memory, machine_time: float) -> None:
    memory.remember_many([entry("猫", "reviewed cat", reviewed=True, time=1.0, origin="reviewed")])
    assert memory.remember_many([entry("猫", "machine cat", time=machine_time)]) == 0
    assert exact(memory, "猫").target == "reviewed cat"  # type: ignore[union-attr]


def test_reviewed_replaces_machine(memory: Memory) -> None:
    memory.remember_many([entry("猫", "machine cat", time=9.0)])
    memory.remember_many([entry("猫", "reviewed cat", reviewed=True, time=1.0)])
    assert exact(memory, "猫") == Match("猫", "reviewed cat", 1.0, "deepl", True)


def test_newer_reviewed_replaces_older_but_not_the_reverse(memory: Memory) -> None:
    memory.remember_many([entry("猫", "old", reviewed=True, time=1.0)])
    memory.remember_many([entry("猫", "new", reviewed=True, time=2.0)])
    memory.remember_many([entry("猫", "stale", reviewed=True, time=1.5)])
    assert exact(memory, "猫").target == "new"  # type: ignore[union-attr]


def test_precedence_within_one_batch_and_across_rewrapping(memory: Memory) -> None:
    memory.remember_many([
        entry("運転を担当した", "reviewed", reviewed=True, time=1.0),
        entry("運転を担\n当した", "draft", time=2.0),
        entry("猫", "draft 1", time=1.0),
        entry("猫", "draft 2", time=2.0),
    ])
    assert exact(memory, "運転を担当した").target == "reviewed"  # type: ignore[union-attr]
    assert exact(memory, "猫").target == "draft 2"  # type: ignore[union-attr]


# -- fuzzy -------------------------------------------------------------------------------

def test_fuzzy_threshold(memory: Memory) -> None:
    memory.remember_many([entry("今日は電車で東京へ行きました。", "train")])
    query = "今日はバスで東京へ行きました。"
    score = Indel.normalized_similarity(query, "今日は電車で東京へ行きました。")
    [match] = memory.lookup_fuzzy(query, source_lang=JA, target_lang=EN, threshold=score)
    assert match.target == "train" and match.score == pytest.approx(score)
    assert memory.lookup_fuzzy(query, source_lang=JA, target_lang=EN, threshold=score + 0.01) == []
    assert memory.lookup_fuzzy("全く別の文章です", source_lang=JA, target_lang=EN) == []


def test_fuzzy_limit_order_and_reviewed_tie_break(memory: Memory) -> None:
    memory.remember_many([
        entry("あいうえおかきくけX", "machine", time=5.0),
        entry("あいうえおかきくけY", "reviewed", reviewed=True, time=1.0),
        entry("あいうえおかきくZZ", "further"),
    ])
    matches = memory.lookup_fuzzy("あいうえおかきくけこ", source_lang=JA, target_lang=EN, threshold=0.7, limit=3)
    assert [m.target for m in matches] == ["reviewed", "machine", "further"]
    assert matches[0].score == matches[1].score > matches[2].score
    top = memory.lookup_fuzzy("あいうえおかきくけこ", source_lang=JA, target_lang=EN, threshold=0.7)
    assert [m.target for m in top] == ["reviewed"]


def test_fuzzy_is_whitespace_insensitive(memory: Memory) -> None:
    memory.remember_many([entry("運転を担当した", "drove")])
    [match] = memory.lookup_fuzzy("運転を\n担当した", source_lang=JA, target_lang=EN)
    assert match.score == 1.0


def test_fuzzy_rejects_bad_threshold(memory: Memory) -> None:
    with pytest.raises(ValueError):
        memory.lookup_fuzzy("猫", source_lang=JA, target_lang=EN, threshold=0)


@pytest.mark.parametrize("threshold", [0.5, 0.75, 0.9])
def test_fuzzy_length_window_loses_nothing(memory: Memory, threshold: float) -> None:
    rng = random.Random(7)
    keys = list({"".join(rng.choices("あいうえお運転", k=rng.randint(1, 30))) for _ in range(400)})
    memory.remember_many(entry(key, key) for key in keys)
    for _ in range(40):
        query = "".join(rng.choices("あいうえお運転", k=rng.randint(1, 30)))
        expected = {k for k in keys if Indel.normalized_similarity(query, k) >= threshold}
        matches = memory.lookup_fuzzy(query, source_lang=JA, target_lang=EN, threshold=threshold, limit=10_000)
        assert {m.source for m in matches} == expected


def test_fuzzy_sees_writes_of_another_connection(memory: Memory) -> None:
    assert memory.lookup_fuzzy("猫です", source_lang=JA, target_lang=EN) == []
    with Memory.open(memory.path) as other:
        other.remember_many([entry("猫です", "cat")])
    assert [m.target for m in memory.lookup_fuzzy("猫です", source_lang=JA, target_lang=EN)] == ["cat"]


def test_fuzzy_sees_own_writes(memory: Memory) -> None:
    assert memory.lookup_fuzzy("猫です", source_lang=JA, target_lang=EN) == []
    memory.remember_many([entry("猫です", "cat")])
    assert len(memory.lookup_fuzzy("猫です", source_lang=JA, target_lang=EN)) == 1


# -- rebuild, stats, persistence ---------------------------------------------------------

def test_replace_all(memory: Memory) -> None:
    memory.remember_many([entry("古い", "old", reviewed=True)])
    assert memory.replace_all([entry("新しい", "new"), entry("新しい", "newer", time=2.0)]) == 1
    assert exact(memory, "古い") is None
    assert exact(memory, "新しい").target == "newer"  # type: ignore[union-attr]


def test_rebuild_function(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    with Memory.open(path) as memory:
        memory.remember_many([entry("古い", "old")])
    stats = rebuild([entry("猫", "cat", reviewed=True), entry("犬", "dog")], path=path)
    assert (stats.total, stats.reviewed, stats.machine) == (2, 1, 1)


def test_stats(memory: Memory) -> None:
    memory.remember_many([entry("猫", "cat", reviewed=True), entry("犬", "dog"),
                          entry("猫", "chat", target_lang="fr")])
    stats = memory.stats()
    assert [(p.target_lang, p.reviewed, p.machine, p.total) for p in stats.pairs] == [("en", 1, 1, 2), ("fr", 0, 1, 1)]
    assert stats.total == 3


def test_persistence_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "memory.sqlite"
    with Memory.open(path) as memory:
        memory.remember_many([entry("猫", "cat", reviewed=True)])
    with Memory.open(str(path)) as memory:
        assert exact(memory, "猫") == Match("猫", "cat", 1.0, "deepl", True)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


# -- errors ------------------------------------------------------------------------------

def test_corrupt_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    path.write_bytes(b"this is not a database, just some text\n" * 100)
    with pytest.raises(InputError) as info:
        Memory.open(path)
    assert info.value.path == str(path) and str(path) in str(info.value)
    assert info.value.hint is not None and "l10n-blog memory rebuild" in info.value.hint
    assert info.value.exit_code == 3


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE notes (body TEXT)")
    raw.close()
    with pytest.raises(InputError, match="not an l10n translation memory"):
        Memory.open(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    Memory.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(InputError, match="schema version"):
        Memory.open(path)


def test_unusable_parent_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError):
        Memory.open(tmp_path / "file" / "memory.sqlite")
