"""Path templates: rendering each generator's layout, matching built files, Zenn slugs."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.core import layout
from l10n.errors import InputError

ALL = layout.POST_PLACEHOLDERS


def out(template: str, post: str, lang: str = "en") -> str:
    return layout.render(layout.parse(template, allowed=ALL, where="output"), layout.post_values(post, lang))


@pytest.mark.parametrize("template, post, expected", [
    ("content/{dir}/{stem}.{lang}{ext}", "post/foo.md", "content/post/foo.en.md"),
    ("content/{dir}/{stem}.{lang}{ext}", "foo.md", "content/foo.en.md"),  # no "//" for a top-level post
    ("content/{dir}/{stem}.{lang}{ext}", "post/bundle/index.md", "content/post/bundle/index.en.md"),
    ("content/{lang}/{path}{ext}", "post/foo.md", "content/en/post/foo.md"),
    ("{lang}/_posts/{path}{ext}", "2024-01-02-hi.markdown", "en/_posts/2024-01-02-hi.markdown"),
    ("articles/{stem}-{lang_id}{ext}", "my-first-article.md", "articles/my-first-article-en.md"),
    ("articles/{stem}-{lang_id}{ext}", "my-first-article.md", "articles/my-first-article-zh-hans.md"),
])
def test_each_generators_layout_is_one_template(template, post, expected):
    lang = "zh_Hans" if expected.endswith("zh-hans.md") else "en"
    assert out(template, post, lang) == expected


@pytest.mark.parametrize("template, path, matches", [
    ("content/{dir}/{stem}.{lang}{ext}", "content/post/foo.en.md", True),
    ("content/{dir}/{stem}.{lang}{ext}", "content/foo.en.md", True),
    ("content/{dir}/{stem}.{lang}{ext}", "content/post/foo.md", False),
    ("content/{dir}/{stem}.{lang}{ext}", "content/post/foo.fr.md", False),  # not a configured language
    ("articles/{stem}-{lang_id}{ext}", "articles/some-article-en.md", True),
    ("articles/{stem}-{lang_id}{ext}", "articles/some-article.md", False),
    ("_posts/{lang}/{path}{ext}", "_posts/en/2024-01-01-a.md", True),
    ("_posts/{lang}/{path}{ext}", "_posts/2024-01-01-a.md", False),
])
def test_built_files_are_recognised_by_the_output_template(template, path, matches):
    pattern = layout.matcher(layout.parse(template, allowed=ALL, where="output"), ["en"], (".md", ".markdown"))
    assert bool(pattern.match(path)) is matches


@pytest.mark.parametrize("template, message", [
    ("posts/{lang.__class__}", "'{lang.__class__}' is not a placeholder"),
    ("posts/{language}/{path}", "unknown placeholder {language}"),
    ("posts/{0}/{path}", "'{0}' is not a placeholder"),
    ("posts/{lang}}", "'}' is not a placeholder"),
    ("posts/{}", "'{}' is not a placeholder"),
])
def test_templates_name_only_known_placeholders(template, message):
    with pytest.raises(InputError, match=message.replace("{", r"\{").replace("}", r"\}").replace(".", r"\.")):
        layout.parse(template, allowed=ALL, where="output")


@pytest.mark.parametrize("path", ["/etc/{path}", "../elsewhere/{path}", "posts/../../{path}"])
def test_a_path_outside_the_site_is_refused_unless_allowed(path):
    with pytest.raises(InputError, match="is outside the site"):
        layout.site_path(path, where="output")
    assert layout.site_path(path, where="output", allow_outside=True)


@pytest.mark.parametrize("slug, problem", [
    ("my-first-article-en", None),
    ("abcdefghijkl", None),
    ("short-en", "12 to 50 characters; 'short-en' has 8"),
    ("a" * 48 + "-en", "has 51"),
    ("Upper_case-article-en", "has 'U'"),
])
def test_zenn_slug_rules(slug, problem):
    found = layout.zenn_slug_problem(slug)
    assert (found is None) if problem is None else (problem in found)


def _post_values_by_posixpath(post: str, lang: str) -> dict[str, str]:
    """post_values as it was written before its string fast path (the reference)."""
    folder, name = posixpath.split(post)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    ext = "." + suffix if suffix else ""
    return {"lang": lang, "lang_id": layout.lang_id(lang), "path": posixpath.join(folder, stem), "dir": folder,
            "stem": stem, "name": name, "ext": ext}


@given(st.lists(st.sampled_from(["a", "b.md", ".", "..", "", ".md", "x.y.md", "日本語", "/"]), max_size=5)
       .map("/".join), st.sampled_from(["en", "zh_Hans"]))
def test_post_values_are_those_of_posixpath_split_and_join(post, lang):
    assert layout.post_values(post, lang) == _post_values_by_posixpath(post, lang)
