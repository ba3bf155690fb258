"""The segmentations extract saves for build: the same blocks as a fresh segmentation, never stale."""

from __future__ import annotations

import marshal
import shutil
import sqlite3
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n import fingerprint
from l10n.core import frontmatter
from l10n.core import post as post_io
from l10n.project import left_out, segment_post
from l10n.segment_cache import FILE, Segments
from l10n.steps import build, extract
from tests.conftest import make_site

POST = ("---\ntitle: テスト\ntags: [日本語]\n---\n\n最初の文です。二つ目の文です。  \n改行の後。\n\n## 見出し {#h}\n\n"
        "- 項目です。`code`。\n\n| 表 | です |\n| --- | --- |\n| セル。 | 二つ。 |\n\n<p>HTMLの文。</p>\n")


def never(post: post_io.Post):  # noqa: ANN201
    raise AssertionError(f"{post.path} segmented again: the saved segmentation was not used")


def load(config: config_io.Config, rel: str, *, save: bool, segment=None):  # noqa: ANN001, ANN201
    post = post_io.read(config.source_dir / rel, path=rel, display=rel)
    with Segments.of(config, save=save) as segments:
        return segments.load(post, segment or partial(segment_post, config))


def test_corpus_posts_come_back_as_segmented(tmp_path: Path, corpus: list[Path]) -> None:
    posts = {f"{n}{p.suffix}": p.read_bytes() for n, p in enumerate(corpus)}
    config = config_io.load(make_site(tmp_path, posts, 'list_keys = ["tags"]\n'))
    for rel in posts:
        try:
            fresh = segment_post(config, post_io.read(config.source_dir / rel, path=rel, display=rel))
        except Exception:  # noqa: BLE001 - a post that does not segment is never saved
            continue
        assert load(config, rel, save=True) == fresh
        assert load(config, rel, save=False, segment=never) == fresh, rel


def test_a_changed_post_or_config_is_segmented_again(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"a.md": POST})
    config = config_io.load(root)
    load(config, "a.md", save=True)
    changed = POST.replace("最初の文です。", "最初の文でした。")
    (root / "posts/ja/a.md").write_text(changed, encoding="utf-8")
    again = load(config, "a.md", save=False)
    assert again.blocks[1].units[0].text == "最初の文でした。"
    (root / "posts/ja/a.md").write_text(POST, encoding="utf-8")
    assert load(config, "a.md", save=False, segment=never).blocks[1].units[0].text == "最初の文です。"
    (root / "l10n.toml").write_text('unit = "paragraph"\n', encoding="utf-8")
    paragraph = config_io.load(root)
    assert load(paragraph, "a.md", save=False) == segment_post(
        paragraph, post_io.read(root / "posts/ja/a.md", path="a.md", display="a.md"))


def rows(root: Path) -> dict[str, bytes]:
    with sqlite3.connect(root / FILE) as db:
        return dict(db.execute("SELECT post, body FROM segments").fetchall())


def set_body(root: Path, body: str | bytes) -> None:
    db = sqlite3.connect(root / FILE)
    with db:
        db.execute("UPDATE segments SET body = ?", (body,))
    db.close()


@pytest.mark.parametrize("damage", [
    lambda body: body[: len(body) // 2],  # cut short
    lambda body: body.replace("最初".encode(), "最後".encode()),  # a changed character: the digest no longer matches
    lambda body: fingerprint.file_digest(marshal.dumps([1])).encode() + b"\t" + marshal.dumps([1]),  # no blocks
    lambda body: b"",
    lambda body: body.decode("latin-1"),  # text, as rows of the JSON format were
])
def test_a_damaged_row_is_a_miss(tmp_path: Path, damage) -> None:  # noqa: ANN001
    config = config_io.load(make_site(tmp_path, {"a.md": POST}))
    fresh = load(config, "a.md", save=True)
    set_body(tmp_path, damage(rows(tmp_path)["a.md"]))
    assert load(config, "a.md", save=False) == fresh


def test_rows_of_another_python_are_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are marshal's bytes, whose format is the Python version's: it is part of the key."""
    config = config_io.load(make_site(tmp_path, {"a.md": POST}))
    fresh = load(config, "a.md", save=True)
    assert load(config, "a.md", save=False, segment=never) == fresh
    monkeypatch.setattr("sys.version", "3.99.0 (another)")
    segmented = []
    assert load(config, "a.md", save=False, segment=lambda post: segmented.append(post) or fresh) == fresh
    assert len(segmented) == 1


@pytest.mark.parametrize("save", [False, True])
def test_a_file_that_is_no_database_is_a_miss(tmp_path: Path, save: bool) -> None:
    config = config_io.load(make_site(tmp_path, {"a.md": POST}))
    fresh = load(config, "a.md", save=True)
    (tmp_path / FILE).write_bytes(b"not a database" * 100)
    for name in ("-wal", "-shm"):
        (tmp_path / f"{FILE}{name}").unlink(missing_ok=True)
    assert load(config, "a.md", save=save) == fresh
    if save:  # extract starts a new file
        assert load(config, "a.md", save=False, segment=never) == fresh


def test_build_reuses_extract_and_writes_the_same_bytes(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST.replace("テスト", "二つ目")})
    config = config_io.load(root)
    extract.extract(config)
    assert sorted(rows(root)) == ["a.md", "b.md"]
    for po in (root / "locales").rglob("*.po"):  # every entry translated by itself
        text = po.read_text("utf-8")
        po.write_text(text.replace('msgstr ""\n\n', 'msgstr "x"\n\n'), "utf-8")
    build.build(config, incremental=False, threshold=0)
    with_cache = {p.name: p.read_bytes() for p in (root / "posts/en").rglob("*.md")}
    assert len(with_cache) == 2 and b"x" in with_cache["a.md"]
    shutil.rmtree(root / "posts/en")
    shutil.rmtree(root / ".l10n")
    build.build(config, incremental=False, threshold=0)
    assert {p.name: p.read_bytes() for p in (root / "posts/en").rglob("*.md")} == with_cache
    assert not (root / FILE).exists()  # a build never writes the cache


def test_two_processes_save_and_reuse_every_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n import pool, project

    posts = {f"p{n:03d}.md": POST.replace("テスト", f"テスト{n}") for n in range(pool.MIN_POSTS + 4)}
    root = make_site(tmp_path, posts)
    config = config_io.load(root)
    assert not extract.extract(config, jobs=2).errors
    wal = root / f"{FILE}-wal"  # the workers' log is folded into the file: one file is left
    assert not wal.exists() or wal.stat().st_size == 0
    assert sorted(rows(root)) == sorted(posts)
    monkeypatch.setattr(project, "segment_post", lambda config, post: never(post))  # inherited by the workers
    run = build.build(config, jobs=2, threshold=0)
    assert not run.errors and len(run.outcomes) == len(posts)


def test_status_reads_extracts_segmentations_and_reports_the_same(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n import project
    from l10n.steps import status

    root = make_site(tmp_path, {"a.md": POST, "b.md": POST.replace("テスト", "二つ目")})
    config = config_io.load(root)
    extract.extract(config)
    saved = (root / FILE).read_bytes()
    shutil.rmtree(root / ".l10n")
    fresh = status.status(config, incremental=False)
    (root / FILE).parent.mkdir(parents=True, exist_ok=True)  # the walk keeps its overwrite verdict there
    (root / FILE).write_bytes(saved)
    monkeypatch.setattr(project, "segment_post", lambda config, post: never(post))
    assert status.status(config, incremental=False) == fresh


@pytest.mark.parametrize(("front", "settings", "flag"), [
    ("---\nl10n: false\ntitle: あ\n---\n", "", False),
    ("---\nl10n: true\n---\n", "adoption = \"partial\"\n", True),
    ("---\nl10n: yes\n---\n", "adoption = \"partial\"\n", True),  # YAML 1.1's booleans, as PyYAML reads them
    ("---\nl10n: \"false\"\ntitle: あ\n---\n", "", None),  # a string is no flag
    ("---\ntitle: あ\n---\n", "adoption = \"partial\"\n", None),
    ("+++\nl10n = false\n+++\n", "", False),
    ("---\ntranslate: false\nl10n: true\n---\n", "opt_key = \"translate\"\n", False),
    ("", "", None),
])
def test_a_saved_row_keeps_the_posts_flag(tmp_path: Path, front: str, settings: str, flag: bool | None) -> None:
    """A post from the cache is left out (opted out, not adopted) without a YAML parser, as a fresh one is."""
    config = config_io.load(make_site(tmp_path, {"a.md": front + "\n本文です。\n"}, settings))
    load(config, "a.md", save=True)
    saved = load(config, "a.md", save=False, segment=never)
    assert saved.flag == (flag,) and frontmatter.flag(saved.post, config.opt_key) is flag
    for named in (False, True):
        assert left_out(config, saved, named=named) == left_out(config, replace(saved, flag=None), named=named)


def test_a_flag_that_cannot_be_read_is_not_saved(tmp_path: Path) -> None:
    """A frontmatter that parses as a tree but not as values (a 13th month): left_out reads it again."""
    config = config_io.load(make_site(tmp_path, {"a.md": "---\ndate: 2020-13-45\ntitle: あ\n---\n\n本文です。\n"}))
    load(config, "a.md", save=True)
    saved = load(config, "a.md", save=False, segment=never)
    assert saved.flag is None
    with pytest.raises(ValueError, match="month must be in 1..12"):
        left_out(config, saved, named=False)
