"""Words for BM25: jieba (with the domain dictionary) on normalised text, without stop and question words.

The documents and the questions go through the same steps, so 三个月 in a document meets 3个月 in a
question, 60天 meets 60日, and 失业金 meets 失业保险金 (the synonyms of passages.yml).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jieba

from bot.text.normalize import chinese_number

# Function words and the words a question is asked with; they say nothing about which passage answers.
# 文件里怎么说的 / 有什么说法 / 有规定吗 ask for the documents' text itself, not about a subject in it.
STOP_WORDS = frozenset(
    """
的 地 得 了 着 过 吗 呢 吧 啊 呀 哦 嘛 么 哈 啦 喔 哪 呐 嗯 诶 欸 呗 哇 嘞
我 我们 你 你们 您 他 她 它 他们 她们 咱 咱们 自己 人家 俺 本人 大家 家里 有人
是 不是 有 没有 有没有 没 能 能不能 可以 可不可以 可 会
会不会 要 要不要 需要 需不需要 想 想要 想问 想知道 请问
问 问下 问一下 一下 咨询一下 了解 知道 告诉 说 说说 讲讲
查 查下 查一下 帮 帮忙 麻烦 谢谢 你好 您好 请 下 个 一个
什么 啥 什么样 怎么 怎么样 怎样 如何 咋 咋办 怎么办 为什么
为啥 多少 几 几个 多久 多长 多长时间 哪些 哪个 哪里 哪儿
啥时候 什么时候 时候 现在 目前 最近 一般 还 也 都 就 才 又 再 很 太 挺 更 最 还是 或者 或 和 与 及 跟 同 以及
在 从 到 对 把 被 给 让 向 于 按 按照 关于 这 那 这个 那个 这些 那些 这样 那样 其 之 该 此 等 等等 啥样 咋样
多 少 里 上 中 内 后 前 时 弄 搞 办 干 做 行 得了 着呢 一样
那边 这边 那里 这里 东西 事 事情 情况 问题 是否 能否 可否
还有 别的 要是 的话 因为 大概 原来 觉得 其实 一点 不管 这块 听说 非得 接着 那阵子 那会儿 从来
一共 还要 还给 还得 还用 还能 去 来 找 完 当场 快点 下来 好几个 到底 究竟 真的 应该 最晚 最早 晚 早 开始
之后 回头
文件 原文 条文 规定 说法 写 写的
""".split()
)
# A word opening with these is a question word however jieba cut it: 哪几个, 怎么弄, 多少钱, 有没有
QUESTION_WORD = re.compile(
    r"^(哪|啥|咋|怎|多少|几|什么|是否|有没有|能否|可否|要不|是不|能不|会不|可不|需不|有无)"
)

_TOKEN_KEEP = re.compile(r"\w", re.UNICODE)  # a token with no letter, digit or character is punctuation
_CN_NUM = "零〇一二两三四五六七八九十百千万"
_CN_NUMERAL_BEFORE_UNIT = re.compile(rf"[{_CN_NUM}]+(?=个月|年|周岁|岁|元|日|天|倍|人|名|项|个工作日)")
_DAYS = re.compile(r"(\d+)\s*天")
_SPACES = re.compile(r"\s+")
# 一个月 / 一年 / 一次 in a question mean "per month" (一个月发多少), not the figure 1; 满一年 keeps it
_PER_UNIT = re.compile(r"(?<![\d.满足到过超第近前后内])1(?=个月|年(?!\d)|次)")
DATE_UNITS = frozenset("年月日")
PER_UNITS = frozenset("年月")  # 年平均工资, 月发放标准: "per year / per month" before a word
# what a question word asks for when it opens it (哪天, 几天, 几号, 哪个月份): the answer-type check looks for
# the figure; the unit itself is no word the answer holds (30日内 loses its 日 as a date unit)
ASKED_UNITS = frozenset({"天", "日", "号", "月份", "年份", "周", "星期"})
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")  # 合不合规 → 合规, 交不交 → 交: the question form
# a verb's result complement: 降到, 领完, 交上 mean what the verb alone means to the documents
RESULT_COMPLEMENTS = frozenset("到完上下出掉好")
INNER_MAX = 5  # longest word looked for inside a longer one
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def canonical_text(text: str) -> str:
    """Full-width → half-width, lower case, Chinese numerals before a unit → digits, N天 → N日."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _CN_NUMERAL_BEFORE_UNIT.sub(lambda m: chinese_number(m.group()) or m.group(), text)
    return _DAYS.sub(r"\1日", text)


def _without_date_units(words: Iterable[str]) -> Iterator[str]:
    """jieba's words without the 年 / 月 / 日 that follow a number: the 月 of 2020年5月 is part of a date,
    while the 月 of 月平均工资 or 按月发放 is a word a question may ask with (一个月发多少)."""
    previous = ""
    for word in words:
        if not (word in DATE_UNITS and previous.isdigit()):
            yield word
        previous = word


class Tokenizer:
    """jieba on a private dictionary: the standard one plus the domain words and synonyms.

    Private, so the words added here never change how the rest of the assistant cuts text (the spelling
    corrector reads jieba's global dictionary). It starts from a copy of the global dictionary, which the
    normaliser has loaded already, instead of reading the dictionary file again (a second or more).
    """

    def __init__(
        self, domain_dict: Path, synonyms: Iterable[tuple[str, ...]] = (), extra_words: Iterable[str] = ()
    ):
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ = dict(jieba.dt.FREQ)
        self._jieba.total = jieba.dt.total
        self._jieba.initialized = True
        if domain_dict.exists():
            self._jieba.load_userdict(str(domain_dict))
        self._expanded: dict[str, list[str]] = {}
        self._alternatives: dict[str, set[str]] = {}
        for group in synonyms:
            words = {canonical_text(word) for word in group}
            for word in words:
                self._alternatives.setdefault(word, set()).update(words)
        for word in (*self._alternatives, *extra_words):
            self._jieba.add_word(canonical_text(word))

    def alternatives(self, word: str) -> set[str]:
        """The word and its synonyms (公司 → 公司, 用人单位, 单位), in canonical text."""
        word = canonical_text(word)
        return self._alternatives.get(word, {word})

    def synonym_key(self, word: str) -> str:
        """One word standing for the word and its synonyms (the first of the group in sort order)."""
        group = self._alternatives.get(word)
        return min(group) if group else word

    def _keep(self, word: str) -> bool:
        return word not in STOP_WORDS and not QUESTION_WORD.match(word) and bool(_TOKEN_KEEP.search(word))

    def tokens(self, text: str) -> list[str]:
        """Index words of ``text``: search-mode jieba (失业保险金 → 失业, 保险, 保险金, 失业保险金, …)."""
        return self.canonical_tokens(canonical_text(text))

    def canonical_tokens(self, text: str) -> list[str]:
        """:meth:`tokens` of a text already through :func:`canonical_text`."""
        tokens: list[str] = []
        for word in _without_date_units(self._jieba.cut(_SPACES.sub(" ", text), HMM=False)):
            expanded = self._expanded.get(word)
            if expanded is None:  # what jieba's cut_for_search adds, once per distinct word
                expanded = self._expanded[word] = [
                    w for w in (*self._inner_words(word), word) if self._keep(w)
                ]
            tokens += expanded
        return tokens

    def kept_words(self, text: str) -> list[str]:
        """jieba's precise cut of ``text`` without stop and question words, unknown words kept whole."""
        return [
            word
            for word in self._jieba.cut(_SPACES.sub(" ", canonical_text(text)), HMM=False)
            if self._keep(word)
        ]

    def _inner_words(self, word: str) -> list[str]:
        """The dictionary words of two to INNER_MAX characters inside a longer word (jieba's search mode
        stops at three, which misses 个体工商户 inside 有雇工的个体工商户)."""
        inner = []
        for size in range(2, INNER_MAX + 1):
            if len(word) > size:
                inner += [
                    word[i : i + size]
                    for i in range(len(word) - size + 1)
                    if self._jieba.FREQ.get(word[i : i + size])
                ]
        if len(word) > 2 and word[0] in PER_UNITS and self._jieba.FREQ.get(word[1:]):
            inner.append(word[0])  # 月平均工资 holds 月: 平均工资一个月多少
        return inner

    def _join_characters(self, words: Iterable[str]) -> list[str]:
        """jieba's cut with each run of single kept characters (not stop or question words) that together
        form a dictionary word taken as that word: 年, 金 → 年金, a word the documents do not use."""
        result: list[str] = []
        run: list[str] = []

        def flush() -> None:
            joined = "".join(run)
            if len(run) > 1 and self._jieba.FREQ.get(joined):
                result.append(joined)
            else:
                result.extend(run)
            run.clear()

        for word in words:
            if len(word) == 1 and _CJK_CHAR.match(word) and self._keep(word):
                run.append(word)
            else:
                flush()
                result.append(word)
        flush()
        return result

    def terms(self, text: str, known: Callable[[str], bool] = lambda word: True) -> list[Term]:
        """The question's words (jieba's precise cut), each with its synonyms and the shorter words inside it.

        A word that ``known`` rejects (no passage uses it) but that has known words inside it is replaced
        by them: 社保登记 → 社保, 登记 (and so 社会保险, 登记).
        """
        terms: dict[str, Term] = {}

        def add(word: str, parts: list[str]) -> None:
            if word not in terms:
                terms[word] = Term(
                    word, tuple(sorted(self._alternatives.get(word, set()) - {word})), tuple(parts)
                )

        # no HMM, as for the passages: joining unknown characters into a word made calibration worse;
        # only single characters that together make a dictionary word are joined (年, 金 → 年金)
        question = _A_NOT_A.sub(r"\1", _PER_UNIT.sub("", canonical_text(text)))
        words = _without_date_units(self._jieba.cut(_SPACES.sub(" ", question), HMM=False))
        previous = ""
        for word in self._join_characters(words):
            asked_before, previous = bool(QUESTION_WORD.match(previous)), word
            if (word in DATE_UNITS or word in ASKED_UNITS) and asked_before:
                continue  # 哪个 月: a date asked for (the answer-type check looks for it)
            if (asked := QUESTION_WORD.match(word)) and word[asked.end() :]:
                word = word[asked.end() :]  # 几回 → 回, 多少天 → 天: the unit asked for still says something
                if word in DATE_UNITS or word in ASKED_UNITS:  # 几月, 哪年, 哪天, 几号: a date or a length
                    continue  # asked for (the answer-type check looks for it)
                if not (known(word) or word in self._alternatives):
                    continue
            if not self._keep(word):
                continue
            if (
                len(word) == 2
                and word[1] in RESULT_COMPLEMENTS
                and not (known(word) or word in self._alternatives)
                and (known(word[0]) or word[0] in self._alternatives)
            ):
                word = word[0]  # 降到 → 降, 领到 → 领: the verb says what the documents say
            parts = [part for part in self._inner_words(word) if self._keep(part)]
            if not known(word) and word not in self._alternatives and any(known(part) for part in parts):
                for part in parts:
                    add(part, [])
            else:
                add(word, parts)
        return list(terms.values())


@dataclass(frozen=True, slots=True)
class Term:
    """A word of a question: a passage matches it by the word or a synonym, or partly by a word inside it."""

    word: str
    synonyms: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # 大企业 → 企业: worth only its own weight against the whole word's

    @property
    def alternatives(self) -> tuple[str, ...]:
        return (self.word, *self.synonyms)
