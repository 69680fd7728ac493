"""What a period or a length of time stands for in its sentence, read from the words around it.

The reading is carried in the entity's ``usage`` field (not ``role``: Rasa reserves ``role`` and ``group``
for its own entity roles, and would split ``period`` into ``period.as_of`` in its evaluations and slot
mappings).

Periods (``usage``):
* ``as_of`` — the date the question is about (北京2021年社保基数: the 2021 figures); the default;
* ``subject`` — the period is the thing asked about, not a date to look figures up for: 2011年以来的欠费,
  2019年的欠缴, 2019年起欠, 从2019年开始欠, 从2019年到现在都没交, 2018年到2020年的欠费 (both ends),
  2011年7月以后欠缴的, 补缴2011年7月之后的, 欠的是2015年的 (arrears of that period, paid under the rules
  in force now).

Durations (``usage``):
* ``contribution`` — a contribution record: 交了3年, 缴费满1年, 参保5年, 工作了2年;
* ``claim`` — how long a benefit is or was paid: 能领24个月, 领了3个月, 最多只能领24个月吗, 最长24个月吗;
* ``elapsed`` — time since an event: 失业后2个月, 离职3个月了, 已经2个月了, 3个月前离职, 到现在2个多月了;
* ``unknown`` — anything else (逾期3天, a bare 3年).

And ``is_question_unit``: 1个月 / 1年 / 1天 that are the unit of a question (多少钱1个月, 1个月多少, 每1个月),
which are no length of time at all.
"""

from __future__ import annotations

import re

PERIOD_AS_OF = "as_of"
PERIOD_SUBJECT = "subject"
CONTRIBUTION, CLAIM, ELAPSED, UNKNOWN = "contribution", "claim", "elapsed", "unknown"

_ARREARS = r"(?:欠费|欠缴|欠交|欠款|欠|没交|没缴|未缴|未交|断缴|漏缴|停缴)"
_SUBJECT_AFTER = re.compile(
    rf"(?:(?:到|至|~|-)[\d年月份]+)?(?:以来|(?:以前|之前|以后|之后|后|开始|起)?(?:就)?(?:的)?{_ARREARS})"
)
_BACK_PAYMENT_BEFORE = re.compile(r"(?:补缴|补交)了?$")  # 补缴2011年7月以后的
# 欠的是2015年的 / 没交的是2019年: the arrears named first, then the period they are of
# 是不是按2019年的全省平均工资来选档次: the year of the wage statistic a base is read from, not the date asked
_BASIS_BEFORE = re.compile(r"(?:按照?|依据|根据|参照)$")
_WAGE_STATISTIC_AFTER = re.compile(
    r"(?:度)?的?(?:全省|全市|全国|本市|本省|省|市)?(?:全口径)?(?:城镇)?[^，,。？?]{0,8}?平均工资|(?:度)?的?社平工资"
)
_ARREARS_BEFORE = re.compile(rf"{_ARREARS}(?:的|那些|那部分)?(?:是|都是|主要是)$")
# 补缴以前欠的养老保险，2011年7月以后的部分…？2011年6月底以前的呢: with arrears or a back payment named
# earlier in the message, a date that opens or closes a span (以后 / 以前) says which arrears, not when asked
_ARREARS_EARLIER = re.compile(rf"补缴|补交|{_ARREARS}")
_SPAN_AFTER = re.compile(r"(?:底|末|份)?(?:以后|以前|之前|之后)")
_FROM_BEFORE = re.compile(r"从$")
_FROM_AFTER = re.compile(rf"[^,.!?;]{{0,8}}?{_ARREARS}")  # 从2019年到现在都没交

# Words between a verb and the length (交了快3年, 领失业金24个月): stripped before the verb is read.
_FILLER = re.compile(
    r"(?:了|过|已经|都|才|只|只有|只能|一共|总共|共|累计|连续|大概|大约|约|差不多|快|将近|近|有|满|不满|不足|不到|"
    r"没满|未满|超过|够|刚|刚好|足|还|也|就|可以|能|能够|最多|最长|最高|社保|社会保险|失业金|失业保险金|"
    r"失业保险|养老保险|医保|补助金|补贴|待遇|养老金)$"
)
_CONTRIBUTION_VERB = re.compile(r"(?:交|缴|缴费|交费|缴纳|参保|工作|干|上班|缴费年限|工龄)$")
_CLAIM_VERB = re.compile(r"(?:领|领取|发|发放|拿|享受|享有|支付)$")
_EVENT = re.compile(r"(?:后|以后|之后|後|失业|离职|辞职|辞退|被裁|裁员|下岗|毕业|停保|退休|没工作|没上班)$")
_ALREADY = re.compile(r"已经[^,.!?;]{0,4}$")
_UNTIL_NOW = re.compile(
    r"(?:到现在|到今天|到目前|至今|到如今|截至目前|截止目前)(?:为止)?$"
)  # 辞了…到现在2个多月了
_AGO = re.compile(r"(?:前|以前|之前)")  # 3个月前离职
_AT_MOST = re.compile(r"(?:最多|最长|顶多|最高)[^,.!?;]{0,6}$")
_QUESTION_END = re.compile(r"(?:吗|么|嘛|呢|\?)")
# 还有四个月才到期 / 还剩俩月就领完了: the time left of a claim, no record of contributions
_LEFT_BEFORE_END = re.compile(r"(?:就|才|便)?(?:到期|领完|领满|期满)")
# 第13到第18个月这6个月一共能领多少: the months of a claim whose total is asked, no record either
_THESE_BEFORE = re.compile(r"(?:这|那)$")
_TOTAL_AFTER = re.compile(r"(?:一共|总共|合计|加起来|总计|共)")

_UNIT_BEFORE = re.compile(r"(?:多少钱|多少|几块钱|多少块|几块|每)$")
_UNIT_AFTER = re.compile(r"(?:能|可以|大概|大约|多少|给|交|缴|领|发|拿|是|有|的话|要)")
_DAY_UNIT_AFTER = re.compile(r"(?:大概|大约)?多少")  # 1天多少钱; 失业1天能领吗 keeps its day
_RECORD_BEFORE = re.compile(
    r"(?:交了|缴了|逾期|晚了|晚交|满|工作了|干了|参保|领了|拖了|欠了|超过|不足|不到|连续|工作|缴费)\s*$"
)
_ONE_UNIT = ("1个月", "1年", "1天")


# 2019年12月失业金就领完了: when the benefit ran out, a fact of the case and not the date the question is
# about (the subsidy is asked for now)
_RAN_OUT_AFTER = re.compile(r"[^，,。；;？?！!]{0,8}?(?:领完|领满)")
# 2020年上半年在北京领过几个月失业补助金: a benefit drawn before is a fact of the case (asked now: again)
# 从2019年7月开始领失业金: when the claim began, a fact of the case too
_DRAWN_BEFORE_AFTER = re.compile(r"[^，,。；;？?！!]{0,8}?(?:领过|领取过|申领过|拿过|开始领|开始拿|起领)")
# 2019年底我自己辞的职…听说2020年出了个失业补助金: when the job ended, beside another date written — that
# one is asked about; alone (2019年在北京离职，经济补偿的封顶基数) the job's end is the date that counts
_JOB_ENDED_AFTER = re.compile(
    r"[^，,。；;？?！!]{0,8}?(?:辞职|辞的职|辞了职|离职|离的职|被裁|裁的|裁了|失业了|下岗|被辞|被开除|辞退|合同到期|丢了工作)"
)
# 我是2019年12月毕业的，2020年3月正式入职: when school ended, beside the date the job began
_GRADUATED_AFTER = re.compile(r"[^，,。；;？?！!]{0,8}?(?:毕业的|毕的业)")
# 2019年底从老家来北京一家餐馆打工，2020年6月被辞了: when the job began, beside the date it ended (which
# then is the date asked about: the job's end is a fact only beside a date that is not a job's start)
_JOB_STARTED_AFTER = re.compile(
    r"[^，,。；;？?！!]{0,8}?(?:来[^，,。；;？?！!]{0,8}?(?:打工|上班)|进厂|进的厂|入职|开始上班|参加工作)"
)
_YEAR_WRITTEN = re.compile(r"\d{4}年")
_MONTH_FROM = re.compile(r"(?<![\d年])\d{1,2}月份?(?:以后|之后|起|开始)")
# 2019年月平均工资6800 / 2019年平均1个月工资只有3000出头: the year of the asker's own wage, told with its
# amount — a fact of the case (the base it sets applies later), not the date the question is about
_OWN_WAGE_TOLD_AFTER = re.compile(
    r"(?:度)?的?(?:月平均|月均|平均每月|平均每个月|平均1个月|平均一个月|平均月|平均)(?:工资|月薪|收入)"
    r"(?:是|为|有|只有|才|大概|约|大约|就|也就|都|差不多)*\d"
)
# 证书上的日期是2020年3月 / 2020年6月拿的毕业证: when a certificate was issued, a fact of the case (the
# subsidy reads it as such), not the date the question is about
CERTIFICATE_BEFORE = re.compile(
    r"(?:证书|毕业证|学位证|职称证|证)[^，,。；;]{0,4}(?:日期|时间)(?:是|为|写的)?$"
)
_CERTIFICATE_AFTER = re.compile(
    r"(?:份|底|末)?(?:就|才|时)?(?:核发|颁发|发的|发下来|发证|拿到|拿的|取得)[^，,。；;]{0,6}?证"
)


# 2015年和2010年欠的: a date joined to another that the arrears follow is the arrears' date too
_AND_A_DATE = re.compile(r"(?:和|与|跟|、|以及|还有)(?=\d)(?:\d{4}年)?(?:\d{1,2}月份?)?(?:底|末)?")


def period_role(text: str, start: int, end: int) -> str:
    joined = _AND_A_DATE.match(text, end)
    if joined and joined.end() - joined.start() > 2:
        if period_role(text, end, joined.end()) == PERIOD_SUBJECT:
            return PERIOD_SUBJECT
    if (
        _SUBJECT_AFTER.match(text, end)
        or _RAN_OUT_AFTER.match(text, end)
        or _DRAWN_BEFORE_AFTER.match(text, end)
    ):
        return PERIOD_SUBJECT
    if CERTIFICATE_BEFORE.search(text, 0, start) or _CERTIFICATE_AFTER.match(text, end):
        return PERIOD_SUBJECT
    if _GRADUATED_AFTER.match(text, end) and _YEAR_WRITTEN.search(text[:start] + "，" + text[end:]):
        return PERIOD_SUBJECT
    others = [m.end() for m in _YEAR_WRITTEN.finditer(text) if not start <= m.start() < end]
    # 2020年3月被裁了…按7月以后的新标准: a month from which a rule applies is a date asked about too
    others += [m.end() for m in _MONTH_FROM.finditer(text) if not start <= m.start() < end]
    if _JOB_ENDED_AFTER.match(text, end) and any(not _JOB_STARTED_AFTER.match(text, o) for o in others):
        return PERIOD_SUBJECT
    if _JOB_STARTED_AFTER.match(text, end) and any(_JOB_ENDED_AFTER.match(text, o) for o in others):
        return PERIOD_SUBJECT
    if _FROM_BEFORE.search(text, 0, start) and _FROM_AFTER.match(text, end):
        return PERIOD_SUBJECT
    if _BACK_PAYMENT_BEFORE.search(text, 0, start) or _ARREARS_BEFORE.search(text, 0, start):
        return PERIOD_SUBJECT
    if _BASIS_BEFORE.search(text, 0, start) and _WAGE_STATISTIC_AFTER.match(text, end):
        return PERIOD_SUBJECT
    if _OWN_WAGE_TOLD_AFTER.match(text, end) and _YEAR_WRITTEN.search(text[:start] + "，" + text[end:]):
        return PERIOD_SUBJECT
    if _SPAN_AFTER.match(text, end) and _ARREARS_EARLIER.search(text, 0, start):
        return PERIOD_SUBJECT
    return PERIOD_AS_OF


def _verb_before(text: str, start: int) -> str:
    """The text before ``start`` with the fillers between the verb and the length removed."""
    before = text[max(0, start - 16) : start].rstrip()
    while True:
        shorter = _FILLER.sub("", before)
        if shorter == before:
            return before
        before = shorter


def duration_role(text: str, start: int, end: int) -> str:
    before = _verb_before(text, start)
    if _CONTRIBUTION_VERB.search(before):
        return CONTRIBUTION
    if _CLAIM_VERB.search(before):
        return CLAIM
    if (
        _EVENT.search(before)
        or _UNTIL_NOW.search(before)
        or _AGO.match(text, end)
        or (_ALREADY.search(text, 0, start) and text.startswith("了", end))
    ):
        return ELAPSED
    if _AT_MOST.search(text, 0, start) and _QUESTION_END.match(text, end):
        return CLAIM
    if _LEFT_BEFORE_END.match(text, end):
        return CLAIM
    if _THESE_BEFORE.search(text, 0, start) and _TOTAL_AFTER.match(text, end):
        return CLAIM
    return UNKNOWN


def is_question_unit(text: str, start: int, end: int) -> bool:
    """多少钱1个月, 每1个月, 1个月多少, 1年大概多少钱: a unit of the question if no record verb precedes."""
    if text[start:end] not in _ONE_UNIT or _RECORD_BEFORE.search(text, 0, start):
        return False
    after = _DAY_UNIT_AFTER if text[start:end] == "1天" else _UNIT_AFTER
    return bool(_UNIT_BEFORE.search(text, 0, start) or after.match(text, end))
