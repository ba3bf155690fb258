"""A PO file edited while ``translate`` waits for its backend: the person's edit always wins.

The editor is another process (as Poedit, ``l10n-blog review`` or a text editor would be). Saving
merges with the file as it is on disk at that moment, entry by entry.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from l10n import config as config_io
from l10n.po import catalog
from l10n.steps import extract
from l10n.steps.translate import translate
from tests.conftest import make_site

POSTS = {"a.md": "---\ntitle: 最初の記事\n---\n\n" + "\n\n".join(f"段落{n}の文章です。" for n in range(1, 80)) + "\n"}

# Another process: translates the given msgids by hand, one at a time, with pauses, saving
# the whole file each time (read, change one entry, write through a rename).
EDITOR = r"""
import json, os, random, sys, time
from dataclasses import replace
from pathlib import Path
from l10n.po import catalog, pofile
path, edits, seed = Path(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
for msgid, text in edits:
    time.sleep(rng.uniform(0, 0.15))
    po = catalog.read_po(path)
    entries = [replace(e, msgstr=text, flags=(), previous_msgid=None) if e.msgid == msgid else e for e in po]
    data = pofile.render(entries, po.metadata).encode()
    tmp = path.with_name(f".edit.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
print("done", flush=True)
"""


def site(tmp_path: Path, server, *, latency: float) -> config_io.Config:
    server.latency = latency
    make_site(tmp_path, POSTS, f'unit = "paragraph"\nbackend = "deepl"\n\n[backends.deepl]\n'
                               f'server_url = "{server.url}"\nmax_retries = 1\nbackoff = 0.0\ntimeout = 20.0\n')
    config = config_io.load(tmp_path)
    assert not extract.extract(config).errors
    return config


def run_translate(config, server, **kw) -> threading.Thread:
    def work() -> None:
        translate(config, lang="en", env={"DEEPL_AUTH_KEY": server.auth_key}, now=lambda: 1.0, **kw)

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def entries(path: Path) -> dict[str, catalog.Entry]:
    return {e.msgid: e for e in catalog.read_po(path)}


def test_an_edit_saved_while_the_backend_answers_in_4_s_is_kept(tmp_path, deepl_server):
    config = site(tmp_path, deepl_server, latency=4.0)
    path = config.root / "locales/en/a.po"
    thread = run_translate(config, deepl_server, concurrency=1)
    deadline = time.monotonic() + 20
    while not deepl_server.translate_requests() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert deepl_server.translate_requests(), "translate never asked the backend"
    edits = [["段落3の文章です。", "Paragraph three, by hand."], ["最初の記事", "The first post"]]
    import json

    subprocess.run([sys.executable, "-c", EDITOR, str(path), json.dumps(edits), "1"], check=True, timeout=60)
    thread.join(timeout=120)
    after = entries(path)
    assert after["段落3の文章です。"].msgstr == "Paragraph three, by hand."
    assert catalog.state(after["段落3の文章です。"]) == "reviewed"
    assert after["最初の記事"].msgstr == "The first post" and catalog.state(after["最初の記事"]) == "reviewed"
    drafted = [e for e in after.values() if catalog.state(e) == "draft"]
    assert len(drafted) == len(after) - 2  # the run still filled every other entry


def test_translate_while_another_process_edits_never_loses_an_edit(tmp_path_factory, deepl_server):
    import json

    rng = random.Random(12)
    for attempt in range(12):
        root = tmp_path_factory.mktemp(f"edit{attempt}")
        config = site(root, deepl_server, latency=rng.uniform(0.0, 0.3))
        path = config.root / "locales/en/a.po"
        picked = rng.sample(range(1, 80), 6)
        edits = [[f"段落{n}の文章です。", f"Human {attempt}.{n}"] for n in picked]
        editor = subprocess.Popen([sys.executable, "-c", EDITOR, str(path), json.dumps(edits), str(attempt)],
                                  stdout=subprocess.PIPE)
        time.sleep(rng.uniform(0, 0.3))
        run_translate(config, deepl_server, concurrency=rng.choice([1, 2])).join(timeout=120)
        assert editor.wait(timeout=60) == 0
        after = entries(path)
        lost = [(msgid, after[msgid].msgstr) for msgid, text in edits if after[msgid].msgstr != text]
        assert lost == [], f"attempt {attempt}: edits lost"
        # The editor writes back a copy read earlier: when that lands after the run's last save it
        # empties the drafts (as any stale-buffer editor would). The drafts were paid for and are in
        # the memory: one more run fills them again without billing, and still keeps every edit.
        billed = deepl_server.billed_chars
        run_translate(config, deepl_server).join(timeout=120)
        after = entries(path)
        assert deepl_server.billed_chars == billed, f"attempt {attempt}: paid twice"
        assert [(m, after[m].msgstr) for m, text in edits if after[m].msgstr != text] == []
        assert all(e.msgstr for e in after.values()), f"attempt {attempt}: entries left empty"


def test_extract_merges_a_po_file_saved_while_it_was_writing_never_overwrites_it(tmp_path: Path, monkeypatch) -> None:
    """A person saves the PO file (Poedit beside `l10n-blog watch`) between extract's read and its
    rename: extract merges the saved file again; the person's translation is kept."""
    make_site(tmp_path, {"a.md": "# 見出し\n\n最初の文です。\n"})
    config = config_io.load(tmp_path)
    assert not extract.extract(config).errors
    po = tmp_path / "locales" / "en" / "a.po"
    (tmp_path / "posts" / "ja" / "a.md").write_text("# 見出し\n\n最初の文です。\n\n新しい文です。\n", encoding="utf-8")
    real_render, saved = catalog.render, []

    def render_then_someone_saves(entries, metadata):
        if not saved:  # after extract read the file, before it is replaced
            text = po.read_text(encoding="utf-8").replace('msgid "見出し"\nmsgstr ""', 'msgid "見出し"\nmsgstr "Heading"')
            assert "Heading" in text
            po.write_text(text, encoding="utf-8")
            saved.append(text)
        return real_render(entries, metadata)

    monkeypatch.setattr(catalog, "render", render_then_someone_saves)
    run = extract.extract(config, incremental=False)
    assert not run.errors and [o.action for o in run.outcomes] == ["updated"]
    entries = {e.msgid: e.msgstr for e in catalog.read_po(po)}
    assert entries["見出し"] == "Heading"  # the person's save
    assert entries["新しい文です。"] == ""  # and the post's new sentence
