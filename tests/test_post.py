from __future__ import annotations

import pytest

from l10n.core.post import parse
from l10n.errors import InputError


def test_yaml_frontmatter_located():
    post = parse("a.md", "---\ntitle: x\n---\n本文\n".encode())
    assert post.frontmatter == "yaml"
    assert post.text[post.fm_start : post.fm_end] == "title: x\n"
    assert post.text[post.body_start :] == "本文\n"
    assert post.body_line == 4


def test_toml_frontmatter_located():
    post = parse("a.md", b'+++\ntitle = "x"\n+++\nbody')
    assert post.frontmatter == "toml"
    assert post.text[post.fm_start : post.fm_end] == 'title = "x"\n'


def test_crlf_and_bom_kept():
    data = "\ufeff---\r\ntitle: x\r\n---\r\n本文\r\n".encode()
    post = parse("a.md", data)
    assert post.bom and post.newline == "\r\n"
    assert post.encode(post.text) == data


def test_no_frontmatter_and_no_final_newline():
    post = parse("a.md", "本文だけ".encode())
    assert post.frontmatter == "none" and post.body_start == 0


def test_unclosed_opener_is_not_frontmatter():
    post = parse("a.md", "---\n本文\n".encode())
    assert post.frontmatter == "none"


def test_yaml_may_close_with_dots():
    post = parse("a.md", b"---\ntitle: x\n...\nbody\n")
    assert post.frontmatter == "yaml" and post.text[post.body_start :] == "body\n"


def test_invalid_utf8_names_file_and_line():
    with pytest.raises(InputError) as info:
        parse("a.md", b"ok\nok\nbad \xff\n", display="posts/ja/a.md")
    assert str(info.value) == "posts/ja/a.md:3: not valid UTF-8"
