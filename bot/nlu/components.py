"""Rasa NLU components adapting the pure-Python text layer (bot/text) to the Rasa 3.6 pipeline.

* ``ChineseNormalizer`` — first in the pipeline: replaces the message text by its normalised form (the
  tokenizer, featurizers and classifier all see it) and keeps the offset map for the entity extractor.
  The tracker keeps the original text in the ``UserUttered`` event; ``parse_data["text"]`` is normalised.
* ``DomainEntityExtractor`` — deterministic entities with typed values on the normalised text; each entity
  also carries ``original`` (the words as the user typed them, mapped back through the offset map).
* ``EmptyMessageGuard`` — after the FallbackClassifier: a message with nothing to understand (empty,
  only emoji or punctuation) becomes ``nlu_fallback`` with ``empty_input: true`` for a polite reply.
* ``QuestionAnalyzer`` — last: the asked aspect and the sub-questions in the parse, and a question that
  was classified as small talk gets the intent of the topic it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers.aspects import asks_question, aspect_of, split_questions, topic_of
from bot.answers.scope import social_insurance_word
from bot.kb.store import PolicyStore
from bot.text.entities import Lexicon, extract
from bot.text.normalize import has_content, normalize

SPANS = "normalization_spans"
ORIGINAL = "text_original"
EMPTY_INPUT = "empty_input"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class ChineseNormalizer(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ChineseNormalizer:
        return cls()

    @staticmethod
    def _normalize(message: Message) -> None:
        text = message.get(TEXT)
        if text is None:
            return
        result = normalize(text)
        message.set(TEXT, result.text)
        message.set(SPANS, result)
        if result.changed:
            message.set(ORIGINAL, result.original, add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            if example.get(TEXT) is not None and not example.get(ENTITIES):
                self._normalize(example)  # annotated examples are written normalised (checked by the tests)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._normalize(message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DomainEntityExtractor(GraphComponent, EntityExtractorMixin):
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DomainEntityExtractor:
        return cls(Lexicon.from_store(PolicyStore.from_data()))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            normalized = message.get(SPANS)
            entities = []
            for entity in extract(text, self.lexicon):
                data = entity.as_rasa()
                if normalized is not None and normalized.text == text:
                    data["original_start"], data["original_end"] = normalized.original_span(
                        entity.start, entity.end
                    )
                    data["original"] = normalized.original[data["original_start"] : data["original_end"]]
                entities.append(data)
            entities = self.add_extractor_name(entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmptyMessageGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmptyMessageGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not has_content(message.get(TEXT) or ""):
                message.set(INTENT, {"name": "nlu_fallback", "confidence": 1.0}, add_to_output=True)
                message.set(
                    INTENT_RANKING_KEY, [{"name": "nlu_fallback", "confidence": 1.0}], add_to_output=True
                )
                message.set(EMPTY_INPUT, True, add_to_output=True)
        return messages


SMALL_TALK = {"greet", "thank", "goodbye", "affirm", "deny", "inform", "nlu_fallback"}
YES_NO = {"affirm", "deny"}
GREETINGS = {"greet", "thank", "goodbye"}
CAPABILITIES = "bot_capabilities"
# 你能回答什么 / 小助手会查哪些: a question about the assistant itself names it
ADDRESSES_BOT = re.compile(r"你|您|助手|机器人|客服|小助|能问|可以问|会回答|能回答|能查什么|会什么|能干")
GENERAL_QUESTION = "ask_policy_faq"
YES_NO_MAX_CHARS = 8  # 不是吗 / 对吗 / 不用了，谢谢 are a yes or no; a message this long says more
CLAUSE = re.compile(r"[，,；;]")
ENDS_NOT = re.compile(r"[不没][?？]?\s*$")
ASPECT = "aspect"
QUESTIONS = "questions"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionAnalyzer(GraphComponent):
    """Last in the pipeline: what the message asks, and a question is never taken for small talk.

    Adds to the parse ``aspect`` (amount, duration, eligibility, procedure…; bot.answers.aspects) and
    ``questions``, the message's sub-questions each with its aspect and topic (Rasa keeps one intent per
    message: the first question's). A message classified as small talk or a bare value (谢谢 / 好的 / 你好
    / inform) that names a topic and asks something (失业金能领几个月，谢谢) takes that topic's intent, so
    the question is answered instead of thanked.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionAnalyzer:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or message.get(EMPTY_INPUT) or text.startswith("/"):
                continue
            intent = (message.get(INTENT) or {}).get("name")
            topic = topic_of(text)
            # 学历提升补贴可以领不: a longer message ending in 不/没 asks as 吗 does
            asks = asks_question(text) or (len(text.strip()) >= YES_NO_MAX_CHARS and ENDS_NOT.search(text))
            if intent in SMALL_TALK and topic and asks:
                ranking = message.get(INTENT_RANKING_KEY) or []
                confidence = next(
                    (float(r.get("confidence") or 0) for r in ranking if r.get("name") == topic), 0.0
                )
                message.set(INTENT, {"name": topic, "confidence": max(confidence, 0.5)}, add_to_output=True)
                intent = topic
            elif (
                (intent in GREETINGS or (intent == CAPABILITIES and not ADDRESSES_BOT.search(text)))
                and asks
                and social_insurance_word(text)
                and len(text.strip()) >= YES_NO_MAX_CHARS
            ):
                # 你好，老板说社保要停几个月，这样可以吗: a greeting before a question names no topic word,
                # but it is a social-insurance question, not a greeting — the general question route; so is
                # 北京单位交社保还能用什么方式, read as a question about what the assistant can do
                confidence = float((message.get(INTENT) or {}).get("confidence") or 0)
                message.set(INTENT, {"name": GENERAL_QUESTION, "confidence": confidence}, add_to_output=True)
                intent = GENERAL_QUESTION
            elif intent in YES_NO and len(text.strip()) >= YES_NO_MAX_CHARS and asks:
                # 要是过了期限还没报会咋样 read as 不/没: a question without a topic word is no yes or no —
                # not understood, so the dialogue can take it as the last question going on
                confidence = float((message.get(INTENT) or {}).get("confidence") or 0)
                message.set(INTENT, {"name": "nlu_fallback", "confidence": confidence}, add_to_output=True)
                intent = "nlu_fallback"
            elif intent in YES_NO and len(text.strip()) >= YES_NO_MAX_CHARS and CLAUSE.search(text):
                # 没雇人，就我自己: a fact told in clauses of its own is a value, not a yes or no
                confidence = float((message.get(INTENT) or {}).get("confidence") or 0)
                message.set(INTENT, {"name": "inform", "confidence": confidence}, add_to_output=True)
                intent = "inform"
            questions = self.questions(text, intent)
            message.set(ASPECT, questions[0]["aspect"] if questions else None, add_to_output=True)
            message.set(QUESTIONS, questions, add_to_output=True)
        return messages

    def aspect(self, text: str) -> str | None:
        """The aspect one question asks: here the word lists of data/policy/answering.yml; the trained
        ``bot.nlu.aspect_classifier.AspectClassifier`` overrides it."""
        return aspect_of(text)

    def questions(self, text: str, intent: str | None) -> list[dict[str, Any]]:
        return sub_questions(text, intent, self.aspect)


def sub_questions(text: str, intent: str | None, aspect: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """The sub-questions of ``text`` (bot.answers.aspects.split_questions), each with its aspect as
    ``aspect`` reads it (a piece that asks none, such as 小微企业3月份呢, asks what the one before it asked)
    and its topic (the first one's is the message's intent)."""
    result: list[dict[str, Any]] = []
    for i, question in enumerate(split_questions(text)):
        asked = aspect(question.text)
        if asked is None and result:
            asked = result[-1]["aspect"]
        topic = intent if i == 0 and intent else question.topic
        result.append({"text": question.text, "aspect": asked, "topic": topic})
    return result
