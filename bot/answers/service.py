"""Answers to single-turn questions: one handler per question intent, turning a :class:`Turn` into a
:class:`Reply`.

Pure Python (no Rasa): the custom actions only build the Turn from the tracker and send the Reply. When a
needed value is missing, the reply asks for it (with buttons where the choices are few) and carries a
``pending`` record so the next message ("长春") completes the question. The handlers live by topic in
``contribution``, ``benefits``, ``employer`` and ``directory``; the intent registry
(bot/dialogue/registry.py) names each intent's handler.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answers.base import CAPABILITIES, ENTERPRISE_BUTTONS, EXAMPLES
from bot.answers.benefits import BenefitAnswers
from bot.answers.contribution import ContributionAnswers
from bot.answers.directory import DirectoryAnswers
from bot.answers.employer import EmployerAnswers
from bot.answers.reply import Reply
from bot.answers.turn import Turn, shift_entities, value_kind
from bot.dialogue.registry import QUESTION_INTENTS
from bot.dialogue.state import PendingQuestion
from bot.kb.store import PolicyStore

__all__ = ["CAPABILITIES", "ENTERPRISE_BUTTONS", "EXAMPLES", "Answerer", "Reply"]


class Answerer(ContributionAnswers, BenefitAnswers, EmployerAnswers, DirectoryAnswers):
    def __init__(self, store: PolicyStore):
        super().__init__(store)
        self.handlers: dict[str, Callable[[Turn], Reply]] = {
            intent: getattr(self, str(spec.handler)) for intent, spec in QUESTION_INTENTS.items()
        }

    # -- entry points ------------------------------------------------------------------------------
    def answer(self, intent: str, turn: Turn) -> Reply:
        handler = self.handlers.get(intent)
        if handler is None:
            return self.fallback(turn)
        reply = self.procedure_faq(intent, turn) or handler(turn)
        reply.topic = reply.topic or intent
        return reply

    def resume(self, pending: PendingQuestion, turn: Turn) -> Reply:
        """Answer the pending question with what the user just gave (merged over what was known)."""
        return self.answer(pending.intent, merged_with_pending(pending, turn))


def merged_with_pending(pending: PendingQuestion, turn: Turn) -> Turn:
    """The pending question's words and values with what the user just gave: a value of a kind the
    question had replaces it, the new words follow the question's."""
    new_kinds = {value_kind(e, turn.text) for e in turn.entities}
    kept = [e for e in pending.entities if value_kind(e, pending.text) not in new_kinds]
    offset = len(pending.text) + 1 if pending.text else 0
    return Turn(
        text=f"{pending.text} {turn.text}".strip(),
        entities=kept + shift_entities(turn.entities, offset),
        city=turn.city,
        enterprise_type=turn.enterprise_type,
        today=turn.today,
    )
