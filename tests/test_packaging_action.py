"""action.yml's shell steps, run as GitHub runs a composite action, against small blogs in git.

`run_action` does what the runner does for these steps: `${{ inputs.X }}` in `env:` and
`working-directory:` (the only places the file uses expressions), `bash --noprofile --norc
-eo pipefail` on each script, and the GITHUB_PATH / GITHUB_STEP_SUMMARY files. `uses:` steps
(actions/setup-python) are GitHub's and are skipped. Here the install step is skipped too and
the l10n-blog of this environment is put on the PATH; tests/test_packaging_install.py runs the
install step on the built wheel.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, make_site

ACTION = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
STEPS = ACTION["runs"]["steps"]
INSTALL = "Install l10n-blog"
POST = "---\ntitle: 記事\n---\n\n今日は晴れです。散歩に行きました。\n"


@dataclass
class Ran:
    status: int  # of the last step that ran (a failing step ends the action)
    output: str  # stdout and stderr of every step
    summary: str  # what the steps wrote to GITHUB_STEP_SUMMARY


def expand(text: str, inputs: dict[str, str]) -> str:
    """`${{ inputs.NAME }}` as GitHub expands it; any other expression is not supported here."""
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in ACTION["inputs"], f"action.yml uses an undeclared input {name!r}"
        return values[name]

    text = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", one, str(text))
    assert "${{" not in text, f"an expression the test runner does not know: {text}"
    return text


def run_action(workspace: Path, tmp: Path, inputs: dict[str, str] | None = None, *, install: bool = False,
               env: dict[str, str] | None = None, path: list[str] | None = None) -> Ran:
    """Run the action's `run:` steps in ``workspace`` (the checkout) with a made-up GITHUB_* environment."""
    inputs = inputs or {}
    tmp.mkdir(parents=True, exist_ok=True)
    summary, github_path = tmp / "step_summary.md", tmp / "github_path"
    summary.write_text("", encoding="utf-8")
    github_path.write_text("", encoding="utf-8")
    if path is None:  # this environment's l10n-blog, alone in a folder, as the install step would add it
        here = tmp / "bin"
        here.mkdir(exist_ok=True)
        (here / "l10n-blog").symlink_to(Path(sys.executable).with_name("l10n-blog"))
        path = [str(here)]
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "CI"))}
    base_env.update({"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace),
                     "GITHUB_ACTION_PATH": str(REPO), "GITHUB_STEP_SUMMARY": str(summary),
                     "GITHUB_PATH": str(github_path), "GITHUB_ENV": str(tmp / "github_env"),
                     "GITHUB_OUTPUT": str(tmp / "github_output"), "GITHUB_EVENT_NAME": "push",
                     "GITHUB_BASE_REF": "", "RUNNER_TEMP": str(tmp / "runner_temp")})
    base_env.update(env or {})
    (tmp / "runner_temp").mkdir(exist_ok=True)
    output, status = [], 0
    for number, step in enumerate(STEPS):
        if "uses" in step or (step.get("name") == INSTALL and not install):
            continue
        step_env = {**base_env, **{k: expand(v, inputs) for k, v in step.get("env", {}).items()}}
        added = [line for line in github_path.read_text("utf-8").splitlines() if line]
        step_env["PATH"] = os.pathsep.join([*reversed(added), *path, base_env["PATH"]])
        cwd = workspace / expand(step.get("working-directory", "."), inputs)
        script = tmp / f"step{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        assert step["shell"] == "bash"
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd,
                                env=step_env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
        output.append(result.stdout + result.stderr)
        status = result.returncode
        if status != 0:
            break
    return Ran(status, "".join(output), summary.read_text("utf-8"))


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, check=True,
                   capture_output=True)


def blog_in_git(root: Path) -> Path:
    """A blog whose PO file is committed on `main`, then a change on a branch: a new paragraph, not extracted."""
    from typer.testing import CliRunner

    from l10n.cli import app

    make_site(root, {"a.md": POST, "b.md": "明日は雨です。\n"})
    assert CliRunner().invoke(app, ["extract", "--root", str(root)]).exit_code == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    with (root / "posts" / "ja" / "a.md").open("a", encoding="utf-8") as post:
        post.write("\n新しい段落です。\n")
    return root


def test_scripts_get_inputs_only_through_env():
    """An input pasted into a script by `${{ }}` would run a crafted branch name or argument as shell."""
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step.get("name")
    assert [step["uses"].split("@")[0] for step in STEPS if "uses" in step] == ["actions/setup-python"]
    assert ACTION["runs"]["using"] == "composite"


def test_a_change_on_a_pull_request_is_annotated_and_summarized(tmp_path):
    blog = blog_in_git(tmp_path / "blog")
    ran = run_action(blog, tmp_path / "runner", {"base": "main"})
    assert ran.status == 1, ran.output
    assert ("::error file=posts/ja/a.md,line=7,title=l10n po-outdated::changed since locales/en/a.po was "
            "extracted (1 new unit(s))") in ran.output
    assert ran.summary.startswith("### Translation report since `main`")
    assert "`posts/ja/a.md` [en]" in ran.summary and "b.md" not in ran.summary  # only what the change touched


def test_a_blog_in_sync_passes_and_args_reach_check(tmp_path):
    blog = make_site(tmp_path / "repo" / "site", {"a.md": POST})
    from typer.testing import CliRunner

    from l10n.cli import app

    assert CliRunner().invoke(app, ["extract", "--root", str(blog)]).exit_code == 0
    ran = run_action(blog.parent, tmp_path / "runner", {"working-directory": "site", "summary": "false"})
    assert ran.status == 0, ran.output
    assert ran.summary == ""
    ran = run_action(blog.parent, tmp_path / "runner2", {"working-directory": "site", "args": "--require all"})
    assert ran.status == 1 and "::error file=locales/en/a.po,line=16,title=l10n threshold::" in ran.output
    assert ran.summary.startswith("### Translation report\n")  # no base on a push: every post with work left


def test_a_base_branch_missing_from_a_shallow_clone_is_a_warning_not_a_failure(tmp_path):
    blog = blog_in_git(tmp_path / "blog")  # no remote: the fetch of origin/main fails at once, offline
    ran = run_action(blog, tmp_path / "runner", env={"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main"})
    assert "::warning title=l10n-blog::origin/main is not in this clone" in ran.output
    assert ran.summary.startswith("### Translation report\n") and "a.md" in ran.summary
    assert ran.status == 1 and "po-outdated" in ran.output


def test_the_base_branch_is_origin_of_the_pull_requests_base(tmp_path):
    blog = blog_in_git(tmp_path / "blog")
    git(blog, "update-ref", "refs/remotes/origin/main", "main")
    ran = run_action(blog, tmp_path / "runner", env={"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main"})
    assert ran.summary.startswith("### Translation report since `origin/main`"), ran.output
    assert "::warning" not in ran.output


@pytest.mark.parametrize("hook", yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8")))
def test_the_pre_commit_hook_runs_the_installed_command(hook):
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert hook["language"] == "python"  # pre-commit installs this repository at the pinned rev
    assert hook["entry"].split()[0] in scripts
