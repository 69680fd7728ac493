"""The SQL store: built from the data files, read back identically, rebuilt when stale; dated lookups."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from bot import paths
from bot.kb.store import PolicyStore, ensure_built


def test_sqlite_round_trip_equals_the_data_files(tmp_path: Path, store: PolicyStore) -> None:
    url = f"sqlite:///{tmp_path / 'policy.sqlite'}"
    opened = PolicyStore.open(url=url)
    assert opened.kb.documents == store.kb.documents
    assert opened.kb.regions == store.kb.regions
    assert opened.kb.offices == store.kb.offices
    assert opened.kb.faq == store.kb.faq
    assert opened.kb.topics == store.kb.topics
    for key, parameter in store.kb.parameters.items():
        assert opened.kb.parameters[key] == parameter, key  # bounds' kinds, standard year, period quotes
    assert opened.kb.conventions == store.kb.conventions and "rounding" in opened.kb.conventions
    assert opened.meta["data_hash"]


def test_store_rebuilds_when_a_data_file_changes(tmp_path: Path) -> None:
    data = tmp_path / "policy"
    shutil.copytree(paths.POLICY_DATA_DIR, data)
    url = f"sqlite:///{tmp_path / 'policy.sqlite'}"
    assert ensure_built(url, data) is True
    assert ensure_built(url, data) is False  # unchanged: no rebuild
    path = data / "parameters" / "contribution_base.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: 28017", "value: 28018"), encoding="utf-8"
    )
    assert ensure_built(url, data) is True
    reopened = PolicyStore.open(url=url, data_dir=data)
    assert reopened.value("contribution_base.upper_limit", "shanghai", dt.date(2020, 8, 1)).value == 28018


def test_city_value_wins_then_national_after_it_ends(store: PolicyStore) -> None:
    # Changchun halved large enterprises' pension for Feb-Apr; the national 49号 extended it to June.
    april = store.value("reduction.large.pension", "changchun", dt.date(2020, 4, 30))
    may = store.value("reduction.large.pension", "changchun", dt.date(2020, 5, 1))
    july = store.value("reduction.large.pension", "changchun", dt.date(2020, 7, 1))
    assert april.region == "changchun" and april.source.document == "cc_2020_1"
    assert may.region == "national" and may.source.document == "mohrss_2020_49" and may.value == 0.5
    assert july is None


def test_province_level_between_city_and_country(store: PolicyStore) -> None:
    assert [r.id for r in store.region_chain("changchun")] == ["changchun", "jilin", "national"]
    value = store.value("average_wage.annual", "changchun", dt.date(2018, 6, 1))
    assert value.region == "jilin" and value.value == 55339


def test_hubei_exception(store: PolicyStore) -> None:
    assert store.value("reduction.large.pension", "hubei", dt.date(2020, 5, 1)).value == 1
    assert store.value("reduction.large.pension", "beijing", dt.date(2020, 5, 1)).value == 0.5


def test_latest_value(store: PolicyStore) -> None:
    latest = store.latest("contribution_base.upper_limit", "changchun")
    assert latest.effective_to == dt.date(2020, 6, 30) and latest.value == 13835


def test_find_region_by_names_and_aliases(store: PolicyStore) -> None:
    assert store.find_region("长春").id == "changchun"
    assert store.find_region("长春市").id == "changchun"
    assert store.find_region("魔都").id == "shanghai"
    assert store.find_region("beijing").id == "beijing"
    assert (
        store.find_region("火星") is None
        and store.find_region("") is None
        and store.find_region(None) is None
    )


def test_ended_without_successor(store: PolicyStore) -> None:
    ended = store.ended_without_successor(dt.date(2021, 1, 1))
    keys = {(v.key, v.region) for v in ended}
    assert ("contribution_base.upper_limit", "changchun") in keys  # ended 2020-06-30, no later value
    assert ("contribution_base.upper_limit", "shanghai") not in keys  # the 2020 standard runs to June 2021
    assert ("reduction.sme.pension", "national") in keys
    assert ("late_fee.daily_rate", "tianjin") not in keys  # open: the document sets no end
    later = {(v.key, v.region) for v in store.ended_without_successor(dt.date(2021, 7, 1))}
    assert ("contribution_base.upper_limit", "shanghai") in later  # no standard after the 2020 one


def test_store_loads_fast(tmp_path: Path) -> None:
    # correctness of the timing path only; the figure itself is measured by scripts/bench_policy.py
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    PolicyStore.open(url=url)
    assert PolicyStore.open(url=url, rebuild_if_stale=False).kb.parameters
