"""Phone directory: aliases users type, routing by city/district/topic, full numbers with area codes."""

from __future__ import annotations

import pytest

from bot.directory import Directory
from bot.kb.store import PolicyStore


@pytest.fixture(scope="module")
def directory(store: PolicyStore) -> Directory:
    return Directory(store)


@pytest.mark.parametrize(
    ("typed", "office"),
    [
        ("净月", "cc_jingyue"),
        ("经开区社保电话", "cc_jingyue"),
        ("个体户", "cc_getihu"),
        ("企退", "cc_retiree_center"),
        ("朝阳区", "cc_chaoyang"),
        ("一汽", "cc_yiqi"),
        ("汽开区", "cc_yiqi"),
        ("双阳", "cc_shuangyang"),
        ("九台区", "cc_jiutai"),
        ("失业保险处", "cc_unemployment"),
        ("档案中心", "cc_archive"),
        ("居保", "cc_resident_pension"),
        ("公积金电话", "bj_housing_fund"),
        ("法律援助", "hotline_12348"),
        ("社保卡快递", "bj_card_96102"),
    ],
)
def test_aliases_users_type(directory: Directory, typed: str, office: str) -> None:
    assert directory.find(typed)[0].id == office


def test_full_number_with_area_code(directory: Directory, store: PolicyStore) -> None:
    assert directory.listing(store.office("cc_chaoyang")).number == "0431-88671921"
    assert directory.listing(store.office("bj_housing_fund")).number == "010-12329"
    assert directory.listing(store.office("cc_hotline")).number == "9612333"  # service numbers as printed
    assert directory.listing(store.office("hotline_12333")).number == "12333"


def test_route_by_district(directory: Directory) -> None:
    assert [o.id for o in directory.route("changchun", "净月")] == ["cc_jingyue", "cc_hotline"]


def test_route_by_topic(directory: Directory) -> None:
    assert directory.route("changchun", topic="unemployment")[0].id == "cc_unemployment"
    assert directory.route("changchun", topic="job_retention")[0].id == "cc_unemployment"
    assert directory.route("changchun", topic="retiree_services")[0].id == "cc_retiree_center"
    assert directory.route("beijing", topic="housing_fund")[0].id == "bj_housing_fund"
    assert directory.route("shanghai", topic="legal_aid")[0].id == "hotline_12348"


def test_topic_served_by_every_branch_needs_the_district(directory: Directory) -> None:
    # registration is handled by the district branch: without a district the hotline answers
    assert [o.id for o in directory.route("changchun", topic="registration")] == ["cc_hotline"]
    assert directory.route("changchun", "朝阳", "registration")[0].id == "cc_chaoyang"


def test_fallback_is_the_city_hotline_then_12333(directory: Directory) -> None:
    assert directory.route("changchun")[-1].id == "cc_hotline"
    assert directory.route("shanghai")[-1].id == "hotline_12333"
    assert directory.route(None)[-1].id == "hotline_12333"
    assert directory.hotline("jilin").id == "hotline_12333"


def test_district_of_another_city_is_not_matched(directory: Directory) -> None:
    assert [o.id for o in directory.route("beijing", "朝阳")] == ["hotline_12333"]


def test_topics_in_text(directory: Directory) -> None:
    assert directory.topics_in("我想问失业金的事找谁")[0] == "unemployment"
    assert directory.topics_in("稳岗返还打哪个电话")[0] == "job_retention"
    assert directory.topics_in("今天天气") == []


def test_every_returned_number_is_printed_in_a_seed(directory: Directory, store: PolicyStore) -> None:
    from bot import paths
    from bot.kb.verify import squash

    corpus = squash("".join(p.read_text(encoding="utf-8") for p in paths.SEEDS_DIR.glob("*.txt")))
    for office in store.offices():
        for routed in directory.route(office.region, office.district or None, (office.topics or (None,))[0]):
            assert squash(routed.phone) in corpus, routed.id


def test_listing_text_names_the_number_once(directory: Directory, store: PolicyStore) -> None:
    assert directory.listing(store.office("hotline_12333")).text == "人力资源和社会保障咨询电话12333"
    assert directory.listing(store.office("cc_chaoyang")).text.endswith("：0431-88671921")
