"""Comparisons of two employer types (大企业和小微企业) and of two places' rules on one point
(长春和上海续发到退休): each side answered in turn, not one side alone or an article comparing two
other things."""

from __future__ import annotations

from tests.asking import ask


def test_two_employer_types_are_each_answered(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春大企业和小微企业2020年社保减免有啥区别", "ask_reduction")
    assert "① 大企业" in reply.text and "② 小微企业" in reply.text, reply.text
    assert "减半征收" in reply.text and "免征" in reply.text


def test_two_places_are_compared_rather_than_two_benefits(planner, lexicon) -> None:
    text = "失业金领完续发到退休这个，长春和上海的条件有啥不一样"
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply.topic != "faq:unemployment_benefit_vs_subsidy", reply.text
    assert "不足1年" in reply.text and "不足2年" in reply.text


def test_one_type_named_twice_is_no_comparison(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "小微企业和小微企业的减免有啥区别", "ask_reduction")
    assert "②" not in reply.text, reply.text


def test_benefit_and_subsidy_keep_their_article(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "失业金和失业补助金有什么区别", "ask_unemployment_benefit")
    assert reply.topic == "faq:unemployment_benefit_vs_subsidy", reply.text


def test_the_national_rule_beside_a_citys(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "失业金领完了又快退休的，全国的政策跟上海的政策有啥不同？",
        "ask_unemployment_benefit",
    )
    national, _, shanghai = reply.text.partition("② 上海")
    assert "① 全国" in national and "不足1年" in national and "沪府规" not in national, reply.text
    assert "不足2年" in shanghai


def test_a_city_alone_is_no_national_comparison(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "上海失业金领完了又快退休的，政策有啥不同", "ask_unemployment_benefit")
    assert "① 全国" not in reply.text
