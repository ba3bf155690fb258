"""Which posts are sources: built files never are, overwrites are refused, opt-out, partial adoption."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app
from l10n.po import catalog

POST = "---\ntitle: 記事\n---\n\n本文です。\n"


def invoke(root, *args):
    return CliRunner().invoke(app, [*args, "--root", str(root)])


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def approve_all(root: Path) -> None:
    for path in root.rglob("*.po"):
        po = catalog.read_po(path, display=path.name)
        english = {"記事": "Post", "新しい": "New", "本文です。": "Body."}
        entries = [replace(e, msgstr=english[e.msgid], flags=()) for e in po or []]
        catalog.save(path, entries, lang="en", post_display=path.name, old=po)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_output_inside_the_source_folder_is_never_read_back(tmp_path):
    root = write(tmp_path, {"l10n.toml": 'source = "_posts"\noutput = "_posts/{lang}/{path}{ext}"\n',
                            "_posts/2024-01-01-a.md": POST})
    assert invoke(root, "extract").exit_code == 0
    approve_all(root)
    assert "wrote _posts/en/2024-01-01-a.md" in invoke(root, "build").output
    again = invoke(root, "extract")
    assert again.exit_code == 0 and "1 catalog(s) checked" in again.output
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.po")) == ["locales/en/2024-01-01-a.po"]
    assert invoke(root, "check").exit_code == 0


def test_hugo_translation_by_file_name_is_not_read_back(tmp_path):
    root = write(tmp_path, {"l10n.toml": 'preset = "hugo"\n', "content/post/a.md": POST,
                            "content/post/bundle/index.md": POST})
    invoke(root, "extract")
    approve_all(root)
    result = invoke(root, "build")
    assert "wrote content/post/a.en.md" in result.output and "wrote content/post/bundle/index.en.md" in result.output
    again = invoke(root, "extract").output
    assert "2 catalog(s) checked" in again and ".en.md" not in again
    assert sorted(p.name for p in root.rglob("*.po")) == ["a.po", "index.po"]


def test_output_that_lands_on_a_source_is_refused_before_anything_is_written(tmp_path):
    root = write(tmp_path, {"l10n.toml": "", "posts/ja/a.md": POST})
    os.symlink("ja", root / "posts" / "en")  # posts/en/a.md *is* posts/ja/a.md
    before = snapshot(root)
    result = invoke(root, "extract")
    assert result.exit_code == 3
    assert "output: posts/ja/a.md would overwrite a source post" in result.output
    assert snapshot(root) == before


def test_two_posts_sharing_an_output_are_refused_before_anything_is_written(tmp_path):
    root = write(tmp_path, {"l10n.toml": 'source = "articles"\noutput = "en/{stem}{ext}"\n',
                            "articles/a/same.md": POST, "articles/b/same.md": POST})
    before = snapshot(root)
    result = invoke(root, "build")
    assert result.exit_code == 3 and "en/same.md would also be written for articles/a/same.md [en]" in result.output
    assert snapshot(root) == before


def test_output_in_the_source_folder_without_the_language_is_refused(tmp_path):
    root = write(tmp_path, {"l10n.toml": 'output = "posts/ja/{stem}-copy{ext}"\n', "posts/ja/a.md": POST})
    result = invoke(root, "extract")
    assert result.exit_code == 3 and "is inside the source folder but has no {lang}" in result.output


def test_zero_posts_and_a_missing_source_folder_are_errors(tmp_path):
    root = write(tmp_path, {"l10n.toml": 'source = "content/psot"\n'})
    result = invoke(root, "check")
    assert result.exit_code == 3 and "source: the folder content/psot does not exist" in result.output
    write(root, {"l10n.toml": 'exclude = ["*"]\n', "posts/ja/a.md": POST})
    for command in ("extract", "build", "status", "check"):
        result = invoke(root, command)
        assert result.exit_code == 3 and "no posts selected in posts/ja" in result.output, command


def test_include_and_exclude_globs(tmp_path):
    root = write(tmp_path, {"l10n.toml": 'include = ["2024/*"]\nexclude = ["*draft*"]\n',
                            "posts/ja/2024/a.md": POST, "posts/ja/2024/draft-b.md": POST, "posts/ja/2023/c.md": POST})
    assert "1 catalog(s) checked, 1 written" in invoke(root, "extract").output
    assert [p.name for p in root.rglob("*.po")] == ["a.po"]
    named = invoke(root, "extract", str(root / "posts/ja/2023/c.md"))
    assert named.exit_code == 3 and "is not a source post" in named.output


def test_a_post_that_opted_out_is_left_alone(tmp_path):
    root = write(tmp_path, {"l10n.toml": "", "posts/ja/a.md": POST,
                            "posts/ja/private.md": "---\ntitle: 秘密\nl10n: false\n---\n\n日記です。\n"})
    assert "1 catalog(s) checked" in invoke(root, "extract").output
    assert not (root / "locales/en/private.po").exists()
    approve_all(root)
    invoke(root, "build")
    assert not (root / "posts/en/private.md").exists()
    check = invoke(root, "check")
    assert check.exit_code == 0, check.output


def test_partial_adoption_requires_only_adopted_posts(tmp_path):
    posts = {f"posts/ja/p{i}.md": POST for i in range(5)}
    posts["posts/ja/new.md"] = "---\ntitle: 新しい\nl10n: true\n---\n\n本文です。\n"
    root = write(tmp_path, {"l10n.toml": 'adoption = "partial"\n', **posts})
    first = invoke(root, "extract")  # nothing adopted yet but the opted-in post
    assert "1 catalog(s) checked, 1 written" in first.output
    invoke(root, "extract", str(root / "posts/ja/p0.md"))  # naming a post adopts it
    approve_all(root)
    build = invoke(root, "build")
    assert build.exit_code == 0 and "not written:" not in build.output
    assert "2 written" in build.output
    check = invoke(root, "check")
    assert check.exit_code == 0 and "no PO file" not in check.output, check.output
    status = invoke(root, "status")
    assert "4 post(s) not adopted yet (adoption = \"partial\")" in status.output


def test_a_zenn_article_whose_slug_cannot_take_the_suffix_is_named(tmp_path):
    long = "a-rather-long-article-name-that-nearly-fills-it-x"  # 49 characters: "-en" makes 52
    root = write(tmp_path, {"l10n.toml": 'preset = "zenn"\n', "articles/first-article-ok.md": POST,
                            f"articles/{long}.md": POST})
    invoke(root, "extract")
    result = invoke(root, "build")
    assert result.exit_code == 3
    assert (f"articles/{long}.md: cannot be published in en as articles/{long}-en.md: "
            f"Zenn slugs have 12 to 50 characters; '{long}-en' has 52") in result.output
    assert "1 post(s) had errors; the others were processed" in result.output or "not written" in result.output


def test_resolving_through_known_folders_gives_what_realpath_gives(tmp_path):
    from l10n.project import _real_name

    write(tmp_path, {"real/a.md": POST, "real/sub/b.md": POST})
    os.symlink("real", tmp_path / "linked")  # a folder link
    os.symlink("a.md", tmp_path / "real" / "alias.md")  # a file link
    os.symlink("loop", tmp_path / "loop")  # a loop
    (tmp_path / "file").write_text("x", encoding="utf-8")
    names = ["real/a.md", "linked/a.md", "linked/sub/b.md", "linked/alias.md", "real/missing.md",
             "linked/missing/x.md", "loop/x.md", "loop", "file/x.md", "linked/../real/a.md", "linked/sub/..",
             "real/./a.md"]
    folders: dict[str, str] = {}
    links: dict[str, frozenset[str] | None] = {}
    for name in names * 2:  # the second time from the filled cache
        path = tmp_path / name
        assert _real_name(str(path), folders) == os.path.realpath(path), name
        assert _real_name(str(path), {}, links) == os.path.realpath(path), name  # folders listed, not lstat


def _walked(folder: Path) -> list[Path]:
    """find_posts as it was written before post_names: os.walk, then paths sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / n for n in filenames if n.endswith((".md", ".markdown")) and not n.startswith(".")]
    return sorted(found)


def test_posts_are_found_and_ordered_as_os_walk_and_paths_give_them(tmp_path):
    from l10n.files import find_posts, post_names

    write(tmp_path, {name: POST for name in (
        "a/b.md", "a-c/x.md", "a.md", "a b/c.markdown", "ab/.hidden.md", ".git/x.md", "a/.d/y.md", "z/notes.txt",
        "real/r.md", "日本/記事.md", "A/upper.md", "a/b/c/deep.md")})
    os.symlink("real", tmp_path / "linked")  # a folder link: not entered
    os.symlink("real/r.md", tmp_path / "alias.md")  # a file link: a post, marked as a link
    os.symlink("missing.md", tmp_path / "broken.md")  # a broken link: a post too (reading it reports it)
    os.mkdir(tmp_path / "folder.md")  # a folder with a post's suffix is walked, not a post
    write(tmp_path, {"folder.md/in.md": POST})
    expected = _walked(tmp_path)
    assert find_posts(tmp_path) == expected
    names = post_names(str(tmp_path))
    assert [name for name, _ in names] == [str(p) for p in expected]
    assert [Path(name).name for name, link in names if link] == ["alias.md", "broken.md"]


def test_a_linked_post_is_known_by_the_post_it_links_to_in_every_run(tmp_path):
    root = write(tmp_path, {"l10n.toml": "", "posts/ja/a.md": POST, "posts/ja/b.md": POST.replace("本文", "別の本文")})
    os.symlink("a.md", root / "posts/ja/c.md")
    first = invoke(root, "extract")
    assert first.exit_code == 0 and "3 catalog(s) checked, 2 written" in first.output, first.output
    assert sorted(p.name for p in root.rglob("*.po")) == ["a.po", "b.po"]  # c.md is a.md
    again = invoke(root, "extract")
    assert again.exit_code == 0 and again.output == "3 catalog(s) checked, 0 written\n", again.output
    index = (root / ".l10n/cache/extract.json").read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(line.split("\t")[1] for line in index if line.startswith("p\t")) == ["a.md", "b.md"]


def test_join_is_os_path_join():
    from l10n.project import join

    for folder, name in [("/site", "posts/a.md"), ("/site/", "a.md"), ("", "a.md"), ("/site", "/abs/a.md"),
                         ("/site", ""), ("rel", "a/../b.md"), ("/", "a.md")]:
        assert join(folder, name) == os.path.join(folder, name), (folder, name)


def test_po_file_names_are_what_rglob_gives(tmp_path):
    from l10n.files import po_file_names

    write(tmp_path, {name: "x" for name in (
        "a/b.po", "a-c/x.po", "a.po", "a b/c.po", "ab/.hidden.po", ".git/x.po", "a/.d/y.po", "z/notes.txt",
        "real/r.po", "日本/記事.po", "A/upper.po", "a/b/c/deep.po", "x.po.bak", "B.PO")})
    os.symlink("real", tmp_path / "linked")  # a folder link: not entered
    os.symlink("real/r.po", tmp_path / "alias.po")  # a file link: listed
    os.symlink("missing.po", tmp_path / "broken.po")  # a broken link: listed too
    os.mkdir(tmp_path / "folder.po")  # a folder named like a PO file: listed and walked, as rglob does
    write(tmp_path, {"folder.po/in.po": "x"})
    expected = sorted(p for p in tmp_path.rglob("*.po") if not p.name.startswith("."))
    assert po_file_names(str(tmp_path)) == [str(p) for p in expected]


def test_built_names_are_the_built_files_found_by_paths(tmp_path):
    from l10n import config as config_io
    from l10n import project
    from l10n.core import layout
    from l10n.files import POST_SUFFIXES, find_posts

    for output in ("posts/{lang}/{path}{ext}", "content/{dir}/{stem}.{lang}{ext}", "{lang}/{name}", "out/{path}.md"):
        root = tmp_path / str(abs(hash(output)))
        write(root, {"l10n.toml": f'output = "{output}"\n', "posts/ja/a.md": POST,
                     **{name: POST for name in ("posts/en/a.md", "posts/en/x/b.markdown", "posts/en/.h.md",
                                                "content/a.en.md", "content/a.md", "content/p/q.en.md", "en/a.md",
                                                "en/deep/a.md", "out/a.md", "out/x/y.md", "out/z.txt")}})
        config = config_io.load(root)
        template = layout.parse(config.output, allowed=None, where="output")
        pattern = layout.matcher(template, ["en"], POST_SUFFIXES)
        folder = root / template.source.partition("{")[0].rpartition("/")[0]
        expected = [f for f in find_posts(folder) if pattern.match(f.relative_to(root).as_posix())]
        assert project.built_names(config, "en") == [str(f) for f in expected], output
        assert project.built_files(config, "en") == expected


def _two_posts(tmp_path: Path):
    from l10n import config as config_io

    root = write(tmp_path, {"l10n.toml": "", "posts/ja/a.md": POST, "posts/ja/b.md": POST, "posts/en/a.md": POST})
    return root, config_io.load(root)


def test_the_overwrite_verdict_is_kept_while_the_posts_and_folders_are_the_same(tmp_path, monkeypatch):
    from l10n import config as config_io
    from l10n import project

    root, config = _two_posts(tmp_path)
    assert project.sources(config).rels == ["a.md", "b.md"]
    rendered: list[str] = []
    real_name = config_io.Config.output_name
    monkeypatch.setattr(config_io.Config, "output_name", lambda self, lang, post: rendered.append(post) or
                        real_name(self, lang, post))
    assert project.sources(config).rels == ["a.md", "b.md"] and rendered == []  # the kept verdict
    write(root, {"posts/ja/c.md": POST})
    assert project.sources(config).rels == ["a.md", "b.md", "c.md"] and rendered == ["a.md", "b.md", "c.md"]


def test_an_output_made_a_link_to_a_source_after_the_verdict_was_kept_is_refused(tmp_path):
    from l10n import project
    from l10n.errors import InputError

    root, config = _two_posts(tmp_path)
    project.sources(config)
    (root / "posts/en/a.md").unlink()
    os.symlink("../ja/b.md", root / "posts/en/a.md")
    with pytest.raises(InputError, match="output: posts/ja/b.md would overwrite a source post"):
        project.sources(config)


def test_an_output_folder_made_a_link_to_the_sources_after_the_verdict_was_kept_is_refused(tmp_path):
    from l10n import project
    from l10n.errors import InputError

    root, config = _two_posts(tmp_path)
    project.sources(config)
    (root / "posts/en/a.md").unlink()
    (root / "posts/en").rmdir()
    os.symlink("ja", root / "posts/en")
    with pytest.raises(InputError, match="output: posts/ja/a.md would overwrite a source post"):
        project.sources(config)


def test_the_post_paths_a_run_hands_its_workers_are_post_paths_answers(tmp_path):
    """run_each passes each post's path from the walk to process_post (no realpath per post): it is
    what post_path gives for the file, through a linked source folder, file links, odd names."""
    from l10n import config as config_io
    from l10n.project import post_path, selected

    write(tmp_path, {"real/a.md": POST, "real/sub/b.md": POST, "real/名前 空白.md": POST, "real/sub/c.markdown": POST,
                     "l10n.toml": 'source = "posts/ja"\n'})
    (tmp_path / "posts").mkdir()
    os.symlink("../real", tmp_path / "posts" / "ja")  # the source folder is a link
    os.symlink("a.md", tmp_path / "real" / "alias.md")  # a file link
    os.symlink("sub", tmp_path / "real" / "folder-link")  # a folder link (not walked)
    config = config_io.load(tmp_path)
    posts = selected(config, [], None)
    assert len(posts) >= 5
    for rel, name in posts:
        assert rel == post_path(config, Path(name)), name
