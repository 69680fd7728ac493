"""What a question asks: its aspect (amount, duration, yes/no…), its topic, and its sub-questions.

The NLU decides a message's topic (the intent); a topic alone does not say whether the user wants the
figure, a yes or no, how long, or what to bring. This module reads that from the words of the question
(data/policy/answering.yml, editable without retraining) and splits a message holding two questions
(北京失业金多少？能领几个月) so that each gets its own answer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.answers import wordmatch

AMOUNT = "amount"
DURATION = "duration"
ELIGIBILITY = "eligibility"
CONDITIONS = "conditions"
PROCEDURE = "procedure"
DEADLINE = "deadline"
CONTACT = "contact"
COMPARISON = "comparison"
DEFINITION = "definition"
LEGALITY = "legality"
ASPECTS = (
    AMOUNT,
    DURATION,
    ELIGIBILITY,
    CONDITIONS,
    PROCEDURE,
    DEADLINE,
    CONTACT,
    COMPARISON,
    DEFINITION,
    LEGALITY,
)

QUESTION_MARKS = (
    "?",
    "？",
    "吗",
    "么",
    "嘛",
    "呢",
    "多少",
    "多大",  # 女职工多大岁数退休
    "几",
    "怎么",
    "如何",
    "哪",
    "啥",
    "什么",
    "能否",
    "是否",
    "能不能",
    "可不可以",
    "有没有",
    "求解答",
    "请问",
    "想问",
    "咨询",
    "多长",
    "多久",
    "还是",
    "算不算",
    "是不是",
    "要不要",
    "会不会",
    "行不行",
    "咋",
    "谁",
    "对不对",
    "需不需要",
    "用不用",
    "问下",
    "问一下",
    "真的假的",  # 听说…能少交一半，真的假的: whether what was heard holds
    "中不中",
    # 帮我算一下长春一个员工5月的养老保险: a request to work something out is a question
    "帮我算",
    "帮忙算",
    "给算算",
    "算一下",
    "算算",
    "想算",  # 想算下我在长春个人交的养老保险 (not 算下: 打算下半年 / 算下来是第15个月 ask nothing)
    "帮算",
    "给我算",
    "想知道",
    "想了解",
    "帮我查",
    "帮忙查",
)
# 没啥收入 / 没多少钱 / 不怎么样: a question word under a negation states a fact, it asks nothing; so
# does 几 after a demonstrative (领补助金的那几个月 / 这几年), and 还是 before 没 (领到头了还是没找着活儿:
# still not, where 交还是不交 asks which)
# so do 好几个月 / 几十个工人 (several, dozens) and 有几个 before people (有几个编外聘的人: a few of
# them), where 有几个档 asks how many
NEGATED_QUESTION_WORDS = re.compile(
    r"没(?:有)?(?:啥|什么|多少|几)|不(?:怎么|咋)|[这那]几|还是没|好几|几十|几10|十几|几百|几千"
    r"|有几(?:个|名|位)(?=[^，,。？?]{0,6}(?:人|员工|职工|工人|同事|服务员|临时工|合同工|编外|聘用|外聘|返聘))"
    # 单位想把几个职工的基数往上调: a few people, the object of what is told
    r"|(?<=[把给让帮替将])几(?:个|名|位)(?=[^，,。？?]{0,4}(?:人|员工|职工|工人|同事|临时工|合同工))"
    # 公司新招了几个人要增员: a few people hired (or let go), told before the question
    r"|(?<=[招裁聘雇]了)几(?:个|名|位)(?=[^，,。？?]{0,4}(?:人|员工|职工|工人|新人))"
    # 2020年有几个月养老保险没交上: some months, told — no question how many
    # (2010年有几个月、2018年有几个月的…没交上: both told)
    r"|有几个?(?:月|年)(?=[^，,。？?]{0,16}[没未断](?:交|缴|上|有))"
    # 还是长春那家30人公司的会计: "again" opening a clause, no choice asked (交还是不交 asks which)
    r"|(?:^|(?<=[,，。；;！!?？]))还是(?=我|那|这|上次|之前|刚才|前面|[^,，。？?]{1,6}那[家个])"
    # 我是九几年国企的老职工: a decade (199x), told
    r"|(?<=[一二三四五六七八九零〇0-9])几(?=年)"
    # 交不起就停了几个月。这几个月还能补吗: a few months stopped, told (停了几个月？ asks how many)
    r"|(?<=[停断欠拖缓]了)几个?(?:月|年)(?=[。，,；;])"
    # 领过几个月失业补助金，… / 试了几天工又没干成，…: a few months or days had, told (交过几个月？ asks)
    r"|(?<=过)几个?(?:月|年|天|次)(?=[^，,。？?]{0,10}[。，,；;])"
    r"|(?<=[试干做上]了)几天(?=[^，,。？?]{0,8}[。，,；;])"
    # 拆成几个独立法人分别参保了: split into several employers, told
    r"|(?<=[拆分]成)几(?:个|家)(?=[^，,。？?]{0,4}(?:独立|法人|公司|企业|单位))"
)
MIN_QUESTION_CHARS = 3  # a piece shorter than this (好的？) is not a question of its own


@dataclass(frozen=True)
class AspectRule:
    aspect: str
    words: tuple[str, ...]
    weak: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    aspect_rules: tuple[AspectRule, ...]
    topics: tuple[tuple[str, tuple[str, ...]], ...]
    joiners: tuple[str, ...]
    ignored: tuple[str, ...]
    raw: dict[str, Any]

    @classmethod
    def load(cls, path: Path | None = None) -> Vocabulary:
        raw = (
            yaml.safe_load((path or paths.POLICY_DATA_DIR / "answering.yml").read_text(encoding="utf-8"))
            or {}
        )
        rules = []
        for entry in raw.get("aspects") or []:
            if entry["aspect"] not in ASPECTS:
                raise ValueError(f"answering.yml: unknown aspect {entry['aspect']!r}")
            rules.append(
                AspectRule(
                    entry["aspect"],
                    tuple(str(w) for w in entry.get("words") or ()),
                    tuple(str(w) for w in entry.get("weak") or ()),
                )
            )
        topics = tuple(
            (str(intent), tuple(str(w) for w in words)) for intent, words in (raw.get("topics") or {}).items()
        )
        for _, words in topics:
            wordmatch.check(words)
        return cls(
            tuple(rules),
            topics,
            tuple(str(w) for w in raw.get("question_joiners") or ()),
            tuple(str(w) for w in raw.get("ignored_phrases") or ()),
            raw,
        )


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


def _contains(text: str, word: str) -> bool:
    if word.endswith("?"):  # 不? / 没?: the word at the end of a question (可以领不?)
        stem = word[:-1]
        return bool(re.search(re.escape(stem) + r"[?。!]*$", text))
    return word in text


def _without_ignored(text: str, vocab: Vocabulary) -> str:
    for phrase in vocab.ignored:
        text = text.replace(phrase, "")
    return text


# 单位部分还免么，会计说下半年就恢复交了: 么 ending a clause asks like 吗 (not 什么 / 怎么 / 要么 / 干么)
QUESTION_ME = re.compile(r"(?<![什怎那这多要干])么(?=[,，。?？!！\s]|$)")


def aspect_of(text: str, vocab: Vocabulary | None = None) -> str | None:
    """The aspect a question asks about, or None when its words do not say (a bare topic: 失业金)."""
    vocab = vocab or vocabulary()
    text = _without_ignored(text, vocab)
    text = NEGATED_QUESTION_WORDS.sub("", text)
    text = QUESTION_ME.sub("吗", text)
    found = _aspect_by_words(text, vocab)
    if found is None and "啥" in text:
        # 啥人能领 asks as 什么人能领 (the word lists write 什么); only when no word of the lists is found
        # as written (啥叫…有啥不一样 is a definition by its own word 啥叫)
        found = _aspect_by_words(text.replace("啥", "什么"), vocab)
    if found is None and A_NOT_A.search(text):
        found = ELIGIBILITY  # 还收不收滞纳金 / 免不免: a yes or no asked without 吗
    return found


def _aspect_by_words(text: str, vocab: Vocabulary) -> str | None:
    weak_hit = None
    for rule in vocab.aspect_rules:
        if any(_contains(text, word) for word in rule.words):
            return rule.aspect
        if weak_hit is None and any(_contains(text, word) for word in rule.weak):
            weak_hit = rule.aspect
            continue
    return weak_hit


# 个体户雇了3个人，按单位方式参的保: a self-employed business with staff, insured as an employer — its 个体户
# names no flexible worker paying alone
SELF_EMPLOYED_EMPLOYER = re.compile(
    r"个体(?:工商)?户.{0,12}?(?:(?<![没不未无有])(?:雇|招了|请了)|(?<!没)有雇工|按单位|以单位|单位方式)"
)
FLEXIBLE_WORKER = re.compile(r"个体(?:工商)?户")


def _without_self_employed_employer(text: str) -> str:
    """``text`` with the 个体户 of an employer blanked out (same positions, no topic word)."""
    if not SELF_EMPLOYED_EMPLOYER.search(text):
        return text
    return FLEXIBLE_WORKER.sub(lambda m: "　" * len(m.group()), text)


def topic_of(text: str, vocab: Vocabulary | None = None) -> str | None:
    """The topic intent a question's words name (失业补助金 → ask_unemployment_subsidy), or None."""
    vocab = vocab or vocabulary()
    text = _without_self_employed_employer(text)
    best: tuple[int, int, str] | None = None  # earliest mention wins; at one position, the longer word
    for order, (intent, words) in enumerate(vocab.topics):
        for word in words:
            spans = wordmatch.spans(text, word)
            if spans:
                position, end = spans[0]
                key = (position, -(end - position) * 100 + order, intent)
                if best is None or key < best:
                    best = key
    return best[2] if best else None


def topics_in(text: str, vocab: Vocabulary | None = None) -> list[str]:
    """Every topic the words of ``text`` name, in the order they are first mentioned (longest word first)."""
    vocab = vocab or vocabulary()
    text = _without_self_employed_employer(text)
    spans: list[tuple[int, int, str]] = []
    for intent, words in vocab.topics:
        for word in words:
            for start, end in wordmatch.spans(text, word):
                if not any(a <= start < b for a, b, _ in spans):
                    spans.append((start, end, intent))
    ordered: list[str] = []
    for _, _, intent in sorted(spans):
        if intent not in ordered:
            ordered.append(intent)
    return ordered


# 还收滞纳金不 / 能领没: a question left open at its end (…不? …没?), in a piece long enough to be one;
# 签了社保协定没有: 了…没有 asks whether it happened
ENDS_OPEN = re.compile(r"(?:[不没]|(?<=了)[^，,。]{1,12}没有)[?？]?\s*$")
ENDS_OPEN_MIN_CHARS = 6


# 我老公每个月领着失业金呢 / 我爸在北京领失业金呢: 呢 of a state going on, told, not asked (那要是在天津领呢
# asks again about another place)
STATED_ONGOING = re.compile(
    r"(?:着|在[^，,。？?]{0,8}?(?:领|上班|工作|干活|交|住|待))[^，,。？?吗么]{0,10}(呢)[\s,，。!！]*$"
)
FOLLOW_ON_START = re.compile(r"^[\s,，]*(?:那|要是|如果|假如|换成|改成)")


def asks_question(text: str) -> bool:
    if len(text.strip()) >= ENDS_OPEN_MIN_CHARS and ENDS_OPEN.search(text):
        return True
    text = NEGATED_QUESTION_WORDS.sub("", text)
    ongoing = STATED_ONGOING.search(text)
    if ongoing and not FOLLOW_ON_START.search(text):
        text = text[: ongoing.start(1)] + text[ongoing.end(1) :]
    return any(mark in text for mark in QUESTION_MARKS) or A_NOT_A.search(text) is not None


# 还收不收滞纳金 / 免不免 / 给不给办: a verb, 不, the verb again — a yes/no question without 吗
A_NOT_A = re.compile(r"([\u4e00-\u9fff])不\1")


@dataclass(frozen=True)
class SubQuestion:
    text: str
    aspect: str | None
    topic: str | None  # from the words; the first question's topic is the NLU intent when it has none
    start: int = 0  # the question's span in the message (context before it included)
    end: int = 0


ADVERB_BEFORE_JOINER = re.compile(r"(?:得|要|需要|需|还|再|也|就|是否|会)$")


def _pieces(text: str, joiners: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of the clauses of ``text``: cut after punctuation and before a joiner (另外, 还有…)."""
    cuts = {m.end() for m in re.finditer(r"[?？;；。!！,，]", text)}
    for joiner in joiners:
        # 还得另外交滞纳金 / 要另外申请: 另外 as "in addition" inside a clause, after a verb's helper, joins
        # nothing
        cuts |= {
            m.start()
            for m in re.finditer(re.escape(joiner), text)
            if not ADVERB_BEFORE_JOINER.search(text, 0, m.start())
        }
    bounds = sorted({0, len(text), *cuts})
    spans = [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip(" ,，?？;；。!！")]
    return spans


# 顺便问下 / 想问问 / 我想问：… : words that announce the question that follows
ANNOUNCING = re.compile(
    r"(?:顺便|顺带|顺道|再|还想|想)?(?:问下|问一下|问问|问一句)|(?:我|就)?(?:想|要)问(?:问|一句|个事|件事)?[:：]"
)


# 这样可以吗 / 合法吗 / 行不行: a short question about the statement just before it
_TAG_QUESTION = re.compile(
    r"^(?:这样|这么做|那样|这|那)?(?:可以|行|合法|合规|合理|正常|对)(?:吗|不|么|嘛|不行|不可以)?[?？]?$"
)


def _only_announces(clause: str) -> bool:
    """The clause asks only through 问下 / 问一下 (顺便问下我是灵活就业的): it announces a question."""
    return bool(ANNOUNCING.search(clause)) and not asks_question(ANNOUNCING.sub("", clause))


GOES_ON_ASKING = re.compile(r"^(?:也|还|又|都)")
# 还有别的补助没 / 不能的话还有啥补贴能申请: another benefit than the one just asked about, its own question
ANOTHER_BENEFIT = re.compile(
    r"(?:别的|其他|其它|另外的?)(?:什么)?(?:补助|补贴|待遇|钱|能领)"
    r"|还有(?:什么|啥|没有)?(?:补助|补贴)|还能领(?:点)?(?:什么|啥)"
    # 领完了还没找到工作，还有啥能领的 / 还有什么可以申请的
    r"|还有(?:什么|啥)(?:能|可以)(?:领|申请)"
)
OTHER_PERSON = re.compile(
    r"我(?:老婆|老公|爱人|媳妇|对象|爸|妈|父亲|母亲|儿子|女儿|同事|朋友|家属)|(?<![其吗])[她他](?:能|可以|也|才|交|领|呢)"
)


# 失业金领完了 / 领满了还没找到工作: the benefit has run out (what follows is the subsidy; near retirement
# it may be extended instead). 合同到期 is a job's end, not the benefit's: 到期 counts only after the
# benefit's name
RAN_OUT = re.compile(r"领完|领满|期满|领到头|(?:失业金|失业保险金|待遇)[^，。,？?]{0,4}到期")


def benefit_ran_out(text: str) -> bool:
    return bool(RAN_OUT.search(text)) and "退休" not in text


CLAUSE_END = "[,，;；。!！?？]"


def asking_clause(text: str, ends: str = CLAUSE_END) -> tuple[list[str], int | None]:
    """The clauses of ``text`` (cut at ``ends``) and the position of the last one that asks (None when
    none does): what is told after it (还免么，会计说下半年就恢复交了) is no part of the question. One reading
    for the yes/no form of a question (composer) and for its aspect (below)."""
    clauses = [c for c in re.split(ends, text) if c.strip()]
    asking = next((k for k in range(len(clauses) - 1, -1, -1) if asks_question(clauses[k])), None)
    return clauses, asking


def asking_clauses(text: str) -> list[str]:
    """Every clause of ``text`` that asks (…基数6000，这个月单位给他交的养老是多少？不是说大企业减半嘛: both
    questions, not the facts told between them)."""
    clauses, _ = asking_clause(text)
    return [clause for clause in clauses if asks_question(clause)]


def _asking_clause_aspect(piece: str, vocab: Vocabulary) -> str | None:
    """The aspect of the last clause of ``piece`` that asks, when the facts told before it hold another
    aspect's word (要给日本那边报个材料…：上海2018年的基数上限是多少 asks an amount, not for materials)."""
    clauses, asking = asking_clause(piece, "[,，;；。!！?？:：]")
    if len(clauses) < 2 or asking is None:
        return None
    return aspect_of(clauses[asking], vocab)


# a question closed by its mark (…是多少？) or a clause opening with a joiner: what follows is asked apart
ASKED_BEFORE = re.compile(r"[?？]\s*$")


def _names_another_scope_topic(piece: str, before: str) -> bool:
    """天津基数最低多少？顺带问一句女职工多大岁数退休: the clause names a topic the documents do not cover (or
    a neighbouring domain) that the question before did not: a question of its own, answered on its own, not
    a continuation that would turn the whole message into "not covered"."""
    from bot.answers.scope import out_of_scope_topic  # scope reads the answering data; imported when used

    topic = out_of_scope_topic(piece)
    return topic is not None and topic.first_match(before) is None


def split_questions(text: str, vocab: Vocabulary | None = None) -> list[SubQuestion]:
    """The questions of one message, in order: split at punctuation and joiners (另外, 还有…).

    Clauses that ask nothing (a greeting, context such as 我在长春上班) stay with the question that
    follows them (or, at the end, the one before), so every sub-question keeps the facts stated with it;
    each sub-question is a contiguous span of the message.
    """
    vocab = vocab or vocabulary()
    if not text.strip():
        return []
    spans: list[list[int]] = []
    context_start: int | None = None
    pieces = _pieces(text, vocab.joiners)
    for index, (start, end) in enumerate(pieces):
        clause = text[start:end].strip(" ,，?？;；。!！")
        # 领过几个月失业补助金: a phrase that only looks like a question word (ignored_phrases) asks nothing
        asks = asks_question(_without_ignored(text[start:end], vocab)) and len(clause) >= MIN_QUESTION_CHARS
        if (
            asks
            and _only_announces(text[start:end])
            and any(asks_question(text[a:b]) for a, b in pieces[index + 1 :])
        ):
            asks = False  # 顺便问下我是灵活就业的，能缓吗: 问下 announces the question that follows
        followed_by_tag = index + 1 < len(pieces) and _TAG_QUESTION.match(
            text[slice(*pieces[index + 1])].strip()
        )
        if asks and followed_by_tag:
            # 社保要停几个月，这样可以吗: the tag asks about the statement before it (几 = a few)
            asks = False
        if asks:
            spans.append([start if context_start is None else context_start, end])
            context_start = None
        elif context_start is None:
            context_start = start
    if context_start is not None:
        if spans:
            spans[-1][1] = len(text)
        else:
            spans.append([0, len(text)])
    result: list[SubQuestion] = []
    for start, end in spans:
        piece = text[start:end].strip()
        aspect = _asking_clause_aspect(piece, vocab) or aspect_of(piece, vocab)
        tag = re.split(r"[,，;；]", piece.rstrip("?？ "))[-1].strip()
        if tag != piece.rstrip("?？ ").strip() and _TAG_QUESTION.match(tag):
            aspect = aspect_of(tag, vocab) or ELIGIBILITY  # …停几个月，这样可以吗: what the tag asks
        follow_on = piece.rstrip("?？ ").endswith(
            "呢"
        )  # 小微企业3月份呢: the same question about something else
        # 顺便问下2019年的平均工资: no aspect word, but another topic than the one before: its own question
        own_topic = topic_of(piece, vocab)
        other_topic = bool(result) and (
            (own_topic is not None and own_topic != result[-1].topic)
            or (
                (ASKED_BEFORE.search(result[-1].text) is not None or piece.startswith(vocab.joiners))
                and _names_another_scope_topic(piece, result[-1].text)
            )
        )
        # 我老婆才交了8个月也被辞退了她能领啥: another person's case is a question of its own
        other_person = bool(result) and OTHER_PERSON.search(piece) is not None
        other_benefit = bool(result) and ANOTHER_BENEFIT.search(piece) is not None
        # 那交医保的缴费基数呢，也能自己选吗: 也… asks what the 呢 before it only pointed at — one question
        if (
            result
            and result[-1].text.rstrip("?？,， ").endswith("呢")
            and aspect_of(result[-1].text, vocab) is None
            and own_topic is None
            and GOES_ON_ASKING.match(piece)
        ):
            start = result.pop().start
            piece = text[start:end].strip()
        elif (
            result
            and aspect is None
            and not follow_on
            and not other_topic
            and not other_person
            and not other_benefit
        ):
            previous = result.pop()  # 减半还是全免? only continues the question before it
            start = previous.start
            piece = text[start:end].strip()
            aspect = previous.aspect
        elif result and aspect is None:
            aspect = result[-1].aspect
        # 2019年月平均工资6800，…个人养老各扣多少: a wage told with its amount names no average-wage question
        result.append(SubQuestion(piece, aspect, topic_of(OWN_WAGE_TOLD.sub("，", piece), vocab), start, end))
    return result


OWN_WAGE_TOLD = re.compile(
    r"(?:\d{4}年度?|上年度?|去年)?的?(?:月平均|月均|平均)(?:工资|月薪|收入)(?:是|为|有|才|只有|大概|约)?\d+(?:\.\d+)?(?:元|块)?"
)


def analyse(text: str, intent: str | None = None) -> dict[str, Any]:
    """The analysis the NLU component adds to the parse: the message's aspect and its sub-questions."""
    questions = split_questions(text)
    first = questions[0] if questions else None
    return {
        "aspect": first.aspect if first else None,
        "questions": [
            {"text": q.text, "aspect": q.aspect, "topic": (intent if i == 0 and intent else q.topic)}
            for i, q in enumerate(questions)
        ],
    }
