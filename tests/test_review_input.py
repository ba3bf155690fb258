"""What the reviewer types reaches the PO file as typed: end of input saves nothing, and a
terminal in the C locale does not turn Japanese into file-name completions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from l10n.cli import app
from tests.test_review import PO, drafted, session, states  # noqa: F401 (fixture)


def test_end_of_input_at_an_empty_edit_prompt_saves_nothing(drafted):  # noqa: F811
    before = (drafted / PO).read_bytes()
    summary = session(drafted).run(keys=["e"])  # then Ctrl-D: the keys run out
    assert summary.quit and summary.edited == 0
    assert (drafted / PO).read_bytes() == before


def test_ctrl_d_at_the_edit_prompt_of_l10n_review_saves_nothing(drafted):  # noqa: F811
    before = (drafted / PO).read_bytes()
    result = CliRunner().invoke(app, ["review", "--root", str(drafted)], input="e\n")
    assert result.exit_code == 0, result.output
    assert (drafted / PO).read_bytes() == before
    assert ("一つ目の段落です。", "First draft.", "draft") in states(drafted)


READER = """
import sys
from l10n.cli.review import _read_line
print("READY", flush=True)
print("RESULT=" + ascii(_read_line("")), flush=True)
"""


def test_japanese_typed_in_the_c_locale_inserts_no_file_names(tmp_path: Path):
    for name in ("alpha.txt", "beta.txt"):
        (tmp_path / name).write_text("x")
    leader, follower = os.openpty()
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-c", READER], stdin=follower, stdout=follower, stderr=follower,
                            cwd=tmp_path, env=env, close_fds=True)
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 20
    while b"READY" not in output and time.monotonic() < deadline:
        output += os.read(leader, 4096)
    time.sleep(0.3)
    os.write(leader, "日本語を入力した。\r".encode())
    while b"RESULT=" not in output or not output.rstrip().endswith(b"'") and time.monotonic() < deadline:
        try:
            output += os.read(leader, 4096)
        except OSError:
            break
    proc.wait(timeout=20)
    os.close(leader)
    result = output.split(b"RESULT=")[-1].strip().decode()
    assert "alpha" not in result and "beta" not in result
    assert result == ascii("日本語を入力した。")
