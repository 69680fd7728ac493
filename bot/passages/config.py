"""Read data/policy/passages.yml (boundary map, OCR fixes, synonyms, threshold) and the document metadata.

Every problem is collected and raised at once as :class:`PassageConfigError`, naming the key, so an editor
who mistypes an anchor or a document id sees all mistakes together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.kb.model import Document

PASSAGES_FILE = "passages.yml"


class PassageConfigError(ValueError):
    """passages.yml (or the documents it names) is invalid; ``issues`` lists every problem."""

    def __init__(self, issues: list[str]):
        self.issues = issues
        super().__init__("problem(s) in the passage configuration:\n" + "\n".join(f"  - {i}" for i in issues))


@dataclass(frozen=True, slots=True)
class Segment:
    """One document (or one part of it) inside a seed file, starting at ``anchor``."""

    document: str
    anchor: str
    part: str = ""
    undated: bool = False
    excluded_unless_asked: bool = False


@dataclass(frozen=True, slots=True)
class OcrFix:
    seed: str
    context: str
    wrong: str
    right: str


@dataclass(frozen=True, slots=True)
class RegionInfo:
    id: str
    parent: str | None
    names: tuple[str, ...]  # name, short name and aliases, as users type them


@dataclass
class PassageConfig:
    segments: dict[str, list[Segment]]  # seed file name → its documents in order
    documents: dict[str, Document]  # documents.yml plus extra_documents
    regions: dict[str, RegionInfo]
    ocr_fixes: list[OcrFix]
    synonyms: list[tuple[str, ...]]  # groups of words that say the same thing
    asked_words: tuple[str, ...]
    threshold: float  # the lowest score at which a passage is quoted
    # the lowest score at which a quoted passage is given as the answer; between the two it is quoted as the
    # nearest text, with the line (both written by scripts/evaluate_passages.py)
    answer_threshold: float
    other_cities: tuple[str, ...] = field(default=())  # cities the data does not cover (vocabulary.yml)

    def region_chain(self, region: str) -> list[str]:
        """The region and its parents, nearest first: changchun → jilin → national."""
        chain: list[str] = []
        while region in self.regions and region not in chain:
            chain.append(region)
            region = self.regions[region].parent or ""
        return chain


try:  # libyaml's loader is several times faster where it is installed
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YamlLoader = yaml.SafeLoader


def _read(path: Path, issues: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_YamlLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        issues.append(f"{path.name}: cannot read: {exc}")
        return {}


def _document(doc_id: str, raw: dict, source: str, issues: list[str]) -> Document | None:
    missing = [name for name in ("number", "title", "issuer", "region") if not raw.get(name)]
    if missing:
        issues.append(f"{source}: {doc_id}: missing {', '.join(missing)}")
        return None
    issued = raw.get("issued")
    if isinstance(issued, str):
        try:
            issued = dt.date.fromisoformat(issued)
        except ValueError:
            issues.append(f"{source}: {doc_id}: issued {issued!r} is not a date (YYYY-MM-DD)")
            issued = None
    if issued is None and not raw.get("date_note"):
        issues.append(f"{source}: {doc_id}: no issued date and no date_note saying why")
    return Document(
        id=doc_id,
        number=str(raw["number"]),
        title=str(raw["title"]),
        issuer=str(raw["issuer"]),
        issued=issued,
        region=str(raw["region"]),
        seed_file=str(raw.get("seed_file", "")),
        date_note=str(raw.get("date_note", "")),
    )


def load_config(policy_dir: Path, lexicon_file: Path | None = None) -> PassageConfig:
    """Read passages.yml with documents.yml and regions.yml from ``policy_dir``; raise on any problem."""
    issues: list[str] = []
    raw = _read(policy_dir / PASSAGES_FILE, issues)
    documents: dict[str, Document] = {}
    for doc_id, entry in (_read(policy_dir / "documents.yml", issues).get("documents") or {}).items():
        if (doc := _document(doc_id, entry or {}, "documents.yml", issues)) is not None:
            documents[doc_id] = doc
    for doc_id, entry in (raw.get("extra_documents") or {}).items():
        if doc_id in documents:
            issues.append(f"{PASSAGES_FILE}: extra_documents.{doc_id}: already in documents.yml")
        elif (doc := _document(doc_id, entry or {}, f"{PASSAGES_FILE}: extra_documents", issues)) is not None:
            documents[doc_id] = doc

    regions = {
        region_id: RegionInfo(
            id=region_id,
            parent=entry.get("parent"),
            names=tuple(
                dict.fromkeys(
                    [entry["name"], entry.get("short_name", entry["name"]), *(entry.get("aliases") or ())]
                )
            ),
        )
        for region_id, entry in (_read(policy_dir / "regions.yml", issues).get("regions") or {}).items()
    }
    for doc in documents.values():
        if doc.region not in regions:
            issues.append(f"document {doc.id}: region {doc.region!r} is not in regions.yml")

    segments: dict[str, list[Segment]] = {}
    for seed, entries in (raw.get("seeds") or {}).items():
        segments[seed] = []
        for index, entry in enumerate(entries or ()):
            key = f"{PASSAGES_FILE}: seeds.{seed}[{index}]"
            if not isinstance(entry, dict) or not entry.get("document") or not entry.get("anchor"):
                issues.append(f"{key}: needs document and anchor")
                continue
            if entry["document"] not in documents:
                issues.append(f"{key}: unknown document {entry['document']!r}")
            segments[seed].append(
                Segment(
                    document=str(entry["document"]),
                    anchor=str(entry["anchor"]),
                    part=str(entry.get("part") or ""),
                    undated=bool(entry.get("undated", False)),
                    excluded_unless_asked=bool(entry.get("excluded_unless_asked", False)),
                )
            )

    fixes = []
    for index, entry in enumerate(raw.get("ocr_fixes") or ()):
        if not all(entry.get(name) for name in ("seed", "context", "wrong", "right")):
            issues.append(f"{PASSAGES_FILE}: ocr_fixes[{index}]: needs seed, context, wrong and right")
        elif str(entry["wrong"]) not in str(entry["context"]):
            issues.append(f"{PASSAGES_FILE}: ocr_fixes[{index}]: {entry['wrong']!r} is not in its context")
        else:
            fixes.append(OcrFix(*(str(entry[name]) for name in ("seed", "context", "wrong", "right"))))

    synonyms: list[tuple[str, ...]] = []
    for index, group in enumerate(raw.get("synonyms") or ()):
        if not isinstance(group, list) or len(group) < 2:
            issues.append(f"{PASSAGES_FILE}: synonyms[{index}]: a list of at least two words")
        else:
            synonyms.append(tuple(str(word) for word in group))
    threshold = raw.get("threshold")
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        issues.append(f"{PASSAGES_FILE}: threshold {threshold!r} must be a number between 0 and 1")
        threshold = 1.0
    answer_threshold = raw.get("answer_threshold", threshold)
    if not isinstance(answer_threshold, int | float) or not threshold <= answer_threshold <= 1:
        issues.append(
            f"{PASSAGES_FILE}: answer_threshold {answer_threshold!r} must be a number between the "
            "threshold and 1"
        )
        answer_threshold = threshold

    other_cities: tuple[str, ...] = ()
    if lexicon_file is not None and lexicon_file.exists():
        other_cities = tuple(str(city) for city in _read(lexicon_file, issues).get("other_cities") or ())

    if issues:
        raise PassageConfigError(issues)
    return PassageConfig(
        segments=segments,
        documents=documents,
        regions=regions,
        ocr_fixes=fixes,
        synonyms=synonyms,
        asked_words=tuple(str(word) for word in raw.get("asked_words") or ()),
        threshold=float(threshold),
        answer_threshold=float(answer_threshold),
        other_cities=other_cities,
    )
