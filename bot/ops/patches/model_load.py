"""Rasa's TensorFlow models loaded without tracing a training step nobody runs.

To size its weights before loading them, ``RasaModel.load`` runs one training step on an example, and
Keras first traces that step into a TensorFlow graph: over a third of the time `rasa run` takes to answer
its first message. The step runs eagerly instead (no graph); the weights it sizes are then overwritten by
the trained ones as before, and prediction runs as configured. The prediction step is still traced into a
graph at load, but without AutoGraph, which rewrites the step's Python source first (the step has no
tensor-dependent Python control flow to convert): the model loaded 31 s → 8 s here under load, and
predicts the same to 1e-6 (tests/test_rasa_speedups.py). Fine-tuning keeps Rasa's own load.
"""

from __future__ import annotations

from typing import Any

from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.models import RasaModel
from rasa.utils.train_utils import create_data_generators

from bot.ops.patches.base import Patch


def load_model(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    def rasa_load() -> RasaModel:
        return PATCH.rasa_code(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
        )

    if finetune_mode:  # training goes on: keep Rasa's compiled training step
        return rasa_load()
    try:
        return _load_without_training_graph(
            cls, model_file_name, model_data_example, predict_data_example, *args, **kwargs
        )
    except Exception as error:
        return PATCH.fallback(error, rasa_load)


def _load_without_training_graph(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
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
    model._tf_predict_step = tf.function(
        model.predict_step, autograph=False, input_signature=model._dynamic_signature(batch_in)
    )


PATCH = Patch(
    "model_load",
    RasaModel,
    "load",
    classmethod(load_model),
    requires=["predict_step", "run_inference", "_dynamic_signature"],
)
install, uninstall = PATCH.install, PATCH.uninstall
