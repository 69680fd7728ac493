"""One action per question intent of the registry (bot/dialogue/registry.py), each asking the planner."""

from __future__ import annotations

from actions.base import AnswerAction
from bot.dialogue.registry import QUESTION_INTENTS


def _class_name(action: str) -> str:
    return "".join(part.title() for part in action.split("_"))  # action_base_limits → ActionBaseLimits


ANSWER_ACTIONS = [
    type(
        _class_name(spec.action),
        (AnswerAction,),
        {"intent": spec.intent, "action": spec.action, "__module__": __name__},
    )
    for spec in QUESTION_INTENTS.values()
]
globals().update({cls.__name__: cls for cls in ANSWER_ACTIONS})  # rasa_sdk discovers module-level classes
