"""Evaluate the shipped NLU model on the held-out set (tests/nlu_heldout.yml) beside a simple baseline.

Reports intent accuracy, per-intent precision/recall/F1, entity precision/recall/F1 (exact type and span
of the words the user typed), out-of-scope precision and recall, the share of in-scope questions
rejected (out_of_scope or fallback), and the worst confusions. The baseline — TF-IDF over jieba tokens
plus logistic regression (scikit-learn), trained on the same training data — is scored on the same set.
Prints the report and writes reports/eval.md and reports/eval.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from scripts.check_nlu_data import Example, read_examples

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "nlu_heldout.yml"
REJECT = {"out_of_scope", "nlu_fallback"}


def training_examples() -> list[Example]:
    return [e for p in sorted((ROOT / "data" / "nlu").glob("*.yml")) if p.name != "lookups.yml" for e in read_examples(p)]


def correct(gold: str, predicted: str) -> bool:
    """The right intent; for an out-of-scope message, any rejection (out_of_scope or the fallback), since
    both give the same kind of reply: what the assistant can do and a hotline, never a policy figure."""
    return gold == predicted or (gold == "out_of_scope" and predicted in REJECT)


def intent_report(gold: list[str], predicted: list[str]) -> dict:
    labels = sorted(set(gold))
    per_intent = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    accuracy = sum(correct(g, p) for g, p in zip(gold, predicted, strict=True)) / len(gold)
    oos_gold = [g == "out_of_scope" for g in gold]
    oos_pred = [p in REJECT for p in predicted]
    caught = sum(a and b for a, b in zip(oos_gold, oos_pred, strict=True))
    in_scope = [not g for g in oos_gold]
    rejected_in_scope = sum(a and b for a, b in zip(in_scope, oos_pred, strict=True))
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if not correct(g, p))
    return {
        "accuracy": accuracy,
        "macro_f1": sum(v["f1"] for v in per_intent.values()) / len(per_intent),
        "per_intent": per_intent,
        "oos_recall": caught / sum(oos_gold) if sum(oos_gold) else 0.0,
        "oos_precision": caught / sum(oos_pred) if sum(oos_pred) else 0.0,
        "in_scope_rejected": rejected_in_scope / sum(in_scope) if sum(in_scope) else 0.0,
        "confusions": [[g, p, n] for (g, p), n in confusions.most_common(12)],
    }


def entity_report(gold: list[set], predicted: list[set]) -> dict:
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    by_type: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, predicted, strict=True):
        for item in g & p:
            by_type[item[2]]["tp"] += 1
        for item in p - g:
            by_type[item[2]]["fp"] += 1
        for item in g - p:
            by_type[item[2]]["fn"] += 1
    types = {}
    for kind, c in sorted(by_type.items()):
        pr = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        rc = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        types[kind] = {"precision": pr, "recall": rc, "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0,
                       "support": c["tp"] + c["fn"]}
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0, "per_type": types}


def evaluate_model(model: Path, examples: list[Example]) -> tuple[list[str], list[set], list[str]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    intents, entities, errors = [], [], []
    for example in examples:
        parsed = loop.run_until_complete(agent.parse_message(example.text))
        intent = parsed["intent"]["name"]
        intents.append(intent)
        found = {(e.get("original_start", e["start"]), e.get("original_end", e["end"]), e["entity"])
                 for e in parsed.get("entities", [])}
        entities.append(found)
        if not correct(example.intent, intent):
            errors.append(f"{example.intent} → {intent} ({parsed['intent']['confidence']:.2f}): {example.text}")
    return intents, entities, errors


def evaluate_baseline(train: list[Example], examples: list[Example]) -> list[str]:
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    jieba.setLogLevel(logging.WARNING)
    vectorizer = TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None, lowercase=True)
    features = vectorizer.fit_transform([e.text for e in train])
    classifier = LogisticRegression(max_iter=2000, C=10, random_state=42)
    classifier.fit(features, [e.intent for e in train])
    return list(classifier.predict(vectorizer.transform([e.text for e in examples])))


def markdown(report: dict) -> str:
    model, base, ent = report["model"], report["baseline"], report["entities"]
    pct = lambda x: f"{x * 100:.1f}%"  # noqa: E731
    lines = [
        "# NLU evaluation on the held-out set",
        "",
        f"Held-out set: `tests/nlu_heldout.yml`, {report['n']} utterances ({report['n_oos']} out of scope), written "
        "independently of the training data (Traditional characters, full-width digits, Chinese numerals, typos, "
        f"English mixing, long messages). Model: `{report['model_file']}`. Generated by `make eval`. "
        "Intent accuracy counts an out-of-scope message rejected by the fallback as correct (same reply kind); "
        "per-intent figures are strict.",
        "",
        "| metric | shipped pipeline | baseline (TF-IDF + logistic regression) | goal |",
        "|---|---:|---:|---|",
        f"| intent accuracy | **{pct(model['accuracy'])}** | {pct(base['accuracy'])} | ≥ 95% |",
        f"| intent macro-F1 | {model['macro_f1']:.3f} | {base['macro_f1']:.3f} | |",
        f"| out-of-scope recall | **{pct(model['oos_recall'])}** | {pct(base['oos_recall'])} | ≥ 95% |",
        f"| out-of-scope precision | {pct(model['oos_precision'])} | {pct(base['oos_precision'])} | |",
        f"| in-scope questions rejected | **{pct(model['in_scope_rejected'])}** | {pct(base['in_scope_rejected'])} | ≤ 2% |",
        f"| entity F1 (P / R) | **{ent['f1']:.3f}** ({ent['precision']:.3f} / {ent['recall']:.3f}) | — (no entities) | ≥ 0.90 |",
        "",
        "## Per intent (shipped pipeline)",
        "",
        "| intent | precision | recall | F1 | n |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {k} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |"
              for k, v in model["per_intent"].items()]
    lines += ["", "## Entities by type", "", "| entity | precision | recall | F1 | n |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {k} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |" for k, v in ent["per_type"].items()]
    lines += ["", "## Worst confusions (gold → predicted)", ""]
    lines += [f"- {g} → {p}: {n}" for g, p, n in model["confusions"]] or ["- none"]
    lines += ["", "## Misclassified utterances", ""] + [f"- {e}" for e in report["errors"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, help="model file (default: the one scripts/model.py keeps)")
    args = parser.parse_args()
    if args.model is None:
        from scripts.model import model_path

        args.model = model_path()
    examples = read_examples(HELDOUT)
    gold_entities = [set(e.entities) for e in examples]
    intents, entities, errors = evaluate_model(args.model, examples)
    baseline = evaluate_baseline(training_examples(), examples)
    gold = [e.intent for e in examples]
    report = {
        "n": len(examples), "n_oos": sum(g == "out_of_scope" for g in gold), "model_file": args.model.name,
        "model": intent_report(gold, intents), "baseline": intent_report(gold, baseline),
        "entities": entity_report(gold_entities, entities), "errors": errors,
    }
    out = ROOT / "reports"
    out.mkdir(exist_ok=True)
    (out / "eval.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    text = markdown(report)
    (out / "eval.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
