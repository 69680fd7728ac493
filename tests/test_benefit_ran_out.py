"""失业金领完了还没找到工作: the benefit ran out — the extension to retirement and the 2020 subsidy, not the
table of monthly amounts; the distance to retirement told afterwards completes that question."""

from __future__ import annotations

import pytest

from bot.dialogue.planner import _changed_values
from bot.dialogue.state import ConversationState
from tests.asking import ask, turn_of


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("失业金领完了还没找着工作咋整", "faq:older_unemployed_extension"),
        ("北京失业金领完了还没找到工作怎么办", "faq:older_unemployed_extension"),
        ("上海失业金领完了还没找到工作咋办", "faq:sh_older_unemployed"),
    ],
)
def test_the_benefit_ran_out(planner, lexicon, text, article) -> None:
    reply = ask(planner, lexicon, text, "ask_unemployment_benefit")
    assert reply.topic == article, reply.text
    assert "法定退休年龄" in reply.text and "1816" not in reply.text


def test_the_distance_to_retirement_told_afterwards_completes_the_question(planner, lexicon) -> None:
    first = planner.question(
        "ask_unemployment_benefit", turn_of(lexicon, "失业金领完了还没找着工作咋整"), ConversationState()
    )
    state = ConversationState(last=first.reply.context)
    plan = planner.value(turn_of(lexicon, "我离法定退休就差8个月了"), state)
    assert plan.reply is not None and "法定退休年龄" in plan.reply.text, plan.reply
    assert "1816" not in plan.reply.text  # not the table of amounts for a contribution record of 8 months


def test_a_distance_to_retirement_is_no_changed_value(lexicon) -> None:
    assert _changed_values(turn_of(lexicon, "我离法定退休就差8个月了")) == []
    assert _changed_values(turn_of(lexicon, "距退休不到1年")) == []
    assert [e["entity"] for e in _changed_values(turn_of(lexicon, "交了8个月"))] == ["duration"]
    assert [e["entity"] for e in _changed_values(turn_of(lexicon, "那北京呢"))] == ["city"]


@pytest.mark.parametrize("text", ["", "离退休", "离退休还差个月", "退休" * 500])
def test_bad_follow_ups_about_retirement_get_a_reply(planner, lexicon, text) -> None:
    first = planner.question(
        "ask_unemployment_benefit", turn_of(lexicon, "失业金领完了还没找着工作咋整"), ConversationState()
    )
    plan = planner.value(turn_of(lexicon, text), ConversationState(last=first.reply.context))
    assert plan.reply is not None and plan.reply.text.strip()
