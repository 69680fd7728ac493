"""FAQ retrieval picks the right article for questions phrased differently from the article."""

from __future__ import annotations

import pytest

from bot.answers.render import render_faq
from bot.faq import FaqIndex
from bot.kb.store import PolicyStore


@pytest.fixture(scope="module")
def index(store: PolicyStore) -> FaqIndex:
    return FaqIndex(store)


@pytest.mark.parametrize(
    ("question", "region", "article"),
    [
        ("台湾同胞在长春上班社保怎么交", "changchun", "cc_hmt_residents"),
        ("我们公司要关门了，社保登记怎么注销", "changchun", "cc_deregistration"),
        ("日本籍员工可以不交养老保险吗", "changchun", "cc_foreign_employees"),
        ("北京的社保卡掉了", "beijing", "bj_card_replacement"),
        ("送外卖的能不能自己交社保", None, "wh_new_economy_workers"),
        ("2020年城乡居民医疗保险个人缴多少", None, "resident_medical_2020"),
        ("领失业金要带离职证明吗", None, "unemployment_claim_documents"),
        ("被拖欠工资想申请法律援助", None, "legal_aid_labor_disputes"),
        ("北京五险一金基数申报截止到哪天", "beijing", "bj_wage_declaration"),
        ("公司困难能降低公积金缴存比例吗", "beijing", "bj_housing_fund_ratio"),
        ("单位换了经办人要去哪备案", "changchun", "cc_agent_change"),
        ("六十多岁从来没交过养老保险还能参加吗", None, "wh_elderly_catch_up"),
    ],
)
def test_retrieval(index: FaqIndex, question: str, region: str | None, article: str) -> None:
    hits = index.search(question, region)
    assert hits and hits[0].article.id == article, [(h.article.id, h.score) for h in hits]


@pytest.mark.parametrize(
    "question", ["今天天气怎么样", "给我讲个笑话", "股票明天会涨吗", "asdfghjkl", "", "。。。"]
)
def test_unrelated_questions_find_nothing(index: FaqIndex, question: str) -> None:
    assert index.search(question) == []


def test_every_article_answers_its_own_sample_questions(index: FaqIndex, store: PolicyStore) -> None:
    for article in store.faq_articles():
        for question in article.questions:
            hits = index.search(question, article.region)
            assert hits and hits[0].article.id == article.id, (
                question,
                [(h.article.id, h.score) for h in hits],
            )


def test_rendered_article_carries_source_and_region(store: PolicyStore) -> None:
    text = render_faq(store, store.kb.faq["cc_foreign_employees"])
    assert "长社保〔2020〕1号" in text and "2020年4月11日" in text and "长春的规定" in text


# -- procedure questions asked under a topic intent (data/policy/faq_routing.yml) ----------------------------


def test_routing_names_real_articles_and_topic_intents(store: PolicyStore) -> None:
    from bot.answers.service import Answerer
    from bot.faq import FaqRouting

    routing = FaqRouting.load()
    answerer = Answerer(store)
    assert routing.procedure_words and routing.articles
    for intent, article_ids in routing.articles.items():
        assert intent in answerer.handlers and intent != "ask_policy_faq", intent
        assert article_ids and all(a in store.kb.faq for a in article_ids), (intent, article_ids)


def _turn(text: str):
    import datetime as dt

    from bot.answers.turn import Turn

    return Turn(text=text, entities=[], city=None, enterprise_type=None, today=dt.date(2026, 11, 22))


@pytest.mark.parametrize(
    ("intent", "question", "article"),
    [
        ("ask_unemployment_subsidy", "领失业补助金要准备啥材料", "unemployment_claim_documents"),
        ("ask_unemployment_subsidy", "应征入伍了，失业补助金还发吗", "unemployment_subsidy_stop"),
        ("ask_unemployment_benefit", "去领失业金要带哪些证件", "unemployment_claim_documents"),
        ("ask_migrant_subsidy", "临时生活补助网上怎么申请", "bj_subsidy_application"),
        ("ask_skill_subsidy", "职称证书网上查不到还能申请补贴吗", "tj_certificate_check"),
        ("ask_reduction", "减免期间单位还要按月申报吗", "reduction_processing"),
    ],
)
def test_procedure_question_gets_the_topic_article(
    store: PolicyStore, intent: str, question: str, article: str
) -> None:
    from bot.answers.service import Answerer

    reply = Answerer(store).answer(intent, _turn(question))
    assert reply.topic == f"faq:{article}", reply.text
    assert "依据：" in reply.text  # the article's source document and number


@pytest.mark.parametrize(
    ("intent", "question"),
    [
        ("ask_unemployment_subsidy", "北京失业补助金每月多少钱"),
        ("ask_unemployment_benefit", "北京交了7年失业保险能领多少失业金"),
        ("ask_skill_subsidy", "交了40个月失业保险，拿到大专学历证书能领补贴吗"),
        ("ask_reduction", "长春小微企业2020年3月养老保险免不免"),
        ("ask_deferral", "长春企业2020年5月经营困难，社保最长能缓缴多久"),  # no articles routed for deferral
        ("ask_late_fee", "欠缴3000元晚了20天滞纳金多少"),
        (
            "ask_unemployment_subsidy",
            "失业补助金和失业保险金可以同时领吗",
        ),  # the figures' notes say 不同时享受
        ("ask_skill_subsidy", "学历补贴和职称补贴能同时领吗"),
    ],
)
def test_figure_questions_stay_with_the_calculator(store: PolicyStore, intent: str, question: str) -> None:
    from bot.answers.service import Answerer

    answerer = Answerer(store)
    assert answerer.procedure_faq(intent, _turn(question)) is None
    assert not (answerer.answer(intent, _turn(question)).topic or "").startswith("faq:")
