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


@pytest.mark.parametrize("question", ["今天天气怎么样", "给我讲个笑话", "股票明天会涨吗", "asdfghjkl", "", "。。。"])
def test_unrelated_questions_find_nothing(index: FaqIndex, question: str) -> None:
    assert index.search(question) == []


def test_every_article_answers_its_own_sample_questions(index: FaqIndex, store: PolicyStore) -> None:
    for article in store.faq_articles():
        for question in article.questions:
            hits = index.search(question, article.region)
            assert hits and hits[0].article.id == article.id, (question, [(h.article.id, h.score) for h in hits])


def test_rendered_article_carries_source_and_region(store: PolicyStore) -> None:
    text = render_faq(store, store.kb.faq["cc_foreign_employees"])
    assert "长社保〔2020〕1号" in text and "2020年4月11日" in text and "长春的规定" in text
