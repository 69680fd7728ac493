"""The one list of intents: which action answers each, which answer handler, and how it behaves.

Everything else is derived from this table: ``Answerer.handlers`` (bot/answers/service.py), the actions of
``actions/answers.py``, the one-turn rules (data/rules/answers.yml) and the intents and answer actions of
domain.yml, the digressions answered in the middle of a questionnaire (all written by
scripts/build_questionnaires.py; ``make validate`` checks they are current) and the intents a follow-up can
re-ask. Adding a question intent is one entry here, its handler method on ``Answerer``, its NLU data and a
test (tests/test_planner.py checks the registry), then ``make generate``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IntentSpec:
    intent: str
    action: str  # the action (or response) that answers it
    handler: str | None = None  # the Answerer method for a question intent (None: not a question)
    follow_up: bool = False  # 那北京呢 / 如果工资是一万呢 can re-ask it with one value changed
    digression: bool = False  # answered in the middle of a questionnaire, then the form asks again
    # its answer is remembered (slot last_answer) so that a short question the classifier reads under
    # another topic can go on with it (国家财政补助每人多少 after an article); every follow_up intent is
    continued: bool = False


def _question(intent: str, handler: str, follow_up: bool = True) -> IntentSpec:
    action = f"action_{intent.removeprefix('ask_')}"
    return IntentSpec(intent, action, handler, follow_up, digression=True, continued=True)


INTENTS: tuple[IntentSpec, ...] = (
    # contribution questions
    _question("ask_base_limits", "base_limits"),
    _question("ask_contribution_base", "contribution_base"),
    _question("ask_contribution", "contribution"),
    _question("ask_contribution_rate", "rates"),
    _question("ask_average_wage", "average_wage"),
    _question("ask_late_fee", "late_fee"),
    _question("ask_flexible_employment", "flexible"),
    # benefits
    _question("ask_unemployment_benefit", "unemployment_benefit"),
    _question("ask_unemployment_subsidy", "unemployment_subsidy"),
    _question("ask_migrant_subsidy", "migrant_subsidy"),
    _question("ask_skill_subsidy", "skill_subsidy"),
    # employer rules
    _question("ask_job_retention", "job_retention"),
    _question("ask_reduction", "reduction"),
    _question("ask_deferral", "deferral"),
    # FAQ, directory, people
    _question("ask_policy_faq", "policy_faq", follow_up=False),
    _question("ask_phone", "phone"),
    IntentSpec("ask_human", "action_human_handoff", "human", digression=True),
    # conversation
    IntentSpec("bot_capabilities", "action_capabilities", digression=True),
    IntentSpec("out_of_scope", "action_out_of_scope", digression=True),
    IntentSpec("greet", "utter_greet", digression=True),
    IntentSpec("thank", "utter_thank", digression=True),
    IntentSpec("goodbye", "utter_goodbye"),
    IntentSpec("inform", "action_inform"),
    IntentSpec("affirm", "utter_affirm_ack"),
    IntentSpec("deny", "utter_deny_ack"),
    IntentSpec("ask_why", "action_explain_question"),
    IntentSpec("cancel", "action_cancel_questionnaire"),
    IntentSpec("start_over", "action_restart_questionnaire"),
    IntentSpec("start_questionnaire", "action_start_questionnaire"),
    # the 有帮助 / 没帮助 buttons under an answer (/feedback{"rating":"helpful"}): bot/dialogue/feedback.py
    IntentSpec("feedback", "action_feedback"),
)

BY_INTENT: dict[str, IntentSpec] = {spec.intent: spec for spec in INTENTS}
QUESTION_INTENTS: dict[str, IntentSpec] = {spec.intent: spec for spec in INTENTS if spec.handler}
FOLLOW_UP_INTENTS: frozenset[str] = frozenset(spec.intent for spec in INTENTS if spec.follow_up)
CONTINUED_INTENTS: frozenset[str] = frozenset(spec.intent for spec in INTENTS if spec.continued)
DIGRESSIONS: dict[str, str] = {spec.intent: spec.action for spec in INTENTS if spec.digression}
