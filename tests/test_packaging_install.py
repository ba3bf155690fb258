"""The built wheel, installed as a user installs it: a fresh venv, pipx, the README's quick start.

Nothing here imports the source tree: every command runs from a new virtual environment
that got the wheel from dist/ and its dependencies from dist/wheelhouse/, with no index
(`bash .ci/dist` makes both; .ci/run does that before the tests). A package-data file left
out of the wheel (a template, a static file) fails the web tests here; tests/ never ships.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from l10n import __version__
from tests.conftest import REPO, make_site
from tests.fakes.deepl_server import run_deepl_server

DIST = REPO / "dist"
WHEELHOUSE = DIST / "wheelhouse"
WHEEL = DIST / f"l10n_blog-{__version__}-py3-none-any.whl"
SDIST = DIST / f"l10n_blog-{__version__}.tar.gz"
COMMAND = "l10n-blog"

_built = WHEEL.exists() and SDIST.exists() and WHEELHOUSE.is_dir()
pytestmark = [
    pytest.mark.slow,
    # Under CI a missing dist/ is a failure (the fixture below says why), as with needs_tool.
    pytest.mark.skipif(not _built and os.environ.get("CI") != "true",
                       reason=f"no {WHEEL.relative_to(REPO)} and dist/wheelhouse/: run `bash .ci/dist` first"),
]

POST = "---\ntitle: こんにちは\n---\n\n今日は晴れです。散歩に行きました。\n\n- 公園で**桜**を見た\n"


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> dict[str, str]:
    """The environment of every command here: pip and pipx see only dist/ (no config, no index)."""
    assert _built, f"{WHEEL} or dist/wheelhouse/ is missing: .ci/run builds them with .ci/dist"
    home = tmp_path_factory.mktemp("pipx")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PIPX_", "VIRTUAL_ENV", "PYTHON"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIPX_HOME": str(home / "home"),
            "PIPX_BIN_DIR": str(home / "bin"), "PIPX_MAN_DIR": str(home / "man"), "DEEPL_AUTH_KEY": ""}


def run(args: list[str] | str, env: dict[str, str], cwd: Path | None = None, stdin: str = "",
        ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=300,
                            shell=isinstance(args, str), executable="/bin/bash" if isinstance(args, str) else None)
    if ok:
        assert result.returncode == 0, f"{args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def new_venv(path: Path, env: dict[str, str], requirement: str) -> Path:
    """A fresh venv with ``requirement`` installed offline; its bin folder."""
    run([sys.executable, "-m", "venv", str(path)], env)
    run([str(path / "bin" / "pip"), "install", "-q", requirement], env)
    return path / "bin"


@pytest.fixture(scope="module")
def base(tmp_path_factory, offline) -> Path:
    """The wheel without extras: what `pip install l10n-blog` gives."""
    return new_venv(tmp_path_factory.mktemp("base") / "venv", offline, str(WHEEL))


@pytest.fixture(scope="module")
def full(tmp_path_factory, offline) -> Path:
    """The wheel with every extra."""
    return new_venv(tmp_path_factory.mktemp("full") / "venv", offline, f"{WHEEL}[web,llm]")


def test_the_wheel_holds_every_package_file_and_nothing_else(offline):
    names = set(zipfile.ZipFile(WHEEL).namelist())
    src = REPO / "src"
    package = {p.relative_to(src).as_posix() for p in (src / "l10n").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert package - names == set(), "left out of the wheel (or dist/ is older than src/: bash .ci/dist)"
    assert {n for n in names if not n.startswith(f"l10n_blog-{__version__}.dist-info/")} == package
    assert any(n.startswith("l10n/web/templates/") for n in names)
    assert any(n.startswith("l10n/web/static/") for n in names)
    entry_points = zipfile.ZipFile(WHEEL).read(f"l10n_blog-{__version__}.dist-info/entry_points.txt").decode()
    assert f"{COMMAND} = l10n.cli:main" in entry_points
    assert f"l10n_blog-{__version__}.dist-info/licenses/LICENSE" in names  # the MIT text pyproject declares


def test_the_sdist_holds_the_sources_and_the_package_data(offline):
    import tarfile

    names = {n.partition("/")[2] for n in tarfile.open(SDIST).getnames()}
    assert {"pyproject.toml", "README.md", "src/l10n/__init__.py", "src/l10n/web/templates/base.html",
            "src/l10n/web/static/app.css"} <= names
    assert not any(n.startswith("tests/") for n in names)


def test_the_base_install_runs_a_site_from_extract_to_check(base, offline, tmp_path):
    where = run([str(base / "python"), "-c", "import l10n; print(l10n.__file__)"], offline, cwd=tmp_path).stdout
    assert where.startswith(str(base.parent)), where  # the installed copy, not the source tree
    assert run([str(base / COMMAND), "--version"], offline).stdout.strip() == f"{COMMAND} {__version__}"

    site = make_site(tmp_path, {"hello.md": POST})
    (site / "l10n.toml").unlink()
    cli = str(base / COMMAND)
    with run_deepl_server() as deepl:
        env = {**offline, "DEEPL_AUTH_KEY": deepl.auth_key}
        run([cli, "init"], env, cwd=site)
        with (site / "l10n.toml").open("a", encoding="utf-8") as config:
            config.write(f'\n[backends.deepl]\nserver_url = "{deepl.url}"\n')
        run([cli, "extract"], env, cwd=site)
        assert "4 draft(s) saved" in run([cli, "translate"], env, cwd=site).stdout
    run([cli, "review"], offline, cwd=site, stdin="a\n" * 4)
    run([cli, "build"], offline, cwd=site)
    assert "ok in 1 post(s)" in run([cli, "check"], offline, cwd=site).stderr
    assert (site / "posts" / "en" / "hello.md").exists()
    summary = run([cli, "report"], offline, cwd=site).stdout  # the Markdown summary needs no extra
    assert summary.startswith("### Translation report")

    # The extras are missing here, and the commands that need them say which one.
    for args, extra in ((["serve"], "web"), (["report", "--html", "r.html"], "web"),
                        (["translate", "--backend", "openai"], "llm")):
        result = run([cli, *args], {**offline, "OPENAI_API_KEY": "k"}, cwd=site, ok=False)
        assert result.returncode == 2, result.stderr
        assert f"pip install '{COMMAND}[{extra}]'" in result.stderr and "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # loopback only
        return str(response.read().decode("utf-8"))


@pytest.fixture
def served(full, offline, tmp_path) -> Iterator[str]:
    """`l10n-blog serve` from the full install, on a loopback port."""
    site = make_site(tmp_path, {"hello.md": POST})
    run([str(full / COMMAND), "extract"], offline, cwd=site)
    port = free_port()
    server = subprocess.Popen([str(full / COMMAND), "serve", "--port", str(port)], cwd=site, env=offline,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(url + "/static/app.css")
                break
            except OSError:
                assert server.poll() is None, f"serve exited {server.returncode}: {server.stderr.read()}"
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_web_review_serves_its_templates_and_static_files(served):
    site_page = get(served + "/")
    post = re.search(r'href="(/post/en/[^"]+)"', site_page)
    assert post, site_page
    assert "今日は晴れです。" in get(served + post.group(1))
    for script in re.findall(r'src="(/static/[^"]+)"', site_page):
        assert get(served + script)
    assert "htmx" in get(served + "/static/htmx.min.js")


def test_the_html_report_renders_from_the_installed_templates(full, offline, tmp_path):
    site = make_site(tmp_path, {"hello.md": POST})
    run([str(full / COMMAND), "extract"], offline, cwd=site)
    run([str(full / COMMAND), "report", "--html", "report.html"], offline, cwd=site)
    assert "今日は晴れです。" in (site / "report.html").read_text("utf-8")


def test_pipx_installs_the_wheel(offline, tmp_path):
    run([sys.executable, "-m", "pipx", "install", str(WHEEL)], offline)
    command = Path(offline["PIPX_BIN_DIR"]) / COMMAND
    assert run([str(command), "--version"], offline).stdout.strip() == f"{COMMAND} {__version__}"
    site = make_site(tmp_path, {"hello.md": POST})
    run([str(command), "extract"], offline, cwd=site)
    result = run([str(command), "check", "--require", "all"], offline, cwd=site, ok=False)
    assert result.returncode == 1 and "hello.md" in result.stdout  # nothing is reviewed yet


def quick_start() -> list[str]:
    """The commands of the README's "Five-minute start", comments removed."""
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Five-minute start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the quick start has no ```sh block"
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_quick_start_works_as_written(offline, tmp_path):
    """Each line of the quick start, in one shell, in a fresh venv, on a blog in my-blog/.

    Two things are supplied as a user would: the DeepL key (the fake server's) and, right
    after `init`, the server's address in the written config (the one added line).
    """
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], offline)
    make_site(tmp_path / "my-blog", {"hello.md": POST})
    (tmp_path / "my-blog" / "l10n.toml").unlink()
    lines = quick_start()
    with run_deepl_server() as deepl:
        script = ["set -euo pipefail", f"export PATH={shlex.quote(str(venv / 'bin'))}:$PATH"]
        for line in lines:
            if line.startswith("export DEEPL_AUTH_KEY="):
                line = f"export DEEPL_AUTH_KEY={shlex.quote(deepl.auth_key)}"
            script.append(f"echo {shlex.quote('$ ' + line)}")
            script.append(line)
            if line == f"{COMMAND} init":
                script.append(f"printf '\\n[backends.deepl]\\nserver_url = \"%s\"\\n' {deepl.url} >> l10n.toml")
        result = run("\n".join(script), offline, cwd=tmp_path, stdin="a\n" * 20, ok=False)
    assert result.returncode == 0, f"the quick start stopped:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert lines[-1] == f"{COMMAND} check" and "ok in 1 post(s)" in result.stderr
    assert (tmp_path / "my-blog" / "posts" / "en" / "hello.md").exists()


@pytest.mark.parametrize("version", ["", __version__], ids=["action-source", "release"])
def test_the_github_action_installs_l10n_blog_and_checks(offline, tmp_path, version):
    """action.yml's install step too: from the action's own source (what `@v1` pins), or a release."""
    from tests.test_packaging_action import blog_in_git, run_action

    source = tmp_path / "action"  # what GitHub checks out for `uses: <owner>/l10n@v1`
    shutil.copytree(REPO / "src" / "l10n", source / "src" / "l10n", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md", "MANIFEST.in", "action.yml"):
        shutil.copy(REPO / name, source / name)
    blog = blog_in_git(tmp_path / "blog")
    pip = {k: v for k, v in offline.items() if k.startswith("PIP_")}
    ran = run_action(blog, tmp_path / "runner", {"base": "main", "version": version}, install=True,
                     env={**pip, "GITHUB_ACTION_PATH": str(source)}, path=[])
    assert f"{COMMAND} {__version__}" in ran.output  # the install step's --version
    assert ran.status == 1 and "title=l10n po-outdated::" in ran.output, ran.output
    assert ran.summary.startswith("### Translation report since `main`")
    assert (tmp_path / "runner" / "runner_temp" / "l10n-blog" / "bin" / COMMAND).exists()


def test_the_pre_commit_hook_installs_this_repository_and_checks(offline, tmp_path):
    """`.pre-commit-hooks.yaml` as pre-commit uses it: this repository installed at a commit, then run.

    Once (pre-commit clones and installs the repository on each try-repo): on a blog whose
    post has no PO file, so the hook's output shows that the check really ran.
    """
    from tests.test_packaging_action import git

    blog = make_site(tmp_path / "blog", {"hello.md": POST})
    git(blog, "init", "-q")
    git(blog, "add", "-A")
    git(blog, "commit", "-q", "-m", "a post")
    env = {**offline, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    hook = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "l10n-check", "--all-files"]
    result = run(hook, env, cwd=blog, ok=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "l10n-blog check" in result.stdout and "- hook id: l10n-check" in result.stdout
    assert "posts/ja/hello.md: has no PO file locales/en/hello.po yet — run `l10n-blog extract`" in result.stdout
