"""LinearIntentEnsemble (bot/nlu/linear_intent.py): the linear classifier blended with DIET's ranking."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import coo_matrix, csr_matrix

from bot.nlu.linear_intent import LinearIntentEnsemble, LinearIntentModel, blend, sentence_features

VOCABULARY = ["社保", "基数", "电话", "多少", "你好", "谢谢"]


def message(words: list[str], intent: str | None = None, diet: list[dict] | None = None) -> Message:
    """A message as the featurizers leave it: a sentence row of word counts over VOCABULARY."""
    counts = np.array([[float(words.count(word)) for word in VOCABULARY]])
    result = Message(data={TEXT: "".join(words)})
    result.add_features(Features(coo_matrix(counts), "sentence", TEXT, "CountVectorsFeaturizer"))
    result.add_features(
        Features(
            coo_matrix(np.zeros((max(len(words), 1), len(VOCABULARY)))),
            "sequence",
            TEXT,
            "CountVectorsFeaturizer",
        )
    )
    if intent:
        result.set(INTENT, intent)
    if diet is not None:
        result.set(INTENT_RANKING_KEY, diet)
    return result


def training_data() -> TrainingData:
    intents = {
        "ask_base_limits": [
            ["社保", "基数", "多少"],
            ["基数", "多少"],
            ["社保", "基数"],
            ["基数"],
            ["基数", "多少", "多少"],
            ["社保", "社保", "基数"],
        ],
        "ask_phone": [
            ["电话", "多少"],
            ["社保", "电话"],
            ["电话"],
            ["电话", "电话"],
            ["电话", "多少", "多少"],
            ["社保", "电话", "多少"],
        ],
        "greet": [
            ["你好"],
            ["你好", "你好"],
            ["你好", "谢谢"],
            ["谢谢", "你好", "你好"],
            ["你好", "你好", "你好"],
            ["你好", "社保"],
        ],
    }
    return TrainingData(
        [message(words, intent) for intent, examples in intents.items() for words in examples]
    )


@pytest.fixture()
def storage(tmp_path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def trained(storage: LocalModelStorage, **config) -> tuple[LinearIntentEnsemble, Resource]:
    resource = Resource("linear_intent")
    context = ExecutionContext(GraphSchema({}), "test")
    component = LinearIntentEnsemble.create(
        {**LinearIntentEnsemble.get_default_config(), **config}, storage, resource, context
    )
    component.train(training_data())
    return component, resource


def test_blend_is_the_weighted_mean_best_first():
    ranking = blend(
        [{"name": "greet", "confidence": 0.8}, {"name": "thank", "confidence": 0.2}],
        {"greet": 0.2, "thank": 0.6, "goodbye": 0.2},
        diet_weight=0.5,
    )
    assert [entry["name"] for entry in ranking] == ["greet", "thank", "goodbye"]
    assert [round(entry["confidence"], 6) for entry in ranking] == [0.5, 0.4, 0.1]


def test_blend_with_full_diet_weight_keeps_diets_order():
    diet = [{"name": "ask_phone", "confidence": 0.55}, {"name": "greet", "confidence": 0.45}]
    ranking = blend(diet, {"greet": 0.99, "ask_phone": 0.01}, diet_weight=1.0)
    assert [(entry["name"], entry["confidence"]) for entry in ranking] == [
        ("ask_phone", 0.55),
        ("greet", 0.45),
    ]


def test_blend_counts_an_intent_diet_did_not_rank_as_zero():
    ranking = blend([{"name": "greet", "confidence": 1.0}], {"greet": 0.4, "thank": 0.6}, diet_weight=0.5)
    assert ranking[1] == {"name": "thank", "confidence": pytest.approx(0.3)}


def test_sentence_features_are_presence_not_counts():
    matrix = sentence_features([message(["你好", "你好", "谢谢"]), message(["社保"])])
    assert matrix.shape == (2, len(VOCABULARY))
    assert matrix.toarray().tolist() == [[0, 0, 0, 0, 1, 1], [1, 0, 0, 0, 0, 0]]


def test_trained_model_ranks_by_the_blend_and_keeps_the_ranking_length(storage):
    component, _ = trained(storage, diet_weight=0.5, ranking_length=2)
    diet = [
        {"name": "ask_phone", "confidence": 0.6},
        {"name": "greet", "confidence": 0.3},
        {"name": "ask_base_limits", "confidence": 0.1},
    ]
    [result] = component.process([message(["社保", "基数", "多少"], diet=diet)])
    ranking = result.get(INTENT_RANKING_KEY)
    assert result.get(INTENT) == ranking[0]
    assert len(ranking) == 2
    assert ranking[0]["name"] == "ask_base_limits"  # the linear model is sure enough to outvote DIET's 0.6
    assert sum(entry["confidence"] for entry in ranking) <= 1.0 + 1e-9


def test_persisted_model_gives_the_same_answer_after_loading(storage):
    component, resource = trained(storage)
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = LinearIntentEnsemble.load(component.config, storage, resource, context)
    probe = [{"name": "greet", "confidence": 0.5}, {"name": "ask_phone", "confidence": 0.5}]
    before = component.process([message(["电话", "多少"], diet=list(probe))])[0].get(INTENT_RANKING_KEY)
    after = loaded.process([message(["电话", "多少"], diet=list(probe))])[0].get(INTENT_RANKING_KEY)
    assert before == after
    assert after[0]["name"] == "ask_phone"


def test_untrained_component_passes_diets_output_through(storage):
    resource = Resource("never_trained")
    context = ExecutionContext(GraphSchema({}), "test")
    component = LinearIntentEnsemble.load(
        LinearIntentEnsemble.get_default_config(), storage, resource, context
    )
    diet = [{"name": "greet", "confidence": 0.9}]
    result = message(["你好"], diet=diet)
    result.set(INTENT, diet[0])
    [out] = component.process([result])
    assert out.get(INTENT) == {"name": "greet", "confidence": 0.9}


def test_an_intent_with_too_few_examples_is_a_clear_training_error(storage):
    resource = Resource("linear_intent")
    component = LinearIntentEnsemble.create(
        LinearIntentEnsemble.get_default_config(),
        storage,
        resource,
        ExecutionContext(GraphSchema({}), "test"),
    )
    data = TrainingData(
        [*training_data().training_examples, message(["谢谢"], "thank"), message(["谢谢", "你好"], "thank")]
    )
    with pytest.raises(ValueError, match="intent thank has 2 examples"):
        component.train(data)


def test_a_model_file_holding_python_objects_is_refused(storage):
    """The model is arrays only, read without pickle: a file carrying an object cannot run code on load."""
    component, resource = trained(storage)
    with storage.write_to(resource) as directory, (directory / "linear_intent.npz").open("wb") as file:
        np.savez(
            file,
            classes=np.array([{"x": 1}], dtype=object),
            weights=component.model.weights,
            intercepts=component.model.intercepts,
            slopes=component.model.slopes,
            offsets=component.model.offsets,
        )
    with pytest.raises(RuntimeError, match="cannot read"):
        LinearIntentEnsemble.load(
            component.config, storage, resource, ExecutionContext(GraphSchema({}), "test")
        )


def test_a_message_without_features_is_classified_without_error(storage):
    """Empty or punctuation-only messages reach the classifier with no features at all."""
    component, _ = trained(storage)
    bare = Message(data={TEXT: ""})
    bare.set(INTENT_RANKING_KEY, [{"name": "greet", "confidence": 1.0}])
    [out] = component.process([bare])
    assert out.get(INTENT)["name"] in {"greet", "ask_phone", "ask_base_limits"}
    assert len(out.get(INTENT_RANKING_KEY)) == 3


def test_a_damaged_model_file_is_an_error_not_a_silent_pass_through(storage):
    component, resource = trained(storage)
    with storage.write_to(resource) as directory:
        (directory / "linear_intent.npz").write_bytes(b"not a model")
    with pytest.raises(RuntimeError, match="cannot read"):
        LinearIntentEnsemble.load(
            component.config, storage, resource, ExecutionContext(GraphSchema({}), "test")
        )


@pytest.mark.parametrize("intents", [["affirm", "deny", "greet", "inform", "thank"], ["affirm", "deny"]])
def test_array_model_gives_scikit_learns_probabilities(intents):
    from scipy.sparse import random as sparse_random
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    rng = np.random.default_rng(7)
    features = sparse_random(300, 500, density=0.02, format="csr", random_state=7)
    features.data[:] = 1.0
    labels = rng.choice(intents, size=300)
    fitted = CalibratedClassifierCV(LinearSVC(C=0.3, random_state=42), cv=3, method="sigmoid").fit(
        features, labels
    )
    model = LinearIntentModel.from_sklearn(fitted)
    probes = sparse_random(50, 500, density=0.03, format="csr", random_state=8)
    probes.data[:] = 1.0
    for row, want in zip(probes, fitted.predict_proba(probes), strict=True):
        assert np.allclose(model.probabilities(row.indices, row.data), want, rtol=0, atol=1e-12)
    empty = model.probabilities(np.array([], dtype=int), np.array([]))
    assert np.allclose(empty, fitted.predict_proba(csr_matrix((1, 500)))[0], rtol=0, atol=1e-12)


def test_array_model_round_trips_through_its_file(storage, tmp_path):
    component, _ = trained(storage)
    component.model.save(tmp_path / "model.npz")
    loaded = LinearIntentModel.load(tmp_path / "model.npz")
    columns, values = np.array([0, 3]), np.ones(2)
    assert loaded.classes == component.model.classes
    assert (loaded.probabilities(columns, values) == component.model.probabilities(columns, values)).all()


def test_a_two_intent_model_classifies(storage):
    resource = Resource("two_intents")
    component = LinearIntentEnsemble.create(
        LinearIntentEnsemble.get_default_config(),
        storage,
        resource,
        ExecutionContext(GraphSchema({}), "test"),
    )
    component.train(TrainingData([e for e in training_data().training_examples if e.get(INTENT) != "greet"]))
    assert (
        component.model.weights.shape[1] == 1
    )  # one decision value for two intents, as scikit-learn keeps it
    [out] = component.process([message(["电话", "多少"], diet=[{"name": "ask_phone", "confidence": 0.5}])])
    assert out.get(INTENT)["name"] == "ask_phone"


def test_sentence_features_equal_rasas_stacked_blocks_binarised():
    """Columns in the order Rasa stacks the featurizers' blocks, so the model sees Rasa's feature space."""
    words = message(["社保", "社保", "电话"])
    words.add_features(Features(coo_matrix(np.array([[0.0, 2.0, 1.0]])), "sentence", TEXT, "RegexFeaturizer"))
    words.add_features(Features(coo_matrix(np.zeros((3, 3))), "sequence", TEXT, "RegexFeaturizer"))
    plain = message(["你好"])
    plain.add_features(Features(coo_matrix(np.array([[1.0, 0.0, 0.0]])), "sentence", TEXT, "RegexFeaturizer"))
    plain.add_features(Features(coo_matrix(np.zeros((1, 3))), "sequence", TEXT, "RegexFeaturizer"))
    ours = sentence_features([words, plain]).toarray()
    rasas = np.vstack(
        [np.minimum(m.get_sparse_features(TEXT)[1].features.toarray(), 1.0) for m in (words, plain)]
    )
    assert ours.shape == (2, len(VOCABULARY) + 3)
    assert (ours == rasas).all()
