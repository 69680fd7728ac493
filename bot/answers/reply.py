"""The reply to one user turn, as the answer layer builds it and the dialogue layer sends it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.calc.result import NOT_COVERED, Result
from bot.dialogue.state import LastAnswer, PendingQuestion


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    pending: PendingQuestion | None = None  # the question resumed by the next message (a value was missing)
    handoff: str | None = None  # office id when the reply routes the user to a phone line
    topic: str = ""  # what the reply answered: an intent, faq:<id>, not_covered:<topic>, out_of_scope…
    result: Result | None = None
    context: LastAnswer | None = None  # what a follow-up ("那北京呢") changes and re-asks

    @property
    def recorded_topic(self) -> str:
        """The topic the ``answer_topic`` slot records: a calculation the data does not cover (a year
        after the documents' standard, a rule without its figure) is a not-covered reply like the
        planner's own, so analytics counts it as a hand-off; the follow-up context keeps the intent."""
        if (
            self.result is not None
            and self.result.status == NOT_COVERED
            and self.topic
            and not self.topic.startswith(("not_covered", "out_of_scope"))
        ):
            return f"not_covered:{self.topic}"
        return self.topic

    @property
    def answered(self) -> bool:
        return self.pending is None
