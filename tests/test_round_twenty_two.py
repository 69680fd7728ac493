"""Round twenty-two: a contribution record told as "N多年" (二十多年: at least twenty years, fewer than
thirty), read as its lower bound unless the range reaches into the next bracket of the monthly amount."""

from __future__ import annotations

import pytest

from bot.text.normalize import normalize
from tests.asking import ask, first_line, turn_of


# -- a record told as "N多年" ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "normalised"),
    [("交了二十多年", "交了20多年"), ("干了十多年", "干了10多年"), ("很多年了", "很多年了")],
)
def test_a_record_of_n_odd_years_is_written_in_digits(text, normalised) -> None:
    assert normalize(text).text == normalised


def test_twenty_odd_years_reads_as_the_top_bracket(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "北京的 失业保险我交了二十多年了 被裁了 一个月能领多少失业金",
        "ask_unemployment_benefit",
    )
    assert "1925" in first_line(reply), reply.text
    assert "满20年以上" in reply.text


def test_ten_odd_years_straddles_two_brackets(planner, lexicon) -> None:
    reply = ask(
        planner, lexicon, "北京的，失业保险交了十多年，被公司辞退了，每月能领多少", "ask_unemployment_benefit"
    )
    assert "跨了不同档次" in first_line(reply) and "满10年" in first_line(reply), reply.text
    assert "1870" in reply.text and "1897" in reply.text  # both brackets the range reaches


def test_n_odd_years_is_still_a_record_for_a_threshold(lexicon) -> None:
    turn = turn_of(lexicon, "长春的，失业保险交了十多年，能领失业金吗")
    assert turn.years() == 10 and turn.years_below() == 20


def test_years_ago_is_no_record(lexicon) -> None:
    turn = turn_of(lexicon, "十多年前就参保了，现在能领失业金吗")
    assert turn.years() is None


# -- a difference or a total of two figures ----------------------------------------------------------------
def test_the_difference_of_two_places_lower_limits(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年天津和长春的社保缴费基数下限差多少", "ask_base_limits")
    assert first_line(reply) == "两者相差597元/月（天津3364元/月，长春2767元/月）。", reply.text


def test_the_difference_of_two_figures_of_one_answer(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "天津2020年缴费基数上限和下限差多少", "ask_base_limits")
    assert first_line(reply) == "两者相差15605元/月（上限18969元/月，下限3364元/月）。", reply.text


def test_no_difference_line_when_none_is_asked(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "2020年天津和长春的社保缴费基数下限分别是多少", "ask_base_limits")
    assert "相差" not in reply.text and "3364" in reply.text and "2767" in reply.text, reply.text


def test_the_difference_of_two_brackets(planner, lexicon) -> None:
    reply = ask(planner, lexicon, "北京失业金满5年和满20年的一个月差多少钱", "ask_unemployment_benefit")
    assert first_line(reply) == "缴费5年按1843元/月，缴费20年按1925元/月，每月相差82元。", reply.text
    assert "京人社发〔2020〕8号" in reply.text


def test_two_peoples_benefits_added(planner, lexicon) -> None:
    reply = ask(
        planner,
        lexicon,
        "我和我老婆都在北京被裁了，我失业保险交了3年，她交了12年，我们俩一个月一共能领多少失业金",
        "ask_unemployment_benefit",
    )
    assert "每月合计3686元" in first_line(reply), reply.text
    assert "1816" in first_line(reply) and "1870" in first_line(reply)


def test_one_record_below_a_year_gets_no_sum(planner, lexicon) -> None:
    """交了8个月: that record has no benefit; no total is made of it."""
    reply = ask(
        planner,
        lexicon,
        "北京的，我交了8个月失业保险，我老公交了6年，俩人一共能领多少失业金",
        "ask_unemployment_benefit",
    )
    assert "合计" not in first_line(reply), reply.text


@pytest.mark.parametrize("text", ["差多少", "两个差了多少钱", "上限比下限高多少"])
def test_difference_words(text) -> None:
    from bot.answers.differences import difference_asked

    assert difference_asked(text)


def test_bad_input_gets_no_difference_line(planner, lexicon) -> None:
    for text in ["差多少", "相差？？？", "满满满差多少"]:
        reply = ask(planner, lexicon, text, "ask_base_limits")
        assert reply is None or "相差" not in reply.text.splitlines()[0]
