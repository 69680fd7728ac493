"""The dialogue planner: given one turn and the conversation state, decide what to do.

Every route the assistant takes for a user message is decided here, in pure Python (the tests run it
without Rasa): answer the question (aspect first, ``bot.answers.composer``), ask for a missing value and
resume when it comes, re-answer the last question with one value changed (那北京呢), keep the last
question when a follow-up is read under a topic its answer covers or an unsure reading names no topic
(那医疗保险的基数呢 after a 灵活就业 answer), start a questionnaire
for a personal question with facts missing, redo a questionnaire's verdict with a changed value, answer a
question asked in the middle of a questionnaire, and the replies to values, fallbacks and off-topic
messages. The Rasa actions (``actions/``) only read the tracker into a ``Turn`` and a
``ConversationState``, call one method here and apply the ``Plan``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from bot.answers import aspects, short_answers
from bot.answers.aspects import asking_clauses, asks_question, benefit_ran_out, topic_of, topics_in
from bot.answers.composer import (
    TOPIC_NAMES,
    Composer,
    amount_first,
    asked_questions,
    intent_names_a_later_question,
    is_not_covered,
    time_first,
    yes_no_form,
)
from bot.answers.computations import PER_PERSON
from bot.answers.contribution import DEFERRAL_WORDS, SAVING_WORDS
from bot.answers.employer import enterprise_size, span_months
from bot.answers.reply import Reply
from bot.answers.scope import NEIGHBOUR, out_of_scope_topic, social_insurance_word
from bot.answers.service import Answerer, merged_with_pending
from bot.answers.turn import PAY_ASKED, Turn, shift_entities, value_kind, without_position
from bot.calc.result import NOT_COVERED, OK, Result
from bot.dialogue.plan import Plan, QuestionnaireStart
from bot.dialogue.registry import CONTINUED_INTENTS, FOLLOW_UP_INTENTS, QUESTION_INTENTS
from bot.dialogue.state import ConversationState, LastAnswer, PendingQuestion
from bot.questionnaires.definitions import BY_INTENT as FORM_FOR_INTENT
from bot.questionnaires.definitions import QUESTIONNAIRES
from bot.questionnaires.verdicts import Questionnaires

# a message read as a bare value that asks a question goes to the question intent ranked next when the
# classifier gave it at least this (on the 19 inform examples of tests/nlu_heldout.yml the best question
# intent reaches 0.20 at most, and none of them asks a question)
RUNNER_UP_MIN_CONFIDENCE = 0.25
MISREAD_MIN_CHARS = 8  # 为什么 / 取消吧 / 重新来 are control words; a longer question is a question
# 失业了能领点啥 not understood: a question this long that names a topic is that topic's question
NAMED_TOPIC_MIN_CHARS = 6
CONTINUATION_MAX_CHARS = 16  # 折合每个月呢 / 那个人那部分呢: longer messages are questions of their own
# …unless the last answer covers what it asks (那以后补的话，基数咋定，能自己选吗 after a deferral answer)
FOUND_CONTINUATION_MAX_CHARS = 30
# below this the classifier's topic is a guess: a short message whose words name no topic goes on with
# the last question (国家财政补助每人多少 after the residents' medical insurance answer)
UNSURE_CONFIDENCE = 0.5
# facts told after a question (韩国人，在长春上班，韩国那边有保险), or a message not understood after one
# that waits for a value or after facts: longer messages are questions of their own
FACTS_MAX_CHARS = 40
# 过了截止日期没报会怎么样 / 没按时报咋办: what follows from not doing what the last answer said — a question
# that only makes sense about the rule just answered
CONSEQUENCE = re.compile(
    r"(?:会|将)(?:怎么样|怎样|如何)|(?:怎么办|咋办|咋整)$|有(?:什么|啥)后果|会不会(?:被)?(?:罚|处理)"
)
# 下半年才交的话，… / 补的时候… / 要交够多久才能申请: a condition put to the last question
CONDITIONAL = ("的话", "的时候", "才能申请", "才能领", "才可以申请", "才可以领")
# 每个月能拿多少 / 能领多少钱: what one receives — a benefit's amount, never a contribution read from 交了两年
RECEIVING = re.compile(r"(?:拿|领|发|给)(?:到|了)?(?:多少|几个钱|几块钱)")
# 补 / 欠 / 缓 / 领: what one does with contributions and benefits — a follow-up read as out of scope that
# uses one of them can still be about the last answer
CONTRIBUTION_VERBS = re.compile(r"[交缴补欠缓减免领退拿发]|申请|办理|基数|费率|比例|标准|政策|执行|规定|文件")
DOCUMENT_WORDS = re.compile(r"文件|原文|通知|政策|规定|号文")  # a question about what the documents say
FORM_ASPECTS = (None, aspects.AMOUNT, aspects.ELIGIBILITY)  # what a questionnaire answers
# 你好，我想咨询一下自己交社保的事情: a subject announced, nothing asked yet — no calculator starts on a
# subject as wide as social insurance or paying into it (VAGUE_SUBJECTS: the topics its words may name)
VAGUE_SUBJECTS = (None, "ask_policy_faq", "ask_contribution")
ANNOUNCES_A_SUBJECT = re.compile(
    r"(?:咨询|问问|问一下|问下|了解|打听)(?:一下|下)?(?P<subject>[^，,。？?]{0,16}?)"
    r"(?:的事情|的事儿|的事|的问题|方面|这块|这一块)[。.!！]*$"
)
GENERAL = "ask_policy_faq"
# the figures of the contribution rules a city's data holds (Planner._national_article_for_a_citys_figure)
FIGURE_TOPICS = ("ask_base_limits", "ask_contribution_base", "ask_contribution_rate", "ask_average_wage")
# the topic a questionnaire asks about (the first intent that starts it)
INTENT_FOR_FORM = {form: intent for intent, form in reversed(list(FORM_FOR_INTENT.items()))}
EMPLOYEES = ("职工", "员工", "上班族", "在职人员")  # 单位职工 / 企业员工: a person of no lexicon type


COMMAS = re.compile(r"[，,、]")


class Planner:
    def __init__(self, answerer: Answerer, composer: Composer | None = None):
        self.answerer = answerer
        self.questionnaires = Questionnaires(answerer)
        self.composer = composer or Composer(answerer)

    # -- a question under a topic intent -----------------------------------------------------------
    def question(
        self, intent: str, turn: Turn, state: ConversationState, confidence: float | None = None
    ) -> Plan:
        """Answer a message the NLU read under ``intent`` (``confidence``: the classifier's, when known)."""
        intent, turn = _as_employer(intent, turn)
        intent = _migrant_allowance_unnamed(intent, turn, state)
        if intent in CONTRIBUTION_TOPICS and RESIDENT_SCHEME.search(turn.text):
            # 居民医保个人一年交多少: the residents' medical scheme, which no contribution calculator
            # (employees' and flexible workers' insurance) covers — the general route finds what the
            # documents say of it
            intent = GENERAL
        if intent in (GENERAL, BENEFIT) and _extension_asked(turn):
            # 离退休还差一年半，能续发吗: the place's rule on the extension decides it (the benefit named, so
            # that no passage on 续发 stands in for the rule)
            intent = BENEFIT
            if not BENEFIT_NAMED.search(turn.text):
                turn = _with_topic_named(turn, BENEFIT)
        read_as, intent = intent, _benefit_kept(_topic_named(intent, turn), turn, state)
        intent = _flexible_tiers(intent, turn)
        intent = _after_the_benefit(intent, turn, state)
        intent = _rate_shares_asked(intent, turn, state)
        intent = _late_fee_of_a_deferral(intent, turn)
        intent = _employers_total_base(intent, turn)
        intent = _late_fee_set_aside(intent, turn)
        intent = _subsidy_after_the_benefit(intent, turn)
        intent = _payment_on_a_base_told(intent, turn)
        intent = _limits_asked_in_general(intent, turn)
        intent = _reduced_contribution_asked(intent, turn)
        intent = _saving_asked(intent, turn)
        intent = self._per_person_figure_named(intent, turn)
        # the rules start the questionnaire of the intent the NLU read: another topic's is not started
        can_start_form = intent in FORM_FOR_INTENT and FORM_FOR_INTENT[intent] == FORM_FOR_INTENT.get(read_as)
        turn = _with_facts_told(turn, state)
        turn = _facts_for_another_benefit(intent, turn, state)
        if state.last is not None and state.last.intent is None and state.last.form is None:
            state = dataclasses.replace(state, last=None)  # the facts are in the turn now
        if state.active_form:  # a question in the middle of a questionnaire: answer it, start nothing new
            if state.active_form == "flexible_form" and not turn.all("person_type"):
                # 我是灵活就业… then 停的那几个月后来还能补吗 while its questionnaire runs: still a flexible
                # worker's question (the individual deferral, not an employer's)
                turn = dataclasses.replace(
                    turn, entities=[*turn.entities, {"entity": "person_type", "value": "flexible"}]
                )
            if intent == GENERAL and topic_of(turn.text) is None and state.active_form in INTENT_FOR_FORM:
                # 要去哪申请，还非得跑社保局吗 while the benefit questionnaire runs: about that benefit, its
                # name read with the question (the articles are found by their words)
                intent = INTENT_FOR_FORM[state.active_form]
                turn = _with_topic_named(turn, intent)
            return Plan.say(self.composer.answer(intent, turn), no_questionnaire=can_start_form)
        pending = state.pending
        if (
            pending is not None
            and intent != pending.intent
            and (not turn.asks_question() or _rate_asked_again(pending.intent, intent, turn))
            and any(e.get("entity") == pending.asked for e in turn.entities)
        ):  # 天津的，单位交的 after "which city?": the answer to it, whatever topic it mentions
            return Plan.say(self._resumed(pending, turn), no_questionnaire=can_start_form)
        if (
            not turn.asks_question()
            and state.last is not None
            and state.last.intent
            and not state.last.form
            and _same_family(intent, state.last.intent)
        ):
            # 北京的，交了两年，失业金领完了 after a 失业补助金 answer: facts for that question, not a new one
            told = self.follow_up(turn, state, always=True)
            if told is not None:
                told.no_questionnaire = can_start_form
                return told
        if (
            intent == FLEXIBLE
            and turn.value("enterprise_type") == "individual_business_unit"
            and state.last is not None
            and state.last.intent in ("ask_reduction", "ask_deferral")
            and not state.last.form
        ):
            # 那按单位参保的个体户呢 after a reduction answer: an employer (insured as a unit) asks the same,
            # not a self-employed person paying alone
            told = self.follow_up(turn, state, always=True)
            if told is not None:
                return told
        if (
            intent == GENERAL
            and not turn.asks_question()
            and state.last is not None
            and state.last.intent not in (None, GENERAL)
            and not state.last.form
        ):
            # 我在长春交的社保 after 失业金领到期了…还能继续领吗, read as a general question: it asks
            # nothing, it tells the facts of the last question
            told = self.follow_up(turn, state, always=True) or self._completes_last(turn, state)
            if told is not None:
                return told
        scope = self.composer.scope_of_message(turn)
        if scope is not None and scope.topic == "not_covered:place":
            # 武汉的大型企业减免: a city the data lacks, in a province whose own rule it holds (湖北)
            provincial = (
                self._province_rule(intent, turn)
                or self._covered_part(intent, turn)
                or self._national_rule(intent, turn)
            )
            if provincial is not None:
                return Plan.say(provincial, no_questionnaire=can_start_form)
        if (
            scope is not None
            and scope.topic.startswith("not_covered:")
            and scope.topic not in UNCOVERED_PLACE_TOPICS
            and state.last is not None
            and state.last.text
            and not state.last.form
            and turn.looks_like_follow_up()
        ):
            # 那住院能报销多少 after the residents' medical insurance article: read with the last question the
            # topic is one the documents answer (居民医保's 70%), so the last question goes on
            joined = self.composer.scope_of_message(_joined_to_last(state.last, turn))
            if joined is None or joined.topic.startswith(("faq:", "passage:")):
                follow = self.continuation(turn, state, any_wording=True)
                if follow is not None:
                    return follow
        if scope is not None:  # not social insurance, or not covered: say so, and that ends it
            if (
                scope.topic == "not_covered:place" and intent in FOLLOW_UP_INTENTS
            ):  # 那北京呢 can still follow
                scope.context = LastAnswer(intent=intent, entities=turn.entities, text=turn.text)
            if scope.topic.startswith("not_covered:") and scope.topic not in UNCOVERED_PLACE_TOPICS:
                # 养老金能拿多少 (not covered), then 我是在长春交的: still not covered, with 长春's line
                scope.context = scope.context or LastAnswer(
                    intent=intent, entities=turn.entities, text=turn.text
                )
            if (
                scope.topic.startswith(("faq:", "passage:"))
                and intent in CONTINUED_INTENTS
                and scope.context is None
            ):
                # 北京公积金缴存比例范围: a neighbouring word the documents answer after all — an article (or
                # passage) a short question after it can go on with (公司疫情期间困难，能降到多少)
                scope.context = LastAnswer(intent=intent, entities=turn.entities, text=turn.text)
            if scope.topic.startswith(("faq:", "passage:")):
                # 破产了，有3个怀孕的女职工要预留多少: the passage, with its figure worked out for the asker;
                # 北京公积金比例能交到15%吗: a yes or no its sentence settles, first
                scope = self.composer.worked_amounts(scope, turn)
                if yes_no_form(turn.text):
                    scope = self.composer.lead_with_short_answer(scope, intent, turn)
            return Plan.say(scope, no_questionnaire=can_start_form)
        same_article = (
            None
            # the place's rule with the time left (told now or before) decides it, not the article before
            if intent == BENEFIT and _extension_asked(turn)
            else self._same_article_goes_on(intent, turn, state) or self._scheme_article(turn, state)
        )
        if same_article is not None:  # 那以后补交的时候基数怎么定 after the deferral article: that article
            same_article.no_questionnaire = can_start_form
            return same_article
        kept = self.same_question(intent, turn, state, confidence)
        if kept is not None:  # 那医疗保险的基数呢 after a 灵活就业 answer: still that question
            kept.no_questionnaire = can_start_form
            return kept
        # two questions or more: the composer answers each of them, a procedure question included
        questions = asked_questions(turn)
        several = len(questions) > 1
        asks_procedure = not questions or questions[0].aspect in (aspects.PROCEDURE, None)
        article = None if several or not asks_procedure else self.answerer.procedure_faq(intent, turn)
        if article is not None:  # 领失业补助金要带什么材料: the FAQ article, no figures and no questionnaire
            article = self.composer.lead_with_short_answer(article, intent, turn)  # 要先办失业登记吗: 不需要
            if questions and questions[0].aspect in (aspects.DURATION, aspects.DEADLINE):
                article = self.composer.no_time_stated(article, turn)  # 网上申请后多少天到账: not stated
            return Plan.say(self.composer.cite(article, turn), no_questionnaire=can_start_form)
        follow = self.follow_up(turn, state, intent=intent)
        if follow is not None:  # 那如果缓缴8个月呢: the previous question again with this change
            follow.no_questionnaire = can_start_form
            return follow
        announced = ANNOUNCES_A_SUBJECT.search(turn.text.strip())
        if (
            announced
            and topic_of(announced["subject"]) in VAGUE_SUBJECTS
            and all(e.get("entity") in ("city", "person_type") for e in turn.entities)
            and not asks_question(turn.text[: announced.start()] + announced["subject"])
            and self.composer.confident_faq(turn) is None  # 想问下五险一金缴费工资申报的事: its article
        ):
            # 你好，我想咨询一下自己交社保的事情: what about it is the question — ask, start nothing (想问问
            # 学历提升补贴的事 names its benefit: its questionnaire asks the facts that decide it)
            return Plan.say(self._what_about(announced["subject"]), no_questionnaire=can_start_form)
        form = self.questionnaires.should_start(intent, turn) if can_start_form else None
        if not several and questions and questions[0].aspect not in FORM_ASPECTS:
            form = None  # 能缓哪几种 (read as conditions by the trained classifier): answered as asked
        if several and intent_names_a_later_question(intent, questions):
            form = None  # 基数上限多少？我能不能缓缴: both answered, not the second's questionnaire
        if self.composer.calculator.lines(turn):
            # 当地失业金1650，补助金最多多少: the amount worked out answers it, nothing left to ask
            form = None
        if intent == BENEFIT and turn.receiving_benefit():
            # 我在北京领失业金…第15个月按多少发: the office has found it eligible, the amount is asked
            form = None
        if intent == BENEFIT and len(set(turn.records())) > 1:
            # 他交了22年，我交了3年，俩人加起来多少: two people's records, each one's amount and the sum — no
            # questionnaire can ask about two people at once
            form = None
        reply = self.composer.answer(intent, turn, scope_checked=True)
        if intent == GENERAL and reply.topic == "not_covered:other":
            # 长春那个社保返钱能返多少: no article or passage answers the general question, but its words
            # name a topic the assistant answers (answering.yml `topics`): that topic's question
            named = self._topic_question(turn.text, turn, state, confidence)
            if named is not None:
                return named
        if intent == GENERAL and self._national_article_for_a_citys_figure(reply, turn):
            # …2020年1月到6月长春的缴费基数下限到底是多少 read as a general question, answered by the national
            # article (各省下限可继续执行2019年标准，具体数额以各省公布为准): the city's figure is held
            named = self._topic_question(_asking_clause(turn.text), turn, state)
            if named is not None and named.reply is not None and named.reply.result is not None:
                if named.reply.result.status == OK:
                    return named
        if intent == GENERAL and reply.topic.startswith("passage:") and yes_no_form(turn.text):
            # 长春的公司，员工个人那部分社保也能一起免吗 read as a general question and answered by a passage
            # that does not say yes or no: the topic its words name, when that topic's rules settle it
            named = self._topic_question(turn.text, turn, state, confidence)
            if (
                named is not None
                and named.reply is not None
                and short_answers.already_answered(named.reply.text)
            ):
                return named
        if form and reply.result is not None and reply.result.year_not_covered is not None:
            form = None  # 今年北京失业金…我交了6年: that year's standard is not held, its questionnaire would
            # answer with 2020's figure
        if form and not is_not_covered(reply) and self._answers_with_form(reply):
            prefilled = self.questionnaires.prefill(form, turn)
            if self.questionnaires.missing(form, prefilled):
                if reply.pending is None and reply.result is not None and reply.result.eligible is True:
                    # 符合条件 with every condition met by the facts told (a migrant worker's one-off
                    # subsidy): the answer, not another benefit's questions after it
                    return Plan.say(reply, no_questionnaire=can_start_form)
                # a personal question with facts missing: show what is known, then ask for the rest
                shown = reply if reply.pending is None else None
                return Plan(
                    reply=shown, questionnaire=QuestionnaireStart(form, prefilled, QUESTIONNAIRES[form].intro)
                )
            return Plan(questionnaire=QuestionnaireStart(form, prefilled))  # every fact given: the verdict
        if (
            intent in CONTINUED_INTENTS
            and reply.context is None
            and not reply.topic.startswith("out_of_scope")
        ):  # an article too: a short question after it can go on with it (continuation)
            held = _held(reply, turn.entities, self.composer.latest_year)
            reply.context = LastAnswer(intent=intent, entities=held, text=turn.text)
        if can_start_form and reply.pending is None and not is_not_covered(reply):
            reply.buttons = [
                *reply.buttons,
                {
                    "title": "按我的情况逐项测算",
                    "payload": f'/start_questionnaire{{"questionnaire":"{FORM_FOR_INTENT[intent]}"}}',
                },
            ]
        return Plan.say(reply, no_questionnaire=can_start_form)

    def _per_person_figure_named(self, intent: str, turn: Turn) -> str:
        """中央驻津单位退休人员的公务员医疗补助筹资标准是多少, read as a migrant worker's allowance: a
        per-person figure of the documents (computations.yml) named, and no word of the topic read — the
        documents' passage answers it, not that topic's questionnaire."""
        if intent not in FORM_FOR_INTENT or topic_of(turn.text) == intent or intent in topics_in(turn.text):
            return intent  # (两个农民合同制工人…一次性生活补助两个人合计: the topic's own figure, counted)
        entries = self.composer.calculator.entries
        named = any(entry.kind == PER_PERSON and entry.asked_in(turn.text) for entry in entries)
        return GENERAL if named else intent

    def _answer_with(self, intent: str, turn: Turn, entities: list[dict[str, Any]]) -> Reply:
        """The answer to ``turn`` with other places (its own scope already checked by the caller)."""
        return self.composer.answer(intent, dataclasses.replace(turn, entities=entities), scope_checked=True)

    def _what_about(self, subject: str) -> Reply:
        """The reply to a subject announced without a question (自己交社保): which part of it, and what can be
        asked. The user's own words name the subject; the place told stays in the conversation's slots."""
        reply = self.answerer.capabilities()
        subject = subject.strip()
        asked = f"“{subject}”的哪方面" if len(subject) >= 2 else "什么"
        reply.text = f"好的，请问您具体想了解{asked}？可以直接把问题发给我。\n{reply.text}"
        reply.topic = "announced"
        return reply

    def _covered_part(self, intent: str, turn: Turn) -> Reply | None:
        """成都和天津2020年的缴费基数下限分别是多少: the covered place answered, the other named as not
        covered (never with the covered place's figure)."""
        cities = turn.all("city")
        # 吉林市社保局的电话，不要长春的: a place declined is not asked about
        covered = [e for e in cities if e.get("covered") is not False and not _declined(turn.text, e)]
        missing = [e for e in cities if e.get("covered") is False]
        if intent not in QUESTION_INTENTS or intent in (GENERAL, PHONE) or not covered or not missing:
            return None
        kept = [e for e in turn.entities if e not in missing]
        reply = self._answer_with(intent, turn, kept)
        if reply.pending is not None or _not_an_answer(reply) or is_not_covered(reply):
            return None
        names = "、".join(dict.fromkeys(str(e.get("value") or "") for e in missing))
        reply.text = (
            f"暂未收录{names}的社保政策，无法给出{names}的数字；以下只是资料中所收地区的规定。\n{reply.text}"
        )
        reply.context = LastAnswer(intent=intent, entities=kept, text=turn.text)
        return reply

    def _province_rule(self, intent: str, turn: Turn) -> Reply | None:
        """The answer for the province of an uncovered city, when the data holds a rule of that province
        itself for the question (湖北's large enterprises: 免征): said as the province's, the city's own rule
        named as not in the data. None when the answer would only be the national one (成都 → 四川 holds
        nothing of its own): the city stays not covered."""
        cities = _one_place(turn)
        if intent not in QUESTION_INTENTS or intent == GENERAL or len(cities) != 1:
            return None
        city = cities[0]
        province = self.answerer.store.find_region(str(city.get("province") or ""))
        if city.get("covered") is not False or province is None or province.level != "province":
            return None
        entities = [
            {**e, "value": province.id, "covered": True} if _same_place(e, city) else e for e in turn.entities
        ]
        reply = self._answer_with(intent, turn, entities)
        if reply.pending is not None or reply.result is None or reply.result.region != province.id:
            return None
        if reply.result.status != "ok":
            return None
        # the same question asked of the whole country: a province holding nothing of its own gives the
        # national rule back, which is no answer for the city
        countrywide = [
            {**e, "value": "national", "covered": True} if _same_place(e, city) else e for e in turn.entities
        ]
        national = self._answer_with(intent, turn, countrywide)
        if national.result is None or _same_rule(national.result, reply.result):
            return None
        place = str(city.get("value") or "")
        note = (
            f"资料中没有收录{place}本地的规定；{place}属{province.name}，以下是文件中{province.name}的规定。"
        )
        reply.text = _with_place_note(reply.text, note)
        reply.context = LastAnswer(intent=intent, entities=entities, text=turn.text)
        return reply

    def _national_rule(self, intent: str, turn: Turn) -> Reply | None:
        """宜昌的小微企业单位社保免到什么时候 / 在广州被辞退，领失业金要带啥材料: a city the data lacks,
        asked a rule the national documents set for every place (the 2020 reductions and deferral, the
        subsidies' months and conditions, the documents a claim needs): the national rule, said as such,
        with the city's own rules named as not in the data. Not a figure each place sets (a benefit's
        amount, a base)."""
        cities = _one_place(turn)
        if intent not in NATIONAL_RULE_INTENTS or len(cities) != 1 or cities[0].get("covered") is not False:
            return None
        city = cities[0]
        if not city.get("province"):  # a place outside the mainland's provinces (台湾, 香港…): not covered
            return None
        questions = asked_questions(turn)
        if any(q.aspect in LOCAL_ASPECTS for q in questions) and intent not in NATIONAL_AMOUNT_INTENTS:
            return None  # 宜昌失业金一个月多少: an amount each place sets
        # in a province the data holds (宜昌 → 湖北, whose large enterprises were exempt too): the province's
        # answer, which is the national rule wherever the province set none of its own
        province = self.answerer.store.find_region(str(city.get("province") or ""))
        region = province.id if province is not None and province.level == "province" else "national"
        countrywide = [
            {**e, "value": region, "covered": True} if _same_place(e, city) else e for e in turn.entities
        ]
        reply = self._answer_with(intent, dataclasses.replace(turn, city=None), countrywide)
        # every employer type's rule, then which type the asker's is: an answer too
        by_type = reply.pending is not None and reply.pending.asked == "enterprise_type"
        if (reply.pending is not None and not by_type) or _not_an_answer(reply) or is_not_covered(reply):
            return None
        if reply.result is not None and (
            reply.result.status != "ok" or reply.result.region not in (region, "national")
        ):
            return None
        if reply.result is None and not (reply.topic.startswith("faq:") or by_type):
            return None
        place = str(city.get("value") or "")
        rules = (
            "国家层面的规定"
            if province is None or region == "national"
            else f"{province.name}和国家层面的规定"
        )
        note = f"暂未收录{place}本地的规定；以下是{rules}（具体执行以{place}当地公布为准）。"
        reply.text = _with_place_note(reply.text, note)
        reply.context = LastAnswer(intent=intent, entities=countrywide, text=turn.text)
        return reply

    @staticmethod
    def _answers_with_form(reply: Reply) -> bool:
        """A yes/no answered from the facts given, or an article, needs no questionnaire after it."""
        if reply.topic.startswith(("faq:", "passage:")) or reply.topic.endswith(":silent"):
            return False
        # 是，… / 不是，从第13个月起… / 可以，所选缴费基数为…: a figure confirmed, denied or allowed
        return not reply.text.startswith(
            ("可以。", "不能。", "是，", "不是，", "可以，")
        ) and not short_answers.is_short_answer(reply.text)

    # -- a bare value, a fallback, an off-topic message --------------------------------------------
    def value(self, turn: Turn, state: ConversationState, runner_up: tuple[str, float] | None = None) -> Plan:
        """The user gave a value (长春, 8000): complete the waiting question, re-ask the last one, or ask.

        ``runner_up``: the question intent the classifier ranked best after ``inform``, with its confidence.
        """
        if state.pending is not None:
            again = self._yes_no_again(state.pending, turn)
            if again is not None:
                return again
            return Plan.say(self._resumed(state.pending, turn))
        follow = (
            self._uncovered_topic_placed(turn, state)
            or self.follow_up(turn, state, always=True)
            or self._topic_after_article(turn, state, asked=False)
            or self.continuation(turn, state)
            or self._placed(turn, state)
            # 不对，我问的是个人交的那部分: the last question again, with what the correction names
            or (self.continuation(turn, state, any_wording=True) if CORRECTION.search(turn.text) else None)
        )
        if follow is not None:
            return follow
        # 韩国人，在长春上班 after 外国员工也要交社保吗: the facts for that question
        completed = self._completes_last(turn, state)
        if completed is not None:
            return completed
        if (
            turn.asks_question()
            and runner_up is not None
            and runner_up[0] in QUESTION_INTENTS
            and runner_up[1] >= RUNNER_UP_MIN_CONFIDENCE
        ):
            # 我们是长春的企业，2020年7月养老单位那部分还用不用交啊: a question the classifier nearly read as
            # one (ask_reduction 0.35 beside inform 0.60) is that question
            return self.question(runner_up[0], turn, state, confidence=runner_up[1])
        if turn.asks_question():  # a question the classifier took for a bare value
            scope = self.composer.scope_reply(turn)
            if scope is None and state.last is None:
                # 北京2020年下半年失业，失业保险交了3年，一个月领多少 opening a conversation: its clauses read
                # together name the topic asked about (after an answer, the routes below weigh the topic
                # asked before)
                named = self._topic_question(COMMAS.sub("", turn.text), turn, state)
                if named is not None:
                    return named
            reply = scope or self.answerer.question_faq(turn) or self.composer.passage(turn)
            if reply is not None:
                if reply.topic.startswith(("faq:", "passage:")):
                    # 天津单位破产，两个怀孕的女职工要预留多少: the passage, its figure worked out
                    reply = self.composer.worked_amounts(reply, turn)
                if scope is None and reply.context is None:
                    # 居民医保个人一年交多少 (read as a value), then 2020年的: a question to go on with
                    reply.context = LastAnswer(intent=GENERAL, entities=turn.entities, text=turn.text)
                return Plan.say(reply)
            if social_insurance_word(turn.text) and len(turn.text.strip()) >= MISREAD_MIN_CHARS:
                # 乌海从2021年开始全民参保要做到啥程度: a social-insurance question, however it was read — the
                # general question route (articles, passages, or what the documents leave open)
                return self.question("ask_policy_faq", turn, state)
        noted = "、".join(str(e.get("original") or e.get("value")) for e in turn.entities) or turn.text
        reply = self.answerer.capabilities()
        reply.text = f"收到：{noted}。请问您想了解什么？\n{reply.text}"
        reply.topic = "inform_without_question"
        if (
            (turn.entities or len(turn.text.strip()) >= MISREAD_MIN_CHARS)
            and not turn.asks_question()
            and (state.last is None or (state.last.intent is None and state.last.form is None))
        ):  # (after an answer, the answer stays the one a follow-up goes on with)
            # 我是农民工，在北京干了8个月 / 没雇人，就我自己 … 我能领点啥: the facts are kept for the
            # question that follows
            told = _with_facts_told(turn, state)
            reply.context = LastAnswer(entities=told.entities, text=told.text)
        return Plan.say(reply)

    def _completes_last(self, turn: Turn, state: ConversationState) -> Plan | None:
        """韩国人，在长春上班，韩国那边有保险 after 外国员工也要交社保吗: facts told, no question asked, right
        after a question — they complete that question, answered again with them (its words first)."""
        last = state.last
        text = turn.text.strip()
        if (
            last is None
            or last.intent not in CONTINUED_INTENTS
            or last.form
            or not last.text
            or turn.asks_question()
            or len(text) > FACTS_MAX_CHARS
            or (turn.entities and all(e.get("entity") == "city" for e in turn.entities))  # _placed
        ):
            return None
        intent = BENEFIT if _retirement_told_after_subsidy(last, turn) else last.intent
        shifted = shift_entities(turn.entities, len(last.text) + 1)
        changed = turn.changed_kinds()
        kept = [e for e in last.entities if e.get("entity") not in changed]
        combined = dataclasses.replace(turn, text=f"{last.text}，{text}", entities=[*kept, *shifted])
        reply = self.composer.answer(intent, combined)
        if _not_an_answer(reply) or reply.pending is not None or reply.topic.endswith(":silent"):
            return None
        if not turn.entities:
            # 我只拿到了学位证，学历证书还没有 after 学历提升补贴要啥条件: words, no value, that decide a
            # condition the answer left open — only a calculation they change is an answer to them
            alone = self.composer.answer(
                intent, dataclasses.replace(turn, text=last.text, entities=list(last.entities))
            )
            if reply.result is None or alone.result is None or _verdict_of(reply) == _verdict_of(alone):
                return None
            reply = self.composer.yes_no(reply, turn)
        if turn.all("city") and not self._of_place(reply, turn.region):
            return None  # a national article again, or another place's, is no answer in the place named
        reply.context = LastAnswer(intent=intent, entities=combined.entities, text=combined.text)
        return Plan.say(reply)

    def _of_place(self, reply: Reply, region: str | None) -> bool:
        """The reply is an article of ``region`` (or no article: figures are given for the place named)."""
        if not reply.topic.startswith("faq:"):
            return True
        article = self.answerer.store.kb.faq.get(reply.topic.removeprefix("faq:"))
        return article is not None and article.region == region

    def _placed(self, turn: Turn, state: ConversationState) -> Plan | None:
        """北京的 after an article (医护人员感染新冠工伤有什么说法): the place the last question, which named
        none, is about — that question again in the place named, not a new one."""
        last = state.last
        if (
            last is None
            or turn.asks_question()
            or not turn.entities
            or any(e.get("entity") != "city" for e in turn.entities)
            or any(e.get("entity") == "city" for e in last.entities)  # 那上海呢 asks for another place
        ):
            return None
        if last.intent not in CONTINUED_INTENTS:
            return None
        plan = self.continuation(turn, state, any_wording=True)
        topic = plan.reply.topic if plan is not None and plan.reply is not None else ""
        regions = {a.region for a in self.answerer.store.faq_articles() if topic == f"faq:{a.id}"}
        # only an article of the place named answers there (a national one would be the same answer again)
        return plan if regions and regions <= {turn.region} else None

    def _uncovered_topic_placed(self, turn: Turn, state: ConversationState) -> Plan | None:
        """我是在长春交的 after 养老金能拿多少 (a topic the documents do not cover): still not covered, now
        with the line of the place named (长春's 9612333), not a new conversation."""
        last = state.last
        topic = state.last_topic or ""
        if (
            last is None
            or not last.text
            or not topic.startswith("not_covered:")
            or topic in UNCOVERED_PLACE_TOPICS
            or turn.asks_question()
            or not turn.entities
            or any(e.get("entity") != "city" for e in turn.entities)
        ):
            return None
        shifted = shift_entities(turn.entities, len(last.text) + 1)
        combined = dataclasses.replace(
            turn, text=f"{last.text}，{turn.text.strip()}", entities=[*last.entities, *shifted]
        )
        reply = self.composer.scope_reply(combined)
        if reply is None or not reply.topic.startswith("not_covered"):
            return None
        reply.context = LastAnswer(intent=last.intent, entities=combined.entities, text=combined.text)
        return Plan.say(reply)

    def _topic_after_article(self, turn: Turn, state: ConversationState, asked: bool = True) -> Plan | None:
        """在北京，能拿多少 after the national article on migrant workers' allowances: a short question that
        names no topic, asked after an article, is the topic of the article's question in the place or with
        the values named now — answered under it (the figures of the place), not as not understood.
        ``asked=False``: a bare place or fact (长春 after 失业金领满了还没找到工作) does the same."""
        last = state.last
        text = turn.text.strip()
        if (
            last is None
            or last.intent != GENERAL
            or not last.text
            or (asked and not turn.asks_question())
            or len(text) > FACTS_MAX_CHARS
            or topic_of(text) is not None
            or not turn.entities
        ):
            return None
        topic = topic_of(last.text)
        # 交社保 names contributions in any question (外籍员工要给他交社保吗): no topic of its own
        if topic not in QUESTION_INTENTS or topic in (GENERAL, FLEXIBLE) or topic in CONTRIBUTION_TOPICS:
            return None
        if topic == BENEFIT and benefit_ran_out(f"{last.text} {text}"):
            # 失业金领满了还没找到工作 … 长春: the subsidy that follows (not when the facts now told are of
            # retirement: 离法定退休年龄还差十个月 — the benefit goes on to retirement)
            topic = SUBSIDY
        carried = _not_told_again(last.entities, turn)
        combined = dataclasses.replace(
            turn,
            text=f"{last.text}，{text}",
            entities=[*carried, *shift_entities(turn.entities, len(last.text) + 1)],
        )
        plan = self.question(topic, combined, dataclasses.replace(state, last=None))
        if plan.reply is None or _not_an_answer(plan.reply):
            return None
        return Plan.say(plan.reply)  # no questionnaire under a message the NLU did not understand

    def _same_article_goes_on(self, intent: str, turn: Turn, state: ConversationState) -> Plan | None:
        """那以后补交的时候基数怎么定 after the article on flexible workers' deferral: a follow-up that, read
        with the last question, finds the article the last reply was (another one, 长春's base rules, by
        its own words) and names something that article says — that article again. After a reply saying
        the year asked is not covered, the article the last question finds alone counts as the last."""
        last = state.last
        text = turn.text.strip()
        if (
            last is None
            or not (state.last_topic or "").startswith(("faq:", "not_covered"))
            or last.form
            or not last.text
            # 公司疫情期间困难，能降到多少 after the housing-fund article: no 那 / 呢, but a general question
            # naming nothing it asks about — what the last answer was about is the only subject it can have
            # (a topic the NLU read, 这种情况能领啥补助 → the migrant workers' subsidy, is a subject)
            or not (
                turn.looks_like_follow_up()
                or (intent == GENERAL and _names_no_subject(text))
                or _scheme_goes_on(last, turn)
            )
            or not turn.asks_question()
            or len(text) > FOUND_CONTINUATION_MAX_CHARS
            or turn.all("city")
        ):
            return None
        combined = _joined_to_last(last, turn)
        earlier = [without_position(e) for e in last.entities]
        article = self.answerer.question_faq(combined)
        if article is None:
            return None
        if not str(state.last_topic).startswith("faq:"):
            # the last reply said its year is not covered, after the article's rule (按2020年的文件：可以…):
            # the article the last question finds alone
            alone = self.answerer.question_faq(dataclasses.replace(turn, text=last.text, entities=earlier))
            if alone is None or alone.topic != article.topic:
                return None
        elif article.topic != state.last_topic:
            return None
        own = self.answerer.question_faq(turn)
        words = _content_words(text)
        named = [w for w in words if self._article_names(w, article.text)]
        if (own is not None and own.topic == article.topic) or len(named) < ARTICLE_WORDS_SHARE * len(words):
            # its own words find the article anyway, or it asks what the article does not say (那养老保险
            # 的缴费比例是多少 after the article on choosing a tier: the rate)
            return None
        reply = self.composer.cite(article, combined)
        reply.context = LastAnswer(intent=last.intent, entities=combined.entities, text=combined.text)
        return Plan.say(reply)

    def _scheme_article(self, turn: Turn, state: ConversationState) -> Plan | None:
        """2020年公司困难想少交点呢 after a question on the housing fund's ratio (answered by an article or a
        passage): the scheme goes on — the article the two questions find together, when it is about it."""
        last = state.last
        if (
            last is None
            or last.form
            or not last.text
            or not _scheme_goes_on(last, turn)
            or not turn.asks_question()
            or turn.all("city")
        ):
            return None
        combined = _joined_to_last(last, turn)
        article = self.answerer.question_faq(combined)
        schemes = {e.get("value") for e in last.entities if e.get("entity") == "insurance_type"}
        words = [SCHEMES_WITH_ARTICLES[s] for s in schemes if s in SCHEMES_WITH_ARTICLES]
        if article is None or not any(word in article.text for word in words):
            return None
        reply = self.composer.cite(article, combined)
        reply.context = LastAnswer(intent=last.intent, entities=combined.entities, text=combined.text)
        return Plan.say(reply)

    def _article_names(self, word: str, text: str) -> bool:
        """The article says the word, as 缴 for 交 or as a synonym of the passage search (公司 → 单位)."""
        if word in text or word.replace("交", "缴") in text:
            return True
        index = self.composer.passages
        return index is not None and index.names(word, text)

    def _goes_on(self, turn: Turn, state: ConversationState) -> Plan | None:
        """要是过了期限还没报会咋样 after the declaration article, not understood: a short question whose
        words name no topic and no place of its own can only ask about the last answer — it goes on."""
        text = turn.text.strip()
        if (
            state.last is None
            or state.last.intent not in CONTINUED_INTENTS
            or not turn.asks_question()
            or topic_of(text) is not None
            or len(text) > CONTINUATION_MAX_CHARS
            or turn.all("city")
        ):
            return None
        return self.continuation(turn, state, any_wording=True)

    def fallback(self, turn: Turn, state: ConversationState, empty: bool = False) -> Plan:
        """Not understood: a follow-up the classifier missed, a topic out of scope, or the hotline."""
        if not empty and turn.asks_question():
            neighbour = out_of_scope_topic(turn.text)
            if neighbour is not None and neighbour.kind == NEIGHBOUR:
                # 那长春最低工资标准是多少 after the base limits, not understood: another domain, not the last
                # question asked again for 长春
                scope = self.composer.scope_reply(turn)
                if scope is not None and scope.topic.startswith("out_of_scope"):
                    return Plan.say(scope)
        if not empty and _extension_asked(turn):
            # 我在上海，离法定退休还差一年半，能一直领到退休吗 (not understood): the extension, which
            # the place's rule decides with the time left told
            return self.question(BENEFIT, turn, state)
        if not empty:
            # 我才交了8个月社保就被辞了 after a 失业补助金 answer: facts told, no question asked — values for
            # the last question, as a bare value is; so is a short message naming only a place (哦不对，我要问
            # 的是天津的 / 在北京，能拿多少): the last question there
            only_places = bool(turn.entities) and all(e.get("entity") == "city" for e in turn.entities)
            stated = (not turn.asks_question() or only_places) and bool(turn.entities)
            follow = (
                self.follow_up(turn, state, always=stated)
                or self.continuation(turn, state)
                or self._goes_on(turn, state)
            )
            if follow is None:
                follow = self._topic_after_article(turn, state)
            if follow is None and self._case_put_to_last(turn, state):
                # 2020年上半年裁了4个人还能申请吗 after the job-retention answer: a question that names no
                # topic of its own but tells new facts can only put them to the last question
                follow = self.follow_up(turn, state, always=True)
            if follow is not None:
                return follow
            about = self._about_pending(turn, state) or self._after_facts(turn, state)
            if about is not None:
                return about
            named = self._question_naming_a_topic(turn, state) or self._about_the_form(turn, state)
            if named is not None:
                return named
            if turn.asks_question():
                reply = (
                    self.composer.scope_reply(turn)
                    or self._in_the_documents(turn)
                    or self.composer.unanswered(turn)
                )
                if reply is not None:
                    return Plan.say(reply)
            elif turn.entities and self.composer.scope_reply(turn) is None:
                # 我是农民工，在北京干了8个月，现在工地停了, not understood: facts told, kept for the question
                # that follows, as when they are read as a bare value
                return self.value(turn, state)
        return Plan.say(self.answerer.fallback(turn, empty=empty))

    @staticmethod
    def _case_put_to_last(turn: Turn, state: ConversationState) -> bool:
        """A short question, not understood, whose values are new facts and whose words name no topic, no
        place and no other domain: the last one-turn question asked again with them."""
        last = state.last
        return (
            last is not None
            and bool(last.intent)
            and last.intent in FOLLOW_UP_INTENTS
            and turn.asks_question()
            and len(turn.text.strip()) <= FACTS_MAX_CHARS
            and bool(_changed_values(turn))
            # 我在北京才交了8个月社保，能拿多少 after 北京的失业补助金: the same place again is no new one;
            # after a question naming none (失业补助金能领几个月), a place completes it
            and not _another_place(turn, last)
            and topic_of(turn.text) is None
            and out_of_scope_topic(turn.text) is None
        )

    def _about_pending(self, turn: Turn, state: ConversationState) -> Plan | None:
        """问的是全国的规定 after "which city?", not understood: a short message while a question waits for
        a value is about that question — its answer when it gives the value, else the article or passage
        the question and this message together match (the national rule)."""
        pending = state.pending
        text = turn.text.strip()
        if pending is None or not text or len(text) > FACTS_MAX_CHARS or not pending.text:
            return None
        reply = self.answerer.resume(pending, turn)
        if reply.pending is None and not _not_an_answer(reply):
            return Plan.say(reply)
        shifted = shift_entities(turn.entities, len(pending.text) + 1)
        changed = turn.changed_kinds()
        kept = [e for e in pending.entities if e.get("entity") not in changed]
        combined = dataclasses.replace(turn, text=f"{pending.text}，{text}", entities=[*kept, *shifted])
        found = self.answerer.question_faq(combined) or self.composer.passage(combined)
        if found is None or _not_an_answer(found):
            return None
        found.context = LastAnswer(intent=pending.intent, entities=combined.entities, text=combined.text)
        return Plan.say(found)

    def _after_facts(self, turn: Turn, state: ConversationState) -> Plan | None:
        """那以后还能补上吗 after 我是个体户 / 2020年的养老保险实在交不起 (facts told, no question yet), not
        understood: the question of the facts — the topic the facts and this message together name."""
        last = state.last
        if last is None or last.intent is not None or last.form is not None or not turn.asks_question():
            return None
        if len(turn.text.strip()) > FACTS_MAX_CHARS:
            return None
        topic = topic_of(_with_facts_told(turn, state).text)
        if topic not in QUESTION_INTENTS:
            return None
        plan = self.question(topic, turn, state)  # the facts are joined to the turn there
        if plan.reply is not None and _not_an_answer(plan.reply):
            return None
        return plan

    def out_of_scope(self, turn: Turn, state: ConversationState | None = None) -> Plan:
        state = state or ConversationState()
        named = self._question_naming_a_topic(turn, state) or self._about_the_form(turn, state)
        if named is not None:
            return named
        scope = self.composer.scope_reply(turn)
        if scope is None and _asks_an_aspect_only(turn):
            # 要什么材料 after the job-retention answer: that question's procedure; 那去哪办 after a
            # questionnaire's verdict: the procedure of the questionnaire's topic
            follow = self.continuation(turn, state, any_wording=True) or self._after_the_form(turn, state)
            if follow is not None:
                return follow
        if scope is None and CONTRIBUTION_VERBS.search(turn.text):
            # 那欠下的啥时候补 after the deferral answer: no other domain named, a verb of paying or
            # claiming (not 那你会唱歌吗) — the last question goes on
            follow = self.continuation(turn, state) or self._goes_on(turn, state)
            if follow is not None:
                return follow
        if scope is None and social_insurance_word(turn.text) and turn.asks_question():
            # 乌海有没有地方能帮我估算一下退休以后养老金 read as out of scope: a social-insurance question the
            # documents may still answer (an article, a passage, the named city's own sentence)
            scope = (
                self.answerer.question_faq(turn)
                or self.composer.passage(turn)
                or self.composer.near_passage(turn)
            )
        if scope is None and turn.asks_question() and (turn.region or DOCUMENT_WORDS.search(turn.text)):
            # 攀枝花文件里说的“生产经营严重困难企业”具体是啥标准: a covered place or the documents named —
            # what they say about it, when an article or passage holds it
            scope = self._in_the_documents(turn)
        scope = scope or self.composer.unanswered(turn)
        if scope is not None:  # an article, a passage or "not found": a figure it holds worked out first
            scope = self.composer.worked_amounts(scope, turn)
        return Plan.say(scope if scope is not None else self.answerer.out_of_scope(turn))

    def _in_the_documents(self, turn: Turn) -> Reply | None:
        """The article that answers the question, quoting its document, or else the passage that does."""
        article = self.answerer.question_faq(turn)
        if article is not None:
            if yes_no_form(turn.text):
                # 我这个体户又不是企业，能不能也免 (not understood): the article's rule, its yes or no first
                article = self.composer.lead_with_short_answer(article, GENERAL, turn)
            return self.composer.cite(article, turn)
        return self.composer.passage(turn)

    def _question_naming_a_topic(self, turn: Turn, state: ConversationState) -> Plan | None:
        """明天去申请失业经要带哪些东西 read as out of scope or not understood: a question whose words name a
        topic the assistant answers (失业金, once the typo is mended) is that topic's question. A neighbouring
        domain named beside it (发失业金的银行卡被冻结) still gets the scope reply, which the question route
        checks first."""
        if not turn.asks_question() or len(turn.text.strip()) < NAMED_TOPIC_MIN_CHARS:
            return None
        return self._topic_question(turn.text, turn, state)

    def _national_article_for_a_citys_figure(self, reply: Reply, turn: Turn) -> bool:
        """The reply is a national article, the question names a covered city and asks a figure of the
        contribution rules (a limit, a base, a rate, an average wage) that the city's data may hold."""
        if not reply.topic.startswith("faq:"):
            return False
        article = self.answerer.store.kb.faq.get(reply.topic.removeprefix("faq:"))
        region = self.answerer._region_id(turn.region)
        if article is None or article.region != "national" or region in (None, "national"):
            return False
        asked = _asking_clause(turn.text)
        return topic_of(asked) in FIGURE_TOPICS and aspects.aspect_of(asked) in (None, aspects.AMOUNT)

    def _topic_question(
        self, words: str, turn: Turn, state: ConversationState, confidence: float | None = None
    ) -> Plan | None:
        """The question of the topic ``words`` name (answering.yml `topics`), if they name one other than
        the general question."""
        topic = topic_of(words)
        if topic not in QUESTION_INTENTS or topic == GENERAL:
            return None
        return self.question(topic, turn, state, confidence=confidence)

    def _about_the_form(self, turn: Turn, state: ConversationState) -> Plan | None:
        """要满足什么条件 while the deferral questionnaire waits for an answer, read as out of scope or not
        understood: a question naming no topic and no other domain asks about the questionnaire's topic —
        answered under it (the questionnaire then asks again)."""
        if (
            state.active_form not in INTENT_FOR_FORM
            or not turn.asks_question()
            or topic_of(turn.text) is not None
            or self.composer.scope_reply(turn) is not None
        ):
            return None
        plan = self.question(GENERAL, turn, state)
        if plan.reply is None or _not_an_answer(plan.reply):
            return None
        return plan

    def _after_the_form(self, turn: Turn, state: ConversationState) -> Plan | None:
        """那去哪办 right after a questionnaire's verdict (技能提升补贴: 符合条件): a short question that
        names no topic asks about the questionnaire's topic, in the place it was answered for."""
        last = state.last
        if last is None or last.form not in INTENT_FOR_FORM or topic_of(turn.text) is not None:
            return None
        intent = INTENT_FOR_FORM[str(last.form)]
        asked = _with_topic_named(turn, intent)
        city = last.slots.get("q_city")
        if isinstance(city, str) and city and not turn.all("city"):
            asked = dataclasses.replace(asked, entities=[*asked.entities, {"entity": "city", "value": city}])
        plan = self.question(intent, asked, dataclasses.replace(state, last=None))
        if plan.reply is None or _not_an_answer(plan.reply):
            return None
        return Plan.say(plan.reply)  # the verdict was given: no questionnaire again

    def aside(self, turn: Turn, state: ConversationState) -> Reply | None:
        """快领完了还没找到工作，离退休还差10个月 while the benefit questionnaire waits for the years paid: no
        answer to the question asked, but a case an article or a passage of the questionnaire's topic answers
        — that answer (the questionnaire then asks again). None when the message is no such case (a value
        mistyped, a short word): the questionnaire says it did not understand, as before."""
        if state.active_form not in INTENT_FOR_FORM or len(turn.text.strip()) < MISREAD_MIN_CHARS:
            return None
        reply = self.question(GENERAL, turn, state).reply
        if reply is None or _not_an_answer(reply) or not reply.topic.startswith(("faq:", "passage:")):
            # 离法定退休不到一年，还能接着领吗 while the benefit questionnaire asks for the years paid: a
            # yes or no the documents' rules on the questionnaire's topic settle (a short answer) is its
            # answer; a calculator reply would only repeat what the questionnaire works out
            own = INTENT_FOR_FORM[state.active_form]
            if not yes_no_form(turn.text):
                return None
            answer = self.composer.answer(own, _with_topic_named(turn, own))
            lines = answer.text.split("\n")
            if answer.pending is not None or not short_answers.already_answered(lines[0]):
                return None
            # the verdict and its source alone: the questionnaire then asks again for what it works out
            cited = [line for line in lines[1:] if line.startswith("依据：")][:1]
            return Reply("\n".join([lines[0], *cited]), topic=answer.topic)
        return reply

    def misread(self, turn: Turn, state: ConversationState) -> Plan | None:
        """A question taken for a control word (取消, 为什么, 重新开始) outside a questionnaire: a follow-up,
        a topic out of scope or an unanswered social-insurance question gets its answer instead."""
        if state.active_form or len(turn.text) < MISREAD_MIN_CHARS or not turn.asks_question():
            return None
        follow = self.follow_up(turn, state, always=True)
        if follow is not None:
            return follow
        reply = (
            self.composer.scope_reply(turn)
            or self.answerer.question_faq(turn)
            or self.composer.passage(turn)
            or self.composer.unanswered(turn)
        )
        return Plan.say(reply) if reply is not None else None

    # -- follow-ups --------------------------------------------------------------------------------
    def same_question(
        self, intent: str, turn: Turn, state: ConversationState, confidence: float | None = None
    ) -> Plan | None:
        """A message the classifier put under another topic that only makes sense as the last question
        going on, answered as that question:

        * a follow-up under a topic the last one's answer covers (那医疗保险的基数呢, 下半年才交的话按哪年的
          平均工资定档 after a 灵活就业 answer: its base and grades are that answer's), unless it names
          another kind of person (那农民工的呢);
        * a short question whose words name no topic, read by an unsure classifier (国家财政补助每人多少
          after the residents' medical insurance article).
        """
        last = state.last
        text = turn.text.strip()
        if last is None or not last.intent or last.form or not text:
            return None
        # 那缓了以后最晚什么时候补？补的时候基数怎么定 after a deferral answer: a follow-up whose words name
        # the last question's topic first goes on with the last question (its person and place), whatever
        # topic the classifier gave it
        names_last = (
            turn.looks_like_follow_up()
            and topics_in(text)[:1] == [last.intent]
            and not self._names_another_person(turn, last)
            and all(q.aspect != aspects.PROCEDURE for q in asked_questions(turn))  # 要带什么材料: its article
        )
        # 要是没按时申报会怎么样 after the article on declaring wages: a general follow-up naming nothing of
        # its own goes on with the general question before it
        general_on = (
            intent == last.intent == GENERAL
            and (turn.looks_like_follow_up() or CONSEQUENCE.search(text) is not None)
            and topic_of(text) is None
            and not turn.all("city")
            and len(text) <= FOUND_CONTINUATION_MAX_CHARS
        )
        if (
            intent == last.intent
            and intent != GENERAL
            and turn.asks_question()
            and len(text) <= FOUND_CONTINUATION_MAX_CHARS
            and not any(e.get("entity") in CASE_VALUES for e in turn.entities)
            and not self._names_another_person(turn, last)
            and all(q.aspect != aspects.PROCEDURE for q in asked_questions(turn))  # 要带什么材料: its article
        ):
            # 个人养老保险每月要交多少 after the answer to 我在长春交社保，2020年6月月工资8000: the same case
            # asked in more detail — its place, date and wage carried
            return self.as_last_question(turn, state)
        if intent == last.intent and (not names_last or turn.entities) and not general_on:
            return None  # the same topic with a value changed (那长春那边的…呢): the follow-up route
        covered = (
            intent != last.intent
            and (
                intent in COVERS.get(last.intent, ())
                # 那以后补交的话基数怎么定 (read as a general question) after the flexible workers' deferral:
                # the words name what the last answer covers
                or (intent == GENERAL and any(t in COVERS.get(last.intent, ()) for t in topics_in(text)))
            )
            # 下半年才交的话，按哪年… / 补的时候基数… / 2020年上半年就交了，按哪年的平均工资定档次
            and (
                turn.looks_like_follow_up()
                or any(w in text for w in CONDITIONAL)
                or (last.intent == FLEXIBLE and _names_tiers(text))
            )
            and not self._names_another_person(turn, last)
        )
        unsure = (
            intent != last.intent
            and confidence is not None
            and confidence < UNSURE_CONFIDENCE
            and topic_of(text) is None
            and len(text) <= CONTINUATION_MAX_CHARS
            and not turn.all("city")
        )
        received = (  # 我在北京，社保交了两年，每个月能拿多少 after a 失业补助金 answer: still that benefit
            intent in CONTRIBUTION_TOPICS
            and last.intent in BENEFIT_TOPICS
            and topic_of(text) is None
            and (RECEIVING.search(text) is not None or not turn.asks_question())
        )
        # 2020年想申请，我累计交了一年零两个月失业保险，够条件吗 after the skill-subsidy answer, read as a
        # benefit question: no topic named, only facts for the last question
        untopical = (
            intent != last.intent
            and last.intent in FOLLOW_UP_INTENTS
            and not topics_in(text)
            and bool(_changed_values(turn))
            and not turn.all("city")
            and not self._names_another_person(turn, last)
            # 工资5000，单位和个人各交多少 after the rates: a wage the rates cannot use asks the amounts
            and not (last.intent == "ask_contribution_rate" and turn.money is not None)
        )
        if (
            not covered
            and not unsure
            and not names_last
            and not received
            and not general_on
            and not untopical
        ):
            return None
        for attempt in (
            lambda: self.follow_up(turn, state, always=True),  # a value changed: 那医疗保险的基数呢
            lambda: self.continuation(turn, state, any_wording=True, covered=covered or general_on),
            lambda: self.as_last_question(turn, state) if names_last else None,  # a longer one of its own
        ):
            plan = attempt()
            if plan is not None and plan.reply is not None and not _not_an_answer(plan.reply):
                return plan
        return None

    @staticmethod
    def _names_another_person(turn: Turn, last: LastAnswer) -> bool:
        before = {e.get("value") for e in last.entities if e.get("entity") == "person_type"}
        return any(e.get("value") not in before for e in turn.all("person_type"))

    def follow_up(
        self, turn: Turn, state: ConversationState, always: bool = False, intent: str | None = None
    ) -> Plan | None:
        """Re-answer the last question with the values this message changes (那北京呢, 如果工资是一万呢).

        ``always``: the message is a bare value (inform), so any entity is a change; otherwise the message
        must read like a follow-up and, for a one-turn answer, ask the same kind of question. A follow-up
        that is a whole question of its own (那长春那边的技能提升补贴要交够多久: its topic named, a question
        asked) is answered as it stands, with the last question's values it does not change; a shorter one
        is added to the last question. The passage of the documents that the question matches is quoted
        as in the first answer (what changed may be in it only: 2011年以前欠的那部分呢).
        """
        last = state.last
        if last is None or not _changed_values(turn) or not (always or turn.looks_like_follow_up()):
            return None
        if last.form:
            if intent is None or FORM_FOR_INTENT.get(intent) == last.form or always:
                return Plan.say(self.redo_verdict(last, turn))
            return None
        if not always and intent not in (None, last.intent):
            return None
        if last.intent in BENEFIT_TOPICS and last.intent != MIGRANT and turn.migrant_worker():
            # 我是农民工，社保是单位给交的 after 失业了能领点啥: a migrant worker's benefits are asked now
            last = dataclasses.replace(last, intent=MIGRANT)
        elif last.intent == BENEFIT and benefit_ran_out(f"{last.text} {turn.text}"):
            # 北京 / 之前交了6年 after 失业金领完了还没找到工作咋办: the subsidy that follows the benefit
            last = dataclasses.replace(last, intent=SUBSIDY)
        elif _retirement_told_after_subsidy(last, turn):
            last = dataclasses.replace(last, intent=BENEFIT)
        if not last.intent or last.intent not in FOLLOW_UP_INTENTS:
            return None
        changed = {value_kind(x, turn.text) for x in turn.entities}
        kept = [e for e in last.entities if value_kind(e, last.text) not in changed]
        named = topic_of(turn.text)
        own = named is not None and named not in COVERS.get(last.intent, ())
        if not always and turn.asks_question() and own:
            # its own question: the last values it does not change have no place in its words (not 那交医保的
            # 缴费基数呢 after a flexible worker's answer: that answer's base, for the other insurance)
            alone = [without_position(e) for e in kept]
            whole = dataclasses.replace(turn, entities=[*turn.entities, *alone])
            reply = self.composer.answer(last.intent, whole)
            if not _not_an_answer(reply):
                reply.context = LastAnswer(intent=last.intent, entities=whole.entities, text=turn.text)
                return Plan.say(reply)
        offset = len(last.text) + 1 if last.text else 0
        merged = dataclasses.replace(
            turn,
            text=f"{last.text} {turn.text}".strip(),
            entities=kept + shift_entities(turn.entities, offset),
            asked=[],
        )
        carried = kept + [without_position(e, turn.text) for e in turn.entities]
        if (
            always
            and last.text
            and _asked_yes_no(last.text)
            and (not turn.asks_question() or turn.looks_like_follow_up())
        ):
            # 北京 / 人在上海这边 / 那长春呢？我离退休还差一年半 after 主动辞职能领失业金吗 / 离退休不到两年，
            # 还能接着领吗: the yes/no question again, whole, with the values told now (they may decide it)
            again = self._whole_question_again(last.intent, merged, carried, last.text)
            if again is not None:
                return again
        pending = PendingQuestion(last.intent, last.entities, "", last.text)
        reply = self.answerer.resume(pending, turn)
        if (
            reply.pending is None
            and yes_no_form(turn.text)
            and not short_answers.already_answered(reply.text)
        ):
            # 我失业保险才交了两年，能领吗 after the subsidy's answer: 不能 first, with the condition it fails
            reply = self.composer.yes_no(reply, turn)
        elif (
            reply.pending is None
            and _asked_yes_no(last.text)
            and not short_answers.already_answered(reply.text)
            and (reply.result is None or reply.result.status == OK)
        ):
            # 想问三月份的 after 社保能减免吗 → 我们是长春的一家社会团体: the yes or no for the month told
            reply = self.composer.yes_no(reply, merged)
        elif (
            reply.pending is None
            and always
            and not turn.asks_question()
            and not short_answers.already_answered(reply.text)
            and aspects.aspect_of(last.text) == aspects.CONDITIONS
            and reply.result is not None
            and reply.result.eligible is not None
        ):
            # 我们2020年就亏了两个月 after 缓缴要满足啥条件: the facts told decide whether they qualify —
            # that comes first, with the condition that decides it
            reply = self.composer.yes_no(reply, merged)
        elif reply.pending is None and aspects.aspect_of(last.text) == aspects.AMOUNT:
            # 那天津那边呢 after 北京失业金交了8年每个月能领多少: the amount (or that the data lacks it) first
            reply = amount_first(last.intent, reply)
        elif reply.pending is None and aspects.aspect_of(last.text) in (aspects.DURATION, aspects.DEADLINE):
            # 那大型企业呢 after 中小企业单位部分免到几月: the months or the date asked about first
            if last.intent == "ask_reduction":
                reply = self.composer.reduction_until(reply, merged)
            else:
                reply = time_first(aspects.aspect_of(last.text) or "", reply)
        if (
            reply.pending is None
            and any(e.get("entity") != "city" for e in turn.entities)  # a case told, not a place only
            and (is_not_covered(reply) or (reply.result is not None and reply.result.status == NOT_COVERED))
        ):
            # 疫情那会儿一月二月的社保没按时交，三月中旬才补上的 after 滞纳金怎么算 → 北京: no figure for the
            # place, but the facts told are a case an article of it answers (Beijing's extended deadline)
            article = self.answerer.question_faq(merged)
            region = self.answerer._region_id(merged.region)
            if article is not None and not _not_an_answer(article) and self._of_place(article, region):
                # (an article of the place itself: a national one would only repeat what the data lacks)
                article = self.composer.cite(article, merged)
                article.context = LastAnswer(intent=last.intent, entities=carried, text=last.text)
                return Plan.say(article)
        year = self.composer._year_not_covered(turn, reply) if reply.pending is None else None
        if year is not None:  # 那2021年的呢 after 上海2020年的基数上限: not covered, no 2020 figure
            reply = self.composer.uncovered_year(last.intent, year, turn, reply)
        elif reply.pending is None:
            before = reply.text
            reply = self.composer.cite(reply, merged)
            if reply.text == before and last.text:
                # the two messages together match no passage confidently: the one the last question
                # matches, in the place asked now (那天津呢: Tianjin's passage on the same thing)
                unplaced = [without_position(e, merged.text) for e in merged.entities]
                first = dataclasses.replace(merged, text=last.text, entities=unplaced)
                reply = self.composer.cite(reply, first)
        # the last question's words stay with it (a later question on its topic quotes the passage they
        # match); this message's values are carried without positions in them — and facts it tells in words
        # only (个人没交过钱，单位给交的) with them, so the next follow-up (2020年9月没的活) still knows them
        kept_text = last.text if turn.asks_question() else merged.text
        reply.context = LastAnswer(intent=last.intent, entities=carried, text=kept_text)
        return Plan.say(reply)

    def _resumed(self, pending: PendingQuestion, turn: Turn) -> Reply:
        """The waiting question answered with the value given; a yes/no question (我们公司的社保能减免吗 …
        中型企业) gets its 可以 / 不能 first, as when asked whole."""
        reply = self.answerer.resume(pending, turn)
        merged = merged_with_pending(pending, turn)
        if reply.pending is None and reply.context is None and not _not_an_answer(reply):
            # 社保能减免吗 → 我们是长春的一家社会团体 → 想问三月份的: the question as completed is the one a
            # follow-up goes on with (its place and employer type too), its messages read as the clauses
            # they were (个体户交社保能减免不，有雇工的，按单位参保的: the yes or no asked, then the facts)
            text = merged.text.replace(" ", "，")
            reply.context = LastAnswer(intent=pending.intent, entities=merged.entities, text=text)
        if (
            reply.pending is None
            and _asked_yes_no(pending.text)
            and not is_not_covered(reply)
            and not short_answers.already_answered(reply.text)
        ):
            first = reply.text.split("\n", 1)[0]
            reply = self.composer.yes_no_answer(pending.intent, reply, merged)
            if reply.text.split("\n", 1)[0] == first:
                # 个体户交社保能减免不 → 有雇工的，按单位参保的: the figures decide nothing (the national rule
                # leaves the rates open) — the rule's own short answer does (参照企业办法)
                reply = self.composer.lead_with_short_answer(reply, pending.intent, merged)
        return reply

    def _yes_no_again(self, pending: PendingQuestion, turn: Turn) -> Plan | None:
        """那长春呢？我离退休还差一年半 while a yes/no answer waits for an optional value (告诉我缴费年限):
        the yes/no question again, whole, with the values told now, so its first line answers it for them
        (resuming would give the conditions card without the 可以 / 不能)."""
        if not pending.text or not _asked_yes_no(pending.text) or not turn.entities:
            return None
        if any(e.get("entity") == pending.asked for e in turn.entities):
            return None  # the value asked for: resumed as asked
        merged = merged_with_pending(pending, turn)
        carried = [without_position(e, merged.text) for e in merged.entities]
        return self._whole_question_again(pending.intent, merged, carried, pending.text)

    def _whole_question_again(
        self, intent: str, merged: Turn, carried: list[dict[str, Any]], text: str
    ) -> Plan | None:
        """The last question asked again whole (its words and the values told since), as a new question.
        The answer only: a questionnaire the whole question would start is not started by a follow-up (the
        user asked again; the card says what is still open)."""
        again = self.question(intent, merged, ConversationState())
        if again.reply is None or _not_an_answer(again.reply):
            return None
        again.reply.context = LastAnswer(intent=intent, entities=carried, text=text)
        return Plan.say(again.reply, no_questionnaire=again.questionnaire is not None)

    def as_last_question(self, turn: Turn, state: ConversationState) -> Plan | None:
        """A question of its own on the last question's topic (那缓了以后最晚什么时候补): answered under that
        topic with the last question's values it does not change, and the passage of the documents it
        matches; when it matches none, the one the last question matched, in the place asked now."""
        last = state.last
        if last is None or not last.intent or last.form:
            return None
        changed = turn.changed_kinds()
        kept = [without_position(e) for e in last.entities if e.get("entity") not in changed]
        whole = dataclasses.replace(turn, entities=[*turn.entities, *kept])
        reply = self.composer.answer(last.intent, whole)
        if _not_an_answer(reply) or reply.pending is not None:
            return None
        before = reply.text
        reply = self.composer.cite(reply, whole)
        if reply.text == before and last.text:
            unplaced = [without_position(e, whole.text) for e in whole.entities]
            reply = self.composer.cite(reply, dataclasses.replace(whole, text=last.text, entities=unplaced))
        reply.context = LastAnswer(intent=last.intent, entities=whole.entities, text=turn.text)
        return Plan.say(reply)

    def continuation(
        self, turn: Turn, state: ConversationState, any_wording: bool = False, covered: bool = False
    ) -> Plan | None:
        """折合每个月呢 / 那个人部分呢 after a question: no value changes, the same question goes on. Answered
        as the last question with this message added to it, under the last question's topic.

        ``any_wording``: the message need not read like a follow-up (the caller found it one otherwise);
        without it only a follow-up of a question that can be followed up goes on. ``covered``: the last
        answer covers what the message asks (see COVERS), so a longer message goes on too."""
        last = state.last
        text = turn.text.strip()
        if (
            last is None
            or not last.intent
            or last.form
            or not last.text
            or not text
            or len(text) > (FOUND_CONTINUATION_MAX_CHARS if covered else CONTINUATION_MAX_CHARS)
            or not (any_wording or (turn.looks_like_follow_up() and last.intent in FOLLOW_UP_INTENTS))
        ):
            return None
        shifted = shift_entities(turn.entities, len(last.text) + 1)  # after the last question and "，"
        before = last.entities
        if turn.says(*EMPLOYEES) and not turn.all("person_type"):
            # 那单位职工的呢 after a 灵活就业 question: the employees, not the last question's person
            before = [e for e in before if e.get("entity") != "person_type"]
        combined = dataclasses.replace(turn, text=f"{last.text}，{text}", entities=[*before, *shifted])
        if len(asked_questions(combined)) > 1:
            # 国家财政补助每人多少 is a question of its own: one answer, to it in the last one's context,
            # not the last question answered again beside it
            own = asked_questions(turn)
            reply = self.composer.scope_reply(combined) or self.composer.cite(
                self.composer.answer_one(last.intent, combined, own[-1].aspect if own else None), combined
            )
        else:
            reply = self.composer.answer(last.intent, combined)
        if _not_an_answer(reply):
            return None
        if (
            _asked_yes_no(last.text)
            and not OWN_QUESTION_WORDS.search(text)
            and reply.pending is None
            and reply.result is not None
            and reply.result.status == OK
            and not short_answers.already_answered(reply.text)
        ):
            # 那如果我是主动辞职的呢 after 能领失业金吗: the yes or no again, for the case told now
            reply = self.composer.yes_no(reply, combined)
        reply.context = LastAnswer(intent=last.intent, entities=combined.entities, text=combined.text)
        return Plan.say(reply)

    def redo_verdict(self, last: LastAnswer, turn: Turn) -> Reply:
        form = str(last.form)
        changed = self.questionnaires.prefill(form, turn)
        slots = {**last.slots, **{k: v for k, v in changed.items() if k in QUESTIONNAIRES[form].slots}}
        reply = self.questionnaires.verdict(form, slots, turn.today)
        changes = "、".join(str(e.get("original") or e.get("value")) for e in turn.entities)
        reply.text = f"按“{changes}”重新测算：\n{reply.text}"
        reply.context = LastAnswer(form=form, slots=slots)
        return reply

    # -- questionnaires ----------------------------------------------------------------------------
    def start_questionnaire(self, turn: Turn, state: ConversationState) -> Plan:
        """帮我逐项测算, or the button under an answer: the questionnaire named, or the last question's."""
        form = turn.value("questionnaire")
        scope = self.composer.scope_reply(turn) if form is None else None
        if scope is not None:
            # 台灣勞保老年年金怎麼算，想先估一下 (read as a request to be walked through): another domain,
            # or a topic the documents do not cover — said so, no questionnaire of ours
            return Plan(reply=scope, no_questionnaire=True)
        if form is None and state.last is not None and turn.entities and CORRECTION.search(turn.text):
            # 不对不对，我要问上海的 (read as "I want to ask…"): the last question, corrected
            return self.value(turn, state)
        if (
            form is None
            and state.last is not None
            and turn.entities
            and not CALCULATION_ASKED.search(turn.text)
        ):
            # 离校半年左右开始干的，这是我第一份活 (read as a request to be walked through): facts for the
            # last question, no calculation asked for
            return self.value(turn, state)
        if form not in QUESTIONNAIRES and state.last is not None:
            form = state.last.form or FORM_FOR_INTENT.get(state.last.intent or "")
        if form not in QUESTIONNAIRES:
            names = "、".join(q.title for q in QUESTIONNAIRES.values())
            text = f"可以帮您测算：{names}。请先告诉我您想了解哪一项，例如“我能领失业金吗”。"
            return Plan(reply=Reply(text, topic="start_questionnaire"), no_questionnaire=True)
        form = str(form)
        prefilled = self.questionnaires.prefill(form, turn)
        intro = QUESTIONNAIRES[form].intro if self.questionnaires.missing(form, prefilled) else None
        return Plan(questionnaire=QuestionnaireStart(form, prefilled, intro))

    def verdict(self, form: str, slots: dict[str, Any], today: dt.date) -> Plan:
        reply = self.questionnaires.verdict(form, slots, today)
        reply.context = LastAnswer(form=form, slots=slots)
        return Plan.say(reply)


# 帮我测算一下 / 一项一项核对: a calculation or a check asked for, which the questionnaires do
CALCULATION_ASKED = re.compile(r"测算|算一算|算算|帮我算|计算|核对|逐项|一项一项|问卷|评估|测一测|查一查")


# Topics a user moves between while telling one situation (失业补助金 → "失业金已经领完了"): facts given after
# one of them complete that question rather than start the other.
BENEFIT_TOPICS = frozenset({"ask_unemployment_benefit", "ask_unemployment_subsidy", "ask_migrant_subsidy"})
CONTRIBUTION_TOPICS = frozenset({"ask_contribution", "ask_contribution_base", "ask_base_limits"})
# 居民医保 / 新农合: the residents' medical scheme, paid at a flat yearly rate the documents state nationally
# (医保发〔2020〕24号), not on a wage base (the residents' pension scheme they do not state)
RESIDENT_SCHEME = re.compile(r"居民医保|居民医疗保险|居民基本医疗|城乡居民医保|新农合")
TOPIC_FAMILIES = (BENEFIT_TOPICS, CONTRIBUTION_TOPICS, frozenset({"ask_reduction", "ask_deferral"}))


# A topic whose answer already gives the figures of others: 灵活就业 answers give the base range, the
# average wage the grades are set from, the rate and the amount; a follow-up read under one of those after
# it still asks about 灵活就业.
COVERS: dict[str, frozenset[str]] = {
    "ask_flexible_employment": frozenset(
        {
            "ask_contribution_base",
            "ask_base_limits",
            "ask_average_wage",
            "ask_contribution_rate",
            "ask_contribution",
        }
    ),
    # a deferral answer says how the deferred months are paid later, on what base (2021年上下限), for
    # flexible workers too (灵活就业暂缓的，以后补的话基数咋定)
    "ask_deferral": frozenset({"ask_contribution_base", "ask_base_limits", "ask_flexible_employment"}),
    # a subsidy's answer states its conditions, the months of unemployment insurance paid among them
    # (刚拿了毕业证，失业保险要交够多久才能申请)
    "ask_skill_subsidy": frozenset({"ask_unemployment_benefit", "ask_policy_faq"}),
}


# 能一直领到退休吗 / 能续发吗 / 还能接着领吗: whether the benefit goes on to retirement
EXTENSION_WORDS = re.compile(r"领到退休|续发|续领|接着(?:领|发|给)|继续(?:领|发|给)|一直领")


BENEFIT_NAMED = re.compile(r"失业金|失业保险金")


def _extension_asked(turn: Turn) -> bool:
    """The benefit's extension to retirement asked, with the time left to retirement told."""
    return (
        turn.asks_question()
        and bool(EXTENSION_WORDS.search(turn.text))
        and turn.years_to_retirement() is not None
    )


# a place or year not covered: another place named is another question, not the same topic placed
UNCOVERED_PLACE_TOPICS = ("not_covered:place", "not_covered:year")


def _names_no_subject(text: str) -> bool:
    """A question naming no topic and no insurance (能降到多少): elliptical, its subject is the last one's."""
    return topic_of(text) is None and social_insurance_word(text) is None


ARTICLE_WORDS_SHARE = 0.5  # of a follow-up's words the last article must hold for it to answer it


def _content_words(text: str) -> list[str]:
    """The words of two characters or more that say what a message is about (jieba's cut, without the
    stop and question words the passage search leaves out)."""
    import jieba  # loaded by the normaliser already

    from bot.passages.tokens import QUESTION_WORD, STOP_WORDS

    return [
        word
        for word in jieba.lcut(text)
        if len(word) >= 2 and word not in STOP_WORDS and not QUESTION_WORD.match(word) and not word.isascii()
    ]


def _with_facts_told(turn: Turn, state: ConversationState) -> Turn:
    """The turn with the facts told before it without a question (the last answer has no intent nor
    form): their words first, then this message's, and their values this message does not change."""
    facts = state.last
    if facts is None or facts.intent is not None or facts.form is not None:
        return turn
    changed = turn.changed_kinds()
    kept = [e for e in facts.entities if e.get("entity") not in changed]
    if not facts.text:
        return dataclasses.replace(turn, entities=[*turn.entities, *map(without_position, kept)])
    shifted = shift_entities(turn.entities, len(facts.text) + 1)
    return dataclasses.replace(turn, text=f"{facts.text}，{turn.text}", entities=[*kept, *shifted])


def _facts_for_another_benefit(intent: str, turn: Turn, state: ConversationState) -> Turn:
    """那还有别的补助没 after 北京干了三年，自己辞的职，失业金能领吗: another benefit of the family, asked
    right after one was answered, is asked for the same person — the facts told then (the place, the years,
    how the job ended) are read with this question, which tells none of its own."""
    last = state.last
    if (
        last is None
        or last.form
        or not last.text
        or last.intent not in BENEFIT_TOPICS
        or intent not in BENEFIT_TOPICS
        or intent == last.intent
        or not SOMETHING_ELSE.search(turn.text)
        or len(turn.text.strip()) > FACTS_MAX_CHARS
    ):
        return turn
    kept = _not_told_again(last.entities, turn)
    return dataclasses.replace(
        turn, background=f"{turn.background}{last.text}，", entities=[*turn.entities, *kept]
    )


def _not_told_again(earlier: list[dict[str, Any]], turn: Turn) -> list[dict[str, Any]]:
    """The values of an earlier message of a kind this turn does not tell, without their positions (they
    stood in that message's text)."""
    told = {e.get("entity") for e in turn.entities}
    return [without_position(e) for e in earlier if e.get("entity") not in told]


def _held(reply: Reply, entities: list[dict[str, Any]], latest_year: int) -> list[dict[str, Any]]:
    """The values a follow-up keeps. 今年能缓交吗 answered 资料中没有收录2026年…: what comes next (那缓了以后
    啥时候补) asks about what the data holds, so the period it does not cover is not kept; nor a year after
    every document's that an article answered instead of figures (今年灵活就业的缴费比例 → 那单位职工的呢)."""
    if reply.result is not None and reply.result.status == NOT_COVERED:
        return [e for e in entities if e.get("entity") != "period"]
    if reply.result is None and reply.topic.startswith("faq:"):
        return [e for e in entities if not (e.get("entity") == "period" and _year(e) > latest_year)]
    return entities


def _year(period: dict[str, Any]) -> int:
    text = str(period.get("date_from") or period.get("value") or "")
    return int(text[:4]) if text[:4].isdigit() else 0


def _with_topic_named(turn: Turn, intent: str) -> Turn:
    """The turn with the topic's name read before its words (失业保险金，要去哪申请): a questionnaire's
    question that names no topic is about the questionnaire's (articles are found by their words)."""
    name = f"{TOPIC_NAMES.get(intent, '')}，"
    return dataclasses.replace(turn, text=name + turn.text, entities=shift_entities(turn.entities, len(name)))


# 折合每个月多少呢 / 那要交什么材料: a continuation asking something of its own (not the yes/no again)
OWN_QUESTION_WORDS = re.compile(r"多少|几|多久|多长|怎么|咋|哪|什么|啥")


def _asked_yes_no(text: str) -> bool:
    """A question and the values given since, joined by spaces (社保能减免吗 我们是长春的一家社会团体): one of
    them asked yes or no."""
    return any(yes_no_form(part) for part in text.split(" "))


def _not_an_answer(reply: Reply) -> bool:
    """Not covered, out of scope or no article found: the message is better answered as it stands."""
    return reply.topic.startswith(("not_covered", "out_of_scope")) or reply.topic == "faq:none"


def _same_family(intent: str, other: str) -> bool:
    return intent == other or any(intent in family and other in family for family in TOPIC_FAMILIES)


# 离法定退休就差8个月 / 距退休不到1年: how far the asker is from retirement, a fact of the case and no value
# of the last question (8个月 is no contribution record): the question is answered again with it instead
TO_RETIREMENT_BEFORE = re.compile(r"(?:离|距|距离)(?:法定)?退休(?:年龄)?[^，。,；;]{0,6}$")


def _changed_values(turn: Turn) -> list[dict]:
    """The entities of a message that change a value of the last question."""
    return [
        e
        for e in turn.entities
        if not (
            e.get("entity") == "duration"
            and isinstance(e.get("start"), int)
            and TO_RETIREMENT_BEFORE.search(turn.text[: int(e["start"])])
        )
    ]


# the values of a case (where, when, how much, how long, who): a question naming none of them goes on
# with the last one's
CASE_VALUES = frozenset({"city", "money", "duration", "period", "enterprise_type", "people", "office"})
FLEXIBLE = "ask_flexible_employment"
MIGRANT = "ask_migrant_subsidy"
BENEFIT, SUBSIDY = "ask_unemployment_benefit", "ask_unemployment_subsidy"
# 不对，我问的是… / 我说的是… / 我是说… / 打错了，应该是天津 / 我要问上海的: a correction of the last question
CORRECTION = re.compile(
    r"^(?:不对|不是|错了|[打写说]错了?)|我(?:问|说|指)的是|我是(?:问|说)|应该是|我[要想]问(?:的是)?[^，。,？?]{1,8}的[吧呢啊]?$"
)


def _verdict_of(reply: Reply) -> tuple[str, ...]:
    """What a calculation decided: its status and the conditions met, failed or still open."""
    result = reply.result
    if result is None:
        return ()
    return (result.status, str(result.eligible), *(f"{c.label}={c.met}" for c in result.conditions))


def _declined(text: str, entity: dict[str, Any]) -> bool:
    """不要长春的 / 不是长春 / 除了长春: the place is named to be left out."""
    start = entity.get("start")
    return (
        isinstance(start, int)
        and re.search(r"(?:不要|不是|除了|别说|不问)$", text[max(0, start - 3) : start]) is not None
    )


def _is_verdict(line: str) -> bool:
    """A first line that answers yes or no (是 / 不是 / 可以 / 不能 / 视情况 …), not one heading figures."""
    return not line.startswith("【") and (
        line.startswith(("是", "不是", "可以", "不能", "不用", "要交", "视情况", "需要", "不需要"))
        or short_answers.is_short_answer(line)
    )


# topics whose rules the national documents set for every place (人社部发〔2020〕11号/40号/49号): a city the
# data lacks is answered with them; the amounts of the subsidies are national too (不超过…的80%, 6个月)
NATIONAL_RULE_INTENTS = frozenset(
    {
        "ask_reduction",
        "ask_deferral",
        "ask_unemployment_subsidy",
        "ask_migrant_subsidy",
        "ask_unemployment_benefit",
    }
)
NATIONAL_AMOUNT_INTENTS = frozenset({"ask_reduction", "ask_deferral"})
LOCAL_ASPECTS = (aspects.AMOUNT, aspects.CONTACT)  # a figure or an office each place has of its own


def _same_rule(one: Result, other: Result) -> bool:
    """Two results state the same figures and rules (a province's answer that is only the national one)."""
    return {k: f.value for k, f in one.figures.items()} == {
        k: f.value for k, f in other.figures.items()
    } and [c.label for c in one.conditions] == [c.label for c in other.conditions]


def _asks_an_aspect_only(turn: Turn) -> bool:
    """要什么材料 / 去哪办 / 要满足什么条件 read as out of scope: a short question with an aspect word of
    its own and nothing else — about the last answer's topic."""
    questions = asked_questions(turn)
    return (
        0 < len(questions) <= 2  # 涨了多少 哪几个月: two aspects of the same answer
        and all(q.aspect in ASPECT_FOLLOW_UPS for q in questions)
        and all(q.aspect != aspects.AMOUNT or MONEY_VERB.search(q.text) is not None for q in questions)
        and len(turn.text.strip()) <= CONTINUATION_MAX_CHARS
        and not turn.entities
    )


ASPECT_FOLLOW_UPS = (
    aspects.PROCEDURE,
    aspects.CONDITIONS,
    aspects.DURATION,
    aspects.DEADLINE,
    aspects.CONTACT,
    aspects.AMOUNT,  # 大概能返多少 after the job-retention answer (with a verb of paying or receiving)
)
MONEY_VERB = re.compile(r"[领拿返发补交缴退扣涨降]|提高|增加|减少")  # 涨了多少: a figure that changed


def _benefit_kept(intent: str, turn: Turn, state: ConversationState) -> str:
    """我在北京…失业保险才交了八个月，一个月能拿多少 after 失业补助金能领几个月: a question that names no
    benefit, read as another of the family, asks about the benefit asked before — unless the facts told
    move it (the benefit ran out: the subsidy; a migrant worker: the allowances; 别的 asks for another)."""
    last = state.last
    if (
        last is None
        or last.form
        or last.intent not in BENEFIT_TOPICS
        or intent not in BENEFIT_TOPICS
        or intent == last.intent
        or topic_of(turn.text) is not None
        or benefit_ran_out(turn.text)
        or turn.migrant_worker()
        # 我是农民工…(the benefit's answer)…像我这样能领什么补助: the allowances of migrant workers, read so
        or (intent == MIGRANT and _told_migrant(last.entities))
        or SOMETHING_ELSE.search(turn.text)  # 那还有别的补助没: another benefit than the one answered
    ):
        return intent
    return last.intent


def _another_place(turn: Turn, last: LastAnswer) -> bool:
    """The message names a city other than the one the last question named (none named there: none is)."""
    before = {e.get("value") for e in last.entities if e.get("entity") == "city"}
    return bool(before) and bool({e.get("value") for e in turn.all("city")} - before)


def _told_migrant(entities: list[dict[str, Any]]) -> bool:
    return any(e.get("entity") == "person_type" and e.get("value") == "migrant" for e in entities)


# 还有别的能领吗 / 还能领点啥: what else one can receive
SOMETHING_ELSE = re.compile(
    r"别的|其他|其它|还有(?:什么|啥|没有)|还能领(?:点)?(?:什么|啥)|还有.{0,3}补助"
    # 领完失业金的还能接着领点钱 / 听说出了个新政策: money after the benefit, which is the subsidy
    r"|(?:接着|继续|还能)领点|领点钱|新政策|新出的"
)


def _after_the_benefit(intent: str, turn: Turn, state: ConversationState) -> str:
    """失业金领完了还有别的能领吗: what follows the benefit once it ran out is the subsidy
    (人社部发〔2020〕40号 三), not the benefit's questionnaire again; so is 失业金领完了…能领吗 asked
    after the subsidy's answer or while its questionnaire runs."""
    if intent != BENEFIT or not benefit_ran_out(turn.text):
        return intent
    about_subsidy = (state.last is not None and state.last.intent == SUBSIDY) or (
        INTENT_FOR_FORM.get(state.active_form or "") == SUBSIDY
    )
    return SUBSIDY if SOMETHING_ELSE.search(turn.text) or about_subsidy else intent


PHONE = "ask_phone"


# 2019年月平均工资是20000元 / 上年工资才2500: a wage told with its amount (the basis of a contribution)
WAGE_TOLD = re.compile(
    r"(?:\d{4}年|上年度?|去年)?的?(?:月平均|月均|平均|月)?工资(?:是|为|有|才|只有|大概|约)?\d+(?:\.\d+)?(?:元|块)?"
)


AVERAGE_WAGE = "ask_average_wage"


def _topic_named(intent: str, turn: Turn) -> str:
    """2020年5月的养老保险单位那部分还用交吗 read as a contribution question: when the message's words name
    one topic only, of another family than the classifier's and without a word of its own, the words win
    (a broad reading such as 社保交多少 gives way to the specific rule named). Within a family (失业金 and
    失业补助金, 基数 and 基数上下限) and for two questions the classifier's reading stands."""
    if intent not in QUESTION_INTENTS or intent in (GENERAL, FLEXIBLE, PHONE):
        # 打零工自己交养老: a flexible worker's question seldom names its topic; 失业金找哪个部门 asks a
        # contact of any topic
        return intent
    asking = _asking_clause(turn.text)  # 上年月平均工资5000，…每个月要扣多少钱: a wage told, not asked
    told = WAGE_TOLD.sub("，", turn.text)
    if (
        intent == AVERAGE_WAGE
        and told != turn.text
        and AVERAGE_WAGE not in topics_in(told)
        and PAY_ASKED.search(asking)
    ):
        # 2019年月平均工资是20000元，2020年3月他个人要交的养老保险费是多少: the wage is told, the
        # contribution on it asked
        return "ask_contribution"
    # 灵活就业的养老交不起了咋办 (a deferral): who asks is no topic, so a flexible worker is never a switch
    named = {t for t in topics_in(asking) if t in QUESTION_INTENTS and t not in (GENERAL, FLEXIBLE)}
    # 2019年月平均工资是20000元，2020年3月个人要交多少: the wage told names no average-wage question
    if len(named) != 1 or intent in named or intent in topics_in(told) or len(asked_questions(turn)) > 1:
        return intent
    (topic,) = named
    return intent if _same_family(intent, topic) else topic


SAVING = re.compile(r"少交|少缴|省了|省多少|省下|减了多少|减免了多少")


def _one_place(turn: Turn) -> list[dict[str, Any]]:
    """The cities named, each place once (武汉的集团公司…子公司也在武汉: one place, named twice)."""
    seen: dict[Any, dict[str, Any]] = {}
    for entity in turn.all("city"):
        seen.setdefault(entity.get("value"), entity)
    return list(seen.values())


def _same_place(entity: dict[str, Any], city: dict[str, Any]) -> bool:
    return entity.get("entity") == "city" and entity.get("value") == city.get("value")


def _migrant_allowance_unnamed(intent: str, turn: Turn, state: ConversationState) -> str:
    """女儿在北京失业了，想问问有什么补助 opening a conversation, read as the migrant workers' allowance: with
    no migrant worker told and no allowance of theirs named, the insured's own 失业补助金 is the help asked
    about — the migrant allowance's answer would take the asker for a migrant worker."""
    if intent != "ask_migrant_subsidy" or turn.migrant_worker() or MIGRANT_NAMED.search(turn.text):
        return intent
    if state.last is not None or state.last_topic is not None or state.pending is not None:
        return intent  # 我是农民工… then 有啥补助能领不: what was told before may make the asker one
    return "ask_unemployment_subsidy"


# 农民工 / 临时生活补助 / 农民合同制工人: the migrant workers' allowances or their people named
MIGRANT_NAMED = re.compile(r"农民工|民工|农民合同制|生活补助|农村|农业户口|外来务工|打工|进城务工|工地")


def _reduced_contribution_asked(intent: str, turn: Turn) -> str:
    """长春大型国企，员工2020年3月缴费基数6000，单位给他交的养老是多少？不是说大企业减半嘛: a base told and
    what is paid on it asked — the contribution, with the reduction of the employer type and month applied,
    not the reduction's table alone."""
    if intent != "ask_reduction" or turn.money is None or turn.names_unit_total() or SAVING.search(turn.text):
        return intent  # 减半那阵子单位每月少交多少: what the reduction saved, its own answer
    asked = asking_clauses(turn.text)
    return "ask_contribution" if any(PAY_ASKED.search(clause) for clause in asked) else intent


# 减半 / 免征 / 减免: a reduction named
REDUCTION_NAMED = re.compile(r"减半|免征|减免|全免|免交|免缴")


def _saving_asked(intent: str, turn: Turn) -> str:
    """大型企业…单位的养老和失业都是减半，这一个人单位部分一个月省了多少钱: what the reduction saved, asked
    in a contribution's words — the reduction's own answer (its saving on the base told)."""
    if intent != "ask_contribution" or not REDUCTION_NAMED.search(turn.text):
        return intent
    return "ask_reduction" if any(SAVING.search(c) for c in asking_clauses(turn.text)) else intent


# 单位和个人各交多少 / 分别是多少: the shares of the employer and the employee
SHARES_ASKED = re.compile(r"各|分别|(?:单位|公司)和个人|个人和(?:单位|公司)")


def _rate_shares_asked(intent: str, turn: Turn, state: ConversationState) -> str:
    """单位和个人各交多少 right after the rates' answer (失业保险费率现在是多少 → 长春): with no wage told,
    the shares can only be the rates again — not the contribution calculator's questionnaire."""
    last = state.last
    if (
        intent != "ask_contribution"
        or last is None
        or last.form
        or last.intent != "ask_contribution_rate"
        or turn.money is not None
        or not SHARES_ASKED.search(turn.text)
        or len(turn.text.strip()) > FACTS_MAX_CHARS
    ):
        return intent
    return "ask_contribution_rate"


def _late_fee_of_a_deferral(intent: str, turn: Turn) -> str:
    """批下来缓交了，缓交这段时间是不是还得交滞纳金: the late fee during an approved deferral is the
    deferral's rule (缓缴期间免收滞纳金), answered where no late-fee rate is known for the place too."""
    if intent != "ask_late_fee" or not any(word in turn.text for word in DEFERRAL_WORDS):
        return intent
    if turn.money is not None:  # 欠5000元晚了十天: the late-fee calculator works it out (0元 while deferred)
        return intent
    return "ask_deferral"


def _rate_asked_again(pending_intent: str, intent: str, turn: Turn) -> bool:
    """长春的 2020年上半年 单位和个人各交多少 after 社保缴费比例是多少 (which asked the city): the rate
    question with its place and detail — without a wage, 各交多少 can only be the shares, not amounts."""
    return pending_intent == "ask_contribution_rate" and intent == "ask_contribution" and turn.money is None


TIER_ASKERS = ("ask_average_wage", "ask_contribution_base", "ask_base_limits")


def _names_tiers(text: str) -> bool:
    """定档次 / 选档: the contribution tiers a flexible worker chooses from (answering.yml)."""
    return any(str(word) in text for word in aspects.vocabulary().raw.get("flexible_tier_words") or ())


# schemes beside social insurance whose own articles answer (北京's housing-fund ratio): a rate or a date
# asked next, naming no scheme, is still about them, whatever topic the classifier read
SCHEMES_WITH_ARTICLES = {"housing_fund": "公积金"}  # the scheme -> the word its articles name it by


def _scheme_goes_on(last: LastAnswer, turn: Turn) -> bool:
    """我們受疫情影響挺困難的，比例能往下降嗎 after the article on the housing fund's ratio: the scheme the
    last question named goes on when this one names none."""
    return not turn.all("insurance_type") and any(
        e.get("entity") == "insurance_type" and e.get("value") in SCHEMES_WITH_ARTICLES for e in last.entities
    )


def _with_place_note(text: str, note: str) -> str:
    """The note on whose rules these are (a province's, the country's) before the figures: a verdict
    (是全免：…) stays the first line."""
    head, _, rest = text.partition("\n")
    return f"{head}\n{note}\n{rest}" if _is_verdict(head) else f"{note}\n{text}"


def _joined_to_last(last: LastAnswer, turn: Turn) -> Turn:
    """This message read after the last question, as one text: the last question's values without their
    positions, this one's shifted past it."""
    return dataclasses.replace(
        turn,
        text=f"{last.text}，{turn.text.strip()}",
        entities=[
            *(without_position(e) for e in last.entities),
            *shift_entities(turn.entities, len(last.text) + 1),
        ],
    )


def _retirement_told_after_subsidy(last: LastAnswer, turn: Turn) -> bool:
    """我离法定退休年龄还差十个月 after the subsidy offered for a benefit that ran out: near retirement the
    benefit itself may go on (人社部发〔2020〕40号 二), so the benefit's rules decide it."""
    return last.intent == SUBSIDY and benefit_ran_out(last.text) and turn.years_to_retirement() is not None


# 要交多少 / 实际交多少: what is paid asked, beside a reduction the message names
PAYING_ASKED = re.compile(r"(?:要|得|实际|该|应该|一共)?(?:交|缴)(?:多少|几)")


# 缴费基数是六千 / 月薪是25000元: the amount a payment is worked out on, told
BASE_TOLD = re.compile(r"(?:基数|工资|月薪|薪水)(?:是|为|按|都是|核定为|定的是|报的|有|才|只有|大概|约)?\d")


# 缴费基数就按下限走 / 按最低基数交: the base is the lower limit (the calculator's default, no wage told)
FLOOR_TOLD = re.compile(r"按(?:缴费基数)?(?:的)?(?:下限|最低)|(?:下限|最低基数|最低档)(?:走|交|缴|算)")


def _payment_on_a_base_told(intent: str, turn: Turn) -> str:
    """有个员工2020年3月的缴费基数是六千，他那份单位缴的养老保险实际要交多少, read as a general question:
    an insurance's payment on a base told is the contribution calculator's, not an article on how the base
    is set."""
    if intent not in (GENERAL, "ask_contribution_base", "ask_base_limits"):
        return intent
    if not (BASE_TOLD.search(turn.text) or FLOOR_TOLD.search(turn.text)):
        return intent
    if not (turn.all("insurance_type") or turn.insurances_named()):
        return intent
    # (缴费基数3000…个人的养老、失业一共要扣多少？单位这两项还用交吗: the payment asked, not the base told)
    asking = [c for c in CLAUSE_END.split(turn.text) if c and asks_question(c)]
    return "ask_contribution" if any(PAY_ASKED.search(c) for c in asking) else intent


def _subsidy_after_the_benefit(intent: str, turn: Turn) -> str:
    """失业金领完了还没找到活，想申请失业补助金。在哪儿申请: the benefit named as what ran out, the subsidy
    as what is wanted — the subsidy's question (its procedure), not the benefit's extension."""
    if intent != BENEFIT or "失业补助金" not in turn.text or not benefit_ran_out(turn.text):
        return intent
    return "ask_unemployment_subsidy"


LATE_FEE_SET_ASIDE = re.compile(
    r"滞纳金(?:的话)?(?:先|就|暂时|暂且|另外)?(?:不管|不用管|另外算|另算|不算|先不算|除外|不考虑|不用算|单独算)"
)


def _late_fee_set_aside(intent: str, turn: Turn) -> str:
    """…按下限每人一个月得交多少？6个人一共多少？滞纳金先不管: the late fee is named only to be left out;
    the payment asked is the contribution."""
    if intent != "ask_late_fee" or not LATE_FEE_SET_ASIDE.search(turn.text):
        return intent
    return "ask_contribution" if PAY_ASKED.search(LATE_FEE_SET_ASIDE.sub("", turn.text)) else GENERAL


def _limits_asked_in_general(intent: str, turn: Turn) -> str:
    """长春个人缴费基数是不是有封顶 read as a general question: the limits of an employee's base are the
    figures asked (an article on a flexible worker's grades, or on the residents' scheme's 封顶线, is not),
    when a city is named and the clause that asks names them and no other topic; a flexible worker or 个体户
    keeps the general route (their grades are articles)."""
    if intent != GENERAL or turn.value("person_type") or SELF_EMPLOYED.search(turn.text):
        return intent
    if not turn.region:  # 2020年社保缴费基数下限会涨吗: the national article (各省可继续执行2019年标准)
        return intent
    asking = _asking_clause(turn.text)
    if "基数" not in asking:  # 企业年金单位缴费有没有上限: a limit of something else than a base
        return intent
    named = set(topics_in(asking))
    # (算经济补偿的封顶基数: another figure's base, named in the message)
    if not set(topics_in(turn.text)) <= BASE_FAMILY or "经济补偿" in turn.text:
        return intent
    return "ask_base_limits" if "ask_base_limits" in named and named <= BASE_FAMILY else intent


BASE_FAMILY = frozenset({"ask_base_limits", "ask_contribution_base"})
SELF_EMPLOYED = re.compile(r"灵活就业|个体|自由职业|打零工|个人身份")


def _employers_total_base(intent: str, turn: Turn) -> str:
    """全单位缴费基数加起来三十万，单位那块养老交多少 / 这个月一共省下多少: the employer's base for all its
    staff told — what the employer pays on it (the contribution), or what a reduction saves on it — not
    one employee's base, which the limits would cap."""
    if intent not in (*CONTRIBUTION_TOPICS, "ask_contribution_rate", "ask_reduction"):
        return intent
    if (
        # (a contribution question's own answer says what staff on one wage save in a month; a span of
        # months named is the reduction's, which adds the months up)
        (intent == "ask_contribution_base" or (intent == "ask_contribution" and span_months(turn)))
        and turn.money
        and (turn.enterprise or enterprise_size(turn.text))
        and turn.says(*SAVING_WORDS)
        and not turn.names_unit_total()
    ):
        # 小微企业，8个员工基数都按4000报，一共能省多少 / 小型贸易公司…单位的养老保险总共免了多少: what
        # the reduction saves
        return "ask_reduction"
    if not turn.names_unit_total():
        return intent
    if turn.enterprise and turn.says(*SAVING_WORDS):
        return "ask_reduction"
    if intent == "ask_reduction" and not PAYING_ASKED.search(turn.text):
        return intent  # 基数加起来50万，减免多少: the reduction's own question
    return "ask_contribution"


def _flexible_tiers(intent: str, turn: Turn) -> str:
    """灵活就业上半年交，按哪年的平均工资定档次: a flexible worker's tiers, which the flexible-employment
    answer gives with the year and the wage, not the average-wage table (whose 长春 row the data does not
    hold). After a flexible-employment answer the same question goes on with it (same_question, covered)."""
    if intent not in TIER_ASKERS or not _names_tiers(turn.text):
        return intent
    flexible = FLEXIBLE in topics_in(turn.text) or turn.value("person_type") == "flexible"
    return FLEXIBLE if flexible else intent


CLAUSE_END = re.compile(r"[，,。；;！!？?\s]+")


def _asking_clause(text: str) -> str:
    """The clause of a message that asks: the last one with a question mark, else the last one."""
    clauses = [c for c in CLAUSE_END.split(text) if c]
    asked = [c for c in clauses if asks_question(c)]
    return (asked or clauses or [""])[-1]


def _as_employer(intent: str, turn: Turn) -> tuple[str, Turn]:
    """A self-employed business insured as an employer asks as an employer (减免, 缓缴 of the unit's
    contributions), not as a flexible worker paying alone: the topic its words name, else the general
    question route, with its employer type known."""
    if not aspects.SELF_EMPLOYED_EMPLOYER.search(turn.text):
        return intent, turn
    # its 个体户 is read as a flexible worker by the lexicon: an employer instead
    entities = [
        e for e in turn.entities if not (e.get("entity") == "person_type" and e.get("value") == "flexible")
    ]
    if not any(e.get("entity") == "enterprise_type" for e in entities):
        entities.append({"entity": "enterprise_type", "value": "individual_business_unit"})
    turn = dataclasses.replace(turn, entities=entities)
    if intent != FLEXIBLE:
        return intent, turn
    named = [t for t in topics_in(turn.text) if t != FLEXIBLE and t in QUESTION_INTENTS]
    return (named[0] if named else "ask_policy_faq"), turn
