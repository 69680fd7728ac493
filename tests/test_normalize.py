"""Unit tests of the text normalisation (bot/text/normalize.py) and its Rasa component (bot/nlu)."""

from __future__ import annotations

import pytest

from bot.text.normalize import MAX_INPUT_CHARS, MAX_OUTPUT_CHARS, chinese_number, has_content, normalize

TRANSFORMATIONS = [
    # Traditional → Simplified (OpenCC)
    ("長春社保繳費基數", "长春社保缴费基数"),
    # a space between two Chinese words parts two clauses (two questions sent without punctuation)
    ("北京失业金多少 补助金多少", "北京失业金多少,补助金多少"),
    ("失業保險金怎麼領", "失业保险金怎么领"),
    # NFKC: full-width digits, letters and punctuation from phone keyboards
    ("工資８０００元", "工资8000元"),
    ("ＡＢＣ１２３", "ABC123"),
    # Chinese numerals and amounts → digits (cn2an)
    ("一万二", "12000"),
    ("两万", "20000"),
    ("三千五", "3500"),
    ("交了七年", "交了7年"),
    ("十八个月", "18个月"),
    ("一年半", "1.5年"),
    ("1.2万", "12000"),
    ("8k", "8000"),
    # an amount before 一个月 is per month: 2000一个月 is not 20001个月
    ("工资2000一个月", "工资2000每个月"),
    ("月薪5000一月", "月薪5000每月"),
    ("交了一个月", "交了1个月"),
    # words that contain numerals but are no numbers stay as they are
    ("我在一汽上班", "我在一汽上班"),
    ("九台区社保局", "九台区社保局"),
    ("五险一金", "五险一金"),
    # emoji, control characters, whitespace, repeated punctuation
    ("亲😀😀社保呀", "亲社保呀"),
    ("a\x00b\x07c", "abc"),
    ("  长 春  ", "长春"),
    ("你好！！！？？", "你好!?"),
    ("line\none", "line one"),
    # pinyin typos of domain terms
    ("社报怎么交", "社保怎么交"),
]


@pytest.mark.parametrize(("text", "expected"), TRANSFORMATIONS)
def test_each_transformation(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(("text", "_"), TRANSFORMATIONS)
def test_idempotent(text: str, _: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@pytest.mark.parametrize(
    ("typed", "normalised", "value"),
    [
        ("工資一万二", "12000", "一万二"),
        ("長春８０００", "8000", "８０００"),
        ("交了七年失業保險", "7年", "七年"),
        ("繳費基數", "缴费基数", "繳費基數"),
    ],
)
def test_offsets_map_back_to_what_the_user_typed(typed: str, normalised: str, value: str) -> None:
    result = normalize(typed)
    start = result.text.index(normalised)
    assert result.original_slice(start, start + len(normalised)) == value
    assert len(result.spans) == len(result.text)


def test_unchanged_text_maps_to_itself() -> None:
    result = normalize("长春缴费基数上限")
    assert not result.changed
    assert result.original_span(2, 4) == (2, 4)


@pytest.mark.parametrize("text", [None, "", "   ", "\x00\x01", "😀😀😀", "？？！！。。"])
def test_empty_or_contentless_input(text: str | None) -> None:
    result = normalize(text)
    assert isinstance(result.text, str)
    assert not has_content(result.text)
    assert result.original_span(0, 0) == (0, 0)


def test_huge_input_is_capped() -> None:
    result = normalize("长春社保" * 5000)
    assert len(result.original) == MAX_INPUT_CHARS
    assert len(result.text) == MAX_OUTPUT_CHARS
    assert len(result.spans) == MAX_OUTPUT_CHARS


def test_never_raises_on_odd_unicode() -> None:
    for text in ["\ud800", "\u200b\u200d", "𠀀𠀁", "\u0301\u0301", "ｗｗｗ。。。", "零零零万万"]:
        assert isinstance(normalize(text).text, str)


@pytest.mark.parametrize(
    ("span", "value"),
    [("一万二", "12000"), ("七", "7"), ("一点五万", "15000"), ("三千五", "3500"), ("不是数", None)],
)
def test_chinese_number(span: str, value: str | None) -> None:
    assert chinese_number(span) == value


def test_rasa_component_keeps_original_text() -> None:
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import ORIGINAL, SPANS, ChineseNormalizer

    message = Message(data={TEXT: "長春工資一万二"})
    ChineseNormalizer().process([message])
    assert message.get(TEXT) == "长春工资12000"
    assert message.get(ORIGINAL) == "長春工資一万二"
    assert message.get(SPANS).original_slice(4, 9) == "一万二"
