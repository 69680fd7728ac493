"""Play the reply-quality set (tests/reply_quality/*.yml) against the trained assistant and grade the replies.

Every case is a new conversation (its own sender id) with the Rasa agent in this process and the action
server as a subprocess (tests/rasa_harness.py); the last turn's bot messages, NLU intent and `answer_topic`
slot are graded by the rules of tests/reply_quality/README.md (bot/eval/reply_grading.py). The action
server's date is pinned (BOT_TODAY, `--today`, default today) so a run can be repeated. The topic graded is
the one the last turn's replies set (the slot keeps an earlier turn's topic when they set none).

A full run prints the report and writes docs/reply-quality.md and reports/reply_quality.json (every case's
outcome), or only the files `--md`/`--json` name. `--only`, `--ids` and `--limit` play a subset and only
print, unless `--md`/`--json` name files.
A case that cannot be read or played is graded bad with the reason; the run itself does not stop.

Usage: python scripts/evaluate_replies.py [--today YYYY-MM-DD] [--only CATEGORY] [--ids ID,ID…] [--limit N]
                                          [--cases DIR] [--model FILE] [--md FILE] [--json FILE] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import yaml

from bot.eval.reply_cases import ASPECTS, CATEGORIES, INVALID_CATEGORY, Case, CaseProblem, CaseSet, read_set
from bot.eval.reply_grading import BAD, RunOutcome, grade
from bot.eval.reply_report import CaseResult, markdown, summarize

if TYPE_CHECKING:
    from tests.rasa_harness import Assistant

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "reply_quality"
MARKDOWN_OUT = ROOT / "docs" / "reply-quality.md"
JSON_OUT = ROOT / "reports" / "reply_quality.json"
TOPIC_SLOT = "answer_topic"

Player = Callable[[Case], RunOutcome]


def last_turn_topic(events: Sequence[Any]) -> str | None:
    """The ``answer_topic`` the replies to the last user message set, None when they set none: a reply that
    does not set it (a greeting, a questionnaire's question) must not be graded by the previous turn's topic,
    which the slot still holds."""
    from rasa.shared.core.events import SlotSet, UserUttered

    for event in reversed(events):
        if isinstance(event, UserUttered):
            return None
        if isinstance(event, SlotSet) and event.key == TOPIC_SLOT:
            return event.value
    return None


def domain_intents() -> list[str]:
    """The intents of domain.yml: the topic names a case may use besides the special topics."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")) or {}
    return [i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents") or ()]


class AssistantPlayer:
    """Plays cases against the trained assistant (tests/rasa_harness.Assistant): a new sender id per case."""

    def __init__(
        self, assistant: Assistant, process: subprocess.Popen | None = None, model: Path | None = None
    ):
        self.assistant, self.process, self.model = assistant, process, model
        self.conversations = 0

    @classmethod
    def start(cls, today: dt.date, model: Path | None = None) -> AssistantPlayer:
        """The agent in this process and the action server as a subprocess, its date pinned to ``today``."""
        from tests.rasa_harness import Assistant, ensure_model, start_action_server

        os.environ["BOT_TODAY"] = today.isoformat()
        model = model or ensure_model()
        process, url = start_action_server({"BOT_TODAY": today.isoformat()})
        try:
            return cls(Assistant(model, url), process, model)
        except BaseException:
            process.terminate()
            raise

    def __call__(self, case: Case) -> RunOutcome:
        if self.process is not None and self.process.poll() is not None:
            return RunOutcome(error=f"the action server exited (code {self.process.returncode})")
        self.conversations += 1
        sender = f"reply-eval-{self.conversations}-{case.id}"
        messages: list[dict] = []
        for turn in case.turns:
            messages = self.assistant.ask(turn, sender)
        tracker = self.assistant.loop.run_until_complete(self.assistant.agent.processor.get_tracker(sender))
        intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
        replies = tuple(str(m.get("text") or "") for m in messages if m.get("text"))
        return RunOutcome(replies, intent, last_turn_topic(tracker.events))

    def close(self) -> None:
        """Stop the action server this player started."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def select(
    case_set: CaseSet,
    only: str | None = None,
    ids: Sequence[str] = (),
    limit: int | None = None,
) -> tuple[list[Case], list[CaseProblem]]:
    """The cases (and unreadable cases) a run covers, in file order."""
    wanted = set(ids)

    def keep(category: str, case_id: str) -> bool:
        return (only is None or category == only) and (not wanted or case_id in wanted)

    cases = [c for c in case_set.cases if keep(c.category, c.id)]
    problems = [p for p in case_set.problems if keep(p.category, p.case)]
    if limit is not None:
        cases = cases[:limit]
        problems = problems[: max(0, limit - len(cases))]
    return cases, problems


def evaluate(
    cases: Sequence[Case],
    problems: Sequence[CaseProblem],
    play: Player,
    progress: Callable[[int, int], None] | None = None,
) -> list[CaseResult]:
    """Play and grade every case; an unreadable case, or one whose play raises, is a bad result."""
    results = [
        CaseResult(
            p.case or "(file)", p.source, p.category, p.aspect, p.turns, BAD, (f"invalid case: {p.message}",)
        )
        for p in problems
    ]
    for index, case in enumerate(cases, 1):
        started = time.perf_counter()
        try:
            outcome = play(case)
        except Exception as error:  # one broken case must not stop the run
            outcome = RunOutcome(error=f"{type(error).__name__}: {error}")
        graded = grade(case, outcome)
        results.append(
            CaseResult(
                case.id,
                case.source,
                case.category,
                case.aspect,
                case.turns,
                graded.verdict,
                graded.reasons,
                outcome.replies,
                outcome.intent,
                outcome.answer_topic,
                (time.perf_counter() - started) * 1000,
            )
        )
        if progress:
            progress(index, len(cases))
    return results


def _ids(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="the assistant's date (BOT_TODAY), YYYY-MM-DD; default today",
    )
    parser.add_argument("--only", choices=[*CATEGORIES, INVALID_CATEGORY], help="play one category")
    parser.add_argument(
        "--ids", nargs="+", default=[], metavar="ID", help="play these case ids (commas or spaces)"
    )
    parser.add_argument("--limit", type=int, help="play at most this many cases")
    parser.add_argument("--cases", type=Path, default=CASES_DIR, help="directory of the case files")
    parser.add_argument(
        "--model",
        type=Path,
        help="model file (default: the one scripts/model.py keeps, trained first if its inputs changed)",
    )
    parser.add_argument(
        "--md", type=Path, help=f"Markdown report (default for a full run: {_relative(MARKDOWN_OUT)})"
    )
    parser.add_argument(
        "--json", type=Path, help=f"JSON outcomes (default for a full run: {_relative(JSON_OUT)})"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is not met")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    args.ids = _ids(args.ids)
    if args.only is None and not args.ids and args.limit is None and not (args.md or args.json):
        args.md, args.json = MARKDOWN_OUT, JSON_OUT  # a full run replaces the reports
    return args


def rule_aspect(question: str) -> str | None:
    """The aspect the word lists alone read (bot.answers.aspects, on the normalised text)."""
    from bot.answers.aspects import aspect_of
    from bot.text.normalize import normalize

    return aspect_of(normalize(question).text)


def aspect_reading(
    cases: Sequence[Case], read: Callable[[str], str | None] | None = None, source: str | None = None
) -> list[str]:
    """How often the aspect read from the question is the labelled one, by set: the cases whose aspect is a
    question aspect (not out_of_scope / not_covered), their first message (a multi-turn case: its last).
    ``read`` gives the aspect of a message: the parse's ``aspect`` (the trained AspectClassifier) when the
    assistant plays the cases; the word lists alone otherwise. No aspect counts as ``amount``."""
    from bot.answers.aspects import ASPECTS as QUESTION_ASPECTS

    if read is None:
        read, source = rule_aspect, "rule-based, `data/policy/answering.yml`"
    by_set: dict[str, list[bool]] = {}
    for case in cases:
        if case.aspect not in QUESTION_ASPECTS or not case.turns:
            continue
        question = case.turns[-1] if case.category == "multi_turn" else case.turns[0]
        aspect = read(question)
        right = aspect == case.aspect or (aspect is None and case.aspect == "amount")
        by_set.setdefault(case.source, []).append(right)
    if not by_set:
        return []
    parts = [f"{name} {sum(hits) / len(hits):.1%} of {len(hits)}" for name, hits in sorted(by_set.items())]
    return [
        "",
        f"Aspect read from the question ({source or 'the given reader'}; no aspect counts as "
        f"`amount`): {'; '.join(parts)}.",
    ]


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None, player_factory: Callable[[dt.date], Player] | None = None) -> int:
    args = parse_args(argv)
    case_set = read_set(args.cases, domain_intents())
    cases, problems = select(case_set, args.only, args.ids, args.limit)
    missing_ids = sorted(set(args.ids) - {c.id for c in cases} - {p.case for p in problems})
    if missing_ids:
        print(f"unknown case id(s): {', '.join(missing_ids)}", file=sys.stderr)
    player: Player | None = None
    started = time.perf_counter()
    model = "(none)"
    try:
        if cases:
            player = (
                player_factory(args.today)
                if player_factory
                else AssistantPlayer.start(args.today, args.model)
            )
            model = (
                _relative(player.model)
                if isinstance(player, AssistantPlayer) and player.model
                else type(player).__name__
            )
        loaded = time.perf_counter()
        results = evaluate(cases, problems, player or (lambda case: RunOutcome(error="no player")))
        if isinstance(player, AssistantPlayer):
            assistant = player.assistant
            readings = aspect_reading(
                cases,
                lambda question: assistant.parse(question).get("aspect"),
                "the parse's `aspect`: bot.nlu.aspect_classifier, trained on the labels of `data/nlu`",
            )
        else:
            readings = aspect_reading(cases)
    finally:
        if isinstance(player, AssistantPlayer):
            player.close()
    elapsed = time.perf_counter() - started
    summary = summarize(results, CATEGORIES, ASPECTS)
    files = ", ".join(case_set.files) or f"none in {_relative(args.cases)}"
    header = [
        f"Cases: {len(results)} from {files} (format and grading rules: `tests/reply_quality/README.md`); "
        f"model `{model}`; the assistant's date (BOT_TODAY) {args.today.isoformat()}. "
        "Regenerate with `make eval` or `.venv/bin/python scripts/evaluate_replies.py`."
    ]
    header += readings
    if args.only or args.ids or args.limit:
        header.append(
            f"Subset: only={args.only or '-'}, ids={','.join(args.ids) or '-'}, limit={args.limit or '-'}."
        )
    text = markdown(results, summary, header, case_set.held_out)
    print(text)
    print(
        f"played {len(cases)} case(s) in {elapsed:.1f} s: start {loaded - started:.1f} s"
        + (f", {sum(r.milliseconds for r in results) / len(cases):.0f} ms per case" if cases else "")
    )
    if args.md:
        args.md.parent.mkdir(parents=True, exist_ok=True)
        args.md.write_text(text, encoding="utf-8")
        print(f"wrote {_relative(args.md)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "today": args.today.isoformat(),
            "model": model,
            "files": case_set.files,
            "held_out": sorted(case_set.held_out),
            "summary": summary.as_json(),
            "cases": [r.as_json(held_out=r.source in case_set.held_out) for r in results],
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {_relative(args.json)}")
    return 1 if args.check and summary.goal.met is False else 0


if __name__ == "__main__":
    sys.exit(main())
