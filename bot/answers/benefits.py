"""Answers about benefits: 失业保险金, 失业补助金, migrant workers' allowances and the skill, education and
title subsidies (bot/calc/benefits.py, bot/calc/subsidies.py)."""

from __future__ import annotations

import re
from decimal import Decimal

from bot.answers import differences
from bot.answers.base import AnswererBase
from bot.answers.reply import Reply
from bot.answers.turn import TOTAL_WORDS, Turn
from bot.calc import benefits, lookup, subsidies
from bot.calc.result import OK, Result
from bot.kb.units import format_number

# a diploma named (2020年6月拿的本科毕业证) asks about the education subsidy, as the questionnaire reads it
TEMPORARY, ONE_TIME = "农民工临时生活补助", "农民工一次性生活补助"
UNKNOWN_AMOUNT = "金额请咨询当地失业保险经办机构。"  # bot.calc.benefits' note where no amount is known
EDUCATION_WORDS = ("大专", "本科", "毕业证", "研究生学历")


# 比调整前多了多少 / 跟原来比涨了多少: a standard's change asked
CHANGE_WORDS = ("调整前", "调整以前", "原来", "以前", "之前", "涨", "多了", "增加", "提高", "上调")
# 失业险是厂里交的我个人没出钱 / 我自己一分都没掏: the employer paid, the worker did not
PERSONALLY_UNPAID = re.compile(
    r"(?:个人|自己|我)[^，,。？?]{0,3}?(?:没|不|一分(?:钱)?(?:都|也)?没)有?(?:交|缴|出|掏)过?钱?"
    r"|(?:厂里|厂子|公司|单位|老板)(?:给|帮)?(?:我)?(?:交|缴)的"
)
OWN_BENEFIT_TOLD = re.compile(
    r"(?:失业金|失业保险金)(?:标准)?(?:是|为|有|才|大概|约)?(?:每月|每个月|1个月|一个月)?\d"
)


class BenefitAnswers(AnswererBase):
    """Benefit questions."""

    # -- benefits ----------------------------------------------------------------------------------
    def unemployment_benefit(self, turn: Turn) -> Reply:
        region, prefix = self._region_or_only(turn, ("unemployment.benefit_monthly_by_years",))
        reply = self._unemployment_benefit(turn, region)
        reply.text = prefix + reply.text if reply.result is None or reply.result.status == OK else reply.text
        return reply

    def _unemployment_benefit(self, turn: Turn, region: str | None) -> Reply:
        each = self._each_record(turn, region)
        if each is not None:
            return each
        years = turn.years()
        straddled = self._brackets_straddled(turn, region, years)
        if straddled:
            years = None  # 交了10多年: 满10年 or 满15年 — the table, and the record asked for
        if years is None:
            if region is None:
                return self._ask_city(
                    "ask_unemployment_benefit", turn, ("unemployment.benefit_monthly_by_years",), "失业保险金"
                )
            schedule = lookup.lookup(
                self.store, "unemployment.benefit_monthly_by_years", region, today=turn.today
            )
            if schedule.status != OK:
                result = benefits.unemployment_benefit(
                    self.store,
                    region,
                    None,
                    turn.ordinal_month(),
                    turn.involuntary(),
                    turn.registered(),
                    today=turn.today,
                )
                result = self._amount_line_named(result, region)
                reply = self._reply(result, "失业保险金领取条件", turn, figures=[])
                reply.text += "\n告诉我累计缴费年限（例如“交了7年”），我可以帮您逐条核对。"
                return reply
            reply = self._reply(schedule, "失业保险金标准", turn)
            later = lookup.lookup(self.store, "unemployment.benefit_from_month_13", region, today=turn.today)
            if later.status == OK:
                reply.text += f"\n• 从第13个月起一律按{later.figures['value'].text}发放"
            # 这回每档涨了多少: the increase the notice gives for every bracket, with its source
            increase = lookup.lookup(self.store, "unemployment.benefit_increase", region, today=turn.today)
            if increase.status == OK:
                cited = "；".join(c.short for c in increase.citations[:1] if c.short)
                line = f"与调整前相比，每档增加{increase.figures['value'].text}"
                line += f"（{cited}）" if cited else ""
                if turn.says("涨", "增加", "提高", "上调", "调高", "多了"):  # the change asked: it first
                    reply.text = f"{line}。\n{reply.text}"
                else:
                    reply.text += f"\n• {line}"
            reply.text += (
                "\n领取条件：参保缴费满1年、非因本人意愿中断就业、已办理失业登记并有求职要求。"
                "告诉我缴费年限可帮您核算。"
            )
            if straddled:
                reply.text = f"{straddled}\n{reply.text}"
            return reply
        result = self._with_dates(
            turn,
            lambda on: benefits.unemployment_benefit(
                self.store,
                region or turn.region,
                years,
                turn.ordinal_month(),
                turn.involuntary(),
                turn.registered(),
                None,
                on,
                turn.today,
            ),
        )
        if result.status == OK or region:
            reply = self._reply(self._amount_line_named(result, region or turn.region), "失业保险金", turn)
            total = self._claim_total(result, turn)
            if total:
                reply.text = f"{total}\n{reply.text}"
            if result.status == OK and result.eligible is False and years < 1:
                reply.text += self._subsidy_instead(turn, region or turn.region, years)
            return reply
        return self._ask_city(
            "ask_unemployment_benefit", turn, ("unemployment.benefit_monthly_by_years",), "失业保险金"
        )

    def _each_record(self, turn: Turn, region: str | None) -> Reply | None:
        """我交了3年，她交了12年，俩人一共能领多少 / 满5年和满20年差多少: two contribution records told and
        their total or their difference asked — each record's bracket, then the sum or the difference (the
        months each may claim are not stated: a month's amounts only)."""
        records = turn.records()
        total = turn.says(*TOTAL_WORDS, "俩人", "两人", "两个人", "我们俩", "加一起")
        if len(records) != 2 or records[0] == records[1] or region is None:
            return None
        if not (total or differences.difference_asked(turn.text)):
            return None
        schedule, rows = self._brackets(turn, region)
        if not rows:
            return None
        amounts = []
        for years in records:  # each record's bracket, as the calculator finds it
            each = benefits.unemployment_benefit(
                self.store, region, years, on=schedule.as_of, today=turn.today
            )
            if each.status != OK or "monthly_amount" not in each.figures:
                return None  # 不满1年: no benefit on that record — the general answer says why
            amounts.append(Decimal(str(each.figure("monthly_amount"))))
        parts = [
            f"缴费{format_number(y)}年按{format_number(a)}元/月"
            for y, a in zip(records, amounts, strict=True)
        ]
        if differences.difference_asked(turn.text) and not total:
            lead = f"{'，'.join(parts)}，每月相差{format_number(abs(amounts[0] - amounts[1]))}元。"
        else:
            lead = f"{'，'.join(parts)}，每月合计{format_number(sum(amounts))}元（各自须符合领取条件）。"
        # the two brackets' amounts are the figures asked: the document and period, not the whole table
        cited = "；".join(dict.fromkeys(c.short for c in schedule.citations if c.short))
        lines = [lead, f"依据：{cited}" if cited else "", f"适用期间：{schedule.period_text}"]
        lines += [f"提示：{note.replace('以下是', '以上是')}" for note in schedule.notes[:1]]
        text = "\n".join(line for line in lines if line)
        return Reply(text, topic="ask_unemployment_benefit", result=schedule)

    def _brackets(self, turn: Turn, region: str) -> tuple[Result, list[dict]]:
        """The monthly amount's brackets in force on the date asked (by their lower bound), with the lookup
        that cites them; no rows where the place has none."""
        key = "unemployment.benefit_monthly_by_years"
        schedule = lookup.lookup(self.store, key, region, today=turn.today)
        value = (
            self.store.value(key, region, schedule.as_of)
            if schedule.status == OK and schedule.as_of is not None
            else None
        )
        rows = sorted(value.value, key=lambda row: row["min"]) if value is not None else []
        return schedule, rows

    def _brackets_straddled(self, turn: Turn, region: str | None, years: float | None) -> str | None:
        """交了10多年: a record told as "N多年" that reaches from one bracket of the monthly amount into the
        next (满10年不满15年, 满15年不满20年) decides no amount: said, with both brackets named."""
        below = turn.years_below()
        if years is None or below is None or region is None:
            return None
        starts = [Decimal(str(row["min"])) for row in self._brackets(turn, region)[1]]
        low = max((m for m in starts if Decimal(str(years)) >= m), default=None)
        high = max((m for m in starts if Decimal(str(below)) > m), default=None)
        if low is None or high is None or low == high:
            return None
        told = f"{format_number(years)}多年"
        return (
            f"您说的缴费“{told}”跨了不同档次（满{format_number(low)}年和满{format_number(high)}年的标准不同），"
            "按哪一档要看累计缴费的准确年限。各档标准如下："
        )

    def _claim_total(self, result: Result, turn: Turn) -> str | None:
        """北京交了22年，假如能领14个月，总共多少: the tier's amount for the first 12 months and the amount
        from the 13th month on for the rest, added up (how many months each tier may claim is not stated:
        the months are the asker's)."""
        months = turn.claim_months()
        if (
            result.status != OK
            or "monthly_amount" not in result.figures
            or not months
            or not turn.says(*TOTAL_WORDS, "一共能", "总共能")
        ):
            return None
        tier = Decimal(str(result.figure("monthly_amount")))
        later = lookup.lookup(
            self.store, "unemployment.benefit_from_month_13", result.region, result.as_of, turn.today
        )
        after = (
            Decimal(str(later.figure("value"))) if later.status == OK and "value" in later.figures else tier
        )
        # 第13到第18个月这6个月一共: the months counted from the month named, those from the 13th on at theirs
        start = turn.ordinal_month() or 1
        first = max(0, min(months, 13 - start))
        rest = months - first
        total = tier * first + after * rest
        parts = [f"{first}×{format_number(tier)}"] if first else []
        parts += [f"{rest}×{format_number(after)}"] if rest else []
        sum_text = "+".join(parts)
        return (
            (f"按每月{format_number(tier)}元" if first else "按")
            + (("、" if first else "") + f"第13个月起每月{format_number(after)}元" if rest else "")
            + f"计算，领{months}个月一共{format_number(total)}元（{sum_text}）；各档能领几个月文件未载，"
            "以经办机构核定的为准。"
        )

    def _amount_line_named(self, result: Result, region: str | None) -> Result:
        """上海失业金一个月多少钱: the data has no amount for the place — the note names the line that can
        tell it (the place's hotline, or 12333), not only "the local office"."""
        hotline = self._hotline_text(region)
        result.notes = [
            n.replace(UNKNOWN_AMOUNT, f"金额请咨询当地失业保险经办机构或{hotline}。") for n in result.notes
        ]
        return result

    def _subsidy_instead(self, turn: Turn, region: str | None, years: float) -> str:
        """交了半年就被辞退: no 失业保险金 under a year of contributions, but the 2020 失业补助金 may apply:
        its figures for this place, so the asker learns what they can claim instead."""
        voluntary = {True: False, False: True, None: None}[turn.involuntary()]
        subsidy = self._with_dates(
            turn,
            lambda on: benefits.unemployment_subsidy(
                self.store, region or "national", years, None, voluntary, turn.reemployed(), on, turn.today
            ),
        )
        if subsidy.status != OK or subsidy.eligible is False:
            return ""
        return (
            "\n\n缴费不满1年领不了失业保险金，可以了解失业补助金：\n"
            + self._reply(subsidy, "失业补助金", turn).text
        )

    def unemployment_subsidy(self, turn: Turn) -> Reply:
        region = turn.region or "national"
        expired = (
            True if turn.states("领完", "期满", "到期了", "领满") else None
        )  # told before the question too
        voluntary = {True: False, False: True, None: None}[turn.involuntary()]
        years = turn.years_insured()  # 2020年2月才开始交的，10月就被辞退了: insured from start to end
        result = self._with_dates(
            turn,
            lambda on: benefits.unemployment_subsidy(
                self.store, region, years, expired, voluntary, turn.reemployed(), on, turn.today
            ),
        )
        reply = self._reply(result, "失业补助金", turn)
        # 我们这儿的失业保险金是每月1500元 (in this question or before it): the asker's own, no example needed
        own_benefit = OWN_BENEFIT_TOLD.search(turn.facts_text)
        if not turn.region and result.status == OK and own_benefit is None:
            beijing = benefits.unemployment_subsidy(self.store, "beijing", None, today=turn.today)
            if beijing.status == OK:
                reply.text += (
                    "\n北京标准："
                    + "；".join(
                        f"{f.label}{f.text}" for k, f in beijing.figures.items() if k.startswith("monthly")
                    )
                    + "（京人社发〔2020〕8号）"
                )
        return reply

    def migrant_subsidy(self, turn: Turn) -> Reply:
        region = turn.region or "national"
        parts: list[Reply] = []
        titles: list[str] = []  # each part's allowance, for the line of one the facts rule out
        # the allowance this question names, else the one the message named before it (一次性生活补助，
        # 2020年7月调整以后是多少？调之前是多少)
        named = turn.text if ("一次性" in turn.text or "临时" in turn.text) else turn.facts_text
        lump_sum, temporary = "一次性" in named, "临时" in named
        both = lump_sum and temporary  # 一次性生活补助和临时生活补助有什么区别: both
        if both or not lump_sum:
            period = turn.start_told()  # 2019年12月进厂; not 2020年8月工程完了 (the job's end)
            result = benefits.temporary_living_allowance(
                self.store,
                region,
                True,
                period["date_from"] if period else None,
                _months_insured(turn),
                today=turn.today,
            )
            parts.append(self._reply(result, TEMPORARY, turn))
            titles.append(TEMPORARY)
        if both or not temporary:
            paid = (
                False
                if turn.states(
                    "个人不缴",
                    "个人没交",
                    "个人不交",
                    "单位交",
                    "一分没交",
                    "自己没交",
                    "自己不交",
                    "自己没缴",
                    "个人一分",
                    "单位给交",
                    "单位给缴",
                    "没掏过钱",
                    "没掏钱",
                    "没出过钱",
                    "自己没出钱",
                    "没交过钱",
                    "一分钱没出",
                )
                or PERSONALLY_UNPAID.search(turn.facts_text) is not None
                else None
            )
            result = self._with_dates(  # 2020年7月以前是多少: the standard in force on the date asked
                turn,
                lambda on: benefits.one_time_living_allowance(
                    self.store, region, turn.years(), paid, on, today=turn.today
                ),
            )
            one_time = self._reply(result, ONE_TIME, turn)
            change = (
                benefits.standard_change(
                    self.store, "migrant.one_time_allowance", result.region, result.as_of
                )
                if result.status == OK and result.region and result.as_of and turn.says(*CHANGE_WORDS)
                else None
            )
            if change:  # 调整以后比调整前多了多少: the change asked, first
                one_time.text = f"{change}\n{one_time.text}"
            parts.append(one_time)
            titles.append(ONE_TIME)
        if not both and not (lump_sum or temporary) and len(parts) == 2:
            # 在北京干了8个月，能领点啥 / 工地干了两年，个人没交过钱: an allowance the facts rule out is named
            # with the condition it fails, not shown with its amount beside the one that may apply
            open_ones = [p for p in parts if p.result is None or p.result.eligible is not False]
            if open_ones:
                parts = [
                    p if p in open_ones else _ruled_out(p, t) for p, t in zip(parts, titles, strict=True)
                ]
        # 连着干了一年半，个人没交过钱，能领点啥: the allowance the facts qualify for first (its yes leads),
        # then the one still open, then the one they rule out
        order = {True: 0, None: 1, False: 2}
        parts.sort(key=lambda r: order[r.result.eligible] if r.result is not None else 2)
        merged = parts[0]
        for extra in parts[1:]:
            merged.text += "\n\n" + extra.text
        return merged

    def skill_subsidy(self, turn: Turn) -> Reply:
        # 2020年6月拿的本科毕业证: a diploma named is the education subsidy (the questionnaire's words)
        kind = (
            "education"
            if turn.says("学历") or (not turn.says("职称") and turn.says(*EDUCATION_WORDS))
            else "title"
            if turn.says("职称")
            else "skill"
        )
        key = {
            "skill": "skill_subsidy.min_ui_contribution_months",
            "education": "education_subsidy.min_ui_contribution_months",
            "title": "title_subsidy.min_ui_contribution_months",
        }[kind]
        region, prefix = self._region_or_only(turn, (key,))
        degree_only = True if DEGREE_ONLY.search(turn.text) else None
        result = subsidies.certificate_subsidy(
            self.store,
            region,
            kind,
            turn.months(),
            turn.certificate_date(),
            turn.application_date(),
            degree_only=degree_only,
            today=turn.today,
        )
        titles = {"skill": "技能提升补贴", "education": "学历提升补贴", "title": "职称提升补贴"}
        reply = self._reply(result, titles[kind], turn)
        reply.text = prefix + reply.text
        return reply


# 只拿到了学位证 / 学位证拿到了但是毕业证没给 / 学历证书还没有: a degree certificate without the education
# (graduation) certificate, which the education subsidy requires
DEGREE_ONLY = re.compile(
    r"只(?:有|拿到了?|拿了|取得了?)学位"
    # 毕业证（学历证书）还没拿到: a gloss in brackets between the certificate and what happened to it
    # 毕业证书学校还没发下来: a few words between (not another certificate: 毕业证和学位证都没拿到 is neither)
    r"|(?:毕业证|学历证)书?(?:[（(][^）)]{0,8}[）)])?(?:(?!学位|和|跟|与)[^，。,；;]){0,8}?(?:还|都|却|倒)?(?:没|未)"
    r"(?:有|拿到|拿|给|发|下来|到手|取得)"
    r"|(?:没|未)(?:有|拿到|拿|取得|发|给|颁发)(?:毕业证|学历证)"
)


def _months_insured(turn: Turn) -> int | None:
    """The months insured: as told (交了8个月), else from the dates told (2019年10月进厂…2020年6月没活了),
    which also say more than an upper bound (不到一年)."""
    told, dated = turn.months(), turn.months_between_dates()
    if dated is not None and (told is None or (turn.length_is_below() and dated <= told)):
        return dated
    # 2019年10月进的工地…今年5月没活了…前后加起来不到一年: dates that disagree with the length told (今年 is
    # this year, the writer may mean another) give way to it
    return told


def _ruled_out(reply: Reply, title: str) -> Reply:
    """农民工一次性生活补助不适用：要求连续工作满1年（您连续工作8个月）: an allowance the facts rule out, in
    one line with the condition it fails and its source, the result kept for the verdict's order."""
    result = reply.result
    assert result is not None
    unmet = "、".join(
        f"{c.label}（{c.detail}）" if c.detail else c.label for c in result.conditions if c.met is False
    )
    source = "；".join(c.short for c in result.citations[:2])
    return Reply(f"{title}不适用：要求{unmet}（{source}）。", topic=result.topic, result=result)
