"""Contribution questions: base limits, base for a wage, monthly amounts, rates, average wage, late fee,
flexible employment."""

from actions.base import AnswerAction


class ActionBaseLimits(AnswerAction):
    intent, action = "ask_base_limits", "action_base_limits"


class ActionContributionBase(AnswerAction):
    intent, action = "ask_contribution_base", "action_contribution_base"


class ActionContribution(AnswerAction):
    intent, action = "ask_contribution", "action_contribution"


class ActionContributionRate(AnswerAction):
    intent, action = "ask_contribution_rate", "action_contribution_rate"


class ActionAverageWage(AnswerAction):
    intent, action = "ask_average_wage", "action_average_wage"


class ActionLateFee(AnswerAction):
    intent, action = "ask_late_fee", "action_late_fee"


class ActionFlexibleEmployment(AnswerAction):
    intent, action = "ask_flexible_employment", "action_flexible_employment"
