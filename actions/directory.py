"""Phone numbers and hand-off to a person."""

from actions.base import AnswerAction


class ActionPhone(AnswerAction):
    intent, action = "ask_phone", "action_phone"


class ActionHumanHandoff(AnswerAction):
    intent, action = "ask_human", "action_human_handoff"
