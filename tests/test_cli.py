"""The policy command line: every command runs and prints what a user expects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.policy.cli import main


@pytest.fixture()
def db(tmp_path: Path) -> list[str]:
    return ["--db", f"sqlite:///{tmp_path / 'cli.sqlite'}"]


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_build_and_validate(capsys, db) -> None:
    code, out = run(capsys, *db, "build")
    assert code == 0 and "30 个电话" in out
    code, out = run(capsys, *db, "validate")
    assert code == 0 and "数据校验通过" in out


def test_validate_names_a_lost_passage_quote(capsys, db, tmp_path: Path) -> None:
    """An editor who mistypes a quote of passage_questions.yml hears it from `make validate`."""
    import shutil

    from bot import paths

    data = tmp_path / "policy"
    shutil.copytree(paths.POLICY_DATA_DIR, data)
    (data / "passage_questions.yml").write_text(
        "passages:\n  - {document: cc_2020_1, quote: 没有这句话的原文, questions: [随便问问]}\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "--data", str(data), *db, "validate")
    assert code == 1 and "passages: passages[0]: cc_2020_1 '没有这句话的原文' is in no passage" in out


def test_get(capsys, db) -> None:
    code, out = run(
        capsys, *db, "get", "contribution_base.upper_limit", "--region", "天津", "--on", "2020-08-01"
    )
    assert code == 0 and "18969元/月" in out and "津人社局发〔2020〕12号" in out


def test_calc_json(capsys, db) -> None:
    code, out = run(
        capsys,
        *db,
        "--json",
        "calc",
        "contribution",
        "--region",
        "长春",
        "--wage",
        "8000",
        "--enterprise-type",
        "large",
        "--on",
        "2020-03-01",
    )
    data = json.loads(out)
    assert code == 0 and data["figures"]["pension_employer"]["value"] == 640


def test_calc_eligibility(capsys, db) -> None:
    code, out = run(
        capsys,
        *db,
        "calc",
        "unemployment_benefit",
        "--region",
        "北京",
        "--contribution-years",
        "7",
        "--involuntary",
        "是",
        "--registered",
        "是",
    )
    assert code == 0 and "结论：符合条件" in out and "1843元/月" in out


def test_calc_not_covered_exit_code(capsys, db) -> None:
    code, out = run(capsys, *db, "calc", "base_limits", "--region", "广州")
    assert code == 2 and "暂未收录" in out


def test_directory(capsys, db) -> None:
    code, out = run(capsys, *db, "directory", "--city", "长春", "--search", "净月")
    assert code == 0 and "0431-82538085" in out and "长社保〔2020〕1号" in out
    code, out = run(capsys, *db, "directory", "--city", "长春", "--topic", "unemployment")
    assert "失业保险管理处" in out and "9612333" in out


def test_faq(capsys, db) -> None:
    code, out = run(capsys, *db, "faq", "外国员工要交社保吗", "--city", "长春")
    assert code == 0 and "德国" in out


def test_expired_and_coverage(capsys, db) -> None:
    code, out = run(capsys, *db, "expired", "--today", "2021-01-01")
    assert code == 0 and "contribution_base.upper_limit\t长春" in out
    code, out = run(capsys, *db, "coverage", "unemployment.benefit_monthly_by_years")
    assert code == 0 and "北京" in out


def test_bad_arguments_exit_cleanly(capsys, db) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*db, "get", "x", "--region", "北京", "--on", "yesterday"])
    assert exit_info.value.code == 2


def test_get_after_a_years_standard_is_not_covered(capsys, db) -> None:
    code, out = run(
        capsys, *db, "get", "contribution_base.upper_limit", "--region", "天津", "--on", "2022-03-01"
    )
    assert code == 2
    assert "文件给出的是天津2020年度" in out and "文件没有规定2022年的标准" in out


def test_get_a_restated_rule_before_its_notice(capsys, db) -> None:
    code, out = run(
        capsys, *db, "get", "unemployment.min_contribution_years", "--region", "长春", "--on", "2020-03-01"
    )
    assert code == 0 and "起始日期文件未规定" in out and "重申" in out


def test_bounds_lists_every_start_and_end(capsys, db) -> None:
    code, out = run(capsys, *db, "bounds", "--key", "job_retention.refund_ratio")
    lines = out.splitlines()
    assert code == 0 and "0个在文件中找不到依据" in lines[-1]
    assert any("\tfrom\t-\tnot_stated\t" in line for line in lines)
    assert any("\tto\t2020-12-31\tquote\t实施期限至2020年12月31日" in line for line in lines)


def test_coverage_shows_a_standard_year_and_not_stated_bounds(capsys, db) -> None:
    code, out = run(capsys, *db, "coverage", "contribution_base.upper_limit")
    assert code == 0 and "2020年度标准" in out
    code, out = run(capsys, *db, "coverage", "job_retention.refund_ratio")
    assert code == 0 and "文件未规定 至 2020年12月31日" in out
