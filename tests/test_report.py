"""``l10n-blog report`` on a small git site with a known set of changes: the Markdown summary and the HTML."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import config as config_io
from l10n.cli import app
from l10n.steps import report as report_step
from l10n.web.report import report_html
from tests.test_check import extract, translate

BASE_POST = "猫が好きです。犬も好きです。\n\n昨日は雨でした。今日は晴れです。\n"
NEW_POST = "猫が好きです。犬もとても好きです。\n\n昨日は雨でした。今日は晴れです。\n\n新しい段落です。\n\n未訳の文です。\n"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.fixture
def changed(site) -> Path:
    """Base: a.md half reviewed, half drafted; b.md reviewed. Change: a.md edited, drafted, reviewed."""
    root = site({"a.md": BASE_POST, "b.md": "別の記事です。\n"})
    extract(root)
    translate(root, {"猫が好きです。": "I like cats.", "犬も好きです。": "I like dogs too.",
                     "別の記事です。": "Another post."})
    translate(root, {"昨日は雨でした。": "It rained yesterday.", "今日は晴れです。": "Today is sunny."},
              fuzzy=True, comment="origin: deepl")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    (root / "posts/ja/a.md").write_text(NEW_POST, encoding="utf-8")
    extract(root)  # 犬も… is stale now
    translate(root, {"昨日は雨でした。": "It rained yesterday.", "今日は晴れです。": "It is sunny today."})
    translate(root, {"新しい段落です。": "A new paragraph."}, fuzzy=True,
              comment="origin: deepl\nproblem: link URL is missing")
    return root


def test_the_report_finds_each_kind_of_change_since_the_base(changed):
    result = report_step.report(config_io.load(changed), base="main")
    assert [p.post for p in result.posts] == ["posts/ja/a.md"]  # b.md did not change
    units = [(u.change, u.msgid, u.msgstr, u.before) for u in result.posts[0].units]
    assert units == [
        ("stale", "犬もとても好きです。", "I like dogs too.", None),
        ("approved", "昨日は雨でした。", "It rained yesterday.", None),
        ("edited", "今日は晴れです。", "It is sunny today.", "Today is sunny."),
        ("drafted", "新しい段落です。", "A new paragraph.", None),
        ("new", "未訳の文です。", "", None),
    ]
    assert result.posts[0].units[0].previous_msgid == "犬も好きです。"
    assert result.posts[0].units[3].problems == ("markup problem noted by `l10n-blog translate`: link URL is missing",)
    assert (result.drafted, result.awaiting, result.problems, result.reviewed) == (1, 2, 1, 2)


def test_the_markdown_summary_for_a_pull_request(changed):
    result = report_step.report(config_io.load(changed), base="main", billed=1234)
    assert report_step.markdown(result, artifact="https://ci.example/artifact") == (
        "### Translation report since `main`\n"
        "\n"
        "| posts changed | units drafted | awaiting review | problems | reviewed in this change | characters billed |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: |\n"
        "| 1 | 1 | 2 | 1 | 2 | 1,234 |\n"
        "\n"
        "- `posts/ja/a.md` [en]: 3/6 reviewed, 1 draft, 1 stale, 1 untranslated, 1 with problems\n"
        "\n"
        "Side-by-side report: https://ci.example/artifact\n"
    )
    unbilled = report_step.markdown(report_step.report(config_io.load(changed), base="main"))
    assert "| not recorded (`l10n-blog translate` prints it; pass `--billed`) |" in unbilled


class Rows(HTMLParser):
    """The text of each table cell of the report, row by row, with deleted/inserted text marked."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell = []
        elif tag in ("del", "ins") and self.cell is not None:
            self.cell.append("[-" if tag == "del" else "{+")
        elif tag == "span" and ("class", "sr-only") in attrs:
            self.hidden += 1
        elif tag in ("p", "li") and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag in ("del", "ins") and self.cell is not None:
            self.cell.append("-]" if tag == "del" else "+}")
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def test_the_html_report_shows_each_change_side_by_side(changed):
    page = report_html(report_step.report(config_io.load(changed), base="main"))
    parser = Rows()
    parser.feed(page)
    assert [row for row in parser.rows if row] == [
        ["1", "犬もとても好きです。 Japanese changed: 犬{+もとて+}も好きです。", "I like dogs too.",
         "stale: the Japanese changed"],
        ["3", "昨日は雨でした。", "It rained yesterday.", "approved origin: deepl"],
        ["3", "今日は晴れです。", "It is sunny today. English changed: [-Today-]{+It+} is sunny{+ today+}.", "edited and approved origin: deepl"],
        ["5", "新しい段落です。", "A new paragraph.", "drafted origin: deepl markup problem noted by `l10n-blog translate`: link URL is missing"],
        ["7", "未訳の文です。", "", "new, untranslated"],
    ]
    assert "<script" not in page and "/static/" not in page  # one self-contained file
    assert "<style>" in page


def test_report_command_writes_both_files_and_says_what_is_missing(changed, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "-C", str(changed), "--base", "main", "--html", str(out / "r.html"),
                                      "--markdown", str(out / "summary.md")])
    assert result.exit_code == 0, result.output
    assert "| 1 | 1 | 2 | 1 | 2 | not recorded" in (out / "summary.md").read_text("utf-8")
    assert "新しい段落です。" in (out / "r.html").read_text("utf-8")
    unknown = CliRunner().invoke(app, ["report", "-C", str(changed), "--base", "no-such-branch"])
    assert unknown.exit_code == 2 and "no-such-branch" in unknown.output


def test_without_a_base_the_report_lists_all_work_left(changed):
    result = report_step.report(config_io.load(changed))
    assert [p.post for p in result.posts] == ["posts/ja/a.md"]
    assert [u.change for u in result.posts[0].units] == ["stale", "drafted", "new"]


def test_a_stale_unit_redrafted_in_the_change_counts_as_drafted_and_shows_the_english_diff(changed):
    translate(changed, {"犬もとても好きです。": "I really like dogs too."}, fuzzy=True)
    result = report_step.report(config_io.load(changed), base="main")
    stale = result.posts[0].units[0]
    assert (stale.change, stale.before, stale.msgstr) == ("stale", "I like dogs too.", "I really like dogs too.")
    assert result.drafted == 2
    assert "{+ really+}" in " ".join(" ".join(row) for row in _rows(report_html(result)))


def _rows(page: str) -> list[list[str]]:
    parser = Rows()
    parser.feed(page)
    return parser.rows
