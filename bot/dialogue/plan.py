"""What the planner decides for one turn; the Rasa actions turn it into messages and events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.answers.reply import Reply


@dataclass
class QuestionnaireStart:
    """Start (or restart) a questionnaire with the slots the message already answers."""

    form: str
    prefilled: dict[str, Any] = field(default_factory=dict)
    intro: str | None = (
        None  # said before the first question; None when every fact is given (straight to the verdict)
    )


@dataclass
class Plan:
    reply: Reply | None = None  # what to say (None: nothing before the questionnaire starts)
    questionnaire: QuestionnaireStart | None = None
    # the intent could have started a questionnaire: tell the rules this turn does not (start_form = None)
    no_questionnaire: bool = False

    @classmethod
    def say(cls, reply: Reply, no_questionnaire: bool = False) -> Plan:
        return cls(reply=reply, no_questionnaire=no_questionnaire)
