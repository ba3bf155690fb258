"""``l10n-blog serve`` in a real headless Chromium (Debian's, driven by Playwright; no browser download).

The server runs as the command a reviewer starts, on a loopback port; the tests click and type
as a reviewer does, then read the PO file.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import needs_tool
from tests.test_check import translate
from tests.test_web import DRAFTS, drafted, states  # noqa: F401  (drafted is a fixture)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REVIEWED = re.compile(r"\bunit reviewed\b")
pytestmark = [pytest.mark.slow, needs_tool(CHROMIUM)]
START = {  # what the fixture site holds before a test
    "猫の話": ("About cats", "reviewed"), "猫が好きです。": ("I like cats.", "reviewed"),
    "犬も好きです。": ("I like dogs too.", "draft"), "昨日は雨でした。": ("It rained yesterday.", "draft"),
    "今日は晴れです。": ("Today is sunny.", "draft"), "明日は曇りでしょう。": ("", "untranslated"),
    "一つ目の項目です。": ("", "untranslated"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(drafted: Path) -> Iterator[str]:  # noqa: F811
    with serving(drafted) as url:
        yield url


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """``l10n-blog serve`` on ``root`` at a free loopback port, stopped at the end."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from l10n.cli import main; main()", "serve",
                                "-C", str(root), "--port", str(port)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/", timeout=1)
            break
        except httpx.TransportError:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "l10n-blog serve did not start"
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # a loaded CI machine: saves are slower, never skipped

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_review_in_the_browser_saves_exactly_the_decisions_made(server, page, drafted):  # noqa: F811
    from playwright.sync_api import expect

    page.goto(server + "/")
    page.get_by_role("link", name="猫の話 — About cats").click()
    expect(page.locator("h1")).to_have_text("猫の話 — About cats")
    # Skip (s) leaves the first draft as it is and goes on to the next one.
    page.keyboard.press("s")
    expect(page.locator("#u2-0-1")).to_be_focused()
    # Back (k) and approve (a) with the keyboard; the page moves on to the next draft.
    page.keyboard.press("k")
    expect(page.locator("#u1-0-2")).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator("#u1-0-2")).to_have_class(REVIEWED)
    expect(page.locator("#u2-0-1")).to_be_focused()
    # Edit a draft: Edit, type, Ctrl+Enter.
    unit = page.locator("#u2-0-2")
    unit.get_by_role("button", name="Edit").click()
    box = unit.get_by_label("English translation of: 今日は晴れです。")
    expect(box).to_be_focused()
    box.fill("It is sunny today.")
    expect(unit.get_by_role("button", name="Save")).to_be_visible()
    box.press("Control+Enter")
    expect(page.locator("#u2-0-2 .saved")).to_have_text("Saved to locales/en/a.po.")
    # Approve the rest of the paragraph: only 昨日… is left to approve there.
    page.locator("#p2").get_by_role("button", name="Approve paragraph (1)").click()
    expect(page.locator("#u2-0-1")).to_have_class(REVIEWED)
    expect(page.locator("#post-progress")).to_contain_text("5/7 reviewed")

    assert states(drafted) == {**START, "犬も好きです。": ("I like dogs too.", "reviewed"),
                               "今日は晴れです。": ("It is sunny today.", "reviewed"),
                               "昨日は雨でした。": ("It rained yesterday.", "reviewed")}
    po = (drafted / "locales/en/a.po").read_text("utf-8")
    assert po.count("# origin: deepl") == 3  # the drafts' notes are kept on approval

    page.get_by_role("link", name="Preview English").click()
    article = page.locator("article.preview")
    expect(article).to_contain_text("I like cats. I like dogs too.")
    expect(article).to_contain_text("It rained yesterday. It is sunny today. 明日は曇りでしょう。")


def test_two_reviewers_editing_different_units_of_a_post_at_once_keep_both_edits(server, browser, drafted):  # noqa: F811
    from playwright.sync_api import expect

    pages = [browser.new_context().new_page() for _ in range(2)]
    for p in pages:
        p.goto(server + "/post/en/a.md")
    translate(drafted, {"一つ目の項目です。": "The first item (Poedit)."})  # a third editor, outside the browser
    first, second = pages[0].locator("#u1-0-2"), pages[1].locator("#u2-0-1")
    first.locator("textarea").fill("Dogs too, says A.")
    second.locator("textarea").fill("Rain yesterday, says B.")
    first.get_by_role("button", name="Save").click(no_wait_after=True)
    second.get_by_role("button", name="Save").click(no_wait_after=True)
    expect(pages[0].locator("#u1-0-2 .saved")).to_be_visible()
    expect(pages[1].locator("#u2-0-1 .saved")).to_be_visible()
    assert states(drafted) == {**START, "犬も好きです。": ("Dogs too, says A.", "reviewed"),
                               "昨日は雨でした。": ("Rain yesterday, says B.", "reviewed"),
                               "一つ目の項目です。": ("The first item (Poedit).", "reviewed")}
    # A reviewer who saves a unit someone else changed since the page loaded is told, and nothing is lost.
    pages[1].locator("#u1-0-2 textarea").fill("Dogs, says B.")
    pages[1].locator("#u1-0-2").get_by_role("button", name="Save").click()
    expect(pages[1].locator("#u1-0-2 .notice")).to_contain_text("Changed elsewhere")
    expect(pages[1].locator("#u1-0-2 textarea")).to_have_value("Dogs too, says A.")
    assert states(drafted)["犬も好きです。"] == ("Dogs too, says A.", "reviewed")
    for p in pages:
        p.context.close()


def test_accessibility_basics_labels_contrast_and_focus_order(server, page):
    from axe_playwright_python.sync_playwright import Axe

    for path in ("/", "/post/en/a.md", "/preview/en/a.md"):
        page.goto(server + path)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    page.goto(server + "/post/en/a.md")
    # Every text box has a label that names its sentence.
    for msgid in START:
        if msgid not in ("猫の話", "猫が好きです。"):  # reviewed: shown as text until Edit
            assert page.get_by_label(f"English translation of: {msgid}").count() == 1
    # Tab walks the controls in reading order: top to bottom, Japanese-side before English-side,
    # and every stop is visibly focused.
    expected = page.evaluate("""() => Array.from(document.querySelectorAll(
        'a[href], button, textarea, input:not([type=hidden]), select')).filter(e => e.offsetParent !== null)
        .map(e => e.outerHTML.slice(0, 80))""")
    seen = []
    for _ in range(len(expected)):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return [e.outerHTML.slice(0, 80), s.outlineStyle !== 'none' && s.outlineWidth !== '0px',
                    e.getBoundingClientRect().top + window.scrollY]; }"""))
    assert [html for html, _visible, _top in seen] == expected
    assert "Skip to content" in expected[0]
    assert all(visible for _html, visible, _top in seen), [html for html, visible, _ in seen if not visible]
    tops = [top for _html, _visible, top in seen[1:]]  # after the skip link
    assert all(b >= a - 40 for a, b in zip(tops, tops[1:])), tops  # never jumps back up the page


def test_the_judges_scores_order_the_site_page_and_show_with_their_reasons(tmp_path, page, openai_server):
    """Drafts scored by `l10n-blog judge` (loopback fake judge), then reviewed in Chromium."""
    from playwright.sync_api import expect

    from l10n.po import catalog
    from l10n.steps.judge import judge
    from l10n.steps.translate import translate as drafts
    from tests.test_judge import ENV, site

    config = site(tmp_path, openai_server, judge_table="approve_at = 95\n")
    drafts(config, lang="en", env=ENV, now=lambda: 1.0)
    judge(config, lang="en", env=ENV)
    with serving(tmp_path) as url:
        page.goto(url + "/")
        page.get_by_label("Order").select_option("score")
        page.get_by_role("button", name="Filter").click()
        rows = page.locator(".post-row")
        expect(rows.nth(0)).to_contain_text("posts/ja/a.md")  # its lowest draft scored 41
        expect(rows.nth(0)).to_contain_text("lowest score 41")
        expect(rows.nth(1)).to_contain_text("lowest score 75")
        expect(rows.nth(0)).to_contain_text("1 approved by the judge")  # 今日は晴れです。 scored 97
        from axe_playwright_python.sync_playwright import Axe

        assert Axe().run(page).violations_count == 0  # the new badges and the Order select included
        rows.nth(0).get_by_role("link").click()
        low = page.locator(".unit", has_text="同社は10億ドルを追加で投じる計画です。")
        expect(low.locator(".score")).to_have_text("score 41 (accuracy: meaning changed)")
        judged = page.locator(".unit", has_text="今日は晴れです。")
        expect(judged.locator(".badge.judged")).to_have_text(
            "approved by the judge judge-model (score 97), not by a person")
        assert Axe().run(page).violations_count == 0
        judged.get_by_role("button", name="Approve").click()
        expect(judged.locator(".saved")).to_be_visible()
        expect(page.locator(".unit", has_text="今日は晴れです。").locator(".badge.judged")).to_have_count(0)
    po = catalog.read_po(tmp_path / "locales/en/a.po")
    assert po is not None
    mine = next(e for e in po if e.msgid == "今日は晴れです。")
    assert catalog.state(mine) == "reviewed" and "approved: " not in mine.tcomment
