from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.files import write_atomic


def test_write_atomic_creates_parents_and_reports_changes(tmp_path: Path):
    target = tmp_path / "a" / "b" / "x.po"
    assert write_atomic(target, b"one")
    assert not write_atomic(target, b"one")  # unchanged: not rewritten
    assert write_atomic(target, b"two") and target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["x.po"]  # no temporary file left behind


def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(tmp_path: Path):
    mask = os.umask(0o022)
    try:
        new = tmp_path / "new.md"
        write_atomic(new, b"x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.md"
        kept.write_bytes(b"old")
        kept.chmod(0o664)
        write_atomic(kept, b"new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664
    finally:
        os.umask(mask)


def test_a_stale_temporary_file_does_not_block_writing(tmp_path: Path):
    target = tmp_path / "x.po"
    (tmp_path / f".x.po.{os.getpid()}.tmp").write_bytes(b"left by a crash")
    assert write_atomic(target, b"data") and target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's private 0600


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.one_of(st.none(), st.binary(max_size=40)), new=st.binary(max_size=40))
def test_write_atomic_reports_a_change_exactly_when_the_bytes_differ(tmp_path: Path, old: bytes | None, new: bytes):
    """A file of another size is not read (it differs); one of the same size is compared byte by byte."""
    target = tmp_path / "x.po"
    target.unlink(missing_ok=True)
    if old is not None:
        target.write_bytes(old)
        os.utime(target, ns=(1, 1))
    assert write_atomic(target, new) == (old != new)
    assert target.read_bytes() == new
    if old == new:
        assert target.stat().st_mtime_ns == 1  # not rewritten


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.none() | st.binary(max_size=40), pieces=st.lists(st.binary(max_size=12), max_size=5))
def test_pieces_are_written_as_their_join(tmp_path: Path, old: bytes | None, pieces: list[bytes]):
    """A large file (the incremental index) is written from pieces never joined in memory."""
    target = tmp_path / "index.json"
    target.unlink(missing_ok=True)
    if old is not None:
        target.write_bytes(old)
    assert write_atomic(target, iter(pieces))  # never compared: always written
    assert target.read_bytes() == b"".join(pieces)
    assert list(tmp_path.iterdir()) == [target]


def test_write_atomic_writes_pieces_from_an_iterator_as_they_are_made(tmp_path: Path):
    target = tmp_path / "index.json"
    made = []

    def pieces():  # noqa: ANN202
        for piece in (b"one ", b"two ", b"three"):
            made.append(piece)
            yield piece

    assert write_atomic(target, pieces()) and target.read_bytes() == b"one two three"
    assert write_atomic(target, iter([b"one two three"]))  # never compared: always written
    with pytest.raises(TypeError):
        write_atomic(target, pieces(), expect=b"one two three")
    assert made == [b"one ", b"two ", b"three"] and target.read_bytes() == b"one two three"
