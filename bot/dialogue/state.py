"""Typed state carried between turns, serialised into slots as plain dicts (the tracker stores JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PendingQuestion:
    """A question that waits for one missing value (a city, a wage…); the next message completes it."""

    intent: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    asked: str = ""  # the kind of value asked for: city, money, enterprise_type
    text: str = ""  # the question as the user asked it

    def to_slot(self) -> dict[str, Any]:
        return {"intent": self.intent, "entities": self.entities, "asked": self.asked, "text": self.text}

    @classmethod
    def from_slot(cls, value: Any) -> PendingQuestion | None:
        if not isinstance(value, dict) or not value.get("intent"):
            return None
        return cls(
            str(value["intent"]),
            list(value.get("entities") or []),
            str(value.get("asked") or ""),
            str(value.get("text") or ""),
        )


@dataclass
class LastAnswer:
    """What the last reply answered, so that 那北京呢 / 如果工资是一万呢 re-asks it with one value changed.

    Either a one-turn question (``intent`` with its entities and text), a questionnaire verdict
    (``form`` with its slot values), or facts told before any question (我是农民工，在北京干了8个月: no
    intent, the entities and words the next question is asked with).
    """

    intent: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    form: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)

    def to_slot(self) -> dict[str, Any]:
        if self.form:
            return {"form": self.form, "slots": self.slots}
        value: dict[str, Any] = {"intent": self.intent, "entities": self.entities}
        if self.text:
            value["text"] = self.text
        return value

    @classmethod
    def from_slot(cls, value: Any) -> LastAnswer | None:
        if not isinstance(value, dict):
            return None
        if value.get("form"):
            return cls(form=str(value["form"]), slots=dict(value.get("slots") or {}))
        if value.get("intent") or value.get("entities") or value.get("text"):  # no intent: facts told
            return cls(
                intent=str(value["intent"]) if value.get("intent") else None,
                entities=list(value.get("entities") or []),
                text=str(value.get("text") or ""),
            )
        return None


@dataclass
class ConversationState:
    """What the planner knows of the conversation besides the current turn."""

    pending: PendingQuestion | None = None
    last: LastAnswer | None = None
    active_form: str | None = None  # the questionnaire running now (Rasa's active loop)
    last_form: str | None = None  # the questionnaire in progress or the last one (slot q_form)
    requested_slot: str | None = None
    last_topic: str | None = None  # the topic of the last reply (slot answer_topic: faq:<id>, an intent…)


@dataclass
class Answered:
    """The last answer the user can rate (有帮助 / 没帮助): what it answered and the document it cited."""

    intent: str  # the question intent answered (ask_contribution…), or the question's when answered otherwise
    aspect: str | None = None  # the asked aspect (amount, eligibility, procedure…; bot.answers.aspects)
    document: str | None = None  # the number of the first document cited (人社部发〔2020〕49号), if any
    topic: str = ""  # the reply's topic (faq:<id>, not_covered:<topic>, <intent>:verdict…)

    def to_slot(self) -> dict[str, Any]:
        return {"intent": self.intent, "aspect": self.aspect, "document": self.document, "topic": self.topic}

    @classmethod
    def from_slot(cls, value: Any) -> Answered | None:
        if not isinstance(value, dict) or not value.get("intent"):
            return None
        return cls(
            str(value["intent"]),
            str(value["aspect"]) if value.get("aspect") else None,
            str(value["document"]) if value.get("document") else None,
            str(value.get("topic") or ""),
        )


@dataclass
class Failures:
    """Consecutive failures: fallbacks since the last answer, 没帮助 ratings since the last 有帮助."""

    fallback: int = 0
    unhelpful: int = 0

    def to_slot(self) -> dict[str, int]:
        return {"fallback": self.fallback, "unhelpful": self.unhelpful}

    @classmethod
    def from_slot(cls, value: Any) -> Failures:
        if not isinstance(value, dict):
            return cls()

        def count(name: str) -> int:
            raw = value.get(name)
            return raw if isinstance(raw, int) and raw >= 0 else 0

        return cls(count("fallback"), count("unhelpful"))
