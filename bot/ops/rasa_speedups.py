"""Measured fixes for Rasa 3.6 hot spots, installed by our REST channel (every `rasa run` of ours loads it).

Each replacement gives exactly the result of the code it replaces (tests/test_rasa_speedups.py compares
them on the shipped model); it only does less work. Profiled with py-spy under load (docs/benchmarks.md):

* **Action response validation.** Rasa validates each action server response with
  ``jsonschema.validate(result, schema)``: it re-checks the schema against the meta-schema on every call
  (about 100 ms), then tries every event against all 20 event schemas of a ``oneOf`` (27 ms for the 41
  events a questionnaire start returns; 1.7 ms this way). The schema is checked once, and each event is
  validated against the schemas for its own ``event`` name only: the others fail on their ``const`` and
  cannot change the ``oneOf`` outcome. Any failure is re-validated in full, so the error is Rasa's own.
* **Rule lookup.** ``RulePolicy._get_possible_keys`` filters all 600 rule keys against the conversation
  on every prediction. A rule whose last state has a different previous action can never match, so keys
  are indexed by that action first and only the candidates go through Rasa's filter.
* **Model load.** To size its weights before loading them, ``RasaModel.load`` runs one training step
  on an example, and Keras first traces that step into a TensorFlow graph: over a third of the time
  `rasa run` takes to answer its first message. The step runs eagerly instead (no graph); the weights it
  sizes are then overwritten by the trained ones as before, and prediction runs as configured. The
  prediction step is still traced into a graph at load, but without AutoGraph, which rewrites the
  step's Python source first (the step has no tensor-dependent Python control flow to convert): the
  model loaded 31 s → 8 s here under load, and predicts the same to 1e-6 (the test).
* **Event classes.** ``Event.resolve_by_type`` walks every ``Event`` subclass for every stored event it
  reads; the answer for a type name is remembered.
* **Slot copies.** Every tracker Rasa builds (about ten per turn: the stored one, and one per step each
  time a policy replays the conversation) copies all 40 slots with ``copy.copy``, which goes through the
  generic ``__reduce_ex__`` protocol. ``Slot.__copy__`` does what that protocol does for these plain
  classes (a new instance of the same class with the same attribute dict), directly: 4 % of a turn.
* **Combined features.** To combine the features of several featurizers, Rasa deep-copies the first one
  and then replaces its matrix with a new one stacked from all of them: the deep copy (5 % of a turn) is
  thrown away. With two or more features the first is wrapped instead of copied; stacking creates the
  new matrix and never changes its inputs. With one feature, Rasa's own code runs.
* **DIET's intent scores.** With no transformer layers (our config), DIET's network is position-wise: the
  intent comes from the sentence slot alone, ``softmax(label_embeddings · embed(ffnn(dense(sentence))))``.
  Rasa still assembles the whole model-data structure for the message (the token-level features too)
  and calls a TensorFlow function, which costs more than the arithmetic: about 4.5 ms of a turn. The
  same layers' weights are applied here in NumPy (float32, as TensorFlow) to the message's sentence
  features; the test compares the scores with Rasa's on every held-out and training message. Any other
  configuration (transformer layers, entities, dense features, diagnostics) runs Rasa's own code.
  NumPy's BLAS is held to one thread: its worker threads spin between these tiny products and took a
  whole second core (18 ms of CPU per message here) from the action server and the other instances.
* **Graph runs.** Rasa runs its prediction graph (the NLU pipeline, then the policies) with dask's
  synchronous scheduler, which orders, queues and tracks about ten tasks through thread-pool futures on
  every call: 9 % of a turn. The same dask graph is evaluated here by plain recursion: every task once,
  each after the tasks it needs (dask's rule for what is an argument key and what is a literal value),
  with Rasa's error wrapping. Results are the same as dask's (the tests run both).
"""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from functools import cache
from typing import Any

import numpy as np
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.events import Event
from rasa.shared.core.slots import Slot
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import (
    ENTITY_RECOGNITION,
    FEATURIZERS,
    INTENT_CLASSIFICATION,
    LEARNING_RATE,
    MASKED_LM,
    NUM_TRANSFORMER_LAYERS,
    RUN_EAGERLY,
    SENTENCE,
    SEQUENCE,
)
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.models import RasaModel
from rasa.utils.train_utils import create_data_generators
from scipy.special import erf

_ORIGINAL = {
    "validate": RemoteAction._validate_action_result,
    "possible_keys": RulePolicy._get_possible_keys,
    "resolve_by_type": Event.resolve_by_type,
    "load_model": RasaModel.load.__func__,
    "combine_features": Message._combine_features,
    "diet_predict": DIETClassifier._predict,
    "run_graph": DaskGraphRunner.run,
}


# --- action responses -------------------------------------------------------------------------------


class _ResponseValidators:
    """The full validator, one for the response without its events, and one per event name."""

    def __init__(self, schema: dict[str, Any]) -> None:
        cls = validator_for(schema)
        cls.check_schema(schema)
        self.full = cls(schema)
        envelope = copy.deepcopy(schema)
        item_schema = envelope["properties"]["events"].pop("items")
        self.envelope = cls(envelope)
        branches_by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for branch in item_schema.get("oneOf", []):
            name = branch.get("properties", {}).get("event", {}).get("const")
            if name is None:  # a branch for any event: no shortcut is exact
                branches_by_event.clear()
                break
            branches_by_event[name].append(branch)
        self.by_event = {name: cls({**item_schema, "oneOf": branches}) for name, branches in branches_by_event.items()}

    def is_valid(self, result: Any) -> bool:
        if not self.by_event or not self.envelope.is_valid(result):
            return self.full.is_valid(result)
        for event in result.get("events") or []:
            validator = self.by_event.get(event.get("event")) if isinstance(event, dict) else None
            if validator is None or not validator.is_valid(event):
                return False
        return True


@cache
def _response_validators() -> _ResponseValidators:
    return _ResponseValidators(RemoteAction.action_response_format_spec())


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    validators = _response_validators()
    if validators.is_valid(result):
        return True
    try:
        validators.full.validate(result)  # Rasa's own error, or the (unexpected) full verdict
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your response from "
                          f"the Action endpoint is valid. For more information about the format visit "
                          f"{DOCS_BASE_URL}/custom-actions")
        raise


# --- rule lookup ------------------------------------------------------------------------------------


_NO_ACTION = "no previous action"  # the bucket of conversation-start rule states


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value  # as Rasa compares them


class _RuleIndex:
    """Rule keys of one lookup, grouped by what their last state requires of the previous action."""

    def __init__(self, policy: RulePolicy, lookup: dict[str, str]) -> None:
        self.size = len(lookup)
        self.by_action: dict[Any, list[str]] = defaultdict(list)
        for key in lookup:
            action = policy._rule_key_to_state(key)[-1].get(PREVIOUS_ACTION)
            required = frozenset((name, _hashable(value)) for name, value in (action or {}).items()
                                 if value and value != SHOULD_NOT_BE_SET)
            self.by_action[required if action else _NO_ACTION].append(key)

    def candidates(self, current_state: dict[str, Any]) -> set[str]:
        action = current_state.get(PREVIOUS_ACTION)
        if not action:
            return set(self.by_action.get(_NO_ACTION, ()))
        items = [(name, _hashable(value)) for name, value in action.items()]
        keys: set[str] = set()
        for size in range(len(items) + 1):  # what a rule requires must be part of the conversation's action
            for subset in itertools.combinations(items, size):
                keys.update(self.by_action.get(frozenset(subset), ()))
        return keys


def _get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[dict[str, Any]]) -> set[str]:
    if not states:
        return set(lookup.keys())
    indexes = self.__dict__.setdefault("_speedup_rule_indexes", {})
    index = indexes.get(id(lookup))
    if index is None or index.size != len(lookup):
        index = indexes[id(lookup)] = _RuleIndex(self, lookup)
    possible_keys = index.candidates(states[-1])
    for i, state in enumerate(reversed(states)):
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, i, state)}
    return possible_keys


# --- model load -------------------------------------------------------------------------------------


def _load_model(cls: type[RasaModel], model_file_name: str, model_data_example: Any,
                predict_data_example: Any = None, finetune_mode: bool = False, *args: Any, **kwargs: Any) -> RasaModel:
    if finetune_mode:  # training goes on: keep Rasa's compiled training step
        return _ORIGINAL["load_model"](cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                                       *args, **kwargs)
    import tensorflow as tf

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)  # sizes the weights
    model.run_eagerly = config.get(RUN_EAGERLY)  # prediction as configured (a traced graph by default)
    model.load_weights(model_file_name)
    if predict_data_example:
        _trace_prediction_without_autograph(model, predict_data_example)
        model.run_inference(predict_data_example)  # traces the prediction step now, not at the first message
    return model


def _trace_prediction_without_autograph(model: RasaModel, example: Any) -> None:
    """The prediction step as Rasa wraps it, minus AutoGraph's rewrite of its Python source."""
    import tensorflow as tf

    if model.run_eagerly:
        return
    generator, _ = create_data_generators(model_data=example, batch_sizes=1, epochs=1, shuffle=False)
    batch_in = next(iter(generator))[0]
    model._tf_predict_step = tf.function(model.predict_step, input_signature=model._dynamic_signature(batch_in),
                                         autograph=False)


# --- event classes ----------------------------------------------------------------------------------

_event_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name in _event_classes:
        return _event_classes[type_name]
    resolved = _ORIGINAL["resolve_by_type"](type_name, default)
    if resolved is not None and resolved is not default:
        _event_classes[type_name] = resolved
    return resolved


# --- slot copies ------------------------------------------------------------------------------------


def _copy_slot(slot: Slot) -> Slot:
    """What ``copy.copy`` does for a slot: ``cls.__new__(cls)``, then the same attributes (a shallow copy)."""
    new = slot.__class__.__new__(slot.__class__)
    new.__dict__.update(slot.__dict__)
    return new


# --- combined features ------------------------------------------------------------------------------


def _combine_features(features: list[Features], featurizers: list[str]) -> Features | None:
    if len(features) < 2:
        return _ORIGINAL["combine_features"](features, featurizers)
    first = features[0]
    combined = Features(first.features, first.type, first.attribute, featurizers)
    for feature in features[1:]:
        combined.combine_with_features(feature)  # a new stacked matrix: ``first`` is left as it was
    return combined


# --- DIET's intent scores ---------------------------------------------------------------------------


class _DietIntentScores:
    """DIET's ``i_scores`` for one message, from the trained layers' weights (see the module docstring)."""

    def __init__(self, classifier: DIETClassifier) -> None:
        import tensorflow as tf

        model = classifier.model
        sequence_layer = model._tf_layers["sequence_layer.text"]
        combining = sequence_layer._tf_layers["feature_combining"]
        to_dense = combining._tf_layers["sparse_dense.sentence"]._tf_layers["sparse_to_dense"]
        ffnn = sequence_layer._tf_layers["ffnn"]
        loss = model._tf_layers["loss.label"]
        hidden = [layer for layer in ffnn._ffn_layers if not isinstance(layer, tf.keras.layers.Dropout)]
        if not all(layer.activation is tf.nn.gelu and layer.use_bias for layer in hidden):
            raise ValueError("unexpected feed-forward layers")
        self.sentence_kernel, self.sentence_bias = to_dense.kernel.numpy(), to_dense.bias.numpy()
        self.hidden = [((layer.kernel * layer.kernel_mask if layer.kernel_mask is not None else layer.kernel).numpy(),
                        layer.bias.numpy()) for layer in hidden]
        embed = model._tf_layers["embed.text"]._dense
        self.embed_kernel, self.embed_bias = embed.kernel.numpy(), embed.bias.numpy()
        labels = model.all_labels_embed
        labels = labels.numpy() if hasattr(labels, "numpy") else np.asarray(labels)
        self.labels = labels / np.linalg.norm(labels, axis=-1, keepdims=True) if loss.similarity_type == "cosine" else labels
        self.cosine, self.softmax = loss.similarity_type == "cosine", loss.model_confidence == "softmax"
        self.featurizers = classifier.component_config[FEATURIZERS]

    @staticmethod
    def supports(classifier: DIETClassifier) -> bool:
        config, model = classifier.component_config, classifier.model
        signature = getattr(model, "predict_data_signature", {}).get(TEXT, {})
        sentence = signature.get(SENTENCE, [])
        return (model is not None and config[NUM_TRANSFORMER_LAYERS] == 0 and config[INTENT_CLASSIFICATION]
                and not config[ENTITY_RECOGNITION] and not config[MASKED_LM]
                and model.all_labels_embed is not None and len(sentence) == 1 and sentence[0].is_sparse
                and all(f.is_sparse for f in signature.get(SEQUENCE, []))
                and "unify_dims_before_seq_sent_concat.sentence" not in
                model._tf_layers["sequence_layer.text"]._tf_layers["feature_combining"]._tf_layers)

    def scores(self, message: Message) -> dict[str, np.ndarray] | None:
        sequence, sentence = message._filter_sparse_features(TEXT, self.featurizers)
        if not sequence or not sentence:
            return None  # an empty message: Rasa's own path decides
        x = self.sentence_bias.copy()
        offset = 0
        for feature in sentence:  # the stacked sentence row times the kernel, block by block
            row = feature.features.tocoo()
            x += row.data.astype(np.float32) @ self.sentence_kernel[offset + row.col]
            offset += row.shape[1]
        if offset != self.sentence_kernel.shape[0]:
            return None
        for kernel, bias in self.hidden:
            x = x @ kernel + bias
            x = (0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)  # tf.nn.gelu, exact
        embedded = x @ self.embed_kernel + self.embed_bias
        if self.cosine:
            embedded = embedded / np.linalg.norm(embedded)
        similarities = self.labels @ embedded
        if self.softmax:
            exp = np.exp(similarities - similarities.max())
            similarities = exp / exp.sum()
            similarities[similarities < np.finfo(np.float32).tiny] = 0.0  # TensorFlow flushes subnormals to zero
        return {"i_scores": similarities.astype(np.float32)[np.newaxis, np.newaxis, :]}


def _diet_fast_path(classifier: DIETClassifier) -> _DietIntentScores | None:
    if classifier.model is None or not _DietIntentScores.supports(classifier):
        return None
    try:
        return _DietIntentScores(classifier)
    except ValueError:  # layers other than the ones described above: Rasa's own code
        return None


def _diet_predict(self: DIETClassifier, message: Message) -> dict[str, Any] | None:
    fast = self.__dict__.get("_speedup_intent_scores", False)
    if fast is False:
        fast = self.__dict__["_speedup_intent_scores"] = _diet_fast_path(self)
    if fast is None or self._execution_context.should_add_diagnostic_data:
        return _ORIGINAL["diet_predict"](self, message)
    scores = fast.scores(message)
    return scores if scores is not None else _ORIGINAL["diet_predict"](self, message)


# --- graph runs -------------------------------------------------------------------------------------


def _is_task(value: Any) -> bool:
    return type(value) is tuple and bool(value) and callable(value[0])  # dask's istask


def _evaluate(graph: dict[str, Any], targets: list[str]) -> list[Any]:
    """What ``dask.get(graph, targets)`` returns for a graph of tasks whose arguments are keys or literals."""
    results: dict[str, Any] = {}

    def argument(value: Any) -> Any:
        try:
            is_key = value in graph
        except TypeError:  # unhashable: a literal
            return value
        return compute(value) if is_key else value

    def compute(key: str) -> Any:
        if key not in results:
            task = graph[key]
            results[key] = task[0](*(argument(a) for a in task[1:])) if _is_task(task) else task
        return results[key]

    for key in graph:  # like dask, every task of the graph runs (Rasa passes only the targets' dependencies)
        compute(key)
    return [results[target] for target in targets]


def _run_graph(self: DaskGraphRunner, inputs: dict[str, Any] | None = None,
               targets: list[str] | None = None) -> dict[str, Any]:
    run_targets = targets if targets else self._graph_schema.target_names
    run_graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
    if inputs:
        self._add_inputs_to_graph(inputs, run_graph)
    try:
        return dict(_evaluate(run_graph, run_targets))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


def install() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # see "DIET's intent scores" above
    RemoteAction._validate_action_result = _validate_action_result
    RulePolicy._get_possible_keys = _get_possible_keys
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    RasaModel.load = classmethod(_load_model)
    Slot.__copy__ = _copy_slot
    Message._combine_features = staticmethod(_combine_features)
    DIETClassifier._predict = _diet_predict
    DaskGraphRunner.run = _run_graph


def uninstall() -> None:
    """Rasa's own code again (for tests comparing both)."""
    RemoteAction._validate_action_result = _ORIGINAL["validate"]
    RulePolicy._get_possible_keys = _ORIGINAL["possible_keys"]
    Event.resolve_by_type = staticmethod(_ORIGINAL["resolve_by_type"])
    RasaModel.load = classmethod(_ORIGINAL["load_model"])
    if "__copy__" in Slot.__dict__:
        del Slot.__copy__
    Message._combine_features = staticmethod(_ORIGINAL["combine_features"])
    DIETClassifier._predict = _ORIGINAL["diet_predict"]
    DaskGraphRunner.run = _ORIGINAL["run_graph"]
