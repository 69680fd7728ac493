"""Unit tests of the personal-number masking of user messages (bot/ops/pii.py). No Rasa, no model.

Valid ID and bank card numbers are computed here (check digit / Luhn), never hard-coded unverified."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ops.pii import CARD_MASK, ID_MASK, NUMBER_MASK, PHONE_MASK, mask_pii, mask_pii_in_obj

ROOT = Path(__file__).resolve().parent.parent
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character, computed independently of the module under test."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def make_id(area: str = "220102", birth: str = "19850612", seq: str = "123") -> str:
    first17 = area + birth + seq
    return first17 + id_check_char(first17)


def make_id_ending_in_x() -> str:
    return next(make_id(seq=f"{n:03d}") for n in range(1000) if make_id(seq=f"{n:03d}").endswith("X"))


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(partial)):
        value = int(char) * (
            2 if position % 2 == 0 else 1
        )  # doubled: every second digit left of the check digit
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return luhn_check_digit(number[:-1]) == number[-1]


def make_card(length: int, rng: random.Random, prefix: str = "62") -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def group(number: str, sizes: list[int], sep: str = " ") -> str:
    parts, start = [], 0
    for size in sizes:
        parts.append(number[start : start + size])
        start += size
    if start < len(number):
        parts.append(number[start:])
    return sep.join(parts)


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", text))


# --- the helpers themselves -------------------------------------------------------------------------------


def test_helpers_agree_with_published_examples() -> None:
    # GB 11643-1999's own examples and the classic Luhn examples
    assert id_check_char("11010519491231002") == "X"
    assert id_check_char("44052418800101001") == "4"
    assert luhn_valid("79927398713") and luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert all(luhn_valid(make_card(n, random.Random(n))) for n in range(16, 20))


# --- ID card numbers --------------------------------------------------------------------------------------


def test_valid_id_is_masked() -> None:
    number = make_id()
    assert (
        mask_pii(f"我的身份证号是{number}，帮我查一下养老保险")
        == f"我的身份证号是{ID_MASK}，帮我查一下养老保险"
    )


@pytest.mark.parametrize("suffix_case", [str.upper, str.lower])
def test_id_with_x_check_character(suffix_case) -> None:
    number = make_id_ending_in_x()
    text = f"身份证{number[:17]}{suffix_case(number[17])}怎么查社保"
    assert mask_pii(text) == f"身份证{ID_MASK}怎么查社保"


@pytest.mark.parametrize("sep", [" ", "-", "\u3000"])
def test_grouped_id_is_masked(sep: str) -> None:
    number = make_id()
    text = f"身份证号：{group(number, [6, 8, 4], sep)}，谢谢"
    assert mask_pii(text) == f"身份证号：{ID_MASK}，谢谢"


def test_full_width_id_is_masked_and_the_rest_stays_as_typed() -> None:
    number = make_id_ending_in_x()
    text = f"ＩＤ：{number[:17].translate(FULL_WIDTH)}Ｘ，工资８０００"
    assert mask_pii(text) == f"ＩＤ：{ID_MASK}，工资８０００"


def test_invalid_checksum_id_is_masked_as_a_long_number() -> None:
    number = make_id()
    # a wrong check digit that does not happen to pass Luhn either (that would be labelled a card)
    wrong = next(number[:17] + d for d in "0123456789" if d != number[17] and not luhn_valid(number[:17] + d))
    assert mask_pii(f"身份证{wrong}，能领失业金吗") == f"身份证{NUMBER_MASK}，能领失业金吗"
    assert mask_pii(f"身份证{group(wrong, [6, 8, 4])}") == f"身份证{NUMBER_MASK}"


def test_long_digit_runs_are_masked_whole() -> None:
    run20 = make_card(19, random.Random(7)) + "5"  # a 20-digit run that starts with a valid card: not a card
    assert mask_pii(f"编号{run20}号") == f"编号{NUMBER_MASK}号"
    assert mask_pii("老身份证220102850612123") == f"老身份证{NUMBER_MASK}"  # 15 digits
    assert mask_pii("1" * 40) == NUMBER_MASK


# --- mobile numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "8613812345678",
        "008613812345678",
        "0086 13812345678",
        "１３８１２３４５６７８",
        "＋８６　１３８－１２３４－５６７８",
    ],
)
def test_mobile_numbers_are_masked(typed: str) -> None:
    assert mask_pii(f"我的手机号{typed}，请回电") == f"我的手机号{PHONE_MASK}，请回电"


def test_mobile_inside_a_longer_run_is_not_cut_out() -> None:
    # 12 digits: no mobile number, too short to be masked as a long run
    assert mask_pii("单号138123456789") == "单号138123456789"


# --- bank card numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [16, 19])
@pytest.mark.parametrize("sep", [None, " ", "-"])
def test_luhn_valid_bank_cards_are_masked(length: int, sep: str | None) -> None:
    number = make_card(length, random.Random(length))
    typed = number if sep is None else group(number, [4, 4, 4, 4], sep)
    assert mask_pii(f"工资卡{typed}，失业金打到这张卡吗") == f"工资卡{CARD_MASK}，失业金打到这张卡吗"


def test_full_width_bank_card_is_masked() -> None:
    number = make_card(19, random.Random(3))
    assert mask_pii(f"卡号{number.translate(FULL_WIDTH)}") == f"卡号{CARD_MASK}"


def test_grouped_numbers_that_are_not_cards_are_kept() -> None:
    assert mask_pii("2019 2020 2021 2022年都交了社保") == "2019 2020 2021 2022年都交了社保"
    number = make_card(16, random.Random(5))
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)  # fails Luhn
    assert (
        mask_pii(f"这几个月工资{group(wrong, [4, 4, 4, 4])}") == f"这几个月工资{group(wrong, [4, 4, 4, 4])}"
    )


# --- numbers the bot needs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "月薪8000，社保交多少",
        "2020年5月开始交的",
        "长春社保局电话0431-82538085",
        "咨询电话9612333",
        "打12333问问",
        "交了7年了能退休吗",
        "缴费基数13835元",
        "工资１２０００元，2023年12月31日离职",
        "",
    ],
)
def test_ordinary_numbers_are_kept(text: str) -> None:
    assert mask_pii(text) == text


# --- robustness -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x1b[31m",
        "😀" * 100,
        "社保" * 5000,
        "8" * 10_000,
        "6222 " * 2000,
        "\ud800\udfff",
        "１２" * 3000,
        "+" * 50 + "86",
        "X" * 100,
        "\u202e13812345678\u202c",
    ],
)
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = mask_pii(text)
    assert isinstance(once, str) and mask_pii(once) == once
    assert len(once) <= len(text)  # masks are always shorter than what they hide


def test_idempotent_on_random_digit_soup() -> None:
    rng = random.Random(11)
    alphabet = "0123456789０１２３４５６７８９ --+Xx年号\u3000－"
    for _ in range(2000):
        text = "".join(
            rng.choice(alphabet) if rng.random() < 0.25 else rng.choice("0123456789")
            for _ in range(rng.randint(0, 50))
        )
        once = mask_pii(text)
        assert mask_pii(once) == once, text
        assert not re.search(r"[0-9]{15}", unicodedata.normalize("NFKC", once)), text  # no long run survives


def test_emoji_and_text_around_masks_are_untouched() -> None:
    number = make_id()
    assert mask_pii(f"😀{number}😀\n换行") == f"😀{ID_MASK}😀\n换行"


# --- mask_pii_in_obj --------------------------------------------------------------------------------------


def test_mask_pii_in_obj_masks_nested_strings_and_keeps_the_rest() -> None:
    number, card = make_id(), make_card(16, random.Random(1))
    value = {
        "note": f"身份证{number}",
        "items": [{"phone": "13812345678"}, ("卡号" + card, 3)],
        "count": 2,
        "ok": True,
        "none": None,
        "13912345678": "key",
    }
    masked = mask_pii_in_obj(value)
    assert masked == {
        "note": f"身份证{ID_MASK}",
        "items": [{"phone": PHONE_MASK}, [f"卡号{CARD_MASK}", 3]],
        "count": 2,
        "ok": True,
        "none": None,
        PHONE_MASK: "key",
    }
    assert value["note"] == f"身份证{number}"  # the original is not modified
    assert mask_pii_in_obj("13812345678") == PHONE_MASK
    assert mask_pii_in_obj(None) is None and mask_pii_in_obj(8000) == 8000


def test_mask_pii_in_obj_survives_deep_nesting_and_cycles() -> None:
    deep: list = ["13812345678"]
    for _ in range(5000):
        deep = [deep]
    masked = mask_pii_in_obj(deep)
    for _ in range(5000):
        masked = masked[0]
    assert masked == [PHONE_MASK]
    cyclic: dict = {"phone": "13812345678"}
    cyclic["self"] = cyclic
    copy = mask_pii_in_obj(cyclic)
    assert copy["phone"] == PHONE_MASK and copy["self"] is copy


# --- many generated messages ------------------------------------------------------------------------------


def test_generated_messages_leak_no_number() -> None:
    rng = random.Random(20240611)
    templates = [
        "你好，我身份证{id}，手机{phone}，银行卡{card}，月薪8000能领多少",
        "{phone}是我电话，卡号{card}，身份证号{id}，2020年5月参保",
        "帮我查下{id}的缴费记录，交了7年，联系方式{phone}，退款打到{card}",
        "银行卡：{card}；身份证：{id}；电话：{phone}。缴费基数13835元",
    ]
    for _ in range(100):
        area = rng.choice(["220102", "110105", "440305", "310115"])
        birth = f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        number = make_id(area, birth, f"{rng.randint(0, 999):03d}")
        phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        card = make_card(rng.randint(16, 19), rng, prefix=rng.choice(["62", "4", "5"]))
        id_typed = rng.choice(
            [number, group(number, [6, 8, 4]), group(number, [6, 8, 4], "-"), number.translate(FULL_WIDTH)]
        )
        phone_typed = rng.choice(
            [
                phone,
                "+86" + phone,
                "+86 " + group(phone, [3, 4, 4]),
                group(phone, [3, 4, 4], "-"),
                phone.translate(FULL_WIDTH),
            ]
        )
        card_typed = rng.choice(
            [card, group(card, [4, 4, 4, 4]), group(card, [4, 4, 4, 4], "-"), card.translate(FULL_WIDTH)]
        )
        template = rng.choice(templates)
        text = template.format(id=id_typed, phone=phone_typed, card=card_typed)
        masked = mask_pii(text)
        for raw in (number, phone, card, id_typed, phone_typed, card_typed):
            assert raw not in masked, (text, masked)
        # only the template's own numbers remain, and masking again changes nothing
        assert digits_of(masked) == digits_of(template.format(id="", phone="", card="")), (text, masked)
        assert PHONE_MASK in masked and mask_pii(masked) == masked


# --- every format of issue #17 ------------------------------------------------------------------------------

CHINESE_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
CHINESE_DIGITS_LING = str.maketrans("0123456789", "零幺二三四五六七八九")


def _id_formats(number: str) -> list[str]:
    return [
        group(number, [6, 8, 4], "  "),  # double spaces
        group(number, [6, 8, 4], "."),
        group(number, [6, 8, 4], "_"),
        group(number, [4, 4, 4, 4, 2]),
        group(number, [4, 4, 4, 4, 2], "-"),
        number[:9] + "\u200b" + number[9:],  # a zero-width space inside
        number[:3] + "\u200d" + number[3:12] + "\ufeff" + number[12:],
        number.translate(CHINESE_DIGITS),  # 〇
        number.translate(CHINESE_DIGITS_LING),  # 零 and 幺
        group(number.translate(CHINESE_DIGITS), [6, 8, 4]),
    ]


@pytest.mark.parametrize("index", range(10))
def test_id_numbers_in_every_format_are_masked(index: int) -> None:
    for number in (make_id(), make_id_ending_in_x()):
        typed = _id_formats(number)[index]
        assert mask_pii(f"我的身份证号是{typed}，帮我查一下") == f"我的身份证号是{ID_MASK}，帮我查一下", typed


@pytest.mark.parametrize(
    "typed",
    [
        "1381 234 5678",
        "138 123 45678",
        "138.1234.5678",
        "138. 1234. 5678",
        "138_1234_5678",
        "(138)1234-5678",
        "（138）1234-5678",
        "(+86)138-1234-5678",
        "+86 0138 1234 5678",
        "+86 013812345678",
        "+86-0-138-1234-5678",
        "013812345678",
        "138\u200b1234\u200b5678",
        "138  1234  5678",
        "幺三八幺二三四五六七八",
        "一三八一二三四五六七八",
        "幺三八 幺二三四 五六七八",
        "幺三八零零零零五六七八",
        "１３８．１２３４．５６７８",
    ],
)
def test_mobiles_in_every_format_are_masked(typed: str) -> None:
    assert mask_pii(f"我的手机号{typed}，请回电") == f"我的手机号{PHONE_MASK}，请回电"


@pytest.mark.parametrize("length", [16, 19])
@pytest.mark.parametrize(
    "layout",
    [
        lambda n: f"{n[:6]} {n[6:]}",  # 6-13 (or 6-10)
        lambda n: f"{n[:6]}-{n[6:]}",
        lambda n: "  ".join(n[i : i + 4] for i in range(0, len(n), 4)),  # double-spaced
        lambda n: " - ".join(n[i : i + 4] for i in range(0, len(n), 4)),
        lambda n: ".".join(n[i : i + 4] for i in range(0, len(n), 4)),
        lambda n: n[:8] + "\u200b" + n[8:],
    ],
    ids=["6-rest", "6-rest-hyphen", "double-space", "spaced-hyphen", "dots", "zero-width"],
)
def test_bank_cards_in_every_format_are_masked(length: int, layout) -> None:
    number = make_card(length, random.Random(length), prefix="622202")
    assert mask_pii(f"工资卡{layout(number)}，打到这张卡吗") == f"工资卡{CARD_MASK}，打到这张卡吗"


def test_two_numbers_in_one_chain_are_masked_apart() -> None:
    number = make_id()
    assert mask_pii(f"{number} 13812345678") == f"{ID_MASK} {PHONE_MASK}"
    assert mask_pii("13812345678 2020年") == f"{PHONE_MASK} 2020年"
    assert mask_pii("2020 13812345678") == f"2020 {PHONE_MASK}"


# --- what must survive ------------------------------------------------------------------------------------


def directory_phones() -> list[str]:
    """Every phone number of data/policy/directory, as printed and with its area code."""
    regions = yaml.safe_load((ROOT / "data" / "policy" / "regions.yml").read_text(encoding="utf-8"))
    codes = {key: value.get("area_code") for key, value in regions["regions"].items()}
    phones = set()
    for path in sorted((ROOT / "data" / "policy" / "directory").glob("*.yml")):
        for office in yaml.safe_load(path.read_text(encoding="utf-8")).get("offices", []):
            phone = str(office["phone"])
            phones.add(phone)
            code = codes.get(office.get("region"))
            if code and len(phone) == 8:
                phones |= {f"{code}-{phone}", f"{code} {phone}", f"({code}){phone}", f"{code}{phone}"}
    return sorted(phones)


SURVIVORS = [
    # wages and amounts
    "月薪8000，社保交多少",
    "工资13835.5元",
    "年收入120000元",
    "1,380,000元",
    "月薪8000 9000 10000 12000都试过",
    "这几个月工资8000 9000 1000 1200",
    "基数3450-17250元",
    "8000一个月",
    "工资１２０００元",
    # dates and periods
    "2020年5月1日",
    "2020-05-01",
    "2020.05.01-2020.12.31",
    "2020/5/1至2020/12/31",
    "2019.01.01 - 2020.12.31",
    "20200501",
    "二〇二〇年五月",
    "2020年2月至2020年12月",
    # years
    "2019 2020 2021 2022年都交了",
    "2019、2020、2021年",
    "1985年出生",
    # small counts
    "交了15年，还差一两年",
    "第1 2 3项",
]


def test_wages_amounts_dates_years_and_office_phones_survive() -> None:
    phones = directory_phones()
    assert {"9612333", "12333", "010-12329", "0431-82538085"} <= set(phones)  # the directory was read
    for text in [*SURVIVORS, *(f"电话{phone}" for phone in phones), "电话" + "、".join(phones)]:
        assert mask_pii(text) == text, text


# --- properties (hypothesis): formatted numbers are masked, ordinary numbers are not ------------------------

SEPARATORS = [" ", "  ", "-", " - ", ".", "_", "\u3000", "－", "/", "·", "\u00a0", " . "]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
STYLES = {
    "ascii": str.maketrans("", ""),
    "full": FULL_WIDTH,
    "chinese": CHINESE_DIGITS,
    "chinese_ling": CHINESE_DIGITS_LING,
}
DATES = st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31))
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


MOBILE_LAYOUTS = [(11,), (3, 4, 4), (4, 3, 4), (3, 3, 5), (3, 8), (7, 4), (4, 4, 3), (2, 3, 3, 3), (5, 6)]


@st.composite
def formatted(
    draw: st.DrawFn, number: str, prefix: str = "", layouts: list[tuple[int, ...]] | None = None
) -> str:
    """``number`` cut into groups (at random places, or in one of ``layouts``), joined by random
    separators, in one digit style, with perhaps an invisible character inside."""
    style = draw(st.sampled_from(sorted(STYLES)))
    if layouts:
        sizes = draw(st.sampled_from(layouts))
        cuts = [sum(sizes[:index]) for index in range(1, len(sizes))]
    else:
        cuts = sorted(draw(st.sets(st.integers(1, len(number) - 1), max_size=5)))
    pieces = [number[a:b] for a, b in zip([0, *cuts], [*cuts, len(number)], strict=True)]
    text = pieces[0]
    for piece in pieces[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + piece
    if draw(st.booleans()):
        at = draw(st.integers(1, len(text) - 1))
        text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
    return (prefix + text).translate(STYLES[style])


@st.composite
def ids(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["220102", "110105", "440305", "310115", "120101"]))
    birth = draw(st.dates(dt.date(1930, 1, 1), dt.date(2025, 12, 31))).strftime("%Y%m%d")
    number = make_id(area, birth, f"{draw(st.integers(0, 999)):03d}")
    return draw(formatted(number))


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    number = draw(st.sampled_from(["138", "139", "150", "186", "177", "199", "135"])) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8))
    )
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "0086 ", "86", "+86 0", "0"]))
    return draw(formatted(number, prefix, MOBILE_LAYOUTS))


@st.composite
def cards(draw: st.DrawFn) -> str:
    length = draw(st.integers(16, 19))
    bank = draw(st.sampled_from(["622202", "622848", "436742", "621226", "623058", "625965"]))
    body = bank + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=length - 7, max_size=length - 7))
    )
    number = body + luhn_check_digit(body)
    layout = draw(st.sampled_from(["plain", "fours", "six"]))
    separator = draw(st.sampled_from(SEPARATORS))
    if layout == "fours":
        typed = separator.join(number[i : i + 4] for i in range(0, length, 4))
    elif layout == "six":
        typed = number[:6] + separator + number[6:]
    else:
        typed = number
    if draw(st.booleans()):
        at = draw(st.integers(1, len(typed) - 1))
        typed = typed[:at] + draw(st.sampled_from(INVISIBLE)) + typed[at:]
    return typed.translate(STYLES[draw(st.sampled_from(["ascii", "full"]))])


MASKS = (ID_MASK, PHONE_MASK, CARD_MASK, NUMBER_MASK)


def _masked_whole(text: str, template: str) -> None:
    masked = mask_pii(template.format(text))
    assert masked in {template.format(mask) for mask in MASKS}, (text, masked)


@PROPERTY_SETTINGS
@given(ids())
def test_property_formatted_id_numbers_are_masked(typed: str) -> None:
    assert mask_pii(f"身份证号{typed}，帮我查社保") == f"身份证号{ID_MASK}，帮我查社保", typed


@PROPERTY_SETTINGS
@given(mobiles())
def test_property_formatted_mobiles_are_masked(typed: str) -> None:
    assert mask_pii(f"电话{typed}，请回电") == f"电话{PHONE_MASK}，请回电", typed


@PROPERTY_SETTINGS
@given(cards())
def test_property_formatted_bank_cards_are_masked(typed: str) -> None:
    _masked_whole(typed, "卡号{}，打到这张卡")  # an 18-digit card may also be a valid ID: masked either way


@PROPERTY_SETTINGS
@given(
    st.one_of(
        st.integers(500, 99_999).map(lambda n: f"月薪{n}元"),
        st.decimals(1, 99_999, places=2).map(lambda n: f"缴费基数{n}元"),
        DATES.map(lambda d: f"{d:%Y-%m-%d}开始参保"),
        DATES.map(lambda d: f"{d:%Y年%m月%d日}"),
        st.tuples(
            DATES,
            DATES,
            st.sampled_from(["-", "至", " - ", "~"]),
        ).map(lambda t: f"{t[0]:%Y.%m.%d}{t[2]}{t[1]:%Y.%m.%d}"),
        st.lists(st.integers(1950, 2030), min_size=1, max_size=6).map(
            lambda ys: " ".join(map(str, ys)) + "年"
        ),
        st.lists(st.integers(1000, 99_999), min_size=2, max_size=6).map(lambda ns: "、".join(map(str, ns))),
        st.sampled_from(directory_phones()).map(lambda p: f"电话{p}"),
    )
)
def test_property_ordinary_numbers_survive(text: str) -> None:
    assert mask_pii(text) == text
