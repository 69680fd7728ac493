"""Answer what was asked: the aspect of each question first, then the supporting figures and the source.

``Composer`` sits on top of the topic handlers of ``Answerer`` (which give a topic's figures) and decides,
per question, what the first line must say:

* a neighbouring domain (车险, 个税…) → "不属于社保", no figure; a social-insurance topic the documents do
  not cover (退休, 生育…) → "没有涉及", the topic and the hotline; a place the data lacks → "没有收录";
* the asked aspect: a yes/no question starts with 可以 / 不能 / 视情况 and the deciding condition; a
  question on conditions lists them; procedure, deadline, duration, definition, legality and comparison
  questions get the FAQ article or the document passage that answers them, or "文件没有规定…" with the
  hotline when the documents are silent; an amount question gets the topic's figures;
* a message with two questions gets both answers.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import paths
from bot.answers import aspects as A
from bot.answers import differences, short_answers, wordmatch
from bot.answers.aspects import SubQuestion, split_questions, topics_in
from bot.answers.computations import PERCENT_TOLD, Calculator
from bot.answers.render import render_offices, sources_line
from bot.answers.reply import Reply
from bot.answers.scope import NEIGHBOUR, UNCOVERED, ScopeTopic, out_of_scope_topic, social_insurance_word
from bot.answers.service import Answerer
from bot.answers.turn import PAYMENT_ASKED, PLACE_DENIED, Turn, to_number, without_position
from bot.calc import benefits, contribution
from bot.calc.contribution import ENTERPRISE_TYPES
from bot.calc.result import INVALID, NOT_COVERED, OK
from bot.dialogue.registry import FOLLOW_UP_INTENTS
from bot.dialogue.state import LastAnswer
from bot.text.normalize import chinese_number

TOPIC_NAMES = {
    "ask_base_limits": "缴费基数上下限",
    "ask_contribution_base": "缴费基数",
    "ask_contribution": "社保缴费金额",
    "ask_contribution_rate": "缴费比例",
    "ask_average_wage": "平均工资",
    "ask_late_fee": "滞纳金",
    "ask_unemployment_benefit": "失业保险金",
    "ask_unemployment_subsidy": "失业补助金",
    "ask_migrant_subsidy": "农民工生活补助",
    "ask_job_retention": "稳岗返还",
    "ask_skill_subsidy": "技能提升补贴",
    "ask_reduction": "社保费减免",
    "ask_deferral": "社保费缓缴",
    "ask_flexible_employment": "灵活就业缴费",
    "ask_policy_faq": "社保政策",
    "ask_phone": "经办机构电话",
}
# the figures an amount question asks for, by topic: the first line when the values told decide them
AMOUNT_FIGURES = {
    "ask_unemployment_benefit": ("monthly_amount",),
    "ask_unemployment_subsidy": ("monthly_amount", "max_months"),
    "ask_migrant_subsidy": ("monthly_amount", "max_months"),
    "ask_job_retention": ("refund",),
    "ask_contribution_base": ("base",),  # a wage told: the base it gives
    "ask_skill_subsidy": ("amount",),  # no document states one: that is said first
}
# the calculators' figures that answer a deadline or a duration question (bot/calc): its first line
TIME_FIGURES = {
    A.DEADLINE: ("catch_up_deadline", "end_date"),
    A.DURATION: ("max_months",),
}
# aspects answered from articles and passages rather than from a topic's figures
TEXT_ASPECTS = (A.PROCEDURE, A.DEADLINE, A.DURATION, A.DEFINITION, A.LEGALITY, A.CONDITIONS, A.COMPARISON)
ASPECT_WORDS = {
    A.PROCEDURE: "办理流程和材料",
    A.DEADLINE: "办理或执行的时间",
    A.DURATION: "期限（能享受多长时间）",
    A.DEFINITION: "定义",
    A.LEGALITY: "这一做法是否合法",
    A.CONDITIONS: "条件",
    A.COMPARISON: "两者的区别",
}


@dataclass(frozen=True)
class AspectRouting:
    """data/policy/faq_routing.yml: per topic and aspect, the articles that answer it, or what the documents
    do not say (``silent``)."""

    articles: dict[str, dict[str, tuple[str, ...]]]
    silent: dict[str, dict[str, Silence]]  # topic → aspect → what the documents leave open
    confident: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # a confident article that answers only questions holding one of these words (``confident_when``)
    confident_when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a confident article that does not answer questions holding one of these words (``confident_unless``)
    confident_unless: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # national confident articles that answer for a city too (a case the city's figures do not decide)
    national_for_cities: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> AspectRouting:
        raw = (
            yaml.safe_load((path or paths.POLICY_DATA_DIR / "faq_routing.yml").read_text(encoding="utf-8"))
            or {}
        )
        articles = {
            str(t): {str(a): tuple(ids) for a, ids in (by_aspect or {}).items()}
            for t, by_aspect in (raw.get("aspects") or {}).items()
        }
        silent = {
            str(t): {str(a): _silence(what) for a, what in (by_aspect or {}).items()}
            for t, by_aspect in (raw.get("silent") or {}).items()
        }
        confident = {
            str(t): {str(a): tuple(ids) for a, ids in (by_aspect or {}).items()}
            for t, by_aspect in (raw.get("confident") or {}).items()
        }
        when = {
            str(a): tuple(str(w) for w in words or ())
            for a, words in (raw.get("confident_when") or {}).items()
        }
        national = tuple(str(a) for a in raw.get("national_for_cities") or ())
        unless = {
            str(a): tuple(str(w) for w in words or ())
            for a, words in (raw.get("confident_unless") or {}).items()
        }
        return cls(articles, silent, confident, when, unless, national)


@dataclass(frozen=True)
class Silence:
    """A ``silent`` entry of faq_routing.yml: what the documents leave open; ``unless`` words make a question
    one that asks something else under the same aspect, as does an asker of an ``unless_person`` type told in
    this turn or before (a flexible worker's deferral has a figure for its deadline); with ``when`` words only
    a question holding one of them asks what is left open (缓缴的最晚什么时候补交, not 缓缴最晚到什么时候)."""

    what: str
    unless: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    unless_person: tuple[str, ...] = ()

    def applies(self, text: str, person_type: str | None = None) -> bool:
        if person_type is not None and person_type in self.unless_person:
            return False
        if any(word in text for word in self.unless):
            return False
        return not self.when or any(word in text for word in self.when)


def _silence(entry: Any) -> Silence:
    if isinstance(entry, dict):
        return Silence(
            str(entry["what"]),
            tuple(str(w) for w in entry.get("unless") or ()),
            tuple(str(w) for w in entry.get("when") or ()),
            tuple(str(p) for p in entry.get("unless_person") or ()),
        )
    return Silence(str(entry))


@lru_cache(maxsize=1)
def _passages() -> Any:
    """The passage index of the documents (bot.passages), or None when it cannot be built."""
    try:
        from bot.passages import PassageIndex
    except ImportError:
        return None
    return PassageIndex.load()


class Composer:
    def __init__(self, answerer: Answerer, passages: Any = None):
        self.answerer = answerer
        self.store = answerer.store
        self.latest_year = answerer.documents_year
        self.routing = AspectRouting.load()
        self.calculator = Calculator(self.store)
        self._passage_index = passages

    @property
    def passages(self) -> Any:
        if self._passage_index is None:
            self._passage_index = _passages() or False
        return self._passage_index or None

    # -- the whole message -------------------------------------------------------------------------
    def answer(self, intent: str, turn: Turn, scope_checked: bool = False) -> Reply:
        """The reply to a question message under ``intent``: each of its questions answered, in order.

        ``scope_checked``: the caller has already found the message in scope (the planner checks first).
        """
        scope = None if scope_checked else self.scope_of_message(turn)
        if scope is not None:
            return scope
        questions = asked_questions(turn)
        if (
            intent == "ask_phone"
            and questions
            and all(q.aspect not in (A.CONTACT, None) for q in questions)
            and not PHONE_ASKED.search(turn.text)
        ):
            # 打算裁掉25个，要走啥程序？得向哪个部门报告: the steps and the office they lead to, which an
            # article of the place says — not the directory's numbers (no number is asked for)
            article = self.article_for_contact(turn)
            if article is not None:
                return self.cite(article, turn)
        if len(questions) <= 1:
            aspect = questions[0].aspect if questions else None
            if intent == "ask_unemployment_benefit" and _asks_another_benefit(turn.text):
                # 主动辞职领不了失业金，那还有别的能领吗: what else than the benefit — the subsidy for the
                # insured the benefit leaves out
                intent = "ask_unemployment_subsidy"
            return self.cite(self.worked_amounts(self.answer_one(intent, turn, aspect), turn), turn)
        replies: list[Reply] = []
        answered: list[SubQuestion] = []
        previous_topic: str | None = None
        intro = (
            questions[0].aspect is None
            and questions[0].topic is None
            and not INTRO_ASKS.search(questions[0].text)
            and INTRODUCES.search(questions[0].text) is not None
        )
        if intro:
            # 您好，我是北京一家公司的人事经理。我司… / 北京市人社局咨询：我司1名员工被裁员，…请问: a
            # greeting or a heading that asks nothing and names no topic is background (the questions after it
            # keep it in their turn's background), not a question to answer with "no article found"
            questions = questions[1:]
        if _restated_later(turn, questions):
            # 老板非要我写清楚去年社保政策给公司省了多少钱。我们是长春一家小微企业……这5个月一共省了多少钱: the
            # first asks, in general, what the next asks with the facts — background to it
            questions = questions[1:]
            if len(questions) == 1:
                return self.cite(
                    self.worked_amounts(self.answer_one(intent, turn, questions[0].aspect), turn), turn
                )
        if _difference_of_the_comparison(turn, questions):
            # 两地的基数下限分别是多少，差多少钱一个月: one comparison, its difference worked out
            return self.cite(self.worked_amounts(self.answer_one(intent, turn, A.COMPARISON), turn), turn)
        if _difference_from_the_told(turn, questions):
            # 我税前一个月9000…一个月是多少，我比平均水平低多少: the figure, then the asker's against it
            return self.cite(
                self.worked_amounts(self.answer_one(intent, turn, questions[0].aspect), turn), turn
            )
        for index, question in enumerate(questions):
            if (
                index > 0
                and replies
                and replies[0].topic.endswith(":silent")
                and question.aspect in (A.AMOUNT, None)  # (超时了咋整 after a silent first: still answered)
                and not any(
                    _inside_question(e, question)
                    for e in turn.entities
                    if e.get("entity") in ("insurance_type", "city", "person_type")
                )
            ):
                # 长春灵活就业的医疗保险每月交多少？费率是多少: the documents are silent on the first, and so
                # on its rate — another insurance's rate is no answer to it
                continue
            if index > 0 and not _names_its_own(turn, question, intent):
                if is_not_covered(replies[0]):
                    continue  # 天津2023年度平均工资公布了吗？是多少: the first's figure, not covered either
                if self._article_answers_too(replies[0], turn, question):
                    # 价格临时补贴提高了多少？是哪几个月的: the article says both; a yes or no it settles
                    # (需不需要失业登记证明) still leads with its short answer
                    if yes_no_form(question.text):
                        replies[0] = self.lead_with_short_answer(
                            replies[0], intent, _sub_turn(turn, question)
                        )
                    continue
            answered.append(question)
            sub_turn = _sub_turn(turn, question)
            elsewhere = self._same_question_elsewhere(turn, questions[0], question) if index > 0 else None
            if elsewhere is not None:  # 上海……还能继续领吗？长春也是两年吗: the first question, in 长春
                replies.append(elsewhere)
                continue
            scope = self.scope_reply(sub_turn)
            if scope is not None:  # 公积金降到几个点？缴费工资申报截止哪天: one question out of scope
                replies.append(scope)
                continue
            # a later question naming no topic asks on about the one before it (失业保险交满20年的一个月领多少
            # 第13个月开始是多少: still the benefit, whatever topic the NLU read for the message)
            topic = intent if index == 0 and not intro else (question.topic or previous_topic or intent)
            if index > 0 and question.topic is None and intent == "ask_contribution" and sub_turn.money:
                if PAYMENT_ASKED.search(question.text):
                    topic = intent  # 基数是不是有封顶？我这个月养老应该扣多少: the payment, after the base
            if index > 0 and previous_topic and COMPARED_WITH.search(question.text):
                # 失业补助金最长领几个月？标准跟失业金比是怎么定的: the benefit named as what the subsidy is
                # measured against; the subsidy is still asked about
                topic = previous_topic
            if (
                index == 0
                and intent_names_a_later_question(intent, questions)
                and not (intent in ("ask_contribution", "ask_reduction") and turn.names_unit_total())
            ):
                # 上海基数上限多少？我灵活就业的能不能缓缴: NLU read the 2nd (not 缴费基数加起来50万…单位要交
                # 多少？: the employer's base told, what it pays asked — the planner's reading stands)
                topic = question.topic or intent
            if (
                topic == "ask_contribution_base"
                # (最低缴费基数多少: the lower limit in other words)
                and ("ask_base_limits" in topics_in(question.text) or LIMIT_ASKED.search(question.text))
                and _sub_turn(turn, question).money is None
            ):
                # 天津2020年7月起社保缴费基数最低多少？…: the limits named and no wage told — the limits, not
                # "what is your wage?" (a second question too: …另外7月以后基数最低按多少交)
                topic = "ask_base_limits"
            if index > 0 and topic not in TOPIC_NAMES:
                topic = intent
            if (
                index > 0
                and previous_topic == "ask_unemployment_benefit"
                and question.topic is None
                and A.ANOTHER_BENEFIT.search(question.text)
            ):
                # 失业金能领吗？要是不能，还有别的补助没: the benefit for those the 失业保险金 leaves out
                topic = "ask_unemployment_subsidy"
            previous_topic = topic
            if (
                index == 0
                and topic == "ask_policy_faq"
                and question.topic in RATE_AND_BASE_TOPICS
                and all(later.aspect in (A.AMOUNT, None) for later in questions[1:])
            ):
                # 降费率执行到啥时候？降完以后单位加个人一共是多少: the general question names the figure the
                # next one asks for (费率), whatever the first gets as its answer (the article); not a
                # persona (个体户) nor a later question of another kind (新卡到手之前看病怎么办)
                previous_topic = question.topic
            reply = self.answer_one(topic, sub_turn, question.aspect)
            if (
                index > 0
                and reply.topic in ("ask_phone", UNANSWERED_TOPIC)
                and question.aspect != A.CONTACT
                and not PHONE_ASKED.search(question.text)
            ):
                # (a line asked for is answered with the line: 电话多少 keeps the directory's reply)
                reply = self._message_article_for(turn, question) or reply
            if (
                index > 0
                and reply.text.startswith(RELATED_LEAD)
                and replies[0].topic.startswith(("faq:", "passage:"))
                and not _names_its_own(turn, question, intent)
            ):
                answered.pop()  # 必须跑现场吗，网上能办不 after the passage that answers it: no other passage
                continue
            if index > 0 and _speaks_of(replies[0], question) and self._another_places_article(reply, turn):
                # 暂缓交养老的话最晚什么时候补？补的时候基数怎么定: the national answer before speaks of the
                # base already; a city's article on its base, for a message naming no city, is not about
                # the asker
                answered.pop()
                continue
            if index > 0 and reply.pending is not None and replies[0].pending is None:
                # 跟平时说的平均工资有啥不一样 → "which city?" after an answer: no answer; nor
                # 补的时候基数怎么定 when the answer before already speaks of the base
                if not _names_its_own(turn, question, intent) or _speaks_of(replies[0], question):
                    answered.pop()
                    continue
            replies.append(reply)
        return self.cite(self.worked_amounts(_merge(replies, answered), turn), turn)

    def _message_article_for(self, turn: Turn, question: SubQuestion) -> Reply | None:
        """社保卡丢了…快递进度打什么电话查，新卡没到之前看病咋办: a later question that alone gets only a line
        to call, answered by the article the whole message matches confidently, when one of the article's
        keywords stands in that question (看病): the article speaks of it."""
        region = self.answerer._region_id(turn.region)
        hits = self.answerer.faq.search(turn.text, region, limit=1, min_score=CONFIDENT_FAQ_SCORE)
        if not hits or hits[0].article.region != (region or "national"):
            return None
        article = hits[0].article
        if not any(keyword in question.text for keyword in article.keywords):
            return None
        return self.answerer._faq_reply(article)

    def worked_amounts(self, reply: Reply, turn: Turn) -> Reply:
        """The amount the asker wants worked out, first: 三个人一共要交多少 answered by the residents' medical
        article (its per-person figure times the people counted — the message's count: the question asking
        the total may not hold it), and the figures of data/policy/computations.yml applied to the count or
        amount told (3个怀孕的女职工要预留多少, 上月缴费额3.2万按110%是多少). A reply that shows none of the
        figures worked with (another benefit's questionnaire, an article on something else) gives way to the
        worked amounts with the documents' words."""
        if reply.topic.startswith("out_of_scope") or (
            reply.topic.startswith("not_covered") and reply.topic != UNANSWERED_TOPIC
        ):
            return reply  # a place, year or topic the documents do not cover: nothing to work out
        worked = [w for w in self.calculator.worked(turn) if w.line not in reply.text]
        lines = [w.line for w in worked]
        if reply.topic == RESIDENT_MEDICAL_ARTICLE:
            total = self.answerer.resident_household_total(turn)
            lines = [total, *lines] if total else lines
        if not lines:
            return reply
        gives_way = reply.topic == UNANSWERED_TOPIC or (
            reply.result is not None and reply.result.status == NOT_COVERED
        )  # 工伤费率0.5%、基数10万: the base's limits the data lacks are not needed with the base told
        if worked and (
            gives_way
            or (all(w.stands_alone for w in worked) and not any(w.figure in reply.text for w in worked))
        ):
            stated = [
                f"文件原文（{w.citation}）：“{w.quote}”\n适用期间：{w.period}" for w in worked if w.quote
            ]
            # the topic asked stays when its calculator lacked a figure; an unrelated reply's is dropped
            kept = gives_way and not reply.topic.startswith("not_covered")
            return Reply(
                "\n".join(dict.fromkeys([*lines, *stated])), topic=reply.topic if kept else GENERAL_TOPIC
            )
        return dataclasses.replace(reply, text="\n".join([*lines, reply.text]))

    def _another_places_article(self, reply: Reply, turn: Turn) -> bool:
        """The reply is a city's or province's FAQ article, and the message names no place."""
        if not reply.topic.startswith("faq:") or self.answerer._region_id(turn.region):
            return False
        article = self.store.kb.faq.get(reply.topic.removeprefix("faq:"))
        return article is not None and article.region != "national"

    def _same_question_elsewhere(self, turn: Turn, first: SubQuestion, question: SubQuestion) -> Reply | None:
        """长春也是两年吗 / 那天津呢 after a question about 上海 in the same message: a later question that
        names only another covered place and asks 也…吗 / 呢 is the first question asked of that place."""
        own = [e for e in turn.entities if _inside_question(e, question)]
        places = [e for e in own if e.get("entity") == "city" and e.get("covered") is not False]
        if len(places) != 1 or A.topic_of(question.text) is not None or not ALSO_ASKED.search(question.text):
            return None
        first_turn = _sub_turn(turn, first)
        if not first_turn.all("city") or first_turn.value("city") == places[0].get("value"):
            return None
        place = {k: v for k, v in places[0].items() if k not in ("start", "end")}
        entities = [e for e in first_turn.entities if e.get("entity") != "city"] + [place]
        intent = first.topic or A.topic_of(first_turn.text)
        if intent is None or intent not in TOPIC_NAMES:
            return None
        reply = self.answer_one(intent, dataclasses.replace(first_turn, entities=entities), first.aspect)
        return None if reply.pending is not None or is_not_covered(reply) else reply

    def _article_answers_too(self, first: Reply, turn: Turn, question: SubQuestion) -> bool:
        """The first question was answered by an article that a short later question (是哪几个月的), read
        with the message before it, also finds first, and the article states what it asks (a time, a
        figure): the article answers that one too."""
        if not first.topic.startswith("faq:"):
            return False
        body = first.text.split("文件原文", 1)[0]
        named = [word for word in PROCEDURE_NOUNS if word in question.text]
        if question.aspect == A.PROCEDURE and named and all(word in body for word in named):
            return True  # 换经办人得走啥手续？要填什么表、去哪个窗口办: the article names the form and window
        if len(re.sub(r"\W", "", question.text)) > FOLLOW_ON_MAX_CHARS:
            return False
        if question.aspect in (A.DURATION, A.DEADLINE) and not TIME_STATED.search(body):
            return False
        if question.aspect == A.AMOUNT and not FIGURE_STATED.search(body):
            return False
        region = self.answerer._region_id(turn.region)
        hits = self.answerer.faq.search(turn.text[: question.end], region, limit=1)
        return bool(hits) and f"faq:{hits[0].article.id}" == first.topic

    def scope_of_message(self, turn: Turn) -> Reply | None:
        """The "not social insurance / not covered" reply for a whole message, or None. A message of several
        questions gets it only when each of its questions is out of scope; otherwise each question is
        answered, the out-of-scope one saying so (``answer``)."""
        scope = self.scope_reply(turn)
        if scope is None:
            return None
        uncovered = out_of_scope_topic(turn.text)
        if (
            scope.topic.startswith(("faq:", "passage:"))
            and uncovered is not None
            and uncovered.kind == UNCOVERED
        ):
            # 退休申报在哪办？业务档案最后交到哪: the article the documents answer an uncovered topic with
            # after all (长春's archives rule), not one question's "not covered" (a neighbouring word's
            # article, 公积金比例, still leaves the message's other question to be answered)
            return scope
        questions = asked_questions(turn)
        if len(questions) > 1 and any(self._in_scope_on_its_own(turn, q) for q in questions):
            return None
        return scope

    def _in_scope_on_its_own(self, turn: Turn, question: SubQuestion) -> bool:
        """A question of the message that names social insurance itself and is in scope (北京失业金多少 beside
        交强险多少钱); one that names nothing (疫情期间有没有政策) goes with the rest of the message."""
        if not (social_insurance_word(question.text) or A.topic_of(question.text)):
            return False
        return self.scope_reply(_sub_turn(turn, question)) is None

    def scope_reply(self, turn: Turn) -> Reply | None:
        """Not social insurance, a topic, place or year the documents do not cover: say so at once."""
        topic = out_of_scope_topic(turn.text)
        if topic is not None and any(word in turn.text for word in topic.in_scope_words):
            topic = None  # 还有八个月就到法定退休年龄，失业金领完还能接着领吗: the benefit's extension
        if topic is not None and topic.unless_applies(turn.text):
            article = self._unless_faq(topic, turn)
            if article is not None:
                return article  # the documents answer it after all (北京公积金缴存比例)
            if not topic.unless_faq:
                topic = None  # 户口不在乌海，能以灵活就业身份参保吗: a social-insurance question
        if topic is not None and topic.kind == UNCOVERED and _told_as_background(topic, turn.text):
            topic = None  # 出了工伤，单位说待遇按全市月平均工资算。那年的月平均工资是多少: the figure asked
        if topic is not None and topic.kind == NEIGHBOUR:
            # 北京用企业版软件报缴费工资，公积金能一起报吗: the city's own document speaks of it
            # (上海居转户要几年: the domain itself asked — always_words — is not answered by a passage that
            # merely names it)
            asked_itself = any(word in turn.text for word in topic.always_words)
            return (None if asked_itself else self.documents_mention(topic, turn)) or self.neighbour(
                topic, turn
            )
        place = self._uncovered_place(turn)
        if place is not None:  # 石家庄的养老金: the place is what the data lacks first
            reply = self.uncovered_place(place, turn)
            if topic is not None and topic.kind == UNCOVERED:  # 广州生育津贴怎么算: and the topic anywhere
                asked = topic.asked_as(turn.text)
                reply.text = reply.text.replace(
                    "的社保政策：", f"的社保政策，我收录的2020年政策文件也没有涉及{asked}：", 1
                )
                covered = self._covered_place_named(turn)
                if covered is not None:
                    # 要从长春调去大连，养老保险关系怎么转: the covered end has a line of its own
                    name, region = covered
                    line = self.answerer._hotline_text(region)
                    reply.text = f"{reply.text.rstrip()}\n{name}这一头的手续可以咨询{line}。"
            return reply
        if topic is not None:
            # a passage may still answer it, or hold what it asks (生育保险 of a bankrupt employer's staff);
            # one that does not even name the topic's word answers something else (查社保交了几年 is no
            # question about the 2020 base floor)
            words = [word for word in topic.words if word in turn.text]
            if any(word in turn.text for word in topic.no_passage_words):
                return self.uncovered_topic(topic, turn)  # 多少岁退休: no document states it
            found = self.passage(turn)
            if found is not None and not any(word in found.text for word in words):
                found = None
            found = found or self.supplement_passage(turn)
            if (
                found is not None
                and topic.passage_names_word
                and not any(word in found.text for word in words)
            ):
                found = None  # 异地就医备案 is not answered by a passage on 凭领卡证明看病就医
            asked_words = _asked_topic_words(topic, turn.text)
            if found is not None and asked_words and set(asked_words) < set(words):
                # 她单位给交着生育保险。生育津贴是单位去申请还是个人去: a passage holding only the word the
                # message tells (生育保险), not the one it asks about (生育津贴), is no answer
                found = found if any(word in found.text for word in asked_words) else None
            return found or self.uncovered_topic(topic, turn)
        return None

    def unanswered(self, turn: Turn) -> Reply | None:
        """A question nothing answered: if it is about social insurance, the documents do not cover it."""
        word = social_insurance_word(turn.text)
        if word is None or not turn.asks_question():
            return None
        region = self.answerer._region_id(turn.region)
        hotline = self.answerer._hotline_text(region)
        text = (
            f"我收录的2020年政策文件没有涉及这个问题（{word}方面），无法给您准确答复，也不能凭经验估计。"
            f"\n请咨询{hotline}。"
        )
        return Reply(text, handoff=self.answerer.directory.hotline(region).id, topic=UNANSWERED_TOPIC)

    # -- one question ------------------------------------------------------------------------------
    def answer_one(self, intent: str, turn: Turn, aspect: str | None) -> Reply:
        reply = self._answer_one(intent, turn, aspect)
        # 上限和下限差多少: the two figures of the answer the question names, subtracted
        difference = (
            None if "两者相差" in reply.text else differences.within(turn.text, reply.result, turn.money)
        )
        if difference:
            reply.text = f"{difference}\n{reply.text}"
        if intent == "ask_unemployment_benefit":
            reply = self._subsidy_instead(reply, turn)
        # 有专门管的部门吗: a yes/no about whom to call is answered by the listing, not a rule's short answer
        if aspect == A.ELIGIBILITY or (yes_no_form(turn.text) and aspect != A.CONTACT):
            reply = self.lead_with_short_answer(reply, intent, turn)
        if (aspect in (A.DURATION, A.DEADLINE) or PROCESSING_TIME.search(turn.text)) and not yes_no_form(
            turn.text
        ):
            reply = self.no_time_stated(reply, turn)
            reply = _time_clause_first(reply, turn)
        return self.policy_period(reply, turn)

    def _subsidy_instead(self, reply: Reply, turn: Turn) -> Reply:
        """自己辞职了能领失业金吗 (北京): 不能 — and the facts told meet the unemployment subsidy's conditions
        (it is for insured people who do not qualify for the benefit), or meet its route with a condition
        still open (仍处于失业状态): say so, naming what is open, with its figures."""
        result = reply.result
        if result is None or result.eligible is not False or reply.pending is not None:
            return reply
        subsidy = self.answerer.answer("ask_unemployment_subsidy", turn)
        if subsidy.pending is not None or subsidy.result is None or subsidy.result.eligible is False:
            return reply
        conditions = subsidy.result.conditions
        if subsidy.result.eligible is None and not (conditions and conditions[0].met is True):
            return reply  # the facts told do not even put the asker on the subsidy's route
        if "失业补助金" in reply.text:
            return reply  # 还有别的补助没 asked beside it: answered on its own
        card = subsidy.text.split("\n")
        figures = [line for line in card if line.startswith("• ")]
        cited = [line for line in card if line.startswith(("依据：", "适用期间："))]
        if not figures or not cited:
            return reply
        open_ones = "、".join(c.label for c in conditions if c.met is None)
        # 自己辞的职 (北京, 三年): the subsidy's route is met; 仍处于失业状态 was not told — it decides
        verdict = f"如果还满足{open_ones}，可以申领失业补助金" if open_ones else "符合失业补助金的条件"
        lead = f"\n另外，按您说的情况，{verdict}（不符合领取失业保险金条件的参保失业人员可申领）：\n"
        reply.text += lead
        reply.text += "\n".join([*figures, *cited])  # with its period: a 2020 measure
        return reply

    def policy_period(self, reply: Reply, turn: Turn) -> Reply:
        """这个政策是哪段时间执行的: the rule's period first (2020年5月至12月), then its days."""
        words = A.vocabulary().raw.get("policy_period_words") or ()
        asked = turn.text.replace("啥", "什么")  # 执行到啥时候 as 执行到什么时候
        if not any(str(word) in asked for word in words) or reply.pending is not None:
            return reply
        dated = self.end_date_line(turn)
        if dated is not None:  # 降费率到什么时候结束: the rule's own end date, not the figures' period
            if dated not in reply.text:
                reply.text = f"{dated}\n{reply.text}"
            return reply
        start, end = self._reply_period(reply)
        if start is None:
            return reply
        if end is None:
            line = f"这项规定自{_month_or_day(start)}起执行（文件未设截止日期）。"
        else:
            line = f"这项规定的执行期间是{_period_span(start, end)}（{_day(start)}至{_day(end)}）。"
        if line not in reply.text:
            reply.text = f"{line}\n{reply.text}"
        return reply

    def end_date_line(self, turn: Turn) -> str | None:
        """The end date a document sets for the rule the question names (answering.yml ``end_dates``), for
        the place asked, its province or the country (阶段性降低失业保险费率政策的截止日期：2021年4月30日)."""
        region = self.answerer._region_id(turn.region)
        if region is None:
            return None
        for entry in A.vocabulary().raw.get("end_dates") or ():
            if not any(str(word) in turn.text for word in entry.get("words") or ()):
                continue
            value = self.store.latest(str(entry["key"]), region)
            if value is None or not isinstance(value.value, dt.date):
                continue
            source = self.store.document(value.source.document).short_citation(value.source.section)
            description = self.store.parameter(str(entry["key"])).description
            return f"{description}：{_day(value.value)}（{source}）。"
        return None

    def no_time_stated(self, reply: Reply, turn: Turn) -> Reply:
        """多久能到账 / 审核要多久 answered by an article or passage that states no length of time: say
        first that the documents set none, then what they do say."""
        if reply.topic.endswith(":silent") or reply.topic.startswith(("not_covered", "out_of_scope")):
            return reply  # it already says what the documents leave open
        body = reply.text.split("依据：", 1)[0]
        if reply.topic.startswith(("faq:", "passage:")):
            if TIME_STATED.search(body):
                return reply
        elif not (PROCESSING_TIME.search(turn.text) and not PROCESSING_STATED.search(body)):
            return reply  # a calculator states its periods; only how long handling takes is never in it
        hotline = self.answerer._hotline_text(self.answerer._region_id(turn.region))
        named = TOPIC_NAMES.get(A.topic_of(turn.text) or "", "")  # 稳岗返还…多少天到账: the topic said
        reply.text = (
            f"文件没有规定{named}这一时限（需要多长时间或截止到何时），以下是文件中相关的规定；"
            f"具体时限请咨询{hotline}。\n{reply.text}"
        )
        return reply

    def _extension_elsewhere(self, result: Any, to_retirement: float, limit: float) -> str | None:
        """我爸离法定退休还有一年半，能不能一直领到退休 (no place named): 不能 by the national rule, but a
        covered city allows a longer time before retirement (上海: 不足2年) — 视情况, naming it."""
        if result.region not in (None, "national"):
            return None
        on = result.as_of or dt.date(self.latest_year, 12, 31)
        longer, key = [], "unemployment.extension_years_before_retirement"
        for region in self.store.kb.regions.values():
            value = self.store.value_in_region(key, region.id, on)
            if value is not None and to_retirement < float(value.value) and float(value.value) > limit:
                cited = self.store.document(value.source.document).number if value.source else ""
                longer.append(f"{region.short_name}规定不足{_amount(float(value.value))}年（{cited}）")
        if not longer:
            return None
        return (
            f"视情况，看参保地：按国家规定不能（要求距法定退休年龄不足{_amount(limit)}年，"
            f"{_time_left(to_retirement)}）；{'、'.join(longer)}的可以续发至法定退休年龄。"
        )

    def lead_with_short_answer(self, reply: Reply, intent: str, turn: Turn) -> Reply:
        """A yes/no question that a short answer settles (short_answers.yml): that answer first.

        Not when the reply says the question is not covered. A short answer settles the very point asked
        (会不会核减缴费年限), so it goes before a calculator's general verdict (视情况：要看是否满足…), which
        stays as the next line; a reply that asks for a missing value keeps asking."""
        later = [
            e
            for e in turn.all("period")
            if e.get("explicit_year")
            and str(e.get("date_from", ""))[:4].isdigit()
            and int(str(e["date_from"])[:4]) > self.latest_year
        ]
        # 今年1月的社保…会不会收滞纳金: a later year only inferred from today (今年, no year written) may
        # be the documents' own year to the asker; their short answer is given as theirs, then the notice
        inferred = bool(later) and not any(_year_written(e, turn.text) for e in later)
        if reply.topic.startswith(("out_of_scope", "fallback")):
            return reply
        if reply.topic.startswith("not_covered") and not (inferred and reply.topic == "not_covered:year"):
            return reply
        if is_not_covered(reply) and later and not inferred:
            # 2022年还能暂缓吗: the short answers state the 2020 rules; a later year the data lacks is
            # not settled by them, the reply's "没有收录2022年…" comes first
            return reply
        region = self.answerer._region_id(turn.region)
        first = short_answers.first_line_for((reply.topic, intent), turn.text, region, reply.text)
        if inferred and is_not_covered(reply):
            if first is not None:
                # the documents' own answer, given as theirs: which document says it, since the reply
                # under it says this year is not covered (and cites nothing)
                entry = short_answers.entry_for((reply.topic, intent), turn.text, region, reply.text)
                number = self.store.document(entry.document).number if entry is not None else ""
                source = f"（{number.split('（')[0]}）" if number else ""
                reply.text = f"按{self.latest_year}年的文件{source}：{first}\n{reply.text}"
            return reply
        if (
            first is not None
            and first.startswith(("可以", "能", "是"))
            and reply.result is not None
            and reply.result.eligible is False
            and reply.text.startswith(("不能", "不符合", "不可以"))
        ):
            # 个体户以单位方式参保能申请缓缴吗 — 可以 by the rule, but the facts told fail a condition
            # (亏了两个月): the calculator's 不能 naming it is the answer
            first = None
        if first is not None:
            first = self._with_its_document(first, (reply.topic, intent), turn.text, region, reply.text)
        if first is None and not short_answers.already_answered(reply.text):
            first = (
                _figure_confirmed(reply, turn)
                or _value_allowed(reply, turn)
                or _change_at_time(reply, turn)
                or _figure_denied(reply, turn)
                or _change_confirmed(reply, turn)
                or _outside_what_is_allowed(reply)
                or _percent_against_stated_range(reply, turn)
                or _article_confirms(reply, turn)
                or _basis_confirmed(reply, turn)
                or _article_waives_late_fee(reply, turn)
                or _country_not_listed(reply, turn)
                or _country_listed(reply, turn)
            )
        if first is None and (reply.text.startswith("视情况") or turn.receiving_benefit()):
            # 交满20年就一直按1925领，领到第二年也一样，是真的吗: a belief about the figure at a time named is
            # settled by the figures, whatever conditions of the claim are still open
            first = _change_at_time(reply, turn) or _figure_denied(reply, turn)
        if first is None and yes_no_form(turn.text):
            reply.text = _article_answer_first(reply)
        if first is not None and reply.topic.endswith(":silent"):
            # 员工个人那部分也能一起免吗 with its aspect read as a procedure: the rule's yes or no answers
            # it; "文件没有规定…办理流程" beside it would deny what it just said — only the line to call stays
            call = [line for line in reply.text.splitlines() if line.startswith("建议咨询")]
            reply.text = "\n".join([first, *call])
            reply.topic = reply.topic.removesuffix(":silent")
            return reply
        if first is not None and not reply.text.startswith(first):
            # 不能。攀枝花规定“…” over 不能，按文件规定不在减免范围…: the same no is said once, what the
            # second line adds stays
            reply.text = _without_verdict(first, reply.text)
            reply.text = f"{first}\n{reply.text}"  # before any notice (（您未说明城市…）): answer first
        return reply

    def _with_its_document(
        self, first: str, topics: tuple[str, ...], text: str, region: str | None, reply_text: str
    ) -> str:
        """不影响缴费年限。… over a reply that cites nothing of it (请问您想查询哪个城市…): the short answer
        names the document it comes from."""
        entry = short_answers.entry_for(topics, text, region, reply_text)
        if entry is None or entry.answer != first or not entry.document:
            return first
        # 京人社发〔2020〕8号, or 《title》 for a document without a number (never "无文号")
        number = self.store.document(entry.document).short_citation()
        if not number or number in reply_text or number in first:
            return first
        return f"{first.rstrip('。')}（{number}）。"

    def _answer_one(self, intent: str, turn: Turn, aspect: str | None) -> Reply:
        routed = self.confident_article(intent, turn, aspect)
        if routed is not None:
            return routed
        if intent in MISREAD_AMONG_SCHEMES and not set(MISREAD_AMONG_SCHEMES) & set(topics_in(turn.text)):
            # 失业人员那个价格临时补贴二零年提高了多少 read as the skill subsidy, whose words it never uses:
            # the article on the thing it names
            other = self.article_on_something_else(intent, turn)
            if other is not None:
                return other
        if intent == "ask_phone":
            article = self.article_for_contact(turn)
            if article is not None:
                return article
        if (
            aspect == A.COMPARISON
            or (aspect in (A.AMOUNT, None) and _places_asked(turn) >= 2)
            # 长春养老单位缴费比例2019年和2020年差多少: two years' figures and their difference
            or (differences.difference_asked(turn.text) and len(_years_written(turn)) >= 2)
        ):
            compared = self.compare(intent, turn)  # 北京和天津的平均工资各是多少: each place in turn
            if compared is not None:
                return compared
        insurances_asked = (
            # 工伤保险费也能一起缓吗？还是只能缓养老和失业: the list of deferrable insurances answers it, not
            # the deferral's conditions
            aspect == A.CONDITIONS and intent == "ask_deferral" and bool(turn.all("insurance_type"))
        )
        if aspect in TEXT_ASPECTS and intent not in ("ask_phone",) and not insurances_asked:
            reply = self.by_text(intent, turn, aspect)
            if reply is not None:
                return reply
        if aspect == A.CONTACT and intent != "ask_phone":
            return self.answerer.answer("ask_phone", turn)
        if (
            aspect in (A.ELIGIBILITY, A.CONDITIONS)
            and intent == "ask_unemployment_benefit"
            and turn.years() is None
        ):
            reply = self.benefit_conditions(turn)  # the conditions, not the table of amounts
        elif intent == "ask_reduction" and len({e.get("value") for e in turn.all("enterprise_type")}) > 1:
            # 中小微企业和大型企业有什么不同: every type named is asked about, so every type's rule is shown
            untyped = dataclasses.replace(
                turn,
                entities=[e for e in turn.entities if e.get("entity") != "enterprise_type"],
                enterprise_type=None,
            )
            reply = self.answerer.answer(intent, untyped)
            if reply.pending is not None and reply.pending.asked == "enterprise_type":
                return self.reductions_by_type(untyped, reply)
        else:
            reply = self.answerer.answer(intent, turn)
        if (
            intent == "ask_reduction"
            and reply.pending is not None
            and reply.pending.asked == "enterprise_type"
        ):
            reply = self.reductions_by_type(turn, reply)  # every type's rule at once, then ask which applies
            yes_no = aspect == A.ELIGIBILITY or (aspect is None and yes_no_form(turn.text))
            if yes_no and not reply.text.startswith("视情况"):
                # 单位那部分还用不用交啊 from an employer of no stated type: the type decides
                reply.text = f"视情况：要看是哪类单位（各类单位的规定见下）。\n{reply.text}"
        if reply.topic == "faq:none":  # no article: a passage of the documents, or say they do not cover it
            reply = (
                self.passage(turn)
                or self.supplement_passage(turn)
                or self.near_passage(turn)
                or self.unanswered(turn)
                or reply
            )
        elif (
            reply.result is not None
            and reply.result.status == NOT_COVERED
            and self.answerer._region_id(turn.region)
            and not any(e.get("usage", "as_of") == "as_of" for e in turn.all("period"))
        ):
            # no figure for this covered city: an article or passage of its documents may answer (not when
            # the question names a date the data lacks: 天津2019年度的基数 is not answered with 2020's)
            reply = self.confident_faq(turn) or self.own_article(turn) or self.passage(turn) or reply
        if aspect in (A.AMOUNT, None):
            year = self._year_not_covered(turn, reply)
            if year is not None:
                return self.uncovered_year(intent, year, turn, reply)
        if aspect in (A.AMOUNT, None) and yes_no_form(turn.text) and reply.result is not None:
            # 能按两千的基数交吗 / 这样能领失业金吧 read as an amount: the verdict when the facts decide it
            before = reply.text
            reply = self.yes_no(reply, turn)
            if reply.text.startswith("视情况"):
                reply.text = before  # nothing decided: the figures asked for come first
                return amount_first(intent, reply)
            return reply
        if aspect == A.ELIGIBILITY or (aspect in (A.DURATION, A.DEADLINE) and yes_no_form(turn.text)):
            # 能一口气缓8个月吗: a duration asked as yes or no
            return self.yes_no_answer(intent, reply, turn)
        if intent == "ask_reduction" and REDUCTION_CHOICE.search(turn.text):
            return self.yes_no(reply, turn)  # 是减半还是全免: the one that applies first (是全免)
        if aspect == A.CONDITIONS:
            if reply.result is not None and reply.result.topic == "deferral":
                from bot.answers.employer import deferred_insurances

                # 工伤保险费也能一起缓吗？还是只能缓养老和失业: the insurances named against the list decide
                # it, whatever conditions the deferral has (they follow)
                if deferred_insurances(reply.result, turn) is not None:
                    return self.yes_no(reply, turn)
            if yes_no_form(turn.text) and reply.result is not None and reply.result.eligible is not None:
                # 只亏损了两个月，符合缓缴的条件不: the facts told decide it — 可以 / 不能 first, then the
                # list
                return self.conditions(self.yes_no(reply, turn), after_first_line=True)
            return self.conditions(reply)
        if aspect in (A.AMOUNT, None):
            return amount_first(intent, reply)
        if intent == "ask_reduction" and aspect in (A.DEADLINE, A.DURATION):
            return self.reduction_until(reply, turn)
        if aspect in TIME_FIGURES:
            return time_first(aspect, reply)
        return reply

    def yes_no_answer(self, intent: str, reply: Reply, turn: Turn) -> Reply:
        """可以 / 不能 first; a reduction's then names the months it ran (长春大型企业2020年9月还能减半交吗:
        不能, then 2020年2月至6月). For a question asked whole or resumed with the value it waited for."""
        if intent == "ask_reduction":
            return self.reduction_until(self.yes_no(reply, turn), turn, second=True)
        return self.yes_no(reply, turn)

    def reduction_until(self, reply: Reply, turn: Turn, second: bool = False) -> Reply:
        """减半征收到几月份为止 / 免到什么时候: the months the employer type's reduction ran, first (the card
        alone gives the treatment on one date: 0% after it ended, or the first document's period only).
        ``second``: after the first line (a yes or no) instead. No place named: the national rule."""
        result = reply.result
        from bot.answers.employer import enterprise_size, reduction_timeline

        region = self.answerer._region_id(turn.region) or "national"
        # 大型建筑企业: the size told with the trade between, as the reduction's own answer reads it
        enterprise = turn.enterprise or enterprise_size(turn.text)
        if result is None or result.status != OK or reply.pending is not None or not enterprise:
            return reply

        line = reduction_timeline(self.store, region, enterprise)
        if line is None or line in reply.text:
            return reply
        reply.text = _second_line(reply.text, line) if second else f"{line}\n{reply.text}"
        return reply

    def _year_not_covered(self, turn: Turn, reply: Reply) -> int | None:
        """The year the question names when the figures are not that year's (2023 → the 2020 table)."""
        if reply.pending is not None or reply.topic.startswith(("not_covered", "out_of_scope")):
            return None
        result = reply.result
        if result is not None and result.status == OK and result.year_not_covered is not None:
            # 2016年北京失业金标准，交了3年: the conditions hold in any year, the amount asked is of a year
            # the documents do not give
            return result.year_not_covered
        if result is not None and result.status == NOT_COVERED and self.answerer._region_id(turn.region):
            # 天津2018年度的社平工资: the data holds the place's other years only; a year the user wrote
            # (not one inferred from today) is what is not covered
            for entity in turn.all("period"):
                start_at, end_at = entity.get("start"), entity.get("end")
                if entity.get("usage") == "subject" or "date_from" not in entity:
                    continue
                if not (isinstance(start_at, int) and isinstance(end_at, int)):
                    continue
                if not _year_written(entity, turn.text):
                    continue  # 今年 / 7月: no year written
                if (
                    any(w in turn.text[end_at : end_at + 6] for w in SUBJECT_AFTER)
                    or turn.dates_a_wage(entity)
                    or turn.dates_arrears(entity)
                ):
                    continue
                year = dt.date.fromisoformat(entity["date_from"]).year
                return year if year != self.latest_year else None
            return None
        if result is not None and result.status != OK:
            return None  # the calculator already says what it does not cover
        period_from, period_to = self._reply_period(reply)
        outside: list[int] = []
        # 天津一家公司（2021年）裁多少人以上要报告: an article on a rule its document gives no period (a
        # procedure, not a year's figure) still states the rule in a later year, with its date
        undated_rule = (
            reply.result is None
            and reply.topic.startswith(("faq:", "passage:"))
            and period_from is None
            and period_to is None
            # no amount of money in it: no year's figure
            and not AMOUNT_STATED.search(reply.text.partition("依据：")[0])
        )
        for entity in turn.all("period"):
            start_at, end_at = entity.get("start"), entity.get("end")
            if entity.get("usage") == "subject" or "date_from" not in entity:
                continue
            if undated_rule and dt.date.fromisoformat(entity["date_from"]).year > self.latest_year:
                continue
            if entity.get("explicit_year") is False:
                continue  # 7月以后 with no year: the calculator took the data's year and says so
            if entity.get("relative"):
                continue  # 今年 told in an earlier message, carried without its words: not a year chosen
            if (
                isinstance(start_at, int)
                and isinstance(end_at, int)
                and not any(c.isdigit() for c in turn.text[start_at:end_at])
                and not _year_in_words_of_a_yearly_standard(turn.text[start_at:end_at], reply)
            ):
                continue  # 下半年 / 3月: relative to today, not a year the user chose
            if isinstance(end_at, int) and any(w in turn.text[end_at : end_at + 6] for w in SUBJECT_AFTER):
                continue  # 2011年7月以后欠的 / 2019年5月开始参保: a fact of the case, not the date asked
            if turn.dates_a_wage(entity) or turn.dates_arrears(entity) or turn.dates_a_start(entity):
                # 2019年月平均工资才2500元 / 欠了…（2019年的） / 2019年4月来北京才上的保险: the year of the
                # wage, the arrears or the start of the record told
                continue
            start, end = dt.date.fromisoformat(entity["date_from"]), dt.date.fromisoformat(entity["date_to"])
            if reply.text.startswith(f"文件没有{start.year}年度"):
                return None  # 天津2020社平工资: the reply itself says that year's figure is not there
            dated = (
                period_from is not None and period_to is not None and period_from <= start <= end <= period_to
            )
            if start.year > self.latest_year and not dated:  # a value dated into 2021 still answers 2021
                outside.append(start.year)  # the documents are 2020's: their figures are no later year's
            elif reply.result is None and start.year < self.latest_year - 1 and period_from is None:
                outside.append(start.year)  # an article or passage of 2020 documents says nothing of 2015
            elif period_from and (period_from > end or (period_to is not None and period_to < start)):
                outside.append(start.year)  # the data's period does not meet the year asked (2019, 2018 data)
            else:
                return None  # a date the answer does cover is named: the question is about it
        return outside[0] if outside else None

    def _reply_period(self, reply: Reply) -> tuple[dt.date | None, dt.date | None]:
        if reply.result is not None:
            return reply.result.period_from, reply.result.period_to
        if reply.topic.startswith("faq:"):
            article = self.store.kb.faq.get(reply.topic.removeprefix("faq:"))
            if article is not None:
                return article.effective_from, article.effective_to
        return None, None

    def uncovered_year(self, intent: str, year: int, turn: Turn, reply: Reply | None = None) -> Reply:
        region = self.answerer._region_id(turn.region)
        hotline = self.answerer._hotline_text(region)
        what = TOPIC_NAMES.get(intent, "相关规定")
        text = (
            f"资料中没有收录{year}年的{what}：我收录的是{self.latest_year}年的政策文件，没有{year}年的标准，"
            f"不能拿其他年份的数字代替。\n{year}年的标准请咨询{hotline}。"
        )
        result = reply.result if reply is not None else None
        named = [n for n in (result.notes if result else ()) if f"文件没有规定{year}年的标准" in n]
        if named:  # the calculator names the year's standard the documents give ("文件给出的是北京2020年度…")
            text = named[0]
        elif result is not None and result.standard_year is not None and result.standard_year != year:
            # 今年北京失业金标准: say which year's standard the documents do hold, so it can be asked for
            found = self.store.kb.regions.get(region) if region else None
            place = found.short_name if found is not None and found.level != "country" else ""
            first, rest = text.split("\n", 1)
            text = (
                f"{first}文件给出的是{place}{result.standard_year}年度的标准，没有规定之后年度的标准"
                f"（需要{result.standard_year}年度的标准可以问“{place}{result.standard_year}年的{what}标准”）。\n{rest}"
            )
        elif result is not None and result.status == NOT_COVERED:
            # the calculator's own "目前收录的范围：…" says which years it does hold
            covered = re.search(r"目前收录的?范围[:：][^\n]*", reply.text if reply is not None else "")
            if covered:
                first, rest = text.split("\n", 1)
                text = f"{first}{covered.group(0)}\n{rest}"
        return Reply(
            text,
            handoff=self.answerer.directory.hotline(region).id,
            topic="not_covered:year",
            context=LastAnswer(intent=intent, entities=turn.entities, text=turn.text)
            if intent in FOLLOW_UP_INTENTS
            else None,
        )

    def compare(self, intent: str, turn: Turn) -> Reply | None:
        """两者有什么区别: an article that compares them, else each side answered in turn (two cities or two
        topics named in the question)."""
        allowed = self.routing.articles.get(intent, {}).get(A.COMPARISON, ())
        hits = self.answerer.faq.search(turn.text, self.answerer._region_id(turn.region)) if allowed else []
        if hits and hits[0].article.id in allowed and _places_asked(turn) < 2:
            # an article written for this comparison (of two benefits: not of two places' rules)
            return self.answerer._faq_reply(hits[0].article)
        cities: list[dict[str, Any]] = []
        for entity in turn.all("city"):
            if entity.get("value") not in [c.get("value") for c in cities]:
                cities.append(entity)
        types: list[dict[str, Any]] = []
        for entity in turn.all("enterprise_type"):
            if entity.get("value") not in [t.get("value") for t in types]:
                types.append(entity)
        years: list[dict[str, Any]] = []
        for entity in turn.all("period"):
            named = str(entity.get("date_from", ""))[:4]
            if entity.get("explicit_year") and named not in [str(y.get("date_from", ""))[:4] for y in years]:
                years.append(entity)
        sides: list[tuple[str, Turn, str]] = []
        if len(years) >= 2 and len(cities) < 2 and len(types) < 2:
            # 2019年和2020年一样吗: each year in turn, in the place asked
            others = [e for e in turn.entities if e.get("entity") != "period"]
            for year in years[:2]:
                side = Turn(
                    text=turn.text,
                    entities=[*others, year],
                    city=turn.city,
                    enterprise_type=turn.enterprise_type,
                    today=turn.today,
                )
                sides.append((intent, side, f"{str(year.get('date_from'))[:4]}年"))
        elif len(types) >= 2 and len(cities) < 2:
            # 大企业和小微企业的减免有啥区别: each type of employer in turn, in the place asked
            others = [e for e in turn.entities if e.get("entity") != "enterprise_type"]
            for kind in types[:2]:
                side = Turn(text=turn.text, entities=[*others, kind], city=turn.city, today=turn.today)
                sides.append((intent, side, _typed(turn, kind)))
        elif len(cities) >= 2:
            others = [e for e in turn.entities if e.get("entity") != "city"]
            for city in cities[:2]:
                sides.append(
                    (
                        intent,
                        Turn(
                            text=turn.text,
                            entities=[*others, city],
                            enterprise_type=turn.enterprise_type,
                            today=turn.today,
                        ),
                        _typed(turn, city),
                    )
                )
        elif len(cities) == 1 and NATIONAL_SIDE.search(turn.text):
            # 全国的政策跟上海的政策有啥不同: the national rule (the city's name left out) beside the city's
            city = cities[0]
            others = [e for e in turn.entities if e.get("entity") != "city"]
            start, end = city.get("start"), city.get("end")
            unplaced = (
                turn.text[:start] + turn.text[end:]
                if isinstance(start, int) and isinstance(end, int)
                else turn.text.replace(str(city.get("original") or ""), "")
            )
            national = Turn(
                text=unplaced, entities=[without_position(e, turn.text) for e in others], today=turn.today
            )
            placed = Turn(
                text=turn.text,
                entities=[*others, city],
                enterprise_type=turn.enterprise_type,
                today=turn.today,
            )
            sides = [(intent, national, "全国"), (intent, placed, _typed(turn, city))]
        else:
            topics = [t for t in topics_in(turn.text) if t in TOPIC_NAMES]
            if len(topics) < 2:
                return None  # one topic: its comparison article (失业金和失业补助金) or its own answer
            sides = [(topic, turn, TOPIC_NAMES[topic]) for topic in topics[:2]]
        replies = [self.answer_one(topic, side, None) for topic, side, _ in sides]
        # 天津和长春的基数下限差多少: the difference of the figure asked, from each side's answer
        difference = differences.between_sides(
            turn.text,
            [(name, reply.result) for (_, _, name), reply in zip(sides, replies, strict=True)],
            turn.money,
            tuple(reply.text for reply in replies),
        )
        text = (
            (f"{difference}\n" if difference else "")
            + "两者的规定分别如下：\n"
            + "\n\n".join(
                f"{'①②'[i]} {name}：\n{reply.text}"
                for i, ((_, _, name), reply) in enumerate(zip(sides, replies, strict=True))
            )
        )
        return Reply(
            text,
            topic=replies[0].topic or intent,
            result=replies[0].result,
            handoff=next((r.handoff for r in replies if r.handoff), None),
        )

    def reductions_by_type(self, turn: Turn, asking: Reply) -> Reply:
        """The 2020 reduction for each type of employer, when the user did not say which type they are."""
        lines, citations = [], []
        period = turn.period()
        if period and period.get("granularity") == "month":
            days = [dt.date.fromisoformat(period["date_from"])]
            if not period.get("explicit_year", True):  # 7月份还能减半吗: July of the documents' year
                days = [days[0].replace(year=self.latest_year)]
        else:  # the whole year named (or the documents' year): each type at its most favourable month
            year = dt.date.fromisoformat(period["date_from"]).year if period else self.latest_year
            days = [dt.date(year, month, 1) for month in range(1, 13)]
        for type_id, name in ENTERPRISE_TYPES.items():
            found = [
                contribution.reductions(
                    self.store, self.answerer._region_id(turn.region) or "national", type_id, day, turn.today
                )
                for day in days
            ]
            found = [r for r in found if r.status == OK]
            if not found:
                continue
            result = max(
                found,
                key=lambda r: max(
                    (
                        float(f.value)
                        for k, f in r.figures.items()
                        if k.endswith("_share") and f.unit == "ratio"
                    ),
                    default=0.0,
                ),
            )
            shares = {
                f.label.removesuffix("单位缴费减免比例"): f.value
                for k, f in result.figures.items()
                if k.endswith("_share") and f.unit == "ratio"
            }
            if not shares:
                continue
            words = {
                name_: {1: "免征", 0.5: "减半"}.get(
                    float(v), "不减免" if float(v) == 0 else f"减{float(v):.0%}"
                )
                for name_, v in shares.items()
            }
            summary = (
                f"三项单位缴费{next(iter(words.values()))}"
                if len(set(words.values())) == 1
                else "、".join(f"{k}{v}" for k, v in words.items())
            )
            span = f"（{result.period_text}）" if result.period_text and summary.count("不减免") == 0 else ""
            lines.append(f"• {name}：{summary}{span}")
            citations += [c for c in result.citations if c not in citations]
        if not lines:
            return asking
        text = (
            "2020年社保费阶段性减免按单位类型不同（只减免单位缴费，职工个人缴费照常缴纳）：\n"
            + "\n".join(lines)
            + f"\n{sources_line(citations)}\n{asking.text}"
        )
        return Reply(text, asking.buttons, pending=asking.pending, topic="ask_reduction")

    def benefit_conditions(self, turn: Turn) -> Reply:
        """失业保险金: who can claim it, checked against what the user said (主动辞职, 办了失业登记…)."""
        region = self.answerer._region_id(turn.region)
        result = benefits.unemployment_benefit(
            self.store,
            region or "national",
            None,
            None,
            turn.involuntary(),
            turn.registered(),
            turn.years_to_retirement(),
            today=turn.today,
        )
        reply = self.answerer._reply(result, "失业保险金领取条件", turn, figures=[])
        reply.topic = "ask_unemployment_benefit"
        if result.status == OK and result.eligible is not False:
            reply.text += "\n告诉我累计缴费年限（例如“交了7年”），我可以帮您核算每月金额。"
        return reply

    def by_text(self, intent: str, turn: Turn, aspect: str) -> Reply | None:
        """A procedure, deadline, duration… question: its article, its passage, or what the documents omit."""
        region = self.answerer._region_id(turn.region)
        allowed = self.routing.articles.get(intent, {}).get(aspect, ())
        if allowed:
            chain = {r.id for r in self.store.region_chain(region)} if region else None
            # 学历提升补贴是自己申请还是单位报？要准备啥材料: a second question naming no topic is searched
            # with the word by which the message before it named the topic
            query = turn.text if topics_in(turn.text) else _with_topic_named_before(intent, turn)
            hits = self.answerer.faq.search(
                query, region, limit=len(self.answerer.faq.articles), min_score=ROUTED_MIN_SCORE
            )
            candidates = [
                h
                for h in hits
                if h.article.id in allowed
                and (chain is None or h.article.region in chain)
                # 失业保险费率降低执行到什么时候: not the article on the work-injury rate alone
                and not self.answerer.faq.names_another_scheme(query, h.article)
            ]
            if chain is None and aspect == A.LEGALITY:
                # 这算合法吗 with no place named: a city's sanctions (乌海's blacklist) are not the asker's
                candidates = [h for h in candidates if h.article.region == "national"]
            if chain is None:  # 国家政策里，哪些人能领失业补助金: no place named, a national article first
                candidates.sort(key=lambda h: h.article.region != "national")
            hit = candidates[0] if candidates else None
            if hit is not None:
                if self._tops_the_asking_clause(query, region, hit):
                    # 失业金领完了还没找着工作，失业补助金去哪申请: the article the asking clause finds first,
                    # not one the situation told before it matches more strongly
                    return self.answerer._faq_reply(hit.article)
                return self.answerer._faq_reply(_decisive(hits, hit, chain).article)
        if aspect == A.PROCEDURE:
            routed = self.answerer.procedure_faq(intent, turn)
            if routed is not None:
                return routed
        silence = self.routing.silent.get(intent, {}).get(aspect)
        # 那这个缓交的钱最晚啥时候得补上 after 灵活就业人员…可以缓交: the person told before is asked of
        person = turn.value("person_type")
        silent = silence.what if silence is not None and silence.applies(turn.text, person) else None
        if silent and intent != "ask_policy_faq":
            other = self.article_on_something_else(intent, turn)
            if other is not None:  # 领失业金的人价格临时补贴翻倍是哪几个月: not the benefit's months
                return other
        if silent and intent == "ask_policy_faq":
            # a general question names no topic whose silence is known: what the documents do say first
            # (什么时候实现省级统收统支 → the passage; 骗领会被曝光吗 → the passage on 严重失信人名单)
            said = self.confident_faq(turn) or self.passage(turn) or self.supplement_passage(turn)
            if said is not None:
                return said
        if silent:
            return self.silent(intent, turn, silent)
        if aspect in (A.DURATION, A.DEADLINE, A.CONDITIONS, A.COMPARISON) and intent != "ask_policy_faq":
            return None  # the topic's calculator states its period, conditions and figures
        if aspect == A.DEFINITION and intent != "ask_policy_faq":
            # 什么是稳岗返还: an article or passage that says what it is, else the topic's own answer does
            return self.confident_faq(turn) or self.passage(turn)
        # an article matching as well as real questions do (原件还要交吗 → 不再收取原件) before a passage of
        # the same notice that shares the question's words without answering it (原件待疫情结束后补充提供)
        confident = self.confident_faq(turn)
        if confident is not None:
            return confident
        passage = self.passage(turn)
        article = self.answerer._faq_hit(turn)
        if passage is not None and not self._article_of_the_same_document(article, passage):
            return passage
        if article is not None:  # it summarises the passage's document, and cite() quotes the passage
            return article
        related = self.supplement_passage(turn)  # 只能银行扣款吗，能直接汇款吗: the passage holding 汇款
        if related is not None:
            return related
        if aspect == A.LEGALITY:
            # 不交社保多发现金合法吗: whether an arrangement is lawful is a question the documents never
            # settle; not a silence of this topic's rules but a question they do not cover
            reply = self.silent(intent, turn, "这一做法是否合法")
            reply.topic = "not_covered:legality"
            return reply
        if intent == "ask_policy_faq":
            near = self.near_passage(turn)  # the named city's own sentence, just under the threshold
            if near is not None:
                return near
            named = A.topic_of(turn.text)  # 稳岗返还多久能到账 read as a general question
            if named is not None and named != intent:
                # 长春个人失业待遇咋申报: the named topic's own articles (长春's WeChat services) first
                routed = self.by_text(named, turn, aspect)
                if routed is not None:
                    return routed
                intent = named
        return self.silent(intent, turn, f"{TOPIC_NAMES.get(intent, '这一问题')}的{ASPECT_WORDS[aspect]}")

    def _tops_the_asking_clause(self, query: str, region: str | None, routed: Any) -> bool:
        """The routed article is the best match of the message's asking clause alone, when facts told before
        it make up the rest of the message."""
        clauses, asking = A.asking_clause(query)
        if asking is None or len(clauses) < 2:
            return False
        hits = self.answerer.faq.search(clauses[asking], region, limit=1, min_score=ROUTED_MIN_SCORE)
        return bool(hits) and hits[0].article.id == routed.article.id

    def confident_article(self, intent: str, turn: Turn, aspect: str | None) -> Reply | None:
        """An article routed for the topic and aspect (faq_routing.yml ``confident``) that states a fact the
        topic's figures do not (失业补助金只能申领一次): only when it is the best FAQ hit for the question,
        scores as a real match, and is the rule of the place asked about."""
        allowed = self.routing.confident.get(intent, {}).get(aspect or "none", ())
        if not allowed:
            return None
        region = self.answerer._region_id(turn.region)
        hits = self.answerer.faq.search(turn.text, region, limit=1, min_score=CONFIDENT_FAQ_SCORE)
        if (not hits or hits[0].article.id not in allowed) and turn.background:
            # 补缴以前欠的养老保险…？2011年6月底以前的又怎么算: a short later question is found with the
            # message before it, and only by an article its own words call for (confident_when)
            hits = self.answerer.faq.search(
                turn.background + turn.text, region, limit=1, min_score=CONFIDENT_FAQ_SCORE
            )
            if hits and not self.routing.confident_when.get(hits[0].article.id):
                return None
        if not hits or hits[0].article.id not in allowed:
            return None
        article = hits[0].article
        if article.region != (region or "national") and not self._national_for(article, turn, region):
            return None  # another place's rule, or a national one where the city has its own
        when = self.routing.confident_when.get(article.id, ())
        if when and not any(word in turn.text for word in when):
            return None  # 欠缴3000元晚了20天: the calculator's question, not the article's
        unless = self.routing.confident_unless.get(article.id, ())
        if aspect is not None and any(word in turn.facts_text for word in unless):
            # 离退休还差8个月，领完了还能接着领吗: the benefit's rules, with the time told (a message asking
            # nothing, told inside a questionnaire, still gets the article)
            return None
        return self.answerer._faq_reply(article)

    def article_for_contact(self, turn: Turn) -> Reply | None:
        """攀枝花企业对划型结果有异议该找哪个部门: whom to turn to on a matter an article of the place
        answers, when the directory names no office and no topic for it — the article, which names the
        office (and the line to call follows it); a question naming an office or a directory topic gets
        the numbers."""
        directory = self.answerer.directory
        region = self.answerer._region_id(turn.region)
        if turn.value("office") or directory.topics_in(turn.text) or directory.find(turn.text, region):
            return None
        hits = self.answerer.faq.search(turn.text, region, limit=1, min_score=CONFIDENT_FAQ_SCORE)
        if not hits or hits[0].article.region != (region or "national"):
            return None
        return self.answerer._faq_reply(hits[0].article)

    def _national_for(self, article: Any, turn: Turn, region: str | None) -> bool:
        """A national article listed in ``national_for_cities`` answers for a city (北京, 失业金领完了还差10个
        月退休) unless an article of that city matches the question as well (上海's own extension). Others
        leave a city with figures of its own to its calculator (长春's reductions for 个体户)."""
        if (
            article.region != "national"
            or region is None
            or article.id not in self.routing.national_for_cities
        ):
            return False
        hits = self.answerer.faq.search(turn.text, region, limit=5, min_score=CONFIDENT_FAQ_SCORE)
        return not any(hit.article.region == region for hit in hits)

    def own_article(self, turn: Turn) -> Reply | None:
        """The data has no figure for this city: its own best article, on an ordinary match (户口不在乌海，
        能以灵活就业身份参保吗 → 乌海's article), rather than "not covered"."""
        region = self.answerer._region_id(turn.region)
        hits = self.answerer.faq.search(turn.text, region, limit=1)
        if hits and region and hits[0].article.region == region:
            return self.answerer._faq_reply(hits[0].article)
        return None

    def article_on_something_else(self, intent: str, turn: Turn) -> Reply | None:
        """An article that matches confidently through a keyword of its own, one that is not a word of the
        intent's topic: the question is about that thing (价格临时补贴), which the topic's silence is not."""
        hits = self.answerer.faq.search(turn.text, self.answerer._region_id(turn.region), limit=1)
        if not hits or hits[0].score < CONFIDENT_FAQ_SCORE:
            return None
        topic_words = dict(A.vocabulary().topics).get(intent, ())
        own = [
            k
            for k in hits[0].article.keywords
            if k in turn.text and not any(k in word or word in k for word in topic_words)
        ]
        return self.answerer._faq_reply(hits[0].article) if own else None

    def confident_faq(self, turn: Turn) -> Reply | None:
        hits = self.answerer.faq.search(turn.text, self.answerer._region_id(turn.region), limit=1)
        if hits and hits[0].score >= CONFIDENT_FAQ_SCORE:
            return self.answerer._faq_reply(hits[0].article)
        return None

    def cite(self, reply: Reply, turn: Turn) -> Reply:
        """An FAQ article's answer is a summary: add the passage of its document that the question matches,
        as the document has it, so the user sees the source text. A calculator's answer gets the passage
        that answers the question when one does confidently (僵尸企业能领稳岗返还吗: the figures, and the
        sentence that excludes them). A yes/no question that the quoted passage's own Q&A settles (答：可以。)
        gets that answer first."""
        cited = self._cite(reply, turn)
        if (
            cited.topic.startswith("faq:")
            and yes_no_form(turn.text)
            and not short_answers.already_answered(cited.text)
        ):
            first = short_answers.quoted_qa_line(turn.text, cited.text)
            if first is not None:
                cited.text = f"{first}\n{cited.text}"
        return cited

    def _cite(self, reply: Reply, turn: Turn) -> Reply:
        index = self.passages
        if index is None or reply.topic.startswith(("not_covered", "out_of_scope")):
            return reply  # a "not covered" reply ends there: no passage with another year's figures
        if (
            reply.result is not None
            and reply.result.status == NOT_COVERED
            and turn.region
            and self.answerer._region_id(turn.region) is None
            # (那武汉呢: Hubei's passage is its province's rule — only a place outside every province
            # the data holds ends here)
            and self.answerer._region_id((turn.first("city") or {}).get("province")) is None
        ):
            # 长春灵活就业按哪年的平均工资定档次 → 那沈阳呢: a place the data lacks ends there — a passage of
            # the city asked before would answer for the wrong place
            return reply
        if reply.topic == "ask_phone" and turn.all("office") and not WORDING_ASKED.search(turn.text):
            # 那绿园的呢: the office's number and its source line, not the whole list it stands in
            return reply
        asked = turn.period() or {}
        year = re.match(r"\d{4}", str(asked.get("date_from", "")))
        if (
            reply.result is not None
            and reply.result.status == NOT_COVERED
            and year is not None
            and int(year.group()) > self.latest_year
            and A.aspect_of(turn.text) == A.AMOUNT
        ):
            # 上海今年的基数上限是多少: a figure of a year after the documents' — nor is a passage of 2020 an
            # answer (a rule asked about, 忘了申报会按什么交, may still be the passage's)
            return reply
        if reply.result is not None and reply.result.status == OK and reply.pending is None:
            return self._with_related_passage(reply, turn)
        if reply.topic in TOPIC_NAMES and turn.region:
            # 上海减免期间公益性岗位补贴怎么算: the reduction table (which asks the employer type) does not
            # say it; the passage on the thing asked does. A reply that only asks for a value (月工资是多少)
            # gives way to the passage that answers without it (安置的军队退休干部医疗筹资标准)
            if reply.pending is not None:  # 月工资是多少 / 是哪类单位: a value the passage needs not
                found = self._supplement_reply(turn, reply.text)
                if found is not None:
                    return found
            return self._with_supplement(reply, turn)
        if not reply.topic.startswith("faq:") or reply.topic == "faq:none":
            return reply
        article = self.store.kb.faq.get(reply.topic.removeprefix("faq:"))
        if article is None:
            return reply
        hits = index.search(turn.text, self.answerer._region_id(turn.region), limit=PASSAGE_CANDIDATES)
        hit = next(
            (h for h in hits if h.passage.document_id == article.source.document and h.region_match), None
        )
        if hit is None and hits and hits[0].confident and hits[0].passage.region == article.region:
            # another document of the article's place answers confidently, e.g. the interpretation issued
            # with the notice (工资有小数怎么处理: the housing-fund Q&A, not the notice the article cites)
            hit = hits[0]
        from bot.passages import render_passage

        if hit is None:
            # the question matches no passage of the article's document: the passage the article rests on,
            # so the document's own words are shown; then what the question asks beyond it
            source = index.holding(article.source.document, article.source.quote)
            if source is not None and source.text[:40] not in reply.text:
                reply.text += "\n" + render_passage(source)
            return self._with_supplement(reply, turn)
        if WORDING_ASKED.search(turn.text) and hit.passage.document_id == article.source.document:
            # 个人存档的没按时申报基数按多少定，给我看下原文: the document's sentence on what is asked, as
            # asked — the article's summary would add the rules for others (单位's 110%) beside it
            return _related(hit)
        if hit.passage.text[:40] in reply.text:
            return reply
        reply.text += "\n" + render_passage(hit)
        return reply

    def _with_related_passage(self, reply: Reply, turn: Turn) -> Reply:
        if len(turn.text.strip()) < MIN_PASSAGE_QUESTION_CHARS:
            return reply
        hit = self.passages.best(turn.text, self.answerer._region_id(turn.region))
        if hit is None:
            before = reply.text
            reply = self._with_supplement(reply, turn)
            if reply.text != before or not WORDING_ASKED.search(turn.text):
                return reply
            # 文件原话咋说的, and no passage on what the question asks beyond the answer: the words of the
            # documents the answer cites
            hit = self._cited_passage(reply, turn)
            if hit is None:
                return reply
        if hit.passage.text[:40] in reply.text or _other_tier(reply, hit.passage):
            return reply
        from bot.passages import render_passage

        reply.text += "\n相关" + render_passage(hit)
        return reply

    def _cited_passage(self, reply: Reply, turn: Turn) -> Any:
        """文件原话咋说的 after a calculated answer: the passage the question matches best among those of the
        documents the answer cites (of the asker's place), even below the threshold — the user asked for
        the words of a document already named, not for an answer the passage alone would give."""
        cited = {c.document for c in (reply.result.citations if reply.result is not None else ())}
        region = self.answerer._region_id(turn.region)
        hits = self.passages.search(turn.text, region, limit=PASSAGE_CANDIDATES)
        return next((h for h in hits if h.region_match and h.passage.document_id in cited), None)

    def _with_supplement(self, reply: Reply, turn: Turn) -> Reply:
        """The passage on what the question asks beyond the reply (its rare words the reply lacks)."""
        hit = self._supplement_hit(turn, reply.text, region_required=False)
        if hit is not None:
            from bot.passages import render_passage

            reply.text += "\n相关" + render_passage(hit)
        return reply

    def supplement_passage(self, turn: Turn) -> Reply | None:
        """No passage answers confidently, but one holds most of the question's rare words (银行汇款): that
        one, introduced as related text rather than as the answer."""
        return self._supplement_reply(turn, "")

    def _supplement_reply(self, turn: Turn, reply_text: str) -> Reply | None:
        hit = self._supplement_hit(turn, reply_text, region_required=True)
        return None if hit is None else _related(hit)

    def _supplement_hit(self, turn: Turn, reply_text: str, region_required: bool) -> Any:
        """PassageIndex.supplement for this turn; a passage given *as the reply* needs a place named (a local
        rule quoted to someone whose place is unknown could be another city's)."""
        index = self.passages
        if index is None or len(turn.text.strip()) < MIN_PASSAGE_QUESTION_CHARS:
            return None
        if region_required and not turn.region:
            return None
        return index.supplement(turn.text, reply_text, self.answerer._region_id(turn.region))

    def near_passage(self, turn: Turn) -> Reply | None:
        """No passage answers confidently, but the question names a covered place and one passage of that
        place's own documents, just under the threshold, stands clearly above every other one (乌海开展过哪些
        参保宣传活动 → the sentence listing them): that passage as related text, rather than "not covered".
        Never a national or another place's passage (the place named is what ties it to the question)."""
        index = self.passages
        region = self.answerer._region_id(turn.region)
        if index is None or not region or len(turn.text.strip()) < MIN_PASSAGE_QUESTION_CHARS:
            return None
        hits = index.search(turn.text, region, limit=2)
        if not hits:
            return None
        hit = hits[0]
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        if (
            not hit.region_match
            or hit.passage.region != region
            or hit.score < NEAR_PASSAGE_MIN_SHARE * index.threshold
            or hit.score - runner_up < NEAR_PASSAGE_MARGIN_SHARE * index.threshold
        ):
            return None
        return _related(hit)

    def _article_of_the_same_document(self, article: Reply | None, passage: Reply) -> bool:
        """An article matched (weaker than a confident match) that rests on the document the passage is
        from: it answers in the document's own terms (北京每年的缴费工资要申报吗 → the declaration article,
        not only the sentence on declaring late)."""
        if article is None or not article.topic.startswith("faq:"):
            return False
        found = self.store.kb.faq.get(article.topic.removeprefix("faq:"))
        return found is not None and passage.topic == f"passage:{found.source.document}"

    def passage(self, turn: Turn) -> Reply | None:
        index = self.passages
        if index is None or len(turn.text.strip()) < MIN_PASSAGE_QUESTION_CHARS:
            return None  # 社保怎么样: too vague for any passage to be the answer
        hit = index.best(turn.text, self.answerer._region_id(turn.region))
        if hit is None:
            return None
        from bot.passages import render_passage

        text = render_passage(hit)
        following = _following(index, hit.passage)
        if following is not None:  # the passage ends in a colon: the list it announces is the next passage
            text = text.rstrip("”") + following.text + "”"
        if hit.score < index.answer_threshold:
            # quoted, but under the score at which a passage is given as the answer: said so, with the line
            hotline = self.answerer._hotline_text(turn.region)
            text = f"{UNSURE_PASSAGE_LEAD}\n{text}\n{UNSURE_PASSAGE_CLOSE.format(hotline=hotline)}"
        return Reply(text, topic=f"passage:{hit.passage.document_id}")

    # -- the first line ----------------------------------------------------------------------------
    def yes_no(self, reply: Reply, turn: Turn | None = None) -> Reply:
        """A yes/no question: 可以 / 不能 / 视情况 first, with the deciding condition, then the details."""
        result = reply.result
        if result is not None and result.status == INVALID and reply.pending is None:
            reply.text = (
                f"不能。{reply.text}"  # 按两万的基数交可以吗: the value is outside what the rule allows
            )
            return reply
        if result is None or result.status != OK or reply.pending is not None:
            return reply
        first_line = None
        question = turn.text if turn else ""
        to_retirement = turn.years_to_retirement() if turn else None
        believed = _amount_believed(reply, turn) if turn else None
        if believed is not None:
            first_line = believed  # 同事说我每个月是1870元，是这个数吗: the amount worked out decides
        elif "extension_years" in result.figures and to_retirement is not None and "退休" in question:
            limit = float(result.figure("extension_years"))
            first_line = (
                f"可以，距法定退休年龄不足{_amount(limit)}年的，领取期满仍未就业可继续领取至法定退休年龄。"
                if to_retirement < limit
                else self._extension_elsewhere(result, to_retirement, limit)
                or f"不能，续领到退休要求距法定退休年龄不足{_amount(limit)}年，{_time_left(to_retirement)}。"
            )
        elif "滞纳金" in question and any("免收滞纳金" in step for step in result.steps):
            from bot.answers.contribution import late_fee_first_line

            # the exemption is for approved 2020 deferral only: 补缴2015年欠的要交滞纳金吗 → 要, the rate;
            # 缓缴期间要交滞纳金吗 → 不用
            if turn is not None:
                first_line = late_fee_first_line(self.store, result, turn)
            else:
                first_line = "不用，" + next(step for step in result.steps if "免收滞纳金" in step) + "。"
        elif result.topic == "deferral" and turn is not None:
            from bot.answers.employer import deferred_insurances

            first_line = deferred_insurances(result, turn)  # 工伤保险也能缓缴吗: the insurances listed
        elif result.topic == "reductions":
            first_line = _reduction_yes_no(result, turn.text if turn else "")
        elif result.topic == "contribution_base" and "base" in result.figures and "wage" in result.figures:
            base, wage = float(result.figure("base")), float(result.figure("wage"))
            first_line = (
                "可以，按申报工资核定。"
                if base == wage
                else f"不能，申报工资{_amount(wage)}元不在上下限之间，按{_amount(base)}元核定。"
            )
            if base != wage and LIMIT_ASKED.search(question):
                # 基数是不是有封顶: 是 — the limit the wage told passes, and the base it is taken as
                side, past = ("上限", "高于") if base < wage else ("下限", "低于")
                first_line = (
                    f"是，缴费基数有{side}：申报工资{_amount(wage)}元{past}{side}{_amount(base)}元，"
                    f"按{_amount(base)}元核定。"
                )
        if first_line is not None:
            reply.text = f"{first_line}\n{reply.text}"
            return reply
        if result.eligible is True and turn is not None and turn.receiving_benefit():
            # 我爸在北京领失业金呢…领到第13个月就降了，是真的吗: drawing it, eligibility is not what is asked
            return reply
        if result.eligible is True:
            first = "可以。按您说的情况，文件规定的条件都符合。"
        elif result.eligible is False:
            unmet = [c for c in result.conditions if c.met is False]
            reason = "、".join(c.label for c in unmet[:2]) or "文件规定的条件"
            first = f"不能。不符合：{reason}。"
        elif result.conditions:
            open_ = [c.label for c in result.conditions if c.met is None]
            claiming = [str(w) for w in A.vocabulary().raw.get("claim_time_conditions") or ()]
            if (
                open_
                and any(c.met is True for c in result.conditions)
                and all(any(word in label for word in claiming) for label in open_)
            ):
                # 被裁了、交了3年，能领失业金吗: every condition the case decides is met; what is left is done
                # when claiming (失业登记) or presumed by the asker (仍处于失业状态): 可以, naming it
                first = f"可以。按您说的情况符合领取条件，申领时还需满足：{'、'.join(open_)}。"
            else:
                first = f"视情况：要看是否满足{'、'.join(open_[:3])}。" if open_ else "视情况，见下面的条件。"
        else:
            return reply
        reply.text = f"{first}\n{reply.text}"
        return reply

    def conditions(self, reply: Reply, after_first_line: bool = False) -> Reply:
        """A question on conditions: the list of conditions first (``after_first_line``: after the yes or no
        the facts told decide)."""
        result = reply.result
        if result is None or result.status != OK or not result.conditions or reply.pending is not None:
            return reply
        labels = "；".join(f"{i}. {_with_rule(c)}" for i, c in enumerate(result.conditions, 1))
        # how the place decides a condition (攀枝花: 生产经营严重困难企业的认定标准：…持续亏损…), said with it
        defined = [s for s in result.steps if "认定标准：" in s]
        also = "".join(f"其中{s.rstrip('。')}。" for s in defined)
        listed = f"需要同时满足的条件：{labels}。{also}"
        reply.text = _second_line(reply.text, listed) if after_first_line else f"{listed}\n{reply.text}"
        return reply

    def silent(self, intent: str, turn: Turn, what: str) -> Reply:
        region = self.answerer._region_id(turn.region)
        hotline = self.answerer._hotline_text(region)
        text = (
            f"文件没有规定{what}：我收录的2020年政策文件里没有这方面的内容，不能随意答复。"
            f"\n建议咨询{hotline}。"
        )
        office = self.answerer.directory.hotline(region)
        return Reply(text, handoff=office.id, topic=f"{intent}:silent")

    def neighbour(self, topic: ScopeTopic, turn: Turn) -> Reply:
        text = (
            f"这个问题不属于社保政策，是{topic.name}方面的问题，我这里没有相关资料，也不能给出数字，"
            "请向相应的主管部门或机构咨询。"
        )
        handoff = None
        if topic.line and topic.line in self.store.kb.offices:
            office = self.store.office(topic.line)
            asked = self.answerer._region_id(turn.region)
            if asked is None or office.region in ("national", asked):
                # 上海公积金怎么提取: Beijing's fund line printed in Beijing's notice is no Shanghai line
                text += "\n" + render_offices(self.answerer.directory, [office], "文件中载明的相关电话：")
                handoff = office.id
        text += "\n社会保险方面的问题，欢迎继续问我。"
        return Reply(text, handoff=handoff, topic=f"out_of_scope:{topic.id}")

    def documents_mention(self, topic: ScopeTopic, turn: Turn) -> Reply | None:
        """A neighbouring domain's word in a question about a covered place whose own documents speak of it
        (北京's grads may get a 创业担保贷款 without 反担保; 北京's declaration software cannot declare the
        公积金 base): the passage of that place that holds the word and matches the question well, quoted
        as related text with the domain's own line. A question about the domain in general (天津公积金基数)
        matches no such passage and gets the polite "not social insurance"."""
        index = self.passages
        region = self.answerer._region_id(turn.region)
        if index is None or not region or len(turn.text.strip()) < MIN_PASSAGE_QUESTION_CHARS:
            return None
        words = [word for word in topic.words if word in turn.text]
        hits = index.search(turn.text, region, limit=1)
        if not hits:
            return None
        hit = hits[0]
        asks_figure = not yes_no_form(turn.text) and all(
            q.aspect in (A.AMOUNT, None) for q in asked_questions(turn)
        )
        if asks_figure and not hit.confident:
            # 长春最低工资标准是多少: a passage that merely names the word holds no figure of that domain; one
            # that answers confidently does (上海吸纳本市户籍劳动者多少比例才能申请创业担保贷款 → 15%)
            return None
        if (
            not hit.region_match
            or hit.passage.region == "national"
            or hit.score < NEIGHBOUR_PASSAGE_MIN_SHARE * index.threshold
            or not any(word in hit.passage.text for word in words)
        ):
            return None
        reply = _related(hit)
        if topic.line and topic.line in self.store.kb.offices:
            office = self.store.office(topic.line)
            heading = f"{topic.name}的具体办理请咨询："
            reply.text += "\n" + render_offices(self.answerer.directory, [office], heading)
            reply.handoff = office.id
        return reply

    def uncovered_topic(self, topic: ScopeTopic, turn: Turn) -> Reply:
        region = self.answerer._region_id(turn.region)
        hotline = self.answerer._hotline_text(region)
        years = sorted(set(_named_years(turn)) - {self.latest_year - 1, self.latest_year})
        also = (
            f"，也没有收录{'、'.join(f'{y}年' for y in years)}的规定" if years else ""
        )  # 2023年养老金涨多少
        text = (
            f"我收录的2020年政策文件没有涉及{topic.asked_as(turn.text)}{also}，无法给您准确答复，"
            "也不能凭经验估计。"
            f"\n请咨询{hotline}。"
        )
        return Reply(
            text, handoff=self.answerer.directory.hotline(region).id, topic=f"not_covered:{topic.id}"
        )

    def uncovered_place(self, place: str, turn: Turn) -> Reply:
        covered = "、".join(r.short_name for r in self.store.kb.regions.values() if r.level != "country")
        listing = self.answerer.directory.listing(self.store.office("hotline_12333"))
        text = (
            f"暂未收录“{place}”的社保政策：资料中没有收录{place}的规定，无法给出{place}的数字，也不能拿其他城市的规定代替。"
            f"\n目前收录的地区：{covered}，以及国家层面的规定。{place}的问题请拨打{listing.text}咨询当地社保经办机构。"
        )
        return Reply(text, handoff="hotline_12333", topic="not_covered:place")

    # -- helpers -----------------------------------------------------------------------------------
    def _unless_faq(self, topic: ScopeTopic, turn: Turn) -> Reply | None:
        if not topic.unless_faq:
            return None
        hits = self.answerer.faq.search(turn.text, self.answerer._region_id(turn.region), limit=10)
        hit = next((h for h in hits if h.article.id in topic.unless_faq), None)
        return self.cite(self.answerer._faq_reply(hit.article), turn) if hit else None

    def _covered_place_named(self, turn: Turn) -> tuple[str, str] | None:
        """A covered city named beside an uncovered one (从长春调去大连): as the user wrote it, and its id."""
        for entity in turn.all("city"):
            region = self.answerer._region_id(entity.get("value"))
            if entity.get("covered") is not False and region and region != "national":
                return _typed(turn, entity), region
        return None

    def _uncovered_place(self, turn: Turn) -> str | None:
        cities = turn.all("city")
        # 我是香港人，香港那边的社保一直留着，来长春上班…: with a covered place named, every mention of a
        # place named as the asker's origin is that origin, and the question is about the covered place
        covered_named = any(e.get("covered") is not False for e in cities)
        origins = (
            {e.get("value") for e in cities if turn.is_origin(e) or turn.names_people(e)}
            if covered_named
            else set()
        )
        from_hmt = covered_named and turn.value("person_type") == "hmt"  # 香港人 / 台湾居民 read as a type
        for entity in cities:
            if from_hmt and (entity.get("level") == "sar" or "台湾" in str(entity.get("province", ""))):
                continue  # 香港那边的社保一直留着: where the asker comes from
            if (
                entity.get("covered") is False
                and not turn.is_origin(entity)
                and entity.get("value") not in origins
            ):
                return _typed(turn, entity)  # as the user wrote it (广州, not 广州市)
        return None


MIN_PASSAGE_QUESTION_CHARS = 8
# topics whose answer is a figure of the contribution rules: a later question asking a figure asks on about it
RATE_AND_BASE_TOPICS = frozenset(
    {
        "ask_contribution_rate",
        "ask_base_limits",
        "ask_contribution_base",
        "ask_average_wage",
        "ask_contribution",
    }
)
# Scores below the passage threshold are given as shares of it, so they keep their place when a change of the
# index (example questions) moves every score and the recalibrated threshold with them.
# documents_mention(): a passage of the place asked that names the neighbouring domain's word answers from
# this share of the threshold (the word itself ties the passage to the question); on the dev sets, with the
# threshold at 0.62, the true neighbour traps' best local passages scored at most 0.46 and none held the word
NEIGHBOUR_PASSAGE_MIN_SHARE = 0.65
# near_passage(): a passage of the named place's own documents under the passage threshold answers a question
# nothing else answers from this share of the threshold, when it leads the next passage by this share of it
# (one clear candidate); set as 0.45 and 0.1 with the threshold at 0.62
NEAR_PASSAGE_MIN_SHARE = 0.73
NEAR_PASSAGE_MARGIN_SHARE = 0.16
# 多久能到账 / 审核要多久 / 多少天能打到卡上: how long the bureau takes to handle it
PROCESSING_TIME = re.compile(
    r"(?:多久|多少天|几天|多长时间|几个工作日|多少个工作日).{0,8}(?:到账|账上|账户|到卡|打到|返到|发到|到手|拿到|结果|审核|审批|办结|办好|下来)|(?:审核|审批|办结|到账).{0,6}(?:多久|多少天|几天|多长时间)"
)
PROCESSING_STATED = re.compile(r"\d+\s*个?工作日|\d+\s*(?:日|天)内")
# 长春也是两年吗 / 天津也一样吗 / 那天津呢: the same question asked of another place
ALSO_ASKED = re.compile(r"也(?:是|一样|这样|能|可以|适用|有)|呢[?？]?$")
# 是哪几个月的 / 我个人能自己去办吗: a later question short enough to ask on about the first
FOLLOW_ON_MAX_CHARS = 10
FIGURE_STATED = re.compile(r"\d+(?:\.\d+)?\s*(?:元|%|倍)|提高\s*1\s*倍|减半|免征")
# a length of time or a date in an answer's text (30日内, 3个月, 12月底, 2021年6月30日)
TIME_STATED = re.compile(
    r"\d+\s*(?:个)?(?:工作日|日|天|周|个月|月|年)|[一二三四五六七八九十两]+(?:个)?(?:工作日|日|天|个月|年)|月底|年底|月末"
)
ROUTED_MIN_SCORE = (
    1.0  # an article routed for the topic and aspect answers on a weaker match than a free search
)
CONFIDENT_FAQ_SCORE = 6.0  # bot/faq.py: real matches score 6 and more
# a real match this many times stronger than the article routed for the topic and aspect answers instead
DECISIVE_FAQ_FACTOR = 2.0
PASSAGE_CANDIDATES = 5  # passages searched for the one of an FAQ article's own document
# after a date, these make it a fact of the case rather than the date asked about
SUBJECT_AFTER = ("欠", "以来", "开始", "参保", "入职", "起交", "毕业")
# after a year, these make it the year of a statistic (2019年社平工资, 2019年度全市职工平均工资)
STATISTIC_AFTER = re.compile(
    r"度?的?(?:全市|全省|本市|城镇|全口径)?(?:职工|在岗职工|单位就业人员|从业人员)?[年月]?(?:社平|平均工资)"
)
GENERAL_TOPIC = "ask_policy_faq"
UNANSWERED_TOPIC = "not_covered:other"  # no article, passage or calculator found anything to say
RESIDENT_MEDICAL_ARTICLE = (
    "faq:resident_medical_2020"  # the residents' scheme's contribution (医保发〔2020〕24号)
)
CONTEXT_KINDS = (
    "city",
    "period",
    "enterprise_type",
    "person_type",
    "insurance_type",
)  # hold for the whole message


# an amount or a rate: a table's other rows (the 16% of 2019 beside the 20% of 2018 the reply states)
FIGURE_IN_TEXT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:元|%)")


def _other_tier(reply: Reply, passage: Any) -> bool:
    """The passage is a table the calculator's answer was read from, with rows the reply does not state: the
    section it cites, or another part of the same document repeating one of its figures among others (the
    interpretation's list of every tier). Shown to someone whose tier or year the reply has worked out it
    reads as another answer (参保不到一年 → 880, not 1408 beside it; 2018年 → 20%, not 2019's 16%)."""
    result = reply.result
    if result is None or not result.figures:
        return False
    label = passage.section.label
    same_document = [c for c in result.citations if c.document == passage.document_id]
    if not same_document:
        return False
    told = {_figure(f) for f in FIGURE_IN_TEXT.findall(reply.text)}
    shown = {_figure(f) for f in FIGURE_IN_TEXT.findall(passage.text)}
    cited = any(label and _cites(c.short.partition(" ")[2], label) for c in same_document)
    return bool(shown - told) and (cited or bool(shown & told))


# 一、（一）至（五）: a citation of a run of items under one heading
_NUMERAL = "[一二三四五六七八九十]+"
CITED_RUN = re.compile(rf"({_NUMERAL}、)（({_NUMERAL})）至（({_NUMERAL})）")
ITEM_LABEL = re.compile(rf"^({_NUMERAL}、)（({_NUMERAL})）$")


def _cites(cited: str, label: str) -> bool:
    """The citation names the passage's section: it starts with its label, or names a run of items that
    holds it (一、（一）至（五） holds 一、（四）)."""
    if cited.startswith(label):
        return True
    item = ITEM_LABEL.match(label)
    if item is None:
        return False
    number = _item_number(item.group(2))
    return any(
        run.group(1) == item.group(1) and _item_number(run.group(2)) <= number <= _item_number(run.group(3))
        for run in CITED_RUN.finditer(cited)
    )


def _item_number(numeral: str) -> int:
    value = chinese_number(numeral)
    return int(value) if value and value.isdigit() else 0


def _figure(text: str) -> str:
    return text.replace(" ", "").replace(",", "")


def _second_line(text: str, line: str) -> str:
    """``line`` after the first line of ``text`` (after a yes or no), or first when the text has one line."""
    if "\n" not in text:
        return f"{line}\n{text}"
    first, rest = text.split("\n", 1)
    return f"{first}\n{line}\n{rest}"


def _with_topic_named_before(intent: str, turn: Turn) -> str:
    """要准备啥材料 after 天津学历提升补贴是自己申请还是单位报: the question with the words by which the
    message before it named its topic (学历提升), not the rest of that message (its facts would pull other
    articles)."""
    words = dict(A.vocabulary().topics).get(intent, ())
    named = [w for w in words if not wordmatch.is_pattern(w) and w in turn.background]
    return f"{named[0]} {turn.text}" if named else turn.text


def _month_end_words(value: Any) -> str:
    """（2020年12月底） for the last day of a month: the documents' own way of writing these deadlines
    (缓缴社会保险费至2020年12月底, 延长执行到2020年6月底)."""
    if not isinstance(value, dt.date) or (value + dt.timedelta(days=1)).day != 1:
        return ""
    return f"（{value.year}年{value.month}月底）"


# schemes the classifier confuses with each other (all benefits and subsidies): a question naming no scheme
# (失业金领完了 names the benefit: the planner reads on to the subsidy) but an article's own keyword is about
# that article's thing
MISREAD_AMONG_SCHEMES = (
    "ask_skill_subsidy",
    "ask_unemployment_subsidy",
    "ask_migrant_subsidy",
    "ask_job_retention",
    "ask_unemployment_benefit",
)

# an article's clause answers a question on a time when it shares this many pairs of characters with it
TIME_CLAUSE_MIN_PAIRS = 2


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _time_clause_first(reply: Reply, turn: Turn) -> Reply:
    """单位得在多少天之内去办退工备案 answered by an article that sets several times (30日内登记，
    15日内退工备案，…): the clause on the thing asked, with its time, as the first line — not the title.

    A time is read with the pieces beside it that state none (终止或解除劳动合同的，15日内办理退工备案 |
    续订变更劳动合同的，30日内备案): each such piece is scored by the pairs of characters it shares with the
    question, the place named left out; the sentence part (between ；and 。) holding the best piece is shown,
    when one piece is best alone."""
    if not reply.topic.startswith("faq:") or not reply.text.startswith("【"):
        return reply
    question = list(turn.text)
    for place in turn.all("city"):
        start, end = place.get("start"), place.get("end")
        if isinstance(start, int) and isinstance(end, int):
            question[start:end] = [" "] * (end - start)  # 天津 names the place, not the thing asked
    asked = {pair for pair in _pairs("".join(question)) if " " not in pair}
    scored: list[tuple[int, str]] = []
    for sentence in re.split(r"[；;。\n]", "\n".join(_answer_sentences(reply))):
        pieces = [p for p in re.split(r"[，,]", sentence) if p.strip()]
        for k, piece in enumerate(pieces):
            if not TIME_STATED.search(piece):
                continue
            around = [
                pieces[j]
                for j in (k - 1, k + 1)
                if 0 <= j < len(pieces) and not TIME_STATED.search(pieces[j])
            ]
            scored.append((len(asked & _pairs("，".join([piece, *around]))), sentence.strip()))
    if len(scored) < 2:
        return reply  # one time stated, or none (no_time_stated says so): the article reads as it is
    best = max(score for score, _ in scored)
    winners = {sentence for score, sentence in scored if score == best}
    if best < TIME_CLAUSE_MIN_PAIRS or len(winners) > 1:
        return reply
    reply.text = f"{winners.pop()}。\n{reply.text}"
    return reply


def time_first(aspect: str, reply: Reply) -> Reply:
    """最晚什么时候补上 / 最长能缓几个月 answered by a calculator's card: the date or the length it states, as
    the first line (补缴截止日期：2021年12月31日), not the card's heading."""
    result = reply.result
    if result is None or result.status != OK or reply.pending is not None or not reply.text.startswith("【"):
        return reply

    def shown(wanted: str, colon: str = "：") -> list[str]:
        return [
            f"{figure.label}{colon}{figure.text}{_month_end_words(figure.value)}"
            for name, figure in result.figures.items()
            if name in TIME_FIGURES.get(wanted, ())
        ]

    if asked := shown(aspect):
        reply.text = "；".join(asked) + "。\n" + reply.text
    elif aspect == A.DURATION and (until := shown(A.DEADLINE, colon="")):
        # 天津最长能缓几个月: no length in the documents, only the date it may run to — say so, then that
        reply.text = "文件没有规定最长月数，只规定了" + "；".join(until) + "。\n" + reply.text
    return reply


UNSTATED_AMOUNT = "的具体金额文件未载"  # bot.calc.subsidies' note where the documents give no amount


def amount_first(intent: str, reply: Reply) -> Reply:
    """An amount question whose figure the values told decide (北京交了12年，失业金一个月能领多少): the
    figure is the first line, with the conditions still open named, not the card's 结论：还需确认以下条件
    with the figure ten lines down."""
    result, names = reply.result, AMOUNT_FIGURES.get(intent, ())
    if (
        result is None
        or result.status != OK
        or result.eligible is False
        or reply.pending is not None
        or not names
        or not reply.text.startswith("【")
    ):
        return reply
    if names[0] not in result.figures:
        # 上海失业金一个月多少钱: the data has the conditions but not the place's amount — that first
        missing = next((n for n in result.notes if n.startswith("资料中没有") and "标准" in n), None)
        unstated = next((n for n in result.notes if UNSTATED_AMOUNT in n), None)
        if missing is None and unstated is not None:
            # 天津学历提升补贴能补多少钱: the documents set the conditions, not the amount — said first
            lead = f"文件没有规定{result.region_name}{unstated.replace(UNSTATED_AMOUNT, '的具体金额', 1)}"
            reply.text = f"{lead}下面是文件规定的申领条件。\n{reply.text}"
            return reply
        if missing is not None:
            # a year the data lacks (资料中没有收录2026年北京的…) as it is; a place whose documents state no
            # amount in the committed wording for what they leave open (文件没有规定), the data's gap named
            lead = (
                missing
                if missing.startswith("资料中没有收录")
                else missing.replace("资料中没有", "文件没有规定", 1).replace(
                    "，金额请", "（资料中没有收录这一金额），金额请", 1
                )
            )
            reply.text = f"{lead}下面是文件规定的领取条件。\n{reply.text}"
        return reply
    shown = "，".join(
        f"{result.figures[name].label}{result.figures[name].text}" for name in names if name in result.figures
    )
    open_ = [c.label for c in result.conditions if c.met is None]
    if result.eligible is True:
        first = f"按您说的情况，{shown}（文件规定的条件都符合）。"
    elif open_:
        verb = "享受" if intent == "ask_job_retention" else "领取"
        first = f"按您说的情况，{shown}；能否{verb}还要看：{'、'.join(open_[:3])}。"
    else:
        first = f"按您说的情况，{shown}。"
    reply.text = f"{first}\n{reply.text}"
    return reply


def _speaks_of(reply: Reply, question: SubQuestion) -> bool:
    """The reply uses a word that names the question's topic (缴费基数 for a base question)."""
    words = dict(A.vocabulary().topics).get(question.topic or "", ())
    return any(word in reply.text for word in words if not wordmatch.is_pattern(word))


NATIONAL_SIDE = re.compile(r"全国|国家的|国家规定|国家政策|人社部")


def _names_its_own(turn: Turn, question: SubQuestion, intent: str) -> bool:
    """A later question of a message that names a topic, place or date of its own (上海呢, 失业金呢); one that
    names none (是多少, 怎么算) asks on about the first."""
    if question.topic is not None and question.topic != intent:
        return True
    if BEFORE_THE_CHANGE.search(question.text):
        return True  # 调之前是多少: a date of its own, the day before the message's
    return any(e.get("entity") in CONTEXT_KINDS and _inside_question(e, question) for e in turn.entities)


def _sub_turn(turn: Turn, question: SubQuestion) -> Turn:
    """The turn for one question of a message: its own entities, and the message's place, date and type
    where the question names none (北京失业金多少？能领几个月 → the second question is about Beijing too)."""
    inside = [e for e in turn.entities if _inside_question(e, question)]
    # 第二年开始又是多少: which year of the claim, no record of its own — the record told before holds
    # (这6个月一共能领多少: the months of a claim asked, no record of the question's own either)
    own_kinds = {
        e.get("entity")
        for e in inside
        if not turn.is_ordinal(e)
        and not (e.get("entity") == "duration" and e.get("usage") in ("claim", "elapsed"))
    }
    entities = [
        {
            **e,
            "start": int(e["start"]) - question.start,
            "end": int(e.get("end", e["start"])) - question.start,
        }
        for e in inside
    ]
    # the message's place, date and type where the question names none; their spans are the message's,
    # not this question's, so they go without (a span read in the question's text would be another
    # word: 北京2022年的失业金标准出来了吗，一个月多少 — 2022年 is written, not inferred, in the second
    # question too)
    carried = [
        e
        for e in turn.entities
        if e not in inside
        and e.get("entity") in CONTEXT_KINDS
        and e.get("entity") not in own_kinds
        # a statistic's year names the figure the first question asks about; a question naming no topic
        # of its own (平均工资公布了吗？是多少) asks about the same figure, so takes its year too
        and not (_statistic_year(e, turn.text) and question.topic is not None)
        # 我是安徽农村的…还有我弟弟…他能领啥: where the asker comes from is no place a later question asks of
        and not (e.get("entity") == "city" and turn.is_origin(e))
        # (…能领几个月 我不在北京 就说国家的规定: a place denied or taken back is asked of by no question)
        and not (e.get("entity") == "city" and (turn.dropped(e) or turn._denied(e, PLACE_DENIED)))
        # 2019年4月来北京才上的保险…能领啥补助？一个月多少: the start of the record told is no date the
        # second question asks about (the record itself stays in the message's words)
        and not (e.get("entity") == "period" and turn.dates_a_start(e))
    ]
    dates = [e for e in carried if e.get("entity") == "period"]
    asked_dates = [e for e in dates if turn._in_asking_clause(e) and turn._year_written(e)]
    if (
        len(dates) > 1 and asked_dates
    ):  # 文件写的是免2到6月，那2020年7月以后还免吗？免到啥时候: the date asked
        carried = [e for e in carried if e.get("entity") != "period" or e in asked_dates]
    if "period" not in own_kinds and BEFORE_THE_CHANGE.search(turn.text[question.start : question.end]):
        # 2020年7月调整以后是多少？调之前是多少: the day before the date the first question named
        carried = [_the_day_before(e) if e.get("entity") == "period" else e for e in carried]
    elsewhere = "city" not in own_kinds and OTHER_PLACES.search(turn.text[question.start : question.end])
    if elsewhere:  # 湖北的…？要是换成别的省的大型企业呢: not the place named before — the national rule
        carried = [e for e in carried if e.get("entity") != "city"]
    sized = SIZE_REFERENCE.search(turn.text[question.start : question.end])
    kinds = {e.get("value") for e in carried if e.get("entity") == "enterprise_type"}
    if sized and "enterprise_type" not in own_kinds and {"sme", "large"} <= kinds:
        # 一家大型企业一家小微企业…小的那家免征到几月: the one of the two the question points to
        size = "sme" if sized.group(1) == "小" else "large"
        carried = [e for e in carried if e.get("entity") != "enterprise_type" or e.get("value") == size]
    entities += [without_position(e, turn.text) for e in carried]
    own_year = any(e.get("entity") == "period" and e.get("explicit_year") for e in inside)
    if "duration" not in own_kinds:  # 交了四年，能领吗？一个月发多少: the record stated before holds for both
        # (not a month of the claim an earlier question named: 第13到第18个月每月多少？这18个月一共多少)
        entities += [
            e
            for e in turn.durations()
            if e in turn.entities and _before(e, question.start) and not turn.is_ordinal(e)
        ]
    for kind in ("money", "people"):
        if kind in own_kinds:
            continue
        # 技术员月薪一万六，基数按多少核？个人养老扣多少: the wage told before holds for the later question
        # too (a position-less value: its span is in the message, not in this question); so do the staff
        # counted (参保职工200人…全公司这个月一共少交多少)
        entities += [
            without_position(e, turn.text)
            for e in turn.all(kind)
            if e in turn.entities and _before(e, question.start)
        ]
    return Turn(
        text=turn.text[question.start : question.end],
        entities=entities if own_year else [_with_message_year(e, turn) for e in entities],
        # 二道区社保分局电话多少？…低于下限的按多少钱核定: the district's city holds for the later question
        city=None if elsewhere else (turn.city or turn.district_region()),
        enterprise_type=turn.enterprise_type,
        today=turn.today,
        background=turn.text[: question.start],
    )


# 小的那家 / 大的那个: one of two employers the message named, by its size
SIZE_REFERENCE = re.compile(r"([大小])的(?:那家|那个|那一家|那边|公司|企业|单位)")
# 别的省 / 其他城市 / 换成外地: places other than the one the message named, none in particular (not 外地户口
# or 外省人: where the asker comes from, told)
OTHER_PLACES = re.compile(
    r"(?:别的|其他|其它)(?:省|市|城市|地方|地区)|(?:换成|换到|要是在|如果在)(?:外地|外省)"
)
# 调之前是多少 / 调整前呢 / 原来是多少: the figure before the change the message's date names
BEFORE_THE_CHANGE = re.compile(r"(?:调整?|涨|降|变)(?:之|以)?前|之前是多少|以前是多少|原来是多少|原来的标准")


def _the_day_before(entity: dict[str, Any]) -> dict[str, Any]:
    """A period moved to the day before it starts (2020年7月 → 2020年6月30日), for 调之前."""
    start = entity.get("date_from")
    if not isinstance(start, str) or len(start) < 10:
        return entity
    day = (dt.date.fromisoformat(start[:10]) - dt.timedelta(days=1)).isoformat()
    return {**entity, "date_from": day, "date_to": day, "value": day, "usage": "as_of"}


def _statistic_year(entity: dict[str, Any], text: str) -> bool:
    """天津2019年社平工资多少，灵活就业基数在什么范围选: the year of a statistic names which figure is asked,
    not the date the message's other questions apply on."""
    end = entity.get("end")
    return (
        entity.get("entity") == "period"
        and isinstance(end, int)
        and STATISTIC_AFTER.match(text, end) is not None
    )


# topics whose figure a question asks whatever story leads up to it (an average wage, a base's limits)
FIGURE_TOPICS = frozenset({"ask_average_wage", "ask_base_limits"})
FIGURE_NOUNS = ("平均工资", "社平", "基数")


def _told_as_background(topic: Any, text: str) -> bool:
    """天津的，我在厂里出了工伤，单位说工伤待遇要按全市职工月平均工资算。那年的月平均工资是多少: the
    uncovered topic is only in the story told; the clauses that ask name a figure the documents hold, and
    none of them names the topic."""
    clauses = [c for c in re.split(A.CLAUSE_END, text) if c.strip()]
    asking = [c for c in clauses if A.asks_question(c)]
    if not asking or len(asking) == len(clauses) or any(topic.first_match(c) is not None for c in asking):
        return False
    named = {t for c in asking for t in topics_in(c)}
    # (企业年金…单位缴费有没有上限: a limit alone may be the uncovered thing's own — the figure is named)
    figure_named = any(noun in c for c in asking for noun in FIGURE_NOUNS)
    # 老会计请产假了…两个文员一个工资3k，一个5.2k…养老保险一共扣多少: a payment on the wages told
    payment_on_wages = (
        named == {"ask_contribution"}
        and any(PAYMENT_ASKED.search(c) for c in asking)
        and re.search(r"\d{3,}", text) is not None
    )
    return bool(named) and ((named <= FIGURE_TOPICS and figure_named) or payment_on_wages)


def _related(hit: Any) -> Reply:
    """A passage quoted as text related to the question (not as its confident answer)."""
    from bot.passages import render_passage

    return Reply(RELATED_LEAD + "\n" + render_passage(hit), topic=f"passage:{hit.passage.document_id}")


# 文件原话咋说的 / 原文是怎么写的: the asker wants the document's own words, not only the answer
WORDING_ASKED = re.compile(r"原话|原文|原句|(?:文件|通知|规定)[里上中]?(?:是)?(?:怎么|咋|如何)(?:说|写|讲)")
RELATED_LEAD = "文件中与您的问题有关的原文："
# a passage quoted between the index's two thresholds (PassageIndex.answer_threshold): likely the answer, but
# one in ten such passages is not, so the reply says it is the nearest text and gives the line
UNSURE_PASSAGE_LEAD = "文件中与您的问题最接近的原文如下（不能确定它正好回答了您的问题，仅供参考）："
UNSURE_PASSAGE_CLOSE = "如果这段原文没有回答您的问题，请咨询{hotline}。"


YEAR_IN_WORDS = re.compile(r"^(今年|去年|前年)(度)?$")


def _year_in_words_of_a_yearly_standard(span: str, reply: Reply) -> bool:
    """今年北京失业金标准: a year named in words (今年, 去年) asked of a figure the documents give as one
    year's standard (北京2020年度, no end date): that year is chosen as much as 2026年 would be, and the 2020
    standard is not its answer. Other figures keep reading 今年 as "now" (their periods end, and the
    calculator already says what it does not hold)."""
    return (
        bool(YEAR_IN_WORDS.match(span))
        and reply.result is not None
        and reply.result.standard_year is not None
    )


def _year_written(entity: dict[str, Any], text: str) -> bool:
    """The period's year is written in the message (2022年, 22年), not inferred (今年, 7月)."""
    start, end = entity.get("start"), entity.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        return not entity.get("relative")  # no span to read: taken as written, unless marked 今年 before
    return bool(re.search(r"\d{2,4}年", text[start:end]))


def _named_years(turn: Turn) -> list[int]:
    """The years the message names with its dates (2020年3月, 2023年), in order."""
    return [
        int(str(e["date_from"])[:4])
        for e in turn.all("period")
        if e.get("explicit_year") and str(e.get("date_from", ""))[:4].isdigit()
    ]


def _before(entity: dict[str, Any], position: int) -> bool:
    start = entity.get("start")
    return isinstance(start, int) and start < position


def _with_message_year(entity: dict[str, Any], turn: Turn) -> dict[str, Any]:
    """长春大型企业2020年3月…？小微企业3月份呢: a month named without a year, in a question naming no year, is
    in the year the message named (not the data's latest such month)."""
    if (
        entity.get("entity") != "period"
        or entity.get("explicit_year", True)
        or entity.get("granularity") != "month"
    ):
        return entity
    year = next(iter(_named_years(turn)), None)
    if year is None or not str(entity.get("date_from", ""))[:4].isdigit():
        return entity
    shifted = {**entity, "explicit_year": True}  # the message's year, as if named here
    for key in ("date_from", "date_to"):
        value = str(entity.get(key) or "")
        if value[:4].isdigit():
            try:
                shifted[key] = dt.date.fromisoformat(value).replace(year=year).isoformat()
            except ValueError:  # 2月29日 in a year without it
                return entity
    value = str(entity.get("value") or "")
    if value[:4].isdigit() and value[4:5] == "年":
        shifted["value"] = f"{year}{value[4:]}"
    return shifted


def _with_rule(condition) -> str:
    """A condition's label with the threshold the documents set for it when the case did not decide it
    (坚持不裁员或少裁员（文件规定30人（含）以下企业裁员率不超过20%）)."""
    _, said, rule = (condition.detail or "").partition("文件规定")
    return f"{condition.label}（文件规定{rule}）" if said and rule else condition.label


def _line_naming_the_time(question: str, answer: str) -> str | None:
    """The line of an answer naming the time a question asks about (第13个月), with a figure."""
    times = set(NAMED_TIME.findall(question))
    for line in answer.split("依据：", 1)[0].splitlines() if times else ():
        stated = line.strip().lstrip("•·- ").strip()
        if set(NAMED_TIME.findall(stated)) & times and AMOUNT_STATED.search(stated):
            return stated
    return None


def _merge(replies: list[Reply], questions: list[SubQuestion]) -> Reply:
    first = replies[0]
    parts = [first.text]
    for position, (question, reply) in enumerate(zip(questions[1:], replies[1:], strict=True), 1):
        # by position: two equal replies compare equal, so list.index would find the first one itself
        if any(reply.text in earlier.text for earlier in replies[:position]):
            continue  # 怎么算，还按原来的吗 / 是不是降了？降了多少: one answer serves both, said once
        head, _, rest = reply.text.partition("\n")
        if rest and any(rest in earlier.text for earlier in replies[:position]):
            # 各交几个点？降费率到什么时候结束: the same table, led by this question's own first line
            parts.append(f"关于“{question.text.strip('，,。')}”：\n{head}")
            continue
        if reply.topic == "faq:none" and first.topic != "faq:none":
            continue  # a follow-on clause nothing answers by itself (能不能直接汇款): the first answer serves
        if head == first.text.partition("\n")[0] and short_answers.already_answered(head):
            continue  # …会不会核减年限，村里人说年限就少了，是不是真的: the same 不会 (and its rule) twice
        if (
            reply.text.startswith("文件没有规定")
            and question.topic is None
            and short_answers.already_answered(first.text.partition("\n")[0])
        ):
            # …个人那份也不扣了，这么弄合法吗: the first answer's 不是 (quoting the rule) already answers
            # whether it is allowed; "the documents say nothing of it" after it would contradict it
            continue
        stated = _line_naming_the_time(question.text, first.text)
        if stated is not None and reply.topic.split(":")[0] == first.topic.split(":")[0]:
            # 交了12年一个月多少，领到第13个月以后又是多少: the first answer's line on the 13th month, worked
            # out with the years told, rather than the table of every tier
            parts.append(f"关于“{question.text.strip('，,。')}”：\n{stated}")
            continue
        parts.append(f"关于“{question.text.strip('，,。')}”：\n{reply.text}")
    if len(parts) == 1:
        return (
            first  # 怎么算，还按原来的吗: one answer for both, and what it still asks (which employer type)
        )
    merged = Reply(
        "\n\n".join(parts),
        buttons=[],
        topic=first.topic,
        result=first.result,
        handoff=first.handoff or next((r.handoff for r in replies if r.handoff), None),
    )
    return merged


def _decisive(hits: list[Any], routed: Any, chain: set[str] | None) -> Any:
    """The article routed for a topic and aspect, unless another article of the place asked is a real match
    at least DECISIVE_FAQ_FACTOR times as strong (a question on 不再补发 that says 手续 reads as a procedure
    question, yet the article on 不再补发 is the one it is about)."""
    best = hits[0]
    if (
        best.article.id != routed.article.id
        and best.score >= CONFIDENT_FAQ_SCORE
        and best.score >= DECISIVE_FAQ_FACTOR * routed.score
        and (best.article.region in chain if chain is not None else best.article.region == "national")
    ):
        return best  # with no place named, only a national rule (another city's may not apply)
    return routed


def _following(index: Any, passage: Any) -> Any:
    """The passage after ``passage`` in the same document when ``passage`` ends by announcing it (：)."""
    if not passage.text.rstrip().endswith(("：", ":")):
        return None
    passages = index.passages
    position = next((i for i, p in enumerate(passages) if p is passage), None)
    if position is None or position + 1 >= len(passages):
        return None
    following = passages[position + 1]
    return following if following.document_id == passage.document_id else None


def _typed(turn: Turn, entity: dict[str, Any]) -> str:
    """An entity as the user wrote it (长春, not changchun)."""
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(turn.text):
        return turn.text[start:end]
    return str(entity.get("original") or entity.get("value"))


def _restated_later(turn: Turn, questions: list[SubQuestion]) -> bool:
    """The first question names no topic and tells nothing of its own (no place, number or written date),
    and the next asks for the same kind of answer about a topic, with the facts."""
    if len(questions) < 2 or questions[0].topic is not None or questions[1].topic is None:
        return False
    if questions[0].aspect != questions[1].aspect or out_of_scope_topic(questions[0].text) is not None:
        return False  # (交强险一年多少钱？另外北京失业金每个月发多少: a question of its own, out of scope)
    own = [
        e
        for e in turn.entities
        if _inside_question(e, questions[0])
        and not (e.get("entity") == "period" and not turn._year_written(e))
    ]
    return not own


def _difference_of_the_comparison(turn: Turn, questions: list[SubQuestion]) -> bool:
    """A second question that only asks the difference of the two places' (or years') figures the first
    question asks for."""
    if not _asks_only_the_difference(questions):
        return False
    # (…2019年1到4月跟2020年上半年好像不一样吧？缴费基数6000的话单位部分每月差多少: the base named is
    # what the difference is worked on, not a topic of its own)
    return _places_asked(turn) >= 2 or len(_years_written(turn)) >= 2


def _difference_from_the_told(turn: Turn, questions: list[SubQuestion]) -> bool:
    """A second question that only asks how the asker's own amount, told before, differs from the figure
    the first question asks for."""
    return (
        _asks_only_the_difference(questions)
        and questions[1].topic in (None, questions[0].topic)
        and turn.money is not None
        and not any(_inside_question(e, questions[1]) for e in turn.all("money"))
    )


def _asks_only_the_difference(questions: list[SubQuestion]) -> bool:
    """Two questions, the second asking a difference (差多少) of what the first asks, which does not."""
    return (
        len(questions) == 2
        and differences.difference_asked(questions[1].text)
        and not differences.difference_asked(questions[0].text)
    )


def _inside_question(entity: dict[str, Any], question: SubQuestion) -> bool:
    start = entity.get("start")
    return isinstance(start, int) and question.start <= int(start) < question.end


def _years_written(turn: Turn) -> set[str]:
    return {str(e.get("date_from", ""))[:4] for e in turn.all("period") if e.get("explicit_year")}


def _places_asked(turn: Turn) -> int:
    """How many different covered places the question asks about (an origin such as 湖北籍 is none; a
    province named beside one of its cities counts as that city)."""
    places = [
        e
        for e in turn.all("city")
        if e.get("covered") is not False and e.get("value") and not turn.is_origin(e) and not turn.dropped(e)
    ]
    # 长春…吉林省的平均工资: a province named beside one of its cities is that city's question
    cities_provinces = {e.get("province") for e in places if e.get("level") != "province"}
    return len(
        {
            e.get("value")
            for e in places
            if not (e.get("level") == "province" and e.get("province") in cities_provinces)
        }
    )


# 您好，我是… / 北京市人社局咨询： / 来函: how a greeting or a heading reads (a first piece naming an office,
# 朝阳区社保中心，电话多少, is the subject of the question after it, not background)
INTRODUCES = re.compile(r"^(?:您好|你好|老师好|领导好|请问一下)|我是|咨询[:：]|来函|来信|[:：]\s*$")
# a number asked for (not 哪个部门 alone: whom to report a layoff to is what an article says)
PHONE_ASKED = re.compile(r"电话|热线|号码|打哪|打什么|联系方式|拨打|怎么联系")
# a question mark or word: a first piece holding one is a question, not a greeting or heading
INTRO_ASKS = re.compile(
    r"[?？吗呢么]|哪|什么|怎么|怎样|如何|多少|几|是否|能否|可否|有没有|是不是|能不能|可不可以"
)
# 基数是不是有封顶 / 有没有上限 / 有保底吗: whether the base has a limit
LIMIT_ASKED = re.compile(r"封顶|封頂|上限|下限|保底|最高|最低|有顶|有个顶")


def intent_names_a_later_question(intent: str, questions: list[SubQuestion]) -> bool:
    """The first of several questions names its own topic and not the message's intent, which a later
    question names, or none does (the classifier read the message as a whole)."""
    first = questions[0]
    if (
        intent == "ask_unemployment_subsidy"
        and first.topic == "ask_unemployment_benefit"
        and A.benefit_ran_out(first.text)
    ):
        return False  # 失业金领完了…还能接着领点钱: the benefit named ran out; the subsidy is asked
    if len(questions) < 2 or not first.topic or first.topic not in TOPIC_NAMES:
        return False
    if intent == "ask_policy_faq":
        return False  # a general question: its articles are found by the text, not by the topic words
    if intent in topics_in(first.text):
        return False
    if (
        intent == "ask_contribution"
        and first.topic in ("ask_contribution_base", "ask_base_limits")
        and PAYMENT_ASKED.search(first.text)
    ):
        return False  # 每人基数4500，单位每人交多少: the payment on the base told, not the base
    later = [topic for question in questions[1:] for topic in topics_in(question.text)]
    return intent in later or intent not in topics_in(" ".join(q.text for q in questions))


def _asks_another_benefit(text: str) -> bool:
    """The clause that asks is about another benefit than the one named (还有别的能领吗), and the message
    names no other benefit itself (失业补助金 asked beside it is answered as named)."""
    clauses, asking = A.asking_clause(text)
    if asking is None or not A.ANOTHER_BENEFIT.search(clauses[asking]):
        return False
    return not any(word in text for word in ("失业补助金", "补助金", "生活补助", "稳岗", "技能提升"))


# what a procedure question may ask for by name (the form, the window, the papers): an article naming each
# of them answers it
PROCEDURE_NOUNS = ("表", "窗口", "材料", "手续", "平台")


# 跟失业金比 / 和失业保险金相比: a thing named only as what the question's subject is compared with
COMPARED_WITH = re.compile(r"(?:跟|和|与|同)[^，,。？?]{1,8}?(?:比|相比|比较|比起来)")


def _asked_topic_words(topic: ScopeTopic, text: str) -> list[str]:
    """The topic's words in the clauses that ask (生育津贴是单位去申请还是个人去 after 她单位给交着生育保险:
    the allowance is asked, the insurance only told)."""
    asked = "，".join(A.asking_clauses(text))
    found = [word for word in topic.words if not wordmatch.is_pattern(word) and word in asked]
    told = [word for word in topic.words if not wordmatch.is_pattern(word) and word in text]
    if not found and len(told) > 1:
        # 天津 生育保险 产检费 能报多少: the clause that asks names none of them; the word nearest to it
        # (产检) is what is asked, the one before it (生育保险) what it belongs to
        found = [max(told, key=text.rfind)]
    return found


def asked_questions(turn: Turn) -> list[SubQuestion]:
    """The message's questions with the aspect the trained classifier read (parse_data), when the NLU split
    them the same way; the word lists' reading otherwise (a turn built without Rasa)."""
    questions = split_questions(turn.text)
    if len(turn.asked) != len(questions):
        return questions
    return [
        dataclasses.replace(q, aspect=str(a["aspect"])) if _takes_model_aspect(q, a.get("aspect")) else q
        for q, a in zip(questions, turn.asked, strict=True)
    ]


def _takes_model_aspect(question: SubQuestion, aspect: Any) -> bool:
    """The model's aspect replaces the word lists' — except a procedure reading of a question with no
    procedure word at all (我是灵活就业，想自己交社保怎么交: how much and which tier, which the topic's answer
    and questionnaire give, not an article on where to go)."""
    if aspect not in A.ASPECTS:
        return False
    if question.aspect == A.LEGALITY:
        return False  # 合法吗 / 违法 leave no doubt: 按最低基数给我交社保合法吗 asks no amount
    decisive = A.vocabulary().raw.get("decisive_aspect_words") or {}
    if aspect in (A.CONDITIONS, A.ELIGIBILITY, A.AMOUNT) and any(
        str(word) in question.text for word in decisive.get(question.aspect) or ()
    ):
        return False  # 审批流程是怎样的 asks the procedure, whatever the classifier read
    if aspect in TIME_ASPECTS and question.aspect == A.ELIGIBILITY and not _asks_time(question.text):
        return False  # 社保交了三年多，这种情况能去领失业金不: a time told, none asked — a yes or no
    return not (aspect == A.PROCEDURE and question.aspect is None)


TIME_ASPECTS = (A.DURATION, A.DEADLINE)


def _asks_time(text: str) -> bool:
    """The question has a word that asks how long or until when (the word lists of those aspects)."""
    return any(
        A._contains(text, word)
        for rule in A.vocabulary().aspect_rules
        if rule.aspect in TIME_ASPECTS
        for word in rule.words
    )


def _outside_what_is_allowed(reply: Reply) -> str | None:
    """按两万的基数交可以吗: the value asked about is outside what the rule allows (the calculator says
    invalid), so 不能, whatever aspect the question was read as."""
    result = reply.result
    if result is not None and result.status == INVALID and reply.pending is None:
        return "不能。"
    return None


# topics whose figures are looked up, never computed from an amount the user gives (a wage is echoed back
# by the contribution calculators and must not be "confirmed")
LOOKUP_TOPICS = frozenset(
    {
        "ask_base_limits",
        "ask_average_wage",
        "ask_contribution_rate",
        "ask_late_fee",
        "ask_unemployment_subsidy",
        "ask_migrant_subsidy",
    }
)


def _figure_confirmed(reply: Reply, turn: Turn) -> str | None:
    """还维持在4927吗: the amount the question names is one of the answer's figures, so 是, with it."""
    result = reply.result
    if result is None or result.status != OK or reply.pending is not None or reply.topic not in LOOKUP_TOPICS:
        return None
    asked = turn.amounts()
    rates = {f"{m}%" for m in PERCENT_ASKED.findall(turn.text)} if yes_no_form(turn.text) else set()
    for figure in result.figures.values():
        if figure.unit != "ratio" and to_number(figure.value) in asked:
            return f"是，{figure.label}为{figure.text}。"
        if figure.unit == "ratio" and figure.text in rates:  # 是不是统一按0.8%交
            return f"是，{figure.label}为{figure.text}。"
    return None


PERCENT_ASKED = re.compile(r"(\d+(?:\.\d+)?)%")
PERMISSION_ASKED = re.compile(r"能不能|可不可以|可以不可以|能否|可否|行不行|可以吗|能吗|行吗")


def _value_allowed(reply: Reply, turn: Turn) -> str | None:
    """能不能直接选最高那个18969当缴费基数: the calculator took the value the question names (an invalid one
    gives 不能, _outside_what_is_allowed), so 可以, with the figure it was taken as."""
    result = reply.result
    if result is None or result.status != OK or reply.pending is not None:
        return None
    if not PERMISSION_ASKED.search(turn.text):
        return None
    asked = turn.amounts()
    for figure in result.figures.values():
        if figure.unit != "ratio" and asked and to_number(figure.value) in asked and "所选" in figure.label:
            return f"可以，{figure.label}为{figure.text}。"
    return None


# 第13个月开始是不是还按1870发: the time the question names, as the answer's line states it
NAMED_TIME = re.compile(r"第\d+个?(?:月|年)")
AMOUNT_STATED = re.compile(r"(\d+(?:\.\d+)?)元")


def _named_times(text: str) -> set[str]:
    """The times a question names, a year also as the month the calculator reads it as (领到第2年 is the
    24th month: 您问的是第24个月)."""
    times = set(NAMED_TIME.findall(text))
    for time in list(times):
        year = re.fullmatch(r"第(\d+)个?年", time)
        if year:
            times.add(f"第{12 * int(year.group(1))}个月")
    return times


def _figure_denied(reply: Reply, turn: Turn) -> str | None:
    """第13个月开始是不是还按1870发 → 不是: a line of the answer names the same time (第13个月) with another
    amount than the one the question states."""
    if not yes_no_form(turn.text) or not CONFIRMATION_ASKED.search(turn.text):
        return None
    asked = set(turn.amounts())
    times = _named_times(turn.text)
    if not asked or not times or any(words.search(turn.text) for words in CHANGE_ASKED.values()):
        return None  # 第13个月就降了 asks whether it goes down: _change_at_time
    for line in reply.text.split("文件原文", 1)[0].splitlines():
        stated = line.strip().lstrip("•·- ").strip()
        amounts = {to_number(a) for a in AMOUNT_STATED.findall(stated)}
        if set(NAMED_TIME.findall(stated)) & times and amounts and not amounts & asked:
            return f"不是，{stated}。".replace("。。", "。")
    return None


# 是这个数吗 / 是这么多吗 / 这个数对吗: a figure the asker was told, to confirm
AMOUNT_BELIEF_ASKED = re.compile(r"是这个数|是这么多|这个数对|这个数没错|是这个标准|是这个钱")


CLAUSE_CUT = re.compile(r"[，,。；;？?！!]")
BELIEF_CLAUSE = re.compile(r"每个?月|一个月|月标准|失业金|失业保险金|补助金?|返还?|能领|能拿|能返")
NOT_A_BELIEF = re.compile(r"工资|薪|基数|收入")  # 我工资8000元，是不是能领: a fact of the case, not a belief


def _believed_amounts(text: str) -> set[float]:
    """The amounts (…元) of the clause that asks for confirmation or of the clause just before it, when
    that clause speaks of the benefit (每个月的失业金是1870元，是这个数吗), not of a wage."""
    clauses = [c for c in CLAUSE_CUT.split(text) if c.strip()]
    for k, clause in enumerate(clauses):
        if AMOUNT_BELIEF_ASKED.search(clause) or CONFIRMATION_ASKED.search(clause):
            for told in (clause, clauses[k - 1] if k else ""):
                amounts = {float(a) for a in AMOUNT_STATED.findall(told)}
                if amounts and BELIEF_CLAUSE.search(told) and not NOT_A_BELIEF.search(told):
                    return amounts
    return set()


def _amount_believed(reply: Reply, turn: Turn) -> str | None:
    """同事说我每个月的失业金是1870元，是这个数吗: the amount the calculator worked out from the facts told
    (16年 → 1897元) against the one the asker was told — 是 or 不是, with it."""
    result = reply.result
    if result is None:
        return None
    names = AMOUNT_FIGURES.get(reply.topic.split(":")[0], ())
    figure = next((result.figures[n] for n in names if n in result.figures), None)
    asked = _believed_amounts(turn.text)
    value = to_number(figure.value) if figure is not None else None
    if figure is None or value is None or not asked or NAMED_TIME.search(turn.text):
        return None  # 第13个月开始还按1870发吗: the month named decides (_figure_denied)
    if value in asked:
        return f"是，{figure.label}为{figure.text}。"
    return f"不是，按您说的情况{figure.label}为{figure.text}。"


def _change_at_time(reply: Reply, turn: Turn) -> str | None:
    """现在每月1897，领到第13个月就降了，是真的吗: the answer's line for the time the question names
    (第13个月) against the amount it states: lower is 是 to 降 (higher 不是), higher is 是 to 涨."""
    if not yes_no_form(turn.text) or not CONFIRMATION_ASKED.search(turn.text):
        return None
    asked = set(turn.amounts())
    times = set(NAMED_TIME.findall(turn.text))
    ways = [way for way, words in CHANGE_ASKED.items() if words.search(turn.text)]
    if not asked or not times or len(ways) != 1:
        return None
    before = max(asked)
    for line in reply.text.split("文件原文", 1)[0].splitlines():
        stated = line.strip().lstrip("•·- ").strip()
        amounts = {n for a in AMOUNT_STATED.findall(stated) if (n := to_number(a)) is not None}
        if not set(NAMED_TIME.findall(stated)) & times or not amounts or amounts & asked:
            continue
        lower, higher = all(a < before for a in amounts), all(a > before for a in amounts)
        if lower or higher:
            answer = "是" if (ways[0] == "down") == lower else "不是"
            return f"{answer}，{stated}。".replace("。。", "。")
    return None


# 是不是降了 / 有没有往上调: a question whether a figure changed, and the words an answer says it with
CHANGE_ASKED = {
    "down": re.compile(r"(?:降|下调|调低)"),
    "up": re.compile(r"(?:涨|上调|调高|提高|往上调)"),
}
CHANGE_STATED = {
    "down": re.compile(r"下调|降低|降至|降为|减半|免征|阶段性降低"),
    "up": re.compile(r"上调|提高|增加|调高|涨"),
    "same": re.compile(r"继续执行|不调整|维持|保持不变|仍按|延续"),
}


def _change_confirmed(reply: Reply, turn: Turn) -> str | None:
    """北京工伤保险费率是不是降了 / 天津最低基数是不是又往上调了: the calculator's own line that says the
    figure went that way (是), or that it stayed (不是), first."""
    result = reply.result
    if result is None or result.status != OK or reply.pending is not None or not yes_no_form(turn.text):
        return None
    asked = [way for way, words in CHANGE_ASKED.items() if words.search(turn.text)]
    if len(asked) != 1:
        return None
    for line in reply.text.split("依据：", 1)[0].splitlines():
        stated = line.strip().lstrip("•·- ").strip()
        if CHANGE_STATED[asked[0]].search(stated):
            return f"是，{stated.replace('：', '')}。".replace("。。", "。")
        if CHANGE_STATED["same"].search(stated):
            return f"不是，{stated}。".replace("。。", "。")
    return None


# a figure a question states to have it confirmed (按上个月的110% / 延长到2021年4月底 / 1816元), read like
# the documents write it: 4月底 is 4月30日
STATED_FIGURE = re.compile(
    r"\d+(?:\.\d+)?%|百分之\d+(?:\.\d+)?|\d+(?:\.\d+)?元|(?:\d{4}年)?\d{1,2}月(?:底|末|\d{1,2}日)|\d+个月|\d+(?:个工作日|日|天)内?"
)
DOCUMENTS_YEAR = 2020
CONFIRMATION_ASKED = re.compile(r"真的|对吗|对不对|没错吧|是这样|是不是|是吗")
NEGATED_BEFORE = re.compile(r"(?:不|未|没有|非)[^，。；]{0,4}$")


def _figure_forms(figure: str) -> set[str]:
    """The ways a document may write a figure: 2021年4月底 → 2021年4月30日 too; 15天 → 15日."""
    forms = {figure, figure.replace("天", "日")}
    if figure.startswith("百分之"):  # 百分之一百一十 (normalised 百分之110) is written 110%
        forms.add(figure.removeprefix("百分之") + "%")
    month_end = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(?:底|末)", figure)
    if month_end:
        # a month named without its year: the documents' (2020, a leap year: 2月底 is 2月29日)
        year, month = int(month_end.group(1) or DOCUMENTS_YEAR), int(month_end.group(2))
        if 1 <= month <= 12:
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            forms.add(f"{month_end.group(1) + '年' if month_end.group(1) else ''}{month}月{last}日")
    return forms


def _answer_sentences(reply: Reply) -> list[str]:
    """The sentences of a reply's answer: before its citation (依据：), without its 【title】."""
    body = reply.text.split("依据：", 1)[0]
    return [s for s in re.split(r"(?<=[。；\n])", body) if s.strip() and not s.lstrip().startswith("【")]


def _percent_against_stated_range(reply: Reply, turn: Turn) -> str | None:
    """北京公积金比例能交到15%吗: the percentage asked against the range the answer's own sentence states
    (可在5%至12%范围内自主确定): outside it is 不能, inside it 可以 — with that sentence."""
    if not yes_no_form(turn.text):
        return None
    asked = [Decimal(p) for p in PERCENT_TOLD.findall(turn.text)]
    if len(asked) != 1:
        return None
    outside = None
    for sentence in _answer_sentences(reply):
        said = sentence.strip().rstrip("。；\n")
        for low, high in PERCENT_RANGE.findall(sentence):
            if Decimal(low) <= asked[0] <= Decimal(high):
                # 降到3%: within the 1%-4% a hardship allows, though not the 5%-12% of the rule
                return f"可以，{said}。"
            outside = outside or f"不能，{said}。"
    return outside


PERCENT_RANGE = re.compile(r"(\d+(?:\.\d+)?)%\s*(?:至|到|-|—|～|~)\s*(\d+(?:\.\d+)?)%")


def _article_confirms(reply: Reply, turn: Turn) -> str | None:
    """听说没报会按上个月的110%核定，是真的吗 / 是不是延长到2021年4月底啦: an article (or a quoted passage)
    whose own sentence states the figure the question wants confirmed: 是, with that sentence."""
    if not reply.topic.startswith(("faq:", "passage:")) or not CONFIRMATION_ASKED.search(turn.text):
        return None
    stated = STATED_FIGURE.findall(turn.text)
    if not stated:
        return None
    for figure in stated:
        for sentence in _answer_sentences(reply):
            for form in _figure_forms(figure):
                at = sentence.find(form)
                if at >= 0 and not NEGATED_BEFORE.search(sentence[:at]):
                    said = sentence.strip().rstrip("。；\n")
                    return f"是，{said}。"
    return None


# 是不是按2019年的全省平均工资来选档次: a belief about the year whose figure a base or tier is read from
BASIS_BELIEVED = re.compile(r"是不是按照?(\d{4})年度?的?[^，。？?]{0,8}?(平均工资|社平工资|缴费基数|基数)")


def _basis_confirmed(reply: Reply, turn: Turn) -> str | None:
    """长春…下半年才去缴费，那是不是按2019年的全省平均工资来选档次: the answer's own line reading the
    base from that year's figure (下半年缴费的，按2019年全省全口径平均工资选择档次) confirms it — 是, with
    the line; a line about the other half of the year does not."""
    asked = BASIS_BELIEVED.search(turn.text)
    if asked is None:
        return None
    year, figure = asked.group(1), asked.group(2).removeprefix("社平")
    for sentence in _answer_sentences(reply):
        line = sentence.strip().lstrip("·•✔ ").rstrip("。；\n")
        at = line.find(f"按{year}年")
        if at < 0 or figure not in line[at:] or NEGATED_BEFORE.search(line[:at]):
            continue
        halves = [h for h in ("上半年", "下半年") if h in line]
        if halves and not any(h in turn.text for h in halves):
            continue  # 上半年缴费的，按2018年…: another half of the year than the one asked about
        return f"是，{line}。"
    return None


FEE_WAIVED = re.compile(r"(?:免收|不收取|不收|不加收|免予加收|免交)滞纳金")
FEE_AVOIDED_ASKED = re.compile(r"(?:不交|不收|不用交|不用缴|不缴|免|不算|不加)[^，。？?]{0,4}滞纳金")


def _article_waives_late_fee(reply: Reply, turn: Turn) -> str | None:
    """缓交的话后面补的时候要不要算滞纳金 / 现在补办可以不交滞纳金吗: an article whose sentence waives the
    late fee answers it — 不用 (or 可以, when the question asks whether it may go without), with that
    sentence."""
    if not reply.topic.startswith("faq:") or "滞纳金" not in turn.text or not yes_no_form(turn.text):
        return None
    sentence = next((s for s in _answer_sentences(reply) if FEE_WAIVED.search(s)), None)
    if sentence is None:
        return None
    verdict = "可以" if FEE_AVOIDED_ASKED.search(turn.text) else "不用"
    return f"{verdict}，{sentence.strip().rstrip('。；')}。"


LISTED_AT_LEAST = 3  # countries an answer names for it to be a list of them


def _country_not_listed(reply: Reply, turn: Turn) -> str | None:
    """美国籍员工能按两国社保协定免缴吗: an article listing the countries a rule covers (德国、韩国…)
    that does not name the country asked about — 不能, with the list."""
    if not reply.topic.startswith("faq:") or not yes_no_form(turn.text):
        return None
    countries = [str(c) for c in A.vocabulary().raw.get("countries") or ()]
    body = "\n".join(_answer_sentences(reply))
    listed = [c for c in countries if c in body]
    asked = [c for c in countries if c in turn.text and c not in listed]
    if len(listed) < LISTED_AT_LEAST or not asked:
        return None
    return f"不能，文件列出的是{'、'.join(listed)}，没有{'、'.join(asked)}。"


def _country_listed(reply: Reply, turn: Turn) -> str | None:
    """韩国籍员工在我们这儿还要交社保吗: the country asked is on the article's list (德国、韩国…) — the rule
    applies on the conditions the article's next sentence sets (a certificate within 3 months, only the
    insurances the agreement names): 视情况, with that sentence."""
    if not reply.topic.startswith("faq:") or not yes_no_form(turn.text):
        return None
    countries = [str(c) for c in A.vocabulary().raw.get("countries") or ()]
    sentences = _answer_sentences(reply)
    for position, sentence in enumerate(sentences[:-1]):
        listed = [c for c in countries if c in sentence]
        asked = [c for c in listed if c in turn.text]
        if len(listed) >= LISTED_AT_LEAST and asked:
            # the sentence after the list, to its full stop (…可按协议免除…；协议之外的险种仍应按规定缴费。)
            rest = "".join(sentences[position + 1 :]).split("\n", 1)[0]
            condition = rest.split("。", 1)[0].strip()
            return f"视情况：{'、'.join(asked)}在文件列出的国家之列，{condition}。"
    return None


def _article_answer_first(reply: Reply) -> str:
    """An article whose answer opens with 不能 / 可以 under its title: that line first, then the title
    (【…能补发吗？】 ⏎ 不能。… → 不能。… ⏎ 【…】), so a yes/no question reads its answer first."""
    from bot.answers.short_answers import already_answered

    if not reply.topic.startswith("faq:"):
        return reply.text
    lines = reply.text.split("\n")
    if len(lines) > 1 and lines[0].startswith("【") and already_answered(lines[1]):
        return "\n".join([lines[1], lines[0], *lines[2:]])
    return reply.text


VERDICT = re.compile(r"(不能|不可以|不用|不需要|可以|能|要|不是|是)[，,。]")


def _without_verdict(first: str, text: str) -> str:
    """``text`` without the 不能， / 可以， … opening it when ``first`` opens with a verdict: the same one is
    said once; another one (可以 by the rule, 不能 as of today: the rule's period has ended) is a note on
    it, not a second answer."""
    if VERDICT.match(first) is None and not first.startswith("视情况"):
        return text  # 视情况 (the documents' rule has an exception the calculator does not weigh) leads too
    if first.startswith(("不能", "不可以", "不是")) and text.startswith("视情况"):
        # 领着失业金呢，能不能再申请失业补助金 → 不能 (the documents' rule): the calculator's 视情况, which
        # read no fact deciding it, is no second answer
        return text.split("\n", 1)[1] if "\n" in text else ""
    second = VERDICT.match(text)
    if second is None:
        return text
    rest = text[second.end() :].lstrip()
    return rest if first.startswith(second.group(1)) else f"注意：{rest}"


def yes_no_form(text: str) -> bool:
    """A question answered by yes or no: …吗 / …不 / …吧, 能不能 / 要不要 (A-not-A), 是否 / 能否 — its
    asking clause is the last one that asks (还免么，会计说下半年就恢复交了: what is told after it is not)."""
    if _yes_no_ending(text):
        return True
    clauses, asking = A.asking_clause(text)
    last = asking or 0  # no clause asks: the first one is the question
    return last < len(clauses) - 1 and _yes_no_ending("，".join(clauses[: last + 1]))


def _yes_no_ending(text: str) -> bool:
    stripped = re.sub(r"[啊呀哈啦呢哦嘞?？!！。~～\s]+$", "", text.strip())
    return (
        bool(re.search(r"(吗|么|不|没|吧|否)$", stripped))
        or bool(re.search(r"(\w)[不没]\1", text))
        or any(w in text for w in ("可不可以", "是否", "能否", "可否", "需不需要", "真的假的", "是真的"))
    )


def _day(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _month_or_day(date: dt.date) -> str:
    """2019年12月 for the first of a month, else the day."""
    return f"{date.year}年{date.month}月" if date.day == 1 else _day(date)


def _period_span(start: dt.date, end: dt.date) -> str:
    """2020年5月至12月 for whole months (the documents' way of saying it), else the days."""
    whole = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if not whole:
        return f"{_day(start)}至{_day(end)}"
    tail = f"{end.month}月" if end.year == start.year else f"{end.year}年{end.month}月"
    return f"{start.year}年{start.month}月至{tail}"


def _time_left(years: float) -> str:
    """您还有1.5年, or 您距退休不到2年 for a length told as an upper bound (不到两年 is read as 1.99)."""
    if round(years * 100) % 100 == 99:
        return f"您距法定退休年龄不到{_amount(round(years + 0.01))}年"
    return f"您还有{_amount(years)}年"


def _amount(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# 还用交吗 / 用不用交 / 还要交吗: a reduction question asked as whether the employer must still pay
MUST_STILL_PAY = re.compile(r"还(?:用|要|得|需要)(?:交|缴)|(?:用不用|要不要|需不需要)(?:交|缴)|还得(?:交|缴)")


# 是减半还是全免 / 免征还是减半: a choice between the two reductions, answered by the one that applies
REDUCTION_CHOICE = re.compile(r"(?:减半|免征|全免|免交).{0,4}还是.{0,4}(?:减半|免征|全免|免交)")


# 就不减半了 / 要按全额交 / 不再免了: the asker believes the reduction has stopped
NO_REDUCTION_CLAIMED = re.compile(
    r"不(?:再)?(?:减半|减免|免征|免)了|(?:按|要交|得交)全额|全额(?:交|缴)|恢复(?:全额|原价|原来的)"
)
# 到2020年6月底就结束了 / 6月底截止: an end the asker believes a rule has
END_CLAIMED = re.compile(
    r"到(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)?(?:就|便|才)?(?:结束|截止|到期|停|没了|为止|不免|不减)"
)


def _end_claimed(question: str) -> dt.date | None:
    """The last day of the month a question says a rule ends in (its year, else the documents')."""
    match = END_CLAIMED.search(question)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    year, month = int(match.group(1) or DOCUMENTS_YEAR), int(match.group(2))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _reduction_yes_no(result: Any, question: str) -> str | None:
    """是 / 不是 for a reduction question, from the shares found (and the share asked, 减半/免)."""
    shares = [f.value for k, f in result.figures.items() if k.endswith("_share") and f.unit == "ratio"]
    if not shares:
        # 事业单位也能享受减免吗: no share for a type the documents leave out, only the line saying so
        excluded = next((step for step in result.steps if "不在阶段性减免范围" in step), None)
        if excluded is None:
            return None
        verdict = "要交" if MUST_STILL_PAY.search(question) else "不能"
        return f"{verdict}，{excluded.rstrip('。')}（单位缴费照常缴纳）。"

    actual = max(float(s) for s in shares)
    asked = (
        0.0  # 从5月开始就不减半了，要按全额交，是这样吧: the claim that the reduction has stopped
        if NO_REDUCTION_CLAIMED.search(question)
        else 0.5
        if "减半" in question
        else 1.0
        if any(w in question for w in ("免征", "全免", "免了", "不用交", "免交"))
        else None
    )
    wording = {1.0: "免征", 0.5: "减半征收"}.get(actual, f"减免{actual:.0%}")
    ended = _end_claimed(question)
    if ended is not None and actual > 0 and result.period_to is not None and ended < result.period_to:
        # 免征到2020年6月底就结束了，没错吧: the rule's period found runs past the end the asker believes (the
        # period of one document's figures: the months the reduction ran follow, Composer.reduction_until)
        return f"不是，{_day(ended)}以后单位缴费仍{wording}（职工个人缴费照常缴纳）。"
    if REDUCTION_CHOICE.search(question) and actual in (1.0, 0.5):
        chosen = "全免" if actual == 1.0 else "减半"
        return f"是{chosen}：按文件规定单位缴费{wording}（职工个人缴费照常缴纳）。"
    if MUST_STILL_PAY.search(question):
        # 单位那块还用交吗: whether the employer must still pay — 不用 when exempt, not 是
        if actual == 1.0:
            return f"不用，按文件规定单位缴费{wording}（职工个人缴费照常缴纳）。"
        if actual > 0:
            return f"要交，但按文件规定单位缴费{wording}（职工个人缴费照常缴纳）。"
    if actual == 0:
        # the step that says why (…减半征收政策执行至2020年6月30日，2020年8月1日已不在减免期内): the end of
        # the reduction the question hopes still runs, said once for all the insurances it shares
        why = [
            m.groups()
            for step in result.steps
            if (m := re.match(r"(.+?)的(阶段性.+?政策(?:执行至|自)(\d+)年(\d+)月(\d+)日(.*))$", step))
        ]
        if why and len({w[1] for w in why}) == 1:
            insurances, rule, year, month, day, _ = why[0][0], *why[0][1:]
            if len(why) > 1:
                insurances = "、".join(w[0] for w in why)
            end = dt.date(int(year), int(month), int(day))
            if "执行至" in rule and (end + dt.timedelta(days=1)).day == 1:  # the documents' "6月底"
                rule = rule.replace(f"{year}年{month}月{day}日", f"{year}年{month}月底", 1)
            verdict = "要交" if MUST_STILL_PAY.search(question) else "不能"
            return f"{verdict}，{insurances}单位缴费的{rule}（单位缴费照常缴纳）。"
        verdict = "要交" if MUST_STILL_PAY.search(question) else "不能"
        if "机关事业单位不在阶段性减免范围内" in result.steps:  # 事业单位能享受减免不: never in it
            return f"{verdict}，机关事业单位不在减免范围（单位缴费照常缴纳）。"
        return f"{verdict}，按文件规定不在减免范围或已不在减免期内（单位缴费照常缴纳）。"
    if asked is not None and asked != actual:
        return f"不是，按文件规定是{wording}。"
    return f"是，按文件规定单位缴费{wording}（职工个人缴费照常缴纳）。"


def is_not_covered(reply: Reply) -> bool:
    """A reply that says the data does not cover the question: it ends there (no questionnaire)."""
    return reply.topic.startswith(("not_covered", "out_of_scope")) or (
        reply.result is not None and reply.result.status == NOT_COVERED
    )
