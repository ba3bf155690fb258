"""``l10n-blog serve`` without a browser: pages, saves through the PO writing, conflicts, token and origin checks."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from l10n import config as config_io
from l10n import project as site_io
from l10n.po import catalog
from l10n.web import store, views
from l10n.web.app import Settings, create_app
from tests.test_check import extract, translate

POST = ('---\ntitle: "猫の話"\n---\n\n猫が好きです。犬も好きです。\n\n'
        "昨日は雨でした。今日は晴れです。明日は曇りでしょう。\n\n- 一つ目の項目です。\n")
DRAFTS = {"犬も好きです。": "I like dogs too.", "昨日は雨でした。": "It rained yesterday.",
          "今日は晴れです。": "Today is sunny."}
NOTES = "origin: deepl\nproblem: placeholder <x1> is missing"
PO = "locales/en/a.po"


@pytest.fixture
def drafted(site) -> Path:
    """Title and first sentence reviewed, three drafts (with notes), two untranslated units."""
    root = site({"a.md": POST, "b.md": "別の記事です。\n"})
    extract(root)
    translate(root, {"猫の話": "About cats", "猫が好きです。": "I like cats.", "別の記事です。": "Another post."})
    translate(root, DRAFTS, fuzzy=True, comment=NOTES)
    return root


def client(root: Path, **settings) -> TestClient:
    return TestClient(create_app(Settings(config_io.load(root), **settings)), base_url="http://127.0.0.1:8765")


def states(root: Path) -> dict[str, tuple[str, str]]:
    po = catalog.read_po(root / PO)
    assert po is not None
    return {e.msgid: (e.msgstr, catalog.state(e)) for e in po if not e.obsolete}


def uid(msgid: str, msgctxt: str | None = None) -> str:
    return views.unit_id(msgctxt, msgid)


def test_site_page_lists_posts_with_state_progress_and_filters(drafted):
    web = client(drafted)
    page = web.get("/").text
    assert "猫の話 — About cats" in page and "posts/ja/b.md" in page
    assert "2/7</strong> reviewed (29%)" in page and "3 draft" in page and "2 untranslated" in page
    assert 'class="badge problems">3 problems' in page
    assert "1/1</strong> reviewed (100%)" in page  # b.md
    needs_review = web.get("/", params={"show": "review"}).text
    assert "posts/ja/a.md" in needs_review and "posts/ja/b.md" not in needs_review
    assert "posts/ja/a.md" not in web.get("/", params={"show": "reviewed"}).text
    assert "posts/ja/b.md" not in web.get("/", params={"q": "猫"}).text


def judge_scores(root: Path, scores: dict[str, tuple[int, str, str]]) -> None:
    """Score lines as the judge writes them: msgid -> (score, reasons, the draft the score was for)."""
    from l10n.po.notes import Score, digest, with_score

    po = catalog.read_po(root / PO)
    assert po is not None
    changed = [with_score(e, Score(scores[e.msgid][0], "judge-model", digest(e.msgid, scores[e.msgid][2]),
                                   scores[e.msgid][1])) if e.msgid in scores else e for e in po]
    catalog.save(root / PO, changed, lang="en", post_display="posts/ja/a.md", old=po)


def test_post_page_shows_each_sentence_beside_its_english_with_state_origin_problems_and_score(drafted):
    judge_scores(drafted, {"今日は晴れです。": (72, "fluency: one term off", "Today is sunny."),
                           "犬も好きです。": (55, "for an older draft", "I like dogs.")})
    page = client(drafted).get("/post/en/a.md").text
    assert page.count('class="para"') == 4  # frontmatter, two paragraphs, a list item
    assert page.count('class="unit draft"') == 3 and page.count('class="unit untranslated"') == 2
    assert "origin: deepl" in page
    assert "markup problem noted by `l10n-blog translate`: placeholder &lt;x1&gt; is missing" in page  # check's wording
    assert page.count('name="resolved"') == 3
    assert "score 72 (fluency: one term off)" in page
    assert "score 55" not in page  # the draft changed since it was scored
    assert 'lang="ja">' in page and "昨日は雨でした。" in page and "It rained yesterday." in page
    assert "Approve paragraph (2)" in page and "Approve paragraph (1)" in page


def test_approving_a_unit_writes_the_po_file_and_returns_the_unit(drafted):
    web = client(drafted)
    assert "2/7</strong> reviewed" in web.get("/").text  # the site page's rows are cached from here
    answer = web.post("/approve/en/a.md", data={"uid": uid("犬も好きです。"), "msgstr": "I like dogs too.",
                                               "base": "I like dogs too.", "dom": "u1-0-2"},
                      headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert 'class="unit reviewed" id="u1-0-2"' in answer.text and "Saved to locales/en/a.po" in answer.text
    assert 'id="post-progress" hx-swap-oob="true"' in answer.text and "3/7</strong>" in answer.text
    assert states(drafted)["犬も好きです。"] == ("I like dogs too.", "reviewed")
    assert states(drafted)["昨日は雨でした。"] == ("It rained yesterday.", "draft")
    assert "3/7</strong> reviewed" in web.get("/").text  # the changed PO file is read again


def test_without_javascript_a_save_redirects_back_to_the_unit(drafted):
    answer = client(drafted).post("/approve/en/a.md", data={
        "uid": uid("明日は曇りでしょう。"), "msgstr": "Tomorrow will be cloudy.", "base": "", "dom": "u2-0-3"},
        follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/post/en/a.md#u2-0-3"
    assert states(drafted)["明日は曇りでしょう。"] == ("Tomorrow will be cloudy.", "reviewed")


def test_approve_paragraph_approves_only_that_paragraphs_drafts(drafted):
    form: dict[str, str | list[str]] = {"index": "2", "dom": "u2-0-1", "uid": []}
    for msgid in ("昨日は雨でした。", "今日は晴れです。"):
        form["uid"].append(uid(msgid))  # type: ignore[union-attr]
        form[f"base-{uid(msgid)}"] = DRAFTS[msgid]
    answer = client(drafted).post("/paragraph/en/a.md", data=form, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and '<section class="para" id="p2"' in answer.text
    now = states(drafted)
    assert now["昨日は雨でした。"] == ("It rained yesterday.", "reviewed")
    assert now["今日は晴れです。"] == ("Today is sunny.", "reviewed")
    assert now["犬も好きです。"] == ("I like dogs too.", "draft")
    assert now["明日は曇りでしょう。"] == ("", "untranslated")


def test_a_unit_changed_elsewhere_since_the_page_was_loaded_is_not_overwritten(drafted):
    translate(drafted, {"犬も好きです。": "Dogs too, edited in Poedit."}, fuzzy=True)
    answer = client(drafted).post("/approve/en/a.md", data={
        "uid": uid("犬も好きです。"), "msgstr": "I like dogs too.", "base": "I like dogs too.", "dom": "u1-0-2"},
        headers={"HX-Request": "true"})
    assert "Changed elsewhere since this page was loaded" in answer.text
    assert "Dogs too, edited in Poedit." in answer.text
    assert states(drafted)["犬も好きです。"] == ("Dogs too, edited in Poedit.", "draft")


def test_a_write_by_another_program_during_a_save_is_merged_not_lost(drafted, monkeypatch):
    """Poedit saves between the web app's read and its write: the save starts again from the new file."""
    real, calls = site_io.merged, []

    def merged_then_poedit_saves(config, lang, segmented):
        result = real(config, lang, segmented)
        calls.append(1)
        if len(calls) == 1:
            translate(drafted, {"今日は晴れです。": "Sunny today (Poedit)."})
        return result

    monkeypatch.setattr(store.site, "merged", merged_then_poedit_saves)
    saved = store.save_decisions(config_io.load(drafted), "en", "a.md",
                                 [store.Decision(uid("犬も好きです。"), "Dogs as well.", "I like dogs too.")])
    assert [s.status for s in saved] == ["saved"] and len(calls) == 1
    now = states(drafted)
    assert now["犬も好きです。"] == ("Dogs as well.", "reviewed")
    assert now["今日は晴れです。"] == ("Sunny today (Poedit).", "reviewed")


def test_the_same_unit_saved_by_another_program_during_a_save_wins_and_is_reported(drafted, monkeypatch):
    real = site_io.merged

    def merged_then_poedit_saves(config, lang, segmented):
        result = real(config, lang, segmented)
        translate(drafted, {"犬も好きです。": "Dogs as well (Poedit)."})
        return result

    monkeypatch.setattr(store.site, "merged", merged_then_poedit_saves)
    saved = store.save_decisions(config_io.load(drafted), "en", "a.md",
                                 [store.Decision(uid("犬も好きです。"), "Dogs too (browser).", "I like dogs too.")])
    assert [(s.status, s.msgstr) for s in saved] == [("conflict", "Dogs as well (Poedit).")]
    assert states(drafted)["犬も好きです。"] == ("Dogs as well (Poedit).", "reviewed")


def test_two_sessions_saving_different_units_at_once_keep_both(drafted):
    config = config_io.load(drafted)
    barrier = threading.Barrier(8)
    msgids = list(DRAFTS) + ["明日は曇りでしょう。", "一つ目の項目です。"]

    def save(n: int) -> None:
        msgid = msgids[n % len(msgids)]
        barrier.wait()
        store.save_decisions(config, "en", "a.md", [store.Decision(uid(msgid), f"text {n % len(msgids)}",
                                                                   DRAFTS.get(msgid, ""))])

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    now = states(drafted)
    assert {m: now[m] for m in msgids} == {m: (f"text {n}", "reviewed") for n, m in enumerate(msgids)}


def test_edited_text_keeps_the_sources_line_breaks_and_a_unit_gone_from_the_post_is_reported(drafted):
    config = config_io.load(drafted)
    saved = store.save_decisions(config, "en", "a.md", [
        store.Decision(uid("明日は曇りでしょう。"), "  Cloudy tomorrow.  \n", ""),
        store.Decision(uid("もう無い文。"), "Gone.", ""),
    ])
    assert [(s.status, s.msgstr) for s in saved] == [("saved", "Cloudy tomorrow."), ("gone", "")]


def test_preview_shows_the_built_english_and_never_runs_html_from_the_post(site):
    root = site({"a.md": "猫です。<script>alert(1)</script>\n"})
    extract(root)
    translate(root, {"猫です。": "A cat."}, fuzzy=True)
    web = client(root)
    built = web.get("/preview/en/a.md").text
    assert "猫です。" in built and "&lt;script&gt;" in built and "<script>alert" not in built
    assert "A cat." in web.get("/preview/en/a.md", params={"drafts": "1"}).text


def test_unknown_post_and_language_are_errors_not_crashes(drafted):
    web = client(drafted)
    assert web.get("/post/en/nope.md").status_code == 404
    assert web.get("/post/en/../../etc/passwd").status_code == 404
    assert web.get("/post/fr/a.md").status_code == 400


def test_a_token_is_required_when_set_and_then_kept_in_a_cookie(drafted):
    web = client(drafted, token="s3cret")
    assert web.get("/").status_code == 401
    assert web.post("/approve/en/a.md", data={"uid": uid("犬も好きです。"), "msgstr": "x", "base": "I like dogs too."}
                    ).status_code == 401
    first = web.get("/?token=s3cret&show=review", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/?show=review"
    assert web.get("/").status_code == 200  # the cookie set by the redirect
    assert client(drafted, token="s3cret").get("/?token=wrong").status_code == 401
    assert states(drafted)["犬も好きです。"] == ("I like dogs too.", "draft")


def test_cross_site_posts_and_foreign_host_names_are_refused(drafted):
    web = client(drafted)
    form = {"uid": uid("犬も好きです。"), "msgstr": "x", "base": "I like dogs too."}
    assert web.post("/approve/en/a.md", data=form, headers={"Origin": "https://evil.example"}).status_code == 403
    assert web.get("/", headers={"Host": "evil.example"}).status_code == 400  # DNS rebinding
    assert states(drafted)["犬も好きです。"] == ("I like dogs too.", "draft")


def test_a_redrafted_stale_unit_shows_the_japanese_diff_and_the_english_word_diff(drafted):
    """The reviewed English comes from the git base (HEAD by default for `l10n-blog serve`)."""
    from tests.test_report import git

    translate(drafted, {"犬も好きです。": "I like dogs too."})
    git(drafted, "init", "-q", "-b", "main")
    git(drafted, "add", "-A")
    git(drafted, "commit", "-qm", "base")
    post = drafted / "posts/ja/a.md"
    post.write_text(post.read_text("utf-8").replace("犬も好きです。", "犬もとても好きです。"), "utf-8")
    extract(drafted)
    translate(drafted, {"犬もとても好きです。": "I really like dogs too."}, fuzzy=True)  # a minimal redraft
    page = client(drafted, base="HEAD").get("/post/en/a.md").text
    assert 'class="unit stale"' in page
    assert "Japanese changed:" in page and "<ins><span class=\"sr-only\">[inserted: </span>もとて" in page
    assert "English changed:" in page and "<ins><span class=\"sr-only\">[inserted: </span> really<" in page
    assert "English changed:" not in client(drafted).get("/post/en/a.md").text  # no base, no English diff


def test_a_problem_note_stays_on_approval_unless_the_reviewer_says_it_is_fixed(drafted):
    """As with `l10n-blog review`, approving keeps the `problem:` note (check keeps failing); the checkbox deletes it."""
    config = config_io.load(drafted)
    store.save_decisions(config, "en", "a.md", [
        store.Decision(uid("犬も好きです。"), "I like dogs too.", "I like dogs too."),
        store.Decision(uid("今日は晴れです。"), "Today is sunny.", "Today is sunny.", resolved=True),
    ])
    po = catalog.read_po(drafted / PO)
    assert po is not None
    notes = {e.msgid: e.tcomment for e in po}
    assert notes["犬も好きです。"] == NOTES
    assert notes["今日は晴れです。"] == "origin: deepl"
    assert states(drafted)["今日は晴れです。"] == ("Today is sunny.", "reviewed")


def test_site_page_orders_posts_by_lowest_judge_score_and_finds_judge_approved_units(site):
    """Scores and approvals as `l10n-blog judge` writes them (tests/test_judge.py makes them with the fake judge)."""
    from l10n.po.notes import Approval, Score, digest, judge_approved, with_score

    root = site({"a.md": "猫が好きです。\n", "b.md": "犬も好きです。\n", "c.md": "鳥も好きです。\n"})
    extract(root)
    translate(root, {"猫が好きです。": "I like cats.", "犬も好きです。": "I like dogs.", "鳥も好きです。": "Birds."},
              fuzzy=True)
    for name, score in (("a", 80), ("b", 35), ("c", 97)):
        path = root / f"locales/en/{name}.po"
        po = catalog.read_po(path)
        assert po is not None
        entries = []
        for e in po:
            if e.msgid:
                tag = digest(e.msgid, e.msgstr)
                e = with_score(e, Score(score, "judge-model", tag, "fluency: stiff" if score < 50 else ""))
                if score >= 95:
                    e = judge_approved(e, Approval("judge-model", score, 95, tag))
            entries.append(e)
        catalog.save(path, entries, lang="en", post_display=f"posts/ja/{name}.md", old=po)
    web = client(root)
    page = web.get("/", params={"order": "score"}).text
    assert page.index("posts/ja/b.md") < page.index("posts/ja/a.md") < page.index("posts/ja/c.md")
    assert "lowest score 35" in page and "lowest score 80" in page and "1 approved by the judge" in page
    by_file = web.get("/").text
    assert by_file.index("posts/ja/a.md") < by_file.index("posts/ja/b.md")
    judged = web.get("/", params={"show": "judge-approved"}).text
    assert "posts/ja/c.md" in judged and "posts/ja/a.md" not in judged
    post = web.get("/post/en/c.md").text
    assert "approved by the judge judge-model (score 97), not by a person" in post
    assert "score 35 (fluency: stiff)" in web.get("/post/en/b.md").text
    # A person approving it makes it theirs: the approved: line goes, the score stays.
    saved = store.save_decisions(config_io.load(root), "en", "c.md", [
        store.Decision(uid("鳥も好きです。"), "Birds.", "Birds.")])
    assert [s.status for s in saved] == ["saved"]
    entry = next(e for e in catalog.read_po(root / "locales/en/c.po") or () if e.msgid)
    assert "approved: " not in entry.tcomment and "score: 97 by judge-model" in entry.tcomment
    assert "approved by the judge" not in web.get("/post/en/c.md").text


def test_a_unit_says_where_it_is_without_the_paragraph_comment(drafted):
    """The ``the paragraph:`` #. line (for Poedit/Weblate) is not repeated on the page, which shows the paragraph."""
    po = catalog.read_po(drafted / PO)
    assert po is not None and any("the paragraph: 昨日は雨でした。" in e.comment for e in po)
    page = client(drafted).get("/post/en/a.md").text
    assert "the paragraph:" not in page
    assert "paragraph, sentence 1 of 3, line 7</span>" in page
