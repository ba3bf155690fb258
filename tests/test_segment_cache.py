"""The segmentations extract saves for build: the same blocks as a fresh segmentation, never stale."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n.core import post as post_io
from l10n.project import segment_post
from l10n.segment_cache import FOLDER, Segments
from l10n.steps import build, extract
from tests.conftest import make_site

POST = ("---\ntitle: テスト\ntags: [日本語]\n---\n\n最初の文です。二つ目の文です。  \n改行の後。\n\n## 見出し {#h}\n\n"
        "- 項目です。`code`。\n\n| 表 | です |\n| --- | --- |\n| セル。 | 二つ。 |\n\n<p>HTMLの文。</p>\n")


def never(post: post_io.Post):  # noqa: ANN201
    raise AssertionError(f"{post.path} segmented again: the saved segmentation was not used")


def load(config: config_io.Config, rel: str, *, save: bool, segment=None):  # noqa: ANN001, ANN201
    post = post_io.read(config.source_dir / rel, path=rel, display=rel)
    return Segments.of(config, save=save).load(post, segment or partial(segment_post, config))


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


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: data.replace("最初".encode(), "最後".encode()),  # a changed byte in the body
    lambda data: data.replace(b"[[", b"[{", 1),  # a body that is no longer blocks (digest made to match below)
    lambda data: b"\xff\xfe" + data,  # not UTF-8
    lambda data: b"",
])
def test_a_damaged_file_is_a_miss(tmp_path: Path, damage) -> None:  # noqa: ANN001
    from l10n import fingerprint

    config = config_io.load(make_site(tmp_path, {"a.md": POST}))
    fresh = load(config, "a.md", save=True)
    path = tmp_path / FOLDER / "a.md.json"
    data = damage(path.read_bytes())
    head, _, body = data.partition(b"\n")
    if b"[{" in body:  # a body with a right digest that does not load: still a miss, no exception
        data = head.split(b"\t")[0] + b"\t" + fingerprint.combine(body.decode()).encode() + b"\n" + body
    path.write_bytes(data)
    assert load(config, "a.md", save=False) == fresh


def test_build_reuses_extract_and_writes_the_same_bytes(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST.replace("テスト", "二つ目")})
    config = config_io.load(root)
    extract.extract(config)
    saved = sorted(p.relative_to(root).as_posix() for p in (root / FOLDER).rglob("*.json"))
    assert saved == [f"{FOLDER}/a.md.json", f"{FOLDER}/b.md.json"]
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
    assert not (root / FOLDER).exists()  # a build never writes the cache
