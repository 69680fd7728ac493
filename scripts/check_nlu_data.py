"""Check NLU example files against the conventions of docs/nlu-guide.md.

For every example: the text is already normalised, each annotated entity matches what the deterministic
extractor finds (same span and type), annotations align with jieba tokens, and no example is duplicated.
Usage: python scripts/check_nlu_data.py [FILE ...]   (default: data/nlu/*.yml). Exit 1 on any problem.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import paths
from bot.kb.store import PolicyStore
from bot.text.entities import Lexicon, extract
from bot.text.normalize import normalize

ANNOTATION = re.compile(r"\[([^\]]+)\]\((\w+)\)|\[([^\]]+)\]\{[^}]*\"entity\":\s*\"(\w+)\"[^}]*\}")
TODAY = dt.date(2026, 11, 22)


@dataclass(frozen=True)
class Example:
    file: str
    intent: str
    text: str
    entities: tuple[tuple[int, int, str], ...]


def parse_example(raw: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Plain text and (start, end, entity) annotations of one Rasa-annotated example."""
    text, entities, last = "", [], 0
    for match in ANNOTATION.finditer(raw):
        text += raw[last : match.start()]
        value = match.group(1) or match.group(3)
        entity = match.group(2) or match.group(4)
        entities.append((len(text), len(text) + len(value), entity))
        text += value
        last = match.end()
    text += raw[last:]
    return text, tuple(entities)


def read_examples(path: Path) -> list[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples = []
    for block in data.get("nlu") or ():
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                text, entities = parse_example(line[2:].strip())
                examples.append(Example(path.name, block["intent"], text, entities))
    return examples


def tokenizer():
    """A jieba of its own with the domain dictionary loaded once, as Rasa's tokenizer has it in a fresh
    process. Not the global one: every load_userdict adds the words' counts to jieba's total again, so in a
    process that loaded the dictionary several times (the test suite) rare compounds such as 云南旅游 would
    start to outweigh 云南 + 旅游 and the check would depend on what ran before it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    own = jieba.Tokenizer()
    own.initialize()
    for path in sorted(paths.JIEBA_DICT_DIR.glob("*.txt")):
        own.load_userdict(str(path))
    return own


def check(files: list[Path]) -> list[str]:
    lexicon = Lexicon.from_store(PolicyStore.from_data())
    jieba = tokenizer()
    problems: list[str] = []
    examples = [example for path in files for example in read_examples(path)]
    seen = Counter(example.text for example in examples)
    for example in examples:
        where = f"{example.file} [{example.intent}] {example.text!r}"
        if seen[example.text] > 1:
            problems.append(f"{where}: duplicated example")
        normalized = normalize(example.text).text
        if normalized != example.text:
            problems.append(f"{where}: not normalised (should read {normalized!r})")
            continue
        found = {(e.start, e.end, e.entity) for e in extract(example.text, lexicon, TODAY)}
        annotated = set(example.entities)
        for start, end, entity in sorted(annotated - found):
            problems.append(
                f"{where}: annotated {entity} {example.text[start:end]!r} but the extractor does not find it"
            )
        for start, end, entity in sorted(found - annotated):
            problems.append(
                f"{where}: extractor finds {entity} {example.text[start:end]!r} but it is not annotated"
            )
        boundaries = set()
        position = 0
        for token in jieba.lcut(example.text):
            boundaries |= {position, position + len(token)}
            position += len(token)
        for start, end, entity in annotated:
            if start not in boundaries or end not in boundaries:
                problems.append(
                    f"{where}: {entity} {example.text[start:end]!r} does not align with jieba tokens"
                )
    counts = Counter(example.intent for example in examples)
    print("examples per intent: " + ", ".join(f"{intent} {n}" for intent, n in sorted(counts.items())))
    return problems


def main() -> int:
    files = [Path(arg) for arg in sys.argv[1:]] or sorted((paths.REPO_ROOT / "data" / "nlu").glob("*.yml"))
    files = [f for f in files if f.name != "lookups.yml"]
    problems = check(files)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
