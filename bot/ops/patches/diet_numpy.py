"""DIET's intent scores computed in NumPy from the trained layers' weights.

With no transformer layers (our config), DIET's network is position-wise: the intent comes from the
sentence slot alone, ``softmax(label_embeddings · embed(ffnn(dense(sentence))))``. Rasa still assembles the
whole model-data structure for the message (the token-level features too) and calls a TensorFlow function,
which costs more than the arithmetic: about 4.5 ms of a turn. The same layers' weights are applied here in
NumPy (float32, as TensorFlow) to the message's sentence features; tests/test_rasa_speedups.py compares
the scores with Rasa's on every held-out and training message. Any other configuration (transformer
layers, entities, dense features, diagnostics) runs Rasa's own code, and so does any message the fast path
fails on (see :class:`bot.ops.patches.base.Fallback`).

NumPy's BLAS is held to one thread while the patch is installed: its worker threads spin between these
tiny products and took a whole second core (18 ms of CPU per message here) from the action server and the
other instances.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import (
    ENTITY_RECOGNITION,
    FEATURIZERS,
    INTENT_CLASSIFICATION,
    MASKED_LM,
    NUM_TRANSFORMER_LAYERS,
    SENTENCE,
    SEQUENCE,
)
from scipy.special import erf

from bot.ops.patches.base import Patch

FAST_PATH_ATTRIBUTE = "_bot_intent_scores"  # on the classifier: its fast path, or None for Rasa's own code
_UNSET = object()


class DietIntentScores:
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
        self.hidden = [
            (
                (layer.kernel * layer.kernel_mask if layer.kernel_mask is not None else layer.kernel).numpy(),
                layer.bias.numpy(),
            )
            for layer in hidden
        ]
        embed = model._tf_layers["embed.text"]._dense
        self.embed_kernel, self.embed_bias = embed.kernel.numpy(), embed.bias.numpy()
        labels = model.all_labels_embed
        labels = labels.numpy() if hasattr(labels, "numpy") else np.asarray(labels)
        self.cosine, self.softmax = loss.similarity_type == "cosine", loss.model_confidence == "softmax"
        self.labels = labels / np.linalg.norm(labels, axis=-1, keepdims=True) if self.cosine else labels
        self.featurizers = classifier.component_config[FEATURIZERS]

    @staticmethod
    def supports(classifier: DIETClassifier) -> bool:
        config, model = classifier.component_config, classifier.model
        signature = getattr(model, "predict_data_signature", {}).get(TEXT, {})
        sentence = signature.get(SENTENCE, [])
        return (
            model is not None
            and config[NUM_TRANSFORMER_LAYERS] == 0
            and config[INTENT_CLASSIFICATION]
            and not config[ENTITY_RECOGNITION]
            and not config[MASKED_LM]
            and model.all_labels_embed is not None
            and len(sentence) == 1
            and sentence[0].is_sparse
            and all(f.is_sparse for f in signature.get(SEQUENCE, []))
            and "unify_dims_before_seq_sent_concat.sentence"
            not in model._tf_layers["sequence_layer.text"]._tf_layers["feature_combining"]._tf_layers
        )

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
            similarities[similarities < np.finfo(np.float32).tiny] = 0.0  # TensorFlow flushes subnormals
        return {"i_scores": similarities.astype(np.float32)[np.newaxis, np.newaxis, :]}


def fast_path(classifier: DIETClassifier) -> DietIntentScores | None:
    """The classifier's fast path, or ``None`` where Rasa's own code must answer."""
    try:
        if classifier.model is None or not DietIntentScores.supports(classifier):
            return None
        return DietIntentScores(classifier)
    except Exception as error:  # layers other than the ones described above: Rasa's own code, logged once
        return PATCH.fallback(error, lambda: None)


def diet_predict(self: DIETClassifier, message: Message) -> dict[str, Any] | None:
    fast = self.__dict__.get(FAST_PATH_ATTRIBUTE, _UNSET)
    if fast is _UNSET:
        fast = self.__dict__[FAST_PATH_ATTRIBUTE] = fast_path(self)
    if fast is None or self._execution_context.should_add_diagnostic_data:
        return PATCH.rasa_code(self, message)
    try:
        scores = fast.scores(message)
    except Exception as error:
        return PATCH.fallback(error, lambda: PATCH.rasa_code(self, message))
    return scores if scores is not None else PATCH.rasa_code(self, message)


class DietPatch(Patch):
    """The replaced ``_predict``, plus NumPy's BLAS on one thread while installed."""

    _blas_limit: Any = None

    def install(self) -> None:
        from threadpoolctl import threadpool_limits

        if not self.installed:
            super().install()
            self._blas_limit = threadpool_limits(limits=1, user_api="blas")

    def uninstall(self) -> None:
        if self.installed:
            super().uninstall()
            if self._blas_limit is not None:
                self._blas_limit.restore_original_limits()
                self._blas_limit = None


PATCH = DietPatch("diet_numpy", DIETClassifier, "_predict", diet_predict)
install, uninstall = PATCH.install, PATCH.uninstall
