"""Incremental runs and both cores: skipped work never changes a result."""

from __future__ import annotations

import os
import pickle
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from l10n import config as config_io
from l10n import files, fingerprint, incremental, pool
from l10n.core import post as post_io
from l10n.errors import FileError, InputError
from l10n.steps import build, extract, status
from tests.conftest import corpus_files, make_site

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)
POST = "---\ntitle: テスト\n---\n\n最初の文です。二つ目の文です。\n\n## 見出し\n\n- 項目です。\n"


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


def fill(root: Path) -> None:
    """Every entry reviewed with msgstr = msgid (a translator's work, done by hand)."""
    for po in (root / "locales").rglob("*.po"):
        text = po.read_text("utf-8")
        out, msgid = [], None
        for line in text.split("\n"):
            if line.startswith("msgid "):
                msgid = line[len("msgid "):]
            if line == 'msgstr ""' and msgid not in (None, '""'):
                line = f"msgstr {msgid}"
            out.append(line)
        po.write_text("\n".join(out), "utf-8")


def test_a_no_change_extract_touches_no_file_and_reports_unchanged(tmp_path):
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST.replace("最初", "最後")})
    config = config_io.load(root)
    first = extract.extract(config)
    assert [o.action for o in first.outcomes] == ["created", "created"]
    before = snapshot(root)
    again = extract.extract(config)
    assert [o.action for o in again.outcomes] == ["unchanged", "unchanged"]
    assert [o.counts for o in again.outcomes] == [o.counts for o in first.outcomes]
    assert snapshot(root) == before  # not even the index is rewritten


def test_an_edited_post_or_po_file_is_processed_again(tmp_path):
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST})
    config = config_io.load(root)
    extract.extract(config)
    (root / "posts/ja/a.md").write_text(POST + "\n追加の文です。\n", encoding="utf-8")
    run = extract.extract(config)
    assert [(o.post, o.action) for o in run.outcomes] == [("posts/ja/a.md", "updated"), ("posts/ja/b.md", "unchanged")]
    assert "追加の文です。" in (root / "locales/en/a.po").read_text("utf-8")
    po = root / "locales/en/b.po"
    po.write_text(po.read_text("utf-8").replace('msgid "二つ目の文です。"\nmsgstr ""',
                                                'msgid "二つ目の文です。"\nmsgstr "The second."'), "utf-8")
    counts = {o.post: o.counts for o in status.status(config).outcomes}
    assert counts["posts/ja/b.md"].reviewed == 1  # the hand edit is seen, not the recorded counts


def test_a_changed_built_file_is_built_again(tmp_path):
    root = make_site(tmp_path, {"a.md": POST})
    config = config_io.load(root)
    extract.extract(config)
    fill(root)
    assert [o.action for o in build.build(config).outcomes] == ["written"]
    assert [o.action for o in build.build(config).outcomes] == ["unchanged"]
    built = root / "posts/en/a.md"
    good = built.read_bytes()
    built.write_text("edited by hand", encoding="utf-8")
    assert [o.action for o in build.build(config).outcomes] == ["written"]
    assert built.read_bytes() == good
    assert [o.action for o in build.build(config, threshold=1.0).outcomes] == ["unchanged"]


def test_a_broken_post_is_reported_on_every_run(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"a.md": POST, "bad.md": "---\ntitle: [\n---\n本文。\n"})
    config = config_io.load(root)
    settled(monkeypatch)
    reports, reads = [], []
    real_read = post_io.read
    monkeypatch.setattr(post_io, "read", lambda file, **kw: reads.append(file.name) or real_read(file, **kw))
    for _ in range(3):
        reads.clear()
        run = extract.extract(config)
        assert [e.path for e in run.errors if isinstance(e, InputError)] == ["posts/ja/bad.md"]
        reports.append([(type(e), str(e), e.hint, e.line) for e in run.errors])
    assert reports[0] == reports[1] == reports[2] and reports[0][0][3] is not None and reports[0][0][2]
    assert reads == []  # the error was recorded with the post's digest: reported again, not read again
    (root / "posts/ja/bad.md").write_text("---\ntitle: 直した\n---\n本文です。\n", encoding="utf-8")
    assert extract.extract(config).errors == []


def test_an_error_of_the_file_system_is_not_recorded(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"a.md": POST})
    config = config_io.load(root)
    settled(monkeypatch)
    real_read = post_io.read

    def failing(file, **kw):
        if file.name == "a.md":
            raise FileError.of(OSError(5, "Input/output error"), action="read", path="posts/ja/a.md")
        return real_read(file, **kw)

    monkeypatch.setattr(post_io, "read", failing)
    assert [type(e) for e in extract.extract(config).errors] == [FileError]
    monkeypatch.undo()
    assert [o.action for o in extract.extract(config).outcomes] == ["created"]


def test_errors_keep_file_line_and_hint_across_processes():
    error = InputError("frontmatter is not valid YAML", path="posts/ja/a.md", line=3, hint="quote the title")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError and str(copy) == str(error) == "posts/ja/a.md:3: frontmatter is not valid YAML"
    assert (copy.path, copy.line, copy.hint) == ("posts/ja/a.md", 3, "quote the title")


def test_two_processes_write_the_same_bytes_and_errors_as_one(tmp_path):
    files = corpus_files()[:80]
    if len(files) < pool.MIN_POSTS:
        pytest.skip("../shared/corpus is not present")
    results = {}
    for jobs in (1, 2):
        root = make_site(tmp_path / f"j{jobs}", {f"{i:03d}-{p.name}": p.read_bytes() for i, p in enumerate(files)})
        config = config_io.load(root)
        run = extract.extract(config, jobs=jobs, incremental=False, now=lambda: NOW)
        fill(root)
        built = build.build(config, threshold=0.0, jobs=jobs, incremental=False)
        outputs = {k: v[1] for k, v in snapshot(root).items() if not k.startswith(".l10n")}
        results[jobs] = (outputs, [str(e) for e in run.errors + built.errors],
                         [(o.post, o.action, o.counts) for o in run.outcomes + built.outcomes])
    assert results[1][1] == results[2][1]
    assert results[1][2] == results[2][2]
    assert results[1][0] == results[2][0]


def test_a_post_is_built_again_when_a_post_it_links_to_is_published(tmp_path):
    a = "---\ntitle: エー\n---\n\n詳しくは[別の記事](b.md)を見てください。\n"
    b = "---\ntitle: ビー\n---\n\n別の記事です。\n"
    root = make_site(tmp_path, {"a.md": a, "b.md": b})
    config = config_io.load(root)
    extract.extract(config)
    fill(root)
    po_b = root / "locales/en/b.po"
    po_b.write_text(po_b.read_text("utf-8").replace('msgstr "別の記事です。"', 'msgstr ""'), "utf-8")
    run = build.build(config)
    assert [(o.post, o.action) for o in run.outcomes] == [("posts/ja/a.md", "written"), ("posts/ja/b.md", "skipped")]
    before = (root / "posts/en/a.md").read_text("utf-8")
    fill(root)  # b is now reviewed: a's link may now point at the English b
    run = build.build(config)
    after = (root / "posts/en/a.md").read_text("utf-8")
    fresh = build.build(config, incremental=False)
    assert [o.action for o in fresh.outcomes] == ["unchanged", "unchanged"]  # the index gave the same result
    assert before != after, "the link to b was not re-resolved"


def settled(monkeypatch) -> None:
    """Make every file look old enough for its status to be recorded (as after a coffee break)."""
    monkeypatch.setattr(incremental, "_now", lambda: time.time_ns() + 10 * 1_000_000_000)


def test_a_same_size_rewrite_that_keeps_the_modification_time_is_seen(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST})
    config = config_io.load(root)
    settled(monkeypatch)
    extract.extract(config)
    post = root / "posts/ja/a.md"
    before = post.stat()
    post.write_text(POST.replace("最初", "最後"), encoding="utf-8")  # same size in bytes
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r`, rsync -t or an editor might
    assert post.stat().st_size == before.st_size and post.stat().st_mtime_ns == before.st_mtime_ns
    run = extract.extract(config)
    assert [(o.post, o.action) for o in run.outcomes] == [("posts/ja/a.md", "updated"), ("posts/ja/b.md", "unchanged")]
    assert "最後の文です。" in (root / "locales/en/a.po").read_text("utf-8")


def test_a_file_changed_within_one_clock_tick_of_its_reading_is_read_again(tmp_path, monkeypatch):
    """On a file system whose times did not move (coarse clock), a rewrite right after a run
    looks unchanged by its status: the index must not have trusted a status that fresh."""
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST})
    config = config_io.load(root)
    extract.extract(config)  # the PO files were written just now: their statuses are too fresh to trust
    po = root / "locales/en/a.po"
    frozen = po.stat()
    po.write_text(po.read_text("utf-8").replace('msgstr ""', 'msgstr "X"', 1), "utf-8")
    po.write_bytes(po.read_bytes()[: frozen.st_size].ljust(frozen.st_size, b"\n"))
    real_stat = os.stat
    monkeypatch.setattr(incremental.os, "stat", lambda p, *a, **k: frozen if str(p) == str(po) else real_stat(p, *a, **k))
    run = extract.extract(config)
    assert [(o.post, o.action) for o in run.outcomes] == [("posts/ja/a.md", "updated"), ("posts/ja/b.md", "unchanged")]


def test_an_unchanged_site_is_checked_by_file_status_without_reading_a_file(tmp_path, monkeypatch):
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST})
    config = config_io.load(root)
    settled(monkeypatch)
    extract.extract(config)
    reads = []
    real_read = files.read_with_status
    monkeypatch.setattr(files, "read_with_status", lambda path, **kw: reads.append(path) or real_read(path, **kw))
    assert [o.action for o in extract.extract(config).outcomes] == ["unchanged", "unchanged"]
    assert reads == []
    (root / "posts/ja/b.md").write_text(POST + "\n追加の文です。\n", encoding="utf-8")
    assert [o.action for o in extract.extract(config).outcomes] == ["unchanged", "updated"]
    assert {p.name for p in reads} >= {"b.md"} and "a.md" not in {p.name for p in reads}


def test_a_no_change_build_opens_no_missing_link_target(tmp_path, monkeypatch):
    """A missing file is recorded as missing: the next run's stat says it still is, without an open
    (missing, under a file, too long a name); one that appears, in any of those places, is read."""
    long = "長い名前" * 40  # 480 bytes: longer than any file name may be
    a = f"---\ntitle: エー\n---\n\n[図](figure.png)と[表](b.md/t.png)と[説明]({long})です。\n"
    root = make_site(tmp_path, {"a.md": a, "b.md": POST})
    config = config_io.load(root)
    settled(monkeypatch)
    extract.extract(config)
    fill(root)
    assert [o.action for o in build.build(config).outcomes] == ["written", "written"]
    opened: list[str] = []
    real_read = files.read_with_status
    monkeypatch.setattr(files, "read_with_status", lambda path, **kw: opened.append(path.name) or real_read(path, **kw))
    assert [o.action for o in build.build(config).outcomes] == ["unchanged", "unchanged"]
    assert opened == []
    (root / "posts/ja/figure.png").write_bytes(b"PNG")
    assert [o.action for o in build.build(config).outcomes] == ["written", "unchanged"]
    assert "](../ja/figure.png)" in (root / "posts/en/a.md").read_text("utf-8") and "figure.png" in opened


def test_a_link_to_a_site_url_follows_the_frontmatter_of_the_post_it_names(tmp_path, monkeypatch):
    """The "*" dependency (every post's path and frontmatter) is recorded and reused, never stale."""
    a = "---\ntitle: エー\n---\n\n詳しくは[別の記事](/bee/)を見てください。\n"
    b = "---\ntitle: ビー\nurl: /b/\n---\n\n別の記事です。\n"
    c = "---\ntitle: シー\n---\n\n三つ目です。\n"
    root = make_site(tmp_path, {"a.md": a, "b.md": b, "c.md": c})
    config = config_io.load(root)
    settled(monkeypatch)
    extract.extract(config)
    fill(root)
    assert build.build(config).outcomes[0].depends == ("*",)  # no post has the URL /bee/ yet
    built = root / "posts/en/a.md"
    assert "(/bee/)" in built.read_text("utf-8")
    (root / "posts/ja/c.md").write_text(c + "\n追加です。\n", encoding="utf-8")  # a body: "*" is the same
    extract.extract(config)
    fill(root)
    build.build(config)
    assert "(/bee/)" in built.read_text("utf-8")
    (root / "posts/ja/b.md").write_text(b.replace("/b/", "/bee/"), encoding="utf-8")  # a URL: "*" changed
    build.build(config)
    assert "(/en/bee/)" in built.read_text("utf-8")
    fresh = build.build(config, incremental=False)
    assert [o.action for o in fresh.outcomes] == ["unchanged"] * 3


@pytest.mark.parametrize("damage", [b"", b"not json\n", b'{"environment": 1}\np\ta.md', b"\xff\xfe", "cut"])
def test_a_damaged_index_is_an_empty_one(tmp_path, damage):
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST})
    config = config_io.load(root)
    extract.extract(config)
    index = root / ".l10n/cache/extract.json"
    index.write_bytes(index.read_bytes()[: len(index.read_bytes()) // 2] if damage == "cut" else damage)
    (root / "posts/ja/a.md").write_text(POST + "\n追加の文です。\n", encoding="utf-8")
    run = extract.extract(config)
    assert [(o.post, o.action) for o in run.outcomes] == [("posts/ja/a.md", "updated"), ("posts/ja/b.md", "unchanged")]
    assert [o.action for o in extract.extract(config).outcomes] == ["unchanged", "unchanged"]


def test_a_post_is_built_again_when_a_post_it_links_to_appears(tmp_path):
    """a.md links to b.md before b.md exists: publishing b later must re-point a's link (the
    index recorded no dependency for a link to a post that was not there)."""
    a = "---\ntitle: エー\n---\n\n詳しくは[別の記事](b.md)を見てください。\n"
    root = make_site(tmp_path, {"a.md": a})
    config = config_io.load(root)
    extract.extract(config)
    fill(root)
    build.build(config)
    assert "](b.md)" in (root / "posts/en/a.md").read_text("utf-8")  # b is no post yet: left as written
    (root / "posts/ja/b.md").write_text("---\ntitle: ビー\n---\n\n別の記事です。\n", encoding="utf-8")
    extract.extract(config)  # b is not translated: a's link now points at the Japanese b
    build.build(config)
    assert "](../ja/b.md)" in (root / "posts/en/a.md").read_text("utf-8")


def test_a_post_is_built_again_when_a_file_it_links_to_appears(tmp_path):
    """A link to a file beside the post (plain sites) points at the source folder's copy once it
    exists: the file's appearance must rebuild the post."""
    a = "---\ntitle: エー\n---\n\n[図](figure.png)を見てください。\n"
    root = make_site(tmp_path, {"a.md": a})
    config = config_io.load(root)
    extract.extract(config)
    fill(root)
    build.build(config)
    assert "](figure.png)" in (root / "posts/en/a.md").read_text("utf-8")
    (root / "posts/ja/figure.png").write_bytes(b"PNG")
    build.build(config)
    assert "](../ja/figure.png)" in (root / "posts/en/a.md").read_text("utf-8")


def test_a_one_post_change_reads_no_other_post_for_the_url_table(tmp_path, monkeypatch):
    """What "*" and the URL table take from each post is kept under that post's digest: editing one
    post re-reads that post only, and the links it resolves are the ones a fresh build writes."""
    a = "---\ntitle: エー\n---\n\n詳しくは[別の記事](/bee/)を見てください。\n"
    b = "---\ntitle: ビー\nurl: /bee/\n---\n\n別の記事です。\n"
    c = "---\ntitle: シー\n---\n\n三つ目です。\n"
    root = make_site(tmp_path, {"a.md": a, "b.md": b, "c.md": c})
    config = config_io.load(root)
    settled(monkeypatch)
    extract.extract(config)
    fill(root)
    build.build(config)
    built = root / "posts/en/a.md"
    assert "(/en/bee/)" in built.read_text("utf-8")
    (root / "posts/ja/a.md").write_text(a + "\n追加です。\n", encoding="utf-8")
    extract.extract(config)
    fill(root)
    reads: list[str] = []
    real_read, real_bytes = files.read_with_status, Path.read_bytes
    monkeypatch.setattr(files, "read_with_status", lambda path, **kw: reads.append(Path(path).name) or
                        real_read(path, **kw))
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.append(path.name) or real_bytes(path))
    done = build.build(config)
    assert [o.action for o in done.outcomes] == ["written", "unchanged", "unchanged"]
    assert "a.md" in reads and "b.md" not in reads and "c.md" not in reads, reads
    monkeypatch.undo()
    assert "(/en/bee/)" in built.read_text("utf-8") and "追加" in built.read_text("utf-8")
    (root / "posts/ja/b.md").write_text(b.replace("/bee/", "/b/"), encoding="utf-8")  # the URL goes away
    settled(monkeypatch)
    build.build(config)
    assert "(/bee/)" in built.read_text("utf-8")
    fresh = build.build(config, incremental=False)
    assert [o.action for o in fresh.outcomes] == ["unchanged"] * 3


def test_a_derived_value_is_kept_only_under_the_bytes_it_was_computed_from(tmp_path, monkeypatch):
    post = tmp_path / "x.md"
    post.write_bytes(b"one")
    index = incremental.Index(tmp_path / "index.json", "environment", lambda rel: [])
    settled(monkeypatch)

    def run(kind: str = "k") -> str:  # one run: its digests are taken afresh
        value = index.derived(str(post), kind, lambda data: "missing" if data is None else data.decode())
        index.save()
        return value

    assert run() == "one"
    post.write_bytes(b"two")
    assert run() == "two"
    real = files.read_bytes
    # The digest from the file's status (nothing read), then other bytes read (changed in between):
    monkeypatch.setattr(files, "read_bytes", lambda path, **kw: b"three")
    assert run("other") == "three"
    monkeypatch.setattr(files, "read_bytes", real)
    assert run("other") == "two"  # "three" was not kept under the digest of "two"
    # The digest of bytes just read: the value is computed from those very bytes, not read again.
    monkeypatch.setattr(files, "read_bytes", lambda path, **kw: b"five")
    post.write_bytes(b"four")
    assert run() == "four"
    monkeypatch.setattr(files, "read_bytes", real)
    assert run() == "four"
    post.unlink()
    assert run() == "missing"


def test_a_link_to_a_name_no_file_can_have_is_not_built_again(tmp_path, monkeypatch):
    """A relative link whose target name is too long for the file system (prose in link syntax, as in
    corpus posts) depends on that name; it is as missing as any other absent file, every run."""
    long = "長い名前" * 40  # 480 bytes: longer than any file name may be
    root = make_site(tmp_path, {"a.md": f"---\ntitle: エー\n---\n\n[説明]({long})と[図](fig/{long}.png)です。\n"})
    config = config_io.load(root)
    settled(monkeypatch)
    extract.extract(config)
    fill(root)
    first = build.build(config)
    assert [o.action for o in first.outcomes] == ["written"] and first.errors == []
    reads: list[str] = []
    real_read = post_io.read
    monkeypatch.setattr(post_io, "read", lambda file, **kw: reads.append(file.name) or real_read(file, **kw))
    again = build.build(config)
    assert [o.action for o in again.outcomes] == ["unchanged"] and reads == []
def test_a_record_is_kept_only_if_no_input_changed_while_the_step_ran(tmp_path):
    """Index.store(since=, read=) for a step that only reads (check): an input changed after the
    step began may not be what the step saw, so its outcome is not recorded."""
    root = make_site(tmp_path, {"a.md": POST, "b.md": POST})
    config = config_io.load(root)
    folder = config.source_dir
    index = incremental.Index.open(config, "test", lambda rel: [folder / rel])
    a = str(folder / "a.md")
    read = {a: fingerprint.file_digest((folder / "a.md").read_bytes())}
    later = time.time_ns() + 10 * 1_000_000_000  # a step that began long after every file was written

    def kept(**kwargs) -> bool:
        index.records.clear()
        index.store("a.md", "outcome", named=False, **kwargs)
        return "a.md" in index.records

    assert kept(depends=["b.md"], since=later, read=read)
    started = time.time_ns()
    (folder / "b.md").write_text(POST + "\n追加。\n", encoding="utf-8")  # a post it depends on, edited meanwhile
    assert not kept(depends=["b.md"], since=started, read=read)
    assert not kept(depends=["c.md"], since=started, read=read)  # c is missing: its folder just changed
    assert kept(depends=["c.md"], since=later, read=read)
    assert not kept(since=later, read={a: fingerprint.file_digest(b"what the step read")})  # a itself changed
    assert not kept(since=started)  # a was written just now, and the step did not say what it read
    assert kept()  # extract and build record what they wrote: no such condition


def test_the_code_digest_sees_a_same_size_rewrite_of_a_settled_module(tmp_path):
    """Settled modules are named by their status, which a rewrite always changes (its change time)."""
    from l10n import fingerprint

    (tmp_path / "sub").mkdir()
    module = tmp_path / "sub" / "m.py"
    module.write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "top.py").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not code", encoding="utf-8")
    later = time.time_ns() + 10 * 1_000_000_000  # every file settled
    before = fingerprint.tree_digest(str(tmp_path), later)
    assert fingerprint.tree_digest(str(tmp_path), later) == before
    (tmp_path / "notes.txt").write_text("still not code", encoding="utf-8")
    assert fingerprint.tree_digest(str(tmp_path), later) == before
    old = module.stat()
    module.write_text("A = 2\n", encoding="utf-8")
    os.utime(module, ns=(old.st_atime_ns, old.st_mtime_ns))  # same size, modification time put back
    assert fingerprint.tree_digest(str(tmp_path), later + 10 * 1_000_000_000) != before
    # A module changed just now is named by its bytes: the same bytes, the same digest.
    now = time.time_ns()
    fresh = fingerprint.tree_digest(str(tmp_path), now)
    module.write_text("A = 2\n", encoding="utf-8")
    assert fingerprint.tree_digest(str(tmp_path), now) == fresh
    module.write_text("A = 3\n", encoding="utf-8")
    assert fingerprint.tree_digest(str(tmp_path), now) != fresh


def test_digests_are_hashlib_blake2b_without_loading_openssl():
    """The digests are hashlib's BLAKE2b (what every index and cache on disk holds), taken from
    the module hashlib itself uses for it, so a run does not load OpenSSL's binding."""
    import hashlib
    import random
    import subprocess
    import sys

    from l10n import fingerprint

    rng = random.Random(13)
    samples = [b"", b"\n", "日本語の文です。".encode(), *(rng.randbytes(rng.randrange(1, 5000)) for _ in range(200))]
    for data in samples:
        assert fingerprint.file_digest(data) == hashlib.blake2b(data, digest_size=20).hexdigest()
    parts = ["a", "", "日本語", "b\nc"]
    assert fingerprint.combine(*parts) == hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
    probe = "import sys\nfrom l10n import fingerprint\nfingerprint.combine('x')\nprint('_hashlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_recorded_outcome_reads_back_as_the_outcome_it_was():
    """Outcomes are stored as JSON lists of their fields and rebuilt with the model's own classes."""
    import json

    from l10n import project
    from l10n.core.coverage import Figure
    from l10n.po.model import Counts, MergeReport

    outcomes = [
        project.Outcome("posts/ja/a.md", "en", "created", "", Counts(3, 1, 0, 2, 1), MergeReport(kept=2, new=4)),
        project.Outcome("posts/ja/b.md", "fr", "written", "posts/fr/b.md", depends=("*", "c.md")),
        project.Outcome("posts/ja/c.md", "en", "unchanged", coverage=Figure(10, 2, 7), counts=Counts(reviewed=5)),
        project.Outcome("posts/ja/d.md", "en", "skipped", "no PO file yet", report=MergeReport(obsolete=1)),
    ]
    for outcome in outcomes:
        again = project._outcome_from_json(json.loads(json.dumps(project._outcome_to_json(outcome))))
        assert again == outcome
        assert [type(again.counts), type(again.report), type(again.coverage)] == [
            type(outcome.counts), type(outcome.report), type(outcome.coverage)]
        for made, model in ((again.counts, outcome.counts), (again.coverage, outcome.coverage)):
            if model is not None:  # built without __init__: the same value, hash and frozen fields
                assert (made, hash(made), repr(made)) == (model, hash(model), repr(model))
                with pytest.raises(AttributeError):
                    made.reviewed = 0  # type: ignore[union-attr]


def test_a_pooled_run_closes_its_workers_instead_of_terminating_them(tmp_path, monkeypatch):
    """Every result is taken, so the pool is closed: terminate() (which takes the task queue's lock
    and signals workers mid-task) left a cold build waiting forever for a worker once."""
    import gc
    import multiprocessing.pool

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    root = make_site(tmp_path, {f"p{n:02}.md": POST.replace("最初", f"{n}番目") for n in range(pool.MIN_POSTS)})
    config = config_io.load(root)
    terminated: list[bool] = []
    real = multiprocessing.pool.Pool.terminate
    monkeypatch.setattr(multiprocessing.pool.Pool, "terminate", lambda self: terminated.append(True) or real(self))
    run = extract.extract(config, jobs=2, incremental=True)
    gc.collect()  # an abandoned generator is closed here at the latest
    assert len(run.outcomes) == pool.MIN_POSTS and run.errors == []
    assert terminated == []


def test_workers_start_with_the_parents_objects_frozen_and_the_parent_unfreezes():
    """Forked workers' collections skip what they inherited (fewer pages copied, less CPU); the
    parent's own collector is back as it was once the pool is made."""
    import gc
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    before = gc.get_freeze_count()
    frozen = list(pool.map_posts(_freeze_count, range(pool.MIN_POSTS), jobs=2))
    assert min(frozen) > before and gc.get_freeze_count() == before


def _freeze_count(_: int) -> int:
    import gc

    return gc.get_freeze_count()


@pytest.mark.parametrize("step", ["extract", "build"])
def test_records_taken_while_the_pool_works_are_those_taken_after_it(tmp_path, monkeypatch, step):
    """A result that depends on no other post is recorded once its files settled, while the pool
    goes on; the index then holds the records a run that records everything at the end holds."""
    from l10n import project

    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("no fork here")
    posts = {f"p{n:02}.md": POST.replace("最初", f"{n}番目") for n in range(pool.MIN_POSTS)}
    posts["link.md"] = "---\ntitle: リンク\n---\n\n詳しくは[別の記事](p47.md)を見てください。\n"  # built last
    posts["broken.md"] = "---\ntitle: [壊れた\n---\n\n本文です。\n"
    # links whose targets no post of the run writes: recorded while the pool works too
    posts["p00.md"] += "\n[図](images/none.png)と[トップ](/about/)も見てください。\n"
    records, early_counts, early_posts = {}, {}, {}
    for settle in (0, 10**15):
        root = make_site(tmp_path / str(settle), posts)
        config = config_io.load(root)
        if step == "build":
            extract.extract(config, jobs=1, now=lambda: NOW)
            fill(root)
        monkeypatch.setattr(project, "_SETTLE_NS", settle)
        finished, early = [], []
        real_map, real_record = project._map, project._record

        def spy_map(*args, _real=real_map, _finished=finished, **kwargs):  # noqa: ANN002, ANN003, ANN202
            yield from _real(*args, **kwargs)
            _finished.append(True)

        def spy_record(*args, _real=real_record, _finished=finished, _early=early, **kwargs):  # noqa: ANN002, ANN003, ANN202
            _early.append((args[1], not _finished))
            return _real(*args, **kwargs)

        monkeypatch.setattr(project, "_map", spy_map)
        monkeypatch.setattr(project, "_record", spy_record)
        run = (extract.extract(config, jobs=2, now=lambda: NOW) if step == "extract"
               else build.build(config, jobs=2, threshold=0.0))
        monkeypatch.setattr(project, "_map", real_map)
        monkeypatch.setattr(project, "_record", real_record)
        assert len(run.errors) == 1 and "broken.md" in str(run.errors[0])
        index = (root / ".l10n/cache" / f"{step}.json").read_text("utf-8")
        records[settle] = sorted(line.replace(str(root), "ROOT") for line in index.split("\n") if line.startswith("p\t"))
        early_counts[settle] = sum(was_early for _, was_early in early)
        early_posts[settle] = {rel for rel, was_early in early if was_early}
        again = extract.extract(config, now=lambda: NOW) if step == "extract" else build.build(config, threshold=0.0)
        assert all(o.action in ("unchanged", "skipped") for o in again.outcomes)
    assert early_counts[0] > 0 and early_counts[10**15] == 0
    if step == "build":  # p00's links depend on files no post writes; link.md's on p47, built after it
        assert "p00.md" in early_posts[0] and "link.md" not in early_posts[0]
        deps = next(line for line in records[0] if line.startswith("p\tp00.md\t")).split("\t")[3]
        assert "*" in deps and "none.png" in deps, deps
    assert len(records[0]) == len(posts)
    assert records[0] == records[10**15]


def test_an_index_written_in_chunks_reads_back_line_for_line(tmp_path):
    root = make_site(tmp_path, {"a.md": POST})
    config = config_io.load(root)
    index = incremental.Index.open(config, "test", lambda rel: [config.source_dir / "a.md"])
    for n in range(3 * incremental._LINES + 7):  # several chunks and a partial one
        index.store(f"p{n}.md", {"n": n, "text": "日本語 😀"}, named=False)
    index.save()
    again = incremental.Index.open(config, "test", lambda rel: [config.source_dir / "a.md"])
    assert again.records == index.records and again.statuses == index.statuses
    assert again.lookup("p1000.md", named=False) == {"n": 1000, "text": "日本語 😀"}
