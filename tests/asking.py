"""Asking the planner a question the way the NLU hands it a message (the normalised text and the entities
found in it), for tests that check replies without Rasa."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.answers.reply import Reply
from bot.answers.turn import Turn
from bot.dialogue.planner import Planner
from bot.dialogue.state import ConversationState
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

ASKED_ON = dt.date(2026, 11, 30)  # the day the questions are asked (the documents are 2020's)


def turn_of(lexicon: Lexicon, text: str, today: dt.date = ASKED_ON) -> Turn:
    normalized = normalize(text).text
    entities = [e.as_rasa() for e in extract(normalized, lexicon, today)]
    return Turn(text=normalized, entities=entities, today=today)


def turn_read_as(lexicon: Lexicon, text: str, aspect: str, topic: str) -> Turn:
    """The turn with the classifier's reading of its question (aspect and topic), as Rasa hands it over."""
    return dataclasses.replace(
        turn_of(lexicon, text), asked=[{"text": text, "aspect": aspect, "topic": topic}]
    )


def ask(
    planner: Planner, lexicon: Lexicon, text: str, intent: str = "ask_policy_faq", today: dt.date = ASKED_ON
) -> Reply | None:
    """The reply to ``text`` under ``intent`` in a new conversation (None when a questionnaire starts)."""
    return planner.question(intent, turn_of(lexicon, text, today), ConversationState()).reply


def first_line(reply: Reply) -> str:
    return reply.text.splitlines()[0]
