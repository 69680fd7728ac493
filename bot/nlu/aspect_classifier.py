"""``AspectClassifier``: the asked aspect (amount, duration, yes/no…) learned from labelled examples.

The topic of a question is its intent; what it asks about that topic is its *aspect* (bot.answers.aspects:
amount, duration, eligibility, conditions, procedure, deadline, contact, comparison, definition, legality;
``none`` for small talk, a bare value or a bare topic). The training examples carry it in their intent
block's metadata (``metadata: {aspect: …}`` in data/nlu/*.yml, one block per intent and aspect).

The model is a multinomial logistic regression over the character 1–3-grams of the normalised text, with
its start and end marked, its classes weighted by their inverse frequency (legality has 18 examples,
amount 647) (吗 at the end of a question says more than 吗 inside it). It reads raw text rather
than the pipeline's sparse features because it classifies the *sub-questions* of a message too
(北京失业金多少？能领几个月), and only the whole message has pipeline features. The fitted model is kept as
plain arrays (``AspectModel``, an ``.npz`` read without pickle), like ``LinearIntentEnsemble``.

The aspect word lists of data/policy/answering.yml (bot.answers.aspects) are combined with the model
(``combine``): the model decides when it is sure (probability ≥ 0.9); below that an explicit aspect word (a
rule's ``words``, not its ``weak`` ones such as 吗) decides, and the model when the question has none. The
combination and its threshold were chosen by cross-validation and on the development reply-quality sets
(docs/answering.md, "The asked aspect").

``AspectClassifier`` extends ``QuestionAnalyzer`` (bot.nlu.components): the same parse keys, ``aspect``
(the first question's) and ``questions`` (each sub-question's text, aspect and topic), with the trained
reading in place of the word lists alone.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import METADATA, METADATA_EXAMPLE, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from bot.answers.aspects import AMOUNT, ASPECTS, Vocabulary, aspect_of, vocabulary
from bot.nlu.components import QuestionAnalyzer

logger = logging.getLogger(__name__)

MODEL_FILE = "aspect_model.npz"
NONE = "none"  # the label of an example that asks no aspect; the parse says None
LABELS = (*ASPECTS, NONE)
ASPECT_KEY = "aspect"
START, END = "\x02", "\x03"  # marks of the text's start and end inside its n-grams
MAX_CHARS = 500  # a longer message is read from its first 500 characters (a question comes first)

# a 几 that NEGATED_QUESTION_WORDS reads as a count told (把几个职工), not as a question of how many
COUNT_TOLD = re.compile(r"(?<=[把给让帮替将])几(?:个|名|位)")


def label_of(message: Message) -> str | None:
    """The aspect label of a training example: its own metadata, else its intent block's, else None."""
    metadata = message.get(METADATA) or {}
    for key in (METADATA_EXAMPLE, METADATA_INTENT):
        value = metadata.get(key)
        if isinstance(value, dict) and value.get(ASPECT_KEY) is not None:
            label = str(value[ASPECT_KEY])
            if label not in LABELS:
                raise ValueError(f"unknown aspect {label!r} in the metadata of {message.get(TEXT)!r}")
            return label
    return None


def ngrams(text: str, low: int = 1, high: int = 3) -> set[str]:
    """The character n-grams of ``text`` (lower-cased, whitespace dropped), with its start and end marked."""
    marked = START + "".join(text.lower().split())[:MAX_CHARS] + END
    return {marked[i : i + n] for n in range(low, high + 1) for i in range(len(marked) - n + 1)} - {
        START,
        END,
    }


@dataclass
class AspectModel:
    """Multinomial logistic regression over character n-grams, as arrays: the n-gram vocabulary, one weight
    row per label and the intercepts. ``probabilities`` equals scikit-learn's ``predict_proba`` (tested)."""

    labels: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray  # labels × n-grams
    intercepts: np.ndarray  # labels

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        c: float,
        max_ngram: int = 3,
        class_weight: str | None = None,
    ) -> AspectModel:
        from sklearn.linear_model import LogisticRegression  # training only: loading needs no scikit-learn

        grams = sorted(set().union(*(ngrams(text, 1, max_ngram) for text in texts)))
        empty = cls([], {gram: i for i, gram in enumerate(grams)}, np.zeros((0, len(grams))), np.zeros(0))
        model = LogisticRegression(C=c, max_iter=3000, random_state=0, class_weight=class_weight)
        return empty.with_weights(model.fit(empty.features(texts), list(labels)))

    def with_weights(self, model: Any) -> AspectModel:
        """This vocabulary with the weights of a fitted scikit-learn ``LogisticRegression``."""
        weights, intercepts = model.coef_, model.intercept_
        if len(model.classes_) == 2:  # binary: scikit-learn keeps one row; the softmax of (0, w) is the same
            weights = np.vstack([np.zeros_like(weights), weights])
            intercepts = np.concatenate([[0.0], intercepts])
        return AspectModel([str(x) for x in model.classes_], self.vocabulary, weights, intercepts)

    def columns(self, text: str) -> list[int]:
        """The vocabulary columns of the n-grams of ``text`` (n-grams never seen in training are dropped)."""
        return sorted(self.vocabulary[g] for g in ngrams(text, 1, self.max_ngram) if g in self.vocabulary)

    def features(self, texts: Sequence[str]) -> csr_matrix:
        """One binary row of n-gram presence per text."""
        rows = [self.columns(text) for text in texts]
        indptr = np.cumsum([0] + [len(r) for r in rows])
        indices = np.array([i for r in rows for i in r], dtype=np.int64)
        return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(texts), len(self.vocabulary)))

    def probabilities(self, text: str) -> dict[str, float]:
        scores = self.weights[:, self.columns(text)].sum(axis=1) + self.intercepts
        scores = np.exp(scores - scores.max())
        return dict(zip(self.labels, (scores / scores.sum()).tolist(), strict=True))

    def predict(self, text: str) -> tuple[str, float]:
        """The most likely label and its probability."""
        probabilities = self.probabilities(text)
        label = max(probabilities, key=lambda name: (probabilities[name], name))
        return label, probabilities[label]

    @property
    def max_ngram(self) -> int:
        return self._max_ngram

    def __post_init__(self) -> None:
        self._max_ngram = max((len(g) for g in self.vocabulary), default=1)

    def save(self, path: Path) -> None:
        grams = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        with path.open("wb") as file:
            np.savez(
                file,
                labels=np.array(self.labels),
                grams=np.array(grams),
                weights=self.weights,
                intercepts=self.intercepts,
            )

    @classmethod
    def load(cls, path: Path) -> AspectModel:
        try:
            with np.load(path, allow_pickle=False) as arrays:  # arrays only: nothing in the file can run code
                grams = [str(g) for g in arrays["grams"]]
                return cls(
                    labels=[str(x) for x in arrays["labels"]],
                    vocabulary={g: i for i, g in enumerate(grams)},
                    weights=arrays["weights"],
                    intercepts=arrays["intercepts"],
                )
        except (ValueError, KeyError, OSError, zipfile.BadZipFile) as error:
            raise RuntimeError(f"cannot read {path}: {error}") from error


@lru_cache(maxsize=1)
def strong_vocabulary() -> Vocabulary:
    """The aspect word lists without their weak words (吗, 嘛…): what an explicit aspect word says."""
    base = vocabulary()
    return dataclasses.replace(
        base, aspect_rules=tuple(dataclasses.replace(rule, weak=()) for rule in base.aspect_rules)
    )


COMBINATIONS = ("model", "rules", "word_then_model", "model_then_word")


def combine(
    text: str, model: AspectModel | None, how: str = "model_then_word", threshold: float = 0.9
) -> str | None:
    """The aspect of one question, None when it asks none.

    * ``rules``: the word lists alone (bot.answers.aspects.aspect_of, weak words included);
    * ``model``: the trained model alone;
    * ``word_then_model``: an explicit aspect word decides, the model otherwise;
    * ``model_then_word`` (shipped): the model when it is at least ``threshold`` sure; below that an
      explicit aspect word, and the model when there is none.
    """
    if model is None or how == "rules":
        return aspect_of(text)
    label, confidence = model.predict(text)
    predicted = None if label == NONE else label
    if predicted == AMOUNT and aspect_of(text) != AMOUNT and COUNT_TOLD.search(text):
        # 单位想把几个职工的基数往上调，给不给办: the 几 the model read as "how many" counts people told
        return aspect_of(text)
    if how == "model":
        return predicted
    if how == "word_then_model" or (how == "model_then_word" and confidence < threshold):
        word = aspect_of(text, strong_vocabulary())
        return word if word is not None else predicted
    if how == "model_then_word":
        return predicted
    raise ValueError(f"unknown combination {how!r}; one of {', '.join(COMBINATIONS)}")


def training_pairs(messages: Iterable[Message]) -> tuple[list[str], list[str]]:
    """Texts and aspect labels of the labelled examples (an example without a label is left out)."""
    texts, labels = [], []
    for message in messages:
        label = label_of(message)
        if label is not None and message.get(TEXT):
            texts.append(str(message.get(TEXT)))
            labels.append(label)
    return texts, labels


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class AspectClassifier(QuestionAnalyzer):
    """``QuestionAnalyzer`` with a trained aspect model: last in the pipeline (config.yml)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 10.0,
            "max_ngram": 3,
            "class_weight": "balanced",
            "combination": "model_then_word",
            "threshold": 0.9,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: AspectModel | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        if self.config["combination"] not in COMBINATIONS:
            raise ValueError(f"AspectClassifier: combination must be one of {', '.join(COMBINATIONS)}")
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AspectClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = training_pairs(training_data.training_examples)
        unlabelled = sum(1 for e in training_data.intent_examples if label_of(e) is None)
        if unlabelled:
            logger.warning(f"AspectClassifier: {unlabelled} training example(s) carry no aspect label")
        if len(set(labels)) < 2:
            logger.debug("AspectClassifier: fewer than two aspects labelled, the word lists decide alone.")
            return self._resource
        self.model = AspectModel.fit(
            texts,
            labels,
            float(self.config["C"]),
            int(self.config["max_ngram"]),
            self.config["class_weight"] or None,
        )
        with self._model_storage.write_to(self._resource) as directory:
            self.model.save(directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> AspectClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                model = AspectModel.load(directory / MODEL_FILE)
        except ValueError:  # no such resource: never trained (no labels), the word lists decide
            model = None
        return cls(config, model_storage, resource, model)

    def aspect(self, text: str) -> str | None:
        return combine(text, self.model, self.config["combination"], float(self.config["threshold"]))
