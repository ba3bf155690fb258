"""``l10n-blog watch``: a resident process that extracts and builds again after each saved change.

Each test starts the real command in a subprocess on a tmp site, changes files as an author
would, and waits (generously) for the files it should write; nothing here times anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n.steps import extract
from tests.conftest import make_site
from tests.sitekit import translate

pytest.importorskip("watchfiles")

TIMEOUT = 60.0  # seconds: generous for a machine shared by many test runs
POSTS = {
    "a.md": "# 見出し\n\n最初の文です。\n",
    "b.md": "# 二つ目\n\n[前の記事](a.md#見出し)を読んでください。\n",
}
TABLE = {"見出し": "Heading", "最初の文です。": "The first sentence.", "二つ目": "Second",
         "[前の記事](a.md#見出し)を読んでください。": "Read [the previous post](a.md#見出し)."}


class Watch:
    """``l10n-blog watch`` on ``root``, its output in files (a pipe nobody reads could block it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.out, self.err = root / ".watch.out", root / ".watch.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from l10n.cli import main; main()", "watch", "--root", str(root),
                 "--debounce", "20", "--jobs", "1"], stdout=out, stderr=err)
        self.wait_for(lambda: "watching" in self.stdout(), "the first round")

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8")

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(f"watch exited ({self.process.returncode}) waiting for {what}:\n"
                            f"{self.stdout()}\n{self.stderr()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {TIMEOUT} s:\n{self.stdout()}\n{self.stderr()}")
            time.sleep(0.02)

    def rounds(self) -> int:
        """Rounds after the first (each prints one line with its time of day)."""
        return sum(" written, " in line and line[:2].isdigit() for line in self.stdout().splitlines())

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(TIMEOUT)


@pytest.fixture
def watched(tmp_path: Path):
    make_site(tmp_path, POSTS, "threshold = 0.5\n")
    assert not extract.extract(config_io.load(tmp_path)).errors
    translate(tmp_path, TABLE)
    watch = Watch(tmp_path)
    yield watch
    watch.stop()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def save(path: Path, text: str) -> None:
    """Save as editors do: a temporary file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_a_post_edit_updates_its_po_file_and_built_post_then_a_po_edit_rebuilds_it(watched: Watch) -> None:
    root = watched.root
    built, po = root / "posts/en/a.md", root / "locales/en/a.po"
    assert read(built) == "# Heading\n\nThe first sentence.\n"  # the first round built the reviewed posts
    save(root / "posts/ja/a.md", "# 見出し\n\n最初の文です。二つ目の文です。\n")
    watched.wait_for(lambda: 'msgid "二つ目の文です。"' in read(po), "new unit in the PO file")
    watched.wait_for(lambda: "二つ目の文です。" in read(built), "rebuilt post")
    assert read(built) == "# Heading\n\nThe first sentence. 二つ目の文です。\n"  # 2 of 3 reviewed, threshold 0.5
    watched.wait_for(lambda: "posts/ja/a.md: 1 PO file(s) and 1 post(s) written" in watched.stdout(), "round line")
    assert "updated   posts/ja/a.md [en]: 1 new, 0 fuzzy, 0 obsolete, 2 kept" in watched.stdout()

    # A reviewer saves the PO file: the post is rebuilt and the file is left exactly as saved.
    text = read(po).replace('msgid "二つ目の文です。"\nmsgstr ""', 'msgid "二つ目の文です。"\nmsgstr "A second one."')
    assert "A second one." in text
    save(po, text)
    watched.wait_for(lambda: "A second one." in read(built), "post rebuilt from the PO file")
    assert read(built) == "# Heading\n\nThe first sentence. A second one.\n"
    rounds = watched.rounds()
    save(root / "posts/ja/b.md", POSTS["b.md"] + "\n")  # a change after it: the PO round is over
    watched.wait_for(lambda: watched.rounds() > rounds, "a round for b.md")
    assert read(po) == text


def test_a_post_whose_link_depends_on_the_changed_one_is_rebuilt_too(watched: Watch) -> None:
    root = watched.root
    assert read(root / "posts/en/b.md") == "# Second\n\nRead [the previous post](a.md#heading).\n"
    po = root / "locales/en/a.po"
    save(po, read(po).replace('msgstr "Heading"', 'msgstr "Title"'))
    watched.wait_for(lambda: "a.md#title" in read(root / "posts/en/b.md"), "the linking post rebuilt")
    assert read(root / "posts/en/a.md") == "# Title\n\nThe first sentence.\n"


def test_a_removed_post_rebuilds_the_posts_that_link_to_it(watched: Watch) -> None:
    root = watched.root
    (root / "posts/ja/a.md").unlink()
    watched.wait_for(lambda: "a.md#見出し" in read(root / "posts/en/b.md"), "the linking post rebuilt")
    assert read(root / "posts/en/b.md") == "# Second\n\nRead [the previous post](a.md#見出し).\n"


def test_a_broken_post_names_file_and_line_and_watch_goes_on(watched: Watch) -> None:
    root = watched.root
    save(root / "posts/ja/c.md", "---\ntitle: [\n---\n本文です。\n")
    watched.wait_for(lambda: "posts/ja/c.md:3: frontmatter is not valid YAML" in watched.stderr(), "the error")
    assert watched.stderr().count("posts/ja/c.md:3:") == 1  # once, not once per step
    save(root / "posts/ja/c.md", "---\ntitle: 直した\n---\n本文です。\n")
    watched.wait_for(lambda: 'msgid "本文です。"' in read(root / "locales/en/c.po"), "the fixed post's PO file")
    assert watched.process.poll() is None


def test_a_broken_config_stops_nothing_and_is_never_used_then_the_fixed_one_is(watched: Watch) -> None:
    root = watched.root
    save(root / "l10n.toml", "threshold = 0.5\nlanguages = 3\n")
    watched.wait_for(lambda: "l10n.toml: languages: expected a list, not int" in watched.stderr(), "config error")
    before = read(root / "locales/en/a.po")
    save(root / "posts/ja/a.md", "# 見出し\n\n最初の文です。三つ目の文です。\n")
    watched.wait_for(lambda: "posts/ja/a.md: nothing done until the config is valid again" in watched.stderr(),
                     "the round that waits for the config")
    assert read(root / "locales/en/a.po") == before
    save(root / "l10n.toml", 'threshold = 0.5\nlanguages = ["en", "de"]\n')  # fixed, with a second language
    watched.wait_for(lambda: 'msgid "三つ目の文です。"' in read(root / "locales/de/a.po"), "the new language's PO file")
    watched.wait_for(lambda: 'msgid "三つ目の文です。"' in read(root / "locales/en/a.po"), "the waiting change")


def test_ctrl_c_exits_130_and_leaves_no_temporary_file(watched: Watch) -> None:
    root = watched.root
    save(root / "posts/ja/a.md", "# 見出し\n\n最初の文です。\n\n" + "".join(f"文{n}です。" for n in range(300)) + "\n")
    watched.wait_for(lambda: watched.rounds() >= 1 or "updated" in watched.stdout(), "a round")
    assert watched.stop() == 130
    assert "stopped" in watched.stderr()
    assert not [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_a_new_site_is_extracted_and_the_broken_post_is_reported_once(tmp_path: Path) -> None:
    """The first round creates locales/en, so watch starts watching it: that restart says nothing
    when nothing is new (the broken post was reported by the first round)."""
    make_site(tmp_path, {**POSTS, "c.md": "---\ntitle: [\n---\n本文です。\n"})
    watch = Watch(tmp_path)
    try:
        assert 'msgid "最初の文です。"' in read(tmp_path / "locales/en/a.po")
        time.sleep(1)  # not an assertion: lets watch start on locales/en before the edit (the silence checked below)
        save(tmp_path / "posts/ja/b.md", POSTS["b.md"] + "\n追加の文です。\n")
        watch.wait_for(lambda: "追加の文です。" in read(tmp_path / "locales/en/b.po"), "the new unit of b.md")
        watch.wait_for(lambda: "posts/ja/b.md: " in watch.stdout(), "the round of b.md")
        assert watch.stderr().count("posts/ja/c.md:3:") == 1
        assert "0 PO file(s) and 0 post(s) written, 1 error(s)" not in watch.stdout()  # nothing new: nothing said
        assert "locales/en/b.po: " not in watch.stdout()  # watch's own write is no change
    finally:
        assert watch.stop() == 130
