"""Each validation rule of the data loader gives a clear message naming the file and the key."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot import paths
from bot.kb.loader import DataError, load_knowledge_base

VALUE = """
test.key:
  description: 测试参数
  unit: {unit}
  values:
    - region: {region}
      effective_from: {start}
      effective_to: {end}
      value: {value}
      source: {source}
"""
GOOD_SOURCE = "{document: cc_2020_1, section: 二、第5条, quote: 分别为13835元、2767元}"


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "policy"
    shutil.copytree(paths.POLICY_DATA_DIR, target)
    return target


def add_parameter(data_dir: Path, text: str, name: str = "zz_test.yml") -> Path:
    path = data_dir / "parameters" / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_knowledge_base(data_dir)
    return [str(issue) for issue in caught.value.issues]


def value_text(**overrides: str) -> str:
    fields = {
        "unit": "yuan_per_month",
        "region": "changchun",
        "start": "2020-01-01",
        "end": "2020-06-30",
        "value": "13835",
        "source": GOOD_SOURCE,
    } | overrides
    return VALUE.format(**fields)


def test_the_shipped_data_is_valid() -> None:
    kb = load_knowledge_base(paths.POLICY_DATA_DIR)
    assert len(kb.parameters) > 150 and len(kb.offices) >= 30 and len(kb.faq) >= 40


def test_a_well_formed_addition_loads(data_dir: Path) -> None:
    add_parameter(data_dir, value_text())
    assert "test.key" in load_knowledge_base(data_dir).parameters


def test_missing_citation_names_file_and_key(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(source="null"))
    found = problems(data_dir)
    assert any(
        "parameters/zz_test.yml" in p and "test.key[0]" in p and "missing citation" in p for p in found
    ), found


def test_citation_without_quote(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(source="{document: cc_2020_1, section: 二}"))
    assert any("missing required field 'quote'" in p for p in problems(data_dir))


def test_unknown_document(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(source="{document: no_such_doc, section: 一, quote: x}"))
    assert any("unknown document 'no_such_doc'" in p for p in problems(data_dir))


def test_unknown_region(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(region="guangzhou"))
    assert any("test.key[0]" in p and "unknown region 'guangzhou'" in p for p in problems(data_dir))


def test_bad_date(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(start="2020-13-01"))
    assert any("effective_from '2020-13-01' is not a date" in p for p in problems(data_dir))


def test_end_before_start(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(start="2020-07-01", end="2020-06-30"))
    assert any("is before effective_from" in p for p in problems(data_dir))


def test_overlapping_ranges_for_same_key_and_region(data_dir: Path) -> None:
    text = (
        value_text()
        + """    - region: changchun
      effective_from: 2020-06-01
      effective_to: open
      value: 14000
      source: {document: cc_2020_1, section: 二, quote: x}
"""
    )
    add_parameter(data_dir, text)
    found = problems(data_dir)
    assert any("zz_test.yml: test.key: overlapping ranges for region 'changchun'" in p for p in found), found


def test_same_range_in_two_regions_is_fine(data_dir: Path) -> None:
    text = (
        value_text()
        + """    - region: shanghai
      effective_from: 2020-01-01
      effective_to: open
      value: 14000
      source: {document: cc_2020_1, section: 二, quote: x}
"""
    )
    add_parameter(data_dir, text)
    assert load_knowledge_base(data_dir).parameters["test.key"].values[1].region == "shanghai"


def test_an_end_must_be_given_or_said_to_be_open_or_not_stated(data_dir: Path) -> None:
    add_parameter(data_dir, value_text().replace("      effective_to: 2020-06-30\n", ""))
    assert any("effective_to missing" in p and "'not_stated'" in p for p in problems(data_dir))


def test_not_stated_and_open_bounds_load_with_their_kind(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(start="not_stated", end="open"))
    value = load_knowledge_base(data_dir).parameters["test.key"].values[0]
    assert (value.effective_from, value.start, value.end) == (None, "not_stated", "open")
    assert value.covers(dt.date(1999, 1, 1)) and value.covers(dt.date(2030, 1, 1))


def test_a_bound_written_as_another_word_is_refused(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(end="forever"))
    assert any("effective_to 'forever' is not a date" in p for p in problems(data_dir))


def test_standard_year_replaces_the_end_date(data_dir: Path) -> None:
    text = value_text(start="2020-07-01").replace(
        "      effective_to: 2020-06-30\n", "      standard_year: {year: 2020, quote: 2020年度标准}\n"
    )
    add_parameter(data_dir, text)
    value = load_knowledge_base(data_dir).parameters["test.key"].values[0]
    assert value.end == "standard_year" and value.effective_to is None
    assert value.last_day == dt.date(2021, 6, 30)  # at the latest a year after its start
    assert value.covers(dt.date(2021, 6, 30)) and not value.covers(dt.date(2021, 7, 1))


def test_standard_year_with_an_end_date_is_refused(data_dir: Path) -> None:
    text = value_text().replace(
        "      effective_to: 2020-06-30\n",
        "      effective_to: 2020-06-30\n      standard_year: {year: 2020, quote: 2020年度标准}\n",
    )
    add_parameter(data_dir, text)
    assert any("a standard-year value has no effective_to" in p for p in problems(data_dir))


def test_standard_year_needs_its_quote(data_dir: Path) -> None:
    text = value_text().replace("      effective_to: 2020-06-30\n", "      standard_year: 2020\n")
    add_parameter(data_dir, text)
    assert any("standard_year must be {year: 2020, quote:" in p for p in problems(data_dir))


def test_unknown_period_document(data_dir: Path) -> None:
    text = value_text().replace(
        "      effective_to: 2020-06-30\n", "      effective_to: 2020-06-30\n      period_document: nowhere\n"
    )
    add_parameter(data_dir, text)
    assert any("unknown period_document 'nowhere'" in p for p in problems(data_dir))


def test_unknown_unit(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(unit="dollars"))
    assert any("unknown unit 'dollars'" in p for p in problems(data_dir))


def test_value_of_wrong_type(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(value="一万三"))
    assert any("does not fit unit 'yuan_per_month'" in p for p in problems(data_dir))


def test_ratio_written_as_percent(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(unit="ratio", value="16"))
    assert any("write 16% as 0.16" in p for p in problems(data_dir))


def test_negative_amount(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(value="-5"))
    assert any("must not be negative" in p for p in problems(data_dir))


def test_missing_description(data_dir: Path) -> None:
    add_parameter(data_dir, value_text().replace("  description: 测试参数\n", ""))
    assert any("missing required field 'description'" in p for p in problems(data_dir))


def test_duplicate_key_across_files(data_dir: Path) -> None:
    add_parameter(data_dir, value_text().replace("test.key:", "contribution_base.upper_limit:"))
    assert any("defined twice" in p for p in problems(data_dir))


def test_invalid_yaml(data_dir: Path) -> None:
    add_parameter(data_dir, "test.key: [unclosed\n")
    assert any("not valid YAML" in p for p in problems(data_dir))


def test_office_with_letters_in_phone(data_dir: Path) -> None:
    path = data_dir / "directory" / "zz.yml"
    path.write_text(
        "offices:\n  - {id: bad, name: 坏号码, region: changchun, phone: '8867ABCD', kind: branch,"
        " source: {document: cc_2020_1, section: 附件2, quote: x}}\n",
        encoding="utf-8",
    )
    assert any("directory/zz.yml: bad: phone" in p for p in problems(data_dir))


def test_office_with_unknown_topic(data_dir: Path) -> None:
    path = data_dir / "directory" / "zz.yml"
    path.write_text(
        "offices:\n  - {id: x1, name: 测试, region: changchun, phone: '88671921', kind: branch, topics: "
        "[weather], source: {document: cc_2020_1, section: 附件2, quote: x}}\n",
        encoding="utf-8",
    )
    assert any("unknown topic 'weather'" in p for p in problems(data_dir))


def test_faq_without_source(data_dir: Path) -> None:
    path = data_dir / "faq" / "zz.yml"
    path.write_text(
        "articles:\n  - {id: a1, title: 标题, region: changchun, answer: 回答}\n", encoding="utf-8"
    )
    assert any("faq/zz.yml: a1: missing citation" in p for p in problems(data_dir))


def test_all_problems_are_reported_at_once(data_dir: Path) -> None:
    add_parameter(data_dir, value_text(region="guangzhou"), "zz_a.yml")
    add_parameter(data_dir, value_text(unit="dollars").replace("test.key", "test.other"), "zz_b.yml")
    found = problems(data_dir)
    assert len(found) >= 2


def test_missing_data_directory(tmp_path: Path) -> None:
    assert any("does not exist" in p for p in problems(tmp_path / "nowhere"))
