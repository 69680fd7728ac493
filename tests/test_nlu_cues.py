"""The conversational cue patterns (data/nlu/cues.yml) compile cleanly and fire where meant, and only there.

RegexFeaturizer searches each pattern in the normalised text (case-sensitive, as configured); so do these
tests.
"""

from __future__ import annotations

import re
import warnings

import pytest
import yaml

from bot import paths
from bot.text.normalize import normalize

CUES_FILE = paths.REPO_ROOT / "data" / "nlu" / "cues.yml"


def cue_patterns() -> dict[str, str]:
    blocks = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))["nlu"]
    patterns = {}
    for block in blocks:
        lines = [line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- ")]
        assert len(lines) == 1, f"{block['regex']}: one pattern per cue"
        patterns[block["regex"]] = lines[0]
    return patterns


def fires(cue: str, text: str) -> bool:
    return re.search(cue_patterns()[cue], normalize(text).text) is not None


def test_every_cue_compiles_without_warnings() -> None:
    patterns = cue_patterns()
    assert len(patterns) >= 10
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a global flag in mid-pattern, an error in newer Pythons
        for name, pattern in patterns.items():
            re.compile(pattern), name


def test_cues_only_hold_features_not_intents_or_entities() -> None:
    blocks = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))["nlu"]
    assert all(set(block) == {"regex", "examples"} and block["regex"].startswith("cue_") for block in blocks)


@pytest.mark.parametrize(
    ("cue", "text"),
    [
        ("cue_greeting", "您好，打扰一下"),
        ("cue_greeting", "hi小助手"),
        ("cue_greeting", "在嗎"),
        ("cue_farewell", "88"),
        ("cue_farewell", "886"),
        ("cue_farewell", "告辞"),
        ("cue_farewell", "好的，拜拜"),
        ("cue_thanks", "3q"),
        ("cue_thanks", "辛苦了"),
        ("cue_thanks", "謝謝"),
        ("cue_yes", "是的"),
        ("cue_yes", "嗯"),
        ("cue_yes", "没毛病"),
        ("cue_no", "不是"),
        ("cue_no", "还没呢"),
        ("cue_no", "nope"),
        ("cue_stop", "算了不测了"),
        ("cue_stop", "停停停"),
        ("cue_restart", "从头再来"),
        ("cue_why", "问这个干嘛"),
        ("cue_bot", "你能干什么"),
        ("cue_human", "转人工"),
        ("cue_insult", "你真笨"),
        ("cue_interjection_only", "哈哈哈哈"),
        ("cue_interjection_only", "呃……"),
        ("cue_gibberish", "aaaaaa"),
        ("cue_gibberish", "qwerty"),
        ("cue_gibberish", "啊吧啊吧啊吧"),
        ("cue_percent", "养老单位是16%还是20%"),
        ("cue_arithmetic", "15除以3等于几"),
        ("cue_arithmetic", "3+5=?"),
        ("cue_procedure", "领失业补助金要准备啥材料"),
        ("cue_procedure", "网上怎么申请"),
        ("cue_amount", "每月能领多少钱"),
        ("cue_guided", "帮我逐项核对一下条件"),
        ("cue_personal", "你几岁了"),
        ("cue_value", "月薪八千"),
        ("cue_value", "交了7年"),
        ("cue_value", "裁了3个人"),
        ("cue_value", "大概4500吧"),
        ("cue_topic_reduction", "大企业还减半吗"),
        ("cue_topic_deferral", "社保能缓缴吗"),
        ("cue_topic_late", "晚交罚不罚钱"),
        ("cue_topic_flexible", "打零工的自己交社保"),
        ("cue_topic_phone", "净月分局电话多少"),
        ("cue_insult", "什么破玩意儿"),
    ],
)
def test_cue_fires(cue: str, text: str) -> None:
    assert fires(cue, text)


@pytest.mark.parametrize(
    ("cue", "text"),
    [
        ("cue_farewell", "工资8800"),
        ("cue_farewell", "欠了880元"),  # 88 only on its own
        ("cue_greeting", "history"),
        ("cue_greeting", "长春失业金多少"),
        ("cue_interjection_only", "嗯"),
        ("cue_interjection_only", "嗯嗯"),  # 嗯 agrees: it is affirm's
        ("cue_interjection_only", "哈尔滨"),
        ("cue_gibberish", "长春"),
        ("cue_gibberish", "8000"),
        ("cue_arithmetic", "工资15000"),
        ("cue_arithmetic", "2020年7月"),
        ("cue_procedure", "北京失业金每月多少钱"),
        ("cue_amount", "社保卡丢了怎么补办"),
        ("cue_insult", "长春失业金多少"),
        ("cue_stop", "长春失业金多少"),
        ("cue_value", "88"),
        ("cue_value", "3q"),
        ("cue_value", "长春失业金多少"),
        ("cue_topic_phone", "失业金每月多少"),
        ("cue_topic_flexible", "大型企业缴费比例"),
    ],
)
def test_cue_stays_quiet(cue: str, text: str) -> None:
    assert not fires(cue, text)
