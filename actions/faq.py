"""Policy FAQ: the best article from data/policy/faq, with its source."""

from actions.base import AnswerAction


class ActionPolicyFaq(AnswerAction):
    intent, action = "ask_policy_faq", "action_policy_faq"
