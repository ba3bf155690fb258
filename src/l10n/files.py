"""File-system edges: finding posts and writing files atomically."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from l10n.errors import FileError

POST_SUFFIXES = (".md", ".markdown")


def read_bytes(path: Path, *, display: str | None = None) -> bytes | None:
    """A file's bytes, None when it does not exist; any other OS failure is a :class:`FileError`."""
    return read_with_status(path, display=display)[0]


def read_with_status(path: Path, *, display: str | None = None) -> tuple[bytes | None, os.stat_result | None]:
    """:func:`read_bytes`, and the file's status taken (``fstat``) just before the bytes were read."""
    try:
        with open(path, "rb") as file:
            status = os.fstat(file.fileno())
            return file.read(), status
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        raise FileError.of(exc, action="read", path=display or path.as_posix()) from exc


class Changed(Exception):
    """The file changed on disk since the caller read it (see ``write_atomic(expect=...)``).

    ``displaced`` is set when the change was caught only by the swap itself: the file now
    holds ``written`` (ours) and ``displaced`` is what another program had saved there a
    moment before; the caller merges it and writes again, so it is never lost.
    """

    def __init__(self, path: Path, displaced: bytes | None = None, written: bytes | None = None) -> None:
        super().__init__(str(path))
        self.displaced, self.written = displaced, written


ANY = object()  # write_atomic(expect=ANY): replace whatever is there


def write_atomic(path: Path, data: bytes | Iterator[bytes], *, display: str | None = None,
                 expect: bytes | None | object = ANY) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename; False when unchanged.
    ``data`` may be an iterator of pieces, for a large file that should not be joined in memory:
    they are written as they are made, none kept, so the file is then always written (never
    compared with what is there) and ``expect`` cannot be given.

    A crash or Ctrl-C leaves either the old file or the new one, never half of one, and never
    the temporary file. The data are not fsync'ed: that guards against power loss only, and
    adds about 15 % to ``extract`` on a 1,000-post site (the rename is still atomic). An OS
    failure (disk full, a file where a folder should be) is a :class:`FileError` naming ``display``.

    ``expect`` (bytes, or None for "no file") makes it a compare-and-swap: the file is checked
    again just before the rename, and :class:`Changed` raised (nothing written) if it differs,
    so a caller that merged with what it read can merge again instead of losing an edit.
    """
    if isinstance(data, Iterator) and expect is not ANY:
        raise TypeError("write_atomic: expect needs the data whole, not an iterator")
    try:
        if not isinstance(data, Iterator) and _unchanged(path, data):
            return False
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, data, expect)
    except OSError as exc:
        raise FileError.of(exc, action="write", path=display or path.as_posix()) from exc
    return True


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        with open(path, "rb") as file:
            # A file of another size differs: not read (the index of a 1,000-post site is 1.6 MB).
            return os.fstat(file.fileno()).st_size == len(data) and file.read() == data
    except FileNotFoundError:
        return False


def _replace(path: Path, data: bytes | Iterator[bytes], expect: bytes | None | object) -> None:
    tmp = temporary_name(path)
    # The name is known before the file exists, so an interrupt at any point below (even
    # between os.open returning and its result being stored) still removes it.
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            _keep_mode(fd, path)
            _write_all(fd, data)
        finally:
            os.close(fd)
        if expect is ANY:
            os.replace(tmp, path)
        else:
            assert isinstance(data, bytes)  # see write_atomic
            _swap(tmp, path, data, expect)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _swap(tmp: Path, path: Path, data: bytes, expect: bytes | None | object) -> None:
    """Put ``tmp`` at ``path`` only if ``path`` holds ``expect``, with no window in between.

    A check followed by a rename leaves a gap in which another program's save is overwritten
    unseen; renameat2(RENAME_EXCHANGE) swaps the two files atomically, so what was displaced
    is known exactly (and handed back in :class:`Changed`). A new file is created with
    link(), which fails if the name was taken meanwhile.
    """
    if expect is None:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise Changed(path) from None
        tmp.unlink()
        return
    if _current(path) != expect:
        raise Changed(path)
    if not _exchange(tmp, path):
        os.replace(tmp, path)  # no atomic exchange on this system: the small gap remains
        return
    displaced = tmp.read_bytes()
    tmp.unlink()
    if displaced != expect:
        raise Changed(path, displaced, data)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two files (Linux renameat2); False where the system cannot."""
    renameat2 = _libc_renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


@cache
def _libc_renameat2() -> Any:
    """libc's renameat2, looked up on the first guarded write (every command imports this module)."""
    if sys.platform != "linux":
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def temporary_name(path: Path) -> Path:
    """A hidden, unique name beside ``path`` within the 255-byte limit of file names.

    It starts with the file's own name (so a stray one is recognisable) cut to fit, and ends
    with a random token: two writers of the same file, threads included, never collide.
    """
    token = f".{os.urandom(6).hex()}.tmp"  # secrets.token_hex, without loading hmac and base64
    name = path.name.encode("utf-8")[: _NAME_MAX - 1 - len(token)].decode("utf-8", "ignore")
    return path.with_name(f".{name}{token}")


_NAME_MAX = 255


def _keep_mode(fd: int, path: Path) -> None:
    """The mode of the file being replaced; a new file keeps open()'s 0666 less the umask
    (mkstemp's 0600 would make the user's PO files and posts private)."""
    try:
        os.fchmod(fd, path.stat().st_mode & 0o7777)
    except FileNotFoundError:
        pass


def _write_all(fd: int, data: bytes | Iterator[bytes]) -> None:
    for piece in [data] if isinstance(data, bytes) else data:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view):]


def find_posts(folder: Path) -> list[Path]:
    """Every Markdown post below ``folder``, sorted, hidden folders skipped."""
    return [Path(name) for name, _ in post_names(str(folder))]


def post_names(folder: str) -> list[tuple[str, bool]]:
    """:func:`find_posts` as strings (``folder/a/b.md``), each with whether it is a symbolic link.

    One ``scandir`` per folder and no path objects: a run over an unchanged site of 1,000 posts
    spends most of its time here and in ``stat``. Like ``os.walk``: symbolic links to folders
    are not followed, unreadable folders are skipped. Sorted as paths are (part by part).
    """
    found: list[tuple[str, bool]] = []
    folders = [folder]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    folders.append(entry.path)
            elif name.endswith(POST_SUFFIXES):
                found.append((entry.path, entry.is_symlink()))
    found.sort(key=lambda item: item[0].split(os.sep))
    return found


def po_file_names(folder: str) -> list[str]:
    """``sorted(Path(folder).rglob("*.po"))`` as strings, hidden names left out: what ``rglob`` walks
    (hidden folders too, not symbolic links to folders), one ``scandir`` per folder."""
    found: list[str] = []
    folders = [folder]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                listed = list(entries)
        except PermissionError:
            continue
        for entry in listed:
            if entry.name.endswith(".po") and not entry.name.startswith("."):
                found.append(entry.path)
            try:
                is_dir = entry.is_dir() and not entry.is_symlink()
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(entry.path)
    found.sort(key=lambda name: name.split(os.sep))
    return found


def select_posts(folder: Path, requested: Iterable[Path]) -> Iterator[Path]:
    """The posts named on the command line (files or folders), or all posts when none are."""
    requested = list(requested)
    if not requested:
        yield from find_posts(folder)
        return
    for item in requested:
        if item.is_dir():
            yield from find_posts(item)
        else:
            yield item
