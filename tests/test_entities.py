"""Entity extraction (bot/text/entities.py): places of China, years, question units and the roles of
periods and durations, on normalised text as the NLU component sees it."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from bot import paths
from bot.kb.store import PolicyStore
from bot.text.entities import Entity, Lexicon, extract
from bot.text.normalize import normalize
from bot.text.places import read_places
from scripts import build_places
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def lexicon(store: PolicyStore) -> Lexicon:
    return Lexicon.from_store(store)


def entities(lexicon: Lexicon, text: str, kind: str | None = None) -> list[Entity]:
    found = extract(normalize(text).text, lexicon, TODAY)
    return [e for e in found if kind is None or e.entity == kind]


def summary(lexicon: Lexicon, text: str) -> list[tuple[str, str, str]]:
    return [(e.entity, e.text, e.value) for e in entities(lexicon, text)]


def only(lexicon: Lexicon, text: str, kind: str) -> Entity:
    found = entities(lexicon, text, kind)
    assert len(found) == 1, (text, summary(lexicon, text))
    return found[0]


# -- places the policy data does not cover -------------------------------------------------------------------

UNCOVERED = [
    # (question, text of the entity, full name, level, province)
    ("长沙失业金怎么领", "长沙", "长沙市", "prefecture", "湖南省"),
    ("芜湖社保缴费基数是多少", "芜湖", "芜湖市", "prefecture", "安徽省"),
    ("成都最低工资标准", "成都", "成都市", "prefecture", "四川省"),
    ("延边失业保险怎么申请", "延边", "延边朝鲜族自治州", "prefecture", "吉林省"),
    ("呼和浩特灵活就业社保", "呼和浩特", "呼和浩特市", "prefecture", "内蒙古自治区"),
    ("恩施州的社保基数", "恩施州", "恩施土家族苗族自治州", "prefecture", "湖北省"),
    ("我在湘西工作,失业金能领多久", "湘西", "湘西土家族苗族自治州", "prefecture", "湖南省"),
    ("西双版纳社保怎么交", "西双版纳", "西双版纳傣族自治州", "prefecture", "云南省"),
    ("乌鲁木齐的缴费比例", "乌鲁木齐", "乌鲁木齐市", "prefecture", "新疆维吾尔自治区"),
    ("拉萨社平工资多少", "拉萨", "拉萨市", "prefecture", "西藏自治区"),
    ("三亚交社保最低多少钱", "三亚", "三亚市", "prefecture", "海南省"),
    ("喀什地区失业保险", "喀什地区", "喀什地区", "prefecture", "新疆维吾尔自治区"),
    ("大兴安岭的养老保险", "大兴安岭", "大兴安岭地区", "prefecture", "黑龙江省"),
    ("兴安盟社保电话", "兴安盟", "兴安盟", "prefecture", "内蒙古自治区"),
    ("青海海南州社保", "青海海南州", "海南藏族自治州", "prefecture", "青海省"),
    ("巴州稳岗返还", "巴州", "巴音郭楞蒙古自治州", "prefecture", "新疆维吾尔自治区"),
    ("仙桃失业金标准", "仙桃", "仙桃市", "county", "湖北省"),
    ("济源社保缴费基数", "济源", "济源市", "county", "河南省"),
    ("石河子养老保险", "石河子", "石河子市", "county", "新疆维吾尔自治区"),
    ("吉林市失业金多少", "吉林市", "吉林市", "prefecture", "吉林省"),
    ("湖南失业保险费率", "湖南", "湖南省", "province", "湖南省"),
    ("广西壮族自治区社保基数", "广西壮族自治区", "广西壮族自治区", "province", "广西壮族自治区"),
    ("黑龙江省的社平工资", "黑龙江省", "黑龙江省", "province", "黑龙江省"),
    ("重庆的缴费基数下限", "重庆", "重庆市", "municipality", "重庆市"),
    ("香港社保", "香港", "香港特别行政区", "sar", "香港特别行政区"),
    ("齐齐哈尔失业补助金", "齐齐哈尔", "齐齐哈尔市", "prefecture", "黑龙江省"),
    ("长沙市社保局", "长沙市", "长沙市", "prefecture", "湖南省"),
    ("深圳工资7000社保扣多少", "深圳", "深圳市", "prefecture", "广东省"),
]


@pytest.mark.parametrize(("text", "span", "name", "level", "province"), UNCOVERED)
def test_uncovered_places_are_cities_with_their_full_name(
    lexicon: Lexicon, text: str, span: str, name: str, level: str, province: str
) -> None:
    city = only(lexicon, text, "city")
    assert (city.text, city.value) == (span, name)
    assert city.extra["covered"] is False
    assert (city.extra["level"], city.extra["province"]) == (level, province)
    assert city.extra["adcode"].isdigit() and len(city.extra["adcode"]) == 6


def test_a_city_right_after_its_province_is_one_entity(lexicon: Lexicon) -> None:
    assert summary(lexicon, "湖南长沙社保基数") == [("city", "湖南长沙", "长沙市")]
    assert summary(lexicon, "辽宁朝阳市失业金") == [("city", "辽宁朝阳市", "朝阳市")]
    assert summary(lexicon, "吉林通化的最低工资") == [("city", "吉林通化", "通化市")]


def test_cities_in_a_list_are_each_recognised(lexicon: Lexicon) -> None:
    assert [e.value for e in entities(lexicon, "长沙株洲湘潭社保一样吗", "city")] == [
        "长沙市",
        "株洲市",
        "湘潭市",
    ]


# -- short names that are ordinary words, streets or districts -----------------------------------------------

NOT_A_CITY = [
    "中山路社保局在哪",
    "长白山旅游攻略",
    "早饭吃三明治",
    "两个文件大同小异",
    "北海公园门票",
    "玉林路小酒馆",
    "各位来宾好",
    "祝您身体安康",
    "日照时间长",
    "德州扑克怎么玩",
    "东方红",
    "大理石地板",
    "张玉林交社保了吗",
    "普通化验单",
    "白银价格",
    "黄山风景区",
    "中山大学毕业生",
    "峨眉山旅游",
    "长江入海口",
    "佛罗里达州的社保",
]


@pytest.mark.parametrize("text", NOT_A_CITY)
def test_ordinary_words_are_not_cities(lexicon: Lexicon, text: str) -> None:
    assert entities(lexicon, text, "city") == [], summary(lexicon, text)


def test_a_district_after_its_city_is_not_another_city(lexicon: Lexicon) -> None:
    assert [e.value for e in entities(lexicon, "北京朝阳社保", "city")] == ["beijing"]
    assert summary(lexicon, "长春朝阳区社保局") == [
        ("city", "长春", "changchun"),
        ("office", "朝阳区", "cc_chaoyang"),
    ]
    assert summary(lexicon, "上海东站怎么走") == [("city", "上海", "shanghai")]


AMBIGUOUS_IN_CONTEXT = [
    ("在中山交社保", "中山市"),
    ("白山社保", "白山市"),
    ("通化的最低工资", "通化市"),
    ("户口在玉林", "玉林市"),
    ("海东失业金", "海东市"),
    ("去黄山工作社保怎么交", "黄山市"),
    ("东方市社保", "东方市"),
    ("中山", "中山市"),
    ("通化的", "通化市"),
]


@pytest.mark.parametrize(("text", "name"), AMBIGUOUS_IN_CONTEXT)
def test_ambiguous_short_names_count_where_a_place_is_meant(lexicon: Lexicon, text: str, name: str) -> None:
    assert only(lexicon, text, "city").value == name


# -- places the policy data covers: unchanged values, now with covered: true ---------------------------------

COVERED = [
    ("长春失业金", "changchun"),
    ("长春市社保", "changchun"),
    ("上海社保基数", "shanghai"),
    ("魔都社平工资", "shanghai"),
    ("吉林省平均工资", "jilin"),
    ("吉林平均工资", "jilin"),
    ("北京失业金", "beijing"),
    ("天津缴费基数", "tianjin"),
    ("攀枝花企业缓缴", "panzhihua"),
    ("内蒙古稳岗返还", "inner_mongolia"),
    ("乌海养老保险", "wuhai"),
    ("湖北企业社保减免", "hubei"),
    ("广东失业保险费率", "guangdong"),
    ("江苏人社快办", "jiangsu"),
    ("四川社保", "sichuan"),
]


@pytest.mark.parametrize(("text", "region"), COVERED)
def test_covered_places_keep_their_region_id(lexicon: Lexicon, text: str, region: str) -> None:
    city = only(lexicon, text, "city")
    assert city.value == region
    assert city.extra["covered"] is True


def test_office_aliases_are_no_places(lexicon: Lexicon) -> None:
    # 朝阳 is a district of Changchun (and of Beijing) before it is 朝阳市 of Liaoning: as before, no entity
    assert summary(lexicon, "朝阳社保局电话") == []
    assert summary(lexicon, "朝阳市社保") == [("city", "朝阳市", "朝阳市")]


def test_changchun_offices_keep_winning(lexicon: Lexicon) -> None:
    assert summary(lexicon, "净月社保") == [("office", "净月", "cc_jingyue")]
    assert [(e.entity, e.value) for e in entities(lexicon, "双阳分局电话")] == [("office", "cc_shuangyang")]
    assert summary(lexicon, "朝阳区社保局电话") == [("office", "朝阳区", "cc_chaoyang")]


def test_people_from_hong_kong_stay_a_person_type(lexicon: Lexicon) -> None:
    assert summary(lexicon, "香港人在长春工作要交社保吗") == [
        ("person_type", "香港人", "hmt"),
        ("city", "长春", "changchun"),
    ]


# -- years ---------------------------------------------------------------------------------------------------


def test_a_year_before_a_city_is_a_period_and_the_city(lexicon: Lexicon) -> None:
    found = entities(lexicon, "2021天津缴费基数")
    assert [(e.entity, e.text, e.value) for e in found] == [
        ("period", "2021", "2021年"),
        ("city", "天津", "tianjin"),
    ]
    assert found[0].extra == {
        "date_from": "2021-01-01",
        "date_to": "2021-12-31",
        "granularity": "year",
        "explicit_year": True,
        "usage": "as_of",
    }
    assert summary(lexicon, "2021长沙社保基数") == [("period", "2021", "2021年"), ("city", "长沙", "长沙市")]


def test_a_year_before_a_topic_word_is_a_period(lexicon: Lexicon) -> None:
    assert summary(lexicon, "2021社保基数上下限") == [("period", "2021", "2021年")]


def test_an_amount_is_not_taken_for_a_year(lexicon: Lexicon) -> None:
    assert summary(lexicon, "月薪2025缴费基数多少") == [("money", "2025", "2025")]
    assert summary(lexicon, "2021天") == [("duration", "2021天", "2021天")]  # no city after: days, as before


def test_the_year_of_the_question_is_its_as_of_date(lexicon: Lexicon) -> None:
    period = only(lexicon, "北京2021年社保基数", "period")
    assert (period.value, period.extra["usage"]) == ("2021年", "as_of")


SUBJECT_PERIODS = [
    "2011年以来的欠费怎么补",
    "2019年的欠缴要交滞纳金吗",
    "2019年起欠的社保",
    "从2019年开始欠社保",
    "从2019年5月到现在都没交",
]


@pytest.mark.parametrize("text", SUBJECT_PERIODS)
def test_a_period_named_as_the_subject_is_not_the_as_of_date(lexicon: Lexicon, text: str) -> None:
    assert only(lexicon, text, "period").extra["usage"] == "subject"


def test_both_ends_of_a_subject_range_are_subjects(lexicon: Lexicon) -> None:
    assert [e.extra["usage"] for e in entities(lexicon, "2018年到2020年的欠费怎么补", "period")] == [
        "subject",
        "subject",
    ]


@pytest.mark.parametrize(
    "text", ["2020年7月以后上海缴费基数", "从2020年2月起减半征收", "2019年以前的缴费基数"]
)
def test_other_periods_are_as_of_dates(lexicon: Lexicon, text: str) -> None:
    assert only(lexicon, text, "period").extra["usage"] == "as_of"


# -- durations -----------------------------------------------------------------------------------------------

QUESTION_UNITS = [
    "上海失业金多少钱一个月",
    "失业金一个月多少",
    "每个月交多少",
    "每月交多少",
    "灵活就业一年多少钱",
    "一天多少钱",
    "每一个月要交多少",
]


@pytest.mark.parametrize("text", QUESTION_UNITS)
def test_units_of_a_question_are_no_durations(lexicon: Lexicon, text: str) -> None:
    assert entities(lexicon, text, "duration") == [], summary(lexicon, text)


ROLES = [
    ("失业金最多只能领24个月吗", "24个月", "claim"),
    ("失业金最长24个月吗", "24个月", "claim"),
    ("已经领了3个月失业金", "3个月", "claim"),
    ("领失业金24个月", "24个月", "claim"),
    ("交了3年失业能领几个月", "3年", "contribution"),
    ("社保交了快3年", "3年", "contribution"),
    ("缴费不满1年能领失业金吗", "1年", "contribution"),
    ("参保5年", "5年", "contribution"),
    ("工作了2年被辞退", "2年", "contribution"),
    ("交了一个月能领吗", "1个月", "contribution"),
    ("失业后2个月还能申请吗", "2个月", "elapsed"),
    ("离职3个月了还能领吗", "3个月", "elapsed"),
    ("已经2个月了", "2个月", "elapsed"),
    ("3个月前离职的", "3个月", "elapsed"),
    ("失业半年了", "半年", "elapsed"),
    ("逾期30天滞纳金多少", "30天", "unknown"),
    ("3年", "3年", "unknown"),
]


@pytest.mark.parametrize(("text", "span", "role"), ROLES)
def test_duration_roles(lexicon: Lexicon, text: str, span: str, role: str) -> None:
    duration = only(lexicon, text, "duration")
    assert (duration.text, duration.extra["usage"]) == (span, role)


def test_existing_duration_fields_are_kept(lexicon: Lexicon) -> None:
    assert only(lexicon, "缴费不满1年", "duration").extra == {
        "months": 12,
        "years": 1,
        "usage": "contribution",
        "below": True,
    }
    assert only(lexicon, "失业第3个月", "duration").extra["ordinal"] is True


def test_usage_and_covered_reach_rasa(lexicon: Lexicon) -> None:
    data: list[dict[str, Any]] = [e.as_rasa() for e in entities(lexicon, "交了3年,长沙失业金能领几个月")]
    assert data[0]["usage"] == "contribution" and data[0]["entity"] == "duration"
    assert "role" not in data[0]  # Rasa's own entity-role field stays unused
    assert data[1]["covered"] is False and data[1]["value"] == "长沙市"


# -- the place data and its generator ------------------------------------------------------------------------


def test_place_data_has_every_province_and_prefecture() -> None:
    places = read_places()
    levels = [p.level for p in places]
    assert sum(level in ("province", "municipality", "sar") for level in levels) == 34
    assert levels.count("prefecture") >= 333
    names = [n for p in places for n in (p.name, *p.short_names)]
    assert len(names) == len(set(names))
    provinces = {p.name for p in places if p.level in ("province", "municipality", "sar")}
    assert {p.province for p in places} <= provinces


def test_place_file_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/build_places.py", "--check"],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    first = build_places.OUTPUT.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# generated by scripts/build_places.py from jionlp ") and first.endswith(
        ", do not edit"
    )


def test_place_generator_is_stable_and_detects_a_stale_file(tmp_path, monkeypatch) -> None:
    version, lines = build_places.source()
    assert build_places.render(version, build_places.divisions(lines)) == build_places.OUTPUT.read_text(
        encoding="utf-8"
    )
    stale = tmp_path / "china_regions.tsv"
    stale.write_text(
        build_places.OUTPUT.read_text(encoding="utf-8").replace("长沙市", "长沙"), encoding="utf-8"
    )
    monkeypatch.setattr(build_places, "OUTPUT", stale)
    monkeypatch.setattr(sys, "argv", ["build_places.py", "--check"])
    assert build_places.main() == 1


def test_the_runtime_does_not_import_the_place_package() -> None:
    code = (
        "import sys; from bot.kb.store import PolicyStore; from bot.text.entities import Lexicon, extract; "
        "extract('长沙社保', Lexicon.from_store(PolicyStore.from_data())); print('jionlp' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=paths.REPO_ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr[-2000:]


@pytest.mark.parametrize(
    ("text", "amount"), [("工资5200", "5200"), ("月薪8860元", "8860"), ("工资15200", "15200")]
)
def test_a_slang_number_inside_a_longer_number_is_read_as_the_number(
    lexicon: Lexicon, text: str, amount: str
) -> None:
    """520 and 886 are dropped as slang only when they stand alone, never as the digits of a wage."""
    found = [(e.entity, e.value) for e in extract(normalize(text).text, lexicon, TODAY)]
    assert found == [("money", amount)], found


@pytest.mark.parametrize("text", ["520", "886，谢谢", "我爱你520"])
def test_a_slang_number_alone_is_no_amount(lexicon: Lexicon, text: str) -> None:
    assert not [e for e in extract(normalize(text).text, lexicon, TODAY) if e.entity == "money"]
