"""Posts with nothing to translate: no header-only PO file (msgcat --no-wrap would empty it)."""

from __future__ import annotations

import subprocess

from l10n import config as config_io
from l10n.steps import build, check, extract, status
from tests.conftest import needs_gettext

CODE_ONLY = "---\ndate: 2024-01-01\n---\n```sh\necho 日本語\n```\n"
TEXT = "---\ntitle: 題\n---\n本文です。\n"


def test_post_with_nothing_to_translate_gets_no_po_file_and_is_still_built(site) -> None:
    root = site({"code.md": CODE_ONLY, "text.md": TEXT})
    config = config_io.load(root)
    run = extract.extract(config)
    assert not run.errors
    assert sorted(p.name for p in (root / "locales").rglob("*.po")) == ["text.po"]
    assert [o.detail for o in run.outcomes if o.post.endswith("code.md")] == ["nothing to translate: no PO file"]
    assert [o.detail for o in status.status(config).outcomes if o.post.endswith("code.md")] == ["nothing to translate"]
    built = build.build(config, threshold=0.0)
    assert {o.post.rsplit("/", 1)[-1]: o.action for o in built.outcomes} == {"code.md": "written", "text.md": "written"}
    assert (root / "posts" / "en" / "code.md").read_text(encoding="utf-8").endswith("```sh\necho 日本語\n```\n")
    kinds = [i.kind for i in check.run(config, msgfmt=None).issues]
    assert "po-missing" not in kinds


@needs_gettext
def test_every_po_file_written_is_kept_by_msgcat_no_wrap(site) -> None:
    root = site({"code.md": CODE_ONLY, "text.md": TEXT})
    extract.extract(config_io.load(root))
    for path in (root / "locales").rglob("*.po"):
        again = subprocess.run(["msgcat", "--no-wrap", str(path)], check=True, capture_output=True).stdout
        assert again == path.read_bytes()


def test_post_opening_with_a_thematic_break_is_told_how_to_write_it() -> None:
    import pytest

    from l10n.core.post import parse
    from l10n.core.segment import segment
    from l10n.errors import InputError

    post = parse("a.md", "---\n本文です。\n\n---\n\n続きです。\n".encode())
    with pytest.raises(InputError) as caught:
        segment(post, keys=("title",))
    assert "a.md:2: frontmatter is not a mapping" in str(caught.value)
    assert caught.value.hint is not None and "blank line" in caught.value.hint and "***" in caught.value.hint
    fixed = parse("a.md", "\n---\n本文です。\n\n---\n\n続きです。\n".encode())
    assert [u.text for b in segment(fixed, keys=("title",)).blocks for u in b.units] == ["本文です。", "続きです。"]
