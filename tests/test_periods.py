"""Every start and end of every value comes from its document, or is marked open / not stated (issue #16).

The listing printed on failure (and by ``python -m bot.policy bounds``) names, for each bound, the words of
the document that state it: a quote, the document's own period ("本通知从2020年7月起执行"), its date, an
annex row label, or the standard year it is the figure of.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

from bot import paths
from bot.calc import lookup
from bot.kb.model import NOT_STATED, OPEN, STANDARD_YEAR, KnowledgeBase
from bot.kb.store import PolicyStore
from bot.kb.verify import BoundBasis, bound_bases, squash, verify_against_seeds
from tests.conftest import TODAY

KINDS_WITH_WORDS = {"quote", "document_period", "annex_row", "day_before_next"}


@pytest.fixture(scope="module")
def bases(store: PolicyStore) -> list[BoundBasis]:
    return bound_bases(store.kb, paths.SEEDS_DIR)


def test_every_bound_is_listed_with_its_quote_or_marked_open_or_not_stated(
    store: PolicyStore, bases: list[BoundBasis]
) -> None:
    values = sum(len(p.values) for p in store.kb.parameters.values())
    assert len(bases) == 2 * values  # a start and an end for every value
    missing = [str(b) for b in bases if b.kind == "missing"]
    listing = "\n".join(str(b) for b in bases)
    assert not missing, "bounds no document states:\n" + "\n".join(missing) + "\n\nall bounds:\n" + listing
    kinds = Counter(b.kind for b in bases)
    assert set(kinds) <= KINDS_WITH_WORDS | {"document_date", OPEN, NOT_STATED, STANDARD_YEAR}, kinds
    for basis in bases:
        if basis.kind in KINDS_WITH_WORDS | {STANDARD_YEAR}:
            assert basis.basis.strip(), basis
        if basis.kind in (OPEN, NOT_STATED):
            assert basis.day is None, basis  # no date is invented for a bound the document does not give


def test_quoted_bounds_stand_in_their_documents(store: PolicyStore, bases: list[BoundBasis]) -> None:
    seeds = {
        doc.id: squash((paths.SEEDS_DIR / doc.seed_file).read_text(encoding="utf-8"))
        for doc in store.kb.documents.values()
    }
    for basis in bases:
        if basis.kind in ("quote", "document_period", "day_before_next"):
            assert any(squash(basis.basis) in text for text in seeds.values()), basis


@pytest.mark.parametrize(
    ("key", "region", "side", "kind"),
    [
        # item 1: rules the 2020 notices restate are not dated from the notices
        ("unemployment.min_contribution_years", "national", "from", NOT_STATED),
        ("migrant.one_time_allowance_min_work_years", "national", "from", NOT_STATED),
        ("deferral.end_date", "national", "from", NOT_STATED),
        # item 2: periods the documents do not state
        ("unemployment.claim_deadline_days", "changchun", "to", NOT_STATED),
        ("reduction.institution.excluded", "panzhihua", "from", NOT_STATED),
        ("reduction.institution.excluded", "panzhihua", "to", NOT_STATED),
        ("reduction.project.start_cutoff", "panzhihua", "to", NOT_STATED),
        ("deferral.insurances", "panzhihua", "to", NOT_STATED),
        ("job_retention.refund_ratio", "changchun", "from", NOT_STATED),
        ("job_retention.end_date", "changchun", "from", NOT_STATED),
        # item 3: one year's standards
        ("contribution_base.upper_limit", "tianjin", "to", STANDARD_YEAR),
        ("contribution_base.lower_limit", "shanghai", "to", STANDARD_YEAR),
        ("contribution_base.keep_2019_floor", "shanghai", "to", STANDARD_YEAR),
        ("flexible.pension_base_lower", "tianjin", "to", STANDARD_YEAR),
        ("flexible.tier_count", "changchun", "to", STANDARD_YEAR),
        ("unemployment.benefit_monthly_by_years", "beijing", "to", STANDARD_YEAR),
        ("wage_declaration.late_default_ratio", "beijing", "to", STANDARD_YEAR),
    ],
)
def test_the_periods_issue_16_names(
    bases: list[BoundBasis], key: str, region: str, side: str, kind: str
) -> None:
    found = [b for b in bases if (b.key, b.region, b.side) == (key, region, side)]
    assert found and all(b.kind == kind for b in found), found


def test_the_job_retention_keys_have_only_their_end_date(store: PolicyStore) -> None:
    for key in [k for k in store.kb.parameters if k.startswith("job_retention.")]:
        for value in store.parameter(key).values:
            assert value.start == NOT_STATED and value.effective_to == dt.date(2020, 12, 31), value


def test_shanghai_keeps_the_2019_floor_in_its_2020_contribution_year(store: PolicyStore) -> None:
    value = store.value("contribution_base.keep_2019_floor", "shanghai", dt.date(2021, 5, 1))
    assert value is not None and value.region == "shanghai" and value.standard_year == 2020
    assert store.value("contribution_base.keep_2019_floor", "shanghai", dt.date(2021, 7, 1)) is None
    # before July 2020 the national rule for 2020 applies
    early = store.value("contribution_base.keep_2019_floor", "shanghai", dt.date(2020, 3, 1))
    assert early is not None and early.region == "national"


def _with_value(kb: KnowledgeBase, key: str, index: int, **changes: object) -> KnowledgeBase:
    parameter = kb.parameters[key]
    values = list(parameter.values)
    values[index] = dataclasses.replace(values[index], **changes)
    parameters = dict(kb.parameters) | {key: dataclasses.replace(parameter, values=tuple(values))}
    return dataclasses.replace(kb, parameters=parameters)


def test_an_invented_date_is_caught(store: PolicyStore) -> None:
    # the Changchun caps were stored from a date the document does not give
    kb = _with_value(store.kb, "contribution_base.upper_limit", 0, effective_from=dt.date(2020, 2, 1))
    problems = verify_against_seeds(kb, paths.SEEDS_DIR)
    assert any("contribution_base.upper_limit[changchun] effective_from 2020-02-01" in p for p in problems)


def test_a_standard_year_quote_must_name_its_year(store: PolicyStore) -> None:
    index = next(
        i
        for i, v in enumerate(store.parameter("contribution_base.upper_limit").values)
        if v.region == "tianjin"
    )
    kb = _with_value(store.kb, "contribution_base.upper_limit", index, standard_year=2021)
    problems = verify_against_seeds(kb, paths.SEEDS_DIR)
    assert any("does not name 2021年" in p for p in problems), problems


def test_a_not_stated_end_still_answers_and_says_so(store: PolicyStore) -> None:
    result = lookup.lookup(store, "unemployment.claim_deadline_days", "长春", dt.date(2020, 3, 1), TODAY)
    assert result.ok and result.period_text == "2019年12月1日起，截止日期文件未规定"


def test_today_gets_the_last_year_standard_with_a_warning(store: PolicyStore) -> None:
    result = lookup.lookup(store, "contribution_base.upper_limit", "天津", None, TODAY)
    assert result.ok and result.as_of == dt.date(2021, 6, 30)
    assert any("不是现行标准" in note for note in result.notes)
    assert "2020年度标准" in result.period_text and "2021年6月30日" not in result.period_text


@pytest.mark.parametrize(
    ("key", "region", "on", "figure"),
    [
        ("contribution_base.upper_limit", "天津", dt.date(2022, 3, 1), "18969"),
        ("contribution_base.lower_limit", "上海", dt.date(2023, 1, 1), "4927"),
        ("unemployment.benefit_monthly_by_years", "北京", dt.date(2023, 1, 1), "1816"),
        ("resident_medical.personal_contribution", "national", dt.date(2021, 3, 1), "280"),
    ],
)
def test_a_later_year_gets_no_figure_of_the_standard_year(
    store: PolicyStore, key: str, region: str, on: dt.date, figure: str
) -> None:
    result = lookup.lookup(store, key, region, on, TODAY)
    assert result.status == "not_covered"
    assert "2020年度的标准" in result.message and f"文件没有规定{on.year}年的标准" in result.message
    assert figure not in result.message


def test_today_in_tianjin_flexible_gets_the_2020_range_named_as_such(store: PolicyStore) -> None:
    from bot.calc.contribution import flexible_options

    result = flexible_options(store, "天津", today=TODAY)
    assert result.ok and result.figure("base_lower") == 3364
    assert any("不是现行标准" in note for note in result.notes)


def test_a_period_quote_missing_from_its_document_is_reported(store: PolicyStore) -> None:
    kb = _with_value(
        store.kb, "job_retention.refund_ratio", 0, period_quote="实施期限至2029年12月31日"
    )  # not in 长社保〔2020〕1号
    problems = verify_against_seeds(kb, paths.SEEDS_DIR)
    assert any("job_retention.refund_ratio" in p and "period_quote" in p for p in problems), problems
