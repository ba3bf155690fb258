"""Operating-system failures (disk full, unwritable folders, unreadable PO files, odd names):
one error type naming the file, one post at a time, the others go on, no temporary file left."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app
from l10n.errors import FileError
from tests.conftest import make_site

GOOD = "---\ntitle: 良い記事\n---\n\n一文目です。二文目です。\n"


def invoke(root: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--root", str(root)])


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*") if p.name.endswith(".tmp")]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 256 KiB tmpfs (needs root; skipped elsewhere, the fault-injection tests cover the logic)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_disk_full_names_the_file_goes_on_and_leaves_no_temporary_file(small_disk: Path):
    # 40 posts on a 256 KiB disk (a page per file): the first PO files fit, the later ones do not.
    root = make_site(small_disk, {f"p{n:02}.md": GOOD.replace("一文目", f"第{n}文目") * 20 for n in range(40)})
    result = invoke(root, "extract")
    assert result.exit_code != 0
    assert "could not write: No space left on device" in result.output
    assert "Traceback" not in result.output
    written = sorted(p.name for p in (root / "locales/en").glob("*.po"))
    assert written and len(written) < 40  # some posts were processed, not stopped at the first failure
    assert leftovers(root) == []
    failed = result.output.count("could not write: No space left on device")
    assert failed == 40 - len(written)  # every post was tried


def test_a_failing_write_leaves_no_temporary_file_and_the_old_file(tmp_path: Path, monkeypatch):
    from l10n import files

    target = tmp_path / "x.po"
    target.write_bytes(b"old")

    def full(fd: int, data: bytes) -> None:
        os.write(fd, data[:3])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_write_all", full)
    with pytest.raises(FileError) as info:
        files.write_atomic(target, b"new content", display="locales/en/x.po")
    assert str(info.value) == "locales/en/x.po: could not write: No space left on device"
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_unwritable_output_folder_fails_that_post_only(tmp_path: Path):
    root = make_site(tmp_path, {"a.md": GOOD, "sub/b.md": GOOD})
    assert invoke(root, "extract").exit_code == 0
    assert invoke(root, "build", "--threshold", "0").exit_code == 0
    shutil.rmtree(root / "posts/en/sub")
    (root / "posts/en/sub").write_text("a file where a folder should be")
    (root / "posts/ja/a.md").write_text(GOOD + "追加。\n", encoding="utf-8")
    result = invoke(root, "build", "--threshold", "0")
    assert result.exit_code == 3
    assert "posts/en/sub/b.md: could not write: Not a directory" in result.output
    assert "Traceback" not in result.output
    assert "追加" in (root / "posts/en/a.md").read_text("utf-8")  # the other post went on


@pytest.mark.parametrize("command", ["status", "check", "extract", "build"])
def test_an_unreadable_po_file_is_an_input_error_not_a_crash(tmp_path: Path, command: str):
    root = make_site(tmp_path, {"a.md": GOOD, "b.md": GOOD})
    assert invoke(root, "extract").exit_code == 0
    po = root / "locales/en/a.po"
    po.unlink()
    po.mkdir()  # reading it fails with an OS error (root may read any file, so no chmod)
    result = invoke(root, command)
    assert result.exit_code == 3, result.output
    assert "locales/en/a.po" in result.output and "could not read" in result.output
    assert "Traceback" not in result.output


def test_a_253_byte_post_name_is_handled(tmp_path: Path):
    name = "あ" * 83 + "xx.md"  # 83 * 3 + 5 = 254 bytes: the temporary file's name must not exceed 255
    assert len(name.encode()) == 254
    root = make_site(tmp_path, {name: GOOD, "other.md": GOOD})
    result = invoke(root, "extract")
    assert result.exit_code == 0, result.output
    assert (root / "locales/en" / (name[:-3] + ".po")).exists()
    assert invoke(root, "build", "--threshold", "0").exit_code == 0
    assert (root / "posts/en" / name).exists() and leftovers(root) == []


def test_a_newline_in_a_post_name_is_refused_clearly(tmp_path: Path):
    root = make_site(tmp_path, {"bad\nname.md": GOOD, "good.md": GOOD})
    result = invoke(root, "extract")
    assert result.exit_code == 3
    assert "line break" in result.output and "rename" in result.output
    assert (root / "locales/en/good.po").exists()
    assert sorted(p.name for p in (root / "locales/en").iterdir()) == ["good.po"]


_WRITER = """
import sys
from pathlib import Path
from l10n.files import write_atomic
folder = Path(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    n += 1
    write_atomic(folder / "x.po", str(n).encode() * 5000)
"""


def test_sigint_never_leaves_a_temporary_file(tmp_path: Path):
    import random
    import signal
    import time

    rng = random.Random(15)
    for attempt in range(20):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(folder)], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        assert [p.name for p in folder.iterdir() if p.name != "x.po"] == [], f"attempt {attempt}"


def test_unique_temporary_names(tmp_path: Path):
    from l10n.files import temporary_name

    target = tmp_path / ("a" * 255)
    names = {temporary_name(target).name for _ in range(50)}
    assert len(names) == 50 and all(len(n.encode()) <= 255 and n.startswith(".") for n in names)


def test_build_and_check_agree_on_a_post_at_exactly_the_threshold(tmp_path: Path):
    from dataclasses import replace

    from l10n.po import catalog

    # 25 units, 7 reviewed, threshold 0.28: 0.28 * 25 is 7.000000000000001 in floating point.
    root = make_site(tmp_path, {"a.md": "".join(f"第{n}段落です。\n\n" for n in range(25))},
                     'threshold = 0.28\nunit = "paragraph"\n')
    assert invoke(root, "extract").exit_code == 0
    path = root / "locales/en/a.po"
    po = catalog.read_po(path)
    entries = [replace(e, msgstr=f"Paragraph {n}.") if n < 7 else e for n, e in enumerate(po)]
    catalog.save(path, entries, lang="en", post_display="posts/ja/a.md", old=po)
    result = invoke(root, "build")
    assert result.exit_code == 0 and (root / "posts/en/a.md").exists(), result.output
    assert invoke(root, "check", "--no-cache").exit_code == 0


def test_translate_saves_the_other_posts_when_one_po_file_cannot_be_written(tmp_path: Path, deepl_server,
                                                                             monkeypatch):
    from l10n import config as config_io
    from l10n import files
    from l10n.po import catalog
    from l10n.steps import extract
    from l10n.steps.translate import translate

    root = make_site(tmp_path, {"a.md": GOOD, "b.md": "別の記事です。\n"},
                     f'backend = "deepl"\n\n[backends.deepl]\nserver_url = "{deepl_server.url}"\n')
    config = config_io.load(root)
    assert not extract.extract(config).errors
    real = files._replace

    def full_for_a(path: Path, data: bytes, expect: object) -> None:
        if path.name == "a.po":
            raise OSError(28, "No space left on device")
        real(path, data, expect)

    monkeypatch.setattr(files, "_replace", full_for_a)
    summary = translate(config, lang="en", env={"DEEPL_AUTH_KEY": deepl_server.auth_key}, now=lambda: 1.0)
    assert [str(e) for e in summary.errors] == ["locales/en/a.po: could not write: No space left on device"]
    assert all(e.msgstr for e in catalog.read_po(root / "locales/en/b.po"))
    assert leftovers(root) == []


def test_an_unreadable_post_is_reported_like_every_os_failure(tmp_path: Path):
    root = make_site(tmp_path, {"a.md": GOOD, "b.md": GOOD})
    (root / "posts/ja/a.md").unlink()
    (root / "posts/ja/a.md").symlink_to(root / "posts/ja/a.md")  # a loop: reading fails with ELOOP
    result = invoke(root, "extract")
    assert result.exit_code == 3
    assert "posts/ja/a.md: could not read: Too many levels of symbolic links" in result.output
    assert (root / "locales/en/b.po").exists()


def test_a_read_only_file_system_names_each_file_and_exits_3(small_disk: Path):
    root = make_site(small_disk, {"a.md": GOOD, "b.md": GOOD})
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        result = invoke(root, "extract")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert result.exit_code == 3 and "Traceback" not in result.output
    for name in ("a", "b"):
        assert f"locales/en/{name}.po: could not write: Read-only file system" in result.output


def test_a_tab_in_a_post_name_is_refused_clearly(tmp_path: Path):
    root = make_site(tmp_path, {"a\tb.md": GOOD, "good.md": GOOD})
    result = invoke(root, "extract")
    assert result.exit_code == 3
    assert "posts/ja/a\\tb.md: the file name contains the control character '\\t'" in result.output
    assert sorted(p.name for p in (root / "locales/en").iterdir()) == ["good.po"]
