"""The data against the seed documents: quotes, values, the Annex 1 table, phone numbers, FAQ figures."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from bot import paths
from bot.kb.store import PolicyStore
from bot.kb.verify import squash, verify_against_seeds

SHARED_SEEDS = paths.REPO_ROOT.parent / "shared" / "seeds"


def seed_text(name: str) -> str:
    return (paths.SEEDS_DIR / name).read_text(encoding="utf-8")


def test_every_quote_and_value_stands_in_its_document(store: PolicyStore) -> None:
    assert verify_against_seeds(store.kb, paths.SEEDS_DIR) == []


def test_a_typo_in_a_value_is_caught(store: PolicyStore) -> None:
    from dataclasses import replace

    kb = store.kb
    original = kb.parameters["contribution_base.upper_limit"]
    typo = replace(original.values[0], value=13853)  # digits swapped
    kb_copy = type(kb)(kb.documents, kb.regions, dict(kb.parameters), kb.faq, kb.offices, kb.topics)
    kb_copy.parameters["contribution_base.upper_limit"] = replace(
        original, values=(typo, *original.values[1:])
    )
    problems = verify_against_seeds(kb_copy, paths.SEEDS_DIR)
    assert any("13853" in p for p in problems), problems


def test_a_quote_not_in_the_document_is_caught(store: PolicyStore) -> None:
    from dataclasses import replace

    kb = store.kb
    office = kb.offices["cc_chaoyang"]
    fake = replace(office, phone="88671922", source=replace(office.source, quote="朝阳分局\t88671922"))
    kb_copy = type(kb)(kb.documents, kb.regions, kb.parameters, kb.faq, dict(kb.offices), kb.topics)
    kb_copy.offices["cc_chaoyang"] = fake
    problems = verify_against_seeds(kb_copy, paths.SEEDS_DIR)
    assert any("cc_chaoyang" in p and "quote not found" in p for p in problems), problems


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds not present on this machine")
def test_bundled_seeds_are_the_shared_ground_truth() -> None:
    names = sorted(p.name for p in SHARED_SEEDS.iterdir())
    _match, mismatch, errors = filecmp.cmpfiles(SHARED_SEEDS, paths.SEEDS_DIR, names, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)


ANNEX_ROW = re.compile(
    r"^(20\d\d(?: \((\d+)—(\d+)\))?)\t([\d,]+\.00)\t(\d+)%\t(\d+)%\t(\d+)%\t([\d.]+)%\t([\d.]+)%$", re.M
)


def test_annex1_table_matches_the_data_row_by_row(store: PolicyStore) -> None:
    rows = ANNEX_ROW.findall(seed_text("000_5341a98811f83f4d.txt"))
    assert len(rows) == 7, rows
    import datetime as dt

    for label, year_months_from, _year_months_to, wage, p_emp, p_ind, p_flex, u_emp, u_ind in rows:
        year = int(label[:4])
        month = int(year_months_from) if year_months_from else 1
        day = dt.date(year, month, 1)
        expected = {
            "contribution_base.reference_wage_monthly": float(wage.replace(",", "")),
            "rate.pension.employer": int(p_emp) / 100,
            "rate.pension.employee": int(p_ind) / 100,
            "rate.pension.flexible": int(p_flex) / 100,
            "rate.unemployment.employer": float(u_emp) / 100,
            "rate.unemployment.employee": float(u_ind) / 100,
        }
        for key, value in expected.items():
            found = store.value(key, "changchun", day)
            assert found is not None and abs(found.value - value) < 1e-9, (label, key, found, value)


def seed_phone_numbers() -> set[str]:
    """Every phone number printed in the seeds, found by the way each document prints them."""
    numbers: set[str] = set()
    annex = seed_text("000_5341a98811f83f4d.txt").split("长春市社会保险业务咨询电话")[-1]
    numbers |= set(re.findall(r"(?m)[\u4e00-\u9fff]\s+(\d{8})\s*$", annex))
    numbers |= set(re.findall(r"\*\*(\d{7})\*\*", annex))
    for name in ("002_d6d1606d8adcf2b7.txt", "003_6e42d045f9f74b0d.txt"):
        text = squash(seed_text(name))
        numbers |= set(re.findall(r"[“\"](\d{5})[”\"]", text))
        numbers |= set(re.findall(r"(\d{5})(?:查询|咨询电话)", text))
        numbers |= set(re.findall(r"(0\d{2,3}-\d{5,8})", text))
    return numbers


def test_directory_holds_exactly_the_seed_phone_numbers(store: PolicyStore) -> None:
    in_seeds = seed_phone_numbers()
    in_directory = {office.phone for office in store.offices()}
    assert len([o for o in store.offices() if o.region == "changchun" and o.kind != "hotline"]) == 24
    assert in_directory == in_seeds, (in_directory - in_seeds, in_seeds - in_directory)


def test_faq_answers_state_only_figures_of_their_document(store: PolicyStore) -> None:
    for article in store.faq_articles():
        document = store.document(article.source.document)
        text = squash(seed_text(document.seed_file))
        for number in re.findall(r"\d+(?:\.\d+)?", squash(article.answer)):
            assert number in text, f"{article.id}: {number} is not in {document.number}"


def test_seed_files_named_by_documents_exist(store: PolicyStore) -> None:
    for document in store.kb.documents.values():
        assert Path(paths.SEEDS_DIR / document.seed_file).is_file(), document.id
