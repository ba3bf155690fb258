"""Tests for l10n.sentences: invariants (hypothesis), phenomena, and the dev gold set.

Examples are written as one string with ``¦`` at each expected boundary; the text is
the string without the marks (whitespace around a mark stays in the text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from l10n.core.sentences import split, split_text

GOLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "segmentation" / "dev-gold.jsonl"


def check(marked: str) -> None:
    text = marked.replace("¦", "")
    expected = [part.strip() for part in marked.split("¦")]
    assert split_text(text) == expected


def assert_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    pos = 0
    for a, b in spans:
        assert pos <= a < b <= len(text)
        assert text[pos:a].strip() == "", "non-whitespace left between spans"
        assert text[a:b] == text[a:b].strip(), "span not stripped"
        pos = b
    assert text[pos:].strip() == ""


# ------------------------------------------------------------------ properties

FRAGMENTS = [
    "今日は", "晴れ", "だった", "。", "！", "？", "!?", "、", "，", "．", ".", "…", "……", "・・・",
    "...", "「", "」", "『", "』", "（", "）", "(", ")", "【", "】", '"', "“", "”", "\n", "\n\n",
    " ", "　", "  ", "と言った", "って", "という", "w", "ｗｗ", "笑", "〜", "ー", "(笑)", "（汗）",
    "(^_^;)", "(´・ω・｀)", ":(", "🍣", "♪", "★", "**", "*", "~~", "[^1]", "`x != y?`",
    "https://example.com/a?b=1#c", "a@example.jp", "[リンク](https://example.net/x)", "e.g.",
    "Dr.", "etc.", "Inc.", "U.S.", "v1.2.3", "3.5", "Yahoo!", "モーニング娘。", "1. ", "- ",
    "## ", "> ", "Q. ", "A「", "上司「", "高橋：", "The end.", " It works. ", "ですか", "ので",
    "て", "を", "に", "漢字", "カタカナ", "English", "  - ", "<b>", "</p>", "$x.y$",
]

texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.text(alphabet="あ漢ア。．！？!?.…「」（）()\"”“ \n　wー〜*`[]^:_-#>1aA", max_size=60),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_spans_ordered_stripped_and_covering(text: str) -> None:
    assert_invariants(text, split(text))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_nonwhitespace_characters_kept_in_order(text: str) -> None:
    joined = "".join(split_text(text))
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("。Q. \n...https://example.com/a?b=1#c")  # a marker that opens a sentence mid-line
@example("今日はw:(🍣今日は")  # an emoticon after a letter that ends the sentence before it
@example("。1. - 1. 今日は")
@example("etc.\n\nQ. ")  # the text's trailing space
@example("\n> 。「はい。」\n> 。")  # a sentence that began mid-line in a blockquote
@example("「はい。」「はい。」wね\u3000")  # the quote rule must not read past the cut after w
@example("「はい。」(1) :(「はい。」。")  # nor past the cut after an emoticon
@example("\u3000>（\n>")  # a quote marker after an ideographic space
@example("」.\"\"1「")  # an empty quote pair glued to a period opens, it does not close
def test_a_sentence_split_again_stays_whole(text: str) -> None:
    for sentence in split_text(text):
        assert split_text(sentence) == [sentence]


@pytest.mark.parametrize("marked", [
    "。¦Q. \n¦...https://example.com/a?b=1#c",
    "以上です。¦Q. 次の質問です。",
    "以上です。 ¦1.変換を実行する。",
    "今日はw:(🍣¦今日は",
    "etc.\n\n¦Q. ",
])
def test_a_sentence_is_masked_as_on_its_own(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "> 以上です。¦移行ツールを\n> 使って、事前に変換してください。",  # the line breaks off mid-phrase
    "移行ツールを\n> 使って、事前に変換してください。",  # the same sentence on its own
    "> 以上です。¦定義は次の通り\n¦> 空でない集合 $G$ を考える。",  # the quote line opens a unit
    "「おはよう。」¦「おはよう。」ｗ¦よろしくね",  # the quotes end at the w: nothing goes on after them
    "「はい。」¦(1) :(¦「はい。」。",
])
def test_a_sentence_that_began_mid_line_is_cut_as_on_its_own(marked: str) -> None:
    check(marked)


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split("") == []
    assert split(" \n　") == []


def test_spans_are_offsets_into_the_text() -> None:
    text = "  おはよう。 今日もいい天気だ。\n"
    assert split(text) == [(2, 7), (8, 17)]


# ------------------------------------------------------------------ phenomena

@pytest.mark.parametrize("marked", [
    "母からメッセージが来た。¦「晩ごはん、いる？」¦返事をする前に既読がついた。",
    "店長に言われた。\n¦「焦らなくていい。丁寧にやればいい。」\n¦その言葉に救われた。",
    "“今日はここまで。”と先生は言った。¦みんなほっとした顔をしていた。",
    'The host said:\n¦"Thank you all. See you next year."\n¦会場から拍手が起きた。',
])
def test_quotes_standing_alone_are_units(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "部長に「この件、来週までにまとめられる？」と聞かれた。¦正直、無理だと思った。",
    "「もう少しだけ待ってほしい。必ず連絡する。」という返事だった。",
    "彼の口癖は「まあ、なんとかなるよ。」だ。",
    "「大丈夫？」って聞いたら、「平気！」と返ってきた。",
    "「え、そうなの？」「うん、そうだよ。」と二人は笑った。",
    '彼は "I will be back." と言い残して帰った。',
    "第一声は「寒っ！」。¦それほど冷え込んでいた。",
])
def test_quotes_followed_by_a_predicate_stay_in_the_sentence(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "店員「ご注文はお決まりですか？」¦私「えっと、まだです……」¦店員「では、また伺います。」",
    "娘「パパ、これなに？」\n¦私「それはカブトムシの幼虫だよ」\n¦娘「ふーん」\n¦興味はなさそうだった(´・ω・`)",
])
def test_quotes_dialogue_lines_split(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "本当にこれでいいのか？と何度も考えた。¦でも答えは出なかった。",
    "え、もう終わり？って感じだった。",
    "なんで！？と叫びたくなった。",
    "明日は晴れるかな？¦晴れたら洗濯しよう。",
    "これで準備は完了です。¦と言いたいところですが、もう一つだけ設定があります。",
    "すごく眠い。¦とはいえ、締め切りは待ってくれない。",
])
def test_quotes_quotative_after_question_mark(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "この方法はおすすめです（ただし、自己責任でお願いします！）¦次に設定ファイルを開きます。",
    "価格は据え置きだ。¦（なお、送料は別途かかる。）¦詳細は公式サイトを確認してほしい。",
    "『人生は短い。だから急げ。』という言葉がある。",
    "タイトルは『月曜日の猫。』です。",
    "【速報】新しいバージョンが公開されました！¦さっそく試してみます。",
    "今日は(たぶん)晴れる。",
])
def test_brackets_hold_their_sentences(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "かっこ（が閉じていない文でも大丈夫。¦次の文はちゃんと分かれる。",
    "とりあえず完了）。¦次へ進む。",
    "「閉じ忘れた引用のあとでも、\n¦- 箇条書きは分かれる。\n¦- 次の項目。",
])
def test_brackets_unbalanced_do_not_swallow_the_paragraph(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "**ここが一番大事なポイントです。**¦次に細かい設定を見ていきます。",
    "この数字は推定値です。[^4]¦実際の値はもう少し低いかもしれません。",
    "ついに完成した！(๑˃̵ᴗ˂̵)¦明日から使ってみる。",
    "寝坊した（汗）¦急いで駅に向かった。",
    "ケーキを三つも食べた(笑)¦反省はしていない。",
    "私も買いました（笑）。¦後悔はしていません。",
    "今日のお昼はラーメンでした🍜¦替え玉まで頼んでしまった。",
    "~~この機能は廃止されました。~~¦現在は新しいAPIを使ってください。",
    "小さくなりました。¦*体感では速くなりました。*¦以下で説明します。",
])
def test_trailers_stay_with_their_sentence(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "昨日は朝から雨が降っていたので、駅まで歩くのをあきらめて\nバスに乗ることにした。¦バスは思ったより空いていた。",
    "新しいエディタに乗り換えてから、設定ファイルの管理がずいぶん楽に\nなった。¦以前は三つに分かれていた。",
    "この問題を解決するために、私たちはまずログの収集方法を見直し、次に監視の\n仕組みを作り直した。",
    "引っ越しの準備を始めてから二週間が経った。¦段ボールは増える一方で、部屋はまるで倉\n庫のようだ。",
    "一方で、通勤の再開を望む\n声も少なくなかった。",
    "朝ごはんを食べて\n散歩に出かけた",
    "- 依存パッケージを更新する。¦ネットワークが遅いときは、\n  時間がかかる。\n¦- テストを実行する",
])
def test_wraps_inside_a_sentence_are_not_boundaries(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "日曜日\n¦朝から洗濯\n¦昼は友達とカフェ\n¦夜は早めに寝た",
    "買うもの\n¦- 牛乳\n¦- 卵\n¦- 食パン",
    "1. 設定画面を開く\n¦2. 「保存」を押す",
    "## インストール\n¦次のコマンドを実行します。",
    "日時：6月1日（土）\n¦場所：市民会館\n¦持ち物：筆記用具",
    "**設定方法**\n¦まず管理画面を開きます。",
    "> 失敗は成功のもと。\n¦> 今日の失敗も明日の糧になる。",
    "Q. 返品はできますか？\n¦A. 未開封に限り可能です。¦送料はお客様のご負担です。",
])
def test_wraps_complete_lines_are_units(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "The update is now available. ¦Please restart the app. ¦アップデートは今すぐ適用できます。",
    "We met Dr. Tanaka at the booth. ¦She showed us the new prototype.",
    "Prices rose approx. 3% in Q2, i.e. faster than expected. ¦想定より速いペースだ。",
    "This works on Linux, macOS, etc. ¦Windows support is planned.",
    "See Fig. 3 for details.",
    "Acme Inc. は昨年、U.S. 市場に参入した。",
    "Smith, A. and Lee, B. (2020) は同様の結果を報告している。",
    "The parser is slow on large files because it reads\neverything at once.",
    "It ends here.¦次の文は日本語です。",
])
def test_english_sentences_split_by_english_rules(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "詳しくは https://example.com/docs?page=2#setup を見てください。¦質問はこちらへ。",
    "資料はこちら\n¦https://example.org/slides/2024/\n¦録画も後日公開します。",
    "[使い方ガイド（初心者向け！）](https://example.net/guide?lang=ja)を公開しました。¦ぜひ。",
    "連絡は info.team@example.co.jp までお願いします。¦返信には数日かかります。",
    "設定は http://localhost:3000/admin?debug=true から変更できます！",
])
def test_urls_and_addresses_are_never_cut(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    '`git commit -m "fix!"` で修正をコミットします。¦次に `git push` します。',
    "条件は `x != null && y?.z` のように書けます。",
    "`foo.bar()` を呼び出した後、`.env` を読み込みます。",
    "<kbd>Ctrl</kbd>+<kbd>C</kbd> で止まります。¦止まらない場合は再起動してください。",
    "$a.b$ は内積です。",
])
def test_code_and_markup_are_never_cut(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "財布を家に忘れた…¦今日はついてない。",
    "結果は…まあ、ご想像のとおりです。",
    "待っても待っても来ない・・・¦諦めて帰った。",
    "頑張ったけど……ダメだった。",
    "気づいたら朝だった...¦完全に寝落ちしていた。",
    "雨が降ってきた。¦……傘を持ってくればよかった。",
    "寒すぎて……。¦もう外に出たくない。",
])
def test_ellipsis_ends_a_sentence_only_before_a_new_one(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "やっと週末だ(*´▽｀*)¦ゆっくり寝よう。",
    "また失敗した orz¦もう一回やってみる。",
    "寒すぎる(>_<)¦早く春にならないかな。",
    "テスト合格した！ヽ(=´▽`=)ﾉ¦今夜はお祝いだ。",
    "明日から本気出す ;)¦たぶん。",
    "任された(・_・?)¦え、私でいいの？",
])
def test_kaomoji_end_a_sentence_and_are_never_cut(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "猫が膝の上で寝てる♪¦動けない。",
    "今日もがんばったw¦明日もがんばろう。",
    "疲れたー¦お風呂入って寝る。",
    "やっと終わった〜¦ビール飲もう。",
    "また寝坊した笑¦目覚ましを三つにしようかな。",
    "今日は🍣を食べた。",
    "コーヒーを飲みながら笑ってしまった。",
])
def test_soft_endings_laugh_and_drawn_out_vowels(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "売上は前年比 12.5% 増の 3.2 億円でした。¦利益率は 8.1% です。",
    "v1.4.2 では不具合を修正しました。¦詳しくは CHANGELOG.md を参照してください。",
    "会議は 2024.06.15 に開催されます。",
    "本節では結果を示す．¦提案手法は 3．5 ポイント改善した．",
    "Yahoo!ショッピングで買い物をした。¦送料無料だった。",
    "初めて行ったライブはモーニング娘。¦今でも覚えている。",
    "これ、本当に便利!! ¦みんなも使ってみて。",
])
def test_numbers_and_names_keep_their_dots(marked: str) -> None:
    check(marked)


# ------------------------------------------------------------------ gold set

BLIND = Path(__file__).resolve().parents[1] / "bench" / "segmentation" / "blind-gold.jsonl"
BLIND2 = BLIND.with_name("blind2-gold.jsonl")
BLIND3 = BLIND.with_name("blind3-gold.jsonl")
BLIND4 = BLIND.with_name("blind4-gold.jsonl")  # scored once with frozen rules: never tune on it


def _gold(path: Path = GOLD) -> list[dict[str, object]]:
    if not path.exists():
        pytest.skip(f"{path} is absent (it lives beside the repository)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _boundaries(text: str, sentences: list[str]) -> set[int]:
    total, cuts = 0, set()
    for s in sentences[:-1]:
        total += len(re.sub(r"\s", "", s))
        cuts.add(total)
    return cuts


def _score(path: Path) -> tuple[float, float]:
    """Boundary F1 and the share of paragraphs split exactly, on a gold file."""
    tp = fp = fn = exact = 0
    records = _gold(path)
    for rec in records:
        text, gold = str(rec["text"]), list(rec["sentences"])  # type: ignore[call-overload]
        got, want = _boundaries(text, split_text(text)), _boundaries(text, gold)
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        exact += got == want
    return 2 * tp / (2 * tp + fp + fn), exact / len(records)


@pytest.mark.parametrize("path", [GOLD, BLIND, BLIND2, BLIND3, BLIND4],
                         ids=["dev", "blind", "blind2", "blind3", "blind4"])
def test_gold_boundary_f1_at_least_097(path: Path) -> None:
    f1, _ = _score(path)
    assert f1 >= 0.97, f"boundary F1 {f1:.3f}"


@pytest.mark.parametrize("path", [BLIND3, BLIND4], ids=["blind3", "blind4"])
def test_blind3_and_blind4_keep_the_issue_targets(path: Path) -> None:
    # blind3: 0.995 / 0.982 after its rules; blind4: 0.992 / 0.964 scored once, blind (see the README there).
    f1, exact = _score(path)
    assert f1 >= 0.99 and exact >= 0.96, f"F1 {f1:.3f}, exact {exact:.3f}"


def test_gold_sentences_split_again_stay_whole() -> None:
    for rec in _gold():
        for sentence in rec["sentences"]:  # type: ignore[attr-defined]
            assert split_text(sentence) == [sentence], rec["id"]


def test_gold_spans_keep_the_invariants() -> None:
    for rec in _gold():
        text = str(rec["text"])
        assert_invariants(text, split(text))


# ------------------------------------------------------------------ rules found by the blind set

def test_wraps_after_adverbial_particles_are_not_boundaries() -> None:
    assert split_text("山頂までは二時間ほど\n歩いて、やっと着いた。") == ["山頂までは二時間ほど\n歩いて、やっと着いた。"]
    assert split_text("毎日少しずつ\n読み進めている。") == ["毎日少しずつ\n読み進めている。"]


def test_quotes_followed_by_nanto_start_a_new_sentence() -> None:
    assert split_text("店長が言った。「今日は閉店です！」なんと臨時休業だった。") == [
        "店長が言った。", "「今日は閉店です！」", "なんと臨時休業だった。"]
    assert split_text("「無理です。」なんて言われた。") == ["「無理です。」なんて言われた。"]


def test_ellipsis_then_self_correction_is_a_boundary_but_conjunctions_go_on() -> None:
    assert split_text("窓の外に人影が…いや、カーテンだった。") == ["窓の外に人影が…", "いや、カーテンだった。"]
    assert split_text("思ったより高くて…でも、買ってよかった。") == ["思ったより高くて…でも、買ってよかった。"]


def test_emoji_then_toittemo_starts_a_new_sentence() -> None:
    assert split_text("ケーキ焼いた🎂といっても、混ぜて焼いただけ。") == ["ケーキ焼いた🎂", "といっても、混ぜて焼いただけ。"]


def test_wraps_inside_one_blockquote_keep_the_sentence_whole() -> None:
    text = "> 急がば回れとは、よく\n> 言ったものだ。\n> 次の行は別の文。"
    assert split_text(text) == ["> 急がば回れとは、よく\n> 言ったものだ。", "> 次の行は別の文。"]


# ------------------------------------------------------------------ held-out error kinds (issue 11)

@pytest.mark.parametrize("marked", [
    "条件は 1. 安いこと、2. 速いこと、の二つだ。",
    "持ち物は1.水筒 2.帽子 3.タオルです。¦忘れずに。",
    "手順は簡単です。¦1.設定を開く。¦2.保存する。",
])
def test_enumeration_inside_a_sentence_is_not_a_boundary(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "使い方\n¦まずはアプリをインストールしてから、設定画面を開いてアカウントを登録します。",
    "受付の流れ\n¦窓口で番号札を受け取り、名前を呼ばれるまで待合室でお待ちください。",
    "日時：3月5日\n¦場所：本社会議室",
    "準備は終わった。\n¦当日の持ち物\n¦筆記用具と上履きを忘れずに持ってきてください。",
])
def test_label_or_title_line_without_final_mark_is_a_boundary(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "「締切は明日。」だそうだ。",
    "「完了！」の表示が出たら次へ進みます。",
    "「了解です。」みたいな返事しか来ない。",
    "「もう無理！」らしい。",
])
def test_quote_followed_by_its_own_predicate_is_not_a_boundary(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "それは……まあいいか。",
    "それは(´・ω・｀)まあいいや。",
    "寝坊して(>_<)、駅まで走った。",
    "えっと……何の話だっけ？",
])
def test_ellipsis_or_emoticon_then_a_continuation_is_not_a_boundary(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "上司「明日までに頼む」¦そう言って彼は帰った。",
    "「行ってきます！」\n¦彼女はそう言って出ていった。",
    "娘「おなかすいた」¦時計を見るともう七時だった。",
])
def test_dialogue_line_followed_by_narration_is_a_boundary(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "- 牛乳を買う\n¦（なければ豆乳）\n¦- 卵",
    "1. 設定を開く\n¦（管理者のみ）",
    "* ログを確認する\n¦(エラーがなければ次へ)",
])
def test_list_item_followed_by_a_parenthetical_line_is_a_boundary(marked: str) -> None:
    check(marked)


def test_list_item_followed_by_an_indented_parenthetical_keeps_it_as_continuation() -> None:
    check("- 牛乳を買う\n  （なければ豆乳）\n¦- 卵")


@pytest.mark.parametrize("marked", [
    "We support Linux, macOS, etc. ¦次に設定を見ていきます。",
    "Tools: git, make, etc.\n¦どれも標準で入っています。",
    "Linux, macOS, etc. をサポートしています。",
])
def test_english_ending_in_etc_before_japanese_is_a_boundary(marked: str) -> None:
    check(marked)


# ------------------------------------------------------------------ rules found by the second blind set

def test_kaomoji_after_a_particle_or_te_form_goes_on() -> None:
    check("雨に濡れて(；´Д｀)な気分のまま出社した。¦最悪だ。")
    check("パンと☕ だけで済ませた。")


def test_kaomoji_with_a_letter_o_mouth_ends_a_sentence() -> None:
    check("新しい自転車を買った\\(^o^)/¦さっそく走ってみた。")


def test_final_abbreviation_ends_an_english_sentence_before_japanese() -> None:
    check("The library is maintained by Example Labs Inc. ¦現在も開発が続いている。")
    check("Acme Inc. は昨年、U.S. 市場に参入した。")


def test_name_with_exclamation_mark_before_a_particle_goes_on() -> None:
    check("Go! の新しいプランを試した。¦便利だった。")


def test_label_bracket_holding_a_sentence_is_its_own_unit() -> None:
    check("規約を改定しました。¦［対象は全員です。詳細は後日。］¦ご確認ください。")
    check("【重要！】システムを更新します。")


def test_enumerator_followed_by_latin_text_is_not_a_boundary() -> None:
    check("柱は、1. 改装、2. EC の強化、の二つだ。")


def test_wrap_inside_a_blockquote_after_a_sentence_mid_line() -> None:
    check("> 設定は一度だけです。¦変換ツールを\n> 使って、新形式にしてください。")


def test_drawn_out_vowel_after_a_kanji_ends_a_casual_sentence() -> None:
    check("明日のテストが心配ー ¦とりあえず寝る。")


def test_emphasis_run_after_a_full_stop_goes_to_the_side_commonmark_pairs_it_with():
    # The "**" after "。" opens the next sentence's bold, though an odd count of "**" precedes it.
    assert split_text("*今日は**今日は*。**明日は**。") == ["*今日は**今日は*。", "**明日は**。"]
    assert split_text("**重要です。**次へ。") == ["**重要です。**", "次へ。"]
    # A pair opened before the last cut does not pull its closer into the next sentence (hypothesis
    # found it: the sentence split again must stay whole).
    assert split_text("**。今日はw**。") == ["**。", "今日はw", "**。"]


# ------------------------------------------------------------------ rules found by the blind3 set
# (general rules, our own texts; the set itself is in bench/segmentation/blind3-gold.jsonl)

@pytest.mark.parametrize("marked", [
    "手順は次の通り。\n¦`make build`\n¦これでビルドできる。",
    "![構成図](/img/a.png)\n¦全体はこうなっています。",
    "実行すると次のように表示されます。\n¦`Error: the configuration file could not be found in the current directory.`\n"
    "¦つまり設定ファイルがないということです。",
    "![完成したケーキの写真、横から撮ったもの](/images/2024/cake-from-the-side.jpg)\n¦見た目はいまいちだけど、味は最高！¦また作ろう。",
])
def test_a_line_that_is_only_an_image_or_a_code_span_is_its_own_unit(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "【告知】夏季休業期間のお知らせについて\n¦8月13日から休業します。",
    "【注意！必ず読んでください。】設定の変更をお願いします\n¦詳細は以下のとおりです。",
])
def test_a_line_opened_by_a_label_bracket_is_a_title_line(marked: str) -> None:
    check(marked)


def test_standalone_quotes_in_a_row_are_one_unit_each() -> None:
    check("「明日は来るの？」¦「……たぶん無理」¦「じゃあ来週ね」\n¦そんな会話をした。")


@pytest.mark.parametrize("marked", [
    "雪で電車が止まったとのこと……¦信じられない。",
    "画面が真っ黒に……¦理由は電源ケーブルでした。",
    "遠足が雨で中止に・・・¦天気なら仕方ない。",
    "せっかくの休みなのに…\nと思ったら、午後は晴れた。¦よかった。",
    "駅に……友達が待っていた。",
])
def test_ellipsis_after_a_finished_phrase_or_before_a_new_topic(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "シャキーン!!の新曲を聴いた。¦よかった。",
    "cafe lemon.の新作を食べた。¦甘かった。",
    "終わった!!¦次へ行こう。",
])
def test_a_name_ending_in_a_mark_before_a_particle_goes_on(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "朝から雨。\n¦傘、持っていこうかなぁ\n¦やめておいた。",
    "移転のお知らせです。\n¦〒100-0000 東京都千代田区1-2-3 サンプルビル5F\n¦電話番号は変わりません。",
    "作業報告（6/3〜6/7）\n¦やったこと：画面の改修、テストの追加\n¦次にやること：リリース準備\n¦以上",
    "最初の週はドキュメントを読むだけで終わってい\nた。¦今は少し慣れた。",
])
def test_line_ends_of_casual_lines_addresses_labels_and_mid_word_wraps(marked: str) -> None:
    check(marked)


@pytest.mark.parametrize("marked", [
    "今日の夕焼け、すごくきれいだね　¦明日も晴れるといいな。",
    "2025.01.01　元日。",
])
def test_an_ideographic_space_after_an_unpunctuated_sentence_is_a_boundary(marked: str) -> None:
    check(marked)


def test_every_pattern_compiled_on_first_use_is_declared_and_compiles() -> None:
    from l10n.core.sentences import rules

    declared = sorted(name for name, kind in rules.__annotations__.items() if "Pattern" in str(kind))
    assert declared == sorted(rules._LAZY)
    assert all(isinstance(getattr(rules, name), re.Pattern) for name in declared)
