"""Employer questions: 稳岗返还, 2020 reductions and exemptions, deferral."""

from actions.base import AnswerAction


class ActionJobRetention(AnswerAction):
    intent, action = "ask_job_retention", "action_job_retention"


class ActionReduction(AnswerAction):
    intent, action = "ask_reduction", "action_reduction"


class ActionDeferral(AnswerAction):
    intent, action = "ask_deferral", "action_deferral"
