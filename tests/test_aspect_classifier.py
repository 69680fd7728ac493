"""The asked aspect as a trained NLU model (bot/nlu/aspect_classifier.py): labels, model, component, parse."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import paths
from bot.answers.aspects import ASPECTS, aspect_of
from bot.nlu.aspect_classifier import (
    LABELS,
    MODEL_FILE,
    NONE,
    AspectClassifier,
    AspectModel,
    combine,
    label_of,
    ngrams,
)

NO_ASPECT_INTENTS = {"greet", "goodbye", "thank", "affirm", "deny", "inform", "cancel", "start_over"}


@pytest.fixture(scope="module")
def training_examples() -> list[Message]:
    return load_data(str(paths.REPO_ROOT / "data" / "nlu")).intent_examples


def test_every_training_example_carries_an_aspect_label(training_examples):
    unlabelled = [e.get(TEXT) for e in training_examples if label_of(e) is None]
    assert not unlabelled, f"{len(unlabelled)} example(s) without metadata.aspect, e.g. {unlabelled[:5]}"
    assert {label_of(e) for e in training_examples} <= set(LABELS)


def test_every_aspect_is_taught_and_small_talk_asks_none(training_examples):
    counts = Counter(label_of(e) for e in training_examples)
    assert all(counts[aspect] >= 10 for aspect in ASPECTS), counts
    assert all(label_of(e) == NONE for e in training_examples if e.get(INTENT) in NO_ASPECT_INTENTS)


def test_every_held_out_example_carries_an_aspect_label():
    examples = load_data(str(paths.REPO_ROOT / "tests" / "nlu_heldout.yml")).intent_examples
    assert len(examples) > 300 and all(label_of(e) in LABELS for e in examples)


def test_an_unknown_label_is_an_error():
    message = Message.build("失业金多少", "ask_unemployment_benefit", intent_metadata={"aspect": "price"})
    with pytest.raises(ValueError, match="price"):
        label_of(message)


def test_ngrams_mark_the_start_and_end_and_ignore_case_and_spaces():
    grams = ngrams("能领 吗")
    assert "吗\x03" in grams and "\x02能" in grams and "领吗" in grams
    assert ngrams("ABC") == ngrams("a b c")


# A small training set of our own: the cue words of each aspect around a few topics.
SMALL = {
    "amount": ["失业金每月多少钱", "基数下限是多少", "社保个人扣多少", "补助金标准是多少", "滞纳金交多少钱"],
    "duration": ["失业金能领几个月", "补助最长领多久", "缓缴最长几个月", "能领多长时间", "补贴发几个月"],
    "eligibility": ["辞职了能领失业金吗", "我能申请补贴吗", "个体户可以缓缴吗", "有没有补助", "能享受减免吗"],
    "procedure": ["失业金怎么申请", "要带什么材料", "去哪里办理", "网上怎么办", "补贴怎么申领"],
    NONE: ["你好", "谢谢你", "好的", "北京", "再见"],
}


def small_data() -> TrainingData:
    return TrainingData(
        [
            Message.build(text, "ask_x", intent_metadata={"aspect": aspect})
            for aspect, texts in SMALL.items()
            for text in texts
        ]
    )


def test_model_arrays_equal_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    texts = [t for ts in SMALL.values() for t in ts]
    labels = [a for a, ts in SMALL.items() for _ in ts]
    model = AspectModel.fit(texts, labels, c=10.0)
    reference = LogisticRegression(C=10.0, max_iter=3000, random_state=0).fit(model.features(texts), labels)
    for text in ["稳岗返还返多少", "技能补贴能领吗", "", "完全没见过的字"]:
        mine = model.probabilities(text)
        theirs = reference.predict_proba(model.features([text]))[0]
        assert np.allclose([mine[c] for c in reference.classes_], theirs, atol=1e-12)


def test_two_aspects_are_a_valid_model():
    model = AspectModel.fit(
        ["多少钱", "多少", "怎么办", "怎么申请"], ["amount", "amount", "procedure", "procedure"], 10.0
    )
    assert model.predict("补贴多少钱")[0] == "amount" and model.predict("怎么申请补贴")[0] == "procedure"


def test_model_survives_saving_and_rejects_a_damaged_file(tmp_path):
    model = AspectModel.fit(
        [t for ts in SMALL.values() for t in ts], [a for a, ts in SMALL.items() for _ in ts], 10.0
    )
    model.save(tmp_path / MODEL_FILE)
    loaded = AspectModel.load(tmp_path / MODEL_FILE)
    assert loaded.labels == model.labels and loaded.vocabulary == model.vocabulary
    assert loaded.probabilities("失业金能领几个月") == model.probabilities("失业金能领几个月")
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(RuntimeError, match="cannot read"):
        AspectModel.load(tmp_path / "bad.npz")


def trained(tmp_path, training: TrainingData, **config) -> AspectClassifier:
    storage, resource = LocalModelStorage(tmp_path), Resource("aspect")
    context = ExecutionContext(GraphSchema({}), "test")
    AspectClassifier.create(
        {**AspectClassifier.get_default_config(), **config}, storage, resource, context
    ).train(training)
    return AspectClassifier.load(
        {**AspectClassifier.get_default_config(), **config}, storage, resource, context
    )


def parsed(component: AspectClassifier, text: str, intent: str = "ask_unemployment_benefit") -> Message:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    component.process([message])
    return message


def test_a_trained_tiny_pipeline_reads_new_questions_and_each_sub_question(tmp_path):
    component = trained(tmp_path, small_data(), combination="model")
    assert component.model is not None
    assert parsed(component, "稳岗返还每年返多少钱").get("aspect") == "amount"
    assert parsed(component, "技能提升补贴最长可以发几个月").get("aspect") == "duration"
    assert parsed(component, "农民工能领临时补助吗").get("aspect") == "eligibility"
    two = parsed(component, "失业补助金每月多少钱？要去哪里办理")
    assert [q["aspect"] for q in two.get("questions")] == ["amount", "procedure"]
    assert two.get("aspect") == "amount" and two.get("questions")[0]["topic"] == "ask_unemployment_benefit"


def test_an_explicit_aspect_word_decides_before_the_model(tmp_path):
    # the tiny model has never seen 电话; the word lists name it a contact question
    component = trained(tmp_path, small_data(), combination="word_then_model")
    assert parsed(component, "失业金的事打哪个电话").get("aspect") == "contact"
    model = component.model
    assert combine("失业金的事打哪个电话", model, "model") != "contact"
    # the shipped combination: the model when sure enough, else the explicit word
    assert combine("失业金的事打哪个电话", model, "model_then_word", threshold=1.01) == "contact"
    assert combine("失业金的事打哪个电话", model, "model_then_word", threshold=0.0) == combine(
        "失业金的事打哪个电话", model, "model"
    )
    with pytest.raises(ValueError, match="combination"):
        combine("失业金", model, "guess")


def test_without_labels_the_word_lists_decide(tmp_path):
    unlabelled = TrainingData([Message.build("失业金多少", "ask_x"), Message.build("你好", "greet")])
    component = trained(tmp_path, unlabelled)
    assert component.model is None
    for text in ["失业金能领几个月", "稳岗返还怎么申请", "北京失业金"]:
        assert parsed(component, text).get("aspect") == aspect_of(text)


@pytest.mark.parametrize("text", ["", "😀😀😀", "🙏", "社保" * 2500, "???", "/greet"])
def test_bad_input_gets_no_aspect_or_a_valid_one_and_never_an_error(tmp_path, text):
    component = trained(tmp_path, small_data())
    message = parsed(component, text)
    assert message.get("aspect") in (*ASPECTS, None)
    assert all(q["aspect"] in (*ASPECTS, None) for q in message.get("questions") or [])
    assert component.model is not None and component.model.predict(text)[0] in LABELS


# New questions written for this test in users' style (not in the training data or the evaluation sets).
NEW_QUESTIONS = [
    ("我老婆在天津交了三年失业保险，现在被裁了，每个月到手能有多少", "amount"),
    ("像我这种交了六年的，失业金能连着领多长时间", "duration"),
    ("我是自己不想干了走的，这样还有资格拿失业金不", "eligibility"),
    ("公司想申请稳岗返还，得满足哪些硬性要求", "conditions"),
    ("去社保大厅办失业登记，身份证以外还得拿啥", "procedure"),
    ("今年缓下来的那几个月社保，最迟啥时候得补齐", "deadline"),
    ("宽城区社保分局的座机号码麻烦发我一下", "contact"),
    ("失业补助金跟农民工的临时生活补助，到底哪儿不一样", "comparison"),
    ("老板说试用期不用给我交社保，这么干合法吗", "legality"),
    ("谢谢啦，问完了", None),
    ("北京这边失业补助金一个月给发多少钱啊", "amount"),
    ("灵活就业的养老保险现在还能不能暂停不交", "eligibility"),
    ("技能提升补贴要在拿证以后几个月之内申请", "deadline"),
    ("申请缓缴社保得准备哪些证明材料", "procedure"),
    ("长春和北京的失业金标准差多少", "comparison"),
]


@pytest.fixture(scope="module")
def agent():
    import asyncio

    from rasa.core.agent import Agent

    from tests.rasa_harness import ensure_model

    loop = asyncio.new_event_loop()
    loaded = Agent.load(str(ensure_model()))
    yield lambda text: loop.run_until_complete(loaded.parse_message(text))
    loop.close()


@pytest.mark.model
def test_the_project_model_reads_the_aspect_of_new_questions(agent):
    wrong = [(text, aspect, agent(text).get("aspect")) for text, aspect in NEW_QUESTIONS]
    wrong = [w for w in wrong if w[1] != w[2]]
    # A model, not a lookup: at least 80% right. The shipped model misses three of these fifteen (docs/
    # answering.md, "Known limits"): 这么干合法吗 read as a yes/no (no 合法 / 违法 wording among the legality
    # examples), 还有资格拿失业金不 as conditions (资格), 长春和北京的失业金标准差多少 as an amount.
    assert len(wrong) <= len(NEW_QUESTIONS) // 5, wrong


@pytest.mark.model
def test_the_project_model_classifies_each_sub_question(agent):
    parse = agent("长春灵活就业最低一档每月交多少？另外个体户能不能申请缓缴")
    assert [q["aspect"] for q in parse["questions"]] == ["amount", "eligibility"]
    assert parse["aspect"] == "amount"


@pytest.mark.model
@pytest.mark.parametrize("text", ["", "😀😀😀", "社保" * 2500, "asdfgh"])
def test_the_project_model_takes_bad_input(agent, text):
    parse = agent(text)
    assert parse.get("aspect") in (*ASPECTS, None)
