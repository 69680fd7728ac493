"""The reply-quality case format and grading (bot/eval), on small fixtures: no model needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.eval.reply_cases import (
    CATEGORY_MINIMUMS,
    INVALID_CATEGORY,
    Case,
    category_shortfalls,
    parse_case,
    read_file,
    read_set,
)
from bot.eval.reply_grading import (
    BAD,
    GOOD,
    PARTIAL,
    RunOutcome,
    figures,
    first_line,
    grade,
    to_simplified,
    topics_of,
)

YES_NO = """\
cases:
  - id: yn-001
    category: yes_no
    topic: [ask_unemployment_benefit]
    aspect: eligibility
    turns: ["主动辞职了还能领失业金吗"]
    first_line: ["不能", "不可以"]
    must: ["非因本人意愿", ["人社部发〔2020〕40号", "长社保〔2020〕1号"]]
    must_not: ["1816"]
    note: the 2020 documents pay only to the involuntarily unemployed
  - id: nt-001
    category: neighbour_trap
    topic: out_of_scope
    aspect: out_of_scope
    turns: ["车险交强险多少钱", "那商业险呢"]
    first_line: 不属于社保
    no_figures: true
"""


def case(**fields) -> Case:
    raw = {
        "id": "yn-001",
        "category": "yes_no",
        "topic": ["ask_unemployment_benefit"],
        "aspect": "eligibility",
        "turns": ["主动辞职了还能领失业金吗"],
        **fields,
    }
    parsed, problems = parse_case(raw, "fixture.yml")
    assert not problems, problems
    return parsed


def outcome(
    text: str, intent: str | None = "ask_unemployment_benefit", topic: str | None = None
) -> RunOutcome:
    return RunOutcome(tuple(text.split("\n\n")), intent, topic)


# -- reading cases -------------------------------------------------------------------------------------------
def test_read_file(tmp_path: Path):
    path = tmp_path / "set.yml"
    path.write_text(YES_NO, encoding="utf-8")
    result = read_file(path)
    assert result.problems == []
    first, second = result.cases
    assert first.must == (("非因本人意愿",), ("人社部发〔2020〕40号", "长社保〔2020〕1号"))
    assert first.first_line == ("不能", "不可以") and first.must_not == ("1816",) and not first.no_figures
    assert first.source == "set.yml" and first.note.startswith("the 2020")
    assert second.topics == ("out_of_scope",) and second.first_line == ("不属于社保",)  # strings become lists
    assert second.turns == ("车险交强险多少钱", "那商业险呢") and second.no_figures


def test_unquoted_numbers_are_strings():
    assert case(must_not=[1816], turns=["失业金能领多少", 8000]).must_not == ("1816",)
    assert case(turns=["月薪多少", 8000]).turns == ("月薪多少", "8000")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "yesno"}, "unknown category 'yesno'"),
        ({"aspect": "money"}, "unknown aspect 'money'"),
        ({"turns": []}, "missing field(s): turns"),
        ({"topic": None}, "missing field(s): topic"),
        ({"id": "YN 1"}, "is not <category prefix>-<number>"),
        ({"must": "非因本人意愿"}, "must must be a list"),
        ({"must": [["a", ""]]}, "each must item"),
        ({"must": [[]]}, "must not be empty"),
        ({"no_figures": "yes"}, "no_figures must be true or false"),
        ({"must-not": ["1816"]}, "unknown field(s): must-not"),
        ({"first_line": [None]}, "first_line must be"),
    ],
)
def test_malformed_case(change, message):
    raw = {
        "id": "yn-001",
        "category": "yes_no",
        "topic": ["ask_unemployment_benefit"],
        "aspect": "eligibility",
        "turns": ["问题"],
        **change,
    }
    parsed, problems = parse_case(raw, "x.yml")
    assert parsed is None and any(message in p for p in problems), problems


def test_unknown_topic_only_with_known_topics():
    raw = {
        "id": "yn-001",
        "category": "yes_no",
        "topic": ["ask_benefit", "not_covered"],
        "aspect": "eligibility",
        "turns": ["问题"],
    }
    assert parse_case(raw)[1] == []
    assert parse_case(raw, known_topics=["ask_unemployment_benefit"])[1] == ["unknown topic(s): ask_benefit"]


def test_bad_files_and_duplicates_are_problems_not_exceptions(tmp_path: Path):
    (tmp_path / "a.yml").write_text(YES_NO, encoding="utf-8")
    (tmp_path / "b.yml").write_text(
        YES_NO.replace("nt-001", "nt-002") + "  - just a string\n"
        "  - {id: pr-001, category: procedure, turns: [怎么办]}\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yml").write_text("cases: [unclosed", encoding="utf-8")
    (tmp_path / "d.yml").write_text("- id: yn-9\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    result = read_set(tmp_path)
    assert result.files == ["a.yml", "b.yml", "c.yml", "d.yml"]
    assert [c.id for c in result.cases] == ["yn-001", "nt-001", "nt-002"]
    problems = {(p.source, p.case): p for p in result.problems}
    assert set(problems) == {
        ("b.yml", "yn-001"),
        ("b.yml", "#3"),
        ("b.yml", "pr-001"),
        ("c.yml", ""),
        ("d.yml", ""),
    }
    assert "duplicate id (first in a.yml)" in problems["b.yml", "yn-001"].message
    assert problems["b.yml", "pr-001"].category == "procedure"
    assert problems["b.yml", "pr-001"].turns == ("怎么办",)
    assert "missing field(s): topic, aspect" in problems["b.yml", "pr-001"].message
    assert problems["b.yml", "#3"].category == problems["b.yml", "#3"].aspect == INVALID_CATEGORY
    assert "cannot read the file" in problems["c.yml", ""].message
    assert "list under 'cases'" in str(problems["d.yml", ""])


def test_category_shortfalls():
    cases = [case(id=f"yn-{i}") for i in range(60)]
    shortfalls = category_shortfalls(cases)
    assert "yes_no" not in shortfalls and shortfalls["multi_turn"] == (0, 30)
    assert set(shortfalls) == set(CATEGORY_MINIMUMS) - {"yes_no"}
    assert category_shortfalls(cases[:59])["yes_no"] == (59, 60)


# -- grading -------------------------------------------------------------------------------------------------
REFUSAL = "不能。失业保险金只发给非因本人意愿中断就业的人。\n依据：人社部发〔2020〕40号。"


def test_good():
    graded = grade(
        case(
            first_line=["不能", "不可以"],
            must=["非因本人意愿", ["人社部发〔2020〕40号", "长社保〔2020〕1号"]],
            must_not=["1816"],
        ),
        outcome(REFUSAL),
    )
    assert graded.verdict == GOOD and graded.reasons == ()


def test_partial_names_what_is_missing():
    graded = grade(
        case(first_line=["不能", "不可以"], must=["非因本人意愿", ["长社保〔2020〕1号", "吉人社"], "12333"]),
        outcome("失业保险金只发给非因本人意愿中断就业的人。\n不能。"),
    )
    assert graded.verdict == PARTIAL
    assert graded.reasons == (
        "must missing (any of): 「长社保〔2020〕1号」 / 「吉人社」",
        "must missing: 「12333」",
        "first line lacks the eligibility answer (any of 「不能」 / 「不可以」)",
    )


def test_first_line_is_the_first_non_blank_line_of_all_messages():
    assert first_line("\n  \n 不能。\n可以") == "不能。"
    assert (
        grade(
            case(first_line=["不能"]), RunOutcome(("", "不能领取。", "详情…"), "ask_unemployment_benefit")
        ).verdict
        == GOOD
    )
    assert (
        grade(
            case(first_line=["不能"]), RunOutcome(("您好。", "不能领取。"), "ask_unemployment_benefit")
        ).verdict
        == PARTIAL
    )


def test_must_not_is_bad_and_keeps_the_other_reasons():
    graded = grade(case(must=["非因本人意愿"], must_not=["1816", "1,816"]), outcome("可以，每月1816元。"))
    assert graded.verdict == BAD
    assert graded.reasons == ("must_not present: 「1816」", "must missing: 「非因本人意愿」")


def test_figures_only_count_with_no_figures():
    reply = "这不属于社保，交强险保费请咨询保险公司，一般为950元。"
    assert grade(case(), outcome(reply)).verdict == GOOD
    graded = grade(case(no_figures=True), outcome(reply))
    assert graded.verdict == BAD and graded.reasons == ("figure where none belongs: 「950元」",)
    assert (
        grade(
            case(no_figures=True),
            outcome("这不属于社保。请拨打12333或0431-88888888咨询，2020年的文件没有规定。"),
        ).verdict
        == GOOD
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("每月1816元", ["1816元"]),
        ("1,816.50 元", ["1,816.50 元"]),
        ("1.2万元", ["1.2万元"]),
        ("2000多元", ["2000多元"]),
        ("单位费率16%", ["16%"]),
        ("降至0.5-1％", ["1％"]),
        ("滞纳金每日万分之五", ["万分之五"]),
        ("3‰", ["3‰"]),
        ("百分之八十", ["百分之八十"]),
        ("拨打12333", []),
        ("9612333咨询", []),
        ("0431-88888888", []),
        ("2020年起执行", []),
        ("2020年2月", []),
        ("12333\n元旦后", []),
        ("2021年1月1日元旦", []),
        ("人社部发〔2020〕40号", []),
        ("最长24个月", []),
    ],
)
def test_figure_pattern(text, found):
    assert figures(text) == found


def test_wrong_topic_is_bad():
    graded = grade(
        case(), outcome(REFUSAL, intent="ask_unemployment_subsidy", topic="ask_unemployment_subsidy")
    )
    assert graded.verdict == BAD
    assert graded.reasons == (
        "wrong topic: intent ask_unemployment_subsidy, answer_topic ask_unemployment_subsidy;"
        " expected ask_unemployment_benefit",
    )


@pytest.mark.parametrize(
    ("topics", "intent", "answer_topic", "right"),
    [
        (["ask_unemployment_benefit"], "ask_unemployment_benefit", None, True),
        (
            ["ask_unemployment_benefit"],
            "inform",
            "ask_unemployment_benefit",
            True,
        ),  # a follow-up read as a value
        (["ask_policy_faq"], "ask_unemployment_benefit", "faq:ub_materials", True),  # faq:* is the FAQ intent
        (["ask_policy_faq"], "ask_policy_faq", None, True),
        (["faq"], "ask_unemployment_benefit", "faq:ub_materials", False),
        (["not_covered"], "ask_contribution", "not_covered:region", True),  # the part before ':'
        (["not_covered"], "ask_contribution", "ask_contribution", False),
        (["passage"], "ask_policy_faq", "passage:renshe-2020-40#3", True),
        (
            ["out_of_scope"],
            "nlu_fallback",
            "fallback",
            True,
        ),  # a fallback is an acceptable out-of-scope reading
        (["out_of_scope"], "ask_contribution", "out_of_scope", True),
        (["out_of_scope"], "ask_contribution", "fallback", False),
        (["nlu_fallback"], "out_of_scope", "out_of_scope", False),  # not symmetric
        (["ask_contribution", "ask_contribution_rate"], "ask_contribution_rate", None, True),
        (["ask_contribution"], None, None, False),
    ],
)
def test_topic(topics, intent, answer_topic, right):
    graded = grade(case(topic=topics), RunOutcome(("回复",), intent, answer_topic))
    assert (graded.verdict == GOOD) is right


def test_topics_of():
    assert topics_of("nlu_fallback", "faq:none") == {"nlu_fallback", "out_of_scope", "ask_policy_faq"}
    assert topics_of(None, None) == set()
    assert topics_of("ask_reduction", "passage:sh_2020_10") == {"ask_reduction", "passage", "ask_policy_faq"}
    # an article that quotes its document's passage is read as that passage; a summary alone is not
    quoted = "【乌海断缴会提醒吗】\n……\n文件原文（乌海政发〔2020〕17号，2020年5月15日）：\n“对中断缴费人员……”"
    assert topics_of("ask_policy_faq", "faq:wh_x", quoted) == {"ask_policy_faq", "passage"}
    assert topics_of("ask_policy_faq", "faq:wh_x", "【乌海断缴会提醒吗】\n依据：乌海政发〔2020〕17号") == {
        "ask_policy_faq"
    }
    assert "passage" not in topics_of("ask_phone", "ask_phone", quoted)  # only an article counts so
    # a calculation the data does not cover counts as not covered and as its own topic
    assert topics_of("ask_base_limits", "not_covered:ask_base_limits") == {"ask_base_limits", "not_covered"}
    assert topics_of("inform", "not_covered:ask_late_fee") == {"inform", "not_covered", "ask_late_fee"}
    assert topics_of("ask_reduction", "not_covered:place") == {"ask_reduction", "not_covered"}
    assert topics_of(None, "not_covered:") == {"not_covered"}
    # an article faq_routing.yml answers a topic with counts as that topic; an unrouted one does not
    assert "ask_flexible_employment" in topics_of("ask_policy_faq", "faq:flexible_pension_deferral")
    assert "ask_unemployment_subsidy" in topics_of("ask_policy_faq", "faq:bj_subsidy_once")
    assert topics_of("ask_policy_faq", "faq:no_such_article") == {"ask_policy_faq"}


def test_routed_topics_come_from_every_routing_section():
    from bot.eval.reply_grading import routed_topics

    routed = routed_topics()
    assert "ask_reduction" in routed["reduction_processing"]  # articles:
    assert "ask_contribution_base" in routed["cc_base_rules"]  # aspects:
    assert "ask_flexible_employment" in routed["bj_graduate_flexible_subsidy"]  # confident:
    assert all(intent.startswith("ask_") for intents in routed.values() for intent in intents)


def test_reply_is_matched_in_simplified():
    assert to_simplified("失業保險金不能領取") == "失业保险金不能领取"
    graded = grade(
        case(first_line=["不能"], must=["非因本人意愿"]),
        outcome("不能領取。\n只發給非因本人意願中斷就業的人。"),
    )
    assert graded.verdict == GOOD
    assert grade(case(must=["意願"]), outcome("意願")).verdict == PARTIAL  # the case's strings as written


def test_error_is_bad():
    graded = grade(case(), RunOutcome(error="action server unreachable"))
    assert graded == grade(
        case(), RunOutcome(("不能",), "ask_unemployment_benefit", error="action server unreachable")
    )
    assert graded.verdict == BAD and graded.reasons == ("error: action server unreachable",)


# -- the runner and its report, with a stand-in for the assistant --------------------------------------------
class FakeAssistant:
    """Answers from a table; a turn it does not know raises, as a broken conversation would."""

    model = Path("models/fake.tar.gz")

    def __init__(self, today):
        self.today = today

    def __call__(self, case: Case) -> RunOutcome:
        answers = {
            "主动辞职了还能领失业金吗": RunOutcome(
                (REFUSAL,), "ask_unemployment_benefit", "ask_unemployment_benefit"
            ),
            "那商业险呢": RunOutcome(
                ("这不属于社保。", "商业险一般要2000元。"), "out_of_scope", "out_of_scope"
            ),
            "失业金能领几个月": RunOutcome(
                ("最长24个月。",), "ask_unemployment_benefit", "ask_unemployment_benefit"
            ),
        }
        return answers[case.turns[-1]]


RUNNER_CASES = (
    YES_NO
    + """\
  - id: dt-001
    category: duration_timing
    topic: [ask_unemployment_benefit]
    aspect: duration
    turns: ["失业金能领几个月"]
    must: ["24个月", "缴费年限"]
  - id: dt-002
    category: duration_timing
    topic: [ask_unemployment_benefit]
    aspect: duration
    turns: ["这句没人答"]
  - id: dt-003
    category: duration_timing
    aspect: duration
    turns: ["缺了topic"]
"""
)


def run_runner(tmp_path: Path, *args: str) -> tuple[int, str]:
    import contextlib
    import io

    from scripts import evaluate_replies

    cases = tmp_path / "cases"
    cases.mkdir(exist_ok=True)
    (cases / "set.yml").write_text(RUNNER_CASES, encoding="utf-8")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        code = evaluate_replies.main(["--cases", str(cases), "--today", "2026-11-22", *args], FakeAssistant)
    return code, printed.getvalue()


def test_runner_writes_the_report(tmp_path: Path):
    import json

    code, printed = run_runner(tmp_path, "--md", str(tmp_path / "rq.md"), "--json", str(tmp_path / "rq.json"))
    assert code == 0
    text = (tmp_path / "rq.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "<!-- generated by scripts/evaluate_replies.py, do not edit -->"
    assert text in printed
    assert "**Overall** (5 cases): good 1 (20.0%), partial 1 (20.0%), bad 3 (60.0%)." in text
    assert (
        "**Goal** (≥ 90% good, ≤ 2% bad, no category under 80% good): **not met** — good 20.0% < 90%; bad "
        "60.0% > 2%" in text
    )
    assert "| yes_no | 1 | 100.0% | 0.0% | 0.0% |" in text
    # dt-003 lacks its topic: bad, and still counted in its category and aspect
    assert "| duration_timing | 3 | 0.0% | 33.3% | 66.7% |" in text
    assert "| aspect | n | good % | partial % | bad % |" in text and "| duration | 3 |" in text
    assert (
        "- **nt-001** (neighbour_trap, out_of_scope; set.yml) 「车险交强险多少钱」 → 「那商业险呢」" in text
    )
    assert "  - figure where none belongs: 「2000元」" in text
    assert "  - reply: `这不属于社保。` ⏎ `商业险一般要2000元。`" in text
    assert "  - error: KeyError: '这句没人答'" in text  # a case that raises is bad, the run goes on
    assert "  - invalid case: missing field(s): topic" in text
    assert "  - must missing: 「缴费年限」" in text
    assert "BOT_TODAY) 2026-11-22" in text
    report = json.loads((tmp_path / "rq.json").read_text(encoding="utf-8"))
    assert report["today"] == "2026-11-22" and report["files"] == ["set.yml"]
    assert report["summary"]["overall"] == {"n": 5, "good": 1, "partial": 1, "bad": 3}
    assert report["summary"]["goal"]["met"] is False
    by_id = {c["id"]: c for c in report["cases"]}
    assert by_id["yn-001"]["verdict"] == "good" and by_id["yn-001"]["intent"] == "ask_unemployment_benefit"
    assert by_id["dt-001"] == {
        **by_id["dt-001"],
        "verdict": "partial",
        "replies": ["最长24个月。"],
        "answer_topic": "ask_unemployment_benefit",
        "turns": ["失业金能领几个月"],
    }


def test_held_out_failures_are_counted_not_listed(tmp_path: Path):
    """A file marked ``held_out: true`` counts in every table, but its failing questions and replies appear
    neither in the report nor in the JSON, so tuning cannot read them."""
    import json

    held = tmp_path / "cases"
    held.mkdir()
    (held / "z_held.yml").write_text(
        "held_out: true\n" + RUNNER_CASES.replace("id: ", "id: h_"), encoding="utf-8"
    )
    code, printed = run_runner(tmp_path, "--md", str(tmp_path / "rq.md"), "--json", str(tmp_path / "rq.json"))
    assert code == 0
    text = (tmp_path / "rq.md").read_text(encoding="utf-8")
    assert "**Overall** (10 cases): good 2 (20.0%), partial 2 (20.0%), bad 6 (60.0%)." in text
    assert "| z_held.yml | 5 | 20.0% | 20.0% | 60.0% |" in text
    assert "z_held.yml: held out" in text and "set.yml: development sets" in text
    assert "## Bad cases (6)" in text and "- 3 of the held-out set(s), not listed" in text
    assert "h_nt-001" not in printed and "- **nt-001**" in text
    report = json.loads((tmp_path / "rq.json").read_text(encoding="utf-8"))
    assert report["held_out"] == ["z_held.yml"]
    hidden = {c["id"]: c for c in report["cases"] if c["source"] == "z_held.yml"}
    assert hidden["h_nt-001"] == {
        "id": "h_nt-001",
        "source": "z_held.yml",
        "category": "neighbour_trap",
        "aspect": "out_of_scope",
        "verdict": "bad",
    }


def test_held_out_must_be_a_boolean(tmp_path: Path):
    (tmp_path / "x.yml").write_text("held_out: 是\ncases: []\n", encoding="utf-8")
    result = read_file(tmp_path / "x.yml")
    assert [p.message for p in result.problems] == ["held_out must be true or false"]
    assert result.held_out == set()


def test_runner_subsets_only_print(tmp_path: Path, monkeypatch):
    from scripts import evaluate_replies

    monkeypatch.setattr(evaluate_replies, "MARKDOWN_OUT", tmp_path / "default.md")
    monkeypatch.setattr(evaluate_replies, "JSON_OUT", tmp_path / "default.json")
    code, printed = run_runner(tmp_path, "--only", "yes_no")
    assert code == 0 and "**Overall** (1 cases): good 1 (100.0%)" in printed and "**met**" in printed
    assert "Subset: only=yes_no" in printed and not (tmp_path / "default.md").exists()
    _, printed = run_runner(tmp_path, "--ids", "dt-001,nt-001", "xx-9")
    assert "(2 cases)" in printed and "unknown case id(s): xx-9" in printed
    _, printed = run_runner(tmp_path, "--limit", "1")
    assert "(1 cases)" in printed
    assert run_runner(tmp_path, "--check")[0] == 1  # the goal is not met
    assert (tmp_path / "default.md").exists() and (tmp_path / "default.json").exists()  # a full run writes


def test_runner_without_cases(tmp_path: Path):
    from scripts import evaluate_replies

    (tmp_path / "empty").mkdir()

    def no_assistant(today):
        raise AssertionError("no case: the model must not be loaded")

    code = evaluate_replies.main(
        ["--cases", str(tmp_path / "empty"), "--md", str(tmp_path / "rq.md")], no_assistant
    )
    text = (tmp_path / "rq.md").read_text(encoding="utf-8")
    assert code == 0 and "**Overall** (0 cases)" in text and "n/a (no case played)" in text


@pytest.mark.model
def test_assistant_player_reads_the_last_turn(assistant):
    """With the trained assistant: the last turn's replies, intent and answer_topic, each case afresh."""
    from scripts.evaluate_replies import AssistantPlayer

    player = AssistantPlayer(assistant)
    question = case(id="amt-1", topic=["ask_contribution"], turns=["长春月薪8000每月社保交多少"])
    first = player(question)
    assert first.intent == "ask_contribution" and first.answer_topic.split(":")[0] == "ask_contribution"
    assert first.replies and all(isinstance(reply, str) and reply for reply in first.replies)
    assert player(question) == first  # a new sender id: nothing carried over from the previous play
    greeting = player(case(id="multi-1", turns=["长春月薪8000每月社保交多少", "你好"]))
    assert greeting.intent == "greet" and greeting.replies != first.replies
    assert greeting.answer_topic is None  # the greeting sets no topic: the first turn's does not count


def test_last_turn_topic():
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

    from scripts.evaluate_replies import last_turn_topic

    first = [
        UserUttered("长春社保交多少"),
        ActionExecuted("action_contribution"),
        SlotSet("answer_topic", "ask_contribution"),
        SlotSet("handoff", None),
        ActionExecuted("action_listen"),
    ]
    assert last_turn_topic(first) == "ask_contribution"
    assert last_turn_topic([*first, UserUttered("你好"), ActionExecuted("utter_greet")]) is None
    assert (
        last_turn_topic(
            [
                *first,
                UserUttered("上海呢"),
                SlotSet("answer_topic", "not_covered:place"),
                SlotSet("answer_topic", None),
            ]
        )
        is None
    )  # the last value set counts
    assert last_turn_topic([]) is None


def test_a_yes_is_not_found_inside_a_no():
    from bot.eval.reply_grading import says_affirmed

    assert not says_affirmed("不能。不符合：累计参保不满1年。", "能")
    assert not says_affirmed("不是。", "是")
    assert says_affirmed("不能，但可以申请失业补助金", "可以")
    assert says_affirmed("不能。", "不能") and says_affirmed("能，按您说的情况", "能")
    case = Case(
        id="x",
        category="yes_no",
        topics=("ask_migrant_subsidy",),
        aspect="eligibility",
        turns=("q",),
        first_line=("可以", "能", "符合"),
    )
    assert (
        grade(case, RunOutcome(("不能。不符合：累计参保不满1年。",), "ask_migrant_subsidy")).verdict
        == PARTIAL
    )
    assert (
        grade(
            case, RunOutcome(("可以。按您说的情况，文件规定的条件都符合。",), "ask_migrant_subsidy")
        ).verdict
        == GOOD
    )
