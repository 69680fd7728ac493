"""The guided questionnaires: their questions (prompt, example, why it is asked, answer kind, choices) and
which of them are needed given the answers so far. Verdicts are in ``bot.questionnaires.verdicts``.

Each questionnaire is a Rasa form (``<name>_form``) whose slots are the ``q_*`` slots below; the domain
and the rules are checked against these definitions by the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

YES_NO = (("是", "yes"), ("否", "no"), ("不知道", "unknown"))


@dataclass(frozen=True)
class Question:
    slot: str
    kind: str  # city / years / months / money / count / yes_no / date / choice
    prompt: str
    example: str
    why: str
    choices: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (title, value, words that mean it)
    buttons: tuple[tuple[str, str], ...] = ()  # (title, answer text) shown with the prompt
    yes_words: tuple[str, ...] = ()  # extra words that mean "yes" to this question
    no_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    name: str  # the form's name, e.g. unemployment_benefit_form
    title: str
    intro: str
    questions: tuple[Question, ...]
    needed: Callable[[dict[str, Any]], list[str]] = field(
        default=lambda slots: []
    )  # required slots given answers

    def question(self, slot: str) -> Question:
        return next(q for q in self.questions if q.slot == slot)

    @property
    def slots(self) -> list[str]:
        return [q.slot for q in self.questions]


CITY = Question(
    "q_city",
    "city",
    "请问您在哪个城市参保？",
    "例如：北京、长春、上海、天津",
    "各地政策和标准不同，需要按参保地核对。",
    buttons=(("北京", "北京"), ("长春", "长春"), ("上海", "上海"), ("天津", "天津")),
)
ENTERPRISE_CHOICES = (
    ("中小微企业", "sme", ("中小微", "小微", "中小", "小企业", "小公司", "中型", "小型", "微型")),
    ("大型企业", "large", ("大型", "大企业", "大公司")),
    ("社会组织", "social_org", ("社会组织", "社会团体", "民办非企业", "民非")),
    ("以单位方式参保的个体工商户", "individual_business_unit", ("个体", "个体户", "个体工商户")),
    ("机关事业单位", "institution", ("事业单位", "机关")),
)


def _yes(slots: dict[str, Any], slot: str) -> bool:
    return slots.get(slot) is True


def _no(slots: dict[str, Any], slot: str) -> bool:
    return slots.get(slot) is False


UNEMPLOYMENT_BENEFIT = Questionnaire(
    "unemployment_benefit_form",
    "失业保险金测算",
    "好的，我来帮您逐项核对失业保险金的领取条件和标准（共4个问题，随时可以回复“取消”）。",
    (
        CITY,
        Question(
            "q_years",
            "years",
            "您累计缴纳失业保险费多少年？",
            "例如：7年、18个月",
            "领取失业保险金须参保缴费满1年，北京还按累计缴费年限分档确定月标准。",
        ),
        Question(
            "q_involuntary",
            "yes_no",
            "您是非因本人意愿中断就业吗？（例如被辞退、裁员、合同到期单位不续签）",
            "回答“是”或“否”",
            "主动辞职不符合领取失业保险金的条件，这是国家规定的三项条件之一。",
            buttons=(("是，被辞退/合同到期", "是"), ("否，主动辞职", "否")),
            yes_words=("辞退", "裁员", "被裁", "合同到期", "不续签", "倒闭"),
            no_words=("主动辞职", "自己辞职", "我辞职", "辞职"),
        ),
        Question(
            "q_registered",
            "yes_no",
            "您是否已经办理失业登记并有求职要求？",
            "回答“是”或“否”",
            "已办理失业登记并有求职要求是领取失业保险金的条件之一。",
            buttons=(("是", "是"), ("还没有", "没有"), ("不知道", "不知道")),
        ),
    ),
)

UNEMPLOYMENT_SUBSIDY = Questionnaire(
    "unemployment_subsidy_form",
    "失业补助金/临时生活补助测算",
    "好的，我来帮您判断适用失业补助金还是农民工临时生活补助，以及能领多少（随时可以回复“取消”）。",
    (
        CITY,
        Question(
            "q_migrant",
            "yes_no",
            "您是农民工（农民合同制工人）吗？",
            "回答“是”或“否”",
            "参保不满1年的失业农民工适用临时生活补助，其他参保失业人员适用失业补助金。",
            buttons=(("是", "是"), ("否", "否")),
        ),
        Question(
            "q_years",
            "years",
            "您累计参保缴费多长时间？",
            "例如：3年、8个月",
            "失业补助金按参保是否满1年分两档标准；临时生活补助只适用于参保不满1年的农民工。",
        ),
        Question(
            "q_insured_since",
            "date",
            "您是从哪年哪月开始参保的？",
            "例如：2019年6月",
            "临时生活补助只适用于2019年1月1日之后参保的失业农民工。",
        ),
        Question(
            "q_benefit_expired",
            "yes_no",
            "您是否已经领完失业保险金？",
            "回答“是”或“否”",
            "失业补助金适用于领取失业保险金期满仍未就业的人，或参保但不符合领取失业保险金条件的人。",
            buttons=(("已经领完", "是"), ("没领过/还在领", "否")),
        ),
        Question(
            "q_involuntary",
            "yes_no",
            "您是非因本人意愿离职的吗？（被辞退、合同到期等）",
            "回答“是”或“否”",
            "缴费满1年且非本人意愿离职的，应先申领失业保险金；因本人原因离职的可以申领失业补助金。",
            buttons=(("是，被辞退/合同到期", "是"), ("否，主动辞职", "否")),
            yes_words=("辞退", "裁员", "被裁", "合同到期", "不续签"),
            no_words=("主动辞职", "自己辞职", "辞职"),
        ),
        Question(
            "q_reemployed",
            "yes_no",
            "您目前是否已经重新就业？",
            "回答“是”或“否”",
            "重新就业后就不再发放补助。",
            buttons=(("已就业", "是"), ("还没有", "没有")),
            no_words=("没找到", "没找着", "没就业", "没上班", "还在找", "失业中"),
        ),
    ),
    needed=lambda s: (
        ["q_city", "q_migrant", "q_years"]
        + (
            ["q_insured_since"]
            if _yes(s, "q_migrant") and isinstance(s.get("q_years"), (int, float)) and s["q_years"] < 1
            else []
        )
        + (
            ["q_benefit_expired"]
            # 是我自己辞职的: leaving of one's own accord already rules out 失业保险金, so whether it was
            # drawn in full decides nothing
            if isinstance(s.get("q_years"), (int, float))
            and s["q_years"] >= 1
            and not _no(s, "q_involuntary")
            else []
        )
        + (
            ["q_involuntary"]
            # asked when the benefit was not drawn in full; kept when told unasked (自己辞职的)
            if isinstance(s.get("q_years"), (int, float))
            and s["q_years"] >= 1
            and (_no(s, "q_benefit_expired") or s.get("q_involuntary") is not None)
            else []
        )
        + ["q_reemployed"]
    ),
)

JOB_RETENTION = Questionnaire(
    "job_retention_form",
    "稳岗返还测算",
    "好的，我来帮您逐项核对贵单位能否申请稳岗返还、能返还多少（随时可以回复“取消”）。",
    (
        Question(
            "q_ui_months",
            "months",
            "贵单位已参加失业保险并足额缴费多少个月？",
            "例如：24个月、3年",
            "须参加失业保险并足额缴纳失业保险费12个月以上。",
        ),
        Question(
            "q_headcount",
            "count",
            "贵单位参保职工共有多少人？",
            "例如：25人",
            "30人（含）以下的企业按裁员率不超过20%判断，其他企业按不裁员或少裁员判断。",
        ),
        Question(
            "q_laid_off",
            "count",
            "过去一年裁员多少人？没有裁员请回复“0”。",
            "例如：3人、没有裁员",
            "裁员情况决定是否符合“不裁员或少裁员”的条件。",
        ),
        Question(
            "q_enterprise_size",
            "choice",
            "贵单位是中小微企业还是大型企业？",
            "回复“中小微企业”或“大型企业”",
            "疫情期间中小微企业的裁员率标准有所放宽。",
            choices=ENTERPRISE_CHOICES[:2],
            buttons=(("中小微企业", "中小微企业"), ("大型企业", "大型企业")),
        ),
        Question(
            "q_compliant",
            "yes_no",
            "贵单位的生产经营是否符合国家及所在区域产业结构调整和环保政策？",
            "回答“是”或“否”",
            "这是申请稳岗返还的条件之一。",
            buttons=(("是", "是"), ("否", "否"), ("不知道", "不知道")),
        ),
        Question(
            "q_last_year_paid",
            "money",
            "贵单位上年度实际缴纳了多少失业保险费（元）？",
            "例如：12000元、1.2万",
            "返还标准为企业上年度实际缴纳失业保险费的50%，据此算出金额。",
        ),
        Question(
            "q_hardship",
            "yes_no",
            "贵单位目前是否经营困难但恢复有望？",
            "回答“是”或“否”",
            "经营困难且恢复有望的企业还可按“6个月当地月人均失业保险金×参保职工人数”申请返还。",
            buttons=(("是", "是"), ("否", "否")),
        ),
        Question(
            "q_excluded",
            "yes_no",
            "贵单位是否属于去产能、“僵尸”或失信企业？",
            "回答“是”或“否”",
            "这几类企业不能按困难企业标准领取稳岗返还。",
            buttons=(("否", "否"), ("是", "是")),
        ),
        Question(
            "q_avg_benefit",
            "money",
            "当地月人均失业保险金是多少元？（可向失业保险管理处查询，不清楚请回复“不知道”）",
            "例如：1500元",
            "困难企业的返还金额按6个月的当地月人均失业保险金计算，资料中没有这个数额。",
        ),
    ),
    needed=lambda s: (
        ["q_ui_months", "q_headcount", "q_laid_off"]
        + (
            ["q_enterprise_size"]
            if isinstance(s.get("q_headcount"), (int, float)) and s["q_headcount"] > 30
            else []
        )
        + ["q_compliant", "q_last_year_paid", "q_hardship"]
        + (["q_excluded", "q_avg_benefit"] if _yes(s, "q_hardship") else [])
    ),
)

SKILL_SUBSIDY = Questionnaire(
    "skill_subsidy_form",
    "技能/学历/职称提升补贴测算",
    "好的，我来帮您核对提升补贴的申请条件（随时可以回复“取消”）。",
    (
        Question(
            "q_kind",
            "choice",
            "您想申请哪种补贴？",
            "回复“技能提升补贴”“学历提升补贴”或“职称提升补贴”",
            "三种补贴的条件不同：长春的技能提升补贴要求缴费满12个月，天津的学历、职称提升补贴要求满36个月。",
            choices=(
                ("技能提升补贴", "skill", ("技能", "职业资格", "技能等级")),
                ("学历提升补贴", "education", ("学历", "大专", "本科", "毕业证")),
                ("职称提升补贴", "title", ("职称",)),
            ),
            buttons=(
                ("技能提升补贴", "技能提升补贴"),
                ("学历提升补贴", "学历提升补贴"),
                ("职称提升补贴", "职称提升补贴"),
            ),
        ),
        Question(
            "q_ui_months",
            "months",
            "您累计缴纳失业保险费多少个月？",
            "例如：40个月、3年",
            "补贴要求累计缴纳失业保险费达到一定月数（技能12个月，学历、职称36个月）。",
        ),
        Question(
            "q_cert_date",
            "date",
            "证书上的核发日期是哪天？",
            "例如：2020年1月15日",
            "学历、职称提升补贴须自证书核发之日起12个月内申请。",
        ),
        Question(
            "q_apply_date",
            "date",
            "您哪天申请（或打算哪天申请）？今天申请可回复“今天”。",
            "例如：2020年6月1日",
            "用来判断是否在证书核发之日起12个月内。",
        ),
        Question(
            "q_degree_only",
            "yes_no",
            "您是否只取得了学位证书、没有学历（毕业）证书？",
            "回答“是”或“否”",
            "取得学位证书但未取得学历证书的，不享受学历提升补贴。",
            buttons=(("否，有学历证书", "否"), ("是，只有学位证", "是")),
        ),
    ),
    needed=lambda s: (
        ["q_kind", "q_ui_months"]
        + (["q_cert_date", "q_apply_date"] if s.get("q_kind") in ("education", "title") else [])
        + (["q_degree_only"] if s.get("q_kind") == "education" else [])
    ),
)

DEFERRAL = Questionnaire(
    "deferral_form",
    "缓缴资格核对",
    "好的，我来帮您核对能否缓缴社会保险费（随时可以回复“取消”）。",
    (
        CITY,
        Question(
            "q_flexible",
            "yes_no",
            "您是以个人身份参保的个体工商户或灵活就业人员吗？（单位缴费请回答“否”）",
            "回答“是”或“否”",
            "个人参保的灵活就业人员和企业适用的缓缴政策不同。",
            buttons=(("是，个人参保", "是"), ("否，单位", "否")),
            yes_words=("灵活就业", "个人参保", "个体户", "自己交"),
            no_words=("单位", "公司", "企业"),
        ),
        Question(
            "q_enterprise_type",
            "choice",
            "贵单位是哪类单位？",
            "例如：中小微企业、大型企业",
            "便于说明适用的政策。",
            choices=ENTERPRISE_CHOICES,
            buttons=tuple((t, t) for t, _, _ in ENTERPRISE_CHOICES),
        ),
        Question(
            "q_severe",
            "yes_no",
            "受疫情影响，生产经营是否出现严重困难？",
            "回答“是”或“否”",
            "只有受疫情影响生产经营出现严重困难的单位可以申请缓缴。",
            buttons=(("是", "是"), ("否", "否")),
        ),
        Question(
            "q_loss_months",
            "months",
            "已经连续亏损了几个月？",
            "例如：4个月",
            "长春规定须连续3个月以上累计亏损。",
        ),
        Question(
            "q_no_min_wage",
            "yes_no",
            "是否无力支付职工最低工资，或只能给职工发生活费？",
            "回答“是”或“否”",
            "长春规定须无力支付职工最低工资或仅为职工发放生活费。",
            buttons=(("是", "是"), ("否", "否")),
        ),
        Question(
            "q_deferral_months",
            "months",
            "打算申请缓缴几个月？",
            "例如：6个月",
            "长春规定缓缴最长不超过6个月，且在2020年内。",
        ),
    ),
    needed=lambda s: (
        ["q_city", "q_flexible"]
        + (
            []
            if _yes(s, "q_flexible")
            else ["q_enterprise_type", "q_severe"]
            + (
                ["q_loss_months", "q_no_min_wage", "q_deferral_months"]
                if s.get("q_city") == "changchun" and not _no(s, "q_severe")
                else []
            )
        )
    ),
)

CONTRIBUTION = Questionnaire(
    "contribution_form",
    "社保缴费测算",
    "好的，我来帮您算每月单位和个人各交多少社保（随时可以回复“取消”）。",
    (
        CITY,
        Question(
            "q_month",
            "date",
            "按哪个月份计算？",
            "例如：2020年5月",
            "缴费基数上下限和2020年的减免政策都按月份执行。",
            buttons=(("2020年3月", "2020年3月"), ("2020年6月", "2020年6月")),
        ),
        Question(
            "q_wage",
            "money",
            "职工的月工资（上年度月平均工资，税前）是多少？",
            "例如：8000元、1.2万",
            "缴费基数按月工资核定，并受上下限限制。",
        ),
        Question(
            "q_enterprise_type",
            "choice",
            "单位是哪类？",
            "例如：中小微企业、大型企业",
            "2020年的阶段性减免按单位类型区分。",
            choices=ENTERPRISE_CHOICES,
            buttons=tuple((t, t) for t, _, _ in ENTERPRISE_CHOICES),
        ),
    ),
)

FLEXIBLE = Questionnaire(
    "flexible_form",
    "灵活就业缴费测算",
    "好的，我来帮您看看灵活就业人员可以怎么交（随时可以回复“取消”）。",
    (
        CITY,
        Question(
            "q_month",
            "date",
            "打算哪个月缴费？",
            "例如：2020年3月",
            "长春上半年和下半年缴费所用的平均工资不同。",
        ),
        Question(
            "q_chosen_base",
            "money",
            "想按多少元的基数缴？不确定请回复“不知道”，我先列出范围。",
            "例如：5000元",
            "选定基数后可以算出每月和全年的养老保险费。",
        ),
    ),
)

QUESTIONNAIRES: dict[str, Questionnaire] = {
    q.name: q
    for q in (
        UNEMPLOYMENT_BENEFIT,
        UNEMPLOYMENT_SUBSIDY,
        JOB_RETENTION,
        SKILL_SUBSIDY,
        DEFERRAL,
        CONTRIBUTION,
        FLEXIBLE,
    )
}
# the questionnaire each single-turn question can lead to
BY_INTENT = {
    "ask_unemployment_benefit": "unemployment_benefit_form",
    "ask_unemployment_subsidy": "unemployment_subsidy_form",
    "ask_migrant_subsidy": "unemployment_subsidy_form",
    "ask_job_retention": "job_retention_form",
    "ask_skill_subsidy": "skill_subsidy_form",
    "ask_deferral": "deferral_form",
    "ask_contribution": "contribution_form",
    "ask_flexible_employment": "flexible_form",
}


def all_slots() -> list[str]:
    seen: list[str] = []
    for questionnaire in QUESTIONNAIRES.values():
        for slot in questionnaire.slots:
            if slot not in seen:
                seen.append(slot)
    return seen


def required(questionnaire: Questionnaire, slots: dict[str, Any]) -> list[str]:
    """Slots this questionnaire needs given the answers so far (all of them when it sets no rule)."""
    needed = questionnaire.needed(slots)
    return needed or questionnaire.slots
