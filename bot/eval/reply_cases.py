"""The reply-quality case format of ``tests/reply_quality/README.md``: reading and checking case files.

A file holds ``cases:``, a list of mappings. Reading never raises on bad content: every problem found (a
file that is not YAML, a case with a missing or mistyped field, an unknown category or aspect, a duplicate
id) becomes a :class:`CaseProblem`, so the runner can grade a broken case bad and the set checks can fail
with all problems listed at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The categories with the minimum number of cases the README asks for, then those without a minimum.
CATEGORY_MINIMUMS: dict[str, int] = {
    "yes_no": 60,
    "duration_timing": 40,
    "procedure": 40,
    "two_questions": 40,
    "neighbour_trap": 40,
    "uncovered_place_year": 40,
    "passage": 40,
    "multi_turn": 30,
}
CATEGORIES: tuple[str, ...] = (
    *CATEGORY_MINIMUMS,
    "amount",
    "conditions",
    "comparison",
    "definition",
    "contact",
    "uncovered_topic",
    "legality",
)
ASPECTS: tuple[str, ...] = (
    "amount",
    "duration",
    "eligibility",
    "conditions",
    "procedure",
    "deadline",
    "contact",
    "comparison",
    "definition",
    "legality",
    "out_of_scope",
    "not_covered",
)
# Topics that are not intents: out_of_scope is both (the intent, and a neighbouring domain in general).
SPECIAL_TOPICS: tuple[str, ...] = ("out_of_scope", "not_covered", "passage")
REQUIRED_FIELDS = ("id", "category", "topic", "aspect", "turns")
OPTIONAL_FIELDS = ("first_line", "must", "must_not", "no_figures", "note")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*-\d+$")
INVALID_CATEGORY = "invalid"  # the category reported for a case that could not be read


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    topics: tuple[str, ...]  # acceptable topics (intent names or SPECIAL_TOPICS)
    aspect: str
    turns: tuple[str, ...]  # the user's messages, in order; the last one's reply is graded
    first_line: tuple[str, ...] = ()  # ANY of these in the first line of the reply (empty: no condition)
    must: tuple[tuple[str, ...], ...] = ()  # EVERY item present; an item is satisfied by ANY of its strings
    must_not: tuple[str, ...] = ()  # NONE present
    no_figures: bool = False  # no amount or rate allowed in the reply
    note: str = ""
    source: str = ""  # file name the case came from


@dataclass(frozen=True)
class CaseProblem:
    source: str  # file name
    case: str  # the case id, or "#<index>" when it has none, or "" for the whole file
    message: str
    category: str = INVALID_CATEGORY  # the case's category when it is a known one (for the report)
    aspect: str = INVALID_CATEGORY  # likewise its aspect
    turns: tuple[str, ...] = ()  # the case's turns when readable (for the report)

    def __str__(self) -> str:
        where = f"{self.source} {self.case}".strip()
        return f"{where}: {self.message}"


@dataclass
class CaseSet:
    cases: list[Case] = field(default_factory=list)
    problems: list[CaseProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # names of the files read
    # files marked ``held_out: true``: their failures are scored but never listed (see the README)
    held_out: set[str] = field(default_factory=set)


def _strings(value: Any, name: str, problems: list[str], *, allow_empty: bool = True) -> tuple[str, ...]:
    """A string or a list of non-empty strings, as a tuple; anything else is a problem. An integer is taken
    as its digits (YAML reads an unquoted ``12333`` or ``8000`` as a number)."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, list):
        value = [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{name} must be a string or a list of non-empty strings, not {value!r}")
        return ()
    if not value and not allow_empty:
        problems.append(f"{name} must not be empty")
    return tuple(value)


def _must_items(value: Any, problems: list[str]) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        problems.append(f"must must be a list, not {value!r}")
        return ()
    items = []
    for item in value:
        alternatives = _strings(item, "each must item", problems, allow_empty=False)
        if alternatives:
            items.append(alternatives)
    return tuple(items)


def parse_case(
    raw: Any, source: str = "", known_topics: Iterable[str] | None = None
) -> tuple[Case | None, list[str]]:
    """The case of one raw mapping and the problems found; the case is None when there is any problem.

    ``known_topics``: the accepted topic names (intents and special topics); None skips that check."""
    if not isinstance(raw, Mapping):
        return None, [f"a case must be a mapping, not {type(raw).__name__}"]
    problems: list[str] = []
    missing = [name for name in REQUIRED_FIELDS if raw.get(name) in (None, "", [])]
    if missing:
        problems.append(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(str(key) for key in raw if key not in REQUIRED_FIELDS + OPTIONAL_FIELDS)
    if unknown:
        problems.append(f"unknown field(s): {', '.join(unknown)}")
    case_id = raw.get("id")
    if case_id is not None and not (isinstance(case_id, str) and ID_PATTERN.match(case_id)):
        problems.append(f"id {case_id!r} is not <category prefix>-<number>")
    category, aspect = raw.get("category"), raw.get("aspect")
    if category is not None and category not in CATEGORIES:
        problems.append(f"unknown category {category!r}")
    if aspect is not None and aspect not in ASPECTS:
        problems.append(f"unknown aspect {aspect!r}")
    topics = _strings(raw.get("topic", []), "topic", problems)
    if known_topics is not None:
        allowed = set(known_topics) | set(SPECIAL_TOPICS)
        strange = [topic for topic in topics if topic not in allowed]
        if strange:
            problems.append(f"unknown topic(s): {', '.join(strange)}")
    turns = _strings(raw.get("turns", []), "turns", problems)
    first_line = _strings(raw.get("first_line") or [], "first_line", problems)
    must = _must_items(raw.get("must") or [], problems)
    must_not = _strings(raw.get("must_not") or [], "must_not", problems)
    no_figures = raw.get("no_figures", False)
    if not isinstance(no_figures, bool):
        problems.append(f"no_figures must be true or false, not {no_figures!r}")
    note = raw.get("note") or ""
    if not isinstance(note, str):
        problems.append("note must be a string")
    if problems:
        return None, problems
    assert isinstance(case_id, str) and isinstance(category, str) and isinstance(aspect, str)  # checked above
    return Case(
        id=case_id,
        category=category,
        topics=topics,
        aspect=aspect,
        turns=turns,
        first_line=first_line,
        must=must,
        must_not=must_not,
        no_figures=no_figures,
        note=note,
        source=source,
    ), []


def _readable_turns(raw: Any) -> tuple[str, ...]:
    turns = raw.get("turns") if isinstance(raw, Mapping) else None
    if isinstance(turns, str):
        return (turns,)
    return tuple(str(t) for t in turns) if isinstance(turns, list) else ()


def read_file(path: Path, known_topics: Iterable[str] | None = None) -> CaseSet:
    """The cases of one file and the problems found in it."""
    result = CaseSet(files=[path.name])
    known = None if known_topics is None else tuple(known_topics)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        result.problems.append(CaseProblem(path.name, "", f"cannot read the file: {error}"))
        return result
    raw_cases = data.get("cases") if isinstance(data, Mapping) else None
    if not isinstance(raw_cases, list):
        result.problems.append(
            CaseProblem(path.name, "", "the file must hold a mapping with a list under 'cases'")
        )
        return result
    held_out = data.get("held_out", False)
    if not isinstance(held_out, bool):
        result.problems.append(CaseProblem(path.name, "", "held_out must be true or false"))
    elif held_out:
        result.held_out.add(path.name)
    for index, raw in enumerate(raw_cases, 1):
        case, problems = parse_case(raw, path.name, known)
        if case is not None:
            result.cases.append(case)
            continue
        case_id = raw["id"] if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) else f"#{index}"
        category, aspect = (
            (raw.get("category"), raw.get("aspect")) if isinstance(raw, Mapping) else (None, None)
        )
        result.problems.append(
            CaseProblem(
                path.name,
                case_id,
                "; ".join(problems),
                category if category in CATEGORIES else INVALID_CATEGORY,
                aspect if aspect in ASPECTS else INVALID_CATEGORY,
                _readable_turns(raw),
            )
        )
    return result


def read_set(directory: Path, known_topics: Iterable[str] | None = None) -> CaseSet:
    """Every ``*.yml`` file of ``directory`` in name order; a duplicate id is a problem (first one kept)."""
    known = None if known_topics is None else tuple(known_topics)
    result = CaseSet()
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")):
        part = read_file(path, known)
        result.files += part.files
        result.held_out |= part.held_out
        result.problems += part.problems
        for case in part.cases:
            if case.id in seen:
                result.problems.append(
                    CaseProblem(
                        case.source,
                        case.id,
                        f"duplicate id (first in {seen[case.id]})",
                        case.category,
                        case.aspect,
                        case.turns,
                    )
                )
                continue
            seen[case.id] = case.source
            result.cases.append(case)
    return result


def category_shortfalls(cases: Iterable[Case]) -> dict[str, tuple[int, int]]:
    """Categories with fewer cases than the README's minimum: category -> (cases, minimum)."""
    counts = {category: 0 for category in CATEGORY_MINIMUMS}
    for case in cases:
        if case.category in counts:
            counts[case.category] += 1
    return {
        category: (counts[category], minimum)
        for category, minimum in CATEGORY_MINIMUMS.items()
        if counts[category] < minimum
    }
