"""Benefit questions: unemployment benefit and subsidy, migrant workers' allowances, skill subsidies."""

from actions.base import AnswerAction


class ActionUnemploymentBenefit(AnswerAction):
    intent, action = "ask_unemployment_benefit", "action_unemployment_benefit"


class ActionUnemploymentSubsidy(AnswerAction):
    intent, action = "ask_unemployment_subsidy", "action_unemployment_subsidy"


class ActionMigrantSubsidy(AnswerAction):
    intent, action = "ask_migrant_subsidy", "action_migrant_subsidy"


class ActionSkillSubsidy(AnswerAction):
    intent, action = "ask_skill_subsidy", "action_skill_subsidy"
