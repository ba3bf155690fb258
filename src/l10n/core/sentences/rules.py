"""Character classes, closed word lists and compiled patterns for `l10n.sentences`.

Everything here is data: the splitter's logic lives in `sentences.py`. Each pattern
says in a comment *why* it marks (or blocks) a sentence boundary. Patterns run over a
*masked* copy of the text, in which protected stretches (code, URLs, kaomoji, …) have
been replaced by one private-use placeholder character per original character, so
offsets never move.

Compiling a class that holds the CJK ranges costs about 0.7 ms (``re`` walks every code
point of 一-龯 in Python), which a run that splits one post pays in full. So only the
patterns that every paragraph needs (PROTECT, EVENTS, TRAILER) are compiled at
import; each of the others is written to ``_LAZY`` and compiled when first used. PROTECT and
EVENTS themselves hold no such class in their rare alternatives: those are loosened to a cheap
superset and checked by an exact pattern compiled on first use (``MAYBE``; see
``l10n.core.sentences.loosened``).
"""

from __future__ import annotations

import re
from re import Pattern

_LAZY: dict[str, str] = {}


def __getattr__(name: str) -> Pattern[str]:
    """Compile a pattern of ``_LAZY`` on first use; it then stays a plain module attribute."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    compiled = globals()[name] = re.compile(_LAZY[name])
    return compiled


# --------------------------------------------------------------- placeholders
OPAQUE = "\ue000"  # code, links, e-mail, HTML, abbreviations, names: never cut inside
URL = "\ue001"  # a bare URL: opaque, and a line that ends in one is complete
SOFT = "\ue002"  # a kaomoji or ASCII emoticon: may end a sentence without 。
LAUGH = "\ue003"  # （笑） (汗) …: sticks to the sentence before it, may end it
FOOT = "\ue004"  # a footnote reference [^n]: sticks to the sentence before it
MARK = "\ue005"  # a list / step / Q&A marker at a line start: its dot ends nothing
END_TAG = "\ue006"  # a closing HTML tag (</p>, </strong>): sticks to the sentence before it

# Markdown (code, links, URLs, HTML, math, footnote references) is masked before PROTECT
# runs, from the one inline scanner (l10n.core.inline.atoms); PROTECT is only language.
PLACEHOLDER = {
    "email": OPAQUE, "laugh": LAUGH, "kaomoji": SOFT, "emoticon": SOFT,
    "name": OPAQUE, "abbr": OPAQUE, "mark": MARK, "enum": MARK,
}

# ------------------------------------------------------------ character classes
KANJI = "一-龯㐀-䶿々〆ヵヶ"
HIRA = "ぁ-ゖ"
KATA = "ァ-ヺー"
# Emoji and dingbats end a casual sentence the way 。 does (ブログを移転しました📦).
EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u3297\u3299\uFE0F\u200D"
CLOSERS = "」』）)】］”\""
OPENERS = "「『（(【［“\""
BRACKET_PAIRS = {"」": "「", "』": "『", "）": "（", ")": "(", "】": "【", "］": "［", "”": "“"}
# A quote or parenthetical that ends in one of these was a sentence of its own.
INNER_FINAL = set("。．！？!?.…‥")

# Abbreviations (a closed class). TITLES never end a sentence: a name follows.
_TITLES = r"Mr|Mrs|Ms|Mx|Dr|Prof|Sr|St|Mt|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|Rev|Hon|vs|cf|approx|Proc|Ver|ver|viz"
# NUMERIC ones are followed by a number (No. 3, pp. 45, Vol. 12, Jan. 5).
_NUMERIC = r"No|Nos|Vol|Vols|pp|p|Fig|Figs|Eq|Ch|Sec|Art|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
# LATIN ones introduce something: e.g. / i.e. are never sentence-final.
_LATIN = r"e\.g|i\.e|a\.k\.a|n\.b|N\.B"
# FINAL ones can end a sentence; they do when an English sentence starts after them.
_FINAL = r"etc|Inc|Corp|Ltd|Co|LLC|PLC|Jr|Bros|K\.K|U\.S|U\.K|U\.N|E\.U|U\.S\.A|et al"
# Names whose own punctuation is not a sentence end while the phrase goes on.
# Before Japanese that is not a particle (… macOS, etc. 次に / the U.S. 日本では) a FINAL one is
# left unmasked: the walker then decides by the English before it (see ENGLISH_WORD).
_PARTICLE = r"(?:[はがをにのでともへや]|など|まで|から)"
PARTICLE: Pattern[str]
_LAZY["PARTICLE"] = _PARTICLE
# A case particle glued to an ASCII ! ? or . (ソラミミ!!の新譜, cafe mikan.の隣): the mark ends a name.
NAME_PARTICLE: Pattern[str]
_LAZY["NAME_PARTICLE"] = r"[のをがにへ](?![、，。．！？!?\s])"
_JA_GOES_ON = rf"(?![ \t]*(?!{_PARTICLE})[{HIRA}{KATA}{KANJI}「『【])"
_NAMES = r"Yahoo!|Jeopardy!|Wham!|モーニング娘。"
_NAME_GOES_ON = rf"(?=[ \t]*(?:[{KATA}A-Za-z]|[のをがにではもとへや、，]))"

# Kaomoji: a bracket holding face parts and no words (letters, kana, kanji, digits).
# _NO_KANA checks once that the bracket holds 1-25 characters and no kana or kanji, so the
# faces after it need no Japanese class (each costs ~0.7 ms to compile, see above).
_NO_KANA = rf"(?=[^\n()（）{HIRA}{KATA}{KANJI}]{{1,25}}[)）])"
_INSIDE = r"[^\n()（）]"
_FACE = r"[^\n()（）A-Za-z0-9０-９、。，．「」『』]"
_FACE_KEY = r"[´｀`^＾ωДд∀≧≦•ㅂ๑°▽∇‿◕ᴗε￣ﾟ＿_;；・*＊∩ﾉ]"
_KAOMOJI = (
    rf"[ヽ٩ᕦ＼\\⊂ｏ]?[(（]{_NO_KANA}(?:{_FACE}{{0,12}}{_FACE_KEY}{_FACE}{{0,12}}[)）]"
    rf"|[;；]?[TＴ][_oOｏ.]?[TＴ][;；]?[)）]"
    # \(^o^)/: eyes around a letter o for the mouth (the faces above allow no letters).
    rf"|{_INSIDE}{{0,3}}[\^＾][oOｏ][\^＾]{_INSIDE}{{0,3}}[)）])[ﾉノゞو۶✧☆⌒ｼ/]*"
)

# One pass masks every protected stretch; earlier alternatives win at a position.
# The leading lookahead lets the engine reject most characters (kana, kanji) in one test.
# Each alternative opens with a test of its first character (or the line start) and ends in
# its kind's empty group, read back as ``lastgroup``: a group in front would hide that test
# from the engine, which then enters every alternative at every ASCII character.
_PROTECT_START = rf"(?=[\x21-\x7e \t　０-９（ヽ٩ᕦ＼⊂ｏ{''.join(sorted({n[0] for n in _NAMES.split('|')}))}])"
PROTECT_START = re.compile(_PROTECT_START)
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?P<email>)"
_LAUGH = r"[（(](?:笑|汗|泣|涙|爆|苦笑|爆笑|震え声|白目|真顔|[wｗ]+)[）)](?P<laugh>)"
_KAOMOJI_AT = r"(?=[ヽ٩ᕦ＼\\⊂ｏ(（])"
_EMOTICON = (
    r"(?=[:;=^oO])(?<![A-Za-z0-9:;=^])(?:[:;=][-'^]?[()DPpO3|/\\\]\[]|\^[_o.]?\^;?|orz|OTL)(?![A-Za-z0-9])(?P<emoticon>)"
)
_NAME = rf"(?:{_NAMES}){_NAME_GOES_ON}(?P<name>)"
_ABBR_AT = r"(?=[A-Za-z])(?<![A-Za-z.])"
_ABBR = rf"(?:(?:{_TITLES}|{_LATIN})\.|(?:{_NUMERIC})\.(?=\s*\d)"
_FINAL_ABBR = rf"(?:{_FINAL})\.(?![ \t]+[A-Z])(?![ \t]*(?:\n|$))"
_MARK = (
    r"(?m:^)[ \t]*(?:(?:#{1,6}|>)[ \t]*)*(?:[-*+][ \t]+)?"
    r"(?:(?:(?:Step|STEP)[ \t]*\d+|Q|A|\d+(?:\.\d+)*|[A-Za-z])[.．)）]|[(（]\d+[)）])(?=[ \t])(?P<mark>)"
)
# An enumerator inside a sentence (条件は 1. 安いこと、2. 速いこと) or glued to its
# step (2.変換を実行): its dot ends nothing, since Japanese text goes on after it.
_ENUM = (
    rf"(?=[0-9０-９])(?:(?<=[、，：:（(「。．！？{HIRA}{KATA}{KANJI}])|(?<=[、，{HIRA}{KATA}{KANJI}][ \t])|^)"
    rf"[0-9０-９]{{1,2}}[.．](?=[ \t]*[{HIRA}{KATA}{KANJI}「『【]|[ \t]+[A-Za-z0-9])(?P<enum>)"
)
# PROTECT itself, as one pattern (the reference: ``PROTECT`` below must find exactly its matches).
PROTECT_EXACT: Pattern[str]
_LAZY["PROTECT_EXACT"] = (
    _PROTECT_START
    + rf"(?:{_EMAIL}|{_LAUGH}|{_KAOMOJI_AT}{_KAOMOJI}(?P<kaomoji>)|{_EMOTICON}|{_NAME}"
    + rf"|{_ABBR_AT}{_ABBR}|{_FINAL_ABBR}{_JA_GOES_ON})(?P<abbr>)|{_MARK}|{_ENUM})"
)
# What is compiled at import: the same alternatives in the same order, but three rare ones
# (a kaomoji of kanji and signs, a FINAL abbreviation, an enumerator) with their kana/kanji
# tests loosened to a cheap superset, each named ``maybe_*``. A ``maybe_*`` match is checked
# by its exact pattern in ``MAYBE``, compiled on first use (``l10n.core.sentences.loosened``):
# each class with the CJK ranges costs ~0.7 ms to compile, and 90 % of the corpus posts never
# reach one of these. Where a loosened alternative matches, no alternative before it matches
# (it is a superset of the exact one and the others are the same), and none after it can at
# that character (they start with other characters); so checking it alone is exact.
PROTECT = re.compile(
    _PROTECT_START
    + rf"(?:{_EMAIL}|{_LAUGH}"
    + rf"|{_KAOMOJI_AT}{_KAOMOJI.replace(_NO_KANA, _NO_KANA.replace(KANJI, ''))}(?P<maybe_kaomoji>)"
    + rf"|{_EMOTICON}|{_NAME}|{_ABBR_AT}(?:{_ABBR})(?P<abbr>)|{_FINAL_ABBR}(?P<maybe_abbr>))|{_MARK}"
    + r"|(?=[0-9０-９])(?<![A-Za-z0-9.])[0-9０-９]{1,2}[.．](?=[ \t]*[^\x00-\x7f]|[ \t]+[A-Za-z0-9])(?P<maybe_enum>))"
)
# A kaomoji's exact test; ``(`` at a line start may open a list marker instead (``(1) ``).
KAOMOJI: Pattern[str]
_LAZY["KAOMOJI"] = rf"{_KAOMOJI}(?P<kaomoji>)|{_MARK}"
FINAL_ABBR_MASK: Pattern[str]
_LAZY["FINAL_ABBR_MASK"] = rf"{_FINAL_ABBR}{_JA_GOES_ON}(?P<abbr>)"
ENUM: Pattern[str]
_LAZY["ENUM"] = _ENUM

# ------------------------------------------------------------------- events
# The splitter walks these, left to right, over the masked text. As in PROTECT, each
# alternative tests its first character before anything else and names its kind at its end.
_EVENTS_AT = rf"(?=[…‥・.。！？!?．{CLOSERS}\n{SOFT}{LAUGH}{EMOJI}♪♫♡♥☆★✨✧wｗ笑〜ー\u3000])"
# A run of sentence-final marks is one end (！？, 。。。, …。); ． between digits is a decimal point.
_TERM = r"(?=[…‥・.。！？!?．])(?:[…‥]+|・{2,}|\.{3,})*(?:[。！？!?]|(?<![0-9０-９])．|．(?![0-9０-９]))+(?P<term>)"
# A bare ellipsis ends a sentence only when an independent one follows.
_ELL = r"(?=[…‥・.])(?:[…‥]+|・{3,}|\.{3,})(?P<ell>)"
# An ASCII period ends an English sentence before whitespace, and before Japanese after a word.
_DOT = r"(?=\.)(?:(?<=[^\s.])\.(?=[\"')\]’”]*(?:\s|$))"
_DOT_JA = rf"(?<=[A-Za-z0-9)])\.(?=[{HIRA}{KATA}{KANJI}])"
_CLOSE_NL = r"[」』）)】］”\"](?P<close>)|\n(?P<nl>)"
# An ideographic space after a kana-final word separates two sentences (いいね　色が…).
_WIDE = rf"(?=\u3000)(?<=[{HIRA}ー〜])\u3000+(?P<wide>)"
# Casual endings: kaomoji, emoji, laugh marks (w, 笑), and drawn-out 〜 / ー after kana.
_SOFT_AT = rf"(?=[{SOFT}{LAUGH}{EMOJI}♪♫♡♥☆★✨✧wｗ笑〜ー])"
_SOFT_RUN = rf"[{SOFT}{LAUGH}]+|[{EMOJI}♪♫♡♥☆★✨✧]+"
_SOFT_W = rf"(?<=[{HIRA}{KATA}{KANJI}）)」』])[wｗ]+(?![A-Za-zＡ-Ｚａ-ｚ])"
_SOFT_KANA = (
    rf"(?<=[{HIRA}{KATA}])笑+(?![うっいわえおまみ顔声話])"
    rf"|(?<=[{HIRA}{KATA}])〜+(?![0-9０-９])"
    rf"|(?<=[たすむるくうねよなわぞいさだっかしとえ])ー+(?![んっ])"
)
# ー right after a kanji is a drawn-out vowel (心配ー): no word spells it that way.
_SOFT_BAR = rf"(?<=[{KANJI}])ー+"
EVENTS_EXACT: Pattern[str]
_LAZY["EVENTS_EXACT"] = (
    rf"{_EVENTS_AT}(?:{_TERM}|{_ELL}|{_DOT}|{_DOT_JA})(?P<dot>)|{_CLOSE_NL}|{_WIDE}"
    rf"|{_SOFT_AT}(?:{_SOFT_RUN}|{_SOFT_W}|{_SOFT_KANA}|{_SOFT_BAR})(?P<soft>))"
)
# As for PROTECT: three rare alternatives loosened (any non-ASCII letter for the kana and
# kanji; the placeholders stay out), checked by their exact patterns in ``MAYBE``.
_NOT_JA = r"\x00-\x7f\ue000-\ue006"
EVENTS = re.compile(
    rf"{_EVENTS_AT}(?:{_TERM}|{_ELL}|{_DOT}(?P<dot>)"
    rf"|(?<=[A-Za-z0-9)])\.(?=[^{_NOT_JA}])(?P<maybe_dot>))|{_CLOSE_NL}|{_WIDE}"
    rf"|{_SOFT_AT}(?:(?:{_SOFT_RUN}|{_SOFT_KANA})(?P<soft>)"
    r"|(?<![\x00-\x28\x2a-\x7f\ue000-\ue006])[wｗ]+(?![A-Za-zＡ-Ｚａ-ｚ])(?P<maybe_w>)"
    rf"|(?<=[^{_NOT_JA}{HIRA}ァ-ヴヷ-ヺー])ー+(?P<maybe_bar>)))"
)
DOT_JA: Pattern[str]
_LAZY["DOT_JA"] = rf"{_DOT_JA}(?P<dot>)"
SOFT_W: Pattern[str]
_LAZY["SOFT_W"] = rf"{_SOFT_W}(?P<soft>)"
SOFT_BAR: Pattern[str]
_LAZY["SOFT_BAR"] = rf"{_SOFT_BAR}(?P<soft>)"
# A loosened kaomoji may hold a shorter stretch that another alternative masks (the emoticon
# in ``(漢^^)``): where its exact one fails, the search goes on inside it. Nothing else can start
# inside an abbreviation or an enumerator (a letter or digit is preceded by one there).
SEARCH_INSIDE = {"maybe_kaomoji"}
# The exact pattern of each loosened alternative, by its group name.
MAYBE = {
    "maybe_kaomoji": "KAOMOJI", "maybe_abbr": "FINAL_ABBR_MASK", "maybe_enum": "ENUM",
    "maybe_dot": "DOT_JA", "maybe_w": "SOFT_W", "maybe_bar": "SOFT_BAR",
}

# What may stick to the end of a sentence after its final mark.
TRAILER = re.compile(
    rf"\*\*|\*|~~|__|_|[{CLOSERS}]|[{LAUGH}{END_TAG}]+|[ \t]*[{SOFT}{FOOT}]+|[{EMOJI}♪♫♡♥☆★✨✧]+"
    r"|[wｗ]+(?![A-Za-z])"
)

# After ？！: a quotative means the question was quoted (…のか？という問い).
QUOTATIVE: Pattern[str]
_LAZY["QUOTATIVE"] = (
    r"って|っつ|なんて|と(?!はいえ|ころで|ころが|りあえず|にかく|もかく|ても|にかく)"
)
# After a closing quote or a soft ending: the clause goes on (particle, copula, punctuation).
CONTINUES: Pattern[str]
_LAZY["CONTINUES"] = (
    r"みたい|らしい|そう[だでなに]|的|ほど|くらい|ぐらい|ばかり|まで|すら|さえ|こそ|より|って|っ|と|や|の|が|を|に|は|も|へ|か|ね|よ|な(?!んと|ぜ)|で(?!も)|だ(?!から|けど|が)|じゃ"
    rf"|[、，,。．！？!?{CLOSERS}]"
)
# After a kaomoji or emoji: only a quotative, object particle or punctuation goes on
# (🍣を食べた); がんばります or でも after a kaomoji start a new sentence.
SOFT_CONTINUES: Pattern[str]
_LAZY["SOFT_CONTINUES"] = (
    r"みたい|らしい|そう[だでなに]|的|ほど|くらい|ぐらい|ばかり|まで|すら|さえ|こそ|より|って|と(?!ころ|りあえず|にかく|ても|いって|はいえ|いうか|、)|を|の|に(?!こ)|は(?!い)|が(?![んっ])|で(?!も)"
    rf"|[、，,。．！？!?{CLOSERS}]"
)
# A speaker label directly before a quote opens a dialogue line (上司「…」).
SPEAKER: Pattern[str]
_LAZY["SPEAKER"] = rf"[{KANJI}{KATA}A-Za-zＡ-Ｚａ-ｚ0-9０-９・]{{1,8}}「"
# Its cheap superset, tried first: most texts have no 「 within 8 characters where it is tried.
SPEAKER_AT = re.compile(r"[^\s「]{1,8}「")

# Interjections of self-correction or surprise, with their comma: after an ellipsis they open
# a new sentence even if the words before it trailed off (影が・・・いや、靴下でした). Conjunctions
# such as でも or まあ do not: 小さくて…でも、そこがよかった is one sentence.
SENTENCE_START: Pattern[str]
_LAZY["SENTENCE_START"] = r"(?:いや|いやいや|えっ|えー|あれ|あっ|おっ|うわ|なんだ)[、，]"
# A FINAL abbreviation ends a sentence before Japanese when an English sentence of at least
# ENGLISH_WORDS words leads up to it (…available only in the U.S. 日本では), not when it is
# part of a Japanese sentence (Acme Inc. は, 、U.S. 市場).
FINAL_ABBR: Pattern[str]
_LAZY["FINAL_ABBR"] = rf"(?<![A-Za-z.])(?:{_FINAL})\.$"
ENGLISH_WORD: Pattern[str]
_LAZY["ENGLISH_WORD"] = r"[A-Za-z][A-Za-z'’\-]*"
ENGLISH_WORDS = 3
# A blockquote marker at the start of a line.
QUOTE_MARK: Pattern[str]
_LAZY["QUOTE_MARK"] = r"[ \t]*(?:>[ \t]?)+"

# Only an ellipsis right after a word can end a sentence (気づいた…); one after a mark
# or at the start opens or decorates a sentence (……もうこれは).
WORD_END: Pattern[str]
_LAZY["WORD_END"] = rf"[{HIRA}{KATA}{KANJI}A-Za-z0-9０-９]$"
# Before a bare ellipsis: a particle or continuative form means the clause goes on.
# こと / もの are nouns (…とのこと……): their と / の end nothing.
GOES_ON_BEFORE: Pattern[str]
_LAZY["GOES_ON_BEFORE"] = (
    r"(?:[てでをにがはもへや、，,「『（(]|(?<!こ)と|(?<![もこ])の|けど|けれど|から|ので|のに|たら|れば|ながら|し|って)$"
)
# After 〜に…… a new topic or condition starts a new sentence (真っ白に……原因は / 中止に…雨なら).
NEW_TOPIC: Pattern[str]
_LAZY["NEW_TOPIC"] = rf"[{KANJI}{KATA}]{{1,6}}(?:は|なら)(?![{HIRA}])"

# Before a kaomoji or emoji: a case particle or continuative form means the clause goes on
# (汗だくで(；´Д｀)な顔, 🍞と☕だけ); こと / もの are nouns, so their と / の end nothing.
SOFT_GOES_ON_BEFORE: Pattern[str]
_LAZY["SOFT_GOES_ON_BEFORE"] = (
    r"(?:[てでをにがはへや、，,]|(?<!こ)と|(?<![もこ])の|けど|けれど|から|ので|のに|たら|れば|ながら)$"
)

# ---------------------------------------------------------------- line rules
# A line starting like this is a unit of its own, whatever the line before it.
STRONG_LINE: Pattern[str]
_LAZY["STRONG_LINE"] = (
    rf"[ \t]*(?:{MARK}|#{{1,6}}[ \t]|>|[-*+][ \t]|\|[ \t]|――|—|─|【|〒|{URL}|{FOOT}|\[\d+\]|```|:::|\{{%)"
)
# A line opened by a label bracket (【お知らせ】…) is a title or notice line.
LABEL_BRACKET: Pattern[str]
_LAZY["LABEL_BRACKET"] = r"[ \t]*【[^】\n]*】"
# Label, speaker and dialogue lines: 日時：…, 高橋：…, 上司「…」.
# A label may be a hiragana phrase when a colon follows (やったこと：…, 困っていること：…).
LABEL_LINE: Pattern[str]
_LAZY["LABEL_LINE"] = (
    rf"[ \t]*(?:[{KANJI}{KATA}A-Za-zＡ-Ｚａ-ｚ0-9０-９・]{{1,10}}[：:「]|[{KANJI}{KATA}{HIRA}・]{{2,10}}[：:](?=[^\s]))"
)
# A heading, or a line that is all bold (**設定方法**), names what follows it.
# Zenn containers (:::message) and Liquid tags ({% … %}) are markup lines of their own.
HEADING_LINE: Pattern[str]
_LAZY["HEADING_LINE"] = (
    r"[ \t]*(?:>[ \t]*)*(?:#{1,6}[ \t]|\*\*[^*\n]+\*\*$|__[^_\n]+__$|:::|\{%)"
)
# A line ending like this is a complete unit (kaomoji, emoji, laugh, URL, closing bracket).
COMPLETE_END: Pattern[str]
_LAZY["COMPLETE_END"] = (
    rf"(?:[{SOFT}{LAUGH}{URL}{FOOT}{CLOSERS}{EMOJI}♪♫♡♥☆★✨✧]|[wｗ]|"
    rf"(?<=[{HIRA}{KATA}])笑|(?<=[{HIRA}{KATA}])[〜ー])$"
)
# A line ending like this is hard-wrapped mid-sentence: comma, particle, て-form, conditional.
WRAP_END: Pattern[str]
_LAZY["WRAP_END"] = (
    r"(?:[、，,「『（(“]|[をにがでへやはも]|(?<!こ)と|(?<!も)の|けど|けれど|けれども|から|ので|のに"
    r"|ながら|たら|だら|れば|ては|て|[てで]い|(?<!な)し|っ|ず|つつ"
    # adverbial particles: a phrase ending in them always goes on (二十分ほど⏎揺られて)
    r"|ほど|ずつ|など|まで|より|しか|さえ|こそ|くらい|ぐらい)$"
)
# A line can't start a sentence with these: the line before was wrapped mid-word or mid-phrase.
WRAP_NEXT: Pattern[str]
_LAZY["WRAP_NEXT"] = (
    r"[をっゃゅょぁぃぅぇぉゎんーゝゞ々、。，．]|に(?![こっ])|が(?![んっ])|から|まで|より|ので|のに|[a-z]"
)
KANJI_END: Pattern[str]
_LAZY["KANJI_END"] = rf"[{KANJI}]$"
JAPANESE_START: Pattern[str]
_LAZY["JAPANESE_START"] = rf"[{KANJI}{HIRA}{KATA}「『]"
# A casual sentence-final particle, drawn out or not (止まるかなぁ, いいよね, 行くぞー): the line is complete.
FINAL_PARTICLE: Pattern[str]
_LAZY["FINAL_PARTICLE"] = (
    r"(?:かな|かしら|かも|よね|だね|ね|よ|わ|ぞ|ぜ|っけ)[ぁぃぅぇぉーっ〜]*$|(?:な|か)[ぁぃぅぇぉー〜]+$"
)
COMMA: Pattern[str]
_LAZY["COMMA"] = r"[、，,]"
FINAL_MARK: Pattern[str]
_LAZY["FINAL_MARK"] = r"[。．！？!?]"
# A title or label line: short, with no punctuation or space inside (使い方, 開催概要).
# A topic or object particle inside it (うちは通勤時) makes it a clause cut by a hard wrap.
TITLE: Pattern[str]
_LAZY["TITLE"] = (
    rf"(?![^\n]*[{HIRA}][はをが][{KANJI}{KATA}])[{KANJI}{HIRA}{KATA}A-Za-zＡ-Ｚａ-ｚ0-9０-９・]{{1,16}}"
)
# A line this long without a final mark is hard-wrapped prose, not a one-line sentence.
PROSE_LINE = 30
