"""Example questions of passages (bot/passages/examples.py, data/policy/passage_questions.yml): attached to
the right passage, scored by resemblance, bad files named, and the index rebuilt when they change."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import yaml

from bot import paths
from bot.passages import PassageIndex
from bot.passages.examples import (
    EXAMPLES_FILE,
    ExampleEntry,
    ExampleError,
    ExampleMatcher,
    attach,
    read_examples,
)


@pytest.fixture(scope="module")
def index() -> PassageIndex:
    return PassageIndex.load()


def _passage(index: PassageIndex, document: str, phrase: str) -> int:
    found = [i for i, p in enumerate(index.passages) if p.document_id == document and phrase in p.text]
    assert len(found) == 1, (document, phrase, found)
    return found[0]


# -- the data file ------------------------------------------------------------------------------------------


def test_every_entry_of_the_data_file_names_one_passage(index):
    entries = read_examples(paths.POLICY_DATA_DIR)
    assert len(entries) > 100
    pairs = attach(entries, index.passages)  # raises, naming the entry, if a quote is lost
    assert len(pairs) >= sum(len(entry.questions) for entry in entries)
    assert all(q.strip() for _, q in pairs)


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def test_no_example_is_near_a_question_that_measures_the_assistant():
    """The examples help the index: the labelled retrieval questions (the fresh and fresh2 ones written
    after the examples too) and the held-out reply-quality sets (set_d, and set_t written after the
    examples) stay apart from them, not only verbatim but as near
    paraphrases (character pairs shared: at most 60% of both together)."""
    labels = yaml.safe_load((paths.REPO_ROOT / "tests/passages/retrieval.yml").read_text(encoding="utf-8"))
    measured = [item["q"] for half in ("calibration", "test", "fresh", "fresh2") for item in labels[half]]
    for name in ("set_d.yml", "set_t.yml"):
        cases = yaml.safe_load((paths.REPO_ROOT / "tests/reply_quality" / name).read_text(encoding="utf-8"))
        measured += [turn for case in cases["cases"] for turn in case["turns"]]
    measured_pairs = [_pairs(q) for q in measured]
    near = [
        question
        for entry in read_examples(paths.POLICY_DATA_DIR)
        for question in entry.questions
        if any(len(_pairs(question) & p) >= 0.6 * len(_pairs(question) | p) for p in measured_pairs)
    ]
    assert near == []


def test_a_quote_in_no_passage_is_named(index):
    entries = [
        ExampleEntry("cc_2020_1", "网上办事将作为占主导地位的经办服务模式", ("长春能网上办吗",)),
        ExampleEntry("cc_2020_1", "这句话不在任何段落里", ("随便问问",)),
    ]
    with pytest.raises(ExampleError) as raised:
        attach(entries, index.passages)
    assert len(raised.value.issues) == 1 and "passages[1]" in raised.value.issues[0]
    assert "no passage" in raised.value.issues[0]


def test_a_quote_in_two_different_passages_is_named(index):
    with pytest.raises(ExampleError, match="2 different passages"):
        attach(
            [ExampleEntry("bj_ui_2020_8", "失业保险金月发放标准为1843元", ("北京失业金多少",))],
            index.passages,
        )


def test_a_whole_passage_quoted_names_it_where_a_longer_one_repeats_it(index):
    text = "（二）累计缴费时间满5年不满10年的，失业保险金月发放标准为1843元；"
    holding = [i for i, p in enumerate(index.passages) if p.document_id == "bj_ui_2020_8" and text in p.text]
    own = next(i for i in holding if index.passages[i].text == text)
    assert len(holding) == 2  # the notice's item and its interpretation's list of all items
    pairs = attach([ExampleEntry("bj_ui_2020_8", text, ("北京交了6年失业保险能领多少",))], index.passages)
    assert pairs == [(own, "北京交了6年失业保险能领多少")]


@pytest.mark.parametrize(
    "content",
    [
        "passages: [{document: cc_2020_1}]",
        "passages: [{quote: 企业应于30日内}]",
        "passages: [{document: cc_2020_1, quote: 企业应于30日内, questions: 不是列表}]",
        "passages: [{document: cc_2020_1, quote: 企业应于30日内, questions: ['']}]",
        "passages: [{document: cc_2020_1, quote: 企业应于30日内, questions: [1, 2]}]",
        "passages: [: : :",
    ],
)
def test_a_malformed_file_is_an_error_not_a_crash(tmp_path, content):
    (tmp_path / EXAMPLES_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(ExampleError):
        read_examples(tmp_path)


def test_no_file_means_no_examples(tmp_path):
    assert read_examples(tmp_path) == []


# -- scoring ------------------------------------------------------------------------------------------------


def test_the_passage_of_the_most_similar_example_scores_highest(index):
    matcher = ExampleMatcher(
        index._tokenizer,
        [(0, "公司刚注册社保怎么开户"), (1, "失业金被停了怎么恢复"), (1, "单位经办人换人了要办什么")],
        3,
    )
    scores = matcher.scores("新注册的公司社保怎么开户啊")
    assert scores[0] > 0.5 and scores[0] > scores[1] and scores[2] == 0
    assert matcher.scores("公司刚注册社保怎么开户")[0] == pytest.approx(1.0)


@pytest.mark.parametrize("text", ["", "   ", "？？？", "的了吗"])
def test_a_question_without_words_scores_nothing(index, text):
    matcher = ExampleMatcher(index._tokenizer, [(0, "公司刚注册社保怎么开户")], 2)
    assert not np.any(matcher.scores(text))


def test_no_examples_scores_nothing(index):
    matcher = ExampleMatcher(index._tokenizer, [], 4)
    assert len(matcher) == 0 and not np.any(matcher.scores("失业金能领多久"))


# -- in the index -------------------------------------------------------------------------------------------


def test_a_users_words_find_the_passage_through_its_examples(tmp_path):
    """A colloquial question whose words miss the Changchun passage on changing the contact person of an
    employer; an example question in the same words leads to it."""
    seeds, policy = tmp_path / "seeds", tmp_path / "policy"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    policy.mkdir()
    for name in ("passages.yml", "documents.yml", "regions.yml"):
        shutil.copy(paths.POLICY_DATA_DIR / name, policy / name)
    question = "公司管社保的小姑娘离职了，换个人接手要走啥流程"
    without = PassageIndex.load(seeds, policy)
    target = _passage(without, "cc_2020_1", "单位经办人员信息登记备案")
    (policy / EXAMPLES_FILE).write_text(
        "passages:\n  - document: cc_2020_1\n    quote: 单位经办人员信息登记备案\n"
        "    questions: [公司管社保的人离职了换人接手走什么流程]\n",
        encoding="utf-8",
    )
    with_examples = PassageIndex.load(seeds, policy)
    assert with_examples is not without  # the examples file is part of the fingerprint
    before = without.search(question, region="changchun", limit=1)
    after = with_examples.search(question, region="changchun", limit=1)
    assert before[0].passage.id != without.passages[target].id  # the words alone miss it …
    assert after[0].passage.id == without.passages[target].id  # … the example finds it


def test_a_broken_examples_file_stops_the_build_with_the_entry_named(tmp_path):
    seeds, policy = tmp_path / "seeds", tmp_path / "policy"
    shutil.copytree(paths.SEEDS_DIR, seeds)
    policy.mkdir()
    for name in ("passages.yml", "documents.yml", "regions.yml"):
        shutil.copy(paths.POLICY_DATA_DIR / name, policy / name)
    (policy / EXAMPLES_FILE).write_text(
        "passages:\n  - {document: tj_2020_91, quote: 文件里没有的一句话, questions: [问]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ExampleError, match=r"passages\[0\]"):
        PassageIndex.load(seeds, policy)
