"""Words that name something other than what is asked: an uncovered topic inside a condition
(要是…领退休金了，补助金还发吗), a place that qualifies people (在北京招了个香港员工), the year of a statistic
in another question of the message (2019年社平工资 beside a question about today's base range), the
points of Changchun's credit rating (扣分) that are no driving-licence points."""

from __future__ import annotations

import pytest

from bot.answers.scope import out_of_scope_topic
from tests.asking import ask


def test_an_uncovered_topic_inside_a_condition_is_not_what_is_asked(planner, lexicon) -> None:
    text = "领着失业补助金呢，要是这期间开始领退休金了，补助金还接着发吗"
    reply = ask(planner, lexicon, text, "ask_unemployment_subsidy")
    assert "没有涉及养老金" not in reply.text, reply.text
    assert "停发" in reply.text and "人社部发〔2020〕40号" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "如果交满15年，退休金能领多少",  # the condition is covered, the question is not
        "要是退保的话，能拿回多少钱",  # nothing covered is left outside the condition
        "退休金能领多少",
    ],
)
def test_an_uncovered_topic_asked_about_stays_uncovered(text) -> None:
    topic = out_of_scope_topic(text)
    assert topic is not None and topic.kind == "uncovered", text


def test_a_place_qualifying_people_beside_a_covered_place_is_their_origin(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "公司在北京招了个香港员工，社保网上平台登记不了，疫情期间怎么给他办参保")
    assert not reply.topic.startswith("not_covered"), reply.text
    assert "暂未收录“香港”" not in reply.text


def test_a_place_alone_before_people_is_still_the_place_asked(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "广州员工的社保缴费基数上限是多少", "ask_base_limits")
    assert reply.topic == "not_covered:place" and "广州" in reply.text, reply.text


def test_the_year_of_a_statistic_stays_with_its_own_question(planner, lexicon) -> None:
    text = "天津2019年社平工资多少 灵活就业交养老基数能在什么范围里选"
    reply = ask(planner, lexicon, text, "ask_flexible_employment")
    assert "6323" in reply.text, reply.text  # the 2019 average wage
    assert "3364" in reply.text and "18969" in reply.text  # the flexible workers' range, not "2019: not held"
    assert "没有收录天津2019年" not in reply.text


def test_credit_rating_points_are_no_driving_licence_points(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "长春社保搞的那个信用打分是啥意思，扣分多了会咋样")
    assert "不属于社保" not in reply.text and "交通违章" not in reply.text, reply.text
    assert "红黄绿灯" in reply.text and "长社保〔2020〕1号" in reply.text


def test_licence_points_are_still_out_of_scope(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "驾照扣分了怎么消")
    assert "不属于社保" in reply.text and reply.topic == "out_of_scope:traffic", reply.text


@pytest.mark.parametrize("text", ["", "   ", "要是，", "如果" * 300, "要是<script>，补助金还发吗"])
def test_bad_input_around_conditions_gets_a_polite_reply(planner, lexicon, text) -> None:
    reply = ask(planner, lexicon, text)
    assert reply is None or isinstance(reply.text, str)


def test_jiao_written_either_way_matches_an_articles_keyword(store) -> None:
    from bot.faq import FaqIndex, bigrams

    assert bigrams("补交") == bigrams("补缴")
    hits = FaqIndex(store).search("乌海的，我妈今年62了，这辈子一分社保没交过，现在还来得及补交吗", "wuhai")
    assert hits and hits[0].article.id == "wh_elderly_catch_up", hits


def test_a_transfer_or_retirement_during_a_deferral_is_panzhihuas_article(planner, lexicon) -> None:
    text = "攀枝花公司社保在缓缴期间，有员工要调去外地、还有人要办退休领待遇，咋处理"
    reply = ask(planner, lexicon, text, "ask_deferral")
    assert reply.topic == "faq:pzh_deferral_transfer", reply.text
    assert "一人一事" in reply.text
    # without the deferral, retiring and transferring stay topics the documents do not cover
    assert ask(planner, lexicon, "办退休要什么手续").topic == "not_covered:retirement"
    assert ask(planner, lexicon, "社保怎么转到老家").topic == "not_covered:transfer"
