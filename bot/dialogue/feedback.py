"""Feedback on answers and the way to a person after repeated failure. Pure Python, no Rasa import.

* After each **answer** (not after a question asked back, a questionnaire's prompts, a fallback or small
  talk) the reply is followed by "这个回答对您有帮助吗？" with two buttons whose payloads use Rasa's
  intent-trigger syntax: ``/feedback{"rating":"helpful"}`` and ``/feedback{"rating":"unhelpful"}``
  (web chat: buttons; WeChat: numbered options resolved by the channel's option memory, so a bare "1"/"2"
  never reaches the classifier). What was answered is kept in the slot ``answered``
  (:class:`bot.dialogue.state.Answered`: intent, aspect, document cited, topic).
* A rating is recorded as the user event (intent ``feedback``, entity ``rating``) followed by the slot
  ``feedback`` = ``{rating, intent, aspect, document}`` of the rated answer; ``answered`` is then cleared, so
  an answer is rated once. A rating with no answer to rate gets a polite reply and no ``feedback`` slot.
  A typed rating ("没帮助", classified as ``feedback`` without an entity) is read from its words.
* 没帮助 offers the next step: rephrase, the office line, and a live agent when the channel can transfer
  (the WeChat official account with 客服 on, within service hours: the channel says so in the message
  metadata, ``{"wechat": {"kf": "open"}}``). Two fallbacks in a row or two 没帮助 in a row
  (:class:`bot.dialogue.state.Failures`) put the live agent first, and an answer saying the documents do
  not cover the question offers it as an option.

The live agent is offered as a button with the payload ``/ask_human``: the WeChat channel recognises it
(the option's number) before the turn is queued and answers with the transfer; elsewhere ``ask_human``
gives the phone line as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.answers.reply import Reply
from bot.dialogue.state import Answered, Failures

HELPFUL = "helpful"
UNHELPFUL = "unhelpful"
RATINGS = (HELPFUL, UNHELPFUL)
FEEDBACK_INTENT = "feedback"
RATING_ENTITY = "rating"

QUESTION = "这个回答对您有帮助吗？"
FEEDBACK_BUTTONS: tuple[dict[str, str], ...] = (
    {"title": "有帮助", "payload": f'/{FEEDBACK_INTENT}{{"{RATING_ENTITY}":"{HELPFUL}"}}'},
    {"title": "没帮助", "payload": f'/{FEEDBACK_INTENT}{{"{RATING_ENTITY}":"{UNHELPFUL}"}}'},
)
TRANSFER_PAYLOAD = "/ask_human"
TRANSFER_BUTTON = {"title": "转人工客服", "payload": TRANSFER_PAYLOAD}
REPEATED = 2  # failures in a row that put the live agent first

# a typed rating: the negative words are checked first (没有帮助 contains 有帮助)
UNHELPFUL_WORDS = ("没帮助", "没有帮助", "没用", "没有用", "不管用", "没解决", "没帮上", "不对", "不是我想")
HELPFUL_WORDS = ("有帮助", "有用", "解决了", "帮上忙", "很好", "满意")

# replies that answer nothing a user could rate
NOT_RATED_TOPICS = frozenset(
    {
        "",
        "fallback",
        "capabilities",
        "inform_without_question",
        "announced",
        "start_questionnaire",
        "ask_human",
        "error",
    }
)
NOT_RATED_GENERIC = frozenset({"out_of_scope"})  # chit-chat and the like: nothing was answered

# a document number as the documents print it: 人社部发〔2020〕49号, 长社保〔2020〕1号
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d{1,4}号")
TITLE = re.compile(r"《[^》]{2,80}》")  # a document without a number is cited by its title
CITED_TITLE = re.compile(r"依据：(《[^》]{2,80}》)")


def rating_of(entities: Iterable[Mapping[str, Any]], text: str) -> str | None:
    """The rating of a feedback turn: the ``rating`` entity of the payload, else the words typed."""
    for entity in entities:
        if entity.get("entity") == RATING_ENTITY and entity.get("value") in RATINGS:
            return str(entity["value"])
    if any(word in text for word in UNHELPFUL_WORDS):
        return UNHELPFUL
    if any(word in text for word in HELPFUL_WORDS):
        return HELPFUL
    return None


def is_rateable(reply: Reply, in_questionnaire: bool = False) -> bool:
    """Whether ``reply`` is an answer: not a question asked back, a prompt, a fallback or small talk."""
    if in_questionnaire or reply.pending is not None or not reply.text.strip():
        return False
    return reply.topic not in NOT_RATED_TOPICS and reply.topic not in NOT_RATED_GENERIC


def cited_document(reply: Reply, known_numbers: Iterable[str] = ()) -> str | None:
    """The first document the reply cites: its number (人社部发〔2020〕49号), or its 《title》 when it has
    none (无文号). From the calculation's first citation, else the first known document number (or anything
    shaped like one) in the text, else the first title after 依据：."""
    if reply.result is not None and reply.result.citations:
        citation = reply.result.citations[0]
        if DOCUMENT_NUMBER.fullmatch(citation.number):
            return citation.number
        title = TITLE.search(citation.text)
        if title:
            return title.group(0)
    positions = [(reply.text.find(n), n) for n in known_numbers if n and reply.text.find(n) >= 0]
    if positions:
        return min(positions)[1]
    match = DOCUMENT_NUMBER.search(reply.text) or CITED_TITLE.search(reply.text)
    return match.group(match.lastindex or 0) if match else None


def answered_record(
    reply: Reply, intent: str | None, aspect: str | None, known_numbers: Iterable[str] = ()
) -> Answered:
    """What ``reply`` answered: the question intent (a verdict's ``<intent>:verdict`` topic gives its
    intent), the asked aspect and the document cited."""
    topic = reply.topic
    answered_intent = intent or ""
    head = topic.split(":", 1)[0]
    if head.startswith("ask_") and (not answered_intent or not answered_intent.startswith("ask_")):
        answered_intent = head  # a verdict, or an answer reached through a fallback
    return Answered(answered_intent or head or "unknown", aspect, cited_document(reply, known_numbers), topic)


@dataclass
class FeedbackOutcome:
    """What to say to a rating and the slots to set (``feedback`` is None when nothing was rated)."""

    reply: Reply
    feedback: dict[str, Any] | None
    failures: Failures
    clear_answered: bool = False
    buttons: list[dict[str, str]] = field(default_factory=list)


def after_rating(
    rating: str | None,
    answered: Answered | None,
    failures: Failures,
    *,
    transfer_available: bool,
    hotline: str,
) -> FeedbackOutcome:
    """The reply to a rating of the last answer and the slot values it sets."""
    if answered is None:
        text = "目前还没有可以评价的回答（或这条回答已经评价过了）。请直接输入您的社保问题，我来解答。"
        return FeedbackOutcome(Reply(text, topic="feedback:nothing"), None, failures)
    if rating not in RATINGS:
        return FeedbackOutcome(
            Reply(QUESTION, buttons=list(FEEDBACK_BUTTONS), topic="feedback:unclear"), None, failures
        )
    record = {"rating": rating, **{k: v for k, v in answered.to_slot().items() if k != "topic"}}
    if rating == HELPFUL:
        text = "感谢您的评价！还有其他社保问题可以继续问我。"
        return FeedbackOutcome(
            Reply(text, topic="feedback:helpful"), record, Failures(failures.fallback, 0), True
        )
    failures = Failures(failures.fallback, failures.unhelpful + 1)
    reply = unhelpful_reply(failures, transfer_available=transfer_available, hotline=hotline)
    return FeedbackOutcome(reply, record, failures, True)


def unhelpful_reply(failures: Failures, *, transfer_available: bool, hotline: str) -> Reply:
    """The next steps after 没帮助: rephrase, the office line, a live agent (first after repeated failure)."""
    repeated = failures.unhelpful >= REPEATED
    lines = ["抱歉，这个回答没能帮到您，感谢您告诉我。您可以："]
    if transfer_available and repeated:
        lines[0] = "抱歉，连续几次都没能帮到您。建议转人工客服为您解答，您也可以："
    lines.append("• 换个说法再问一次，说明城市、时间和具体情况（例如“长春2020年5月月薪8000单位交多少”）")
    lines.append(f"• 拨打{hotline}")
    buttons: list[dict[str, str]] = []
    if transfer_available:
        lines.append("• 回复选择“转人工客服”，由在线客服为您解答")
        buttons.append(dict(TRANSFER_BUTTON))
    return Reply("\n".join(lines), buttons=buttons, topic="feedback:unhelpful")


def after_fallback(failures: Failures) -> Failures:
    return Failures(failures.fallback + 1, failures.unhelpful)


def after_answer(failures: Failures) -> Failures:
    return Failures(0, failures.unhelpful)


def offer_agent_after_fallbacks(reply: Reply, failures: Failures, *, transfer_available: bool) -> Reply:
    """The second fallback in a row: offer the live agent when the channel can transfer."""
    if transfer_available and failures.fallback >= REPEATED:
        reply.text += "\n已经连续两次没能理解您的问题，可以为您转人工客服。"
        reply.buttons = [*reply.buttons, dict(TRANSFER_BUTTON)]
    return reply


def offer_agent_when_not_covered(reply: Reply, *, transfer_available: bool) -> Reply:
    """An answer that says the documents do not cover the question offers the live agent as an option."""
    uncovered = (
        reply.topic.startswith("not_covered")
        or reply.topic in ("faq:none",)
        or reply.topic.endswith(":silent")
    )
    if transfer_available and uncovered and reply.pending is None and TRANSFER_BUTTON not in reply.buttons:
        reply.buttons = [*reply.buttons, dict(TRANSFER_BUTTON)]
    return reply


def transfer_available(metadata: Mapping[str, Any] | None) -> bool:
    """Whether the channel of this message can hand the user to a live agent now (WeChat 客服 open)."""
    wechat = (metadata or {}).get("wechat")
    return isinstance(wechat, Mapping) and wechat.get("kf") == "open"


def transfer_of(metadata: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The transfer the channel made for this message (``{"wechat": {"transfer": {...}}}``), if any."""
    wechat = (metadata or {}).get("wechat")
    transfer = wechat.get("transfer") if isinstance(wechat, Mapping) else None
    return dict(transfer) if isinstance(transfer, Mapping) else None
